"""The value after a caller names its field: "the card number is ...", "my date of birth is ...".

A person who names a field and then says a value has told us what the value is, however
Whisper wrote it down. "Sure, the card number is four two two two, six eight ..." came out
as "The card number is $42. $42. $60. $8. ...": money to every other rule, a card number
here. So the value after the cue is PHI of the field's type, and no "not PHI" rule (money,
doses, clock times) takes it back: :mod:`redactor.detect.detector` leaves this recognizer's findings
alone. Questions are not statements: "what's your card number?" is for
:mod:`~redactor.detect.recognizers.question_answer`.

The value is the run of number words, digits (with Whisper's "$", dashes, commas and full
stops between groups), single letters ("K as in kilo") and fillers ("um", "uh") that starts
right after the cue ("is", "'s", "was", ":" or a comma, then "it's", "um"...), with at least
two numbers in it; a date of birth may hold month names and ordinals.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.recognizers._result import make_result
from redactor.detect.recognizers._spoken import (
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    REPEATS,
    numbers_in,
    word_set,
)

RECOGNIZER_NAME = "FieldStatementRecognizer"
SCORE = 0.6
MAX_VALUE_WORDS = 24
MIN_NUMBERS = 2
GARBLED_OPENING = 2

# A payment card unless it is named as an insurance or member card.
_PAYMENT_CARD = (
    r"(?<!insurance\s)(?<!member\s)(?<!medicare\s)(?<!medicaid\s)(?<!id\s)(?<!plan\s)"
    r"(?:(?:credit|debit|visa|mastercard|amex|discover|payment)\s+)?card\s+(?:number|#)"
    r"|(?:credit|debit)\s+card"
)
# Field -> the entity its value is reported as. The first match wins.
FIELDS: tuple[tuple[str, str], ...] = (
    ("US_SSN", r"social(?:\s+security)?(?:\s+number)?|ssn"),
    # The agent's check of what is on file: "the card ending in 9 6 2 7 9", "is the number
    # ending in? 1417, is that right?"
    ("CREDIT_CARD", r"card\s+ending\s+(?:in|with)\??"),
    ("PHONE_NUMBER", r"number\s+ending\s+(?:in|with)\??"),
    ("CREDIT_CARD", _PAYMENT_CARD),
    ("DATE_OF_BIRTH", r"date\s+of\s+birth|birth\s*date|birthday|d\.?\s?o\.?\s?b"),
    ("PHONE_NUMBER", r"(?:phone|cell|mobile|home|work|callback|call\s+back)\s+(?:number|#)"),
    (
        "ID_NUMBER",
        r"(?:member|policy|group|subscriber|account|medical\s+record|record|insurance|"
        r"confirmation|claim|reference|id|card|medicare|medicaid)\s+(?:number|#|id|i\.\s?d)"
        r"|member\s+id|mrn",
    ),
    ("LOCATION", r"zip(?:\s+code)?|postal\s+code"),
    # A card's expiry date (DATE_TIME, as Presidio calls dates that are not a birth).
    ("DATE_TIME", r"expir(?:ation|y|es)(?:\s+date)?(?:\s+(?:on|of))?"),
)
# Fields whose values are digits: a letter after the value's full stop starts the next
# sentence ("... 2, 7, 9. M -M -H -M, yes."), not more of the value. (A letter before the
# stop stays: Whisper writes "oh" as "O".)
DIGITS_ONLY = frozenset({"CREDIT_CARD", "PHONE_NUMBER", "US_SSN"})
# What follows the field's name before its value: "is", "'s", "would be", ":", ","; then
# words a caller opens with ("it's", "um", "uh", "yeah").
_LINK = (
    r"(?:\s+(?:is|was|would\s+be|should\s+be|will\s+be)|['\u2019]s)?\s*[,:]?\s+"
    r"(?:(?:it['\u2019]s|its|um+|uh+|er|yeah|yes|so|like)[,.]?\s+)*"
)
_CUE = re.compile(
    r"\b(?:(?:my|the|our|his|her|their|your)\s+)?(?P<field>"
    + "|".join(f"(?P<f{i}>{pattern})" for i, (_, pattern) in enumerate(FIELDS))
    + r")(?:(?<=\?)|\b(?!\s*\?))"
    + _LINK,
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")
# "a" and "I" are words more often than letters: inside a value, but never its end.
_FILLERS = word_set("um umm uh uhh er and dash hyphen as in a i")
_VALUE_WORDS = NUMBER_WORDS | set(REPEATS) | {"oh"}
_DATE_WORDS = set(MONTHS) | set(ORDINAL_WORDS)
# "the fourth of March": inside a date, but never its end ("... 1982. And the phone number").
_DATE_JOINERS = word_set("of the")


class FieldStatementRecognizer(EntityRecognizer):
    """The value a caller gives after naming its field, as that field's type.

    >>> rec = FieldStatementRecognizer()
    >>> text = "The card number is $42. $42. $60. $8. And the expiration?"
    >>> [(r.entity_type, text[r.start : r.end]) for r in rec.analyze(text, [])]
    [('CREDIT_CARD', '$42. $42. $60. $8.')]
    """

    def __init__(self) -> None:
        entities = sorted({entity for entity, _ in FIELDS})
        super().__init__(supported_entities=entities, name=RECOGNIZER_NAME)

    def load(self) -> None:
        """Nothing to load: the rules are regular expressions."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """The value after each field named in ``text``."""
        results = []
        for cue in _CUE.finditer(text):
            entity = next(FIELDS[i][0] for i in range(len(FIELDS)) if cue.group(f"f{i}"))
            if entities and entity not in entities:
                continue
            span = value_after(
                text,
                cue.end(),
                dates=entity == "DATE_OF_BIRTH",
                digits_only=entity in DIGITS_ONLY,
            )
            if span is not None:
                results.append(make_result(self, entity, *span, SCORE, "field named, then value"))
        if not entities or "PHONE_NUMBER" in entities:
            for said in _AREA_CODE.finditer(text):
                value = said.group("value")
                if any(numbers_in(word) for word in value.split()):
                    why = "area code, then the number"
                    span = said.span("value")
                    results.append(make_result(self, "PHONE_NUMBER", *span, SCORE, why))
        return results


# "Sure, area code, four -year -old one, and then, four -three ...": only a phone number has
# an area code, so the rest of the sentence after it is the number, however Whisper wrote its
# digits ("oh" as "-year -old"), if it holds a number at all.
_AREA_CODE = re.compile(
    r"\barea\s+code\s*(?:is\s+)?[,:]?\s+(?P<value>[^.?!]{1,100}?(?:[.!]|(?=\s*$)))",
    re.IGNORECASE,
)


def value_after(
    text: str, start: int, *, dates: bool = False, digits_only: bool = False
) -> tuple[int, int] | None:
    """Character span of the value starting at ``start``: value words (and the fillers
    between them) up to the first other word; None without two numbers in it. With
    ``digits_only``, a word without a number after a full stop ends the value.

    >>> text = "no, it's 885. Okay."
    >>> value_after(text, 9)
    (9, 13)
    >>> text = "it's 9, 6, 2. M -M, yes."
    >>> value_after(text, 5, digits_only=True)
    (5, 13)
    """
    end = None
    numbers = 0
    previous: list[str] = []
    tokens = list(_WORD.finditer(text, start, min(len(text), start + 400)))
    if not tokens or tokens[0].start() != start:
        return None
    # "my birthday is sex -free 51": Whisper garbles the first words of a value; up to
    # GARBLED_OPENING of them count when a number follows at once.
    opening = next(
        (k for k, t in enumerate(tokens[: GARBLED_OPENING + 1]) if numbers_in(t.group())), 0
    )
    if opening and any(re.search(r"[.?!]$", t.group()) for t in tokens[:opening]):
        opening = 0
    for count, token in enumerate(tokens):
        if count < opening:
            end = token.end()
            previous.append(token.group().lower())
            continue
        written = token.group().strip(",.;:?!-\"'")
        bare = written.lower()
        number_count = numbers_in(bare.lstrip("$#"))
        numbers += number_count
        ends_sentence = end is not None and text[end - 1] == "."
        if digits_only and ends_sentence and not number_count and bare not in _FILLERS:
            break
        after_dash = bool(previous) and previous[-1] in ("dash", "hyphen")
        spelled_out = previous[-2:] == ["as", "in"]  # "K as in kilo"
        previous.append(bare)
        if (bare in _FILLERS and not (after_dash or written == "A")) or (
            dates and bare in _DATE_JOINERS
        ):
            continue  # inside the value, but neither starts nor ends it
        if not (
            number_count
            or spelled_out
            or bare in _VALUE_WORDS
            or _is_letter(written)
            or (dates and bare in _DATE_WORDS)
        ):
            break
        end = token.end()
        if count + 1 >= MAX_VALUE_WORDS or token.group().endswith(("?", "!")):
            break
    if end is None or numbers < MIN_NUMBERS:
        return None
    return start, end


def _is_letter(written: str) -> bool:
    """A spelled letter ("K", "b"), capitals run together ("MR"), or letters and digits
    run together ("K90312").

    >>> [_is_letter(w) for w in ("K", "MR", "K90312", "refill")]
    [True, True, True, False]
    """
    return (
        (len(written) == 1 and written.isalpha())
        or (written.isalpha() and written.isupper() and len(written) <= 4)
        or (any(c.isdigit() for c in written) and written.isalnum())
    )
