"""The desk's pages and actions: one Blueprint of module-level views, one error handler.

Each view reads through editions.store or glossary files, or acts through job.OutputFolder
(correct, approve, withdraw) and glossary.edit (update, approve, add) as the logged-in editor,
under the desk's write lock (``in_output_folder``, ``in_glossary``). Whatever a library call
raises reaches ``syndicate_error``, which turns it into an error page with the status its kind
says (STATUSES) and a link back to where the editor was.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for

from ..editions.inputs import MAX_NOTE, MAX_SENTENCE
from ..editions.progress import sentence_digest
from ..errors import BusyError, ConflictError, GlossaryError, SentenceChanged, SyndicateError, UsageError
from ..languages import LANGUAGES
from ..worddiff import word_diff
from . import views
from .security import HEADERS, host_name, new_token, tokens_match

desk = Blueprint("desk", __name__)

# What each kind of error means to a browser; any other SyndicateError (a model gone, an
# unwritable folder) is a 500 with its message, never a traceback.
STATUSES = ((ConflictError, 409), (BusyError, 503), (GlossaryError, 422), (UsageError, 400))
HTTP_MESSAGES = {400: "That request can't be understood.", 401: "Log in first.",
                 403: "The form had expired or didn't come from the desk (missing CSRF token): reload the page.",
                 404: "Nothing here.", 413: "That is too much text for one request."}
OPEN_ENDPOINTS = frozenset({"desk.login", "static"})
GLOSSARY_FILTERS = ("query", "status", "type", "file", "missing")


def state():
    """The desk process's DeskState (app.create_app puts it in the app)."""
    return current_app.extensions["syndicate"]


def in_output_folder(action, back: str):
    """``action(output_folder)`` under the desk's write lock; ``back`` is where an error page links."""
    g.back = back
    desk_state = state()
    with desk_state.write_lock, desk_state.output_folder() as output:
        return action(output)


def in_glossary(save):
    """``save()`` under the desk's write lock; an error page links back to the glossary."""
    g.back = url_for("desk.glossary")
    with state().write_lock:
        return save()


# -- every request -----------------------------------------------------------------------------

@desk.before_app_request
def check_session():
    desk_state = state()
    if desk_state.trusted_hosts is not None and host_name(request.host) not in desk_state.trusted_hosts:
        return "This desk doesn't answer to that host name.", 400, {"Content-Type": "text/plain; charset=utf-8"}
    g.user = desk_state.users.session_user(session.get("sid"), desk_state.settings.desk_idle_minutes * 60)
    if g.user is None:
        session.pop("sid", None)  # ended: logged out elsewhere, a new password, removed, idle
    if "csrf" not in session:
        session["csrf"] = new_token()
    if request.endpoint not in OPEN_ENDPOINTS and g.user is None:
        if request.method != "GET":
            abort(401)
        return redirect(url_for("desk.login", next=request.full_path if request.query_string else request.path))
    if request.method == "POST" and not tokens_match(session.get("csrf"), request.form.get("csrf")):
        abort(403)
    return None


@desk.after_app_request
def add_headers(response):
    response.headers.update(HEADERS)
    return response


@desk.app_context_processor
def template_globals():
    return {"csrf": session.get("csrf", ""), "user": g.get("user"), "languages": LANGUAGES,
            "entry_digest": views.entry_digest, "entry_anchor": views.entry_anchor,
            "sentence_digest": sentence_digest, "word_diff": word_diff, "when": views.when,
            "publisher": state().settings.publisher, "max_note": MAX_NOTE, "max_sentence": MAX_SENTENCE}


@desk.app_errorhandler(SyndicateError)
def syndicate_error(error: SyndicateError):
    status = next((code for kind, code in STATUSES if isinstance(error, kind)), 500)
    return render_template("desk/error.html", message=error.with_hint(),
                           back=g.get("back") or url_for("desk.articles")), status


