"""A small folder through a local Ray comes out exactly as through the plain, one-by-one batch."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from fixture_paths import ARCTIC_CLIP, SAMPLE_AUDIO

from redactor.batch import on_ray as ray_batch
from redactor.batch.outcome import FileOutcome, redact_one
from redactor.inputs import InputFile, find_inputs
from redactor.pipeline import RedactorSettings

pytest.importorskip("ray")

pytestmark = pytest.mark.slow


def _by_input(outcomes: list[FileOutcome]) -> dict[str, FileOutcome]:
    return {outcome.input.relative.as_posix(): outcome for outcome in outcomes}


def _outputs(out: Path, outcome: FileOutcome) -> dict[str, Any]:
    """The audio and transcript bytes, and the report less the recognizers' names: when two
    recognizers find the same span with the same score, which one is named depends on the
    process's string hash seed, and every Ray worker is a process of its own."""
    row = outcome.manifest_row(out, encrypted=False)
    report = json.loads((out / str(row["report"])).read_text(encoding="utf-8"))
    for redaction in report["redactions"]:
        del redaction["recognizer"]
    return {
        "audio": (out / str(row["audio"])).read_bytes(),
        "transcript": (out / str(row["transcript"])).read_bytes(),
        "report": report,
    }


def test_a_local_ray_gives_the_plain_batchs_outcomes_manifest_and_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # relative paths, as a user types them
    calls = Path("calls")
    (calls / "nested").mkdir(parents=True)
    for name in ("billing.mp3", "pharmacy.wav"):
        shutil.copy(SAMPLE_AUDIO / name, calls / name)
    shutil.copy(ARCTIC_CLIP, calls / "nested" / ARCTIC_CLIP.name)
    items: list[InputFile] = find_inputs([calls])
    plain_out, ray_out = Path("plain"), Path("ray")
    for out in (plain_out, ray_out):
        (out / "nested").mkdir(parents=True)

    redactor = RedactorSettings().build()
    plain = _by_input([redact_one(redactor, item, plain_out) for item in items])
    ray_outcomes = ray_batch.redact_on_ray(
        RedactorSettings(), items, ray_out, address=None, workers=2, num_cpus=2
    )
    on_ray = _by_input(list(ray_outcomes))

    assert sorted(on_ray) == sorted(plain) == ["billing.mp3", "nested/arctic_a0007.wav",
                                               "pharmacy.wav"]  # fmt: skip
    for name, outcome in plain.items():
        assert outcome.status == "redacted", outcome.error
        assert on_ray[name].status == outcome.status
        assert on_ray[name].input == outcome.input
        assert on_ray[name].manifest_row(ray_out, encrypted=False) == outcome.manifest_row(
            plain_out, encrypted=False
        )
        assert _outputs(ray_out, on_ray[name]) == _outputs(plain_out, outcome), name


class _DyingActor:
    """Stands in for RedactorActor without models: its process dies on any file named die.wav."""

    def __init__(self, settings: RedactorSettings, cwd: str) -> None:
        self.settings = settings

    def ready(self) -> None:
        return None

    def redact(self, item: InputFile, out: Path) -> FileOutcome:
        if item.path.name == "die.wav":
            os._exit(1)
        (out / item.relative).write_bytes(b"")
        return FileOutcome(item, "redacted")


def test_an_actor_that_dies_fails_only_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ray import cloudpickle

    here = sys.modules[__name__]
    cloudpickle.register_pickle_by_value(here)  # type: ignore[no-untyped-call]
    monkeypatch.setattr(ray_batch, "RedactorActor", _DyingActor)
    names = ["a.wav", "b.wav", "die.wav", "d.wav", "e.wav"]
    items = [InputFile(tmp_path / "in" / name, Path(name)) for name in names]
    (tmp_path / "out").mkdir()

    try:
        outcomes = list(
            ray_batch.redact_on_ray(
                RedactorSettings(), items, tmp_path / "out", address=None, workers=2, num_cpus=2
            )
        )
    finally:
        cloudpickle.unregister_pickle_by_value(here)  # type: ignore[no-untyped-call]

    statuses = {o.input.relative.as_posix(): (o.status, o.error) for o in outcomes}
    assert statuses == {
        "a.wav": ("redacted", None), "b.wav": ("redacted", None), "d.wav": ("redacted", None),
        "e.wav": ("redacted", None), "die.wav": ("failed", "worker failed (ActorDiedError)"),
    }  # fmt: skip
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.wav", "b.wav", "d.wav",
                                                                     "e.wav"]  # fmt: skip
