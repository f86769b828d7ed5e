#!/usr/bin/env python3
"""Generate a deterministic corpus of synthetic healthcare calls with gold PHI timings.

    python bench/make_calls.py OUT_DIR --seed 1 --count 30 [--voices heldout] [--jobs 2]
    python bench/make_calls.py OUT_DIR --family conversations --voices piper --seed 31

Writes OUT_DIR/callNNN_<template>.{wav,mp3,flac} and OUT_DIR/gold.json in the schema of
``sample_audio/gold.json``, plus a "channel" on every item (0 = agent / left, 1 = caller /
right in the stereo files, null in mono files). Two independent families of call scripts:
``templates`` (the default, in this file: scheduling, pharmacy refill, billing, lab results,
caregiver calling for a parent, insurance update) and ``conversations``
(``bench/conversations.py``: paraphrased questions, fillers, volunteered and corrected PHI,
payments by card). Scripts rotate with the call index, and so do the formats (16 kHz WAV,
8 kHz mu-law WAV, 8 kHz stereo WAV, MP3, FLAC); every PHI value, phrasing and voice is drawn
from a random generator seeded by (seed, call index), so the output is byte-identical for a
given seed and does not depend on ``--count`` or ``--jobs``. A call whose speech comes out
shorter than 30 s or longer than 60 s (75 s for the conversations) is drawn again (up to a few
times).

All names, dates, numbers and addresses are fictitious. Synthesis, encoding and the gold
check (the decoded final file must line up with the master timeline within 30 ms) are in
``bench/synth.py``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

# bench/synth.py: run as a script, this file's folder is on sys.path
from synth import (
    FORMATS,
    MASTER_SR,
    PIPER_VOICES,
    VOICES,
    Call,
    Phrase,
    begin_call,
    build_master,
    check_tools,
    phi,
    render_call,
    say,
)

REFERENCE_YEAR = 2025  # "today", for ages and dates of birth
# Call lengths (s) per family of scripts; the conversations have longer turns.
SECONDS = {"templates": (30.0, 60.0), "conversations": (30.0, 75.0)}
ATTEMPTS = 6  # draws per call to land within its family's SECONDS
FORMAT_ROTATION = ["wav16", "wav8_mulaw", "wav8_stereo", "mp3", "flac"]

# Named voice sets for --voices. The tests' sample calls use SAMPLE_VOICES, so a held-out
# corpus should use HELDOUT_VOICES. "all" is every robotic voice (espeak-ng and flite), as it
# was before the natural voices came; "piper" the natural ones (the bench extra).
SAMPLE_VOICES = ["espeak_us", "flite_slt", "flite_rms", "flite_awb"]
VOICE_SETS = {
    "all": list(VOICES),
    "samples": SAMPLE_VOICES,
    "heldout": [v for v in VOICES if v not in SAMPLE_VOICES],
    "piper": list(PIPER_VOICES),
}

# Entity labels in gold.json.
PERSON = "PERSON"
DOB = "DATE_OF_BIRTH"
AGE = "AGE"  # ages over 89
PHONE = "PHONE_NUMBER"
EMAIL = "EMAIL_ADDRESS"
LOCATION = "LOCATION"  # street address, city, ZIP code
MEMBER_ID = "ID_NUMBER"  # health plan member ID
MRN = "MEDICAL_RECORD_NUMBER"
SSN = "US_SSN"  # last four of the social security number
ACCOUNT = "ACCOUNT_NUMBER"

# ----------------------------------------------------------------------------- fictitious values

FEMALE_FIRST = [
    "Maria", "Rosa", "Guadalupe", "Lucia", "Mei", "Linh", "Priya", "Yuki", "Latoya", "Keisha",
    "Imani", "Aaliyah", "Katarzyna", "Olga", "Jelena", "Irina", "Jennifer", "Susan", "Emily",
    "Margaret", "Dorothy", "Ngozi",
]  # fmt: skip
MALE_FIRST = [
    "Jose", "Carlos", "Luis", "Miguel", "Wei", "Minh", "Hiroshi", "Raj", "DeShawn", "Tyrone",
    "Jamal", "Darnell", "Marcus", "Dmitri", "Tomasz", "Milan", "Bogdan", "Pavel", "Robert",
    "James", "William", "Harold", "Kwame",
]  # fmt: skip
LAST_NAMES = [
    "Gonzalez", "Hernandez", "Ramirez", "Castillo", "Morales", "Delgado", "Nguyen", "Chen",
    "Kim", "Tanaka", "Patel", "Zhang", "Park", "Wong", "Washington", "Jackson", "Jefferson",
    "Banks", "Mosley", "Robinson", "Kowalski", "Novak", "Petrov", "Horvath", "Wojcik", "Dvorak",
    "Popescu", "Walsh", "Miller", "Sullivan", "Okafor", "Mensah",
]  # fmt: skip
STREETS = [
    "Maple Avenue", "Oak Street", "Cedar Lane", "Elm Drive", "Birch Road", "Willow Court",
    "Lincoln Boulevard", "Pine Street", "Lakeview Drive", "Magnolia Way", "Chestnut Street",
    "Hillside Avenue", "Riverside Drive", "Sycamore Place",
]  # fmt: skip
# (city, state, first three digits of its ZIP codes); the state is not PHI, city and ZIP are
CITIES = [
    ("Springfield", "Illinois", "627"), ("Worcester", "Massachusetts", "016"),
    ("Fresno", "California", "937"), ("El Paso", "Texas", "799"),
    ("Tacoma", "Washington", "984"), ("Dayton", "Ohio", "454"),
    ("Albuquerque", "New Mexico", "871"), ("Savannah", "Georgia", "314"),
    ("Tulsa", "Oklahoma", "741"), ("Hialeah", "Florida", "330"),
    ("Milwaukee", "Wisconsin", "532"), ("Durham", "North Carolina", "277"),
    ("Lowell", "Massachusetts", "018"), ("Chandler", "Arizona", "852"),
]  # fmt: skip
AREA_CODES = ["617", "415", "312", "713", "206", "404", "305", "718", "503", "602", "919", "210"]
# (what gold.json says, what the synthesizer reads: "G mail" makes "gmail" come out right)
EMAIL_DOMAINS = [("gmail", "G mail"), ("yahoo", "yahoo"), ("outlook", "outlook"),
                 ("hotmail", "hotmail")]  # fmt: skip
ID_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I or O, as on many ID cards
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

# ----------------------------------------------------------------------------- number words

ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINAL_ONES = [
    "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
]  # fmt: skip
ORDINAL_TENS = {20: "twentieth", 30: "thirtieth"}


def cardinal(n: int) -> str:
    """0 <= n < 1000 in words: 42 -> "forty two", 305 -> "three hundred five"."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    rest = n % 100
    return ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + cardinal(rest))


