"""run_batch: many sources through fetch → translate → export, every step recorded in the ledger.

One batch process owns the output folder (an fcntl lock), the ledger and every write to the
folder; the lock file and the ledger live in its private workspace (syndicate.workspace).
Fetching and extraction run on a thread pool (bounded, polite per host); translation runs in a
pool (pools.open_pool: in-process, processes or Dask); each translated article is exported —
pages, article.json, one merge per language feed — by the batch process as soon as its
translation comes back, then marked exported in the ledger.

Crash safety comes from the order of things: an article is marked exported only after its
export finished, each file is written atomically, feeds merge by a stable guid, and an article
re-exported into its existing folder keeps its slug. So a run killed at any moment re-does at
most the articles it was busy with, and re-doing one leaves the same files and feed items.

A re-run skips what is exported and unchanged: the same page bytes (no extraction needed), or
the same extracted article (content hash), under the same run key (languages, model routes,
glossary version, syndicate version, export settings such as base_url). Failed sources are
retried only when asked.

Stopping: KeyboardInterrupt (Ctrl-C, or SIGTERM under threads.stop_on_signals) stops the run
at once, whatever is in flight: fetch threads and the in-process translation are daemons left
behind, pool processes are terminated. The sources in flight go back to ``queued``, the run is
recorded as interrupted in the ledger, and the summary says so (``interrupted``); re-running
the same command resumes. An error that stops the run is recorded as the run crashing.

The library never prints: ``on_event`` receives BatchWaiting, BatchStarted and ItemFinished events.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..editions.lifecycle import Decision
from ..editions.model import Outcome
from ..errors import ModelError, SyndicateError, UsageError
from ..languages import Language
from ..settings import SITE_SETTINGS, Settings
from .fetching import Fetched, PoliteFetcher, SharedExtractor, fetch_article, read_text_source
from .ledger import Entry, Ledger, adopt_legacy_ledger
from .pools import open_pool
from .sources import Source, expand_sources
from .threads import DaemonThreadPool
from .worker import RunDescription, TranslationOutput, WorkerConfig


@dataclass(frozen=True)
class BatchRequest:
    """Everything one batch run needs; ``sources`` as the user gave them (URLs, lists, feeds, sitemaps).
    The output folder is the settings' ``output_dir``."""

    sources: tuple[str, ...]
    languages: tuple[Language, ...]
    settings: Settings
    jobs: int = 1
    executor: str = "local"  # local | dask
    scheduler: str | None = None  # Dask scheduler address; None starts a LocalCluster
    retry_failed: bool = False
    glossary_files: tuple[str, ...] = ()
    use_glossary: bool = True
    allow_non_english: bool = False
    fetch_threads: int = 8
    per_host: int = 2  # requests at once to one host
    host_interval: float = 0.0  # seconds between request starts to one host
    max_decoding_length: int | None = None  # cap on output pieces per sentence (None: the engine's default)

    @property
    def out_dir(self) -> Path:
        return Path(self.settings.output_dir)


@dataclass(frozen=True)
class ItemResult:
    """How one source went in this run; ``source`` is its identity (sources.Source.key: a URL
    normalized and without credentials, or a file).

    ``status``: exported | unchanged (done earlier, same article and run key) | failed |
    skipped (failed in an earlier run and not retried: pass retry_failed).
    """

    source: str
    status: str
    slug: str | None = None
    error_kind: str | None = None  # fetch | content | model | export | ... (the error family)
    error: str | None = None
    languages: dict[str, str] = field(default_factory=dict)  # tag → "exported" or why it failed
    seconds: float = 0.0  # working time: fetch, extract, translate, export (not time spent queued)
    decisions: tuple[Decision, ...] = ()  # what publishing did to each edition

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "skipped")

    def to_dict(self) -> dict:
        return {"source": self.source, "status": self.status, "slug": self.slug, "error_kind": self.error_kind,
                "error": self.error, "languages": self.languages, "seconds": round(self.seconds, 3)}


@dataclass(frozen=True)
class BatchProgress:
    """Where the run stands after an item: counts so far and an estimate of the time left."""

    total: int
    exported: int
    unchanged: int
    failed: int
    elapsed: float
    eta: float | None  # seconds; None until something finished

    @property
    def remaining(self) -> int:
        return self.total - self.exported - self.unchanged - self.failed


@dataclass(frozen=True)
class BatchStarted:
    total: int  # sources in this batch
    to_do: int  # sources the run will fetch (the others failed earlier and are not retried)
    executor: str
    run_key: str
    unavailable: dict[str, str]  # languages no worker can translate, and why
    removed_temp_files: int  # left by an earlier run that was killed
    warnings: tuple[str, ...] = ()  # e.g. the ledger moved out of the public folder


