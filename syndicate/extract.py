"""Article extraction: HTML page → Article (metadata + ordered typed body blocks).

trafilatura finds the main text; around it this module drops boilerplate by structure before
(comment sections and forms, share bars, related lists, newsletter and cookie boxes, ads) and by
multilingual text patterns after (bylines and titles repeated in the body, comment-form labels),
applies an outlet profile when one matches, and turns trafilatura's XML into typed blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from .article import Article, Block, Link
from .errors import ContentError
from .extract_meta import PageMetadata, read_metadata
from .profiles import OutletProfile, ProfileSet

MIN_BODY_WORDS = 30  # below this a page is a home/404/paywall page, not an article
LANGUAGE_SAMPLE_CHARS = 800  # plenty for langdetect; its cost grows with the sample

# class/id words of page parts that are never article text
BOILERPLATE_WORDS = frozenset({
    "comment", "comments", "commentlist", "respond", "disqus", "replies", "share", "sharing",
    "sharebar", "social", "socials", "related", "newsletter", "subscribe", "subscription",
    "cookie", "cookies", "consent", "gdpr", "ad", "ads", "advert", "advertisement", "adsbygoogle",
    "sponsor", "sponsored", "promo", "breadcrumb", "breadcrumbs", "outbrain", "taboola",
    "popular", "trending", "mostread", "recommended", "readmore", "signup", "paywall",
})
BOILERPLATE_PHRASES = ("read more", "more news", "most read", "you may also like", "also read", "more stories")
_WORD_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")

# Short blocks that are page furniture in any of the languages around the mission.
FURNITURE = re.compile(
    r"^(?:"
    r"no comments?|\d+ comments?|comments?(?: \(\d+\))?|leave a (?:reply|comment)|add (?:a |new )?comment"
    r"|post a comment|write a comment|show email|name\s*:?\s*\*?|e-?mail\s*:?\s*\*?|comment\s*:\s*\*?"
    r"|verification code\s*:.*|write (?:the )?code\s*:?.*|captcha.*|refresh"
    r"|share(?: this(?: article| story)?)?\s*:?|share on \w+|follow us(?: on .*)?|print(?: version)?|tweet|email"
    r"|follow .{0,60} on (?:twitter|facebook|instagram|telegram|youtube|x)\b.*|stay updated via .*"
    r"|[\d,.]+ (?:views?|comments?|shares?|likes?|reads?)|[\d,.]+ (?:مشاهدة|تعليق)|[\d,.]+ (?:просмотр\w*|комментари\w*)"
    r"|related(?: news| articles| stories)?\s*:?|read (?:more|also)\s*:?.*|see also\s*:?"
    r"|subscribe(?: to our newsletter)?.*|sign up for .*newsletter.*|advertisement|sponsored"
    r"|لا توجد تعليقات|التعليقات|أضف تعليق.*|إضافة تعليق.*|اكتب تعليق.*|شارك.*|اقرأ (?:أيضا|أيضاً)\s*:?.*|(?:نسخة )?(?:لل)?طباعة|تابعونا.*|الاسم\s*:?\s*\*?"
    r"|نظرات|ارسال نظر|دیدگاه.*|بیشتر بخوانید.*"
    r"|комментари[ийя]\s*(?:\(\d+\))?|добавить комментарий|оставить комментарий|поделиться.*|читайте также\s*:?.*"
    r"|нет комментариев|реклама"
    r")[\s.!:|]*$",
    re.IGNORECASE,
)
# Long comment-policy paragraphs: furniture whatever their length.
COMMENT_POLICY = re.compile(
    r"^(?:all comments are (?:reviewed|moderated)|comments are (?:moderated|reviewed)|we reserve the right to"
    r"|.{0,40} reserves the right to delete any comment|your email address will not be published"
    r"|the views expressed (?:below|in (?:the )?comments)|comments (?:do not|don't) (?:reflect|represent)"
    r"|جميع التعليقات|التعليقات المنشورة|ترحب .{0,30} بالنقاش|الآراء الواردة (?:أدناه|في التعليقات)"
    r"|комментарии (?:проходят|модерируются))",
    re.IGNORECASE,
)
# The start of a comment section: it and everything after it go when it sits in the last part.
COMMENTS_START = re.compile(
    r"^(?:no comments?|\d+ comments?|comments?(?: \(\d+\))?|leave a (?:reply|comment)|add (?:a |new )?comment"
    r"|all comments are (?:reviewed|moderated).*|لا توجد تعليقات|التعليقات|أضف تعليق.*|إضافة تعليق.*"
    r"|комментарии\s*(?:\(\d+\))?|добавить комментарий|оставить комментарий|нет комментариев)[\s.!:]*$",
    re.IGNORECASE,
)


@dataclass
class Extractor:
    """Extracts Articles from HTML; owns the outlet profiles and the (lazily loaded) language detector."""

    profiles: ProfileSet = field(default_factory=ProfileSet)
    images: bool = True  # keep body images as image blocks
    links: bool = True  # keep inline links
    _language_factory: object = field(default=None, init=False, repr=False)

    def extract(self, html: str, *, url: str | None = None) -> Article:
        """The Article in ``html``; ContentError when it is not HTML or holds no article text."""
        tree = parse_html(html)
        profile = self.profiles.match(url or page_address(tree))
        metadata = read_metadata(tree, url=url, profile=profile)
        base_url = url or metadata.canonical_url
        blocks = body_blocks(tree, profile=profile, base_url=base_url, images=self.images, links=self.links)
        blocks = drop_furniture(blocks, metadata)
        words = sum(len(block.text.split()) for block in blocks if block.kind != "image")
        if words < MIN_BODY_WORDS:
            raise ContentError(
                "no article text found" + (f" ({words} words of body text)" if words else ""),
                hint="is this an article page, not a home, index or error page?",
            )
        language, probability = self.detect_language(" ".join(b.text for b in blocks if b.kind != "image"))
        return Article(
            url=url,
            title=metadata.title,
            blocks=tuple(blocks),
            canonical_url=metadata.canonical_url,
            authors=metadata.authors,
            published=metadata.published,
            modified=metadata.modified,
            outlet=metadata.outlet,
            language=language,
            language_probability=probability,
            lead_image=metadata.lead_image,
            summary=metadata.summary,
            section=metadata.section,
            is_opinion=metadata.is_opinion,
        )

    def detect_language(self, text: str) -> tuple[str | None, float | None]:
        """langdetect's best language for ``text`` and its probability, deterministically seeded."""
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
        from langdetect.lang_detect_exception import LangDetectException

        if self._language_factory is None:
            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.set_seed(0)
            self._language_factory = factory
        detector = self._language_factory.create()
        detector.append(text[:LANGUAGE_SAMPLE_CHARS])
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return None, None
        return best.lang, round(best.prob, 3)


