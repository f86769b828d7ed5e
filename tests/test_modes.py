"""The API and the CLI write outputs with the same permissions: owner-only folders and files,
whatever the umask (issue 17, defect 6)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_models import WORDS, use_fake_models
from fixture_paths import ARCTIC_CLIP

from redactor import Redactor, run_batch
from redactor.cli import cli
from redactor.testing import FakeDetector, FakeTranscriber


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # the common default, under which mkdir gives 0755
    try:
        yield
    finally:
        os.umask(previous)


def _fake() -> Redactor:
    return Redactor(
        transcriber=FakeTranscriber(WORDS), detector=FakeDetector(lambda word: word == "always")
    )


def _modes(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in [root, *root.rglob("*")]
        if p.name not in ("manifest.jsonl", "audit.jsonl")
    }


def test_api_redact_file_makes_owner_only_folders_and_files(tmp_path: Path) -> None:
    result = _fake().redact_file(ARCTIC_CLIP, tmp_path / "out" / "a" / "b")
    assert result.outputs.audio.is_file()
    modes = _modes(tmp_path / "out")
    assert {modes[name] for name in (".", "a", "a/b")} == {0o700}
    assert {mode for name, mode in modes.items() if name.startswith("a/b/")} == {0o600}


def test_api_and_cli_give_the_same_permissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = tmp_path / "calls" / "team"
    calls.mkdir(parents=True)
    (calls / "call.wav").write_bytes(ARCTIC_CLIP.read_bytes())
    use_fake_models(monkeypatch)
    result = CliRunner().invoke(
        cli, ["redact", str(tmp_path / "calls"), "--out", str(tmp_path / "cli"), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    run_batch(_fake(), [tmp_path / "calls"], tmp_path / "batch")
    _fake().redact_file(calls / "call.wav", tmp_path / "api" / "team")
    assert _modes(tmp_path / "cli") == _modes(tmp_path / "batch") == _modes(tmp_path / "api")
