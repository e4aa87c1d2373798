"""Shared pytest set-up. Area-specific fixtures live in tests/plugin_<area>.py modules,
registered here so any test file can use them."""

import os
import sys
import tempfile
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"

# One line per area plugin (tests/plugin_<area>.py); keep the list sorted.
pytest_plugins: list[str] = ["plugin_batch", "plugin_desk", "plugin_desk_client", "plugin_editions", "plugin_export", "plugin_glossary", "plugin_http", "plugin_models", "plugin_review", "plugin_vnu"]


def pytest_configure(config):
    """The environment every test runs in (subprocesses included).

    * XDG_STATE_HOME: a fresh folder, so default workspaces (user state folder) never land in the
      real home of whoever runs the tests.
    * SYNDICATE_MAX_UNTRANSLATED_SHARE=1: the fixture models copy their English input, so every
      sentence is flagged untranslated and the default share (0.2) would keep every edition a
      draft. Tests of that rule take the variable away (monkeypatch.delenv).
    """
    os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="syndicate-test-state-")
    os.environ["SYNDICATE_MAX_UNTRANSLATED_SHARE"] = "1"


def pytest_unconfigure(config):
    import shutil

    state = os.environ.get("XDG_STATE_HOME", "")
    if os.path.basename(state).startswith("syndicate-test-state-"):
        shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """tests/corpus: the committed subset of real pages and data the tests use (see its README)."""
    return CORPUS


@pytest.fixture
def run_cli():
    """Run the syndicate CLI in-process with click's runner; returns the Result."""
    from click.testing import CliRunner

    from syndicate.cli import cli

    def run(*args, input=None, env=None):
        runner = CliRunner()
        return runner.invoke(cli, [str(a) for a in args], input=input, env=env, catch_exceptions=False)

    return run


@pytest.fixture
def syndicate_exe() -> str:
    """Path of the installed console script, for subprocess tests."""
    return str(Path(sys.executable).with_name("syndicate"))


def _register_hypothesis_profiles() -> None:
    """``ci`` (the default: the whole fuzz suite in well under a minute, derandomized, so a run
    passes or fails the same way every time; no example database) and ``long`` (bench/fuzz.py: a
    random search with many more examples). An example that ever failed is kept in its test as an
    explicit ``@example``."""
    import os

    from hypothesis import HealthCheck, settings

    common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    settings.register_profile("ci", max_examples=30, derandomize=True, database=None, **common)
    settings.register_profile("long", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1000")), **common)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_register_hypothesis_profiles()
