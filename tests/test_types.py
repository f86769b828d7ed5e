"""Invariants of the data that flows between steps."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redactor.types import Interval, Transcript, Word

word_texts = st.text(alphabet=st.characters(categories=["L", "N", "P"]), min_size=1, max_size=12)


@given(st.lists(word_texts, max_size=30))
def test_offsets_map_each_word_back_to_its_text(texts: list[str]) -> None:
    transcript = Transcript(tuple(Word(t, i, i + 0.5) for i, t in enumerate(texts)), 100.0)
    for word, (start, end) in zip(transcript.words, transcript.word_offsets(), strict=True):
        assert transcript.text[start:end] == word.text
    assert transcript.text == " ".join(texts)


def test_interval_refuses_reversed_times() -> None:
    with pytest.raises(ValueError, match="after end"):
        Interval(2.0, 1.0)
