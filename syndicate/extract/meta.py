"""Article metadata from a parsed page: outlet profile rules, then trafilatura, JSON-LD, OpenGraph,
meta and a "By ..." line under the headline; photo credits are no authors and site taglines no summary."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from urllib.parse import urlsplit

from ..urls import safe_url
from .profiles import OutletProfile
from .text import normal_text, visible_text, without_code

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
    keywords: tuple[str, ...] = ()


MAX_KEYWORDS = 12


def page_keywords(tree, json_ld: dict) -> tuple[str, ...]:
    """The article's keywords as the page tags it (article:tag, JSON-LD keywords, news_keywords),
    each once, at most MAX_KEYWORDS: feed categories partners import. Not the plain ``keywords``
    meta tag: sites fill it once for every page ("Top News Website for Afghanistan, ...")."""
    found: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key == "article:tag":
            found.append(meta.get("content") or "")
        elif key == "news_keywords":
            found.extend((meta.get("content") or "").split(","))
    value = json_ld.get("keywords")
    found.extend(value.split(",") if isinstance(value, str) else [v for v in value if isinstance(v, str)]
                 if isinstance(value, list) else [])
    keywords: dict[str, str] = {}
    for word in found:
        word = _clean(word)
        if word and len(word) <= 60 and word.casefold() not in keywords:
            keywords[word.casefold()] = word
    return tuple(keywords.values())[:MAX_KEYWORDS]


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


def _types(node: dict) -> set[str]:
    types = node.get("@type")
    return {t.lower() for t in ([types] if isinstance(types, str) else types if isinstance(types, list) else ())
            if isinstance(t, str)}


def _json_ld_nodes(tree, keys: tuple[str, ...]) -> list[dict]:
    """Every JSON-LD object on the page reached through lists and the given keys, in page order."""
    found: list[dict] = []

    def visit(node):
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            found.append(node)
            for key in keys:
                if isinstance(node.get(key), (list, dict)):
                    visit(node[key])

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            visit(json.loads(script.text or ""))
        except ValueError:
            continue  # broken JSON-LD is common; other sources still apply
    return found


def _json_ld_articles(tree) -> list[dict]:
    return [node for node in _json_ld_nodes(tree, ("@graph", "mainEntity", "mainEntityOfPage"))
            if _types(node) & ARTICLE_TYPES]


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
    """``text`` as titles and site names are compared: ``normal_text`` without its spaces."""
    return normal_text(text).replace(" ", "")


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


# Words that start a photo credit or caption, never a person's name: "Фото из Инстаграма ...".
_PHOTO_WORDS = re.compile(r"^(?:photo(?:graph)?s?|image|picture|foto|фото(?:графия)?|صورة|الصورة|عکس)\b", re.I)
# class/id words of an image's caption or credit box ("photo-text", "wp-caption").
_PHOTO_BOX_WORDS = frozenset({"photo", "photos", "caption", "figcaption", "gallery"})
PHOTO_BOX_DEPTH = 3  # ancestors looked at: an author box further out may well sit beside a photo


def _in_photo_box(element) -> bool:
    for depth, node in enumerate(element.iterancestors()):
        if depth >= PHOTO_BOX_DEPTH:
            return False
        words = re.split(r"[\s_\-]+", f"{node.get('class') or ''} {node.get('id') or ''}".lower())
        if node.tag in ("figure", "figcaption") or _PHOTO_BOX_WORDS.intersection(words):
            return True
    return False


def is_photo_credit(name: str, tree) -> bool:
    """A "name" that is an image's credit or caption: it starts with a photo word, or stands on
    the page only inside a figure or a photo caption box."""
    if _PHOTO_WORDS.match(name):
        return True
    holders = tree.xpath("//*[normalize-space(text())=$name]", name=name)
    return bool(holders) and all(_in_photo_box(holder) for holder in holders)


BYLINE_MAX_WORDS = 12
_BYLINE = re.compile(r"^(?:by|written by|بقلم|автор:?)\s+(?P<names>.+?)(?:\s+[-|–—•·]\s+.*)?$", re.I)


def byline_names(tree) -> tuple[str, ...]:
    """The names of a "By Name - Sat Apr 23 2016, 10:55 am" line just below the page's first
    heading (or at the top without one); parts holding digits are dates, not names."""
    heading = next(iter(tree.xpath("//h1")), None)
    following = heading.xpath("following::*[self::p or self::div or self::span][position() <= 20]") \
        if heading is not None else tree.xpath("//body//*[self::p or self::div or self::span][position() <= 20]")
    for element in following:
        text = visible_text(element)
        match = _BYLINE.match(text) if 0 < len(text.split()) <= BYLINE_MAX_WORDS else None
        if match:
            return tuple(name for name in split_authors(match["names"]) if not re.search(r"\d", name))
    return ()


def _authors(tree, *, profile_text: str | None, found, json_ld: dict, meta: dict[str, str]) -> tuple[str, ...]:
    """The first source that names authors (the profile, trafilatura, JSON-LD, meta, a byline line),
    photo credits left out."""
    sources = (
        lambda: split_authors(profile_text) if profile_text else (),
        lambda: tuple(a.strip() for a in (found.author or "").split(";")),
        lambda: tuple(_clean(n) for n in _names(json_ld.get("author"))),
        lambda: split_authors(meta["author"]) if meta.get("author") and "://" not in meta["author"] else (),
        lambda: byline_names(tree),
    )
    for source in sources:
        names = clean_author_names(tuple(name for name in source() if name))
        names = tuple(name for name in names if not is_photo_credit(name, tree))
        if names:
            return names
    return ()


SUMMARY_LEAD_PARAGRAPHS = 3
SUMMARY_LEAD_WORDS = 12  # a paragraph this long is article text, not a byline or a label
TAGLINE_OVERLAP = 0.25  # a description sharing fewer of its words with the title and lead describes the site


def _stems(text: str) -> set[str]:
    """Rough content-word stems: words of four letters or more, cut to five (inflection-blind)."""
    return {word[:5] for word in re.findall(r"[^\W\d_]{4,}", text.casefold())}


def lead_text(tree) -> str:
    """The first paragraphs after the page's first heading: what a real summary echoes."""
    heading = next(iter(tree.xpath("//h1")), None)
    paragraphs = heading.xpath("following::p") if heading is not None else tree.xpath("//body//p")
    texts = (text for text in map(visible_text, paragraphs) if len(text.split()) >= SUMMARY_LEAD_WORDS)
    return " ".join(islice(texts, SUMMARY_LEAD_PARAGRAPHS))


