"""Sentence splitting on real text: the seed op-ed and WCXB ground-truth paragraphs."""

from __future__ import annotations

import json
import re

import pytest

from syndicate.translate.segment import fit_pieces, split_sentences


def texts(sentences):
    return [sentence.text for sentence in sentences]


def wcxb_paragraph(corpus, page: str, starts_with: str) -> str:
    """The ground-truth paragraph of WCXB page ``page`` that starts with ``starts_with``."""
    data = json.loads((corpus / "wcxb-dev-articles" / "ground-truth" / f"{page}.json").read_text(encoding="utf-8"))
    for line in data["ground_truth"]["main_content"].split("\n"):
        if line.startswith(starts_with):
            return line
    raise AssertionError(f"no paragraph of {page} starts with {starts_with!r}")


@pytest.fixture(scope="module")
def seed_text(corpus) -> str:
    return (corpus / "seed" / "000_ac3961389abcd1c8.txt").read_text(encoding="utf-8")


def test_seed_op_ed_sentences(seed_text):
    sentences = split_sentences(seed_text)
    found = texts(sentences)
    assert found[:4] == [
        "World must show its support for Afghan opposition",
        "05-12-2022 09:30 AM",
        "Luke Coffey",
        "A major international conference called the Herat Security Dialogue took place last week in Dushanbe, Tajikistan.",
    ]
    # A two-sentence quotation stays whole: it is short enough to translate as one unit.
    assert ("A representative of the International Committee of the Red Cross recently summed it up the best: "
            "“Afghan families face a terrible dilemma: Food or heat. Most can actually afford neither.”") in found
    assert "In July, Al-Qaeda leader Ayman Al-Zawahiri was killed by a US drone strike while living in the heart of Kabul." in found
    assert "The Taliban leadership is divided." in found
    # Every sentence of the body ends a sentence: no sentence holds ". " followed by a capital.
    body = [s for s in found if "Red Cross" not in s]
    assert not [s for s in body if re.search(r"[a-z]\. [A-Z]", s)]
    assert len(found) == 57


def test_offsets_cover_the_whole_text(seed_text, corpus):
    samples = [seed_text]
    for path in sorted((corpus / "wcxb-dev-articles" / "ground-truth").glob("*.json"))[:40]:
        samples.append(json.loads(path.read_text(encoding="utf-8"))["ground_truth"].get("main_content") or "")
    for text in samples:
        sentences = split_sentences(text)
        for sentence in sentences:
            assert text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip() and sentence.text
        assert [s.start for s in sentences] == sorted(s.start for s in sentences)
        # Nothing is lost: outside the sentences there is only whitespace.
        covered = set()
        for sentence in sentences:
            covered.update(range(sentence.start, sentence.end))
        assert all(char.isspace() for index, char in enumerate(text) if index not in covered)


@pytest.mark.parametrize(
    ("page", "starts_with", "expected"),
    [
        # abbreviations and initials do not end sentences
        ("0026", "More than one in three U.S. taxpayers", [
            "More than one in three U.S. taxpayers used TurboTax in 2024, according to a CivicScience survey.",
            "And TurboTax is the most popular option for a reason.",
            "It's user-friendly, and you can file your taxes online, using downloaded software, or with the TurboTax app.",
        ]),
        ("0367", "As Dr. Stacy Ogbeide", 1),
        ("0475", "Klinger recommends a sweet spot of 9:30 to 11:30 a.m.", 1),
        ("0153", "For a franchise brand, Tipton admits", [
            "For a franchise brand, Tipton admits it's complex.",
            "Bakers come in between midnight and 3 a.m. to ensure products are baked fresh, and the company offers "
            "a lot of training and support because, he said, quality is key.",
        ]),
        ("0406", "In particular, before Houdini", 3),
        # decimals
        ("0033", "That said, a different report", 2),
        ("0034", "It’s influence on social media is telling", 2),
        # "…" before a capital ends a sentence (pysbd only knows "...")
        ("0263", "Everyone starts somewhere…", [
            "Everyone starts somewhere…",
            "The key is to focus on your goals and progress—try not to compare yourself to someone who’s months or years ahead of you.",
        ]),
        ("0127", "Join local networking groups.", 4),
    ],
)
def test_wcxb_paragraphs(corpus, page, starts_with, expected):
    found = texts(split_sentences(wcxb_paragraph(corpus, page, starts_with)))
    if isinstance(expected, int):
        assert len(found) == expected, found
    else:
        assert found == expected


