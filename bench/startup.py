"""How fast does `syndicate --help` start? Goal: ≤ 0.3 s, i.e. no heavy import on the CLI path.

Prints, measured in one run: the median wall time of `syndicate --help`, of a bare
`python -c pass` (the floor), their ratio, and which heavy modules the CLI imported (should be none).

    .venv/bin/python bench/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = ("argostranslate", "ctranslate2", "sentencepiece", "torch", "stanza", "spacy", "trafilatura",
         "lxml", "bs4", "langdetect", "pysbd", "pymorphy3", "jinja2", "urllib3", "charset_normalizer")


def wall_times(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def heavy_modules_imported(python: str) -> list[str]:
    probe = (
        "import sys\nfrom syndicate.cli import cli\n"
        "try:\n    cli(['--help'], prog_name='syndicate')\nexcept SystemExit:\n    pass\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([python, "-c", probe], check=True, capture_output=True, text=True).stdout
    return out.split("\n")[-2].split() if out.strip() else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    exe = str(Path(python).with_name("syndicate"))
    wall_times([exe, "--help"], 2)  # warm the file cache
    floor = statistics.median(wall_times([python, "-c", "pass"], args.runs))
    cli = statistics.median(wall_times([exe, "--help"], args.runs))
    heavy = heavy_modules_imported(python)
    print(f"python -c pass      {floor * 1000:7.1f} ms (median of {args.runs})")
    print(f"syndicate --help    {cli * 1000:7.1f} ms (median of {args.runs})")
    print(f"ratio               {cli / floor:7.2f}x the bare interpreter")
    print(f"goal ≤ 300 ms       {'met' if cli <= 0.3 else 'NOT met'}")
    print(f"heavy modules imported by --help: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
