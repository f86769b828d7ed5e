"""The default number of worker processes follows the batch (issue 17, defect 8): each worker
loads the models again, which a small batch never repays."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fake_models import use_fake_models
from fixture_paths import ARCTIC_CLIP, ROOT, SAMPLE_AUDIO

from redactor.batch import BatchSummary, auto_workers, estimate_audio_seconds
from redactor.batch import run as batch_run
from redactor.batch.run import AUDIO_SECONDS_PER_WORKER
from redactor.cli import cli

MINUTES = AUDIO_SECONDS_PER_WORKER / 60


@pytest.mark.parametrize(("seconds", "cores", "expected"), [
    (0, 2, 1), (61, 2, 1), (AUDIO_SECONDS_PER_WORKER - 1, 2, 1), (AUDIO_SECONDS_PER_WORKER, 2, 2),
    (36000, 2, 2), (36000, 1, 1), (36000, 64, 4), (AUDIO_SECONDS_PER_WORKER * 2, 64, 3),
])  # fmt: skip
def test_auto_workers(seconds: float, cores: int, expected: int) -> None:
    assert auto_workers(seconds, cores) == expected


def test_the_audio_is_estimated_from_the_headers(tmp_path: Path) -> None:
    samples = sorted(SAMPLE_AUDIO.glob("*.[wm][ap][v3]"))
    assert estimate_audio_seconds(samples) == pytest.approx(61.0, abs=0.5)
    (tmp_path / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt not really audio")
    assert estimate_audio_seconds([tmp_path / "broken.wav"]) == 0.0
    assert estimate_audio_seconds([]) == 0.0


def _long_call(path: Path, minutes: float) -> None:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
         "anullsrc=r=8000:cl=mono", "-t", str(minutes * 60), "-c:a", "pcm_mulaw", str(path)],
        check=True,
    )  # fmt: skip


@pytest.mark.parametrize(("long_calls", "expected"), [(0, 1), (2, 2)])
def test_the_cli_picks_workers_from_the_batchs_audio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, long_calls: int, expected: int
) -> None:
    use_fake_models(monkeypatch)
    monkeypatch.setattr(batch_run.os, "cpu_count", lambda: 2)
    chosen: list[int] = []

    def run_batch(*_: Any, workers: int, **__: Any) -> BatchSummary:
        chosen.append(workers)
        return BatchSummary((), tmp_path / "out" / "manifest.jsonl")

    monkeypatch.setattr("redactor.batch.run_batch", run_batch)  # the CLI imports it when run
    calls = tmp_path / "calls"
    calls.mkdir()
    for number in range(3):  # the batch: three short calls
        shutil.copy(ARCTIC_CLIP, calls / f"{number}.wav")
    for number in range(long_calls):
        _long_call(calls / f"long-{number}.wav", MINUTES / 2 + 0.5)
    result = CliRunner().invoke(cli, ["redact", str(calls), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert chosen == [expected]


def test_the_default_is_documented() -> None:
    help_text = " ".join(CliRunner().invoke(cli, ["redact", "--help"]).output.split())
    assert f"Default: one, and one more per {MINUTES:g} minutes of audio" in help_text
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"default: one, and one more per {MINUTES:g} minutes of audio" in readme
