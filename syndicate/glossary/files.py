"""Which glossary files are in force: Settings.glossaries, else every glossaries/*.tsv."""

from __future__ import annotations

from pathlib import Path

from ..errors import GlossaryError
from ..settings import Settings

GLOSSARY_FOLDER = "glossaries"
# Owned by the translation engine: a Dari localisation table, not a term glossary.
NOT_GLOSSARIES = frozenset({"dari-localization.tsv"})


def default_glossary_paths(settings: Settings) -> tuple[Path, ...]:
    """Settings.glossaries (relative to the config file), else glossaries/*.tsv next to the config
    file or in the current folder, without the engine's dari-localization.tsv."""
    base = Path(settings.config_path).parent if settings.config_path else Path.cwd()
    if settings.glossaries:
        return tuple(base / Path(p).expanduser() for p in settings.glossaries)
    folder = base / GLOSSARY_FOLDER
    if not folder.is_dir():
        return ()
    return tuple(p for p in sorted(folder.glob("*.tsv")) if p.name not in NOT_GLOSSARIES)


def glossary_paths(files: tuple[str, ...], settings: Settings) -> tuple[Path, ...]:
    """The files given, else the default ones; GlossaryError when there are none."""
    paths = tuple(Path(f) for f in files) or default_glossary_paths(settings)
    if not paths:
        raise GlossaryError("no glossary files found",
                            hint="name files, set `glossaries` in syndicate.toml, or run from the project folder")
    return paths
