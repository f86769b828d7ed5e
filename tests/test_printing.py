"""Printing an object never shows PHI, and its numbers are plain Python numbers.

QA tooling logs objects and pytest prints them when an assertion fails, so the repr and str of
every public type hold counts, times and types, never transcript text; the text stays
reachable by attribute (issue 17, defects 1 and 6).
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import redactor
from redactor import (
    AudioFormat,
    BatchSummary,
    Beep,
    FileOutcome,
    Interval,
    OutputPaths,
    PhiSpan,
    Policy,
    Redaction,
    RedactionResult,
    RedactorSettings,
    Transcript,
    Verification,
    Word,
)
from redactor.forced_alignment import TimedToken
from redactor.inputs import InputFile, InputScan
from redactor.leaks import leaked_items
from redactor.report import build_report
from redactor.review import Recording
from redactor.types import Alternative, Placement


def _phi_objects(phi_strings: list[str]) -> list[object]:
    """One instance of every public type, its text fields filled with the gold PHI."""
    tokens = " ".join(phi_strings).split()
    words = tuple(
        Word(t, 0.25 * i, 0.25 * i + 0.2, 0.9, aligned=Interval(0.25 * i, 0.25 * i + 0.1))
        for i, t in enumerate(tokens)
    )
    transcript = Transcript(words, duration=30.0, speech=(Interval(0.0, 30.0),))
    redaction = Redaction(
        "PERSON", Interval(0.0, 0.45), 0.85, "SpacyRecognizer", 0, 12,
        alternatives=(Alternative("DATE_TIME", "SpacyRecognizer"),),
        placement=Placement(Interval(0.1, 0.4), 0.12, 0.38, "aligned", "both"),
    )  # fmt: skip
    beep = Beep(Interval(0.0, 1.0))
    verification = Verification((redaction,), {"beam_size": 5})
    audio_format = AudioFormat("wav", "pcm_s16le", 8000, 1, 16, duration=30.0)
    outputs = OutputPaths(
        Path("out/call.wav"),
        Path("out/call.wav.transcript.txt"),
        Path("out/call.wav.report.json"),
    )
    result = RedactionResult(
        Path("calls/call.wav"), "0" * 64, outputs, (redaction,), 30.0, audio_format,
        transcript, (beep,), verification, {"whisper": "fake (0)"}, "abc",
    )  # fmt: skip
    report = build_report(
        input_name="call.wav", input_sha256="0" * 64, audio_format=audio_format,
        models={"whisper": "fake (0)"}, settings={"anonymize_voice": True}, fingerprint="abc",
        redactions=(redaction,), beeps=(beep,), word_count=len(words), speakers={0: "agent"},
        verification=verification,
    )  # fmt: skip
    item = InputFile(Path("calls/call.wav"), Path("call.wav"))
    outcome = FileOutcome(item, "redacted", result=result, note="redone: its audio changed")
    return [
        *words,
        *(TimedToken(token, 0.0, 0.2) for token in tokens),
        transcript,
        Interval(0.0, 0.45),
        PhiSpan("PERSON", 0, 12, 0.85, "SpacyRecognizer"),
        redaction,
        beep,
        verification,
        audio_format,
        outputs,
        result,
        outcome,
        FileOutcome(item, "failed", error="call.wav: cannot decode"),
        BatchSummary((outcome,), Path("out/manifest.jsonl")),
        Policy(),
        RedactorSettings(),
        item,
        InputScan([item]),
        Recording("call.wav", "redacted", transcript=transcript.text, report=report),
        report,
        report.input,
        report.format,
        *report.redactions,
        *report.beeps,
        report.verification,
        *(report.verification.findings if report.verification is not None else ()),
    ]


def _phi_words(phi_strings: list[str]) -> set[str]:
    return {w for text in phi_strings for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4}


@pytest.mark.parametrize("render", [repr, str])
def test_no_public_type_prints_phi(phi_strings: list[str], render: Any) -> None:
    objects = _phi_objects(phi_strings)
    public = {
        value
        for value in map(lambda name: getattr(redactor, name), redactor.__all__)
        if inspect.isclass(value) and dataclasses.is_dataclass(value)
    }
    assert public <= {type(o) for o in objects}, "a public type has no case here"
    words = _phi_words(phi_strings)
    for value in objects:
        printed = render(value).lower()
        name = type(value).__name__
        # Counted before the assertions: pytest would print the call's arguments, PHI and all.
        leaks = len(leaked_items(phi_strings, printed))
        words_found = sum(word in printed for word in words)
        assert leaks == 0, f"{name} prints PHI"
        assert words_found == 0, f"{name} prints a PHI word"


def test_the_text_stays_reachable(phi_strings: list[str]) -> None:
    objects = _phi_objects(phi_strings)
    result = next(o for o in objects if isinstance(o, RedactionResult))
    assert result.transcript.text == " ".join(" ".join(phi_strings).split())
    assert result.transcript.words[0].text == phi_strings[0].split()[0]


def test_reprs_say_what_they_hold() -> None:
    word = Word("Smith", 1.0, 1.4, 0.93, channel=1)
    assert repr(word) == "Word(5 chars, 1.00-1.40 s, p=0.93, channel 1)"
    transcript = Transcript((word,), 2.0, channel=1, unreliable=(Interval(0, 1),))
    assert repr(transcript) == "Transcript(1 words, 5 chars, 2.0 s, channel 1, 1 unreliable)"


def test_a_failed_comparison_in_pytest_prints_no_phi(tmp_path: Path) -> None:
    """pytest drills into unequal dataclasses field by field, text included; the hook in
    ``redactor.testing`` (which our conftest uses, as a user's can) stops that."""
    (tmp_path / "conftest.py").write_text(
        "from redactor.testing import pytest_assertrepr_compare  # noqa: F401\n"
    )
    (tmp_path / "calls.py").write_text(
        "from redactor import Transcript, Word\n"
        "def words():\n"
        "    return Word('Gonzalez', 1.0, 1.5), Word('Gonzales', 1.0, 1.5)\n"
        "def transcripts():\n"
        "    return (Transcript((Word('Maria', 0, 1),), 2.0),\n"
        "            Transcript((Word('Mario', 0, 1),), 2.0))\n"
    )
    (tmp_path / "test_fails.py").write_text(
        "from calls import transcripts, words\n"
        "def test_words():\n"
        "    heard, expected = words()\n"
        "    assert heard == expected\n"
        "def test_transcripts():\n"
        "    heard, expected = transcripts()\n"
        "    assert heard == expected\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-vv", str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 1 and "2 failed" in run.stdout, run.stdout[-2000:]
    for token in ("Gonzalez", "Gonzales", "Maria", "Mario"):
        assert run.stdout.count(token) == 0, f"pytest printed a name ({len(token)} letters)"


def _numpy_scalars(value: object, path: str = "result") -> list[str]:
    """Where in ``value`` (dataclasses, tuples, lists, dicts) a NumPy scalar hides."""
    if isinstance(value, np.generic):
        return [path]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            found
            for f in dataclasses.fields(value)
            for found in _numpy_scalars(getattr(value, f.name), f"{path}.{f.name}")
        ]
    if isinstance(value, tuple | list):
        return [found for i, v in enumerate(value) for found in _numpy_scalars(v, f"{path}[{i}]")]
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _numpy_scalars(v, f"{path}[{k}]")]
    return []


