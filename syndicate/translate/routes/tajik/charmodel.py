"""A Persian→Tajik converter backed by a character-level CTranslate2 model the user installs.

Expected model folder (any CTranslate2 sequence-to-sequence model, e.g. converted from
OpenNMT-py, fairseq or Marian with a character vocabulary)::

    model.bin, config.json                  CTranslate2's own files
    shared_vocabulary.* or source_vocabulary.* + target_vocabulary.*

Source tokens are the characters of a run of Persian words after syndicate's normalisation
(ي→ی, ك→ک, no vowel marks, ZWNJ kept as its own token) with "▁" for each space, e.g.
``"ک ت ا ب ▁ م ن"``; target tokens are the Tajik Cyrillic characters the same way
(``"к и т о б ▁ м а н"``). Only runs of Persian words reach the model: Latin text, digits,
punctuation and placeholders pass through unchanged, as with the built-in converter.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ....errors import ModelError
from .rules import ZWNJ, capitalize_sentences, normalize, split_runs

SPACE = "▁"
FORMAT_HINT = "expected a CTranslate2 model folder (model.bin, config.json, vocabularies); see syndicate/translate/routes/tajik/charmodel.py"


class CharModelConverter:
    """Converts runs of Persian words with a character-level CTranslate2 model."""

    def __init__(self, translator, version: str, *, beam_size: int = 4, capitalize: bool = True):
        self.translator = translator
        self.version = version
        self.beam_size = beam_size
        self.capitalize = capitalize

    @classmethod
    def load(cls, model_dir: Path, **options) -> CharModelConverter:
        """Load the model in ``model_dir``; ModelError when it is missing or not a CTranslate2 model."""
        if not model_dir.is_dir():
            raise ModelError(f"Tajik character model folder {model_dir} not found", hint=FORMAT_HINT)
        if not (model_dir / "model.bin").is_file() or not (model_dir / "config.json").is_file():
            raise ModelError(f"{model_dir} is not a CTranslate2 model (no model.bin or config.json)", hint=FORMAT_HINT)
        import ctranslate2

        try:
            translator = ctranslate2.Translator(str(model_dir), device="cpu", inter_threads=1, intra_threads=1)
        except (RuntimeError, ValueError, OSError) as error:
            raise ModelError(f"cannot load the Tajik character model in {model_dir}: {error}", hint=FORMAT_HINT) from error
        return cls(translator, _model_version(model_dir), **options)

    def convert(self, text: str) -> str:
        """Convert Persian text to Tajik Cyrillic, line by line."""
        return "\n".join(self.convert_lines(text.split("\n")))

    def convert_lines(self, lines: list[str]) -> list[str]:
        """Convert each line (all runs of all lines in one batch); one output line per input line."""
        line_runs = [split_runs(normalize(line.replace("\n", " "))) for line in lines]
        batch = [_source_tokens(items) for runs in line_runs for is_run, items in runs if is_run]
        results = iter(self._translate(batch))
        out = []
        for runs in line_runs:
            text = "".join(next(results) if is_run else items[0].replace(ZWNJ, "") for is_run, items in runs)
            out.append(capitalize_sentences(text) if self.capitalize else text)
        return out

    def _translate(self, batch: list[list[str]]) -> list[str]:
        if not batch:
            return []
        try:
            results = self.translator.translate_batch(batch, beam_size=self.beam_size, max_batch_size=64)
        except (RuntimeError, ValueError) as error:
            raise ModelError(f"the Tajik character model failed: {error}", hint=FORMAT_HINT) from error
        return ["".join(token for token in result.hypotheses[0] if not _is_special(token)).replace(SPACE, " ")
                for result in results]


def _is_special(token: str) -> bool:
    return len(token) > 1 and token.startswith("<") and token.endswith(">")  # <unk>, </s>...


def _source_tokens(words: list[str]) -> list[str]:
    return list(SPACE.join(words))


def _model_version(model_dir: Path) -> str:
    """A short digest of the model's config, vocabularies and weights (size and edges of model.bin)."""
    digest = hashlib.sha256()
    for path in sorted(model_dir.iterdir()):
        if path.is_file() and path.name != "model.bin":
            digest.update(path.name.encode() + path.read_bytes())
    weights = model_dir / "model.bin"
    size = weights.stat().st_size
    with weights.open("rb") as handle:
        digest.update(str(size).encode() + handle.read(1 << 20))
        handle.seek(max(0, size - (1 << 20)))
        digest.update(handle.read())
    return f"charmodel:{digest.hexdigest()[:12]}"
