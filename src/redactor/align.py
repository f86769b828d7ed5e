"""Pure alignment: PHI character spans -> whole words -> padded, clipped, merged time intervals.

No audio and no models here, so every rule can be tested with hand-made transcripts.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from redactor.errors import AlignmentError
from redactor.types import (
    Beep,
    Interval,
    PhiSpan,
    Placement,
    Redaction,
    Timing,
    Transcript,
    Word,
)


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


def span_word_times(
    transcript: Transcript, spans: Iterable[PhiSpan]
) -> dict[int | None, list[Interval]]:
    """Whisper's times of the words each span touches, by channel: where acoustic word
    times are wanted.

    >>> from redactor.types import Word
    >>> t = Transcript((Word("call", 0, 1), Word("Ann", 1, 2, channel=1)), duration=3)
    >>> span_word_times(t, [PhiSpan("PERSON", 5, 8, 0.9, "x")])
    {1: [Interval(start=1, end=2)]}
    """
    times: dict[int | None, list[Interval]] = {}
    for span in spans:
        for index in words_in_span(transcript, span):
            word = transcript.words[index]
            times.setdefault(word.channel, []).append(Interval(word.start, word.end))
    return times


def place_spans(
    transcript: Transcript,
    spans: Iterable[PhiSpan],
    *,
    padding: float,
    gap_reach: float = 0.0,
    pauses: Mapping[int | None, Sequence[Interval]] | None = None,
    aligned_padding: float | None = None,
    agreement: float = 0.0,
    silences: Mapping[int | None, Sequence[Interval]] | None = None,
) -> tuple[Redaction, ...]:
    """Give each span the time of its words, widened by ``padding`` and clipped to the file.

    Whisper often times an answer a second late, leaving its start in the pause after the
    question. With ``gap_reach``, each edge also extends across the pause to the neighbouring
    word on the same channel (the end of the word before, the start of the word after), by
    at most ``gap_reach`` seconds beyond the padding. A neighbour Whisper stretched over
    speech it lost (longer than ``STRETCHED_WORD``) counts only as its own ``WORD_SECONDS``.

    >>> from redactor.types import Word
    >>> t = Transcript((Word("call", 0, 1), Word("Ann", 1.2, 1.6)), duration=2)
    >>> [r.interval for r in place_spans(t, [PhiSpan("PERSON", 5, 8, 0.9, "x")], padding=0.5)]
    [Interval(start=0.7, end=2)]
    >>> t = Transcript((Word("birth?", 0.5, 1), Word("1961", 3.0, 3.5)), duration=9)
    >>> span = PhiSpan("DATE_OF_BIRTH", 7, 11, 0.9, "x")
    >>> [r.interval for r in place_spans(t, [span], padding=0.5, gap_reach=1.5)]
    [Interval(start=1, end=5.5)]

    With ``pauses`` (the quiet stretches of each channel, see :func:`quiet_stretches`), an
    edge that the padding pushed across a pause next to the words comes back to that pause,
    if the neighbouring word lies beside it too: the words are bounded by silence there, and
    what lies beyond it is that neighbour.

    >>> t = Transcript(t.words + (Word("Thanks.", 4.6, 5.0),), duration=9)
    >>> quiet = {None: [Interval(1.1, 2.8), Interval(3.6, 4.5)]}
    >>> [r.interval for r in place_spans(t, [span], padding=0.5, gap_reach=1.5, pauses=quiet)]
    [Interval(start=2.75, end=3.65)]

    With ``aligned_padding``, the words' acoustic times (``Word.aligned``) place the edges
    too, each edge on its own (see :func:`evidence_edge`): where the aligner and Whisper agree
    within ``agreement`` seconds, the aligned edge padded by ``aligned_padding``; where they
    disagree, one that covers both; where there is no acoustic time, Whisper's as above.

    >>> heard = Word("1961", 2.9, 3.5, aligned=Interval(3.0, 3.45))
    >>> t = Transcript((Word("birth?", 0.5, 1), heard), duration=9)
    >>> (r,) = place_spans(t, [span], padding=0.5, aligned_padding=0.1, agreement=0.15)
    >>> r.interval, (r.placement.start, r.placement.end)
    (Interval(start=2.9, end=3.55), ('aligned', 'aligned'))
    """
    offsets = transcript.word_offsets()
    redactions = []
    for span in spans:
        indices = words_in_span(transcript, span)
        # On a dual-channel call a span can take words from both speakers; each channel is
        # beeped where its own words were said.
        channels = sorted({transcript.words[i].channel for i in indices}, key=_channel_order)
        for channel in channels:
            words = [transcript.words[i] for i in indices if transcript.words[i].channel == channel]
            start = min(word.start for word in words)
            end = max(word.end for word in words)
            if not (0 <= start <= end) or start > transcript.duration:
                raise AlignmentError(
                    f"{span.entity_type} span has word times {start:.2f}-{end:.2f} s outside "
                    f"the recording ({transcript.duration:.2f} s)"
                )
            before, after = _neighbours(transcript, indices, channel)
            padded = Interval(start - padding, end + padding)
            if gap_reach > 0:
                padded = Interval(
                    min(padded.start, max(before, padded.start - gap_reach)),
                    max(padded.end, min(after, padded.end + gap_reach)),
                )
            if pauses is not None:
                padded = _pulled_to_pauses(
                    padded,
                    Interval(start, end),
                    Interval(before, after),
                    pauses.get(channel, pauses.get(None, ())),
                )
            placement = Placement(Interval(start, end))
            if aligned_padding is not None:
                placement, padded = _with_evidence(
                    placement, padded, words[0].aligned, words[-1].aligned,
                    padding=aligned_padding, agreement=agreement,
                )  # fmt: skip
                if silences is not None and gap_reach > 0:
                    padded = _over_unheard_speech(
                        padded,
                        placement,
                        _heard_neighbours(transcript, indices, channel, trust=padding),
                        silences.get(channel, silences.get(None, ())),
                        reach=gap_reach,
                    )
            redactions.append(
                Redaction(
                    entity_type=span.entity_type,
                    interval=clip(padded, transcript.duration),
                    score=span.score,
                    recognizer=span.recognizer,
                    char_start=offsets[indices.start][0],
                    char_end=offsets[indices.stop - 1][1],
                    channel=channel,
                    alternatives=span.alternatives,
                    placement=placement,
                )
            )
    return tuple(sorted(redactions, key=lambda r: (r.interval, r.char_start)))


def evidence_edge(
    whisper: float,
    aligned: float | None,
    whisper_placed: float,
    *,
    side: int,
    padding: float,
    agreement: float,
) -> tuple[float, Timing]:
    """One edge of a beep from the evidence: ``whisper`` is Whisper's word edge,
    ``aligned`` the aligner's (``None``: none), ``whisper_placed`` where Whisper's times alone
    put the edge (wide padding, gap reach, pauses); ``side`` is -1 for a start, +1 for an end.

    Where the two agree within ``agreement`` seconds, the aligner's edge gets ``padding``.
    Where they disagree, one of them is wrong (Whisper's times drift by up to a second; the
    aligner confidently misplaces words Whisper misheard), so the edge covers both: the
    farther of the two, padded by ``padding``. With no acoustic time, Whisper's placement
    stands. On the development corpora, covering a disagreement with Whisper's full
    placement instead beeped 1-1.5 points more of the other speech and found no more PHI.

    >>> evidence_edge(2.0, 2.1, 1.5, side=-1, padding=0.15, agreement=0.2)
    (1.95, 'aligned')
    >>> evidence_edge(2.0, 2.6, 1.5, side=-1, padding=0.15, agreement=0.2)
    (1.85, 'both')
    >>> evidence_edge(2.0, None, 1.5, side=-1, padding=0.15, agreement=0.2)
    (1.5, 'whisper')
    """
    if aligned is None:
        return whisper_placed, "whisper"
    if abs(aligned - whisper) <= agreement:
        return round(aligned + side * padding, 6), "aligned"
    farther = max(aligned * side, whisper * side) * side
    return round(farther + side * padding, 6), "both"


def _with_evidence(
    placement: Placement,
    whisper_placed: Interval,
    first: Interval | None,
    last: Interval | None,
    *,
    padding: float,
    agreement: float,
) -> tuple[Placement, Interval]:
    aligned_start = None if first is None else first.start
    aligned_end = None if last is None else last.end
    start, start_timing = evidence_edge(
        placement.words.start, aligned_start, whisper_placed.start,
        side=-1, padding=padding, agreement=agreement,
    )  # fmt: skip
    end, end_timing = evidence_edge(
        placement.words.end, aligned_end, whisper_placed.end,
        side=1, padding=padding, agreement=agreement,
    )  # fmt: skip
    placed = Placement(placement.words, aligned_start, aligned_end, start_timing, end_timing)
    return placed, Interval(min(start, end), max(start, end))


def _heard_neighbours(
    transcript: Transcript, indices: range, channel: int | None, *, trust: float
) -> tuple[float, float]:
    """Where the word before ``indices`` ends and the word after starts, on ``channel``, as
    far as both kinds of evidence allow: the aligner's time where it is within ``trust``
    seconds of Whisper's, else whichever leaves more room (the aligner squeezes a word into
    speech Whisper dropped: "Can" put over the last digit of a number, 0.8 s before Whisper
    heard it). Whisper's time for a word it did not align; 0 and the duration at the ends."""
    first = min(i for i in indices if transcript.words[i].channel == channel)
    last = max(i for i in indices if transcript.words[i].channel == channel)
    before = [w for w in transcript.words[:first] if w.channel == channel]
    after = [w for w in transcript.words[last + 1 :] if w.channel == channel]

    def end_of(word: Word) -> float:
        heard = _spoken_end(word)
        if word.aligned is None:
            return heard
        trusted = abs(word.aligned.end - word.end) <= trust
        return word.aligned.end if trusted else min(word.aligned.end, heard)

    def start_of(word: Word) -> float:
        heard = _spoken_start(word)
        if word.aligned is None:
            return heard
        trusted = abs(word.aligned.start - word.start) <= trust
        return word.aligned.start if trusted else max(word.aligned.start, heard)

    end = max((end_of(w) for w in before), default=0.0)
    start = min((start_of(w) for w in after), default=transcript.duration)
    return end, start


