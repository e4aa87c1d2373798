"""Corpus-level character error rate and chrF, for judging a converter against reference lines."""

from __future__ import annotations

from ...scores import chrf  # its home; bench/tajik.py and tests/test_tajik.py import it from here

__all__ = ["character_error_rate", "chrf", "levenshtein"]


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
