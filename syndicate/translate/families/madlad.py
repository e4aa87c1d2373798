"""MADLAD-400: a T5 model; the target language is a ``<2xx>`` tag written in front of the source.

The source text is ``"<2tg> " + text`` encoded by ``spiece.model`` (T5Tokenizer), then ``</s>``;
there is no target prefix. MADLAD writes Tajik, Arabic and Russian itself; Dari goes through
its Persian (``<2fa>``) and the Dari table. Licence: Apache-2.0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .base import ISO_CODES, Family

TAG = re.compile(r"^<2([A-Za-z_-]+)>$")


def tag(code: str) -> str:
    return f"<2{code}>"


@dataclass(frozen=True)
class MadladFamily(Family):
    def source_text(self, text: str, source: str, target: str) -> str:
        return f"{tag(target)} {text}"

    def _looks_like(self, folder: Path) -> bool:
        return tag(self.english) in self._pieces(folder)

    def languages_in(self, folder: Path) -> tuple[str, ...]:
        return tuple(match.group(1) for piece in self._pieces(folder) if (match := TAG.match(piece)))

    def _pieces(self, folder: Path) -> list[str]:
        import sentencepiece

        try:
            processor = sentencepiece.SentencePieceProcessor(model_file=str(folder / self.encoder_file))
        except (RuntimeError, OSError):
            return []
        return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


MADLAD = MadladFamily(
    name="madlad", title="MADLAD-400", licence="Apache-2.0", multilingual=True,
    english="en",
    codes=ISO_CODES,
    encoder_file="spiece.model", decoder_file="spiece.model",
    serves="ar, tg (Tajik), ru directly; fa-AF through Persian and the Dari table",
)
