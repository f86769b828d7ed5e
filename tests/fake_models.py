"""Run the real command line with fake models: ``RedactorSettings.build`` gives a Redactor with
the fake transcriber and detector of :mod:`redactor.testing`, so a test exercises the CLI's
decoding, encoding, bookkeeping, exit codes and signals without loading Whisper or spaCy.

In-process (``CliRunner``): ``use_fake_models(monkeypatch)``. As a separate process (for real
signals): ``python tests/fake_models.py redact ...``, where the environment variables
``FAKE_LOAD_SECONDS`` and ``FAKE_FILE_SECONDS`` make loading and each file that slow, and
``FAKE_MARKERS`` names a folder where each process that loads the models leaves a file named
after its pid. Worker processes import this file as their main module, so they get the same
fakes.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from redactor import Redactor
from redactor.pipeline import RedactorSettings
from redactor.testing import FakeDetector, FakeTranscriber, transcript_from
from redactor.types import Transcript

WORDS = transcript_from([("and", 0.2, 0.6), ("always", 1.0, 1.3)], 4.0)


class SlowTranscriber(FakeTranscriber):
    """The fake transcriber, taking ``seconds`` per file (in small steps, as a model would)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(WORDS)
        self._seconds = seconds

    def transcribe(self, samples: np.ndarray, duration: float) -> Transcript:
        deadline = time.monotonic() + self._seconds
        while time.monotonic() < deadline:
            time.sleep(0.05)
        return super().transcribe(samples, duration)


def fake_build(settings: RedactorSettings) -> Redactor:
    markers = os.environ.get("FAKE_MARKERS")
    if markers:
        Path(markers, str(os.getpid())).touch()
    time.sleep(float(os.environ.get("FAKE_LOAD_SECONDS", "0")))
    return Redactor(
        policy=settings.policy,
        verify=settings.verify,
        transcriber=SlowTranscriber(float(os.environ.get("FAKE_FILE_SECONDS", "0"))),
        detector=FakeDetector(lambda word: word == "always"),
    )


def use_fake_models(monkeypatch: Any) -> None:
    monkeypatch.setattr(RedactorSettings, "build", fake_build)


# Spawned workers import the main script as __mp_main__: they patch too. An import by a test
# (in-process) patches nothing; use use_fake_models there.
if __name__ in ("__main__", "__mp_main__"):
    RedactorSettings.build = fake_build  # type: ignore[method-assign]

if __name__ == "__main__":
    from redactor.cli import main

    main()
