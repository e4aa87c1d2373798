"""Property-based fuzzing of the feeds: hostile items in any number, written by write_feed.

The feed parses (lxml and feedparser, not bozo) and holds exactly the newest ``feed_max_items``
items, newest first, each once; a feed whose items didn't change is left alone (whatever is on
disk: nothing reads it back), one whose items did is written whole.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
from hypothesis import example, given, strategies as st
from lxml import etree

from syndicate.export.feeds import _XML_UNSAFE, FeedItem, newest_first, write_feed
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


def check_feed(path: Path, expected: list[FeedItem]) -> None:
    data = path.read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception
    assert [entry.id for entry in parsed.entries] == [item.guid for item in expected]  # newest first, each once
    elements = etree.fromstring(data).find("channel").findall("item")
    assert [(e.findtext("title"), e.findtext("link")) for e in elements] == [
        (_XML_UNSAFE.sub("", item.title), item.link) for item in expected]  # the text as it was, less what XML can't hold


@given(feed_items(), st.integers(0, 10), feed_items(), st.binary(max_size=200))
@example(items=[], max_items=1, damage=b"", later=[FeedItem(  # feedparser reads a C1 control as cp1252: compare with lxml
    guid="urn:syndicate:fa-AF:0", title="\x80", link="https://partner.example/0/fa-AF.html", published=NOW,
    description=None, content_html="<p>body</p>", source_url="https://news.example/a")])
def test_a_written_feed_parses_and_holds_the_newest_items_once(items, max_items, later, damage):
    settings = Settings(base_url="https://partner.example/", feed_max_items=max_items)
    with tempfile.TemporaryDirectory() as folder:
        first = write_feed(Path(folder), newest_first(items, max_items), language=LANGUAGE, settings=settings, now=NOW)
        check_feed(first.path, newest_first(items, max_items))
        first.path.write_bytes(damage)  # nothing reads the file back: it is written whole or left alone
        again = write_feed(Path(folder), newest_first(items, max_items), language=LANGUAGE, settings=settings,
                           now=NOW + timedelta(hours=1), last=(first.digest, first.built_at))
        assert (again.written, again.built_at, again.digest) == (False, NOW, first.digest)
        assert first.path.read_bytes() == damage
        chosen = newest_first(later, max_items)
        changed = write_feed(Path(folder), chosen, language=LANGUAGE, settings=settings,
                             now=NOW + timedelta(hours=2), last=(first.digest, first.built_at))
        same = [item.guid for item in chosen] == [item.guid for item in newest_first(items, max_items)] and \
            changed.digest == first.digest
        assert changed.written is not same
        if changed.written:
            check_feed(changed.path, chosen)
