"""redactor: remove protected health information from call recordings, offline.

>>> from redactor import Redactor  # doctest: +SKIP
>>> result = Redactor().redact_file("sample_audio/scheduling.wav", "out")  # doctest: +SKIP

Every name below is imported on first use (PEP 562), so that ``import redactor`` (and the
``redactor`` command's ``--help``) does not load faster-whisper, spaCy, Presidio and PyAV.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redactor.batch import BatchSummary, FileOutcome, read_manifest, run_batch
    from redactor.config import Policy
    from redactor.errors import (
        AlignmentError,
        AudioDecodeError,
        AudioEncodeError,
        ConfigError,
        DecryptionError,
        DetectionError,
        EncryptedBatchError,
        InputError,
        InvalidKeyError,
        MissingExtraError,
        ModelNotFoundError,
        NoRecordingsError,
        PurgeRefusedError,
        RedactorError,
        ReportError,
        StorageError,
        TranscriptionError,
        VerificationError,
    )
    from redactor.models import available_models, resolve_model
    from redactor.pipeline import Redactor, RedactorSettings, redact_file
    from redactor.report_schema import Report
    from redactor.types import (
        AudioFormat,
        Beep,
        Interval,
        OutputPaths,
        PhiSpan,
        Redaction,
        RedactionResult,
        Transcript,
        Verification,
        Word,
    )

# public name -> the module that defines it (what the imports above say, for type checkers)
_HOMES = {
    name: home
    for home, names in {
        "batch": "BatchSummary FileOutcome read_manifest run_batch",
        "config": "Policy",
        "errors": "AlignmentError AudioDecodeError AudioEncodeError ConfigError DecryptionError "
        "DetectionError EncryptedBatchError InputError InvalidKeyError MissingExtraError "
        "ModelNotFoundError NoRecordingsError PurgeRefusedError RedactorError ReportError "
        "StorageError "
        "TranscriptionError VerificationError",
        "models": "available_models resolve_model",
        "pipeline": "Redactor RedactorSettings redact_file",
        "report_schema": "Report",
        "types": "AudioFormat Beep Interval OutputPaths PhiSpan Redaction RedactionResult "
        "Transcript Verification Word",
    }.items()
    for name in names.split()
}

__all__ = [
    "AlignmentError",
    "AudioDecodeError",
    "AudioEncodeError",
    "AudioFormat",
    "Beep",
    "BatchSummary",
    "ConfigError",
    "DecryptionError",
    "DetectionError",
    "EncryptedBatchError",
    "FileOutcome",
    "InputError",
    "InvalidKeyError",
    "Interval",
    "MissingExtraError",
    "ModelNotFoundError",
    "NoRecordingsError",
    "OutputPaths",
    "PhiSpan",
    "PurgeRefusedError",
    "Policy",
    "Redaction",
    "RedactionResult",
    "Redactor",
    "RedactorError",
    "RedactorSettings",
    "Report",
    "ReportError",
    "StorageError",
    "Transcript",
    "TranscriptionError",
    "Verification",
    "VerificationError",
    "Word",
    "available_models",
    "read_manifest",
    "redact_file",
    "resolve_model",
    "run_batch",
]


# Under `if not TYPE_CHECKING`, so that mypy still reports a misspelt ``redactor.Name``: it
# sees the imports above and no module __getattr__, which would make every name valid.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """Import a public name's module the first time the name is asked for, then keep it.

        >>> import redactor
        >>> redactor.Interval.__module__
        'redactor.types'
        """
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"redactor.{home}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
