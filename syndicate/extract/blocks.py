"""Typed body blocks: trafilatura's XML → Blocks, then the source page's links and images put back in place."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from ..article import Block, Link
from ..urls import LINK_SCHEMES, safe_url
from .boilerplate import ICON_SRC
from .text import normal_text, visible_text

_LINK_CONTAINERS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dd", "figcaption"})


def link_candidates(tree) -> dict[str, list[tuple[str, str]]]:
    """Links in ``tree`` as (text, href), keyed by the normalized start of the block holding them."""
    found: dict[str, list[tuple[str, str]]] = {}
    keys: dict[object, str] = {}  # keyed by element: holding it keeps lxml's proxy (and its identity) alive
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        text = visible_text(anchor)
        if not href or href.startswith("#") or len(text) < 2:
            continue
        container = next((a for a in anchor.iterancestors() if a.tag in _LINK_CONTAINERS), anchor.getparent())
        if container is None:
            continue
        key = keys.get(container)
        if key is None:
            key = keys[container] = _anchor_key(visible_text(container))
        found.setdefault(key, []).append((text, href))
    return found


def attach_links(blocks: list[Block], candidates: dict[str, list[tuple[str, str]]], base_url: str | None) -> list[Block]:
    """Give each block the links its source block had, found by their text in order."""
    if not candidates:
        return blocks
    result = []
    for block in blocks:
        anchors = candidates.get(_anchor_key(block.text)) if block.kind != "image" else None
        if not anchors:
            result.append(block)
            continue
        links, position = list(block.links), 0
        for text, href in anchors:
            start = block.text.find(text, position)
            if start < 0:
                continue
            position = start + len(text)
            target = safe_url(href, base_url=base_url, schemes=LINK_SCHEMES)
            if target:
                links.append(Link(start, position, target))
        result.append(replace(block, links=tuple(sorted(links, key=lambda link: link.start))))
    return result


@dataclass(frozen=True)
class _ImageCandidate:
    block: Block
    before: str  # normalized start of the paragraph just before the image ("" when none)
    after: str  # ... and just after it


_ANCHOR_CHARS = 60
_LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original", "src")
MAX_IMAGES = 50  # each costs a scan along the document; galleries beyond this are not body images


def _anchor_key(text: str) -> str:
    """The normalized start of a block's text: how source blocks and extracted blocks are matched."""
    return normal_text(text)[:_ANCHOR_CHARS]


def image_candidates(tree, base_url: str | None) -> list[_ImageCandidate]:
    """Content-sized images in ``tree`` with the paragraphs around them, to place them in the body."""
    found = []
    seen = set()
    for image in tree.iter("img"):
        if len(seen) >= MAX_IMAGES:
            break
        src = next(filter(None, (safe_url(image.get(a), base_url=base_url) for a in _LAZY_SOURCES)), None)
        if not src or ICON_SRC.search(src) or src in seen:
            continue
        if any(image.get(a, "").isdigit() and int(image.get(a)) < 120 for a in ("width", "height")):
            continue  # icons, avatars, tracking pixels
        seen.add(src)
        figure = next(iter(image.xpath("ancestor::figure[1]")), None)
        if figure is None:
            figure = _caption_box(image)
        caption = _caption_of(figure) if figure is not None else ""
        block = Block("image", caption, src=src, alt=_clean(image.get("alt")) or None)
        around = figure if figure is not None else image
        ancestors = set(around.iterancestors())
        # only paragraphs of the same container count: a header logo is not next to the first paragraph
        neighbours = [next(iter(around.xpath(f"{axis}::p[normalize-space()][1]")), None) for axis in ("preceding", "following")]
        before, after = (_anchor_key(visible_text(p))
                         if p is not None and (p.getparent() in ancestors or p in ancestors) else ""
                         for p in neighbours)
        if before or after or caption:  # a captioned image is also placed where its caption is in the body
            found.append(_ImageCandidate(block, before, after))
    return found


_CAPTION_CLASS = re.compile(r"(?:^|[\s_-])(?:wp-caption|caption|image-caption|photo-caption)(?:[\s_-]|$)", re.IGNORECASE)


