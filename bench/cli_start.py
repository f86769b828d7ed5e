"""Start-up time of the ``redactor`` command: wall time of ``--help`` in fresh processes.

Each command runs ``--repeat`` times (default 5) in a new interpreter, after one untimed run
that warms the disk cache; the median is printed, with the fastest and slowest run. Give
``--before SRC`` (another checkout's ``src`` folder) to time both side by side, run for run:

    .venv/bin/python bench/cli_start.py
    git archive 381523a src | (mkdir -p /tmp/before && tar -x -C /tmp/before)
    .venv/bin/python bench/cli_start.py --before /tmp/before/src

Both run ``python -m redactor`` with this interpreter, the checkout's ``src`` first on
``PYTHONPATH``, so they differ only in the code.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = (("--help",), ("redact", "--help"), ("models",))
HERE = Path(__file__).resolve().parents[1] / "src"


def _time_once(source: Path, arguments: tuple[str, ...]) -> float:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(source), os.environ.get("PYTHONPATH", "")])
    )
    env.setdefault("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "redactor", *arguments],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout's src folder to compare")
    args = parser.parse_args()
    sources = {"after": HERE} if args.before is None else {"before": args.before, "after": HERE}
    print(f"{'command':<24}" + "".join(f"{label:>26}" for label in sources))
    for arguments in COMMANDS:
        times: dict[str, list[float]] = {label: [] for label in sources}
        for source in sources.values():
            _time_once(source, arguments)  # warm the disk cache; not timed
        for _ in range(args.repeat):  # interleaved, so a busy moment hits both alike
            for label, source in sources.items():
                times[label].append(_time_once(source, arguments))
        cells = (
            f"{statistics.median(t):.3f} s ({min(t):.2f}-{max(t):.2f})" for t in times.values()
        )
        print(f"{'redactor ' + ' '.join(arguments):<24}" + "".join(f"{c:>26}" for c in cells))
    if len(sources) == 2:
        print(f"median of {args.repeat} runs each, interleaved; (fastest-slowest)")


if __name__ == "__main__":
    main()
