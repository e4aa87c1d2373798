"""The desk as a post-editor's workbench (issue 21), through Flask's test client on the module's
folder (plugin_desk_client): sentences marked checked and the progress they make, what an approval
vouches for (and the second question when flagged sentences weren't checked), the history's word
diff with who and when, help while correcting (glossary terms, earlier corrections), search across
every article and language, entries proposed from repeated corrections, and `syndicate check`.

The fixture models copy their English input, so every sentence of every edition is flagged
untranslated: a real "flagged" case on every row.
"""

from __future__ import annotations

from click.testing import CliRunner
from plugin_desk_client import (EDITOR, FIX, HOSTILE_FIX, LANGUAGES, OTHER, OTHER_PASSWORD, SLUG, Desk,
                                assert_no_active_markup, body_sentences, form_data, parse)

from syndicate.editions.progress import checked_numbers, sentence_digest, vouching
from syndicate.editions.store import EditionStore
from syndicate.translate.checks import count_flags, flags_of

COMMUNITY = "المجتمع الدولي"


def check_forms(page, language: str) -> dict[int, dict]:
    """The Mark checked forms of one language's column, by sentence number."""
    forms = {}
    for form in parse(page).xpath(f"//td[@lang='{language}']//form[@class='check']"):
        fields = {field.get("name"): field.get("value") for field in form.xpath(".//input")}
        forms[int(fields["number"])] = {**fields, "action": form.get("action")}
    return forms


def progress_of(page, language: str) -> str:
    return parse(page).xpath(f"//article[@lang='{language}']//p[@class='progress']/span[@class='count']/text()")[0]


def correct(desk: Desk, language: str, number: int, text: str, note: str = "wording") -> None:
    desk.post(f"/articles/{SLUG}/{language}/{number}", {**desk.correction_form(language, number), "text": text,
                                                        "note": note})


def sentence_with(desk: Desk, language: str, words: str) -> int:
    """The number of the first sentence whose source holds ``words``."""
    return next(index + 1 for index, pair in enumerate(desk.working(language).sentences) if words in pair.source)


# -- checked marks -------------------------------------------------------------------------------

def test_marking_a_sentence_checked_counts_and_changes_no_text(editor):
    page = editor.get(f"/articles/{SLUG}")
    total = len(editor.working("ar").sentences)
    assert progress_of(page, "ar") == f"0 of {total} checked"
    number = body_sentences(editor, "ar")[0]
    form = check_forms(page, "ar")[number]
    assert form["seen"] == sentence_digest(editor.working("ar").sentences[number - 1].target)
    before, version = editor.snapshot(), editor.version("ar")
    response = editor.post(form.pop("action"), form)
    assert response.headers["Location"] == f"/articles/{SLUG}#row-{number + 1}"  # on to the next sentence
    page = editor.get(f"/articles/{SLUG}")
    assert progress_of(page, "ar") == f"1 of {total} checked"
    assert f"{SLUG} ar: sentence {number} checked by {EDITOR}; 1 of {total} checked" in page.text
    [cell] = parse(page).xpath(f"//tr[@id='row-{number}']/td[@lang='ar']")
    assert cell.xpath(".//button[@class='checked']/text()") == ["✓ checked"]
    # a mark is no change of text: same version, same public and private files, nothing to render
    after = editor.snapshot()
    assert editor.version("ar") == version and after["files"] == before["files"]
    assert [e[2] for e in after["events"] if e not in before["events"]] == ["checked"]
    assert progress_of(page, "ru") == f"0 of {len(editor.working('ru').sentences)} checked"
    # undo
    undo = check_forms(page, "ar")[number]
    assert undo["undo"] == "yes"
    editor.post(undo.pop("action"), undo)
    assert progress_of(editor.get(f"/articles/{SLUG}"), "ar") == f"0 of {total} checked"


def test_a_mark_on_text_that_changed_meanwhile_is_refused(editor):
    number = body_sentences(editor, "ar")[0]
    form = check_forms(editor.get(f"/articles/{SLUG}"), "ar")[number]
    other = editor.app.test_client()
    editor.login(OTHER, OTHER_PASSWORD, client=other)
    page = other.get(f"/articles/{SLUG}/ar/{number}")
    fields = form_data_of(page)
    assert other.post(f"/articles/{SLUG}/ar/{number}", data={**fields, "text": FIX}).status_code == 302
    before = editor.snapshot()
    response = editor.post(form.pop("action"), form, status=409)
    assert "changed by someone else" in response.text
    assert editor.snapshot() == before
    # the correction itself counts as checked, by the one who wrote it
    page = editor.get(f"/articles/{SLUG}")
    assert progress_of(page, "ar").startswith("1 of ")
    assert parse(page).xpath(f"//tr[@id='row-{number}']/td[@lang='ar']//span[@class='by']/text()")[0].startswith(
        f"corrected by {OTHER}, ")


