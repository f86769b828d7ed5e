"""IDs that mix letters and digits, spelled or glued; ordinals, doses and codes are not.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from exact_spans import Expectation, rows

from redactor.detect.recognizers.member_id import MemberIdRecognizer

RECOGNIZER = MemberIdRecognizer()
ID = "ID_NUMBER"

# id: (text, entity, the exact text of each span of that entity expected, or None for no
# span at all); see exact_spans.
CASES: dict[str, tuple[str, str, Expectation]] = {
    "glued": ("my member ID is AB44721", ID, "AB44721"),
    "article-letter-hyphen": ("it's a B-44721", ID, "a B-44721"),
    "comma-spelled": ("X, Y, E, 5, 5, 1, 2", ID, "X, Y, E, 5, 5, 1, 2"),
    "garbled-mrn": ("the MRN is mRNA820417", ID, "mRNA820417"),
    "spaced-mrn": ("M R N 8820417", ID, "M R N 8820417"),
    "as-in": ("policy number W as in William 4 4 7 2", ID, "W as in William 4 4 7 2"),
    "capitals-space": ("group number is AB 44721", ID, "AB 44721"),
    "lower-letters": ("j k 1 2 3 4", ID, "j k 1 2 3 4"),
    "glued-then-spaced": ("it is a B4 4 7 2 1.", ID, "a B4 4 7 2 1"),
    "hyphen-groups": ("reference ZGH-4471-02", ID, "ZGH-4471-02"),
    "letters-and-words": ("A B four four seven two one", ID, "A B four four seven two one"),
    "digits-dash-letter": ("my group number is 7 7 3 4 dash A", ID, "7 7 3 4 dash A"),
    "neg-ordinal": ("on the 4th", ID, None),
    "neg-clock": ("at 10am", ID, None),
    "neg-vitamin": ("a B12 shot", ID, None),
    "neg-dose": ("500mg twice a day", ID, None),
    "neg-covid": ("a COVID-19 test", ID, None),
    "neg-tablets": ("take 2 tablets", ID, None),
    "neg-room": ("room 12", ID, None),
    "neg-article-number": ("I have a 500 deductible", ID, None),
    "neg-per-day": ("it's 500 a day", ID, None),
    "neg-press-one": ("press one", ID, None),
    "neg-today": ("today", ID, None),
    "neg-one-second": ("one second", ID, None),
}

# id: why the recognizer's span is not the right one (left as it is: no behaviour change here).
KNOWN_WRONG: dict[str, str] = {}


# The same answer after the agent's question and without it (kept out of test bodies, which
# pytest prints on failure).
ASKED = "what's your member ID? it's AB44721"
UNASKED = "okay it's AB44721"


@pytest.mark.parametrize("case", rows(CASES, KNOWN_WRONG))
def test_member_id(judge, case: str) -> None:
    text, entity, expected = CASES[case]
    problem = judge(RECOGNIZER, text, entity, expected)
    assert problem is None, f"{case}: {problem}"


def test_question_raises_the_answer(find) -> None:
    """ "What's your member ID" lifts the ID in the reply."""
    asked = find(RECOGNIZER, ASKED)
    unasked = find(RECOGNIZER, UNASKED)
    assert asked and unasked
    assert max(score for *_, score in asked) > max(score for *_, score in unasked)
