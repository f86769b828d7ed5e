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
import json
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import IO, Any, Literal, Protocol

from redactor.errors import RedactorError, StorageError
from redactor.inputs import InputFile, Shard, check_out_dir, require_recordings
from redactor.pipeline import RedactorSettings, output_paths, sha256_of
from redactor.storage import (
    AGE_SUFFIX,
    PRIVATE_DIR,
    PRIVATE_FILE,
    SHARED_DIR,
    SHARED_FILE,
    encrypted_path,
    make_dirs,
    retention_sidecar,
)
from redactor.types import RedactionResult

MANIFEST_NAME = "manifest.jsonl"
AUDIT_NAME = "audit.jsonl"
Status = Literal["redacted", "failed", "skipped"]
UP_TO_DATE = "up to date: same input, settings and output sha256 as when it was written"
OUTPUT_KINDS = ("audio", "transcript", "report")
# A worker process pays for its own model load (spawning Python, importing and loading Whisper
# and spaCy): on 2 cores, 3 sample calls (60 s of audio) took 20-29 s with two workers against
# 8-11 s with one, so a worker's start costs 12-18 s there; a second worker does about 1.8
# times the audio per second (bench/README.md), which repays that after some 400-600 s of
# audio. Hence one worker, and one more per this many seconds of audio in the batch.
AUDIO_SECONDS_PER_WORKER = 600.0
PROBED_FILES = 32  # the batch's audio is estimated from this many of its files at most
MAX_AUTO_WORKERS = 4  # each worker holds its own models (about 0.7 GB)


class FileRedactor(Protocol):
    settings: RedactorSettings

    def redact_file(self, path: str | Path, out_dir: str | Path) -> RedactionResult: ...


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened to one input: a manifest line.

    ``note`` says why, in one line, when that is not plain: why a file was skipped, why it was
    redone (its outputs changed since they were written), where it went when another input had
    the same path.
    """

    input: InputFile
    status: Status
    result: RedactionResult | None = None
    error: str | None = None
    note: str | None = None

    def __repr__(self) -> str:
        details = [f"{self.input.relative.as_posix()}: {self.status}"]
        if self.result is not None:
            details.append(
                f"{len(self.result.redactions)} redactions, "
                f"{self.result.redacted_seconds:.1f} of {self.result.duration:.1f} s beeped"
            )
        details += [text for text in (self.error, self.note) if text]
        return f"FileOutcome({', '.join(details)})"

    def manifest_row(self, out: Path, encrypted: bool) -> dict[str, str | None]:
        """The manifest line; output paths are relative to ``out``."""
        if self.result is not None:
            files = [path.relative_to(out) for path in self.result.outputs.files()]
        else:
            files = list(_expected_outputs(self.input, Path(), encrypted))
        produced = self.status != "failed"
        audio, transcript, report = (path.as_posix() if produced else None for path in files)
        return {
            "input": self.input.relative.as_posix(),
            "status": self.status,
            "audio": audio,
            "transcript": transcript,
            "report": report,
            "error": self.error,
            "note": self.note,
            "warning": None if self.result is None else self.result.warning,
        }


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Every input's outcome, in the order finished, and where the manifest is.

    >>> BatchSummary((), Path("out/manifest.jsonl"))
    BatchSummary(0 redacted, 0 skipped, 0 failed; out/manifest.jsonl)
    """

    outcomes: tuple[FileOutcome, ...]
    manifest: Path

    def __repr__(self) -> str:
        counts = ", ".join(f"{self.count(status)} {status}" for status in _STATUSES)
        return f"BatchSummary({counts}; {self.manifest.as_posix()})"

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "failed")

    def as_dict(self) -> dict[str, Any]:
        """A machine-readable summary (no PHI: paths, counts and error lines only)."""
        audio_seconds = sum(o.result.duration for o in self.outcomes if o.result is not None)
        return {
            "redacted": self.count("redacted"),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "audio_seconds": round(audio_seconds, 1),
            "manifest": str(self.manifest),
            "failures": [
                {"input": o.input.relative.as_posix(), "error": o.error} for o in self.failed
            ],
            "notes": [  # why a file was redone or moved (a skip's note is always "up to date")
                {"input": o.input.relative.as_posix(), "status": o.status, "note": o.note}
                for o in self.outcomes
                if o.note and o.status != "skipped"
            ],
        }


