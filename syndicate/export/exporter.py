"""export_article: one article and its public editions → its folder (pages, ninjs, article.json);
write_index: the site's index.html. Both render what they are given, never what the folder held."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ..article import Article, TranslatedArticle
from ..errors import UsageError
from ..fetch.images import image_type
from ..languages import LANGUAGES, Language, get_language
from ..settings import Settings
from ..urls import same_address, source_address
from .dates import iso, require_aware
from .feeds import FeedItem
from .files import json_bytes, make_dir, write_atomic, write_public
from .ninjs import build_ninjs, build_withdrawn_ninjs
from .notice import EditionFacts
from .pages import body_html, credit_html, description, render_page, render_withdrawn
from .record import RECORD_NAME, build_record, record_json
from .site_index import IndexEntry, render_index
from .slug import article_slug, check_slug
from .templates import TemplateRenderer
from .urls import LEAD_IMAGE_NAME, STYLESHEET_PATH, images_left_out, item_guid, page_url


@dataclass(frozen=True)
class ExportResult:
    """What one export wrote."""

    slug: str
    folder: Path  # output/<slug>
    files: tuple[Path, ...]  # every file written
    warnings: tuple[str, ...]


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
        warnings.append(f"left out {len(left_out)} http image(s) an https site can't show: {', '.join(left_out)}")
    renderer = TemplateRenderer()
    documents = _render_article(article, _in_registry_order(translations), slug=slug, settings=settings,
                                versions=versions, now=now, renderer=renderer, facts=dict(facts or {}),
                                lead_image=copied)
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
                    lead_image: str | None = None) -> dict[str, str | bytes]:
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
                                          withdrawn_at=known.withdrawn_at, reason=known.withdrawn_reason)
        else:
            known = replace(known, updated_at=known.updated_at or now)
            body = body_html(translation, base_url=settings.base_url)
            documents[f"{tag}.html"] = render_page(
                translation, slug=slug, languages=languages, settings=settings, published_at=published_at,
                updated_at=known.updated_at, renderer=renderer, body=body, facts=known, lead_image=lead_image)
            ninjs = build_ninjs(translation, page_url=url, guid=guid, body=body, description=description(translation),
                                settings=settings, published_at=published_at, updated_at=known.updated_at)
        documents[f"{tag}.ninjs.json"] = json_bytes(ninjs, indent=2)
        language_entries[tag] = entry | known.to_record()
    record = build_record(article, published, slug=slug, versions=versions, languages=language_entries,
                          updated_at=now)
    documents[RECORD_NAME] = record_json(record)  # written last: its presence marks a complete export
    return documents


def lead_image_copy(folder: Path) -> Path | None:
    """The copied lead image (``lead.<type>``, a type image_type recognises) in ``folder``, if any."""
    for path in sorted(Path(folder).glob(f"{LEAD_IMAGE_NAME}.*")):
        if image_type(path.read_bytes()[:16]) == path.suffix.lstrip("."):
            return path
    return None


def write_index(out_dir: Path, entries: Sequence[IndexEntry], feed_languages: Sequence[str], settings: Settings,
                renderer: TemplateRenderer | None = None) -> Path:
    """Write ``out_dir/index.html`` listing ``entries`` and linking the feeds of ``feed_languages``."""
    html = render_index(entries, feed_languages, settings=settings, renderer=renderer or TemplateRenderer())
    return write_public(make_dir(Path(out_dir)) / "index.html", html)
