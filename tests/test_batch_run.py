"""`syndicate batch` on real pages served on 127.0.0.1 and the fixture models (real CTranslate2):
per-source failures, resuming from the ledger, changes at the source, the folder lock, status."""

from __future__ import annotations

import json
import os
from pathlib import Path

import feedparser
import pytest
from plugin_batch import check_output_folder, workspace_of

from syndicate.batch.ledger import Ledger
from syndicate.export.lock import OutputLock

LANGS = ("ar", "ru")
GLOSSARY = min((Path(__file__).resolve().parent.parent / "glossaries").glob("*.tsv"))
NOT_AN_ARTICLE = b"<html><head><title>Home</title></head><body><p>Welcome to our site.</p></body></html>"


def write_urls(path: Path, urls) -> Path:
    path.write_text("# batch under test\n" + "\n".join(urls) + "\n", encoding="utf-8")
    return path


def run_batch_cli(run_cli, sources, out_dir, *extra, langs=LANGS):
    return run_cli("batch", *sources, "--to", ",".join(langs), "--out", out_dir, "--jobs", "1",
                   "--base-url", "https://partner.example/op-eds/", "--json", *extra)


def ledger_rows(out_dir: Path) -> dict:
    with Ledger(workspace_of(out_dir).ledger) as ledger:
        return {entry.source: entry for entry in ledger.entries()}


