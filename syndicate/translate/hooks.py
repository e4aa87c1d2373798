"""The per-sentence seam between the translation engine and what edits its input and output.

The engine runs, for every sentence of an article and one target language::

    prepared = hook.prepare(sentence, language)          # e.g. glossary placeholders
    hypotheses = model(prepared.text)                     # n-best, best first
    hypotheses = route.process(hypotheses)                # routes.PostProcessor: Dari table / Persian→Tajik
    text = hook.choose(hypotheses, prepared)              # e.g. the one with the right term
    again = hook.retry(text, prepared)                    # e.g. a term no hypothesis has: protect it
    if again: prepared, text = again, hook.choose(model(again.text) post-processed, again)
    text, checks = hook.finish(text, prepared)            # e.g. placeholders → target terms, QA

The model sees all sentences of an article in one batch, and the retried ones in one more. A
prepared text over the model's piece budget is translated in parts and joined before the route
step, so ``choose`` and ``finish`` always see whole sentences.

The translation memory is keyed by the prepared text (``prepared.text``), so what ``prepare``
does is part of the key; ``choose`` and ``finish`` run on every use, cached or not.

Placeholders put in by ``prepare`` must be plain ASCII letters and digits: they pass through
SentencePiece, the model, argostranslate-style ``_`` decoding, the Dari table and the
Persian→Tajik converter unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..article import TermCheck
from ..languages import Language


@dataclass(frozen=True)
class Prepared:
    """A sentence ready for the model, and what the hook needs to finish it."""

    source: str  # the sentence as in the article
    text: str  # what the model translates
    state: object = None  # the hook's own data (e.g. placeholder → term)


@dataclass(frozen=True)
class TranslatedSentence:
    """One sentence through the whole seam: the final text, the hook's checks, memory or model,
    whether the model stopped at its length limit, and whether the text is an editor's correction."""

    source: str
    text: str
    checks: tuple[TermCheck, ...] = ()
    cached: bool = False
    truncated: bool = False
    corrected: bool = False


class SentenceHook(Protocol):
    version: str  # changes when the hook's behaviour changes (e.g. glossary hash); recorded as glossary_version
    # How many model hypotheses (n-best, best first) ``choose`` gets; the engine reads it with
    # getattr and a default of 1, so a hook that only needs the best one may leave it out.
    num_hypotheses: int

    def prepare(self, sentence: str, language: Language) -> Prepared: ...

    def choose(self, hypotheses: list[str], prepared: Prepared) -> str: ...

    def retry(self, text: str, prepared: Prepared) -> Prepared | None:
        """A new preparation when the chosen ``text`` falls short (e.g. a term to protect), else None."""
        ...

    def finish(self, text: str, prepared: Prepared) -> tuple[str, tuple[TermCheck, ...]]: ...

    def restore(self, text: str, prepared: Prepared) -> str:
        """Model output with what ``prepare`` put in undone as the source had it (the round trip
        translates a Persian intermediate back to English)."""
        ...


@dataclass(frozen=True)
class NoHook:
    """Translate sentences as they are: the best hypothesis, no checks."""

    version: str = "none"
    num_hypotheses: int = field(default=1)

    def prepare(self, sentence: str, language: Language) -> Prepared:
        return Prepared(source=sentence, text=sentence)

    def choose(self, hypotheses: list[str], prepared: Prepared) -> str:
        return hypotheses[0]

    def retry(self, text: str, prepared: Prepared) -> Prepared | None:
        return None

    def finish(self, text: str, prepared: Prepared) -> tuple[str, tuple[TermCheck, ...]]:
        return text, ()

    def restore(self, text: str, prepared: Prepared) -> str:
        return text
