"""The desk in a real browser: `syndicate desk` served by waitress in a subprocess, driven with
Selenium through headless Chromium. An editor logs in (a wrong password first), corrects an Arabic
sentence with the desk.js Ctrl+Enter shortcut, approves the ar edition through its confirmation
page (the public ar feed then holds the corrected text), approves a proposed glossary term (the
TSV records the editor) and moves through the sentences with the keyboard; no page breaks the
Content-Security-Policy. Screenshots land in pytest's tmp folder and in /tmp/desk-screenshots/."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import feedparser
from plugin_desk import DESK_SLUG, plain_sentences

SHOTS = Path("/tmp/desk-screenshots")
FIX = "تواجه العائلات الأفغانية خياراً صعباً بين الطعام والتدفئة."
WAIT = 30  # seconds for a page that re-translates (the desk loads its engine on the first correction)


def by():
    from selenium.webdriver.common.by import By

    return By


def wait_for(driver, condition, timeout: float = WAIT):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def page_is(path_pattern: str):
    """A wait condition: the page's path matches ``path_pattern`` and the document has loaded."""
    def condition(driver):
        path = driver.execute_script("return location.pathname")
        return re.fullmatch(path_pattern, path) and driver.execute_script("return document.readyState") == "complete"
    return condition


def flashes(driver) -> list[tuple[str, str]]:
    return [(element.get_attribute("class"), element.find_element(by().CSS_SELECTOR, "span").text
             if element.find_elements(by().CSS_SELECTOR, "span") else element.text)
            for element in driver.find_elements(by().CSS_SELECTOR, "p.flash")]


def save_shot(driver, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    assert driver.save_screenshot(str(shot)), name
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SHOTS / name)
    return shot


def full_page_shot(driver, tmp_path: Path, name: str) -> Path:
    """A screenshot of the whole page, not only the window (Chromium's DevTools capture)."""
    import base64

    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics["cssContentSize"]
    data = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})["data"]
    shot = tmp_path / name
    shot.write_bytes(base64.b64decode(data))
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SHOTS / name)
    return shot


def console_problems(driver) -> tuple[list[str], list[str]]:
    """(CSP violations, other errors) in the browser console since the last call."""
    entries = driver.get_log("browser")
    csp = [e["message"] for e in entries if "Content Security Policy" in e["message"]
           or "Content-Security-Policy" in e["message"]]
    errors = [e["message"] for e in entries if e["level"] == "SEVERE" and e["message"] not in csp]
    return csp, errors


def log_in(driver, name: str, password: str) -> None:
    B = by()
    driver.find_element(B.NAME, "name").clear()
    driver.find_element(B.NAME, "name").send_keys(name)
    driver.find_element(B.NAME, "password").send_keys(password)
    driver.find_element(B.CSS_SELECTOR, "form.login button[type=submit]").click()


