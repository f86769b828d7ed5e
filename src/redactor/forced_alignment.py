"""Acoustic word times: each channel's transcribed words aligned back onto its audio.

Whisper's word times come from its cross-attention and are often hundreds of milliseconds
off, most of all on numbers and names. A forced aligner, given the words, finds where each
was said far more tightly. Whisper's own words are aligned, a group of whole sentences (about
:data:`GROUP_SECONDS`) at a time, each in a window whose edges lie in the middle of the pauses
between groups: a few words cut out around a PHI item do not align reliably.

This module is the pure part: words to what may be spoken for them (numbers as spoken
alternatives: "1982" is "nineteen eighty two" or "one nine eight two"), grouping, windows,
and mapping the decoder's timed tokens back to words. The decoder sits behind
:class:`AlignmentDecoder` (the real one is :class:`redactor.sphinx.SphinxDecoder`; tests use
:class:`redactor.testing.FakeAlignmentDecoder`). A group that does not align leaves its words
without acoustic times (``Word.aligned`` is ``None``), and they are placed by Whisper's times.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from redactor.transcribe import ASR_RATE, SampleSource
from redactor.types import Interval, Transcript, Word

# One spoken token: any of these words (e.g. ("zero", "oh")).
Position = tuple[str, ...]
# One way to say a piece of a word, a token at a time.
Reading = tuple[Position, ...]
# The ways a piece of a word may be said; an empty reading makes the piece optional.
Piece = tuple[Reading, ...]
# A transcribed word as pieces said one after another ("555-0134": "555", "0134").
SpokenWord = tuple[Piece, ...]

# Groups of whole sentences about this long are aligned at once (field notes: ~10 s worked,
# a few words around each PHI item did not).
GROUP_SECONDS = 10.0
# A sentence longer than this is cut at its widest pauses between words.
MAX_GROUP_SECONDS = 20.0
# A pause this long between two words ends a sentence even without a full stop.
SENTENCE_PAUSE = 1.0
# A window reaches at most this far beyond its group's first and last Whisper word times,
# into the pause (Whisper's times are up to a second or so off). Between groups the window
# edge is the pause's midpoint, if nearer.
WINDOW_REACH = 1.5


@dataclass(frozen=True, slots=True, eq=False)
class AudioWindow:
    """16 kHz mono float32 samples and the time in the recording where they start."""

    samples: np.ndarray
    start: float

    @property
    def end(self) -> float:
        return self.start + len(self.samples) / ASR_RATE


@dataclass(frozen=True, slots=True)
class TimedToken:
    """A token the decoder heard and its time in the recording (seconds). The text is left
    out of the repr: it may be PHI."""

    text: str = field(repr=False)
    start: float
    end: float


class AlignmentDecoder(Protocol):
    """Finds where the spoken forms of some words were said in a window of audio."""

    def decode(
        self, window: AudioWindow, words: Sequence[SpokenWord]
    ) -> Sequence[TimedToken] | None:
        """The tokens said, one reading of each word after another, with their times in the
        recording; ``None`` when the words cannot be found in the window."""
        ...


@dataclass(frozen=True, slots=True)
class WordGroup:
    """Words ``first`` to ``stop - 1`` of a transcript, aligned in ``window``."""

    first: int
    stop: int
    window: Interval


# Spoken forms --------------------------------------------------------------------------------

_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_ENDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_ABBREVIATIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "dr": (("doctor",), ("drive",)),
    "mr": (("mister",),),
    "mrs": (("missus",),),
    "ms": (("miss",), ("miz",)),
    "st": (("street",), ("saint",)),
    "ave": (("avenue",),),
    "apt": (("apartment",),),
    "jr": (("junior",),),
    "sr": (("senior",),),
    "mg": (("milligrams",), ("milligram",)),
}
_SYMBOLS = {"%": "percent", "&": "and", "@": "at", "+": "plus", "#": "number"}
_PIECE = re.compile(r"(\d+)(st|nd|rd|th)?|([a-z']+)|([.:/,\-$%&@+#])", re.IGNORECASE)


def cardinal(number: int) -> tuple[str, ...]:
    """The words of a whole number below a billion, as said in US English.

    >>> " ".join(cardinal(1982)), " ".join(cardinal(40)), " ".join(cardinal(300017))
    ('one thousand nine hundred eighty two', 'forty', 'three hundred thousand seventeen')
    """
    if not 0 <= number < 10**9:
        raise ValueError("only numbers from 0 to 999,999,999 are spelled")
    if number < 20:
        return (_ONES[number],)
    if number < 100:
        tens, ones = divmod(number, 10)
        return (_TENS[tens],) + ((_ONES[ones],) if ones else ())
    for size, name in ((10**6, "million"), (1000, "thousand"), (100, "hundred")):
        if number >= size:
            high, rest = divmod(number, size)
            return cardinal(high) + (name,) + (cardinal(rest) if rest else ())
    raise AssertionError("unreachable")


def ordinal(number: int) -> tuple[str, ...]:
    """The words of an ordinal number below a billion.

    >>> " ".join(ordinal(21)), " ".join(ordinal(40)), " ".join(ordinal(12))
    ('twenty first', 'fortieth', 'twelfth')
    """
    *head, last = cardinal(number)
    if last in _ORDINAL_ENDS:
        last = _ORDINAL_ENDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return (*head, last)


def _digit(character: str) -> Position:
    return ("zero", "oh") if character == "0" else (_ONES[int(character)],)


def _pair(digits: str) -> Reading:
    """Two digits as said in a year or a time: "82" eighty two, "05" oh five, "00" hundred."""
    if digits == "00":
        return (("hundred",),)
    if digits[0] == "0":
        return (("zero", "oh"), (_ONES[int(digits[1])],))
    return tuple((word,) for word in cardinal(int(digits)))


def number_readings(digits: str) -> Piece:
    """The ways a run of digits may be said: digit by digit (0 as "zero" or "oh", a repeated
    digit also as "double ..."), as a number, and in pairs ("1982" nineteen eighty two,
    "230" two thirty).

    >>> [" ".join("/".join(p) for p in reading) for reading in number_readings("1982")]
    ['one nine eight two', 'one thousand nine hundred eighty two', 'nineteen eighty two']
    >>> [" ".join("/".join(p) for p in reading) for reading in number_readings("055")][:2]
    ['zero/oh five five', 'zero/oh double five']
    """
    readings: list[Reading] = [tuple(_digit(c) for c in digits)]
    doubled = re.sub(r"(\d)\1", lambda m: "D" + m.group(1), digits)
    if "D" in doubled:
        readings.append(
            tuple(
                position
                for i, c in enumerate(doubled)
                if c != "D"
                for position in ((("double",),) if i and doubled[i - 1] == "D" else ())
                + (_digit(c),)
            )
        )
    if len(digits) <= 9 and (digits[0] != "0" or len(digits) == 1):
        readings.append(tuple((word,) for word in cardinal(int(digits))))
    if len(digits) == 3 and digits[0] != "0":
        readings.append(((_ONES[int(digits[0])],), *_pair(digits[1:])))
    if len(digits) == 4:
        readings.append(_pair(digits[:2]) + _pair(digits[2:]))
    if len(digits) == 2 and digits[0] == "0":
        readings.append(_pair(digits))
    return tuple(dict.fromkeys(readings))


def spoken_word(text: str) -> SpokenWord:
    """What may be said for one transcribed word, in lowercase tokens of letters and
    apostrophes: numbers as their spoken alternatives, symbols as words, letters of an
    abbreviation in capitals also one by one. Punctuation around a word is not said.

    >>> [[" ".join("/".join(p) for p in r) for r in piece] for piece in spoken_word("Ann,")]
    [['ann']]
    >>> [[" ".join("/".join(p) for p in r) for r in piece] for piece in spoken_word("4th")]
    [['fourth']]
    >>> [[" ".join(p[0] for p in r) for r in piece] for piece in spoken_word("a.b@x.com")]
    [['a'], ['dot', ''], ['b'], ['at'], ['x'], ['dot', ''], ['com']]
    >>> spoken_word("...")
    ()
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    matches = list(_PIECE.finditer(folded))
    pieces: list[Piece] = []
    currency: Piece = ()  # "$20" is said "twenty dollars"
    for index, match in enumerate(matches):
        digits, suffix, letters, symbol = match.groups()
        if digits is not None:
            if suffix is not None and len(digits) <= 9:
                pieces.append((tuple((word,) for word in ordinal(int(digits))),))
            else:
                pieces.append(number_readings(digits))
            if currency:
                pieces.append(currency)
                currency = ()
        elif symbol == "$":
            currency = ((("dollars", "dollar"),), ())
        elif letters is not None:
            pieces.extend(_letter_pieces(letters))
        elif symbol is not None:
            # A full stop is said ("dot") only between letters or digits.
            inside = 0 < index < len(matches) - 1 and not (
                matches[index - 1].group(4) or matches[index + 1].group(4)
            )
            piece = _symbol_piece(symbol, inside)
            if piece:
                pieces.append(piece)
    return tuple(pieces)


