"""Which glossary files are in force: Settings.glossaries, else every glossaries/*.tsv."""

from __future__ import annotations

from pathlib import Path

from ..errors import GlossaryError
from ..settings import Settings

GLOSSARY_FOLDER = "glossaries"


def default_glossary_paths(settings: Settings) -> tuple[Path, ...]:
    """Settings.glossaries (relative to the config file), else glossaries/*.tsv next to the config
    file or in the current folder."""
    base = Path(settings.config_path).parent if settings.config_path else Path.cwd()
    if settings.glossaries:
        return tuple(base / Path(p).expanduser() for p in settings.glossaries)
    folder = base / GLOSSARY_FOLDER
    if not folder.is_dir():
        return ()
    return tuple(sorted(folder.glob("*.tsv")))


def glossary_paths(files: tuple[str, ...], settings: Settings) -> tuple[Path, ...]:
    """The files given, else the default ones; GlossaryError when there are none."""
    paths = tuple(Path(f) for f in files) or default_glossary_paths(settings)
    if not paths:
        raise GlossaryError("no glossary files found",
                            hint="name files, set `glossaries` in syndicate.toml, or run from the project folder")
    return paths
