"""Speech that the transcript cannot vouch for is redacted (or flagged) and reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixture_paths import ARCTIC_CLIP
from hypothesis import given
from hypothesis import strategies as st

from redactor import Policy, Redactor
from redactor.align import fail_closed_redactions, subtract
from redactor.evaluate import frame_changes, share_changed
from redactor.testing import FakeDetector, FakeTranscriber, transcript_from
from redactor.types import Interval, Transcript

# The clip's words, as tiny.en times them, with "see it in the" (1.68-2.42 s) dropped, as
# base int8 sometimes drops a clause.
DROPPED = transcript_from(
    [("and", 0.02, 0.66), ("you", 0.66, 0.94), ("always", 0.94, 1.18), ("want", 1.18, 1.44),
     ("to", 1.44, 1.68), ("superlative", 2.42, 3.04), ("degree.", 3.04, 3.42)],
    duration=4.0,
)  # fmt: skip
HEARD = (Interval(0.32, 3.59),)


def with_speech(transcript: Transcript, speech: tuple[Interval, ...]) -> Transcript:
    return Transcript(transcript.words, transcript.duration, speech=speech)


def test_gap_in_transcribed_speech_is_redacted() -> None:
    (redaction,) = fail_closed_redactions(
        with_speech(DROPPED, HEARD), tolerance=0.2, min_duration=0.3
    )
    assert redaction.reason == "untranscribed_speech"
    assert redaction.interval == Interval(1.68, 2.42)


def test_fully_transcribed_speech_needs_nothing() -> None:
    complete = transcript_from(
        [("a", 0.3, 0.9), ("b", 0.9, 1.6), ("c", 1.7, 2.4), ("d", 2.4, 3.0), ("e", 3.0, 3.6)], 4.0
    )
    assert (
        fail_closed_redactions(with_speech(complete, HEARD), tolerance=0.2, min_duration=0.3) == ()
    )


def test_a_stretched_word_vouches_only_for_its_own_length() -> None:
    # Whisper timed "for" over two seconds of speech it replaced with a hallucinated phrase.
    stretched = transcript_from([("thank", 0.3, 0.9), ("for", 0.9, 3.6)], 4.0)
    (redaction,) = fail_closed_redactions(
        with_speech(stretched, HEARD), tolerance=0.2, min_duration=0.3
    )
    assert redaction.reason == "untranscribed_speech"
    assert redaction.interval == Interval(1.3, 3.59)


@pytest.mark.parametrize(
    ("first_word", "beeped"),
    [
        # 5.8 s unaccounted for (the first word's 0.2 s tolerance vouches for the rest): the
        # words after it may be misplaced by as much, so the beep reaches on LOST_REACH (5 s).
        (6.0, Interval(0.0, 11.0)),
        # 4.3 s unaccounted for: it reaches on 4.3 s.
        (4.5, Interval(0.0, 8.8)),
        # 2.8 s: shorter than LONG_LOSS, so the beep ends where the words begin.
        (3.0, Interval(0.0, 3.0)),
    ],
)
def test_a_long_loss_reaches_over_the_words_after_it(first_word: float, beeped: Interval) -> None:
    # Whisper wrote nothing for the start of the call, then the greeting, timed late.
    late = transcript_from(
        [("Thank", first_word, first_word + 0.5), ("you.", first_word + 0.5, first_word + 1.0)],
        20.0,
    )
    heard = (Interval(0.0, first_word + 1.0), Interval(13.0, 14.0))
    found = fail_closed_redactions(with_speech(late, heard), tolerance=0.2, min_duration=0.3)
    assert [(r.reason, r.interval) for r in found][0] == ("untranscribed_speech", beeped)


def test_no_vad_evidence_means_no_guess() -> None:
    assert fail_closed_redactions(DROPPED, tolerance=0.2, min_duration=0.3) == ()


def test_speech_with_no_words_at_all_is_redacted_whole() -> None:
    silent = Transcript((), 4.0, speech=HEARD)
    (redaction,) = fail_closed_redactions(silent, tolerance=0.2, min_duration=0.3)
    assert redaction.interval == HEARD[0]
    assert (redaction.char_start, redaction.char_end) == (0, 0)


def test_unreliable_stretch_takes_its_words_along() -> None:
    looped = Transcript(DROPPED.words, 4.0, unreliable=(Interval(2.4, 3.5),))
    (redaction,) = fail_closed_redactions(looped, tolerance=0.2, min_duration=0.3)
    assert redaction.reason == "unreliable_transcription"
    assert looped.text[redaction.char_start : redaction.char_end] == "superlative degree."


@given(
    st.lists(st.tuples(st.floats(0, 9), st.floats(0, 1)), max_size=8),
    st.lists(st.tuples(st.floats(0, 9), st.floats(0, 1)), max_size=8),
)
def test_subtract_leaves_only_uncovered_time(
    speech: list[tuple[float, float]], words: list[tuple[float, float]]
) -> None:
    from redactor.align import merge_intervals

    holes = merge_intervals([Interval(s, s + d) for s, d in words], gap=0.0)
    for start, length in speech:
        whole = Interval(start, start + length)
        pieces = subtract(whole, holes)
        assert sum(p.duration for p in pieces) <= whole.duration + 1e-9
        for piece in pieces:
            assert whole.start <= piece.start <= piece.end <= whole.end
            assert all(piece.end <= h.start or h.end <= piece.start for h in holes)


@pytest.mark.parametrize(("policy", "beeped"), [("redact", True), ("flag", False)])
def test_dropped_words_are_redacted_and_reported(tmp_path: Path, policy: str, beeped: bool) -> None:
    redactor = Redactor(
        policy=Policy(fail_closed=policy, untranscribed_tolerance=0.2, min_untranscribed=0.3),  # type: ignore[arg-type]
        transcriber=FakeTranscriber(with_speech(DROPPED, HEARD)),
        detector=FakeDetector(lambda word: False),
    )
    result = redactor.redact_file(ARCTIC_CLIP, tmp_path)
    report = json.loads(result.outputs.report.read_text())
    (entry,) = report["redactions"]
    assert (entry["entity_type"], entry["reason"]) == (
        "UNTRANSCRIBED_SPEECH",
        "untranscribed_speech",
    )
    loud, changed = frame_changes(ARCTIC_CLIP, result.outputs.audio)
    dropped_share = share_changed(loud, changed, 1.7, 2.4)
    assert (dropped_share >= 0.9) if beeped else (dropped_share == 0.0)
    assert share_changed(loud, changed, 0.3, 1.0) == 0.0


def test_unknown_fail_closed_policy_is_refused() -> None:
    from redactor.errors import ConfigError

    with pytest.raises(ConfigError, match="fail_closed must be one of"):
        Policy(fail_closed="ignore")  # type: ignore[arg-type]
