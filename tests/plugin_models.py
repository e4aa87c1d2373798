"""Fixture Argos packages for tests: built once per session by tests/fixtures/make_models.py.

``fixture_packages`` is the folder of built ``.argosmodel`` files (en→ar, en→fa, en→ru copy
models, see the script's docstring); ``installed_models_dir`` is a models folder with all
three installed through ``syndicate.translate.packages.install_from_file`` and ``ARGOS_PACKAGES_DIR``
pointing at it for the duration of the test.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

MAKE_MODELS_SCRIPT = Path(__file__).resolve().parent / "fixtures" / "make_models.py"


def load_make_models():
    """The make_models script as a module (tests/fixtures is not a package)."""
    spec = importlib.util.spec_from_file_location("make_models", MAKE_MODELS_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def fixture_packages(tmp_path_factory) -> Path:
    """Folder holding translate-en_{ar,fa,ru}-fixture.argosmodel, built once per session."""
    out_dir = tmp_path_factory.mktemp("fixture_packages")
    load_make_models().build_fixture_packages(out_dir)
    return out_dir


@pytest.fixture(scope="session")
def _installed_fixture_models(fixture_packages, tmp_path_factory) -> Path:
    from syndicate.translate.packages import install_from_file

    models_dir = tmp_path_factory.mktemp("installed_models")
    for archive in sorted(fixture_packages.glob("*.argosmodel")):
        install_from_file(archive, models_dir)
    return models_dir


@pytest.fixture
def installed_models_dir(_installed_fixture_models, monkeypatch) -> Path:
    """Models folder with the three fixture packages installed; ARGOS_PACKAGES_DIR points at it.

    Shared by the session: tests must not install into or remove from it.
    """
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(_installed_fixture_models))
    return _installed_fixture_models


def misbehaving_models_dir(fixture_packages, tmp_path_factory, builder: str):
    """A models folder holding only an en→ru copy model built by make_models' ``builder``."""
    import zipfile

    from syndicate.translate.packages import install_from_file

    with zipfile.ZipFile(fixture_packages / "translate-en_ru-fixture.argosmodel") as archive:
        sentencepiece_model = archive.read("translate-en_ru-fixture/sentencepiece.model")
    built = tmp_path_factory.mktemp(builder)
    models_dir = tmp_path_factory.mktemp(f"{builder}_models")
    install_from_file(getattr(load_make_models(), builder)(built, sentencepiece_model), models_dir)
    return models_dir


@pytest.fixture(scope="module")
def endless_models_dir(fixture_packages, tmp_path_factory):
    """A models folder holding only an en→ru copy model that never emits </s>."""
    return misbehaving_models_dir(fixture_packages, tmp_path_factory, "build_endless_package")


@pytest.fixture(scope="session")
def family_models(tmp_path_factory) -> dict[str, Path]:
    """The NLLB and MADLAD fixture model folders and the OPUS-MT fixture release and its
    conversion, built once per session: {"nllb": …, "madlad": …, "marian-release": …, "marian": …}."""
    out_dir = tmp_path_factory.mktemp("family_models")
    make_models = load_make_models()
    release, converted = make_models.build_family("marian", out_dir)
    return {"nllb": make_models.build_nllb_model(out_dir), "madlad": make_models.build_madlad_model(out_dir),
            "marian-release": release, "marian": converted}


@pytest.fixture(scope="session")
def routed_models_dir(fixture_packages, family_models, tmp_path_factory) -> Path:
    """A models folder with the Argos fixture packages and the NLLB, MADLAD and Marian fixtures
    installed (read-only for tests, like installed_models_dir)."""
    from syndicate.translate.packages import install_from_file
    from syndicate.translate.packages.folders import install_folder

    models_dir = tmp_path_factory.mktemp("routed_models")
    for archive in sorted(fixture_packages.glob("*.argosmodel")):
        install_from_file(archive, models_dir)
    for family in ("nllb", "madlad", "marian"):
        install_folder(family_models[family], models_dir)
    return models_dir
