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

import gc
import hashlib
from contextlib import contextmanager
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
    """The claims of one sentence about one place and window (plus their parts).

    ``rows``/``parts`` are row numbers in ``table``, the casualty columns `_reports` read
    (`_table`); what clustering and `figures` ask of a report is worked out once, here.
    """

    __slots__ = ("key", "table", "rows", "parts", "article_id", "location", "low", "high", "weak",
                 "dated", "claims", "claim_counts", "like", "order", "figs")

    def __init__(self, key, rows: list[int], table: dict[str, list], low, high, tol: int):
        self.key = key
        self.table = table
        self.rows = rows                       # top-level mentions
        self.parts: list[int] = []             # "including" mentions
        r0 = rows[0]
        self.article_id = table["article_id"][r0]
        self.location = key[2]                 # None when missing, as in the key
        self.low, self.high = low, high        # `_day` of the key's date_low, date_high
        claim = table["_claim"]
        if len(rows) == 1:                     # most reports: one claim
            c = claim[r0]
            self.claims = (c,)
            self.claim_counts = {c: 1}
            self.weak = table["_pubdate"][r0]
            self.order = table["_rank"][r0]
            self.figs = table["_figs"][r0]
        else:
            self.claims = tuple(claim[i] for i in rows)
            counts: dict = {}
            for k in self.claims:
                counts[k] = counts.get(k, 0) + 1
            self.claim_counts = counts
            pubdate = table["_pubdate"]
            self.weak = all(pubdate[i] for i in rows)
            rank = table["_rank"]
            self.order = min(rank[i] for i in rows)
            self.figs = _summaries(self.sums_all())
        # a window guessed from the publication date alone is not evidence of the date
        self.dated = bool(low and high and not self.weak)
        # what `_compatible` reads of a report, when the report is compatible with itself
        # (then a report like an earlier one joins that one's incident: see `_cluster`)
        self.like = None
        if self.location and (not self.dated or low <= high + timedelta(days=tol)):
            claims = self.claims[0] if len(rows) == 1 else frozenset(self.claim_counts.items())
            self.like = (self.location, low, high, claims) if self.dated else (self.location, claims)

    @property
    def mention_ids(self) -> list[str]:
        """The mention ids of the top-level claims."""
        return [self.table["mention_id"][i] for i in self.rows]

    def signature(self):
        t = self.table
        return sorted((t["outcome"][i], t["victim_type"][i], t["_count_low"][i], t["_count_high"][i])
                      for i in self.rows)

    def sums(self, outcome: str) -> dict[str, tuple[int, int | None]]:
        """Per victim type: (sum of lows, sum of highs or None when open-ended)."""
        return self.sums_all().get(outcome, {})

    def sums_all(self) -> dict[str, dict]:
        """``sums`` of every outcome of the report's claims."""
        t = self.table
        outs, vtypes, lows, highs = t["outcome"], t["victim_type"], t["_count_low"], t["_count_high"]
        acc: dict = {}
        for i in self.rows:
            lo = lows[i]
            if lo is None:
                continue
            hi = highs[i]
            vt = vtypes[i]
            per = acc.setdefault(outs[i], {})
            cur = per.setdefault(vt if vt.__class__ is str or not _na(vt) else "unknown", [0, 0])
            cur[0] += lo
            cur[1] = None if (cur[1] is None or hi is None) else cur[1] + hi
        return {o: {k: (v[0], v[1]) for k, v in per.items()} for o, per in acc.items()}


def _summaries(sums_all: dict[str, dict]) -> dict:
    """Per outcome, what `figures` reads of a report's sums: the sums of each of
    ``KNOWN_TYPES`` (None when absent), then (sum of lows, sum of highs or None) over all
    types when ``unknown`` victims are among them (else None); no entry when empty."""
    out = {}
    for o, p in sums_all.items():
        if not p:
            continue
        unk = None
        if "unknown" in p:
            his = [v[1] for v in p.values()]
            unk = (sum(v[0] for v in p.values()), None if None in his else sum(his))
        out[o] = (*(p.get(k) for k in KNOWN_TYPES), unk)
    return out


_NO_FIGS: dict = {}