@desk.app_errorhandler(400)
@desk.app_errorhandler(401)
@desk.app_errorhandler(403)
@desk.app_errorhandler(404)
@desk.app_errorhandler(413)
def http_error(error):
    return render_template("desk/error.html", message=HTTP_MESSAGES.get(error.code, str(error)),
                           back=url_for("desk.articles")), error.code


# -- login -------------------------------------------------------------------------------------

@desk.route("/login", methods=["GET", "POST"])
def login():
    desk_state = state()
    if request.method == "GET":
        return render_template("desk/login.html", next=safe_next(request.args.get("next")),
                               no_users=desk_state.users.count() == 0)
    name = request.form.get("name", "")
    client = f"address:{request.remote_addr}"
    account = f"name:{request.remote_addr}:{' '.join(name.split()).casefold()}"
    wait = desk_state.limiter.retry_after(client, account)
    if wait:
        return render_template("desk/login.html", next=safe_next(request.form.get("next")), no_users=False,
                               error=f"Too many failed logins: try again in {wait} s."), 429, {
            "Retry-After": str(wait)}
    user = desk_state.users.verify(name, request.form.get("password", ""))
    if user is None:
        desk_state.limiter.failed(client, account)
        return render_template("desk/login.html", next=safe_next(request.form.get("next")), no_users=False,
                               error="Wrong name or password."), 401
    desk_state.limiter.succeeded(client, account)
    desk_state.users.end_session(session.get("sid"))
    session.clear()
    session.permanent = True
    session["sid"] = desk_state.users.start_session(user)
    session["csrf"] = new_token()  # a new token with the new login
    return redirect(safe_next(request.form.get("next")) or url_for("desk.articles"))


@desk.post("/logout")
def logout():
    state().users.end_session(session.get("sid"))
    session.clear()
    return redirect(url_for("desk.login"))


# -- articles ----------------------------------------------------------------------------------

@desk.get("/")
def articles():
    wanted = request.args.get("filter") or None
    if wanted is not None and wanted not in views.FILTERS:
        abort(404)
    with state().store() as store:
        lines = views.article_lines(store, wanted) if store.exists else []
    return render_template("desk/articles.html", lines=lines, filters=views.FILTERS, wanted=wanted)


SEARCH_LIMIT = 100


@desk.get("/search")
def search():
    """Sentences of every article, English and translations, holding the words asked for."""
    from ..editions.search import MIN_TERM, query_terms

    query = " ".join(request.args.get("q", "").split())[:200]
    language = request.args.get("language") or None
    if language is not None and language != "en" and language not in {lang.tag for lang in LANGUAGES}:
        abort(404)
    hits = []
    if query:
        with state().store() as store:
            hits = store.find_sentences(query, language=language, limit=SEARCH_LIMIT) if store.exists else []
    return render_template("desk/search.html", query=query, language=language, hits=hits, limit=SEARCH_LIMIT,
                           too_short=bool(query) and all(len(t) < MIN_TERM for t in query_terms(query)),
                           directions={lang.tag: lang.direction for lang in LANGUAGES})


def article_view_or_404(slug: str):
    desk_state = state()
    with desk_state.store() as store:
        view = views.article_view(store, slug, desk_state.blocking_checks) if store.exists else None
    if view is None:
        abort(404)
    return view


@desk.get("/articles/<slug>")
def article(slug):
    stored, columns, rows = article_view_or_404(slug)
    return render_template("desk/article.html", article=stored.article, slug=slug, columns=columns, rows=rows)


@desk.route("/articles/<slug>/<language>/<int:number>", methods=["GET", "POST"])
def sentence(slug, language, number):
    if request.method == "GET":
        return sentence_page(slug, language, number)
    require_edition(slug, language, number)
    if not request.form.get("version"):  # without it a stale form would overwrite whatever changed meanwhile
        raise UsageError("the form carried no version of the edition", hint="reload the page and save again")
    back = url_for("desk.article", slug=slug) + f"#row-{number}"

    def correct(output):
        desk_state = state()
        change = output.correct(desk_state.get_engine(), desk_state.hook(), slug=slug, language=language,
                                number=number, text=request.form.get("text", ""), editor=g.user,
                                note=request.form.get("note") or None, expected_version=form_version(),
                                seen=request.form.get("seen"))
        flash(change.message, "warning" if change.blocking else "ok")
        for warning in change.warnings:
            flash(warning, "warning")
        return redirect(back)

    try:
        return in_output_folder(correct, back)
    except SentenceChanged as error:  # the editor's text kept, beside the other version
        return sentence_page(slug, language, number, text=request.form.get("text", ""), conflict=error), 409


