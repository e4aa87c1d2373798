"""Installed Argos Translate packages: where they are, what they translate, installing and removing them.

This module reads package folders (``metadata.json`` + ``model/`` + ``sentencepiece.model``)
itself, so finding a model never imports argostranslate (which writes to disk on import).
Installed folders are laid out exactly as argostranslate installs them (one folder per package,
the archive's top-level folder), so ``argostranslate.package.get_installed_packages(path=[models_dir])``
reads them too. Archives are unpacked here rather than with ``argostranslate.package.install_from_path``,
which extracts unchecked into the folder its settings fixed at import; index entries are read with
argostranslate's own ``AvailablePackage``.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from .errors import ModelError, UsageError
from .languages import LANGUAGES, Language

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
MAX_UNPACKED_BYTES = 4 * 1024**3  # the largest Argos packages unpack to well under 1 GB
MAX_MEMBERS = 10_000
STAGING_PREFIX = ".syndicate-"  # temporary folders and downloads inside the models folder
OFFLINE_HINT = (
    "offline? download the .argosmodel file elsewhere and run "
    "`syndicate models install --from FILE.argosmodel`"
)
USER_AGENT = "syndicate (Argos Translate package installer)"
_CHUNK = 1 << 16

# progress(label, bytes_done, bytes_total_or_None), called as a download advances
ProgressCallback = Callable[[str, int, int | None], None]


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
            problems = package_problems(package.path)
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


def languages_using(pair: tuple[str, str]) -> tuple[Language, ...]:
    """The output languages whose route needs the ``pair`` model."""
    return route_pairs(LANGUAGES).get(pair, ())


# --- listing -----------------------------------------------------------------------------------


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


# --- installing from a file ----------------------------------------------------------------------


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


def _make_staging_dir(models_dir: Path) -> Path:
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=models_dir))
    except OSError as error:
        raise ModelError(f"can't write to the models folder {models_dir} ({error.strerror or error})",
                         hint="choose another with --models-dir or SYNDICATE_MODELS_DIR") from error


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


def _retire(path: Path, staging: Path) -> None:
    """Take a package folder out of service at once (one rename), then delete it."""
    target = Path(tempfile.mkdtemp(prefix="retired-", dir=staging)) / path.name
    try:
        os.rename(path, target)
    except OSError as error:
        raise ModelError(f"could not remove {path} ({error.strerror or error})") from error
    shutil.rmtree(target, ignore_errors=True)


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
        # zipfile never yields more than a member's declared size (a lie then fails the CRC check),
        # so checking the declared total bounds what lands on disk
        declared = sum(member.file_size for member in members)
        if declared > max_unpacked_bytes:
            raise refuse(f"it would unpack to {declared:,} bytes (limit {max_unpacked_bytes:,})")
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


# --- installing from the Argos index --------------------------------------------------------------


@dataclass(frozen=True)
class IndexEntry:
    """A package the Argos index offers."""

    from_code: str
    to_code: str
    package_version: str
    links: tuple[str, ...]
    name: str = ""

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)

    @property
    def label(self) -> str:
        return f"{pair_label(self.pair)} {self.package_version}".rstrip()


def index_json_url(index: str | None) -> str:
    """The index file URL for ``index`` (a base URL, as in ``$ARGOS_PACKAGE_INDEX``, or the .json itself).

    ``None`` means the index argostranslate would use: ``$ARGOS_PACKAGE_INDEX``, else Argos' own.
    """
    index = index or os.environ.get("ARGOS_PACKAGE_INDEX")
    if not index:
        return DEFAULT_INDEX_URL
    return index if index.endswith(".json") else index.rstrip("/") + "/index.json"


def fetch_index(index_url: str, *, timeout: float = 20.0) -> tuple[IndexEntry, ...]:
    """The translation packages the Argos index at ``index_url`` offers; ModelError when it can't be read.

    Entries are read by argostranslate's ``AvailablePackage`` (importing argostranslate creates its
    data folders under the home directory).
    """
    from argostranslate.package import AvailablePackage

    data = io.BytesIO()
    _download(index_url, data, timeout=timeout, what="the Argos package index")
    try:
        entries = json.loads(data.getvalue())
        if not isinstance(entries, list):
            raise ValueError("not a list of packages")
        available = [AvailablePackage(metadata) for metadata in entries if isinstance(metadata, dict)]
        if any(not isinstance(package.links, list) for package in available):
            raise ValueError("an entry's links are not a list")
    except (ValueError, TypeError, AttributeError) as error:
        raise ModelError(f"the Argos package index {index_url} is not valid ({error})", hint=OFFLINE_HINT) from error
    return tuple(
        IndexEntry(
            from_code=package.from_code,
            to_code=package.to_code,
            package_version=str(package.package_version),
            links=tuple(link for link in package.links if isinstance(link, str)),
            name=package.get_description(),
        )
        for package in available
        if package.type == "translate" and package.from_code and package.to_code
    )


def install_languages(
    languages: Sequence[Language], models_dir: Path, *, index_url: str | None = None,
    timeout: float = 20.0, progress: ProgressCallback | None = None,
    offered: Sequence[IndexEntry] | None = None,
) -> tuple[InstallResult, ...]:
    """Install the packages these languages' routes need (each pair once) from the Argos index.

    Pairs already installed are reported as such and never downloaded; the index (see
    ``index_json_url``) is only read when something is missing, and not at all when the caller
    already read it (``offered``). ``progress`` is called as each download advances.
    """
    needed = route_pairs(languages)
    sound = {status.language.model_pair: status.package for status in models_report(models_dir, languages).languages}
    results: dict[tuple[str, str], InstallResult] = {}
    for pair, users in needed.items():
        if sound[pair]:
            results[pair] = InstallResult(sound[pair], "already installed", languages=_tags(users))
    missing = [pair for pair in needed if pair not in results]
    if missing:
        url = index_json_url(index_url)
        if offered is None:
            offered = fetch_index(url, timeout=timeout)
        chosen = {pair: _newest(offered, pair, url) for pair in missing}  # all found before any download
        for pair, entry in chosen.items():
            staging = _make_staging_dir(models_dir)
            try:
                archive = _download_package(entry, staging, timeout=timeout, progress=progress)
                result = _install_archive(archive, models_dir, expected_pair=pair)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            results[pair] = replace(result, languages=_tags(needed[pair]))
    return tuple(results[pair] for pair in needed)


def _tags(languages: Iterable[Language]) -> tuple[str, ...]:
    return tuple(lang.tag for lang in languages)


def _newest(entries: Iterable[IndexEntry], pair: tuple[str, str], index_url: str) -> IndexEntry:
    def version_key(entry: IndexEntry) -> tuple[int, ...]:
        return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.\-+]", entry.package_version))

    matching = [entry for entry in entries if entry.pair == pair and entry.links]
    if not matching:
        raise ModelError(
            f"the Argos package index {index_url} offers no {pair_label(pair)} package",
            hint="build or find one and run `syndicate models install --from FILE.argosmodel`",
        )
    return max(matching, key=version_key)


def _download_package(entry: IndexEntry, folder: Path, *, timeout: float, progress: ProgressCallback | None) -> Path:
    """Download ``entry`` into ``folder``, trying its links in order."""
    target = folder / f"translate-{entry.from_code}_{entry.to_code}.argosmodel"
    report = (lambda done, total: progress(entry.label, done, total)) if progress else None
    failure = ModelError(f"the index lists no download link for {entry.label}", hint=OFFLINE_HINT)
    for link in entry.links:
        try:
            with open(target, "wb") as sink:
                _download(link, sink, timeout=timeout, what=f"the {entry.label} package", progress=report)
            return target
        except OSError as error:
            reason = error.strerror or error
            raise ModelError(f"could not save the {entry.label} package in {folder} ({reason})") from error
        except ModelError as error:
            failure = error
    raise failure


def _download(
    url: str, sink: BinaryIO, *, timeout: float, what: str,
    progress: Callable[[int, int | None], None] | None = None, max_bytes: int = MAX_UNPACKED_BYTES,
) -> None:
    """GET ``url`` into ``sink`` with a size cap; ModelError naming ``what`` when it fails."""
    import http.client
    import urllib.error
    import urllib.request

    if not url.startswith(("http://", "https://")):
        raise ModelError(f"can't download {what} from {url}: only http and https are supported", hint=OFFLINE_HINT)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            while chunk := response.read(_CHUNK):
                done += len(chunk)
                if done > max_bytes:
                    raise ModelError(f"{what} at {url} is larger than {max_bytes:,} bytes")
                sink.write(chunk)
                if progress:
                    progress(done, total)
        if total is not None and done < total:
            raise ModelError(f"the download of {what} from {url} was cut short ({done:,} of {total:,} bytes)",
                             hint=OFFLINE_HINT)
    except urllib.error.HTTPError as error:
        raise ModelError(f"{what} is unreachable at {url} (HTTP {error.code})", hint=OFFLINE_HINT) from error
    except urllib.error.URLError as error:
        reason = getattr(error.reason, "strerror", None) or error.reason
        raise ModelError(f"{what} is unreachable at {url} ({reason})", hint=OFFLINE_HINT) from error
    except (TimeoutError, ConnectionError, http.client.HTTPException) as error:
        # raised while reading the body; IncompleteRead when the server sends less than it announced
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise ModelError(f"{what} is unreachable at {url} ({reason})", hint=OFFLINE_HINT) from error


# --- removing -----------------------------------------------------------------------------------


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
