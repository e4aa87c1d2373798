"""A thread pool whose threads don't keep the process alive, and the signals that stop a batch.

``concurrent.futures.ThreadPoolExecutor`` joins its threads when the interpreter exits, so a
batch stopped by Ctrl-C would still wait for every fetch in flight (up to the fetch timeout) and
for the in-process translation. ``DaemonThreadPool`` threads are daemons: a stopped batch records
what happened in its ledger and exits; work they were doing is simply dropped (and redone by the
next run, which the ledger makes safe).
"""

from __future__ import annotations

import concurrent.futures as cf
import queue
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class DaemonThreadPool:
    """``workers`` daemon threads running submitted calls; ``submit`` returns a Future."""

    def __init__(self, workers: int, name: str):
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._work, name=f"{name}-{index}", daemon=True)
                         for index in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, fn, /, *args, **kwargs) -> cf.Future:
        future: cf.Future = cf.Future()
        self._queue.put((future, fn, args, kwargs))
        return future

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            future, fn, args, kwargs = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:  # handed to whoever waits on the future
                future.set_exception(error)
            else:
                future.set_result(result)

    def shutdown(self, wait: bool = True) -> None:
        """Stop the threads once the calls queued so far are done (cancel their futures first to
        skip them); ``wait=False`` returns at once and leaves calls in flight to finish unheard."""
        for _ in self._threads:
            self._queue.put(None)
        if wait:
            for thread in self._threads:
                thread.join()


class Interrupted(KeyboardInterrupt):
    """A stop signal (SIGINT, SIGTERM) raised in the main thread by ``stop_on_signals``."""

    def __init__(self, signum: int):
        self.signal_name = signal.Signals(signum).name
        self.exit_code = 128 + signum  # the shell's convention: 130 for SIGINT, 143 for SIGTERM
        super().__init__(self.signal_name)


@contextmanager
def stop_on_signals(signals: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM)) -> Iterator[None]:
    """While the block runs, the first of ``signals`` raises Interrupted in the main thread;
    later ones are ignored, so a second Ctrl-C can't break the clean-up of the first."""
    received: list[int] = []

    def handler(signum, frame):
        if not received:
            received.append(signum)
            raise Interrupted(signum)

    previous = {signum: signal.signal(signum, handler) for signum in signals}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
