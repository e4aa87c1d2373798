"""The one URL policy: which addresses may enter an Article and leave in an export.

Extraction applies it to every URL it takes from a page and export applies it again to every
URL it writes, so a ``javascript:`` canonical link, image or body link never reaches a partner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

WEB_SCHEMES = frozenset({"http", "https"})  # page, canonical, image and source addresses
LINK_SCHEMES = WEB_SCHEMES | {"mailto"}  # inline body links may also be e-mail addresses
SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # browsers ignore these inside a scheme ("java\tscript:")
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")  # not in a URL, nor in XML


def safe_url(url: str | None, *, base_url: str | None = None, schemes: Iterable[str] = WEB_SCHEMES) -> str | None:
    """``url`` resolved against ``base_url``, or None when its scheme is not in ``schemes``.

    Control characters are removed (as browsers do). A relative URL without a ``base_url`` is
    kept as it is: it can't carry a scheme.
    """
    if not url:
        return None
    url = _UNSAFE_CHARS.sub("", url).strip()
    head = SCHEME_NOISE.sub("", url).split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if ":" in head:
        return url if head.split(":", 1)[0].lower() in schemes else None
    if base_url:
        try:
            url = urljoin(base_url, url)
            scheme = urlsplit(url).scheme.lower()
        except ValueError:  # unparsable, such as "http://[::1"
            return None
        return url if scheme in schemes else None
    return url or None


def source_address(article) -> str | None:
    """Where an Article's original is: its canonical URL, else the URL it was read from; the first
    the policy allows."""
    return safe_url(article.canonical_url) or safe_url(article.url)
