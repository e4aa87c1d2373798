"""The fetcher against a real local HTTP server and real outlet pages re-encoded in legacy charsets."""

from __future__ import annotations

import base64
import gzip
import io
import itertools
import json
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from dataclasses import replace

import pytest
from plugin_http import serve

from syndicate import __version__
from syndicate.errors import ContentError, FetchError
from syndicate.fetch import USER_AGENT, decode_html, download_to, download_url, fetch_url, read_source
from syndicate.fetch.decode import normalize_charset

# Phrases from the article bodies of the outlet pages (the Arabic ones from the corpus'
# own expected text / snippet files, checked in the tests below).
RUSSIAN_PHRASE = "Динамо"
FIXTURES = Path(__file__).parent / "fixtures"


def outlet_text(corpus, name: str) -> str:
    return (corpus / "outlets" / name).read_text(encoding="utf-8")


def without_meta_charset(html: str) -> str:
    return re.sub(r"<meta[^>]*charset[^>]*>", "", html, flags=re.IGNORECASE)


def legacy_bytes(html: str, codec: str) -> bytes:
    """The page as a legacy-charset site would serve it (characters the charset lacks as &#NNN;)."""
    return html.encode(codec, errors="xmlcharrefreplace")


def arabic_snippet(corpus) -> str:
    """A sentence the CNN Arabic article body must contain, from its expected extraction."""
    expected = (corpus / "outlets" / "cnn-arabic-2013.expected.txt").read_text(encoding="utf-8")
    return next(line.strip() for line in expected.splitlines() if len(line.strip()) > 40)[:40]


def assabah_snippet(corpus) -> str:
    snippets = json.loads((corpus / "outlets" / "trafilatura-snippets.json").read_text(encoding="utf-8"))
    entry = next(value for key, value in snippets.items() if "assabah" in key)
    return max(entry["with"], key=len)


@pytest.fixture
def no_detection(monkeypatch):
    """Fail the test if charset detection runs: the declared charset must be enough."""
    import charset_normalizer

    def refuse(*args, **kwargs):
        raise AssertionError("charset detection ran although the page declares its charset")

    monkeypatch.setattr(charset_normalizer, "from_bytes", refuse)


# --- redirects -----------------------------------------------------------------------------


def test_redirect_chain_is_followed_and_final_url_reported(http_server, corpus):
    final = http_server.route("/article", (corpus / "outlets" / "khaama.html").read_bytes())
    http_server.redirect("/r1", "/r2", status=301)
    http_server.redirect("/r2", final, status=308)
    start = http_server.redirect("/start", "r1", status=302)

    page = fetch_url(start, timeout=1)

    assert page.url == final
    assert page.source == start
    assert page.status == 200
    assert "Khaama" in page.html
    assert [path for path, _ in http_server.requests] == ["/start", "/r1", "/r2", "/article"]


def test_redirect_loop_is_reported(http_server):
    start = http_server.redirect("/a", "/b")
    http_server.redirect("/b", "/a")

    with pytest.raises(FetchError, match="redirect loop") as caught:
        fetch_url(start, timeout=1)
    assert caught.value.message.count("/a") == 2


def test_too_many_redirects(http_server):
    for hop in range(4):
        http_server.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    http_server.route("/hop4", b"<html><body><p>arrived</p></body></html>")

    assert "arrived" in fetch_url(http_server.url("/hop0"), timeout=1, max_redirects=4).html
    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
        fetch_url(http_server.url("/hop0"), timeout=1, max_redirects=3)


def test_redirect_to_another_scheme_is_refused(http_server):
    start = http_server.redirect("/start", "file:///etc/passwd")
    with pytest.raises(FetchError, match="unsupported URL scheme 'file'"):
        fetch_url(start, timeout=1)


