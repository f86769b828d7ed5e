"""Digit strings as callers say them and Whisper writes them: phone numbers, IDs, zips."""

from __future__ import annotations

import re
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.recognizers._result import make_result
from redactor.detect.recognizers._spoken import (
    NUMBER_WORDS,
    QUANTITY_WORDS,
    REPEATS,
    SCALES,
    read_groups,
    word_set,
)


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str  # lower-case
    word: int  # index of the whitespace-separated word it came from


class SpokenDigitsRecognizer(EntityRecognizer):
    """A run of spoken or written digits, counted digit by digit.

    "555-867-5309", "555, 867, 5309", "0-2-1-1-8", "five five five 867 5309", "double
    five", "nineteen eighty two" are all runs. Ten digits (eleven starting with 1) is a
    PHONE_NUMBER (nine to eleven right after "phone", "cell" or "callback": Whisper loses
    and adds digits), fifteen or sixteen that pass the Luhn check a CREDIT_CARD, four or more
    is an ID_NUMBER, two or three only count when a context word ("number", "ID",
    "zip"...) comes shortly before. Money ("$25", "twenty five
    dollars"), quantities ("500 milligrams", "two tablets") and clock times ("at 10 30",
    "two thirty pm", "at 1015") are not runs; nor are decimals ("4.1", "six point two") or
    room, floor and menu numbers ("room 345", "press 2"). After "the last digit is" or "it
    ends in", any digits are part of a number.

    >>> rec = SpokenDigitsRecognizer()
    >>> text = "it's five five five 867 5309"
    >>> [(r.entity_type, text[r.start:r.end]) for r in rec.analyze(text, [])]
    [('PHONE_NUMBER', 'five five five 867 5309')]
    """

    ENTITIES = ("ID_NUMBER", "PHONE_NUMBER", "CREDIT_CARD")
    CONTEXT = (
        "number", "phone", "cell", "telephone", "call", "callback", "reach", "id", "member",
        "policy", "group", "account", "mrn", "record", "insurance", "zip", "code", "social",
        "ssn", "digit", "extension", "claim", "reference", "confirmation", "subscriber",
    )  # fmt: skip
    PATTERNS = {
        "token": re.compile(r"\d+|[A-Za-z]+(?:['\u2019][A-Za-z]+)*|\S"),
        "quantity_after": re.compile(r"[\s,.-]*([A-Za-z%]+)"),
        # "the last digit is 5", "it ends in 47", "last four are 2251": part of a number.
        "digits_cue_before": re.compile(
            r"\b(?:digits?|ends?\s+(?:in|with)|last\s+(?:one|two|three|four|five|six))"
            r"(?:\s+of\s+(?:your|my|his|her|the)\s+[a-z]+)?"
            r"(?:\s+(?:is|are|was|were|would\s+be|should\s+be))?\s*[,:?]?\s*$",
            re.IGNORECASE,
        ),
        "between_groups": re.compile(r"[\s,.-]*(?:(?:um+|uh+|er|ah)[\s,.-]+)*", re.IGNORECASE),
        # "I got a new phone. It's 209, 97, 103, 2.": a phone number with a digit lost.
        "phone_before": re.compile(
            r"\b(?:phone|cell|callback|call\s*-?\s*back|number\s+to\s+(?:reach|call))\b",
            re.IGNORECASE,
        ),
        "clock_after": re.compile(
            r"[\s,.]*(?:[ap]\.?\s?m\b\.?|o'?clock\b|in\s+the\s+(?:morning|afternoon|evening))",
            re.IGNORECASE,
        ),
    }
    # Whisper's separators inside one number: "555-867-5309", "555, 867", "5.3.0.9", and
    # stray quotes ("6 '6 '3 '2'").
    TRANSPARENT = frozenset(",-./#'\u2019")
    CLOCK_BEFORE = word_set("at around by until till til before after from between to and about")
    # Words before a short number that make it a place or a menu choice, not an identifier.
    NOT_ID_BEFORE = word_set("room floor suite building bed gate door aisle press option level")
    # A card number said in one go ("four one zero zero, five zero seven one, ..."): its
    # length and check digit. Presidio's card pattern needs it written in groups of four,
    # which Whisper rarely does.
    CARD_LENGTHS = frozenset({15, 16})
    # A phone number Whisper lost or added a digit in, after a phone word: its digit counts,
    # and how far before it the word may be.
    PHONE_DIGITS = (9, 11)
    PHONE_CUE_CHARS = 40
    LONG_SCORE = 0.5
    PHONE_SCORE = 0.6
    SHORT_SCORE = 0.2  # below any sane threshold until a context word lifts it

    def __init__(self) -> None:
        super().__init__(supported_entities=list(self.ENTITIES), context=list(self.CONTEXT))

    def load(self) -> None:
        """Nothing to load: the rules are plain Python."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Every digit run in ``text`` that is not money, a quantity or a clock time."""
        results = []
        for run in self._phone_in_groups(text, self._runs(text)):
            found = self._judge(text, run)
            if found is not None and (not entities or found[0] in entities):
                entity, score, start, end = found
                results.append(make_result(self, entity, start, end, score, "digit run"))
        return results

    def _runs(self, text: str) -> list[list[_Token]]:
        runs: list[list[_Token]] = []
        current: list[_Token] = []
        for index, word in enumerate(re.finditer(r"\S+", text)):
            for match in self.PATTERNS["token"].finditer(word.group()):
                lower = match.group().lower()
                start = word.start() + match.start()
                if self._is_number(lower, current):
                    current.append(_Token(start, start + len(lower), lower, index))
                elif lower not in self.TRANSPARENT:
                    runs.append(current)
                    current = []
        runs.append(current)
        return [self._trim(text, run) for run in runs if run]

    def _phone_in_groups(self, text: str, runs: list[list[_Token]]) -> list[list[_Token]]:
        """Runs joined where a phone number was said in groups with stops or fillers between
        ("775. Um, 860. 2109."): three, three and four digits."""
        joined: list[list[_Token]] = []
        index = 0
        while index < len(runs):
            for last in (index + 2, index + 1):
                groups = runs[index : last + 1]
                if last < len(runs) and self._is_phone_in_groups(text, groups):
                    joined.append([token for run in groups for token in run])
                    index = last + 1
                    break
            else:
                joined.append(runs[index])
                index += 1
        return joined

    def _is_phone_in_groups(self, text: str, groups: list[list[_Token]]) -> bool:
        sizes = [len("".join(g[0] for g in read_groups([t.text for t in run]))) for run in groups]
        if sizes not in ([3, 3, 4], [3, 7], [6, 4]):
            return False
        return all(
            self.PATTERNS["between_groups"].fullmatch(text, left[-1].end, right[0].start)
            for left, right in zip(groups, groups[1:], strict=False)
        )

    @staticmethod
    def _is_number(token: str, current: list[_Token]) -> bool:
        if token.isdigit() or token in NUMBER_WORDS or token in REPEATS:
            return True
        # "five hundred and twenty": "and" belongs to the number only after a scale word.
        return token == "and" and bool(current) and current[-1].text in SCALES

    @staticmethod
    def _trim(text: str, run: list[_Token]) -> list[_Token]:
        """Drop words at either end that a sentence break separates from the number."""
        run = list(run)
        while run and run[-1].text == "and":
            run.pop()
        while len(run) > 1 and not run[0].text.isdigit() and _breaks(text, run[0], run[1]):
            run.pop(0)
        while len(run) > 1 and not run[-1].text.isdigit() and _breaks(text, run[-2], run[-1]):
            run.pop()
        return run

    def _judge(self, text: str, run: list[_Token]) -> tuple[str, float, int, int] | None:
        groups = read_groups([token.text for token in run])
        if text[: run[0].start].rstrip().endswith("$") and groups:
            groups = _drop_word_of(groups, run, first=True)
        after = self.PATTERNS["quantity_after"].match(text, run[-1].end)
        if after and after.group(1).lower() in QUANTITY_WORDS and groups:
            groups = _drop_word_of(groups, run, first=False)
        if not groups:
            return None
        digits = "".join(group[0] for group in groups)
        start, end = run[groups[0][1]].start, run[groups[-1][2] - 1].end
        if len(digits) < 4 and self.PATTERNS["digits_cue_before"].search(
            text, max(0, start - 80), start
        ):
            return "ID_NUMBER", self.LONG_SCORE, start, end
        if len(digits) < 2 or self._is_clock_time(text, run, groups, start, end):
            return None
        if len(digits) <= 4 and self._is_small_number(text, run, start, end):
            return None
        if len(digits) == 10 or (len(digits) == 11 and digits.startswith("1")):
            return "PHONE_NUMBER", self.PHONE_SCORE, start, end
        if len(digits) in self.CARD_LENGTHS and passes_luhn(digits):
            return "CREDIT_CARD", self.PHONE_SCORE, start, end
        if self.PHONE_DIGITS[0] <= len(digits) <= self.PHONE_DIGITS[1] and self.PATTERNS[
            "phone_before"
        ].search(text, max(0, start - self.PHONE_CUE_CHARS), start):
            return "PHONE_NUMBER", self.PHONE_SCORE, start, end
        score = self.LONG_SCORE if len(digits) >= 4 else self.SHORT_SCORE
        return "ID_NUMBER", score, start, end

    def _is_small_number(self, text: str, run: list[_Token], start: int, end: int) -> bool:
        """A decimal ("4 .1", "six point two"), or a room, floor or menu number."""
        inside = text[start:end]
        if re.search(r"\d\s*\.\s*\d|\bpoint\b", inside, re.IGNORECASE):
            return True
        before = text[max(0, start - 20) : start].split()
        return bool(before) and before[-1].lower().strip(",.") in self.NOT_ID_BEFORE

    def _is_clock_time(
        self, text: str, run: list[_Token], groups: list[tuple[str, int, int]], start: int, end: int
    ) -> bool:
        digits = "".join(group[0] for group in groups)
        if len(digits) <= 4 and self.PATTERNS["clock_after"].match(text, end):
            return True
        # "at 10 30", "by ten thirty": an hour then minutes, after a time preposition.
        before = text[max(0, start - 20) : start].split()
        if not before or before[-1].lower().strip(",.") not in self.CLOCK_BEFORE:
            return False
        if len(groups) == 1 and len(digits) in (3, 4) and before[-1].lower() != "and":
            # Whisper glues "at ten fifteen" into "at 1015", "at three forty five" into "345".
            hour, minutes = digits[:-2], digits[-2:]
        elif len(groups) == 2:
            hour, minutes = groups[0][0], groups[1][0]
        else:
            return False
        return 1 <= int(hour) <= 12 and len(minutes) == 2 and int(minutes) < 60


def passes_luhn(digits: str) -> bool:
    """Whether ``digits`` end in a valid Luhn check digit, as every payment card's do.

    >>> passes_luhn("4111111111111111"), passes_luhn("4111111111111112")
    (True, False)
    """
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(digits)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _breaks(text: str, left: _Token, right: _Token) -> bool:
    return any(mark in text[left.end : right.start] for mark in ".?!")


def _drop_word_of(
    groups: list[tuple[str, int, int]], run: list[_Token], *, first: bool
) -> list[tuple[str, int, int]]:
    """Drop the first (or last) value and anything sharing its written word ("$1,250")."""
    edge = groups[0] if first else groups[-1]
    words = {run[i].word for i in range(edge[1], edge[2])}
    return [g for g in groups if not words & {run[i].word for i in range(g[1], g[2])}]
