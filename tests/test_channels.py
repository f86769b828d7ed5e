"""Dual-channel calls: each channel transcribed alone, PHI beeped on the channel it was said."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from fixture_paths import ARCTIC_CLIP, SAMPLE_AUDIO

from redactor import Policy, Redactor
from redactor.evaluate import frame_changes, share_changed
from redactor.testing import FakeDetector, FakeTranscriber, transcript_from

AGENT_WORDS = transcript_from([("and", 0.2, 0.6), ("superlative", 2.4, 3.0)], 4.0)
CALLER_WORDS = transcript_from([("always", 1.0, 1.3)], 4.0)


def stereo(left: Path, right: Path, out: Path, left_delay_ms: int = 0) -> Path:
    """A dual-channel 8 kHz WAV: ``left`` (delayed, padded) on channel 0, ``right`` on
    channel 1; as long as ``right``."""
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(left), "-i", str(right),
         "-filter_complex",
         f"[0:a]aresample=8000,aformat=channel_layouts=mono,adelay={left_delay_ms},apad[l];"
         "[1:a]aresample=8000,aformat=channel_layouts=mono[r];"
         "[l][r]amerge=inputs=2[out]",
         "-map", "[out]", "-ar", "8000", "-c:a", "pcm_s16le", str(out)],
        check=True,
    )  # fmt: skip
    return out


@pytest.mark.parametrize(("beep_all", "left_share"), [(False, 0.0), (True, 1.0)])
def test_phi_is_beeped_on_its_own_channel(
    tmp_path: Path, beep_all: bool, left_share: float
) -> None:
    call = stereo(ARCTIC_CLIP, ARCTIC_CLIP, tmp_path / "call.wav")
    redactor = Redactor(
        # The fake words' times are not the clip's: the aligner would move the beep off them.
        policy=Policy(beep_all_channels=beep_all, padding=0.3, gap_reach=0.0, word_alignment=False),
        transcriber=FakeTranscriber(AGENT_WORDS, CALLER_WORDS),
        detector=FakeDetector(lambda word: word == "always"),
    )
    result = redactor.redact_file(call, tmp_path / "out")
    left_loud, left_changed = frame_changes(call, result.outputs.audio, channel=0)
    right_loud, right_changed = frame_changes(call, result.outputs.audio, channel=1)
    assert share_changed(right_loud, right_changed, 0.8, 1.5) >= 0.9
    assert share_changed(left_loud, left_changed, 0.8, 1.5) == pytest.approx(left_share, abs=0.1)
    assert share_changed(left_loud, left_changed, 2.0, 3.5) == 0.0
    assert share_changed(right_loud, right_changed, 2.0, 3.5) == 0.0
    report = json.loads(result.outputs.report.read_text())
    assert report["speakers"] == {"0": "agent", "1": "caller"}
    (entry,) = report["redactions"]
    assert (entry["channel"], entry["speaker"]) == (1, "caller")


def test_real_call_on_one_channel_leaves_the_other_speaker_alone(
    real_redactor: Redactor, tmp_path: Path, gold: dict
) -> None:
    """The scheduling call on the right; the ARCTIC sentence on the left, said while the caller
    gives her name. Only the right channel is beeped there."""
    call = stereo(ARCTIC_CLIP, SAMPLE_AUDIO / "scheduling.wav", tmp_path / "dual.wav", 4500)
    result = real_redactor.redact_file(call, tmp_path / "out")
    left_loud, left_changed = frame_changes(call, result.outputs.audio, channel=0)
    right_loud, right_changed = frame_changes(call, result.outputs.audio, channel=1)
    for item in gold["scheduling.wav"]["phi"]:
        assert share_changed(right_loud, right_changed, item["start"], item["end"]) >= 0.9
    assert share_changed(left_loud, left_changed, 4.5, 8.0) <= 0.1
    assert {r.channel for r in result.redactions} == {1}


def test_unreliable_words_on_one_channel_are_tagged_in_the_conversation(tmp_path: Path) -> None:
    from dataclasses import replace

    from redactor.types import Interval

    call = stereo(ARCTIC_CLIP, ARCTIC_CLIP, tmp_path / "call.wav")
    doubtful = replace(CALLER_WORDS, unreliable=(Interval(0.9, 1.4),))
    redactor = Redactor(
        transcriber=FakeTranscriber(AGENT_WORDS, doubtful),
        detector=FakeDetector(lambda word: False),
    )
    result = redactor.redact_file(call, tmp_path / "out")
    text = result.outputs.transcript.read_text().split()
    assert text == ["and", "[UNRELIABLE_TRANSCRIPTION]", "superlative"]
    (redaction,) = result.redactions
    assert (redaction.channel, redaction.reason) == (1, "unreliable_transcription")
