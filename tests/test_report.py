"""The typed report: its JSON is byte for byte the one written before it was typed, it reads
back to the same value, and anything that is not a report of this version is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from redactor.errors import RedactorError, ReportError
from redactor.report import REPORT_VERSION, Report, build_report
from redactor.types import (
    Alternative,
    AudioFormat,
    Beep,
    Interval,
    Placement,
    Redaction,
    Verification,
)

# Written by the dict-literal build_report and dump_report this type replaced (commit
# 381523a) from rich_kwargs(): a report of version 1 as the pipeline wrote it.
GOLDEN = Path(__file__).parent / "fixtures" / "rich.report.json"


def rich_kwargs() -> dict[str, Any]:
    """Everything a report can hold: stereo speakers, alternatives, placements with and
    without aligned times, a fail-closed redaction, verification findings, voice, retention."""
    person = Redaction(
        "PERSON", Interval(1.00049, 2.5), 0.8512, "SpacyRecognizer", 11, 16, channel=1,
        alternatives=(Alternative("DATE_TIME", "SpacyRecognizer"),),
        placement=Placement(Interval(1.1, 2.4), 1.1234, None, "aligned", "both"),
    )  # fmt: skip
    phone = Redaction(
        "PHONE_NUMBER", Interval(5.0, 7.25), 0.75, "PhoneRecognizer", 30, 42, channel=0,
        placement=Placement(Interval(5.2, 7.0), 5.21, 6.9996, "whisper", "aligned"),
    )  # fmt: skip
    closed = Redaction(
        "UNTRANSCRIBED_SPEECH", Interval(9, 10.5), 1.0, "vad", 0, 0, reason="untranscribed_speech"
    )
    return {
        "input_name": "call.wav",
        "input_sha256": "ab" * 32,
        "audio_format": AudioFormat("wav", "pcm_mulaw", 8000, 2, 16, duration=20.12345),
        "models": {"whisper": "small.en (1)", "spacy": "en_core_web_sm (3.8.0)"},
        "settings": {
            "padding": 0.25,
            "entities": ["PERSON", "PHONE_NUMBER"],
            "anonymize_voice": True,
            "voice_alpha": 0.8,
            "voice_channels": "caller",
            "voice_seed": "set",
            "beam_size": 5,
        },
        "fingerprint": "f00d",
        "redactions": (person, phone, closed),
        "beeps": (
            Beep(Interval(0.75, 2.75), 1),
            Beep(Interval(4.75, 7.5), 0),
            Beep(Interval(9, 10.5)),
        ),
        "word_count": 57,
        "speakers": {1: "caller", 0: "agent"},
        "verification": Verification((phone,), {"beam_size": 5, "temperature": 0.0}),
        "retention_until": date(2027, 1, 2),
        "encrypted": True,
        "warning": "truncated: the last 0.2 s did not decode",
    }


@pytest.fixture()
def rich() -> Report:
    return build_report(**rich_kwargs())


def test_json_is_byte_identical_to_the_untyped_report(rich: Report) -> None:
    assert rich.to_json() == GOLDEN.read_text(encoding="utf-8")


def test_round_trip(rich: Report) -> None:
    assert Report.from_json(rich.to_json()) == rich
    text = GOLDEN.read_text(encoding="utf-8")
    assert Report.from_json(text).to_json() == text


def test_plain_report_round_trips() -> None:
    report = build_report(**{**rich_kwargs(), "settings": {}, "verification": None,
                             "retention_until": None, "speakers": None, "warning": None,
                             "encrypted": False})  # fmt: skip
    assert report.voice is None and report.verification is None and report.speakers == {}
    assert Report.from_json(report.to_json()) == report


def test_fields_are_typed(rich: Report) -> None:
    assert rich.report_version == REPORT_VERSION == 1
    assert rich.retention_until == date(2027, 1, 2)
    assert rich.speakers == {0: "agent", 1: "caller"}
    assert [r.speaker for r in rich.redactions] == ["caller", "agent", None]
    assert rich.redactions[0].start == 1.0 and rich.redactions[0].score == 0.851
    assert rich.redactions[0].alternatives == (Alternative("DATE_TIME", "SpacyRecognizer"),)
    assert rich.redactions[1].evidence is not None
    assert rich.redactions[1].evidence.aligned == (5.21, 7.0)
    assert rich.redactions[2].timing is None and rich.redactions[2].evidence is None
    assert rich.verification is not None and not rich.verification.passed
    assert rich.voice is not None and rich.voice.seeded


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """An edit of one field (``a.b.0.c``) of a report's JSON body."""

    def edit(body: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = body
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[int(last) if isinstance(node, list) else last] = value

    return edit


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def edit(body: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = body
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        del node[last]

    return edit


MALFORMED = {
    "not an object": _set("input", "call.wav"),
    "missing top field": _drop("duration"),
    "missing nested field": _drop("redactions.0.reason"),
    "missing timing edge": _drop("redactions.0.timing.end"),
    "unknown field": _set("redactions.1.text", "x"),
    "string for number": _set("duration", "20.1"),
    "bool for int": _set("word_count", True),
    "float for int": _set("format.channels", 2.0),
    "null for text": _set("redactions.0.entity_type", None),
    "unknown reason": _set("redactions.2.reason", "guessed"),
    "unknown timing": _set("redactions.0.timing.start", "sphinx"),
    "short pair": _set("redactions.0.evidence.whisper", [1.1]),
    "text in pair": _set("redactions.1.evidence.aligned", [5.21, "7"]),
    "list for object": _set("verification", []),
    "object for list": _set("beeps", {}),
    "bad finding": _set("verification.findings.0.score", "high"),
    "bad speaker key": _set("speakers", {"agent": "agent"}),
    "bad model": _set("models", {"whisper": 1}),
    "bad date": _set("retention_until", "2027-13-01"),
    "bad voice": _set("voice.seeded", "yes"),
    "no version": _drop("report_version"),
    "text version": _set("report_version", "1"),
}


@pytest.mark.parametrize("edit", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_report_raises(rich: Report, edit: Callable[[dict[str, Any]], None]) -> None:
    body = json.loads(rich.to_json())
    edit(body)
    with pytest.raises(ReportError) as raised:
        Report.from_json(json.dumps(body))
    assert isinstance(raised.value, RedactorError)
    assert "caller" not in str(raised.value) and "call.wav" not in str(raised.value)


@pytest.mark.parametrize("text", ["", "{not json", "[]", "null", '"report"', "\xff"], ids=repr)
def test_what_is_not_a_json_object_raises(text: str) -> None:
    with pytest.raises(ReportError):
        Report.from_json(text)


def test_a_newer_or_unknown_version_is_refused(rich: Report) -> None:
    body = json.loads(rich.to_json())
    for version, says in [(2, "newer"), (0, "not one")]:
        body["report_version"] = version
        with pytest.raises(ReportError, match=says):
            Report.from_json(json.dumps(body))


def test_error_messages_name_the_field_never_the_value(rich: Report) -> None:
    body = json.loads(rich.to_json())
    body["redactions"][1]["recognizer"] = ["Smith"]
    with pytest.raises(ReportError) as raised:
        Report.from_json(json.dumps(body))
    assert str(raised.value) == "report field redactions[1].recognizer is not a str"
    assert "Smith" not in str(raised.value)


def test_repr_is_short(rich: Report) -> None:
    assert repr(rich) == "Report(call.wav: 3 redactions, 6.25 of 20.123 s beeped)"
    assert repr(rich.verification) == "VerificationEntry(passed=False, 1 findings)"
    assert repr(rich.input) == "InputEntry(call.wav, sha256 abababababab)"


def test_an_unknown_field_is_not_named(rich: Report) -> None:
    body = json.loads(rich.to_json())
    body["redactions"][0]["Smith"] = 1
    with pytest.raises(ReportError) as raised:
        Report.from_json(json.dumps(body))
    assert str(raised.value) == "report redactions[0] has a field this version lacks"
