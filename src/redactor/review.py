"""A static review page for QA: see and hear what a batch redacted, without seeing PHI.

:func:`build_review` reads only what ``redactor redact`` wrote into ``OUT`` (the manifest, the
reports, the redacted transcripts and the redacted audio), never an original input, and writes
``OUT/review.html`` with waveform images under ``OUT/review_assets/``. The page works offline
from the file system: no server, no CDN, no network. The waveforms are drawn with matplotlib,
which comes with the ``review`` extra (``pip install 'redactor[review]'``), not with redactor
itself: the container image leaves it out.

>>> page = build_review(Path("out"))  # doctest: +SKIP
>>> page.name  # doctest: +SKIP
'review.html'
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from redactor.audio import decode_float
from redactor.batch import OUTPUT_KINDS, read_manifest
from redactor.errors import AudioDecodeError, EncryptedBatchError, MissingExtraError
from redactor.review_html import entity_colour, render_page
from redactor.review_links import link_tags, tag_types
from redactor.types import Interval, covered_seconds

REVIEW_NAME = "review.html"
ASSETS_DIR = "review_assets"
WAVEFORM_RATE = 8000  # Hz; plenty for a 1000-pixel-wide envelope
ATTENTION_SECONDS, ATTENTION_FRACTION = 5.0, 0.10  # fail-closed audio that needs a listen
_MANIFEST = re.compile(r"manifest(-\d+-of-\d+)?\.jsonl")
EARLIER_RUN = "unchanged since an earlier run"


@dataclass
class Recording:
    """One manifest line and the outputs it names, as the page shows them.

    ``status`` is the outcome that produced the outputs: a file a rerun skipped as up to date
    shows as ``redacted``, with ``note`` saying the outputs come from an earlier run. Its
    ``repr`` leaves out the transcript (a missed word in it would be PHI).

    >>> Recording("a.wav", "redacted", transcript="hello [PERSON]")
    Recording(a.wav: redacted, transcript of 14 chars)
    """

    input: str
    status: str
    error: str | None = None
    warning: str | None = None  # what was wrong with the input's audio (truncated, damaged)
    audio: str | None = None  # OUT-relative path of the redacted audio, when it exists
    transcript: str | None = None  # the redacted transcript's text
    report: dict[str, Any] | None = None
    waveform: str | None = None  # OUT-relative path of the waveform PNG
    links: list[int | None] = field(default_factory=list)  # i-th tag -> redaction index
    attention: list[str] = field(default_factory=list)
    note: str | None = None

    def __repr__(self) -> str:
        details = [f"{self.input}: {self.status}"]
        if self.transcript is not None:
            details.append(f"transcript of {len(self.transcript)} chars")
        if self.report is not None:
            details.append(f"{len(self.report.get('redactions') or ())} redactions")
        details += [text for text in (self.error, self.note, *self.attention) if text]
        return f"Recording({', '.join(details)})"


def build_review(out_dir: Path) -> Path:
    """Write ``out_dir/review.html`` (and its waveforms) for the batch in ``out_dir``.

    Every manifest is read: ``manifest.jsonl`` and those of shards. The page and images get
    the permissions of the manifest and of ``out_dir`` (owner-only unless the batch was
    shared). Raises :class:`FileNotFoundError` when ``out_dir`` has no manifest, and
    :class:`~redactor.errors.EncryptedBatchError` for a batch written with ``--encrypt-to``
    (its audio cannot be played, nor its transcripts read, without decrypting them), and
    :class:`~redactor.errors.MissingExtraError` without the ``review`` extra.

    >>> build_review(Path("out")).as_posix()  # doctest: +SKIP
    'out/review.html'
    """
    require_review_extra()
    out = Path(out_dir)
    manifests = [p for p in sorted(out.glob("manifest*.jsonl")) if _MANIFEST.fullmatch(p.name)]
    if not manifests:
        raise FileNotFoundError(f"no manifest.jsonl in {out}")
    file_mode, dir_mode = manifests[0].stat().st_mode & 0o666, out.stat().st_mode & 0o777
    rows = [row for m in manifests for row in read_manifest(out, m.name)]
    if any(str(row.get(kind) or "").endswith(".age") for row in rows for kind in OUTPUT_KINDS):
        raise EncryptedBatchError(f"{out} holds an encrypted batch; decrypt it to review it")
    recordings = [_load(out, row) for row in rows]
    assets = out / ASSETS_DIR
    assets.mkdir(mode=dir_mode, exist_ok=True)
    for stale in assets.glob("wave-*.png"):
        stale.unlink()
    for number, recording in enumerate(recordings, start=1):
        if recording.audio is not None and recording.report is not None:
            name = f"{ASSETS_DIR}/wave-{number:04d}.png"
            if render_waveform(out / recording.audio, recording.report, out / name):
                (out / name).chmod(file_mode)
                recording.waveform = name
    page = out / REVIEW_NAME
    handle = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, file_mode)
    page.chmod(file_mode)
    with os.fdopen(handle, "w", encoding="utf-8") as writer:
        writer.write(render_page(recordings))
    return page


def require_review_extra() -> None:
    """Raise :class:`~redactor.errors.MissingExtraError` unless matplotlib is installed.

    >>> require_review_extra()  # the dev install has it
    """
    if importlib.util.find_spec("matplotlib") is None:
        raise MissingExtraError(
            "the review page draws its waveforms with matplotlib, which is not installed here: "
            "pip install 'redactor[review]'"
        )


def _inside(out: Path, relative: object) -> Path | None:
    """``out/relative`` when it is a file inside ``out``; never anything outside it."""
    if not isinstance(relative, str) or not relative:
        return None
    path = (out / relative).resolve()
    return path if path.is_relative_to(out.resolve()) and path.is_file() else None


def _load(out: Path, row: dict[str, str | None]) -> Recording:
    recording = Recording(str(row.get("input")), str(row.get("status")), row.get("error"))
    recording.warning = row.get("warning")
    if _inside(out, row.get("audio")):
        recording.audio = str(row["audio"])
    transcript = _inside(out, row.get("transcript"))
    if transcript is not None:
        try:
            recording.transcript = transcript.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            recording.attention.append("transcript unreadable")
    report = _inside(out, row.get("report"))
    if report is not None:
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
        except ValueError:
            data = None
        if (
            isinstance(data, dict)
            and isinstance(data.get("redactions"), list)
            and (isinstance(data.get("duration"), int | float))
        ):
            recording.report = data
        else:
            recording.attention.append("report unreadable")
    if recording.report is not None and recording.transcript is not None:
        padding = float(recording.report.get("settings", {}).get("padding") or 0.0)
        recording.links = link_tags(
            tag_types(recording.transcript, recording.report), recording.report["redactions"],
            padding,
        )  # fmt: skip
    if recording.status == "skipped" and recording.report is not None:
        # Skipped means its outputs were up to date: they are what an earlier run redacted.
        recording.status, recording.note = "redacted", EARLIER_RUN
    recording.attention += attention(recording)
    return recording


def attention(recording: Recording) -> list[str]:
    """Why a recording needs a person to look at it (empty when it does not).

    >>> attention(Recording("a.wav", "failed", "cannot decode"))
    ['failed']
    >>> attention(Recording("a.mp3", "redacted", warning="truncated: ..."))
    ['damaged audio']
    >>> report = {"duration": 20.0, "verification": None, "redactions": [
    ...     {"start": 1.0, "end": 7.0, "reason": "untranscribed_speech"}]}
    >>> attention(Recording("b.wav", "redacted", report=report))
    ['fail-closed 6.0 s (30%)']
    """
    reasons = []
    if recording.status == "failed":
        reasons.append("failed")
    if recording.warning:
        reasons.append("damaged audio")
    verification = (recording.report or {}).get("verification") or {}
    if (
        verification.get("findings")
        or verification.get("passed") is False
        or ("verification heard" in (recording.error or ""))
    ):
        reasons.append("verification findings")
    if recording.report is not None:
        seconds, duration = fail_closed_seconds(recording.report), recording.report["duration"]
        if seconds >= ATTENTION_SECONDS or (duration and seconds / duration >= ATTENTION_FRACTION):
            reasons.append(f"fail-closed {seconds:.1f} s ({seconds / (duration or 1):.0%})")
    return reasons


def fail_closed_seconds(report: dict[str, Any]) -> float:
    """Seconds redacted because the transcript could not vouch for them (overlaps once).

    >>> fail_closed_seconds({"redactions": [{"start": 0, "end": 2, "reason": "phi"},
    ...     {"start": 1, "end": 3, "reason": "unreliable_transcription"}]})
    2.0
    """
    return covered_seconds(
        Interval(r["start"], r["end"]) for r in report["redactions"] if r["reason"] != "phi"
    )


def render_waveform(audio_path: Path, report: dict[str, Any], destination: Path) -> bool:
    """Draw the redacted audio's waveform with its redactions shaded; False if undecodable.

    Each channel gets a lane. PHI redactions are shaded in their entity type's colour;
    fail-closed ones are hatched grey.

    >>> render_waveform(Path("out/a.wav"), report, Path("out/a.png"))  # doctest: +SKIP
    True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # no pyplot, no global backend
    from matplotlib.figure import Figure

    channels = max(1, min(2, int(report.get("format", {}).get("channels") or 1)))
    samples = _decode(audio_path, channels)
    if samples is None:
        return False
    duration = max(float(report.get("duration") or 0.0), len(samples) / WAVEFORM_RATE, 1e-3)
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
        heard = [r for r in report.get("redactions", []) if r["channel"] in (None, lane)]
        for r, low_y, high_y in bands([r for r in heard if r["reason"] == "phi"]):
            colour = entity_colour(r["entity_type"])
            axes.axvspan(r["start"], r["end"], low_y, high_y, color=colour, alpha=0.4, lw=0)
        for r in heard:
            if r["reason"] != "phi":
                axes.axvspan(r["start"], r["end"], facecolor=(0.5, 0.5, 0.5, 0.15),
                             edgecolor="#424242", hatch="////", linewidth=0)  # fmt: skip
        if lane:
            axes.axhline(1.05, color="#b0bec5", linewidth=1)
    destination.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(destination, dpi=100)
    return True


