"""Finding accepted target forms in a translation, through normalisation and inflection.

Forms are compared on normalised text (syndicate.glossary.normalize: ZWNJ is a space, ي is ی, ك is
ک, harakat and the ezafe hamza dropped), word by word:

- Arabic: the clitics و ف ب ك ل and the article ال on the first word (والقاعدة, للجنة, بطالبان),
  ة written ه; a nisba adjective's gender and number (باكستاني → باكستانية, باكستانيون); a word
  ending in ة takes the dual, the feminine plural and, when indefinite, attached pronouns. In a
  multiword form every word may agree (المناهضة لطالبان → المناهضين لطالبان) and the first may
  lose its article (مناهضة لطالبان); words may be written together (أنصارالله).
- Dari: plural (ها, ان, ه → گان/یان: شیعیان), ezafe (جبهه‌ی, جبههٔ, جبهه ی, امریکای), indefinite
  ی after a plural, ه or a vowel, and را, on every word of a form; a listed ezafe or plural also
  stands for the others (گفتگوی → گفتگوهای). A bare ی after a consonant is left out: on a name
  it makes the adjective (چینی, قطری, کابلی), which the glossary lists when it accepts one.
- Tajik: plural (-ҳо, -он, -ён), ezafe (-и, -йи), -е, -ро, -у/-ву, -ю and possessives on the last
  word, optionally after a hyphen (ДОИШ-ро); final -ӣ becomes -и before them (миллиро, миллии);
  an inner word's ezafe may follow a plural (Гуфтугӯи → Гуфтугӯҳои).
- Russian: word by word through pymorphy3 lemmas and their declared families (талибы for
  Талибан, пакистанцы for пакистанский: glossary.russian).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .normalize import Normalized, normalize_target, target_key
from .russian import RussianMorphology

_WORD = re.compile(r"\w+(?:-\w+)*")

# Arabic, on normalised text (ی, ک).
_ARABIC_PROCLITICS = "(?:[وف]?(?:[بکل]|[بک]?ال|لل)?)"
_ARABIC_ARTICLE = "(?:[وف]?(?:[بک]?ال|لل))"
_ARABIC_NISBA = ("", "ة", "ه", "ین", "ون", "ان", "ات", "ا")
_ARABIC_AGREEMENT = ("ة", "ه", "ین", "ون", "ان", "ات")
_ARABIC_PRONOUNS = ("ه", "ها", "هم", "هما", "هن", "ک", "کم", "کن", "نا", "ی")

# Dari: ZWNJ is a space here, so every suffix may follow one.
_DARI_PLURAL = "(?: ?ها(?:یی|ی)?"
_DARI_AFTER_HE = _DARI_PLURAL + "| ?ای| ?ی)?"
_DARI_AFTER_VOWEL = _DARI_PLURAL + "|یان|یی|ئی|ی)?"
_DARI_AFTER_CONSONANT = _DARI_PLURAL + "|انی|ان)?"
_DARI_OBJECT = "(?:را)?"  # attached; a separate را needs nothing
_DARI_SUFFIX_WORDS = frozenset({"ها", "های", "هایی", "ی", "ای"})

_TAJIK_ENDINGS = ("(?:-?(?:ҳо|он|ён))?"
                  "(?:-?(?:и|йи|е|ро|у|ву|ю|аш|ашон|яш|яшон|ам|ат|ям|ят))?(?:-?ро)?")


@dataclass(frozen=True)
class TargetHit:
    """An accepted form found in a translation: ``text[start:end]``."""

    start: int
    end: int
    text: str


class TargetMatcher:
    """Finds accepted forms of terms in translated sentences."""

    def __init__(self, russian: RussianMorphology | None = None):
        self.russian = russian or RussianMorphology()
        self._pattern_cache: dict[tuple[str, str], re.Pattern] = {}

    def find(self, text: str, forms: Iterable[str], language: str) -> list[TargetHit]:
        """Non-overlapping occurrences of any of ``forms`` in ``text``, longest first, in text order."""
        view = normalize_target(text)
        spans: list[tuple[int, int]] = []
        for form in forms:
            key = target_key(form)
            if not key:
                continue
            if language == "ru":
                spans.extend(self._russian_spans(view, key))
            spans.extend(m.span() for m in self._pattern(key, language).finditer(view.text))
        chosen: list[tuple[int, int]] = []
        for start, end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
            if all(end <= s or start >= e for s, e in chosen):
                chosen.append((start, end))
        hits = []
        for start, end in sorted(chosen):
            original_start, original_end = view.span(start, end)
            hits.append(TargetHit(original_start, original_end, text[original_start:original_end]))
        return hits

    def _pattern(self, key: str, language: str) -> re.Pattern:
        cached = self._pattern_cache.get((key, language))
        if cached is None:
            build = _BUILDERS.get(language, re.escape)
            cached = self._pattern_cache[(key, language)] = re.compile(rf"(?<!\w){build(key)}(?!\w)")
        return cached

    def _russian_spans(self, view: Normalized, key: str) -> list[tuple[int, int]]:
        wanted = [self.russian.related_lemmas(m.group()) for m in _WORD.finditer(key)]
        if not wanted:
            return []
        lemmas = self.russian.lemmas
        words = list(_WORD.finditer(view.text))
        spans = []
        for i in range(len(words) - len(wanted) + 1):
            window = words[i : i + len(wanted)]
            if all(lemmas(word.group()) & forms for word, forms in zip(window, wanted)):
                spans.append((window[0].start(), window[-1].end()))
        return spans


def _any(endings: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted(map(re.escape, set(endings)), key=len, reverse=True)) + ")"


def _arabic(key: str) -> str:
    words = key.split(" ")
    several = len(words) > 1
    parts = []
    for index, word in enumerate(words):
        definite = word.startswith("ال") and len(word) > 2
        if word.endswith("یة"):
            stem, endings = word[:-1], _ARABIC_NISBA
        elif word.endswith("ی"):
            stem, endings = word, _ARABIC_NISBA
        elif word.endswith("ة"):
            stem, endings = word[:-1], ["ة", "ه"]
            if several or not definite:
                endings += ["ات", "تان", "تین"]
            if several:
                endings += ["", "ین", "ون", "ان"]
            if not definite and index == len(words) - 1:
                endings += ["ت" + pronoun for pronoun in _ARABIC_PRONOUNS]
        else:
            stem, endings = word, ("", *_ARABIC_AGREEMENT) if several else ("",)
        if index == 0:
            if definite:
                bare = stem[2:]
                clitics = [_ARABIC_ARTICLE] + (["[وف]?ل"] if bare.startswith("ل") else [])
                if several:  # an indefinite phrase: جماعات معارضة مناهضة لطالبان
                    clitics.append(_ARABIC_PROCLITICS)
                parts.append("(?:" + "|".join(clitics) + ")" + re.escape(bare) + _any(endings))
            else:
                parts.append(_ARABIC_PROCLITICS + re.escape(stem) + _any(endings))
        else:
            parts.append(re.escape(stem) + _any(endings))
    return " ?".join(parts)


def _dari(key: str) -> str:
    words: list[str] = []
    for word in key.split(" "):
        if words and word in _DARI_SUFFIX_WORDS:
            words[-1] += word
        else:
            words.append(word)
    parts = []
    for word in words:
        plural = re.match(r"(.+?) ?(ها|های|هایی)$", word)
        if plural:
            parts.append(re.escape(plural.group(1)) + " ?ها(?:یی|ی)?")
        elif word.endswith("ه") and len(word) > 2:
            parts.append("(?:" + re.escape(word) + _DARI_AFTER_HE + "|" + re.escape(word[:-1]) + "(?:گان|یان)ی?)")
        elif re.search(r"[او]ی$", word):  # a listed ezafe after a vowel: گفتگوی
            parts.append(re.escape(word[:-1]) + _DARI_AFTER_VOWEL)
        elif word.endswith(("ا", "و")):
            parts.append(re.escape(word) + _DARI_AFTER_VOWEL)
        else:
            parts.append(re.escape(word) + _DARI_AFTER_CONSONANT)
    return " ?".join(parts) + _DARI_OBJECT


def _tajik(key: str) -> str:
    words = key.split(" ")
    parts = []
    for word in words[:-1]:
        if word.endswith("и") and len(word) > 2:  # ezafe of an inner word
            parts.append(re.escape(word[:-1]) + "(?:ҳо|он|ён)?(?:и|йи)")
        else:
            parts.append(re.escape(word))
    last = words[-1]
    if last.endswith("ӣ"):
        parts.append(re.escape(last[:-1]) + "(?:ӣ(?:-?(?:ро|ву|ю))?|и" + _TAJIK_ENDINGS + ")")
    else:
        parts.append(re.escape(last) + _TAJIK_ENDINGS)
    return " ".join(parts)


_BUILDERS = {"ar": _arabic, "fa-AF": _dari, "tg": _tajik}
