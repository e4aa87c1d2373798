"""Translation quality of the installed models against reference translations, measured in one run.

    .venv/bin/python bench/quality.py --pairs bench/data/seed-pairs.tsv [--models-dir DIR] [--json]
    .venv/bin/python bench/quality.py --pairs bench/data/seed-pairs.tsv --routes tg=nllb,tg=argos,fa-AF=nllb
    .venv/bin/python bench/quality.py --flores ~/flores200_dataset/devtest --routes tg=nllb,tg=argos --limit 200
    options: --glossary FILE (repeatable; default glossaries/afghanistan-region.tsv), --no-glossary,
             --languages ar,ru, --config FILE (a syndicate.toml; default ./syndicate.toml if any)

Routes (``--routes LANG=FAMILY,...``, a language may be named with several families): each
language is scored once per family named for it, side by side on the same pairs (rows keyed
``tg=nllb``, ``tg=argos``); the languages not named take the settings' route. FLORES-200
(``--flores DIR``, instead of ``--pairs``): the line-aligned ``eng_Latn.devtest`` (or ``.dev``,
``--split dev``) and each language's file (``arb_Arab``, ``prs_Arab``, ``tgk_Cyrl``, ``rus_Cyrl``:
the NLLB codes) become the pairs; ``--limit N`` keeps the first N lines.

The pairs file is UTF-8 TSV with a header row naming the columns ``source``, ``reference`` and
``language`` (an output tag: ar, fa-AF, tg, ru, or an alias; other columns are ignored; ``#``
lines before the header are comments). Every source is translated by the real engine, as
``syndicate translate`` does it (syndicate.translate.engine.Engine: the settings' models folder or
``--models-dir``, beam size, Dari table and Tajik converter; the glossary hook unless
``--no-glossary``; translation memory off), each source a paragraph of one article per language,
so it is cut into sentences like an article. Printed per language:

* chrF: corpus chrF of the translations against the references (syndicate.translate.scores.chrf:
  sacrebleu's chrF, case-folded);
* BLEU: corpus BLEU (syndicate.translate.scores.bleu: sacrebleu's with its 13a tokenizer, case
  kept, no smoothing: 0 when some n-gram order has no match);
* terms: for each pair, the approved glossary terms the source uses (syndicate.glossary's source
  matcher) whose accepted target forms the reference has (its target checker, with inflection);
  success is the share of those the translation has too;
* round trip: with the reverse X→en model installed (``syndicate models install --with-qa``),
  the engine translates each sentence back (translate.checks' ``round_trip`` flag); the bench
  correlates each pair's round-trip chrF (back-translation against the source) with its chrF
  against the reference: Spearman's rank correlation over the pairs of at least
  ROUND_TRIP_MIN_SOURCE characters (ties get average ranks), and whether flagging the lowest
  round trips catches the worst decile by reference chrF (the ``ceil(n / 10)`` lowest, ties
  broken by file order; with tied round-trip scores more pairs are flagged, and the bench says
  how many). Without a reverse model: "no reverse model".

``--json`` prints the same as one JSON object (with each pair's scores). Exit codes: 0 measured;
2 an unusable pairs file or option (one line saying where and why); 5 a model missing (naming the
``syndicate models install`` command); 6 a broken glossary.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "afghanistan-region.tsv"
REQUIRED_COLUMNS = ("source", "reference", "language")
WORST_SHARE = 0.1  # the worst decile


class PairsError(Exception):
    """The pairs file can't be used; the message says where and why."""


@dataclass(frozen=True)
class Pair:
    """One row of the pairs file; ``language`` is the canonical output tag."""

    line: int
    source: str
    reference: str
    language: str


