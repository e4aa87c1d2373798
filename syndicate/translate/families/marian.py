"""OPUS-MT / Marian: one language pair per model, separate source and target SentencePiece models.

The source is ``source.spm``'s pieces, then ``</s>`` (MarianTokenizer) — which a model converted
from Marian's own ``.npz`` checkpoint (ct2-opus-mt-converter) adds itself (``add_source_eos`` in its
config). The output is decoded by ``target.spm``. Pieces the vocabulary lacks become ``<unk>``.
Licence: CC-BY-4.0 for the OPUS-MT models.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .base import ISO_CODES, Family


@dataclass(frozen=True)
class MarianFamily(Family):
    def _looks_like(self, folder: Path) -> bool:
        return (folder / self.decoder_file).is_file()


MARIAN = MarianFamily(
    name="marian", title="OPUS-MT (Marian)", licence="CC-BY-4.0", multilingual=False,
    english="en",
    codes=ISO_CODES,
    encoder_file="source.spm", decoder_file="target.spm",
    serves="ar, ru (en-ar, en-ru pairs); tg or fa-AF where a pair exists",
)
