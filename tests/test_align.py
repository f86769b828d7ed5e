"""Alignment is pure: character spans to words to padded, clipped, merged time intervals."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redactor.align import (
    clip,
    evidence_edge,
    merge_intervals,
    place_spans,
    quiet_stretches,
    words_in_span,
)
from redactor.errors import AlignmentError
from redactor.testing import transcript_from
from redactor.types import Interval, PhiSpan, Redaction, Transcript, Word

CALL = transcript_from(
    [
        ("my", 0.0, 0.2),
        ("name", 0.2, 0.5),
        ("is", 0.5, 0.6),
        ("Ann", 0.7, 1.0),
        ("Lee", 1.0, 1.3),
        ("thanks", 3.0, 3.4),
    ],
    duration=4.0,
)


def span(start: int, end: int, entity: str = "PERSON") -> PhiSpan:
    return PhiSpan(entity, start, end, 0.9, "test")


@pytest.mark.parametrize(
    ("chars", "words"),
    [
        ((11, 18), range(3, 5)),  # "Ann Lee" exactly
        ((12, 13), range(3, 4)),  # inside "Ann"
        ((10, 12), range(3, 4)),  # the space before "Ann" and its first letter
        ((14, 16), range(4, 5)),  # part of "Lee"
        ((0, 25), range(0, 6)),  # everything
    ],
)
def test_words_in_span_takes_every_word_touched(chars: tuple[int, int], words: range) -> None:
    assert words_in_span(CALL, span(*chars)) == words


def test_span_on_a_space_only_is_an_error() -> None:
    with pytest.raises(AlignmentError, match="matches no word"):
        words_in_span(CALL, span(10, 11))


def test_place_spans_pads_and_widens_to_whole_words() -> None:
    (redaction,) = place_spans(CALL, [span(12, 16)], padding=0.25)
    assert redaction.interval.start == pytest.approx(0.45)
    assert redaction.interval.end == pytest.approx(1.55)
    assert (redaction.char_start, redaction.char_end) == (11, 18)


def test_place_spans_clips_to_the_recording() -> None:
    (redaction,) = place_spans(CALL, [span(19, 25)], padding=2.0)
    assert redaction.interval == Interval(1.0, 4.0)


def test_word_times_past_the_end_fail_closed() -> None:
    late = Transcript(CALL.words, duration=2.0)
    with pytest.raises(AlignmentError, match="outside the recording"):
        place_spans(late, [span(19, 25)], padding=0.1)


def test_merge_joins_close_intervals_only() -> None:
    merged = merge_intervals(
        [Interval(5, 6), Interval(0, 1), Interval(1.3, 2), Interval(2.9, 3)], gap=0.5
    )
    assert merged == (Interval(0, 2), Interval(2.9, 3), Interval(5, 6))


# Property tests over random transcripts and spans.
@st.composite
def transcripts_and_spans(draw: st.DrawFn) -> tuple[Transcript, list[PhiSpan]]:
    count = draw(st.integers(1, 25))
    texts = draw(
        st.lists(st.text("abc123", min_size=1, max_size=6), min_size=count, max_size=count)
    )
    gaps = draw(st.lists(st.floats(0, 1), min_size=count, max_size=count))
    lengths = draw(st.lists(st.floats(0.01, 1), min_size=count, max_size=count))
    timed, cursor = [], 0.0
    for text, gap, length in zip(texts, gaps, lengths, strict=True):
        timed.append((text, cursor + gap, cursor + gap + length))
        cursor += gap + length
    transcript = transcript_from(timed, duration=cursor + draw(st.floats(0, 1)))
    size = len(transcript.text)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, size - 1))
        end = draw(st.integers(start + 1, size))
        if transcript.text[start:end].strip():
            spans.append(span(start, end))
    return transcript, spans


@given(transcripts_and_spans(), st.floats(0, 1), st.floats(0, 2))
def test_every_phi_character_lies_in_a_merged_interval(
    case: tuple[Transcript, list[PhiSpan]], padding: float, gap: float
) -> None:
    transcript, spans = case
    redactions = place_spans(transcript, spans, padding=padding)
    merged = merge_intervals([r.interval for r in redactions], gap=gap)
    offsets = transcript.word_offsets()
    for phi in spans:
        for index, (start, end) in enumerate(offsets):
            if start < phi.end and phi.start < end:
                word = transcript.words[index]
                assert any(i.start <= word.start and word.end <= i.end for i in merged) or (
                    word.end > transcript.duration
                )


@given(transcripts_and_spans(), st.floats(0, 1), st.floats(0, 2))
def test_merged_intervals_are_disjoint_and_inside_the_file(
    case: tuple[Transcript, list[PhiSpan]], padding: float, gap: float
) -> None:
    transcript, spans = case
    merged = merge_intervals(
        [r.interval for r in place_spans(transcript, spans, padding=padding)], gap=gap
    )
    for interval in merged:
        assert 0 <= interval.start <= interval.end <= transcript.duration
    for earlier, later in zip(merged, merged[1:], strict=False):
        assert later.start - earlier.end >= gap


@given(st.floats(-10, 10), st.floats(0, 10), st.floats(0, 10))
def test_clip_stays_inside(start: float, length: float, duration: float) -> None:
    clipped = clip(Interval(start, start + length), duration)
    assert 0 <= clipped.start <= clipped.end <= duration


# Two transcripts per example are slow to draw: on a loaded machine the health check failed
# after 9 draws in a second, although the test itself is quick.
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(transcripts_and_spans(), transcripts_and_spans())
def test_interleave_keeps_every_word_and_each_channels_order(
    left: tuple[Transcript, list[PhiSpan]], right: tuple[Transcript, list[PhiSpan]]
) -> None:
    from dataclasses import replace

    from redactor.align import interleave

    channels = [replace(left[0], channel=0), replace(right[0], channel=1)]
    merged = interleave(channels)
    for channel, transcript in enumerate(channels):
        kept = [(w.text, w.start, w.end) for w in merged.words if w.channel == channel]
        assert kept == [(w.text, w.start, w.end) for w in transcript.words]
    assert len(merged.words) == sum(len(t.words) for t in channels)


@given(
    st.lists(st.tuples(st.floats(0, 9), st.floats(0, 1)), min_size=1, max_size=6),
    st.lists(st.floats(0, 1), min_size=1, max_size=1000),
    st.floats(0, 1),
)
def test_widening_to_quiet_only_grows_beeps_and_stays_in_the_file(
    spans: list[tuple[float, float]], levels: list[float], reach: float
) -> None:
    from redactor.align import widen_to_quiet
    from redactor.types import Beep

    duration = 10.0
    beeps = [Beep(clip(Interval(s, s + d), duration)) for s, d in spans]
    widened = widen_to_quiet(
        beeps, {None: levels}, frame_seconds=0.01, reach=reach, duration=duration
    )
    for beep in beeps:
        assert any(
            w.interval.start <= beep.interval.start and beep.interval.end <= w.interval.end
            for w in widened
        )
    for w in widened:
        assert 0 <= w.interval.start <= w.interval.end <= duration
    for earlier, later in zip(widened, widened[1:], strict=False):
        assert earlier.interval.end < later.interval.start or earlier.channel != later.channel


def test_padding_stops_at_a_clear_pause_next_to_the_phi() -> None:
    [placed] = place_spans(
        CALL, [span(11, 18)], padding=0.5, gap_reach=1.5, pauses={None: [Interval(1.35, 2.9)]}
    )
    # The end stops at the pause after "Lee"; the start has no pause to stop at.
    assert (placed.interval.start, placed.interval.end) == pytest.approx((0.2, 1.4))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # "she's" timed 1.5 s over "she's ninety": the beep reaches back into it.
        ((("She's", 0.0, 1.5), ("98", 1.5, 1.6), ("years", 1.6, 1.9)), (0.4, 1.6)),
        # An ordinary word before: the beep reaches its end only.
        ((("She's", 1.0, 1.5), ("98", 1.5, 1.6), ("years", 1.6, 1.9)), (1.5, 1.6)),
        # A stretched word after: the beep reaches into it, as far as gap_reach allows.
        ((("is", 0.0, 0.3), ("98", 0.3, 0.5), ("today.", 1.0, 2.5)), (0.3, 2.0)),
    ],
    ids=["stretched-before", "ordinary-before", "stretched-after"],
)
def test_a_stretched_neighbour_counts_as_a_word_and_lost_speech(
    words: tuple[tuple[str, float, float], ...], expected: tuple[float, float]
) -> None:
    transcript = Transcript(tuple(Word(*w) for w in words), duration=3.0)
    start = transcript.text.index("98")
    [placed] = place_spans(
        transcript, [PhiSpan("AGE", start, start + 2, 0.9, "x")], padding=0.0, gap_reach=1.5
    )
    assert (placed.interval.start, placed.interval.end) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("pause", "start"),
    [
        # Right after "birth?": the words before the pause are the question.
        (Interval(0.55, 0.9), 0.85),
        # Long after "birth?": Whisper placed the reply late, and what comes before this
        # pause is the reply's first digits, which no word accounts for. Not pulled in.
        (Interval(1.0, 1.3), 0.5),
    ],
    ids=["pause-next-to-the-neighbour", "pause-far-from-the-neighbour"],
)
def test_only_a_pause_next_to_the_neighbouring_word_stops_the_padding(
    pause: Interval, start: float
) -> None:
    transcript = transcript_from([("birth?", 0.0, 0.5), ("10", 1.6, 1.6), ("22.", 1.7, 2.0)], 3.0)
    [placed] = place_spans(
        transcript, [span(7, 13, "DATE_OF_BIRTH")], padding=0.5, gap_reach=1.5,
        pauses={None: [pause]},
    )  # fmt: skip
    assert placed.interval.start == pytest.approx(start)


def test_pauses_too_short_to_find_leave_the_padding() -> None:
    [without] = place_spans(CALL, [span(11, 18)], padding=0.5)
    [with_short] = place_spans(CALL, [span(11, 18)], padding=0.5, pauses={None: []})
    assert with_short.interval == without.interval


def test_a_pause_inside_the_phi_does_not_cut_it() -> None:
    inside = {None: [Interval(0.95, 1.05)]}  # between "Ann" and "Lee"
    [placed] = place_spans(CALL, [span(11, 18)], padding=0.5, pauses=inside)
    assert (placed.interval.start, placed.interval.end) == pytest.approx((0.2, 1.8))


@given(
    transcripts_and_spans(),
    st.lists(st.tuples(st.floats(0, 30), st.floats(0.15, 3)), max_size=8),
)
def test_pulled_beeps_still_cover_the_words_but_the_slack(
    case: tuple[Transcript, list[PhiSpan]], raw_pauses: list[tuple[float, float]]
) -> None:
    transcript, spans = case
    pauses = {None: sorted(Interval(s, s + d) for s, d in raw_pauses)}

    # Paired by the words they cover: pulling can change the order the beeps sort in.
    def by_words(placed: tuple[Redaction, ...]) -> list[Redaction]:
        return sorted(placed, key=lambda r: (r.char_start, r.char_end, r.interval))

    for placed, plain in zip(
        by_words(place_spans(transcript, spans, padding=0.5, gap_reach=1.0, pauses=pauses)),
        by_words(place_spans(transcript, spans, padding=0.5, gap_reach=1.0)),
        strict=True,
    ):
        words = [transcript.words[i] for i in words_in_span_of(transcript, placed)]
        assert plain.interval.start <= placed.interval.start
        assert placed.interval.end <= plain.interval.end
        assert placed.interval.start <= max(0.0, min(w.start for w in words) + 0.1)
        assert placed.interval.end >= min(transcript.duration, max(w.end for w in words) - 0.1)


def words_in_span_of(transcript: Transcript, placed: object) -> range:
    return words_in_span(
        transcript,
        PhiSpan("X", placed.char_start, placed.char_end, 1.0, "test"),  # type: ignore[attr-defined]
    )


def test_quiet_stretches_need_the_minimum_length() -> None:
    levels = [1.0] * 10 + [0.0] * 10 + [1.0] * 5 + [0.0] * 3 + [1.0] * 2
    assert quiet_stretches(levels, frame_seconds=0.01, min_pause=0.05) == (Interval(0.1, 0.2),)
    assert quiet_stretches([0.2] * 30, frame_seconds=0.01) == ()  # a steady noise floor


# Padding from evidence: Whisper's word edge, the aligner's, and what each edge becomes.
# (whisper, aligned, whisper_placed, side) -> (edge, timing); agreement 0.15, padding 0.1.
EVIDENCE = {
    "start, agree": ((2.0, 2.1, 1.4, -1), (2.0, "aligned")),
    "start, agree at the tolerance": ((2.0, 1.85, 1.4, -1), (1.75, "aligned")),
    "start, aligner later": ((2.0, 2.5, 1.4, -1), (1.9, "both")),
    "start, aligner earlier": ((2.0, 1.2, 1.4, -1), (1.1, "both")),
    "start, no alignment": ((2.0, None, 1.4, -1), (1.4, "whisper")),
    "end, agree": ((3.0, 2.9, 3.6, 1), (3.0, "aligned")),
    "end, aligner later": ((3.0, 3.8, 3.6, 1), (3.9, "both")),
    "end, aligner earlier": ((3.0, 2.5, 3.6, 1), (3.1, "both")),
    "end, no alignment": ((3.0, None, 3.6, 1), (3.6, "whisper")),
}


@pytest.mark.parametrize("case", EVIDENCE, ids=list(EVIDENCE))
def test_padding_from_evidence(case: str) -> None:
    (whisper, aligned, placed, side), (edge, timing) = EVIDENCE[case]
    found = evidence_edge(whisper, aligned, placed, side=side, padding=0.1, agreement=0.15)
    assert found == (pytest.approx(edge), timing)


def aligned_call(*aligned: Interval | None) -> Transcript:
    """'my name is Ann Lee thanks', with acoustic times for each word."""
    return Transcript(
        tuple(replace(word, aligned=a) for word, a in zip(CALL.words, aligned, strict=True)),
        CALL.duration,
    )


HEARD = (
    Interval(0.05, 0.2), Interval(0.2, 0.45), Interval(0.45, 0.55), Interval(0.75, 0.98),
    Interval(0.98, 1.25), Interval(2.9, 3.3),
)  # fmt: skip


@pytest.mark.parametrize(
    ("aligned", "interval", "timing"),
    [
        (HEARD, Interval(0.65, 1.35), ("aligned", "aligned")),
        (
            HEARD[:3] + (None, Interval(0.98, 1.25), HEARD[5]),
            Interval(0.2, 1.35),
            ("whisper", "aligned"),
        ),
        (HEARD[:3] + (None, None, HEARD[5]), Interval(0.2, 1.8), ("whisper", "whisper")),
        (HEARD[:4] + (Interval(0.98, 1.9),) + HEARD[5:], Interval(0.65, 2.0), ("aligned", "both")),
    ],
    ids=["both agree", "first word not aligned", "none aligned", "end disagrees"],
)
def test_place_spans_pads_each_edge_by_its_evidence(
    aligned: tuple[Interval | None, ...], interval: Interval, timing: tuple[str, str]
) -> None:
    (redaction,) = place_spans(
        aligned_call(*aligned), [span(11, 18)], padding=0.5, aligned_padding=0.1, agreement=0.15
    )
    assert redaction.interval.start == pytest.approx(interval.start)
    assert redaction.interval.end == pytest.approx(interval.end)
    assert redaction.placement is not None
    assert (redaction.placement.start, redaction.placement.end) == timing
    assert redaction.placement.words == Interval(0.7, 1.3)


def test_without_aligned_padding_acoustic_times_are_ignored() -> None:
    (redaction,) = place_spans(aligned_call(*HEARD), [span(11, 18)], padding=0.5)
    assert (redaction.interval.start, redaction.interval.end) == pytest.approx((0.2, 1.8))
    assert redaction.placement is not None and redaction.placement.start == "whisper"


def test_an_aligned_edge_carries_on_over_sound_no_word_accounts_for() -> None:
    # Whisper dropped the end of the name: sound runs on to 1.7 s, then silence until
    # "thanks" at 2.9 s. Silences are the quiet stretches around the speech.
    silences = {None: [Interval(0.0, 0.05), Interval(0.58, 0.74), Interval(1.7, 2.88)]}
    (redaction,) = place_spans(
        aligned_call(*HEARD), [span(11, 18)], padding=0.5, gap_reach=1.5,
        aligned_padding=0.1, agreement=0.15, silences=silences,
    )  # fmt: skip
    assert redaction.interval.start == pytest.approx(0.65)
    assert redaction.interval.end == pytest.approx(1.75)
    # Where silence follows the word, the edge stays at the word plus its padding.
    silences = {None: [Interval(0.0, 0.05), Interval(0.58, 0.74), Interval(1.27, 2.88)]}
    (redaction,) = place_spans(
        aligned_call(*HEARD), [span(11, 18)], padding=0.5, gap_reach=1.5,
        aligned_padding=0.1, agreement=0.15, silences=silences,
    )  # fmt: skip
    assert redaction.interval.end == pytest.approx(1.35)


def test_a_neighbour_the_aligner_moved_far_from_whisper_bounds_nothing() -> None:
    # Sound runs on after the name to 2.2 s; "thanks" is said at 2.95 s. The aligner
    # squeezed "thanks" into that sound (1.5-1.9 s), 1.5 s before Whisper heard it, so it
    # accounts for nothing: the beep runs on to the end of the sound.
    moved = HEARD[:5] + (Interval(1.5, 1.9),)
    silences = {None: [Interval(0.0, 0.05), Interval(0.58, 0.74), Interval(2.2, 2.95)]}
    (redaction,) = place_spans(
        aligned_call(*moved), [span(11, 18)], padding=0.5, gap_reach=1.5,
        aligned_padding=0.1, agreement=0.15, silences=silences,
    )  # fmt: skip
    assert redaction.interval.end == pytest.approx(2.25)
