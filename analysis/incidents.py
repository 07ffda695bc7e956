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
from itertools import chain
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import lexicons
from analysis.dates import iso_day
from analysis.parallel import gc_paused
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
    (`_table`); `_reports` works out once what clustering and the incidents table ask of a
    report: its place, window (``dated``: a window that is evidence of the date), claims
    counted (claim -> how many; a claim is (outcome, victim type, count), numbered in
    ``table["_claim"]``; read only: shared between reports), order (its first mention id's rank), figures (`_summaries`), ``like`` (see
    `_cluster`) and ``numbers`` (`_NUMBERS`: what `_incidents` reduces in numpy).
    """

    __slots__ = ("table", "rows", "parts", "mentions", "location", "low", "high", "dated",
                 "claim_counts", "first_claim", "order", "figs", "like", "numbers")

    def __init__(self, table, rows, parts, location, low, high, dated, claim_counts, first_claim,
                 order, figs, like, numbers):
        self.table = table
        self.rows = rows                       # top-level mentions
        self.parts = parts                     # "including" mentions
        self.mentions = rows + parts if parts else rows
        self.location = location               # None when missing
        self.low, self.high, self.dated = low, high, dated
        self.claim_counts = claim_counts
        self.first_claim = first_claim
        self.order = order
        self.figs = figs
        self.like = like
        self.numbers = numbers

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
        return _sums(self.table, self.rows).get(outcome, {})


def _sums(t: dict[str, list], rows: list[int]) -> dict[str, dict]:
    """``_Report.sums`` of every outcome of the claims in ``rows``."""
    outs, vtypes, lows, highs = t["outcome"], t["victim_type"], t["_count_low"], t["_count_high"]
    acc: dict = {}
    for i in rows:
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


_NO_PARTS: list = []                   # (never appended to)


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

# `_Report.numbers`: whether dated, whether it has a window, the window's first and last
# day (ordinals, 0 when missing), its claims (parts excluded), its place (a code in
# table["_places"], -1 when missing), its figures of each of OUTCOMES (codes in
# table["_summaries"], 0 when none)
_NUMBERS = ("dated", "windowed", "low", "high", "claims", "place", *(f"figures_{o}" for o in OUTCOMES))


def _code(registry: tuple[dict, list], value) -> int:
    """``value``'s number in ``registry`` (a dict value -> number and the list of values)."""
    codes, values = registry
    got = codes.get(value)
    if got is None:
        got = codes[value] = len(values)
        values.append(value)
    return got


def _row_summaries(t: dict[str, list], rows: list[int]) -> list:
    """Per row: `_summaries` of the row alone (a report of one claim) and their codes in
    ``t["_summaries"]`` (per outcome of OUTCOMES), as (figs, codes)."""
    outs, vtypes, lows, highs = t["outcome"], t["victim_type"], t["_count_low"], t["_count_high"]
    made: dict = {}                  # the same claim, the same summary
    none = (_NO_FIGS, (0,) * len(OUTCOMES))
    out = [none] * len(outs)
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
            figs = _summaries({key[0]: {vt: (lo, key[3])}})
            f = made[key] = (figs, _summary_codes(t, figs))
        out[i] = f
    return out


def _summary_codes(t: dict, figs: dict) -> tuple[int, ...]:
    return tuple(_code(t["_summaries"], figs[o]) if o in figs else 0 for o in OUTCOMES)


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
    except that a nullable column's NA is None (a missing column: all None). Also the
    counts as ints, None when missing (``_count_low``, ``_count_high``)."""
    n = len(df)
    out: dict[str, list] = {}
    for c in _COLUMNS:
        out[c] = _values(df[c]) if c in df.columns else [None] * n
    for c in ("count_low", "count_high"):
        out[f"_{c}"] = _ints(df[c]) if c in df.columns else [None] * n
    return out


def _values(col: pd.Series) -> list:
    """``col.tolist()``, a nullable column's NA as None (converted in one go)."""
    if isinstance(col.dtype, np.dtype):
        return col.tolist()
    return col.to_numpy(dtype=object, na_value=None).tolist()


