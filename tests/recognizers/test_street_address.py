"""Street addresses and ZIP codes; room numbers and quantities are not addresses.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from exact_spans import Expectation, rows

from redactor.detect.recognizers.street_address import StreetAddressRecognizer

RECOGNIZER = StreetAddressRecognizer()
LOC = "LOCATION"

# id: (text, entity, the exact text of each span of that entity expected, or None for no
# span at all); see exact_spans.
CASES: dict[str, tuple[str, str, Expectation]] = {
    "digits": ("it's 1420 Maple Avenue", LOC, "1420 Maple Avenue"),
    "words-and-unit": (
        "I live at fourteen twenty maple avenue apt 3",
        LOC,
        "fourteen twenty maple avenue apt 3",
    ),
    "abbreviation": ("12 Oak St.", LOC, "12 Oak St."),
    "split-number": ("14 20 Maple Avenue.", LOC, "14 20 Maple Avenue."),
    "number-split-as-a-decimal": ("3 .06 Kingsley Drive.", LOC, "3 .06 Kingsley Drive."),
    "ordinal-street": (
        "500 North 5th Street, Apartment 4B",
        LOC,
        "500 North 5th Street, Apartment 4B",
    ),
    "words-court": ("three thirty three elm court", LOC, "three thirty three elm court"),
    "po-box": ("send it to P.O. Box 77", LOC, "P.O. Box 77"),
    "zip-after-state": ("Springfield, Illinois 62704", LOC, ("Springfield", "62704")),
    "zip-after-code": ("Boston, MA 02118", LOC, ("Boston", "02118")),
    "zip-dashed": ("zip code is 0-2-1-1-8", LOC, "0-2-1-1-8"),
    "zip-words": ("zip is oh two one one eight", LOC, "oh two one one eight"),
    "apartment-in-a-confirmation": (
        "Yes, that's right, apartment thirty five.",
        LOC,
        "apartment thirty five",
    ),
    "apartment-heard-as-partment": ("Partment 35.", LOC, "Partment 35"),
    "unit-with-a-letter": ("oh and it's unit 4B now", LOC, "unit 4B"),
    "apt-number": ("apt. number 12, sorry", LOC, "apt. number 12"),
    "neg-unit-of-insulin": ("give one unit every morning", LOC, None),
    "neg-department": ("the billing department is closed", LOC, None),
    "neg-suite-of-the-practice": ("we're in suite 200 on the left", LOC, None),
    "neg-room": ("she's in room 12", LOC, None),
    "neg-tablets": ("take 2 tablets", LOC, None),
    "neg-weeks": ("in 2 weeks drive over", LOC, None),
    "neg-directions": ("12 blocks down the road", LOC, None),
    "neg-floor": ("we're on the second floor", LOC, None),
    "neg-one-second": ("one second", LOC, None),
    "neg-today": ("today", LOC, None),
    "neg-press-two": ("press two", LOC, None),
    "neg-money": ("twenty five dollars", LOC, None),
    "comma-house-number": (
        "it's 38, 12, Birch Road, apartment C.",
        LOC,
        "38, 12, Birch Road, apartment C",
    ),
    "city-before-state": ("I'm over in Tacoma, Washington now", LOC, "Tacoma"),
    "city-before-code": ("it's Duluth, MN.", LOC, "Duluth"),
    "garbled-street": (
        "can you confirm your address? Nine oh two Harmon Biscuit Lay. Thanks.",
        LOC,
        "Nine oh two Harmon Biscuit Lay",
    ),
    "garbled-zip-after-state": (
        "Reno, Nevada, eight nine I -0 -2.",
        LOC,
        ("Reno", "eight nine I -0 -2"),
    ),
    "street-after-a-stop-and-a-stray-word": (
        "It's 27. I'm Juniper Court. City and zip code?",
        LOC,
        "Juniper Court.",
    ),
    "garbled-city-between-street-and-state": (
        "so it's 412 Lantern hill road Oak in vale Vermont, is that current?",
        LOC,
        ("412 Lantern hill road", "Oak in vale"),
    ),
    "neg-number-then-the-road": ("I have 2 kids. The road is long.", LOC, None),
    "neg-minutes-down-the-road": ("I walked 20 minutes down the road.", LOC, None),
    "neg-road-then-greeting-then-state": ("it's on the road. Hi Georgia, how are you?", LOC, None),
    "neg-state-alone": ("Yes, Georgia, that's where I grew up", LOC, None),
    "neg-greeting-before-state": ("Hi, Virginia, how are you?", LOC, None),
    "neg-answer-one-second": ("what is your address? One second, let me check.", LOC, None),
    "garbled-city-before-state-and-zip": ("Little luck, Arkansas. 7225.", LOC, "Little luck"),
    "lower-case-city-before-state-and-zip": (
        "So can Washington, 9 -2 -free -9.",
        LOC,
        ("can", "9 -2"),
    ),
    "city-before-state-and-zip-in-words": (
        "it's reno nevada eight nine five",
        LOC,
        ("reno", "eight nine five"),
    ),
    "neg-field-names-before-a-city-and-state": (
        "City and zip code. Reno, Nevada 89528.",
        LOC,
        ("Reno", "89528"),
    ),
    "neg-state-then-years": ("We came here from Ohio, 2 years ago.", LOC, None),
    "neg-years-after-state": ("I moved to Texas, two years ago", LOC, None),
}

# id: why the recognizer's span is not the right one (left as it is: no behaviour change here).
KNOWN_WRONG: dict[str, str] = {}


@pytest.mark.parametrize("case", rows(CASES, KNOWN_WRONG))
def test_street_address(judge, case: str) -> None:
    text, entity, expected = CASES[case]
    problem = judge(RECOGNIZER, text, entity, expected)
    assert problem is None, f"{case}: {problem}"
