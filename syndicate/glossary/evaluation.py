"""Recall and precision of the target checker on hand-labelled sentences (tests/data/term_checks).

Each row names a glossary term (its English form), a sentence in the target language and whether
an accepted form of the term is there (``hit``) or not (``miss``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Glossary
from .targets import TargetMatcher


@dataclass(frozen=True)
class TermCheckRow:
    term: str
    sentence: str
    expected: str  # "hit" or "miss"
    line: int


@dataclass(frozen=True)
class TermCheckScore:
    """How the checker did on one language's rows: the rows it got wrong, by kind."""

    language: str
    rows: int
    expected_hits: int
    misses: tuple[TermCheckRow, ...]  # expected hit, found nothing
    false_hits: tuple[tuple[TermCheckRow, str], ...]  # expected miss, and what was found

    @property
    def recall(self) -> float:
        return 1 - len(self.misses) / max(1, self.expected_hits)

    @property
    def precision(self) -> float:
        found = self.expected_hits - len(self.misses) + len(self.false_hits)
        return 1 - len(self.false_hits) / max(1, found)

    def report(self) -> str:
        lines = [f"{self.language}: recall {self.recall:.3f}, precision {self.precision:.3f} ({self.rows} rows)"]
        lines += [f"  miss   line {r.line}: {r.term}: {r.sentence}" for r in self.misses]
        lines += [f"  false  line {r.line}: {r.term}: found «{found}» in {r.sentence}" for r, found in self.false_hits]
        return "\n".join(lines)


def read_term_checks(path: str | Path) -> list[TermCheckRow]:
    """The rows of a ``term  sentence  expected`` TSV file; ``#`` lines and the header are skipped."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line.startswith("term\t"):
            continue
        term, sentence, expected = line.split("\t")
        if expected not in ("hit", "miss"):
            raise ValueError(f"{path}:{number}: expected must be hit or miss, not {expected!r}")
        rows.append(TermCheckRow(term, sentence, expected, number))
    return rows


def score_term_checks(rows: list[TermCheckRow], glossary: Glossary, language: str,
                      matcher: TargetMatcher | None = None) -> TermCheckScore:
    """Run the checker on every row with the accepted forms of the row's glossary entry."""
    matcher = matcher or TargetMatcher()
    misses, false_hits = [], []
    for row in rows:
        entry = glossary.find(row.term)
        if entry is None:
            raise ValueError(f"line {row.line}: no glossary entry {row.term!r}")
        hits = matcher.find(row.sentence, glossary.effective(entry).forms(language), language)
        if row.expected == "hit" and not hits:
            misses.append(row)
        elif row.expected == "miss" and hits:
            false_hits.append((row, hits[0].text))
    expected_hits = sum(1 for row in rows if row.expected == "hit")
    return TermCheckScore(language, len(rows), expected_hits, tuple(misses), tuple(false_hits))
