"""Score redaction on the audio against gold PHI timings: what is still heard, what was lost.

Both files are decoded to float samples (:func:`redactor.audio.decode_float`) and cut into 10 ms
frames. A frame is "loud" when the original is within 35 dB of the file's loudest frame, and
"changed" when the difference between original and redacted carries at least half the
original's energy: a beep replacing speech adds energy, while a lossy re-encode leaves far less.

A gold PHI item counts as redacted when at least 90 % of its loud frames changed. Used by
``redactor eval`` and by the tests.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from redactor.audio import decode_float
from redactor.batch import FileRedactor
from redactor.config import Policy
from redactor.errors import RedactorError
from redactor.leaks import leaked_items
from redactor.pipeline import Detector, Redactor
from redactor.transcribe import Transcriber
from redactor.types import PhiSpan, Placement, Redaction, Transcript

FRAME_SECONDS = 0.010
BASELINE = "presidio-defaults"
# What plain Presidio would do if its spans were beeped as they are: no padding, no reach
# across pauses, and no fail-closed beeps, so the baseline is Presidio's detection alone.
BASELINE_POLICY = Policy(
    padding=0.0,
    gap_reach=0.0,
    merge_gap=0.0,
    quiet_reach=0.0,
    pull_to_pauses=False,
    fail_closed="flag",
    word_alignment=False,
)
LOUD_DB_BELOW_PEAK = 35.0
REDACTED_SHARE = 0.9


def _frames(samples: np.ndarray, rate: int) -> np.ndarray:
    size = int(rate * FRAME_SECONDS)
    count = len(samples) // size
    return samples[: count * size].reshape(count, size, -1)


def frame_changes(
    original: Path, redacted: Path, channel: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per 10 ms frame (of one channel, or all): is it loud in the original, did it change?"""
    before, rate = decode_float(original)
    after, rate_after = decode_float(redacted)
    if rate != rate_after:
        raise ValueError(f"sample rate changed from {rate} to {rate_after}")
    length = min(len(before), len(after))
    before, after = before[:length], after[:length]
    if channel is not None:
        before, after = before[:, [channel]], after[:, [channel]]
    frames_before, frames_after = _frames(before, rate), _frames(after, rate)
    energy = np.sqrt(np.mean(frames_before**2, axis=(1, 2)))
    difference = np.sqrt(np.mean((frames_after - frames_before) ** 2, axis=(1, 2)))
    peak = float(energy.max()) if len(energy) else 0.0
    loud = energy > peak * 10 ** (-LOUD_DB_BELOW_PEAK / 20)
    changed = difference >= 0.5 * np.maximum(energy, 1e-6)
    return loud, changed


def _window(start: float, end: float) -> slice:
    return slice(int(start / FRAME_SECONDS), int(np.ceil(end / FRAME_SECONDS)))


def share_changed(loud: np.ndarray, changed: np.ndarray, start: float, end: float) -> float:
    """Share of the loud frames between ``start`` and ``end`` seconds that changed (1.0 when
    none is loud)."""
    window = loud[_window(start, end)]
    if not window.any():
        return 1.0
    return float(changed[_window(start, end)][window].mean())


@dataclass(frozen=True, slots=True)
class ItemScore:
    """One gold PHI item: its type, whether it was redacted (at least
    :data:`REDACTED_SHARE` of its loud frames changed), how long it stayed audible, and
    whether no beep touched it at all (a detection miss, where a partly beeped item is a
    timing one)."""

    entity: str
    redacted: bool
    audible_seconds: float
    unbeeped: bool = False


@dataclass(frozen=True, slots=True)
class CallScore:
    """One call's scores."""

    file: str
    items: tuple[ItemScore, ...]
    non_phi_loud_seconds: float
    non_phi_beeped_seconds: float
    transcript_leaks: int
    error: str | None = None


