"""Speech to :class:`~redactor.types.Transcript` with faster-whisper, word timestamps on.

Every segment is consumed here, so callers get a finished transcript rather than a lazy
generator that does the work, and raises, later.
"""

from __future__ import annotations

import copy
import functools
import os
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from redactor.errors import ConfigError, TranscriptionError
from redactor.models import LocalModel
from redactor.types import Interval, Transcript, Word

# A belt to the braces of always passing a resolved local model: faster-whisper and
# huggingface_hub must never reach for the hub. huggingface_hub reads this once, as it is
# imported (by faster_whisper, below), so it is set just before that import: this module is
# where the library is loaded, and only the commands that transcribe import it.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import ctranslate2  # noqa: E402
from faster_whisper import BatchedInferencePipeline, WhisperModel  # noqa: E402
from faster_whisper.feature_extractor import FeatureExtractor  # noqa: E402
from faster_whisper.vad import get_vad_model  # noqa: E402

# faster-whisper's own fallback thresholds: a segment past them after every temperature was
# tried is a repetition loop or a guess, and its words cannot be trusted to hold all the PHI.
MAX_COMPRESSION_RATIO = 2.4
MIN_AVG_LOGPROB = -1.0
# Evidence of speech: Silero's probability reaches SPEECH_ON and stays above SPEECH_OFF.
# Tighter than the VAD that trims audio for transcription (2 s of silence, 0.4 s of padding),
# so the stretches hug the speech and a missing word shows as speech no word accounts for.
SPEECH_ON = 0.5
SPEECH_OFF = 0.35
SPEECH_MIN_SILENCE = 0.5
SPEECH_PAD = 0.1
ASR_RATE = 16000
# When a segment fails faster-whisper's checks it is decoded again at a higher temperature,
# by sampling. CTranslate2 seeds each of its worker threads' generators once, from this seed,
# and never again, so the model is reloaded after any sampling: each file is then transcribed
# the same way whatever was transcribed before it in the process.
SAMPLING_SEED = 1
PIECE_SECONDS = 600.0
# Silero VAD as faster-whisper runs it: 512-sample windows, each seen with the 64 samples before
# it, the LSTM state carried from one ONNX call to the next. How many windows go into one call
# changes no probability; faster-whisper's 10000 cost 200 MB more than 500 and were slower.
VAD_WINDOW = 512
_VAD_CONTEXT = 64
_VAD_BATCH = 500
# Spectrogram frames (10 ms each) computed at a time by BlockwiseFeatureExtractor.
_FEATURE_BLOCK = 3000


class SampleSource(Protocol):
    """16 kHz mono float32 samples, read a stretch at a time (:class:`redactor.audio.AsrSource`)."""

    def __len__(self) -> int: ...

    def read(self, first: int, last: int) -> np.ndarray: ...


class ArraySource:
    """A :class:`SampleSource` over samples already in memory.

    >>> ArraySource(np.zeros(10, dtype=np.float32)).read(2, 5).shape
    (3,)
    """

    def __init__(self, samples: np.ndarray) -> None:
        self._samples = samples

    def __len__(self) -> int:
        return len(self._samples)

    def read(self, first: int, last: int) -> np.ndarray:
        return self._samples[max(0, first) : last]


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


