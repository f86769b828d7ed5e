"""Names right after the phrases that introduce them: "my name is", "this is", "Dr."."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from redactor.recognizers._spoken import alternation, word_set

# Words that follow "my name is" without being a name ("my name is on the account").
_NOT_NAME = alternation(
    {word.replace("'", "['\u2019]") for word in STOP_WORDS if word.isascii()}
    | word_set(
        """calling speaking spelled spell um uh okay ok yeah yes hi hello thanks thank sorry
        please actually just like also still correct right sure listed under different
        same misspelled wrong changed hyphenated i'm im it's legally"""
    )
)
_WORD = rf"(?!{_NOT_NAME}(?![\w'\u2019-]))[a-z][a-z'\u2019-]*[a-z]"
_NAME = rf"{_WORD}(?:\s+{_WORD}){{0,2}}"
_CAPITALISED = r"(?-i:[A-Z][a-z'\u2019-]+)"
_NAME_KIND = r"(?:first|last|middle|full|maiden|patient['\u2019]?s?|legal)"
_FAMILY = alternation(
    word_set(
        """mother mom father dad son daughter husband wife child kid brother sister partner
        grandmother grandma grandfather grandpa grandson granddaughter spouse boyfriend
        girlfriend aunt uncle niece nephew"""
    )
)


class NameCueRecognizer(PatternRecognizer):
    """One to three name-like words after a phrase that introduces a name.

    spaCy's small model misses names it has not seen, especially lower-case ones in
    Whisper output ("um, last name is nguyen", "it's priya"). These cues catch them: "my
    name is", "last name's", "this is X calling", "this is Jennifer", "Dr. Patel",
    "speaking with", "calling on behalf of". Stop words end the name, so "my name is on
    the account" is nothing.

    >>> rec = NameCueRecognizer()
    >>> text = "um, last name is nguyen and"
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["PERSON"])]
    ['nguyen']
    """

    PATTERNS = [
        Pattern(
            "name is",
            rf"(?<=\b(?:{_NAME_KIND}\s+)?name(?:\s+is|['\u2019]s|s)\s*[,:]?\s+"
            rf"(?:(?:um|uh|it's|it\u2019s)[,\s]+)*){_NAME}",
            0.6,
        ),
        Pattern(
            "kind of name",
            rf"(?<=\b{_NAME_KIND}\s+name\s*[,:]?\s+(?:(?:um|uh)[,\s]+)*){_NAME}",
            0.5,
        ),
        Pattern("this is Name", rf"(?<=\bthis\s+is\s+){_CAPITALISED}(?:\s+{_CAPITALISED})?", 0.5),
        Pattern(
            "this is name calling",
            rf"(?<=\b(?:this\s+is|i['\u2019]?m|it['\u2019]s)\s+){_NAME}"
            r"(?=[,\s]+(?:calling|speaking|from|with|here)\b)",
            0.5,
        ),
        Pattern(
            "title name",
            r"(?<=\b(?:mr|mrs|ms|miss|dr|doctor|mister|missus)\.?\s+)"
            rf"{_WORD}(?:\s+{_CAPITALISED})?",
            0.6,
        ),
        Pattern(
            "introduced name",
            r"(?<=\b(?:speaking\s+(?:with|to)|calling\s+for|on\s+behalf\s+of|patient\s+is)\s+)"
            rf"{_NAME}",
            0.5,
        ),
        Pattern("family member", rf"(?<=\bmy\s+{_FAMILY}\s*,?\s+){_NAME}", 0.4),
        Pattern("this is name.", rf"(?<=\bthis\s+is\s+){_NAME}(?=\s*[,.?!]|\s*$)", 0.4),
    ]
    CONTEXT = ["name", "patient", "spell", "speak", "call"]
    # Cues loose enough that the next word is often not a name ("the doctor wanted", "my
    # son broke", "this is great"): spaCy's part-of-speech tags must agree before they count.
    # "function" drops spans that start with a function word or verb; "proper" needs a
    # proper noun in the span.
    GUARDED = {
        "title name": "function",
        "introduced name": "function",
        "family member": "function",
        "this is name.": "proper",
    }
    NOT_NAME_POS = frozenset(
        {"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "PUNCT", "ADV"}
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PERSON", patterns=list(self.PATTERNS), context=list(self.CONTEXT)
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Cue matches, with the loose cues trimmed to the words spaCy tags as name-like."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return results
        kept = []
        for result in results:
            explanation = result.analysis_explanation
            guard = self.GUARDED.get(explanation.pattern_name) if explanation else None
            if guard is None:
                kept.append(result)
                continue
            tokens = [t for t in nlp_artifacts.tokens if result.start <= t.idx < result.end]
            while tokens and tokens[-1].pos_ in self.NOT_NAME_POS:
                tokens.pop()
            if not tokens or tokens[0].pos_ in self.NOT_NAME_POS:
                continue
            if guard == "proper" and not any(t.pos_ == "PROPN" for t in tokens):
                continue
            result.end = min(result.end, tokens[-1].idx + len(tokens[-1]))
            kept.append(result)
        return kept
