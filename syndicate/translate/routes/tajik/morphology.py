"""Persian clitics and affixes, and how Tajik writes them (attached to the word).

Persian often writes clitics apart ("آن‌ها را", "می خورد", "ظلم و ستم"); Tajik joins them
("онҳоро", "мехӯрад", "зулму ситам"). ``group_units`` regroups a run of Persian words into
units the lexicon can look up; the ``add_*`` functions attach Tajik endings to a converted base.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .rules import ZWNJ

CONJUNCTION = "و"
OBJECT_MARKER = "را"
VERB_PREFIXES = ("می", "نمی")
COPULAS = ("است", "اند", "ام", "ایم", "اید")  # joined after a participle: شده است → шудааст
PARTICIPLE_ENDINGS = ("ده", "ته")  # past stem (…د / …ت) + ه: شده، رفته؛ not خانه
PLURAL_SUFFIXES = ("ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان")

_TAJIK_VOWELS = set("аеёиоуӯӣэюя")


@dataclass(frozen=True)
class Unit:
    """A Persian word with its detached clitics regrouped; ``object_marker`` = followed by "را"."""

    word: str
    object_marker: bool = False


def group_units(words: list[str]) -> list[Unit]:
    """Regroup words written apart: "می خورد" → "می‌خورد", "آن ها" → "آن‌ها", "X را" → X+را,
    "شده است" → "شده‌است"."""
    units: list[Unit] = []
    pending_prefix = ""
    for word in words:
        if word in VERB_PREFIXES:
            pending_prefix = word + ZWNJ
            continue
        word, pending_prefix = pending_prefix + word, ""
        if word == OBJECT_MARKER and units and not units[-1].object_marker and units[-1].word != CONJUNCTION:
            units[-1] = Unit(units[-1].word, object_marker=True)
        elif units and not units[-1].object_marker and units[-1].word != CONJUNCTION and (
            word in PLURAL_SUFFIXES or (word in COPULAS and units[-1].word.endswith(PARTICIPLE_ENDINGS))
        ):
            units[-1] = Unit(units[-1].word + ZWNJ + word)
        else:
            units.append(Unit(word))
    if pending_prefix:
        units.append(Unit(pending_prefix.rstrip(ZWNJ)))
    return units


def add_ezafe(base: str) -> str:
    """The ezafe "-и": ҷон → ҷони, лона → лонаи, сиёсӣ → сиёсии."""
    return base[:-1] + "ии" if base.endswith("ӣ") else base + "и"


def add_conjunction(base: str) -> str:
    """"and" attached to the previous word: зулм → зулму, порсӣ → порсию, мо → мову."""
    if not base or base[-1] not in _TAJIK_VOWELS:
        return base + "у"
    if base.endswith("ӣ"):
        return base[:-1] + "ию"
    if base[-1] in "ие":
        return base + "ю"
    return base + "ву"


def add_object_marker(base: str) -> str:
    """The object marker "را" → "-ро", written joined: онҳо → онҳоро."""
    return base + "ро"


def strip_tajik_ending(tajik: str) -> tuple[str, bool]:
    """Split a Tajik word into (base, has_ezafe): "ҷони" → ("ҷон", True), "сиёсии" → ("сиёсӣ", True)."""
    if len(tajik) > 2 and tajik.endswith("и") and tajik not in _NOT_EZAFE:
        base = tajik[:-1]
        if base.endswith("и") and len(base) > 2:
            base = base[:-1] + "ӣ"
        return base, True
    return tajik, False


_NOT_EZAFE = frozenset({"ки", "чи", "ни", "ви", "би", "ҳи"})

# Tajik for the pieces of a ZWNJ-joined Persian word that are affixes, not stems.
JOINED_AFFIXES = {
    "می": "ме", "نمی": "наме", "بی": "бе", "ها": "ҳо", "های": "ҳои", "هایی": "ҳое", "هایم": "ҳоям",
    "هایت": "ҳоят", "هایش": "ҳояш", "هایمان": "ҳоямон", "هایتان": "ҳоятон", "هایشان": "ҳояшон",
    "ای": "е", "ی": "и", "ام": "ам", "ات": "ат", "اش": "аш", "ایم": "ем", "اید": "ед", "اند": "анд",
    "است": "аст", "ست": "ст", "تر": "тар", "ترین": "тарин", "شان": "шон", "مان": "мон", "تان": "тон",
    "یم": "ем", "ید": "ед", "گاه": "гоҳ",
}

# Suffixes stripped from an unknown word, longest first, with their Tajik form.
SUFFIXES = (
    ("هایشان", "ҳояшон"), ("هایمان", "ҳоямон"), ("هایتان", "ҳоятон"), ("ترین", "тарин"),
    ("هایی", "ҳое"), ("هایش", "ҳояш"), ("هایم", "ҳоям"), ("های", "ҳои"), ("ها", "ҳо"),
    ("شان", "шон"), ("مان", "мон"), ("تان", "тон"), ("یان", "ён"), ("گان", "гон"), ("ان", "он"),
    ("تر", "тар"), ("ات", "от"), ("ام", "ам"), ("اش", "аш"), ("یم", "ем"), ("ید", "ед"),
    ("ند", "анд"), ("ست", "аст"), ("ی", "е"), ("م", "ам"), ("ش", "аш"), ("د", "ад"),
)
PREFIXES = (("نمی", "наме"), ("می", "ме"), ("بی", "бе"), ("ب", "би"), ("ن", "на"))

MIN_STEM = 2


def analyse(word: str, lookup: Callable[[str], str | None]) -> str | None:
    """Convert an unknown word as prefix + known stem + suffix(es), or None when no split fits.

    ``lookup`` returns the Tajik for a known Persian stem. Fewer affixes win, then the longest
    (کار+های rather than کارها+ی, دید+م rather than دی+د+م), then the longest stem.
    """
    best: tuple[tuple[int, int, int], str] | None = None
    for prefix, tajik_prefix in (("", ""), *PREFIXES):
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix) :]
        for stem, suffixes, tajik_suffix in _suffix_splits(rest):
            if len(stem) < MIN_STEM or (not prefix and not suffixes):
                continue
            tajik_stem = lookup(stem)
            if tajik_stem is None:
                continue
            rank = (-(suffixes + bool(prefix)), len(word) - len(stem), len(stem))
            if best is None or rank > best[0]:
                best = (rank, join_parts([tajik_prefix, _join(tajik_stem, tajik_suffix)]))
    return best[1] if best else None


def _suffix_splits(rest: str):
    """(stem, number of suffixes, their Tajik) for no, one and two suffixes."""
    yield rest, 0, ""
    for suffix, tajik in SUFFIXES:
        if rest.endswith(suffix) and len(rest) > len(suffix):
            stem = rest[: -len(suffix)]
            yield stem, 1, tajik
            for inner, inner_tajik in SUFFIXES:
                if stem.endswith(inner) and len(stem) > len(inner):
                    yield stem[: -len(inner)], 2, inner_tajik + tajik


def _join(tajik_stem: str, tajik_suffix: str) -> str:
    """Glue a suffix to a stem the way Tajik spelling does at a vowel boundary."""
    if not tajik_suffix:
        return tajik_stem
    ends_in_vowel = tajik_stem[-1] in _TAJIK_VOWELS
    if tajik_suffix in ("ам", "аш", "ат", "ад", "анд", "аст") and ends_in_vowel:
        return tajik_stem + ("я" + tajik_suffix[1:] if tajik_stem[-1] in "оуӯ" else tajik_suffix)
    if tajik_suffix == "он" and ends_in_vowel:
        return tajik_stem[:-1] + "иён" if tajik_stem[-1] == "ӣ" else tajik_stem + "ён"
    return tajik_stem + tajik_suffix


def join_parts(parts: list[str]) -> str:
    """Concatenate the Tajik of a word's parts; "ӣ" is only written at the end of a word."""
    joined = "".join(parts)
    return joined[:-1].replace("ӣ", "и") + joined[-1:]
