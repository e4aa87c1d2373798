"""Finding glossary terms in English source text: longest first, whole words, case rules respected."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Entry
from .normalize import Normalized, normalize_source, source_key


@dataclass(frozen=True)
class SourceMatch:
    """One occurrence of an entry's source form: ``sentence[start:end]``."""

    start: int
    end: int
    text: str
    entry: Entry


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class SourceMatcher:
    """Finds the source terms of a set of entries in sentences."""

    def __init__(self, entries: Iterable[Entry]):
        # (normalised form, case-folded?, entry); accents/apostrophes are normalised either way
        self._forms: list[tuple[str, bool, Entry]] = []
        for entry in entries:
            for form in entry.source_forms():
                key = source_key(form, casefold=not entry.case_sensitive)
                if key:
                    self._forms.append((key, not entry.case_sensitive, entry))

    def find(self, sentence: str) -> list[SourceMatch]:
        """Non-overlapping matches in text order; where matches overlap the longest wins."""
        views = {False: normalize_source(sentence), True: normalize_source(sentence, casefold=True)}
        candidates: list[tuple[int, int, Entry]] = []
        for key, folded, entry in self._forms:
            view = views[folded]
            for start, end in _occurrences(view, key):
                candidates.append((*view.span(start, end), entry))
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken: list[tuple[int, int, Entry]] = []
        for start, end, entry in candidates:
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, entry))
        taken.sort(key=lambda c: c[0])
        return [SourceMatch(s, e, sentence[s:e], entry) for s, e, entry in taken]


def _occurrences(view: Normalized, key: str) -> Iterable[tuple[int, int]]:
    text = view.text
    start = text.find(key)
    while start != -1:
        end = start + len(key)
        before_ok = start == 0 or not (_is_word_char(text[start - 1]) and _is_word_char(key[0]))
        after_ok = end == len(text) or not (_is_word_char(text[end]) and _is_word_char(key[-1]))
        if before_ok and after_ok:
            yield start, end
        start = text.find(key, start + 1)
