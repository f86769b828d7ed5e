"""The beep replaces exactly the intervals asked for, and keeps the recording's shape."""

from __future__ import annotations

import numpy as np
import pytest
from pydub import AudioSegment
from pydub.generators import WhiteNoise

from redactor.beep import beep_intervals, sample_range
from redactor.types import Interval


def noise(channels: int = 1, rate: int = 8000, width: int = 2) -> AudioSegment:
    segment = WhiteNoise(sample_rate=rate, bit_depth=8 * width).to_audio_segment(2000, -10)
    return segment.set_channels(channels)


def samples(segment: AudioSegment) -> np.ndarray:
    return np.array(segment.get_array_of_samples()).reshape(-1, segment.channels)


@pytest.mark.parametrize(
    ("channels", "rate", "width"), [(1, 8000, 2), (2, 16000, 2), (1, 44100, 4)]
)
def test_beep_keeps_length_rate_width_and_channels(channels: int, rate: int, width: int) -> None:
    original = noise(channels, rate, width)
    beeped = beep_intervals(original, [Interval(0.5, 0.75), Interval(1.9, 5.0)])
    assert beeped.frame_count() == original.frame_count()
    assert (beeped.frame_rate, beeped.sample_width, beeped.channels) == (rate, width, channels)


def test_beep_replaces_inside_and_keeps_outside() -> None:
    original = noise()
    beeped = beep_intervals(original, [Interval(0.5, 0.75)])
    before, after = samples(original), samples(beeped)
    first, last = sample_range(Interval(0.5, 0.75), 8000, len(before))
    assert np.array_equal(before[:first], after[:first])
    assert np.array_equal(before[last:], after[last:])
    tone = after[first:last, 0].astype(float)
    spectrum = np.abs(np.fft.rfft(tone))
    peak_hz = np.argmax(spectrum) * 8000 / len(tone)
    assert abs(peak_hz - 1000) < 10
    # Replaced, not mixed: the beeped stretch carries nothing of the noise it replaced.
    correlation = np.corrcoef(before[first:last, 0], after[first:last, 0])[0, 1]
    assert abs(correlation) < 0.1


def test_beep_covers_partial_frames_at_both_edges() -> None:
    assert sample_range(Interval(0.00001, 0.99999), 8000, 8000) == (0, 8000)


def test_overlapping_and_out_of_range_intervals_are_safe() -> None:
    original = noise()
    beeped = beep_intervals(original, [Interval(0.2, 0.6), Interval(0.4, 0.8), Interval(3.0, 4.0)])
    assert beeped.frame_count() == original.frame_count()
    assert np.array_equal(samples(original)[:1600], samples(beeped)[:1600])
