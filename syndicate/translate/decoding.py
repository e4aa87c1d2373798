"""Decoding with one installed model: CTranslate2 + SentencePiece, tokenizing as its family does.

Decoding stops at the model's end token or at ``max_decoding_length`` pieces, whichever comes
first. Results are asked for with the end token (``return_end_token``), so a hypothesis that
stopped at the limit — cut off mid-sentence — is told apart and reported as ``truncated``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import ModelError
from .families import Family
from .families.base import END as END_TOKEN
from .families.base import model_config

# Decoding as argostranslate does it (translate.apply_packaged_translation), so cached and
# fresh output agree with what Argos users get.
ARGOS_LENGTH_PENALTY = 0.2
# Bump when decoding or detokenization changes: part of translation-memory keys.
DECODER_VERSION = "1"
# The longest sequence an Argos model takes or writes: CTranslate2's default max_input_length,
# and the length of the models' position tables.
MODEL_MAX_PIECES = 1024


@dataclass(frozen=True)
class DecodingOptions:
    """How the model decodes; ``key`` goes into translation-memory keys."""

    beam_size: int = 4
    num_hypotheses: int = 1
    max_decoding_length: int = 256
    length_penalty: float = ARGOS_LENGTH_PENALTY

    @property
    def beam(self) -> int:
        """The beam CTranslate2 runs: never narrower than the n-best list asked for."""
        return max(self.beam_size, self.num_hypotheses)

    @property
    def piece_budget(self) -> int:
        """The longest model input, in pieces: longer inputs are cut first, so the output has room."""
        return min(self.max_decoding_length, MODEL_MAX_PIECES) // 2

    def decoding_length(self, longest_input: int) -> int:
        """The limit for one call whose longest input has ``longest_input`` pieces: room for twice it."""
        return min(MODEL_MAX_PIECES, max(self.max_decoding_length, 2 * longest_input + 10))

    @property
    def key(self) -> str:
        return (f"beam={self.beam};n={self.num_hypotheses};"
                f"max={self.max_decoding_length};lp={self.length_penalty};decoder={DECODER_VERSION}")


@dataclass(frozen=True)
class BatchOptions:
    """How CTranslate2 groups sentences: it sorts them by length and cuts batches of this size."""

    max_batch_size: int = 2048
    batch_type: str = "tokens"


@dataclass(frozen=True)
class Decoded:
    """The n-best translations of one input, best first, and which of them stopped at the limit."""

    hypotheses: tuple[str, ...]
    truncated: tuple[bool, ...]


class LoadedModel:
    """One installed model: its SentencePiece tokenizers, and its CTranslate2 translator on first use.

    A multilingual model (NLLB, MADLAD) is loaded once and serves every route through it: what
    differs per route (language token, target tag or prefix) comes from the route's family.
    """

    def __init__(self, model, family: Family, *, threads: int, compute_type: str):
        import sentencepiece

        self.model = model
        self.family = family
        self.threads = threads
        self.compute_type = compute_type
        self._translator = None
        self.adds_end = bool(model_config(family.model_dir(model.path)).get("add_source_eos"))
        try:
            self.tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(model.path / family.encoder_file))
            self.decoder = (self.tokenizer if family.decoder_file == family.encoder_file else
                            sentencepiece.SentencePieceProcessor(model_file=str(model.path / family.decoder_file)))
        except (RuntimeError, ValueError, OSError) as error:
            raise self._load_error(error) from error

    @property
    def loaded(self) -> bool:
        """Whether the translator (the expensive part) has been loaded."""
        return self._translator is not None

    @property
    def translator(self):
        """The ctranslate2.Translator, loaded on first use."""
        if self._translator is None:
            import ctranslate2

            try:
                self._translator = ctranslate2.Translator(
                    str(self.family.model_dir(self.model.path)), device="cpu", compute_type=self.compute_type,
                    inter_threads=1, intra_threads=self.threads,
                )
            except (RuntimeError, ValueError, OSError) as error:
                raise self._load_error(error) from error
        return self._translator

    def _load_error(self, error: Exception) -> ModelError:
        model = self.model
        if self.family.name == "argos":
            return ModelError(
                f"the {model.from_code}→{model.to_code} model in {model.path} can't be loaded: {error}",
                hint=f"reinstall it: `syndicate models install {model.to_code}`",
            )
        return ModelError(f"the {self.family.title} model in {model.path} can't be loaded: {error}",
                          hint="install it again: `syndicate models install --from DIR`")

    def encode(self, texts: list[str], route) -> list[list[str]]:
        """The tokens the model reads for each text on ``route`` (language token, tag, ``</s>``)."""
        family = self.family
        pieces = self.tokenizer.encode([family.source_text(text, route.source, route.target) for text in texts],
                                       out_type=str)
        return [family.source_tokens(p, route.source, route.target, adds_end=self.adds_end) for p in pieces]

    def count_pieces(self, text: str) -> int:
        return len(self.tokenizer.encode(text))

    def target_prefix(self, route) -> list[str] | None:
        if self.family.name == "argos":  # an Argos package names its own, whatever the target
            return [self.model.target_prefix] if self.model.target_prefix else None
        return self.family.target_prefix(route.target)

    def translate(self, texts: list[str], pieces: list[list[str]], decoding: DecodingOptions,
                  batching: BatchOptions, route) -> list[Decoded]:
        """The n-best translations of ``texts`` (already cut into ``pieces``) in one translate_batch call.

        The decoding limit grows with the longest input (``DecodingOptions.decoding_length``).
        """
        if not texts:
            return []
        prefix = self.target_prefix(route)
        results = self.translator.translate_batch(
            pieces,
            target_prefix=[prefix] * len(texts) if prefix else None,
            max_batch_size=batching.max_batch_size,
            batch_type=batching.batch_type,
            beam_size=decoding.beam,
            num_hypotheses=decoding.num_hypotheses,
            length_penalty=decoding.length_penalty,
            max_decoding_length=decoding.decoding_length(max(map(len, pieces))),
            replace_unknowns=True,
            return_end_token=True,
        )
        decoded = []
        for result, source in zip(results, texts):
            ended = [bool(hypothesis) and hypothesis[-1] == END_TOKEN for hypothesis in result.hypotheses]
            decoded.append(Decoded(
                tuple(self.decode(h[:-1] if end else h, source, prefix) for h, end in zip(result.hypotheses, ended)),
                tuple(not end for end in ended),
            ))
        return decoded

    def decode(self, tokens: list[str], source: str, prefix: list[str] | None = None) -> str:
        """Output tokens → text, without the target prefix, as the family decodes."""
        if prefix and tokens[: len(prefix)] == prefix:
            tokens = tokens[len(prefix):]
        return self.family.decode(self.decoder, tokens, source)


def available_threads() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
