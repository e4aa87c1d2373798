"""One writer per output folder (a batch, or `syndicate translate` while it exports): an fcntl
lock file, and the clean-up only its holder may do.

The lock guards the output folder, but its file is the workspace's ``output.lock`` (see
syndicate.workspace: never in the public folder), held with ``flock`` for the life of the run.
The kernel releases it when the process dies, even by SIGKILL, so a killed batch never leaves a
stale lock behind; the file itself stays and holds its last holder (pid, command, start time)
for messages. A run that finds the lock taken waits for it, up to the ``lock_wait`` setting.
Taking the lock deletes the lock file earlier versions left in the output folder.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import BusyError
from ..workspace import Workspace

POLL_INTERVAL = 0.1  # seconds between two tries while waiting


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or last held) an output folder's lock, as its lock file says."""

    pid: str
    command: str  # translate | batch | ? (unknown)
    started: str  # ISO 8601, or ? (unknown)

    @classmethod
    def parse(cls, text: str) -> LockHolder:
        pid, command, started = (text.split() + ["?"] * 3)[:3]
        return cls(pid, command, started)

    def describe(self) -> str:
        return f"pid {self.pid} (syndicate {self.command}, started {self.started})"


class OutputLock:
    """An exclusive lock on a workspace's output folder. Use as a context manager (no waiting) or call ``acquire``."""

    def __init__(self, workspace: Workspace, command: str = "translate"):
        self.workspace = workspace
        self.path = workspace.lock
        self.command = command
        self._fd: int | None = None

    def acquire(self, wait: float = 0.0, progress: Callable[[str], None] = lambda line: None) -> None:
        """Take the lock, waiting up to ``wait`` seconds for its holder (``progress`` says whom);
        BusyError naming the holder when it is still held then."""
        import fcntl

        self.workspace.create()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + wait
        announced = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    os.close(fd)
                    raise BusyError(
                        f"{holder.describe()} is writing to {self.workspace.output_dir}"
                        + (f"; gave up after waiting {wait:g} s" if wait else ""),
                        hint="re-run when it is done: work already translated is in the translation memory, so "
                             "a re-run is fast; raise lock_wait (SYNDICATE_LOCK_WAIT) to wait longer, or use "
                             "another --out folder",
                    ) from None
                if not announced:
                    progress(f"waiting for {_read_holder(fd).describe()} to finish writing to "
                             f"{self.workspace.output_dir} (up to {wait:g} s, setting lock_wait)")
                    announced = True
                time.sleep(min(POLL_INTERVAL, max(0.0, deadline - time.monotonic())))
            except BaseException:
                os.close(fd)
                raise
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {self.command} {started}\n".encode("ascii"), 0)
        self._fd = fd
        try:
            _remove_legacy_lock(self.workspace)
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _read_holder(fd: int) -> LockHolder:
    return LockHolder.parse(os.pread(fd, 200, 0).decode("ascii", "replace"))


def _remove_legacy_lock(workspace: Workspace) -> None:
    """Delete the lock file an earlier version kept in the output folder; BusyError while such a
    version still holds it (it doesn't know the workspace's lock)."""
    import fcntl

    path = workspace.legacy_lock
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read_holder(fd)
        raise BusyError(f"{holder.describe()}, an earlier syndicate version, is writing to {workspace.output_dir}",
                        hint="re-run when it is done") from None
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)


def lock_holder(workspace: Workspace) -> LockHolder | None:
    """Who holds the lock on the workspace's output folder right now; None when no run does."""
    import fcntl

    path = workspace.lock
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read_holder(fd)
    finally:
        os.close(fd)  # also drops the shared lock if it was taken
    return None


def is_locked(workspace: Workspace) -> bool:
    """Whether a run holds the lock on the workspace's output folder right now."""
    return lock_holder(workspace) is not None


def remove_stale_temp_files(out_dir: Path) -> list[Path]:
    """Delete temp files a killed export left (``.<name>.<random>.tmp``, see export.files.write_atomic).

    Those temp files are the only private files created in the public output folder, on purpose:
    each is made next to its target so that the rename onto it stays atomic (one filesystem),
    and lives for milliseconds; only a run killed mid-write leaves one, and this removes it.
    Only safe while holding the OutputLock: then no export is writing into ``out_dir``.
    """
    out_dir = Path(out_dir)
    stale = [path for pattern in (".*.tmp", "*/.*.tmp") for path in out_dir.glob(pattern) if path.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale
