"""Translation memory: the model's n-best output per input sentence, in SQLite.

A row is keyed by (model input text, model version, decoding options) and holds the n-best
hypotheses as the model decoded them — before the route's post-processing (Dari table,
Persian→Tajik converter), which is cheap and runs on every use, so editing the Dari table never
invalidates the memory, and the Dari and Tajik routes share their en→fa rows.

``correction`` is an editor's corrected model output for that input (same language and form as
the hypotheses, hook placeholders included). When present it replaces the hypotheses whatever
the decoding options, so post-processing, the hook's choice and its checks still apply to it.

The database runs in WAL mode with a busy timeout, so two processes can share it; the
connection is opened on first use and owned by the TranslationMemory object.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError

SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    input TEXT NOT NULL,
    model TEXT NOT NULL,
    options TEXT NOT NULL,
    hypotheses TEXT NOT NULL,
    correction TEXT,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (input, model, options)
)
"""

# SQLite allows 32766 bound parameters; look inputs up in chunks well below that.
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class Remembered:
    """What the memory holds for one input: the n-best hypotheses, or an editor's correction."""

    hypotheses: tuple[str, ...]
    correction: str | None = None

    @property
    def best(self) -> tuple[str, ...]:
        """The hypotheses to use: the correction alone when there is one."""
        return (self.correction,) if self.correction is not None else self.hypotheses


class TranslationMemory:
    """An SQLite translation memory at ``path`` (created with its folder on first use)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._connection: sqlite3.Connection | None = None

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.execute(SCHEMA)
            except (OSError, sqlite3.Error) as error:
                raise UsageError(
                    f"translation memory {self.path} can't be opened: {error}",
                    hint="set cache_path (SYNDICATE_CACHE) to a writable file",
                ) from error
            self._connection = connection
        return self._connection

    def lookup(self, inputs: list[str], model: str, options: str) -> dict[str, Remembered]:
        """What the memory holds for each of ``inputs`` (those it has) under ``model`` and ``options``.

        A correction stored under any options of the same model counts.
        """
        wanted = list(dict.fromkeys(inputs))
        found: dict[str, Remembered] = {}
        corrections: dict[str, str] = {}
        connection = self._connect()
        for first in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[first : first + LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = connection.execute(
                f"SELECT input, options, hypotheses, correction FROM translations "
                f"WHERE model = ? AND input IN ({marks})",
                [model, *chunk],
            )
            for text, row_options, hypotheses, correction in rows:
                if correction is not None:
                    corrections[text] = correction
                if row_options == options:
                    found[text] = Remembered(tuple(json.loads(hypotheses)))
        for text, correction in corrections.items():
            found[text] = Remembered(found[text].hypotheses if text in found else (), correction)
        return found

    def store(self, translations: dict[str, list[str]], model: str, options: str) -> None:
        """Remember the n-best ``translations`` (input → hypotheses); keeps existing corrections."""
        if not translations:
            return
        connection = self._connect()
        rows = [(text, model, options, json.dumps(list(hyps), ensure_ascii=False)) for text, hyps in translations.items()]
        with _transaction(connection):
            connection.executemany(
                "INSERT INTO translations (input, model, options, hypotheses) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (input, model, options) DO UPDATE SET hypotheses = excluded.hypotheses",
                rows,
            )

    def set_correction(self, text: str, model: str, correction: str | None) -> None:
        """Store (or with None, clear) an editor's correction of ``model``'s output for ``text``."""
        connection = self._connect()
        with _transaction(connection):
            updated = connection.execute(
                "UPDATE translations SET correction = ? WHERE input = ? AND model = ?", (correction, text, model)
            ).rowcount
            if not updated and correction is not None:
                connection.execute(
                    "INSERT INTO translations (input, model, options, hypotheses, correction) VALUES (?, ?, '', '[]', ?)",
                    (text, model, correction),
                )

    def count(self) -> int:
        """How many rows the memory holds."""
        return self._connect().execute("SELECT COUNT(*) FROM translations").fetchone()[0]


class _transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *rest):
        self.connection.execute("ROLLBACK" if exc_type else "COMMIT")
