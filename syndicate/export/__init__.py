"""Export: syndication-ready pages, ninjs, article.json, RSS feeds and the index page.

``export_article`` is the entry point; the modules it uses, one concern each:
slug (folder names), pages (HTML), jsonld (schema.org), ninjs (IPTC), record (article.json),
feeds (RSS), site_index (index.html), render (safe body HTML), guard (the last check on public
files), files (atomic writes), urls, dates, messages, templates.
"""

from .exporter import ExportResult, export_article, feed_item, feed_items_from_records
from .feeds import FeedItem, FeedUpdate

__all__ = ["ExportResult", "FeedItem", "FeedUpdate", "export_article", "feed_item", "feed_items_from_records"]
