"""A static review page for QA: see and hear what a batch redacted, without seeing PHI.

:func:`build_review` reads only what ``redactor redact`` wrote into ``OUT`` (the manifest, the
reports, the redacted transcripts and the redacted audio), never an original input, and writes
``OUT/review.html`` with waveform images under ``OUT/review_assets/``. The page works offline
from the file system: no server, no CDN, no network. The waveforms are drawn with matplotlib,
which comes with the ``review`` extra (``pip install 'redactor[review]'``), not with redactor
itself: the container image leaves it out.

>>> page = build_review(Path("out"))  # doctest: +SKIP
>>> page.name  # doctest: +SKIP
'review.html'
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

from redactor.batch.manifest import OUTPUT_KINDS, read_manifest
from redactor.errors import EncryptedBatchError, MissingExtraError
from redactor.review.page import render_page
from redactor.review.recording import load_recording
from redactor.review.waveform import render_waveform

REVIEW_NAME = "review.html"


ASSETS_DIR = "review_assets"


_MANIFEST = re.compile(r"manifest(-\d+-of-\d+)?\.jsonl")


def build_review(out_dir: Path) -> Path:
    """Write ``out_dir/review.html`` (and its waveforms) for the batch in ``out_dir``.

    Every manifest is read: ``manifest.jsonl`` and those of shards. The page and images get
    the permissions of the manifest and of ``out_dir`` (owner-only unless the batch was
    shared). Raises :class:`FileNotFoundError` when ``out_dir`` has no manifest, and
    :class:`~redactor.errors.EncryptedBatchError` for a batch written with ``--encrypt-to``
    (its audio cannot be played, nor its transcripts read, without decrypting them), and
    :class:`~redactor.errors.MissingExtraError` without the ``review`` extra.

    >>> build_review(Path("out")).as_posix()  # doctest: +SKIP
    'out/review.html'
    """
    require_review_extra()
    out = Path(out_dir)
    manifests = [p for p in sorted(out.glob("manifest*.jsonl")) if _MANIFEST.fullmatch(p.name)]
    if not manifests:
        raise FileNotFoundError(f"no manifest.jsonl in {out}")
    file_mode, dir_mode = manifests[0].stat().st_mode & 0o666, out.stat().st_mode & 0o777
    rows = [row for m in manifests for row in read_manifest(out, m.name)]
    if any(str(row.get(kind) or "").endswith(".age") for row in rows for kind in OUTPUT_KINDS):
        raise EncryptedBatchError(f"{out} holds an encrypted batch; decrypt it to review it")
    recordings = [load_recording(out, row) for row in rows]
    assets = out / ASSETS_DIR
    assets.mkdir(mode=dir_mode, exist_ok=True)
    for stale in assets.glob("wave-*.png"):
        stale.unlink()
    for number, recording in enumerate(recordings, start=1):
        if recording.audio is not None and recording.report is not None:
            name = f"{ASSETS_DIR}/wave-{number:04d}.png"
            if render_waveform(out / recording.audio, recording.report, out / name):
                (out / name).chmod(file_mode)
                recording.waveform = name
    page = out / REVIEW_NAME
    handle = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, file_mode)
    page.chmod(file_mode)
    with os.fdopen(handle, "w", encoding="utf-8") as writer:
        writer.write(render_page(recordings))
    return page


def require_review_extra() -> None:
    """Raise :class:`~redactor.errors.MissingExtraError` unless matplotlib is installed.

    >>> require_review_extra()  # the dev install has it
    """
    if importlib.util.find_spec("matplotlib") is None:
        raise MissingExtraError(
            "the review page draws its waveforms with matplotlib, which is not installed here: "
            "pip install 'redactor[review]'"
        )
