"""The main job, the one orchestration every command uses: scrape → translate → publish.

``syndicate translate`` calls ``run``; batch runs call ``extract_page`` (after their own polite
fetch), ``translate_languages`` (in a worker) and ``OutputFolder.publish``; ``syndicate extract``
and ``glossary coverage`` call ``scrape``. So reading a source, the English check, taking the
output folder's lock, clearing what a killed run left and exporting each happen in one place.

A language whose translation fails doesn't stop the others: its failure is recorded in the
result, and what succeeded is published.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .article import Article, TranslatedArticle
from .errors import ContentError, GlossaryError, SyndicateError
from .languages import Language
from .settings import Settings
from .translate.hooks import NoHook, SentenceHook

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LanguageOutcome:
    """How one language went: translated, or the error that stopped it."""

    language: str
    error: str | None = None  # the message as users see it, hint included
    error_kind: str | None = None  # the error family (SyndicateError.kind): "model", "glossary", ...
    terms: dict[str, int] = field(default_factory=dict)  # term QA: status → count
    cut_off: int = 0  # sentences whose translation stopped at the model's length limit
    qa: dict[str, int] = field(default_factory=dict)  # sentence checks: check name → flagged sentences

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class SyndicationResult:
    """Everything one run of the main job did."""

    source: str
    article: Article
    outcomes: tuple[LanguageOutcome, ...]
    slug: str | None = None
    folder: Path | None = None
    files: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    versions: dict = field(default_factory=dict)

    @property
    def exported(self) -> tuple[str, ...]:
        return tuple(o.language for o in self.outcomes if o.ok)

    @property
    def failed(self) -> tuple[LanguageOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "title": self.article.title,
            "slug": self.slug,
            "folder": str(self.folder) if self.folder else None,
            "languages": {
                o.language: {"status": "exported" if o.ok else "failed", "error": o.error,
                             "error_kind": o.error_kind, "terms": o.terms, "cut_off": o.cut_off, "qa": o.qa}
                for o in self.outcomes
            },
            "files": [str(path) for path in self.files],
            "warnings": list(self.warnings),
            "timings": {stage: round(seconds, 3) for stage, seconds in self.timings.items()},
            "versions": self.versions,
        }


# -- scrape --------------------------------------------------------------------------------------

def make_extractor(settings: Settings):
    """An Extractor with the settings' outlet profiles (user files first, then the packaged ones)."""
    from .extract.extractor import Extractor
    from .extract.profiles import load_profiles

    return Extractor(load_profiles(settings.profiles))


@dataclass(frozen=True)
class SourceFacts:
    """What the user says about a source (``--author``, ``--date``, ``--canonical-url``): it fills
    in what a text or Markdown source can't say, and wins over what a web page says."""

    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601
    canonical_url: str | None = None

    def apply(self, article: Article) -> Article:
        changes = {name: value for name, value in (("authors", self.authors), ("published", self.published),
                                                   ("canonical_url", self.canonical_url)) if value}
        return replace(article, **changes) if changes else article


def extract_page(page, extractor, *, allow_non_english: bool = False, facts: SourceFacts = SourceFacts()) -> Article:
    """The Article of a read Page (web page, plain text or Markdown); a non-English article is
    refused unless allowed."""
    kind = getattr(page, "kind", "html")
    if kind == "html":
        article = facts.apply(extractor.extract(page.html, url=page.url))
    else:
        from .extract.meta import PageMetadata
        from .extract.plaintext import text_article

        metadata = PageMetadata(authors=facts.authors, published=facts.published, canonical_url=facts.canonical_url)
        article = text_article(page.html, markdown=kind == "markdown", url=page.url, metadata=metadata)
        language, probability = extractor.detect_language(" ".join(article.paragraphs()))
        article = replace(article, language=language, language_probability=probability)
    require_english(article, allow_non_english)
    return article


