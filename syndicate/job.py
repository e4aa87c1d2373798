"""The main job, the one orchestration every command uses: scrape → translate → publish.

``syndicate translate`` calls ``run``; batch runs call ``extract_page`` (after their own polite
fetch), ``translate_languages`` (in a worker) and ``OutputFolder.publish``; ``syndicate extract``
and ``glossary coverage`` call ``scrape``; the editorial commands (and the desk) call
``OutputFolder.correct``, ``approve`` and ``withdraw``. So reading a source, the English check,
taking the output folder's lock, finishing what a killed run left, deciding what is published
(syndicate.editions.lifecycle) and exporting each happen in one place.

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
from .editions.lifecycle import Decision, approve, copy_corrections, correct, submit, withdraw
from .editions.render import render
from .editions.gate import resolve_blocking_checks
from .editions.model import Outcome
from .editions.store import EditionStore
from .errors import ContentError, FetchError, GlossaryError, SyndicateError
from .heap import give_back_freed_memory
from .languages import Language
from .settings import SITE_SETTINGS, Settings, with_site_settings
from .translate.hooks import NoHook, SentenceHook
from .urls import normalized_url, safe_url, source_address
from .workspace import Workspace

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
    decision: Decision | None = None  # what publishing did to the edition (None: not published)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def state(self) -> str | None:
        """The edition's state after the run: draft | published | withdrawn."""
        return self.decision.state if self.decision else None

    @property
    def outcome(self) -> Outcome | None:
        return self.decision.outcome if self.decision else None

    @property
    def blocking(self) -> tuple[str, ...]:
        """Why the gate kept it from the feeds."""
        return self.decision.blocking if self.decision else ()

    @property
    def blocked(self) -> bool:
        return bool(self.decision and self.decision.blocked)


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

    @property
    def blocked(self) -> tuple[LanguageOutcome, ...]:
        return tuple(o for o in self.outcomes if o.blocked)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "title": self.article.title,
            "slug": self.slug,
            "folder": str(self.folder) if self.folder else None,
            "languages": {
                o.language: {"status": "exported" if o.ok else "failed", "error": o.error,
                             "error_kind": o.error_kind, "terms": o.terms, "cut_off": o.cut_off, "qa": o.qa,
                             "state": o.state, "outcome": o.outcome, "blocking": list(o.blocking)}
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
    return with_article_identity(article)


def with_article_identity(article: Article) -> Article:
    """``article`` with its own addresses normalized (urls.normalized_url): fragments, letter case
    and default ports don't make two articles of one, and a password given to fetch it goes no
    further."""

    return replace(article, url=article.url and normalized_url(article.url),
                   canonical_url=article.canonical_url and normalized_url(article.canonical_url))


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
    from .translate.checks import CUT_OFF, QASummary

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
        summary = QASummary.of(translation)
        terms, qa = summary.terms, summary.flags
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

def remember_corrections(settings: Settings, progress: Progress = lambda line: None, store=None) -> int:
    """Copy the editors' corrections the editorial history holds into the translation memory
    where it lacks them (a `correct` killed between its two writes, a new machine): done before
    anything is translated for the output folder, so no run reverts a correction. ``store``: the
    output folder's EditionStore when it is open already."""
    from contextlib import nullcontext

    from .translate.memory import TranslationMemory

    path = Workspace.of(settings).editions
    if store is None and not path.is_file():
        return 0
    with nullcontext(store) if store is not None else EditionStore(path) as history, \
            TranslationMemory(settings.resolved_cache_path()) as memory:
        copied = copy_corrections(history, memory)
    if copied:
        progress(f"copied {copied} correction(s) from the editorial history into the translation memory")
    return copied


@dataclass(frozen=True)
class Publication:
    """What publishing one run's translations did: the editions' decisions and the files written."""

    slug: str
    folder: Path
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    decisions: tuple[Decision, ...]  # one per translation

    @property
    def blocked(self) -> tuple:
        return tuple(d for d in self.decisions if d.blocked)


class OutputFolder:
    """The output folder, held for writing: one writer at a time (an fcntl lock), and what a
    killed run left finished once the lock is held (temp files removed, articles whose editorial
    change wasn't rendered yet rendered). Use as a context manager.

    ``syndicate translate`` holds it for one article, a batch for its whole run, an editorial
    command for its change. When another run holds it, entering waits up to
    ``settings.lock_wait`` seconds (``progress`` says for whom), then raises BusyError.
    ``command`` is written in the lock file, which lives in ``workspace``, not in the public
    folder (UsageError when the workspace would), like the editorial database. The site settings
    (settings.SITE_SETTINGS) a run records there fill in those ``settings`` leave at their defaults,
    so an editorial command renders the folder as the run did.
    """

    def __init__(self, settings: Settings, *, command: str = "translate", progress: Progress = lambda line: None):

        self.settings = settings
        self.path = Path(settings.output_dir)
        self.workspace = Workspace.of(settings)
        self.command = command
        self.progress = progress
        self.removed_temp_files: tuple[Path, ...] = ()
        self.finished: tuple[str, ...] = ()  # slugs a killed command had left unrendered
        self._lock = None
        self._store = None

    def __enter__(self) -> OutputFolder:
        from .export.files import make_dir
        from .export.lock import OutputLock, remove_stale_temp_files

        make_dir(self.path)
        moved = self.workspace.adopt_legacy_root()
        if moved:
            self.progress(f"warning: {moved}")
        lock = OutputLock(self.workspace, self.command)
        lock.acquire(self.settings.lock_wait, self.progress)
        self._lock = lock
        try:
            self.removed_temp_files = tuple(remove_stale_temp_files(self.path))
            if self.workspace.drafts_dir.is_dir():
                remove_stale_temp_files(self.workspace.drafts_dir)
            self._store = EditionStore(self.workspace.editions)
            if self._store.exists:
                self.settings = with_site_settings(self.settings, self._store.site_settings())
                remember_corrections(self.settings, self.progress, self._store)
                self.finished = tuple(self._store.unrendered())
                for slug in self.finished:
                    self._render(slug)
                if self.finished:
                    self.write_index()
                    self.progress(f"finished what a stopped command left: rendered {', '.join(self.finished)}")
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def store(self):
        """The editorial database (editions.store.EditionStore), while the folder is held."""
        if self._lock is None:
            raise RuntimeError("OutputFolder used outside its `with` block")
        return self._store

    def _render(self, slug: str, *, update_index: bool = True):

        return render(self.store, slug, self.path, self.settings, now=datetime.now(timezone.utc),
                      update_index=update_index, drafts_dir=self.workspace.drafts_dir,
                      images_dir=self.workspace.images_dir if self.settings.copy_images else None)

    def publish(self, article: Article, translations: Sequence[TranslatedArticle], *, versions: dict,
                update_index: bool = True) -> Publication:
        """Store ``translations`` of ``article`` as its editions' working text, publish those the
        ``publish`` setting and the gate let through (editions.lifecycle.submit), and write the public
        files (pages, ninjs, article.json, feeds; the index unless ``update_index`` is False)."""

        self.store.save_site_settings({name: getattr(self.settings, name) for name in SITE_SETTINGS})
        submission = submit(self.store, article, translations, versions=versions, out_dir=self.path,
                            mode=self.settings.publish,
                            blocking_checks=resolve_blocking_checks(self.settings.blocking_checks),
                            max_untranslated_share=self.settings.max_untranslated_share,
                            now=datetime.now(timezone.utc))
        give_back_freed_memory()  # the editions' JSON, before the public files are rendered
        warnings = submission.warnings
        if self.settings.copy_images:
            warnings += self._copy_lead_image(article, submission.slug)
        exported = self._render(submission.slug, update_index=update_index)
        if exported is None and update_index and not (self.path / "index.html").is_file():
            self.write_index()
        return Publication(submission.slug, self.path / submission.slug,
                           exported.files if exported else (),
                           warnings + (exported.warnings if exported else ()), submission.decisions)

    def _copy_lead_image(self, article: Article, slug: str) -> tuple[str, ...]:
        """Download ``article``'s lead image once into the workspace (setting copy_images), whence
        rendering copies it beside the pages when an edition is public; a warning when it can't be
        (the pages then link the source's)."""
        from .export.exporter import lead_image_copy
        from .export.files import make_dir, write_atomic
        from .export.urls import LEAD_IMAGE_NAME
        from .fetch.images import download_image

        url = safe_url(article.lead_image, base_url=source_address(article))
        folder = self.workspace.images_dir / slug
        if not url or lead_image_copy(folder):
            return ()
        try:
            data, suffix = download_image(url, timeout=min(self.settings.timeout, 10.0))
        except (FetchError, ContentError) as error:
            return (f"lead image not copied: {error.message}",)
        write_atomic(make_dir(folder) / f"{LEAD_IMAGE_NAME}.{suffix}", data)
        return ()

    def correct(self, engine, hook, *, slug: str, language: str, number: int, text: str, editor: str,
                note: str | None = None, expected_version: int | None = None):
        """Correct sentence ``number`` of an edition (editions.lifecycle.correct) and render the article."""

        change = correct(self.store, engine, hook, slug=slug, language=language, number=number, text=text,
                         editor=editor, note=note, blocking_checks=resolve_blocking_checks(self.settings.blocking_checks),
                         now=datetime.now(timezone.utc), expected_version=expected_version,
                         max_untranslated_share=self.settings.max_untranslated_share)
        self._render(slug)
        return change

    def approve(self, *, slug: str, language: str, editor: str, override: bool = False, reason: str | None = None,
                expected_version: int | None = None):
        """Approve an edition (editions.lifecycle.approve) and render the article."""

        change = approve(self.store, slug=slug, language=language, editor=editor, override=override, reason=reason,
                         now=datetime.now(timezone.utc), expected_version=expected_version)
        self._render(slug)
        return change

    def withdraw(self, *, slug: str, languages: Sequence[str] = (), editor: str, reason: str,
                 expected_version: int | None = None):
        """Withdraw editions (editions.lifecycle.withdraw) and render the article."""

        change = withdraw(self.store, slug=slug, languages=languages, editor=editor, reason=reason,
                          now=datetime.now(timezone.utc), expected_version=expected_version)
        self._render(slug)
        return change

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
    give_back_freed_memory()  # the page's parse trees, before the model's memory comes on top
    timings["scrape"] = time.perf_counter() - started
    progress(f"scrape: {article.title!r}, {len(article.blocks)} blocks"
             + (f", by {', '.join(article.authors)}" if article.authors else ""))

    started = time.perf_counter()
    remember_corrections(settings, progress)
    translations, outcomes = translate_languages(article, languages, engine, hook, progress, sentences)
    give_back_freed_memory()
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
    outcomes = with_decisions(outcomes, exported.decisions)
    return SyndicationResult(source, article, tuple(outcomes), slug=exported.slug, folder=exported.folder,
                             files=exported.files, warnings=exported.warnings, timings=timings,
                             versions=versions)


def with_decisions(outcomes: Sequence[LanguageOutcome], decisions) -> list[LanguageOutcome]:
    """``outcomes`` with what publishing decided for each edition."""
    by_language = {decision.language: decision for decision in decisions}
    return [replace(o, decision=by_language.get(o.language)) for o in outcomes]
