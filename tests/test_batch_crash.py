"""A batch killed with SIGKILL mid-run, then re-run, leaves every article exported exactly once.

For real: `syndicate batch` runs in a subprocess (two translation processes) against pages on a
local server that answers slowly, is killed with SIGKILL once the ledger shows some articles
exported and others not, and is run again — twice: first the batch process alone (its pool
processes must then exit by themselves), later in the run its whole process group.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from plugin_batch import WCXB_IDS, check_output_folder, workspace_of
from plugin_http import serve

from syndicate.export.lock import is_locked

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ar", "fa-AF", "tg", "ru")


def exported_count(out_dir: Path) -> int:
    path = workspace_of(out_dir).ledger
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM sources WHERE state = 'exported'").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is being created
        return 0


def start_batch(syndicate_exe, urls: Path, out_dir: Path, env) -> subprocess.Popen:
    command = [syndicate_exe, "batch", str(urls), "--to", ",".join(LANGS), "--out", str(out_dir), "--jobs", "2",
               "--base-url", "https://partner.example/op-eds/"]
    # its own process group: the test can kill the batch with its pool (as a crash of the machine
    # would) and tell whether pool processes outlive a batch killed alone
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def kill_when_exported(process: subprocess.Popen, out_dir: Path, at_least: int, total: int, *,
                       whole_group: bool) -> int:
    """SIGKILL the batch (or its whole process group) once ``at_least`` articles are exported."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = exported_count(out_dir)
        if done >= at_least:
            if whole_group:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            process.wait(timeout=10)
            assert done < total, "the batch finished before it could be killed: slow the server down"
            # killed alone, the batch leaves its pool processes behind: they must notice and exit
            gone = time.monotonic() + 10
            while group_alive(process.pid) and time.monotonic() < gone:
                time.sleep(0.05)
            orphans = group_alive(process.pid)
            if orphans:
                os.killpg(process.pid, signal.SIGKILL)
            assert not orphans, "pool processes outlived the killed batch"
            return done
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    pytest.fail("the batch exported nothing within 60 s")


def test_a_batch_killed_twice_then_resumed_exports_every_article_exactly_once(
        syndicate_exe, batch_env, wcxb_pages, tmp_path):
    out = tmp_path / "out"
    with serve() as server:
        urls = [server.route(f"/op-ed/{page_id}", wcxb_pages[page_id], delay=0.25) for page_id in WCXB_IDS]
        url_file = tmp_path / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n")

        first = start_batch(syndicate_exe, url_file, out, batch_env)
        killed_at = [kill_when_exported(first, out, 2, len(urls), whole_group=False)]
        second = start_batch(syndicate_exe, url_file, out, batch_env)
        deadline = time.monotonic() + 30
        while not is_locked(workspace_of(out)) and time.monotonic() < deadline:
            time.sleep(0.02)
        running = subprocess.run([syndicate_exe, "batch", "status", "--out", str(out), "--json"], env=batch_env,
                                 capture_output=True, text=True, check=True)
        assert json.loads(running.stdout)["running"] is True
        killed_at.append(kill_when_exported(second, out, killed_at[0] + 4, len(urls), whole_group=True))
        assert killed_at[1] > killed_at[0]

        final = subprocess.run([syndicate_exe, "batch", str(url_file), "--to", ",".join(LANGS), "--out", str(out),
                                "--jobs", "2", "--base-url", "https://partner.example/op-eds/", "--json"],
                               env=batch_env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert final.returncode == 0, final.stderr
    assert exported_count(out) == len(urls)
    check_output_folder(out, len(urls), LANGS)
    status = json.loads(subprocess.run([syndicate_exe, "batch", "status", "--out", str(out), "--json"], env=batch_env,
                                       capture_output=True, text=True, check=True).stdout)
    assert (status["counts"]["exported"], status["total"], status["running"]) == (len(urls), len(urls), False)
