"""The desk behind a real TLS reverse proxy: Debian's nginx, started on 127.0.0.1 with a
self-signed certificate, in front of `syndicate desk` (a subprocess) with desk_proxy set.

nginx reaches the desk from 127.0.0.2 (``proxy_bind``), the address desk_proxy names, while the
test's own direct requests come from 127.0.0.1: so the desk must believe the X-Forwarded-*
headers of the one and not of the other.
"""

from __future__ import annotations

import http.client
import re
import shutil
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from plugin_desk import (DESK_EDITOR, DESK_PASSWORD, DeskServer, free_port, stop, syndicate_command,
                         wait_until_serving)
from requires import missing

NGINX = Path("/usr/sbin/nginx")
PROXY_ADDRESS = "127.0.0.2"

NGINX_CONF = """daemon off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {root}/cert.pem;
        ssl_certificate_key {root}/key.pem;
        location / {{
            proxy_pass http://127.0.0.1:{desk_port};
            proxy_bind {proxy_address};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $host;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def tls_desk(desk_site, desk_user, tmp_path_factory):
    """(https port of nginx, the desk's own http port, an SSL context trusting the certificate)."""
    if not NGINX.is_file():
        missing(f"{NGINX} is not installed: run scripts/setup.sh (Debian package nginx-light)")
    if shutil.which("openssl") is None:
        missing("openssl is not installed: run scripts/setup.sh (Debian package openssl)")
    root = tmp_path_factory.mktemp("tls_proxy")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(root / "key.pem"),
                    "-out", str(root / "cert.pem")], check=True, capture_output=True)
    desk_port, port = free_port(), free_port()
    log = root / "desk.log"
    with log.open("wb") as sink:
        desk = subprocess.Popen([syndicate_command(), "desk", "--out", str(desk_site.out), "--port", str(desk_port)],
                                cwd=desk_site.root, env={**desk_site.env, "SYNDICATE_DESK_PROXY": PROXY_ADDRESS},
                                stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT)
    (root / "nginx.conf").write_text(NGINX_CONF.format(root=root, port=port, desk_port=desk_port,
                                                       proxy_address=PROXY_ADDRESS))
    nginx = subprocess.Popen([str(NGINX), "-c", str(root / "nginx.conf"), "-p", str(root)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(DeskServer(f"http://127.0.0.1:{desk_port}", desk, log))
        context = ssl.create_default_context(cafile=str(root / "cert.pem"))
        deadline = time.monotonic() + 20
        while True:
            try:
                assert request(port, context, "GET", "/login").status == 200
                break
            except (ConnectionError, OSError):
                if nginx.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("nginx did not start: " + (root / "error.log").read_text(errors="replace"))
                time.sleep(0.1)
        yield port, desk_port, context
    finally:
        stop(nginx)
        stop(desk)


class Reply:
    def __init__(self, response: http.client.HTTPResponse):
        self.status = response.status
        self.headers = response.headers
        self.text = response.read().decode("utf-8", "replace")

    def cookie(self) -> str | None:
        """The syndicate_desk Set-Cookie header, if any."""
        return next((c for c in self.headers.get_all("Set-Cookie") or () if c.startswith("syndicate_desk=")), None)


def request(port: int, context: ssl.SSLContext | None, method: str, path: str, *, cookie: str | None = None,
            body: str | None = None, headers: dict | None = None) -> Reply:
    if context is None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    else:
        connection = http.client.HTTPSConnection("localhost", port, timeout=10, context=context)
    sent = dict(headers or {})
    if cookie:
        sent["Cookie"] = cookie.split(";", 1)[0]
    if body is not None:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=sent)
        return Reply(connection.getresponse())
    finally:
        connection.close()


def log_in(port: int, context: ssl.SSLContext | None, headers: dict | None = None) -> Reply:
    from urllib.parse import urlencode

    page = request(port, context, "GET", "/login", headers=headers)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return request(port, context, "POST", "/login", cookie=page.cookie(), headers=headers,
                   body=urlencode({"name": DESK_EDITOR, "password": DESK_PASSWORD, "csrf": csrf}))


def test_through_the_tls_proxy_the_session_cookie_is_secure_and_works(tls_desk):
    port, _, context = tls_desk
    reply = log_in(port, context)
    assert reply.status == 302, reply.text
    cookie = reply.cookie()
    flags = [part.strip().lower() for part in cookie.split(";")]
    assert "secure" in flags and "httponly" in flags and "samesite=strict" in flags
    assert request(port, context, "GET", "/", cookie=cookie).status == 200


def test_forwarded_headers_from_anyone_but_the_proxy_are_not_believed(tls_desk):
    _, desk_port, _ = tls_desk
    reply = log_in(desk_port, None, headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert reply.status == 302, reply.text
    assert "secure" not in [part.strip().lower() for part in reply.cookie().split(";")]
