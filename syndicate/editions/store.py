"""EditionStore: the editorial database (``<workspace>/editions.sqlite3``).

``articles`` holds each article's source and versions and two counters: ``revision`` (bumped by
every change, in the change's transaction) and ``rendered`` (the revision the public output
folder shows). An article whose ``rendered`` lags was changed by a command that was killed
before it finished writing the output folder; the next command that takes the folder renders it
again (job.OutputFolder), so a crash never leaves the database and the folder disagreeing for
long, and never loses an editor's work: the database commits first.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from ..article import Article, TranslatedArticle, json_value
from ..errors import ConflictError
from ..sqlite import Database, add_columns, transaction
from ..translate.checks import QASummary
from . import search
from .model import CORRECTED, Edition, Event, changes_waiting, text_digest
from .numbering import article_texts

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    slug TEXT PRIMARY KEY,
    source_url TEXT,
    article TEXT NOT NULL,
    versions TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    rendered INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS editions (
    slug TEXT NOT NULL REFERENCES articles (slug),
    language TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'withdrawn')),
    working TEXT NOT NULL,
    public TEXT,
    blocking TEXT NOT NULL DEFAULT '[]',
    first_published_at TEXT,
    public_updated_at TEXT,
    approved_by TEXT,
    approved_at TEXT,
    approved_digest TEXT,
    corrected_at TEXT,
    correction_note TEXT,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    public_version INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    summary TEXT NOT NULL DEFAULT '{}',
    working_digest TEXT,
    public_digest TEXT,
    PRIMARY KEY (slug, language)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    language TEXT NOT NULL,
    action TEXT NOT NULL,
    at TEXT NOT NULL,
    editor TEXT,
    note TEXT,
    sentence INTEGER,
    before TEXT,
    after TEXT
);
CREATE INDEX IF NOT EXISTS events_by_edition ON events (slug, language, id);
CREATE TABLE IF NOT EXISTS site (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feeds (
    language TEXT PRIMARY KEY,
    items TEXT NOT NULL,
    digest TEXT NOT NULL,
    built_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS migrations (
    name TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    note TEXT
);
"""

# Articles newest first; created_at has second precision, so the insertion order breaks its ties.
NEWEST_FIRST = "created_at DESC, rowid DESC"

SCHEMA_VERSION = 5  # PRAGMA user_version once a database has the columns below, its summaries, digests, public
# versions (4) and its search index (5)
# Columns added since the first schema, added to older databases on open.
ADDED_COLUMNS = {"version": "INTEGER NOT NULL DEFAULT 1", "summary": "TEXT NOT NULL DEFAULT '{}'",
                 "working_digest": "TEXT", "public_digest": "TEXT", "public_version": "INTEGER NOT NULL DEFAULT 0"}
ADDED_EVENT_COLUMNS = {"source": "TEXT"}

_PLAIN_COLUMNS = ("state", "first_published_at", "public_updated_at", "approved_by", "approved_at",
                  "approved_digest", "corrected_at", "correction_note", "withdrawn_at", "withdrawn_reason",
                  "public_version")


@dataclass(frozen=True)
class StoredArticle:
    """An article as the store keeps it."""

    slug: str
    article: Article
    versions: dict
    revision: int
    rendered: int
    created_at: str
    updated_at: str

    @property
    def needs_render(self) -> bool:
        return self.rendered < self.revision


