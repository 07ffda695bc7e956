"""Incidents: casualty mentions about the same event, merged across articles and outlets.

``build(casualties_df, articles_df, sources_df)`` returns the ``incidents`` table.

How mentions become incidents
1. Aggregate claims ("strikes have killed dozens ... in months") never form incidents.
2. A *report* is the claims of one sentence that share a place and date window, with
   their "including" parts (``part_of``) attached to their total's report. Within a
   report, counts of different victim groups add up (4 militants + 3 civilians = 7).
3. Reports merge (complete linkage, in article order) when their places are one place for this purpose (``analysis.places.related``: the same, one
   inside the other, or within ``incident_place_km``) and their date windows overlap
   (allowing ``incident_date_tolerance_days``); killed and injured reports of the same
   place and window are one incident with both figures. A report without a date window
   (or with only the week-before-publication window ``casualties.finalize`` gives an
   undated claim, rule ``+pubdate``) joins
   only a report at the same place (as above) where each of its claims has a
   counterpart with the same outcome, victim type and count ("three civilians" near
   Damascus and "... and three civilians" in Sayyidah Zaynab); never by place alone.
   A report without a place never merges.
4. Figures per incident, per outcome (the Iraq Body Count way: a minimum and a maximum
   across reports): for each victim type (civilian, combatant) the smallest and largest
   report sum, added over the types; a report of ``unknown`` victims ("45 people") may
   cover every type, so the minimum is at least the smallest such report's total and
   the maximum at least the largest. "Including" counts never add. ``*_max`` is null
   when any report is open-ended ("at least 9").
The incident's place is the most specific place of its claims (most ancestors in the
gazetteer), then the one named by most claims ("including" parts excluded).
Ids: ``I-`` + 10 hex digits of the SHA-1 of the sorted mention ids; rows are ordered
by date, place and id.
"""
from __future__ import annotations

import hashlib
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import lexicons
from analysis.schema import columns, frame

KNOWN_TYPES = ("civilian", "combatant")
OUTCOMES = ("killed", "injured")


@lru_cache(maxsize=1)
def _settings() -> tuple[int, float]:
    d = lexicons.load("casualties")
    return int(d.get("incident_date_tolerance_days", 3)), float(d.get("incident_place_km", 15))


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


def _day(v) -> date | None:
    if _na(v):
        return None
    return _parse_day(str(v)[:10])


@lru_cache(maxsize=65536)
def _parse_day(s: str) -> date | None:
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None


def _int(v) -> int | None:
    return None if _na(v) else int(v)


@lru_cache(maxsize=65536)
def related(a: str | None, b: str | None) -> bool:
    """Two canonical places are one place for merging (``analysis.places.related``)."""
    if not a or not b:
        return False
    if a == b:
        return True
    try:
        from analysis import places
        return bool(places.related(a, b, km=_settings()[1]))
    except Exception:  # noqa: BLE001 - gazetteer unavailable: only identical names match
        return False


@lru_cache(maxsize=65536)
def _depth(place: str) -> int:
    try:
        from analysis import places
        return len(places.ancestors(place) or [])
    except Exception:  # noqa: BLE001
        return 0


class _Report:
    """The claims of one sentence about one place and window (plus their parts)."""

    def __init__(self, key, rows: list[dict]):
        self.key = key
        self.rows = rows                       # top-level mentions
        self.parts: list[dict] = []            # "including" mentions
        r0 = rows[0]
        self.article_id = r0["article_id"]
        self.location = None if _na(r0.get("location")) else r0["location"]
        self.low, self.high = _day(r0.get("date_low")), _day(r0.get("date_high"))
        # a window guessed from the publication date alone is not evidence of the date
        self.weak = all("+pubdate" in str(r.get("rule") or "") for r in rows)
        self.dated = bool(self.low and self.high and not self.weak)
        # the claims as (outcome, victim type, count), for the undated-report rule
        self.claims = [(r["outcome"], r["victim_type"], _int(r["count_low"])) for r in rows]
        counts: dict = {}
        for k in self.claims:
            counts[k] = counts.get(k, 0) + 1
        self.claim_counts = counts

    def signature(self):
        return sorted((r["outcome"], r["victim_type"], _int(r["count_low"]), _int(r["count_high"]))
                      for r in self.rows)

    def sums(self, outcome: str) -> dict[str, tuple[int, int | None]]:
        """Per victim type: (sum of lows, sum of highs or None when open-ended)."""
        out: dict[str, list] = {}
        for r in self.rows:
            if r["outcome"] != outcome or _na(r.get("count_low")):
                continue
            lo, hi = int(r["count_low"]), _int(r.get("count_high"))
            cur = out.setdefault(r["victim_type"] if not _na(r["victim_type"]) else "unknown", [0, 0])
            cur[0] += lo
            cur[1] = None if (cur[1] is None or hi is None) else cur[1] + hi
        return {k: (v[0], v[1]) for k, v in out.items()}


