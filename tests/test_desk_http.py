"""The desk over HTTP: every route through Flask's test client, on a real output folder.

The folder is built once per module with the real CLI on the fixture copy models: the Ammon
News op-ed in ar, fa-AF, tg, ru (on-approval: four drafts) and a hostile page, whose title and
paragraphs carry markup as text, in ar and ru (blocked drafts: it is translated with
blocking_checks = untranslated). Each test works on its own copy of that folder (output folder,
workspace, translation memory, glossary), with its own app.

Covered: the login wall (redirect, 401, static files open), login (wrong password, unknown name,
the rate limit, ``next`` and open redirects, CSRF, the cookie's flags), CSRF on every
state-changing POST (403, nothing changed), the security headers and the absence of inline script,
style and event-handler attributes on every page, the articles list and its filters, the article
and sentence views (RTL cells), corrections (round trip to the public page and feed, the session
user as editor, version conflicts), approve and withdraw (blocked, override, reasons), 404s,
hostile markup shown as text, the glossary (list, filters, edit, conflicts with outside changes,
approve, add, lint refusals), and the `syndicate desk` CLI's refusals.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from plugin_desk_client import (DIRECTIONS, Desk, EDITOR, FIX, HOSTILE_FIX, HOSTILE_NOTE, HOSTILE_PARAGRAPHS,
                                HOSTILE_PASSWORD, HOSTILE_TITLE, HOSTILE_USER, LANGUAGES, OTHER,
                                OTHER_PASSWORD, PASSWORD, ROOT, SECRET, SLUG, assert_headers,
                                assert_no_active_markup, body_sentences, csrf_of, form_data, parse,
                                workspace_of)
from plugin_export import feed_entries, withdrawal_notices

from syndicate.glossary.tsv import read_entries

# -- not logged in ---------------------------------------------------------------------------------

def test_pages_redirect_to_the_login_page_and_posts_are_refused(desk):
    response = desk.client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/"
    response = desk.client.get("/?filter=blocked")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    for url in (f"/articles/{SLUG}", f"/articles/{SLUG}/ar/3", f"/articles/{SLUG}/ar/approve", "/glossary",
                "/glossary/candidates", f"/glossary/entry?file={desk.glossary}&en=Afghanistan", "/nowhere"):
        response = desk.client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=/"), url
        assert SLUG.encode() not in response.data.replace(response.headers["Location"].encode(), b"")
    before = desk.snapshot()
    csrf = csrf_of(desk.client.get("/login"))  # even with the session's own token
    for url in ("/logout", f"/articles/{SLUG}/ar/3", f"/articles/{SLUG}/ar/approve", f"/articles/{SLUG}/ar/withdraw",
                "/glossary/entry", "/glossary/approve", "/glossary/add", "/", "/nowhere"):
        response = desk.client.post(url, data={"csrf": csrf, "text": "x", "reason": "x", "version": "1",
                                               "file": str(desk.glossary), "en": "Afghanistan"})
        assert response.status_code == 401, url
        assert parse(response).xpath("//p[@role='alert']/text()") == ["Log in first."]
        assert_headers(response)
    assert desk.snapshot() == before


def test_static_files_are_served_without_a_login(desk):
    for name, kind in (("desk.css", "text/css"), ("desk.js", "text/javascript")):
        response = desk.client.get(f"/static/{name}")
        assert response.status_code == 200 and response.mimetype == kind
        assert response.data == (ROOT / "syndicate" / "desk" / "static" / name).read_bytes()
        assert_headers(response)


# -- login -----------------------------------------------------------------------------------------

def test_a_wrong_password_or_an_unknown_name_is_refused_with_401(desk):
    response = desk.login(EDITOR, "not the password")
    assert response.status_code == 401
    assert parse(response).xpath("//p[@role='alert']/text()") == ["Wrong name or password."]
    response = desk.login("Nobody Here", PASSWORD)
    assert response.status_code == 401 and "Wrong name or password." in response.text
    assert desk.client.get("/").status_code == 302  # still not logged in
    assert desk.login(EDITOR, PASSWORD).status_code == 302
    assert desk.client.get("/").status_code == 200


def test_the_sixth_failure_in_the_window_is_answered_429_with_retry_after(desk):
    for _ in range(5):
        assert desk.login(EDITOR, "wrong password!").status_code == 401
    response = desk.login(EDITOR, "wrong password!")
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 301
    assert "Too many failed logins" in response.text
    assert_headers(response)
    # the right password doesn't get through either, nor another name from the same address
    assert desk.login(EDITOR, PASSWORD).status_code == 429
    assert desk.login(OTHER, OTHER_PASSWORD).status_code == 429
    # failing on purpose locks nobody out from elsewhere: the editor logs in from their own address
    other = desk.app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert desk.login(EDITOR, PASSWORD, client=other).status_code == 302
    assert desk.client.get("/").status_code == 302


@pytest.mark.parametrize("target, expected", [
    ("/", "/"), (f"/articles/{SLUG}", f"/articles/{SLUG}"), ("/?filter=blocked", "/?filter=blocked"),
    ("//evil.example", "/"), ("https://evil.example", "/"), ("http://evil.example/x", "/"),
    ("/\\evil.example", "/"), ("\\\\evil.example", "/"), ("javascript:alert(1)", "/"), ("", "/"),
])
def test_login_goes_to_next_on_this_site_only(desk, target, expected):
    response = desk.login(next=target)
    assert response.status_code == 302 and response.headers["Location"] == expected


def location_after_login(desk: Desk, target: str) -> str:
    response = desk.login(next=target)
    assert response.status_code == 302, (target, response.status_code)
    return response.headers["Location"]


def test_login_next_with_a_tab_is_no_open_redirect(desk):
    """Browsers drop tabs and newlines from URLs (WHATWG URL parsing), and Werkzeug drops the tab
    from the Location header itself: "/<TAB>/evil.example" is "//evil.example", another site."""
    for target in ("/\t/evil.example", "/\t\t/evil.example", "/\t\\evil.example"):
        location = re.sub(r"[\t\n\r]", "", location_after_login(desk, target)).strip()
        assert location.startswith("/") and not location.startswith(("//", "/\\")), (target, location)
    assert location_after_login(desk, " //evil.example") == "/"


def test_login_next_with_a_newline_is_refused_not_a_crash(desk):
    for target in ("/\n/evil.example", "/\r\n/evil.example", "/articles\r\nSet-Cookie: a=b"):
        assert location_after_login(desk, target) == "/", target


def test_the_redirect_through_login_comes_back_to_the_page_asked_for(desk):
    location = desk.client.get("/?filter=blocked").headers["Location"]
    page = desk.client.get(location)
    assert parse(page).xpath("//input[@name='next']/@value") == ["/?filter=blocked"]
    response = desk.client.post("/login", data={**form_data(page, "form.login"), "name": EDITOR, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/?filter=blocked"


def test_login_without_or_with_a_wrong_csrf_token_is_forbidden(desk):
    fresh = desk.app.test_client()
    response = fresh.post("/login", data={"name": EDITOR, "password": PASSWORD})
    assert response.status_code == 403 and "CSRF" in response.text
    csrf_of(desk.client.get("/login"))
    for token in ("", "x" * 43):
        response = desk.client.post("/login", data={"name": EDITOR, "password": PASSWORD, "csrf": token})
        assert response.status_code == 403
    assert desk.client.get("/").status_code == 302


def test_the_session_cookie_is_http_only_and_same_site_strict_and_rotates_the_token(desk):
    before = csrf_of(desk.client.get("/login"))
    response = desk.login()
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("syndicate_desk=")]
    assert len(cookies) == 1
    flags = [part.strip().lower() for part in cookies[0].split(";")]
    assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags
    assert desk.csrf() != before  # a new token with the login: the one from before it is refused
    assert desk.client.post("/logout", data={"csrf": before}).status_code == 403
    assert desk.client.get("/").status_code == 200


def test_logout_ends_the_session(editor):
    response = editor.post("/logout", {"csrf": editor.csrf()})
    assert response.headers["Location"] == "/login"
    assert editor.client.get("/").status_code == 302


# -- sessions end when they should -------------------------------------------------------------------

def session_cookie(response) -> str:
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("syndicate_desk=")]
    return cookie.split(";", 1)[0].split("=", 1)[1]


def replayed(desk: Desk, cookie: str):
    """A fresh client carrying an old session cookie, as an attacker who copied it would."""
    client = desk.app.test_client()
    client.set_cookie("syndicate_desk", cookie)
    return client


def test_a_cookie_replayed_after_logout_opens_nothing(desk):
    cookie = session_cookie(desk.login())
    assert replayed(desk, cookie).get("/").status_code == 200
    desk.post("/logout", {"csrf": desk.csrf()})
    for url in ("/", f"/articles/{SLUG}", f"/articles/{SLUG}/ar/approve", "/glossary"):
        response = replayed(desk, cookie).get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url
    page = replayed(desk, cookie).get("/login")
    response = replayed(desk, cookie).post(f"/articles/{SLUG}/ar/approve", data={"csrf": csrf_of(page)})
    assert response.status_code == 401


def test_a_new_password_ends_the_editors_other_sessions_and_removing_them_ends_all(desk, run_cli, monkeypatch):
    editor_cookie = session_cookie(desk.login())
    other = desk.app.test_client()
    other_cookie = session_cookie(desk.login(OTHER, OTHER_PASSWORD, client=other))
    monkeypatch.setenv("SYNDICATE_WORKSPACE", str(desk.workspace.root))
    result = run_cli("desk", "--out", desk.out, "add-user", EDITOR, "--password-stdin", input="a brand new password\n")
    assert result.exit_code == 0, result.output
    assert replayed(desk, editor_cookie).get("/").status_code == 302  # ended by the new password
    assert replayed(desk, other_cookie).get("/").status_code == 200  # another editor's goes on
    assert desk.login(EDITOR, "a brand new password", client=desk.app.test_client()).status_code == 302

    result = run_cli("desk", "--out", desk.out, "remove-user", f"  {OTHER} ")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{OTHER} can no longer log in to the desk; their sessions are ended\n"
    assert replayed(desk, other_cookie).get("/").status_code == 302
    assert desk.login(OTHER, OTHER_PASSWORD, client=desk.app.test_client()).status_code == 401
    result = run_cli("desk", "--out", desk.out, "remove-user", OTHER)
    assert result.exit_code == 2 and f"no editor named {OTHER!r} has an account on this desk" in result.stderr


def test_an_idle_session_ends_and_no_session_outlives_twelve_hours(desk):
    from syndicate.desk.users import MAX_SESSION_AGE

    users = desk.app.extensions["syndicate"].users
    now = [1_000_000.0]
    users.clock = lambda: now[0]
    desk.login()
    idle = desk.settings.desk_idle_minutes * 60
    assert idle == 240 * 60  # the default
    for _ in range(3):  # used every 3 h 59 min: never idle for long...
        now[0] += idle - 60
        assert desk.client.get("/").status_code == 200
    now[0] += 180  # 3 × 3 h 59 min + 3 min = 12 h since the login
    assert desk.client.get("/").status_code == 200
    now[0] += 1  # ...but no session lives longer than twelve hours from its login
    assert now[0] - 1_000_000.0 > MAX_SESSION_AGE == 12 * 3600
    assert desk.client.get("/").status_code == 302
    desk.login()
    now[0] += idle - 1
    assert desk.client.get("/").status_code == 200
    now[0] += idle + 1  # nobody used it for longer than the idle time
    assert desk.client.get("/").status_code == 302


def test_forwarded_headers_count_only_from_the_configured_proxy(pristine, tmp_path, _installed_fixture_models):
    from dataclasses import replace

    from syndicate.desk.app import create_app

    root = tmp_path / "desk"
    shutil.copytree(pristine, root)
    settings = replace(Desk(root, _installed_fixture_models).settings, desk_proxy="10.0.0.2")
    app = create_app(settings, secret=SECRET)
    secure = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}

    def login_cookie(address: str) -> str:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        page = client.get("/login", headers=secure)
        response = client.post("/login", headers=secure,
                               data={"name": EDITOR, "password": PASSWORD, "csrf": csrf_of(page)})
        assert response.status_code == 302
        (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("syndicate_desk=")]
        return cookie.lower()

    assert "; secure" in login_cookie("10.0.0.2")  # the proxy says the editor came over HTTPS
    assert "; secure" not in login_cookie("10.0.0.7")  # anyone else saying so is not believed
    # nor may anyone else pose as another address to dodge the login limit
    limiter = app.extensions["syndicate"].limiter
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.7"
    for number in range(6):
        page = client.get("/login")
        client.post("/login", headers={"X-Forwarded-For": f"198.51.100.{number}"},
                    data={"name": EDITOR, "password": "wrong password!", "csrf": csrf_of(page)})
    assert limiter.retry_after("address:10.0.0.7") > 0


# -- CSRF on every state-changing POST ---------------------------------------------------------------

def state_changing_posts(desk: Desk) -> list[tuple[str, dict]]:
    """Every POST of the desk, with the fields that would make it succeed (bar the token)."""
    glossary = str(desk.glossary)
    digest = hashlib.sha256(desk.glossary.read_bytes()).hexdigest()[:20]
    number = body_sentences(desk, "ar")[0]
    return [
        (f"/articles/{SLUG}/ar/{number}", {"text": FIX, "note": "n", "version": str(desk.version("ar"))}),
        (f"/articles/{SLUG}/ar/approve", {"version": str(desk.version("ar")), "unchecked": "yes"}),
        (f"/articles/{desk.hostile_slug}/ar/approve", {"override": "yes", "reason": "fine", "unchecked": "yes"}),
        (f"/articles/{SLUG}/ru/withdraw", {"reason": "taken down", "version": str(desk.version("ru"))}),
        ("/glossary/entry", {"file": glossary, "en": "Afghanistan", "digest": digest, "note": "changed",
                             "ru": "Афганистан", "ar": "أفغانستان", "fa-AF": "افغانستان", "tg": "Афғонистон"}),
        ("/glossary/approve", {"file": glossary, "en": "Ansarullah", "digest": digest}),
        ("/glossary/add", {"file": glossary, "digest": digest, "en": "Herat", "type": "name"}),
        ("/logout", {}),
    ]


@pytest.mark.parametrize("token", ["missing", "empty", "wrong", "another session's"])
def test_every_post_without_the_sessions_csrf_token_is_forbidden_and_changes_nothing(editor, token):
    other = editor.app.test_client()
    editor.login(OTHER, OTHER_PASSWORD, client=other)
    tokens = {"missing": None, "empty": "", "wrong": editor.csrf()[::-1],
              "another session's": csrf_of(other.get("/"))}
    before = editor.snapshot()
    for url, data in state_changing_posts(editor):
        if tokens[token] is not None:
            data = {**data, "csrf": tokens[token]}
        response = editor.client.post(url, data=data)
        assert response.status_code == 403, (url, response.status_code, response.text[:500])
        assert "CSRF" in response.text
        assert_headers(response)
    assert editor.snapshot() == before
    assert editor.client.get("/").status_code == 200  # the refused logout left the session


def test_the_token_in_the_query_string_is_not_accepted(editor):
    number = body_sentences(editor, "ar")[0]
    before = editor.snapshot()
    response = editor.client.post(f"/articles/{SLUG}/ar/{number}?csrf={editor.csrf()}", data={"text": FIX})
    assert response.status_code == 403
    assert editor.snapshot() == before


# -- headers and markup of every page ----------------------------------------------------------------

def test_every_page_has_the_security_headers_and_no_inline_script_style_or_handlers(editor):
    hostile = editor.hostile_slug
    number = body_sentences(editor, "ar")[0]
    pages = ["/", "/?filter=review", "/?filter=blocked", "/?filter=withdrawn", f"/articles/{SLUG}",
             f"/articles/{hostile}", f"/articles/{hostile}/ar/1", f"/articles/{hostile}/ru/3",
             *(f"/articles/{SLUG}/{tag}/{number}" for tag in LANGUAGES), f"/articles/{SLUG}/ar/1",
             f"/articles/{SLUG}/ar/approve", f"/articles/{SLUG}/tg/withdraw", f"/articles/{hostile}/ar/approve",
             "/glossary", "/glossary?status=proposed&type=name&missing=tg&query=a", "/glossary/candidates",
             f"/glossary/entry?file={editor.glossary}&en=Ahmad Massoud"]
    for url in pages:
        response = editor.get(url)
        assert response.mimetype == "text/html", url
        assert_headers(response)
        assert_no_active_markup(response)
    for url, status in (("/articles/nope", 404), ("/?filter=nope", 404), ("/glossary/entry?file=x&en=y", 400)):
        response = editor.get(url, status)
        assert_headers(response)
        assert_no_active_markup(response)
    conflict = editor.post("/glossary/approve", {"csrf": editor.csrf(), "file": str(editor.glossary),
                                                  "en": "Ansarullah", "digest": "stale"}, status=409)
    assert_headers(conflict)
    assert_no_active_markup(conflict)
    redirect = editor.post("/logout", {"csrf": editor.csrf()})
    assert_headers(redirect)
    login = editor.get("/login")
    assert_headers(login)
    assert_no_active_markup(login)
    assert "Cache-Control" in login.headers and "no-store" in login.headers["Cache-Control"]


# -- articles --------------------------------------------------------------------------------------

def listed(response) -> dict[str, list[str]]:
    """slug → the edition lines of the articles list."""
    root = parse(response)
    lines = {}
    for row in root.xpath("//table[@class='articles']/tbody/tr"):
        slug = row.xpath("./td[1]/small/text()")[0]
        lines[slug] = [" ".join(li.text_content().split()) for li in row.xpath(".//ul[@class='editions']/li")]
    return lines


def test_the_articles_list_and_its_filters(editor):
    hostile = editor.hostile_slug
    every = listed(editor.get("/"))
    assert list(every) == [hostile, SLUG]  # newest first
    assert every[SLUG] == [f"{tag} draft" for tag in LANGUAGES]
    assert all(line.startswith(("ar draft", "ru draft")) and "blocking" in line for line in every[hostile])
    root = parse(editor.get("/"))
    assert root.xpath(f"//a[@href='/articles/{SLUG}']//text()") == ["World must show its support for Afghan opposition"]
    assert list(listed(editor.get("/?filter=review"))) == [hostile, SLUG]
    assert list(listed(editor.get("/?filter=blocked"))) == [hostile]
    empty = editor.get("/?filter=withdrawn")
    assert listed(empty) == {} and "No articles withdrawn." in " ".join(parse(empty).text_content().split())
    assert parse(editor.get("/?filter=blocked")).xpath("//nav[@class='filters']/a[@aria-current='page']/text()") == [
        "has blocking problems"]
    editor.get("/?filter=nonsense", status=404)

    # approve every Ammon edition and withdraw one: it leaves "review", shows in "withdrawn"
    for tag in LANGUAGES:
        editor.post(f"/articles/{SLUG}/{tag}/approve", {"csrf": editor.csrf(), "version": editor.version(tag),
                                                         "unchecked": "yes"})
    assert list(listed(editor.get("/?filter=review"))) == [hostile]
    editor.post(f"/articles/{SLUG}/tg/withdraw", {"csrf": editor.csrf(), "reason": "asked to",
                                                  "version": editor.version("tg")})
    assert list(listed(editor.get("/?filter=withdrawn"))) == [SLUG]
    lines = listed(editor.get("/"))[SLUG]
    assert lines == [f"ar published · approved by {EDITOR}", f"fa-AF published · approved by {EDITOR}",
                     f"tg withdrawn · approved by {EDITOR}", f"ru published · approved by {EDITOR}"]


def last_touched(response, slug: str) -> str:
    return parse(response).xpath(f"//tr[td/small='{slug}']/td[3]/text()")[0].strip()


def test_last_touched_is_the_latest_action_even_within_one_second(editor, monkeypatch):
    """The history is kept to the second: actions in the same second are still ordered."""
    import syndicate.job.output
    from datetime import datetime, timezone

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)

    monkeypatch.setattr(syndicate.job.output, "datetime", Frozen)
    editor.post(f"/articles/{SLUG}/ar/approve", {"csrf": editor.csrf(), "version": editor.version("ar"), "unchecked": "yes"})
    assert last_touched(editor.get("/"), SLUG) == f"{EDITOR}: approved"
    editor.post(f"/articles/{SLUG}/ru/withdraw", {"csrf": editor.csrf(), "reason": "asked to",
                                                  "version": editor.version("ru")})
    assert last_touched(editor.get("/"), SLUG) == f"{EDITOR}: withdrawn"


def test_the_article_view_shows_every_language_with_its_direction(editor):
    root = parse(editor.get(f"/articles/{SLUG}"))
    assert root.findtext(".//h1/bdi") == "World must show its support for Afghan opposition"
    editions = root.xpath("//section[@class='editions']/article")
    assert [(e.get("lang"), e.get("dir")) for e in editions] == [(tag, DIRECTIONS[tag]) for tag in LANGUAGES]
    assert root.xpath("//table[@class='sentences']/thead/tr/th/text()") == ["#", "English", *LANGUAGES]
    rows = root.xpath("//table[@class='sentences']/tbody/tr")
    working = editor.working("ar")
    assert len(rows) == len(working.sentences) == int(root.xpath("//table[@class='sentences']/@data-rows")[0])
    for row in rows:
        cells = row.xpath("./td[@class='cell']")
        assert [(c.get("lang"), c.get("dir")) for c in cells] == [(tag, DIRECTIONS[tag]) for tag in LANGUAGES]
        assert row.xpath("./td[1]/@dir") == ["ltr"]
    number = body_sentences(editor, "ar")[0]
    [row] = root.xpath(f"//tr[@id='row-{number}']")
    source = working.sentences[number - 1]
    assert " ".join(row.xpath("./td[1]")[0].text_content().split()) == " ".join(source.source.split())
    assert row.xpath("./td[@lang='ar']/a/@href") == [f"/articles/{SLUG}/ar/{number}"]
    assert " ".join(row.xpath("./td[@lang='ar']/a")[0].text_content().split()) == " ".join(source.target.split())
    assert [" ".join(li.text_content().split()) for li in row.xpath("./td[@lang='ar']/ul[@class='notes']/li")] == [
        "untranslated: the translation is the English source"]
    actions = root.xpath("//article[@lang='ar']//p[@class='actions']/a/@href")
    assert actions == [f"/articles/{SLUG}/ar/approve", f"/articles/{SLUG}/ar/withdraw"]
    history = root.xpath("//article[@lang='ar']//details[@class='history']//li")
    route = " → ".join(editor.working("ar").route)
    assert [" ".join(li.text_content().split()[3:]) for li in history] == [f"translated: {route}"]
    assert history[0].xpath(".//time/text()")[0].endswith(" UTC")


def test_the_sentence_view(editor):
    number = body_sentences(editor, "ar")[0]
    root = parse(editor.get(f"/articles/{SLUG}/ar/{number}"))
    pair = editor.working("ar").sentences[number - 1]
    [textarea] = root.xpath("//form[@class='correct']//textarea")
    assert (textarea.get("name"), textarea.get("lang"), textarea.get("dir")) == ("text", "ar", "rtl")
    assert textarea.text == pair.target
    assert " ".join(root.xpath("//p[@class='source']")[0].text_content().split()) == " ".join(pair.source.split())
    assert root.xpath("//form[@class='correct']/@action") == [f"/articles/{SLUG}/ar/{number}"]
    assert root.xpath("//input[@name='version']/@value") == [str(editor.version("ar"))]
    assert root.xpath("//nav[@class='pager']/a/@href") == [f"/articles/{SLUG}/ar/{number - 1}",
                                                           f"/articles/{SLUG}/ar/{number + 1}"]
    ru = parse(editor.get(f"/articles/{SLUG}/ru/1"))
    assert ru.xpath("//textarea/@dir") == ["ltr"] and ru.xpath("//nav[@class='pager']/a/@rel") == ["next"]
    last = len(editor.working("ru").sentences)
    assert parse(editor.get(f"/articles/{SLUG}/ru/{last}")).xpath("//nav[@class='pager']/a/@rel") == ["prev"]


def test_a_correction_round_trip_on_a_published_edition(editor):
    # approve ar first: published, in the ar feed
    confirm = editor.get(f"/articles/{SLUG}/ar/approve")
    data = form_data(confirm, "form.confirm")
    assert data["version"] == str(editor.version("ar")) and data["csrf"] == editor.csrf()
    response = editor.post(f"/articles/{SLUG}/ar/approve", {**data, "editor": "Mallory", "unchecked": "yes"})
    assert response.headers["Location"] == f"/articles/{SLUG}"
    assert editor.summaries()["ar"].state == "published" and editor.summaries()["ar"].approved_by == EDITOR
    [item] = feed_entries(editor.out, "ar")

    number = body_sentences(editor, "ar")[1]
    form = editor.correction_form("ar", number)
    assert set(form) == {"csrf", "version", "seen", "text", "note"} and form["seen"] == form["text"]
    response = editor.post(f"/articles/{SLUG}/ar/{number}",
                           {**form, "text": FIX, "note": "wording of the second paragraph", "editor": "Mallory"})
    assert response.headers["Location"] == f"/articles/{SLUG}#row-{number}"

    # the desk shows it, with the flash message, under the logged-in editor's name
    article = editor.get(f"/articles/{SLUG}")
    root = parse(article)
    assert root.xpath("//p[contains(@class, 'flash')]/span/text()") == [
        f"{SLUG} ar: sentence {number} corrected; the published page and its feed item are updated"]
    assert " ".join(root.xpath(f"//tr[@id='row-{number}']/td[@lang='ar']/a")[0].text_content().split()) == FIX
    assert editor.working("ar").sentences[number - 1].target == FIX
    [corrected] = [e for e in editor.events(SLUG, "ar") if e.action == "corrected"]
    assert (corrected.editor, corrected.sentence, corrected.after, corrected.note) == (
        EDITOR, number, FIX, "wording of the second paragraph")
    assert [e.editor for e in editor.events(SLUG, "ar") if e.editor] == [EDITOR, EDITOR]  # approved, corrected
    history = " ".join(root.xpath("//article[@lang='ar']//details[@class='history']")[0].text_content().split())
    assert f"corrected sentence {number} by {EDITOR}: wording of the second paragraph" in history
    assert "Mallory" not in article.text
    assert editor.get("/").text.count(f"{EDITOR}: corrected") == 1

    # the public page and the feed item (same guid) are updated at once
    page = lxml_html.fromstring((editor.out / SLUG / "ar.html").read_bytes())
    assert FIX in page.text_content()
    assert page.findtext(".//p[@class='notice']").endswith(": wording of the second paragraph")
    [updated] = feed_entries(editor.out, "ar")
    assert updated.id == item.id and FIX in updated.content[0].value
    assert editor.summaries()["ar"].corrections == 1 and not editor.summaries()["ar"].changes_waiting


def test_a_correction_of_a_draft_stays_private(editor):
    number = body_sentences(editor, "fa-AF")[0]
    editor.post(f"/articles/{SLUG}/fa-AF/{number}", {**editor.correction_form("fa-AF", number), "text": "متن اصلاح شده."})
    summary = editor.summaries()["fa-AF"]
    assert summary.state == "draft" and summary.corrections == 1 and summary.last_editor == EDITOR
    assert not (editor.out / SLUG).exists() and feed_entries(editor.out, "fa-AF") == []
    assert "the edition is draft (approve it to publish)" in editor.get(f"/articles/{SLUG}").text


def test_two_editors_on_one_edition_conflict_only_on_the_same_sentence(editor):
    numbers = body_sentences(editor, "ru")
    first = editor.correction_form("ru", numbers[0])
    second = editor.correction_form("ru", numbers[1])  # both opened before either save
    again = editor.correction_form("ru", numbers[0])
    assert first["version"] == second["version"] == again["version"]
    editor.post(f"/articles/{SLUG}/ru/{numbers[0]}", {**first, "text": "Первое исправление."})
    # another sentence of the same edition: both saves stand
    editor.post(f"/articles/{SLUG}/ru/{numbers[1]}", {**second, "text": "Второе исправление."})
    sentences = editor.working("ru").sentences
    assert (sentences[numbers[0] - 1].target, sentences[numbers[1] - 1].target) == (
        "Первое исправление.", "Второе исправление.")
    # the same sentence: 409, the editor's text kept in the form beside the version saved meanwhile
    before = editor.snapshot()
    response = editor.post(f"/articles/{SLUG}/ru/{numbers[0]}", {**again, "text": "Третье <b>исправление</b>."},
                           status=409)
    assert "was changed by someone else meanwhile" in response.text
    assert_no_active_markup(response)
    page = lxml_html.fromstring(response.data)
    assert page.xpath("//form[@class='correct']//textarea")[0].text == "Третье <b>исправление</b>."
    assert page.xpath("//*[@class='other-version']")[0].text == "Первое исправление."
    assert editor.snapshot() == before
    # saved from that page (it carries the version and the sentence as they are now), it goes through
    kept = form_data(response, "form.correct")
    editor.post(f"/articles/{SLUG}/ru/{numbers[0]}", kept)
    assert editor.working("ru").sentences[numbers[0] - 1].target == "Третье <b>исправление</b>."
    # a form without a version would overwrite whatever changed: refused
    refused = editor.post(f"/articles/{SLUG}/ru/{numbers[1]}", {key: value for key, value in second.items()
                                                                if key != "version"}, status=400)
    assert "carried no version" in refused.text
    # a stale approve or withdraw is a conflict
    before = editor.snapshot()
    for action, data in (("approve", {}), ("withdraw", {"reason": "r"})):
        editor.post(f"/articles/{SLUG}/ru/{action}", {**data, "csrf": editor.csrf(), "version": first["version"]},
                    status=409)
    assert editor.snapshot() == before
    assert [e.editor for e in editor.events(SLUG, "ru") if e.action == "corrected"] == [EDITOR] * 3


def test_a_correction_that_is_not_text_is_refused(editor):
    number = body_sentences(editor, "ar")[0]
    before = editor.snapshot()
    for text in ("", "   ", "a\x00b", "x" * 5001):
        response = editor.post(f"/articles/{SLUG}/ar/{number}", {**editor.correction_form("ar", number), "text": text},
                               status=400)
        assert_no_active_markup(response)
    editor.post(f"/articles/{SLUG}/ar/{number}", {**editor.correction_form("ar", number), "version": "two"},
                status=400)
    assert editor.snapshot() == before


def test_approve_a_blocked_edition_needs_override_and_reason(editor):
    hostile = editor.hostile_slug
    summary = editor.summaries(hostile)["ar"]
    assert summary.blocking and summary.state == "draft"
    confirm = parse(editor.get(f"/articles/{hostile}/ar/approve"))
    assert confirm.xpath("//input[@name='override']/@value") == ["yes"]
    assert confirm.xpath("//input[@name='reason']/@name") == ["reason"]
    before = editor.snapshot()
    url = f"/articles/{hostile}/ar/approve"
    response = editor.post(url, {"csrf": editor.csrf(), "version": summary.version, "unchecked": "yes"}, status=422)
    assert "is blocked" in response.text
    editor.post(url, {"csrf": editor.csrf(), "version": summary.version, "unchecked": "yes", "override": "yes"}, status=400)
    editor.post(url, {"csrf": editor.csrf(), "version": summary.version, "unchecked": "yes", "override": "yes", "reason": "  "}, status=400)
    editor.post(url, {"csrf": editor.csrf(), "version": summary.version, "unchecked": "yes", "override": "no", "reason": "r"}, status=422)
    assert editor.snapshot() == before
    editor.post(url, {"csrf": editor.csrf(), "version": summary.version, "unchecked": "yes", "override": "yes",
                      "reason": "read it, it is fine", "editor": "Mallory"})
    after = editor.summaries(hostile)["ar"]
    assert (after.state, after.approved_by) == ("published", EDITOR)
    overridden = [e for e in editor.events(hostile, "ar") if e.action in ("overridden", "approved")]
    assert [(e.action, e.editor, e.note) for e in overridden] == [
        ("overridden", EDITOR, "read it, it is fine"), ("approved", EDITOR, "read it, it is fine")]
    assert (editor.out / hostile / "ar.html").is_file() and len(feed_entries(editor.out, "ar")) == 1


def test_withdraw_needs_a_reason(editor):
    url = f"/articles/{SLUG}/ru/withdraw"
    confirm = editor.get(url)
    data = form_data(confirm, "form.confirm")
    assert set(data) == {"csrf", "version", "reason"}
    before = editor.snapshot()
    editor.post(url, {**data, "reason": ""}, status=400)
    editor.post(url, {**data, "reason": " \t "}, status=400)
    editor.post(url, {"csrf": data["csrf"], "version": data["version"]}, status=400)
    assert editor.snapshot() == before
    editor.post(url, {**data, "reason": "the author asked us to", "editor": "Mallory"})
    assert editor.summaries()["ru"].state == "withdrawn"
    [event] = [e for e in editor.events(SLUG, "ru") if e.action == "withdrawn"]
    assert (event.editor, event.note) == (EDITOR, "the author asked us to")
    # withdrawn already: the confirm page offers no withdraw, a second one is refused
    assert f"/articles/{SLUG}/ru/withdraw" not in editor.get(f"/articles/{SLUG}").text
    editor.post(url, {**form_data(editor.get(url), "form.confirm"), "reason": "again"}, status=400)


def test_a_withdrawn_published_edition_becomes_a_withdrawal_notice_in_its_feed(editor):
    editor.post(f"/articles/{SLUG}/ar/approve", {"csrf": editor.csrf(), "version": editor.version("ar"), "unchecked": "yes"})
    [published] = feed_entries(editor.out, "ar")
    editor.post(f"/articles/{SLUG}/ar/withdraw", {"csrf": editor.csrf(), "version": editor.version("ar"),
                                                  "reason": "legal"})
    [notice] = withdrawal_notices(feed_entries(editor.out, "ar"), "ar", "legal")
    assert notice.id == published.id and published.content[0].value not in notice.content[0].value
    assert "legal" in lxml_html.fromstring((editor.out / SLUG / "ar.html").read_bytes()).text_content()


@pytest.mark.parametrize("url", [
    "/articles/no-such-article", f"/articles/{SLUG}x", f"/articles/{SLUG}/xx/3", f"/articles/{SLUG}/fa/3",
    f"/articles/{SLUG}/ar/0", f"/articles/{SLUG}/ar/999", f"/articles/{SLUG}/ar/-1", f"/articles/{SLUG}/ar/three",
    "/articles/no-such-article/ar/3", "/articles/no-such-article/ar/approve", f"/articles/{SLUG}/xx/approve",
    f"/articles/{SLUG}/xx/withdraw", "/articles/no-such-article/ru/withdraw", "/articles/..%2F..%2Fetc/ar/1",
    "/glossary/entry?file={glossary}&en=No Such Entry", "/glossary/entry?en=Afghanistan",
])
def test_unknown_articles_languages_sentences_and_entries_are_404(editor, url):
    response = editor.get(url.format(glossary=editor.glossary), 404)
    assert parse(response).xpath("//p[@role='alert']/text()") == ["Nothing here."]
    assert_headers(response)


def test_posts_to_unknown_articles_languages_and_sentences_are_404(editor):
    """What a GET of the same URL says: nothing here (not 400, "that request can't be understood")."""
    before = editor.snapshot()
    statuses = {}
    for url in ("/articles/no-such-article/ar/3", f"/articles/{SLUG}/xx/3", f"/articles/{SLUG}/ar/999",
                f"/articles/{SLUG}/ar/0", "/articles/no-such-article/ar/approve", f"/articles/{SLUG}/xx/approve",
                "/articles/no-such-article/ru/withdraw", f"/articles/{SLUG}/xx/withdraw"):
        statuses[url] = editor.client.post(url, data={"csrf": editor.csrf(), "text": FIX, "reason": "r"}).status_code
    assert editor.snapshot() == before
    assert statuses == dict.fromkeys(statuses, 404)


def test_a_correction_without_its_model_says_why_and_changes_nothing(pristine, tmp_path):
    root = tmp_path / "desk"
    shutil.copytree(pristine, root)
    (tmp_path / "no-models").mkdir()
    desk = Desk(root, tmp_path / "no-models").logged_in()
    number = body_sentences(desk, "ar")[0]
    before = desk.snapshot()
    response = desk.post(f"/articles/{SLUG}/ar/{number}", {**desk.correction_form("ar", number), "text": FIX},
                         status=500)
    assert "no en→ar translation model installed" in parse(response).findtext(".//p[@role='alert']")
    assert_headers(response)
    assert desk.snapshot() == before


def test_a_desk_for_loopback_answers_only_its_own_host_names(pristine, tmp_path, _installed_fixture_models):
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 gets a 400, not the desk (nor a 500)."""
    from syndicate.desk.app import create_app

    root = tmp_path / "desk"
    shutil.copytree(pristine, root)
    desk = Desk(root, _installed_fixture_models)
    app = create_app(desk.settings, secret=SECRET, trusted_hosts=["127.0.0.1", "localhost"])
    client = app.test_client()
    assert client.get("/login", headers={"Host": "127.0.0.1:8750"}).status_code == 200
    assert client.get("/login", headers={"Host": "localhost:8750"}).status_code == 200
    for url in ("/login", "/", f"/articles/{SLUG}", "/static/desk.css"):
        refused = client.get(url, headers={"Host": "evil.example:8750"})
        assert refused.status_code == 400, (url, refused.status_code)
        assert_headers(refused)
        assert SLUG.encode() not in refused.data


