"""Translation memory: the model's n-best output per input sentence, in SQLite.

A row is keyed by (model input text, model version, decoding options) and holds the n-best
hypotheses as the model decoded them — before the route's post-processing (Dari table,
Persian→Tajik converter), which is cheap and runs on every use, so editing the Dari table never
invalidates the memory, and the Dari and Tajik routes share their en→fa rows.

``truncated`` lists, per hypothesis, whether the model stopped at its length limit (NULL in rows
written before that was recorded: read as not truncated), so a re-run from the memory reports
what the first run reported.

``correction`` is an editor's corrected model output for that input (same language and form as
the hypotheses, hook placeholders included). When present it replaces the hypotheses whatever
the decoding options, so post-processing, the hook's choice and its checks still apply to it.

The database runs in WAL mode with a busy timeout, so two processes can share it; the
connection is opened on first use and owned by the TranslationMemory object.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import UsageError

SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    input TEXT NOT NULL,
    model TEXT NOT NULL,
    options TEXT NOT NULL,
    hypotheses TEXT NOT NULL,
    correction TEXT,
    truncated TEXT,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (input, model, options)
)
"""

# Columns added since the first schema, added to older databases on open.
ADDED_COLUMNS = {"truncated": "TEXT"}

# SQLite allows 32766 bound parameters; look inputs up in chunks well below that.
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class Remembered:
    """What the memory holds for one input: the n-best hypotheses, or an editor's correction."""

    hypotheses: tuple[str, ...]
    correction: str | None = None
    truncated: tuple[bool, ...] = ()  # per hypothesis; () when not recorded

    @property
    def best(self) -> tuple[str, ...]:
        """The hypotheses to use: the correction alone when there is one."""
        return (self.correction,) if self.correction is not None else self.hypotheses

    @property
    def best_truncated(self) -> tuple[bool, ...]:
        """Per hypothesis of ``best``, whether it stopped at the length limit (a correction never)."""
        if self.correction is not None:
            return (False,)
        return tuple(self.truncated[i] if i < len(self.truncated) else False for i in range(len(self.hypotheses)))


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
                connection = sqlite3.connect(self.path, timeout=OPEN_TIMEOUT, isolation_level=None)
                _set_up(connection)
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
                f"SELECT input, options, hypotheses, correction, truncated FROM translations "
                f"WHERE model = ? AND input IN ({marks})",
                [model, *chunk],
            )
            for text, row_options, hypotheses, correction, truncated in rows:
                if correction is not None:
                    corrections[text] = correction
                if row_options == options:
                    found[text] = Remembered(tuple(json.loads(hypotheses)),
                                             truncated=tuple(json.loads(truncated)) if truncated else ())
        for text, correction in corrections.items():
            found[text] = replace(found[text], correction=correction) if text in found else Remembered((), correction)
        return found

    def store(self, translations: dict[str, list[str]], model: str, options: str,
              truncated: dict[str, list[bool]] | None = None) -> None:
        """Remember the n-best ``translations`` (input → hypotheses) and which of them ``truncated``
        (input → one flag per hypothesis); keeps existing corrections."""
        if not translations:
            return
        truncated = truncated or {}
        connection = self._connect()
        rows = [(text, model, options, json.dumps(list(hyps), ensure_ascii=False),
                 json.dumps(list(truncated[text])) if any(truncated.get(text, ())) else None)
                for text, hyps in translations.items()]
        with _transaction(connection):
            connection.executemany(
                "INSERT INTO translations (input, model, options, hypotheses, truncated) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (input, model, options) DO UPDATE SET hypotheses = excluded.hypotheses, "
                "truncated = excluded.truncated",
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


OPEN_TIMEOUT = 30.0  # seconds another process may keep the database busy


def _set_up(connection: sqlite3.Connection) -> None:
    """WAL mode, the schema and any missing columns. Switching a new database to WAL can answer
    "database is locked" at once, without waiting (SQLite skips the busy handler there), when
    another process opens it at the same moment: try again until OPEN_TIMEOUT."""
    import time

    deadline = time.monotonic() + OPEN_TIMEOUT
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(SCHEMA)
            _add_columns(connection)
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _add_columns(connection: sqlite3.Connection) -> None:
    """Add the columns a database from an older syndicate lacks (another process may race us)."""
    present = {row[1] for row in connection.execute("PRAGMA table_info(translations)")}
    for name, kind in ADDED_COLUMNS.items():
        if name not in present:
            try:
                connection.execute(f"ALTER TABLE translations ADD COLUMN {name} {kind}")
            except sqlite3.OperationalError as error:
                if "duplicate column" not in str(error):
                    raise


class _transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *rest):
        self.connection.execute("ROLLBACK" if exc_type else "COMMIT")
