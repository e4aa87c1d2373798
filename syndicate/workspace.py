"""The workspace: the private files of one output folder, kept out of the folder that is published.

The output folder is public (newsrooms serve or rsync it as it is), so the batch ledger, the
output lock, the editorial database, draft previews, the desk's accounts and the editors'
review pages live in the workspace instead: by default in the user's state folder
(``$XDG_STATE_HOME``, else ``~/.local/state``), ``syndicate/workspaces/<name of output_dir>-<hash
of its absolute path>/``, or wherever the ``workspace`` setting says. Not next to the output
folder: newsrooms often serve its parent too (output at /var/www/html/op-eds, web root
/var/www/html), and common web servers serve dot-folders. The folder is its owner's alone (0700,
database files 0600). Temp files of atomic writes are the one exception: they stay next to their
target, see export.lock.remove_stale_temp_files.

The ``legacy_*`` paths are where earlier versions kept these files: inside the output folder, or
(``legacy_root``) in ``<parent of output_dir>/.syndicate/<name>/``, which
``Workspace.adopt_legacy_root`` moves to the new place once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .errors import UsageError


class WorkspaceSettings(Protocol):
    """The two settings a workspace follows from (settings.Settings has them)."""

    output_dir: str
    workspace: str | None

LEGACY_LEDGER = ".syndicate-ledger.sqlite3"
LEGACY_LOCK = ".syndicate-batch.lock"
LEGACY_REVIEW_PAGE = "review.html"


@dataclass(frozen=True)
class Workspace:
    """Where the private files of the output folder ``output_dir`` live (``root``)."""

    root: Path
    output_dir: Path
    default: bool = False  # root is the default place, not one the workspace setting names

    @classmethod
    def of(cls, settings: WorkspaceSettings) -> Workspace:
        """The workspace ``settings`` name (UsageError when it lies inside the output folder)."""
        return cls(resolve_workspace(settings.output_dir, settings.workspace), Path(settings.output_dir),
                   default=not settings.workspace)

    def create(self) -> Path:
        """The workspace folder, made (with its parents) if missing, readable by its owner only."""
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self.root.stat().st_mode & 0o077:
            self.root.chmod(0o700)
        return self.root

    def adopt_legacy_root(self) -> str | None:
        """Move the workspace an earlier version kept next to the output folder
        (``<parent>/.syndicate/<name>``) here, once, when the setting leaves the place to the
        default and nothing is here yet; one line saying so, or None."""
        old = legacy_root(self.output_dir)
        if not self.default or not old.is_dir() or self.root.exists():
            return None
        self.root.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            shutil.move(str(old), str(self.root))
        except FileNotFoundError:  # another command moved it a moment ago
            return None
        self.create()
        try:
            old.parent.rmdir()  # .syndicate/, when it held no other output folder's workspace
        except OSError:
            pass
        return (f"moved the private workspace from {old} to {self.root}: next to the output folder, a web "
                "server serving its parent would publish it")

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
    """``workspace``, or by default the output folder's own folder in the user's state folder
    (``default_workspace``); UsageError when it is the output folder or inside it (it would be
    published)."""
    out = _absolute(output_dir)
    root = _absolute(workspace) if workspace else default_workspace(out)
    real_out, real_root = out.resolve(), root.resolve()
    if real_root == real_out or real_out in real_root.parents:
        raise UsageError(f"workspace {root} is inside the output folder {out}, which is published",
                         hint="set workspace (SYNDICATE_WORKSPACE) to a folder outside it, or leave it unset "
                              f"for {default_workspace(out)}")
    return root


def default_workspace(output_dir: str | Path) -> Path:
    """``<state folder>/syndicate/workspaces/<name>-<hash>``: one folder per output folder, named
    after it and told apart by a hash of its absolute path (two ``output`` folders, two workspaces)."""
    out = _absolute(output_dir)
    digest = hashlib.sha256(str(out).encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return state_home() / "syndicate" / "workspaces" / f"{out.name or 'root'}-{digest}"


def state_home() -> Path:
    """The user's state folder: ``$XDG_STATE_HOME`` when it is an absolute path, else ``~/.local/state``."""
    given = os.environ.get("XDG_STATE_HOME", "")
    return Path(given) if os.path.isabs(given) else Path.home() / ".local" / "state"


def legacy_root(output_dir: str | Path) -> Path:
    """Where earlier versions kept the workspace: next to the output folder."""
    out = _absolute(output_dir)
    return out.parent / ".syndicate" / out.name


def _absolute(path: str | Path) -> Path:
    return Path(os.path.abspath(Path(path).expanduser()))
