"""The second family of synthetic call scripts (``bench/make_calls.py --family conversations``).

Written from how calls go, not from the first family's templates: the agent greets with their
own name ("this is Linda"), questions come paraphrased many ways ("and your birthday?",
"what's a good number to reach you?", "can you confirm the address we have on file?"), callers
hesitate and restart ("um, it's, uh, four two... sorry, four two two two, ..."), volunteer PHI
before anyone asks ("hi, this is Ingrid Kowalski, I'm returning a call about my lab results"),
call for a relative ("I'm calling for my mother, Hunter Bell"), confirm and correct read-backs
("yes, that's right, apartment thirty five", "no, it's thirty nine") and pay bills by card
(numbers read in groups, expiry dates, security codes). Around the PHI are the numbers and
phrases a redactor must leave alone: balances and copays, times, doses, lab values, room and
suite numbers, "press one", "one moment", a state on its own, the office's own phone number.

Six scripts rotate with the call index (lab callback, card payment, a relative calling,
address change, prescription refill, new patient), and the five formats with it, so 30 calls
meet every pairing once. Every value and phrasing is drawn from a generator seeded by
(seed, index, attempt). Gold labels are those of the first family plus ``CREDIT_CARD`` (a card
number, part of one, or its security code) and ``DATE`` (a card's expiry date); agents' and
doctors' names are ``PERSON``. All names, numbers and addresses are fictitious; card numbers
pass the Luhn check, as real ones do, and belong to no one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# bench/make_calls.py and bench/synth.py: this folder is on sys.path when make_calls.py runs
from make_calls import (
    FORMAT_ROTATION,
    MONTH_DAYS,
    MONTHS,
    ONES,
    REFERENCE_YEAR,
    cardinal,
    digits_words,
    ordinal,
    pair,
    year_words,
)
from synth import FORMATS, Call, Phrase, phi, say

PERSON = "PERSON"
DOB = "DATE_OF_BIRTH"
AGE = "AGE"  # over 89
PHONE = "PHONE_NUMBER"
EMAIL = "EMAIL_ADDRESS"
LOCATION = "LOCATION"  # street address (or its number, or the apartment), city, ZIP code
MEMBER_ID = "ID_NUMBER"  # health plan member ID
MRN = "MEDICAL_RECORD_NUMBER"
ACCOUNT = "ACCOUNT_NUMBER"
SSN = "US_SSN"  # last four
CARD = "CREDIT_CARD"  # card number, any part of it, security code
DATE = "DATE"  # a card's expiry date

ENTITIES = (PERSON, DOB, AGE, PHONE, EMAIL, LOCATION, MEMBER_ID, MRN, ACCOUNT, SSN, CARD, DATE)

# ----------------------------------------------------------------------------- fictitious values
# Other pools than the first family's, so the two families share as little as possible.

FEMALE_FIRST = [
    "Ingrid", "Linda", "Beatriz", "Amara", "Siobhan", "Farida", "Esperanza", "Marisol",
    "Agnieszka", "Lakshmi", "Nadia", "Camille", "Shanice", "Dolores", "Ximena", "Hye-jin",
    "Thuy", "Fatima", "Gwendolyn", "Rosalind", "Ayesha", "Bernadette",
]  # fmt: skip
MALE_FIRST = [
    "Hunter", "Declan", "Oscar", "Tomas", "Yusuf", "Mateo", "Rahul", "Kenji", "Henrik",
    "Thiago", "Viktor", "Desmond", "Tremaine", "Ignacio", "Bongani", "Anh", "Emeka", "Sergei",
    "Gareth", "Leonard", "Curtis", "Rafael",
]  # fmt: skip
LAST_NAMES = [
    "Kowalski", "Bell", "Figueiredo", "Haddad", "Nakamura", "Abernathy", "Lindqvist",
    "Castellanos", "Brennan", "Villanueva", "Szabo", "Thibodeaux", "Okonkwo", "Ferreira",
    "Mahmoud", "Rasmussen", "Delacroix", "Quintero", "Yamamoto", "Petrakis", "Gallagher",
    "Baptiste", "Iyer", "Zelenko", "Montgomery", "Truong", "Adeyemi", "Schultz", "Oyelaran",
    "McAllister", "Grabowski", "Esposito",
]  # fmt: skip
AGENT_NAMES = [
    "Linda", "Oscar", "Brittany", "Marcus", "Denise", "Raymond", "Tasha", "Kevin", "Priscilla",
    "Gordon", "Yolanda", "Trevor",
]  # fmt: skip
DOCTORS = [
    "Patel", "Osei", "Lindqvist", "Nakamura", "Goldberg", "Reyes", "Chaudhry", "Whitfield",
    "Moreau", "Abiodun", "Kaplan", "Sorensen",
]  # fmt: skip
STREETS = [
    "Harbor View Road", "Juniper Street", "North Oakland Avenue", "Old Mill Road",
    "Cypress Court", "West Fourth Street", "Prairie Lane", "Kingsley Drive", "Pemberton Circle",
    "Meadowbrook Lane", "Ash Street", "Fairmount Avenue", "Quarry Road", "Lafayette Street",
]  # fmt: skip
UNITS = ["apartment", "apartment", "unit", "number"]
# (city, state, first three digits of its ZIP codes); the state alone is not PHI
CITIES = [
    ("Boise", "Idaho", "837"), ("Allentown", "Pennsylvania", "181"), ("Toledo", "Ohio", "436"),
    ("Spokane", "Washington", "992"), ("Stockton", "California", "952"),
    ("Little Rock", "Arkansas", "722"), ("Omaha", "Nebraska", "681"),
    ("Knoxville", "Tennessee", "379"), ("Providence", "Rhode Island", "029"),
    ("Lubbock", "Texas", "794"), ("Reno", "Nevada", "895"), ("Paterson", "New Jersey", "075"),
    ("Gainesville", "Florida", "326"), ("Flagstaff", "Arizona", "860"),
]  # fmt: skip
STATES_MOVED_FROM = ["Ohio", "Michigan", "Oregon", "Georgia", "Colorado", "Virginia", "Maine"]
AREA_CODES = ["208", "610", "419", "509", "209", "501", "402", "865", "401", "806", "775", "973"]
# (what gold.json says, what the synthesizer reads)
EMAIL_DOMAINS = [
    ("gmail dot com", ["at G mail", "dot com"]), ("yahoo dot com", ["at yahoo", "dot com"]),
    ("icloud dot com", ["at I cloud", "dot com"]), ("aol dot com", ["at A O L", "dot com"]),
    ("comcast dot net", ["at comcast", "dot net"]), ("outlook dot com", ["at outlook", "dot com"]),
]  # fmt: skip
ID_LETTERS = "BCDFGHJKLMNPRTVWXZ"
AS_IN = {
    "B": "boy", "C": "cat", "D": "dog", "F": "Frank", "G": "George", "H": "Henry", "J": "John",
    "K": "kite", "L": "Larry", "M": "Mary", "N": "Nancy", "P": "Peter", "R": "Robert",
    "S": "Sam", "T": "Tom", "V": "Victor", "W": "William", "X": "x-ray", "Z": "zebra",
}  # fmt: skip

# ----------------------------------------------------------------------------- non-PHI lines

DEPARTMENTS = {
    "lab_callback": ["Riverside Family Medicine", "the clinic", "Maple Grove Internal Medicine"],
    "payment": ["patient billing", "the billing office", "patient accounts"],
    "relative": ["Cedar Hills Primary Care", "the clinic", "Lakeside Senior Health"],
    "address_change": ["member services", "Blue Valley Health Plan", "Summit Care member services"],
    "refill": ["the pharmacy", "the refill line", "Lakeside Medical pharmacy"],
    "new_patient": ["Northside Orthopedics", "scheduling", "the Westbrook Heart Center"],
}  # fmt: skip
HOLDS = [
    "One moment.", "Give me one moment to pull that up.", "Okay, one second.",
    "Bear with me, the system is a little slow today.", "Let me pull up your chart.",
    "Alright, let me look that up.",
]  # fmt: skip
ACKS = [
    "Okay.",
    "Perfect.",
    "Great, thank you.",
    "Alright.",
    "Got it.",
    "Thank you.",
    "Okay, great.",
]
YES = ["Yes.", "Yep, that's right.", "That's correct.", "Uh huh.", "Yes, that's it.", "Mm hm, yes."]
LABS = [
    "Your A one C came back at seven point one.",
    "Your potassium was four point two, that's normal.",
    "Your LDL was one thirty eight, a little high.", "Your vitamin D was nineteen, which is low.",
    "Your white count was normal, six point five.", "Your TSH was two point eight.",
]  # fmt: skip
DOCTOR_ADVICE = [
    "wants you to take two thousand units of vitamin D every day.",
    "wants to recheck it in three months.",
    "would like you to cut the metformin to five hundred milligrams twice a day.",
    "says to keep taking the atorvastatin, forty milligrams at night.",
]  # fmt: skip
SLOTS = [
    "Tuesday at two fifteen", "Thursday at ten forty five", "Friday at nine thirty",
    "Monday at one o'clock", "Wednesday at three forty", "next Monday at eight fifteen",
]  # fmt: skip
BALANCES = [
    "one hundred twelve dollars and forty cents", "two hundred thirty five dollars",
    "eighty seven dollars and fifty cents", "four hundred and six dollars",
    "sixty dollars even",
]  # fmt: skip
DRUGS = [
    ("metformin", "five hundred milligrams, twice a day with meals"),
    ("amlodipine", "five milligrams, once a day"),
    ("sertraline", "fifty milligrams, one tablet in the morning"),
    ("losartan", "twenty five milligrams, once daily"),
    ("gabapentin", "three hundred milligrams, three times a day"),
    ("levothyroxine", "seventy five micrograms, before breakfast"),
]  # fmt: skip
OFFICE_LINES = [
    "one eight hundred, four two two, seven seven one oh",
    "one eight eight eight, six oh three, two two four four",
]
CLOSINGS_AGENT = [
    "You're welcome, have a good day.", "Alright, take care now.", "Okay, bye bye.",
    "Thanks for calling, have a good one.",
]  # fmt: skip

# ----------------------------------------------------------------------------- spoken values


def luhn_check_digit(body: str) -> str:
    """The digit that makes ``body`` + digit pass the Luhn check.

    >>> luhn_check_digit("7992739871")
    '3'
    """
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these are doubled once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    """The Luhn check that card numbers pass.

    >>> luhn_valid("79927398713"), luhn_valid("79927398710")
    (True, False)
    """
    return number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def card_number(rng: random.Random) -> str:
    """A Luhn-valid, made-up card number: Visa-like (4, 16 digits), Mastercard-like (51-55),
    Discover-like (6011) or Amex-like (34/37, 15 digits)."""
    prefix, length = rng.choice(
        [
            ("4", 16),
            ("4", 16),
            ("5" + str(rng.randint(1, 5)), 16),
            ("6011", 16),
            (rng.choice(["34", "37"]), 15),
        ]
    )
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def card_groups(number: str) -> list[str]:
    """How a card is read: 4-4-4-4, or 4-6-5 for a 15-digit card.

    >>> card_groups("378282246310005")
    ['3782', '822463', '10005']
    """
    cuts = [4, 10, 15] if len(number) == 15 else [4, 8, 12, 16]
    return [number[a:b] for a, b in zip([0, *cuts[:-1]], cuts, strict=True)]


def digit_group(rng: random.Random, digits: str, zero: str, pairs_ok: bool = False) -> str:
    """A group of digits, one by one ("four two two two"), sometimes as pairs ("forty two,
    twenty two") when ``pairs_ok`` and the group splits into pairs with no leading zero."""
    if (
        pairs_ok
        and len(digits) == 4
        and digits[0] != "0"
        and digits[2] != "0"
        and rng.random() < 0.25
    ):
        return f"{cardinal(int(digits[:2]))} {cardinal(int(digits[2:]))}"
    return digits_words(digits, zero, doubles=rng.random() < 0.2)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    female: bool
    birth: tuple[int, int, int]  # year, month, day

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def age(self) -> int:
        return REFERENCE_YEAR - self.birth[0]


def person(
    rng: random.Random,
    *,
    female: bool | None = None,
    age: tuple[int, int] = (22, 78),
    last: str | None = None,
) -> Person:
    if female is None:
        female = rng.random() < 0.5
    year = REFERENCE_YEAR - rng.randint(*age)
    month = rng.randint(1, 12)
    first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
    return Person(
        first,
        last or rng.choice(LAST_NAMES),
        female,
        (year, month, rng.randint(1, MONTH_DAYS[month - 1])),
    )


def dob_spoken(rng: random.Random, p: Person) -> str:
    """A date of birth as people say it."""
    year, month, day = p.birth
    short_year = pair(year % 100) if year < 2000 else year_words(year)
    shapes = [
        f"{MONTHS[month - 1]} {ordinal(day)}, {year_words(year)}",
        f"{MONTHS[month - 1]} {ordinal(day)}, {short_year}",
        f"{cardinal(month)}, {cardinal(day)}, {short_year}",
        f"{pair(month)}, {pair(day)}, {year_words(year)}",
        f"the {ordinal(day)} of {MONTHS[month - 1]}, {year_words(year)}",
        f"{MONTHS[month - 1]} the {ordinal(day)}, {short_year}",
        f"{cardinal(month)} {cardinal(day)} {year_words(year)}",
    ]
    return rng.choice(shapes)


def phone_groups(rng: random.Random) -> list[str]:
    """Ten digits as three spoken groups; the last four sometimes as two pairs."""
    digits = rng.choice(AREA_CODES) + str(rng.randint(2, 9)) + f"{rng.randrange(100):02d}"
    digits += f"{rng.randrange(10000):04d}"
    zero = rng.choice(["oh", "zero"])
    return [
        digits_words(digits[:3], zero),
        digits_words(digits[3:6], zero, doubles=rng.random() < 0.3),
        digit_group(rng, digits[6:], zero, pairs_ok=True),
    ]


def house_number(rng: random.Random) -> str:
    size = rng.choice([2, 3, 3, 4, 4, 5])
    if size == 2:
        return cardinal(rng.randint(11, 99))
    if size == 3:
        return ONES[rng.randint(1, 9)] + " " + pair(rng.randint(1, 99))
    if size == 4:
        return (
            cardinal(rng.randint(10, 99))
            + " "
            + pair(rng.randint(0, 99)).replace("oh zero", "hundred")
        )
    return digits_words(str(rng.randint(10000, 99999)), "oh")


@dataclass(frozen=True)
class Address:
    number: str  # spoken house number
    street: str
    unit: str  # "apartment thirty five", or ""
    city: str
    state: str
    zip_code: str  # spoken

    @property
    def street_line(self) -> str:
        return f"{self.number} {self.street}" + (f", {self.unit}" if self.unit else "")


def address(rng: random.Random) -> Address:
    unit = ""
    if rng.random() < 0.5:
        kind = rng.choice(UNITS)
        unit = f"{kind} " + rng.choice(
            [
                cardinal(rng.randint(2, 48)),
                f"{cardinal(rng.randint(1, 9))} {rng.choice('ABCD')}",
                digits_words(str(rng.randint(101, 418)), "oh"),
            ]
        )
    city, state, zip3 = rng.choice(CITIES)
    zip_code = digits_words(zip3 + f"{rng.randrange(100):02d}", rng.choice(["oh", "zero"]))
    return Address(house_number(rng), rng.choice(STREETS), unit, city, state, zip_code)


def email_spoken(rng: random.Random, p: Person) -> tuple[str, list[str]]:
    """(gold text, spoken chunks) of a personal e-mail address."""
    first, last = p.first.lower().replace("-", " "), p.last.lower()
    local = rng.choice(
        [
            f"{first} dot {last}",
            f"{first[0]} {last}",
            f"{first} {last} {pair(p.birth[0] % 100)}",
            f"{first} underscore {last}",
            f"{last} {first[0]}",
            f"{first} {cardinal(rng.randint(1, 99))}",
        ]
    )
    domain, spoken = rng.choice(EMAIL_DOMAINS)
    return f"{local} at {domain}", [local, *spoken]


def member_id_groups(rng: random.Random) -> list[str]:
    """Letters, some "as in" a word, then nine digits in threes: "W, K as in kite, H, ..."."""
    letters = [rng.choice(ID_LETTERS) for _ in range(rng.randint(2, 3))]
    spelled = ", ".join(
        f"{c} as in {AS_IN[c]}" if c in AS_IN and rng.random() < 0.3 else c for c in letters
    )
    digits = "".join(str(rng.randrange(10)) for _ in range(9))
    zero = rng.choice(["oh", "zero"])
    return [spelled, *(digits_words(digits[i : i + 3], zero) for i in range(0, 9, 3))]


def number_groups(rng: random.Random, n: int, size: int) -> list[str]:
    """``n`` digits in spoken groups of ``size`` (the last may be shorter)."""
    digits = "".join(str(rng.randrange(10)) for _ in range(n))
    zero = rng.choice(["oh", "zero"])
    return [digit_group(rng, digits[i : i + size], zero, pairs_ok=True) for i in range(0, n, size)]


def spelled_name(rng: random.Random, name: str) -> str:
    """ "K as in kite, O, W, A, L, S, K, I" (the first letter sometimes "as in")."""
    letters = [c for c in name.upper() if c.isalpha()]
    if letters[0] in AS_IN and rng.random() < 0.4:
        letters[0] = f"{letters[0]} as in {AS_IN[letters[0]]}"
    return ", ".join(letters)


def misread(rng: random.Random, groups: Sequence[str]) -> tuple[int, list[str]] | None:
    """The agent gets one digit wrong: (index of the changed group, the groups as misread), or
    None when no group ends in a digit word that could be misheard."""
    candidates = [i for i, g in enumerate(groups) if g and g.split()[-1] in ONES[1:10]]
    if not candidates:
        return None
    i = rng.choice(candidates)
    words = groups[i].split()
    words[-1] = rng.choice([w for w in ONES[1:10] if w != words[-1]])
    return i, [*groups[:i], " ".join(words), *groups[i + 1 :]]


# ----------------------------------------------------------------------------- the conversation

Piece = Phrase | str | None


class Conversation:
    """The turns of one call, with the habits of real speakers: fillers, restarts,
    read-backs and corrections."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.turns: list[tuple[str, list[Phrase]]] = []

    # turns --------------------------------------------------------------------------------
    def _turn(self, speaker: str, pieces: Sequence[Piece]) -> None:
        """Adjacent plain strings become one phrase; PHI stays a phrase of its own."""
        phrases: list[Phrase] = []
        words: list[str] = []
        for piece in pieces:
            if piece is None or piece == "":
                continue
            if isinstance(piece, str):
                words.append(piece)
                continue
            if words:
                phrases.append(say(" ".join(words)))
                words = []
            phrases.append(piece)
        if words:
            phrases.append(say(" ".join(words)))
        if phrases:
            self.turns.append((speaker, phrases))

    def agent(self, *pieces: Piece) -> None:
        self._turn("agent", pieces)

    def caller(self, *pieces: Piece) -> None:
        self._turn("caller", pieces)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, options: Sequence[str]) -> str:
        return self.rng.choice(list(options))

    def maybe(self, p: float, text: str) -> str | None:
        return text if self.chance(p) else None

    # a caller giving a value -------------------------------------------------------------
    def give(self, entity: str, groups: Sequence[str], lead: str | None = None) -> None:
        """The caller says a value, the way people do: plainly, after "it's", after a filler,
        with a pause in the middle, or with a false start ("four two... sorry, four two two
        two, ...", the false start being PHI too)."""
        text = ", ".join(groups)
        style = self.rng.random()
        if style < 0.2:
            self.caller(lead, phi(entity, text))
        elif style < 0.45:
            self.caller(
                lead or self.pick(["It's", "Yeah, it's", "Sure, it's", "That's", "Okay, it's"]),
                phi(entity, text),
            )
        elif style < 0.65:
            # the filler takes the place of the lead
            hesitation = ["Um, it's, uh,", "Uh, let me see,", "Hmm, okay, it's", "So it's, um,"]
            self.caller(self.pick(hesitation), phi(entity, text))
        elif style < 0.82 and len(groups) > 1:
            k = self.rng.randint(1, len(groups) - 1)
            self.caller(
                lead,
                phi(entity, ", ".join(groups[:k])),
                self.pick(["um,", "uh,", "hold on,"]),
                phi(entity, ", ".join(groups[k:])),
            )
        else:
            words = groups[0].split()
            start = " ".join(words[: max(1, len(words) // 2)])
            self.caller(
                lead,
                phi(entity, start),
                self.pick(["sorry,", "wait, no,", "let me start over,", "no, sorry,"]),
                phi(entity, text),
            )

    def read_back(
        self, entity: str, groups: Sequence[str], p: float = 0.5, p_wrong: float = 0.3
    ) -> None:
        """Sometimes the agent reads the value back; sometimes with one digit wrong, and the
        caller corrects it ("no, it's thirty nine"). Every read-back and correction is PHI."""
        if not self.chance(p):
            return
        wrong = misread(self.rng, groups) if self.chance(p_wrong) else None
        lead = self.pick(
            ["So that's", "Let me read that back,", "I have", "Okay, so", "Just to confirm,"]
        )
        if wrong is None:
            self.agent(lead, phi(entity, ", ".join(groups)), self.maybe(0.5, "Is that right?"))
            self.caller(self.pick(YES))
            return
        i, groups_heard = wrong
        self.agent(lead, phi(entity, ", ".join(groups_heard)), self.maybe(0.6, "Correct?"))
        self.caller(
            self.pick(["No,", "Not quite,", "Almost,", "Um, no,"]),
            self.pick(
                ["it's", "that's", "the last part is", "it ends in"]
                if i == len(groups) - 1
                else ["it's", "that's", "it starts with"]
                if i == 0
                else ["it's", "that's", "the middle part is"]
            ),
            phi(entity, groups[i]),
        )
        if self.chance(0.5):
            self.agent(
                self.pick(["Sorry about that,", "Oh, okay,", "Got it,"]),
                phi(entity, groups[i]),
                self.maybe(0.5, "thank you."),
            )
        else:
            self.agent(
                self.pick(
                    ["Sorry, let me fix that.", "Okay, I've corrected it.", "Thank you, got it."]
                )
            )

    # the blocks of a call ----------------------------------------------------------------
    def greet(self, department: str, agent_name: str) -> None:
        shape = self.rng.randrange(5)
        if shape == 0:
            self.agent(
                f"Thank you for calling {department}, this is",
                phi(PERSON, agent_name),
                self.pick(["How can I help you?", "How can I help you today?"]),
            )
        elif shape == 1:
            self.agent(
                f"{department[0].upper() + department[1:]}, this is",
                phi(PERSON, agent_name),
                "speaking.",
            )
        elif shape == 2:
            self.agent(
                f"Good morning, {department}, my name is",
                phi(PERSON, agent_name),
                "what can I do for you?",
            )
        elif shape == 3:
            self.agent(
                f"Hi, you've reached {department}, this is",
                phi(PERSON, agent_name),
                "How can I help?",
            )
        else:
            self.agent(f"Thank you for calling {department}.", "How can I help you today?")

    def ask_name(self, whose: str = "your") -> None:
        if whose == "your":
            self.agent(
                self.pick(
                    [
                        "Can I get your first and last name?",
                        "Who am I speaking with?",
                        "And your name?",
                        "Sure, what's your name?",
                    ]
                )
            )
        else:
            self.agent(
                self.pick(
                    [f"And {whose} full name?", f"What's {whose} name?", "And the patient's name?"]
                )
            )

    def give_name(self, p: Person) -> None:
        self.give(
            PERSON,
            [p.name],
            lead=self.pick(["It's", "Yeah, it's", "This is", "Sure,", "My name is"]),
        )

    def spell_last(self, p: Person) -> None:
        self.agent(
            self.pick(
                [
                    "And how do you spell the last name?",
                    "Can you spell that for me?",
                    "How do you spell that?",
                    "Could you spell the last name?",
                ]
            )
        )
        self.caller(
            self.maybe(0.5, self.pick(["Sure,", "Yeah,", "It's"])),
            phi(PERSON, spelled_name(self.rng, p.last)),
        )

    def ask_dob(self, whose: str = "your") -> None:
        own = whose == "your"
        options = [
            f"And {whose} birthday?", f"Can you verify {whose} date of birth for me?",
            f"What's {whose} date of birth?", "And I just need a date of birth to verify.",
            "Can I get a date of birth?", f"And {whose} D O B?",
        ]  # fmt: skip
        if own:
            options += ["When were you born?", "And your date of birth, please?"]
        self.agent(self.pick(options))

    def give_dob(self, p: Person, own: bool = True) -> None:
        dob = dob_spoken(self.rng, p)
        if self.chance(0.2):
            month = MONTHS[p.birth[1] - 1]
            if dob.startswith(month):
                # "June, um, June ninth, ..." (the restart is PHI too)
                self.caller(phi(DOB, month), self.pick(["um,", "uh,"]), phi(DOB, dob))
                return
        lead = (
            self.pick(["It's", "Sure, it's", "Yeah,", "Um,", "It's, uh,"])
            if own
            else self.pick(
                ["She was born", "It's", "Her birthday is", "Um, it's"]
                if p.female
                else ["He was born", "It's", "His birthday is", "Um, it's"]
            )
        )
        self.caller(lead, phi(DOB, dob))

    def ask_phone(self) -> None:
        self.agent(
            self.pick(
                [
                    "What's a good number to reach you?",
                    "And a callback number?",
                    "What's the best phone number for you?",
                    "Can I get a phone number in case we get disconnected?",
                    "And what number should we call you back at?",
                    "Is there a good cell number for you?",
                ]
            )
        )

    def give_phone(self, groups: list[str]) -> None:
        if self.chance(0.25):
            self.caller(
                self.pick(["Sure, area code", "Yeah, it's area code"]),
                phi(PHONE, groups[0]),
                self.pick(["then", "and then"]),
                phi(PHONE, ", ".join(groups[1:])),
            )
        else:
            self.give(PHONE, groups)

    def phone_on_file(self, groups: list[str]) -> None:
        """ "Is the number ending in four four one two still good?" (the last four are PHI)."""
        self.agent(
            self.pick(
                ["Is the number ending in", "And we can still reach you at the number ending in"]
            ),
            phi(PHONE, groups[-1]),
            self.pick(["still good?", "is that right?"]),
        )
        if self.chance(0.6):
            self.caller(self.pick(YES))
        else:
            self.caller(
                self.pick(["No, I got a new phone.", "Actually no, that's my old number."]),
                self.pick(["It's", "The new one is"]),
                phi(PHONE, ", ".join(phone_groups(self.rng))),
            )

    def ask_email(self) -> None:
        self.agent(
            self.pick(
                [
                    "And an email address?",
                    "What email should I put down?",
                    "Do you have an email for the portal?",
                    "Where should we send the receipt?",
                    "And what's a good email for you?",
                ]
            )
        )

    def give_email(self, p: Person) -> None:
        text, chunks = email_spoken(self.rng, p)
        self.caller(
            self.pick(["Sure, it's", "It's", "Yeah, um,", "My email is"]), phi(EMAIL, text, *chunks)
        )
        if self.chance(0.25):
            self.agent(self.pick(["Can you spell the last name part?", "How do you spell that?"]))
            self.caller(phi(EMAIL, spelled_name(self.rng, p.last)))
        elif self.chance(0.3):
            self.agent("So that's", phi(EMAIL, text, *chunks), "Is that right?")
            self.caller(self.pick(YES))

    def mrn(self, whose: str = "your") -> None:
        self.agent(
            self.pick(
                [
                    f"Do you have {whose} medical record number? It's on the after visit summary.",
                    f"Do you happen to have {whose} M R N?",
                    "Is there a medical record number on the letter you got?",
                ]
            )
        )
        if self.chance(0.4):
            self.caller(self.pick(["Um, yeah, hold on.", "Let me check.", "I think so, one sec."]))
        digits = number_groups(self.rng, self.rng.choice([7, 8]), self.rng.choice([3, 4]))
        self.give(MRN, digits, lead=self.pick(["Okay, it's", "Yeah, it's", "Found it,"]))

    def ssn_last_four(self) -> None:
        self.agent(
            self.pick(
                [
                    "And the last four of your social?",
                    "Can you verify the last four of your social security number?",
                    "For our records, the last four of your social?",
                    "And the last four digits of your S S N?",
                ]
            )
        )
        self.give(SSN, number_groups(self.rng, 4, 4))

    def hold(self) -> None:
        self.agent(self.pick(HOLDS))

    def closing(self) -> None:
        if self.chance(0.5):
            self.agent(
                self.pick(
                    [
                        "Is there anything else I can help you with?",
                        "Anything else today?",
                        "Was there anything else?",
                    ]
                )
            )
            self.caller(
                self.pick(
                    [
                        "No, that's it, thank you.",
                        "Nope, that's all. Thanks so much.",
                        "No, I think that's everything.",
                    ]
                )
            )
        else:
            self.caller(
                self.pick(
                    [
                        "Okay, thank you so much.",
                        "Great, thanks for your help.",
                        "Alright, thank you.",
                    ]
                )
            )
        if self.chance(0.15):
            self.agent("And if you have questions, our number is", say(self.pick(OFFICE_LINES)))
            self.caller("Okay, thanks.")
        self.agent(self.pick(CLOSINGS_AGENT))


# ----------------------------------------------------------------------------- the six scripts


def lab_callback(c: Conversation) -> None:
    p = person(c.rng)
    doctor = c.pick(DOCTORS)
    c.greet(c.pick(DEPARTMENTS["lab_callback"]), c.pick(AGENT_NAMES))
    shape = c.rng.randrange(4)
    if shape == 0:
        c.caller("Hi, this is", phi(PERSON, p.name), "I'm returning a call about my lab results.")
    elif shape == 1:
        c.caller("Yeah, hi,", phi(PERSON, p.name), "here, somebody called me about my blood work?")
    elif shape == 2:
        c.caller("Hi, I'm returning a call about my lab results.", "I'm", phi(PERSON, p.name))
    else:
        c.caller("Hi, um, I got a voicemail to call back about my test results.")
        c.ask_name()
        c.give_name(p)
    if c.chance(0.3):
        c.spell_last(p)
    if c.chance(0.75):
        c.ask_dob()
        c.give_dob(p)
    if c.chance(0.45):
        c.mrn()
    c.hold()
    c.agent(
        c.pick(["Okay, I see Doctor", "So Doctor", "Alright, Doctor"]),
        phi(PERSON, doctor),
        c.pick(["reviewed your results.", "looked at your labs.", "left a note for you."]),
    )
    c.agent(*c.rng.sample(LABS, 2))
    c.caller(c.pick(["Okay. Is that bad?", "Hmm, okay. So what do I do?", "Oh, okay."]))
    c.agent(c.pick(["He", "She"]) + " " + c.pick(DOCTOR_ADVICE))
    if c.chance(0.5):
        c.phone_on_file(phone_groups(c.rng))
    if c.chance(0.3):
        c.agent("Do you want the results on the portal? What's your email?")
        c.give_email(p)
    elif c.chance(0.5):
        c.agent(
            "I can get you in", c.pick(SLOTS), "with Doctor", phi(PERSON, doctor), "Does that work?"
        )
        c.caller(c.pick(["That works.", "Yeah, that's fine.", "Can I do later in the day?"]))
    c.closing()


def payment(c: Conversation) -> None:
    p = person(c.rng)
    account = number_groups(c.rng, c.rng.choice([8, 9, 10]), c.rng.choice([3, 4]))
    c.greet(c.pick(DEPARTMENTS["payment"]), c.pick(AGENT_NAMES))
    if c.chance(0.35):
        c.caller(
            "Yeah, hi, so I got this bill for my visit, um, the account number is",
            phi(ACCOUNT, ", ".join(account)),
            "and I'd like to pay it today.",
        )
    else:
        c.caller(
            c.pick(
                [
                    "Hi, I got a statement in the mail and I want to pay it over the phone.",
                    "Hi, I'd like to make a payment on my bill.",
                ]
            )
        )
        c.agent(
            c.pick(
                [
                    "Sure, do you have the account number from the top of the statement?",
                    "What's the account number on your bill?",
                    "Can you read me the account number? It's at the top right.",
                ]
            )
        )
        c.give(ACCOUNT, account)
        c.read_back(ACCOUNT, account, p=0.3)
    if c.chance(0.4):
        c.agent("And the patient's name and date of birth?")
        c.caller(
            "Sure, it's",
            phi(PERSON, p.name),
            c.pick(["and the birthday is", "date of birth"]),
            phi(DOB, dob_spoken(c.rng, p)),
        )
    if c.chance(0.2):
        c.ssn_last_four()
    if c.chance(0.5):
        c.hold()
    c.agent(
        "I see a balance of",
        c.pick(BALANCES) + ".",
        c.maybe(0.5, "Would you like to pay that today?"),
    )
    c.caller(
        c.pick(["Yes, the whole thing.", "All of it, please.", "Can I do fifty dollars today?"])
    )
    c.agent(
        c.pick(
            [
                "Okay, go ahead with the card number whenever you're ready.",
                "And what's the card number?",
                "Okay, can I get the number on the card?",
            ]
        )
    )
    number = card_number(c.rng)
    zero = c.pick(["oh", "zero"])
    groups = [digit_group(c.rng, g, zero, pairs_ok=True) for g in card_groups(number)]
    if c.chance(0.25):
        c.caller("Hold on, let me grab my card.")
        c.caller("Okay, it's", phi(CARD, ", ".join(groups)))
    else:
        c.give(CARD, groups)
    if c.chance(0.4):
        c.agent(
            c.pick(["That's a card ending in", "Okay, the card ending in"]),
            phi(CARD, groups[-1]),
            c.maybe(0.5, "correct?"),
        )
        c.caller(c.pick(YES))
    else:
        c.read_back(CARD, groups, p=0.4, p_wrong=0.4)
    c.agent(
        c.pick(
            [
                "And the expiration date?",
                "Expiration?",
                "What's the expiry on that?",
                "And when does it expire?",
            ]
        )
    )
    year, month = c.rng.randint(2026, 2031), c.rng.randint(1, 12)
    expiry = c.pick(
        [
            f"{pair(month)}, {cardinal(year - 2000)}",
            f"{cardinal(month)} {cardinal(year - 2000)}",
            f"{MONTHS[month - 1]} {year_words(year)}",
            f"{pair(month)} slash {cardinal(year - 2000)}",
        ]
    )
    c.caller(c.maybe(0.5, c.pick(["It's", "Um,"])), phi(DATE, expiry))
    if c.chance(0.5):
        digits = 4 if len(number) == 15 else 3
        c.agent(
            f"And the {cardinal(digits)} digit security code?"
            if c.chance(0.5)
            else "And the C V V on the back?"
        )
        c.caller(
            phi(CARD, digits_words("".join(str(c.rng.randrange(10)) for _ in range(digits)), zero))
        )
    if c.chance(0.4):
        zip_code = address(c.rng).zip_code
        c.agent(c.pick(["And the billing zip code?", "What's the zip code for the card?"]))
        c.give(LOCATION, [zip_code])
    if c.chance(0.25):
        c.agent("Is the name on the card the same as the patient's?")
        whose = c.pick(["husband", "wife", "partner"])
        spouse = person(c.rng, female=whose == "wife" or (whose == "partner" and c.chance(0.5)))
        c.caller(f"No, it's my {whose}'s card,", phi(PERSON, spouse.name))
    c.agent(
        "Alright, that went through.",
        c.pick(["You'll get a confirmation in the mail.", "Your remaining balance is zero."]),
    )
    if c.chance(0.35):
        c.agent("Would you like a receipt by email?")
        c.give_email(p)
    c.closing()


def relative(c: Conversation) -> None:
    elderly = c.chance(0.8)
    patient = person(c.rng, age=(90, 102) if elderly else (60, 88))
    caller = person(c.rng, age=(35, 70), last=patient.last if c.chance(0.6) else None)
    relation = c.pick(
        ["mother", "mom", "grandmother"] if patient.female else ["father", "dad", "husband"]
    )
    she, her = ("she", "her") if patient.female else ("he", "his")
    doctor = c.pick(DOCTORS)
    c.greet(c.pick(DEPARTMENTS["relative"]), c.pick(AGENT_NAMES))
    shape = c.rng.randrange(3)
    if shape == 0:
        c.caller(f"Hi, I'm calling for my {relation},", phi(PERSON, patient.name))
        c.ask_name()
        c.give_name(caller)
    elif shape == 1:
        c.caller(
            "Hi, this is",
            phi(PERSON, caller.name),
            f"I'm calling about my {relation},",
            phi(PERSON, patient.name),
        )
    else:
        c.caller(
            f"Yes, hi, um, I'm calling on behalf of my {relation},",
            phi(PERSON, patient.name),
            f"{she}'s a patient there.",
        )
    c.agent(
        c.pick(
            [f"Okay, are you listed on {her} HIPAA release?", "Are you on the authorization form?"]
        )
    )
    c.caller(c.pick(["Yes, I should be.", "Yes, I'm the one who takes care of the appointments."]))
    c.ask_dob(f"{her}")
    c.give_dob(patient, own=False)
    if elderly and c.chance(0.9):
        c.caller(
            f"{she.capitalize()}'s",
            phi(AGE, cardinal(patient.age)),
            c.pick(
                [
                    "so she doesn't hear well on the phone."
                    if patient.female
                    else "so he doesn't hear well on the phone.",
                    "and still sharp as a tack.",
                    "this year.",
                ]
            ),
        )
    home = address(c.rng)
    if c.chance(0.3):
        c.mrn(her)
    elif c.chance(0.6):
        c.agent(c.pick(["Can you confirm the address we have on file?", f"And {her} address?"]))
        c.give(LOCATION, [home.street_line])
        c.read_back(LOCATION, [home.number, home.street], p=0.3, p_wrong=0.6)
    else:
        # the address on file, read with its house number or unit misheard now and then
        wrong = misread(c.rng, [home.number, home.unit]) if c.chance(0.4) else None
        number, unit = wrong[1] if wrong else (home.number, home.unit)
        on_file = f"{number} {home.street}" + (f", {unit}" if unit else "")
        c.agent(
            f"I have {her} address as",
            phi(LOCATION, on_file),
            phi(LOCATION, home.city),
            say(home.state),
            "Is that still current?",
        )
        if wrong:
            c.caller(
                "Um, no,",
                c.pick(["it's", "that's"]),
                phi(LOCATION, [home.number, home.unit][wrong[0]]),
            )
            c.agent(
                c.pick(["Oh, sorry,", "Okay,"]),
                phi(LOCATION, [home.number, home.unit][wrong[0]]),
                c.maybe(0.5, "got it."),
            )
        elif home.unit and c.chance(0.6):
            c.caller("Yes, that's right,", phi(LOCATION, home.unit))
        else:
            c.caller(c.pick(YES))
    c.caller(
        f"{she.capitalize()}'s almost out of {her} "
        + c.pick(
            [
                "blood pressure pills, the amlodipine, five milligrams.",
                "water pill, the twenty milligram one.",
            ]
        )
    )
    c.agent("Okay, I'll send that over to Doctor", phi(PERSON, doctor), "today.")
    c.ask_phone()
    phone = phone_groups(c.rng)
    c.give_phone(phone)
    c.read_back(PHONE, phone, p=0.4)
    c.closing()


def address_change(c: Conversation) -> None:
    p = person(c.rng)
    home = address(c.rng)
    c.greet(c.pick(DEPARTMENTS["address_change"]), c.pick(AGENT_NAMES))
    if c.chance(0.5):
        c.caller("Hi, this is", phi(PERSON, p.name), "I moved and I need to update my address.")
    else:
        c.caller(
            "Hi, yeah, I moved and I need to update my address.",
            c.maybe(0.5, f"We just came here from {c.pick(STATES_MOVED_FROM)}."),
        )
    c.agent(
        c.pick(
            [
                "I can help with that. Can I have your member ID? It's on the front of your card.",
                "Sure, what's the ID number on your insurance card?",
                "Okay, do you have your member ID handy?",
            ]
        )
    )
    member = member_id_groups(c.rng)
    c.give(MEMBER_ID, member)
    c.read_back(MEMBER_ID, member, p=0.3)
    c.agent(
        c.pick(
            ["And can you verify your name and date of birth?", "And your full name and birthday?"]
        )
    )
    c.caller(
        c.maybe(0.5, "Sure,"),
        phi(PERSON, p.name),
        c.pick(["and it's", "date of birth", "born"]),
        phi(DOB, dob_spoken(c.rng, p)),
    )
    if c.chance(0.55):
        c.ssn_last_four()
    c.agent(
        c.pick(
            [
                "Okay, what's the new address?",
                "Go ahead with the new address.",
                "And where did you move to?",
            ]
        )
    )
    if c.chance(0.3):
        c.caller(
            "It's, uh,",
            phi(LOCATION, home.number),
            "um,",
            phi(LOCATION, home.street + (f", {home.unit}" if home.unit else "")),
        )
    else:
        c.give(LOCATION, [home.street_line])
    c.agent(c.pick(["And the city and zip?", "City and zip code?"]))
    c.caller(phi(LOCATION, home.city), say(home.state), phi(LOCATION, home.zip_code))
    if c.chance(0.4):
        c.agent(
            "So that's",
            phi(LOCATION, home.street_line),
            phi(LOCATION, home.city),
            say(home.state),
            phi(LOCATION, home.zip_code),
        )
        if home.unit:
            c.caller("Yes, that's right,", phi(LOCATION, home.unit))
        else:
            c.caller(c.pick(YES))
    update = c.rng.random()
    if update < 0.35:
        c.agent("Do you want to update your phone number too?")
        if c.chance(0.6):
            c.caller("Yes, it's", phi(PHONE, ", ".join(phone_groups(c.rng))))
        else:
            c.caller("No, that's the same.")
    elif update < 0.7:
        c.agent("And is your email still the same?")
        c.caller("No, it changed.")
        c.give_email(p)
    c.agent(
        c.pick(
            [
                "You'll get a new card in seven to ten business days.",
                "Your copay stays twenty five dollars.",
                "For pharmacy questions you can press two on the main menu.",
            ]
        )
    )
    c.closing()


def refill(c: Conversation) -> None:
    p = person(c.rng, age=(92, 99)) if c.chance(0.3) else person(c.rng, age=(40, 85))
    drug, directions = c.rng.choice(DRUGS)
    doctor = c.pick(DOCTORS)
    c.greet(c.pick(DEPARTMENTS["refill"]), c.pick(AGENT_NAMES))
    have_name = have_dob = False
    if c.chance(0.5):
        c.caller(
            "Yeah, hi, my name is",
            phi(PERSON, p.name),
            "and, um, my birthday is",
            phi(DOB, dob_spoken(c.rng, p)),
            "I'm calling because Doctor",
            phi(PERSON, doctor),
            f"was supposed to send in my {drug} and it's not ready yet.",
        )
        have_name = have_dob = True
    else:
        c.caller(f"Hi, I need a refill on my {drug}.")
    if not have_name:
        c.ask_name()
        c.give_name(p)
    if not have_dob:
        c.ask_dob()
        c.give_dob(p)
    if c.chance(0.55):
        c.mrn()
    c.hold()
    c.agent(
        f"Okay, I see the {drug}, {directions}.",
        c.pick(
            [
                "It's a ninety day supply and your copay is ten dollars.",
                "It'll be ready after four o'clock.",
            ]
        ),
    )
    if p.age >= 90:
        c.caller("I'm", phi(AGE, cardinal(p.age)), "and I don't drive anymore. Can you deliver it?")
        c.agent("Yes, we can mail it. It takes three to five days.")
    c.caller(
        c.pick(["Can you text me when it's ready?", "Okay, can I get a text when it's ready?"])
    )
    if c.chance(0.5):
        c.phone_on_file(phone_groups(c.rng))
    else:
        c.agent("Sure, what's the cell number?")
        c.give_phone(phone_groups(c.rng))
    c.agent(
        c.pick(
            [
                "You'll get a text, just reply one to confirm.",
                "If you don't get it, press one when you call back.",
            ]
        )
    )
    c.closing()


def new_patient(c: Conversation) -> None:
    p = person(c.rng)
    doctor = c.pick(DOCTORS)
    c.greet(c.pick(DEPARTMENTS["new_patient"]), c.pick(AGENT_NAMES))
    if c.chance(0.5):
        c.caller(
            "Hi, um, I was referred by Doctor",
            phi(PERSON, doctor),
            "and I need to make an appointment.",
        )
    else:
        c.caller("Hi, I'd like to make an appointment. I'm a new patient.")
    c.ask_name()
    c.give_name(p)
    if c.chance(0.35):
        c.spell_last(p)
    c.ask_dob()
    c.give_dob(p)
    c.agent("And what insurance do you have?")
    if p.age >= 65 and c.chance(0.6):
        c.caller("I have Medicare, I just turned", cardinal(p.age), "this year.")
    else:
        c.caller(c.pick(["Aetna.", "Blue Cross.", "It's through my work, United."]))
        c.agent(c.pick(["And the member ID?", "Can I get the ID number on the card?"]))
        member = member_id_groups(c.rng)
        c.give(MEMBER_ID, member)
    c.ask_phone()
    phone = phone_groups(c.rng)
    c.give_phone(phone)
    c.read_back(PHONE, phone, p=0.3, p_wrong=0.4)
    if c.chance(0.25):
        c.ssn_last_four()
    if c.chance(0.45):
        c.ask_email()
        c.give_email(p)
    first, second = c.rng.sample(SLOTS, 2)
    c.agent(f"I have {first} or {second}.")
    c.caller(c.pick(["The first one works.", "The second one, please.", "Um, the earlier one."]))
    c.agent(
        c.pick(
            [
                "That's in suite two ten, on the second floor.",
                "We're in room three oh four, in building B.",
            ]
        ),
        c.pick(["Please come fifteen minutes early.", "Your copay will be forty dollars."]),
    )
    c.closing()


SCRIPTS: dict[str, Callable[[Conversation], None]] = {
    "lab_callback": lab_callback,
    "payment": payment,
    "relative": relative,
    "address_change": address_change,
    "refill": refill,
    "new_patient": new_patient,
}


def draw_call(seed: int, index: int, attempt: int, voices: list[str]) -> Call:
    """Call ``index`` of a ``conversations`` corpus: script and format rotate with the index;
    everything else comes from a generator seeded by (seed, index, attempt), so the same
    arguments give the same call.

    >>> a = draw_call(1001, 3, 0, ["espeak_us", "flite_slt"])
    >>> a == draw_call(1001, 3, 0, ["espeak_us", "flite_slt"]), a["file"]
    (True, 'call003_address_change.wav')
    """
    rng = random.Random(f"conversations:{seed}:{index}:{attempt}")
    script = list(SCRIPTS)[index % len(SCRIPTS)]
    fmt = FORMAT_ROTATION[index % len(FORMAT_ROTATION)]
    agent_voice, caller_voice = rng.sample(voices, 2) if len(voices) > 1 else voices * 2
    conversation = Conversation(rng)
    SCRIPTS[script](conversation)
    return {
        "file": f"call{index:03d}_{script}{FORMATS[fmt].suffix}",
        "format": fmt,
        "voices": {"agent": agent_voice, "caller": caller_voice},
        "turns": conversation.turns,
    }