def sentence_page(slug: str, language: str, number: int, *, text: str | None = None,
                  conflict: SentenceChanged | None = None):
    """The page that corrects one sentence: its form holds ``text`` (default: the sentence now)
    and, after a ``conflict``, shows the version someone else saved meanwhile."""
    _, columns, rows = article_view_or_404(slug)
    column = next((c for c in columns if c.language.tag == language), None)
    row = next((r for r in rows if r.number == number), None)
    cell = row.cells[columns.index(column)] if column is not None and row is not None else None
    if cell is None:
        abort(404)
    current = "".join(segment.text for segment in cell.segments)
    source = "".join(segment.text for segment in row.source)
    with state().store() as store:
        matches = views.memory_matches(store, source, language, current)
    return render_template("desk/sentence.html", slug=slug, column=column, row=row, cell=cell,
                           text=current if text is None else text, seen=current, conflict=conflict,
                           terms=views.term_help(state().glossary_paths(), source, language), matches=matches,
                           checked=number in column.checked, corrected=column.corrected.get(number),
                           previous=number - 1 if number > 1 else None,
                           next=number + 1 if number < len(rows) else None)


@desk.post("/articles/<slug>/<language>/check")
def check(slug, language):
    """Mark sentences checked (or not, ``undo``) as the editor read them (``seen`` digests); back to
    the next row, so that checking goes down the article."""
    from ..editions.lifecycle import mark_checked

    numbers = [int(n) for n in request.form.getlist("number") if n.isdigit()]
    if not numbers:
        abort(400)
    require_edition(slug, language, numbers[0])
    undo = request.form.get("undo") == "yes"
    following = numbers[-1] + (0 if undo or request.form.get("stay") else 1)
    g.back = url_for("desk.article", slug=slug) + f"#row-{numbers[-1]}"
    with state().write_lock, state().store() as store:
        change = mark_checked(store, slug=slug, language=language, numbers=numbers, editor=g.user,
                              now=datetime.now(timezone.utc), checked=not undo, seen=request.form.getlist("seen"))
    flash(change.message, "ok")
    if request.form.get("stay"):
        return redirect(url_for("desk.sentence", slug=slug, language=language, number=numbers[-1]))
    return redirect(url_for("desk.article", slug=slug) + f"#row-{following}")


@desk.route("/articles/<slug>/<language>/approve", methods=["GET", "POST"])
def approve(slug, language):
    if request.method == "POST" and request.form.get("unchecked") != "yes":
        summary, vouched = edition_to_confirm(slug, language)
        if vouched.unchecked_flagged and summary.version == form_version():  # asks once more; the gate blocks
            return confirm_page(slug, summary, vouched, "approve", ask_unchecked=True), 409
    return confirmed_change(slug, language, "approve", lambda output: output.approve(
        slug=slug, language=language, editor=g.user, override=request.form.get("override") == "yes",
        reason=request.form.get("reason") or None, expected_version=form_version()))


@desk.route("/articles/<slug>/<language>/withdraw", methods=["GET", "POST"])
def withdraw(slug, language):
    return confirmed_change(slug, language, "withdraw", lambda output: output.withdraw(
        slug=slug, languages=(language,), editor=g.user, reason=request.form.get("reason", ""),
        expected_version=form_version()))


