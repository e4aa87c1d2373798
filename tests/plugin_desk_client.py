"""The desk through Flask's test client, for the desk's HTTP tests.

``pristine`` builds, once per test module, a folder with the real CLI on the fixture copy models:
the Ammon News op-ed in ar, fa-AF, tg, ru (on-approval: four drafts) and a hostile page, whose
title and paragraphs carry markup as text, in ar and ru (blocked drafts: it is translated with
blocking_checks = untranslated), three desk users. ``desk`` is a test's own copy of that folder
(output folder, workspace, translation memory, glossary) with its own app (``Desk``), ``editor``
the same with EDITOR logged in.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from plugin_desk import copy_glossary_lacking_a_name

from syndicate.editions.store import EditionStore
from syndicate.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
AMMON = ROOT / "tests" / "fixtures" / "ammon-news.html"
BASE_URL = "https://partner.example/op-eds/"
SLUG = "world-must-show-its-support-for-afghan-opposition"
LANGUAGES = ("ar", "fa-AF", "tg", "ru")
DIRECTIONS = {"ar": "rtl", "fa-AF": "rtl", "tg": "ltr", "ru": "ltr"}
EDITOR, PASSWORD = "Rahima Karimi", "correct horse battery"
OTHER, OTHER_PASSWORD = "Oleg Petrov", "another long passphrase"
HOSTILE_USER, HOSTILE_PASSWORD = '"><img src=x onerror=alert(7)> Omar', "hostile user passphrase"
FIX = "تواجه العائلات الأفغانية خياراً صعباً بين الطعام والتدفئة."
SECRET = b"desk-tests-secret-key-0123456789abcdef"

# The hostile page: markup in the title and paragraphs, entity-encoded so it is text.
HOSTILE_TITLE = '<script>alert(1)</script> Kabul "><img src=x onerror=alert(2)> talks'
HOSTILE_PARAGRAPHS = (
    "Negotiators met in Doha on Tuesday <script>alert(3)</script> to discuss the future of the region "
    "and the fate of millions of people.",
    'The delegation said "><img src=x onerror=alert(4)> that progress had been slow but steady over the '
    "past several months of talks.",
    "Officials from several neighbouring countries attended the meeting, which lasted for more than six "
    "hours and ended without a joint statement.",
    "Aid groups warned that the humanitarian situation remains dire, with food prices rising sharply "
    "across the country this winter.",
    "One diplomat, speaking on condition of anonymity, said <b onmouseover=alert(5)>nothing</b> had been "
    "agreed and that further rounds were planned.",
    "The next meeting is expected to take place in the spring, although no date has yet been set by the "
    "organisers.",
)
HOSTILE_FIX = '<script>alert(8)</script> "><img src=x onerror=alert(9)> <b>bold</b> تصحيح'
HOSTILE_NOTE = '<script>alert(10)</script> "><img src=x onerror=alert(11)> note'


def hostile_page() -> str:
    from html import escape

    title = escape(HOSTILE_TITLE)
    body = "".join(f"<p>{escape(paragraph)}</p>\n" for paragraph in HOSTILE_PARAGRAPHS)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="canonical" href="javascript:alert(6)"><meta property="og:title" content="{title}">'
            f"</head><body><article><h1>{title}</h1>\n{body}</article></body></html>")


# -- the output folder, built once -----------------------------------------------------------------

@pytest.fixture(scope="module")
def pristine(tmp_path_factory, _installed_fixture_models) -> Path:
    """A folder with syndicate.toml, a copy of the project glossary, the translated articles
    (out/ and its workspace), the translation memory and three desk users."""
    from click.testing import CliRunner

    from syndicate.cli import cli
    from syndicate.desk.users import UserStore

    root = tmp_path_factory.mktemp("desk")
    copy_glossary_lacking_a_name(root / "glossary.tsv")
    (root / "syndicate.toml").write_text(f'base_url = "{BASE_URL}"\nglossaries = ["glossary.tsv"]\n', encoding="utf-8")
    (root / "hostile.html").write_text(hostile_page(), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(_installed_fixture_models))
        patch.setenv("SYNDICATE_CACHE", str(root / "memory.sqlite3"))
        patch.setenv("SYNDICATE_WORKSPACE", str(workspace_of(root).root))
        patch.chdir(root)
        runner = CliRunner()
        result = runner.invoke(cli, ["translate", str(AMMON), "--to", ",".join(LANGUAGES), "--publish", "on-approval",
                                     "--out", str(root / "out")], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        result = runner.invoke(cli, ["translate", str(root / "hostile.html"), "--to", "ar,ru", "--publish",
                                     "on-approval", "--out", str(root / "out")],
                               env={"SYNDICATE_BLOCKING_CHECKS": "untranslated"}, catch_exceptions=False)
        assert result.exit_code == 8, result.output  # both editions blocked
    users = UserStore(workspace_of(root).root / "desk.sqlite3")
    for name, password in ((EDITOR, PASSWORD), (OTHER, OTHER_PASSWORD), (HOSTILE_USER, HOSTILE_PASSWORD)):
        users.add(name, password)
    users.close()
    return root


def workspace_of(root: Path) -> Workspace:
    """The workspace of ``root``/out: inside ``root``, so that each test's copy has its own."""
    from syndicate.settings import Settings

    return Workspace.of(Settings(output_dir=str(root / "out"), workspace=str(root / "workspace")))


