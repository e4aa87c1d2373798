"""Installing from the Argos package index: reading the index, choosing the newest package, downloading it.

The index is a JSON list of package metadata (the fields of a package's ``metadata.json`` plus
``links``), read here without argostranslate.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from ...errors import ContentError, FetchError, ModelError
from ...languages import Language
from .archive import MAX_UNPACKED_BYTES, InstallResult, _install_archive
from .packages import ModelPackage, _tags, installed_packages, package_problems, pair_label, qa_pairs, route_pairs
from .staging import _make_staging_dir

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
OFFLINE_HINT = (
    "offline? download the .argosmodel file elsewhere and run "
    "`syndicate models install --from FILE.argosmodel`"
)

# progress(label, bytes_done, bytes_total_or_None), called as a download advances
ProgressCallback = Callable[[str, int, int | None], None]


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

    Entries that are not well-formed translation packages (sbd packages, codes or version missing,
    links not a list) are skipped.
    """
    data = io.BytesIO()
    _download(index_url, data, timeout=timeout, what="the Argos package index")
    try:
        entries = json.loads(data.getvalue())
    except ValueError as error:  # broken JSON or text that is not UTF-8
        raise ModelError(f"the Argos package index {index_url} is not valid ({error})", hint=OFFLINE_HINT) from error
    if not isinstance(entries, list):
        raise ModelError(f"the Argos package index {index_url} is not valid (not a list of packages)",
                         hint=OFFLINE_HINT)
    return tuple(entry for entry in map(_index_entry, entries) if entry is not None)


def _index_entry(metadata: object) -> IndexEntry | None:
    """One index entry, read as argostranslate reads it; None unless it is a well-formed translation package."""
    if not isinstance(metadata, dict) or metadata.get("type", "translate") != "translate":
        return None
    from_code, to_code = metadata.get("from_code"), metadata.get("to_code")
    version, links = metadata.get("package_version"), metadata.get("links", [])
    if not (isinstance(from_code, str) and from_code and isinstance(to_code, str) and to_code
            and isinstance(version, str) and isinstance(links, list)):
        return None
    names = (metadata.get("from_name"), metadata.get("to_name"))
    return IndexEntry(
        from_code=from_code, to_code=to_code, package_version=version,
        links=tuple(link for link in links if isinstance(link, str)),
        name=" → ".join(name if isinstance(name, str) else "" for name in names),
    )


def install_languages(
    languages: Sequence[Language], models_dir: Path, *, index_url: str | None = None,
    timeout: float = 20.0, progress: ProgressCallback | None = None,
    offered: Sequence[IndexEntry] | None = None, with_qa: bool = False,
) -> tuple[InstallResult, ...]:
    """Install the packages these languages' routes need (each pair once) from the Argos index;
    ``with_qa`` adds the reverse X→en packages their round-trip QA uses.

    Pairs already installed are reported as such and never downloaded; the index (see
    ``index_json_url``) is only read when something is missing, and not at all when the caller
    already read it (``offered``). ``progress`` is called as each download advances.
    """
    needed = route_pairs(languages)
    if with_qa:
        needed |= qa_pairs(languages)
    sound: dict[tuple[str, str], ModelPackage] = {}
    for package in installed_packages(models_dir):
        if package_problems(package.path):
            continue  # broken: installed again
        sound.setdefault(package.pair, package)
    results: dict[tuple[str, str], InstallResult] = {}
    for pair, users in needed.items():
        if pair in sound:
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
    """GET ``url`` into ``sink`` with a size cap; ModelError naming ``what`` when it fails.

    ``timeout`` is how long the server may send nothing, not a deadline for the whole download:
    a package of hundreds of MB on a slow link takes minutes.
    """
    from ...fetch.http import CutShort, RequestFailed, download_to

    try:
        download_to(url, sink, stall_timeout=timeout, max_bytes=max_bytes, progress=progress)
    except CutShort as error:
        raise ModelError(f"the download of {what} from {url} was cut short "
                         f"({error.received:,} of {error.expected:,} bytes)", hint=OFFLINE_HINT) from error
    except RequestFailed as error:
        through = f" through proxy {error.proxy}" if error.proxy else ""
        raise ModelError(f"{what} is unreachable at {url}{through} ({error.reason})", hint=OFFLINE_HINT) from error
    except FetchError as error:  # not an http(s) URL, a redirect loop, larger than max_bytes...
        raise ModelError(f"can't download {what} from {url}: {error.message}", hint=OFFLINE_HINT) from error
    except ContentError as error:  # broken compression
        raise ModelError(f"can't download {what}: {error.message}", hint=OFFLINE_HINT) from error
