"""`syndicate glossary lint`: every defect named with file:line; the shipped glossary lints clean."""

from syndicate.glossary.lint import lint_files


def messages(report):
    return [str(issue) for issue in report.issues]


NO_APPROVER = "approved entry {!r} names no approver (approved_by): `syndicate glossary approve` records one"


def test_shipped_glossary_lints_clean(run_cli, shipped_glossary_path, shipped_glossary):
    """Its approved entries predate the approved_by column: each is a warning, not an error; the
    other warnings say which entries share words (the longer match wins)."""
    result = run_cli("glossary", "lint", shipped_glossary_path)
    assert result.exit_code == 0
    unsigned = [e for e in shipped_glossary.entries if e.status == "approved" and not e.approved_by]
    lines = result.output.splitlines()[:-1]
    overlaps = [line for line in lines if "overlaps" in line and line.endswith("where both could match, the longer "
                                                                             "match wins")]
    assert [line for line in lines if line not in overlaps] == [
        f"{e.origin}: warning: {NO_APPROVER.format(e.en)}" for e in unsigned]
    assert result.output.endswith(f"0 error(s), {len(lines)} warning(s)\n")


def test_each_defect_is_named_with_file_and_line(write_glossary):
    path = write_glossary([
        ["Kabul", "كابول", "کابل", "Кобул", "Кабул", "name", "approved", "", "no", "", "", "", "", "", ""],
        ["kabul", "كابل", "کابل", "Кобул", "Кабул", "name", "approved", "", "no", "", "", "", "", "", ""],  # 3
        ["Doha", "الدوحة", "دوحه", "", "Доха", "name", "approved", "", "no", "", "", "", "", "", ""],  # 4: no tg
        ["Samangan ", "سمنگان", "سمنكان", "Самангон", "Саманган", "name", "proposed", "", "no", "", "", "", "", "", ""],  # 5
        ["ISIS", "", "", "", "", "name", "deprecated", "", "yes", "", "", "", "", "", ""],  # 6
        ["Red Cross", "الصليب الأحمر", "", "", "", "term", "proposed", "", "no", "", "", "", "", "", ""],  # 7
        ["Cross Border", "عبر الحدود", "", "", "", "term", "proposed", "", "no", "", "", "", "", "", ""],  # 8
        ["Herat\u200b", "هرات", "", "", "", "", "proposed", "", "no", "", "", "", "", "", ""],  # 9
        ["Daesh", "داعش", "", "", "", "name", "proposed", "", "no", "Islamic State", "", "", "", "", ""],  # 10
    ])
    report = lint_files([path])
    found = messages(report)
    expected = [
        f"{path}:1: warning: not in canonical form (sorted rows, fixed columns): `syndicate glossary fmt` rewrites it",
        f"{path}:2: warning: {NO_APPROVER.format('Kabul')}",
        f"{path}:3: warning: {NO_APPROVER.format('kabul')}",
        f"{path}:3: error: conflicting source 'kabul' (also at {path}:2)",
        f"{path}:4: warning: {NO_APPROVER.format('Doha')}",
        f"{path}:4: error: approved entry 'Doha' has no tg form",
        f"{path}:5: error: stray whitespace in en 'Samangan '",
        f"{path}:5: error: Persian letter گ in Arabic (use ي ك and Arabic letters): 'سمنگان'",
        f"{path}:5: error: Arabic letter ك in Dari (use ی ک): 'سمنكان'",
        f"{path}:6: error: deprecated entry 'ISIS' has no replacement",
        f"{path}:7: warning: 'red cross' overlaps 'cross border' ({path}:8): where both could match, the longer match wins",
        f"{path}:9: error: control character U+200B in en",
        f"{path}:9: error: empty type cell",
        f"{path}:10: warning: replacement on a proposed entry is ignored",
    ]
    assert sorted(found) == sorted(expected)
    assert len(report.errors) == 8  # a form in another script altogether: tests/test_glossary_scripts.py


def test_cli_exits_6_on_errors(run_cli, write_glossary):
    path = write_glossary([["ISIS", "", "", "", "", "name", "deprecated", "", "yes", "Daesh", "", "", "", "", ""]])
    result = run_cli("glossary", "lint", path)
    assert result.exit_code == 6
    assert f"{path}:2: error: replacement 'Daesh' is not an entry" in result.output
    assert result.output.rstrip().endswith(
        "Error: 1 entries in 1 file(s): 1 error(s), 0 warning(s) (fix the lines named above)")


def test_malformed_rows_do_not_stop_the_lint(write_glossary):
    path = write_glossary([
        ["Kabul", "كابول", "", "", "", "city", "proposed", "", "no", "", "", "", "", "", ""],
        ["Doha", "الدوحة", "", "", "", "name", "sure", "", "no", "", "", "", "", "", ""],
    ])
    assert messages(lint_files([path]))[-2:] == [
        f"{path}:2: error: type 'city' is not one of name, term, dnt",
        f"{path}:3: error: status 'sure' is not one of approved, proposed, deprecated, forbidden",
    ]


