"""Hostile input to the editorial commands (`correct`, `approve`, `withdraw`, `status`), through
the installed console script, on a real translation of the Ammon News op-ed (fixture models).

The article is translated into ar and ru with the project glossary checked but not enforced
(tests/plugin_review.py's checks_only_hook: the copy models leave English terms, so both
editions are blocked drafts); ar is then approved with --override, ru stays blocked.

* markup in a corrected sentence, a title, a note, a reason or an editor's name is shown as text
  on the page, in the feed item (which feedparser still parses, one item per guid), in ninjs
  and article.json;
* control characters, lone surrogates, bytes that aren't UTF-8 on stdin (whatever the locale's
  decoding), oversized or empty text, a sentence number out of range (also typed as a bare -1),
  an unknown or path-like slug, an unknown language, a missing --reason: exit 2 with one line
  on stderr, and nothing changed (database, memory, files); a mistyped --out creates nothing;
* a blocked edition is refused with exit 6; a second withdrawal exits 2 pointing at approve;
* a corrupted editorial database (truncated, garbage, one table's page garbled): exit 2, one
  line naming it, no traceback, the public folder untouched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from plugin_editions import CommandFolder
from plugin_export import feed_entries, withdrawal_notices
from plugin_review import checks_only_hook


ROOT = Path(__file__).resolve().parent.parent
AMMON = ROOT / "tests" / "fixtures" / "ammon-news.html"
GLOSSARY = ROOT / "glossaries" / "afghanistan-region.tsv"
BASE_URL = "https://partner.example/op-eds/"
SLUG = "world-must-show-its-support-for-afghan-opposition"
EDITOR = "Rahima Karimi"
SENTENCE = 3  # the first sentence of the body (1 = the title, 2 = the summary, the same source)

HOSTILE = ('Kabul <script>alert(1)</script> and "><img src=x onerror=alert(2)> then ]]> and '
           '</content:encoded></item><item><title>fake</title> and \u2067evil\u2069 end.')  # a bidi isolate
HOSTILE_TITLE = '</title><script>alert(3)</script> "Quoted" & <b>bold</b> ]]>'
HOSTILE_NOTE = '<script>alert(4)</script> note "><img src=x onerror=alert(5)> ]]>'
HOSTILE_EDITOR = '<script>alert(6)</script>"><img src=x onerror=alert(7)> Omar'
HOSTILE_REASON = '<script>alert(8)</script> "><img src=x onerror=alert(9)> ]]> </content:encoded> reason'


# -- the article, and running commands on it ----------------------------------------------------

class Desk(CommandFolder):
    """The output folder under test, and the commands on it."""

    def run(self, *args, stdin: bytes | None = None, env: dict | None = None) -> tuple[int, str, str]:
        """(exit code, stdout, stderr) of `syndicate COMMAND --out OUT ARGS...`; ``args`` may hold
        bytes (raw argv)."""
        completed = self.completed(*args, stdin=stdin if stdin is not None else b"", env=env)
        return (completed.returncode, completed.stdout.decode("utf-8", "replace"),
                completed.stderr.decode("utf-8", "replace"))

    def ok(self, *args, stdin: bytes | None = None) -> tuple[str, str]:
        code, stdout, stderr = self.run(*args, stdin=stdin)
        assert code == 0, stderr
        assert "Traceback" not in stderr, stderr
        return stdout, stderr

    def status(self) -> dict[str, dict]:
        stdout, _ = self.ok("status", "--json", "--history")
        return {e["language"]: e for e in json.loads(stdout)["editions"] if e["slug"] == SLUG}

    def copy(self, root: Path) -> Desk:
        shutil.copytree(self.root, root)
        return Desk(root, self.models)

    # what must not change when a command is refused
    def snapshot(self) -> dict:
        files = {str(p.relative_to(self.root)): hashlib.sha256(p.read_bytes()).hexdigest()
                 for folder in (self.out, self.workspace.drafts_dir) for p in sorted(folder.rglob("*"))
                 if p.is_file()}
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as db:
            tables = {table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                      for table in ("articles", "editions", "events")}
        with sqlite3.connect(f"file:{self.memory}?mode=ro", uri=True) as memory:
            corrections = memory.execute("SELECT * FROM corrections ORDER BY 1, 2").fetchall()
        return {"files": files, "tables": tables, "corrections": corrections}


@pytest.fixture(scope="module")
def base(_installed_fixture_models, tmp_path_factory) -> Desk:
    from syndicate.job import run
    from syndicate.languages import parse_targets
    from syndicate.settings import load_settings
    from syndicate.translate.engine import Engine

    desk = Desk(tmp_path_factory.mktemp("hostile") / "desk", _installed_fixture_models)
    desk.root.mkdir()
    settings = load_settings(None, output_dir=str(desk.out), base_url=BASE_URL, models_dir=str(desk.models),
                             cache_path=str(desk.memory), publish="on-approval", workspace=str(desk.workspace.root))
    with Engine.from_settings(settings) as engine:
        result = run(str(AMMON), parse_targets(["ar", "ru"]), settings, engine=engine,
                     hook=checks_only_hook([GLOSSARY]))
    assert result.slug == SLUG
    assert {o.language for o in result.blocked} == {"ar", "ru"}, result.outcomes
    desk.ok("approve", SLUG, "ar", "--editor", EDITOR, "--override", "--reason", "the copy models miss terms")
    editions = desk.status()
    assert (editions["ar"]["state"], editions["ru"]["state"], editions["ru"]["blocked"]) == (
        "published", "draft", True)
    return desk


@pytest.fixture(scope="module")
def shared(base, tmp_path_factory) -> Desk:
    """One copy for the refused commands: each checks it changed nothing."""
    return base.copy(tmp_path_factory.mktemp("refused") / "desk")


@pytest.fixture
def desk(base, tmp_path) -> Desk:
    """A copy of its own, for a test that changes it."""
    return base.copy(tmp_path / "desk")


# -- reading the public files -------------------------------------------------------------------

def words(text: str) -> str:
    return " ".join(text.split())


def parse_page(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def check_no_active_markup(root, where: str) -> None:
    """No script but JSON-LD (which parses), no on* attribute, no injected img, anywhere in ``root``."""
    for script in root.iter("script"):
        assert script.get("type") == "application/ld+json", where
        json.loads(script.text)
    assert root.xpath("//*[@*[starts-with(name(), 'on')]]") == [], where
    assert root.xpath("//img[@src='x']") == [], where
    assert root.xpath("//b") == [], where


def read_feed(desk: Desk, tag: str):
    raw = (desk.out / "feeds" / f"{tag}.xml").read_bytes()
    etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False, no_network=True))  # well-formed
    return raw.decode("utf-8"), feed_entries(desk.out, tag)


def record_guid(desk: Desk, tag: str) -> str:
    record = json.loads((desk.out / SLUG / "article.json").read_text(encoding="utf-8"))
    return record["languages"][tag]["guid"]


# -- markup ---------------------------------------------------------------------------------------

def test_markup_in_a_corrected_sentence_and_title_is_text_on_the_page_in_the_feed_and_in_json(desk):
    stdout, _ = desk.ok("correct", SLUG, "ar", SENTENCE, HOSTILE, "--editor", EDITOR, "--note", HOSTILE_NOTE,
                        "--no-glossary")
    assert "the published page and its feed item are updated" in stdout
    stdout, _ = desk.ok("correct", SLUG, "ar", 1, HOSTILE_TITLE, "--editor", EDITOR, "--no-glossary")
    assert "sentence 1 corrected" in stdout

    editions = desk.status()
    ar = editions["ar"]
    assert (ar["state"], ar["edited"], ar["title"]) == ("published", True, HOSTILE_TITLE)
    corrected = [h for h in ar["history"] if h["action"] == "corrected"]
    assert [(h["sentence"], h["after"]) for h in corrected] == [(SENTENCE, HOSTILE), (1, HOSTILE_TITLE)]

    # the page: the text as text, no element from it
    page_path = desk.out / SLUG / "ar.html"
    raw_page = page_path.read_text(encoding="utf-8")
    page = parse_page(page_path)
    check_no_active_markup(page, "ar.html")
    assert page.findtext(".//title") == HOSTILE_TITLE
    assert page.findtext(".//h1") == HOSTILE_TITLE
    assert HOSTILE in words(page.text_content())
    assert "\u2067evil\u2069" in raw_page
    assert "<script>alert" not in raw_page and "<img src=x" not in raw_page
    assert page.xpath("//meta[@name='description']/@content") == [HOSTILE]  # the summary shares the source
    [ld] = [data for data in (json.loads(s.text) for s in page.iter("script")) if data.get("@type") == "NewsArticle"]
    assert (ld["headline"], ld["description"]) == (HOSTILE_TITLE, HOSTILE)

    # the feed: one item, the text escaped inside its HTML, nothing spliced into the XML
    raw_feed, entries = read_feed(desk, "ar")
    guid = record_guid(desk, "ar")
    assert [entry.id for entry in entries] == [guid]
    [item] = entries
    assert item.title == HOSTILE_TITLE
    assert raw_feed.count("</content:encoded>") == 1 and raw_feed.count("<item>") == 1
    assert "fake" not in [entry.title for entry in entries]
    content = lxml_html.fragment_fromstring(item.content[0].value, create_parent="div")
    check_no_active_markup(content, "content:encoded")
    assert HOSTILE in words(content.text_content())
    summary = lxml_html.fragment_fromstring(item.summary, create_parent="div")
    check_no_active_markup(summary, "description")
    assert words(summary.text_content()) == HOSTILE

    # ninjs and article.json: parse, the HTML body escaped, the plain text as it was typed
    ninjs = json.loads((desk.out / SLUG / "ar.ninjs.json").read_text(encoding="utf-8"))
    assert ninjs["headlines"] == [{"role": "main", "value": HOSTILE_TITLE}]
    body = next(b["value"] for b in ninjs["bodies"] if b.get("contentType", "text/html") == "text/html")
    assert "<script" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    check_no_active_markup(lxml_html.fragment_fromstring(body, create_parent="div"), "ninjs body")
    record = json.loads((desk.out / SLUG / "article.json").read_text(encoding="utf-8"))
    [translation] = [t for t in record["translations"] if t["language"] == "ar"]
    assert translation["title"] == HOSTILE_TITLE
    assert any(HOSTILE in json.dumps(block, ensure_ascii=False).replace('\\"', '"')
               for block in translation["blocks"])
    check_no_active_markup(lxml_html.fromstring((desk.out / "index.html").read_bytes()), "index.html")


def test_markup_in_a_note_an_editor_and_a_reason_is_text_on_the_page_and_the_notice(desk):
    desk.ok("correct", SLUG, "ar", SENTENCE, "A plain corrected sentence.", "--editor", EDITOR,
            "--note", HOSTILE_NOTE, "--no-glossary")
    ar = parse_page(desk.out / SLUG / "ar.html")
    check_no_active_markup(ar, "ar.html")
    notice = words(ar.findtext(".//p[@class='notice']"))
    assert notice.endswith(": " + words(HOSTILE_NOTE)), notice
    raw_feed, [item] = read_feed(desk, "ar")
    content = lxml_html.fragment_fromstring(item.content[0].value, create_parent="div")
    check_no_active_markup(content, "content:encoded")
    assert words(HOSTILE_NOTE) in words(content.text_content())

    # an approver's name is shown on the page ("reviewed by NAME")
    desk.ok("approve", SLUG, "ru", "--editor", HOSTILE_EDITOR, "--override", "--reason", HOSTILE_REASON)
    ru = parse_page(desk.out / SLUG / "ru.html")
    check_no_active_markup(ru, "ru.html")
    assert HOSTILE_EDITOR in ru.findtext(".//p[@class='notice']")
    _, [item] = read_feed(desk, "ru")
    check_no_active_markup(lxml_html.fragment_fromstring(item.content[0].value, create_parent="div"), "ru item")
    assert HOSTILE_EDITOR in words(lxml_html.fragment_fromstring(item.content[0].value,
                                                                 create_parent="div").text_content())
    ru_status = desk.status()["ru"]
    assert (ru_status["state"], ru_status["approved_by"]) == ("published", HOSTILE_EDITOR)
    assert [h["note"] for h in ru_status["history"] if h["action"] == "overridden"] == [words(HOSTILE_REASON)]

    # a withdrawal's reason is shown on the notice that replaces the page
    desk.ok("withdraw", SLUG, "ru", "--editor", HOSTILE_EDITOR, "--reason", HOSTILE_REASON)
    notice_page = parse_page(desk.out / SLUG / "ru.html")
    check_no_active_markup(notice_page, "ru.html (withdrawn)")
    assert notice_page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert words(HOSTILE_REASON) in words(notice_page.text_content())
    raw_feed, entries = read_feed(desk, "ru")
    [notice] = withdrawal_notices(entries, "ru")  # the reason in it is text, escaped
    content = lxml_html.fragment_fromstring(notice.content[0].value, create_parent="div")
    check_no_active_markup(content, "ru feed (withdrawn)")
    assert words(HOSTILE_REASON) in words(content.text_content())
    ninjs = json.loads((desk.out / SLUG / "ru.ninjs.json").read_text(encoding="utf-8"))
    assert ninjs["pubStatus"] == "canceled"
    record = json.loads((desk.out / SLUG / "article.json").read_text(encoding="utf-8"))
    assert record["languages"]["ru"]["state"] == "withdrawn"
    assert record["languages"]["ru"]["withdrawn"]["reason"] == words(HOSTILE_REASON)
    assert [t["language"] for t in record["translations"]] == ["ar"]
    check_no_active_markup(lxml_html.fromstring((desk.out / "index.html").read_bytes()), "index.html")


# -- refused input: exit 2, one line, nothing changed -------------------------------------------

CORRECT = ("correct", SLUG, "ar")
NO_GLOSSARY = ("--no-glossary",)
BY = ("--editor", EDITOR)
SENTENCES = 48  # of the fixture translation (checked below)

REFUSED = {
    # control characters and what isn't text
    "bell": ((*CORRECT, SENTENCE, "a\x07b", *BY, *NO_GLOSSARY), None, ["the corrected sentence holds control characters"]),
    "escape": ((*CORRECT, SENTENCE, "\x1b[31mred\x1b[0m", *BY, *NO_GLOSSARY), None, ["control characters"]),
    "nul on stdin": ((*CORRECT, SENTENCE, "-", *BY, *NO_GLOSSARY), b"abc\x00def", ["control characters"]),
    "not UTF-8 on stdin": ((*CORRECT, SENTENCE, "-", *BY, *NO_GLOSSARY), b"caf\xe9 \xff\xfe ok",
                           ["the text on stdin is not UTF-8"]),
    "a bidi override (U+202E)": ((*CORRECT, SENTENCE, "fine \u202eevil\u202c end", *BY, *NO_GLOSSARY), None,
                                 ["the corrected sentence holds control characters"]),
    "lone surrogate in argv": ((*CORRECT, SENTENCE, b"half \xed\xa0\x80 a pair", *BY, *NO_GLOSSARY), None,
                               ["the corrected sentence"]),
    "control in --editor": ((*CORRECT, SENTENCE, "fine", "--editor", "Ed\x07", *NO_GLOSSARY), None,
                            ["--editor holds control characters"]),
    "control in --note": ((*CORRECT, SENTENCE, "fine", *BY, "--note", "n\x1b", *NO_GLOSSARY), None,
                          ["--note holds control characters"]),
    "control in --reason": (("withdraw", SLUG, "ar", *BY, "--reason", "r\x08"), None,
                            ["--reason holds control characters"]),
    "lone surrogate in --editor": (("approve", SLUG, "ar", "--editor", b"Ed \xed\xb0\x80"), None, ["--editor"]),
    # oversized
    "100 000 characters": ((*CORRECT, SENTENCE, "x" * 100_000, *BY, *NO_GLOSSARY), None,
                           ["the corrected sentence is 100000 characters long; at most 5000"]),
    "1 MB on stdin": ((*CORRECT, SENTENCE, "-", *BY, *NO_GLOSSARY), b"word " * 200_000,
                      ["the corrected sentence is ", " characters long; at most 5000"]),  # read up to a cap
    "10 000-character --editor (correct)": ((*CORRECT, SENTENCE, "fine", "--editor", "e" * 10_000, *NO_GLOSSARY),
                                            None, ["--editor is 10000 characters long; at most 200"]),
    "10 000-character --editor (approve)": (("approve", SLUG, "ar", "--editor", "e" * 10_000), None,
                                            ["--editor is 10000 characters long; at most 200"]),
    "10 000-character --editor (withdraw)": (("withdraw", SLUG, "--editor", "e" * 10_000, "--reason", "r"), None,
                                             ["--editor is 10000 characters long; at most 200"]),
    "3000-character --note": ((*CORRECT, SENTENCE, "fine", *BY, "--note", "n" * 3000, *NO_GLOSSARY), None,
                              ["--note is 3000 characters long; at most 2000"]),
    "100 000-character --reason": (("withdraw", SLUG, "ar", *BY, "--reason", "r" * 100_000), None,
                                   ["--reason is 100000 characters long; at most 2000"]),
    # empty
    "empty text": ((*CORRECT, SENTENCE, "", *BY, *NO_GLOSSARY), None, ["the corrected sentence is empty"]),
    "whitespace text": ((*CORRECT, SENTENCE, " \t\n \u00a0 ", *BY, *NO_GLOSSARY), None,
                        ["the corrected sentence is empty"]),
    "empty stdin": ((*CORRECT, SENTENCE, "-", *BY, *NO_GLOSSARY), b"\n\n", ["the corrected sentence is empty"]),
    "empty --editor": ((*CORRECT, SENTENCE, "fine", "--editor", " ", *NO_GLOSSARY), None, ["--editor is empty"]),
    "empty --reason": (("withdraw", SLUG, "ar", *BY, "--reason", ""), None, ["--reason is empty"]),
    "blank --reason": (("withdraw", SLUG, *BY, "--reason", "  \t "), None, ["--reason is empty"]),
    # sentence numbers
    "sentence 0": ((*CORRECT, 0, "fine", *BY, *NO_GLOSSARY), None,
                   [f"{SLUG} ar", f"1 to {SENTENCES}", "sentence 0", "syndicate review --article"]),
    "sentence -1 after --": (("correct", *BY, *NO_GLOSSARY, "--", SLUG, "ar", -1, "fine"), None,
                             [f"{SLUG} ar", f"1 to {SENTENCES}", "sentence -1"]),
    "one past the last": ((*CORRECT, SENTENCES + 1, "fine", *BY, *NO_GLOSSARY), None,
                          [f"{SLUG} ar", f"1 to {SENTENCES}", f"sentence {SENTENCES + 1}"]),
    "a huge number": ((*CORRECT, 10 ** 30, "fine", *BY, *NO_GLOSSARY), None,
                      [f"{SLUG} ar", f"1 to {SENTENCES}", f"sentence {10 ** 30}"]),
    # slugs and languages
    "unknown slug": (("correct", "no-such-article", "ar", 2, "fine", *BY, *NO_GLOSSARY), None,
                     ["no article 'no-such-article'", "`syndicate status` lists them", f"e.g. {SLUG}"]),
    "path traversal (correct)": (("correct", "../etc", "ar", 2, "fine", *BY, *NO_GLOSSARY), None,
                                 ["no article '../etc'", "`syndicate status` lists them"]),
    "path traversal (approve)": (("approve", "../../../../etc/passwd", "ar", *BY), None,
                                 ["no article '../../../../etc/passwd'", "`syndicate status` lists them"]),
    "absolute path (withdraw)": (("withdraw", "/etc", *BY, "--reason", "r"), None,
                                 ["no article '/etc'", "`syndicate status` lists them"]),
    "path traversal (status)": (("status", "--article", "../" + SLUG), None,
                                [f"no article '../{SLUG}'", "`syndicate status` lists them"]),
    "unknown language (correct)": ((*CORRECT[:2], "xx", 2, "fine", *BY, *NO_GLOSSARY), None,
                                   ["unknown language 'xx'", "use one of ar, fa-AF, tg, ru"]),
    "unknown language (withdraw)": (("withdraw", SLUG, "../ar", *BY, "--reason", "r"), None,
                                    ["unknown language '../ar'", "use one of"]),
    "language not translated (correct)": ((*CORRECT[:2], "fa-AF", 2, "fine", *BY, *NO_GLOSSARY), None,
                                          [f"{SLUG} has no fa-AF edition (it has: ar, ru)",
                                           "translate it first: syndicate translate SOURCE --to fa-AF"]),
    "language not translated (approve)": (("approve", SLUG, "tg", *BY), None,
                                          [f"{SLUG} has no tg edition (it has: ar, ru)", "--to tg"]),
    # approve's rules
    "override without reason": (("approve", SLUG, "ru", *BY, "--override"), None,
                                ["--override needs --reason TEXT", "say why"]),
    "override with an empty reason": (("approve", SLUG, "ru", *BY, "--override", "--reason", ""), None,
                                      ["--override needs --reason TEXT"]),
}


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_the_fixture_article_has_the_sentences_the_cases_assume(shared):
    editions = shared.status()
    assert editions["ar"]["sentences"] == editions["ru"]["sentences"] == SENTENCES


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_refused_input_exits_2_with_one_line_and_changes_nothing(case, shared):
    args, stdin, fragments = REFUSED[case]
    before, status_before = shared.snapshot(), shared.status()
    code, stdout, stderr = shared.run(*args, stdin=stdin)
    assert code == 2, (code, stderr)
    line = one_error_line(stderr)
    for fragment in fragments:
        assert fragment in line, line
    assert shared.snapshot() == before
    assert shared.status() == status_before


def test_a_negative_sentence_number_names_the_valid_range(shared):
    """`correct SLUG ar -1 TEXT` as an editor would type it (no `--`)."""
    before = shared.snapshot()
    code, _, stderr = shared.run(*CORRECT, "-1", "fine", *BY, *NO_GLOSSARY)
    assert code == 2, stderr
    assert "Traceback" not in stderr
    assert shared.snapshot() == before
    assert f"1 to {SENTENCES}" in stderr and "sentence -1" in stderr, stderr


def test_a_lone_surrogate_given_in_process_is_refused(shared, run_cli):
    before = shared.snapshot()
    result = run_cli(*CORRECT, SENTENCE, "half \ud800 a pair", *BY, *NO_GLOSSARY, "--out", shared.out,
                     env=shared.env())
    assert result.exit_code == 2, result.output
    assert one_error_line(result.stderr).startswith("Error: the corrected sentence ")
    assert shared.snapshot() == before


def test_bytes_that_are_not_utf8_on_stdin_are_refused_under_a_strict_utf8_locale(shared):
    """Where Python decodes stdin strictly (a UTF-8 locale such as en_US.UTF-8, or
    PYTHONIOENCODING=utf-8 as here), not only under the C locale's surrogateescape."""
    before = shared.snapshot()
    code, _, stderr = shared.run(*CORRECT, SENTENCE, "-", *BY, *NO_GLOSSARY, stdin=b"caf\xe9 \xff\xfe ok",
                                 env={"PYTHONIOENCODING": "utf-8"})
    assert code == 2, stderr
    assert one_error_line(stderr).startswith("Error: the text on stdin is not UTF-8")
    assert shared.snapshot() == before


