"""syndicate: scrape an op-ed, translate it offline, export it for syndication."""

__version__ = "0.1.0"