def extract_source(source: str, *, timeout: float = 20.0, profile_files: tuple[str, ...] = (), stdin=None) -> Article:
    """Read ``source`` (http(s) URL, file path or "-" for stdin) and extract its Article."""
    from .fetch import read_source
    from .profiles import load_profiles

    profiles = load_profiles(profile_files)
    page = read_source(source, timeout=timeout, stdin=stdin)
    return Extractor(profiles).extract(page.html, url=page.url)


def extract_article(html: str, *, url: str | None = None, profiles: ProfileSet | None = None) -> Article:
    """One-off extraction; use an Extractor to reuse the language detector across pages."""
    return Extractor(profiles or ProfileSet()).extract(html, url=url)


def parse_html(html: str):
    """An lxml document for ``html`` (parsed as trafilatura does); ContentError when it is not HTML."""
    from trafilatura import load_html

    looks_like_html = re.search(r"<(?:!doctype html|html|head|body|div|p|article|meta|title)\b", html[:100_000], re.I)
    tree = load_html(html) if looks_like_html else None
    if tree is None:
        raise ContentError("not an HTML page", hint="give the address of an article's web page")
    return tree


def page_address(tree) -> str | None:
    """The page's own address as it states it (canonical link or og:url)."""
    found = tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content')
    return found[0].strip() if found else None


def _is_boilerplate_container(element) -> bool:
    words = set()
    for value in (element.get("class"), element.get("id"), element.get("role")):
        if value:
            words.update(word.lower() for word in _WORD_SPLIT.split(value) if word)
    return bool(words & BOILERPLATE_WORDS) or element.tag == "form" and bool(element.xpath(".//textarea"))


