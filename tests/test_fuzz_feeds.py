"""Property-based fuzzing of the feed merge: an existing feed (sound or corrupted) plus new items.

After every merge the feed parses (lxml and feedparser, not bozo), holds each guid once, and holds
exactly the newest ``feed_max_items`` of the old and new items: none lost, none duplicated.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
from hypothesis import given, strategies as st
from lxml import etree

from syndicate.errors import SyndicateError
from syndicate.export.feeds import FeedItem, merge_items, parse_feed, render_feed, update_feed
from syndicate.languages import get_language
from syndicate.settings import Settings

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)
LANGUAGE = get_language("fa-AF")
TEXT = st.text(max_size=60)  # any code point: control characters, surrogates, non-characters
HOSTILE_TEXT = st.one_of(TEXT, st.sampled_from([
    "<script>alert(1)</script>", "]]>", "&amp;", "javascript:alert(1)", "\x00", "\ud800", "\ufffe", "<![CDATA[x",
]))
URL = st.one_of(st.sampled_from(["https://news.example/a", "javascript:alert(1)", " java\tscript:x", "/relative",
                                 "https://news.example/\x00x", ""]), st.none())


@st.composite
def feed_items(draw, max_size=8) -> list[FeedItem]:
    guids = draw(st.lists(st.integers(0, 30), max_size=max_size, unique=True))
    return [FeedItem(
        guid=f"urn:syndicate:fa-AF:{guid}",
        title=draw(HOSTILE_TEXT) or "untitled",
        link=f"https://partner.example/{guid}/fa-AF.html",
        published=NOW - timedelta(minutes=draw(st.integers(0, 5000))),
        description=draw(st.one_of(st.none(), HOSTILE_TEXT)),
        content_html=draw(st.sampled_from(["<p>body</p>", "", "<p>a &amp; b</p>"])),
        creator=draw(st.one_of(st.none(), HOSTILE_TEXT)),
        source_url=draw(URL),
        source_name=draw(st.one_of(st.none(), HOSTILE_TEXT)),
        categories=tuple(draw(st.lists(HOSTILE_TEXT, max_size=2))),
    ) for guid in guids]


@st.composite
def corruption(draw):
    """A way to damage a feed file on disk (or none)."""
    kind = draw(st.sampled_from(["none", "none", "truncate", "bytes", "insert", "empty", "not-rss"]))
    at = draw(st.floats(0, 1))
    noise = draw(st.binary(min_size=1, max_size=20))
    return kind, at, noise


def damage(data: bytes, how) -> bytes:
    kind, at, noise = how
    cut = int(len(data) * at)
    return {"none": data, "truncate": data[:cut], "bytes": data[:cut] + noise + data[cut + len(noise):],
            "insert": data[:cut] + noise + data[cut:], "empty": b"", "not-rss": b"<html><body>x</body></html>"}[kind]


def check_feed(path: Path, expected_guids: list[str]) -> None:
    data = path.read_bytes()
    etree.fromstring(data)
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception
    guids = [entry.id for entry in parsed.entries]
    assert guids == [item.guid for item in parse_feed(data)]
    assert len(guids) == len(set(guids))
    assert guids == expected_guids


@given(feed_items(), st.lists(feed_items(max_size=3), min_size=1, max_size=4), corruption(), st.integers(1, 10),
       feed_items())
def test_merges_keep_the_newest_items_once_and_the_feed_parses(existing, batches, how, max_items, records):
    settings = Settings(base_url="https://partner.example/", feed_max_items=max_items)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fa-AF.xml"
        try:
            initial = render_feed(merge_items([], existing, max_items), language=LANGUAGE, settings=settings, now=NOW)
        except SyndicateError:
            return
        path.write_bytes(damage(initial, how))
        try:
            known = parse_feed(path.read_bytes())
        except ValueError:
            known = records  # corrupt: the merge rebuilds from article.json records
        for batch in batches:
            update = update_feed(path, batch, language=LANGUAGE, settings=settings, now=NOW, rebuild=lambda: records)
            known = merge_items(known, batch, max_items)
            check_feed(path, [item.guid for item in known])
            assert set(update.added) | set(update.replaced) == {item.guid for item in batch}


@given(st.one_of(st.binary(max_size=400), st.builds(
    lambda head, cut: (b"<rss><channel><item><guid>g</guid><title>t</title><link>https://p.example/a</link>"
                       b"<pubDate>Tue, 06 Dec 2022 09:30:00 +0000</pubDate></item></channel></rss>")[:cut] + head,
    st.binary(max_size=20), st.integers(0, 200))))
def test_parse_feed_takes_any_bytes(data):
    try:
        items = parse_feed(data)
    except ValueError:  # CorruptFeed
        return
    for item in items:  # what merging relies on: a guid to merge by, an aware date to order by
        assert isinstance(item.guid, str) and item.guid.strip(), item
        assert item.published.tzinfo is not None, item
