from pathlib import Path

from html import escape

import pytest

from syndicate.batch.ledger import Ledger
from syndicate.batch.sources import MAX_SITEMAP_DEPTH, Source, expand_sources, parse_url_list
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
    assert [s.address for s in expanded.sources] == [f"https://news.example/a/{n}" for n in (1, 2, 3, 4, 5, 6)]
    assert [s.key for s in expanded.sources] == [s.address for s in expanded.sources]
    assert len(expanded.origins) == 4 and expanded.refused == ()


def sitemap_index(*children: str) -> bytes:
    locs = "".join(f"<sitemap><loc>{child}</loc></sitemap>" for child in children)
    return ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{locs}</sitemapindex>").encode()


def fetch_text(url: str) -> str:
    from syndicate.batch.fetching import read_text_source

    return read_text_source(url, timeout=5)


def test_sitemap_indexes_are_followed_down_three_levels_each_child_once(http_server):
    http_server.route("/sitemap.xml", SITEMAP.encode())
    http_server.route("/deep.xml", SITEMAP.replace("a/4", "a/9").encode())
    http_server.route("/level3.xml", sitemap_index(http_server.url("/deep.xml"), http_server.url("/level3.xml")))
    http_server.route("/level2.xml", sitemap_index(http_server.url("/level3.xml"), http_server.url("/level2.xml")))
    top = http_server.route("/index.xml", sitemap_index(http_server.url("/level2.xml"),
                                                         http_server.url("/sitemap.xml#again"),
                                                         http_server.url("/sitemap.xml")))
    expanded = expand_sources([top], fetch_text)
    assert [s.key for s in expanded.sources] == ["https://news.example/a/4", "https://news.example/a/2"]
    # index → index → index → sitemap: that sitemap is one level too deep
    assert MAX_SITEMAP_DEPTH == 3
    (deep,) = expanded.refused
    assert deep.key == http_server.url("/deep.xml") and "nested more than 3 deep" in deep.reason
    # each document was read once: the loops (level2 → level2, level3 → level3) and the repeat were not followed
    paths = [path for path, _ in http_server.requests]
    assert sorted(paths) == ["/index.xml", "/level2.xml", "/level3.xml", "/sitemap.xml"]


def test_a_shallow_index_of_indexes_reaches_its_articles(http_server):
    http_server.route("/sitemap.xml", SITEMAP.encode())
    http_server.route("/inner.xml", sitemap_index(http_server.url("/sitemap.xml")))
    top = http_server.route("/index.xml", sitemap_index(http_server.url("/inner.xml")))
    expanded = expand_sources([top], fetch_text)
    assert [s.key for s in expanded.sources] == ["https://news.example/a/4", "https://news.example/a/2"]
    assert expanded.refused == ()


LOCAL_NAMES = ["/etc/passwd", "file:///etc/passwd", "../../home/editor/draft.md", "draft.txt", "ftp://news.example/x",
               "javascript:alert(1)", "C:\\Users\\editor\\draft.html", "~/draft.md"]


