"""Model families beside Argos (NLLB, MADLAD, Marian): tokenization as transformers' tokenizers
do it, routes per language, one multilingual model loaded once, installing and converting
folders, the glossary's placeholders on a language-token model, end to end on an outlet page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from syndicate.errors import ModelError, UsageError
from syndicate.languages import LANGUAGES, get_language
from syndicate.settings import load_settings
from syndicate.translate.engine import Engine
from syndicate.translate.families import FAMILIES, MADLAD, MARIAN, NLLB
from syndicate.translate.memory import TranslationMemory
from syndicate.translate.models_report import models_report
from syndicate.translate.packages.folders import MANIFEST, install_folder, installed_folders
from syndicate.translate.routing import find_route, parse_routes, reverse_route
from syndicate.translate.decoding import LoadedModel

ROOT = Path(__file__).resolve().parent.parent
AMMON = ROOT / "tests" / "fixtures" / "ammon-news.html"
BASE_URL = "https://partner.example/op-eds/"


@pytest.fixture(scope="module")
def glossary_hook(shipped_glossary):
    from syndicate.glossary.hook import GlossaryHook

    return GlossaryHook(shipped_glossary)


@pytest.fixture(scope="module")
def seed_article(corpus):
    from syndicate.extract.plaintext import text_article

    return text_article((corpus / "seed" / "000_ac3961389abcd1c8.txt").read_text(encoding="utf-8"),
                        markdown=False, url="https://example.org/op-ed")


@pytest.fixture(scope="module")
def seed_lines(corpus) -> list[str]:
    lines = (corpus / "seed" / "000_ac3961389abcd1c8.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def without_lookalike_letters(lines: list[str]) -> list[str]:
    """The lines the NLLB fixture copies unchanged: it writes Latin Z, Q, X pieces in Cyrillic."""
    return [line for line in lines if not set("ZQX") & set(line)]


def hf_tokens(tokenizer, text: str) -> list[str]:
    return tokenizer.convert_ids_to_tokens(tokenizer(text)["input_ids"])


# -- tokenization equals the reference tokenizers' -------------------------------------------------

@pytest.mark.parametrize("tag", ["ar", "fa-AF", "tg", "ru"])
def test_nllb_tokens_equal_nllb_tokenizer(routed_models_dir, seed_lines, tag):
    from transformers import NllbTokenizer

    route = find_route(routed_models_dir, get_language(tag), NLLB)
    model = LoadedModel(route.model, NLLB, threads=1, compute_type="auto")
    reference = NllbTokenizer.from_pretrained(str(route.model.path), src_lang="eng_Latn", tgt_lang=route.target)
    ours = model.encode(seed_lines, route)
    assert len(seed_lines) > 20
    for line, tokens in zip(seed_lines, ours):
        assert tokens == hf_tokens(reference, line), line
    assert model.target_prefix(route) == [route.target] == [reference.tgt_lang]
    # the round trip reads the target language's token first
    back = reverse_route(routed_models_dir, route)
    reference.src_lang = route.target
    assert model.encode(["Сaлом"], back)[0] == hf_tokens(reference, "Сaлом")


@pytest.mark.parametrize("tag", ["ar", "tg", "ru", "fa-AF"])
def test_madlad_tokens_equal_t5_tokenizer(routed_models_dir, seed_lines, tag):
    from transformers import T5Tokenizer

    route = find_route(routed_models_dir, get_language(tag), MADLAD)
    model = LoadedModel(route.model, MADLAD, threads=1, compute_type="auto")
    reference = T5Tokenizer.from_pretrained(str(route.model.path), extra_ids=0)
    for line, tokens in zip(seed_lines, model.encode(seed_lines, route)):
        assert tokens == hf_tokens(reference, f"<2{route.target}> {line}"), line
        assert tokens[:2] == ["▁", f"<2{route.target}>"] and tokens[-1] == "</s>"
    assert model.target_prefix(route) is None


@pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")
def test_marian_tokens_equal_marian_tokenizer(routed_models_dir, family_models, seed_lines):
    """What the model reads: source.spm's pieces, unknown ones as <unk>, then </s> — which the
    converted OPUS-MT model adds itself (add_source_eos)."""
    from transformers import MarianTokenizer

    release = family_models["marian-release"]
    route = find_route(routed_models_dir, get_language("ru"), MARIAN)
    model = LoadedModel(route.model, MARIAN, threads=1, compute_type="auto")
    reference = MarianTokenizer(str(release / "source.spm"), str(release / "target.spm"), str(release / "vocab.json"))
    vocabulary = json.loads((release / "vocab.json").read_text(encoding="utf-8"))
    assert model.adds_end
    for line, tokens in zip(seed_lines, model.encode(seed_lines, route)):
        seen = [token if token in vocabulary else "<unk>" for token in tokens] + ["</s>"]
        assert seen == hf_tokens(reference, line), line


# -- routes ------------------------------------------------------------------------------------------

def test_routes_come_from_option_environment_and_config_table(tmp_path, monkeypatch):
    config = tmp_path / "syndicate.toml"
    config.write_text('routes = {tg = "nllb", "fa-AF" = "madlad"}\n', encoding="utf-8")
    assert parse_routes(load_settings(config).routes) == {"tg": "nllb", "fa-AF": "madlad"}
    monkeypatch.setenv("SYNDICATE_ROUTES", "tajik=nllb,prs=nllb")
    assert parse_routes(load_settings(config).routes) == {"tg": "nllb", "fa-AF": "nllb"}
    assert parse_routes(load_settings(config, routes=("ru=marian",)).routes) == {"ru": "marian"}
    for bad, message in (("tg=google", "unknown model family 'google'"), ("xx=nllb", "unknown language 'xx'"),
                         ("tg", "is not LANG=FAMILY")):
        with pytest.raises(UsageError, match=message):
            parse_routes([bad])


def test_translate_takes_routes_from_the_command_line(routed_models_dir, run_cli, corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDICATE_ROUTES", "tg=madlad")  # the option wins, language by language
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "out"
    args = ("translate", corpus / "seed" / "000_ac3961389abcd1c8.txt", "--to", "tg,ru", "--out", out,
            "--models-dir", routed_models_dir, "--base-url", BASE_URL, "--no-glossary", "--json")
    done = run_cli(*args, "--route", "ru=marian")
    assert done.exit_code == 0, done.output
    slug = json.loads(done.stdout)["slug"]
    record = json.loads((out / slug / "article.json").read_text(encoding="utf-8"))
    assert {t["language"]: t["family"] for t in record["translations"]} == {"tg": "madlad", "ru": "marian"}
    refused = run_cli(*args, "--route", "ru=google")
    assert refused.exit_code == 2 and "unknown model family 'google'" in refused.output


def test_a_missing_routed_model_names_what_to_install(installed_models_dir, seed_lines):
    with Engine(installed_models_dir, memory=None, routes={"tg": "nllb"}) as engine:
        with pytest.raises(ModelError) as error:
            engine.translate_sentences(seed_lines[:1], get_language("tg"))
    assert "no NLLB-200 model that writes tgk_Cyrl (for tg)" in str(error.value)
    assert "syndicate models install --from DIR" in error.value.hint
    assert "syndicate models convert SNAPSHOT --family nllb" in error.value.hint


def test_one_nllb_model_serves_four_languages_and_loads_once(routed_models_dir, seed_lines):
    routes = dict.fromkeys(("ar", "fa-AF", "tg", "ru"), "nllb")
    with Engine(routed_models_dir, memory=None, routes=routes) as engine:
        plain = without_lookalike_letters(seed_lines)
        for language in LANGUAGES:
            out = engine.translate_sentences(plain, language)
            assert [s.text for s in out] == plain  # a copy model, through each language's token
        assert len(engine._models) == 1 and all(engine.is_loaded(language) for language in LANGUAGES)
        assert engine.route(get_language("tg")) == (f"{installed_folders(routed_models_dir)[2].version_id}"
                                                    ":eng_Latn>tgk_Cyrl",)


def test_direct_routes_skip_the_converter_and_dari_keeps_its_table(routed_models_dir):
    """en→fa Argos writes Iranian دانشگاه for "university"; the NLLB copy model writes the English
    word. A direct Tajik route runs no converter; a direct Dari route still runs the Dari table,
    unless localize_direct_dari is off."""
    tajik, dari = get_language("tg"), get_language("fa-AF")
    with Engine(routed_models_dir, memory=None, routes={"tg": "nllb", "fa-AF": "nllb"}) as engine:
        assert find_route(routed_models_dir, tajik, NLLB).step is None
        assert len(engine.route(dari)) == 2 and engine.route(dari)[1].startswith("dari-localization@")
        assert engine.translate_sentences(["He met the university staff."], tajik)[0].text == \
            "He met the university staff."
        assert engine.translate_sentences(["The دانشگاه is open."], dari)[0].text == "The پوهنتون is open."
    with Engine(routed_models_dir, memory=None, routes={"fa-AF": "nllb"}, localize_direct_dari=False) as engine:
        assert len(engine.route(dari)) == 1
        assert engine.translate_sentences(["The دانشگاه is open."], dari)[0].text == "The دانشگاه is open."
    with Engine(routed_models_dir, memory=None) as engine:  # Argos: the converter writes Cyrillic
        assert engine.translate_sentences(["The university is open."], tajik)[0].text != "The university is open."


def test_changing_a_route_translates_again(routed_models_dir, tmp_path, seed_lines):
    memory_path = tmp_path / "memory.sqlite3"
    tajik = get_language("tg")
    for routes, cached in (({}, False), ({}, True), ({"tg": "nllb"}, False), ({"tg": "madlad"}, False),
                           ({"tg": "nllb"}, True)):
        with Engine(routed_models_dir, memory=TranslationMemory(memory_path), routes=routes) as engine:
            out = engine.translate_sentences(seed_lines[4:6], tajik)
        assert all(s.cached == cached for s in out), routes


def test_round_trip_goes_back_through_the_same_multilingual_model(routed_models_dir, seed_article):
    with Engine(routed_models_dir, memory=None, routes={"tg": "nllb", "ru": "marian"}) as engine:
        translated = engine.translate(seed_article, get_language("tg"))
        assert engine.round_trip_hint(get_language("ru")).startswith("round trip: no ru→en model")
    assert (translated.family, translated.licence) == ("nllb", "cc-by-nc-4.0")
    assert translated.model.startswith("nllb:nllb-fixture@sha-")
    plain = [s for s in translated.sentences if without_lookalike_letters([s.source])]
    assert all(s.back_translation == s.source for s in plain) and len(plain) > 20  # copied there and back


def test_glossary_placeholders_survive_cyrillic_lookalikes(routed_models_dir, glossary_hook):
    """The NLLB fixture writes the placeholder's Latin letters in Cyrillic (ZQ1X → ZК1X), as
    language-token models do: the protected name still lands in its Tajik and Russian form."""
    sentence = "Ahmad Massoud spoke to reporters in Dushanbe."
    with Engine(routed_models_dir, memory=None, routes={"tg": "nllb", "ru": "nllb"}) as engine:
        raw = engine.translate_sentences([glossary_hook.prepare(sentence, get_language("tg")).text],
                                         get_language("tg"))[0].text
        assert "К1" in raw and "Q" not in raw  # the model's own output mangles the placeholder
        for tag, name in (("tg", "Аҳмад Масъуд"), ("ru", "Ахмад Масуд")):
            out = engine.translate_sentences([sentence], get_language(tag), glossary_hook)[0]
            assert out.text.startswith(name), out.text
            check = next(c for c in out.checks if c.term == "Ahmad Massoud")
            assert check.status == "hit" and check.found == name


# -- models list, install, convert ---------------------------------------------------------------

def test_models_list_shows_routes_licences_and_warns_of_non_commercial(routed_models_dir, run_cli):
    result = run_cli("models", "list", "--models-dir", routed_models_dir, "--route", "tg=nllb",
                     "--route", "ru=marian")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    tajik = next(line for line in lines if line.startswith("  tg "))
    assert "nllb    ready    nllb-fixture sha-" in tajik and "cc-by-nc-4.0; round trip ready" in tajik
    assert "cc-by-nc-4.0 forbids commercial use" in result.output
    russian = next(line for line in lines if line.startswith("  ru "))
    assert "marian  ready" in russian and "cc-by-4.0; no round-trip model" in russian
    assert "(1 language)" in result.output  # the en→ru Marian model
    report = json.loads(run_cli("models", "list", "--json", "--models-dir", routed_models_dir,
                                "--route", "tg=madlad").output)
    assert {m["family"] for m in report["models"]} == {"nllb", "madlad", "marian"}
    by_tag = {lang["tag"]: lang for lang in report["languages"]}
    assert (by_tag["tg"]["family"], by_tag["tg"]["step"], by_tag["tg"]["non_commercial"]) == ("madlad", None, False)
    assert (by_tag["fa-AF"]["family"], by_tag["fa-AF"]["step"]) == ("argos", "dari")


def test_install_from_a_folder_is_checked_and_atomic(family_models, tmp_path):
    models_dir = tmp_path / "models"
    good = family_models["nllb"]

    def broken(name, change):
        folder = tmp_path / name
        shutil.copytree(good, folder)
        change(folder)
        return folder

    cases = {
        "link": (lambda f: (f / "model.bin").unlink() or (f / "model.bin").symlink_to(good / "model.bin"),
                 "model.bin is a symbolic link"),
        "no-weights": (lambda f: (f / "model.bin").unlink(), "model.bin missing"),
        "other-tokenizer": (lambda f: shutil.copyfile(family_models["marian"] / "source.spm",
                                                      f / "sentencepiece.bpe.model"),
                            "pieces are in the model's vocabulary"),
        "truncated-weights": (lambda f: (f / "model.bin").write_bytes((good / "model.bin").read_bytes()[:5000]),
                              "does not load in CTranslate2"),
        "garbage-vocabulary": (lambda f: (f / "shared_vocabulary.json").write_text('{"<s>": 0}'),
                               "vocabulary"),
    }
    for name, (change, message) in cases.items():
        with pytest.raises(ModelError, match=message):
            install_folder(broken(name, change), models_dir, family="nllb")
        assert list(models_dir.glob("*")) == [], name  # nothing left, not even staging
    with pytest.raises(UsageError, match="can't tell which model family"):
        install_folder(tmp_path, models_dir)
    installed, replaced = install_folder(good, models_dir)
    again, replaced_again = install_folder(good, models_dir)
    assert (replaced, replaced_again, again.version) == (False, True, installed.version)
    # an installed folder installed again (a copy to another machine) keeps its name
    from_installed, replaced_by_copy = install_folder(installed.path, models_dir)
    assert (from_installed.path, replaced_by_copy) == (installed.path, True)
    assert [p.name for p in models_dir.iterdir()] == [installed.path.name]
    assert json.loads((installed.path / MANIFEST).read_text())["licence"] == "cc-by-nc-4.0"


def test_a_tampered_manifest_is_listed_broken_not_used(family_models, tmp_path):
    models_dir = tmp_path / "models"
    installed, _ = install_folder(family_models["madlad"], models_dir)
    (installed.path / MANIFEST).write_text('{"family": "<script>", "name": 1}', encoding="utf-8")
    report = models_report(models_dir, routes={"tg": "madlad"})
    assert report.folders == () and "syndicate-model.json invalid" in report.broken[0].reason
    assert not report.languages[2].ready


def test_names_codes_and_licences_a_folder_gives_are_plain_words(family_models, tmp_path):
    """What a model folder says about itself reaches article.json, ninjs and `models list`:
    markup in its model card, its tokenizer config or an option is refused or ignored."""
    models_dir = tmp_path / "models"
    card = tmp_path / "madlad-card"
    shutil.copytree(family_models["madlad"], card)
    (card / "README.md").write_text("---\nlicense: <script>alert(1)</script>\n---\n", encoding="utf-8")
    installed, _ = install_folder(card, models_dir)
    assert (installed.licence, installed.name) == ("Apache-2.0", "madlad-card")
    for option in ({"licence": "<b>CC0</b>"}, {"name": "card\u202eevil<b>"}, {"version": "1;rm"}):
        with pytest.raises(UsageError, match="is not a plain name"):
            install_folder(card, models_dir, **option)
    pair = tmp_path / "opus-mt-pair"
    shutil.copytree(family_models["marian"], pair)
    (pair / "tokenizer_config.json").write_text('{"source_lang": "en", "target_lang": "<img src=x>"}')
    with pytest.raises(ModelError, match="not plain codes"):
        install_folder(pair, models_dir)
    assert sorted(p.name for p in models_dir.iterdir()) == ["madlad-card"]


def test_convert_an_opus_mt_release_without_torch_then_translate(family_models, tmp_path, run_cli, seed_lines):
    release = tmp_path / "opus-mt-en-ru"
    shutil.copytree(family_models["marian-release"], release)
    (release / "tokenizer_config.json").unlink()  # the pair comes from --pair
    models_dir = tmp_path / "models"
    done = run_cli("models", "convert", release, "--family", "marian", "--pair", "en-ru", "--install",
                   "--models-dir", models_dir)
    assert done.exit_code == 0, done.output
    assert (tmp_path / "opus-mt-en-ru-ct2" / "model.bin").is_file()
    assert "Installed marian model opus-mt-en-ru-ct2" in done.output
    with Engine(models_dir, memory=None, routes={"ru": "marian"}) as engine:
        out = engine.translate_sentences(seed_lines[:5], get_language("ru"))
    assert [s.text for s in out] == seed_lines[:5] and not any(s.truncated for s in out)
    again = run_cli("models", "convert", release, "--family", "marian", "--models-dir", models_dir)
    assert again.exit_code == 2 and "already exists" in again.output


def test_converting_a_transformers_snapshot_without_the_extra_says_how(tmp_path, run_cli):
    pytest.importorskip("transformers")  # a dev dependency; torch is not (nor in the plain install)
    if "torch" in sys.modules or _importable("torch"):
        pytest.skip("torch is installed here: the real converter would run")
    snapshot = tmp_path / "nllb-200-distilled-600M"
    snapshot.mkdir()
    (snapshot / "config.json").write_text('{"model_type": "m2m_100"}')
    result = run_cli("models", "convert", snapshot, "--family", "nllb")
    assert result.exit_code == 2
    assert "needs torch" in result.output and "pip install 'syndicate[convert]'" in result.output
    assert not (tmp_path / "nllb-200-distilled-600M-ct2").exists()


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_every_family_declares_every_language(tmp_path):
    for family in FAMILIES.values():
        assert set(family.codes) == {lang.tag for lang in LANGUAGES}, family.name
        assert family.licence and family.serves


# -- end to end -----------------------------------------------------------------------------------

def test_an_outlet_page_in_four_languages_with_tajik_and_dari_on_nllb(routed_models_dir, tmp_path):
    """A clean clone's fixtures of two families (Argos packages, the NLLB folder): ar and ru on
    Argos, tg and fa-AF on NLLB, one run; article.json names each language's family and model."""
    from plugin_http import serve

    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(routed_models_dir), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "SYNDICATE_ROUTES": "tg=nllb,fa-AF=nllb"}
    env.pop("SYNDICATE_CACHE", None)
    exe = str(Path(sys.executable).with_name("syndicate"))
    with serve() as server:
        url = server.route("/article/1/afghanistan-tajikistan", AMMON.read_bytes())
        completed = subprocess.run([exe, "translate", url, "--to", "ar,fa-AF,tg,ru", "--out", str(tmp_path / "out"),
                                    "--base-url", BASE_URL, "--json"], capture_output=True, text=True, env=env,
                                   cwd=ROOT, timeout=300)
    assert completed.returncode == 0, completed.stderr
    summary = json.loads(completed.stdout)
    assert {tag: lang["status"] for tag, lang in summary["languages"].items()} == dict.fromkeys(
        ("ar", "fa-AF", "tg", "ru"), "exported")
    folder = tmp_path / "out" / summary["slug"]
    record = json.loads((folder / "article.json").read_text(encoding="utf-8"))
    translations = {t["language"]: t for t in record["translations"]}
    assert {tag: t["family"] for tag, t in translations.items()} == {
        "ar": "argos", "fa-AF": "nllb", "tg": "nllb", "ru": "argos"}
    assert translations["tg"]["route"] == [translations["tg"]["model"] + ":eng_Latn>tgk_Cyrl"]
    assert translations["fa-AF"]["route"][1].startswith("dari-localization@")
    assert translations["ar"]["model"] == "argos:en-ar@0.1"
    ninjs = json.loads((folder / "tg.ninjs.json").read_text(encoding="utf-8"))
    assert "nllb model nllb-fixture@sha-" in ninjs["usageTerms"] and "cc-by-nc-4.0" in ninjs["usageTerms"]
    assert "licence" not in json.loads((folder / "ru.ninjs.json").read_text(encoding="utf-8"))["usageTerms"]


