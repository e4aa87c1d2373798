"""The desk's editors and their sessions, in ``<workspace>/desk.sqlite3``.

Editors: names and scrypt password hashes. Sessions are kept here, not in the cookie: the cookie
carries a random token whose hash names a row, so the desk can end a session: logging out ends
it, a new password ends the editor's other sessions, removing the editor ends them all, and a
session unused for the idle time (setting desk_idle_minutes) or older than MAX_SESSION_AGE ends
by itself."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import time
from datetime import datetime, timezone

from ..errors import UsageError
from ..sqlite import Database, transaction

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
# scrypt at n=2**15, r=8 (32 MiB, ~0.1 s a check): OWASP's recommended floor is n=2**17 at
# p=1 for interactive logins on servers; a newsroom laptop is slower, the rate limit does the rest.
SCRYPT = {"n": 2**15, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024}

MAX_SESSION_AGE = 12 * 3600  # seconds: a session ends this long after its login, used or not
SEEN_EVERY = 30  # seconds: how often a session's last use is written down

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    salt BLOB NOT NULL,
    hash BLOB NOT NULL,
    parameters TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    started_at REAL NOT NULL,
    seen_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_name ON sessions (name);
"""


def password_hash(password: str, salt: bytes, parameters: dict = SCRYPT) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **parameters)


class UserStore(Database):
    """The desk's users and their sessions."""

    description = "desk user database"
    hint = "check the workspace folder (setting workspace) is writable"

    def __init__(self, path, *, clock=time.time):
        super().__init__(path)
        self.clock = clock

    def set_up(self, connection: sqlite3.Connection) -> None:
        connection.executescript(SCHEMA)

    def count(self) -> int:
        if not self.path.is_file():
            return 0
        return self._connect().execute("SELECT COUNT(*) FROM users").fetchone()[0]

    def add(self, name: str, password: str) -> str:
        """Add (or give a new password to) the editor ``name``; returns the name as stored. A new
        password ends the editor's sessions."""
        import json

        name = check_name(name)
        if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
            raise UsageError(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
        salt = secrets.token_bytes(16)
        connection = self._connect()
        with transaction(connection):
            connection.execute(
                "INSERT INTO users (name, salt, hash, parameters, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET salt = excluded.salt, hash = excluded.hash, "
                "parameters = excluded.parameters",
                (name, salt, password_hash(password, salt), json.dumps(SCRYPT),
                 datetime.now(timezone.utc).isoformat(timespec="seconds")))
            connection.execute("DELETE FROM sessions WHERE name = ?", (name,))
        return name

    def remove(self, name: str) -> str | None:
        """Remove the editor ``name`` and end their sessions; the name as it was stored, None if unknown."""
        if not self.path.is_file():
            return None
        connection = self._connect()
        wanted = " ".join(name.split())
        with transaction(connection):
            row = connection.execute("SELECT name FROM users WHERE name = ?", (wanted,)).fetchone()
            if row is None:
                return None
            connection.execute("DELETE FROM users WHERE name = ?", (row[0],))
            connection.execute("DELETE FROM sessions WHERE name = ?", (row[0],))
        return row[0]

    def verify(self, name: str, password: str) -> str | None:
        """The stored name when ``password`` is ``name``'s, else None (the time taken doesn't say which)."""
        import json

        row = None
        if self.path.is_file() and len(password) <= MAX_PASSWORD:
            row = self._connect().execute("SELECT name, salt, hash, parameters FROM users WHERE name = ?",
                                          (" ".join(name.split()),)).fetchone()
        if row is None:  # hash anyway, so an unknown name takes as long as a wrong password
            password_hash(password[:MAX_PASSWORD], b"\0" * 16)
            return None
        stored_name, salt, stored, parameters = row
        return stored_name if hmac.compare_digest(password_hash(password, salt, json.loads(parameters)), stored) else None

    def start_session(self, name: str) -> str:
        """A new session of the editor ``name``: the token for the cookie (only its hash is kept)."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        connection = self._connect()
        with transaction(connection):
            connection.execute("DELETE FROM sessions WHERE started_at < ?", (now - MAX_SESSION_AGE,))
            connection.execute("INSERT INTO sessions (token_hash, name, started_at, seen_at) VALUES (?, ?, ?, ?)",
                               (_token_hash(token), name, now, now))
        return token

    def session_user(self, token: str | None, idle_seconds: float) -> str | None:
        """The editor whose live session ``token`` is, else None (unknown, ended, idle for longer
        than ``idle_seconds`` or older than MAX_SESSION_AGE: such a session is ended now)."""
        if not token or not self.path.is_file():
            return None
        connection = self._connect()
        key = _token_hash(token)
        row = connection.execute("SELECT name, started_at, seen_at FROM sessions WHERE token_hash = ?",
                                 (key,)).fetchone()
        if row is None:
            return None
        name, started_at, seen_at = row
        now = self.clock()
        if now - seen_at > idle_seconds or now - started_at > MAX_SESSION_AGE:
            with transaction(connection):
                connection.execute("DELETE FROM sessions WHERE token_hash = ?", (key,))
            return None
        if now - seen_at > SEEN_EVERY:
            with transaction(connection):
                connection.execute("UPDATE sessions SET seen_at = ? WHERE token_hash = ?", (now, key))
        return name

    def end_session(self, token: str | None) -> None:
        """End the session ``token`` (logging out)."""
        if token and self.path.is_file():
            connection = self._connect()
            with transaction(connection):
                connection.execute("DELETE FROM sessions WHERE token_hash = ?", (_token_hash(token),))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def check_name(name: str) -> str:
    """An editor's name with whitespace collapsed; UsageError when empty, too long or with control characters."""
    from ..editions.inputs import MAX_NAME, clean_text

    return clean_text(name, "an editor's name", MAX_NAME)
