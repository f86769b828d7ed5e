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

from redactor.detect.recognizers._spoken import MONTHS, NUMBER_WORDS, ORDINAL_WORDS
from redactor.detect.recognizers.question_answer import WAIT_WORDS
from redactor.detect.recognizers.street_address import US_STATES
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
        or _is_state_alone(span_text, result)
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


_STATE_ALONE = re.compile(rf"(?:{US_STATES})", re.IGNORECASE)


def _is_state_alone(span_text: str, result: RecognizerResult) -> bool:
    """A LOCATION that is only a state name: Safe Harbor keeps states, and spaCy tags them.

    >>> r = RecognizerResult("LOCATION", 0, 5, 0.85)
    >>> [_is_state_alone(t, r) for t in ("Ohio,", "New York", "Dayton, Ohio")]
    [True, True, False]
    """
    core = span_text.strip(" ,.?!")
    return result.entity_type == "LOCATION" and _STATE_ALONE.fullmatch(core) is not None


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