# -- hostile markup --------------------------------------------------------------------------------

def assert_shown_as_text(response, *texts: str) -> None:
    root = parse(response)
    assert root.xpath("//img") == [] and root.xpath("//b") == [] and root.xpath("//*[@onerror]") == []
    assert [s.get("src") for s in root.xpath("//script")] == ["/static/desk.js"]
    assert_no_active_markup(response)
    shown = " ".join(root.text_content().split())
    for text in texts:
        assert " ".join(text.split()) in shown, text


def test_a_hostile_page_is_shown_as_text_in_every_view(desk):
    desk.logged_in(HOSTILE_USER, HOSTILE_PASSWORD)
    hostile = desk.hostile_slug
    assert_shown_as_text(desk.get("/"), HOSTILE_TITLE, HOSTILE_USER)
    assert_shown_as_text(desk.get("/?filter=blocked"), HOSTILE_TITLE)
    article = desk.get(f"/articles/{hostile}")
    assert_shown_as_text(article, HOSTILE_TITLE, *HOSTILE_PARAGRAPHS)
    assert parse(article).findtext(".//title").startswith(HOSTILE_TITLE)
    for tag in ("ar", "ru"):
        for number in range(1, len(desk.working(tag, hostile).sentences) + 1):
            assert_shown_as_text(desk.get(f"/articles/{hostile}/{tag}/{number}"))
    paragraph = next(n for n, pair in enumerate(desk.working("ar", hostile).sentences, start=1)
                     if "alert(4)" in pair.source)
    sentence = desk.get(f"/articles/{hostile}/ar/{paragraph}")
    assert_shown_as_text(sentence, HOSTILE_PARAGRAPHS[1])
    assert HOSTILE_PARAGRAPHS[1] in parse(sentence).xpath("//textarea")[0].text
    for action in ("approve", "withdraw"):  # the edition's title, as translated
        assert_shown_as_text(desk.get(f"/articles/{hostile}/ar/{action}"), "<script>alert(1)</script>",
                             '"><img src=x onerror=alert(2)>')
    assert_shown_as_text(desk.get("/glossary/candidates"))

    # a hostile correction, note and editor name: text in the desk, the history, the public page
    desk.post(f"/articles/{hostile}/ar/{paragraph}", {**desk.correction_form("ar", paragraph, hostile),
                                                       "text": HOSTILE_FIX, "note": HOSTILE_NOTE})
    desk.post(f"/articles/{hostile}/ar/approve", {"csrf": desk.csrf(), "version": desk.version("ar", hostile),
                                                  "override": "yes", "reason": HOSTILE_NOTE, "unchecked": "yes"})
    article = desk.get(f"/articles/{hostile}")
    assert_shown_as_text(article, HOSTILE_FIX, HOSTILE_NOTE, f"approved by {HOSTILE_USER}")
    assert_shown_as_text(desk.get(f"/articles/{hostile}/ar/{paragraph}"), HOSTILE_FIX)
    assert_shown_as_text(desk.get("/"), f"approved by {HOSTILE_USER}")
    public = lxml_html.fromstring((desk.out / hostile / "ar.html").read_bytes())
    assert public.xpath("//img[@onerror]") == [] and public.xpath("//script[not(@type='application/ld+json')]") == []