class Desk:
    """One copy of the pristine folder, its app and a test client."""

    def __init__(self, root: Path, models: Path):
        from syndicate.desk.app import create_app
        from syndicate.settings import load_settings

        self.root = root
        self.settings = load_settings(root / "syndicate.toml", output_dir=str(root / "out"),
                                      cache_path=str(root / "memory.sqlite3"), models_dir=str(models),
                                      workspace=str(workspace_of(root).root))
        self.app = create_app(self.settings, secret=SECRET)
        self.client = self.app.test_client()

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def glossary(self) -> Path:
        return self.root / "glossary.tsv"

    @property
    def workspace(self) -> Workspace:
        return workspace_of(self.root)

    @property
    def hostile_slug(self) -> str:
        return next(slug for slug in self.titles() if slug != SLUG)

    def titles(self) -> dict:
        with EditionStore(self.workspace.editions) as store:
            return store.titles()

    def summaries(self, slug: str = SLUG) -> dict:
        with EditionStore(self.workspace.editions) as store:
            return {s.language: s for s in store.summaries(slug)}

    def events(self, slug: str = SLUG, language: str | None = None) -> list:
        with EditionStore(self.workspace.editions) as store:
            return store.events(slug, language)

    def working(self, language: str, slug: str = SLUG):
        with EditionStore(self.workspace.editions) as store:
            return store.edition(slug, language).working

    def snapshot(self) -> dict:
        """Everything a POST could change: editions, history, public and private files, glossary, memory."""
        with EditionStore(self.workspace.editions) as store:
            editions = sorted((s.slug, s.language, s.state, s.version, s.approved_by, s.corrections)
                              for s in store.summaries())
            events = [(e.slug, e.language, e.action, e.editor) for slug in store.titles() for e in store.events(slug)]
        files = {str(path.relative_to(self.root)): hashlib.sha256(path.read_bytes()).hexdigest()
                 for folder in (self.out, self.workspace.drafts_dir) for path in sorted(folder.rglob("*"))
                 if path.is_file()}
        return {"editions": editions, "events": events, "files": files,
                "glossary": self.glossary.read_bytes(), "memory": self.memory_rows()}

    def memory_rows(self) -> dict:
        """Every row of the translation memory, table by table."""
        import sqlite3

        connection = sqlite3.connect(self.root / "memory.sqlite3")
        try:
            tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {table: sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"'))) for table in tables}
        finally:
            connection.close()

    # -- requests ------------------------------------------------------------------------------

    def login(self, name: str = EDITOR, password: str = PASSWORD, next: str | None = None, client=None):
        client = client or self.client
        page = client.get("/login")
        data = {"name": name, "password": password, "csrf": csrf_of(page)}
        if next is not None:
            data["next"] = next
        return client.post("/login", data=data)

    def logged_in(self, name: str = EDITOR, password: str = PASSWORD):
        response = self.login(name, password)
        assert response.status_code == 302, response.text
        return self

    def csrf(self) -> str:
        return csrf_of(self.client.get("/"))

    def get(self, url: str, status: int = 200):
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code, response.text[:2000])
        return response

    def post(self, url: str, data: dict, status: int = 302):
        response = self.client.post(url, data=data)
        assert response.status_code == status, (url, response.status_code, response.text[:2000])
        return response

    def version(self, language: str, slug: str = SLUG) -> int:
        return self.summaries(slug)[language].version

    def correction_form(self, language: str, number: int, slug: str = SLUG) -> dict:
        """The form of the sentence page, as the browser would send it."""
        return form_data(self.get(f"/articles/{slug}/{language}/{number}"), "form.correct")


@pytest.fixture
def desk(pristine, tmp_path, _installed_fixture_models) -> Desk:
    root = tmp_path / "desk"
    shutil.copytree(pristine, root)
    return Desk(root, _installed_fixture_models)


@pytest.fixture
def editor(desk) -> Desk:
    """The desk with EDITOR logged in."""
    return desk.logged_in()


def csrf_of(response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', response.get_data(as_text=True))
    assert found, response.get_data(as_text=True)[:2000]
    return found.group(1)


def parse(response):
    return lxml_html.fromstring(response.get_data())


def form_data(response, selector: str) -> dict:
    """The fields of the first form matching the CSS ``selector`` (inputs, selected options, textareas)."""
    [form, *_] = parse(response).cssselect(selector)
    data = {}
    for field in form.xpath(".//input[@name] | .//textarea[@name] | .//select[@name]"):
        name = field.get("name")
        if field.tag == "select":
            chosen = field.xpath("./option[@selected]") or field.xpath("./option")
            data[name] = chosen[0].get("value", chosen[0].text or "") if chosen else ""
        elif field.tag == "textarea":
            data[name] = field.text or ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.get("checked") is not None:
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def body_sentences(desk: Desk, language: str) -> list[int]:
    """The numbers (as the desk numbers them, 1 = the title) of body sentences without glossary terms."""
    from plugin_editions import plain_sentences  # a plugin registered after this one

    return [number for number, _, _ in plain_sentences(desk.workspace.editions, SLUG, language)]


def assert_no_active_markup(response) -> None:
    """No inline script, no style attribute or element, no event handler attribute, no javascript: URL."""
    root = parse(response)
    assert root.xpath("//script[not(@src)]") == []
    assert [script.get("src") for script in root.xpath("//script")] in ([], ["/static/desk.js"])
    assert root.xpath("//style") == [] and root.xpath("//@style") == []
    handlers = [(element.tag, name) for element in root.iter() if isinstance(element.tag, str)
                for name in element.attrib if name.lower().startswith("on")]
    assert handlers == []
    urls = root.xpath("//@href | //@src | //@action | //@formaction")
    assert not [url for url in urls if url.strip().lower().startswith(("javascript:", "vbscript:"))]
    navigable = root.xpath("//a/@href | //area/@href | //form/@action | //iframe/@src | //script/@src "
                           "| //object/@data | //embed/@src | //button/@formaction")
    assert not [url for url in navigable if url.strip().lower().startswith("data:")]


def assert_headers(response) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