@dataclass(frozen=True)
class ItemFinished:
    item: ItemResult
    progress: BatchProgress


@dataclass(frozen=True)
class BatchWaiting:
    message: str  # whom the batch waits for: another run holds the output folder


BatchEvent = BatchWaiting | BatchStarted | ItemFinished


@dataclass(frozen=True)
class BatchSummary:
    """What a batch run did, item by item, in the order the sources were given.

    ``interrupted``: the signal that stopped the run (SIGINT, SIGTERM), None when it ran to the
    end; ``items`` are then the sources finished before it, ``unfinished`` counts the others."""

    out_dir: Path
    ledger: Path
    items: tuple[ItemResult, ...]
    seconds: float
    run_key: str
    executor: str
    interrupted: str | None = None
    unfinished: int = 0

    def count(self, status: str) -> int:
        return sum(item.status == status for item in self.items)

    @property
    def failed(self) -> tuple[ItemResult, ...]:
        return tuple(item for item in self.items if item.failed)

    @property
    def blocked(self) -> tuple[tuple[str, str, str], ...]:
        """(source, language, why) of every edition the publishing gate kept out of the feeds."""
        return tuple((item.source, decision.language, "; ".join(decision.blocking)) for item in self.items
                     for decision in item.decisions if decision.blocked)

    def to_dict(self) -> dict:
        return {
            "out_dir": str(self.out_dir),
            "ledger": str(self.ledger),
            "counts": {status: self.count(status) for status in ("exported", "unchanged", "failed", "skipped")},
            "seconds": round(self.seconds, 3),
            "run_key": self.run_key,
            "executor": self.executor,
            "interrupted": self.interrupted,
            "unfinished": self.unfinished,
            "items": [item.to_dict() for item in self.items],
        }


# Settings that change what is exported whatever the translation: the site's, and the publish mode.
EXPORT_SETTINGS = (*SITE_SETTINGS, "publish")


