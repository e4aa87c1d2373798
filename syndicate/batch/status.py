"""`syndicate batch status`: what the ledger of an output folder says, read without disturbing a run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import UsageError
from ..export.lock import LockHolder, lock_holder
from ..workspace import Workspace
from .ledger import Entry, Ledger, Run


@dataclass(frozen=True)
class BatchStatus:
    """Counts per ledger state, the failed sources and why, whether a batch runs now, and how the last run ended."""

    out_dir: Path
    ledger: Path  # the database read
    counts: dict[str, int]
    failures: tuple[Entry, ...]
    holder: LockHolder | None  # the run writing to the folder now (a batch, or a translate exporting)
    last_run: Run | None
    last_update: float | None  # Unix time of the latest ledger change

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def running(self) -> bool:
        """Whether a batch runs on the folder now (it holds the lock for its whole run)."""
        return self.holder is not None and self.holder.command != "translate"

    @property
    def last_outcome(self) -> str | None:
        """finished | interrupted | crashed | running; crashed also when a run was killed without a word."""
        if self.last_run is None:
            return None
        if self.last_run.outcome is None:
            return "running" if self.running else "crashed"
        return self.last_run.outcome

    def to_dict(self) -> dict:
        run = self.last_run
        return {
            "out_dir": str(self.out_dir),
            "ledger": str(self.ledger),
            "running": self.running,
            "holder": vars(self.holder) if self.holder else None,
            "total": self.total,
            "counts": self.counts,
            "last_update": _iso(self.last_update),
            "last_run": {"outcome": self.last_outcome, "detail": run.detail, "pid": run.pid,
                         "started_at": _iso(run.started_at), "finished_at": _iso(run.finished_at)} if run else None,
            "failures": [{"source": e.source, "error_kind": e.error_kind, "error": e.last_error,
                          "attempts": e.attempts, "slug": e.slug} for e in self.failures],
        }


def _iso(timestamp: float | None) -> str | None:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds") if timestamp else None


def read_status(workspace: Workspace) -> BatchStatus:
    """The status of the batch ledger of ``workspace`` (or the one an earlier version left in the
    output folder, until the next batch moves it); UsageError when there is none."""
    out_dir = workspace.output_dir
    path = next((path for path in (workspace.ledger, workspace.legacy_ledger) if path.is_file()), None)
    if path is None:
        raise UsageError(f"no batch ledger for {out_dir} (looked in {workspace.root})",
                         hint="run `syndicate batch SOURCES --out DIR` first, or point --out (and the workspace "
                              "setting) at its folder")
    holder = lock_holder(workspace)  # before the ledger: a run ending in between then reads "finished"
    with Ledger(path) as ledger:
        entries = ledger.entries()
        counts = ledger.counts()
        last_run = ledger.last_run()
    return BatchStatus(
        out_dir=out_dir,
        ledger=path,
        counts=counts,
        failures=tuple(entry for entry in entries if entry.state == "failed"),
        holder=holder,
        last_run=last_run,
        last_update=max((entry.updated_at for entry in entries), default=None),
    )
