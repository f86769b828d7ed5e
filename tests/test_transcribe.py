"""The real transcriber: device checks, batched inference, and its invariants."""

from __future__ import annotations

import functools
import os
import subprocess
import sys

import ctranslate2
import numpy as np
import pytest
from click.testing import CliRunner
from faster_whisper.feature_extractor import FeatureExtractor
from fixture_paths import ARCTIC_CLIP, SAMPLE_AUDIO

from redactor import audio
from redactor.cli import cli
from redactor.errors import ConfigError
from redactor.models import resolve_model
from redactor.transcribe import BlockwiseFeatureExtractor, WhisperTranscriber

NO_GPU = ctranslate2.get_cuda_device_count() == 0


@pytest.mark.skipif(not NO_GPU, reason="this machine has a CUDA GPU")
def test_cuda_without_a_gpu_is_one_clear_error() -> None:
    with pytest.raises(ConfigError, match="no CUDA GPU is available"):
        WhisperTranscriber(resolve_model("tiny.en"), device="cuda", compute_type="float16")
    result = CliRunner().invoke(
        cli, ["redact", str(ARCTIC_CLIP), "--out", "unused", "--device", "cuda"]
    )
    assert result.exit_code == 2
    assert "no CUDA GPU is available" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("device", ["gpu", "tpu"])
def test_unknown_device_is_refused(device: str) -> None:
    with pytest.raises(ConfigError, match="device must be"):
        WhisperTranscriber(resolve_model("tiny.en"), device=device)


def test_batched_inference_transcribes_the_same_call() -> None:
    path = SAMPLE_AUDIO / "scheduling.wav"
    samples = audio.asr_samples(path)
    model = resolve_model("tiny.en")
    sequential = WhisperTranscriber(model).transcribe(samples, 15.9)
    batched = WhisperTranscriber(model, batch_size=4).transcribe(samples, 15.9)
    assert batched.words, "batched inference returned no words"
    shared = {w.text.lower().strip(".,?") for w in sequential.words} & {
        w.text.lower().strip(".,?") for w in batched.words
    }
    assert len(shared) >= 0.8 * len(sequential.words)
    assert batched.speech == sequential.speech


def _sampling_only(transcriber: WhisperTranscriber, monkeypatch: pytest.MonkeyPatch) -> None:
    # As if every segment had failed the greedy decoding's checks: decoded by sampling only.
    sample = functools.partial(transcriber._model.transcribe, temperature=1.0)
    monkeypatch.setattr(transcriber._model, "transcribe", sample)


def test_a_file_is_transcribed_the_same_whatever_came_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    samples = audio.asr_samples(ARCTIC_CLIP)
    duration = len(samples) / 16000
    transcriber = WhisperTranscriber(resolve_model("tiny.en"))
    _sampling_only(transcriber, monkeypatch)
    first = transcriber.transcribe(samples, duration)
    again = [transcriber.transcribe(samples, duration).words for _ in range(3)]
    fresh = WhisperTranscriber(resolve_model("tiny.en"))
    _sampling_only(fresh, monkeypatch)
    assert first.words
    assert again == [first.words] * 3
    assert fresh.transcribe(samples, duration).words == first.words


