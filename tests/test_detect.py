"""PhiDetector on whole call-like transcripts, its configuration errors, and PHI hygiene.

Transcripts are written the way Whisper writes phone calls. Failure messages name calls and
item numbers, never transcript text.
"""

from __future__ import annotations

import logging
import math
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from presidio_analyzer import RecognizerRegistry

import redactor.detect.detector as detect_module
from redactor.detect.detector import DEFAULT_ENTITIES, PhiDetector
from redactor.detect.labels import one_label_per_span
from redactor.errors import ConfigError, DetectionError
from redactor.types import PhiSpan, Transcript, Word

# name: (transcript text, PHI substrings that must be covered, phrases that must stay audible)
CALLS: dict[str, tuple[str, list[str], list[str]]] = {
    "pharmacy": (
        "Thanks for calling Riverside Pharmacy. How can I help you today? Hi, yeah, I need a "
        "refill. My name is marcus bell. Okay, and can I get your date of birth? Sure, it's "
        "October 2nd, 1967. Thank you. And what's the member ID on your card? It's a K-90312. "
        "One second. Okay, I see it, take two tablets twice a day, 500 milligrams. Your copay "
        "is twenty five dollars. Press one to confirm.",
        ["marcus bell", "October 2nd, 1967", "a K-90312"],
        [
            "today?",
            "One second.",
            "two tablets",
            "500 milligrams.",
            "twenty five dollars.",
            "Press one",
        ],
    ),  # fmt: skip
    "scheduling": (
        "Good morning, scheduling. Hi, this is priya raman, I'd like to move my appointment to "
        "Tuesday. Sure, can you spell your last name? R-A-M-A-N. And a good callback number? "
        "Yeah it's 4 1 5, 2 6 3, 9 0 4 8. And your email? priya dot raman at gmail dot com. "
        "And the address we have is 88 Birch Lane, apartment 2, Springfield, Illinois 62704? "
        "Yes. Great, you're all set for Tuesday at 10 30.",
        [
            "priya raman",
            "R-A-M-A-N.",
            "4 1 5, 2 6 3, 9 0 4 8.",
            "priya dot raman at gmail dot com.",
            "88 Birch Lane, apartment 2,",
            "62704?",
        ],
        ["Tuesday.", "Tuesday at 10 30."],
    ),  # fmt: skip
    "billing": (
        "Billing department. Hi, I'm calling about a statement. Member ID is X, Y, E, 5, 5, 1, "
        "2 and the MRN is mRNA820417. My date of birth is the fourth of March, nineteen eighty "
        "two. Can you confirm the phone on file, 555,867,5,309? And my social is 6 1 2, 4 8, "
        "3 9 0 1. Okay, thank you, hold on one second. Have a great day.",
        [
            "X, Y, E, 5, 5, 1, 2",
            "mRNA820417.",
            "the fourth of March, nineteen eighty two.",
            "555,867,5,309?",
            "6 1 2, 4 8, 3 9 0 1.",
        ],
        ["one second.", "Have a great day."],
    ),  # fmt: skip
    "lab-results": (
        "Lab results line. Can I get your date of birth? It's June 3rd, 1971. Thanks. Your "
        "cholesterol was 195. Your A1C was 6.2 and your vitamin D level was 28. The refill "
        "will be a 90 day supply, ready after two thirty.",
        ["June 3rd, 1971."],
        ["195.", "6.2", "28.", "90 day supply,", "after two thirty."],
    ),  # fmt: skip
    "caregiver": (
        "Hi, I'm calling for my grandmother, Beatrix Holm. She lives in Tulsa, Oklahoma. "
        "What email should we use? My email is bholm .net. Okay. We can see her Monday at "
        "1045. Her potassium was 4 .2, which is normal. The lab is in room 214, on floor 2.",
        ["Beatrix Holm.", "Tulsa,", "bholm .net."],
        ["Oklahoma.", "Monday at 1045.", "4 .2,", "room 214,", "floor 2."],
    ),  # fmt: skip
    "member-update": (
        "What's your member ID? It's PS13414. One moment please. And how old is your mother? "
        "She is 97 years old. Can I have the zip code? 93743. One second.",
        ["PS13414.", "97", "93743."],
        ["One moment please.", "years old.", "One second."],
    ),  # fmt: skip
    # A practice's name, an amount and a clock time, which shape-reading recognizers and
    # spaCy take for a name or a number, point at no one.
    "practice-amount-clock": (
        "Thank you for calling Cedar Hill's primary care, how can I help you? Hi, my name is "
        "marcus bell. I see a balance of some 400 and six dollars. And the refill will be "
        "ready after four o 'clock.",
        ["marcus bell."],
        ["Cedar Hill's", "400 and six dollars.", "four o 'clock."],
    ),  # fmt: skip
    "desk-called": (
        "Thank you for calling Billing. How can I help you today?",
        [],
        ["Billing."],
    ),  # fmt: skip
}