@runtime_checkable
class SourceTranscriber(Transcriber, Protocol):
    """A transcriber that reads its samples a stretch at a time, for recordings of any length."""

    def transcribe_source(self, source: SampleSource, duration: float) -> Transcript: ...


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
        self._load = functools.partial(
            WhisperModel,
            str(model.path),
            device=device,
            compute_type=compute_type,
            cpu_threads=cpu_threads or (os.cpu_count() or 1),
            local_files_only=True,
        )
        self._files = model.files
        ctranslate2.set_random_seed(SAMPLING_SEED)
        try:
            self._model = self._load(files=self._files_to_load())
        except (RuntimeError, ValueError, OSError) as error:
            raise ConfigError(
                f"cannot load model {model.name!r} on {device} ({compute_type}): {error}"
            ) from error
        self._model.feature_extractor = BlockwiseFeatureExtractor(**self._model.feat_kwargs)
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
        """Transcribe 16 kHz mono float32 samples; ``duration`` is the file's, in seconds."""
        return self.transcribe_source(ArraySource(samples), duration)

    def transcribe_source(self, source: SampleSource, duration: float) -> Transcript:
        """Transcribe 16 kHz mono float32 samples read from ``source`` a stretch at a time.

        Silero VAD runs over the whole recording a block at a time, for the evidence of
        speech (``Transcript.speech``) that fail-closed redaction checks the words against;
        faster-whisper's own VAD filter then trims each piece for transcription.
        Long recordings are transcribed in pieces of about :data:`PIECE_SECONDS`, cut in the
        middle of pauses, because faster-whisper computes the features of its whole input at
        once (gigabytes for an hour).

        >>> transcriber.transcribe_source(AsrSource(segment), 60.0).words  # doctest: +SKIP
        (Word(6 chars, 0.42-0.80 s, p=0.91), ...)
        """
        options = {
            "language": "en" if self._is_english_only() else None,
            "beam_size": self._beam_size,
            "word_timestamps": True,
            "vad_filter": self._vad,
        }
        length = len(source)
        sampled = False
        try:
            speech = speech_stretches(speech_probabilities(source), length) if self._vad else None
            words: list[Word] = []
            unreliable: list[Interval] = []
            language = "en"
            for first, last in cut_points(length, speech or ()):
                language, sampled_piece = self._transcribe_piece(
                    source.read(first, last), first / ASR_RATE, options, words, unreliable
                )
                sampled = sampled or sampled_piece
        except Exception as error:  # faster-whisper raises many kinds; all are fatal here
            raise TranscriptionError(f"transcription failed: {type(error).__name__}") from error
        finally:
            if sampled:
                self._reload_generators()
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
    ) -> tuple[str, bool]:
        """Transcribe one piece into ``words`` and ``unreliable``; its language, and whether
        any segment was decoded by sampling."""
        sampled = False
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
            sampled = sampled or (segment.temperature or 0.0) > 0
        return str(info.language), sampled

    def _reload_generators(self) -> None:
        """A fresh CTranslate2 model (the weights again, with new worker threads), so the next
        sampling starts from SAMPLING_SEED. Shared with :meth:`variant` copies."""
        self._model.model = self._load(files=self._files_to_load()).model

    def _files_to_load(self) -> dict[str, bytes] | None:
        # faster-whisper takes the tokenizer out of the dictionary it is given.
        return dict(self._files) if self._files is not None else None

    def _is_english_only(self) -> bool:
        return not bool(self._model.model.is_multilingual)


