"""Which recordings a batch takes: expand inputs, refuse overlapping outputs, pick a shard."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from redactor.audio import AUDIO_EXTENSIONS
from redactor.errors import ConfigError, InputError, NoRecordingsError

SHARD_INDEX_VARIABLE = "JOB_COMPLETION_INDEX"
# What a folder search takes: audio files, and the video containers calls are recorded in
# (.mp4, .mov: their audio is redacted and written back without the picture). A container the
# decoder does not read (.webm, .mkv...) fails with a one-line reason rather than being passed
# over in silence.
VIDEO_EXTENSIONS = frozenset({".mp4", ".mov", ".3gp", ".webm", ".mkv"})
RECORDING_EXTENSIONS = AUDIO_EXTENSIONS | VIDEO_EXTENSIONS | {".aac", ".wma", ".amr", ".aiff"}
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One recording to redact and its path relative to the input it was found under.

    ``relative`` is where its outputs go under ``--out``. When an earlier input (from another
    folder) already has the same relative path, this one is moved under a folder named after
    its own input (``day2/call.wav``) and ``clash`` holds the path they share (``call.wav``).
    """

    path: Path
    relative: Path
    clash: Path | None = None


@dataclass(frozen=True, slots=True)
class InputScan:
    """The recordings found in the inputs, and what else the folders held (by extension)."""

    files: list[InputFile]
    others: Counter[str] = field(default_factory=Counter)

    def nothing_found(self, inputs: Sequence[str | Path]) -> str:
        """The one-line reason a batch with no recordings stops.

        >>> InputScan([], Counter({".txt": 2})).nothing_found(["calls"])  # doctest: +ELLIPSIS
        'no recordings found in calls (searched for .3gp .aac ... .wma; 2 other files: .txt)'
        """
        where = ", ".join(str(given) for given in inputs)
        searched = " ".join(sorted(RECORDING_EXTENSIONS))
        other = ""
        if self.others:
            kinds = " ".join(sorted(ext or "(no extension)" for ext in self.others))
            other = f"; {sum(self.others.values())} other files: {kinds}"
        return f"no recordings found in {where} (searched for {searched}{other})"


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

    A folder is searched recursively for recordings (:data:`RECORDING_EXTENSIONS`); a file
    given by name is taken whatever its extension, so that a bad file named on purpose fails
    loudly rather than being skipped. Broken links and link loops are kept, to fail with a
    clear error. Two inputs with the same relative path never share outputs: see
    :class:`InputFile`.

    >>> find_inputs(["sample_audio"])[0].relative
    PosixPath('billing.mp3')
    """
    return scan_inputs(inputs).files


def scan_inputs(inputs: Sequence[str | Path]) -> InputScan:
    """:func:`find_inputs`, and a count by extension of the other files in the folders."""
    found: list[tuple[Path, Path, Path]] = []  # (path, relative, the input it came from)
    others: Counter[str] = Counter()
    for given in inputs:
        root = Path(given)
        if root.is_dir():
            files = []
            for path in root.rglob("*"):
                if path.name.startswith(".partial-") or not (path.is_file() or path.is_symlink()):
                    continue
                if path.suffix.lower() in RECORDING_EXTENSIONS:
                    files.append(path)
                else:
                    others[path.suffix.lower()] += 1
            found.extend((p, p.relative_to(root), root) for p in sorted(files))
        elif root.exists() or root.is_symlink():
            found.append((root, Path(root.name), root.parent))
        else:
            raise InputError(f"input {given} does not exist")
    return InputScan(_without_clashes(found), others)


def require_recordings(inputs: Sequence[str | Path]) -> list[InputFile]:
    """:func:`find_inputs`, or :class:`~redactor.errors.NoRecordingsError` when it finds none."""
    scan = scan_inputs(inputs)
    if not scan.files:
        raise NoRecordingsError(scan.nothing_found(inputs))
    return scan.files


def _without_clashes(found: Sequence[tuple[Path, Path, Path]]) -> list[InputFile]:
    """Give every input its own relative path: a later one whose path an earlier input already
    has moves under its input's folder name (``day2/call.wav``, else ``day2-2/...``)."""
    taken = {relative for _, relative, _ in found}
    claimed: set[Path] = set()
    files = []
    for path, relative, root in found:
        if relative not in claimed:
            claimed.add(relative)
            files.append(InputFile(path, relative))
            continue
        label = root.resolve().name or "input"
        moved, number = Path(label) / relative, 1
        while moved in taken or moved in claimed:
            number += 1
            moved = Path(f"{label}-{number}") / relative
        claimed.add(moved)
        files.append(InputFile(path, moved, clash=relative))
    return files


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
