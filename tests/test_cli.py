"""The CLI mirrors the API; its results are checked through the API (the manifest reader)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from fixture_paths import ARCTIC_CLIP, SAMPLE_AUDIO

from redactor import read_manifest
from redactor.cli import cli
from redactor.leaks import leaked_items


@pytest.fixture()
def calls(tmp_path: Path) -> Path:
    """A folder of recordings: a real call in a subfolder, a clean clip, and a corrupt file."""
    folder = tmp_path / "calls"
    (folder / "team a").mkdir(parents=True)
    shutil.copy(SAMPLE_AUDIO / "scheduling.wav", folder / "team a" / "scheduling.wav")
    shutil.copy(ARCTIC_CLIP, folder / "clean.wav")
    (folder / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt not really audio")
    return folder


def test_batch_redacts_good_files_and_fails_the_corrupt_one_alone(
    calls: Path, tmp_path: Path, phi_strings: list[str]
) -> None:
    before = {path: path.read_bytes() for path in calls.rglob("*") if path.is_file()}
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["redact", str(calls), "--out", str(out)])

    assert result.exit_code == 1
    assert "1 failed" in result.output
    assert "broken.wav" in result.output
    assert "Traceback" not in result.output
    rows = {row["input"]: row for row in read_manifest(out)}
    assert set(rows) == {"broken.wav", "clean.wav", "team a/scheduling.wav"}
    assert rows["broken.wav"]["status"] == "failed"
    assert rows["broken.wav"]["error"]
    assert rows["broken.wav"]["audio"] is None
    for name in ("clean.wav", "team a/scheduling.wav"):
        assert rows[name]["status"] == "redacted"
        for key in ("audio", "transcript", "report"):
            assert (out / rows[name][key]).is_file()
    assert rows["team a/scheduling.wav"]["audio"] == "team a/scheduling.wav"
    assert not (out / "broken.wav").exists()
    # Originals are never modified, and nothing the CLI printed carries PHI.
    assert before == {path: path.read_bytes() for path in calls.rglob("*") if path.is_file()}
    assert leaked_items(phi_strings, result.output) == []
    bookkeeping = (out / "manifest.jsonl").read_text() + (out / "audit.jsonl").read_text()
    assert leaked_items(phi_strings, bookkeeping) == []


def test_all_good_files_exit_zero(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["redact", str(ARCTIC_CLIP), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    (row,) = read_manifest(tmp_path / "o")
    assert (row["input"], row["status"], row["error"]) == ("arctic_a0007.wav", "redacted", None)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--model", "huge"], "unknown model 'huge'"),
        (["--verify", "--verify-model", "huge"], "unknown model 'huge'"),
        (["--padding", "-1"], "padding must be between"),
        (["--entities", "PERSON,NOT_A_TYPE"], "NOT_A_TYPE"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    calls: Path, tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = CliRunner().invoke(
        cli, ["redact", str(calls), "--out", str(tmp_path / "o"), *arguments]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o" / "manifest.jsonl").exists()


def test_verify_model_is_the_second_listens(tmp_path: Path) -> None:
    args = ["redact", str(ARCTIC_CLIP), "--out", str(tmp_path / "o"), "--verify"]
    result = CliRunner().invoke(cli, [*args, "--verify-model", "base"])
    assert result.exit_code == 0, result.output
    (row,) = read_manifest(tmp_path / "o")
    report = json.loads((tmp_path / "o" / row["report"]).read_text())
    assert report["verification"]["settings"]["model"] == "base"


@pytest.mark.parametrize("out", ["calls", "calls/redacted"])
def test_refuses_an_out_folder_that_overlaps_the_input(
    tmp_path: Path, calls: Path, out: str
) -> None:
    result = CliRunner().invoke(cli, ["redact", str(calls), "--out", str(tmp_path / out)])
    assert result.exit_code == 2
    assert "inside" in result.output
    assert not (tmp_path / out / "manifest.jsonl").exists()


def test_every_command_has_help() -> None:
    for name, command in cli.commands.items():
        assert command.help, f"command {name} has no help text"
        assert isinstance(command, click.Command)
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                assert parameter.help, f"{name} {parameter.opts} has no help text"


def test_models_command_lists_the_default() -> None:
    result = CliRunner().invoke(cli, ["models"])
    assert result.exit_code == 0
    assert "tiny.en" in result.output and "[installed]" in result.output


def test_python_dash_m_works() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "redactor", "--help"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0
    assert "redact" in completed.stdout
