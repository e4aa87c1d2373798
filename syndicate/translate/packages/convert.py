"""Converting a model downloaded elsewhere into a CTranslate2 folder with its tokenizer files.

CTranslate2's own converters do the work: ``OpusMTConverter`` reads an OPUS-MT release (Marian's
``.npz`` checkpoint and YAML vocabularies; needs only NumPy and PyYAML), ``TransformersConverter``
a Hugging Face snapshot (needs transformers and torch: the ``convert`` extra, never the plain
install). The family's tokenizer files, README (its licence) and tokenizer config are copied
beside the converted model, so ``install_folder`` takes the result as it is.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ...errors import ModelError, UsageError
from ..families import get_family

# Files a Hugging Face snapshot keeps its tokenizer and licence in, copied when present.
TOKENIZER_FILES = ("sentencepiece.bpe.model", "spiece.model", "source.spm", "target.spm", "vocab.json",
                   "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "README.md", "LICENSE")
EXTRA_HINT = "pip install 'syndicate[convert]' (transformers and torch, about 1 GB; used only to convert)"


def convert_snapshot(snapshot: Path, out_dir: Path, *, family: str, quantization: str = "int8",
                     pair: tuple[str, str] | None = None) -> Path:
    """Convert ``snapshot`` into ``out_dir`` (which must not exist yet); returns ``out_dir``."""
    chosen = get_family(family)
    if out_dir.exists():
        raise UsageError(f"{out_dir} already exists", hint="give another --out, or remove it")
    if chosen.name == "marian" and (snapshot / "decoder.yml").is_file():
        _convert_opus_mt(snapshot, out_dir, quantization)
        # An OPUS-MT release names its SentencePiece models source.spm and target.spm, as transformers does.
    elif (snapshot / "config.json").is_file():
        _convert_transformers(snapshot, out_dir, quantization)
    else:
        raise UsageError(f"{snapshot} is neither a Hugging Face snapshot (config.json) nor an OPUS-MT release "
                         "(decoder.yml)", hint="point at the folder the model was downloaded into")
    for name in TOKENIZER_FILES:
        if (snapshot / name).is_file() and not (out_dir / name).exists():
            shutil.copyfile(snapshot / name, out_dir / name)
    if pair:
        config_path = out_dir / "tokenizer_config.json"
        config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.is_file() else {}
        config.update(source_lang=pair[0], target_lang=pair[1])
        config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    missing = [name for name in dict.fromkeys((chosen.encoder_file, chosen.decoder_file))
               if not (out_dir / name).is_file()]
    if missing:
        raise ModelError(f"{snapshot} has no {', '.join(missing)}: the {chosen.title} tokenizer is missing",
                         hint="download the snapshot's tokenizer files too")
    return out_dir


def _convert_opus_mt(snapshot: Path, out_dir: Path, quantization: str) -> None:
    from ctranslate2.converters import OpusMTConverter

    try:
        OpusMTConverter(str(snapshot)).convert(str(out_dir), quantization=quantization)
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"CTranslate2 could not convert the OPUS-MT model in {snapshot}: {error}") from error


def _convert_transformers(snapshot: Path, out_dir: Path, quantization: str) -> None:
    try:
        import torch  # noqa: F401  (the converter loads the weights with it)
        import transformers  # noqa: F401
    except ImportError as error:
        raise UsageError(f"converting a Hugging Face snapshot needs {error.name}, which is not installed",
                         hint=EXTRA_HINT) from None
    from ctranslate2.converters import TransformersConverter

    try:
        TransformersConverter(str(snapshot), low_cpu_mem_usage=True).convert(str(out_dir), quantization=quantization)
    except (OSError, ValueError, KeyError, RuntimeError) as error:
        raise ModelError(f"CTranslate2 could not convert {snapshot}: {error}") from error
