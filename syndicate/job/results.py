"""What one run of the main job did: per language, and for the whole source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..article import Article
from ..editions.lifecycle import Decision
from ..editions.model import Outcome


ProgressLine = Callable[[str], None]


@dataclass(frozen=True)
class LanguageOutcome:
    """How one language went: translated, or the error that stopped it."""

    language: str
    error: str | None = None  # the message as users see it, hint included
    error_kind: str | None = None  # the error family (SyndicateError.kind): "model", "glossary", ...
    terms: dict[str, int] = field(default_factory=dict)  # term QA: status → count
    cut_off: int = 0  # sentences whose translation stopped at the model's length limit
    qa: dict[str, int] = field(default_factory=dict)  # sentence checks: check name → flagged sentences
    decision: Decision | None = None  # what publishing did to the edition (None: not published)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def state(self) -> str | None:
        """The edition's state after the run: draft | published | withdrawn."""
        return self.decision.state if self.decision else None

    @property
    def outcome(self) -> Outcome | None:
        return self.decision.outcome if self.decision else None

    @property
    def blocking(self) -> tuple[str, ...]:
        """Why the gate kept it from the feeds."""
        return self.decision.blocking if self.decision else ()

    @property
    def blocked(self) -> bool:
        return bool(self.decision and self.decision.blocked)


@dataclass(frozen=True)
class SyndicationResult:
    """Everything one run of the main job did."""

    source: str
    article: Article
    outcomes: tuple[LanguageOutcome, ...]
    slug: str | None = None
    folder: Path | None = None
    files: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    versions: dict = field(default_factory=dict)

    @property
    def exported(self) -> tuple[str, ...]:
        return tuple(o.language for o in self.outcomes if o.ok)

    @property
    def failed(self) -> tuple[LanguageOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)

    @property
    def blocked(self) -> tuple[LanguageOutcome, ...]:
        return tuple(o for o in self.outcomes if o.blocked)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "title": self.article.title,
            "slug": self.slug,
            "folder": str(self.folder) if self.folder else None,
            "languages": {
                o.language: {"status": "exported" if o.ok else "failed", "error": o.error,
                             "error_kind": o.error_kind, "terms": o.terms, "cut_off": o.cut_off, "qa": o.qa,
                             "state": o.state, "outcome": o.outcome, "blocking": list(o.blocking)}
                for o in self.outcomes
            },
            "files": [str(path) for path in self.files],
            "warnings": list(self.warnings),
            "timings": {stage: round(seconds, 3) for stage, seconds in self.timings.items()},
            "versions": self.versions,
        }
