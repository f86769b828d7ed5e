"""--verify listens to the redacted audio again; PHI still heard fails the file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixture_paths import ARCTIC_CLIP, SAMPLE_AUDIO

from redactor import Policy, Redactor, VerificationError, read_manifest
from redactor.cli import cli
from redactor.recognizers.question_answer import RECOGNIZER_NAME
from redactor.testing import FakeDetector, FakeTranscriber, transcript_from
from redactor.types import Beep, Interval, PhiSpan, Redaction, Transcript
from redactor.verify import audible_phi, share_under_beeps

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


class RepliesOnTheSecondListen(SecondListenFinds):
    """Like :class:`SecondListenFinds`, but the second listen's extra span comes from the
    question-answer rule: a guess about a reply, not PHI heard."""

    def detect(self, transcript: Transcript) -> list[PhiSpan]:
        return [
            replace(span, recognizer=RECOGNIZER_NAME)
            if self.calls == 2 and span.start > 10
            else span
            for span in super().detect(transcript)
        ]


def test_reply_guesses_do_not_fail_verification(tmp_path: Path) -> None:
    redactor = Redactor(
        policy=Policy(gap_reach=0.0),
        verify=True,
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
            "settings": {"beam_size": 5, "vad": True},
            "findings": [],
        }


def test_a_redacted_file_can_be_verified_against_given_beeps(tmp_path: Path) -> None:
    redactor = Redactor(
        policy=Policy(gap_reach=0.0),
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
