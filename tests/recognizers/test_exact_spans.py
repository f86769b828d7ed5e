"""The table helper itself: a span that only covers the expected text fails it.

A fake recognizer returns fixed spans over one made-up sentence; ``judge`` runs it through
Presidio as it runs every recognizer in the tables.
"""

from __future__ import annotations

import pytest
from exact_spans import Expectation, Nth
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.recognizers._result import make_result

TEXT = "my name is Ann Lee today"
NAME = (11, 18)  # "Ann Lee"


class FixedSpans(EntityRecognizer):
    """Finds the same ``(entity, start, end)`` spans in any text."""

    def __init__(self, spans: list[tuple[str, int, int]]) -> None:
        self.spans = spans
        super().__init__(supported_entities=["PERSON", "LOCATION"])

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [make_result(self, e, start, end, 0.9, "fixed") for e, start, end in self.spans]


# id: (spans the fake finds, the row's expectation of PERSON, whether the row holds). The
# one-word-too-wide, second-finding and same-span-twice cases passed the old helper, which asked
# only that one PERSON span cover the expected text.
CASES: dict[str, tuple[list[tuple[str, int, int]], Expectation, bool]] = {
    "exact": ([("PERSON", *NAME)], "Ann Lee", True),
    "one-word-too-wide-before": ([("PERSON", 8, 18)], "Ann Lee", False),
    "one-word-too-wide-after": ([("PERSON", 11, 24)], "Ann Lee", False),
    "too-narrow": ([("PERSON", 11, 14)], "Ann Lee", False),
    "second-finding-overlapping": ([("PERSON", *NAME), ("LOCATION", 15, 24)], "Ann Lee", False),
    "same-span-twice-as-two-entities": ([("PERSON", *NAME), ("LOCATION", *NAME)], "Ann Lee", False),
    "two-spans-expected-one-found": ([("PERSON", 11, 14)], ("Ann", "Lee"), False),
    "two-spans-expected-both-found": (
        [("PERSON", 11, 14), ("PERSON", 15, 18)],
        ("Ann", "Lee"),
        True,
    ),
    "nothing-expected-nothing-found": ([], None, True),
    "nothing-expected-something-found": ([("LOCATION", 19, 24)], None, False),
    "expected-text-not-in-the-text": ([("PERSON", *NAME)], "Ann Leigh", False),
    "nth-occurrence": ([("PERSON", 22, 23)], Nth("a", 2), True),
    "nth-past-the-last-occurrence": ([("PERSON", 22, 23)], Nth("a", 3), False),
}


@pytest.mark.parametrize("case", list(CASES))
def test_judge_passes_only_the_exact_spans(judge, case: str) -> None:
    spans, expected, holds = CASES[case]
    problem = judge(FixedSpans(spans), TEXT, "PERSON", expected)
    assert (problem is None) is holds, f"{case}: {problem}"
    assert problem is None or "Ann" not in problem  # reasons name offsets, never text


def test_an_ambiguous_expected_text_fails(judge) -> None:
    """Text that occurs twice names no single span, even where the finding is one of them."""
    problem = judge(FixedSpans([("PERSON", 4, 5)]), TEXT, "PERSON", "a")
    assert problem is not None and "Nth" in problem
