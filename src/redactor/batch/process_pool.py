"""A pool of worker processes for ``--workers N``: each loads the models once, takes one file at
a time, and stops promptly, cleanly and quietly when the batch is interrupted.

Ctrl-C on a terminal signals every process in the foreground group, workers included. Workers
are started with SIGINT ignored (an ignored signal stays ignored across ``exec``, so this holds
even while a spawned interpreter is still importing), so only the parent reacts: it stops
handing out files and sends each worker SIGTERM, which a worker turns into ``SystemExit``. The
file it was writing is then removed by the pipeline's fail-closed cleanup, and no traceback is
printed. A worker that does not stop within :data:`STOP_SECONDS` is killed.

Files are handed out one at a time, so an interrupt never leaves queued work behind in a
worker, and a worker that dies fails only the file it held; a fresh worker takes its place.

>>> pool = WorkerPool(RedactorSettings(), 2)  # doctest: +SKIP
>>> [o.status for o in pool.run(items, Path("out"))]  # doctest: +SKIP
['redacted', 'redacted']
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import Any

from redactor.batch.outcome import FileOutcome, redact_one
from redactor.errors import RedactorError
from redactor.inputs import InputFile
from redactor.pipeline import RedactorSettings

STOP_SECONDS = 10.0  # a worker that has not stopped this long after SIGTERM is killed


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    ready: bool = False
    item: InputFile | None = None


class WorkerPool:
    """Up to ``size`` spawned processes, each building a :class:`~redactor.Redactor` from
    ``settings`` once (with its share of the CPU cores as CTranslate2 threads)."""

    def __init__(self, settings: RedactorSettings, size: int) -> None:
        threads = max(1, (os.cpu_count() or 1) // size)
        self._settings = replace(settings, cpu_threads=threads)
        self._size = size
        # spawn, not fork: CTranslate2 and ONNX Runtime keep threads that a fork would break.
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._stopped = False

    def run(self, items: Sequence[InputFile], out: Path) -> Iterator[FileOutcome]:
        """Redact ``items`` into ``out``, yielding each outcome as it finishes."""
        queue = deque(items)
        for _ in range(min(self._size, len(queue))):
            self._start()
        load_error: str | None = None
        while queue or any(w.item is not None for w in self._workers):
            for worker in self._workers:
                if worker.ready and worker.item is None and queue:
                    worker.item = queue.popleft()
                    worker.connection.send((worker.item, out))
            if not self._workers:  # none could load the models
                reason = load_error or "no worker could load the models"
                while queue:
                    yield FileOutcome(queue.popleft(), "failed", error=reason)
                return
            waiting: list[Connection | int] = [w.connection for w in self._workers]
            waiting += [w.process.sentinel for w in self._workers]
            wait(waiting)
            for worker in list(self._workers):
                for kind, value in self._receive(worker):
                    if kind == "ready":
                        worker.ready = True
                    elif kind == "error":
                        load_error = str(value)
                    elif kind == "done" and worker.item is not None:
                        worker.item = None
                        yield value
                if worker.process.exitcode is not None or worker.connection.closed:
                    self._workers.remove(worker)
                    worker.process.join()
                    if worker.item is not None:
                        code = worker.process.exitcode
                        yield FileOutcome(
                            worker.item, "failed", error=f"worker stopped (exit code {code})"
                        )
                        if queue:
                            self._start()  # a file broke this worker; the next gets a new one

    def stop(self) -> list[FileOutcome]:
        """Stop every worker (SIGTERM, then SIGKILL after :data:`STOP_SECONDS`) and return the
        outcomes that finished before they stopped but were not yet handed out. Idempotent."""
        if self._stopped:
            return []
        self._stopped = True
        for worker in self._workers:
            if worker.process.exitcode is None:
                worker.process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join()
        finished = [
            value
            for worker in self._workers
            for kind, value in self._receive(worker)
            if kind == "done"
        ]
        for worker in self._workers:
            worker.connection.close()
        self._workers.clear()
        return finished

    def _start(self) -> None:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child_end, self._settings), daemon=True
        )
        with _sigint_ignored():  # inherited by the new interpreter: see the module's notes
            process.start()
        child_end.close()
        self._workers.append(_Worker(process, parent_end))

    @staticmethod
    def _receive(worker: _Worker) -> list[tuple[str, Any]]:
        """Every message waiting from ``worker``. A pipe the worker closed (it exited) or broke
        is closed here too, which tells :meth:`run` the worker is gone."""
        messages = []
        try:
            while not worker.connection.closed and worker.connection.poll():
                messages.append(worker.connection.recv())
        except Exception:  # EOF, a broken pipe, or a message cut short by SIGTERM
            worker.connection.close()
        return messages


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives SIGINT, and only it may change handlers
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _exit_quietly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)  # unwinds through the pipeline's cleanup; exits without a traceback


def _worker_main(connection: Connection, settings: RedactorSettings) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_quietly)
    try:
        redactor = settings.build()
    except RedactorError as error:
        connection.send(("error", str(error)))
        return
    connection.send(("ready", None))
    while True:
        try:
            item, out = connection.recv()
        except EOFError:  # the parent is gone
            return
        connection.send(("done", redact_one(redactor, item, out)))
