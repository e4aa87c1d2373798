"""NLLB-200: one model for 200 languages, Dari (``prs_Arab``) and Tajik (``tgk_Cyrl``) among them.

The source is ``[source language token] + pieces + </s>`` (NllbTokenizer, non-legacy); the
output is forced to start with the target language token, which is then dropped. Pieces come
from ``sentencepiece.bpe.model``; the vocabulary (the CTranslate2 model's) adds the special
tokens and the language tokens. Licence: CC-BY-NC-4.0 — not for commercial use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .base import END, Family, RouteCodes, vocabulary

LANGUAGE_TOKEN = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")


@dataclass(frozen=True)
class NllbFamily(Family):
    def source_tokens(self, pieces: list[str], source: str, target: str, *, adds_end: bool) -> list[str]:
        return [source] + pieces + ([] if adds_end else [END])

    def target_prefix(self, target: str) -> list[str] | None:
        return [target]

    def _looks_like(self, folder: Path) -> bool:
        return self.english in vocabulary(folder)

    def languages_in(self, folder: Path) -> tuple[str, ...]:
        return tuple(token for token in vocabulary(folder) if LANGUAGE_TOKEN.match(token))


NLLB = NllbFamily(
    name="nllb", title="NLLB-200", licence="CC-BY-NC-4.0", multilingual=True,
    english="eng_Latn",
    codes={"ar": RouteCodes("arb_Arab"), "fa-AF": RouteCodes("prs_Arab", "dari"),
           "tg": RouteCodes("tgk_Cyrl"), "ru": RouteCodes("rus_Cyrl")},
    encoder_file="sentencepiece.bpe.model", decoder_file="sentencepiece.bpe.model",
    serves="ar, fa-AF (Dari), tg (Tajik), ru: all four directly",
)