class EditionStore(Database):
    """The editorial database at ``path`` (created with its folder on first use). A context manager."""

    description = "editorial database"
    hint = "check the workspace folder (setting workspace) is writable"
    row_factory = sqlite3.Row

    def set_up(self, connection: sqlite3.Connection) -> None:
        connection.executescript(SCHEMA + search.SCHEMA)
        if connection.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return  # up to date: no scan on every open
        add_columns(connection, "editions", ADDED_COLUMNS)
        add_columns(connection, "events", ADDED_EVENT_COLUMNS)
        unsummarised = connection.execute("SELECT slug, language, working FROM editions WHERE summary = '{}'").fetchall()
        blank = Article(url=None, title="", blocks=())
        for slug, language, working in unsummarised:  # rows from before summaries were kept
            summary = text_summary(TranslatedArticle.from_dict(json.loads(working), blank))
            connection.execute("UPDATE editions SET summary = ? WHERE slug = ? AND language = ?",
                               (_json(summary), slug, language))
        undigested = connection.execute("SELECT slug, language, working, public FROM editions "
                                        "WHERE working_digest IS NULL").fetchall()
        for slug, language, working, public in undigested:  # rows from before digests were kept
            digests = [text_digest(TranslatedArticle.from_dict(json.loads(text), blank)) if text else None
                       for text in (working, public)]
            connection.execute("UPDATE editions SET working_digest = ?, public_digest = ? WHERE slug = ? "
                               "AND language = ?", (*digests, slug, language))
        if connection.execute("PRAGMA user_version").fetchone()[0] < 4:  # public changes, as far as rows tell
            connection.execute("UPDATE editions SET public_version = (first_published_at IS NOT NULL) + "
                               "(corrected_at IS NOT NULL) + (state = 'withdrawn' AND first_published_at IS NOT NULL) "
                               "WHERE public_version = 0")
        if connection.execute("PRAGMA user_version").fetchone()[0] < 5:  # articles stored before the search index
            for (slug,) in connection.execute("SELECT slug FROM articles").fetchall():
                _index(connection, slug)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    # -- reading -------------------------------------------------------------------------------

    def article(self, slug: str) -> StoredArticle | None:
        row = self._connect().execute("SELECT * FROM articles WHERE slug = ?", (slug,)).fetchone()
        return _stored_article(row) if row else None

    def articles(self) -> list[StoredArticle]:
        """Every article, newest first."""
        rows = self._connect().execute(f"SELECT * FROM articles ORDER BY {NEWEST_FIRST}")
        return [_stored_article(row) for row in rows]

    def titles(self) -> dict[str, tuple[str, str]]:
        """slug → (source title, created_at) of every article, newest first, without loading the articles."""
        rows = self._connect().execute(f"SELECT slug, json_extract(article, '$.title'), created_at FROM articles "
                                       f"ORDER BY {NEWEST_FIRST}")
        return {slug: (title or "", created) for slug, title, created in rows}

    def owner_of(self, slug: str) -> tuple[bool, str | None]:
        """Whether ``slug`` is taken here, and by which source URL."""
        row = self._connect().execute("SELECT source_url FROM articles WHERE slug = ?", (slug,)).fetchone()
        return (True, row[0]) if row else (False, None)

    def editions(self, slug: str | None = None, language: str | None = None) -> list[Edition]:
        """The editions of ``slug`` (every article's when None; only ``language``'s when given), in
        slug then registry order."""
        from ..languages import LANGUAGES

        connection = self._connect()
        conditions = [(condition, value) for condition, value in (("e.slug = ?", slug), ("e.language = ?", language))
                      if value]
        where = ("WHERE " + " AND ".join(condition for condition, _ in conditions)) if conditions else ""
        arguments = tuple(value for _, value in conditions)
        rows = connection.execute(
            f"SELECT e.*, EXISTS (SELECT 1 FROM events v WHERE v.slug = e.slug "
            f"AND v.language = e.language AND v.action = ?) AS edited "
            f"FROM editions e JOIN articles a ON a.slug = e.slug {where}", (CORRECTED, *arguments))
        order = {lang.tag: position for position, lang in enumerate(LANGUAGES)}
        sources: dict[str, Article] = {}
        editions = []
        for row in rows:  # one row at a time: a long article's texts are large
            if row["slug"] not in sources:
                stored = connection.execute("SELECT article FROM articles WHERE slug = ?", (row["slug"],)).fetchone()
                sources[row["slug"]] = Article.from_dict(json.loads(stored[0]))
            editions.append(_edition_from_row(row, sources[row["slug"]]))
        return sorted(editions, key=lambda e: (e.slug, order.get(e.language, 99)))

    def summaries(self, slug: str | None = None) -> list[EditionSummary]:
        """Every edition (only ``slug``'s when given) without its texts, with the last editor's
        action: quick for thousands (the desk's list, `status`)."""
        from ..languages import LANGUAGES

        where, arguments = ("WHERE e.slug = ?", (slug,)) if slug else ("", ())
        rows = self._connect().execute(
            f"SELECT e.slug, e.language, e.version, e.summary, e.blocking, "
            f"{', '.join('e.' + name for name in _PLAIN_COLUMNS)}, "
            f"(SELECT COUNT(*) FROM events v WHERE v.slug = e.slug AND v.language = e.language "
            f" AND v.action = ?) AS corrections, "
            f"(SELECT v.editor || char(31) || v.action || char(31) || v.at || char(31) || v.id FROM events v "
            f" WHERE v.slug = e.slug "
            f" AND v.language = e.language AND v.editor IS NOT NULL ORDER BY v.id DESC LIMIT 1) AS last_touch, "
            f"e.working_digest, e.public_digest "
            f"FROM editions e {where}",
            (CORRECTED, *arguments)).fetchall()
        order = {lang.tag: position for position, lang in enumerate(LANGUAGES)}
        summaries = [_summary(row) for row in rows]
        return sorted(summaries, key=lambda e: (e.slug, order.get(e.language, 99)))

    def edition(self, slug: str, language: str) -> Edition | None:
        return next(iter(self.editions(slug, language)), None)

    def events(self, slug: str, language: str | None = None) -> list[Event]:
        """The history of ``slug`` (one language's, or all), oldest first."""
        query = "SELECT * FROM events WHERE slug = ?" + (" AND language = ?" if language else "") + " ORDER BY id"
        return _events(self._connect().execute(query, (slug, language) if language else (slug,)))

    def find_sentences(self, query: str, *, language: str | None = None, limit: int = 100) -> list[search.Hit]:
        """The sentences of every article, English and translations, that hold ``query`` (editions.search)."""
        return search.search(self._connect(), query, language=language, limit=limit)

    def correction_events(self) -> list[Event]:
        """Every correction in the history, of every article, oldest first."""
        return _events(self._connect().execute("SELECT * FROM events WHERE action = ? ORDER BY id", (CORRECTED,)))

    def corrections(self) -> dict[tuple[str, str], tuple[str, str | None, str]]:
        """(source sentence, language) → (wording, editor, at) of the latest correction of each."""
        rows = self._connect().execute(
            "SELECT source, language, after, editor, at FROM events WHERE action = ? AND source IS NOT NULL "
            "AND after IS NOT NULL ORDER BY id", (CORRECTED,))
        return {(source, language): (after, editor, at) for source, language, after, editor, at in rows}

    def feed_candidates(self, language: str, withdrawn_since: str | None = None
                        ) -> list[tuple[str, str | None, str, int]]:
        """(slug, source URL, first publication, version) of every published edition in
        ``language`` and of every one withdrawn at or after ``withdrawn_since`` (ISO; None: none),
        without loading their texts (the feed takes the newest of them)."""
        return [tuple(row) for row in self._connect().execute(
            "SELECT e.slug, a.source_url, e.first_published_at, e.version FROM editions e "
            "JOIN articles a ON a.slug = e.slug "
            "WHERE e.language = ? AND e.first_published_at IS NOT NULL AND (e.state = 'published' "
            "OR (e.state = 'withdrawn' AND e.withdrawn_at >= ?))", (language, withdrawn_since or "\uffff"))]

    def public_editions(self, language: str) -> list[dict]:
        """Every edition of ``language`` that was ever published, without its texts: slug, source
        URL, state, public version, first publication, last public change, withdrawal."""
        rows = self._connect().execute(
            "SELECT e.slug, a.source_url, e.state, e.public_version, e.first_published_at, e.public_updated_at, "
            "e.withdrawn_at FROM editions e JOIN articles a ON a.slug = e.slug "
            "WHERE e.language = ? AND e.first_published_at IS NOT NULL AND e.state != 'draft' ORDER BY e.slug",
            (language,))
        return [dict(row) for row in rows]

    def public_languages(self) -> list[str]:
        """The languages with an edition that was ever published (each has a feed)."""
        return [row[0] for row in self._connect().execute(
            "SELECT DISTINCT language FROM editions WHERE first_published_at IS NOT NULL")]

    def index_rows(self) -> list[tuple[str, dict, dict[str, str]]]:
        """(slug, source facts, language → first publication) of every article with a published
        edition: what the index lists, without loading the texts. The source facts are its title,
        outlet and authors."""
        rows = self._connect().execute(
            "SELECT a.slug, json_extract(a.article, '$.title'), json_extract(a.article, '$.outlet'), "
            "json_extract(a.article, '$.authors'), e.language, e.first_published_at "
            "FROM articles a JOIN editions e ON e.slug = a.slug "
            "WHERE e.state = 'published' AND e.first_published_at IS NOT NULL ORDER BY a.slug")
        found: dict[str, tuple[str, dict, dict[str, str]]] = {}
        for slug, title, outlet, authors, language, published in rows:
            source = {"title": title, "outlet": outlet, "authors": json.loads(authors) if authors else []}
            found.setdefault(slug, (slug, source, {}))[2][language] = published
        return list(found.values())

    def feed_state(self, language: str) -> tuple[str, str, str] | None:
        """(items, digest, lastBuildDate) the ``language`` feed was last written with: a key of
        the editions it holds, the digest of its text, when its items last changed."""
        row = self._connect().execute("SELECT items, digest, built_at FROM feeds WHERE language = ?",
                                      (language,)).fetchone()
        return tuple(row) if row else None

    def save_feed_state(self, language: str, items: str, digest: str, built_at: str) -> None:
        connection = self._connect()
        with transaction(connection):
            connection.execute("INSERT OR REPLACE INTO feeds (language, items, digest, built_at) VALUES (?, ?, ?, ?)",
                               (language, items, digest, built_at))

    def migrated(self, name: str) -> bool:
        """Whether the one-time step ``name`` ran on this database."""
        return self._connect().execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone() is not None

    def migration_note(self, name: str) -> str:
        """What the one-time step ``name`` said when it ran ('' if it didn't or said nothing)."""
        row = self._connect().execute("SELECT note FROM migrations WHERE name = ?", (name,)).fetchone()
        return (row[0] or "") if row else ""

    def mark_migrated(self, name: str, at: str, note: str | None = None) -> None:
        connection = self._connect()
        with transaction(connection):
            connection.execute("INSERT OR REPLACE INTO migrations (name, at, note) VALUES (?, ?, ?)", (name, at, note))

    def unrendered(self) -> list[str]:
        """The slugs whose last change the output folder doesn't show yet."""
        return [row[0] for row in self._connect().execute("SELECT slug FROM articles WHERE rendered < revision "
                                                          "ORDER BY slug")]

    # -- writing -------------------------------------------------------------------------------

    def save(self, article: Article, slug: str, *, versions: dict | None, editions: Sequence[Edition],
             events: Iterable[Event], now: str) -> int:
        """Store ``article`` under ``slug`` with ``editions`` (inserted or replaced) and ``events``,
        in one transaction; the article's new revision (``versions`` None keeps the stored ones).

        ConflictError, and nothing stored, when an edition's ``version`` (as it was read; 0 for
        "don't check") is no longer the stored one."""
        connection = self._connect()
        with transaction(connection):
            connection.execute(
                "INSERT INTO articles (slug, source_url, article, versions, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO UPDATE SET source_url = excluded.source_url, "
                "article = excluded.article, versions = CASE WHEN ? THEN excluded.versions ELSE versions END, "
                "revision = revision + 1, updated_at = excluded.updated_at",
                (slug, article.source_url, _json(article), _json(versions or {}), now, now,
                 versions is not None))
            for edition in editions:
                row = connection.execute("SELECT version FROM editions WHERE slug = ? AND language = ?",
                                         (slug, edition.language)).fetchone()
                if row and edition.version and row[0] != edition.version:
                    raise ConflictError(f"{slug} {edition.language} was changed by someone else meanwhile "
                                        f"(version {row[0]}, not {edition.version})",
                                        hint="reload it and make the change again")
                working = _json(edition.working)
                public = None if edition.public is None else (
                    working if edition.public is edition.working else _json(edition.public))  # one long string, once
                columns = {"slug": slug, "language": edition.language, "working": working, "public": public,
                           "blocking": _json(list(edition.blocking)),
                           **{name: getattr(edition, name) for name in _PLAIN_COLUMNS},
                           "version": (row[0] if row else 0) + 1, "summary": _json(text_summary(edition.working)),
                           "working_digest": text_digest(edition.working), "public_digest": text_digest(edition.public)}
                names = ", ".join(columns)
                connection.execute(f"INSERT OR REPLACE INTO editions ({names}) VALUES "
                                   f"({', '.join('?' * len(columns))})", tuple(columns.values()))
            _insert_events(connection, slug, events)
            _index(connection, slug, article, {e.language: e.working for e in editions})
            return connection.execute("SELECT revision FROM articles WHERE slug = ?", (slug,)).fetchone()[0]

    def add_events(self, slug: str, events: Iterable[Event]) -> None:
        """Add ``events`` that change no text (editors' marks): no new version, nothing to render."""
        connection = self._connect()
        with transaction(connection):
            _insert_events(connection, slug, events)

    def site_settings(self) -> dict:
        """The site settings (settings.SITE_SETTINGS) the last run used for this output folder."""
        return {name: json.loads(value) for name, value in self._connect().execute("SELECT name, value FROM site")}

    def save_site_settings(self, values: dict) -> None:
        connection = self._connect()
        with transaction(connection):
            connection.executemany("INSERT OR REPLACE INTO site (name, value) VALUES (?, ?)",
                                   [(name, _json(value)) for name, value in values.items()])

    def mark_rendered(self, slug: str, revision: int) -> None:
        """Record that the output folder shows ``slug`` as of ``revision``."""
        connection = self._connect()
        with transaction(connection):
            connection.execute("UPDATE articles SET rendered = MAX(rendered, ?) WHERE slug = ?", (revision, slug))


