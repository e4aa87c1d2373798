"""What `syndicate models list` shows: installed models, each output language's route and readiness, broken folders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError
from ..languages import LANGUAGES, Language
from .families import get_family
from .families.base import non_commercial
from .packages.folders import MANIFEST, ModelFolder, folder_problems, read_folder
from .packages.packages import (
    ModelPackage,
    languages_using,
    package_problems,
    pair_label,
    read_package,
)
from .packages.staging import STAGING_PREFIX
from .routing import find_route, reverse_route


@dataclass(frozen=True)
class BrokenFolder:
    """A folder in the models folder that is not a loadable package, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class LanguageStatus:
    """One output language's route: its family, the model it uses (None: not installed), whether
    the round trip has its way back, and what is missing."""

    language: Language
    family: str
    package: ModelPackage | ModelFolder | None
    missing: str | None = None  # what to install, when ``package`` is None
    round_trip: bool = False
    step: str | None = None

    @property
    def ready(self) -> bool:
        return self.package is not None

    @property
    def licence(self) -> str:
        if self.package is None:
            return ""
        return self.package.licence or get_family(self.family).licence

    @property
    def non_commercial(self) -> bool:
        return non_commercial(self.licence)

    @property
    def size(self) -> int:
        """Bytes the model takes on disk (0 when it is missing)."""
        if self.package is None:
            return 0
        return sum(path.stat().st_size for path in self.package.path.rglob("*") if path.is_file())


@dataclass(frozen=True)
class ModelsReport:
    """What `syndicate models list` shows."""

    models_dir: Path
    packages: tuple[ModelPackage, ...]
    languages: tuple[LanguageStatus, ...]
    broken: tuple[BrokenFolder, ...]
    folders: tuple[ModelFolder, ...] = ()

    def to_dict(self) -> dict:
        return {
            "models_dir": str(self.models_dir),
            "packages": [
                {"pair": f"{p.from_code}-{p.to_code}", "from_code": p.from_code, "to_code": p.to_code,
                 "version": p.package_version, "name": p.name, "path": str(p.path),
                 "languages": [lang.tag for lang in languages_using(p.pair)]}
                for p in self.packages
            ],
            "models": [
                {"family": f.family, "name": f.name, "version": f.version, "licence": f.licence,
                 "path": str(f.path), "size": f.size, "languages": list(f.targets)}
                for f in self.folders
            ],
            "languages": [
                {"tag": s.language.tag, "name": s.language.name, "family": s.family,
                 "model": s.package.version_id if s.package else None, "ready": s.ready,
                 "package": str(s.package.path) if s.package else None, "missing": s.missing,
                 "step": s.step, "size": s.size, "licence": s.licence, "non_commercial": s.non_commercial,
                 "round_trip": s.round_trip}
                for s in self.languages
            ],
            "broken": [{"path": str(b.path), "reason": b.reason} for b in self.broken],
        }


def models_report(models_dir: Path, languages: Sequence[Language] = LANGUAGES, routes: dict[str, str] | None = None,
                  *, localize_direct_dari: bool = True) -> ModelsReport:
    """Installed packages and model folders, each output language's route and readiness (``routes``:
    output tag → family, the others Argos), and folders that are neither."""
    packages: list[ModelPackage] = []
    folders: list[ModelFolder] = []
    broken: list[BrokenFolder] = []
    children = sorted(models_dir.iterdir()) if models_dir.is_dir() else []
    for child in children:
        if not child.is_dir():
            continue  # e.g. a downloaded .argosmodel; argostranslate ignores files too
        if child.name.startswith(STAGING_PREFIX):
            broken.append(BrokenFolder(child, "left over from an interrupted install or removal; safe to delete"))
            continue
        if (child / MANIFEST).is_file():
            problems = folder_problems(child)
            if not problems:
                folders.append(read_folder(child))
        else:
            problems = package_problems(child)
            if not problems:
                packages.append(read_package(child))
        if problems:
            broken.append(BrokenFolder(child, "; ".join(problems)))
    statuses = []
    for lang in languages:
        family = get_family((routes or {}).get(lang.tag, "argos"))
        try:
            route = find_route(models_dir, lang, family, localize_direct_dari=localize_direct_dari)
        except ModelError:
            codes = family.route_codes(lang)
            what = f"{pair_label(lang.model_pair)} model" if family.name == "argos" else (
                f"{family.title} model writing {codes.code}")
            statuses.append(LanguageStatus(lang, family.name, None, what, step=codes.step if codes else None))
            continue
        statuses.append(LanguageStatus(lang, family.name, route.model, None,
                                       reverse_route(models_dir, route) is not None, route.step))
    return ModelsReport(models_dir, tuple(packages), tuple(statuses), tuple(broken), tuple(folders))
