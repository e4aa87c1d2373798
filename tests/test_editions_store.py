"""The editorial database itself: what "changes waiting" means, and opening a database an
earlier version wrote."""

import sqlite3
from dataclasses import replace

from syndicate.article import TermCheck
from syndicate.editions.model import DRAFT, PUBLISHED, Edition
from syndicate.editions.store import SCHEMA_VERSION, EditionStore

NOW = "2026-12-07T09:00:00+00:00"


def published(translation, working=None) -> Edition:
    return Edition("slug", translation.language, PUBLISHED, working or translation, translation,
                   first_published_at=NOW, public_updated_at=NOW)


def test_changes_waiting_means_the_reader_would_see_a_difference(tmp_path, seed_article, seed_translations):
    """Edition.pending and the summaries' changes_waiting are one rule: new checks or versions on
    the same text are no change; a changed sentence is."""
    text = seed_translations[0]
    rechecked = replace(text, term_checks=(TermCheck("Taliban", ("طالبان",), "hit"),), route=("argos:en-ar@2",))
    reworded = replace(text, title=text.title + " (2)")
    editions = {"same": published(text), "rechecked": published(text, rechecked), "reworded": published(text, reworded)}
    with EditionStore(tmp_path / "editions.sqlite3") as store:
        for name, edition in editions.items():
            store.save(seed_article, name, versions={}, editions=[replace(edition, slug=name)], events=[], now=NOW)
        store.save(seed_article, "draft", versions={}, editions=[Edition("draft", "ar", DRAFT, reworded)], events=[],
                   now=NOW)
        waiting = {s.slug: s.changes_waiting for s in store.summaries()}
        pending = {e.slug: e.pending for e in store.editions()}
    assert waiting == pending == {"same": False, "rechecked": False, "reworded": True, "draft": False}


def test_a_database_from_before_digests_is_brought_up_to_date_once(tmp_path, seed_article, seed_translations):
    path = tmp_path / "editions.sqlite3"
    text = seed_translations[0]
    with EditionStore(path) as store:
        store.save(seed_article, "a", versions={}, editions=[published(text, replace(text, title="changed"))],
                   events=[], now=NOW)
    with sqlite3.connect(path) as connection:  # as version 2 left it: no digests
        connection.execute("UPDATE editions SET working_digest = NULL, public_digest = NULL")
        connection.execute("PRAGMA user_version = 2")
    connection.close()
    with EditionStore(path) as store:
        [summary] = store.summaries()
        assert summary.changes_waiting is True
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("SELECT COUNT(*) FROM editions WHERE working_digest IS NULL").fetchone()[0] == 0
    connection.close()


def test_a_database_from_before_public_versions_counts_what_its_rows_tell(tmp_path, seed_article, seed_translations):
    from syndicate.editions.model import WITHDRAWN

    path = tmp_path / "editions.sqlite3"
    text = seed_translations[0]
    rows = {"published": published(text), "corrected": replace(published(text), corrected_at=NOW),
            "withdrawn": replace(published(text), state=WITHDRAWN, withdrawn_at=NOW),
            "draft": Edition("draft", "ar", DRAFT, text)}
    with EditionStore(path) as store:
        for name, edition in rows.items():
            store.save(seed_article, name, versions={}, editions=[replace(edition, slug=name)], events=[], now=NOW)
    with sqlite3.connect(path) as connection:  # as version 3 left it: no public versions
        connection.execute("UPDATE editions SET public_version = 0")
        connection.execute("PRAGMA user_version = 3")
    connection.close()
    with EditionStore(path) as store:
        versions = {edition.slug: edition.public_version for edition in store.editions()}
    assert versions == {"published": 1, "corrected": 2, "withdrawn": 2, "draft": 0}
