"""Editors' edits: `syndicate glossary approve | deprecate | add`, signed with the editor and the time (UTC)."""

import re
import shutil
from datetime import datetime, timedelta, timezone

import pytest

from syndicate.errors import GlossaryError, UsageError
from syndicate.glossary.edit import add_entry, approve_entry, deprecate_entry
from syndicate.glossary.lint import lint_files
from syndicate.glossary.tsv import COLUMNS, format_time, read_entries

NOW = datetime(2025, 1, 31, 9, 30, 5, tzinfo=timezone.utc)
STAMP = "2025-01-31T09:30:05Z"
EDITOR = "Leila Ahmadi"
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def row(*cells: str) -> list[str]:
    """A glossary row: the cells given, then empty ones up to every column."""
    return [*cells, *[""] * (len(COLUMNS) - len(cells))]


@pytest.fixture
def glossary_copy(tmp_path, shipped_glossary_path):
    path = tmp_path / "glossaries" / "afghanistan-region.tsv"
    path.parent.mkdir()
    shutil.copy(shipped_glossary_path, path)
    return path


@pytest.fixture
def project(glossary_copy, monkeypatch):
    """The current folder is a project whose only glossary in force is the copy."""
    monkeypatch.chdir(glossary_copy.parent.parent)
    return glossary_copy


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new) if a != b]


def test_approve_changes_exactly_that_row_and_the_file_still_lints(glossary_copy):
    before = glossary_copy.read_text(encoding="utf-8")
    entry = approve_entry([glossary_copy], "ansarullah", EDITOR, now=NOW)
    [(old, new)] = changed_lines(before, glossary_copy.read_text(encoding="utf-8"))
    cells = old.split("\t")
    assert cells[0] == "Ansarullah" and cells[COLUMNS.index("status")] == "proposed"
    cells[COLUMNS.index("status")] = "approved"
    cells[-4:] = [EDITOR, STAMP, EDITOR, STAMP]
    assert new.split("\t") == cells
    line = before.splitlines().index(old) + 1
    assert (entry.en, entry.status, entry.approved_by, entry.approved_at, entry.origin) == (
        "Ansarullah", "approved", EDITOR, STAMP, f"{glossary_copy}:{line}")
    assert lint_files([glossary_copy]).errors == ()
    assert [p.name for p in glossary_copy.parent.iterdir()] == [glossary_copy.name]  # no temp file left


def test_an_approved_entry_without_approver_can_be_signed_once(glossary_copy):
    entry = approve_entry([glossary_copy], "Kabul", EDITOR, now=NOW)
    assert (entry.status, entry.approved_by, entry.changed_at) == ("approved", EDITOR, STAMP)
    with pytest.raises(GlossaryError) as caught:
        approve_entry([glossary_copy], "Kabul", "Omar Rahimi", now=NOW)
    assert caught.value.message == f"{entry.origin}: 'Kabul' is approved already (by {EDITOR}, {STAMP})"


def test_approve_refuses_an_entry_lint_would_reject_and_leaves_the_file_as_it_was(write_glossary):
    path = write_glossary([row("Herat", "هرات", "", "Ҳирот", "", "name", "proposed", "", "no")])
    before = path.read_bytes()
    with pytest.raises(GlossaryError) as caught:
        approve_entry([path], "Herat", EDITOR, now=NOW)
    assert caught.value.message == (f"{path}:2: cannot approve 'Herat': approved entry 'Herat' has no fa-AF form; "
                                    "approved entry 'Herat' has no ru form")
    assert caught.value.hint == "fill in the missing forms in the row first; the file is unchanged"
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_unknown_and_ambiguous_entries_name_the_files_searched(write_glossary):
    a = write_glossary([row("Doha", "الدوحة", "دوحه", "Доҳа", "Доха", "name", "proposed", "", "no")], name="a.tsv")
    b = write_glossary([row("doha", "الدوحة", "دوحه", "Доҳа", "Доха", "name", "proposed", "", "no")], name="b.tsv")
    with pytest.raises(GlossaryError) as caught:
        approve_entry([a, b], "Atlantis", EDITOR, now=NOW)
    assert caught.value.message == f"no entry 'Atlantis' in {a}, {b}"
    with pytest.raises(GlossaryError) as caught:
        approve_entry([a, b], "DOHA", EDITOR, now=NOW)
    assert caught.value.message == f"'DOHA' is an entry in {a}:2, {b}:2"
    assert caught.value.hint == "choose the file with --file"
    assert approve_entry([a, b], "DOHA", EDITOR, file=b, now=NOW).origin == f"{b}:2"
    assert read_entries(a)[0].status == "proposed"


