"""Find gold PHI in text however it was written: "six one seven" leaks as "617" too.

Used to scan transcripts, reports, manifests, logs and CLI output after runs on calls with
known PHI. A hit is reported by the PHI item's index, never by its text.
"""

from __future__ import annotations

import re

_UNITS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    )
} | {"oh": 0}
_TEENS = {
    w: 10 + i
    for i, w in enumerate(
        [
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 20 + 10 * i
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
    )
}
_NUMBER_WORDS = set(_UNITS) | set(_TEENS) | set(_TENS) | set(_ORDINALS)
# Words too common to prove a leak on their own.
_COMMON = {
    "at",
    "dot",
    "com",
    "the",
    "and",
    "of",
    "avenue",
    "street",
    "road",
    "march",
    "july",
    "january",
    "february",
    "april",
    "may",
    "june",
    "august",
    "september",
    "october",
    "november",
    "december",
}


def spoken_digits(text: str) -> str:
    """The digits a phrase says, in order: "nineteen eighty two" -> "1982"."""
    digits = []
    tokens = re.findall(r"[a-z]+|\d+", text.lower())
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token.isdigit():
            digits.append(token)
        elif token in _TENS and following in _UNITS and following not in ("zero", "oh"):
            digits.append(str(_TENS[token] + _UNITS[following]))
            index += 1
        elif token in _TENS:
            digits.append(str(_TENS[token]))
        elif token in _TEENS:
            digits.append(str(_TEENS[token]))
        elif token in _UNITS:
            digits.append(str(_UNITS[token]))
        elif token in _ORDINALS:
            digits.append(str(_ORDINALS[token]))
        index += 1
    return "".join(digits)


def name_words(text: str) -> list[str]:
    """The distinctive words of a PHI phrase (names, streets, mail hosts)."""
    return [
        word
        for word in re.findall(r"[a-z]+", text.lower())
        if len(word) >= 3
        and word not in _COMMON
        and word not in _UNITS
        and word not in _TEENS
        and word not in _TENS
        and word not in _ORDINALS
    ]


def number_runs(text: str) -> list[str]:
    """The digits of each stretch of numbers in ``text``, written or spoken.

    A stretch is digits and number words joined only by spaces, commas, dots or hyphens, so
    that "617-294-3851" and "six one seven" count, while numbers in unrelated places (a
    version string and a timestamp on one log line) are never run together.

    >>> number_runs("call six one seven, 294-3851 at 10:30")
    ['6172943851', '10', '30']
    """
    runs: list[str] = []
    current: list[str] = []
    for match in re.finditer(r"[a-z]+|\d+|[^a-z\d]+", text.lower()):
        token = match.group()
        if token.isdigit() or token in _NUMBER_WORDS:
            current.append(token)
        elif current and re.fullmatch(r"[\s,.\-]{1,3}", token):
            current.append(" ")
        else:
            if current:
                runs.append(spoken_digits("".join(current)))
            current = []
    if current:
        runs.append(spoken_digits("".join(current)))
    return [run for run in runs if run]


def leaked_items(phi_texts: list[str], haystack: str) -> list[int]:
    """Indices of the PHI items that can be found in ``haystack``.

    An item leaks when one of its distinctive words appears as a word, or when four or more of
    its digits appear in a row within one stretch of numbers (see :func:`number_runs`).
    """
    lowered = haystack.lower()
    words = set(re.findall(r"[a-z]+", lowered))
    squashed = re.sub(r"[^a-z]", "", lowered)
    runs = number_runs(haystack)
    leaks = []
    for index, text in enumerate(phi_texts):
        digits = spoken_digits(text)
        windows = {digits[i : i + 4] for i in range(len(digits) - 3)}
        if any(
            word in words or (len(word) >= 4 and word in squashed) for word in name_words(text)
        ) or any(window in run for window in windows for run in runs):
            leaks.append(index)
    return leaks
