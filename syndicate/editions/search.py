"""Full-text search over every article's sentences, English and every translation (SQLite FTS5).

Each sentence is one row of ``sentences`` (slug, language, number as the desk numbers it, the text
as written) and one row of the FTS5 table ``sentence_search`` with the same rowid holding its
search key: the text with Arabic-script letter variants, digits, ZWNJ, marks and case unified
(glossary.normalize.target_key), so "كابل"/"کابل" or "۲۰۲۶"/"2026" find each other. The trigram
tokenizer matches any part of a word: an Arabic clitic (وكابل, بكابل) or a Russian case ending
(Кабуле) doesn't hide a word. The index is written in the same transaction as the editions it
comes from (store.save).
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..article import TranslatedArticle
from ..glossary.normalize import normalize_target, target_key
from .numbering import sentence_keys, sentence_order

SCHEMA = """
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    language TEXT NOT NULL,
    number INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sentences_by_edition ON sentences (slug, language);
CREATE VIRTUAL TABLE IF NOT EXISTS sentence_search USING fts5(key, tokenize = 'trigram');
"""

SOURCE = "en"  # the language of the source sentences' rows
MIN_TERM = 3  # trigram: shorter terms can't be matched by the index


def index_article(connection: sqlite3.Connection, slug: str, texts: Sequence[TranslatedArticle]) -> None:
    """Index ``slug``'s sentences: the source's and each of ``texts`` (every edition of the article,
    one per language, in registry order), replacing what was indexed for it."""
    order = sentence_order(texts)
    position = {key: number for number, key in enumerate(order, start=1)}
    rows: list[tuple[str, int, str]] = [(SOURCE, number, source) for number, (_, source, _) in enumerate(order, 1)]
    for text in texts:
        rows += [(text.language, position[key], pair.target)
                 for key, pair in zip(sentence_keys(text.sentences), text.sentences) if pair.target.strip()]
    drop_article(connection, slug)
    for language, number, sentence in rows:
        cursor = connection.execute("INSERT INTO sentences (slug, language, number, text) VALUES (?, ?, ?, ?)",
                                    (slug, language, number, sentence))
        connection.execute("INSERT INTO sentence_search (rowid, key) VALUES (?, ?)",
                           (cursor.lastrowid, target_key(sentence)))


def drop_article(connection: sqlite3.Connection, slug: str) -> None:
    ids = [row[0] for row in connection.execute("SELECT id FROM sentences WHERE slug = ?", (slug,))]
    connection.executemany("DELETE FROM sentence_search WHERE rowid = ?", [(rowid,) for rowid in ids])
    connection.execute("DELETE FROM sentences WHERE slug = ?", (slug,))


@dataclass(frozen=True)
class Hit:
    """A sentence that matches a search: where it is, and its text cut into (text, matched) runs."""

    slug: str
    title: str
    language: str
    number: int
    runs: tuple[tuple[str, bool], ...]


def query_terms(query: str) -> list[str]:
    """The search keys of a query's words (as the index keys them), longest first."""
    return sorted({term for term in target_key(query).split() if term}, key=len, reverse=True)


def search(connection: sqlite3.Connection, query: str, *, language: str | None = None, limit: int = 100
           ) -> list[Hit]:
    """The sentences holding every word of ``query`` (any case, letter variant or part of a word),
    the most recently written first (grouped by article, in reading order); words under three
    letters are matched in the sentences found by the others (or, alone, not at all).

    The index is read newest row first and stops after ``limit`` hits, so a common word costs no
    more than a rare one, however large the archive."""
    terms = query_terms(query)
    indexed = [term for term in terms if len(term) >= MIN_TERM]
    if not indexed:
        return []
    match = " AND ".join('"' + term.replace('"', '""') + '"' for term in indexed)
    where, arguments = ("AND s.language = ?", (language,)) if language else ("", ())
    rows = connection.execute(
        "SELECT s.id, s.slug, s.language, s.number, s.text FROM sentence_search f JOIN sentences s ON s.id = f.rowid "
        f"WHERE sentence_search MATCH ? {where} ORDER BY f.rowid DESC LIMIT ?", (match, *arguments, limit * 4))
    found = []
    for row_id, slug, tag, number, text in rows:
        runs = highlighted(text, terms)
        if runs is not None:  # else a short word of the query isn't in it
            found.append((row_id, slug, tag, number, runs))
            if len(found) == limit:
                break
    slugs = list(dict.fromkeys(slug for _, slug, _, _, _ in found))  # the most recently written first
    titles = dict(connection.execute(
        f"SELECT slug, json_extract(article, '$.title') FROM articles WHERE slug IN ({', '.join('?' * len(slugs))})",
        slugs)) if slugs else {}
    order = {slug: position for position, slug in enumerate(slugs)}
    found.sort(key=lambda hit: (order[hit[1]], hit[3], hit[0]))  # by article, then sentence, then language
    return [Hit(slug, titles.get(slug) or "", tag, number, runs) for _, slug, tag, number, runs in found]


def highlighted(text: str, terms: Sequence[str]) -> tuple[tuple[str, bool], ...] | None:
    """``text`` cut into (run, matched) with every occurrence of ``terms`` (search keys) marked;
    None when a term isn't in it."""
    normalized = normalize_target(text)
    key = normalized.text  # target_key's characters, case folded already
    marked = [False] * len(text)
    for term in terms:
        start, found = key.find(term), False
        while start != -1:
            found = True
            first, last = normalized.span(start, start + len(term))
            while last < len(text) and unicodedata.combining(text[last]):  # the word's harakat with it
                last += 1
            marked[first:last] = [True] * (last - first)
            start = key.find(term, start + len(term))
        if not found:
            return None
    runs: list[tuple[str, bool]] = []
    for char, flag in zip(text, marked):
        if runs and runs[-1][1] == flag:
            runs[-1] = (runs[-1][0] + char, flag)
        else:
            runs.append((char, flag))
    return tuple(runs)
