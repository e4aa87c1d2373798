"""Installing from the Argos package index: reading the index, choosing the newest package, downloading it.

Index entries are read with argostranslate's own ``AvailablePackage`` (imported lazily: importing
argostranslate creates its data folders).
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

from ...errors import ModelError
from ...languages import Language
from .archive import _CHUNK, MAX_UNPACKED_BYTES, InstallResult, _install_archive
from .packages import _tags, pair_label, route_pairs
from .report import models_report
from .staging import _make_staging_dir

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
OFFLINE_HINT = (
    "offline? download the .argosmodel file elsewhere and run "
    "`syndicate models install --from FILE.argosmodel`"
)
USER_AGENT = "syndicate (Argos Translate package installer)"

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

    The proxy variables are read now; ``proxy.proxy_for`` picks the proxy for each URL.
    """
    import http.client
    import urllib.error
    import urllib.request

    from ...fetch.proxy import environment_proxies, proxy_for, urllib_opener

    if not url.startswith(("http://", "https://")):
        raise ModelError(f"can't download {what} from {url}: only http and https are supported", hint=OFFLINE_HINT)
    proxies = environment_proxies()
    proxy = proxy_for(url, proxies)
    through = f" through proxy {proxy.url}" if proxy else ""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib_opener(proxies).open(request, timeout=timeout) as response:
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
        raise ModelError(f"{what} is unreachable at {url}{through} (HTTP {error.code})", hint=OFFLINE_HINT) from error
    except urllib.error.URLError as error:
        reason = getattr(error.reason, "strerror", None) or error.reason
        raise ModelError(f"{what} is unreachable at {url}{through} ({reason})", hint=OFFLINE_HINT) from error
    except (TimeoutError, ConnectionError, http.client.HTTPException) as error:
        # raised while reading the body; IncompleteRead when the server sends less than it announced
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise ModelError(f"{what} is unreachable at {url}{through} ({reason})", hint=OFFLINE_HINT) from error
