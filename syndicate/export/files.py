"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

from pathlib import Path

from ..atomic import replace_file
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
    """Write ``data`` to ``path`` atomically (``syndicate.atomic.replace_file``), readable by all."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        replace_file(path, payload, mode=0o644)  # mkstemp makes 0600; pages are meant to be served
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}", hint=WRITE_HINT) from error
    return path


def write_public(path: Path, data: str | bytes) -> Path:
    """``write_atomic`` for a file partners read: ExportError, and nothing written, when it holds
    executable markup or URLs (see guard.check_public_file)."""
    check_public_file(path.name, data)
    return write_atomic(path, data)
