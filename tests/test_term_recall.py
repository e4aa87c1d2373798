"""The target checker on hand-written correct and incorrect sentences per language: a false miss
would keep an edition out of the partner feed, a false hit would let a wrong term through."""

from pathlib import Path

import pytest

from syndicate.glossary.evaluation import read_term_checks, score_term_checks
from syndicate.glossary.targets import TargetMatcher

CHECKS = Path(__file__).resolve().parent / "data" / "term_checks"
RECALL_FLOOR = 0.98


@pytest.fixture(scope="module")
def matcher():
    return TargetMatcher()


@pytest.mark.parametrize("language", ["ar", "fa-AF", "tg", "ru"])
def test_recall_and_precision_per_language(shipped_glossary, matcher, language):
    rows = read_term_checks(CHECKS / f"{language}.tsv")
    assert sum(r.expected == "hit" for r in rows) >= 50 and sum(r.expected == "miss" for r in rows) >= 50
    score = score_term_checks(rows, shipped_glossary, language, matcher)
    assert score.recall >= RECALL_FLOOR and score.precision == 1.0, score.report()


@pytest.mark.parametrize("text, form, language", [
    ("جبهه‌ی مقاومت ملی", "جبهه مقاومت ملی", "fa-AF"),
    ("جبههٔ مقاومت ملی", "جبهه مقاومت ملی", "fa-AF"),
    ("جبهه ی مقاومت ملی", "جبهه مقاومت ملی", "fa-AF"),
    ("талибах", "Талибан", "ru"),
    ("талибского", "Талибан", "ru"),
    ("للجنة الدولية للصليب الأحمر", "اللجنة الدولية للصليب الأحمر", "ar"),
    ("Ҷабҳаи муқовимати миллиро", "Ҷабҳаи муқовимати миллӣ", "tg"),
])
def test_inflections_found_without_listed_variants(matcher, text, form, language):
    assert [hit.text for hit in matcher.find(text, [form], language)] == [text]
