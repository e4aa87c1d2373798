"""Translation throughput of syndicate's engine against its limit and its peer, measured in one run.

Prints sentences/s and source tokens/s (SentencePiece pieces of the model inputs) for:

* syndicate's Engine.translate on the article (translation memory off, model already loaded);
* raw ``ctranslate2.Translator.translate_batch`` on exactly the pieces the engine hands the model
  (sentences too long for the output limit cut at clause breaks) with the same options (the limit);
* ``argostranslate.translate.translate`` on the same package and text (the peer), in a child
  process, its sentence splitter replaced by pysbd so nothing is downloaded, one paragraph per
  translate_batch as it does it, with the same beam size and max_decoding_length. It needs
  argostranslate's whole chain (stanza, torch): ``pip install 'syndicate[argos]'``; without it
  (scripts/setup.sh installs argostranslate without its dependencies) the peer is skipped, saying why;

and the time of a cached re-run (a new Engine on a filled translation memory) as a fraction of
the first run. Goals: engine ≥ 0.9× raw, ≥ 3× the peer; cached re-run ≤ 5% of the first.

Round trip (with --random-base, or --package with --reverse-package): Engine.translate with the
glossary hook (n-best 4, as ``syndicate translate`` runs it), forward only against forward + round
trip (the X→en pass of translate.checks' ``round_trip`` flag), printed as ``round trip / forward``.
Goal: ≤ 1.2. The random-base package is its own reverse: the same weights installed a second
time as xx→en (same size, so the same cost per piece; the engine loads it as a second translator,
like a real reverse package). The engine decodes the round trip greedily (beam 1). Besides the
engine as it is, one variant is timed:

* ``length-matched``: random weights never emit ``</s>``, so every forward output runs to the
  decoding limit (about 2× the input) and the round trip gets inputs longer than any real
  model's output; this run feeds the round trip the sources instead (a real model's output is
  about as long as its input), which is closer to the work a real package pair does.

    .venv/bin/python bench/translate.py --random-base        # transformer-base, random weights
    .venv/bin/python bench/translate.py --package translate-en_fa-1_9.argosmodel
    .venv/bin/python bench/translate.py --random-nllb        # NLLB-600M's shape, four languages
    options: --article FILE.txt (default: the seed op-ed), --repeat N, --beam-size N,
             --max-decoding-length N (default 256; 64 with --random-base, whose junk never ends),
             --reverse-package FILE (the X→en package for the round trip with --package),
             --skip-round-trip

Multilingual (--random-nllb): an NLLB-600M shaped model with random int8 weights routes all four
languages. Printed: the engine against raw CTranslate2 on the same Tajik inputs (goal ≥ 0.95;
the raw call gets the same target prefix), how many models the engine loaded for four languages
(one), the time per language next to the Argos random-base models, and the peak memory each adds
in a child process (one NLLB model for four languages against three Argos models).

The article file is plain text: the first line is the title, every other non-empty line a paragraph.
The engine runs the package's plain route (no Dari/Tajik step) so all three do the same work.
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
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "000_ac3961389abcd1c8.txt"
MAKE_MODELS = ROOT / "tests" / "fixtures" / "make_models.py"
GLOSSARY = ROOT / "glossaries" / "afghanistan-region.tsv"
ROUND_TRIP_GOAL = 1.2
RANDOM_BASE_CACHE = Path(tempfile.gettempdir()) / "syndicate-bench"


def random_base_package() -> Path:
    """The random-weight transformer-base package, built once into a temp cache folder."""
    archive = RANDOM_BASE_CACHE / "translate-en_xx-random-base.argosmodel"
    if not archive.is_file():
        print(f"building {archive.name} (once) …", file=sys.stderr)
        subprocess.run([sys.executable, str(MAKE_MODELS), "--random-base", str(RANDOM_BASE_CACHE)], check=True)
    return archive


def read_article(path: Path):
    from syndicate.article import Article, Block

    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Article(url=None, title=lines[0], blocks=tuple(Block("paragraph", line) for line in lines[1:]))


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def own_reverse(installed: Path, models_dir: Path) -> None:
    """Install the package at ``installed`` into ``models_dir`` twice: as it is, and relabelled
    to_code→en (its own reverse). Files are hard links; only metadata.json is written anew."""
    metadata = json.loads((installed / "metadata.json").read_text(encoding="utf-8"))
    forward_dir = models_dir / installed.name
    reverse_dir = models_dir / f"translate-{metadata['to_code']}_{metadata['from_code']}-own-reverse"
    for destination in (forward_dir, reverse_dir):
        shutil.copytree(installed, destination, copy_function=os.link)
    (reverse_dir / "metadata.json").unlink()
    reversed_metadata = {**metadata, "from_code": metadata["to_code"], "from_name": metadata["to_name"],
                         "to_code": metadata["from_code"], "to_name": metadata["from_name"]}
    (reverse_dir / "metadata.json").write_text(json.dumps(reversed_metadata, indent=2) + "\n", encoding="utf-8")


def feed_sources_to_round_trip(engine) -> None:
    """Make ``engine``'s round trip translate the sources instead of the translations (length-matched runs)."""
    original = engine._round_trip

    def round_trip(translation, texts, reverse):
        return original(translation, [pair.source for pair in translation.sentences], reverse)

    engine._round_trip = round_trip


