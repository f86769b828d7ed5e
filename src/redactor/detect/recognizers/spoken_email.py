"""Email addresses read out loud: "jennifer dot walsh at gmail dot com"."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from redactor.detect.recognizers._spoken import alternation, word_set

# Words that end the local part when walking back from "at": the caller's lead-in.
_LEAD_IN = alternation(
    word_set(
        """is its it my email e-mail mail address the that that's um uh so and yeah yes
        sure okay ok oh to me send you your can i i'm just well like actually be"""
    )
)
_LOCAL_WORD = rf"(?<![\w'\u2019.@-])(?!{_LEAD_IN}(?![\w'\u2019.+-]))[a-z0-9][\w.+-]*"
_LOCAL_SEP = r"(?:\s+(?:dot|period|underscore|dash|hyphen)\s+|\s*[._-]\s*|\s+)"
_DOMAIN_WORD = r"[a-z0-9][a-z0-9-]*"
_DOMAIN_SEP = r"(?:\s*\.\s*|\s+dot\s+)"
_TLD = alternation(
    word_set("com net org edu gov mil us io co uk ca info biz me health care ai app")
)
_PROVIDER = (
    alternation(
        word_set("gmail yahoo hotmail outlook aol icloud comcast msn protonmail verizon sbcglobal")
    )
    + r"(?![\w])"
)
_LOCAL = rf"{_LOCAL_WORD}(?:{_LOCAL_SEP}{_LOCAL_WORD}){{0,3}}"
_AT = r"\s*(?:\s(?:at|@)\s|@)\s*"
_DOMAIN = rf"{_DOMAIN_WORD}(?:\s+{_DOMAIN_WORD})?(?:{_DOMAIN_SEP}{_DOMAIN_WORD})*?"
_GLUED_START = r"(?<![\w.@-])[a-z0-9][\w.+-]*?"


class SpokenEmailRecognizer(PatternRecognizer):
    """An email address with "at" and "dot" spoken, or written half-way by Whisper.

    Covers "jennifer dot walsh at gmail dot com", "Jennifer.walsh at email.com",
    "j walsh at yahoo dot com" and plain "jwalsh@example.org". The span is the whole
    address: the local part reaches back over up to four words, stopping at lead-in words
    such as "my email is".

    >>> rec = SpokenEmailRecognizer()
    >>> text = "my email is j walsh at yahoo dot com thanks"
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["EMAIL_ADDRESS"])]
    ['j walsh at yahoo dot com']
    """

    PATTERNS = [
        Pattern("spoken email", rf"{_LOCAL}{_AT}{_DOMAIN}{_DOMAIN_SEP}{_TLD}(?![\w])", 0.8),
        Pattern(
            "spoken email, no suffix", rf"{_LOCAL}{_AT}{_PROVIDER}(?:{_DOMAIN_SEP}{_TLD})?", 0.7
        ),
        # Whisper sometimes glues "j walsh at gmail" into one word: "jaywalshatgmail .com".
        Pattern("glued email", rf"{_GLUED_START}at[a-z0-9-]+{_DOMAIN_SEP}{_TLD}(?![\w])", 0.6),
        Pattern(
            "glued provider", rf"{_GLUED_START}{_PROVIDER}(?:{_DOMAIN_SEP}{_TLD}(?![\w]))?", 0.6
        ),
    ]
    CONTEXT = ["email", "e-mail", "mail", "address"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="EMAIL_ADDRESS",
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
        )
