"""The lead image as partners receive it: where it is, its type, size and dimensions when known."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from ..article import Article
from ..fetch.images import image_type
from .urls import lead_image_url, site_url

MEDIA_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp"}


@dataclass(frozen=True)
class LeadImage:
    """The lead image of an edition: its address on the site (a copy) or at the source (https)."""

    url: str
    media_type: str | None = None
    size: int | None = None  # bytes, when it is a copy
    width: int | None = None
    height: int | None = None
    description: str | None = None  # its alt text in the edition's language, when the body shows it


def translated_alt(translation) -> str | None:
    """The lead image's alt text in ``translation``'s language: that of the body's image block
    showing the same image, when there is one (the lead image itself has no alt of its own)."""
    lead = translation.source.lead_image
    return next((block.alt for block, original in zip(translation.blocks, translation.source.blocks)
                 if lead and original.kind == "image" and original.src == lead and block.alt), None)


def lead_image(source: Article, base_url: str, *, slug: str, copy: Path | None = None) -> LeadImage | None:
    """The lead image partners receive: the copy published beside the pages (setting copy_images)
    with its size and dimensions, else the source's when the site may show it (an https one on an
    https site), with the type its name says; None otherwise."""
    if copy is not None:
        data = copy.read_bytes()
        suffix = image_type(data[:16])
        width, height = image_size(data) or (None, None)
        return LeadImage(urljoin(site_url(base_url), f"{slug}/{copy.name}"), MEDIA_TYPES.get(suffix or ""),
                         len(data), width, height)
    url = lead_image_url(source, base_url)
    if not url:
        return None
    suffix = url.rsplit("?", 1)[0].rsplit("#", 1)[0].rsplit(".", 1)[-1].lower()
    return LeadImage(url, MEDIA_TYPES.get(suffix))


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF or JPEG from its header; None when it can't tell."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:3] == b"\xff\xd8\xff":
        position = 2
        while position + 9 < len(data):
            if data[position] != 0xFF:
                return None
            marker = data[position + 1]
            length = struct.unpack(">H", data[position + 2:position + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                height, width = struct.unpack(">HH", data[position + 5:position + 9])
                return width, height
            position += 2 + length
    return None
