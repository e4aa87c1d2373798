"""The main job, one article: scrape → translate into each language → export.

``syndicate translate`` and batch runs both go through ``syndicate_source``. A language whose
translation fails doesn't stop the others: its failure is recorded in the result, and what
succeeded is exported.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .article import Article, TranslatedArticle
from .errors import ContentError, GlossaryError, SyndicateError
from .translate.hooks import NoHook, SentenceHook
from .languages import Language
from .settings import Settings

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LanguageOutcome:
    """How one language went: exported, or the error that stopped it."""

    language: str
    error: str | None = None
    error_kind: str | None = None  # the SyndicateError class name, e.g. "ModelError"
    terms: dict[str, int] = field(default_factory=dict)  # term QA: status → count

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
                o.language: {"status": "exported" if o.ok else "failed", "error": o.error, "terms": o.terms}
                for o in self.outcomes
            },
            "files": [str(path) for path in self.files],
            "warnings": list(self.warnings),
            "timings": {stage: round(seconds, 3) for stage, seconds in self.timings.items()},
            "versions": self.versions,
        }


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


def scrape(source: str, settings: Settings, *, profile_files: Sequence[str] = (),
           allow_non_english: bool = False) -> Article:
    """Fetch and extract ``source``; a non-English article is refused unless allowed."""
    from .extract.extractor import extract_source

    article = extract_source(source, timeout=settings.timeout, profile_files=tuple(profile_files) or settings.profiles)
    require_english(article, allow_non_english)
    return article


def require_english(article: Article, allow_non_english: bool = False) -> None:
    """ContentError when ``article`` doesn't look English (unless allowed)."""
    if article.language and article.language != "en" and not allow_non_english:
        raise ContentError(
            f"the article looks like language {article.language!r}, not English",
            hint="syndicate translates from English; pass --allow-non-english to try anyway",
        )


def translate_languages(article: Article, languages: Sequence[Language], engine, hook: SentenceHook,
                        progress: Progress = lambda line: None) -> tuple[list[TranslatedArticle], list[LanguageOutcome]]:
    """Translate ``article`` into each language; a failing language is recorded, not raised."""
    translations, outcomes = [], []
    for language in languages:
        started = time.perf_counter()
        try:
            translation = engine.translate(article, language, hook)
        except SyndicateError as error:
            message = error.with_hint()
            outcomes.append(LanguageOutcome(language.tag, message, type(error).__name__))
            progress(f"translate {language.tag}: failed: {message}")
            continue
        terms = dict(sorted(Counter(check.status for check in translation.term_checks).items()))
        translations.append(translation)
        outcomes.append(LanguageOutcome(language.tag, terms=terms))
        cached = sum(pair.cached for pair in translation.sentences)
        progress(f"translate {language.tag}: {len(translation.sentences)} sentences "
                 f"({cached} from memory) in {time.perf_counter() - started:.1f} s"
                 + (f", terms {format_terms(terms)}" if terms else ""))
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


def syndicate_source(
    source: str,
    languages: Sequence[Language],
    settings: Settings,
    *,
    engine,
    hook: SentenceHook,
    progress: Progress = lambda line: None,
    profile_files: Sequence[str] = (),
    allow_non_english: bool = False,
) -> SyndicationResult:
    """Scrape ``source``, translate it, export what succeeded into ``settings.output_dir``.

    Raises SyndicateError when the source can't be scraped or the output can't be written;
    per-language failures are in the result.
    """
    from .export.exporter import export_article
    from .export.files import make_dir
    from .export.lock import OutputLock, remove_stale_temp_files

    timings: dict[str, float] = {}
    started = time.perf_counter()
    article = scrape(source, settings, profile_files=profile_files, allow_non_english=allow_non_english)
    timings["scrape"] = time.perf_counter() - started
    progress(f"scrape: {article.title!r}, {len(article.blocks)} blocks"
             + (f", by {', '.join(article.authors)}" if article.authors else ""))

    started = time.perf_counter()
    translations, outcomes = translate_languages(article, languages, engine, hook, progress)
    timings["translate"] = time.perf_counter() - started
    versions = run_versions(translations, hook)
    if not translations:
        return SyndicationResult(source, article, tuple(outcomes), timings=timings, versions=versions)

    started = time.perf_counter()
    out_dir = make_dir(Path(settings.output_dir))
    with OutputLock(out_dir):  # a batch may be writing the same feeds
        remove_stale_temp_files(out_dir)
        exported = export_article(article, translations, out_dir, settings, versions=versions,
                                  now=datetime.now(timezone.utc))
    timings["export"] = time.perf_counter() - started
    progress(f"export: {len(exported.files)} files in {exported.folder}")
    for warning in exported.warnings:
        progress(f"warning: {warning}")
    return SyndicationResult(source, article, tuple(outcomes), slug=exported.slug, folder=exported.folder,
                             files=exported.files, warnings=exported.warnings, timings=timings,
                             versions=versions)
