"""Reading a source document: an http(s) URL, a local file or stdin, decoded to text.

This is the only module that reads a source. Every path ends in ``decode_html``, which picks
the charset (BOM, Content-Type header, ``<meta>`` declaration, then detection) and refuses
what is not an HTML page. ``download_url`` is the HTTP client under it (deadline, redirects,
size cap, the proxy from ``proxy.py``); batch runs read feeds and sitemaps with it too.
urllib3 and charset-normalizer are imported inside functions.
"""

from __future__ import annotations

import codecs
import re
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import ContentError, FetchError

USER_AGENT = f"syndicate/{__version__} (newsroom syndication tool)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CHUNK_SIZE = 64 * 1024
# Where a <meta> charset declaration is looked for. The HTML spec's prescan stops at 1 KB;
# real pages put long <script> blocks first, so look further (16 KB finds 691 of the 694
# declarations in the WCXB corpus).
MARKUP_PRESCAN_BYTES = 16 * 1024
# A page with invalid UTF-8 is still UTF-8 when stray bad bytes are rare next to valid
# multi-byte characters (a page with one corrupt byte); a mislabelled legacy page has many.
UTF8_MAX_BAD_RATIO = 0.02

# Labels browsers treat differently from Python's codec registry (WHATWG Encoding Standard).
_LABEL_OVERRIDES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252", "latin1": "cp1252",
    "latin-1": "cp1252", "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "cp819": "cp1252", "ibm819": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
    "iso-8859-8-i": "iso8859-8", "x-mac-cyrillic": "mac-cyrillic", "x-mac-ukrainian": "mac-cyrillic",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "shift_jis": "cp932", "sjis": "cp932", "ms_kanji": "cp932", "windows-31j": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "big5": "big5hkscs",
    "unicode-1-1-utf-8": "utf-8", "unicode11utf8": "utf-8", "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
}
# Codecs a web page may never be decoded with (utf-7 smuggles markup past filters).
_REFUSED_CODECS = {"utf-7"}

