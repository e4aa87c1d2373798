"""What the desk's pages show, built from the editorial database and the glossaries (no Flask here)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..editions.model import CORRECTED, Edition, Event
from ..editions.progress import Vouching, same_text, vouching
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
    """One language of the article view: its summary, history, the sentences editors checked
    (by number) and what approving it would vouch for."""

    language: Language
    summary: EditionSummary
    route: tuple[str, ...]
    history: tuple
    vouching: Vouching
    corrected: dict[int, Event]  # sentence number → the correction its text now is

    @property
    def checked(self) -> frozenset[int]:
        """The numbers of the sentences editors checked."""
        return self.vouching.checked_sentences

    @property
    def progress(self) -> str:
        return f"{self.vouching.checked} of {self.vouching.sentences} checked"


def article_view(store: EditionStore, slug: str, blocking_checks: frozenset[str]):
    """(stored article, columns, review rows) of the article view; None for an unknown slug."""
    from ..editions.numbering import sentence_numbers
    from ..review.page import build_rows

    stored = store.article(slug)
    if stored is None:
        return None
    editions = store.editions(slug)
    summaries = {s.language: s for s in store.summaries(slug)}
    events = store.events(slug)
    numbers = sentence_numbers([e.working for e in editions])
    columns = []
    for edition in editions:
        history = tuple(event for event in events if event.language == edition.language)
        columns.append(EditionColumn(get_language(edition.language), summaries[edition.language],
                                     edition.working.route, history,
                                     vouching(edition, numbers[edition.language], history),
                                     standing_corrections(edition, numbers[edition.language], history)))
    rows = build_rows(tuple(e.working for e in editions), blocking_checks)
    return stored, tuple(columns), rows


def standing_corrections(edition: Edition, numbers, history) -> dict[int, Event]:
    """Sentence number → the editor's correction that its text still is."""
    last = {event.sentence: event for event in history if event.action == CORRECTED and event.sentence}
    return {number: last[number] for number, pair in zip(numbers, edition.working.sentences)
            if number in last and same_text(last[number].after, pair.target)}


def when(stamp: str | None) -> str:
    """An ISO 8601 UTC time as the desk shows it: "2026-12-07 14:03 UTC"."""
    from datetime import datetime, timezone

    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:  # the store writes UTC; anything else is shown in UTC too
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def readable_entries(paths: tuple[Path, ...]) -> list:
    """The entries of the glossary files that parse (the glossary page says why the others don't)."""
    from ..errors import GlossaryError
    from ..glossary.tsv import read_entries

    entries = []
    for path in paths:
        try:
            entries += read_entries(path)
        except GlossaryError:
            continue
    return entries


# -- help while correcting a sentence -------------------------------------------------------------

@dataclass(frozen=True)
class TermHelp:
    """A glossary entry the source sentence names: its forms in the edition's language."""

    en: str
    forms: tuple[str, ...]  # the primary form first
    type: str
    status: str
    note: str


def term_help(paths: tuple[Path, ...], source: str, language: str) -> list[TermHelp]:
    """The entries of the glossaries in force whose English form the ``source`` sentence holds, in
    its order (forbidden entries too: a form to avoid is help as well)."""
    from ..glossary.matching import SourceMatcher

    found, seen = [], set()
    for match in SourceMatcher(readable_entries(paths)).find(source):
        entry = match.entry
        if entry.en not in seen:
            seen.add(entry.en)
            found.append(TermHelp(entry.en, entry.forms(language), entry.type, entry.status, entry.note))
    return found


@dataclass(frozen=True)
class MemoryMatch:
    """An earlier correction of a similar source sentence, from the editorial history."""

    score: int  # 0-100, rapidfuzz's ratio of the two source sentences
    source: str
    text: str  # the correction
    editor: str | None
    at: str


def memory_matches(store: EditionStore, source: str, language: str, current: str, *, limit: int = 5,
                   cutoff: int = 60) -> list[MemoryMatch]:
    """Corrections editors made to source sentences like ``source`` in ``language``, most similar
    first (the one that wrote ``current`` as it stands left out)."""
    from rapidfuzz import fuzz, process

    corrections = {found_source: correction for (found_source, tag), correction in store.corrections().items()
                   if tag == language}
    best = process.extract(source, list(corrections), scorer=fuzz.ratio, limit=limit + 1, score_cutoff=cutoff,
                           processor=lambda text: " ".join(text.casefold().split()))
    matches = []
    for found_source, score, _ in best:
        text, editor, at = corrections[found_source]
        if not same_text(text, current):
            matches.append(MemoryMatch(round(score), found_source, text, editor, at))
    return matches[:limit]


# -- glossary --------------------------------------------------------------------------------------

def entry_digest(entry) -> str:
    """What one glossary entry is now (its row, wherever it sits): a save names it, and a different
    one is a conflict on that entry alone."""
    import json
    from dataclasses import asdict

    row = {name: value for name, value in asdict(entry).items() if name != "origin"}
    return hashlib.sha256(json.dumps(row, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()[:20]


def entry_anchor(en: str) -> str:
    """The id of an entry's row in the glossary list (the same whatever its cells say)."""
    return "entry-" + hashlib.sha256(en.casefold().encode("utf-8")).hexdigest()[:12]


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
    problems: tuple[str, ...]  # lint errors and warnings on its row (bar the missing approver)

    @property
    def unsigned(self) -> bool:
        """Approved with no approver named: lint's warning, shown once for the list, not per row."""
        return self.entry.status == "approved" and not self.entry.approved_by


def glossary_lines(paths: tuple[Path, ...], *, query: str = "", status: str = "", type: str = "", file: str = "",
                   missing: str = "", keep: str = "") -> tuple[list[GlossaryLine], dict[str, list[str]]]:
    """The entries of ``paths`` that match the filters (and the entry ``keep``, whatever they
    say: the one an editor just changed stays in view), with their lint problems, and the
    problems of each file that name no row."""
    from ..errors import GlossaryError
    from ..glossary.lint import lint_files
    from ..glossary.normalize import source_key
    from ..glossary.tsv import read_entries

    report = lint_files(paths)
    by_origin: dict[str, list[str]] = {}
    for issue in (*report.errors, *report.warnings):
        if issue in report.warnings and "names no approver" in issue.message:
            continue  # GlossaryLine.unsigned
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
            if keep and entry.en.casefold() == keep.casefold():
                lines.append(GlossaryLine(entry, path, tuple(by_origin.get(entry.origin, ()))))
                continue
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


def correction_proposals(store: EditionStore, paths: tuple[Path, ...]) -> list:
    """Glossary entries the editors' corrections ask for (glossary.learning), with their evidence."""
    from ..glossary.learning import Evidence, proposals

    evidence = [Evidence(e.slug, e.language, e.sentence, e.source, e.before, e.after, e.editor, e.at)
                for e in store.correction_events() if e.source and e.before is not None and e.after and e.sentence]
    return proposals(evidence, readable_entries(paths))


def marked(text: str, term: str) -> list[tuple[str, bool]]:
    """``text`` cut into (run, is the term) runs, the term found as a whole word in any case."""
    import re

    runs, last = [], 0
    for match in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text, re.IGNORECASE):
        runs += [(text[last:match.start()], False), (match.group(), True)]
        last = match.end()
    return [run for run in runs + [(text[last:], False)] if run[0]]


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
                sentence = next((p for p in paragraphs if any(hit for _, hit in marked(p, candidate.text))), "")
                found.append((stored.slug, sentence[:400]))
    return [Candidate(text, count, tuple(examples[text])) for text, count in counts.most_common(limit)]
