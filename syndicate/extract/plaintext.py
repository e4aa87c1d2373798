"""Articles from plain text and Markdown: the form an op-ed has before it is published.

The title is the first line (or the first ``#`` heading); paragraphs are separated by blank
lines, and the lines of one paragraph are joined. Markdown adds headings (``##``), quotes
(``>``), list items (``-``, ``*``, ``1.``), links ``[text](url)`` and images ``![alt](url)``;
emphasis markers are dropped. Markup is never interpreted: text stays text, and link targets
go through the one URL policy when exported. The same furniture rules as for web pages drop a
repeated title, a byline or date line at the top and a comment form at the end.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..article import Article, Block, Link
from ..errors import ContentError
from ..urls import LINK_SCHEMES, safe_url
from .boilerplate import drop_furniture
from .meta import PageMetadata
from .text import body_words

MIN_BODY_WORDS = 30
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(?:[-*+]|(\d{1,3})[.)])\s+(.*)$")
_QUOTE = re.compile(r"^>\s?(.*)$")
_TARGET = r"\(\s*([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\s*\)"  # one level of (…) allowed
_IMAGE = re.compile(rf"^!\[([^\]]*)\]{_TARGET}$")
_LINK = re.compile(rf"\[([^\]]+)\]{_TARGET}")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")


def text_article(text: str, *, markdown: bool, url: str | None = None,
                 metadata: PageMetadata | None = None) -> Article:
    """The Article in plain ``text`` (or Markdown); ContentError when it holds no article text."""
    blocks = _markdown_blocks(text) if markdown else _text_blocks(text)
    title_index = next((i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 1), None)
    if title_index is None:
        title_index = next((i for i, b in enumerate(blocks) if b.kind != "image"), None)
    if title_index is None:
        raise ContentError("the text is empty", hint="the first line is the title; paragraphs are separated by blank lines")
    title = blocks[title_index].text
    body = [_body_level(b) for i, b in enumerate(blocks) if i != title_index]
    metadata = replace(metadata or PageMetadata(), title=title)
    body = drop_furniture(body, metadata)
    words = body_words(body)
    if words < MIN_BODY_WORDS:
        raise ContentError(f"no article text found ({words} words of body text)",
                           hint="the first line is the title; paragraphs are separated by blank lines")
    return Article(url=url, title=title, blocks=tuple(body), canonical_url=metadata.canonical_url,
                   authors=metadata.authors, published=metadata.published, outlet=metadata.outlet,
                   summary=metadata.summary, section=metadata.section, is_opinion=metadata.is_opinion,
                   keywords=metadata.keywords)


def _body_level(block: Block) -> Block:
    """Body headings start at level 2 (the page's h1 is the title)."""
    return replace(block, level=2) if block.kind == "heading" and block.level < 2 else block


def _paragraphs(text: str) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            groups[-1].append(line.strip())
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def _text_blocks(text: str) -> list[Block]:
    paragraphs = (_clean(" ".join(lines)) for lines in _paragraphs(text))
    return [Block("paragraph", paragraph) for paragraph in paragraphs if paragraph]


def _markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for lines in _paragraphs(text):
        pending: list[str] = []
        for line in lines:
            heading, item, quote, image = (_HEADING.match(line), _LIST_ITEM.match(line), _QUOTE.match(line),
                                           _IMAGE.match(line))
            if heading:
                block = _inline("heading", heading.group(2), level=len(heading.group(1)))
            elif item:
                block = _inline("list_item", item.group(2), ordered=item.group(1) is not None)
            elif quote:
                block = _inline("quote", quote.group(1))
            elif image:
                src = safe_url(image.group(2))
                block = Block("image", "", src=src, alt=_clean(image.group(1)) or None) if src else None
            else:
                pending.append(line)
                continue
            if pending:
                blocks += _optional(_inline("paragraph", " ".join(pending)))
                pending = []
            blocks += _optional(block)
        if pending:
            blocks += _optional(_inline("paragraph", " ".join(pending)))
    return blocks


def _optional(block: Block | None) -> list[Block]:
    return [block] if block is not None else []


def _inline(kind: str, text: str, **extra) -> Block | None:
    """A block of Markdown inline text: links become Links, emphasis markers go."""
    text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), text)
    out, links, position = "", [], 0
    for match in _LINK.finditer(text):
        out += _collapse(text[position:match.start()])
        label, href = _clean(match.group(1)), safe_url(match.group(2), schemes=LINK_SCHEMES)
        if label and href:
            links.append(Link(len(out), len(out) + len(label), href))
        out += label
        position = match.end()
    out += _collapse(text[position:])
    stripped = out.strip()
    if not stripped:
        return None
    shift = len(out) - len(out.lstrip())
    kept = tuple(Link(link.start - shift, link.end - shift, link.href) for link in links
                 if link.start >= shift and link.end - shift <= len(stripped))
    return Block(kind, stripped, links=kept, **extra)


def _collapse(text: str) -> str:
    """Whitespace runs as one space (an edge space is kept: it separates words around a link)."""
    return re.sub(r"\s+", " ", text.replace("\x00", ""))


def _clean(text: str) -> str:
    return _collapse(text).strip()
