"""Copying lead images (setting copy_images): only real raster images, size-capped, downloaded
with the run, kept in the workspace until an edition is public, then served beside the pages."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest
from lxml import html as lxml_html
from plugin_batch import workspace_of

from syndicate.errors import ContentError, FetchError
from syndicate.fetch.images import download_image, image_type

AMMON = Path(__file__).parent / "fixtures" / "ammon-news.html"
BASE_URL = "https://partner.example/op-eds/"
SLUG = "world-must-show-its-support-for-afghan-opposition"
OG_IMAGE = re.compile(rb'(<meta property="og:image" content=")[^"]*(")')


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


@pytest.mark.parametrize("data, suffix", [
    (png(), "png"), (b"\xff\xd8\xff\xe0" + bytes(20), "jpg"), (b"GIF89a" + bytes(20), "gif"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(20), "webp"),
    (SVG, None), (b"<html><body>not an image</body></html>", None), (b"", None), (b"\x89PNG", None),
])
def test_image_types_come_from_the_bytes(data, suffix):
    assert image_type(data) == suffix


def test_a_page_or_svg_served_as_an_image_is_refused(http_server):
    svg = http_server.route("/lead.svg", SVG, content_type="image/png")  # the header lies
    with pytest.raises(ContentError, match="not a JPEG, PNG, GIF or WebP"):
        download_image(svg, timeout=5)
    big = http_server.route("/huge.png", png() + bytes(6_000_000), content_type="image/png")
    with pytest.raises(FetchError, match="response larger than 5 MB"):  # a fetch that can't finish
        download_image(big, timeout=5)


def page_with_image(http_server, image_path: str, body: bytes, content_type="image/png") -> str:
    image = http_server.route(image_path, body, content_type=content_type)
    html = OG_IMAGE.sub(rb"\g<1>" + image.encode() + rb"\g<2>", AMMON.read_bytes())
    return http_server.route("/article", html)


def test_the_lead_image_is_copied_beside_the_pages_once_an_edition_is_public(
        http_server, run_cli, installed_models_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDICATE_CACHE", str(tmp_path / "memory.sqlite3"))
    monkeypatch.setenv("SYNDICATE_COPY_IMAGES", "1")
    url = page_with_image(http_server, "/img/lead.png", png())  # http, while the site is https
    out = tmp_path / "out"
    drafts = run_cli("translate", url, "--to", "ar", "--out", out, "--base-url", BASE_URL, "--no-glossary",
                     "--publish", "on-approval")
    assert drafts.exit_code == 0, drafts.output
    assert not (out / SLUG).exists()  # a draft: nothing public yet, not even the image
    assert (workspace_of(out).images_dir / SLUG / "lead.png").read_bytes() == png()
    fetched = len(http_server.requests)

    approved = run_cli("approve", SLUG, "ar", "--editor", "R. Karimi", "--out", out)
    assert approved.exit_code == 0, approved.output
    assert (out / SLUG / "lead.png").read_bytes() == png()
    root = lxml_html.fromstring((out / SLUG / "ar.html").read_bytes())
    # approve takes no --base-url: the folder is rendered with the settings the run recorded
    assert root.xpath("//link[@rel='canonical']/@href") == [f"{BASE_URL}{SLUG}/ar.html"]
    assert root.xpath("//meta[@property='og:image']/@content") == [f"{BASE_URL}{SLUG}/lead.png"]
    assert root.xpath("//figure[@class='lead']/img/@src") == [f"{BASE_URL}{SLUG}/lead.png"]
    again = run_cli("translate", url, "--to", "ar", "--out", out, "--base-url", BASE_URL, "--no-glossary")
    assert again.exit_code == 0, again.output
    assert [path for path, _ in http_server.requests[fetched:]] == ["/article"]  # the image isn't fetched again


def test_an_image_that_cannot_be_copied_is_a_warning_and_no_http_hotlink(
        http_server, run_cli, installed_models_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDICATE_CACHE", str(tmp_path / "memory.sqlite3"))
    url = page_with_image(http_server, "/img/lead.svg", SVG, content_type="image/svg+xml")
    out = tmp_path / "out"
    result = run_cli("translate", url, "--to", "ru", "--out", out, "--base-url", BASE_URL, "--no-glossary",
                     env={"SYNDICATE_COPY_IMAGES": "true"})
    assert result.exit_code == 0, result.output
    assert "warning: lead image not copied:" in result.stderr and "not a JPEG, PNG, GIF or WebP" in result.stderr
    assert not list((out / SLUG).glob("lead.*"))
    page = (out / SLUG / "ru.html").read_text(encoding="utf-8")
    assert "lead.svg" not in page and "og:image" not in page  # an http image is never shown on an https site