def make_run_key(tags: tuple[str, ...], description: RunDescription, settings: Settings) -> str:
    """What an export depends on besides the article: languages, routes, glossary, syndicate
    version, and the settings that shape the exported files."""
    payload = {
        "languages": list(tags),
        "routes": {tag: list(route) for tag, route in description.routes.items()},
        "unavailable": sorted(description.unavailable),
        "glossary": description.glossary_version,
        "syndicate": description.syndicate_version,
        "export": {name: getattr(settings, name) for name in EXPORT_SETTINGS},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def run_batch(request: BatchRequest, on_event: Callable[[BatchEvent], None] = lambda event: None) -> BatchSummary:
    """Run (or resume) the batch in ``request.out_dir``; per-source failures are in the summary.

    Raises BusyError when another run holds the folder longer than ``settings.lock_wait``
    (the batch waits like ``syndicate translate`` does), UsageError when the sources can't be
    read, and lets other SyndicateErrors out when nothing can run (a malformed glossary, no
    scheduler). A KeyboardInterrupt once the ledger is open returns the summary so far.
    """

    from ..job import OutputFolder, load_hook

    started = time.perf_counter()
    settings = request.settings
    out_dir = request.out_dir

    def waiting(line: str) -> None:
        on_event(BatchWaiting(line))

    with OutputFolder(settings, command="batch", progress=waiting) as output:
        expanded = expand_sources(request.sources, lambda source: read_text_source(source, timeout=settings.timeout))
        if not expanded.sources:
            raise UsageError("no article sources found in " + ", ".join(request.sources),
                             hint="give article URLs, a file of URLs, a feed or a sitemap")
        hook = load_hook(settings, request.glossary_files, use_glossary=request.use_glossary)
        config = WorkerConfig(settings, tuple(request.glossary_files), request.use_glossary,
                              max_decoding_length=request.max_decoding_length)
        sources = expanded.sources
        keys = [source.key for source in sources]
        moved = adopt_legacy_ledger(output.workspace)
        with Ledger(output.workspace.ledger) as ledger:
            ledger.add(keys + [refused.key for refused in expanded.refused])
            run_id = ledger.start_run()
            pool = loop = None
            interrupted = None
            try:
                pool = open_pool(request.executor, request.jobs, config, request.scheduler, hook)
                tags = tuple(language.tag for language in request.languages)
                description = pool.describe(tags)
                loop = _BatchLoop(request, output, ledger, pool, hook, tags,
                                  make_run_key(tags, description, settings), on_event)
                on_event(BatchStarted(len(sources) + len(expanded.refused), loop.count_to_do(keys), pool.description,
                                      loop.run_key, dict(description.unavailable), len(output.removed_temp_files),
                                      (moved,) if moved else ()))
                loop.refuse(expanded.refused)
                loop.run(sources)
            except BaseException as error:
                if pool is not None:
                    pool.abort()
                done = loop.results if loop else {}
                ledger.requeue([key for key in keys if key not in done])
                if not isinstance(error, KeyboardInterrupt):
                    ledger.end_run(run_id, "crashed", str(error) or type(error).__name__)
                    raise
                interrupted = getattr(error, "signal_name", "SIGINT")
                ledger.end_run(run_id, "interrupted", interrupted)
            else:
                pool.close()
                ledger.end_run(run_id, "finished")
        order = [refused.key for refused in expanded.refused] + keys
        items = tuple(loop.results[key] for key in order if key in loop.results) if loop else ()
        if any(item.status == "exported" for item in items) or not (out_dir / "index.html").is_file():
            output.write_index()  # once per batch, not per article: it reads every article
    return BatchSummary(out_dir, output.workspace.ledger, items, time.perf_counter() - started,
                        loop.run_key if loop else "", pool.description if pool else request.executor,
                        interrupted, len(order) - len(items))


class _BatchLoop:
    """The event loop of one run: fetch futures and translation futures, handled as they finish.

    Only this (the batch process's main) thread touches the ledger and writes the output folder.
    """

    def __init__(self, request: BatchRequest, output, ledger: Ledger, pool, hook, tags: tuple[str, ...],
                 run_key: str, on_event: Callable[[BatchEvent], None]):
        from ..job import make_extractor

        self.request = request
        self.output = output
        self.ledger = ledger
        self.pool = pool
        self.hook = hook
        self.tags = tags
        self.run_key = run_key
        self.on_event = on_event
        self.out_dir = request.out_dir
        self.extractor = SharedExtractor(make_extractor(request.settings))
        self.fetcher = PoliteFetcher(timeout=request.settings.timeout, per_host=request.per_host,
                                     interval=request.host_interval)
        self.results: dict[str, ItemResult] = {}
        self.clock = time.perf_counter()
        self.finished_here = 0  # items that did work in this run (for the ETA)
        self.counts = dict.fromkeys(("exported", "unchanged", "failed"), 0)
        self.total = 0

    # -- planning --------------------------------------------------------------------------

    def _skipped(self, entry: Entry | None) -> bool:
        return entry is not None and entry.state == "failed" and not self.request.retry_failed

    def count_to_do(self, keys) -> int:
        return sum(not self._skipped(self.ledger.get(key)) for key in keys)

    def _exported_page_hash(self, entry: Entry) -> str | None:
        """The page hash to compare with, when ``entry`` is exported under this run key and still on disk."""
        if entry.state == "exported" and entry.exported_key == self.run_key and self._on_disk(entry):
            return entry.page_hash
        return None

    def _on_disk(self, entry: Entry) -> bool:
        from ..export.record import RECORD_NAME

        return bool(entry.slug) and (self.out_dir / entry.slug / RECORD_NAME).is_file()

    # -- the loop --------------------------------------------------------------------------

    def refuse(self, refused) -> None:
        """Record what feeds and sitemaps named that is not read (sources.Refused) as failed."""
        self.total += len(refused)
        for item in refused:
            self.ledger.start_attempt(item.key)
            self._fail(item.key, UsageError.kind, item.reason, {})

    def run(self, sources: tuple[Source, ...]) -> None:
        """Work through ``sources``; each finished one is in ``results`` under its key."""
        self.total += len(sources)
        queue: deque[tuple[Source, str | None]] = deque()
        for source in sources:
            entry = self.ledger.get(source.key)
            if self._skipped(entry):
                self._finish(ItemResult(source.key, "skipped", entry.slug, entry.error_kind, entry.last_error),
                             worked=False)
                continue
            if entry.state != "exported":
                self.ledger.start_attempt(source.key)
            queue.append((source, self._exported_page_hash(entry)))

        in_flight_limit = self.request.fetch_threads + 2 * self.request.jobs
        fetching: dict[cf.Future, str] = {}
        translating: dict[cf.Future, Fetched] = {}
        fetch_pool = DaemonThreadPool(self.request.fetch_threads, "fetch")
        try:
            while queue or fetching or translating:
                while queue and len(fetching) + len(translating) < in_flight_limit:
                    source, exported_page_hash = queue.popleft()
                    future = fetch_pool.submit(
                        fetch_article, source, fetcher=self.fetcher, extractor=self.extractor,
                        exported_page_hash=exported_page_hash, allow_non_english=self.request.allow_non_english)
                    fetching[future] = source.key
                done, _ = cf.wait([*fetching, *translating], return_when=cf.FIRST_COMPLETED)
                for future in done:
                    if future in fetching:
                        self._fetched(fetching.pop(future), future, translating)
                    else:
                        self._translated(translating.pop(future), future)
        finally:
            for future in [*fetching, *translating]:
                future.cancel()
            fetch_pool.shutdown(wait=False)  # fetches still in flight (when stopped) are dropped

    def _fetched(self, source: str, future: cf.Future, translating: dict[cf.Future, Fetched]) -> None:
        try:
            fetched: Fetched = future.result()
        except SyndicateError as error:
            self._fail(source, error.kind, error.with_hint(), {})
            return
        entry = self.ledger.get(source)
        if fetched.article is None or (entry.is_done(fetched.content_hash, self.run_key) and self._on_disk(entry)):
            if fetched.article is not None:
                self.ledger.set_page_hash(source, fetched.page_hash)
            self._finish(ItemResult(source, "unchanged", entry.slug, languages=dict.fromkeys(self.tags, "exported"),
                                    seconds=sum(fetched.timings.values())))
            return
        if entry.state == "exported":  # the article changed at the source
            self.ledger.start_attempt(source)
        self.ledger.mark(source, "fetched", content_hash=fetched.content_hash, page_hash=fetched.page_hash,
                         timings=_rounded(fetched.timings))
        translating[self.pool.submit(fetched.article, self.tags)] = fetched

    def _translated(self, fetched: Fetched, future: cf.Future) -> None:
        from ..job import run_versions

        source = fetched.source
        timings = dict(fetched.timings)
        try:
            output: TranslationOutput = future.result()
        except SyndicateError as error:
            self._fail(source, error.kind, error.with_hint(), timings)
            return
        except self.pool.broken as error:
            raise ModelError(f"a translation worker died while translating {source}: {error or type(error).__name__}",
                             hint="it may have run out of memory: try fewer --jobs; re-running the same command "
                                  "resumes the batch") from error
        timings["translate"] = output.seconds
        languages = {o.language: "exported" if o.ok else o.error for o in output.outcomes}
        failed = [o for o in output.outcomes if not o.ok]
        if not output.translations:
            self._fail(source, failed[0].error_kind or "model", _languages_message(failed), timings,
                       languages=languages)
            return
        versions = run_versions(output.translations, self.hook)
        self.ledger.mark(source, "translated", timings=timings, versions=versions)
        started = time.perf_counter()
        try:
            exported = self.output.publish(fetched.article, output.translations, versions=versions,
                                           update_index=False)
        except SyndicateError as error:
            self._fail(source, error.kind, error.with_hint(), timings, languages=languages)
            return
        timings["export"] = time.perf_counter() - started
        languages |= {d.language: _decision_status(d) for d in exported.decisions}
        if failed:
            self._fail(source, failed[0].error_kind or "model", _languages_message(failed), timings,
                       slug=exported.slug, languages=languages, decisions=exported.decisions)
            return
        self.ledger.mark_exported(source, content_hash=fetched.content_hash, run_key=self.run_key,
                                  slug=exported.slug, timings=_rounded(timings), versions=versions)
        self._finish(ItemResult(source, "exported", exported.slug, languages=languages,
                                seconds=sum(timings.values()), decisions=exported.decisions))

    # -- bookkeeping -----------------------------------------------------------------------

    def _fail(self, source: str, kind: str, message: str, timings: dict, *, slug: str | None = None,
              languages: dict | None = None, decisions: tuple[Decision, ...] = ()) -> None:
        self.ledger.fail(source, kind, message, slug=slug, timings=_rounded(timings))
        self._finish(ItemResult(source, "failed", slug, kind, message, languages or {}, sum(timings.values()),
                                decisions))

    def _finish(self, item: ItemResult, *, worked: bool = True) -> None:
        self.results[item.source] = item
        self.finished_here += worked
        counts = self.counts
        counts["failed" if item.failed else item.status] += 1
        elapsed = time.perf_counter() - self.clock
        remaining = self.total - len(self.results)
        eta = elapsed / self.finished_here * remaining if self.finished_here else None
        self.on_event(ItemFinished(item, BatchProgress(self.total, counts["exported"], counts["unchanged"],
                                                  counts["failed"], elapsed, eta)))


def _decision_status(decision) -> str:
    """How the batch reports an edition's decision: exported (in the feed), draft, withdrawn,
    or "blocked: <why>"."""
    if decision.blocked:
        return "blocked: " + "; ".join(decision.blocking)
    return {Outcome.DRAFT: "draft", Outcome.WITHDRAWN: "withdrawn"}.get(decision.outcome, "exported")


def _languages_message(failed) -> str:
    return "; ".join(f"{outcome.language}: {outcome.error}" for outcome in failed)


def _rounded(timings: dict[str, float]) -> dict[str, float]:
    return {stage: round(seconds, 3) for stage, seconds in timings.items()}
