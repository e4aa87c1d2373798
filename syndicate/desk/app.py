"""The desk's Flask app: its settings, state and the proxy it believes; the pages are routes.py's.

Flask because the library is synchronous (SQLite, CTranslate2) and Flask's request model is
too: no async layer to bridge, a test client built in, Jinja2 shared with the export. Every
state-changing request is a POST carrying the session's CSRF token; every page is rendered by an
autoescaping template; one lock serialises the desk's writes (the output folder's fcntl lock is
per process), and the output lock is waited for briefly, so a running batch makes a save fail
with 503, not hang.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from ..settings import Settings
from ..workspace import Workspace
from .security import LoginLimiter, host_name
from .users import MAX_SESSION_AGE, UserStore

DESK_LOCK_WAIT = 10.0  # seconds a save waits for another run writing the output folder


@dataclass
class DeskState:
    """What one desk process holds: settings, stores, the engine (loaded on the first correction)."""

    settings: Settings
    workspace: Workspace
    users: UserStore
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    engine: object = None
    hooks: dict = field(default_factory=dict)  # glossary digests → hook
    written: set = field(default_factory=set)  # (glossary file, its digest) as this desk last wrote it
    trusted_hosts: frozenset[str] | None = None  # host names answered (None: any)

    @property
    def blocking_checks(self) -> frozenset[str]:
        from ..editions.gate import resolve_blocking_checks

        return resolve_blocking_checks(self.settings.blocking_checks)

    def glossary_paths(self) -> tuple[Path, ...]:
        from ..glossary.files import default_glossary_paths

        return default_glossary_paths(self.settings)

    def hook(self):
        """The glossary hook for the glossary files as they are now (reloaded after an edit)."""
        from ..job import load_hook
        from .views import file_digest

        paths = self.glossary_paths()
        key = tuple((str(path), file_digest(path)) for path in paths)
        if key not in self.hooks:
            self.hooks = {key: load_hook(self.settings, paths)}
        return self.hooks[key]

    def get_engine(self):
        if self.engine is None:
            from ..translate.engine import Engine

            self.engine = Engine.from_settings(self.settings)
        return self.engine

    def store(self):
        from ..editions.store import EditionStore

        return EditionStore(self.workspace.editions)

    def output_folder(self):
        from ..job import OutputFolder

        return OutputFolder(replace(self.settings, lock_wait=min(self.settings.lock_wait, DESK_LOCK_WAIT)),
                            command="desk")


def secret_key(workspace: Workspace) -> bytes:
    """The key signing session cookies, kept (mode 600) in the workspace so logins survive a restart."""
    import os

    path = workspace.root / "desk-secret"
    if path.is_file() and path.stat().st_size >= 32:
        return path.read_bytes()
    workspace.create()
    key = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
    return key


def create_app(settings: Settings, *, secret: bytes | None = None, trusted_hosts: list[str] | None = None):
    """The desk for ``settings``' output folder (its workspace holds the editions and users).

    ``trusted_hosts``: the host names to answer, ports aside (others get 400: a page elsewhere
    can't reach a desk on 127.0.0.1 through DNS rebinding); None answers any. With the setting
    desk_proxy, the X-Forwarded-* headers of requests from that address (and from no other) say
    who the client is and whether it came over HTTPS; the session cookie is Secure when it did."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface

    from ..resources import package_file
    from .routes import desk

    class SessionCookie(SecureCookieSessionInterface):
        def get_cookie_secure(self, app) -> bool:
            from flask import request

            return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure

    workspace = Workspace.of(settings)
    app = Flask("syndicate.desk", template_folder=str(package_file("templates")),
                static_folder=str(package_file("desk", "static")), static_url_path="/static")
    app.config.update(
        SECRET_KEY=secret or secret_key(workspace),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME="syndicate_desk",
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=MAX_SESSION_AGE),
        MAX_CONTENT_LENGTH=256 * 1024,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.session_interface = SessionCookie()
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    state = DeskState(settings, workspace, UserStore(workspace.root / "desk.sqlite3"),
                      trusted_hosts=frozenset(host_name(host) for host in trusted_hosts) if trusted_hosts else None)
    app.extensions["syndicate"] = state
    app.wsgi_app = TrustedProxy(app.wsgi_app, settings.desk_proxy)
    app.register_blueprint(desk)
    return app


class TrustedProxy:
    """WSGI middleware: the X-Forwarded-For, -Proto and -Host headers (one proxy's worth) are
    believed from the ``proxy``'s address only (None: from nobody); anyone else's are dropped
    before the app sees them. The one place the desk decides this: its server passes the
    headers through (waitress' clear_untrusted_proxy_headers is off)."""

    FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                 "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX", "HTTP_FORWARDED")

    def __init__(self, app, proxy: str | None):
        from werkzeug.middleware.proxy_fix import ProxyFix

        self.app = app
        self.proxy = proxy
        self.through_proxy = ProxyFix(app, x_for=1, x_proto=1, x_host=1)

    def __call__(self, environ, start_response):
        if self.proxy is not None and environ.get("REMOTE_ADDR") == self.proxy:
            return self.through_proxy(environ, start_response)
        for name in self.FORWARDED:
            environ.pop(name, None)
        return self.app(environ, start_response)
