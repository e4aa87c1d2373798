"""A glossary form is written in its language's script: ar and fa-AF in Arabic script, tg and ru in
Cyrillic (with digits, spaces, ZWNJ and the punctuation of names), and no cell nor editor name
holds markup or control characters. One rule, held at every door: lint, `glossary add`, TBX and
CSV import, and the desk."""

from __future__ import annotations

from pathlib import Path

import pytest

from syndicate.errors import GlossaryError
from syndicate.glossary.lint import lint_files
from syndicate.glossary.tbx import parse_csv
from syndicate.glossary.tsv import COLUMNS

HOSTILE = "<img src=x onerror=alert(1)>"
BAD_FORMS = [
    ("ar", HOSTILE, "ar holds < or >"),
    ("ar", "Kabul", "'K' (U+004B), which is not Arabic script"),
    ("fa-AF", "کابل\u202e", "(U+202E), which is not Arabic script"),  # a bidi override
    ("fa-AF", "Кабул", "'К' (U+041A), which is not Arabic script"),
    ("tg", "Kobul", "'K' (U+004B), which is not Cyrillic"),
    ("tg", "کابل", "'ک' (U+06A9), which is not Cyrillic"),
    ("ru", "Ка6ул", None),  # a digit is allowed: forms like "11 сентября" hold numbers
    ("ru", "Кабул<b>", "holds < or >"),
    ("ru", "Kабул", "'K' (U+004B), which is not Cyrillic"),  # a Latin K among Cyrillic letters
    ("ru", "Кабул\x07", "control character U+0007"),
]
GOOD_FORMS = [("tg", "Ал-Қоида"), ("ru", "Аль-Каида"), ("fa-AF", "هزاره\u200cها"), ("ar", "تنظيم «القاعدة»"),
              ("fa-AF", "۱۱ سپتامبر"), ("ru", "Джо\u0301 Ба\u0301йден"), ("ar", "الأمم المتحدة (يوناما)")]


def tsv(path: Path, **cells) -> Path:
    row = {column: "" for column in COLUMNS} | {"en": "Kabul", "type": "name", "status": "proposed"} | cells
    path.write_text("\t".join(COLUMNS) + "\n" + "\t".join(row[column] for column in COLUMNS) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("language, form, problem", BAD_FORMS)
def test_lint_reports_a_form_outside_its_script(language, form, problem, tmp_path):
    report = lint_files([tsv(tmp_path / "g.tsv", **{language: form})])
    if problem is None:
        assert not report.errors
        return
    assert report.errors and all(error.origin == f"{tmp_path / 'g.tsv'}:2" for error in report.errors)
    assert any(problem in error.message for error in report.errors), report.errors


@pytest.mark.parametrize("language, form", GOOD_FORMS)
def test_forms_names_really_have_pass(language, form, tmp_path):
    assert not lint_files([tsv(tmp_path / "g.tsv", **{language: form})]).errors


@pytest.mark.parametrize("column, value", [("variants", f"ar:كابل|{HOSTILE}"), ("variants", "tg:Kobul"),
                                           ("note", "see <script>"), ("approved_by", "<b>Rahima</b>"),
                                           ("changed_by", "Oleg > Petrov"), ("en", "Kabul <i>")])
def test_variants_notes_and_names_hold_no_markup(column, value, tmp_path):
    report = lint_files([tsv(tmp_path / "g.tsv", **{column: value})])
    assert len(report.errors) == 1, report.issues


@pytest.mark.parametrize("language, form, problem", [case for case in BAD_FORMS if case[2]])
def test_glossary_add_refuses_it_and_leaves_the_file(language, form, problem, run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossaries").mkdir()
    glossary = tsv(tmp_path / "glossaries" / "g.tsv", en="Herat")
    before = glossary.read_bytes()
    option = {"fa-AF": "--fa-AF"}.get(language, f"--{language}")
    result = run_cli("glossary", "add", "Kabul", "--type", "name", option, form, "--editor", "Rahima Karimi")
    assert result.exit_code == 6, result.output
    assert problem in result.stderr and "Traceback" not in result.output
    assert glossary.read_bytes() == before


def test_an_editor_name_with_markup_is_refused(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossaries").mkdir()
    glossary = tsv(tmp_path / "glossaries" / "g.tsv", en="Herat")
    before = glossary.read_bytes()
    result = run_cli("glossary", "add", "Kabul", "--type", "name", "--ar", "كابل", "--editor", "<b>Rahima</b>")
    assert result.exit_code == 6 and "changed_by holds < or >" in result.stderr, result.output
    assert glossary.read_bytes() == before


@pytest.mark.parametrize("language, form, problem", [case for case in BAD_FORMS if case[2]])
def test_csv_import_refuses_it(language, form, problem):
    header = "en,ar,prs,tg,ru,type"
    cells = {"ar": "", "fa-AF": "", "tg": "", "ru": ""} | {language: form}
    quoted = ",".join('"' + cells[tag].replace('"', '""') + '"' for tag in ("ar", "fa-AF", "tg", "ru"))
    with pytest.raises(GlossaryError) as caught:
        parse_csv(f"{header}\nKabul,{quoted},name\n", "terms.csv")
    assert caught.value.message.startswith("terms.csv:2: ") and problem in caught.value.message


def test_tbx_import_refuses_it(run_cli, tmp_path):
    tbx = tmp_path / "terms.tbx"
    tbx.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
<text><body><conceptEntry id="c1">
<langSec xml:lang="en"><termSec><term>Kabul</term></termSec></langSec>
<langSec xml:lang="ar"><termSec><term>&lt;img src=x onerror=alert(1)&gt;</term></termSec></langSec>
</conceptEntry></body></text></tbx>
""", encoding="utf-8")
    result = run_cli("glossary", "import", tbx, "-o", tmp_path / "imported.tsv")
    assert result.exit_code == 6, result.output
    assert "holds < or >" in result.stderr or "not Arabic script" in result.stderr
    assert not (tmp_path / "imported.tsv").exists()