# Time words that are not dates: none of them may be beeped.
TIME_WORDS = (
    "Can you hold for one second? We could do Tuesday or tomorrow morning, or is today "
    "better? I'm free now, or this afternoon."
)


def transcript_of(text: str) -> Transcript:
    """A transcript whose words are ``text``'s words, 0.3 s apart."""
    words = tuple(Word(w, i * 0.3, i * 0.3 + 0.25) for i, w in enumerate(text.split(" ")))
    return Transcript(words, duration=len(words) * 0.3)


def covered_words(transcript: Transcript, spans: list[PhiSpan]) -> list[bool]:
    """Per word: does any span touch it?"""
    return [
        any(s.start < end and s.end > start for s in spans)
        for start, end in transcript.word_offsets()
    ]


def words_of(text: str, phrase: str) -> range:
    """Indices of the words of ``phrase`` (a run of whole words) within ``text``."""
    first = len(text[: text.index(phrase)].split(" ")) - 1
    return range(first, first + len(phrase.split(" ")))


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


@pytest.mark.parametrize("call", list(CALLS))
def test_every_phi_word_is_covered(detector: PhiDetector, call: str) -> None:
    text, phi, _ = CALLS[call]
    transcript = transcript_of(text)
    covered = covered_words(transcript, detector.detect(transcript))
    missed = [i for i, item in enumerate(phi) if not all(covered[w] for w in words_of(text, item))]
    assert not missed, f"{call}: PHI items {missed} not fully covered"


@pytest.mark.parametrize("call", list(CALLS))
def test_everyday_phrases_are_not_beeped(detector: PhiDetector, call: str) -> None:
    text, _, plain = CALLS[call]
    transcript = transcript_of(text)
    covered = covered_words(transcript, detector.detect(transcript))
    beeped = [i for i, item in enumerate(plain) if any(covered[w] for w in words_of(text, item))]
    assert not beeped, f"{call}: non-PHI phrases {beeped} were marked as PHI"


def test_spans_are_sorted_in_bounds_and_of_requested_types(detector: PhiDetector) -> None:
    transcript = transcript_of(CALLS["scheduling"][0])
    spans = detector.detect(transcript)
    assert spans
    assert spans == sorted(spans, key=lambda s: (s.start, s.end))
    assert all(0 <= s.start < s.end <= len(transcript.text) for s in spans)
    assert {s.entity_type for s in spans} <= set(detector.entities)
    assert all(0.3 <= s.score <= 1.0 and s.recognizer for s in spans)


def test_plain_time_words_are_dropped(detector: PhiDetector) -> None:
    assert detector.detect(transcript_of(TIME_WORDS)) == []


def test_empty_transcript_has_no_spans(detector: PhiDetector) -> None:
    assert detector.detect(Transcript((), duration=3.0)) == []


def test_default_entities() -> None:
    assert {"PERSON", "DATE_OF_BIRTH", "ID_NUMBER", "US_SSN", "IBAN_CODE"} <= set(DEFAULT_ENTITIES)
    assert len(DEFAULT_ENTITIES) == len(set(DEFAULT_ENTITIES)) == 17


