"""``beep_level_dbfs`` is the tone's peak level, and its documentation says so (issue 17,
defect 10): the default -20 dBFS beep measures -23 dBFS RMS."""

from __future__ import annotations

import numpy as np
from click.testing import CliRunner
from fixture_paths import ROOT
from pydub import AudioSegment

from redactor import Policy
from redactor.beep import beep_intervals
from redactor.cli import cli
from redactor.types import Interval


def test_the_beep_peaks_at_its_level_and_its_rms_is_3_db_lower() -> None:
    silence = AudioSegment.silent(duration=2000, frame_rate=16000)
    beeped = beep_intervals(silence, [Interval(0.0, 2.0)], level_dbfs=Policy().beep_level_dbfs)
    samples = np.array(beeped.get_array_of_samples(), dtype=float) / 32767
    steady = samples[1600:-1600]  # past the fade in and out
    peak_dbfs = 20 * np.log10(np.abs(steady).max())
    rms_dbfs = 20 * np.log10(np.sqrt(np.mean(steady**2)))
    assert abs(peak_dbfs - -20.0) < 0.05
    assert abs(rms_dbfs - -23.01) < 0.05


def test_the_documentation_calls_it_a_peak_level() -> None:
    assert "**peak** is at ``beep_level_dbfs``" in (Policy.__doc__ or "")
    help_text = " ".join(CliRunner().invoke(cli, ["redact", "--help"]).output.split())
    assert "--beep-level-dbfs FLOAT Peak level of the beep tone in dBFS" in help_text
    example = next(
        line for line in (ROOT / "README.md").read_text().splitlines()
        if line.startswith("beep_level_dbfs")
    )  # fmt: skip
    assert "peak" in example and "-23 dBFS RMS" in example
