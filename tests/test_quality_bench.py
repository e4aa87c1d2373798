"""bench/quality.py on the fixture models: the four languages scored against bench/data/seed-pairs.tsv,
terms and the round trip, and one-line errors (exit 2) for pairs files it can't use."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from plugin_models import load_make_models

from syndicate.translate.packages import install_from_file

ROOT = Path(__file__).resolve().parents[1]
QUALITY = ROOT / "bench" / "quality.py"
SEED_PAIRS = ROOT / "bench" / "data" / "seed-pairs.tsv"
LANGUAGES = {"ar", "fa-AF", "tg", "ru"}


def run_quality(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(QUALITY), *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def load_quality():
    """bench/quality.py as a module (bench is not a package); registered so its dataclasses resolve."""
    if "bench_quality" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_quality", QUALITY)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return sys.modules["bench_quality"]


@pytest.fixture(scope="module")
def models_with_reverse(fixture_packages, tmp_path_factory) -> Path:
    """The three fixture packages and the ar→en, fa→en, ru→en reverse copy models."""
    make_models = load_make_models()
    with zipfile.ZipFile(fixture_packages / "translate-en_ru-fixture.argosmodel") as archive:
        sentencepiece_model = archive.read("translate-en_ru-fixture/sentencepiece.model")
    built = tmp_path_factory.mktemp("quality_reverse_packages")
    models_dir = tmp_path_factory.mktemp("quality_models")
    for archive_path in sorted(fixture_packages.glob("*.argosmodel")):
        install_from_file(archive_path, models_dir)
    for from_code in ("ar", "fa", "ru"):
        install_from_file(make_models.build_reverse_package(built, sentencepiece_model, from_code), models_dir)
    return models_dir


def check_terms(terms: dict) -> None:
    assert terms["checked"] > 0
    assert 0 <= terms["found"] <= terms["checked"]
    assert terms["success"] == pytest.approx(terms["found"] / terms["checked"], abs=1e-4)
    assert len(terms["misses"]) == terms["checked"] - terms["found"]


def test_every_language_is_scored_with_terms_and_the_round_trip(models_with_reverse):
    done = run_quality("--pairs", SEED_PAIRS, "--json", "--models-dir", models_with_reverse)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report["languages"]) == LANGUAGES and report["rows"] == 48
    for tag, result in report["languages"].items():
        assert result["rows"] == 12
        assert 0 <= result["chrf"] <= 100 and 0 <= result["bleu"] <= 100
        assert all(0 <= row["chrf"] <= 100 for row in result["pairs"])
        check_terms(result["terms"])
        assert result["terms"]["found"] == result["terms"]["checked"]  # the hook inserts every glossary form
        round_trip = result["round_trip"]
        assert round_trip["reverse_model"] == f"argos:{'fa' if tag in ('fa-AF', 'tg') else tag}-en@0.1"
        assert round_trip["sentences"] == 12
        if tag in ("fa-AF", "tg"):
            # Back from the Persian intermediate with the protected terms restored in English: the fa
            # fixture copies, so every sentence comes back as its source and no ranking exists.
            assert all(row["round_trip_chrf"] == 100 for row in result["pairs"])
            assert round_trip["spearman"] is None
        else:
            assert isinstance(round_trip["spearman"], float) and -1 <= round_trip["spearman"] <= 1
        assert round_trip["worst_decile"]["size"] == 2
        assert all(0 <= row["round_trip_chrf"] <= 100 for row in result["pairs"])
    arabic = report["languages"]["ar"]
    # the en→ar fixture copies English: only the glossary's inserted names and the digits are Arabic-side text
    assert arabic["chrf"] < 25 and arabic["bleu"] < 5
    first = arabic["pairs"][0]
    assert "took place last week" in first["translation"] and "دوشنبه" in first["translation"]
    # the ar→en fixture copies back: the English is intact, the inserted Arabic names stay Arabic
    assert first["back_translation"] == first["translation"] and first["round_trip_chrf"] < 100


def test_without_the_hook_or_reverse_models(installed_models_dir):
    done = run_quality("--pairs", SEED_PAIRS, "--json", "--no-glossary", "--models-dir", installed_models_dir)
    assert done.returncode == 0, done.stderr
    languages = json.loads(done.stdout)["languages"]
    assert set(languages) == LANGUAGES
    for tag, result in languages.items():
        assert result["round_trip"]["reverse_model"] is None and result["round_trip"]["note"] == "no reverse model"
        assert result["round_trip"]["hint"] == f"syndicate models install --with-qa {tag}"
        check_terms(result["terms"])
    for tag in ("ar", "ru"):  # a plain copy of the English: no term, next to no chrF
        assert languages[tag]["terms"]["found"] == 0 and languages[tag]["chrf"] < 5
        assert all(row["translation"] == row["source"] for row in languages[tag]["pairs"])
    # the en→fa fixture writes افغانستان and طالبان for Afghanistan and Taliban: those terms are found
    found = {(m["line"], m["term"]) for m in languages["fa-AF"]["terms"]["misses"]}
    assert languages["fa-AF"]["terms"]["found"] > 0 and not any(term in ("Afghanistan", "Taliban") for _, term in found)

    table = run_quality("--pairs", SEED_PAIRS, "--no-glossary", "--languages", "ar",
                        "--models-dir", installed_models_dir)
    assert table.returncode == 0, table.stderr
    assert "no reverse model (`syndicate models install --with-qa ar`)" in table.stdout
    assert "fa-AF" not in table.stdout.split("\n", 1)[1]


HOSTILE = {
    "bad language tag": ("source\treference\tlanguage\nHello.\tПривет.\txx\n".encode(), ":2: unknown language 'xx'"),
    "missing column": (b"source\tlanguage\nHello.\tru\n", ":1: no column reference"),
    "invalid UTF-8": (b"source\treference\tlanguage\nHello.\t\xff\xfe\tru\n", ":2: not UTF-8"),
    "empty file": (b"", "empty: no header row"),
    "header only": (b"source\treference\tlanguage\n", "no pairs"),
    "short row": (b"source\treference\tlanguage\nHello.\tru\n", ":2: 2 tab-separated fields, the header has 3"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_unusable_pairs_files_are_one_line_errors(name, tmp_path):
    data, expected = HOSTILE[name]
    pairs = tmp_path / "pairs.tsv"
    pairs.write_bytes(data)
    done = run_quality("--pairs", pairs, "--models-dir", tmp_path)
    assert done.returncode == 2
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: {pairs}") and expected in done.stderr
    assert done.stderr.count("\n") == 1


def test_errors_are_json_too_and_a_missing_model_names_the_install_command(tmp_path):
    done = run_quality("--pairs", tmp_path / "absent.tsv", "--json")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["exit_code"] == 2 and "can't read it" in json.loads(done.stdout)["error"]

    empty_models = tmp_path / "models"
    empty_models.mkdir()
    done = run_quality("--pairs", SEED_PAIRS, "--models-dir", empty_models, "--languages", "ru,tg")
    assert done.returncode == 5 and "Traceback" not in done.stderr
    assert "no en→ru translation model" in done.stderr and "no en→fa translation model" in done.stderr
    assert "`syndicate models install tg ru`" in done.stderr


def test_spearman_and_the_worst_decile_by_hand():
    quality = load_quality()
    assert quality.average_ranks([3.0, 1.0, 3.0, 2.0]) == [3.5, 1.0, 3.5, 2.0]
    assert quality.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert quality.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # ranks y = 1, 2, 3.5, 5, 3.5: covariance 8, spreads 10 and 9.5
    assert quality.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(8 / (10 * 9.5) ** 0.5)
    assert quality.spearman([1, 2, 3], [7, 7, 7]) is None and quality.spearman([1, 2], [1, 2]) is None
    reference = [50.0, 10.0, 60.0, 70.0, 20.0, 80.0, 90.0, 55.0, 65.0, 75.0, 85.0]  # 11 pairs: the worst 2
    assert quality.worst_decile(reference, [60, 5, 70, 80, 8, 90, 95, 61, 66, 76, 86]) == {
        "size": 2, "caught": 2, "flagged": 2, "ranks_worst_decile": True}
    assert quality.worst_decile(reference, [1, 50, 2, 80, 60, 90, 95, 61, 66, 76, 86]) == {
        "size": 2, "caught": 0, "flagged": 2, "ranks_worst_decile": False}
    assert quality.worst_decile(reference, [100.0] * 11) == {
        "size": 2, "caught": 2, "flagged": 11, "ranks_worst_decile": False}