def score_call(
    call: Mapping[str, Any], original: Path, redacted: Path, transcript_text: str
) -> CallScore:
    """Score one redacted call against its gold entry (``gold.json`` schema)."""
    changes: dict[int | None, tuple[np.ndarray, np.ndarray]] = {}

    def frames_of(channel: int | None) -> tuple[np.ndarray, np.ndarray]:
        if channel not in changes:
            changes[channel] = frame_changes(original, redacted, channel)
        return changes[channel]

    items = []
    for item in call["phi"]:
        loud, changed = frames_of(item.get("channel"))
        window = _window(item["start"], item["end"])
        audible = float((loud[window] & ~changed[window]).sum()) * FRAME_SECONDS
        share = share_changed(loud, changed, item["start"], item["end"])
        items.append(ItemScore(item["entity"], share >= REDACTED_SHARE, audible, share == 0.0))
    loud_seconds = beeped_seconds = 0.0
    for phrase in call["non_phi"]:
        loud, changed = frames_of(phrase.get("channel"))
        window = _window(phrase["start"], phrase["end"])
        loud_seconds += float(loud[window].sum()) * FRAME_SECONDS
        beeped_seconds += float((loud[window] & changed[window]).sum()) * FRAME_SECONDS
    leaks = len(leaked_items([item["text"] for item in call["phi"]], transcript_text))
    return CallScore(call["file"], tuple(items), loud_seconds, beeped_seconds, leaks)


def summarize(calls: Sequence[CallScore]) -> dict[str, Any]:
    """Corpus totals and a table per entity type, as JSON-ready values."""
    items = [item for call in calls for item in call.items]
    by_entity: dict[str, list[ItemScore]] = {}
    for item in items:
        by_entity.setdefault(item.entity, []).append(item)
    loud = sum(call.non_phi_loud_seconds for call in calls)
    return {
        "calls": len(calls),
        "failed_calls": sum(1 for call in calls if call.error),
        "phi_items": len(items),
        "recall": _recall(items),
        "unbeeped_items": sum(item.unbeeped for item in items),
        "audible_phi_seconds": round(sum(item.audible_seconds for item in items), 2),
        "non_phi_beeped_share": round(
            sum(call.non_phi_beeped_seconds for call in calls) / loud, 4) if loud else 0.0,
        "transcript_phi_leaks": sum(call.transcript_leaks for call in calls),
        "by_entity": {
            entity: {
                "items": len(group),
                "recall": _recall(group),
                "audible_seconds": round(sum(item.audible_seconds for item in group), 2),
            }
            for entity, group in sorted(by_entity.items())
        },
    }  # fmt: skip


def _recall(items: Iterable[ItemScore]) -> float:
    listed = list(items)
    return round(sum(item.redacted for item in listed) / len(listed), 4) if listed else 1.0


# Each gold label and the type redactor reports for it. Record and account numbers are
# ID_NUMBERs to us; an age over 89 and a card's expiry date are DATE_TIMEs, as Presidio
# calls them.
GOLD_TO_REPORTED: dict[str, str] = {
    "PERSON": "PERSON",
    "DATE_OF_BIRTH": "DATE_OF_BIRTH",
    "AGE": "DATE_TIME",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "LOCATION": "LOCATION",
    "ID_NUMBER": "ID_NUMBER",
    "MEDICAL_RECORD_NUMBER": "ID_NUMBER",
    "ACCOUNT_NUMBER": "ID_NUMBER",
    "US_SSN": "US_SSN",
    "CREDIT_CARD": "CREDIT_CARD",
    "DATE": "DATE_TIME",
}


@dataclass(frozen=True, slots=True)
class LabelScore:
    """One gold item's label: the type we should report for it, and the type of the PHI
    redaction that overlaps it longest (``None`` when none does)."""

    entity: str
    expected: str
    reported: str | None

    @property
    def correct(self) -> bool:
        return self.reported == self.expected


def label_scores(call: Mapping[str, Any], redactions: Iterable[Redaction]) -> list[LabelScore]:
    """The label each gold item of ``call`` got: the type of the PHI redaction (not a
    fail-closed one) that overlaps it longest in time, on its channel.

    >>> from redactor.types import Interval
    >>> call = {"phi": [{"entity": "ACCOUNT_NUMBER", "start": 1.0, "end": 2.0}]}
    >>> found = [Redaction("ID_NUMBER", Interval(0.5, 2.5), 0.5, "x", 0, 4),
    ...          Redaction("PERSON", Interval(1.8, 3.0), 0.5, "x", 5, 9)]
    >>> [(s.expected, s.reported, s.correct) for s in label_scores(call, found)]
    [('ID_NUMBER', 'ID_NUMBER', True)]
    """
    phi = [r for r in redactions if r.reason == "phi"]
    scores = []
    for item in call["phi"]:
        channel = item.get("channel")
        overlaps = [
            (min(r.interval.end, item["end"]) - max(r.interval.start, item["start"]), r)
            for r in phi
            if channel is None or r.channel is None or r.channel == channel
        ]
        longest = max(
            ((overlap, r) for overlap, r in overlaps if overlap > 0),
            key=lambda pair: pair[0],
            default=None,
        )
        entity = item["entity"]
        scores.append(
            LabelScore(
                entity,
                GOLD_TO_REPORTED.get(entity, entity),
                None if longest is None else longest[1].entity_type,
            )
        )
    return scores