def glossary_rows(path: Path) -> dict[str, dict[str, str]]:
    """The TSV's rows by their English form, read as plain tab-separated text."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["en"]: row for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}


def test_an_editor_corrects_approves_and_keeps_the_glossary(desk_server, desk_site, desk_user, desk_browser,
                                                             tmp_path):
    B = by()
    from selenium.webdriver.common.keys import Keys

    driver, (editor, password) = desk_browser, desk_user
    all_csp, all_errors = [], []

    def check_console():
        csp, errors = console_problems(driver)
        all_csp.extend(csp)
        all_errors.extend(errors)

    # 1. the desk sends an anonymous visitor to the login page; a wrong password is refused
    driver.get(desk_server.url + "/")
    wait_for(driver, page_is("/login"))
    assert "next=%2F" in driver.current_url or "next=/" in driver.current_url
    log_in(driver, editor, password + "x")
    wait_for(driver, lambda d: d.find_elements(B.CSS_SELECTOR, "p.flash.warning[role=alert]"))
    assert flashes(driver) == [("flash warning", "Wrong name or password.")]
    assert driver.find_elements(B.CSS_SELECTOR, "form.login") and not driver.find_elements(B.CSS_SELECTOR, "form.logout")
    check_console()  # the 401 itself shows up as a failed resource: not a CSP problem
    log_in(driver, editor, password)
    wait_for(driver, page_is("/"))
    assert driver.find_element(B.CSS_SELECTOR, "header .who").text == editor
    states = [li.text for li in driver.find_elements(B.CSS_SELECTOR, "table.articles ul.editions li")]
    assert [s.split()[:2] for s in states] == [["ar", "draft"], ["ru", "draft"]], states
    check_console()

    # 2. the article: one column per edition, the Arabic cells right-to-left
    driver.find_element(B.CSS_SELECTOR, f"table.articles a[href='/articles/{DESK_SLUG}']").click()
    wait_for(driver, page_is(f"/articles/{DESK_SLUG}"))
    rows = driver.find_elements(B.CSS_SELECTOR, "table.sentences tbody tr.row")
    ar_cells = driver.find_elements(B.CSS_SELECTOR, "table.sentences tbody td.cell[lang='ar']")
    ru_cells = driver.find_elements(B.CSS_SELECTOR, "table.sentences tbody td.cell[lang='ru']")
    assert len(rows) > 10 and len(ar_cells) == len(ru_cells) == len(rows)
    assert {cell.get_attribute("dir") for cell in ar_cells} == {"rtl"}
    assert {cell.get_attribute("dir") for cell in ru_cells} == {"ltr"}
    ar_card = driver.find_element(B.CSS_SELECTOR, "section.editions article.edition[lang='ar']")
    assert ar_card.get_attribute("dir") == "rtl"
    # computed, not only declared: the browser lays the Arabic cells out right to left
    assert driver.execute_script("return getComputedStyle(arguments[0]).direction", ar_cells[1]) == "rtl"
    check_console()

    # 3. correct an Arabic sentence without glossary terms: click it, type, Ctrl+Enter
    number, source, before = plain_sentences(desk_site, "ar")[1]
    cell = driver.find_element(B.CSS_SELECTOR, f"tr#row-{number} td.cell[lang='ar'] a.edit")
    assert cell.text.strip() == before.strip()
    cell.click()
    wait_for(driver, page_is(f"/articles/{DESK_SLUG}/ar/{number}"))
    assert driver.find_element(B.CSS_SELECTOR, "p.source").text == source
    textarea = driver.find_element(B.CSS_SELECTOR, "form.correct textarea[name=text]")
    assert (textarea.get_attribute("dir"), textarea.get_attribute("lang")) == ("rtl", "ar")
    assert driver.switch_to.active_element == textarea  # autofocus
    textarea.clear()
    textarea.send_keys(FIX)
    assert textarea.get_attribute("value") == FIX
    check_console()
    textarea.send_keys(Keys.CONTROL, Keys.ENTER)
    wait_for(driver, page_is(f"/articles/{DESK_SLUG}"))
    assert driver.current_url.endswith(f"#row-{number}")
    assert flashes(driver) == [("flash ok", f"{DESK_SLUG} ar: sentence {number} corrected; "
                                            "the edition is draft (approve it to publish)")]
    corrected = driver.find_element(B.CSS_SELECTOR, f"tr#row-{number} td.cell[lang='ar'] a.edit")
    assert corrected.text.strip() == FIX
    assert "current" in driver.find_element(B.ID, f"row-{number}").get_attribute("class").split()
    assert "1 correction(s)" in driver.find_element(B.CSS_SELECTOR, "article.edition[lang='ar'] .marks").text
    check_console()
    wait_for_scrolling_to_end(driver)
    save_shot(driver, tmp_path, "desk-article-ar-corrected.png")  # as the redirect leaves it
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", driver.find_element(B.ID, f"row-{number}"))
    save_shot(driver, tmp_path, "desk-article-ar-row.png")  # the corrected row in the middle of the window
    driver.execute_script("window.scrollTo(0, 0)")
    save_shot(driver, tmp_path, "desk-article-ar.png")
    full_page_shot(driver, tmp_path, "desk-article-ar-full.png")

    # 4. approve ar through its confirmation page: published, in the public ar feed, corrected
    assert not (desk_site.out / "feeds" / "ar.xml").exists()
    driver.find_element(B.CSS_SELECTOR, "article.edition[lang='ar'] a.button[href$='/ar/approve']").click()
    wait_for(driver, page_is(f"/articles/{DESK_SLUG}/ar/approve"))
    assert driver.find_element(B.TAG_NAME, "h1").text == "Approve the ar edition?"
    assert not driver.find_elements(B.CSS_SELECTOR, "form.confirm .blocking"), "ar is blocked"
    vouched = [li.text for li in driver.find_elements(B.CSS_SELECTOR, "ul.vouching li")]
    assert vouched[0].endswith("sentences checked, 1 corrected") and "flagged untranslated, 0 checked" in vouched[1]
    check_console()
    save_shot(driver, tmp_path, "desk-approve-ar.png")
    # the flagged sentences weren't checked: the browser won't send the form until that is answered
    driver.find_element(B.CSS_SELECTOR, "form.confirm button[type=submit]").click()
    assert driver.execute_script("return location.pathname") == f"/articles/{DESK_SLUG}/ar/approve"
    driver.find_element(B.CSS_SELECTOR, "form.confirm input[name=unchecked]").click()
    driver.find_element(B.CSS_SELECTOR, "form.confirm button[type=submit]").click()
    wait_for(driver, page_is(f"/articles/{DESK_SLUG}"))
    [(category, message)] = flashes(driver)
    assert category == "flash ok" and message.startswith(f"{DESK_SLUG} ar"), message
    heading = driver.find_element(B.CSS_SELECTOR, "article.edition[lang='ar'] h2").text
    assert "published" in heading
    assert f"approved by {editor}" in driver.find_element(B.CSS_SELECTOR, "article.edition[lang='ar'] .marks").text
    assert "draft" in driver.find_element(B.CSS_SELECTOR, "article.edition[lang='ru'] h2").text
    check_console()
    parsed = feedparser.parse((desk_site.out / "feeds" / "ar.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    [item] = parsed.entries
    assert FIX in item.content[0].value
    assert item.link.startswith("https://partner.example/op-eds/") and DESK_SLUG in item.link
    assert not (desk_site.out / "feeds" / "ru.xml").exists() or not feedparser.parse(
        (desk_site.out / "feeds" / "ru.xml").read_bytes()).entries
    assert FIX in (desk_site.out / DESK_SLUG / "ar.html").read_text(encoding="utf-8")

    # 5. the glossary: proposed entries only, approve one; the TSV copy names the editor
    driver.find_element(B.CSS_SELECTOR, "header.bar nav a[href='/glossary']").click()
    wait_for(driver, page_is("/glossary"))
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(B.CSS_SELECTOR, "form.search select[name=status]")).select_by_value("proposed")
    driver.find_element(B.CSS_SELECTOR, "form.search button[type=submit]").click()
    wait_for(driver, lambda d: "status=proposed" in d.current_url)
    proposed = {en for en, row in glossary_rows(desk_site.glossary).items() if row["status"] == "proposed"}
    table_rows = driver.find_elements(B.CSS_SELECTOR, "table.glossary tbody tr")
    shown = {row.find_element(B.CSS_SELECTOR, "td bdi").text for row in table_rows}
    assert shown == proposed and len(proposed) > 3
    assert {row.get_attribute("class").split()[0] for row in table_rows} == {"status-proposed"}
    assert {td.get_attribute("dir") for td in driver.find_elements(B.CSS_SELECTOR, "table.glossary td[lang='ar']")} == {"rtl"}
    check_console()
    save_shot(driver, tmp_path, "desk-glossary.png")
    full_page_shot(driver, tmp_path, "desk-glossary-full.png")
    wanted = next(en for en, row in glossary_rows(desk_site.glossary).items()
                  if row["status"] == "proposed" and row["type"] == "name"
                  and all(row[tag] for tag in ("ar", "fa-AF", "tg", "ru")))
    row = next(r for r in table_rows if r.find_element(B.CSS_SELECTOR, "td bdi").text == wanted)
    assert glossary_rows(desk_site.glossary)[wanted]["approved_by"] == ""
    row.find_element(B.CSS_SELECTOR, "td.row-actions a[href^='/glossary/approve?']").click()
    wait_for(driver, page_is("/glossary/approve"))  # asks first
    assert driver.find_element(B.TAG_NAME, "h1").text == f"Approve {wanted}?"
    assert glossary_rows(desk_site.glossary)[wanted]["status"] == "proposed"
    driver.find_element(B.CSS_SELECTOR, "form.confirm button[type=submit]").click()
    wait_for(driver, lambda d: d.find_elements(B.CSS_SELECTOR, "p.flash"))
    [(category, message)] = flashes(driver)
    assert category == "flash ok" and message.startswith(f"approved {wanted!r}"), message
    written = glossary_rows(desk_site.glossary)[wanted]
    assert (written["status"], written["approved_by"]) == ("approved", editor)
    assert written["approved_at"] and written["changed_by"] == editor
    check_console()

    assert all_csp == [], all_csp
    assert [m for m in all_errors if not expected_console_error(m)] == [], all_errors


def expected_console_error(message: str) -> bool:
    """The console errors the walk causes on purpose (the refused login answers 401) and the
    desk's missing favicon (a 404 for /favicon.ico, reported: base.html links no icon)."""
    return bool(re.search(r"/login - Failed to load resource: .* 401 \(UNAUTHORIZED\)", message)
                or re.search(r"/favicon\.ico - Failed to load resource: .* 404 \(NOT FOUND\)", message))


