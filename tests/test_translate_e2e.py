"""`syndicate translate` end to end: a local-server copy of an outlet page, the fixture models
(real CTranslate2), every file for all four languages, validated; offline under `unshare -n`."""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

ROOT = Path(__file__).resolve().parent.parent
AMMON = ROOT / "tests" / "fixtures" / "ammon-news.html"
LANGS = ("ar", "fa-AF", "tg", "ru")
BASE_URL = "https://partner.example/op-eds/"


@pytest.fixture
def translate_env(installed_models_dir, tmp_path, monkeypatch):
    """Environment for a subprocess run: the fixture models, a private cache, the project's glossaries."""
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(installed_models_dir), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("SYNDICATE_CACHE", None)
    return env


def run_translate(syndicate_exe, source, out_dir, env, *extra, prefix=()):
    command = [*prefix, syndicate_exe, "translate", str(source), "--to", ",".join(LANGS), "--out", str(out_dir),
               "--base-url", BASE_URL, "--json", *extra]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def served_run(fixture_packages, tmp_path_factory):
    """One full run over HTTP, shared by the checks below (the models are built once per session)."""
    from plugin_http import serve

    from syndicate.translate.packages import install_from_file

    work = tmp_path_factory.mktemp("e2e")
    models_dir = work / "models"
    for package in sorted(fixture_packages.glob("*.argosmodel")):
        install_from_file(package, models_dir)
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(models_dir), "XDG_CACHE_HOME": str(work / "cache")}
    exe = str(Path(os.sys.executable).with_name("syndicate"))
    with serve() as server:
        url = server.route("/article/1/world-must-show-its-support", AMMON.read_bytes())
        completed = run_translate(exe, url, work / "out", env)
        rerun = run_translate(exe, url, work / "out", env)
    return completed, rerun, work / "out", url


def test_every_language_is_exported_from_a_served_page(served_run):
    completed, _, out, url = served_run
    assert completed.returncode == 0, completed.stderr
    summary = json.loads(completed.stdout)
    assert summary["source"] == url
    assert {tag: lang["status"] for tag, lang in summary["languages"].items()} == dict.fromkeys(LANGS, "exported")
    folder = out / summary["slug"]
    for tag in LANGS:
        assert (folder / f"{tag}.html").is_file()
        assert json.loads((folder / f"{tag}.ninjs.json").read_text())["language"] == tag
        assert (out / "feeds" / f"{tag}.xml").is_file()
    assert (folder / "article.json").is_file() and (out / "index.html").is_file()
    # one progress line per stage on stderr, then what the credit lacks (this run keeps the default publisher)
    lines = completed.stderr.splitlines()
    stages = [line.split(":")[0] for line in lines if not line.startswith("warning: ")]
    assert stages[:2] == ["glossary", "scrape"] and stages[-1] == "export"
    assert "warning: the publisher is the default 'syndicate'" in "\n".join(lines[lines.index(next(
        line for line in lines if line.startswith("export:"))):])
    assert [s for s in stages if s.startswith("translate")] == [f"translate {tag}" for tag in LANGS]


def test_the_body_survives_the_copy_models_in_order(served_run, corpus):
    """The fixture en→ar and en→ru models copy: the pages must carry every op-ed paragraph in order."""
    completed, _, out, _ = served_run
    record = json.loads((out / json.loads(completed.stdout)["slug"] / "article.json").read_text())
    source_blocks = [block["text"] for block in record["source"]["blocks"]]
    seed = (corpus / "seed" / "000_ac3961389abcd1c8.txt").read_text(encoding="utf-8")
    assert source_blocks[0] == seed.split("\n\n")[2].strip()  # the first body paragraph
    ru = next(t for t in record["translations"] if t["language"] == "ru")
    assert len(ru["blocks"]) == len(source_blocks)
    # Names the glossary protects come back in their Russian form; the rest is copied.
    assert "Душанбе" in ru["blocks"][0]["text"] and "Dushanbe" not in ru["blocks"][0]["text"]


