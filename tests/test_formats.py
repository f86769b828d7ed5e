"""Output format equals input format: container, codec, rate, channels and duration.

Uses a fake transcriber and detector so that a known stretch is always redacted; the real
models are exercised in test_pipeline.py. The inputs are made with the ffmpeg command and
checked with ffprobe (independent of the PyAV code under test, which needs neither).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from fixture_paths import ARCTIC_CLIP

from redactor import Redactor
from redactor.audio import DecodedAudio, decode, decode_float, encode
from redactor.errors import AudioEncodeError
from redactor.evaluate import frame_changes, share_changed
from redactor.testing import FakeDetector, FakeTranscriber, transcript_from
from redactor.types import AudioFormat

# The clip says "And you always want to see it in the superlative degree." in 4 s.
FAKE_WORDS = transcript_from(
    [("and", 0.2, 0.6), ("you", 0.7, 0.9), ("always", 1.0, 1.3), ("superlative", 2.4, 3.0)],
    duration=4.0,
)
FORMATS = {
    "wav_16k": (".wav", ["-ar", "16000", "-c:a", "pcm_s16le"]),
    "wav_8k_mulaw": (".wav", ["-ar", "8000", "-c:a", "pcm_mulaw"]),
    "wav_8k_alaw": (".wav", ["-ar", "8000", "-c:a", "pcm_alaw"]),
    "wav_24bit_44k": (".wav", ["-ar", "44100", "-c:a", "pcm_s24le"]),
    "wav_float_16k": (".wav", ["-ar", "16000", "-c:a", "pcm_f32le"]),
    "wav_8bit_8k": (".wav", ["-ar", "8000", "-c:a", "pcm_u8"]),
    "wav_stereo": (".wav", ["-ac", "2", "-ar", "16000", "-c:a", "pcm_s16le"]),
    "mp3": (".mp3", ["-ar", "16000", "-c:a", "libmp3lame", "-b:a", "48k"]),
    "mp3_stereo_44k": (".mp3", ["-ac", "2", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "96k"]),
    "flac": (".flac", ["-ar", "16000", "-c:a", "flac"]),
    "flac_24bit_48k": (".flac", ["-ar", "48000", "-c:a", "flac", "-sample_fmt", "s32"]),
    "ogg_opus": (".ogg", ["-ar", "48000", "-c:a", "libopus", "-b:a", "32k"]),
    "ogg_vorbis": (".ogg", ["-ar", "22050", "-c:a", "libvorbis"]),
    "m4a_aac": (".m4a", ["-ar", "16000", "-c:a", "aac", "-b:a", "48k"]),
}
LOSSLESS = sorted(name for name in FORMATS if name.startswith(("wav", "flac")))


def stream_info(path: Path) -> dict[str, object]:
    output = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            str(path),
        ],
        capture_output=True,
        check=True,
    ).stdout
    info = json.loads(output)
    stream = info["streams"][0]
    return {
        "container": info["format"]["format_name"],
        "codec": stream["codec_name"],
        "sample_rate": stream["sample_rate"],
        "channels": stream["channels"],
        "bits": stream.get("bits_per_raw_sample"),
    }


def decoded_seconds(path: Path) -> float:
    samples, rate = decode_float(path)
    return len(samples) / rate


def make_input(name: str, folder: Path, *tags: str) -> Path:
    """The clip in format ``name`` (see FORMATS), with ``-metadata`` tags if given."""
    suffix, arguments = FORMATS[name]
    source = folder / f"call{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    metadata = [argument for tag in tags for argument in ("-metadata", tag)]
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(ARCTIC_CLIP), *arguments, *metadata,
         str(source)],
        check=True,
    )  # fmt: skip
    return source


def packet_hashes(path: Path) -> list[str]:
    """A hash of each of the audio stream's packets (read with ffprobe, not PyAV)."""
    listing = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_data_hash", "SHA256",
         "-show_entries", "packet=data_hash", "-of", "json", str(path)],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return [packet.get("data_hash", "") for packet in json.loads(listing)["packets"]]


@pytest.fixture(scope="module")
def fake_redactor() -> Redactor:
    return Redactor(
        transcriber=FakeTranscriber(FAKE_WORDS),
        detector=FakeDetector(lambda word: word == "always"),
    )


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_output_keeps_the_input_format(name: str, tmp_path: Path, fake_redactor: Redactor) -> None:
    source = make_input(name, tmp_path / "in")
    suffix = source.suffix
    result = fake_redactor.redact_file(source, tmp_path / "out")

    assert result.outputs.audio == tmp_path / "out" / f"call{suffix}"
    assert stream_info(result.outputs.audio) == stream_info(source)
    assert abs(decoded_seconds(result.outputs.audio) - decoded_seconds(source)) <= 0.010
    loud, changed = frame_changes(source, result.outputs.audio)
    assert share_changed(loud, changed, 0.5, 1.8) >= 0.9  # "always", padded by 0.5 s
    assert share_changed(loud, changed, 2.4, 3.0) <= 0.1  # "superlative" is untouched


def test_output_drops_metadata_tags(tmp_path: Path, fake_redactor: Redactor) -> None:
    source = tmp_path / "tagged.mp3"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(ARCTIC_CLIP),
            "-metadata",
            "title=Patient Jane Roe",
            str(source),
        ],
        check=True,
    )
    result = fake_redactor.redact_file(source, tmp_path / "out")
    assert b"Jane Roe" not in result.outputs.audio.read_bytes()


