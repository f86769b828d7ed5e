"""Run redaction over many inputs, mirroring the input tree under ``--out``.

One bad file never stops the batch: its error goes into the manifest and the others go on.
The originals are only ever read. A rerun skips inputs whose outputs are up to date (same input
hash, same settings), so a killed batch resumes where it stopped.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from redactor.errors import RedactorError
from redactor.inputs import InputFile, Shard, check_out_dir, find_inputs
from redactor.pipeline import Redactor, RedactorSettings, output_paths, sha256_of
from redactor.storage import encrypted_path, retention_sidecar
from redactor.types import RedactionResult

MANIFEST_NAME = "manifest.jsonl"
AUDIT_NAME = "audit.jsonl"
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
SHARED_FILE, SHARED_DIR = 0o640, 0o750
Status = Literal["redacted", "failed", "skipped"]


class FileRedactor(Protocol):
    settings: RedactorSettings

    def redact_file(self, path: str | Path, out_dir: str | Path) -> RedactionResult: ...


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened to one input: a manifest line."""

    input: InputFile
    status: Status
    result: RedactionResult | None = None
    error: str | None = None

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
            "warning": None if self.result is None else self.result.warning,
        }


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Every input's outcome, in the order finished, and where the manifest is."""

    outcomes: tuple[FileOutcome, ...]
    manifest: Path

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
        }


