"""export_article: one article and its translations → pages, ninjs, article.json, feeds, index."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ..article import Article, TranslatedArticle
from ..errors import UsageError
from ..languages import LANGUAGES, Language, get_language
from ..settings import Settings
from ..urls import same_address, source_address
from .dates import iso, parse_iso, require_aware
from .feeds import FeedItem, FeedUpdate, update_feed
from .files import json_bytes, make_dir, write_atomic, write_public
from .ninjs import build_ninjs, build_withdrawn_ninjs
from .notice import EditionFacts
from .pages import body_html, credit_html, description, render_page, render_withdrawn
from .record import RECORD_NAME, build_record, iter_records, read_record, record_article, record_json
from .site_index import render_index
from .slug import article_slug, check_slug
from .templates import TemplateRenderer
from ..fetch.images import image_type
from .urls import LEAD_IMAGE_NAME, STYLESHEET_PATH, feed_path, images_left_out, item_guid, page_url


@dataclass(frozen=True)
class ExportResult:
    """What one export wrote."""

    slug: str
    folder: Path  # output/<slug>
    files: tuple[Path, ...]  # every file written, feeds and index included
    feed_updates: tuple[FeedUpdate, ...]
    warnings: tuple[str, ...]

    @property
    def feed_items_added(self) -> tuple[str, ...]:
        return tuple(guid for update in self.feed_updates for guid in update.added)


def feed_item(translation: TranslatedArticle, *, slug: str, settings: Settings, published_at: datetime,
              body: str, facts: EditionFacts = EditionFacts()) -> FeedItem:
    """The RSS item of one language version: ``body`` (its sanitized HTML) followed by the
    notice (with any correction), credit and link to the original the page carries."""
    source = translation.source
    categories = tuple(dict.fromkeys(c for c in (source.section, "Opinion" if source.is_opinion else None) if c))
    return FeedItem(
        guid=item_guid(source.source_url, slug, translation.language),
        title=translation.title,
        link=page_url(settings.base_url, slug, translation.language),
        published=published_at,
        description=description(translation),
        content_html=f"{body}\n{credit_html(translation, settings, facts)}",
        creator=", ".join(source.authors) or None,
        source_url=source_address(source),
        source_name=source.outlet,
        categories=categories or ("News",),
        updated=facts.updated_at,
    )


def feed_items_from_records(out_dir: Path, language: str, settings: Settings) -> tuple[list[FeedItem], list[str]]:
    """The feed items of ``language`` that the article.json files under ``out_dir`` describe,
    and a warning for each article.json that could not be read."""
    items, problems = [], []
    for folder, record, problem in iter_records(out_dir):
        if record is None:
            problems.append(f"feed rebuild skips {folder.name}: {problem}")
            continue
        entry = record.get("languages", {}).get(language)
        if not entry:
            continue
        facts = EditionFacts.from_record(entry)
        _article, translations = record_article(record)
        published = parse_iso(entry.get("published_at"))
        for translation in translations:
            if translation.language == language and published and not facts.withdrawn:
                items.append(feed_item(translation, slug=folder.name, settings=settings, published_at=published,
                                       body=body_html(translation, base_url=settings.base_url), facts=facts))
    return items, problems


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


def record_owner(out_dir: Path, slug: str) -> tuple[bool, str | None]:
    """Whether ``out_dir/<slug>`` holds a readable exported article, and its source URL."""
    try:
        record = read_record(out_dir / slug / RECORD_NAME)
    except ValueError:  # unreadable: export_article warns and writes over it
        return False, None
    return True, Article.from_dict(record["source"]).source_url


def earlier_record(out_dir: Path, slug: str, warnings: list[str]) -> dict | None:
    """The article.json an earlier export left in ``out_dir/<slug>``; None (with a warning when it
    is unreadable) otherwise."""
    record_path = out_dir / slug / RECORD_NAME
    if not record_path.exists():
        return None
    try:
        return read_record(record_path)
    except ValueError as error:
        warnings.append(f"ignoring the earlier export in {slug}/: {error}")
        return None


def export_article(
    article: Article,
    translations: Sequence[TranslatedArticle],
    out_dir: Path,
    settings: Settings,
    *,
    versions: dict,
    now: datetime,
    update_index: bool = True,
    facts: Mapping[str, EditionFacts] | None = None,
    slug: str | None = None,
    lead_image_file: Path | None = None,
) -> ExportResult:
    """Write ``out_dir/<slug>/{<lang>.html,<lang>.ninjs.json,article.json}``, merge the language
    feeds in ``out_dir/feeds/`` and rebuild ``out_dir/index.html``.

    ``facts`` (language → EditionFacts; default: a machine translation published now) say what
    editors did to each edition: a withdrawn one gets a notice page at its URL, a ``canceled``
    ninjs and no feed item. Translations exported earlier for languages not in ``translations``
    are kept (and their pages re-rendered so every page lists every version). ``slug`` (when the
    caller chose it) names the folder. ``lead_image_file`` (a copy of the lead image, setting
    copy_images) is written beside the pages, which show it. ``update_index=False`` leaves index.html to one
    ``write_index`` call after many exports (it reads every article). ``now`` (with a timezone)
    stamps what ``facts`` leave undated; all output is a function of the inputs and ``now``.
    Raises ExportError when output can't be written, UsageError for translations in unknown or
    repeated languages.
    """
    now = require_aware(now)
    out_dir = Path(out_dir)
    _languages_of(translations)
    warnings: list[str] = []
    if slug is None:
        slug = choose_slug(article, lambda name: record_owner(out_dir, name), warnings)
    check_slug(slug)
    previous = earlier_record(out_dir, slug, warnings)
    if previous and not same_address(Article.from_dict(previous["source"]).source_url, article.source_url):
        previous = None
    copied = f"{slug}/{lead_image_file.name}" if lead_image_file else None
    left_out = images_left_out(replace(article, lead_image=None) if copied else article, settings.base_url)
    if left_out:
        warnings.append(f"left out {len(left_out)} http image(s) an https site can't show: {', '.join(left_out)}")
    renderer = TemplateRenderer()
    documents, feed_changes = _render_article(
        article, _with_earlier_translations(article, translations, previous), slug=slug,
        new_languages={t.language for t in translations}, previous=previous, settings=settings, versions=versions,
        now=now, renderer=renderer, facts=dict(facts or {}), lead_image=copied)

    # Both folders first: an unwritable output folder then fails before any file is written.
    make_dir(out_dir / "feeds")
    folder = make_dir(out_dir / slug)
    written = [write_atomic(folder / lead_image_file.name, lead_image_file.read_bytes())] if lead_image_file else []
    written += [write_public(folder / name, text) for name, text in documents.items()]
    updates = _update_feeds(out_dir, feed_changes, settings=settings, now=now, warnings=warnings)
    written.extend(update.path for update in updates)

    written.append(write_public(out_dir / STYLESHEET_PATH, renderer.read("syndicate.css")))
    if update_index:
        index_path, index_warnings = write_index(out_dir, settings, renderer)
        warnings.extend(index_warnings)
        written.append(index_path)
    return ExportResult(slug=slug, folder=folder, files=tuple(written), feed_updates=tuple(updates),
                        warnings=tuple(warnings))


def _with_earlier_translations(article: Article, translations: Sequence[TranslatedArticle],
                               previous: dict | None) -> list[TranslatedArticle]:
    """``translations`` plus those of an earlier export in other languages, in registry order."""
    current = {translation.language: translation for translation in translations}
    if previous:
        for old in record_article(previous)[1]:  # the published ones (a withdrawn one has no text there)
            current.setdefault(old.language, replace(old, source=article))
    registry_order = [lang.tag for lang in LANGUAGES]
    return sorted(current.values(), key=lambda t: registry_order.index(t.language))


def _render_article(article: Article, translations: list[TranslatedArticle], *, slug: str, new_languages: set[str],
                    previous: dict | None, settings: Settings, versions: dict, now: datetime,
                    renderer: TemplateRenderer, facts: dict[str, EditionFacts], lead_image: str | None = None
                    ) -> tuple[dict[str, str | bytes], dict[str, tuple[list[FeedItem], list[str]]]]:
    """Every file of the article folder (name → text, article.json last) and, per language of
    ``new_languages``, the feed items to merge and the guids to take out."""
    previous_languages: dict = previous.get("languages", {}) if previous else {}
    facts = {t.language: facts.get(t.language) or EditionFacts.from_record(previous_languages.get(t.language, {}))
             for t in translations}
    published = [t for t in translations if not facts[t.language].withdrawn]
    languages = _languages_of(published)
    documents: dict[str, str | bytes] = {}
    language_entries: dict[str, dict] = {}
    feed_changes: dict[str, tuple[list[FeedItem], list[str]]] = {}
    for translation in translations:
        tag = translation.language
        known = facts[tag]
        earlier = known.published_at or parse_iso(previous_languages.get(tag, {}).get("published_at"))
        published_at = earlier if earlier and earlier.tzinfo else now
        url = page_url(settings.base_url, slug, tag)
        guid = item_guid(article.source_url, slug, tag)
        entry = {"html": f"{tag}.html", "ninjs": f"{tag}.ninjs.json", "url": url, "guid": guid,
                 "published_at": iso(published_at)}
        if known.withdrawn:
            known = replace(known, withdrawn_at=known.withdrawn_at or now)
            documents[f"{tag}.html"] = render_withdrawn(translation, slug=slug, settings=settings, facts=known,
                                                        renderer=renderer)
            ninjs = build_withdrawn_ninjs(translation, page_url=url, guid=guid, published_at=published_at,
                                          withdrawn_at=known.withdrawn_at, reason=known.withdrawn_reason)
            if tag in new_languages:
                feed_changes[tag] = ([], [guid])
        else:
            known = replace(known, updated_at=known.updated_at or now)
            body = body_html(translation, base_url=settings.base_url)
            documents[f"{tag}.html"] = render_page(
                translation, slug=slug, languages=languages, settings=settings, published_at=published_at,
                updated_at=known.updated_at, renderer=renderer, body=body, facts=known, lead_image=lead_image)
            ninjs = build_ninjs(translation, page_url=url, guid=guid, body=body, description=description(translation),
                                settings=settings, published_at=published_at, updated_at=known.updated_at)
            if tag in new_languages:
                feed_changes[tag] = ([feed_item(translation, slug=slug, settings=settings, published_at=published_at,
                                                body=body, facts=known)], [])
        documents[f"{tag}.ninjs.json"] = json_bytes(ninjs, indent=2)
        language_entries[tag] = entry | known.to_record()
    for tag, entry in previous_languages.items():  # withdrawn before, and not re-published now
        if tag not in language_entries and entry.get("state") == "withdrawn":
            language_entries[tag] = entry
    record = build_record(article, published, slug=slug, versions=versions, languages=language_entries,
                          updated_at=now)
    documents[RECORD_NAME] = record_json(record)  # written last: its presence marks a complete export
    return documents, feed_changes


def _update_feeds(out_dir: Path, changes: dict[str, tuple[list[FeedItem], list[str]]], *, settings: Settings,
                  now: datetime, warnings: list[str]) -> list[FeedUpdate]:
    """Merge each language's items into its feed and take its removed guids out; recovery
    warnings go to ``warnings``."""
    def rebuild(tag: str) -> list[FeedItem]:
        rebuilt, problems = feed_items_from_records(out_dir, tag, settings)
        warnings.extend(problems)
        return rebuilt

    updates = []
    for tag, (items, removed) in changes.items():
        update = update_feed(out_dir / feed_path(tag), items, language=get_language(tag), settings=settings,
                             now=now, rebuild=lambda tag=tag: rebuild(tag), remove=removed)
        warnings.extend(update.warnings)
        updates.append(update)
    return updates


def lead_image_copy(folder: Path) -> Path | None:
    """The copied lead image (``lead.<type>``, a type image_type recognises) in ``folder``, if any."""
    for path in sorted(Path(folder).glob(f"{LEAD_IMAGE_NAME}.*")):
        if image_type(path.read_bytes()[:16]) == path.suffix.lstrip("."):
            return path
    return None


def write_index(out_dir: Path, settings: Settings, renderer: TemplateRenderer | None = None) -> tuple[Path, tuple[str, ...]]:
    """Rebuild ``out_dir/index.html`` from every exported article: (its path, warnings)."""
    html, warnings = render_index(Path(out_dir), settings=settings, renderer=renderer or TemplateRenderer())
    return write_public(Path(out_dir) / "index.html", html), tuple(warnings)
