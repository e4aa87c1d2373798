"""The review page in headless Chromium: a real screenshot with the highlight colours painted,
and the DOM Chromium built keeps the table, the marks and the counts (skipped without chromium)."""

from __future__ import annotations

import lxml.html
import numpy as np
import pytest
from plugin_review import decode_png, run_chromium, write_record_copy, write_review

WINDOW = (1400, 1800)
# Backgrounds from templates/review.html: they only show up in pixels if the CSS applied.
HIT_GREEN, MISS_RED, SOURCE_BLUE = (0xDA, 0xFB, 0xE1), (0xFF, 0xEB, 0xE9), (0xDD, 0xF4, 0xFF)


@pytest.fixture(scope="module")
def browser_page(review_export, tmp_path_factory):
    folder = write_record_copy(review_export, tmp_path_factory.mktemp("review_browser"), "browser")
    (page,) = write_review(folder)
    return page


def pixels_of(image: np.ndarray, colour: tuple[int, int, int]) -> int:
    return int(np.all(image[:, :, :3] == colour, axis=2).sum())


def test_the_screenshot_is_a_real_page_with_highlights(chromium, browser_page, tmp_path):
    shot = tmp_path / "review.png"
    completed = run_chromium(chromium, browser_page, tmp_path / "profile", f"--screenshot={shot}",
                             f"--window-size={WINDOW[0]},{WINDOW[1]}")
    assert completed.returncode == 0 and shot.is_file(), completed.stderr[-2000:]
    image = decode_png(shot.read_bytes())
    assert image.shape[:2] == (WINDOW[1], WINDOW[0])
    assert len(np.unique(image[:, :, :3].reshape(-1, 3), axis=0)) > 500  # text, antialiasing, colours
    white = pixels_of(image, (255, 255, 255))
    assert 0.3 < white / image[:, :, 0].size < 0.97  # mostly page background, but far from blank
    for colour in (HIT_GREEN, MISS_RED, SOURCE_BLUE):
        assert pixels_of(image, colour) > 2000, colour


def test_chromiums_dom_keeps_rows_marks_directions_and_counts(chromium, browser_page, review_record, tmp_path):
    completed = run_chromium(chromium, browser_page, tmp_path / "profile", "--dump-dom")
    assert completed.returncode == 0 and "<html lang=\"en\"" in completed.stdout[:200], completed.stderr[-2000:]
    dom = lxml.html.fromstring(completed.stdout)
    translations = review_record["translations"]
    rows = dom.xpath("//table[@class='sentences']/tbody/tr")
    assert len(rows) == len(translations[0]["sentences"])
    assert all(len(row.xpath("td")) == 2 + len(translations) for row in rows)
    first_cells = rows[1].xpath("td")[2:]
    assert [(c.get("lang"), c.get("dir")) for c in first_cells] == [
        (t["language"], "rtl" if t["language"] in ("ar", "fa-AF") else "ltr") for t in translations]
    classes = {" ".join(sorted(mark.classes)) for mark in dom.iter("mark")}
    assert {"hit term", "hit proposed term", "blocking miss term", "miss proposed term", "source term"} <= classes
    for translation in translations:
        (counts,) = dom.xpath(f"//table[@class='counts']//tr[@data-language='{translation['language']}']")
        hits = sum(check["status"] == "hit" for check in translation["term_checks"])
        assert int(counts.xpath("td[contains(@class, 'hit-count')]")[0].text) == hits
