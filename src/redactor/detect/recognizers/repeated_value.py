"""A number said again near where it was found PHI: "No, that's 885." "Okay, 885, got it."

The agent repeats what the caller said ("Okay, 885, got it", "the one ending in 2109?")
without any cue a recognizer could use, and a short number alone is not PHI on its shape.
Said again within a few sentences of a PHI span holding the same digit group, it is that
PHI again. This runs on the spans the recognizers found, so it lives outside Presidio's
registry (:meth:`redactor.detect.PhiDetector.detect` calls it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from redactor.types import PhiSpan

RECOGNIZER_NAME = "RepeatedValueRule"
SCORE = 0.5
MIN_DIGITS = 3
REACH_CHARS = 400
_NUMBER = re.compile(r"(?<![\w-])\$?\d[\d,.\-]*\d|(?<![\w-])\d+")
_GROUPS = re.compile(r"\d+")
# "at 930", "by 1045": a clock time that happens to share digits with a phone number.
_CLOCK_BEFORE = re.compile(r"\b(?:at|by|around|until|before|after|from)\s+$", re.IGNORECASE)


def repeated_values(text: str, spans: Sequence[PhiSpan]) -> list[PhiSpan]:
    """Spans over numbers outside ``spans`` whose digits are a digit group (or all the
    digits) of a PHI span within ``REACH_CHARS``, typed as that span.

    >>> text = "No, that's 885. Okay, 885 got it."
    >>> [(s.entity_type, text[s.start : s.end])
    ...  for s in repeated_values(text, [PhiSpan("LOCATION", 11, 15, 0.5, "x")])]
    [('LOCATION', '885')]
    """
    found = []
    for number in _NUMBER.finditer(text):
        digits = "".join(_GROUPS.findall(number.group()))
        start, end = number.span()
        if len(digits) < MIN_DIGITS or any(s.start < end and start < s.end for s in spans):
            continue
        if _CLOCK_BEFORE.search(text, max(0, start - 10), start):
            continue
        near = [
            span
            for span in spans
            if min(abs(start - span.end), abs(span.start - end)) <= REACH_CHARS
            and _said_in(digits, text[span.start : span.end])
        ]
        if near:
            closest = min(near, key=lambda span: min(abs(start - span.end), abs(span.start - end)))
            found.append(PhiSpan(closest.entity_type, start, end, SCORE, RECOGNIZER_NAME))
    return found


def _said_in(digits: str, span_text: str) -> bool:
    groups = _GROUPS.findall(span_text)
    return digits in groups or digits == "".join(groups)
