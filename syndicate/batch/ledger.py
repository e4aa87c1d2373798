"""The batch ledger: one SQLite row per source, the single source of truth of a batch run.

States move queued → fetched → translated → exported, or to failed. Each transition is its own
committed transaction, so a run killed at any moment resumes from the last one. The ``runs``
table records each run: when it started and finished and how it ended. The database is the
workspace's ``ledger.sqlite3`` (see syndicate.workspace), never in the public output folder;
``adopt_legacy_ledger`` moves one an earlier version kept there.

Two hashes tell whether a source changed: ``page_hash`` (the page as read) lets a re-run skip
extraction when the page is byte-identical; ``content_hash`` (the extracted Article) decides
whether to translate again when the page changed but the article did not (rotating ads).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from ..workspace import Workspace

STATES = ("queued", "fetched", "translated", "exported", "failed")

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY,
    state TEXT NOT NULL DEFAULT 'queued',
    content_hash TEXT,
    page_hash TEXT,
    exported_hash TEXT,
    exported_key TEXT,
    slug TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    error_kind TEXT,
    timings TEXT NOT NULL DEFAULT '{}',
    versions TEXT NOT NULL DEFAULT '{}',
    added_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    pid INTEGER NOT NULL,
    started_at REAL NOT NULL,
    finished_at REAL,
    outcome TEXT,
    detail TEXT
);
"""

# How a run ended. A row with no outcome is the run going on now, or one killed before it could
# say (SIGKILL, power loss): `batch status` tells them apart by the folder's lock.
OUTCOMES = ("finished", "interrupted", "crashed")


@dataclass(frozen=True)
class Run:
    """One batch run as the ledger recorded it."""

    pid: int
    started_at: float
    finished_at: float | None
    outcome: str | None  # one of OUTCOMES; None while running, or when killed without a word
    detail: str | None  # the signal (SIGINT, SIGTERM) or the error that stopped it


@dataclass(frozen=True)
class Entry:
    """One source as the ledger knows it."""

    source: str
    state: str
    content_hash: str | None
    page_hash: str | None
    exported_hash: str | None
    exported_key: str | None
    slug: str | None
    attempts: int
    last_error: str | None
    error_kind: str | None
    timings: dict
    versions: dict
    updated_at: float

    def is_done(self, content_hash: str, run_key: str) -> bool:
        """Exported from this very content with the same languages, models and glossaries."""
        return self.state == "exported" and self.exported_hash == content_hash and self.exported_key == run_key


