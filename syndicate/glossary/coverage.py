"""Which glossary terms an article uses, and which frequent names in it have no entry yet."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..article import Article
from .matching import SourceMatcher
from .model import Glossary

_NAME = re.compile(
    r"(?<![\w’'-])[A-Z][\w’'-]*(?:[ ](?:(?:of|the|de|al|bin|and)[ ])?[A-Z][\w’'-]*)*"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"(]\s+|^[\s•*-]+)$")
_COMMON = frozenset("""
a an and as at but by for from if in it its no not of on or so the their there these they this those
to we what when where which while who why with yet all also however since meanwhile most many some
firstly secondly finally like just even she he her his our your my i you name show comment write
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december
""".split())


@dataclass(frozen=True)
class TermUse:
    """A glossary entry found in the article, and how often."""

    en: str
    type: str
    status: str
    count: int


@dataclass(frozen=True)
class Candidate:
    """A capitalised name that occurs in the article but matches no glossary entry."""

    text: str
    count: int


@dataclass(frozen=True)
class CoverageReport:
    terms: tuple[TermUse, ...]
    candidates: tuple[Candidate, ...]
    occurrences: int  # glossary term occurrences in all


def coverage(paragraphs: Sequence[str], glossary: Glossary, min_count: int = 2) -> CoverageReport:
    """Glossary terms in ``paragraphs`` (most frequent first) and unlisted names seen ``min_count`` times."""
    matcher = SourceMatcher(glossary.source_entries())
    uses: Counter = Counter()
    names: Counter = Counter()
    inside_sentence: set[str] = set()  # names seen somewhere other than a sentence's first word
    lowercase_words = {w for p in paragraphs for w in re.findall(r"\b[a-z][\w'-]*", p)}
    for paragraph in paragraphs:
        matches = matcher.find(paragraph)
        for match in matches:
            uses[match.entry] += 1
        for start, end, text in _names(paragraph, lowercase_words):
            if all(end <= m.start or start >= m.end for m in matches):
                names[text] += 1
                if " " in text or not _SENTENCE_START.search(paragraph[:start]):
                    inside_sentence.add(text)
    terms = tuple(
        TermUse(entry.en, entry.type, entry.status, count)
        for entry, count in sorted(uses.items(), key=lambda item: (-item[1], item[0].en.casefold()))
    )
    candidates = tuple(
        Candidate(text, count)
        for text, count in sorted(names.items(), key=lambda item: (-item[1], item[0]))
        if count >= min_count and text in inside_sentence
    )
    return CoverageReport(terms, candidates, sum(uses.values()))


def _names(paragraph: str, lowercase_words: set[str]) -> Iterable[tuple[int, int, str]]:
    """Capitalised word runs; a common word opening a sentence is not part of the name."""
    for match in _NAME.finditer(paragraph):
        start, text = match.start(), match.group()
        text = re.sub(r"[’']s?$", "", text)
        words = text.split(" ")
        while words and (words[0].lower() in _COMMON or (
                _SENTENCE_START.search(paragraph[:start]) and words[0].lower() in lowercase_words)):
            start += len(words[0]) + 1
            words = words[1:]
        while words and words[-1].lower() in _COMMON:
            words = words[:-1]
        if words:
            name = " ".join(words)
            yield start, start + len(name), name


def article_paragraphs(article: Article) -> list[str]:
    """The title and body paragraphs of ``article``."""
    return [article.title, *article.paragraphs()] if article.title else article.paragraphs()


def coverage_of_article(article: Article, glossary: Glossary, *, min_count: int = 2) -> CoverageReport:
    """``coverage`` of ``article`` (as job.scrape reads it: outlet profiles included, any language)."""
    return coverage(article_paragraphs(article), glossary, min_count=min_count)
