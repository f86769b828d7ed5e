"""Whatever follows "my email is", up to the ".com": emails Whisper could not spell."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.recognizers._result import make_result
from redactor.detect.recognizers._spoken import alternation, word_set

# "my email is", "email address is", "e-mail's", "email would be": the address comes next.
_STATEMENT = (
    r"\be-?mail(?:\s+address)?(?:\s+(?:is|was|would\s+be|should\s+be)|['\u2019]s)\b"
    r"\s*[,:]?\s*"
)
# "what's your email address? It's ...": the answer comes after the question mark.
_QUESTION = r"\be-?mail(?:\s+address)?\s*\?\s*"
# Words that open an answer without being part of it.
_LEAD_IN = alternation(
    word_set("um uh it's its it is that's yeah yes sure okay ok so oh well my email address")
)
_LEAD_INS = rf"(?:(?:{_LEAD_IN})(?![\w'\u2019])[\s,.]*)*"
# How Whisper writes the end of an address: ".com", "dot com", "gmail.com", and "dot com"
# heard as "not calm" or "do not come".
_SUFFIX = re.compile(
    r"(?<![a-z])(?:com|net|org|edu|gov|calm|come)(?![a-z])|"
    r"(?<![a-z])(?:gmail|yahoo|hotmail|outlook|aol|icloud|comcast|msn|protonmail)(?![a-z])",
    re.IGNORECASE,
)
# Without a recognisable ending, words up to the end of the sentence, if they look like an
# address rather than a remark about it ("my email is the same", "my email is on file").
_NOT_ADDRESS_START = word_set(
    """same on in a an not still that this what why how where when right correct fine
    different changed old new up down i i'm we you your our his her their it they there
    going gonna listed probably"""
)
# "the same", "the one on file"; but "the name." can be an address Whisper garbled.
_NOT_ADDRESS_AFTER_THE = word_set("same one old new usual other last first")


class EmailCueRecognizer(EntityRecognizer):
    """The words after "my email is" (or after "email address?"), up to the address's end.

    When Whisper mangles a spoken address ("my email is ampetrov .com", "my email is J
    Delgado. And outlook .com."), neither "at" nor "dot" survives for the pattern
    recognizers. The cue still says an address follows: the span runs from the first word
    of the answer to the first ".com", "dot com", "gmail"... within twelve words. After a
    statement cue ("my email is") with no such ending, the rest of the sentence counts,
    unless it starts like a remark ("the same", "on file"). After a question cue, an
    ending is required.

    >>> rec = EmailCueRecognizer()
    >>> text = "sure, my email is ampetrov .com thanks"
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["EMAIL_ADDRESS"])]
    ['ampetrov .com']
    """

    ENTITIES = ("EMAIL_ADDRESS",)
    CONTEXT = ("email", "e-mail", "address")
    PATTERNS = {
        "statement": re.compile(_STATEMENT + _LEAD_INS, re.IGNORECASE),
        "question": re.compile(_QUESTION + _LEAD_INS, re.IGNORECASE),
        "word": re.compile(r"\S+"),
    }
    MAX_WORDS = 12
    FALLBACK_WORDS = 6
    SCORE = 0.6
    FALLBACK_SCORE = 0.45

    def __init__(self) -> None:
        super().__init__(supported_entities=list(self.ENTITIES), context=list(self.CONTEXT))

    def load(self) -> None:
        """Nothing to load: the rules are plain Python."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """The answer after each email cue, up to the address's ending."""
        if entities and "EMAIL_ADDRESS" not in entities:
            return []
        results = []
        for kind in ("statement", "question"):
            for cue in self.PATTERNS[kind].finditer(text):
                found = self._answer(text, cue.end(), fallback=kind == "statement")
                if found is not None:
                    start, end, score, why = found
                    results.append(make_result(self, "EMAIL_ADDRESS", start, end, score, why))
        return EntityRecognizer.remove_duplicates(results)

    def _answer(
        self, text: str, start: int, *, fallback: bool
    ) -> tuple[int, int, float, str] | None:
        words = list(self.PATTERNS["word"].finditer(text, start))[: self.MAX_WORDS]
        if not words or words[0].start() != start:
            return None
        for index, word in enumerate(words):
            if _SUFFIX.search(word.group()) is not None:
                last = _last_ending(words, index)
                end = last.start() + _ending_end(last.group())
                return start, end, self.SCORE, "email cue, ending"
        first = words[0].group().lower().strip(",.?!")
        second = words[1].group().lower().strip(",.?!") if len(words) > 1 else ""
        if (
            not fallback
            or not first
            or first in _NOT_ADDRESS_START
            or (first == "the" and (second in _NOT_ADDRESS_AFTER_THE or not second))
        ):
            return None
        end = start
        for word in words[: self.FALLBACK_WORDS]:
            end = word.end()
            if word.group()[-1] in ".?!":
                end -= 1
                break
        return (start, end, self.FALLBACK_SCORE, "email cue, sentence") if end > start else None


def _last_ending(words: list[re.Match[str]], index: int) -> re.Match[str]:
    """The last ending of the address: "outlook .com", "gmail dot com", and past a stray
    ending Whisper put in the middle ("Guadalupe .org at heartmail .com")."""
    while True:
        for step in range(1, _ENDING_REACH + 1):
            if index + step >= len(words) or words[index + step - 1].group()[-1] == "?":
                return words[index]
            if _SUFFIX.search(words[index + step].group()):
                index += step
                break
        else:
            return words[index]


# How many words past one ending the next one may follow and still be the same address.
_ENDING_REACH = 3


def _ending_end(word: str) -> int:
    """Offset just past the last ending in ``word`` (".com." ends before its full stop)."""
    return [match.end() for match in _SUFFIX.finditer(word)][-1]
