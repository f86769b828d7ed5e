"""Names after the phrases that introduce them, in any case.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from exact_spans import Expectation, rows

from redactor.detect.recognizers.name_cue import NameCueRecognizer

RECOGNIZER = NameCueRecognizer()
PER = "PERSON"

# id: (text, entity, the exact text of each span of that entity expected, or None for no
# span at all); see exact_spans.
CASES: dict[str, tuple[str, str, Expectation]] = {
    "my-name-is": ("my name is jennifer walsh", PER, "jennifer walsh"),
    "last-name-is": ("um, last name is nguyen", PER, "nguyen"),
    "its-x-calling": ("it's priya calling about my refill", PER, "priya"),
    "this-is-capitalised": ("This is Kevin, how can I help?", PER, "Kevin"),
    "this-is-all-capitals": ("Hi, this is DMITRI Banks.", PER, "DMITRI Banks"),
    "first-name-comma": ("first name, Aisha", PER, "Aisha"),
    "title": ("Dr. Patel said to call", PER, "Patel"),
    "speaking-with": ("I'm speaking with maria", PER, "maria"),
    "names-glued": ("my names Tom O'Brien.", PER, "Tom O'Brien"),
    "on-behalf-of": ("calling on behalf of rosa diaz", PER, "rosa diaz"),
    "family-member": ("my mother rosa diaz needs a refill", PER, "rosa diaz"),
    "patients-name": ("the patient's name is tom o'brien", PER, "tom o'brien"),
    "dr-then-an-everyday-word": ("Okay, I'll send that over to Dr. outside today.", PER, "outside"),
    "doctor-name-between-commas": ("So doctor, moral, look at your labs.", PER, "moral"),
    "doctor-then-a-garbled-name-then-a-verb": (
        "Alright, doctor, with the yield left a note for you.",
        PER,
        "with the yield",
    ),
    "doctor-full-stop-garbled-name-comma-verb": (
        "Alright, Doctor. With yield, review your results.",
        PER,
        "With yield",
    ),
    "dr-then-a-name-split-in-capitalised-words": (
        "Monday at one with Dr. For Bridge, not in the morning.",
        PER,
        "For Bridge",
    ),
    "doctor-full-stop-then-a-garbled-name-then-a-verb": (
        "Okay, I see doctor. I'll be on the left and note for you.",
        PER,
        "I'll be on the",
    ),
    "doctor-full-stop-then-a-name": (
        "Okay, I'll send that over to Doctor. Chaudhry today.",
        PER,
        "Chaudhry",
    ),
    "neg-doctor-full-stop-then-a-verb": ("Thanks, doctor. Have a good day.", PER, None),
    "neg-doctor-full-stop-then-a-pronoun": ("Thank you, doctor. She was great.", PER, None),
    "neg-doctor-full-stop-then-a-possessive": ("Okay, doctor. My son has a fever.", PER, None),
    "neg-the-doctor-full-stop-then-a-verb": (
        "I'll ask the doctor. Someone will call you.",
        PER,
        None,
    ),
    "neg-dr-then-a-pronoun-capitalised": ("Dr. I Said so.", PER, None),
    "dr-name-will": ("Okay, Dr. Kaplan will review your labs.", PER, "Kaplan"),
    "neg-the-doctor-left-a-note": ("So the doctor left a note for you.", PER, None),
    "neg-tell-doctor-that-i-said": ("Please tell doctor that I said thanks.", PER, None),
    "neg-doctor-comma-please": ("Thanks, doctor, please hold on.", PER, None),
    "neg-dr-and": ("Dr. and the nurse are in.", PER, None),
    "neg-this-is-great": ("this is great", PER, None),
    "neg-this-is-about": ("this is about my bill", PER, None),
    "neg-name-on-account": ("my name is on the account", PER, None),
    "neg-asking-name": ("can I get your name and date of birth", PER, None),
    "neg-the-doctor": ("the doctor wanted blood work", PER, None),
    "neg-family-verb": ("my son broke his arm", PER, None),
    "neg-name-please": ("your name, please", PER, None),
    "neg-just-calling": ("I'm just calling to check", PER, None),
    "neg-today": ("today", PER, None),
    "neg-one-second": ("one second", PER, None),
    "relative-after-comma": (
        "I'm calling for my father, Tomasz Wren.",
        "PERSON",
        "Tomasz Wren",
    ),
    "relative-after-full-stop": (
        "I'm calling about my sister. Ana Lu and Reyes. She has",
        "PERSON",
        "Ana Lu and Reyes",
    ),
    "garbled-relative-word": (
        "I'm calling for my partner, the Okonkwo Bright.",
        "PERSON",
        "Okonkwo Bright",
    ),
    "relative-then-clause": ("my daughter, Imogen is sick", "PERSON", "Imogen"),
    "relative-name-heard-as-a-clause": (
        "Hi, I'm calling for my mother, she won a conk",
        "PERSON",
        "she won a conk",
    ),
    "relative-name-after-a-full-stop-heard-as-i": (
        "I'm calling on behalf of my father. I go to you on. He's a patient there.",
        "PERSON",
        "I go to you on",
    ),
    "relative-name-then-the-agent-without-a-stop": (
        "I'm calling about my mom. She's on Linkis Are you on the form?",
        "PERSON",
        "She's on Linkis",
    ),
    "neg-relative-then-a-patient-there": (
        "I'm calling on behalf of my mom. She's a patient there.",
        "PERSON",
        None,
    ),
    "relatives-card-comma-name": ("No, it's my wife's card, Shanice Szabo.", PER, "Shanice Szabo"),
    "relatives-card-then-a-garbled-name": (
        "It's my wife's card. Come on, you. All right.",
        PER,
        "Come on, you",
    ),
    "in-relatives-name-full-stop-name": (
        "It's in my husband's name. Carlos Diaz.",
        PER,
        "Carlos Diaz",
    ),
    "neg-relatives-card-then-a-question": ("It's my wife's card. Is that okay?", PER, None),
    "neg-relatives-card-then-a-clause": ("It's my husband's card. He said it's fine.", PER, None),
    "neg-relatives-card-then-the-expiry": (
        "It's my mom's card. The expiration is 0 4 27.",
        PER,
        None,
    ),
    "neg-relative-then-a-clause": ("I'm calling about my dad. I think he fell.", "PERSON", None),
    "neg-relative-then-an-age": ("I'm calling for my father, he's ninety four.", "PERSON", None),
    "to-doctor-then-an-everyday-word-then-today": (
        "Okay, I'll send that over to doctor outside today.",
        "PERSON",
        "outside",
    ),
    "sent-over-to-a-garbled-name-today": (
        "Okay, I'll send that over to Naker, and be on the today.",
        "PERSON",
        "Naker, and be on the",
    ),
    "sent-over-to-doctor-name-today": (
        "I'll send that over to Doctor Patel today.",
        "PERSON",
        "Patel",
    ),
    "neg-sent-to-the-pharmacy-today": (
        "I'll send that over to the pharmacy today.",
        "PERSON",
        None,
    ),
    "neg-sent-to-you-today": ("We'll send it to you today.", "PERSON", None),
    "neg-talk-to-doctor-about-it": ("You can talk to doctor about it.", "PERSON", None),
    "neg-relative-pronoun": ("I'm calling about my son, he broke his arm.", "PERSON", None),
    "neg-calling-about-thing": ("I'm calling about my prescription, the refill.", "PERSON", None),
}

# id: why the recognizer's span is not the right one (left as it is: no behaviour change here).
KNOWN_WRONG: dict[str, str] = {}


@pytest.mark.parametrize("case", rows(CASES, KNOWN_WRONG))
def test_name_cue(judge, case: str) -> None:
    text, entity, expected = CASES[case]
    problem = judge(RECOGNIZER, text, entity, expected)
    assert problem is None, f"{case}: {problem}"
