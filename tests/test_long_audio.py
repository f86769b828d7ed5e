"""Long recordings: a three-hour call is redacted whole, with its duration and true times
kept; and the pieces that bound its memory (a stretch at a time, one copy to beep).

The three-hour recording is mostly faint noise with one sample call copied in three times, so
the models have little to transcribe and the test takes about a minute. Its peak memory is
measured by ``bench/long_call_memory.py``, not here: it varies from run to run by more than
a unit test's limit can allow for.
"""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
from fixture_paths import SAMPLE_AUDIO

from redactor import audio
from redactor.beep import beep_channels
from redactor.testing import write_long_recording
from redactor.types import Beep, Interval

RATE = 16000
HOURS = 3
CALL = SAMPLE_AUDIO / "scheduling.wav"  # 16 kHz mono, 16 s, with names and a date of birth
CALL_STARTS = (10 * 60.0, 90 * 60.0, 175 * 60.0)  # seconds


@pytest.mark.slow
def test_a_three_hour_call_is_redacted_whole_at_true_times(tmp_path: Path) -> None:
    source = tmp_path / "in" / "long.wav"
    source.parent.mkdir()
    frames = write_long_recording(source, CALL, hours=HOURS, starts=CALL_STARTS)
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "redactor", "redact", str(source), "--out", str(out),
         "--workers", "1"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip

    with wave.open(str(out / "long.wav"), "rb") as redacted:
        assert (redacted.getnframes(), redacted.getframerate()) == (frames, RATE)
    report = json.loads((out / "long.wav.report.json").read_text())
    phi = [r for r in report["redactions"] if r["reason"] == "phi"]
    # Every call was heard, at its true time (give or take padding and the reach across a
    # pause): offsets survive the cuts between pieces.
    for start in CALL_STARTS:
        assert any(start - 3 <= r["start"] and r["end"] <= start + 20 for r in phi), start
    strays = [
        (r["start"], r["end"], r["reason"])
        for r in report["redactions"]
        if not any(start - 3 <= r["start"] and r["end"] <= start + 20 for start in CALL_STARTS)
    ]
    assert strays == []


def test_decoded_audio_is_beeped_in_place_only_when_asked() -> None:
    segment = audio.decode(CALL).segment
    original = bytes(segment.raw_data)
    beeps = [Beep(Interval(1.0, 2.0))]
    copied = beep_channels(segment, beeps)
    assert bytes(segment.raw_data) == original and copied.raw_data != original
    in_place = beep_channels(segment, beeps, in_place=True)
    assert in_place.raw_data is segment.raw_data
    assert bytes(segment.raw_data) == bytes(copied.raw_data)


def test_samples_for_whisper_are_read_a_stretch_at_a_time() -> None:
    segment = audio.decode(CALL).segment
    source = audio.AsrSource(segment)
    stretch = source.read(16000, 32000)
    assert stretch.dtype == np.float32 and len(stretch) == 16000
    assert np.array_equal(stretch, audio.samples_for_asr(segment)[16000:32000])