def drop_boilerplate(tree, profile: OutletProfile | None) -> None:
    """Remove, in place, page parts that are never article text (never the bulk of the page's text)."""
    selectors = list(profile.drop) if profile else []
    doomed = [element for selector in selectors for element in tree.cssselect(selector)]
    total = len(tree.text_content()) or 1
    for element in tree.iter("div", "section", "aside", "ul", "ol", "form", "span", "p", "nav", "footer", "header", "table"):
        if _is_boilerplate_container(element):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is None or element.xpath("ancestor-or-self::article|.//article|.//h1"):
            continue
        if len(element.text_content()) > 0.3 * total:
            continue  # a wrapper around the whole page that happens to carry such a class
        tail = element.tail
        previous = element.getprevious()
        parent.remove(element)
        if tail:  # keep text that followed the element
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def body_blocks(tree, *, profile: OutletProfile | None, base_url: str | None,
                images: bool = True, links: bool = True) -> list[Block]:
    """The body of the article in ``tree`` as typed blocks (the tree is modified)."""
    import trafilatura
    from lxml import html as lxml_html

    drop_boilerplate(tree, profile)
    source = tree
    if profile and profile.body:
        found = tree.cssselect(profile.body)
        if found:
            source = lxml_html.document_fromstring("<html><body><article></article></body></html>")
            source.find(".//article").append(found[0])
    image_places = image_candidates(source, base_url) if images else []
    link_places = link_candidates(source) if links else {}
    # Images and links are put back afterwards: trafilatura's include_images and include_links
    # change which text it keeps, for the worse (body F1 -0.005 on the WCXB pages).
    xml = trafilatura.extract(
        source, url=base_url, output_format="xml", include_comments=False, include_tables=True,
        include_images=False, include_links=False, with_metadata=False,
    )
    blocks = xml_to_blocks(xml, base_url=base_url) if xml else []
    return place_images(attach_links(blocks, link_places, base_url), image_places)


_LINK_CONTAINERS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dd", "figcaption"})


def link_candidates(tree) -> dict[str, list[tuple[str, str]]]:
    """Links in ``tree`` as (text, href), keyed by the normalized start of the block holding them."""
    found: dict[str, list[tuple[str, str]]] = {}
    keys: dict[int, str] = {}
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        text = re.sub(r"\s+", " ", anchor.text_content()).strip()
        if not href or href.startswith("#") or len(text) < 2:
            continue
        container = next((a for a in anchor.iterancestors() if a.tag in _LINK_CONTAINERS), anchor.getparent())
        if container is None:
            continue
        key = keys.get(id(container))
        if key is None:
            key = keys[id(container)] = _normal(container.text_content())[:_ANCHOR_CHARS]
        found.setdefault(key, []).append((text, href))
    return found


def attach_links(blocks: list[Block], candidates: dict[str, list[tuple[str, str]]], base_url: str | None) -> list[Block]:
    """Give each block the links its source block had, found by their text in order."""
    if not candidates:
        return blocks
    result = []
    for block in blocks:
        anchors = candidates.get(_normal(block.text)[:_ANCHOR_CHARS]) if block.kind != "image" else None
        if not anchors:
            result.append(block)
            continue
        links, position = list(block.links), 0
        for text, href in anchors:
            start = block.text.find(text, position)
            if start < 0:
                continue
            links.append(Link(start, start + len(text), urljoin(base_url, href) if base_url else href))
            position = start + len(text)
        result.append(replace(block, links=tuple(sorted(links, key=lambda link: link.start))))
    return result


@dataclass(frozen=True)
class _ImageCandidate:
    block: Block
    before: str  # normalized start of the paragraph just before the image ("" when none)
    after: str  # ... and just after it


_ANCHOR_CHARS = 60
_LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original", "src")


def _anchor(element) -> str:
    return _normal(element.text_content())[:_ANCHOR_CHARS] if element is not None else ""


