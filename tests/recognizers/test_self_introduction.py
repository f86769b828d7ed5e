"""The caller's name after a greeting and "my name is" / "this is", however it was written.

Cases are looked up by id inside the test so that pytest never prints their text.
"""

from __future__ import annotations

import pytest
from exact_spans import mismatch

from redactor.detect.recognizers.self_introduction import SelfIntroductionRecognizer

RECOGNIZER = SelfIntroductionRecognizer()

# id: (text, the exact text of the one span expected, or None for no span); see exact_spans.
CASES: dict[str, tuple[str, str | None]] = {
    "name-is": ("Hi, my name is Priya Raman.", "Priya Raman"),
    "this-is": ("Hello, this is Dmitri Banks, I need a refill.", "Dmitri Banks"),
    "name-as-everyday-words": ("Hi, my name is so hey, I need to renew it.", "so hey"),
    "name-with-an-article": ("Hello, this is the Leo Manks. I'd like a visit.", "the Leo Manks"),
    "comma-after-the-cue": (
        "Hello, this is, I'm money -worchec. I have a bill.",
        "I'm money -worchec",
    ),
    "name-then-calling": ("Hello, this is Can I'm calling about my labs.", "Can I'm"),
    "lower-case": ("hi this is ana lu and reyes here", "ana lu and reyes"),
    "at-most-five-words": ("Hi, this is and goes in for Jack and more", "and goes in for Jack"),
    "it-is-in-full": ("Hello, it is and go need Washington.", "and go need Washington"),
    "neg-it-is-about": ("Hello, it is about my bill.", None),
    "good-morning": ("Good morning, it's Tom O'Brien.", "Tom O'Brien"),
    "um-before-the-cue": ("Hi, um, my name is Aisha.", "Aisha"),
    "agents-name-before-how-can-i-help": (
        "I, you preach, I've seen your health, this is, Acker, how can I tell?",
        "Acker,",
    ),
    "agents-name-speaking": ("Blue melee health plan. It is tremor speaking.", "tremor"),
    "agents-name-in-the-greeting": (
        "Thank you for calling Maple Clinic, this is Linda, how can I help you?",
        "Linda,",
    ),
    "name-here": ("Yeah, hi. The mecca pet rack is here.", "The mecca pet rack"),
    "name-then-here-after-a-stop": (
        "Yeah, hi. Zina, Conkel. Here, somebody call me about my blood work.",
        "Zina, Conkel",
    ),
    "ellipsis-after-greeting-cue": ("Hi, this is... ben of crates, I moved.", "ben of crates"),
    "ellipsis-then-name-speaking": ("Lakeside plan, this is... Marla, speaking.", "Marla,"),
    "pause-then-name-then-garbled-speaking": (
        "My clinic, this is, Rosalind, Beaking, how",
        "Rosalind",
    ),
    "pause-filler-then-name": ("Yes, this is, uh, Dorota.", "Dorota"),
    "neg-pause-then-about": ("Yes, this is, um, about my bill.", None),
    "neg-pause-then-great": ("Well this is... great.", None),
    "hi-heard-as-high-then-name-here": (
        "Y 'at high, zora -pellink. Here, somebody called me.",
        "zora -pellink",
    ),
    "neg-high-then-here": ("The price was high, and here it is.", None),
    "neg-here-for-an-appointment": ("Hi, I'm here for my appointment.", None),
    "neg-heres-the-thing": ("Hi, thanks. Here's the thing.", None),
    "neg-it-is-how": ("Yes it is, how can I help?", None),
    "neg-about": ("Hi, this is about my bill.", None),
    "neg-for": ("Hello, this is for my mother.", None),
    "neg-no-greeting": ("Well this is great.", None),
    "neg-calling": ("Hi, it's calling from the pharmacy.", None),
    "neg-nothing-after": ("Hello, this is", None),
    "greeting-then-a-name-then-why-one-calls": (
        "Hi, Mrs. and for you on, I'm returning a call about my results.",
        "Mrs. and for you on",
    ),
    "greeting-then-a-name-then-i-need": ("Hello, Dana Reyes, I need a refill.", "Dana Reyes"),
    "greeting-the-agent-by-name": ("Hi, Linda, I'm calling about my bill.", "Linda"),
    "neg-greeting-good-morning-then-why": ("Hi, good morning, I'm calling about my bill.", None),
    "neg-greeting-there-then-why": ("Hello there, I was hoping to book a visit.", None),
    "neg-greeting-a-filler-then-i-was": ("Hi, boom, I was referred by Dr. Patel.", None),
    "neg-greeting-yes-then-why": ("Hi, yes, I need a refill.", None),
    "neg-greeting-about-then-why": ("Hi, this is about my bill, I need help.", None),
    "neg-greeting-my-mom-then-why": ("Hi, my mom, I'm calling for her.", None),
    "name-after-why-one-calls": (
        "Hi, I'm returning a call about my lab results. I'm Ingrid Kowalski.",
        "Ingrid Kowalski",
    ),
    "garbled-name-after-why-one-calls": (
        "Hi, I'm returning a call about my lab results. I'm also the artist.",
        "also the artist",
    ),
    "name-after-why-one-calls-at-the-end": (
        "Hi, somebody called me about my blood work. I'm Dana Reyes",
        "Dana Reyes",
    ),
    "neg-not-sure-after-why-one-calls": ("I'm returning a call. I'm not sure who called.", None),
    "neg-new-patient-after-why-one-calls": ("I'm calling to book. I'm a new patient.", None),
    "neg-calling-again-after-why-one-calls": ("Sorry, I got a message. I'm calling back.", None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_self_introduction(case: str) -> None:
    text, expected = CASES[case]
    found = [(r.entity_type, r.start, r.end) for r in RECOGNIZER.analyze(text, ["PERSON"])]
    problem = mismatch(text, found, "PERSON", expected)
    assert problem is None, f"{case}: {problem}"


def test_other_entities_are_not_reported() -> None:
    assert RECOGNIZER.analyze("Hi, my name is Priya Raman.", ["LOCATION"]) == []
