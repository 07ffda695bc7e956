"""Tallies for the notebooks: killed and injured counted once, with their evidence.

Every function takes the tables dict returned by ``analysis.build_tables`` and returns
plain numbers or DataFrames; notebooks only chart and explain them.

- ``headline(tables)``: the briefing's headline figures (deduplicated and raw).
- ``by_incident``, ``by_place``, ``by_month``, ``by_victim_type``, ``by_outlet``:
  ``killed_min``/``killed_max``/``injured_min``/``injured_max`` with ``n_incidents`` and
  ``n_mentions``. A ``*_max`` sum is null as soon as one incident in the group is
  open-ended ("at least 45").
- ``raw_vs_dedup(tables)``: how much double counting the incidents removed.
- ``evidence(tables, incident_id=None)``: the sentences behind every figure.
"""
from __future__ import annotations

import pandas as pd

from analysis import incidents as incidents_mod

FIGURES = ["killed_min", "killed_max", "injured_min", "injured_max"]
# the casualty columns analysis.incidents.by_type reads
_BY_TYPE_COLUMNS = ["mention_id", "article_id", "sentence", "outcome", "victim_type", "count_low", "count_high",
                    "location", "date_low", "date_high", "rule", "part_of", "aggregate"]


def _t(tables, name: str) -> pd.DataFrame:
    try:
        df = tables[name]
    except (KeyError, TypeError):
        df = getattr(tables, name, None)
    return df if df is not None else pd.DataFrame()


def _sum_min(s: pd.Series) -> int:
    return int(pd.to_numeric(s, errors="coerce").fillna(0).sum())


def _sum_max(s: pd.Series):
    """Sum of maxima: null (pd.NA) when any is open-ended (null)."""
    s = pd.to_numeric(s, errors="coerce") if len(s) else s
    if len(s) == 0:
        return 0
    return pd.NA if s.isna().any() else int(s.sum())


def _plain_mentions(cas: pd.DataFrame, outcome: str) -> pd.DataFrame:
    if cas is None or len(cas) == 0:
        return pd.DataFrame(columns=list(cas.columns) if cas is not None else [])
    m = (cas["outcome"] == outcome) & ~cas["aggregate"].fillna(False).astype(bool) & cas["part_of"].isna()
    return cas[m]


def headline(tables) -> dict:
    """Headline figures.

    - ``killed_total``: the deduplicated total, the sum of ``killed_min`` over incidents
      (each incident counted once, with its smallest figure across reports);
    - ``killed_total_max``: the sum of ``killed_max`` (None when any incident is open-ended);
    - ``injured_total`` / ``injured_total_max``: the same for the injured;
    - ``raw_killed_sum``: the plain sum of ``count_low`` over every killed mention that is
      neither ``aggregate`` nor an "including" part (``part_of``), i.e. what adding up
      the articles without deduplication would give;
    - ``raw_injured_sum``: the same for the injured;
    - ``n_incidents``, ``n_mentions`` (casualty mentions, all kinds), ``n_articles``
      (articles in the corpus), ``n_aggregate`` (aggregate claims, never in incidents),
      ``n_hedged`` (hedged mentions).
    """
    inc, cas, arts = _t(tables, "incidents"), _t(tables, "casualties"), _t(tables, "articles")
    kmax = _sum_max(inc["killed_max"]) if len(inc) else 0
    imax = _sum_max(inc["injured_max"].where(inc["injured_min"].notna(), 0)) if len(inc) else 0
    return dict(
        killed_total=_sum_min(inc["killed_min"]) if len(inc) else 0,
        killed_total_max=None if kmax is pd.NA else kmax,
        injured_total=_sum_min(inc["injured_min"]) if len(inc) else 0,
        injured_total_max=None if imax is pd.NA else imax,
        raw_killed_sum=_sum_min(_plain_mentions(cas, "killed")["count_low"]) if len(cas) else 0,
        raw_injured_sum=_sum_min(_plain_mentions(cas, "injured")["count_low"]) if len(cas) else 0,
        n_incidents=int(len(inc)),
        n_mentions=int(len(cas)),
        n_articles=int(len(arts)),
        n_aggregate=int(cas["aggregate"].fillna(False).astype(bool).sum()) if len(cas) else 0,
        n_hedged=int(cas["hedged"].fillna(False).astype(bool).sum()) if len(cas) else 0,
    )


