"""Where translation runs: in the batch process, in a process pool, or on Dask workers.

Every pool answers ``describe(tags)`` (the routes, for the run key) and ``submit(article, tags)``,
which returns a ``concurrent.futures.Future`` of a TranslationOutput, so the batch loop waits on
fetches and translations alike. ``broken`` lists the exceptions meaning the pool itself failed
(a worker process died): the batch stops on those, and re-running it resumes. ``close()`` waits
for the workers to finish; ``abort()`` (a stopped or failing batch) returns at once, dropping
translations in flight. Exports and the ledger stay in the batch process whatever the pool.
"""

from __future__ import annotations

import concurrent.futures as cf
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from ..article import Article
from ..errors import UsageError
from .threads import DaemonThreadPool
from .worker import (
    PLUGIN_NAME,
    RunDescription,
    TranslationWorker,
    WorkerConfig,
    describe_on_dask,
    make_engine_plugin,
    start_process_worker,
    translate_in_process,
    translate_on_dask,
)

EXECUTORS = ("local", "dask")
WAIT_FOR_WORKERS = 60  # seconds a batch waits for a remote Dask cluster to have a worker


class InProcessPool:
    """``--jobs 1``: one TranslationWorker on one thread of this process, so exporting an
    article overlaps translating the next (CTranslate2 releases the GIL)."""

    description = "in-process"
    broken: tuple[type[BaseException], ...] = ()

    def __init__(self, config: WorkerConfig, hook=None):
        self._worker = TranslationWorker(config, hook)
        # One thread: the Engine's SQLite memory is used by the thread that opened it. A daemon,
        # so a stopped batch need not wait for the article it is translating.
        self._thread = DaemonThreadPool(1, "translate")

    def describe(self, tags: tuple[str, ...]) -> RunDescription:
        return self._thread.submit(self._worker.describe, tags).result()

    def submit(self, article: Article, tags: tuple[str, ...]) -> cf.Future:
        return self._thread.submit(self._worker.translate, article, tags)

    def close(self) -> None:
        self._thread.submit(self._worker.close).result()
        self._thread.shutdown()

    def abort(self) -> None:
        self._thread.shutdown(wait=False)


class ProcessPool:
    """``--jobs N``: N processes, each owning one TranslationWorker (see worker.start_process_worker).

    The processes start with the first translation, so a re-run with nothing to translate
    starts none; the routes are described here, on the same machine and settings.
    """

    def __init__(self, config: WorkerConfig, jobs: int, hook=None):
        import multiprocessing

        self.description = f"{jobs} processes"
        self.broken = (BrokenProcessPool,)
        self._local = TranslationWorker(config, hook)  # loads no model: describe() reads package metadata
        # spawn: the batch process runs fetch threads, which fork would copy mid-flight.
        self._pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=start_process_worker, initargs=(config,))

    def describe(self, tags: tuple[str, ...]) -> RunDescription:
        return self._local.describe(tags)

    def submit(self, article: Article, tags: tuple[str, ...]) -> cf.Future:
        return self._pool.submit(translate_in_process, article, tags)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._local.close()

    def abort(self) -> None:
        # The executor has no public way to stop a running task (Python 3.14 adds terminate_workers),
        # and its exit hook would wait for them: terminate the worker processes.
        for process in list((self._pool._processes or {}).values()):
            process.terminate()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._local.close()


class DaskPool:
    """``--executor dask``: translation tasks on Dask workers, each with its own TranslationWorker.

    With a scheduler address the batch joins that cluster, and a worker describes the routes
    (its models folder is what counts). Without one, a LocalCluster of ``jobs`` worker processes
    (one thread each) starts with the first translation and stops at the end.
    """

    def __init__(self, config: WorkerConfig, jobs: int, scheduler: str | None, hook=None):
        import importlib.util

        # Checked, not imported: importing distributed takes ~0.25 s, which a re-run that
        # translates nothing (and so starts no cluster) should not pay.
        if importlib.util.find_spec("distributed") is None:
            raise UsageError("the dask executor needs dask[distributed]",
                             hint="pip install 'syndicate[distributed]'")
        self.config = config
        self.jobs = jobs
        self.scheduler = scheduler
        self.description = f"dask at {scheduler}" if scheduler else f"dask local cluster of {jobs} workers"
        self._local = None if scheduler else TranslationWorker(config, hook)
        self._cluster = None
        self._client = None
        self._executor = None
        if scheduler:
            self._connect()

    @property
    def broken(self) -> tuple[type[BaseException], ...]:
        """A worker died (read only when a translation failed)."""
        from distributed import KilledWorker

        return (KilledWorker,)

    def _connect(self):
        """The executor on the cluster's workers, connecting (or starting the local cluster) once."""
        if self._executor is not None:
            return self._executor
        import logging

        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="10s")
                self._client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
            except (OSError, TimeoutError) as error:
                raise UsageError(f"no Dask workers reachable at {self.scheduler}: {error}",
                                 hint="check the address (tcp://host:8786) and that workers have joined") from error
        else:
            self._cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        self._client.register_plugin(make_engine_plugin(self.config), name=PLUGIN_NAME)
        self._executor = self._client.get_executor(pure=False)
        return self._executor

    def describe(self, tags: tuple[str, ...]) -> RunDescription:
        if self._local is not None:
            return self._local.describe(tags)
        return self._connect().submit(describe_on_dask, tags).result()

    def submit(self, article: Article, tags: tuple[str, ...]) -> cf.Future:
        return self._connect().submit(translate_on_dask, article, tags)

    def abort(self) -> None:
        self.close()  # tasks in flight are dropped: the cluster (or our session on it) ends

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False)
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        if self._local is not None:
            self._local.close()


def open_pool(executor: str, jobs: int, config: WorkerConfig, scheduler: str | None = None, hook=None):
    """The translation pool for ``--executor`` and ``--jobs``; close it when done.

    ``hook``: the glossary hook the caller already loaded from ``config``, reused by the workers
    that live in this process instead of linting and loading the glossaries again."""
    from ..translate.decoding import available_threads

    if executor not in EXECUTORS:
        raise UsageError(f"unknown executor {executor!r}", hint=f"use one of {', '.join(EXECUTORS)}")
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    if scheduler and executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    threads = config.threads or max(1, available_threads() // jobs)
    if executor == "dask":
        # On a remote cluster each worker divides its own machine's cores.
        return DaskPool(config if scheduler else replace(config, threads=threads), jobs, scheduler, hook)
    config = replace(config, threads=threads)
    return InProcessPool(config, hook) if jobs == 1 else ProcessPool(config, jobs, hook)
