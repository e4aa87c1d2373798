"""Translating an article into each language: the glossary hook in force, a failing language
recorded rather than raised, the progress lines."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import __version__
from ..article import Article, TranslatedArticle
from ..errors import GlossaryError, SyndicateError
from ..languages import Language
from ..settings import Settings
from ..translate.hooks import NoHook, SentenceHook
from .results import LanguageOutcome, ProgressLine


def load_hook(settings: Settings, glossary_files: Sequence[str] = (), *, use_glossary: bool = True) -> SentenceHook:
    """The glossary hook for the glossary files in force, or NoHook when there are none.

    GlossaryError when the files have lint errors (warnings don't stop a translation)."""
    if not use_glossary:
        return NoHook()
    from ..glossary.files import default_glossary_paths
    from ..glossary.hook import GlossaryHook
    from ..glossary.lint import lint_files
    from ..glossary.tsv import load_glossary

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
                        progress: ProgressLine = lambda line: None, sentences: SentenceProgress | None = None,
                        ) -> tuple[list[TranslatedArticle], list[LanguageOutcome]]:
    """Translate ``article`` into each language; a failing language is recorded, not raised."""
    from ..translate.checks import CUT_OFF, QASummary

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