def label_summary(labels: Iterable[LabelScore]) -> dict[str, Any]:
    """Label accuracy over the items that have a PHI redaction, and what the others got.

    >>> label_summary([LabelScore("AGE", "DATE_TIME", "DATE_TIME"),
    ...                LabelScore("PERSON", "PERSON", "LOCATION"),
    ...                LabelScore("PERSON", "PERSON", None)])["label_accuracy"]
    0.5
    """
    labelled = [label for label in labels if label.reported is not None]
    wrong: dict[str, dict[str, int]] = {}
    for label in labelled:
        if not label.correct:
            counts = wrong.setdefault(label.entity, {})
            counts[str(label.reported)] = counts.get(str(label.reported), 0) + 1
    return {
        "label_accuracy": round(sum(label.correct for label in labelled) / len(labelled), 4)
        if labelled
        else 1.0,
        "labelled_items": len(labelled),
        "wrong_labels": wrong,
    }


def places_with_two_types(redactions: Iterable[Redaction]) -> int:
    """Pairs of PHI redactions over the same characters with different types (should be 0).

    >>> from redactor.types import Interval
    >>> a = Redaction("DATE_TIME", Interval(0, 1), 0.5, "x", 0, 8)
    >>> places_with_two_types([a, Redaction("DATE_OF_BIRTH", Interval(0, 1), 0.5, "y", 4, 8)])
    1
    """
    phi = [r for r in redactions if r.reason == "phi" and r.char_end > r.char_start]
    return sum(
        1
        for i, first in enumerate(phi)
        for second in phi[i + 1 :]
        if first.entity_type != second.entity_type
        and first.char_start < second.char_end
        and second.char_start < first.char_end
    )


def load_gold(corpus: Path) -> list[dict[str, Any]]:
    """The calls listed in ``corpus/gold.json``."""
    calls: list[dict[str, Any]] = json.loads((corpus / "gold.json").read_text())["calls"]
    return calls


def format_table(summaries: Mapping[str, Mapping[str, Any]]) -> str:
    """Side-by-side text table of several systems' summaries (e.g. redactor vs baseline)."""
    names = list(summaries)
    entities = sorted({e for s in summaries.values() for e in s["by_entity"]})
    # A model folder can have a long name; every column stays as wide as the widest.
    width = max([22, *(len(name) + 2 for name in names)])
    header = f"{'':28}" + "".join(f"{name:>{width}}" for name in names)
    rows = [header]

    def row(label: str, values: Iterable[str]) -> None:
        rows.append(f"{label:28}" + "".join(f"{value:>{width}}" for value in values))

    row("PHI item recall", (f"{s['recall']:.3f}" for s in summaries.values()))
    row("PHI items with no beep", (str(s.get("unbeeped_items", "-")) for s in summaries.values()))
    row("audible PHI seconds", (f"{s['audible_phi_seconds']:.2f}" for s in summaries.values()))
    row("non-PHI speech beeped", (f"{s['non_phi_beeped_share']:.1%}" for s in summaries.values()))
    row("PHI left in transcripts", (str(s["transcript_phi_leaks"]) for s in summaries.values()))
    accuracies = (s.get("label_accuracy") for s in summaries.values())
    row("label accuracy", ("-" if a is None else f"{a:.3f}" for a in accuracies))
    row("failed calls", (str(s["failed_calls"]) for s in summaries.values()))
    for kind, label in EDGE_ROWS:
        if any(kind in s.get("edge_error", {}) for s in summaries.values()):
            row(label, (_edge_cell(s.get("edge_error", {}).get(kind)) for s in summaries.values()))
    rows.append("recall by entity (items):")
    for entity in entities:
        tables = [s["by_entity"].get(entity) for s in summaries.values()]
        count = next(table["items"] for table in tables if table)
        row(f"  {entity} ({count})", (f"{t['recall']:.3f}" if t else "-" for t in tables))
    return "\n".join(rows)


