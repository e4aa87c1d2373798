"""A real HTTP server on 127.0.0.1 for tests that fetch URLs (no test touches the internet).

Fixtures:

``http_server``
    A ``LocalServer`` running in a thread for one test. Declare routes, then fetch their URLs::

        def test_extract_khaama(http_server, corpus):
            url = http_server.route("/khaama", (corpus / "outlets" / "khaama.html").read_bytes())
            page = read_source(url, timeout=1)          # or run_cli("extract", url)

    ``route(path, body, *, status=200, content_type="text/html; charset=utf-8", headers=None,
    delay=0, drip=0, piece=16384, drip_headers=False, compress=None)`` returns the absolute URL. ``body`` is bytes (sent with a
    Content-Length) or an iterable of byte chunks (sent chunked, without one; may be endless,
    e.g. ``itertools.repeat(b"<p>x</p>")``; an iterator serves one request, a list any number).
    ``path`` matches the request path including any query string. ``content_type=None`` sends
    no Content-Type.
    ``delay`` sleeps before the response, ``drip`` between chunks (seconds); a bytes body is
    written ``piece`` bytes at a time, and ``drip_headers=True`` sends the status line and
    headers one byte per ``drip`` too (a slow-drip server). ``compress`` is
    "gzip" or "deflate": the body is compressed and Content-Encoding set.
    ``redirect(path, to, status=302)`` answers with a Location (``to`` may be relative or
    absolute), so chains and loops are a few lines. Unknown paths get a 404.
    ``requests`` lists every request received as ``(path, headers)``, to check what a
    client sent (User-Agent, Accept-Encoding...); ``url(path)`` builds an absolute URL.

``refused_url``
    An http URL on a 127.0.0.1 port nothing listens on: connecting is refused.

``hanging_url``
    An http URL on a 127.0.0.1 port whose accept queue is full: connecting hangs.

``forward_proxy``
    A ``ForwardProxy`` on 127.0.0.1: GETs with an absolute URI are forwarded to their target,
    CONNECT opens a tunnel; ``requests`` lists ``(method, target, headers)`` it received and
    ``url`` is its address (``http://127.0.0.1:PORT``). With ``proxy.require_auth = True`` it
    answers every request 407 Proxy Authentication Required.

``no_proxy_variables`` (autouse)
    Every test starts with no ``*_proxy`` variable set, so a developer's proxy never
    reroutes the local servers; proxy tests set theirs with ``monkeypatch.setenv``.

``serve(ssl_context=None)`` is the context manager behind ``http_server``; pass a server-side
``ssl.SSLContext`` for an https server.

Sleeping handlers wake up when the test ends, so a slow route never slows teardown.
"""

from __future__ import annotations

import gzip
import http.client
import os
import selectors
import socket
import ssl
import threading
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest


@dataclass(frozen=True)
class Route:
    """What the server answers on one path."""

    body: bytes | Iterable[bytes] = b""
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    drip: float = 0.0
    compress: str | None = None
    piece: int = 16_384
    drip_headers: bool = False


@dataclass
class LocalServer:
    """Routes served by a ThreadingHTTPServer on 127.0.0.1 (see the module docstring)."""

    base_url: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, body: bytes | Iterable[bytes] = b"", *, status: int = 200,
              content_type: str | None = "text/html; charset=utf-8", headers: dict[str, str] | None = None,
              delay: float = 0.0, drip: float = 0.0, compress: str | None = None, piece: int = 16_384,
              drip_headers: bool = False) -> str:
        """Serve ``body`` on ``path``; returns the absolute URL."""
        if compress not in (None, "gzip", "deflate"):
            raise ValueError(f"compress must be gzip or deflate, not {compress!r}")
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update(headers or {})
        self.routes[path] = Route(body, status, tuple(all_headers.items()), delay, drip, compress, piece, drip_headers)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        """Answer ``path`` with a redirect to ``to``; returns the absolute URL of ``path``."""
        return self.route(path, b"", status=status, content_type=None, headers={"Location": to})


def _compress(data: bytes, method: str | None) -> bytes:
    if method == "gzip":
        return gzip.compress(data)
    if method == "deflate":
        return zlib.compress(data)
    return data


