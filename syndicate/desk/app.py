"""The desk's Flask app: routes over job.OutputFolder and glossary.edit, as the logged-in editor.

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

from ..errors import BusyError, ConflictError, GlossaryError, SyndicateError, UsageError
from ..settings import Settings
from ..workspace import Workspace
from .security import HEADERS, LoginLimiter, host_name, new_token, tokens_match
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
    trusted_hosts: frozenset[str] | None = None  # host names answered (None: any)

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
    _register(app, state)
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


def _register(app, state: DeskState) -> None:  # noqa: C901 - the routes, one after another
    from flask import abort, flash, g, redirect, render_template, request, session, url_for

    from ..editions.inputs import MAX_NOTE, MAX_SENTENCE
    from ..languages import LANGUAGES
    from ..editions.gate import resolve_blocking_checks
    from . import views

    blocking_checks = resolve_blocking_checks(state.settings.blocking_checks)
    open_endpoints = {"login", "static"}

    @app.before_request
    def check_session():
        if state.trusted_hosts is not None and host_name(request.host) not in state.trusted_hosts:
            return "This desk doesn't answer to that host name.", 400, {"Content-Type": "text/plain; charset=utf-8"}
        g.user = state.users.session_user(session.get("sid"), state.settings.desk_idle_minutes * 60)
        if g.user is None:
            session.pop("sid", None)  # ended: logged out elsewhere, a new password, removed, idle
        if "csrf" not in session:
            session["csrf"] = new_token()
        if request.endpoint in open_endpoints:
            if request.method == "POST" and not tokens_match(session.get("csrf"), request.form.get("csrf")):
                abort(403)
            return None
        if g.user is None:
            if request.method != "GET":
                abort(401)
            return redirect(url_for("login", next=request.full_path if request.query_string else request.path))
        if request.method == "POST" and not tokens_match(session.get("csrf"), request.form.get("csrf")):
            abort(403)
        return None

    @app.after_request
    def add_headers(response):
        response.headers.update(HEADERS)
        return response

    @app.context_processor
    def template_globals():
        return {"csrf": session.get("csrf", ""), "user": g.get("user"), "languages": LANGUAGES,
                "publisher": state.settings.publisher, "max_note": MAX_NOTE, "max_sentence": MAX_SENTENCE}

    def failure(error: SyndicateError, status: int, back: str):
        return render_template("desk/error.html", message=error.with_hint(), back=back), status

    def run_action(action, back: str):
        """Run ``action(output_folder)`` under the desk's write lock; errors become pages with a status."""
        try:
            with state.write_lock, state.output_folder() as output:
                return action(output)
        except ConflictError as error:
            return failure(error, 409, back)
        except BusyError as error:
            return failure(error, 503, back)
        except GlossaryError as error:
            return failure(error, 422, back)
        except UsageError as error:
            return failure(error, 400, back)
        except SyndicateError as error:  # a model gone, an unwritable folder: said, not a traceback
            return failure(error, 500, back)

    # -- login ---------------------------------------------------------------------------------

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if request.method == "GET":
            return render_template("desk/login.html", next=_safe_next(request.args.get("next")),
                                   no_users=state.users.count() == 0)
        name = request.form.get("name", "")
        client = f"address:{request.remote_addr}"
        account = f"name:{request.remote_addr}:{' '.join(name.split()).casefold()}"
        wait = state.limiter.retry_after(client, account)
        if wait:
            return render_template("desk/login.html", next=_safe_next(request.form.get("next")), no_users=False,
                                   error=f"Too many failed logins: try again in {wait} s."), 429, {
                "Retry-After": str(wait)}
        user = state.users.verify(name, request.form.get("password", ""))
        if user is None:
            state.limiter.failed(client, account)
            return render_template("desk/login.html", next=_safe_next(request.form.get("next")), no_users=False,
                                   error="Wrong name or password."), 401
        state.limiter.succeeded(client, account)
        state.users.end_session(session.get("sid"))
        session.clear()
        session.permanent = True
        session["sid"] = state.users.start_session(user)
        session["csrf"] = new_token()  # a new token with the new login
        return redirect(_safe_next(request.form.get("next")) or url_for("articles"))

    @app.post("/logout")
    def logout():
        state.users.end_session(session.get("sid"))
        session.clear()
        return redirect(url_for("login"))

    # -- articles ------------------------------------------------------------------------------

    @app.get("/")
    def articles():
        wanted = request.args.get("filter") or None
        if wanted is not None and wanted not in views.FILTERS:
            abort(404)
        with state.store() as store:
            lines = views.article_lines(store, wanted) if store.exists else []
        return render_template("desk/articles.html", lines=lines, filters=views.FILTERS, wanted=wanted)

    @app.get("/articles/<slug>")
    def article(slug):
        with state.store() as store:
            view = views.article_view(store, slug, blocking_checks) if store.exists else None
        if view is None:
            abort(404)
        stored, columns, rows = view
        return render_template("desk/article.html", article=stored.article, slug=slug, columns=columns, rows=rows)

    @app.route("/articles/<slug>/<language>/<int:number>", methods=["GET", "POST"])
    def sentence(slug, language, number):
        back = url_for("article", slug=slug) + f"#row-{number}"
        if request.method == "GET":
            with state.store() as store:
                view = views.article_view(store, slug, blocking_checks) if store.exists else None
            if view is None:
                abort(404)
            _, columns, rows = view
            column = next((c for c in columns if c.language.tag == language), None)
            row = next((r for r in rows if r.number == number), None)
            if column is None or row is None:
                abort(404)
            cell = row.cells[columns.index(column)]
            if cell is None:
                abort(404)
            return render_template("desk/sentence.html", slug=slug, column=column, row=row, cell=cell,
                                   text="".join(segment.text for segment in cell.segments),
                                   previous=number - 1 if number > 1 else None,
                                   next=number + 1 if number < len(rows) else None)

        require_edition(slug, language, number)

        def correct(output):
            change = output.correct(state.get_engine(), state.hook(), slug=slug, language=language, number=number,
                                    text=request.form.get("text", ""), editor=g.user,
                                    note=request.form.get("note") or None,
                                    expected_version=_version(request.form.get("version")))
            flash(change.message, "warning" if change.blocking else "ok")
            for warning in change.warnings:
                flash(warning, "warning")
            return redirect(back)

        return run_action(correct, back)

    @app.route("/articles/<slug>/<language>/approve", methods=["GET", "POST"])
    def approve(slug, language):
        back = url_for("article", slug=slug)
        if request.method == "GET":
            return _confirm(slug, language, "approve")

        require_edition(slug, language)

        def approve_edition(output):
            change = output.approve(slug=slug, language=language, editor=g.user,
                                    override=request.form.get("override") == "yes",
                                    reason=request.form.get("reason") or None,
                                    expected_version=_version(request.form.get("version")))
            flash(change.message, "ok")
            return redirect(back)

        return run_action(approve_edition, back)

    @app.route("/articles/<slug>/<language>/withdraw", methods=["GET", "POST"])
    def withdraw(slug, language):
        back = url_for("article", slug=slug)
        if request.method == "GET":
            return _confirm(slug, language, "withdraw")

        require_edition(slug, language)

        def withdraw_edition(output):
            change = output.withdraw(slug=slug, languages=(language,), editor=g.user,
                                     reason=request.form.get("reason", ""),
                                     expected_version=_version(request.form.get("version")))
            flash(change.message, "ok")
            return redirect(back)

        return run_action(withdraw_edition, back)

    def require_edition(slug: str, language: str, number: int | None = None) -> None:
        """404 unless ``slug`` has a ``language`` edition (and a sentence ``number`` in it)."""
        from ..editions.numbering import sentence_index

        with state.store() as store:
            editions = store.editions(slug) if store.exists else []
        edition = next((e for e in editions if e.language == language), None)
        if edition is None or number is not None and sentence_index(
                [e.working for e in editions], edition.working, number) is None:
            abort(404)

    def _confirm(slug, language, action):
        with state.store() as store:
            summary = next((s for s in store.summaries(slug) if s.language == language), None) if store.exists else None
        if summary is None:
            abort(404)
        return render_template("desk/confirm.html", slug=slug, summary=summary, action=action)

    # -- glossary ------------------------------------------------------------------------------

    @app.get("/glossary")
    def glossary():
        paths = state.glossary_paths()
        arguments = {name: request.args.get(name, "") for name in ("query", "status", "type", "file", "missing")}
        lines, unplaced = views.glossary_lines(paths, **arguments)
        return render_template("desk/glossary.html", lines=lines, unplaced=unplaced, paths=paths, args=arguments,
                               digests={str(path): views.file_digest(path) for path in paths})

    @app.route("/glossary/entry", methods=["GET", "POST"])
    def glossary_entry():
        from ..glossary.edit import EDITABLE_COLUMNS, update_entry

        paths = state.glossary_paths()
        path = _glossary_file(paths, request.values.get("file", ""))
        en = request.values.get("en", "")
        if request.method == "GET":
            lines, _ = views.glossary_lines((path,))
            line = next((line for line in lines if line.entry.en == en), None)
            if line is None:
                abort(404)
            return render_template("desk/entry.html", line=line, digest=views.file_digest(path),
                                   forms=dict(line.entry.targets))

        def save():
            _check_digest(path, request.form.get("digest"))
            changes = {column: request.form[column] for column in EDITABLE_COLUMNS if column in request.form}
            if "case_sensitive" in changes:
                changes["case_sensitive"] = "yes" if changes["case_sensitive"] == "yes" else "no"
            entry = update_entry(paths, en, changes, g.user, file=path)
            flash(f"saved {entry.en!r} ({entry.origin})", "ok")
            return redirect(url_for("glossary", query=entry.en))

        return _glossary_action(save)

    @app.post("/glossary/approve")
    def glossary_approve():
        from ..glossary.edit import approve_entry

        paths = state.glossary_paths()
        path = _glossary_file(paths, request.form.get("file", ""))

        def save():
            _check_digest(path, request.form.get("digest"))
            entry = approve_entry(paths, request.form.get("en", ""), g.user, file=path)
            flash(f"approved {entry.en!r} ({entry.origin})", "ok")
            back = {name: request.form.get(f"back_{name}", "") for name in ("query", "status", "type", "file", "missing")}
            return redirect(url_for("glossary", **{name: value for name, value in back.items() if value}))

        return _glossary_action(save)

    @app.get("/glossary/candidates")
    def glossary_candidates():
        paths = state.glossary_paths()
        with state.store() as store:
            candidates = views.glossary_candidates(store, paths) if store.exists and paths else []
        return render_template("desk/candidates.html", candidates=candidates, paths=paths,
                               digests={str(path): views.file_digest(path) for path in paths})

    @app.post("/glossary/add")
    def glossary_add():
        from ..glossary.edit import add_entry

        paths = state.glossary_paths()
        path = _glossary_file(paths, request.form.get("file", ""))

        def save():
            _check_digest(path, request.form.get("digest"))
            targets = {tag.tag: request.form.get(tag.tag, "") for tag in LANGUAGES if request.form.get(tag.tag)}
            entry = add_entry(paths, request.form.get("en", ""), type=request.form.get("type", "name"), editor=g.user,
                              targets=targets, note=request.form.get("note", ""), file=path)
            flash(f"added {entry.en!r} as {entry.status} ({entry.origin})", "ok")
            return redirect(url_for("glossary", query=entry.en))

        return _glossary_action(save)

    def _glossary_action(save):
        back = url_for("glossary")
        try:
            with state.write_lock:
                return save()
        except ConflictError as error:
            return failure(error, 409, back)
        except GlossaryError as error:
            return failure(error, 422, back)
        except UsageError as error:
            return failure(error, 400, back)

    def _glossary_file(paths, name: str) -> Path:
        path = next((path for path in paths if str(path) == name), None)
        if path is None:
            abort(400 if name else 404)
        return path

    def _check_digest(path: Path, digest: str | None) -> None:
        if digest != views.file_digest(path):
            raise ConflictError(f"{path} changed on disk since you opened it",
                                hint="reload the glossary to see the change, then make yours again")

    @app.errorhandler(400)
    @app.errorhandler(401)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(413)
    def http_error(error):
        messages = {400: "That request can't be understood.", 401: "Log in first.",
                    403: "The form had expired or didn't come from the desk (missing CSRF token): reload the page.",
                    404: "Nothing here.", 413: "That is too much text for one request."}
        return render_template("desk/error.html", message=messages.get(error.code, str(error)),
                               back=url_for("articles")), error.code


def _version(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise UsageError(f"version {value!r} is not a number") from None


def _safe_next(target: str | None) -> str | None:
    """A path on this site to go back to after login; None for anything else (no open redirect)."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and target.isprintable() and not any(char.isspace() for char in target)):
        return target  # browsers drop tabs and newlines: "/\t/evil" would become "//evil"
    return None
