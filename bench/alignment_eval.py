"""Score word alignment on a corpus: redactor without and with it, per model, in one run.

    .venv/bin/python bench/alignment_eval.py CORPUS --out OUT --cache CACHE \\
        --model tiny.en --model base [--variant NAME:aligned_padding=0.1,...] [--baseline]

For each model, ``MODEL-whisper`` (word alignment off: the policy before alignment) and
``MODEL-aligned`` (the default policy), then each ``--variant`` (policy fields over the
default, for tuning), are scored by ``redactor.evaluate`` as ``redactor eval`` scores them,
edge errors included; ``--baseline`` adds plain Presidio. Every system hears the same words.
``--no-whisper`` and ``--no-aligned`` leave out the first two.

CACHE keeps each channel's transcript (JSON, keyed by the hash of its samples and the model)
and each aligned transcript (keyed by its words and the PHI times asked for), so reruns and
variants pay for neither; delete it to time them again. It holds transcript text: treat it
as PHI. Writes OUT/alignment_eval.json: the summaries, and per aligned system the aligner's
groups, failures and CPU seconds (on cache misses only) beside the transcription CPU seconds
(likewise).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np

import redactor
from redactor.config import Policy
from redactor.evaluate import (
    BASELINE,
    BASELINE_POLICY,
    PresidioDefaultsDetector,
    evaluate_corpus,
    format_table,
)
from redactor.forced_alignment import AlignmentCounts, ForcedAligner
from redactor.models import resolve_model
from redactor.pipeline import Redactor
from redactor.sphinx import sphinx_aligner
from redactor.transcribe import SampleSource, WhisperTranscriber
from redactor.types import Interval, Transcript, Word


def transcript_json(transcript: Transcript) -> dict[str, Any]:
    return {
        "duration": transcript.duration,
        "language": transcript.language,
        "channel": transcript.channel,
        "speech": None
        if transcript.speech is None
        else [[i.start, i.end] for i in transcript.speech],
        "unreliable": [[i.start, i.end] for i in transcript.unreliable],
        "words": [
            [w.text, w.start, w.end, w.probability, w.channel]
            + ([w.aligned.start, w.aligned.end] if w.aligned else [])
            for w in transcript.words
        ],
    }


def transcript_from_json(data: dict[str, Any]) -> Transcript:
    def word(row: list[Any]) -> Word:
        aligned = Interval(row[5], row[6]) if len(row) > 5 else None
        return Word(row[0], row[1], row[2], row[3], row[4], aligned)

    return Transcript(
        words=tuple(word(row) for row in data["words"]),
        duration=data["duration"],
        language=data["language"],
        channel=data["channel"],
        speech=None if data["speech"] is None else tuple(Interval(a, b) for a, b in data["speech"]),
        unreliable=tuple(Interval(a, b) for a, b in data["unreliable"]),
    )


class CachedTranscriber:
    """Transcribes each distinct channel once, ever: transcripts kept as JSON in a folder.
    Whisper is loaded only on the first miss."""

    def __init__(self, model: str, folder: Path) -> None:
        self._local = resolve_model(model)
        self._folder = folder
        self._inner: WhisperTranscriber | None = None
        self.cpu_seconds = 0.0
        self.audio_seconds = 0.0

    @property
    def model_name(self) -> str:
        return self._local.name

    @property
    def model_version(self) -> str:
        return self._local.version

    def variant(self, *, beam_size: int, vad: bool) -> CachedTranscriber:
        raise NotImplementedError("verification is not part of this benchmark")

    def transcribe(self, samples: np.ndarray, duration: float) -> Transcript:
        key = hashlib.sha256(samples.tobytes() + repr(duration).encode()).hexdigest()[:32]
        path = self._folder / f"{self._local.name}-{key}.json"
        if path.exists():
            return transcript_from_json(json.loads(path.read_text()))
        if self._inner is None:
            self._inner = WhisperTranscriber(self._local)
        started = time.process_time()
        transcript = self._inner.transcribe(samples, duration)
        self.cpu_seconds += time.process_time() - started
        self.audio_seconds += len(samples) / 16000
        self._folder.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(transcript_json(transcript)))
        return transcript


class CachedAligner:
    """A :class:`ForcedAligner` whose results are kept as JSON in a folder, keyed by the
    aligner's source code too, so a change to it aligns again."""

    def __init__(self, inner: ForcedAligner, folder: Path) -> None:
        self._inner = inner
        self._folder = folder
        package = Path(redactor.__file__).parent
        self._code = hashlib.sha256(
            b"".join(
                (package / name).read_bytes()
                for name in ("forced_alignment.py", "sphinx.py", "pronounce.py")
            )
        ).hexdigest()

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def counts(self) -> AlignmentCounts:
        return self._inner.counts

    def align(
        self, source: SampleSource, transcript: Transcript, *, around: Sequence[Interval] | None
    ) -> Transcript:
        wanted = {
            "code": self._code,
            "transcript": transcript_json(transcript),
            "around": None if around is None else [[i.start, i.end] for i in around],
        }
        key = hashlib.sha256(json.dumps(wanted).encode()).hexdigest()[:32]
        path = self._folder / f"aligned-{key}.json"
        if path.exists():
            return transcript_from_json(json.loads(path.read_text()))
        aligned = self._inner.align(source, transcript, around=around)
        self._folder.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(transcript_json(aligned)))
        return aligned