def test_numpy_numbers_become_plain_python_numbers() -> None:
    interval = Interval(np.float64(5.58), np.float64(7.32))
    assert repr(interval) == "Interval(start=5.58, end=7.32)"
    word = Word("x", np.float32(1.5), np.float64(2.0), np.float32(0.5))
    assert [type(v) for v in (word.start, word.end, word.probability)] == [float] * 3
    assert type(Transcript((), np.float64(3.0)).duration) is float
    assert type(Redaction("PERSON", interval, np.float64(0.85), "x", 0, 1).score) is float
    assert type(PhiSpan("PERSON", 0, 1, np.float32(0.5), "x").score) is float
    assert (
        Interval(0, 2) == Interval(0.0, 2.0) and repr(Interval(0, 2)) == "Interval(start=0, end=2)"
    )


@pytest.mark.slow
def test_a_real_redaction_holds_no_numpy_numbers(real_redactor: Any, tmp_path: Path) -> None:
    from fixture_paths import SAMPLE_AUDIO

    result = real_redactor.redact_file(SAMPLE_AUDIO / "scheduling.wav", tmp_path)
    assert result.redactions and result.transcript.words
    leaks = _numpy_scalars(result)
    assert leaks == [], f"{len(leaks)} NumPy scalars, first at {leaks[0]}"