def scrape(source: str, settings: Settings, *, allow_non_english: bool = False, extractor=None,
           facts: SourceFacts = SourceFacts(), stdin=None) -> Article:
    """Read ``source`` (http(s) URL, HTML/text/Markdown file, or "-" for stdin) and extract its Article."""
    from .fetch import read_source

    page = read_source(source, timeout=settings.timeout, stdin=stdin)
    return extract_page(page, extractor or make_extractor(settings), allow_non_english=allow_non_english,
                        facts=facts)


def require_english(article: Article, allow_non_english: bool = False) -> None:
    """ContentError when ``article`` doesn't look English (unless allowed)."""
    if article.language and article.language != "en" and not allow_non_english:
        raise ContentError(
            f"the article looks like language {article.language!r}, not English",
            hint="syndicate translates from English; pass --allow-non-english to try anyway",
        )


# -- translate -----------------------------------------------------------------------------------

def load_hook(settings: Settings, glossary_files: Sequence[str] = (), *, use_glossary: bool = True) -> SentenceHook:
    """The glossary hook for the glossary files in force, or NoHook when there are none.

    GlossaryError when the files have lint errors (warnings don't stop a translation)."""
    if not use_glossary:
        return NoHook()
    from .glossary.files import default_glossary_paths
    from .glossary.hook import GlossaryHook
    from .glossary.lint import lint_files
    from .glossary.tsv import load_glossary

    paths = tuple(Path(f) for f in glossary_files) or default_glossary_paths(settings)
    if not paths:
        return NoHook()
    errors = lint_files(paths).errors
    if errors:  # a broken row would be enforced half-way, or not at all, without a word
        more = f" and {len(errors) - 1} more error(s)" if len(errors) > 1 else ""
        raise GlossaryError(f"glossary {errors[0].origin}: {errors[0].message}{more}",
                            hint=f"run `syndicate glossary lint {' '.join(map(str, paths))}`")
    return GlossaryHook(load_glossary(paths))


# sentences(language tag, done, total): how far the translate stage is within one language
SentenceProgress = Callable[[str, int, int], None]


def translate_languages(article: Article, languages: Sequence[Language], engine, hook: SentenceHook,
                        progress: Progress = lambda line: None, sentences: SentenceProgress | None = None,
                        ) -> tuple[list[TranslatedArticle], list[LanguageOutcome]]:
    """Translate ``article`` into each language; a failing language is recorded, not raised."""
    from .review.checks import CUT_OFF, count_flags
    from .review.qa import count_statuses

    translations, outcomes = [], []
    hints: set[str] = set()  # the round trip's missing-model lines, each said once
    for language in languages:
        started = time.perf_counter()
        within = (lambda done, total, tag=language.tag: sentences(tag, done, total)) if sentences else None
        try:
            translation = engine.translate(article, language, hook, progress=within)
        except SyndicateError as error:
            message = error.with_hint()
            outcomes.append(LanguageOutcome(language.tag, message, error.kind))
            progress(f"translate {language.tag}: failed: {message}")
            continue
        terms = count_statuses(translation.term_checks)
        qa = count_flags(translation.sentences)
        cut_off = qa.get(CUT_OFF, 0)
        advice = {name: count for name, count in qa.items() if name != CUT_OFF}  # cut_off has its own warning
        translations.append(translation)
        outcomes.append(LanguageOutcome(language.tag, terms=terms, cut_off=cut_off, qa=qa))
        cached = sum(pair.cached for pair in translation.sentences)
        progress(f"translate {language.tag}: {len(translation.sentences)} sentences "
                 f"({cached} from memory) in {time.perf_counter() - started:.1f} s"
                 + (f", terms {format_terms(terms)}" if terms else "")
                 + (f", qa {format_terms(advice)}" if advice else "")
                 + (f", {cut_off} CUT OFF at the model's length limit (see `syndicate review`)" if cut_off else ""))
        hint = engine.round_trip_hint(language)
        if hint and hint not in hints:
            hints.add(hint)
            progress(hint)
    return translations, outcomes


def format_terms(terms: dict[str, int]) -> str:
    return ", ".join(f"{count} {status}" for status, count in terms.items())


