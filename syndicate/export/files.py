"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import ExportError
from .guard import check_public_file

WRITE_HINT = "check that the output folder exists, is a folder and is writable (setting output_dir)"


def make_dir(path: Path) -> Path:
    """Create ``path`` (and parents) or raise ExportError naming it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create folder {path}: {error.strerror or error}", hint=WRITE_HINT) from error
    return path


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` via a temp file in the same folder, fsync, then os.replace."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temp_name = None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)  # mkstemp makes 0600; pages are meant to be served
        os.replace(temp_name, path)
        temp_name = None
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}", hint=WRITE_HINT) from error
    finally:
        if temp_name is not None:
            Path(temp_name).unlink(missing_ok=True)
    _fsync_dir(path.parent)
    return path


def write_public(path: Path, data: str | bytes) -> Path:
    """``write_atomic`` for a file partners read: ExportError, and nothing written, when it holds
    executable markup or URLs (see guard.check_public_file)."""
    check_public_file(path.name, data)
    return write_atomic(path, data)


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
