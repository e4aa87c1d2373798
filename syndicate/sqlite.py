"""Opening the project's SQLite databases (translation memory, editions) the one way: WAL mode,
a busy timeout, autocommit connections with explicit ``BEGIN IMMEDIATE`` transactions."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from .errors import UsageError

OPEN_TIMEOUT = 30.0  # seconds another process may keep the database busy


def open_database(path: Path, set_up: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """A connection to ``path`` (its folder created) in WAL mode, after ``set_up`` (the schema) ran.

    Switching a new database to WAL can answer "database is locked" at once, without waiting
    (SQLite skips the busy handler there), when another process opens it at the same moment:
    the set-up is tried again until OPEN_TIMEOUT. Raises OSError or sqlite3.Error.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():  # SQLite gives the file the umask's mode (0644): a database is its owner's alone
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    # check_same_thread off: an object owning a connection may be used from another thread (the
    # desk's server threads) but never by two at once (the desk serialises its writes).
    connection = sqlite3.connect(path, timeout=OPEN_TIMEOUT, isolation_level=None, check_same_thread=False)
    deadline = time.monotonic() + OPEN_TIMEOUT
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            set_up(connection)
            return connection
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                connection.close()
                raise
            time.sleep(0.05)


def add_columns(connection: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    """Add the ``columns`` (name → type) a database from an older syndicate lacks (another process may race us)."""
    present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
    for name, kind in columns.items():
        if name not in present:
            try:
                connection.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
            except sqlite3.OperationalError as error:
                if "duplicate column" not in str(error):
                    raise


class transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *rest):
        self.connection.execute("ROLLBACK" if exc_type else "COMMIT")


class Database:
    """A database file at ``path``, opened on first use (with its folder) and owned by the object;
    a context manager. Subclasses say what it is (``description``), how to fix a path that can't
    be opened (``hint``) or a damaged file (``damaged_hint``), and set up the schema (``set_up``).

    Every public method of a subclass turns an SQLite error (a garbled page, a disk error, a
    lock held past the timeout) into a UsageError naming the file, never a traceback.
    """

    description = "database"
    hint: str | None = None
    damaged_hint = "the file may be damaged: restore it from a backup, or recover it with `sqlite3 FILE .recover`"
    row_factory = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        import inspect

        for name, method in list(vars(cls).items()):
            if inspect.isfunction(method) and not name.startswith("_") and name != "set_up":
                setattr(cls, name, _reported(method))

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._connection: sqlite3.Connection | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def set_up(self, connection: sqlite3.Connection) -> None:
        raise NotImplementedError

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            try:
                connection = open_database(self.path, self.set_up)
            except (OSError, sqlite3.Error) as error:
                damaged = isinstance(error, sqlite3.DatabaseError) and any(
                    words in str(error) for words in ("malformed", "not a database", "corrupt"))
                raise UsageError(f"{self.description} {self.path} can't be opened: {error}",
                                 hint=self.damaged_hint if damaged else self.hint) from error
            connection.row_factory = self.row_factory
            self._connection = connection
        return self._connection


def _reported(method):
    """``method`` with sqlite3 errors raised as UsageError naming the database."""
    import functools

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as error:
            raise UsageError(f"{self.description} {self.path}: {error}", hint=self.damaged_hint) from error

    return call
