"""Audio I/O at the pipeline's edges: probe, decode, and encode back to the input's own format.

Probing and decoding run in-process with PyAV (FFmpeg's libraries, which faster-whisper already
depends on), straight to PCM: no ffprobe or ffmpeg process per file, and never pydub's own WAV
reader, which reads µ-law as 8-bit samples. Encoding goes through pydub's ``export`` with the
input's codec, rate, channel count and bit rate, so the output is the same kind of file as the
input; plain 16-bit WAV is written by pydub itself, without ffmpeg.
"""

from __future__ import annotations

import math
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import av
import av.error
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
# Bits per sample as ffprobe reports them for PCM (bits_per_raw_sample, else bits_per_sample).
_PCM_BITS = {
    "pcm_s16le": 16, "pcm_s24le": 24, "pcm_s32le": 32, "pcm_u8": 8, "pcm_f32le": 32,
    "pcm_mulaw": 8, "pcm_alaw": 8,
}  # fmt: skip
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


def _reason(error: Exception) -> str:
    """Why FFmpeg refused a file, without the file name: its folders can identify a patient."""
    return str(getattr(error, "strerror", None) or type(error).__name__)[:200]


def _open_input(path: Path) -> av.container.InputContainer:
    if not path.is_file():
        raise AudioDecodeError(f"{path.name} is not a readable file")
    if path.stat().st_size == 0:
        raise AudioDecodeError(f"{path.name} is empty (0 bytes)")
    try:
        # An absolute path: FFmpeg cannot read a name like "rtp:x.wav" as a protocol.
        return av.open(_argument(path), metadata_errors="ignore")
    except (av.error.FFmpegError, OSError) as error:
        reason = _reason(error)
        raise AudioDecodeError(f"cannot read the format of {path.name}: {reason}") from error


def _flac_bits(extradata: bytes | None) -> int:
    """Bits per sample from a FLAC STREAMINFO block (bits 100-104, stored minus one)."""
    if not extradata or len(extradata) < 34:
        return 0
    return ((extradata[12] & 0x01) << 4 | extradata[13] >> 4) + 1


def _format_of(container: av.container.InputContainer, path: Path) -> AudioFormat:
    if not container.streams.audio:
        raise AudioDecodeError(f"{path.name} has no audio stream")
    stream = container.streams.audio[0]
    context = stream.codec_context
    container_name = container.format.name
    if container_name not in _CONTAINERS:
        raise AudioDecodeError(f"{path.name}: unsupported container {container_name!r}")
    # The codec's own name ("mp3"), not its decoder's ("mp3float"), as ffprobe reports it.
    codec = context.codec.canonical_name
    if codec not in _ENCODERS:
        raise AudioDecodeError(f"{path.name}: unsupported codec {codec!r}")
    container_label, _, extension = _CONTAINERS[container_name]
    bit_rate = stream.bit_rate or container.bit_rate
    bits = _PCM_BITS.get(codec, 0)
    if codec == "flac":
        bits = _flac_bits(context.extradata) or (16 if context.format.name == "s16" else 24)
    return AudioFormat(
        container=container_label,
        codec=codec,
        sample_rate=int(context.sample_rate),
        channels=int(context.channels),
        bits_per_sample=bits,
        bit_rate=int(bit_rate) if bit_rate and codec in _LOSSY_CODECS else None,
        extension=extension,
    )


def probe(path: Path) -> AudioFormat:
    """Read a file's container, codec, rate and channels (in-process, with PyAV).

    >>> probe(Path("sample_audio/scheduling.wav")).codec  # doctest: +SKIP
    'pcm_s16le'
    """
    with _open_input(path) as container:
        return _format_of(container, path)


def decode(path: Path) -> DecodedAudio:
    """Decode a file to PCM at its own rate and channel count.

    Sources deeper than 16 bits are decoded to 32-bit samples so nothing is lost on re-encode.

    >>> decode(Path("sample_audio/scheduling.wav")).segment.sample_width  # doctest: +SKIP
    2
    """
    with _open_input(path) as container:
        audio_format = _format_of(container, path)
        width = 4 if audio_format.bits_per_sample > 16 or audio_format.codec == "pcm_f32le" else 2
        pcm = _decode_pcm(container, "s32" if width == 4 else "s16", path)
    frame_size = width * audio_format.channels
    usable = len(pcm) - len(pcm) % frame_size
    if usable == 0:
        raise AudioDecodeError(f"{path.name} decodes to no audio samples")
    del pcm[usable:]
    segment = AudioSegment(
        data=pcm,
        sample_width=width,
        frame_rate=audio_format.sample_rate,
        channels=audio_format.channels,
    )
    duration = usable / frame_size / audio_format.sample_rate
    return DecodedAudio(segment, replace(audio_format, duration=duration))


