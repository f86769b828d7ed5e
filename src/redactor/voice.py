"""Voice anonymization by the McAdams-coefficient method: the voice changes, the words stay.

This is the signal-processing baseline of the VoicePrivacy Challenge (Patino et al., 2021). Each
20 ms frame (10 ms hop, square-root Hann window for analysis and synthesis, so the windows
overlap-add to one) is modelled by linear prediction: the speech is a residual (the glottal
source) shaped by an all-pole filter whose complex poles sit at the formants. The angle ``phi`` of
every complex pole is moved to ``phi ** alpha`` (``alpha``, the McAdams coefficient, below one
raises formants under about 2.5 kHz and lowers those above), the pole keeps its radius, and the
residual is played back through the new filter. Formants carry much of what makes a voice
recognisable; the residual keeps pitch, timing and loudness, so the words stay intelligible.

Rate independence: the baseline works at 16 kHz, where ``phi ** alpha`` maps a frequency ``f`` to
``f' = 16000 / (2 pi) * (2 pi f / 16000) ** alpha``. Recordings at other rates get that same
mapping in hertz (the angle is converted to its 16 kHz equivalent, transformed, converted back),
so an 8 kHz phone call is changed the way a 16 kHz one is. The prediction order follows the rate
(20 at 16 kHz, as in the baseline; 12 at 8 kHz).

Level: each frame's output is scaled to the energy of its input frame, so loudness and silences
are kept (peaks can differ a little; anything past full scale is clipped on the way back to
integers). Silent frames pass through untouched.

Per-call variation: with a fixed ``alpha`` every call goes through the same transform, which an
attacker can learn once (from any pair of original and anonymized audio) and then invert, or
train a speaker-verification model on. So each call draws its own coefficient uniformly from
``[alpha - spread, alpha + spread]`` (:data:`ALPHA_SPREAD` by default), from a generator seeded
by ``seed``: the same seed gives the same coefficient and byte-identical output; ``seed=None``
draws from the operating system's entropy (not reproducible); ``spread=0`` turns the variation
off. On a multi-channel recording each channel draws its own coefficient, from the seed and the
channel number (:func:`channel_seed`); a seeded batch should give each call its own seed
(:func:`key_seed`). The drawn coefficient is the key to undoing the transform: do not log it.
This is a mild defence: an attacker who knows the method can still search the small range, and
the McAdams baseline is known to be weak against such informed attackers. It keeps a casual
listener from recognising a voice; it does not make a recording anonymous on its own.

Beeps: a steady tone is one spectral line, and linear prediction models it as one sharp formant,
so the transform moves it like a formant: a 1 kHz beep comes out as a steady tone near 1.2 kHz
at alpha 0.8 (1.1 kHz at 0.9, 1.3 kHz at 0.7), of the same length, still clean (over 95 % of its
energy within 50 Hz of the new pitch) and within 1.5 dB of its level. It stays recognisably a
beep. A pipeline that wants the configured beep frequency exactly anonymizes first and beeps
after: the beep replaces samples, so the order changes nothing else.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from pydub import AudioSegment
from scipy.signal import fftconvolve, get_window, lfilter, stft

from redactor.audio import SAMPLE_TYPES
from redactor.errors import ConfigError

DEFAULT_ALPHA = 0.8
"""The McAdams coefficient used when none is given (chosen from ``bench/VOICE.md``)."""

ALPHA_SPREAD = 0.05
"""Half-width of the range around ``alpha`` that each call's coefficient is drawn from."""

MIN_ALPHA = 0.5
MAX_ALPHA = 1.5
"""Coefficients accepted. Under 0.5 speech breaks up; 1.0 is the identity; above 1 formants move
the other way (low ones down, high ones up)."""

REFERENCE_RATE = 16000
HOP_SECONDS = 0.01  # frames are two hops (20 ms) long

_SILENT_ENERGY = 1e-10  # a frame's summed squared samples below this is passed through as is
_MAX_GAIN = 1e3
_BLOCK_FRAMES = 1000  # 10 s of audio per block


