"""Redact many inputs: a folder tree in, the same tree of outputs, a manifest and an audit log out.

:func:`~redactor.batch.run.run_batch` runs the inputs one by one (:mod:`.run`), in a pool of
worker processes (:mod:`.process_pool`) or on Ray (:mod:`.on_ray`); each runner yields one
:class:`~redactor.batch.outcome.FileOutcome` per input, which :mod:`.manifest` records and
:mod:`.resume` checks on the next run.
"""

from redactor.batch.manifest import (
    AUDIT_NAME,
    MANIFEST_NAME,
    OUTPUT_KINDS,
    copy_manifests_decrypted,
    read_manifest,
)
from redactor.batch.outcome import BatchInterrupted, BatchSummary, FileOutcome, FileRedactor
from redactor.batch.resume import UP_TO_DATE
from redactor.batch.run import auto_workers, estimate_audio_seconds, run_batch

__all__ = [
    "AUDIT_NAME",
    "MANIFEST_NAME",
    "OUTPUT_KINDS",
    "UP_TO_DATE",
    "BatchInterrupted",
    "BatchSummary",
    "FileOutcome",
    "FileRedactor",
    "auto_workers",
    "copy_manifests_decrypted",
    "estimate_audio_seconds",
    "read_manifest",
    "run_batch",
]
