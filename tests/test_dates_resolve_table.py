"""analysis.dates.resolve_table (column-wise, memoised) equals the plain reference: every
article's rows through `resolve_rows`, articles in order of first appearance; same
values, row order and dtypes, on the awkward frames too."""
from __future__ import annotations

import calendar
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis import dates
from analysis.schema import columns, frame
from analysis.textutil import sentences
from date_cases import CASES


def _clean(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT:
        return None
    return v


def reference(date_df: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``resolve_table`` as it was written first: row dicts, one article at a time."""
    if date_df is None or len(date_df) == 0:
        return frame("dates", [])
    pub = {}
    if articles is not None and len(articles) and "article_id" in articles:
        n = len(articles)
        prec = articles["published_precision"] if "published_precision" in articles else [None] * n
        for aid, p, pr in zip(articles["article_id"], articles.get("published", [None] * n), prec):
            pub[aid] = (_clean(p), _clean(pr))
    by_article: dict = {}
    for r in date_df.to_dict("records"):
        by_article.setdefault(r["article_id"], []).append(r)
    keep = columns("dates")
    out = []
    for aid, rows in by_article.items():
        anchor, precision = pub.get(aid, (None, None))
        for r in dates.resolve_rows(rows, anchor, precision):
            out.append({k: r.get(k) for k in keep})
    return frame("dates", out)


def _same(date_df, articles):
    got, want = dates.resolve_table(date_df, articles), reference(date_df, articles)
    assert list(got.dtypes) == list(want.dtypes)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    return got


TEXTS = [c[0] for c in CASES] + [
    "It began on May 3, 2020. Two days later, the army responded. A week earlier, nothing.",
    "On Tuesday strikes hit. Three days later and a week earlier, more. In April, calm.",
    "Fighting since March 14 ended on Monday night; two weeks ago it had flared.",
]
PUBS = [("2020-05-06", "day"), ("2020-07", "month"), ("2021", "year"), (None, None),
        ("2019-12-31", "day"), ("2020-02-29", "day"), ("2020-07-15", "month"),
        ("not a date", "day")]


def _corpus():
    rows, arts = [], []
    for i, text in enumerate(TEXTS):
        aid = f"f{i % 7}#{i}"
        rows += dates.tag(aid, text, sentences(text))
        p, pr = PUBS[i % len(PUBS)]
        arts.append({"article_id": aid, "published": p, "published_precision": pr})
    return pd.DataFrame(rows), pd.DataFrame(arts)


def test_equals_reference_on_the_case_table():
    date_df, articles = _corpus()
    assert len(date_df) > 100 and (date_df["_type"] == "shift").any()
    _same(date_df, articles)


def test_equals_reference_after_a_parquet_like_round_trip():
    date_df, articles = _corpus()
    date_df = pd.DataFrame(date_df.to_dict("records"))     # ints with nulls: floats, NaN
    articles = articles.astype({"article_id": "string"})
    _same(date_df, articles)


def test_articles_interleaved_keep_the_reference_order():
    date_df, articles = _corpus()
    rng = np.random.default_rng(7)
    shuffled = date_df.iloc[rng.permutation(len(date_df))]            # index not 0..n-1
    _same(shuffled, articles)
    # within each article the text order is kept, articles interleaved
    inter = date_df.iloc[np.argsort(date_df.groupby("article_id").cumcount(), kind="stable")]
    out = _same(inter, articles)
    first = {a: i for i, a in reversed(list(enumerate(inter["article_id"])))}
    got = out["article_id"].tolist()
    assert got == sorted(got, key=first.__getitem__) and got != inter["article_id"].tolist()


def test_shift_references_duplicates_missing_and_other_articles():
    text = "It began on May 3, 2020. Two days later, the army responded."
    a = dates.tag("x#1", text, sentences(text))
    b = dates.tag("x#2", text, sentences(text))
    assert a[-1]["_type"] == "shift" and a[-1]["_ref"] == "x#1:d1"
    bad = dict(b[-1], _ref="x#1:d1")                  # counts from another article's row
    late = dict(a[-1], date_id="x#1:d9", _ref="x#1:d10")    # from a row after it
    dup = dict(a[0], date_id="x#1:d1", _y=2021)        # a second row with the same id
    again = dict(a[-1], date_id="x#1:d11")
    rows = a + [late, dup, again] + b[:1] + [bad] + [dict(a[0], date_id="x#1:d10")]
    articles = pd.DataFrame([{"article_id": "x#1", "published": "2020-06-01",
                              "published_precision": "day"}])
    out = _same(pd.DataFrame(rows), articles)
    assert out["value_low"].tolist()[:2] == ["2020-05-03", "2020-05-05"]
    assert out["value_low"].tolist()[4] == "2021-05-05"        # from the later duplicate


def test_missing_columns_odd_values_and_unknown_articles():
    date_df, articles = _corpus()
    odd = date_df.copy()
    odd.loc[odd.index[:5], "_type"] = np.nan
    odd.loc[odd.index[5:9], "_y"] = 1e30                  # overflow: unresolved, no raise
    odd.loc[odd.index[9:12], "_m"] = 13
    odd.loc[odd.index[12:15], "_dir"] = pd.NA
    odd.loc[odd.index[15:18], "sentence"] = None
    _same(odd, articles)
    _same(odd.drop(columns=["_part", "_wd", "rule", "sentence"]), articles)
    _same(date_df, articles.iloc[::2])                    # half the articles unknown
    _same(date_df, articles.drop(columns=["published_precision"]))
    _same(date_df, pd.DataFrame())
    _same(date_df, None)
    _same(pd.DataFrame(), articles)


@pytest.mark.parametrize("y", [1, 4, 100, 400, 1900, 2000, 2020, 2023, 2024, 9999])
def test_month_days_is_calendar_monthrange(y):
    for m in range(1, 13):
        assert dates._month_days(y, m) == calendar.monthrange(y, m)[1]
    for m in (0, 13, -1):
        with pytest.raises(ValueError):
            dates._month_days(y, m)


def test_anchor_bounds_memo_gives_the_same_bounds():
    for anchor, precision in PUBS[:-1] + [("2020-02", "month"), (2020, None), ("2020-13", None),
                                         (" 2020-05-06T10:00", "day")]:
        want = None if anchor is None else dates._bounds.__wrapped__(str(anchor).strip()[:10],
                                                                     precision)
        assert dates.anchor_bounds(anchor, precision) == want
        assert dates.anchor_bounds(anchor, precision) == want       # from the memo
    assert dates.anchor_bounds("2020-02", "month") == (date(2020, 2, 1), date(2020, 2, 29))
    assert dates.anchor_bounds(float("nan")) is None
