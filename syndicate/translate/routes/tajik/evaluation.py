"""Corpus-level character error rate and chrF, for judging a converter against reference lines."""

from __future__ import annotations

from collections import Counter


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions) between two strings.

    Myers' bit-parallel algorithm (Hyyrö's formulation): one column of the table is a pair of
    bit vectors over ``b``, so each character of ``a`` costs a few integer operations.
    """
    if a == b:
        return 0
    if not b:
        return len(a)
    positions: dict[str, int] = {}
    for index, char in enumerate(b):
        positions[char] = positions.get(char, 0) | (1 << index)
    full = (1 << len(b)) - 1
    last = 1 << (len(b) - 1)
    plus, minus, score = full, 0, len(b)
    for char in a:
        equal = positions.get(char, 0)
        vertical = equal | minus
        horizontal = (((equal & plus) + plus) ^ plus) | equal
        horizontal_plus = minus | ~(horizontal | plus)
        horizontal_minus = plus & horizontal
        if horizontal_plus & last:
            score += 1
        elif horizontal_minus & last:
            score -= 1
        horizontal_plus = (horizontal_plus << 1) | 1
        horizontal_minus <<= 1
        plus = (horizontal_minus | ~(vertical | horizontal_plus)) & full
        minus = horizontal_plus & vertical & full
    return score


def character_error_rate(hypotheses: list[str], references: list[str]) -> float:
    """Sum of per-line edit distances over the total reference length (case-folded)."""
    errors = sum(levenshtein(h.casefold(), r.casefold()) for h, r in zip(hypotheses, references, strict=True))
    return errors / max(1, sum(len(r) for r in references))


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