def _ints(col: pd.Series) -> list:
    """``_int`` of each value of ``col`` (whole columns at once when they are numbers)."""
    kind = col.dtype.kind if isinstance(col.dtype, np.dtype) else None
    if kind in ("i", "u"):
        return col.tolist()
    if kind == "f":
        vals = col.to_numpy()
        missing = np.isnan(vals)
        if (np.abs(vals[~missing]) < 2.0 ** 62).all():
            out = np.where(missing, 0, vals).astype(np.int64).astype(object)   # as int(): truncated
            out[missing] = None
            return out.tolist()
    elif isinstance(col.dtype, pd.Int64Dtype):         # nullable ints: NA as None
        return col.to_numpy(dtype=object, na_value=None).tolist()
    return [_int(v) for v in col.tolist()]


def _clean(v):
    """``v``, or None when it is a missing value (``_na``); strings fast."""
    return v if v.__class__ is str else (None if _na(v) else v)


def _ranks(mention_ids: list) -> list[int]:
    """Each mention id's place in `_order_key` order (equal keys, equal ranks)."""
    keys = [(a, int(n) if n.isdigit() else 0)
            for a, _, n in (str(m).rpartition(":c") for m in mention_ids)]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    if len(set(keys)) == len(keys):              # no two alike: the rank is the place
        rank = np.empty(len(keys), dtype=np.int64)
        rank[order] = np.arange(len(keys))
        return rank.tolist()
    rank = [0] * len(keys)
    r, prev = -1, None
    for j in order:
        k = keys[j]
        if r < 0 or k != prev:
            r, prev = r + 1, k
        rank[j] = r
    return rank


def _reports(cas: pd.DataFrame) -> list[_Report]:
    """The reports of the casualty table, in table order of their first claim."""
    t = _table(cas)
    t["_places"] = ({}, [])                       # registries of `_code`
    t["_summaries"] = ({None: 0}, [None])
    mids, part_of, aggregate = t["mention_id"], t["part_of"], t["aggregate"]
    rows = [i for i, a in enumerate(aggregate) if not a]
    # per row, read once: the claim, the mention-id order, whether the window is the
    # publication date's guess, the figures of the row alone
    # a claim (outcome, victim type, count) as a number: equal claims, equal numbers
    # (clustering compares claims many times; a number hashes at once)
    claim_codes: dict = {}
    t["_claim"] = [claim_codes.setdefault(c, len(claim_codes))
                   for c in zip(t["outcome"], t["victim_type"], t["_count_low"])]
    t["_rank"] = _ranks(mids)
    t["_pubdate"] = ["+pubdate" in str(r or "") for r in t["rule"]]
    alone = _row_summaries(t, rows)
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
    # "including" parts go with the report of the claim they are (through parts) part of
    parts_of: dict[int, list[int]] = {}
    if parts:
        owner = {mids[i]: g for g, rs in enumerate(groups.values()) for i in rs}
        for p in parts:
            top = p
            seen = set()
            while not _na(part_of[top]) and part_of[top] in by_id and mids[top] not in seen:
                seen.add(mids[top])
                top = by_id[part_of[top]]
            if mids[top] in owner:
                parts_of.setdefault(owner[mids[top]], []).append(p)
    days: dict = {None: (None, 0)}   # date text -> (date, ordinal)
    claim, pubdate, rank, places = t["_claim"], t["_pubdate"], t["_rank"], t["_places"]
    ones: dict = {}                  # claim -> {claim: 1}, shared by the one-claim reports
    out = []
    for g, (key, rs) in enumerate(groups.items()):
        location = key[2]
        lo, lo_n = days.get(key[3]) or _day_and_ordinal(days, key[3])
        hi, hi_n = days.get(key[4]) or _day_and_ordinal(days, key[4])
        r0 = rs[0]
        first = claim[r0]
        if len(rs) == 1:             # most reports: one claim
            counts = ones.get(first)
            if counts is None:
                counts = ones[first] = {first: 1}
            weak, order, (figs, fig_codes) = pubdate[r0], rank[r0], alone[r0]
        else:
            counts = {}
            for i in rs:
                counts[claim[i]] = counts.get(claim[i], 0) + 1
            weak = all(pubdate[i] for i in rs)
            order = min(rank[i] for i in rs)
            figs = _summaries(_sums(t, rs))
            fig_codes = _summary_codes(t, figs)
        # a window guessed from the publication date alone is not evidence of the date
        dated = bool(lo and hi and not weak)
        # what `_compatible` reads of a report, when the report is compatible with itself
        # and finds itself in the index (a window that ends before it starts would not:
        # its week range is empty); then a report like an earlier one joins that one's
        # incident (see `_cluster`)
        like = None
        if location and (not dated or lo <= hi):
            claims = first if len(rs) == 1 else frozenset(counts.items())
            like = (location, lo, hi, claims) if dated else (location, claims)
        numbers = (dated, bool(lo and hi), lo_n, hi_n, len(rs),
                   _code(places, location) if location else -1, *fig_codes)
        out.append(_Report(t, rs, parts_of.get(g, _NO_PARTS), location, lo, hi, dated, counts,
                           first, order, figs, like, numbers))
    return out


