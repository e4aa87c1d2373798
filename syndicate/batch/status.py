"""`syndicate batch status`: what the ledger of an output folder says, read without disturbing a run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import UsageError
from .ledger import LEDGER_NAME, Entry, Ledger
from ..export.lock import is_locked


@dataclass(frozen=True)
class BatchStatus:
    """Counts per ledger state, the failed sources and why, and whether a batch runs now."""

    out_dir: Path
    counts: dict[str, int]
    failures: tuple[Entry, ...]
    running: bool
    last_update: float | None  # Unix time of the latest ledger change

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict:
        updated = (datetime.fromtimestamp(self.last_update, timezone.utc).isoformat(timespec="seconds")
                   if self.last_update else None)
        return {
            "out_dir": str(self.out_dir),
            "running": self.running,
            "total": self.total,
            "counts": self.counts,
            "last_update": updated,
            "failures": [{"source": e.source, "error_kind": e.error_kind, "error": e.last_error,
                          "attempts": e.attempts, "slug": e.slug} for e in self.failures],
        }


def read_status(out_dir: Path) -> BatchStatus:
    """The status of the batch ledger in ``out_dir``; UsageError when there is none."""
    out_dir = Path(out_dir)
    if not (out_dir / LEDGER_NAME).is_file():
        raise UsageError(f"no batch ledger in {out_dir}",
                         hint="run `syndicate batch SOURCES --out DIR` first, or point --out at its folder")
    with Ledger(out_dir) as ledger:
        entries = ledger.entries()
        counts = ledger.counts()
    return BatchStatus(
        out_dir=out_dir,
        counts=counts,
        failures=tuple(entry for entry in entries if entry.state == "failed"),
        running=is_locked(out_dir),
        last_update=max((entry.updated_at for entry in entries), default=None),
    )
