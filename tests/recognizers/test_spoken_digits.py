"""Digit runs as callers say them and Whisper writes them; money, doses and times are not.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from exact_spans import Expectation, rows

from redactor.detect.recognizers.spoken_digits import SpokenDigitsRecognizer

RECOGNIZER = SpokenDigitsRecognizer()

# id: (text, entity, the exact text of each span of that entity expected, or None for no
# span at all); see exact_spans.
CASES: dict[str, tuple[str, str, Expectation]] = {
    "phone-dashes": ("yeah my number is 555-867-5309.", "PHONE_NUMBER", "555-867-5309"),
    "phone-commas": ("it's 555, 867, 5309.", "PHONE_NUMBER", "555, 867, 5309"),
    "phone-glued-commas": ("555,867,5,309", "PHONE_NUMBER", "555,867,5,309"),
    "phone-1-800": ("call me back at 1-800-555-0199", "PHONE_NUMBER", "1-800-555-0199"),
    "phone-words": (
        "my cell is five five five, eight six seven, five three oh nine",
        "PHONE_NUMBER",
        "five five five, eight six seven, five three oh nine",
    ),
    "phone-mixed": ("it's five five five 867 5309", "PHONE_NUMBER", "five five five 867 5309"),
    "phone-in-sentences-with-fillers": (
        "Sure, what's the third number? 775. Um, 860. 2109.",
        "PHONE_NUMBER",
        "775. Um, 860. 2109",
    ),
    "phone-with-a-digit-lost-after-phone": (
        "No, I got a new phone. It's 318, 42, 907, 5.",
        "PHONE_NUMBER",
        "318, 42, 907, 5",
    ),
    "nine-digits-without-a-phone-word-are-an-id": (
        "It's 318, 42, 907, 5.",
        "ID_NUMBER",
        "318, 42, 907, 5",
    ),
    "card-number-said-in-groups": (
        "Sure. It's 410 -05071, 9589 -675 -3. And the expiry?",
        "CREDIT_CARD",
        "410 -05071, 9589 -675 -3",
    ),
    "card-number-in-words": (
        "four nine eight five eight oh seven four one one five five two four six five",
        "CREDIT_CARD",
        "four nine eight five eight oh seven four one one five five two four six five",
    ),
    "sixteen-digits-failing-the-check-are-an-id": (
        "it's 4100 5071 9589 6754",
        "ID_NUMBER",
        "4100 5071 9589 6754",
    ),
    "neg-numbers-in-sentences-are-no-phone": ("Take 120. Um, 45 minutes.", "PHONE_NUMBER", None),
    "zip-dashed": ("the zip is 0-2-1-1-8", "ID_NUMBER", "0-2-1-1-8"),
    "zip-words": ("zip code oh two one one eight", "ID_NUMBER", "oh two one one eight"),
    "spaced-digits": ("my member number is 4 4 7 2 1", "ID_NUMBER", "4 4 7 2 1"),
    "double": (
        "it's double five, double seven, two",
        "ID_NUMBER",
        "double five, double seven, two",
    ),
    "teens-and-tens": (
        "group number nineteen eighty two oh four",
        "ID_NUMBER",
        "nineteen eighty two oh four",
    ),
    "last-four": ("last four of the social are 6 2 1 8", "ID_NUMBER", "6 2 1 8"),
    "account-words": (
        "account number is one two three four five six",
        "ID_NUMBER",
        "one two three four five six",
    ),
    "grouped-digits": ("the policy number is 88 204 17", "ID_NUMBER", "88 204 17"),
    "short-with-context": ("uh, the extension is 4 1 2", "ID_NUMBER", "4 1 2"),
    "id-then-dose": ("my ID is 44721, and I take 2 tablets", "ID_NUMBER", "44721"),
    "sentence-break": ("it's 5 5 5 1. Oh, and the other one", "ID_NUMBER", "5 5 5 1"),
    "neg-money-words": ("your copay is twenty five dollars", "ID_NUMBER", None),
    "neg-money-sign": ("your copay is $25", "ID_NUMBER", None),
    "neg-money-thousands": ("the balance is $1,250 right now", "ID_NUMBER", None),
    "neg-tablets": ("take two tablets daily", "ID_NUMBER", None),
    "neg-milligrams": ("take 500 milligrams twice a day", "ID_NUMBER", None),
    "neg-milligrams-4-digits": ("it's 1000 milligrams", "ID_NUMBER", None),
    "neg-press-one": ("press one to confirm", "ID_NUMBER", None),
    "neg-press-two": ("press two for billing", "ID_NUMBER", None),
    "neg-room": ("she's in room 12", "ID_NUMBER", None),
    "neg-one-second": ("give me one second", "ID_NUMBER", None),
    "neg-clock-digits": ("can you come in at 10 30", "ID_NUMBER", None),
    "neg-clock-words": ("two thirty pm works", "ID_NUMBER", None),
    "neg-clock-morning": ("at ten thirty in the morning", "ID_NUMBER", None),
    "neg-minutes": ("it takes about 15 minutes", "ID_NUMBER", None),
    "neg-degrees": ("the fever was 101.5 degrees", "ID_NUMBER", None),
    "neg-days": ("today or Tuesday", "ID_NUMBER", None),
    "last-digit": ("and the last digit is 7.", "ID_NUMBER", "7"),
    "ends-in": ("the card ends in 39", "ID_NUMBER", "39"),
    "stray-quotes": ("it's 8 '2 '0 '4' I think", "ID_NUMBER", "8 '2 '0 '4"),
    "neg-clock-glued": ("we can see you Thursday at 1045.", "ID_NUMBER", None),
    "neg-clock-glued-short": ("how about around 230?", "ID_NUMBER", None),
    "neg-decimal": ("your sodium was 3 .8, which is fine", "ID_NUMBER", None),
    "neg-room-three-digits": ("the lab is in room 214.", "ID_NUMBER", None),
    "neg-floor": ("radiology is on floor 3, suite 12", "ID_NUMBER", None),
}

# id: why the recognizer's span is not the right one (left as it is: no behaviour change here).
KNOWN_WRONG: dict[str, str] = {}


# The same answer after the agent's question and without it (kept out of test bodies, which
# pytest prints on failure).
ASKED = "what's your member ID? it's 4 4 7 2 1"
UNASKED = "okay so it's 4 4 7 2 1"


@pytest.mark.parametrize("case", rows(CASES, KNOWN_WRONG))
def test_spoken_digits(judge, case: str) -> None:
    text, entity, expected = CASES[case]
    problem = judge(RECOGNIZER, text, entity, expected)
    assert problem is None, f"{case}: {problem}"


def test_context_word_raises_the_answer(find) -> None:
    """A member ID question lifts the digits that answer it."""
    asked = find(RECOGNIZER, ASKED)
    unasked = find(RECOGNIZER, UNASKED)
    assert asked and unasked
    assert max(score for *_, score in asked) > max(score for *_, score in unasked)
