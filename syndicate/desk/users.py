"""The desk's editors: names and scrypt password hashes in ``<workspace>/desk.sqlite3``."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from datetime import datetime, timezone

from ..errors import UsageError
from ..sqlite import Database, transaction

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
# scrypt at n=2**15, r=8 (32 MiB, ~0.1 s a check): OWASP's recommended floor is n=2**17 at
# p=1 for interactive logins on servers; a newsroom laptop is slower, the rate limit does the rest.
SCRYPT = {"n": 2**15, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024}

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    salt BLOB NOT NULL,
    hash BLOB NOT NULL,
    parameters TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""


def password_hash(password: str, salt: bytes, parameters: dict = SCRYPT) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **parameters)


class UserStore(Database):
    """The desk's users."""

    description = "desk user database"
    hint = "check the workspace folder (setting workspace) is writable"

    def set_up(self, connection: sqlite3.Connection) -> None:
        connection.executescript(SCHEMA)

    def count(self) -> int:
        if not self.path.is_file():
            return 0
        return self._connect().execute("SELECT COUNT(*) FROM users").fetchone()[0]

    def add(self, name: str, password: str) -> str:
        """Add (or give a new password to) the editor ``name``; returns the name as stored."""
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
        return name

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


def check_name(name: str) -> str:
    """An editor's name with whitespace collapsed; UsageError when empty, too long or with control characters."""
    from ..editions.desk import MAX_NAME, clean_text

    return clean_text(name, "an editor's name", MAX_NAME)
