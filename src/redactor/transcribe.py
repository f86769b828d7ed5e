"""Speech to :class:`~redactor.types.Transcript` with faster-whisper, word timestamps on.

Every segment is consumed here, so callers get a finished transcript rather than a lazy
generator that does the work, and raises, later.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from redactor.errors import ConfigError, TranscriptionError
from redactor.models import LocalModel
from redactor.types import Interval, Transcript, Word

# A belt to the braces of always passing a resolved local model: faster-whisper and
# huggingface_hub must never reach for the hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import ctranslate2  # noqa: E402
from faster_whisper import BatchedInferencePipeline, WhisperModel  # noqa: E402
from faster_whisper.vad import VadOptions, get_speech_timestamps  # noqa: E402

# faster-whisper's own fallback thresholds: a segment past them after every temperature was
# tried is a repetition loop or a guess, and its words cannot be trusted to hold all the PHI.
MAX_COMPRESSION_RATIO = 2.4
MIN_AVG_LOGPROB = -1.0
# Tighter than the VAD that trims audio for transcription, so the regions hug the speech.
_EVIDENCE_VAD = VadOptions(speech_pad_ms=100, min_silence_duration_ms=500)
ASR_RATE = 16000
PIECE_SECONDS = 600.0


class Transcriber(Protocol):
    """Anything that turns 16 kHz mono samples into a :class:`Transcript`.

    The real one is :class:`WhisperTranscriber`; :class:`redactor.testing.FakeTranscriber`
    returns a given transcript, for tests.
    """

    @property
    def model_name(self) -> str: ...

    @property
    def model_version(self) -> str: ...

    def transcribe(self, samples: np.ndarray, duration: float) -> Transcript: ...

    def variant(self, *, beam_size: int, vad: bool) -> Transcriber:
        """The same model with other decoding settings (for verification)."""
        ...


class WhisperTranscriber:
    """faster-whisper with word timestamps and VAD, loaded once and reused for every file.

    >>> from redactor.models import resolve_model
    >>> transcriber = WhisperTranscriber(resolve_model("tiny.en"))  # doctest: +SKIP
    """

    def __init__(
        self,
        model: LocalModel,
        *,
        device: str = "cpu",
        compute_type: str = "int8",
        cpu_threads: int = 0,
        beam_size: int = 1,
        vad: bool = True,
        batch_size: int = 1,
    ) -> None:
        if beam_size < 1:
            raise ConfigError(f"beam_size must be at least 1, got {beam_size}")
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
        if device not in ("cpu", "cuda", "auto"):
            raise ConfigError(f"device must be cpu, cuda or auto, got {device!r}")
        if device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
            raise ConfigError("--device cuda was asked for, but no CUDA GPU is available here")
        self._model_info = model
        self._beam_size = beam_size
        self._vad = vad
        self._batch_size = batch_size
        try:
            self._model = WhisperModel(
                str(model.path),
                device=device,
                compute_type=compute_type,
                cpu_threads=cpu_threads or (os.cpu_count() or 1),
                files=dict(model.files) if model.files is not None else None,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as error:
            raise ConfigError(
                f"cannot load model {model.name!r} on {device} ({compute_type}): {error}"
            ) from error
        # Batched inference transcribes several VAD chunks at once: the fast path on a GPU
        # for long files. It needs VAD to cut the chunks.
        self._batched = BatchedInferencePipeline(self._model) if batch_size > 1 else None

    @property
    def model_name(self) -> str:
        return self._model_info.name

    def variant(self, *, beam_size: int, vad: bool) -> WhisperTranscriber:
        """A transcriber sharing this one's loaded model, with other decoding settings.

        >>> checker = transcriber.variant(beam_size=5, vad=False)  # doctest: +SKIP
        """
        if beam_size < 1:
            raise ConfigError(f"beam_size must be at least 1, got {beam_size}")
        other = copy.copy(self)
        other._beam_size = beam_size
        other._vad = vad
        return other

    @property
    def model_version(self) -> str:
        return self._model_info.version

    def transcribe(self, samples: np.ndarray, duration: float) -> Transcript:
        """Transcribe 16 kHz mono float32 samples; ``duration`` is the file's, in seconds.

        Long recordings are transcribed in pieces of about :data:`PIECE_SECONDS`, cut in the
        middle of pauses, because faster-whisper computes the features of its whole input at
        once (gigabytes for an hour).
        """
        options = {
            "language": "en" if self._is_english_only() else None,
            "beam_size": self._beam_size,
            "word_timestamps": True,
            "vad_filter": self._vad,
        }
        try:
            speech = self._speech(samples) if self._vad else None
            words: list[Word] = []
            unreliable: list[Interval] = []
            language = "en"
            for first, last in cut_points(len(samples), speech or ()):
                offset = first / ASR_RATE
                language = self._transcribe_piece(
                    samples[first:last], offset, options, words, unreliable
                )
        except Exception as error:  # faster-whisper raises many kinds; all are fatal here
            raise TranscriptionError(f"transcription failed: {type(error).__name__}") from error
        return Transcript(
            words=tuple(words),
            duration=duration,
            language=language,
            speech=speech,
            unreliable=tuple(unreliable),
        )

    def _transcribe_piece(
        self,
        samples: np.ndarray,
        offset: float,
        options: dict[str, Any],
        words: list[Word],
        unreliable: list[Interval],
    ) -> str:
        if self._batched is not None and self._vad:
            segments, info = self._batched.transcribe(
                samples, batch_size=self._batch_size, **options
            )
        else:
            segments, info = self._model.transcribe(samples, **options)
        for segment in segments:
            words.extend(
                Word(w.word.strip(), offset + w.start, offset + w.end, float(w.probability))
                for w in segment.words or ()
                if w.word.strip()
            )
            if (
                segment.compression_ratio > MAX_COMPRESSION_RATIO
                or segment.avg_logprob < MIN_AVG_LOGPROB
            ):
                unreliable.append(Interval(offset + segment.start, offset + segment.end))
        return str(info.language)

    def _is_english_only(self) -> bool:
        return not bool(self._model.model.is_multilingual)

    @staticmethod
    def _speech(samples: np.ndarray) -> tuple[Interval, ...]:
        return tuple(
            Interval(chunk["start"] / ASR_RATE, chunk["end"] / ASR_RATE)
            for chunk in get_speech_timestamps(samples, _EVIDENCE_VAD)
        )


def cut_points(
    length: int, speech: Sequence[Interval], *, piece_seconds: float = 0.0
) -> list[tuple[int, int]]:
    """Sample ranges covering ``length`` samples in pieces of about ``piece_seconds``, each cut
    in the middle of the pause nearest its target, so no word is split. Without pauses (or
    for short audio) the whole is one piece.

    >>> cut_points(16000 * 25, [Interval(0, 9), Interval(11, 25)], piece_seconds=10)
    [(0, 160000), (160000, 400000)]
    """
    piece = int((piece_seconds or PIECE_SECONDS) * ASR_RATE)
    if length <= piece * 1.5:
        return [(0, length)]
    pauses = [
        int((before.end + after.start) / 2 * ASR_RATE)
        for before, after in zip(speech, speech[1:], strict=False)
        if after.start > before.end
    ]
    cuts = [0]
    while length - cuts[-1] > piece * 1.5:
        target = cuts[-1] + piece
        nearby = [p for p in pauses if cuts[-1] + piece // 2 < p < cuts[-1] + piece * 3 // 2]
        cuts.append(min(nearby, key=lambda p: abs(p - target)) if nearby else target)
    return list(zip(cuts, [*cuts[1:], length], strict=True))