def count_model_work(engine, routes, run) -> dict[str, dict]:
    """Per route (from→to) of ``routes``: inputs, input pieces, decoding limit, beam and n-best
    of the model calls ``run()`` makes, recorded by wrapping each model's translate for that run."""
    work: dict[str, dict] = {}
    originals = {}
    for route in routes:
        model = engine.model_for(route)
        label = f"{route.source}→{route.target}"
        originals[label] = (model, model.translate)

        def counting(texts, pieces, options, batching, route, original=model.translate, label=label):
            entry = work.setdefault(label, {"inputs": 0, "pieces": 0, "limit": 0, "beam": options.beam,
                                            "n_best": options.num_hypotheses})
            entry["inputs"] += len(pieces)
            entry["pieces"] += sum(map(len, pieces))
            entry["limit"] = max(entry["limit"], options.decoding_length(max(map(len, pieces))))
            return original(texts, pieces, options, batching, route)

        model.translate = counting
    try:
        run()
    finally:
        for model, original in originals.values():
            model.translate = original
    return work


def measure_round_trip(installed, reverse_archive: Path | None, scratch: Path, article, decoding, language,
                       repeat: int) -> dict:
    """Warm Engine.translate times (best of ``repeat``) with the glossary hook: forward only,
    forward + round trip as the engine does it, and length-matched."""
    from syndicate.glossary.hook import GlossaryHook
    from syndicate.glossary.tsv import load_glossary
    from syndicate.translate.engine import Engine
    from syndicate.translate.packages import install_from_file

    qa_dir = scratch / "models-qa"
    qa_dir.mkdir()
    if reverse_archive is None:
        own_reverse(installed.path, qa_dir)
    else:
        shutil.copytree(installed.path, qa_dir / installed.path.name, copy_function=os.link)
        install_from_file(reverse_archive, qa_dir)
    hook = GlossaryHook(load_glossary([GLOSSARY]))  # n-best 4, as syndicate translate runs it
    engines = {
        "forward": Engine(installed.path.parent, memory=None, decoding=decoding),
        "round trip": Engine(qa_dir, memory=None, decoding=decoding),
        "length-matched round trip": Engine(qa_dir, memory=None, decoding=decoding),
    }
    for name, engine in engines.items():
        if name.startswith("length-matched"):
            feed_sources_to_round_trip(engine)
    reverse = engines["round trip"].reverse_route_for(engines["round trip"].route_for(language))
    assert reverse is not None, "the reverse package was not found"
    assert engines["forward"].reverse_route_for(engines["forward"].route_for(language)) is None
    work = {}
    for name, engine in engines.items():  # warm: models loaded; this run's model calls are counted
        routes = [engine.route_for(language)] + ([reverse] if name != "forward" else [])
        translated = []

        def run(engine=engine, translated=translated):
            translated.append(engine.translate(article, language, hook))

        work[name] = count_model_work(engine, routes, run)
        if name != "forward":
            assert all(pair.back_translation is not None for pair in translated[0].sentences)
    times: dict[str, list[float]] = {name: [] for name in engines}
    names = list(engines)
    for attempt in range(repeat):  # interleaved, order alternating
        for name in (names if attempt % 2 == 0 else names[::-1]):
            times[name].append(timed(lambda engine=engines[name]: engine.translate(article, language, hook)))
    for engine in engines.values():
        engine.close()
    return {"times": times, "work": work, "reverse": reverse.model.path.name}


