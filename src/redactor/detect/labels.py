"""One label per redacted stretch: findings over the same words become one span.

Several recognizers often find the same words. A date of birth is a DATE_OF_BIRTH to our
date recognizer, a DATE_TIME to spaCy and an ID_NUMBER to the digit recognizer; a member ID
is also a US_DRIVER_LICENSE to Presidio's licence pattern. Reported as found, one item
would be counted under three types and tagged three times in the transcript. Here each
word takes one type from the findings over it, runs of words of one type become one span,
and the other findings over those words are kept on it as
:class:`~redactor.types.Alternative` s (types and recognizer names, never text).

Which type a word takes is fixed: first, a finding of a recognizer that knows the field
because someone named it (:data:`FIELD_NAMED_BY`: the agent asked for it, or the caller said
"my name is", "my email is", "the card number is", "she's 102") wins over one that goes by
the words' shape (spaCy's entities, Presidio's patterns, digit counts). "Do you have the
account number?" "Yes, it's 05299795." is an account number, whatever else eight digits
could be; "my name is Ronch Park" is a name, though spaCy calls it a place. Of those, a field
named right at the value ("he's 102") wins over the question before the reply that holds it
(:data:`NAMED_AT_THE_VALUE`). Then the most specific type wins (:data:`LABEL_PRECEDENCE`).
A word that says no number keeps no type said in numbers only while another finding gives
it one ("the name on the card?" "My wife's card, Shannis Shaboh": the name is a PERSON).
What a cue took for an address but ends in "dot com" is an e-mail address; an ID asked for
but answered with a month and a year is a card's expiry date.

A number that only its shape calls an ID_NUMBER or a DATE_TIME (a digit count, spaCy's
guess) takes the type its context gives it, before any of that: the type of the one value
it shares words with ("I'm 14, 1964" to "date of birth?": the date recognizer found "1964"),
or else of the one value right next to it in the same turn (a ZIP code after the city, the
house number before the street, the digits said again after "sorry"), or else of the field
named just before it ("the card ending in. A815", "Arkansas. 72205", "area code 865"), or
else of the one value nearby whose digits it says again (a read-back, a correction).

>>> from redactor.types import Word, Transcript
>>> t = Transcript(tuple(Word(w, 0, 1) for w in "born March 4 1982 thanks".split()), 5)
>>> spans = [PhiSpan("DATE_TIME", 5, 17, 0.85, "SpacyRecognizer"),
...          PhiSpan("DATE_OF_BIRTH", 5, 17, 0.6, "DateOfBirthRecognizer"),
...          PhiSpan("ID_NUMBER", 13, 17, 0.5, "SpokenDigitsRecognizer")]
>>> [(s.entity_type, s.start, s.end) for s in one_label_per_span(t, spans)]
[('DATE_OF_BIRTH', 5, 17)]
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence

from redactor.detect.recognizers._questions import CUES, Question, questions
from redactor.detect.recognizers._spoken import (
    MONTHS,
    US_STATES,
    numbers_in,
    spoken_tokens,
    words_to_digits,
)
from redactor.types import Alternative, PhiSpan, Transcript, Word

# Most specific first. A type ranks above another when its recognizers need more than the
# shape of the words: a cue, a checksum, a calendar, an "at" and a "dot com". The shape-only
# Presidio types (licence, passport, bank account, ITIN) match any run of letters and digits
# and rank below ID_NUMBER: on a health call such a run is a member, record or account
# number far more often. LOCATION ranks above ID_NUMBER so that a ZIP code or a house number
# in an address stays part of the address; PERSON above DATE_TIME, since "April" and "June"
# are names too; DATE_TIME, which also holds plain times, ranks last.
LABEL_PRECEDENCE: tuple[str, ...] = (
    "US_SSN",
    "CREDIT_CARD",
    "EMAIL_ADDRESS",
    "DATE_OF_BIRTH",
    "PHONE_NUMBER",
    "LOCATION",
    "ID_NUMBER",
    "US_DRIVER_LICENSE",
    "US_PASSPORT",
    "US_BANK_NUMBER",
    "US_ITIN",
    "MEDICAL_LICENSE",
    "IBAN_CODE",
    "PERSON",
    "IP_ADDRESS",
    "URL",
    "DATE_TIME",
)
_RANK = {entity: rank for rank, entity in enumerate(LABEL_PRECEDENCE)}
# Recognizers whose findings name their field from a cue, not from the words' shape.
FIELD_NAMED_BY: frozenset[str] = frozenset(
    {
        "AgeRecognizer",
        "QuestionAnswerRecognizer",
        "FieldStatementRecognizer",
        "NameCueRecognizer",
        "SelfIntroductionRecognizer",
        "EmailCueRecognizer",
    }
)
# Of those, the ones whose cue stands right at the value ("he's 102", "my phone is"): inside
# a reply that the question before typed as a whole, they know better what these words are
# ("Date of birth?" "October 16, 23, he's 102 and still sharp": the reply holds an age).
NAMED_AT_THE_VALUE: frozenset[str] = FIELD_NAMED_BY - {"QuestionAnswerRecognizer"}


# Types a finding may give by shape alone; a shape-only finding of these yields to context.
SHAPE_TYPES: frozenset[str] = frozenset({"ID_NUMBER", "DATE_TIME"})
# Findings of other types that only the shape gave as well: Presidio's nine-digit pattern
# for a social security number ("the account number?" "Yes, it's 111515121.").
SHAPE_FINDINGS: frozenset[tuple[str, str]] = frozenset({("UsSsnRecognizer", "US_SSN")})
# Types of values said in numbers, which a neighbouring or overlapping number can take.
NUMERIC_TYPES: frozenset[str] = frozenset(
    {"US_SSN", "CREDIT_CARD", "DATE_OF_BIRTH", "PHONE_NUMBER", "LOCATION", "ID_NUMBER", "DATE_TIME"}
)
# Of those, the types a number right next to such a value takes: not an age or an expiry
# date, said as one short number ("she's 94" after "1931,").
NEIGHBOUR_TYPES: frozenset[str] = NUMERIC_TYPES - {"DATE_TIME"}
# How many words may stand between a shape-only number and the value next to it ("Texas."
# before a ZIP code, "Oh, sorry." before the number said again).
NEIGHBOUR_WORDS = 2
# Findings whose type is a guess themselves: spaCy's ("San Francisco, 1-6-0, 2-4-6" is a
# misheard member ID, not a ZIP code), and a correction's, typed by the last field word
# before it. A neighbour of the latter takes its type only when it says the same digits
# ("No, it's 51846. Oh, sorry. 51846.").
GUESSED_TYPE_BY: frozenset[str] = frozenset({"SpacyRecognizer"})
TYPED_BY_NEARBY_WORDS: frozenset[str] = frozenset({"CorrectionRecognizer"})
SAME_DIGITS_MIN = 3
# A number is typed by its context in rounds: one typed in the first is a value another
# number next to it may take its type from in the second ("area code 865 and 414 7993").
CONTEXT_ROUNDS = 2
# The names of numeric fields that type a number said right after them (within
# NEIGHBOUR_WORDS): the questions' cues, an area code (a phone number's first group) and a
# state (a ZIP code follows it). CUE_WORDS: how many words before the number are read.
VALUE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    *((entity, cue) for entity, cue in CUES if entity in NUMERIC_TYPES),
    ("PHONE_NUMBER", re.compile(r"\barea\s+code\b", re.IGNORECASE)),
    ("LOCATION", re.compile(rf"\b(?:{US_STATES})\b", re.IGNORECASE)),
)
CUE_WORDS = 8
# A number that says again four or more digits of a value (or one of its groups of three)
# within this many words is that value read back or corrected ("Not quite, it's 5596").
SAID_AGAIN_WORDS = 80
SAID_AGAIN_MIN_DIGITS = 4
# Findings typed by their digit count alone though not ID_NUMBER (ten digits: a phone
# number): one that says again a value whose field was named takes that field.
COUNTED: frozenset[tuple[str, str]] = frozenset(
    {("SpokenDigitsRecognizer", "PHONE_NUMBER"), ("PhoneRecognizer", "PHONE_NUMBER")}
)
# The recognizer of IDs that mix letters and digits: ten digits it finds letters in are no
# phone number.
LETTERS_AND_DIGITS_BY: frozenset[str] = frozenset({"MemberIdRecognizer"})
# A date of birth in digits: month, day and year.
BIRTH_DATE_MAX_DIGITS = 8
# A number only its shape typed, said this many words or fewer after a question for a
# numeric field, with nothing asked or named between, is a late reply to it: the caller held
# or said something else first.
LATE_REPLY_WORDS = 20
# How many words after a broken-off number the value started again may start ("6, sorry.
# 612", "3. Let me start over. 345").
RESTART_WORDS = 5


# Types whose values are said in numbers only (a month counts as one): a word that says no
# number under a finding of one of these ("Shannis Shaboh" in the reply to "the name on the
# card", a name before "date of birth, ...") takes the type another finding gives it.
DIGITS_ONLY_TYPES: frozenset[str] = frozenset(
    {"US_SSN", "CREDIT_CARD", "PHONE_NUMBER", "DATE_OF_BIRTH", "DATE_TIME"}
)
# A web address's ending: what a cue called an address or a name and holds one is an e-mail
# address ("an e-mail address" heard as "a male address").
WEB_DOMAIN = re.compile(r"(?:@|\.\s*|\bdot\s+)(?:com|net|org|edu|gov)\b", re.IGNORECASE)
# Punctuation Whisper puts around a word, stripped before it is taken for a lone letter.
STRIPPED = ",.?!;:-'\""
# Types of IDs said in digits, which nobody says as a month and a year: the reply to a
# question typed so that opens with them is a card's expiry date ("Um, June, 2030").
ID_TYPES: frozenset[str] = frozenset({"US_SSN", "CREDIT_CARD", "PHONE_NUMBER", "ID_NUMBER"})
MONTH_AND_YEAR = re.compile(
    r"^\W*(?:(?:um|uh|so|okay|ok|yes|yeah|it's|its|that's|it|is)\W+)*"
    rf"(?:{'|'.join(MONTHS)})\W+(?:19|20)\d\d(?!\d)",
    re.IGNORECASE,
)


def precedence(entity_type: str) -> tuple[int, str]:
    """Sort key of a type: its place in :data:`LABEL_PRECEDENCE`, unknown types after all
    known ones, by name.

    >>> sorted(["DATE_TIME", "MY_TYPE", "PERSON"], key=precedence)
    ['PERSON', 'DATE_TIME', 'MY_TYPE']
    """
    return _RANK.get(entity_type, len(_RANK)), entity_type


def one_label_per_span(transcript: Transcript, spans: Iterable[PhiSpan]) -> list[PhiSpan]:
    """Spans of ``transcript`` that share no word and have one type each (see the module).

    Each word any finding touches takes the type of the best-ranked finding over it (a field
    named by a cue first, then the most specific type); consecutive words of the same type
    make one span. A span keeps the finding of its type ranked best, then with the best score
    (ties to the recognizer named first), and lists every other finding touching its words
    as an alternative. Together the spans cover the words the findings touched, no more.
    A span that touches no word is passed on unchanged (alignment rejects it).
    """
    offsets = transcript.word_offsets()
    starts = [start for start, _ in offsets]
    ends = [end for _, end in offsets]
    found = list(spans)
    kept: list[PhiSpan] = []
    touching: dict[int, list[PhiSpan]] = {}
    words_of: dict[PhiSpan, tuple[int, int]] = {}
    for span in found:
        first, last = bisect_right(ends, span.start), bisect_left(starts, span.end)
        if span.start >= span.end or first >= last:
            kept.append(span)
            continue
        words_of[span] = (first, last - 1)
        for index in range(first, last):
            touching.setdefault(index, []).append(span)
    typed = types_in_context(transcript, words_of)

    labels = {
        index: _word_label(transcript.words[index].text, findings, typed)
        for index, findings in touching.items()
    }
    run: list[int] = []
    for index in sorted(touching):
        if run and (index != run[-1] + 1 or labels[index] != labels[run[-1]]):
            kept.append(_one_span(run, touching, offsets, typed, labels[run[-1]]))
            run = []
        run.append(index)
    if run:
        kept.append(_one_span(run, touching, offsets, typed, labels[run[-1]]))
    return sorted(kept, key=lambda s: (s.start, s.end, precedence(s.entity_type)))


def _word_label(word: str, findings: Sequence[PhiSpan], typed: Mapping[PhiSpan, str]) -> str:
    """The type a word takes from the findings over it: the best-ranked finding's, unless
    that is a type said in numbers only (:data:`DIGITS_ONLY_TYPES`) and the word says no
    number and is more than one letter, when the best-ranked other type over it wins, if any.

    >>> card = PhiSpan("CREDIT_CARD", 0, 20, 0.6, "QuestionAnswerRecognizer")
    >>> name = PhiSpan("PERSON", 5, 20, 0.85, "SpacyRecognizer")
    >>> [_word_label(w, [card, name], {card: "CREDIT_CARD", name: "PERSON"})
    ...  for w in ("4417,", "Shaboh.")]
    ['CREDIT_CARD', 'PERSON']
    """
    best = min(findings, key=lambda f: _rank(f, typed))
    # A lone letter may be a digit misheard ("12, 12, M -T -I -N" for "12 12 79").
    if (
        typed[best] in DIGITS_ONLY_TYPES
        and not _says_a_number(word)
        and len(word.strip(STRIPPED)) > 1
    ):
        others = [f for f in findings if typed[f] not in DIGITS_ONLY_TYPES]
        if others:
            best = min(others, key=lambda f: _rank(f, typed))
    return typed[best]


def types_in_context(
    transcript: Transcript, words_of: Mapping[PhiSpan, tuple[int, int]]
) -> dict[PhiSpan, str]:
    """The type each finding counts as, given as ``{finding: (first word, last word)}``: its
    own, except for a number only its shape typed (see the module), which takes the type of
    the one numeric value it shares words with, or else of the one right next to it, or else
    of the field named right before it, or else of the one value nearby that holds the same
    digits. A number typed so is a value next to which another number may take its type
    (:data:`CONTEXT_ROUNDS`: "area code 865 and 414 7993"). One that none of these types is a
    late reply to the question just before it (:data:`LATE_REPLY_WORDS`), or else, ending in
    a year of the 1900s, a date of birth. Besides: a date of birth by its shape with a year
    to come is an expiry date; ten digits (:data:`COUNTED`) that say again a named field's
    value, follow a letter of an ID or come late after a question take that type; digits a
    caller broke off before starting over take the type of the value started again.

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([(w, i, i + 0.5) for i, w in enumerate(
    ...     "Boise, Idaho. 83702. Thanks.".split())], 9)
    >>> city = PhiSpan("LOCATION", 0, 5, 0.6, "StreetAddressRecognizer")
    >>> zip_code = PhiSpan("ID_NUMBER", 14, 19, 0.5, "SpokenDigitsRecognizer")
    >>> types_in_context(t, {city: (0, 0), zip_code: (2, 2)})[zip_code]
    'LOCATION'
    """
    typed = {finding: finding.entity_type for finding in words_of}
    text = transcript.text
    for finding in words_of:
        said = text[finding.start : finding.end]
        if _future_birth_date(finding, said):
            typed[finding] = "DATE_TIME"  # "Expiry?" "December 2030."
        elif finding.recognizer in FIELD_NAMED_BY:
            if finding.entity_type in {"LOCATION", "PERSON"} and WEB_DOMAIN.search(said):
                typed[finding] = "EMAIL_ADDRESS"  # "a male address?" "It's kenji.szabo.net"
            elif finding.entity_type in ID_TYPES and MONTH_AND_YEAR.search(said):
                typed[finding] = "DATE_TIME"  # "The account number?" "Um, June, 2031."
    settled = [
        f
        for f in words_of
        if not _shape_only(f)
        and f.entity_type in NUMERIC_TYPES
        and f.recognizer not in GUESSED_TYPE_BY
    ]
    asked = questions(transcript)
    for finding in settled:
        if (finding.recognizer, finding.entity_type) in COUNTED:
            typed[finding] = _counted_type(transcript, finding, words_of, settled, asked)
    valued = list(settled)
    untyped = [f for f in words_of if _shape_only(f)]
    for _ in range(CONTEXT_ROUNDS):
        found = {
            finding: entity
            for finding in untyped
            if (entity := _type_from_context(transcript, finding, words_of, valued, settled, typed))
            is not None
        }
        typed.update(found)
        untyped = [f for f in untyped if f not in found]
        valued += [f for f, entity in found.items() if entity in NEIGHBOUR_TYPES]
        if not found:
            break
    for finding in untyped:
        late = _asked_just_before(transcript.words, asked, words_of[finding][0])
        birth = (
            "DATE_OF_BIRTH" if _ends_in_a_birth_year(text[finding.start : finding.end]) else None
        )
        typed[finding] = late or birth or typed[finding]
    for finding in words_of:
        if finding.recognizer in TYPED_BY_NEARBY_WORDS:
            restarted = _restarted_as(transcript, finding, words_of, typed)
            typed[finding] = restarted or typed[finding]
    return typed


def _counted_type(
    transcript: Transcript,
    finding: PhiSpan,
    words_of: Mapping[PhiSpan, tuple[int, int]],
    settled: Sequence[PhiSpan],
    asked: Sequence[Question],
) -> str:
    """The type of a finding typed by its digit count alone (:data:`COUNTED`): that of the
    one named field whose value it says again ("Just to confirm, 263 237 7834": an account
    number read back), an ID after letters ("H as in Henry, H, 217 064 3001"), or, typed by
    nothing else, that of the question it answers late."""
    text = transcript.text
    named = {
        f.entity_type
        for f in settled
        if f.recognizer in FIELD_NAMED_BY
        and _apart(words_of[f], words_of[finding])
        and _said_in(text[finding.start : finding.end], text[f.start : f.end])
    }
    entity = named.pop() if len(named) == 1 else finding.entity_type
    if any(
        f.recognizer in LETTERS_AND_DIGITS_BY
        and not _apart(words_of[f], words_of[finding])
        and text[f.start : f.end][:1].isalpha()  # not "209571032. I" (the caller's "I")
        for f in words_of
    ):
        return "ID_NUMBER"
    if entity != finding.entity_type:
        return entity
    return _asked_just_before(transcript.words, asked, words_of[finding][0]) or entity


def _asked_just_before(words: Sequence[Word], asked: Sequence[Question], first: int) -> str | None:
    """The numeric field the last question before ``words[first]`` asked for, when the number
    there is a late reply to it: within :data:`LATE_REPLY_WORDS` words, with no question and
    no field named between, and not on the asker's channel ("Do you have your medical record
    number?" "I think so, one sec. Okay, it's 1899171574.")."""
    before = [q for q in asked if q.last_word < first]
    if not before:
        return None
    question = max(before, key=lambda q: q.last_word)
    between = list(range(question.last_word + 1, first))
    if (
        question.more
        or question.entity not in NUMERIC_TYPES
        or len(between) > LATE_REPLY_WORDS
        or any("?" in words[i].text for i in between)
        or any(cue.search(" ".join(words[i].text for i in between)) for _, cue in VALUE_CUES)
    ):
        return None
    asker = words[question.last_word].channel
    return None if asker is not None and words[first].channel == asker else question.entity


