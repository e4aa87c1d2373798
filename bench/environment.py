"""What installing syndicate costs, measured on fresh copies (pip's cache warm).

* a light install: a new venv in a temp folder, ``pip install .`` (no extras); its size on disk
  (goal ≤ 500 MiB) and its ten largest distributions;
* the developer set-up: ``bash scripts/setup.sh`` in a temp copy of the working tree (no .venv,
  .tools or .git), its wall time (goal ≤ 60 s) and the size of the .venv it builds.

    .venv/bin/python bench/environment.py [--skip-setup] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEFT_OUT = (".git", ".venv", ".tools", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache")
MiB = 1024**2

# Run by the new venv's python: bytes per installed distribution, from each one's RECORD.
DISTRIBUTION_SIZES = """
import importlib.metadata, json
sizes = {}
for dist in importlib.metadata.distributions():
    paths = (dist.locate_file(file) for file in dist.files or ())
    sizes[dist.metadata["Name"]] = sum(path.stat().st_size for path in paths if path.is_file())
print(json.dumps(sizes))
"""


def folder_bytes(folder: Path) -> int:
    """Bytes of the files under ``folder`` (symbolic links not followed)."""
    return sum((Path(top) / name).lstat().st_size for top, _, names in os.walk(folder) for name in names)


def copy_tree(into: Path) -> Path:
    """The working tree copied into ``into``/syndicate, without environments, tools and build leftovers."""
    target = into / "syndicate"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*LEFT_OUT), symlinks=True)
    return target


def light_install(source: Path, scratch: Path) -> None:
    venv = scratch / "light-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    start = time.perf_counter()
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(source)], check=True)
    seconds = time.perf_counter() - start
    sizes = json.loads(subprocess.run([str(venv / "bin" / "python"), "-c", DISTRIBUTION_SIZES], check=True,
                                      capture_output=True, text=True).stdout)
    total = folder_bytes(venv)
    print(f"pip install . (no extras): {seconds:.0f} s, venv {total / MiB:.0f} MiB (goal ≤ 500 MiB); largest:")
    for name, size in sorted(sizes.items(), key=lambda item: -item[1])[:10]:
        print(f"  {name:<24} {size / MiB:7.1f} MiB")


def developer_setup(source: Path) -> None:
    start = time.perf_counter()
    done = subprocess.run(["bash", "scripts/setup.sh"], cwd=source, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"scripts/setup.sh failed ({done.returncode}):\n{done.stderr}")
    print(f"bash scripts/setup.sh on a fresh copy: {seconds:.0f} s (goal ≤ 60 s), "
          f".venv {folder_bytes(source / '.venv') / MiB:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-setup", action="store_true", help="measure only the light install")
    parser.add_argument("--keep", action="store_true", help="leave the temp folder and print its path")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="syndicate-environment-"))
    try:
        source = copy_tree(scratch)
        light_install(source, scratch)
        if not args.skip_setup:
            developer_setup(source)
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