def _row_summaries(t: dict[str, list], rows: list[int]) -> list:
    """`_summaries` of each row alone (a report of one claim), by row number."""
    outs, vtypes, lows, highs = t["outcome"], t["victim_type"], t["_count_low"], t["_count_high"]
    made: dict = {}                  # the same claim, the same summary
    figs = [_NO_FIGS] * len(outs)
    for i in rows:
        lo = lows[i]
        if lo is None:
            continue
        vt = vtypes[i]
        if not (vt.__class__ is str or not _na(vt)):
            vt = "unknown"
        key = (outs[i], vt, lo, highs[i])
        f = made.get(key)
        if f is None:
            f = made[key] = _summaries({key[0]: {vt: (lo, key[3])}})
        figs[i] = f
    return figs


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
    return _figures([s for s in (rep.figs.get(outcome) for rep in reports) if s is not None])


def _figures(per: list) -> tuple[int | None, int | None]:
    """`figures` from the reports' summaries (`_summaries`) of one outcome."""
    if not per:
        return None, None
    lo, hi = 0, 0
    for j in range(len(KNOWN_TYPES)):
        vals = [s[j] for s in per if s[j] is not None]
        if not vals:
            continue
        lo += min(v[0] for v in vals)
        if hi is not None:
            highs = [v[1] for v in vals]
            hi = None if None in highs else hi + max(highs)
    unknown = [s[-1] for s in per if s[-1] is not None]
    if unknown:
        lo = max(lo, min(u[0] for u in unknown))
        highs = [u[1] for u in unknown]
        hi = None if (hi is None or None in highs) else max(hi, max(highs))
    return lo, hi


# the casualty columns `_reports` reads
_COLUMNS = ("mention_id", "article_id", "sentence", "location", "date_low", "date_high", "part_of",
            "aggregate", "outcome", "victim_type", "count_low", "count_high", "rule", "attributed_to")


def _table(df: pd.DataFrame) -> dict[str, list]:
    """The columns `_reports` reads, as lists: the values ``df.to_dict("records")`` gives,
    except that a nullable column's NA is None (a missing column: all None)."""
    n = len(df)
    out: dict[str, list] = {}
    for c in _COLUMNS:
        if c not in df.columns:
            out[c] = [None] * n
            continue
        vals = df[c].tolist()
        if not isinstance(df[c].dtype, np.dtype):     # nullable types: NA comes out as None
            vals = [None if v is pd.NA else v for v in vals]
        out[c] = vals
    return out


def _ints(vals: list) -> list:
    """``_int`` of each value (plain ints pass as they are)."""
    return [v if v.__class__ is int else _int(v) for v in vals]


def _clean(v):
    """``v``, or None when it is a missing value (``_na``); strings fast."""
    return v if v.__class__ is str else (None if _na(v) else v)


def _ranks(mention_ids: list) -> list[int]:
    """Each mention id's place in `_order_key` order (equal keys, equal ranks)."""
    keys = [(a, int(n) if n.isdigit() else 0)
            for a, _, n in (str(m).rpartition(":c") for m in mention_ids)]
    rank = [0] * len(keys)
    r, prev = -1, None
    for j in sorted(range(len(keys)), key=keys.__getitem__):
        k = keys[j]
        if r < 0 or k != prev:
            r, prev = r + 1, k
        rank[j] = r
    return rank


def _reports(cas: pd.DataFrame, tol: int | None = None) -> list[_Report]:
    """The reports of the casualty table, in table order of their first claim."""
    tol = _settings()[0] if tol is None else tol
    t = _table(cas)
    mids, part_of, aggregate = t["mention_id"], t["part_of"], t["aggregate"]
    rows = [i for i, a in enumerate(aggregate) if not a]
    # per row, read once: counts as ints (None when missing), the claim, the mention-id
    # order, whether the window is the publication date's guess, the figures alone
    t["_count_low"], t["_count_high"] = low, _high = _ints(t["count_low"]), _ints(t["count_high"])
    t["_claim"] = list(zip(t["outcome"], t["victim_type"], low))
    t["_rank"] = _ranks(mids)
    t["_pubdate"] = ["+pubdate" in str(r or "") for r in t["rule"]]
    t["_figs"] = _row_summaries(t, rows)
    by_id = {mids[i]: i for i in rows}
    aids, sents, locs, d_lo, d_hi = t["article_id"], t["sentence"], t["location"], t["date_low"], t["date_high"]
    groups: dict = {}
    parts: list[int] = []
    for i in rows:
        p = part_of[i]
        if p is not None and not _na(p) and p in by_id:
            parts.append(i)
            continue
        key = (aids[i], sents[i], _clean(locs[i]), _clean(d_lo[i]), _clean(d_hi[i]))
        g = groups.get(key)
        if g is None:
            groups[key] = [i]
        else:
            g.append(i)
    days: dict = {None: None}
    out = []
    for k, v in groups.items():
        lo, hi = days.get(k[3], _UNSEEN), days.get(k[4], _UNSEEN)
        if lo is _UNSEEN:
            lo = days[k[3]] = _day(k[3])
        if hi is _UNSEEN:
            hi = days[k[4]] = _day(k[4])
        out.append(_Report(k, v, t, lo, hi, tol))
    if parts:
        owner = {mids[i]: rep for rep in out for i in rep.rows}
        for p in parts:
            top = p
            seen = set()
            while not _na(part_of[top]) and part_of[top] in by_id and mids[top] not in seen:
                seen.add(mids[top])
                top = by_id[part_of[top]]
            if mids[top] in owner:
                owner[mids[top]].parts.append(p)
    return out


