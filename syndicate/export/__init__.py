"""Export: syndication-ready pages, ninjs, article.json, RSS feeds and the index page.

Every function here renders what it is given (editions.render gives it the public editions from
the editorial database) and never reads the output folder back. ``export_article`` writes one
article's folder, ``write_feed`` one language's feed, ``write_index`` the index; the modules
they use, one concern each: slug (folder names), pages (HTML), jsonld (schema.org), ninjs
(IPTC 3.x) and ninjs1 (the 1.x names older readers take), record (article.json), feeds (RSS),
images (the lead image partners receive), site_index (index.html), render (safe body HTML),
guard (the last check on public files), files (atomic writes), urls, dates, messages, templates.
"""

from .exporter import ExportResult, export_article, feed_item, write_index
from .feeds import FeedItem, WrittenFeed, write_feed

__all__ = ["ExportResult", "FeedItem", "WrittenFeed", "export_article", "feed_item", "write_feed", "write_index"]
