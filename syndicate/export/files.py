"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import io
import json
from pathlib import Path

from ..article import json_value
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


def json_bytes(data, *, indent: int | None = None) -> bytes:
    """``data`` as UTF-8 JSON and a final newline, encoded as it is generated; the dataclasses of
    syndicate.article are written as their dicts without being copied first (article.json_value).
    Built as one string first, a 50,000-paragraph report's JSON cost several times its size."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=indent, default=json_value)
    buffer = io.BytesIO()
    chunks: list[str] = []
    for chunk in encoder.iterencode(data):
        chunks.append(chunk)
        if len(chunks) >= 4096:
            buffer.write("".join(chunks).encode("utf-8"))
            chunks.clear()
    buffer.write(("".join(chunks) + "\n").encode("utf-8"))
    return buffer.getvalue()