def _over_unheard_speech(
    padded: Interval,
    placement: Placement,
    neighbours: tuple[float, float],
    silences: Sequence[Interval],
    *,
    reach: float,
) -> Interval:
    """``padded`` with each edge the aligner placed carried on over sound between it and the
    neighbouring word that no aligned word accounts for: there, Whisper dropped or misheard
    a word ("Kenrosita and" for a name whose end then went unaccounted for), and the aligner
    fitted the words it was given. ``silences`` are the channel's quiet stretches; the edge
    moves to the last (first) sound before the neighbour, at most ``reach`` seconds beyond
    the aligned word.
    """
    start, end = padded.start, padded.end
    if placement.start != "whisper" and placement.aligned_start is not None:
        first = _first_sound(silences, neighbours[0] + PAUSE_MARGIN, start)
        if first is not None:
            start = min(start, max(round(first - PAUSE_MARGIN, 6), placement.aligned_start - reach))
    if placement.end != "whisper" and placement.aligned_end is not None:
        last = _last_sound(silences, end, neighbours[1] - PAUSE_MARGIN)
        if last is not None:
            end = max(end, min(round(last + PAUSE_MARGIN, 6), placement.aligned_end + reach))
    return Interval(max(0.0, start), end)


def _last_sound(silences: Sequence[Interval], after: float, before: float) -> float | None:
    """The last moment in ``(after, before)`` outside every silence, or None if it is all
    silent."""
    moment = before
    for silence in sorted(silences, key=lambda s: s.start, reverse=True):
        if silence.start < moment <= silence.end + 1e-9:
            moment = silence.start
    return moment if moment > after else None