# --- charsets ------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["windows-1256", "cp1256", "Windows-1256", '"windows-1256"'])
def test_arabic_page_in_windows_1256_header_label(http_server, corpus, label, no_detection):
    # The page still says charset=UTF-8 in its <meta>: the header wins, as in browsers.
    html = outlet_text(corpus, "cnn-arabic-2013.html")
    url = http_server.route("/cnn", legacy_bytes(html, "cp1256"), content_type=f"text/html; charset={label}")

    page = fetch_url(url, timeout=1)

    assert page.encoding == "cp1256"
    assert arabic_snippet(corpus) in page.html
    assert page.content_type == f"text/html; charset={label}"


def test_russian_page_in_cp1251_header(http_server, corpus, no_detection):
    html = outlet_text(corpus, "football-ua-russian.html")
    url = http_server.route("/football", legacy_bytes(html, "cp1251"), content_type="text/html; charset=cp1251")

    page = fetch_url(url, timeout=1)

    assert page.encoding == "cp1251"
    assert RUSSIAN_PHRASE in page.html
    assert page.html.count("Ð") == html.count("Ð")  # no UTF-8-as-Latin mojibake


def test_meta_charset_only(http_server, corpus, no_detection):
    html = outlet_text(corpus, "assabah-tn-arabic.html").replace("charset=utf-8", "charset=windows-1256", 1)
    url = http_server.route("/assabah", legacy_bytes(html, "cp1256"), content_type="text/html")

    page = fetch_url(url, timeout=1)

    assert page.encoding == "cp1256"
    assert assabah_snippet(corpus) in page.html


def test_no_charset_anywhere_is_detected(http_server, corpus):
    russian = without_meta_charset(outlet_text(corpus, "football-ua-russian.html"))
    arabic = without_meta_charset(outlet_text(corpus, "assabah-tn-arabic.html"))
    russian_url = http_server.route("/ru", legacy_bytes(russian, "cp1251"), content_type="text/html")
    arabic_url = http_server.route("/ar", legacy_bytes(arabic, "cp1256"), content_type=None)

    russian_page = fetch_url(russian_url, timeout=1)
    arabic_page = fetch_url(arabic_url, timeout=1)

    assert (russian_page.encoding, arabic_page.encoding) == ("cp1251", "cp1256")
    assert RUSSIAN_PHRASE in russian_page.html
    assert assabah_snippet(corpus) in arabic_page.html


def test_bytes_invalid_in_declared_charset_fall_back_to_detection(corpus):
    # Labelled UTF-8 (header and meta) but really cp1251: the classic misconfigured server.
    data = legacy_bytes(outlet_text(corpus, "football-ua-russian.html"), "cp1251")
    text, encoding = decode_html(data, "text/html; charset=utf-8")
    assert encoding == "cp1251"
    assert RUSSIAN_PHRASE in text


def test_utf8_page_labelled_latin1_decodes_as_utf8(corpus):
    # WCXB page 0327 declares ISO-8859-1 but its bytes are UTF-8 (curly quotes as E2 80 99).
    data = gzip.decompress((corpus / "wcxb-dev-articles" / "html" / "0327.html.gz").read_bytes())
    truth = json.loads((corpus / "wcxb-dev-articles" / "ground-truth" / "0327.json").read_text("utf-8"))
    text, encoding = decode_html(data, "text/html; charset=ISO-8859-1")
    assert encoding == "utf-8"
    assert "\u2019" in text and "â€™" not in text
    sentence = next(s for s in truth["ground_truth"]["main_content"].split("\n") if "\u2019" in s)
    assert sentence.split("\u2019")[0][-30:] in text


def test_utf8_page_with_a_stray_byte_stays_utf8(corpus):
    html = outlet_text(corpus, "cnn-arabic-2013.html").encode("utf-8")
    middle = len(html) // 2
    damaged = html[:middle] + b"\xff" + html[middle:]
    text, encoding = decode_html(damaged, "text/html; charset=utf-8")
    assert encoding == "utf-8"
    assert arabic_snippet(corpus) in text
    assert text.count("\ufffd") == 1


