"""Dates as exports need them: ISO 8601 in, HTML/JSON datetimes and RFC 822 out."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime


def parse_iso(value: str | None) -> datetime | None:
    """``value`` (ISO 8601, date or date-time, ``Z`` allowed) as a datetime, or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None


def require_aware(moment: datetime, name: str = "now") -> datetime:
    """``moment`` in UTC; a datetime without a timezone is a programming error."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must carry a timezone (e.g. datetime.now(timezone.utc))")
    return moment.astimezone(timezone.utc)


def iso(moment: datetime) -> str:
    """Seconds precision, ``+00:00`` kept as is: valid in HTML ``<time>``, JSON-LD and ninjs."""
    return moment.isoformat(timespec="seconds")


def rfc822(moment: datetime) -> str:
    """RSS 2.0 date, e.g. ``Wed, 25 Nov 2026 07:44:46 GMT``."""
    return format_datetime(require_aware(moment, "date"), usegmt=True)


def parse_rfc822(value: str) -> datetime:
    """An RSS date back to an aware datetime; ValueError when it isn't one."""
    parsed = parsedate_to_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(f"not an RFC 822 date with a zone: {value!r}")
    return parsed