def confirmed_change(slug: str, language: str, action: str, change):
    """GET: the page that asks to confirm ``action`` on the edition; POST: ``change(output_folder)``
    made, its message flashed, back to the article."""
    if request.method == "GET":
        return confirm_page(slug, *edition_to_confirm(slug, language), action)
    require_edition(slug, language)
    back = url_for("desk.article", slug=slug)

    def make_change(output):
        flash(change(output).message, "ok")
        return redirect(back)

    return in_output_folder(make_change, back)


def require_edition(slug: str, language: str, number: int | None = None) -> None:
    """404 unless ``slug`` has a ``language`` edition (and a sentence ``number`` in it)."""
    from ..editions.numbering import sentence_index

    with state().store() as store:
        editions = store.editions(slug) if store.exists else []
    edition = next((e for e in editions if e.language == language), None)
    if edition is None or number is not None and sentence_index(
            [e.working for e in editions], edition.working, number) is None:
        abort(404)


def edition_to_confirm(slug: str, language: str):
    """(summary, what approving vouches for) of the ``language`` edition of ``slug``; 404 when there is none."""
    from ..editions.lifecycle import edition_vouching

    with state().store() as store:
        edition = store.edition(slug, language) if store.exists else None
        if edition is None:
            abort(404)
        summary = next(s for s in store.summaries(slug) if s.language == edition.language)
        return summary, edition_vouching(store, edition)


def confirm_page(slug: str, summary, vouched, action: str, *, ask_unchecked: bool = False):
    """The page asking to confirm ``action``; approving shows what it vouches for, and asks once
    more (``ask_unchecked``) when flagged sentences weren't checked."""
    return render_template("desk/confirm.html", slug=slug, summary=summary, vouching=vouched, action=action,
                           ask_unchecked=ask_unchecked)


# -- glossary ----------------------------------------------------------------------------------

@desk.get("/glossary")
def glossary():
    paths = state().glossary_paths()
    arguments = {name: request.args.get(name, "") for name in GLOSSARY_FILTERS}
    keep = request.args.get("keep", "")
    lines, unplaced = views.glossary_lines(paths, **arguments, keep=keep)
    return render_template("desk/glossary.html", lines=lines, unplaced=unplaced, paths=paths, args=arguments,
                           keep=keep, digests={str(path): views.file_digest(path) for path in paths},
                           unsigned=sum(line.unsigned for line in lines))


@desk.route("/glossary/entry", methods=["GET", "POST"])
def glossary_entry():
    from ..glossary.edit import EDITABLE_COLUMNS, update_entry

    paths = state().glossary_paths()
    path = glossary_file(paths, request.values.get("file", ""))
    en = request.values.get("en", "")
    if request.method == "GET":
        lines, _ = views.glossary_lines((path,))
        line = next((line for line in lines if line.entry.en == en), None)
        if line is None:
            abort(404)
        return render_template("desk/entry.html", line=line, digest=views.file_digest(path),
                               forms=dict(line.entry.targets))

    def save():
        check_unchanged(path, request.form.get("digest"), en)
        changes = {column: request.form[column] for column in EDITABLE_COLUMNS if column in request.form}
        if "case_sensitive" in changes:
            changes["case_sensitive"] = "yes" if changes["case_sensitive"] == "yes" else "no"
        entry = update_entry(paths, en, changes, g.user, file=path)
        saved(path)
        flash(f"saved {entry.en!r} ({entry.origin})", "ok")
        return redirect(url_for("desk.glossary", query=entry.en))

    return in_glossary(save)


@desk.route("/glossary/approve", methods=["GET", "POST"])
def glossary_approve():
    """GET: the page that asks to approve an entry, showing what it says; POST: approved, back to
    the list as it was filtered with the entry kept in view and an Undo on its row."""
    from ..glossary.edit import approve_entry

    return glossary_status_change(approve_entry, "approved")


@desk.post("/glossary/unapprove")
def glossary_unapprove():
    """Undo an approval: the entry is proposed again."""
    from ..glossary.edit import unapprove_entry

    return glossary_status_change(unapprove_entry, "approval undone for")


