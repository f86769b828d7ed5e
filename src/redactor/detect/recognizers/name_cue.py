"""Names right after the phrases that introduce them: "my name is", "this is", "Dr."."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from redactor.detect.recognizers._result import make_result
from redactor.detect.recognizers._spoken import alternation, numbers_in, word_set

# Words that follow "my name is" without being a name ("my name is on the account"); the
# name ends at the first of them.
NOT_NAME_WORDS: frozenset[str] = frozenset(STOP_WORDS) | word_set(
    """calling speaking spelled spell um uh okay ok yeah yes hi hello thanks thank sorry
    please actually just like also still correct right sure listed under different same
    misspelled wrong changed hyphenated i'm im it's legally"""
)
_WORD = r"[a-z][a-z'\u2019-]*[a-z]"
_NAME = rf"(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})"
_ANY_WORD = r"[A-Za-z][A-Za-z'\u2019-]*"
_CAPITALISED = r"(?-i:[A-Z][A-Za-z'\u2019-]+)"  # "Dmitri", and Whisper's "DMITRI"
_NAME_KIND = r"(?:first|last|middle|full|maiden|patient['\u2019]?s?|legal)"
_FAMILY = alternation(
    word_set(
        """mother mom father dad son daughter husband wife child kid brother sister partner
        grandmother grandma grandfather grandpa grandson granddaughter spouse boyfriend
        girlfriend aunt uncle niece nephew"""
    )
)

# "the doctor", "your doctor", "a new doctor": a doctor, not a title before a name.
_NOT_AFTER_DETERMINER = "".join(
    rf"(?<!\b{word}\s)"
    for word in (
        "the", "your", "a", "an", "my", "our", "his", "her", "their", "that", "this", "family",
        "primary", "care", "new", "other", "same", "which", "what", "any",
    )
)  # fmt: skip
# What a doctor does in a call's sentence: "Dr. X left a note", "... reviewed your results".
_DOCTOR_VERBS = alternation(
    word_set(
        """left leaves reviewed review reviews looked look looks wants wanted will would said
        says asked asks sent sends ordered orders called calls recommended recommends
        prescribed prescribes signed needs needed has had is was"""
    )
)
# Words no name is made of, even garbled: "tell doctor that I said" names nobody.
_PRONOUNS = word_set(
    "i you he she we they it that this me him her us them who what my your our their his its"
)


class NameCueRecognizer(PatternRecognizer):
    """One to three name-like words after a phrase that introduces a name.

    spaCy's small model misses names it has not seen, especially lower-case ones in
    Whisper output ("um, last name is nguyen", "it's priya"). These cues catch them: "my
    name is", "last name's", "this is X calling", "this is Jennifer", "Dr. Patel",
    "speaking with", "calling on behalf of", "my mother rosa diaz", "calling for my mother,
    Rosa Diaz". Each pattern's
    ``name`` group is the span; stop words end it, so "my name is on the account" is
    nothing.

    >>> rec = NameCueRecognizer()
    >>> text = "um, last name is nguyen and"
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["PERSON"])]
    ['nguyen']
    """

    PATTERNS = [
        Pattern(
            "name is",
            rf"\bname(?:\s+is|['\u2019]s|s)\s*[,:]?\s+(?:(?:um|uh|it['\u2019]s)[,\s]+)*{_NAME}",
            0.6,
        ),
        Pattern(
            "kind of name", rf"\b{_NAME_KIND}\s+name\s*[,:]?\s+(?:(?:um|uh)[,\s]+)*{_NAME}", 0.5
        ),
        Pattern(
            "this is Name", rf"\bthis\s+is\s+(?P<name>{_CAPITALISED}(?:\s+{_CAPITALISED})?)", 0.5
        ),
        Pattern(
            "this is name calling",
            rf"\b(?:this\s+is|i['\u2019]?m|it['\u2019]s)\s+{_NAME}"
            r"(?=[,\s]+(?:calling|speaking|from|with|here)\b)",
            0.5,
        ),
        Pattern(
            "title name",
            r"\b(?:mr|mrs|ms|miss|dr|doctor|mister|missus)\.?\s+"
            rf"(?P<name>{_WORD}(?:\s+{_CAPITALISED})?)",
            0.6,
        ),
        # "Dr." as Whisper writes it is followed by a name, however it heard the name ("I'll
        # send that over to Dr. outside today" for Dr. Osei).
        Pattern("Dr. name", rf"(?-i:\bDr\.)\s+(?P<name>{_ANY_WORD}(?:\s+{_CAPITALISED})?)", 0.6),
        # "with Dr. With Field, not in that work": Whisper split an unknown surname into
        # two capitalised words after "Dr.", one of them a stop word; mid-sentence capitals
        # after the title are the name.
        Pattern(
            "Dr. split name",
            rf"(?-i:\bDr\.)\s+(?P<name>(?-i:[A-Z][a-z'\u2019]*)\s+{_CAPITALISED})",
            0.5,
        ),
        # "So doctor, moral, look at your labs.": a name between commas after "doctor".
        Pattern("doctor, name,", rf"\bdoctor,\s+(?P<name>{_WORD})(?=,)", 0.5),
        # "All right, Dr. Whitfield left a note for you" as tiny Whisper writes it: "Alright,
        # doctor, with the yield left a note", "Alright, Doctor. With yield, review your
        # results." A title no article or possessive precedes ("the doctor wants") and the
        # verb a doctor is the subject of frame the name, whatever words it became.
        Pattern(
            "doctor name verb",
            _NOT_AFTER_DETERMINER
            + rf"\b(?:doctor|dr)[.,]?\s+(?P<name>{_ANY_WORD}(?:\s+{_ANY_WORD}){{0,2}}?)[,.]?"
            rf"\s+(?={_DOCTOR_VERBS}\b)",
            0.5,
        ),
        # "I'll send that over to doctor outside today." (Dr. Osei): after "to", "with" or
        # "see", "doctor" without an article is a title, and the one word after it the name,
        # whatever word Whisper made of it (not a stop word: "talk to doctor about it").
        Pattern(
            "to doctor name",
            r"\b(?:to|with|from|by|see|saw|for)\s+doctor[,.]?\s+"
            rf"(?P<name>{_ANY_WORD})(?=[,.?!]|\s*$|\s+(?:today|tomorrow|tonight|this|next|"
            r"right|now|at|on|for|and|so|as|soon)\b)",
            0.5,
        ),
        # "Okay, I'll send that over to Naker, and be on the today." (to Doctor Abiodun
        # today): what an agent sends on "today" goes to someone named, whatever words
        # Whisper made of the name; not to "the pharmacy", "your chart" or "you".
        Pattern(
            "sent to name today",
            r"\b(?:send|sent|fax|faxed|forward|forwarded)\s+(?:\S+\s+){0,2}?(?:over\s+)?to\s+"
            r"(?:(?:doctor|dr)\.?\s+)?"
            r"(?!(?:the|your|a|an|our|his|her|their|my|you|me|us|him|them|it|that)\b)"
            r"(?P<name>[^\s.?!]+(?:\s+[^\s.?!]+){0,4}?)[,.]?"
            r"\s+(?=(?:today|tomorrow|tonight|right\s+away|this\s+(?:morning|afternoon))\b)",
            0.5,
        ),
        # "Okay, I see doctor. I'll be on the left a note for you." (Dr. Abiodun left a
        # note): Whisper ended a sentence after the title, so the name opens the next one, in
        # up to four words before the doctor's verb.
        Pattern(
            "doctor. name verb",
            _NOT_AFTER_DETERMINER
            + rf"\b(?:doctor|dr)\.\s+(?P<name>{_ANY_WORD}(?:\s+{_ANY_WORD}){{0,3}}?)[,.]?"
            rf"\s+(?={_DOCTOR_VERBS}\b)",
            0.5,
        ),
        Pattern(
            "introduced name",
            r"\b(?:speaking\s+(?:with|to)|calling\s+for|on\s+behalf\s+of|patient\s+is)\s+"
            rf"{_NAME}",
            0.5,
        ),
        Pattern("family member", rf"\bmy\s+{_FAMILY}\s*,?\s+{_NAME}", 0.4),
        Pattern("this is name.", rf"\bthis\s+is\s+{_NAME}(?=\s*[,.?!]|\s*$)", 0.4),
        Pattern(
            "named relative",
            r"\b(?:calling\s+(?:for|about|on\s+behalf\s+of)\s+my\s+[a-z'\u2019-]+\s*,"
            rf"|my\s+{_FAMILY}\s*[,.])\s+(?:the\s+)?"
            rf"(?P<name>{_ANY_WORD}(?:\s+{_ANY_WORD}){{0,3}})",
            0.5,
        ),
        # "I'm calling on behalf of my father. I go to you on." ("..., Thiago Truong."),
        # "calling for my mother, she won a conk": someone calling for a relative names them
        # next, and Whisper may make the name into any words, a pronoun first. The short
        # phrase up to the next stop is the name unless it says something about the relative
        # (see _RELATIVE_CLAUSE_WORDS).
        Pattern(
            "relative's garbled name",
            r"\bcalling\s+(?:for|about|on\s+behalf\s+of)\s+my\s+"
            rf"{_FAMILY}\s*[,.]\s+(?:the\s+)?(?P<name>[^\s,.?!]+(?:\s+[^\s,.?!]+){{0,4}})(?=[,.?!]|\s|$)",
            0.4,
        ),
        # "No, it's my wife's card, Shanice Szabo." / "It's in my husband's name. Carlos
        # Diaz.": a caller who says the card or account is a relative's names its holder
        # next, as a short sentence of its own, whatever words Whisper made of the name.
        Pattern(
            "relative's card, name",
            rf"\bmy\s+{_FAMILY}['\u2019]s\s+(?:(?:credit|debit|insurance)\s+)?"
            r"(?:card|account|name)\s*[,.]\s+"
            r"(?P<name>[^\s,.?!]+(?:[\s,]+[^\s,.?!]+){0,3}?)(?=[.?!]|\s*$)",
            0.4,
        ),
    ]
    CONTEXT = ["name", "patient", "spell", "speak", "call"]
    # Cues loose enough that the next word is often not a name ("the doctor wanted", "my
    # son broke", "this is great"): spaCy's part-of-speech tags must agree before they count.
    # "function" drops spans that start with a function word or verb; "proper" needs a
    # proper noun in the span.
    GUARDED = {
        "title name": "function",
        "doctor, name,": "function",
        "introduced name": "function",
        "family member": "function",
        "this is name.": "proper",
        "named relative": "capitalised",
    }
    # Patterns whose span is the whole clause: Whisper splits a name it does not know into
    # small words ("La Toi and Novak"), so stop words inside do not end it.
    WHOLE_CLAUSE = frozenset({"named relative"})
    # Patterns whose every word is the name as Whisper garbled it ("with the yield"): only a
    # pronoun among them undoes the match.
    GARBLED_RELATIVE = frozenset({"relative's garbled name", "relative's card, name"})
    # ... of which a stop word cannot open the name ("It's my husband's card. He said ...").
    NAME_FIRST = frozenset({"relative's card, name"})
    GARBLED_WHOLE = frozenset(
        {"doctor name verb", "doctor. name verb", "Dr. split name", "sent to name today"}
    )
    # Tags that end a name's clause: "my daughter, Emma is sick".
    CLAUSE_POS = frozenset({"AUX", "VERB", "PRON", "ADP", "SCONJ", "PART"})
    # Tags that cannot open a name in an apposition ("my son, he broke his arm").
    NOT_NAME_START_POS = frozenset(
        {"AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "PUNCT", "INTJ"}
    )
    NOT_NAME_POS = frozenset(
        {"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "PUNCT", "ADV"}
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PERSON", patterns=list(self.PATTERNS), context=list(self.CONTEXT)
        )
        # The cue is matched but only the name is reported: Presidio would report the whole
        # match, so these patterns are run here, with their ``name`` group as the span.
        self._compiled = [
            (pattern, re.compile(pattern.regex, self.global_regex_flags or 0))
            for pattern in self.PATTERNS
        ]

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Names after cues, cut at the first stop word; loose cues checked against POS tags."""
        results = []
        for pattern, compiled in self._compiled:
            for match in compiled.finditer(text):
                if pattern.name in self.GARBLED_RELATIVE:
                    span = _unless_relative_clause(text, *match.span("name"))
                    if span is not None and pattern.name in self.NAME_FIRST:
                        span = _unless_stop_word_first(text, *span)
                elif pattern.name in self.GARBLED_WHOLE:
                    span = _unless_pronoun(text, *match.span("name"))
                elif pattern.name in self.WHOLE_CLAUSE:
                    span = _unless_stop_word_first(text, *match.span("name"))
                else:
                    span = _cut_at_stop_word(text, *match.span("name"))
                if span is not None:
                    span = self._check_tags(pattern.name, *span, nlp_artifacts)
                if span is not None:
                    results.append(make_result(self, "PERSON", *span, pattern.score, pattern.name))
        return EntityRecognizer.remove_duplicates(results)

    def _check_tags(
        self, pattern_name: str, start: int, end: int, nlp_artifacts: NlpArtifacts | None
    ) -> tuple[int, int] | None:
        guard = self.GUARDED.get(pattern_name)
        if guard is None or nlp_artifacts is None or nlp_artifacts.tokens is None:
            return start, end
        tokens = [t for t in nlp_artifacts.tokens if start <= t.idx < end]
        if guard == "capitalised":
            # After "calling for my mother," a name is what comes next: a capitalised word
            # or a proper noun, not a pronoun or a verb's helper.
            if not tokens or tokens[0].pos_ in self.NOT_NAME_START_POS:
                return None
            # The clause goes on after the name: "Emma is sick", "Rosa who lives with me".
            for index, token in enumerate(tokens[1:], start=1):
                if token.pos_ in self.CLAUSE_POS or token.text.lower() in {"who", "that"}:
                    tokens = tokens[:index]
                    break
            while len(tokens) > 1 and tokens[-1].pos_ in self.NOT_NAME_POS:
                tokens.pop()
            if not any(t.pos_ == "PROPN" or t.text[:1].isupper() for t in tokens):
                return None
            return start, min(end, tokens[-1].idx + len(tokens[-1]))
        while tokens and tokens[-1].pos_ in self.NOT_NAME_POS:
            tokens.pop()
        if not tokens or tokens[0].pos_ in self.NOT_NAME_POS:
            return None
        if guard == "proper" and not any(t.pos_ == "PROPN" for t in tokens):
            return None
        return start, min(end, tokens[-1].idx + len(tokens[-1]))


