"""The rules that take a Presidio or spaCy finding back, one row per way people say it.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from redactor.detect.not_phi import is_not_phi, without_quantity_tail
from redactor.types import PhiSpan

# id: (text, the finding's text, its entity, whether it is taken back as not PHI)
FINDINGS: dict[str, tuple[str, str, str, bool]] = {
    # Times that say when, not who.
    "weekday": ("I have an opening next Tuesday.", "next Tuesday", "DATE_TIME", True),
    "duration": ("Can you hold for one second?", "one second", "DATE_TIME", True),
    "relative-day": ("We could do tomorrow morning.", "tomorrow morning", "DATE_TIME", True),
    "weekday-and-clock": (
        "You're all set for Tuesday at 10 30.",
        "Tuesday at 10 30",
        "DATE_TIME",
        True,
    ),
    "glued-clock": ("The lab opens at 1015.", "1015", "DATE_TIME", True),
    "clock-in-words": ("Come in after two thirty.", "two thirty", "DATE_TIME", True),
    "clock-in-words-and-digits": (
        "See you Wednesday at three 40.",
        "Wednesday at three 40",
        "DATE_TIME",
        True,
    ),
    "days-of-a-course": ("Take it for ten days.", "ten days", "DATE_TIME", True),
    # Dates that can point at a person stay.
    "month-and-day": ("I was born on March 4th.", "March 4th", "DATE_TIME", False),
    "day-month-year": (
        "It's the fourth of May, 1961.",
        "the fourth of May, 1961",
        "DATE_TIME",
        False,
    ),
    "date-in-number-words": (
        "Eleven oh one two thousand one.",
        "Eleven oh one two thousand one",
        "DATE_TIME",
        False,
    ),
    "age": ("He's 96 years old.", "96 years old", "DATE_TIME", False),
    # Measured quantities, named before the number.
    "lab-value": ("Your cholesterol was 195.", "195", "ID_NUMBER", True),
    "lab-value-by-its-name": ("Your TSH was 2.8.", "2.8", "DATE_TIME", True),
    "supply": ("That is a supply of 90.", "90", "ID_NUMBER", True),
    "copay": ("Your copay is 40 dollars.", "40", "DATE_TIME", True),
    # An identifier after a measured word is still an identifier.
    "long-number-after-balance": (
        "Your balance on account 88231904 is due.",
        "88231904",
        "ID_NUMBER",
        False,
    ),
    "id-in-the-next-sentence": (
        "The dose is fine. My member ID is 4471.",
        "4471",
        "ID_NUMBER",
        False,
    ),
    # A state alone is not identifying under Safe Harbor; a city is.
    "state-alone": ("I moved to Ohio.", "Ohio", "LOCATION", True),
    "city-and-state": ("I live in Dayton, Ohio.", "Dayton, Ohio", "LOCATION", False),
    # Nor is a country, said alone.
    "country-alone": ("Is that a number in the States?", "the States?", "LOCATION", True),
    "country-abbreviated": ("I was born in the U.S.", "the U.S.", "LOCATION", True),
    "city-named-for-a-country": (
        "I live in Mexico City.",
        "Mexico City",
        "LOCATION",
        False,
    ),
    # The desk the caller reached is not a place or a person.
    "desk-as-place": ("Thank you for calling Billing.", "Billing.", "LOCATION", True),
    "desk-as-person": (
        "This is the Radiology department.",
        "Radiology department",
        "PERSON",
        True,
    ),
    "city-like-a-desk": ("I live in Billings, Montana.", "Billings, Montana", "LOCATION", False),
    # Names are never taken back.
    "name": ("This is Jennifer Walsh.", "Jennifer Walsh", "PERSON", False),
}

# id: (text, the span's text, its entity, the text the span keeps)
TAILS: dict[str, tuple[str, str, str, str]] = {
    "one-moment": ("It's 93743. One moment.", "93743. One", "ID_NUMBER", "93743"),
    "one-sec": ("Zip is 02139, one sec.", "02139, one", "ID_NUMBER", "02139"),
    "years-old": ("She is 103 years old.", "103 years old", "DATE_TIME", "103"),
    "years-of-age": (
        "He's ninety two years of age.",
        "ninety two years of age",
        "DATE_TIME",
        "ninety two",
    ),
    # Nothing to trim: no wait follows the "one", or the span is not a date.
    "one-in-the-number": ("It's 555 1201 one.", "555 1201 one", "PHONE_NUMBER", "555 1201 one"),
    "years-on-an-id": ("It's 40 years old.", "40 years old", "ID_NUMBER", "40 years old"),
}


def _result(text: str, found: str, entity: str) -> RecognizerResult:
    start = text.index(found)
    return RecognizerResult(entity, start, start + len(found), 0.85)


@pytest.mark.parametrize("case", list(FINDINGS))
def test_is_not_phi(case: str) -> None:
    text, found, entity, not_phi = FINDINGS[case]
    taken_back = is_not_phi(text, 0, _result(text, found, entity))
    assert taken_back is not_phi, case


def test_is_not_phi_reads_the_result_at_its_chunk_offset() -> None:
    chunk = "Thank you for calling Billing."
    taken_back = is_not_phi("x" * 50 + chunk, 50, _result(chunk, "Billing.", "LOCATION"))
    assert taken_back


@pytest.mark.parametrize("case", list(TAILS))
def test_without_quantity_tail(case: str) -> None:
    text, found, entity, kept = TAILS[case]
    start = text.index(found)
    trimmed = without_quantity_tail(text, PhiSpan(entity, start, start + len(found), 0.5, "test"))
    kept_right = text[trimmed.start : trimmed.end] == kept
    assert kept_right, case
