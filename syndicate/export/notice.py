"""What a page says about its edition: machine translation, reviewed, corrected, withdrawn.

EditionFacts are passed to the exporter per language (syndicate.editions.render builds them from
the editorial database) and kept in article.json's ``languages`` entries, so a page always says
what happened to it, truthfully: "machine translation" while no editor approved the text;
"reviewed by NAME on DATE" once one did; "corrected on DATE: NOTE" after a correction to the
published text. The ``editor`` setting (the desk) is named only beside an approver.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .dates import iso, parse_iso
from .messages import PageMessages

PUBLISHED, WITHDRAWN = "published", "withdrawn"


@dataclass(frozen=True)
class EditionFacts:
    """One edition's state and editorial marks, as far as the public may know them."""

    state: str = PUBLISHED  # published | withdrawn
    published_at: datetime | None = None  # first publication (None: the earlier export's, else now)
    updated_at: datetime | None = None  # last change to the public text (None: now)
    reviewed_by: str | None = None  # the editor who approved the published text
    reviewed_at: datetime | None = None
    corrected_at: datetime | None = None
    correction_note: str | None = None
    withdrawn_at: datetime | None = None
    withdrawn_reason: str | None = None
    version: int = 1  # public changes so far: publication 1, each published correction, withdrawal, re-publication +1

    @property
    def withdrawn(self) -> bool:
        return self.state == WITHDRAWN

    @property
    def editorial_note(self) -> str | None:
        """What partners' editors should know of the last public change (ninjs edNote), in English."""
        if self.withdrawn:
            when = f"Withdrawn on {_day(self.withdrawn_at)}" if self.withdrawn_at else "Withdrawn"
            return f"{when}: {self.withdrawn_reason}" if self.withdrawn_reason else when
        if self.corrected_at:
            note = (self.correction_note or "").strip()
            return f"Corrected on {_day(self.corrected_at)}" + (f": {note}" if note else "")
        return None

    def to_record(self) -> dict:
        """The article.json fields (``languages.<tag>``) beyond files and URLs."""
        entry: dict = {"state": self.state, "version": self.version}
        if self.reviewed_by:
            entry["reviewed"] = {"by": self.reviewed_by, "at": iso(self.reviewed_at) if self.reviewed_at else None}
        if self.corrected_at:
            entry["corrected"] = {"at": iso(self.corrected_at), "note": self.correction_note}
        if self.withdrawn:
            entry["withdrawn"] = {"at": iso(self.withdrawn_at) if self.withdrawn_at else None,
                                  "reason": self.withdrawn_reason}
        if self.updated_at:
            entry["updated_at"] = iso(self.updated_at)
        return entry

    @classmethod
    def from_record(cls, entry: dict) -> EditionFacts:
        """The facts an article.json ``languages`` entry kept (one written before editions: published)."""
        reviewed = entry.get("reviewed") or {}
        corrected = entry.get("corrected") or {}
        withdrawn = entry.get("withdrawn") or {}
        return cls(
            state=WITHDRAWN if entry.get("state") == WITHDRAWN else PUBLISHED,
            published_at=parse_iso(entry.get("published_at")),
            updated_at=parse_iso(entry.get("updated_at")),
            reviewed_by=reviewed.get("by"), reviewed_at=parse_iso(reviewed.get("at")),
            corrected_at=parse_iso(corrected.get("at")), correction_note=corrected.get("note"),
            withdrawn_at=parse_iso(withdrawn.get("at")), withdrawn_reason=withdrawn.get("reason"),
            version=entry.get("version") if isinstance(entry.get("version"), int) else 1,
        )


def notice_text(messages: PageMessages, facts: EditionFacts, *, desk: str | None) -> str:
    """The translation notice: machine translation, reviewed by whom and when, the last correction."""
    if facts.reviewed_by:
        editor = f"{facts.reviewed_by} ({desk})" if desk and desk != facts.reviewed_by else facts.reviewed_by
        notice = messages.notice_reviewed.format(editor=editor, date=_day(facts.reviewed_at))
    else:
        notice = messages.notice
    if facts.corrected_at:
        day = _day(facts.corrected_at)
        notice += " " + (messages.corrected.format(date=day, note=facts.correction_note.strip())
                         if facts.correction_note and facts.correction_note.strip()
                         else messages.corrected_no_note.format(date=day))
    return notice


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""
