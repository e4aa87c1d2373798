"""Offline sentence splitting with character offsets: pysbd's English rules plus a few fixes.

pysbd handles abbreviations ("U.S.", "Dr.", "p.m."), initials ("J. K. Rowling"), decimals and
"..." well. Measured on the seed op-ed it splits every sentence right; on 150 WCXB pages it
shows these misses, fixed here:

* it keeps a quotation or parenthesis that holds several sentences as one unit. Short ones stay
  whole (a quote reads better translated together), but a unit longer than ``max_chars`` is
  split again at clear ends of sentences inside it, so the model never sees a paragraph-long
  input it would truncate;
* it does not split after "…" (one character) though it does after "...";
* it splits "10:30 a.m. EST" and "4ft. x 4ft." — a unit that starts with a lower-case letter or a
  time zone after "a.m."/"p.m." is joined back to the one before;
* nothing bounds a unit with no sentence end at all (a long list run together): past
  ``hard_max_chars`` it is cut at a "; ", ": ", ", " or space. What the model can take is
  counted in SentencePiece pieces, not characters: the engine cuts any model input longer than
  its piece budget again with ``fit_pieces``, at the same kind of breaks;
* its own offset mapping (``char_span=True``) silently drops text it can't find again; here the
  offsets are computed from its boundaries, so the sentences always cover the whole text.

argostranslate's stanza/spacy/minisbd splitters download models at run time and are never used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

# Argos' legacy splitter cut unsplittable text every 250 characters: a length its models handle.
DEFAULT_MAX_CHARS = 250
# About 150 pieces of English (the engine's piece budget bounds model inputs exactly).
HARD_MAX_CHARS = 600
# Where a unit may be cut, best first: after a clause break, else between words.
CLAUSE_MARKS = (("; ", ": "), (", ",), (" ",))

# Words that end in a period without ending a sentence (checked when re-splitting long units).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof st sr jr gen sen rep gov col lt sgt capt cmdr adm maj pres supt insp
    inc ltd co corp bros dept univ assn est approx vs etc al fig no nos vol pp ed eds
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    mt ft ave blvd rd hwy
    """.split()
)

TIME_ZONES = frozenset("UTC GMT BST CET CEST EET EEST MSK IST PKT AFT EST EDT CST CDT MST MDT PST PDT ET PT CT".split())

