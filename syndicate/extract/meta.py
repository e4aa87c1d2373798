"""Article metadata from a parsed page: outlet profile rules, then trafilatura, JSON-LD, OpenGraph, meta."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from ..urls import safe_url
from .profiles import OutletProfile
from .text import visible_text, without_code

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "opinionnewsarticle", "reportagenewsarticle",
    "analysisnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "scholarlyarticle",
    "techarticle", "report", "posting", "socialmediaposting", "liveblogposting",
})
OPINION_WORDS = re.compile(r"\b(opinion|op-ed|oped|columns?|commentary|editorials?)\b|رأي|مقالات|мнени|колонк", re.I)
_NUMERIC_DATE = re.compile(
    r"(?P<a>\d{1,4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{1,4})"
    r"(?:\D{1,3}(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[AaPp][Mm])?)?"
)


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about its article, apart from the body."""

    title: str = ""
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    outlet: str | None = None
    canonical_url: str | None = None
    lead_image: str | None = None
    summary: str | None = None
    section: str | None = None
    is_opinion: bool = False


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _first_text(tree, selector: str | None) -> str | None:
    """Text of the first element matching a CSS selector, preferring a datetime/content attribute."""
    if not selector:
        return None
    for element in tree.cssselect(selector):
        text = element.get("datetime") or element.get("content") or visible_text(element)
        if _clean(text):
            return _clean(text)
    return None


def parse_date(text: str | None, *, order: str = "dmy") -> str | None:
    """ISO 8601 from an ISO string or a numeric date such as ``05-12-2022 09:30 AM`` read in ``order``."""
    text = _clean(text)
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    match = _NUMERIC_DATE.search(text)
    if not match:
        return None
    a, b, c = (int(match[key]) for key in "abc")
    if len(match["a"]) == 4:
        year, month, day = a, b, c
    elif order == "mdy":
        month, day, year = a, b, c
    else:
        day, month, year = a, b, c
    hour, minute, second = int(match["hour"] or 0), int(match["minute"] or 0), int(match["second"] or 0)
    if match["ampm"]:
        hour = hour % 12 + (12 if match["ampm"].lower() == "pm" else 0)
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return moment.isoformat() if match["hour"] else moment.date().isoformat()


def _json_ld_articles(tree) -> list[dict]:
    found: list[dict] = []

    def visit(node):
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            types = node.get("@type", ())
            types = [types] if isinstance(types, str) else types
            if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
                found.append(node)
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                if isinstance(node.get(key), (list, dict)):
                    visit(node[key])

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            visit(json.loads(script.text or ""))
        except ValueError:
            continue  # broken JSON-LD is common; other sources still apply
    return found


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _string(value) -> str | None:
    """A JSON-LD value when it is a plain string (not a list or an object)."""
    return value if isinstance(value, str) else None


