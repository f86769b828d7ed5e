"""Time the full pipeline against bare faster-whisper on the same files, in one run.

    .venv/bin/python bench/make_calls.py /tmp/bench-calls --seed 1 --count 14
    .venv/bin/python bench/bench_pipeline.py /tmp/bench-calls --repeat 3 --workers
    .venv/bin/python bench/bench_pipeline.py /tmp/bench-calls --model base --no-verify

In each repetition, on the same files and with the same model (``--model``, default tiny.en)
and decoding settings, it times (a) bare faster-whisper transcription (word timestamps, VAD,
every segment consumed), (b) the full redactor pipeline, and (c) the pipeline with --verify
(left out with ``--no-verify``), and prints the ratios b/a and c/a, audio seconds per wall
second, model load times, and the peak memory (RSS) of a separate ``redactor redact`` process
over the same files. In (b) it also measures the CPU seconds (this process, all threads) of
transcription and of word alignment, and prints alignment as a share of transcription.
``--workers`` also times the batch CLI with --workers 1 and --workers 2 on the same folder.
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

import numpy as np
from faster_whisper import WhisperModel

from redactor import Redactor, VerificationError
from redactor.audio import decode
from redactor.inputs import find_inputs
from redactor.models import resolve_model
from redactor.sphinx import sphinx_aligner
from redactor.transcribe import SampleSource, Transcriber, WhisperTranscriber
from redactor.types import Transcript

ROOT = Path(__file__).resolve().parent.parent
REDACTOR = [sys.executable, "-m", "redactor"]


class TimedTranscriber:
    """A transcriber that adds up the CPU seconds (every thread of this process) it spends."""

    def __init__(self, inner: WhisperTranscriber) -> None:
        self._inner = inner
        self.cpu_seconds = 0.0

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    @property
    def model_version(self) -> str:
        return self._inner.model_version

    def variant(self, *, beam_size: int, vad: bool) -> Transcriber:
        return self._inner.variant(beam_size=beam_size, vad=vad)

    def transcribe(self, samples: np.ndarray, duration: float) -> Transcript:
        started = time.process_time()
        try:
            return self._inner.transcribe(samples, duration)
        finally:
            self.cpu_seconds += time.process_time() - started

    def transcribe_source(self, source: SampleSource, duration: float) -> Transcript:
        started = time.process_time()
        try:
            return self._inner.transcribe_source(source, duration)
        finally:
            self.cpu_seconds += time.process_time() - started


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
    parser.add_argument("--model", default="tiny.en", help="Whisper model (default tiny.en)")
    parser.add_argument("--no-verify", action="store_true", help="leave out (c)")
    arguments = parser.parse_args()

    files = [item.path for item in find_inputs(arguments.inputs)]
    audio_seconds = sum(decode(path).duration for path in files)
    local = resolve_model(arguments.model)
    # A model shipped in pieces (base) loads from memory.
    model_files = dict(local.files) if local.files is not None else None
    bare_load = timed(
        lambda: WhisperModel(
            str(local.path), device="cpu", compute_type="int8", cpu_threads=0, files=model_files
        )
    )
    # The same threads as the pipeline's transcriber (one per core).
    bare = WhisperModel(
        str(local.path),
        device="cpu",
        compute_type="int8",
        cpu_threads=os.cpu_count() or 1,
        files=model_files,
    )
    started = time.perf_counter()
    transcriber = TimedTranscriber(WhisperTranscriber(local))
    aligner = sphinx_aligner()
    redactor = Redactor(local.name, transcriber=transcriber, aligner=aligner)
    redactor_load = time.perf_counter() - started
    checker = Redactor(
        local.name, transcriber=redactor.transcriber, detector=redactor.detector, verify=True
    )

    print(
        f"{len(files)} files, {audio_seconds:.1f} s of audio; load: bare model "
        f"{bare_load:.2f} s, Redactor (whisper + spaCy + Presidio) {redactor_load:.2f} s"
    )
    print(
        "rep  (a) bare_s  (b) full_s  (c) verify_s   b/a    c/a   full audio_s/s"
        "  transcribe_cpu_s  align_cpu_s  align/transcribe"
    )
    rows = []
    shares = []
    for repetition in range(arguments.repeat):
        a = timed(lambda: [bare_transcription(bare, path) for path in files])
        transcribe_cpu, align_cpu = transcriber.cpu_seconds, aligner.counts.cpu_seconds
        with tempfile.TemporaryDirectory() as out:
            b = timed(lambda: [redactor.redact_file(path, out) for path in files])  # noqa: B023
        transcribe_cpu = transcriber.cpu_seconds - transcribe_cpu
        align_cpu = aligner.counts.cpu_seconds - align_cpu
        shares.append(align_cpu / transcribe_cpu)
        c = float("nan")
        if not arguments.no_verify:
            with tempfile.TemporaryDirectory() as out:
                c = timed(lambda: [verified(checker, path, out) for path in files])  # noqa: B023
        rows.append((a, b, c))
        print(
            f"{repetition + 1:>3}  {a:10.2f}  {b:10.2f}  {c:12.2f}  {b / a:5.2f}  {c / a:5.2f}"
            f"  {audio_seconds / b:14.1f}  {transcribe_cpu:16.2f}  {align_cpu:11.2f}"
            f"  {align_cpu / transcribe_cpu:16.3f}"
        )
    median = statistics.median
    print(
        f"median b/a {median(b / a for a, b, _ in rows):.3f}, "
        f"c/a {median(c / a for a, _, c in rows):.3f}, "
        f"full pipeline {median(audio_seconds / b for _, b, _ in rows):.1f} audio s per s, "
        f"{median(b for _, b, _ in rows) / audio_seconds * 60:.2f} s per audio minute, "
        f"alignment {median(shares):.3f} of transcription CPU "
        f"({aligner.counts.groups} groups aligned, {aligner.counts.failed} failed)"
    )

    with tempfile.TemporaryDirectory() as out:
        seconds, peak = cli_run(
            ["redact", *map(str, files), "--out", out, "--workers", "1", "--model", local.name]
        )
    print(f"redactor redact CLI (1 worker, load included): {seconds:.1f} s, peak RSS {peak} MiB")
    if arguments.workers:
        for workers in (1, 2):
            with tempfile.TemporaryDirectory() as out:
                seconds, _ = cli_run(
                    ["redact", *map(str, files), "--out", out, "--workers", str(workers),
                     "--model", local.name]
                )  # fmt: skip
            print(
                f"batch --workers {workers}: {seconds:.1f} s, "
                f"{audio_seconds / seconds:.1f} audio s per s (load included)"
            )


if __name__ == "__main__":
    main()
