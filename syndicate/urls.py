"""The one URL policy: which addresses may enter an Article and leave in an export.

Extraction applies it to every URL it takes from a page and export applies it again to every
URL it writes, so a ``javascript:`` canonical link, image or body link never reaches a partner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit, urlunsplit

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
        return without_credentials(url) if head.split(":", 1)[0].lower() in schemes else None
    if base_url:
        try:
            url = urljoin(base_url, url)
            scheme = urlsplit(url).scheme.lower()
        except ValueError:  # unparsable, such as "http://[::1"
            return None
        return without_credentials(url) if scheme in schemes else None
    return url or None


def without_credentials(url: str) -> str:
    """``url`` without its userinfo (``user:password@``): a password given to fetch a page never
    reaches a public file. Other URLs, and unparsable ones, are returned as they are."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


_DEFAULT_PORTS = {"http": 80, "https": 443}
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def normalized_url(url: str) -> str:
    """The one spelling of an http(s) URL that identifies what it points at: no credentials, scheme
    and host in lower case, no default port, no fragment, no empty query, percent escapes in upper
    case. Anything else (paths, other schemes, unparsable URLs) is returned as it is."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in WEB_SCHEMES or not parts.hostname:
            return url
        host = parts.hostname  # lower case, userinfo and port left out
        port = parts.port
    except ValueError:  # a port that isn't a number, an unclosed IPv6 bracket
        return url
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = _PERCENT_ESCAPE.sub(lambda match: match.group(0).upper(), parts.path) or "/"
    query = _PERCENT_ESCAPE.sub(lambda match: match.group(0).upper(), parts.query)
    return urlunsplit((scheme, host, path, query, ""))


def same_address(first: str | None, second: str | None) -> bool:
    """Whether two URLs name the same page once normalized (see ``normalized_url``); two missing
    ones are the same too (articles from stdin)."""
    if not first or not second:
        return first == second
    return normalized_url(first) == normalized_url(second)


def source_address(article) -> str | None:
    """Where an Article's original is: its canonical URL, else the URL it was read from; the first
    the policy allows."""
    return safe_url(article.canonical_url) or safe_url(article.url)
