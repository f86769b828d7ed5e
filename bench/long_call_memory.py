"""Peak memory of redacting one long recording, run after run.

    .venv/bin/python bench/long_call_memory.py --hours 3 --repeat 5

Writes a recording of faint noise with ``sample_audio/scheduling.wav`` copied in at 10, 90 and
175 minutes (``redactor.testing.write_long_recording``), then runs ``redactor redact FILE
--workers 1 --force`` in a fresh process ``--repeat`` times and prints each run's peak RSS
(ru_maxrss of that process) and wall seconds, then the median and the largest. The issue's
bound is 1.5 GB (1430 MiB).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from redactor.testing import write_long_recording

ROOT = Path(__file__).resolve().parent.parent
# A fresh parent per run, so RUSAGE_CHILDREN sees that run's redactor process alone.
MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    starts = [s * 60.0 for s in (10, 90, 175) if s * 60.0 < arguments.hours * 3600 - 20]
    peaks = []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "long.wav"
        write_long_recording(
            source, ROOT / "sample_audio" / "scheduling.wav", hours=arguments.hours, starts=starts
        )
        command = [sys.executable, "-m", "redactor", "redact", str(source), "--out",
                   str(Path(folder) / "out"), "--workers", "1", "--force"]  # fmt: skip
        for run in range(arguments.repeat):
            started = time.perf_counter()
            measured = subprocess.run(
                [sys.executable, "-c", MEASURE, *command],
                check=True,
                capture_output=True,
                text=True,
            )
            peaks.append(int(measured.stdout.split()[-1]))
            print(
                f"run {run + 1}: peak RSS {peaks[-1]} MiB, {time.perf_counter() - started:.1f} s",
                flush=True,
            )
    print(f"median {statistics.median(peaks):.0f} MiB, largest {max(peaks)} MiB (bound 1430 MiB)")


if __name__ == "__main__":
    main()