class PresidioDefaultsDetector:
    """The baseline: Presidio's predefined recognizers and nothing of ours (spaCy model as in
    :mod:`redactor.detect.detector`), every entity at Presidio's default threshold."""

    def __init__(self) -> None:
        from presidio_analyzer import AnalyzerEngine

        from redactor.detect.detector import build_nlp_engine

        self._engine = AnalyzerEngine(nlp_engine=build_nlp_engine(), supported_languages=["en"])

    def detect(self, transcript: Transcript) -> list[PhiSpan]:
        results = self._engine.analyze(text=transcript.text, language="en")
        spans = (
            PhiSpan(r.entity_type, r.start, r.end, float(r.score), "PresidioDefaults")
            for r in results
            if r.end > r.start and transcript.text[r.start : r.end].strip()
        )
        return sorted(spans, key=lambda span: (span.start, span.end))


class CachingTranscriber:
    """Transcribes each distinct audio once, so several systems are scored on the same words."""

    def __init__(self, inner: Transcriber) -> None:
        self._inner = inner
        self._cache: dict[tuple[int, str, float], Transcript] = {}

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    @property
    def model_version(self) -> str:
        return self._inner.model_version

    def variant(self, *, beam_size: int, vad: bool) -> Transcriber:
        return self._inner.variant(beam_size=beam_size, vad=vad)

    def transcribe(self, samples: np.ndarray, duration: float) -> Transcript:
        key = (len(samples), hashlib.sha256(samples.tobytes()).hexdigest(), duration)
        if key not in self._cache:
            self._cache[key] = self._inner.transcribe(samples, duration)
        return self._cache[key]


def system_name(model_name: str) -> str:
    """The name under which redactor with this Whisper model is scored (and its folder).

    >>> system_name("base")
    'redactor-base'
    """
    return f"redactor-{model_name}"


def evaluation_systems(
    transcribers: Sequence[Transcriber],
    *,
    baseline: bool = True,
    verify: bool = False,
    detector: Detector | None = None,
) -> dict[str, FileRedactor]:
    """Redactor once per transcriber, all sharing one detector, then the plain Presidio
    baseline on the first transcriber's words.

    Wrap each transcriber in :class:`CachingTranscriber` so that the baseline is scored on
    exactly the words redactor heard. ``detector`` defaults to redactor's own.

    >>> tiny = CachingTranscriber(WhisperTranscriber(resolve_model("tiny.en")))  # doctest: +SKIP
    >>> base = CachingTranscriber(WhisperTranscriber(resolve_model("base")))  # doctest: +SKIP
    >>> list(evaluation_systems([tiny, base]))  # doctest: +SKIP
    ['redactor-tiny.en', 'redactor-base', 'presidio-defaults']
    """
    if not transcribers:
        raise ValueError("no model to evaluate")
    systems: dict[str, FileRedactor] = {}
    for transcriber in transcribers:
        name = system_name(transcriber.model_name)
        if name in systems:
            raise ValueError(f"model {transcriber.model_name} given twice")
        redactor = Redactor(
            transcriber.model_name, transcriber=transcriber, detector=detector, verify=verify
        )
        # Loading spaCy and Presidio takes seconds and does not depend on the model.
        detector = redactor.detector
        systems[name] = redactor
    if baseline:
        systems[BASELINE] = Redactor(
            transcribers[0].model_name,
            transcriber=transcribers[0],
            detector=PresidioDefaultsDetector(),
            policy=BASELINE_POLICY,
        )
    return systems