def _compatible(a: _Report, b: _Report, tol: int) -> bool:
    if not a.location or not b.location or not related(a.location, b.location):
        return False
    if a.dated and b.dated:
        t = timedelta(days=tol)
        return a.low <= b.high + t and b.low <= a.high + t
    # a report without a date joins only where every one of its claims is matched by a
    # claim of the other report with the same outcome, victim type and count
    undated = [r for r in (a, b) if not r.dated]
    other = b if undated[0] is a else a
    if len(undated) == 2:
        return _covers(a, b) or _covers(b, a)
    return _covers(other, undated[0])


def _covers(big: "_Report", small: "_Report") -> bool:
    """Every claim of ``small`` has its own counterpart (outcome, victim type, count) in ``big``."""
    have = big.claim_counts
    for k, n in small.claim_counts.items():
        if have.get(k, 0) < n:
            return False
    return True


def figures(reports: list[_Report], outcome: str) -> tuple[int | None, int | None]:
    """(min, max) of ``outcome`` over the reports of one incident (see module docstring)."""
    per = [rep.sums(outcome) for rep in reports]
    per = [p for p in per if p]
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
        totals_lo = [sum(v[0] for v in p.values()) for p in unknown]
        lo = max(lo, min(totals_lo))
        totals_hi = [None if any(v[1] is None for v in p.values()) else sum(v[1] for v in p.values())
                     for p in unknown]
        hi = None if (hi is None or any(h is None for h in totals_hi)) else max(hi, max(totals_hi))
    return lo, hi


def _reports(cas: pd.DataFrame) -> list[_Report]:
    rows = [r for r in _rows(cas) if not bool(r.get("aggregate"))]
    by_id = {r["mention_id"]: r for r in rows}
    reports: dict = {}
    parts: list[dict] = []
    for r in rows:
        if not _na(r.get("part_of")) and r["part_of"] in by_id:
            parts.append(r)
            continue
        key = (r["article_id"], r.get("sentence"), r.get("location") if not _na(r.get("location")) else None,
               r.get("date_low") if not _na(r.get("date_low")) else None,
               r.get("date_high") if not _na(r.get("date_high")) else None)
        reports.setdefault(key, []).append(r)
    out = {k: _Report(k, v) for k, v in reports.items()}
    owner = {r["mention_id"]: rep for rep in out.values() for r in rep.rows}
    for p in parts:
        top = p
        seen = set()
        while not _na(top.get("part_of")) and top["part_of"] in by_id and top["mention_id"] not in seen:
            seen.add(top["mention_id"])
            top = by_id[top["part_of"]]
        if top["mention_id"] in owner:
            owner[top["mention_id"]].parts.append(p)
    return list(out.values())


def _rows(df: pd.DataFrame) -> list[dict]:
    """``df.to_dict("records")``, built column by column (faster; same values)."""
    names = list(df.columns)
    cols = []
    for c in names:
        vals = df[c].tolist()
        if not isinstance(df[c].dtype, np.dtype):     # nullable types: NA comes out as None
            vals = [None if v is pd.NA else v for v in vals]
        cols.append(vals)
    return [dict(zip(names, vals)) for vals in zip(*cols)]


def _order_key(mention_id: str):
    aid, _, n = str(mention_id).rpartition(":c")
    return (aid, int(n) if n.isdigit() else 0)


_WEEK = 7          # days per date bucket of the cluster index
_WIDE = 64         # windows spanning more buckets than this are checked without the index


class _Index:
    """Where a report may join: the clusters whose *first* report it is compatible with.

    A report joins the first cluster (in creation order) all of whose reports it is
    compatible with (`_compatible`), so the first report of a cluster must be: related
    places, and then (both dated) overlapping windows, or (one undated) the claims of the
    undated one found in the other. The index returns a superset of those clusters
    (by place, week bucket and claim); `_cluster` checks each candidate exactly, in
    creation order, so the result is the plain first-fit loop's.
    """

    def __init__(self, tol: int) -> None:
        self.tol = tol
        self.places: dict[str, dict] = {}      # first report's place -> its index
        self.near: dict[str, list[dict]] = {}  # a place -> indexes of related places

    def _at(self, place: str) -> dict:
        ix = self.places.get(place)
        if ix is None:
            ix = self.places[place] = {"weeks": {}, "wide": [], "dated_all": [],
                                       "dated_by_claim": {}, "undated_by_claim": {}}
            for other, lst in self.near.items():
                if related(other, place):
                    lst.append(ix)
        return ix

    def add(self, ci: int, rep: _Report) -> None:
        if not rep.location:
            return     # a report without a place never merges
        ix = self._at(rep.location)
        if rep.dated:
            ix["dated_all"].append(ci)
            lo = (rep.low.toordinal() - self.tol) // _WEEK
            hi = (rep.high.toordinal() + self.tol) // _WEEK
            if hi - lo > _WIDE:
                ix["wide"].append(ci)
            else:
                weeks = ix["weeks"]
                for w in range(lo, hi + 1):
                    weeks.setdefault(w, []).append(ci)
            by = ix["dated_by_claim"]
        else:
            by = ix["undated_by_claim"]
        for k in rep.claim_counts:
            by.setdefault(k, []).append(ci)

    def candidates(self, rep: _Report) -> list[int]:
        if not rep.location:
            return []
        near = self.near.get(rep.location)
        if near is None:
            near = self.near[rep.location] = [ix for place, ix in self.places.items()
                                              if related(rep.location, place)]
        out: set[int] = set()
        for ix in near:
            if rep.dated:
                lo, hi = rep.low.toordinal() // _WEEK, rep.high.toordinal() // _WEEK
                if hi - lo > _WIDE:
                    out.update(ix["dated_all"])
                else:
                    weeks = ix["weeks"]
                    for w in range(lo, hi + 1):
                        out.update(weeks.get(w, ()))
                    out.update(ix["wide"])
            else:
                out.update(ix["dated_by_claim"].get(rep.claims[0], ()))
            by = ix["undated_by_claim"]
            for k in rep.claim_counts:
                out.update(by.get(k, ()))
        return sorted(out)