def manifest_name(shard: Shard | None) -> str:
    """``manifest.jsonl``, or one per shard so parallel jobs never write the same file.

    >>> manifest_name(Shard(2, 8))
    'manifest-2-of-8.jsonl'
    """
    return MANIFEST_NAME if shard is None else f"manifest-{shard.index}-of-{shard.count}.jsonl"


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
    of ``workers`` processes. Inputs already redacted with the same settings are ``skipped``
    unless ``force``. Outputs are owner-only (0600 files, 0700 folders) unless ``private`` is
    false (0640, 0750). ``ray_address`` runs the work on a Ray cluster instead (``None``: a
    local Ray; ``False``: no Ray), with ``workers`` actors.

    >>> summary = run_batch(Redactor(), ["calls"], "out")  # doctest: +SKIP
    >>> [o.status for o in summary.outcomes]  # doctest: +SKIP
    ['redacted', 'failed']
    """
    out = Path(out_dir)
    check_out_dir(inputs, out)
    files = find_inputs(inputs)
    if shard is not None:
        files = shard.select(files)
    settings = redactor if isinstance(redactor, RedactorSettings) else redactor.settings
    file_mode, dir_mode = (PRIVATE_FILE, PRIVATE_DIR) if private else (SHARED_FILE, SHARED_DIR)
    _make_dirs(out, dir_mode)
    manifest = out / manifest_name(shard)
    encrypted = settings.policy.encrypt_to is not None
    outcomes = []
    with (
        _open_private(manifest, "w", file_mode) as manifest_file,
        _open_private(out / AUDIT_NAME, "a", file_mode) as audit_file,
    ):
        for outcome in _process(
            redactor, files, out, settings, force, workers, dir_mode, ray_address
        ):
            if outcome.result is not None:
                sidecar = retention_sidecar(outcome.result.outputs.report)
                for path in (*outcome.result.outputs.files(), sidecar):
                    if path.exists():
                        path.chmod(file_mode)
            _append(manifest_file, outcome.manifest_row(out, encrypted))
            _append(audit_file, _audit_row(outcome, out, settings))
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    return BatchSummary(tuple(outcomes), manifest)


def _process(
    redactor: FileRedactor | RedactorSettings,
    files: Sequence[InputFile],
    out: Path,
    settings: RedactorSettings,
    force: bool,
    workers: int,
    dir_mode: int,
    ray_address: str | None | Literal[False] = False,
) -> Iterator[FileOutcome]:
    seen: set[Path] = set()
    pending: list[InputFile] = []
    audited = _audited_inputs(out)
    for item in files:
        if item.relative in seen:
            yield FileOutcome(item, "failed", error="another input has the same relative path")
        elif not force and _up_to_date(item, out, settings, audited):
            yield FileOutcome(item, "skipped")
        else:
            pending.append(item)
        seen.add(item.relative)
    for item in pending:
        _make_dirs(out / item.relative.parent, dir_mode)
    if not pending:
        return
    if ray_address is not False:
        from redactor.ray_batch import redact_on_ray

        yield from redact_on_ray(settings, pending, out, address=ray_address, workers=workers)
        return
    if workers <= 1:
        ready = redactor.build() if isinstance(redactor, RedactorSettings) else redactor
        for item in pending:
            yield redact_one(ready, item, out)
        return
    # spawn, not fork: CTranslate2 and ONNX Runtime keep threads that a fork would break.
    context = multiprocessing.get_context("spawn")
    threads = max(1, (os.cpu_count() or 1) // workers)
    worker_settings = replace(settings, cpu_threads=threads)
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(worker_settings,)
    ) as pool:
        futures = {pool.submit(_redact_in_worker, item, out): item for item in pending}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as error:  # a worker that died takes only its file down
                yield FileOutcome(
                    futures[future], "failed", error=f"worker failed ({type(error).__name__})"
                )


_WORKER: Redactor | None = None


def _start_worker(settings: RedactorSettings) -> None:
    global _WORKER
    _WORKER = settings.build()


def _redact_in_worker(item: InputFile, out: Path) -> FileOutcome:
    if _WORKER is None:
        raise RuntimeError("worker started without a redactor")
    return redact_one(_WORKER, item, out)


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


def _up_to_date(
    item: InputFile, out: Path, settings: RedactorSettings, audited: dict[str, tuple[str, str]]
) -> bool:
    """Outputs exist, made from this very input with these very settings.

    The report says so; for encrypted outputs, which cannot be read here, the audit log does.
    """
    encrypted = settings.policy.encrypt_to is not None
    expected = _expected_outputs(item, out, encrypted)
    if not all(path.is_file() for path in expected):
        return False
    try:
        if encrypted:
            recorded = audited.get(str(item.path))
        else:
            report = json.loads(expected[2].read_text(encoding="utf-8"))
            recorded = (report["input"]["sha256"], report["settings_fingerprint"])
        return recorded == (sha256_of(item.path), settings.fingerprint())
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _audited_inputs(out: Path) -> dict[str, tuple[str, str]]:
    """Input path -> (input sha256, settings fingerprint) of its last redaction in the log."""
    audited: dict[str, tuple[str, str]] = {}
    try:
        lines = (out / AUDIT_NAME).read_text(encoding="utf-8").splitlines()
    except OSError:
        return audited
    for line in lines:
        try:
            row = json.loads(line)
            if row.get("status") == "redacted":
                audited[row["input"]] = (row["input_sha256"], row["settings_fingerprint"])
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return audited


def _audit_row(outcome: FileOutcome, out: Path, settings: RedactorSettings) -> dict[str, Any]:
    result = outcome.result
    row: dict[str, Any] = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "action": "redact",
        "input": str(outcome.input.path),
        "status": outcome.status,
        "settings_fingerprint": settings.fingerprint(),
        "error": outcome.error,
    }
    if result is not None:
        row |= {
            "input_sha256": result.input_sha256,
            "output_sha256": sha256_of(result.outputs.audio),
            "models": result.models,
            "entity_counts": dict(Counter(r.entity_type for r in result.redactions)),
            "verified": None if result.verification is None else result.verification.passed,
            "warning": result.warning,
        }
    return row


def _make_dirs(path: Path, mode: int) -> None:
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=mode, exist_ok=True)


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


def _append(handle: IO[str], row: dict[str, Any]) -> None:
    handle.write(json.dumps(row) + "\n")
    handle.flush()
