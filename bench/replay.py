"""Replay a corpus through the pipeline on cached transcripts, so detection changes are scored
on the same words.

The first run transcribes every call (as ``redactor eval`` does, default settings) and keeps
each transcript in ``--cache``; later runs read them back and only detect, place, beep and
score. Prints the figures per corpus and writes ``OUT/replay.json`` with every item's score,
so two runs can be compared item by item (``--compare``).

    .venv/bin/python bench/replay.py /work/corpora/a-robotic-dev1 --out /tmp/rp-a1
    .venv/bin/python bench/replay.py /work/corpora/a-robotic-dev1 --out /tmp/rp-a1 --misses
    .venv/bin/python bench/replay.py CORPUS --out /tmp/rp-new --compare /tmp/rp-old/replay.json

``--misses`` prints each missed item with the words Whisper wrote around it, and with
``--compare`` the non-PHI phrases whose beeped share moved: gold text, so it is for
development corpora only, never for a held-out one.

Figures: recall (items with at least 90 % of their loud frames beeped), items with no beep
over them (under 10 % of their loud frames changed: a neighbour's padding does not count as a
beep over the item), label accuracy (items whose longest-overlapping PHI redaction carries
the gold type, mapped by ``redactor.evaluate.GOLD_TO_REPORTED``; among items with such a
redaction), places where two types were reported over the same words, non-PHI speech beeped,
and PHI strings left in the redacted transcripts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from redactor import evaluate  # noqa: E402
from redactor.pipeline import Redactor  # noqa: E402
from redactor.transcribe import SampleSource, Transcriber, WhisperTranscriber  # noqa: E402
from redactor.types import Interval, Transcript, Word  # noqa: E402

UNBEEPED_SHARE = 0.1
CACHE_VERSION = 1


class DiskCachedTranscriber:
    """Transcribes each distinct audio once, ever: transcripts are kept as JSON files named by
    the hash of the samples, the model and the duration."""

    def __init__(self, model: str, cache: Path) -> None:
        self._model = model
        self._cache = cache
        self._inner: WhisperTranscriber | None = None
        cache.mkdir(parents=True, exist_ok=True)

    @property
    def model_name(self) -> str:
        return self._model

    @property
    def model_version(self) -> str:
        return "cached"

    def variant(self, *, beam_size: int, vad: bool) -> Transcriber:
        return self._whisper().variant(beam_size=beam_size, vad=vad)

    def transcribe(self, samples: np.ndarray, duration: float) -> Transcript:
        from redactor.transcribe import ArraySource

        return self.transcribe_source(ArraySource(samples), duration)

    def transcribe_source(self, source: SampleSource, duration: float) -> Transcript:
        samples = source.read(0, len(source))
        key = hashlib.sha256(
            f"{CACHE_VERSION}|{self._model}|{duration:.6f}|".encode() + samples.tobytes()
        ).hexdigest()[:32]
        path = self._cache / f"{key}.json"
        if path.is_file():
            return _from_json(json.loads(path.read_text()), duration)
        transcript = self._whisper().transcribe_source(source, duration)
        path.write_text(json.dumps(_to_json(transcript)))
        return transcript

    def _whisper(self) -> WhisperTranscriber:
        if self._inner is None:
            from redactor.models import resolve_model

            self._inner = WhisperTranscriber(resolve_model(self._model))
        return self._inner


def _to_json(transcript: Transcript) -> dict[str, Any]:
    return {
        "words": [asdict(word) for word in transcript.words],
        "language": transcript.language,
        "channel": transcript.channel,
        "speech": None
        if transcript.speech is None
        else [[i.start, i.end] for i in transcript.speech],
        "unreliable": [[i.start, i.end] for i in transcript.unreliable],
    }


def _from_json(data: dict[str, Any], duration: float) -> Transcript:
    return Transcript(
        words=tuple(Word(**word) for word in data["words"]),
        duration=duration,
        language=data["language"],
        channel=data["channel"],
        speech=None if data["speech"] is None else tuple(Interval(*i) for i in data["speech"]),
        unreliable=tuple(Interval(*i) for i in data["unreliable"]),
    )


def _item_shares(
    call: dict[str, Any], original: Path, redacted: Path, kind: str = "phi"
) -> list[float]:
    frames: dict[int | None, tuple[np.ndarray, np.ndarray]] = {}
    shares = []
    for item in call[kind]:
        channel = item.get("channel")
        if channel not in frames:
            frames[channel] = evaluate.frame_changes(original, redacted, channel)
        shares.append(evaluate.share_changed(*frames[channel], item["start"], item["end"]))
    return shares


def replay(corpus: Path, out: Path, cache: Path, model: str, misses: bool) -> dict[str, Any]:
    redactor = Redactor(model, transcriber=DiskCachedTranscriber(model, cache))
    calls = evaluate.load_gold(corpus)
    scores = []
    items: list[dict[str, Any]] = []
    phrases: list[dict[str, Any]] = []
    labels: list[Any] = []
    two_types = 0
    for call in calls:
        source = corpus / call["file"]
        result = redactor.redact_file(source, out / "audio")
        text = result.outputs.transcript.read_text(encoding="utf-8")
        score = evaluate.score_call(call, source, result.outputs.audio, text)
        scores.append(score)
        shares = _item_shares(call, source, result.outputs.audio)
        non_phi_shares = _item_shares(call, source, result.outputs.audio, "non_phi")
        phrases.extend(
            {"file": call["file"], "index": index, "share": round(share, 3)}
            for index, share in enumerate(non_phi_shares)
        )
        call_labels = evaluate.label_scores(call, result.redactions)
        labels.extend(call_labels)
        two_types += evaluate.places_with_two_types(result.redactions)
        for index, (item, share, label) in enumerate(
            zip(call["phi"], shares, call_labels, strict=True)
        ):
            items.append(
                {
                    "file": call["file"],
                    "index": index,
                    "entity": item["entity"],
                    "share": round(share, 3),
                    "label": label.reported,
                }
            )
            if misses and (share < evaluate.REDACTED_SHARE or not label.correct):
                _print_miss(call, index, share, label, result)
    calls_beeped = {s.file: round(s.non_phi_beeped_seconds, 2) for s in scores}
    summary = evaluate.summarize(scores)
    summary.update(evaluate.label_summary(labels))
    summary["unbeeped_items"] = sum(1 for item in items if item["share"] < UNBEEPED_SHARE)
    summary["places_with_two_types"] = two_types
    return {
        "summary": summary,
        "items": items,
        "non_phi": phrases,
        "non_phi_beeped_seconds": calls_beeped,
    }


def _print_miss(call: dict[str, Any], index: int, share: float, label: Any, result: Any) -> None:
    item = call["phi"][index]
    channel = item.get("channel")
    print(
        f"\n== {call['file']} #{index} {item['entity']} {item['start']:.2f}-{item['end']:.2f}"
        f" ch={channel} beeped={share:.2f} label={label.reported}: {item['text']!r}"
    )
    offsets = result.transcript.word_offsets()
    inside = [
        any(r.reason == "phi" and r.char_start <= o[0] and o[1] <= r.char_end
            for r in result.redactions)
        for o in offsets
    ]  # fmt: skip
    shown = []
    for word, marked in zip(result.transcript.words, inside, strict=True):
        if word.end < item["start"] - 6 or word.start > item["end"] + 4:
            continue
        tag = f"{word.text}" if not marked else f"[{word.text}]"
        who = "" if word.channel is None else f"{word.channel}:"
        shown.append(f"{who}{tag}@{word.start:.1f}")
    print("   " + " ".join(shown))
    for r in result.redactions:
        if r.interval.end > item["start"] - 1 and r.interval.start < item["end"] + 1:
            print(
                f"   -> {r.entity_type} {r.recognizer} {r.reason} "
                f"{r.interval.start:.2f}-{r.interval.end:.2f} ch={r.channel}"
            )


def _table(summary: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"PHI items             {summary['phi_items']}",
            f"recall                {summary['recall']:.3f}",
            f"items with no beep    {summary['unbeeped_items']}",
            f"label accuracy        {summary['label_accuracy']:.3f} "
            f"({summary['labelled_items']} items with a PHI redaction)",
            f"two types, one place  {summary['places_with_two_types']}",
            f"non-PHI beeped        {summary['non_phi_beeped_share']:.1%}",
            f"PHI in transcripts    {summary['transcript_phi_leaks']}",
        ]
    )


def _compare(old: dict[str, Any], new: dict[str, Any], gold: list[dict[str, Any]] | None) -> None:
    was_beeped = old.get("non_phi_beeped_seconds", {})
    for file, seconds in new["non_phi_beeped_seconds"].items():
        if file in was_beeped and abs(seconds - was_beeped[file]) >= 0.2:
            print(f"non-PHI beeped {file}: {was_beeped[file]:.2f} -> {seconds:.2f} s")
    if gold is None:
        return
    texts = {(call["file"], i): p for call in gold for i, p in enumerate(call["non_phi"])}
    before = {(p["file"], p["index"]): p["share"] for p in old.get("non_phi", [])}
    for phrase in new.get("non_phi", []):
        key = (phrase["file"], phrase["index"])
        if key in before and abs(phrase["share"] - before[key]) >= 0.3:
            said = texts[key]
            print(
                f"  non-PHI {key[0]} {said['start']:.1f}s: {before[key]:.2f} -> "
                f"{phrase['share']:.2f} {said['text']!r}"
            )
    before = {(i["file"], i["index"]): i for i in old["items"]}
    for item in new["items"]:
        was = before.get((item["file"], item["index"]))
        if was is None:
            continue
        lost = was["share"] >= evaluate.REDACTED_SHARE > item["share"]
        found = item["share"] >= evaluate.REDACTED_SHARE > was["share"]
        if lost or found or was["label"] != item["label"]:
            print(
                f"{'LOST ' if lost else 'FOUND' if found else 'label'} {item['file']} "
                f"#{item['index']} {item['entity']}: {was['share']:.2f} {was['label']} -> "
                f"{item['share']:.2f} {item['label']}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=None, help="default: CORPUS-transcripts")
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--misses", action="store_true", help="print every miss (dev only)")
    parser.add_argument("--compare", type=Path, default=None, help="an earlier replay.json")
    args = parser.parse_args()
    cache = args.cache or Path("/tmp/replay-cache") / f"{args.corpus.name}-{args.model}"
    found = replay(args.corpus, args.out, cache, args.model, args.misses)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "replay.json").write_text(json.dumps(found, indent=1) + "\n")
    print(f"\n{args.corpus.name} ({args.model}):")
    print(_table(found["summary"]))
    if args.compare is not None:
        gold = evaluate.load_gold(args.corpus) if args.misses else None
        _compare(json.loads(args.compare.read_text()), found, gold)


if __name__ == "__main__":
    sys.exit(main())
