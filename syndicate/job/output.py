"""The output folder, held for writing, and publishing into it through the editorial database."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..article import Article, TranslatedArticle
from ..editions.gate import resolve_blocking_checks
from ..editions.lifecycle import Decision, approve, copy_corrections, correct, submit, withdraw
from ..editions.adopt import MIGRATION as ADOPTION
from ..editions.adopt import adopt_output_folder
from ..editions.render import render, write_site_index
from ..editions.store import EditionStore
from ..export.exporter import attribution_warnings
from ..errors import ContentError, FetchError, UsageError
from ..heap import give_back_freed_memory
from ..settings import SITE_SETTINGS, Settings, with_site_settings
from ..urls import safe_url, source_address
from ..workspace import Workspace
from .results import ProgressLine


def remember_corrections(settings: Settings, progress: ProgressLine = lambda line: None, store=None) -> int:
    """Copy the editors' corrections the editorial history holds into the translation memory
    where it lacks them (a `correct` killed between its two writes, a new machine): done before
    anything is translated for the output folder, so no run reverts a correction. ``store``: the
    output folder's EditionStore when it is open already."""
    from contextlib import nullcontext

    from ..translate.memory import TranslationMemory

    path = Workspace.of(settings).editions
    if store is None and not path.is_file():
        return 0
    with nullcontext(store) if store is not None else EditionStore(path) as history:
        if not history.corrections():  # nothing to copy: the memory isn't even opened
            return 0
        with TranslationMemory(settings.resolved_cache_path()) as memory:
            copied = copy_corrections(history, memory)
    if copied:
        progress(f"copied {copied} correction(s) from the editorial history into the translation memory")
    return copied


@contextmanager
def editorial_database(settings: Settings, *, progress: ProgressLine = lambda line: None) -> Iterator[EditionStore]:
    """The editorial database of ``settings.output_dir``, to read (review, glossary check). An
    output folder this version never took is taken once first (OutputFolder: its lock, the
    adoption of what an earlier version published there); UsageError when it isn't a folder."""
    if not Path(settings.output_dir).is_dir():
        raise UsageError(f"{settings.output_dir} is not a folder",
                         hint="give the export folder of `syndicate translate --out`")
    workspace = Workspace.of(settings)
    with EditionStore(workspace.editions) as store:
        adopted = store.migrated(ADOPTION)
    if not adopted:
        with OutputFolder(settings, command="review", progress=progress):
            pass
    with EditionStore(workspace.editions) as store:
        yield store


@dataclass(frozen=True)
class Publication:
    """What publishing one run's translations did: the editions' decisions and the files written."""

    slug: str
    folder: Path
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    decisions: tuple[Decision, ...]  # one per translation

    @property
    def blocked(self) -> tuple:
        return tuple(d for d in self.decisions if d.blocked)