def form_data_of(response) -> dict:
    return form_data(response, "form.correct")


def test_a_mark_holds_only_for_the_text_it_was_given_to(editor):
    with EditionStore(editor.workspace.editions) as store:
        edition = store.edition(SLUG, "ar")
    number = body_sentences(editor, "ar")[0]
    form = check_forms(editor.get(f"/articles/{SLUG}"), "ar")[number]
    editor.post(form.pop("action"), form)
    events = editor.events(SLUG, "ar")
    numbers = list(range(1, len(edition.working.sentences) + 1))
    assert checked_numbers(edition, numbers, events) == {number}
    from dataclasses import replace

    sentences = list(edition.working.sentences)
    sentences[number - 1] = replace(sentences[number - 1], target="نص آخر تماماً")  # a later run's new text
    changed = replace(edition, working=replace(edition.working, sentences=tuple(sentences)))
    assert checked_numbers(changed, numbers, events) == frozenset()
    assert vouching(changed, numbers, events).flags["untranslated"] == (len(sentences) - 1, 0)


def test_bad_check_requests_are_refused(editor):
    url = f"/articles/{SLUG}/ar/check"
    before = editor.snapshot()
    editor.post(url, {"csrf": editor.csrf()}, status=400)  # no number
    editor.post(url, {"csrf": editor.csrf(), "number": "x"}, status=400)
    editor.post(url, {"csrf": editor.csrf(), "number": "9999", "seen": "0"}, status=404)
    editor.post(f"/articles/{SLUG}/xx/check", {"csrf": editor.csrf(), "number": "2", "seen": "0"}, status=404)
    editor.post(url, {"csrf": editor.csrf(), "number": "2"}, status=409)  # marks what nobody saw: no digest
    assert editor.snapshot() == before


# -- what approving vouches for ------------------------------------------------------------------

def test_the_approve_page_says_what_is_vouched_for_and_asks_once_more_for_unchecked_flags(editor):
    working = editor.working("ar")
    total = len(working.sentences)
    number = body_sentences(editor, "ar")[0]
    correct(editor, "ar", number, FIX)
    confirm = editor.get(f"/articles/{SLUG}/ar/approve")
    lines = [" ".join(li.text_content().split()) for li in parse(confirm).xpath("//ul[@class='vouching']/li")]
    flags = count_flags(editor.working("ar").sentences)
    assert flags["untranslated"] and not flags_of(editor.working("ar").sentences[number - 1])  # corrected: not flagged
    assert lines == [f"1 of {total} sentences checked, 1 corrected",
                     *(f"{count} flagged {name}, 0 checked" for name, count in flags.items())]
    assert len(parse(confirm).xpath("//input[@name='unchecked'][@required]")) == 1
    # approving without the second answer: asked again, nothing published
    before = editor.snapshot()
    data = {"csrf": editor.csrf(), "version": editor.version("ar")}
    asked = editor.post(f"/articles/{SLUG}/ar/approve", data, status=409)
    assert "Approve anyway?" in asked.text and parse(asked).xpath("//div[@role='alert']")
    assert editor.snapshot() == before
    # every flagged sentence checked: no second question
    forms = check_forms(editor.get(f"/articles/{SLUG}"), "ar")
    unchecked = [form for form in forms.values() if "undo" not in form]
    editor.post(f"/articles/{SLUG}/ar/check", {"csrf": editor.csrf(), "number": [f["number"] for f in unchecked],
                                               "seen": [f["seen"] for f in unchecked]})
    confirm = editor.get(f"/articles/{SLUG}/ar/approve")
    assert parse(confirm).xpath("//input[@name='unchecked']") == []
    assert [" ".join(li.text_content().split()) for li in parse(confirm).xpath("//ul[@class='vouching']/li")] == [
        f"{total} of {total} sentences checked, 1 corrected",
        *(f"{count} flagged {name}, {count} checked" for name, count in flags.items())]
    response = editor.post(f"/articles/{SLUG}/ar/approve", data)
    assert editor.summaries()["ar"].state == "published"
    message = parse(editor.get(response.headers["Location"])).xpath("//p[contains(@class, 'flash')]/span/text()")[0]
    assert message.startswith(f"{SLUG} ar: approved by {EDITOR}, published ({total} of {total} sentences checked, "
                              "1 corrected; ")


