"""The real pipeline (tiny.en + Presidio + our recognizers) on the sample calls, checked on the
audio itself: every gold PHI item beeped, other speech mostly left alone, no PHI in outputs."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fixture_paths import ARCTIC_CLIP, SAMPLE_AUDIO

from redactor import RedactionResult, Redactor
from redactor.evaluate import decode_float, frame_changes, share_changed
from redactor.leaks import leaked_items

SAMPLE_FILES = ["scheduling.wav", "pharmacy.wav", "billing.mp3"]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def sample_run(
    real_redactor: Redactor, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, RedactionResult], list[str]]:
    """Redact every sample call once, with every logger recording at DEBUG level."""
    out = tmp_path_factory.mktemp("sample_out")
    collector = _Collect()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(collector)
    root.setLevel(logging.DEBUG)
    try:
        results = {
            name: real_redactor.redact_file(SAMPLE_AUDIO / name, out) for name in SAMPLE_FILES
        }
    finally:
        root.removeHandler(collector)
        root.setLevel(previous)
    return results, collector.lines


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_gold_phi_item_is_beeped(
    name: str, sample_run: tuple[dict[str, RedactionResult], list[str]], gold: dict[str, Any]
) -> None:
    result = sample_run[0][name]
    loud, changed = frame_changes(SAMPLE_AUDIO / name, result.outputs.audio)
    missed = [
        f"item {index} ({item['entity']}): {share:.0%} of loud frames changed"
        for index, item in enumerate(gold[name]["phi"])
        if (share := share_changed(loud, changed, item["start"], item["end"])) < 0.9
    ]
    assert not missed, f"{name}: PHI audible: {missed}"


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_speech_that_is_not_phi_is_mostly_untouched(
    name: str, sample_run: tuple[dict[str, RedactionResult], list[str]], gold: dict[str, Any]
) -> None:
    result = sample_run[0][name]
    loud, changed = frame_changes(SAMPLE_AUDIO / name, result.outputs.audio)
    kept = np.zeros_like(loud)
    for phrase in gold[name]["non_phi"]:
        kept[int(phrase["start"] / 0.01) : int(np.ceil(phrase["end"] / 0.01))] = True
    over_redacted = float(changed[kept & loud].mean())
    # "Mostly": at least two thirds kept. The sample calls put each carrier phrase ("my email
    # is") 0.2 s before its PHI value, inside the 0.5 s padding that word-time drift demands.
    assert over_redacted <= 1 / 3, f"{name}: {over_redacted:.0%} of non-PHI speech beeped"


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_transcript_and_report_hold_no_phi(
    name: str, sample_run: tuple[dict[str, RedactionResult], list[str]], gold: dict[str, Any]
) -> None:
    result = sample_run[0][name]
    phi = [item["text"] for item in gold[name]["phi"]]
    transcript = result.outputs.transcript.read_text()
    report = result.outputs.report.read_text()
    assert leaked_items(phi, transcript) == [], f"{name}: PHI left in the redacted transcript"
    assert leaked_items(phi, report) == [], f"{name}: PHI in the report"
    assert "[" in transcript, "the transcript carries no entity tags at all"
    # The same finder does see the PHI in the unredacted transcript, so it is not blind.
    assert leaked_items(phi, result.transcript.text), "leak finder found nothing to find"


def test_logs_hold_no_phi(
    sample_run: tuple[dict[str, RedactionResult], list[str]], phi_strings: list[str]
) -> None:
    assert leaked_items(phi_strings, "\n".join(sample_run[1])) == []


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_report_describes_each_redaction(
    name: str, sample_run: tuple[dict[str, RedactionResult], list[str]]
) -> None:
    result = sample_run[0][name]
    report = json.loads(result.outputs.report.read_text())
    assert report["input"]["name"] == name
    assert report["input"]["sha256"] == result.input_sha256
    assert report["redaction_count"] == len(result.redactions) > 0
    assert report["models"]["whisper"].startswith("tiny.en")
    for entry in report["redactions"]:
        assert set(entry) == {
            "entity_type",
            "start",
            "end",
            "score",
            "recognizer",
            "reason",
            "channel",
            "speaker",
            "alternatives",
            "timing",
            "evidence",
        }
        assert all(set(a) == {"entity_type", "recognizer"} for a in entry["alternatives"])
        assert 0 <= entry["start"] <= entry["end"] <= report["duration"] + 0.001
        if entry["reason"] != "phi":
            assert entry["timing"] is None and entry["evidence"] is None
            continue
        assert set(entry["timing"].values()) <= {"whisper", "aligned", "both"}
        whisper_start, whisper_end = entry["evidence"]["whisper"]
        assert whisper_start <= whisper_end
        # Where the aligner heard an edge, the beep covers it (padding only widens).
        for edge in entry["evidence"]["aligned"]:
            assert edge is None or entry["start"] <= edge <= entry["end"]


def test_the_aligner_times_the_phi_of_the_sample_calls(
    sample_run: tuple[dict[str, RedactionResult], list[str]],
) -> None:
    placements = [
        r.placement
        for result in sample_run[0].values()
        for r in result.redactions
        if r.placement is not None
    ]
    timings = [timing for p in placements for timing in (p.start, p.end)]
    # The sample calls are clean synthetic speech: every PHI edge has an acoustic time, and
    # the aligner and Whisper agree on many of them.
    assert timings and "whisper" not in timings, timings
    assert timings.count("aligned") >= len(timings) / 3, timings
    for result in sample_run[0].values():
        assert result.models["aligner"].startswith("pocketsphinx")


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_transcript_invariants(
    name: str, sample_run: tuple[dict[str, RedactionResult], list[str]]
) -> None:
    transcript = sample_run[0][name].transcript
    assert transcript.words, "no words transcribed"
    starts = [word.start for word in transcript.words]
    assert starts == sorted(starts)
    for word in transcript.words:
        assert 0 <= word.start <= word.end <= transcript.duration + 0.05
        assert word.text and word.text == word.text.strip()


def test_recording_without_phi_comes_out_unchanged(real_redactor: Redactor, tmp_path: Path) -> None:
    result = real_redactor.redact_file(ARCTIC_CLIP, tmp_path)
    assert result.redactions == ()
    before, rate = decode_float(ARCTIC_CLIP)
    after, rate_after = decode_float(result.outputs.audio)
    assert rate == rate_after
    assert np.array_equal(before, after)
    assert result.outputs.transcript.read_text().strip() == result.transcript.text