def print_round_trip(measured: dict, repeat: int, verbose: bool = False) -> None:
    if verbose:
        print({name: [round(v, 3) for v in values] for name, values in measured["times"].items()})
    best = {name: min(values) for name, values in measured["times"].items()}
    forward = best["forward"]
    print(f"round trip: Engine.translate with the glossary hook (n-best 4), memory off, warm, best of {repeat}; "
          f"reverse package {measured['reverse']}")
    for name, seconds in best.items():
        ratio = "" if name == "forward" else (f"   round trip / forward {seconds / forward:.2f} "
                                             f"(round trip alone {(seconds - forward) / forward:.2f}× the forward)")
        print(f"  {name:<34} {seconds:7.3f} s{ratio}")
    for name in ("round trip", "length-matched round trip"):
        model_work = measured["work"][name]
        print(f"  model work, {name}: " + "; ".join(
            f"{label} {w['inputs']} inputs, {w['pieces']} pieces, limit {w['limit']}, beam {w['beam']}, "
            f"n-best {w['n_best']}" for label, w in model_work.items()))
    as_is = best["round trip"] / forward
    verdict = "meets" if as_is <= ROUND_TRIP_GOAL else "exceeds"
    print(f"round trip / forward: {as_is:.2f}  (goal ≤ {ROUND_TRIP_GOAL}: {verdict}); "
          f"length-matched {best['length-matched round trip'] / forward:.2f}")


class CappedTranslator:
    """argostranslate's translator with our max_decoding_length (Argos does not pass one)."""

    def __init__(self, translator, max_decoding_length: int):
        self.translator = translator
        self.max_decoding_length = max_decoding_length

    def translate_batch(self, *args, **kwargs):
        kwargs.setdefault("max_decoding_length", self.max_decoding_length)
        return self.translator.translate_batch(*args, **kwargs)


def argos_peer_times(archive: Path, to_code: str, text: str, beam_size: int, max_decoding_length: int,
                     repeat: int) -> list[float]:
    """Times of ``repeat`` warm argostranslate.translate runs on ``text`` (runs in a child process)."""
    import ctranslate2
    import pysbd
    from argostranslate import package, settings
    from argostranslate import translate as argos_translate

    class PysbdSentencizer:
        """Offline stand-in for Argos' MiniSBD/stanza splitters (which download models)."""

        def __init__(self, pkg):
            self.segmenter = pysbd.Segmenter(language="en", clean=False)

        def split_sentences(self, text):
            return self.segmenter.segment(text)

    argos_translate.MiniSBDSentencizer = PysbdSentencizer
    argos_translate.StanzaSentencizer = PysbdSentencizer
    package.install_from_path(archive)
    cached_translation = argos_translate.get_translation_from_codes("en", to_code)
    underlying = cached_translation.underlying
    underlying.translator = CappedTranslator(ctranslate2.Translator(
        str(underlying.pkg.package_path / "model"), device=settings.device,
        inter_threads=settings.inter_threads, intra_threads=settings.intra_threads,
        compute_type=settings.compute_type,
    ), max_decoding_length)

    def run():
        cached_translation.cache = {}  # Argos caches paragraphs; time the translation itself
        return argos_translate.translate(text, "en", to_code)

    run()  # warm up
    return [timed(run) for _ in range(repeat)]


class PeerUnavailable(Exception):
    """argostranslate.translate can't be imported here (the reason is the message)."""