def _url_of(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _url_of(value.get("url") or value.get("contentUrl"))
    if isinstance(value, list) and value:
        return _url_of(value[0])
    return None


def _meta_tags(tree) -> dict[str, str]:
    tags: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = _clean(meta.get("content"))
        if key and content and key not in tags:
            tags[key] = content
    return tags


_TITLE_SEPARATOR = re.compile(r"\s+[|–—\-:·•»/]\s+|\s*\|\s*")


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def strip_site_name(title: str, *, outlet: str | None, url: str | None, headings: list[str]) -> str:
    """``"Headline | Outlet"`` → ``"Headline"`` when the tail names the site or the page's h1 is the head."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    for heading in headings:
        if _squash(heading) and _squash(title).startswith(_squash(heading)) and _squash(heading) != _squash(title):
            return heading
    host = (urlsplit(url).hostname or "").removeprefix("www.").casefold() if url else ""
    site_names = {_squash(outlet or ""), _squash(host.split(".")[0]) if host else ""} - {""}
    for index in (-1, 0):
        part = _squash(parts[index])
        if part and any(part == name or name in part and len(part) <= len(name) + 12 for name in site_names):
            kept = parts[:-1] if index == -1 else parts[1:]
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    return title


def split_authors(text: str | None) -> tuple[str, ...]:
    """``"By A and B; C"`` → ("A", "B", "C")."""
    text = re.sub(r"^\s*(by|written by|من|بقلم|автор:?)\s+", "", _clean(text), flags=re.I)
    names = re.split(r"\s*(?:;|,|\band\b|&| و )\s*", text)
    return tuple(dict.fromkeys(name.strip() for name in names if name.strip()))


_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,5}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?|M\.?Sc\.?|B\.?Sc\.?)$")


_NAME_PREFIX = re.compile(r"^(?:(?:written |posted |reviewed )?by|author|автор|بقلم)\s*:?\s+", re.I)
_NAME_SUFFIX = re.compile(
    r"\s+(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"(?:\s+\d{1,2})?|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+\d{1,2})(?:,?\s+\d{4})?$", re.I
)


def clean_author_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """Clean byline names: no "By"/"Author" prefix, trailing date, or credential
    tokens split off a byline ("Dylan Bailey, MS, RD" → "Dylan Bailey")."""
    cleaned = (_NAME_SUFFIX.sub("", _NAME_PREFIX.sub("", name)).strip() for name in names)
    return tuple(dict.fromkeys(name for name in cleaned if name and not _CREDENTIAL.match(name)))


def page_address(tree, *, url: str | None = None, fallback: str | None = None) -> str | None:
    """The page's own address: its canonical link, else og:url, else ``fallback``; the first
    the URL policy allows, resolved against ``url`` (where the page was read)."""
    stated = tree.xpath('//link[@rel="canonical"]/@href') + tree.xpath('//meta[@property="og:url"]/@content')
    for candidate in [*stated, fallback]:
        address = safe_url(candidate, base_url=url)
        if address:
            return address
    return None


def _outlet_name(*, json_ld: dict, meta: dict[str, str], found) -> str | None:
    """The outlet's name: og:site_name, else the JSON-LD publisher, else trafilatura's site name."""
    name = meta.get("og:site_name") or next(iter(_names(json_ld.get("publisher"))), None) or found.sitename
    return _clean(name) or None


def read_metadata(tree, *, url: str | None, profile: OutletProfile | None) -> PageMetadata:
    """Metadata of the article in ``tree`` (an lxml HTML document, left unchanged)."""
    import trafilatura

    # trafilatura reads text with text_content(): give it no script or style text to read
    found = trafilatura.extract_metadata(without_code(tree), default_url=url)
    ld = _json_ld_articles(tree)
    ld_first = ld[0] if ld else {}
    meta = _meta_tags(tree)
    order = profile.date_order if profile else "dmy"

    def profile_text(field: str) -> str | None:
        return _first_text(tree, getattr(profile, field)) if profile else None

    canonical = page_address(tree, url=url, fallback=found.url)
    base = url or canonical
    outlet = _outlet_name(json_ld=ld_first, meta=meta, found=found)
    title = profile_text("title")
    if not title:
        title = _clean(found.title or ld_first.get("headline") or meta.get("og:title") or "")
        headings = [visible_text(h) for h in tree.xpath("//h1")[:3]]
        title = strip_site_name(title, outlet=outlet, url=base, headings=headings)
    author_text = profile_text("author")
    authors = split_authors(author_text) if author_text else ()
    if not authors and found.author:
        authors = tuple(a.strip() for a in found.author.split(";") if a.strip())
    if not authors:
        authors = tuple(dict.fromkeys(_clean(n) for n in _names(ld_first.get("author")) if _clean(n)))
    if not authors and meta.get("author") and "://" not in meta["author"]:
        authors = split_authors(meta["author"])
    published = (
        parse_date(profile_text("date"), order=order)
        or parse_date(_string(ld_first.get("datePublished")))
        or parse_date(meta.get("article:published_time") or meta.get("datepublished"))
        or parse_date(found.date)
    )
    modified = parse_date(_string(ld_first.get("dateModified"))) or parse_date(meta.get("article:modified_time"))
    authors = clean_author_names(authors)
    image = meta.get("og:image") or meta.get("twitter:image") or _url_of(ld_first.get("image")) or found.image
    section = meta.get("article:section") or _string(ld_first.get("articleSection"))
    types = {str(t).lower() for item in ld for t in ([item["@type"]] if isinstance(item["@type"], str) else item["@type"])}
    is_opinion = "opinionnewsarticle" in types or bool(section and OPINION_WORDS.search(section))
    return PageMetadata(
        title=_clean(title),
        authors=authors,
        published=published,
        modified=modified,
        outlet=outlet,
        canonical_url=canonical,
        lead_image=safe_url(image, base_url=base),
        summary=meta.get("description") or meta.get("og:description") or found.description,
        section=section,
        is_opinion=is_opinion,
    )
