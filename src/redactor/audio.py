"""Audio I/O at the pipeline's edges: decode, and encode back to the input's own format.

Everything runs in-process with PyAV, whose wheel bundles FFmpeg's libraries: no ``ffmpeg`` or
``ffprobe`` command is needed at run time. :func:`decode` reads a file straight to PCM at its
own rate and channel count (never through pydub's WAV reader, which reads µ-law as 8-bit
samples); :func:`decode_float` gives float samples, resampled or remixed on request, to the
review page and the evaluation. :func:`encode` writes redacted audio with the input's
container, codec, rate, channel count and bit rate; :func:`copy_audio` copies a recording that
needs no redaction stream for stream. Neither writes the input's tags, which can hold PHI.

Ogg Vorbis is the one exception on the way out: PyAV's FFmpeg has no libvorbis, and FFmpeg's
own Vorbis encoder is experimental and stereo-only, so Vorbis is written by libsndfile
(``soundfile``).

A file that decodes only in part (truncated, damaged packets) is not refused: what decodes is
still a recording that holds PHI. :attr:`DecodedAudio.warning` says what was wrong with it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import av
import av.error
import av.logging
import numpy as np
from av.audio.stream import AudioStream
from scipy.signal import resample_poly

from redactor.errors import AudioDecodeError, AudioEncodeError
from redactor.storage import atomic_output
from redactor.types import AudioFormat

with warnings.catch_warnings():
    # pydub looks for an ffmpeg command as it loads and warns where there is none (the
    # container); it only holds samples here, and never runs one.
    warnings.filterwarnings("ignore", "Couldn't find ffmpeg or avconv", RuntimeWarning)
    from pydub import AudioSegment

ASR_SAMPLE_RATE = 16000

# container as FFmpeg names it -> (our name, FFmpeg muxer, file extension)
_CONTAINERS = {
    "wav": ("wav", "wav", "wav"),
    "mp3": ("mp3", "mp3", "mp3"),
    "flac": ("flac", "flac", "flac"),
    "ogg": ("ogg", "ogg", "ogg"),
    "mov,mp4,m4a,3gp,3g2,mj2": ("m4a", "ipod", "m4a"),
}
# FFmpeg's codec name -> the encoder in PyAV's FFmpeg that writes it back (Vorbis: libsndfile)
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
    "opus": "libopus",
    "aac": "aac",
}
_CODECS = frozenset(_ENCODERS) | {"vorbis"}
_LOSSY_CODECS = frozenset({"mp3", "vorbis", "opus", "aac"})
# Bits per sample as ffprobe reports them for PCM (bits_per_raw_sample, else bits_per_sample).
_PCM_BITS = {
    "pcm_s16le": 16, "pcm_s24le": 24, "pcm_s32le": 32, "pcm_u8": 8, "pcm_f32le": 32,
    "pcm_mulaw": 8, "pcm_alaw": 8,
}  # fmt: skip
AUDIO_EXTENSIONS = frozenset({".wav", ".mp3", ".flac", ".ogg", ".opus", ".m4a"})
# Audio shorter than its header declares by more than this is reported as truncated; Opus and
# AAC priming alone make a few milliseconds of difference.
TRUNCATION_TOLERANCE = 0.1
# What FFmpeg logs when a header gives no duration and it guesses one from the bit rate.
_ESTIMATED_DURATION = "Estimating duration from bitrate"
_ENCODE_BLOCK = 8192  # frames handed to the encoder at a time
# AVFMT_FLAG_BITEXACT (PyAV's Flags.bitexact, whose stubs do not type its value as an int)
_BITEXACT: int = av.container.Flags.bitexact.value  # type: ignore[assignment]


@dataclass(frozen=True)
class DecodedAudio:
    """A recording decoded to PCM, with the format it came in.

    ``warning`` is ``None`` for a file that decoded cleanly, else one line that says what was
    wrong with it (truncated, damaged packets); the samples are then what could be decoded.
    """

    segment: AudioSegment
    format: AudioFormat
    warning: str | None = None

    @property
    def duration(self) -> float:
        return self.format.duration


@dataclass(frozen=True)
class _Decoding:
    """Interleaved PCM from the decoder, and what went wrong on the way."""

    pcm: bytearray
    declared_seconds: float | None  # the duration the file's header states, when it states one
    damaged_packets: int  # packets the decoder refused, or the demuxer marked corrupt
    messages: tuple[str, ...]  # FFmpeg's warnings and errors while reading the packets


def _argument(path: Path) -> str:
    """A path FFmpeg cannot read as an option or a protocol ("-call.wav", "rtp:x.wav")."""
    return str(path.absolute())


def _reason(error: Exception) -> str:
    """Why FFmpeg refused a file, without the file name: its folders can identify a patient."""
    return str(getattr(error, "strerror", None) or type(error).__name__)[:200]


@contextmanager
def _ffmpeg_messages() -> Iterator[list[tuple[int, str, str]]]:
    """FFmpeg's warnings and errors logged by this thread while the block runs, collected
    (level, component, text) instead of printed; FFmpeg's logging is off again afterwards."""
    previous = av.logging.get_level()
    av.logging.set_level(av.logging.WARNING)
    try:
        with av.logging.Capture(local=True) as messages:
            yield messages
    finally:
        av.logging.set_level(previous)


