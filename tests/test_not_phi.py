"""The rules that take a Presidio or spaCy finding back, one row per way people say it."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from redactor.not_phi import is_not_phi, without_quantity_tail
from redactor.types import PhiSpan


def _result(text: str, found: str, entity: str) -> RecognizerResult:
    start = text.index(found)
    return RecognizerResult(entity, start, start + len(found), 0.85)


@pytest.mark.parametrize(
    ("text", "found", "entity", "not_phi"),
    [
        # Times that say when, not who.
        ("I have an opening next Tuesday.", "next Tuesday", "DATE_TIME", True),
        ("Can you hold for one second?", "one second", "DATE_TIME", True),
        ("We could do tomorrow morning.", "tomorrow morning", "DATE_TIME", True),
        ("You're all set for Tuesday at 10 30.", "Tuesday at 10 30", "DATE_TIME", True),
        ("The lab opens at 1015.", "1015", "DATE_TIME", True),
        ("Come in after two thirty.", "two thirty", "DATE_TIME", True),
        ("Take it for ten days.", "ten days", "DATE_TIME", True),
        # Dates that can point at a person stay.
        ("I was born on March 4th.", "March 4th", "DATE_TIME", False),
        ("It's the fourth of May, 1961.", "the fourth of May, 1961", "DATE_TIME", False),
        ("Eleven oh one two thousand one.", "Eleven oh one two thousand one", "DATE_TIME", False),
        ("He's 96 years old.", "96 years old", "DATE_TIME", False),
        # Measured quantities.
        ("Your cholesterol was 195.", "195", "ID_NUMBER", True),
        ("That is a supply of 90.", "90", "ID_NUMBER", True),
        ("Your copay is 40 dollars.", "40", "DATE_TIME", True),
        # An identifier after a measured word is still an identifier.
        ("Your balance on account 88231904 is due.", "88231904", "ID_NUMBER", False),
        ("The dose is fine. My member ID is 4471.", "4471", "ID_NUMBER", False),
        # A state alone is not identifying under Safe Harbor; a city is.
        ("I moved to Ohio.", "Ohio", "LOCATION", True),
        ("I live in Dayton, Ohio.", "Dayton, Ohio", "LOCATION", False),
        # The desk the caller reached is not a place or a person.
        ("Thank you for calling Billing.", "Billing.", "LOCATION", True),
        ("This is the Radiology department.", "Radiology department", "PERSON", True),
        ("I live in Billings, Montana.", "Billings, Montana", "LOCATION", False),
        # Names are never taken back.
        ("This is Jennifer Walsh.", "Jennifer Walsh", "PERSON", False),
    ],
)
def test_is_not_phi(text: str, found: str, entity: str, not_phi: bool) -> None:
    assert is_not_phi(text, 0, _result(text, found, entity)) is not_phi


def test_is_not_phi_reads_the_result_at_its_chunk_offset() -> None:
    text = "x" * 50 + "Thank you for calling Billing."
    chunk = text[50:]
    assert is_not_phi(text, 50, _result(chunk, "Billing.", "LOCATION"))


@pytest.mark.parametrize(
    ("text", "found", "entity", "kept"),
    [
        ("It's 93743. One moment.", "93743. One", "ID_NUMBER", "93743"),
        ("Zip is 02139, one sec.", "02139, one", "ID_NUMBER", "02139"),
        ("She is 103 years old.", "103 years old", "DATE_TIME", "103"),
        ("He's ninety two years of age.", "ninety two years of age", "DATE_TIME", "ninety two"),
        # Nothing to trim: the "one" is part of the number, or no wait follows it.
        ("It's 555 1201 one.", "555 1201 one", "PHONE_NUMBER", "555 1201 one"),
        ("It's 40 years old.", "40 years old", "ID_NUMBER", "40 years old"),
    ],
)
def test_without_quantity_tail(text: str, found: str, entity: str, kept: str) -> None:
    start = text.index(found)
    span = PhiSpan(entity, start, start + len(found), 0.5, "test")
    trimmed = without_quantity_tail(text, span)
    assert text[trimmed.start : trimmed.end] == kept
