"""Finding accepted target forms in a translation, through normalisation and inflection.

Arabic: the clitics و ف ب ل ك and the article ال in front of a form (والقاعدة, للقاعدة, بطالبان).
Dari and Tajik: plural, ezafe and object suffixes after a form (طالبان‌ها, Душанбеи, Тоҷикистонро).
Russian: word by word through pymorphy3 lemmas (Масуда, Фронта национального сопротивления).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .normalize import Normalized, normalize_target, target_key
from .russian import RussianMorphology

_WORD = re.compile(r"\w+(?:-\w+)*")
_ARABIC_PROCLITICS = "(?:[وف]?(?:[بكل]|[بك]?ال|لل)?)"
_ARABIC_WITH_ARTICLE = "(?:[وف]?(?:[بك]?ال|لل))"
# Suffixes are matched on normalised text, where ZWNJ is a space and ي is ی.
_DARI_SUFFIXES = "(?: ?(?:هایی|های|ها))?(?: ?(?:ای|یی|ی))?"
_TAJIK_SUFFIXES = "(?:ҳоро|ҳои|ҳо|ро|ву|ю|ӣ|и|е)?"


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
            body = re.escape(key)
            if language == "ar":
                if key.startswith("ال") and len(key) > 2:
                    body = _ARABIC_WITH_ARTICLE + re.escape(key[2:])
                else:
                    body = _ARABIC_PROCLITICS + body
            elif language == "fa-AF":
                body += _DARI_SUFFIXES
            elif language == "tg":
                body += _TAJIK_SUFFIXES
            cached = self._pattern_cache[(key, language)] = re.compile(rf"(?<!\w){body}(?!\w)")
        return cached

    def _russian_spans(self, view: Normalized, key: str) -> list[tuple[int, int]]:
        lemmas = self.russian.lemmas
        wanted = [lemmas(m.group()) for m in _WORD.finditer(key)]
        if not wanted:
            return []
        words = list(_WORD.finditer(view.text))
        spans = []
        for i in range(len(words) - len(wanted) + 1):
            window = words[i : i + len(wanted)]
            if all(lemmas(word.group()) & forms for word, forms in zip(window, wanted)):
                spans.append((window[0].start(), window[-1].end()))
        return spans
