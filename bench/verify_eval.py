"""``--verify`` measured both ways on a corpus: false failures and sensitivity.

    .venv/bin/python bench/verify_eval.py CORPUS --out OUT [--model tiny.en] [--limit N] \\
        [--seed 0] [--cache LISTENS] [--keep-beeps] [--verify-model base|tiny.en]

For each call of CORPUS (a folder with ``gold.json``, see bench/README.md):

1. Redact it with the default settings (no verification) into ``OUT/redacted``, and score it
   against the gold (:func:`redactor.evaluate.score_call`). A call whose gold PHI items are
   all redacted is *clean*: if verification fails it, that is a false failure.
2. Verify the redacted file against its own beeps (:meth:`Redactor.verify_file`'s steps).
3. Splice: copy the original samples of ONE beeped gold item (picked with a RNG seeded by
   ``--seed`` and the file name) back over the redacted audio, on the item's channel, into
   ``OUT/spliced``, and verify that file against its beeps less the item's stretch (a file
   whose redaction missed that item). It is *caught* when verification fails it with a
   finding over the item (on its channel); ``failed`` counts fails for any reason.

Prints per corpus: files, clean files and false failures, the files that leak by the gold
and how many of them verification failed, spliced files and how many were caught. Writes
``OUT/verify_eval.json`` with the per-call figures (types, recognizers and times of the
findings, never their text).

OUT is a cache: a call already redacted there is not redacted again, and each transcript
is kept as JSON (in ``--cache``, default ``OUT/listens``) keyed by the hash of the audio
listened to and the decoding settings, so a rerun after a change to the verification's
decision pays for detection only, and one into a new OUT with the same ``--cache`` pays for
no second listen of a redacted file that came out the same. Delete them to measure afresh. It holds
redacted audio, original PHI (spliced files) and transcripts: treat it as PHI.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from pydub import AudioSegment

from redactor import audio
from redactor.evaluate import load_gold, score_call
from redactor.pipeline import VERIFY_BEAM_SIZE, Redactor
from redactor.transcribe import Transcriber
from redactor.types import Beep, Interval, Transcript, Verification

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alignment_eval import transcript_from_json, transcript_json  # noqa: E402


class ListenCache:
    """A transcriber whose transcripts are kept as JSON in a folder, keyed by the samples,
    the duration and the decoding settings (the second listen only: see :meth:`wrap`)."""

    def __init__(self, inner: Transcriber, folder: Path, settings: str) -> None:
        self._inner = inner
        self._folder = folder
        self._settings = settings
        self.misses = 0

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    @property
    def model_version(self) -> str:
        return self._inner.model_version

    def variant(self, *, beam_size: int, vad: bool) -> ListenCache:
        return ListenCache(
            self._inner.variant(beam_size=beam_size, vad=vad),
            self._folder,
            f"{self.model_name}-b{beam_size}-v{int(vad)}",
        )

    def transcribe(self, samples: np.ndarray, duration: float) -> Transcript:
        key = hashlib.sha256(
            samples.tobytes() + repr(duration).encode() + self._settings.encode()
        ).hexdigest()[:32]
        path = self._folder / f"{key}.json"
        if path.exists():
            return transcript_from_json(json.loads(path.read_text()))
        self.misses += 1
        transcript = self._inner.transcribe(samples, duration)
        self._folder.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(transcript_json(transcript)))
        return transcript


def beeps_json(beeps: Sequence[Beep]) -> list[list[Any]]:
    return [[b.interval.start, b.interval.end, b.channel] for b in beeps]


def beeps_from_json(rows: Sequence[Sequence[Any]]) -> tuple[Beep, ...]:
    return tuple(Beep(Interval(start, end), channel) for start, end, channel in rows)


def beeps_without(
    beeps: Sequence[Beep], hole: Interval, channel: int | None, channels: int
) -> tuple[Beep, ...]:
    """``beeps`` less the stretch ``hole`` on ``channel`` (``None``: every channel); a beep
    over every channel becomes one beep per channel where only one loses the stretch.

    >>> beeps_without([Beep(Interval(0, 4), None)], Interval(1, 2), 1, 2)
    (Beep(interval=Interval(start=0, end=4), channel=0), \
Beep(interval=Interval(start=0, end=1), channel=1), \
Beep(interval=Interval(start=2, end=4), channel=1))
    """
    kept: list[Beep] = []
    for beep in beeps:
        if channel is not None and beep.channel is None and channels > 1:
            parts = [Beep(beep.interval, c) for c in range(channels)]
        else:
            parts = [beep]
        for part in parts:
            touched = channel is None or part.channel is None or part.channel == channel
            if not touched or part.interval.end <= hole.start or hole.end <= part.interval.start:
                kept.append(part)
                continue
            if part.interval.start < hole.start:
                kept.append(Beep(Interval(part.interval.start, hole.start), part.channel))
            if hole.end < part.interval.end:
                kept.append(Beep(Interval(hole.end, part.interval.end), part.channel))
    return tuple(kept)


def splice(original: Path, redacted: Path, item: Mapping[str, Any], destination: Path) -> None:
    """Write ``redacted`` with the original samples of gold ``item`` put back, in the
    redacted file's format."""
    before = audio.decode(original)
    after = audio.decode(redacted)
    samples = audio.sample_frames(after.segment).copy()
    source = audio.sample_frames(before.segment)
    rate = after.segment.frame_rate
    first = max(0, int(item["start"] * rate))
    last = min(len(samples), len(source), int(np.ceil(item["end"] * rate)))
    lanes = (
        slice(None) if item.get("channel") is None else slice(item["channel"], item["channel"] + 1)
    )
    samples[first:last, lanes] = source[first:last, lanes]
    segment = AudioSegment(
        data=samples.tobytes(),
        sample_width=after.segment.sample_width,
        frame_rate=rate,
        channels=after.segment.channels,
    )
    destination.parent.mkdir(parents=True, exist_ok=True)
    audio.encode(after, segment, destination)


