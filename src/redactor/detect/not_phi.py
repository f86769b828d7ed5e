"""What Presidio and spaCy take for PHI but is not: clock times, weekdays, durations, lab
values and doses, a state or a desk of the practice named alone, and the "one moment" or
"years old" at the end of a number.

Every rule here removes a finding, so each is narrow: a wrong rule is a leak. A date that
can point at a person (a month, a day of the month, a year, an age) always stays.

>>> from presidio_analyzer import RecognizerResult
>>> text = "I have an opening next Tuesday."
>>> is_not_phi(text, 0, RecognizerResult("DATE_TIME", 18, 30, 0.85))
True
"""

from __future__ import annotations

import re
from dataclasses import replace

from presidio_analyzer import RecognizerResult

from redactor.detect.recognizers._spoken import MONTHS, NUMBER_WORDS, ORDINAL_WORDS, US_STATES
from redactor.detect.recognizers.question_answer import WAIT_WORDS
from redactor.types import PhiSpan


def is_not_phi(text: str, offset: int, result: RecognizerResult) -> bool:
    """Whether a Presidio ``result`` in the chunk of ``text`` starting at ``offset`` is one
    of the things that only look like PHI.

    >>> r = RecognizerResult("LOCATION", 22, 30, 0.85)
    >>> is_not_phi("Thank you for calling Billing.", 0, r)
    True
    >>> is_not_phi("I was born on March 4th.", 0, RecognizerResult("DATE_TIME", 14, 23, 0.85))
    False
    """
    span_text = text[offset + result.start : offset + result.end]
    return (
        _is_plain_time_word(_with_clock_word(text, offset + result.start, span_text), result)
        or _is_state_or_country_alone(span_text, result)
        or _is_measurement(text, offset, result)
        or _is_department_alone(span_text, result)
    )


# "... 93743. One moment", "103 years old": words at the end of a span that make a wait or
# an age, not an identifier. The age itself stays PHI.
_ONE_BEFORE_A_WAIT = re.compile(r"[\s,.]+(?:one|1)\W*$", re.IGNORECASE)
_WAIT = re.compile(rf"\W*\s*(?:{'|'.join(sorted(WAIT_WORDS))})s?\b", re.IGNORECASE)
_AGE_WORDS = re.compile(r"[\s,]+years?(?:\s+old|\s+of\s+age)\W*$", re.IGNORECASE)


def without_quantity_tail(text: str, span: PhiSpan) -> PhiSpan:
    """``span`` without a last "one" that starts "one moment", or an age's "years old".

    >>> text = "It's 93743. One moment."
    >>> span = without_quantity_tail(text, PhiSpan("ID_NUMBER", 5, 15, 0.5, "r"))
    >>> text[span.start : span.end]
    '93743'
    """
    inside = text[span.start : span.end]
    cut = _AGE_WORDS.search(inside) if span.entity_type == "DATE_TIME" else None
    if cut is None and _WAIT.match(text, span.end):
        cut = _ONE_BEFORE_A_WAIT.search(inside)
    if cut is None or cut.start() == 0:
        return span
    return replace(span, end=span.start + cut.start())


_DATE_WORDS = "|".join([*MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept?",
                        "oct", "nov", "dec", "christmas", "thanksgiving", "easter", "halloween",
                        "new year'?s?", "birthday", "old"])  # fmt: skip
_IDENTIFYING = re.compile(rf"\b(?:{_DATE_WORDS})\b", re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|weeks?|weekends?|months?|years?|morning|afternoon|"
    r"evening|night|tonight|today|tomorrow|yesterday|now|ago|[ap]\.?m\b\.?|o'?clock)\b",
    re.IGNORECASE,
)
# Clock times ("at 10 30", "3:30", "10 am", a bare "10 30") say when, not who: they are
# removed before looking for the numbers that make a date identifying.
_CLOCK_WORD = re.compile(r"\b(?:at|around|by|until|from|before|after)\s*$", re.IGNORECASE)
_CLOCK = re.compile(
    r"\b(?:at|around|by|until|from|before|after)\s+"
    r"(?:\d{1,2}(?:[\s:.]\d{2})?|(?:1[0-2]|[1-9])[0-5]\d)\b"
    r"|\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[\s:.]\d{2})?\s*[ap]\.?m\b\.?|^\s*\d{1,2}[\s.]\d{2}\s*$",
    re.IGNORECASE,
)
_HOUR_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_MINUTE_WORDS = (
    "oh|o|ten|fifteen|twenty|thirty|forty|fifty|one|two|three|four|five|six|seven|eight|nine"
)
# "after two thirty", "at three forty five": a clock time as Whisper sometimes leaves it, in
# words, or in words and digits ("at three 40").
_SPOKEN_CLOCK = re.compile(
    rf"\b(?:at|around|by|until|from|before|after)\s+(?:{_HOUR_WORDS})"
    rf"(?:\s+(?:{_MINUTE_WORDS}|[0-5]\d)){{0,2}}\b",
    re.IGNORECASE,
)
_COUNTABLE = re.compile(
    rf"\d|\b(?:{'|'.join(sorted(NUMBER_WORDS | set(ORDINAL_WORDS)))})\b", re.IGNORECASE
)