def lpc_order(sample_rate: int) -> int:
    """Linear-prediction order for a sample rate: a pole pair per kilohertz of bandwidth and four
    more for the glottal and radiation slope (the baseline's 20 at 16 kHz), within 12-48.

    >>> lpc_order(16000), lpc_order(8000), lpc_order(48000)
    (20, 12, 48)
    """
    return int(min(48, max(12, sample_rate // 1000 + 4)))


def draw_alpha(alpha: float, seed: int | None, *, spread: float = ALPHA_SPREAD) -> float:
    """The coefficient one call uses: uniform in ``[alpha - spread, alpha + spread]``, clipped to
    the accepted range, from a generator seeded by ``seed`` (``None``: fresh entropy).

    >>> draw_alpha(0.8, 7) == draw_alpha(0.8, 7), abs(draw_alpha(0.8, 7) - 0.8) <= ALPHA_SPREAD
    (True, True)
    >>> draw_alpha(0.8, 7, spread=0.0)
    0.8
    """
    _check_alpha(alpha)
    _check_seed(seed)
    if not 0.0 <= spread <= 0.5:
        raise ConfigError(f"voice alpha spread must be between 0 and 0.5, not {spread}")
    if spread == 0.0:
        return alpha
    generator = np.random.default_rng(seed)
    drawn = alpha + float(generator.uniform(-spread, spread))
    return float(min(MAX_ALPHA, max(MIN_ALPHA, drawn)))


def channel_seed(seed: int | None, channel: int) -> int | None:
    """A seed of its own for one channel, derived from the call's seed (``None`` stays ``None``).

    >>> channel_seed(1, 0) != channel_seed(1, 1), channel_seed(None, 1)
    (True, None)
    """
    if seed is None:
        return None
    _check_seed(seed)
    return int(np.random.SeedSequence([seed, channel]).generate_state(1, np.uint64)[0])


def key_seed(seed: int, key: str) -> int:
    """A per-call seed from a run's seed and something that names the call (its SHA-256, say),
    so every call of a seeded run gets its own, reproducible coefficient.

    >>> key_seed(1, "a") == key_seed(1, "a"), key_seed(1, "a") != key_seed(1, "b")
    (True, True)
    """
    _check_seed(seed)
    words = np.frombuffer(hashlib.sha256(key.encode("utf-8")).digest(), dtype=np.uint32)
    return int(np.random.SeedSequence([seed, *words.tolist()]).generate_state(1, np.uint64)[0])


def _check_seed(seed: int | None) -> None:
    if seed is not None and seed < 0:
        raise ConfigError(f"voice seed must be a non-negative integer, not {seed}")


def _check_alpha(alpha: float) -> None:
    if not MIN_ALPHA <= alpha <= MAX_ALPHA:
        raise ConfigError(
            f"voice alpha (McAdams coefficient) must be between {MIN_ALPHA} and {MAX_ALPHA},"
            f" not {alpha}"
        )


def anonymize(
    samples: NDArray[np.floating],
    sample_rate: int,
    *,
    alpha: float = DEFAULT_ALPHA,
    seed: int | None = None,
    spread: float = ALPHA_SPREAD,
) -> NDArray[np.floating]:
    """Return mono float ``samples`` with the voice changed; same length and dtype.

    ``alpha`` is the centre of the range the coefficient is drawn from (see :func:`draw_alpha`).

    >>> rate = 16000
    >>> t = np.arange(rate) / rate
    >>> vowel = np.sin(2 * np.pi * 120 * t) * (1 + np.sin(2 * np.pi * 700 * t))
    >>> out = anonymize(0.1 * vowel.astype(np.float32), rate, alpha=0.8, seed=1)
    >>> out.shape, out.dtype.name, bool(np.abs(out - 0.1 * vowel).max() > 0.01)
    ((16000,), 'float32', True)
    """
    signal = np.asarray(samples)
    if signal.ndim != 1 or not np.issubdtype(signal.dtype, np.floating):
        raise ConfigError("voice anonymization takes one channel of float samples")
    if sample_rate < 4000:
        raise ConfigError(
            f"voice anonymization needs at least a 4 kHz sample rate, not {sample_rate}"
        )
    coefficient = draw_alpha(alpha, seed, spread=spread)
    if signal.size == 0 or coefficient == 1.0:
        return signal.copy()
    return _mcadams(signal, sample_rate, coefficient).astype(signal.dtype, copy=False)


def _mcadams(signal: NDArray[np.floating], rate: int, alpha: float) -> NDArray[np.float32]:
    hop = max(1, round(HOP_SECONDS * rate))
    # periodic Hann at 50 % overlap sums to exactly one; its square root is used twice
    window = np.sqrt(get_window("hann", 2 * hop, fftbins=True))
    count = math.ceil((signal.size + hop) / hop)  # frames, the first starting a hop early
    padded = np.zeros((count + 1) * hop, dtype=np.float32)  # float32: -140 dB is plenty
    padded[hop : hop + signal.size] = signal
    output = np.zeros_like(padded)
    # a block of frames at a time, so a long call needs no frame matrix of its whole length
    for first in range(0, count, _BLOCK_FRAMES):
        last = min(count, first + _BLOCK_FRAMES)
        halves = padded[first * hop : (last + 1) * hop].reshape(-1, hop)
        frames = np.concatenate((halves[:-1], halves[1:]), axis=1) * window
        rebuilt = _rebuild(frames, alpha, rate) * window
        overlap = output[first * hop : (last + 1) * hop].reshape(-1, hop)  # a view
        overlap[:-1] += rebuilt[:, :hop]
        overlap[1:] += rebuilt[:, hop:]
    return output[hop : hop + signal.size]


def _rebuild(frames: NDArray[np.float64], alpha: float, rate: int) -> NDArray[np.float64]:
    """Windowed frames (rows) -> the same frames through the shifted filters, each scaled back
    to its input energy; silent frames come back as they are."""
    length = frames.shape[1]
    order = lpc_order(rate)
    spectrum = np.fft.rfft(frames, n=2 * length, axis=1)
    autocorrelation = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, : order + 1]
    energy = np.sum(frames**2, axis=1)
    voiced = np.flatnonzero(energy >= _SILENT_ENERGY)
    rebuilt = frames.copy()
    if voiced.size == 0:
        return rebuilt
    old, new = _shifted_filters(autocorrelation[voiced], alpha, rate / REFERENCE_RATE)
    # the residual (inverse filter, a per-row FIR convolution) for every voiced frame at once
    residuals = fftconvolve(frames[voiced], old, axes=1)[:, :length]
    for row, index in enumerate(voiced):
        # the synthesis filter differs per frame: scipy's lfilter runs frame by frame
        candidate = lfilter([1.0], new[row], residuals[row])
        candidate_energy = float(np.sum(candidate**2))
        if np.isfinite(candidate_energy) and candidate_energy > 0.0:
            gain = min(_MAX_GAIN, math.sqrt(energy[index] / candidate_energy))
            rebuilt[index] = candidate * gain
    return rebuilt


def _shifted_filters(
    autocorrelation: NDArray[np.float64], alpha: float, scale: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per frame (row): the prediction polynomial ``[1, a1 .. ap]``, and the polynomial whose
    complex roots (the poles of the synthesis filter) have their angles moved."""
    frames, width = autocorrelation.shape
    order = width - 1
    if frames == 0:
        return np.ones((0, width)), np.ones((0, width))
    lags = autocorrelation.copy()
    lags[:, 0] *= 1.0 + 1e-9  # white-noise correction keeps the normal equations well posed
    # the autocorrelation method's normal equations, one Toeplitz system per frame
    distance = np.abs(np.subtract.outer(np.arange(order), np.arange(order)))
    coefficients = np.linalg.solve(lags[:, distance], -lags[:, 1:, None])[:, :, 0]
    old = np.concatenate((np.ones((frames, 1)), coefficients), axis=1)

    companion = np.zeros((frames, order, order))
    companion[:, 0, :] = -coefficients
    companion[:, np.arange(1, order), np.arange(order - 1)] = 1.0
    poles = np.linalg.eigvals(companion)  # the roots of each polynomial
    complex_poles = np.abs(poles.imag) > 1e-12
    angles = np.abs(np.angle(poles[complex_poles]))
    # each angle as at 16 kHz, raised to alpha, brought back to this rate
    moved = np.clip((angles * scale) ** alpha / scale, 0.0, np.pi)
    shifted = poles.copy()
    shifted[complex_poles] = np.abs(poles[complex_poles]) * np.exp(
        1j * np.sign(poles[complex_poles].imag) * moved
    )
    # expand prod(1 - p z^-1) for every frame at once (numpy's poly, row-wise)
    expanded = np.zeros((frames, width), dtype=complex)
    expanded[:, 0] = 1.0
    for k in range(order):
        expanded[:, 1:] = expanded[:, 1:] - shifted[:, k : k + 1] * expanded[:, :-1]
    return old, np.real(expanded)


def anonymize_segment(
    segment: AudioSegment,
    *,
    channels: Sequence[int] | None = None,
    alpha: float = DEFAULT_ALPHA,
    seed: int | None = None,
    spread: float = ALPHA_SPREAD,
) -> AudioSegment:
    """Anonymize the voice on the listed channels (``None``: all); other channels are left
    bit-for-bit as they were. Rate, sample width, channel count and frame count are kept.

    On a mono recording ``channels`` is ignored: its one channel holds every speaker, so it is
    always anonymized. On a multi-channel one a channel that does not exist is a
    :class:`~redactor.errors.ConfigError`. Each channel draws its own coefficient (see
    :func:`channel_seed`). Working memory, beyond the segment itself, is about 20 bytes per
    sample of one channel (some 0.6 GB for an hour at 8 kHz), whatever the number of channels.

    >>> stereo = AudioSegment.silent(duration=500, frame_rate=8000).set_channels(2)
    >>> out = anonymize_segment(stereo, channels=[1], seed=3)
    >>> (out.frame_rate, out.channels, out.sample_width, out.frame_count())
    (8000, 2, 2, 4000.0)
    """
    if segment.sample_width not in (1, 2, 4):
        raise ConfigError(f"cannot anonymize {8 * segment.sample_width}-bit audio")
    chosen = _chosen_channels(segment.channels, channels)
    if not chosen or int(segment.frame_count()) == 0:
        return segment
    integers = np.frombuffer(segment.raw_data, dtype=SAMPLE_TYPES[segment.sample_width])
    interleaved = integers.reshape(-1, segment.channels).copy()  # untouched channels: as they are
    full_scale = float(2 ** (8 * segment.sample_width - 1))
    for channel in chosen:
        # float32 holds 16- and 24-bit samples exactly; the changed channel is rewritten anyway
        samples = interleaved[:, channel].astype(np.float32) / np.float32(full_scale)
        changed = anonymize(
            samples,
            segment.frame_rate,
            alpha=alpha,
            seed=channel_seed(seed, channel),
            spread=spread,
        )
        scaled = changed.astype(np.float64)  # in place from here: one copy of one channel
        scaled *= full_scale
        np.round(scaled, out=scaled)
        np.clip(scaled, -full_scale, full_scale - 1, out=scaled)
        interleaved[:, channel] = scaled.astype(interleaved.dtype)
    return AudioSegment(
        data=interleaved.tobytes(),
        sample_width=segment.sample_width,
        frame_rate=segment.frame_rate,
        channels=segment.channels,
    )


def _chosen_channels(count: int, channels: Sequence[int] | None) -> list[int]:
    if count == 1 or channels is None:
        return list(range(count))
    chosen = sorted(set(channels))
    for channel in chosen:
        if not 0 <= channel < count:
            raise ConfigError(
                f"cannot anonymize channel {channel}: the recording has {count} channel(s)"
            )
    return chosen


def _mel(hertz: NDArray[np.float64]) -> NDArray[np.float64]:
    return 2595.0 * np.log10(1.0 + hertz / 700.0)


def long_term_spectrum(
    samples: NDArray[np.floating],
    sample_rate: int,
    *,
    bands: int = 24,
    max_hz: float = 3800.0,
) -> NDArray[np.float64]:
    """The long-term average spectrum of the speech in ``samples``: mean log energy (dB) in
    ``bands`` mel bands from 100 Hz to ``max_hz`` (telephone band, so 8 kHz and 16 kHz
    recordings compare), over frames within 40 dB of the loudest, with the mean level removed.

    Its shape follows the speaker's average formant structure, so it is a signal-level proxy
    for a speaker embedding (see :func:`envelope_distance`).
    """
    signal = np.asarray(samples, dtype=np.float64)
    segment = round(0.025 * sample_rate)
    _, _, spectrum = stft(signal, fs=sample_rate, window="hann", nperseg=segment,
                          noverlap=segment - round(0.01 * sample_rate), boundary=None)  # fmt: skip
    power = np.abs(spectrum) ** 2
    frequencies = np.fft.rfftfreq(segment, 1.0 / sample_rate)
    top = min(max_hz, 0.95 * sample_rate / 2)
    edges = np.linspace(_mel(np.array(100.0)), _mel(np.array(top)), bands + 2)
    centres_hz = 700.0 * (10 ** (edges / 2595.0) - 1.0)
    weights = np.zeros((bands, frequencies.size))
    for band in range(bands):
        low, centre, high = centres_hz[band : band + 3]
        rising = (frequencies - low) / (centre - low)
        falling = (high - frequencies) / (high - centre)
        weights[band] = np.clip(np.minimum(rising, falling), 0.0, None)
    band_power = weights @ power  # (bands, frames)
    frame_level = 10.0 * np.log10(band_power.sum(axis=0) + 1e-20)
    if frame_level.size == 0:
        raise ConfigError("too little audio to measure a spectrum")
    speech = frame_level > max(frame_level.max() - 40.0, -100.0)
    mean_db = 10.0 * np.log10(band_power[:, speech] + 1e-20).mean(axis=1)
    return np.asarray(mean_db - mean_db.mean(), dtype=np.float64)


def envelope_distance(
    reference: NDArray[np.floating], other: NDArray[np.floating], sample_rate: int
) -> float:
    """Root-mean-square difference, in dB, between the level-normalized long-term spectra of
    two recordings (:func:`long_term_spectrum`): 0 for the same audio, about 1 dB or less for
    the same audio through a phone codec, several dB for a changed voice.

    >>> rate = 16000
    >>> noise = np.random.default_rng(0).normal(size=rate)
    >>> round(envelope_distance(noise, noise, rate), 6)
    0.0
    """
    first = long_term_spectrum(reference, sample_rate)
    second = long_term_spectrum(other, sample_rate)
    return float(np.sqrt(np.mean((first - second) ** 2)))