def test_byte_order_mark(corpus):
    html = outlet_text(corpus, "cnn-arabic-2013.html")
    text, encoding = decode_html(b"\xff\xfe" + html.encode("utf-16-le"), None)
    assert encoding == "utf-16-le"
    assert text == html


def test_utf16_without_bom_declared_in_the_header(corpus, no_detection):
    # Arabic letters (U+06xx) in UTF-16-LE are ASCII bytes plus NULs: valid UTF-8, yet wrong.
    html = outlet_text(corpus, "cnn-arabic-2013.html")
    text, encoding = decode_html(html.encode("utf-16-le"), "text/html; charset=UTF-16LE")
    assert (text, encoding) == (html, "utf-16-le")


def test_ascii_page_keeps_its_declared_charset(no_detection):
    page = b'<html><head><meta charset="windows-1251"></head><body><p>&#1044;&#1080;</p></body></html>'
    assert decode_html(page, None) == (page.decode("ascii"), "cp1251")


def test_undecodable_bytes_are_a_content_error():
    noise = bytes((i * 73 + 41) % 256 for i in range(4000))
    with pytest.raises(ContentError, match="could not decode the page"):
        decode_html(b"<html><body>" + noise, None)


# Mostly-English op-eds quoting a few Arabic or Russian words, saved with no charset declared
# (the Ammon News page, its <meta charset> removed): the quoted words must come out whole.

ARABIC_QUOTE = "Massoud told the crowd: «الشعب يريد السلام والحرية» and left for Dushanbe."
RUSSIAN_QUOTE = "Izvestia wrote that «Россия поддерживает мирный процесс в Афганистане» last week."


def mostly_english(*quotes: str) -> str:
    html = without_meta_charset(FIXTURES.joinpath("ammon-news.html").read_text(encoding="utf-8"))
    return html.replace("</p>", "".join(f" {quote}" for quote in quotes) + "</p>", 1)


@pytest.mark.parametrize(("quote", "codec"), [(ARABIC_QUOTE, "cp1256"), (RUSSIAN_QUOTE, "cp1251")])
def test_undeclared_legacy_charset_on_a_mostly_english_page(quote, codec):
    html = mostly_english(quote)
    text, encoding = decode_html(legacy_bytes(html, codec), None)
    assert encoding == codec
    assert quote in text


def test_undeclared_utf8_on_a_mostly_english_page():
    html = mostly_english(ARABIC_QUOTE, RUSSIAN_QUOTE)
    assert decode_html(html.encode("utf-8"), None) == (html, "utf-8")


def test_undeclared_windows_1256_page_read_from_a_file(tmp_path):
    path = tmp_path / "op-ed.html"
    path.write_bytes(legacy_bytes(mostly_english(ARABIC_QUOTE), "cp1256"))
    page = read_source(str(path))
    assert (page.encoding, page.kind) == ("cp1256", "html")
    assert ARABIC_QUOTE in page.html


@pytest.mark.parametrize(("label", "codec"), [
    ("windows-1256", "cp1256"), ("CP1256", "cp1256"), ("x-cp1251", "cp1251"), ("windows-1251", "cp1251"),
    ("utf8", "utf-8"), ("iso-8859-1", "cp1252"), ("koi8-r", "koi8-r"), ("base64", None),
    ("utf-7", None), ("no-such-charset", None),
])
def test_charset_labels(label, codec):
    assert normalize_charset(label) == codec


# --- compression ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["gzip", "deflate"])
def test_compressed_bodies(http_server, corpus, method):
    html = outlet_text(corpus, "football-ua-russian.html")
    url = http_server.route("/page", html.encode("utf-8"), compress=method)

    page = fetch_url(url, timeout=1)

    assert page.html == html
    sent = http_server.requests[-1][1]
    assert "gzip" in sent["Accept-Encoding"] and "deflate" in sent["Accept-Encoding"]
    assert sent["User-Agent"] == f"syndicate/{__version__} (newsroom syndication tool)"


