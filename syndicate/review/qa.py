"""The QA report of an output folder: every term check and flagged sentence of every edition.

The editions come from the editorial database (their working text, drafts included: what
editors act on), never from the public folder. What blocks is the gate's rule
(editions.gate, article.TermCheck.blocking): a problem on an entry that isn't merely ``proposed``,
and the flags the ``blocking_checks`` setting names (``cut_off`` by default). Rows number
sentences as editions.numbering does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..article import Article, TermCheck, TranslatedArticle
from ..editions.adopt import left_as_it_was
from ..editions.gate import DEFAULT_BLOCKING, resolve_blocking_checks
from ..editions.numbering import sentence_numbers
from ..editions.store import EditionStore
from ..errors import UsageError
from ..languages import get_language
from ..translate.checks import CHECKS, CUT_OFF, QASummary, flag_note, flags_of


@dataclass(frozen=True)
class TermRow:
    """One term check of one language, with the sentence it was made on."""

    language: str
    check: TermCheck
    source: str | None  # the source sentence, when the check names one
    target: str | None  # its translation
    sentence_number: int | None = None  # editions.numbering's; None when the check names no sentence

    @property
    def blocking(self) -> bool:
        return self.check.blocking

    def to_dict(self) -> dict:
        check = self.check
        return {
            "language": self.language, "term": check.term, "status": check.status,
            "entry_status": check.entry_status, "blocking": self.blocking, "found": check.found,
            "expected": list(check.expected), "sentence": check.sentence,
            "sentence_number": self.sentence_number, "source": self.source, "target": self.target,
        }


@dataclass(frozen=True)
class FlagRow:
    """A sentence one of the reference-free checks flagged (syndicate.translate.checks); it blocks
    publication when the ``blocking_checks`` setting names the check."""

    language: str
    check: str  # the check's name: cut_off, numbers, ...
    sentence_number: int  # editions.numbering's, as the review page and `correct` number sentences
    source: str
    target: str
    blocking: bool
    problem: str  # what the check found, e.g. "numbers: 1,300 missing"

    def to_dict(self) -> dict:
        return {"language": self.language, "check": self.check, "sentence_number": self.sentence_number,
                "source": self.source, "target": self.target, "problem": self.problem, "blocking": self.blocking}


def flag_rows(translation: TranslatedArticle, blocking_checks: frozenset[str] = DEFAULT_BLOCKING,
              numbers: Sequence[int] | None = None) -> tuple[FlagRow, ...]:
    """One row per flag of each sentence of ``translation``; ``numbers`` as in term_rows."""
    language = get_language(translation.language)
    numbers = _numbers(translation, numbers)
    checks_by_sentence: dict[int, list[TermCheck]] = {}
    for check in translation.term_checks:
        checks_by_sentence.setdefault(check.sentence, []).append(check)
    return tuple(
        FlagRow(translation.language, name, numbers[index], pair.source, pair.target, name in blocking_checks,
                flag_note(name, pair, language, checks_by_sentence.get(index, ())))
        for index, pair in enumerate(translation.sentences) for name in flags_of(pair))


def _numbers(translation: TranslatedArticle, numbers: Sequence[int] | None) -> list[int]:
    return list(numbers) if numbers is not None else list(range(1, len(translation.sentences) + 1))


@dataclass(frozen=True)
class LanguageCounts:
    """How one language's checks came out."""

    language: str
    by_status: tuple[tuple[str, int], ...]  # (status, count), in STATUSES order, then any other
    blocking: int
    proposed_problems: int  # problems on proposed entries: reported, not blocking
    glossary_version: str | None
    qa: tuple[tuple[str, int], ...] = ()  # (check, flagged sentences), in checks.CHECKS order; blocking ones
    # are counted in ``blocking``

    @property
    def cut_off(self) -> int:
        """Sentences cut off at the model's length limit."""
        return dict(self.qa).get(CUT_OFF, 0)

    @property
    def checks(self) -> int:
        return sum(count for _, count in self.by_status)

    def count(self, status: str) -> int:
        return dict(self.by_status).get(status, 0)

    def to_dict(self) -> dict:
        return {"checks": self.checks, "by_status": dict(self.by_status), "blocking": self.blocking,
                "proposed_problems": self.proposed_problems, "cut_off": self.cut_off, "qa": dict(self.qa),
                "glossary_version": self.glossary_version}