def test_keys_move_through_the_sentences(desk_server, desk_user, desk_browser):
    B = by()
    from selenium.webdriver.common.action_chains import ActionChains

    driver, (editor, password) = desk_browser, desk_user
    driver.get(f"{desk_server.url}/articles/{DESK_SLUG}")
    wait_for(driver, page_is("/login"))
    log_in(driver, editor, password)
    wait_for(driver, page_is(f"/articles/{DESK_SLUG}"))  # back where the login was asked for
    assert driver.find_elements(B.CSS_SELECTOR, "table.sentences tr.current") == []
    ActionChains(driver).send_keys("j").send_keys("j").perform()
    rows = driver.find_elements(B.CSS_SELECTOR, "table.sentences tbody tr.row")
    current = driver.find_elements(B.CSS_SELECTOR, "table.sentences tr.current")
    assert current == [rows[1]] and "current" in rows[1].get_attribute("class").split()
    assert driver.execute_script("return location.hash") == "#" + rows[1].get_attribute("id")
    ActionChains(driver).send_keys("k").perform()
    assert driver.find_elements(B.CSS_SELECTOR, "table.sentences tr.current") == [rows[0]]
    # 2 chooses the second language column (ru), Enter opens the current sentence in it
    ActionChains(driver).send_keys("j").send_keys("2").send_keys("\ue007").perform()
    wait_for(driver, page_is(f"/articles/{DESK_SLUG}/ru/2"))
    assert driver.find_element(B.CSS_SELECTOR, "form.correct textarea").get_attribute("lang") == "ru"
    # log out (a POST with the session's CSRF token): the desk is closed again
    driver.find_element(B.CSS_SELECTOR, "form.logout button[type=submit]").click()
    wait_for(driver, page_is("/login"))
    driver.get(f"{desk_server.url}/articles/{DESK_SLUG}")
    wait_for(driver, page_is("/login"))
    csp, errors = console_problems(driver)
    assert csp == [] and [m for m in errors if not expected_console_error(m)] == [], (csp, errors)


