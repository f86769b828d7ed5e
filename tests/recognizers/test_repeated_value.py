"""A number said again near a PHI span that holds it is that PHI again; clock times and short
or far-away numbers are not.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from exact_spans import Expected, Nth, mismatch

from redactor.detect.recognizers.repeated_value import REACH_CHARS, repeated_values
from redactor.types import PhiSpan

FAR = " and then we talked" * (REACH_CHARS // 10)

# id: (text, the PHI span found as (entity, its text), the exact repeat expected as (entity, its
# text), or None for no repeat); see exact_spans.
CASES: dict[str, tuple[str, tuple[str, str], tuple[str, Expected] | None]] = {
    "agent-echoes-a-correction": (
        "No, that's 885. Okay, 885 got it.",
        ("LOCATION", "885."),
        ("LOCATION", Nth("885", 2)),
    ),
    "last-group-repeated": (
        "It's 860 2109. So the one ending in 2109, right?",
        ("PHONE_NUMBER", "860 2109."),
        ("PHONE_NUMBER", Nth("2109", 2)),
    ),
    "said-before-it-was-found": (
        "Is it 4471? Yes, my member ID is 4471.",
        ("ID_NUMBER", "4471."),
        ("ID_NUMBER", Nth("4471", 1)),
    ),
    "neg-clock-time": (
        "It's 617 930 4412. I have Friday at 930.",
        ("PHONE_NUMBER", "617 930 4412."),
        None,
    ),
    "neg-far-away": ("It's 885." + FAR + " 885 of them.", ("LOCATION", "885."), None),
    "neg-two-digits": ("It's 45 12. Room 45 now.", ("ID_NUMBER", "45 12."), None),
    "neg-other-digits": ("It's 885. Take 850 of them.", ("LOCATION", "885."), None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_repeated_value(case: str) -> None:
    text, (entity, phi), expected = CASES[case]
    start = text.index(phi)
    spans = [PhiSpan(entity, start, start + len(phi), 0.5, "x")]
    found = [(s.entity_type, s.start, s.end) for s in repeated_values(text, spans)]
    kind, repeat = expected if expected is not None else (entity, None)
    problem = mismatch(text, found, kind, repeat)
    assert problem is None, f"{case}: {problem}"
