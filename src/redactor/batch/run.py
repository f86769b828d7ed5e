"""Run redaction over many inputs, mirroring the input tree under ``--out``.

One bad file never stops the batch: its error goes into the manifest and the others go on.
The originals are only ever read. A rerun skips inputs whose outputs are up to date (same input
hash, same settings, and every output still has the sha256 recorded in the audit log when it
was written), so a killed batch resumes where it stopped; an output changed or truncated since
is redone, and the manifest says why.

Ctrl-C (SIGINT) stops a batch promptly: no new file is started, workers are stopped, and every
file finished before the interrupt gets its manifest and audit rows; the outputs of a file that
was still being written are removed. :func:`run_batch` then raises :class:`BatchInterrupted`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Literal

from redactor.audio import header_seconds
from redactor.batch.manifest import AUDIT_NAME, append_row, audit_row, manifest_name, open_private
from redactor.batch.outcome import (
    BatchInterrupted,
    BatchSummary,
    FileOutcome,
    FileRedactor,
    redact_one,
)
from redactor.batch.resume import remove_outputs_since, triage
from redactor.inputs import InputFile, Shard, check_out_dir, require_recordings
from redactor.pipeline import RedactorSettings, sha256_of
from redactor.storage import (
    PRIVATE_DIR,
    PRIVATE_FILE,
    SHARED_DIR,
    SHARED_FILE,
    make_dirs,
    retention_sidecar,
)

# A worker process pays for its own model load (spawning Python, importing and loading Whisper
# and spaCy): on 2 cores, 3 sample calls (60 s of audio) took 20-29 s with two workers against
# 8-11 s with one, so a worker's start costs 12-18 s there; a second worker does about 1.8
# times the audio per second (bench/README.md), which repays that after some 400-600 s of
# audio. Hence one worker, and one more per this many seconds of audio in the batch.
AUDIO_SECONDS_PER_WORKER = 600.0


PROBED_FILES = 32  # the batch's audio is estimated from this many of its files at most


MAX_AUTO_WORKERS = 4  # each worker holds its own models (about 0.7 GB)


def auto_workers(audio_seconds: float, cores: int | None = None) -> int:
    """How many worker processes a batch gets by default: one, and one more per
    :data:`AUDIO_SECONDS_PER_WORKER` seconds of audio, at most one per core and
    :data:`MAX_AUTO_WORKERS`. Each worker loads the models again, which a small batch never
    earns back.

    >>> [auto_workers(seconds, cores=2) for seconds in (60, 599, 600, 5000)]
    [1, 1, 2, 2]
    >>> auto_workers(36000, cores=16)
    4
    """
    available = cores if cores is not None else os.cpu_count() or 1
    wanted = 1 + int(audio_seconds // AUDIO_SECONDS_PER_WORKER)
    return max(1, min(available, MAX_AUTO_WORKERS, wanted))


def estimate_audio_seconds(paths: Sequence[Path]) -> float:
    """The batch's audio in seconds, from the durations in the headers of up to
    :data:`PROBED_FILES` of its files (spread over the list); 0.0 when none can be read.
    Cheap: nothing is decoded."""
    if not paths:
        return 0.0
    step = max(1, len(paths) // PROBED_FILES)
    durations = [seconds for path in paths[::step] if (seconds := header_seconds(path))]
    return sum(durations) / len(durations) * len(paths) if durations else 0.0


def run_batch(
    redactor: FileRedactor | RedactorSettings,
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    force: bool = False,
    shard: Shard | None = None,
    workers: int = 1,
    private: bool = True,
    ray_address: str | None | Literal[False] = False,
    on_outcome: Callable[[FileOutcome], None] | None = None,
) -> BatchSummary:
    """Redact every input into ``out_dir``; write the manifest and append to the audit log.

    ``redactor`` is a ready :class:`~redactor.Redactor`, or the settings to build one in each
    of ``workers`` processes. Inputs already redacted with the same settings, whose outputs
    still match the sha256 recorded when they were written, are ``skipped`` unless ``force``.
    Outputs are owner-only (0600 files, 0700 folders) unless ``private`` is false (0640,
    0750). ``ray_address`` runs the work on a Ray cluster instead (``None``: a local Ray;
    ``False``: no Ray), with ``workers`` actors.

    Raises :class:`~redactor.errors.NoRecordingsError` (before writing anything) when the
    inputs hold no recording, and :class:`BatchInterrupted` on Ctrl-C.

    >>> summary = run_batch(Redactor(), ["calls"], "out")  # doctest: +SKIP
    >>> [o.status for o in summary.outcomes]  # doctest: +SKIP
    ['redacted', 'failed']
    """
    out = Path(out_dir)
    check_out_dir(inputs, out)
    files = require_recordings(inputs)
    if shard is not None:
        files = shard.select(files)
    settings = redactor if isinstance(redactor, RedactorSettings) else redactor.settings
    file_mode, dir_mode = (PRIVATE_FILE, PRIVATE_DIR) if private else (SHARED_FILE, SHARED_DIR)
    make_dirs(out, dir_mode)
    manifest = out / manifest_name(shard)
    encrypted = settings.policy.encrypt_to is not None
    outcomes: list[FileOutcome] = []
    notes: dict[Path, str] = {}
    pending: list[InputFile] = []
    started = time.time()
    stop: Callable[[], list[FileOutcome]] = list
    with (
        open_private(manifest, "w", file_mode) as manifest_file,
        open_private(out / AUDIT_NAME, "a", file_mode) as audit_file,
        _Interrupts() as interrupts,
    ):

        def record(outcome: FileOutcome) -> None:
            note = "; ".join(n for n in (notes.get(outcome.input.relative), outcome.note) if n)
            outcome = replace(outcome, note=note or None)
            with interrupts.held():  # a row is written whole, or not at all
                checksums: dict[str, str] = {}
                if outcome.result is not None:
                    sidecar = retention_sidecar(outcome.result.outputs.report)
                    for path in (*outcome.result.outputs.files(), sidecar):
                        if path.exists():
                            path.chmod(file_mode)
                    checksums = {
                        path.relative_to(out).as_posix(): sha256_of(path)
                        for path in outcome.result.outputs.files()
                    }
                append_row(manifest_file, outcome.manifest_row(out, encrypted))
                append_row(audit_file, audit_row(outcome, settings, checksums))
                outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)

        try:
            for item, outcome, note in triage(files, out, settings, force):
                if note:
                    notes[item.relative] = note
                if outcome is not None:
                    record(outcome)
                else:
                    pending.append(item)
            for item in pending:
                make_dirs(out / item.relative.parent, dir_mode)
            if pending:
                results, stop = _start(redactor, settings, pending, out, workers, ray_address)
                for outcome in results:
                    record(outcome)
        except KeyboardInterrupt:
            with interrupts.held(discard=True):  # a second Ctrl-C does not cut this short
                for outcome in stop():
                    record(outcome)
                done = {outcome.input.relative for outcome in outcomes}
                unfinished = [item for item in pending if item.relative not in done]
                remove_outputs_since(unfinished, out, started)
            raise BatchInterrupted(BatchSummary(tuple(outcomes), manifest)) from None
        finally:
            stop()
    return BatchSummary(tuple(outcomes), manifest)


def _start(
    redactor: FileRedactor | RedactorSettings,
    settings: RedactorSettings,
    pending: Sequence[InputFile],
    out: Path,
    workers: int,
    ray_address: str | None | Literal[False],
) -> tuple[Iterator[FileOutcome], Callable[[], list[FileOutcome]]]:
    """The outcomes of ``pending`` as they finish, and how to stop the work early (which
    returns the outcomes that finished but were not yet handed out)."""
    if ray_address is not False:
        from redactor.batch.on_ray import redact_on_ray

        on_ray = redact_on_ray(settings, pending, out, address=ray_address, workers=workers)

        def stop_ray() -> list[FileOutcome]:
            if isinstance(on_ray, Generator):
                on_ray.close()  # kills the actors, and a local Ray
            return []

        return on_ray, stop_ray
    if workers <= 1 or len(pending) == 1:

        def one_by_one() -> Iterator[FileOutcome]:
            ready = redactor.build() if isinstance(redactor, RedactorSettings) else redactor
            for item in pending:
                yield redact_one(ready, item, out)

        return one_by_one(), list
    from redactor.batch.process_pool import WorkerPool

    pool = WorkerPool(settings, min(workers, len(pending)))
    return pool.run(pending, out), pool.stop


class _Interrupts:
    """Ctrl-C during a batch, in the main thread: ``held()`` makes an interrupt that arrives
    in its block wait until the block is done, so a manifest row is never half written.
    Left alone when the program handles SIGINT its own way (or runs us in another thread)."""

    def __init__(self) -> None:
        self._installed = False
        self._holding = False
        self._pending = False

    def __enter__(self) -> _Interrupts:
        self._installed = (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        )
        if self._installed:
            signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, signal.default_int_handler)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._holding:
            self._pending = True
        else:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def held(self, *, discard: bool = False) -> Iterator[None]:
        """Hold interrupts for the block; one that came meanwhile is raised after it (or,
        with ``discard``, dropped: the caller is already stopping)."""
        outer = self._holding
        self._holding = True
        try:
            yield
        finally:
            self._holding = outer
        if self._pending and not outer:
            self._pending = False
            if not discard:
                raise KeyboardInterrupt