def _open_input(path: Path) -> av.container.InputContainer:
    if not path.is_file():
        raise AudioDecodeError(f"{path.name} is not a readable file")
    if path.stat().st_size == 0:
        raise AudioDecodeError(f"{path.name} is empty (0 bytes)")
    try:
        return av.open(_argument(path), metadata_errors="ignore")
    except (av.error.FFmpegError, OSError) as error:
        reason = _reason(error)
        raise AudioDecodeError(f"cannot read the format of {path.name}: {reason}") from error


def header_seconds(path: Path) -> float | None:
    """How long a file says it is, from its header alone (nothing is decoded); None when it
    says nothing or cannot be read, which its decoding will report, for that file alone.

    >>> header_seconds(Path("no-such-call.wav")) is None
    True
    """
    try:
        with _open_input(path) as container:
            return container.duration / av.time_base if container.duration else None
    except Exception:  # a damaged header: only its estimate is missing here
        return None


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
    if codec not in _CODECS:
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


def _declared_seconds(container: av.container.InputContainer) -> float | None:
    stream = container.streams.audio[0]
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return container.duration / av.time_base if container.duration else None


def _decode_pcm(
    path: Path,
    sample_format: str | None,
    *,
    channels: int | None = None,
    rate: int | None = None,
) -> tuple[AudioFormat, _Decoding]:
    """The one decoder: the first audio stream of ``path`` as interleaved ``sample_format``
    samples, at the file's own rate and channel count unless ``rate``/``channels`` are given.
    ``sample_format=None``: 16-bit samples, or 32-bit ones for a source deeper than 16 bits, so
    nothing is lost on re-encode.

    One growing buffer, not a list of frames joined at the end: an hour-long call would
    otherwise sit in memory twice. The conversion is libswresample's, as in ffmpeg's command
    line, so the samples are the ones ffmpeg would give.
    """
    with _ffmpeg_messages() as messages:
        with _open_input(path) as container:
            audio_format = _format_of(container, path)
            declared = _declared_seconds(container)
            sample_format = sample_format or _integer_format(audio_format)
            if any(_ESTIMATED_DURATION in text for _, _, text in messages):
                declared = None  # a guess from the bit rate is no evidence of truncation
            opened = len(messages)
            stream = container.streams.audio[0]
            layout = stream.codec_context.layout if channels is None else _layout(channels)
            resampler = av.AudioResampler(
                format=sample_format, layout=layout, rate=rate or stream.codec_context.rate
            )
            pcm = bytearray()
            damaged = 0
            try:
                for packet in container.demux(stream):
                    damaged += packet.is_corrupt
                    try:
                        frames = packet.decode()
                    except av.error.InvalidDataError:
                        damaged += 1  # skipped, as ffmpeg's command line skips it
                        continue
                    for frame in frames:
                        for converted in resampler.resample(frame):
                            pcm += converted.to_ndarray().data
                for converted in resampler.resample(None):
                    pcm += converted.to_ndarray().data
            except (av.error.FFmpegError, OSError) as error:
                raise AudioDecodeError(f"cannot decode {path.name}: {_reason(error)}") from error
        # Only what was logged while reading packets: messages about the header can quote its
        # tags, which can hold PHI.
        logged = tuple(_one_line(text, path) for _, _, text in messages[opened:])
    return audio_format, _Decoding(pcm, declared, damaged, logged)


