"""Public addresses of exported files and RSS guids."""

from __future__ import annotations

from dataclasses import replace

from lxml import html as lxml_html

from syndicate.export.pages import render_page
from syndicate.export.templates import TemplateRenderer
from syndicate.export.urls import feed_url, item_guid, page_url
from syndicate.languages import get_language


def test_urls_stay_under_the_base_url_with_or_without_a_slash():
    for base in ("https://partner.example/syndicate", "https://partner.example/syndicate/"):
        assert page_url(base, "world-must-show", "fa-AF") == "https://partner.example/syndicate/world-must-show/fa-AF.html"
        assert feed_url(base, "tg") == "https://partner.example/syndicate/feeds/tg.xml"


def test_guid_depends_on_source_and_language_only():
    url = "https://en.ammonnews.net/article/ac3961389abcd1c8"
    assert item_guid(url, "one-slug", "ar") == item_guid(url, "another-slug", "ar")
    assert item_guid(url, "one-slug", "ar") != item_guid(url, "one-slug", "ru")
    assert item_guid(url, "s", "ar") != item_guid(url + "?page=2", "s", "ar")
    assert item_guid(None, "s", "ar") != item_guid(None, "t", "ar")


def test_unsafe_source_and_image_urls_never_reach_the_page(seed_translations, export_settings, export_now):
    source = replace(seed_translations[0].source, url="javascript:alert(1)", lead_image="javascript:alert(2)")
    translation = replace(seed_translations[0], source=source)
    html = render_page(translation, slug="x", languages=[get_language("ar")], settings=export_settings,
                       published_at=export_now, updated_at=export_now, renderer=TemplateRenderer())
    root = lxml_html.fromstring(html.encode("utf-8"))
    assert "javascript:" not in " ".join(root.xpath("//@href | //@src | //meta/@content"))
    assert root.xpath("//link[@hreflang='en'] | //img | //footer//a") == []
