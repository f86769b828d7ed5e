"""Identifiers that mix letters and digits: member, policy and group IDs, MRNs."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from redactor.detect.recognizers._spoken import (
    DIGIT_RE,
    QUANTITY_WORDS,
    alternation,
    spoken_tokens,
    word_set,
)
from redactor.detect.recognizers._spoken import words_to_digits as _digits

_LETTER = r"(?<![\w'\u2019])[a-z](?![\w'\u2019])"
_SPELLED_LETTER = rf"{_LETTER}(?:\s+as\s+in\s+[a-z]+)?"
_SEP = r"[\s.,-]+(?:(?:dash|hyphen)[\s.,-]+)?"
_DIGITS = rf"{DIGIT_RE}(?:{_SEP}{DIGIT_RE})*"
# One written word holding letters and digits: "AB44721", "B-44721", "B4" (of "B4 4 7 2 1").
_GLUED = r"(?<![\w-])(?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*(?![\w-])"
_NOT_QUANTITY = rf"(?!{_SEP}?{alternation(QUANTITY_WORDS - {'%'})}\b)"


class MemberIdRecognizer(PatternRecognizer):
    """An ID of letters and digits, in one word or spelled out across several.

    "AB44721", "a B-44721", "a B4 4 7 2 1", "X, Y, E, 5, 5, 1, 2", "AB 44721", "7 7 3 4
    dash A" and "mRNA820417" (how Whisper wrote "M R N 8820417") are ID_NUMBERs. At least
    three digits are needed, so "4th", "10am", "B12", "500mg" and "2 tablets" are not IDs.

    >>> rec = MemberIdRecognizer()
    >>> text = "it's a B-44721"
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["ID_NUMBER"])]
    ['a B-44721']
    """

    PATTERNS = [
        Pattern(
            "letters and digits in a word",
            rf"(?:{_SPELLED_LETTER}{_SEP}){{0,4}}{_GLUED}(?:{_SEP}{DIGIT_RE}(?![\w]))*{_NOT_QUANTITY}",
            0.5,
        ),
        Pattern(
            "spelled letters then digits",
            rf"(?:{_SPELLED_LETTER}{_SEP}){{1,4}}{_DIGITS}{_NOT_QUANTITY}(?:{_SEP}{_LETTER})*",
            0.5,
        ),
        Pattern("digits then letters", rf"{_DIGITS}(?:{_SEP}{_LETTER}){{1,3}}", 0.5),
        Pattern(
            "capitals then digits", rf"\b(?-i:[A-Z]{{2,4}}){_SEP}{_DIGITS}{_NOT_QUANTITY}", 0.5
        ),
    ]
    CONTEXT = [
        "member", "id", "identification", "policy", "group", "account", "mrn", "record",
        "insurance", "subscriber", "claim", "reference", "confirmation", "plan", "card",
    ]  # fmt: skip
    # Everyday words with letters and digits that are not identifiers.
    NOT_IDS = word_set("covid19 covid-19 a1c b12 b6 d3 401k 403b w2 w9 i9 mp3 mp4 h1n1")
    _UNIT_SUFFIX = re.compile(r"\d+(?:st|nd|rd|th|s|am|pm|mg|mcg|ml|kg|lbs?|cc|k|g|x|d)", re.I)

    def __init__(self) -> None:
        super().__init__(
            supported_entity="ID_NUMBER", patterns=list(self.PATTERNS), context=list(self.CONTEXT)
        )

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """Too few digits, an ordinal, a time, a dose or a well-known code: not an ID."""
        compact = pattern_text.strip().lower()
        if self._UNIT_SUFFIX.fullmatch(compact) or self.NOT_IDS & set(compact.split()):
            return True
        tokens = spoken_tokens(pattern_text)
        digits = _digits(tokens)
        if len(digits) >= 3:
            # "a 500" is an article and a number: a lone "a" or "I" needs four digits.
            letters = {token for token in tokens if token.isalpha() and len(token) == 1}
            article = bool(letters) and letters <= {"a", "i"} and " " in pattern_text
            return article and len(digits) < 4
        alnum = re.sub(r"[^a-z0-9]", "", compact)
        return not (len(digits) >= 2 and len(alnum) >= 5)