def test_pages_validate_and_feeds_parse(served_run, vnu_validate):
    completed, _, out, _ = served_run
    folder = out / json.loads(completed.stdout)["slug"]
    pages = [folder / f"{tag}.html" for tag in LANGS] + [out / "index.html"]
    errors = {path.name: messages for path, messages in vnu_validate(pages).items() if messages}
    assert errors == {}
    for tag in LANGS:
        feed = feedparser.parse((out / "feeds" / f"{tag}.xml").read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.feed.language == tag and len(feed.entries) == 1


def test_a_rerun_is_served_from_memory_and_keeps_one_feed_item(served_run):
    completed, rerun, out, _ = served_run
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout)["slug"] == json.loads(completed.stdout)["slug"]
    for tag in LANGS:
        line = next(line for line in rerun.stderr.splitlines() if line.startswith(f"translate {tag}:"))
        match = re.search(r": (\d+) sentences \((\d+) from memory\)", line)
        assert match and match[1] == match[2] and int(match[1]) > 0, line
        assert len(feedparser.parse((out / "feeds" / f"{tag}.xml").read_bytes()).entries) == 1


@pytest.mark.skipif(shutil.which("unshare") is None, reason="unshare (util-linux) missing")
def test_translate_works_with_no_network_at_all(syndicate_exe, translate_env, tmp_path):
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"unshare -n not permitted here: {probe.stderr.decode().strip()}")
    completed = run_translate(syndicate_exe, AMMON, tmp_path / "out", translate_env, prefix=("unshare", "-n"))
    assert completed.returncode == 0, completed.stderr
    assert set(json.loads(completed.stdout)["languages"]) == set(LANGS)


def test_missing_model_fails_that_language_only_and_names_the_install_command(
        syndicate_exe, fixture_packages, tmp_path):
    from syndicate.translate.packages import install_from_file

    models_dir = tmp_path / "models"
    for package in fixture_packages.glob("translate-en_[af]*.argosmodel"):  # ar and fa, no ru
        install_from_file(package, models_dir)
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(models_dir), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    completed = run_translate(syndicate_exe, AMMON, tmp_path / "out", env)
    assert completed.returncode == 8, completed.stderr
    summary = json.loads(completed.stdout)
    assert summary["languages"]["ru"]["status"] == "failed"
    assert "syndicate models install ru" in summary["languages"]["ru"]["error"]
    assert [tag for tag, lang in summary["languages"].items() if lang["status"] == "exported"] == ["ar", "fa-AF", "tg"]
    assert completed.stderr.strip().splitlines()[-1] == "Error: ru failed; ar, fa-AF, tg exported"
    assert "Traceback" not in completed.stderr


