"""Tallies for the notebooks, on synthetic tables and on the sample corpus."""
from __future__ import annotations

import pandas as pd

from analysis import incidents, tally
from analysis.schema import frame


def _tables():
    def M(aid, n, count, **kw):
        row = dict(mention_id=f"{aid}:c{n}", article_id=aid, sentence=kw.pop("sentence", f"s{aid}{n}"),
                   start=0, end=1, outcome="killed", count_low=count, count_high=count,
                   count_text=str(count), qualifier="exact", victims="x", victim_type="combatant",
                   location="Deir ez-Zor", date_low="2020-05-04", date_high="2020-05-05",
                   attributed_to="SOHR", hedged=False, part_of=None, aggregate=False, rule="t")
        row.update(kw)
        return row
    s = "four militants and three civilians"
    cas = frame("casualties", [
        M("a1#1", 1, 14), M("a2#1", 1, 14),
        M("a1#1", 2, 4, sentence=s, location="Damascus", date_low="2020-04-01", date_high="2020-04-30",
          count_high=None, qualifier="at_least"),
        M("a1#1", 3, 3, sentence=s, location="Damascus", date_low="2020-04-01", date_high="2020-04-30",
          victim_type="civilian"),
        M("a2#1", 2, 12, aggregate=True, count_high=None, qualifier="vague", location=None),
        M("a2#1", 3, 6, outcome="injured", victim_type="unknown"),
    ])
    arts = frame("articles", [dict(article_id="a1#1", outlet="Post"), dict(article_id="a2#1", outlet=None)])
    inc = incidents.build(cas, arts, frame("sources", []))
    return {"casualties": cas, "articles": arts, "incidents": inc}


def test_headline():
    h = tally.headline(_tables())
    assert h == dict(killed_total=21, killed_total_max=None, injured_total=6, injured_total_max=6,
                     raw_killed_sum=35, raw_injured_sum=6, n_incidents=2, n_mentions=6, n_articles=2,
                     n_aggregate=1, n_hedged=0)


def test_by_place_month_type_outlet():
    t = _tables()
    p = tally.by_place(t).set_index("location")
    assert p.loc["Deir ez-Zor", "killed_min"] == 14 and p.loc["Damascus", "killed_min"] == 7
    assert pd.isna(p.loc["Damascus", "killed_max"])
    m = tally.by_month(t)
    assert m["month"].tolist() == ["2020-04", "2020-05"]
    v = tally.by_victim_type(t).set_index("victim_type")
    assert v.loc["combatant", "killed_min"] == 18 and v.loc["civilian", "killed_min"] == 3
    o = tally.by_outlet(t).set_index("outlet")
    assert o.loc["Post", "n_incidents"] == 2 and o.loc["(unknown)", "killed_min"] == 14
    assert o.loc["(unknown)", "n_mentions"] == 3


def test_raw_vs_dedup_and_evidence():
    t = _tables()
    r = tally.raw_vs_dedup(t).set_index("outcome")
    assert (r.loc["killed", "raw_sum"], r.loc["killed", "dedup_sum"], r.loc["killed", "removed"]) == (35, 21, 14)
    ev = tally.evidence(t)
    assert len(ev) == 6 and ev["incident_id"].isna().sum() == 1
    iid = t["incidents"].iloc[0]["incident_id"]
    one = tally.evidence(t, iid)
    assert set(one["incident_id"]) == {iid}
    assert {"sentence", "article_id", "outlet", "attributed_to", "count_text"} <= set(one.columns)


def test_by_incident_columns():
    df = tally.by_incident(_tables())
    assert {"incident_id", "location", "killed_min", "killed_max", "n_mentions"} <= set(df.columns)


def test_empty_tables():
    t = {"casualties": frame("casualties", []), "articles": frame("articles", []),
         "incidents": frame("incidents", [])}
    assert tally.headline(t)["killed_total"] == 0
    for f in (tally.by_incident, tally.by_place, tally.by_month, tally.by_victim_type, tally.by_outlet,
              tally.evidence, tally.raw_vs_dedup):
        f(t)


def test_sample_corpus(sample_tables):
    h = tally.headline(sample_tables)
    assert h["killed_total"] == 83 and h["raw_killed_sum"] == 123
    assert tally.by_place(sample_tables)["killed_min"].sum() == 83
    assert tally.by_month(sample_tables)["killed_min"].sum() == 83
    ev = tally.evidence(sample_tables)
    assert len(ev) == len(sample_tables.casualties)
