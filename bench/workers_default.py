"""Time ``redactor redact`` with one worker and with two on batches of several sizes, side by
side in one run, to choose the default ``--workers`` (``redactor.batch.auto_workers``).

    .venv/bin/python bench/workers_default.py --sizes 3 8 16 --repeat 1

Each batch is that many copies of the sample calls (15-25 s each, cycling). Runs alternate
between the worker counts, so a busy machine slows both alike. Wall time includes loading the
models: in the parent for one worker, and in every worker process for two or more (the parent
loads them too, first, to check the model and options).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_audio").glob("*.[wm][ap][v3]"))


def batch_of(size: int, folder: Path) -> Path:
    folder.mkdir()
    for number in range(size):
        source = SAMPLES[number % len(SAMPLES)]
        shutil.copy(source, folder / f"{number:03d}-{source.name}")
    return folder


def timed_run(calls: Path, out: Path, workers: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "redactor", "redact", str(calls), "--out", str(out),
         "--workers", str(workers)],
        check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3, 8, 16])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    arguments = parser.parse_args()
    print(f"{os.cpu_count()} cores; files: {', '.join(p.name for p in SAMPLES)} (cycling)")
    print("files  " + "  ".join(f"workers={w:<2} s" for w in arguments.workers) + "  ratio")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        for size in arguments.sizes:
            calls = batch_of(size, work / f"calls-{size}")
            for repetition in range(arguments.repeat):
                seconds = []
                for workers in arguments.workers:
                    out = work / f"out-{size}-{workers}-{repetition}"
                    seconds.append(timed_run(calls, out, workers))
                cells = "  ".join(f"{s:12.1f}" for s in seconds)
                print(f"{size:5d}  {cells}  {seconds[-1] / seconds[0]:5.2f}", flush=True)


if __name__ == "__main__":
    main()
