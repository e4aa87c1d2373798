"""The editors' review page: each source sentence beside its translations, glossary terms marked.

Highlighting never builds HTML from article text: a sentence becomes a list of ``Segment``s
(plain text, or a term with its status) and the autoescaping template wraps each one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..article import SentencePair, TermCheck, TranslatedArticle
from ..editions.numbering import SentenceKey, merge_orders, sentence_keys
from ..editions.store import EditionStore
from ..errors import UsageError
from ..export.files import make_dir, write_atomic
from ..export.record import RECORD_NAME
from ..export.templates import TemplateRenderer
from ..languages import Language, get_language
from ..translate.checks import DESCRIPTIONS, flag_note, flags_of
from ..translate.plan import SUMMARY_BLOCK, TITLE_BLOCK
from ..workspace import Workspace
from .qa import (DEFAULT_BLOCKING, ArticleQA, LanguageCounts, TermRow, load_articles_qa,
                 resolve_blocking_checks)

TEMPLATE = "review.html"


@dataclass(frozen=True)
class Segment:
    """A run of sentence text; ``css`` is empty for plain text, else the classes of a marked term."""

    text: str
    css: str = ""
    note: str = ""  # tooltip of a marked term
    term: str = ""  # the glossary term a check's segment is about


Mark = tuple[int, int, str, str, str]  # (start, end, css, note, term): a span of text to mark


@dataclass(frozen=True)
class Cell:
    """One language's translation of one source sentence, and the terms it misses."""

    segments: tuple[Segment, ...]
    notes: tuple[Segment, ...]  # misses (and found forms that can't be located), then flags, under the text
    cached: bool


@dataclass(frozen=True)
class Row:
    number: int  # 1-based, as `syndicate glossary check` numbers sentences
    label: str  # where the sentence sits: title, summary, ¶ 3, heading 2 ...
    source: tuple[Segment, ...]
    cells: tuple[Cell | None, ...]  # one per column; None when that language lacks the sentence


@dataclass(frozen=True)
class Column:
    language: Language
    counts: LanguageCounts
    route: tuple[str, ...]


def check_css(check: TermCheck) -> str:
    classes = ["term", check.status]
    if check.entry_status == "proposed":
        classes.append("proposed")
    if check.blocking:
        classes.append("blocking")
    return " ".join(classes)


def check_note(check: TermCheck) -> str:
    expected = " | ".join(check.expected) or "-"
    return f"{check.status}: {check.term} ({check.entry_status}); accepted: {expected}"


def mark_segments(text: str, marks: list[Mark]) -> tuple[Segment, ...]:
    """Cut ``text`` into plain and marked segments; ``marks`` don't overlap."""
    segments: list[Segment] = []
    position = 0
    for start, end, css, note, term in sorted(marks):
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], css, note, term))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return tuple(segments)


def _free_span(text: str, needle: str, taken: list[Mark]) -> tuple[int, int] | None:
    """The first occurrence of ``needle`` (exact, else ignoring case) overlapping no taken span."""
    if not needle:
        return None
    for flags in (0, re.IGNORECASE):
        for match in re.finditer(re.escape(needle), text, flags):
            if all(match.end() <= start or match.start() >= end for start, end, *_ in taken):
                return match.span()
    return None


def source_spans(text: str, forms: Sequence[str]) -> list[tuple[int, int]]:
    """Where a checked term stands in ``text``, found by the glossary's own source matcher (accents,
    apostrophes and dashes unified, whole words): the first of ``forms`` (the form the sentence
    had, then the entry's English form) found, with its case when it occurs so, else ignoring case."""
    from ..glossary.matching import SourceMatcher
    from ..glossary.model import Entry

    for form in dict.fromkeys(f for f in forms if f):
        for case_sensitive in (True, False):
            matches = SourceMatcher([Entry(en=form, case_sensitive=case_sensitive)]).find(text)
            if matches:
                return [(match.start, match.end) for match in matches]
    return []


