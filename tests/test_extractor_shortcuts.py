"""The speed shortcuts of numbers, casualties and sources give what the plain scans give.

Each shortcut skips work only where the full pattern cannot match; these tests compare
the shortcut with the plain scan on hand-picked and generated strings.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import casualties, numbers, sources

# words the patterns care about, odd case folds and separators, to make matches likely
VOCAB = ("a an one two twenty three 3 45 1,200 2.5 hundred dozen dozens several at least "
         "more than over up to between and or from to some about killed killing dead wounded "
         "day days week weeks month earlier before later the previous next following since "
         "start of so far this year date past in recent during war began conflict believed "
         "reported were said have may allegedly claims Soleimani was has been shot executed "
         "including among them whom leaving left toll rose mother aged According quoting told "
         "İ ı ſ K ٣ ² _one x").split()
SEPS = [" ", " ", "  ", "-", "–", ", ", ": ", "\n", ".", ""]

texts = st.lists(st.tuples(st.sampled_from(VOCAB), st.sampled_from(SEPS)), max_size=14).map(
    lambda parts: "".join(w + s for w, s in parts))


@pytest.mark.parametrize("text", [
    "At least 14 people were killed and twenty-three wounded.",
    "between 43 and 52 civilians, dozens of fighters, a hundred and five",
    "ſeven İnjured, K 3-7 ٣ people; one2 three_ _one",
    "",
])
def test_number_candidates_match_the_plain_scan(text):
    lex = numbers._lex()
    assert [m.span() for m in numbers._matches(lex, text, 0, len(text))] == \
        [m.span() for m in lex.pattern.finditer(text, 0, len(text))]


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 40), st.integers(0, 40))
def test_number_candidates_match_the_plain_scan_generated(text, a, b):
    lex = numbers._lex()
    s, e = sorted((min(a, len(text)), min(b, len(text))))
    assert [m.span() for m in numbers._matches(lex, text, s, e)] == \
        [m.span() for m in lex.pattern.finditer(text, s, e)]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_casualty_prechecks_never_hide_a_match(text):
    lex = casualties._lex()
    for name in ("anaphoric_any", "hedge", "aggregate", "named"):
        rx = getattr(lex, name)
        if rx is not None and rx.search(text):
            assert casualties._may_match(lex.needs[name], text), name
    tail = casualties._tail_words(text)
    for name in ("not_after", "part_of", "active", "toll", "leaving"):
        if getattr(lex, name).search(text):
            assert casualties._may_end(tail, lex.ends[name]), name


@pytest.mark.parametrize("pattern, needs", [
    (r"(?:a|one) day (?:earlier|before)", ({"before", "earlier"}, False)),
    (r"x|y", None),                     # one-letter alternatives: nothing worth checking
    (r"(?i)\bsince\s+(?:the\s+)?war", ({"since"}, True)),
    (r"\d+ killed", ({" killed"}, False)),
])
def test_needs_read_from_a_pattern(pattern, needs):
    got = casualties._needs(re.compile(pattern))
    if needs is None:
        assert got is None or all(len(w) == 1 for w in got[0])
    else:
        assert (set(got[0]), got[1]) == needs


def test_may_match_falls_back_on_letters_that_fold_to_ascii():
    needs = casualties._needs(re.compile("killed", re.I))
    assert casualties._may_match(needs, "KİLLED")        # İ folds onto i: the scan decides
    assert not casualties._may_match(needs, "wounded")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab-'’.&_@ (),;:“”\"[]!?1é\n")), max_size=40))
def test_source_tokens_as_the_original_pattern(text):
    original = re.compile(r"@?[^\W_](?:\w|[-'’.&](?=[^\W_]))*|[(),;:“”\"‘’\[\]!?]")
    assert [(t.text, t.start, t.end, t.low) for t in sources._tokens(text, 0, len(text))] == \
        [(m.group(), m.start(), m.end(), m.group().lower()) for m in original.finditer(text)]


def test_linker_lookup_by_last_word():
    toks = sources._tokens("a source close to Hezbollah", 0, 27)
    assert sources._linker_before(toks, 4) == 2     # "source" + "close to"
    assert sources._linker_before(toks, 1) == 0


def test_lookup_is_memoised_and_total():
    assert sources._lookup("SOHR") == sources._lookup("SOHR")
    assert sources._lookup(None) is None


def test_ignorecase_folds_of_ascii_letters_are_the_documented_ones():
    """The cue scan (and segment's gates) spell a case-insensitive ASCII letter as the
    characters IGNORECASE matches to it: its two cases and İ ı ſ K (the `re` docs)."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    folded = set(re.findall("(?i)[a-z]", everything))
    assert folded == set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") | set("\u0130\u0131\u017f\u212a")


CUE_VOCAB = ("said says say told reported according to According ACCORDING to quoting Quoting citing "
             "cıting CİTİNG qUOTİNG ſaid K acknowledged tells denies reads wrote al-said re-said "
             "said' ’said -said _said said_ X 3 é ü — “ ” \" ( ) , . :").split()
CUE_SEPS = [" ", " ", "", "\n", "  ", "-", "’", "'", "\t", "é", "_"]
cue_texts = st.lists(st.tuples(st.sampled_from(CUE_VOCAB), st.sampled_from(CUE_SEPS)), max_size=16).map(
    lambda parts: "".join(w + s for w, s in parts))


def _plain_cues(text):
    return [(m.start(), m.end(), m.group("prep"), m.group("verb")) for m in sources._lex().cue_re.finditer(text)]


@pytest.mark.parametrize("text", [
    "", "said", "The SOHR said 14 died.", "according to Reuters, citing officials", "He said. said",
    "al-said re-said ’said said’ said-so", "ACCORDING  TO the army, CİTİNG sources",
    "é said ü said —said “said”", "saidsaid said", "according\nto them", "_said X\u212asaid",
])
def test_cue_scan_finds_what_the_plain_pattern_finds(text):
    assert sources._cues(text) == _plain_cues(text)


@settings(max_examples=500, deadline=None)
@given(cue_texts)
def test_cue_scan_finds_what_the_plain_pattern_finds_generated(text):
    assert sources._cues(text) == _plain_cues(text)


@settings(max_examples=300, deadline=None)
@given(cue_texts, st.lists(st.tuples(st.integers(-2, 90), st.integers(-2, 90)), max_size=6))
def test_sentences_reached_from_the_cues_are_those_read_one_by_one(text, extra):
    from analysis.textutil import sentences as split
    cues = sources._cues(text)
    for spans in (split(text), sorted(extra), extra):
        fast = list(sources._with_cues(spans, cues, len(text)))
        plain = list(sources._with_cues([list(sp) for sp in spans], cues, len(text)))  # span by span
        assert fast == plain
