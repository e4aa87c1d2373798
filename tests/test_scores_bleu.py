"""Corpus BLEU (syndicate.translate.scores.bleu) against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from syndicate.translate.scores import bleu, bleu_tokens


def test_the_13a_tokenizer_splits_ascii_punctuation_but_not_numbers_or_apostrophes():
    assert bleu_tokens("Hello, world. It cost $1,300.50 in 2021-22 (really)!") == [
        "Hello", ",", "world", ".", "It", "cost", "$", "1,300.50", "in", "2021", "-", "22", "(", "really", ")", "!"]
    assert bleu_tokens("don't stop-gap") == ["don't", "stop-gap"]  # ' and - between letters stay
    assert bleu_tokens("«Талибан» заявил, что…") == ["«Талибан»", "заявил", ",", "что…"]  # non-ASCII stays
    assert bleu_tokens("a &amp; b") == ["a", "&", "b"]


def test_identical_text_scores_100():
    assert bleu(["The cat sat on the mat."], ["The cat sat on the mat."]) == pytest.approx(100.0)


def test_one_sentence_by_hand():
    # 1-grams 4/5, 2-grams 3/4, 3-grams 2/3, 4-grams 1/2; same length, no brevity penalty.
    expected = 100 * (4 / 5 * 3 / 4 * 2 / 3 * 1 / 2) ** (1 / 4)
    assert bleu(["The cat sat on mats"], ["The cat sat on rugs"]) == pytest.approx(expected)
    assert expected == pytest.approx(66.874, abs=1e-3)


def test_brevity_penalty_and_split_punctuation_by_hand():
    # hypothesis 7 tokens (the "." split off), reference 8: precisions 7/7, 5/6, 4/5, 3/4.
    expected = 100 * (1 * 5 / 6 * 4 / 5 * 3 / 4) ** (1 / 4) * math.exp(1 - 8 / 7)
    assert bleu(["The cat sat on the mat."], ["The cat sat on the mat today."]) == pytest.approx(expected)
    assert expected == pytest.approx(72.896, abs=1e-3)


def test_a_longer_hypothesis_has_no_brevity_penalty():
    # reference 5 tokens, hypothesis 6: precisions 5/6, 4/5, 3/4, 2/3, penalty 1.
    expected = 100 * (5 / 6 * 4 / 5 * 3 / 4 * 2 / 3) ** (1 / 4)
    assert bleu(["a b c d e f"], ["a b c d e"]) == pytest.approx(expected)


def test_statistics_are_summed_over_the_corpus_not_averaged():
    # (4+4)/(5+4), (3+3)/(4+3), (2+2)/(3+2), (1+1)/(2+1)
    expected = 100 * (8 / 9 * 6 / 7 * 4 / 5 * 2 / 3) ** (1 / 4)
    score = bleu(["a b c d e", "w x y z"], ["a b c d f", "w x y z"])
    assert score == pytest.approx(expected)
    assert score == pytest.approx(79.840, abs=1e-3)
    assert score != pytest.approx((66.874 + 100) / 2, abs=0.1)


def test_matches_are_clipped_by_the_reference_counts():
    # "the" 4 times against a reference with it twice: 1-grams 2/4; 2-grams "the the" 1/3 ...
    assert bleu(["the the the the"], ["the the cat sat"]) == 0.0  # no 3-gram or 4-gram match
    # the second "a" is clipped: 1-grams 4/5 (not 5/5), then 3/4, 2/3, 1/2
    expected = 100 * (4 / 5 * 3 / 4 * 2 / 3 * 1 / 2) ** (1 / 4)
    assert bleu(["a a b c d"], ["a b c d e"]) == pytest.approx(expected)


def test_case_is_kept_and_no_smoothing():
    expected = 100 * (4 / 5 * 3 / 4 * 2 / 3 * 1 / 2) ** (1 / 4)  # "the" is not "The"
    assert bleu(["the cat sat on mats"], ["The cat sat on mats"]) == pytest.approx(expected)
    assert bleu(["the cat sat on the mat"], ["the cat is on the mat"]) == 0.0  # no 4-gram in common
    assert bleu(["a b c"], ["a b c"]) == 0.0  # shorter than 4 tokens: no 4-gram at all


def test_empty_and_mismatched_inputs():
    assert bleu([], []) == 0.0
    assert bleu([""], ["a b c d"]) == 0.0
    with pytest.raises(ValueError):
        bleu(["a"], ["a", "b"])