def _first_sound(silences: Sequence[Interval], after: float, before: float) -> float | None:
    """The first moment in ``(after, before)`` outside every silence, or None."""
    moment = after
    for silence in sorted(silences, key=lambda s: s.start):
        if silence.start - 1e-9 <= moment < silence.end:
            moment = silence.end
    return moment if moment < before else None


# How far inside the words a pause may start or end and still bound them: Whisper's word
# edges are often a little late or early.
PAUSE_SLACK = 0.1
# Shorter quiet stretches are often gaps inside the PHI itself (between spelled letters or
# digit groups). On the dev corpora 0.25 s kept recall, and non-PHI speech beeped went from
# 17.3 % to 15.5 % (seed 1) and from 16.4 % to 14.1 % (seed 3).
MIN_PAUSE = 0.25
# A pause bounds the words only where the neighbouring word (on that side) ends or starts
# at most this far from it. Whisper often times a reply late, past a pause inside the reply
# itself ("ten, | twenty two"); the speech before that pause is then vouched for by no word.
NEIGHBOUR_SLACK = 0.3
# Silence kept in the beep beyond a pause's edge, so the first and last sounds are covered.
PAUSE_MARGIN = 0.05


def _pulled_to_pauses(
    padded: Interval, words: Interval, neighbours: Interval, pauses: Sequence[Interval]
) -> Interval:
    """``padded`` with each edge brought back to the pause nearest the words, if one lies
    between the words and that edge and the ``neighbours`` (the end of the word before, the
    start of the word after) account for the speech beyond it."""
    before = [
        p.end
        for p in pauses
        if padded.start < p.end - PAUSE_MARGIN
        and p.end <= words.start + PAUSE_SLACK
        and neighbours.start >= p.start - NEIGHBOUR_SLACK
    ]
    after = [
        p.start
        for p in pauses
        if words.end - PAUSE_SLACK <= p.start
        and p.start + PAUSE_MARGIN < padded.end
        and neighbours.end <= p.end + NEIGHBOUR_SLACK
    ]
    start = round(max(before) - PAUSE_MARGIN, 6) if before else padded.start
    end = round(min(after) + PAUSE_MARGIN, 6) if after else padded.end
    return Interval(start, end)


