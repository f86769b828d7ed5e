"""redactor's own Presidio recognizers for PHI as Whisper writes speech down.

Presidio's built-in recognizers expect written text; a call transcript says "five five
five, eight six seven", spells names letter by letter and reads emails aloud. Each module
here holds one recognizer for one such shape.

>>> sorted(type(r).__name__ for r in all_recognizers())[:2]
['AgeRecognizer', 'CorrectionRecognizer']
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer
from spacy.language import Language

from redactor.detect.recognizers.age import AgeRecognizer
from redactor.detect.recognizers.correction import CorrectionRecognizer
from redactor.detect.recognizers.date_of_birth import DateOfBirthRecognizer
from redactor.detect.recognizers.email_cue import EmailCueRecognizer
from redactor.detect.recognizers.field_statement import FieldStatementRecognizer
from redactor.detect.recognizers.member_id import MemberIdRecognizer
from redactor.detect.recognizers.name_cue import NameCueRecognizer
from redactor.detect.recognizers.self_introduction import SelfIntroductionRecognizer
from redactor.detect.recognizers.spelled_name import SpelledNameRecognizer
from redactor.detect.recognizers.spoken_digits import SpokenDigitsRecognizer
from redactor.detect.recognizers.spoken_email import SpokenEmailRecognizer
from redactor.detect.recognizers.street_address import StreetAddressRecognizer
from redactor.detect.recognizers.title_case_name import TitleCaseNameRecognizer

__all__ = [
    "AgeRecognizer",
    "CorrectionRecognizer",
    "DateOfBirthRecognizer",
    "EmailCueRecognizer",
    "FieldStatementRecognizer",
    "MemberIdRecognizer",
    "NameCueRecognizer",
    "SelfIntroductionRecognizer",
    "SpelledNameRecognizer",
    "SpokenDigitsRecognizer",
    "SpokenEmailRecognizer",
    "StreetAddressRecognizer",
    "TitleCaseNameRecognizer",
    "all_recognizers",
]


def all_recognizers(nlp: Language | None = None) -> list[EntityRecognizer]:
    """A fresh instance of every redactor recognizer, ready to add to a Presidio registry.

    Pass the spaCy pipeline Presidio uses as ``nlp`` to add the title-case name pass, which
    needs a model to run.

    >>> {e for r in all_recognizers() for e in r.supported_entities} >= {"ID_NUMBER", "PERSON"}
    True
    """
    recognizers: list[EntityRecognizer] = [
        SpokenDigitsRecognizer(),
        SpelledNameRecognizer(),
        SpokenEmailRecognizer(),
        EmailCueRecognizer(),
        DateOfBirthRecognizer(),
        MemberIdRecognizer(),
        StreetAddressRecognizer(),
        NameCueRecognizer(),
        SelfIntroductionRecognizer(),
        FieldStatementRecognizer(),
        AgeRecognizer(),
        CorrectionRecognizer(),
    ]
    if nlp is not None:
        recognizers.append(TitleCaseNameRecognizer(nlp))
    return recognizers
