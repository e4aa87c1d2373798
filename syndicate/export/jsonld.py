"""schema.org JSON-LD for a translated page, and embedding it safely in a <script>."""

from __future__ import annotations

import json
import re

from ..article import Article, TranslatedArticle
from ..settings import Settings
from ..urls import source_address
from .dates import iso, parse_iso


def article_jsonld(
    translation: TranslatedArticle, *, page_url: str, description: str | None, image: str | None, published_at,
    updated_at, settings: Settings
) -> dict:
    """A NewsArticle (OpinionNewsArticle for op-eds) describing the translation of its source;
    ``description`` and ``image`` as the page gives them."""
    source = translation.source
    data: dict = {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle" if source.is_opinion else "NewsArticle",
        "@id": page_url,
        "url": page_url,
        "mainEntityOfPage": page_url,
        "headline": translation.title,
        "inLanguage": translation.language,
        "datePublished": iso(published_at),
        "dateModified": iso(updated_at),
        "publisher": {"@type": "Organization", "name": settings.publisher, "url": settings.base_url},
    }
    if source.authors:
        data["author"] = author_entities(source)
    if description:
        data["description"] = description
    if image:
        data["image"] = image
    if source.section:
        data["articleSection"] = source.section
    original = original_work(source)
    if original:
        data["translationOfWork"] = original
        data["isBasedOn"] = original["url"]
    return data


# Bylines that name a newsroom, not a person ("Khaama Press", "Staff Reporter", "Editorial Board").
_ORGANIZATION_BYLINE = re.compile(r"\b(press|news|agency|staff|desk|newsroom|editorial board|bureau|reporters|"
                                  r"correspondents)\b", re.IGNORECASE)


def author_entities(source: Article) -> list[dict]:
    """schema.org authors of ``source``: an Organization for a byline that is the outlet or a
    newsroom, a Person otherwise."""
    def plain(text: str | None) -> str:
        return " ".join(re.findall(r"\w+", (text or "").casefold()))

    outlet = plain(source.outlet)
    return [{"@type": "Organization" if (outlet and plain(name) == outlet) or _ORGANIZATION_BYLINE.search(name)
             else "Person", "name": name} for name in source.authors]


def original_work(source: Article) -> dict | None:
    """The English original as a CreativeWork reference, or None without a source URL."""
    url = source_address(source)
    if not url:
        return None
    work: dict = {
        "@type": "OpinionNewsArticle" if source.is_opinion else "NewsArticle",
        "@id": url,
        "url": url,
        "headline": source.title,
        "inLanguage": "en",
    }
    published = parse_iso(source.published)
    if published:
        work["datePublished"] = iso(published)
    if source.authors:
        work["author"] = author_entities(source)
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": source.outlet}
    return work


def script_json(data: dict) -> str:
    """JSON for inside <script>: ``<``, ``>`` and ``&`` escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
