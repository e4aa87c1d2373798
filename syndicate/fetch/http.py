"""The one HTTP client: pages, feeds, sitemaps and model packages are all fetched here.

``download_url`` reads a response into memory; ``download_to`` streams one into a file. Both
follow redirects, cap the size, go through the proxy ``proxy.py`` picks for each URL and send
the one ``USER_AGENT``. The caller chooses how a fetch ends: ``timeout`` bounds the whole
fetch (connecting, headers, redirects, body) whatever the server does, ``stall_timeout`` only
the wait for the next bytes (a 300 MB package on a slow link takes minutes). urllib3 is
imported inside functions.
"""

from __future__ import annotations

import http.client
import io
import re
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import ContentError, FetchError
from ..urls import without_credentials

USER_AGENT = f"syndicate/{__version__} (newsroom syndication tool)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CHUNK_SIZE = 64 * 1024

# progress(bytes_done, bytes_total_or_None), called as a download advances
BytesRead = Callable[[int, int | None], None]


class RequestFailed(FetchError):
    """A FetchError from the HTTP client that also says what went wrong in a few words.

    ``reason`` is e.g. "HTTP 404", "Connection refused" or "timed out after 20 s"; ``proxy``
    is the proxy the request went through (None when direct).
    """

    def __init__(self, message: str, hint: str | None = None, *, reason: str = "", proxy: str | None = None):
        super().__init__(message, hint)
        self.reason = reason or message
        self.proxy = proxy


class CutShort(RequestFailed):
    """The connection closed before the body the server announced had arrived."""

    def __init__(self, message: str, hint: str | None = None, *, received: int = 0, expected: int = 0,
                 proxy: str | None = None):
        super().__init__(message, hint, reason=f"cut short at {received:,} of {expected:,} bytes", proxy=proxy)
        self.received = received
        self.expected = expected


@dataclass(frozen=True)
class Download:
    """The body of an http(s) response, as downloaded."""

    url: str  # final URL after redirects
    status: int
    content_type: str | None
    body: bytes  # decompressed


def download_url(url: str, *, timeout: float = 20.0, max_bytes: int = 10_000_000, max_redirects: int = 5,
                 proxies: Mapping[str, str] | None = None, html_only: bool = False) -> Download:
    """GET an http(s) URL into memory; the whole fetch must finish within ``timeout`` seconds.

    ``html_only`` asks for HTML and refuses other types. See ``download_to`` for the rest.
    """
    sink = io.BytesIO()
    final_url, status, content_type = _Fetch(url, timeout, None, proxies).get(
        sink, max_bytes=max_bytes, max_redirects=max_redirects, html_only=html_only)
    return Download(url=final_url, status=status, content_type=content_type, body=sink.getvalue())


def download_to(url: str, sink: BinaryIO, *, timeout: float | None = None, stall_timeout: float | None = None,
                max_bytes: int, max_redirects: int = 5, proxies: Mapping[str, str] | None = None,
                progress: BytesRead | None = None) -> str:
    """GET an http(s) URL, writing the decompressed body to ``sink``; returns the final URL.

    The fetch fails with a FetchError after ``timeout`` seconds in all, or when no bytes come
    for ``stall_timeout`` seconds (give one or both); CutShort when the connection closes before
    the announced length arrived; FetchError past ``max_bytes``. Up to ``max_redirects``
    redirects are followed. ``proxies`` maps schemes to proxies as ``proxy.environment_proxies()``
    returns them (read from the environment now when None). ``progress`` gets (bytes done,
    announced total or None) after each chunk.
    """
    return _Fetch(url, timeout, stall_timeout, proxies).get(
        sink, max_bytes=max_bytes, max_redirects=max_redirects, progress=progress)[0]