def _compress_stream(chunks: Iterable[bytes], method: str) -> Iterable[bytes]:
    compressor = zlib.compressobj(wbits=31 if method == "gzip" else 15)
    for chunk in chunks:
        yield compressor.compress(chunk) + compressor.flush(zlib.Z_SYNC_FLUSH)
    yield compressor.flush()


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            server.requests.append((self.path, dict(self.headers.items())))
            route = server.routes.get(self.path)
            if route is None:
                route = Route(b"<html><body>not found</body></html>", 404, (("Content-Type", "text/html"),))
            if route.delay and server.stopping.wait(route.delay):
                return
            self.send_response(route.status)
            for name, value in route.headers:
                self.send_header(name, value)
            if route.compress:
                self.send_header("Content-Encoding", route.compress)
            self.send_header("Connection", "close")
            if isinstance(route.body, bytes):
                body = _compress(route.body, route.compress)
                self.send_header("Content-Length", str(len(body)))
                if not self._end_headers(route):
                    return
                self._write_chunks([body[i : i + route.piece] for i in range(0, len(body), route.piece)], route)
            else:
                self.send_header("Transfer-Encoding", "chunked")
                if not self._end_headers(route):
                    return
                chunks = _compress_stream(route.body, route.compress) if route.compress else route.body
                framed = (b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks if chunk)
                if self._write_chunks(framed, route):
                    self.wfile.write(b"0\r\n\r\n")

        def _end_headers(self, route: Route) -> bool:
            if not route.drip_headers:
                self.end_headers()
                return True
            head, self._headers_buffer = b"".join(self._headers_buffer) + b"\r\n", []
            return self._write_chunks([head[i : i + 1] for i in range(len(head))], route)

        def _write_chunks(self, chunks: Iterable[bytes], route: Route) -> bool:
            for chunk in chunks:
                if server.stopping.is_set():
                    return False
                self.wfile.write(chunk)
                if route.drip and server.stopping.wait(route.drip):
                    return False
            return True

        def log_message(self, format, *args):  # keep test output clean
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass  # clients that time out or stop reading early close the socket on purpose


@contextmanager
def serve(ssl_context: ssl.SSLContext | None = None) -> Iterator[LocalServer]:
    """Run a LocalServer on 127.0.0.1 (https with ``ssl_context``) until the block ends."""
    local = LocalServer(base_url="")
    httpd = _QuietServer(("127.0.0.1", 0), _handler_for(local))
    if ssl_context is not None:
        httpd.socket = ssl_context.wrap_socket(httpd.socket, server_side=True)
    scheme = "https" if ssl_context is not None else "http"
    local.base_url = f"{scheme}://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield local
    finally:
        local.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """A LocalServer on 127.0.0.1, running for the duration of one test."""
    with serve() as local:
        yield local


@pytest.fixture
def refused_url() -> str:
    """An http URL whose port was just freed: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/article"


@pytest.fixture
def hanging_url() -> Iterator[str]:
    """An http URL whose listener never accepts and has a full queue: connecting to it hangs."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=1):  # fills the queue
            yield f"http://127.0.0.1:{port}/article"


@pytest.fixture(autouse=True)
def no_proxy_variables(monkeypatch):
    """Remove HTTP_PROXY, https_proxy, NO_PROXY... for the test (see the module docstring)."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)


@dataclass
class ForwardProxy:
    """A forward HTTP proxy on 127.0.0.1 that records what it was asked (see the module docstring)."""

    url: str = ""
    require_auth: bool = False
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)


def _proxy_handler_for(proxy: ForwardProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _refuse_without_auth(self) -> bool:
            proxy.requests.append((self.command, self.path, dict(self.headers.items())))
            if not proxy.require_auth:
                return False
            self.send_response(407)
            self.send_header("Proxy-Authenticate", 'Basic realm="test"')
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            return True

        def do_GET(self):
            if self._refuse_without_auth():
                return
            parts = urlsplit(self.path)  # an absolute URI: http://host:port/path?query
            target = http.client.HTTPConnection(parts.netloc, timeout=5)
            try:
                target.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers={k: v for k, v in self.headers.items()
                                                          if not k.lower().startswith("proxy-")})
                response = target.getresponse()
                body = response.read()
            finally:
                target.close()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def do_CONNECT(self):
            if self._refuse_without_auth():
                return
            host, port = self.path.rsplit(":", 1)
            with socket.create_connection((host, int(port)), timeout=5) as upstream:
                self.close_connection = True
                self.send_response(200, "Connection established")
                self.end_headers()
                self.wfile.flush()
                with selectors.DefaultSelector() as selector:
                    selector.register(self.connection, selectors.EVENT_READ, upstream)
                    selector.register(upstream, selectors.EVENT_READ, self.connection)
                    while events := selector.select(timeout=5):
                        for key, _ in events:
                            data = key.fileobj.recv(65536)
                            if not data:
                                return
                            key.data.sendall(data)

        def log_message(self, format, *args):
            pass

    return Handler


@pytest.fixture
def forward_proxy() -> Iterator[ForwardProxy]:
    """A ForwardProxy on 127.0.0.1, running for the duration of one test."""
    proxy = ForwardProxy()
    httpd = _QuietServer(("127.0.0.1", 0), _proxy_handler_for(proxy))
    proxy.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