def image_candidates(tree, base_url: str | None) -> list[_ImageCandidate]:
    """Content-sized images in ``tree`` with the paragraphs around them, to place them in the body."""
    found = []
    seen = set()
    for image in tree.iter("img"):
        src = next((image.get(a) for a in _LAZY_SOURCES if image.get(a) and not image.get(a).startswith("data:")), None)
        if not src or _ICON_SRC.search(src) or src in seen:
            continue
        if any(image.get(a, "").isdigit() and int(image.get(a)) < 120 for a in ("width", "height")):
            continue  # icons, avatars, tracking pixels
        seen.add(src)
        figure = next(iter(image.xpath("ancestor::figure[1]")), None)
        caption = figure.xpath("string(.//figcaption)") if figure is not None else ""
        block = Block("image", re.sub(r"\s+", " ", caption).strip(), src=urljoin(base_url, src) if base_url else src,
                      alt=(image.get("alt") or "").strip() or None)
        around = figure if figure is not None else image
        ancestors = set(around.iterancestors())
        # only paragraphs of the same container count: a header logo is not next to the first paragraph
        neighbours = [next(iter(around.xpath(f"{axis}::p[normalize-space()][1]")), None) for axis in ("preceding", "following")]
        before, after = (_anchor(p) if p is not None and (p.getparent() in ancestors or p in ancestors) else ""
                         for p in neighbours)
        if before or after:
            found.append(_ImageCandidate(block, before, after))
    return found


def place_images(blocks: list[Block], candidates: list[_ImageCandidate]) -> list[Block]:
    """Insert each candidate image after the body paragraph it followed (or before the one it preceded)."""
    if not candidates or not blocks:
        return blocks
    starts = [_normal(block.text)[:_ANCHOR_CHARS] for block in blocks]
    after_index: dict[str, int] = {}
    for index, start in enumerate(starts):
        if len(start) >= 20:
            after_index.setdefault(start, index)
    inserts: dict[int, list[Block]] = {}
    for candidate in candidates:
        if candidate.before in after_index:
            inserts.setdefault(after_index[candidate.before] + 1, []).append(candidate.block)
        elif candidate.after in after_index:
            inserts.setdefault(after_index[candidate.after], []).append(candidate.block)
    result: list[Block] = []
    for index, block in enumerate(blocks):
        result += inserts.get(index, [])
        result.append(block)
    return result + inserts.get(len(blocks), [])


class _Inline:
    """Accumulates inline text with link offsets, collapsing whitespace as it goes."""

    def __init__(self, base_url: str | None):
        self.text = ""
        self.links: list[Link] = []
        self.images: list[Block] = []
        self.base_url = base_url

    def add(self, text: str | None) -> None:
        if not text:
            return
        text = re.sub(r"\s+", " ", text)
        if self.text.endswith(" ") or not self.text:
            text = text.lstrip()
        self.text += text

    def walk(self, element) -> None:
        self.add(element.text)
        for child in element:
            if child.tag == "ref":
                before = len(self.text)
                self.walk(child)
                added = self.text[before:]
                start, end = before + len(added) - len(added.lstrip()), len(self.text.rstrip())
                href = child.get("target")
                if href and end > start:
                    self.links.append(Link(start, end, urljoin(self.base_url, href) if self.base_url else href))
            elif child.tag == "graphic":
                image = _image_block(child, self.base_url)
                if image:
                    self.images.append(image)
            elif child.tag == "lb":
                self.add(" ")
            else:
                self.walk(child)
            self.add(child.tail)

    def block(self, kind: str, **extra) -> Block | None:
        text = self.text.strip()
        if not text:
            return None
        shift = len(self.text) - len(self.text.lstrip())
        links = tuple(
            Link(link.start - shift, min(link.end - shift, len(text)), link.href)
            for link in self.links
            if link.end - shift > max(link.start - shift, 0) and link.start >= shift
        )
        return Block(kind, text, links=links, **extra)


def _image_block(element, base_url: str | None) -> Block | None:
    src = element.get("src")
    if not src:
        return None
    caption = re.sub(r"\s+", " ", element.get("title") or "").strip()
    return Block("image", caption, src=urljoin(base_url, src) if base_url else src, alt=element.get("alt") or None)


def _inline_block(element, kind: str, base_url: str | None, **extra) -> list[Block]:
    inline = _Inline(base_url)
    inline.walk(element)
    block = inline.block(kind, **extra)
    return ([block] if block else []) + inline.images


def _list_blocks(element, base_url: str | None) -> list[Block]:
    ordered = element.get("rend") == "ol"
    blocks: list[Block] = []
    for item in element:
        if item.tag != "item":
            continue
        nested = [child for child in item if child.tag == "list"]
        for child in nested:
            item.remove(child)
        blocks += _inline_block(item, "list_item", base_url, ordered=ordered)
        for child in nested:
            blocks += _list_blocks(child, base_url)
    return blocks