def _integer_format(audio_format: AudioFormat) -> str:
    deep = audio_format.bits_per_sample > 16 or audio_format.codec == "pcm_f32le"
    return "s32" if deep else "s16"


def _layout(channels: int) -> str:
    return {1: "mono", 2: "stereo"}.get(channels, f"{channels}c")


def _one_line(text: str, path: Path) -> str:
    text = " ".join(text.replace(_argument(path), path.name).split())
    return text[:120]


def _warning(decoding: _Decoding, decoded_seconds: float) -> str | None:
    """One line on what was wrong with a file that decoded only in part, else ``None``.

    >>> _warning(_Decoding(bytearray(), 22.8, 0, ()), 12.4)
    'truncated: the audio stops at 12.4 s of the 22.8 s its header declares'
    """
    problems = []
    declared = decoding.declared_seconds
    if declared is not None and decoded_seconds < declared - TRUNCATION_TOLERANCE:
        problems.append(
            f"truncated: the audio stops at {decoded_seconds:.1f} s of the {declared:.1f} s"
            " its header declares"
        )
    if decoding.damaged_packets:
        problems.append(f"{decoding.damaged_packets} damaged packet(s)")
    if decoding.messages:
        count = len(decoding.messages)
        problems.append(
            f"FFmpeg reported {count} decoding problem{'s' if count > 1 else ''}"
            f" (first: {decoding.messages[0]!r})"
        )
    return "; ".join(problems) or None


def decode(path: Path) -> DecodedAudio:
    """Decode a file to PCM at its own rate and channel count.

    Sources deeper than 16 bits are decoded to 32-bit samples so nothing is lost on re-encode.
    A file that decodes only in part gives what decoded, with :attr:`DecodedAudio.warning`.

    >>> decode(Path("sample_audio/scheduling.wav")).segment.sample_width
    2
    """
    audio_format, decoding = _decode_pcm(path, None)
    width = 4 if _integer_format(audio_format) == "s32" else 2
    pcm = decoding.pcm
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
    return DecodedAudio(
        segment, replace(audio_format, duration=duration), _warning(decoding, duration)
    )


