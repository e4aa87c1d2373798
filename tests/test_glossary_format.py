"""The glossary file format, the shipped glossary, and TBX-Basic / CSV exchange."""

import pytest

from syndicate.errors import GlossaryError
from syndicate.glossary.tbx import format_csv, format_tbx, import_entries, parse_csv, parse_tbx
from syndicate.glossary.tsv import format_tsv, load_glossary, parse_variants, read_entries


def test_shipped_glossary_is_canonical(shipped_glossary_path):
    text = shipped_glossary_path.read_text(encoding="utf-8")
    assert format_tsv(read_entries(shipped_glossary_path)) == text


def test_shipped_glossary_covers_the_mission_names(shipped_glossary):
    wanted = ["National Resistance Front", "Ahmad Massoud", "Herat Security Dialogue", "Dushanbe", "Samangan",
              "Daesh", "Al-Qaeda", "Hazaras", "Ansarullah", "Northern Alliance", "chargé d'affaires",
              "International Committee of the Red Cross", "Taliban", "Kabul", "Doha", "Karen Decker",
              "Luke Coffey", "Ayman Al-Zawahiri", "Tajikistan", "Kyrgyzstan", "Uzbek", "Vienna"]
    for en in wanted:
        entry = shipped_glossary.find(en)
        assert entry is not None, en
        assert all(entry.target(lang) for lang in ("ar", "fa-AF", "tg", "ru")), en


def test_variants_cell_syntax():
    assert parse_variants("ar:أ|ب; ru:в ;en:x") == (("en", ("x",)), ("ar", ("أ", "ب")), ("ru", ("в",)))
    with pytest.raises(GlossaryError, match=r"f\.tsv:3: bad variants group 'de:x'"):
        parse_variants("de:x", "f.tsv:3")


def test_rows_are_validated_with_file_and_line(write_glossary):
    path = write_glossary([["Kabul", "كابول", "", "", "", "place", "approved", "", "no", "", "", "", "", "", ""]])
    with pytest.raises(GlossaryError, match=rf"{path}:2: type 'place' is not one of name, term, dnt"):
        read_entries(path)
    path = write_glossary([], header=("en", "arabic"))
    with pytest.raises(GlossaryError, match="bad header"):
        read_entries(path)


def test_writer_sorts_and_fills_every_column(write_glossary):
    path = write_glossary([
        ["Kabul", "كابول", "", "", "", "name", "approved", "ru:Кабула;ar:كابل", "", "", "", "", "", "", ""],
        ["Doha", "الدوحة", "", "", "", "name", "", "", "", "", "", "", "", "", ""],
    ])
    lines = format_tsv(read_entries(path)).splitlines()
    assert lines[1].split("\t") == ["Doha", "الدوحة", "", "", "", "name", "proposed", "", "no", "", "", "", "", "", ""]
    assert lines[2].split("\t")[7] == "ar:كابل; ru:Кабула"


def test_tbx_round_trip_keeps_every_field(shipped_glossary):
    document = format_tbx(shipped_glossary.entries)
    assert 'type="TBX-Basic"' in document and "urn:iso:std:iso:30042:ed-2" in document
    assert list(parse_tbx(document.encode("utf-8"))) == list(shipped_glossary.entries)


def test_csv_round_trip_keeps_every_field(shipped_glossary):
    assert parse_csv(format_csv(shipped_glossary.entries)) == list(shipped_glossary.entries)


def test_tbx_is_well_formed_and_uses_tbx_basic_categories(shipped_glossary):
    from lxml import etree

    root = etree.fromstring(format_tbx(shipped_glossary.entries).encode("utf-8"))
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    concepts = root.findall(".//t:conceptEntry", ns)
    assert len(concepts) == len(shipped_glossary.entries)
    statuses = {e.text for e in root.iterfind(".//t:termNote[@type='administrativeStatus']", ns)}
    assert statuses <= {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts",
                        "supersededTerm-admn-sts"}


def test_tbx_v2_martif_import(tmp_path):
    path = tmp_path / "old.tbx"
    path.write_text("""<?xml version="1.0"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
 <termEntry id="t1">
  <langSet xml:lang="en-US"><tig><term>Kabul</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
  <langSet xml:lang="prs"><tig><term>کابل</term></tig></langSet>
  <langSet xml:lang="de"><tig><term>Kabul</term></tig></langSet>
  <langSet xml:lang="rus"><tig><term>Кабул</term></tig>
    <tig><term>Кабула</term><termNote type="termType">variant</termNote></tig></langSet>
 </termEntry></body></text></martif>""", encoding="utf-8")
    [entry] = import_entries(path)
    assert (entry.en, entry.status, entry.target("fa-AF"), entry.target("ru"), entry.variant_forms("ru")) == (
        "Kabul", "approved", "کابل", "Кабул", ("Кабула",))


