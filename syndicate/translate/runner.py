"""The CTranslate2 + SentencePiece runner of one Argos package, decoding as argostranslate does.

Decoding stops at the model's end token or at ``max_decoding_length`` pieces, whichever comes
first. Results are asked for with the end token (``return_end_token``), so a hypothesis that
stopped at the limit — cut off mid-sentence — is told apart and reported as ``truncated``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import ModelError
from .packages import ModelPackage

# Decoding as argostranslate does it (translate.apply_packaged_translation), so cached and
# fresh output agree with what Argos users get.
ARGOS_LENGTH_PENALTY = 0.2
# Bump when decoding or detokenization changes: part of translation-memory keys.
DECODER_VERSION = "1"
# The longest sequence an Argos model takes or writes: CTranslate2's default max_input_length,
# and the length of the models' position tables.
MODEL_MAX_PIECES = 1024
END_TOKEN = "</s>"


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
    """The SentencePiece model of one Argos package, and its CTranslate2 translator on first use."""

    def __init__(self, package: ModelPackage, *, threads: int, compute_type: str):
        import sentencepiece

        self.package = package
        self.threads = threads
        self.compute_type = compute_type
        self.target_prefix = package.target_prefix
        self._translator = None
        try:
            self.tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
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
                    str(self.package.model_dir), device="cpu", compute_type=self.compute_type,
                    inter_threads=1, intra_threads=self.threads,
                )
            except (RuntimeError, ValueError, OSError) as error:
                raise self._load_error(error) from error
        return self._translator

    def _load_error(self, error: Exception) -> ModelError:
        package = self.package
        return ModelError(
            f"the {package.from_code}→{package.to_code} model in {package.path} can't be loaded: {error}",
            hint=f"reinstall it: `syndicate models install {package.to_code}`",
        )

    def encode(self, texts: list[str]) -> list[list[str]]:
        """The SentencePiece pieces of each text."""
        return self.tokenizer.encode(texts, out_type=str)

    def count_pieces(self, text: str) -> int:
        return len(self.tokenizer.encode(text))

    def translate(self, texts: list[str], pieces: list[list[str]], decoding: DecodingOptions,
                  batching: BatchOptions) -> list[Decoded]:
        """The n-best translations of ``texts`` (already cut into ``pieces``) in one translate_batch call.

        The decoding limit grows with the longest input (``DecodingOptions.decoding_length``).
        """
        if not texts:
            return []
        prefix = [[self.target_prefix]] * len(texts) if self.target_prefix else None
        results = self.translator.translate_batch(
            pieces,
            target_prefix=prefix,
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
                tuple(self.decode(h[:-1] if end else h, source) for h, end in zip(result.hypotheses, ended)),
                tuple(not end for end in ended),
            ))
        return decoded

    def decode(self, pieces: list[str], source: str) -> str:
        """Pieces → text like argostranslate: "▁" (and "_") become spaces, the prefix and one leading space go.

        Argos turns every "_" into a space; here only when the input had none, so underscores
        the article really contains (handles, file names) survive.
        """
        text = self.tokenizer.decode_pieces(pieces).replace("▁", " ")
        if "_" not in source:
            text = text.replace("_", " ")
        if self.target_prefix and text.startswith(self.target_prefix):
            text = text[len(self.target_prefix):]
        return text[1:] if text.startswith(" ") else text


def available_threads() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