def _with_clock_word(text: str, start: int, span_text: str) -> str:
    """``span_text`` with the time preposition before it, if there is one: Whisper writes
    "at ten fifteen" as "at 1015", and spaCy's span is only "1015".

    >>> _with_clock_word("opening at 1015.", 11, "1015.")
    'at 1015.'
    """
    before = _CLOCK_WORD.search(text, max(0, start - 12), start)
    return span_text if before is None else text[before.start() : start] + span_text


# Safe Harbor removes places smaller than a state: a state or a country said alone stays.
_STATE_OR_COUNTRY = re.compile(
    rf"(?:{US_STATES}|(?:the\s+)?(?:states|united\s+states(?:\s+of\s+america)?|"
    r"u\.?\s?s\.?(?:\s?a\.?)?|america|canada|mexico))\.?",
    re.IGNORECASE,
)


def _is_state_or_country_alone(span_text: str, result: RecognizerResult) -> bool:
    """A LOCATION that is only a state or a country: spaCy tags them, Safe Harbor keeps them.

    >>> r = RecognizerResult("LOCATION", 0, 5, 0.85)
    >>> [_is_state_or_country_alone(t, r)
    ...  for t in ("Ohio.", "New York", "the U.S.", "Dayton, Ohio", "Mexico City")]
    [True, True, True, False, False]
    """
    core = span_text.strip(" ,?!")
    return result.entity_type == "LOCATION" and _STATE_OR_COUNTRY.fullmatch(core) is not None


# "Thank you for calling Billing.": Whisper capitalises the desk called, and spaCy takes it
# for a place or a person.
_DEPARTMENTS = re.compile(
    r"(?:the\s+)?(?:billing|pharmacy|scheduling|appointments|radiology|imaging|lab|"
    r"laboratory|records|medical\s+records|reception|front\s+desk|triage|referrals|claims|"
    r"insurance|cardiology|oncology|pediatrics|dermatology|neurology|orthopedics)"
    r"(?:\s+(?:department|desk|office|line))?",
    re.IGNORECASE,
)


def _is_department_alone(span_text: str, result: RecognizerResult) -> bool:
    """A PERSON or LOCATION that is only the name of a desk of the practice.

    >>> r = RecognizerResult("LOCATION", 0, 8, 0.85)
    >>> [_is_department_alone(t, r) for t in ("Billing.", "Radiology", "Billings, Montana")]
    [True, True, False]
    """
    core = span_text.strip(" ,.?!")
    return result.entity_type in ("LOCATION", "PERSON") and _DEPARTMENTS.fullmatch(core) is not None


# A lab value, a dose or an amount of money, named before the number: "your cholesterol was
# 195", "the copay is 40". (A unit after it, "90 day supply", is the recognizers' business.)
_MEASURED = re.compile(
    r"\b(?:a\s?1\s?c|cholesterol|potassium|sodium|glucose|sugar|vitamin|level|pressure|"
    r"tsh|t4|ldl|hdl|triglycerides|hemoglobin|creatinine|inr|psa|ferritin|platelets?|"
    r"weight|temperature|pulse|dose|dosage|supply|balance|copay|co-pay|deductible|total|"
    r"owe|cost|costs|price)\b[^.?!\d]{0,25}$",
    re.IGNORECASE,
)


