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
    ("a thouſand", (1000, 1000, "exact")),      # the long s: case-folded, never a crash
    ("A THOUSAND", (1000, 1000, "exact")),
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
@given(st.text() | st.text(alphabet="aAthousandſſİı dozen"))
def test_never_raises(text):
    for n in numbers.find(text):
        assert 0 <= n.start < n.end <= len(text)
        assert n.high is None or n.low is None or n.low <= n.high


def _plain_find(text: str, start: int = 0, end: int | None = None) -> list:
    """``find`` as the plain scan: the pattern tried at every position, in order."""
    stop = len(text) if end is None else end
    out = []
    for m in numbers._lex().pattern.finditer(text, start, stop):
        n = numbers._build(m, text)
        if n is not None:
            out.append(n)
    return out


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["a", "A", "an", "AN", "dozen", "Dozen", "in", "excess", "of",
                                 "at", "least", "7", "6,250", "3-7", "twenty", "-", "three",
                                 "hundred", "and", "ſome", "K", "İn", "é", "x1", "_a", "between",
                                 "43", ".", ",", " ", "  ", "\n", "–", "several", "up", "to",
                                 "most", "no", "fewer", "more", "than", "close", "upwards",
                                 "as", "many", "half", "couple", "pair", "thouſand", "Hundred",
                                 "an", "estimated", "few", "handful", "number", "not", "less"]),
                max_size=25),
       st.integers(0, 5), st.integers(0, 5))
def test_find_equals_the_plain_scan(words, cut_start, cut_end):
    """``find`` tries the pattern only where a number phrase can begin (one scan for those
    word starts); the result is the plain scan's, also within a span of the text."""
    text = " ".join(words)
    end = max(cut_start, len(text) - cut_end)
    assert _outcome(numbers.find, text, cut_start, end) == _outcome(_plain_find, text, cut_start, end)
    assert _outcome(numbers.find, text) == _outcome(_plain_find, text)


def _outcome(fn, *args):
    """The result, or the kind of error raised (the same for both: "a thouſand" reads as
    the fixed phrase but is not its key, a KeyError either way)."""
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001
        return type(exc)