def run_versions(translations: Sequence[TranslatedArticle], hook: SentenceHook) -> dict:
    """What produced the output: syndicate, each language's route, the glossary."""
    return {
        "syndicate": __version__,
        "routes": {t.language: list(t.route) for t in translations},
        "glossary": hook.version,
    }


# -- publish -------------------------------------------------------------------------------------

class OutputFolder:
    """The output folder, held for writing: one writer at a time (an fcntl lock), and the temp
    files a killed run left removed once the lock is held. Use as a context manager.

    ``syndicate translate`` holds it for one article, a batch for its whole run. When another
    run holds it, entering waits up to ``settings.lock_wait`` seconds (``progress`` says for
    whom), then raises BusyError. ``command`` (translate | batch) is written in the lock file,
    which lives in ``workspace``, not in the public folder (UsageError when the workspace would).
    """

    def __init__(self, settings: Settings, *, command: str = "translate", progress: Progress = lambda line: None):
        from .workspace import Workspace

        self.settings = settings
        self.path = Path(settings.output_dir)
        self.workspace = Workspace.of(settings)
        self.command = command
        self.progress = progress
        self.removed_temp_files: tuple[Path, ...] = ()
        self._lock = None

    def __enter__(self) -> OutputFolder:
        from .export.files import make_dir
        from .export.lock import OutputLock, remove_stale_temp_files

        make_dir(self.path)
        lock = OutputLock(self.workspace, self.command)
        lock.acquire(self.settings.lock_wait, self.progress)
        self._lock = lock
        self.removed_temp_files = tuple(remove_stale_temp_files(self.path))
        return self

    def __exit__(self, *exc) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def publish(self, article: Article, translations: Sequence[TranslatedArticle], *, versions: dict,
                update_index: bool = True):
        """Export ``translations`` of ``article`` (pages, ninjs, article.json, feeds; the index
        unless ``update_index`` is False): the ExportResult."""
        from .export.exporter import export_article

        if self._lock is None:
            raise RuntimeError("OutputFolder.publish outside its `with` block")
        return export_article(article, translations, self.path, self.settings, versions=versions,
                              now=datetime.now(timezone.utc), update_index=update_index)

    def write_index(self) -> None:
        """Rebuild index.html from every exported article (once after many ``update_index=False``)."""
        from .export.exporter import write_index

        write_index(self.path, self.settings)


def run(source: str, languages: Sequence[Language], settings: Settings, *, engine, hook: SentenceHook,
        progress: Progress = lambda line: None, sentences: SentenceProgress | None = None,
        allow_non_english: bool = False, facts: SourceFacts = SourceFacts(), stdin=None) -> SyndicationResult:
    """Scrape ``source``, translate it, publish what succeeded into ``settings.output_dir``.

    Raises SyndicateError when the source can't be scraped or the output can't be written;
    per-language failures are in the result.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    article = scrape(source, settings, allow_non_english=allow_non_english, facts=facts, stdin=stdin)
    timings["scrape"] = time.perf_counter() - started
    progress(f"scrape: {article.title!r}, {len(article.blocks)} blocks"
             + (f", by {', '.join(article.authors)}" if article.authors else ""))

    started = time.perf_counter()
    translations, outcomes = translate_languages(article, languages, engine, hook, progress, sentences)
    timings["translate"] = time.perf_counter() - started
    versions = run_versions(translations, hook)
    if not translations:
        return SyndicationResult(source, article, tuple(outcomes), timings=timings, versions=versions)

    started = time.perf_counter()
    with OutputFolder(settings, progress=progress) as output:  # a batch may be writing the same feeds
        exported = output.publish(article, translations, versions=versions)
    timings["export"] = time.perf_counter() - started
    progress(f"export: {len(exported.files)} files in {exported.folder}")
    for warning in exported.warnings:
        progress(f"warning: {warning}")
    return SyndicationResult(source, article, tuple(outcomes), slug=exported.slug, folder=exported.folder,
                             files=exported.files, warnings=exported.warnings, timings=timings,
                             versions=versions)