def quiet_stretches(
    levels: Sequence[float] | np.ndarray,
    *,
    frame_seconds: float,
    quiet_db: float = 30.0,
    min_pause: float = MIN_PAUSE,
) -> tuple[Interval, ...]:
    """Stretches of at least ``min_pause`` seconds in which every frame is ``quiet_db`` below
    the loudest frame. A noisy line has none, and then nothing is pulled in.

    >>> quiet_stretches([5, 0, 0, 0, 5, 0, 5], frame_seconds=0.1, min_pause=0.2)
    (Interval(start=0.1, end=0.4),)
    """
    values = np.asarray(levels, dtype=np.float32)
    if values.size == 0:
        return ()
    quiet = np.concatenate(([False], values < values.max() * 10 ** (-quiet_db / 20), [False]))
    edges = np.flatnonzero(np.diff(quiet.astype(np.int8)))
    stretches = []
    for first, stop in zip(edges[::2], edges[1::2], strict=True):
        if (stop - first) * frame_seconds >= min_pause:
            stretches.append(
                Interval(
                    round(float(first) * frame_seconds, 6), round(float(stop) * frame_seconds, 6)
                )
            )
    return tuple(stretches)


# A word longer than this is Whisper stretching it over speech it lost ("she's" timed
# 1.5 s over "she's ninety"); only its first WORD_SECONDS are taken to be the word itself.
STRETCHED_WORD = 0.8
WORD_SECONDS = 0.4
# Where Whisper dropped LONG_LOSS seconds of speech or more, it may have timed the words after
# the gap as far off as the gap is long: it once put a call's greeting 20 s late, over a
# medical record number it never wrote. The beep for such a gap reaches on past it by the
# gap's length, at most LOST_REACH seconds. On the development corpora this found 1 more
# item and beeped at most 0.4 points more of the non-PHI speech (2 s instead of 4 s: no more
# items, up to 1.2 points more).
LONG_LOSS = 4.0
LOST_REACH = 5.0


def _neighbours(transcript: Transcript, indices: range, channel: int | None) -> tuple[float, float]:
    """End of the last word before ``indices`` and start of the first after, on ``channel``
    (0 and the duration where there is none). A stretched neighbour counts as only its
    first (before) or last (after) ``WORD_SECONDS``."""
    inside = [transcript.words[i] for i in indices if transcript.words[i].channel == channel]
    first, last = min(w.start for w in inside), max(w.end for w in inside)
    others = [
        w for i, w in enumerate(transcript.words) if w.channel == channel and i not in indices
    ]
    before = max((_spoken_end(w) for w in others if w.end <= first), default=0.0)
    after = min((_spoken_start(w) for w in others if w.start >= last), default=transcript.duration)
    return before, after


def _spoken_end(word: Word) -> float:
    stretched = word.end - word.start > STRETCHED_WORD
    return word.start + WORD_SECONDS if stretched else word.end


def _spoken_start(word: Word) -> float:
    stretched = word.end - word.start > STRETCHED_WORD
    return word.end - WORD_SECONDS if stretched else word.start


def _channel_order(channel: int | None) -> int:
    return -1 if channel is None else channel


