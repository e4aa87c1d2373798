"""Language feeds: valid RSS 2.0 read by feedparser and lxml, stable guids, newest first, capped, rendered
from the editorial database (never from what is on disk)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from plugin_export import SEED_URL, publish, read_feed
from syndicate.export.feeds import CONTENT_NS, DC_NS

ATOM = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$")
TAGS = ("ar", "fa-AF", "tg", "ru")
OTHER_HEADLINES = (  # real headlines from the seed op-ed's subject, one article each
    "Tajikistan hosts Afghan opposition in Dushanbe",
    "The Taliban promised stability and security",
    "Afghanistan is ill-prepared for the coming winter",
    "Hazaras targeted by the Taliban and Daesh",
)


def variant(seed_article, seed_translations, number: int):
    """A different article (own URL and title) with the seed's body and translations."""
    article = replace(seed_article, url=f"{SEED_URL}-{number}", title=OTHER_HEADLINES[number])
    return article, [replace(t, source=article, title=f"{t.title} ({number})") for t in seed_translations]


@pytest.fixture
def export(export_settings, export_now):
    def run(article, translations, out, *, hours=0, settings=export_settings):
        return publish(out, article, translations, settings, now=export_now + timedelta(hours=hours))
    return run


def test_feeds_parse_cleanly_with_feedparser(tmp_path, export, seed_article, seed_translations, export_settings):
    result = export(seed_article, seed_translations, tmp_path)
    assert len(TAGS) == len(seed_translations) == 4  # the loop below reads every language's feed
    for tag, translation in zip(TAGS, seed_translations):
        parsed = feedparser.parse((tmp_path / "feeds" / f"{tag}.xml").read_bytes())
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.version == "rss20"
        assert parsed.feed.language == tag
        assert parsed.feed.link == export_settings.base_url
        [entry] = parsed.entries
        assert entry.title == translation.title
        assert entry.link == f"{export_settings.base_url}{result.slug}/{tag}.html"
        assert entry.author == "Luke Coffey"
        assert entry.summary == translation.summary
        assert translation.blocks[1].text in entry.content[0].value
        assert entry.source.href == SEED_URL and entry.source.title == "Ammon News"


def test_feed_elements_one_by_one(tmp_path, export, seed_article, seed_translations, export_settings, export_now):
    export(seed_article, seed_translations, tmp_path)
    root = etree.parse(str(tmp_path / "feeds" / "fa-AF.xml")).getroot()
    assert (root.tag, root.get("version")) == ("rss", "2.0")
    channel = root.find("channel")
    assert channel.findtext("title") == "Partner Daily — Dari"
    assert channel.findtext("link") == export_settings.base_url
    assert channel.findtext("description") == "Op-eds republished by Partner Daily in Dari."
    assert channel.findtext("language") == "fa-AF"
    self_link = channel.find(f"{ATOM}link")
    assert (self_link.get("rel"), self_link.get("href")) == ("self", f"{export_settings.base_url}feeds/fa-AF.xml")
    assert RFC822.match(channel.findtext("lastBuildDate"))
    assert parsedate_to_datetime(channel.findtext("lastBuildDate")) == export_now
    [item] = channel.findall("item")
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false" and guid.text.startswith("urn:syndicate:fa-AF:")
    assert RFC822.match(item.findtext("pubDate"))
    assert item.findtext("title") == seed_translations[1].title
    assert item.findtext("description") == seed_translations[1].summary
    assert item.findtext(f"{{{CONTENT_NS}}}encoded").startswith('<div lang="fa-AF" dir="rtl">\n<p>')  # its direction travels with it
    assert item.findtext(f"{{{DC_NS}}}creator") == "Luke Coffey"
    assert [c.text for c in item.findall("category")] == ["Opinion"]
    assert item.find("source").get("url") == SEED_URL


def guids(out, tag="ar"):
    return [item.guid for item in read_feed(out / "feeds" / f"{tag}.xml")]


def test_guids_are_stable_across_runs_and_folders(tmp_path, export, seed_article, seed_translations):
    export(seed_article, seed_translations, tmp_path / "a")
    export(seed_article, seed_translations, tmp_path / "b", hours=30)
    first = [guid for tag in TAGS for guid in guids(tmp_path / "a", tag)]
    assert first == [guid for tag in TAGS for guid in guids(tmp_path / "b", tag)]
    assert len(set(first)) == 4  # one per language


def test_rerun_replaces_the_item_and_keeps_its_first_date(tmp_path, export, seed_article, seed_translations,
                                                          export_now):
    export(seed_article, seed_translations, tmp_path)
    edited = [replace(t, title=t.title + " — edited") if t.language == "ar" else t for t in seed_translations]
    export(seed_article, edited, tmp_path, hours=5)
    [item] = read_feed(tmp_path / "feeds" / "ar.xml")  # replaced, not added
    assert item.title.endswith(" — edited")
    assert item.published == export_now  # first export, not the re-run
    assert item.updated == export_now + timedelta(hours=5)

    def built(tag):
        channel = etree.parse(str(tmp_path / "feeds" / f"{tag}.xml")).getroot().find("channel")
        return parsedate_to_datetime(channel.findtext("lastBuildDate"))

    assert built("ar") == export_now + timedelta(hours=5)
    assert built("ru") == export_now  # its item didn't change: the feed was left as it was


def test_merge_keeps_newest_first_and_caps(tmp_path, export, seed_article, seed_translations):
    export(seed_article, seed_translations, tmp_path)  # feed_max_items is 3 in these settings
    first = guids(tmp_path, "ru")
    for n in range(4):
        export(*variant(seed_article, seed_translations, n), tmp_path, hours=n + 1)
    items = read_feed(tmp_path / "feeds" / "ru.xml")
    assert [item.title for item in items] == [f"{seed_translations[3].title} ({n})" for n in (3, 2, 1)]
    assert [item.published for item in items] == sorted((item.published for item in items), reverse=True)
    assert len(first) == 1 and first[0] not in {item.guid for item in items}  # the oldest dropped out
    # The index still lists every article: the cap is the feed's, not the site's.
    assert (tmp_path / "index.html").read_text(encoding="utf-8").count("<tr>") == 1 + 5


@pytest.mark.parametrize("damage", [b"<rss><channel><item><title>cut off", b"\x00\x01 not xml",
                                    b"<rss version='2.0'><channel><item><title>x</title></item></channel></rss>"])
def test_a_damaged_feed_is_written_again_from_the_database(tmp_path, export, seed_article, seed_translations, damage):
    export(seed_article, seed_translations, tmp_path)
    feed = tmp_path / "feeds" / "tg.xml"
    feed.write_bytes(damage)
    result = export(*variant(seed_article, seed_translations, 0), tmp_path, hours=1)
    assert not result.warnings and sorted(path.name for path in feed.parent.glob("*.xml*")) == [
        "ar.xml", "fa-AF.xml", "ru.xml", "tg.xml"]
    items = read_feed(feed)
    assert {item.link.rsplit("/", 2)[1] for item in items} == {
        "world-must-show-its-support-for-afghan-opposition", "tajikistan-hosts-afghan-opposition-in-dushanbe"}
    assert feedparser.parse(feed.read_bytes()).bozo == 0


def test_nothing_in_the_folder_is_read_back(tmp_path, export, seed_article, seed_translations):
    """A damaged article.json or page of one article changes nothing in the feeds or the index:
    they come from the editorial database."""
    export(seed_article, seed_translations, tmp_path)
    export(*variant(seed_article, seed_translations, 1), tmp_path, hours=1)
    damaged = tmp_path / "the-taliban-promised-stability-and-security"
    (damaged / "article.json").write_text("{", encoding="utf-8")
    (damaged / "ar.html").unlink()
    result = export(*variant(seed_article, seed_translations, 2), tmp_path, hours=2)
    assert result.warnings == ()
    assert len(read_feed(tmp_path / "feeds" / "ar.xml")) == 3
    assert (tmp_path / "index.html").read_text(encoding="utf-8").count("<tr>") == 1 + 3


def test_characters_xml_cannot_hold_are_left_out_of_the_feed(tmp_path, export, seed_article, seed_translations):
    # found by fuzzing (tests/test_fuzz_feeds.py): lxml raised ValueError, not an ExportError
    article = replace(seed_article, authors=("Luke\x08 Coffey",), outlet="Ammon\x00 News")
    translation = replace(seed_translations[0], source=article, title="عنوان\x0b\ufffe", summary="ملخص\x1f")
    export(article, [translation], tmp_path)
    data = (tmp_path / "feeds" / "ar.xml").read_bytes()
    [item] = read_feed(tmp_path / "feeds" / "ar.xml")
    assert (item.title, item.description, item.creator, item.source_name) == ("عنوان", "ملخص", "Luke Coffey",
                                                                              "Ammon News")
    assert feedparser.parse(data).bozo == 0


def test_an_untitled_item_does_not_make_the_feed_corrupt(tmp_path, export, seed_article, seed_translations):
    # found by fuzzing: an item whose title was empty (or only control characters) was written, then read
    # back as "corrupt", so every later export moved the feed aside and rebuilt it
    export(seed_article, [replace(seed_translations[0], title="")], tmp_path)
    other, translations = variant(seed_article, seed_translations, 1)
    result = export(other, translations[:1], tmp_path, hours=1)
    assert not result.warnings
    assert [item.title for item in read_feed(tmp_path / "feeds" / "ar.xml")] == [
        translations[0].title, ""]


@pytest.mark.parametrize("tag, notice, credit, read_original", [
    ("ar", "ترجمة آلية من الإنجليزية.", "نُشر هذا المقال أصلاً باللغة الإنجليزية في Ammon News.",
     "اقرأ المقال الأصلي"),
    ("tg", "Тарҷумаи мошинӣ аз забони англисӣ.",
     "Бори аввал ба забони англисӣ дар Ammon News нашр шудааст.", "Матни аслиро хонед"),
])
def test_item_content_carries_the_notice_credit_and_a_link_to_the_original(tmp_path, export, seed_article,
                                                                           seed_translations, tag, notice, credit,
                                                                           read_original):
    from lxml import html as lxml_html

    export(seed_article, seed_translations, tmp_path)
    [entry] = feedparser.parse((tmp_path / "feeds" / f"{tag}.xml").read_bytes()).entries
    [content] = lxml_html.fragment_fromstring(entry.content[0].value, create_parent="div")
    assert (content.tag, content.get("lang"), content.get("dir")) == ("div", tag, "rtl" if tag == "ar" else "ltr")
    paragraphs = [p.text_content() for p in content.findall("p")]
    translation = seed_translations[TAGS.index(tag)]
    assert paragraphs[0] == translation.blocks[0].text  # the body first
    assert paragraphs[-2:] == [notice, f"{credit} {read_original}"]
    assert content.xpath("//p[last()]/a/@href") == [SEED_URL]


def test_an_item_reads_the_same_when_another_article_rewrites_the_feed(tmp_path, export, seed_article,
                                                                      seed_translations):
    export(seed_article, seed_translations, tmp_path)
    [written] = read_feed(tmp_path / "feeds" / "ru.xml")
    export(*variant(seed_article, seed_translations, 1), tmp_path, hours=1)
    later = {item.guid: item for item in read_feed(tmp_path / "feeds" / "ru.xml")}
    assert len(later) == 2 and later[written.guid] == written
    assert "Впервые опубликовано на английском языке: Ammon News." in written.content_html


