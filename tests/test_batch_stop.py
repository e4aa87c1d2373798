"""Ctrl-C (SIGINT to the whole process group, as a terminal sends it) and SIGTERM stop a batch
within seconds whatever is in flight: no traceback, exit 130 / 143, the sources in flight back
in the queue, the run recorded as interrupted, the lock released; a re-run completes everything."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from plugin_batch import WCXB_IDS, check_output_folder, workspace_of
from plugin_http import serve

from syndicate.export.lock import is_locked

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ar", "ru")
FAST, SLOW = WCXB_IDS[:3], WCXB_IDS[3:6]


def batch_command(syndicate_exe, urls: Path, out: Path, jobs: int) -> list[str]:
    return [syndicate_exe, "batch", str(urls), "--to", ",".join(LANGS), "--out", str(out), "--jobs", str(jobs),
            "--base-url", "https://partner.example/op-eds/"]


def ledger_states(out: Path) -> dict[str, str]:
    try:
        with sqlite3.connect(f"file:{workspace_of(out).ledger}?mode=ro", uri=True, timeout=1) as db:
            return dict(db.execute("SELECT source, state FROM sources"))
    except sqlite3.OperationalError:  # not there yet, or the schema is being created
        return {}


def status(syndicate_exe, out: Path, env) -> dict:
    completed = subprocess.run([syndicate_exe, "batch", "status", "--out", str(out), "--json"], env=env,
                               capture_output=True, text=True, check=True)
    return json.loads(completed.stdout)


def stop_when_busy(process: subprocess.Popen, server, out: Path, slow_urls, *, exported: int, signum: int,
                   whole_group: bool) -> float:
    """Send ``signum`` once ``exported`` articles are exported and two slow pages are being
    fetched (the third waits for a slot: two requests at a time per host); the seconds the
    batch then took to exit."""
    slow_paths = {url.removeprefix(server.base_url) for url in slow_urls}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        states = ledger_states(out)
        requested = {path for path, _ in server.requests}
        if sum(state == "exported" for state in states.values()) >= exported and len(slow_paths & requested) >= 2:
            break
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    else:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError("the batch never got busy")
    sent = time.monotonic()
    if whole_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    try:
        process.wait(timeout=15)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    return time.monotonic() - sent


def check_stopped(syndicate_exe, process, out: Path, env, slow_urls, *, code: int, name: str) -> str:
    stdout, stderr = process.communicate()
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    last = stderr.splitlines()[-1]
    assert last.startswith(f"batch: stopped by {name}: ") and last.endswith(
        " sources done; re-running the same command resumes"), stderr
    assert not is_locked(workspace_of(out))
    states = ledger_states(out)
    assert "failed" not in states.values(), states
    assert all(states[url] == "queued" for url in slow_urls), states
    report = status(syndicate_exe, out, env)
    assert report["running"] is False
    assert (report["last_run"]["outcome"], report["last_run"]["detail"]) == ("interrupted", name)
    text = subprocess.run([syndicate_exe, "batch", "status", "--out", str(out)], env=env, capture_output=True,
                          text=True, check=True).stdout
    assert "not running; last run interrupted at " in text and f"({name})" in text, text
    return stdout


def group_gone(pgid: int, within: float = 5) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    os.killpg(pgid, signal.SIGKILL)
    return False


def test_sigint_then_sigterm_stop_a_busy_batch_in_seconds_and_a_rerun_completes_it(
        syndicate_exe, batch_env, wcxb_pages, tmp_path):
    out = tmp_path / "out"
    with serve() as server:
        fast = [server.route(f"/op-ed/{page_id}", wcxb_pages[page_id]) for page_id in FAST]
        # answers long after the test is over: these fetches are in flight when the signal comes
        slow = [server.route(f"/slow/{page_id}", wcxb_pages[page_id], delay=60) for page_id in SLOW]
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join(fast + slow) + "\n")

        # Ctrl-C in a terminal: SIGINT to the batch and its two pool processes
        first = subprocess.Popen([*batch_command(syndicate_exe, urls, out, jobs=2), "--json"], env=batch_env,
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 start_new_session=True)
        took = stop_when_busy(first, server, out, slow, exported=len(fast), signum=signal.SIGINT, whole_group=True)
        summary = json.loads(check_stopped(syndicate_exe, first, out, batch_env, slow, code=130, name="SIGINT"))
        assert took < 5, took
        # Where the signal lands is up to the machine's load (an article marked exported in the
        # ledger a moment before the summary counts it): the counts add up, whatever the moment.
        assert summary["interrupted"] == "SIGINT"
        assert summary["unfinished"] + len(summary["items"]) == len(fast) + len(slow)
        assert summary["counts"]["exported"] <= len(fast) and summary["unfinished"] >= len(slow)
        assert all(item["status"] == "exported" for item in summary["items"])
        assert group_gone(first.pid), "pool processes outlived the interrupted batch"

        # `kill PID` (a service manager's stop): SIGTERM to the batch alone, translating in process
        second = subprocess.Popen(batch_command(syndicate_exe, urls, out, jobs=1), env=batch_env, cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        server.requests.clear()
        took = stop_when_busy(second, server, out, slow, exported=len(fast), signum=signal.SIGTERM,
                              whole_group=False)
        check_stopped(syndicate_exe, second, out, batch_env, slow, code=143, name="SIGTERM")
        assert took < 5, took

        for url in slow:  # the slow pages answer at once now
            server.route(url.removeprefix(server.base_url), wcxb_pages[url.rsplit("/", 1)[1]])
        final = subprocess.run(batch_command(syndicate_exe, urls, out, jobs=2), env=batch_env, cwd=ROOT,
                               capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    check_output_folder(out, len(fast) + len(slow), LANGS)
    report = status(syndicate_exe, out, batch_env)
    assert report["counts"]["exported"] == len(fast) + len(slow)
    assert (report["running"], report["last_run"]["outcome"]) == (False, "finished")


def translate_slowly(article, tags):
    """Stands in for worker.translate_in_process (pickled by name into the pool processes)."""
    time.sleep(60)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_translation_in_flight_does_not_delay_the_stop(jobs, installed_models_dir, http_server, wcxb_pages,
                                                       tmp_path, monkeypatch):
    from syndicate.batch import pools, worker
    from syndicate.batch.runner import BatchRequest, run_batch
    from syndicate.batch.threads import stop_on_signals
    from syndicate.languages import get_language
    from syndicate.settings import load_settings

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(worker.TranslationWorker, "translate", lambda self, article, tags: translate_slowly(article, tags))
    monkeypatch.setattr(pools, "translate_in_process", translate_slowly)
    url = http_server.route("/op-ed/1", wcxb_pages[FAST[0]])
    out = tmp_path / "out"
    request = BatchRequest((url,), (get_language("ru"),), load_settings(output_dir=str(out)), jobs=jobs)

    def interrupt_once_translating(event):
        if type(event).__name__ == "BatchStarted":  # the fetch and the translation start right after
            threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT)).start()

    started = time.monotonic()
    with stop_on_signals():
        summary = run_batch(request, on_event=interrupt_once_translating)
    took = time.monotonic() - started
    assert (summary.interrupted, summary.items, summary.unfinished) == ("SIGINT", (), 1)
    assert took < 1.0 + 3, took
    assert ledger_states(out) == {url: "queued"}
    assert not is_locked(workspace_of(out))
