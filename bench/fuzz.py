"""The fuzz suite (tests/test_fuzz_*.py) with many more examples than CI runs.

The same properties as ``pytest tests/test_fuzz_*.py``, under the ``long`` hypothesis profile
that tests/conftest.py registers; prints hypothesis' statistics (examples run per property).

    .venv/bin/python bench/fuzz.py [--examples 1000] [-k extract]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="examples per property (default 1000)")
    parser.add_argument("-k", dest="select", help="only the properties whose name matches (pytest -k)")
    args = parser.parse_args()
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long", "FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-q", "--hypothesis-show-statistics",
               *sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests").glob("test_fuzz_*.py"))]
    if args.select:
        command += ["-k", args.select]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
