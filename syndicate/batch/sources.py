"""Expand what the user gave `syndicate batch` into article URLs.

A source is an http(s) URL of an article, a text file of URLs (one per line, ``#`` comments),
an RSS/Atom feed (URL or file: its item links) or a sitemap (URL or file: its ``<loc>`` entries;
a sitemap index is followed one level).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import UsageError
from ..fetch import looks_like_html

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class Expanded:
    """The article sources found, in order without repeats, and where each list came from."""

    sources: tuple[str, ...]
    origins: tuple[str, ...]


def is_url(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https")


def parse_url_list(text: str) -> list[str]:
    """Lines of a URL list file: blank lines and ``#`` comments (whole-line or trailing) ignored."""
    urls = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            urls.append(line)
    return urls


def looks_like_xml_list(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith("<?xml") or any(tag in head for tag in ("<rss", "<feed", "<urlset", "<sitemapindex"))


def parse_xml_list(text: str, fetch_text: Callable[[str], str] | None = None) -> list[str]:
    """Item links of an RSS/Atom feed, or the ``<loc>`` entries of a sitemap (index followed once)."""
    from lxml import etree

    try:
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
        root = etree.fromstring(text.encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError as error:
        raise UsageError(f"not a readable feed or sitemap: {error}") from error
    if root is None:
        raise UsageError("not a readable feed or sitemap")
    tag = etree.QName(root).localname
    if tag == "urlset":
        return [loc.text.strip() for loc in root.iter(f"{SITEMAP_NS}loc", "loc") if loc.text]
    if tag == "sitemapindex":
        if fetch_text is None:
            raise UsageError("a sitemap index needs its child sitemaps fetched")
        urls: list[str] = []
        for loc in root.iter(f"{SITEMAP_NS}loc", "loc"):
            if loc.text:
                urls.extend(parse_xml_list(fetch_text(loc.text.strip()), None))
        return urls
    import feedparser

    feed = feedparser.parse(text)
    return [entry.link for entry in feed.entries if entry.get("link")]


def expand_sources(given: Iterable[str], read_text: Callable[[str], str]) -> Expanded:
    """Turn command-line SOURCES into article URLs or files.

    ``read_text(source)`` reads a URL or file as text (the caller decides how to fetch).
    A URL is taken as an article unless its body is a feed or sitemap.
    """
    found: list[str] = []
    origins: list[str] = []
    for item in given:
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:  # bytes of another encoding on the command line
            shown = item.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            raise UsageError(f"source {shown} is not valid UTF-8", hint="rename the file, or quote the URL as UTF-8") from None
        if is_url(item):
            path = urlsplit(item).path.lower()
            if not path.endswith((".xml", ".rss", ".atom", "/feed", "/rss", "/feed/", "/rss/")):
                found.append(item)
                continue
            origins.append(item)
            found.extend(parse_xml_list(read_text(item), read_text))
            continue
        path = Path(item)
        if not path.is_file():
            raise UsageError(f"{item}: no such file", hint="give URLs, a file of URLs, a feed or a sitemap")
        text = read_text(item)
        origins.append(item)
        if looks_like_xml_list(text):
            found.extend(parse_xml_list(text, read_text))
        elif looks_like_html(text.encode("utf-8")):
            found.append(str(path))  # a saved article page
        else:
            found.extend(parse_url_list(text))
    unique = tuple(dict.fromkeys(s for s in found if s))
    return Expanded(sources=unique, origins=tuple(origins))
