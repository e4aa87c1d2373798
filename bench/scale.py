"""Cost against page size: `syndicate translate` on pages of 2k, 5k, 20k and 50k short paragraphs.

For each size, on a fresh output folder and translation memory, one child process runs the
whole job (read the file, extract, translate with the fixture copy models, publish) and this
script prints its wall time, time per paragraph as a ratio to the 2k figure (goal ≤ 1.5 at 50k)
and the child's peak RSS (goal ≤ 500 MB at 50k), all measured in this one run.

    .venv/bin/python bench/scale.py                      # 2000, 5000, 20000, 50000 paragraphs, ar
    .venv/bin/python bench/scale.py --sizes 2000,5000 --to ar,ru

The pages are generated (seeded): an <article> of N paragraphs of 9-12 words, each distinct, the
size of a long report (50k paragraphs ≈ 3.5 MB). The fixture models are built once into a cache
folder (tests/fixtures/make_models.py). SYNDICATE_MAX_UNTRANSLATED_SHARE=1: the copy models
publish English, and the bench measures publishing too.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_MODELS = ROOT / "tests" / "fixtures" / "make_models.py"
CACHE = Path(tempfile.gettempdir()) / "syndicate-bench"
WORDS = ("the minister said on Tuesday that talks with the government of Afghanistan and Tajikistan would "
         "continue next week in Dushanbe while observers in Kabul and Moscow expect little progress before "
         "winter as refugees cross the border").split()


def page(paragraphs: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    body = []
    for number in range(paragraphs):
        words = rng.sample(WORDS, rng.randint(9, 12))
        body.append(f"<p>{' '.join(words).capitalize()} ({number}).</p>")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A very long report</title>"
            "<meta name=\"author\" content=\"A. Writer\"></head><body><article><h1>A very long report</h1>\n"
            + "\n".join(body) + "\n</article></body></html>")


def fixture_models() -> Path:
    """A models folder with the fixture packages installed (built once)."""
    models = CACHE / "scale-models"
    if not any(models.glob("translate-en_*")):
        packages = CACHE / "fixture-packages"
        packages.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(MAKE_MODELS), str(packages)], check=True, capture_output=True)
        subprocess.run([str(Path(sys.executable).with_name("syndicate")), "models", "install", "--from",
                        *map(str, sorted(packages.glob("*.argosmodel"))), "--models-dir", str(models)],
                       check=True, capture_output=True)
    return models


def run_one(paragraphs: int, languages: str, models: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `syndicate translate` of a page of ``paragraphs`` paragraphs."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "report.html"
        source.write_text(page(paragraphs), encoding="utf-8")
        env = {**os.environ, "SYNDICATE_MODELS_DIR": str(models), "SYNDICATE_CACHE": str(work / "memory.sqlite3"),
               "SYNDICATE_WORKSPACE": str(work / "workspace"), "SYNDICATE_MAX_UNTRANSLATED_SHARE": "1"}
        command = [str(Path(sys.executable).with_name("syndicate")), "translate", str(source), "--to", languages,
                   "--out", str(work / "out"), "--base-url", "https://partner.example/op-eds/", "--no-glossary"]
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        stderr = process.stderr.read()
        process.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"syndicate translate failed on {paragraphs} paragraphs:\n{stderr[-3000:]}")
        return seconds, usage.ru_maxrss / 1024  # kB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,5000,20000,50000", help="paragraph counts, the first is the base")
    parser.add_argument("--to", default="ar", help="target languages (default ar)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    models = fixture_models()
    print(f"syndicate translate, fixture copy models, --to {args.to}; one child process per size")
    print(f"{'paragraphs':>10} {'seconds':>9} {'ms/para':>8} {'ratio':>6} {'peak MB':>8}")
    base = None
    for size in sizes:
        seconds, peak = run_one(size, args.to, models)
        per = seconds / size * 1000
        base = base or per
        print(f"{size:>10,} {seconds:>9.1f} {per:>8.2f} {per / base:>6.2f} {peak:>8.0f}", flush=True)
    print(f"goal: ratio ≤ 1.5 and peak ≤ 500 MB at 50,000 paragraphs (this process: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