def _is_measurement(text: str, offset: int, result: RecognizerResult) -> bool:
    """A short number (four digits at most) that a measured quantity names just before.

    >>> r = RecognizerResult("ID_NUMBER", 21, 24, 0.5)
    >>> _is_measurement("Your cholesterol was 195.", 0, r)
    True
    """
    if result.entity_type not in ("ID_NUMBER", "DATE_TIME", "US_DRIVER_LICENSE"):
        return False
    start = offset + result.start
    digits = re.findall(r"\d", text[start : offset + result.end])
    if not digits or len(digits) > 4:
        return False
    return _MEASURED.search(text, max(0, start - 40), start) is not None


def _is_plain_time_word(span_text: str, result: RecognizerResult) -> bool:
    """True for DATE_TIME hits like "today", "Tuesday", "one second", "this morning".

    A date that can point at a person (a month, a day of the month, a year, an age) stays;
    weekdays, relative days, durations and clock times go: they flood the beeps.

    >>> r = RecognizerResult("DATE_TIME", 0, 5, 0.85)
    >>> [_is_plain_time_word(t, r) for t in ("next Tuesday", "Tuesday at 10 30", "March 4th")]
    [True, True, False]
    """
    if result.entity_type != "DATE_TIME" or _IDENTIFYING.search(span_text):
        return False
    remainder = _SPOKEN_CLOCK.sub(" ", _CLOCK.sub(" ", span_text))
    if _RELATIVE.search(remainder):
        return True
    return not _COUNTABLE.search(remainder)


# The name of a practice: a place name, then what kind of practice ("Maple Grove Internal
# Medicine", "Cedar Hill's primary care", "Riverside Family Medicine"), as a greeting says it.
_PRACTICE_KINDS = (
    r"family|internal|primary|urgent|pediatric|women['\u2019]?s|children['\u2019]?s|general|"
    r"community|senior|specialty|dental|eye|heart|medical|health|sports|walk-in"
)
_PRACTICE_NOUNS = (
    r"medicine|care|clinic|clinics|health|healthcare|medical|center|centre|hospital|pharmacy|"
    r"practice|associates|group|pediatrics|physicians|partners|specialists|dentistry|"
    r"cardiology|dermatology|orthopedics|oncology|radiology|imaging|labs?|laboratory"
)
# Nouns that name a practice with no kind before them ("Riverside Clinic"). The others say
# as much of a patient ("Jordan Smith's health", "Liam's care", "Jordan Smith labs"), so
# they need a kind first, and a possessive always does ("Cedar Hill's primary care").
_PRACTICE_ONLY_NOUNS = (
    r"clinic|clinics|healthcare|hospital|pharmacy|associates|physicians|specialists|"
    r"dentistry|pediatrics|cardiology|dermatology|orthopedics|oncology|radiology|imaging"
)
_KIND_THEN_NOUN = rf"(?:\s+(?:{_PRACTICE_KINDS})){{1,2}}\s+(?:{_PRACTICE_NOUNS})"
_PRACTICE_AFTER = re.compile(
    rf"(?:(?:['\u2019]s)?{_KIND_THEN_NOUN}|\s+(?:{_PRACTICE_ONLY_NOUNS}))\b"
    # "Smith's primary care doctor" is a person's doctor, not a practice.
    r"(?!\s+(?:doctor|physician|provider|nurse|team|manager|coordinator|plan)\b)",
    re.IGNORECASE,
)
_PRACTICE_SUFFIX = re.compile(
    rf"(?:{_KIND_THEN_NOUN}|\s+(?:{_PRACTICE_ONLY_NOUNS}))\W*$", re.IGNORECASE
)
# A doctor named in a practice's name is a person all the same ("Dr. Patel's family medicine").
_DOCTOR = re.compile(r"\b(?:dr|doctor|doc)\b", re.IGNORECASE)


def names_a_practice(text: str, span: PhiSpan) -> bool:
    """Whether ``span`` (a PERSON or LOCATION of one to three words) names a practice: the
    words right after it, or its own last words, say what kind ("internal medicine",
    "primary care", "clinic"), and no doctor is named in it.

    >>> text = "Thank you for calling Maple Grove internal medicine. How can I help?"
    >>> names_a_practice(text, PhiSpan("PERSON", 22, 33, 0.85, "SpacyRecognizer"))
    True
    >>> text = "Thank you for calling Cedar Hill's primary care."
    >>> names_a_practice(text, PhiSpan("PERSON", 22, 32, 0.85, "SpacyRecognizer"))
    True
    >>> text = "It's for Jordan Smith's primary care doctor."
    >>> names_a_practice(text, PhiSpan("PERSON", 9, 23, 0.85, "SpacyRecognizer"))
    False
    """
    if span.entity_type not in ("PERSON", "LOCATION"):
        return False
    inside = text[span.start : span.end]
    if _DOCTOR.search(inside) or not 1 <= len(inside.split()) <= 3:
        return False
    return (
        _PRACTICE_AFTER.match(text, span.end) is not None
        or _PRACTICE_SUFFIX.search(inside) is not None
    )


