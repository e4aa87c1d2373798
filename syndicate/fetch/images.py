"""Copying a lead image: downloaded through the one HTTP client, its type known from its bytes.

Partners' pages hotlinking the source site's image break when that site blocks hotlinks or
serves http only; the ``copy_images`` setting copies the lead image next to the pages instead.
Only raster types a browser shows without running anything (JPEG, PNG, GIF, WebP) are kept,
recognised from their first bytes whatever the server claims: never SVG (it can hold scripts).
"""

from __future__ import annotations

from ..errors import ContentError

MAX_IMAGE_BYTES = 5_000_000

# (file name suffix, test on the first bytes)
_SIGNATURES = (
    ("jpg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("gif", lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    ("webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
)


def image_type(data: bytes) -> str | None:
    """The file suffix of a JPEG, PNG, GIF or WebP image, from its bytes; None for anything else."""
    return next((suffix for suffix, matches in _SIGNATURES if matches(data[:16])), None)


def download_image(url: str, *, timeout: float, max_bytes: int = MAX_IMAGE_BYTES) -> tuple[bytes, str]:
    """The bytes and file suffix of the image at ``url``. FetchError when it can't be fetched
    (larger than ``max_bytes`` included), ContentError when it is not an image type we copy."""
    from .http import download_url

    download = download_url(url, timeout=timeout, max_bytes=max_bytes)
    suffix = image_type(download.body)
    if suffix is None or len(download.body) < 16:
        raise ContentError(f"{url} is not a JPEG, PNG, GIF or WebP image ({download.content_type or 'no type'})")
    return download.body, suffix