SITE_TYPES = frozenset({"website", "organization", "newsmediaorganization"})


def _site_descriptions(tree) -> set[str]:
    """Descriptions the page gives of the site itself (JSON-LD WebSite / Organization)."""
    return {_clean(node["description"]) for node in _json_ld_nodes(tree, ("@graph", "publisher", "isPartOf"))
            if _types(node) & SITE_TYPES and isinstance(node.get("description"), str)}


def is_tagline(description: str, *, title: str, lead: str, site_descriptions: set[str] = frozenset()) -> bool:
    """A site-wide tagline rather than this article's summary: the site's own description, or
    sharing under a quarter of its words with the title and the first paragraphs."""
    if description in site_descriptions:
        return True
    words = _stems(description)
    reference = _stems(f"{title} {lead}")
    if not words or not reference:
        return False  # nothing to judge by
    return len(words & reference) / len(words) < TAGLINE_OVERLAP


def _summary(tree, *, title: str, meta: dict[str, str], found) -> str | None:
    """The first description the page gives that is about the article, not a site tagline."""
    lead, site = lead_text(tree), _site_descriptions(tree)
    for candidate in (meta.get("description"), meta.get("og:description"), _clean(found.description)):
        if candidate and not is_tagline(candidate, title=title, lead=lead, site_descriptions=site):
            return candidate
    return None


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
    authors = _authors(tree, profile_text=profile_text("author"), found=found, json_ld=ld_first, meta=meta)
    published = (
        parse_date(profile_text("date"), order=order)
        or parse_date(_string(ld_first.get("datePublished")))
        or parse_date(meta.get("article:published_time") or meta.get("datepublished"))
        or parse_date(found.date)
    )
    modified = parse_date(_string(ld_first.get("dateModified"))) or parse_date(meta.get("article:modified_time"))
    image = meta.get("og:image") or meta.get("twitter:image") or _url_of(ld_first.get("image")) or found.image
    section = meta.get("article:section") or _string(ld_first.get("articleSection"))
    types = {t for item in ld for t in _types(item)}
    is_opinion = "opinionnewsarticle" in types or bool(section and OPINION_WORDS.search(section))
    return PageMetadata(
        title=_clean(title),
        authors=authors,
        published=published,
        modified=modified,
        outlet=outlet,
        canonical_url=canonical,
        lead_image=safe_url(image, base_url=base),
        summary=_summary(tree, title=_clean(title), meta=meta, found=found),
        section=section,
        is_opinion=is_opinion,
        keywords=page_keywords(tree, ld_first),
    )
