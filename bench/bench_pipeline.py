"""Time the full pipeline against bare faster-whisper on the same files, in one run.

    .venv/bin/python bench/bench_pipeline.py [FILES_OR_FOLDERS...] [--repeat 3]

Prints, per repetition and as the median: audio seconds, (a) bare transcription time,
(b) full redactor time, the ratio b/a, and seconds of processing per minute of audio.
Models load once, before timing, for both.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from faster_whisper import WhisperModel

from redactor import Redactor
from redactor.audio import decode
from redactor.inputs import find_inputs
from redactor.models import resolve_model

ROOT = Path(__file__).resolve().parent.parent


def bare_transcription(model: WhisperModel, path: Path) -> None:
    segments, _ = model.transcribe(
        str(path), beam_size=1, word_timestamps=True, vad_filter=True, language="en"
    )
    for _ in segments:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(ROOT / "sample_audio")])
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()

    files = [item.path for item in find_inputs(arguments.inputs)]
    audio_seconds = sum(decode(path).duration for path in files)
    local = resolve_model("tiny.en")
    bare = WhisperModel(str(local.path), device="cpu", compute_type="int8", cpu_threads=0)
    redactor = Redactor()

    ratios, per_minute = [], []
    print(f"{len(files)} files, {audio_seconds:.1f} s of audio")
    print("rep  bare_s  full_s  ratio  full_s_per_audio_min")
    for repetition in range(arguments.repeat):
        started = time.perf_counter()
        for path in files:
            bare_transcription(bare, path)
        bare_seconds = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            for path in files:
                redactor.redact_file(path, out)
            full_seconds = time.perf_counter() - started
        ratios.append(full_seconds / bare_seconds)
        per_minute.append(full_seconds / audio_seconds * 60)
        print(
            f"{repetition + 1:>3}  {bare_seconds:6.2f}  {full_seconds:6.2f}  "
            f"{ratios[-1]:5.2f}  {per_minute[-1]:6.2f}"
        )
    print(
        f"median ratio b/a {statistics.median(ratios):.2f}; "
        f"median {statistics.median(per_minute):.2f} s per minute of audio"
    )


if __name__ == "__main__":
    main()
