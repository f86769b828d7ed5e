"""A rerun trusts an output only while it has the sha256 recorded when it was written (issue 17,
defect 3); a skip says why (defect 5)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_models import WORDS, use_fake_models
from fixture_paths import ARCTIC_CLIP
from pyrage import x25519

from redactor import Policy, Redactor, read_manifest, run_batch
from redactor.batch import AUDIT_NAME, UP_TO_DATE
from redactor.cli import cli
from redactor.pipeline import sha256_of
from redactor.testing import FakeDetector, FakeTranscriber


def _redactor(policy: Policy | None = None) -> Redactor:
    return Redactor(
        policy=policy,
        transcriber=FakeTranscriber(WORDS),
        detector=FakeDetector(lambda word: word == "always"),
    )


@pytest.fixture()
def batch(tmp_path: Path) -> tuple[Path, Path]:
    """Two calls, redacted once: (the calls folder, OUT)."""
    calls = tmp_path / "calls"
    calls.mkdir()
    for name in ("a.wav", "b.wav"):
        shutil.copy(ARCTIC_CLIP, calls / name)
    out = tmp_path / "out"
    assert {o.status for o in run_batch(_redactor(), [calls], out).outcomes} == {"redacted"}
    return calls, out


def _original_over(out: Path, calls: Path) -> None:
    shutil.copy(calls / "a.wav", out / "a.wav")


def _truncated(out: Path, calls: Path) -> None:
    with (out / "a.wav").open("r+b") as audio:
        audio.truncate(1000)


def _report_edited(out: Path, calls: Path) -> None:
    report = json.loads((out / "a.wav.report.json").read_text())
    report["redactions"] = []
    (out / "a.wav.report.json").write_text(json.dumps(report))


@pytest.mark.parametrize(
    ("tamper", "changed"),
    [(_original_over, "audio"), (_truncated, "audio"), (_report_edited, "report")],
)
def test_an_output_changed_since_it_was_written_is_redone(
    batch: tuple[Path, Path], tamper: Callable[[Path, Path], None], changed: str
) -> None:
    calls, out = batch
    tamper(out, calls)
    outcomes = {
        o.input.relative.as_posix(): o for o in run_batch(_redactor(), [calls], out).outcomes
    }
    assert outcomes["b.wav"].status == "skipped"
    redone = outcomes["a.wav"]
    assert redone.status == "redacted"
    assert redone.note == f"redone: its {changed} changed since it was written (sha256 differs)"
    rows = {row["input"]: row for row in read_manifest(out)}
    assert rows["a.wav"]["note"] == redone.note
    assert rows["b.wav"]["note"] == UP_TO_DATE
    assert sha256_of(out / "a.wav") == sha256_of(out / "b.wav")  # redacted again, in full
    assert sha256_of(out / "a.wav") != sha256_of(calls / "a.wav")
    # and trusted again on the next run
    assert {o.status for o in run_batch(_redactor(), [calls], out).outcomes} == {"skipped"}


def test_a_missing_output_is_redone_and_named(batch: tuple[Path, Path]) -> None:
    calls, out = batch
    (out / "a.wav.transcript.txt").unlink()
    outcomes = {
        o.input.relative.as_posix(): o for o in run_batch(_redactor(), [calls], out).outcomes
    }
    assert outcomes["a.wav"].status == "redacted"
    assert outcomes["a.wav"].note == "redone: its transcript went missing since it was written"


def test_outputs_with_no_recorded_sha256_are_not_trusted(batch: tuple[Path, Path]) -> None:
    calls, out = batch
    (out / AUDIT_NAME).unlink()  # as a batch written before output sha256s were recorded
    outcomes = run_batch(_redactor(), [calls], out).outcomes
    assert [o.status for o in outcomes] == ["redacted", "redacted"]
    assert all("no sha256" in (o.note or "") for o in outcomes)


def test_the_audit_log_records_every_outputs_sha256(batch: tuple[Path, Path]) -> None:
    _, out = batch
    row = json.loads((out / AUDIT_NAME).read_text().splitlines()[0])
    name = Path(row["input"]).name
    expected = [name, f"{name}.transcript.txt", f"{name}.report.json"]
    assert list(row["outputs_sha256"]) == expected
    for path, digest in row["outputs_sha256"].items():
        assert sha256_of(out / path) == digest
    assert row["output_sha256"] == row["outputs_sha256"][name]


def test_an_encrypted_output_truncated_is_redone(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    shutil.copy(ARCTIC_CLIP, calls / "a.wav")
    out = tmp_path / "out"
    policy = Policy(encrypt_to=str(x25519.Identity.generate().to_public()))
    run_batch(_redactor(policy), [calls], out)
    assert [o.status for o in run_batch(_redactor(policy), [calls], out).outcomes] == ["skipped"]
    with (out / "a.wav.age").open("r+b") as audio:
        audio.truncate(1000)
    (outcome,) = run_batch(_redactor(policy), [calls], out).outcomes
    assert outcome.status == "redacted" and "audio changed" in (outcome.note or "")


def test_the_cli_says_why_it_skipped_and_why_it_redid(
    batch: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_fake_models(monkeypatch)
    calls, out = batch
    _truncated(out, calls)
    result = CliRunner().invoke(cli, ["redact", str(calls), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert f"skipped b.wav: {UP_TO_DATE}" in result.stdout
    assert "None" not in result.output
    warning = "a.wav: redone: its audio changed since it was written (sha256 differs)"
    assert warning in result.stderr.splitlines()
