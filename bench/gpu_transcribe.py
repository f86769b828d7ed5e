"""Time transcription on a GPU: bare faster-whisper against redactor's transcriber, in one run.

    .venv/bin/python bench/gpu_transcribe.py /tmp/bench-calls --device cuda \
        --compute-type float16 --batch-size 1 --batch-size 8 --repeat 3

On the same files, with the same model, in each repetition it times (a) bare faster-whisper
(word timestamps, VAD, beam 1, every segment consumed) and (t) redactor's ``WhisperTranscriber``
at each batch size: the evidence VAD pass, pieces cut at pauses, word timestamps. Detection and
redaction are not timed: they run on the CPU whatever the device. It prints wall seconds, audio
seconds per second and t/a, and how far each batch size's words differ from batch size 1's,
since batched decoding is only worth having if it keeps the words that get redacted.

``--model-dir`` points at a CTranslate2 Whisper folder instead of the installed tiny.en package
(a GPU machine that cannot install it gets the folder copied over).
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from faster_whisper import WhisperModel

from redactor.audio import AsrSource, decode
from redactor.inputs import find_inputs
from redactor.models import LocalModel, resolve_model
from redactor.transcribe import WhisperTranscriber
from redactor.types import Transcript


def bare_transcription(model: WhisperModel, path: Path) -> int:
    segments, _ = model.transcribe(
        str(path), beam_size=1, word_timestamps=True, vad_filter=True, language="en"
    )
    return sum(len(segment.words or ()) for segment in segments)


def gpu_memory_mib() -> str:
    """Memory in use on the first GPU, as nvidia-smi reports it (the allocator's cache too)."""
    if shutil.which("nvidia-smi") is None:
        return "n/a"
    query = ["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits"]
    result = subprocess.run(query, capture_output=True, text=True, check=False)
    return result.stdout.strip().splitlines()[0] if result.returncode == 0 else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--compute-type", default="float16")
    parser.add_argument("--batch-size", type=int, action="append", dest="batch_sizes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model-dir", type=Path)
    arguments = parser.parse_args()
    batch_sizes = arguments.batch_sizes or [1]

    model = (
        LocalModel("tiny.en", arguments.model_dir, "copied folder")
        if arguments.model_dir
        else resolve_model("tiny.en")
    )
    files = [item.path for item in find_inputs(arguments.inputs)]
    segments = {path: decode(path) for path in files}
    audio_seconds = sum(decoded.duration for decoded in segments.values())
    print(
        f"{len(files)} files, {audio_seconds:.1f} s of audio; device {arguments.device}, "
        f"{arguments.compute_type}; GPU memory before loading: {gpu_memory_mib()} MiB",
        flush=True,
    )

    started = time.perf_counter()
    bare = WhisperModel(
        str(model.path), device=arguments.device, compute_type=arguments.compute_type
    )
    print(f"bare model load {time.perf_counter() - started:.2f} s", flush=True)
    transcribers = {}
    for size in batch_sizes:
        started = time.perf_counter()
        transcribers[size] = WhisperTranscriber(
            model, device=arguments.device, compute_type=arguments.compute_type, batch_size=size
        )
        print(f"transcriber batch {size} load {time.perf_counter() - started:.2f} s", flush=True)

    def ours(size: int) -> dict[Path, Transcript]:
        return {
            path: transcribers[size].transcribe_source(AsrSource(decoded.segment), decoded.duration)
            for path, decoded in segments.items()
        }

    # Warm-up: the first call on a GPU pays for kernel loading and the allocator.
    bare_transcription(bare, files[0])
    for size in batch_sizes:
        ours(size)

    timings: dict[str, list[float]] = {"a": [], **{f"t{size}": [] for size in batch_sizes}}
    transcripts: dict[int, dict[Path, Transcript]] = {}
    for repetition in range(arguments.repeat):
        started = time.perf_counter()
        bare_words = sum(bare_transcription(bare, path) for path in files)
        timings["a"].append(time.perf_counter() - started)
        line = f"rep {repetition + 1}: (a) bare {timings['a'][-1]:.2f} s ({bare_words} words)"
        for size in batch_sizes:
            started = time.perf_counter()
            transcripts[size] = ours(size)
            timings[f"t{size}"].append(time.perf_counter() - started)
            line += f"  (t{size}) {timings[f't{size}'][-1]:.2f} s"
        print(line, flush=True)

    median = statistics.median
    a = median(timings["a"])
    print(f"median (a) bare faster-whisper: {a:.2f} s, {audio_seconds / a:.0f} audio s per s")
    reference = transcripts[batch_sizes[0]]
    for size in batch_sizes:
        t = median(timings[f"t{size}"])
        words = sum(len(transcript.words) for transcript in transcripts[size].values())
        similarity = statistics.mean(
            difflib.SequenceMatcher(
                a=[word.text.lower() for word in reference[path].words],
                b=[word.text.lower() for word in transcripts[size][path].words],
            ).ratio()
            for path in files
        )
        print(
            f"median (t) transcriber batch {size}: {t:.2f} s, {audio_seconds / t:.0f} audio s "
            f"per s, t/a {t / a:.2f}, {words} words, word similarity to batch "
            f"{batch_sizes[0]} {similarity:.3f}"
        )
    print(f"GPU memory with every model loaded: {gpu_memory_mib()} MiB")


if __name__ == "__main__":
    main()