def interleave(transcripts: Sequence[Transcript], *, turn_gap: float = 0.7) -> Transcript:
    """One conversation from per-channel transcripts, so that the agent's question gives
    context to the caller's answer.

    Each channel is cut into utterances (at a sentence end or a pause of ``turn_gap``
    seconds) and the utterances are ordered by start time. Words stay in their utterance
    even when the speakers overlap, so a name is never split by the other speaker's words.

    >>> from redactor.types import Word
    >>> agent = Transcript((Word("birthday?", 0.0, 0.5), Word("ok", 1.3, 1.4)), 3.0, channel=0)
    >>> caller = Transcript((Word("May", 1.0, 1.2), Word("fifth", 1.2, 1.6)), 3.0, channel=1)
    >>> merged = interleave([agent, caller])
    >>> merged.text, [w.channel for w in merged.words]
    ('birthday? May fifth ok', [0, 1, 1, 0])
    """
    utterances: list[list[Word]] = []
    for transcript in transcripts:
        current: list[Word] = []
        for word in transcript.words:
            if current and (
                word.start - current[-1].end >= turn_gap or current[-1].text[-1] in ".?!"
            ):
                utterances.append(current)
                current = []
            current.append(replace(word, channel=transcript.channel))
        if current:
            utterances.append(current)
    utterances.sort(key=lambda words: (words[0].start, _channel_order(words[0].channel)))
    return Transcript(
        tuple(word for utterance in utterances for word in utterance),
        duration=max(t.duration for t in transcripts),
        language=transcripts[0].language,
    )


def plan_beeps(redactions: Iterable[Redaction], *, gap: float) -> tuple[Beep, ...]:
    """Merge the redactions' intervals channel by channel into the beeps to apply.

    A redaction with ``channel=None`` covers every channel.

    >>> r = Redaction("PERSON", Interval(1, 2), 0.9, "x", 0, 3, channel=1)
    >>> plan_beeps([r, replace(r, interval=Interval(2.2, 3))], gap=0.5)
    (Beep(interval=Interval(start=1, end=3), channel=1),)
    """
    by_channel: dict[int | None, list[Interval]] = {}
    for redaction in redactions:
        if redaction.interval.duration > 0:
            by_channel.setdefault(redaction.channel, []).append(redaction.interval)
    return tuple(
        Beep(interval, channel)
        for channel in sorted(by_channel, key=_channel_order)
        for interval in merge_intervals(by_channel[channel], gap=gap)
    )


def clip(interval: Interval, duration: float) -> Interval:
    """Keep an interval inside ``[0, duration]``.

    >>> clip(Interval(-0.5, 3.0), 2.0)
    Interval(start=0.0, end=2.0)
    """
    start = min(max(interval.start, 0.0), duration)
    end = min(max(interval.end, start), duration)
    return Interval(start, end)


def merge_intervals(intervals: Sequence[Interval], *, gap: float) -> tuple[Interval, ...]:
    """Join intervals that overlap, touch, or lie at most ``gap`` seconds apart.

    A fragment of speech heard between two close beeps is often part of the same number.

    >>> merge_intervals([Interval(0, 1), Interval(1.2, 2), Interval(5, 6)], gap=0.5)
    (Interval(start=0, end=2), Interval(start=5, end=6))
    """
    merged: list[Interval] = []
    for interval in sorted(intervals):
        if merged and interval.start - merged[-1].end <= gap:
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
    transcript: Transcript,
    evidence: Transcript | None = None,
    *,
    tolerance: float,
    min_duration: float,
) -> tuple[Redaction, ...]:
    """Redactions for speech the transcript cannot vouch for.

    Words never transcribed are never searched for PHI, so speech that voice activity
    detection heard but that no word (widened by ``tolerance`` for timestamp drift; a
    stretched word only for its first ``WORD_SECONDS``) accounts for is redacted, when it
    lasts at least ``min_duration``; after a gap of ``LONG_LOSS`` seconds or more, the
    beep goes on past it by as long again (at most ``LOST_REACH``), over words whose times
    cannot be trusted. So are stretches the model flagged as unreliable, with their words.

    ``evidence`` is the transcript of one channel, whose ``speech`` and ``unreliable``
    stretches are checked against that channel's words in ``transcript`` (the interleaved
    conversation, whose character offsets the redactions use). It defaults to ``transcript``.

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([("hi", 0.0, 0.5), ("bye", 4.0, 4.5)], 5.0)
    >>> t = Transcript(t.words, 5.0, speech=(Interval(0, 4.5),))
    >>> [r.interval for r in fail_closed_redactions(t, tolerance=0.5, min_duration=0.5)]
    [Interval(start=0.5, end=4.0)]
    """
    evidence = transcript if evidence is None else evidence
    channel = evidence.channel
    offsets = transcript.word_offsets()
    mine = [i for i, word in enumerate(transcript.words) if word.channel == channel]
    starts = [transcript.words[i].start for i in mine]
    text_end = len(transcript.text)
    redactions = []
    # A stretched word vouches only for its own WORD_SECONDS: Whisper stretches words over
    # speech it lost, or over speech it replaced with a hallucinated phrase.
    covered = merge_intervals(
        [
            clip(Interval(w.start - tolerance, _spoken_end(w) + tolerance), transcript.duration)
            for w in (transcript.words[i] for i in mine)
        ],
        gap=0.0,
    )
    for speech in evidence.speech or ():
        for piece in subtract(speech, covered):
            if piece.duration < min_duration:
                continue
            # After a long loss, the words that follow are not trusted to say where speech was.
            reach = min(piece.duration, LOST_REACH) if piece.duration >= LONG_LOSS else 0.0
            interval = Interval(
                max(speech.start, piece.start - tolerance),
                min(speech.end, piece.end + tolerance) + reach,
            )
            following = bisect_left(starts, interval.end)
            position = offsets[mine[following]][0] if following < len(mine) else text_end
            redactions.append(
                Redaction(
                    "UNTRANSCRIBED_SPEECH",
                    clip(interval, transcript.duration),
                    1.0,
                    "VoiceActivity",
                    position,
                    position,
                    "untranscribed_speech",
                    channel,
                )
            )
    for doubtful in evidence.unreliable:
        inside = [
            i
            for i in mine
            if transcript.words[i].start < doubtful.end and doubtful.start < transcript.words[i].end
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
                channel,
            )
        )
    return tuple(sorted(redactions, key=lambda r: (r.interval, r.char_start)))


