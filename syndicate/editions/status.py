"""`syndicate status`: every edition's state, editorial marks and QA, from the editorial database."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Event
from .store import EditionStore, EditionSummary


@dataclass(frozen=True)
class EditionStatus:
    """What `status` says about one edition."""

    edition: EditionSummary
    history: tuple[Event, ...] = ()
    unrendered: bool = False  # a stopped command left the output folder behind the database

    @classmethod
    def of(cls, edition: EditionSummary, history=(), unrendered: bool = False) -> EditionStatus:
        return cls(edition, tuple(history), unrendered)

    def to_dict(self) -> dict:
        e = self.edition
        data = {
            "slug": e.slug, "language": e.language, "state": e.state, "edited": e.edited, "version": e.version,
            "approved_by": e.approved_by, "approved_at": e.approved_at,
            "changes_waiting": e.changes_waiting, "blocked": bool(e.blocking), "blocking": list(e.blocking),
            "published_at": e.first_published_at, "updated_at": e.public_updated_at,
            "corrected_at": e.corrected_at, "correction_note": e.correction_note,
            "withdrawn_at": e.withdrawn_at, "withdrawn_reason": e.withdrawn_reason,
            "title": e.title, "sentences": e.sentences, "qa": e.qa, "terms": e.terms,
            "last_editor": e.last_editor, "last_action": e.last_action, "last_at": e.last_at,
            "unrendered": self.unrendered,
        }
        if self.history:
            data["history"] = [{"action": v.action, "at": v.at, "editor": v.editor, "note": v.note,
                                "sentence": v.sentence, "before": v.before, "after": v.after} for v in self.history]
        return data


def edition_statuses(workspace, *, slug: str | None = None, history: bool = False) -> tuple[EditionStatus, ...]:
    """The status of every edition the workspace's editorial database holds (only ``slug``'s when given)."""
    from ..errors import UsageError

    if not workspace.editions.is_file():
        return ()
    with EditionStore(workspace.editions) as store:
        if slug and store.article(slug) is None:
            raise UsageError(f"no article {slug!r} in {workspace.editions}", hint="`syndicate status` lists them")
        unrendered = set(store.unrendered())
        return tuple(EditionStatus.of(edition, store.events(edition.slug, edition.language) if history else (),
                                      edition.slug in unrendered)
                     for edition in store.summaries(slug))


def format_statuses(statuses: tuple[EditionStatus, ...], *, history: bool = False) -> str:
    """The status table (and with ``history`` each edition's events) as plain text."""
    if not statuses:
        return "No editions yet: `syndicate translate SOURCE` makes them.\n"
    lines = [f"{'ARTICLE':<44} {'LANG':<6} {'STATE':<10} {'EDITED':<6} {'APPROVED BY':<22} QA"]
    for status in statuses:
        e = status.edition
        state = e.state + ("*" if e.changes_waiting else "")
        approved = f"{e.approved_by} {e.approved_at[:10]}" if e.approved_by and e.approved_at else "-"
        qa = []
        if e.blocking:
            qa.append(f"BLOCKED ({len(e.blocking)})")
        if e.qa:
            qa.append(", ".join(f"{name} {count}" for name, count in e.qa.items()))
        if e.terms:
            qa.append("terms " + ", ".join(f"{count} {name}" for name, count in e.terms.items()))
        slug = e.slug if len(e.slug) <= 44 else e.slug[:41] + "..."
        lines.append(f"{slug:<44} {e.language:<6} {state:<10} {'yes' if e.edited else 'no':<6} "
                     f"{approved:<22} {'; '.join(qa) or 'ok'}")
        if status.unrendered:
            lines.append("  (the output folder is behind: the next command that writes it finishes it)")
        if e.state == "withdrawn" and e.withdrawn_reason:
            lines.append(f"  withdrawn {e.withdrawn_at[:10] if e.withdrawn_at else ''}: {e.withdrawn_reason}")
        for reason in e.blocking[:3]:
            lines.append(f"  blocks: {reason}")
        if len(e.blocking) > 3:
            lines.append(f"  and {len(e.blocking) - 3} more (syndicate review --article {e.slug})")
        for event in status.history:
            who = f" by {event.editor}" if event.editor else ""
            what = f" sentence {event.sentence}" if event.sentence else ""
            note = f": {event.note}" if event.note else ""
            lines.append(f"  {event.at}  {event.action}{what}{who}{note}")
    if any(s.edition.changes_waiting for s in statuses):
        lines.append("* a later run's text waits for approval; the published text stays until `syndicate approve`")
    return "\n".join(lines) + "\n"
