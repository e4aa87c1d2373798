"""Where exported files live on the public site (``settings.base_url``) and in the output folder."""

from __future__ import annotations

import hashlib
from urllib.parse import urljoin, urlsplit

from ..article import Article
from ..urls import WEB_SCHEMES, safe_url, source_address


def site_url(base_url: str) -> str:
    """The site root, always ending in ``/`` so relative joins stay inside it."""
    return base_url if base_url.endswith("/") else base_url + "/"


def page_path(slug: str, language: str) -> str:
    """The page of one language version, relative to the output folder."""
    return f"{slug}/{language}.html"


def page_url(base_url: str, slug: str, language: str) -> str:
    return urljoin(site_url(base_url), page_path(slug, language))


STYLESHEET_PATH = "syndicate.css"  # one stylesheet for the whole output folder


FEEDS_FOLDER = "feeds"


def feed_path(language: str) -> str:
    return f"{FEEDS_FOLDER}/{language}.xml"


def feed_url(base_url: str, language: str) -> str:
    return urljoin(site_url(base_url), feed_path(language))


def listing_path(language: str) -> str:
    """Every edition of one language and its current ninjs (editions.render.write_feeds writes it)."""
    return f"{FEEDS_FOLDER}/{language}.json"


def listing_url(base_url: str, language: str) -> str:
    return urljoin(site_url(base_url), listing_path(language))


def ninjs_url(base_url: str, slug: str, language: str) -> str:
    return urljoin(site_url(base_url), f"{slug}/{language}.ninjs.json")


def item_guid(source_url: str | None, slug: str, language: str) -> str:
    """The RSS guid of one language version: the same on every re-run for the same source."""
    key = f"{source_url or 'slug:' + slug}\n{language}"
    return f"urn:syndicate:{language}:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}"


def image_schemes(base_url: str) -> frozenset[str]:
    """The schemes an image may have on the site: https only on an https site, where browsers
    block http images as mixed content."""
    return frozenset({"https"}) if urlsplit(base_url).scheme.lower() == "https" else WEB_SCHEMES


LEAD_IMAGE_NAME = "lead"  # <slug>/lead.<suffix>: the copied lead image (setting copy_images)


def lead_image_url(source: Article, base_url: str, copied: str | None = None) -> str | None:
    """The article's lead image as the site may show it, or None; ``copied`` is the file name of
    a copy in the article's folder, which wins."""
    if copied:
        return urljoin(site_url(base_url), copied)
    return safe_url(source.lead_image, base_url=source_address(source), schemes=image_schemes(base_url))


def images_left_out(source: Article, base_url: str) -> list[str]:
    """The image addresses (lead image and body images) the policy allows but the site can't show."""
    origin = source_address(source)
    addresses = [source.lead_image] + [block.src for block in source.blocks if block.kind == "image"]
    resolved = (safe_url(address, base_url=origin) for address in addresses if address)
    allowed = image_schemes(base_url)
    return list(dict.fromkeys(url for url in resolved if url and urlsplit(url).scheme.lower() not in allowed))
