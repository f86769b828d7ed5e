"""Storage and disposal of outputs: age encryption, retention dates, and purging what expired.

Encryption is to an age X25519 public key (``age1...``) with ``pyrage``, the Python binding of
the Rust ``age`` implementation; the files it writes are ordinary ``.age`` files that the
``age``/``rage`` command-line tools decrypt too. :func:`encrypt_file` writes the ciphertext
beside the plaintext under a temporary name, renames it into place, and only then deletes the
plaintext, so at every moment at least one complete copy exists and no copy ever lies outside
the output folder. Deleting a file does not scrub the disk blocks under it: encrypt the volume
too where that matters.

Keys are parsed by :mod:`redactor.keys`.

Retention: each report carries ``"retention_until": "YYYY-MM-DD"`` (:func:`retention_date`),
the last day the outputs are kept; they expire the day after. An encrypted report cannot be read
without the identity, and a purge should not need the private key, so every input whose report
is encrypted also gets a plaintext sidecar ``<name>.retention`` (:func:`write_retention_sidecar`)
holding that date and nothing else. It reveals no more than the files' own timestamps do.
:func:`expired_outputs` reads the plaintext report when there is one, else the sidecar; an input
with neither is never listed: what cannot be dated is kept.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyrage

from redactor.errors import (
    ConfigError,
    DecryptionError,
    PurgeRefusedError,
    ReportError,
    StorageError,
)
from redactor.keys import parse_identities, parse_recipient
from redactor.report_schema import Report

AGE_SUFFIX = ".age"
REPORT_SUFFIX = ".report.json"
TRANSCRIPT_SUFFIX = ".transcript.txt"
RETENTION_SUFFIX = ".retention"
_PARTIAL_PREFIX = ".partial-"
# Outputs are owner-only unless a batch is made group-readable; the API and the CLI agree.
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
SHARED_FILE, SHARED_DIR = 0o640, 0o750


def make_dirs(path: Path, mode: int = PRIVATE_DIR) -> None:
    """Create ``path`` and its missing parents with exactly ``mode`` (whatever the umask).
    Folders that exist already are left as they are.

    >>> make_dirs(Path("out/a/b"))  # doctest: +SKIP
    >>> oct(Path("out/a").stat().st_mode & 0o777)  # doctest: +SKIP
    '0o700'
    """
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=mode)
        except FileExistsError:  # made meanwhile by another worker
            continue
        folder.chmod(mode)


@contextmanager
def atomic_output(destination: Path) -> Iterator[Path]:
    """Yield a temporary path in ``destination``'s folder; rename it into place on success.

    The file is flushed to disk before the rename, and the rename itself after it, so neither
    a killed run nor a power cut leaves a half-written file under the final name; on failure
    the temporary file is removed.

    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with atomic_output(Path(folder) / "a.txt") as temporary:
    ...         _ = temporary.write_text("done")
    ...     print(temporary.exists(), (Path(folder) / "a.txt").read_text())
    False done
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(
        prefix=_PARTIAL_PREFIX, suffix=destination.suffix, dir=destination.parent
    )
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, destination)
        _fsync_folder(destination.parent)
    finally:
        temporary.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def encrypt_file(path: Path, recipient: str) -> Path:
    """Encrypt ``path`` to ``recipient`` as ``path.age``; delete the plaintext once the
    ciphertext is complete on disk. Returns the ``.age`` path.

    The ciphertext is streamed by pyrage from the plaintext to a temporary file in the same
    folder, so no plaintext is copied anywhere and a crash leaves either the plaintext alone or
    both files, never a truncated ``.age`` under its final name.
    """
    key = parse_recipient(recipient)
    if not path.is_file():
        raise StorageError(f"cannot encrypt {path.name}: not a file")
    destination = path.with_name(path.name + AGE_SUFFIX)
    try:
        with atomic_output(destination) as temporary:
            pyrage.encrypt_file(str(path), str(temporary), [key])
    except (OSError, pyrage.EncryptError) as error:
        raise StorageError(f"cannot encrypt {path.name}: {type(error).__name__}") from None
    path.unlink()
    return destination


def decrypt_tree(folder: Path, identity: str, dest: Path) -> list[Path]:
    """Decrypt every ``.age`` file under ``folder`` into ``dest``, mirroring the tree and
    dropping the ``.age`` suffix. Returns the restored paths, in sorted order.

    Each file is written atomically; a wrong identity or a damaged file raises
    :class:`DecryptionError` naming the file (never the key) and leaves no partial output for
    it. An existing file in ``dest`` is never overwritten (:class:`StorageError`).
    """
    identities = parse_identities(identity)
    sources = sorted(
        path
        for path in folder.rglob(f"*{AGE_SUFFIX}")
        if path.is_file() and not path.name.startswith(_PARTIAL_PREFIX)
    )
    restored = []
    for source in sources:
        relative = source.relative_to(folder)
        target = dest / relative.with_name(relative.name[: -len(AGE_SUFFIX)])
        if target.exists():
            raise StorageError(f"will not overwrite {target.name} in the destination folder")
        try:
            with atomic_output(target) as temporary:
                pyrage.decrypt_file(str(source), str(temporary), identities)
        except pyrage.DecryptError:
            raise DecryptionError(
                f"cannot decrypt {relative.as_posix()}: the identity does not match it,"
                " or the file is damaged"
            ) from None
        except OSError as error:
            # pyrage reports a truncated or corrupted payload as an I/O error
            raise DecryptionError(
                f"cannot decrypt {relative.as_posix()}: the file is damaged, or could not be"
                f" read or written ({type(error).__name__})"
            ) from None
        restored.append(target)
    return restored