@dataclass(frozen=True)
class EditionSummary:
    """An edition without its texts: state, marks, counts, and who acted on it last."""

    slug: str
    language: str
    state: str
    version: int
    title: str
    sentences: int
    qa: dict  # check → flagged sentences
    terms: dict  # term-check status → count
    blocking: tuple[str, ...]
    corrections: int
    changes_waiting: bool  # published, and the working text differs from the public one
    first_published_at: str | None
    public_updated_at: str | None
    approved_by: str | None
    approved_at: str | None
    approved_digest: str | None
    corrected_at: str | None
    correction_note: str | None
    withdrawn_at: str | None
    withdrawn_reason: str | None
    public_version: int
    last_editor: str | None = None
    last_action: str | None = None
    last_at: str | None = None
    last_event: int = 0  # the id of that action in the history (orders actions within a second)

    @property
    def edited(self) -> bool:
        return self.corrections > 0


def text_summary(translation: TranslatedArticle) -> dict:
    """What the summaries keep of an edition's working text: title, sentence count, QA counts."""
    summary = QASummary.of(translation)
    return {"title": translation.title, "sentences": summary.sentences, "qa": summary.flags, "terms": summary.terms}


def _summary(row: sqlite3.Row) -> EditionSummary:
    summary = json.loads(row["summary"] or "{}")
    editor, action, at, event = (row["last_touch"].split("\x1f") if row["last_touch"] else (None, None, None, 0))
    return EditionSummary(
        slug=row["slug"], language=row["language"], state=row["state"], version=row["version"],
        title=summary.get("title", ""), sentences=summary.get("sentences", 0), qa=summary.get("qa", {}),
        terms=summary.get("terms", {}), blocking=tuple(json.loads(row["blocking"])), corrections=row["corrections"],
        changes_waiting=changes_waiting(row["state"], row["working_digest"], row["public_digest"]),
        last_editor=editor, last_action=action, last_at=at, last_event=int(event),
        **{name: row[name] for name in _PLAIN_COLUMNS if name != "state"})