def decode_float(
    path: Path, *, rate: int | None = None, channels: int | None = None
) -> tuple[np.ndarray, int]:
    """Float32 samples of shape (frames, channels), and their rate: the file's own rate and
    channels unless ``rate`` or ``channels`` ask for others (resampled, mixed down or up).

    >>> samples, rate = decode_float(Path("sample_audio/scheduling.wav"), rate=8000)
    >>> samples.dtype, samples.shape[1], rate
    (dtype('float32'), 1, 8000)
    """
    audio_format, decoding = _decode_pcm(path, "flt", channels=channels, rate=rate)
    lanes = channels or audio_format.channels
    pcm = decoding.pcm
    usable = len(pcm) - len(pcm) % (4 * lanes)
    samples = np.frombuffer(pcm, dtype=np.float32, count=usable // 4)
    return samples.reshape(-1, lanes), rate or audio_format.sample_rate


def asr_samples(path: Path, channel: int | None = None) -> np.ndarray:
    """Float32 samples at 16 kHz, as the pipeline gives them to Whisper (:class:`AsrSource`).

    ``channel=None`` mixes every channel down to mono; a number takes that channel alone.

    >>> asr_samples(Path("sample_audio/pharmacy.wav")).dtype
    dtype('float32')
    """
    return samples_for_asr(decode(path).segment, channel)


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


def encode(audio: DecodedAudio, segment: AudioSegment, destination: Path) -> None:
    """Write ``segment`` to ``destination`` in ``audio``'s original format, atomically.

    The container, codec, rate, channel count and (for lossy codecs) bit rate are the input's;
    the output carries no metadata from the input, since tags can hold PHI.

    >>> audio = decode(Path("sample_audio/billing.mp3"))  # doctest: +SKIP
    >>> encode(audio, audio.segment, Path("out/billing.mp3"))  # doctest: +SKIP
    """
    audio_format = audio.format
    try:
        with atomic_output(destination) as temporary:
            if audio_format.codec == "vorbis":
                _write_vorbis(segment, audio_format, temporary)
            else:
                _write(segment, audio_format, temporary)
    except Exception as error:  # a codec or disk failure fails this file, with its reason
        raise AudioEncodeError(
            f"cannot write redacted audio {destination.name}: {_reason(error)}"
        ) from error


def _muxer(audio_format: AudioFormat) -> str:
    return next(muxer for name, muxer, _ in _CONTAINERS.values() if name == audio_format.container)


@contextmanager
def _output(audio_format: AudioFormat, destination: Path) -> Iterator[av.container.OutputContainer]:
    with av.open(_argument(destination), "w", format=_muxer(audio_format)) as container:
        # No encoder tags, and for WAV no LIST chunk: just the audio.
        container.flags |= _BITEXACT
        yield container


def _write(segment: AudioSegment, audio_format: AudioFormat, destination: Path) -> None:
    """Encode with PyAV's FFmpeg, a block of frames at a time (no copy of the whole call)."""
    options = {}
    if audio_format.codec == "flac" and audio_format.bits_per_sample > 16:
        options["bits_per_raw_sample"] = str(audio_format.bits_per_sample)
    with _output(audio_format, destination) as container:
        stream = cast(  # an audio codec's name gives an audio stream
            AudioStream,
            container.add_stream(
                _ENCODERS[audio_format.codec],
                rate=audio_format.sample_rate,
                layout=_layout(audio_format.channels),
                options=options,
            ),
        )
        if audio_format.codec == "flac":
            stream.codec_context.format = "s32" if audio_format.bits_per_sample > 16 else "s16"
        if audio_format.bit_rate:
            stream.codec_context.bit_rate = max(audio_format.bit_rate // 1000, 8) * 1000
        sample_format = {2: "s16", 4: "s32"}[segment.sample_width]
        layout = _layout(segment.channels)
        frames = sample_frames(segment)
        for first in range(0, len(frames), _ENCODE_BLOCK):
            block = frames[first : first + _ENCODE_BLOCK].reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(block, format=sample_format, layout=layout)
            frame.sample_rate = segment.frame_rate
            frame.pts, frame.time_base = first, Fraction(1, segment.frame_rate)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def _write_vorbis(segment: AudioSegment, audio_format: AudioFormat, destination: Path) -> None:
    """Ogg Vorbis through libsndfile (at its default quality, about Vorbis q4)."""
    import soundfile

    full_scale = float(2 ** (8 * segment.sample_width - 1))
    frames = sample_frames(segment)
    with soundfile.SoundFile(
        destination, "w", samplerate=audio_format.sample_rate,
        channels=audio_format.channels, format="OGG", subtype="VORBIS",
    ) as output:  # fmt: skip
        for first in range(0, len(frames), _ENCODE_BLOCK):
            output.write(frames[first : first + _ENCODE_BLOCK].astype(np.float32) / full_scale)


def copy_audio(source: Path, audio_format: AudioFormat, destination: Path) -> None:
    """Copy a recording that needs no redaction: the same audio stream, without metadata.

    The stream is copied packet for packet, not re-encoded, so the audio is bit-for-bit the
    input's; only tags, which can hold PHI, are dropped.

    >>> copy_audio(Path("in/a.flac"), audio.format, Path("out/a.flac"))  # doctest: +SKIP
    """
    try:
        with (
            atomic_output(destination) as temporary,
            _open_input(source) as original,
            _output(audio_format, temporary) as copy,
        ):
            stream = original.streams.audio[0]
            copied = copy.add_stream_from_template(stream)
            for packet in original.demux(stream):
                if packet.size == 0:  # the demuxer's end-of-stream marker
                    continue
                packet.stream = copied
                copy.mux(packet)
    except AudioDecodeError as error:
        raise AudioEncodeError(f"cannot write {destination.name}: {error}") from error
    except (av.error.FFmpegError, OSError) as error:
        raise AudioEncodeError(f"cannot write {destination.name}: {_reason(error)}") from error


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