_UNSEEN = object()


def _sorted_reports(cas: pd.DataFrame, tol: int | None = None) -> list[_Report]:
    """`_reports` in the order they are clustered: by their first mention id (`_order_key`)."""
    reports = _reports(cas, tol)
    reports.sort(key=lambda rep: rep.order)
    return reports


def _order_key(mention_id: str):
    aid, _, n = str(mention_id).rpartition(":c")
    return (aid, int(n) if n.isdigit() else 0)


_WEEK = 7          # days per date bucket of the cluster index
_WIDE = 64         # windows spanning more buckets than this are checked without the index


class _Buckets:
    """The clusters a report at one place may join, by what their first report is."""

    __slots__ = ("weeks", "wide", "dated_all", "dated_claim", "undated_claim")

    def __init__(self) -> None:
        self.weeks: dict[int, list[int]] = {}       # dated, by week (window plus tolerance)
        self.wide: list[int] = []                   # dated, windows too wide for weeks
        self.dated_all: list[int] = []              # dated
        self.dated_claim: dict = {}                 # dated, by each claim
        self.undated_claim: dict = {}               # undated, by each claim


class _Index:
    """Where a report may join: the clusters whose *first* report it is compatible with.

    A report joins the first cluster (in creation order) all of whose reports it is
    compatible with (`_compatible`), so the first report of a cluster must be: related
    places, and then (both dated) overlapping windows, or (one undated) the claims of the
    undated one found in the other. The index returns a superset of those clusters
    (by place, week bucket and claim); `_cluster` checks each candidate exactly, in
    creation order, so the result is the plain first-fit loop's.

    Buckets are kept per place a report may *ask* from (every report's place): a new
    cluster is filed under each place related to its first report's place, so that a
    question reads one bucket per key.
    """

    def __init__(self, tol: int, places) -> None:
        self.tol = tol
        self.places = list(dict.fromkeys(p for p in places if p))
        self.buckets: dict[str, _Buckets] = {p: _Buckets() for p in self.places}
        self.filed_under: dict[str, list[_Buckets]] = {}   # a place -> buckets of places related to it

    def add(self, ci: int, rep: _Report) -> None:
        place = rep.location
        if not place:
            return     # a report without a place never merges
        targets = self.filed_under.get(place)
        if targets is None:
            targets = self.filed_under[place] = [self.buckets[p] for p in self.places
                                                 if related(p, place)]
        if rep.dated:
            lo = (rep.low.toordinal() - self.tol) // _WEEK
            hi = (rep.high.toordinal() + self.tol) // _WEEK
            for b in targets:
                b.dated_all.append(ci)
                if hi - lo > _WIDE:
                    b.wide.append(ci)
                else:
                    weeks = b.weeks
                    for w in range(lo, hi + 1):
                        lst = weeks.get(w)
                        if lst is None:
                            weeks[w] = [ci]
                        else:
                            lst.append(ci)
                for k in rep.claim_counts:
                    b.dated_claim.setdefault(k, []).append(ci)
        else:
            for b in targets:
                for k in rep.claim_counts:
                    b.undated_claim.setdefault(k, []).append(ci)

    def candidates(self, rep: _Report):
        """Cluster numbers, ascending."""
        b = self.buckets.get(rep.location) if rep.location else None
        if b is None:
            return ()
        found = []
        if rep.dated:
            lo, hi = rep.low.toordinal() // _WEEK, rep.high.toordinal() // _WEEK
            if hi - lo > _WIDE:
                if b.dated_all:
                    found.append(b.dated_all)
            else:
                weeks = b.weeks
                for w in range(lo, hi + 1):
                    lst = weeks.get(w)
                    if lst:
                        found.append(lst)
                if b.wide:
                    found.append(b.wide)
        else:
            lst = b.dated_claim.get(rep.claims[0])
            if lst:
                found.append(lst)
        undated = b.undated_claim
        if undated:
            for k in rep.claim_counts:
                lst = undated.get(k)
                if lst:
                    found.append(lst)
        if len(found) <= 1:
            return found[0] if found else ()    # one bucket: in creation order, no repeats
        out = set(found[0])
        for lst in found[1:]:
            out.update(lst)
        return sorted(out)


