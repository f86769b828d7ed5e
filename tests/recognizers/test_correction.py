"""A corrected value, and digits broken off before the caller starts over, as the field named
before them.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from exact_spans import Expectation, Nth, rows

from redactor.detect.recognizers.correction import CorrectionRecognizer

RECOGNIZER = CorrectionRecognizer()

# id: (text, entity, the exact text of each span of that entity expected, or None for no
# span at all); see exact_spans.
CASES: dict[str, tuple[str, str, Expectation]] = {
    "house-number-corrected": (
        "Hey, baby, I know Mill Road. December 6, the Little Rock are consulted and still "
        "current. No, that's 885. Okay, 885 got it.",
        "LOCATION",
        "885.",
    ),
    "house-number-in-words": (
        "So that's forty two Cedar Lane? No, it's thirty nine.",
        "LOCATION",
        "thirty nine.",
    ),
    "phone-corrected": (
        "Can we still reach you at 617 294 1102? Actually, it should be 617 294 1120.",
        "PHONE_NUMBER",
        "617 294 1120.",
    ),
    "almost-then-the-right-digits": (
        "Best number to reach you? Just to confirm, 3 1 4. Almost. 3 1 7. Thank you.",
        "PHONE_NUMBER",
        "3 1 7.",
    ),
    "almost-its-then-garbled-digits": (
        "And your phone? So 2 0 6. Almost, it's I'm 0 .8. Thanks.",
        "PHONE_NUMBER",
        "I'm 0 .8.",
    ),
    "neg-almost-done": ("We are almost done, two more questions.", "ID_NUMBER", None),
    "broken-off-before-starting-over": (
        "What's a good number to reach you? Well, 2. 4. Let me start over. 401972 -2818.",
        "PHONE_NUMBER",
        "2. 4.",
    ),
    "broken-off-before-sorry": (
        "Do you happen to have your mr. M found it eight sorry eight nine seven four nine",
        "ID_NUMBER",
        Nth("eight", 1),
    ),
    "neg-sorry-without-a-value-after": (
        "It's 45 minutes. Sorry about the wait.",
        "ID_NUMBER",
        None,
    ),
    "neg-no-number-in-the-correction": ("No, it's the other one, on Main.", "LOCATION", None),
    "neg-a-single-number": ("No, that's 2 tablets.", "ID_NUMBER", None),
    "neg-starting-over-without-a-value": (
        "I'm 45. Let me start over, I want to book a visit.",
        "ID_NUMBER",
        None,
    ),
}

# id: why the recognizer's span is not the right one (left as it is: no behaviour change here).
KNOWN_WRONG: dict[str, str] = {}


@pytest.mark.parametrize("case", rows(CASES, KNOWN_WRONG))
def test_correction(judge, case: str) -> None:
    text, entity, expected = CASES[case]
    problem = judge(RECOGNIZER, text, entity, expected)
    assert problem is None, f"{case}: {problem}"
