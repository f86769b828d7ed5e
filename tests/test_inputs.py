"""What a batch takes, and what it says about what it did not (issue 17, defect 5): no
recordings at all, two inputs with the same path, recordings in video containers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_models import use_fake_models
from fixture_paths import ARCTIC_CLIP

from redactor import NoRecordingsError, read_manifest, run_batch
from redactor.cli import EXIT_NO_RECORDINGS, cli
from redactor.inputs import find_inputs
from redactor.pipeline import sha256_of


@pytest.fixture(autouse=True)
def fake_models(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_models(monkeypatch)


def ffmpeg(*arguments: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *arguments], check=True)


def _redact(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["redact", *arguments, "--workers", "1"])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("others", [[], ["notes.txt", "call.json"]])
def test_a_folder_without_recordings_is_an_error_with_its_own_exit_code(
    tmp_path: Path, others: list[str]
) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    for name in others:
        (calls / name).write_text("not a recording\n")
    code, _, stderr = _redact(str(calls), "--out", str(tmp_path / "out"))
    assert code == EXIT_NO_RECORDINGS == 3
    (line,) = stderr.strip().splitlines()
    assert line.startswith(f"Error: no recordings found in {calls} (searched for .3gp .aac")
    assert line.endswith("; 2 other files: .json .txt)" if others else ".wma)")
    assert not (tmp_path / "out").exists()  # nothing processed, nothing written
    with pytest.raises(NoRecordingsError):
        run_batch(object(), [calls], tmp_path / "out")  # type: ignore[arg-type]


def test_two_inputs_with_the_same_path_get_their_own_outputs(tmp_path: Path) -> None:
    day1, day2 = tmp_path / "in" / "day1", tmp_path / "in" / "day2"
    for folder in (day1, day2):
        folder.mkdir(parents=True)
    shutil.copy(ARCTIC_CLIP, day1 / "call.wav")
    ffmpeg("-i", str(ARCTIC_CLIP), "-ar", "8000", str(day2 / "call.wav"))  # a different call
    out = tmp_path / "out"
    code, _, stderr = _redact(str(day1), str(day2), "--out", str(out))
    assert code == 0, stderr
    rows = read_manifest(out)
    assert [(r["input"], r["audio"]) for r in rows] == [
        ("call.wav", "call.wav"),
        ("day2/call.wav", "day2/call.wav"),
    ]
    assert rows[1]["note"] == "another input has the same path call.wav; written under day2/"
    assert f"day2/call.wav: {rows[1]['note']}" in stderr.splitlines()
    # Each output was made from its own input: nothing was overwritten.
    for row, source in zip(rows, (day1 / "call.wav", day2 / "call.wav"), strict=True):
        report = (out / str(row["report"])).read_text()
        assert sha256_of(source) in report
    # A rerun finds both up to date.
    code, stdout, _ = _redact(str(day1), str(day2), "--out", str(out))
    assert code == 0 and stdout.count("skipped") == 2


def test_a_moved_input_never_takes_a_path_another_input_has(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "calls", tmp_path / "b" / "calls"
    (first / "calls").mkdir(parents=True)
    second.mkdir(parents=True)
    for path in (first / "x.wav", first / "calls" / "x.wav", second / "x.wav"):
        shutil.copy(ARCTIC_CLIP, path)
    relative = [item.relative.as_posix() for item in find_inputs([first, second])]
    assert relative == ["calls/x.wav", "x.wav", "calls-2/x.wav"]


def test_an_mp4_recording_is_redacted_without_its_picture(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    ffmpeg("-f", "lavfi", "-i", "color=c=black:s=16x16:d=3", "-i", str(ARCTIC_CLIP),
           "-c:v", "mpeg4", "-c:a", "aac", "-shortest", str(calls / "call.mp4"))  # fmt: skip
    out = tmp_path / "out"
    code, stdout, stderr = _redact(str(calls), "--out", str(out))
    assert code == 0, stderr
    assert "redacted call.mp4" in stdout
    streams = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0",
         str(out / "call.mp4")],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert streams == ["audio"]


def test_a_recording_in_a_container_it_cannot_read_is_named_not_ignored(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    shutil.copy(ARCTIC_CLIP, calls / "good.wav")
    ffmpeg("-i", str(ARCTIC_CLIP), "-c:a", "libopus", str(calls / "call.webm"))
    out = tmp_path / "out"
    code, _, stderr = _redact(str(calls), "--out", str(out))
    rows = {row["input"]: row for row in read_manifest(out)}
    assert set(rows) == {"good.wav", "call.webm"}
    if rows["call.webm"]["status"] == "failed":  # unless the decoder learns WebM
        assert code == 1
        error = str(rows["call.webm"]["error"])
        assert "\n" not in error and f"failed: call.webm: {error}" in stderr.splitlines()
    else:
        assert code == 0 and rows["call.webm"]["status"] == "redacted"