def evaluate_corpus(
    systems: Mapping[str, FileRedactor], corpus: Path, out_dir: Path
) -> dict[str, dict[str, Any]]:
    """Redact every call of ``corpus`` with each system into ``out_dir/NAME`` and score it.

    Returns each system's :func:`summarize` output, with per-call scores under
    ``"per_call"``, the seconds of audio under ``"audio_seconds"``, and the wall-clock and
    CPU seconds (this process's threads, audio decoding and encoding included) that its
    ``redact_file`` calls took under ``"redact_wall_seconds"`` and ``"redact_cpu_seconds"``.
    Scoring is not timed; a system whose transcriber was cached by an earlier one pays no
    transcription.

    >>> evaluate_corpus({"redactor": Redactor()}, Path("calls"), Path("ev"))  # doctest: +SKIP
    """
    calls = load_gold(corpus)
    summaries = {}
    for name, system in systems.items():
        scores = []
        labels: list[LabelScore] = []
        two_types = 0
        edges: list[EdgeError] = []
        wall = cpu = 0.0
        for call in calls:
            source = corpus / call["file"]
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                result = system.redact_file(source, out_dir / name)
            except RedactorError as error:
                scores.append(unredacted_score(call, source, str(error)))
                continue
            finally:
                wall += time.perf_counter() - started
                cpu += time.process_time() - started_cpu
            text = result.outputs.transcript.read_text(encoding="utf-8")
            scores.append(score_call(call, source, result.outputs.audio, text))
            labels += label_scores(call, result.redactions)
            two_types += places_with_two_types(result.redactions)
            edges.extend(edge_errors(call, result.redactions, result.transcript))
        summary = summarize(scores)
        summary.update(label_summary(labels), places_with_two_types=two_types)
        summary["model"] = system.settings.model
        summary["audio_seconds"] = round(sum(float(call["duration"]) for call in calls), 2)
        summary["redact_wall_seconds"] = round(wall, 2)
        summary["redact_cpu_seconds"] = round(cpu, 2)
        summary["edge_error"] = summarize_edges(edges)
        summary["per_call"] = [
            {
                "file": s.file,
                "recall": _recall(s.items),
                "error": s.error,
                # Items by their index in gold.json, so misses can be looked up there.
                "missed_items": [i for i, item in enumerate(s.items) if not item.redacted],
            }
            for s in scores
        ]
        summaries[name] = summary
    return summaries


def unredacted_score(call: Mapping[str, Any], source: Path, error: str) -> CallScore:
    """The score of a call that failed with ``error``: a failed call ships nothing, so
    nothing leaks; it is scored as fully redacted, and the error says so.

    >>> unredacted_score({"file": "a.wav", "phi": []}, Path("a.wav"), "bad").error
    'bad'
    """
    items = tuple(ItemScore(item["entity"], True, 0.0) for item in call["phi"])
    return CallScore(call["file"], items, 0.0, 0.0, 0, error=error)


# Edge error ----------------------------------------------------------------------------------

EdgeKind = Literal["placed", "whisper", "aligned", "aligned_agreeing"]
EDGE_ROWS: tuple[tuple[EdgeKind, str], ...] = (
    ("placed", "edge error, beep (p50/p95)"),
    ("whisper", "  Whisper words (p50/p95)"),
    ("aligned", "  aligned words (p50/p95)"),
    ("aligned_agreeing", "  aligned, agreeing"),
)


@dataclass(frozen=True, slots=True)
class EdgeError:
    """How far one edge of a PHI item's redaction lies from where the item was said.

    ``error`` is signed, in seconds: positive where the beep (or the words' time) reaches
    beyond the item, negative where it falls short, leaving part of the item audible.
    """

    kind: EdgeKind
    side: Literal["start", "end"]
    error: float


