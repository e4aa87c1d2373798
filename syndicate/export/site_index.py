"""output/index.html: every published article and its language versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..languages import LANGUAGES, get_language
from ..settings import Settings
from .messages import ENDONYMS
from .templates import TemplateRenderer
from .urls import STYLESHEET_PATH, feed_path, listing_path, page_path

LANGUAGE_ORDER = {lang.tag: position for position, lang in enumerate(LANGUAGES)}


@dataclass(frozen=True)
class IndexVersion:
    tag: str
    label: str
    direction: str
    href: str


@dataclass(frozen=True)
class IndexFeed:
    tag: str
    label: str
    direction: str
    href: str  # the RSS feed
    listing: str  # every edition and its ninjs (export.write_listing)


@dataclass(frozen=True)
class IndexEntry:
    slug: str
    title: str
    outlet: str | None
    authors: str
    published_at: str  # the first publication of any of its languages
    versions: tuple[IndexVersion, ...]


def index_entry(slug: str, *, title: str | None, outlet: str | None, authors: Sequence[str],
                published: dict[str, str]) -> IndexEntry | None:
    """The index row of article ``slug`` whose editions in ``published`` (language → first
    publication, ISO) are public; None when none is."""
    if not published:
        return None
    tags = sorted(published, key=lambda tag: (LANGUAGE_ORDER.get(tag, 99), tag))
    return IndexEntry(
        slug=slug, title=title or slug, outlet=outlet, authors=", ".join(authors),
        published_at=min(published.values()),
        versions=tuple(IndexVersion(tag, ENDONYMS.get(tag, tag), get_language(tag).direction, page_path(slug, tag))
                       for tag in tags))


def render_index(entries: Sequence[IndexEntry], feed_languages: Sequence[str], *, settings: Settings,
                 renderer: TemplateRenderer) -> str:
    """The index page's HTML: ``entries`` newest first, and links to the feeds of ``feed_languages``."""
    ordered = sorted(entries, key=lambda entry: (entry.published_at, entry.slug), reverse=True)
    feeds = [IndexFeed(lang.tag, ENDONYMS.get(lang.tag, lang.name), lang.direction, feed_path(lang.tag),
                       listing_path(lang.tag)) for lang in LANGUAGES if lang.tag in feed_languages]
    return renderer.render("index.html", entries=ordered, feeds=feeds, publisher=settings.publisher,
                           stylesheet=STYLESHEET_PATH)
