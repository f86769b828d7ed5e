"""Batch behaviour: resume, force, shards, permissions, audit log, config files, hostile input.

Most tests use the fake transcriber and detector on real audio files, so they exercise the
real decoding, encoding and bookkeeping without the cost of the models.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixture_paths import ARCTIC_CLIP, SAMPLE_AUDIO

from redactor import Policy, Redactor, read_manifest, run_batch
from redactor.batch import AUDIT_NAME
from redactor.cli import cli
from redactor.config import load_policy
from redactor.errors import ConfigError
from redactor.inputs import Shard
from redactor.testing import FakeDetector, FakeTranscriber, transcript_from

WORDS = transcript_from([("and", 0.2, 0.6), ("always", 1.0, 1.3)], 4.0)


@pytest.fixture()
def fake() -> Redactor:
    return Redactor(
        transcriber=FakeTranscriber(WORDS), detector=FakeDetector(lambda word: word == "always")
    )


def ffmpeg(*arguments: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *arguments], check=True)


def test_rerun_skips_up_to_date_outputs_and_force_redoes_them(
    fake: Redactor, tmp_path: Path
) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    shutil.copy(ARCTIC_CLIP, calls / "a.wav")
    shutil.copy(ARCTIC_CLIP, calls / "b.wav")
    out = tmp_path / "out"
    assert [o.status for o in run_batch(fake, [calls], out).outcomes] == ["redacted"] * 2
    assert [o.status for o in run_batch(fake, [calls], out).outcomes] == ["skipped"] * 2
    assert [row["status"] for row in read_manifest(out)] == ["skipped"] * 2
    assert all(row["audio"] for row in read_manifest(out))
    # A changed input, or changed settings, is redone; --force redoes everything.
    ffmpeg("-i", str(ARCTIC_CLIP), "-ar", "8000", str(calls / "b.wav"))
    assert [o.status for o in run_batch(fake, [calls], out).outcomes] == ["skipped", "redacted"]
    other = Redactor(
        policy=Policy(padding=0.1),
        transcriber=FakeTranscriber(WORDS),
        detector=FakeDetector(lambda word: word == "always"),
    )
    assert {o.status for o in run_batch(other, [calls], out).outcomes} == {"redacted"}
    assert {o.status for o in run_batch(other, [calls], out, force=True).outcomes} == {"redacted"}


def test_outputs_are_owner_only_and_audited(fake: Redactor, tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    (calls / "sub").mkdir(parents=True)
    shutil.copy(ARCTIC_CLIP, calls / "sub" / "a.wav")
    (calls / "bad.wav").write_text("not audio")
    out = tmp_path / "out"
    run_batch(fake, [calls], out)
    for path in [
        out / "sub" / "a.wav",
        out / "sub" / "a.wav.report.json",
        out / "manifest.jsonl",
        out / AUDIT_NAME,
    ]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    for folder in [out, out / "sub"]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder.name
    rows = [json.loads(line) for line in (out / AUDIT_NAME).read_text().splitlines()]
    by_status = {row["status"]: row for row in rows}
    assert set(by_status) == {"redacted", "failed"}
    redacted = by_status["redacted"]
    assert redacted["entity_counts"] == {"PERSON": 1}
    assert len(redacted["input_sha256"]) == len(redacted["output_sha256"]) == 64
    assert redacted["models"]["whisper"].startswith("fake")
    assert redacted["settings_fingerprint"] == fake.settings.fingerprint()
    assert by_status["failed"]["error"]
    run_batch(fake, [calls], out)
    assert len((out / AUDIT_NAME).read_text().splitlines()) == 4, "the audit log is appended"


def test_group_readable_when_asked(fake: Redactor, tmp_path: Path) -> None:
    run_batch(fake, [ARCTIC_CLIP], tmp_path / "out", private=False)
    assert stat.S_IMODE((tmp_path / "out" / "arctic_a0007.wav").stat().st_mode) == 0o640


@pytest.mark.parametrize(("text", "environment", "expected"), [
    ("0/3", {}, ["a", "d", "g"]),
    ("2/3", {}, ["c", "f"]),
    ("3", {"JOB_COMPLETION_INDEX": "1"}, ["b", "e"]),
])  # fmt: skip
def test_shards_split_inputs_without_overlap(
    text: str, environment: dict[str, str], expected: list[str]
) -> None:
    assert Shard.parse(text, environment).select(list("abcdefg")) == expected


@pytest.mark.parametrize("text", ["3/3", "-1/2", "a/b", "4", "1/0"])
def test_bad_shards_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError):
        Shard.parse(text, {})


def test_each_shard_writes_its_own_manifest(fake: Redactor, tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    for name in "abc":
        shutil.copy(ARCTIC_CLIP, calls / f"{name}.wav")
    for index in range(2):
        run_batch(fake, [calls], tmp_path / "out", shard=Shard(index, 2))
    first = read_manifest(tmp_path / "out", "manifest-0-of-2.jsonl")
    second = read_manifest(tmp_path / "out", "manifest-1-of-2.jsonl")
    assert [r["input"] for r in first] == ["a.wav", "c.wav"]
    assert [r["input"] for r in second] == ["b.wav"]


class TestConfigFile:
    def write(self, tmp_path: Path, text: str) -> Path:
        path = tmp_path / "policy.toml"
        path.write_text(text)
        return path

    def test_reads_a_policy_and_lets_overrides_win(self, tmp_path: Path) -> None:
        path = self.write(tmp_path, '[policy]\npadding = 1\nentities = ["PERSON"]\n')
        assert load_policy(path).padding == 1.0
        assert load_policy(path).entities == ("PERSON",)
        assert load_policy(path, padding=0.2).padding == 0.2

    @pytest.mark.parametrize(("text", "message"), [
        ("[policy]\npading = 1\n", "unknown setting(s)"),
        ("[policy]\npadding = 'wide'\n", "padding must be a number"),
        ("[policy]\nfail_closed = 'ignore'\n", "fail_closed must be one of"),
        ("[policy\n", "not valid TOML"),
        ("padding = 1\n", "must hold one [policy] table"),
        ("[policy]\n[extra]\n", "unknown: extra"),
    ])  # fmt: skip
    def test_rejects_anything_it_does_not_understand(
        self, tmp_path: Path, text: str, message: str
    ) -> None:
        with pytest.raises(ConfigError, match=re.escape(message)):
            load_policy(self.write(tmp_path, text))

    def test_missing_file_is_an_error(self, tmp_path: Path) -> None:
        with pytest.raises(ConfigError, match="not found"):
            load_policy(tmp_path / "nope.toml")

    def test_cli_reports_a_bad_config_in_one_line(self, tmp_path: Path) -> None:
        path = self.write(tmp_path, "[policy]\npading = 1\n")
        result = CliRunner().invoke(
            cli, ["redact", str(ARCTIC_CLIP), "--out", str(tmp_path / "o"), "--config", str(path)]
        )
        assert result.exit_code == 2
        assert "unknown setting(s)" in result.output and "Traceback" not in result.output


def _zero_byte(folder: Path) -> Path:
    (path := folder / "empty.wav").write_bytes(b"")
    return path


def _header_only(folder: Path) -> Path:
    (path := folder / "truncated.wav").write_bytes(ARCTIC_CLIP.read_bytes()[:30])
    return path


def _text_as_wav(folder: Path) -> Path:
    (path := folder / "notes.wav").write_text("Patient called about a refill.\n")
    return path


def _no_audio_stream(folder: Path) -> Path:
    path = folder / "video-only.m4a"
    ffmpeg(
        "-f", "lavfi", "-i", "color=c=black:s=16x16:d=1", "-c:v", "mpeg4", "-f", "mp4", str(path)
    )
    return path


def _symlink_loop(folder: Path) -> Path:
    (folder / "loop-b.wav").symlink_to(folder / "loop-a.wav")
    (folder / "loop-a.wav").symlink_to(folder / "loop-b.wav")
    return folder / "loop-a.wav"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_zero_byte, "empty (0 bytes)"),
        (_header_only, "cannot"),
        (_text_as_wav, "cannot"),
        (_no_audio_stream, "no audio stream"),
        (_symlink_loop, "not a readable file"),
    ],
)
def test_hostile_input_fails_alone_with_one_line(
    fake: Redactor, tmp_path: Path, make: object, message: str
) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    shutil.copy(ARCTIC_CLIP, calls / "good.wav")
    bad = make(calls)  # type: ignore[operator]
    before = {p.name: p.read_bytes() for p in calls.iterdir() if p.is_file()}
    summary = run_batch(fake, [calls], tmp_path / "out")
    statuses = {o.input.path.name: o for o in summary.outcomes}
    assert statuses["good.wav"].status == "redacted"
    failed = statuses[bad.name]
    assert failed.status == "failed"
    assert message in (failed.error or "")
    assert "\n" not in (failed.error or "")
    assert before == {p.name: p.read_bytes() for p in calls.iterdir() if p.is_file()}


@pytest.mark.parametrize(
    "name", ["call with spaces.wav", "llamada-josé-ñ.wav", "-leading-dash.wav"]
)
def test_awkward_file_names_work(fake: Redactor, tmp_path: Path, name: str) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    shutil.copy(ARCTIC_CLIP, calls / name)
    (outcome,) = run_batch(fake, [calls], tmp_path / "out").outcomes
    assert outcome.status == "redacted", outcome.error
    assert (tmp_path / "out" / name).is_file()


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("tenth-second.wav", ["-f", "lavfi", "-i", "sine=frequency=300:duration=0.1"]),
        ("silence.wav", ["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "3"]),
    ],
)
def test_tiny_and_silent_files_come_out_unchanged(
    tmp_path: Path, name: str, arguments: list[str]
) -> None:
    (tmp_path / "calls").mkdir()
    source = tmp_path / "calls" / name
    ffmpeg(*arguments, "-c:a", "pcm_s16le", str(source))
    redactor = Redactor(
        transcriber=FakeTranscriber(transcript_from([], 0.0)), detector=FakeDetector(lambda w: True)
    )
    (outcome,) = run_batch(redactor, [tmp_path / "calls"], tmp_path / "out").outcomes
    assert outcome.status == "redacted" and outcome.result is not None
    assert outcome.result.redactions == ()
    assert outcome.result.outputs.audio.stat().st_size > 0


def _without_read_override(locked: Path) -> list[str] | None:
    """A command prefix under which ``locked`` (mode 0) cannot be read, or None.

    Root reads any file through CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, and CI runs as root.
    Dropping those two capabilities keeps the uid, so the interpreter (often under a root-only
    home, as here) stays reachable, which switching to ``nobody`` would not.
    """
    candidates: list[list[str]] = []
    if os.geteuid() != 0:
        candidates.append([])
    elif shutil.which("setpriv"):
        candidates.append(
            ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all"]
        )
    probe = f"open({str(locked)!r}, 'rb')"
    for prefix in candidates:
        tried = subprocess.run(
            [*prefix, sys.executable, "-c", probe], capture_output=True, text=True, check=False
        )
        if tried.returncode != 0 and "PermissionError" in tried.stderr:
            return prefix
    return None


def test_unreadable_file_fails_alone(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    shutil.copy(ARCTIC_CLIP, calls / "ok.wav")
    locked = calls / "locked.wav"
    shutil.copy(ARCTIC_CLIP, locked)
    before = {path.name: path.read_bytes() for path in calls.iterdir()}
    locked.chmod(0)
    prefix = _without_read_override(locked)
    if prefix is None:
        pytest.skip("no way here to run redactor without the right to read every file")
    out = tmp_path / "out"
    run = subprocess.run(
        [*prefix, sys.executable, "-m", "redactor", "redact", str(calls), "--out", str(out),
         "--workers", "1"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    failures = [line for line in run.stderr.splitlines() if "locked.wav" in line]
    assert len(failures) == 1, run.stderr
    manifest = {line["input"]: line for line in read_manifest(out)}
    assert manifest["ok.wav"]["status"] == "redacted"
    assert (out / "ok.wav").is_file()
    failed = manifest["locked.wav"]
    assert failed["status"] == "failed" and failed["audio"] is None
    error = failed["error"]
    assert "\n" not in error and error in failures[0]
    assert "locked.wav" in error and str(calls) not in error  # the name, not where it lives
    assert not (out / "locked.wav").exists()
    assert stat.S_IMODE(locked.stat().st_mode) == 0
    locked.chmod(0o600)
    assert {path.name: path.read_bytes() for path in calls.iterdir()} == before


def test_a_full_disk_fails_the_file_and_leaves_no_partial_output(
    fake: Redactor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("redactor.storage.os.replace", disk_full)
    (outcome,) = run_batch(fake, [ARCTIC_CLIP], tmp_path / "out").outcomes
    assert outcome.status == "failed"
    assert "No space left" in (outcome.error or "")
    leftovers = [p.name for p in (tmp_path / "out").iterdir()]
    assert sorted(leftovers) == ["audit.jsonl", "manifest.jsonl"]


def test_two_workers_redact_the_sample_calls(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["redact", str(SAMPLE_AUDIO), "--out", str(tmp_path / "o"), "--workers", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{") :])
    assert (summary["redacted"], summary["failed"]) == (3, 0)
    assert sorted(r["input"] for r in read_manifest(tmp_path / "o")) == [
        "billing.mp3", "pharmacy.wav", "scheduling.wav"]  # fmt: skip