def test_hostile_glossary_input_is_shown_as_text(editor):
    digest = hashlib.sha256(editor.glossary.read_bytes()).hexdigest()[:20]
    markup = '<img src=x onerror=alert(12)> "><script>alert(13)</script>'
    response = editor.client.post("/glossary/add", data={"csrf": editor.csrf(), "file": str(editor.glossary),
                                                         "digest": digest, "en": markup, "type": "name",
                                                         "note": markup})
    assert response.status_code in (302, 422)
    page = editor.get(response.headers["Location"]) if response.status_code == 302 else response
    assert_shown_as_text(page, markup)
    assert_shown_as_text(editor.get("/glossary"))


def test_markup_as_a_glossary_form_is_refused_by_the_desk_and_the_file_kept(editor):
    before = editor.glossary.read_bytes()
    digest = hashlib.sha256(editor.glossary.read_bytes()).hexdigest()[:20]
    response = editor.client.post("/glossary/add", data={"csrf": editor.csrf(), "file": str(editor.glossary),
                                                         "digest": digest, "en": "Samangan Dam", "type": "name",
                                                         "ar": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 422 and "ar holds &lt; or &gt;" in response.text
    page = editor.get(f"/glossary/entry?file={editor.glossary}&en=Kabul")
    form = {**form_data(page, "form.entry"), "csrf": editor.csrf(), "ru": "Kабул"}  # a Latin K
    response = editor.client.post("/glossary/entry", data=form)
    assert response.status_code == 422 and "(U+004B), which is not Cyrillic" in response.text
    assert editor.glossary.read_bytes() == before


# -- the glossary ----------------------------------------------------------------------------------

def glossary_rows(response) -> list[str]:
    return [row.xpath("./td[1]/bdi/text()")[0] for row in parse(response).xpath("//table[@class='glossary']/tbody/tr")]


def entries_of(path: Path) -> dict:
    return {entry.en: entry for entry in read_entries(path)}


def test_the_glossary_list_and_its_filters(editor):
    entries = list(entries_of(editor.glossary).values())
    every = editor.get("/glossary")
    assert glossary_rows(every) == [e.en for e in entries]
    assert f"{len(entries)} entries." in every.text
    for status in ("proposed", "approved"):
        rows = glossary_rows(editor.get(f"/glossary?status={status}"))
        assert rows == [e.en for e in entries if e.status == status] and rows
    for kind in ("name", "term"):
        assert glossary_rows(editor.get(f"/glossary?type={kind}")) == [e.en for e in entries if e.type == kind]
    missing = glossary_rows(editor.get("/glossary?missing=tg"))
    assert missing == [e.en for e in entries if not e.target("tg")]
    assert glossary_rows(editor.get("/glossary?query=masood")) == ["Ahmad Massoud"]  # a variant
    assert "Ahmad Massoud" in glossary_rows(editor.get("/glossary?query=Resistance Front"))  # the note
    assert "Afghanistan" in glossary_rows(editor.get("/glossary?query=Афганистан"))  # a target form
    assert glossary_rows(editor.get("/glossary?query=nothing matches this")) == []
    assert glossary_rows(editor.get(f"/glossary?file={editor.glossary}")) == [e.en for e in entries]
    assert glossary_rows(editor.get("/glossary?file=/elsewhere.tsv")) == []
    assert glossary_rows(editor.get("/glossary?status=proposed&type=name")) == [
        e.en for e in entries if e.status == "proposed" and e.type == "name"]
    approve_links = parse(editor.get("/glossary?status=proposed")).xpath("//td[@class='row-actions']/a[starts-with("
                                                                         "@href, '/glossary/approve?')]")
    assert len(approve_links) == len([e for e in entries if e.status == "proposed"])
    # lint's "names no approver" is said once for the list, not on each row
    assert "names no approver" not in " ".join(parse(every).xpath("//table[@class='glossary']//text()"))
    root = parse(every)
    assert [(c.get("lang"), c.get("dir")) for c in root.xpath("//table[@class='glossary']/tbody/tr[1]/td")[1:5]] == [
        (tag, DIRECTIONS[tag]) for tag in LANGUAGES]


def test_edit_an_entry_signs_it_with_the_session_user(editor):
    path, before = editor.glossary, entries_of(editor.glossary)
    page = editor.get(f"/glossary/entry?file={path}&en=Ahmad Massoud")
    data = form_data(page, "form.entry")
    assert set(data) == {"csrf", "file", "en", "digest", "entry", "ar", "fa-AF", "tg", "ru", "type", "variants",
                         "case_sensitive", "note"}
    assert parse(page).xpath("//input[@name='ar']/@dir") == ["rtl"]
    response = editor.post("/glossary/entry", {**data, "note": "Leader of the NRF.", "changed_by": "Mallory",
                                               "editor": "Mallory", "status": "forbidden"})
    assert response.headers["Location"].startswith("/glossary?query=Ahmad")
    after = entries_of(path)
    edited, old = after["Ahmad Massoud"], before["Ahmad Massoud"]
    assert (edited.note, edited.changed_by, edited.status) == ("Leader of the NRF.", EDITOR, old.status)
    assert edited.changed_at
    # every other cell came back as it was (the form shows the variants as the file has them)
    assert (edited.targets, edited.variants, edited.type, edited.case_sensitive) == (
        old.targets, old.variants, old.type, old.case_sensitive)
    assert {en: e for en, e in after.items() if en != "Ahmad Massoud"} == {
        en: e for en, e in before.items() if en != "Ahmad Massoud"}
    assert f"saved 'Ahmad Massoud' ({path}:" in parse(editor.get(response.headers["Location"])).text_content()

    # the new forms are used for the next translation (the desk's hook is reloaded)
    page = editor.get(f"/glossary/entry?file={path}&en=Afghanistan")
    editor.post("/glossary/entry", {**form_data(page, "form.entry"), "ru": "Исламский Эмират Афганистан"})
    assert entries_of(path)["Afghanistan"].target("ru") == "Исламский Эмират Афганистан"
    hook = editor.app.extensions["syndicate"].hook()
    assert hook.glossary.find("Afghanistan").target("ru") == "Исламский Эмират Афганистан"


def test_an_entry_changed_on_disk_after_the_form_was_opened_is_not_overwritten(editor):
    path = editor.glossary
    data = form_data(editor.get(f"/glossary/entry?file={path}&en=Afghanistan"), "form.entry")
    outside = path.read_text(encoding="utf-8").replace("Leader of the National Resistance Front",
                                                       "Leader of the NRF (edited outside)")
    assert outside != path.read_text(encoding="utf-8")
    path.write_text(outside, encoding="utf-8")
    response = editor.post("/glossary/entry", {**data, "note": "mine"}, status=409)
    assert "changed on disk" in response.text
    assert path.read_text(encoding="utf-8") == outside
    approve = editor.post("/glossary/approve", {"csrf": data["csrf"], "file": str(path), "en": "Ansarullah",
                                                "digest": data["digest"]}, status=409)
    assert_no_active_markup(approve)
    add = editor.post("/glossary/add", {"csrf": data["csrf"], "file": str(path), "en": "Herat", "type": "name",
                                        "digest": data["digest"]}, status=409)
    assert_no_active_markup(add)
    assert path.read_text(encoding="utf-8") == outside
    # reloaded, the save goes through and keeps the outside change
    editor.post("/glossary/entry", {**form_data(editor.get(f"/glossary/entry?file={path}&en=Afghanistan"),
                                                "form.entry"), "note": "mine"})
    assert entries_of(path)["Afghanistan"].note == "mine"
    assert entries_of(path)["Ahmad Massoud"].note.startswith("Leader of the NRF (edited outside)")


def test_approve_a_proposed_entry_asks_first_keeps_it_in_view_and_can_be_undone(editor):
    path = editor.glossary
    assert entries_of(path)["Ansarullah"].status == "proposed"
    listing = parse(editor.get("/glossary?status=proposed&type=name"))
    [link] = [a.get("href") for a in listing.xpath("//td[@class='row-actions']/a[starts-with(@href, '/glossary/approve?')]")
              if "en=Ansarullah" in a.get("href")]
    before = path.read_bytes()
    confirm = editor.get(link)  # asks first: a GET changes nothing
    assert path.read_bytes() == before and "Approve <bdi>Ansarullah</bdi>?" in confirm.text
    data = form_data(confirm, "form.confirm")
    assert (data["back_status"], data["back_type"]) == ("proposed", "name")
    response = editor.post("/glossary/approve", {**data, "editor": "Mallory"})
    entry = entries_of(path)["Ansarullah"]
    assert (entry.status, entry.approved_by, entry.changed_by) == ("approved", EDITOR, EDITOR) and entry.approved_at
    location = response.headers["Location"]
    assert location.startswith("/glossary?status=proposed&type=name&keep=Ansarullah#entry-")
    # back under the filter it was approved from, the entry stays in view, with its Undo
    page = editor.get(location)
    assert f"approved 'Ansarullah' ({path}:" in parse(page).text_content()
    [row] = parse(page).xpath(f"//tr[@id='{location.split('#')[1]}']")
    assert "kept" in row.get("class") and "status-approved" in row.get("class")
    assert "Ansarullah" in glossary_rows(page)
    undo = form_data(page, "td.row-actions form")
    assert undo["en"] == "Ansarullah" and undo["back_status"] == "proposed"
    # approving it again is refused, the file unchanged
    text = path.read_bytes()
    response = editor.post("/glossary/approve", {"csrf": editor.csrf(), "file": str(path), "en": "Ansarullah",
                                                 "digest": hashlib.sha256(text).hexdigest()[:20]}, status=422)
    assert "is approved already" in response.text
    assert path.read_bytes() == text
    # Undo: proposed again, the approver cleared, the undo signed
    response = editor.post("/glossary/unapprove", {**undo, "editor": "Mallory"})
    entry = entries_of(path)["Ansarullah"]
    assert (entry.status, entry.approved_by, entry.approved_at, entry.changed_by) == ("proposed", "", "", EDITOR)
    assert "approval undone for 'Ansarullah'" in parse(editor.get(response.headers["Location"])).text_content()
    text = path.read_bytes()
    assert "was changed by someone else" in editor.post("/glossary/unapprove", undo, status=409).text  # a stale Undo
    again = editor.post("/glossary/unapprove", {**undo, "digest": hashlib.sha256(text).hexdigest()[:20]}, status=422)
    assert "nothing to undo" in again.text and path.read_bytes() == text


def test_add_a_candidate_from_the_new_terms_page(editor):
    page = editor.get("/glossary/candidates")
    forms = parse(page).xpath("//form[@class='add']")
    assert forms, page.text
    form = forms[0]
    data = {field.get("name"): field.get("value", "") for field in form.xpath(".//input")}
    data["type"] = "name"
    text = data["en"]
    assert text not in entries_of(editor.glossary)
    assert set(parse(page).xpath("//section[@class='candidate']//ul[@class='examples']//a/@href")) <= {
        f"/articles/{SLUG}", f"/articles/{editor.hostile_slug}"}
    response = editor.post(form.get("action"), {**data, "ru": "Тест", "ar": "اختبار", "editor": "Mallory",
                                                "status": "approved"})
    assert response.headers["Location"].startswith("/glossary?query=")
    entry = entries_of(editor.glossary)[text]
    assert (entry.status, entry.type, entry.changed_by, entry.approved_by) == ("proposed", "name", EDITOR, "")
    assert (entry.target("ru"), entry.target("ar"), entry.target("tg")) == ("Тест", "اختبار", "")
    assert text in glossary_rows(editor.get(response.headers["Location"]))
    # it is no longer a candidate; adding it again is refused
    assert text not in [f.xpath("./input[@name='en']/@value")[0]
                        for f in parse(editor.get("/glossary/candidates")).xpath("//form[@class='add']")]
    before = editor.glossary.read_bytes()
    digest = hashlib.sha256(before).hexdigest()[:20]
    editor.post("/glossary/add", {**data, "digest": digest}, status=422)
    assert editor.glossary.read_bytes() == before


def test_an_edit_that_would_not_lint_is_refused_and_the_file_kept(editor):
    path = editor.glossary
    before = path.read_bytes()
    data = form_data(editor.get(f"/glossary/entry?file={path}&en=Afghanistan"), "form.entry")
    for change in ({"ar": ""}, {"ru": "Afghanistan"}, {"type": "nonsense"}, {"variants": "xx:nothing"},
                   {"ar": "افغانستان گ"}):
        response = editor.client.post("/glossary/entry", data={**data, **change})
        assert response.status_code == 422, (change, response.status_code, response.text[:1000])
        assert path.read_bytes() == before, change
        assert_no_active_markup(response)
    editor.post("/glossary/entry", {**data, "file": "/etc/passwd"}, status=400)
    editor.post("/glossary/entry", {**data, "en": "No Such Entry"}, status=422)
    assert path.read_bytes() == before


# -- the CLI ---------------------------------------------------------------------------------------

@pytest.fixture
def no_serving(monkeypatch):
    """waitress.serve replaced: records its arguments instead of serving (a test never hangs on it)."""
    import waitress

    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **options: calls.append({**options, "app": app}))
    return calls


def test_desk_refuses_a_non_loopback_host_without_users(run_cli, tmp_path, monkeypatch, no_serving):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SYNDICATE_WORKSPACE", str(workspace_of(tmp_path).root))
    out = tmp_path / "out"
    for host in ("0.0.0.0", "192.168.1.20", "::", "desk.example"):
        result = run_cli("desk", "--out", out, "--host", host)
        assert result.exit_code == 2, result.output
        assert "refusing to serve the desk" in result.stderr and "add-user" in result.stderr
    assert no_serving == []
    result = run_cli("desk", "--out", out, "--host", "127.0.0.1", "--port", "8799")
    assert result.exit_code == 0, result.output
    assert "no editor accounts" in result.stderr
    assert [(c["host"], c["port"]) for c in no_serving] == [("127.0.0.1", 8799)]
    # on loopback the desk answers only its own host names (no DNS rebinding), IPv6 included
    client = no_serving[0]["app"].test_client()
    for host in ("127.0.0.1:8799", "localhost:8799", "[::1]:8799", "[::1]", "LOCALHOST"):
        assert client.get("/login", headers={"Host": host}).status_code == 200, host
    for host in ("desk.example:8799", "127.0.0.1.evil.example", "[::2]:8799", "evil.example:8799@127.0.0.1"):
        assert client.get("/login", headers={"Host": host}).status_code == 400, host


def test_add_user_then_the_desk_serves_on_the_lan(run_cli, tmp_path, monkeypatch, no_serving):
    from syndicate.desk.users import UserStore

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SYNDICATE_WORKSPACE", str(workspace_of(tmp_path).root))
    out = tmp_path / "out"
    for password in ("short\n", "\n", "nine char\n", "x" * 1025 + "\n"):
        result = run_cli("desk", "--out", out, "add-user", EDITOR, "--password-stdin", input=password)
        assert result.exit_code == 2, result.output
        assert "a password has 10 to 1024 characters" in result.stderr
    result = run_cli("desk", "--out", out, "add-user", "  ", "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 2
    users = UserStore(workspace_of(tmp_path).root / "desk.sqlite3")
    assert users.count() == 0
    result = run_cli("desk", "--out", out, "add-user", EDITOR, "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert users.verify(EDITOR, PASSWORD) == EDITOR and users.verify(EDITOR, "short") is None
    assert not list(out.rglob("desk.sqlite3")) if out.exists() else True  # never in the public folder
    result = run_cli("desk", "--out", out, "--host", "0.0.0.0")
    assert result.exit_code == 0, result.output
    assert [c["host"] for c in no_serving] == ["0.0.0.0"]
    assert "warning: the desk speaks plain HTTP: passwords and drafts cross the network in clear" in result.stderr
    result = run_cli("desk", "--out", out, "--host", "0.0.0.0", env={"SYNDICATE_DESK_PROXY": "127.0.0.1"})
    assert result.exit_code == 0 and "plain HTTP" not in result.stderr  # behind a TLS proxy
    users.close()


def test_editors_saving_different_glossary_entries_both_save_the_same_entry_conflicts(editor):
    """Alice and Bob open the glossary at the same time: Bob's approval of one entry doesn't
    refuse Alice's edit of another; a save of the entry Bob just changed does."""
    path = editor.glossary
    alice = form_data(editor.get(f"/glossary/entry?file={path}&en=Afghanistan"), "form.entry")
    stale_edit = form_data(editor.get(f"/glossary/entry?file={path}&en=Ahmad Massoud"), "form.entry")
    listing = parse(editor.get("/glossary?status=proposed"))
    link = listing.xpath("//td[@class='row-actions']/a[starts-with(@href, '/glossary/approve?')]/@href")[0]
    bob = form_data(editor.get(link), "form.confirm")
    editor.post("/glossary/approve", bob)
    editor.post("/glossary/entry", {**alice, "note": "Alice's note"})
    assert entries_of(path)["Afghanistan"].note == "Alice's note"
    assert entries_of(path)[bob["en"]].status == "approved"
    # the entry itself changed since the form was opened: 409, nothing written
    editor.post("/glossary/entry", {**form_data(editor.get(f"/glossary/entry?file={path}&en=Ahmad Massoud"),
                                                 "form.entry"), "note": "first"})
    before = path.read_bytes()
    response = editor.post("/glossary/entry", {**stale_edit, "note": "second"}, status=409)
    assert "Ahmad Massoud" in response.text and "was changed by someone else" in response.text
    assert path.read_bytes() == before
