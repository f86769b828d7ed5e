"""Dates in every shape a caller says them, scored up near "date of birth" and "born"."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from redactor.detect.recognizers._spoken import (
    MONTHS,
    ORDINAL_WORDS,
    TEENS_RE,
    TENS_RE,
    alternation,
)

_MONTH_NAMES = [*MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                "nov", "dec"]  # fmt: skip
_MONTH = alternation(_MONTH_NAMES) + r"\.?"
# Before a day without a year, "May" needs its capital so that "you may first need" is not
# a date; Whisper capitalises months. "the third of may" is unambiguous either way.
_MONTH_STRICT = alternation([m for m in _MONTH_NAMES if m != "may"] + ["(?-i:May)"]) + r"\.?"
_UNIT_1_9 = alternation(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
_DAY = (
    r"(?:the\s+)?(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    rf"|(?:twenty|thirty)[\s-]*{alternation(ORDINAL_WORDS[:9])}|{alternation(ORDINAL_WORDS)}"
    rf"|(?:twenty|thirty)[\s-]+{_UNIT_1_9}|{TEENS_RE}|{_UNIT_1_9})(?![\w'])"
)
# A day that can only be a day: "31st", "the fourth" (not a bare "four").
_ORDINAL_DAY = (
    r"(?:the\s+)?(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)"
    rf"|(?:twenty|thirty)[\s-]*{alternation(ORDINAL_WORDS[:9])}|{alternation(ORDINAL_WORDS)})"
    r"(?![\w'])"
)
_YEAR = (
    r"(?:(?:19|20)\d{2}|'\d{2}"
    rf"|(?:nineteen|twenty)[\s-]+(?:hundred|oh[\s-]+{_UNIT_1_9}|{TEENS_RE}"
    rf"|{TENS_RE}(?:[\s-]+{_UNIT_1_9})?)"
    rf"|two[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?:{TEENS_RE}|{TENS_RE}(?:[\s-]+{_UNIT_1_9})?"
    rf"|{_UNIT_1_9}))?)(?![\w'])"
)
# "March 4th, 82", "march fourth eighty two": a two-digit year only right after a day.
_SHORT_YEAR = rf"(?:\d{{2}}|{TENS_RE}(?:[\s-]+{_UNIT_1_9})?)(?![\w'])"
_GAP = r"\s*,?\s*(?:of\s+)?"


class DateOfBirthRecognizer(PatternRecognizer):
    """A calendar date, said or written: the shapes a date of birth takes on a call.

    A full date with a year is DATE_OF_BIRTH on its own ("March 4th, 1982", "march fourth
    nineteen eighty two", "3/4/1982", "03-04-82", "the fourth of March, 1982"); "born in
    1982" is too. A month and day without a year, a day and a year without the month
    ("the 31st, 1960", when Whisper lost the month), or a year alone, only passes when a
    context word ("date of birth", "birthday", "born", "DOB") comes shortly before.
    Weekdays and "today" are never dates here.

    >>> rec = DateOfBirthRecognizer()
    >>> text = "it's march fourth nineteen eighty two"
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["DATE_OF_BIRTH"])]
    ['march fourth nineteen eighty two']
    """

    PATTERNS = [
        Pattern("month day year", rf"\b{_MONTH}\s*,?\s*{_DAY}{_GAP}(?:{_YEAR}|{_SHORT_YEAR})", 0.6),
        # Whisper writes the "of" of "the third of April" as "and" or "on".
        Pattern(
            "day month year", rf"\b{_DAY}[\s,]+(?:(?:of|and|on)\s+)?{_MONTH}{_GAP}{_YEAR}", 0.6
        ),
        Pattern(
            "numeric date", r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d/-])", 0.6
        ),
        Pattern("born in year", rf"(?<=\bborn\s+(?:in\s+|on\s+)?(?:the\s+year\s+)?){_YEAR}", 0.8),
        Pattern("month year", rf"\b{_MONTH}{_GAP}{_YEAR}", 0.45),
        Pattern("month day", rf"\b(?:{_MONTH_STRICT}\s*,?\s*{_DAY}|{_DAY}\s+of\s+{_MONTH})", 0.3),
        Pattern("ordinal day and year", rf"\b{_ORDINAL_DAY}[\s,.?]+{_YEAR}", 0.2),
        Pattern("year alone", rf"\b{_YEAR}", 0.15),
    ]
    # spaCy lemmatises "born" to "bear"; both are listed so either form matches.
    CONTEXT = ["birth", "birthday", "birthdate", "born", "bear", "dob", "bday"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="DATE_OF_BIRTH",
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
        )

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """Reject numeric dates that no calendar has, such as "44-21-99"."""
        parts = pattern_text.replace(".", "/").replace("-", "/").split("/")
        if len(parts) == 3 and all(part.isdigit() for part in parts):
            first, second = int(parts[0]), int(parts[1])
            return not (1 <= min(first, second) <= 12 and max(first, second) <= 31)
        return None
