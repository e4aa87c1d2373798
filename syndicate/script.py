"""Facts about the Arabic script as Arabic, Dari and Persian write it: one home for the letters
that vary, the marks that don't count, the joiners and the Eastern digits.

Models, editors and keyboards write the same word several ways: Arabic ي/ى/ك next to Persian
ی/ک, a zero-width non-joiner (ZWNJ) or a space or nothing inside a compound, harakat and tatweel,
Arabic-Indic (٠-٩) or Persian (۰-۹) digits. The glossary checker, the Dari table and the Tajik
converter all fold these the same way through this module.
"""

from __future__ import annotations

ZWNJ = "\u200c"  # zero-width non-joiner: belongs inside Persian and Dari words (می‌روم)
ZWJ = "\u200d"
TATWEEL = "\u0640"
HAMZA_ABOVE = "\u0654"  # the mark of ezafe on a final he: هٔ
# Harakat, shadda, sukun and the superscript alef: vowel marks that don't change the word.
HARAKAT = "".join(chr(code) for code in range(0x064B, 0x0653)) + "\u0670"
# Bidi controls and joiners that carry no letter.
INVISIBLE = frozenset({ZWJ, "\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\ufeff"})

ARABIC_INDIC_DIGITS = "".join(chr(0x0660 + i) for i in range(10))  # ٠١٢٣٤٥٦٧٨٩
PERSIAN_DIGITS = "".join(chr(0x06F0 + i) for i in range(10))  # ۰۱۲۳۴۵۶۷۸۹
EASTERN_DIGITS = {digit: str(i) for digits in (ARABIC_INDIC_DIGITS, PERSIAN_DIGITS)
                  for i, digit in enumerate(digits)}
# For regular expressions: any digit a model may write for an ASCII one.
DIGIT_CLASS = f"0-9{ARABIC_INDIC_DIGITS[0]}-{ARABIC_INDIC_DIGITS[-1]}{PERSIAN_DIGITS[0]}-{PERSIAN_DIGITS[-1]}"

# Letters written two ways for one Persian letter: the Arabic form → the Persian one.
PERSIAN_FORMS = {"ي": "ی", "ى": "ی", "ك": "ک"}
# What the matchers fold further: alef variants to bare alef, ۀ to ه.
ALEF_AND_HE_FORMS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ۀ": "ه"}


def ascii_digits(text: str) -> str:
    """``text`` with Eastern Arabic and Persian digits written as ASCII ones."""
    return text.translate(str.maketrans(EASTERN_DIGITS))


def letter_variants(char: str) -> str:
    """A regular-expression class matching every way of writing ``char`` (ی → [یيى]); ZWNJ also
    matches a space or nothing. Other characters come back escaped."""
    import re

    for persian in ("ی", "ک"):
        spellings = [persian] + [arabic for arabic, folded in PERSIAN_FORMS.items() if folded == persian]
        if char in spellings:
            return "[" + "".join(spellings) + "]"
    if char == ZWNJ:
        return f"[{ZWNJ} ]?"
    return re.escape(char)
