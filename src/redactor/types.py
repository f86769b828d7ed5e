"""The small, frozen values that flow from one pipeline step to the next.

audio -> :class:`Transcript` -> :class:`PhiSpan` list -> :class:`Redaction` list
(time intervals) -> redacted audio + transcript + report.

Times and scores are plain Python numbers whatever computed them (NumPy scalars are
converted to ``float`` on the way in). A value that holds transcript text (:class:`Word`,
:class:`Transcript`, :class:`RedactionResult`) prints without it: its ``repr`` and ``str``
give counts, times and types, because logs and test failures print objects, and the text is
PHI. The text itself stays reachable by attribute (``word.text``, ``transcript.text``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """A time interval in seconds, ``start <= end``.

    >>> Interval(1.0, 2.5).duration
    1.5
    """

    start: float
    end: float

    def __post_init__(self) -> None:
        _plain_floats(self, "start", "end")
        if not self.start <= self.end:
            raise ValueError(f"interval start {self.start} is after end {self.end}")

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Word:
    """One transcribed word, its times in seconds, the model's confidence, and the audio
    channel it was heard on (``None`` for a mono or mixed-down recording).

    ``start`` and ``end`` are Whisper's times; ``aligned`` is where a forced aligner heard the
    word (:mod:`redactor.forced_alignment`), ``None`` where it was not aligned or failed.

    Its ``repr`` gives the text's length, never the text:

    >>> word = Word("Smith", 1.0, 1.4, 0.93)
    >>> word
    Word(5 chars, 1.00-1.40 s, p=0.93)
    >>> word.text, word.duration
    ('Smith', 0.3999999999999999)
    """

    text: str
    start: float
    end: float
    probability: float = 1.0
    channel: int | None = None
    aligned: Interval | None = None

    def __post_init__(self) -> None:
        _plain_floats(self, "start", "end", "probability")

    def __repr__(self) -> str:
        channel = "" if self.channel is None else f", channel {self.channel}"
        return (
            f"Word({len(self.text)} chars, {self.start:.2f}-{self.end:.2f} s, "
            f"p={self.probability:.2f}{channel})"
        )

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Transcript:
    """The words of one recording (or one channel), in order.

    The invariant every later step relies on: ``text`` is the words' texts joined by single
    spaces, so a character offset into ``text`` maps back to exactly one word.

    The evidence for failing closed comes along: ``speech`` is where voice activity detection
    heard speech (``None`` when no VAD ran), and ``unreliable`` the stretches whose
    transcription the model itself doubted (repetition loops, very low probability).

    >>> t = Transcript((Word("my", 0.0, 0.2), Word("name", 0.2, 0.5)), duration=1.0)
    >>> t.text, t.word_offsets()
    ('my name', ((0, 2), (3, 7)))
    >>> t
    Transcript(2 words, 7 chars, 1.0 s)
    """

    words: tuple[Word, ...]
    duration: float
    language: str = "en"
    channel: int | None = None
    speech: tuple[Interval, ...] | None = None
    unreliable: tuple[Interval, ...] = ()

    def __post_init__(self) -> None:
        _plain_floats(self, "duration")

    def __repr__(self) -> str:
        details = [f"{len(self.words)} words", f"{len(self.text)} chars", f"{self.duration:.1f} s"]
        if self.channel is not None:
            details.append(f"channel {self.channel}")
        if self.speech is not None:
            details.append(f"{len(self.speech)} speech stretches")
        if self.unreliable:
            details.append(f"{len(self.unreliable)} unreliable")
        return f"Transcript({', '.join(details)})"

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    def word_offsets(self) -> tuple[tuple[int, int], ...]:
        """Character ``(start, end)`` of each word in :attr:`text`."""
        offsets = []
        cursor = 0
        for word in self.words:
            offsets.append((cursor, cursor + len(word.text)))
            cursor += len(word.text) + 1
        return tuple(offsets)


@dataclass(frozen=True, slots=True, order=True)
class Alternative:
    """Another type a recognizer gave the same words: kept in the report, never the text.

    >>> Alternative("DATE_TIME", "SpacyRecognizer").entity_type
    'DATE_TIME'
    """

    entity_type: str
    recognizer: str


@dataclass(frozen=True, slots=True)
class PhiSpan:
    """A stretch of transcript text that a recognizer says is PHI (character offsets).

    ``alternatives`` are the other findings over the same words, once overlapping findings
    were made one span (see :mod:`redactor.detect.labels`). ``inferred`` marks a span found
    for where its words stand (the reply to a question about PHI), not for what they say.

    >>> PhiSpan("PERSON", 11, 16, 0.85, "SpacyRecognizer").length
    5
    """

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str
    alternatives: tuple[Alternative, ...] = ()
    inferred: bool = False

    def __post_init__(self) -> None:
        _plain_floats(self, "score")

    @property
    def length(self) -> int:
        return self.end - self.start


RedactionReason = Literal["phi", "untranscribed_speech", "unreliable_transcription"]
# Which evidence placed an edge of a PHI redaction: Whisper's word time alone (no acoustic
# time), the aligner's (the two agreed), or both (they disagreed, so the beep covers both).
Timing = Literal["whisper", "aligned", "both"]


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a PHI redaction's words were heard, before any padding: Whisper's times of its
    first and last word, the aligner's (``None`` where there are none), and which evidence
    placed each edge of the beep. Times only, never text.

    >>> Placement(Interval(1.0, 2.0), 1.1, None, "aligned", "whisper").aligned_start
    1.1
    """

    words: Interval
    aligned_start: float | None = None
    aligned_end: float | None = None
    start: Timing = "whisper"
    end: Timing = "whisper"


