"""`syndicate glossary lint`: every defect named with file:line; the shipped glossary lints clean."""

from syndicate.glossary.lint import lint_files


def messages(report):
    return [str(issue) for issue in report.issues]


def test_shipped_glossary_lints_clean(run_cli, shipped_glossary_path):
    result = run_cli("glossary", "lint", shipped_glossary_path)
    assert result.exit_code == 0
    assert result.output.endswith("0 error(s), 0 warning(s)\n")


def test_each_defect_is_named_with_file_and_line(write_glossary):
    path = write_glossary([
        ["Kabul", "كابول", "کابل", "Кобул", "Кабул", "name", "approved", "", "no", "", ""],
        ["kabul", "كابل", "کابل", "Кобул", "Кабул", "name", "approved", "", "no", "", ""],  # 3
        ["Doha", "الدوحة", "دوحه", "", "Доха", "name", "approved", "", "no", "", ""],  # 4: no tg
        ["Samangan ", "سمنگان", "سمنكان", "Samangon", "Саманган", "name", "proposed", "", "no", "", ""],  # 5
        ["ISIS", "", "", "", "", "name", "deprecated", "", "yes", "", ""],  # 6
        ["Red Cross", "الصليب الأحمر", "", "", "", "term", "proposed", "", "no", "", ""],  # 7
        ["Cross Border", "عبر الحدود", "", "", "", "term", "proposed", "", "no", "", ""],  # 8
        ["Herat\u200b", "هرات", "", "", "", "", "proposed", "", "no", "", ""],  # 9
        ["Daesh", "داعش", "", "", "", "name", "proposed", "", "no", "Islamic State", ""],  # 10
    ])
    report = lint_files([path])
    found = messages(report)
    expected = [
        f"{path}:1: warning: not in canonical form (sorted rows, fixed columns): `syndicate glossary fmt` rewrites it",
        f"{path}:3: error: conflicting source 'kabul' (also at {path}:2)",
        f"{path}:4: error: approved entry 'Doha' has no tg form",
        f"{path}:5: error: stray whitespace in en 'Samangan '",
        f"{path}:5: error: Persian letter گ in Arabic (use ي ك and Arabic letters): 'سمنگان'",
        f"{path}:5: error: Arabic letter ك in Dari (use ی ک): 'سمنكان'",
        f"{path}:5: error: non-Cyrillic letter S in Tajik: 'Samangon'",
        f"{path}:6: error: deprecated entry 'ISIS' has no replacement",
        f"{path}:7: warning: 'red cross' overlaps 'cross border' ({path}:8): where both could match, the longer match wins",
        f"{path}:9: error: control character U+200B in en",
        f"{path}:9: error: empty type cell",
        f"{path}:10: warning: replacement on a proposed entry is ignored",
    ]
    assert sorted(found) == sorted(expected)
    assert len(report.errors) == 9


def test_cli_exits_6_on_errors(run_cli, write_glossary):
    path = write_glossary([["ISIS", "", "", "", "", "name", "deprecated", "", "yes", "Daesh", ""]])
    result = run_cli("glossary", "lint", path)
    assert result.exit_code == 6
    assert f"{path}:2: error: replacement 'Daesh' is not an entry" in result.output
    assert result.output.rstrip().endswith(
        "Error: 1 entries in 1 file(s): 1 error(s), 0 warning(s) (fix the lines named above)")


def test_malformed_rows_do_not_stop_the_lint(write_glossary):
    path = write_glossary([
        ["Kabul", "كابول", "", "", "", "city", "proposed", "", "no", "", ""],
        ["Doha", "الدوحة", "", "", "", "name", "sure", "", "no", "", ""],
    ])
    assert messages(lint_files([path]))[-2:] == [
        f"{path}:2: error: type 'city' is not one of name, term, dnt",
        f"{path}:3: error: status 'sure' is not one of approved, proposed, deprecated, forbidden",
    ]


def test_fmt_rewrites_canonically(run_cli, write_glossary):
    path = write_glossary([
        ["Kabul", "كابول", "", "", "", "name", "proposed", "", "", "", ""],
        ["Doha", "الدوحة", "", "", "", "name", "proposed", "", "", "", ""],
    ])
    assert run_cli("glossary", "fmt", path).output == f"rewrote {path}\n"
    assert run_cli("glossary", "fmt", path).output == ""
    assert messages(lint_files([path])) == []