def source_segments(text: str, checks: list[tuple[str, TermCheck]]) -> tuple[Segment, ...]:
    """The source sentence with the glossary terms checked on it marked (longest terms first);
    ``checks`` are (language, check) pairs and each mark's note says how every language did."""
    by_term: dict[str, list[tuple[str, TermCheck]]] = {}
    for language, check in checks:
        if check.status != "placeholder" or check.expected:  # a leftover token isn't in the source
            by_term.setdefault(check.term, []).append((language, check))
    marks: list[Mark] = []
    for term, term_checks in sorted(by_term.items(), key=lambda item: -len(item[0])):
        entry_status = term_checks[0][1].entry_status
        css = "term source" + (" proposed" if entry_status == "proposed" else "")
        note = f"{term} ({entry_status}): " + ", ".join(f"{language} {check.status}" for language, check in term_checks)
        forms = [check.source_form for _, check in term_checks if check.source_form] + [term]
        for start, end in source_spans(text, forms):
            if all(end <= taken_start or start >= taken_end for taken_start, taken_end, *_ in marks):
                marks.append((start, end, css, note, term))
    return mark_segments(text, marks)


def target_cell(pair: SentencePair, checks: list[TermCheck], language: Language,
                blocking_checks: frozenset[str] = DEFAULT_BLOCKING) -> Cell:
    """A translated sentence with the forms found marked, what's missing listed, a note per flag and
    the back-translation, if any."""
    marks: list[Mark] = []
    notes: list[Segment] = []
    for check in checks:
        span = _free_span(pair.target, check.found or "", marks) if check.status != "miss" else None
        if span:
            marks.append((*span, check_css(check), check_note(check), check.term))
        else:
            wanted = check.expected[0] if check.expected else (check.found or "")
            notes.append(Segment(f"{check.term} → {wanted}", check_css(check), check_note(check), check.term))
    for name in flags_of(pair):
        blocking = name in blocking_checks
        notes.append(Segment(flag_note(name, pair, language, checks), f"flag {name}" + (" blocking" if blocking else ""),
                             DESCRIPTIONS.get(name, name) + (": correct it before publishing" if blocking else ""),
                             name))
    if pair.back_translation is not None:
        notes.append(Segment(f"back: {pair.back_translation}", "back-translation",
                             "the translation translated back to English (round-trip QA)"))
    return Cell(mark_segments(pair.target, marks), tuple(notes), pair.cached)


def sentence_label(block: int, translation: TranslatedArticle) -> str:
    if block == TITLE_BLOCK:
        return "title"
    if block == SUMMARY_BLOCK:
        return "summary"
    blocks = translation.source.blocks
    kind = blocks[block].kind if 0 <= block < len(blocks) else "paragraph"
    name = {"paragraph": "¶", "list_item": "list item"}.get(kind, kind)
    return f"{name} {block + 1}"


def build_rows(translations: tuple[TranslatedArticle, ...], blocking_checks: frozenset[str] = DEFAULT_BLOCKING
               ) -> tuple[Row, ...]:
    """One row per source sentence, one cell per translation.

    Translations exported in earlier runs may have been split differently, so sentences are
    matched on (block, source text), not on their index; rows keep the reading order.
    """
    per_language: list[dict[SentenceKey, tuple[SentencePair, list[TermCheck]]]] = []
    for translation in translations:
        checks_by_sentence: dict[int, list[TermCheck]] = {}
        for check in translation.term_checks:
            checks_by_sentence.setdefault(check.sentence, []).append(check)
        keys = sentence_keys(translation.sentences)
        per_language.append({key: (pair, checks_by_sentence.get(index, []))
                             for index, (key, pair) in enumerate(zip(keys, translation.sentences))})

    rows = []
    for number, key in enumerate(merge_orders([list(cells) for cells in per_language]), start=1):
        block, source, _ = key
        all_checks = [(translation.language, check) for translation, cells in zip(translations, per_language)
                      if key in cells for check in cells[key][1]]
        holder = next(t for t, cells in zip(translations, per_language) if key in cells)
        rows.append(Row(
            number=number,
            label=sentence_label(block, holder),
            source=source_segments(source, all_checks),
            cells=tuple(target_cell(*cells[key], get_language(translation.language), blocking_checks)
                        if key in cells else None for translation, cells in zip(translations, per_language)),
        ))
    return tuple(rows)


