"""Atomic file replacement: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def replace_file(path: Path, payload: bytes, *, mode: int, check: Callable[[Path], None] | None = None) -> None:
    """Write ``payload`` to a temp file beside ``path`` (``.<name>.<random>.tmp``), fsync it, give it
    ``mode``, let ``check(temp_path)`` refuse it by raising, then ``os.replace`` it over ``path``
    and fsync the folder. OSError (and whatever ``check`` raises) leaves ``path`` as it was."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if check is not None:
            check(temp)
        os.replace(name, path)
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every filesystem allows opening a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
