"""Audio I/O at the pipeline's edges: probe, decode, and encode back to the input's own format.

Decoding goes through ffmpeg straight to PCM (never pydub's own WAV reader, which reads µ-law as
8-bit samples). Encoding goes through pydub's ``export`` with the input's codec, rate, channel
count and bit rate, so the output is the same kind of file as the input.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from pydub import AudioSegment
from scipy.signal import resample_poly

from redactor.errors import AudioDecodeError, AudioEncodeError
from redactor.types import AudioFormat

ASR_SAMPLE_RATE = 16000

# container as ffprobe names it -> (our name, ffmpeg muxer, file extension)
_CONTAINERS = {
    "wav": ("wav", "wav", "wav"),
    "mp3": ("mp3", "mp3", "mp3"),
    "flac": ("flac", "flac", "flac"),
    "ogg": ("ogg", "ogg", "ogg"),
    "mov,mp4,m4a,3gp,3g2,mj2": ("m4a", "ipod", "m4a"),
}
# ffprobe's codec name -> the ffmpeg encoder that writes it back
_ENCODERS = {
    "pcm_s16le": "pcm_s16le",
    "pcm_s24le": "pcm_s24le",
    "pcm_s32le": "pcm_s32le",
    "pcm_u8": "pcm_u8",
    "pcm_f32le": "pcm_f32le",
    "pcm_mulaw": "pcm_mulaw",
    "pcm_alaw": "pcm_alaw",
    "mp3": "libmp3lame",
    "flac": "flac",
    "vorbis": "libvorbis",
    "opus": "libopus",
    "aac": "aac",
}
_LOSSY_CODECS = frozenset({"mp3", "vorbis", "opus", "aac"})
AUDIO_EXTENSIONS = frozenset({".wav", ".mp3", ".flac", ".ogg", ".opus", ".m4a"})


@dataclass(frozen=True)
class DecodedAudio:
    """A recording decoded to PCM, with the format it came in."""

    segment: AudioSegment
    format: AudioFormat

    @property
    def duration(self) -> float:
        return self.format.duration


def _run(command: list[str], what: str, path: Path) -> bytes:
    try:
        completed = subprocess.run(
            command, capture_output=True, check=False, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError as error:
        raise AudioDecodeError(f"{command[0]} is not installed; it is needed to {what}") from error
    if completed.returncode != 0:
        # ffmpeg names the file by its full path; folder names can identify a patient.
        reason = _last_line(completed.stderr).replace(_argument(path), path.name)
        reason = reason.removeprefix(f"{path.name}: ") or f"exit code {completed.returncode}"
        raise AudioDecodeError(f"cannot {what} {path.name}: {reason}")
    return completed.stdout


def _argument(path: Path) -> str:
    """A path ffmpeg cannot mistake for an option, whatever its name ("-call.wav")."""
    return str(path.absolute())


def _last_line(stderr: bytes) -> str:
    lines = [
        line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()
    ]
    return lines[-1][:200] if lines else ""


def probe(path: Path) -> AudioFormat:
    """Read a file's container, codec, rate and channels with ffprobe.

    >>> probe(Path("sample_audio/scheduling.wav")).codec  # doctest: +SKIP
    'pcm_s16le'
    """
    if not path.is_file():
        raise AudioDecodeError(f"{path.name} is not a readable file")
    if path.stat().st_size == 0:
        raise AudioDecodeError(f"{path.name} is empty (0 bytes)")
    output = _run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            "-select_streams",
            "a",
            _argument(path),
        ],
        "read the format of",
        path,
    )
    info = json.loads(output or b"{}")
    streams = info.get("streams") or []
    if not streams:
        raise AudioDecodeError(f"{path.name} has no audio stream")
    stream = streams[0]
    container_name = info.get("format", {}).get("format_name", "")
    if container_name not in _CONTAINERS:
        raise AudioDecodeError(f"{path.name}: unsupported container {container_name!r}")
    codec = stream.get("codec_name", "")
    if codec not in _ENCODERS:
        raise AudioDecodeError(f"{path.name}: unsupported codec {codec!r}")
    container, _, extension = _CONTAINERS[container_name]
    bit_rate = stream.get("bit_rate") or info.get("format", {}).get("bit_rate")
    bits = int(stream.get("bits_per_raw_sample") or stream.get("bits_per_sample") or 0)
    return AudioFormat(
        container=container,
        codec=codec,
        sample_rate=int(stream["sample_rate"]),
        channels=int(stream["channels"]),
        bits_per_sample=bits,
        bit_rate=int(bit_rate) if bit_rate and codec in _LOSSY_CODECS else None,
        extension=extension,
    )


def decode(path: Path) -> DecodedAudio:
    """Decode a file to PCM at its own rate and channel count.

    Sources deeper than 16 bits are decoded to 32-bit samples so nothing is lost on re-encode.
    """
    audio_format = probe(path)
    width = 4 if audio_format.bits_per_sample > 16 or audio_format.codec == "pcm_f32le" else 2
    raw_format = "s32le" if width == 4 else "s16le"
    pcm = _run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            _argument(path),
            "-map",
            "0:a:0",
            "-f",
            raw_format,
            "-acodec",
            f"pcm_{raw_format}",
            "-",
        ],
        "decode",
        path,
    )
    frame_size = width * audio_format.channels
    usable = len(pcm) - len(pcm) % frame_size
    if usable == 0:
        raise AudioDecodeError(f"{path.name} decodes to no audio samples")
    segment = AudioSegment(
        data=pcm[:usable],
        sample_width=width,
        frame_rate=audio_format.sample_rate,
        channels=audio_format.channels,
    )
    duration = usable / frame_size / audio_format.sample_rate
    return DecodedAudio(segment, replace(audio_format, duration=duration))


def asr_samples(path: Path, channel: int | None = None) -> np.ndarray:
    """Float32 samples at 16 kHz, as Whisper wants them, resampled by ffmpeg.

    ``channel=None`` mixes every channel down to mono; a number takes that channel alone.
    """
    mixing = [] if channel is None else ["-af", f"pan=mono|c0=c{channel}"]
    pcm = _run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", _argument(path), "-map", "0:a:0", *mixing,
         "-ac", "1", "-ar", str(ASR_SAMPLE_RATE), "-f", "f32le", "-acodec", "pcm_f32le", "-"],
        "decode", path,
    )  # fmt: skip
    return np.frombuffer(pcm, dtype=np.float32)


# pydub's sample widths, as numpy types (pydub's samples are signed, 8-bit ones too).
SAMPLE_TYPES: dict[int, type[np.signedinteger[Any]]] = {1: np.int8, 2: np.int16, 4: np.int32}


def sample_frames(segment: AudioSegment) -> np.ndarray:
    """The segment's samples as a read-only (frames, channels) integer array, without a copy.

    >>> sample_frames(AudioSegment.silent(10, frame_rate=8000).set_channels(2)).shape
    (80, 2)
    """
    samples = np.frombuffer(segment.raw_data, dtype=SAMPLE_TYPES[segment.sample_width])
    return samples.reshape(-1, segment.channels)


def samples_for_asr(segment: AudioSegment, channel: int | None = None) -> np.ndarray:
    """Float32 samples at 16 kHz from already decoded audio, without running ffmpeg again.

    ``channel=None`` averages the channels, as ffmpeg's mix-down does. Other rates are
    resampled with a polyphase filter (scipy), which keeps speech below 8 kHz intact.

    >>> samples_for_asr(AudioSegment.silent(1000, frame_rate=8000)).shape
    (16000,)
    """
    full_scale = float(2 ** (8 * segment.sample_width - 1))
    frames = sample_frames(segment)
    # float32 throughout: a float64 copy of an hour-long call would cost half a gigabyte.
    if channel is not None or segment.channels == 1:
        mono = frames[:, channel or 0].astype(np.float32)
    else:
        mono = frames.astype(np.float32).mean(axis=1, dtype=np.float32)
    mono /= full_scale
    if segment.frame_rate == ASR_SAMPLE_RATE:
        return mono
    common = math.gcd(ASR_SAMPLE_RATE, segment.frame_rate)
    resampled = resample_poly(mono, ASR_SAMPLE_RATE // common, segment.frame_rate // common)
    return np.asarray(resampled, dtype=np.float32)


@contextmanager
def atomic_output(destination: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``destination``; rename it into place on success.

    A run killed halfway never leaves a half-written file under the final name.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=".partial-", suffix=destination.suffix, dir=destination.parent
    )
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, destination)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _muxer(audio_format: AudioFormat) -> str:
    return next(muxer for name, muxer, _ in _CONTAINERS.values() if name == audio_format.container)


def encode(audio: DecodedAudio, segment: AudioSegment, destination: Path) -> None:
    """Write ``segment`` to ``destination`` in ``audio``'s original format, atomically.

    The output carries no metadata from the input, since tags can hold PHI.
    """
    audio_format = audio.format
    parameters = [
        "-ar",
        str(audio_format.sample_rate),
        "-ac",
        str(audio_format.channels),
        "-map_metadata",
        "-1",
    ]
    if audio_format.codec == "flac" and audio_format.bits_per_sample > 16:
        parameters += ["-sample_fmt", "s32"]
    bitrate = f"{max(audio_format.bit_rate // 1000, 8)}k" if audio_format.bit_rate else None
    try:
        with atomic_output(destination) as temporary:
            segment.export(
                str(temporary),
                format=_muxer(audio_format),
                codec=_ENCODERS[audio_format.codec],
                bitrate=bitrate,
                parameters=parameters,
            )
    except Exception as error:
        reason = error.strerror if isinstance(error, OSError) else None
        raise AudioEncodeError(
            f"cannot write redacted audio {destination.name}: {reason or type(error).__name__}"
        ) from error


def copy_audio(source: Path, audio_format: AudioFormat, destination: Path) -> None:
    """Copy a recording that needs no redaction: the same audio stream, without metadata.

    The stream is copied, not re-encoded, so the audio is bit-for-bit the input's; only tags,
    which can hold PHI, are dropped.
    """
    try:
        with atomic_output(destination) as temporary:
            _run(
                [
                    "ffmpeg",
                    "-nostdin",
                    "-v",
                    "error",
                    "-y",
                    "-i",
                    _argument(source),
                    "-map",
                    "0:a:0",
                    "-c:a",
                    "copy",
                    "-map_metadata",
                    "-1",
                    "-f",
                    _muxer(audio_format),
                    str(temporary),
                ],
                "copy",
                source,
            )
    except (AudioDecodeError, OSError) as error:
        raise AudioEncodeError(f"cannot write {destination.name}: {error}") from error


def frame_loudness(segment: AudioSegment, frame_seconds: float) -> dict[int | None, np.ndarray]:
    """RMS level per frame for each channel, and (key ``None``) the loudest channel's.

    >>> levels = frame_loudness(AudioSegment.silent(1000, frame_rate=8000), 0.01)
    >>> len(levels[None]), float(levels[0].max())
    (100, 0.0)
    """
    size = max(1, int(segment.frame_rate * frame_seconds))
    samples = sample_frames(segment)
    count = len(samples) // size
    rms = np.empty((count, segment.channels), dtype=np.float32)
    # A block at a time: a float copy of an hour-long call would cost hundreds of megabytes.
    block = 4096
    for first in range(0, count, block):
        frames = samples[first * size : min(count, first + block) * size].astype(np.float32)
        frames = frames.reshape(-1, size, segment.channels)
        rms[first : first + len(frames)] = np.sqrt(np.mean(frames**2, axis=1))
    levels: dict[int | None, np.ndarray] = {c: rms[:, c] for c in range(segment.channels)}
    levels[None] = rms.max(axis=1) if count else np.zeros(0, dtype=np.float32)
    return levels