def by_incident(tables) -> pd.DataFrame:
    """One row per incident: place, window, figures, mentions, articles, outlets, sources."""
    inc = _t(tables, "incidents")
    cols = ["incident_id", "location", "date_low", "date_high", *FIGURES, "n_mentions",
            "n_articles", "outlets", "sources"]
    if len(inc) == 0:
        return pd.DataFrame(columns=cols)
    return inc[cols].reset_index(drop=True)


def _group(inc: pd.DataFrame, key: pd.Series, name: str) -> pd.DataFrame:
    cols = [name, *FIGURES, "n_incidents", "n_mentions"]
    if len(inc) == 0:
        return pd.DataFrame(columns=cols)
    df = inc.assign(**{name: key.fillna("(unknown)").values})
    rows = []
    for k, g in df.groupby(name, sort=True, dropna=False):
        rows.append({name: k, "killed_min": _sum_min(g["killed_min"]), "killed_max": _sum_max(g["killed_max"]),
                     "injured_min": _sum_min(g["injured_min"]),
                     "injured_max": _sum_max(g["injured_max"].where(g["injured_min"].notna(), 0)),
                     "n_incidents": len(g), "n_mentions": int(g["n_mentions"].sum())})
    out = pd.DataFrame(rows, columns=cols)
    for c in FIGURES:
        out[c] = out[c].astype("Int64")
    return out.sort_values(["killed_min", name], ascending=[False, True]).reset_index(drop=True)


def by_place(tables) -> pd.DataFrame:
    """Incident figures summed per incident location."""
    inc = _t(tables, "incidents")
    return _group(inc, inc["location"] if len(inc) else pd.Series(dtype="string"), "location")


def by_month(tables) -> pd.DataFrame:
    """Incident figures summed per month of the incident window's first day
    (``(unknown)`` when the incident has no date); ordered by month."""
    inc = _t(tables, "incidents")
    key = inc["date_low"].astype("string").str[:7] if len(inc) else pd.Series(dtype="string")
    return _group(inc, key, "month").sort_values("month").reset_index(drop=True)


def by_victim_type(tables) -> pd.DataFrame:
    """Killed/injured per victim type, each type reconciled across reports per incident
    and summed over incidents. A report of ``unknown`` victims may overlap typed ones, so
    the types can add up to more than ``headline()['killed_total']``."""
    inc, cas = _t(tables, "incidents"), _t(tables, "casualties")
    cols = ["victim_type", *FIGURES, "n_incidents", "n_mentions"]
    if len(inc) == 0 or len(cas) == 0:
        return pd.DataFrame(columns=cols)
    # only the columns by_type reads (it turns rows into dicts: fewer columns, less work)
    slim = cas[[c for c in _BY_TYPE_COLUMNS if c in cas.columns]]
    slim = slim[slim["mention_id"].isin(incidents_mod.membership(inc))]
    k = incidents_mod.by_type(slim, inc, "killed").rename(columns={"min": "killed_min", "max": "killed_max"})
    i = incidents_mod.by_type(slim, inc, "injured").rename(columns={"min": "injured_min", "max": "injured_max"})
    both = k.merge(i, on=["incident_id", "victim_type"], how="outer")
    member = incidents_mod.membership(inc)
    in_inc = cas[cas["mention_id"].isin(member)]
    rows = []
    for t, g in both.groupby("victim_type", sort=True):
        rows.append({"victim_type": t, "killed_min": _sum_min(g["killed_min"]),
                     "killed_max": _sum_max(g["killed_max"].where(g["killed_min"].notna(), 0)),
                     "injured_min": _sum_min(g["injured_min"]),
                     "injured_max": _sum_max(g["injured_max"].where(g["injured_min"].notna(), 0)),
                     "n_incidents": int(g["incident_id"].nunique()),
                     "n_mentions": int((in_inc["victim_type"] == t).sum())})
    out = pd.DataFrame(rows, columns=cols)
    for c in FIGURES:
        out[c] = out[c].astype("Int64")
    return out


