"""The agent's questions for PHI in a timed transcript: which sentences ask, for what, and
where the asking ends (Whisper often runs the reply into the question).

>>> from redactor.testing import transcript_from
>>> t = transcript_from([("And", 0, .2), ("your", .2, .4), ("birthday?", .4, .9),
...     ("May", 1.3, 1.5), ("fifth.", 1.5, 1.8)], 2)
>>> questions(t)
[Question(entity='DATE_OF_BIRTH', last_word=2, more=(), first_word=0)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from redactor.detect.recognizers._spoken import numbers_in, word_set
from redactor.types import Transcript, Word

# What the question asks for -> the entity its answer is redacted as. A question may ask for
# several ("your name and date of birth"): see :func:`fields_asked`. Of two cues that start
# at the same word, the one listed first wins.
CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (entity, re.compile(pattern, re.IGNORECASE))
    for entity, pattern in (
        (
            "CREDIT_CARD",
            # A payment card, its security code ("the three digits on the back", "CVV"); an
            # insurance or member card's number is an ID.
            # Whisper often hears "card" as "car" ("the number on the car?").
            r"(?<!insurance\s)(?<!member\s)(?<!\bid\s)\bcard\s+(?:number|#|ending)"
            r"|(?<!insurance\s)(?<!member\s)(?<!policy\s)(?<!\bid\s)(?<!\bi\.\sd\s)"
            r"\bnumber\s+on\s+(?:the|your)\s+(?:credit\s+|debit\s+)?card?\b"
            r"|\b(?:credit|debit)\s+card|\b(?:security|verification)\s+code|\bcv[vc]?\b"
            # "the CDD on the back": how Whisper writes "the CVV on the back".
            r"|(?<!zip\s)\bcode\s+on\s+the\s+back|\bc[a-z]{2}\s+on\s+the\s+back\b"
            r"|(?<!last\s)\b(?:three|four|3|4)[\s-]+digits?\b"
            r"(?![^.?!]*\b(?:social|ssn|phone|member|account|record)\b)",
        ),
        (
            "DATE_TIME",
            # A card's expiry date (DATE_TIME, as Presidio calls dates that are not a birth).
            # Tiny Whisper hears "expiration" as "exploration", "Xpiration", "Exformation".
            r"\b(?:expir|e?x(?:pir|plor|form)(?=ation\b))\w*(?:\s+date)?"
            r"(?:\s+on\s+(?:the|your|that)\s+card)?"
            r"|\bexp\.?\s+date|\bvalid\s+(?:thru|through)",
        ),
        (
            "DATE_OF_BIRTH",
            # "birth?", "birth.": the rest of the question can be garbled ("what in your
            # nay-tongue birth?", "what in your name is on birth."); tiny Whisper hears "date
            # of birth" as "name on the earth", "name on birth", "name, Tuberth?".
            r"\b(?:date\s+\w{1,3}\s+\w+|birth\s*(?:date|day)|birth[?.,]|d[\s.-]{0,3}o[\s.-]{0,3}b\b"
            r"|born)"
            # ... and as "mate on earth".
            r"|\b(?:name|date|mate)\s+(?:on|of|in)\s+(?:the\s+)?(?:birth|berth|earth)\b"
            r"|\w(?:birth|berth)\W*$",
        ),
        # "your S -S -N?": Whisper spells "SSN" out.
        ("US_SSN", r"\b(?:socials?(?:\s+security)?|ssns?|s[\s.-]{1,3}s[\s.-]{1,3}n)\b"),
        ("EMAIL_ADDRESS", r"\be-?mail"),
        (
            "PHONE_NUMBER",
            # "what number should we call you", "the call back number". ("Area code" is how
            # replies start.)
            # "a number to read you": how tiny Whisper hears "a number to reach you";
            # "call-back", which it writes "Cal -back". A caller's "my (old) number" is
            # the phone's: other numbers are named ("my member number").
            r"\b(?:phone|cal{1,2}\s?-?back|cell|fax|best\s+number|number\s+to\s+(?:reach|call)"
            r"|number\s+to\s+read\s+you)"
            r"|\bmy\s+(?:(?:old|new|other|current|home|work|daytime|usual)\s+)?number\b"
            r"|\bnumber\s+(?:\S+\s+){0,3}(?:call|reach|text)\b"
            r"|\b(?:call|reach|text)\s+(?:\S+\s+){0,3}number\b",
        ),
        (
            "ID_NUMBER",
            # "your member I need handed?": "your member ID handy?"
            r"\b(?:member|policy|group|subscriber|account|record|card|license|insurance|"
            r"confirmation|id)\s+(?:number|#|id|i\.\s?d)\b|\bmember\s+(?:id|i)\b"
            r"|\bm[\s.-]{0,3}r[\s.-]{0,3}n\b"  # "MRN", "M RN?", "M.R.N."
            r"|\bmedical\s+record\b"
            r"|\bnumber\s+on\s+(?:the|your)\s+(?:insurance|member|id|medicare|medicaid)\s+card\b",
        ),
        (
            "LOCATION",
            # "your unrest", "your mother's not rest": how tiny Whisper often hears "address".
            # A card's billing ZIP code: "the zip code for the card", which Whisper writes
            # "the list code for the card", "the Billings of Code?".
            r"\b(?:address|zip|postal\s+code|city|street|where\s+do\s+you\s+live)"
            r"|\bbillings?\s+(?:\w+\s+)?(?:zip|code|address)\b"
            r"|\bcode\s+for\s+(?:the|your|that)\s+card\b"
            # "And the billing zip code.", garbled before "code" ("And revealing this code.",
            # "And my mailing list code."): a question that ends in a code no other field
            # names (a security code, "the four digit code", is a card's).
            r"|(?<!area\s)(?<!confirmation\s)(?<!promo\s)(?<!access\s)(?<!verification\s)"
            r"(?<!security\s)(?<!digit\s)(?<!digits\s)(?<!pin\s)\bcode\W*$"
            r"|\byour\s+(?:\S+\s+)?(?:un|not\s+)?rest\b"
            # "and his dress.": "and his address?" ("I have her dress as 587 ..., is that
            # still current" reads one out: the reply to it need not be an address).
            r"|\b(?:your|his|her|their|the)\s+dress\W*$",
        ),
        (
            "PERSON",
            # "last aim": Whisper mishears the cue word too; "the last four" is asked for above.
            r"\b(?:name|spell|who\s+(?:am\s+i|is)\s+(?:speaking|calling)|"
            r"(?:first|last|full|middle|maiden)\s+(?!(?:one|two|three|four|digits?|number)\b)[a-z]+)",
        ),
    )
)  # fmt: skip
# A sentence that asks: it ends with "?" or opens like a request ("go ahead with the card
# number whenever you're ready", "I'll just need your date of birth").
REQUEST_OPENING = re.compile(
    r"^(?:(?:and|so|okay|ok|alright|all\s+right|now|also|great|perfect)[,\s]+)*"
    r"(?:can|could|may|would|will|what|what's|whats|which|where|who|please|give|tell|spell|"
    r"verify|confirm|read|do|does|is|are|go\s+ahead|i(?:['\u2019]ll|['\u2019]d)?\s+(?:just\s+)?need|"
    r"we(?:['\u2019]ll|['\u2019]d)?\s+(?:just\s+)?need|let['\u2019]?s\s+(?:get|have|start|do))\b",
    re.IGNORECASE,
)
# "City and zip code." A sentence made only of the names of fields asks for them.
FIELD_WORDS: frozenset[str] = word_set(
    """name first last full middle maiden spell spelling date of birth birthday dob phone cell
    mobile number best callback address street city zip postal code state email e-mail member
    id account record medical social security ssn apartment unit card expiration expiry and
    the your his her their a an please also now then okay ok great just"""
)
FIELD_LIST_MAX_WORDS = 6
# "To verify, what's the date of birth." Whisper does not always hear the question mark.
LATE_QUESTION_WORD = re.compile(
    r"^(?:\S+\s+){1,3}(?:what|what's|whats|which|can|could|may)\b", re.IGNORECASE
)
# "One moment while I update that has your address changed." Whisper left out the stop
# before the question, so it starts inside the sentence. ("what in your": "what is your".)
# "He's 96 years old to verify what's the date of birth.": the caller's words and the
# agent's question, run together.
EMBEDDED_QUESTION = re.compile(
    r"\b(?:has|have|did|does|do|can|could|would|will|what's|whats|what\s+i[sn])\s+your\b"
    r"|\bto\s+(?:verify|confirm)\W+(?:what's|whats|what\s+is|can|could|may)\b",
    re.IGNORECASE,
)
# "For our records, the last four of your social.": said only to ask for them.
LAST_DIGITS_REQUEST = re.compile(
    r"\blast\s+(?:four|4|five|5|two|2|three|3)\s+(?:digits?\s+)?(?:of|on|in)\s+"
    r"(?:your|the|his|her|their)\b",
    re.IGNORECASE,
)
# "And the city and zip code." A short phrase that only names what is wanted asks for it.
# Whisper writes a quick "And the ..." as "End a ..." ("End a patient's name and date of birth.").
ELLIPTICAL_OPENING = re.compile(r"^(?:and|end|also|plus|now|then)\b", re.IGNORECASE)
# "And the three digits a Q -R -T code.": up to ten words, since Whisper spells what it
# does not know (a reply run on after a comma not counted: see end_of_asking).
ELLIPTICAL_MAX_WORDS = 10
# "... 6 more place and the city in zip code.", "It's Beatrice Betrakis and your date of
# birth, please.": Whisper ran a short request for PHI on to the words before it. It ends
# the sentence, opens with "and the" or the like, and names the field last (then "please").
TRAILING_REQUEST = re.compile(
    r"\b(?:and|also|now|then|plus)\s+(?:the|your|his|her|their|a|an)\s+(?:[^\s\d]+\s+){0,4}"
    r"(?:number|code|address|dress|name|birth|birthday|e-?mail|zip|city|id|social|dob|mrn)"
    r"(?:,?\s+please)?[.?]$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.?!]['\"]?$")
# On one channel Whisper often runs the reply and the agent's next question together
# ("... 6,000 58 do you have the account number?"): the question is not the reply.
NEW_QUESTION = re.compile(
    r"^(?:(?:can|could|would|will|do|does|did|may)\s+(?:you|i(?!')|we)|(?:is|are)\s+there|"
    r"(?:what's|whats|what\s+is|what\s+was)\s+(?:your|the|his|her|their)|"
    r"to\s+(?:verify|confirm))\b",
    re.IGNORECASE,
)


# "My email is ... dot com." "How do you spell that?": a spelling asked for what was just
# said, or for a "part" of it, spells the e-mail address when one was just said.
SPELL_WHAT_WAS_SAID = re.compile(r"\bspell\b[^.?!]*\b(?:that|it|part)\W*$", re.IGNORECASE)
EMAIL_SAID = re.compile(r"\be-?mail\b|@|(?:\b|(?<=[dn]ot))(?:com|net|org|edu|gov)\b", re.IGNORECASE)
EMAIL_SAID_WORDS = 25


@dataclass(frozen=True, slots=True)
class Question:
    """A question for PHI: the entity its answer is redacted as, the index of its last word
    (the reply starts after it), and the entities of any further fields it asks for, in the
    order it names them ("your name and date of birth": PERSON, then DATE_OF_BIRTH)."""

    entity: str
    last_word: int
    more: tuple[str, ...] = ()
    first_word: int = 0


# How many numbers after a field's name mean its value was read out, not asked for.
VALUE_GIVEN_NUMBERS = 3


def fields_asked(text: str) -> list[tuple[str, re.Pattern[str]]]:
    """The fields a sentence asks for, as ``(entity, cue)``.

    Fields joined by "and" ("your name and date of birth") are all asked for, in the order
    they are named; a field named twice counts once ("city and zip code"). Otherwise the
    sentence asks for one field, the first in :data:`CUES` that it names: tiny Whisper
    garbles "date of birth" into "name is on birth", which is not two fields.

    >>> [entity for entity, _ in fields_asked("And the patient's name and date of birth?")]
    ['PERSON', 'DATE_OF_BIRTH']
    >>> [entity for entity, _ in fields_asked("And what in your name is on birth.")]
    ['DATE_OF_BIRTH']
    """
    matches = sorted(
        (match.start(), -match.end(), order, entity, cue)
        for order, (entity, cue) in enumerate(CUES)
        for match in cue.finditer(text)
    )
    if not matches:
        return []
    named: list[tuple[int, int, str, re.Pattern[str]]] = []
    for start, negative_end, _, entity, cue in matches:
        if named and start < named[-1][1]:
            continue  # inside the match before ("name" in "name on the earth")
        named.append((start, -negative_end, entity, cue))
    joined = len(named) > 1 and all(
        _JOINED.search(text, before[1], after[0]) for before, after in pairwise(named)
    )
    if not joined:
        # "I want to pay it over the phone what's the account number on your bill?": Whisper
        # ran a remark into the question; the field asked is the one after the question word.
        openers = [opener.start() for opener in _QUESTION_WORD.finditer(text)]
        asked = [match for match in matches if openers and match[0] >= openers[-1]]
        first = min(asked or matches, key=lambda match: match[2])
        return [(first[3], first[4])]
    fields: list[tuple[str, re.Pattern[str]]] = []
    for (_, end, entity, cue), following in zip(named, [*named[1:], None], strict=True):
        # "The card ending in one eight six one, correct, and when does it expire?": a
        # field read back with its value before the next field is confirmed, not asked.
        between = text[end : following[0]] if following is not None else ""
        if sum(numbers_in(word) for word in between.split()) >= VALUE_GIVEN_NUMBERS:
            continue
        if entity not in (e for e, _ in fields):
            fields.append((entity, cue))
    return fields


_QUESTION_WORD = re.compile(
    r"(?<!^)\b(?:what|what's|whats|which|can|could|may)\s+(?:is\s+|was\s+)?"
    r"(?:i|we|you|your|the|his|her|their)\b",
    re.IGNORECASE,
)
_JOINED = re.compile(r"\b(?:and|plus|also)\b|&")


def questions(transcript: Transcript) -> list[Question]:
    """Sentences that ask for PHI, by the entity asked for and their last word (see the
    module's example)."""
    asking = []
    sentence: list[str] = []
    for index, word in enumerate(transcript.words):
        sentence.append(word.text)
        next_word = transcript.words[index + 1] if index + 1 < len(transcript.words) else None
        speaker_changes = next_word is not None and next_word.channel != word.channel
        if not (SENTENCE_END.search(word.text) or speaker_changes or next_word is None):
            continue
        sentence_words, sentence = sentence, []
        text = " ".join(sentence_words)
        fields = fields_asked(text)
        if not fields:
            continue
        found = fields[0]
        trailing = TRAILING_REQUEST.search(text)
        # "737, and your full name and birthday.": every field the request names.
        tail_fields = [entity for entity, _ in fields_asked(trailing.group())] if trailing else []
        first = index + 1 - len(sentence_words)
        last = end_of_asking(transcript.words, first, index, found[1])
        if last < index:
            # The fields asked are those the question names, not the reply run on to it.
            fields = fields_asked(" ".join(sentence_words[: last + 1 - first])) or fields
            found = fields[0]
        # A sentence that does not ask still asked, if a value (four digits or more) follows
        # the cue after a comma, or the other speaker answers before its end: Whisper garbles
        # questions ("Once you're member ID, okay, it's easy, 111, 468."). Its read-back is
        # then found too.
        if (
            text.rstrip("'\"").endswith("?")
            or REQUEST_OPENING.match(text)
            or LATE_QUESTION_WORD.match(text)
            or EMBEDDED_QUESTION.search(text)
            or LAST_DIGITS_REQUEST.search(text)
            or (last - first < ELLIPTICAL_MAX_WORDS and ELLIPTICAL_OPENING.match(text))
            or (last < index and digit_count(transcript.words[last + 1 : index + 1]) >= 4)
            or (speaker_changes and not SENTENCE_END.search(word.text))
            or _only_names_fields(sentence_words)
        ):
            more = tuple(entity for entity, _ in fields[1:])
            entity = found[0]
            if entity == "PERSON" and not more and SPELL_WHAT_WAS_SAID.search(text):
                said = " ".join(
                    w.text for w in transcript.words[max(0, first - EMAIL_SAID_WORDS) : first]
                )
                entity = "EMAIL_ADDRESS" if EMAIL_SAID.search(said) else entity
            if entity == "CREDIT_CARD" and _insurance_card(transcript.words, first, text):
                entity = "ID_NUMBER"
            asking.append(Question(entity, last, more, first + _asking_starts(sentence_words)))
        elif tail_fields and trailing is not None:
            start = len(text[: trailing.start()].split())
            asking.append(Question(tail_fields[0], index, tuple(tail_fields[1:]), first + start))
        elif (listed := _field_list_after_comma(sentence_words)) is not None:
            # "The apartment 263, city and zip code.": the agent's request, run on to the
            # caller's words.
            start, listed_fields = listed
            asking.append(
                Question(listed_fields[0], index, tuple(listed_fields[1:]), first + start)
            )
    return asking


def _asking_starts(sentence_words: Sequence[str]) -> int:
    """Where the asking starts in a sentence that asks: at its first word, unless it opens
    with other words and a question starts later ("No, and that come your what's your date of
    birth?": the caller's words, run on to the agent's question)."""
    if REQUEST_OPENING.match(" ".join(sentence_words)):
        return 0
    return next(
        (
            k
            for k in range(1, len(sentence_words))
            if NEW_QUESTION.match(" ".join(sentence_words[k : k + 3]).replace(",", ""))
        ),
        0,
    )


# "What insurance do you have?" "Can I get the number on the card?": the card is the one
# talked about last, the insurance card, and its number an ID. A sentence that says which
# card ("credit", "the code on the back") or a call about paying is about a payment card.
_PAYMENT_CARD = re.compile(
    r"\b(?:credit|debit|visa|mastercard|amex|security|verification|cv[vc]|back|expir\w*|"
    r"pay\w*|balance|bill|charge)\b",
    re.IGNORECASE,
)
_INSURANCE = re.compile(
    r"\b(?:insurance|insured|medicare|medicaid|health\s+plan|member|policy|coverage)\b",
    re.IGNORECASE,
)
CARD_TALKED_ABOUT_WORDS = 30


def _insurance_card(words: Sequence[Word], first: int, text: str) -> bool:
    """Whether the card a question for a card number (starting at ``words[first]``, saying
    ``text``) asks about is an insurance card: the sentence only says "card", and insurance
    was talked about since any payment, in the words before it."""
    if not re.search(r"\bcard\b", text, re.IGNORECASE) or _PAYMENT_CARD.search(text):
        return False
    said = " ".join(w.text for w in words[max(0, first - CARD_TALKED_ABOUT_WORDS) : first])
    insurance = [match.end() for match in _INSURANCE.finditer(said)]
    payment = [match.end() for match in _PAYMENT_CARD.finditer(said)]
    return bool(insurance) and max(insurance) > max(payment, default=-1)


def _only_names_fields(sentence_words: Sequence[str]) -> bool:
    """ "City and zip code.": a short sentence of nothing but the names of fields."""
    bare = [w.strip(",.?!;:").lower() for w in sentence_words]
    return len(bare) <= FIELD_LIST_MAX_WORDS and all(w in FIELD_WORDS for w in bare)


def _field_list_after_comma(sentence_words: Sequence[str]) -> tuple[int, list[str]] | None:
    """Where a list of field names after the sentence's last comma starts, and the fields
    ("737, and your full name and birthday.": PERSON, then DATE_OF_BIRTH)."""
    commas = [k for k, word in enumerate(sentence_words[:-2]) if word.endswith(",")]
    if not commas:
        return None
    tail = sentence_words[commas[-1] + 1 :]
    fields = fields_asked(" ".join(tail))
    if not fields or not _only_names_fields(tail):
        return None
    return commas[-1] + 1, [entity for entity, _ in fields]


def end_of_asking(words: Sequence[Word], first: int, last: int, cue: re.Pattern[str]) -> int:
    """The question's last word: the sentence's, unless Whisper ran the reply into it after a
    comma ("what's the date of birth, 12, 19, 28."; "and your name, my name is Ana Lu."): then
    the comma after the cue ends it.

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([(w, 0, 1) for w in "what's the birthday, 12, 19.".split()], 1)
    >>> end_of_asking(t.words, 0, 4, dict(CUES)["DATE_OF_BIRTH"])
    2
    """
    asked = next(
        (
            k
            for k in range(first, last + 1)
            if cue.search(" ".join(w.text for w in words[first : k + 1]))
        ),
        last,
    )
    for comma in range(asked, last):
        if words[comma].text.endswith(",") and (
            any(numbers_in(w.text) for w in words[comma + 1 : last + 1])
            or REPLY_OPENING.match(" ".join(w.text for w in words[comma + 1 : comma + 6]))
        ):
            return comma
    return _field_named_again(words, first, last)


def _field_named_again(words: Sequence[Word], first: int, last: int) -> int:
    """Where the asking ends in a sentence whose field is named twice, the second time with
    a value after it: the caller's reply, run on without a comma ("verify your name and date
    of birth Janice a conquel date of birth 10 24 1987"): at the end of its first naming."""
    text = ""
    ends: list[int] = []  # the character offset where each word ends
    for word in words[first : last + 1]:
        text += (" " if text else "") + word.text
        ends.append(len(text))
    for _, cue in CUES:
        named = list(cue.finditer(text))
        if len(named) < 2:
            continue
        asked = next(k for k, end in enumerate(ends) if end >= named[0].end())
        again = next(k for k, end in enumerate(ends) if end > named[1].start())
        if again > asked + 1 and any(numbers_in(w.text) for w in words[first + again : last + 1]):
            return first + asked
    return last


# "And your name, my name is Ana Lu.": the caller's reply, run on to the question after a
# comma, opens by naming the field as theirs. ("It's ..." is not one: the agent goes on "...,
# it's on the front of your card".)
REPLY_OPENING = re.compile(
    r"^my\s+(?:\w+\s+){0,3}(?:is|was)\b|^my\s+\w+['\u2019]s\b",
    re.IGNORECASE,
)


def asks(words: Sequence[Word], index: int) -> bool:
    """Whether a new question starts at ``index``: "can you", "what's your", "to verify", or
    a short request for PHI without numbers ("..., and a phone number.").

    >>> from redactor.testing import transcript_from
    >>> words = transcript_from([(w, 0, 1) for w in "Thanks. And a phone number.".split()], 1).words
    >>> asks(words, 0), asks(words, 1)
    (False, True)
    """
    following = " ".join(word.text for word in words[index : index + 3])
    if NEW_QUESTION.match(following.replace(",", "")):
        return True
    if not ELLIPTICAL_OPENING.match(words[index].text):
        return False
    sentence = sentence_from(words, index, ELLIPTICAL_MAX_WORDS)
    return (
        bool(sentence)
        and not any(numbers_in(words[i].text) for i in sentence)
        and cue_in(words, sentence)
        # "No, and that come your what's your date of birth?": the question starts later,
        # at its question word; the words before it are the reply's.
        and not any(
            NEW_QUESTION.match(" ".join(words[i].text for i in sentence[k : k + 3]))
            for k in range(1, len(sentence))
        )
    )


def sentence_from(words: Sequence[Word], index: int, limit: int) -> list[int]:
    """Indices of the sentence that starts at ``index``, if it ends within ``limit`` words.
    On two channels a sentence also ends where the other side speaks: the caller's "and
    outcome your are" is no question because the agent goes on "and your date of birth?"."""
    speaker = words[index].channel if index < len(words) else None
    for last in range(index, min(len(words), index + limit)):
        if speaker is not None and words[last].channel != speaker:
            return list(range(index, last))
        if SENTENCE_END.search(words[last].text):
            return list(range(index, last + 1))
    return []


def cue_in(words: Sequence[Word], sentence: list[int]) -> bool:
    """Whether the words at the indices ``sentence`` name a kind of PHI."""
    text = " ".join(words[i].text for i in sentence)
    return any(cue.search(text) for _, cue in CUES)


def digit_count(words: Sequence[Word]) -> int:
    """Digits and number words in ``words``: a value has several, "press 2." has one."""
    return sum(numbers_in(word.text) for word in words)
