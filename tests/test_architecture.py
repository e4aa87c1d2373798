"""The shape of the code: the import contracts in pyproject.toml ([tool.importlinter]) hold.

The layers run from the commands (cli, desk) down through batch, the job, review, editions,
export, glossary, translate, extract and fetch to the shared basics; no package holds a circle.
Imports inside functions count too (grimp reads them), so none can dodge a cycle.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.is_file(), "import-linter is a dev dependency: scripts/setup.sh installs it"
    done = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_a_broken_layer_is_caught(tmp_path):
    """The contracts can fail: the same check on a copy of the package with one upward import."""
    import shutil

    copy = tmp_path / "syndicate"
    shutil.copytree(ROOT / "syndicate", copy, ignore=shutil.ignore_patterns("__pycache__", "data", "templates",
                                                                            "static"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    errors = copy / "errors.py"
    errors.write_text(errors.read_text(encoding="utf-8") + "\nfrom .job import run  # upward\n", encoding="utf-8")
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint_imports), "--no-cache"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "syndicate.errors is not allowed to import syndicate.job" in done.stdout