_FILE_EXTENSIONS = {"html", "htm", "xhtml", "txt", "xml", "json", "gz"}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([^"';\s]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_:.+-]+)""")
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|link|base|article|main|section|div|p|h[1-6]"
    rb"|table|script|style|iframe|font|b|br|a|!--|\?xml)[\s>/]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Page:
    """A source document as read, decoded to text."""

    source: str  # what the user gave: URL, file path, or "-"
    url: str | None  # final URL after redirects (None for files and stdin)
    html: str
    encoding: str  # Python codec name used to decode, e.g. "utf-8", "cp1256", "cp1251"
    content_type: str | None
    status: int | None  # HTTP status (None for files and stdin)


def read_source(source: str, *, timeout: float = 20.0, max_bytes: int = 10_000_000,
                stdin: BinaryIO | None = None) -> Page:
    """Read SOURCE: an http(s) URL, a local file path, or "-" for stdin (``stdin`` or sys.stdin)."""
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = _read_capped_stream(stream, max_bytes, what="input")
        return _page_from_bytes(source, data, description="stdin")
    scheme = _url_scheme(source)
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
    text, encoding = _decode_page(download.body, download.content_type, description=download.url)
    return Page(source=url, url=download.url, html=text, encoding=encoding,
                content_type=download.content_type, status=download.status)


@dataclass(frozen=True)
class Download:
    """The body of an http(s) response, as downloaded."""

    url: str  # final URL after redirects
    status: int
    content_type: str | None
    body: bytes  # decompressed


def download_url(url: str, *, timeout: float = 20.0, max_bytes: int = 10_000_000, max_redirects: int = 5,
                 proxies: Mapping[str, str] | None = None, html_only: bool = False) -> Download:
    """GET an http(s) URL, following up to ``max_redirects`` redirects; the whole fetch
    (connecting, redirects, download) must finish within ``timeout`` seconds.

    ``proxies`` maps schemes to proxies as ``proxy.environment_proxies()`` returns them (read
    from the environment now when None); each URL, redirect targets included, goes through
    the proxy ``proxy.proxy_for`` picks. ``html_only`` asks for HTML and refuses other types.
    """
    import urllib3

    from .proxy import Pools, auth_required, environment_proxies, proxy_error

    _check_http_url(url)
    if proxies is None:
        proxies = environment_proxies()
    deadline = time.monotonic() + timeout
    visited = [url]
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1" if html_only else "*/*",
        "Accept-Encoding": "gzip, deflate",
    }
    with Pools(proxies, cert_reqs="CERT_REQUIRED") as pools:
        current = url
        while True:
            pool, proxy = pools.for_url(current)
            remaining = max(deadline - time.monotonic(), 0.001)
            try:
                response = pool.request(
                    "GET", current, headers=headers, redirect=False, retries=False, preload_content=False,
                    timeout=urllib3.Timeout(connect=remaining, read=remaining),
                )
            except urllib3.exceptions.ProxyError as error:
                raise proxy_error(error, proxy) from error
            except urllib3.exceptions.HTTPError as error:
                raise _through(_network_error(error, current, timeout), proxy) from error
            try:
                if response.status in REDIRECT_STATUSES:
                    current = _redirect_target(response, current, visited, max_redirects)
                    continue
                if response.status == 407 and proxy is not None:
                    raise auth_required(proxy)
                if response.status >= 400:
                    raise _through(_status_error(response.status, response.reason, current), proxy)
                content_type = response.headers.get("Content-Type")
                if html_only:
                    _check_declared_type(content_type)
                _check_content_length(response.headers.get("Content-Length"), max_bytes, current)
                try:
                    data = _read_response(response, max_bytes, deadline, current, timeout)
                except FetchError as error:
                    raise _through(error, proxy) from error
            finally:
                response.close()
            return Download(url=current, status=response.status, content_type=content_type, body=data)


def _through(error: FetchError, proxy) -> FetchError:
    """``error``, naming the proxy the request went through (if any)."""
    if proxy is None:
        return error
    return FetchError(f"{error.message} (through proxy {proxy.url})", hint=error.hint)


def decode_html(data: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode an HTML document; returns (text, codec name).

    Order: byte-order mark; valid UTF-8 (mislabelled UTF-8 pages are common); the charset
    from ``content_type``, then from ``<meta>``/``<?xml?>``; UTF-8 with a few stray bytes;
    detection with charset-normalizer. ContentError when nothing decodes cleanly.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError:
                break
    declared = [codec for codec in (_charset_from_content_type(content_type), _charset_from_markup(data))
                if codec]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and (not text.isascii() or not declared):
        return text, "utf-8"
    for codec in declared:
        if text is not None and codec.startswith(("utf-16", "utf-32")) and b"\x00" not in data:
            continue  # ASCII bytes labelled UTF-16: the label is wrong
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    text = data.decode("utf-8", errors="replace")
    if _is_mostly_utf8(data, text):
        return text, "utf-8"
    return _detect(data)


def _page_from_bytes(source: str, data: bytes, *, description: str) -> Page:
    text, encoding = _decode_page(data, None, description=description)
    return Page(source=source, url=None, html=text, encoding=encoding, content_type=None, status=None)


def _decode_page(data: bytes, content_type: str | None, *, description: str) -> tuple[str, str]:
    if not data.strip():
        raise ContentError(f"the page is empty: {description}")
    if _media_type(content_type) is None and not looks_like_html(data):
        raise ContentError(f"not an HTML page: {description} has no content type and doesn't look like HTML")
    return decode_html(data, content_type)


def looks_like_html(data: bytes) -> bool:
    """Whether the first kilobyte starts with, or soon has, a common HTML tag."""
    head = data[:1024]
    for bom, codec in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):].decode(codec, errors="ignore").encode("utf-8")
            break
    if b"\x00" in head:
        return False
    return _HTML_START.search(head) is not None


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
    return _page_from_bytes(source, data, description=source)


def _looks_like_host(source: str) -> bool:
    """Whether SOURCE starts like ``www.example.org/...`` (a URL typed without its scheme)."""
    first = source.split("/", 1)[0].lower()
    match = re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.([a-z]{2,})", first)
    return bool(match) and match.group(1) not in _FILE_EXTENSIONS


def _read_capped_stream(stream: BinaryIO, max_bytes: int, *, what: str) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ContentError(f"{what} larger than {_format_size(max_bytes)}")
    return data


def _read_response(response, max_bytes: int, deadline: float, url: str, timeout: float) -> bytes:
    import urllib3

    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(CHUNK_SIZE, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raise ContentError(f"response larger than {_format_size(max_bytes)} from {url}")
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {timeout:g} s downloading {url}")
            chunks.append(chunk)
    except urllib3.exceptions.DecodeError as error:
        encoding = response.headers.get("Content-Encoding", "compressed")
        raise ContentError(f"could not decompress the {encoding} response from {url}") from error
    except urllib3.exceptions.HTTPError as error:
        raise _network_error(error, url, timeout) from error
    return b"".join(chunks)


def _redirect_target(response, current: str, visited: list[str], max_redirects: int) -> str:
    location = response.headers.get("Location")
    if not location:
        raise FetchError(f"HTTP {response.status} redirect without a Location header from {current}")
    target = urljoin(current, location.strip())
    if target in visited:
        raise FetchError("redirect loop: " + " → ".join([*visited[visited.index(target):], target]))
    if len(visited) > max_redirects:
        raise FetchError(f"too many redirects (more than {max_redirects}) starting at {visited[0]}",
                         hint=f"the last one pointed to {target}")
    _check_http_url(target)
    visited.append(target)
    return target


def _check_http_url(url: str) -> None:
    scheme = _url_scheme(url)
    if scheme not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme {scheme!r} in {url}", hint="only http and https URLs")
    try:
        host = urlsplit(url).hostname
    except ValueError as error:
        raise FetchError(f"invalid URL {url}: {error}") from error
    if not host:
        raise FetchError(f"invalid URL {url}: no host name")


def _url_scheme(source: str) -> str | None:
    """The scheme of a URL-looking SOURCE, lower-cased; None for paths (incl. C:\\ drives)."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]+):", source)
    return match.group(1).lower() if match else None


def _network_error(error: Exception, url: str, timeout: float) -> FetchError:
    import urllib3.exceptions as exc

    host = urlsplit(url).hostname or url
    if isinstance(error, exc.NameResolutionError):
        return FetchError(f"cannot resolve host {host}", hint="check the URL and the network connection")
    if isinstance(error, exc.NewConnectionError):
        return FetchError(f"cannot connect to {host}: connection refused or unreachable",
                          hint="check the URL and the network connection")
    if isinstance(error, (exc.ConnectTimeoutError, exc.ReadTimeoutError)):
        return FetchError(f"timed out after {timeout:g} s fetching {url}")
    if isinstance(error, exc.SSLError):
        return FetchError(f"TLS error with {host}: {error}", hint="the site's certificate could not be verified")
    if isinstance(error, exc.LocationValueError):
        return FetchError(f"invalid URL {url}: {error}")
    if isinstance(error, exc.ProtocolError):
        return FetchError(f"connection to {host} broke off while fetching {url}")
    return FetchError(f"could not fetch {url}: {error}")


def _status_error(status: int, reason: str | None, url: str) -> FetchError:
    hints = {
        401: "the page needs a login",
        403: "the site refuses this request; save the page from a browser and give the file",
        404: "check the URL",
        410: "the page was removed",
        429: "the site is rate-limiting; try again later",
    }
    hint = hints.get(status, "the site had a problem; try again later" if status >= 500 else None)
    return FetchError(f"HTTP {status} {reason or ''}".rstrip() + f" for {url}", hint=hint)


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _check_declared_type(content_type: str | None) -> None:
    media_type = _media_type(content_type)
    if media_type is not None and media_type not in HTML_TYPES:
        raise ContentError(f"not an HTML page ({media_type})")


def _check_content_length(content_length: str | None, max_bytes: int, url: str) -> None:
    try:
        length = int(content_length) if content_length else None
    except ValueError:
        return
    if length is not None and length > max_bytes:
        raise ContentError(f"response larger than {_format_size(max_bytes)} from {url}",
                           hint=f"it announces {_format_size(length)}")


def normalize_charset(label: str | None) -> str | None:
    """The Python codec for a charset label as browsers read it; None if unknown or unusable."""
    if not label:
        return None
    label = label.strip().strip("\"'").strip().lower()
    label = _LABEL_OVERRIDES.get(label, label)
    label = re.sub(r"^x-cp(\d+)$", r"cp\1", label)
    try:
        b"<".decode(label, "ignore")  # LookupError for unknown labels and bytes-to-bytes codecs
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return None if codec in _REFUSED_CODECS else codec


def _charset_from_content_type(content_type: str | None) -> str | None:
    match = _CHARSET_PARAM.search(content_type or "")
    return normalize_charset(match.group(1)) if match else None


def _charset_from_markup(data: bytes) -> str | None:
    head = data[:MARKUP_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    codec = normalize_charset(match.group(1).decode("ascii"))
    # A declaration readable as ASCII can't be UTF-16 (the HTML spec reads it as UTF-8).
    return "utf-8" if codec and codec.startswith("utf-16") else codec


def _is_mostly_utf8(data: bytes, replaced: str) -> bool:
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    multibyte = len(replaced) - len(replaced.encode("ascii", errors="ignore")) - bad
    return bad <= UTF8_MAX_BAD_RATIO * multibyte


def _detect(data: bytes) -> tuple[str, str]:
    import charset_normalizer

    for match in charset_normalizer.from_bytes(data):
        codec = normalize_charset(match.encoding)
        if not codec:
            continue
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise ContentError("could not decode the page", hint="its character encoding is unknown or broken")


def _format_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    if size >= 1_000:
        return f"{size / 1_000:g} kB"
    return f"{size} bytes"
