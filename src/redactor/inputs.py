"""Which recordings a batch takes: expand inputs, refuse overlapping outputs, pick a shard."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from redactor.audio import AUDIO_EXTENSIONS
from redactor.errors import ConfigError, InputError

SHARD_INDEX_VARIABLE = "JOB_COMPLETION_INDEX"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One recording to redact and its path relative to the input it was found under."""

    path: Path
    relative: Path


@dataclass(frozen=True, slots=True)
class Shard:
    """Slice ``index`` of ``count``: every ``count``-th input, starting at ``index``.

    >>> Shard.parse("1/3").select(list("abcdefg"))
    ['b', 'e']
    """

    index: int
    count: int

    @classmethod
    def parse(cls, text: str, environment: dict[str, str] | None = None) -> Shard:
        """Read ``I/N``, or ``N`` alone with ``I`` from ``$JOB_COMPLETION_INDEX`` (set by a
        Kubernetes Indexed Job).

        >>> Shard.parse("4", {"JOB_COMPLETION_INDEX": "2"})
        Shard(index=2, count=4)
        """
        env = os.environ if environment is None else environment
        index_text, _, count_text = text.rpartition("/")
        if not index_text:
            if SHARD_INDEX_VARIABLE not in env:
                raise ConfigError(
                    f"--shard {text}: give I/N, or set {SHARD_INDEX_VARIABLE} for the index"
                )
            index_text = env[SHARD_INDEX_VARIABLE]
        try:
            index, count = int(index_text), int(count_text)
        except ValueError as error:
            raise ConfigError(f"--shard {text!r} is not I/N with whole numbers") from error
        if count < 1 or not 0 <= index < count:
            raise ConfigError(f"--shard {text!r}: need 0 <= I < N, got I={index}, N={count}")
        return cls(index, count)

    def select(self, items: Sequence[T]) -> list[T]:
        """This shard's items; the inputs' order is stable, so shards never overlap."""
        return list(items[self.index :: self.count])


def find_inputs(inputs: Sequence[str | Path]) -> list[InputFile]:
    """Expand files and folders into the recordings to redact, in a stable order.

    A folder is searched recursively for audio files; a file given by name is taken whatever
    its extension, so that a bad file named on purpose fails loudly rather than being skipped.
    Broken links and link loops are kept, to fail with a clear error.

    >>> find_inputs(["sample_audio"])[0].relative
    PosixPath('billing.mp3')
    """
    found: list[InputFile] = []
    for given in inputs:
        root = Path(given)
        if root.is_dir():
            files = sorted(
                p
                for p in root.rglob("*")
                if p.suffix.lower() in AUDIO_EXTENSIONS
                and not p.name.startswith(".partial-")
                and (p.is_file() or p.is_symlink())
            )
            found.extend(InputFile(p, p.relative_to(root)) for p in files)
        elif root.exists() or root.is_symlink():
            found.append(InputFile(root, Path(root.name)))
        else:
            raise InputError(f"input {given} does not exist")
    return found


def check_out_dir(inputs: Sequence[str | Path], out_dir: Path) -> None:
    """Refuse an output folder that overlaps an input, so no input can ever be overwritten.

    >>> check_out_dir(["calls"], Path("calls/redacted"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    redactor.errors.InputError: --out calls/redacted is inside input calls; choose a folder ...
    """
    out = out_dir.resolve()
    for given in inputs:
        source = Path(given).resolve()
        if source == out or out.is_relative_to(source):
            raise InputError(
                f"--out {out_dir} is inside input {given}; choose a folder outside the inputs"
            )
        if source.is_relative_to(out):
            raise InputError(f"input {given} is inside --out {out_dir}; it could be overwritten")