# -- comparing routes -----------------------------------------------------------------------------

QUALITY = ROOT / "bench" / "quality.py"


def run_quality(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(QUALITY), *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_quality_bench_scores_routes_side_by_side(routed_models_dir):
    done = run_quality("--pairs", ROOT / "bench" / "data" / "seed-pairs.tsv", "--models-dir", routed_models_dir,
                       "--languages", "tg,ru", "--routes", "tg=nllb,tg=argos,tg=madlad,ru=marian", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert list(report["languages"]) == ["tg=nllb", "tg=argos", "tg=madlad", "ru=marian"]
    rows = {key: result["rows"] for key, result in report["languages"].items()}
    assert set(rows.values()) == {12}  # the 12 Tajik and the 12 Russian pairs of the file, for each route
    assert report["languages"]["tg=argos"]["route"][1].startswith("tajik:")
    assert report["languages"]["tg=nllb"]["route"][0].endswith(":eng_Latn>tgk_Cyrl")
    assert report["languages"]["tg=nllb"]["round_trip"]["reverse_model"].endswith(":tgk_Cyrl>eng_Latn")
    tajik = [report["languages"][key] for key in ("tg=nllb", "tg=argos", "tg=madlad")]
    assert len({result["terms"]["checked"] for result in tajik}) == 1  # the same pairs and references
    assert all(0 <= result["chrf"] <= 100 for result in report["languages"].values())


def test_quality_bench_reads_flores_files(routed_models_dir, seed_lines, tmp_path):
    flores = tmp_path / "devtest"
    flores.mkdir()
    lines = without_lookalike_letters(seed_lines)[:8]
    (flores / "eng_Latn.devtest").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (flores / "tgk_Cyrl.devtest").write_text("\n".join(lines) + "\n", encoding="utf-8")  # what a copy writes
    done = run_quality("--flores", flores, "--models-dir", routed_models_dir, "--routes", "tg=nllb", "--no-glossary",
                       "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["languages"]["tg=nllb"]
    assert (result["rows"], result["chrf"]) == (8, 100.0)
    (flores / "tgk_Cyrl.devtest").write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")
    short = run_quality("--flores", flores, "--models-dir", routed_models_dir, "--routes", "tg=nllb")
    assert short.returncode == 2 and "tgk_Cyrl.devtest: 5 lines, eng_Latn.devtest has 8" in short.stderr
    missing = run_quality("--flores", tmp_path, "--models-dir", routed_models_dir)
    assert missing.returncode == 2 and "no eng_Latn.devtest" in missing.stderr