def test_fmt_rewrites_canonically(run_cli, write_glossary):
    path = write_glossary([
        ["Kabul", "كابول", "", "", "", "name", "proposed", "", "", "", "", "", "", "", ""],
        ["Doha", "الدوحة", "", "", "", "name", "proposed", "", "", "", "", "", "", "", ""],
    ])
    assert run_cli("glossary", "fmt", path).output == f"rewrote {path}\n"
    assert run_cli("glossary", "fmt", path).output == ""
    assert messages(lint_files([path])) == []


DARI_HEADER = "# iranian\tafghan\tnote — Iranian forms and the Afghan ones editors want\n"


def test_a_row_whose_tabs_became_spaces_says_how_many_columns_it_has(write_glossary):
    path = write_glossary([["Taliban", "طالبان", "طالبان name approved"]])
    assert messages(lint_files([path])) == [
        f"{path}:2: error: 3 of 15 columns (a tab-separated cell for every column, empty ones too: "
        "tabs may have become spaces)"]


def test_a_folder_argument_lints_every_tsv_in_it(run_cli, write_glossary, tmp_path):
    write_glossary([["ISIS", "", "", "", "", "name", "deprecated", "", "yes", "Daesh", "", "", "", "", ""]], name="a.tsv")
    write_glossary([["Doha", "الدوحة", "", "", "", "name", "proposed", "", "no", "", "", "", "", "", ""]], name="b.tsv")
    result = run_cli("glossary", "lint", tmp_path)
    assert result.exit_code == 6
    assert f"{tmp_path / 'a.tsv'}:2: error: replacement 'Daesh' is not an entry" in result.stdout
    assert "2 entries in 2 file(s): 1 error(s)" in result.stderr


def test_the_packaged_dari_table_lints_clean_as_a_dari_table(run_cli):
    from syndicate.translate.routes.dari import default_table_path

    result = run_cli("glossary", "lint", default_table_path())
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("0 error(s), 0 warning(s)\n")


def test_a_dari_table_is_checked_by_its_own_rules(tmp_path):
    path = tmp_path / "dari.tsv"
    path.write_text(DARI_HEADER + "استان\tولایت\tprovince\n"
                    "ارتش اردو army\n"  # 3: tabs became spaces
                    "استان\tولایت\n"  # 4: repeats line 2
                    "دانشگاه\tپوهنتون2\n"  # 5
                    "شهردار\tشاروال\tmayor\textra\n"  # 6
                    "دكتر\tداكتر\tdoctor\n", encoding="utf-8")  # 7: Arabic ك
    assert messages(lint_files([path])) == [
        f"{path}:3: error: 1 cell(s): expected 'iranian<TAB>afghan<TAB>note' (2 or 3 cells, the first two filled; "
        "tabs may have become spaces)",
        f"{path}:4: error: استان repeats line 2",
        f"{path}:5: error: non-Persian character '2' in afghan 'پوهنتون2'",
        f"{path}:6: error: 4 cell(s): expected 'iranian<TAB>afghan<TAB>note' (2 or 3 cells, the first two filled; "
        "tabs may have become spaces)",
        f"{path}:7: warning: Arabic letter ك in iranian 'دكتر' (use ی ک)",
        f"{path}:7: error: Arabic letter ك in afghan 'داكتر' (use ی ک)",
    ]


def test_lint_without_arguments_checks_the_glossaries_and_the_dari_table_in_force(
        run_cli, write_glossary, tmp_path, monkeypatch):
    (tmp_path / "glossaries").mkdir()
    write_glossary([["Doha", "الدوحة", "", "", "", "name", "proposed", "", "no", "", "", "", "", "", ""]], name="glossaries/g.tsv")
    table = tmp_path / "dari.tsv"
    table.write_text(DARI_HEADER + "استان\tولایت\n" + "استان\tولایت\n", encoding="utf-8")
    (tmp_path / "syndicate.toml").write_text(f'dari_table = "{table}"\n')
    monkeypatch.chdir(tmp_path)
    result = run_cli("glossary", "lint")
    assert result.exit_code == 6
    assert result.stdout == f"{table}:3: error: استان repeats line 2\n"
    assert "3 entries in 2 file(s): 1 error(s), 0 warning(s)" in result.stderr


def test_fmt_and_export_take_a_folder_and_leave_its_dari_table_alone(run_cli, write_glossary, tmp_path):
    glossary = write_glossary([
        ["Kabul", "كابول", "", "", "", "name", "proposed", "", "no", "", "", "", "", "", ""],
        ["Doha", "الدوحة", "", "", "", "name", "proposed", "", "no", "", "", "", "", "", ""],
    ])
    table = tmp_path / "dari.tsv"
    table.write_text(DARI_HEADER + "استان\tولایت\n", encoding="utf-8")
    assert run_cli("glossary", "fmt", tmp_path).stdout == f"rewrote {glossary}\n"
    assert table.read_text(encoding="utf-8") == DARI_HEADER + "استان\tولایت\n"
    exported = run_cli("glossary", "export", tmp_path, "--format", "csv")
    assert exported.exit_code == 0 and "Doha" in exported.stdout and "استان" not in exported.stdout
    named = run_cli("glossary", "fmt", table)
    assert named.exit_code == 6
    assert named.stderr == (f"Error: {table} is a Dari localization table, not a glossary "
                            f"(`syndicate glossary lint {table}` checks it)\n")