def blocking_by_language(rows: tuple[Row, ...], languages: tuple[Language, ...]
                         ) -> tuple[tuple[Language, tuple[tuple[int, Segment], ...]], ...]:
    """For each language with any, its blocking problems as (row number, marked segment), in row order."""
    found: dict[int, list[tuple[int, Segment]]] = {}
    for row in rows:
        for column, cell in enumerate(row.cells):
            if cell is not None:
                found.setdefault(column, []).extend(
                    (row.number, segment) for segment in (*cell.segments, *cell.notes)
                    if "blocking" in segment.css.split())
    return tuple((languages[column], tuple(problems)) for column, problems in sorted(found.items()) if problems)


def unplaced_checks(rows: tuple[TermRow, ...]) -> tuple[tuple[Language, Segment], ...]:
    """Checks whose sentence index names no sentence: listed apart so none goes unseen."""
    return tuple(
        (get_language(row.language), Segment(f"{row.check.term} → {row.check.found or '-'}", check_css(row.check),
                                             check_note(row.check)))
        for row in rows if row.sentence_number is None
    )


def render_review_page(qa: ArticleQA, renderer: TemplateRenderer | None = None) -> str:
    """The review page of one exported article, as an HTML string (self-contained, inline CSS)."""
    renderer = renderer or TemplateRenderer()
    columns = tuple(Column(get_language(t.language), counts, t.route)
                    for t, counts in zip(qa.translations, qa.counts()))
    rows = build_rows(qa.translations, qa.blocking_checks)
    return renderer.render(
        TEMPLATE,
        title=qa.article.title,
        slug=qa.slug,
        source_url=qa.article.source_url,
        updated_at=qa.updated_at,
        columns=columns,
        rows=rows,
        blocking_links=blocking_by_language(rows, tuple(column.language for column in columns)),
        unplaced=unplaced_checks(qa.rows),
        blocking=len(qa.blocking),
    )


@dataclass(frozen=True)
class ReviewPages:
    """What ``write_review_pages`` did: the pages written (in the workspace) and the old ones it
    removed from the public output folder."""

    written: tuple[Path, ...]
    removed: tuple[Path, ...]


def export_target(output_dir: Path, slug: str | None = None) -> tuple[Path, str | None]:
    """The export root and article the command line names: an article folder DIR/<slug> (one
    holding article.json) is its root and its slug; anything else is a root, with ``slug``."""
    output_dir = Path(output_dir)
    if not (output_dir / RECORD_NAME).is_file():
        return output_dir, slug
    if slug and slug != output_dir.name:
        raise UsageError(f"{output_dir} is the article {output_dir.name!r}, not {slug!r}",
                         hint="drop --article, or give the export root")
    return output_dir.parent, output_dir.name


def write_review_pages(store: EditionStore, workspace: Workspace, slug: str | None = None,
                       blocking_checks=None) -> ReviewPages:
    """Write ``<workspace>/review/<slug>.html`` for every article of the editorial database
    ``store`` (only ``slug`` when given; drafts included), never into the public folder; the review
    pages earlier versions left there (``<slug>/review.html``, editors' notes) are deleted.
    ``blocking_checks`` as in qa.resolve_blocking_checks."""
    renderer = TemplateRenderer()
    blocking = resolve_blocking_checks(blocking_checks)
    written = []
    for qa in load_articles_qa(store, workspace.output_dir, slug, blocking):
        page = render_review_page(qa, renderer)
        make_dir(workspace.review_dir)
        written.append(write_atomic(workspace.review_page(qa.slug), page))
    removed = workspace.legacy_review_pages()
    for path in removed:
        path.unlink(missing_ok=True)
    return ReviewPages(tuple(written), removed)