def test_plain_wav_is_written_without_any_metadata_chunk(
    tmp_path: Path, fake_redactor: Redactor
) -> None:
    source = tmp_path / "tagged.wav"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(ARCTIC_CLIP), "-ar", "16000",
         "-c:a", "pcm_s16le", "-metadata", "title=Patient Jane Roe", str(source)],
        check=True,
    )  # fmt: skip
    assert b"Jane Roe" in source.read_bytes()
    result = fake_redactor.redact_file(source, tmp_path / "out")
    written = result.outputs.audio.read_bytes()
    assert stream_info(result.outputs.audio) == stream_info(source)
    assert written[:4] == b"RIFF" and written[8:12] == b"WAVE"
    chunks, position = [], 12
    while position + 8 <= len(written):
        chunks.append(written[position : position + 4])
        position += 8 + int.from_bytes(written[position + 4 : position + 8], "little")
    assert chunks == [b"fmt ", b"data"]


@pytest.mark.parametrize(
    "content", [b"", b"RIFF\x00\x00\x00\x00WAVEfmt not really audio", b"plain text\n" * 50]
)
def test_decode_errors_name_the_file_but_never_its_folders(tmp_path: Path, content: bytes) -> None:
    from redactor.audio import decode, decode_float
    from redactor.errors import AudioDecodeError

    folder = tmp_path / "Jane Roe DOB 1980-03-04"
    folder.mkdir()
    broken = folder / "broken.wav"
    broken.write_bytes(content)
    for read in (decode, decode_float):
        with pytest.raises(AudioDecodeError) as caught:
            read(broken)
        message = str(caught.value)
        assert "broken.wav" in message and "\n" not in message
        assert "Jane Roe" not in message and str(tmp_path) not in message


@pytest.mark.parametrize("name", LOSSLESS)
def test_lossless_formats_are_written_back_sample_for_sample(name: str, tmp_path: Path) -> None:
    source = make_input(name, tmp_path / "in")
    decoded = decode(source)
    written = tmp_path / "out" / source.name
    encode(decoded, decoded.segment, written)

    assert stream_info(written) == stream_info(source)
    original, rate = decode_float(source)
    again, rate_again = decode_float(written)
    assert rate_again == rate and again.shape == original.shape
    assert np.array_equal(again, original)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_phi_free_recording_is_copied_stream_for_stream_without_its_tags(
    name: str, tmp_path: Path
) -> None:
    source = make_input(name, tmp_path / "in", "title=Patient Jane Roe", "comment=DOB 1980")
    assert b"Jane Roe" in source.read_bytes()
    nothing_found = Redactor(
        transcriber=FakeTranscriber(FAKE_WORDS), detector=FakeDetector(lambda word: False)
    )
    result = nothing_found.redact_file(source, tmp_path / "out")

    assert not result.beeps
    copied = result.outputs.audio.read_bytes()
    assert b"Jane Roe" not in copied and b"DOB 1980" not in copied
    assert stream_info(result.outputs.audio) == stream_info(source)
    assert packet_hashes(result.outputs.audio) == packet_hashes(source)
    assert abs(decoded_seconds(result.outputs.audio) - decoded_seconds(source)) <= 0.010


def test_an_encoder_failure_is_one_line_naming_the_file_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    clip = decode(ARCTIC_CLIP)
    # Opus has no 44.1 kHz mode: the encoder refuses to open.
    opus_44k = DecodedAudio(
        clip.segment.set_frame_rate(44100), AudioFormat("ogg", "opus", 44100, 1, 0, 32000, 4.0)
    )
    folder = tmp_path / "Jane Roe"
    with pytest.raises(AudioEncodeError) as caught:
        encode(opus_44k, opus_44k.segment, folder / "call.ogg")
    message = str(caught.value)
    assert message.startswith("cannot write redacted audio call.ogg: ")
    assert "\n" not in message and "Jane Roe" not in message
    assert list(folder.iterdir()) == []


_WITHOUT_FFMPEG = """
import sys, warnings
from pathlib import Path
warnings.simplefilter("error", RuntimeWarning)  # pydub: "Couldn't find ffmpeg"
from redactor.audio import copy_audio, decode, decode_float, encode
out = Path(sys.argv[1])
for source in map(Path, sys.argv[2:]):
    decoded = decode(source)
    encode(decoded, decoded.segment, out / "encoded" / source.name)
    copy_audio(source, decoded.format, out / "copied" / source.name)
    for written in ("encoded", "copied"):
        assert len(decode_float(out / written / source.name)[0]) > 0
print("done")
"""


def test_audio_is_decoded_and_encoded_without_any_ffmpeg_command(tmp_path: Path) -> None:
    sources = [make_input(name, tmp_path / "in" / name) for name in sorted(FORMATS)]
    nothing_on_path = tmp_path / "empty"
    nothing_on_path.mkdir()
    run = subprocess.run(
        [sys.executable, "-c", _WITHOUT_FFMPEG, str(tmp_path / "out"), *map(str, sources)],
        env={**os.environ, "PATH": str(nothing_on_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "done" and run.stderr == ""