def logged_in_at(driver, server, user, path: str) -> None:
    driver.get(server.url + path)
    wait_for(driver, page_is("/login"))
    log_in(driver, *user)
    wait_for(driver, page_is(path.split("?")[0]))


# -- desk bugs this module found, fixed: each test keeps them fixed --

def test_enter_on_a_focused_link_follows_the_link(desk_server, desk_user, desk_browser):
    """With a row current (as after every correction: the redirect's #row-N selects it), a keyboard
    user who tabs to "Approve…" and presses Enter should get the approval page. desk.js's keydown
    handler used to treat every Enter outside a form field as "correct the current sentence": it called
    preventDefault and opened the sentence editor instead (the same for the Log out button and
    the History <summary>)."""
    B = by()
    from selenium.webdriver.common.keys import Keys

    driver = desk_browser
    logged_in_at(driver, desk_server, desk_user, "/")
    driver.get(f"{desk_server.url}/articles/{DESK_SLUG}#row-3")  # where a correction of sentence 3 lands
    wait_for(driver, page_is(f"/articles/{DESK_SLUG}"))
    assert driver.find_elements(B.CSS_SELECTOR, "tr#row-3.current")
    link = driver.find_element(B.CSS_SELECTOR, "article.edition[lang='ru'] a.button[href$='/ru/approve']")
    driver.execute_script("arguments[0].focus()", link)
    assert driver.switch_to.active_element == link
    link.send_keys(Keys.ENTER)
    wait_for(driver, lambda d: d.execute_script("return location.pathname") != f"/articles/{DESK_SLUG}")
    assert driver.execute_script("return location.pathname") == f"/articles/{DESK_SLUG}/ru/approve"


