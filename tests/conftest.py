"""Shared pytest set-up. Area-specific fixtures live in tests/plugin_<area>.py modules,
registered here so any test file can use them."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"

# One line per area plugin (tests/plugin_<area>.py); keep the list sorted.
pytest_plugins: list[str] = ["plugin_batch", "plugin_export", "plugin_glossary", "plugin_http", "plugin_models", "plugin_review", "plugin_vnu"]


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus, the real pages and data the project develops against."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return SHARED_CORPUS


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
