"""One manifest line and the outputs it names, as the review page shows them (:class:`Recording`),
and why a recording needs a person to look at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from redactor.errors import ReportError
from redactor.report_schema import RedactionEntry, Report
from redactor.review.links import link_tags, tag_types
from redactor.types import Interval, covered_seconds

ATTENTION_SECONDS, ATTENTION_FRACTION = 5.0, 0.10  # fail-closed audio that needs a listen


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
    report: Report | None = None
    waveform: str | None = None  # OUT-relative path of the waveform PNG
    links: list[int | None] = field(default_factory=list)  # i-th tag -> redaction index
    attention: list[str] = field(default_factory=list)
    note: str | None = None

    def __repr__(self) -> str:
        details = [f"{self.input}: {self.status}"]
        if self.transcript is not None:
            details.append(f"transcript of {len(self.transcript)} chars")
        if self.report is not None:
            details.append(f"{len(self.report.redactions)} redactions")
        details += [text for text in (self.error, self.note, *self.attention) if text]
        return f"Recording({', '.join(details)})"


def _inside(out: Path, relative: object) -> Path | None:
    """``out/relative`` when it is a file inside ``out``; never anything outside it."""
    if not isinstance(relative, str) or not relative:
        return None
    path = (out / relative).resolve()
    return path if path.is_relative_to(out.resolve()) and path.is_file() else None


def load_recording(out: Path, row: dict[str, str | None]) -> Recording:
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
            recording.report = Report.from_json(report.read_text(encoding="utf-8"))
        except (ReportError, UnicodeDecodeError):
            recording.attention.append("report unreadable")
    if recording.report is not None and recording.transcript is not None:
        padding = recording.report.settings.get("padding")
        redactions = recording.report.redactions
        recording.links = link_tags(
            tag_types(recording.transcript, redactions), redactions,
            float(padding) if isinstance(padding, int | float) else 0.0,
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
    >>> from redactor.report import build_report
    >>> from redactor.types import AudioFormat, Interval, Redaction
    >>> closed = Redaction("UNTRANSCRIBED_SPEECH", Interval(1.0, 7.0), 1.0, "vad", 0, 0,
    ...     reason="untranscribed_speech")
    >>> report = build_report(input_name="b.wav", input_sha256="0" * 64,
    ...     audio_format=AudioFormat("wav", "pcm_s16le", 16000, 1, 16, duration=20.0),
    ...     models={}, settings={}, fingerprint="0", redactions=[closed], beeps=[], word_count=0)
    >>> attention(Recording("b.wav", "redacted", report=report))
    ['fail-closed 6.0 s (30%)']
    """
    reasons = []
    if recording.status == "failed":
        reasons.append("failed")
    if recording.warning:
        reasons.append("damaged audio")
    verification = recording.report.verification if recording.report is not None else None
    if (verification is not None and (verification.findings or not verification.passed)) or (
        "verification heard" in (recording.error or "")
    ):
        reasons.append("verification findings")
    if recording.report is not None:
        duration = recording.report.duration
        seconds = fail_closed_seconds(recording.report.redactions)
        if seconds >= ATTENTION_SECONDS or (duration and seconds / duration >= ATTENTION_FRACTION):
            reasons.append(f"fail-closed {seconds:.1f} s ({seconds / (duration or 1):.0%})")
    return reasons


def fail_closed_seconds(redactions: Iterable[RedactionEntry]) -> float:
    """Seconds redacted because the transcript could not vouch for them (overlaps once).

    >>> fail_closed_seconds([RedactionEntry("PERSON", 0, 2, 0.9, "x", "phi"),
    ...     RedactionEntry("UNRELIABLE_TRANSCRIPTION", 1, 3, 1.0, "x", "unreliable_transcription")])
    2.0
    """
    return covered_seconds(Interval(r.start, r.end) for r in redactions if r.reason != "phi")
