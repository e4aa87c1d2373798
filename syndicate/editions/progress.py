"""How far editors have gone through an edition: the sentences they checked, and what an approval
vouches for.

An editor marks a sentence *checked* when it reads right as it is; a correction checks the sentence
it wrote. A mark holds for the text it was given to: when a later run or another correction
changes the sentence, it is unchecked again. Marks are history events (``checked``,
``unchecked``) with the sentence's source and text; they change no text, so they neither bump the
edition's version nor touch the output folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..translate.checks import flags_of
from .model import CHECKED, CORRECTED, UNCHECKED, Edition, Event

MARKS = (CHECKED, UNCHECKED, CORRECTED)


def same_text(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and " ".join(a.split()) == " ".join(b.split())


def sentence_digest(text: str) -> str:
    """A short digest of a sentence as an editor read it (whitespace aside): a form that marks it
    names this, and a mark is refused when the sentence no longer has it."""
    import hashlib

    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def checked_numbers(edition: Edition, numbers: Sequence[int], events: Sequence[Event]) -> frozenset[int]:
    """The sentence numbers of ``edition`` (``numbers``: each sentence's, by index) whose text
    now is the one an editor last checked or wrote."""
    last: dict[int, Event] = {}
    for event in events:
        if event.language == edition.language and event.action in MARKS and event.sentence is not None:
            last[event.sentence] = event
    checked = set()
    for number, pair in zip(numbers, edition.working.sentences):
        event = last.get(number)
        if (event is not None and event.action != UNCHECKED and same_text(event.after, pair.target)
                and (event.source is None or same_text(event.source, pair.source))):
            checked.add(number)
    return frozenset(checked)


@dataclass(frozen=True)
class Vouching:
    """What approving an edition vouches for: its sentences, how many an editor corrected or
    checked, the flags of each check (and how many of those sentences were checked), the terms
    it misses and what blocks it."""

    sentences: int
    corrected: int
    checked_sentences: frozenset[int]  # their numbers
    flags: dict[str, tuple[int, int]] = field(default_factory=dict)  # check → (flagged, of them checked)
    terms_missed: int = 0
    blocking: tuple[str, ...] = ()

    @property
    def checked(self) -> int:
        return len(self.checked_sentences)

    @property
    def unchecked_flagged(self) -> int:
        """Flagged sentences nobody checked (a sentence flagged twice counts under both checks)."""
        return sum(flagged - checked for flagged, checked in self.flags.values())

    def lines(self) -> list[str]:
        """The summary, one line per kind, as the approve confirmation and command show it."""
        lines = [f"{self.checked} of {self.sentences} sentences checked, {self.corrected} corrected"]
        lines += [f"{flagged} flagged {name}, {checked} checked" for name, (flagged, checked) in self.flags.items()]
        if self.terms_missed:
            lines.append(f"{self.terms_missed} glossary term(s) missed")
        lines += [f"blocking: {reason}" for reason in self.blocking]
        return lines


def vouching(edition: Edition, numbers: Sequence[int], events: Sequence[Event]) -> Vouching:
    """What approving ``edition`` now would vouch for (``numbers`` as for checked_numbers)."""
    checked = checked_numbers(edition, numbers, events)
    flags: dict[str, list[int]] = {}
    for number, pair in zip(numbers, edition.working.sentences):
        for name in flags_of(pair):
            counts = flags.setdefault(name, [0, 0])
            counts[0] += 1
            counts[1] += number in checked
    corrected = {event.sentence for event in events
                 if event.language == edition.language and event.action == CORRECTED and event.sentence}
    return Vouching(
        sentences=len(edition.working.sentences), corrected=len(corrected), checked_sentences=checked,
        flags={name: (flagged, done) for name, (flagged, done) in flags.items()},
        terms_missed=sum(check.status == "miss" for check in edition.working.term_checks),
        blocking=edition.blocking)
