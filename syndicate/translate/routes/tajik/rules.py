"""Character-level rules: Persian text normalisation, tokenisation and a letter map for unknown words."""

from __future__ import annotations

import re

ZWNJ = "\u200c"

# Arabic-script variants and marks folded before anything else.
_FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ە": "ه", "ڪ": "ک", "ۍ": "ی", "ې": "ی",
    "إ": "ا", "ٱ": "ا", "\u200d": None, "\u0640": None,  # zero-width joiner, tatweel
    "\u064b": None, "\u064c": None, "\u064d": None, "\u064e": None, "\u064f": None,
    "\u0650": None, "\u0651": None, "\u0652": None, "\u0670": None,  # harakat, shadda, sukun
})

# Persian/Arabic digits and punctuation → the conventions of Tajik (Cyrillic) text.
_PUNCTUATION = str.maketrans({
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    **{chr(0x0660 + i): str(i) for i in range(10)},
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ",", "٬": " ", "۔": ".",
})

PERSIAN_LETTERS = "آاأبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءئؤۀ"
# A Persian word: letters, with ZWNJ and the hamza-above mark (هٔ) allowed inside.
WORD_RE = re.compile(f"[{PERSIAN_LETTERS}][{PERSIAN_LETTERS}{ZWNJ}\u0654]*")


def normalize(text: str) -> str:
    """Fold letter variants (ي→ی, ك→ک), drop vowel marks and tatweel, map digits and punctuation."""
    text = text.translate(_FOLD).translate(_PUNCTUATION)
    text = text.replace("ه\u0654", "ۀ").replace("\u0654", "")
    return re.sub(f"{ZWNJ}+", ZWNJ, text)


def split_words(text: str) -> list[tuple[bool, str]]:
    """Split normalised text into ``(is_persian_word, piece)`` runs covering it (a ZWNJ at the
    end of a word is dropped)."""
    pieces: list[tuple[bool, str]] = []
    position = 0
    for match in WORD_RE.finditer(text):
        if match.start() > position:
            pieces.append((False, text[position : match.start()]))
        pieces.append((True, match.group().strip(ZWNJ)))
        position = match.end()
    if position < len(text):
        pieces.append((False, text[position:]))
    return pieces


def split_runs(text: str) -> list[tuple[bool, list[str]]]:
    """Group normalised text into ``(True, words)`` runs of Persian words one space apart and
    ``(False, [piece])`` for everything else; joining each run's words with " " rebuilds the text."""
    runs: list[tuple[bool, list[str]]] = []
    pieces = split_words(text)
    for index, (is_word, piece) in enumerate(pieces):
        after_word = bool(runs) and runs[-1][0]
        if is_word and after_word and pieces[index - 1][1] == " ":
            runs[-1][1].append(piece)
        elif is_word:
            runs.append((True, [piece]))
        elif not (piece == " " and after_word and index + 1 < len(pieces)):
            runs.append((False, [piece]))
    return runs


_CONSONANTS = {
    "ب": "б", "پ": "п", "ت": "т", "ث": "с", "ج": "ҷ", "چ": "ч", "ح": "ҳ", "خ": "х", "د": "д",
    "ذ": "з", "ر": "р", "ز": "з", "ژ": "ж", "س": "с", "ش": "ш", "ص": "с", "ض": "з", "ط": "т",
    "ظ": "з", "غ": "ғ", "ف": "ф", "ق": "қ", "ک": "к", "گ": "г", "ل": "л", "م": "м", "ن": "н",
}
_VOWEL_LETTERS = set("اآوی")


def letters_to_tajik(word: str) -> str:
    """Spell one Persian word in Cyrillic by letter rules alone (the fallback for unknown words).

    Long vowels are written in Persian (ا و ی) and read as о, у/в, и/й/ӣ; short vowels are not,
    so this guesses "а" where a word starts with two consonants.
    """
    word = word.replace(ZWNJ, "")
    if word == "او":
        return "ӯ"
    out: list[str] = []
    length = len(word)
    for i, letter in enumerate(word):
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < length else ""
        first, last = i == 0, i == length - 1
        if letter in _CONSONANTS:
            out.append(_CONSONANTS[letter])
            if i == 0 and nxt and nxt not in _VOWEL_LETTERS and nxt not in "هعۀ" and length > 2:
                out.append("а")
        elif letter == "آ":
            out.append("о")
        elif letter in "اأ":
            if first:
                out.append("и" if nxt == "ی" else "а")
            elif not (prev == "ی" and out and out[-1] == "ё"):  # یا was read as ё
                out.append("о")
        elif letter == "و":
            if prev == "خ" and nxt == "ا":
                continue  # خوا is read "хо": the و is silent
            if first:
                out.append("в")
            elif prev in "اآ" or nxt in "اآ":
                out.append("в")
            else:
                out.append("у")
        elif letter == "ی":
            if first:
                out.append("ё" if nxt == "ا" else "й")
            elif i == 1 and prev == "ا":
                continue  # initial ای is one vowel, written by the alef
            elif nxt == "ا":
                out.append("ё")
            elif last:
                out.append("й" if prev in "اوآ" else "ӣ")
            elif prev in "اوآ" or nxt in "اوآ":
                out.append("й")
            else:
                out.append("и")
        elif letter == "ه":
            out.append("а" if last and prev and prev not in "اوآ" else "ҳ")
        elif letter == "ۀ":
            out.append("аи")
        elif letter == "ع":
            if first:
                out.append("" if nxt in "اآ" else "а")
            elif last:
                out.append("ъ")
            elif prev not in _VOWEL_LETTERS and nxt not in _VOWEL_LETTERS:
                out.append("аъ")
            else:
                out.append("ъ")
        elif letter in "ءؤ":
            out.append("ъ")
        elif letter == "ئ":
            out.append("и" if nxt not in _VOWEL_LETTERS else "ъ")
        else:
            out.append(letter)
    return "".join(out)


_SENTENCE_START = re.compile(r"(^\W*|[.!?…]\W*\s)([а-яёӣӯҳқғҷ])")


def capitalize_sentences(text: str) -> str:
    """Upper-case the first Cyrillic letter of each sentence (Persian script has no case)."""
    return _SENTENCE_START.sub(lambda match: match.group(1) + match.group(2).upper(), text)
