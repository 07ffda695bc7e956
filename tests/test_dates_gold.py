"""The sample corpus's `dates` and `date_negatives` gold (tests/gold/seeds.yaml), and the
publication dates of its articles (inferred inside the windows, conflicts flagged)."""
from __future__ import annotations

import calendar

import pandas as pd
import pytest

from analysis.dates import anchor_bounds
from conftest import load_gold

GOLD = load_gold()


def _period(value, granularity=None) -> tuple[str, str]:
    """A gold value (2020-05-05, '2024-04', 2011) as its first and last day."""
    s = str(value)
    if len(s) == 4:
        return f"{s}-01-01", f"{s}-12-31"
    if len(s) == 7:
        y, m = int(s[:4]), int(s[5:])
        return f"{s}-01", f"{s}-{calendar.monthrange(y, m)[1]:02d}"
    return s, s


def _occurrences(text: str, needle: str, within: str | None) -> list[tuple[int, int]]:
    lo, hi = 0, len(text)
    if within:
        at = text.find(within)
        assert at >= 0, f"sentence_contains {within!r} not in the article text"
        lo, hi = text.rfind("\n", 0, at) + 1, text.find("\n", at)
        hi = len(text) if hi < 0 else hi
    out, i = [], text.find(needle, lo, hi)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1, hi)
    return out


def _rows_at(tables, article: str, needle: str, within: str | None = None) -> pd.DataFrame:
    arts = tables.articles.set_index("article_id")
    text = arts.loc[article, "text"]
    spans = _occurrences(text, needle, within)
    d = tables.dates[tables.dates["article_id"] == article]
    keep = [any(int(r.start) < e and s < int(r.end) for s, e in spans) for r in d.itertuples()]
    return d[keep]


def _id(entry) -> str:
    return f"{entry['article'][:3]}:{entry['text']}"


@pytest.mark.parametrize("entry", GOLD["dates"], ids=[_id(e) for e in GOLD["dates"]])
def test_gold_date(sample_tables, entry):
    rows = _rows_at(sample_tables, entry["article"], entry["text"], entry.get("sentence_contains"))
    assert len(rows) >= 1, f"{entry['text']!r} not tagged"
    row = rows.iloc[0]
    low, high = row["value_low"], row["value_high"]
    resolved = not pd.isna(low)
    if "value_if_resolved" in entry:
        if not resolved:
            return      # allowed: the article states no publication date
        want = _period(entry["value_if_resolved"])
        assert (low, high) == want
    elif "value" in entry:
        assert resolved, f"{entry['text']!r} unresolved"
        assert (low, high) == _period(entry["value"])
    else:
        lo, hi = (str(v) for v in entry["value_window"])
        assert resolved, f"{entry['text']!r} unresolved"
        assert lo <= low <= high <= hi, (low, high)
    if "granularity" in entry:
        assert row["granularity"] == entry["granularity"]


@pytest.mark.parametrize("entry", GOLD["date_negatives"], ids=[_id(e) for e in GOLD["date_negatives"]])
def test_gold_date_negative(sample_tables, entry):
    rows = _rows_at(sample_tables, entry["article"], entry["text"])
    assert rows.empty, rows["text"].tolist()
    d = sample_tables.dates[sample_tables.dates["article_id"] == entry["article"]]
    assert not d["text"].str.contains(entry["text"], regex=False).any()


def _article(tables, aid):
    a = tables.articles.set_index("article_id")
    return a.loc[aid]


@pytest.mark.parametrize("aid", [a["id"] for a in GOLD["articles"] if "published_inferred_window" in a])
def test_inferred_publication_date_inside_window_or_empty(sample_tables, aid):
    gold = next(a for a in GOLD["articles"] if a["id"] == aid)
    row = _article(sample_tables, aid)
    if pd.isna(row["published"]):
        assert row["published_source"] == "missing"
        return
    assert row["published_source"] == "inferred"
    assert not pd.isna(row["published_evidence"]) and row["published_evidence"]
    lo, hi = anchor_bounds(row["published"], row["published_precision"])
    wlo, whi = (str(v) for v in gold["published_inferred_window"])
    assert wlo <= lo.isoformat() <= hi.isoformat() <= whi


def test_000_is_dated_from_its_twin(sample_tables):
    row = _article(sample_tables, "000_2808130f9ac80bbd#1")
    assert row["published_source"] == "inferred"
    assert "001_5e54e979575ccf65#1" in row["published_evidence"]


def test_004_keeps_its_header_month_and_flags_the_conflict(sample_tables):
    row = _article(sample_tables, "004_86bcaa15ba192ac0#1")
    assert (row["published"], row["published_precision"]) == ("2020-07", "month")
    assert row["published_source"] != "inferred"
    assert not pd.isna(row["published_conflict"])
    assert "January 22" in row["published_conflict"]


@pytest.mark.parametrize("aid", ["001_5e54e979575ccf65#1", "002_d6830effbbd6e08f#1"])
def test_stated_dates_without_conflict_stay_clean(sample_tables, aid):
    gold = next(a for a in GOLD["articles"] if a["id"] == aid)
    row = _article(sample_tables, aid)
    assert row["published"] == str(gold["published"])
    assert pd.isna(row["published_conflict"])


def test_caption_dates_are_not_publication_dates(sample_tables):
    for aid in ("003_3f211ebf1b85d347#1", "003_3f211ebf1b85d347#2"):
        row = _article(sample_tables, aid)
        assert pd.isna(row["published"]) or row["published"] not in ("2018-07-15", "2025-05-29")
