"""Which glossary files are in force: Settings.glossaries, else every glossaries/*.tsv; folders named
on the command line stand for their *.tsv files. The Dari table in force is linted with them."""

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


def expand_folders(files: tuple[str, ...]) -> tuple[Path, ...]:
    """The files given, a folder standing for its *.tsv files (sorted); GlossaryError for a folder without any."""
    paths: list[Path] = []
    for name in files:
        path = Path(name)
        if path.is_dir():
            found = sorted(path.glob("*.tsv"))
            if not found:
                raise GlossaryError(f"{path}: no .tsv files in this folder", hint="name glossary files or their folder")
            paths.extend(found)
        else:
            paths.append(path)
    return tuple(paths)


def glossary_paths(files: tuple[str, ...], settings: Settings) -> tuple[Path, ...]:
    """The glossaries among the files or folders given, else the default ones; GlossaryError when there are none.

    Dari tables in a folder are left out; a Dari table named on its own is a GlossaryError.
    """
    from ..translate.routes.dari import is_dari_table

    for name in files:
        if not Path(name).is_dir() and is_dari_table(name):
            raise GlossaryError(f"{name} is a Dari localization table, not a glossary",
                                hint=f"`syndicate glossary lint {name}` checks it")
    if files:
        paths = tuple(path for path in expand_folders(files) if not is_dari_table(path))
    else:
        paths = default_glossary_paths(settings)
    return require_paths(paths)


def require_paths(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """The paths given; GlossaryError when there are none."""
    if not paths:
        raise GlossaryError("no glossary files found",
                            hint="name files, set `glossaries` in syndicate.toml, or run from the project folder")
    return paths


def lint_paths(files: tuple[str, ...], settings: Settings) -> tuple[Path, ...]:
    """What `glossary lint` checks: the files or folders given, else the glossaries and the Dari table in force."""
    from ..translate.routes.dari import default_table_path

    if files:
        return expand_folders(files)
    dari_table = Path(settings.dari_table).expanduser() if settings.dari_table else default_table_path()
    return (*glossary_paths((), settings), dari_table)
