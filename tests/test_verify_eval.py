"""bench/verify_eval.py's pure parts: the beeps of a file with one item put back, the splice."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from fixture_paths import ROOT
from pydub import AudioSegment

from redactor import audio
from redactor.types import Beep, Interval

sys.path.insert(0, str(ROOT / "bench"))

from verify_eval import beeps_without, splice  # noqa: E402

HOLE = Interval(2, 3)


@pytest.mark.parametrize(
    ("beeps", "channel", "kept"),
    [
        ([Beep(Interval(1, 4), 1)], 1, [Beep(Interval(1, 2), 1), Beep(Interval(3, 4), 1)]),
        ([Beep(Interval(1, 4), 0)], 1, [Beep(Interval(1, 4), 0)]),  # other channel untouched
        ([Beep(Interval(5, 6), 1)], 1, [Beep(Interval(5, 6), 1)]),  # clear of the hole
        ([Beep(Interval(2, 3), None)], None, []),
        (
            [Beep(Interval(1, 2.5), None)],
            0,
            [Beep(Interval(1, 2), 0), Beep(Interval(1, 2.5), 1)],
        ),
    ],
)
def test_beeps_without_the_item(beeps: list[Beep], channel: int | None, kept: list[Beep]) -> None:
    assert sorted(beeps_without(beeps, HOLE, channel, 2), key=repr) == sorted(kept, key=repr)


def test_splice_puts_back_only_the_item_on_its_channel(tmp_path: Path) -> None:
    rate = 8000
    ramp = (np.arange(rate * 2) % 1000).astype(np.int16)
    original = np.stack([ramp, ramp + 1], axis=1)
    redacted = np.zeros_like(original)

    def write(samples: np.ndarray, name: str) -> Path:
        path = tmp_path / name
        segment = AudioSegment(samples.tobytes(), sample_width=2, frame_rate=rate, channels=2)
        segment.export(path, format="wav")
        return path

    spliced = tmp_path / "out" / "spliced.wav"
    item = {"start": 0.5, "end": 1.0, "channel": 1}
    splice(write(original, "o.wav"), write(redacted, "r.wav"), item, spliced)
    result = audio.sample_frames(audio.decode(spliced).segment)
    assert (result[4000:8000, 1] == original[4000:8000, 1]).all()
    assert not result[:4000].any() and not result[8000:].any() and not result[:, 0].any()