def _letter_pieces(letters: str) -> list[Piece]:
    word = letters.strip("'").lower()
    if not word:
        return []
    spelled: Reading = tuple((c,) for c in word)
    if word in _ABBREVIATIONS:
        expanded = tuple(tuple((w,) for w in said) for said in _ABBREVIATIONS[word])
        return [(*expanded, spelled)]
    capitals = sum(1 for c in letters if c.isupper())
    if len(word) > 1 and "'" not in word and capitals >= 2 and len(word) <= 6:
        # "MRN", "mRNA": said letter by letter, or maybe as a word.
        return [(spelled, ((word,),))]
    return [(((word,),),)]


def _symbol_piece(symbol: str, inside: bool) -> Piece:
    if symbol in _SYMBOLS:
        return (((_SYMBOLS[symbol],),),)
    if symbol == "." and inside:
        return ((("dot", "point"),), ())
    return ()


def tokens_of(words: Sequence[SpokenWord]) -> set[str]:
    """Every token that may be said for the words (for the decoder's dictionary).

    >>> sorted(tokens_of([spoken_word("20")]))
    ['oh', 'twenty', 'two', 'zero']
    """
    return {
        token
        for word in words
        for piece in word
        for reading in piece
        for position in reading
        for token in position
    }


def match_tokens(
    words: Sequence[SpokenWord], tokens: Sequence[TimedToken]
) -> list[Interval | None] | None:
    """Each word's time from the decoder's tokens: the tokens must be one reading of every
    piece of every word, in order. ``None`` when they are not; a word nothing was said for
    gets ``None``.

    >>> said = [TimedToken("nineteen", 1.0, 1.4), TimedToken("eighty", 1.4, 1.7),
    ...         TimedToken("two", 1.7, 1.9), TimedToken("ok", 2.0, 2.2)]
    >>> match_tokens([spoken_word("1982"), spoken_word("ok")], said)
    [Interval(start=1.0, end=1.9), Interval(start=2.0, end=2.2)]
    >>> match_tokens([spoken_word("1983"), spoken_word("ok")], said) is None
    True
    """
    texts = [token.text for token in tokens]
    flat = [(w, piece) for w, word in enumerate(words) for piece in word]
    # choices[(p, t)]: the reading of piece p that starts at token t and leads to a full match
    memo: dict[tuple[int, int], int | None] = {}

    def solve(p: int, t: int) -> bool:
        if p == len(flat):
            return t == len(texts)
        if (p, t) in memo:
            return memo[(p, t)] is not None
        memo[(p, t)] = None
        for choice, reading in enumerate(flat[p][1]):
            stop = t + len(reading)
            if (
                stop <= len(texts)
                and all(texts[t + i] in position for i, position in enumerate(reading))
                and solve(p + 1, stop)
            ):
                memo[(p, t)] = choice
                return True
        return False

    if not solve(0, 0):
        return None
    spans: list[list[int]] = [[] for _ in words]
    t = 0
    for p, (w, piece) in enumerate(flat):
        choice = memo[(p, t)]
        assert choice is not None
        length = len(piece[choice])
        spans[w].extend(range(t, t + length))
        t += length
    return [
        Interval(tokens[used[0]].start, tokens[used[-1]].end) if used else None for used in spans
    ]


