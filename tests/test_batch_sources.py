from pathlib import Path

import pytest

from syndicate.batch.ledger import Ledger
from syndicate.batch.sources import expand_sources, parse_url_list
from syndicate.errors import UsageError

RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Op-eds</title><link>https://news.example/</link>
<item><title>One</title><link>https://news.example/a/1</link></item>
<item><title>Two</title><link>https://news.example/a/2</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title>Three</title><link href="https://news.example/a/3"/><id>3</id><updated>2022-12-05T09:30:00Z</updated></entry>
</feed>"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://news.example/a/4</loc></url><url><loc> https://news.example/a/2 </loc></url>
</urlset>"""


def read(path):
    return Path(path).read_text(encoding="utf-8")


def test_url_list_skips_comments_and_blank_lines():
    text = "# op-eds for Monday\nhttps://a.example/1\n\n  https://a.example/2   # via email\n#https://a.example/3\n"
    assert parse_url_list(text) == ["https://a.example/1", "https://a.example/2"]


def test_feeds_sitemaps_and_lists_expand_in_order_without_repeats(tmp_path):
    (tmp_path / "feed.xml").write_text(RSS)
    (tmp_path / "atom.xml").write_text(ATOM)
    (tmp_path / "sitemap.xml").write_text(SITEMAP)
    (tmp_path / "urls.txt").write_text("https://news.example/a/1\nhttps://news.example/a/5\n")
    given = [str(tmp_path / name) for name in ("feed.xml", "atom.xml", "sitemap.xml", "urls.txt")]
    expanded = expand_sources(given + ["https://news.example/a/6"], read)
    assert expanded.sources == tuple(f"https://news.example/a/{n}" for n in (1, 2, 3, 4, 5, 6))
    assert len(expanded.origins) == 4


def test_sitemap_index_is_followed(tmp_path):
    child = tmp_path / "child.xml"
    child.write_text(SITEMAP)
    index = tmp_path / "index.xml"
    index.write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{child}</loc></sitemap></sitemapindex>"
    )
    assert expand_sources([str(index)], read).sources == ("https://news.example/a/4", "https://news.example/a/2")


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        expand_sources([str(tmp_path / "nope.txt")], read)


def test_ledger_states_survive_reopening(tmp_path):
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.add(["u1", "u2", "u3"])
        ledger.start_attempt("u1")
        ledger.mark("u1", "fetched", content_hash="h1")
        ledger.mark_exported("u1", content_hash="h1", run_key="k", slug="s1", timings={"fetch": 0.1}, versions={})
        ledger.start_attempt("u2")
        ledger.fail("u2", "fetch", "HTTP 404")
        ledger.add(["u1"])  # re-adding keeps the state
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        assert ledger.counts() == {"queued": 1, "fetched": 0, "translated": 0, "exported": 1, "failed": 1}
        done = ledger.get("u1")
        assert done.is_done("h1", "k") and not done.is_done("h2", "k") and not done.is_done("h1", "other")
        failed = ledger.get("u2")
        assert (failed.attempts, failed.error_kind, failed.last_error) == (1, "fetch", "HTTP 404")
        assert [e.source for e in ledger.entries("queued")] == ["u3"]


def test_a_source_that_is_not_utf8_is_refused_before_the_ledger_sees_it(tmp_path):
    from syndicate.batch.sources import expand_sources
    from syndicate.errors import UsageError

    with pytest.raises(UsageError) as caught:
        expand_sources(["bad\udcff.html"], lambda source: "")
    assert caught.value.message == "source bad\\udcff.html is not valid UTF-8"