# An inner sentence end: a word, [.!?…], optional closing quotes/brackets, whitespace, and an
# upper-case start (maybe after an opening quote). _inner_ends drops abbreviations and initials.
INNER_END = re.compile(r"(?P<word>\b\w+)(?P<mark>[.!?…]+)[”\"’)\]]*(?=\s+[“\"‘(\[]?[A-Z])")
ELLIPSIS_END = re.compile(r"…[”\"’)\]]*(?=\s+[“\"‘(]?[A-Z])")
AM_PM_END = re.compile(r"\b[ap]\.m\.\s*$", re.IGNORECASE)
HAS_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text: ``text == source[start:end]``, without surrounding whitespace."""

    text: str
    start: int
    end: int


def split_sentences(text: str, *, max_chars: int = DEFAULT_MAX_CHARS,
                    hard_max_chars: int = HARD_MAX_CHARS) -> tuple[Sentence, ...]:
    """Split English ``text`` into sentences that cover all of it, keeping character offsets.

    Line breaks always end a sentence. Units longer than ``max_chars`` are split again at clear
    sentence ends inside quotes or parentheses; any still longer than ``hard_max_chars`` are cut
    at a clause break.
    """
    sentences: list[Sentence] = []
    line_start = 0
    for line in text.split("\n"):
        if line.strip():
            for start, end in _line_spans(line, max_chars, hard_max_chars):
                sentences.append(Sentence(text[line_start + start : line_start + end], line_start + start, line_start + end))
        line_start += len(line) + 1
    return tuple(sentences)


def _line_spans(line: str, max_chars: int, hard_max_chars: int) -> list[tuple[int, int]]:
    ends = _pysbd_ends(line)
    ends = _drop_false_ends(line, ends)
    ends = sorted(set(ends) | set(_ellipsis_ends(line)))
    spans = _spans_from_ends(line, ends)
    result: list[tuple[int, int]] = []
    for start, end in spans:
        if end - start > max_chars:
            inner = [start + e for e in _inner_ends(line[start:end])]
            for piece_start, piece_end in _spans_from_ends(line, inner, start, end):
                cuts = _clause_cuts(line[piece_start:piece_end], hard_max_chars)
                result.extend(_spans_from_ends(line, [piece_start + cut for cut in cuts], piece_start, piece_end))
        else:
            result.append((start, end))
    return result


def _clause_cuts(unit: str, limit: int) -> list[int]:
    """Where to cut ``unit`` so no piece is longer than ``limit``: after the latest clause break."""
    cuts, start = [], 0
    while len(unit) - start > limit:
        window = unit[start : start + limit]
        for mark in (mark for marks in CLAUSE_MARKS for mark in marks):
            found = window.rfind(mark, limit // 3)
            if found > 0:
                cut = start + found + len(mark)
                break
        else:
            cut = start + limit  # no space at all: cut inside the word
        cuts.append(cut)
        start = cut
    return cuts


def fit_pieces(text: str, count: Callable[[str], int], budget: int) -> tuple[Sentence, ...]:
    """Cut ``text`` into parts of at most ``budget`` pieces as ``count`` measures them (a model's
    tokenizer), covering all of it but the whitespace between parts.

    Each cut comes after the latest "; " or ": " that fits, else ", ", else a space — a break that
    leaves a part of at least a third of the budget — else inside a word.
    """
    cuts, start = [], 0
    while count(text[start:]) > budget:
        start = _fitting_cut(text, start, count, budget)
        cuts.append(start)
    return tuple(Sentence(text[a:b], a, b) for a, b in _spans_from_ends(text, cuts))


def _fitting_cut(text: str, start: int, count: Callable[[str], int], budget: int) -> int:
    for marks in CLAUSE_MARKS:
        breaks = sorted(found.end() for mark in marks for found in re.finditer(re.escape(mark), text[start:]))
        fits = [start + end for end in breaks if end < len(text) - start]
        cut = _last_fitting(fits, lambda at: count(text[start:at]) <= budget)
        if cut is not None and count(text[start:cut]) >= budget // 3:
            return cut
    cut = _last_fitting(list(range(start + 1, len(text))), lambda at: count(text[start:at]) <= budget)
    return cut if cut is not None else start + 1


def _last_fitting(positions: list[int], fits: Callable[[int], bool]) -> int | None:
    """The last of the sorted ``positions`` that ``fits`` (which holds up to some point, then not)."""
    low, high, found = 0, len(positions) - 1, None
    while low <= high:
        middle = (low + high) // 2
        if fits(positions[middle]):
            found, low = positions[middle], middle + 1
        else:
            high = middle - 1
    return found


def _pysbd_ends(line: str) -> list[int]:
    """Offsets where pysbd ends a sentence, found again in ``line`` in order."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
    ends, cursor = [], 0
    for piece in segmenter.processor(line).process():
        piece = piece.strip()
        if not piece:
            continue
        found = line.find(piece, cursor)
        if found < 0:
            continue  # pysbd changed the text; no boundary here rather than lost text
        cursor = found + len(piece)
        ends.append(cursor)
    return ends


def _drop_false_ends(line: str, ends: list[int]) -> list[int]:
    kept = []
    for end in ends:
        following = line[end:].lstrip()
        before = line[:end]
        if following and following[0].islower() and before.endswith(".") and not before.endswith(".."):
            continue  # "4ft. x 4ft.": a sentence does not start in lower case
        next_word = following.split(maxsplit=1)[0].strip(".,;") if following else ""
        if AM_PM_END.search(before) and next_word in TIME_ZONES:
            continue  # "10:30 a.m. EST"
        kept.append(end)
    return kept


def _ellipsis_ends(line: str) -> list[int]:
    return [match.end() for match in ELLIPSIS_END.finditer(line)]


def _inner_ends(unit: str) -> list[int]:
    ends = []
    for match in INNER_END.finditer(unit):
        word = match.group("word")
        if match.group("mark") == "." and (word.lower() in ABBREVIATIONS or len(word) == 1 or word.isdigit()):
            continue  # "Dr. Smith", "J. K.", "No. 10"
        ends.append(match.end())
    return ends


def _spans_from_ends(line: str, ends: list[int], start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """Cut ``line[start:stop]`` at ``ends``; strip whitespace; drop empty pieces."""
    stop = len(line) if stop is None else stop
    cuts = [start] + [e for e in ends if start < e < stop] + [stop]
    spans = []
    for left, right in zip(cuts, cuts[1:]):
        piece = line[left:right]
        stripped_left = left + (len(piece) - len(piece.lstrip()))
        stripped_right = right - (len(piece) - len(piece.rstrip()))
        if stripped_right > stripped_left:
            spans.append((stripped_left, stripped_right))
    return spans


def has_words(text: str) -> bool:
    """Whether ``text`` has anything a model should translate (a letter or digit)."""
    return bool(HAS_WORD.search(text))
