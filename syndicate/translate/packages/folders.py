"""CTranslate2 model folders of the NLLB, MADLAD and Marian families: installing and reading them.

An installed folder holds the converted model (``model.bin``, ``config.json``, its vocabulary),
the family's tokenizer files and ``syndicate-model.json``, written at install: family, name,
version, licence, and the model codes of the languages it reads and writes.

``install_folder`` checks a folder as strictly as ``.argosmodel`` archives are checked: no links
or special files, size caps, the model and tokenizers load, the vocabulary holds the tokenizer's
pieces and the family's special tokens. It copies into a staging folder inside the models folder
(hashing ``model.bin`` on the way: the version, unless one is given), then renames into place.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from ...errors import ModelError, UsageError
from ..families import FAMILIES, Family, get_family
from ..families.base import END, model_config, vocabulary
from .staging import _make_staging_dir, _retire

MANIFEST = "syndicate-model.json"
# NLLB-200 3.3B and MADLAD-400 3B are about 3.5 GB in int8, MADLAD 10B about 11 GB.
MAX_FOLDER_BYTES = 24 * 1024**3
MAX_FOLDER_FILES = 200
# A tokenizer whose pieces the model's vocabulary mostly lacks belongs to another model.
MIN_PIECES_IN_VOCABULARY = 0.9
_MODEL_FILES = ("model.bin", "config.json")
_CHUNK = 1 << 20
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# What a manifest's words may hold: they reach article.json, ninjs and `models list`.
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")
_LICENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._+()-]{0,79}")
_CODE = re.compile(r"[A-Za-z0-9_-]{1,20}")


@dataclass(frozen=True)
class ModelFolder:
    """An installed CTranslate2 model folder of a non-Argos family."""

    path: Path
    family: str
    name: str
    version: str
    licence: str
    sources: tuple[str, ...]  # model codes of the languages it reads
    targets: tuple[str, ...]  # model codes of the languages it writes

    @property
    def model_dir(self) -> Path:
        return self.path

    @property
    def version_id(self) -> str:
        """Identifies the weights in translation-memory keys, e.g. ``nllb:nllb-200-distilled-600M@sha-…``."""
        return f"{self.family}:{self.name}@{self.version}"

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def size(self) -> int:
        return sum(child.stat().st_size for child in self.path.iterdir() if child.is_file())

    def to_manifest(self) -> dict:
        return {"family": self.family, "name": self.name, "version": self.version, "licence": self.licence,
                "sources": list(self.sources), "targets": list(self.targets)}


def read_folder(path: Path) -> ModelFolder:
    """An installed model folder's manifest; ModelError when it is missing or malformed."""
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        fields = {key: data[key] for key in ("family", "name", "version", "licence")}
        if not (all(isinstance(value, str) for value in fields.values()) and fields["family"] in FAMILIES
                and _WORD.fullmatch(fields["name"]) and _WORD.fullmatch(fields["version"])
                and _LICENCE.fullmatch(fields["licence"])):
            raise ValueError("family, name, version and licence must be plain words, family a known one")
        sources, targets = tuple(data["sources"]), tuple(data["targets"])
        if not all(isinstance(code, str) and _CODE.fullmatch(code) for code in sources + targets):
            raise ValueError("sources and targets must be lists of language codes")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(f"{path} is not an installed model folder: {MANIFEST} unreadable ({error})") from error
    return ModelFolder(path, sources=sources, targets=targets, **fields)


def folder_problems(path: Path) -> list[str]:
    """What keeps an installed model folder from loading; empty when nothing does."""
    try:
        folder = read_folder(path)
    except ModelError as error:
        return [f"{MANIFEST} invalid ({error.__cause__ or error})"]
    family = FAMILIES[folder.family]
    needed = _MODEL_FILES + tuple(dict.fromkeys((family.encoder_file, family.decoder_file)))
    return [f"{name} missing" for name in needed if not (path / name).is_file()]


def installed_folders(models_dir: Path) -> list[ModelFolder]:
    """Every readable, complete model folder in ``models_dir``, sorted by folder name."""
    if not models_dir.is_dir():
        return []
    found = []
    for child in sorted(models_dir.iterdir()):
        if (child / MANIFEST).is_file() and not folder_problems(child):
            found.append(read_folder(child))
    return found