# -- history -------------------------------------------------------------------------------------

def test_the_history_shows_each_correction_as_a_word_diff_with_who_and_when(editor):
    number = body_sentences(editor, "ar")[0]
    before = editor.working("ar").sentences[number - 1].target
    after = before.replace(before.split()[1], "تحسين", 1)
    correct(editor, "ar", number, after, note="a better word")
    root = parse(editor.get(f"/articles/{SLUG}"))
    [item] = [li for li in root.xpath("//article[@lang='ar']//details[@class='history']//li")
              if "corrected" in li.text_content()]
    assert item.xpath(".//del/text()") == [before.split()[1] + " "]
    assert item.xpath(".//ins/text()") == ["تحسين "]
    assert item.xpath(".//div[@class='diff']/@dir") == ["rtl"]
    text = " ".join(item.text_content().split())
    assert f"corrected sentence {number} by {EDITOR}: a better word" in text
    assert item.xpath(".//time/text()")[0].endswith(" UTC")
    # hostile text in a correction is text in the diff too
    correct(editor, "ar", number, HOSTILE_FIX, note="x")
    page = editor.get(f"/articles/{SLUG}")
    assert_no_active_markup(page)
    assert "<script>alert(8)</script>" in parse(page).xpath("//div[@class='diff']//ins")[-1].text_content()


# -- help while correcting -----------------------------------------------------------------------

def test_the_sentence_page_offers_the_glossary_terms_and_earlier_corrections(editor):
    first = sentence_with(editor, "ar", "It is not only the internal security situation that is a concern.")
    second = sentence_with(editor, "ar", "But it is not just the security situation that is a concern for Afghans.")
    source = editor.working("ar").sentences[first - 1].target
    correct(editor, "ar", first, source.replace("internal security", "الأمن الداخلي"))
    page = parse(editor.get(f"/articles/{SLUG}/ar/{second}"))
    [match] = page.xpath("//ul[@class='matches']/li")
    assert 60 <= int(match.xpath("./span[@class='score']/text()")[0].rstrip("%")) < 100
    assert match.xpath("./q/text()") == ["It is not only the internal security situation that is a concern."]
    button = match.xpath(".//button[@class='insert']")[0]
    assert button.get("data-mode") == "replace" and "الأمن الداخلي" in button.get("data-insert")
    assert button.get("data-key") == "1" and f"by {EDITOR}" in match.text_content()
    # a sentence naming glossary terms: their forms in the column's language, insertable at the cursor
    taliban = sentence_with(editor, "ar", "Taliban promised stability")
    page = parse(editor.get(f"/articles/{SLUG}/ar/{taliban}"))
    terms = {li.xpath("./bdi/text()")[0]: li for li in page.xpath("//ul[@class='terms']/li")}
    assert "Taliban" in terms
    inserts = terms["Taliban"].xpath(".//button[@class='insert']")
    assert inserts[0].get("data-mode") == "cursor" and inserts[0].get("data-insert") == "طالبان"
    assert page.xpath("//ul[@class='matches']") == []  # nothing like it was corrected


# -- search --------------------------------------------------------------------------------------

def hits(desk: Desk, query: str, language: str = "") -> list[tuple[str, str, int, str]]:
    page = parse(desk.get(f"/search?q={query}&language={language}"))
    found = []
    for item in page.xpath("//ol[@class='hits']/li"):
        link = item.xpath("./a/@href")[0]
        found.append((link.split("/")[2].split("#")[0], item.xpath("./span[@class='tag']/text()")[0],
                      int(link.split("#row-")[1]), " ".join(item.xpath("./p/mark/text()"))))
    return found


def test_search_finds_words_in_every_language_whatever_the_letter_variant(editor):
    number = body_sentences(editor, "ar")[0]
    correct(editor, "ar", number, FIX)  # تواجه العائلات الأفغانية خياراً صعباً بين الطعام والتدفئة.
    assert hits(editor, "بین الطعام") == [(SLUG, "ar", number, "بين الطعام")]  # Persian ی finds Arabic ي
    assert hits(editor, "عائلات") == [(SLUG, "ar", number, "عائلات")]  # inside the clitic-prefixed العائلات
    assert hits(editor, "صعبا") == [(SLUG, "ar", number, "صعباً")]  # tanwin aside
    found = hits(editor, "COMING winter")
    assert [tag for _, tag, _, _ in found] == ["en", *LANGUAGES]  # the source and each (copied) translation
    assert {marks for _, _, _, marks in found} == {"coming winter"}
    assert hits(editor, "coming winter", "ru") == [hit for hit in found if hit[1] == "ru"]
    assert hits(editor, "no such words anywhere") == []


