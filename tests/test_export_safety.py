"""No executable URL or markup reaches a published file: the URL policy on every URL an export
writes, and the last-line check that refuses to write what slipped past it."""

from __future__ import annotations

import json
from dataclasses import replace

import feedparser
import pytest
from lxml import etree

from plugin_export import publish, read_feed
from syndicate.errors import ExportError
from syndicate.export.guard import check_public_file
from syndicate.urls import LINK_SCHEMES, safe_url

EVIL = "javascript:alert(document.cookie)"


def hostile(seed_article, seed_translations):
    """The seed article with an executable canonical URL, lead image, body link and image."""
    blocks = seed_article.blocks + (
        replace(seed_article.blocks[-1], links=(replace(seed_article.blocks[0].links[0], start=0, end=3, href=EVIL),)),
        type(seed_article.blocks[0])("image", "A caption", src="  JaVa\tScript:alert(2)"),
    )
    article = replace(seed_article, canonical_url=EVIL, lead_image="vbscript:msgbox(1)", blocks=blocks)
    translations = [replace(t, source=article, blocks=t.blocks + blocks[-2:]) for t in seed_translations[:2]]
    return article, translations


def published_text(out) -> dict[str, str]:
    return {str(path.relative_to(out)): path.read_text(encoding="utf-8")
            for path in sorted(out.rglob("*")) if path.suffix in (".html", ".xml", ".json")}


def test_executable_urls_of_a_hand_made_article_reach_no_output(tmp_path, seed_article, seed_translations,
                                                               export_settings, export_now):
    article, translations = hostile(seed_article, seed_translations)
    publish(tmp_path, article, translations, export_settings, now=export_now)
    files = published_text(tmp_path)
    assert {"feeds/ar.xml", "index.html"} <= set(files) and any(name.endswith("ar.ninjs.json") for name in files)
    for name, text in files.items():
        lowered = text.lower().replace("\t", "")
        assert "javascript:" not in lowered and "vbscript:" not in lowered, name
    # the canonical URL was refused, so the original is the fetched URL in every format
    folder = next(tmp_path.glob("*/ar.ninjs.json")).parent
    ninjs = json.loads((folder / "ar.ninjs.json").read_text(encoding="utf-8"))
    assert ninjs["associations"][0]["uri"] == article.url
    source = etree.fromstring((tmp_path / "feeds/ar.xml").read_bytes()).find("channel/item/source")
    assert source.get("url") == article.url


@pytest.mark.parametrize("modules", [("pages",), ("jsonld",), ("ninjs",), ("feeds", "exporter"), ("record",)])
def test_export_refuses_to_write_what_slips_past_the_url_policy(tmp_path, monkeypatch, modules, seed_article,
                                                                seed_translations, export_settings, export_now):
    import importlib

    for name in modules:  # the policy forgotten in one writer
        module = importlib.import_module(f"syndicate.export.{name}")
        monkeypatch.setattr(module, "safe_url", lambda url, **_: url, raising=False)
        monkeypatch.setattr(module, "source_address", lambda article: article.canonical_url, raising=False)
    article, translations = hostile(seed_article, seed_translations)
    with pytest.raises(ExportError, match="refusing to write .*executable URL"):
        publish(tmp_path, article, translations, export_settings, now=export_now)
    assert not published_text(tmp_path) or "javascript:" not in "".join(published_text(tmp_path).values()).lower()


def test_export_refuses_script_in_a_body_that_skipped_the_renderer(tmp_path, monkeypatch, seed_article,
                                                                  seed_translations, export_settings, export_now):
    monkeypatch.setattr("syndicate.export.exporter.body_html", lambda t, **kw: '<p onclick="x()">hi</p>')
    with pytest.raises(ExportError, match="onclick"):
        publish(tmp_path, seed_article, seed_translations[:1], export_settings, now=export_now)
    assert not list(tmp_path.rglob("*.html"))


