"""What the desk's pages show, built from the editorial database and the glossaries (no Flask here)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..editions.store import EditionStore, EditionSummary
from ..languages import Language, get_language

FILTERS = {
    "review": "needs review",
    "blocked": "has blocking problems",
    "withdrawn": "withdrawn",
}


@dataclass(frozen=True)
class ArticleLine:
    """One article in the list: its editions' summaries."""

    slug: str
    title: str
    created_at: str
    editions: tuple[EditionSummary, ...]

    @property
    def needs_review(self) -> bool:
        return any(e.state == "draft" or e.changes_waiting for e in self.editions)

    @property
    def blocked(self) -> bool:
        return any(e.blocking for e in self.editions)

    @property
    def withdrawn(self) -> bool:
        return any(e.state == "withdrawn" for e in self.editions)

    @property
    def last_touch(self) -> EditionSummary | None:
        touched = [e for e in self.editions if e.last_at]
        return max(touched, key=lambda e: (e.last_at, e.last_event)) if touched else None


def article_lines(store: EditionStore, wanted: str | None = None) -> list[ArticleLine]:
    """Every article, newest first, with its editions; ``wanted`` is one of FILTERS or None."""
    titles = store.titles()
    by_slug: dict[str, list[EditionSummary]] = {}
    for summary in store.summaries():
        by_slug.setdefault(summary.slug, []).append(summary)
    lines = [ArticleLine(slug, title, created, tuple(by_slug.get(slug, ()))) for slug, (title, created) in titles.items()]
    if wanted == "review":
        lines = [line for line in lines if line.needs_review]
    elif wanted == "blocked":
        lines = [line for line in lines if line.blocked]
    elif wanted == "withdrawn":
        lines = [line for line in lines if line.withdrawn]
    return lines


@dataclass(frozen=True)
class EditionColumn:
    """One language of the article view."""

    language: Language
    summary: EditionSummary
    route: tuple[str, ...]
    history: tuple


def article_view(store: EditionStore, slug: str, blocking_checks: frozenset[str]):
    """(stored article, columns, review rows) of the article view; None for an unknown slug."""
    from ..review.page import build_rows

    stored = store.article(slug)
    if stored is None:
        return None
    editions = store.editions(slug)
    summaries = {s.language: s for s in store.summaries(slug)}
    columns = tuple(EditionColumn(get_language(e.language), summaries[e.language], e.working.route,
                                  tuple(store.events(slug, e.language))) for e in editions)
    rows = build_rows(tuple(e.working for e in editions), blocking_checks)
    return stored, columns, rows


# -- glossary --------------------------------------------------------------------------------------

def entry_digest(entry) -> str:
    """What one glossary entry is now (its row, wherever it sits): a save names it, and a different
    one is a conflict on that entry alone."""
    import json
    from dataclasses import asdict

    row = {name: value for name, value in asdict(entry).items() if name != "origin"}
    return hashlib.sha256(json.dumps(row, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()[:20]


def file_digest(path: Path) -> str:
    """What a glossary file is now: an editor's save names it, and a different one is a conflict."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:20]
    except OSError:
        return "missing"


@dataclass(frozen=True)
class GlossaryLine:
    entry: object  # glossary.model.Entry
    path: Path
    problems: tuple[str, ...]  # lint errors and warnings on its row


def glossary_lines(paths: tuple[Path, ...], *, query: str = "", status: str = "", type: str = "", file: str = "",
                   missing: str = "") -> tuple[list[GlossaryLine], dict[str, list[str]]]:
    """The entries of ``paths`` that match the filters, with their lint problems, and the
    problems of each file that name no row."""
    from ..errors import GlossaryError
    from ..glossary.lint import lint_files
    from ..glossary.normalize import source_key
    from ..glossary.tsv import read_entries

    report = lint_files(paths)
    by_origin: dict[str, list[str]] = {}
    for issue in (*report.errors, *report.warnings):
        by_origin.setdefault(issue.origin, []).append(f"{'error' if issue in report.errors else 'warning'}: "
                                                      f"{issue.message}")
    wanted = source_key(query, casefold=True) if query.strip() else ""
    lines, seen = [], set()
    for path in paths:
        if file and str(path) != file:
            continue
        try:
            entries = read_entries(path)
        except GlossaryError:  # a file that doesn't parse: its lint problems say why
            continue
        for entry in entries:
            seen.add(entry.origin)
            if status and entry.status != status or type and entry.type != type:
                continue
            if missing and entry.target(missing):
                continue
            if wanted and not any(wanted in source_key(text, casefold=True)
                                  for text in (entry.en, entry.note, *dict(entry.targets).values(),
                                               *(f for _, forms in entry.variants for f in forms))):
                continue
            lines.append(GlossaryLine(entry, path, tuple(by_origin.get(entry.origin, ()))))
    unplaced = {origin: problems for origin, problems in by_origin.items() if origin not in seen}
    return lines, unplaced


@dataclass(frozen=True)
class Candidate:
    """A frequent name the glossary lacks, with sentences it occurs in."""

    text: str
    count: int
    examples: tuple[tuple[str, str], ...]  # (slug, sentence)


def glossary_candidates(store: EditionStore, paths: tuple[Path, ...], limit: int = 60) -> list[Candidate]:
    """What `glossary coverage` finds missing in the stored articles, most frequent first."""
    from collections import Counter

    from ..glossary.coverage import coverage
    from ..glossary.tsv import load_glossary

    glossary = load_glossary(paths)
    counts: Counter = Counter()
    examples: dict[str, list[tuple[str, str]]] = {}
    for stored in store.articles():
        paragraphs = stored.article.paragraphs()
        for candidate in coverage(paragraphs, glossary).candidates:
            counts[candidate.text] += candidate.count
            found = examples.setdefault(candidate.text, [])
            if len(found) < 3:
                sentence = next((p for p in paragraphs if candidate.text in p), "")
                found.append((stored.slug, sentence[:400]))
    return [Candidate(text, count, tuple(examples[text])) for text, count in counts.most_common(limit)]