def edge_errors(
    call: Mapping[str, Any], redactions: Iterable[Redaction], transcript: Transcript
) -> list[EdgeError]:
    """The edge errors of one call's PHI items (``gold.json`` entry), from its redactions
    and the transcript they point into.

    For each item, the PHI redactions on its channel that overlap it make its beep: its
    ``placed`` edges (padding included) are measured against the item's edges. The evidence
    an edge was placed from, before padding, is measured only where the redaction's word at
    that edge is the item's own first (or last) word, as spoken (``"1982"`` may be said
    "nineteen ..."): elsewhere the beep starts at other words or at a misheard one, which is
    what detection or transcription did, not timing. ``whisper`` is Whisper's time of that
    word, ``aligned`` the aligner's where it had one, and ``aligned_agreeing`` the aligner's
    where it agreed with Whisper and so placed the edge on its own. An item no redaction
    overlaps has no edges (it is a miss, counted by recall).

    >>> from redactor.testing import transcript_from
    >>> from redactor.types import Interval, Placement
    >>> t = transcript_from([("It's", 0.5, 0.8), ("Ann", 1.1, 1.9)], 3.0)
    >>> call = {"phi": [{"text": "Ann", "start": 1.0, "end": 2.0, "channel": None}]}
    >>> placed = Placement(Interval(0.5, 1.9), 0.62, 1.97, "aligned", "both")
    >>> r = Redaction("PERSON", Interval(0.4, 2.1), 1.0, "x", 0, 8, placement=placed)
    >>> [(e.kind, e.side, round(e.error, 2)) for e in edge_errors(call, [r], t)]
    [('placed', 'start', 0.6), ('placed', 'end', 0.1), ('whisper', 'end', -0.1), \
('aligned', 'end', -0.03)]
    """
    offsets = transcript.word_offsets()
    errors: list[EdgeError] = []
    for item in call["phi"]:
        channel = item.get("channel")
        mine = [
            r
            for r in redactions
            if r.reason == "phi"
            and r.channel == channel
            and r.interval.start < item["end"]
            and item["start"] < r.interval.end
        ]
        if not mine:
            continue
        first = min(mine, key=lambda r: r.interval.start)
        last = max(mine, key=lambda r: r.interval.end)
        errors.append(EdgeError("placed", "start", item["start"] - first.interval.start))
        errors.append(EdgeError("placed", "end", last.interval.end - item["end"]))
        said = re.findall(r"[a-z']+", item["text"].lower())
        for side, redaction in (("start", first), ("end", last)):
            words = [
                transcript.words[i]
                for i, (start, end) in enumerate(offsets)
                if redaction.char_start <= start
                and end <= redaction.char_end
                and transcript.words[i].channel == channel
            ]
            if said and words and redaction.placement is not None:
                edge_word = words[0] if side == "start" else words[-1]
                gold_word = said[0] if side == "start" else said[-1]
                if gold_word in _edge_tokens(edge_word.text, side):
                    errors += _evidence_errors(side, redaction.placement, item[side])
    return errors


def _edge_tokens(text: str, side: str) -> set[str]:
    """The tokens a transcribed word may start (or end) with, as spoken."""
    from redactor.forced_alignment import spoken_word

    pieces = spoken_word(text)
    tokens: set[str] = set()
    for piece in pieces if side == "start" else reversed(pieces):
        for reading in piece:
            if reading:
                tokens.update(reading[0] if side == "start" else reading[-1])
        if all(piece):  # no reading leaves this piece out: nothing beyond it comes first
            break
    return tokens


def _evidence_errors(side: str, placement: Placement, gold: float) -> list[EdgeError]:
    sign = -1.0 if side == "start" else 1.0
    edge: Literal["start", "end"] = "start" if side == "start" else "end"
    whisper = placement.words.start if side == "start" else placement.words.end
    aligned = placement.aligned_start if side == "start" else placement.aligned_end
    timing = placement.start if side == "start" else placement.end
    found = [EdgeError("whisper", edge, sign * (whisper - gold))]
    if aligned is not None:
        found.append(EdgeError("aligned", edge, sign * (aligned - gold)))
        if timing == "aligned":
            found.append(EdgeError("aligned_agreeing", edge, sign * (aligned - gold)))
    return found


def summarize_edges(edges: Iterable[EdgeError]) -> dict[str, dict[str, float | int]]:
    """Per kind of edge: how many, the median and 95th percentile of the absolute error,
    and the share of edges that fall short of the item (seconds; JSON-ready).

    >>> summarize_edges([EdgeError("placed", "start", e) for e in (0.1, -0.2, 0.3)])["placed"]
    {'edges': 3, 'median': 0.2, 'p95': 0.29, 'short': 0.3333}
    """
    by_kind: dict[str, list[float]] = {}
    for edge in edges:
        by_kind.setdefault(edge.kind, []).append(edge.error)
    return {
        kind: {
            "edges": len(errors),
            "median": round(float(np.median(np.abs(errors))), 3),
            "p95": round(float(np.percentile(np.abs(errors), 95)), 3),
            "short": round(sum(e < 0 for e in errors) / len(errors), 4),
        }
        for kind, errors in by_kind.items()
    }


def _edge_cell(summary: Mapping[str, float | int] | None) -> str:
    if not summary:
        return "-"
    return f"{summary['median']:.2f}/{summary['p95']:.2f} s"
