"""The review page's waveform images: the redacted audio's envelope with its redactions shaded,
drawn with matplotlib (the ``review`` extra).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from redactor.audio import decode_float
from redactor.errors import AudioDecodeError
from redactor.report_schema import RedactionEntry, Report
from redactor.review.page import entity_colour

WAVEFORM_RATE = 8000  # Hz; plenty for a 1000-pixel-wide envelope


def render_waveform(audio_path: Path, report: Report, destination: Path) -> bool:
    """Draw the redacted audio's waveform with its redactions shaded; False if undecodable.

    Each channel gets a lane. PHI redactions are shaded in their entity type's colour;
    fail-closed ones are hatched grey.

    >>> render_waveform(Path("out/a.wav"), report, Path("out/a.png"))  # doctest: +SKIP
    True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # no pyplot, no global backend
    from matplotlib.figure import Figure

    channels = max(1, min(2, report.format.channels or 1))
    samples = _decode(audio_path, channels)
    if samples is None:
        return False
    duration = max(float(report.duration or 0.0), len(samples) / WAVEFORM_RATE, 1e-3)
    figure = Figure(figsize=(10, 0.8 * channels), dpi=100)
    FigureCanvasAgg(figure)
    peak = float(np.percentile(np.abs(samples), 99.9)) or 1.0
    for lane in range(channels):
        axes = figure.add_axes((0, 1 - (lane + 1) / channels, 1, 1 / channels))
        axes.set_axis_off()
        axes.set_xlim(0, duration)
        axes.set_ylim(-1.05, 1.05)
        times, low, high = _envelope(samples[:, lane] / peak, duration)
        axes.fill_between(times, low, high, color="#37474f", linewidth=0.4)
        heard = [r for r in report.redactions if r.channel in (None, lane)]
        for r, low_y, high_y in bands([r for r in heard if r.reason == "phi"]):
            colour = entity_colour(r.entity_type)
            axes.axvspan(r.start, r.end, low_y, high_y, color=colour, alpha=0.4, lw=0)
        for r in heard:
            if r.reason != "phi":
                axes.axvspan(r.start, r.end, facecolor=(0.5, 0.5, 0.5, 0.15),
                             edgecolor="#424242", hatch="////", linewidth=0)  # fmt: skip
        if lane:
            axes.axhline(1.05, color="#b0bec5", linewidth=1)
    destination.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(destination, dpi=100)
    return True


def bands(
    redactions: Iterable[RedactionEntry],
) -> list[tuple[RedactionEntry, float, float]]:
    """Each redaction with the part of the lane's height it shades, as fractions (low, high).

    A redaction alone shades the whole height; overlapping ones share it in rows, so each
    entity type's colour stays visible rather than blending into one.

    >>> [(r.entity_type, low, high) for r, low, high in bands([
    ...     RedactionEntry("A", 0, 2, 0.9, "x", "phi"), RedactionEntry("B", 1, 3, 0.9, "x", "phi"),
    ...     RedactionEntry("C", 5, 6, 0.9, "x", "phi")])]
    [('A', 0.5, 1.0), ('B', 0.0, 0.5), ('C', 0.0, 1.0)]
    """
    placed: list[tuple[RedactionEntry, float, float]] = []
    cluster: list[tuple[RedactionEntry, int]] = []
    track_ends: list[float] = []

    def close() -> None:
        rows = len(track_ends)
        placed.extend((r, 1 - (row + 1) / rows, 1 - row / rows) for r, row in cluster)
        cluster.clear()
        track_ends.clear()

    for r in sorted(redactions, key=lambda r: (r.start, r.end)):
        if track_ends and r.start >= max(track_ends):
            close()
        row = next((k for k, end in enumerate(track_ends) if end <= r.start), len(track_ends))
        track_ends[row : row + 1] = [r.end]
        cluster.append((r, row))
    if cluster:
        close()
    return placed


def _decode(path: Path, channels: int) -> np.ndarray | None:
    """Samples as ``(frames, channels)`` float32 at ``WAVEFORM_RATE``; None if undecodable."""
    try:
        samples, _ = decode_float(path, rate=WAVEFORM_RATE, channels=channels)
    except AudioDecodeError:
        return None
    return samples if len(samples) else None


def _envelope(
    samples: np.ndarray, duration: float, columns: int = 1000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Min and max per plotting column, so a long call draws as fast as a short one.

    >>> t, low, high = _envelope(np.array([0.0, 1.0, -1.0, 0.5]), 1.0, columns=2)
    >>> low.tolist(), high.tolist()
    ([0.0, -1.0], [1.0, 0.5])
    """
    columns = max(1, min(columns, len(samples)))
    edges = np.linspace(0, len(samples), columns + 1).astype(int)[:-1]
    times = np.linspace(0, duration, columns)
    return times, np.minimum.reduceat(samples, edges), np.maximum.reduceat(samples, edges)
