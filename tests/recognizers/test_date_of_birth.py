"""Dates of birth in every spoken and written shape; weekdays and "today" are not dates.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from exact_spans import Expectation, rows

from redactor.detect.recognizers.date_of_birth import DateOfBirthRecognizer

RECOGNIZER = DateOfBirthRecognizer()
DOB = "DATE_OF_BIRTH"

# id: (text, entity, the exact text of each span of that entity expected, or None for no
# span at all); see exact_spans.
# A day said with its article ("the fourth of March") keeps it: that is how the date is said.
CASES: dict[str, tuple[str, str, Expectation]] = {
    "written": ("it's March 4th, 1982", DOB, "March 4th, 1982"),
    "spoken": ("it's march fourth nineteen eighty two", DOB, "march fourth nineteen eighty two"),
    "slashes": ("3/4/1982", DOB, "3/4/1982"),
    "dashes-short-year": ("03-04-82", DOB, "03-04-82"),
    "dots": ("date of birth is 12.25.1960", DOB, "12.25.1960"),
    "day-of-month": ("the fourth of March, 1982", DOB, "the fourth of March, 1982"),
    "born-in-year": ("I was born in 1982", DOB, "1982"),
    "spoken-seventies": (
        "July ninth, nineteen seventy five",
        DOB,
        "July ninth, nineteen seventy five",
    ),
    "two-thousands": (
        "born on the twenty-first of June, two thousand and five",
        DOB,
        "the twenty-first of June, two thousand and five",
    ),
    "digits-day-year": ("December 12, 2001", DOB, "December 12, 2001"),
    "apostrophe-year": ("it's Jan 3rd, '79", DOB, "Jan 3rd, '79"),
    "spoken-short-year": ("uh, march fourth eighty two", DOB, "march fourth eighty two"),
    "month-day-asked": ("and your birthday? May 5th", DOB, "May 5th"),
    "year-asked": ("what's your date of birth? um, 1982", DOB, "1982"),
    "day-of-lower-may": ("my birthday is the 3rd of may", DOB, "the 3rd of may"),
    "neg-today": ("can we do it today", DOB, None),
    "neg-tomorrow": ("tomorrow works for me", DOB, None),
    "neg-weekday": ("how about next Tuesday", DOB, None),
    "neg-one-second": ("one second", DOB, None),
    "neg-this-morning": ("I called this morning", DOB, None),
    "neg-now": ("I'm free now", DOB, None),
    "neg-weeks": ("come back in 2 weeks", DOB, None),
    "neg-tablets": ("take 2 tablets", DOB, None),
    "neg-modal-may": ("you may first need a referral", DOB, None),
    "neg-room": ("room 12", DOB, None),
    "neg-money": ("twenty five dollars", DOB, None),
    "day-and-month": ("the 9th and April, 1977", "DATE_OF_BIRTH", "the 9th and April, 1977"),
    "day-on-month": ("The third on April 1977.", DOB, "The third on April 1977"),
    "day-on-month-spoken-year": (
        "the 9th on June, nineteen sixty two",
        DOB,
        "the 9th on June, nineteen sixty two",
    ),
    "day-year-month-lost": (
        "what's your date of birth? Uh, the 23rd? 1958.",
        "DATE_OF_BIRTH",
        "the 23rd? 1958",
    ),
    "neg-day-year-no-context": ("we fixed it on the 3rd 2021 release", "DATE_OF_BIRTH", None),
}

# id: why the recognizer's span is not the right one (left as it is: no behaviour change here).
KNOWN_WRONG: dict[str, str] = {}


# The same answer after the agent's question and without it (kept out of test bodies, which
# pytest prints on failure).
ASKED = "can I get your date of birth? sure, March 4th, 1982"
UNASKED = "okay, sure, March 4th, 1982"


@pytest.mark.parametrize("case", rows(CASES, KNOWN_WRONG))
def test_date_of_birth(judge, case: str) -> None:
    text, entity, expected = CASES[case]
    problem = judge(RECOGNIZER, text, entity, expected)
    assert problem is None, f"{case}: {problem}"


def test_question_raises_the_answer(find) -> None:
    """ "Can I get your date of birth" lifts the date in the caller's reply."""
    asked = find(RECOGNIZER, ASKED)
    unasked = find(RECOGNIZER, UNASKED)
    assert asked and unasked
    assert max(score for *_, score in asked) > max(score for *_, score in unasked)
