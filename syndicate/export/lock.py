"""One writer per output folder (a batch, or `syndicate translate` while it exports): an fcntl
lock file, and the clean-up only its holder may do.

The lock is ``<out>/.syndicate-batch.lock``, held with ``flock`` for the life of the run. The
kernel releases it when the process dies, even by SIGKILL, so a killed batch never leaves a
stale lock behind; the file itself stays and holds the last holder's pid for messages.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UsageError

LOCK_NAME = ".syndicate-batch.lock"


class OutputLock:
    """An exclusive, non-blocking lock on an output folder. Use as a context manager."""

    def __init__(self, out_dir: Path):
        self.path = Path(out_dir) / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise UsageError naming the batch that holds it."""
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            raise UsageError(
                f"another syndicate run (pid {holder or '?'}) is writing to {self.path.parent}",
                hint="wait for it to finish (`syndicate batch status` shows its progress) or use another --out folder",
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def is_locked(out_dir: Path) -> bool:
    """Whether a run holds the lock on ``out_dir`` right now."""
    import fcntl

    path = Path(out_dir) / LOCK_NAME
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops the shared lock if it was taken
    return False


def remove_stale_temp_files(out_dir: Path) -> list[Path]:
    """Delete temp files a killed export left (``.<name>.<random>.tmp``, see export.files.write_atomic).

    Only safe while holding the OutputLock: then no export is writing into ``out_dir``.
    """
    out_dir = Path(out_dir)
    stale = [path for pattern in (".*.tmp", "*/.*.tmp") for path in out_dir.glob(pattern) if path.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale
