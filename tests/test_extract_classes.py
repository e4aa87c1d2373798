"""Extraction on pages built for each class of problem that cost body accuracy (issue 22): words
glued where a block boundary was, an embedded post's attribution dropped, scripts without spaces
counted as a handful of words, furniture picked up by the recall pass or a gallery, captions in
the body text. The pages are tests/fixtures/extraction-classes/ (written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from syndicate.article import Block
from syndicate.errors import ContentError
from syndicate.extract import extractor as extractor_module
from syndicate.extract.blocks import xml_to_blocks
from syndicate.extract.extractor import MIN_BODY_WORDS, extract_article, recall_blocks
from syndicate.extract.text import count_words

PAGES = Path(__file__).parent / "fixtures" / "extraction-classes"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


# -- 2. flattening: a space where a block boundary was, nothing of a quote dropped ----------------

def test_table_cells_holding_paragraphs_keep_their_words_apart():
    texts = [block.text for block in extract_article(page("table-and-embed.html")).blocks]
    assert "Name Full review | Distance" in texts
    assert "Monday Easy run | 3 miles" in texts and "Wednesday Intervals | 4 miles" in texts
    assert not any("NameFull" in text or "MondayEasy" in text for text in texts)


def test_an_embedded_post_keeps_its_attribution_line():
    quotes = [b.text for b in extract_article(page("table-and-embed.html")).blocks if b.kind == "quote"]
    assert quotes == ["Ran my first winter 5k today with the club. Cold but worth it!",
                      "— Sara Khan (@sarakhan) January 7, 2024"]


@pytest.mark.parametrize("xml, expected", [
    ("<doc><main><p>Distance:<list><item>run</item><item>3 miles</item></list>today</p></main></doc>",
     ["Distance: run 3 miles today"]),
    ("<doc><main><table><row><cell>a<lb/>b</cell><cell><p>c</p><p>d</p></cell></row></table></main></doc>",
     ["a b | c d"]),
    ("<doc><main><quote>Before <p>inside</p> after &lt;script&gt;</quote></main></doc>",
     ["Before", "inside", "after <script>"]),
    ("<doc><main><table><row><cell/><cell>   </cell></row></table></main></doc>", []),
])
def test_trafilatura_xml_is_flattened_with_spaces_at_block_boundaries(xml, expected):
    assert [block.text for block in xml_to_blocks(xml)] == expected


# -- 3. length in words of any script -------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("Hello, world — a test!", 4),  # the dash is no word
    ("北京是中国的首都。", 8),  # each letter of a script without spaces
    ("ภาษาไทย", 7),
    ("كابل عاصمة أفغانستان", 3),
    ("| --- | *** |", 0),
    ("Name: 北京 2026", 4),
    ("", 0),
])
def test_words_are_counted_in_any_script(text, words):
    assert count_words(text) == words


def test_a_chinese_article_is_extracted_and_a_chinese_menu_is_not():
    article = extract_article(page("chinese.html"))
    assert article.language == "zh-cn" and len(article.paragraphs()) == 3
    assert sum(count_words(p) for p in article.paragraphs()) >= MIN_BODY_WORDS
    menu = page("chinese.html").split("<article>")[0] + "<article><p>首页 新闻 体育</p></article></body></html>"
    with pytest.raises(ContentError, match="no article text"):
        extract_article(menu)


# -- 1. the recall pass, and gallery furniture ----------------------------------------------------

def test_a_gallery_gives_its_captions_once_with_the_images_and_none_of_its_buttons():
    blocks = extract_article(page("gallery.html")).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", blocks[0].text),
        ("image", "Children throw snowballs near the river in the morning."),
        ("image", "A trader clears the path to his shop in the old town."),
        ("image", "Snow covers the hills above the city at dawn today.")]
    assert [b.src for b in blocks[1:]] == [f"https://example.org/g/{n}.jpg" for n in (1, 2, 3)]


def test_the_recall_pass_adds_no_short_or_repeated_lines():
    found = [Block("paragraph", "The first snow of the winter fell on Kabul overnight.")]
    retry = [found[0], Block("paragraph", "Image 1 of 8"), Block("paragraph", "Close"),
             Block("paragraph", "Children throw snowballs near the river in the morning light."),
             Block("paragraph", "Children throw snowballs near the river in the morning light."),
             Block("heading", "Gallery"), Block("list_item", "Kabul"), Block("list_item", "Share"),
             Block("list_item", "Share"),
             Block("paragraph", "Traders cleared the paths to their shops before the markets opened.")]
    assert [(b.kind, b.text) for b in recall_blocks(found, retry)] == [
        ("paragraph", "The first snow of the winter fell on Kabul overnight."),
        ("paragraph", "Children throw snowballs near the river in the morning light."),
        ("heading", "Gallery"), ("list_item", "Kabul"),
        ("paragraph", "Traders cleared the paths to their shops before the markets opened.")]


def test_the_recall_pass_runs_on_short_bodies_only(monkeypatch):
    calls = []
    real = extractor_module._trafilatura_blocks

    def spy(source, base_url, *, favor_recall):
        calls.append(favor_recall)
        return real(source, base_url, favor_recall=favor_recall)

    monkeypatch.setattr(extractor_module, "_trafilatura_blocks", spy)
    extract_article((Path(__file__).parent / "fixtures" / "ammon-news.html").read_text(encoding="utf-8"))
    assert calls == [False]  # about 1,000 words
    calls.clear()
    extract_article(page("table-and-embed.html"))  # about 150 words: tried again
    assert calls == [False, True]


# -- 4. captions belong to their images, not to the body text -------------------------------------

def test_a_wordpress_caption_goes_with_its_image_and_out_of_the_body_text():
    article = extract_article(page("wp-caption.html"))
    [image] = [b for b in article.blocks if b.kind == "image"]
    assert (image.text, image.alt) == ("Residents wade through a flooded street in the valley town on Tuesday.",
                                       "A flooded street")
    assert article.captions() == [image.text]
    assert not any("wade through" in paragraph for paragraph in article.paragraphs())


def test_extract_prints_the_body_then_the_captions_under_their_own_heading(run_cli):
    result = run_cli("extract", PAGES / "figure.html", "--format", "text")
    parts = result.output.strip().split("\n\n")
    assert parts[0] == "Floods hit the valley" and parts[-2:] == [
        "Captions:", "Residents wade through a flooded street in the valley town on Tuesday. Photo: Agency"]
    assert not any("wade through" in part for part in parts[:-1])
    data = json.loads(run_cli("extract", PAGES / "figure.html").output)
    assert [(b["kind"], b["text"] == parts[-1]) for b in data["blocks"]] == [
        ("paragraph", False), ("image", True), ("paragraph", False), ("paragraph", False)]


def test_markup_in_a_caption_is_text():
    hostile = page("wp-caption.html").replace(
        "Residents wade through a flooded street in the valley town on Tuesday.",
        "Residents &lt;script&gt;alert(1)&lt;/script&gt; wade through a flooded street in the town.")
    [image] = [b for b in extract_article(hostile).blocks if b.kind == "image"]
    assert image.text == "Residents <script>alert(1)</script> wade through a flooded street in the town."
