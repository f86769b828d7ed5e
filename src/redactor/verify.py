"""Pure checks on a second listen: which PHI found in the redacted audio escaped the beeps?

The pipeline re-transcribes its own output with other decoding settings and runs detection
again; whatever PHI that finds outside the beeps is still audible, and the file fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from redactor.types import Beep, Interval, Redaction

# A re-transcribed PHI span mostly under a beep is the beep itself being heard as words.
MIN_SHARE_UNDER_BEEP = 0.5
# The second listen's word times drift too: a word that ends a quarter second into a beep
# was most likely cut by it. Kept well under a word's length so a leak next to a beep shows.
BEEP_EDGE_TOLERANCE = 0.25


def share_under_beeps(interval: Interval, channel: int | None, beeps: Sequence[Beep]) -> float:
    """How much of ``interval`` the beeps on its channel (or on every channel) cover, 0 to 1.

    A zero-length interval (Whisper gives some words no duration) counts as covered when its
    instant lies under a beep.

    >>> share_under_beeps(Interval(1, 3), 1, [Beep(Interval(0, 2), 1), Beep(Interval(2.5, 9))])
    0.75
    """
    relevant = sorted(
        b.interval for b in beeps if b.channel is None or channel is None or b.channel == channel
    )
    if interval.duration == 0:
        return 1.0 if any(b.start <= interval.start <= b.end for b in relevant) else 0.0
    covered, reached = 0.0, interval.start
    for beep in relevant:
        start, end = max(beep.start, reached), min(beep.end, interval.end)
        if end > start:
            covered += end - start
            reached = end
    return covered / interval.duration


def audible_phi(found: Iterable[Redaction], beeps: Sequence[Beep]) -> tuple[Redaction, ...]:
    """The PHI found on re-transcription that lies mostly outside the beeps (each beep taken
    :data:`BEEP_EDGE_TOLERANCE` wider on both sides).

    >>> beeps = [Beep(Interval(0, 2))]
    >>> inside = Redaction("PERSON", Interval(0.5, 1.5), 0.9, "x", 0, 4)
    >>> outside = Redaction("PERSON", Interval(5, 6), 0.9, "x", 10, 14)
    >>> [r.interval for r in audible_phi([inside, outside], beeps)]
    [Interval(start=5, end=6)]
    """
    widened = [
        Beep(Interval(max(0.0, b.interval.start - BEEP_EDGE_TOLERANCE),
                      b.interval.end + BEEP_EDGE_TOLERANCE), b.channel)
        for b in beeps
    ]  # fmt: skip
    return tuple(
        redaction
        for redaction in found
        if redaction.reason == "phi"
        and share_under_beeps(redaction.interval, redaction.channel, widened) < MIN_SHARE_UNDER_BEEP
    )