def findings_json(verification: Verification) -> list[dict[str, Any]]:
    return [
        {
            "entity": f.entity_type,
            "recognizer": f.recognizer,
            "score": round(f.score, 2),
            "start": round(f.interval.start, 2),
            "end": round(f.interval.end, 2),
            "channel": f.channel,
        }
        for f in verification.findings
    ]


def on_item(verification: Verification, item: Mapping[str, Any]) -> bool:
    channel = item.get("channel")
    return any(
        f.interval.start < item["end"]
        and item["start"] < f.interval.end
        and (channel is None or f.channel is None or f.channel == channel)
        for f in verification.findings
    )


def evaluate(
    corpus: Path, out: Path, redactor: Redactor, limit: int | None, seed: int
) -> dict[str, Any]:
    calls = load_gold(corpus)[:limit]
    rows = []
    for call in calls:
        source = corpus / call["file"]
        redacted = out / "redacted" / call["file"]
        beeps_path = out / "redacted" / f"{call['file']}.beeps.json"
        redact_cpu: float | None = None
        if not (redacted.exists() and beeps_path.exists()):
            started = time.process_time()
            result = redactor.redact_file(source, out / "redacted")
            redact_cpu = time.process_time() - started
            beeps_path.write_text(json.dumps(beeps_json(result.beeps)))
        beeps = beeps_from_json(json.loads(beeps_path.read_text()))
        text = (out / "redacted" / f"{call['file']}.transcript.txt").read_text(encoding="utf-8")
        score = score_call(call, source, redacted, text)
        clean = all(item.redacted for item in score.items)
        started = time.process_time()
        verification = redactor.verify_file(redacted, beeps)
        verify_cpu = time.process_time() - started
        row: dict[str, Any] = {
            "file": call["file"],
            "redact_cpu_s": None if redact_cpu is None else round(redact_cpu, 2),
            "verify_cpu_s": round(verify_cpu, 2),
            "clean": clean,
            "missed_items": [i for i, item in enumerate(score.items) if not item.redacted],
            "failed": not verification.passed,
            "findings": findings_json(verification),
        }
        beeped = [i for i, item in enumerate(score.items) if item.redacted]
        if beeped:
            index = random.Random(f"{seed}/{call['file']}").choice(beeped)
            item = call["phi"][index]
            spliced = out / "spliced" / call["file"]
            splice(source, redacted, item, spliced)
            channels = audio.decode(spliced).segment.channels
            holed = beeps_without(
                beeps, Interval(item["start"], item["end"]), item.get("channel"), channels
            )
            check = redactor.verify_file(spliced, holed)
            row["spliced"] = {
                "item": index,
                "entity": item["entity"],
                "failed": not check.passed,
                "caught": on_item(check, item),
                "findings": findings_json(check),
            }
        rows.append(row)
        print(
            f"  {call['file']}: clean={clean} failed={row['failed']}"
            + (f" spliced caught={row['spliced']['caught']}" if "spliced" in row else ""),
            flush=True,
        )
    return summary(corpus.name, rows)


