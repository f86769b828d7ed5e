"""Pure checks on a second listen: which PHI found in the redacted audio escaped the beeps?

The pipeline re-transcribes its own output with other decoding settings, the beeps silenced
(:class:`BeepFreeSource`), and runs detection again; whatever PHI that finds outside the beeps
is still audible, and the file fails. Only
PHI content heard counts: the words after a cue ("my name is <beep> calling about...") are no
name when the beep took the name's place (:func:`heard_findings`), and a finding counts only
for its words heard outside the beeps (:func:`audible_parts`). How often it fails a clean file
and how often it catches a leak: ``bench/verify_eval.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from redactor.align import words_in_span
from redactor.errors import AlignmentError
from redactor.types import Beep, Interval, PhiSpan, Redaction, Transcript, Word

if TYPE_CHECKING:
    from redactor.transcribe import SampleSource

# A word counts as heard unless the beeps cover all of it (to rounding). The second listen
# hears silence where the beeps are, so a word it times partly outside them was heard there:
# Whisper's times for a word beside a silence reach into it ("Kevin" heard between two beeps,
# timed half under the second). Half, as before, missed 2 of 30 spliced items on
# b-natural-dev for 1 clean file fewer failed on b-robotic-dev (bench/README.md, "--verify").
MIN_SHARE_UNDER_BEEP = 0.999
# How much wider than itself a beep is taken when judging what lies under it: not at all. The
# second listen hears silence where the beeps are (BeepFreeSource), so no word can have been
# heard there, and Whisper's times for a word next to a silence reach into it (the first word
# after a pause starts early). A tolerance of 0.25 s either side hid every item shorter than half a
# second between two beeps; 0 caught 15 more of 90 spliced items on the development corpora
# (bench/README.md, "--verify").
BEEP_EDGE_TOLERANCE = 0.0
# The shortest beep that can have taken a value's place: a word and its padding on both sides.
# On the development corpora every beep over a PHI item lasted 0.94 s or more, and what is
# left of a beep beside a stretch cut out of it (its padding) mostly under 0.65 s. A shorter
# beep between a cue and its words is the edge of a beep over something else: the words after
# it may be the value itself.
MIN_VALUE_BEEP = 0.8
# Recognizers that take the words after a cue ("my name is", "this is", "my email is", "no,
# it's") for its value, whatever those words read like. They run on the second listen too,
# where the value may have been beeped: then the words after the beep are what was said next.
INFERRED_FROM_CUE: frozenset[str] = frozenset(
    {
        "NameCueRecognizer",
        "SelfIntroductionRecognizer",
        "EmailCueRecognizer",
        "FieldStatementRecognizer",
        "CorrectionRecognizer",
        "QuestionAnswerRecognizer",
    }
)


def beeps_heard_on(beeps: Sequence[Beep], channel: int | None) -> list[Interval]:
    """The stretches that the beeps fill in what one listens to on ``channel`` (``None``:
    the channels mixed down, where a beep on one channel fills nothing: the other speaker
    is heard through it).

    >>> beeps = [Beep(Interval(1, 2), 0), Beep(Interval(3, 4), None)]
    >>> beeps_heard_on(beeps, 0), beeps_heard_on(beeps, 1), beeps_heard_on(beeps, None)
    ([Interval(start=1, end=2), Interval(start=3, end=4)], [Interval(start=3, end=4)], \
[Interval(start=3, end=4)])
    """
    return sorted(
        b.interval
        for b in beeps
        if b.channel is None or (channel is not None and b.channel == channel)
    )


def silence_stretches(
    samples: np.ndarray, first: int, rate: int, stretches: Sequence[Interval]
) -> np.ndarray:
    """``samples`` (the recording's from sample ``first`` on, at ``rate``) with the
    ``stretches`` (seconds from the recording's start) silenced; a copy where any is.

    >>> silence_stretches(np.ones(6, dtype=np.float32), 2, 2, [Interval(1.5, 2.5)])
    array([1., 0., 0., 1., 1., 1.], dtype=float32)
    """
    muted = samples
    for stretch in stretches:
        start = max(0, round(stretch.start * rate) - first)
        end = min(len(samples), round(stretch.end * rate) - first)
        if end > start:
            if muted is samples:
                muted = samples.copy()
            muted[start:end] = 0.0
    return muted


class BeepFreeSource:
    """A :class:`SampleSource` with the beeps on what it holds silenced.

    A beep tells nothing about the words either side of it, yet a loud tone next to a short
    name makes Whisper hear the name as other words, or as part of the tone; the second
    listen hears the words outside the beeps better with the beeps left out. What lies under
    a beep never counts as heard (:func:`audible_phi`), so leaving it out hides no leak.

    >>> from redactor.transcribe import ArraySource
    >>> source = BeepFreeSource(ArraySource(np.ones(4, np.float32)), 2, [Interval(0.5, 1)])
    >>> source.read(1, 4)
    array([0., 1., 1.], dtype=float32)
    """

    def __init__(self, inner: SampleSource, rate: int, stretches: Sequence[Interval]) -> None:
        self._inner = inner
        self._rate = rate
        self._stretches = tuple(stretches)

    def __len__(self) -> int:
        return len(self._inner)

    def read(self, first: int, last: int) -> np.ndarray:
        return silence_stretches(
            self._inner.read(first, last), max(0, first), self._rate, self._stretches
        )


# Whisper writes a word cut off by a silence with an ellipsis ("to...", "...and"). On the
# second listen the beeps are silence, and detection read "to... ...and" as a web address.
_ELLIPSES = re.compile(r"^(?:\.{2,}|\u2026)+|(?:\.{2,}|\u2026)+$")


def without_ellipses(transcript: Transcript) -> Transcript:
    """``transcript`` with the ellipses at either end of its words taken off (words left
    empty dropped): the words heard are the same, and none is read as a web address.

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([("to...", 1, 2), ("...and", 3, 4), ("...", 4, 5), ("it.", 5, 6)], 6)
    >>> without_ellipses(t).text
    'to and it.'
    """
    words = []
    for word in transcript.words:
        text = _ELLIPSES.sub("", word.text)
        if text:
            words.append(replace(word, text=text))
    return replace(transcript, words=tuple(words))


def share_under_beeps(interval: Interval, channel: int | None, beeps: Sequence[Beep]) -> float:
    """How much of ``interval`` the beeps on its channel (or on every channel) cover, 0 to 1.

    A zero-length interval (Whisper gives some words no duration) counts as covered when its
    instant lies under a beep.

    >>> share_under_beeps(Interval(1, 3), 1, [Beep(Interval(0, 2), 1), Beep(Interval(2.5, 9))])
    0.75
    """
    relevant = sorted(b.interval for b in beeps if _covers(b, channel))
    if interval.duration == 0:
        return 1.0 if any(b.start <= interval.start <= b.end for b in relevant) else 0.0
    covered, reached = 0.0, interval.start
    for beep in relevant:
        start, end = max(beep.start, reached), min(beep.end, interval.end)
        if end > start:
            covered += end - start
            reached = end
    return covered / interval.duration


def _widened(beeps: Sequence[Beep]) -> list[Beep]:
    return [
        Beep(Interval(max(0.0, b.interval.start - BEEP_EDGE_TOLERANCE),
                      b.interval.end + BEEP_EDGE_TOLERANCE), b.channel)
        for b in beeps
    ]  # fmt: skip


def audible_phi(found: Iterable[Redaction], beeps: Sequence[Beep]) -> tuple[Redaction, ...]:
    """The PHI found on re-transcription that lies at least in part outside the beeps (each
    beep taken :data:`BEEP_EDGE_TOLERANCE` wider on both sides).

    >>> beeps = [Beep(Interval(0, 2))]
    >>> inside = Redaction("PERSON", Interval(0.5, 1.5), 0.9, "x", 0, 4)
    >>> outside = Redaction("PERSON", Interval(5, 6), 0.9, "x", 10, 14)
    >>> [r.interval for r in audible_phi([inside, outside], beeps)]
    [Interval(start=5, end=6)]
    """
    widened = _widened(beeps)
    return tuple(
        redaction
        for redaction in found
        if redaction.reason == "phi"
        and share_under_beeps(redaction.interval, redaction.channel, widened) < MIN_SHARE_UNDER_BEEP
    )


def audible_parts(
    transcript: Transcript, spans: Iterable[PhiSpan], beeps: Sequence[Beep]
) -> list[PhiSpan]:
    """Each span cut down to its runs of words heard outside the beeps (each word at least in
    part outside them, taken :data:`BEEP_EDGE_TOLERANCE` wider), so a finding says where PHI was
    heard, and one whose words the beeps cover is gone.

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([("always", 1.0, 1.3), ("degree", 3.0, 3.4)], 4)
    >>> [(s.start, s.end) for s in audible_parts(t, [PhiSpan("PERSON", 0, 13, 0.9, "x")],
    ...                                          [Beep(Interval(0.5, 1.8))])]
    [(7, 13)]
    """
    widened = _widened(beeps)
    offsets = transcript.word_offsets()
    parts: list[PhiSpan] = []
    for span in spans:
        run: list[int] = []
        for index in [*_words_of(transcript, span), None]:
            if index is not None:
                word = transcript.words[index]
                heard = Interval(word.start, word.end)
                if share_under_beeps(heard, word.channel, widened) < MIN_SHARE_UNDER_BEEP:
                    run.append(index)
                    continue
            if run:
                start = max(span.start, offsets[run[0]][0])
                parts.append(replace(span, start=start, end=min(span.end, offsets[run[-1]][1])))
                run = []
    return parts


def _covers(beep: Beep, channel: int | None) -> bool:
    return beep.channel is None or channel is None or beep.channel == channel


def _words_of(transcript: Transcript, span: PhiSpan) -> range:
    """The words ``span`` touches (:func:`~redactor.align.words_in_span`), none for a span
    that touches no word: on a second listen that is no finding, not an error."""
    try:
        return words_in_span(transcript, span)
    except AlignmentError:
        return range(0)


def _cue_word(transcript: Transcript, first: int) -> Word | None:
    """The word heard last before word ``first``, on any channel: the cue a value follows
    (a value read from the conversation may start on the other speaker's channel)."""
    return transcript.words[first - 1] if first > 0 else None


def follows_a_beeped_value(transcript: Transcript, span: PhiSpan, beeps: Sequence[Beep]) -> bool:
    """Whether ``span`` is a cue's value only by position, and a beep took the value's place.

    A recognizer in :data:`INFERRED_FROM_CUE` reads the words after "my name is" as a name.
    On the second listen, when the name itself was beeped, those words are whatever came after
    the beep ("my name is <beep> calling about my bill"): heard, but no PHI. So such a span
    does not count when a beep on its channel lies between the middle of its cue word and the
    middle of its own first word, even in part (the second listen's times drift into the
    beep), and is long enough to have held a value with padding either side
    (:data:`MIN_VALUE_BEEP`): a shorter one is the edge of a beep over something else, and
    the words after it may be the value itself. A beep from past the first word's middle on
    comes after the value: the word was timed into the silence that follows it ("this is
    Brittany <beep>", "Brittany" timed 2.44-3.44 s, the beep from 2.97 s).

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([("is", 1.0, 1.2), ("calling", 2.5, 2.9), ("about", 3.0, 3.2)], 4)
    >>> span = PhiSpan("PERSON", 3, 16, 0.5, "NameCueRecognizer")
    >>> follows_a_beeped_value(t, span, [Beep(Interval(1.2, 2.4))])
    True
    >>> follows_a_beeped_value(t, span, [Beep(Interval(3.5, 4.0))])
    False
    >>> follows_a_beeped_value(t, span, [Beep(Interval(1.9, 2.4))])
    False
    >>> follows_a_beeped_value(t, span, [Beep(Interval(2.8, 4.0))])
    False
    """
    if span.recognizer not in INFERRED_FROM_CUE:
        return False
    indices = _words_of(transcript, span)
    if not indices:
        return False
    first = transcript.words[indices[0]]
    cue = _cue_word(transcript, indices[0])
    after = first.start if cue is None else (cue.start + cue.end) / 2
    channels = {first.channel} if cue is None else {first.channel, cue.channel}
    return any(
        any(_covers(beep, channel) for channel in channels)
        and beep.interval.duration >= MIN_VALUE_BEEP
        and beep.interval.start < (first.start + first.end) / 2
        and after < beep.interval.end
        for beep in beeps
    )


# Of the words no one is named by (spaCy's stop words and the words of a call that follow
# "my name is" without being a name), those that are first names too.
FIRST_NAMES_AMONG_STOP_WORDS = frozenset({"will", "may"})
# A title alone names no one: "Calling because Doc <beep>" lost the name after it. Nor does
# a sound of assent ("Mm hm.").
TITLES = frozenset({"dr", "doc", "doctor", "mr", "mrs", "ms", "miss", "mister", "nurse"})
INTERJECTIONS = frozenset({"mm", "hm", "hmm", "mhm", "mm-hmm", "uh-huh", "huh", "oh", "ah", "er"})
# Who someone is in the call names no one: "Patient's name and date of birth?", "the caller".
ROLES = frozenset(
    {"patient", "patients", "caller", "member", "subscriber", "policyholder", "guarantor",
     "pharmacist", "representative", "agent", "receptionist", "provider"}
)  # fmt: skip
_POSSESSIVE = re.compile(r"'s$")
_WORD_CORE = re.compile(r"^[^\w']+|[^\w']+$")
SPELLED_RECOGNIZER = "SpelledNameRecognizer"
DIGITS_RECOGNIZER = "SpokenDigitsRecognizer"
# Recognizers whose PERSON spans are letters or digits, not words: the rule below is not theirs.
_NOT_WORDS = frozenset({SPELLED_RECOGNIZER, DIGITS_RECOGNIZER})


def reads_like_a_name(text: str) -> bool:
    """Whether some word of ``text`` could be part of a name: letters, and neither a title,
    an interjection, a role in the call ("patient's", "the caller") nor one of the words that
    follow "my name is" without being a name (stop words, "calling", "okay"),
    :data:`FIRST_NAMES_AMONG_STOP_WORDS` aside.

    >>> [reads_like_a_name(t) for t in ("Anything", "calling about", "Okafor", "6", "Will")]
    [False, False, True, False, True]
    >>> reads_like_a_name("Doc..."), reads_like_a_name("Dr. Okafor"), reads_like_a_name("Mm hm.")
    (False, True, False)
    >>> reads_like_a_name("Patient's"), reads_like_a_name("Patient Okafor")
    (False, True)
    """
    # Imported here: spaCy and Presidio load with it, and the CLI must start without them.
    from redactor.detect.recognizers.name_cue import NOT_NAME_WORDS

    for word in text.split():
        core = _WORD_CORE.sub("", word).lower().replace("\u2019", "'")
        if (
            any(c.isalpha() for c in core)
            and core not in TITLES | INTERJECTIONS
            and _POSSESSIVE.sub("", core) not in ROLES
            and (core not in NOT_NAME_WORDS or core in FIRST_NAMES_AMONG_STOP_WORDS)
        ):
            return True
    return False


def names_nobody(transcript: Transcript, span: PhiSpan) -> bool:
    """Whether ``span`` is a PERSON or LOCATION of words no one is named by.

    After a beep's silence Whisper starts a sentence, and spaCy takes its capitalised first
    word for a name or a place ("<beep> Anything else today?", "<beep> Calling because").
    Spelled letters and digits are no words, and stay.

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([("Anything", 1.0, 1.4), ("else?", 1.4, 1.7)], 2)
    >>> names_nobody(t, PhiSpan("LOCATION", 0, 8, 0.85, "SpacyRecognizer"))
    True
    """
    if span.entity_type not in ("PERSON", "LOCATION") or span.recognizer in _NOT_WORDS:
        return False
    return not reads_like_a_name(transcript.text[span.start : span.end])


# Letters said one by one, as Whisper writes them: "D -O -B,", "M.R.N.", "D, D-O-B?".
_SINGLE_LETTERS = re.compile(r"\W*[A-Za-z](?:[\s.,-]+[A-Za-z])+\W*")


def spells_an_abbreviation(transcript: Transcript, span: PhiSpan) -> bool:
    """Whether ``span`` is spelled letters that make an abbreviation people say ("D.O.B.",
    "M.R.N."), once a stutter on its first letter is taken off ("D, D-O-B"), or a sound
    (:data:`INTERJECTIONS`: Whisper writes "Hmm" after a silence as "H.M.M.").

    The spelled-name recognizer knows these abbreviations, but not stuttered; the letters of a
    name spelled with a stutter make no abbreviation, and stay. Another recognizer's span
    counts only when it is single letters and nothing else: the member-ID recognizer took
    "you're D-O-B," for an ID; letters with digits ("D-O-B-4-7") stay.

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([("his", 1.0, 1.2), ("D", 1.2, 1.3), ("-D", 1.3, 1.4),
    ...                      ("-O", 1.4, 1.5), ("-B?", 1.5, 1.6)], 2)
    >>> spells_an_abbreviation(t, PhiSpan("PERSON", 4, 15, 0.6, SPELLED_RECOGNIZER))
    True
    >>> spells_an_abbreviation(t, PhiSpan("ID_NUMBER", 4, 15, 0.6, "MemberIdRecognizer"))
    True
    """
    from redactor.detect.recognizers.spelled_name import SpelledNameRecognizer

    text = transcript.text[span.start : span.end]
    if span.recognizer != SPELLED_RECOGNIZER and not _SINGLE_LETTERS.fullmatch(text):
        return False
    letters = re.sub(r"[^a-z]", "", text.lower())
    if len(letters) > 1 and letters[0] == letters[1]:
        letters = letters[1:]
    return letters in SpelledNameRecognizer.NOT_NAMES or letters in INTERJECTIONS


# A run of one or two digits names no one: the digits recognizer takes a short run only for
# a context word near it ("number", "code"), and on the second listen that word often stood
# before a beeped value ("one moment", "at 9 o 'clock" after it).
MIN_HEARD_DIGITS = 3


def too_short_a_number(transcript: Transcript, span: PhiSpan) -> bool:
    """Whether ``span`` is a digit run of the digits recognizer with fewer than
    :data:`MIN_HEARD_DIGITS` digits (spoken or written).

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([("One", 1.0, 1.2), ("moment", 1.2, 1.6), ("4471", 2, 3)], 4)
    >>> [too_short_a_number(t, PhiSpan("ID_NUMBER", a, b, 0.55, DIGITS_RECOGNIZER))
    ...  for a, b in ((0, 3), (11, 15))]
    [True, False]
    """
    from redactor.detect.recognizers._spoken import spoken_tokens, words_to_digits

    if span.recognizer != DIGITS_RECOGNIZER:
        return False
    text = transcript.text[span.start : span.end]
    return len(words_to_digits(spoken_tokens(text))) < MIN_HEARD_DIGITS


def heard_findings(
    transcript: Transcript, spans: Iterable[PhiSpan], beeps: Sequence[Beep]
) -> list[PhiSpan]:
    """The detector's ``spans`` on a second listen that stand for PHI heard, not guessed:
    without those that only follow a beeped value (:func:`follows_a_beeped_value`), numbers
    too short to name anyone (:func:`too_short_a_number`), names and places made of words
    no one is named by (:func:`names_nobody`), abbreviations spelled with a stutter
    (:func:`spells_an_abbreviation`), the names of practices
    (:func:`redactor.detect.not_phi.names_a_practice`), clock times
    (:func:`redactor.detect.not_phi.is_clock_time`) and amounts of money
    (:func:`redactor.detect.not_phi.is_an_amount`).

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([("is", 1.0, 1.2), ("calling", 2.5, 2.9), ("Okafor", 3, 3.4)], 4)
    >>> spans = [PhiSpan("PERSON", 3, 10, 0.5, "NameCueRecognizer"),
    ...          PhiSpan("PERSON", 11, 17, 0.85, "SpacyRecognizer")]
    >>> [s.recognizer for s in heard_findings(t, spans, [Beep(Interval(1.2, 2.4))])]
    ['SpacyRecognizer']
    """
    # Imported when called, as the other detect imports here: detect loads Presidio.
    from redactor.detect.not_phi import names_no_one

    return [
        span
        for span in spans
        if not follows_a_beeped_value(transcript, span, beeps)
        and not too_short_a_number(transcript, span)
        and not names_nobody(transcript, span)
        and not spells_an_abbreviation(transcript, span)
        and not names_no_one(transcript.text, span)
    ]
