"""The fetch stage: read a source (http(s) URL, file or stdin) and decode it to a Page.

- ``source``: ``read_source`` and ``fetch_url``, files and stdin, the Page
- ``http``: the one HTTP client (pages, feeds, sitemaps, model packages), its deadlines and User-Agent
- ``decode``: which charset a document is in, and whether it is HTML
- ``proxy``: which proxy each request goes through
"""

from .decode import decode_html, looks_like_html
from .http import USER_AGENT, Download, download_to, download_url
from .source import Page, fetch_url, read_source

__all__ = [
    "USER_AGENT",
    "Download",
    "Page",
    "decode_html",
    "download_to",
    "download_url",
    "fetch_url",
    "looks_like_html",
    "read_source",
]
