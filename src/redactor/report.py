"""What a redaction leaves behind besides audio: the redacted transcript and the JSON report.

Neither ever contains PHI text. The transcript's PHI is replaced by ``[ENTITY_TYPE]`` tags,
one per redacted stretch; the report holds types, times, scores and recognizer names only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from redactor.detect.labels import precedence
from redactor.types import (
    AudioFormat,
    Beep,
    Placement,
    Redaction,
    Verification,
    covered_seconds,
)

REPORT_VERSION = 1


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
) -> dict[str, Any]:
    """The JSON report for one recording, built only from PHI-free values.

    ``warning`` says what was wrong with the input's audio (truncated, damaged), if anything.

    >>> from redactor.types import AudioFormat
    >>> report = build_report(input_name="a.wav", input_sha256="0" * 64,
    ...     audio_format=AudioFormat("wav", "pcm_s16le", 16000, 1, 16, duration=2.0),
    ...     models={}, settings={}, fingerprint="0", redactions=[], beeps=[], word_count=0)
    >>> report["redaction_count"], report["duration"]
    (0, 2.0)
    """
    redaction_list = list(redactions)
    beep_list = list(beeps)
    speaker_of = dict(speakers or {})
    return {
        "report_version": REPORT_VERSION,
        "input": {"name": input_name, "sha256": input_sha256},
        "duration": round(audio_format.duration, 3),
        "warning": warning,
        "format": {
            "container": audio_format.container,
            "codec": audio_format.codec,
            "sample_rate": audio_format.sample_rate,
            "channels": audio_format.channels,
        },
        "models": dict(models),
        "settings": dict(settings),
        "settings_fingerprint": fingerprint,
        "word_count": word_count,
        "redaction_count": len(redaction_list),
        "redacted_seconds": round(covered_seconds(b.interval for b in beep_list), 3),
        "speakers": {str(channel): name for channel, name in sorted(speaker_of.items())},
        "redactions": [
            {
                "entity_type": r.entity_type,
                "start": round(r.interval.start, 3),
                "end": round(r.interval.end, 3),
                "score": round(r.score, 3),
                "recognizer": r.recognizer,
                "reason": r.reason,
                "channel": r.channel,
                "speaker": speaker_of.get(r.channel) if r.channel is not None else None,
                "alternatives": [
                    {"entity_type": a.entity_type, "recognizer": a.recognizer}
                    for a in r.alternatives
                ],
                **_placement_entry(r.placement),
            }
            for r in redaction_list
        ],
        "beeps": [
            {
                "start": round(b.interval.start, 3),
                "end": round(b.interval.end, 3),
                "channel": b.channel,
            }
            for b in beep_list
        ],
        "verification": None
        if verification is None
        else {
            "passed": verification.passed,
            "settings": dict(verification.settings),
            "findings": [
                {
                    "entity_type": f.entity_type,
                    "start": round(f.interval.start, 3),
                    "end": round(f.interval.end, 3),
                    "score": round(f.score, 3),
                    "recognizer": f.recognizer,
                    "channel": f.channel,
                }
                for f in verification.findings
            ],
        },
        "retention_until": None if retention_until is None else retention_until.isoformat(),
        "encrypted": encrypted,
        "voice": _voice_entry(settings),
        "notice": (
            "PHI was beeped in the audio and tagged in the transcript. "
            + (
                "The voices were changed, not removed: a changed voice can still identify a "
                "speaker to someone who knows it."
                if settings.get("anonymize_voice")
                else "The speakers' voices remain, and a voice is a biometric identifier "
                "under HIPAA Safe Harbor."
            )
        ),
    }


def _placement_entry(placement: Placement | None) -> dict[str, Any]:
    """Which evidence placed each edge, and the words' times before padding (Whisper's, the
    aligner's): times only. Fail-closed redactions have none."""
    if placement is None:
        return {"timing": None, "evidence": None}
    return {
        "timing": {"start": placement.start, "end": placement.end},
        "evidence": {
            "whisper": [round(placement.words.start, 3), round(placement.words.end, 3)],
            "aligned": [_rounded(placement.aligned_start), _rounded(placement.aligned_end)],
        },
    }


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


def _voice_entry(settings: Mapping[str, Any]) -> dict[str, Any] | None:
    # Never the coefficient drawn for this call: knowing it helps undo the voice change.
    if not settings.get("anonymize_voice"):
        return None
    return {
        "method": "mcadams",
        "alpha": settings.get("voice_alpha"),
        "varied_per_call": True,
        "channels": settings.get("voice_channels"),
        "seeded": settings.get("voice_seed") is not None,
    }


def dump_report(report: Mapping[str, Any]) -> str:
    """Serialize a report deterministically."""
    return json.dumps(report, indent=2, sort_keys=False) + "\n"