def widen_to_quiet(
    beeps: Sequence[Beep],
    loudness: Mapping[int | None, Sequence[float] | np.ndarray],
    *,
    frame_seconds: float,
    reach: float,
    duration: float,
    quiet_db: float = 30.0,
) -> tuple[Beep, ...]:
    """Move beep edges that fall in the middle of a sound outward, to the next pause.

    A beep that stops mid-phoneme leaves the rest of the sound audible. An edge whose frame is
    within ``quiet_db`` of the channel's loudest moves outward to the first frame quieter than
    that, or, if none lies within ``reach`` seconds, to the quietest frame there. Edges only
    ever move outward, so nothing beeped before is heard after; an edge already in a pause
    stays. ``loudness`` holds one level per frame for each channel (``None``: the mix).

    >>> levels = [5, 5, 5, 0, 5, 5, 5, 5, 0, 5]
    >>> widen_to_quiet([Beep(Interval(0.5, 0.6))], {None: levels}, frame_seconds=0.1,
    ...                reach=0.3, duration=1.0)
    (Beep(interval=Interval(start=0.4, end=0.8), channel=None),)
    """
    reach_frames = round(reach / frame_seconds)
    widened = []
    for beep in beeps:
        levels = [float(level) for level in loudness.get(beep.channel, loudness.get(None, ()))]
        floor = max(levels, default=0.0) * 10 ** (-quiet_db / 20)
        first = int(beep.interval.start / frame_seconds)
        last = math.ceil(beep.interval.end / frame_seconds)
        start, end = beep.interval.start, beep.interval.end
        if first < len(levels) and levels[first] >= floor:
            window = range(first - 1, max(-1, first - 1 - reach_frames), -1)
            pause = _first_quiet(levels, window, floor)
            if pause is not None:
                start = min(start, round((pause + 1) * frame_seconds, 6))
        if 0 < last <= len(levels) and levels[last - 1] >= floor:
            window = range(last, min(len(levels), last + reach_frames))
            pause = _first_quiet(levels, window, floor)
            if pause is not None:
                end = max(end, round(pause * frame_seconds, 6))
        widened.append(Beep(clip(Interval(start, end), duration), beep.channel))
    return tuple(
        Beep(interval, channel)
        for channel in sorted({b.channel for b in widened}, key=_channel_order)
        for interval in merge_intervals(
            [b.interval for b in widened if b.channel == channel], gap=0
        )
    )


def _first_quiet(levels: Sequence[float], window: range, floor: float) -> int | None:
    """The first frame of ``window`` below ``floor``, else its quietest frame, else None."""
    frames = list(window)
    if not frames:
        return None
    for frame in frames:
        if levels[frame] < floor:
            return frame
    return min(frames, key=lambda frame: levels[frame])
