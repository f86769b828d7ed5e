"""The batch's two logs in ``OUT``: the manifest (one line per input, rewritten each run) and the
audit log (appended to, with the sha256 of every output written, which resume checks).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

from redactor.batch.outcome import FileOutcome
from redactor.errors import StorageError
from redactor.inputs import Shard
from redactor.pipeline import RedactorSettings
from redactor.storage import (
    AGE_SUFFIX,
    PRIVATE_FILE,
    make_dirs,
)

MANIFEST_NAME = "manifest.jsonl"


AUDIT_NAME = "audit.jsonl"


OUTPUT_KINDS = ("audio", "transcript", "report")


def manifest_name(shard: Shard | None) -> str:
    """``manifest.jsonl``, or one per shard so parallel jobs never write the same file.

    >>> manifest_name(Shard(2, 8))
    'manifest-2-of-8.jsonl'
    """
    return MANIFEST_NAME if shard is None else f"manifest-{shard.index}-of-{shard.count}.jsonl"


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
        with open_private(target, "w", PRIVATE_FILE) as handle:
            for row in rows:
                append_row(handle, row)
        written.append(target)
    return written


def open_private(path: Path, mode: Literal["w", "a"], permissions: int) -> IO[str]:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if mode == "w" else os.O_APPEND)
    handle = os.open(path, flags, permissions)
    os.chmod(path, permissions)
    return os.fdopen(handle, mode, encoding="utf-8")


def append_row(handle: IO[str], row: dict[str, Any]) -> None:
    handle.write(json.dumps(row) + "\n")
    handle.flush()


def audit_row(
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


@dataclass(frozen=True, slots=True)
class AuditedWrite:
    """What the audit log recorded when an input's outputs were last written."""

    input_sha256: str
    settings_fingerprint: str
    outputs_sha256: dict[str, str]  # OUT-relative path -> sha256


def audited_outputs(out: Path) -> dict[str, AuditedWrite]:
    """OUT-relative output path -> the last record in the audit log of writing it."""
    audited: dict[str, AuditedWrite] = {}
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
            written = AuditedWrite(
                str(row["input_sha256"]), str(row["settings_fingerprint"]),
                {str(path): str(digest) for path, digest in outputs.items()},
            )  # fmt: skip
            for path in written.outputs_sha256:
                audited[path] = written
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return audited
