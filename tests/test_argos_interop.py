"""Packages syndicate installs are argostranslate's: argostranslate lists, reads and runs them.

argostranslate is an optional extra (``pip install 'syndicate[argos]'``). scripts/setup.sh installs
it without its dependency chain (torch, stanza, spacy): ``argostranslate.package`` needs only
packaging and sentencepiece. Missing, these tests skip on a developer's machine and fail under CI.
"""

from __future__ import annotations

import importlib

import pytest
from requires import import_or_missing

from syndicate.translate.packages import install_from_file


@pytest.fixture
def argos_package(tmp_path, monkeypatch):
    """``argostranslate.package``, imported with HOME and the XDG folders in tmp_path.

    Importing argostranslate's settings creates folders under HOME and sets KMP_DUPLICATE_LIB_OK.
    """
    for variable, folder in (("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                             ("XDG_CACHE_HOME", "cache"), ("ARGOS_PACKAGES_DIR", "argos-packages")):
        monkeypatch.setenv(variable, str(tmp_path / folder))
    monkeypatch.delenv("SNAP", raising=False)
    monkeypatch.delenv("KMP_DUPLICATE_LIB_OK", raising=False)  # so monkeypatch restores it afterwards
    import_or_missing("argostranslate", "run scripts/setup.sh, or pip install 'syndicate[argos]'")
    return importlib.import_module("argostranslate.package")


@pytest.fixture
def models_dir(fixture_packages, tmp_path):
    """The three fixture packages, installed by syndicate."""
    folder = tmp_path / "models"
    for archive in sorted(fixture_packages.glob("*.argosmodel")):
        install_from_file(archive, folder)
    return folder


def test_argostranslate_lists_the_packages_syndicate_installed(argos_package, models_dir):
    listed = argos_package.get_installed_packages(path=[models_dir])
    assert sorted((p.from_code, p.to_code, p.package_version, p.package_path) for p in listed) == [
        ("en", code, "0.1", models_dir / f"translate-en_{code}-fixture") for code in ("ar", "fa", "ru")]


def test_argostranslate_loads_a_package_and_its_tokenizer_runs_the_model(argos_package, models_dir):
    import ctranslate2

    package = argos_package.Package(models_dir / "translate-en_fa-fixture")
    assert (package.from_code, package.to_code, package.to_name) == ("en", "fa", "Persian")
    assert package.get_readme().startswith("# en→fa (Persian) test fixture")

    sentence = "The Taliban’s “new” government met in Kabul province on 5 May — ZXQ0 reported."
    pieces = package.tokenizer.encode(sentence)
    assert "▁government" in pieces and package.tokenizer.decode(pieces) == sentence
    translator = ctranslate2.Translator(str(package.package_path / "model"), device="cpu", intra_threads=1)
    [result] = translator.translate_batch([pieces], beam_size=4)
    assert package.tokenizer.decode(result.hypotheses[0]) == (
        "The طالبان’s “new” دولت met in Kabul استان on 5 May — ZXQ0 reported.")
