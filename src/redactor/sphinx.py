"""The forced-alignment decoder: PocketSphinx with the US English model inside its wheel.

``pocketsphinx==5.1.1`` carries the CMU acoustic model and pronouncing dictionary; nothing is
downloaded. The words of a group become a JSGF grammar (a number's spoken alternatives as
alternatives), words outside the dictionary get their phones from espeak-ng
(:mod:`redactor.pronounce`), and the decoder's word segmentation gives each token's frames.

Settings: with PocketSphinx's defaults a quarter of the sentence groups failed ("Final result
does not match the grammar", field notes, "Word timing"), so the best-path search is off, and a
group that fails is decoded once more with beams of 1e-120 (word beam 1e-100) and ``topn=4``
Gaussians per frame (``topn=2`` first: about 15 % faster). On the seed-1 development corpus
(30 calls, 208 groups, Whisper tiny.en's words) that still left 28 groups failed, 24 of them
on the 8 kHz dual-channel calls, whose channels are digital silence while the other speaker
talks: with faint noise added (:func:`pcm_with_noise_floor`) none failed, 202
aligned at the first pass (26.8 CPU seconds) and 6 on the retry (1.4 s). A first pass at
beams of 1e-80 aligned 207 at once but cost more in all (29.9 s); ``topn=1`` first, 26.4 s,
but 17 retries.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from redactor.errors import ConfigError
from redactor.forced_alignment import (
    AudioWindow,
    ForcedAligner,
    SpokenWord,
    TimedToken,
    match_tokens,
    tokens_of,
)
from redactor.pronounce import EspeakPronouncer, PronunciationError
from redactor.transcribe import ASR_RATE

FRAME_SECONDS = 0.01
NOISE_FLOOR_DB = -50.0
FIRST_PASS: dict[str, float | int] = {"topn": 2}
RETRY: dict[str, float | int] = {"beam": 1e-120, "pbeam": 1e-120, "wbeam": 1e-100, "topn": 4}
_ALTERNATE = re.compile(r"\(\d+\)$")  # "and(2)": the dictionary's second pronunciation
_NOT_WORDS = {"<s>", "</s>", "<sil>", "(NULL)"}


def pcm_with_noise_floor(samples: np.ndarray) -> bytes:
    """16-bit PCM for the decoder, with faint noise (seeded, so the same every time)
    :data:`NOISE_FLOOR_DB` below the peak. Where a dual-channel call's other speaker talks,
    this channel is digital silence, and exact zeros wreck the decoder's features: on the
    development corpus every sentence group of some 8 kHz dual-channel calls failed, and
    with the noise they align.

    >>> len(pcm_with_noise_floor(np.zeros(160, dtype=np.float32)))
    320
    """
    peak = float(np.abs(samples).max()) if len(samples) else 0.0
    noise = np.random.default_rng(0).normal(0.0, 1.0, len(samples))
    noisy = samples + noise * max(peak, 1e-3) * 10 ** (NOISE_FLOOR_DB / 20)
    return (np.clip(noisy, -1.0, 1.0) * 32767).astype("<i2").tobytes()


def jsgf(words: Sequence[SpokenWord]) -> str:
    """A JSGF grammar that accepts the words' spoken forms one after another.

    >>> from redactor.forced_alignment import spoken_word
    >>> print(jsgf([spoken_word("my"), spoken_word("20")]))
    #JSGF V1.0;
    grammar align;
    public <words> = my (two (zero | oh) | twenty);
    """
    pieces = [_piece(piece) for word in words for piece in word]
    return "#JSGF V1.0;\ngrammar align;\npublic <words> = " + " ".join(pieces) + ";"


def _piece(readings: Sequence[Sequence[Sequence[str]]]) -> str:
    said = [" ".join(_position(p) for p in reading) for reading in readings if reading]
    body = said[0] if len(said) == 1 else "(" + " | ".join(said) + ")"
    return f"[{body}]" if len(said) < len(readings) else body


def _position(choices: Sequence[str]) -> str:
    return choices[0] if len(choices) == 1 else "(" + " | ".join(choices) + ")"


class SphinxDecoder:
    """An :class:`~redactor.forced_alignment.AlignmentDecoder` on PocketSphinx.

    Raises :class:`~redactor.errors.ConfigError` when pocketsphinx or espeak-ng is missing.

    >>> decoder = SphinxDecoder()  # doctest: +SKIP
    """

    def __init__(self, pronouncer: EspeakPronouncer | None = None) -> None:
        try:
            from pocketsphinx import Decoder
        except ImportError as error:
            raise ConfigError(
                "word alignment needs the pocketsphinx package (pip install pocketsphinx==5.1.1) "
                "or word alignment turned off (--no-word-alignment)"
            ) from error
        self._pronouncer = pronouncer or EspeakPronouncer()
        self._decoder_class: Any = Decoder
        self._decoders: list[Any] = [self._new(FIRST_PASS)]
        self._added: set[str] = set()

    def _new(self, settings: dict[str, float | int]) -> Any:
        return self._decoder_class(
            samprate=ASR_RATE, lm=None, loglevel="FATAL", bestpath=False, **settings
        )

    def decode(self, window: AudioWindow, words: Sequence[SpokenWord]) -> list[TimedToken] | None:
        tokens = tokens_of(words)
        if not tokens:
            return []
        if not self._know(tokens):
            return None
        grammar = jsgf(words)
        audio = pcm_with_noise_floor(window.samples)
        for attempt in range(2):
            if attempt == len(self._decoders):
                wide = self._new(RETRY)
                for word in sorted(self._added):
                    wide.add_word(word, self._decoders[0].lookup_word(word), False)
                self._decoders.append(wide)
            said = self._run(self._decoders[attempt], grammar, audio, window.start)
            if said is not None and match_tokens(words, said) is not None:
                return said
        return None

    def _know(self, tokens: set[str]) -> bool:
        """Add the tokens the dictionary lacks; False if one cannot be pronounced."""
        first = self._decoders[0]
        unknown = sorted(t for t in tokens if first.lookup_word(t) is None)
        if not unknown:
            return True
        try:
            phones = self._pronouncer.phones(unknown)
        except PronunciationError:
            return False
        if not all(phones[word] for word in unknown):
            return False
        for word in unknown:
            try:
                for decoder in self._decoders:
                    # Each group's grammar is a new search, built with the words added.
                    decoder.add_word(word, " ".join(phones[word]), False)
            except RuntimeError:  # a phone the model lacks
                return False
            self._added.add(word)
        return True

    @staticmethod
    def _run(decoder: Any, grammar: str, audio: bytes, offset: float) -> list[TimedToken] | None:
        try:
            decoder.add_jsgf_string("align", grammar)
            decoder.activate_search("align")
            # The feature front end keeps what it learnt from earlier utterances (noise
            # estimate, CMN): without a reset, a group's times hung on what the decoder had
            # aligned before it, 10 ms apart, and outputs on the process's history.
            decoder.reinit_feat()
            decoder.start_utt()
            decoder.process_raw(audio, full_utt=True)
            decoder.end_utt()
        except (RuntimeError, ValueError):
            return None
        if decoder.hyp() is None:
            return None
        return [
            TimedToken(
                _ALTERNATE.sub("", segment.word),
                round(offset + segment.start_frame * FRAME_SECONDS, 3),
                round(offset + (segment.end_frame + 1) * FRAME_SECONDS, 3),
            )
            for segment in decoder.seg()
            if segment.word not in _NOT_WORDS and not segment.word.startswith(("[", "++", "<"))
        ]


def sphinx_aligner() -> ForcedAligner:
    """The default word aligner: PocketSphinx's US English model, espeak-ng for other words.

    Raises :class:`~redactor.errors.ConfigError` when pocketsphinx or espeak-ng is missing.
    """
    decoder = SphinxDecoder()
    version = importlib.metadata.version("pocketsphinx")
    return ForcedAligner(decoder, name=f"pocketsphinx en-us ({version})")
