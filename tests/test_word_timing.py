"""Acoustic word times in the pipeline: tight beeps where the evidence agrees, Whisper's wide
padding where alignment failed, and what the report says placed each edge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fixture_paths import ARCTIC_CLIP

from redactor import ConfigError, Policy, Redactor
from redactor.cli import cli
from redactor.forced_alignment import ForcedAligner
from redactor.testing import FakeAlignmentDecoder, FakeDetector, FakeTranscriber, transcript_from
from redactor.types import Placement, Redaction

# The clip's words as Whisper might time them, and where an aligner hears them (the clip
# says "And you always want to see it in the superlative degree."; "superlative" stands in
# for PHI).
WORDS = transcript_from(
    [("And", 0.30, 0.60), ("you", 0.60, 0.80), ("always", 0.80, 1.20), ("want", 1.20, 1.40),
     ("to", 1.40, 1.50), ("see", 1.50, 1.75), ("it", 1.75, 1.95), ("in", 1.95, 2.10),
     ("the", 2.10, 2.30), ("superlative", 2.30, 3.00), ("degree.", 3.00, 3.50)],
    duration=4.0,
)  # fmt: skip
SAID = [
    ("and", 0.37, 0.57), ("you", 0.57, 0.74), ("always", 0.74, 1.14), ("want", 1.14, 1.35),
    ("to", 1.35, 1.44), ("see", 1.44, 1.72), ("it", 1.72, 1.94), ("in", 1.94, 2.07),
    ("the", 2.07, 2.15), ("superlative", 2.15, 2.94), ("degree", 2.94, 3.50),
]  # fmt: skip


def redactor(policy: Policy, decoder: FakeAlignmentDecoder | None = None) -> Redactor:
    return Redactor(
        "fake",
        policy=policy,
        transcriber=FakeTranscriber(WORDS),
        detector=FakeDetector(lambda word: word == "superlative"),
        aligner=None if decoder is None else ForcedAligner(decoder, name="fake aligner"),
    )


def phi_redaction(redactions: tuple[Redaction, ...]) -> tuple[Redaction, Placement]:
    (found,) = [r for r in redactions if r.reason == "phi"]
    assert found.placement is not None
    return found, found.placement


POLICY = Policy(gap_reach=0.0, pull_to_pauses=False, alignment_tolerance=0.2, aligned_padding=0.1)


def test_agreeing_edges_get_the_small_padding(tmp_path: Path) -> None:
    decoder = FakeAlignmentDecoder(SAID)
    result = redactor(POLICY, decoder).redact_file(ARCTIC_CLIP, tmp_path)
    found, placement = phi_redaction(result.redactions)
    assert placement.start == placement.end == "aligned"
    assert found.interval.start == pytest.approx(2.15 - 0.1)
    assert found.interval.end == pytest.approx(2.94 + 0.1)
    assert result.models["aligner"] == "fake aligner"
    assert len(decoder.windows) == 1  # one sentence group, the one holding the PHI


def test_a_failed_alignment_falls_back_to_whisper_times_and_wide_padding(tmp_path: Path) -> None:
    failed = redactor(POLICY, FakeAlignmentDecoder(SAID, fail=True)).redact_file(
        ARCTIC_CLIP, tmp_path / "failed"
    )
    without = redactor(Policy(gap_reach=0.0, pull_to_pauses=False, word_alignment=False))
    plain = without.redact_file(ARCTIC_CLIP, tmp_path / "plain")
    found, placement = phi_redaction(failed.redactions)
    assert (placement.start, placement.end) == ("whisper", "whisper")
    assert found.interval == phi_redaction(plain.redactions)[0].interval
    assert found.interval.start == pytest.approx(2.30 - 0.5)
    assert "aligner" not in plain.models


def test_disagreeing_edges_cover_both(tmp_path: Path) -> None:
    # The aligner hears "superlative" end 0.4 s before Whisper does.
    early = [s if s[0] != "superlative" else ("superlative", 2.15, 2.60) for s in SAID]
    early = [s if s[0] != "degree" else ("degree", 2.60, 3.50) for s in early]
    result = redactor(POLICY, FakeAlignmentDecoder(early)).redact_file(ARCTIC_CLIP, tmp_path)
    found, placement = phi_redaction(result.redactions)
    assert (placement.start, placement.end) == ("aligned", "both")
    # Whisper's end (3.00 s) is the farther: it gets the aligned padding.
    assert found.interval.end == pytest.approx(3.00 + 0.1)


def test_the_report_says_what_placed_each_edge(tmp_path: Path) -> None:
    result = redactor(POLICY, FakeAlignmentDecoder(SAID)).redact_file(ARCTIC_CLIP, tmp_path)
    report = json.loads(result.outputs.report.read_text())
    (entry,) = [r for r in report["redactions"] if r["reason"] == "phi"]
    assert entry["timing"] == {"start": "aligned", "end": "aligned"}
    assert entry["evidence"] == {"whisper": [2.3, 3.0], "aligned": [2.15, 2.94]}
    assert report["settings"]["word_alignment"] is True
    assert report["models"]["aligner"] == "fake aligner"


def test_alignment_changes_the_settings_fingerprint() -> None:
    on, off = redactor(POLICY), redactor(Policy(word_alignment=False))
    assert on.settings.fingerprint() != off.settings.fingerprint()
    tighter = redactor(Policy(aligned_padding=0.05))
    assert tighter.settings.fingerprint() != on.settings.fingerprint()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"alignment_tolerance": -0.1}, "alignment_tolerance must be between 0 and 2 seconds"),
        ({"aligned_padding": 6.0}, "aligned_padding must be between 0 and 5 seconds"),
        ({"word_alignment": "yes"}, "word_alignment must be true or false"),
    ],
    ids=["negative tolerance", "huge padding", "not a flag"],
)
def test_bad_alignment_settings_are_config_errors(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Policy(**settings)


def test_missing_espeak_is_one_error_at_startup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("redactor.pronounce.shutil.which", lambda name: None)
    with pytest.raises(ConfigError, match="apt-get install espeak-ng"):
        Redactor("fake", transcriber=FakeTranscriber(WORDS), detector=FakeDetector(bool))
    # With word alignment off, espeak-ng is not needed.
    Redactor(
        "fake",
        policy=Policy(word_alignment=False),
        transcriber=FakeTranscriber(WORDS),
        detector=FakeDetector(bool),
    )


def test_missing_espeak_on_the_command_line_is_one_line_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("redactor.pronounce.shutil.which", lambda name: None)
    result = CliRunner().invoke(cli, ["redact", str(ARCTIC_CLIP), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "espeak-ng" in result.output and "--no-word-alignment" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(
        cli, ["redact", str(ARCTIC_CLIP), "--out", str(tmp_path / "o"), "--no-word-alignment"]
    )
    assert result.exit_code == 0, result.output