def _day_and_ordinal(days: dict, text) -> tuple:
    """``days[text]``: (`dates.iso_day`, its ordinal or 0), made once per text."""
    d = iso_day(text)
    got = days[text] = (d, d.toordinal() if d else 0)
    return got


_UNSEEN = object()


def _sorted_reports(cas: pd.DataFrame) -> list[_Report]:
    """`_reports` in the order they are clustered: by their first mention id (`_order_key`)."""
    reports = _reports(cas)
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
        b = self.buckets.get(rep.location)
        if b is None:
            return ()
        if rep.dated:
            lo, hi = rep.low.toordinal() // _WEEK, rep.high.toordinal() // _WEEK
            if hi - lo > _WIDE:
                found = [b.dated_all]
            elif lo == hi:
                found = [b.weeks.get(lo), b.wide]
            else:
                weeks = b.weeks
                found = [weeks.get(w) for w in range(lo, hi + 1)]
                found.append(b.wide)
        else:
            found = [b.dated_claim.get(rep.first_claim)]
        undated = b.undated_claim
        if undated:
            found += map(undated.get, rep.claim_counts)
        found = [lst for lst in found if lst]
        if len(found) <= 1:
            return found[0] if found else ()    # one bucket: in creation order, no repeats
        return sorted(set().union(*found))


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

    __slots__ = ("tol", "places", "near", "n_dated", "max_low", "min_high", "common", "undated",
                 "need")

    def __init__(self, rep: _Report, tol: timedelta) -> None:
        self.tol = tol
        self.places: dict = {}
        self.near: set = set()               # places related to every place of the cluster
        self.n_dated = 0
        # the dated windows' bounds: a newcomer's window must start by ``min_high`` and
        # end from ``max_low`` (both moved out by the tolerance)
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
                self.max_low, self.min_high = rep.low - self.tol, rep.high + self.tol
                self.common = dict(rep.claim_counts)
            else:
                if rep.low - self.tol > self.max_low:
                    self.max_low = rep.low - self.tol
                if rep.high + self.tol < self.min_high:
                    self.min_high = rep.high + self.tol
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

    def admits(self, rep: _Report) -> bool:
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
            if self.n_dated and not (rep.low <= self.min_high and self.max_low <= rep.high):
                return False
            if self.need:
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
            if m.admits(rep):
                clusters[ci].append(rep)
                m.add(rep)
                break
        else:
            ci = len(clusters)
            clusters.append([rep])
            members.append(_Members(rep, t))
            index.add(ci, rep)
        if like is not None:
            joined[like] = ci
    return clusters


