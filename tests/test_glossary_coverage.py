"""`syndicate glossary coverage`: glossary terms an article uses and names that lack an entry."""

import re
from dataclasses import replace

from syndicate.glossary.coverage import article_paragraphs, coverage, coverage_of_article
from syndicate.job import scrape
from syndicate.settings import Settings


def test_seed_op_ed_terms_and_candidates(shipped_glossary, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    report = coverage(article_paragraphs(scrape(str(seed_path), Settings(), allow_non_english=True)), shipped_glossary)
    counts = {use.en: use.count for use in report.terms}
    assert counts["Taliban"] == len(re.findall(r"(?<!anti-)\bTaliban\b", text))
    assert counts["anti-Taliban"] == text.count("anti-Taliban")
    assert counts["Dushanbe"] == text.count("Dushanbe")
    assert counts["Herat Security Dialogue"] == 2
    assert counts["chargé d'affaires"] == 1  # spelt "charge d’affaires" in the op-ed
    assert counts["National Resistance Front"] + counts["National Resistance Front of Afghanistan"] == \
        text.count("National Resistance Front")
    assert report.occurrences == sum(counts.values())
    assert counts["Afghan"] == len(re.findall(r"\bAfghan\b", text))
    assert report.candidates == ()  # every name the seed uses twice has an entry
    # without its entry, "Afghan" is a name seen 2+ times with none
    without = replace(shipped_glossary, entries=tuple(e for e in shipped_glossary.entries if e.en != "Afghan"))
    candidates = {c.text: c.count for c in coverage(article_paragraphs(scrape(str(seed_path), Settings(), allow_non_english=True)), without).candidates}
    assert candidates == {"Afghan": len(re.findall(r"\bAfghan\b", text))}


def test_a_page_served_over_http(http_server, corpus, shipped_glossary):
    url = http_server.route("/khaama", (corpus / "outlets" / "khaama.html").read_bytes())
    article = scrape(url, Settings(timeout=5), allow_non_english=True)
    report = coverage_of_article(article, shipped_glossary)
    assert [use.en for use in report.terms] == ["Afghanistan", "Farah", "Wardak"]
    assert report.candidates == ()
    without = replace(shipped_glossary, entries=tuple(e for e in shipped_glossary.entries if e.en != "Farah"))
    report = coverage_of_article(article, without)
    assert [c.text for c in report.candidates] == ["Farah"]  # a province with no entry


def test_cli_coverage(run_cli, shipped_glossary_path, seed_path):
    result = run_cli("glossary", "coverage", seed_path, "--glossary", shipped_glossary_path)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert re.fullmatch(r"\d+ glossary terms, \d+ occurrences:", lines[0])
    assert "    14  Taliban  (term, approved)" in lines
    assert "     5  Afghan  (term, proposed)" in lines
