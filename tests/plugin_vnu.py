"""The Nu Html Checker (vnu.jar), started once per test session.

``vnu_validate(paths)`` returns ``{path: [error messages]}``; it runs one JVM for all the paths
given, so call it once with every page (session-scoped fixtures in the test modules do).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from requires import missing

VNU_JAR = Path(__file__).resolve().parent.parent / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(paths: list[Path]) -> dict[Path, list[dict]]:
    """Errors per file (an empty list for a valid file) from one vnu run over ``paths``."""
    command = ["java", "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(completed.stderr or completed.stdout)
    except json.JSONDecodeError as error:
        raise RuntimeError(f"vnu gave no JSON report (exit {completed.returncode}): {completed.stderr[:500]}") from error
    results: dict[Path, list[dict]] = {Path(p).resolve(): [] for p in paths}
    for message in report.get("messages", []):
        url = message.get("url", "")
        path = Path(url.removeprefix("file:")).resolve() if url else None
        results.setdefault(path, []).append(message)
    return results


@pytest.fixture(scope="session")
def vnu_validate():
    """A function running vnu.jar over many files at once; skips (fails under CI) without Java or the jar."""
    if not VNU_JAR.is_file() or shutil.which("java") is None:
        missing("vnu.jar or java missing: run scripts/setup.sh")
    return run_vnu