def test_only_proposed_entries_are_approved(glossary_copy):
    with pytest.raises(GlossaryError, match=r":\d+: 'ISIS' is deprecated: only a proposed entry can be approved$"):
        approve_entry([glossary_copy], "ISIS", EDITOR, now=NOW)


def test_a_file_with_lint_errors_is_not_touched(write_glossary):
    path = write_glossary([row("Doha", "الدوحة", "دوحه", "Доҳа", "Доха", "name", "proposed", "", "no"),
                           row("Herat", "هرات", "", "", "", "", "proposed", "", "no")])  # 3: empty type
    before = path.read_bytes()
    for edit in (lambda: approve_entry([path], "Doha", EDITOR, now=NOW),
                 lambda: add_entry([path], "Kabul", type="name", editor=EDITOR, now=NOW)):
        with pytest.raises(GlossaryError) as caught:
            edit()
        assert caught.value.message == f"{path}:3: empty type cell: not rewritten"
        assert caught.value.hint.endswith(f"rewrites only files without errors; `syndicate glossary lint {path}` lists them")
    assert path.read_bytes() == before


def test_an_edit_needs_a_named_editor_and_an_aware_time(glossary_copy):
    before = glossary_copy.read_bytes()
    with pytest.raises(UsageError, match="an edit needs the editor's name"):
        approve_entry([glossary_copy], "Ansarullah", "  ", now=NOW)
    with pytest.raises(ValueError):
        approve_entry([glossary_copy], "Ansarullah", EDITOR, now=datetime(2025, 1, 31))
    assert glossary_copy.read_bytes() == before
    assert approve_entry([glossary_copy], "Ansarullah", " Leila\t Ahmadi ", now=NOW).approved_by == EDITOR


def test_times_are_utc_to_the_second():
    assert format_time(datetime(2025, 1, 31, 14, 0, 5, 999, tzinfo=timezone(timedelta(hours=4, minutes=30)))) == STAMP
    assert format_time(datetime(999, 1, 2, tzinfo=timezone.utc)) == "0999-01-02T00:00:00Z"


def test_deprecate_points_the_entry_at_its_replacement(write_glossary):
    path = write_glossary([
        row("Daesh", "داعش", "داعش", "ДОИШ", "ИГИЛ", "name", "approved", "", "no", "", "", "Omar Rahimi",
            "2024-12-01T08:00:00Z", "Omar Rahimi", "2024-12-01T08:00:00Z"),
        row("ISIL", "داعش", "داعش", "ДОИШ", "ИГИЛ", "name", "approved", "", "no", "", "", "Omar Rahimi",
            "2024-12-01T08:00:00Z", "Omar Rahimi", "2024-12-01T08:00:00Z"),
    ])
    entry = deprecate_entry([path], "isil", "daesh", EDITOR, now=NOW)
    assert (entry.status, entry.replacement, entry.changed_by, entry.changed_at) == ("deprecated", "Daesh", EDITOR, STAMP)
    assert (entry.approved_by, entry.approved_at) == ("Omar Rahimi", "2024-12-01T08:00:00Z")  # the approval stays on record
    assert read_entries(path)[1] == entry
    assert lint_files([path]).issues == ()


