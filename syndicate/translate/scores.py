"""Scores of a translation against a reference: chrF, the one implementation the project uses
(the Tajik converter's evaluation, the round-trip check), and corpus BLEU (bench/quality.py)."""

from __future__ import annotations

import math
import re
from collections import Counter


def chrf(hypotheses: list[str], references: list[str], order: int = 6, beta: float = 2.0) -> float:
    """Corpus chrF (0-100) as sacrebleu's CHRF computes it: character n-grams 1..6 with
    whitespace removed, statistics summed over the corpus, precision and recall averaged
    over orders, then F-beta (case-folded, like the CER)."""
    matches = [0] * order
    hyp_total = [0] * order
    ref_total = [0] * order
    for hypothesis, reference in zip(hypotheses, references, strict=True):
        hyp = "".join(hypothesis.casefold().split())
        ref = "".join(reference.casefold().split())
        for n in range(1, order + 1):
            hyp_grams = Counter(hyp[i : i + n] for i in range(len(hyp) - n + 1))
            ref_grams = Counter(ref[i : i + n] for i in range(len(ref) - n + 1))
            matches[n - 1] += sum((hyp_grams & ref_grams).values())
            hyp_total[n - 1] += sum(hyp_grams.values())
            ref_total[n - 1] += sum(ref_grams.values())
    precision = sum(m / h if h else 0.0 for m, h in zip(matches, hyp_total)) / order
    recall = sum(m / r if r else 0.0 for m, r in zip(matches, ref_total)) / order
    if precision + recall == 0:
        return 0.0
    factor = beta**2
    return 100 * (1 + factor) * precision * recall / (factor * precision + recall)


# sacrebleu's "13a" tokenizer (mteval-v13a.pl): ASCII symbols split off, "." and "," split off
# unless between digits, "-" split off after a digit. Non-ASCII punctuation (« » “ ” ، ؟) stays
# attached to its word, as in sacrebleu.
_BLEU_13A = (
    (re.compile(r"([\{-\~\[-\` -\&\(-\+\:-\@\/])"), r" \1 "),
    (re.compile(r"([^0-9])([\.,])"), r"\1 \2 "),
    (re.compile(r"([\.,])([^0-9])"), r" \1 \2"),
    (re.compile(r"([0-9])(-)"), r"\1 \2 "),
)


def bleu_tokens(text: str) -> list[str]:
    """``text`` cut into words as sacrebleu's default 13a tokenizer does (case kept)."""
    text = text.replace("<skipped>", "").replace("-\n", "").replace("\n", " ")
    if "&" in text:
        text = text.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = f" {text} "
    for pattern, replacement in _BLEU_13A:
        text = pattern.sub(replacement, text)
    return text.split()


def bleu(hypotheses: list[str], references: list[str], order: int = 4) -> float:
    """Corpus BLEU (0-100) as sacrebleu's BLEU computes it with one reference per sentence, its
    default 13a tokenizer and case kept, but no smoothing: clipped n-gram matches 1..4 summed
    over the corpus, the geometric mean of the precisions, times the brevity penalty
    exp(1 - reference length / hypothesis length) when the hypotheses are shorter.

    sacrebleu smooths by default (``exp``): it differs from this only when some order has no
    match at all, where this gives 0 (sacrebleu's ``smooth_method="none"``); an empty
    hypothesis side scores 0.
    """
    matches = [0] * order
    totals = [0] * order
    hypothesis_length = reference_length = 0
    for hypothesis, reference in zip(hypotheses, references, strict=True):
        hyp, ref = bleu_tokens(hypothesis), bleu_tokens(reference)
        hypothesis_length += len(hyp)
        reference_length += len(ref)
        for n in range(1, order + 1):
            hyp_grams = Counter(tuple(hyp[i : i + n]) for i in range(len(hyp) - n + 1))
            ref_grams = Counter(tuple(ref[i : i + n]) for i in range(len(ref) - n + 1))
            matches[n - 1] += sum((hyp_grams & ref_grams).values())
            totals[n - 1] += sum(hyp_grams.values())
    if hypothesis_length == 0 or not all(matches):
        return 0.0
    brevity = 1.0 if hypothesis_length >= reference_length else math.exp(1 - reference_length / hypothesis_length)
    log_precision = sum(math.log(m / t) for m, t in zip(matches, totals)) / order
    return 100 * brevity * math.exp(log_precision)
