"""RSS 2.0 feeds, one per language, built with lxml.

A feed is rendered whole from the items it should hold (editions.render picks them from the
editorial database: the ``feed_max_items`` newest published editions of the language), never
merged into what is on disk: a correction keeps its item's guid and pubDate and gets a new
``atom:updated``, a withdrawn edition's item is gone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

from ..languages import Language
from ..settings import Settings
from ..urls import safe_url
from .dates import require_aware, rfc822
from .files import make_dir, write_public
from .images import LeadImage
from .urls import feed_path, feed_url, listing_url, site_url

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
NSMAP = {"atom": ATOM_NS, "content": CONTENT_NS, "dc": DC_NS, "media": MEDIA_NS}
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # characters XML 1.0 can't hold


@dataclass(frozen=True)
class FeedItem:
    """One RSS item: a language version of an article."""

    guid: str
    title: str
    link: str
    published: datetime
    description: str | None
    content_html: str
    creator: str | None = None
    source_url: str | None = None
    source_name: str | None = None
    categories: tuple[str, ...] = ()
    updated: datetime | None = None  # the last change after publication (a correction, a review)
    image: LeadImage | None = None  # the lead image: an enclosure and media:content


def newest_first(items: Iterable, max_items: int, *, key=lambda item: (item.published, item.guid)) -> list:
    """The ``max_items`` newest of ``items`` (by first publication, then guid, as ``key`` gives
    them: FeedItems by default), newest first: what a feed holds."""
    return sorted(items, key=key, reverse=True)[: max(max_items, 0)]


def feed_title(settings: Settings, language: Language) -> str:
    """The feed's channel title, also the page head's RSS link title."""
    return settings.feed_title.format(publisher=settings.publisher, language=language.name)


def render_feed(items: Sequence[FeedItem], *, language: Language, settings: Settings, now: datetime) -> bytes:
    """The RSS 2.0 document for ``items`` (already merged and ordered); ``now`` is lastBuildDate."""
    from lxml import etree

    rss = etree.Element("rss", nsmap=NSMAP, version="2.0")
    channel = etree.SubElement(rss, "channel")
    _text(channel, "title", feed_title(settings, language))
    _text(channel, "link", site_url(settings.base_url))
    _text(channel, "description",
          settings.feed_description.format(publisher=settings.publisher, language=language.name))
    _text(channel, "language", language.tag)
    etree.SubElement(channel, f"{{{ATOM_NS}}}link", href=feed_url(settings.base_url, language.tag),
                     rel="self", type="application/rss+xml")
    etree.SubElement(channel, f"{{{ATOM_NS}}}link", href=listing_url(settings.base_url, language.tag),
                     rel="related", type="application/json",
                     title="Every edition and its current ninjs: version, status, last change (withdrawals too)")
    _text(channel, "copyright", f"Translations by {settings.publisher}; each original © its outlet, republished "
                                "with credit and a link to it.")
    _text(channel, "lastBuildDate", rfc822(now))
    _text(channel, "generator", "syndicate")
    _text(channel, "ttl", str(settings.feed_ttl))
    for item in items:
        element = etree.SubElement(channel, "item")
        _text(element, "title", item.title)
        _text(element, "link", item.link)
        guid = _text(element, "guid", item.guid)
        guid.set("isPermaLink", "false")
        _text(element, "pubDate", rfc822(item.published))
        if item.updated and item.updated != item.published:
            _text(element, f"{{{ATOM_NS}}}updated", item.updated.isoformat().replace("+00:00", "Z"))
        if item.description:  # readers show it as HTML: plain text goes in escaped
            _text(element, "description", escape(item.description, quote=False))
        _text(element, f"{{{CONTENT_NS}}}encoded", item.content_html)
        if item.creator:
            _text(element, f"{{{DC_NS}}}creator", item.creator)
        for category in item.categories:
            _text(element, "category", category)
        source_url = safe_url(item.source_url)
        if source_url:
            _text(element, "source", item.source_name or source_url).set("url", source_url)
        if item.image:
            _image(element, item.image)
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass(frozen=True)
class WrittenFeed:
    """One language's feed after ``write_feed``: its path, what it holds (``digest``) and since when."""

    path: Path
    digest: str
    built_at: datetime  # its lastBuildDate: when its items last changed
    written: bool  # False: it held these items already and was left as it was


_BUILD_DATE = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>")


def write_feed(out_dir: Path, items: Sequence[FeedItem], *, language: Language, settings: Settings, now: datetime,
               last: tuple[str, datetime] | None = None) -> WrittenFeed:
    """Write ``out_dir/feeds/<tag>.xml`` holding ``items`` (newest first). ``last`` is the digest and
    lastBuildDate it was written with the time before: when the items (and the settings a feed
    shows) are the same and the file is there, it is left alone, so its lastBuildDate changes
    only when its items do."""
    now = require_aware(now)
    path = Path(out_dir) / feed_path(language.tag)
    data = render_feed(items, language=language, settings=settings, now=now)
    digest = hashlib.sha256(_BUILD_DATE.sub(b"", data, count=1)).hexdigest()
    if last and last[0] == digest and path.is_file():
        return WrittenFeed(path, digest, last[1], written=False)
    make_dir(path.parent)
    write_public(path, data)
    return WrittenFeed(path, digest, now, written=True)


def _image(item, image: LeadImage) -> None:
    """The lead image as RSS readers take it (an enclosure: url, length, type) and as media RSS
    readers do (media:content with its size and dimensions when known)."""
    from lxml import etree

    if image.media_type:  # an enclosure must say its type; its length is 0 when unknown (a linked image)
        etree.SubElement(item, "enclosure", url=image.url, length=str(image.size or 0), type=image.media_type)
    attributes = {"url": image.url, "medium": "image", "type": image.media_type, "fileSize": image.size,
                  "width": image.width, "height": image.height}
    content = etree.SubElement(item, f"{{{MEDIA_NS}}}content",
                               {name: str(value) for name, value in attributes.items() if value is not None})
    if image.description:
        _text(content, f"{{{MEDIA_NS}}}description", image.description).set("type", "plain")


def _text(parent, tag: str, text: str):
    from lxml import etree

    element = etree.SubElement(parent, tag)
    element.text = _XML_UNSAFE.sub("", text)
    return element