@pytest.fixture
def batch_home(installed_models_dir, tmp_path, monkeypatch):
    """A working folder with a private translation memory; the fixture models are installed."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SYNDICATE_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_good_sources_are_exported_and_each_failure_is_recorded_with_its_kind(
        batch_home, http_server, wcxb_pages, corpus, run_cli):
    good = [http_server.route(f"/op-ed/{page_id}", wcxb_pages[page_id]) for page_id in list(wcxb_pages)[:4]]
    missing = http_server.url("/op-ed/gone")
    slow = http_server.route("/op-ed/slow", wcxb_pages["0107"], delay=3)
    home = http_server.route("/", NOT_AN_ARTICLE)
    russian = http_server.route("/ru/football", (corpus / "outlets" / "football-ua-russian.html").read_bytes())
    urls = write_urls(batch_home / "urls.txt", [*good, missing, slow, home, russian])
    saved = batch_home / "saved-op-ed.html"  # a saved page is a source too
    saved.write_bytes(wcxb_pages["0392"])
    (batch_home / "syndicate.toml").write_text("timeout = 1.0\n")
    out = batch_home / "out"

    result = run_batch_cli(run_cli, [urls, saved], out)

    assert result.exit_code == 8, result.output
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: 4 of 9 sources failed (see `syndicate batch status --out {out}`; "
        "re-run with --retry-failed to try them again)")
    summary = json.loads(result.stdout)
    assert summary["counts"] == {"exported": 5, "unchanged": 0, "failed": 4, "skipped": 0}
    items = {item["source"]: item for item in summary["items"]}
    assert [items[url]["status"] for url in [*good, str(saved)]] == ["exported"] * 5
    assert all(items[url]["languages"] == dict.fromkeys(LANGS, "exported") for url in good)
    failures = {url: (items[url]["error_kind"], items[url]["error"]) for url in (missing, slow, home, russian)}
    assert failures[missing][0] == "fetch" and "HTTP 404" in failures[missing][1]
    assert failures[slow] == ("fetch", f"timed out after 1 s fetching {slow}")
    assert failures[home][0] == "content" and "no article text found" in failures[home][1]
    assert failures[russian][0] == "content" and "not English" in failures[russian][1]
    # plain progress lines (stderr is not a terminal here): one per source
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 9 and progress[-1].startswith("[9/9] ")

    check_output_folder(out, 5, LANGS)
    rows = ledger_rows(out)
    assert {url: rows[url].state for url in good} == dict.fromkeys(good, "exported")
    assert rows[missing].state == "failed" and rows[missing].error_kind == "fetch"
    assert set(rows[good[0]].timings) == {"fetch", "extract", "translate", "export"}
    assert set(rows[good[0]].versions["routes"]) == set(LANGS)

    status = run_cli("batch", "status", "--out", out, "--json")
    assert status.exit_code == 0
    report = json.loads(status.stdout)
    assert report["counts"] == {"queued": 0, "fetched": 0, "translated": 0, "exported": 5, "failed": 4}
    assert report["running"] is False
    assert {f["source"]: f["error_kind"] for f in report["failures"]} == {
        missing: "fetch", slow: "fetch", home: "content", russian: "content"}
    text = run_cli("batch", "status", "--out", out).stdout
    assert f"Batch in {out}: 9 sources, not running" in text
    assert "  exported    5" in text and f"  {missing}\n    fetch: HTTP 404" in text


def test_a_rerun_skips_what_is_done_and_retries_failures_only_when_asked(batch_home, http_server, wcxb_pages,
                                                                          run_cli):
    good = [http_server.route(f"/a/{page_id}", wcxb_pages[page_id]) for page_id in ("0442", "0079")]
    missing = http_server.url("/a/later")
    urls = write_urls(batch_home / "urls.txt", [*good, missing])
    out = batch_home / "out"
    # temp files an interrupted export would leave behind
    (out / "feeds").mkdir(parents=True)
    (out / "feeds" / ".ar.xml.k2j3h4.tmp").write_text("<rss")
    (out / "old-slug").mkdir()
    (out / "old-slug" / ".ar.html.x8s7d6.tmp").write_text("<html")

    first = run_batch_cli(run_cli, [urls], out)
    assert first.exit_code == 8
    assert "removed 2 temp files left by an interrupted run" in first.stderr
    assert not list(out.rglob("*.tmp"))
    feed_bytes = {tag: (out / "feeds" / f"{tag}.xml").read_bytes() for tag in LANGS}

    second = run_batch_cli(run_cli, [urls], out)
    assert second.exit_code == 8
    assert json.loads(second.stdout)["counts"] == {"exported": 0, "unchanged": 2, "failed": 0, "skipped": 1}
    assert "(1 failed earlier: --retry-failed to retry)" in second.stderr
    assert "translate" not in second.stderr
    assert {tag: (out / "feeds" / f"{tag}.xml").read_bytes() for tag in LANGS} == feed_bytes  # not even rewritten

    http_server.route("/a/later", wcxb_pages["0781"])  # the page is there now
    assert json.loads(run_batch_cli(run_cli, [urls], out).stdout)["counts"]["skipped"] == 1
    retried = run_batch_cli(run_cli, [urls], out, "--retry-failed")
    assert retried.exit_code == 0, retried.output
    assert json.loads(retried.stdout)["counts"] == {"exported": 1, "unchanged": 2, "failed": 0, "skipped": 0}
    rows = ledger_rows(out)
    assert (rows[missing].state, rows[missing].attempts, rows[missing].last_error) == ("exported", 2, None)
    assert [rows[url].attempts for url in good] == [1, 1]
    check_output_folder(out, 3, LANGS)

    # Pages carry canonical links: a new public URL exports everything again.
    moved = run_cli("batch", urls, "--to", ",".join(LANGS), "--out", out, "--jobs", "1", "--json",
                    "--base-url", "https://partner.example/moved/")
    assert json.loads(moved.stdout)["counts"]["exported"] == 3
    assert "https://partner.example/moved/" in (out / "feeds" / "ar.xml").read_text()


def test_changes_at_the_source_and_in_the_glossary_translate_again_into_the_same_folders(
        batch_home, http_server, wcxb_pages, run_cli):
    pages = {path: wcxb_pages[page_id] for path, page_id in (("/x/1", "0285"), ("/x/2", "4104"), ("/x/3", "0351"))}
    urls = [http_server.route(path, body) for path, body in pages.items()]
    items = "".join(f"<item><title>{n}</title><link>{url}</link></item>" for n, url in enumerate(urls))
    feed = http_server.route("/opinion/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>Op-eds'
                             f"</title>{items}</channel></rss>".encode(), content_type="application/rss+xml")
    out = batch_home / "out"
    first = run_batch_cli(run_cli, [feed], out)
    assert first.exit_code == 0, first.output
    slugs = {item["source"]: item["slug"] for item in json.loads(first.stdout)["items"]}
    assert set(slugs) == set(urls)

    # /x/1: the article text changed; /x/2: only the page around it (an ad slot)
    body = pages["/x/1"].decode("utf-8")
    record = json.loads((out / slugs[urls[0]] / "article.json").read_text())
    first_paragraph = record["source"]["blocks"][0]["text"]
    assert first_paragraph[:40] in body
    http_server.route("/x/1", body.replace(first_paragraph[:40], "Editors corrected this sentence. "
                                           + first_paragraph[:40], 1).encode("utf-8"))
    http_server.route("/x/2", pages["/x/2"].replace(b"</body>", b"<div class='ad'>rotating ad 2</div></body>", 1))
    second = run_batch_cli(run_cli, [feed], out)
    statuses = {item["source"]: (item["status"], item["slug"]) for item in json.loads(second.stdout)["items"]}
    assert statuses == {urls[0]: ("exported", slugs[urls[0]]), urls[1]: ("unchanged", slugs[urls[1]]),
                        urls[2]: ("unchanged", slugs[urls[2]])}
    updated = json.loads((out / slugs[urls[0]] / "article.json").read_text())
    assert updated["source"]["blocks"][0]["text"].startswith("Editors corrected this sentence.")
    rows = ledger_rows(out)
    assert rows[urls[0]].attempts == 2 and rows[urls[1]].attempts == 1

    # A glossary (there was none) changes the run key: everything is translated again.
    third = run_batch_cli(run_cli, [feed], out, "--glossary", GLOSSARY)
    assert json.loads(third.stdout)["counts"]["exported"] == 3
    assert len({row.exported_key for row in ledger_rows(out).values()}) == 1
    check_output_folder(out, 3, LANGS)
    for tag in LANGS:
        entries = feedparser.parse((out / "feeds" / f"{tag}.xml").read_bytes()).entries
        assert sorted(entry.link.rstrip("/").split("/")[-2] for entry in entries) == sorted(slugs.values())


def test_a_language_without_a_model_fails_alone_and_is_reported(batch_home, http_server, wcxb_pages,
                                                                 fixture_packages, monkeypatch, run_cli):
    from syndicate.translate.packages import install_from_file

    models = batch_home / "models"
    install_from_file(fixture_packages / "translate-en_ar-fixture.argosmodel", models)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(models))
    url = http_server.route("/b/1", wcxb_pages["0442"])
    out = batch_home / "out"
    result = run_batch_cli(run_cli, [url], out, langs=("ar", "ru"))
    assert result.exit_code == 8
    assert "warning: ru can't be translated: " in result.stderr
    item = json.loads(result.stdout)["items"][0]
    assert (item["status"], item["error_kind"]) == ("failed", "model")
    assert item["languages"]["ar"] == "exported" and item["error"].startswith("ru: ")
    assert "syndicate models install" in item["error"]
    assert (out / item["slug"] / "ar.html").is_file() and not (out / "feeds" / "ru.xml").exists()
    assert ledger_rows(out)[url].slug == item["slug"]


def test_one_batch_per_output_folder(batch_home, run_cli):
    out = batch_home / "out"
    out.mkdir()
    urls = write_urls(batch_home / "urls.txt", ["https://news.example/a/1"])
    with OutputLock(workspace_of(out), "batch"):
        result = run_cli("batch", urls, "--to", "ar", "--out", out, "--base-url", "https://partner.example/",
                         env={"SYNDICATE_LOCK_WAIT": "0"})
    assert result.exit_code == 9
    started = workspace_of(out).lock.read_text().split()[2]
    assert result.stderr == (
        f"Error: pid {os.getpid()} (syndicate batch, started {started}) is writing to {out} (re-run when it is "
        "done: work already translated is in the translation memory, so a re-run is fast; raise lock_wait "
        "(SYNDICATE_LOCK_WAIT) to wait longer, or use another --out folder)\n")
    assert not workspace_of(out).ledger.exists() and list(out.iterdir()) == []


def test_status_of_a_folder_without_a_ledger_is_a_clear_error(batch_home, run_cli):
    result = run_cli("batch", "status", "--out", batch_home)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: no batch ledger for {batch_home} (looked in "
                                    f"{workspace_of(batch_home).root}) (run `syndicate batch SOURCES")


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise(capsys):
    from syndicate.batch.runner import BatchStarted, ItemFinished, ItemResult, BatchProgress
    from syndicate.cli.batch import ProgressPrinter

    events = [
        BatchStarted(total=3, to_do=3, executor="2 processes", run_key="k", unavailable={}, removed_temp_files=0),
        ItemFinished(ItemResult("https://a.example/1", "exported", "one", seconds=2.0),
                     BatchProgress(3, 1, 0, 0, elapsed=2.0, eta=4.0)),
        ItemFinished(ItemResult("https://a.example/2", "failed", None, "fetch", "HTTP 404 Not Found"),
                     BatchProgress(3, 1, 0, 1, elapsed=2.5, eta=1.25)),
        ItemFinished(ItemResult("https://a.example/3", "unchanged", "three"), BatchProgress(3, 1, 1, 1, 2.6, 0.0)),
    ]
    plain = ProgressPrinter(live=False)
    for event in events:
        plain(event)
    plain.close()
    assert capsys.readouterr().err.splitlines() == [
        "batch: 3 sources, 3 to check, translating on 2 processes",
        "[1/3] exported https://a.example/1 -> one/ (2.0 s)",
        "[2/3] FAILED https://a.example/2: fetch: HTTP 404 Not Found",
        "[3/3] unchanged https://a.example/3",
    ]
    live = ProgressPrinter(live=True)
    for event in events:
        live(event)
    live.close()
    err = capsys.readouterr().err
    assert "\r[########----------------] 1/3  done 1  failed 0  remaining 2  ETA 4s" in err
    assert "FAILED https://a.example/2: fetch: HTTP 404 Not Found\n" in err
    assert err.endswith("[########################] 3/3  done 2  failed 1  remaining 0\x1b[K\n")


def die(article, tags):
    """Stands in for a translation task whose process dies (out of memory, a crash in native code)."""
    os._exit(9)


def test_a_dead_pool_process_stops_the_batch_with_a_clear_error_and_a_rerun_resumes(
        batch_home, http_server, wcxb_pages, monkeypatch, run_cli):
    from syndicate.batch import pools
    from syndicate.batch.worker import translate_in_process

    url = http_server.route("/c/1", wcxb_pages["0442"])
    out = batch_home / "out"
    monkeypatch.setattr(pools, "translate_in_process", die)  # pickled by name: the pool process runs die()
    result = run_cli("batch", url, "--to", "ar", "--out", out, "--jobs", "2")
    assert result.exit_code == 5
    error = result.stderr.splitlines()[-1]
    assert error.startswith(f"Error: a translation worker died while translating {url}: ")
    assert error.endswith("(it may have run out of memory: try fewer --jobs; re-running the same command resumes "
                          "the batch)")
    assert ledger_rows(out)[url].state == "queued"  # back in the queue, not failed
    with Ledger(workspace_of(out).ledger) as ledger:
        run = ledger.last_run()
    assert (run.outcome, run.detail) == ("crashed", error.removeprefix("Error: ").split(" (it may")[0])

    monkeypatch.setattr(pools, "translate_in_process", translate_in_process)
    again = run_cli("batch", url, "--to", "ar", "--out", out, "--jobs", "1")
    assert again.exit_code == 0, again.output
    assert ledger_rows(out)[url].state == "exported"


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_batch_process_loads_its_glossary_once(batch_home, monkeypatch, jobs):
    from syndicate.batch import worker
    from syndicate.batch.pools import open_pool
    from syndicate.job import load_hook
    from syndicate.settings import load_settings

    settings = load_settings()
    config = worker.WorkerConfig(settings, (str(GLOSSARY),))
    hook = load_hook(settings, config.glossary_files)

    def load_again(*args, **kwargs):
        raise AssertionError("the glossary was linted and loaded a second time in the batch process")

    monkeypatch.setattr(worker, "load_hook", load_again)
    pool = open_pool("local", jobs, config, hook=hook)
    try:
        description = pool.describe(LANGS)
    finally:
        pool.close()
    assert description.glossary_version == hook.version
    assert set(description.routes) == set(LANGS)


@pytest.mark.parametrize(("given", "expected"), [((), ("config.toml",)), (("cli.toml",), ("cli.toml",))])
def test_batch_extraction_uses_profiles_from_the_option_else_the_settings(monkeypatch, tmp_path, given, expected):
    import syndicate.extract.profiles
    from syndicate.batch.runner import BatchRequest, _BatchLoop
    from syndicate.cli.options import job_settings

    seen = []
    monkeypatch.setattr(syndicate.extract.profiles, "load_profiles",
                        lambda files: seen.append(tuple(files)) or syndicate.extract.profiles.ProfileSet(()))
    config = tmp_path / "syndicate.toml"
    config.write_text('profiles = ["config.toml"]\n', encoding="utf-8")
    settings, languages = job_settings(str(config), tmp_path, None, None, "ar", given)
    request = BatchRequest(sources=(), languages=languages, settings=settings)
    _BatchLoop(request, None, None, None, None, (), "key", lambda event: None)
    assert seen == [expected]
