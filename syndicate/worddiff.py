"""Word-level differences between two wordings of one sentence: the history's before → after,
and what a correction replaced (glossary.learning)."""

from __future__ import annotations

import difflib
import re

_WORDS = re.compile(r"\S+\s*|\s+")

SAME, DELETED, INSERTED = "same", "deleted", "inserted"


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``before`` → ``after`` as (kind, text) runs, kind SAME, DELETED or INSERTED, word by word
    (the whitespace after a word goes with it)."""
    runs: list[tuple[str, str]] = []
    for operation, old, new in _opcodes(before, after):
        if operation == "equal":
            runs.append((SAME, "".join(new)))
            continue
        if old:
            runs.append((DELETED, "".join(old)))
        if new:
            runs.append((INSERTED, "".join(new)))
    return runs


def replacements(before: str, after: str) -> list[tuple[str, str]]:
    """The (old words, new words) of each place where ``after`` replaced words of ``before``
    (insertions and deletions alone left out), whitespace trimmed."""
    return [(" ".join("".join(old).split()), " ".join("".join(new).split()))
            for operation, old, new in _opcodes(before, after) if operation == "replace"]


def _opcodes(before: str, after: str):
    old, new = _WORDS.findall(before or ""), _WORDS.findall(after or "")
    matcher = difflib.SequenceMatcher(a=[w.strip() for w in old], b=[w.strip() for w in new], autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        yield operation, old[a1:a2], new[b1:b2]
