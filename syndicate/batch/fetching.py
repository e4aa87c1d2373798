"""Batch fetching: sources read from many threads, politely per host, then extracted and hashed.

``PoliteFetcher`` bounds the requests one host sees: at most ``per_host`` at a time, and
``interval`` seconds between the starts of two requests to it. ``fetch_article`` reads and
extracts one source and hashes what it found, so the batch can tell what changed since the
last run without translating anything. Pages download in parallel; extraction takes turns
(SharedExtractor).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..article import Article
from ..errors import FetchError
from .sources import Source, is_url

MAX_LIST_BYTES = 20_000_000


class PoliteFetcher:
    """Reads sources (URLs or files) from any thread, keeping to per-host limits."""

    def __init__(self, *, timeout: float, per_host: int = 2, interval: float = 0.0):
        self.timeout = timeout
        self.per_host = per_host
        self.interval = interval
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    def read(self, source: str):
        """The Page at ``source`` (fetch.read_source), waiting for a slot on its host."""
        from ..fetch import read_source

        host = urlsplit(source).netloc.lower()
        if not host:
            return read_source(source, timeout=self.timeout)
        with self._slot(host):
            return read_source(source, timeout=self.timeout)

    @contextmanager
    def _slot(self, host: str) -> Iterator[None]:
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with slot:
            if self.interval:
                with self._lock:
                    now = time.monotonic()
                    start = max(now, self._next_start.get(host, now))
                    self._next_start[host] = start + self.interval
                time.sleep(start - now)
            yield


class SharedExtractor:
    """The Extractor that fetch threads share, one page at a time.

    Extraction is pure Python and lxml under the GIL, so running it in parallel gains little,
    while trafilatura shares module-level lxml parsers between threads; one at a time is safe.
    The language detector loads on the first page that needs it, so a re-run that extracts
    nothing loads nothing.
    """

    def __init__(self, extractor):
        self._extractor = extractor
        self._lock = threading.Lock()

    def extract(self, html: str, *, url: str | None = None) -> Article:
        with self._lock:
            return self._extractor.extract(html, url=url)

    def detect_language(self, text: str) -> tuple[str | None, float | None]:
        with self._lock:
            return self._extractor.detect_language(text)


@dataclass(frozen=True)
class Fetched:
    """One source read and, unless its page is the one already exported, extracted."""

    source: str  # the source's key (sources.Source.key)
    page_hash: str
    article: Article | None  # None: the page is byte-identical to the exported one
    content_hash: str | None
    timings: dict[str, float]


def page_hash(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()


def content_hash(article: Article) -> str:
    """Hash of the Article's canonical JSON: what translation and export depend on."""
    canonical = json.dumps(article.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def fetch_article(source: Source, *, fetcher: PoliteFetcher, extractor, exported_page_hash: str | None = None,
                  allow_non_english: bool = False) -> Fetched:
    """Read and extract ``source``; skip extraction when the page hashes to ``exported_page_hash``.

    Raises FetchError/ContentError like ``syndicate translate`` does (non-English included).
    ``Fetched.source`` is the source's key.
    """
    started = time.perf_counter()
    page = fetcher.read(source.address)
    fetched = time.perf_counter()
    digest = page_hash(page.html)
    if exported_page_hash is not None and digest == exported_page_hash:
        return Fetched(source.key, digest, None, None, {"fetch": fetched - started})
    from ..job import extract_page

    article = extract_page(page, extractor, allow_non_english=allow_non_english)
    return Fetched(source.key, digest, article, content_hash(article),
                   {"fetch": fetched - started, "extract": time.perf_counter() - fetched})


def read_text_source(source: str, *, timeout: float) -> str:
    """A URL list, feed or sitemap as text, from an http(s) URL or a file."""
    from pathlib import Path

    if not is_url(source):
        try:
            return Path(source).read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise FetchError(f"cannot read {source}: {error.strerror or error}") from error
    from ..fetch import download_url

    data = download_url(source, timeout=timeout, max_bytes=MAX_LIST_BYTES).body
    return data.decode("utf-8", errors="replace")
