"""export_article: one article and its public editions → its folder (pages, ninjs, article.json);
write_index: the site's index.html. Both render what they are given, never what the folder held."""

from __future__ import annotations

import hashlib
from html import escape
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ..article import Article, TranslatedArticle
from ..errors import UsageError
from ..fetch.images import image_type
from ..languages import LANGUAGES, Language, get_language
from ..settings import Settings
from ..urls import safe_url, same_address, source_address
from .dates import iso, require_aware
from .feeds import FeedItem
from .files import json_bytes, make_dir, write_atomic, write_public
from .images import LeadImage, lead_image
from .ninjs import build_ninjs, build_withdrawn_ninjs
from .ninjs1 import to_ninjs1
from .notice import EditionFacts
from .messages import page_messages
from .pages import (body_html, credit_html, description, in_its_language, render_page, render_withdrawn,
                    withdrawal_notice)
from .record import RECORD_NAME, build_record, record_json
from .site_index import IndexEntry, render_index
from .slug import article_slug, check_slug
from .templates import TemplateRenderer
from .urls import (FEEDS_FOLDER, LEAD_IMAGE_NAME, STYLESHEET_PATH, feed_url, images_left_out, item_guid, ninjs_url,
                   page_url)


@dataclass(frozen=True)
class ExportResult:
    """What one export wrote."""

    slug: str
    folder: Path  # output/<slug>
    files: tuple[Path, ...]  # every file written
    warnings: tuple[str, ...]


def feed_item(translation: TranslatedArticle, *, slug: str, settings: Settings, published_at: datetime,
              body: str, facts: EditionFacts = EditionFacts(), image: LeadImage | None = None) -> FeedItem:
    """The RSS item of one language version: ``body`` (its sanitized HTML) followed by the
    notice (with any correction), credit and link to the original the page carries."""
    source = translation.source
    categories = tuple(dict.fromkeys(c for c in (source.section, "Opinion" if source.is_opinion else None,
                                                 *source.keywords) if c))
    return FeedItem(
        guid=item_guid(source.source_url, slug, translation.language),
        title=translation.title,
        link=page_url(settings.base_url, slug, translation.language),
        published=published_at,
        description=description(translation),
        content_html=in_its_language(f"{body}\n{credit_html(translation, settings, facts)}",
                                     get_language(translation.language)),
        creator=", ".join(source.authors) or None,
        source_url=source_address(source),
        source_name=source.outlet,
        categories=categories or ("News",),
        updated=facts.updated_at,
        image=image,
    )


def withdrawal_item(translation: TranslatedArticle, *, slug: str, settings: Settings, published_at: datetime,
                    facts: EditionFacts) -> FeedItem:
    """The RSS item that replaces a withdrawn edition's under the same guid: its title marked as
    withdrawn in its language, the notice (who, when, why, a link to the notice page) for
    content, ``atom:updated`` the withdrawal; none of its text."""
    language = get_language(translation.language)
    messages = page_messages(language.tag)
    notice = withdrawal_notice(messages, settings=settings, facts=facts)
    link = page_url(settings.base_url, slug, language.tag)
    paragraphs = "".join(f"<p>{escape(line, quote=False)}</p>\n" for line in notice)
    return FeedItem(
        guid=item_guid(translation.source.source_url, slug, language.tag),
        title=f"{messages.withdrawn_title}: {translation.title}" if translation.title else messages.withdrawn_title,
        link=link,
        published=published_at,
        description=" ".join(notice),
        content_html=in_its_language(f'{paragraphs}<p><a href="{escape(link)}">{escape(messages.withdrawn_title)}'
                                     "</a></p>", language),
        updated=facts.withdrawn_at or published_at,
    )


def _languages_of(translations: Sequence[TranslatedArticle]) -> list[Language]:
    languages: list[Language] = []
    for translation in translations:
        language = get_language(translation.language)
        if translation.language != language.tag:
            raise UsageError(f"translation language {translation.language!r} is not an output tag",
                             hint=f"use {language.tag!r}")
        if language in languages:
            raise UsageError(f"two translations into {language.tag} for one article")
        languages.append(language)
    return languages