def test_deprecate_refuses_a_missing_or_deprecated_replacement(glossary_copy):
    before = glossary_copy.read_bytes()
    with pytest.raises(GlossaryError) as caught:
        deprecate_entry([glossary_copy], "Pakistani", "Pakistani people", EDITOR, now=NOW)
    assert re.fullmatch(rf"{re.escape(str(glossary_copy))}:\d+: cannot deprecate 'Pakistani': no entry 'Pakistani people' "
                        rf"in {re.escape(str(glossary_copy))} to translate it as", caught.value.message)
    with pytest.raises(GlossaryError) as caught:  # ISIS is translated as Daesh: Daesh can't be deprecated
        deprecate_entry([glossary_copy], "Daesh", "Taliban", EDITOR, now=NOW)
    isis = next(e for e in read_entries(glossary_copy) if e.en == "ISIS")
    assert caught.value.message.endswith(f": cannot deprecate 'Daesh': {isis.origin}: "
                                         "replacement 'Daesh' is itself deprecated")
    with pytest.raises(GlossaryError, match="'ISIS' is deprecated already"):
        deprecate_entry([glossary_copy], "ISIS", "Taliban", EDITOR, now=NOW)
    assert glossary_copy.read_bytes() == before


def test_add_writes_a_signed_row_in_sorted_place(glossary_copy, tmp_path):
    other = tmp_path / "other.tsv"
    other.write_text("\t".join(COLUMNS) + "\n", encoding="utf-8")
    entry = add_entry([glossary_copy, other], "Termez", type="name", editor=EDITOR, now=NOW,
                      targets={"ar": "ترمذ", "fa-AF": "ترمذ", "tg": "Тирмиз", "ru": "Термез"}, note="City on the Uzbek bank of the Amu Darya.")
    assert entry.origin.startswith(f"{glossary_copy}:")
    lines = glossary_copy.read_text(encoding="utf-8").splitlines()
    assert lines[int(entry.origin.rpartition(":")[2]) - 1].split("\t") == [
        "Termez", "ترمذ", "ترمذ", "Тирмиз", "Термез", "name", "proposed", "", "no", "", "City on the Uzbek bank of the Amu Darya.",
        "", "", EDITOR, STAMP]
    assert lines[1:] == sorted(lines[1:], key=lambda line: line.split("\t")[0].casefold())
    approved = add_entry([glossary_copy, other], "Arab News", type="dnt", status="approved", editor=EDITOR, now=NOW,
                         file=other)
    assert read_entries(other) == [approved]
    assert (approved.approved_by, approved.approved_at) == (EDITOR, STAMP)
    assert lint_files([glossary_copy, other]).errors == ()


def test_add_refuses_duplicates_in_any_glossary_in_force_and_forms_that_cant_work(glossary_copy, tmp_path):
    other = tmp_path / "other.tsv"
    other.write_text("\t".join(COLUMNS) + "\n", encoding="utf-8")
    before = glossary_copy.read_bytes(), other.read_bytes()
    massoud = next(e for e in read_entries(glossary_copy) if e.en == "Ahmad Massoud")
    with pytest.raises(GlossaryError) as caught:  # a spelling of an entry of the other file in force
        add_entry([glossary_copy, other], "ahmad masood", type="name", editor=EDITOR, file=other, now=NOW)
    assert caught.value.message == f"{massoud.origin}: cannot add 'ahmad masood': 'Ahmad Massoud' is an entry already"
    with pytest.raises(GlossaryError) as caught:
        add_entry([glossary_copy], "Termez", type="name", editor=EDITOR, now=NOW, targets={"ar": "ترمذ|الترمذ"})
    assert caught.value.message == f"{glossary_copy}: cannot add 'Termez': ar form 'ترمذ|الترمذ' contains | or ;"
    with pytest.raises(GlossaryError) as caught:
        add_entry([glossary_copy], "Termez", type="name", status="approved", editor=EDITOR, now=NOW,
                  targets={"ar": "ترمذ", "fa-AF": "ترمذ", "tg": "Тирмиз"})
    assert caught.value.message == f"{glossary_copy}: cannot add 'Termez': approved entry 'Termez' has no ru form"
    with pytest.raises(UsageError):
        add_entry([glossary_copy], "Termez", type="name", status="deprecated", editor=EDITOR, now=NOW)
    assert (glossary_copy.read_bytes(), other.read_bytes()) == before


def test_edits_keep_the_file_mode(glossary_copy):
    glossary_copy.chmod(0o640)
    approve_entry([glossary_copy], "Ansarullah", EDITOR, now=NOW)
    assert glossary_copy.stat().st_mode & 0o777 == 0o640