def parse_variant(text: str) -> tuple[str, dict[str, Any]]:
    """``NAME:field=value,field=value`` (values as JSON: 0.1, true, "flag")."""
    name, _, settings = text.partition(":")
    fields: dict[str, Any] = {}
    for pair in filter(None, settings.split(",")):
        key, _, value = pair.partition("=")
        fields[key.strip()] = json.loads(value)
    return name, fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--model", action="append", dest="models")
    parser.add_argument("--variant", action="append", default=[], type=parse_variant)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--no-whisper", action="store_true", help="skip the MODEL-whisper runs")
    parser.add_argument(
        "--no-aligned", action="store_true", help="skip the MODEL-aligned (default policy) runs"
    )
    arguments = parser.parse_args()

    aligner = CachedAligner(sphinx_aligner(), arguments.cache)
    transcribers = {
        m: CachedTranscriber(m, arguments.cache) for m in arguments.models or ["tiny.en"]
    }
    detector = None
    systems: dict[str, Redactor] = {}
    for model, transcriber in transcribers.items():
        policies = {} if arguments.no_whisper else {"whisper": Policy(word_alignment=False)}
        if not arguments.no_aligned:
            policies["aligned"] = Policy()
        policies.update((name, replace(Policy(), **fields)) for name, fields in arguments.variant)
        for label, policy in policies.items():
            redactor = Redactor(
                model, policy=policy, transcriber=transcriber, detector=detector, aligner=aligner
            )
            detector = redactor.detector
            systems[f"{model}-{label}"] = redactor
    if arguments.baseline:
        first = next(iter(transcribers.values()))
        systems[BASELINE] = Redactor(
            first.model_name,
            transcriber=first,
            detector=PresidioDefaultsDetector(),
            policy=BASELINE_POLICY,
        )
    summaries = evaluate_corpus(systems, arguments.corpus, arguments.out)
    print(format_table(summaries))
    costs = {
        model: {
            "transcription_cpu_seconds": round(t.cpu_seconds, 2),
            "transcribed_audio_seconds": round(t.audio_seconds, 2),
        }
        for model, t in transcribers.items()
    }
    costs["aligner"] = {k: round(v, 2) for k, v in asdict(aligner.counts).items()}
    print(json.dumps(costs))
    arguments.out.mkdir(parents=True, exist_ok=True)
    (arguments.out / "alignment_eval.json").write_text(
        json.dumps({"summaries": summaries, "costs": costs}, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