class _Members:
    """A cluster's reports summed up so that a newcomer is tested against all of them at
    once: ``admits(rep)`` == ``all(_compatible(rep, other, tol) for other in cluster)``.

    Each part of `_compatible` is a test against a bound: the places (few distinct ones;
    a place found related to all of them is remembered), the dated windows (``rep.low``
    <= every ``high`` + tol iff it is <= the smallest; likewise the largest ``low``), the
    dated reports covering an undated newcomer (per claim, the smallest count among
    them) and a dated newcomer covering the undated reports (per claim, the largest count
    among them). Undated pairs, where either may cover the other, are tested once per
    distinct set of claims.
    """

    __slots__ = ("places", "near", "n_dated", "max_low", "min_high", "common", "undated", "need")

    def __init__(self, rep: _Report) -> None:
        self.places: dict = {}
        self.near: set = set()               # places related to every place of the cluster
        self.n_dated = 0
        self.max_low = self.min_high = None
        self.common: dict | None = None      # per claim: the least count in every dated report
        self.undated: dict = {}              # undated reports, one per distinct set of claims
        self.need: dict = {}                 # per claim: the largest count in an undated report
        self.add(rep)

    def add(self, rep: _Report) -> None:
        if rep.location not in self.places:
            self.places[rep.location] = None
            self.near = set()
        if rep.dated:
            if self.n_dated == 0:
                self.max_low, self.min_high = rep.low, rep.high
                self.common = dict(rep.claim_counts)
            else:
                if rep.low > self.max_low:
                    self.max_low = rep.low
                if rep.high < self.min_high:
                    self.min_high = rep.high
                have = rep.claim_counts
                common = self.common
                if len(common) != 1 or have != common:
                    self.common = {k: min(n, have[k]) for k, n in common.items() if k in have}
            self.n_dated += 1
        else:
            key = frozenset(rep.claim_counts.items())
            if key not in self.undated:
                self.undated[key] = rep
                need = self.need
                for k, n in rep.claim_counts.items():
                    if need.get(k, 0) < n:
                        need[k] = n

    def admits(self, rep: _Report, tol: timedelta) -> bool:
        loc = rep.location
        if loc not in self.near:
            if not loc:
                return False
            for p in self.places:
                if not related(loc, p):
                    return False
            self.near.add(loc)
        have = rep.claim_counts
        if rep.dated:
            if self.n_dated and not (rep.low <= self.min_high + tol and self.max_low <= rep.high + tol):
                return False
            for k, n in self.need.items():
                if have.get(k, 0) < n:
                    return False
            return True
        if self.common is not None:
            common = self.common
            for k, n in have.items():
                if common.get(k, 0) < n:
                    return False
        for other in self.undated.values():
            if not (_covers(rep, other) or _covers(other, rep)):
                return False
        return True


def _cluster(reports: list[_Report], tol: int) -> list[list[_Report]]:
    """Complete-linkage first fit: each report joins the first cluster (in creation order)
    whose every report it is compatible with, else starts a cluster.

    A report *like* an earlier one (`_Report.like`: the same place, window and claims)
    joins the cluster the earlier one is in, without a search: that cluster admits it
    (its members were all found compatible with the earlier report, and compatibility is
    symmetric), and every cluster before it rejected the earlier report, so it still
    rejects this one (clusters only grow, and only fewer reports fit a bigger one).
    """
    clusters: list[list[_Report]] = []
    members: list[_Members] = []
    index = _Index(tol, (rep.location for rep in reports))
    joined: dict = {}            # `like` -> the cluster such a report is in
    t = timedelta(days=tol)
    for rep in reports:
        like = rep.like
        if like is not None:
            ci = joined.get(like)
            if ci is not None:
                clusters[ci].append(rep)
                members[ci].add(rep)
                continue
        for ci in index.candidates(rep):
            m = members[ci]
            if m.admits(rep, t):
                clusters[ci].append(rep)
                m.add(rep)
                break
        else:
            ci = len(clusters)
            clusters.append([rep])
            members.append(_Members(rep))
            index.add(ci, rep)
        if like is not None:
            joined[like] = ci
    return clusters


