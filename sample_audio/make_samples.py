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

Usage:  python sample_audio/make_samples.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

MASTER_SR = 16000
PEAK = 0.7  # every phrase is peak-normalized to this fraction of full scale
TRIM_THRESHOLD = 0.004  # |sample| above this fraction of full scale counts as speech
MEASURE_THRESHOLD = TRIM_THRESHOLD  # same threshold on the decoded final file
LEAD_IN = 0.3  # silence before the first phrase (s)
TAIL = 0.6  # silence after the last phrase (s)
PIECE_GAP = 0.2  # between carrier phrase and PHI value within one turn (s)
SUBPIECE_GAP = 0.12  # between the chunks of one PHI item synthesized in parts (s)
TURN_GAP = 0.45  # between turns / sentences (s)
MAX_ALIGN_ERROR = 0.03  # decoded final file must line up with the master within this (s)

# Voices: name -> argv builder (text, out_wav). Rates chosen so that Whisper tiny.en copes.
VOICES = {
    # espeak-ng, American English (male)
    "espeak_us": lambda t, o: ["espeak-ng", "-v", "en-us", "-s", "150", "-w", o, t],
    # flite built-in voices (CMU ARCTIC speakers slt: US female, rms: US male, awb: Scottish male)
    "flite_slt": lambda t, o: ["flite", "-voice", "slt", "-t", t, "-o", o],
    "flite_rms": lambda t, o: ["flite", "-voice", "rms", "-t", t, "-o", o],
    "flite_awb": lambda t, o: ["flite", "-voice", "awb", "-t", t, "-o", o],
}


def say(text: str) -> dict:
    """A non-PHI phrase."""
    return {"text": text, "entity": None, "spoken": [text]}


def phi(entity: str, text: str, *spoken: str) -> dict:
    """A PHI item. ``text`` goes to gold.json; ``spoken`` (default: ``text``) is what the
    synthesizer reads, as one or more chunks joined by SUBPIECE_GAP (e.g. to make it read
    "1420" as "fourteen twenty", or to space out the parts of an e-mail address)."""
    return {"text": text, "entity": entity, "spoken": list(spoken) or [text]}


# A call is a list of turns (speaker, [phrases]); phrases in a turn are PIECE_GAP apart.
CALLS = [
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


def run(argv: list[str]) -> None:
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def read_wav_int16(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1, path
        sr = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return data.astype(np.float64) / 32768.0, sr


def write_wav_int16(path: Path, x: np.ndarray, sr: int) -> None:
    pcm = np.clip(np.round(x * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())


def speech_bounds(x: np.ndarray, threshold: float) -> tuple[int, int]:
    """First and one-past-last sample whose magnitude exceeds ``threshold``."""
    idx = np.flatnonzero(np.abs(x) > threshold)
    if idx.size == 0:
        raise ValueError("no speech above threshold")
    return int(idx[0]), int(idx[-1]) + 1


def synth_phrase(text: str, voice: str, tmp: Path) -> np.ndarray:
    raw = tmp / "raw.wav"
    conv = tmp / "conv.wav"
    run(VOICES[voice](text, str(raw)))
    # resample to the master rate, mono, 16-bit; -D: no dither (random, and noise in the silence)
    # (sox's resampler is linear phase: no delay)
    run(["sox", "-D", str(raw), "-r", str(MASTER_SR), "-c", "1", "-b", "16", str(conv)])
    x, sr = read_wav_int16(conv)
    assert sr == MASTER_SR
    x = x / max(np.max(np.abs(x)), 1e-9) * PEAK
    a, b = speech_bounds(x, TRIM_THRESHOLD)
    return x[a:b]


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * MASTER_SR)))


def build_master(call: dict, tmp: Path) -> tuple[np.ndarray, list[dict]]:
    """Concatenate the phrases; return the audio and one record per phrase (sample bounds)."""
    parts = [silence(LEAD_IN)]
    pos = len(parts[0])
    phrases = []

    def add(x: np.ndarray) -> None:
        nonlocal pos
        parts.append(x)
        pos += len(x)

    for t_idx, (speaker, pieces) in enumerate(call["turns"]):
        if t_idx:
            add(silence(TURN_GAP))
        for p_idx, piece in enumerate(pieces):
            if p_idx:
                add(silence(PIECE_GAP))
            start = pos
            for c_idx, chunk in enumerate(piece["spoken"]):
                if c_idx:
                    add(silence(SUBPIECE_GAP))
                add(synth_phrase(chunk, call["voices"][speaker], tmp))
            phrases.append(
                {
                    "text": piece["text"],
                    "entity": piece["entity"],
                    "speaker": speaker,
                    "start": start,
                    "end": pos,
                }
            )
    add(silence(TAIL))
    return np.concatenate(parts), phrases


