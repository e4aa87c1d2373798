"""Export pages: valid HTML (Nu checker), direction, hreflang, canonical, Open Graph, JSON-LD, ninjs, article.json."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from lxml import html as lxml_html

from plugin_export import EXPORT_VERSIONS, SEED_URL, publish
from syndicate.article import Article, Block, TranslatedArticle
from syndicate.export.dates import parse_iso

SCHEMA_PATH = Path(__file__).parent / "golden" / "ninjs-schema_3.0.excerpt.json"
TAGS = ("ar", "fa-AF", "tg", "ru")
HOSTILE_TITLE = 'Kabul </script><script>alert("x")</script> & <!-- Herat'


def edge_article() -> Article:
    """An article without byline, outlet or date, a hostile title and a lead image."""
    return Article(
        url="https://www.tolonews.com/afghanistan-185342",
        title=HOSTILE_TITLE,
        blocks=(Block("heading", "Kabul", level=2), Block("paragraph", "Prices rose again in Kabul."),
                Block("list_item", "flour", ordered=True), Block("list_item", "fuel", ordered=True),
                Block("image", "Kabul market", src="/images/market.jpg", alt="A market")),
        lead_image="https://www.tolonews.com/images/market.jpg",
    )


def edge_translation(article: Article) -> TranslatedArticle:
    texts = ["كابل", "ارتفعت الأسعار مرة أخرى في كابل.", "الطحين", "الوقود", "سوق كابل"]
    blocks = tuple(replace(block, text=text) for block, text in zip(article.blocks, texts))
    return TranslatedArticle(source=article, language="ar", title='كابل </script><script>alert("x")</script> & <!--',
                             summary=None, blocks=blocks)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory, seed_article, seed_translations, export_settings, export_now):
    out = tmp_path_factory.mktemp("seed-site")
    result = publish(out, seed_article, seed_translations, export_settings, now=export_now)
    return out, result


@pytest.fixture(scope="session")
def edge_site(tmp_path_factory, export_settings, export_now):
    out = tmp_path_factory.mktemp("edge-site")
    article = edge_article()
    result = publish(out, article, [edge_translation(article)], replace(export_settings, editor=None),
                     now=export_now, versions={})
    return out, result


@pytest.fixture(scope="session")
def vnu_report(vnu_validate, seed_site, edge_site):
    pages = [path for out, _ in (seed_site, edge_site) for path in sorted(out.rglob("*.html"))]
    return pages, vnu_validate(pages)


def page(seed_site, tag):
    out, result = seed_site
    return lxml_html.fromstring((result.folder / f"{tag}.html").read_bytes())


def test_every_page_passes_the_nu_html_checker(vnu_report):
    pages, report = vnu_report
    assert len(pages) == 7  # 4 seed pages, 1 edge page, 2 index pages
    errors = {str(path): [m["message"] for m in messages] for path, messages in report.items() if messages}
    assert errors == {}


def test_export_writes_the_issue_layout(seed_site):
    out, result = seed_site
    folder = out / "world-must-show-its-support-for-afghan-opposition"
    assert result.folder == folder
    expected = {f"{tag}{suffix}" for tag in TAGS for suffix in (".html", ".ninjs.json")} | {"article.json"}
    assert {p.name for p in folder.iterdir()} == expected
    assert {p.name for p in (out / "feeds").iterdir()} == {f"{tag}{suffix}" for tag in TAGS for suffix in (".xml", ".json")}
    assert (out / "index.html").is_file()
    stylesheets = page(seed_site, "ar").xpath("//link[@rel='stylesheet']/@href")
    assert [(folder / href).resolve() for href in stylesheets] == [(out / "syndicate.css").resolve()]
    assert "border-inline-start" in (out / "syndicate.css").read_text(encoding="utf-8")
    assert result.warnings == ()
    assert set(result.files) >= {folder / name for name in expected}


@pytest.mark.parametrize("tag,direction", [("ar", "rtl"), ("fa-AF", "rtl"), ("tg", "ltr"), ("ru", "ltr")])
def test_html_element_carries_language_and_direction(seed_site, tag, direction):
    root = page(seed_site, tag)
    assert (root.get("lang"), root.get("dir")) == (tag, direction)
    assert root.find(".//meta[@charset]").get("charset") == "utf-8"


@pytest.mark.parametrize("tag", TAGS)
def test_canonical_is_the_page_itself_and_hreflang_lists_every_version(seed_site, tag, export_settings):
    root = page(seed_site, tag)
    base = export_settings.base_url + "world-must-show-its-support-for-afghan-opposition/"
    canonicals = root.xpath("//link[@rel='canonical']/@href")
    assert canonicals == [f"{base}{tag}.html"]
    hreflang = {link.get("hreflang"): link.get("href") for link in root.xpath("//link[@rel='alternate'][@hreflang]")}
    assert hreflang == {**{t: f"{base}{t}.html" for t in TAGS}, "en": SEED_URL, "x-default": SEED_URL}
    feeds = root.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href")
    assert feeds == [f"{export_settings.base_url}feeds/{tag}.xml"]


@pytest.mark.parametrize("tag,locale", [("ar", "ar_AR"), ("fa-AF", "fa_AF"), ("tg", "tg_TJ"), ("ru", "ru_RU")])
def test_open_graph_and_twitter_card(seed_site, tag, locale):
    root = page(seed_site, tag)
    meta = {}
    for element in root.xpath("//meta[@property]"):
        meta.setdefault(element.get("property"), []).append(element.get("content"))
    assert meta["og:locale"] == [locale]
    assert sorted(meta["og:locale:alternate"]) == sorted({"ar_AR", "fa_AF", "tg_TJ", "ru_RU"} - {locale})
    assert meta["og:title"] == [root.findtext(".//title")]
    assert meta["og:url"] == root.xpath("//link[@rel='canonical']/@href")
    assert root.xpath("//meta[@name='twitter:card']/@content") == ["summary"]


def jsonld_of(root) -> dict:
    scripts = root.xpath("//script[@type='application/ld+json']")
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


@pytest.mark.parametrize("tag", TAGS)
def test_jsonld_describes_the_translation_of_the_original(seed_site, tag, seed_article):
    root = page(seed_site, tag)
    data = jsonld_of(root)
    assert data["@type"] == "OpinionNewsArticle"
    assert data["inLanguage"] == tag
    assert data["headline"] == root.findtext(".//h1")
    assert data["author"] == [{"@type": "Person", "name": "Luke Coffey"}]
    assert data["publisher"]["name"] == "Partner Daily"
    assert data["isBasedOn"] == SEED_URL
    original = data["translationOfWork"]
    assert (original["url"], original["inLanguage"], original["headline"]) == (SEED_URL, "en", seed_article.title)
    assert parse_iso(data["datePublished"]).tzinfo is not None


def test_jsonld_and_title_survive_a_hostile_title(edge_site):
    out, result = edge_site
    text = (result.folder / "ar.html").read_text(encoding="utf-8")
    root = lxml_html.fromstring(text.encode("utf-8"))
    assert len(root.xpath("//script")) == 1  # the title could not open a script element
    data = jsonld_of(root)
    assert data["@type"] == "NewsArticle"
    assert data["headline"].startswith("كابل </script><script>")
    assert data["translationOfWork"]["headline"] == HOSTILE_TITLE
    assert "\\u003c/script\\u003e" in text
    assert root.findtext(".//h1") == 'كابل </script><script>alert("x")</script> & <!--'
    assert root.xpath("//meta[@name='twitter:card']/@content") == ["summary_large_image"]


def test_credit_and_notice_name_outlet_and_author_and_no_editor_nobody_approved(seed_site):
    ar = page(seed_site, "ar")
    # The editor setting is set, but no editor approved these: the page says machine translation.
    assert ar.findtext(".//p[@class='notice']") == "ترجمة آلية من الإنجليزية."
    credit = ar.find(".//footer[@class='credit']")
    assert "Ammon News" in credit.text_content()
    assert credit.xpath(".//a/@href") == [SEED_URL]
    assert ar.findtext(".//p[@class='byline']/bdi") == "Luke Coffey"
    tg = page(seed_site, "tg")
    assert tg.findtext(".//p[@class='notice']") == "Тарҷумаи мошинӣ аз забони англисӣ."
    assert "Mariam Rahimi" not in (seed_site[0] / seed_site[1].slug / "tg.html").read_text(encoding="utf-8")
    assert tg.findtext(".//footer[@class='credit']/p").strip() == (
        "Бори аввал ба забони англисӣ дар Ammon News нашр шудааст.")
    assert tg.findtext(".//nav[@class='languages']/h2") == "Бо забонҳои дигар"
    assert tg.findtext(".//p[@class='byline']").startswith("Муаллиф: ")
    assert not tg.xpath("//body//*[@lang='en'][not(self::bdi)][not(@hreflang)]")  # no English page strings left


def test_notice_says_who_reviewed_and_what_was_corrected(seed_translations, export_settings, export_now):
    from datetime import timedelta

    from syndicate.export.notice import EditionFacts
    from syndicate.export.pages import render_page
    from syndicate.export.templates import TemplateRenderer
    from syndicate.languages import get_language

    facts = EditionFacts(reviewed_by="R. Karimi", reviewed_at=export_now,
                         corrected_at=export_now + timedelta(days=2), correction_note="الاسم صُحّح")
    html = render_page(seed_translations[0], slug="x", languages=[get_language("ar")], settings=export_settings,
                       published_at=export_now, updated_at=export_now, renderer=TemplateRenderer(), facts=facts)
    notice = lxml_html.fromstring(html.encode("utf-8")).findtext(".//p[@class='notice']")
    day = export_now.date().isoformat()
    later = (export_now + timedelta(days=2)).date().isoformat()
    assert notice == (f"ترجمة آلية من الإنجليزية، راجعها R. Karimi (Mariam Rahimi) بتاريخ {day}. "
                      f"صُحّح بتاريخ {later}: الاسم صُحّح")


def test_a_language_without_strings_gets_english_marked_as_such(monkeypatch, seed_translations, export_settings,
                                                                export_now):
    from syndicate.export import messages
    from syndicate.export.pages import render_page
    from syndicate.export.templates import TemplateRenderer
    from syndicate.languages import get_language

    monkeypatch.delitem(messages.MESSAGES, "ar")
    html = render_page(seed_translations[0], slug="x", languages=[get_language("ar")], settings=export_settings,
                       published_at=export_now, updated_at=export_now, renderer=TemplateRenderer())
    notice = lxml_html.fromstring(html.encode("utf-8")).find(".//p[@class='notice']")
    assert (notice.get("lang"), notice.get("dir")) == ("en", "ltr")
    assert notice.text == "This article was machine-translated from English."


def test_dates_are_machine_readable(seed_site, export_now):
    times = page(seed_site, "ru").xpath("//time/@datetime")
    assert times == ["2022-12-05T09:30:00+03:00", export_now.isoformat()]


def test_body_is_the_sanitized_translation_with_links_resolved(seed_site, seed_translations):
    body = page(seed_site, "fa-AF").find(".//div[@class='body']")
    paragraphs = [p.text_content() for p in body.findall("p")]
    texts = [block.text for block in seed_translations[1].blocks]
    assert paragraphs == [texts[0], texts[2]]
    assert body.findtext(".//blockquote/p") == texts[1]
    assert body.xpath(".//a/@href") == ["https://en.ammonnews.net/tag/Herat-Security-Dialogue"]


def test_language_links_are_relative_siblings(seed_site):
    nav = page(seed_site, "ar").find(".//nav")
    links = {a.get("hreflang"): a.get("href") for a in nav.iter("a")}
    assert links == {"fa-AF": "fa-AF.html", "tg": "tg.html", "ru": "ru.html", "en": SEED_URL}


@pytest.mark.parametrize("tag", TAGS)
def test_ninjs_validates_against_the_iptc_schema(seed_site, tag, export_settings):
    _, result = seed_site
    item = json.loads((result.folder / f"{tag}.ninjs.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))).validate(item)
    assert item["uri"] == f"{export_settings.base_url}{result.slug}/{tag}.html"
    assert (item["type"], item["language"], item["by"]) == ("text", tag, "Luke Coffey")
    assert item["bodies"][0]["contentType"] == "text/html"
    assert item["associations"][0]["uri"] == SEED_URL
    for key in ("firstCreated", "versionCreated", "contentCreated"):
        assert parse_iso(item[key]).tzinfo is not None


def test_schema_excerpt_rejects_what_ninjs_3_does_not_define():
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert not validator.is_valid({"uri": "https://x.example/1", "versioncreated": "2026-01-01T00:00:00Z"})
    assert not validator.is_valid({"uri": "https://x.example/1", "associations": [{"uri": "https://x.example/2"}]})


def test_article_json_keeps_source_translations_versions_and_term_qa(seed_site, seed_article, seed_translations):
    _, result = seed_site
    record = json.loads((result.folder / "article.json").read_text(encoding="utf-8"))
    assert record["schema_version"] == 1
    assert Article.from_dict(record["source"]) == seed_article
    restored = [TranslatedArticle.from_dict(data, seed_article) for data in record["translations"]]
    assert restored == list(seed_translations)
    assert record["versions"] == EXPORT_VERSIONS
    assert record["term_qa"]["tg"] == {"checks": 1, "by_status": {"miss": 1},
                                       "terms_to_review": ["National Resistance Front"], "cut_off": [], "qa": {}}
    assert record["term_qa"]["ar"]["by_status"] == {"hit": 1}
    assert set(record["languages"]) == set(TAGS)


def test_index_lists_articles_and_languages(seed_site):
    out, result = seed_site
    root = lxml_html.fromstring((out / "index.html").read_bytes())
    rows = root.xpath("//table[@class='articles']/tbody/tr")
    assert len(rows) == 1
    assert rows[0].xpath(".//a/@href") == [f"{result.slug}/{tag}.html" for tag in TAGS]
    assert root.xpath("//link[@type='application/rss+xml']/@href") == [f"feeds/{tag}.xml" for tag in TAGS]


def test_a_later_run_with_fewer_languages_keeps_the_others(tmp_path, seed_article, seed_translations,
                                                           export_settings, export_now):
    from datetime import timedelta

    publish(tmp_path, seed_article, seed_translations[:2], export_settings, now=export_now, versions={})
    before = {tag: (tmp_path / "feeds" / f"{tag}.xml").read_bytes() for tag in ("ar", "fa-AF")}
    later = export_now + timedelta(days=1)
    result = publish(tmp_path, seed_article, seed_translations[3:], export_settings, now=later, versions={})
    record = json.loads((result.folder / "article.json").read_text(encoding="utf-8"))
    assert list(record["languages"]) == ["ar", "fa-AF", "ru"]
    assert record["languages"]["ar"]["published_at"] == export_now.isoformat()
    assert record["languages"]["ru"]["published_at"] == later.isoformat()
    ar = lxml_html.fromstring((result.folder / "ar.html").read_bytes())
    assert sorted(ar.xpath("//link[@rel='alternate'][@hreflang]/@hreflang")) == ["ar", "en", "fa-AF", "ru", "x-default"]
    # The other languages' feeds hold the same items: they were left as they were.
    assert {tag: (tmp_path / "feeds" / f"{tag}.xml").read_bytes() for tag in ("ar", "fa-AF")} == before
    assert sorted(path.name for path in result.files if path.suffix == ".xml") == ["ru.xml"]


def test_importing_export_loads_no_heavy_library():
    import subprocess
    import sys

    code = ("import sys, syndicate.export; "
            "print(sorted(m for m in ('jinja2', 'lxml', 'markupsafe', 'argostranslate') if m in sys.modules))")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"


def test_stylesheet_uses_logical_properties_only():
    import re

    css = (Path(__file__).parent.parent / "syndicate" / "templates" / "syndicate.css").read_text(encoding="utf-8")
    physical = re.findall(r"(?:margin|padding|border)-(?:left|right)|(?:text-align|float|clear)\s*:\s*(?:left|right)"
                          r"|(?<![-\w])(?:left|right)\s*:", css)
    assert physical == []


def test_without_a_standfirst_the_page_describes_itself_by_its_first_paragraph(edge_site):
    out, result = edge_site
    root = lxml_html.fromstring((result.folder / "ar.html").read_bytes())
    first_paragraph = "ارتفعت الأسعار مرة أخرى في كابل."
    assert root.xpath("//meta[@name='description']/@content") == [first_paragraph]
    assert root.xpath("//meta[@property='og:description']/@content") == [first_paragraph]
    assert jsonld_of(root)["description"] == first_paragraph
    ninjs = json.loads((result.folder / "ar.ninjs.json").read_text(encoding="utf-8"))
    assert ninjs["descriptions"][0]["value"] == first_paragraph


def http_images_article() -> Article:
    article = edge_article()
    return replace(article, url="http://www.khaama.com/over-100-school-girls-poisoned-0737",
                   lead_image="http://www.khaama.com/wp-content/uploads/2016/04/girls.jpg",
                   blocks=article.blocks + (Block("image", "", src="https://cdn.example/safe.jpg", alt="Safe"),))


@pytest.mark.parametrize("base_url, shown", [("https://partner.example/syndicate/", False),
                                             ("http://partner.example/syndicate/", True)])
def test_http_images_are_left_out_of_an_https_site_with_a_warning(tmp_path, export_settings, export_now,
                                                                  base_url, shown):
    article = http_images_article()
    translation = replace(edge_translation(article),
                          blocks=edge_translation(article).blocks + (article.blocks[-1],))
    result = publish(tmp_path, article, [translation], replace(export_settings, base_url=base_url),
                     now=export_now, versions={})
    page_text = (result.folder / "ar.html").read_text(encoding="utf-8")
    feed_text = (tmp_path / "feeds" / "ar.xml").read_text(encoding="utf-8")
    ninjs_text = (result.folder / "ar.ninjs.json").read_text(encoding="utf-8")
    for text in (page_text, feed_text, ninjs_text):
        assert ("http://www.khaama.com/images/market.jpg" in text) is shown  # a body image
        assert "https://cdn.example/safe.jpg" in text  # an https image always shows
    root = lxml_html.fromstring(page_text.encode("utf-8"))
    lead = "http://www.khaama.com/wp-content/uploads/2016/04/girls.jpg"
    assert root.xpath("//figure[@class='lead']/img/@src | //meta[@property='og:image']/@content") == [lead, lead] * shown
    assert (jsonld_of(root).get("image") == lead) is shown
    assert "سوق كابل" in root.find(".//div[@class='body']").text_content()  # the caption stays without its image
    warnings = [w for w in result.warnings if "http image" in w]
    if shown:
        assert warnings == []
    else:
        assert warnings == ["left out 2 http image(s) an https site can't show: "
                            "http://www.khaama.com/wp-content/uploads/2016/04/girls.jpg, http://www.khaama.com/images/market.jpg"
                            " (setting copy_images publishes a copy of the lead image instead)"]


def test_a_byline_naming_the_outlet_or_a_newsroom_is_an_organization(seed_article):
    from syndicate.export.jsonld import author_entities

    article = replace(seed_article, outlet="Khaama Press",
                      authors=("Khaama Press", "khaama press", "Staff Reporter", "Luke Coffey", "Emily Post"))
    assert [entity["@type"] for entity in author_entities(article)] == [
        "Organization", "Organization", "Organization", "Person", "Person"]


@pytest.mark.parametrize("changes, expected", [
    ({}, []),
    ({"canonical_url": None}, ["the page names no canonical URL: the credit links the address it was read from "
                               "(https://en.ammonnews.net/article/ac3961389abcd1c8)"]),
    ({"canonical_url": None, "url": None}, ["no address of the original to link, which the usage terms require: "
                                            "give --canonical-url"]),
    ({"canonical_url": "javascript:alert(1)"}, ["the page names no canonical URL: the credit links the address it "
                                                "was read from (https://en.ammonnews.net/article/ac3961389abcd1c8)"]),
    ({"authors": ()}, ["no author found: the credit names the outlet only (give --author)"]),
    ({"outlet": None}, ['no outlet name found: the credit says "the original publisher"']),
])
def test_attribution_that_is_missing_or_taken_from_elsewhere_is_said(seed_article, export_settings, changes, expected):
    from syndicate.export.exporter import attribution_warnings
    from syndicate.settings import Settings

    article = replace(seed_article, **{"canonical_url": seed_article.url, **changes})
    assert list(attribution_warnings(article, export_settings)) == expected
    assert attribution_warnings(article, Settings())[-1].startswith("the publisher is the default 'syndicate'")
