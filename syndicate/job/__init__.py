"""The main job, the one orchestration every command uses: scrape → translate → publish.

``syndicate translate`` calls ``run``; batch runs call ``extract_page`` (after their own polite
fetch), ``translate_languages`` (in a worker) and ``OutputFolder.publish``; ``syndicate extract``
and ``glossary coverage`` call ``scrape``; the editorial commands (and the desk) call
``OutputFolder.correct``, ``approve`` and ``withdraw``. So reading a source, the English check,
taking the output folder's lock, finishing what a killed run left, deciding what is published
(syndicate.editions.lifecycle) and exporting each happen in one place.

A language whose translation fails doesn't stop the others: its failure is recorded in the
result, and what succeeded is published.

- ``scraping``: a source read into an Article
- ``translation``: the article into each language, with the glossary hook
- ``output``: the output folder held for writing (OutputFolder), publishing through the editions
- ``results``: what a run did, per language and in all
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from ..heap import give_back_freed_memory
from ..languages import Language
from ..settings import Settings
from ..translate.hooks import SentenceHook
from .output import OutputFolder, Publication, remember_corrections
from .results import LanguageOutcome, ProgressLine, SyndicationResult
from .scraping import SourceFacts, extract_page, make_extractor, require_english, scrape, with_article_identity
from .translation import SentenceProgress, format_terms, load_hook, run_versions, translate_languages

__all__ = ["LanguageOutcome", "OutputFolder", "ProgressLine", "Publication", "SentenceProgress", "SourceFacts",
           "SyndicationResult", "extract_page", "format_terms", "load_hook", "make_extractor", "remember_corrections",
           "require_english", "run", "run_versions", "scrape", "translate_languages", "with_article_identity",
           "with_decisions"]


def run(source: str, languages: Sequence[Language], settings: Settings, *, engine, hook: SentenceHook,
        progress: ProgressLine = lambda line: None, sentences: SentenceProgress | None = None,
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
