"""article.json: everything one export knows about an article, for partners' programs. syndicate
itself reads it back only to adopt a folder an earlier version wrote (editions.adopt)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from ..article import Article, Block, TranslatedArticle
from ..translate.checks import QASummary
from ..urls import LINK_SCHEMES, safe_url
from .dates import iso
from .files import json_bytes

SCHEMA_VERSION = 1
RECORD_NAME = "article.json"


def build_record(
    article: Article,
    translations: Sequence[TranslatedArticle],
    *,
    slug: str,
    versions: dict,
    languages: dict[str, dict],
    updated_at: datetime,
) -> dict:
    """The article.json document. ``languages`` maps each tag to its files, URL, guid and first
    export time. The article and its translations stay dataclasses: ``record_json`` writes them."""
    return {
        "schema_version": SCHEMA_VERSION,
        "slug": slug,
        "updated_at": iso(updated_at),
        "source": _safe_article(article),
        "versions": versions,
        "languages": languages,
        "translations": [replace(t, blocks=_safe_blocks(t.blocks)) for t in translations],
        "term_qa": {translation.language: QASummary.of(translation).to_record() for translation in translations},
    }


def _safe_blocks(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """``blocks`` without the links and images whose URLs the URL policy refuses."""
    return tuple(replace(block, src=safe_url(block.src),
                         links=tuple(link for link in block.links if safe_url(link.href, schemes=LINK_SCHEMES)))
                 for block in blocks)


def _safe_article(article: Article) -> Article:
    """``article`` with only the URLs the URL policy allows."""
    return replace(article, url=safe_url(article.url), canonical_url=safe_url(article.canonical_url),
                   lead_image=safe_url(article.lead_image), blocks=_safe_blocks(article.blocks))


def record_json(record: dict) -> bytes:
    """article.json's bytes: JSON on one line. The record is for programs; indented, it was 1.6
    times the size."""
    return json_bytes(record)


def read_record(path: Path) -> dict:
    """A parsed article.json; ValueError (with the reason) when it isn't one this version can read."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: unreadable ({error})") from error
    if not isinstance(record, dict) or record.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"{path}: not an article.json of schema_version {SCHEMA_VERSION}")
    return record


def record_article(record: dict) -> tuple[Article, list[TranslatedArticle]]:
    """The source Article and the TranslatedArticles stored in a record."""
    article = Article.from_dict(record["source"])
    return article, [TranslatedArticle.from_dict(data, article) for data in record.get("translations", ())]


def iter_records(out_dir: Path) -> Iterator[tuple[Path, dict | None, str | None]]:
    """``(folder, record, problem)`` for every ``<slug>/article.json`` under ``out_dir``, sorted by folder."""
    if not out_dir.is_dir():
        return
    for path in sorted(out_dir.glob(f"*/{RECORD_NAME}")):
        try:
            yield path.parent, read_record(path), None
        except ValueError as error:
            yield path.parent, None, str(error)
