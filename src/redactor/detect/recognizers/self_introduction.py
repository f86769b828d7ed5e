"""A name in an opening line: "Hi, my name is ...", "Hello, this is ...", "this is Linda, how
can I help?".

A caller who greets and introduces themselves says their name next, and tiny Whisper often
writes a name it does not know as everyday words ("Hi, my name is so hey, I need...",
"Hello, this is the Leo Manks."). After a greeting the cue is safe enough to redact what
follows whatever it reads like: the words up to the first comma or sentence end, at most
``MAX_WORDS`` of them. So is what comes between "this is" and what an agent goes on with
("speaking", "how can I help"), and between a greeting and "here" ("Hi, Emeka here"), since
the name is framed on both sides. :class:`~redactor.detect.recognizers.name_cue.NameCueRecognizer`
still finds names after cues without a greeting, where it must see a name to be sure.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.recognizers._result import make_result
from redactor.detect.recognizers._spoken import word_set

SCORE = 0.5
MAX_WORDS = 5
# How Whisper writes a speaker's pause after a cue: "this is, ...", "this is... Tasha".
_PAUSE = r"(?:[,:]|\.{2,}|\u2026)"
_INTRODUCTION = re.compile(
    r"\b(?:hi|hello|hey|good\s+(?:morning|afternoon|evening))\s*[,.!]?\s+"
    r"(?:(?:um|uh|yes|yeah)[,\s]+)*"
    r"(?:(?:my|may)\s+name\s+is|my\s+name['\u2019]s|this\s+is|it['\u2019]s|it\s+is)\s*"
    rf"{_PAUSE}?\s+",
    re.IGNORECASE,
)
# The name framed by what an agent says next, greeting or not: "this is, Acker, how can I
# help?", "It is tremor speaking.", "... this is Linda, how can I help"; a caller's "Hi. The
# mecca pet rack is here." ("Emeka Petrakis here"), "hi. Zina, Conkel. Here, somebody called".
_FRAMED = re.compile(
    r"\b(?:(?:this|it)\s*(?:is|['\u2019]s)|my\s+name\s+is)\s*"
    rf"{_PAUSE}?\s+"
    r"(?P<name>[^\s.?!]+(?:[\s,]+[^\s.?!]+){0,3}?)[,.]?\s+"
    r"(?=speaking\b|how\s+(?:can|may|might)\s+I\b|what\s+can\s+I\b)"
    # Whisper writes a quick "hi," as "high," ("Yeah, high, chanice -linthest. Here, ...").
    r"|\b(?:hi|hello|hey|high(?=,\s+(?!(?:and|but|or|so|the)\b)))[,.!]?\s+"
    r"(?P<here>[^\s.?!]+(?:\s+[^\s.?!]+){0,3}?)[.,]?\s+"
    r"(?:is\s+)?here\b(?!['\u2019])"
    # "My clinic, this is, Prisilla, Beaking," / "this is... Tasha, speaking.": a pause
    # written after "this is" and a short phrase closed by a comma or stop is a name, even
    # when what the agent goes on with is garbled.
    rf"|\b(?:this|it)\s+is\s*(?:,|\.{{2,}}|\u2026)\s+(?:(?:um|uh|er|erm)[,.\u2026]*\s+)*"
    r"(?P<paused>[^\s.?!,\u2026]+(?:\s+[^\s.?!,\u2026]+)?)(?=[,.\u2026])",
    re.IGNORECASE,
)
# A caller who greets, says a short phrase and goes on with why they call has said their name,
# whatever Whisper made of "this is" or the name ("Hi, Mrs. and for you on, I'm returning a
# call" for "Hi, this is Anh Truong, I'm returning a call").
_GREETED = re.compile(
    r"\b(?:hi|hello|hey)[,.!]?\s+"
    r"(?P<greeted>[^\s,?!]+(?:\s+[^\s,?!]+){0,4}?),\s+"
    r"(?=I['\u2019]?m\s+(?:just\s+)?(?:calling|returning|trying)\b"
    r"|I\s+(?:just\s+)?(?:need|got|wanted|want|would\s+like|have\s+a)\b)",
    re.IGNORECASE,
)
# Said after why they call: "Hi, I'm returning a call about my lab results. I'm Ingrid
# Kowalski." A short sentence of "I'm" and a few words, right after a sentence about a call.
_INTRODUCED_AFTER_REASON = re.compile(
    r"\b(?:calling|call|called|returning|voicemail|message)\b[^.?!]{0,80}[.?!]\s+"
    r"I['\u2019]?m\s+(?P<after_reason>[^\s.?!,]+(?:\s+[^\s.?!,]+){0,3})(?=[.?!,]|\s*$)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\s]+")
# What "Hi, this is ..." goes on with when it is not a name ("this is about my bill").
NOT_NAME_FIRST: frozenset[str] = word_set(
    """about for regarding calling just me my a an in on to with from re concerning
    your our their his her"""
)
# ... nor before "here" or "how can I" ("Hi, I'm here for my appointment").
NOT_FRAMED_NAME_FIRST: frozenset[str] = NOT_NAME_FIRST | word_set(
    "i i'm we we're you you're it it's that this there yes yeah okay ok thanks thank sure well so"
)
# ... nor after "this is," and a pause ("this is... great.", "it is, right.").
NOT_PAUSED_NAME_FIRST: frozenset[str] = NOT_FRAMED_NAME_FIRST | word_set(
    """great good fine wrong right correct perfect weird strange ridiculous confusing
    frustrating important urgent not what why how um uh er erm"""
)
# ... nor greeted before why one calls ("Hi, good morning, I'm calling ...").
NOT_GREETED_FIRST: frozenset[str] = NOT_PAUSED_NAME_FIRST | word_set(
    """hi hello hey there good morning afternoon evening everyone again sorry thanks thank
    um uh oh hmm ma'am sir please excuse"""
)
# ... nor "I'm" after why one calls ("I'm not sure who called", "I'm a new patient").
NOT_INTRODUCED_FIRST: frozenset[str] = NOT_FRAMED_NAME_FIRST | word_set(
    """not a an so very really just still fine good great sorry here calling trying looking
    wondering worried confused new sure afraid glad happy at in on with from going having
    getting out over ready done free available home back gonna able hoping"""
)
# Where the name is over: "Hello, this is Ana calling about...", "..., I need".
AFTER_NAME: frozenset[str] = word_set("calling speaking here i i'd i've i'll")


