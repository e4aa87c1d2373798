"""RSS 2.0 feeds, one per language: built and parsed with lxml, merged item by item.

Each export merges its items into ``feeds/<lang>.xml``: the same guid replaces the old item (a
correction keeps its guid and pubDate and gets a new ``atom:updated``), a withdrawn edition's
guid is removed, items stay newest first, the feed keeps ``settings.feed_max_items``. A feed that can't be read
back is moved aside as ``<lang>.xml.corrupt-<timestamp>`` and rebuilt from the article.json files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape, unescape
from pathlib import Path

from ..errors import ExportError
from ..languages import Language
from ..settings import Settings
from ..urls import safe_url
from .dates import parse_rfc822, require_aware, rfc822
from .files import write_public
from .urls import feed_url, site_url

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
NSMAP = {"atom": ATOM_NS, "content": CONTENT_NS, "dc": DC_NS}
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


@dataclass(frozen=True)
class FeedUpdate:
    """What merging into one feed did."""

    path: Path
    added: tuple[str, ...]  # guids new to the feed
    replaced: tuple[str, ...]  # guids that were already there
    dropped: tuple[str, ...]  # guids pushed out by feed_max_items
    removed: tuple[str, ...] = ()  # guids taken out (withdrawn editions)
    warnings: tuple[str, ...] = ()


class CorruptFeed(ValueError):
    """The feed on disk is not an RSS 2.0 document this module wrote."""


def merge_items(existing: Iterable[FeedItem], new: Iterable[FeedItem], max_items: int,
                remove: Iterable[str] = ()) -> list[FeedItem]:
    """New items replace existing ones with the same guid, ``remove``'s guids go; newest first;
    at most ``max_items``."""
    by_guid = {item.guid: item for item in existing}
    by_guid.update((item.guid, item) for item in new)
    for guid in remove:
        by_guid.pop(guid, None)
    ordered = sorted(by_guid.values(), key=lambda item: (item.published, item.guid), reverse=True)
    return ordered[: max(max_items, 0)]


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
    _text(channel, "lastBuildDate", rfc822(now))
    _text(channel, "generator", "syndicate")
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
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _text(parent, tag: str, text: str):
    from lxml import etree

    element = etree.SubElement(parent, tag)
    element.text = _XML_UNSAFE.sub("", text)
    return element


def parse_feed(data: bytes) -> list[FeedItem]:
    """The items of a feed written by ``render_feed``; CorruptFeed when it can't be one."""
    from lxml import etree

    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise CorruptFeed(f"not well-formed XML ({error})") from error
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise CorruptFeed("no <rss><channel>")
    items = []
    for number, element in enumerate(channel.findall("item"), start=1):
        guid, title, link, date = (element.findtext(tag) for tag in ("guid", "title", "link", "pubDate"))
        if not (guid and link and date) or title is None:  # a title may be empty: an untitled article's
            raise CorruptFeed(f"item {number} lacks guid, title, link or pubDate")
        try:
            published = parse_rfc822(date)
        except (TypeError, ValueError) as error:
            raise CorruptFeed(f"item {number}: bad pubDate {date!r}") from error
        source = element.find("source")
        updated = element.findtext(f"{{{ATOM_NS}}}updated")
        try:
            updated_at = datetime.fromisoformat(updated.replace("Z", "+00:00")) if updated else None
        except ValueError as error:
            raise CorruptFeed(f"item {number}: bad atom:updated {updated!r}") from error
        if updated_at is not None and updated_at.tzinfo is None:
            raise CorruptFeed(f"item {number}: atom:updated {updated!r} has no time zone")
        items.append(FeedItem(
            guid=guid,
            title=title,
            link=link,
            published=published,
            description=_plain(element.findtext("description")),
            content_html=element.findtext(f"{{{CONTENT_NS}}}encoded") or "",
            creator=element.findtext(f"{{{DC_NS}}}creator"),
            source_url=source.get("url") if source is not None else None,
            source_name=source.text if source is not None else None,
            categories=tuple(c.text for c in element.findall("category") if c.text),
            updated=updated_at,
        ))
    return items


def _plain(html: str | None) -> str | None:
    return unescape(html) if html is not None else None


def update_feed(
    path: Path,
    new_items: Sequence[FeedItem],
    *,
    language: Language,
    settings: Settings,
    now: datetime,
    rebuild: Callable[[], list[FeedItem]],
    remove: Sequence[str] = (),
) -> FeedUpdate:
    """Merge ``new_items`` into the feed at ``path``, take the items of the guids in ``remove``
    out, and write it atomically.

    When the file on disk is corrupt it is kept as ``<name>.corrupt-<timestamp>`` and the feed is
    rebuilt from ``rebuild()`` (the items every article.json in the output folder gives).
    """
    now = require_aware(now)
    warnings: list[str] = []
    existing: list[FeedItem] = []
    if path.exists():
        try:
            existing = parse_feed(path.read_bytes())
        except OSError as error:
            raise ExportError(f"cannot read feed {path}: {error.strerror or error}") from error
        except CorruptFeed as error:
            backup = _backup_path(path, now)
            try:
                path.rename(backup)
            except OSError as rename_error:
                raise ExportError(f"feed {path} is corrupt and cannot be moved aside: {rename_error}") from rename_error
            existing = rebuild()
            warnings.append(f"feed {path} was corrupt ({error}); kept it as {backup.name} and rebuilt it "
                            f"from the article.json files ({len(existing)} items)")
    old_guids = {item.guid for item in existing}
    merged = merge_items(existing, new_items, settings.feed_max_items, remove)
    write_public(path, render_feed(merged, language=language, settings=settings, now=now))
    kept = {item.guid for item in merged}
    new_guids = [item.guid for item in new_items]
    removed = tuple(guid for guid in remove if guid in old_guids)
    return FeedUpdate(
        path=path,
        added=tuple(guid for guid in new_guids if guid not in old_guids),
        replaced=tuple(guid for guid in new_guids if guid in old_guids),
        dropped=tuple(sorted((old_guids | set(new_guids)) - kept - set(remove))),
        warnings=tuple(warnings),
        removed=removed,
    )


def _backup_path(path: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while backup.exists():
        counter += 1
        backup = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    return backup
