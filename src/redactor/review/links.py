"""Which redaction each ``[TAG]`` of a redacted transcript stands for (see :func:`link_tags`).

The transcript carries no times and the report no character offsets, so the link is inferred
from order and entity type, and left out whenever the inference is not certain: a missing
link costs a reviewer a click on the redaction list, a wrong one sends them to the wrong audio.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from redactor.report_schema import RedactionEntry

_SLACK = 0.002  # report times are rounded to milliseconds
TAG = re.compile(r"\[([A-Z][A-Z0-9_]*)\]")


def link_tags(
    tags: list[str], redactions: Sequence[RedactionEntry], padding: float
) -> list[int | None]:
    """The redaction (by index) that each ``[TAG]`` of a transcript stands for, or ``None``.

    The transcript has no times, so tags are matched by order within each entity type: the
    k-th ``[PERSON]`` is the k-th PERSON redaction. Redactions that may have left no tag of
    their own are allowed for, but only when which ones did so is unambiguous: fail-closed
    ones, and those inside a redaction of another type (overlapping redactions make one tag in
    the transcript: :func:`redactor.report.redact_text`). Same-type redactions that share words
    (overlap by more than twice ``padding``) make one tag. Within a channel, text order is
    time order; a type heard on two channels, or any doubt, leaves the tags unlinked rather
    than linked wrongly.

    >>> reds = [RedactionEntry(t, s, e, 0.9, "test", "phi")
    ...         for t, s, e in [("PERSON", 1, 2), ("DATE_OF_BIRTH", 3, 5), ("DATE_TIME", 3, 5),
    ...                         ("PERSON", 6, 7)]]
    >>> link_tags(["PERSON", "DATE_OF_BIRTH", "PERSON"], reds, 0.0)
    [0, 1, 3]
    >>> link_tags(["PERSON"], reds, 0.0)  # one PERSON tag, two PERSON redactions: no guess
    [None]
    """
    links: list[int | None] = [None] * len(tags)
    for kind in set(tags):
        positions = [k for k, tag in enumerate(tags) if tag == kind]
        found = _candidates(kind, redactions, padding)
        if len({redactions[i].channel for i in found}) > 1:
            continue
        extra = len(found) - len(positions)
        if extra > 0:
            optional = [i for i in found if _may_lack_tag(i, redactions, padding)]
            if len(optional) == extra:
                found = [i for i in found if i not in optional]
        if len(found) == len(positions):
            for position, index in zip(positions, found, strict=True):
                links[position] = index
    return links if _in_time_order(links, redactions) else [None] * len(tags)


def _candidates(kind: str, redactions: Sequence[RedactionEntry], padding: float) -> list[int]:
    """Indices of the ``kind`` redactions that can carry a tag, one per group sharing words."""
    kept: list[int] = []
    for index, r in enumerate(redactions):
        if r.entity_type != kind or r.reason == "untranscribed_speech":
            continue
        if not any(_overlap(redactions[k], r) > 2 * padding + _SLACK for k in kept):
            kept.append(index)
    return kept


def _may_lack_tag(index: int, redactions: Sequence[RedactionEntry], padding: float) -> bool:
    """Whether a redaction may have no tag: fail-closed, or inside one of another type."""
    r = redactions[index]
    return r.reason != "phi" or any(
        other.entity_type != r.entity_type
        and other.reason != "untranscribed_speech"
        and other.start <= r.start + _SLACK
        and r.end <= other.end + _SLACK
        and _overlap(other, r) > 2 * padding + _SLACK
        for other in redactions
    )


def _overlap(a: RedactionEntry, b: RedactionEntry) -> float:
    """Seconds two redactions overlap on a common channel (``None`` is every channel)."""
    if None not in (a.channel, b.channel) and a.channel != b.channel:
        return 0.0
    return float(min(a.end, b.end) - max(a.start, b.start))


def _in_time_order(links: list[int | None], redactions: Sequence[RedactionEntry]) -> bool:
    """Whether the linked redactions start in text order, channel by channel."""
    last: dict[object, float] = {}
    for index in links:
        if index is not None:
            r = redactions[index]
            if r.start + _SLACK < last.get(r.channel, float("-inf")):
                return False
            last[r.channel] = r.start
    return True


def tag_types(transcript: str, redactions: Iterable[RedactionEntry]) -> list[str]:
    """The entity types of the transcript's ``[TAG]`` s, in order (only the report's types).

    >>> tag_types("hi [PERSON], [BLANK_AUDIO]", [RedactionEntry("PERSON", 1, 2, 0.9, "x", "phi")])
    ['PERSON']
    """
    known = {r.entity_type for r in redactions}
    return [m.group(1) for m in TAG.finditer(transcript) if m.group(1) in known]
