"""Installing ``.argosmodel`` archives: checked, unpacked into a staging folder, loaded once, renamed into place.

Archives are unpacked here rather than with ``argostranslate.package.install_from_path``, which
extracts unchecked into the folder its settings fixed at import.
"""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ...errors import ModelError, UsageError
from .packages import (
    ModelPackage,
    _tags,
    installed_packages,
    languages_using,
    package_problems,
    pair_label,
    read_package,
)
from .staging import _make_staging_dir, _retire

# Argos' packages are int8 transformer-base models, about 100 MB zipped and a few hundred MB
# unpacked; 1 GiB leaves room for bigger models while bounding what a hostile archive writes.
MAX_UNPACKED_BYTES = 1024**3
MAX_MEMBERS = 10_000
# Model weights compress about 1-4:1 (the fixture models 3.7:1); zeros deflate about 1000:1.
# Small members (JSON, READMEs) may compress well, so the ratio applies from a few MB on.
MAX_RATIO = 200
RATIO_CHECKED_FROM = 4 * 1024**2
_CHUNK = 1 << 16


@dataclass(frozen=True)
class InstallResult:
    """One package after `install`: ``status`` is "installed", "replaced" or "already installed"."""

    package: ModelPackage
    status: str
    replaced: tuple[str, ...] = ()  # versions of the same pair that were removed
    languages: tuple[str, ...] = ()  # output tags whose route uses it


def install_from_file(
    path: Path, models_dir: Path, *, max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
) -> ModelPackage:
    """Install one ``.argosmodel`` archive into ``models_dir``; ModelError if it is not a safe, complete package.

    The archive is unpacked into a temporary folder inside ``models_dir`` and checked; only then
    is it renamed into place, replacing any installed package of the same language pair.
    """
    return _install_archive(path, models_dir, max_unpacked_bytes=max_unpacked_bytes).package


def install_files(paths: Sequence[Path], models_dir: Path) -> tuple[InstallResult, ...]:
    """Install several ``.argosmodel`` archives, in order; stops at the first one refused."""
    return tuple(_install_archive(Path(path), models_dir) for path in paths)


def _install_archive(
    archive: Path, models_dir: Path, *, expected_pair: tuple[str, str] | None = None,
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
) -> InstallResult:
    if not archive.is_file():
        raise UsageError(f"{archive}: no such file", hint="give the path of a downloaded .argosmodel file")
    staging = _make_staging_dir(models_dir)
    try:
        top = _unpack_safely(archive, staging, max_unpacked_bytes)
        candidate = staging / top
        problems = package_problems(candidate)
        if problems:
            raise ModelError(f"{archive.name} is not a usable Argos package: {'; '.join(problems)}")
        new = read_package(candidate)
        if expected_pair and new.pair != expected_pair:
            raise ModelError(
                f"{archive.name} holds the {pair_label(new.pair)} model, not the {pair_label(expected_pair)} "
                "model the index announced"
            )
        _check_loads(new, _refuser(archive))
        destination = models_dir / top
        installed = installed_packages(models_dir)
        occupant = next((p for p in installed if p.path == destination), None)  # None also when broken
        if occupant and occupant.pair != new.pair:
            raise ModelError(
                f"{destination} already holds the {pair_label(occupant.pair)} package",
                hint=f"remove that folder first, or rename the top-level folder inside {archive.name}",
            )
        older = [p for p in installed if p.pair == new.pair]
        _move_into_place(candidate, destination, staging)
        for package in older:
            if package.path != destination:
                _retire(package.path, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return InstallResult(
        package=replace(new, path=destination),
        status="replaced" if older else "installed",
        replaced=tuple(p.package_version for p in older),
        languages=_tags(languages_using(new.pair)),
    )


def _move_into_place(candidate: Path, destination: Path, staging: Path) -> None:
    """Rename the checked package into place; an occupant of the same name goes to ``staging`` first."""
    retired = None
    try:
        if destination.exists():
            retired = staging / f"retired-{destination.name}"
            os.rename(destination, retired)
        os.rename(candidate, destination)
    except OSError as error:
        if retired is not None and retired.exists() and not destination.exists():
            os.rename(retired, destination)
        raise ModelError(f"could not install into {destination} ({error.strerror or error})") from error


def _unpack_safely(archive: Path, staging: Path, max_unpacked_bytes: int) -> str:
    """Check every member of ``archive``, unpack it into ``staging`` and return its one top-level folder."""
    refuse = _refuser(archive)
    try:
        zip_file = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, ValueError) as error:
        raise refuse("not a zip archive") from error
    except OSError as error:
        raise ModelError(f"can't read {archive} ({error.strerror or error})") from error
    with zip_file:
        members = zip_file.infolist()
        if not members:
            raise refuse("the archive is empty")
        if len(members) > MAX_MEMBERS:
            raise refuse(f"too many members ({len(members):,}, at most {MAX_MEMBERS:,})")
        _check_sizes(members, max_unpacked_bytes, refuse)
        plan = [(member, _member_parts(member, refuse)) for member in members]
        tops = {parts[0] for _, parts in plan}
        loose = [member.filename for member, parts in plan if len(parts) == 1 and not member.is_dir()]
        if len(tops) != 1 or loose:
            raise refuse(f"expected one top-level folder, found {', '.join(sorted(tops | set(loose)))}")
        top = tops.pop()
        if top.startswith("."):
            raise refuse(f"top-level folder {top!r} is hidden")
        try:
            for member, parts in plan:
                target = staging.joinpath(*parts)
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zip_file.open(member) as source, open(target, "wb") as sink:
                    shutil.copyfileobj(source, sink, _CHUNK)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
            raise refuse(f"corrupt archive ({error})") from error
        except OSError as error:
            raise ModelError(f"could not unpack {archive.name} ({error.strerror or error})") from error
    return top