def test_approving_a_blocked_edition_without_override_exits_6_and_keeps_it_a_draft(shared):
    before = shared.snapshot()
    code, _, stderr = shared.run("approve", SLUG, "ru", *BY)
    assert code == 6, stderr
    line = one_error_line(stderr)
    assert f"{SLUG} ru is blocked: sentence " in line and "miss " in line
    assert f"syndicate correct {SLUG} ru N TEXT" in line and "--override --reason TEXT" in line
    assert shared.snapshot() == before
    ru = shared.status()["ru"]
    assert (ru["state"], ru["blocked"], ru["approved_by"]) == ("draft", True, None)
    assert not (shared.out / SLUG / "ru.html").exists()


@pytest.mark.parametrize("args", [("approve", SLUG, "ar", *BY), ("withdraw", SLUG, *BY, "--reason", "r"),
                                  (*CORRECT, SENTENCE, "fine", *BY, *NO_GLOSSARY)], ids=["approve", "withdraw", "correct"])
def test_an_editorial_command_on_a_folder_without_editions_creates_nothing(args, base, tmp_path):
    """A mistyped --out: the article isn't there, and the command must not leave an output
    folder, a workspace, a lock file and an empty editorial database behind."""
    desk = Desk(tmp_path / "elsewhere", base.models)
    desk.root.mkdir()
    code, _, stderr = desk.run(*args)
    assert code == 2, stderr
    assert "no editions for " in one_error_line(stderr) and "check --out" in one_error_line(stderr)
    assert sorted(p.name for p in desk.root.iterdir()) == []


