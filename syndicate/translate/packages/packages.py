"""What is installed in a models folder: reading Argos package folders and finding the one a route needs.

Package folders (``metadata.json`` + ``model/`` + ``sentencepiece.model``) are read here directly,
so finding a model never imports argostranslate (which writes to disk on import).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ...errors import ModelError
from ...languages import LANGUAGES, Language


def pair_label(pair: tuple[str, str]) -> str:
    """``("en", "fa")`` → ``"en→fa"``."""
    return f"{pair[0]}→{pair[1]}"


@dataclass(frozen=True)
class ModelPackage:
    """An installed Argos package folder."""

    path: Path
    from_code: str
    to_code: str
    package_version: str
    argos_version: str = ""
    name: str = ""
    target_prefix: str = ""  # a token the model's output starts with (metadata's target_prefix)
    licence: str = ""  # metadata's "license", when the package names one

    family = "argos"

    @property
    def model_dir(self) -> Path:
        """The CTranslate2 model folder."""
        return self.path / "model"

    @property
    def sentencepiece_model(self) -> Path:
        return self.path / "sentencepiece.model"

    @property
    def version_id(self) -> str:
        """Identifies the weights in translation-memory keys, e.g. ``argos:en-fa@1.9``."""
        return f"argos:{self.from_code}-{self.to_code}@{self.package_version}"

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)

    @property
    def label(self) -> str:
        """``en→fa 1.9``."""
        return f"{pair_label(self.pair)} {self.package_version}".rstrip()


def read_package(path: Path) -> ModelPackage:
    """Read one package folder's metadata; ModelError when it is not a usable package."""
    metadata_path = path / "metadata.json"
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        from_code, to_code = metadata["from_code"], metadata["to_code"]
        if not (isinstance(from_code, str) and isinstance(to_code, str) and from_code and to_code):
            raise ValueError("from_code and to_code must be language codes")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(f"{path} is not an Argos package: {metadata_path.name} unreadable ({error})") from error
    return ModelPackage(
        path=path,
        from_code=from_code,
        to_code=to_code,
        package_version=str(metadata.get("package_version", "")),
        argos_version=str(metadata.get("argos_version", "")),
        name=f"{metadata.get('from_name', from_code)} → {metadata.get('to_name', to_code)}",
        target_prefix=str(metadata.get("target_prefix") or ""),
        licence=str(metadata.get("license") or ""),
    )


def installed_packages(models_dir: Path) -> list[ModelPackage]:
    """Every readable package folder in ``models_dir``, sorted by language pair."""
    if not models_dir.is_dir():
        return []
    packages = []
    for child in sorted(models_dir.iterdir()):
        if (child / "metadata.json").is_file():
            try:
                packages.append(read_package(child))
            except ModelError:
                continue  # a broken folder is reported by `syndicate models list`, not here
    return packages


def package_problems(path: Path) -> list[str]:
    """What keeps a package folder from loading; empty when it has metadata, model and tokenizer."""
    problems = []
    if not (path / "metadata.json").is_file():
        problems.append("metadata.json missing")
    else:
        try:
            read_package(path)
        except ModelError as error:
            problems.append(f"metadata.json invalid ({error.__cause__ or error})")
    return problems + _file_problems(path)


def _file_problems(path: Path) -> list[str]:
    """The package folder's model and tokenizer files that are missing."""
    problems = []
    if not (path / "model" / "model.bin").is_file():
        problems.append("model/ missing" if not (path / "model").is_dir() else "model/model.bin missing")
    if not (path / "sentencepiece.model").is_file():
        problems.append("sentencepiece.model missing")
    return problems


def find_package(models_dir: Path, from_code: str, to_code: str, *, install_as: str | None = None) -> ModelPackage:
    """The installed package for ``from_code → to_code``, or a ModelError naming the install command.

    ``install_as`` is the output language tag to put in the hint (``fa-AF`` needs the en→fa model).
    """
    tag = install_as or to_code
    broken = None
    for package in installed_packages(models_dir):
        if package.from_code == from_code and package.to_code == to_code:
            problems = _file_problems(package.path)  # its metadata was just read
            if not problems:
                return package
            broken = broken or (package, problems)
    if broken:
        package, problems = broken
        raise ModelError(
            f"the {from_code}→{to_code} package in {package.path} is broken: {'; '.join(problems)}",
            hint=f"`syndicate models install {tag}` replaces it",
        )
    raise ModelError(
        f"no {from_code}→{to_code} translation model installed in {models_dir}",
        hint=f"run `syndicate models install {tag}` (offline: `syndicate models install --from FILE.argosmodel`)",
    )


def route_pairs(languages: Iterable[Language]) -> dict[tuple[str, str], tuple[Language, ...]]:
    """The model pairs these languages' routes need, each with the languages needing it (fa-AF, tg → en→fa)."""
    pairs: dict[tuple[str, str], tuple[Language, ...]] = {}
    for language in languages:
        pairs[language.model_pair] = pairs.get(language.model_pair, ()) + (language,)
    return pairs


def reverse_pair(language: Language) -> tuple[str, str]:
    """The X→en pair that translates ``language``'s model output back (fa-AF, tg: fa→en)."""
    from_code, to_code = language.model_pair
    return (to_code, from_code)


def qa_pairs(languages: Iterable[Language]) -> dict[tuple[str, str], tuple[Language, ...]]:
    """The reverse pairs the round-trip QA of these languages uses, each with the languages using it."""
    pairs: dict[tuple[str, str], tuple[Language, ...]] = {}
    for language in languages:
        pairs[reverse_pair(language)] = pairs.get(reverse_pair(language), ()) + (language,)
    return pairs


def languages_using(pair: tuple[str, str]) -> tuple[Language, ...]:
    """The output languages whose route needs the ``pair`` model."""
    return route_pairs(LANGUAGES).get(pair, ())


def _tags(languages: Iterable[Language]) -> tuple[str, ...]:
    return tuple(lang.tag for lang in languages)
