"""Time the full pipeline against bare faster-whisper on the same files, in one run.

    .venv/bin/python bench/make_calls.py /tmp/bench-calls --seed 1 --count 14
    .venv/bin/python bench/bench_pipeline.py /tmp/bench-calls --repeat 3 --workers

In each repetition, on the same files and with the same model and decoding settings, it times
(a) bare faster-whisper transcription (word timestamps, VAD, every segment consumed),
(b) the full redactor pipeline, and (c) the pipeline with --verify, and prints the ratios b/a
and c/a, audio seconds per wall second, model load times, and the peak memory (RSS) of a
separate ``redactor redact`` process over the same files. ``--workers`` also times the batch
CLI with --workers 1 and --workers 2 on the same folder.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from faster_whisper import WhisperModel

from redactor import Redactor, VerificationError
from redactor.audio import decode
from redactor.inputs import find_inputs
from redactor.models import resolve_model

ROOT = Path(__file__).resolve().parent.parent
REDACTOR = [sys.executable, "-m", "redactor"]


def bare_transcription(model: WhisperModel, path: Path) -> None:
    segments, _ = model.transcribe(
        str(path), beam_size=1, word_timestamps=True, vad_filter=True, language="en"
    )
    for _ in segments:
        pass


def verified(checker: Redactor, path: Path, out: str) -> None:
    """Redact with --verify; a file that fails verification did all the work all the same."""
    try:
        checker.redact_file(path, out)
    except VerificationError as error:
        print(f"  verification failed {path.name}: {error}", flush=True)


def timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def cli_run(arguments: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one redactor CLI process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([*REDACTOR, *arguments], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(ROOT / "sample_audio")])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", action="store_true", help="also time --workers 1 vs 2")
    arguments = parser.parse_args()

    files = [item.path for item in find_inputs(arguments.inputs)]
    audio_seconds = sum(decode(path).duration for path in files)
    local = resolve_model("tiny.en")
    bare_load = timed(
        lambda: WhisperModel(str(local.path), device="cpu", compute_type="int8", cpu_threads=0)
    )
    # The same threads as the pipeline's transcriber (one per core).
    bare = WhisperModel(
        str(local.path), device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 1
    )
    started = time.perf_counter()
    redactor = Redactor()
    redactor_load = time.perf_counter() - started
    checker = Redactor(transcriber=redactor.transcriber, detector=redactor.detector, verify=True)

    print(
        f"{len(files)} files, {audio_seconds:.1f} s of audio; load: bare model "
        f"{bare_load:.2f} s, Redactor (whisper + spaCy + Presidio) {redactor_load:.2f} s"
    )
    print("rep  (a) bare_s  (b) full_s  (c) verify_s   b/a    c/a   full audio_s/s")
    rows = []
    for repetition in range(arguments.repeat):
        a = timed(lambda: [bare_transcription(bare, path) for path in files])
        with tempfile.TemporaryDirectory() as out:
            b = timed(lambda: [redactor.redact_file(path, out) for path in files])  # noqa: B023
        with tempfile.TemporaryDirectory() as out:
            c = timed(lambda: [verified(checker, path, out) for path in files])  # noqa: B023
        rows.append((a, b, c))
        print(
            f"{repetition + 1:>3}  {a:10.2f}  {b:10.2f}  {c:12.2f}  {b / a:5.2f}  {c / a:5.2f}"
            f"  {audio_seconds / b:14.1f}"
        )
    median = statistics.median
    print(
        f"median b/a {median(b / a for a, b, _ in rows):.3f}, "
        f"c/a {median(c / a for a, _, c in rows):.3f}, "
        f"full pipeline {median(audio_seconds / b for _, b, _ in rows):.1f} audio s per s, "
        f"{median(b for _, b, _ in rows) / audio_seconds * 60:.2f} s per audio minute"
    )

    with tempfile.TemporaryDirectory() as out:
        seconds, peak = cli_run(["redact", *map(str, files), "--out", out, "--workers", "1"])
    print(f"redactor redact CLI (1 worker, load included): {seconds:.1f} s, peak RSS {peak} MiB")
    if arguments.workers:
        for workers in (1, 2):
            with tempfile.TemporaryDirectory() as out:
                seconds, _ = cli_run(
                    ["redact", *map(str, files), "--out", out, "--workers", str(workers)]
                )
            print(
                f"batch --workers {workers}: {seconds:.1f} s, "
                f"{audio_seconds / seconds:.1f} audio s per s (load included)"
            )


if __name__ == "__main__":
    main()