def detect_family(folder: Path) -> Family | None:
    """The family a CTranslate2 model folder's files say it is of (None: they don't tell)."""
    for family in FAMILIES.values():
        if family.name != "argos" and family.matches(folder):
            return family
    return None


def install_folder(source: Path, models_dir: Path, *, family: str | None = None, name: str | None = None,
                   version: str | None = None, licence: str | None = None,
                   pair: tuple[str, str] | None = None) -> tuple[ModelFolder, bool]:
    """Install the converted model in ``source`` into ``models_dir``; returns it and whether it
    replaced a folder of the same name. ModelError (nothing installed) when it is not a sound model
    of its family; UsageError when the family or, for a Marian model, the pair can't be told."""
    source = Path(source)
    if not source.is_dir():
        raise UsageError(f"{source}: no such folder", hint="give the folder of a converted CTranslate2 model")
    for option, value, pattern in (("--name", name, _WORD), ("--version", version, _WORD),
                                   ("--licence", licence, _LICENCE)):
        if value is not None and not pattern.fullmatch(value):
            raise UsageError(f"{option} {value!r} is not a plain name",
                             hint="letters, digits, spaces and . _ + - ( ) only, e.g. --licence CC-BY-NC-4.0")
    refuse = _refuser(source)
    files = _checked_files(source, refuse)
    try:
        vocabulary(source)
    except (ValueError, UnicodeDecodeError) as error:
        raise refuse(f"its vocabulary is unreadable ({error})") from error
    chosen = get_family(family) if family else detect_family(source)
    if chosen is None or chosen.name == "argos":
        raise UsageError(f"{source}: can't tell which model family this is",
                         hint="name it: --family nllb|madlad|marian (Argos packages are .argosmodel files)")
    if not chosen.matches(source):
        raise refuse(f"it lacks what a {chosen.title} model has ({chosen.encoder_file}"
                     f"{', its language tokens' if chosen.multilingual else ', ' + chosen.decoder_file})")
    for needed in _MODEL_FILES:
        if needed not in files:
            raise refuse(f"{needed} missing (convert the model with `syndicate models convert`)")
    sources, targets = _languages(chosen, source, pair)
    if not all(_CODE.fullmatch(code) for code in sources + targets):
        raise refuse("its language codes are not plain codes")
    model_name = _SAFE_NAME.sub("-", name or source.resolve().name).strip("-.")[:100] or "model"
    # "nllb-200-distilled" stays as it is; "opus-mt-en-ru" becomes "marian-opus-mt-en-ru"
    folder_name = model_name if model_name.startswith(f"{chosen.name}-") else f"{chosen.name}-{model_name}"
    staging = _make_staging_dir(models_dir)
    try:
        candidate = staging / folder_name
        candidate.mkdir()
        digest = _copy(source, candidate, files)
        installed = ModelFolder(
            models_dir / folder_name, chosen.name, model_name, version or f"sha-{digest[:10]}",
            licence or _readme_licence(source) or chosen.licence, sources, targets)
        _check_loads(candidate, chosen, installed, refuse)
        (candidate / MANIFEST).write_text(json.dumps(installed.to_manifest(), indent=2) + "\n", encoding="utf-8")
        destination = models_dir / folder_name
        replaced = destination.exists()
        if replaced:
            _retire(destination, staging)
        try:
            os.rename(candidate, destination)
        except OSError as error:
            raise ModelError(f"could not install into {destination} ({error.strerror or error})") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return installed, replaced


def _checked_files(source: Path, refuse) -> list[str]:
    """The regular files of ``source`` (no subfolders needed), refusing links, special files and size."""
    names, total = [], 0
    for child in sorted(source.iterdir()):
        mode = child.lstat().st_mode
        if stat.S_ISLNK(mode):
            raise refuse(f"{child.name} is a symbolic link")
        if stat.S_ISDIR(mode):
            continue  # e.g. a snapshot's .cache: not part of the converted model
        if not stat.S_ISREG(mode):
            raise refuse(f"{child.name} is not a regular file")
        names.append(child.name)
        total += child.stat().st_size
    if len(names) > MAX_FOLDER_FILES:
        raise refuse(f"too many files ({len(names):,}, at most {MAX_FOLDER_FILES})")
    if total > MAX_FOLDER_BYTES:
        raise refuse(f"{total:,} bytes (limit {MAX_FOLDER_BYTES:,})")
    return names