_STATUSES: tuple[Status, ...] = ("redacted", "skipped", "failed")


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) stopped :func:`run_batch`; ``summary`` holds the outcomes recorded in
    the manifest before it stopped. No output is left without its manifest row."""

    def __init__(self, summary: BatchSummary) -> None:
        super().__init__("the batch was interrupted")
        self.summary = summary


def manifest_name(shard: Shard | None) -> str:
    """``manifest.jsonl``, or one per shard so parallel jobs never write the same file.

    >>> manifest_name(Shard(2, 8))
    'manifest-2-of-8.jsonl'
    """
    return MANIFEST_NAME if shard is None else f"manifest-{shard.index}-of-{shard.count}.jsonl"


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
    durations = [seconds for path in paths[::step] if (seconds := _header_seconds(path))]
    return sum(durations) / len(durations) * len(paths) if durations else 0.0


def _header_seconds(path: Path) -> float | None:
    import av  # PyAV, which decodes the audio too

    try:
        with av.open(str(path.absolute()), metadata_errors="ignore") as container:
            return container.duration / av.time_base if container.duration else None
    except Exception:  # an unreadable file fails later, alone; here it only goes uncounted
        return None


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
        _open_private(manifest, "w", file_mode) as manifest_file,
        _open_private(out / AUDIT_NAME, "a", file_mode) as audit_file,
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
                _append(manifest_file, outcome.manifest_row(out, encrypted))
                _append(audit_file, _audit_row(outcome, settings, checksums))
                outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)

        try:
            for item, outcome, note in _triage(files, out, settings, force):
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
                _remove_outputs_since(unfinished, out, started)
            raise BatchInterrupted(BatchSummary(tuple(outcomes), manifest)) from None
        finally:
            stop()
    return BatchSummary(tuple(outcomes), manifest)


def _triage(
    files: Sequence[InputFile], out: Path, settings: RedactorSettings, force: bool
) -> Iterator[tuple[InputFile, FileOutcome | None, str | None]]:
    """Each input with its outcome when it needs no work (skipped, or failed as a duplicate)
    and a note on why it was moved, skipped or is redone."""
    seen: set[Path] = set()
    audited = _audited_outputs(out)
    for item in files:
        note = (
            f"another input has the same path {item.clash.as_posix()}; "
            f"written under {item.relative.parts[0]}/"
            if item.clash is not None
            else None
        )
        if item.relative in seen:  # cannot happen with find_inputs; kept as a last guard
            yield item, FileOutcome(item, "failed", error="another input has the same path"), None
            continue
        seen.add(item.relative)
        if force:
            yield item, None, note
            continue
        up_to_date, why = _resume_check(item, out, settings, audited)
        if up_to_date:
            yield item, FileOutcome(item, "skipped", note=why), note
        else:
            yield item, None, "; ".join(n for n in (note, why) if n) or None


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
        from redactor.ray_batch import redact_on_ray

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
    from redactor.workers import WorkerPool

    pool = WorkerPool(settings, min(workers, len(pending)))
    return pool.run(pending, out), pool.stop


def redact_one(redactor: FileRedactor, item: InputFile, out: Path) -> FileOutcome:
    """Redact one input, turning every error into a failed outcome with a one-line reason."""
    try:
        result = redactor.redact_file(item.path, out / item.relative.parent)
    except RedactorError as error:
        return FileOutcome(item, "failed", error=str(error))
    except OSError as error:
        return FileOutcome(item, "failed", error=f"{type(error).__name__}: {error.strerror}")
    except Exception as error:  # a bug must fail this file closed, not the whole batch
        return FileOutcome(item, "failed", error=f"internal error ({type(error).__name__})")
    return FileOutcome(item, "redacted", result=result)


def _expected_outputs(item: InputFile, out: Path, encrypted: bool) -> tuple[Path, ...]:
    plain = output_paths(item.relative, out / item.relative.parent).files()
    return tuple(encrypted_path(path) for path in plain) if encrypted else plain


@dataclass(frozen=True, slots=True)
class _Written:
    """What the audit log recorded when an input's outputs were last written."""

    input_sha256: str
    settings_fingerprint: str
    outputs_sha256: dict[str, str]  # OUT-relative path -> sha256


def _resume_check(
    item: InputFile, out: Path, settings: RedactorSettings, audited: dict[str, _Written]
) -> tuple[bool, str | None]:
    """Whether ``item``'s outputs are up to date, and a note when they are, or when they
    exist but cannot be trusted (missing, changed, never recorded).

    Up to date: every output exists, the audit log's last record of writing them has this
    input's sha256 and these settings, and each output still has the sha256 it had then.
    """
    encrypted = settings.policy.encrypt_to is not None
    expected = _expected_outputs(item, out, encrypted)
    present = [path.is_file() for path in expected]
    if not any(present):
        return False, None  # never written (or removed on purpose): nothing to say
    if not all(present):
        missing = [kind for kind, here in zip(OUTPUT_KINDS, present, strict=True) if not here]
        return False, f"redone: its {' and '.join(missing)} went missing since it was written"
    relative = [path.relative_to(out).as_posix() for path in expected]
    written = audited.get(relative[0])
    if written is None or set(relative) - set(written.outputs_sha256):
        return False, "redone: the audit log has no sha256 of its outputs to check them against"
    try:
        recorded = (written.input_sha256, written.settings_fingerprint)
        if recorded != (sha256_of(item.path), settings.fingerprint()):
            return False, None  # a changed input or changed settings: redone, as expected
        changed = [
            kind
            for kind, path, name in zip(OUTPUT_KINDS, expected, relative, strict=True)
            if sha256_of(path) != written.outputs_sha256[name]
        ]
    except OSError:
        return False, None  # an unreadable input fails, alone, when it is redone
    if changed:
        return False, (
            f"redone: its {' and '.join(changed)} changed since it was written (sha256 differs)"
        )
    return True, UP_TO_DATE


