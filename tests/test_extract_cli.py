"""`syndicate extract` through click's runner, a subprocess and a local HTTP server."""

import json
import subprocess
from dataclasses import fields
from pathlib import Path

from lxml import html as lxml_html

from syndicate.article import Article

AMMON = Path(__file__).parent / "fixtures" / "ammon-news.html"
TITLE = "World must show its support for Afghan opposition"


def test_text_format_is_title_blank_line_then_paragraphs(run_cli):
    result = run_cli("extract", AMMON, "--format", "text")
    assert result.exit_code == 0
    chunks = result.stdout.rstrip("\n").split("\n\n")
    assert chunks[0] == TITLE
    assert chunks[1].startswith("A major international conference called the Herat Security Dialogue")
    assert chunks[-1].startswith("While the international community does not have many good policy options")
    assert len(chunks) == 14
    assert result.stderr == ""


def test_json_format_has_the_article_fields(run_cli):
    result = run_cli("extract", AMMON)
    data = json.loads(result.stdout)
    assert set(data) == {f.name for f in fields(Article)}
    article = Article.from_dict(data)
    assert (article.title, article.authors, article.published) == (TITLE, ("Luke Coffey",), "2022-12-05T09:30:00")


def test_html_format_is_the_sanitized_body(run_cli):
    result = run_cli("extract", AMMON, "--format", "html")
    fragment = lxml_html.fragment_fromstring(result.stdout, create_parent="div")
    paragraphs = fragment.findall("p")
    assert len(paragraphs) == 13 and len(fragment) == 13
    assert paragraphs[0].text_content().startswith("A major international conference")
    assert not fragment.xpath("//script|//form|//textarea")


def test_non_english_article_is_extracted_with_a_note(run_cli, corpus):
    result = run_cli("extract", corpus / "outlets" / "football-ua-russian.html", "--format", "text")
    assert result.exit_code == 0
    assert result.stderr.startswith("Note: the article looks like language 'ru'")
    assert "Подольски" in result.stdout


def test_tiny_page_is_a_content_error_without_traceback(run_cli, tmp_path):
    page = tmp_path / "404.html"
    page.write_text("<html><head><title>404</title></head><body><h1>Page not found</h1></body></html>")
    result = run_cli("extract", page)
    assert result.exit_code == 4
    assert result.stderr.startswith("Error: no article text found")
    assert "Traceback" not in result.output


def test_bad_profiles_file_is_a_usage_error(run_cli, tmp_path):
    profiles = tmp_path / "profiles.toml"
    profiles.write_text("[[profile]]\ndomains = []\n")
    result = run_cli("extract", AMMON, "--profiles", profiles)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: profiles file {profiles}, profile 1: 'domains' must list at least one domain"


def test_subprocess_reads_stdin(syndicate_exe):
    done = subprocess.run([syndicate_exe, "extract", "-", "--format", "text"], input=AMMON.read_bytes(),
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8").splitlines()[0] == TITLE


def test_extract_from_a_local_http_server(run_cli, http_server):
    url = http_server.route("/article/63181", AMMON.read_bytes())
    result = run_cli("extract", url, "--format", "json", "--timeout", "5")
    data = json.loads(result.stdout)
    assert data["url"] == url
    assert data["canonical_url"] == "https://en.ammonnews.net/article/63181"
    assert data["title"] == TITLE
    http_server.route("/feed.json", b'{"items": []}', content_type="application/json")
    result = run_cli("extract", http_server.url("/feed.json"))
    assert result.exit_code == 4
    assert result.stderr.startswith("Error: ")


def test_dash_reads_stdin_in_process(run_cli):
    result = run_cli("extract", "-", "--format", "text", input=AMMON.read_bytes())
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == TITLE
