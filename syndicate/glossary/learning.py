"""Learning from corrections: when editors keep replacing the same rendering of the same source
term, propose a glossary entry for it, with those corrections as its evidence.

A correction's replacements are the runs of words it swapped (worddiff.replacements). Corrections
that made the same swap (old → new, compared as glossary.normalize.target_key keys) in two or more
different sentences are grouped; the English term they share is the longest run of words found in
every one of their source sentences, names (capitalised words) first, that starts and ends on a
word that isn't a stop word and that no glossary entry covers yet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..worddiff import replacements
from .matching import SourceMatcher
from .model import Entry
from .normalize import source_key, target_key

MIN_CORRECTIONS = 2
MAX_TERM_WORDS = 4
STOP_WORDS = frozenset("""a an and are as at be been but by for from had has have he her his in into is it its of on
or our over said she that the their there they this to under was were which while who will with would after
before between during more most not than then these those also about against among up down out new""".split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Evidence:
    """One correction: where it was made, the source sentence, the text before and after it, who."""

    slug: str
    language: str
    sentence: int
    source: str
    before: str
    after: str
    editor: str | None
    at: str


@dataclass(frozen=True)
class Proposal:
    """A glossary entry the corrections ask for: English ``en``, rendered ``new`` in ``language``
    where the machine wrote ``old``."""

    en: str
    language: str
    old: str
    new: str
    evidence: tuple[Evidence, ...]

    @property
    def note(self) -> str:
        return (f"proposed from {len(self.evidence)} corrections replacing {self.old!r} by {self.new!r} "
                f"({', '.join(sorted({e.editor or 'someone' for e in self.evidence}))})")


def proposals(corrections: Sequence[Evidence], entries: Sequence[Entry], *,
              minimum: int = MIN_CORRECTIONS) -> list[Proposal]:
    """The entries ``corrections`` ask for that ``entries`` (the glossaries in force) lack, the
    best supported first."""
    groups: dict[tuple[str, str, str], dict[tuple[str, int], tuple[Evidence, str, str]]] = {}
    for correction in corrections:
        for old, new in replacements(correction.before, correction.after):
            if target_key(old) and target_key(new) and target_key(old) != target_key(new):
                key = (correction.language, target_key(old), target_key(new))
                groups.setdefault(key, {})[(correction.slug, correction.sentence)] = (correction, old, new)
    matcher = SourceMatcher(entries)
    found: dict[tuple[str, str], Proposal] = {}
    for (language, _, _), by_sentence in groups.items():
        if len(by_sentence) < minimum:
            continue
        evidence = tuple(correction for correction, _, _ in by_sentence.values())
        term = shared_term([e.source for e in evidence], matcher)
        if term is None:
            continue
        _, old, new = next(iter(by_sentence.values()))
        key = (term.casefold(), language)
        if key not in found or len(evidence) > len(found[key].evidence):
            found[key] = Proposal(term, language, old, new, evidence)
    return sorted(found.values(), key=lambda p: (-len(p.evidence), p.en.casefold(), p.language))


def shared_term(sources: Sequence[str], matcher: SourceMatcher) -> str | None:
    """The run of words (as the first source writes it) every one of ``sources`` holds that
    the glossary doesn't cover: names first, then the longest; None when there is none."""
    common = None
    for source in sources:
        runs = set(word_runs(source))
        common = runs if common is None else common & runs
    if not common:
        return None
    first = sources[0]
    spelled = word_runs(first)
    covered = [(match.start, match.end) for match in matcher.find(first)]

    def rank(key: tuple[str, ...]):
        text = spelled[key]
        capitalised = all(word[:1].isupper() for word in _WORD.findall(text))
        return (capitalised, len(key), len(text))

    for key in sorted(common, key=rank, reverse=True):
        text = spelled[key]
        start = first.find(text)
        if not any(s < start + len(text) and start < e for s, e in covered):
            return text
    return None


def word_runs(sentence: str) -> dict[tuple[str, ...], str]:
    """Runs of 1 to MAX_TERM_WORDS words of ``sentence`` that start and end on a word that isn't a
    stop word, keyed by their folded words, mapped to the text as written."""
    words = list(_WORD.finditer(sentence))
    runs: dict[tuple[str, ...], str] = {}
    for first in range(len(words)):
        for last in range(first, min(first + MAX_TERM_WORDS, len(words))):
            edge = (words[first].group(), words[last].group())
            if any(word.casefold() in STOP_WORDS or word.isdigit() for word in edge):
                continue
            key = tuple(source_key(w.group(), casefold=True) for w in words[first:last + 1])
            runs.setdefault(key, sentence[words[first].start():words[last].end()])
    return runs