def run_argos_peer(archive: Path, to_code: str, text: str, scratch: Path, beam_size: int,
                   max_decoding_length: int, repeat: int) -> list[float]:
    """argostranslate in its own process: it imports torch/stanza and sets up its own threads,
    which would slow the engine's runs if they shared a process; its folders go to ``scratch``.

    PeerUnavailable when the child can't import argostranslate.translate.
    """
    env = dict(os.environ, ARGOS_BEAM_SIZE=str(beam_size), ARGOS_DEVICE_TYPE="cpu")
    for variable, folder in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                             ("XDG_CACHE_HOME", "cache"), ("ARGOS_PACKAGES_DIR", "argos-packages")):
        env[variable] = str(scratch / folder)
    request = json.dumps([str(archive), to_code, text, beam_size, max_decoding_length, repeat])
    done = subprocess.run([sys.executable, __file__, "--argos-peer-child"], input=request, env=env,
                          capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    if "unavailable" in answer:
        raise PeerUnavailable(answer["unavailable"])
    return answer["times"]


def model_inputs(engine, article, language):
    """(route, loaded model, the token lists, the decoding limit) of the model call the engine makes
    for ``article``, captured from one run. Raw CTranslate2 gets exactly this work: the same inputs
    (a sentence too long for the output limit is cut at clause breaks first, or it would come back
    truncated) and the same decoding limit."""
    route = engine.route_for(language)
    model = engine.model_for(route)
    sent: dict = {}
    original_translate = model.translate

    def capture(texts, pieces, options, batching, route):
        sent.update(pieces=pieces, limit=options.decoding_length(max(map(len, pieces))))
        return original_translate(texts, pieces, options, batching, route)

    model.translate = capture
    try:
        engine.translate(article, language)
    finally:
        model.translate = original_translate
    return route, model, sent["pieces"], sent["limit"]


def random_nllb_model() -> Path:
    """The NLLB-600M shaped random-weight model folder, built once into the bench cache folder."""
    folder = RANDOM_BASE_CACHE / "nllb-600m-random"
    if not (folder / "model.bin").is_file():
        print(f"building {folder.name} (once; a few minutes) …", file=sys.stderr)
        subprocess.run([sys.executable, str(MAKE_MODELS), "--random-nllb", str(RANDOM_BASE_CACHE)], check=True)
    return folder


MULTILINGUAL_TAGS = ("ar", "fa-AF", "tg", "ru")


def argos_models_for_four(archive: Path, models_dir: Path) -> None:
    """The random-base package installed as en→ar, en→fa and en→ru (what Argos routes the four
    languages through: fa-AF and tg share en→fa), hard-linked; only metadata.json differs."""
    from syndicate.translate.packages import install_from_file

    installed = install_from_file(archive, models_dir / "source")
    metadata = json.loads((installed.path / "metadata.json").read_text(encoding="utf-8"))
    for code in ("ar", "fa", "ru"):
        target = models_dir / f"translate-en_{code}-random-base"
        shutil.copytree(installed.path, target, copy_function=os.link)
        (target / "metadata.json").unlink()
        (target / "metadata.json").write_text(json.dumps({**metadata, "to_code": code}), encoding="utf-8")
    shutil.rmtree(models_dir / "source")


def peak_rss_kb() -> int:
    """This process's peak resident memory. VmHWM belongs to the address space, which exec
    replaces; getrusage's ru_maxrss would carry the parent's peak into a child run after the
    parent loaded its models."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def memory_child(family: str, models_dir: str, article_path: str, max_length: int) -> dict:
    """In a child process: peak resident memory added by translating a short article into the four
    languages through ``family`` (models loaded), and what one of those languages alone adds."""
    from syndicate.languages import get_language
    from syndicate.translate.engine import Engine
    from syndicate.translate.decoding import DecodingOptions

    article = read_article(Path(article_path))
    article = type(article)(url=None, title=article.title, blocks=article.blocks[:2])
    routes = dict.fromkeys(MULTILINGUAL_TAGS, family) if family != "argos" else {}
    decoding = DecodingOptions(beam_size=1, max_decoding_length=max_length)
    peaks = []
    base = peak_rss_kb()
    with Engine(models_dir, memory=None, decoding=decoding, routes=routes) as engine:
        engine.reverse_route_for = lambda route: None  # the forward pass only, as measure_multilingual
        for tag in MULTILINGUAL_TAGS:
            engine.translate(article, get_language(tag))
            peaks.append(peak_rss_kb())
    return {"first_mb": (peaks[0] - base) / 1024, "all_mb": (peaks[-1] - base) / 1024}


def run_memory_child(family: str, models_dir: Path, article: Path, max_length: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--memory-child", family, str(models_dir), str(article),
                           str(max_length)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_multilingual(args) -> int:
    """--random-nllb: one NLLB-600M shaped model for the four languages against raw CTranslate2,
    its memory against the Argos random-base models' for the same languages, and the time per
    language of each."""
    from syndicate.languages import get_language
    from syndicate.translate.engine import Engine
    from syndicate.translate.packages.folders import install_folder
    from syndicate.translate.plan import ArticlePlan
    from syndicate.translate.decoding import DecodingOptions

    max_length = args.max_decoding_length or 64
    decoding = DecodingOptions(beam_size=args.beam_size, max_decoding_length=max_length)
    article = read_article(args.article)
    sentences = len(ArticlePlan.of(article).texts())
    languages = [get_language(tag) for tag in MULTILINGUAL_TAGS]
    with tempfile.TemporaryDirectory(prefix="syndicate-bench-") as scratch_name:
        scratch = Path(scratch_name)
        nllb_dir, argos_dir = scratch / "nllb", scratch / "argos"
        install_folder(random_nllb_model(), nllb_dir)
        argos_models_for_four(random_base_package(), argos_dir)
        engines = {"nllb": Engine(nllb_dir, memory=None, decoding=decoding, routes=dict.fromkeys(MULTILINGUAL_TAGS, "nllb")),
                   "argos": Engine(argos_dir, memory=None, decoding=decoding)}
        # The forward pass only: an NLLB model would also translate back to English itself (the round
        # trip), which the Argos engine, without X→en packages here, would not.
        engines["nllb"].reverse_route_for = lambda route: None
        for engine in engines.values():
            for language in languages:
                engine.translate(article, language)  # warm: every model loaded
        nllb = engines["nllb"]
        tajik = get_language("tg")
        route, model, tokens, limit = model_inputs(nllb, article, tajik)

        def raw():
            model.translator.translate_batch(
                tokens, target_prefix=[[route.target]] * len(tokens), max_batch_size=nllb.batching.max_batch_size,
                batch_type=nllb.batching.batch_type, beam_size=decoding.beam_size, num_hypotheses=1,
                length_penalty=decoding.length_penalty, max_decoding_length=limit, replace_unknowns=True)

        runs = {"engine": lambda: nllb.translate(article, tajik), "raw": raw}
        runs |= {f"{family} {language.tag}": (lambda engine=engine, language=language: engine.translate(article, language))
                 for family, engine in engines.items() for language in languages}
        times: dict[str, list[float]] = {name: [] for name in runs}
        names = list(runs)
        for attempt in range(args.repeat):  # interleaved, order alternating
            for name in (names if attempt % 2 == 0 else names[::-1]):
                times[name].append(timed(runs[name]))
        loaded = {family: len(engine._models) for family, engine in engines.items()}
        for engine in engines.values():
            engine.close()
        memory = {family: run_memory_child(family, folder, args.article, max_length)
                  for family, folder in (("nllb", nllb_dir), ("argos", argos_dir))}
    best = {name: min(values) for name, values in times.items()}
    if args.verbose:
        print({name: [round(v, 3) for v in values] for name, values in times.items()})
    print(f"model: NLLB-600M shape (12+12 layers, d_model 1024, 16 heads, FFN 4096, 256,206 tokens), random int8 "
          f"weights; article: {args.article.name}, {sentences} texts, {len(tokens)} model inputs, "
          f"{sum(map(len, tokens))} source tokens; beam {decoding.beam_size}, limit {limit}; best of {args.repeat}")
    print(f"  syndicate engine, tg via nllb      {best['engine']:7.3f} s")
    print(f"  raw CTranslate2, same inputs        {best['raw']:7.3f} s")
    print(f"engine speed / raw CTranslate2:  {best['raw'] / best['engine']:.2f}  (goal ≥ 0.95)")
    print(f"models loaded for the four languages: nllb {loaded['nllb']}, argos {loaded['argos']}")
    print("time per language (warm):")
    for tag in MULTILINGUAL_TAGS:
        n, a = best[f"nllb {tag}"], best[f"argos {tag}"]
        print(f"  {tag:<6} nllb-600M {n:7.3f} s   argos transformer-base {a:7.3f} s   nllb / argos {n / a:5.2f}")
    for family, label in (("nllb", "one NLLB-600M model"), ("argos", "Argos random-base models (en→ar, en→fa, en→ru)")):
        m = memory[family]
        print(f"memory, {label}: +{m['first_mb']:.0f} MB peak RSS after the first language, "
              f"+{m['all_mb']:.0f} MB after all four")
    print(f"memory for four languages, nllb / argos: {memory['nllb']['all_mb'] / memory['argos']['all_mb']:.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = argv if argv is not None else sys.argv[1:]
    if arguments[:1] == ["--memory-child"]:
        family, models_dir, article, max_length = arguments[1:]
        print(json.dumps(memory_child(family, models_dir, article, int(max_length))))
        return 0
    if (argv if argv is not None else sys.argv[1:]) == ["--argos-peer-child"]:
        archive, to_code, text, beam_size, max_length, repeat = json.loads(sys.stdin.read())
        try:
            import argostranslate.translate  # noqa: F401  (stanza, spacy, torch: the `argos` extra)
        except ImportError as error:
            print(json.dumps({"unavailable": f"{type(error).__name__}: {error}"}))
            return 0
        print(json.dumps({"times": argos_peer_times(Path(archive), to_code, text, beam_size, max_length, repeat)}))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--package", type=Path, help="an Argos package (.argosmodel) from English")
    source.add_argument("--random-base", action="store_true", help="a transformer-base sized random-weight package")
    source.add_argument("--random-nllb", action="store_true",
                        help="an NLLB-600M shaped random-weight model serving the four languages (against "
                             "raw CTranslate2 and the random-base Argos models)")
    parser.add_argument("--article", type=Path, default=SEED, help="plain-text article (default: the seed op-ed)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (the fastest is reported)")
    parser.add_argument("--beam-size", type=int, default=4)
    parser.add_argument("--max-decoding-length", type=int, default=None)
    parser.add_argument("--skip-argos", action="store_true", help="leave out the argostranslate peer")
    parser.add_argument("--reverse-package", type=Path,
                        help="the X→en package for the round-trip measurement with --package")
    parser.add_argument("--skip-round-trip", action="store_true", help="leave out the round-trip measurement")
    parser.add_argument("--verbose", action="store_true", help="print every timing")
    args = parser.parse_args(argv)
    if args.reverse_package and not args.package:
        parser.error("--reverse-package goes with --package (--random-base is its own reverse)")
    if args.random_nllb:
        return measure_multilingual(args)

    from syndicate.translate.engine import Engine
    from syndicate.translate.plan import ArticlePlan
    from syndicate.translate.decoding import DecodingOptions
    from syndicate.languages import Language
    from syndicate.translate.memory import TranslationMemory
    from syndicate.translate.packages import install_from_file

    archive = random_base_package() if args.random_base else args.package
    max_length = args.max_decoding_length or (64 if args.random_base else 256)
    # The random model never ends a sentence, so every input decodes to the limit; at --random-base's
    # short limit the engine cuts the long sentences into parts (a real model's limit, 256, cuts
    # none of the seed's). Raw CTranslate2 gets those same parts; the peer, which never cuts (and
    # so truncates), gets the same limit.
    decoding = DecodingOptions(beam_size=args.beam_size, max_decoding_length=max_length)
    article = read_article(args.article)

    with tempfile.TemporaryDirectory(prefix="syndicate-bench-") as scratch_name:
        scratch = Path(scratch_name)
        package = install_from_file(archive, scratch / "models")
        language = Language(package.to_code, package.to_code, "Zyyy", "ltr", package.to_code, package.to_code)

        # Cached re-run against the first run (a fresh engine each: the first loads the model).
        memory_path = scratch / "memory.sqlite3"
        with Engine(scratch / "models", memory=TranslationMemory(memory_path), decoding=decoding) as engine:
            first = timed(lambda: engine.translate(article, language))
        with Engine(scratch / "models", memory=TranslationMemory(memory_path), decoding=decoding) as engine:
            cached = timed(lambda: engine.translate(article, language))
            assert not engine.is_loaded(language), "a cached re-run loaded the model"

        engine = Engine(scratch / "models", memory=None, decoding=decoding)
        engine.translate(article, language)  # warm: model loaded
        _, model, tokens, raw_limit = model_inputs(engine, article, language)
        source_tokens = sum(len(t) for t in tokens)
        sentences = len(ArticlePlan.of(article).texts())

        def raw():
            model.translator.translate_batch(
                tokens, max_batch_size=engine.batching.max_batch_size, batch_type=engine.batching.batch_type,
                beam_size=decoding.beam_size, num_hypotheses=1, length_penalty=decoding.length_penalty,
                max_decoding_length=raw_limit, replace_unknowns=True)

        times: dict[str, list[float]] = {"engine": [], "raw": [], "argos": []}
        runs = {"engine": lambda: engine.translate(article, language), "raw": raw}
        for repeat in range(args.repeat):  # interleaved, order alternating: other load hits both alike
            for name in (("engine", "raw") if repeat % 2 == 0 else ("raw", "engine")):
                times[name].append(timed(runs[name]))
        engine.close()
        peer_skipped = "--skip-argos" if args.skip_argos else None
        if not args.skip_argos:
            text = "\n".join([article.title] + [block.text for block in article.blocks])
            try:
                times["argos"] = run_argos_peer(archive, package.to_code, text, scratch, args.beam_size,
                                                raw_limit, args.repeat)  # the engine's limit for this call
            except PeerUnavailable as unavailable:
                peer_skipped = (f"argostranslate.translate can't be imported ({unavailable}); "
                                "pip install 'syndicate[argos]' enables it")
        round_trip = None
        if not args.skip_round_trip and (args.random_base or args.reverse_package):
            round_trip = measure_round_trip(package, args.reverse_package, scratch, article, decoding, language,
                                            args.repeat)

    # The fastest run is the one least disturbed by other processes on a shared machine.
    best = {name: min(values) for name, values in times.items() if values}
    if args.verbose:
        print({name: [round(v, 3) for v in values] for name, values in times.items()})
    print(f"package: {archive.name}; article: {args.article.name}, {sentences} sentences and link texts "
          f"({len(tokens)} model inputs), {source_tokens} source tokens")
    print(f"beam {decoding.beam_size}, max_decoding_length {max_length} (this call: {raw_limit}), {engine.threads} threads, "
          f"batches of {engine.batching.max_batch_size} {engine.batching.batch_type}; best of {args.repeat} runs")
    labels = {"engine": "syndicate engine (memory off)", "raw": "raw CTranslate2 translate_batch",
              "argos": "argostranslate.translate"}
    for name, seconds in best.items():
        print(f"  {labels[name]:<34} {seconds:7.3f} s  {sentences / seconds:8.1f} sentences/s  "
              f"{source_tokens / seconds:8.1f} tokens/s")
    print(f"engine speed / raw CTranslate2:  {best['raw'] / best['engine']:.2f}  (goal ≥ 0.9)")
    if "argos" in best:
        print(f"engine speed / argostranslate:   {best['argos'] / best['engine']:.2f}  (goal ≥ 3)")
    else:
        print(f"argostranslate peer skipped: {peer_skipped}")
    print(f"cached re-run: {cached:.3f} s = {cached / first:.1%} of the first run ({first:.2f} s, model load included; "
          f"goal ≤ 5%), {cached / best['engine']:.1%} of a warm run")
    if round_trip is not None:
        print_round_trip(round_trip, args.repeat, args.verbose)
    elif not args.skip_round_trip:
        print("round trip skipped: give --reverse-package FILE (the X→en package) with --package")
    return 0


if __name__ == "__main__":
    sys.exit(main())
