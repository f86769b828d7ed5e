"""Exact expected spans for the recognizer tables, as Presidio's own recognizer tests pin them.

A row names each expected span by its exact text in the row's text; the helpers turn that into
start and end, and a row passes only when the findings are exactly those spans: a span one word
too wide or too narrow, or one more finding, fails it. Messages name entities, offsets and
counts, never the text, so a failure prints no PHI.

Spans are timed by whole words (``align.words_in_span``), so punctuation glued to a value's
first or last word ("885.", "Linda,") beeps with that word either way; rows pin it as the
recognizer gives it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Nth:
    """The ``n``th occurrence (from 1) of ``value``, for text that occurs more than once."""

    value: str
    n: int


Expected = str | Nth
# One expected span, several (all of the row's entity), or None: nothing found at all.
Expectation = Expected | tuple[Expected, ...] | None
Span = tuple[str, int, int]


def locate(text: str, expected: Expected) -> tuple[int, int] | str:
    """``(start, end)`` of ``expected`` in ``text``, or why it names no single place.

    >>> locate("my name is Ann Lee", "Ann Lee")
    (11, 18)
    >>> locate("eight sorry eight nine", Nth("eight", 2))
    (12, 17)
    >>> locate("eight sorry eight nine", "eight")
    'an expected text occurs 2 times; name the occurrence with Nth'
    """
    value, n = (expected.value, expected.n) if isinstance(expected, Nth) else (expected, 0)
    starts = [i for i in range(len(text)) if text.startswith(value, i)] if value else []
    if not starts:
        return "an expected text does not occur in the text"
    if n == 0 and len(starts) > 1:
        return f"an expected text occurs {len(starts)} times; name the occurrence with Nth"
    if n > len(starts) or n < 0:
        return f"an expected text occurs {len(starts)} times, not {n}"
    start = starts[max(n - 1, 0)]
    return start, start + len(value)


def mismatch(text: str, found: Iterable[Span], entity: str, expected: Expectation) -> str | None:
    """None when ``found`` is exactly the expected spans of ``entity``, else why not.

    ``found`` is every finding ``(entity, start, end)``, whatever its entity.

    >>> mismatch("my name is Ann Lee", [("PERSON", 11, 18)], "PERSON", "Ann Lee") is None
    True
    >>> mismatch("my name is Ann Lee", [("PERSON", 8, 18)], "PERSON", "Ann Lee")
    "found [('PERSON', 8, 18)] where [('PERSON', 11, 18)] was expected"
    >>> mismatch("today", [("PERSON", 0, 5)], "PERSON", None)
    '1 span(s) found where none was expected'
    """
    found = sorted(found)
    if expected is None:
        return f"{len(found)} span(s) found where none was expected" if found else None
    wanted: list[Span] = []
    for one in expected if isinstance(expected, tuple) else (expected,):
        where = locate(text, one)
        if isinstance(where, str):
            return where
        wanted.append((entity, *where))
    wanted.sort()
    if found == wanted:
        return None
    return f"found {found} where {wanted} was expected"


def rows(cases: Mapping[str, object], known_wrong: Mapping[str, str]) -> list[object]:
    """One parameter per case id; the ids in ``known_wrong`` must fail today (strict xfail).

    ``known_wrong`` maps a case to why the recognizer's span is not the right one; those are
    left unfixed here because fixing them changes behaviour.
    """
    unknown = sorted(set(known_wrong) - set(cases))
    if unknown:
        raise ValueError(f"known_wrong names no case: {unknown}")
    return [
        pytest.param(case, id=case, marks=_xfail(known_wrong[case]) if case in known_wrong else ())
        for case in cases
    ]


def _xfail(reason: str) -> Sequence[pytest.MarkDecorator]:
    return (pytest.mark.xfail(strict=True, reason=reason),)
