"""Safe HTML out of article blocks or arbitrary markup: whitelisted tags, attributes and URL schemes.

``blocks_to_html`` renders an Article's (or a translation's) blocks as a clean fragment;
``sanitize_fragment`` cleans HTML from elsewhere. Both escape all text and drop any URL whose
scheme is not http, https (or mailto for links), so the output can be embedded in a page as is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from ..article import Block, Link
from ..urls import LINK_SCHEMES, WEB_SCHEMES, safe_url

# Tags kept by sanitize_fragment, each with the attributes it may keep.
ALLOWED_TAGS: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in (
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "dl", "dt", "dd",
        "em", "strong", "b", "i", "u", "s", "sub", "sup", "small", "mark", "abbr", "code", "pre",
        "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr", "cite",
    )},
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "ol": frozenset({"start"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
VOID_TAGS = frozenset({"br", "hr", "img"})
# Dropped together with everything inside them; any other unknown tag is unwrapped (its text kept).
DROPPED_TAGS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "form", "object", "applet", "noscript",
    "template", "svg", "math", "button", "select", "textarea", "option", "head", "title",
    "audio", "video", "canvas", "dialog",
})
# Void in HTML5, but libxml2 may nest what follows inside them: drop the tag, keep walking inside.
DROPPED_VOID_TAGS = frozenset({"embed", "input", "source", "track", "meta", "link", "base", "param", "wbr", "keygen"})


def _inline_html(text: str, links: Sequence[Link], base_url: str | None) -> str:
    parts: list[str] = []
    position = 0
    for link in sorted(links, key=lambda item: (item.start, item.end)):
        if link.start < position or link.end > len(text) or link.start >= link.end:
            continue  # overlapping or out of range: keep the text, lose the link
        href = safe_url(link.href, base_url=base_url, schemes=LINK_SCHEMES)
        if href is None:
            continue
        parts.append(escape(text[position : link.start], quote=False))
        parts.append(f'<a href="{escape(href)}">{escape(text[link.start : link.end], quote=False)}</a>')
        position = link.end
    parts.append(escape(text[position:], quote=False))
    return "".join(parts)


def _block_html(block: Block, base_url: str | None, image_schemes: frozenset[str]) -> str | None:
    inline = _inline_html(block.text, block.links, base_url)
    if block.kind == "heading":
        level = min(max(block.level or 2, 2), 6)
        return f"<h{level}>{inline}</h{level}>"
    if block.kind == "quote":
        return f"<blockquote><p>{inline}</p></blockquote>"
    if block.kind == "image":
        src = safe_url(block.src, base_url=base_url, schemes=image_schemes)
        if src is None:
            return f"<p>{inline}</p>" if block.text else None
        image = f'<img src="{escape(src)}" alt="{escape(block.alt or "")}">'
        caption = f"<figcaption>{inline}</figcaption>" if block.text else ""
        return f"<figure>{image}{caption}</figure>"
    return f"<p>{inline}</p>"


def blocks_to_html(blocks: Sequence[Block], *, base_url: str | None = None,
                   image_schemes: frozenset[str] = WEB_SCHEMES) -> str:
    """Render body blocks as a clean HTML fragment, one top-level element per line.

    Consecutive list items become one ``<ul>`` (or ``<ol>`` when ordered); links keep only
    http/https/mailto targets, relative ones resolved against ``base_url``; images only
    ``image_schemes`` sources (their caption stays).
    """
    lines: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "list_item":
            tag = "ol" if block.ordered else "ul"
            items = []
            while index < len(blocks) and blocks[index].kind == "list_item" and blocks[index].ordered == block.ordered:
                item = blocks[index]
                items.append(f"<li>{_inline_html(item.text, item.links, base_url)}</li>")
                index += 1
            lines.append(f"<{tag}>{''.join(items)}</{tag}>")
            continue
        html = _block_html(block, base_url, image_schemes)
        if html is not None:
            lines.append(html)
        index += 1
    return "\n".join(lines)


def _clean_attributes(tag: str, attributes: Iterable[tuple[str, str]], base_url: str | None) -> str:
    allowed = ALLOWED_TAGS[tag]
    kept = []
    for name, value in attributes:
        name = name.lower()
        if name not in allowed:
            continue
        if name in URL_ATTRIBUTES:
            value = safe_url(value, base_url=base_url, schemes=WEB_SCHEMES if name == "src" else LINK_SCHEMES)
            if value is None:
                continue
        kept.append(f' {name}="{escape(value)}"')
    return "".join(kept)


def _clean_children(element, base_url: str | None, out: list[str]) -> None:
    """Each child of ``element`` cleaned, followed by its tail."""
    for child in element:
        _clean_element(child, base_url, out)
        if child.tail:
            out.append(escape(child.tail, quote=False))


def _clean_element(element, base_url: str | None, out: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else None
    if tag in DROPPED_TAGS:
        return  # the caller still writes element.tail
    keep = tag in ALLOWED_TAGS
    if tag == "img" and not safe_url(element.get("src"), base_url=base_url, schemes=WEB_SCHEMES):
        keep = False
    if keep:
        out.append(f"<{tag}{_clean_attributes(tag, element.attrib.items(), base_url)}>")
    if tag is not None and tag not in DROPPED_VOID_TAGS and element.text:  # comments have no tag
        out.append(escape(element.text, quote=False))
    _clean_children(element, base_url, out)
    if keep and tag not in VOID_TAGS:
        out.append(f"</{tag}>")


def sanitize_fragment(html: str, *, base_url: str | None = None) -> str:
    """Clean arbitrary HTML down to whitelisted tags and attributes with safe URLs.

    Scripts, styles, frames, forms, objects and embeds are dropped with their content, ``on*``
    and other unlisted attributes removed, javascript:/data: URLs dropped; unknown tags are
    unwrapped so their text survives.
    """
    if not html or not html.strip():
        return ""
    from lxml import etree, html as lxml_html

    try:
        document = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return escape(html, quote=False)
    body = document.find("body")
    root = body if body is not None else document
    out: list[str] = [escape(root.text, quote=False)] if root.text else []
    _clean_children(root, base_url, out)
    return "".join(out).strip()
