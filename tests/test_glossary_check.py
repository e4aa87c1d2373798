"""`syndicate glossary check`: the per-term QA of a real export (Ammon News op-ed, fixture models),
as a table and as JSON, and as a publishing gate (exit 6 on problems with approved entries)."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter

import pytest
from plugin_review import write_record_copy

PROBLEMS = ("miss", "forbidden", "placeholder")
ERROR_LINE = re.compile(r"Error: (\d+) glossary problem\(s\) among approved entries \(.+\)\n")


def raw_blocking(record: dict) -> list[tuple[str, dict]]:
    """The checks the gate must fail on, read straight from article.json."""
    return [(t["language"], check) for t in record["translations"] for check in t["term_checks"]
            if check["status"] in PROBLEMS and check["entry_status"] != "proposed"]


def table_rows(output: str) -> list[list[str]]:
    """The table's data rows: [marker, term, lang, status, sentence, entry, found / expected]."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line[3:].startswith("TERM"))
    end = lines.index("Counts:")
    return [[line[0], *re.split(r"\s{2,}", line[3:].strip())] for line in lines[start + 1:end]]


def count_lines(output: str) -> dict[str, tuple[dict[str, int], int, int]]:
    """Per language: (count by status, blocking, problems on proposed entries) from the Counts lines."""
    counts = {}
    for match in re.finditer(r"^  (\S+)\s+(\d+) checks: (.+); (\d+) blocking, (\d+) on proposed entries$",
                             output, re.MULTILINE):
        by_status = {status: int(n) for n, status in (part.split() for part in match[3].split(", "))}
        assert sum(by_status.values()) == int(match[2])
        counts[match[1]] = (by_status, int(match[4]), int(match[5]))
    return counts


def test_the_gate_fails_on_approved_misses_and_lists_every_check(run_cli, review_export, review_record):
    result = run_cli("glossary", "check", review_export)
    blocking = raw_blocking(review_record)
    assert blocking, "the copy models should miss some approved terms"
    assert result.exit_code == 6
    assert ERROR_LINE.fullmatch(result.stderr) and int(ERROR_LINE.match(result.stderr)[1]) == len(blocking)

    rows = table_rows(result.stdout)
    assert len(rows) == sum(len(t["term_checks"]) for t in review_record["translations"])
    marked = Counter((row[1], row[2], row[3]) for row in rows if row[0] == "!")
    assert marked == Counter((check["term"], lang, check["status"]) for lang, check in blocking)
    # a proposed entry's miss is listed, not marked
    proposed = [row for row in rows if row[5] == "proposed"]
    assert any(row[3] == "miss" for row in proposed) and all(row[0] == " " for row in proposed)
    assert f"{len(blocking)} blocking problem(s) among approved entries" in result.stdout


def test_counts_per_language_agree_with_the_exporters_summary(run_cli, review_export, review_record):
    counts = count_lines(run_cli("glossary", "check", review_export).stdout)
    assert counts.keys() == review_record["term_qa"].keys()
    for language, summary in review_record["term_qa"].items():
        by_status, blocking, on_proposed = counts[language]
        assert by_status == summary["by_status"]
        assert blocking == sum(lang == language for lang, _ in raw_blocking(review_record))
        assert blocking + on_proposed == sum(by_status.get(status, 0) for status in PROBLEMS)


def test_json_rows_name_the_sentence_each_term_stands_in(run_cli, review_export, review_record):
    result = run_cli("glossary", "check", review_export, "--json")
    assert result.exit_code == 6
    report = json.loads(result.stdout)
    (article,) = report["articles"]
    assert article["slug"] == review_record["slug"] and report["blocking"] == len(raw_blocking(review_record))
    checks = article["checks"]
    assert {c["status"] for c in checks} >= {"hit", "miss"}
    for check in checks:
        pairs = next(t for t in review_record["translations"] if t["language"] == check["language"])["sentences"]
        assert check["sentence_number"] == check["sentence"] + 1
        assert (check["source"], check["target"]) == (pairs[check["sentence"]]["source"],
                                                      pairs[check["sentence"]]["target"])
        if check["status"] == "hit":
            assert check["found"] in check["target"]
    # e.g. the Dari copy model keeps Dushanbe as the Dari name the glossary protects
    dushanbe = [c for c in checks if c["language"] == "fa-AF" and c["term"] == "Dushanbe"]
    assert dushanbe and all(c["status"] == "hit" and c["found"] == "دوشنبه" and "Dushanbe" in c["source"]
                            for c in dushanbe)
    assert article["languages"]["fa-AF"]["by_status"] == review_record["term_qa"]["fa-AF"]["by_status"]


def test_problems_on_proposed_entries_are_reported_but_pass(run_cli, review_export, tmp_path):
    def keep_non_blocking(record):
        for translation in record["translations"]:
            translation["term_checks"] = [c for c in translation["term_checks"]
                                          if c["status"] == "hit" or c["entry_status"] == "proposed"]

    folder = write_record_copy(review_export, tmp_path, "proposed-only", keep_non_blocking)
    result = run_cli("glossary", "check", folder, "--problems")
    assert result.exit_code == 0, result.stderr
    rows = table_rows(result.stdout)
    assert rows and all(row[0] == " " and row[3] == "miss" and row[5] == "proposed" for row in rows)
    assert "no blocking problems" in result.stdout


