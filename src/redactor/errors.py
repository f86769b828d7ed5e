"""Every error redactor raises on purpose is a :class:`RedactorError`.

Callers catch the one base class. Messages never contain PHI: they name files, settings and
models, never transcript text.

    RedactorError
    ├── ConfigError            a policy or option that does not parse or makes no sense
    ├── ModelNotFoundError     a model name or folder that cannot be resolved locally
    ├── InputError             an input path that cannot be used (missing, overlaps --out...)
    │   └── NoRecordingsError  the inputs hold no recording at all
    ├── AudioDecodeError       a file that is not decodable audio
    ├── AudioEncodeError       the redacted audio could not be written back
    ├── TranscriptionError     faster-whisper failed on a file
    ├── DetectionError         PHI detection failed on a file (fail closed: no output)
    ├── AlignmentError         a PHI span could not be placed in time (fail closed)
    ├── VerificationError      PHI was still heard in the redacted audio (fail closed)
    ├── MissingExtraError      a feature needs an optional extra that is not installed
    ├── ReportError            a report JSON that is not a report of this version
    └── StorageError           encrypting, decrypting or purging outputs failed
        ├── EncryptedBatchError  a batch that must be decrypted first (to review it)
        ├── InvalidKeyError    a recipient or identity is not an age X25519 key
        ├── DecryptionError    a .age file could not be decrypted
        └── PurgeRefusedError  purge was handed a path outside the output folder
"""

from __future__ import annotations

from typing import Any


class RedactorError(Exception):
    """Base class of every error redactor raises on purpose."""


class ConfigError(RedactorError):
    """A policy, option or configuration file is invalid."""


class ModelNotFoundError(RedactorError):
    """A model name or folder could not be resolved to a local model."""


class InputError(RedactorError):
    """An input path cannot be used."""


class NoRecordingsError(InputError):
    """The inputs hold no recording to redact (an empty folder, or only other files)."""


class AudioDecodeError(RedactorError):
    """A file could not be decoded as audio."""


class AudioEncodeError(RedactorError):
    """Redacted audio could not be encoded in the input's format."""


class MissingExtraError(RedactorError):
    """A feature needs an optional extra (``pip install 'redactor[NAME]'``) that is missing."""


class ReportError(RedactorError):
    """A report does not parse: not JSON, a field missing or mistyped, or an unknown version."""


class TranscriptionError(RedactorError):
    """Speech recognition failed."""


class DetectionError(RedactorError):
    """PHI detection failed."""


class AlignmentError(RedactorError):
    """A PHI span could not be mapped to a time interval."""


class VerificationError(RedactorError):
    """Re-transcribing the redacted audio found PHI outside the beeps.

    ``findings`` holds the audible spans as redactions (types, times, scores; never text).
    """

    def __init__(self, message: str, findings: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings


class StorageError(RedactorError):
    """Encrypting, decrypting or purging outputs failed (messages never hold a key)."""


class EncryptedBatchError(StorageError):
    """The batch was written with ``--encrypt-to``: decrypt it (to another folder) first."""


class InvalidKeyError(StorageError, ValueError):
    """A recipient or identity string is not a valid age X25519 key."""


class DecryptionError(StorageError):
    """A ``.age`` file could not be decrypted: wrong identity, or a damaged file."""


class PurgeRefusedError(StorageError):
    """A path handed to :func:`purge` lies outside the output folder or is not a file."""
