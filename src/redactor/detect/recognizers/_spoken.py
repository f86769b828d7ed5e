"""How callers say numbers, and how Whisper writes them down: shared by the recognizers.

Whisper writes a spoken digit string in many shapes ("555-867-5309", "555, 867, 5309",
"five five five 867 5309", "nineteen eighty two"), so the recognizers first find a run of
number tokens and then read it as a digit string with :func:`words_to_digits`.

>>> words_to_digits(["five", "five", "five", "867", "53", "oh", "nine"])
'5558675309'
>>> words_to_digits(["nineteen", "eighty", "two"])
'1982'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence


def word_set(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words``, for long word lists kept readable.

    >>> sorted(word_set("mg  ml\\n cc"))
    ['cc', 'mg', 'ml']
    """
    return frozenset(words.split())


UNITS: dict[str, int] = {
    "zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
TEENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}
REPEATS: dict[str, int] = {"double": 2, "triple": 3}

NUMBER_WORDS: frozenset[str] = frozenset(UNITS) | set(TEENS) | set(TENS) | set(SCALES)

ORDINAL_WORDS: tuple[str, ...] = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth",
)  # fmt: skip

MONTHS: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip

# Words after a number that make it a quantity, not an identifier ("500 milligrams").
QUANTITY_WORDS: frozenset[str] = word_set(
    """
    dollar dollars buck bucks cent cents usd percent % milligram milligrams mg mgs mcg
    microgram micrograms gram grams g kg kilo kilos ml milliliter milliliters millilitre cc
    unit units tablet tablets tab tabs pill pills capsule capsules cap caps dose doses puff
    puffs drop drops shot shots refill refills time times second seconds minute minutes min
    mins hour hours hr hrs day days week weeks month months year years yr yrs degree degrees
    pound pounds lb lbs ounce ounces oz inch inches foot feet mile miles step steps calorie
    calories point points
    """
)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so "nineteen" wins over "nine".

    >>> alternation(["nine", "nineteen"])
    '(?:nineteen|nine)'
    """
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


# Regex fragments for patterns that match spoken numbers in running text. A lone "o" is
# left out: in running text it is far more often a spelled letter than a zero.
UNIT_RE = alternation(set(UNITS) - {"o"})
DIGIT_RE = r"(?:\d+|" + UNIT_RE + ")"
NUMBER_WORD_RE = alternation(NUMBER_WORDS - {"o"})
TENS_RE = alternation(TENS)
TEENS_RE = alternation(TEENS)


def _below_hundred(tokens: Sequence[str], i: int) -> tuple[int, int] | None:
    """Read "twenty two" / "fourteen" / "seven" at ``tokens[i]``: (value, tokens used)."""
    if i >= len(tokens):
        return None
    word = tokens[i]
    if word in TEENS:
        return TEENS[word], 1
    if word in TENS:
        if i + 1 < len(tokens) and UNITS.get(tokens[i + 1], 0) > 0:
            return TENS[word] + UNITS[tokens[i + 1]], 2
        return TENS[word], 1
    if word in UNITS:
        return UNITS[word], 1
    return None


def read_groups(tokens: Sequence[str]) -> list[tuple[str, int, int]]:
    """Read number tokens (lower-case words or digit strings) as spoken values.

    Returns ``(digits, first token, end token)`` per value: each spoken digit is one value,
    "nineteen" is "19", "twenty two" is "22", "double five" is "55", "five hundred twenty"
    is "520". Tokens that are not numbers are skipped.

    >>> read_groups(["twenty", "two", "double", "one", "867"])
    [('22', 0, 2), ('11', 2, 4), ('867', 4, 5)]
    """
    groups: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if word.isdigit():
            groups.append((word, i, i + 1))
            i += 1
        elif word in REPEATS and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            digit = str(UNITS[nxt]) if nxt in UNITS else nxt if nxt.isdigit() else ""
            groups.append((digit * REPEATS[word], i, i + 2 if digit else i + 1))
            i += 2 if digit else 1
        elif word in SCALES:
            begin = i
            base = 1
            if groups and len(groups[-1][0]) <= 2 and groups[-1][2] == i:
                last = groups.pop()
                base, begin = int(last[0]), last[1]
            value = base * SCALES[word]
            i += 1
            if i < len(tokens) and tokens[i] == "and":
                i += 1
            head = _below_hundred(tokens, i)
            if word == "thousand" and head and tokens[i + head[1] : i + head[1] + 1] == ["hundred"]:
                value += head[0] * 100
                i += head[1] + 1
            rest = _below_hundred(tokens, i)
            if rest is not None:
                value += rest[0]
                i += rest[1]
            groups.append((str(value), begin, i))
        else:
            read = _below_hundred(tokens, i)
            if read is None:
                i += 1
                continue
            groups.append((str(read[0]), i, i + read[1]))
            i += read[1]
    return groups


def words_to_digits(tokens: Sequence[str]) -> str:
    """The digit string a run of number tokens spells out.

    >>> words_to_digits(["oh", "two", "double", "one", "8"])
    '02118'
    >>> words_to_digits(["two", "thousand", "and", "five"])
    '2005'
    """
    return "".join(digits for digits, _, _ in read_groups(tokens))


_WORD_OR_NUMBER = re.compile(r"\d+|[a-z]+")


def spoken_tokens(text: str) -> list[str]:
    """Lower-case word and digit tokens of ``text``, for :func:`words_to_digits`.

    >>> spoken_tokens("555,867-5309, Oh")
    ['555', '867', '5309', 'oh']
    """
    return _WORD_OR_NUMBER.findall(text.lower())


_NUMBER_TOKEN = re.compile(rf"\d|^\W*(?:{NUMBER_WORD_RE}|oh)\W*$", re.IGNORECASE)


def numbers_in(text: str) -> int:
    """Digits in ``text``, or 1 for a number word: "73407293" is a whole ID, "one" is not.

    >>> [numbers_in(word) for word in ("73407293", "one,", "oh", "tablets")]
    [8, 1, 1, 0]
    """
    digits = sum(c.isdigit() for c in text)
    return digits or int(_NUMBER_TOKEN.search(text) is not None)


# The states by name, as a regular-expression alternation (Safe Harbor keeps a state).
US_STATES = alternation(
    [
        *word_set(
            """alabama alaska arizona arkansas california colorado connecticut delaware
            florida georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana
            maine maryland massachusetts michigan minnesota mississippi missouri montana
            nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont
            virginia washington wisconsin wyoming"""
        ),
        r"new\s+(?:hampshire|jersey|mexico|york)",
        r"(?:north|south)\s+(?:carolina|dakota)",
        r"rhode\s+island",
        r"west\s+virginia",
    ]
)
