"""Removing the packages output languages need, refusing when another language in use shares one."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...errors import UsageError
from ...languages import LANGUAGES, Language
from .packages import ModelPackage, _tags, installed_packages, pair_label, route_pairs
from .staging import _make_staging_dir, _retire


@dataclass(frozen=True)
class RemoveResult:
    """What `remove` did: packages removed, and the pairs that had nothing installed."""

    removed: tuple[ModelPackage, ...]
    not_installed: tuple[tuple[str, str], ...]


def remove_languages(
    languages: Sequence[Language], models_dir: Path, *, in_use: Sequence[Language] = LANGUAGES, force: bool = False,
) -> RemoveResult:
    """Remove the packages only these languages need.

    Refuses (UsageError) when a language in ``in_use`` but not being removed shares a package
    (removing fa-AF while tg is in use), unless ``force``.
    """
    needed = route_pairs(languages)
    doomed = [p for p in installed_packages(models_dir) if p.pair in needed]
    if not force:
        for package in doomed:
            others = [lang for lang in in_use if lang.model_pair == package.pair and lang not in languages]
            if others:
                named = ", ".join(f"{lang.tag} ({lang.name})" for lang in others)
                removing = " ".join(_tags(languages) + _tags(others))
                raise UsageError(
                    f"the {pair_label(package.pair)} model is also used by {named}; nothing was removed",
                    hint=f"remove them together: `syndicate models remove {removing}`, or add --force",
                )
    if doomed:
        staging = _make_staging_dir(models_dir)
        try:
            for package in doomed:
                _retire(package.path, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    removed_pairs = {p.pair for p in doomed}
    return RemoveResult(tuple(doomed), tuple(pair for pair in needed if pair not in removed_pairs))
