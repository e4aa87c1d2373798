"""Dari localization: the editors' table and whole-word, variant-aware, suffix-keeping replacement."""

from __future__ import annotations

import pytest

from syndicate.resources import package_file
from syndicate.translate.routes.dari import DEFAULT_TABLE, load_dari_table
from syndicate.errors import GlossaryError

ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def dari():
    return load_dari_table()


def test_table_file_is_sorted_utf8_with_three_columns():
    lines = [line for line in package_file(*DEFAULT_TABLE).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = [line.split("\t") for line in lines]
    assert all(len(row) == 3 and all(cell.strip() == cell and cell for cell in row) for row in rows)
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)
    assert len({row[0] for row in rows}) == len(rows)
    assert {"دانشگاه", "استان", "استاندار", "خیابان", "ماشین", "بیمارستان", "دانشکده"} <= {row[0] for row in rows}


@pytest.mark.parametrize(
    ("persian", "dari_text"),
    [
        ("دانشگاه کابل", "پوهنتون کابل"),
        (f"دانشگاه{ZWNJ}ها", f"پوهنتون{ZWNJ}ها"),  # suffix after ZWNJ kept
        ("استانها", "ولایتها"),  # attached suffix kept
        ("استان سمنگان", "ولایت سمنگان"),
        ("استاندار هرات", "والی هرات"),  # longest entry wins
        ("خیابان اصلی", "سرک اصلی"),
        ("ماشین پلیس", "موتر پولیس"),
        ("بیمارستان", "شفاخانه"),
        ("دانشکده حقوق", "پوهنځی حقوق"),
        ("دانشگاهي", "پوهنتوني"),  # Arabic yeh in the suffix
        ("مدرسه‌ها", "مکتب‌ها"),
        ("«دانشگاه»، استان.", "«پوهنتون»، ولایت."),  # punctuation around
        ("بیمارستانها", f"شفاخانه{ZWNJ}ها"),  # final silent ه gets its ZWNJ
        ("بیمارستانی", f"شفاخانه{ZWNJ}ای"),
        (f"دانشگاه{ZWNJ}ای", "پوهنتونی"),  # and loses it
        ("دانش آموزان", "شاگردان"),  # a table ZWNJ matches a space
        (f"دانش{ZWNJ}آموز", "شاگرد"),
    ],
)
def test_replacements(dari, persian, dari_text):
    assert dari.localize(persian) == dari_text


@pytest.mark.parametrize(
    "text",
    [
        "استانبول",  # Istanbul starts like استان
        f"ماشین{ZWNJ}آلات",  # machinery: a ZWNJ compound, not a suffix
        "دانشگاهیان",  # academics: not a listed suffix
        "هم‌استانی",  # preceded by a ZWNJ: part of a compound
        "افغانستان و طالبان",
    ],
)
def test_leaves_other_words_alone(dari, text):
    assert dari.localize(text) == text


def test_letter_variants_in_the_word(dari):
    arabic_kaf_yeh = "بيمارستان و كارخانه"
    assert dari.localize(arabic_kaf_yeh) == "شفاخانه و فابریکه"


def test_localize_is_idempotent(dari):
    text = f"دانشگاه{ZWNJ}ها و بیمارستانها در استان هرات و خیابان{ZWNJ}های کابل"
    once = dari.localize(text)
    assert dari.localize(once) == once


def test_version_is_a_hash_of_the_file(tmp_path, dari):
    copy = tmp_path / "table.tsv"
    copy.write_bytes(package_file(*DEFAULT_TABLE).read_bytes())
    assert load_dari_table(copy).route_id == dari.route_id
    copy.write_bytes(package_file(*DEFAULT_TABLE).read_bytes() + "تست\tآزمون\t\n".encode())
    assert load_dari_table(copy).version != dari.version


@pytest.mark.parametrize(
    "content",
    ["دانشگاه\n", "استان\tولایت\nاستان\tولایت\n", "\tولایت\n"],
)
def test_malformed_tables(tmp_path, content):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError):
        load_dari_table(path)


def test_missing_table(tmp_path):
    with pytest.raises(GlossaryError):
        load_dari_table(tmp_path / "absent.tsv")


def test_dari_is_a_route_post_processor(dari):
    from syndicate.translate.routes import load_postprocessor

    step = load_postprocessor("dari")
    assert step.route_id == dari.route_id  # the id routes and exports recorded before
    assert step.process(["دانشگاه", "استان"]) == [dari.localize("دانشگاه"), dari.localize("استان")]


def test_unknown_post_processor_is_a_model_error():
    from syndicate.errors import ModelError
    from syndicate.translate.routes import load_postprocessor

    with pytest.raises(ModelError, match="unknown post-processing step 'klingon'"):
        load_postprocessor("klingon")
