"""The default number of worker processes follows the batch (issue 17, defect 8): each worker
loads the models again, which a small batch never repays."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fake_models import use_fake_models
from fixture_paths import ARCTIC_CLIP, ROOT

from redactor import batch
from redactor.batch import FILES_PER_WORKER, BatchSummary, auto_workers
from redactor.cli import cli


@pytest.mark.parametrize(("files", "cores", "expected"), [
    (1, 2, 1), (3, 2, 1), (FILES_PER_WORKER * 2 - 1, 2, 1), (FILES_PER_WORKER * 2, 2, 2),
    (1000, 2, 2), (1000, 1, 1), (1000, 64, 4), (FILES_PER_WORKER * 3, 64, 3),
])  # fmt: skip
def test_auto_workers(files: int, cores: int, expected: int) -> None:
    assert auto_workers(files, cores) == expected


@pytest.mark.parametrize(("count", "expected"), [(3, 1), (FILES_PER_WORKER * 2, 2)])
def test_the_cli_picks_workers_from_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, expected: int
) -> None:
    use_fake_models(monkeypatch)
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 2)
    chosen: list[int] = []

    def run_batch(*_: Any, workers: int, **__: Any) -> BatchSummary:
        chosen.append(workers)
        return BatchSummary((), tmp_path / "out" / "manifest.jsonl")

    monkeypatch.setattr("redactor.cli.run_batch", run_batch)
    calls = tmp_path / "calls"
    calls.mkdir()
    for number in range(count):
        shutil.copy(ARCTIC_CLIP, calls / f"{number}.wav")
    result = CliRunner().invoke(cli, ["redact", str(calls), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert chosen == [expected]


def test_the_default_is_documented() -> None:
    help_text = " ".join(CliRunner().invoke(cli, ["redact", "--help"]).output.split())
    assert f"Default: one per {FILES_PER_WORKER} recordings" in help_text
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"default: one per {FILES_PER_WORKER} recordings" in readme
