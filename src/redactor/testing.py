"""Fakes for tests, ours and our users': no models, known answers.

>>> from redactor.types import Word
>>> fake = FakeTranscriber(Transcript((Word("hello", 0.1, 0.4),), duration=1.0))
>>> fake.transcribe(np.zeros(16000, dtype=np.float32), 1.0).text
'hello'
"""

from __future__ import annotations

import wave
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from redactor.types import Interval, PhiSpan, RedactionResult, Transcript, Word

if TYPE_CHECKING:
    from redactor.forced_alignment import AudioWindow, SpokenWord, TimedToken


class FakeTranscriber:
    """Returns the given transcripts in turn (their duration replaced by the file's).

    A dual-channel call is transcribed channel 0 first, then channel 1, so two transcripts
    give each channel its own words.

    Give the transcript ``speech`` intervals with no words in them to simulate a model that
    dropped a clause.
    """

    model_name = "fake"
    model_version = "0"

    def __init__(self, *transcripts: Transcript) -> None:
        self._transcripts = transcripts
        self._calls = 0

    def variant(self, *, beam_size: int, vad: bool) -> FakeTranscriber:
        """The same fake: it hears the same words however it is asked to decode."""
        return self

    def transcribe(self, samples: np.ndarray, duration: float) -> Transcript:
        transcript = self._transcripts[self._calls % len(self._transcripts)]
        self._calls += 1
        return replace(transcript, duration=duration)


class FakeDetector:
    """Marks every word for which ``is_phi(word_text)`` is true as ``entity_type``."""

    def __init__(self, is_phi: Callable[[str], bool], entity_type: str = "PERSON") -> None:
        self._is_phi = is_phi
        self._entity_type = entity_type

    def detect(self, transcript: Transcript) -> list[PhiSpan]:
        return [
            PhiSpan(self._entity_type, start, end, 1.0, "FakeDetector")
            for word, (start, end) in zip(transcript.words, transcript.word_offsets(), strict=True)
            if self._is_phi(word.text)
        ]


def pytest_assertrepr_compare(op: str, left: object, right: object) -> list[str] | None:
    """A pytest hook that keeps transcript text out of failed comparisons.

    pytest explains ``assert a == b`` on two unequal dataclasses field by field and prints the
    differing values, transcript text included. This hook explains a comparison that involves
    a value holding text with the values' reprs only (counts, times, types). Import it into
    a ``conftest.py`` to use it::

        from redactor.testing import pytest_assertrepr_compare  # noqa: F401
    """
    from redactor.batch import BatchSummary, FileOutcome  # the pipeline, loaded only here

    holding_text = (Word, Transcript, RedactionResult, FileOutcome, BatchSummary)
    if not (isinstance(left, holding_text) or isinstance(right, holding_text)):
        return None
    return [
        f"{left!r} {op} {right!r}",
        "(the values differ; their text is not shown, since it may be PHI)",
    ]


def transcript_from(timed_words: Iterable[tuple[str, float, float]], duration: float) -> Transcript:
    """Build a transcript from ``(text, start, end)`` triples.

    >>> transcript_from([("hi", 0.0, 0.3)], 1.0).words[0].end
    0.3
    """
    return Transcript(tuple(Word(text, start, end) for text, start, end in timed_words), duration)


def write_long_recording(path: Path, call: Path, *, hours: float, starts: Sequence[float]) -> int:
    """Write hours of faint noise (about -65 dBFS) with ``call`` copied in at each of
    ``starts`` seconds, a minute at a time, as 16-bit mono WAV at ``call``'s rate; return the
    frame count. For testing long recordings without keeping them around.

    >>> write_long_recording(  # doctest: +SKIP
    ...     Path("long.wav"), Path("sample_audio/scheduling.wav"), hours=3, starts=[600.0]
    ... )
    172800000
    """
    with wave.open(str(call), "rb") as call_file:
        rate = call_file.getframerate()
        if (call_file.getnchannels(), call_file.getsampwidth()) != (1, 2):
            raise ValueError("the call must be 16-bit mono WAV")
        samples = np.frombuffer(call_file.readframes(call_file.getnframes()), dtype=np.int16)
    total = int(hours * 3600 * rate)
    first_frames = [int(s * rate) for s in starts]
    rng = np.random.default_rng(5)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        for first in range(0, total, 60 * rate):
            last = min(total, first + 60 * rate)
            block = rng.integers(-20, 21, last - first).astype(np.int16)
            for start in first_frames:
                lo, hi = max(first, start), min(last, start + len(samples))
                if lo < hi:
                    block[lo - first : hi - first] = samples[lo - start : hi - start]
            out.writeframes(block.tobytes())
    return total


class FakeAlignmentDecoder:
    """A forced-alignment decoder that hears what it is told was said: ``said`` holds
    ``(token, start, end)`` in recording time, and a window's decode returns the tokens lying
    wholly inside it, whether or not they match the words asked for (so a mismatch fails the
    group, as a real decoder's would). ``windows`` records each window decoded.

    >>> from redactor.forced_alignment import AudioWindow
    >>> fake = FakeAlignmentDecoder([("hi", 0.1, 0.3), ("there", 2.0, 2.4)])
    >>> [t.start for t in fake.decode(AudioWindow(np.zeros(16000, np.float32), 0.0), [])]
    [0.1]
    """

    def __init__(self, said: Iterable[tuple[str, float, float]], *, fail: bool = False) -> None:
        from redactor.forced_alignment import TimedToken

        self._said = [TimedToken(text, start, end) for text, start, end in said]
        self._fail = fail
        self.windows: list[Interval] = []

    def decode(self, window: AudioWindow, words: Sequence[SpokenWord]) -> list[TimedToken] | None:
        self.windows.append(Interval(window.start, window.end))
        if self._fail:
            return None
        return [t for t in self._said if window.start <= t.start and t.end <= window.end]