@pytest.mark.parametrize("kind", ["rss", "atom", "sitemap", "sitemap index"])
@pytest.mark.parametrize("where", ["remote", "local file"])
def test_a_feed_or_sitemap_never_names_a_local_file(kind, where, tmp_path, http_server, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("draft.txt", "draft.md"):
        (tmp_path / name).write_text("A private draft\n\nNot for publication.\n")
    names = [*LOCAL_NAMES, str(tmp_path / "draft.txt"), "https://news.example/a/1"]
    if kind == "rss":
        items = "".join(f"<item><title>t</title><link>{escape(n)}</link></item>" for n in names)
        text = f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
    elif kind == "atom":
        entries = "".join(f'<entry><title>t</title><link href="{escape(n)}"/><id>{i}</id></entry>'
                          for i, n in enumerate(names))
        text = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>{entries}</feed>'
    else:
        locs = "".join(f"<url><loc>{escape(n)}</loc></url>" for n in names)
        text = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
    if kind == "sitemap index":
        (tmp_path / "child.xml").write_text(text)  # a child named by path is not read either
        http_server.route("/child.xml", text.encode())
        text = sitemap_index(str(tmp_path / "child.xml"), http_server.url("/child.xml")).decode()
    if where == "remote":
        given = http_server.route("/list.xml", text.encode(), content_type="application/xml")
    else:
        (tmp_path / "list.xml").write_text(text)
        given = str(tmp_path / "list.xml")
    reads = []

    def read_text(source):
        reads.append(source)
        return fetch_text(source) if "://" in source else read(source)

    expanded = expand_sources([given], read_text)
    assert [s.address for s in expanded.sources] == ["https://news.example/a/1"]
    refused = {r.key for r in expanded.refused}
    assert {str(tmp_path / "draft.txt"), "/etc/passwd", "draft.txt"} <= refused
    assert all(r.reason.startswith("refused: a feed or sitemap named something that is not an http(s) URL")
               for r in expanded.refused)
    assert [source for source in reads if "://" not in source] == ([] if where == "remote" else [given])


def test_a_url_list_named_on_the_command_line_may_name_local_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "saved.html").write_text("<html><body><p>saved</p></body></html>")
    (tmp_path / "urls.txt").write_text("saved.html\nhttps://news.example/a/1\n")
    expanded = expand_sources(["urls.txt", str(tmp_path / "saved.html")], read)
    assert [s.address for s in expanded.sources] == ["saved.html", "https://news.example/a/1",
                                                     str(tmp_path / "saved.html")]
    assert expanded.refused == ()


def test_spellings_of_one_url_are_one_source_and_credentials_stay_out_of_the_key(tmp_path):
    variants = ["https://news.example/a/1", "HTTPS://NEWS.example:443/a/1#comments", "https://news.example/a/1?",
                "https://news.example/a/1#x", "https://editor:s3cretpw@news.example/a/1"]
    variants += [f"https://news.example/a/1#frag{n}" for n in range(30)]
    (tmp_path / "urls.txt").write_text("\n".join(variants) + "\nhttps://news.example/a/%7e2\nhttps://news.example/a/%7E2\n")
    expanded = expand_sources([str(tmp_path / "urls.txt")], read)
    assert expanded.sources == (Source("https://news.example/a/1", "https://news.example/a/1"),
                                Source("https://news.example/a/%7e2", "https://news.example/a/%7E2"))
    with_password = expand_sources(["https://editor:s3cretpw@news.example/b"], read).sources
    assert with_password == (Source("https://editor:s3cretpw@news.example/b", "https://news.example/b"),)


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


@pytest.mark.parametrize("body, expected", [
    # cut short mid-entry: the complete entries are kept, the half URL is not taken for one
    (SITEMAP.encode()[:SITEMAP.index("a/2")], ["https://news.example/a/4"]),
    # bytes that are not UTF-8 in the middle of an entry: the entry is still one URL, the others intact
    (SITEMAP.replace("a/4", "a/\xe94").encode("latin-1"), ["https://news.example/a/\ufffd4", "https://news.example/a/2"]),
    # markup and scripts where URLs belong: refused, never read
    (SITEMAP.replace("https://news.example/a/4", "javascript:alert(1)").encode(), ["https://news.example/a/2"]),
    (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
     b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>&e;</loc></url>"
     b"<url><loc>https://news.example/a/2</loc></url></urlset>", ["https://news.example/a/2"]),
])
def test_hostile_sitemaps_from_a_server_yield_only_web_addresses(body, expected, http_server):
    url = http_server.route("/sitemap.xml", body, content_type="application/xml")
    expanded = expand_sources([url], fetch_text)
    assert [s.key for s in expanded.sources] == expected
    assert all(not r.key.startswith("/") and "passwd" not in r.key for r in expanded.refused)


def test_a_feed_over_the_size_cap_is_a_fetch_error(http_server, monkeypatch):
    import itertools

    from syndicate.batch import fetching
    from syndicate.errors import FetchError

    monkeypatch.setattr(fetching, "MAX_LIST_BYTES", 100_000)
    endless = itertools.chain([b"<?xml version='1.0'?><rss><channel>"],
                              itertools.repeat(b"<item><link>https://news.example/a/1</link></item>"))
    url = http_server.route("/feed.xml", endless, content_type="application/rss+xml")
    with pytest.raises(FetchError, match="response larger than 100 kB"):
        expand_sources([url], fetch_text)