@dataclass(frozen=True)
class ArticleQA:
    """An exported article's translations and their term checks, one row per check."""

    folder: Path
    slug: str
    updated_at: str | None
    article: Article
    translations: tuple[TranslatedArticle, ...]
    rows: tuple[TermRow, ...]
    flags: tuple[FlagRow, ...] = ()
    blocking_checks: frozenset[str] = DEFAULT_BLOCKING

    @property
    def blocking(self) -> tuple[TermRow | FlagRow, ...]:
        """The term checks and sentence flags that stop publication."""
        return tuple(row for row in (*self.rows, *self.flags) if row.blocking)

    @property
    def cut_off(self) -> tuple[FlagRow, ...]:
        return tuple(row for row in self.flags if row.check == CUT_OFF)

    def counts(self) -> tuple[LanguageCounts, ...]:
        return tuple(language_counts(translation, self.blocking_checks) for translation in self.translations)

    def to_dict(self) -> dict:
        return {
            "slug": self.slug, "folder": str(self.folder), "title": self.article.title,
            "updated_at": self.updated_at,
            "languages": {counts.language: counts.to_dict() for counts in self.counts()},
            "blocking": len(self.blocking),
            "checks": [row.to_dict() for row in self.rows],
            "flags": [row.to_dict() for row in self.flags],
            "cut_off": [row.to_dict() for row in self.cut_off],
        }


@dataclass(frozen=True)
class QAReport:
    """The QA of every article checked in one run."""

    articles: tuple[ArticleQA, ...]

    @property
    def blocking(self) -> int:
        return sum(len(article.blocking) for article in self.articles)

    @property
    def blocking_flags(self) -> int:
        """How many of the blocking problems are flagged sentences (the rest are term checks)."""
        return sum(isinstance(row, FlagRow) for article in self.articles for row in article.blocking)

    def to_dict(self) -> dict:
        return {"blocking": self.blocking, "articles": [article.to_dict() for article in self.articles]}


def language_counts(translation: TranslatedArticle, blocking_checks: frozenset[str] = DEFAULT_BLOCKING
                    ) -> LanguageCounts:
    summary = QASummary.of(translation)
    problems = [check for check in translation.term_checks if check.problem]
    blocking_flags = sum(count for name, count in summary.flags.items() if name in blocking_checks)
    return LanguageCounts(
        language=translation.language,
        by_status=tuple(summary.terms.items()),
        blocking=sum(check.blocking for check in problems) + blocking_flags,
        proposed_problems=sum(not check.blocking for check in problems),
        glossary_version=translation.glossary_version,
        qa=tuple(summary.flags.items()),
    )


def term_rows(translation: TranslatedArticle, numbers: Sequence[int] | None = None) -> tuple[TermRow, ...]:
    """The checks of one translation, each with its sentence pair when the index names one;
    ``numbers``: each sentence's number (editions.numbering.sentence_numbers; default index + 1)."""
    numbers = _numbers(translation, numbers)
    rows = []
    for check in translation.term_checks:
        index = check.sentence if 0 <= check.sentence < len(translation.sentences) else None
        pair = translation.sentences[index] if index is not None else None
        rows.append(TermRow(translation.language, check, pair.source if pair else None,
                            pair.target if pair else None, numbers[index] if index is not None else None))
    return tuple(rows)


def article_qa(folder: Path, slug: str, updated_at: str | None, article: Article,
               translations: Sequence[TranslatedArticle], blocking_checks: frozenset[str] = DEFAULT_BLOCKING
               ) -> ArticleQA:
    """The QA of ``translations`` of ``article``, its sentences numbered across them."""
    numbers = sentence_numbers(translations)
    return ArticleQA(
        folder=folder,
        slug=slug,
        updated_at=updated_at,
        article=article,
        translations=tuple(translations),
        rows=tuple(row for translation in translations for row in term_rows(translation, numbers[translation.language])),
        flags=tuple(row for translation in translations
                    for row in flag_rows(translation, blocking_checks, numbers[translation.language])),
        blocking_checks=blocking_checks,
    )


