"""Measure speed against PHI recall for several decoding settings, on one corpus, in one run.

    .venv/bin/python bench/make_calls.py /tmp/c1 --seed 1 --count 30
    .venv/bin/python bench/decoding_sweep.py /tmp/c1 --out /tmp/decoding

Each setting (model, beam size, VAD, CPU threads) transcribes every call itself, through the
full pipeline with the default policy and redactor's detector (loaded once, shared), and is
scored by :func:`redactor.evaluate.evaluate_corpus`. Speed is the wall time of the
``redact_file`` calls alone: model loading and scoring are not counted. The CPU seconds (this
process's threads) are printed too, because on a shared machine they move less than wall time.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor import Redactor
from redactor.evaluate import evaluate_corpus, load_gold
from redactor.models import resolve_model
from redactor.pipeline import Detector
from redactor.transcribe import WhisperTranscriber


@dataclass(frozen=True)
class Decoding:
    """One decoding setting of the transcriber."""

    model: str = "tiny.en"
    beam_size: int = 1
    vad: bool = True
    cpu_threads: int = 2


SETTINGS = {
    "tiny.en beam 1 (default)": Decoding(),
    "tiny.en beam 2": Decoding(beam_size=2),
    "tiny.en beam 5": Decoding(beam_size=5),
    "tiny.en beam 1, no VAD": Decoding(vad=False),
    "tiny.en beam 1, 1 thread": Decoding(cpu_threads=1),
    "base beam 1": Decoding(model="base"),
}


def first_calls(corpus: Path, count: int, out_dir: Path) -> Path:
    """A corpus of the first ``count`` calls of ``corpus``: links to its files, and its gold
    entries for them."""
    subset = out_dir / f"first-{count}"
    subset.mkdir(parents=True, exist_ok=True)
    gold = json.loads((corpus / "gold.json").read_text())
    gold["calls"] = gold["calls"][:count]
    for call in gold["calls"]:
        link = subset / call["file"]
        if not link.exists():
            link.symlink_to((corpus / call["file"]).resolve())
    (subset / "gold.json").write_text(json.dumps(gold))
    return subset


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--first", type=int, help="only the first N calls of the corpus")
    parser.add_argument(
        "--setting",
        action="append",
        choices=list(SETTINGS),
        help="run only these settings (repeatable; default: all)",
    )
    arguments = parser.parse_args()
    corpus = arguments.corpus
    if arguments.first:
        corpus = first_calls(corpus, arguments.first, arguments.out)
    audio = sum(float(call["duration"]) for call in load_gold(corpus))
    print(f"{len(load_gold(corpus))} calls, {audio:.0f} s of audio")

    # Beam size and VAD are per call, so one loaded model serves every setting with its
    # thread count; the detector does not depend on the model at all.
    loaded: dict[tuple[str, int], WhisperTranscriber] = {}
    detector: Detector | None = None
    results: dict[str, dict[str, Any]] = {}
    print(
        f"{'setting':28} {'wall s':>7} {'CPU s':>7} {'audio s/s':>9} {'recall':>7} "
        f"{'audible PHI s':>13} {'non-PHI beeped':>14} {'leaks':>5}"
    )
    for name in arguments.setting or list(SETTINGS):
        setting = SETTINGS[name]
        key = (setting.model, setting.cpu_threads)
        fresh = key not in loaded
        if fresh:
            loaded[key] = WhisperTranscriber(
                resolve_model(setting.model), cpu_threads=setting.cpu_threads
            )
        transcriber = loaded[key].variant(beam_size=setting.beam_size, vad=setting.vad)
        system = Redactor(
            setting.model,
            cpu_threads=setting.cpu_threads,
            beam_size=setting.beam_size,
            transcriber=transcriber,
            detector=detector,
        )
        detector = system.detector
        if fresh:
            # The first call on a freshly loaded model (and detector) pays one-off set-up
            # costs; keep them out of the setting that happens to run first.
            first = corpus / load_gold(corpus)[0]["file"]
            system.redact_file(first, arguments.out / "warm-up")
        started = time.perf_counter()
        summary = evaluate_corpus({name: system}, corpus, arguments.out)[name]
        summary["setting"] = vars(setting)
        summary["total_wall_seconds"] = round(time.perf_counter() - started, 2)
        results[name] = summary
        wall = summary["redact_wall_seconds"]
        print(
            f"{name:28} {wall:7.1f} {summary['redact_cpu_seconds']:7.1f} {audio / wall:9.1f} "
            f"{summary['recall']:7.3f} {summary['audible_phi_seconds']:13.2f} "
            f"{summary['non_phi_beeped_share']:14.1%} {summary['transcript_phi_leaks']:5d}",
            flush=True,
        )
    (arguments.out / "sweep.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
