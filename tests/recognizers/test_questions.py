"""Which field the agent's question asks for (``_questions.questions``), by its words.

Cases are looked up by id inside the test so that pytest never prints their text. Each is
what was said before the question (or nothing), then the question; the expected field is the
entity of the question that starts at the question's first word, or None for no question.
"""

from __future__ import annotations

import pytest

from redactor.detect.recognizers._questions import questions
from redactor.testing import transcript_from

# id: (words said before, the question, the field it asks for)
CASES: dict[str, tuple[str, str, str | None]] = {
    # Tiny Whisper's ways of writing "expiration".
    "expiration": ("", "And the expiration date?", "DATE_TIME"),
    "exploration": ("", "And the exploration date?", "DATE_TIME"),
    "xpiration": ("", "And the Xpiration?", "DATE_TIME"),
    "exformation": ("", "And the Exformation?", "DATE_TIME"),
    "information-is-no-expiry": ("", "And the information?", None),
    # Whisper spells "SSN" out.
    "ssn-spelled": ("", "And the last four digits of your S -S -N?", "US_SSN"),
    "ssn-with-stops": ("", "And your S.S.N.?", "US_SSN"),
    "no-ssn-in-words": ("", "And is this your son?", None),
    "date-of-birth-as-mate-on-earth": ("", "Can I get your mate on earth?", "DATE_OF_BIRTH"),
    "mrn": ("", "Do you have your MRN?", "ID_NUMBER"),
    "mrn-spelled": ("", "Do you happen to have your M RN?", "ID_NUMBER"),
    "no-mrn-in-a-name": ("", "Is Mr. Nguyen there?", None),
    # "The number on the card" after insurance was talked about is the insurance card's.
    "insurance-card-after-insurance": (
        "And what insurance do you have? It's through my work.",
        "Can I get the number on the card?",
        "ID_NUMBER",
    ),
    "insurance-card-after-coverage-by-a-plan": (
        "Is that through Medicare? Yes.",
        "Okay, and the card number?",
        "ID_NUMBER",
    ),
    "payment-card-after-paying-the-balance": (
        "Your insurance paid part of it, and the balance is 40 dollars. I'll pay that.",
        "Can I get the number on the card?",
        "CREDIT_CARD",
    ),
    "payment-card-named-so": (
        "And what insurance do you have? It's through my work.",
        "Can I get the number on the credit card?",
        "CREDIT_CARD",
    ),
    "payment-card-with-nothing-said-before": (
        "",
        "Can I get the number on the card?",
        "CREDIT_CARD",
    ),
    "payment-card-after-insurance-long-ago": (
        "What insurance do you have? " + "Okay that is fine and we will see you then. " * 4,
        "Can I get the number on the card?",
        "CREDIT_CARD",
    ),
    # "call-back", as Whisper writes it.
    "callback-hyphenated": ("", "And a call-back number?", "PHONE_NUMBER"),
    "callback-split-by-whisper": ("", "And a Cal -back number.", "PHONE_NUMBER"),
    "callback-in-one-word": ("", "What's a good callback number?", "PHONE_NUMBER"),
    # A caller's own "my number" is the phone's, said new or old.
    "my-old-number": ("", "Can you update my old number?", "PHONE_NUMBER"),
    "my-number": ("", "Do you have my number?", "PHONE_NUMBER"),
    "my-member-number-is-an-id": ("", "Do you need my member number?", "ID_NUMBER"),
    # A question that ends in a code no field names: the billing ZIP code, garbled.
    "billing-code-garbled": ("", "And revealing this code.", "LOCATION"),
    "mailing-code-garbled": ("", "And my mailing list code.", "LOCATION"),
    "the-code-for-the-card": ("", "And the code?", "LOCATION"),
    "security-code-is-the-cards": ("", "And the three digits a clarity code.", "CREDIT_CARD"),
    "four-digit-code-is-the-cards": ("", "And the four digit code.", "CREDIT_CARD"),
    "security-code-is-no-address": ("", "And the security code.", "CREDIT_CARD"),
    "area-code-is-no-address": ("", "And your area code?", None),
    "confirmation-code-is-no-address": ("", "Do you have the confirmation code?", None),
    "code-inside-a-sentence-is-no-address": ("", "Is the code on the letter?", None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_field_a_question_asks_for(case: str) -> None:
    before, question, expected = CASES[case]
    said = before.split() + question.split()
    transcript = transcript_from([(w, i * 0.3, i * 0.3 + 0.25) for i, w in enumerate(said)], 99)
    first = len(before.split())
    asked = [q.entity for q in questions(transcript) if q.first_word == first]
    assert asked == ([expected] if expected else []), f"{case}: asks for {asked}"