@pytest.mark.parametrize("name,text", [
    ("a.html", "<html><body><script>alert(1)</script></body></html>"),
    ("a.html", "<html><body><SCRIPT type='application/ld+json'>{}</SCRIPT><script>x</script></body></html>"),
    ("a.html", '<html><body><svg/onload=alert(1)></body></html>'),
    ("a.html", '<html><body><a href=" java\tscript:x">t</a></body></html>'),
    ("a.html", '<html><body><iframe src="data:text/html,x"></iframe></body></html>'),
    ("a.html", '<html><head><meta http-equiv="refresh" content="0;url=javascript:x"></head></html>'),
    ("a.html", '<html><head><script type="application/ld+json">{"image": "javascript:x"}</script></head></html>'),
    ("f.xml", '<rss><channel><item><source url="javascript:x">s</source></item></channel></rss>'),
    ("f.xml", '<rss><channel><item><description>&lt;img src=x onerror=alert(1)&gt;</description></item></channel></rss>'),
    ("f.xml", "<rss><channel><item><link>javascript:x</link></item></channel></rss>"),
    ("a.ninjs.json", '{"associations": [{"uri": "javascript:x"}]}'),
    ("a.ninjs.json", '{"bodies": [{"contentType": "text/html", "value": "<p>a<script>x</script></p>"}]}'),
    ("article.json", '{"source": {"blocks": [{"links": [{"href": "vbscript:x"}]}]}}'),
])
def test_last_line_check_refuses_executable_content(name, text):
    with pytest.raises(ExportError, match=f"refusing to write {name}"):
        check_public_file(name, text)


@pytest.mark.parametrize("name,text", [
    ("a.html", '<html><body><h1>JavaScript: the good parts</h1><a href="https://a.org/x?q=javascript:">t</a>'
               '<script type="application/ld+json">{"headline": "\\u003cscript\\u003e"}</script></body></html>'),
    ("a.ninjs.json", '{"headlines": [{"value": "<script> in a headline is text"}], "uri": "https://a.org/"}'),
    ("f.xml", "<rss><channel><item><title>javascript: a history</title>"
              "<description>&amp;lt;script&amp;gt;</description></item></channel></rss>"),
    ("syndicate.css", "a { color: red } /* javascript: */"),
])
def test_last_line_check_lets_plain_text_about_scripts_through(name, text):
    check_public_file(name, text)


def test_feed_description_is_escaped_for_readers_that_show_it_as_html(tmp_path, seed_article, seed_translations,
                                                                      export_settings, export_now):
    summary = '<img src=x onerror="alert(1)"> Tom & Jerry'
    translations = [replace(seed_translations[0], summary=summary)]
    publish(tmp_path, seed_article, translations, export_settings, now=export_now)
    data = (tmp_path / "feeds/ar.xml").read_bytes()
    assert read_feed(tmp_path / "feeds/ar.xml")[0].description == summary  # read back as the plain text it was
    entry = feedparser.parse(data).entries[0]
    assert "<img" not in entry.summary and "&lt;img" in entry.summary


def test_one_url_policy():
    assert safe_url("story.html", base_url="https://a.org/x/") == "https://a.org/x/story.html"
    assert safe_url("story.html") == "story.html"
    assert safe_url(" javascript:void(0)") is None
    assert safe_url("java\x00script:x") is None
    assert safe_url("data:image/png;base64,AAAA") is None
    assert safe_url("https://a.org/p?q=a:b") == "https://a.org/p?q=a:b"
    assert safe_url("ftp://a.org/x") is None
    assert safe_url("mailto:desk@a.org") is None
    assert safe_url("mailto:desk@a.org", schemes=LINK_SCHEMES) == "mailto:desk@a.org"
    assert safe_url("https://a.org/\ud800x\n") == "https://a.org/x"  # nothing XML or UTF-8 can't hold
    assert safe_url("x", base_url="http://[::1") is None
