"""analysis.dates' fast scanner finds what the reference alternation (`dates._pattern`)
finds: the core search (a non-word character, then a core), the walk back over the words
before a core (stopping at a word no rule can consume) and the vocabulary it relies on."""
from __future__ import annotations

import re
import string
from pathlib import Path
from re import _constants as _c, _parser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import dates
from analysis.textutil import sentences
from date_cases import CASES

SAMPLE = Path(dates.__file__).resolve().parent / "data" / "corpus"


def _spans(text, scan=None):
    return [(r["start"], r["end"], r["rule"], r["kind"], r["_type"])
            for r in dates.tag("x", text, sentences(text), scan=scan)]


def _same_as_reference(text):
    assert _spans(text) == _spans(text, dates._pattern().finditer), text


def test_vocabulary_holds_every_word_a_rule_can_consume(monkeypatch):
    """Words come into the rules from `_alt` (word lists) or spelled out in the
    templates; every one of them must be in the scanner's vocabulary."""
    vocab = dates._scanner().vocab
    compiled: list[str] = []
    words: list[str] = []
    real = dates._alt

    def recording(ws, *, ci=False):
        ws = list(ws)
        words.extend(str(w) for w in ws)
        out = real(ws, ci=ci)
        compiled.append(out)
        return out

    monkeypatch.setattr(dates, "_alt", recording)
    rules = dates._rules.__wrapped__()
    for w in words:
        for token in re.findall(r"\w+", w):
            assert token.lower() in vocab, w
    for name, rx in rules:
        for piece in sorted(set(compiled), key=len, reverse=True):
            rx = rx.replace(piece, " ")       # what is left: the template's own literals
        for run in _consumed_words(_parser.parse(rx)):
            assert any(run.lower() in w for w in vocab), (name, run)


def _consumed_words(tree) -> list[str]:
    """Runs of literal letters a regex consumes (look-arounds consume nothing)."""
    runs, cur = [], ""
    for op, av in tree:
        if op is _c.LITERAL and chr(av).isalpha():
            cur += chr(av)
            continue
        runs.append(cur)
        cur = ""
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.SUBPATTERN:
            runs += _consumed_words(av[3])
        elif op is _c.BRANCH:
            for alt in av[1]:
                runs += _consumed_words(alt)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            runs += _consumed_words(av[2])
        elif op is _c.IN:          # a class of letters would consume words of its own
            assert not any(_in_class(av, ch) for ch in string.ascii_letters), av
    runs.append(cur)
    return [r for r in runs if r]


_CATEGORY = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
             _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}


def _in_class(items, ch: str) -> bool:
    """Whether a parsed character class holds ``ch``."""
    negate, hit = False, False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            hit |= ord(ch) == av
        elif op is _c.RANGE:
            hit |= av[0] <= ord(ch) <= av[1]
        elif op is _c.CATEGORY:
            hit |= re.fullmatch(_CATEGORY[av], ch) is not None
        else:                      # pragma: no cover - a class the rules do not use
            raise AssertionError(op)
    return hit != negate


@pytest.mark.parametrize("text", [
    "May 5 was calm.", "5 days ago", "Monday", "2020-05-06", "yesterday",
    "x May 5", "(May 5)", "“Monday night”", "-5 days ago", "_May 5", "a5 days",
    "The ſeconds on Tueſday", "İn the past two weeks", "ın the past two weeks",
    "KILLED in the past two weeks", "ﬁve weeks ago", "in the past ٣ weeks",
    "٣ weeks ago", "in the past 3 weeks", "iN tHe PaSt tWo weeks", "IN THE PAST TWO WEEKS",
    "killed in the past two weeks and " + "x" * 70 + " two weeks ago",
    "withinthe past two weeks", "within the past two weeks",
    "in the " + "past " * 20 + "two weeks", "for the past" + " " * 58 + "two weeks",
    "a" * 59 + " in the past two weeks", "in\nthe past two weeks", "In 2015\nMay 5",
    "the Sunday Times said on Sunday", "the March 14 alliance met on March 14",
])
def test_scanner_equals_reference_on_edges(text):
    _same_as_reference(text)


def test_scanner_equals_reference_on_the_case_table_and_sample_corpus():
    texts = [c[0] for c in CASES] + [p.read_text(encoding="utf-8", errors="replace")
                                     for p in sorted(SAMPLE.glob("*.txt"))]
    for text in texts:
        _same_as_reference(text)


def test_without_set_lookups_the_scanner_still_equals_the_reference(monkeypatch):
    """A lexicon with non-ASCII words turns the set look-ups off (the regexes decide)."""
    monkeypatch.setattr(dates._scanner(), "by_set", False)
    for text in [c[0] for c in CASES]:
        _same_as_reference(text)


_SOUP = ["on", "Tuesday", "May", "5", "2020", "in", "April", "the", "past", "two", "weeks",
         "a", "week", "earlier", "-", ",", "last", "night", "31", "mid-", "yesterday", "ago",
         "days", "later", "beginning", "of", "since", "for", "several", "months", "early",
         "this", "next", "year", "March", "to", "and", "between", "Monday", "morning",
         "11-week", "24", "hours", "within", "Sept.", "12", "2020-05-06", "03/04/2020",
         "2020-W19", "killed", "people", "Aleppo", "said", "Times", "the Sunday", "THE",
         "PAST", "In", "(", ")", "“", "”", ".", "\n", "fighters", "x" * 30, "İn", "ſeven",
         "five-day", "old", "long", "an", "three", "couple", "of the", "at least", "over",
         "ten", "thousand", "2,000", "$5", "5th", "21st", "1990s", "W19", "_", "a_b"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SOUP), min_size=1, max_size=24),
       st.sampled_from([" ", "  ", "\n", ", "]))
def test_scanner_equals_reference_on_mixed_soup(words, sep):
    _same_as_reference(sep.join(words))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("5 May2020-/.,\nayweksdoMnTu_(ſİ٣")), max_size=80))
def test_scanner_equals_reference_on_character_soup(text):
    _same_as_reference(text)