@pytest.mark.parametrize("added, status", [
    ({"term": "Taliban", "expected": [], "status": "forbidden", "found": "Талибы", "sentence": 7,
      "entry_status": "forbidden"}, "forbidden"),
    ({"term": "TRM3X", "expected": [], "status": "placeholder", "found": "TRM3X", "sentence": 7}, "placeholder"),
])
def test_a_forbidden_form_or_a_leftover_placeholder_fails_the_gate(run_cli, review_export, tmp_path, added, status):
    def hits_and_one_problem(record):
        for translation in record["translations"]:
            translation["term_checks"] = [c for c in translation["term_checks"] if c["status"] == "hit"]
            if translation["language"] == "ru":
                translation["term_checks"].append({"entry_status": "approved", **added})

    folder = write_record_copy(review_export, tmp_path, "one-problem", hits_and_one_problem)
    result = run_cli("glossary", "check", folder, "--problems")
    assert result.exit_code == 6 and result.stderr.splitlines()[-1].startswith("Error: 1 glossary problem(s)")
    (row,) = table_rows(result.stdout)
    assert row[:5] == ["!", added["term"], "ru", status, "8"]


def test_an_export_root_checks_every_article_or_the_one_asked_for(run_cli, review_export, tmp_path):
    for slug in ("first-op-ed", "second-op-ed"):
        write_record_copy(review_export, tmp_path, slug)
    both = run_cli("glossary", "check", tmp_path, "--json")
    assert [a["slug"] for a in json.loads(both.stdout)["articles"]] == ["first-op-ed", "second-op-ed"]
    one = run_cli("glossary", "check", tmp_path, "--article", "second-op-ed", "--json")
    report = json.loads(one.stdout)
    assert [a["slug"] for a in report["articles"]] == ["second-op-ed"]
    assert json.loads(both.stdout)["blocking"] == 2 * report["blocking"] > 0
    text = run_cli("glossary", "check", tmp_path).stdout
    assert "[first-op-ed]" in text and "[second-op-ed]" in text

    unknown = run_cli("glossary", "check", tmp_path, "--article", "third")
    assert unknown.exit_code == 2
    assert unknown.stderr == f"Error: no article 'third' in {tmp_path} (articles there: first-op-ed, second-op-ed)\n"


def test_a_translation_without_a_glossary_has_nothing_to_fail(run_cli, review_export, tmp_path):
    def no_glossary(record):
        for translation in record["translations"]:
            translation["term_checks"], translation["glossary_version"] = [], "none"

    folder = write_record_copy(review_export, tmp_path, "no-glossary", no_glossary)
    result = run_cli("glossary", "check", folder)
    assert result.exit_code == 0
    assert re.search(r"^  ar\s+no glossary checks \(glossary none\)$", result.stdout, re.MULTILINE)


def test_missing_or_broken_article_json_is_one_error_without_traceback(syndicate_exe, review_export, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "article.json").write_text((review_export / "article.json").read_text(encoding="utf-8")[:500])
    odd_block = write_record_copy(review_export, tmp_path, "odd-block",
                                  lambda record: record["source"]["blocks"][0].update(kind="table"))
    empty = tmp_path / "empty"
    empty.mkdir()
    runs = {name: subprocess.run([syndicate_exe, "glossary", "check", str(path)], capture_output=True, text=True,
                                 timeout=60)
            for name, path in (("broken", broken), ("odd-block", odd_block), ("empty", empty),
                               ("absent", tmp_path / "absent"))}
    # Adopting the folder (the first command on it) left the unreadable ones out, and said so once.
    warnings = [line for line in runs["broken"].stderr.splitlines() if line.startswith("warning: ")]
    assert [line.split(" as it is: ")[0] for line in warnings] == ["warning: left broken/", "warning: left odd-block/"]
    assert "warning" not in runs["odd-block"].stderr
    for name in ("broken", "odd-block"):
        error = runs[name].stderr.splitlines()[-1]
        assert runs[name].returncode == 2 and error.startswith(f"Error: no article {name!r} in {tmp_path} (left {name}/ as it is: ")
    assert "unreadable (" in runs["broken"].stderr and "unknown block kind 'table'" in runs["odd-block"].stderr
    assert runs["empty"].returncode == 2
    assert runs["empty"].stderr.startswith(f"Error: no translated article in {empty} (")
    assert runs["absent"].returncode == 2 and runs["absent"].stderr.startswith("Error: ")
    for run in runs.values():
        assert run.stdout == "" and sum(line.startswith("Error: ") for line in run.stderr.splitlines()) == 1
        assert "Traceback" not in run.stderr


def test_check_is_listed_with_the_other_glossary_commands(run_cli):
    output = run_cli("glossary", "--help").output
    assert re.search(r"^\s+check\s+Glossary QA of exported translations: a publishing gate\.$", output, re.MULTILINE)