@pytest.mark.parametrize("order", [sorted, lambda found: sorted(found, reverse=True)])
def test_identical_findings_are_credited_to_the_recognizer_named_first(
    detector: PhiDetector, monkeypatch: pytest.MonkeyPatch, order: Callable[[list[str]], list[str]]
) -> None:
    # Presidio hands the recognizers out in a set's order, which changes between processes,
    # and keeps only the first of two identical findings: here both of these find the name.
    def in_given_order(self: Any, *args: Any, **kwargs: Any) -> list[Any]:
        found = original(self, *args, **kwargs)
        by_name = {recognizer.name: recognizer for recognizer in found}
        return [by_name[name] for name in order(list(by_name))]

    original = RecognizerRegistry.get_recognizers
    monkeypatch.setattr(RecognizerRegistry, "get_recognizers", in_given_order)
    words = tuple(Word(w, 0.0, 0.1) for w in ["Hello,", "this", "is", "Pamer", "Logic."])
    [span] = detector.detect(Transcript(words, 1.0))
    assert (span.entity_type, span.recognizer) == ("PERSON", "NameCueRecognizer")


# name: (transcript text, a PHI item in it, the one type it must be redacted under)
LABELLED: dict[str, tuple[str, str, str]] = {
    "age-after-the-birthday": (
        "His birthday is October 2nd, 1934. He's 91. So he doesn't hear well on the phone.",
        "91.",
        "DATE_TIME",
    ),
    "age-with-a-comma": (
        "Um, it's January 8, 24. She's 101, so she doesn't hear well on the phone.",
        "101,",
        "DATE_TIME",
    ),
    # The age's cue outranks the "a number of days is a duration" rule.
    "age-garbled-into-a-duration-before-this-year": (
        "What's his date of birth? It's 1929. He's 90 day this year. Can you confirm it?",
        "90 day",
        "DATE_TIME",
    ),
    "card-number-asked-as-the-number-on-the-car": (
        "Okay. Can I get the number on the car? Sure. It's 410 -05071, 9589 -675 -3. "
        "What's the expiry on that?",
        "410 -05071, 9589 -675 -3.",
        "CREDIT_CARD",
    ),
}


@pytest.mark.parametrize("call", list(LABELLED))
def test_a_cued_value_is_redacted_under_its_field(detector: PhiDetector, call: str) -> None:
    text, item, entity = LABELLED[call]
    transcript = transcript_of(text)
    spans = one_label_per_span(transcript, detector.detect(transcript))
    start = text.index(item)
    types = {s.entity_type for s in spans if s.start < start + len(item) and s.end > start}
    assert types == {entity}, f"{call}: the item is redacted under {sorted(types)}"


# id: (a question and its reply, the value in it, whether a recognizer finds the value for
# what it says). A reply redacted only for where it stands is inferred, and --verify leaves
# it out; the same words found for what they say are heard, and it counts them.
REPLIES: dict[str, tuple[str, str, bool]] = {
    "phone-number": ("And a good callback number? 503-745-9251 And your date of birth?",
                     "503-745-9251", True),
    "phone-number-in-groups": ("What's your phone number? 617 555 0199", "617 555 0199", True),
    "spelled-surname": ("Can you spell the last name? M E N S A H", "M E N S A H", True),
    "garbled-name": ("And your last name? Oh it's for the rest.", "for the rest.", False),
    "no-value": ("And a good callback number? it's the same as before.", "the same as before.",
                 False),
}  # fmt: skip


@pytest.mark.parametrize("case", list(REPLIES))
def test_a_reply_found_for_what_it_says_is_heard(detector: PhiDetector, case: str) -> None:
    text, value, heard = REPLIES[case]
    transcript = transcript_of(text)
    start = transcript.text.index(value)
    over_value = [
        span
        for span in detector.detect(transcript)
        if span.start <= start and span.end >= start + len(value)
    ]
    assert over_value, f"{case}: the value is not redacted"
    assert any(not span.inferred for span in over_value) is heard, case


def test_only_requested_entities_are_reported() -> None:
    detector = PhiDetector(entities=["EMAIL_ADDRESS", "ID_NUMBER"])
    spans = detector.detect(transcript_of(CALLS["scheduling"][0]))
    assert detector.entities == ("EMAIL_ADDRESS", "ID_NUMBER")
    assert {s.entity_type for s in spans} == {"EMAIL_ADDRESS", "ID_NUMBER"}


def test_unknown_entity_is_a_config_error_listing_supported_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        PhiDetector(entities=["PERSON", "FAVOURITE_COLOUR"])
    message = str(caught.value)
    assert "FAVOURITE_COLOUR" in message
    assert all(name in message for name in DEFAULT_ENTITIES)


