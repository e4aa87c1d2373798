"""Where exported files live on the public site (``settings.base_url``) and in the output folder."""

from __future__ import annotations

import hashlib
from urllib.parse import urljoin


def site_url(base_url: str) -> str:
    """The site root, always ending in ``/`` so relative joins stay inside it."""
    return base_url if base_url.endswith("/") else base_url + "/"


def page_path(slug: str, language: str) -> str:
    """The page of one language version, relative to the output folder."""
    return f"{slug}/{language}.html"


def page_url(base_url: str, slug: str, language: str) -> str:
    return urljoin(site_url(base_url), page_path(slug, language))


STYLESHEET_PATH = "syndicate.css"  # one stylesheet for the whole output folder


def feed_path(language: str) -> str:
    return f"feeds/{language}.xml"


def feed_url(base_url: str, language: str) -> str:
    return urljoin(site_url(base_url), feed_path(language))


def item_guid(source_url: str | None, slug: str, language: str) -> str:
    """The RSS guid of one language version: the same on every re-run for the same source."""
    key = f"{source_url or 'slug:' + slug}\n{language}"
    return f"urn:syndicate:{language}:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}"
