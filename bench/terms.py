"""Recall and precision of the target term checker per language, on tests/data/term_checks.

    .venv/bin/python bench/terms.py [--verbose]

Runs ``TargetMatcher.find`` with each row's glossary forms (glossaries/afghanistan-region.tsv) and
prints, per language, recall on the correct sentences and precision over everything it found;
``--verbose`` also lists the misses and false hits.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from syndicate.glossary.evaluation import read_term_checks, score_term_checks  # noqa: E402
from syndicate.glossary.targets import TargetMatcher  # noqa: E402
from syndicate.glossary.tsv import load_glossary  # noqa: E402

CHECKS = ROOT / "tests" / "data" / "term_checks"
GLOSSARY = ROOT / "glossaries" / "afghanistan-region.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="list every miss and false hit")
    args = parser.parse_args()
    glossary = load_glossary([GLOSSARY])
    matcher = TargetMatcher()
    for language in ("ar", "fa-AF", "tg", "ru"):
        rows = read_term_checks(CHECKS / f"{language}.tsv")
        start = time.perf_counter()
        score = score_term_checks(rows, glossary, language, matcher)
        seconds = time.perf_counter() - start
        if args.verbose:
            print(score.report())
        else:
            print(f"{language:<6} recall {score.recall:.3f} ({len(score.misses)} misses)   "
                  f"precision {score.precision:.3f} ({len(score.false_hits)} false hits)   "
                  f"{score.rows} rows in {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