def glossary_status_change(change, done: str):
    paths = state().glossary_paths()
    path = glossary_file(paths, request.values.get("file", ""))
    en = request.values.get("en", "")
    back = {name: request.values.get(f"back_{name}", "") for name in GLOSSARY_FILTERS}
    if request.method == "GET":
        lines, _ = views.glossary_lines((path,))
        line = next((line for line in lines if line.entry.en == en), None)
        if line is None:
            abort(404)
        return render_template("desk/glossary_approve.html", line=line, digest=views.file_digest(path), back=back)

    def save():
        check_unchanged(path, request.form.get("digest"), en)
        entry = change(paths, en, g.user, file=path)
        saved(path)
        flash(f"{done} {entry.en!r} ({entry.origin})", "ok")
        return redirect(url_for("desk.glossary", **{name: value for name, value in back.items() if value},
                                keep=entry.en) + "#" + views.entry_anchor(entry.en))

    return in_glossary(save)


@desk.get("/glossary/candidates")
def glossary_candidates():
    paths = state().glossary_paths()
    with state().store() as store:
        candidates = views.glossary_candidates(store, paths) if store.exists and paths else []
        proposals = views.correction_proposals(store, paths) if store.exists and paths else []
    return render_template("desk/candidates.html", candidates=candidates, proposals=proposals, paths=paths,
                           marked=views.marked,
                           digests={str(path): views.file_digest(path) for path in paths})


@desk.post("/glossary/add")
def glossary_add():
    from ..glossary.edit import add_entry

    paths = state().glossary_paths()
    path = glossary_file(paths, request.form.get("file", ""))

    def save():
        check_unchanged(path, request.form.get("digest"))
        targets = {tag.tag: request.form.get(tag.tag, "") for tag in LANGUAGES if request.form.get(tag.tag)}
        entry = add_entry(paths, request.form.get("en", ""), type=request.form.get("type", "name"), editor=g.user,
                          targets=targets, note=request.form.get("note", ""), file=path)
        saved(path)
        flash(f"added {entry.en!r} as {entry.status} ({entry.origin})", "ok")
        return redirect(url_for("desk.glossary", query=entry.en))

    return in_glossary(save)


def glossary_file(paths, name: str) -> Path:
    """The glossary file of ``paths`` the form names (400 when it names none of them, 404 when none)."""
    path = next((path for path in paths if str(path) == name), None)
    if path is None:
        abort(400 if name else 404)
    return path


def check_unchanged(path: Path, digest: str | None, en: str | None = None) -> None:
    """ConflictError unless the glossary file is as the form saw it (``digest``), or only this desk
    wrote it since and the entry ``en`` (when the form names one, with its ``entry`` digest) is
    as the form saw it: editors' saves of other entries don't conflict; a change on disk does."""
    now = views.file_digest(path)
    if digest == now:
        return
    if (str(path), now) not in state().written:
        raise ConflictError(f"{path} changed on disk since you opened it",
                            hint="reload the glossary to see the change, then make yours again")
    if en is not None:
        lines, _ = views.glossary_lines((path,))
        entry = next((line.entry for line in lines if line.entry.en == en), None)
        if entry is None or views.entry_digest(entry) != request.form.get("entry"):
            raise ConflictError(f"{en!r} was changed by someone else since you opened it",
                                hint="reload it to see the change, then make yours again")


def saved(path: Path) -> None:
    """Remember the glossary file as this desk wrote it (check_unchanged)."""
    state().written.add((str(path), views.file_digest(path)))


def form_version() -> int | None:
    """The edition version the form was made from (None when it has none)."""
    value = request.form.get("version")
    try:
        return int(value) if value else None
    except ValueError:
        raise UsageError(f"version {value!r} is not a number") from None


def safe_next(target: str | None) -> str | None:
    """A path on this site to go back to after login; None for anything else (no open redirect)."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and target.isprintable() and not any(char.isspace() for char in target)):
        return target  # browsers drop tabs and newlines: "/\t/evil" would become "//evil"
    return None