@dataclass(frozen=True, slots=True)
class Redaction:
    """One PHI span placed in time: what kind it was, where the beep goes, and why.

    ``char_start``/``char_end`` are offsets into the transcript text, widened to whole words.
    ``alternatives`` are the other types found over the same words (the report lists them).
    The PHI text itself is never stored here, so a ``Redaction`` is safe to log and report.
    ``placement`` says what a PHI redaction's edges were placed from (``None`` for the
    fail-closed ones, which voice activity or Whisper's doubt placed).
    """

    entity_type: str
    interval: Interval
    score: float
    recognizer: str
    char_start: int
    char_end: int
    reason: RedactionReason = "phi"
    channel: int | None = None
    alternatives: tuple[Alternative, ...] = ()
    placement: Placement | None = None

    def __post_init__(self) -> None:
        _plain_floats(self, "score")


@dataclass(frozen=True, slots=True)
class Beep:
    """A stretch of one channel (or, with ``channel=None``, of every channel) to replace.

    >>> Beep(Interval(1.0, 2.0), channel=1).interval.duration
    1.0
    """

    interval: Interval
    channel: int | None = None


@dataclass(frozen=True, slots=True)
class Verification:
    """What re-transcribing the redacted audio found: PHI still audible outside the beeps.

    ``findings`` are redactions placed on the re-transcription (types, times and scores, never
    text); ``settings`` are the decoding settings used for the second pass.
    """

    findings: tuple[Redaction, ...]
    settings: dict[str, object]

    @property
    def passed(self) -> bool:
        return not self.findings


@dataclass(frozen=True, slots=True)
class AudioFormat:
    """What an input file is, so the output can be written the same way.

    >>> AudioFormat("wav", "pcm_mulaw", 8000, 1, 16).extension
    'wav'
    """

    container: str
    codec: str
    sample_rate: int
    channels: int
    bits_per_sample: int
    bit_rate: int | None = None
    duration: float = 0.0
    extension: str = field(default="")

    def __post_init__(self) -> None:
        if not self.extension:
            object.__setattr__(self, "extension", self.container)


@dataclass(frozen=True, slots=True)
class OutputPaths:
    """Where one input's outputs were written."""

    audio: Path
    transcript: Path
    report: Path

    def files(self) -> tuple[Path, Path, Path]:
        return (self.audio, self.transcript, self.report)


@dataclass(frozen=True, slots=True)
class RedactionResult:
    """What :meth:`redactor.Redactor.redact_file` did to one recording.

    It holds the unredacted :class:`Transcript`; its ``repr`` shows counts and times only.

    ``warning`` says what was wrong with the input's audio when it decoded only in part
    (truncated, damaged packets): what decoded was redacted. ``None`` for a clean file.
    """

    input: Path
    input_sha256: str
    outputs: OutputPaths
    redactions: tuple[Redaction, ...]
    duration: float
    audio_format: AudioFormat
    transcript: Transcript
    beeps: tuple[Beep, ...]
    verification: Verification | None = None
    models: dict[str, str] = field(default_factory=dict)
    settings_fingerprint: str = ""
    warning: str | None = None

    def __post_init__(self) -> None:
        _plain_floats(self, "duration")

    def __repr__(self) -> str:
        verified = (
            ""
            if self.verification is None
            else ", verified" if self.verification.passed
            else f", {len(self.verification.findings)} verification findings"
        )  # fmt: skip
        return (
            f"RedactionResult({self.input.name}: {len(self.redactions)} redactions, "
            f"{self.redacted_seconds:.1f} of {self.duration:.1f} s beeped, "
            f"{len(self.transcript.words)} words{verified})"
        )

    @property
    def redacted_seconds(self) -> float:
        """Seconds of the recording beeped on at least one channel."""
        return covered_seconds(beep.interval for beep in self.beeps)


def covered_seconds(intervals: Iterable[Interval]) -> float:
    """Seconds covered by at least one of the intervals (overlaps counted once).

    >>> covered_seconds([Interval(0, 2), Interval(1, 3), Interval(5, 6)])
    4.0
    """
    covered, reached = 0.0, float("-inf")
    for interval in sorted(intervals):
        start = max(interval.start, reached)
        if interval.end > start:
            covered += interval.end - start
        reached = max(reached, interval.end)
    return covered


def _plain_floats(value: object, *names: str) -> None:
    """Store the named fields of a frozen dataclass as plain Python numbers: NumPy scalars
    leak in from the models and the loudness arrays, and print as ``np.float64(7.32)``. An
    ``int`` stays as it is (``Interval(0, 2)`` is plain already)."""
    for name in names:
        number = getattr(value, name)
        if type(number) not in (float, int):
            object.__setattr__(value, name, float(number))
