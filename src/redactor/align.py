"""Pure alignment: PHI character spans -> whole words -> padded, clipped, merged time intervals.

No audio and no models here, so every rule can be tested with hand-made transcripts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from redactor.errors import AlignmentError
from redactor.types import Interval, PhiSpan, Redaction, Transcript


def words_in_span(transcript: Transcript, span: PhiSpan) -> range:
    """Indices of the words a character span touches, even partly.

    A span that touches part of a word takes the whole word: Whisper glues PHI to other text
    ("mRNA820417"), and half a beeped word still leaks.

    >>> from redactor.types import Word
    >>> t = Transcript((Word("call", 0, 1), Word("Ann", 1, 2), Word("now", 2, 3)), duration=3)
    >>> words_in_span(t, PhiSpan("PERSON", 6, 7, 0.9, "test"))
    range(1, 2)
    """
    offsets = transcript.word_offsets()
    starts = [start for start, _ in offsets]
    ends = [end for _, end in offsets]
    first = bisect_right(ends, span.start)  # first word ending after the span starts
    last = bisect_left(starts, span.end)  # words starting before the span ends
    if span.start >= span.end or first >= last:
        raise AlignmentError(
            f"{span.entity_type} span at characters {span.start}-{span.end} matches no word"
        )
    return range(first, last)


def place_spans(
    transcript: Transcript,
    spans: Iterable[PhiSpan],
    *,
    padding: float,
) -> tuple[Redaction, ...]:
    """Give each span the time of its words, widened by ``padding`` and clipped to the file.

    >>> from redactor.types import Word
    >>> t = Transcript((Word("call", 0, 1), Word("Ann", 1.2, 1.6)), duration=2)
    >>> [r.interval for r in place_spans(t, [PhiSpan("PERSON", 5, 8, 0.9, "x")], padding=0.5)]
    [Interval(start=0.7, end=2)]
    """
    offsets = transcript.word_offsets()
    redactions = []
    for span in spans:
        indices = words_in_span(transcript, span)
        words = transcript.words[indices.start : indices.stop]
        start = min(word.start for word in words)
        end = max(word.end for word in words)
        if not (0 <= start <= end) or start > transcript.duration:
            raise AlignmentError(
                f"{span.entity_type} span has word times {start:.2f}-{end:.2f} s outside the "
                f"recording ({transcript.duration:.2f} s)"
            )
        interval = clip(Interval(start - padding, end + padding), transcript.duration)
        redactions.append(
            Redaction(
                entity_type=span.entity_type,
                interval=interval,
                score=span.score,
                recognizer=span.recognizer,
                char_start=offsets[indices.start][0],
                char_end=offsets[indices.stop - 1][1],
                channel=transcript.channel,
            )
        )
    return tuple(sorted(redactions, key=lambda r: (r.interval, r.char_start)))


def clip(interval: Interval, duration: float) -> Interval:
    """Keep an interval inside ``[0, duration]``.

    >>> clip(Interval(-0.5, 3.0), 2.0)
    Interval(start=0.0, end=2.0)
    """
    start = min(max(interval.start, 0.0), duration)
    end = min(max(interval.end, start), duration)
    return Interval(start, end)


def merge_intervals(intervals: Sequence[Interval], *, gap: float) -> tuple[Interval, ...]:
    """Join intervals that overlap or lie less than ``gap`` seconds apart.

    A fragment of speech heard between two close beeps is often part of the same number.

    >>> merge_intervals([Interval(0, 1), Interval(1.2, 2), Interval(5, 6)], gap=0.5)
    (Interval(start=0, end=2), Interval(start=5, end=6))
    """
    merged: list[Interval] = []
    for interval in sorted(intervals):
        if merged and interval.start - merged[-1].end < gap:
            merged[-1] = Interval(merged[-1].start, max(merged[-1].end, interval.end))
        else:
            merged.append(interval)
    return tuple(merged)


def subtract(interval: Interval, holes: Sequence[Interval]) -> list[Interval]:
    """The parts of ``interval`` that no hole covers; ``holes`` must be sorted and disjoint.

    >>> subtract(Interval(0, 10), [Interval(2, 3), Interval(5, 12)])
    [Interval(start=0, end=2), Interval(start=3, end=5)]
    """
    pieces = []
    cursor = interval.start
    for hole in holes:
        if hole.end <= cursor or hole.start >= interval.end:
            continue
        if hole.start > cursor:
            pieces.append(Interval(cursor, hole.start))
        cursor = max(cursor, hole.end)
    if cursor < interval.end:
        pieces.append(Interval(cursor, interval.end))
    return pieces


def fail_closed_redactions(
    transcript: Transcript, *, tolerance: float, min_duration: float
) -> tuple[Redaction, ...]:
    """Redactions for speech the transcript cannot vouch for.

    Words never transcribed are never searched for PHI, so speech that voice activity
    detection heard but that no word (widened by ``tolerance`` for timestamp drift) accounts
    for is redacted, when it lasts at least ``min_duration``. So are stretches the model
    flagged as unreliable, with their words.

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([("hi", 0.0, 0.5), ("bye", 4.0, 4.5)], 5.0)
    >>> t = Transcript(t.words, 5.0, speech=(Interval(0, 4.5),))
    >>> [r.interval for r in fail_closed_redactions(t, tolerance=0.5, min_duration=0.5)]
    [Interval(start=0.5, end=4.0)]
    """
    offsets = transcript.word_offsets()
    starts = [word.start for word in transcript.words]
    text_end = len(transcript.text)
    redactions = []
    covered = merge_intervals(
        [
            clip(Interval(w.start - tolerance, w.end + tolerance), transcript.duration)
            for w in transcript.words
        ],
        gap=0.0,
    )
    for speech in transcript.speech or ():
        for piece in subtract(speech, covered):
            if piece.duration < min_duration:
                continue
            interval = Interval(
                max(speech.start, piece.start - tolerance), min(speech.end, piece.end + tolerance)
            )
            following = bisect_left(starts, interval.end)
            position = offsets[following][0] if following < len(offsets) else text_end
            redactions.append(
                Redaction(
                    "UNTRANSCRIBED_SPEECH",
                    clip(interval, transcript.duration),
                    1.0,
                    "VoiceActivity",
                    position,
                    position,
                    "untranscribed_speech",
                    transcript.channel,
                )
            )
    for doubtful in transcript.unreliable:
        inside = [
            i
            for i, w in enumerate(transcript.words)
            if w.start < doubtful.end and doubtful.start < w.end
        ]
        first = offsets[inside[0]][0] if inside else text_end
        last = offsets[inside[-1]][1] if inside else text_end
        redactions.append(
            Redaction(
                "UNRELIABLE_TRANSCRIPTION",
                clip(doubtful, transcript.duration),
                1.0,
                "WhisperConfidence",
                first,
                last,
                "unreliable_transcription",
                transcript.channel,
            )
        )
    return tuple(sorted(redactions, key=lambda r: (r.interval, r.char_start)))
