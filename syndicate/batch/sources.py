"""Expand what the user gave `syndicate batch` into article sources.

A source is an http(s) URL of an article, a saved article page, a text file of URLs (one per
line, ``#`` comments), an RSS/Atom feed (URL or file: its item links) or a sitemap (URL or
file: its ``<loc>`` entries; a sitemap index is followed down to MAX_SITEMAP_DEPTH levels).

What may be read is decided here, by who named it. The user names local files: on the command
line, or in a URL list file named there. A feed or a sitemap is a web document, wherever it was
read from: what it names is taken only when it is an http(s) URL, so a feed can't pull
``/home/editor/draft.md`` into the public feeds. Anything else it names is refused, one
``Refused`` each, which the batch records as failed with the reason.

Each source gets its identity (``Source.key``): an http(s) URL normalized (urls.normalized_url:
no fragment, no credentials, one spelling of scheme, host and port), a file as given. Two
spellings of one URL are one source in the ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import UsageError
from ..fetch import looks_like_html
from ..urls import WEB_SCHEMES, normalized_url, without_credentials

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_SITEMAP_DEPTH = 3  # an index of indexes of sitemaps, and no deeper
FEED_SUFFIXES = (".xml", ".rss", ".atom", "/feed", "/rss", "/feed/", "/rss/")


@dataclass(frozen=True)
class Source:
    """One article to read: ``address`` is what the fetch reads (a URL, with the credentials the
    user gave, or a file), ``key`` its identity in the ledger and in everything the run reports."""

    address: str
    key: str


@dataclass(frozen=True)
class Refused:
    """Something a feed or sitemap named that is not read (``key`` as the ledger records it), and why."""

    key: str
    reason: str


@dataclass(frozen=True)
class Expanded:
    """The article sources found, in order without repeats; what was refused; where lists came from."""

    sources: tuple[Source, ...]
    origins: tuple[str, ...]
    refused: tuple[Refused, ...] = ()


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in WEB_SCHEMES


def parse_url_list(text: str) -> list[str]:
    """Lines of a URL list file: blank lines and ``#`` comments (whole-line or trailing) ignored."""
    urls = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            urls.append(line)
    return urls


def looks_like_xml_list(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith("<?xml") or any(tag in head for tag in ("<rss", "<feed", "<urlset", "<sitemapindex"))


def parse_xml_list(text: str, fetch_text: Callable[[str], str] | None = None, *,
                   refused: list[Refused] | None = None) -> list[str]:
    """Item links of an RSS/Atom feed, or the ``<loc>`` entries of a sitemap, as written there.

    A sitemap index's children are read with ``fetch_text`` when they are http(s) URLs, down to
    MAX_SITEMAP_DEPTH levels of indexes, each at most once; a child deeper than that goes to
    ``refused``. Children that aren't http(s) URLs are returned unread, for the caller to
    refuse (see ``expand_sources``)."""
    return _XmlLists(fetch_text, [] if refused is None else refused).names(text, depth=1)


class _XmlLists:
    """Reads feeds, sitemaps and sitemap indexes, following indexes with a depth limit and a loop check."""

    def __init__(self, fetch_text: Callable[[str], str] | None, refused: list[Refused]):
        self.fetch_text = fetch_text
        self.refused = refused
        self.seen: set[str] = set()

    def names(self, text: str, *, depth: int) -> list[str]:
        from lxml import etree

        try:
            parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
            root = etree.fromstring(text.encode("utf-8", "replace"), parser=parser)
        except etree.LxmlError as error:
            raise UsageError(f"not a readable feed or sitemap: {error}") from error
        if root is None:
            raise UsageError("not a readable feed or sitemap")
        tag = etree.QName(root).localname
        if tag in ("urlset", "sitemapindex"):
            locs = _locs(root)
            if any(entry.level_name == "FATAL" for entry in parser.error_log):
                locs = locs[:-1]  # cut short: the last entry may be half a URL
            return locs if tag == "urlset" else self._children(locs, depth)
        import feedparser

        feed = feedparser.parse(text)
        return [entry.link for entry in feed.entries if entry.get("link")]

    def _children(self, children: list[str], depth: int) -> list[str]:
        if self.fetch_text is None:
            raise UsageError("a sitemap index needs its child sitemaps fetched")
        named: list[str] = []
        for child in children:
            if not is_url(child):
                named.append(child)  # refused by the caller, never read
                continue
            key = normalized_url(child)
            if key in self.seen:
                continue  # a loop, or a child listed twice
            self.seen.add(key)
            if depth >= MAX_SITEMAP_DEPTH:
                self.refused.append(Refused(key, f"refused: a sitemap index nested more than {MAX_SITEMAP_DEPTH} "
                                                 "deep; give this sitemap itself"))
                continue
            named.extend(self.names(self.fetch_text(child), depth=depth + 1))
        return named


def _locs(root) -> list[str]:
    return [loc.text.strip() for loc in root.iter(f"{SITEMAP_NS}loc", "loc") if loc.text and loc.text.strip()]


def expand_sources(given: Iterable[str], read_text: Callable[[str], str]) -> Expanded:
    """Turn command-line SOURCES into the articles to read (see the module docstring).

    ``read_text(source)`` reads a URL or file as text (the caller decides how to fetch).
    A URL is taken as an article unless its path looks like a feed (``.xml``, ``/feed``...).
    """
    found: list[tuple[str, bool]] = []  # (source, named by the user: may be a local file)
    origins: list[str] = []
    deep: list[Refused] = []
    for item in given:
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:  # bytes of another encoding on the command line
            shown = item.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            raise UsageError(f"source {shown} is not valid UTF-8", hint="rename the file, or quote the URL as UTF-8") from None
        if is_url(item):
            path = urlsplit(item).path.lower()
            if not path.endswith(FEED_SUFFIXES):
                found.append((item, True))
                continue
            origins.append(without_credentials(item))
            found.extend((named, False) for named in parse_xml_list(read_text(item), read_text, refused=deep))
            continue
        path = Path(item)
        if not path.is_file():
            raise UsageError(f"{item}: no such file", hint="give URLs, a file of URLs, a feed or a sitemap")
        text = read_text(item)
        origins.append(item)
        if looks_like_xml_list(text):
            found.extend((named, False) for named in parse_xml_list(text, read_text, refused=deep))
        elif looks_like_html(text.encode("utf-8", "replace")):
            found.append((str(path), True))  # a saved article page
        else:
            found.extend((named, True) for named in parse_url_list(text))
    sources: dict[str, Source] = {}
    refused: dict[str, Refused] = {r.key: r for r in deep}
    for named, by_user in found:
        if is_url(named):
            key = normalized_url(named)
            sources.setdefault(key, Source(named, key))
        elif by_user:
            sources.setdefault(named, Source(named, named))
        else:
            key = _shown(named)
            refused.setdefault(key, Refused(key, "refused: a feed or sitemap named something that is not an "
                                                 "http(s) URL; local files are read only when given on the command "
                                                 "line or in a URL list file"))
    return Expanded(sources=tuple(sources.values()), origins=tuple(origins), refused=tuple(refused.values()))


def _shown(named: str) -> str:
    """What a feed named, as the ledger and the run's lines show it: one line, 300 characters at most."""
    line = " ".join(named.split())
    return line if len(line) <= 300 else line[:297] + "..."
