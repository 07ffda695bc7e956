"""The fast reduce steps give exactly what the plain algorithms they replaced give.

``incidents.build``, ``casualties.finalize`` and ``places.table`` were rewritten for speed
(bounds per cluster, an index of candidate clusters, column-wise numpy). The plain
versions are kept here, as they were, as the reference: on random tables (places that
are related or not, windows that overlap or not, weak and missing windows, "including"
parts, aggregates, open-ended and missing counts, odd victim types, mention ids that do
not sort as text) both must give the same frames, value for value and dtype for dtype.
"""
from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from analysis import casualties, incidents, places
from analysis.schema import columns, frame

KNOWN_TYPES = ("civilian", "combatant")


# ------------------------------------------------------------ the reference: incidents
def _na(v) -> bool:
    if v is None:
        return True
    if isinstance(v, (str, int)):
        return False
    if isinstance(v, float):
        return v != v
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _day(v):
    if _na(v):
        return None
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _int(v):
    return None if _na(v) else int(v)


class _Report:
    def __init__(self, key, rows):
        self.key = key
        self.rows = rows
        self.parts = []
        r0 = rows[0]
        self.location = None if _na(r0.get("location")) else r0["location"]
        self.low, self.high = _day(r0.get("date_low")), _day(r0.get("date_high"))
        self.weak = all("+pubdate" in str(r.get("rule") or "") for r in rows)
        self.dated = bool(self.low and self.high and not self.weak)
        self.claims = [(r["outcome"], r["victim_type"], _int(r["count_low"])) for r in rows]
        counts: dict = {}
        for k in self.claims:
            counts[k] = counts.get(k, 0) + 1
        self.claim_counts = counts

    def sums(self, outcome):
        out: dict = {}
        for r in self.rows:
            if r["outcome"] != outcome or _na(r.get("count_low")):
                continue
            lo, hi = int(r["count_low"]), _int(r.get("count_high"))
            cur = out.setdefault(r["victim_type"] if not _na(r["victim_type"]) else "unknown", [0, 0])
            cur[0] += lo
            cur[1] = None if (cur[1] is None or hi is None) else cur[1] + hi
        return {k: (v[0], v[1]) for k, v in out.items()}


def _covers(big, small) -> bool:
    have = big.claim_counts
    return all(have.get(k, 0) >= n for k, n in small.claim_counts.items())


def _compatible(a, b, tol) -> bool:
    if not a.location or not b.location or not incidents.related(a.location, b.location):
        return False
    if a.dated and b.dated:
        t = timedelta(days=tol)
        return a.low <= b.high + t and b.low <= a.high + t
    undated = [r for r in (a, b) if not r.dated]
    other = b if undated[0] is a else a
    if len(undated) == 2:
        return _covers(a, b) or _covers(b, a)
    return _covers(other, undated[0])


def _considered(rep, first, tol) -> bool:
    """Whether the cluster index (by the cluster's first report) offers the cluster to
    ``rep``: a superset of the clusters whose first report is compatible, except that a
    window ending before it starts (an empty week range) finds no cluster by week."""
    if not rep.location or not first.location or not incidents.related(rep.location, first.location):
        return False
    week = incidents._WEEK
    if first.dated:
        f_lo, f_hi = (first.low.toordinal() - tol) // week, (first.high.toordinal() + tol) // week
        if rep.dated:
            lo, hi = rep.low.toordinal() // week, rep.high.toordinal() // week
            if hi - lo > incidents._WIDE or f_hi - f_lo > incidents._WIDE:
                return True
            return any(f_lo <= w <= f_hi for w in range(lo, hi + 1))
        return rep.claims[0] in first.claim_counts
    return any(k in first.claim_counts for k in rep.claim_counts)


def _figures(reports, outcome):
    per = [p for p in (rep.sums(outcome) for rep in reports) if p]
    if not per:
        return None, None
    known_min, known_max = 0, 0
    for t in KNOWN_TYPES:
        vals = [p[t] for p in per if t in p]
        if not vals:
            continue
        known_min += min(v[0] for v in vals)
        highs = [v[1] for v in vals]
        known_max = None if (known_max is None or any(h is None for h in highs)) else known_max + max(highs)
    unknown = [p for p in per if "unknown" in p]
    lo, hi = known_min, known_max
    if unknown:
        lo = max(lo, min(sum(v[0] for v in p.values()) for p in unknown))
        totals_hi = [None if any(v[1] is None for v in p.values()) else sum(v[1] for v in p.values())
                     for p in unknown]
        hi = None if (hi is None or any(h is None for h in totals_hi)) else max(hi, max(totals_hi))
    return lo, hi


