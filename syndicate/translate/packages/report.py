"""What `syndicate models list` shows: installed packages, each output language's readiness, broken folders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...languages import LANGUAGES, Language
from .packages import (
    ModelPackage,
    languages_using,
    package_problems,
    pair_label,
    read_package,
)
from .staging import STAGING_PREFIX


@dataclass(frozen=True)
class BrokenFolder:
    """A folder in the models folder that is not a loadable package, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class LanguageStatus:
    """Whether one output language's route has its model."""

    language: Language
    package: ModelPackage | None

    @property
    def ready(self) -> bool:
        return self.package is not None

    @property
    def missing(self) -> str | None:
        return None if self.ready else f"{pair_label(self.language.model_pair)} model"


@dataclass(frozen=True)
class ModelsReport:
    """What `syndicate models list` shows."""

    models_dir: Path
    packages: tuple[ModelPackage, ...]
    languages: tuple[LanguageStatus, ...]
    broken: tuple[BrokenFolder, ...]

    def to_dict(self) -> dict:
        return {
            "models_dir": str(self.models_dir),
            "packages": [
                {"pair": f"{p.from_code}-{p.to_code}", "from_code": p.from_code, "to_code": p.to_code,
                 "version": p.package_version, "name": p.name, "path": str(p.path),
                 "languages": [lang.tag for lang in languages_using(p.pair)]}
                for p in self.packages
            ],
            "languages": [
                {"tag": s.language.tag, "name": s.language.name, "model": "-".join(s.language.model_pair),
                 "ready": s.ready, "package": str(s.package.path) if s.package else None, "missing": s.missing}
                for s in self.languages
            ],
            "broken": [{"path": str(b.path), "reason": b.reason} for b in self.broken],
        }


def models_report(models_dir: Path, languages: Sequence[Language] = LANGUAGES) -> ModelsReport:
    """Installed packages, each output language's readiness, and folders that are not packages."""
    packages: list[ModelPackage] = []
    broken: list[BrokenFolder] = []
    children = sorted(models_dir.iterdir()) if models_dir.is_dir() else []
    for child in children:
        if not child.is_dir():
            continue  # e.g. a downloaded .argosmodel; argostranslate ignores files too
        if child.name.startswith(STAGING_PREFIX):
            broken.append(BrokenFolder(child, "left over from an interrupted install or removal; safe to delete"))
            continue
        problems = package_problems(child)
        if problems:
            broken.append(BrokenFolder(child, "; ".join(problems)))
        else:
            packages.append(read_package(child))
    by_pair: dict[tuple[str, str], ModelPackage] = {}
    for package in packages:
        by_pair.setdefault(package.pair, package)
    statuses = tuple(LanguageStatus(lang, by_pair.get(lang.model_pair)) for lang in languages)
    return ModelsReport(models_dir, tuple(packages), statuses, tuple(broken))