def _decode_pcm(
    container: av.container.InputContainer, sample_format: str, path: Path
) -> bytearray:
    """The first audio stream as interleaved ``s16``/``s32`` samples at its own rate and layout.

    One growing buffer, not a list of frames joined at the end: an hour-long call would
    otherwise sit in memory twice.
    """
    stream = container.streams.audio[0]
    # The same conversion (libswresample) as ffmpeg's command line, so the samples match.
    resampler = av.AudioResampler(
        format=sample_format, layout=stream.codec_context.layout, rate=stream.codec_context.rate
    )
    pcm = bytearray()
    try:
        for packet in container.demux(stream):
            try:
                frames = packet.decode()
            except av.error.InvalidDataError:
                continue  # a damaged packet is skipped, as ffmpeg's command line does
            for frame in frames:
                for converted in resampler.resample(frame):
                    pcm += converted.to_ndarray().data
        for converted in resampler.resample(None):
            pcm += converted.to_ndarray().data
    except (av.error.FFmpegError, OSError) as error:
        raise AudioDecodeError(f"cannot decode {path.name}: {_reason(error)}") from error
    return pcm


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
    # Decoded audio lives in a bytearray; a view must not let anyone change it in place.
    samples.flags.writeable = False
    return samples.reshape(-1, segment.channels)


# Input samples read beyond each end of a stretch, so the resampling filter (at most about
# 30 input samples either side, for scipy's default window) sees what it would in the whole.
_RESAMPLE_MARGIN = 64


class AsrSource:
    """Whisper's view of decoded audio: float32 mono samples at 16 kHz, made a stretch at a time.

    An hour-long call at 16 kHz is 230 MB as float32, three hours 690 MB; the transcriber reads
    only the stretch it is working on (a VAD block, a piece) and so never holds the whole.
    ``channel=None`` averages the channels, as ffmpeg's mix-down does; other rates are resampled
    with a polyphase filter (scipy), and any stretch equals the same stretch of the whole.

    >>> source = AsrSource(AudioSegment.silent(1000, frame_rate=8000))
    >>> len(source), source.read(100, 300).shape
    (16000, (200,))
    """

    def __init__(self, segment: AudioSegment, channel: int | None = None) -> None:
        self._frames = sample_frames(segment)
        self._channel = channel
        self._full_scale = float(2 ** (8 * segment.sample_width - 1))
        common = math.gcd(ASR_SAMPLE_RATE, segment.frame_rate)
        self._up, self._down = ASR_SAMPLE_RATE // common, segment.frame_rate // common
        # resample_poly's output length for the whole input
        self._length = int(-(-len(self._frames) * self._up // self._down))

    def __len__(self) -> int:
        return self._length

    def _mono(self, first: int, last: int) -> np.ndarray:
        frames = self._frames[first:last]
        # float32 throughout: a float64 copy would cost twice as much.
        if self._channel is not None or frames.shape[1] == 1:
            mono = frames[:, self._channel or 0].astype(np.float32)
        else:
            mono = frames.astype(np.float32).mean(axis=1, dtype=np.float32)
        mono /= self._full_scale
        return mono

    def read(self, first: int, last: int) -> np.ndarray:
        """Samples ``first`` to ``last`` (16 kHz sample indices) as float32."""
        first, last = max(0, first), min(self._length, last)
        if last <= first:
            return np.zeros(0, dtype=np.float32)
        up, down = self._up, self._down
        if up == down:
            return self._mono(first, last)
        # Start on an input sample that falls exactly on an output sample, a margin early, so
        # the filter's phase and its view of the neighbours match the whole-file result.
        margin = -(-_RESAMPLE_MARGIN // down)
        block = max(0, first // up - margin)
        start = block * down
        stop = min(len(self._frames), -(-last * down // up) + margin * down)
        resampled = resample_poly(self._mono(start, stop), up, down)
        offset = block * up
        return np.asarray(resampled[first - offset : last - offset], dtype=np.float32)


def samples_for_asr(segment: AudioSegment, channel: int | None = None) -> np.ndarray:
    """Float32 samples at 16 kHz from already decoded audio, without running ffmpeg again.

    The whole recording at once; :class:`AsrSource` gives it a stretch at a time.

    >>> samples_for_asr(AudioSegment.silent(1000, frame_rate=8000)).shape
    (16000,)
    """
    source = AsrSource(segment, channel)
    return source.read(0, len(source))


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
    # 16-bit PCM WAV is what the samples already are: pydub writes the header itself (Python's
    # wave module, no metadata chunk at all) and spares an ffmpeg process per file.
    plain_wav = (
        audio_format.container == "wav"
        and audio_format.codec == "pcm_s16le"
        and segment.sample_width == 2
        and segment.channels == audio_format.channels <= 2
        and segment.frame_rate == audio_format.sample_rate
    )
    try:
        with atomic_output(destination) as temporary:
            if plain_wav:
                segment.export(str(temporary), format="wav")
            else:
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
