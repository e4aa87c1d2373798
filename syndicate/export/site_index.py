"""output/index.html: every published article and its language versions, rebuilt from article.json files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..languages import LANGUAGES
from ..settings import Settings
from .messages import ENDONYMS
from .record import iter_records
from .templates import TemplateRenderer
from .urls import STYLESHEET_PATH, feed_path, page_path

LANGUAGE_ORDER = {lang.tag: position for position, lang in enumerate(LANGUAGES)}


@dataclass(frozen=True)
class IndexVersion:
    tag: str
    label: str
    direction: str
    href: str


@dataclass(frozen=True)
class IndexEntry:
    slug: str
    title: str
    outlet: str | None
    authors: str
    published_at: str  # first export of any of its languages
    versions: tuple[IndexVersion, ...]


def index_entries(out_dir: Path) -> tuple[list[IndexEntry], list[str]]:
    """The articles found under ``out_dir`` (newest first) and a warning for each unreadable record."""
    entries, warnings = [], []
    directions = {lang.tag: lang.direction for lang in LANGUAGES}
    for folder, record, problem in iter_records(out_dir, summary=True):
        if record is None:
            warnings.append(f"index skips {folder.name}: {problem}")
            continue
        languages = {tag: entry for tag, entry in record.get("languages", {}).items()
                     if entry.get("state") != "withdrawn"}
        if not languages:
            continue  # every edition withdrawn
        tags = sorted(languages, key=lambda tag: (LANGUAGE_ORDER.get(tag, 99), tag))
        source = record["source"]
        entries.append(IndexEntry(
            slug=folder.name,
            title=source.get("title") or folder.name,
            outlet=source.get("outlet"),
            authors=", ".join(source.get("authors") or ()),
            published_at=min((languages[tag]["published_at"] for tag in tags), default=record["updated_at"]),
            versions=tuple(IndexVersion(tag, ENDONYMS.get(tag, tag), directions.get(tag, "ltr"),
                                        page_path(folder.name, tag)) for tag in tags),
        ))
    entries.sort(key=lambda entry: (entry.published_at, entry.slug), reverse=True)
    return entries, warnings


def render_index(out_dir: Path, *, settings: Settings, renderer: TemplateRenderer) -> tuple[str, list[str]]:
    """The index page's HTML and any warnings about folders it had to skip."""
    entries, warnings = index_entries(out_dir)
    feeds = [IndexVersion(lang.tag, ENDONYMS.get(lang.tag, lang.name), lang.direction, feed_path(lang.tag))
             for lang in LANGUAGES if (out_dir / feed_path(lang.tag)).is_file()]
    html = renderer.render("index.html", entries=entries, feeds=feeds, publisher=settings.publisher,
                           stylesheet=STYLESHEET_PATH)
    return html, warnings