# -- the columns -------------------------------------------------------------------------------
def test_files_without_the_editor_columns_still_read_and_fmt_adds_them(tmp_path, run_cli):
    path = tmp_path / "old.tsv"
    old_header = COLUMNS[:COLUMNS.index("note") + 1]
    path.write_text("\t".join(old_header) + "\n" + "\t".join(row("Doha", "الدوحة", "دوحه", "Доҳа", "Доха", "name",
                                                                  "proposed", "", "no")[:len(old_header)]) + "\n",
                    encoding="utf-8")
    [entry] = read_entries(path)
    assert (entry.approved_by, entry.approved_at, entry.changed_by, entry.changed_at) == ("", "", "", "")
    assert run_cli("glossary", "fmt", path).output == f"rewrote {path}\n"
    assert path.read_text(encoding="utf-8").splitlines()[0].split("\t") == list(COLUMNS)
    assert COLUMNS[-4:] == ("approved_by", "approved_at", "changed_by", "changed_at")


def test_times_and_signatures_are_checked(write_glossary):
    path = write_glossary([row("Doha", "الدوحة", "دوحه", "Доҳа", "Доха", "name", "approved", "", "no", "", "",
                               EDITOR, "2025-01-31 09:30")])
    with pytest.raises(GlossaryError) as caught:
        read_entries(path)
    assert caught.value.message == f"{path}:2: approved_at '2025-01-31 09:30' is not an ISO 8601 UTC time"
    path = write_glossary([row("Doha", "الدوحة", "دوحه", "Доҳа", "Доха", "name", "approved", "", "no", "", "",
                               EDITOR, "", "", "2025-02-30T00:00:00Z")])
    assert [str(i) for i in lint_files([path]).issues] == [
        f"{path}:2: error: changed_at '2025-02-30T00:00:00Z' is not an ISO 8601 UTC time"]
    path = write_glossary([row("Doha", "الدوحة", "دوحه", "Доҳа", "Доха", "name", "approved", "", "no", "", "",
                               EDITOR, "", "", STAMP)])
    assert [str(i) for i in lint_files([path]).issues] == [
        f"{path}:2: error: approved_by and approved_at go together: 'Doha' has only approved_by",
        f"{path}:2: error: changed_by and changed_at go together: 'Doha' has only changed_at"]


def test_signed_entries_round_trip_through_tbx_and_csv(glossary_copy):
    from syndicate.glossary.tbx import format_csv, format_tbx, parse_csv, parse_tbx

    approve_entry([glossary_copy], "Ansarullah", EDITOR, now=NOW)
    deprecate_entry([glossary_copy], "Pakistani", "Taliban", "Omar Rahimi", now=NOW + timedelta(hours=1))
    entries = read_entries(glossary_copy)
    document = format_tbx(entries)
    assert f"<note>syndicate-approved-by: {EDITOR}</note>" in document
    assert f"<note>syndicate-changed-at: {STAMP}</note>" in document
    assert "<note>syndicate-changed-by: Omar Rahimi</note>" in document
    assert parse_tbx(document.encode("utf-8")) == entries
    assert parse_csv(format_csv(entries)) == entries
    assert [(e.approved_by, e.changed_by) for e in entries if e.en in ("Ansarullah", "Pakistani")] == [
        (EDITOR, EDITOR), ("", "Omar Rahimi")]


def test_cli_export_import_keeps_a_signed_glossary_byte_identical(run_cli, glossary_copy, tmp_path):
    approve_entry([glossary_copy], "Ansarullah", EDITOR, now=NOW)
    add_entry([glossary_copy], "Termez", type="term", editor="Omar Rahimi", now=NOW, targets={"ru": "Термез"})
    for fmt in ("tbx", "csv"):
        exported = tmp_path / f"export.{fmt}"
        assert run_cli("glossary", "export", "--format", fmt, glossary_copy, "-o", exported).exit_code == 0
        imported = tmp_path / f"imported-{fmt}.tsv"
        assert run_cli("glossary", "import", exported, "-o", imported).exit_code == 0
        assert imported.read_bytes() == glossary_copy.read_bytes()


