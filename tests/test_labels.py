"""One label per redacted stretch: overlapping findings become one span of the most specific
type, the others kept as alternatives; the report, the transcript and the counts show one.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from fixture_paths import ARCTIC_CLIP

from redactor import Redactor
from redactor.detect.labels import LABEL_PRECEDENCE, one_label_per_span, precedence
from redactor.evaluate import places_with_two_types
from redactor.report import redact_text
from redactor.testing import FakeTranscriber, transcript_from
from redactor.types import Alternative, Interval, PhiSpan, Redaction, Transcript

# A finding: (entity, the words it covers, recognizer)
Finding = tuple[str, str, str]

# id: (transcript, findings, expected spans as (entity, the words it covers))
CASES: dict[str, tuple[str, list[Finding], list[tuple[str, str]]]] = {
    "date-of-birth-is-also-a-date-and-a-number": (
        "sure it's March 4 1982 thanks",
        [
            ("DATE_TIME", "March 4 1982", "SpacyRecognizer"),
            ("DATE_OF_BIRTH", "March 4 1982", "DateOfBirthRecognizer"),
            ("ID_NUMBER", "4 1982", "SpokenDigitsRecognizer"),
        ],
        [("DATE_OF_BIRTH", "March 4 1982")],
    ),
    "an-age-someone-is-is-no-id": (
        "He's 91. So he doesn't hear well",
        [
            ("ID_NUMBER", "91.", "SpokenDigitsRecognizer"),
            ("DATE_TIME", "91", "AgeRecognizer"),
        ],
        [("DATE_TIME", "91.")],
    ),
    "phone-number-is-also-a-number": (
        "it's 617 555 0199 okay",
        [
            ("US_BANK_NUMBER", "617 555 0199", "UsBankRecognizer"),
            ("ID_NUMBER", "555 0199", "MemberIdRecognizer"),
            ("PHONE_NUMBER", "617 555 0199", "SpokenDigitsRecognizer"),
        ],
        [("PHONE_NUMBER", "617 555 0199")],
    ),
    "member-id-is-also-a-licence-shape": (
        "it's AB44721 thanks",
        [
            ("US_DRIVER_LICENSE", "AB44721", "UsLicenseRecognizer"),
            ("ID_NUMBER", "AB44721", "MemberIdRecognizer"),
        ],
        [("ID_NUMBER", "AB44721")],
    ),
    "zip-code-stays-part-of-the-address": (
        "12 Elm Road Springfield 62704 thanks",
        [
            ("LOCATION", "12 Elm Road Springfield 62704", "QuestionAnswerRecognizer"),
            ("ID_NUMBER", "62704", "SpokenDigitsRecognizer"),
            ("ID_NUMBER", "12", "SpokenDigitsRecognizer"),
        ],
        [("LOCATION", "12 Elm Road Springfield 62704")],
    ),
    "name-reply-with-a-date-volunteered": (
        "it's Ana Lu and my birthday is May 2 1961 okay",
        [
            ("PERSON", "Ana Lu and my birthday is May 2 1961", "QuestionAnswerRecognizer"),
            ("PERSON", "Ana Lu", "SpacyRecognizer"),
            ("DATE_OF_BIRTH", "May 2 1961", "FieldStatementRecognizer"),
        ],
        [("PERSON", "Ana Lu and my birthday is"), ("DATE_OF_BIRTH", "May 2 1961")],
    ),
    "the-field-asked-for-outranks-the-shape": (
        "yes it's 05299795 okay",
        [
            ("ID_NUMBER", "05299795", "QuestionAnswerRecognizer"),
            ("PHONE_NUMBER", "05299795", "PhoneRecognizer"),
        ],
        [("ID_NUMBER", "05299795")],
    ),
    "a-name-cue-outranks-a-place": (
        "my name is Ronch Park okay",
        [
            ("LOCATION", "Ronch Park", "SpacyRecognizer"),
            ("PERSON", "Ronch Park", "NameCueRecognizer"),
        ],
        [("PERSON", "Ronch Park")],
    ),
    "a-month-that-is-a-name": (
        "this is April Jones",
        [("DATE_TIME", "April", "SpacyRecognizer"), ("PERSON", "April Jones", "NameCueRecognizer")],
        [("PERSON", "April Jones")],
    ),
    "findings-of-one-type-side-by-side-are-one": (
        "calling for Rosa Diaz today",
        [("PERSON", "Rosa", "SpacyRecognizer"), ("PERSON", "Diaz", "TitleCaseNameRecognizer")],
        [("PERSON", "Rosa Diaz")],
    ),
    "findings-apart-stay-apart": (
        "Rosa and Diaz",
        [("PERSON", "Rosa", "SpacyRecognizer"), ("PERSON", "Diaz", "SpacyRecognizer")],
        [("PERSON", "Rosa"), ("PERSON", "Diaz")],
    ),
    "a-type-of-another-detector-ranks-last": (
        "it's XQ-7 today",
        [("MY_CODE", "XQ-7", "Mine"), ("DATE_TIME", "XQ-7 today", "SpacyRecognizer")],
        [("DATE_TIME", "XQ-7 today")],
    ),
    # A number only its digit count calls an ID takes the type its context gives it.
    "a-birth-date-said-as-two-numbers-is-one-date": (
        "Um, oh, I'm 22, 1958. Give me one moment",
        [
            ("ID_NUMBER", "22, 1958.", "SpokenDigitsRecognizer"),
            ("DATE_OF_BIRTH", "1958.", "DateOfBirthRecognizer"),
        ],
        [("DATE_OF_BIRTH", "22, 1958.")],
    ),
    "a-zip-code-after-the-city-and-state": (
        "Boise, Idaho. 83702. Thanks.",
        [
            ("LOCATION", "Boise,", "StreetAddressRecognizer"),
            ("ID_NUMBER", "83702.", "SpokenDigitsRecognizer"),
        ],
        [("LOCATION", "Boise,"), ("LOCATION", "83702.")],
    ),
    "a-house-number-before-a-garbled-street": (
        "It's 4117 to Alder Lane. And the city",
        [
            ("ID_NUMBER", "4117", "SpokenDigitsRecognizer"),
            ("LOCATION", "Alder Lane.", "StreetAddressRecognizer"),
        ],
        [("LOCATION", "4117"), ("LOCATION", "Alder Lane.")],
    ),
    "a-corrected-number-said-again-after-sorry": (
        "No, it's 61532. Oh, sorry. 61532, got it.",
        [
            ("LOCATION", "61532. Oh,", "CorrectionRecognizer"),
            ("ID_NUMBER", "61532,", "SpokenDigitsRecognizer"),
        ],
        [("LOCATION", "61532. Oh,"), ("LOCATION", "61532,")],
    ),
    "a-number-after-a-place-spacy-guessed-keeps-its-shape": (
        "I'm in page. San Mateo, 1 -6 -0, 2 -4 -6. Can you",
        [
            ("LOCATION", "San Mateo,", "SpacyRecognizer"),
            ("ID_NUMBER", "1 -6 -0, 2 -4 -6.", "SpokenDigitsRecognizer"),
        ],
        [("LOCATION", "San Mateo,"), ("ID_NUMBER", "1 -6 -0, 2 -4 -6.")],
    ),
    # ... and the digits broken off before it are that number: not the field named long before.
    "a-new-number-after-a-guessed-correction-keeps-its-shape": (
        "Okay, it's zero. No, sorry. Zero, one, six, six, three.",
        [
            ("DATE_OF_BIRTH", "zero.", "CorrectionRecognizer"),
            ("ID_NUMBER", "Zero, one, six, six, three.", "SpokenDigitsRecognizer"),
        ],
        [("ID_NUMBER", "zero."), ("ID_NUMBER", "Zero, one, six, six, three.")],
    ),
    "digits-broken-off-before-starting-over": (
        "Found it. 6, sorry. 612, 0768. Alright",
        [
            ("DATE_OF_BIRTH", "6, sorry.", "CorrectionRecognizer"),
            ("ID_NUMBER", "612, 0768.", "SpokenDigitsRecognizer"),
        ],
        [("ID_NUMBER", "6, sorry. 612, 0768.")],
    ),
    "digits-broken-off-before-a-phone-number": (
        "to Dr. Patel. 4. Let me start over. 4019722818. Thanks",
        [
            ("LOCATION", "4.", "CorrectionRecognizer"),
            ("PHONE_NUMBER", "4019722818.", "SpokenDigitsRecognizer"),
        ],
        [("PHONE_NUMBER", "4."), ("PHONE_NUMBER", "4019722818.")],
    ),
    "a-correction-with-other-digits-keeps-its-field": (
        "No, it's 7. Let me start over. 4019722818. Thanks",
        [
            ("LOCATION", "7.", "CorrectionRecognizer"),
            ("PHONE_NUMBER", "4019722818.", "SpokenDigitsRecognizer"),
        ],
        [("LOCATION", "7."), ("PHONE_NUMBER", "4019722818.")],
    ),
    # Ten digits are a phone number by their count; said again after the account number, they
    # are the account number.
    "an-account-number-read-back": (
        "Account? So it's 263 237 7834. Just to confirm, 263 237 7834. Uh huh",
        [
            ("ID_NUMBER", "263 237 7834.", "QuestionAnswerRecognizer"),
            ("PHONE_NUMBER", "263 237 7834. Uh", "SpokenDigitsRecognizer"),
        ],
        [("ID_NUMBER", "263 237 7834."), ("ID_NUMBER", "263 237 7834. Uh")],
    ),
    "a-phone-number-after-an-account-number": (
        "Account? So it's 263 237 7834. And my phone, 415 555 0199. Uh huh",
        [
            ("ID_NUMBER", "263 237 7834.", "QuestionAnswerRecognizer"),
            ("PHONE_NUMBER", "415 555 0199.", "SpokenDigitsRecognizer"),
        ],
        [("ID_NUMBER", "263 237 7834."), ("PHONE_NUMBER", "415 555 0199.")],
    ),
    # Not the card number before it: the expiry date that "Expiration" names.
    "a-number-after-another-field-named-is-that-field": (
        "it's 4417 0021. Expiration on 05 slash 29.",
        [
            ("CREDIT_CARD", "4417 0021.", "QuestionAnswerRecognizer"),
            ("ID_NUMBER", "05", "SpokenDigitsRecognizer"),
        ],
        [("CREDIT_CARD", "4417 0021."), ("DATE_TIME", "05")],
    ),
    "a-number-after-a-question-keeps-its-shape": (
        "Boise, Idaho. Member ID? 556402 thanks",
        [
            ("LOCATION", "Boise,", "StreetAddressRecognizer"),
            ("ID_NUMBER", "556402", "SpokenDigitsRecognizer"),
        ],
        [("LOCATION", "Boise,"), ("ID_NUMBER", "556402")],
    ),
    # (The year is the end of a date of birth: see "a-birth-year-with-nothing-around".)
    "a-year-next-to-an-age-is-no-age": (
        "1931, she's 94, this year",
        [
            ("ID_NUMBER", "1931,", "SpokenDigitsRecognizer"),
            ("ID_NUMBER", "94,", "SpokenDigitsRecognizer"),
            ("DATE_TIME", "94,", "AgeRecognizer"),
        ],
        [("DATE_OF_BIRTH", "1931,"), ("DATE_TIME", "94,")],
    ),
    "a-number-between-two-kinds-of-value-keeps-its-shape": (
        "Idaho 83702 555 0142 phone",
        [
            ("LOCATION", "Idaho 83702", "StreetAddressRecognizer"),
            ("ID_NUMBER", "83702 555 0142", "SpokenDigitsRecognizer"),
            ("PHONE_NUMBER", "555 0142 phone", "FieldStatementRecognizer"),
        ],
        [("LOCATION", "Idaho 83702"), ("PHONE_NUMBER", "555 0142 phone")],
    ),
    # A value named by the words right at it outranks the reply the question before typed.
    "an-age-inside-a-birth-date-reply": (
        "Birth? October 16, 23, he's 102 and still sharp. Okay",
        [
            (
                "DATE_OF_BIRTH",
                "October 16, 23, he's 102 and still sharp.",
                "QuestionAnswerRecognizer",
            ),
            ("DATE_OF_BIRTH", "October 16, 23", "DateOfBirthRecognizer"),
            ("DATE_TIME", "102", "AgeRecognizer"),
        ],
        [
            ("DATE_OF_BIRTH", "October 16, 23, he's"),
            ("DATE_TIME", "102"),
            ("DATE_OF_BIRTH", "and still sharp."),
        ],
    ),
    "a-month-said-before-the-birth-date": (
        "It's January, um, January 5th, 1995. And",
        [
            ("DATE_TIME", "January", "SpacyRecognizer"),
            ("DATE_OF_BIRTH", "January 5th, 1995.", "DateOfBirthRecognizer"),
        ],
        [("DATE_OF_BIRTH", "January"), ("DATE_OF_BIRTH", "January 5th, 1995.")],
    ),
    # A number right after a field's name, with no value found around it, is that field.
    "a-number-right-after-the-card-ending": (
        "Okay, the card ending in. A815 correct.",
        [("ID_NUMBER", "A815", "MemberIdRecognizer")],
        [("CREDIT_CARD", "A815")],
    ),
    "a-number-right-after-expiration": (
        "Thanks. And expiration, 1028. Thanks.",
        [
            ("DATE_TIME", "1028", "SpacyRecognizer"),
            ("ID_NUMBER", "1028.", "SpokenDigitsRecognizer"),
        ],
        [("DATE_TIME", "1028.")],
    ),
    "a-zip-code-after-a-state-nobody-found": (
        "Little Rock, Arkansas. 72205. Do you want",
        [("ID_NUMBER", "72205.", "SpokenDigitsRecognizer")],
        [("LOCATION", "72205.")],
    ),
    "the-rest-of-a-number-after-its-area-code": (
        "Sure, area code 865 and M. 4147993. Thanks",
        [
            ("ID_NUMBER", "865", "SpokenDigitsRecognizer"),
            ("ID_NUMBER", "M. 4147993.", "SpokenDigitsRecognizer"),
        ],
        [("PHONE_NUMBER", "865"), ("PHONE_NUMBER", "M. 4147993.")],
    ),
    "a-number-a-field-named-long-ago-keeps-its-shape": (
        "area code is what I need, but first the 41 8 thanks",
        [("ID_NUMBER", "41 8", "SpokenDigitsRecognizer")],
        [("ID_NUMBER", "41 8")],
    ),
    # A number that says again digits of a value nearby is that value, read back or corrected.
    "a-correction-says-again-digits-of-the-card": (
        "it's 4117 5596 0021. Got it, thanks. Correct? Not quite it's 5 5 9 6 okay",
        [
            ("CREDIT_CARD", "4117 5596 0021.", "QuestionAnswerRecognizer"),
            ("ID_NUMBER", "5 5 9 6", "SpokenDigitsRecognizer"),
        ],
        [("CREDIT_CARD", "4117 5596 0021."), ("CREDIT_CARD", "5 5 9 6")],
    ),
    "a-number-with-other-digits-keeps-its-shape": (
        "it's 4117 5596 0021. Got it, thanks. Correct? And the 7 7 3 1 okay",
        [
            ("CREDIT_CARD", "4117 5596 0021.", "QuestionAnswerRecognizer"),
            ("ID_NUMBER", "7 7 3 1", "SpokenDigitsRecognizer"),
        ],
        [("CREDIT_CARD", "4117 5596 0021."), ("ID_NUMBER", "7 7 3 1")],
    ),
    # The street's own name between a house number and the rest of the address.
    "a-house-number-before-a-street-and-unit": (
        "So that's 243 3 2 Juniper street, unit 7. Spokane",
        [
            ("ID_NUMBER", "243 3 2", "SpokenDigitsRecognizer"),
            ("LOCATION", "unit 7. Spokane", "StreetAddressRecognizer"),
        ],
        [("LOCATION", "243 3 2"), ("LOCATION", "unit 7. Spokane")],
    ),
    # Nobody was born in a year still to come: a card's expiry date.
    "a-date-in-years-to-come-is-no-birth-date": (
        "the x -tyry on the that? December 2090. And the",
        [("DATE_OF_BIRTH", "December 2090.", "DateOfBirthRecognizer")],
        [("DATE_TIME", "December 2090.")],
    ),
    "a-date-in-years-gone-is-a-birth-date": (
        "the x -tyry on the that? December 1990. And the",
        [("DATE_OF_BIRTH", "December 1990.", "DateOfBirthRecognizer")],
        [("DATE_OF_BIRTH", "December 1990.")],
    ),
    # A number after the reply to a question for a numeric field, before anything else is
    # asked or named, is a late reply to it.
    "a-late-reply-to-a-record-number-question": (
        "Do you have the medical record number? I think so, one sec. Okay, it's 1899171574. Okay",
        [("PHONE_NUMBER", "1899171574.", "SpokenDigitsRecognizer")],
        [("ID_NUMBER", "1899171574.")],
    ),
    "a-late-reply-that-spacy-took-for-a-date": (
        "Do you have your member ID? It's on the card. Found it. 10 28 44. Let",
        [("DATE_TIME", "10 28 44.", "SpacyRecognizer")],
        [("ID_NUMBER", "10 28 44.")],
    ),
    "a-late-reply-to-a-phone-question": (
        "And a good number to reach you? Sure, let me see, it's 41 87. Thanks",
        [("ID_NUMBER", "41 87.", "SpokenDigitsRecognizer")],
        [("PHONE_NUMBER", "41 87.")],
    ),
    "a-number-after-another-question-keeps-its-shape": (
        "Do you have the medical record number? Yes. Anything else? 1899171574. Okay",
        [("PHONE_NUMBER", "1899171574.", "SpokenDigitsRecognizer")],
        [("PHONE_NUMBER", "1899171574.")],
    ),
    "a-number-after-another-field-named-keeps-its-shape-too": (
        "Do you have the medical record number? Yes, and my cell is 1899171574. Okay",
        [("PHONE_NUMBER", "1899171574.", "SpokenDigitsRecognizer")],
        [("PHONE_NUMBER", "1899171574.")],
    ),
    # Nine digits are a social security number to Presidio by their shape alone.
    "nine-digits-in-the-reply-to-an-account-question": (
        "Account? Yes, it's 111515121. One moment",
        [
            ("ID_NUMBER", "it's", "QuestionAnswerRecognizer"),
            ("US_SSN", "111515121", "UsSsnRecognizer"),
            ("ID_NUMBER", "111515121", "SpokenDigitsRecognizer"),
        ],
        [("ID_NUMBER", "it's 111515121")],
    ),
    "nine-digits-with-nothing-around-stay-a-social": (
        "Thanks. Yes, 111515121. One moment",
        [("US_SSN", "111515121", "UsSsnRecognizer")],
        [("US_SSN", "111515121")],
    ),
    # A year of the 1900s that nothing else types ends a date of birth.
    "a-birth-year-with-nothing-around": (
        "the latest word? Matrix, 1926. Can you spell",
        [("ID_NUMBER", "1926.", "SpokenDigitsRecognizer")],
        [("DATE_OF_BIRTH", "1926.")],
    ),
    "a-number-holding-a-year-inside-keeps-its-shape": (
        "the latest word? Matrix, 1926 4471. Can you spell",
        [("ID_NUMBER", "1926 4471.", "SpokenDigitsRecognizer")],
        [("ID_NUMBER", "1926 4471.")],
    ),
    # Ten digits are a phone number's count, but not with letters among them.
    "ten-digits-with-letters-are-an-id": (
        "Yes, it's a champion Henry H. 217 -064 -3 -001. Just to",
        [
            ("ID_NUMBER", "H. 217 -064 -3 -001", "MemberIdRecognizer"),
            ("PHONE_NUMBER", "217 -064 -3 -001.", "SpokenDigitsRecognizer"),
        ],
        [("ID_NUMBER", "H. 217 -064 -3 -001.")],
    ),
    "ten-digits-before-the-callers-i-stay-a-phone-number": (
        "I got a new phone. It's 2095710321. I can't get",
        [
            ("ID_NUMBER", "2095710321. I", "MemberIdRecognizer"),
            ("PHONE_NUMBER", "2095710321.", "SpokenDigitsRecognizer"),
        ],
        [("PHONE_NUMBER", "2095710321. I")],
    ),
    # A word that says no number takes no type said in numbers only, when another is given.
    "a-name-in-the-reply-to-the-card-question": (
        "the name on the card? It's my wife's card, Dana Kowal. Okay",
        [
            ("CREDIT_CARD", "It's my wife's card, Dana Kowal.", "QuestionAnswerRecognizer"),
            ("PERSON", "Dana Kowal", "SpacyRecognizer"),
        ],
        [("CREDIT_CARD", "It's my wife's card,"), ("PERSON", "Dana Kowal.")],
    ),
    "a-name-before-the-date-of-birth-in-one-reply": (
        "name and birthday? Ruth Almeida, date of birth, 3 4 1961. Thanks",
        [
            ("DATE_OF_BIRTH", "Ruth Almeida, date of birth, 3 4 1961.", "QuestionAnswerRecognizer"),
            ("PERSON", "Ruth Almeida", "SpacyRecognizer"),
            ("DATE_OF_BIRTH", "3 4 1961.", "FieldStatementRecognizer"),
        ],
        [("PERSON", "Ruth Almeida,"), ("DATE_OF_BIRTH", "date of birth, 3 4 1961.")],
    ),
    "a-month-in-a-date-of-birth-stays-a-date": (
        "birthday? It's June 4 1961. Thanks",
        [
            ("DATE_OF_BIRTH", "It's June 4 1961.", "QuestionAnswerRecognizer"),
            ("PERSON", "June", "SpacyRecognizer"),
        ],
        [("DATE_OF_BIRTH", "It's June 4 1961.")],
    ),
    "lone-letters-in-a-date-of-birth-stay-a-date": (
        "birth? 12, 12, M -T -I -N. Can you",
        [
            ("DATE_OF_BIRTH", "12, 12, M", "QuestionAnswerRecognizer"),
            ("PERSON", "12, M -T -I -N.", "SpelledNameRecognizer"),
        ],
        [("DATE_OF_BIRTH", "12, 12, M"), ("PERSON", "-T -I -N.")],
    ),
    "digits-under-a-phone-stay-a-phone": (
        "number? 617 555 0199 thanks",
        [
            ("PHONE_NUMBER", "617 555 0199", "QuestionAnswerRecognizer"),
            ("LOCATION", "617", "SpacyRecognizer"),
        ],
        [("PHONE_NUMBER", "617 555 0199")],
    ),
    # An address that ends in a web domain is an e-mail address.
    "an-address-with-a-dot-net-is-an-email": (
        "And an a male address. It's Lena .marsh .comcast .net. I have",
        [("LOCATION", "It's Lena .marsh .comcast .net.", "QuestionAnswerRecognizer")],
        [("EMAIL_ADDRESS", "It's Lena .marsh .comcast .net.")],
    ),
    "an-address-with-dot-com-in-words-is-an-email": (
        "your address? lena marsh at gmail dot com okay",
        [("LOCATION", "lena marsh at gmail dot com", "QuestionAnswerRecognizer")],
        [("EMAIL_ADDRESS", "lena marsh at gmail dot com")],
    ),
    "a-street-address-stays-an-address": (
        "your address? 12 Comet Lane okay",
        [("LOCATION", "12 Comet Lane", "QuestionAnswerRecognizer")],
        [("LOCATION", "12 Comet Lane")],
    ),
    # An ID asked for but answered with a month and a year: the card's expiry date.
    "a-month-and-year-for-an-account-number-is-an-expiry": (
        "What's the account number on that? Um, June, 2031, 1 what's the zip",
        [
            ("ID_NUMBER", "Um, June, 2031, 1", "QuestionAnswerRecognizer"),
            ("DATE_OF_BIRTH", "June, 2031", "DateOfBirthRecognizer"),
        ],
        [("DATE_TIME", "Um, June, 2031, 1")],
    ),
    "a-month-and-a-past-year-for-a-card-is-an-expiry": (
        "And on the card? It's March 2019. Thanks",
        [("CREDIT_CARD", "It's March 2019.", "QuestionAnswerRecognizer")],
        [("DATE_TIME", "It's March 2019.")],
    ),
    "an-account-number-with-a-month-later-stays-an-id": (
        "account number? 4471 2201 March 2019 okay",
        [("ID_NUMBER", "4471 2201 March 2019", "QuestionAnswerRecognizer")],
        [("ID_NUMBER", "4471 2201 March 2019")],
    ),
    # The security code named right before digits types them, not an address's "code".
    "digits-after-the-security-code-are-the-cards": (
        "And the four digit security code 9 4 1 9. What's the zip",
        [("ID_NUMBER", "9 4 1 9", "SpokenDigitsRecognizer")],
        [("CREDIT_CARD", "9 4 1 9")],
    ),
    "partial-word-finding-keeps-its-characters": (
        "name Walsh. ok",
        [("PERSON", "Walsh", "SpacyRecognizer")],
        [("PERSON", "Walsh")],
    ),
}


def transcript_of(text: str) -> Transcript:
    return transcript_from([(w, i * 0.3, i * 0.3 + 0.25) for i, w in enumerate(text.split())], 9)


def span_of(text: str, entity: str, words: str, recognizer: str, score: float = 0.5) -> PhiSpan:
    start = text.index(words)
    return PhiSpan(entity, start, start + len(words), score, recognizer)


@pytest.mark.parametrize("case", list(CASES))
def test_overlapping_findings_become_one_span_each(case: str) -> None:
    text, findings, expected = CASES[case]
    transcript = transcript_of(text)
    spans = one_label_per_span(transcript, [span_of(text, *finding) for finding in findings])
    got = [(s.entity_type, text[s.start : s.end]) for s in spans]
    assert len(got) == len(expected), f"{case}: {len(got)} spans, expected {len(expected)}"
    mismatched = [i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b]
    assert not mismatched, f"{case}: spans {mismatched} differ in type or extent"
    for first, second in zip(spans, spans[1:], strict=False):
        assert first.end < second.start, f"{case}: two spans share characters"


def test_the_others_are_kept_as_alternatives_types_and_names_only() -> None:
    text, findings, _ = CASES["date-of-birth-is-also-a-date-and-a-number"]
    [span] = one_label_per_span(
        transcript_of(text), [span_of(text, *finding) for finding in findings]
    )
    assert (span.entity_type, span.recognizer) == ("DATE_OF_BIRTH", "DateOfBirthRecognizer")
    assert span.alternatives == (
        Alternative("ID_NUMBER", "SpokenDigitsRecognizer"),
        Alternative("DATE_TIME", "SpacyRecognizer"),
    )


def test_the_finding_that_named_the_field_is_credited_then_the_best_score() -> None:
    text = "my name is Ann Lee"
    spans = [
        span_of(text, "PERSON", "Ann Lee", "SpacyRecognizer", 0.85),
        span_of(text, "PERSON", "Ann Lee", "TitleCaseNameRecognizer", 0.9),
        span_of(text, "PERSON", "Ann Lee", "NameCueRecognizer", 0.6),
    ]
    [span] = one_label_per_span(transcript_of(text), spans)
    assert (span.recognizer, span.score) == ("NameCueRecognizer", 0.6)
    [span] = one_label_per_span(transcript_of(text), spans[:2])
    assert (span.recognizer, span.score) == ("TitleCaseNameRecognizer", 0.9)
    assert span.alternatives == (Alternative("PERSON", "SpacyRecognizer"),)


def test_every_type_we_detect_has_a_place_in_the_precedence() -> None:
    from redactor.detect.detector import DEFAULT_ENTITIES

    assert set(DEFAULT_ENTITIES) == set(LABEL_PRECEDENCE)
    assert len(LABEL_PRECEDENCE) == len(set(LABEL_PRECEDENCE))
    assert precedence("US_SSN") < precedence("ID_NUMBER") < precedence("DATE_TIME")


def test_transcript_shows_one_tag_for_overlapping_redactions() -> None:
    text = "born March 4 1982 and unclear words here"
    redactions = [
        Redaction("DATE_TIME", Interval(0, 1), 0.85, "a", 5, 17),
        Redaction("ID_NUMBER", Interval(0, 1), 0.5, "b", 11, 17),
        Redaction("DATE_OF_BIRTH", Interval(0, 1), 0.6, "c", 5, 17),
        Redaction("UNRELIABLE_TRANSCRIPTION", Interval(1, 2), 1.0, "d", 15, 35,
                  "unreliable_transcription"),
    ]  # fmt: skip
    assert redact_text(text, redactions) == "born [DATE_OF_BIRTH] here"


class _OverlappingDetector:
    """What PhiDetector reports for a date of birth: three findings over the same words."""

    def detect(self, transcript: Transcript) -> list[PhiSpan]:
        text = transcript.text
        return [
            span_of(text, "DATE_TIME", "always want", "SpacyRecognizer", 0.85),
            span_of(text, "DATE_OF_BIRTH", "always want", "DateOfBirthRecognizer", 0.6),
            span_of(text, "ID_NUMBER", "want", "SpokenDigitsRecognizer"),
        ]


def test_report_and_transcript_give_one_type_per_span(tmp_path: Path) -> None:
    words = transcript_from(
        [("and", 0.02, 0.66), ("you", 0.66, 0.94), ("always", 0.94, 1.18), ("want", 1.18, 1.44),
         ("to", 1.44, 1.68), ("see", 1.68, 2.0)],
        duration=4.0,
    )  # fmt: skip
    redactor = Redactor(transcriber=FakeTranscriber(words), detector=_OverlappingDetector())
    result = redactor.redact_file(ARCTIC_CLIP, tmp_path)
    report = json.loads(result.outputs.report.read_text())
    phi = [r for r in report["redactions"] if r["reason"] == "phi"]
    assert Counter(r["entity_type"] for r in phi) == {"DATE_OF_BIRTH": 1}
    assert phi[0]["alternatives"] == [
        {"entity_type": "ID_NUMBER", "recognizer": "SpokenDigitsRecognizer"},
        {"entity_type": "DATE_TIME", "recognizer": "SpacyRecognizer"},
    ]
    assert places_with_two_types(result.redactions) == 0
    assert result.outputs.transcript.read_text() == "and you [DATE_OF_BIRTH] to see\n"