def bands(redactions: list[dict[str, Any]]) -> list[tuple[dict[str, Any], float, float]]:
    """Each redaction with the part of the lane's height it shades, as fractions (low, high).

    A redaction alone shades the whole height; overlapping ones share it in rows, so each
    entity type's colour stays visible rather than blending into one.

    >>> [(r["entity_type"], low, high) for r, low, high in bands([
    ...     {"entity_type": "A", "start": 0, "end": 2}, {"entity_type": "B", "start": 1, "end": 3},
    ...     {"entity_type": "C", "start": 5, "end": 6}])]
    [('A', 0.5, 1.0), ('B', 0.0, 0.5), ('C', 0.0, 1.0)]
    """
    placed: list[tuple[dict[str, Any], float, float]] = []
    cluster: list[tuple[dict[str, Any], int]] = []
    track_ends: list[float] = []

    def close() -> None:
        rows = len(track_ends)
        placed.extend((r, 1 - (row + 1) / rows, 1 - row / rows) for r, row in cluster)
        cluster.clear()
        track_ends.clear()

    for r in sorted(redactions, key=lambda r: (r["start"], r["end"])):
        if track_ends and r["start"] >= max(track_ends):
            close()
        row = next((k for k, end in enumerate(track_ends) if end <= r["start"]), len(track_ends))
        track_ends[row : row + 1] = [r["end"]]
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
