"""Lower-case names that spaCy only recognises once they are capitalised."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.language import Language

from redactor.detect.recognizers._result import make_result


class TitleCaseNameRecognizer(EntityRecognizer):
    """PERSON names found by running spaCy again on a copy with every word capitalised.

    Whisper often writes names in lower case ("yeah this is dwayne okafor"), and spaCy's
    small model leans on capitals. Only names with a lower-case word and a word spaCy tags
    as a proper noun in the original text are reported: the first pass covers capitalised
    names, and without the proper-noun check words like "copay" come back as names.

    >>> import spacy
    >>> rec = TitleCaseNameRecognizer(spacy.blank("en"))  # a blank model finds nothing
    >>> rec.analyze("yeah this is dwayne okafor", ["PERSON"])
    []
    """

    ENTITIES = ("PERSON",)
    CONTEXT = ("name", "patient", "speak", "call")
    PATTERNS = {"lower_word": re.compile(r"(?<![\w'\u2019-])[a-z](?=[a-z'\u2019-]*(?![\w]))")}
    SCORE = 0.5
    # NER alone is enough here; the tagger, parser and lemmatizer only cost time.
    SKIPPED_PIPES = ("tagger", "parser", "attribute_ruler", "lemmatizer")

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        super().__init__(supported_entities=list(self.ENTITIES), context=list(self.CONTEXT))

    def load(self) -> None:
        """Nothing to load: the spaCy pipeline is the one Presidio already loaded."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """PERSON entities of the capitalised copy that were lower case in ``text``."""
        if entities and "PERSON" not in entities:
            return []
        titled = capitalise_words(text)
        if titled == text:
            return []
        skipped = [pipe for pipe in self.SKIPPED_PIPES if pipe in self._nlp.pipe_names]
        titled_doc = self._nlp(titled, disable=skipped)
        # Capitalised, "copay" and "milligrams" look like names too; spaCy's tags for the
        # original words tell them apart: a real name almost always has a proper noun in it.
        original = nlp_artifacts.tokens if nlp_artifacts is not None else None
        if original is None:
            original = self._nlp(text)
        proper = [(t.idx, t.idx + len(t)) for t in original if t.pos_ == "PROPN"]
        return [
            make_result(self, "PERSON", ent.start_char, ent.end_char, self.SCORE, "title-cased")
            for ent in titled_doc.ents
            if ent.label_ == "PERSON"
            and text[ent.start_char : ent.end_char] != ent.text
            and any(ent.start_char <= start and end <= ent.end_char for start, end in proper)
        ]


def capitalise_words(text: str) -> str:
    """``text`` with each all-lower-case word capitalised; same length, same offsets.

    >>> capitalise_words("hi, it's o'brien from iPhone support")
    "Hi, It's O'brien From iPhone Support"
    """
    return TitleCaseNameRecognizer.PATTERNS["lower_word"].sub(lambda m: m.group().upper(), text)
