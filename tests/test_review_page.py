"""The editors' review page of a real export (Ammon News op-ed, fixture models): one row per
source sentence, one RTL/LTR cell per language, glossary terms marked from segments, valid HTML."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from plugin_batch import workspace_of
from plugin_review import write_record_copy, write_review

from syndicate.article import TermCheck
from syndicate.review.page import mark_segments, source_segments
from syndicate.workspace import state_home

DIRECTIONS = {"ar": "rtl", "fa-AF": "rtl", "tg": "ltr", "ru": "ltr"}
HOSTILE_TITLE = 'World <img src=x onerror="alert(1)"> & friends'
HOSTILE_TARGET = "<script>alert(1)</script> Вена & <b>Талибы</b>"


def body_rows(page: Path):
    tree = lxml.html.fromstring(page.read_bytes())
    return tree, tree.xpath("//table[@class='sentences']/tbody/tr")


def checks_of(record: dict, language: str) -> list[dict]:
    return next(t for t in record["translations"] if t["language"] == language)["term_checks"]


def marks_in_column(rows, column: int, css: str) -> list:
    """The <mark>s of one language column (0 = first language) whose class list holds ``css``."""
    return [mark for row in rows for mark in row.xpath("td")[2 + column].iter("mark") if css in mark.classes]


@pytest.fixture(scope="module")
def real_page(review_export, tmp_path_factory) -> Path:
    folder = write_record_copy(review_export, tmp_path_factory.mktemp("review_page"), "real")
    (page,) = write_review(folder)
    return page


@pytest.fixture(scope="module")
def hostile_page(review_export, tmp_path_factory) -> Path:
    """The export with markup in the title and in a Russian sentence whose term check found markup."""

    def inject(record):
        record["source"]["title"] = HOSTILE_TITLE
        ru = next(t for t in record["translations"] if t["language"] == "ru")
        ru["sentences"][7]["target"] = HOSTILE_TARGET
        ru["term_checks"] = [c for c in ru["term_checks"] if c["sentence"] != 7] + [
            {"term": "Taliban", "expected": [], "status": "forbidden", "found": "<b>Талибы</b>", "sentence": 7,
             "entry_status": "forbidden"}]

    folder = write_record_copy(review_export, tmp_path_factory.mktemp("review_hostile"), "hostile", inject)
    (page,) = write_review(folder)
    return page


def test_review_prints_the_page_of_each_article(run_cli, review_export, tmp_path):
    for slug in ("first-op-ed", "second-op-ed"):
        write_record_copy(review_export, tmp_path, slug)
    result = run_cli("review", tmp_path)
    assert result.exit_code == 0
    workspace = workspace_of(tmp_path)
    assert result.stdout.splitlines() == [str(workspace.review_page(slug)) for slug in ("first-op-ed", "second-op-ed")]
    assert workspace.review_dir.parent.parent == state_home() / "syndicate" / "workspaces"  # not beside the folder
    assert all(Path(line).read_text(encoding="utf-8").startswith("<!DOCTYPE html>") for line in result.stdout.split())
    assert not list(tmp_path.rglob("review.html")) and not list(tmp_path.rglob("*.html"))
    only = run_cli("review", tmp_path, "--article", "second-op-ed")
    assert only.stdout == f"{workspace.review_page('second-op-ed')}\n"
    article = run_cli("review", tmp_path / "first-op-ed")  # an article folder: same workspace
    assert article.stdout == f"{workspace.review_page('first-op-ed')}\n"
    missing = run_cli("review", tmp_path / "second-op-ed" / "nothing-here")
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: ") and len(missing.stderr.splitlines()) == 1


def test_review_deletes_old_pages_from_the_public_folder_and_follows_the_config(run_cli, review_export, tmp_path,
                                                                                 monkeypatch):
    out = tmp_path / "out"
    for slug in ("first-op-ed", "second-op-ed"):
        write_record_copy(review_export, out, slug)
        (out / slug / "review.html").write_text("<p>an editor's note</p>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "newsroom.toml"
    config.write_text(f'workspace = "{tmp_path / "private"}"\n', encoding="utf-8")
    result = run_cli("review", out, "--article", "first-op-ed", "--config", config)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'private' / 'review' / 'first-op-ed.html'}\n"
    assert result.stderr.splitlines() == [
        "took 2 article(s) an earlier version published here into the editorial database"] + [
        f"warning: deleted {out / slug / 'review.html'}: review pages (editors' notes) don't belong in the "
        "published folder" for slug in ("first-op-ed", "second-op-ed")]
    assert sorted(p.name for p in out.rglob("*")) == ["article.json", "article.json", "first-op-ed", "second-op-ed"]
    assert not (tmp_path / ".syndicate").exists()
    again = run_cli("review", out, "--config", config)
    assert again.stderr == "" and len(again.stdout.splitlines()) == 2


def test_one_row_per_source_sentence_one_cell_per_language(real_page, review_record):
    tree, rows = body_rows(real_page)
    translations = review_record["translations"]
    sentences = translations[0]["sentences"]
    assert all([s["source"] for s in t["sentences"]] == [s["source"] for s in sentences] for t in translations)
    assert len(rows) == len(sentences) > 40
    headers = tree.xpath("//table[@class='sentences']/thead/tr/th")[2:]
    assert [(th.get("lang"), th.get("dir")) for th in headers] == [(t["language"], DIRECTIONS[t["language"]])
                                                                   for t in translations]
    for number, (row, pair) in enumerate(zip(rows, sentences), start=1):
        cells = row.xpath("td")
        assert row.get("id") == f"s{number}" and cells[0].text_content().startswith(str(number))
        assert cells[1].text_content() == pair["source"] and cells[1].get("dir") == "ltr"
        for cell, translation in zip(cells[2:], translations):
            assert (cell.get("lang"), cell.get("dir")) == (translation["language"], DIRECTIONS[translation["language"]])
            assert cell.text_content().strip().startswith(translation["sentences"][number - 1]["target"].strip())
    assert rows[0].xpath("td")[0].text_content().endswith("title")


def test_counts_at_the_top_match_the_exporters_summary(real_page, review_record):
    tree, _ = body_rows(real_page)
    for language, summary in review_record["term_qa"].items():
        (row,) = tree.xpath(f"//table[@class='counts']//tr[@data-language='{language}']")
        cells = {cell.get("class").split()[1]: int(cell.text) for cell in row.xpath("td[contains(@class, '-count')]")}
        assert cells == {"hit-count": summary["by_status"].get("hit", 0), "miss-count": summary["by_status"].get("miss", 0),
                         "forbidden-count": 0, "placeholder-count": 0,
                         "blocking-count": sum(c["status"] != "hit" and c["entry_status"] != "proposed"
                                               for c in checks_of(review_record, language))}
    verdict = tree.xpath("//p[contains(@class, 'verdict')]")[0]
    assert "fail" in verdict.classes and verdict.text_content().split()[0] != "0"


def test_every_check_is_marked_in_its_language_column(real_page, review_record):
    _, rows = body_rows(real_page)
    for column, translation in enumerate(review_record["translations"]):
        checks = translation["term_checks"]
        hits = marks_in_column(rows, column, "hit")
        assert Counter(mark.text for mark in hits) == Counter(c["found"] for c in checks if c["status"] == "hit")
        misses = marks_in_column(rows, column, "miss")
        assert Counter(mark.text_content() for mark in misses) == Counter(
            f"{c['term']} → {c['expected'][0]}" for c in checks if c["status"] == "miss")
        assert len(marks_in_column(rows, column, "proposed")) == sum(c["entry_status"] == "proposed" for c in checks)
        blocking = marks_in_column(rows, column, "blocking")
        assert len(blocking) == sum(c["status"] != "hit" and c["entry_status"] != "proposed" for c in checks) > 0
    # a check is marked in the row of its sentence
    fa_checks = checks_of(review_record, "fa-AF")
    dushanbe = next(c for c in fa_checks if c["term"] == "Dushanbe")
    row = rows[dushanbe["sentence"]]
    assert "دوشنبه" in [m.text for m in row.xpath("td")[3].iter("mark")]


def test_the_to_fix_list_links_each_blocking_problem_to_its_row(real_page, review_record):
    tree, rows = body_rows(real_page)
    items = tree.xpath("//section[@class='to-fix']//li")
    blocking = {t["language"]: [c for c in t["term_checks"] if c["status"] != "hit" and c["entry_status"] != "proposed"]
                for t in review_record["translations"]}
    assert len(items) == sum(bool(checks) for checks in blocking.values())
    for item in items:
        language = item.xpath("span[@class='language']")[0].text.split("(")[1].rstrip("):")
        links = item.xpath("a")
        assert [link.text.split("\xa0", 1)[1] for link in links] == [c["term"] for c in blocking[language]]
        column = [t["language"] for t in review_record["translations"]].index(language)
        for link, check in zip(links, blocking[language]):
            assert link.get("href") == f"#s{check['sentence'] + 1}"
            row = rows[check["sentence"]]
            assert any("blocking" in mark.classes for mark in row.xpath("td")[2 + column].iter("mark"))


def test_source_terms_are_marked_as_the_glossary_matched_them(real_page):
    _, rows = body_rows(real_page)
    source_marks = {mark.text for row in rows for mark in row.xpath("td")[1].iter("mark")}
    assert "charge d’affaires" in source_marks  # the glossary's "chargé d'affaires", accent and apostrophe aside
    assert "National Resistance Front of Afghanistan" in source_marks  # the longer term wins over "Afghanistan"


def test_segments_cover_the_text_exactly_and_prefer_longer_terms():
    text = "The leader of the National Resistance Front of Afghanistan spoke."
    checks = [("ar", TermCheck("Afghanistan", ("x",), "hit", "x")),
              ("ru", TermCheck("National Resistance Front of Afghanistan", ("y",), "miss")),
              ("ar", TermCheck("National Resistance Front of Afghanistan", ("x",), "hit", "x"))]
    segments = source_segments(text, checks)
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.note) for s in segments if s.css] == [
        ("National Resistance Front of Afghanistan", "National Resistance Front of Afghanistan (approved): ru miss, ar hit")]
    assert mark_segments("abc", [(1, 2, "term hit", "", "b")])[1].text == "b"


def test_article_text_is_escaped_not_injected(hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    tree, rows = body_rows(hostile_page)
    assert not tree.xpath("//body//script | //body//img | //body//b")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert tree.xpath("//h1/bdi")[0].text == HOSTILE_TITLE
    ru_cell = rows[7].xpath("td")[-1]
    assert ru_cell.text_content().strip().startswith(HOSTILE_TARGET)
    (forbidden,) = [m for m in ru_cell.iter("mark") if "forbidden" in m.classes]
    assert forbidden.text == "<b>Талибы</b>" and "blocking" in forbidden.classes


@pytest.mark.parametrize("column, language", [(0, "ar"), (-1, "ru")])
def test_a_language_split_differently_keeps_the_rows_in_order(review_export, tmp_path, column, language):
    """An earlier run's translation may lack a sentence: rows line up by source text, in reading order."""

    def drop_sentence(record):
        translation = next(t for t in record["translations"] if t["language"] == language)
        del translation["sentences"][5]
        translation["term_checks"] = [{**c, "sentence": c["sentence"] - (c["sentence"] > 5)}
                                      for c in translation["term_checks"] if c["sentence"] != 5]

    (page,) = write_review(write_record_copy(review_export, tmp_path, "gap", drop_sentence))
    record = json.loads((tmp_path / "gap" / "article.json").read_text(encoding="utf-8"))
    complete = next(t for t in record["translations"] if t["language"] != language)["sentences"]
    gapped = next(t for t in record["translations"] if t["language"] == language)["sentences"]
    _, rows = body_rows(page)
    assert [row.xpath("td")[1].text_content() for row in rows] == [pair["source"] for pair in complete]
    cells = [row.xpath("td")[2:][column].text_content().strip() for row in rows]
    assert cells[5] == "not in this translation"
    others = cells[:5] + cells[6:]
    assert len(others) == len(gapped)
    assert all(cell.startswith(pair["target"].strip()) for cell, pair in zip(others, gapped))


def test_a_check_naming_no_sentence_is_still_listed(review_export, tmp_path):
    def stray_check(record):
        ru = next(t for t in record["translations"] if t["language"] == "ru")
        ru["term_checks"].append({"term": "Taliban", "expected": ["Талибан"], "status": "miss", "found": None,
                                  "sentence": 999, "entry_status": "approved"})

    (page,) = write_review(write_record_copy(review_export, tmp_path, "stray", stray_check))
    tree, _ = body_rows(page)
    (item,) = tree.xpath("//section[@class='unplaced']//li")
    assert item.get("lang") == "ru" and item.text_content() == "Russian: Taliban → -"
    assert {"miss", "blocking"} <= set(item.xpath(".//mark")[0].classes)


def test_the_pages_are_valid_html(vnu_validate, real_page, hostile_page):
    report = vnu_validate([real_page, hostile_page])
    assert report == {real_page.resolve(): [], hostile_page.resolve(): []}
