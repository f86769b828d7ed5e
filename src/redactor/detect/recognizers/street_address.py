"""Street addresses and ZIP codes, with house numbers in digits or in words."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from redactor.detect.recognizers._spoken import (
    NUMBER_WORD_RE,
    QUANTITY_WORDS,
    UNIT_RE,
    US_STATES,
    alternation,
    word_set,
)

# House numbers as Whisper writes them: "1420", "14 20", "fourteen twenty", "14B", "64, 71",
# "3 .06" (306 split as if a decimal).
_NUMBER_PART = rf"(?:\d{{1,6}}|{NUMBER_WORD_RE})"
_NUMBER = rf"(?:{_NUMBER_PART}(?:(?:\s*,\s*|[\s-]+)\.?{_NUMBER_PART}){{0,4}}[a-z]?)"
# Words that cannot be part of a street name: they mean the number was something else
# ("2 weeks drive", "12 blocks down the road").
_NOT_NAME = alternation(
    QUANTITY_WORDS
    | word_set(
        """the a an to for on in at of and or my your our his her their is it was with from
        by per every each this that i you we they he she take took get got have has had be
        been go went down up over about just like also so then blocks block"""
    )
    - {"%"}
)
_NAME_WORD = rf"(?:\d+(?:st|nd|rd|th)|(?!{_NOT_NAME}\b)[a-z][a-z'.]*)"
_SUFFIX = alternation(
    word_set(
        """street st avenue ave road rd boulevard blvd lane ln drive dr court ct place pl
        way terrace ter circle cir parkway pkwy highway hwy trail trl square sq plaza alley
        crescent loop row pike route rte"""
    )
)
_UNIT = (
    r"(?:\s*,?\s*(?:apartment|apt|unit|suite|ste|number|no|#)\.?\s*#?\s*"
    rf"(?:\d+[a-z]?|[a-z]\d*|{NUMBER_WORD_RE}(?:[\s-]+{NUMBER_WORD_RE})*)(?![\w]))?"
)
_STATE_CODES = (
    "(?-i:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|"
    "S[CD]|T[NX]|UT|V[AT]|W[AIVY])"
)
# A city before its state: "Worcester, Massachusetts". Greetings and fillers before a state
# that is also a first name ("Hi, Georgia") are not cities.
_NOT_CITY = alternation(
    word_set(
        """hi hello hey thanks thank yes yeah yep no okay ok sure well so and but oh um uh
        right great perfect sorry morning afternoon evening"""
    )
)
_CITY_WORD = rf"(?!{_NOT_CITY}\b)(?-i:[A-Z][a-z'.-]+)"
_CITY = rf"\b{_CITY_WORD}(?:\s+{_CITY_WORD}){{0,2}}"
# The answer to "what's your address?" when it starts with a number: the house number, even
# when Whisper garbled the street name ("870 will o'clock, apartment 10b"). "One second" and
# "one moment" are not answers.
_ASKED = r"\baddress(?:\s+on\s+file)?(?:,?\s+please)?\s*\?\s*"
_ANSWER_LEAD = r"(?:(?:um|uh|yes|yeah|sure|so|okay|it['\u2019]s|that['\u2019]s)[,\s]+)*"
_NOT_ANSWER = r"(?!(?:one|a|1)\s+(?:sec|second|moment|minute|min)\b)"
# The answer ends at the sentence's end, or where the agent's next question starts.
_NEXT_TURN = r"\s(?-i:And|So|What|Can|Could|Is|Do|Does|How|Okay|Thank|Thanks|Please|Let)\b"
_ANSWER = rf"{_NOT_ANSWER}(?=\d|{NUMBER_WORD_RE}\b)(?:(?!{_NEXT_TURN})[^.?!]){{1,80}}(?<![\s,])"
# A ZIP code Whisper half-heard: digits and number words with a stray letter ("seven I -9
# -7"), right after a state.
_ZIP_TOKEN = rf"-?(?:\d{{1,5}}|{UNIT_RE}|[a-z])(?![\w'\u2019])"
_LOOSE_ZIP = rf"(?=-?(?:\d|{UNIT_RE}\b)){_ZIP_TOKEN}(?:[\s,.-]+{_ZIP_TOKEN}){{1,8}}"
_ZIP = (
    rf"(?:\d{{5}}(?:-\d{{4}})?|\d(?:[\s,.-]+\d){{4}}|{UNIT_RE}(?:[\s,.-]+{UNIT_RE}){{4}})(?![\w-])"
)


# A unit number said on its own, in a confirmation or a correction ("yes, that's right,
# apartment thirty five"; Whisper: "Partment 35"). "Suite" is left out: a practice has suites.
_UNIT_ALONE = (
    r"\b(?:a?part?ment|apt|unit|flat)\.?\s*,?\s*(?:number\s+|no\.?\s+|#\s*)?"
    rf"(?:\d+[a-z]?|[a-z]\d*|{NUMBER_WORD_RE}(?:[\s-]+{NUMBER_WORD_RE})*)(?![\w'\u2019])"
)


class StreetAddressRecognizer(PatternRecognizer):
    """A house number, a street name and a street suffix; a P.O. box; a ZIP code.

    "1420 Maple Avenue", "fourteen twenty maple avenue apt 3", "12 Oak St" and "P.O. Box
    77" are LOCATIONs; so is a ZIP code after a state ("Springfield, Illinois 62704") or
    after "zip" ("zip code is 0-2-1-1-8"). So is a city before its state ("Worcester" in
    "Worcester, Massachusetts"; a state alone is not PHI), and an answer to "what's your
    address?" that starts with a number, and an apartment or unit number said on its own
    ("apartment thirty five"). A room number or a number of tablets is not.

    >>> rec = StreetAddressRecognizer()
    >>> text = "I live at fourteen twenty maple avenue apt 3 now"
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["LOCATION"])]
    ['fourteen twenty maple avenue apt 3']
    """

    PATTERNS = [
        Pattern(
            "street address",
            rf"(?<![\w-]){_NUMBER},?\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}\s+{_SUFFIX}\.?"
            rf"(?![\w]){_UNIT}",
            0.6,
        ),
        # Whisper puts a stop or a stray word between the house number and the street
        # ("It's 19. I'm Cypress Court."): the street name is still an address.
        Pattern(
            "street after a number and a stray word",
            rf"(?<=(?<![\w-])\d{{1,6}}[.,]?\s+(?:[a-z'\u2019]+[.,]?\s+)?)"
            rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}\s+{_SUFFIX}\.?(?![\w]){_UNIT}",
            0.5,
        ),
        # The city said between the street and the state, garbled into lower-case words
        # ("... harder view road All in town Pennsylvania").
        Pattern(
            "city between street and state",
            rf"(?<=\b{_SUFFIX}[.,]?\s+)(?!{_NOT_CITY}\b)[A-Za-z'-]+(?:\s+[a-z'-]+){{0,2}}"
            rf"(?=[.,]?\s+(?:{US_STATES})\b)",
            0.5,
        ),
        # A city before its state and ZIP code, however Whisper wrote it ("Little luck,
        # Arkansas. 7225."; "So can Washington, 9 -2 -free -9."): the state with a number after
        # it ends an address, so the one to three words before it are the city.
        Pattern(
            "city before state and zip",
            rf"(?<![\w'\u2019-])(?!(?:{_NOT_CITY}|{_NOT_NAME}|{NUMBER_WORD_RE})\b)"
            rf"[A-Za-z][A-Za-z'-]*(?:\s+(?!(?:{_NOT_NAME}|{NUMBER_WORD_RE})\b)(?-i:[a-z][a-z'-]*)){{0,2}}"
            rf"(?=[.,]?\s+(?:{US_STATES})[.,]?\s+(?:\d|{NUMBER_WORD_RE}\b))",
            0.5,
        ),
        Pattern("po box", rf"\bp\.?\s*o\.?\s*box\s+{_NUMBER}(?![\w])", 0.6),
        Pattern("unit alone", _UNIT_ALONE, 0.5),
        Pattern(
            "city and state",
            rf"{_CITY}(?=\s*,\s*(?:{US_STATES}|(?-i:{_STATE_CODES}))\b(?!['\u2019]))",
            0.6,
        ),
        Pattern("answer to address", rf"(?<={_ASKED}{_ANSWER_LEAD}){_ANSWER}", 0.5),
        Pattern(
            "garbled zip after state",
            rf"(?<=\b(?:{US_STATES})\.?,?\s+){_LOOSE_ZIP}",
            0.5,
        ),
        Pattern("zip after state", rf"(?<=\b(?:{US_STATES}|{_STATE_CODES})\.?,?\s+){_ZIP}", 0.6),
        Pattern("zip after zip", rf"(?<=\bzip(?:\s*code)?(?:\s+is)?[\s:,]*){_ZIP}", 0.6),
    ]
    CONTEXT = ["address", "live", "street", "mailing", "reside", "zip", "home", "apartment"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="LOCATION", patterns=list(self.PATTERNS), context=list(self.CONTEXT)
        )
