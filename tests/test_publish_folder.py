"""The output folder is served as it is: after batches (one taking over an earlier version's
ledger, lock and review pages) and a review, a plain static server over it serves the pages and
feeds, and nothing private is in the folder or reachable through the server."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from plugin_batch import check_output_folder, private_files, workspace_of

from syndicate.batch.ledger import Ledger

LANGS = ("ar", "ru")
BASE_URL = "https://partner.example/op-eds/"


@pytest.fixture
def static_server(tmp_path):
    """``python -m http.server`` over a folder, on 127.0.0.1 and a free port; yields a start function."""
    processes = []

    def start(folder: Path) -> str:
        process = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                                    "--directory", str(folder)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True)
        processes.append(process)
        port = re.search(r" port (\d+) ", process.stdout.readline()).group(1)
        return f"http://127.0.0.1:{port}/"

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def batch(run_cli, urls, out):
    result = run_cli("batch", *urls, "--to", ",".join(LANGS), "--out", out, "--jobs", "1", "--base-url", BASE_URL,
                     "--json")
    assert result.exit_code == 0, result.output
    return result


def test_a_served_output_folder_exposes_pages_and_feeds_and_nothing_private(
        installed_models_dir, http_server, wcxb_pages, run_cli, static_server, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("SYNDICATE_CACHE", "SYNDICATE_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    urls = [http_server.route(f"/op-ed/{page_id}", wcxb_pages[page_id]) for page_id in ("0442", "0079", "0781")]
    out = tmp_path / "out"
    workspace = workspace_of(out)
    first = json.loads(batch(run_cli, urls[:2], out).stdout)
    slugs = [item["slug"] for item in first["items"]]
    assert first["ledger"] == str(workspace.ledger)

    # what an earlier version left in the folder: its ledger, its lock file and review pages
    workspace.ledger.rename(out / ".syndicate-ledger.sqlite3")
    (out / ".syndicate-batch.lock").write_text("4242 batch 2020-01-01T00:00:00+00:00\n")
    (out / slugs[0] / "review.html").write_text("<p>an editor's note</p>", encoding="utf-8")

    second = batch(run_cli, urls, out)
    assert (f"warning: moved the batch ledger out of the public output folder: {out / '.syndicate-ledger.sqlite3'} "
            f"-> {workspace.ledger}") in second.stderr.splitlines()
    counts = json.loads(second.stdout)["counts"]
    assert (counts["unchanged"], counts["exported"]) == (2, 1)  # the moved ledger still knew the first two
    review = run_cli("review", out)
    assert review.exit_code == 0, review.output
    assert f"warning: deleted {out / slugs[0] / 'review.html'}" in review.stderr
    assert len(review.stdout.splitlines()) == 3
    assert all(Path(line).parent == workspace.review_dir for line in review.stdout.splitlines())

    slugs = check_output_folder(out, 3, LANGS)  # also: no private file anywhere in the folder
    files = [path for path in out.rglob("*") if path.is_file()]
    assert not [path for path in files if path.name.startswith(".") or path.suffix in (".sqlite3", ".lock")
                or path.name == "review.html"]
    assert sorted(p.name for p in workspace.root.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "editions.sqlite3", "ledger.sqlite3", "output.lock", "review"]
    with Ledger(workspace.ledger) as ledger:
        assert ledger.counts()["exported"] == 3

    base = static_server(out)
    public = [str(path.relative_to(out)) for path in files]
    assert {"index.html", "feeds/ar.xml", "feeds/ru.xml", f"{slugs[0]}/ar.html", f"{slugs[0]}/article.json"} <= set(
        public)
    for name in public:
        status, body = get(base + name)
        assert status == 200 and body == (out / name).read_bytes(), name
    private = [".syndicate-ledger.sqlite3", ".syndicate-ledger.sqlite3-wal", ".syndicate-batch.lock",
               *(f"{slug}/review.html" for slug in slugs), "ledger.sqlite3", "output.lock", "review/",
               f"review/{slugs[0]}.html", "../.syndicate/out/ledger.sqlite3", "%2e%2e/.syndicate/out/output.lock",
               f"..%2f.syndicate/out/review/{slugs[0]}.html"]
    for name in private:
        assert get(base + name)[0] == 404, name
    for folder in ["", *slugs, "feeds"]:  # the directory listings the server makes name nothing private
        status, body = get(base + folder + ("/" if folder else ""))
        assert status == 200 and b'href=".' not in body and b"sqlite3" not in body and b"review" not in body
    assert private_files(out) == []


def test_after_an_on_approval_run_the_served_folder_has_no_draft_text_database_or_editor_name(
        installed_models_dir, run_cli, static_server, tmp_path, monkeypatch):
    from syndicate.editions.store import EditionStore

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    desk, editor = "Partner Desk Name", "Editor Zainab Qaderi"
    (tmp_path / "syndicate.toml").write_text(f'editor = "{desk}"\npublish = "on-approval"\n', encoding="utf-8")
    out = tmp_path / "out"
    ammon = Path(__file__).parent / "fixtures" / "ammon-news.html"
    result = run_cli("translate", ammon, "--to", "ar,tg", "--out", out, "--base-url", BASE_URL, "--no-glossary")
    assert result.exit_code == 0, result.output
    workspace = workspace_of(out)
    with EditionStore(workspace.editions) as store:
        [article] = store.articles()
        drafts = {e.language: e.working for e in store.editions(article.slug)}
    # one language gets approved: its text and approver are public, the draft's are not
    approved = run_cli("approve", article.slug, "ar", "--editor", editor, "--out", out)
    assert approved.exit_code == 0, approved.output
    corrected = run_cli("correct", article.slug, "tg", 2, "Сиёҳнависи муҳаррир, ҳанӯз тасдиқ нашудааст.", "--editor", editor,
                        "--out", out, "--no-glossary")
    assert corrected.exit_code == 0, corrected.output

    base = static_server(out)
    files = [path for path in out.rglob("*") if path.is_file()]
    served = b""
    for path in files:
        status, body = get(base + str(path.relative_to(out)))
        assert status == 200, path
        served += body
    # the fa fixture model copies English, the Tajik converter makes it Cyrillic: text only the draft has
    tg_text = {pair.target for pair in drafts["tg"].sentences if len(pair.target) > 40 and pair.target != pair.source}
    assert tg_text and not [text for text in tg_text if text.encode("utf-8") in served]  # the tg draft stays private
    assert "Сиёҳнависи муҳаррир".encode("utf-8") not in served
    assert editor.encode("utf-8") in (out / article.slug / "ar.html").read_bytes()  # the approver, on ar only
    assert editor.encode("utf-8") not in served.replace((out / article.slug / "ar.html").read_bytes(), b"") \
        .replace((out / "feeds" / "ar.xml").read_bytes(), b"").replace((out / article.slug / "article.json").read_bytes(),
                                                                        b"")
    assert b"SQLite format" not in served and not (out / article.slug / "tg.html").exists()
    for name in ("../.syndicate/out/editions.sqlite3", f"../.syndicate/out/drafts/{article.slug}/tg.html",
                 "editions.sqlite3", f"drafts/{article.slug}/tg.html"):
        assert get(base + name)[0] == 404, name
    assert (workspace.drafts_dir / article.slug / "tg.html").is_file()
    assert private_files(out) == []
