"""redactor: remove protected health information from call recordings, offline.

>>> from redactor import Redactor  # doctest: +SKIP
>>> result = Redactor().redact_file("sample_audio/scheduling.wav", "out")  # doctest: +SKIP
"""

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
    StorageError,
    TranscriptionError,
    VerificationError,
)
from redactor.models import available_models, resolve_model
from redactor.pipeline import Redactor, RedactorSettings, redact_file
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