def load_articles_qa(store: EditionStore, output_dir: Path, slug: str | None = None,
                     blocking_checks: frozenset[str] = DEFAULT_BLOCKING) -> tuple[ArticleQA, ...]:
    """The QA of every article in the editorial database ``store`` of the output folder
    ``output_dir`` (only ``slug`` when given), on the editions' working text: drafts included,
    what editors act on. UsageError when there is none."""
    output_dir = Path(output_dir)
    stored = [store.article(slug)] if slug else store.articles()
    found = [article_qa(output_dir / article.slug, article.slug, article.updated_at, article.article,
                        [e.working for e in editions], blocking_checks)
             for article in stored if article is not None
             for editions in [store.editions(article.slug)] if editions]
    if not found:
        known = sorted(store.titles())
        where = f"no article {slug!r} in {output_dir}" if slug else f"no translated article in {output_dir}"
        hint = (slug and left_as_it_was(store, slug)) or (
            f"articles there: {', '.join(known[:5])}" + (" ..." if len(known) > 5 else "") if known else
            "give the folder `syndicate translate --out DIR` wrote to: DIR or DIR/<slug>")
        raise UsageError(where, hint=hint)
    return tuple(sorted(found, key=lambda qa: qa.slug))


def check_export(store: EditionStore, output_dir: Path, slug: str | None = None, blocking_checks=None) -> QAReport:
    """The QA of every article of the output folder ``output_dir`` (or only ``slug``), as
    load_articles_qa finds them in its editorial database ``store``; ``blocking_checks`` as in
    resolve_blocking_checks."""
    return QAReport(load_articles_qa(store, output_dir, slug, resolve_blocking_checks(blocking_checks)))


def format_report(report: QAReport, *, problems_only: bool = False) -> str:
    """The QA as plain-text tables, one per article, then the counts per language."""
    sections = [_format_article(article, problems_only) for article in report.articles]
    total = report.blocking
    flagged = Counter(row.check for article in report.articles for row in article.flags if row.blocking)
    verdict = f"{total - sum(flagged.values())} blocking problem(s) among approved entries" if total else \
        "no blocking problems (approved entries all hit)"
    for name in CHECKS:
        if flagged[name]:
            verdict += f", {flagged[name]} sentence(s) " + (
                "cut off at the model's length limit" if name == CUT_OFF else f"flagged {name}")
    return "\n\n".join(sections) + f"\n\n{verdict}\n"


def _format_article(article: ArticleQA, problems_only: bool) -> str:
    lines = [f"{article.article.title}  [{article.slug}]"]
    rows = [row for row in article.rows if row.check.status != "hit" or not problems_only]
    if rows:
        header = (" ", "TERM", "LANG", "STATUS", "SENT", "ENTRY", "FOUND / EXPECTED")
        cells = [header] + [_row_cells(row) for row in rows]
        widths = [max(len(cell[i]) for cell in cells) for i in range(len(header) - 1)]
        lines += ["  ".join(cell[i].ljust(widths[i]) for i in range(len(widths))) + "  " + cell[-1]
                  for cell in cells]
    elif article.rows:
        lines.append("(every check is a hit)")
    for row in article.flags:
        if row.blocking:
            problem = "translation cut off at the model's length limit" if row.check == CUT_OFF else row.problem
            lines.append(f"! {row.language} sentence {row.sentence_number}: {problem}: {row.source[:60]}…")
    lines.append("Counts:")
    for counts in article.counts():
        if not counts.checks:
            cut = f"; {counts.cut_off} sentence(s) cut off" if counts.cut_off else ""
            lines.append(f"  {counts.language:<6} no glossary checks (glossary {counts.glossary_version or 'none'}){cut}")
            continue
        statuses = ", ".join(f"{count} {status}" for status, count in counts.by_status)
        lines.append(f"  {counts.language:<6} {counts.checks} checks: {statuses}; {counts.blocking} blocking, "
                     f"{counts.proposed_problems} on proposed entries")
    flagged = [counts for counts in article.counts() if counts.qa]
    if flagged:
        lines.append("Sentences flagged (see `syndicate review`):")
        lines += [f"  {counts.language:<6} " + ", ".join(f"{count} {name}" for name, count in counts.qa)
                  for counts in flagged]
    return "\n".join(lines)


def _row_cells(row: TermRow) -> tuple[str, ...]:
    check = row.check
    expected = " | ".join(check.expected) if check.expected else "-"
    found = check.found if check.found is not None else "-"
    sentence = str(row.sentence_number) if row.sentence_number is not None else "-"
    return ("!" if row.blocking else " ", check.term, row.language, check.status, sentence,
            check.entry_status, f"{found} / {expected}")