def _caption_box(image):
    """The nearest box around ``image`` (three levels up at most) that holds a caption element
    (a WordPress ``wp-caption``, a ``<p class="caption">``), or None."""
    for box in list(image.iterancestors())[:3]:
        if box.tag in ("p", "body", "article", "main"):
            return None
        if any(_CAPTION_CLASS.search(element.get("class") or "") for element in box.iter() if element is not image):
            return box
    return None


def _caption_of(box) -> str:
    """The caption text in a figure or caption box: its figcaption, else its caption-class element."""
    for element in box.iter():
        if element.tag == "figcaption" or element.tag != "img" and _CAPTION_CLASS.search(element.get("class") or ""):
            text = visible_text(element)
            if text:
                return text
    return ""


def place_images(blocks: list[Block], candidates: list[_ImageCandidate]) -> list[Block]:
    """Insert each candidate image after the body paragraph it followed (or before the one it
    preceded); a body paragraph that is an image's caption becomes that image (the caption
    belongs to the image, not to the body text)."""
    if not candidates or not blocks:
        return blocks
    captions = {normal_text(c.block.text): c for c in candidates if len(normal_text(c.block.text)) >= 12}
    placed: set[int] = set()
    in_place = []
    for block in blocks:
        candidate = captions.get(normal_text(block.text)) if block.kind == "paragraph" else None
        if candidate is None:
            in_place.append(block)
        elif id(candidate) not in placed:
            placed.add(id(candidate))
            in_place.append(candidate.block)
    blocks = in_place
    candidates = [c for c in candidates if id(c) not in placed]
    if not candidates:
        return blocks
    starts = [_anchor_key(block.text) for block in blocks]
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


# Elements of trafilatura's XML that end a line: their text never runs into the next word.
_BREAKING = frozenset({"p", "head", "list", "item", "quote", "table", "row", "cell", "div", "code"})


class _Inline:
    """Accumulates inline text with link offsets, collapsing whitespace as it goes; a block-level
    element inside (a <p> in a table cell, a list in a paragraph) is set off by spaces."""

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
                href = safe_url(child.get("target"), base_url=self.base_url, schemes=LINK_SCHEMES)
                if href and end > start:
                    self.links.append(Link(start, end, href))
            elif child.tag == "graphic":
                image = _image_block(child, self.base_url)
                if image:
                    self.images.append(image)
            elif child.tag == "lb":
                self.add(" ")
            elif child.tag in _BREAKING:
                self.add(" ")
                self.walk(child)
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


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _image_block(element, base_url: str | None) -> Block | None:
    src = safe_url(element.get("src"), base_url=base_url)
    if not src:
        return None
    return Block("image", _clean(element.get("title")), src=src, alt=_clean(element.get("alt")) or None)


def _spaced_text(element) -> str:
    """The text of ``element`` with a space wherever a block or line break was."""
    inline = _Inline(None)
    inline.walk(element)
    return inline.text.strip()


def _loose_text(text: str | None, kind: str) -> list[Block]:
    """A block of ``text`` found between blocks (none when it is only whitespace)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    return [Block(kind, text)] if text else []


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
                # its paragraphs, and the quote's own text around them (an embedded post's
                # "— name (@handle) date" line is often a bare tail)
                blocks.extend(_loose_text(element.text, "quote"))
                for child in element:
                    blocks.extend(_inline_block(child, "quote", base_url))
                    blocks.extend(_loose_text(child.tail, "quote"))
            else:
                blocks.extend(_inline_block(element, "quote", base_url))
        elif tag == "graphic":
            image = _image_block(element, base_url)
            if image:
                blocks.append(image)
        elif tag == "table":
            for row in element.iter("row"):
                cells = [_spaced_text(cell) for cell in row]
                if any(cells):
                    blocks.append(Block("paragraph", " | ".join(c for c in cells if c)))
        elif tag in ("p", "code", "item", "hi", "ref"):
            blocks.extend(_inline_block(element, "paragraph", base_url))
        else:
            visit_children(element)

    def visit_children(element) -> None:
        for child in element:
            visit(child)
            blocks.extend(_loose_text(child.tail, "paragraph"))  # text right after a heading or list, outside any <p>

    if main is not None:
        visit_children(main)
    return blocks