def _audited_outputs(out: Path) -> dict[str, _Written]:
    """OUT-relative output path -> the last record in the audit log of writing it."""
    audited: dict[str, _Written] = {}
    try:
        lines = (out / AUDIT_NAME).read_text(encoding="utf-8").splitlines()
    except OSError:
        return audited
    for line in lines:
        try:
            row = json.loads(line)
            outputs = row.get("outputs_sha256")
            if row.get("status") != "redacted" or not isinstance(outputs, dict) or not outputs:
                continue
            written = _Written(
                str(row["input_sha256"]), str(row["settings_fingerprint"]),
                {str(path): str(digest) for path, digest in outputs.items()},
            )  # fmt: skip
            for path in written.outputs_sha256:
                audited[path] = written
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return audited


def _remove_outputs_since(items: Sequence[InputFile], out: Path, since: float) -> None:
    """Remove the outputs of ``items`` written at or after ``since`` (this run): a worker
    stopped halfway leaves none behind without a manifest row. Older outputs stay."""
    for item in items:
        plain = output_paths(item.relative, out / item.relative.parent).files()
        sidecar = retention_sidecar(plain[2])
        for path in (*plain, *(encrypted_path(p) for p in plain), sidecar):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime >= since:
                    path.unlink()


def _audit_row(
    outcome: FileOutcome, settings: RedactorSettings, checksums: dict[str, str]
) -> dict[str, Any]:
    result = outcome.result
    row: dict[str, Any] = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "action": "redact",
        "input": str(outcome.input.path),
        "status": outcome.status,
        "settings_fingerprint": settings.fingerprint(),
        "error": outcome.error,
        "note": outcome.note,
    }
    if result is not None:
        row |= {
            "input_sha256": result.input_sha256,
            "output_sha256": next(iter(checksums.values())),
            "outputs_sha256": checksums,
            "models": result.models,
            "entity_counts": dict(Counter(r.entity_type for r in result.redactions)),
            "verified": None if result.verification is None else result.verification.passed,
            "warning": result.warning,
        }
    return row


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


def _open_private(path: Path, mode: Literal["w", "a"], permissions: int) -> IO[str]:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if mode == "w" else os.O_APPEND)
    handle = os.open(path, flags, permissions)
    os.chmod(path, permissions)
    return os.fdopen(handle, mode, encoding="utf-8")


def read_manifest(out_dir: str | Path, name: str = MANIFEST_NAME) -> list[dict[str, str | None]]:
    """The rows of a batch's manifest; output paths in them are relative to ``out_dir``.

    >>> [row["status"] for row in read_manifest("out")]  # doctest: +SKIP
    ['redacted', 'failed']
    """
    lines = (Path(out_dir) / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def copy_manifests_decrypted(out_dir: str | Path, destination: str | Path) -> list[Path]:
    """Copy the manifests of an encrypted batch into the folder it was decrypted to, naming the
    decrypted outputs (``call.wav`` for ``call.wav.age``); returns the manifests written.

    An existing manifest in ``destination`` is never overwritten
    (:class:`~redactor.errors.StorageError`).
    """
    out, dest = Path(out_dir), Path(destination)
    written = []
    for source in sorted(out.glob("manifest*.jsonl")):
        target = dest / source.name
        if target.exists():
            raise StorageError(f"will not overwrite {target.name} in the destination folder")
        rows = read_manifest(out, source.name)
        for row in rows:
            for key in OUTPUT_KINDS:
                value = row.get(key)
                if isinstance(value, str):
                    row[key] = value.removesuffix(AGE_SUFFIX)
        make_dirs(dest)
        with _open_private(target, "w", PRIVATE_FILE) as handle:
            for row in rows:
                _append(handle, row)
        written.append(target)
    return written


def _append(handle: IO[str], row: dict[str, Any]) -> None:
    handle.write(json.dumps(row) + "\n")
    handle.flush()
