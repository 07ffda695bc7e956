"""Incidents: mentions merged across reports and counted once (synthetic tables)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import incidents
from analysis.schema import columns, frame

ARTICLES = pd.DataFrame([{"article_id": f"a{i}#1", "outlet": f"Outlet {i}"} for i in range(1, 6)])
SOURCES = frame("sources", [])


def M(aid, n, count, *, outcome="killed", vtype="combatant", loc="Deir ez-Zor", lo="2020-05-04",
      hi="2020-05-05", sentence=None, high="same", part_of=None, aggregate=False, src=None):
    return dict(mention_id=f"{aid}:c{n}", article_id=aid, sentence=sentence or f"s{aid}{n}",
                start=0, end=1, outcome=outcome, count_low=count,
                count_high=count if high == "same" else high, count_text=str(count), qualifier="exact",
                victims="x", victim_type=vtype, location=loc, date_low=lo, date_high=hi,
                attributed_to=src, hedged=False, part_of=part_of, aggregate=aggregate, rule="t")


def build(rows):
    return incidents.build(frame("casualties", rows), ARTICLES, SOURCES)


def test_groups_in_one_report_add_up():
    s = "At least four militants and three civilians were killed"
    inc = build([M("a1#1", 1, 4, sentence=s, high=None), M("a1#1", 2, 3, vtype="civilian", sentence=s)])
    assert len(inc) == 1
    assert inc.iloc[0]["killed_min"] == 7 and pd.isna(inc.iloc[0]["killed_max"])


def test_same_group_from_several_outlets_counts_once():
    inc = build([M("a1#1", 1, 14), M("a2#1", 1, 14), M("a3#1", 1, 14)])
    assert len(inc) == 1
    r = inc.iloc[0]
    assert (r["killed_min"], r["killed_max"], r["n_mentions"], r["n_articles"]) == (14, 14, 3, 3)
    assert r["outlets"] == ["Outlet 1", "Outlet 2", "Outlet 3"]


def test_different_figures_give_min_and_max():
    inc = build([M("a1#1", 1, 10), M("a2#1", 1, 14)])
    assert (inc.iloc[0]["killed_min"], inc.iloc[0]["killed_max"]) == (10, 14)


def test_including_never_adds():
    s = "killing at least 45 people, including 23 people in Bureij"
    inc = build([M("a1#1", 1, 45, vtype="unknown", loc="Gaza", sentence=s, high=None),
                 M("a1#1", 2, 23, vtype="unknown", loc="Bureij", sentence=s, part_of="a1#1:c1")])
    assert len(inc) == 1
    r = inc.iloc[0]
    assert r["killed_min"] == 45 and r["location"] == "Gaza" and r["n_mentions"] == 2


def test_aggregate_never_forms_incidents():
    inc = build([M("a1#1", 1, 12, aggregate=True, high=None)])
    assert inc.empty
    assert list(inc.columns) == columns("incidents")


def test_unknown_victims_cover_typed_reports():
    inc = build([M("a1#1", 1, 45, vtype="unknown", high=None), M("a2#1", 1, 3, vtype="civilian")])
    assert inc.iloc[0]["killed_min"] == 45


def test_different_places_or_dates_stay_apart():
    inc = build([M("a1#1", 1, 9, loc="Palmyra"), M("a2#1", 1, 9, loc="Aleppo"),
                 M("a3#1", 1, 9, loc="Palmyra", lo="2021-01-01", hi="2021-01-31")])
    assert len(inc) == 3


def test_date_tolerance():
    inc = build([M("a1#1", 1, 14, lo="2020-04-27", hi="2020-05-03"), M("a2#1", 1, 14, lo="2020-05-05", hi="2020-05-05")])
    assert len(inc) == 1


def test_undated_joins_only_same_victims_and_count():
    dated = M("a1#1", 1, 14)
    same = M("a2#1", 1, 14, lo=None, hi=None)
    other_count = M("a3#1", 1, 9, lo=None, hi=None)
    other_type = M("a4#1", 1, 14, vtype="civilian", lo=None, hi=None)
    inc = build([dated, same, other_count, other_type])
    sizes = sorted(inc["n_mentions"].tolist())
    assert sizes == [1, 1, 2]


def test_undated_never_joins_by_place_alone():
    inc = build([M("a1#1", 1, 3, lo=None, hi=None), M("a2#1", 1, 5, lo=None, hi=None)])
    assert len(inc) == 2


def test_no_place_never_merges():
    inc = build([M("a1#1", 1, 14, loc=None), M("a2#1", 1, 14, loc=None)])
    assert len(inc) == 2


def test_ids_are_deterministic_and_ordered():
    rows = [M("a1#1", 1, 9, loc="Palmyra", lo="2020-04-01", hi="2020-04-30"), M("a2#1", 1, 14)]
    a, b = build(rows), build(list(reversed(rows)))
    assert a["incident_id"].tolist() == b["incident_id"].tolist()
    assert a["location"].tolist() == ["Palmyra", "Deir ez-Zor"]
    assert all(i.startswith("I-") and len(i) == 12 for i in a["incident_id"])


def test_injured_figures():
    s = "Five people were killed and 20 wounded"
    inc = build([M("a1#1", 1, 5, vtype="unknown", sentence=s),
                 M("a1#1", 2, 20, outcome="injured", vtype="unknown", sentence=s)])
    r = inc.iloc[0]
    assert (r["killed_min"], r["injured_min"], r["injured_max"]) == (5, 20, 20)


def test_empty():
    assert incidents.build(frame("casualties", []), ARTICLES, SOURCES).empty


@pytest.mark.parametrize("a,b,expected", [("Damascus", "Damascus", True), (None, "Damascus", False),
                                          ("Palmyra", "Aleppo", False)])
def test_related(a, b, expected):
    assert incidents.related(a, b) is expected


def _first_fit(reports, tol):
    """The plain first-fit loop `incidents._cluster` must reproduce (it only skips work)."""
    clusters = []
    for rep in reports:
        for cl in clusters:
            if all(incidents._compatible(rep, other, tol) for other in cl):
                cl.append(rep)
                break
        else:
            clusters.append([rep])
    return clusters


@pytest.mark.parametrize("seed", range(6))
def test_indexed_clustering_equals_first_fit(seed):
    import random
    rnd = random.Random(seed)
    locs = ["Damascus", "Sayyidah Zaynab", "Syria", "Deir ez-Zor", "Al-Mayadin", "Gaza", None]
    rows = []
    for a in range(1, 120):
        aid = f"a{a}#1"
        for n in range(1, rnd.randint(1, 3) + 1):
            day = rnd.randint(1, 60)
            span = rnd.choice([0, 0, 1, 6, 400])
            lo = pd.Timestamp("2020-01-01") + pd.Timedelta(days=day)
            hi = lo + pd.Timedelta(days=span)
            dated = rnd.random() < 0.7
            row = M(aid, n, rnd.choice([1, 2, 3, 14]), outcome=rnd.choice(incidents.OUTCOMES),
                    vtype=rnd.choice(["civilian", "combatant", "unknown"]), loc=rnd.choice(locs),
                    lo=lo.date().isoformat() if dated or rnd.random() < 0.5 else None,
                    hi=hi.date().isoformat() if dated or rnd.random() < 0.5 else None,
                    sentence=f"s{aid}{rnd.randint(1, 2)}")
            if rnd.random() < 0.3:
                row["rule"] = "t+pubdate"
            rows.append(row)
    tol = incidents._settings()[0]
    reports = incidents._sorted_reports(frame("casualties", rows))
    fast = incidents._cluster(reports, tol)
    slow = _first_fit(reports, tol)
    assert [[id(r) for r in c] for c in fast] == [[id(r) for r in c] for c in slow]
    assert len(slow) < len(reports)   # the cases do merge
