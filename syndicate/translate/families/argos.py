"""Argos Translate packages: one language pair per package, SentencePiece both ways.

A package is ``metadata.json`` + ``model/`` (CTranslate2) + ``sentencepiece.model``. The source
goes in as its pieces (the model adds nothing); a package may name a ``target_prefix`` its
output starts with. Decoding follows argostranslate: "▁" and "_" become spaces. Argos has no
Dari or Tajik model: both go through en→fa, then the Dari table or the Persian→Tajik converter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...languages import LANGUAGES, Language
from .base import Family, RouteCodes


def _codes(language: Language) -> RouteCodes:
    """An Argos route as the language registry declares it: the en→X package, then its step."""
    return RouteCodes(language.model_target, language.postprocess, direct=language.postprocess is None)


@dataclass(frozen=True)
class ArgosFamily(Family):
    def route_codes(self, language: Language, *, localize_direct_dari: bool = True) -> RouteCodes:
        return _codes(language)  # any Language, benchmarks' made-up ones included

    def source_tokens(self, pieces: list[str], source: str, target: str, *, adds_end: bool) -> list[str]:
        return pieces  # Argos' converted OpenNMT models take the pieces alone

    def decode(self, tokenizer, tokens: list[str], source_text: str) -> str:
        """Like argostranslate: "▁" (and "_") become spaces, one leading space goes.

        Argos turns every "_" into a space; here only when the input had none, so underscores
        the article really contains (handles, file names) survive.
        """
        text = tokenizer.decode_pieces(tokens).replace("▁", " ")
        if "_" not in source_text:
            text = text.replace("_", " ")
        return text[1:] if text.startswith(" ") else text

    def model_dir(self, folder: Path) -> Path:
        return folder / "model"

    def matches(self, folder: Path) -> bool:
        return (folder / "metadata.json").is_file()


ARGOS = ArgosFamily(
    name="argos", title="Argos Translate", licence="see the package's README (mostly CC0, MIT or CC-BY)", multilingual=False, english="en",
    codes={language.tag: _codes(language) for language in LANGUAGES},
    encoder_file="sentencepiece.model", decoder_file="sentencepiece.model",
    serves="ar, ru; fa-AF and tg through en→fa",
)