class SelfIntroductionRecognizer(EntityRecognizer):
    """The words after a greeting and "my name is" / "this is", as a name.

    >>> rec = SelfIntroductionRecognizer()
    >>> text = "Hi, my name is so hey, I need a refill."
    >>> [text[r.start : r.end] for r in rec.analyze(text, ["PERSON"])]
    ['so hey']
    """

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="SelfIntroductionRecognizer")

    def load(self) -> None:
        """Nothing to load: the rule is a regular expression."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """The words after each greeting-led introduction in ``text``."""
        if "PERSON" not in entities:
            return []
        results = []
        for cue in _INTRODUCTION.finditer(text):
            span = _name_after(text, cue.end())
            if span is not None:
                results.append(make_result(self, "PERSON", *span, SCORE, "greeting, then a name"))
        for pattern, group, not_first, why in (
            (_GREETED, "greeted", NOT_GREETED_FIRST, "greeting, a name, then why one calls"),
            (_INTRODUCED_AFTER_REASON, "after_reason", NOT_INTRODUCED_FIRST, "why, then I'm"),
        ):
            for match in pattern.finditer(text):
                start, end = match.span(group)
                first = text[start:end].split()[0].strip(",.\"'").lower().replace("\u2019", "'")
                if first not in not_first:
                    results.append(make_result(self, "PERSON", start, end, SCORE, why))
        for framed in _FRAMED.finditer(text):
            group = next(g for g in ("name", "here", "paused") if framed.group(g) is not None)
            start, end = framed.span(group)
            first = text[start:end].split()[0].strip(",.\"'").lower().replace("\u2019", "'")
            not_first = NOT_PAUSED_NAME_FIRST if group == "paused" else NOT_FRAMED_NAME_FIRST
            if first not in not_first:
                why = "name, then speaking"
                results.append(make_result(self, "PERSON", start, end, SCORE, why))
        return EntityRecognizer.remove_duplicates(results)


def _name_after(text: str, start: int) -> tuple[int, int] | None:
    """Character span of the name that starts at ``start``: up to a comma or sentence end,
    a word that shows the name is over, or ``MAX_WORDS`` words."""
    end = None
    for count, token in enumerate(_TOKEN.finditer(text, start)):
        bare = token.group().strip(",.?!;:\"'").lower().replace("\u2019", "'")
        if count == 0 and bare in NOT_NAME_FIRST:
            return None
        if count > 0 and bare in AFTER_NAME:
            break
        end = token.start() + len(token.group().rstrip(",.?!;:"))
        if count + 1 == MAX_WORDS or re.search(r"[,.?!;:]$", token.group()):
            break
    return None if end is None or end <= start else (start, end)