class _Deadline:
    """The end of a whole fetch: when it passes, the fetch's sockets are shut down, which wakes
    a read blocked on a server that sends a byte now and then (urllib3's timeouts are per read)."""

    def __init__(self, seconds: float | None):
        self.end = None if seconds is None else time.monotonic() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._fired = False
        self._timer = None if seconds is None else threading.Timer(seconds, self._expire)

    def __enter__(self) -> _Deadline:
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if self._timer is not None:
            self._timer.cancel()

    @property
    def passed(self) -> bool:
        return self._fired or (self.end is not None and time.monotonic() >= self.end)

    def remaining(self) -> float | None:
        return None if self.end is None else max(self.end - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if not self._fired:
                self._sockets.append(sock)
                return
        _shut_down(sock)

    def _expire(self) -> None:
        with self._lock:
            self._fired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut_down(sock)


def _shut_down(sock: socket.socket) -> None:
    try:
        # socket.socket's own method: SSLSocket.shutdown would drop its SSL object under the reading thread
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _watched_pool_classes(watch: Callable[[socket.socket], None]) -> dict[str, type]:
    """urllib3 pool classes whose connections pass every socket they open to ``watch``."""
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def watched(pool_class):
        class Connection(pool_class.ConnectionCls):
            def _new_conn(self):
                sock = super()._new_conn()
                watch(sock)  # the plain socket: a proxy's CONNECT answer is read from it
                return sock

            def connect(self):
                super().connect()
                watch(self.sock)  # the TLS socket, for https

        return type(pool_class.__name__, (pool_class,), {"ConnectionCls": Connection})

    return {"http": watched(HTTPConnectionPool), "https": watched(HTTPSConnectionPool)}


class _Fetch:
    """One GET and its redirects, under one deadline."""

    def __init__(self, url: str, timeout: float | None, stall_timeout: float | None,
                 proxies: Mapping[str, str] | None):
        if timeout is None and stall_timeout is None:
            raise ValueError("a fetch needs a timeout, a stall_timeout or both")
        self.url = url
        self.timeout = timeout
        self.stall_timeout = stall_timeout
        self.proxies = proxies

    def get(self, sink: BinaryIO, *, max_bytes: int, max_redirects: int, html_only: bool = False,
            progress: BytesRead | None = None) -> tuple[str, int, str | None]:
        import urllib3

        from .proxy import Pools, auth_required, environment_proxies

        start = without_credentials(self.url)  # the password goes in a header, never in a message
        _check_http_url(start)
        login = _basic_auth(self.url)
        proxies = environment_proxies() if self.proxies is None else self.proxies
        headers = {
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1" if html_only else "*/*",
            "Accept-Encoding": "gzip, deflate",
        }
        visited = [start]
        with _Deadline(self.timeout) as deadline:
            pool_classes = _watched_pool_classes(deadline.watch)
            with Pools(proxies, pool_classes=pool_classes, cert_reqs="CERT_REQUIRED") as pools:
                current = start
                while True:
                    pool, proxy = pools.for_url(current)
                    wait = min(t for t in (deadline.remaining(), self.stall_timeout) if t is not None)
                    # the credentials go to the origin they were given for, not to where it redirects
                    sent = headers | login if login and _origin(current) == _origin(start) else headers
                    try:
                        response = pool.request(
                            "GET", current, headers=sent, redirect=False, retries=False, preload_content=False,
                            timeout=urllib3.Timeout(connect=wait, read=wait),
                        )
                    except (urllib3.exceptions.HTTPError, OSError, http.client.HTTPException) as error:
                        raise self._failure(error, current, proxy, deadline) from error
                    try:
                        if response.status in REDIRECT_STATUSES:
                            current = _redirect_target(response, current, visited, max_redirects)
                            continue
                        if response.status == 407 and proxy is not None:
                            error = auth_required(proxy)
                            raise RequestFailed(error.message, error.hint, reason="HTTP 407", proxy=proxy.url)
                        if response.status >= 400:
                            raise _status_error(response.status, response.reason, current, proxy)
                        content_type = response.headers.get("Content-Type")
                        if html_only:
                            _check_declared_type(content_type)
                        self._read_body(response, sink, max_bytes, progress, current, proxy, deadline)
                    finally:
                        response.close()
                    return current, response.status, content_type

    def _read_body(self, response, sink: BinaryIO, max_bytes: int, progress: BytesRead | None, url: str,
                   proxy, deadline: _Deadline) -> None:
        import urllib3

        length = _content_length(response.headers.get("Content-Length"))
        if length is not None and length > max_bytes:
            raise FetchError(f"response larger than {format_size(max_bytes)} from {url}",
                             hint=f"it announces {format_size(length)}")
        total = None if response.headers.get("Content-Encoding") else length
        chunks = response.stream(CHUNK_SIZE, decode_content=True)
        done = 0
        while True:
            try:
                chunk = next(chunks, None)
            except urllib3.exceptions.DecodeError as error:
                encoding = response.headers.get("Content-Encoding", "compressed")
                raise ContentError(f"could not decompress the {encoding} response from {url}") from error
            except (urllib3.exceptions.HTTPError, OSError, http.client.HTTPException) as error:
                raise self._failure(error, url, proxy, deadline) from error
            if deadline.passed:  # a shut-down socket reads as the end of the body
                raise self._timed_out(url, proxy)
            if chunk is None:
                return
            done += len(chunk)
            if done > max_bytes:  # a fetch that can't finish: a fetch error (exit 3), like a timeout
                raise FetchError(f"response larger than {format_size(max_bytes)} from {url}")
            sink.write(chunk)
            if progress:
                progress(done, total)

    def _failure(self, error: Exception, url: str, proxy, deadline: _Deadline) -> RequestFailed:
        """The RequestFailed for an exception urllib3 raised while fetching ``url``."""
        import urllib3.exceptions as exc

        from .proxy import proxy_error

        if deadline.passed:
            return self._timed_out(url, proxy)
        if isinstance(error, exc.ProxyError):
            failed = proxy_error(error, proxy)
            return RequestFailed(failed.message, failed.hint, reason=_os_reason(error) or failed.message,
                                 proxy=proxy.url)
        short = _incomplete_read(error)
        if short is not None:
            received, expected = short.partial, short.partial + short.expected
            return CutShort(f"the download from {url} was cut short ({received:,} of {expected:,} bytes)",
                            received=received, expected=expected, proxy=proxy and proxy.url)
        if isinstance(error, (exc.ConnectTimeoutError, exc.ReadTimeoutError, TimeoutError)) and not isinstance(
                error, exc.NewConnectionError):
            return self._stalled(url, proxy)
        return _network_error(error, url, proxy)

    def _timed_out(self, url: str, proxy) -> RequestFailed:
        return _through(RequestFailed(f"timed out after {self.timeout:g} s fetching {url}",
                                      reason=f"timed out after {self.timeout:g} s"), proxy)

    def _stalled(self, url: str, proxy) -> RequestFailed:
        return _through(RequestFailed(f"no data for {self.stall_timeout:g} s from {url}",
                                      reason=f"no data for {self.stall_timeout:g} s"), proxy)


def _through(error: RequestFailed, proxy) -> RequestFailed:
    """``error``, naming the proxy the request went through (if any)."""
    if proxy is None:
        return error
    return type(error)(f"{error.message} (through proxy {proxy.url})", error.hint, reason=error.reason,
                       proxy=proxy.url)


def _incomplete_read(error: BaseException):
    """The IncompleteRead behind ``error`` (urllib3 wraps it in a ProtocolError), if any."""
    import urllib3.exceptions as exc

    for inner in (error, *error.args):
        if isinstance(inner, exc.IncompleteRead):
            return inner
    return None


def _os_reason(error: BaseException) -> str | None:
    """The operating system's words for what failed ("Connection refused"), found in ``error``'s chain."""
    seen = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError) and current.strerror:
            return current.strerror
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend(link for link in (current.__cause__, current.__context__) if link is not None)
    return None


def _network_error(error: Exception, url: str, proxy) -> RequestFailed:
    import urllib3.exceptions as exc

    host = urlsplit(url).hostname or url
    reason = _os_reason(error)
    if isinstance(error, exc.NameResolutionError):
        failed = RequestFailed(f"cannot resolve host {host}", "check the URL and the network connection",
                               reason=reason or "cannot resolve host")
    elif isinstance(error, exc.NewConnectionError):
        failed = RequestFailed(f"cannot connect to {host}: connection refused or unreachable",
                               "check the URL and the network connection", reason=reason or "cannot connect")
    elif isinstance(error, exc.SSLError):
        failed = RequestFailed(f"TLS error with {host}: {error}", "the site's certificate could not be verified",
                               reason="TLS error")
    elif isinstance(error, exc.LocationValueError):
        failed = RequestFailed(f"invalid URL {url}: {error}", reason="invalid URL")
    elif isinstance(error, (exc.ProtocolError, http.client.HTTPException, ConnectionError)):
        failed = RequestFailed(f"connection to {host} broke off while fetching {url}",
                               reason=reason or "connection broke off")
    else:
        failed = RequestFailed(f"could not fetch {url}: {error}", reason=reason or str(error))
    return _through(failed, proxy)


def _status_error(status: int, reason: str | None, url: str, proxy) -> RequestFailed:
    hints = {
        401: "the page needs a login",
        403: "the site refuses this request; save the page from a browser and give the file",
        404: "check the URL",
        410: "the page was removed",
        429: "the site is rate-limiting; try again later",
    }
    hint = hints.get(status, "the site had a problem; try again later" if status >= 500 else None)
    message = f"HTTP {status} {reason or ''}".rstrip() + f" for {url}"
    return _through(RequestFailed(message, hint, reason=f"HTTP {status}"), proxy)


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


def _basic_auth(url: str) -> dict[str, str]:
    """The Authorization header for the ``user:password@`` of ``url``; empty when it has none."""
    import base64
    from urllib.parse import unquote

    netloc = urlsplit(url).netloc
    if "@" not in netloc:
        return {}
    login = unquote(netloc.rpartition("@")[0]).encode("utf-8")
    return {"Authorization": "Basic " + base64.b64encode(login).decode("ascii")}


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _check_http_url(url: str) -> None:
    scheme = url_scheme(url)
    if scheme not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme {scheme!r} in {url}", hint="only http and https URLs")
    try:
        host = urlsplit(url).hostname
    except ValueError as error:
        raise FetchError(f"invalid URL {url}: {error}") from error
    if not host:
        raise FetchError(f"invalid URL {url}: no host name")


def url_scheme(source: str) -> str | None:
    """The scheme of a URL-looking SOURCE, lower-cased; None for paths (incl. C:\\ drives)."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]+):", source)
    return match.group(1).lower() if match else None


def media_type(content_type: str | None) -> str | None:
    """"text/html" for "text/html; charset=utf-8"; None when there is none."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _check_declared_type(content_type: str | None) -> None:
    declared = media_type(content_type)
    if declared is not None and declared not in HTML_TYPES:
        raise ContentError(f"not an HTML page ({declared})")


def _content_length(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def format_size(size: int) -> str:
    """A byte count as people read it: "10 MB", "200 kB", "512 bytes"."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    if size >= 1_000:
        return f"{size / 1_000:g} kB"
    return f"{size} bytes"