def test_broken_gzip_is_a_content_error(http_server):
    url = http_server.route("/page", b"<html>not gzip at all</html>", headers={"Content-Encoding": "gzip"})
    with pytest.raises(ContentError, match="could not decompress"):
        fetch_url(url, timeout=1)


# --- limits --------------------------------------------------------------------------------


def test_timeout_waiting_for_the_server(http_server):
    url = http_server.route("/slow", b"<html></html>", delay=2)
    with pytest.raises(FetchError, match=r"timed out after 0\.3 s"):
        fetch_url(url, timeout=0.3)


def test_timeout_covers_a_slow_download(http_server):
    # Each chunk arrives well within the timeout, the whole body doesn't.
    url = http_server.route("/drip", [b"<p>" + b"x" * 100 + b"</p>"] * 20, drip=0.1)
    with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
        fetch_url(url, timeout=0.5)


# Slow-drip servers: every fetch ends within its deadline (+ a little), whatever the server does.

DEADLINE_SLACK = 1.5


def fails_in_time(fetch, timeout: float, match: str = r"timed out after \d") -> FetchError:
    started = time.monotonic()
    with pytest.raises(FetchError, match=match) as caught:
        fetch()
    assert time.monotonic() - started < timeout + DEADLINE_SLACK
    return caught.value


def test_headers_sent_a_byte_at_a_time(http_server):
    url = http_server.route("/slow-headers", b"<html></html>", drip=0.05, drip_headers=True)
    error = fails_in_time(lambda: fetch_url(url, timeout=1), 1)
    assert error.message == f"timed out after 1 s fetching {url}"


def test_body_sent_a_byte_at_a_time(http_server):
    body = b"<html><body>" + b"<p>slow</p>" * 200 + b"</body></html>"
    url = http_server.route("/slow-body", body, drip=0.05, piece=1)
    fails_in_time(lambda: fetch_url(url, timeout=1), 1)


def test_body_that_never_ends(http_server):
    url = http_server.route("/forever", itertools.chain([b"<html><body>"], itertools.repeat(b"<p>x</p>")), drip=0.02)
    fails_in_time(lambda: fetch_url(url, timeout=1), 1)


def test_connect_that_hangs(hanging_url):
    fails_in_time(lambda: fetch_url(hanging_url, timeout=1), 1)


def test_feeds_and_sitemaps_keep_the_deadline(http_server):
    url = http_server.route("/feed.xml", itertools.repeat(b"<item/>"), content_type="application/rss+xml", drip=0.02)
    fails_in_time(lambda: download_url(url, timeout=1), 1)


def test_https_body_sent_a_byte_at_a_time(self_signed_tls, monkeypatch):
    context, cert = self_signed_tls
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with serve(context) as server:
        url = server.route("/article", b"<html><body>" + b"x" * 1000, drip=0.05, piece=1)
        fails_in_time(lambda: fetch_url(url, timeout=1), 1)


def test_redirects_share_one_deadline(http_server):
    final = http_server.route("/final", b"<html><body>" + b"x" * 1000, drip=0.05, piece=1)
    start = http_server.redirect("/start", final)
    http_server.routes["/start"] = replace(http_server.routes["/start"], delay=0.6)
    fails_in_time(lambda: fetch_url(start, timeout=1), 1)


# Model packages: the caller chooses a stall timeout, so a slow but steady download completes.


def test_a_slow_steady_download_outlasts_its_stall_timeout(http_server):
    body = bytes(range(256)) * 8
    url = http_server.route("/model.argosmodel", body, content_type="application/zip", drip=0.05, piece=128)
    sink, calls = io.BytesIO(), []
    started = time.monotonic()
    download_to(url, sink, stall_timeout=0.4, max_bytes=10_000,
                progress=lambda done, total: calls.append((done, total)))
    assert time.monotonic() - started > 0.6  # longer than the stall timeout: only a stall fails
    assert sink.getvalue() == body
    assert calls[-1] == (len(body), len(body))
    assert http_server.requests[-1][1]["User-Agent"] == USER_AGENT