def _ends_in_a_birth_year(said: str) -> bool:
    """Whether a number with nothing around to type it ends in a year of the 1900s, as the
    dates of birth said on a call do ("Matrix, 1926.", "It's November for 1983."): at most
    eight digits, the year last.

    >>> [_ends_in_a_birth_year(said) for said in ("22, 1958.", "1958 4471", "2030")]
    [True, False, False]
    """
    digits = words_to_digits(spoken_tokens(said))
    return len(digits) <= BIRTH_DATE_MAX_DIGITS and bool(
        re.search(r"(?<!\d)19\d\d\W*$", said.strip())
    )


def _future_birth_date(finding: PhiSpan, said: str) -> bool:
    """Whether ``finding`` is a date of birth by its shape alone whose year is still to come:
    a card's expiry date ("December 2030"), since nobody was born then."""
    if finding.entity_type != "DATE_OF_BIRTH" or finding.recognizer in FIELD_NAMED_BY:
        return False
    this_year = datetime.date.today().year
    return any(int(year) > this_year for year in re.findall(r"(?<!\d)20\d\d(?!\d)", said))


def _apart(one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two word ranges share no word, and lie within :data:`SAID_AGAIN_WORDS`."""
    return (one[1] < other[0] or other[1] < one[0]) and abs(one[0] - other[0]) <= SAID_AGAIN_WORDS


def _restarted_as(
    transcript: Transcript,
    finding: PhiSpan,
    words_of: Mapping[PhiSpan, tuple[int, int]],
    typed: Mapping[PhiSpan, str],
) -> str | None:
    """The type of the value a caller broke ``finding`` off to start again ("6, sorry. 612,
    0768.", "Three. Let me start over. 345 318 52."): a numeric value starting within
    :data:`RESTART_WORDS` words after it, on its channel, whose digits start with its digits.
    The correction's own type is the last field word's before it, which may be long ago."""
    text, words = transcript.text, transcript.words
    first, last = words_of[finding]
    broken_off = words_to_digits(spoken_tokens(text[finding.start : finding.end]))
    if not broken_off:
        return None
    types = {
        typed[f]
        for f, (start, _) in words_of.items()
        if last < start <= last + RESTART_WORDS
        and f.recognizer not in TYPED_BY_NEARBY_WORDS
        and typed[f] in NUMERIC_TYPES
        and all(words[i].channel == words[first].channel for i in range(first, start + 1))
        and words_to_digits(spoken_tokens(text[f.start : f.end])).startswith(broken_off)
    }
    return types.pop() if len(types) == 1 else None


def _type_from_context(
    transcript: Transcript,
    finding: PhiSpan,
    words_of: Mapping[PhiSpan, tuple[int, int]],
    valued: Sequence[PhiSpan],
    settled: Sequence[PhiSpan],
    typed: Mapping[PhiSpan, str],
) -> str | None:
    """The type a shape-only ``finding`` takes from its context, if one (see
    :func:`types_in_context`)."""
    text, words = transcript.text, transcript.words
    first, last = words_of[finding]
    context = {typed[f] for f in valued if words_of[f][0] <= last and first <= words_of[f][1]}
    if not context and all(_says_a_number(words[i].text) for i in (first, last)):
        context = {
            typed[f]
            for f in valued
            if typed[f] in NEIGHBOUR_TYPES
            and _next_to(words, (first, last), words_of[f], typed[f])
            and (
                f.recognizer not in TYPED_BY_NEARBY_WORDS
                or _same_digits(text[f.start : f.end], text[finding.start : finding.end])
            )
        }
    if not context:
        context = {entity} if (entity := _field_named_before(words, first)) else set()
    if not context:
        said = text[finding.start : finding.end]
        context = {
            typed[f]
            for f in settled
            if f.recognizer not in TYPED_BY_NEARBY_WORDS
            and _apart(words_of[f], (first, last))
            and _said_in(said, text[f.start : f.end])
        }
    return context.pop() if len(context) == 1 else None


def _says_a_number(word: str) -> bool:
    """Digits, a number word or a month: "January," before "January 5th, 1995" is a date."""
    return bool(numbers_in(word)) or word.strip(",.?!;:").lower() in MONTHS


def _field_named_before(words: Sequence[Word], first: int) -> str | None:
    """The numeric field named last in the few words before ``words[first]``, when at most
    :data:`NEIGHBOUR_WORDS` words and no question stand between ("the card ending in.
    A815", "Exformation 1028." for "expiration", "Arkansas. 72205", "area code 865")."""
    before: list[int] = []
    for index in range(first - 1, max(-1, first - 1 - CUE_WORDS), -1):
        if words[index].channel != words[first].channel:
            break
        before.insert(0, index)
    said = " ".join(words[i].text for i in before)
    named = max(
        ((match.end(), entity) for entity, cue in VALUE_CUES for match in cue.finditer(said)),
        default=None,
    )
    if named is None:
        return None
    end, entity = named
    after = said[end:].split()
    if after and not said[end].isspace():
        after = after[1:]  # the rest of the cue's last word ("Expiration,")
    if len(after) > NEIGHBOUR_WORDS or any("?" in word for word in after):
        return None
    return entity


def _said_in(number: str, value: str) -> bool:
    """Whether ``number`` says digits of ``value`` again: four or more of them in a row, or
    three that are one of its groups ("No, that's 885." after "885 Old Mill Road").

    >>> _said_in("5 5 9 6", "4117 5596 0021"), _said_in("559", "4117 5596")
    (True, False)
    >>> _said_in("885", "885 Elm Road")
    True
    """
    digits = words_to_digits(spoken_tokens(number))
    if len(digits) >= SAID_AGAIN_MIN_DIGITS:
        return digits in words_to_digits(spoken_tokens(value))
    return len(digits) >= SAME_DIGITS_MIN and digits in re.findall(r"\d+", value)


def _same_digits(one: str, other: str) -> bool:
    """Whether two stretches say the same number: the digits of one (three or more, in
    numbers or in words) are among the other's ("51846. Oh," and "51846.": Whisper's "Oh"
    is also a zero).

    >>> _same_digits("51846. Oh,", "five one eight four six"), _same_digits("zero.", "0 1 6")
    (True, False)
    """
    shorter, longer = sorted((words_to_digits(spoken_tokens(t)) for t in (one, other)), key=len)
    return len(shorter) >= SAME_DIGITS_MIN and shorter in longer


def _shape_only(finding: PhiSpan) -> bool:
    return (finding.entity_type in SHAPE_TYPES and finding.recognizer not in FIELD_NAMED_BY) or (
        finding.recognizer,
        finding.entity_type,
    ) in SHAPE_FINDINGS


def _next_to(
    words: Sequence[Word], number: tuple[int, int], value: tuple[int, int], entity: str
) -> bool:
    """Whether ``value`` (of type ``entity``) ends or starts within :data:`NEIGHBOUR_WORDS`
    of ``number`` (word index ranges), with no question and no other field named between
    ("243 Juniper Street, unit 7" names the address's own), and everything said on one
    channel."""
    if value[1] < number[0]:
        between = range(value[1] + 1, number[0])
    elif number[1] < value[0]:
        between = range(number[1] + 1, value[0])
    else:
        return False
    span = range(min(number[0], value[0]), max(number[1], value[1]) + 1)
    return (
        len(between) <= NEIGHBOUR_WORDS
        and not any("?" in words[i].text for i in between)
        and not _other_field_named(words, list(between), entity)
        and len({words[i].channel for i in span}) == 1
    )


def _other_field_named(words: Sequence[Word], between: list[int], entity: str) -> bool:
    """Whether the words at ``between`` name a field other than ``entity`` ("... 01.
    Expiration on 05 slash 26.")."""
    said = " ".join(words[i].text for i in between)
    return any(other != entity and cue.search(said) for other, cue in CUES)


def _rank(finding: PhiSpan, typed: Mapping[PhiSpan, str]) -> tuple[int, tuple[int, str]]:
    tier = (
        0
        if finding.recognizer in NAMED_AT_THE_VALUE
        else 1
        if finding.recognizer in FIELD_NAMED_BY
        else 2
    )
    return tier, precedence(typed[finding])


def _one_span(
    run: list[int],
    touching: dict[int, list[PhiSpan]],
    offsets: Sequence[tuple[int, int]],
    typed: Mapping[PhiSpan, str],
    label: str,
) -> PhiSpan:
    findings = list(dict.fromkeys(f for index in run for f in touching[index]))
    # Credit a finding that gave this type itself over one that took it from its context.
    chosen = min(
        (f for f in findings if typed[f] == label),
        key=lambda f: (_rank(f, typed), f.entity_type != label, -f.score, f.recognizer),
    )
    # The characters the findings cover, inside this run's words: a span that ran on into
    # words of another type is cut at them.
    start = max(offsets[run[0]][0], min(f.start for f in findings))
    end = min(offsets[run[-1]][1], max(f.end for f in findings))
    alternatives = sorted(
        {Alternative(f.entity_type, f.recognizer) for f in findings}
        - {Alternative(chosen.entity_type, chosen.recognizer)},
        key=lambda a: (precedence(a.entity_type), a.recognizer),
    )
    inferred = all(f.inferred for f in findings)
    return PhiSpan(
        label, start, end, chosen.score, chosen.recognizer, tuple(alternatives), inferred
    )
