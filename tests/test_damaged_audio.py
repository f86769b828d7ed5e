"""A recording that decodes only in part is redacted, and the user is told: in the manifest, the
report, the audit log and on stderr.

What decodes of a truncated call still holds PHI, so it is redacted rather than refused; the
warning lets a QA job pick such files out of the manifest (``"warning"`` not null).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixture_paths import SAMPLE_AUDIO

from redactor import Redactor, read_manifest, run_batch
from redactor.audio import decode
from redactor.cli import cli
from redactor.testing import FakeDetector, FakeTranscriber, transcript_from

# billing.mp3 lasts 22.8 s; its first 55 % of bytes hold about 12.4 s.
FULL_SECONDS = 22.8


def truncated_billing(folder: Path, share: float = 0.55) -> Path:
    """billing.mp3 cut to its first ``share`` of bytes, in ``folder`` (whose name may be PHI)."""
    folder.mkdir(parents=True, exist_ok=True)
    whole = (SAMPLE_AUDIO / "billing.mp3").read_bytes()
    cut = folder / "billing.mp3"
    cut.write_bytes(whole[: int(len(whole) * share)])
    return cut


def test_a_whole_recording_decodes_without_a_warning() -> None:
    assert decode(SAMPLE_AUDIO / "billing.mp3").warning is None


@pytest.mark.parametrize("share", [0.3, 0.55, 0.9])
def test_a_truncated_mp3_decodes_what_is_there_with_a_warning(tmp_path: Path, share: float) -> None:
    decoded = decode(truncated_billing(tmp_path / "Jane Roe", share))
    assert decoded.duration < FULL_SECONDS * share + 1.0
    assert decoded.warning is not None
    assert decoded.warning.startswith("truncated: the audio stops at ")
    assert f"of the {FULL_SECONDS} s its header declares" in decoded.warning
    assert "Jane Roe" not in decoded.warning and "\n" not in decoded.warning


def test_a_truncated_mp3_is_redacted_and_flagged_in_manifest_report_and_audit(
    tmp_path: Path,
) -> None:
    cut = truncated_billing(tmp_path / "calls")
    (tmp_path / "calls" / "whole.mp3").write_bytes((SAMPLE_AUDIO / "billing.mp3").read_bytes())
    fake = Redactor(
        transcriber=FakeTranscriber(transcript_from([("my", 1.0, 1.2), ("name", 1.3, 1.6)], 0)),
        detector=FakeDetector(lambda word: word == "name"),
    )
    out = tmp_path / "out"
    summary = run_batch(fake, [tmp_path / "calls"], out)

    rows = {row["input"]: row for row in read_manifest(out)}
    assert rows["whole.mp3"]["warning"] is None
    row = rows[cut.name]
    assert row["status"] == "redacted" and row["error"] is None
    warning = row["warning"]
    assert warning is not None and warning.startswith("truncated: ")
    (outcome,) = [o for o in summary.outcomes if o.input.relative.name == cut.name]
    assert outcome.result is not None and outcome.result.warning == warning
    report = json.loads((out / str(row["report"])).read_text())
    assert report["warning"] == warning
    assert report["duration"] < FULL_SECONDS * 0.55 + 1.0
    audit = [json.loads(line) for line in (out / "audit.jsonl").read_text().splitlines()]
    assert [a["warning"] for a in audit if a["input"].endswith(cut.name)] == [warning]
    # The output holds what decoded, in the input's format.
    assert decode(out / cut.name).duration == pytest.approx(report["duration"], abs=0.05)


def test_the_command_line_prints_the_warning_on_stderr_and_exits_0(tmp_path: Path) -> None:
    cut = truncated_billing(tmp_path / "Jane Roe")
    result = CliRunner().invoke(cli, ["redact", str(cut), "--out", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert line.startswith("warning: billing.mp3: truncated: the audio stops at ")
    assert "Jane Roe" not in result.output
    (row,) = read_manifest(tmp_path / "out")
    assert row["status"] == "redacted" and row["warning"] == line.removeprefix(
        "warning: billing.mp3: "
    )