def test_approving_a_term_keeps_the_glossary_filter(desk_server, desk_site, desk_user, desk_browser):
    """An editor going through the proposed entries approves one and lands on the proposed entries
    again (the desk used to show every entry)."""
    B = by()
    driver = desk_browser
    logged_in_at(driver, desk_server, desk_user, "/glossary?status=proposed")
    before = len(driver.find_elements(B.CSS_SELECTOR, "table.glossary tbody tr"))
    assert before > 1
    driver.find_element(B.CSS_SELECTOR, "table.glossary tbody tr td.row-actions a[href^='/glossary/approve?']").click()
    wait_for(driver, page_is("/glossary/approve"))
    driver.find_element(B.CSS_SELECTOR, "form.confirm button[type=submit]").click()
    wait_for(driver, lambda d: d.find_elements(B.CSS_SELECTOR, "p.flash"))
    assert flashes(driver)[0][0] == "flash ok"
    status = driver.find_element(B.CSS_SELECTOR, "form.search select[name=status]").get_attribute("value")
    rows = driver.find_elements(B.CSS_SELECTOR, "table.glossary tbody tr")
    # the approved entry stays in view under the filter, marked, with its Undo
    [kept] = driver.find_elements(B.CSS_SELECTOR, "table.glossary tbody tr.kept")
    assert (status, len(rows)) == ("proposed", before) and "status-approved" in kept.get_attribute("class")
    assert flash_in_sight(driver)
    kept.find_element(B.CSS_SELECTOR, "td.row-actions form button[type=submit]").click()
    wait_for(driver, lambda d: d.find_elements(B.CSS_SELECTOR, "p.flash") and "undone" in flashes(d)[0][1])
    [kept] = driver.find_elements(B.CSS_SELECTOR, "table.glossary tbody tr.kept")
    assert "status-proposed" in kept.get_attribute("class")
    assert len(driver.find_elements(B.CSS_SELECTOR, "table.glossary tbody tr")) == before


