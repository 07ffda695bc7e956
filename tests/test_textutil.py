"""Sentence spans: (text, expected sentences) table, plus properties."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from analysis.textutil import count_words, sentence_at, sentences

CASES = [
    ("", []),
    ("One sentence.", ["One sentence."]),
    ("First one. Second one.", ["First one.", "Second one."]),
    ("Line one\nLine two", ["Line one", "Line two"]),
    ("Mr. Smith said so. Then he left.", ["Mr. Smith said so.", "Then he left."]),
    ("Seth J. Frantzman contributed to this report.", ["Seth J. Frantzman contributed to this report."]),
    ("The U.S. Army said. It left.", ["The U.S. Army said.", "It left."]),
    ('He said "it is over." Then silence.', ['He said "it is over."', "Then silence."]),
    ("It was 3.5 km away. Next.", ["It was 3.5 km away.", "Next."]),
    ("Ask why? Because.", ["Ask why?", "Because."]),
    ("lower case. continues here", ["lower case. continues here"]),
    ("Killed on Jan. 5 in the city.", ["Killed on Jan. 5 in the city."]),
    ("Numbers rose. 14 were killed.", ["Numbers rose.", "14 were killed."]),
    ("   padded   \n\n  lines  ", ["padded", "lines"]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_sentences(text, expected):
    assert [text[s:e] for s, e in sentences(text)] == expected


@given(st.text(max_size=400))
def test_sentences_are_ordered_trimmed_spans(text):
    spans = sentences(text)
    prev_end = 0
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        assert "\n" not in text[s:e]
        prev_end = e


def test_sentence_at_finds_the_holding_span():
    text = "One here. Two there."
    spans = sentences(text)
    assert sentence_at(spans, 0) == (0, 9)
    assert sentence_at(spans, 12) == (10, 20)
    assert sentence_at(spans, 9) is None


@pytest.mark.parametrize("text,n", [("", 0), ("Iran-backed militants", 2), ("Shi’ites left", 2), ("6,250 people", 3)])
def test_count_words(text, n):
    assert count_words(text) == n


def _sentence_at_linear(spans, offset):
    for s, e in spans:
        if s <= offset < e:
            return (s, e)
    return None


@given(st.text(alphabet="Ab. \n?!\"", max_size=80), st.integers(-2, 90))
def test_sentence_at_equals_a_linear_scan(text, offset):
    spans = sentences(text)
    assert sentence_at(spans, offset) == _sentence_at_linear(spans, offset)
    # lists of lists (e.g. read back from a frame) take the plain binary search
    assert sentence_at([list(s) for s in spans], offset) in (None, list(_sentence_at_linear(spans, offset) or ()))


@pytest.mark.parametrize("text,expected", [
    ("", 0), ("one", 1), ("Iran-backed groups", 2), ("don't stop", 2), ("a - b", 2),
    ("a--b", 2), ("x’y z", 2), ("12,500 people", 3), ("...", 0),
])
def test_count_words_table(text, expected):
    assert count_words(text) == expected


def _sentences_reference(text):
    """The splitter as first written (each line copied out and searched on its own)."""
    from analysis import textutil as tu
    abbrev = tu._abbreviations()
    spans = []
    for line in tu._LINE.finditer(text):
        base, chunk = line.start(), line.group()
        last = 0
        for b in tu._BOUNDARY.finditer(chunk):
            before = chunk[max(0, b.start() - 20):b.end()]
            tok = tu._TOKEN_BEFORE.search(before)
            word = tok.group(1).lower().rstrip(".") if tok else ""
            if word in abbrev or (len(word) == 1 and word.isalpha()):
                continue
            tu._add(spans, text, base + last, base + b.end())
            last = b.end()
        tu._add(spans, text, base + last, base + len(chunk))
    return spans


@given(st.lists(st.sampled_from(["Mr.", "U.S.", "A.", "x", "Killed", "14", "said", ". ", "? ", "!", "…",
                                 " ", "  ", "\n", "\"", "”", ")", "(", "Jan.", "e.g.", "Ab", "ع"]),
                max_size=30).map("".join))
def test_sentences_equal_the_reference_splitter(text):
    assert sentences(text) == _sentences_reference(text)


@given(st.text(alphabet="ab1_ -'’.\n\t“”—éع\u00a0\u200b", max_size=40))
def test_count_words_equals_the_word_pattern(text):
    from analysis.textutil import _WORD
    assert count_words(text) == len(_WORD.findall(text))


@given(st.lists(st.sampled_from(["ab", "1", "_", " ", "-", "'", "’", ".", "\n", "“", "—", "a-b", "x-", "-y",
                                 "it’s", "--", "a'-b"]), max_size=300).map(lambda parts: "word-" * 110 + "".join(parts)))
def test_count_words_of_long_texts_equals_the_word_pattern(text):   # the numpy path
    from analysis.textutil import _WORD
    assert count_words(text) == len(_WORD.findall(text))