def test_no_model_at_all_is_one_line_with_the_model_exit_code(syndicate_exe, tmp_path):
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "empty"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    completed = subprocess.run([syndicate_exe, "translate", str(AMMON), "--to", "prs", "--out", str(tmp_path / "out")],
                               capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert completed.returncode == 5
    lines = completed.stderr.strip().splitlines()
    reasons = [line for line in lines if "no en→fa translation model installed" in line]
    assert len(reasons) == 1 and reasons[0].startswith("translate fa-AF: failed: ")
    assert "syndicate models install fa-AF" in reasons[0]
    assert lines[-1] == ("Error: nothing exported: fa-AF (model) failed (install: syndicate models install fa-AF; "
                         "offline: syndicate models install --from FILE.argosmodel)")  # the last line says what to do
    assert not (tmp_path / "out").exists()


def test_a_non_english_page_is_refused_before_translating(syndicate_exe, translate_env, corpus, tmp_path):
    completed = run_translate(syndicate_exe, corpus / "outlets" / "cnn-arabic-2013.html", tmp_path / "out", translate_env)
    assert completed.returncode == 4
    assert "not English" in completed.stderr and "--allow-non-english" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_every_glossary_term_is_enforced_on_the_seed_op_ed(served_run):
    completed, _, _, _ = served_run
    languages = json.loads(completed.stdout)["languages"]
    assert sorted(languages) == ["ar", "fa-AF", "ru", "tg"]  # the loop below checks every language
    for tag, language in languages.items():
        assert set(language["terms"]) == {"hit"} and language["terms"]["hit"] > 50, (tag, language["terms"])


@pytest.mark.parametrize("page", ["khaama.html", "tolonews.html"])
def test_term_hit_rate_is_one_on_outlet_pages(page, corpus, installed_models_dir, tmp_path):
    """Fixture models copy English, so every non-name term must be enforced by the glossary itself."""
    from syndicate.translate.engine import Engine
    from syndicate.languages import parse_targets
    from syndicate.job import load_hook, run
    from syndicate.settings import load_settings

    settings = load_settings(None, output_dir=str(tmp_path / "out"), cache_path=str(tmp_path / "memory.sqlite3"))
    hook = load_hook(settings, [str(ROOT / "glossaries" / "afghanistan-region.tsv")])
    with Engine.from_settings(settings) as engine:
        result = run(str(corpus / "outlets" / page), parse_targets(LANGS), settings,
                                  engine=engine, hook=hook)
    assert result.exported == LANGS
    for outcome in result.outcomes:
        assert set(outcome.terms) == {"hit"}, (outcome.language, outcome.terms)
    record = json.loads((result.folder / "article.json").read_text())
    texts = [block["text"] for t in record["translations"] for block in t["blocks"]]
    assert not any(re.search(r"ZQ\s*\d+\s*X", text, re.IGNORECASE) for text in texts)


def test_translate_with_no_lock_wait_gives_up_at_once_on_a_folder_another_run_is_writing(
        syndicate_exe, translate_env, tmp_path):
    from plugin_batch import workspace_of

    from syndicate.export.lock import OutputLock

    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(workspace_of(out), "batch"):
        completed = run_translate(syndicate_exe, AMMON, out, {**translate_env, "SYNDICATE_LOCK_WAIT": "0"})
    assert completed.returncode == 9  # BusyError, not the usage code
    assert completed.stderr.strip().splitlines()[-1].startswith(
        f"Error: pid {os.getpid()} (syndicate batch, started ")
    assert list(out.iterdir()) == []  # the lock file is in the workspace, next to the folder


def test_yes_installs_a_missing_model_from_a_reachable_index_then_translates(
        run_cli, http_server, fixture_packages, tmp_path):
    archive = fixture_packages / "translate-en_ru-fixture.argosmodel"
    http_server.route(f"/{archive.name}", archive.read_bytes(), content_type="application/zip")
    index = [{"package_version": "0.1", "argos_version": "1.9", "from_code": "en", "to_code": "ru",
              "from_name": "English", "to_name": "Russian", "type": "translate",
              "links": [http_server.url(f"/{archive.name}")]}]
    http_server.route("/index.json", json.dumps(index).encode(), content_type="application/json")
    models_dir = tmp_path / "models"
    env = {"ARGOS_PACKAGE_INDEX": http_server.url("/"), "ARGOS_PACKAGES_DIR": str(models_dir),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "SYNDICATE_CACHE": None, "SYNDICATE_MODELS_DIR": None}
    result = run_cli("translate", AMMON, "--to", "ru", "--out", tmp_path / "out", "--yes", "--json", env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["languages"]["ru"]["status"] == "exported"
    assert (models_dir / "translate-en_ru-fixture" / "metadata.json").is_file()
    assert [path for path, _ in http_server.requests] == ["/index.json", f"/{archive.name}"]


def test_stdin_is_a_source(run_cli, installed_models_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = run_cli("translate", "-", "--to", "ru", "--out", tmp_path / "out", "--json", input=AMMON.read_bytes())
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["source"] == "-" and summary["title"] == "World must show its support for Afghan opposition"


def test_a_broken_glossary_row_stops_before_translating(syndicate_exe, translate_env, tmp_path):
    glossary = tmp_path / "broken.tsv"
    glossary.write_text("en\tar\tfa-AF\ttg\tru\ttype\tstatus\tvariants\tcase_sensitive\treplacement\tnote\n"
                        "Taliban\tطالبان\n", encoding="utf-8")
    completed = run_translate(syndicate_exe, AMMON, tmp_path / "out", translate_env, "--glossary", glossary)
    assert completed.returncode == 6
    assert completed.stderr.strip().splitlines()[-1] == (
        f"Error: glossary {glossary}:2: 2 of 11 columns (a tab-separated cell for every column, empty ones too: "
        f"tabs may have become spaces) (run `syndicate glossary lint {glossary}`)")
    assert not (tmp_path / "out").exists()
