"""blocks_to_html and sanitize_fragment: structure, escaping and URL safety."""

from lxml import html as lxml_html

from syndicate.article import Block, Link
from syndicate.export.render import blocks_to_html, sanitize_fragment


def test_blocks_render_each_kind_and_group_lists():
    blocks = (
        Block("heading", "Why it matters", level=3),
        Block("paragraph", "Tom & Jerry <said> hi"),
        Block("list_item", "one"),
        Block("list_item", "two"),
        Block("list_item", "first", ordered=True),
        Block("quote", "Food or heat."),
        Block("image", "A caption", src="/img/a.jpg", alt='say "cheese"'),
    )
    html = blocks_to_html(blocks, base_url="https://example.com/news/1")
    assert html.splitlines() == [
        "<h3>Why it matters</h3>",
        "<p>Tom &amp; Jerry &lt;said&gt; hi</p>",
        "<ul><li>one</li><li>two</li></ul>",
        "<ol><li>first</li></ol>",
        "<blockquote><p>Food or heat.</p></blockquote>",
        '<figure><img src="https://example.com/img/a.jpg" alt="say &quot;cheese&quot;">'
        "<figcaption>A caption</figcaption></figure>",
    ]


def test_links_are_kept_resolved_or_dropped_by_scheme():
    text = "see here and there or mail us or click"
    links = (
        Link(4, 8, "/story"),  # here
        Link(13, 18, "javascript:alert(1)"),  # there
        Link(22, 29, "mailto:desk@example.com"),  # mail us
        Link(33, 38, "JaVa\tScRiPt:alert(1)"),  # click
    )
    html = blocks_to_html((Block("paragraph", text, links=links),), base_url="https://example.com/a/b")
    assert html == (
        '<p>see <a href="https://example.com/story">here</a> and there or '
        '<a href="mailto:desk@example.com">mail us</a> or click</p>'
    )


def test_image_without_a_safe_source_keeps_only_its_caption():
    blocks = (Block("image", "caption", src="data:image/png;base64,AAAA"), Block("image", "", src=None))
    assert blocks_to_html(blocks) == "<p>caption</p>"


def test_sanitize_fragment_drops_active_content():
    dirty = (
        '<div onclick="x()"><p class="c" style="color:red">Hello <b>world</b>'
        '<script>alert(1)</script></p><iframe src="https://evil"></iframe>'
        '<form><input name=a>secret</form><object data="x"></object><embed src="y">'
        '<a href="javascript:alert(1)" onmouseover="x()">bad</a> '
        '<a href="/ok" target="_blank">good</a>'
        '<img src="data:image/png;base64,AA" onerror="x()"><img src="pic.jpg" alt="A">'
        "<style>p{}</style><!-- comment --><custom-tag>kept text</custom-tag></div>"
    )
    clean = sanitize_fragment(dirty, base_url="https://example.com/")
    assert clean == (
        "<p>Hello <b>world</b></p><a>bad</a> "
        '<a href="https://example.com/ok">good</a><img src="https://example.com/pic.jpg" alt="A">kept text'
    )
    tree = lxml_html.fragment_fromstring(clean, create_parent="div")
    assert not tree.xpath("//script|//style|//iframe|//form|//object|//embed|//@*[starts-with(name(), 'on')]")


def test_sanitize_fragment_escapes_text_and_handles_empty():
    assert sanitize_fragment("") == ""
    assert sanitize_fragment("a &lt;b&gt; & c") == "a &lt;b&gt; &amp; c"
    assert sanitize_fragment("<p>x</p><p>y</p>") == "<p>x</p><p>y</p>"