def _check_sizes(members: Sequence[zipfile.ZipInfo], max_unpacked_bytes: int,
                 refuse: Callable[[str], ModelError]) -> None:
    """Refuse archives too large unpacked, or compressed too well to be model weights (zip bombs).

    zipfile never yields more than a member's declared size (a lie then fails the CRC check), so
    checking the declared sizes bounds what lands on disk.
    """
    declared = sum(member.file_size for member in members)
    if declared > max_unpacked_bytes:
        raise refuse(f"it would unpack to {declared:,} bytes (limit {max_unpacked_bytes:,})")
    compressed = sum(member.compress_size for member in members)
    checked = [(f"member {member.filename!r}", member.file_size, member.compress_size) for member in members]
    for what, size, packed in checked + [("the archive", declared, compressed)]:
        if size > RATIO_CHECKED_FROM and size > MAX_RATIO * packed:
            raise refuse(f"{what} would unpack {packed:,} bytes to {size:,} (over {MAX_RATIO}:1, a zip bomb)")


def _check_loads(package: ModelPackage, refuse: Callable[[str], ModelError]) -> None:
    """Refuse a package whose CTranslate2 model or SentencePiece model does not load."""
    import ctranslate2
    import sentencepiece

    try:
        translator = ctranslate2.Translator(str(package.model_dir), device="cpu", inter_threads=1, intra_threads=1)
    except (RuntimeError, ValueError, OSError) as error:
        version = ctranslate2.__version__
        raise refuse(f"{package.label}: model/ does not load in CTranslate2 {version} ({error})") from error
    del translator  # frees the weights now
    try:
        sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
    except (RuntimeError, OSError) as error:
        raise refuse(f"{package.label}: sentencepiece.model does not load in SentencePiece ({error})") from error


def _refuser(archive: Path) -> Callable[[str], ModelError]:
    def refuse(reason: str) -> ModelError:
        return ModelError(f"{archive.name} is not a valid Argos package: {reason}",
                          hint="nothing was installed; download the file again or ask its author")
    return refuse


def _member_parts(member: zipfile.ZipInfo, refuse: Callable[[str], ModelError]) -> tuple[str, ...]:
    """The path parts of a safe member; refuses absolute paths, ``..``, links and special files."""
    name = member.filename
    if "\\" in name or "\x00" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise refuse(f"member {name!r} has an absolute or non-portable path")
    parts = PurePosixPath(name).parts
    if not parts or ".." in parts:
        raise refuse(f"member {name!r} points outside the package folder")
    mode = member.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise refuse(f"member {name!r} is a symbolic link")
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise refuse(f"member {name!r} is not a regular file")
    if member.flag_bits & 0x1:
        raise refuse(f"member {name!r} is encrypted")
    return parts
