"""The per-recording report as a typed value: :class:`Report`, its JSON and its version.

:mod:`redactor.report` builds a report from a redaction; the pipeline writes
:meth:`Report.to_json`, and everything that reads a report back (review, retention) goes
through :meth:`Report.from_json`, which checks every field and the version and raises
:class:`~redactor.errors.ReportError` for anything else. The module sits low (it needs only
``types`` and ``errors``) so that :mod:`redactor.storage` can read a retention date with it.

Field names are the JSON keys, in the order they are written. Numbers are kept as written
(an ``int`` stays an ``int``), so a report read back writes the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar, cast, get_args

from redactor.errors import ReportError
from redactor.types import Alternative, RedactionReason, Timing

# Bump when the JSON's shape changes; a reader refuses a version it does not know.
REPORT_VERSION = 1

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class InputEntry:
    """Which file was redacted: its name and the SHA-256 of its bytes."""

    name: str
    sha256: str

    def __repr__(self) -> str:
        return f"InputEntry({self.name}, sha256 {self.sha256[:12]})"


@dataclass(frozen=True, slots=True)
class FormatEntry:
    """The input's audio format, as the output was written."""

    container: str
    codec: str
    sample_rate: int
    channels: int


@dataclass(frozen=True, slots=True)
class TimingEntry:
    """Which evidence placed each edge of a PHI redaction's beep."""

    start: Timing
    end: Timing


@dataclass(frozen=True, slots=True)
class EvidenceEntry:
    """The words' times before padding: Whisper's, and the aligner's (``None`` where none)."""

    whisper: tuple[float, float]
    aligned: tuple[float | None, float | None]


@dataclass(frozen=True, slots=True)
class RedactionEntry:
    """One redaction: type, times (rounded to ms), score, why, and who found it; no text.

    >>> RedactionEntry("PERSON", 1.0, 1.5, 0.85, "SpacyRecognizer", "phi").channel is None
    True
    """

    entity_type: str
    start: float
    end: float
    score: float
    recognizer: str
    reason: RedactionReason
    channel: int | None = None
    speaker: str | None = None
    alternatives: tuple[Alternative, ...] = ()
    timing: TimingEntry | None = None
    evidence: EvidenceEntry | None = None


@dataclass(frozen=True, slots=True)
class BeepEntry:
    """One beeped stretch of one channel (``None``: every channel)."""

    start: float
    end: float
    channel: int | None = None


@dataclass(frozen=True, slots=True)
class FindingEntry:
    """PHI that verification still heard outside the beeps: type, times, score; no text."""

    entity_type: str
    start: float
    end: float
    score: float
    recognizer: str
    channel: int | None = None


@dataclass(frozen=True, slots=True)
class VerificationEntry:
    """What re-transcribing the redacted audio found, and the decoding settings it used."""

    passed: bool
    settings: dict[str, object]
    findings: tuple[FindingEntry, ...] = ()

    def __repr__(self) -> str:
        return f"VerificationEntry(passed={self.passed}, {len(self.findings)} findings)"


@dataclass(frozen=True, slots=True)
class VoiceEntry:
    """How the voices were changed (never the coefficient drawn for the call)."""

    method: str
    alpha: float | None
    varied_per_call: bool
    channels: str | None
    seeded: bool


