"""Number phrases: digits, words, ranges, qualifiers, vague quantities."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from analysis import numbers

# (phrase, (low, high, qualifier))
CASES = [
    ("7", (7, 7, "exact")),
    ("6,250", (6250, 6250, "exact")),
    ("over 6,250", (6251, None, "at_least")),
    ("nearly 4,700", (4700, 4700, "approx")),
    ("Fourteen", (14, 14, "exact")),
    ("At least four", (4, None, "at_least")),
    ("at least 45", (45, None, "at_least")),
    ("twenty-three", (23, 23, "exact")),
    ("twenty three", (23, 23, "exact")),
    ("one hundred and five", (105, 105, "exact")),
    ("two thousand five hundred", (2500, 2500, "exact")),
    ("three thousand", (3000, 3000, "exact")),
    ("a dozen", (12, 12, "exact")),
    ("half a dozen", (6, 6, "exact")),
    ("a hundred", (100, 100, "exact")),
    ("a thousand", (1000, 1000, "exact")),
    ("between 43 and 52", (43, 52, "range")),
    ("3-7", (3, 7, "range")),
    ("3 – 7", (3, 7, "range")),
    ("from 3 to 7", (3, 7, "range")),
    ("two or three", (2, 3, "range")),
    ("up to 7", (1, 7, "at_most")),
    ("as many as 30", (1, 30, "at_most")),
    ("fewer than 10", (1, 9, "at_most")),
    ("more than 10", (11, None, "at_least")),
    ("about 50", (50, 50, "approx")),
    ("some 12", (12, 12, "approx")),
    ("around 200", (200, 200, "approx")),
    ("dozens", (12, None, "vague")),
    ("tens", (10, None, "vague")),
    ("hundreds", (100, None, "vague")),
    ("thousands", (1000, None, "vague")),
    ("several", (3, None, "vague")),
    ("a number of", (2, None, "vague")),
    ("1.5 million", (1500000, 1500000, "exact")),
]


@pytest.mark.parametrize("phrase,expected", CASES)
def test_parse(phrase, expected):
    n = numbers.parse(phrase)
    assert n is not None, phrase
    assert (n.low, n.high, n.qualifier) == expected
    assert n.text == phrase


@pytest.mark.parametrize("phrase", ["", "   ", "killed", "some", "many", "2.5", "F15", "the"])
def test_not_a_number(phrase):
    assert numbers.parse(phrase) is None


def test_find_offsets_and_words():
    text = "At least four Iranian militants and three civilians were killed; over 15 explosions."
    found = numbers.find(text)
    assert [n.text for n in found] == ["At least four", "three", "over 15"]
    for n in found:
        assert text[n.start:n.end] == n.text


def test_value():
    assert numbers.value("twenty-three") == 23
    assert numbers.value("6,250") == 6250
    assert numbers.value("a hundred and fifty") == 150
    assert numbers.value("banana") is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text):
    for n in numbers.find(text):
        assert 0 <= n.start < n.end <= len(text)
        assert n.high is None or n.low is None or n.low <= n.high