@pytest.mark.parametrize(
    ("seconds", "speech", "cuts"),
    [
        (25, [(0, 9), (11, 25)], [0, 10]),  # cut in the pause nearest 10 s
        (12, [(0, 12)], [0]),  # short audio: one piece
        (40, [(0, 40)], [0, 10, 20, 30]),  # no pause: cut at the targets
    ],
)
def test_cut_points_fall_in_pauses(
    seconds: int, speech: list[tuple[int, int]], cuts: list[int]
) -> None:
    from redactor.transcribe import cut_points
    from redactor.types import Interval

    pieces = cut_points(16000 * seconds, [Interval(a, b) for a, b in speech], piece_seconds=10)
    assert [first // 16000 for first, _ in pieces] == cuts
    assert pieces[-1][1] == 16000 * seconds
    assert all(
        last == following for (_, last), (following, _) in zip(pieces, pieces[1:], strict=False)
    )


def test_long_audio_is_transcribed_in_pieces_with_true_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = SAMPLE_AUDIO / "scheduling.wav"
    samples = audio.asr_samples(path)
    model = resolve_model("tiny.en")
    whole = WhisperTranscriber(model).transcribe(samples, 15.9)
    monkeypatch.setattr("redactor.transcribe.PIECE_SECONDS", 5.0)
    pieces = WhisperTranscriber(model).transcribe(samples, 15.9)
    assert pieces.words and pieces.words[-1].end > 12.0, "later pieces lost their offset"
    starts = [w.start for w in pieces.words]
    assert starts == sorted(starts)
    shared = {w.text.lower() for w in whole.words} & {w.text.lower() for w in pieces.words}
    assert len(shared) >= 0.7 * len(whole.words)


@pytest.mark.parametrize("name", ["scheduling.wav", "pharmacy.wav"])
def test_blockwise_vad_hears_what_silero_hears(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np
    from faster_whisper.vad import VadOptions, get_speech_timestamps, get_vad_model

    from redactor.transcribe import speech_probabilities, speech_stretches

    source = audio.AsrSource(audio.decode(SAMPLE_AUDIO / name).segment)
    samples = source.read(0, len(source))
    # Small blocks, so a 16-22 s call is read in several: the numbers must not change.
    monkeypatch.setattr("redactor.transcribe._VAD_BATCH", 100)
    probabilities = speech_probabilities(source)
    whole = get_vad_model()(np.pad(samples, (0, 512 - len(samples) % 512))).reshape(-1)
    assert np.allclose(probabilities, whole, atol=1e-5)

    # The evidence stretches cover what faster-whisper's VAD, set as tight, calls speech.
    ours = speech_stretches(probabilities, len(samples))
    theirs = get_speech_timestamps(
        samples, VadOptions(speech_pad_ms=100, min_silence_duration_ms=500)
    )
    heard = sum(c["end"] - c["start"] for c in theirs) / 16000
    covered = sum(
        max(0.0, min(i.end, c["end"] / 16000) - max(i.start, c["start"] / 16000))
        for i in ours
        for c in theirs
    )
    assert heard > 5.0
    assert covered >= 0.97 * heard


@pytest.mark.parametrize("name", ["pharmacy.wav", "billing.mp3", "scheduling.wav"])
def test_asr_source_stretches_equal_the_whole(name: str) -> None:
    import numpy as np

    segment = audio.decode(SAMPLE_AUDIO / name).segment
    source = audio.AsrSource(segment)
    whole = audio.samples_for_asr(segment)
    cuts = [0, 1, 12345, 100001, len(whole) - 7, len(whole)]
    stretches = [source.read(a, b) for a, b in zip(cuts, cuts[1:], strict=False)]
    assert np.array_equal(np.concatenate(stretches), whole)
    assert len(source) == round(segment.frame_count() * 16000 / segment.frame_rate)


_FEATURES_DIGEST = """
import hashlib, numpy as np
from redactor.transcribe import BlockwiseFeatureExtractor
noise = np.random.default_rng(7).standard_normal(16000 * 40).astype(np.float32) * 0.1
print(hashlib.sha256(BlockwiseFeatureExtractor()(noise).tobytes()).hexdigest())
"""


def test_features_do_not_depend_on_how_many_threads_blas_uses() -> None:
    # Ray sets OMP_NUM_THREADS for each worker; the features, and so the words, must not move.
    digests = {
        subprocess.run(
            [sys.executable, "-c", _FEATURES_DIGEST],
            env={**os.environ, "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for threads in ("1", "2", "4")
    }
    assert len(digests) == 1


def test_blockwise_features_are_faster_whispers_own() -> None:
    samples = audio.asr_samples(ARCTIC_CLIP)
    ours = BlockwiseFeatureExtractor()(samples)
    theirs = FeatureExtractor()(samples)
    assert ours.shape == theirs.shape
    assert np.abs(ours - theirs).max() < 1e-4
