"""The caller's whole answer to a question that asks for PHI ("what's your date of birth?").

Every other recognizer needs the answer to be transcribed well enough to look like PHI.
On a phone line it often is not: tiny Whisper writes a spelled name as "That's T A", a
date of birth as "Can you hear it well? 1950?", a name as "and go me wash in can". What
is certain is that the agent asked for PHI and that the next words are the reply, so the
reply is redacted whatever it reads like. This works on the timed transcript, not on text
alone, because where a reply ends is a matter of time (a pause, a change of speaker).

Which sentences ask is decided in ``_questions.py``; this module finds the reply, the agent's
read-back and the caller's correction.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from redactor.detect.recognizers._questions import (
    CUES,
    SENTENCE_END,
    Question,
    asks,
    cue_in,
    questions,
    sentence_from,
)
from redactor.detect.recognizers._spoken import (
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    US_STATES,
    numbers_in,
    word_set,
)
from redactor.types import PhiSpan, Transcript, Word

RECOGNIZER_NAME = "QuestionAnswerRecognizer"
SCORE = 0.5
# A reply ends at the first sentence end after ANSWER_MIN_WORDS words or after digits (for an
# e-mail, not while a "dot com" is still to come), at a pause longer than TURN_PAUSE seconds,
# when the asker's channel speaks again, where a new question starts, or after
# ANSWER_MAX_WORDS.
ANSWER_MIN_WORDS = 2
ANSWER_MAX_WORDS = 20
TURN_PAUSE = 1.0
# A reply whose last word ends with a comma, or that so far only says "yes", goes on after a
# longer pause: the caller stopped inside the value ("It's 1889, ... Fairmount Avenue").
COMMA_PAUSE = 2.5

# Replies made of numbers (and letters, for IDs) end before a capitalised word after the
# value: Whisper starts the agent's next sentence ("... 7 1 0 Please hold") without a stop.
NUMERIC_ENTITIES = frozenset(
    {"DATE_OF_BIRTH", "US_SSN", "PHONE_NUMBER", "ID_NUMBER", "CREDIT_CARD", "DATE_TIME"}
)
_VALUE_WORDS = (
    NUMBER_WORDS
    | set(ORDINAL_WORDS)
    | set(MONTHS)
    | word_set(
        """oh double triple alpha alfa bravo charlie delta echo foxtrot golf hotel india juliet
        juliett kilo lima mike november oscar papa quebec romeo sierra tango uniform victor
        whiskey x-ray xray yankee zulu"""
    )
)
_CUE_OF = dict(CUES)
_STATE = re.compile(rf"\b{US_STATES}\b", re.IGNORECASE)
_NEW_SENTENCE_WORD = re.compile(r"^(?!I['\u2019])[A-Z][a-z']+[,.]?$")  # "I'm" is always capitalised
# Replies that go on past a full stop when digits or number words follow (an ID, a ZIP code
# after the city).
RUN_ON_ENTITIES = NUMERIC_ENTITIES | {"LOCATION"}
# "Let me read that back" is the agent again: the reply, if any, is over.
_READ_BACK_START = re.compile(r"^let\s+me\s+(?:read|repeat|confirm)\b", re.IGNORECASE)
# "... 0 8 9 0 1 moment while I update that": "one moment" is the agent again.
WAIT_WORDS = word_set("moment second sec minute")
# Words a reply opens with before the PHI ("yes, it's", "sure, my name is"): left out of the
# span, so the beep (still padded) starts near the value rather than at the reply.
CARRIER_WORDS: frozenset[str] = word_set(
    """yes yeah yep sure okay ok oh um uh hmm so well alright right hi hello it's its it is
    that's thats that this my our his her name name's email address phone number
    date of birth birthday born member id the"""
)
# Some carrier words are also how Whisper writes letters, digits and short names: "my" (M,
# I), "oh" (O or zero), "hi" (H, I), "okay" (O, K), "well" ("Lowell"), "the" (B, D, T). They
# are left out only when another carrier word follows ("oh, it's ...", "the name is ..."),
# not before the value ("that's my L E R", "oh, three, fourteen", "Well, Massachusetts",
# "that's the, A, N ..." for "B, A, N ...").
LETTER_LIKE_CARRIER_WORDS: frozenset[str] = word_set("my hi oh okay ok so well the")
# "Area code 209. Then 516 ...": words that lead on to the next group of one number.
_JOINING_WORDS: frozenset[str] = word_set("and then plus")
# Words between two fields in one sentence ("Ana Lu and it's 12, 10, 74").
_LINK_WORDS: frozenset[str] = CARRIER_WORDS | word_set("and was")
# Words a read-back opens with ("let me read that back", "so that's"): left out likewise.
READ_BACK_CARRIER_WORDS: frozenset[str] = word_set(
    "so that's thats that is let me read it back to confirm i have okay ok you said"
)
# A correction of a read-back opens with one of the first few ("Almost. The last digit is
# five."); the rest are its carrier words.
CORRECTION_OPENINGS: frozenset[str] = word_set("almost no nope actually close not")
CORRECTION_WORDS: frozenset[str] = CORRECTION_OPENINGS | word_set(
    "quite sorry the last first digit number letter one part is it's its it should be"
)
CORRECTION_MAX_WORDS = 12
CARRIER_MAX_SECONDS = 0.6
_TRAILING_OFF = ("..", "\u2026")
READ_BACK_MIN_NUMBERS = 2
READ_BACK_MAX_SENTENCES = 3
READ_BACK_SHARED_DIGITS = 3
READ_BACK_LOOKS_BACK = 60
# "Okay." or "Got it." acknowledges a reply; what follows it is the next topic, not a read-back.
# "Okay, so 775 ..." reads back.
_READ_BACK_OPENING = re.compile(
    r"^\W*(?:(?:okay|ok|alright|all\s+right),\s+)?"
    r"(?:so|that's|thats|that\s+is|let\s+me|to\s+confirm|i\s+have)\b",
    re.IGNORECASE,
)
EMAIL_REACH_WORDS = 8
# Whisper glues "dot com" into one word, or mishears it: "dotcom", "Notcom".
_TOP_LEVEL_DOMAIN = re.compile(r"(?:\b|(?<=[dn]ot))(?:com|net|org|edu|gov)\b", re.IGNORECASE)
_AT_OR_DOMAIN = re.compile(rf"^(?:at|@)\W*$|@|{_TOP_LEVEL_DOMAIN.pattern}", re.IGNORECASE)

# A reply made only of these confirms what the agent read out; it holds no new PHI. ("No."
# is not one: a correction follows it.)
CONFIRMATION_WORDS: frozenset[str] = word_set("yes yeah yep yup correct right that's")
# "No, sorry.", "Let me start over.", "Hold on.": the caller starts the value again, or goes to
# find it. The value said next is the reply too; after a hold, only if it starts with a number
# (the agent may speak meanwhile: "one moment" after a value is theirs).
_MARKER = (
    r"^(?:(?:no|oh|um+|uh+|okay|ok|wait)[,.]?\s+)*"
    r"(?:(?P<again>sorry|i\s+mean|start\s+over|scratch\s+that|wait|"
    r"let\s+me\s+(?:start\s+over|try\s+(?:that\s+)?again))"
    r"|hold\s+on|hang\s+on|one\s+sec(?:ond)?|just\s+a\s+(?:sec(?:ond)?|moment)|"
    r"let\s+me\s+(?:see|check|find\s+it|look|grab\s+(?:it|my\s+\w+)))\b"
)
# The words that start a value again, and what may follow them in their sentence ("Wait,
# no, not even a callister." holds the value too).
_RESTART = re.compile(
    _MARKER + r"(?:[,.!]?\s+(?:no|sorry|um+|uh+|oh)(?=[\s,.!]|$))*[,.!]?", re.IGNORECASE
)
# A reply that only holds ("Um, yeah, hold on.").
_ONLY_HOLD = re.compile(_MARKER + r"[^.?!]*[.?!]?$", re.IGNORECASE)
RESTART_MAX_WORDS = 6
# "Ana, let me start over." / "..., I mean." / "Ana, wait." A sentence of the value that ends
# by starting it again (tiny Whisper writes "let me" as "left me").
_RESTART_CLOSING = re.compile(
    r"\b(?:(?:(?:let|left)\s+me\s+)?(?:start\s+(?:over|again)|try\s+(?:that\s+)?again)"
    r"|scratch\s+that|i\s+mean|wait|wait,?\s+no|no,?\s+sorry)[.!]$",
    re.IGNORECASE,
)
# "Oh, let me see, 610 ...": words before the value that only hold.
_LEAD_HOLD = re.compile(
    r"^(?:\W*(?:oh|um+|uh+|okay|ok|yeah|yes|so|well|sure)\W+)*"
    r"(?:let\s+me\s+(?:see|check|look)|hold\s+on|hang\s+on|one\s+sec(?:ond)?|"
    r"just\s+a\s+(?:sec(?:ond)?|moment))[,.]?(?=\s)",
    re.IGNORECASE,
)
# After a hold, how long the caller may take, and within how many words the value starts.
HOLD_PAUSE = 4.0
VALUE_WITHIN_WORDS = 5
_ONE = word_set("one 1 a")


def answers_to_questions(transcript: Transcript, entities: Collection[str]) -> list[PhiSpan]:
    """Spans over the reply to each question that asks for one of ``entities``.

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([("What's", 0, .2), ("your", .2, .4), ("birthday?", .4, .9),
    ...     ("It's", 1.3, 1.5), ("four", 1.5, 1.8), ("ninety.", 1.8, 2.2),
    ...     ("Thanks.", 3.5, 3.9)], 4)
    >>> [(s.entity_type, t.text[s.start:s.end]) for s in answers_to_questions(t, ["DATE_OF_BIRTH"])]
    [('DATE_OF_BIRTH', 'four ninety.')]
    """
    words = transcript.words
    offsets = transcript.word_offsets()
    spans = []
    asked = questions(transcript)
    starts = frozenset(question.first_word for question in asked)
    reported: set[tuple[str, int, int]] = set()
    for question in asked:
        if question.entity not in entities:
            continue
        reply, left_out = _reply(words, question, starts)
        read_back = _read_back(words, question, reply)
        found = [
            (entity, _without_carrier(words, run, CARRIER_WORDS, LETTER_LIKE_CARRIER_WORDS))
            for entity, part in _by_field(words, _without_hold(words, reply), question)
            for run in _runs(part, left_out)
        ]
        found += [
            (question.entity, _without_carrier(words, read_back, READ_BACK_CARRIER_WORDS)),
            (
                question.entity,
                _without_carrier(words, _correction(words, question, read_back), CORRECTION_WORDS),
            ),
        ]
        found = [
            piece for entity, kept in found for piece in _date_said_for_name(words, entity, kept)
        ]
        for entity, kept in found:
            # A caller's sentence that names a field and its value ("..., date of birth,
            # October 9") asks as well: its reply can be the same words as the one before.
            if kept and entity in entities and (entity, kept[0], kept[-1]) not in reported:
                reported.add((entity, kept[0], kept[-1]))
                spans.append(
                    PhiSpan(
                        entity,
                        offsets[kept[0]][0],
                        offsets[kept[-1]][1],
                        SCORE,
                        RECOGNIZER_NAME,
                        inferred=True,
                    )
                )
    return spans


def _date_said_for_name(
    words: Sequence[Word], entity: str, reply: list[int]
) -> list[tuple[str, list[int]]]:
    """A reply to a question for a name, cut where a date starts in it: a name holds no
    numbers, and a date said for a name is the date of birth, asked with it or asked in
    words Whisper garbled ("Can I get your name somewhere?" "The 11th of December 1975.").
    Any other reply, and one whose numbers are no date (an ID, a spelled number), is kept
    whole as ``(entity, reply)``.

    >>> from redactor.testing import transcript_from
    >>> t = transcript_from([(w, 0, 1) for w in "Ana Lu and it's 12, 10, 74.".split()], 1)
    >>> [(e, [t.words[i].text for i in part]) for e, part in _date_said_for_name(
    ...     t.words, "PERSON", list(range(7)))]
    [('PERSON', ['Ana', 'Lu', 'and', "it's"]), ('DATE_OF_BIRTH', ['12,', '10,', '74.'])]
    """
    if entity != "PERSON":
        return [(entity, reply)]
    for at, index in enumerate(reply):
        said = [words[i].text for i in reply[at:]]
        # Digits, not number words: "oh" is also how Whisper writes the letter O.
        month = _bare(words[index].text) in MONTHS and any(_has_digit(w) for w in said[1:3])
        if not (month or _has_digit(words[index].text)):
            continue
        if not _is_date(said):
            break
        if at and _bare(words[reply[at - 1]].text) == "the":
            at -= 1  # "the 11th of March": the day's article is the date's
        head = reply[:at]
        return [(entity, head)] * bool(head) + [("DATE_OF_BIRTH", reply[at:])]
    return [(entity, reply)]


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


_ORDINAL = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$")
DATE_MAX_NUMBERS = 3


def _is_date(said: Sequence[str]) -> bool:
    """Whether the words read as a date: a month or an ordinal day with a number, or two or
    three numbers of up to four digits ("12, 10, 74"; "0 6 2 2 1 9 3 1" is an ID)."""
    bare = [_bare(w) for w in said]
    numbers = [w for w in bare if numbers_in(w)]
    if any(w in MONTHS or _ORDINAL.match(w) or w in ORDINAL_WORDS for w in bare):
        return bool(numbers)
    return 2 <= len(numbers) <= DATE_MAX_NUMBERS and all(
        sum(c.isdigit() for c in w) <= 4 for w in numbers
    )


def _runs(indices: list[int], left_out: Collection[int]) -> list[list[int]]:
    """``indices`` without ``left_out``, cut into runs of consecutive words."""
    runs: list[list[int]] = []
    for index in indices:
        if index in left_out:
            continue
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _without_hold(words: Sequence[Word], reply: list[int]) -> list[int]:
    """``reply`` without a lead-in that only holds ("Oh, let me see, 610 ...")."""
    text = " ".join(words[i].text for i in reply)
    lead = _LEAD_HOLD.match(text)
    return reply[len(lead.group().split()) :] if lead else reply


def _by_field(
    words: Sequence[Word], reply: list[int], question: Question
) -> list[tuple[str, list[int]]]:
    """The reply cut into one part per field asked, in the order they were asked: at each
    sentence end, or where the caller names the next field ("Ana Lu, date of birth ...")."""
    entities = (question.entity, *question.more)
    parts: list[list[int]] = [[]]
    for index in reply:
        following = entities[len(parts)] if len(parts) < len(entities) else None
        if (
            following is not None
            and parts[-1]
            and _next_field_starts(words, index, parts[-1], entities[len(parts) - 1], following)
        ):
            # "..., Ana Lu and it's 12, 10": the words that lead from one value to the next
            # are neither.
            while len(parts[-1]) > 1 and _bare(words[parts[-1][-1]].text) in _LINK_WORDS:
                parts[-1].pop()
            parts.append([])
        parts[-1].append(index)
        if following is not None and SENTENCE_END.search(words[index].text):
            parts.append([])
    return [(entity, part) for entity, part in zip(entities, parts, strict=False) if part]


def _next_field_starts(
    words: Sequence[Word], index: int, part: list[int], current: str, following: str
) -> bool:
    """Whether the next field asked for starts at ``index``, inside the sentence of the one
    before: the caller names it ("Ana Lu, date of birth ..."), or, after a field said in
    words, says the first number of a field said in numbers ("Sure, Ana Lu and it's 12, 10,
    74.": a name holds no numbers)."""
    if _CUE_OF[following].match(" ".join(w.text for w in words[index : index + 4])):
        return True
    return (
        following in NUMERIC_ENTITIES
        and current not in NUMERIC_ENTITIES
        and numbers_in(words[index].text) > 0
        and any(_bare(words[i].text) not in CARRIER_WORDS for i in part)
        and not any(numbers_in(words[i].text) for i in part)
    )


def _field_now(question: Question, fields_to_come: Sequence[str]) -> str:
    """The field being answered while ``fields_to_come`` are still to come."""
    fields = (question.entity, *question.more)
    return fields[len(fields) - len(fields_to_come) - 1]


def _reply(
    words: Sequence[Word], question: Question, question_starts: Collection[int] = ()
) -> tuple[list[int], set[int]]:
    """Indices of the words that answer ``question`` (none when the reply only confirms),
    and those of them that are not the value: the phrases between a value and the caller
    saying it again.

    A question for several fields gets a sentence for each; a reply the caller starts again
    ("No, sorry. ...") or goes to find ("Hold on. ...") goes on with the value said next. A
    reply ends where another question for PHI starts."""
    asker = words[question.last_word].channel
    reply: list[int] = []
    left_out: set[int] = set()
    previous_end = words[question.last_word].end
    sentences_left = 1 + len(question.more)
    max_words = ANSWER_MAX_WORDS * sentences_left
    pause = TURN_PAUSE
    went_on = False  # the sentence before ended the value, and the reply went on
    restart_phrase: set[int] = set()
    email_went_on = False
    fields_to_come = list(question.more)
    for index in range(question.last_word + 1, len(words)):
        word = words[index]
        if asker is not None and word.channel == asker:
            if reply:
                break
            continue  # the agent still talking; the reply comes on the other channel
        if reply and (word.start - previous_end > pause or index in question_starts):
            break
        has_content = any(_bare(words[i].text) not in CARRIER_WORDS for i in reply)
        if (
            has_content
            and not went_on
            and _starts_another_sentence(words, index, reply, question.entity)
        ) or (went_on and asks(words, index)):
            break
        went_on = False
        if (
            not has_content
            and _bare(word.text) not in CARRIER_WORDS
            and _asks_for_phi(words, index)
        ):
            return [], left_out  # the reply was lost and the agent asks the next thing
        if _READ_BACK_START.match(" ".join(w.text for w in words[index : index + 3])):
            return (reply if has_content else []), left_out
        if reply and _bare(word.text) in WAIT_WORDS and _bare(words[reply[-1]].text) in _ONE:
            reply.pop()
            break
        if (
            reply
            and fields_to_come
            and _next_field_starts(
                words, index, reply, _field_now(question, fields_to_come), fields_to_come[0]
            )
        ):
            # "Curtis Grubowski, date of birth February ...": the next field starts inside
            # this sentence, so it takes no sentence of its own.
            fields_to_come.pop(0)
            sentences_left -= 1
        reply.append(index)
        previous_end = word.end
        # "It's 1889, | Fairmount Avenue", "415, | 263": after a comma the caller is mid-value.
        pause = COMMA_PAUSE if word.text.endswith(",") else TURN_PAUSE
        if (
            question.entity == "EMAIL_ADDRESS"
            and _TOP_LEVEL_DOMAIN.search(word.text)
            and not _domain_follows(words, index)
        ):
            break  # an address ends at its "dot com"
        # "Sure, it's... oh, they... at... S... no.": Whisper writes a speaker's pause inside
        # a value as "...", which is no sentence end.
        if not SENTENCE_END.search(word.text) or word.text.endswith(_TRAILING_OFF):
            if len(reply) >= max_words:
                break
            continue
        if all(_bare(words[i].text) in CONFIRMATION_WORDS for i in reply):
            if _confirms(words, question):
                return [], left_out  # "Yes." to "is your address still ...?" adds nothing
            # "Yeah." to "could you spell the last name?" only opens the reply; the value may
            # come after a breath ("Yeah. | See, oh, see, ...").
            pause = COMMA_PAUSE
            continue
        if len(reply) >= max_words:
            break
        if index in restart_phrase:
            went_on, pause = True, HOLD_PAUSE
            continue  # "Let me start over." takes no sentence of the value's
        if (
            question.entity == "EMAIL_ADDRESS"
            and not email_went_on
            and _asks_for_the_address(words, question)
            and not any(_AT_OR_DOMAIN.search(words[i].text) for i in reply)
        ):
            # "It's time 24. Yeah, who's not gone?": an address says "at" and its domain;
            # until it has, its first full stop does not end it.
            email_went_on = True
            continue
        if (
            (len(reply) >= ANSWER_MIN_WORDS or any(c.isdigit() for c in word.text))
            and not (question.entity == "EMAIL_ADDRESS" and _domain_follows(words, index))
            and not (question.entity in RUN_ON_ENTITIES and _digits_follow(words, index))
            and not (_asks_to_spell(words, question) and _letters_follow(words, index))
        ):
            sentences_left -= 1
            if fields_to_come:
                fields_to_come.pop(0)
            again, phrase = _started_again(words, index, reply, asker, question.entity)
            sentences_left += again
            left_out.update(phrase)
            restart_phrase.update(phrase)
            if sentences_left <= 0:
                break
            went_on = True
            pause = HOLD_PAUSE
    return reply, left_out


def _asks_for_the_address(words: Sequence[Word], question: Question) -> bool:
    """Whether an e-mail question asks for the whole address ("what's your email?"), not
    for a spelling of part of it ("how do you spell that?"), which has no "at"."""
    return _CUE_OF["EMAIL_ADDRESS"].search(_question_text(words, question)) is not None


def _started_again(
    words: Sequence[Word], index: int, reply: list[int], asker: int | None, entity: str = ""
) -> tuple[int, list[int]]:
    """For the reply ending at ``index``: how many more sentences of value it takes because
    the caller starts over ("No, sorry. Esperanza ...", "Wait, no, not even a callister."),
    went to find the value ("Hold on. 9, 6, ...") or, asked for a number, first says
    something else ("It's on my after-visit summary. Okay, it's 1 5 5 7 ..."), and the words
    that say so (which are not the value, and when they end a sentence, take none of the
    value's)."""
    sentence = reply[-RESTART_MAX_WORDS:]
    said = " ".join(words[i].text for i in sentence)
    closing = _RESTART_CLOSING.search(said)
    if closing is not None and len(said[: closing.start()].split()) < len(sentence):
        # "Ana, let me start over.": the caller restarts at the end of a sentence; what
        # comes next is the value again.
        return 1, sentence[len(said[: closing.start()].split()) :]
    following = [
        i
        for i in range(index + 1, min(len(words), index + 1 + 2 * RESTART_MAX_WORDS))
        if asker is None or words[i].channel != asker
    ]
    opening = " ".join(words[i].text for i in following[:RESTART_MAX_WORDS])
    restart = _RESTART.match(opening)
    if restart is not None:
        marker = following[: len(restart.group().split())]
        if restart.group("again") or _value_starts(words, following[len(marker) :]):
            return 1, marker
    content = [i for i in reply if _bare(words[i].text) not in CARRIER_WORDS]
    # A number asked for is not given by a sentence without one: "It's on the front of the
    # card.", "It's at the top right.", "I have it here somewhere." The value comes next.
    only_held = (
        0 < len(content) <= RESTART_MAX_WORDS
        and not any(numbers_in(words[i].text) for i in content)
        and (
            (entity in NUMERIC_ENTITIES and not _spells(words, content))
            or _ONLY_HOLD.match(" ".join(words[i].text for i in content)) is not None
        )
    )
    if only_held and _value_starts(words, following):
        return 1, reply
    return 0, []


def _spells(words: Sequence[Word], indices: list[int]) -> bool:
    """Whether the words spell part of a value: a single letter, capitals run together
    ("FT"), or "as in" ("T as in Tom")."""
    said = [words[i].text.strip(",.?!;:\"'") for i in indices]
    return any(
        (len(w) == 1 and w.isalpha() and w not in ("a", "I"))
        or (w.isalpha() and w.isupper() and 1 < len(w) <= 4 and w != "I'M")
        for w in said
    ) or bool(re.search(r"\bas\s+in\b", " ".join(said), re.IGNORECASE))


def _value_starts(words: Sequence[Word], indices: list[int]) -> bool:
    return any(numbers_in(words[i].text) for i in indices[:VALUE_WITHIN_WORDS])


def _confirms(words: Sequence[Word], question: Question) -> bool:
    """Whether ``question`` asks to confirm what is on file ("is your address still ...?",
    "is that correct?"), so that "yes" answers it whole."""
    return _CONFIRMING.search(_question_text(words, question)) is not None


def _question_text(words: Sequence[Word], question: Question) -> str:
    return " ".join(w.text for w in words[question.first_word : question.last_word + 1])


_CONFIRMING = re.compile(
    r"\b(?:still|correct|right|same|on\s+file|confirm|current)\b|^\W*(?:is|are|do|does|did|has|"
    r"have)\b",
    re.IGNORECASE,
)


def _asks_to_spell(words: Sequence[Word], question: Question) -> bool:
    return _SPELL.search(_question_text(words, question)) is not None


_SPELL = re.compile(r"\bspell", re.IGNORECASE)
LETTERS_WITHIN_WORDS = 4


def _letters_follow(words: Sequence[Word], index: int) -> bool:
    """Whether a spelling goes on after a full stop: a single letter ("It's what? Yeah, and
    don't T.") within a few words, the caller still speaking."""
    following = words[index + 1 : index + 1 + LETTERS_WITHIN_WORDS]
    if not following or following[0].start - words[index].end > TURN_PAUSE:
        return False
    return any(
        len(bare := _bare(word.text)) == 1 and bare.isalpha() and bare not in ("a", "i")
        for word in following
    )


def _digits_follow(words: Sequence[Word], index: int) -> bool:
    """Whether the value goes on after a full stop: Whisper ends sentences inside IDs
    ("It's C -C -M -6. I'm 7 -2 ...") and between a city and its ZIP code, and callers
    lead on to the next group ("Area code 775. And then 279 ...")."""
    joining = index + 1
    while joining < min(len(words), index + 3) and _bare(words[joining].text) in _JOINING_WORDS:
        joining += 1
    following = words[index + 1 : joining + 2]
    return any(numbers_in(word.text) for word in following) and (
        following[0].start - words[index].end <= TURN_PAUSE
    )


def _read_back(words: Sequence[Word], question: Question, reply: list[int]) -> list[int]:
    """The asker's next words after ``reply`` when they read the value back ("so that's 206,
    308..."): the PHI said again, often as garbled as the first time.

    A read-back opens like one ("so", "that's", "let me read that back") and runs to the
    end of its first sentence that holds two digits or number words, within three sentences
    and before any new question. On a dual-channel call it must be on the asker's channel.
    With no reply heard, it may follow the question itself.
    """
    after = reply[-1] if reply else question.last_word
    asker = words[question.last_word].channel
    following = [
        i
        for i in range(after + 1, min(len(words), after + 1 + ANSWER_MAX_WORDS))
        if asker is None or words[i].channel == asker
    ]
    opening = " ".join(words[i].text for i in following[:4])
    if not following or not _READ_BACK_OPENING.match(opening):
        return []
    # A read-back may repeat several replies (the street, then the city and ZIP code).
    said = _digits_of(words, list(range(max(0, after - READ_BACK_LOOKS_BACK), after + 1)))
    turn: list[int] = []
    sentences = numbers = 0
    previous_end = words[after].end
    for index in following:
        if words[index].start - previous_end > TURN_PAUSE or (
            turn and _starts_another_sentence(words, index, turn, question.entity)
        ):
            break
        turn.append(index)
        previous_end = words[index].end
        numbers += numbers_in(words[index].text)
        if SENTENCE_END.search(words[index].text):
            sentences += 1
            # "So that's 617. 0072. 00327.": Whisper ends sentences between digit groups.
            run_on = question.entity in RUN_ON_ENTITIES and _digits_follow(words, index)
            if numbers >= READ_BACK_MIN_NUMBERS and not run_on:
                break
            if sentences == READ_BACK_MAX_SENTENCES:
                break
    if numbers < READ_BACK_MIN_NUMBERS or not _repeats(said, _digits_of(words, turn)):
        return []
    return turn


def _digits_of(words: Sequence[Word], indices: list[int]) -> str:
    return "".join(c for i in indices for c in words[i].text if c.isdigit())


def _repeats(said: str, read: str) -> bool:
    """Whether a read-back's digits repeat those said before it: when three or more were
    heard, three in a row of them must come back ("I have Thursday at 1045" after "865 807
    8178" is the next topic, not a read-back)."""
    if len(said) < READ_BACK_SHARED_DIGITS or len(read) < READ_BACK_SHARED_DIGITS:
        return True
    return any(
        read[i : i + READ_BACK_SHARED_DIGITS] in said
        for i in range(len(read) - READ_BACK_SHARED_DIGITS + 1)
    )


def _correction(words: Sequence[Word], question: Question, read_back: list[int]) -> list[int]:
    """The caller's correction of a read-back ("Almost. The last digit is five."): the
    right value, said again. Up to the end of the sentence after its opening word."""
    if not read_back:
        return []
    asker = words[question.last_word].channel
    following = [
        i
        for i in range(
            read_back[-1] + 1, min(len(words), read_back[-1] + 1 + 2 * CORRECTION_MAX_WORDS)
        )
        if asker is None or words[i].channel != asker
    ][:CORRECTION_MAX_WORDS]
    if not following or _bare(words[following[0]].text) not in CORRECTION_OPENINGS:
        return []
    correction: list[int] = []
    previous_end = words[read_back[-1]].end
    for index in following:
        if words[index].start - previous_end > TURN_PAUSE:
            break
        correction.append(index)
        previous_end = words[index].end
        # "Not quite. It's two double five.": the correction ends with the value, not with
        # its opening's sentence.
        said = any(numbers_in(words[i].text) for i in correction) or not any(
            numbers_in(words[i].text) for i in following
        )
        if len(correction) > 1 and SENTENCE_END.search(words[index].text) and said:
            break
    return correction


def _domain_follows(words: Sequence[Word], index: int) -> bool:
    """Whether a "dot com" comes within a few words: Whisper ends sentences inside e-mails."""
    after = words[index + 1 : index + 1 + EMAIL_REACH_WORDS]
    return any(_TOP_LEVEL_DOMAIN.search(word.text) for word in after)


def _starts_another_sentence(
    words: Sequence[Word], index: int, reply: list[int], entity: str
) -> bool:
    """Whether ``words[index]`` opens a sentence after the reply rather than continuing it:
    a new question, for a numeric reply a capitalised word right after the value, and for
    an address the first word that is not a number after the ZIP code (the digits after its
    state)."""
    if asks(words, index):
        return True
    if (
        entity == "LOCATION"
        and not numbers_in(words[index].text)
        # "9 -2 -free -9": a word Whisper glued on with a dash goes on with the digits.
        and not words[index].text.startswith("-")
        and numbers_in(words[reply[-1]].text)
        and _STATE.search(" ".join(words[i].text for i in reply)) is not None
    ):
        return True
    return (
        entity in NUMERIC_ENTITIES
        and _NEW_SENTENCE_WORD.match(words[index].text) is not None
        and _bare(words[index].text) not in _VALUE_WORDS
        and _is_value(words[reply[-1]].text)
        and not _goes_on(words, index)
    )


def _goes_on(words: Sequence[Word], index: int) -> bool:
    """ "... area code 209. Then 516 ...": a word that joins the next group of a number."""
    return _bare(words[index].text) in _JOINING_WORDS and any(
        numbers_in(word.text) for word in words[index + 1 : index + 3]
    )


def _asks_for_phi(words: Sequence[Word], index: int) -> bool:
    """Whether a question for PHI starts at ``index``: the agent's next question."""
    return asks(words, index) and cue_in(words, sentence_from(words, index, ANSWER_MAX_WORDS))


def _is_value(text: str) -> bool:
    """A digit, a number word, a month or a single letter: a piece of a spoken value."""
    bare = _bare(text)
    letters = re.sub(r"[^a-z0-9]", "", bare)
    return any(c.isdigit() for c in bare) or bare in _VALUE_WORDS or len(letters) == 1


def _without_carrier(
    words: Sequence[Word],
    reply: list[int],
    carrier_words: Collection[str],
    letter_like: Collection[str] = frozenset(),
) -> list[int]:
    """``reply`` without its opening carrier words ("yes, it's"); a ``letter_like`` one only
    when another carrier word follows it."""
    first = 0
    while (
        first < len(reply) - 1
        and _bare(words[reply[first]].text) in carrier_words
        # A "word" longer than that is Whisper stretching one word over speech it lost.
        and words[reply[first]].end - words[reply[first]].start <= CARRIER_MAX_SECONDS
        and (
            _bare(words[reply[first]].text) not in letter_like
            or _bare(words[reply[first + 1]].text) in carrier_words
        )
    ):
        first += 1
    return reply[first:]


def _bare(word: str) -> str:
    return word.strip(" ,.?!;:\"'-").lower().replace("\u2019", "'")