# -- the commands ------------------------------------------------------------------------------
def test_cli_approve(run_cli, project):
    result = run_cli("glossary", "approve", "Karen Decker", "--editor", EDITOR)
    assert result.exit_code == 0, result.output
    match = re.fullmatch(rf"approved 'Karen Decker' at {re.escape(str(project))}:(\d+) "
                         rf"\(by {EDITOR}, ({TIME.pattern})\)\n", result.stdout)
    assert match, result.stdout
    [entry] = [e for e in read_entries(project) if e.en == "Karen Decker"]
    assert (entry.status, entry.approved_by, entry.approved_at) == ("approved", EDITOR, match.group(2))
    assert entry.origin == f"{project}:{match.group(1)}"
    assert abs(datetime.now(timezone.utc) - datetime.fromisoformat(match.group(2))) < timedelta(minutes=1)

    again = run_cli("glossary", "approve", "Karen Decker", "--editor", "Omar Rahimi")
    assert again.exit_code == 6
    assert again.stderr == (f"Error: {project}:{match.group(1)}: 'Karen Decker' is approved "
                            f"already (by {EDITOR}, {match.group(2)})\n")


def test_cli_refusals_and_exit_codes(run_cli, project):
    before = project.read_bytes()
    unknown = run_cli("glossary", "approve", "Atlantis", "--editor", EDITOR)
    assert unknown.exit_code == 6
    assert unknown.stderr == (f"Error: no entry 'Atlantis' in {project} (name the entry by its "
                              "English form (the en column), or choose the file with --file)\n")
    anonymous = run_cli("glossary", "approve", "Ansarullah")
    assert anonymous.exit_code == 2 and "Missing option '--editor'" in anonymous.stderr
    blank = run_cli("glossary", "approve", "Ansarullah", "--editor", " ")
    assert blank.exit_code == 2
    assert blank.stderr == "Error: an edit needs the editor's name (pass --editor NAME: no anonymous approvals)\n"
    no_replacement = run_cli("glossary", "deprecate", "Pakistani", "--editor", EDITOR)
    assert no_replacement.exit_code == 2 and "Missing option '--replacement'" in no_replacement.stderr
    duplicate = run_cli("glossary", "add", "KABUL", "--type", "name", "--editor", EDITOR)
    assert duplicate.exit_code == 6
    assert re.fullmatch(rf"Error: {re.escape(str(project))}:\d+: cannot add 'KABUL': 'Kabul' is an entry "
                        r"already \(edit that row, or `syndicate glossary approve` it\)\n", duplicate.stderr)
    assert project.read_bytes() == before


def test_cli_deprecate_and_add(run_cli, project, tmp_path):
    result = run_cli("glossary", "deprecate", "pakistani", "--replacement", "taliban", "--editor", EDITOR)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"deprecated 'Pakistani' at {re.escape(str(project))}:\d+: translated as "
                        rf"'Taliban' \(by {EDITOR}, {TIME.pattern}\)\n", result.stdout)
    result = run_cli("glossary", "add", "Termez", "--type", "name", "--ar", "ترمذ", "--fa-AF", "ترمذ", "--tg", "Тирмиз",
                     "--ru", "Термез", "--note", "City on the Uzbek bank of the Amu Darya.", "--status", "approved", "--editor", EDITOR)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"added 'Termez' \(name, approved\) at {re.escape(str(project))}:\d+ "
                        rf"\(by {EDITOR}, {TIME.pattern}\)\n", result.stdout)
    termez = next(e for e in read_entries(project) if e.en == "Termez")
    assert termez.targets == (("ar", "ترمذ"), ("fa-AF", "ترمذ"), ("tg", "Тирмиз"), ("ru", "Термез"))
    assert (termez.note, termez.approved_by) == ("City on the Uzbek bank of the Amu Darya.", EDITOR)
    other = tmp_path / "desk.tsv"
    other.write_text("\t".join(COLUMNS) + "\n", encoding="utf-8")
    result = run_cli("glossary", "add", "Hairatan", "--type", "name", "--editor", EDITOR, "--file", other)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"added 'Hairatan' (name, proposed) at {other}:2 ")
    assert run_cli("glossary", "lint", project, other).exit_code == 0
