"""The audio scorer: a beeped item counts, an untouched one does not, and eval runs end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixture_paths import ARCTIC_CLIP, SAMPLE_AUDIO

from redactor import Redactor
from redactor.cli import cli
from redactor.evaluate import CachingTranscriber, format_table, score_call, summarize
from redactor.testing import FakeDetector, FakeTranscriber, transcript_from

WORDS = transcript_from([("and", 0.2, 0.6), ("always", 1.0, 1.3), ("superlative", 2.4, 3.0)], 4.0)
GOLD = {
    "file": "arctic_a0007.wav",
    "phi": [
        {"entity": "PERSON", "text": "always", "start": 0.94, "end": 1.18},
        {"entity": "ID_NUMBER", "text": "superlative", "start": 2.42, "end": 3.04},
    ],
    "non_phi": [{"text": "and you", "start": 0.0, "end": 0.6}],
}


def test_scores_the_beeped_item_as_redacted_and_the_other_as_audible(tmp_path: Path) -> None:
    redactor = Redactor(
        transcriber=FakeTranscriber(WORDS),
        detector=FakeDetector(lambda word: word == "always"),
    )
    result = redactor.redact_file(ARCTIC_CLIP, tmp_path)
    score = score_call(GOLD, ARCTIC_CLIP, result.outputs.audio, "and you [PERSON] superlative")
    assert [item.redacted for item in score.items] == [True, False]
    assert score.items[0].audible_seconds == 0.0
    assert score.items[1].audible_seconds > 0.3
    assert score.transcript_leaks == 1  # "superlative" left in the text
    summary = summarize([score])
    assert summary["recall"] == 0.5
    assert summary["by_entity"]["PERSON"]["recall"] == 1.0
    assert 0.0 < summary["non_phi_beeped_share"] < 1.0  # padding reaches into "and you"
    assert "PHI item recall" in format_table({"x": summary})


def test_caching_transcriber_transcribes_each_audio_once() -> None:
    import numpy as np

    inner = FakeTranscriber(WORDS, transcript_from([], 4.0))
    cached = CachingTranscriber(inner)
    samples = np.zeros(16000, dtype=np.float32)
    assert cached.transcribe(samples, 1.0) is cached.transcribe(samples, 1.0)
    assert cached.transcribe(samples + 1, 1.0).words == ()


def test_eval_command_scores_redactor_and_baseline(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_AUDIO, corpus, ignore=shutil.ignore_patterns("*.py", "*.md"))
    out = tmp_path / "eval"
    result = CliRunner().invoke(cli, ["eval", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summaries = json.loads((out / "eval.json").read_text())
    assert summaries["redactor"]["recall"] == pytest.approx(1.0)
    assert summaries["redactor"]["transcript_phi_leaks"] == 0
    assert summaries["presidio_defaults"]["recall"] < summaries["redactor"]["recall"]
