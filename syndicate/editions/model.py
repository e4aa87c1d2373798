"""The dataclasses of the editorial record: Edition, Event, and the states."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

from ..article import TranslatedArticle, json_value

DRAFT, PUBLISHED, WITHDRAWN = "draft", "published", "withdrawn"
STATES = (DRAFT, PUBLISHED, WITHDRAWN)

# Event actions, as `syndicate status` and the desk show the history.
TRANSLATED, PUBLISHED_EVENT, BLOCKED, APPROVED, OVERRIDDEN, CORRECTED, WITHDRAWN_EVENT = (
    "translated", "published", "blocked", "approved", "overridden", "corrected", "withdrawn")
CHECKED, UNCHECKED = "checked", "unchecked"  # an editor's mark on a sentence (editions.progress)



class Outcome(StrEnum):
    """What a run did to one edition (a StrEnum: it is its word in JSON and the ledger)."""

    PUBLISHED = "published"  # published for the first time
    UPDATED = "updated"  # a published edition's new text published
    UNCHANGED = "unchanged"  # published, and the run's text is the same
    DRAFT = "draft"  # stored as a draft, waiting for `syndicate approve`
    BLOCKED = "blocked"  # kept from the feeds by the publishing gate (editions.gate)
    WITHDRAWN = "withdrawn"  # translated again, and still withdrawn




def text_digest(translation: TranslatedArticle | None) -> str | None:
    """A digest of what a reader sees of ``translation`` (title, summary, blocks), None for None."""
    if translation is None:
        return None
    shown = {"title": translation.title, "summary": translation.summary, "blocks": translation.blocks}
    text = json.dumps(shown, ensure_ascii=False, sort_keys=True, default=json_value)  # blocks as asdict() gives them
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def changes_waiting(state: str, working_digest: str | None, public_digest: str | None) -> bool:
    """Whether a published edition's working text reads differently from its public one (by
    text_digest: what a reader sees; new checks or versions of the same text are no change)."""
    return state == PUBLISHED and working_digest != public_digest


@dataclass(frozen=True)
class Edition:
    """One article in one language: its state, texts, and the editors' marks on it.

    ``blocking`` lists the problems of ``working`` that keep it from being published (term
    checks on approved entries, flags the setting blocking_checks names). Times are ISO 8601 UTC.
    """

    slug: str
    language: str
    state: str
    working: TranslatedArticle
    public: TranslatedArticle | None = None
    blocking: tuple[str, ...] = ()
    first_published_at: str | None = None
    public_updated_at: str | None = None
    approved_by: str | None = None
    approved_at: str | None = None
    approved_digest: str | None = None  # the text the approval covers
    corrected_at: str | None = None  # the last correction to the published text
    correction_note: str | None = None
    withdrawn_at: str | None = None
    withdrawn_reason: str | None = None
    public_version: int = 0  # public changes: publication 1, each published correction, withdrawal, re-publication +1
    edited: bool = False  # an editor corrected a sentence (the store fills it in from the history)
    version: int = 0  # bumped by every change (the store fills it in): a stale save is a conflict

    def __post_init__(self):
        if self.state not in STATES:
            raise ValueError(f"unknown edition state {self.state!r}")

    @property
    def reviewed(self) -> bool:
        """Whether an editor approved the text now public."""
        return bool(self.approved_by) and self.public is not None and self.approved_digest == text_digest(self.public)

    @property
    def pending(self) -> bool:
        """Whether changes to the published text wait for approval (changes_waiting)."""
        return changes_waiting(self.state, text_digest(self.working), text_digest(self.public))

    @property
    def was_published(self) -> bool:
        return self.first_published_at is not None


@dataclass(frozen=True)
class Event:
    """One entry of an edition's history: translated, published, blocked, approved, overridden,
    corrected (``sentence``, ``before``, ``after``), withdrawn, checked / unchecked (``sentence``,
    ``after``: the text marked); ``note`` is the reason or note."""

    slug: str
    language: str
    action: str
    at: str
    editor: str | None = None
    note: str | None = None
    sentence: int | None = None  # 1-based, as the review page numbers sentences
    before: str | None = None
    after: str | None = None  # a correction: the editor's wording
    source: str | None = None  # a correction: the source sentence
