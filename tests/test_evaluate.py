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
from redactor.evaluate import (
    CachingTranscriber,
    evaluate_corpus,
    evaluation_systems,
    format_table,
    score_call,
    summarize,
)
from redactor.models import LocalModel
from redactor.testing import FakeDetector, FakeTranscriber, transcript_from
from redactor.types import Transcript

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
    assert [item.unbeeped for item in score.items] == [False, True]
    assert score.items[0].audible_seconds == 0.0
    assert score.items[1].audible_seconds > 0.3
    assert score.transcript_leaks == 1  # "superlative" left in the text
    summary = summarize([score])
    assert summary["recall"] == 0.5
    assert summary["unbeeped_items"] == 1
    assert summary["by_entity"]["PERSON"]["recall"] == 1.0
    assert 0.0 < summary["non_phi_beeped_share"] < 1.0  # padding reaches into "and you"
    table = format_table({"x": summary})
    assert "PHI item recall" in table
    assert "PHI items with no beep" in table
    # Not measured here, so not shown as 1.0.
    assert [line.split() for line in table.splitlines() if line.startswith("label accuracy")] == [
        ["label", "accuracy", "-"]
    ]


def test_caching_transcriber_transcribes_each_audio_once() -> None:
    import numpy as np

    inner = FakeTranscriber(WORDS, transcript_from([], 4.0))
    cached = CachingTranscriber(inner)
    samples = np.zeros(16000, dtype=np.float32)
    assert cached.transcribe(samples, 1.0) is cached.transcribe(samples, 1.0)
    assert cached.transcribe(samples + 1, 1.0).words == ()


class NamedFake(FakeTranscriber):
    """A fake model with a name, so several can be scored side by side."""

    def __init__(self, name: str, *transcripts: Transcript) -> None:
        super().__init__(*transcripts)
        self.model_name = name


def arctic_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ARCTIC_CLIP, corpus / GOLD["file"])
    (corpus / "gold.json").write_text(json.dumps({"calls": [{**GOLD, "duration": 4.0}]}))
    return corpus


def test_each_model_is_scored_as_its_own_system_on_its_own_words(tmp_path: Path) -> None:
    # "tiny" hears only "and", "big" every word: only "big" can find the PHI.
    tiny = NamedFake("tiny", transcript_from([("and", 0.2, 0.6)], 4.0))
    big = NamedFake("big", WORDS)
    detector = FakeDetector(lambda word: word in ("always", "superlative"))
    systems = evaluation_systems([tiny, big], baseline=False, detector=detector)
    assert list(systems) == ["redactor-tiny", "redactor-big"]
    summaries = evaluate_corpus(systems, arctic_corpus(tmp_path), tmp_path / "ev")
    assert summaries["redactor-tiny"]["recall"] == 0.0
    assert summaries["redactor-big"]["recall"] == 1.0
    assert summaries["redactor-big"]["model"] == "big"
    assert summaries["redactor-big"]["audio_seconds"] == 4.0
    assert summaries["redactor-big"]["redact_wall_seconds"] > 0.0
    assert (tmp_path / "ev" / "redactor-tiny" / GOLD["file"]).is_file()
    table = format_table(summaries).splitlines()
    assert table[0].split() == ["redactor-tiny", "redactor-big"]
    assert table[1].split()[-2:] == ["0.000", "1.000"]


def test_the_same_model_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        evaluation_systems([NamedFake("x", WORDS), NamedFake("x", WORDS)], baseline=False)


def test_eval_command_takes_several_models_and_scores_the_baseline_on_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard = {"tiny.en": transcript_from([("and", 0.2, 0.6)], 4.0), "base": WORDS}
    monkeypatch.setattr(
        "redactor.models.resolve_model", lambda name: LocalModel(name, Path(name), "0")
    )
    monkeypatch.setattr(
        "redactor.transcribe.WhisperTranscriber",
        lambda model: NamedFake(model.name, heard[model.name]),
    )
    out = tmp_path / "eval"
    result = CliRunner().invoke(
        cli,
        ["eval", str(arctic_corpus(tmp_path)), "--out", str(out), "--model", "tiny.en",
         "--model", "base"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summaries = json.loads((out / "eval.json").read_text())
    assert list(summaries) == ["redactor-tiny.en", "redactor-base", "presidio-defaults"]
    assert summaries["presidio-defaults"]["model"] == "tiny.en"
    assert result.output.splitlines()[0].split() == list(summaries)


def test_eval_command_scores_redactor_and_baseline(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_AUDIO, corpus, ignore=shutil.ignore_patterns("*.py", "*.md"))
    out = tmp_path / "eval"
    result = CliRunner().invoke(cli, ["eval", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summaries = json.loads((out / "eval.json").read_text())
    assert list(summaries) == ["redactor-tiny.en", "presidio-defaults"]
    assert summaries["redactor-tiny.en"]["recall"] == pytest.approx(1.0)
    assert summaries["redactor-tiny.en"]["transcript_phi_leaks"] == 0
    assert summaries["presidio-defaults"]["recall"] < summaries["redactor-tiny.en"]["recall"]