def attribution_warnings(article: Article, settings: Settings) -> tuple[str, ...]:
    """What the credit every edition carries will lack, or take from elsewhere (the usage terms
    require a link to the original and credit to its author and outlet), one line each."""
    warnings = []
    address = source_address(article)
    if address and not safe_url(article.canonical_url):
        warnings.append(f"the page names no canonical URL: the credit links the address it was read from ({address})")
    elif not address:
        warnings.append("no address of the original to link, which the usage terms require: give --canonical-url")
    if not article.authors:
        warnings.append("no author found: the credit names the outlet only (give --author)")
    if not article.outlet:
        warnings.append("no outlet name found: the credit says \"the original publisher\"")
    if settings.publisher == Settings.publisher:
        warnings.append(f"the publisher is the default {Settings.publisher!r}: set publisher = 'Your Outlet' in "
                        "syndicate.toml; it names you in every credit, feed and ninjs")
    return tuple(warnings)


def choose_slug(article: Article, owner_of: Callable[[str], tuple[bool, str | None]], warnings: list[str]) -> str:
    """The article's folder name: its title's slug, or when another article (by source URL, as
    ``owner_of(slug)`` answers: taken?, by which URL) holds that, the slug with a stable suffix."""
    slug, warning = article_slug(article)
    if warning:
        warnings.append(warning)
    check_slug(slug)
    taken, owner = owner_of(slug)
    if not taken or same_address(owner, article.source_url):
        return slug
    # Same title, different article: keep both, each under a stable name.
    suffix = hashlib.sha256((article.source_url or article.title).encode("utf-8")).hexdigest()[:8]
    other = check_slug(f"{slug}-{suffix}")
    warnings.append(f"{slug}/ holds another article ({owner}); writing this one to {other}/")
    return other


def export_article(
    article: Article,
    translations: Sequence[TranslatedArticle],
    out_dir: Path,
    settings: Settings,
    *,
    slug: str,
    versions: dict,
    now: datetime,
    facts: Mapping[str, EditionFacts] | None = None,
    lead_image_file: Path | None = None,
) -> ExportResult:
    """Write ``out_dir/<slug>/{<lang>.html,<lang>.ninjs.json,article.json}`` for ``translations``,
    every public edition of the article (editions.render gives them from the editorial database).

    ``facts`` (language → EditionFacts; default: a machine translation published now) say what
    editors did to each edition: a withdrawn one gets a notice page at its URL and a
    ``canceled`` ninjs. ``lead_image_file`` (a copy of the lead image, setting copy_images) is
    written beside the pages, which show it. ``now`` (with a timezone) stamps what ``facts``
    leave undated; all output is a function of the inputs and ``now``. Raises ExportError when
    output can't be written, UsageError for translations in unknown or repeated languages.
    """
    now = require_aware(now)
    out_dir = Path(out_dir)
    _languages_of(translations)
    check_slug(slug)
    warnings: list[str] = []
    copied = f"{slug}/{lead_image_file.name}" if lead_image_file else None
    left_out = images_left_out(replace(article, lead_image=None) if copied else article, settings.base_url)
    if left_out:
        lead = safe_url(article.lead_image, base_url=source_address(article))
        fix = " (setting copy_images publishes a copy of the lead image instead)" if lead in left_out else ""
        warnings.append(f"left out {len(left_out)} http image(s) an https site can't show: {', '.join(left_out)}{fix}")
    renderer = TemplateRenderer()
    documents = _render_article(article, _in_registry_order(translations), slug=slug, settings=settings,
                                versions=versions, now=now, renderer=renderer, facts=dict(facts or {}),
                                lead_image=copied,
                                image=lead_image(article, settings.base_url, slug=slug, copy=lead_image_file))
    folder = make_dir(out_dir / slug)  # an unwritable output folder fails before any file is written
    written = [write_atomic(folder / lead_image_file.name, lead_image_file.read_bytes())] if lead_image_file else []
    written += [write_public(folder / name, text) for name, text in documents.items()]
    written.append(write_public(out_dir / STYLESHEET_PATH, renderer.read("syndicate.css")))
    return ExportResult(slug=slug, folder=folder, files=tuple(written), warnings=tuple(warnings))


def _in_registry_order(translations: Sequence[TranslatedArticle]) -> list[TranslatedArticle]:
    registry_order = [lang.tag for lang in LANGUAGES]
    return sorted(translations, key=lambda t: registry_order.index(t.language))