def flash_in_sight(driver) -> bool:
    """Whether every message after a save is inside the window as it is scrolled now."""
    return driver.execute_script("""
      var flashes = document.querySelectorAll('p.flash');
      return flashes.length > 0 && Array.prototype.every.call(flashes, function (f) {
        var r = f.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth; });""")


def test_the_edition_buttons_stand_apart(desk_server, desk_user, desk_browser):
    B = by()
    driver = desk_browser
    logged_in_at(driver, desk_server, desk_user, f"/articles/{DESK_SLUG}")
    card = driver.find_element(B.CSS_SELECTOR, "article.edition[lang='ru']")
    approve = card.find_element(B.CSS_SELECTOR, "a.button[href$='/approve']").rect
    withdraw = card.find_element(B.CSS_SELECTOR, "a.button[href$='/withdraw']").rect
    assert withdraw["x"] - (approve["x"] + approve["width"]) >= 4  # at least a few pixels between them


def test_the_corrected_row_is_in_sight_after_the_redirect(desk_server, desk_user, desk_browser):
    """After a correction the desk redirects to the article at #row-N; the browser's own scroll to
    the fragment puts the row at the top, and the sticky <thead> must not cover it (desk.css gives
    the rows a scroll margin)."""
    B = by()
    driver = desk_browser
    logged_in_at(driver, desk_server, desk_user, "/")
    driver.get(f"{desk_server.url}/articles/{DESK_SLUG}#row-15")  # where a correction of sentence 15 lands
    wait_for(driver, page_is(f"/articles/{DESK_SLUG}"))
    assert driver.find_elements(B.CSS_SELECTOR, "tr#row-15.current")
    wait_for_scrolling_to_end(driver)
    row_top, header_bottom = driver.execute_script("""
      return [document.getElementById('row-15').getBoundingClientRect().top,
              document.querySelector('table.sentences thead th').getBoundingClientRect().bottom];""")
    assert row_top >= header_bottom, f"row 15 starts at {row_top} px, under the sticky header (to {header_bottom} px)"


def wait_for_scrolling_to_end(driver) -> None:
    """Until window.scrollY stays put for 300 ms (the browser's fragment scroll runs after load)."""
    import time

    last, stable_since = None, time.monotonic()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        now = driver.execute_script("return window.scrollY")
        if now != last:
            last, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= 0.3:
            return
        time.sleep(0.05)


# -- several editors, checking, help, a phone (issue 21) --

OTHER_EDITOR, OTHER_PASSWORD = "Oleg Petrov", "another long passphrase"


def other_editor(desk_site) -> tuple[str, str]:
    from syndicate.desk.users import UserStore

    with UserStore(desk_site.workspace().root / "desk.sqlite3") as store:
        if store.verify(OTHER_EDITOR, OTHER_PASSWORD) is None:
            store.add(OTHER_EDITOR, OTHER_PASSWORD)
    return OTHER_EDITOR, OTHER_PASSWORD