class OutputFolder:
    """The output folder, held for writing: one writer at a time (an fcntl lock), and what a
    killed run left finished once the lock is held (temp files removed, articles whose editorial
    change wasn't rendered yet rendered). Use as a context manager.

    ``syndicate translate`` holds it for one article, a batch for its whole run, an editorial
    command for its change. When another run holds it, entering waits up to
    ``settings.lock_wait`` seconds (``progress`` says for whom), then raises BusyError.
    ``command`` is written in the lock file, which lives in ``workspace``, not in the public
    folder (UsageError when the workspace would), like the editorial database. The site settings
    (settings.SITE_SETTINGS) a run records there fill in those ``settings`` leave at their defaults,
    so an editorial command renders the folder as the run did.
    """

    def __init__(self, settings: Settings, *, command: str = "translate", progress: ProgressLine = lambda line: None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.settings = settings
        self.path = Path(settings.output_dir)
        self.workspace = Workspace.of(settings)
        self.command = command
        self.progress = progress
        self.clock = clock  # what "now" is for the files it writes (tests fix it)
        self.removed_temp_files: tuple[Path, ...] = ()
        self.finished: tuple[str, ...] = ()  # slugs a killed command had left unrendered
        self._lock = None
        self._store = None
        self._feed_items: dict = {}  # feed items built while the folder is held (editions.render.write_feeds)

    def __enter__(self) -> OutputFolder:
        from ..export.files import make_dir
        from ..export.lock import OutputLock, remove_stale_temp_files

        make_dir(self.path)
        moved = self.workspace.adopt_legacy_root()
        if moved:
            self.progress(f"warning: {moved}")
        lock = OutputLock(self.workspace, self.command)
        lock.acquire(self.settings.lock_wait, self.progress)
        self._lock = lock
        try:
            self.removed_temp_files = tuple(remove_stale_temp_files(self.path))
            if self.workspace.drafts_dir.is_dir():
                remove_stale_temp_files(self.workspace.drafts_dir)
            self._store = EditionStore(self.workspace.editions)
            self._adopt_older_output()
            self.settings = with_site_settings(self.settings, self._store.site_settings())
            remember_corrections(self.settings, self.progress, self._store)
            self.finished = tuple(self._store.unrendered())
            for slug in self.finished:
                self._render(slug)
            if self.finished:
                self.write_index()
                self.progress(f"finished what a stopped command left: rendered {', '.join(self.finished)}")
        except BaseException:
            self.__exit__()
            raise
        return self

    def _adopt_older_output(self) -> None:
        """Take what a version before the editorial database published here into it, once
        (editions.adopt); the folder is never read back after that."""
        adoption = adopt_output_folder(self._store, self.path, now=self.clock())
        if adoption is None:
            return
        for warning in adoption.warnings:
            self.progress(f"warning: {warning}")
        if adoption.adopted:
            self.progress(f"took {len(adoption.adopted)} article(s) an earlier version published here into the "
                          "editorial database")

    def __exit__(self, *exc) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def store(self):
        """The editorial database (editions.store.EditionStore), while the folder is held."""
        if self._lock is None:
            raise RuntimeError("OutputFolder used outside its `with` block")
        return self._store

    def _render(self, slug: str, *, update_index: bool = True):

        return render(self.store, slug, self.path, self.settings, now=self.clock(),
                      update_index=update_index, drafts_dir=self.workspace.drafts_dir,
                      images_dir=self.workspace.images_dir if self.settings.copy_images else None,
                      feed_items=self._feed_items)

    def publish(self, article: Article, translations: Sequence[TranslatedArticle], *, versions: dict,
                update_index: bool = True) -> Publication:
        """Store ``translations`` of ``article`` as its editions' working text, publish those the
        ``publish`` setting and the gate let through (editions.lifecycle.submit), and write the public
        files (pages, ninjs, article.json, feeds; the index unless ``update_index`` is False)."""

        self.store.save_site_settings({name: getattr(self.settings, name) for name in SITE_SETTINGS})
        submission = submit(self.store, article, translations, versions=versions,
                            mode=self.settings.publish,
                            blocking_checks=resolve_blocking_checks(self.settings.blocking_checks),
                            max_untranslated_share=self.settings.max_untranslated_share,
                            now=self.clock())
        give_back_freed_memory()  # the editions' JSON, before the public files are rendered
        warnings = submission.warnings + attribution_warnings(article, self.settings)
        if self.settings.copy_images:
            warnings += self._copy_lead_image(article, submission.slug)
        exported = self._render(submission.slug, update_index=update_index)
        if exported is None and update_index and not (self.path / "index.html").is_file():
            self.write_index()
        return Publication(submission.slug, self.path / submission.slug,
                           exported.files if exported else (),
                           warnings + (exported.warnings if exported else ()), submission.decisions)

    def _copy_lead_image(self, article: Article, slug: str) -> tuple[str, ...]:
        """Download ``article``'s lead image once into the workspace (setting copy_images), whence
        rendering copies it beside the pages when an edition is public; a warning when it can't be
        (the pages then link the source's)."""
        from ..export.exporter import lead_image_copy
        from ..export.files import make_dir, write_atomic
        from ..export.urls import LEAD_IMAGE_NAME
        from ..fetch.images import download_image

        url = safe_url(article.lead_image, base_url=source_address(article))
        folder = self.workspace.images_dir / slug
        if not url or lead_image_copy(folder):
            return ()
        try:
            data, suffix = download_image(url, timeout=min(self.settings.timeout, 10.0))
        except (FetchError, ContentError) as error:
            return (f"lead image not copied: {error.message}",)
        write_atomic(make_dir(folder) / f"{LEAD_IMAGE_NAME}.{suffix}", data)
        return ()

    def correct(self, engine, hook, *, slug: str, language: str, number: int, text: str, editor: str,
                note: str | None = None, expected_version: int | None = None, seen: str | None = None):
        """Correct sentence ``number`` of an edition (editions.lifecycle.correct) and render the article."""
        change = correct(self.store, engine, hook, slug=slug, language=language, number=number, text=text,
                         editor=editor, note=note, blocking_checks=resolve_blocking_checks(self.settings.blocking_checks),
                         now=self.clock(), expected_version=expected_version,
                         max_untranslated_share=self.settings.max_untranslated_share, seen=seen)
        self._render(slug)
        return change

    def approve(self, *, slug: str, language: str, editor: str, override: bool = False, reason: str | None = None,
                expected_version: int | None = None):
        """Approve an edition (editions.lifecycle.approve) and render the article."""

        change = approve(self.store, slug=slug, language=language, editor=editor, override=override, reason=reason,
                         now=self.clock(), expected_version=expected_version)
        self._render(slug)
        return change

    def withdraw(self, *, slug: str, languages: Sequence[str] = (), editor: str, reason: str,
                 expected_version: int | None = None):
        """Withdraw editions (editions.lifecycle.withdraw) and render the article."""

        change = withdraw(self.store, slug=slug, languages=languages, editor=editor, reason=reason,
                          now=self.clock(), expected_version=expected_version)
        self._render(slug)
        return change

    def write_index(self) -> None:
        """Rebuild index.html from the editorial database (once after many ``update_index=False``)."""
        write_site_index(self.store, self.path, self.settings)
