"""What an editor types, checked before it is stored or shown: names, notes, reasons and corrected
sentences (the CLI's editorial commands, the desk and its accounts all use these)."""

from __future__ import annotations

import re

from ..errors import UsageError

MAX_NAME = 200  # characters of an editor's name
MAX_NOTE = 2000  # characters of a note or reason
MAX_SENTENCE = 5000  # characters of a corrected sentence
# Control characters, and the bidi embeddings and overrides that would reorder the page around
# the text (isolates and marks, U+2066-2069, U+200E/F, stay allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str | None, what: str, limit: int) -> str:
    """``value`` with whitespace runs made single spaces; UsageError when it is empty, longer than
    ``limit`` characters or holds control characters."""
    text = " ".join((value or "").split())
    if not text:
        raise UsageError(f"{what} is empty")
    if len(text) > limit:
        raise UsageError(f"{what} is {len(text)} characters long; at most {limit}")
    if _CONTROL.search(text):
        raise UsageError(f"{what} holds control characters")
    return text
