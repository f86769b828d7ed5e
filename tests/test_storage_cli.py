"""Issue 8 through the CLI and the pipeline: voice change, encrypted outputs, retention, purge."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from click.testing import CliRunner
from fixture_paths import ARCTIC_CLIP
from pyrage import x25519

from redactor import Policy, Redactor, read_manifest, run_batch
from redactor.cli import cli
from redactor.evaluate import decode_float, frame_changes, share_changed
from redactor.storage import expired_outputs
from redactor.testing import FakeDetector, FakeTranscriber, transcript_from

WORDS = transcript_from([("and", 0.2, 0.6), ("always", 1.0, 1.3)], 4.0)


def fake(policy: Policy) -> Redactor:
    return Redactor(
        policy=policy,
        transcriber=FakeTranscriber(WORDS),
        detector=FakeDetector(lambda word: word == "always"),
    )


def test_voice_change_keeps_format_and_beeps_and_changes_the_rest(tmp_path: Path) -> None:
    result = fake(Policy(anonymize_voice=True, voice_seed=7)).redact_file(ARCTIC_CLIP, tmp_path)
    before, rate = decode_float(ARCTIC_CLIP)
    after, rate_after = decode_float(result.outputs.audio)
    assert (rate, len(before)) == (rate_after, len(after))
    loud, changed = frame_changes(ARCTIC_CLIP, result.outputs.audio)
    assert share_changed(loud, changed, 0.6, 1.7) >= 0.9  # the beep
    assert not np.array_equal(before[int(2.5 * rate) :], after[int(2.5 * rate) :])
    report = json.loads(result.outputs.report.read_text())
    assert report["voice"]["method"] == "mcadams" and report["voice"]["seeded"] is True
    assert report["settings"]["voice_seed"] == "set", "the seed would undo the voice change"
    again = fake(Policy(anonymize_voice=True, voice_seed=7)).redact_file(
        ARCTIC_CLIP, tmp_path / "2"
    )
    assert again.outputs.audio.read_bytes() == result.outputs.audio.read_bytes()


def test_encrypted_batch_round_trips_resumes_and_purges(tmp_path: Path) -> None:
    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    calls = tmp_path / "calls"
    calls.mkdir()
    shutil.copy(ARCTIC_CLIP, calls / "a.wav")
    out = tmp_path / "out"
    policy = Policy(encrypt_to=recipient, retention_days=30)
    plain = run_batch(fake(Policy(retention_days=30)), [calls], tmp_path / "plain")
    summary = run_batch(fake(policy), [calls], out)
    (outcome,) = summary.outcomes
    assert outcome.status == "redacted", outcome.error
    (row,) = read_manifest(out)
    assert row["audio"] == "a.wav.age" and row["report"] == "a.wav.report.json.age"
    names = sorted(p.name for p in out.iterdir() if p.name.startswith("a."))
    assert names == [
        "a.wav.age",
        "a.wav.report.json.age",
        "a.wav.retention",
        "a.wav.transcript.txt.age",
    ]
    assert [o.status for o in run_batch(fake(policy), [calls], out).outcomes] == ["skipped"]

    identity_file = tmp_path / "key.txt"
    identity_file.write_text(str(identity) + "\n")
    restored = tmp_path / "restored"
    result = CliRunner().invoke(
        cli, ["decrypt", str(out), "--identity", str(identity_file), "--to", str(restored)]
    )
    assert result.exit_code == 0, result.output
    assert str(identity) not in result.output
    plain_audio = (tmp_path / "plain" / "a.wav").read_bytes()
    assert (restored / "a.wav").read_bytes() == plain_audio
    report = json.loads((restored / "a.wav.report.json").read_text())
    assert report["encrypted"] is True
    until = date.fromisoformat(report["retention_until"])
    assert until - date.today() in (timedelta(days=30), timedelta(days=29))

    assert expired_outputs(out, date.today()) == []
    assert len(expired_outputs(out, until + timedelta(days=1))) == 4
    dry_run = CliRunner().invoke(cli, ["purge", str(out), "--expired"])
    assert dry_run.exit_code == 0 and "0 expired files" in dry_run.output
    assert (calls / "a.wav").is_file(), "purge never touches an input"
    assert plain.outcomes[0].status == "redacted"


def test_a_bad_recipient_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["redact", str(ARCTIC_CLIP), "--out", str(tmp_path / "o"), "--encrypt-to", "age1nope"]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