def build(casualties: pd.DataFrame, articles: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The ``incidents`` table from the finalized ``casualties`` table."""
    if casualties is None or len(casualties) == 0:
        return frame("incidents", [])
    with gc_paused():   # a few hundred thousand small objects, no cycles
        return _build(casualties, articles)


def _build(casualties: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    tol, _km = _settings()
    reports = _sorted_reports(casualties)
    clusters = _cluster(reports, tol)
    if not clusters:
        return frame("incidents", [])
    outlet = {}
    if articles is not None and len(articles) and "article_id" in articles.columns:
        outs = articles["outlet"].tolist() if "outlet" in articles.columns else [None] * len(articles)
        outlet = {a: o for a, o in zip(articles["article_id"].tolist(), outs) if not _na(o)}
    return frame("incidents", _incidents(clusters, reports[0].table, outlet))


def _incidents(clusters: list[list[_Report]], t: dict[str, list], outlet: dict) -> pd.DataFrame:
    """The incidents table's columns from the clusters (one incident each), column-wise:
    the reports' `_NUMBERS` in incident order, reduced per incident in numpy (window,
    figures, places); the lists of text (ids, articles, sources, outlets) per incident."""
    n = len(clusters)
    reps = [rep for cl in clusters for rep in cl]
    num = np.fromiter(chain.from_iterable(r.numbers for r in reps), dtype=np.int64,
                      count=len(reps) * len(_NUMBERS)).reshape(len(reps), len(_NUMBERS))
    col = {name: num[:, j] for j, name in enumerate(_NUMBERS)}
    sizes = np.fromiter(map(len, clusters), dtype=np.int64, count=n)
    first = np.concatenate(([0], np.cumsum(sizes)[:-1]))        # each incident's first report
    inc = np.repeat(np.arange(n), sizes)                         # each report's incident
    # the mentions (claims, then "including" parts, report by report), ordered within
    # their incident by mention id (`_order_key`; a stable sort keeps ties as gathered)
    per_rep = np.fromiter(map(len, (r.mentions for r in reps)), dtype=np.int64, count=len(reps))
    rows = np.fromiter(chain.from_iterable(r.mentions for r in reps), dtype=np.int64,
                       count=int(per_rep.sum()))
    per_inc = np.add.reduceat(per_rep, first)
    row_inc = np.repeat(np.arange(n), per_inc)
    rows = rows[np.lexsort((np.asarray(t["_rank"])[rows], row_inc))].tolist()
    bounds = np.concatenate(([0], np.cumsum(per_inc))).tolist()
    mids, aids, attrs = t["mention_id"], t["article_id"], t["attributed_to"]
    ids, arts, srcs, outs, digests = [], [], [], [], []
    for a, b in zip(bounds, bounds[1:]):
        rs = rows[a:b]
        these = [mids[i] for i in rs]
        art = sorted({aids[i] for i in rs})
        ids.append(these)
        arts.append(art)
        srcs.append(sorted({v for v in map(attrs.__getitem__, rs) if v is not None and not _na(v)}))
        outs.append(sorted({outlet[x] for x in art if x in outlet}))
        digests.append(hashlib.sha1("|".join(sorted(these)).encode("utf-8")).hexdigest()[:10])
    location = _incident_places(col, inc, n, t["_places"][1])
    d_lo, d_hi = _incident_windows(col, first)
    summaries = _summary_numbers(t["_summaries"][1])
    k_lo, k_hi = _incident_figures(summaries[col["figures_killed"]], first)
    i_lo, i_hi = _incident_figures(summaries[col["figures_injured"]], first)
    cols = {"incident_id": [f"I-{d}" for d in digests], "location": location, "date_low": d_lo,
            "date_high": d_hi, "killed_min": k_lo, "killed_max": k_hi, "injured_min": i_lo,
            "injured_max": i_hi, "n_mentions": per_inc.tolist(), "n_articles": [len(x) for x in arts],
            "outlets": outs, "sources": srcs, "mention_ids": ids}
    # rows ordered by date, place and id
    iid = cols["incident_id"]
    order = sorted(range(n), key=lambda j: (d_lo[j] or "9999", location[j] or "~", iid[j]))
    return pd.DataFrame({c: [v[j] for j in order] for c, v in cols.items()})


def _incident_places(col: dict, inc: np.ndarray, n: int, names: list) -> list:
    """Per incident: the most specific place of its claims (most ancestors), then the one
    named by most claims ("including" parts excluded), then the first by name."""
    out: list = [None] * n
    named = col["place"] >= 0
    if not named.any():
        return out
    pair = inc[named] * len(names) + col["place"][named]
    pairs, where = np.unique(pair, return_inverse=True)
    count = np.bincount(where, weights=col["claims"][named]).astype(np.int64).tolist()
    p_inc, p_code = (a.tolist() for a in np.divmod(pairs, len(names)))
    j = 0
    while j < len(pairs):                      # pairs are sorted by incident
        k = j + 1
        while k < len(pairs) and p_inc[k] == p_inc[j]:
            k += 1
        if k == j + 1:
            out[p_inc[j]] = names[p_code[j]]
        else:
            counts = {names[p_code[x]]: count[x] for x in range(j, k)}
            out[p_inc[j]] = min(counts, key=lambda p: (-_depth(p), -counts[p], p))
        j = k
    return out


def _incident_windows(col: dict, first: np.ndarray) -> tuple[list, list]:
    """Per incident: the window of its dated reports (or, without any, of its reports
    with a window): their intersection, or their union when they do not intersect."""
    dated, windowed, lo, hi = col["dated"] > 0, col["windowed"] > 0, col["low"], col["high"]
    any_dated = np.logical_or.reduceat(dated, first)
    use = np.where(np.repeat(any_dated, np.diff(np.append(first, len(lo)))), dated, windowed)
    big = np.iinfo(np.int64).max
    lo_max = np.maximum.reduceat(np.where(use, lo, -1), first)
    lo_min = np.minimum.reduceat(np.where(use, lo, big), first)
    hi_min = np.minimum.reduceat(np.where(use, hi, big), first)
    hi_max = np.maximum.reduceat(np.where(use, hi, -1), first)
    has = np.logical_or.reduceat(use, first).tolist()
    apart = lo_max > hi_min
    iso: dict[int, str] = {}
    out = []
    for values in (np.where(apart, lo_min, lo_max).tolist(), np.where(apart, hi_max, hi_min).tolist()):
        days = []
        for v, h in zip(values, has):
            if not h:
                days.append(None)
                continue
            s = iso.get(v)
            if s is None:
                s = iso[v] = date.fromordinal(v).isoformat()
            days.append(s)
        out.append(days)
    return out[0], out[1]


def _summary_numbers(summaries: list) -> np.ndarray:
    """The summaries (`_summaries`, code 0: none) as rows of numbers: whether there is one,
    then per type (each of KNOWN_TYPES, then the all-types total of an `unknown` report)
    whether it is there, its low, its high (0 when open-ended) and whether it is
    open-ended."""
    out = np.zeros((len(summaries), 1 + 4 * (len(KNOWN_TYPES) + 1)), dtype=np.int64)
    for j, summary in enumerate(summaries):
        if summary is None:
            continue
        out[j, 0] = 1
        for k, part in enumerate(summary):
            if part is not None:
                out[j, 1 + 4 * k: 5 + 4 * k] = (1, part[0], 0 if part[1] is None else part[1],
                                                 part[1] is None)
    return out


def _incident_figures(num: np.ndarray, first: np.ndarray) -> tuple[list, list]:
    """`figures` of every incident at once (the same rules, on the reports' summaries as
    numbers, `_summary_numbers`, in incident order)."""
    big = np.iinfo(np.int64).max
    any_report = np.logical_or.reduceat(num[:, 0] > 0, first)
    lo = np.zeros(len(first), dtype=np.int64)
    hi = np.zeros(len(first), dtype=np.int64)
    open_ended = np.zeros(len(first), dtype=bool)
    for j in range(len(KNOWN_TYPES) + 1):
        has, low, high, none = (num[:, 1 + 4 * j + x] for x in range(4))
        has = has > 0
        present = np.logical_or.reduceat(has, first)
        t_lo = np.minimum.reduceat(np.where(has, low, big), first)
        t_hi = np.maximum.reduceat(np.where(has, high, -1), first)
        t_open = np.logical_or.reduceat(has & (none > 0), first)
        if j < len(KNOWN_TYPES):            # the known types add up
            lo += np.where(present, t_lo, 0)
            hi += np.where(present, t_hi, 0)
        else:                               # a report of unknown victims may cover them all
            lo = np.where(present, np.maximum(lo, t_lo), lo)
            hi = np.where(present, np.maximum(hi, t_hi), hi)
        open_ended |= present & t_open
    lo, hi = lo.tolist(), hi.tolist()
    some, open_ended = any_report.tolist(), open_ended.tolist()
    return ([v if s else None for v, s in zip(lo, some)],
            [v if s and not o else None for v, s, o in zip(hi, some, open_ended)])


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