def type_and_save(driver, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    textarea = driver.find_element(by().CSS_SELECTOR, "form.correct textarea[name=text]")
    textarea.clear()
    textarea.send_keys(text)
    textarea.send_keys(Keys.CONTROL, Keys.ENTER)


def test_two_editors_correct_one_edition_at_once(desk_server, desk_site, desk_user, desk_browser, second_browser,
                                                 tmp_path):
    """Alice and Bob, each in their own browser, correct the ru edition: different sentences both
    save; the same sentence gives the second a 409 page that keeps her text beside his."""
    B = by()
    alice, bob = desk_browser, second_browser
    sentences = plain_sentences(desk_site, "ru")
    (first, _, _), (second, _, _), (third, _, _) = sentences[2], sentences[3], sentences[4]
    logged_in_at(alice, desk_server, desk_user, f"/articles/{DESK_SLUG}/ru/{first}")
    logged_in_at(bob, desk_server, other_editor(desk_site), f"/articles/{DESK_SLUG}/ru/{second}")
    type_and_save(alice, "Исправление Алисы.")
    wait_for(alice, page_is(f"/articles/{DESK_SLUG}"))
    type_and_save(bob, "Исправление Боба.")  # his form was opened before Alice saved
    wait_for(bob, page_is(f"/articles/{DESK_SLUG}"))
    assert flashes(bob)[0] == ("flash ok", f"{DESK_SLUG} ru: sentence {second} corrected; "
                                           "the edition is draft (approve it to publish)")
    cells = {number: bob.find_element(B.CSS_SELECTOR, f"tr#row-{number} td.cell[lang='ru'] a.edit").text
             for number in (first, second)}
    assert cells == {first: "Исправление Алисы.", second: "Исправление Боба."}
    # the same sentence: the second save is a conflict, her text kept beside his
    alice.get(f"{desk_server.url}/articles/{DESK_SLUG}/ru/{third}")
    bob.get(f"{desk_server.url}/articles/{DESK_SLUG}/ru/{third}")
    wait_for(alice, page_is(f"/articles/{DESK_SLUG}/ru/{third}"))
    wait_for(bob, page_is(f"/articles/{DESK_SLUG}/ru/{third}"))
    type_and_save(bob, "Версия Боба.")
    wait_for(bob, page_is(f"/articles/{DESK_SLUG}"))
    type_and_save(alice, "Версия Алисы.")
    wait_for(alice, lambda d: d.find_elements(B.CSS_SELECTOR, ".other-version"))
    assert alice.find_element(B.CSS_SELECTOR, ".other-version").text == "Версия Боба."
    assert alice.find_element(B.CSS_SELECTOR, "form.correct textarea").get_attribute("value") == "Версия Алисы."
    save_shot(alice, tmp_path, "desk-conflict.png")
    # she keeps hers: the form now knows his version, the save goes through
    type_and_save(alice, "Версия Алисы.")
    wait_for(alice, page_is(f"/articles/{DESK_SLUG}"))
    assert alice.find_element(B.CSS_SELECTOR, f"tr#row-{third} td.cell[lang='ru'] a.edit").text == "Версия Алисы."
    for driver in (alice, bob):
        csp, errors = console_problems(driver)
        assert csp == [] and [m for m in errors if not expected_console_error(m)
                              and "409 (CONFLICT)" not in m] == [], (csp, errors)


def test_c_checks_the_current_sentence_and_alt_1_inserts_a_glossary_form(desk_server, desk_site, desk_user,
                                                                         desk_browser, tmp_path):
    B = by()
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver = desk_browser
    logged_in_at(driver, desk_server, desk_user, f"/articles/{DESK_SLUG}")
    count = driver.find_element(B.CSS_SELECTOR, "article.edition[lang='ru'] .progress .count").text
    done, total = int(count.split()[0]), int(count.split()[2])
    ActionChains(driver).send_keys("j").send_keys("2").send_keys("c").perform()  # row 1, the ru column, check it
    wait_for(driver, lambda d: d.execute_script("return location.hash") == "#row-2" and d.find_elements(
        B.CSS_SELECTOR, "p.flash"))
    assert flashes(driver)[0][1].endswith(f"1 checked by {desk_user[0]}; {done + 1} of {total} checked")
    assert flash_in_sight(driver)
    assert "current" in driver.find_element(B.ID, "row-2").get_attribute("class").split()  # on to the next one
    assert driver.find_elements(B.CSS_SELECTOR, "tr#row-1 td.cell[lang='ru'] button.checked")
    wait_for_scrolling_to_end(driver)
    save_shot(driver, tmp_path, "desk-checked.png")
    # the sentence page: the glossary's ru form of a term of the sentence goes in at the cursor
    number = next(n for n, source, _ in every_sentence(desk_site, "ru") if "Taliban promised stability" in source)
    driver.get(f"{desk_server.url}/articles/{DESK_SLUG}/ru/{number}")
    wait_for(driver, page_is(f"/articles/{DESK_SLUG}/ru/{number}"))
    form = glossary_rows(desk_site.glossary)["Taliban"]["ru"]
    button = driver.find_element(B.CSS_SELECTOR, "ul.terms button.insert[data-key='1']")
    assert button.get_attribute("data-insert") == form
    textarea = driver.find_element(B.CSS_SELECTOR, "form.correct textarea")
    textarea.clear()
    textarea.send_keys("Сказали ")
    ActionChains(driver).key_down(Keys.ALT).send_keys("1").key_up(Keys.ALT).perform()
    assert textarea.get_attribute("value") == f"Сказали {form}"
    save_shot(driver, tmp_path, "desk-sentence-help.png")
    csp, errors = console_problems(driver)
    assert csp == [] and [m for m in errors if not expected_console_error(m)] == [], (csp, errors)


def every_sentence(site, language: str) -> list[tuple[int, str, str]]:
    """(number, source, target) of every sentence of an edition."""
    from syndicate.editions.store import EditionStore

    with EditionStore(site.workspace().editions) as store:
        working = store.edition(DESK_SLUG, language).working
    return [(index + 1, pair.source, pair.target) for index, pair in enumerate(working.sentences)]


PHONE_WIDTH = 390


def test_no_page_is_wider_than_a_phone(desk_server, desk_site, desk_user, phone_browser, tmp_path):
    """At 390 px every desk page fits: no sideways scrolling (scrollWidth), the header keeps the
    editor's name and Log out in view, the tables are stacked rows."""
    B = by()
    driver = phone_browser
    driver.get(desk_server.url + "/login")
    wait_for(driver, page_is("/login"))
    widths = {"/login": driver.execute_script("return document.documentElement.scrollWidth")}
    save_shot(driver, tmp_path, "phone-login.png")
    log_in(driver, *desk_user)
    wait_for(driver, page_is("/"))
    number = plain_sentences(desk_site, "ar")[0][0]
    pages = ["/", "/?filter=review", f"/articles/{DESK_SLUG}", f"/articles/{DESK_SLUG}/ar/{number}",
             f"/articles/{DESK_SLUG}/ru/approve", f"/articles/{DESK_SLUG}/ru/withdraw", "/glossary",
             "/glossary?status=proposed", f"/glossary/entry?file={desk_site.glossary}&en=Afghanistan",
             f"/glossary/approve?file={desk_site.glossary}&en=Ansarullah", "/glossary/candidates",
             "/search?q=taliban", "/nowhere"]
    for path in pages:
        driver.get(desk_server.url + path)
        wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete")
        assert driver.execute_script("return window.innerWidth") == PHONE_WIDTH
        widths[path] = driver.execute_script("return Math.max(document.documentElement.scrollWidth, "
                                             "document.body.scrollWidth)")
        name = "phone-" + (path.strip("/").split("?")[0].replace("/", "-") or "articles") + ".png"
        save_shot(driver, tmp_path, name)  # the first screen; whole pages run to 240,000 px (the glossary)
        logout = driver.find_element(B.CSS_SELECTOR, "header.bar .logout button").rect
        who = driver.find_element(B.CSS_SELECTOR, "header.bar .who").rect
        assert logout["x"] + logout["width"] <= PHONE_WIDTH and who["x"] >= 0, path
    assert {path: width for path, width in widths.items() if width > PHONE_WIDTH} == {}, widths
    # the sentences stack: one cell under the other, each labelled with its language
    driver.get(f"{desk_server.url}/articles/{DESK_SLUG}")
    wait_for(driver, page_is(f"/articles/{DESK_SLUG}"))
    english, arabic = driver.find_elements(B.CSS_SELECTOR, "tr#row-2 > td")[:2]
    assert arabic.rect["y"] >= english.rect["y"] + english.rect["height"] - 1
    assert driver.execute_script("return getComputedStyle(arguments[0], '::before').content", arabic) == \
        '"Arabic (ar)"'
