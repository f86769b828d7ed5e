"""The corpus generators' pure parts (bench/make_calls.py, bench/conversations.py): drawing a
call's script, card numbers, voice sets. Nothing here synthesizes audio."""

from __future__ import annotations

import random
import sys

import pytest
from fixture_paths import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import conversations  # noqa: E402
import make_calls  # noqa: E402
from synth import FORMATS, PIPER_VOICES, VOICES  # noqa: E402

DRAWERS = {"templates": make_calls.draw_call, "conversations": conversations.draw_call}
LABELS = set(conversations.ENTITIES)
SEEDS = [1001, 1003, 1005]  # scratch seeds: no corpus is made from them
TWO_VOICES = ["espeak_us", "flite_slt"]


def spoken_digits(text: str) -> str:
    """Digits back from the words a caller reads them with: "four two, double oh, forty one"
    -> "420041"."""
    ones = {w: str(i) for i, w in enumerate(make_calls.ONES[:10])} | {"oh": "0"}
    teens = {w: str(i) for i, w in enumerate(make_calls.ONES) if i >= 10}
    tens = {w: i for i, w in enumerate(make_calls.TENS) if w}
    if "," in text:  # a group ends at its comma: "twenty, three" is 2, 0, 3
        return "".join(spoken_digits(group) for group in text.split(","))
    words = text.split()
    digits, i = "", 0
    while i < len(words):
        word = words[i]
        if word == "double":
            digits += ones[words[i + 1]] * 2
            i += 2
        elif word in tens:
            unit = words[i + 1] if i + 1 < len(words) else ""
            if unit in ones and unit not in ("zero", "oh"):
                digits += str(tens[word] * 10 + int(ones[unit]))
                i += 2
            else:
                digits += str(tens[word] * 10)
                i += 1
        else:
            digits += teens.get(word) or ones[word]
            i += 1
    return digits


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("4111111111111111", True),
        ("4111111111111112", False),
        ("378282246310005", True),
        ("6011111111111117", True),
        ("5555555555554444", True),
        ("5555555555554445", False),
    ],
    ids=["visa-test", "visa-test-wrong-check", "amex-test", "discover-test", "mc-test", "mc-wrong"],
)
def test_luhn_check(number: str, valid: bool) -> None:
    assert conversations.luhn_valid(number) is valid


@pytest.mark.parametrize("seed", range(40))
def test_drawn_card_numbers_pass_luhn_and_every_one_digit_slip_fails(seed: int) -> None:
    number = conversations.card_number(random.Random(seed))
    assert len(number) in (15, 16)
    assert conversations.luhn_valid(number)
    assert "".join(conversations.card_groups(number)) == number
    slipped = [
        number[:i] + str((int(number[i]) + k) % 10) + number[i + 1 :]
        for i in range(len(number))
        for k in range(1, 10)
    ]
    assert not any(conversations.luhn_valid(n) for n in slipped)


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("four two two two, six eight two eight", "42226828"),
        ("forty two twenty two, double oh one nine", "42220019"),
        ("five oh nine, eight zero three, ninety nine eighty", "5098039980"),
    ],
    ids=["one-by-one", "pairs-and-double", "oh-zero-and-round-tens"],
)
def test_spoken_digits_helper(text: str, digits: str) -> None:
    assert spoken_digits(text) == digits


@pytest.mark.parametrize("family", list(DRAWERS))
@pytest.mark.parametrize("seed", SEEDS)
def test_a_draw_depends_on_seed_index_and_attempt_only(family: str, seed: int) -> None:
    draw = DRAWERS[family]
    calls = [draw(seed, i, 0, TWO_VOICES) for i in range(6)]
    assert calls == [draw(seed, i, 0, TWO_VOICES) for i in range(6)]
    assert len({str(c["turns"]) for c in calls}) == 6
    assert draw(seed, 0, 1, TWO_VOICES)["turns"] != calls[0]["turns"]
    assert draw(seed + 1, 0, 0, TWO_VOICES)["turns"] != calls[0]["turns"]


@pytest.mark.parametrize("seed", SEEDS)
def test_conversations_use_the_documented_labels_formats_and_two_voices(seed: int) -> None:
    calls = [conversations.draw_call(seed, i, 0, list(PIPER_VOICES)) for i in range(30)]
    entities = {p["entity"] for c in calls for _, ps in c["turns"] for p in ps if p["entity"]}
    assert entities <= LABELS
    assert {"PERSON", "DATE_OF_BIRTH", "PHONE_NUMBER", "CREDIT_CARD", "DATE"} <= entities
    for call in calls:
        assert any(p["entity"] for _, ps in call["turns"] for p in ps)
        assert call["voices"]["agent"] != call["voices"]["caller"]
        assert all(p["text"].strip() and all(s.strip() for s in p["spoken"])
                   for _, ps in call["turns"] for p in ps)  # fmt: skip
    assert {c["format"] for c in calls} == set(make_calls.FORMAT_ROTATION)
    assert {c["file"].split("_", 1)[1].split(".")[0] for c in calls} == set(conversations.SCRIPTS)
    assert all(c["format"] in FORMATS for c in calls)


def caller_card_numbers(call: dict) -> list[str]:  # type: ignore[type-arg]
    """The card numbers the caller reads out, as digits: the last card item of a turn (after a
    false start), or all of them together (a number read with a pause in the middle)."""
    numbers = []
    for speaker, phrases in call["turns"]:
        items = [spoken_digits(p["text"]) for p in phrases if p["entity"] == "CREDIT_CARD"]
        if speaker != "caller" or not items:
            continue  # the agent's read-backs may be misread on purpose
        whole = items[-1] if len(items[-1]) >= 15 else "".join(items)
        if len(whole) >= 15:
            numbers.append(whole)
    return numbers


@pytest.mark.parametrize("seed", SEEDS)
def test_card_numbers_read_out_in_payment_calls_pass_luhn(seed: int) -> None:
    payments = [conversations.draw_call(seed, i, 0, TWO_VOICES) for i in range(1, 60, 6)]
    numbers = [caller_card_numbers(call) for call in payments]
    assert all(len(n) == 1 for n in numbers)
    assert all(conversations.luhn_valid(n[0]) for n in numbers)


def test_misread_changes_one_digit_word_of_one_group() -> None:
    groups = ["four one two", "Magnolia Way", "apartment thirty five"]
    for seed in range(20):
        index, heard = conversations.misread(random.Random(seed), groups)  # type: ignore[misc]
        changed = [i for i, (a, b) in enumerate(zip(groups, heard, strict=True)) if a != b]
        assert changed == [index]
        assert groups[index].split()[:-1] == heard[index].split()[:-1]
    assert conversations.misread(random.Random(0), ["Magnolia Way", "apartment forty"]) is None


def test_voice_sets_keep_robotic_and_natural_voices_apart() -> None:
    assert make_calls.resolve_voices(["all"]) == list(VOICES)
    natural = make_calls.resolve_voices(["piper"])
    assert natural == list(PIPER_VOICES) and len(natural) >= 4
    assert not set(natural) & set(VOICES)
    styles = {(s.pitch_cents, s.tempo) for s in PIPER_VOICES.values()}
    assert len(styles) == len(PIPER_VOICES)
