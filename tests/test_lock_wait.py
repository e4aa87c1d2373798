"""A run that finds the output folder held waits for it (setting lock_wait), names whom it waits
for, and gives up with its own exit code (9) losing nothing: the re-run comes from memory."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import threading
import time
from pathlib import Path

from plugin_batch import workspace_of

from syndicate.export.lock import OutputLock, lock_holder

ROOT = Path(__file__).resolve().parent.parent
AMMON = ROOT / "tests" / "fixtures" / "ammon-news.html"


def start_translate(syndicate_exe, out: Path, env, lock_wait: float) -> subprocess.Popen:
    command = [syndicate_exe, "translate", str(AMMON), "--to", "ru", "--out", str(out),
               "--base-url", "https://partner.example/op-eds/"]
    env = {**env, "SYNDICATE_LOCK_WAIT": str(lock_wait)}
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stderr_lines(process: subprocess.Popen) -> queue.Queue:
    """Every stderr line of ``process`` as it comes, then None."""
    lines: queue.Queue = queue.Queue()

    def read():
        for line in process.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def wait_for_line(lines: queue.Queue, pattern: str, seen: list[str], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while (line := lines.get(timeout=max(0.01, deadline - time.monotonic()))) is not None:
        seen.append(line)
        if re.search(pattern, line):
            return line
    raise AssertionError(f"no line matching {pattern!r} in {''.join(seen)}")


def rest(lines: queue.Queue, seen: list[str]) -> str:
    while (line := lines.get(timeout=30)) is not None:
        seen.append(line)
    return "".join(seen)


def test_translate_waits_for_the_run_holding_the_folder_then_exports(syndicate_exe, batch_env, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    lock = OutputLock(workspace_of(out), "batch")
    lock.acquire()
    try:
        process = start_translate(syndicate_exe, out, batch_env, lock_wait=60)
        lines, seen = stderr_lines(process), []
        waiting = wait_for_line(lines, "waiting for", seen)
        started = workspace_of(out).lock.read_text().split()[2]
        assert waiting == (f"waiting for pid {os.getpid()} (syndicate batch, started {started}) to finish writing "
                           f"to {out} (up to 60 s, setting lock_wait)\n")
        time.sleep(1)
        assert process.poll() is None and not (out / "feeds").exists()
    finally:
        lock.release()
    process.wait(timeout=30)
    stderr = rest(lines, seen)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert (out / "feeds" / "ru.xml").is_file()
    assert lock_holder(workspace_of(out)) is None
    assert workspace_of(out).lock.read_text().split()[:2] == [str(process.pid), "translate"]


def test_translate_gives_up_after_lock_wait_with_its_own_code_and_the_rerun_is_from_memory(
        syndicate_exe, batch_env, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(workspace_of(out), "batch"):
        process = start_translate(syndicate_exe, out, batch_env, lock_wait=2)
        lines, seen = stderr_lines(process), []
        translated = wait_for_line(lines, r"^translate ru: ", seen)
        wait_for_line(lines, "waiting for", seen)
        waiting_since = time.monotonic()
        process.wait(timeout=10)
        waited = time.monotonic() - waiting_since
        stderr = rest(lines, seen)
    assert process.returncode == 9, stderr
    assert waited < 2 + 1, waited
    started = workspace_of(out).lock.read_text().split()[2]
    assert stderr.splitlines()[-1] == (
        f"Error: pid {os.getpid()} (syndicate batch, started {started}) is writing to {out}; gave up after waiting "
        "2 s (re-run when it is done: work already translated is in the translation memory, so a re-run is fast; "
        "raise lock_wait (SYNDICATE_LOCK_WAIT) to wait longer, or use another --out folder)")
    assert "Traceback" not in stderr
    assert not (out / "feeds").exists()
    sentences = int(re.match(r"translate ru: (\d+) sentences \((\d+) from memory\)", translated).group(1))

    rerun = start_translate(syndicate_exe, out, batch_env, lock_wait=2)
    _, stderr = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, stderr
    assert f"translate ru: {sentences} sentences ({sentences} from memory)" in stderr
    assert "waiting for" not in stderr
    assert (out / "feeds" / "ru.xml").is_file()


def test_ctrl_c_while_waiting_stops_translate_in_one_line_without_a_traceback(syndicate_exe, batch_env, tmp_path):
    import signal

    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(workspace_of(out), "batch"):
        process = start_translate(syndicate_exe, out, batch_env, lock_wait=60)
        lines, seen = stderr_lines(process), []
        wait_for_line(lines, r"waiting for pid", seen)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=120) == 130  # a bound for a loaded machine, not a speed test
        stderr = rest(lines, seen)
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert stderr.rstrip().splitlines()[-1].startswith("Interrupted (Ctrl-C)")
    assert not list(out.glob("*/article.json"))
