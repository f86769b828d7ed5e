#!/usr/bin/env python3
"""Synthesize the sample patient calls in this folder and their gold PHI timings.

Deterministic and offline: stdlib + numpy, with ``espeak-ng``, ``flite``, ``sox`` and
``ffmpeg`` called as subprocesses. Every call is synthesized phrase by phrase; a carrier
phrase ("my name is") and the PHI value ("Maria Gonzalez") are separate phrases, so the
true start and end of every PHI item is known. Each phrase is trimmed to its speech
(amplitude threshold), the phrases are concatenated with short silences, and the call is
encoded to its final format. The boundaries written to ``gold.json`` are then measured
again on the *decoded final file* (after resampling / mu-law / MP3 encoding) and checked
against the master timeline.

All names, dates, numbers and addresses are fictitious.

The synthesis primitives (voices, trimming, concatenation, encoding, measuring) are in
``bench/synth.py``, shared with the corpus generator ``bench/make_calls.py``.

Usage:  python sample_audio/make_samples.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

# The synthesis primitives live in bench/synth.py (shared with bench/make_calls.py).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from synth import Call, check_tools, phi, render_call, say  # noqa: E402

# A call is a list of turns (speaker, [phrases]); phrases in a turn are PIECE_GAP apart.
CALLS: list[Call] = [
    {
        "file": "scheduling.wav",
        "format": "wav16",
        "voices": {"agent": "espeak_us", "caller": "flite_slt"},
        "turns": [
            ("agent", [say("Thank you for calling the clinic."), say("How can I help you today?")]),
            (
                "caller",
                [
                    say("My name is"),
                    phi("PERSON", "Maria Gonzalez"),
                    say("date of birth"),
                    phi("DATE_OF_BIRTH", "March fourth, nineteen eighty two"),
                ],
            ),
            ("agent", [say("And a phone number?")]),
            ("caller", [phi("PHONE_NUMBER", "six one seven, two nine four, three eight five one")]),
        ],
    },
    {
        "file": "pharmacy.wav",
        "format": "wav8_mulaw",
        "voices": {"agent": "flite_slt", "caller": "flite_rms"},
        "turns": [
            ("agent", [say("Pharmacy, how can I help you today?")]),
            ("caller", [say("I need a refill. My name is"), phi("PERSON", "Robert Chen")]),
            (
                "caller",
                [
                    say("My member ID is"),
                    phi("ID_NUMBER", "A B 4 4 7 2 1", "A, B, four, four, seven, two, one"),
                ],
            ),
            ("agent", [say("And what is your address?")]),
            ("caller", [phi("LOCATION", "1420 Maple Avenue", "fourteen twenty Maple Avenue")]),
            ("agent", [say("Take two tablets daily."), say("Your copay is twenty five dollars.")]),
            ("agent", [say("Press one to confirm.")]),
        ],
    },
    {
        "file": "billing.mp3",
        "format": "mp3",
        "voices": {"agent": "flite_awb", "caller": "espeak_us"},
        "turns": [
            ("agent", [say("Billing, how can I help you today?")]),
            ("caller", [say("Hello, this is"), phi("PERSON", "James Walsh")]),
            (
                "caller",
                [
                    say("My email is"),
                    phi(
                        "EMAIL_ADDRESS",
                        "j walsh at gmail dot com",
                        "jay walsh",
                        "at gmail",
                        "dot com",
                    ),
                ],
            ),
            ("agent", [say("And a phone number?")]),
            ("caller", [phi("PHONE_NUMBER", "four one five, two six three, nine zero four eight")]),
            ("agent", [say("And your date of birth?")]),
            ("caller", [phi("DATE_OF_BIRTH", "July ninth, nineteen seventy five")]),
            ("agent", [say("Thank you. One moment please.")]),
        ],
    },
]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = ap.parse_args()
    check_tools()
    args.out.mkdir(parents=True, exist_ok=True)

    gold: dict[str, list[dict[str, Any]]] = {"calls": []}
    with tempfile.TemporaryDirectory() as td:
        for call in CALLS:
            gold["calls"].append(render_call(call, args.out, Path(td), with_channel=False))
    (args.out / "gold.json").write_text(json.dumps(gold, indent=2) + "\n")


if __name__ == "__main__":
    main()
