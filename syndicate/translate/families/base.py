"""What every model family declares; each family module fills one in."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ...languages import Language

END = "</s>"


@dataclass(frozen=True)
class RouteCodes:
    """How a family reaches one output language: the model's code for what it writes, and the
    route step (routes.PostProcessor) that turns that into the language (None: nothing to do)."""

    code: str
    step: str | None = None
    direct: bool = True  # the model writes the language itself, not a neighbour the step converts


# The ISO 639-1 codes MADLAD and OPUS-MT use: Dari through their Persian and the Dari table.
ISO_CODES = {"ar": RouteCodes("ar"), "fa-AF": RouteCodes("fa", "dari", direct=False),
             "tg": RouteCodes("tg"), "ru": RouteCodes("ru")}


@dataclass(frozen=True)
class Family:
    """The conventions of one model family. ``codes`` maps output tags to RouteCodes;
    ``english`` is the model's code for English (source of every route, target of the round trip)."""

    name: str
    title: str
    licence: str  # of the published weights, as the family's models usually carry it
    multilingual: bool  # one model, many target languages (target chosen per call)
    english: str
    codes: dict[str, RouteCodes] = field(default_factory=dict)
    encoder_file: str = ""  # the SentencePiece model that encodes the source
    decoder_file: str = ""  # the SentencePiece model that decodes the output
    serves: str = ""  # which of the four languages, in words (README, models list)

    def route_codes(self, language: Language, *, localize_direct_dari: bool = True) -> RouteCodes | None:
        """How this family reaches ``language`` (None: it can't); a direct Dari model keeps the
        Dari table unless ``localize_direct_dari`` is off."""
        codes = self.codes.get(language.tag)
        if codes is not None and codes.direct and codes.step and not localize_direct_dari:
            return RouteCodes(codes.code, None)
        return codes

    # -- tokens ---------------------------------------------------------------------------------
    def source_text(self, text: str, source: str, target: str) -> str:
        """The text to encode (MADLAD puts its target tag in front)."""
        return text

    def source_tokens(self, pieces: list[str], source: str, target: str, *, adds_end: bool) -> list[str]:
        """The tokens the model reads for ``pieces``: ``</s>`` after them unless the model adds it."""
        return pieces if adds_end else pieces + [END]

    def target_prefix(self, target: str) -> list[str] | None:
        """The tokens every output starts with (NLLB's target language token), or None."""
        return None

    def decode(self, tokenizer, tokens: list[str], source_text: str) -> str:
        """Tokens → text."""
        return tokenizer.decode_pieces(tokens)

    # -- folders --------------------------------------------------------------------------------
    def model_dir(self, folder: Path) -> Path:
        """The CTranslate2 model folder inside an installed model's folder."""
        return folder

    def matches(self, folder: Path) -> bool:
        """Whether ``folder`` (a CTranslate2 model folder with tokenizer files) is of this family."""
        try:
            return bool(self.encoder_file) and (folder / self.encoder_file).is_file() and self._looks_like(folder)
        except (OSError, ValueError):  # an unreadable vocabulary: not recognisably of this family
            return False

    def _looks_like(self, folder: Path) -> bool:
        return True

    def languages_in(self, folder: Path) -> tuple[str, ...]:
        """The model codes of the output languages ``folder``'s model can write, as its files tell."""
        return ()


def non_commercial(licence: str) -> bool:
    """Whether ``licence`` forbids commercial use: CC-BY-NC-*, "NonCommercial" licences."""
    words = licence.lower().replace("_", "-").replace(" ", "-").split("-")
    return "nc" in words or "noncommercial" in words or "non-commercial" in licence.lower()


def vocabulary(folder: Path) -> list[str]:
    """The target vocabulary of a CTranslate2 model folder (shared_vocabulary or target_vocabulary)."""
    for name in ("shared_vocabulary.json", "target_vocabulary.json"):
        path = folder / name
        if path.is_file():
            tokens = json.loads(path.read_text(encoding="utf-8"))  # ValueError when not JSON
            if isinstance(tokens, list) and all(isinstance(token, str) for token in tokens):
                return tokens
            raise ValueError(f"{name} is not a list of tokens")
        text = folder / name.replace(".json", ".txt")
        if text.is_file():
            return text.read_text(encoding="utf-8").split("\n")[:-1]
    return []


def model_config(folder: Path) -> dict:
    """The CTranslate2 model's config.json ({} when it has none)."""
    path = folder / "config.json"
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return config if isinstance(config, dict) else {}
