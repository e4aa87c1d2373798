"""Reading a source document: an http(s) URL, a local file or stdin, decoded to text.

This is the only module that reads a source. Web pages and HTML files are decoded by
``decode.decode_html`` and must look like HTML; ``.txt``, ``.md`` and ``.markdown`` files, and
stdin that isn't HTML, are plain text or Markdown (``Page.kind`` says which), decoded by
``decode.decode_text``. URLs are fetched with ``http.download_url``.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from ..errors import ContentError, FetchError
from .decode import decode_html, decode_text, looks_like_html
from .http import download_url, format_size, media_type, url_scheme

Kind = Literal["html", "text", "markdown"]

# What a file's name says it holds, when it isn't HTML.
_TEXT_SUFFIXES: dict[str, Kind] = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
_FILE_EXTENSIONS = {"html", "htm", "xhtml", "txt", "md", "markdown", "xml", "json", "gz"}


@dataclass(frozen=True)
class Page:
    """A source document as read, decoded to text."""

    source: str  # what the user gave: URL, file path, or "-"
    url: str | None  # final URL after redirects (None for files and stdin)
    html: str  # the decoded document: HTML, or the text itself for kind "text" and "markdown"
    encoding: str  # Python codec name used to decode, e.g. "utf-8", "cp1256", "cp1251"
    content_type: str | None
    status: int | None  # HTTP status (None for files and stdin)
    kind: Kind = "html"


def read_source(source: str, *, timeout: float = 20.0, max_bytes: int = 10_000_000,
                stdin: BinaryIO | None = None) -> Page:
    """Read SOURCE: an http(s) URL, a local file path, or "-" for stdin (``stdin`` or sys.stdin)."""
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = _read_capped_stream(stream, max_bytes, what="input")
        return _page_from_bytes(source, data, description="stdin", kind=None)
    scheme = url_scheme(source)
    if scheme in ("http", "https"):
        return fetch_url(source, timeout=timeout, max_bytes=max_bytes)
    path = Path(source).expanduser()
    if path.exists() or scheme is None:
        return _read_file(source, path, max_bytes)
    raise FetchError(f"unsupported URL scheme {scheme!r} in {source}",
                     hint="give an http(s) URL, a local file path, or - for stdin")


def fetch_url(url: str, *, timeout: float = 20.0, max_bytes: int = 10_000_000,
              max_redirects: int = 5, proxies: Mapping[str, str] | None = None) -> Page:
    """GET an HTML page from an http(s) URL (see ``download_url``) and decode it."""
    download = download_url(url, timeout=timeout, max_bytes=max_bytes, max_redirects=max_redirects,
                            proxies=proxies, html_only=True)
    _check_html(download.body, download.content_type, description=download.url)
    text, encoding = decode_html(download.body, download.content_type)
    return Page(source=url, url=download.url, html=text, encoding=encoding,
                content_type=download.content_type, status=download.status)


def _page_from_bytes(source: str, data: bytes, *, description: str, kind: Kind | None) -> Page:
    """The Page of a file or stdin; ``kind`` None means HTML if it looks like HTML, else text."""
    if kind is None:
        kind = "html" if looks_like_html(data) else "text"
    if kind == "html":
        _check_html(data, None, description=description)
        text, encoding = decode_html(data, None)
    else:
        _check_text(data, description)
        text, encoding = decode_text(data, None)
    return Page(source=source, url=None, html=text, encoding=encoding, content_type=None, status=None, kind=kind)


def _check_not_empty(data: bytes, description: str) -> None:
    if not data.strip():
        raise ContentError(f"the page is empty: {description}")


def _check_text(data: bytes, description: str) -> None:
    _check_not_empty(data, description)
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ContentError(f"not a text document: {description} holds binary data",
                           hint="give a web page, an HTML file, or a .txt or Markdown file")


def _check_html(data: bytes, content_type: str | None, *, description: str) -> None:
    _check_not_empty(data, description)
    if media_type(content_type) is None and not looks_like_html(data):
        raise ContentError(f"not an HTML page: {description} has no content type and doesn't look like HTML")


def _read_file(source: str, path: Path, max_bytes: int) -> Page:
    if not path.exists():
        hint = f"for a web page, give the full URL: https://{source}" if _looks_like_host(source) else None
        raise FetchError(f"no such file: {source}", hint=hint)
    if path.is_dir():
        raise FetchError(f"{source} is a folder, not a file")
    try:
        with path.open("rb") as stream:
            data = _read_capped_stream(stream, max_bytes, what=f"file {source}")
    except OSError as error:
        raise FetchError(f"cannot read {source}: {error.strerror or error}") from error
    return _page_from_bytes(source, data, description=source, kind=_TEXT_SUFFIXES.get(path.suffix.lower(), "html"))


def _looks_like_host(source: str) -> bool:
    """Whether SOURCE starts like ``www.example.org/...`` (a URL typed without its scheme)."""
    first = source.split("/", 1)[0].lower()
    match = re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.([a-z]{2,})", first)
    return bool(match) and match.group(1) not in _FILE_EXTENSIONS


def _read_capped_stream(stream: BinaryIO, max_bytes: int, *, what: str) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ContentError(f"{what} larger than {format_size(max_bytes)}")
    return data