class Ledger:
    """A connection to the ledger database ``path`` (a workspace's ``ledger``). Use as a context manager."""

    def __init__(self, path: Path):
        from ..sqlite import open_database

        self.path = Path(path)
        self._db = open_database(self.path, lambda connection: connection.executescript(SCHEMA))
        self._db.row_factory = sqlite3.Row
        columns = {row["name"] for row in self._db.execute("PRAGMA table_info(sources)")}
        if "page_hash" not in columns:  # a ledger written before page hashes were kept
            self._db.execute("ALTER TABLE sources ADD COLUMN page_hash TEXT")

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def add(self, sources: list[str]) -> None:
        """Queue sources the ledger has not seen; known ones keep their state."""
        now = time.time()
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO sources (source, added_at, updated_at) VALUES (?, ?, ?)",
                [(source, now, now) for source in sources],
            )

    def get(self, source: str) -> Entry | None:
        row = self._db.execute("SELECT * FROM sources WHERE source = ?", (source,)).fetchone()
        return _entry(row) if row else None

    def entries(self, state: str | None = None) -> list[Entry]:
        if state is None:
            rows = self._db.execute("SELECT * FROM sources ORDER BY added_at, source")
        else:
            rows = self._db.execute("SELECT * FROM sources WHERE state = ? ORDER BY added_at, source", (state,))
        return [_entry(row) for row in rows]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for state, count in self._db.execute("SELECT state, COUNT(*) FROM sources GROUP BY state"):
            counts[state] = count
        return counts

    def start_attempt(self, source: str) -> None:
        self._update(source, "attempts = attempts + 1, last_error = NULL, error_kind = NULL", ())

    def mark(self, source: str, state: str, *, content_hash: str | None = None, page_hash: str | None = None,
             timings: dict | None = None, versions: dict | None = None) -> None:
        """Record that ``source`` reached ``state`` (not ``failed``: use ``fail``)."""
        if state not in STATES or state == "failed":
            raise ValueError(f"bad ledger state {state!r}")
        sets, values = ["state = ?"], [state]
        for column, value in (("content_hash", content_hash), ("page_hash", page_hash)):
            if value is not None:
                sets.append(f"{column} = ?")
                values.append(value)
        if timings is not None:
            sets.append("timings = ?")
            values.append(json.dumps(timings, sort_keys=True))
        if versions is not None:
            sets.append("versions = ?")
            values.append(json.dumps(versions, sort_keys=True))
        self._update(source, ", ".join(sets), values)

    def mark_exported(self, source: str, *, content_hash: str, run_key: str, slug: str, timings: dict,
                      versions: dict) -> None:
        self._update(
            source,
            "state = 'exported', content_hash = ?, exported_hash = ?, exported_key = ?, slug = ?, "
            "timings = ?, versions = ?",
            (content_hash, content_hash, run_key, slug, json.dumps(timings, sort_keys=True),
             json.dumps(versions, sort_keys=True)),
        )

    def set_page_hash(self, source: str, page_hash: str) -> None:
        """Remember the page as last read (its article unchanged), keeping the state."""
        self._update(source, "page_hash = ?", (page_hash,))

    def fail(self, source: str, error_kind: str, message: str, *, slug: str | None = None,
             timings: dict | None = None) -> None:
        """Record a failure; ``slug`` when some languages were exported before it."""
        self._update(
            source,
            "state = 'failed', error_kind = ?, last_error = ?, slug = COALESCE(?, slug), timings = ?",
            (error_kind, message, slug, json.dumps(timings or {}, sort_keys=True)),
        )

    def requeue(self, sources: list[str]) -> None:
        """Put sources a stopped run was working on back to ``queued`` (not failed): a re-run does them."""
        with self._db:
            self._db.executemany(
                "UPDATE sources SET state = 'queued', updated_at = ? WHERE source = ? AND state IN ('fetched', "
                "'translated')", [(time.time(), source) for source in sources])

    def start_run(self) -> int:
        """Record that a run starts now; its id for ``end_run``."""
        with self._db:
            cursor = self._db.execute("INSERT INTO runs (pid, started_at) VALUES (?, ?)", (os.getpid(), time.time()))
        return cursor.lastrowid

    def end_run(self, run_id: int, outcome: str, detail: str | None = None) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"bad run outcome {outcome!r}")
        with self._db:
            self._db.execute("UPDATE runs SET finished_at = ?, outcome = ?, detail = ? WHERE id = ?",
                             (time.time(), outcome, detail, run_id))

    def last_run(self) -> Run | None:
        row = self._db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        return Run(row["pid"], row["started_at"], row["finished_at"], row["outcome"], row["detail"])

    def _update(self, source: str, sets: str, values) -> None:
        with self._db:
            self._db.execute(
                f"UPDATE sources SET {sets}, updated_at = ? WHERE source = ?", (*values, time.time(), source)
            )


def _entry(row: sqlite3.Row) -> Entry:
    return Entry(
        source=row["source"],
        state=row["state"],
        content_hash=row["content_hash"],
        page_hash=row["page_hash"],
        exported_hash=row["exported_hash"],
        exported_key=row["exported_key"],
        slug=row["slug"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        error_kind=row["error_kind"],
        timings=json.loads(row["timings"]),
        versions=json.loads(row["versions"]),
        updated_at=row["updated_at"],
    )


def adopt_legacy_ledger(workspace: Workspace) -> str | None:
    """Move the ledger an earlier version kept in the output folder (with its -wal and -shm files)
    into the workspace when the workspace has none; a one-line warning when there was one to see to.

    Only while holding the OutputLock. The copy goes through SQLite's backup (consistent, WAL
    included, across filesystems) into a temp file renamed into place, then the old files go.
    """
    old, new = workspace.legacy_ledger, workspace.ledger
    if not old.is_file():
        return None
    if new.exists():
        return (f"an earlier version's batch ledger is still in the public output folder: {old} "
                f"(the ledger in use is {new}); delete it")
    new.parent.mkdir(parents=True, exist_ok=True)
    temp = new.with_name(f".{new.name}.moving")
    temp.unlink(missing_ok=True)
    source, target = sqlite3.connect(old), sqlite3.connect(temp)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    os.replace(temp, new)
    for path in (old, old.with_name(old.name + "-wal"), old.with_name(old.name + "-shm")):
        path.unlink(missing_ok=True)
    return f"moved the batch ledger out of the public output folder: {old} -> {new}"
