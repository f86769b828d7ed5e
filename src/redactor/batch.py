"""Run a :class:`~redactor.Redactor` over many inputs, mirroring the input tree under ``--out``.

One bad file never stops the batch: its error goes into the manifest and the others go on.
The originals are only ever read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal, Protocol

from redactor.audio import AUDIO_EXTENSIONS
from redactor.errors import InputError, RedactorError
from redactor.pipeline import output_paths
from redactor.types import RedactionResult

MANIFEST_NAME = "manifest.jsonl"
Status = Literal["redacted", "failed", "skipped"]


class FileRedactor(Protocol):
    def redact_file(self, path: str | Path, out_dir: str | Path) -> RedactionResult: ...


@dataclass(frozen=True, slots=True)
class InputFile:
    """One recording to redact and its path relative to the input it was found under."""

    path: Path
    relative: Path


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened to one input: a manifest line."""

    input: InputFile
    status: Status
    result: RedactionResult | None = None
    error: str | None = None

    def manifest_row(self) -> dict[str, str | None]:
        outputs = output_paths(self.input.relative, self.input.relative.parent)
        produced = self.status == "redacted"
        return {
            "input": self.input.relative.as_posix(),
            "status": self.status,
            "audio": outputs.audio.as_posix() if produced else None,
            "transcript": outputs.transcript.as_posix() if produced else None,
            "report": outputs.report.as_posix() if produced else None,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Every input's outcome, in the order processed."""

    outcomes: tuple[FileOutcome, ...]
    manifest: Path

    @property
    def failed(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "failed")

    @property
    def redacted(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "redacted")


def find_inputs(inputs: Sequence[str | Path]) -> list[InputFile]:
    """Expand files and folders into the recordings to redact, in a stable order.

    A folder is searched recursively for audio files; a file given by name is taken whatever
    its extension, so that a bad file named on purpose fails loudly rather than being skipped.

    >>> find_inputs(["sample_audio"])[0].relative  # doctest: +SKIP
    PosixPath('billing.mp3')
    """
    found: list[InputFile] = []
    for given in inputs:
        root = Path(given)
        if root.is_dir():
            files = sorted(
                p
                for p in root.rglob("*")
                if p.suffix.lower() in AUDIO_EXTENSIONS
                and not p.name.startswith(".partial-")
                and (p.is_file() or p.is_symlink())
            )
            found.extend(InputFile(p, p.relative_to(root)) for p in files)
        elif root.exists() or root.is_symlink():
            found.append(InputFile(root, Path(root.name)))
        else:
            raise InputError(f"input {given} does not exist")
    return found


def check_out_dir(inputs: Sequence[str | Path], out_dir: Path) -> None:
    """Refuse an output folder that overlaps an input, so no input can ever be overwritten.

    >>> check_out_dir(["calls"], Path("calls/redacted"))
    Traceback (most recent call last):
    ...
    redactor.errors.InputError: --out calls/redacted is inside input calls; choose a folder ...
    """
    out = out_dir.resolve()
    for given in inputs:
        source = Path(given).resolve()
        if source == out or out.is_relative_to(source):
            raise InputError(
                f"--out {out_dir} is inside input {given}; choose a folder outside the inputs"
            )
        if source.is_relative_to(out):
            raise InputError(f"input {given} is inside --out {out_dir}; it could be overwritten")


def run_batch(
    redactor: FileRedactor,
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    on_outcome: Callable[[FileOutcome], None] | None = None,
) -> BatchSummary:
    """Redact every input into ``out_dir`` and write ``out_dir/manifest.jsonl``.

    >>> summary = run_batch(Redactor(), ["calls"], "out")  # doctest: +SKIP
    >>> [o.status for o in summary.outcomes]  # doctest: +SKIP
    ['redacted', 'failed']
    """
    out = Path(out_dir)
    check_out_dir(inputs, out)
    files = find_inputs(inputs)
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST_NAME
    outcomes = []
    with manifest.open("w", encoding="utf-8") as manifest_file:
        for outcome in _redact_each(redactor, files, out):
            _append(manifest_file, outcome.manifest_row())
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    return BatchSummary(tuple(outcomes), manifest)


def _redact_each(
    redactor: FileRedactor, files: Iterable[InputFile], out: Path
) -> Iterator[FileOutcome]:
    seen: set[Path] = set()
    for item in files:
        if item.relative in seen:
            yield FileOutcome(item, "failed", error="another input has the same relative path")
            continue
        seen.add(item.relative)
        try:
            result = redactor.redact_file(item.path, out / item.relative.parent)
        except RedactorError as error:
            yield FileOutcome(item, "failed", error=str(error))
        except OSError as error:
            yield FileOutcome(item, "failed", error=f"{type(error).__name__}: {error.strerror}")
        except Exception as error:  # a bug must fail this file closed, not the whole batch
            yield FileOutcome(item, "failed", error=f"internal error ({type(error).__name__})")
        else:
            yield FileOutcome(item, "redacted", result=result)


def read_manifest(out_dir: str | Path) -> list[dict[str, str | None]]:
    """The rows of ``out_dir/manifest.jsonl``; output paths in them are relative to ``out_dir``.

    >>> [row["status"] for row in read_manifest("out")]  # doctest: +SKIP
    ['redacted', 'failed']
    """
    lines = (Path(out_dir) / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _append(manifest: IO[str], row: dict[str, str | None]) -> None:
    manifest.write(json.dumps(row) + "\n")
    manifest.flush()