def _copy(source: Path, target: Path, names: list[str]) -> str:
    """Copy ``names`` from ``source`` to ``target``; the sha256 of model.bin."""
    digest = hashlib.sha256()
    for name in names:
        with open(source / name, "rb") as reader, open(target / name, "wb") as writer:
            while chunk := reader.read(_CHUNK):
                writer.write(chunk)
                if name == "model.bin":
                    digest.update(chunk)
    return digest.hexdigest()


def _languages(family: Family, source: Path, pair: tuple[str, str] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The model codes the model reads and writes: its language tokens (NLLB, MADLAD), else its pair."""
    if family.multilingual:
        codes = family.languages_in(source)
        return codes, codes
    pair = pair or _marian_pair(source)
    if pair is None:
        raise UsageError(f"{source}: can't tell which language pair this {family.title} model translates",
                         hint="name it: --pair en-ru")
    return (pair[0],), (pair[1],)


def _marian_pair(source: Path) -> tuple[str, str] | None:
    """The pair a Marian model names: tokenizer_config.json's source_lang/target_lang, else an
    ``opus-mt-en-ru``-style folder name."""
    try:
        config = json.loads((source / "tokenizer_config.json").read_text(encoding="utf-8"))
        if isinstance(config.get("source_lang"), str) and isinstance(config.get("target_lang"), str):
            return config["source_lang"], config["target_lang"]
    except (OSError, ValueError, AttributeError):
        pass
    match = re.search(r"opus-mt-([a-z]{2,3})-([a-z]{2,3})(?![a-z])", source.resolve().name)
    return (match.group(1), match.group(2)) if match else None


def _readme_licence(source: Path) -> str | None:
    """The ``license:`` of a Hugging Face model card's front matter, if the folder has one."""
    try:
        text = (source / "README.md").read_text(encoding="utf-8", errors="replace")[:20_000]
    except OSError:
        return None
    if not text.startswith("---"):
        return None
    front = text[3:].split("\n---", 1)[0]
    match = re.search(r"^licen[cs]e:\s*['\"]?([A-Za-z0-9.+-]+)", front, re.MULTILINE)
    return match.group(1) if match else None


def _check_loads(folder: Path, family: Family, installed: ModelFolder, refuse) -> None:
    """Refuse a model whose weights or tokenizers don't load, or whose vocabulary doesn't fit them."""
    import ctranslate2
    import sentencepiece

    try:
        translator = ctranslate2.Translator(str(folder), device="cpu", inter_threads=1, intra_threads=1)
    except (RuntimeError, ValueError, OSError) as error:
        raise refuse(f"the model does not load in CTranslate2 {ctranslate2.__version__} ({error})") from error
    del translator
    try:
        tokens = set(vocabulary(folder))
    except ValueError as error:
        raise refuse(str(error)) from error
    if not tokens:
        raise refuse("no vocabulary (shared_vocabulary.json or target_vocabulary.json)")
    for name in dict.fromkeys((family.encoder_file, family.decoder_file)):
        try:
            processor = sentencepiece.SentencePieceProcessor(model_file=str(folder / name))
        except (RuntimeError, OSError) as error:
            raise refuse(f"{name} does not load in SentencePiece ({error})") from error
        pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
        share = sum(piece in tokens for piece in pieces) / max(1, len(pieces))
        if share < MIN_PIECES_IN_VOCABULARY:
            raise refuse(f"only {share:.0%} of {name}'s pieces are in the model's vocabulary: "
                         "the tokenizer belongs to another model")
    if END not in tokens:
        raise refuse(f"the vocabulary lacks {END}")
    if family.multilingual and family.english not in installed.targets:
        raise refuse(f"it has no {family.english} language token")
    if not installed.targets:
        raise refuse("it names no target language")
    config = model_config(folder)
    if family.name == "nllb" and config.get("decoder_start_token") not in (None, END):
        raise refuse(f"decoder_start_token is {config.get('decoder_start_token')!r}, not </s> as NLLB's")


def _refuser(source: Path):
    def refuse(reason: str) -> ModelError:
        return ModelError(f"{source} is not an installable model: {reason}",
                          hint="nothing was installed; convert the snapshot again with `syndicate models convert`")
    return refuse

