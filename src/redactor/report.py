"""What a redaction leaves behind besides audio: the redacted transcript and the JSON report.

Neither ever contains PHI text. The transcript's PHI is replaced by ``[ENTITY_TYPE]`` tags,
one per redacted stretch; the report holds types, times, scores and recognizer names only.
The report is a :class:`~redactor.report_schema.Report` (its JSON, its version and its
reader live in :mod:`redactor.report_schema`, low enough for storage to read it too).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from redactor.detect.labels import precedence
from redactor.report_schema import (
    REPORT_VERSION,
    BeepEntry,
    EvidenceEntry,
    FindingEntry,
    FormatEntry,
    InputEntry,
    RedactionEntry,
    Report,
    TimingEntry,
    VerificationEntry,
    VoiceEntry,
)
from redactor.types import (
    AudioFormat,
    Beep,
    Placement,
    Redaction,
    Verification,
    covered_seconds,
)

__all__ = ["REPORT_VERSION", "Report", "build_report", "redact_text"]


def redact_text(text: str, redactions: Iterable[Redaction]) -> str:
    """Replace the characters of each redaction with one ``[ENTITY_TYPE]`` tag.

    Redactions over the same characters (a PHI span and an unreliable stretch, or spans from
    another detector) get one tag, the most specific type of theirs
    (:data:`redactor.detect.labels.LABEL_PRECEDENCE`); the union of their characters is replaced.

    >>> from redactor.types import Interval
    >>> r = Redaction("PERSON", Interval(0, 1), 0.9, "test", char_start=11, char_end=14)
    >>> redact_text("my name is Ann", [r])
    'my name is [PERSON]'
    >>> d = Redaction("DATE_TIME", Interval(0, 1), 0.9, "test", char_start=5, char_end=14)
    >>> b = Redaction("DATE_OF_BIRTH", Interval(0, 1), 0.6, "test", char_start=5, char_end=14)
    >>> redact_text("born March 4th", [d, b])
    'born [DATE_OF_BIRTH]'
    """
    ranges = sorted(
        (r.char_start, r.char_end, r.entity_type) for r in redactions if r.char_end > r.char_start
    )
    pieces = []
    cursor = 0
    index = 0
    while index < len(ranges):
        start, end, _ = ranges[index]
        types = []
        while index < len(ranges) and ranges[index][0] < end:
            end = max(end, ranges[index][1])
            types.append(ranges[index][2])
            index += 1
        pieces += [text[cursor:start], f"[{min(types, key=precedence)}]"]
        cursor = end
    return "".join(pieces) + text[cursor:]


def build_report(
    *,
    input_name: str,
    input_sha256: str,
    audio_format: AudioFormat,
    models: Mapping[str, str],
    settings: Mapping[str, Any],
    fingerprint: str,
    redactions: Iterable[Redaction],
    beeps: Iterable[Beep],
    word_count: int,
    speakers: Mapping[int, str] | None = None,
    verification: Verification | None = None,
    retention_until: date | None = None,
    encrypted: bool = False,
    warning: str | None = None,
) -> Report:
    """The report for one recording, built only from PHI-free values (times to the ms).

    ``warning`` says what was wrong with the input's audio (truncated, damaged), if anything.

    >>> from redactor.types import AudioFormat
    >>> report = build_report(input_name="a.wav", input_sha256="0" * 64,
    ...     audio_format=AudioFormat("wav", "pcm_s16le", 16000, 1, 16, duration=2.0),
    ...     models={}, settings={}, fingerprint="0", redactions=[], beeps=[], word_count=0)
    >>> report.redaction_count, report.duration
    (0, 2.0)
    """
    redaction_list = list(redactions)
    beep_list = list(beeps)
    speaker_of = dict(speakers or {})
    return Report(
        report_version=REPORT_VERSION,
        input=InputEntry(input_name, input_sha256),
        duration=round(audio_format.duration, 3),
        warning=warning,
        format=FormatEntry(
            audio_format.container,
            audio_format.codec,
            audio_format.sample_rate,
            audio_format.channels,
        ),
        models=dict(models),
        settings=dict(settings),
        settings_fingerprint=fingerprint,
        word_count=word_count,
        redaction_count=len(redaction_list),
        redacted_seconds=round(covered_seconds(b.interval for b in beep_list), 3),
        speakers=dict(sorted(speaker_of.items())),
        redactions=tuple(
            RedactionEntry(
                entity_type=r.entity_type,
                start=round(r.interval.start, 3),
                end=round(r.interval.end, 3),
                score=round(r.score, 3),
                recognizer=r.recognizer,
                reason=r.reason,
                channel=r.channel,
                speaker=speaker_of.get(r.channel) if r.channel is not None else None,
                alternatives=r.alternatives,
                timing=_timing_entry(r.placement),
                evidence=_evidence_entry(r.placement),
            )
            for r in redaction_list
        ),
        beeps=tuple(
            BeepEntry(round(b.interval.start, 3), round(b.interval.end, 3), b.channel)
            for b in beep_list
        ),
        verification=None
        if verification is None
        else VerificationEntry(
            passed=verification.passed,
            settings=dict(verification.settings),
            findings=tuple(
                FindingEntry(
                    f.entity_type,
                    round(f.interval.start, 3),
                    round(f.interval.end, 3),
                    round(f.score, 3),
                    f.recognizer,
                    f.channel,
                )
                for f in verification.findings
            ),
        ),
        retention_until=retention_until,
        encrypted=encrypted,
        voice=_voice_entry(settings),
        notice=(
            "PHI was beeped in the audio and tagged in the transcript. "
            + (
                "The voices were changed, not removed: a changed voice can still identify a "
                "speaker to someone who knows it."
                if settings.get("anonymize_voice")
                else "The speakers' voices remain, and a voice is a biometric identifier "
                "under HIPAA Safe Harbor."
            )
        ),
    )


def _timing_entry(placement: Placement | None) -> TimingEntry | None:
    """Which evidence placed each edge; fail-closed redactions have none."""
    return None if placement is None else TimingEntry(placement.start, placement.end)


def _evidence_entry(placement: Placement | None) -> EvidenceEntry | None:
    """The words' times before padding (Whisper's, the aligner's): times only."""
    if placement is None:
        return None
    return EvidenceEntry(
        (round(placement.words.start, 3), round(placement.words.end, 3)),
        (_rounded(placement.aligned_start), _rounded(placement.aligned_end)),
    )


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


def _voice_entry(settings: Mapping[str, Any]) -> VoiceEntry | None:
    # Never the coefficient drawn for this call: knowing it helps undo the voice change.
    if not settings.get("anonymize_voice"):
        return None
    return VoiceEntry(
        method="mcadams",
        alpha=settings.get("voice_alpha"),
        varied_per_call=True,
        channels=settings.get("voice_channels"),
        seeded=settings.get("voice_seed") is not None,
    )
