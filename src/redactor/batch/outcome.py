"""What happened to one input (:class:`FileOutcome`, a manifest line) and to a batch.

:func:`redact_one` runs one input through a redactor and turns every error into a failed outcome,
whichever runner (in-process, process pool, Ray) called it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from redactor.errors import RedactorError
from redactor.inputs import InputFile
from redactor.pipeline import RedactorSettings, output_paths
from redactor.storage import (
    encrypted_path,
)
from redactor.types import RedactionResult

Status = Literal["redacted", "failed", "skipped"]


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
            files = list(expected_outputs(self.input, Path(), encrypted))
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


def expected_outputs(item: InputFile, out: Path, encrypted: bool) -> tuple[Path, ...]:
    plain = output_paths(item.relative, out / item.relative.parent).files()
    return tuple(encrypted_path(path) for path in plain) if encrypted else plain