def _render_article(article: Article, translations: list[TranslatedArticle], *, slug: str, settings: Settings,
                    versions: dict, now: datetime, renderer: TemplateRenderer, facts: dict[str, EditionFacts],
                    lead_image: str | None = None, image: LeadImage | None = None) -> dict[str, str | bytes]:
    """Every file of the article folder: name → text, article.json last."""
    facts = {t.language: facts.get(t.language) or EditionFacts() for t in translations}
    published = [t for t in translations if not facts[t.language].withdrawn]
    languages = _languages_of(published)
    documents: dict[str, str | bytes] = {}
    language_entries: dict[str, dict] = {}
    for translation in translations:
        tag = translation.language
        known = facts[tag]
        published_at = known.published_at if known.published_at and known.published_at.tzinfo else now
        url = page_url(settings.base_url, slug, tag)
        guid = item_guid(article.source_url, slug, tag)
        entry = {"html": f"{tag}.html", "ninjs": f"{tag}.ninjs.json", "url": url, "guid": guid,
                 "published_at": iso(published_at)}
        if known.withdrawn:
            known = replace(known, withdrawn_at=known.withdrawn_at or now)
            documents[f"{tag}.html"] = render_withdrawn(translation, slug=slug, settings=settings, facts=known,
                                                        renderer=renderer)
            ninjs = build_withdrawn_ninjs(translation, page_url=url, guid=guid, published_at=published_at,
                                          withdrawn_at=known.withdrawn_at, reason=known.withdrawn_reason,
                                          version=known.version, editorial_note=known.editorial_note)
        else:
            known = replace(known, updated_at=known.updated_at or now)
            body = body_html(translation, base_url=settings.base_url)
            documents[f"{tag}.html"] = render_page(
                translation, slug=slug, languages=languages, settings=settings, published_at=published_at,
                updated_at=known.updated_at, renderer=renderer, body=body, facts=known, lead_image=lead_image)
            ninjs = build_ninjs(translation, page_url=url, guid=guid, body=body, description=description(translation),
                                settings=settings, published_at=published_at, updated_at=known.updated_at,
                                version=known.version, editorial_note=known.editorial_note, image=image)
        documents[f"{tag}.ninjs.json"] = json_bytes(to_ninjs1(ninjs) if settings.ninjs_version == "1" else ninjs,
                                                    indent=2)
        language_entries[tag] = entry | known.to_record()
    record = build_record(article, published, slug=slug, versions=versions, languages=language_entries,
                          updated_at=now)
    documents[RECORD_NAME] = record_json(record)  # written last: its presence marks a complete export
    return documents


def lead_image_copy(folder: Path) -> Path | None:
    """The copied lead image (``lead.<type>``, a type image_type recognises) in ``folder``, if any."""
    for path in sorted(Path(folder).glob(f"{LEAD_IMAGE_NAME}.*")):
        with path.open("rb") as image:
            head = image.read(16)  # its type is in its first bytes: the rest is read when it is published
        if image_type(head) == path.suffix.lstrip("."):
            return path
    return None


def write_listing(out_dir: Path, language: str, editions: Sequence[dict], settings: Settings) -> Path:
    """Write ``feeds/<lang>.json``: every edition of ``language`` ever published (``editions``, as
    store.public_editions gives them) with its ninjs URL, version, status and last change, newest
    change first, so a partner's system finds corrections and withdrawals without knowing slugs."""
    entries = []
    for edition in editions:
        withdrawn = edition["state"] == "withdrawn"
        changed = edition["withdrawn_at"] if withdrawn and edition["withdrawn_at"] else (
            edition["public_updated_at"] or edition["first_published_at"])
        entries.append({
            "uri": page_url(settings.base_url, edition["slug"], language),
            "ninjs": ninjs_url(settings.base_url, edition["slug"], language),
            "guid": item_guid(edition["source_url"], edition["slug"], language),
            "version": str(max(edition["public_version"], 1)),
            "pubStatus": "canceled" if withdrawn else "usable",
            "firstCreated": edition["first_published_at"],
            "versionCreated": changed,
        })
    entries.sort(key=lambda entry: (entry["versionCreated"], entry["uri"]), reverse=True)
    listing = {"language": language, "feed": feed_url(settings.base_url, language), "editions": entries}
    return write_public(make_dir(Path(out_dir) / FEEDS_FOLDER) / f"{language}.json", json_bytes(listing, indent=1))


def write_index(out_dir: Path, entries: Sequence[IndexEntry], feed_languages: Sequence[str], settings: Settings,
                renderer: TemplateRenderer | None = None) -> Path:
    """Write ``out_dir/index.html`` listing ``entries`` and linking the feeds of ``feed_languages``."""
    html = render_index(entries, feed_languages, settings=settings, renderer=renderer or TemplateRenderer())
    return write_public(make_dir(Path(out_dir)) / "index.html", html)
