"""Batch fetching: per-host politeness, hashes that tell what changed, list sources over HTTP."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from syndicate.batch.fetching import PoliteFetcher, content_hash, fetch_article, read_text_source
from syndicate.batch.sources import Source
from syndicate.errors import ContentError, FetchError
from syndicate.extract.extractor import Extractor


def fetch_all(fetcher: PoliteFetcher, urls: list[str]) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        list(pool.map(fetcher.read, urls))
    return time.perf_counter() - started


def test_one_host_sees_at_most_per_host_requests_at_once(http_server, wcxb_pages):
    body = wcxb_pages["0442"]
    urls = [http_server.route(f"/slow/{n}", body, delay=0.3) for n in range(6)]
    # six threads, two slots on 127.0.0.1: three rounds of 0.3 s at least
    assert fetch_all(PoliteFetcher(timeout=5, per_host=2), urls) >= 0.9
    assert len(http_server.requests) == 6


def test_requests_to_one_host_start_an_interval_apart(http_server, wcxb_pages):
    urls = [http_server.route(f"/p/{n}", wcxb_pages["0442"]) for n in range(5)]
    assert fetch_all(PoliteFetcher(timeout=5, per_host=5, interval=0.1), urls) >= 0.4


def test_an_unchanged_page_is_not_extracted_again_and_a_changed_one_is(http_server, wcxb_pages):
    fetcher, extractor = PoliteFetcher(timeout=5), Extractor()
    url = Source(http_server.route("/a", wcxb_pages["0079"]), "a-key")
    first = fetch_article(url, fetcher=fetcher, extractor=extractor)
    assert first.article is not None and first.content_hash == content_hash(first.article)
    assert first.source == "a-key"  # a source is reported by its key
    assert set(first.timings) == {"fetch", "extract"}
    same = fetch_article(url, fetcher=fetcher, extractor=extractor, exported_page_hash=first.page_hash)
    assert (same.article, same.content_hash, same.page_hash) == (None, None, first.page_hash)
    http_server.route("/a", wcxb_pages["0079"].replace(b"</body>", b"<!-- ad 2 --></body>", 1))
    around = fetch_article(url, fetcher=fetcher, extractor=extractor, exported_page_hash=first.page_hash)
    assert around.page_hash != first.page_hash and around.content_hash == first.content_hash


def test_a_non_english_article_is_refused_unless_allowed(http_server, corpus):
    address = http_server.route("/ru", (corpus / "outlets" / "football-ua-russian.html").read_bytes())
    url = Source(address, address)
    fetcher, extractor = PoliteFetcher(timeout=5), Extractor()
    with pytest.raises(ContentError, match="not English"):
        fetch_article(url, fetcher=fetcher, extractor=extractor)
    assert fetch_article(url, fetcher=fetcher, extractor=extractor, allow_non_english=True).article.language == "ru"


def test_lists_are_read_over_http_whatever_their_content_type(http_server):
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    url = http_server.route("/feed.xml", feed, content_type="application/rss+xml", compress="gzip")
    assert read_text_source(url, timeout=5) == feed.decode()
    with pytest.raises(FetchError, match="HTTP 404"):
        read_text_source(http_server.url("/nothing.xml"), timeout=5)
