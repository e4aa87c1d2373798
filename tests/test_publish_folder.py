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
    assert sorted(p.name for p in workspace.root.iterdir()) == ["ledger.sqlite3", "output.lock", "review"]
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
