"""Installed Argos Translate packages: where they are and what they translate.

This module reads package folders (``metadata.json`` + ``model/`` + ``sentencepiece.model``)
itself, so finding a model never imports argostranslate (which writes to disk on import).
Installing, downloading and removing packages build on argostranslate's package machinery.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelError


@dataclass(frozen=True)
class ModelPackage:
    """An installed Argos package folder."""

    path: Path
    from_code: str
    to_code: str
    package_version: str
    argos_version: str = ""
    name: str = ""

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


def read_package(path: Path) -> ModelPackage:
    """Read one package folder's metadata; ModelError when it is not a usable package."""
    metadata_path = path / "metadata.json"
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        from_code, to_code = metadata["from_code"], metadata["to_code"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError(f"{path} is not an Argos package: {metadata_path.name} unreadable ({error})") from error
    return ModelPackage(
        path=path,
        from_code=from_code,
        to_code=to_code,
        package_version=str(metadata.get("package_version", "")),
        argos_version=str(metadata.get("argos_version", "")),
        name=f"{metadata.get('from_name', from_code)} → {metadata.get('to_name', to_code)}",
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


def find_package(models_dir: Path, from_code: str, to_code: str, *, install_as: str | None = None) -> ModelPackage:
    """The installed package for ``from_code → to_code``, or a ModelError naming the install command.

    ``install_as`` is the output language tag to put in the hint (``fa-AF`` needs the en→fa model).
    """
    for package in installed_packages(models_dir):
        if package.from_code == from_code and package.to_code == to_code:
            return package
    tag = install_as or to_code
    raise ModelError(
        f"no {from_code}→{to_code} translation model installed in {models_dir}",
        hint=f"run `syndicate models install {tag}` (offline: `syndicate models install --from FILE.argosmodel`)",
    )
