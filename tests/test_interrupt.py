"""Ctrl-C stops a batch promptly, leaves no output without its manifest row, prints no traceback
and exits 130 (issue 17, defect 4).

Each test runs the real command line in a process of its own (with the fake models of
``fake_models.py``, slowed down so that the signal lands where the test wants it) and sends it
a real SIGINT: to its whole process group, as Ctrl-C on a terminal does, or to the parent alone,
as a job runner may.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fixture_paths import ARCTIC_CLIP

from redactor import read_manifest

SCRIPT = Path(__file__).with_name("fake_models.py")
PROMPT_SECONDS = 10.0  # generous: the machine running the tests may be busy


def _calls(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        shutil.copy(ARCTIC_CLIP, folder / f"call-{number:02d}.wav")
    return folder


def _as_from_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(
    tmp_path: Path, count: int, workers: int, *, load: float, per_file: float
) -> tuple[subprocess.Popen[str], Path, Path]:
    calls, out, markers = _calls(tmp_path / "calls", count), tmp_path / "out", tmp_path / "loads"
    markers.mkdir()
    environment = os.environ | {
        "FAKE_LOAD_SECONDS": str(load),
        "FAKE_FILE_SECONDS": str(per_file),
        "FAKE_MARKERS": str(markers),
    }
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "redact", str(calls), "--out", str(out),
         "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
        start_new_session=True,  # its own process group, like a job started from a shell
        # As from a terminal: a test run started in the background (nohup, CI) inherits SIGINT
        # ignored, and a Python started so never turns Ctrl-C into KeyboardInterrupt.
        preexec_fn=_as_from_a_terminal,
    )  # fmt: skip
    return process, out, markers


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the batch ended (exit {process.returncode}) before the interrupt")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the batch never reached the point to interrupt it at")
        time.sleep(0.05)


def _interrupt(process: subprocess.Popen[str], target: str) -> tuple[int, str, float]:
    """SIGINT to the group or the parent; the exit code, stderr, and seconds it took to stop."""
    sent = time.monotonic()
    if target == "group":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the batch did not stop within a minute of Ctrl-C")
    return process.returncode, stderr, time.monotonic() - sent


def _rows_written(out: Path) -> int:
    try:
        return len(read_manifest(out))
    except (OSError, ValueError):
        return 0


def _check_nothing_is_lost(out: Path) -> list[dict[str, str | None]]:
    """Every file in OUT is the manifest, the audit log, or an output a manifest row names;
    each row was audited; no temporary file is left."""
    rows = read_manifest(out)
    named = {row[key] for row in rows for key in ("audio", "transcript", "report") if row[key]}
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert files - {"manifest.jsonl", "audit.jsonl"} == named
    assert all(row["status"] == "redacted" for row in rows)
    audited = (out / "audit.jsonl").read_text().splitlines()
    assert len(audited) == len(rows)
    return rows


@pytest.mark.parametrize("target", ["group", "parent"])
@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_mid_batch_stops_promptly_and_loses_nothing(
    tmp_path: Path, workers: int, target: str
) -> None:
    process, out, _ = _start(tmp_path, 10, workers, load=0.0, per_file=2.0)
    _wait_for(lambda: _rows_written(out) >= 1, process)
    code, stderr, seconds = _interrupt(process, target)
    assert code == 130, stderr
    assert "Traceback" not in stderr
    (line,) = stderr.strip().splitlines()
    assert line.startswith("interrupted: ") and "before it stopped" in line
    assert seconds < PROMPT_SECONDS
    rows = _check_nothing_is_lost(out)
    assert 1 <= len(rows) < 10  # it stopped, rather than finishing the batch


@pytest.mark.parametrize("loading", ["parent", "workers"])
def test_ctrl_c_while_models_load_prints_no_traceback(tmp_path: Path, loading: str) -> None:
    process, out, markers = _start(tmp_path, 4, 2, load=3.0, per_file=0.0)

    def loading_now() -> bool:
        pids = {int(p.name) for p in markers.iterdir()}
        return bool(pids - {process.pid}) if loading == "workers" else process.pid in pids

    _wait_for(loading_now, process)
    code, stderr, seconds = _interrupt(process, "group")
    assert code == 130, stderr
    assert "Traceback" not in stderr
    (line,) = stderr.strip().splitlines()
    assert line.startswith("interrupted")
    assert seconds < PROMPT_SECONDS
    if out.exists():
        assert _check_nothing_is_lost(out) == []