def summary(name: str, rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    clean = [r for r in rows if r["clean"]]
    leaky = [r for r in rows if not r["clean"]]
    spliced = [r["spliced"] for r in rows if "spliced" in r]
    return {
        "corpus": name,
        "files": len(rows),
        "clean_files": len(clean),
        "false_failures": sum(r["failed"] for r in clean),
        "leaky_files": len(leaky),
        "leaky_failed": sum(r["failed"] for r in leaky),
        "spliced_files": len(spliced),
        "spliced_failed": sum(s["failed"] for s in spliced),
        "caught": sum(s["caught"] for s in spliced),
        "redact_cpu_s": round(sum(r["redact_cpu_s"] or 0 for r in rows), 1),
        "verify_cpu_s": round(sum(r["verify_cpu_s"] for r in rows), 1),
        "per_call": list(rows),
    }


def share(part: int, whole: int) -> str:
    return f"{part} ({part / whole:.0%})" if whole else "0 (-)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--cache", type=Path, default=None, help="where transcripts are kept (OUT/listens)"
    )
    parser.add_argument(
        "--verify-model",
        default=None,
        help="the second listen's model (default: --model's, as --verify's)",
    )
    parser.add_argument(
        "--keep-beeps",
        action="store_true",
        help="the second listen hears the beeps (as before 2026-12-02), not silence",
    )
    args = parser.parse_args()
    args.verify_model = args.verify_model or args.model
    from redactor.models import resolve_model
    from redactor.transcribe import WhisperTranscriber

    cache = args.cache or args.out / "listens"
    first = WhisperTranscriber(resolve_model(args.model))
    redactor = Redactor(args.model, transcriber=ListenCache(first, cache, f"{args.model}-b1-v1"))
    redactor.mute_beeps = not args.keep_beeps
    # The same decoding as Redactor._make_verifier's, its transcripts kept in the cache.
    verifier = WhisperTranscriber(resolve_model(args.verify_model), beam_size=VERIFY_BEAM_SIZE)
    redactor._second_listener = ListenCache(
        verifier, cache, f"{args.verify_model}-b{VERIFY_BEAM_SIZE}-v1"
    )
    result = evaluate(args.corpus, args.out, redactor, args.limit, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "verify_eval.json").write_text(json.dumps(result, indent=1))
    print(
        f"{result['corpus']}: files {result['files']}, "
        f"false failures {share(result['false_failures'], result['clean_files'])} "
        f"of {result['clean_files']} clean, "
        f"leaky files failed {result['leaky_failed']} of {result['leaky_files']}, "
        f"spliced {result['spliced_files']}, "
        f"caught {share(result['caught'], result['spliced_files'])} "
        f"(failed for any reason {result['spliced_failed']}); CPU s: "
        f"redaction {result['redact_cpu_s']}, verification {result['verify_cpu_s']}"
    )


if __name__ == "__main__":
    main()