def test_long_quotation_is_split_inside(corpus):
    paragraph = wcxb_paragraph(corpus, "0050", "“Everyone cares about the dishes")
    found = texts(split_sentences(paragraph))
    assert len(paragraph) > 600
    assert found == [
        "“Everyone cares about the dishes and the details,” Weiss points out.",
        "“Choosing the right tablecloth, dishes, flatware, glassware, napkin treatment, place card holder—all of "
        "these details are big decisions.",
        "The good news is the options are no longer limited.",
        "Now, there are great companies like Maison de Carine, Casa de Perrin, and Theoni Collection that "
        "specialize in really beautiful tabletop pieces you would have in a home.",
        "The products don’t look like rentals, and often they are designer brands.",
        "Mixing and matching these elements allows hosts to introduce a color theme and style in a very unique "
        "and personalized way.”",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The attack happened at 10:30 a.m. EST on Monday. Nobody was hurt.",
         ["The attack happened at 10:30 a.m. EST on Monday.", "Nobody was hurt."]),
        ("Picture an empty 4ft. x 4ft. raised garden bed.", ["Picture an empty 4ft. x 4ft. raised garden bed."]),
        ("J. K. Rowling met Dr. Smith in the U.S. capital. They talked.",
         ["J. K. Rowling met Dr. Smith in the U.S. capital.", "They talked."]),
        ("The score was 52 vs. 48.\nThe motion passed.", ["The score was 52 vs. 48.", "The motion passed."]),
        ("", []),
        ("   ", []),
    ],
)
def test_known_pysbd_misses(text, expected):
    assert texts(split_sentences(text)) == expected


def test_unit_without_sentence_ends_is_cut_at_clause_breaks(corpus):
    # A real run-on list from the seed's boilerplate, repeated until it is far past the limit.
    seed = (corpus / "seed" / "000_ac3961389abcd1c8.txt").read_text(encoding="utf-8")
    clause = next(line for line in seed.splitlines() if line.startswith("Ammon News reserves")).rstrip(".")
    text = "; ".join([clause] * 3) + "."
    found = split_sentences(text)
    assert len(found) > 1 and all(len(sentence.text) <= 600 for sentence in found)
    assert all(sentence.text.endswith((";", ",", ".")) for sentence in found)
    assert " ".join(sentence.text for sentence in found) == text


def words(text: str) -> int:
    return len(text.split())


def test_fit_pieces_cuts_after_clause_breaks_first():
    text = "one two three, four five; six seven eight nine ten, eleven twelve"
    parts = fit_pieces(text, words, 6)
    assert texts(parts) == ["one two three, four five;", "six seven eight nine ten,", "eleven twelve"]
    assert all(text[part.start:part.end] == part.text for part in parts)


def test_fit_pieces_falls_back_to_spaces_then_inside_words():
    text = "a b c d e f g h i j"
    assert texts(fit_pieces(text, words, 4)) == ["a b c d", "e f g h", "i j"]
    assert texts(fit_pieces("x" * 25, len, 10)) == ["x" * 10, "x" * 10, "x" * 5]


def test_fit_pieces_leaves_short_text_whole():
    assert texts(fit_pieces("Short enough.", words, 5)) == ["Short enough."]


def test_fit_pieces_skips_a_clause_break_that_leaves_a_tiny_part():
    text = "Yes, " + " ".join(f"w{i}" for i in range(20))
    first = fit_pieces(text, words, 9)[0]
    assert first.text == "Yes, w0 w1 w2 w3 w4 w5 w6 w7"  # not "Yes,": under a third of the budget
