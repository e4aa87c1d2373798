"""Plain text and Markdown op-eds (the form before publication) → Articles."""

import pytest

from syndicate.errors import ContentError
from syndicate.extract.meta import PageMetadata
from syndicate.extract.plaintext import text_article
from syndicate.export.render import blocks_to_html

BODY = ("The conference was notable for two reasons. Firstly, it was unofficially a continuation of the "
        "gathering of Afghan opposition leaders that took place in Vienna in October, and it showed that the "
        "factions opposing the Taliban are starting to align.")


def test_the_seed_op_ed_as_text_keeps_its_paragraphs_and_drops_the_comment_form(corpus):
    text = (corpus / "seed" / "000_ac3961389abcd1c8.txt").read_text(encoding="utf-8")
    article = text_article(text, markdown=False, metadata=PageMetadata(authors=("Luke Coffey",)))
    assert article.title == "World must show its support for Afghan opposition"
    paragraphs = article.paragraphs()
    assert paragraphs[0].startswith("A major international conference called the Herat Security Dialogue")
    assert "Luke Coffey" not in paragraphs  # the byline line goes when the author is known
    assert "05-12-2022 09:30 AM" not in paragraphs  # a bare date line at the top
    assert not any(p.startswith(("All comments are reviewed", "name :", "Verification code")) for p in paragraphs)
    assert article.authors == ("Luke Coffey",)


def test_lines_of_one_paragraph_are_joined_and_blank_lines_separate():
    article = text_article(f"A title\n\n{BODY[:60]}\n{BODY[60:]}\n\n\n{BODY}\r\n", markdown=False)
    assert article.paragraphs() == [BODY[:60].strip() + " " + BODY[60:].strip(), BODY]


def test_markdown_headings_lists_quotes_links_and_images():
    text = (f"# The title\n\nSome *intro* with [a link](https://example.org/x) in it. {BODY}\n\n"
            "## A section\n\n- first point\n- second **point**\n\n1. one\n2. two\n\n> a quote\n\n"
            "![a map](https://example.org/map.png)\n")
    article = text_article(text, markdown=True)
    assert article.title == "The title"
    kinds = [(b.kind, b.text) for b in article.blocks]
    assert kinds[0] == ("paragraph", f"Some intro with a link in it. {BODY}")
    assert ("heading", "A section") in kinds
    assert [b.text for b in article.blocks if b.kind == "list_item"] == ["first point", "second point", "one", "two"]
    assert [b.ordered for b in article.blocks if b.kind == "list_item"] == [False, False, True, True]
    assert ("quote", "a quote") in kinds
    link = article.blocks[0].links[0]
    assert article.blocks[0].text[link.start:link.end] == "a link" and link.href == "https://example.org/x"
    image = article.blocks[-1]
    assert (image.kind, image.src, image.alt) == ("image", "https://example.org/map.png", "a map")
    assert next(b for b in article.blocks if b.kind == "heading").level == 2


def test_markup_in_text_stays_text_and_bad_links_never_render():
    text = ("Title <script>alert(1)</script>\n\n"
            f"<img src=x onerror=alert(1)> [click](javascript:alert(1)) \x00 {BODY}\n")
    article = text_article(text, markdown=True)
    assert article.title == "Title <script>alert(1)</script>"
    html = blocks_to_html(article.blocks)
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "\x00" not in html


@pytest.mark.parametrize("text", ["", "\n\n  \n", "Only a title\n\nand three words"])
def test_too_little_text_is_a_content_error(text):
    with pytest.raises(ContentError):
        text_article(text, markdown=False)


def test_an_oversized_line_is_one_paragraph():
    long_line = " ".join(["word"] * 20000)
    article = text_article(f"Title\n\n{long_line}", markdown=True)
    assert article.paragraphs() == [long_line]


def test_markdown_link_and_image_addresses_go_through_the_url_policy():
    text = (f"Title\n\n[bad](javascript:alert(1)) [mail](mailto:desk@example.org) [web](https://example.org/a) {BODY}\n\n"
            "![x](javascript:alert(1))\n\n![y](data:image/png;base64,AAAA)\n")
    article = text_article(text, markdown=True)
    assert [link.href for link in article.blocks[0].links] == ["mailto:desk@example.org", "https://example.org/a"]
    assert article.blocks[0].text.startswith("bad mail web ")
    assert [b for b in article.blocks if b.kind == "image"] == []