# Groups and windows --------------------------------------------------------------------------


def sentence_groups(
    words: Sequence[Word],
    duration: float,
    *,
    target: float = GROUP_SECONDS,
    longest: float = MAX_GROUP_SECONDS,
    reach: float = WINDOW_REACH,
) -> tuple[WordGroup, ...]:
    """Whole sentences (ended by ``.?!`` or a pause of :data:`SENTENCE_PAUSE`) gathered into
    groups of about ``target`` seconds; a sentence longer than ``longest`` is cut at its
    widest pauses. Each group's window reaches to the middle of the pause before and after
    it, at most ``reach`` seconds beyond its words, and stays in ``[0, duration]``.

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([("Hi.", 0.5, 1.0), ("Yes", 6.0, 6.5), ("fine.", 6.5, 7.0),
    ...                      ("Bye.", 12.0, 12.5)], 14.0)
    >>> [(g.first, g.stop, g.window) for g in sentence_groups(t.words, 14.0, target=8.0)]
    [(0, 3, Interval(start=0.0, end=8.5)), (3, 4, Interval(start=10.5, end=14.0))]
    """
    sentences = _split_long(_sentences(words), words, longest)
    groups: list[tuple[int, int]] = []
    for first, stop in sentences:
        if groups and words[stop - 1].end - words[groups[-1][0]].start <= target:
            groups[-1] = (groups[-1][0], stop)
        else:
            groups.append((first, stop))
    placed = []
    reached: float | None = None  # the latest end of any word before the group
    for first, stop in groups:
        start, end = words[first].start, max(w.end for w in words[first:stop])
        before, reached = reached, end if reached is None else max(reached, end)
        after = words[stop].start if stop < len(words) else None
        left = start - reach if before is None else max(start - reach, (before + start) / 2)
        right = end + reach if after is None else min(end + reach, (end + after) / 2)
        left, right = max(0.0, min(left, start)), min(duration, max(right, end))
        placed.append(WordGroup(first, stop, Interval(left, max(left, right))))
    return tuple(placed)


