"""Replace time intervals of a recording with a tone. Nothing else.

The tone replaces the samples; it is never mixed over them, or the speech stays audible under
the beep.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from pydub import AudioSegment

from redactor.audio import SAMPLE_TYPES
from redactor.types import Beep, Interval

FADE_SECONDS = 0.005


def sample_range(interval: Interval, frame_rate: int, frame_count: int) -> tuple[int, int]:
    """The frames an interval covers, rounded outward so no partial frame escapes.

    >>> sample_range(Interval(0.00001, 0.5), 8000, 8000)
    (0, 4000)
    """
    first = max(0, math.floor(interval.start * frame_rate))
    last = min(frame_count, math.ceil(interval.end * frame_rate))
    return first, max(first, last)


def beep_intervals(
    segment: AudioSegment,
    intervals: Sequence[Interval],
    *,
    frequency: float = 1000.0,
    level_dbfs: float = -20.0,
) -> AudioSegment:
    """Return ``segment`` with each interval replaced by a sine tone of the same length.

    The result has exactly as many frames as the input, in the same rate, width and channels.
    ``level_dbfs`` is the tone's peak level; its RMS is 3 dB lower (-20 peak, -23 RMS).

    >>> silence = AudioSegment.silent(duration=1000, frame_rate=8000)
    >>> beeped = beep_intervals(silence, [Interval(0.25, 0.5)])
    >>> beeped.frame_count() == silence.frame_count(), beeped.rms > 0
    (True, True)
    """
    return beep_channels(
        segment,
        [Beep(interval) for interval in intervals],
        frequency=frequency,
        level_dbfs=level_dbfs,
    )


def _tone(like: AudioSegment, frames: int, frequency: float, level_dbfs: float) -> np.ndarray:
    """``frames`` samples of a sine tone at ``like``'s rate and sample width."""
    full_scale = float(2 ** (8 * like.sample_width - 1) - 1)
    amplitude = full_scale * 10 ** (level_dbfs / 20)
    wave = amplitude * np.sin(2 * np.pi * frequency * np.arange(frames) / like.frame_rate)
    # The tone ramps in and out so its edges do not click; the speech under the ramp is
    # still replaced, never mixed in.
    ramp = min(int(like.frame_rate * FADE_SECONDS), frames // 4)
    if ramp:
        wave[:ramp] *= np.linspace(0.0, 1.0, ramp)
        wave[frames - ramp :] *= np.linspace(1.0, 0.0, ramp)
    tone: np.ndarray = wave.round().astype(SAMPLE_TYPES[like.sample_width])
    return tone


def beep_channels(
    segment: AudioSegment,
    beeps: Sequence[Beep],
    *,
    frequency: float = 1000.0,
    level_dbfs: float = -20.0,
    in_place: bool = False,
) -> AudioSegment:
    """Apply each beep to its own channel (``channel=None``: to every channel).

    On a dual-channel call the caller's PHI is beeped on the caller's channel only, so the
    agent's speech at the same moment stays audible. ``in_place=True`` writes the tones into
    ``segment``'s own samples where they are a ``bytearray`` (as decoded audio's are), for a
    caller that has no further use for the original: a long recording is then not held twice.

    >>> stereo = AudioSegment.silent(duration=1000, frame_rate=8000).set_channels(2)
    >>> left, right = beep_channels(stereo, [Beep(Interval(0, 1), channel=1)]).split_to_mono()
    >>> left.rms == 0, right.rms > 0
    (True, True)
    """
    # At most one copy of the recording, written in place: slicing and joining (or splitting
    # the channels and interleaving them again) would hold a long call several times over.
    own = segment.raw_data
    data = own if in_place and isinstance(own, bytearray) else bytearray(own)
    frames = np.frombuffer(data, dtype=SAMPLE_TYPES[segment.sample_width]).reshape(
        -1, segment.channels
    )
    frame_count = len(frames)
    for channel in range(segment.channels):
        cursor = 0
        mine = (b.interval for b in beeps if b.channel is None or b.channel == channel)
        for interval in sorted(mine):
            first, last = sample_range(interval, segment.frame_rate, frame_count)
            first = max(first, cursor)
            if last <= first:
                continue
            frames[first:last, channel] = _tone(segment, last - first, frequency, level_dbfs)
            cursor = last
    return segment._spawn(data)
