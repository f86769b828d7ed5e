"""A value the caller corrects or starts over: "No, that's 885.", "2. 4. Let me start over."

When the agent reads back what is on file ("I have your address as 889 Old Mill Road, is that
still current?") and the caller corrects it, the correction is the value, whatever the agent's
words turned into on the way through Whisper. And when a caller breaks off a number to start
again, the broken-off digits are part of the value too. Which field it is comes from the
words just before: an address word makes it a LOCATION, "phone" or "reach" a PHONE_NUMBER,
and so on; an ID_NUMBER when nothing says.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.recognizers._result import make_result
from redactor.detect.recognizers.field_statement import value_after

SCORE = 0.5
CONTEXT_CHARS = 150
# "No, that's 885.", "no, it's thirty nine", "Actually, it should be 4 1 0 2."
_CORRECTION = re.compile(
    r"\b(?:no|nope|actually|sorry)[,.]?\s+(?:(?:um+|uh+|sorry|no)[,.]?\s+)*"
    r"(?:it['\u2019]s|its|that['\u2019]s|thats|it\s+is|that\s+is|it\s+should\s+be|it\s+was|"
    r"make\s+that)\s+"
    # "Just to confirm, 505 ...?" "Almost. 5 0 9.": the caller corrects a read-back at once.
    r"|\balmost[,.!]?\s+(?:(?:um+|uh+|no)[,.]?\s+)*(?:(?:it['\u2019]s|that['\u2019]s)\s+)?",
    re.IGNORECASE,
)
# "2. 4. Let me start over. 401972 ...": the digits before the restart, when a value follows.
_NUMBER_TOKEN = r"(?:\d[\d,.\-]*|(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)[,.]?)"
_BROKEN_OFF = re.compile(
    rf"(?P<value>{_NUMBER_TOKEN}(?:\s+{_NUMBER_TOKEN}){{0,7}})\s+"
    r"(?:(?:um+|uh+|no|wait)[,.]?\s+)*"
    r"(?:let\s+me\s+(?:start\s+over|try\s+(?:that\s+)?again)|scratch\s+that|start\s+over|"
    r"sorry)\b"
    rf"(?=\W*(?:\S+\s+){{0,4}}?{_NUMBER_TOKEN}(?:\s|$))",
    re.IGNORECASE,
)
# The field being corrected, by the last of these words before the value.
FIELD_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (entity, re.compile(pattern, re.IGNORECASE))
    for entity, pattern in (
        (
            "LOCATION",
            r"\b(?:street|st|road|rd|lane|ln|avenue|ave|drive|dr|court|ct|way|boulevard|blvd|"
            r"place|circle|terrace|apartment|apt|unit|address|zip|city)\b",
        ),
        ("PHONE_NUMBER", r"\b(?:phone|cell|reach|call\s+you|callback|number\s+ending)\b"),
        ("DATE_OF_BIRTH", r"\b(?:birth|born|birthday|dob)\b"),
        ("CREDIT_CARD", r"\bcard\b"),
    )
)


class CorrectionRecognizer(EntityRecognizer):
    """The value of a correction ("No, that's 885.") or the digits broken off before
    "let me start over", as the field named just before.

    >>> rec = CorrectionRecognizer()
    >>> text = "I have 889 Old Mill Road, is that current? No, that's 885. Okay."
    >>> [(r.entity_type, text[r.start : r.end]) for r in rec.analyze(text, [])]
    [('LOCATION', '885.')]
    """

    ENTITIES = ("LOCATION", "PHONE_NUMBER", "DATE_OF_BIRTH", "CREDIT_CARD", "ID_NUMBER")

    def __init__(self) -> None:
        super().__init__(supported_entities=list(self.ENTITIES), name="CorrectionRecognizer")

    def load(self) -> None:
        """Nothing to load: the rules are regular expressions."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Each corrected or broken-off value in ``text``."""
        found: list[tuple[int, int, str]] = []
        for cue in _CORRECTION.finditer(text):
            span = value_after(text, cue.end())
            if span is not None:
                found.append((*span, "correction"))
        for broken in _BROKEN_OFF.finditer(text):
            found.append((*broken.span("value"), "broken off before starting over"))
        results = []
        for start, end, why in found:
            entity = field_before(text, start)
            if not entities or entity in entities:
                results.append(make_result(self, entity, start, end, SCORE, why))
        return results


def field_before(text: str, position: int) -> str:
    """The field named last in the ``CONTEXT_CHARS`` before ``position``; ID_NUMBER if none.

    >>> field_before("And the best number to reach you? No, it's", 42)
    'PHONE_NUMBER'
    """
    window = text[max(0, position - CONTEXT_CHARS) : position]
    last = [
        (match.start(), entity)
        for entity, pattern in FIELD_WORDS
        for match in pattern.finditer(window)
    ]
    return max(last)[1] if last else "ID_NUMBER"
