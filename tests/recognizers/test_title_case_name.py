"""Lower-case names that spaCy finds once they are capitalised.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from exact_spans import Expectation, rows
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from redactor.detect.recognizers.title_case_name import TitleCaseNameRecognizer, capitalise_words

PER = "PERSON"

# id: (text, entity, the exact text of each span of that entity expected, or None for no
# span at all); see exact_spans.
CASES: dict[str, tuple[str, str, Expectation]] = {
    "this-is": ("yeah this is dwayne okafor", PER, "dwayne okafor"),
    "my-name-is": ("my name is jennifer walsh", PER, "jennifer walsh"),
    "patient-after-comma": ("sure, the patient is mei chen", PER, "mei chen"),
    "neg-capitalised-already": ("Hi, this is Jennifer Walsh", PER, None),
    "neg-asking-dob": ("can I get your date of birth please", PER, None),
    "neg-company": ("thank you for calling blue cross", PER, None),
    "neg-tablets": ("take two tablets daily with food", PER, None),
    "neg-common-nouns": ("500 milligrams. Your copay is twenty five dollars.", PER, None),
    "neg-email-words": ("And your email? priya dot raman at gmail dot com.", PER, None),
    "neg-today": ("today", PER, None),
    "neg-one-second": ("one second", PER, None),
    "neg-press-one": ("press one to confirm", PER, None),
}

# id: why the recognizer's span is not the right one (left as it is: no behaviour change here).
KNOWN_WRONG: dict[str, str] = {}


# Kept out of test bodies, which pytest prints on failure.
MIXED_CASE = "hi, it's o'brien from iPhone support - ok?"


@pytest.fixture(scope="module")
def recognizer(nlp_engine: SpacyNlpEngine) -> TitleCaseNameRecognizer:
    return TitleCaseNameRecognizer(nlp_engine.get_nlp("en"))


@pytest.mark.parametrize("case", rows(CASES, KNOWN_WRONG))
def test_title_case_name(judge, recognizer, case: str) -> None:
    text, entity, expected = CASES[case]
    problem = judge(recognizer, text, entity, expected)
    assert problem is None, f"{case}: {problem}"


def test_capitalising_keeps_offsets() -> None:
    titled = capitalise_words(MIXED_CASE)
    assert len(titled) == len(MIXED_CASE)
    assert titled.lower() == MIXED_CASE.lower()
    assert titled.split()[2] == "O'brien" and "iPhone" in titled