# Words that say something about the relative rather than name them ("my mom, she's a
# patient there", "my dad. I think he fell", "my mother, her name is ...").
_RELATIVE_CLAUSE_WORDS = word_set(
    """is isn't are was wasn't were has hasn't have had need needs needed want wants wanted
    patient appointment there here sick hospital doctor think thought called call got fell
    take takes took name lives live living passed died care refill prescription medication
    medicine pills results bill not doesn't can't won't couldn't who which because if when
    about yesterday today tomorrow his her their my your our him them"""
)
_AFTER_RELATIVE_NAME = frozenset(STOP_WORDS)


def _unless_relative_clause(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The words after "calling for my mother," up to where the name must be over: a
    capitalised stop word after the first word ("... on Linkis Are you on the form?", the
    agent again). None when they say something about the relative or hold a number."""
    last = None
    for index, word in enumerate(re.finditer(r"\S+", text[start:end])):
        bare = word.group().strip("\"'").lower().replace("\u2019", "'")
        if index and word.group()[:1].isupper() and bare in _AFTER_RELATIVE_NAME:
            break
        if bare in _RELATIVE_CLAUSE_WORDS or numbers_in(bare):
            return None
        last = start + word.end()
    return None if last is None else (start, last)


def _unless_pronoun(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The whole span, unless a pronoun is among its words ("that I")."""
    words = {w.strip(",.").lower().replace("\u2019", "'") for w in text[start:end].split()}
    return None if words & _PRONOUNS else (start, end)


def _unless_stop_word_first(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The whole span, unless its first word is a stop word ("my son, he ...")."""
    first = text[start:end].split()[0].lower().replace("\u2019", "'")
    return None if first in NOT_NAME_WORDS else (start, end)


def _cut_at_stop_word(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name's words up to the first stop word; None when the first word is one."""
    last = None
    for word in re.finditer(r"\S+", text[start:end]):
        if word.group().lower().replace("\u2019", "'") in NOT_NAME_WORDS:
            break
        last = start + word.end()
    return None if last is None else (start, last)