def test_a_stalled_download_fails(http_server):
    url = http_server.route("/model.argosmodel", [b"PK", b"rest"], content_type="application/zip", drip=3)
    error = fails_in_time(lambda: download_to(url, io.BytesIO(), stall_timeout=0.5, max_bytes=10_000), 0.5,
                          match="no data for 0.5 s")
    assert error.message == f"no data for 0.5 s from {url}"


def test_model_downloads_use_the_one_client(http_server):
    from syndicate.translate.packages import fetch_index

    url = http_server.route("/index.json", b"[]", content_type="application/json")
    assert fetch_index(url, timeout=1) == ()
    assert http_server.requests[-1][1]["User-Agent"] == USER_AGENT


def test_oversize_body_with_content_length(http_server):
    url = http_server.route("/big", b"<html><body>" + b"<p>text</p>" * 1_000_000 + b"</body></html>")
    with pytest.raises(FetchError, match="response larger than 10 MB"):
        fetch_url(url, timeout=1)


def test_oversize_streamed_body_without_content_length(http_server):
    endless = itertools.chain([b"<html><body>"], itertools.repeat(b"<p>" + b"x" * 8000 + b"</p>"))
    url = http_server.route("/endless", endless)
    with pytest.raises(FetchError, match="response larger than 200 kB"):
        fetch_url(url, timeout=1, max_bytes=200_000)


def test_size_cap_applies_to_decompressed_bytes(http_server):
    url = http_server.route("/bomb", b"<html><body>" + b" " * 5_000_000, compress="gzip")
    with pytest.raises(FetchError, match="response larger than 1 MB"):
        fetch_url(url, timeout=1, max_bytes=1_000_000)


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf", "application/json"])
def test_non_html_content_type(http_server, content_type):
    url = http_server.route("/file", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type=content_type)
    with pytest.raises(ContentError, match=re.escape(f"not an HTML page ({content_type})")):
        fetch_url(url, timeout=1)


def test_xhtml_is_accepted(http_server, no_detection):
    body = b'<?xml version="1.0" encoding="windows-1251"?>\n<html><body><p>\xc4\xe8\xed\xe0\xec\xee</p></body></html>'
    url = http_server.route("/x", body, content_type="application/xhtml+xml")
    page = fetch_url(url, timeout=1)
    assert (page.encoding, "Динамо" in page.html) == ("cp1251", True)


def test_missing_content_type_that_is_not_html(http_server):
    url = http_server.route("/blob", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type=None)
    with pytest.raises(ContentError, match="not an HTML page"):
        fetch_url(url, timeout=1)


def test_http_404(http_server):
    with pytest.raises(FetchError, match="HTTP 404 Not Found") as caught:
        fetch_url(http_server.url("/missing"), timeout=1)
    assert caught.value.hint == "check the URL"
    assert caught.value.exit_code == 3


def test_http_500(http_server):
    url = http_server.route("/error", b"<html>oops</html>", status=500)
    with pytest.raises(FetchError, match="HTTP 500"):
        fetch_url(url, timeout=1)


def test_connection_refused(refused_url):
    with pytest.raises(FetchError, match="cannot connect to 127.0.0.1"):
        fetch_url(refused_url, timeout=1)


@pytest.mark.parametrize("source", ["file:///etc/passwd", "ftp://example.org/a.html", "javascript:alert(1)"])
def test_unsupported_scheme(source):
    with pytest.raises(FetchError, match="unsupported URL scheme"):
        read_source(source)


def test_url_without_host():
    with pytest.raises(FetchError, match="no host name"):
        fetch_url("http:///article")