def xml_to_blocks(xml: str, *, base_url: str | None = None) -> list[Block]:
    """Typed blocks from trafilatura's XML output (``<main>`` of ``output_format="xml"``)."""
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main") if root.tag == "doc" else root
    blocks: list[Block] = []

    def visit(element) -> None:
        tag = element.tag
        if tag == "head":
            rend = element.get("rend") or "h2"
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
            blocks.extend(_inline_block(element, "heading", base_url, level=min(max(level, 2), 6)))
        elif tag == "list":
            blocks.extend(_list_blocks(element, base_url))
        elif tag == "quote":
            if any(child.tag in ("p", "list", "head") for child in element):
                for child in element:
                    blocks.extend(_inline_block(child, "quote", base_url))
            else:
                blocks.extend(_inline_block(element, "quote", base_url))
        elif tag == "graphic":
            image = _image_block(element, base_url)
            if image:
                blocks.append(image)
        elif tag == "table":
            for row in element.iter("row"):
                cells = [re.sub(r"\s+", " ", "".join(cell.itertext())).strip() for cell in row]
                if any(cells):
                    blocks.append(Block("paragraph", " | ".join(c for c in cells if c)))
        elif tag in ("p", "code", "item", "hi", "ref"):
            blocks.extend(_inline_block(element, "paragraph", base_url))
        else:
            visit_children(element)

    def visit_children(element) -> None:
        for child in element:
            visit(child)
            tail = re.sub(r"\s+", " ", child.tail or "").strip()
            if tail:  # text right after a heading or list, outside any <p>
                blocks.append(Block("paragraph", tail))

    if main is not None:
        visit_children(main)
    return blocks


# Images that are page furniture: share/print/mail icons, sprites, avatars, tracking pixels.
_ICON_SRC = re.compile(
    r"(?:^|[/_.\-])(?:icons?|sprites?|share|social|print|email|mail|emoji|emoticons?|avatars?|badges?|buttons?|pixel|spacer"
    r"|facebook|twitter|whatsapp|telegram|rss)(?:[/_.\-]|$)|\.gif(?:\?|$)|/plugins/",
    re.IGNORECASE,
)


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def drop_furniture(blocks: list[Block], metadata: PageMetadata) -> list[Block]:
    """Remove repeated title/byline/date lines, comment sections and share/follow/related furniture."""
    kept = list(blocks)
    # A comment section starts in the last third: cut it and everything after.
    for index in range(len(kept) - 1, len(kept) * 2 // 3 - 1, -1):
        if index >= 0 and kept[index].kind != "image" and COMMENTS_START.match(kept[index].text):
            kept = kept[:index]
            break
    title = _normal(metadata.title)
    authors = {_normal(name) for name in metadata.authors if name}
    result = []
    for position, block in enumerate(kept):
        text = block.text
        normal = _normal(text)
        if block.kind == "image" and (_ICON_SRC.search(block.src or "") or FURNITURE.match(block.alt or "-")):
            continue
        if block.kind != "image":
            if FURNITURE.match(text) or COMMENT_POLICY.match(text):
                continue
            near_top = position < 6
            if near_top and title and normal == title:
                continue
            if near_top and len(text.split()) <= 12 and _is_byline_or_date(normal, authors):
                continue
        result.append(block)
    return result


MONTHS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*"
)
_DATE_PARTS = re.compile(
    r"\b(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?(?: ?[ap]m)?|\d{1,4}(?:st|nd|rd|th)?"
    rf"|{MONTHS}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|published|updated|posted|on|at|am|pm|gmt|utc|last|by)\b",
    re.I,
)


def _is_byline_or_date(normal: str, authors: set[str]) -> bool:
    """A short line made only of an author name, "by", a date and a time."""
    remainder = normal
    for author in authors:
        if author:
            remainder = remainder.replace(author, " ")
    remainder = _DATE_PARTS.sub(" ", remainder).strip()
    if normal.startswith("by ") and len(remainder.split()) <= 4 and remainder != normal.removeprefix("by ").strip():
        return True  # "By Some Desk - Sat Apr 23 2016, 10:55 am": a byline with a date, author unknown
    return bool(normal) and not remainder
