"""Scoring helpers for tests: which parts of a recording did redaction change?

Both files are decoded with ffmpeg to float samples and cut into 10 ms frames. A frame is
"loud" when the original is within 35 dB of the file's loudest frame, and "changed" when the
difference between original and redacted carries at least as much energy as half the
original's: a beep replacing speech adds energy, while a lossy re-encode leaves much less.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

FRAME_SECONDS = 0.010


def decode_float(path: Path) -> tuple[np.ndarray, int]:
    """Samples as float32 array of shape (frames, channels), and the sample rate."""
    probe = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "a:0",
            "-show_entries",
            "stream=sample_rate,channels",
            "-of",
            "csv=p=0",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rate_text, channels_text = probe.stdout.strip().split(",")[:2]
    pcm = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(path),
            "-f",
            "f32le",
            "-acodec",
            "pcm_f32le",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    channels = int(channels_text)
    return np.frombuffer(pcm, dtype=np.float32).reshape(-1, channels), int(rate_text)


def _frames(samples: np.ndarray, rate: int) -> np.ndarray:
    size = int(rate * FRAME_SECONDS)
    count = len(samples) // size
    return samples[: count * size].reshape(count, size, -1)


def frame_changes(
    original: Path, redacted: Path, channel: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per 10 ms frame: is it loud in the original, and did redaction change it?"""
    before, rate = decode_float(original)
    after, rate_after = decode_float(redacted)
    assert rate == rate_after, "sample rate changed"
    length = min(len(before), len(after))
    before, after = before[:length], after[:length]
    if channel is not None:
        before, after = before[:, [channel]], after[:, [channel]]
    frames_before, frames_after = _frames(before, rate), _frames(after, rate)
    energy = np.sqrt(np.mean(frames_before**2, axis=(1, 2)))
    difference = np.sqrt(np.mean((frames_after - frames_before) ** 2, axis=(1, 2)))
    peak = float(energy.max()) if len(energy) else 0.0
    loud = energy > peak * 10 ** (-35 / 20)
    changed = difference >= 0.5 * np.maximum(energy, 1e-6)
    return loud, changed


def share_changed(loud: np.ndarray, changed: np.ndarray, start: float, end: float) -> float:
    """Share of the loud frames between ``start`` and ``end`` seconds that changed."""
    first, last = int(start / FRAME_SECONDS), int(np.ceil(end / FRAME_SECONDS))
    window = loud[first:last]
    if not window.any():
        return 1.0
    return float(changed[first:last][window].mean())
