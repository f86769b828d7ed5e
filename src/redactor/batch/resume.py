"""Resume: which inputs of a rerun are up to date, which must be redone and why, and what an
interrupted run leaves to clean up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from redactor.batch.manifest import OUTPUT_KINDS, AuditedWrite, audited_outputs
from redactor.batch.outcome import FileOutcome, expected_outputs
from redactor.inputs import InputFile
from redactor.pipeline import RedactorSettings, output_paths, sha256_of
from redactor.storage import (
    encrypted_path,
    retention_sidecar,
)

UP_TO_DATE = "up to date: same input, settings and output sha256 as when it was written"


def triage(
    files: Sequence[InputFile], out: Path, settings: RedactorSettings, force: bool
) -> Iterator[tuple[InputFile, FileOutcome | None, str | None]]:
    """Each input with its outcome when it needs no work (skipped, or failed as a duplicate)
    and a note on why it was moved, skipped or is redone."""
    seen: set[Path] = set()
    audited = audited_outputs(out)
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
        up_to_date, why = resume_check(item, out, settings, audited)
        if up_to_date:
            yield item, FileOutcome(item, "skipped", note=why), note
        else:
            yield item, None, "; ".join(n for n in (note, why) if n) or None


def resume_check(
    item: InputFile, out: Path, settings: RedactorSettings, audited: dict[str, AuditedWrite]
) -> tuple[bool, str | None]:
    """Whether ``item``'s outputs are up to date, and a note when they are, or when they
    exist but cannot be trusted (missing, changed, never recorded).

    Up to date: every output exists, the audit log's last record of writing them has this
    input's sha256 and these settings, and each output still has the sha256 it had then.
    """
    encrypted = settings.policy.encrypt_to is not None
    expected = expected_outputs(item, out, encrypted)
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


def remove_outputs_since(items: Sequence[InputFile], out: Path, since: float) -> None:
    """Remove the outputs of ``items`` written at or after ``since`` (this run): a worker
    stopped halfway leaves none behind without a manifest row. Older outputs stay."""
    for item in items:
        plain = output_paths(item.relative, out / item.relative.parent).files()
        sidecar = retention_sidecar(plain[2])
        for path in (*plain, *(encrypted_path(p) for p in plain), sidecar):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime >= since:
                    path.unlink()
