"""The workspace: the private files of one output folder, kept out of the folder that is published.

The output folder is public (newsrooms serve or rsync it as it is), so the batch ledger, the
output lock, the editorial database, draft previews and the editors' review pages live in the
workspace instead: by default
``<parent of output_dir>/.syndicate/<name of output_dir>/``, next to the output folder (two
output folders in one parent get two workspaces), or wherever the ``workspace`` setting says.
Temp files of atomic writes are the one exception: they stay next to their target, see
export.lock.remove_stale_temp_files.

The ``legacy_*`` paths are where earlier versions kept these files, inside the output folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:
    from .settings import Settings

LEGACY_LEDGER = ".syndicate-ledger.sqlite3"
LEGACY_LOCK = ".syndicate-batch.lock"
LEGACY_REVIEW_PAGE = "review.html"


@dataclass(frozen=True)
class Workspace:
    """Where the private files of the output folder ``output_dir`` live (``root``)."""

    root: Path
    output_dir: Path

    @classmethod
    def of(cls, settings: Settings) -> Workspace:
        """The workspace ``settings`` name (UsageError when it lies inside the output folder)."""
        return cls(settings.resolved_workspace(), Path(settings.output_dir))

    @property
    def ledger(self) -> Path:
        return self.root / "ledger.sqlite3"

    @property
    def lock(self) -> Path:
        return self.root / "output.lock"

    @property
    def editions(self) -> Path:
        """The editorial database (syndicate.editions.store)."""
        return self.root / "editions.sqlite3"

    @property
    def drafts_dir(self) -> Path:
        """Previews of editions waiting for approval: ``drafts/<slug>/<lang>.html``."""
        return self.root / "drafts"

    @property
    def images_dir(self) -> Path:
        """Lead images downloaded for copying (setting copy_images): ``images/<slug>/lead.<type>``."""
        return self.root / "images"

    @property
    def review_dir(self) -> Path:
        return self.root / "review"

    def review_page(self, slug: str) -> Path:
        return self.review_dir / f"{slug}.html"

    @property
    def legacy_ledger(self) -> Path:
        return self.output_dir / LEGACY_LEDGER

    @property
    def legacy_lock(self) -> Path:
        return self.output_dir / LEGACY_LOCK

    def legacy_review_pages(self) -> tuple[Path, ...]:
        """Review pages earlier versions wrote into the output folder (``<slug>/review.html``)."""
        return tuple(sorted(path for path in self.output_dir.glob(f"*/{LEGACY_REVIEW_PAGE}") if path.is_file()))


def resolve_workspace(output_dir: str | Path, workspace: str | Path | None) -> Path:
    """``workspace``, or by default ``<parent of output_dir>/.syndicate/<name of output_dir>``;
    UsageError when it is the output folder or inside it (it would be published)."""
    out = Path(os.path.abspath(Path(output_dir).expanduser()))
    root = Path(os.path.abspath(Path(workspace).expanduser())) if workspace else out.parent / ".syndicate" / out.name
    real_out, real_root = out.resolve(), root.resolve()
    if real_root == real_out or real_out in real_root.parents:
        raise UsageError(f"workspace {root} is inside the output folder {out}, which is published",
                         hint="set workspace (SYNDICATE_WORKSPACE) to a folder outside it, or leave it unset "
                              f"for {out.parent / '.syndicate' / out.name}")
    return root
