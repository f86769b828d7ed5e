"""Outputs encrypt and decrypt back byte for byte; keys never leak; purge deletes only expired
outputs inside the output folder."""

from __future__ import annotations

import doctest
import os
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pyrage import x25519

from redactor import storage
from redactor.errors import (
    ConfigError,
    DecryptionError,
    InvalidKeyError,
    PurgeRefusedError,
    RedactorError,
    StorageError,
)
from redactor.report import build_report
from redactor.storage import (
    decrypt_tree,
    encrypt_file,
    expired_outputs,
    output_family,
    purge,
    retention_date,
    retention_sidecar,
    retention_until,
    write_retention_sidecar,
)
from redactor.types import AudioFormat

TODAY = date(2026, 6, 15)


@pytest.fixture(scope="module")
def keys() -> tuple[str, str]:
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


@pytest.fixture(scope="module")
def other_identity() -> str:
    return str(x25519.Identity.generate())


def write_outputs(folder: Path, name: str, until: date | None) -> list[Path]:
    """The three outputs of one input, as the pipeline writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    report = build_report(
        input_name=name, input_sha256="0" * 64,
        audio_format=AudioFormat("wav", "pcm_s16le", 16000, 1, 16, duration=2.0),
        models={}, settings={}, fingerprint="0", redactions=[], beeps=[], word_count=0,
        retention_until=until,
    )  # fmt: skip
    files = {
        folder / name: os.urandom(2048) + b"RIFF-ish audio",
        folder / f"{name}.transcript.txt": b"my name is [PERSON]\n",
        folder / f"{name}.report.json": report.to_json().encode(),
    }
    for path, data in files.items():
        path.write_bytes(data)
    return list(files)


# ------------------------------------------------------------------------------- encryption


@pytest.mark.parametrize(
    "content",
    [b"", b"short transcript\n", os.urandom(3 * 1024 * 1024 + 17)],
    ids=["empty", "small", "3MiB"],
)
def test_encrypt_then_decrypt_gives_byte_identical_files(
    tmp_path: Path, keys: tuple[str, str], content: bytes
) -> None:
    identity, recipient = keys
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    plain = {out / "call.wav": content, out / "sub" / "call.wav.transcript.txt": content + b"x"}
    for path, data in plain.items():
        path.write_bytes(data)
    encrypted = [encrypt_file(path, recipient) for path in plain]
    assert encrypted == [path.with_name(path.name + ".age") for path in plain]

    restored = decrypt_tree(out, identity, tmp_path / "restored")
    assert restored == sorted(tmp_path / "restored" / p.relative_to(out) for p in plain)
    for path, data in plain.items():
        assert (tmp_path / "restored" / path.relative_to(out)).read_bytes() == data


def test_no_plaintext_or_temporary_file_is_left(tmp_path: Path, keys: tuple[str, str]) -> None:
    out = tmp_path / "out"
    written = write_outputs(out, "call.wav", TODAY)
    marker = b"my name is [PERSON]"
    for path in written:
        encrypt_file(path, keys[1])
    left = sorted(p.name for p in out.iterdir())
    assert left == ["call.wav.age", "call.wav.report.json.age", "call.wav.transcript.txt.age"]
    assert all(marker not in path.read_bytes() for path in out.iterdir())
    assert (out / "call.wav.age").read_bytes().startswith(b"age-encryption.org/v1\n")


def test_identity_file_text_with_comments_works(tmp_path: Path, keys: tuple[str, str]) -> None:
    identity, recipient = keys
    (tmp_path / "a.txt").write_text("hello")
    encrypt_file(tmp_path / "a.txt", recipient)
    text = f"# created: 2026-01-01\n# public key: {recipient}\n\n{identity}\n"
    decrypt_tree(tmp_path, text, tmp_path / "back")
    assert (tmp_path / "back" / "a.txt").read_text() == "hello"


def test_wrong_identity_fails_cleanly(
    tmp_path: Path, keys: tuple[str, str], other_identity: str
) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").write_text("secret")
    encrypt_file(tmp_path / "out" / "a.txt", keys[1])
    dest = tmp_path / "restored"
    with pytest.raises(DecryptionError) as raised:
        decrypt_tree(tmp_path / "out", other_identity, dest)
    message = str(raised.value)
    assert "a.txt" in message
    assert other_identity not in message and keys[0] not in message and keys[1] not in message
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert not dest.exists() or not any(dest.rglob("*"))  # no partial output


def test_a_damaged_file_fails_cleanly(tmp_path: Path, keys: tuple[str, str]) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").write_bytes(os.urandom(100_000))
    sealed = encrypt_file(tmp_path / "out" / "a.txt", keys[1])
    sealed.write_bytes(sealed.read_bytes()[:-500])
    with pytest.raises(DecryptionError):
        decrypt_tree(tmp_path / "out", keys[0], tmp_path / "restored")
    assert not any((tmp_path / "restored").rglob("*.txt"))


def test_decrypt_never_overwrites(tmp_path: Path, keys: tuple[str, str]) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").write_text("new")
    encrypt_file(tmp_path / "out" / "a.txt", keys[1])
    (tmp_path / "restored").mkdir()
    (tmp_path / "restored" / "a.txt").write_text("old")
    with pytest.raises(StorageError, match="overwrite"):
        decrypt_tree(tmp_path / "out", keys[0], tmp_path / "restored")
    assert (tmp_path / "restored" / "a.txt").read_text() == "old"


@pytest.mark.parametrize("which", ["secret-as-recipient", "garbage", "empty", "truncated"])
def test_an_invalid_recipient_never_appears_in_the_error(
    tmp_path: Path, keys: tuple[str, str], which: str
) -> None:
    identity, recipient = keys
    bad = {
        "secret-as-recipient": identity,
        "garbage": "age1qqqqnotakey",
        "empty": "",
        "truncated": recipient[:-4],
    }[which]
    (tmp_path / "a.txt").write_text("plain")
    with pytest.raises(InvalidKeyError) as raised:
        encrypt_file(tmp_path / "a.txt", bad)
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, RedactorError)
    assert (not bad or bad not in str(raised.value)) and identity not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert (tmp_path / "a.txt").read_text() == "plain"  # the plaintext is kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.parametrize("which", ["public-as-identity", "garbage", "comments-only"])
def test_an_invalid_identity_never_appears_in_the_error(
    tmp_path: Path, keys: tuple[str, str], which: str
) -> None:
    identity, recipient = keys
    bad = {
        "public-as-identity": recipient,
        "garbage": identity[:-6] + "QQQQQQ",
        "comments-only": "# nothing here\n",
    }[which]
    with pytest.raises(InvalidKeyError) as raised:
        decrypt_tree(tmp_path, bad, tmp_path / "restored")
    assert bad.strip("# \n") not in str(raised.value) and identity not in str(raised.value)
    assert raised.value.__cause__ is None


def test_encrypting_a_missing_file_is_a_storage_error(
    tmp_path: Path, keys: tuple[str, str]
) -> None:
    with pytest.raises(StorageError, match="not a file"):
        encrypt_file(tmp_path / "missing.wav", keys[1])


# -------------------------------------------------------------------------------- retention


@pytest.mark.parametrize(
    ("created", "days", "expected"),
    [
        (datetime(2026, 1, 30, 12, 0, tzinfo=UTC), 30, date(2026, 3, 1)),
        (datetime(2028, 2, 28, 12, 0, tzinfo=UTC), 1, date(2028, 2, 29)),  # leap year
        (datetime(2026, 6, 15, 23, 30), 0, date(2026, 6, 15)),  # naive: its own date
        # 01:30 at UTC+2 on the 16th is 23:30 UTC on the 15th
        (datetime(2026, 6, 16, 1, 30, tzinfo=timezone(timedelta(hours=2))), 7, date(2026, 6, 22)),
        (datetime(2026, 6, 15, tzinfo=UTC), 365 * 6, date(2032, 6, 13)),
    ],
)
def test_retention_date(created: datetime, days: int, expected: date) -> None:
    assert retention_date(created, days) == expected


def test_a_negative_retention_period_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        retention_date(datetime(2026, 1, 1, tzinfo=UTC), -1)


def test_sidecar_holds_only_the_date(tmp_path: Path) -> None:
    sidecar = write_retention_sidecar(tmp_path / "call.wav.report.json.age", TODAY)
    assert sidecar == tmp_path / "call.wav.retention"
    assert retention_sidecar(tmp_path / "call.wav.report.json") == sidecar
    assert sidecar.read_text() == "2026-06-15\n"
    assert retention_until(tmp_path / "call.wav.report.json.age") == TODAY


# (name, retention date relative to TODAY or None, encrypted, sidecar, expired?)
CASES = [
    ("old.wav", -1, False, False, True),
    ("ancient.mp3", -400, False, False, True),
    ("today.wav", 0, False, False, False),  # the last day kept
    ("future.wav", 30, False, False, False),
    ("undated.wav", None, False, False, False),
    ("sealed-old.wav", -2, True, True, True),
    ("sealed-future.wav", 2, True, True, False),
    ("sealed-no-sidecar.wav", -2, True, False, False),  # cannot be dated: kept
    ("sub/nested-old.flac", -3, False, False, True),
]


@pytest.fixture
def out_dir(tmp_path: Path, keys: tuple[str, str]) -> Path:
    out = tmp_path / "out"
    for relative, offset, encrypted, sidecar, _ in CASES:
        until = None if offset is None else TODAY + timedelta(days=offset)
        folder = out / Path(relative).parent
        written = write_outputs(folder, Path(relative).name, until)
        if encrypted:
            for path in written:
                encrypt_file(path, keys[1])
            if sidecar and until is not None:
                write_retention_sidecar(folder / f"{Path(relative).name}.report.json", until)
    (out / "manifest.jsonl").write_text("{}\n")
    (out / "audit.jsonl").write_text("{}\n")
    (out / "broken.wav.report.json").write_text("{not json")
    # Dated long ago, but not a report: what does not parse as a report is kept.
    (out / "partial.wav.report.json").write_text('{"retention_until": "2000-01-01"}')
    return out


def test_expired_outputs_lists_exactly_the_expired_families(out_dir: Path) -> None:
    expected = set()
    for relative, _, _, _, expired in CASES:
        if expired:
            folder = out_dir / Path(relative).parent
            family = output_family(folder, Path(relative).name)
            assert len(family) in (3, 4)  # audio, transcript, report (+ sidecar)
            expected.update(family)
    assert expired_outputs(out_dir, TODAY) == sorted(expected)


@pytest.mark.parametrize(
    ("today", "count"),
    [(TODAY - timedelta(days=1000), 0), (TODAY, 13), (TODAY + timedelta(days=10_000), 23)],
)
def test_what_expires_depends_on_the_day(out_dir: Path, today: date, count: int) -> None:
    assert len(expired_outputs(out_dir, today)) == count


def test_purge_deletes_only_expired_outputs_and_never_an_input(
    tmp_path: Path, out_dir: Path
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("old.wav", "today.wav", "sealed-old.wav"):
        (inputs / name).write_bytes(b"original recording")
    before = {p: p.read_bytes() for p in inputs.iterdir()}
    everything = set(out_dir.rglob("*"))
    expired = expired_outputs(out_dir, TODAY)

    deleted = purge(expired, out_dir)

    assert sorted(deleted) == sorted(p.resolve() for p in expired)
    assert all(not p.exists() for p in expired)
    assert set(out_dir.rglob("*")) == everything - set(expired)
    assert {p: p.read_bytes() for p in inputs.iterdir()} == before
    assert (out_dir / "manifest.jsonl").exists() and (out_dir / "today.wav").exists()


@pytest.mark.parametrize(
    "outside",
    ["input", "dotdot", "symlink", "out_dir", "folder", "missing"],
)
def test_purge_refuses_anything_outside_and_deletes_nothing(
    tmp_path: Path, out_dir: Path, outside: str
) -> None:
    original = tmp_path / "in" / "old.wav"
    original.parent.mkdir()
    original.write_bytes(b"original recording")
    link = out_dir / "link.wav"
    link.symlink_to(original)
    bad = {
        "input": original,
        "dotdot": out_dir / ".." / "in" / "old.wav",
        "symlink": link,
        "out_dir": out_dir,
        "folder": out_dir / "sub",
        "missing": out_dir / "nothing.wav",
    }[outside]
    expired = expired_outputs(out_dir, TODAY)
    with pytest.raises(PurgeRefusedError):
        purge([*expired, bad], out_dir)
    assert original.read_bytes() == b"original recording"
    assert all(p.exists() for p in expired)  # checked first, nothing deleted


def test_doctests() -> None:
    assert doctest.testmod(storage).failed == 0