def test_without_a_standfirst_the_description_is_the_translated_first_paragraph(tmp_path, export, seed_article,
                                                                                seed_translations):
    article = replace(seed_article, summary=None)
    translations = [replace(t, source=article, summary=None) for t in seed_translations]
    export(article, translations, tmp_path)
    assert len(translations) == 4  # every language's feed is read below
    for tag, translation in zip(TAGS, translations):
        [item] = read_feed(tmp_path / "feeds" / f"{tag}.xml")
        assert item.description == translation.blocks[0].text


def test_a_feed_is_built_again_when_its_items_or_the_site_settings_change(tmp_path, export, seed_article,
                                                                          seed_translations, export_settings,
                                                                          export_now):
    from syndicate.editions.render import render
    from syndicate.editions.store import EditionStore
    from syndicate.workspace import Workspace

    slug = export(seed_article, seed_translations, tmp_path).slug
    settings = replace(export_settings, output_dir=str(tmp_path))
    with EditionStore(Workspace.of(settings).editions) as store:
        same = render(store, slug, tmp_path, settings, now=export_now + timedelta(hours=1))
        renamed = replace(settings, publisher="Another Daily")
        again = render(store, slug, tmp_path, renamed, now=export_now + timedelta(hours=2))
    assert [path for path in same.files if path.suffix == ".xml"] == []  # nothing changed: left alone
    assert sorted(path.name for path in again.files if path.suffix == ".xml") == [f"{tag}.xml" for tag in sorted(TAGS)]
    channel = etree.parse(str(tmp_path / "feeds" / "ar.xml")).getroot().find("channel")
    assert channel.findtext("title") == "Another Daily — Arabic"
    assert parsedate_to_datetime(channel.findtext("lastBuildDate")) == export_now + timedelta(hours=2)


def test_items_carry_the_sources_categories_and_the_channel_its_terms(tmp_path, export, seed_article,
                                                                      seed_translations):
    article = replace(seed_article, keywords=("Afghanistan", "Opinion", "<script>alert(1)</script>"))
    export(article, [replace(seed_translations[0], source=article)], tmp_path)
    channel = etree.parse(str(tmp_path / "feeds" / "ar.xml")).getroot().find("channel")
    assert channel.findtext("ttl") == "60"
    assert channel.findtext("copyright").startswith("Translations by Partner Daily; each original © its outlet")
    [item] = channel.findall("item")
    assert [c.text for c in item.findall("category")] == ["Opinion", "Afghanistan", "<script>alert(1)</script>"]
    assert item.findtext(f"{{{DC_NS}}}creator") == "Luke Coffey"
    assert feedparser.parse((tmp_path / "feeds" / "ar.xml").read_bytes()).bozo == 0