# "after four o'clock", "at 9 o 'clock", "ten thirty am": Whisper splits "o'clock" at times,
# and the member-ID and digits recognizers read "four o" as digits.
_CLOCK_AFTER = re.compile(r"\s*(?:(?:o\s*)?['\u2019]?\s*clock\b|[ap]\.?\s?m\b)", re.IGNORECASE)
_CLOCK_NUMBER = re.compile(
    rf"(?:(?:{_HOUR_WORDS}|\d{{1,2}})(?:[\s:.]+(?:{_MINUTE_WORDS}|[0-5]\d))?"
    rf"|(?:1[0-2]|[1-9])[0-5]\d)(?:\s+o)?\W*",
    re.IGNORECASE,
)


def is_clock_time(text: str, span: PhiSpan) -> bool:
    """Whether ``span`` is an hour, or an hour and minutes, that "o'clock", "am" or "pm"
    follows (or ends): a time of day names no one.

    >>> text = "It'll be ready after four o 'clock."
    >>> is_clock_time(text, PhiSpan("ID_NUMBER", 21, 27, 0.5, "MemberIdRecognizer"))
    True
    >>> text = "It's four o seven one two."
    >>> is_clock_time(text, PhiSpan("ID_NUMBER", 5, 25, 0.5, "SpokenDigitsRecognizer"))
    False
    """
    inside = text[span.start : span.end]
    after = _CLOCK_AFTER.match(text, span.end)
    if after is None:
        ends = _CLOCK_AFTER.search(inside)
        if ends is None or inside[ends.end() :].strip(" ,.?!"):
            return False
        inside = inside[: ends.start()]
    return _CLOCK_NUMBER.fullmatch(inside.strip()) is not None


# "four hundred and six dollars", "400 and six dollars": an amount, however Whisper splits it.
_AMOUNT = re.compile(
    rf"(?:(?:\d[\d,.]*|(?:{'|'.join(sorted(NUMBER_WORDS))})\b|and\b)[\s-]*)+"
    r"(?:dollars?|cents?|bucks)\b",
    re.IGNORECASE,
)
_AMOUNT_DIGITS = 6


def is_an_amount(text: str, span: PhiSpan) -> bool:
    """Whether ``span`` (a number read as an ID or a date) is part of an amount of money:
    from its first number on, numbers and "and" up to "dollars" or "cents", with no more
    than six digits (an identifier is longer).

    >>> text = "I see a balance on some 400 and six dollars."
    >>> is_an_amount(text, PhiSpan("DATE_TIME", 19, 27, 0.85, "SpacyRecognizer"))
    True
    >>> text = "It's 4471 2290, and 40 dollars."
    >>> is_an_amount(text, PhiSpan("ID_NUMBER", 5, 14, 0.5, "SpokenDigitsRecognizer"))
    False
    """
    if span.entity_type not in ("ID_NUMBER", "DATE_TIME", "US_DRIVER_LICENSE"):
        return False
    first = _COUNTABLE.search(text, span.start, span.end)
    if first is None:
        return False
    amount = _AMOUNT.match(text, first.start())
    if amount is None or len(re.findall(r"\d", amount.group())) > _AMOUNT_DIGITS:
        return False
    return amount.end() >= span.start + len(text[span.start : span.end].rstrip(" ,.?!"))


def names_no_one(text: str, span: PhiSpan) -> bool:
    """Whether ``span`` is a practice's name (:func:`names_a_practice`), a clock time
    (:func:`is_clock_time`) or an amount of money (:func:`is_an_amount`): found by a
    recognizer that reads shapes, but none of them points at a person.

    >>> text = "Your balance is four hundred and six dollars."
    >>> names_no_one(text, PhiSpan("ID_NUMBER", 16, 36, 0.5, "SpokenDigitsRecognizer"))
    True
    """
    return names_a_practice(text, span) or is_clock_time(text, span) or is_an_amount(text, span)
