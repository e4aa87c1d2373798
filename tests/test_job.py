"""The one orchestration (syndicate.job): what translate, batch, extract and coverage share."""

import json

import pytest

from syndicate.article import Article, TermCheck, TranslatedArticle
from syndicate.errors import ContentError, ExportError, ModelError, SyndicateError, UsageError, error_class
from syndicate.translate.checks import QASummary, count_statuses

MARKDOWN_OP_ED = """# Tajikistan hosts the Afghan opposition

The Herat Security Dialogue took place last week in Dushanbe. It brought together policymakers and
commentators from around the world to discuss the situation in Afghanistan and the region, and the
government of Tajikistan made clear that it sees the Taliban as a threat to its southern border.

## What comes next

- The opposition meets again in spring.
- The [university](https://example.org/university) in Dushanbe hosts a follow-up meeting for the province.
"""


@pytest.mark.parametrize("cls", [UsageError, ContentError, ModelError, ExportError])
def test_error_kinds_name_their_class_and_back(cls):
    assert error_class(cls.kind) is cls
    assert error_class("no such kind") is SyndicateError and error_class(None) is SyndicateError


def test_term_statuses_are_counted_once_in_one_order_and_placeholders_need_review():
    checks = [TermCheck("Taliban", ("طالبان",), status) for status in ("miss", "hit", "placeholder", "hit")]
    checks.append(TermCheck("Doha", ("الدوحة",), "placeholder", found="ZQ1"))
    assert list(count_statuses(checks).items()) == [("hit", 2), ("miss", 1), ("placeholder", 2)]
    source = Article(url=None, title="t", blocks=())
    translation = TranslatedArticle(source, "ar", "t", None, (), term_checks=tuple(checks))
    summary = QASummary.of(translation)
    assert (summary.terms_to_review, summary.checks) == (("Doha", "Taliban"), 5)
    assert summary.to_record()["by_status"] == {"hit": 2, "miss": 1, "placeholder": 2}


def test_a_markdown_op_ed_is_translated_with_the_facts_given_on_the_command_line(
        run_cli, installed_models_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDICATE_CACHE", str(tmp_path / "memory.sqlite3"))
    source = tmp_path / "op-ed.md"
    source.write_text(MARKDOWN_OP_ED, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("translate", source, "--to", "fa-AF,ru", "--out", out, "--no-glossary", "--json",
                     "--author", "Luke Coffey", "--date", "2022-12-05",
                     "--canonical-url", "https://www.ammonnews.net/article/1")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert {tag: o["status"] for tag, o in summary["languages"].items()} == {"fa-AF": "exported", "ru": "exported"}
    record = json.loads((out / summary["slug"] / "article.json").read_text(encoding="utf-8"))
    assert record["source"]["authors"] == ["Luke Coffey"]
    assert record["source"]["published"] == "2022-12-05"
    assert record["source"]["canonical_url"] == "https://www.ammonnews.net/article/1"
    assert record["source"]["title"] == "Tajikistan hosts the Afghan opposition"
    dari = (out / summary["slug"] / "fa-AF.html").read_text(encoding="utf-8")
    assert "پوهنتون" in dari and "دانشگاه" not in dari  # en→fa wrote the Iranian form; the Dari table fixed it
    assert 'href="https://www.ammonnews.net/article/1"' in dari
    assert "Luke Coffey" in dari


@pytest.mark.parametrize(("args", "message"), [
    (("--date", "5/12/2022"), "--date '5/12/2022' is not an ISO 8601 date"),
    (("--canonical-url", "javascript:alert(1)"), "--canonical-url 'javascript:alert(1)' is not an http(s) URL"),
])
def test_source_facts_that_cant_be_used_are_refused(run_cli, tmp_path, args, message):
    source = tmp_path / "op-ed.md"
    source.write_text(MARKDOWN_OP_ED, encoding="utf-8")
    result = run_cli("translate", source, "--to", "ar", "--out", tmp_path / "out", "--no-glossary", *args)
    assert result.exit_code == UsageError.exit_code
    assert message in result.output


def test_extract_reads_a_text_file_and_notes_nothing_for_english(run_cli, tmp_path):
    source = tmp_path / "op-ed.txt"
    source.write_text(MARKDOWN_OP_ED.replace("# ", "").replace("## ", ""), encoding="utf-8")
    result = run_cli("extract", source, "--format", "text")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Tajikistan hosts the Afghan opposition\n\nThe Herat Security Dialogue")


def test_a_long_language_shows_its_sentence_count_and_eta_on_a_terminal_only(capsys):
    from syndicate.cli.progress import SentenceCounter

    now = [100.0]
    counter = SentenceCounter(live=True, clock=lambda: now[0])
    counter("ar", 0, 1000)
    now[0] += 10
    counter("ar", 250, 1000)
    shown = capsys.readouterr().err
    assert "translate ar: 250/1,000 sentences, ETA 30s" in shown
    counter("ar", 1000, 1000)
    assert capsys.readouterr().err.endswith("\r\x1b[K")  # erased when the language is done
    SentenceCounter(live=False)("ar", 10, 1000)
    SentenceCounter(live=True)("ar", 10, 50)  # a short language needs no counter
    assert capsys.readouterr().err == ""


def test_translate_languages_reports_sentences_per_language(installed_models_dir, tmp_path):
    from syndicate.article import Article, Block
    from syndicate.job import translate_languages
    from syndicate.languages import parse_targets
    from syndicate.translate.engine import Engine
    from syndicate.translate.hooks import NoHook

    blocks = tuple(Block("paragraph", f"Sentence number {i} is here. And another one {i}.") for i in range(150))
    article = Article(url=None, title="A long article", blocks=blocks)
    seen = []
    with Engine(installed_models_dir, memory=None) as engine:
        translations, outcomes = translate_languages(article, parse_targets("ar,ru"), engine, NoHook(),
                                                     sentences=lambda tag, done, total: seen.append((tag, done, total)))
    assert [o.ok for o in outcomes] == [True, True]
    for tag in ("ar", "ru"):
        counts = [(done, total) for seen_tag, done, total in seen if seen_tag == tag]
        assert counts[-1] == (301, 301) and len(counts) > 1
        assert all(a[0] < b[0] for a, b in zip(counts, counts[1:]))