def _rows(df):
    names = list(df.columns)
    cols = []
    for c in names:
        vals = df[c].tolist()
        if not isinstance(df[c].dtype, np.dtype):
            vals = [None if v is pd.NA else v for v in vals]
        cols.append(vals)
    return [dict(zip(names, vals)) for vals in zip(*cols)]


def _order_key(mention_id):
    aid, _, n = str(mention_id).rpartition(":c")
    return (aid, int(n) if n.isdigit() else 0)


def reference_build(cas: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    if cas is None or len(cas) == 0:
        return frame("incidents", [])
    tol = incidents._settings()[0]
    rows = [r for r in _rows(cas) if not bool(r.get("aggregate"))]
    by_id = {r["mention_id"]: r for r in rows}
    groups: dict = {}
    parts = []
    for r in rows:
        if not _na(r.get("part_of")) and r["part_of"] in by_id:
            parts.append(r)
            continue
        key = (r["article_id"], r.get("sentence"), r.get("location") if not _na(r.get("location")) else None,
               r.get("date_low") if not _na(r.get("date_low")) else None,
               r.get("date_high") if not _na(r.get("date_high")) else None)
        groups.setdefault(key, []).append(r)
    reports = {k: _Report(k, v) for k, v in groups.items()}
    owner = {r["mention_id"]: rep for rep in reports.values() for r in rep.rows}
    for p in parts:
        top, seen = p, set()
        while not _na(top.get("part_of")) and top["part_of"] in by_id and top["mention_id"] not in seen:
            seen.add(top["mention_id"])
            top = by_id[top["part_of"]]
        if top["mention_id"] in owner:
            owner[top["mention_id"]].parts.append(p)
    reports = sorted(reports.values(), key=lambda rep: min(_order_key(r["mention_id"]) for r in rep.rows))
    clusters: list[list] = []
    for rep in reports:                 # complete-linkage first fit, plainly
        for cl in clusters:
            if _considered(rep, cl[0], tol) and all(_compatible(rep, other, tol) for other in cl):
                cl.append(rep)
                break
        else:
            clusters.append([rep])
    outlet = {a: o for a, o in zip(articles["article_id"], articles["outlet"]) if not _na(o)}
    out = []
    for cl in clusters:
        mentions = [r for rep in cl for r in rep.rows + rep.parts]
        ids = sorted((r["mention_id"] for r in mentions), key=_order_key)
        art = sorted({r["article_id"] for r in mentions})
        named = [rep.location for rep in cl for _ in rep.rows if rep.location]
        location = None
        if named:
            counts = {p: named.count(p) for p in set(named)}
            location = sorted(counts, key=lambda p: (-incidents._depth(p), -counts[p], p))[0]
        use = [rep for rep in cl if rep.dated] or [rep for rep in cl if rep.low and rep.high]
        d_lo = d_hi = None
        if use:
            lows, highs = [rep.low for rep in use], [rep.high for rep in use]
            d_lo, d_hi = max(lows), min(highs)
            if d_lo > d_hi:
                d_lo, d_hi = min(lows), max(highs)
        k_lo, k_hi = _figures(cl, "killed")
        i_lo, i_hi = _figures(cl, "injured")
        srcs = sorted({r["attributed_to"] for r in mentions if not _na(r.get("attributed_to"))})
        outs = sorted({outlet[a] for a in art if a in outlet})
        digest = hashlib.sha1("|".join(sorted(ids)).encode("utf-8")).hexdigest()[:10]
        out.append(dict(incident_id=f"I-{digest}", location=location,
                        date_low=d_lo.isoformat() if d_lo else None,
                        date_high=d_hi.isoformat() if d_hi else None,
                        killed_min=k_lo, killed_max=k_hi, injured_min=i_lo, injured_max=i_hi,
                        n_mentions=len(ids), n_articles=len(art), outlets=outs, sources=srcs,
                        mention_ids=ids))
    out.sort(key=lambda r: (r["date_low"] or "9999", r["location"] or "~", r["incident_id"]))
    return frame("incidents", out)


# ------------------------------------------------------- the reference: the other two
def reference_finalize(cas: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    cols = columns("casualties")
    df = cas.copy()
    for k in (*casualties.PRIVATE, "rule"):
        if k not in df.columns:
            df[k] = None
    resolved = {}
    for did, lo, hi in zip(dates["date_id"], dates["value_low"], dates["value_high"]):
        lo_d, hi_d = _day(lo), _day(hi)
        if lo_d and hi_d:
            resolved[did] = (lo_d, hi_d)
    pub = {}
    for aid, p in zip(articles["article_id"], articles["published"]):
        per = casualties._period(p)
        if per:
            pub[aid] = per
    recency = casualties.lexicon().recency
    window: dict = {}
    lows, highs, rules = [], [], []
    for row in df[["mention_id", "article_id", "rule", *casualties.PRIVATE]].to_dict("records"):
        w = None
        rule = row["rule"]
        ref, shift, anchor = row["_date_ref"], row["_date_shift"], row["_date_anchor"]
        if isinstance(ref, str) and ref in resolved:
            w = resolved[ref]
        elif shift is not None and not pd.isna(shift) and isinstance(anchor, str):
            if anchor in window and window[anchor] is not None:
                lo, hi = window[anchor]
                w = (lo + timedelta(days=int(shift)), hi + timedelta(days=int(shift)))
        if w is None and row["article_id"] in pub and not (shift is not None and not pd.isna(shift)):
            lo, hi = pub[row["article_id"]]
            w = (lo - timedelta(days=recency), hi)
            rule = f"{rule}+pubdate"
        window[row["mention_id"]] = w
        rules.append(rule)
        lows.append(w[0].isoformat() if w else None)
        highs.append(w[1].isoformat() if w else None)
    df["date_low"], df["date_high"], df["rule"] = lows, highs, rules
    for c in cols:
        if c not in df.columns:
            df[c] = None
    return df[cols].reset_index(drop=True)


def reference_table(mentions: pd.DataFrame) -> pd.DataFrame:
    g = places.gazetteer()
    rows = []
    for place, grp in mentions.dropna(subset=["place"]).groupby("place", sort=True):
        p = g.place(place)
        rows.append({"place": p.place, "aliases": sorted(set(grp["surface"].dropna())),
                     "latitude": p.latitude, "longitude": p.longitude, "admin1": p.admin1,
                     "country": p.country, "parent": p.parent, "n_mentions": len(grp)})
    rows.sort(key=lambda r: (-r["n_mentions"], r["place"]))
    return frame("places", rows)


# ------------------------------------------------------------------ random tables
PLACES = ["Damascus", "Sayyidah Zaynab", "Syria", "Deir ez-Zor", "Al-Mayadin", "Abu Kamal", "Gaza",
          "Rafah", "Khan Younis", "Palmyra", "Aleppo", None]
TYPES = ["civilian", "combatant", "unknown", "unknown", None, "other"]


def random_casualties(seed: int, n_articles: int = 60) -> pd.DataFrame:
    rnd = random.Random(seed)
    rows = []
    start = date(2020, 1, 1)
    for a in range(1, n_articles + 1):
        aid = f"f{rnd.randint(1, 12)}#{a}"           # "#10" sorts before "#2" as text
        sentences = [f"s{a}.{k}" for k in range(rnd.randint(1, 3))]
        ids = []
        for n in range(1, rnd.randint(1, 5) + 1):
            day = start + timedelta(days=rnd.randint(0, 40))
            span = rnd.choice([0, 0, 0, 1, 6, 30, 500, -2])   # -2: an inverted window
            dated = rnd.random() < 0.75
            low = count = rnd.choice([1, 2, 3, 3, 7, 14, 45])
            high = rnd.choice([count, count, None, count + 5])
            mid = f"{aid}:c{n}" if rnd.random() < 0.97 else f"{aid}:x{n}"
            part_of = rnd.choice(ids) if ids and rnd.random() < 0.15 else None
            if part_of is None and rnd.random() < 0.03:
                part_of = "nowhere:c1"
            rows.append(dict(
                mention_id=mid, article_id=aid, sentence=rnd.choice(sentences), start=n, end=n + 1,
                outcome=rnd.choice(["killed", "killed", "injured"]), count_low=low, count_high=high,
                count_text=str(count), qualifier="exact", victims="x", victim_type=rnd.choice(TYPES),
                location=rnd.choice(PLACES),
                date_low=day.isoformat() if dated or rnd.random() < 0.3 else None,
                date_high=(day + timedelta(days=span)).isoformat() if dated or rnd.random() < 0.3 else None,
                attributed_to=rnd.choice([None, None, "SOHR", "Reuters"]), hedged=False,
                part_of=part_of, aggregate=rnd.random() < 0.08,
                rule=rnd.choice(["passive", "active", "passive+pubdate", "active+prevdate+pubdate"])))
            ids.append(mid)
    rnd.shuffle(rows)
    return pd.DataFrame(rows)


ARTICLES = pd.DataFrame([{"article_id": f"f{f}#{a}", "outlet": f"Outlet {a % 7}" if a % 5 else None}
                         for f in range(1, 13) for a in range(1, 61)])


@pytest.mark.parametrize("seed", range(12))
def test_build_equals_the_plain_algorithm(seed):
    raw = random_casualties(seed)          # as finalize leaves it: object, int64, float64 columns
    for cas in (raw, frame("casualties", raw)):       # and with the schema's nullable dtypes
        fast = incidents.build(cas, ARTICLES, frame("sources", []))
        pd.testing.assert_frame_equal(fast, reference_build(cas, ARTICLES), check_exact=True)
    assert len(fast) < len(raw)            # the cases do merge


def test_build_of_only_aggregates_and_of_nothing():
    cas = random_casualties(1)
    cas["aggregate"] = True
    assert incidents.build(cas, ARTICLES, None).equals(reference_build(cas, ARTICLES))
    assert list(incidents.build(cas, ARTICLES, None).columns) == columns("incidents")


def _dates_for(cas: pd.DataFrame, rnd: random.Random) -> pd.DataFrame:
    rows = []
    for j, ref in enumerate(sorted({r for r in cas["_date_ref"] if isinstance(r, str)})):
        day = date(2020, 3, 1) + timedelta(days=rnd.randint(0, 60))
        lo = rnd.choice([day.isoformat(), day.isoformat()[:7], None, "garbage"])
        hi = rnd.choice([(day + timedelta(days=rnd.choice([0, 0, 6]))).isoformat(), None])
        rows.append(dict(date_id=ref, value_low=lo, value_high=hi))
        if rnd.random() < 0.05:                              # one more row for the same id
            rows.append(dict(date_id=ref, value_low=None, value_high=None))
    rows += [dict(date_id=f"other:d{k}", value_low="2020-01-01", value_high="2020-01-02") for k in range(5)]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seed", range(8))
def test_finalize_equals_the_plain_algorithm(seed):
    rnd = random.Random(seed)
    cas = random_casualties(seed).drop(columns=["date_low", "date_high"])
    mids = cas["mention_id"].tolist()
    cas["_date_ref"] = [rnd.choice([f"{m}:d1", None, None, f"missing:d{k}"]) for k, m in enumerate(mids)]
    cas["_date_shift"] = [rnd.choice([float("nan")] * 4 + [-7.0, 1.0]) for _ in mids]
    cas["_date_anchor"] = [rnd.choice(mids + [None]) if s == s else None for s in cas["_date_shift"]]
    arts = pd.DataFrame({"article_id": ARTICLES["article_id"],
                         "published": [rnd.choice(["2020-05-06", "2020-05", "2020", None, "bad"])
                                       for _ in range(len(ARTICLES))]})
    dates = _dates_for(cas, rnd)
    for c in (cas, frame("casualties", cas, extra=True)):
        pd.testing.assert_frame_equal(casualties.finalize(c, dates, arts),
                                      reference_finalize(c, dates, arts), check_exact=True)


@pytest.mark.parametrize("seed", range(4))
def test_places_table_equals_the_plain_algorithm(seed):
    rnd = random.Random(seed)
    names = places.names()
    rows = [dict(article_id=f"a#{k}", place=rnd.choice(names[:40] + [None]),
                 surface=rnd.choice(["X", "Y", "Z", None]), start=k, end=k + 1)
            for k in range(3000)]
    df = pd.DataFrame(rows)
    pd.testing.assert_frame_equal(places.table(df), reference_table(df), check_exact=True)


def test_a_window_ending_before_it_starts():
    """Two like reports whose window ends before it starts: the index (by week) does not
    offer the first one's incident to the second, so they stay apart, as before."""
    high = date(2020, 5, 4)
    while high.toordinal() % incidents._WEEK != incidents._WEEK - 1:   # the last day of a week bucket
        high += timedelta(days=1)
    low = high + timedelta(days=2)                                      # in the next bucket
    rows = [dict(mention_id=f"a{k}#1:c1", article_id=f"a{k}#1", sentence="s", start=0, end=1,
                 outcome="killed", count_low=3, count_high=3, count_text="3", qualifier="exact",
                 victims="x", victim_type="civilian", location="Damascus", date_low=low.isoformat(),
                 date_high=high.isoformat(), attributed_to=None, hedged=False, part_of=None,
                 aggregate=False, rule="passive") for k in (1, 2)]
    cas = frame("casualties", rows)
    fast = incidents.build(cas, ARTICLES, None)
    pd.testing.assert_frame_equal(fast, reference_build(cas, ARTICLES), check_exact=True)
    assert len(fast) == 2