def _cluster(reports: list[_Report], tol: int) -> list[list[_Report]]:
    """Complete-linkage first fit: each report joins the first cluster (in creation order)
    whose every report it is compatible with, else starts a cluster."""
    clusters: list[list[_Report]] = []
    index = _Index(tol)
    for rep in reports:
        for ci in index.candidates(rep):
            cl = clusters[ci]
            if all(_compatible(rep, other, tol) for other in cl):
                cl.append(rep)
                break
        else:
            clusters.append([rep])
            index.add(len(clusters) - 1, rep)
    return clusters


def build(casualties: pd.DataFrame, articles: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The ``incidents`` table from the finalized ``casualties`` table."""
    if casualties is None or len(casualties) == 0:
        return frame("incidents", [])
    tol, _km = _settings()
    reports = _reports(casualties)
    reports.sort(key=lambda rep: min(_order_key(r["mention_id"]) for r in rep.rows))
    clusters = _cluster(reports, tol)
    outlet = {}
    if articles is not None and len(articles) and "article_id" in articles.columns:
        outlet = {a: o for a, o in zip(articles["article_id"], articles.get("outlet", [None] * len(articles)))
                  if not _na(o)}
    out = []
    for cl in clusters:
        mentions = [r for rep in cl for r in rep.rows + rep.parts]
        ids = sorted((r["mention_id"] for r in mentions), key=_order_key)
        art = sorted({r["article_id"] for r in mentions})
        places = [rep.location for rep in cl for _ in rep.rows if rep.location]  # per claim
        location = None
        if places:
            counts = {p: places.count(p) for p in set(places)}
            location = sorted(counts, key=lambda p: (-_depth(p), -counts[p], p))[0]
        use = [rep for rep in cl if rep.dated] or [rep for rep in cl if rep.low and rep.high]
        lows = [rep.low for rep in use]
        highs = [rep.high for rep in use]
        d_lo = d_hi = None
        if lows:
            d_lo, d_hi = max(lows), min(highs)
            if d_lo > d_hi:
                d_lo, d_hi = min(lows), max(highs)
        k_lo, k_hi = figures(cl, "killed")
        i_lo, i_hi = figures(cl, "injured")
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


def membership(incidents: pd.DataFrame) -> dict[str, str]:
    """mention_id -> incident_id."""
    out: dict[str, str] = {}
    if incidents is None or len(incidents) == 0:
        return out
    for iid, ids in zip(incidents["incident_id"], incidents["mention_ids"]):
        for m in list(ids if ids is not None else []):
            out[m] = iid
    return out


def by_type(casualties: pd.DataFrame, incidents: pd.DataFrame, outcome: str = "killed") -> pd.DataFrame:
    """Per incident and victim type: the min/max of ``outcome`` across reports.

    Columns incident_id, victim_type, min, max. Types are reconciled separately, so an
    ``unknown`` report overlapping typed ones is listed on its own row.
    """
    rows = []
    if casualties is None or len(casualties) == 0 or incidents is None or len(incidents) == 0:
        return pd.DataFrame(columns=["incident_id", "victim_type", "min", "max"])
    member = membership(incidents)
    cas = casualties[casualties["mention_id"].isin(member)]
    reports = _reports(cas)
    grouped: dict[str, list[_Report]] = {}
    for rep in reports:
        grouped.setdefault(member[rep.rows[0]["mention_id"]], []).append(rep)
    for iid, reps in grouped.items():
        per = [rep.sums(outcome) for rep in reps]
        types = sorted({t for p in per for t in p})
        for t in types:
            vals = [p[t] for p in per if t in p]
            highs = [v[1] for v in vals]
            rows.append(dict(incident_id=iid, victim_type=t, min=min(v[0] for v in vals),
                             max=None if any(h is None for h in highs) else max(highs)))
    df = pd.DataFrame(rows, columns=["incident_id", "victim_type", "min", "max"])
    df["min"] = df["min"].astype("Int64")
    df["max"] = df["max"].astype("Int64")
    return df


__all__ = ["build", "figures", "related", "membership", "by_type", "columns"]