def retention_date(created: datetime, days: int) -> date:
    """The last day outputs created at ``created`` are kept: ``days`` days later (UTC date for
    an aware datetime, the datetime's own date for a naive one).

    >>> retention_date(datetime(2026, 1, 30, 23, 30, tzinfo=UTC), 30)
    datetime.date(2026, 3, 1)
    """
    if days < 0:
        raise ConfigError(f"the retention period must be 0 days or more, not {days}")
    day = created.astimezone(UTC).date() if created.tzinfo is not None else created.date()
    return day + timedelta(days=days)


def encrypted_path(path: Path) -> Path:
    """Where :func:`encrypt_file` puts the ciphertext of ``path``.

    >>> encrypted_path(Path("out/call.wav")).name
    'call.wav.age'
    """
    return path.with_name(path.name + AGE_SUFFIX)


def retention_sidecar(report: Path) -> Path:
    """Where the plaintext retention date of a report (plain or encrypted) lives.

    >>> retention_sidecar(Path("out/call.wav.report.json.age")).as_posix()
    'out/call.wav.retention'
    """
    return report.with_name(_input_name(report.name) + RETENTION_SUFFIX)


def write_retention_sidecar(report: Path, until: date) -> Path:
    """Write ``<name>.retention`` beside ``report``, holding only ``until`` (ISO date)."""
    sidecar = retention_sidecar(report)
    with atomic_output(sidecar) as temporary:
        temporary.write_text(until.isoformat() + "\n", encoding="utf-8")
    return sidecar


def _input_name(report_name: str) -> str:
    name = report_name.removesuffix(AGE_SUFFIX)
    if not name.endswith(REPORT_SUFFIX):
        raise ValueError(f"{report_name} is not a report")
    return name.removesuffix(REPORT_SUFFIX)


def retention_until(report: Path) -> date | None:
    """A report's retention date: from the report when it is plaintext, else from its sidecar;
    ``None`` when neither gives a readable date (a plaintext report that does not parse, too)."""
    if not report.name.endswith(AGE_SUFFIX):
        try:
            return Report.from_json(report.read_text(encoding="utf-8")).retention_until
        except (OSError, ValueError, ReportError):
            return None
    try:
        return date.fromisoformat(retention_sidecar(report).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def output_family(folder: Path, name: str) -> list[Path]:
    """The outputs of input ``name`` that exist in ``folder``: audio, transcript, report and
    retention sidecar, each plain or ``.age``.

    >>> output_family(Path("/nonexistent"), "call.wav")
    []
    """
    stems = [name, name + TRANSCRIPT_SUFFIX, name + REPORT_SUFFIX, name + RETENTION_SUFFIX]
    candidates = [folder / (stem + suffix) for stem in stems for suffix in ("", AGE_SUFFIX)]
    return [path for path in candidates if path.is_file() and not path.is_symlink()]


def expired_outputs(out_dir: Path, today: date) -> list[Path]:
    """Every output under ``out_dir`` whose retention date is before ``today``, sorted.

    Reports are found anywhere under ``out_dir`` (outputs mirror the inputs' subfolders); each
    expired one brings its whole family (:func:`output_family`). Undated reports are kept.
    """
    expired: set[Path] = set()
    for report in out_dir.rglob(f"*{REPORT_SUFFIX}*"):
        if report.name.startswith(_PARTIAL_PREFIX) or not report.is_file():
            continue
        if not report.name.endswith((REPORT_SUFFIX, REPORT_SUFFIX + AGE_SUFFIX)):
            continue
        until = retention_until(report)
        if until is not None and until < today:
            expired.update(output_family(report.parent, _input_name(report.name)))
    return sorted(expired)


def purge(paths: Iterable[Path], out_dir: Path) -> list[Path]:
    """Delete ``paths``, all of which must be regular files strictly inside ``out_dir``.

    Every path is checked before anything is deleted: one that resolves outside ``out_dir``
    (by ``..`` or a symbolic link), is ``out_dir`` itself, is a link, or is not a regular file
    raises :class:`PurgeRefusedError` and nothing is deleted. Returns the deleted paths.
    """
    root = out_dir.resolve(strict=True)
    checked = []
    for path in paths:
        if path.is_symlink() or not path.is_file():
            raise PurgeRefusedError(f"will not purge {path.name}: not a regular file")
        resolved = path.resolve(strict=True)
        if resolved == root or not resolved.is_relative_to(root):
            raise PurgeRefusedError(f"will not purge {path.name}: it is outside the output folder")
        checked.append(resolved)
    deleted = []
    for resolved in dict.fromkeys(checked):
        resolved.unlink()
        deleted.append(resolved)
    return deleted