def _index(connection: sqlite3.Connection, slug: str, article: Article | None = None,
           in_hand: dict[str, TranslatedArticle] | None = None) -> None:
    """Index ``slug``'s sentences for search (editions.search): the texts ``in_hand`` as given,
    the article's other editions as stored."""
    in_hand = in_hand or {}
    if article is None:
        article = Article.from_dict(json.loads(connection.execute("SELECT article FROM articles WHERE slug = ?",
                                                                  (slug,)).fetchone()[0]))
    stored = [TranslatedArticle.from_dict(json.loads(working), article) for language, working in connection.execute(
        "SELECT language, working FROM editions WHERE slug = ?", (slug,)) if language not in in_hand]
    search.index_article(connection, slug, article_texts(stored, list(in_hand.values())))


def _events(rows: Iterable[sqlite3.Row]) -> list[Event]:
    names = [f.name for f in fields(Event)]
    return [Event(**{name: row[name] for name in names}) for row in rows]


def _insert_events(connection: sqlite3.Connection, slug: str, events: Iterable[Event]) -> None:
    connection.executemany(
        "INSERT INTO events (slug, language, action, at, editor, note, sentence, before, after, source) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(slug, e.language, e.action, e.at, e.editor, e.note, e.sentence, e.before, e.after, e.source)
         for e in events])


def _json(data) -> str:
    """Compact JSON of ``data``; dataclasses of syndicate.article are written without copying them first."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=json_value)


def _stored_article(row: sqlite3.Row) -> StoredArticle:
    return StoredArticle(row["slug"], Article.from_dict(json.loads(row["article"])), json.loads(row["versions"]),
                         row["revision"], row["rendered"], row["created_at"], row["updated_at"])


def _edition_from_row(row: sqlite3.Row, source: Article) -> Edition:
    working = TranslatedArticle.from_dict(json.loads(row["working"]), source)
    if not row["public"]:
        public = None
    elif row["public"] == row["working"]:  # published as it stands: one object, not two copies
        public = working
    else:
        public = TranslatedArticle.from_dict(json.loads(row["public"]), source)
    return Edition(
        slug=row["slug"], language=row["language"],
        working=working,
        public=public,
        blocking=tuple(json.loads(row["blocking"])),
        edited=bool(row["edited"]),
        version=row["version"],
        **{name: row[name] for name in _PLAIN_COLUMNS},
    )
