"""One label per redacted stretch: findings over the same words become one span.

Several recognizers often find the same words. A date of birth is a DATE_OF_BIRTH to our
date recognizer, a DATE_TIME to spaCy and an ID_NUMBER to the digit recognizer; a member ID
is also a US_DRIVER_LICENSE to Presidio's licence pattern. Reported as found, one item
would be counted under three types and tagged three times in the transcript. Here each
word takes one type from the findings over it, runs of words of one type become one span,
and the other findings over those words are kept on it as
:class:`~redactor.types.Alternative` s (types and recognizer names, never text).

Which type a word takes is fixed: first, a finding of a recognizer that knows the field
because someone named it (:data:`FIELD_NAMED_BY`: the agent asked for it, or the caller said
"my name is", "my email is", "the card number is", "she's 102") wins over one that goes by
the words' shape (spaCy's entities, Presidio's patterns, digit counts). "Do you have the account
number?" "Yes, it's 05299795." is an account number, whatever else eight digits could be;
"my name is Ronch Park" is a name, though spaCy calls it a place. Then the most specific
type wins (:data:`LABEL_PRECEDENCE`).

>>> from redactor.types import Word, Transcript
>>> t = Transcript(tuple(Word(w, 0, 1) for w in "born March 4 1982 thanks".split()), 5)
>>> spans = [PhiSpan("DATE_TIME", 5, 17, 0.85, "SpacyRecognizer"),
...          PhiSpan("DATE_OF_BIRTH", 5, 17, 0.6, "DateOfBirthRecognizer"),
...          PhiSpan("ID_NUMBER", 13, 17, 0.5, "SpokenDigitsRecognizer")]
>>> [(s.entity_type, s.start, s.end) for s in one_label_per_span(t, spans)]
[('DATE_OF_BIRTH', 5, 17)]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from redactor.types import Alternative, PhiSpan, Transcript

# Most specific first. A type ranks above another when its recognizers need more than the
# shape of the words: a cue, a checksum, a calendar, an "at" and a "dot com". The shape-only
# Presidio types (licence, passport, bank account, ITIN) match any run of letters and digits
# and rank below ID_NUMBER: on a health call such a run is a member, record or account
# number far more often. LOCATION ranks above ID_NUMBER so that a ZIP code or a house number
# in an address stays part of the address; PERSON above DATE_TIME, since "April" and "June"
# are names too; DATE_TIME, which also holds plain times, ranks last.
LABEL_PRECEDENCE: tuple[str, ...] = (
    "US_SSN",
    "CREDIT_CARD",
    "EMAIL_ADDRESS",
    "DATE_OF_BIRTH",
    "PHONE_NUMBER",
    "LOCATION",
    "ID_NUMBER",
    "US_DRIVER_LICENSE",
    "US_PASSPORT",
    "US_BANK_NUMBER",
    "US_ITIN",
    "MEDICAL_LICENSE",
    "IBAN_CODE",
    "PERSON",
    "IP_ADDRESS",
    "URL",
    "DATE_TIME",
)
_RANK = {entity: rank for rank, entity in enumerate(LABEL_PRECEDENCE)}
# Recognizers whose findings name their field from a cue, not from the words' shape.
FIELD_NAMED_BY: frozenset[str] = frozenset(
    {
        "AgeRecognizer",
        "QuestionAnswerRecognizer",
        "FieldStatementRecognizer",
        "NameCueRecognizer",
        "SelfIntroductionRecognizer",
        "EmailCueRecognizer",
    }
)


def precedence(entity_type: str) -> tuple[int, str]:
    """Sort key of a type: its place in :data:`LABEL_PRECEDENCE`, unknown types after all
    known ones, by name.

    >>> sorted(["DATE_TIME", "MY_TYPE", "PERSON"], key=precedence)
    ['PERSON', 'DATE_TIME', 'MY_TYPE']
    """
    return _RANK.get(entity_type, len(_RANK)), entity_type


def one_label_per_span(transcript: Transcript, spans: Iterable[PhiSpan]) -> list[PhiSpan]:
    """Spans of ``transcript`` that share no word and have one type each (see the module).

    Each word any finding touches takes the type of the best-ranked finding over it (a field
    named by a cue first, then the most specific type); consecutive words of the same type
    make one span. A span keeps the finding of its type ranked best, then with the best score
    (ties to the recognizer named first), and lists every other finding touching its words
    as an alternative. Together the spans cover the words the findings touched, no more.
    A span that touches no word is passed on unchanged (alignment rejects it).
    """
    offsets = transcript.word_offsets()
    starts = [start for start, _ in offsets]
    ends = [end for _, end in offsets]
    found = list(spans)
    kept: list[PhiSpan] = []
    touching: dict[int, list[PhiSpan]] = {}
    for span in found:
        first, last = bisect_right(ends, span.start), bisect_left(starts, span.end)
        if span.start >= span.end or first >= last:
            kept.append(span)
            continue
        for index in range(first, last):
            touching.setdefault(index, []).append(span)
    run: list[int] = []
    for index in sorted(touching):
        if run and (index != run[-1] + 1 or _label(touching[index]) != _label(touching[run[-1]])):
            kept.append(_one_span(run, touching, offsets))
            run = []
        run.append(index)
    if run:
        kept.append(_one_span(run, touching, offsets))
    return sorted(kept, key=lambda s: (s.start, s.end, precedence(s.entity_type)))


def _rank(finding: PhiSpan) -> tuple[int, tuple[int, str]]:
    return int(finding.recognizer not in FIELD_NAMED_BY), precedence(finding.entity_type)


def _label(findings: Sequence[PhiSpan]) -> str:
    return min(findings, key=_rank).entity_type


def _one_span(
    run: list[int], touching: dict[int, list[PhiSpan]], offsets: Sequence[tuple[int, int]]
) -> PhiSpan:
    findings = list(dict.fromkeys(f for index in run for f in touching[index]))
    label = _label(findings)
    chosen = min(
        (f for f in findings if f.entity_type == label),
        key=lambda f: (_rank(f), -f.score, f.recognizer),
    )
    # The characters the findings cover, inside this run's words: a span that ran on into
    # words of another type is cut at them.
    start = max(offsets[run[0]][0], min(f.start for f in findings))
    end = min(offsets[run[-1]][1], max(f.end for f in findings))
    alternatives = sorted(
        {Alternative(f.entity_type, f.recognizer) for f in findings}
        - {Alternative(chosen.entity_type, chosen.recognizer)},
        key=lambda a: (precedence(a.entity_type), a.recognizer),
    )
    inferred = all(f.inferred for f in findings)
    return PhiSpan(
        label, start, end, chosen.score, chosen.recognizer, tuple(alternatives), inferred
    )