@dataclass(frozen=True, slots=True)
class Report:
    """The report of one recording: PHI-free values only (types, times, scores, settings).

    :func:`redactor.report.build_report` makes one:

    >>> from redactor.report import build_report
    >>> from redactor.types import AudioFormat
    >>> report = build_report(input_name="a.wav", input_sha256="0" * 64,
    ...     audio_format=AudioFormat("wav", "pcm_s16le", 16000, 1, 16, duration=2.0),
    ...     models={}, settings={}, fingerprint="0", redactions=[], beeps=[], word_count=0)
    >>> report
    Report(a.wav: 0 redactions, 0.0 of 2.0 s beeped)
    >>> Report.from_json(report.to_json()) == report
    True
    """

    report_version: int
    input: InputEntry
    duration: float
    warning: str | None
    format: FormatEntry
    models: dict[str, str]
    settings: dict[str, object]
    settings_fingerprint: str
    word_count: int
    redaction_count: int
    redacted_seconds: float
    speakers: dict[int, str]
    redactions: tuple[RedactionEntry, ...]
    beeps: tuple[BeepEntry, ...]
    verification: VerificationEntry | None
    retention_until: date | None
    encrypted: bool
    voice: VoiceEntry | None
    notice: str

    def __repr__(self) -> str:
        return (
            f"Report({self.input.name}: {len(self.redactions)} redactions, "
            f"{self.redacted_seconds} of {self.duration} s beeped)"
        )

    def to_json(self) -> str:
        """The report as written beside the outputs: two-space indented, keys in field order.

        >>> from redactor.report import build_report
        >>> from redactor.types import AudioFormat
        >>> report = build_report(input_name="a.wav", input_sha256="0" * 64,
        ...     audio_format=AudioFormat("wav", "pcm_s16le", 16000, 1, 16, duration=2.0),
        ...     models={}, settings={}, fingerprint="0", redactions=[], beeps=[], word_count=0)
        >>> report.to_json().splitlines()[:3]
        ['{', '  "report_version": 1,', '  "input": {']
        """
        body = dataclasses.asdict(self)
        body["retention_until"] = (
            None if self.retention_until is None else self.retention_until.isoformat()
        )
        return json.dumps(body, indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Report:
        """Read a report back; :class:`~redactor.errors.ReportError` unless it is a report of
        this version, every field present and of its type (and no other field).

        >>> Report.from_json('{"report_version": 2}')
        Traceback (most recent call last):
        ...
        redactor.errors.ReportError: report version 2 is newer than this redactor reads (1)
        """
        try:
            data = json.loads(text)
        except ValueError:
            raise ReportError("report is not valid JSON") from None
        top = _Fields(data, "")
        version = top.integer("report_version")
        if version != REPORT_VERSION:
            newer = "is newer than" if version > REPORT_VERSION else "is not one"
            raise ReportError(
                f"report version {version} {newer} this redactor reads ({REPORT_VERSION})"
            )
        top.expect(cls)
        retention = top.optional("retention_until", str)
        return cls(
            report_version=version,
            input=_input(top.child("input")),
            duration=top.number("duration"),
            warning=top.optional("warning", str),
            format=_format(top.child("format")),
            models={k: _typed(v, str, "models") for k, v in top.mapping("models").items()},
            settings=top.mapping("settings"),
            settings_fingerprint=top.text("settings_fingerprint"),
            word_count=top.integer("word_count"),
            redaction_count=top.integer("redaction_count"),
            redacted_seconds=top.number("redacted_seconds"),
            speakers=_speakers(top.mapping("speakers")),
            redactions=tuple(_redaction(r) for r in top.children("redactions")),
            beeps=tuple(_beep(b) for b in top.children("beeps")),
            verification=_maybe(top.optional_child("verification"), _verification),
            retention_until=None if retention is None else _date(retention),
            encrypted=top.flag("encrypted"),
            voice=_maybe(top.optional_child("voice"), _voice),
            notice=top.text("notice"),
        )


class _Fields:
    """One JSON object of a report, read field by field with its type checked.

    Errors name the field's path (``redactions[2].start``), never a value.
    """

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, dict):
            raise ReportError(f"report {path or 'body'} is not an object")
        self._data: dict[str, object] = data
        self._path = path

    def name(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def expect(self, kind: type) -> None:
        """Every field of dataclass ``kind`` is here, and nothing else."""
        keys = [f.name for f in dataclasses.fields(kind)]
        missing = [key for key in keys if key not in self._data]
        if missing:
            raise ReportError(f"report field {self.name(missing[0])} is missing")
        if set(self._data) - set(keys):
            # Not named: an unknown key is the report's text, not one of ours.
            raise ReportError(f"report {self._path or 'body'} has a field this version lacks")

    def _value(self, key: str) -> object:
        if key not in self._data:
            raise ReportError(f"report field {self.name(key)} is missing")
        return self._data[key]

    def text(self, key: str) -> str:
        return _typed(self._value(key), str, self.name(key))

    def flag(self, key: str) -> bool:
        return _typed(self._value(key), bool, self.name(key))

    def integer(self, key: str) -> int:
        return _integer(self._value(key), self.name(key))

    def number(self, key: str) -> float:
        return _number(self._value(key), self.name(key))

    def optional(self, key: str, kind: type[_T]) -> _T | None:
        value = self._value(key)
        return None if value is None else _typed(value, kind, self.name(key))

    def optional_integer(self, key: str) -> int | None:
        value = self._value(key)
        return None if value is None else _integer(value, self.name(key))

    def optional_number(self, key: str) -> float | None:
        value = self._value(key)
        return None if value is None else _number(value, self.name(key))

    def mapping(self, key: str) -> dict[str, object]:
        return _typed(self._value(key), dict, self.name(key))

    def child(self, key: str) -> _Fields:
        return _Fields(self._value(key), self.name(key))

    def optional_child(self, key: str) -> _Fields | None:
        value = self._value(key)
        return None if value is None else _Fields(value, self.name(key))

    def children(self, key: str) -> list[_Fields]:
        items = _typed(self._value(key), list, self.name(key))
        return [_Fields(item, f"{self.name(key)}[{k}]") for k, item in enumerate(items)]

    def pair(self, key: str) -> tuple[object, object]:
        items = _typed(self._value(key), list, self.name(key))
        if len(items) != 2:
            raise ReportError(f"report field {self.name(key)} is not a pair")
        return items[0], items[1]

    def literal(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in allowed:
            raise ReportError(f"report field {self.name(key)} is not one of {', '.join(allowed)}")
        return value


def _typed(value: object, kind: type[_T], name: str) -> _T:
    # bool is an int in Python, never in a report.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ReportError(f"report field {name} is not a {kind.__name__}")
    return value


def _integer(value: object, name: str) -> int:
    return _typed(value, int, name)


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReportError(f"report field {name} is not a number")
    return value


def _maybe(fields: _Fields | None, read: Callable[[_Fields], _T]) -> _T | None:
    return None if fields is None else read(fields)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReportError("report field retention_until is not a date") from None


def _input(f: _Fields) -> InputEntry:
    f.expect(InputEntry)
    return InputEntry(f.text("name"), f.text("sha256"))


def _format(f: _Fields) -> FormatEntry:
    f.expect(FormatEntry)
    return FormatEntry(
        f.text("container"), f.text("codec"), f.integer("sample_rate"), f.integer("channels")
    )


def _speakers(data: dict[str, object]) -> dict[int, str]:
    speakers = {}
    for key, name in data.items():
        if not key.isdigit() or str(int(key)) != key:
            raise ReportError("report field speakers has a key that is not a channel")
        speakers[int(key)] = _typed(name, str, f"speakers.{key}")
    return speakers


def _redaction(f: _Fields) -> RedactionEntry:
    f.expect(RedactionEntry)
    timing, evidence = f.optional_child("timing"), f.optional_child("evidence")
    return RedactionEntry(
        entity_type=f.text("entity_type"),
        start=f.number("start"),
        end=f.number("end"),
        score=f.number("score"),
        recognizer=f.text("recognizer"),
        reason=cast(RedactionReason, f.literal("reason", get_args(RedactionReason))),
        channel=f.optional_integer("channel"),
        speaker=f.optional("speaker", str),
        alternatives=tuple(_alternative(a) for a in f.children("alternatives")),
        timing=_maybe(timing, _timing),
        evidence=_maybe(evidence, _evidence),
    )


def _alternative(f: _Fields) -> Alternative:
    f.expect(Alternative)
    return Alternative(f.text("entity_type"), f.text("recognizer"))


def _timing(f: _Fields) -> TimingEntry:
    f.expect(TimingEntry)
    edges = get_args(Timing)
    return TimingEntry(
        cast(Timing, f.literal("start", edges)), cast(Timing, f.literal("end", edges))
    )


def _evidence(f: _Fields) -> EvidenceEntry:
    f.expect(EvidenceEntry)
    (whisper_start, whisper_end), aligned = f.pair("whisper"), f.pair("aligned")
    aligned_start, aligned_end = (
        None if value is None else _number(value, f.name("aligned")) for value in aligned
    )
    return EvidenceEntry(
        (_number(whisper_start, f.name("whisper")), _number(whisper_end, f.name("whisper"))),
        (aligned_start, aligned_end),
    )


def _beep(f: _Fields) -> BeepEntry:
    f.expect(BeepEntry)
    return BeepEntry(f.number("start"), f.number("end"), f.optional_integer("channel"))


def _verification(f: _Fields) -> VerificationEntry:
    f.expect(VerificationEntry)
    return VerificationEntry(
        f.flag("passed"),
        f.mapping("settings"),
        tuple(_finding(finding) for finding in f.children("findings")),
    )


def _finding(f: _Fields) -> FindingEntry:
    f.expect(FindingEntry)
    return FindingEntry(
        f.text("entity_type"),
        f.number("start"),
        f.number("end"),
        f.number("score"),
        f.text("recognizer"),
        f.optional_integer("channel"),
    )


def _voice(f: _Fields) -> VoiceEntry:
    f.expect(VoiceEntry)
    return VoiceEntry(
        f.text("method"),
        f.optional_number("alpha"),
        f.flag("varied_per_call"),
        f.optional("channels", str),
        f.flag("seeded"),
    )
