"""The publishing gate: what keeps a translation from being published.

A term check blocks when it is a problem on an entry that isn't merely proposed
(article.TermCheck.blocking); a sentence flag blocks when the ``blocking_checks`` setting names
its check (``cut_off`` by default); more than ``max_untranslated_share`` of the sentences flagged
untranslated blocks the whole edition.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..article import TranslatedArticle
from ..errors import UsageError
from ..languages import get_language
from ..settings import Settings
from ..translate.checks import CHECKS, UNTRANSLATED, flag_note, flags_of

DEFAULT_BLOCKING: frozenset[str] = frozenset(Settings.blocking_checks)


def resolve_blocking_checks(names) -> frozenset[str]:
    """The check names of the ``blocking_checks`` setting (UsageError for one that isn't a check);
    None: the setting's default."""
    if names is None:
        names = DEFAULT_BLOCKING
    unknown = [name for name in names if name not in CHECKS]
    if unknown:
        raise UsageError(f"blocking_checks: unknown check {unknown[0]!r}", hint=f"checks: {', '.join(CHECKS)}")
    return frozenset(names)


def blocking_reasons(translation: TranslatedArticle, blocking_checks: frozenset[str] = DEFAULT_BLOCKING,
                     max_untranslated_share: float = 1.0, numbers: Sequence[int] | None = None) -> tuple[str, ...]:
    """What keeps ``translation`` from being published, one line each ("sentence 3: miss
    'Herat Security Dialogue'", "sentence 5: cut_off: ..."); () when nothing does. ``numbers``:
    each sentence's number (from editions.numbering.sentence_numbers; default: its index + 1). More
    than ``max_untranslated_share`` of its sentences flagged untranslated blocks it as a whole:
    the model was broken or the wrong one, and English would reach a partner's Arabic feed."""
    sentences = translation.sentences
    numbers = list(numbers) if numbers is not None else list(range(1, len(sentences) + 1))
    reasons = []
    flagged = sum(UNTRANSLATED in flags_of(pair) for pair in sentences)
    if sentences and flagged / len(sentences) > max_untranslated_share:
        reasons.append(f"{flagged} of {len(sentences)} sentences are not translated (more than "
                       f"{max_untranslated_share:.0%}, the setting max_untranslated_share): is the "
                       f"{translation.language} model the right one?")
    for check in translation.term_checks:
        if check.blocking:
            where = f"sentence {numbers[check.sentence]}: " if 0 <= check.sentence < len(sentences) else ""
            reasons.append(f"{where}{check.status} {check.term!r}")
    language = get_language(translation.language)
    for index, pair in enumerate(sentences):
        for name in flags_of(pair):
            if name in blocking_checks:
                checks = [check for check in translation.term_checks if check.sentence == index]
                reasons.append(f"sentence {numbers[index]}: {flag_note(name, pair, language, checks)}")
    return tuple(reasons)
