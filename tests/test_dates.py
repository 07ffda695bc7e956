"""analysis.dates: the (text, publication date, expected) table, row shape, kinds,
resolution rules and robustness."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import dates
from analysis.schema import columns
from analysis.textutil import sentences
from date_cases import CASES, DURATION, NONE, UNRESOLVED


def _ids(case):
    text, pub, expected = case
    return f"{text[:40]}|{pub}"


@pytest.mark.parametrize("text,published,expected", CASES, ids=[_ids(c) for c in CASES])
def test_case_table(text, published, expected):
    rows = dates.tag_text(text, published)
    if expected == NONE:
        assert rows == [], [r["text"] for r in rows]
        return
    assert rows, "no date expression found"
    last = rows[-1]
    got = (last["value_low"], last["value_high"], last["granularity"])
    if expected == DURATION:
        assert last["kind"] == "duration" and got == (None, None, None)
    elif expected == UNRESOLVED:
        assert last["kind"] != "duration"
        assert got == (None, None, None), f"{last['text']!r} resolved to {got}, should stay empty"
    else:
        assert got == tuple(expected), last["text"]


def test_table_is_large_enough_and_covers_the_required_kinds():
    assert len(CASES) >= 80
    expectations = [e for _, _, e in CASES]
    assert expectations.count(NONE) >= 10 and expectations.count(DURATION) >= 3
    assert any(isinstance(e, tuple) and e[2] == "week" for e in expectations)
    assert any(isinstance(e, tuple) and e[2] == "range" for e in expectations)


TEXT = ("The brigade began relocating its headquarters in Aleppo on Tuesday after strikes "
        "this week. In April, three civilians were killed and a week earlier, nine more. "
        "Israel's 11-week blockade began at the beginning of March 2025.")


def test_row_shape_evidence_and_ids():
    rows = dates.tag("a#1", TEXT, sentences(TEXT))
    assert [r["date_id"] for r in rows] == [f"a#1:d{i}" for i in range(1, len(rows) + 1)]
    for r in rows:
        assert TEXT[r["start"]:r["end"]] == r["text"]
        assert r["text"] in r["sentence"] and r["sentence"] in TEXT
        assert r["kind"] in {"absolute", "partial", "relative", "duration"}
        assert r["rule"]
        for k, v in r.items():   # cached as Parquet: primitive values only
            assert v is None or isinstance(v, (str, int, bool)), (k, v)
    texts = [r["text"] for r in rows]
    assert texts == ["on Tuesday", "this week", "In April", "a week earlier", "11-week",
                     "the beginning of March 2025"]


@pytest.mark.parametrize("text,kind", [
    ("It happened on May 6, 2020.", "absolute"),
    ("It happened on 24 December 2024.", "absolute"),
    ("It happened on 2020-05-06.", "absolute"),
    ("It happened on May 5.", "partial"),
    ("It happened in April 2024.", "partial"),
    ("It was there before 2011.", "partial"),
    ("It happened in mid-April.", "partial"),
    ("It happened on Tuesday.", "relative"),
    ("It happened yesterday.", "relative"),
    ("It happened in April.", "relative"),
    ("It happened in the past two weeks.", "relative"),
    ("It lasted for three days.", "duration"),
])
def test_kinds(text, kind):
    rows = dates.tag_text(text)
    assert [r["kind"] for r in rows] == [kind]


def test_span_includes_in_and_on_but_not_other_context():
    assert dates.tag_text("It started on Monday night.")[0]["text"] == "on Monday night"
    assert dates.tag_text("On May 5, officials declared.")[0]["text"] == "On May 5"
    assert dates.tag_text("There before 2011 when it began.")[0]["text"] == "2011"
    assert dates.tag_text("Closed since April.")[0]["text"] == "April"


def test_shift_counts_from_previous_sentence_only():
    far = "It began on May 3, 2020. Nothing else. Two days later, the army responded."
    assert dates.tag_text(far)[-1]["value_low"] is None
    near = "It began on May 3, 2020. Two days later, the army responded."
    assert dates.tag_text(near)[-1]["value_low"] == "2020-05-05"


def test_month_precision_anchor_resolves_only_what_every_day_agrees_on():
    text = "The SOHR reported on January 22 that offices were removed yesterday."
    rows = dates.tag_text(text, "2020-07", precision="month")
    assert (rows[0]["value_low"], rows[0]["anchor"]) == ("2020-01-22", "2020-07")
    assert rows[1]["value_low"] is None and rows[1]["anchor"] is None


def test_absolute_dates_need_no_anchor():
    row = dates.tag_text("Signed on May 6, 2020.", "2024-01-01")[0]
    assert row["anchor"] is None and row["value_low"] == "2020-05-06"


def test_resolve_accepts_rows_back_from_parquet():
    rows = dates.tag("a#1", TEXT, sentences(TEXT))
    df = pd.DataFrame(rows)            # ints with nulls become floats, None becomes NaN
    df = pd.DataFrame(df.to_dict("records"))
    articles = pd.DataFrame([{"article_id": "a#1", "published": "2020-05-06",
                              "published_precision": "day"}])
    out = dates.resolve_table(df, articles)
    assert list(out.columns) == columns("dates")
    assert out.loc[0, "value_low"] == "2020-05-05"
    assert out.loc[3, "value_low"] == "2020-03-25"   # a week earlier than April
    assert pd.isna(out.loc[4, "value_low"])           # the duration


def test_resolve_table_empty_and_undated():
    assert list(dates.resolve_table(pd.DataFrame(), pd.DataFrame()).columns) == columns("dates")
    rows = dates.tag("b#1", TEXT, sentences(TEXT))
    out = dates.resolve_table(pd.DataFrame(rows), pd.DataFrame([{"article_id": "b#1",
                                                                 "published": None}]))
    assert out["value_low"].isna().sum() == len(out) - 1   # only "March 2025" resolves


def test_day_first_setting_is_data():
    from analysis import lexicons
    assert lexicons.load("dates")["settings"]["day_first"] is True
    assert dates.tag_text("on 03/04/2020")[0]["value_low"] == "2020-04-03"


def test_fast_scanner_matches_the_reference_alternation():
    texts = [c[0] for c in CASES] + [TEXT]
    for text in texts:
        fast = [(r["start"], r["end"], r["rule"]) for r in dates.tag("x", text, sentences(text))]
        ref = [(r["start"], r["end"], r["rule"])
               for r in dates.tag("x", text, sentences(text), scan=dates._pattern().finditer)]
        assert fast == ref, text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
       st.sampled_from([None, "2020-05-06", "2020-07", "2020", "garbage", "2020-13-45"]))
def test_never_raises(text, published):
    rows = dates.tag_text(text, published)
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["on", "Tuesday", "May", "5", "2020", "in", "April", "the",
                                 "past", "two", "weeks", "a", "week", "earlier", "-", ",",
                                 "last", "night", "31", "02/30/2020", "mid-", "yesterday",
                                 "\n", "ago", "days", "later", "beginning", "of"]),
                max_size=40),
       st.sampled_from([None, "2020-05-06", "2021-01-01", "2020-02"]))
def test_never_raises_on_date_like_noise(words, published):
    text = " ".join(words)
    for r in dates.tag_text(text, published):
        if r["value_low"] is not None:
            assert r["value_low"] <= r["value_high"]


def test_private_keys_have_one_type_per_key():
    """Rows are cached as Parquet: a key never mixes ints and strings across rows."""
    texts = [c[0] for c in CASES] + [TEXT]
    types: dict[str, set] = {}
    for text in texts:
        for r in dates.tag("x", text, sentences(text)):
            for k in dates.PRIVATE:
                if r[k] is not None:
                    types.setdefault(k, set()).add(type(r[k]).__name__)
    assert all(len(v) == 1 for v in types.values()), types


@pytest.mark.parametrize("text,day_first,expected", [
    ("on 05/06/2020", True, "2020-06-05"),
    ("on 05/06/2020", False, "2020-05-06"),
    ("on 25/12/2019", False, "2019-12-25"),   # a part > 12 decides either way
    ("on 12/25/2019", True, "2019-12-25"),
    ("on 31/02/2020", True, None),            # no such day: not a date
])
def test_day_first_option(text, day_first, expected):
    rows = dates.tag_text(text, day_first=day_first)
    assert (rows[0]["value_low"] if rows else None) == expected


@pytest.mark.parametrize("text", [
    "May 5" + " " * 50_000 + "x",
    "in the past" + " " * 50_000 + "weeks",
    "1 " * 30_000,
    "in the " * 20_000,
    "May 5 " * 10_000,
], ids=["spaces-after-date", "spaces-in-range", "many-numbers", "many-starters", "many-dates"])
def test_pathological_inputs_stay_linear(text):
    import time
    t0 = time.process_time()
    dates.tag("x", text, sentences(text))
    assert time.process_time() - t0 < 5


_VOCAB = ["on", "Tuesday", "May", "5", "2020", "in", "April", "the", "past", "two", "weeks", "a",
          "week", "earlier", "-", ",", "last", "night", "31", "mid-", "yesterday", "ago", "days",
          "later", "beginning", "of", "since", "before", "2011", "for", "several", "months",
          "early", "this", "next", "year", "March", "the end of", "–", "to", "and", "between",
          "Monday", "morning", "three-day", "11-week", "24", "hours", "within", "after", "only",
          "Sept.", "December", "12", "first week of", "recent", "2020-05-06", "03/04/2020", "2020-W19"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=14))
def test_fast_scanner_equals_reference_on_date_soup(words):
    text = " ".join(words)
    sp = sentences(text)
    fast = [(r["start"], r["end"], r["rule"]) for r in dates.tag("x", text, sp)]
    ref = [(r["start"], r["end"], r["rule"])
           for r in dates.tag("x", text, sp, scan=dates._pattern().finditer)]
    assert fast == ref