class BlockwiseFeatureExtractor(FeatureExtractor):  # type: ignore[misc]
    """faster-whisper's log-Mel features, the same numbers, computed 30 s of frames at a time.

    faster-whisper's own extractor holds the windowed frames, their spectrum (twice) and its
    magnitudes for the whole input at once: about 400 MB for a 10-minute piece. A block at a
    time it is also faster (smaller arrays stay in cache).

    The mel projection is a sum over 201 frequencies. A BLAS matrix product sums them in an
    order that depends on how many threads it splits the work over (OpenBLAS follows
    ``OMP_NUM_THREADS``, which Ray sets for each worker), and the last bit of a feature is
    enough to change a word. So it is summed without BLAS, in float64, and rounded to
    float32: the same features however many threads or workers run, and on other CPUs too,
    but for the rare sum that lies on a float32 rounding boundary.

    >>> BlockwiseFeatureExtractor()(np.zeros(16000, dtype=np.float32)).shape
    (80, 101)
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._mel_filters_64 = np.asarray(self.mel_filters, dtype=np.float64)

    def __call__(
        self, waveform: np.ndarray, padding: int = 160, chunk_length: int | None = None
    ) -> np.ndarray:
        if chunk_length is not None:
            self.n_samples = chunk_length * self.sampling_rate
            self.nb_max_frames = self.n_samples // self.hop_length
        waveform = np.asarray(waveform, dtype=np.float32)
        if padding:
            waveform = np.pad(waveform, (0, padding))
        window = np.hanning(self.n_fft + 1)[:-1].astype(np.float32)
        # As faster-whisper's stft(center=True): reflected at both ends, the last frame dropped.
        padded = np.pad(waveform, self.n_fft // 2, mode="reflect")
        count = (len(padded) - self.n_fft) // self.hop_length
        frames = np.lib.stride_tricks.as_strided(
            padded,
            (count, self.n_fft),
            (self.hop_length * padded.strides[0], padded.strides[0]),
            writeable=False,
        )
        mel = np.empty((self.mel_filters.shape[0], count), dtype=np.float32)
        for first in range(0, count, _FEATURE_BLOCK):
            block = frames[first : first + _FEATURE_BLOCK] * window
            spectrum = np.fft.rfft(block, n=self.n_fft, axis=-1).astype(np.complex64)
            power = np.abs(spectrum.T).astype(np.float64) ** 2
            mel[:, first : first + _FEATURE_BLOCK] = np.einsum(
                "mf,ft->mt", self._mel_filters_64, power, optimize=False
            )
        log_spec = np.log10(np.clip(mel, a_min=1e-10, a_max=None))
        log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
        features: np.ndarray = (log_spec + 4.0) / 4.0
        return features


def speech_probabilities(source: SampleSource) -> np.ndarray:
    """Silero's speech probability for each 512-sample window, as faster-whisper computes it
    (the same numbers), but reading a block of 500 windows (``_VAD_BATCH``) at a time.

    faster-whisper's VAD builds several float32 copies of its whole input (padded, windowed,
    with context): about a gigabyte for an hour.

    >>> speech_probabilities(ArraySource(np.zeros(1600, dtype=np.float32))).shape
    (4,)
    """
    model = get_vad_model()
    length = len(source)
    windows = length // VAD_WINDOW + 1  # faster-whisper pads to the next window, always
    state = np.zeros((1, 1, 128), dtype=np.float32)
    cell = np.zeros((1, 1, 128), dtype=np.float32)
    outputs = []
    for batch_start in range(0, windows, _VAD_BATCH):
        batch_end = min(windows, batch_start + _VAD_BATCH)
        # The block starts one context early; before the first window the context is silence.
        first = batch_start * VAD_WINDOW - _VAD_CONTEXT
        block = np.zeros((batch_end - batch_start) * VAD_WINDOW + _VAD_CONTEXT, dtype=np.float32)
        samples = source.read(max(0, first), min(length, batch_end * VAD_WINDOW))
        block[max(0, first) - first :][: len(samples)] = samples
        if batch_end == windows:
            block[-_VAD_CONTEXT:] = 0.0  # faster-whisper zeroes the last window's tail
        count = batch_end - batch_start
        contexts = block[: count * VAD_WINDOW].reshape(count, VAD_WINDOW)[:, :_VAD_CONTEXT]
        current = block[_VAD_CONTEXT:].reshape(count, VAD_WINDOW)
        output, state, cell = model.session.run(
            None,
            {"input": np.concatenate([contexts, current], axis=1), "h": state, "c": cell},
        )
        outputs.append(np.asarray(output, dtype=np.float32).reshape(-1))
    return np.concatenate(outputs)


def speech_stretches(probabilities: np.ndarray, length: int) -> tuple[Interval, ...]:
    """Where Silero hears speech, in seconds: from a window at :data:`SPEECH_ON` or more until
    the probability drops below :data:`SPEECH_OFF`; stretches less than
    :data:`SPEECH_MIN_SILENCE` apart are joined, each widened by :data:`SPEECH_PAD` and kept
    within the ``length`` samples.

    >>> speech_stretches(np.array([0.0, 0.9, 0.4, 0.1, 0.0]), 20 * 512)
    (Interval(start=0.0, end=0.196),)
    """
    window = VAD_WINDOW / ASR_RATE
    end_of_audio = length / ASR_RATE
    found: list[list[float]] = []
    start: int | None = None
    for index, probability in enumerate(np.asarray(probabilities, dtype=np.float32).tolist()):
        if start is None and probability >= SPEECH_ON:
            start = index
        elif start is not None and probability < SPEECH_OFF:
            found.append([start * window, index * window])
            start = None
    if start is not None:
        found.append([start * window, end_of_audio])
    joined: list[list[float]] = []
    for stretch in found:
        if joined and stretch[0] - joined[-1][1] < SPEECH_MIN_SILENCE:
            joined[-1][1] = stretch[1]
        else:
            joined.append(stretch)
    return tuple(
        Interval(round(max(0.0, a - SPEECH_PAD), 3), round(min(end_of_audio, b + SPEECH_PAD), 3))
        for a, b in joined
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
