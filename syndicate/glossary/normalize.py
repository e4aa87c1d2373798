"""Text normalisation that keeps offsets, so a match in normalised text maps back to the original.

Source side (English): accents dropped (chargé → charge), curly apostrophes and dashes unified,
whitespace collapsed, optionally case-folded. Target side (all four languages): Arabic-script
letter variants unified (ي/ى/ی, ك/ک, أ/إ/آ/ٱ → ا, ۀ → ه), harakat, tatweel and bidi marks
dropped, ZWNJ read as a space, Eastern digits read as ASCII, ё read as е, case folded.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ..script import ALEF_AND_HE_FORMS, EASTERN_DIGITS, INVISIBLE, PERSIAN_FORMS, TATWEEL, ZWNJ

APOSTROPHES = "'’‘ʼ`´′"
DASHES = "-‐‑‒–—―−"
_ARABIC_LETTERS = PERSIAN_FORMS | ALEF_AND_HE_FORMS


@dataclass(frozen=True)
class Normalized:
    """Normalised text and, for each of its characters, the index of the original character."""

    text: str
    offsets: tuple[int, ...]
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the normalised slice ``[start, end)``."""
        if start >= end:
            position = self.offsets[start] if start < len(self.offsets) else self.original_length
            return position, position
        return self.offsets[start], self.offsets[end - 1] + 1


def normalize_with_offsets(text: str, char_map: Callable[[str], str]) -> Normalized:
    """Map each character with ``char_map`` and collapse runs of whitespace to one space."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for mapped in char_map(char):
            if mapped.isspace():
                if not chars or chars[-1] == " ":
                    continue
                mapped = " "
            chars.append(mapped)
            offsets.append(index)
    return Normalized("".join(chars), tuple(offsets), len(text))


def _strip_marks(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def source_char(char: str, casefold: bool = False) -> str:
    """One English character as the source matcher compares it."""
    if char in APOSTROPHES:
        return "'"
    if char in DASHES:
        return "-"
    if char.isspace():
        return " "
    mapped = _strip_marks(char) if ord(char) > 127 else char
    return mapped.casefold() if casefold else mapped


def normalize_source(text: str, casefold: bool = False) -> Normalized:
    return normalize_with_offsets(text, lambda c: source_char(c, casefold))


def source_key(text: str, casefold: bool = False) -> str:
    """A source form as compared: ``"Chargé d’Affaires"`` → ``"charge d'affaires"`` (folded)."""
    return normalize_source(text, casefold).text.strip()


def target_char(char: str) -> str:
    """One output character as the target checker compares it."""
    if char == ZWNJ or char.isspace():
        return " "
    if char in INVISIBLE or char == TATWEEL:
        return ""
    if char in _ARABIC_LETTERS:
        return _ARABIC_LETTERS[char]
    if char in EASTERN_DIGITS:
        return EASTERN_DIGITS[char]
    if unicodedata.combining(char):  # harakat, superscript alef, Cyrillic stress marks
        return ""
    if char in "ёЁ":
        return "е"
    if "\u0600" <= char <= "\u06ff":
        return char
    return _strip_marks(char).casefold() if ord(char) > 127 and not _is_cyrillic(char) else char.casefold()


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u052f"


def normalize_target(text: str) -> Normalized:
    return normalize_with_offsets(text, target_char)


def target_key(text: str) -> str:
    """A target form as compared: ``"القاعدة"`` and ``"القاعدة"`` with harakat give the same key."""
    return normalize_target(text).text.strip()
