"""Measure what each boundary setting leaves audible, on one corpus, on the same transcripts.

    .venv/bin/python bench/make_calls.py /tmp/c1 --seed 1 --count 30
    .venv/bin/python bench/padding_sweep.py /tmp/c1 --out /tmp/sweep

Each configuration redacts every call with the same Whisper words (transcribed once) and the
same detector; the table gives PHI item recall, seconds of PHI still audible and the share of
non-PHI speech beeped, so padding is chosen from evidence.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from redactor import Policy, Redactor
from redactor.evaluate import CachingTranscriber, evaluate_corpus
from redactor.models import resolve_model
from redactor.transcribe import WhisperTranscriber

_EDGES = {"gap_reach": 0.0, "quiet_reach": 0.0, "pull_to_pauses": False}
CONFIGURATIONS = {
    "word-exact": Policy(padding=0.0, merge_gap=0.0, **_EDGES),
    "pad 0.3": Policy(padding=0.3, **_EDGES),
    "pad 0.5": Policy(padding=0.5, **_EDGES),
    "pad 0.7": Policy(padding=0.7, **_EDGES),
    "pad 0.5 + quiet": Policy(padding=0.5, gap_reach=0.0, pull_to_pauses=False),
    "pad 0.5 + quiet + gap 1.5": Policy(pull_to_pauses=False),
    "pad 0.5 + quiet + gap 1.5 + pauses (default)": Policy(),
    "pad 0.7 + quiet + gap 1.5 + pauses": Policy(padding=0.7),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    transcriber = CachingTranscriber(WhisperTranscriber(resolve_model("tiny.en")))
    detector = Redactor(transcriber=transcriber).detector
    systems = {
        name: Redactor(policy=policy, transcriber=transcriber, detector=detector)
        for name, policy in CONFIGURATIONS.items()
    }
    summaries = evaluate_corpus(systems, arguments.corpus, arguments.out)
    print(f"{'configuration':46} {'recall':>7} {'audible PHI s':>14} {'non-PHI beeped':>15}")
    for name, summary in summaries.items():
        print(
            f"{name:46} {summary['recall']:7.3f} {summary['audible_phi_seconds']:14.2f} "
            f"{summary['non_phi_beeped_share']:15.1%}"
        )


if __name__ == "__main__":
    main()
