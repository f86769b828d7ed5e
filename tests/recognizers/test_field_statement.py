"""The value a caller gives right after naming its field, however Whisper wrote it.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from exact_spans import Expectation, rows

from redactor.detect.recognizers.field_statement import FieldStatementRecognizer

RECOGNIZER = FieldStatementRecognizer()

# id: (text, entity, the exact text of each span of that entity expected, or None for no
# span at all); see exact_spans.
CASES: dict[str, tuple[str, str, Expectation]] = {
    "area-code-then-a-garbled-number": (
        "Sure, area code, four -year -old one, and then, four -three -year -old, six two.",
        "PHONE_NUMBER",
        "four -year -old one, and then, four -three -year -old, six two.",
    ),
    "area-code-at-the-end": ("It's area code 208 555 0142", "PHONE_NUMBER", "208 555 0142"),
    "neg-area-code-asked": ("What's your area code? It's 208.", "PHONE_NUMBER", None),
    "neg-area-code-without-a-number": ("The area code is the same.", "PHONE_NUMBER", None),
    "card-number-heard-as-money": (
        "Sure. The card number is $42. $42. $42. $60. $8. $5. $85. $1. $92. And the expiration?",
        "CREDIT_CARD",
        "$42. $42. $42. $60. $8. $5. $85. $1. $92.",
    ),
    "card-number-with-fillers": (
        "okay, um, the card number is, uh, four two two two, um, six eight two eight",
        "CREDIT_CARD",
        "four two two two, um, six eight two eight",
    ),
    "visa-card-number": (
        "my visa card number's 4 2 2 2 6 8 2 8.",
        "CREDIT_CARD",
        "4 2 2 2 6 8 2 8.",
    ),
    "insurance-card-number-is-an-id": (
        "my insurance card number is K as in kilo 4 4 7 2",
        "ID_NUMBER",
        "K as in kilo 4 4 7 2",
    ),
    "account-number-with-a-letter": (
        "the account number is 7 7 3 4 dash A.",
        "ID_NUMBER",
        "7 7 3 4 dash A.",
    ),
    "record-number-glued": ("my medical record number is MR 88204.", "ID_NUMBER", "MR 88204."),
    "date-of-birth-in-digits": (
        "and my date of birth is oh three, oh four, eighty two.",
        "DATE_OF_BIRTH",
        "oh three, oh four, eighty two.",
    ),
    "birthday-said-in-words": (
        "my birthday's March fourth, nineteen eighty two",
        "DATE_OF_BIRTH",
        "March fourth, nineteen eighty two",
    ),
    "birthday-the-day-of-the-month": (
        "my date of birth is the fourth of March, eighty two",
        "DATE_OF_BIRTH",
        "the fourth of March, eighty two",
    ),
    "date-of-birth-ends-before-the-next-sentence": (
        "My name is Dana Whitfield, date of birth, March 4, 1982. And the phone number, please.",
        "DATE_OF_BIRTH",
        "March 4, 1982.",
    ),
    "cell-number": (
        "my cell number is six one seven, two nine four, one one oh two",
        "PHONE_NUMBER",
        "six one seven, two nine four, one one oh two",
    ),
    "social-last-four": ("yeah my social is, um, 6 2 1 8.", "US_SSN", "6 2 1 8."),
    "zip-code": ("and the zip code is 0 2 1 3 9.", "LOCATION", "0 2 1 3 9."),
    "card-ending-in": (
        "Okay, the card ending in 9, 6, 2, 7, 9. M -M -H -M, yes.",
        "CREDIT_CARD",
        "9, 6, 2, 7, 9.",
    ),
    "card-number-then-a-filler-after-a-stop": (
        "the card number is four two two two. Um, six eight two eight. Okay.",
        "CREDIT_CARD",
        "four two two two. Um, six eight two eight.",
    ),
    "phone-number-then-the-next-sentence-spelled": (
        "my cell number is 6 1 7, 2 9 4, 1 1 0 2. B as in boy, that's my street.",
        "PHONE_NUMBER",
        "6 1 7, 2 9 4, 1 1 0 2.",
    ),
    "expiry-stated": (
        "Okay, I've corrected it, expiration on oh two twenty nine, all right.",
        "DATE_TIME",
        "oh two twenty nine,",
    ),
    "number-ending-in-asked": (
        "Is the number ending in? 1417, is that right?",
        "PHONE_NUMBER",
        "1417,",
    ),
    "number-ending-in-on-file": (
        "And we can still reach you at the number ending in 14, 923 still good.",
        "PHONE_NUMBER",
        "14, 923",
    ),
    "date-of-birth-garbled-at-first": (
        "and My birthday is sex -free 51 I'm calling because",
        "DATE_OF_BIRTH",
        "sex -free 51",
    ),
    "neg-remark-then-a-number": ("my birthday is next week, 2 days left", "DATE_OF_BIRTH", None),
    "neg-question-for-the-card": ("What's the card number on file?", "CREDIT_CARD", None),
    "neg-request-for-the-card": ("Can you read me the card number, please?", "CREDIT_CARD", None),
    "neg-remark-about-the-number": ("my phone number is the same as before", "PHONE_NUMBER", None),
    "neg-one-number-is-no-value": (
        "the account number is 2 letters and then digits",
        "ID_NUMBER",
        None,
    ),
    "neg-money-without-a-field": ("Your copay is $40. $10 for the refill.", "CREDIT_CARD", None),
}

# id: why the recognizer's span is not the right one (left as it is: no behaviour change here).
KNOWN_WRONG: dict[str, str] = {}


@pytest.mark.parametrize("case", rows(CASES, KNOWN_WRONG))
def test_field_statement(judge, case: str) -> None:
    text, entity, expected = CASES[case]
    problem = judge(RECOGNIZER, text, entity, expected)
    assert problem is None, f"{case}: {problem}"
