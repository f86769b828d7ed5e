"""The leak finder must find what it is meant to find, or every leak test passes vacuously."""

import pytest

from redactor.leaks import leaked_items, spoken_digits


@pytest.mark.parametrize(
    ("spoken", "digits"),
    [
        ("six one seven, two nine four", "617294"),
        ("nineteen eighty two", "1982"),
        ("March fourth, nineteen eighty two", "41982"),
        ("oh two one", "021"),
        ("1420 Maple Avenue", "1420"),
    ],
)
def test_spoken_digits(spoken: str, digits: str) -> None:
    assert spoken_digits(spoken) == digits


@pytest.mark.parametrize(
    ("haystack", "leaks"),
    [
        ("my name is [PERSON] and my number is [PHONE_NUMBER]", []),
        ("my name is maria gonzalez", [0]),
        ("call me on 617-294-3851", [1]),
        ("email jaywalshatgmail .com", [2]),
        ("twenty five dollars, press one", []),
        ("she read it back: six one seven, two nine four", [1]),
        ("build 617 / 2 at 10:30", []),  # numbers in different places never run together
    ],
)
def test_leaked_items(haystack: str, leaks: list[int]) -> None:
    phi = ["Maria Gonzalez", "six one seven, two nine four, three eight five one", "j walsh"]
    assert leaked_items(phi, haystack) == leaks
