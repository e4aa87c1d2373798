"""Translation memory: the model's n-best output per input sentence, in SQLite.

A row is keyed by (model input text, model version, decoding options) and holds the n-best
hypotheses as the model decoded them — before the route's post-processing (Dari table,
Persian→Tajik converter), which is cheap and runs on every use, so editing the Dari table never
invalidates the memory, and the Dari and Tajik routes share their en→fa rows.

``truncated`` lists, per hypothesis, whether the model stopped at its length limit (NULL in rows
written before that was recorded: read as not truncated), so a re-run from the memory reports
what the first run reported.

Corrections (table ``corrections``) are editors' final wording of one source sentence in one
output language (after the route: Dari, Tajik Cyrillic), keyed by the sentence and the language
tag, not by model, so they outlive model and glossary updates and reach every article with the
same sentence. The engine uses a correction instead of the model's output (syndicate correct
stores them; the hook's checks still run on them).

The database runs in WAL mode with a busy timeout (syndicate.sqlite), so two processes can share
it; the connection is opened on first use and owned by the TranslationMemory object.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from ..sqlite import Database, add_columns, transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    input TEXT NOT NULL,
    model TEXT NOT NULL,
    options TEXT NOT NULL,
    hypotheses TEXT NOT NULL,
    truncated TEXT,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (input, model, options)
);
CREATE TABLE IF NOT EXISTS corrections (
    source TEXT NOT NULL,
    language TEXT NOT NULL,
    target TEXT NOT NULL,
    editor TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (source, language)
);
"""

# Columns added since the first schema, added to older databases on open.
ADDED_COLUMNS = {"truncated": "TEXT"}

# SQLite allows 32766 bound parameters; look inputs up in chunks well below that.
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class Remembered:
    """What the memory holds for one input: the n-best hypotheses and which stopped at the length limit."""

    hypotheses: tuple[str, ...]
    truncated: tuple[bool, ...] = ()  # per hypothesis; () when not recorded

    @property
    def truncated_flags(self) -> tuple[bool, ...]:
        """One flag per hypothesis (False where not recorded)."""
        return tuple(self.truncated[i] if i < len(self.truncated) else False for i in range(len(self.hypotheses)))


class TranslationMemory(Database):
    """An SQLite translation memory at ``path`` (created with its folder on first use)."""

    description = "translation memory"
    hint = "set cache_path (SYNDICATE_CACHE) to a writable file"
    damaged_hint = ("it may be damaged; it is a cache but for editors' corrections, which the editorial "
                    "database copies back: move it aside and run again")

    def set_up(self, connection: sqlite3.Connection) -> None:
        connection.executescript(SCHEMA)
        add_columns(connection, "translations", ADDED_COLUMNS)

    def lookup(self, inputs: list[str], model: str, options: str) -> dict[str, Remembered]:
        """What the memory holds for each of ``inputs`` (those it has) under ``model`` and ``options``."""
        rows = self._rows_where_in("SELECT input, hypotheses, truncated FROM translations "
                                   "WHERE model = ? AND options = ? AND input IN ({marks})", [model, options], inputs)
        return {text: Remembered(tuple(json.loads(hypotheses)),
                                 truncated=tuple(json.loads(truncated)) if truncated else ())
                for text, hypotheses, truncated in rows}

    def _rows_where_in(self, query: str, arguments: list, values: list[str]) -> list[tuple]:
        """The rows of ``query`` (its ``{marks}`` the placeholders of an IN list) for the distinct
        ``values``, looked up in chunks below SQLite's limit on bound parameters."""
        wanted = list(dict.fromkeys(values))
        connection = self._connect()
        rows: list[tuple] = []
        for first in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[first : first + LOOKUP_CHUNK]
            rows.extend(connection.execute(query.format(marks=",".join("?" * len(chunk))), [*arguments, *chunk]))
        return rows

    def store(self, translations: dict[str, list[str]], model: str, options: str,
              truncated: dict[str, list[bool]] | None = None) -> None:
        """Remember the n-best ``translations`` (input → hypotheses) and which of them ``truncated``
        (input → one flag per hypothesis)."""
        if not translations:
            return
        truncated = truncated or {}
        connection = self._connect()
        rows = [(text, model, options, json.dumps(list(hyps), ensure_ascii=False),
                 json.dumps(list(truncated[text])) if any(truncated.get(text, ())) else None)
                for text, hyps in translations.items()]
        with transaction(connection):
            connection.executemany(
                "INSERT INTO translations (input, model, options, hypotheses, truncated) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (input, model, options) DO UPDATE SET hypotheses = excluded.hypotheses, "
                "truncated = excluded.truncated",
                rows,
            )

    def corrections(self, sources: list[str], language: str) -> dict[str, str]:
        """Editors' corrections of ``sources`` (source sentences) in ``language``: source → target."""
        return dict(self._rows_where_in("SELECT source, target FROM corrections WHERE language = ? "
                                        "AND source IN ({marks})", [language], sources))

    def correction_times(self, sources: list[str], language: str) -> dict[str, str]:
        """When each of ``sources`` was last corrected in ``language`` (ISO 8601), for those that were."""
        return dict(self._rows_where_in("SELECT source, at FROM corrections WHERE language = ? "
                                        "AND source IN ({marks})", [language], sources))

    def set_correction(self, source: str, language: str, target: str | None, *, editor: str = "", at: str = "") -> None:
        """Store an editor's ``target`` wording of the sentence ``source`` in ``language`` (None clears it)."""
        connection = self._connect()
        with transaction(connection):
            if target is None:
                connection.execute("DELETE FROM corrections WHERE source = ? AND language = ?", (source, language))
            else:
                connection.execute(
                    "INSERT INTO corrections (source, language, target, editor, at) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (source, language) DO UPDATE SET target = excluded.target, "
                    "editor = excluded.editor, at = excluded.at", (source, language, target, editor, at))

    def count(self) -> int:
        """How many rows the memory holds."""
        return self._connect().execute("SELECT COUNT(*) FROM translations").fetchone()[0]

