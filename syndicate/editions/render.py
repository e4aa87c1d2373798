"""The public folder, written from the editorial database: an article's pages, ninjs, article.json,
feeds and the index (through export), and the private previews of drafts."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from .. import __version__
from ..article import Article
from ..export.dates import iso, parse_iso
from ..export.exporter import (export_article, feed_item, lead_image_copy, withdrawal_item, write_index,
                               write_listing)
from ..export.feeds import newest_first, write_feed
from ..export.files import make_dir, write_atomic
from ..export.images import lead_image, translated_alt
from ..export.pages import body_html, render_page
from ..export.site_index import index_entry
from ..export.templates import TemplateRenderer
from ..export.urls import FEEDS_FOLDER, feed_path, item_guid
from ..languages import get_language
from ..settings import SITE_SETTINGS
from ..export.notice import PUBLISHED as PUBLIC_PUBLISHED
from ..export.notice import WITHDRAWN as PUBLIC_WITHDRAWN
from ..export.notice import EditionFacts
from .model import DRAFT, PUBLISHED, WITHDRAWN, Edition
from .store import EditionStore


def public_facts(edition: Edition) -> EditionFacts:
    """What the public pages say about ``edition`` (never an editor's name it didn't earn)."""
    return EditionFacts(
        state=PUBLIC_WITHDRAWN if edition.state == WITHDRAWN else PUBLIC_PUBLISHED,
        published_at=parse_iso(edition.first_published_at),
        updated_at=parse_iso(edition.public_updated_at),
        reviewed_by=edition.approved_by if edition.reviewed else None,
        reviewed_at=parse_iso(edition.approved_at) if edition.reviewed else None,
        corrected_at=parse_iso(edition.corrected_at),
        correction_note=edition.correction_note,
        withdrawn_at=parse_iso(edition.withdrawn_at),
        withdrawn_reason=edition.withdrawn_reason,
        version=max(edition.public_version, 1),
    )


def render(store: EditionStore, slug: str, out_dir: Path, settings, *, now: datetime, update_index: bool = True,
           drafts_dir: Path | None = None, images_dir: Path | None = None, feed_items: dict | None = None):
    """Write the public files of ``slug`` from the store (published editions, withdrawal notices,
    ninjs, article.json), the feeds of its languages and the index (unless ``update_index`` is
    False), and mark it rendered; draft previews go to ``drafts_dir`` (in the workspace); a lead
    image copied into ``images_dir/<slug>/`` goes beside the pages. ``feed_items`` as in
    write_feeds. The ExportResult, or None when nothing of it is public."""
    stored = store.article(slug)
    if stored is None:
        return None
    editions = store.editions(slug)
    public = [e for e in editions if e.state == PUBLISHED or (e.state == WITHDRAWN and e.was_published)]
    result = None
    if public:
        make_dir(out_dir / FEEDS_FOLDER)  # first: an output folder it can't be made in fails before any file is written
        result = export_article(stored.article, [e.public or e.working for e in public], out_dir, settings,
                                versions=stored.versions, now=now, slug=slug,
                                facts={e.language: public_facts(e) for e in public},
                                lead_image_file=lead_image_copy(images_dir / slug) if images_dir else None)
        feeds = write_feeds(store, out_dir, settings, [e.language for e in public], now=now, items=feed_items,
                            images_dir=images_dir)
        files = result.files + tuple(feeds)
        if update_index:
            files += (write_site_index(store, out_dir, settings),)
        result = replace(result, files=files)
    if drafts_dir is not None:
        write_draft_previews(stored.article, editions, drafts_dir / slug, settings, now=now)
    store.mark_rendered(slug, stored.revision)
    return result


def write_feeds(store: EditionStore, out_dir: Path, settings, languages: Sequence[str], *, now: datetime,
                items: dict | None = None, images_dir: Path | None = None) -> list[Path]:
    """Write the feed of each of ``languages`` from the store: its ``feed_max_items`` newest
    published editions, newest first, with the editions withdrawn in the last
    ``withdrawn_retention_days`` among them as withdrawal notices under their guids (feed readers
    replace the text they cached); the paths written. A feed whose editions (by version) and
    site settings are those it was last written with is left as it is, without building it; one
    built again to the same text is left as it is too, so a feed's lastBuildDate says when its
    items last changed. ``items``: the feed items built so far with these settings, by (slug,
    language, edition version), which this fills in: a batch builds each item once. ``images_dir``
    as in render: an item carries its lead image (the copy when there is one)."""
    items = {} if items is None else items
    site = {name: getattr(settings, name) for name in SITE_SETTINGS}
    withdrawn_since = iso(now - timedelta(days=settings.withdrawn_retention_days))
    written = []
    for tag in languages:
        candidates = store.feed_candidates(tag, withdrawn_since if settings.withdrawn_retention_days else None)
        chosen = newest_first(((parse_iso(first), item_guid(source_url, slug, tag), slug, version)
                               for slug, source_url, first, version in candidates), settings.feed_max_items,
                              key=lambda candidate: candidate[:2])  # (first publication, guid), texts unloaded
        key = hashlib.sha256(json.dumps([__version__, site, [(slug, version) for *_, slug, version in chosen]],
                                        sort_keys=True, default=str).encode("utf-8")).hexdigest()
        last = store.feed_state(tag)
        path = out_dir / feed_path(tag)
        if last and last[0] == key and path.is_file():
            continue
        for published_at, _guid, slug, version in chosen:
            if (slug, tag, version) not in items:
                items[slug, tag, version] = _feed_item(store.edition(slug, tag), published_at, settings,
                                                       images_dir)
        feed = write_feed(out_dir, [items[slug, tag, version] for _, _, slug, version in chosen],
                          language=get_language(tag), settings=settings, now=now,
                          last=(last[1], parse_iso(last[2])) if last else None)
        store.save_feed_state(tag, key, feed.digest, iso(feed.built_at))
        if feed.written:
            written.append(feed.path)
        written.append(write_listing(out_dir, tag, store.public_editions(tag), settings))
    return written


def _feed_item(edition: Edition, published_at: datetime, settings, images_dir: Path | None):
    text = edition.public or edition.working
    facts = public_facts(edition)
    if facts.withdrawn:
        return withdrawal_item(text, slug=edition.slug, settings=settings, published_at=published_at, facts=facts)
    copy = lead_image_copy(images_dir / edition.slug) if images_dir else None
    image = lead_image(text.source, settings.base_url, slug=edition.slug, copy=copy)
    return feed_item(text, slug=edition.slug, settings=settings, published_at=published_at,
                     body=body_html(text, base_url=settings.base_url),
                     facts=replace(facts, updated_at=facts.updated_at or published_at),
                     image=image and replace(image, description=translated_alt(text)))


def write_site_index(store: EditionStore, out_dir: Path, settings) -> Path:
    """Write index.html from the store: every article with a published edition, and the feeds."""
    entries = [index_entry(slug, title=source["title"], outlet=source["outlet"], authors=source["authors"],
                           published=published) for slug, source, published in store.index_rows()]
    return write_index(out_dir, [entry for entry in entries if entry], store.public_languages(), settings)


def write_draft_previews(article: Article, editions: Sequence[Edition], folder: Path, settings, *,
                         now: datetime) -> None:
    """Each draft (or changed, not yet approved) edition's page as it would be published, in the
    private ``folder``; previews of editions that no longer wait are deleted."""
    waiting = [e for e in editions if e.state == DRAFT or e.pending]
    languages = [get_language(e.language) for e in editions if e.state != WITHDRAWN]
    renderer = TemplateRenderer()
    if waiting:
        make_dir(folder)
    for edition in waiting:
        html = render_page(edition.working, slug=edition.slug, languages=languages, settings=settings,
                           published_at=parse_iso(edition.first_published_at) or now, updated_at=now,
                           renderer=renderer, facts=EditionFacts())
        write_atomic(folder / f"{edition.language}.html", html)
    waiting_languages = {edition.language for edition in waiting}
    for edition in editions:
        if edition.language not in waiting_languages:
            (folder / f"{edition.language}.html").unlink(missing_ok=True)