@pytest.mark.parametrize("entities", [[], "PERSON"], ids=["empty", "bare-string"])
def test_empty_or_bare_string_entities_are_config_errors(entities: list[str] | str) -> None:
    with pytest.raises(ConfigError):
        PhiDetector(entities=entities)


@pytest.mark.parametrize("threshold", [-0.1, 1.5, math.nan, True], ids=str)
def test_threshold_outside_zero_one_is_a_config_error(threshold: float) -> None:
    with pytest.raises(ConfigError):
        PhiDetector(score_threshold=threshold)


def test_detection_error_carries_no_transcript_text(
    detector: PhiDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = CALLS["pharmacy"][1][0]

    def choke(text: str, **_: object) -> list[object]:
        raise ValueError(f"Did not find word '{secret}' in the list of tokens")

    monkeypatch.setattr(detector._analyzer, "analyze", choke)
    with pytest.raises(DetectionError) as caught:
        detector.detect(transcript_of(f"my name is {secret}"))
    assert secret not in str(caught.value)
    assert "ValueError" in str(caught.value)
    # The original exception (and its message) must not ride along into tracebacks.
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_presidio_logs_carry_no_transcript_text(
    detector: PhiDetector, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    text, phi, _ = CALLS["pharmacy"]
    detector.detect(transcript_of(text))
    logging.getLogger("presidio-analyzer").warning("Failed to validate text %s", phi[0])
    assert "text withheld" in caplog.text
    leaked = [i for i, item in enumerate(phi) if item in caplog.text]
    assert not leaked, f"PHI items {leaked} reached the log"


def test_long_transcripts_are_split_without_losing_phi(
    detector: PhiDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = " ".join(call[0] for call in CALLS.values())
    phi = [item for call in CALLS.values() for item in call[1]]
    monkeypatch.setattr(detect_module, "_CHUNK_CHARS", 160)
    monkeypatch.setattr(detect_module, "_CHUNK_OVERLAP", 70)
    transcript = transcript_of(text)
    covered = covered_words(transcript, detector.detect(transcript))
    missed = [i for i, item in enumerate(phi) if not all(covered[w] for w in words_of(text, item))]
    assert not missed, f"PHI items {missed} lost at chunk boundaries"


_NO_NETWORK = """
import socket, sys
attempts = []
def refuse(*args, **kwargs):
    attempts.append(1)
    raise OSError("network disabled by test")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
mode = sys.argv[1]
if mode in ("control", "tldextract-first"):
    import tldextract
if mode == "control":
    tldextract.extract("kim.lee@example.org")
else:
    from redactor.detect.detector import PhiDetector
    from redactor.types import Transcript, Word
    text = "email kim.lee@example.org or go to www.example.org"
    words = tuple(Word(w, 0.0, 0.1) for w in text.split())
    spans = PhiDetector(entities=["EMAIL_ADDRESS", "URL"]).detect(Transcript(words, 1.0))
    print("EMAILS", sum(s.entity_type == "EMAIL_ADDRESS" for s in spans))
print("ATTEMPTS", len(attempts))
"""


@pytest.mark.parametrize("mode", ["control", "detect-first", "tldextract-first"])
def test_no_network_access(mode: str, tmp_path: Path) -> None:
    """tldextract must never fetch its suffix list, whichever module is imported first.

    The control run shows the harness does see tldextract's fetch when nothing stops it.
    """
    env = {k: v for k, v in os.environ.items() if k != "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"}
    env["TLDEXTRACT_CACHE"] = str(tmp_path / "tldextract-cache")  # no cached list to hide behind
    src = Path(detect_module.__file__).resolve().parents[2]
    env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")])
    run = subprocess.run(
        [sys.executable, "-c", _NO_NETWORK, mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, f"{mode}: subprocess failed with code {run.returncode}"
    lines = dict(line.split(" ", 1) for line in run.stdout.splitlines() if " " in line)
    attempts = int(lines["ATTEMPTS"])
    if mode == "control":
        assert attempts > 0
    else:
        assert attempts == 0
        assert int(lines["EMAILS"]) >= 1
