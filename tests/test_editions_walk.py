"""One article walked through the editorial lifecycle with the real CLI on the fixture models:
translate (on-approval) → correct → approve → translate again (the correction survives) →
correct again (the feed item is updated in place) → approve the other language → withdraw.
At each step the feeds are read with feedparser and every public page is checked with vnu."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from plugin_batch import private_files
from plugin_editions import plain_sentences
from plugin_export import feed_entries

from syndicate.workspace import Workspace
from syndicate.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
AMMON = ROOT / "tests" / "fixtures" / "ammon-news.html"
GLOSSARY = ROOT / "glossaries" / "afghanistan-region.tsv"
BASE_URL = "https://partner.example/op-eds/"
SLUG = "world-must-show-its-support-for-afghan-opposition"
DESK = "The Partner Desk"
EDITOR = "Rahima Karimi"
FIRST_FIX = "تواجه العائلات الأفغانية خياراً صعباً بين الطعام والتدفئة."
SECOND_FIX = "ولا تستطيع معظمها تحمّل أيٍّ منهما <b>فعلاً</b>."


@pytest.fixture
def desk(tmp_path, run_cli, installed_models_dir, monkeypatch):
    """Runs syndicate commands on one output folder with the project glossary; returns (run, out)."""
    monkeypatch.setenv("SYNDICATE_CACHE", str(tmp_path / "memory.sqlite3"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "syndicate.toml").write_text(
        f'base_url = "{BASE_URL}"\neditor = "{DESK}"\nglossaries = ["{GLOSSARY}"]\n', encoding="utf-8")
    out = tmp_path / "out"

    def run(*args, code=0, input=None):
        result = run_cli(*args, "--out", out, input=input)
        assert result.exit_code == code, result.output
        return result

    return run, out


def status(run) -> dict[str, dict]:
    data = json.loads(run("status", "--json").stdout)
    return {edition["language"]: edition for edition in data["editions"]}


def page(out: Path, tag: str):
    return lxml_html.fromstring((out / SLUG / f"{tag}.html").read_bytes())


def sentence_numbers(out: Path, tag: str) -> list[tuple[int, str]]:
    """(number, source) of the body sentences without glossary terms of an edition, as the review
    page numbers them."""
    editions = Workspace.of(Settings(output_dir=str(out))).editions
    return [(number, source) for number, source, _ in plain_sentences(editions, SLUG, tag)]


def public_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def check_valid(vnu_validate, out: Path) -> None:
    errors = {path: messages for path, messages in vnu_validate(public_pages(out)).items() if messages}
    assert errors == {}


def hreflangs(root) -> set[str]:
    return set(root.xpath("//link[@rel='alternate'][@hreflang]/@hreflang"))


def test_an_article_through_its_whole_lifecycle(desk, vnu_validate):
    run, out = desk

    # 1. translate, on approval: drafts in the workspace, nothing public
    result = run("translate", AMMON, "--to", "ar,ru", "--publish", "on-approval")
    assert "draft, waiting for approval" in result.stdout
    editions = status(run)
    assert {tag: e["state"] for tag, e in editions.items()} == {"ar": "draft", "ru": "draft"}
    assert not any(e["edited"] or e["approved_by"] for e in editions.values())
    assert not (out / SLUG).exists() and feed_entries(out, "ar") == [] and feed_entries(out, "ru") == []
    workspace = Workspace.of(Settings(output_dir=str(out)))
    assert (workspace.drafts_dir / SLUG / "ar.html").is_file()
    assert private_files(out) == []

    # 2. correct a draft sentence: still a draft, still nothing public
    (first, first_source), (second, second_source) = sentence_numbers(out, "ar")[1:3]
    result = run("correct", SLUG, "ar", first, FIRST_FIX, "--editor", EDITOR)
    assert "the edition is draft" in result.stdout
    editions = status(run)
    assert editions["ar"]["state"] == "draft" and editions["ar"]["edited"]
    assert not (out / SLUG).exists()

    # 3. approve ar: published, reviewed by the editor (with the desk), in the ar feed only
    run("approve", SLUG, "ar", "--editor", EDITOR)
    editions = status(run)
    assert (editions["ar"]["state"], editions["ar"]["approved_by"], editions["ru"]["state"]) == (
        "published", EDITOR, "draft")
    ar = page(out, "ar")
    notice = ar.findtext(".//p[@class='notice']")
    assert notice.startswith(f"ترجمة آلية من الإنجليزية، راجعها {EDITOR} ({DESK}) بتاريخ ")
    assert FIRST_FIX in ar.findtext(".//div[@class='body']/..") or FIRST_FIX in ar.text_content()
    assert "ru" not in hreflangs(ar) and {"ar", "en", "x-default"} <= hreflangs(ar)
    [item] = feed_entries(out, "ar")
    guid = item.id
    assert feed_entries(out, "ru") == [] and not (out / SLUG / "ru.html").exists()
    assert "updated" not in item or item.updated_parsed == item.published_parsed
    assert json.loads((out / SLUG / "ar.ninjs.json").read_text(encoding="utf-8"))["version"] == "1"
    check_valid(vnu_validate, out)

    # 4. translate again: the correction survives, nothing changes for the published edition
    result = run("translate", AMMON, "--to", "ar,ru", "--publish", "on-approval")
    assert "published (unchanged)" in result.stdout
    editions = status(run)
    assert editions["ar"]["state"] == "published" and not editions["ar"]["changes_waiting"]
    assert FIRST_FIX in page(out, "ar").text_content()
    assert [entry.id for entry in feed_entries(out, "ar")] == [guid]

    # 5. correct the published edition: page, ninjs and the feed item (same guid) updated at once
    result = run("correct", SLUG, "ar", second, SECOND_FIX, "--editor", EDITOR, "--note", "wording of ¶ 2")
    assert "published page and its feed item are updated" in result.stdout
    ar = page(out, "ar")
    assert "صُحّح بتاريخ" in ar.findtext(".//p[@class='notice']")
    assert ar.findtext(".//p[@class='notice']").endswith(": wording of ¶ 2")
    assert SECOND_FIX in ar.text_content() and not ar.xpath("//div[@class='body']//b")  # markup stays text
    [item] = feed_entries(out, "ar")
    assert item.id == guid and item.updated_parsed > item.published_parsed
    assert "wording of ¶ 2" in item.content[0].value and FIRST_FIX in item.content[0].value
    ninjs = json.loads((out / SLUG / "ar.ninjs.json").read_text(encoding="utf-8"))
    assert ninjs["versionCreated"] > ninjs["firstCreated"] and SECOND_FIX.split("<")[0] in ninjs["bodies"][0]["value"]
    assert ninjs["version"] == "2" and re.fullmatch(r"Corrected on \d{4}-\d\d-\d\d: wording of ¶ 2", ninjs["edNote"])
    history = json.loads(run("status", "--json", "--history").stdout)["editions"]
    corrections = [h for e in history if e["language"] == "ar" for h in e["history"] if h["action"] == "corrected"]
    assert [(c["sentence"], c["after"], c["editor"]) for c in corrections] == [
        (first, FIRST_FIX, EDITOR), (second, SECOND_FIX, EDITOR)]
    assert corrections[0]["before"] == first_source  # the copy model had left the English
    check_valid(vnu_validate, out)

    # 6. approve ru: both published, each page links the other
    run("approve", SLUG, "ru", "--editor", "Oleg Petrov")
    assert {"ar", "ru"} <= hreflangs(page(out, "ar")) and {"ar", "ru"} <= hreflangs(page(out, "ru"))
    assert len(feed_entries(out, "ru")) == 1

    # 7. withdraw ar: its item becomes a withdrawal notice (same guid, none of its text), its page a
    # notice, its ninjs canceled with one more version; the rest follows
    run("withdraw", SLUG, "ar", "--editor", EDITOR, "--reason", "the author asked us to take it down")
    [tombstone] = feed_entries(out, "ar")
    assert tombstone.id == guid and tombstone.title.startswith("سُحبت هذه الترجمة")
    assert "the author asked us to take it down" in tombstone.content[0].value
    assert FIRST_FIX not in tombstone.content[0].value and FIRST_FIX not in tombstone.summary
    notice_page = (out / SLUG / "ar.html").read_text(encoding="utf-8")
    root = lxml_html.fromstring(notice_page.encode("utf-8"))
    assert root.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert "the author asked us to take it down" in root.text_content()
    assert FIRST_FIX not in notice_page and "World must show" not in notice_page and EDITOR not in notice_page
    ninjs = json.loads((out / SLUG / "ar.ninjs.json").read_text(encoding="utf-8"))
    assert ninjs["pubStatus"] == "canceled" and "bodies" not in ninjs
    assert ninjs["version"] == "3" and ninjs["edNote"].endswith(": the author asked us to take it down")
    assert "ar" not in hreflangs(page(out, "ru")) and len(feed_entries(out, "ru")) == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{SLUG}/ru.html"' in index and f'href="{SLUG}/ar.html"' not in index
    record = json.loads((out / SLUG / "article.json").read_text(encoding="utf-8"))
    assert record["languages"]["ar"]["state"] == "withdrawn"
    assert [t["language"] for t in record["translations"]] == ["ru"]
    editions = status(run)
    assert (editions["ar"]["state"], editions["ru"]["state"]) == ("withdrawn", "published")
    check_valid(vnu_validate, out)

    # re-translating keeps it withdrawn; approving it publishes it again
    run("translate", AMMON, "--to", "ar", "--publish", "immediate")
    assert status(run)["ar"]["state"] == "withdrawn" and [e.title for e in feed_entries(out, "ar")] == [
        tombstone.title]
    run("approve", SLUG, "ar", "--editor", EDITOR)
    assert [entry.id for entry in feed_entries(out, "ar")] == [guid]
    assert FIRST_FIX in page(out, "ar").text_content()
    assert private_files(out) == []


def test_immediate_publishing_names_no_editor_and_the_gate_keeps_blocked_editions_out(
        tmp_path, run_cli, installed_models_dir, monkeypatch, endless_models_dir):
    """publish = immediate is today's behaviour, minus the untruthful notice; an edition whose
    sentences are cut off (blocking_checks' default) stays a draft and the run exits 8."""
    monkeypatch.setenv("SYNDICATE_CACHE", str(tmp_path / "memory.sqlite3"))
    out = tmp_path / "out"
    result = run_cli("translate", AMMON, "--to", "ar", "--out", out, "--base-url", BASE_URL, "--no-glossary",
                     env={"SYNDICATE_EDITOR": "ignored"})
    assert result.exit_code == 0, result.output
    text = (out / SLUG / "ar.html").read_text(encoding="utf-8")
    notice = lxml_html.fromstring(text.encode("utf-8")).findtext(".//p[@class='notice']")
    assert notice == "ترجمة آلية من الإنجليزية."
    assert len(feed_entries(out, "ar")) == 1

    # the endless model never stops: every sentence is cut off → blocked, kept out, exit 8
    blocked = run_cli("translate", AMMON, "--to", "ru", "--out", out, "--base-url", BASE_URL, "--no-glossary",
                      "--models-dir", endless_models_dir)
    assert blocked.exit_code == 8, blocked.output
    assert "BLOCKED, kept as a draft" in blocked.stdout and "publishing gate" in blocked.stderr
    assert feed_entries(out, "ru") == [] and not (out / SLUG / "ru.html").exists()
    refused = run_cli("approve", SLUG, "ru", "--editor", "R. K.", "--out", out)
    assert refused.exit_code == 6 and "--override --reason" in refused.stderr
    forced = run_cli("approve", SLUG, "ru", "--editor", "R. K.", "--override", "--reason", "cut but readable",
                     "--out", out)
    assert forced.exit_code == 0, forced.output
    assert len(feed_entries(out, "ru")) == 1
    history = json.loads(run_cli("status", "--json", "--history", "--out", out).stdout)["editions"]
    [ru] = [e for e in history if e["language"] == "ru"]
    assert [h["action"] for h in ru["history"]][-3:] == ["blocked", "overridden", "approved"]
    assert ru["history"][-2]["note"] == "cut but readable"


def test_status_with_nothing_translated_says_so(tmp_path, run_cli):
    result = run_cli("status", "--out", tmp_path / "out")
    assert result.exit_code == 0 and "No editions yet" in result.stdout
    assert json.loads(run_cli("status", "--out", tmp_path / "out", "--json").stdout) == {"editions": []}


def test_the_status_table_shows_state_edits_approval_and_qa(desk):
    run, out = desk
    run("translate", AMMON, "--to", "ar,ru", "--publish", "on-approval")
    run("approve", SLUG, "ru", "--editor", "Oleg Petrov")
    table = run("status").stdout.splitlines()
    assert table[0].split() == ["ARTICLE", "LANG", "STATE", "EDITED", "APPROVED", "BY", "QA"]
    ar = next(line for line in table if re.search(r"\bar\s+draft\b", line))
    ru = next(line for line in table if re.search(r"\bru\s+published\b", line))
    assert "Oleg Petrov" in ru and "Oleg Petrov" not in ar and "untranslated" in ar