PNG_1x1 = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def test_the_lead_image_reaches_feed_readers_and_ninjs(tmp_path, export, seed_article, seed_translations,
                                                       export_settings, export_now):
    import jsonschema

    schema = json.loads((Path(__file__).parent / "golden" / "ninjs-schema_3.0.excerpt.json").read_text("utf-8"))
    images = tmp_path / "workspace-images"
    article = replace(seed_article, lead_image="http://www.khaama.com/images/girls.png")  # an http source image
    slug = "world-must-show-its-support-for-afghan-opposition"
    (images / slug).mkdir(parents=True)
    (images / slug / "lead.png").write_bytes(PNG_1x1)  # the copy (setting copy_images) goes out instead
    out = tmp_path / "out"
    publish(out, article, [replace(seed_translations[0], source=article)], export_settings, now=export_now,
            images_dir=images)
    url = f"{export_settings.base_url}{slug}/lead.png"
    item = etree.parse(str(out / "feeds" / "ar.xml")).getroot().find("channel/item")
    enclosure = item.find("enclosure")
    assert (enclosure.get("url"), enclosure.get("length"), enclosure.get("type")) == (url, str(len(PNG_1x1)), "image/png")
    media = item.find("{http://search.yahoo.com/mrss/}content")
    assert {name: media.get(name) for name in ("url", "medium", "type", "width", "height", "fileSize")} == {
        "url": url, "medium": "image", "type": "image/png", "width": "1", "height": "1", "fileSize": str(len(PNG_1x1))}
    assert (out / slug / "lead.png").read_bytes() == PNG_1x1
    parsed = feedparser.parse((out / "feeds" / "ar.xml").read_bytes())
    assert parsed.bozo == 0 and parsed.entries[0].enclosures[0].href == url
    ninjs = json.loads((out / slug / "ar.ninjs.json").read_text(encoding="utf-8"))
    jsonschema.validate(ninjs, schema)
    [picture] = [a for a in ninjs["associations"] if a["name"] == "picture"]
    assert picture["renditions"] == [{"name": "original", "href": url, "contentType": "image/png", "width": 1,
                                      "height": 1, "sizeInBytes": len(PNG_1x1)}]

    # Without a copy: an https source image is linked (its length unknown), an http one left out.
    linked = replace(article, url=f"{SEED_URL}-2", title="Tajikistan hosts Afghan opposition",
                     lead_image="https://cdn.example/photo.JPG?w=800")
    http_only = replace(article, url=f"{SEED_URL}-3", title="Hazaras targeted by the Taliban and Daesh")
    hostile = replace(article, url=f"{SEED_URL}-4", title="Afghanistan is ill-prepared for the coming winter",
                      lead_image="javascript:alert(1)//x.png")
    for n, source in enumerate((linked, http_only, hostile), start=1):
        publish(out, source, [replace(seed_translations[0], source=source)], replace(export_settings, feed_max_items=9),
                now=export_now + timedelta(hours=n))
    items = {i.findtext("link").rsplit("/", 2)[1]: i for i in
             etree.parse(str(out / "feeds" / "ar.xml")).getroot().iter("item")}
    enclosure = items["tajikistan-hosts-afghan-opposition"].find("enclosure")
    assert (enclosure.get("url"), enclosure.get("length"), enclosure.get("type")) == (
        "https://cdn.example/photo.JPG?w=800", "0", "image/jpeg")
    for left_out in ("hazaras-targeted-by-the-taliban-and-daesh", "afghanistan-is-ill-prepared-for-the-coming-winter"):
        assert items[left_out].find("enclosure") is None and items[left_out].find(
            "{http://search.yahoo.com/mrss/}content") is None


@pytest.mark.parametrize("data, size", [
    (PNG_1x1, (1, 1)), (PNG_1x1[:20], None), (b"GIF89a\x03\x00\x02\x00rest", (3, 2)), (b"GIF89a\x03", None),
    (bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffc0001108002a0040030122000211010311"), (64, 42)),
    (bytes.fromhex("ffd8ffe00010"), None), (b"\xff\xd8\xff\x00garbage" * 3, None), (b"", None), (b"<svg/>", None),
])
def test_image_dimensions_come_from_the_header_or_not_at_all(data, size):
    from syndicate.export.images import image_size

    assert image_size(data) == size


def test_the_lead_images_alt_text_in_the_items_language_is_its_media_description(tmp_path, export, seed_article,
                                                                                 seed_translations):
    from syndicate.article import Block

    photo = "https://cdn.example/kabul-market.jpg"
    article = replace(seed_article, lead_image=photo,
                      blocks=seed_article.blocks + (Block("image", "", src=photo, alt="A market in Kabul"),))
    ar = replace(seed_translations[0], source=article,
                 blocks=seed_translations[0].blocks + (Block("image", "", src=photo, alt='سوق في كابل <b>"</b>'),))
    export(article, [ar], tmp_path)
    media = etree.parse(str(tmp_path / "feeds" / "ar.xml")).getroot().find(
        "channel/item/{http://search.yahoo.com/mrss/}content")
    description = media.find("{http://search.yahoo.com/mrss/}description")
    assert (media.get("url"), description.get("type"), description.text) == (photo, "plain", 'سوق في كابل <b>"</b>')
