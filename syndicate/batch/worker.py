"""What a translation worker holds and does: one Engine (models loaded once) and the glossary hook.

A ``TranslationWorker`` lives wherever translation runs:

* ``--jobs 1``: in the batch process itself (pools.InProcessPool owns it);
* ``--jobs N``: one per pool process. ``start_process_worker`` is the pool's initializer and
  stores the worker in ``PROCESS_WORKER`` below — the only module-level state in the batch
  code, and it only ever exists inside pool processes;
* ``--executor dask``: one per Dask worker, held by the ``EnginePlugin`` registered on it and
  found through ``distributed.get_worker().plugins``.

Everything crossing to a worker (WorkerConfig, Article, language tags) and back
(TranslationOutput) is a frozen dataclass that pickles.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace

from .. import __version__
from ..article import Article, TranslatedArticle
from ..errors import SyndicateError
from ..languages import get_language
from ..job import LanguageOutcome, load_hook, translate_languages
from ..settings import Settings

PLUGIN_NAME = "syndicate-translation"


@dataclass(frozen=True)
class WorkerConfig:
    """How a worker builds its Engine and hook. ``threads``: CTranslate2 threads (None: the worker decides)."""

    settings: Settings
    glossary_files: tuple[str, ...] = ()
    use_glossary: bool = True
    threads: int | None = None
    max_decoding_length: int | None = None  # None: the engine's default


@dataclass(frozen=True)
class RunDescription:
    """What translating would use, as a worker sees it: each language's route or why it has none."""

    routes: dict[str, tuple[str, ...]]
    unavailable: dict[str, str]  # tag → error message (e.g. no model installed)
    glossary_version: str
    syndicate_version: str = __version__


@dataclass(frozen=True)
class TranslationOutput:
    """One article translated into each language asked for; failed languages are in ``outcomes``."""

    translations: tuple[TranslatedArticle, ...]
    outcomes: tuple[LanguageOutcome, ...]
    seconds: float


class TranslationWorker:
    """Owns one Engine and one hook, built on first use from a WorkerConfig.

    ``hook``: the one the batch process already loaded from the same config, for a worker
    living in that process (it is read-only once built).
    """

    def __init__(self, config: WorkerConfig, hook=None):
        self.config = config
        self.articles_translated = 0  # observability: which worker did how much
        self._engine = None
        self._hook = hook

    @property
    def engine(self):
        if self._engine is None:
            from ..translate.engine import Engine
            from ..translate.decoding import DecodingOptions

            overrides: dict = {"threads": self.config.threads} if self.config.threads else {}
            if self.config.max_decoding_length:
                overrides["decoding"] = DecodingOptions(beam_size=self.config.settings.beam_size,
                                                        max_decoding_length=self.config.max_decoding_length)
            self._engine = Engine.from_settings(self.config.settings, **overrides)
        return self._engine

    @property
    def hook(self):
        if self._hook is None:
            self._hook = load_hook(self.config.settings, self.config.glossary_files,
                                   use_glossary=self.config.use_glossary)
        return self._hook

    def describe(self, tags: tuple[str, ...]) -> RunDescription:
        """Each language's route (model version, post-processing) or the reason it can't run."""
        routes, unavailable = {}, {}
        for tag in tags:
            try:
                routes[tag] = self.engine.route(get_language(tag))
            except SyndicateError as error:
                unavailable[tag] = error.message
        return RunDescription(routes, unavailable, self.hook.version)

    def translate(self, article: Article, tags: tuple[str, ...]) -> TranslationOutput:
        """``article`` in each language of ``tags``; a failing language is recorded, not raised."""
        started = time.perf_counter()
        translations, outcomes = translate_languages(article, [get_language(tag) for tag in tags], self.engine,
                                                     self.hook)
        self.articles_translated += 1
        return TranslationOutput(tuple(translations), tuple(outcomes), time.perf_counter() - started)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None


# -- process pools ----------------------------------------------------------------------------

# The TranslationWorker of this pool process, set once by start_process_worker (the pool's
# initializer). None in every process that is not a translation pool worker.
PROCESS_WORKER: TranslationWorker | None = None


def start_process_worker(config: WorkerConfig) -> None:
    """ProcessPoolExecutor initializer: build this process's worker (its models load on first use).

    SIGINT is ignored: Ctrl-C reaches every process of the terminal's process group, and the
    batch process decides what stops (it terminates its workers)."""
    global PROCESS_WORKER
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    PROCESS_WORKER = TranslationWorker(config)

    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()


def _exit_with_parent(parent: int, interval: float = 1.0) -> None:
    """Exit when the batch process is gone. A batch killed with SIGKILL can't stop its pool, and
    its workers would otherwise wait on the task queue forever (holding their models' memory)."""
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)


def _process_worker() -> TranslationWorker:
    if PROCESS_WORKER is None:
        raise RuntimeError("not a translation pool process (start_process_worker did not run)")
    return PROCESS_WORKER


def translate_in_process(article: Article, tags: tuple[str, ...]) -> TranslationOutput:
    return _process_worker().translate(article, tags)


# -- Dask -----------------------------------------------------------------------------------


def make_engine_plugin(config: WorkerConfig):
    """A Dask WorkerPlugin that gives each worker its own TranslationWorker.

    Threads per worker: ``config.threads``, else the worker machine's cores divided by the
    Dask worker's thread count. (Built by a function so distributed is imported only here.)
    """
    from distributed import WorkerPlugin

    class EnginePlugin(WorkerPlugin):
        name = PLUGIN_NAME

        def __init__(self, config: WorkerConfig):
            self.config = config
            self.translator: TranslationWorker | None = None

        def setup(self, worker):
            from ..translate.decoding import available_threads

            restore_glibc_mmap_threshold()
            threads = self.config.threads or max(1, available_threads() // max(1, worker.state.nthreads))
            self.translator = TranslationWorker(replace(self.config, threads=threads))

        def teardown(self, worker):
            # The translation memory's SQLite connection belongs to the task thread, not this
            # event-loop thread; its commits are already durable, so dropping it is enough.
            self.translator = None

    return EnginePlugin(config)


# glibc mallopt parameter and the largest threshold its dynamic adjustment reaches on 64-bit.
M_MMAP_THRESHOLD = -3
GLIBC_MMAP_THRESHOLD_MAX = 32 * 2**20


def restore_glibc_mmap_threshold() -> None:
    """Undo a side effect of Dask's nanny on CTranslate2 (Linux/glibc only).

    The nanny sets MALLOC_TRIM_THRESHOLD_ for its workers, and setting it turns off glibc's
    dynamic mmap threshold: every buffer over 128 KiB is then mmap'ed and unmapped again, and
    decoding a transformer-base model ran 3-4x slower than in a plain process (measured on the
    random-base package). Raising M_MMAP_THRESHOLD to the dynamic maximum brings it back.
    """
    import sys

    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (e.g. musl)
        return
    libc.mallopt(M_MMAP_THRESHOLD, GLIBC_MMAP_THRESHOLD_MAX)


def _dask_worker() -> TranslationWorker:
    from distributed import get_worker

    plugin = get_worker().plugins.get(PLUGIN_NAME)
    if plugin is None or plugin.translator is None:
        raise RuntimeError(f"the {PLUGIN_NAME} worker plugin is not registered on this Dask worker")
    return plugin.translator


def describe_on_dask(tags: tuple[str, ...]) -> RunDescription:
    return _dask_worker().describe(tags)


def translate_on_dask(article: Article, tags: tuple[str, ...]) -> TranslationOutput:
    return _dask_worker().translate(article, tags)
