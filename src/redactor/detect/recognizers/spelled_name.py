"""Names spelled out letter by letter: "G O N Z A L E Z", "g. o. n.", "S as in Sam"."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.recognizers._result import make_result
from redactor.detect.recognizers._spoken import word_set

# One letter standing alone: not part of a word, nor "I" of "I'm".
_LETTER = r"(?<![\w'\u2019])[a-z](?![\w'\u2019])"
_AS_IN = r"\s+as\s+in\s+[a-z]+"
# Callers say the punctuation too: "O apostrophe C O N N O R", "M A R Y dash K A T E".
_SEP = r"[\s.,-]+(?:(?:apostrophe|hyphen|dash|space)[\s.,-]+)?"
_TOKEN = rf"{_LETTER}(?:{_AS_IN})?"


class SpelledNameRecognizer(PatternRecognizer):
    """Three or more single letters in a row, or any "X as in Xavier", is a spelled name.

    Whisper writes spelling as "G O N Z", "G-O-N-Z", "g. o. n." or "G, O, N, Z". When the
    word just before (or after) the spelling is the name being spelled ("Gonzalez,
    G-O-N-Z-A-L-E-Z"), the span grows to cover it too. Two letters only count after a
    context word such as "spell" or "name". Stutters ("I, I, I") are not names. Capitals
    run together ("DLGA DO", "HORV -ATH") count shortly after "spell".

    >>> rec = SpelledNameRecognizer()
    >>> text = "it's Walsh, W-A-L-S-H."
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["PERSON"])]
    ['Walsh, W-A-L-S-H']
    """

    PATTERNS = [
        Pattern("spelled letters", rf"{_LETTER}(?:{_SEP}{_LETTER}){{2,}}", 0.6),
        Pattern("as in", rf"(?:{_LETTER}{_SEP})*{_LETTER}{_AS_IN}(?:{_SEP}{_TOKEN})*", 0.6),
        Pattern("two letters", rf"{_LETTER}{_SEP}{_LETTER}", 0.2),
    ]
    CONTEXT = ["spell", "spelling", "name", "last", "first", "middle", "surname", "letter"]
    # Letter runs that are abbreviations people say, not names being spelled.
    NOT_NAMES = word_set(
        """am pm tv ok us uk er id usa icu mri ekg ecg cpr dna hiv std atm ppo hmo faq covid
        cvs dob mrn ssn np pa md rn asap fyi do no so"""
    )
    # Whisper often writes a spelling as capitals run together: "G-O-N-Z" becomes "GONZ" or
    # "HORV -ATH". Right after "spell" or "last name", such words are the name.
    CAPITALS = re.compile(
        r"(?<![\w'\u2019])-?(?:[A-Z]['\u2019])?[A-Z]{2,12}"
        r"(?:[\s,.]+-?[A-Z]{2,12})*(?![\w'\u2019])"
    )
    SPELL_CUE = re.compile(
        r"\bspell|\b(?:first|last|middle|sur|maiden)\s*name\b|\bletters\b", re.IGNORECASE
    )
    CAPITALS_SCORE = 0.5
    # How far back, in characters, "spell" may be for capitals to count as a spelling.
    CUE_REACH = 80

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PERSON", patterns=list(self.PATTERNS), context=list(self.CONTEXT)
        )

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """Stutters and everyday abbreviations are not spelled names."""
        letters = _letters(pattern_text)
        return set(letters) <= {"i", "a"} or letters in self.NOT_NAMES

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Spelled-out letter runs, widened to the spoken name they spell, if it is there."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        kept = []
        for result in results:
            letters = _letters(text[result.start : result.end])
            widened = False
            before = re.search(r"(\S+)\s+$", text[: result.start])
            if before and _same_name(before.group(1), letters):
                result.start, widened = before.start(1), True
            after = re.match(r"\s*(\S+)", text[result.end :])
            if after and _same_name(after.group(1), letters):
                result.end, widened = result.end + after.end(1), True
            # Two letters with "a" or "I" in them are usually words ("a B-447"), unless
            # they spell the word beside them ("Li, L I").
            if widened or len(letters) > 2 or not set(letters) & {"a", "i"}:
                kept.append(result)
        if not entities or "PERSON" in entities:
            kept.extend(self._capitals(text))
        return kept

    def _capitals(self, text: str) -> list[RecognizerResult]:
        found = []
        for match in self.CAPITALS.finditer(text):
            letters = re.sub(r"[^a-z]", "", match.group().lower())
            words = set(re.findall(r"[a-z]+", match.group().lower()))
            if len(letters) < 3 or words <= self.NOT_NAMES:
                continue
            if self.SPELL_CUE.search(text, max(0, match.start() - self.CUE_REACH), match.start()):
                found.append(
                    make_result(
                        self, "PERSON", *match.span(), self.CAPITALS_SCORE, "spelled capitals"
                    )
                )
        return found


def _letters(spelled: str) -> str:
    without_examples = re.sub(r"as\s+in\s+\S+", "", spelled, flags=re.IGNORECASE)
    return "".join(re.findall(_LETTER, without_examples, flags=re.IGNORECASE)).lower()


def _same_name(word: str, letters: str) -> bool:
    word = re.sub(r"[^a-z]", "", word.lower())
    if len(word) < 2 or len(letters) < 2:
        return False
    return word == letters or (len(letters) >= 3 and word.startswith(letters))
