"""IPTC ninjs 3.0 (News in JSON) documents, one per language version."""

from __future__ import annotations

import re
from datetime import datetime

from ..article import TranslatedArticle
from ..languages import get_language
from ..settings import Settings
from ..urls import source_address
from .dates import iso, parse_iso
from .images import LeadImage
from .pages import in_its_language

NINJS_STANDARD = {
    "name": "ninjs",
    "version": "3.0",
    "schema": "https://www.iptc.org/std/ninjs/ninjs-schema_3.0.json",
}


def _by_model(translation: TranslatedArticle) -> str:
    """" (nllb model nllb-200-distilled-600M@sha-…, licence CC-BY-NC-4.0)" for a route other than
    Argos: partners learn which model wrote it and under which licence."""
    if not translation.family or translation.family == "argos":
        return ""
    return f" ({translation.family} model {translation.model.split(':', 1)[-1]}, licence {translation.licence})"


def build_ninjs(
    translation: TranslatedArticle,
    *,
    page_url: str,
    guid: str,
    body: str,
    description: str | None,
    settings: Settings,
    published_at: datetime,
    updated_at: datetime,
    version: int = 1,
    editorial_note: str | None = None,
    image: LeadImage | None = None,
) -> dict:
    """The ninjs item for one translation; ``body`` is its sanitized HTML, ``description`` its
    summary as the page gives it, ``guid`` its feed guid, ``version`` the count of its public
    changes, ``editorial_note`` what partners' editors should know of the last (a correction)."""
    source = translation.source
    outlet = source.outlet or "the original publisher"
    text = re.sub(r"<[^>]+>", " ", body)
    item: dict = {
        "standard": dict(NINJS_STANDARD),
        "uri": page_url,
        "type": "text",
        "representationType": "full",
        "language": translation.language,
        "version": str(version),
        "firstCreated": iso(published_at),
        "versionCreated": iso(updated_at),
        "pubStatus": "usable",
        "headlines": [{"role": "main", "value": translation.title}],
        "bodies": [{
            "role": "main",
            "contentType": "text/html",
            "charCount": len(re.sub(r"\s+", " ", text).strip()),
            "wordCount": len(text.split()),
            "value": in_its_language(body, get_language(translation.language)),
        }],
        "copyrightHolder": outlet,
        "copyrightNotice": f"© {outlet}. Translation republished by {settings.publisher} with credit.",
        "usageTerms": (
            f"Machine translation{_by_model(translation)} of an article first published by {outlet}; "
            "republish only with credit to the original author and outlet and a link to the original."
        ),
        "altIds": [{"role": "rss-guid", "value": guid}],
    }
    if editorial_note:
        item["edNote"] = editorial_note
    if source.authors:
        item["by"] = ", ".join(source.authors)
    if description:
        item["descriptions"] = [{"role": "summary", "contentType": "text/plain", "value": description}]
    original_published = parse_iso(source.published)
    if original_published and original_published.tzinfo:
        item["contentCreated"] = iso(original_published)
    if source.is_opinion:
        item["genres"] = [{"name": "Opinion", "literal": "opinion"}]
    source_url = source_address(source)
    if source_url:
        original: dict = {
            "name": "original",
            "uri": source_url,
            "type": "text",
            "language": "en",
            "headlines": [{"role": "main", "value": source.title}],
        }
        if source.authors:
            original["by"] = ", ".join(source.authors)
        if source.outlet:
            original["copyrightHolder"] = source.outlet
        if "contentCreated" in item:
            original["contentCreated"] = item["contentCreated"]
        item["associations"] = [original]
    if image:
        rendition = {"name": "original", "href": image.url, "contentType": image.media_type,
                     "width": image.width, "height": image.height, "sizeInBytes": image.size}
        item.setdefault("associations", []).append({
            "name": "picture", "uri": image.url, "type": "picture",
            "renditions": [{key: value for key, value in rendition.items() if value is not None}]})
    return item


def build_withdrawn_ninjs(translation: TranslatedArticle, *, page_url: str, guid: str, published_at: datetime,
                          withdrawn_at: datetime, reason: str | None, version: int = 2,
                          editorial_note: str | None = None) -> dict:
    """The ninjs item of a withdrawn edition: ``pubStatus`` canceled, the reason (also as the
    editorial note, with the date), no text."""
    item: dict = {
        "standard": dict(NINJS_STANDARD),
        "uri": page_url,
        "type": "text",
        "representationType": "partial",
        "language": translation.language,
        "version": str(version),
        "firstCreated": iso(published_at),
        "versionCreated": iso(withdrawn_at),
        "pubStatus": "canceled",
        "altIds": [{"role": "rss-guid", "value": guid}],
    }
    if editorial_note:
        item["edNote"] = editorial_note
    if reason:
        item["descriptions"] = [{"role": "withdrawal", "contentType": "text/plain", "value": reason}]
    return item