def ordinal(n: int) -> str:
    """1 <= n <= 31: "fourth", "twenty first", "thirtieth"."""
    if n < 20:
        return ORDINAL_ONES[n]
    if n % 10 == 0:
        return ORDINAL_TENS[n]
    return TENS[n // 10] + " " + ORDINAL_ONES[n % 10]


def pair(n: int) -> str:
    """Two digits the way years and house numbers say them: 5 -> "oh five", 82 -> "eighty two"."""
    return "oh " + ONES[n] if n < 10 else cardinal(n)


def year_words(y: int) -> str:
    """1982 -> "nineteen eighty two", 1905 -> "nineteen oh five", 2003 -> "two thousand three"."""
    if y >= 2000:
        return "two thousand" + ("" if y == 2000 else " " + cardinal(y - 2000))
    return cardinal(y // 100) + (" hundred" if y % 100 == 0 else " " + pair(y % 100))


def digits_words(digits: str, zero: str = "zero", doubles: bool = False) -> str:
    """Digit by digit: "5502" -> "five five oh two", or "double five oh two" with ``doubles``
    (a pair of equal digits, never three in a row)."""
    words: list[str] = []
    i = 0
    while i < len(digits):
        d = int(digits[i])
        word = zero if d == 0 else ONES[d]
        same = i + 1 < len(digits) and digits[i + 1] == digits[i]
        triple = i + 2 < len(digits) and digits[i + 2] == digits[i]
        if doubles and same and not triple:
            words.append("double " + word)
            i += 2
        else:
            words.append(word)
            i += 1
    return " ".join(words)


def spelled(letters: str) -> str:
    """ "Gonzalez" -> "G, O, N, Z, A, L, E, Z" (the commas make the synthesizer pause)."""
    return ", ".join(letters.upper())


# ----------------------------------------------------------------------------- PHI generators


class Person:
    """A fictitious patient or relative and their identifiers."""

    def __init__(self, rng: random.Random, *, female: bool, age: int, last: str | None = None):
        self.female = female
        self.first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
        self.last = last or rng.choice(LAST_NAMES)
        self.age = age
        self.birth_year = REFERENCE_YEAR - age - rng.randint(0, 1)
        self.birth_month = rng.randint(1, 12)
        self.birth_day = rng.randint(1, MONTH_DAYS[self.birth_month - 1])

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def dob_text(rng: random.Random, p: Person) -> str:
    """A date of birth in one of several spoken shapes."""
    month, day, year = p.birth_month, p.birth_day, p.birth_year
    shape = rng.randrange(5)
    if shape == 0:  # March fourth, nineteen eighty two
        return f"{MONTHS[month - 1]} {ordinal(day)}, {year_words(year)}"
    if shape == 1:  # the fourth of March, nineteen eighty two
        return f"the {ordinal(day)} of {MONTHS[month - 1]}, {year_words(year)}"
    if shape == 2 and year < 2000:  # three four eighty two
        return f"{cardinal(month)} {cardinal(day)} {pair(year % 100)}"
    if shape == 3:  # oh three, oh four, nineteen eighty two
        return f"{pair(month)}, {pair(day)}, {year_words(year)}"
    return f"{MONTHS[month - 1]} {cardinal(day)}, {year_words(year)}"  # March four, ...


def phone_text(rng: random.Random) -> str:
    """Ten digits spoken digit by digit in three groups; zero as "oh" or "zero", pairs
    sometimes as "double five"."""
    digits = rng.choice(AREA_CODES) + str(rng.randint(2, 9)) + f"{rng.randrange(100):02d}"
    digits += f"{rng.randrange(10000):04d}"
    zero = rng.choice(["oh", "zero"])
    doubles = rng.random() < 0.5
    groups = [digits[:3], digits[3:6], digits[6:]]
    return ", ".join(digits_words(g, zero, doubles) for g in groups)


def grouped_digits(rng: random.Random, n: int) -> str:
    """``n`` random digits spoken digit by digit, in groups of three or four."""
    digits = "".join(str(rng.randrange(10)) for _ in range(n))
    zero = rng.choice(["oh", "zero"])
    size = 4 if n % 4 == 0 else 3
    groups = [digits[i : i + size] for i in range(0, n, size)]
    return ", ".join(digits_words(g, zero) for g in groups)


def member_id_text(rng: random.Random) -> str:
    """Two or three letters and six to eight digits: "X, Y, E, five five one, two nine oh"."""
    letters = "".join(rng.choice(ID_LETTERS) for _ in range(rng.randint(2, 3)))
    return spelled(letters) + ", " + grouped_digits(rng, rng.choice([6, 8]))


def house_number_text(rng: random.Random) -> str:
    """A house number spoken the usual ways: "seven", "three fifteen", "fourteen twenty",
    "twenty two oh five", "one two five four oh"."""
    size = rng.choice([1, 2, 3, 3, 4, 4, 4, 5])
    if size == 1:
        return ONES[rng.randint(1, 9)]
    if size == 2:
        return cardinal(rng.randint(10, 99))
    if size == 3:
        return ONES[rng.randint(1, 9)] + " " + pair(rng.randint(1, 99))
    if size == 4:
        return cardinal(rng.randint(10, 99)) + " " + pair(rng.randint(1, 99))
    return digits_words(str(rng.randint(10000, 99999)), rng.choice(["oh", "zero"]))


def street_text(rng: random.Random) -> str:
    text = f"{house_number_text(rng)} {rng.choice(STREETS)}"
    if rng.random() < 0.3:
        text += f", apartment {cardinal(rng.randint(1, 30))} {rng.choice('ABCD')}"
    return text


def email_parts(rng: random.Random, p: Person) -> tuple[str, list[str]]:
    """(gold text, spoken chunks): "maria dot gonzalez at gmail dot com"."""
    first, last = p.first.lower(), p.last.lower()
    shape = rng.randrange(4)
    if shape == 0:
        local = f"{first} dot {last}"
    elif shape == 1:
        local = f"{first[0]} {last}"
    elif shape == 2:
        local = f"{first} {last} {pair(p.birth_year % 100)}"
    else:
        local = f"{first} underscore {last}"
    domain, domain_spoken = rng.choice(EMAIL_DOMAINS)
    return f"{local} at {domain} dot com", [local, f"at {domain_spoken}", "dot com"]


# ----------------------------------------------------------------------------- non-PHI numbers

TIMES = ["two thirty", "ten fifteen", "nine o'clock", "three forty five", "eleven thirty"]
DAYS = ["next Tuesday", "this Thursday", "Monday morning", "Friday afternoon"]
COPAYS = ["twenty five dollars", "forty dollars", "ten dollars", "fifteen dollars"]
ROOMS = ["room four twelve", "suite two hundred", "room one oh six", "the third floor"]
MEDS = [
    ("lisinopril", "ten milligrams", "one tablet every morning"),
    ("metformin", "five hundred milligrams", "two tablets a day with meals"),
    ("atorvastatin", "twenty milligrams", "one tablet at bedtime"),
    ("amlodipine", "five milligrams", "one tablet a day"),
    ("levothyroxine", "fifty micrograms", "one tablet before breakfast"),
]  # fmt: skip
LABS = [
    "Your A one C was six point two.",
    "Your cholesterol was one ninety five.",
    "Your vitamin D level was twenty eight.",
    "Your potassium was four point one, which is normal.",
]  # fmt: skip

# ----------------------------------------------------------------------------- call scripts

Turns = list[tuple[str, list[Phrase]]]


class Script:
    """Builds the turns of one call; the blocks below are the recurring parts of a call."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.turns: Turns = []

    def agent(self, *phrases: Phrase | str) -> None:
        self.turns.append(("agent", [say(p) if isinstance(p, str) else p for p in phrases]))

    def caller(self, *phrases: Phrase | str) -> None:
        self.turns.append(("caller", [say(p) if isinstance(p, str) else p for p in phrases]))

    def pick(self, options: list[str]) -> str:
        return self.rng.choice(options)

    def greeting(self, department: str) -> None:
        self.agent(
            f"Thank you for calling {department}.",
            self.pick(["How can I help you today?", "How may I help you?"]),
        )

    def introduce(self, p: Person, reason: str) -> None:
        """The caller gives their name, sometimes spelling the last name."""
        self.caller(self.pick(["Hi, my name is", "Hello, this is"]), phi(PERSON, p.name), reason)
        if self.rng.random() < 0.5:
            self.agent("Can you spell the last name for me?")
            self.caller(self.pick(["Sure, it's", "That's"]), phi(PERSON, spelled(p.last)))

    def verify_dob(self, p: Person, whose: str = "your") -> None:
        self.agent(
            self.pick(
                [
                    f"Can I get {whose} date of birth?",
                    f"And what is {whose} date of birth?",
                    "To verify, what's the date of birth?",
                ]
            )
        )
        self.caller(phi(DOB, dob_text(self.rng, p)))

    def phone(self) -> None:
        self.agent(self.pick(["What's the best phone number to reach you?", "And a phone number?"]))
        number = phone_text(self.rng)
        self.caller(self.pick(["It's", "Sure,"]), phi(PHONE, number))
        self.read_back(PHONE, number)

    def read_back(self, entity: str, text: str) -> None:
        """Sometimes the agent reads the value back (PHI too); sometimes the agent misreads the
        last digit and the caller corrects it."""
        r = self.rng.random()
        if r < 0.4:
            return
        words = text.split(" ")
        right = words[-1]
        if r < 0.85 or right not in ONES:
            self.agent(self.pick(["Let me read that back.", "So that's"]), phi(entity, text))
            self.caller(self.pick(["Yes, that's right.", "Correct."]))
        else:
            wrong = self.rng.choice([w for w in ONES[1:10] if w != right])
            self.agent("So that's", phi(entity, " ".join([*words[:-1], wrong])))
            self.caller("Almost. The last digit is", phi(entity, right))
            self.agent("Got it, thank you.")

    def member_id(self) -> None:
        self.agent(self.pick(["What's your member ID?", "Can I have the member ID on your card?"]))
        value = member_id_text(self.rng)
        self.caller(self.pick(["It's", "Okay, it's"]), phi(MEMBER_ID, value))
        self.read_back(MEMBER_ID, value)

    def mrn(self) -> None:
        self.agent("Do you have your medical record number?")
        self.caller("Yes, it's", phi(MRN, grouped_digits(self.rng, self.rng.choice([7, 8]))))

    def ssn_last_four(self) -> None:
        self.agent("Can you verify the last four of your social?")
        self.caller(phi(SSN, grouped_digits(self.rng, 4)))

    def address(self, question: str = "And what is your address?") -> None:
        self.agent(question)
        self.caller(phi(LOCATION, street_text(self.rng)))
        city, state, zip3 = self.rng.choice(CITIES)
        zip_code = zip3 + f"{self.rng.randrange(100):02d}"
        self.agent("And the city and zip code?")
        self.caller(
            phi(LOCATION, city),
            say(state),
            phi(LOCATION, digits_words(zip_code, self.pick(["oh", "zero"]))),
        )

    def email(self, p: Person) -> None:
        self.agent(self.pick(["What email should we use?", "Can I get an email address?"]))
        text, chunks = email_parts(self.rng, p)
        self.caller("My email is", phi(EMAIL, text, *chunks))

    def maybe(self, probability: float, block: Callable[..., None], *args: Any) -> None:
        if self.rng.random() < probability:
            block(*args)

    def some(self, lines: list[list[str]], k: int = 2) -> None:
        """``k`` of the agent's non-PHI lines, in order (each a turn)."""
        for i in sorted(self.rng.sample(range(len(lines)), k)):
            self.agent(*lines[i])

    def hold(self) -> None:
        self.agent(self.pick(["One moment please.", "Please hold for one moment."]))

    def closing(self) -> None:
        if self.rng.random() < 0.5:
            self.agent("Is there anything else I can help you with?")
            self.caller(self.pick(["No, that's all. Thank you.", "No, thank you so much."]))
        else:
            self.caller("Thank you.")
        self.agent(self.pick(["You're welcome. Have a great day.", "Take care. Goodbye."]))


def adult(rng: random.Random) -> Person:
    return Person(rng, female=rng.random() < 0.5, age=rng.randint(19, 80))


def scheduling(s: Script) -> None:
    p = adult(s.rng)
    s.greeting("the clinic")
    s.introduce(p, "I'd like to schedule a follow up appointment.")
    s.verify_dob(p)
    s.phone()
    s.maybe(0.5, s.email, p)
    s.maybe(0.3, s.mrn)
    s.hold()
    s.agent(f"I have an opening {s.pick(DAYS)} at {s.pick(TIMES)}.")
    s.caller(f"{s.pick(DAYS).capitalize()} would be better, at {s.pick(TIMES)}.")
    s.some(
        [
            [f"That works. You'll be in {s.pick(ROOMS)}."],
            [f"Your copay will be {s.pick(COPAYS)}."],
            ["Please arrive fifteen minutes early."],
        ]
    )
    s.closing()


def pharmacy(s: Script) -> None:
    p = adult(s.rng)
    drug, strength, directions = s.rng.choice(MEDS)
    s.greeting("the pharmacy")
    s.introduce(p, f"I need a refill on my {drug}.")
    s.verify_dob(p)
    if s.rng.random() < 0.6:
        s.address("Can you confirm your address?")
    else:
        s.phone()
    s.hold()
    s.agent(f"I see the {drug}, {strength}.", f"Take {directions}.")
    s.some(
        [
            [f"It will be a ninety day supply, and your copay is {s.pick(COPAYS)}."],
            [f"It will be ready after {s.pick(TIMES)}."],
            ["Press one to get a text when it's ready."],
        ]
    )
    s.closing()


def billing(s: Script) -> None:
    p = adult(s.rng)
    s.greeting("billing")
    s.introduce(p, "I have a question about my bill.")
    s.verify_dob(p)
    s.maybe(0.4, s.ssn_last_four)
    s.agent("Do you have the account number from your statement?")
    account = grouped_digits(s.rng, 8)
    s.caller("Yes, it's", phi(ACCOUNT, account))
    s.read_back(ACCOUNT, account)
    s.hold()
    s.agent("Your balance is one hundred forty two dollars.")
    s.some(
        [
            ["Your insurance paid eighty percent."],
            ["To pay by phone, press two."],
            ["We can do fifty dollars a month for three months."],
        ]
    )
    s.email(p)
    s.closing()


def lab_results(s: Script) -> None:
    p = adult(s.rng)
    s.greeting("the lab results line")
    s.introduce(p, "I'm calling about my blood work.")
    s.verify_dob(p)
    s.mrn()
    s.maybe(0.5, s.ssn_last_four)
    s.hold()
    s.agent(*s.rng.sample(LABS, 2))
    s.agent("The doctor wants you to take five hundred milligrams of vitamin C, two tablets daily.")
    s.caller("Do I need another test?")
    s.agent(f"Yes, in three months. The lab is in {s.pick(ROOMS)}, open at {s.pick(TIMES)}.")
    s.closing()


def caregiver(s: Script) -> None:
    patient = Person(s.rng, female=s.rng.random() < 0.5, age=s.rng.randint(90, 103))
    same_family = s.rng.random() < 0.6
    child = Person(s.rng, female=s.rng.random() < 0.5, age=s.rng.randint(55, 72),
                   last=patient.last if same_family else None)  # fmt: skip
    parent, pronoun = ("mother", "She") if patient.female else ("father", "He")
    s.greeting("the clinic")
    s.caller(
        s.pick(["Hi, this is", "Hello, my name is"]),
        phi(PERSON, child.name),
        f"I'm calling for my {parent},",
        phi(PERSON, patient.name),
    )
    s.agent("Are you listed as a caregiver on the account?")
    s.caller("Yes, I am.", f"{pronoun}'s", phi(AGE, cardinal(patient.age)), "years old.")
    s.verify_dob(patient, whose=f"your {parent}'s")
    r = s.rng.random()
    if r < 0.35:
        s.agent("Can you spell the last name?")
        s.caller("That's", phi(PERSON, spelled(patient.last)))
    elif r < 0.7:
        s.address(f"And your {parent}'s address?")
    else:
        s.agent(f"Do you have your {parent}'s medical record number?")
        s.caller("Yes, it's", phi(MRN, grouped_digits(s.rng, s.rng.choice([7, 8]))))
    s.caller(f"{pronoun} takes two tablets every morning and {pronoun.lower()}'s running out.")
    s.agent("I'll send the request to the doctor.")
    s.agent("What's the best number to call you back?")
    number = phone_text(s.rng)
    s.caller(phi(PHONE, number))
    s.read_back(PHONE, number)
    s.closing()


def insurance(s: Script) -> None:
    p = adult(s.rng)
    s.greeting("member services")
    s.introduce(p, "I have new insurance and need to update it.")
    s.verify_dob(p)
    s.member_id()
    r = s.rng.random()
    if r < 0.35:
        s.ssn_last_four()
    s.agent("One moment while I update that.")
    if r > 0.65:
        s.address("Has your address changed?")
    else:
        s.email(p)
    s.agent(
        s.pick(
            [
                "Your deductible is five hundred dollars.",
                "For pharmacy benefits, press three after the tone.",
            ]
        )
    )
    s.closing()


TEMPLATES: dict[str, Callable[[Script], None]] = {
    "scheduling": scheduling,
    "pharmacy": pharmacy,
    "billing": billing,
    "lab_results": lab_results,
    "caregiver": caregiver,
    "insurance": insurance,
}


def draw_call(seed: int, index: int, attempt: int, voices: list[str]) -> Call:
    """Call ``index`` of a ``templates`` corpus: template and format rotate with the index;
    everything else comes from a generator seeded by (seed, index, attempt)."""
    rng = random.Random(f"{seed}:{index}:{attempt}")
    template = list(TEMPLATES)[index % len(TEMPLATES)]
    fmt = FORMAT_ROTATION[index % len(FORMAT_ROTATION)]
    agent_voice, caller_voice = rng.sample(voices, 2) if len(voices) > 1 else voices * 2
    script = Script(rng)
    TEMPLATES[template](script)
    return {
        "file": f"call{index:03d}_{template}{FORMATS[fmt].suffix}",
        "format": fmt,
        "voices": {"agent": agent_voice, "caller": caller_voice},
        "turns": script.turns,
    }


Drawer = Callable[[int, int, int, list[str]], Call]


FAMILIES = list(SECONDS)


def family_drawer(family: str) -> Drawer:
    """--family name -> its draw function (seed, index, attempt, voices) -> Call."""
    if family == "templates":
        return draw_call
    import conversations  # bench/conversations.py; it uses this module's number words

    return conversations.draw_call


def make_call(job: tuple[str, int, int, list[str], Path]) -> dict[str, Any]:
    """Draw call ``index`` until its length is in range, render it and return its gold."""
    family, seed, index, voices, out_dir = job
    draw = family_drawer(family)
    # the Piper voices' noise is seeded per call; the robotic voices have none
    begin_call(f"{family}:{seed}:{index}")
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        for attempt in range(ATTEMPTS):
            call = draw(seed, index, attempt, voices)
            master, _ = build_master(call, tmp)
            seconds = len(master) / MASTER_SR
            if SECONDS[family][0] <= seconds <= SECONDS[family][1]:
                break
        else:
            print(f"{call['file']}: {seconds:.1f} s after {ATTEMPTS} draws", file=sys.stderr)
        if attempt:
            print(f"{call['file']}: drawn {attempt + 1} times", file=sys.stderr)
        return render_call(call, out_dir, tmp, with_channel=True)


def check_gold(entry: dict[str, Any]) -> None:
    """Items lie inside the file, in order, and never overlap on one channel."""
    items = sorted(entry["phi"] + entry["non_phi"], key=lambda it: it["start"])
    last_end: dict[int | None, float] = {}
    for it in items:
        assert 0 <= it["start"] < it["end"] <= entry["duration"], (entry["file"], it)
        assert it["start"] >= last_end.get(it["channel"], 0.0), (entry["file"], it)
        last_end[it["channel"]] = it["end"]
    assert entry["phi"], entry["file"]


def resolve_voices(spec: list[str]) -> list[str]:
    names: list[str] = []
    for token in spec:
        for name in token.split(","):
            if name in VOICE_SETS:
                names += VOICE_SETS[name]
            elif name in VOICES or name in PIPER_VOICES:
                names.append(name)
            elif name:
                known = ", ".join([*VOICE_SETS, *VOICES, *PIPER_VOICES])
                raise SystemExit(f"unknown voice {name!r}; choose from {known}")
    return list(dict.fromkeys(names))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("out", type=Path, help="output folder (created if missing)")
    ap.add_argument(
        "--family",
        choices=FAMILIES,
        default="templates",
        help="which family of call scripts (default: templates)",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument(
        "--voices",
        nargs="+",
        default=["all"],
        help=f"voice names or sets ({', '.join(VOICE_SETS)}); default: all (the robotic ones)",
    )
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel processes")
    args = ap.parse_args()
    voices = resolve_voices(args.voices)
    check_tools(voices)
    args.out.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    jobs = [(args.family, args.seed, i, voices, args.out) for i in range(args.count)]
    if args.jobs > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            calls = pool.map(make_call, jobs, chunksize=1)
    else:
        calls = [make_call(job) for job in jobs]
    for entry in calls:
        check_gold(entry)
    gold = {
        "generator": {
            "script": "bench/make_calls.py",
            "family": args.family,
            "seed": args.seed,
            "voices": voices,
        },
        "calls": calls,
    }
    (args.out / "gold.json").write_text(json.dumps(gold, indent=2) + "\n")

    total = sum(c["duration"] for c in calls)
    counts = Counter(item["entity"] for c in calls for item in c["phi"])
    durations = np.array([c["duration"] for c in calls])
    print(
        f"{len(calls)} calls, {total:.0f} s of audio ({durations.min():.1f}-{durations.max():.1f}"
        f" s each) in {time.monotonic() - started:.0f} s; PHI items: "
        + ", ".join(f"{k} {v}" for k, v in counts.most_common()),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
