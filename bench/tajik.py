"""Persian→Tajik conversion quality and speed on ParsTranslit dev, one run.

    .venv/bin/python bench/tajik.py [--corpus DIR] [--model DIR]

Over ``dev.fa`` → ``dev.tj`` (1,764 lines never used to build the lexicon) it prints, for
copy-through (Persian left as is), letter rules only, the built-in converter and, with
``--model``, a character-level CTranslate2 model: corpus character error rate (summed edit
distance / reference length, case-folded), chrF (sacrebleu's formula) and lines per second,
plus how long loading the built-in converter takes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from syndicate.translate.routes.tajik.converter import BuiltinConverter, load_converter  # noqa: E402
from syndicate.translate.routes.tajik.evaluation import character_error_rate, chrf  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "fa-tg"


class CopyThrough:
    version = "copy"

    def convert_lines(self, lines: list[str]) -> list[str]:
        return list(lines)


def measure(name: str, converter, sources: list[str], references: list[str]) -> None:
    start = time.perf_counter()
    hypotheses = converter.convert_lines(sources)
    seconds = time.perf_counter() - start
    print(f"{name:<22} CER {character_error_rate(hypotheses, references):.4f}   "
          f"chrF {chrf(hypotheses, references):6.2f}   {len(sources) / max(seconds, 1e-9):>9,.0f} lines/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--model", type=Path, help="a character-level CTranslate2 model folder to compare")
    args = parser.parse_args()
    sources = (args.corpus / "dev.fa").read_text(encoding="utf-8").splitlines()
    references = (args.corpus / "dev.tj").read_text(encoding="utf-8").splitlines()

    start = time.perf_counter()
    builtin = load_converter()
    load_seconds = time.perf_counter() - start
    print(f"dev: {len(sources)} lines; built-in converter {builtin.version} loaded in {load_seconds:.3f} s")
    measure("copy-through", CopyThrough(), sources, references)
    letters_only = BuiltinConverter(builtin.lexicon, use_lexicon=False)
    measure("letter rules only", letters_only, sources, references)
    measure("built-in converter", builtin, sources, references)
    if args.model:
        measure("character model", load_converter(args.model), sources, references)


if __name__ == "__main__":
    main()