def read_pairs(path: Path) -> list[Pair]:
    """The rows of a ``source  reference  language`` TSV file; PairsError naming the line otherwise."""
    from syndicate.errors import UsageError
    from syndicate.languages import get_language

    try:
        data = path.read_bytes()
    except OSError as error:
        raise PairsError(f"{path}: can't read it ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PairsError(f"{path}:{line}: not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8") from None
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    header_at = next((i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), None)
    if header_at is None:
        raise PairsError(f"{path}: empty: no header row (expected the columns {', '.join(REQUIRED_COLUMNS)})")
    columns = [name.strip() for name in lines[header_at].split("\t")]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise PairsError(f"{path}:{header_at + 1}: no column {', '.join(missing)} in the header "
                         f"(found: {', '.join(repr(c) for c in columns)}; columns are separated by tabs)")
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise PairsError(f"{path}:{header_at + 1}: column {', '.join(repeated)} named twice in the header")
    where = {name: columns.index(name) for name in REQUIRED_COLUMNS}
    pairs = []
    for number, line in enumerate(lines[header_at + 1 :], start=header_at + 2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise PairsError(f"{path}:{number}: {len(cells)} tab-separated fields, the header has {len(columns)}")
        values = {name: cells[index].strip() for name, index in where.items()}
        empty = [name for name, value in values.items() if not value]
        if empty:
            raise PairsError(f"{path}:{number}: empty {', '.join(empty)}")
        try:
            language = get_language(values["language"]).tag
        except UsageError as error:
            raise PairsError(f"{path}:{number}: {error.message}; {error.hint}") from None
        pairs.append(Pair(number, values["source"], values["reference"], language))
    if not pairs:
        raise PairsError(f"{path}: no pairs after the header row")
    return pairs


# -- scores ----------------------------------------------------------------------------------------

def average_ranks(values: list[float]) -> list[float]:
    """1-based ranks of ``values``, tied values sharing the average of their ranks."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rank correlation (Pearson's on average ranks); None under 3 values or when one side is constant."""
    if len(xs) != len(ys):
        raise ValueError("spearman needs two lists of the same length")
    if len(xs) < 3:
        return None
    rx, ry = average_ranks(xs), average_ranks(ys)
    mean = (len(xs) + 1) / 2  # the mean of average ranks is always (n + 1) / 2
    covariance = sum((a - mean) * (b - mean) for a, b in zip(rx, ry))
    spread_x = sum((a - mean) ** 2 for a in rx)
    spread_y = sum((b - mean) ** 2 for b in ry)
    if spread_x == 0 or spread_y == 0:
        return None
    return covariance / math.sqrt(spread_x * spread_y)


def worst_decile(reference_scores: list[float], round_trip_scores: list[float]) -> dict:
    """Whether flagging the lowest round trips finds the pairs that are worst against the reference.

    ``size`` = ceil(n / 10) worst pairs by reference chrF (ties by position); the round trip flags
    every pair scoring at most its ``size``-th lowest score (more than ``size`` with ties).
    """
    count = len(reference_scores)
    size = max(1, math.ceil(count * WORST_SHARE))
    worst = sorted(range(count), key=lambda i: (reference_scores[i], i))[:size]
    cutoff = sorted(round_trip_scores)[size - 1]
    flagged = {i for i, score in enumerate(round_trip_scores) if score <= cutoff}
    caught = len(flagged.intersection(worst))
    return {"size": size, "caught": caught, "flagged": len(flagged),
            "ranks_worst_decile": caught == size and len(flagged) == size}


@dataclass
class TermTally:
    """Glossary terms the references use, and how many of them the translations have."""

    checked: int = 0
    found: int = 0
    misses: list[dict] = field(default_factory=list)

    @property
    def success(self) -> float | None:
        return self.found / self.checked if self.checked else None


class TermChecker:
    """The project's term checking (syndicate.glossary): source terms, then target forms."""

    def __init__(self, glossary):
        from syndicate.glossary.matching import SourceMatcher
        from syndicate.glossary.targets import TargetMatcher

        self.glossary = glossary
        self.sources = SourceMatcher(glossary.source_entries())
        self.targets = TargetMatcher()

    def reference_terms(self, source: str, reference: str, language: str) -> list:
        """The approved entries ``source`` uses whose accepted forms ``reference`` has (each once)."""
        entries = {}
        for match in self.sources.find(source):
            entry = self.glossary.effective(match.entry)
            forms = entry.forms(language)
            if (entry.status == "approved" and forms and entry.en not in entries
                    and self.targets.find(reference, forms, language)):
                entries[entry.en] = entry
        return list(entries.values())

    def tally(self, pairs: list[Pair], hypotheses: list[str]) -> TermTally:
        tally = TermTally()
        for pair, hypothesis in zip(pairs, hypotheses, strict=True):
            for entry in self.reference_terms(pair.source, pair.reference, pair.language):
                tally.checked += 1
                forms = entry.forms(pair.language)
                if self.targets.find(hypothesis, forms, pair.language):
                    tally.found += 1
                else:
                    tally.misses.append({"line": pair.line, "term": entry.en, "expected": list(forms)})
        return tally


# -- one language ----------------------------------------------------------------------------------

def evaluate_language(engine, hook, checker: TermChecker, language, pairs: list[Pair]) -> dict:
    """Translate ``pairs`` (one language) as one article and score them; the result as a JSON-ready dict."""
    from syndicate.article import Article, Block
    from syndicate.translate.checks import ROUND_TRIP, ROUND_TRIP_MIN_SOURCE
    from syndicate.translate.scores import bleu, chrf

    article = Article(url=None, title="", blocks=tuple(Block("paragraph", pair.source) for pair in pairs))
    started = time.perf_counter()
    translated = engine.translate(article, language, hook)
    seconds = time.perf_counter() - started
    hypotheses = [block.text for block in translated.blocks]
    references = [pair.reference for pair in pairs]
    terms = checker.tally(pairs, hypotheses)
    rows = [{"line": pair.line, "source": pair.source, "reference": pair.reference, "translation": hypothesis,
             "chrf": round(chrf([hypothesis], [pair.reference]), 2)}
            for pair, hypothesis in zip(pairs, hypotheses)]
    result = {
        "rows": len(pairs),
        "chrf": round(chrf(hypotheses, references), 2),
        "bleu": round(bleu(hypotheses, references), 2),
        "terms": {"checked": terms.checked, "found": terms.found,
                  "success": None if terms.success is None else round(terms.success, 4), "misses": terms.misses},
        "route": list(translated.route),
        "seconds": round(seconds, 3),
    }
    reverse = engine.reverse_route_for(engine.route_for(language))
    if reverse is None:
        result["round_trip"] = {"reverse_model": None, "note": "no reverse model",
                                "hint": f"syndicate models install --with-qa {language.tag}"}
        result["pairs"] = rows
        return result

    sentences_of: dict[int, list] = {}
    for sentence in translated.sentences:
        sentences_of.setdefault(sentence.block, []).append(sentence)
    judged_reference, judged_round_trip = [], []
    for index, (pair, row) in enumerate(zip(pairs, rows)):
        sentences = [s for s in sentences_of.get(index, []) if s.back_translation is not None]
        if not sentences:
            continue
        row["back_translation"] = " ".join(s.back_translation for s in sentences)
        row["round_trip_chrf"] = round(chrf([s.back_translation for s in sentences], [s.source for s in sentences]), 2)
        row["round_trip_flag"] = any(ROUND_TRIP in s.flags for s in sentences)
        if len("".join(pair.source.split())) >= ROUND_TRIP_MIN_SOURCE:
            judged_reference.append(row["chrf"])
            judged_round_trip.append(row["round_trip_chrf"])
    correlation = spearman(judged_round_trip, judged_reference) if judged_round_trip else None
    result["round_trip"] = {
        "reverse_model": reverse.memory_id,
        "sentences": len(judged_round_trip),
        "spearman": None if correlation is None else round(correlation, 4),
        "mean_chrf": round(sum(judged_round_trip) / len(judged_round_trip), 2) if judged_round_trip else None,
        "flagged": sum(1 for row in rows if row.get("round_trip_flag")),
        "threshold": engine.round_trip_threshold,
        "worst_decile": worst_decile(judged_reference, judged_round_trip) if judged_round_trip else None,
    }
    result["pairs"] = rows
    return result


# -- report ----------------------------------------------------------------------------------------

def round_trip_cell(round_trip: dict) -> str:
    if round_trip["reverse_model"] is None:
        return f"no reverse model (`{round_trip['hint']}`)"
    correlation = round_trip["spearman"]
    text = (f"Spearman {'n/a (constant)' if correlation is None else f'{correlation:+.2f}'} over "
            f"{round_trip['sentences']}, mean chrF {round_trip['mean_chrf']}, {round_trip['flagged']} flagged")
    decile = round_trip["worst_decile"]
    if decile:
        text += (f"; worst decile: {decile['caught']} of {decile['size']} caught "
                 f"({decile['flagged']} lowest flagged{'' if decile['flagged'] == decile['size'] else ', ties'})")
    return text


def print_table(report: dict) -> None:
    print(f"pairs: {report['pairs']}, {report['rows']} rows; models: {report['models_dir']}; "
          f"glossary: {', '.join(report['glossary'])} (hook {'on' if report['glossary_hook'] else 'off'})")
    print(f"{'language':<13}{'rows':>5}{'chrF':>8}{'BLEU':>8}  {'terms found':<20}round trip against reference chrF")
    for tag, result in report["languages"].items():
        terms = result["terms"]
        term_cell = (f"{terms['found']}/{terms['checked']} = {terms['success']:.1%}" if terms["checked"]
                     else "none checked")
        print(f"{tag:<13}{result['rows']:>5}{result['chrf']:>8.2f}{result['bleu']:>8.2f}  {term_cell:<20}"
              f"{round_trip_cell(result['round_trip'])}")
    for tag, result in report["languages"].items():
        print(f"  {tag}: {' + '.join(result['route'])}, translated in {result['seconds']:.2f} s"
              + ("; term misses: " + ", ".join(f"{m['term']} (line {m['line']})" for m in result["terms"]["misses"])
                 if result["terms"]["misses"] else ""))


def fail(message: str, code: int, as_json: bool) -> int:
    print(f"error: {message}", file=sys.stderr)
    if as_json:
        print(json.dumps({"error": message, "exit_code": code}, ensure_ascii=False))
    return code


FLORES_SPLITS = ("devtest", "dev")


def read_flores(folder: Path, split: str, limit: int | None) -> list[Pair]:
    """Pairs from a FLORES-200 folder: ``eng_Latn.<split>`` against each language's file (its NLLB
    code), line by line; PairsError when English or every language is missing."""
    from syndicate.languages import LANGUAGES
    from syndicate.translate.families import NLLB

    english_path = folder / f"eng_Latn.{split}"
    if not english_path.is_file():
        raise PairsError(f"{folder}: no eng_Latn.{split} (a FLORES-200 folder holds eng_Latn.{split}, "
                         f"tgk_Cyrl.{split}, …)")
    english = english_path.read_text(encoding="utf-8").splitlines()[:limit]
    pairs = []
    for language in LANGUAGES:
        path = folder / f"{NLLB.codes[language.tag].code}.{split}"
        if not path.is_file():
            continue
        references = path.read_text(encoding="utf-8").splitlines()[:limit]
        if len(references) != len(english):
            raise PairsError(f"{path}: {len(references)} lines, eng_Latn.{split} has {len(english)}")
        pairs += [Pair(number, source, reference, language.tag)
                  for number, (source, reference) in enumerate(zip(english, references), start=1)]
    if not pairs:
        raise PairsError(f"{folder}: no arb_Arab, prs_Arab, tgk_Cyrl or rus_Cyrl .{split} file")
    return pairs


def measure(args) -> dict:
    """The report for ``args``; raises PairsError or SyndicateError."""
    from syndicate.errors import ModelError
    from syndicate.job import load_hook
    from syndicate.languages import LANGUAGES, parse_targets
    from syndicate.settings import load_settings
    from syndicate.translate.engine import Engine
    from syndicate.translate.hooks import NoHook
    from syndicate.translate.routing import parse_routes
    from syndicate.translate.decoding import DecodingOptions

    pairs = read_flores(args.flores, args.split, args.limit) if args.flores else read_pairs(args.pairs)
    if args.languages:
        wanted = {language.tag for language in parse_targets(args.languages)}
        pairs = [pair for pair in pairs if pair.language in wanted]
        if not pairs:
            raise PairsError(f"{args.pairs}: no pairs in {', '.join(sorted(wanted))}")
    settings = load_settings(args.config, models_dir=str(args.models_dir) if args.models_dir else None)
    glossary_paths = [Path(p) for p in args.glossary] or [GLOSSARY]
    glossary_hook = load_hook(settings, [str(p) for p in glossary_paths])  # lints them: GlossaryError
    checker = TermChecker(glossary_hook.glossary)
    hook = NoHook() if args.no_glossary else glossary_hook
    languages = [language for language in LANGUAGES if any(pair.language == language.tag for pair in pairs)]
    configured = parse_routes(settings.routes)
    compared: dict[str, list[str]] = {}  # tag → the families it is scored through
    for entry in (args.routes or "").split(","):
        if entry.strip():
            (tag, family), = parse_routes([entry]).items()
            families = compared.setdefault(tag, [])
            if family not in families:
                families.append(family)
    runs = [(language, family) for language in languages
            for family in compared.get(language.tag, [configured.get(language.tag, "argos")])]
    engines = {family: Engine(settings.resolved_models_dir(), memory=None,
                              decoding=DecodingOptions(beam_size=settings.beam_size),
                              dari_table=settings.dari_table, tajik_model_dir=settings.tajik_model,
                              round_trip_threshold=settings.round_trip_threshold,
                              routes={language.tag: family for language, used in runs if used == family},
                              localize_direct_dari=settings.localize_direct_dari)
               for family in dict.fromkeys(family for _, family in runs)}
    try:
        problems: dict[str, list[str]] = {}  # message → the languages it stops (fa-AF and tg share en→fa)
        for language, family in runs:
            try:
                engines[family].route_for(language)
            except ModelError as error:
                problems.setdefault(error.message, []).append(language.tag)
        if problems:
            tags = " ".join(tag for stopped in problems.values() for tag in stopped)
            message = "; ".join(f"{text} (for {', '.join(stopped)})" for text, stopped in problems.items())
            raise ModelError(message, hint=f"run `syndicate models install {tags}`; offline: `syndicate models "
                                           "install --from FILE.argosmodel|DIR`; or point --models-dir at them")
        results = {(f"{language.tag}={family}" if compared else language.tag):
                   evaluate_language(engines[family], hook, checker, language,
                                     [pair for pair in pairs if pair.language == language.tag])
                   for language, family in runs}
    finally:
        for engine in engines.values():
            engine.close()
    return {"pairs": str(args.flores or args.pairs), "rows": len(pairs), "models_dir": str(settings.resolved_models_dir()),
            "glossary": [str(p) for p in glossary_paths], "glossary_hook": not args.no_glossary,
            "languages": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--pairs", type=Path, help="TSV file: source, reference, language")
    source.add_argument("--flores", type=Path, help="a FLORES-200 folder (eng_Latn.devtest, tgk_Cyrl.devtest, …)")
    parser.add_argument("--split", choices=FLORES_SPLITS, default="devtest", help="the FLORES-200 split (with --flores)")
    parser.add_argument("--limit", type=int, help="with --flores: the first N lines only")
    parser.add_argument("--routes", metavar="LANG=FAMILY,...",
                        help="score each language through these families, side by side, e.g. tg=nllb,tg=argos")
    parser.add_argument("--models-dir", type=Path, help="installed Argos packages (default: the settings')")
    parser.add_argument("--config", help="a syndicate.toml (default: ./syndicate.toml when it exists)")
    parser.add_argument("--glossary", action="append", default=[],
                        help=f"glossary TSV, repeatable (default {GLOSSARY.relative_to(ROOT)})")
    parser.add_argument("--no-glossary", action="store_true",
                        help="translate without the glossary hook (terms are still checked)")
    parser.add_argument("--languages", help="only these languages of the file, e.g. ar,ru")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from syndicate.errors import SyndicateError

    try:
        report = measure(args)
    except PairsError as error:
        return fail(str(error), 2, args.json)
    except SyndicateError as error:
        return fail(error.with_hint(), error.exit_code, args.json)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