def test_dns_failure(monkeypatch):
    real_getaddrinfo = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if host == "news.example.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(FetchError, match="cannot resolve host news.example.invalid"):
        fetch_url("https://news.example.invalid/opinion", timeout=1)


@pytest.fixture
def self_signed_tls(tmp_path):
    """A server-side SSLContext with a fresh self-signed certificate for 127.0.0.1, and its path."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context, cert


def test_tls_certificates_are_verified(self_signed_tls, monkeypatch):
    context, cert = self_signed_tls
    with serve(context) as server:
        url = server.route("/article", b"<html><body><p>over TLS</p></body></html>")
        with pytest.raises(FetchError, match="TLS error with 127.0.0.1.*certificate verify failed"):
            fetch_url(url, timeout=1)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # OpenSSL's trust store override
        assert "over TLS" in fetch_url(url, timeout=1).html


def test_https_url_to_a_plain_http_server(http_server):
    with pytest.raises(FetchError, match="TLS error with 127.0.0.1"):
        fetch_url(http_server.url("/").replace("http:", "https:"), timeout=1)


def test_non_ascii_url_is_percent_encoded(http_server, corpus):
    # Arabic outlets' URLs are pasted from the address bar unencoded.
    url = http_server.route("/article/164913/%D8%A7%D9%84%D9%86%D8%A7%D8%B4%D8%B7",
                            (corpus / "outlets" / "assabah-tn-arabic.html").read_bytes())
    page = fetch_url(http_server.url("/article/164913/الناشط"), timeout=1)
    assert page.status == 200
    assert http_server.requests[-1][0] == url.removeprefix(http_server.base_url)


# --- files and stdin -----------------------------------------------------------------------


def test_local_file(corpus):
    path = corpus / "outlets" / "football-ua-russian.html"
    page = read_source(str(path))
    assert (page.source, page.url, page.status, page.content_type) == (str(path), None, None, None)
    assert page.html == path.read_bytes().decode("utf-8")  # as is, CRLF line ends included


def test_local_file_in_legacy_charset(corpus, tmp_path):
    path = tmp_path / "assabah.html"
    path.write_bytes(legacy_bytes(without_meta_charset(outlet_text(corpus, "assabah-tn-arabic.html")), "cp1256"))
    page = read_source(str(path))
    assert page.encoding == "cp1256"
    assert assabah_snippet(corpus) in page.html


def test_missing_local_file_is_named(tmp_path):
    missing = tmp_path / "nowhere.html"
    with pytest.raises(FetchError, match=re.escape(f"no such file: {missing}")):
        read_source(str(missing))


def test_bare_domain_gets_a_hint():
    with pytest.raises(FetchError) as caught:
        read_source("www.example.org/opinion/article")
    assert caught.value.hint == "for a web page, give the full URL: https://www.example.org/opinion/article"


def test_missing_file_named_like_a_file_gets_no_url_hint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FetchError) as caught:
        read_source("article.html")
    assert caught.value.hint is None


def test_local_file_size_cap(corpus):
    with pytest.raises(ContentError, match="larger than 100 kB"):
        read_source(str(corpus / "outlets" / "football-ua-russian.html"), max_bytes=100_000)


def test_stdin(corpus):
    data = legacy_bytes(outlet_text(corpus, "cnn-arabic-2013.html"), "cp1256")
    page = read_source("-", stdin=io.BytesIO(data))
    assert (page.source, page.url, page.encoding) == ("-", None, "cp1256")
    assert arabic_snippet(corpus) in page.html


def test_empty_stdin():
    with pytest.raises(ContentError, match="empty"):
        read_source("-", stdin=io.BytesIO(b"  \n"))


def test_read_source_fetches_urls(http_server, corpus):
    url = http_server.route("/tolo", (corpus / "outlets" / "tolonews.html").read_bytes())
    page = read_source(url, timeout=1)
    assert (page.url, page.status, page.encoding) == (url, 200, "utf-8")


# Proxies (HTTP_PROXY / HTTPS_PROXY / NO_PROXY): a local forward proxy in front of the local server.

PROXY_PAGE = b"<html><body><p>through the proxy</p></body></html>"


def test_http_proxy_forwards_the_request(http_server, forward_proxy, monkeypatch):
    url = http_server.route("/article", PROXY_PAGE)
    monkeypatch.setenv("HTTP_PROXY", forward_proxy.url)
    page = fetch_url(url, timeout=5)
    assert "through the proxy" in page.html
    assert [(method, target) for method, target, _ in forward_proxy.requests] == [("GET", url)]
    assert [path for path, _ in http_server.requests] == ["/article"]


def test_proxy_credentials_become_a_proxy_authorization_header(http_server, forward_proxy, monkeypatch):
    url = http_server.route("/article", PROXY_PAGE)
    monkeypatch.setenv("http_proxy", forward_proxy.url.replace("://", "://desk:s%40cret@"))
    fetch_url(url, timeout=5)
    (_, _, headers), = forward_proxy.requests
    assert headers["Proxy-Authorization"] == "Basic " + base64.b64encode(b"desk:s@cret").decode()
    assert not any(name.lower().startswith("proxy-") for name in http_server.requests[0][1])


def test_redirects_follow_through_the_proxy(http_server, forward_proxy, monkeypatch):
    final = http_server.route("/final", PROXY_PAGE)
    start = http_server.redirect("/start", "/final")
    monkeypatch.setenv("ALL_PROXY", forward_proxy.url)
    assert fetch_url(start, timeout=5).url == final
    assert [target for _, target, _ in forward_proxy.requests] == [start, final]


def test_https_goes_through_connect(self_signed_tls, forward_proxy, monkeypatch):
    context, cert = self_signed_tls
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("HTTPS_PROXY", forward_proxy.url)
    with serve(context) as server:
        url = server.route("/article", PROXY_PAGE)
        assert "through the proxy" in fetch_url(url, timeout=5).html
    host_port = url.split("/")[2]
    assert [(method, target) for method, target, _ in forward_proxy.requests] == [("CONNECT", host_port)]


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "localhost,127.0.0.1", "*"])
def test_no_proxy_bypasses_the_proxy(http_server, forward_proxy, monkeypatch, no_proxy):
    url = http_server.route("/article", PROXY_PAGE)
    monkeypatch.setenv("HTTP_PROXY", forward_proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert "through the proxy" in fetch_url(url, timeout=5).html
    assert forward_proxy.requests == []


def test_proxy_asking_for_authentication(http_server, forward_proxy, monkeypatch):
    url = http_server.route("/article", PROXY_PAGE)
    forward_proxy.require_auth = True
    monkeypatch.setenv("HTTP_PROXY", forward_proxy.url.replace("://", "://desk:hunter2@"))
    with pytest.raises(FetchError) as caught:
        fetch_url(url, timeout=5)
    assert str(caught.value) == f"proxy {forward_proxy.url} requires authentication (HTTP 407)"
    assert "hunter2" not in str(caught.value) + (caught.value.hint or "")
    assert http_server.requests == []


def test_proxy_refusing_connect_for_https(forward_proxy, monkeypatch):
    forward_proxy.require_auth = True
    monkeypatch.setenv("HTTPS_PROXY", forward_proxy.url.replace("://", "://desk:hunter2@"))
    with pytest.raises(FetchError, match=re.escape(f"proxy {forward_proxy.url} requires authentication")) as caught:
        fetch_url("https://news.example/article", timeout=5)
    assert "hunter2" not in str(caught.value)


def test_refused_proxy_port(http_server, refused_url, monkeypatch):
    proxy = refused_url.rsplit("/", 1)[0]
    monkeypatch.setenv("HTTP_PROXY", proxy.replace("://", "://desk:hunter2@"))
    with pytest.raises(FetchError) as caught:
        fetch_url(http_server.url("/article"), timeout=5)
    assert str(caught.value) == f"cannot connect to proxy {proxy}: connection refused or unreachable"
    assert "NO_PROXY" in caught.value.hint


def test_socks_proxy_is_refused_clearly(http_server, monkeypatch):
    monkeypatch.setenv("ALL_PROXY", "socks5://desk:hunter2@127.0.0.1:1080")
    with pytest.raises(FetchError, match=r"^SOCKS proxies are not supported: socks5://127\.0\.0\.1:1080$"):
        fetch_url(http_server.url("/article"), timeout=5)


def test_batch_lists_use_the_proxy(http_server, forward_proxy, monkeypatch):
    from syndicate.batch.fetching import read_text_source

    url = http_server.route("/feed.xml", b"<rss/>", content_type="application/rss+xml")
    monkeypatch.setenv("HTTP_PROXY", forward_proxy.url)
    assert read_text_source(url, timeout=5) == "<rss/>"
    assert [target for _, target, _ in forward_proxy.requests] == [url]


# Plain-text and Markdown op-eds: read and decoded, the Page says what kind of document it is.

TEXT_OP_ED = "World must show its support for Afghan opposition\n\nBy Ahmad Said\n\n" + ARABIC_QUOTE + "\n"
MARKDOWN_OP_ED = "# World must show its support\n\n*By Ahmad Said*\n\n> " + RUSSIAN_QUOTE + "\n"


@pytest.mark.parametrize(("name", "kind"), [("op-ed.txt", "text"), ("op-ed.md", "markdown"),
                                            ("op-ed.markdown", "markdown"), ("OP-ED.TXT", "text")])
def test_text_and_markdown_files(tmp_path, name, kind):
    document = MARKDOWN_OP_ED if kind == "markdown" else TEXT_OP_ED
    path = tmp_path / name
    path.write_text(document, encoding="utf-8")
    page = read_source(str(path))
    assert (page.kind, page.html, page.encoding, page.url, page.status) == (kind, document, "utf-8", None, None)


def test_text_file_in_a_legacy_charset(tmp_path):
    path = tmp_path / "op-ed.txt"
    path.write_bytes(TEXT_OP_ED.encode("cp1256"))
    page = read_source(str(path))
    assert (page.kind, page.encoding, page.html) == ("text", "cp1256", TEXT_OP_ED)


def test_markdown_with_inline_html_stays_markdown(tmp_path):
    path = tmp_path / "op-ed.md"
    path.write_text("<p>An op-ed</p>\n\nwith **Markdown**.\n", encoding="utf-8")
    assert read_source(str(path)).kind == "markdown"


def test_text_on_stdin():
    page = read_source("-", stdin=io.BytesIO(TEXT_OP_ED.encode("utf-8")))
    assert (page.kind, page.html) == ("text", TEXT_OP_ED)


def test_html_on_stdin_stays_html(corpus):
    page = read_source("-", stdin=io.BytesIO((corpus / "outlets" / "khaama.html").read_bytes()))
    assert page.kind == "html"


def test_html_file_is_still_refused_when_it_is_not_html(tmp_path):
    path = tmp_path / "op-ed.html"
    path.write_text(TEXT_OP_ED, encoding="utf-8")
    with pytest.raises(ContentError, match="not an HTML page"):
        read_source(str(path))


@pytest.mark.parametrize("name", ["scan.txt", "-"])
def test_binary_text_is_refused(tmp_path, name):
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    path = tmp_path / name
    path.write_bytes(data)
    source = str(path) if name != "-" else "-"
    with pytest.raises(ContentError, match="not a text document"):
        read_source(source, stdin=io.BytesIO(data))


def test_empty_text_file(tmp_path):
    path = tmp_path / "op-ed.md"
    path.write_bytes(b"\n\n")
    with pytest.raises(ContentError, match="empty"):
        read_source(str(path))