def test_csv_with_a_language_code_header_imports_as_proposed(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text("en,ar,prs,tgk,rus\nDoha,الدوحة,دوحه,Доҳа,Доха\n", encoding="utf-8")
    [entry] = import_entries(path)
    assert entry.targets == (("ar", "الدوحة"), ("fa-AF", "دوحه"), ("tg", "Доҳа"), ("ru", "Доха"))
    assert (entry.type, entry.status) == ("term", "proposed")  # nothing invents certainty


def test_cli_export_import_round_trip(run_cli, shipped_glossary_path, tmp_path):
    for fmt in ("tbx", "csv"):
        exported = tmp_path / f"export.{fmt}"
        result = run_cli("glossary", "export", "--format", fmt, shipped_glossary_path, "-o", exported)
        assert result.exit_code == 0, result.output
        imported = tmp_path / f"imported-{fmt}.tsv"
        result = run_cli("glossary", "import", exported, "-o", imported)
        assert result.exit_code == 0, result.output
        assert result.output == f"{len(read_entries(shipped_glossary_path))} entries written to {imported}\n"
        assert imported.read_bytes() == shipped_glossary_path.read_bytes()


def test_cli_import_refuses_to_overwrite(run_cli, shipped_glossary_path, tmp_path):
    target = tmp_path / "g.tsv"
    target.write_text("keep", encoding="utf-8")
    result = run_cli("glossary", "import", shipped_glossary_path, "-o", target)
    assert result.exit_code == 6
    assert result.output.strip() == f"Error: {target} already exists (pass --force to replace it, or choose --output)"
    assert target.read_text(encoding="utf-8") == "keep"


def test_default_files_are_the_folders_tsv_files_in_order(tmp_path):
    from syndicate.glossary.files import default_glossary_paths
    from syndicate.settings import Settings

    folder = tmp_path / "glossaries"
    folder.mkdir()
    for name in ("b.tsv", "a.tsv", "notes.txt"):
        (folder / name).write_text("en\n", encoding="utf-8")
    config = tmp_path / "syndicate.toml"
    assert default_glossary_paths(Settings(config_path=str(config))) == (folder / "a.tsv", folder / "b.tsv")
    assert default_glossary_paths(Settings(config_path=str(config), glossaries=("x.tsv",))) == (tmp_path / "x.tsv",)


def test_glossary_version_hashes_content(write_glossary):
    one = load_glossary([write_glossary([["Doha", "الدوحة", "", "", "", "name", "approved", "", "no", "", "", "", "", "", ""]])])
    same = load_glossary([write_glossary([["Doha", "الدوحة", "", "", "", "name", "approved", "", "no", "", "", "", "", "", ""]], "b.tsv")])
    other = load_glossary([write_glossary([["Doha", "الدوحة", "", "", "", "name", "proposed", "", "no", "", "", "", "", "", ""]])])
    assert one.version == same.version != other.version


def test_imported_notes_are_one_line_and_forms_cannot_break_the_format(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text('en,ru,note\nDoha,Доха,"capital\nof Qatar"\n', encoding="utf-8")
    [entry] = import_entries(path)
    assert entry.note == "capital of Qatar"
    path.write_text('en,ru\n"Doha\tQatar",Доха\n', encoding="utf-8")
    with pytest.raises(GlossaryError, match="a tab or line break in en"):
        import_entries(path)


def test_fmt_refuses_a_broken_row_and_leaves_the_file_untouched(run_cli, write_glossary):
    path = write_glossary([
        ["Kabul", "كابول", "", "", "", "name", "proposed", "", "no", "", "", "", "", "", ""],
        ["Taliban", "طالبان", "طالبان name approved"],  # tabs became spaces: once filled with defaults
    ])
    before = path.read_bytes()
    result = run_cli("glossary", "fmt", path)
    assert result.exit_code == 6
    assert result.stderr == (
        f"Error: {path}:3: 3 of 15 columns (a tab-separated cell for every column, empty ones too: tabs may have "
        f"become spaces): not rewritten (fmt rewrites only files without errors; "
        f"`syndicate glossary lint {path}` lists them)\n")
    assert path.read_bytes() == before


def test_fmt_rewrites_nothing_when_one_file_has_lint_errors(write_glossary):
    from syndicate.glossary.lint import canonicalize_files

    fine = write_glossary([["Kabul", "كابول", "", "", "", "name", "proposed", "", "", "", "", "", "", "", ""],
                           ["Doha", "الدوحة", "", "", "", "name", "proposed", "", "", "", "", "", "", "", ""]], name="a.tsv")
    empty_type = write_glossary([["Herat", "هرات", "", "", "", "", "proposed", "", "no", "", "", "", "", "", ""]], name="b.tsv")
    before = fine.read_bytes(), empty_type.read_bytes()
    with pytest.raises(GlossaryError, match=rf"{empty_type}:2: empty type cell: not rewritten"):
        canonicalize_files([fine, empty_type])
    assert (fine.read_bytes(), empty_type.read_bytes()) == before


@pytest.mark.parametrize(("text", "message"), [
    ("en\ten\nA\tB\n", "<glossary>:1: bad header (column 'en' twice)"),
    ("en\tar\nA\x08b\tب\n", "<glossary>:2: control character U+0008 in en"),
    ("en\tar\n;\tب\n", "<glossary>:2: en form ';' contains | or ;"),
    ("en\tar\nDoha\tالدوحة|الدوحه\n", "<glossary>:2: ar form 'الدوحة|الدوحه' contains | or ;"),
])
def test_rows_tbx_could_not_carry_are_refused_with_file_and_line(text, message):
    from syndicate.errors import GlossaryError
    from syndicate.glossary.tsv import entry_from_row, parse_rows

    with pytest.raises(GlossaryError) as caught:
        [entry_from_row(row) for row in parse_rows(text)]
    assert caught.value.message == message


@pytest.mark.parametrize("text", ["en\n\r,", "\r0"])  # a broken data row; a broken header (found by fuzzing)
def test_broken_csv_is_a_glossary_error_naming_the_line(text):
    from syndicate.errors import GlossaryError
    from syndicate.glossary.tbx import parse_csv

    with pytest.raises(GlossaryError) as caught:
        parse_csv(text, "x.csv")
    assert caught.value.message.startswith("x.csv:")
    assert "not valid CSV" in caught.value.message
