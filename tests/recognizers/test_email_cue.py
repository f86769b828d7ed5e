"""Email addresses Whisper mangled, found from the cue "my email is" up to the ".com".

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from exact_spans import Expectation, rows

from redactor.detect.recognizers.email_cue import EmailCueRecognizer

RECOGNIZER = EmailCueRecognizer()
EMAIL = "EMAIL_ADDRESS"

# id: (text, entity, the exact text of each span of that entity expected, or None for no
# span at all); see exact_spans.
CASES: dict[str, tuple[str, str, Expectation]] = {
    "glued-local": ("my email is bkowalski .com thanks", EMAIL, "bkowalski .com"),
    "lost-at": ("my email is Rhonda Pike .net okay", EMAIL, "Rhonda Pike .net"),
    "split-sentences": (
        "Sure, my email is T. Brandt. And yahoo .com. Great.",
        EMAIL,
        "T. Brandt. And yahoo .com",
    ),
    "stray-ending-mid-address": (
        "my email address is Lorraine .org at fastmail .com.",
        EMAIL,
        "Lorraine .org at fastmail .com",
    ),
    "dot-com-misheard": (
        "my email is Hector under Voss, not calm. Anything else?",
        EMAIL,
        "Hector under Voss, not calm",
    ),
    "do-not-come": ("my email is ortiz 12 do not come", EMAIL, "ortiz 12 do not come"),
    "provider-only": ("e-mail's Priya Shah at gmail", EMAIL, "Priya Shah at gmail"),
    "after-question": (
        "What's your email address? It's wbarnes at icloud dot com.",
        EMAIL,
        "wbarnes at icloud dot com",
    ),
    "no-ending-sentence": ("my email is Quentin Marsh. Is that all?", EMAIL, "Quentin Marsh"),
    "garbled-address-starting-with-the": (
        "No, it changed. My email is the name.",
        EMAIL,
        "the name",
    ),
    "neg-the-one-on-file": ("my email is the one on file", EMAIL, None),
    "neg-same": ("my email is the same as before.", EMAIL, None),
    "neg-on-file": ("your email is on file with us", EMAIL, None),
    "neg-question-no-address": ("what is your email address? Hold on.", EMAIL, None),
    "neg-no-cue": ("I'll come by at two thirty", EMAIL, None),
    "neg-today": ("today works", EMAIL, None),
    "neg-press-two": ("press two", EMAIL, None),
    "neg-money": ("twenty five dollars", EMAIL, None),
}

# id: why the recognizer's span is not the right one (left as it is: no behaviour change here).
KNOWN_WRONG: dict[str, str] = {}

# The address after its cue words (kept out of test bodies, which pytest prints on failure).
CUE_THEN_ADDRESS = "my email is bkowalski .com"


@pytest.mark.parametrize("case", rows(CASES, KNOWN_WRONG))
def test_email_cue(judge, case: str) -> None:
    text, entity, expected = CASES[case]
    problem = judge(RECOGNIZER, text, entity, expected)
    assert problem is None, f"{case}: {problem}"


def test_cue_words_stay_audible(find) -> None:
    """The span starts at the address, not at "my email is"."""
    found = find(RECOGNIZER, CUE_THEN_ADDRESS)
    assert found
    assert min(start for _, start, _, _ in found) == len("my email is ")