def by_outlet(tables) -> pd.DataFrame:
    """Per outlet: the incidents its articles reported (each counted once per outlet),
    their figures summed, and the outlet's casualty mentions. Articles without a known
    outlet are grouped as ``(unknown)``."""
    inc, cas, arts = _t(tables, "incidents"), _t(tables, "casualties"), _t(tables, "articles")
    cols = ["outlet", *FIGURES, "n_incidents", "n_mentions"]
    if len(inc) == 0:
        return pd.DataFrame(columns=cols)
    outlet = {a: (o if isinstance(o, str) and o else "(unknown)")
              for a, o in zip(arts["article_id"], arts["outlet"])} if len(arts) else {}
    member = incidents_mod.membership(inc)
    art_of = dict(zip(cas["mention_id"], cas["article_id"])) if len(cas) else {}
    reported: dict[str, set] = {}
    mentions: dict[str, int] = {}
    for m, iid in member.items():
        o = outlet.get(art_of.get(m), "(unknown)")
        reported.setdefault(o, set()).add(iid)
    for m, a in art_of.items():
        o = outlet.get(a, "(unknown)")
        mentions[o] = mentions.get(o, 0) + 1
    rows = []
    for o, ids in sorted(reported.items()):
        g = inc[inc["incident_id"].isin(ids)]
        rows.append({"outlet": o, "killed_min": _sum_min(g["killed_min"]), "killed_max": _sum_max(g["killed_max"]),
                     "injured_min": _sum_min(g["injured_min"]),
                     "injured_max": _sum_max(g["injured_max"].where(g["injured_min"].notna(), 0)),
                     "n_incidents": len(g), "n_mentions": mentions.get(o, 0)})
    out = pd.DataFrame(rows, columns=cols)
    for c in FIGURES:
        out[c] = out[c].astype("Int64")
    return out


def raw_vs_dedup(tables) -> pd.DataFrame:
    """Per outcome: the raw sum of mentions beside the deduplicated sum over incidents.

    Columns ``outcome``, ``raw_sum`` (count_low over non-aggregate, non-"including"
    mentions), ``dedup_sum`` (killed_min/injured_min over incidents), ``removed``,
    ``n_mentions`` (those mentions), ``n_incidents`` (incidents with that outcome).
    """
    h = headline(tables)
    inc, cas = _t(tables, "incidents"), _t(tables, "casualties")
    rows = []
    for outcome, raw, dedup, col in (("killed", h["raw_killed_sum"], h["killed_total"], "killed_min"),
                                     ("injured", h["raw_injured_sum"], h["injured_total"], "injured_min")):
        rows.append({"outcome": outcome, "raw_sum": raw, "dedup_sum": dedup, "removed": raw - dedup,
                     "n_mentions": int(len(_plain_mentions(cas, outcome))) if len(cas) else 0,
                     "n_incidents": int(inc[col].notna().sum()) if len(inc) else 0})
    return pd.DataFrame(rows)


def evidence(tables, incident_id: str | None = None) -> pd.DataFrame:
    """The sentences behind the figures: one row per casualty mention (of one incident,
    or of every incident; aggregate claims are listed with an empty ``incident_id``)."""
    inc, cas, arts = _t(tables, "incidents"), _t(tables, "casualties"), _t(tables, "articles")
    cols = ["incident_id", "mention_id", "article_id", "outlet", "sentence", "count_text", "outcome",
            "count_low", "count_high", "victims", "location", "attributed_to", "hedged", "part_of",
            "aggregate"]
    if len(cas) == 0:
        return pd.DataFrame(columns=cols)
    member = incidents_mod.membership(inc)
    outlet = dict(zip(arts["article_id"], arts["outlet"])) if len(arts) else {}
    df = cas.assign(incident_id=cas["mention_id"].map(member),
                    outlet=cas["article_id"].map(outlet))
    if incident_id is not None:
        df = df[df["incident_id"] == incident_id]
    return df[cols].reset_index(drop=True)