def _sentences(words: Sequence[Word]) -> list[tuple[int, int]]:
    sentences: list[tuple[int, int]] = []
    first = 0
    for index in range(1, len(words) + 1):
        ends = index == len(words) or (
            words[index - 1].text[-1:] in ".?!"
            or words[index].start - words[index - 1].end >= SENTENCE_PAUSE
        )
        if ends:
            sentences.append((first, index))
            first = index
    return sentences


def _split_long(
    sentences: list[tuple[int, int]], words: Sequence[Word], longest: float
) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    pending = list(reversed(sentences))
    while pending:
        first, stop = pending.pop()
        if stop - first < 2 or words[stop - 1].end - words[first].start <= longest:
            pieces.append((first, stop))
            continue
        cut = max(range(first + 1, stop), key=lambda i: words[i].start - words[i - 1].end)
        pending.extend([(cut, stop), (first, cut)])
    return pieces


def clip_to_speech(interval: Interval, speech: Sequence[Interval] | None) -> Interval:
    """An aligned word, its ends brought back inside the speech that voice activity detection
    heard: the aligner sometimes stretches a last word over seconds of silence.

    >>> clip_to_speech(Interval(1.0, 4.0), [Interval(0.5, 1.6), Interval(5.0, 6.0)])
    Interval(start=1.0, end=1.6)
    >>> clip_to_speech(Interval(2.0, 3.0), [Interval(0.5, 1.6)])  # no speech: kept as is
    Interval(start=2.0, end=3.0)
    """
    if not speech:
        return interval
    overlapping = [s for s in speech if s.start < interval.end and interval.start < s.end]
    if not overlapping:
        return interval
    return Interval(
        max(interval.start, overlapping[0].start), min(interval.end, overlapping[-1].end)
    )