@contextmanager
def _gc_paused():
    """No cyclic garbage collection inside the block (then as before).

    `build` makes a few hundred thousand small objects that all live until it returns
    and form no cycles; each of them counts towards the next full collection, which in
    the reduce walks every per-file row of the corpus (~0.2 s a time on 20,000 articles,
    four times per build). Reference counting still frees everything as usual.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build(casualties: pd.DataFrame, articles: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The ``incidents`` table from the finalized ``casualties`` table."""
    if casualties is None or len(casualties) == 0:
        return frame("incidents", [])
    with _gc_paused():
        return _build(casualties, articles)


def _build(casualties: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    tol, _km = _settings()
    reports = _sorted_reports(casualties, tol)
    clusters = _cluster(reports, tol)
    outlet = {}
    if articles is not None and len(articles) and "article_id" in articles.columns:
        outs = articles["outlet"].tolist() if "outlet" in articles.columns else [None] * len(articles)
        outlet = {a: o for a, o in zip(articles["article_id"].tolist(), outs) if not _na(o)}
    t = reports[0].table if reports else {}
    mids, aids, attrs, rank = t.get("mention_id"), t.get("article_id"), t.get("attributed_to"), t.get("_rank")
    out: dict[str, list] = {c: [] for c in columns("incidents")}
    # one list per column (the schema's names)
    c_id, c_loc, c_dlo, c_dhi, c_klo, c_khi, c_ilo, c_ihi, c_n, c_art, c_outs, c_srcs, c_ids = (
        out[c] for c in ("incident_id", "location", "date_low", "date_high", "killed_min",
                         "killed_max", "injured_min", "injured_max", "n_mentions", "n_articles",
                         "outlets", "sources", "mention_ids"))
    for cl in clusters:
        rows: list[int] = []
        counts: dict = {}        # place -> claims naming it ("including" parts excluded)
        dated, windowed, killed, injured = [], [], [], []
        for rep in cl:
            rows += rep.rows
            if rep.parts:
                rows += rep.parts
            if rep.location:
                counts[rep.location] = counts.get(rep.location, 0) + len(rep.rows)
            if rep.dated:
                dated.append(rep)
            elif rep.low and rep.high:
                windowed.append(rep)
            figs = rep.figs
            if figs:
                s = figs.get("killed")
                if s is not None:
                    killed.append(s)
                s = figs.get("injured")
                if s is not None:
                    injured.append(s)
        if len(rows) > 1:
            rows.sort(key=rank.__getitem__)
        ids = [mids[i] for i in rows]
        art = sorted({aids[i] for i in rows})
        if len(counts) > 1:
            location = min(counts, key=lambda p: (-_depth(p), -counts[p], p))
        else:
            location = next(iter(counts), None)
        use = dated or windowed
        d_lo = d_hi = None
        if use:
            lows = [rep.low for rep in use]
            highs = [rep.high for rep in use]
            d_lo, d_hi = max(lows), min(highs)
            if d_lo > d_hi:
                d_lo, d_hi = min(lows), max(highs)
        k_lo, k_hi = _figures(killed)
        i_lo, i_hi = _figures(injured)
        srcs = sorted({a for a in (attrs[i] for i in rows) if a is not None and not _na(a)})
        outs = sorted({outlet[a] for a in art if a in outlet})
        digest = hashlib.sha1("|".join(sorted(ids)).encode("utf-8")).hexdigest()[:10]
        c_id.append(f"I-{digest}")
        c_loc.append(location)
        c_dlo.append(d_lo.isoformat() if d_lo else None)
        c_dhi.append(d_hi.isoformat() if d_hi else None)
        c_klo.append(k_lo)
        c_khi.append(k_hi)
        c_ilo.append(i_lo)
        c_ihi.append(i_hi)
        c_n.append(len(ids))
        c_art.append(len(art))
        c_outs.append(outs)
        c_srcs.append(srcs)
        c_ids.append(ids)
    # rows ordered by date, place and id
    ids, d_lo, loc = out["incident_id"], out["date_low"], out["location"]
    order = sorted(range(len(ids)), key=lambda j: (d_lo[j] or "9999", loc[j] or "~", ids[j]))
    return frame("incidents", pd.DataFrame({c: [v[j] for j in order] for c, v in out.items()}))


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
        grouped.setdefault(member[rep.mention_ids[0]], []).append(rep)
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