def test_hostile_searches_are_text(editor):
    for query in ('"', "*", "NEAR(a b)", "a OR b", "'; DROP TABLE sentences; --", "x" * 5000, "\u202e\u0000"):
        response = editor.client.get("/search", query_string={"q": query})
        assert response.status_code == 200, query
        assert_no_active_markup(response)
    page = editor.get("/search?q=alert")
    assert_no_active_markup(page)
    assert any("<script>alert(3)</script>" in p.text_content() for p in parse(page).xpath("//ol[@class='hits']//p"))
    assert "three letters" in editor.get("/search?q=ab").text
    editor.get("/search?q=kabul&language=xx", status=404)


def test_a_database_from_before_the_search_index_is_indexed_when_opened(editor):
    import sqlite3

    connection = sqlite3.connect(editor.workspace.editions)
    connection.executescript("DROP TABLE sentence_search; DROP TABLE sentences; PRAGMA user_version = 4;")
    connection.close()
    assert [hit[1] for hit in hits(editor, "coming winter")] == ["en", *LANGUAGES]


# -- learning from corrections -------------------------------------------------------------------

def test_repeated_corrections_propose_a_glossary_entry_added_in_one_click(editor):
    page = parse(editor.get("/glossary/candidates"))
    assert page.xpath("//section[contains(@class, 'proposal')]") == []
    for words in ("the international community were naively hoping",
                  "most members of the international community are too ashamed"):
        number = sentence_with(editor, "ar", words)
        correct(editor, "ar", number, editor.working("ar").sentences[number - 1].target.replace(
            "international community", COMMUNITY))
    page = editor.get("/glossary/candidates")
    [proposal] = parse(page).xpath("//section[contains(@class, 'proposal')]")
    assert proposal.xpath("./h3/bdi/text()") == ["international community", COMMUNITY]
    assert len(proposal.xpath(".//ul[@class='examples']/li")) == 2
    assert proposal.xpath(".//mark/text()") == ["international community"] * 2  # the term in its context
    assert [ins.text.strip() for ins in proposal.xpath(".//ins")] == [COMMUNITY] * 2
    form = form_data(page, "section.proposal form.add")
    assert (form["en"], form["ar"], form["type"]) == ("international community", COMMUNITY, "term")
    assert form["note"].startswith("proposed from 2 corrections")
    editor.post("/glossary/add", form)
    entry = next(e for e in read_glossary(editor) if e.en == "international community")
    assert (entry.status, entry.target("ar"), entry.changed_by) == ("proposed", COMMUNITY, EDITOR)
    assert entry.note.startswith("proposed from 2 corrections")
    # covered now: no longer proposed
    assert parse(editor.get("/glossary/candidates")).xpath("//section[contains(@class, 'proposal')]") == []


def read_glossary(desk: Desk):
    from syndicate.glossary.tsv import read_entries

    return read_entries(desk.glossary)


# -- the command line ----------------------------------------------------------------------------

def test_syndicate_check_marks_and_unmarks_sentences(desk, monkeypatch):
    from syndicate.cli import cli

    monkeypatch.setenv("SYNDICATE_WORKSPACE", str(desk.workspace.root))
    total = len(desk.working("ru").sentences)
    runner = CliRunner()
    out = ["--out", str(desk.out)]
    result = runner.invoke(cli, ["check", SLUG, "ru", "2", "3", "--editor", "R. K.", *out])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{SLUG} ru: sentences 2, 3 checked by R. K.; 2 of {total} checked"
    result = runner.invoke(cli, ["check", SLUG, "russian", "3", "--undo", "--editor", "R. K.", *out])
    assert result.exit_code == 0 and result.output.strip().endswith(f"1 of {total} checked"), result.output
    result = runner.invoke(cli, ["check", SLUG, "ru", str(total + 5), "--editor", "R. K.", *out])
    assert result.exit_code == 2 and f"has no sentence {total + 5}" in result.output
    result = runner.invoke(cli, ["check", SLUG, "ru", "0", "--editor", "R. K.", *out])
    assert result.exit_code == 2
