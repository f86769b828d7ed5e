"""Ages over 89, which Safe Harbor counts as identifying: "she's 102", "ninety six years old".

spaCy tags "97 years old" as a date, but not "He's 100 and still sharp as a tack", nor "She's
100 this year." Here an age is a number from 90 to 129 that someone is ("he's", "she
turned", "I'm"), or that is followed by "years old" or follows "age". Reported as DATE_TIME,
the type Presidio gives ages; a younger age is left to spaCy.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.recognizers._result import make_result
from redactor.detect.recognizers._spoken import alternation

# Above spaCy's 0.85: Presidio keeps one of two findings of one type over the same
# characters, the better scored, and only this one says that the number is an age (which
# then outranks a digit run's ID_NUMBER: see redactor.detect.labels).
SCORE = 0.9
_UNIT = alternation(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
_TEEN = alternation(
    ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
     "eighteen", "nineteen"]
)  # fmt: skip
_TENS = alternation(["twenty"])
# 90 to 129, in digits or words: "96", "ninety six", "a hundred and two", "one hundred".
_OLD = (
    rf"(?:9\d|1[0-2]\d|ninety(?:[\s-]+{_UNIT})?"
    rf"|(?:a|one)\s+hundred(?:\s+(?:and\s+)?(?:{_TENS}(?:[\s-]+{_UNIT})?|{_TEEN}|{_UNIT}))?)"
    r"(?![\w.,]\d)"
)
_SUBJECT = (
    r"\b(?:he|she|i|they|mom|dad|mother|father|grandma|grandpa|grandmother|grandfather|"
    r"patient|husband|wife)"
)
_IS = (
    r"(?:['\u2019]s|['\u2019]m|\s+is|\s+was|\s+am|\s+turned|\s+turns|\s+just\s+turned|"
    r"\s+will\s+be|\s+is\s+turning)"
)
_NOT_AN_AGE_AFTER = (
    r"(?!\s*(?:%|percent|dollars?|pounds?|lbs?|milligrams?|mg|degrees?|minutes?|days?|"
    r"mph|units?|pills?|tablets?))"
)
PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"{_SUBJECT}{_IS}\s+(?:almost\s+|nearly\s+|about\s+|over\s+|now\s+)?(?P<age>{_OLD})"
        rf"{_NOT_AN_AGE_AFTER}",
        # "He's 90 day this year." ("ninety eight"): before "this year" the word after the
        # number is the rest of the age as Whisper heard it, not a unit.
        rf"{_SUBJECT}{_IS}\s+(?:almost\s+|nearly\s+|about\s+|over\s+|now\s+)?"
        rf"(?P<age>{_OLD}(?:[\s-]+[a-z]+)?)(?=[,.]?\s+(?:this|next)\s+year\b)",
        rf"(?P<age>{_OLD})[\s.,-]+years?[\s-]+(?:old|of\s+age)\b",
        # "Geez 98 and still sharp as a tack" ("She's 98 ..."): "and still" after an old
        # age says what someone that old still does, whoever Whisper lost as the subject.
        rf"(?<![$\d.,])(?P<age>{_OLD})[,.]?\s+and\s+still\b",
        rf"\bage[ds]?\s*(?:is\s+|of\s+)?(?P<age>{_OLD})",
    )
)


class AgeRecognizer(EntityRecognizer):
    """An age over 89, as DATE_TIME.

    >>> rec = AgeRecognizer()
    >>> text = "He's 100 and still sharp as a tack."
    >>> [text[r.start : r.end] for r in rec.analyze(text, ["DATE_TIME"])]
    ['100']
    """

    NAME = "AgeRecognizer"

    def __init__(self) -> None:
        super().__init__(supported_entities=["DATE_TIME"], name=self.NAME)

    def load(self) -> None:
        """Nothing to load: the rules are regular expressions."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Every age over 89 in ``text``."""
        if entities and "DATE_TIME" not in entities:
            return []
        results = [
            make_result(self, "DATE_TIME", *match.span("age"), SCORE, "age over 89")
            for pattern in PATTERNS
            for match in pattern.finditer(text)
        ]
        return EntityRecognizer.remove_duplicates(results)
