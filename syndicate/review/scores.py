"""Scores of a translation against a reference: chrF, the one implementation the project uses
(the Tajik converter's evaluation, the round-trip check)."""

from __future__ import annotations

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