def _needed(group: WordGroup, words: Sequence[Word], around: Sequence[Interval] | None) -> bool:
    if around is None:
        return True
    start = words[group.first].start
    end = max(w.end for w in words[group.first : group.stop])
    return any(a.start <= end and start <= a.end for a in around)


@dataclass(slots=True)
class AlignmentCounts:
    """What an aligner did so far: groups decoded, groups that failed, and the CPU seconds
    spent decoding (for benchmarks; no text)."""

    groups: int = 0
    failed: int = 0
    words: int = 0
    aligned_words: int = 0
    cpu_seconds: float = 0.0


def align_words(
    source: SampleSource,
    transcript: Transcript,
    decoder: AlignmentDecoder,
    *,
    around: Sequence[Interval] | None = None,
    counts: AlignmentCounts | None = None,
) -> Transcript:
    """``transcript`` with each word's acoustic time in ``Word.aligned``, from ``source``
    (the 16 kHz samples of the channel it was transcribed from).

    Only the groups holding a word that overlaps one of ``around`` (the Whisper times of the
    PHI words, say) are decoded; ``None`` decodes every group. Words of a group that was not
    decoded or did not align keep ``aligned=None``. Aligned times are clipped to the speech
    voice activity detection heard (``transcript.speech``).

    >>> from redactor.testing import FakeAlignmentDecoder, transcript_from
    >>> from redactor.transcribe import ArraySource
    >>> said = [("my", 0.2, 0.4), ("name", 0.4, 0.7), ("is", 0.7, 0.8), ("ann", 1.1, 1.5)]
    >>> t = transcript_from([("My", 0.0, 0.5), ("name", 0.5, 0.8), ("is", 0.8, 1.0),
    ...                      ("Ann.", 1.0, 1.9)], 3.0)
    >>> aligned = align_words(ArraySource(np.zeros(48000, np.float32)), t,
    ...                       FakeAlignmentDecoder(said))
    >>> [w.aligned for w in aligned.words][-1]
    Interval(start=1.1, end=1.5)
    """
    words = transcript.words
    spoken = [spoken_word(word.text) for word in words]
    aligned: list[Interval | None] = [None] * len(words)
    for group in sentence_groups(words, transcript.duration):
        if not _needed(group, words, around):
            continue
        first = int(group.window.start * ASR_RATE)
        window = AudioWindow(source.read(first, int(group.window.end * ASR_RATE)), first / ASR_RATE)
        started = time.process_time()
        tokens = decoder.decode(window, spoken[group.first : group.stop])
        times = None if tokens is None else match_tokens(spoken[group.first : group.stop], tokens)
        if counts is not None:
            counts.cpu_seconds += time.process_time() - started
            counts.groups += 1
            counts.failed += times is None
            counts.words += group.stop - group.first
        if times is None:
            continue
        for index, interval in enumerate(times, start=group.first):
            if interval is not None:
                aligned[index] = clip_to_speech(interval, transcript.speech)
        if counts is not None:
            counts.aligned_words += sum(t is not None for t in times)
    return replace(
        transcript,
        words=tuple(
            replace(word, aligned=interval) for word, interval in zip(words, aligned, strict=True)
        ),
    )


class WordAligner(Protocol):
    """Gives a transcript's words their acoustic times (the real one is :class:`ForcedAligner`)."""

    @property
    def name(self) -> str: ...

    def align(
        self, source: SampleSource, transcript: Transcript, *, around: Sequence[Interval] | None
    ) -> Transcript: ...


class ForcedAligner:
    """:func:`align_words` with one decoder, loaded once, and a running count of its work.

    >>> from redactor.testing import FakeAlignmentDecoder
    >>> ForcedAligner(FakeAlignmentDecoder([]), name="fake").counts.groups
    0
    """

    def __init__(self, decoder: AlignmentDecoder, *, name: str) -> None:
        self.decoder = decoder
        self.counts = AlignmentCounts()
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    def align(
        self, source: SampleSource, transcript: Transcript, *, around: Sequence[Interval] | None
    ) -> Transcript:
        return align_words(source, transcript, self.decoder, around=around, counts=self.counts)