def test_withdrawing_twice_exits_2_and_points_at_approve(desk):
    desk.ok("withdraw", SLUG, "ar", *BY, "--reason", "the author asked us to")
    before = desk.snapshot()
    code, _, stderr = desk.run("withdraw", SLUG, "ar", *BY, "--reason", "again")
    assert code == 2, stderr
    line = one_error_line(stderr)
    assert f"{SLUG}: ar already withdrawn" in line
    assert f"syndicate approve {SLUG} LANG publishes an edition again" in line
    assert desk.snapshot() == before
    assert desk.status()["ar"]["state"] == "withdrawn"
    _, entries = read_feed(desk, "ar")
    assert len(withdrawal_notices(entries, "ar")) == 1


# -- a corrupted editorial database ---------------------------------------------------------------

def corrupt(path: Path, how: str) -> None:
    import random

    data = bytearray(path.read_bytes())
    noise = random.Random(f"corrupt:{how}")
    if how == "truncated to half":
        del data[len(data) // 2:]
    elif how == "garbage":
        data[:] = bytes(noise.randrange(256) for _ in range(len(data)))
    else:  # "one table garbled": the header, the schema and the other tables intact
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            size = db.execute("PRAGMA page_size").fetchone()[0]
            [root] = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()
        start = (root - 1) * size
        data[start:start + size] = bytes(noise.randrange(256) for _ in range(size))
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("command", ["status", "approve"])
@pytest.mark.parametrize("how", ["truncated to half", "garbage", "one table garbled"])
def test_a_corrupted_editorial_database_is_a_one_line_error_naming_it(how, command, base, tmp_path):
    desk = base.copy(tmp_path / "desk")
    for suffix in ("-wal", "-shm"):  # closed cleanly: everything is in the main file
        assert not Path(f"{desk.db}{suffix}").exists()
    corrupt(desk.db, how)
    public = {p: p.read_bytes() for p in sorted(desk.out.rglob("*")) if p.is_file()}
    args = ("status", "--json") if command == "status" else ("approve", SLUG, "ru", *BY)
    code, stdout, stderr = desk.run(*args)
    assert code == 2, stderr
    line = one_error_line(stderr)
    assert f"editorial database {desk.db}" in line, line
    if command == "status":
        assert json.loads(stdout)["error"]["kind"] == "usage"
    assert {p: p.read_bytes() for p in sorted(desk.out.rglob("*")) if p.is_file()} == public