def encode(master_wav: Path, out: Path, fmt: str) -> None:
    common = [
        "ffmpeg",
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-i",
        str(master_wav),
        "-map_metadata",
        "-1",
        "-ac",
        "1",
    ]
    if fmt == "wav16":
        argv = common + ["-ar", "16000", "-acodec", "pcm_s16le", "-bitexact", str(out)]
    elif fmt == "wav8_mulaw":
        argv = common + ["-ar", "8000", "-acodec", "pcm_mulaw", "-bitexact", str(out)]
    elif fmt == "mp3":
        argv = common + [
            "-ar",
            "16000",
            "-acodec",
            "libmp3lame",
            "-b:a",
            "32k",
            "-id3v2_version",
            "0",
            "-write_id3v1",
            "0",
            "-bitexact",
            str(out),
        ]
    else:
        raise ValueError(fmt)
    run(argv)


def decode(path: Path, tmp: Path, sr: int | None = None) -> tuple[np.ndarray, int]:
    """Decode a file with ffmpeg (mu-law/MP3 -> 16-bit PCM), at its own rate unless ``sr``."""
    dec = tmp / "decoded.wav"
    rate = ["-ar", str(sr)] if sr else []
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(path),
            "-ac",
            "1",
            *rate,
            "-acodec",
            "pcm_s16le",
            str(dec),
        ]
    )
    return read_wav_int16(dec)


def check_alignment(call: dict, master: np.ndarray, final: Path, tmp: Path) -> float:
    """Lag (s) of the decoded final file against the master, by cross-correlation; it must be
    within MAX_ALIGN_ERROR (this catches e.g. MP3 encoder delay that a decoder does not undo)."""
    y, _ = decode(final, tmp, MASTER_SR)
    dur_diff = abs(len(y) - len(master)) / MASTER_SR
    n = len(y) + len(master)
    corr = np.fft.irfft(np.fft.rfft(y, n) * np.conj(np.fft.rfft(master, n)), n)
    max_lag = int(0.2 * MASTER_SR)
    lags = np.r_[0 : max_lag + 1, -max_lag:0]
    lag = int(lags[np.argmax(corr[lags])]) / MASTER_SR
    if abs(lag) > MAX_ALIGN_ERROR or dur_diff > MAX_ALIGN_ERROR:
        raise SystemExit(
            f"{call['file']}: decoded audio is offset by {lag * 1000:.1f} ms "
            f"(duration differs by {dur_diff * 1000:.1f} ms)"
        )
    return lag


def measure(call: dict, phrases: list[dict], final: Path, tmp: Path) -> tuple[float, list[dict]]:
    """Re-measure each phrase's speech boundaries on the decoded final file, at its own rate.

    The boundaries can move inwards a little from the master's: resampling to 8 kHz removes
    the energy of fricatives above 4 kHz (a final "s" can lose 0.1-0.2 s), and the MP3 coder
    smears onsets by a few ms. The gold times are those of the final file."""
    y, sr = decode(final, tmp)
    search = 0.08  # s; smaller than the shortest gap between phrases (SUBPIECE_GAP is inside)
    measured = []
    for ph in phrases:
        s0, e0 = ph["start"] / MASTER_SR, ph["end"] / MASTER_SR
        lo = max(0, int((s0 - search) * sr))
        hi = min(len(y), int((e0 + search) * sr))
        a, b = speech_bounds(y[lo:hi], MEASURE_THRESHOLD)
        s1, e1 = (lo + a) / sr, (lo + b) / sr
        measured.append(
            {
                **ph,
                "start": round(s1, 3),
                "end": round(e1, 3),
                "shift": max(abs(s1 - s0), abs(e1 - e0)),
            }
        )
    return len(y) / sr, measured


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = ap.parse_args()
    for tool in ("espeak-ng", "flite", "sox", "ffmpeg"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found on PATH")
    args.out.mkdir(parents=True, exist_ok=True)

    gold = {"calls": []}
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        for call in CALLS:
            master, phrases = build_master(call, tmp)
            master_wav = tmp / "master.wav"
            write_wav_int16(master_wav, master, MASTER_SR)
            final = args.out / call["file"]
            encode(master_wav, final, call["format"])
            lag = check_alignment(call, master, final, tmp)
            duration, measured = measure(call, phrases, final, tmp)
            worst = max(measured, key=lambda m: m["shift"])
            print(
                f"{call['file']}: {duration:.2f} s, {final.stat().st_size} bytes, "
                f"decoded lag {lag * 1000:+.1f} ms, largest boundary shift "
                f"{worst['shift'] * 1000:.0f} ms ({worst['text']!r})",
                file=sys.stderr,
            )
            gold["calls"].append(
                {
                    "file": call["file"],
                    "duration": round(duration, 3),
                    "voices": call["voices"],
                    "phi": [
                        {
                            "entity": m["entity"],
                            "text": m["text"],
                            "start": m["start"],
                            "end": m["end"],
                        }
                        for m in measured
                        if m["entity"]
                    ],
                    "non_phi": [
                        {"text": m["text"], "start": m["start"], "end": m["end"]}
                        for m in measured
                        if not m["entity"]
                    ],
                }
            )
    (args.out / "gold.json").write_text(json.dumps(gold, indent=2) + "\n")


if __name__ == "__main__":
    main()
