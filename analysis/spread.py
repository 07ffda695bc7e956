"""When things happened and when they were reported: date spreads from the tidy tables.

- ``article_spread(tables)``: one row per article: publication date and how it was
  found, the earliest and latest event date its text mentions, the spread between them
  and the reporting lag (publication day minus the latest event day on or before it; only
  for a stated publication date at day precision),
  with ``flag`` = ``undated`` (no publication date) or ``inferred`` (date inferred).
- ``event_dates(tables)``: one row per resolved event date in article text, beside its
  article's publication date (the timeline of publication vs event dates).
- ``lag_by_outlet(tables)``: reporting-lag summary per outlet (articles, median, min, max).
- ``incident_reports(tables)``: first and last report of each incident.
- ``flagged(tables)``: the undated or inferred-date articles.

Lags need a publication date at day precision; otherwise they stay null (never guessed).
Every row keeps ``article_id`` so a figure can be traced to its article.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd

from analysis.select import period

UNKNOWN_OUTLET = "(outlet not stated)"


def _day(iso) -> dt.date | None:
    if iso is None or (not isinstance(iso, str) and pd.isna(iso)):
        return None
    return _day_str(str(iso)[:10])


@lru_cache(maxsize=65536)
def _day_str(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


def _s(v) -> str | None:
    """Text or None (pandas' NA and NaN become None)."""
    return v if isinstance(v, str) else None


def _flag(source, published) -> str:
    source, published = _s(source), _s(published)
    if published is None or source == "missing":
        return "undated"
    if source == "inferred":
        return "inferred"
    return ""


def event_dates(tables) -> pd.DataFrame:
    """Resolved event dates (not durations) with their article's publication date."""
    cols = ["article_id", "date_id", "text", "event_low", "event_high", "published", "outlet",
            "published_source"]
    d, a = tables["dates"], tables["articles"]
    if d.empty or a.empty:
        return pd.DataFrame(columns=cols)
    d = d[d["value_low"].notna() & (d["kind"].fillna("") != "duration")]
    merged = d.merge(a[["article_id", "published", "outlet", "published_source"]], on="article_id", how="inner")
    merged = merged.rename(columns={"value_low": "event_low", "value_high": "event_high"})
    merged["event_high"] = merged["event_high"].fillna(merged["event_low"])
    merged["outlet"] = merged["outlet"].fillna(UNKNOWN_OUTLET)
    return merged[cols].reset_index(drop=True)


def article_spread(tables) -> pd.DataFrame:
    """Per article: publication date, event-date range, spread and reporting lag."""
    a = tables["articles"]
    ev = event_dates(tables)
    rows = []
    # plain lists per article (one pass; no per-article DataFrame slices)
    by_article: dict = {}
    for aid, lo, hi in zip(ev["article_id"], ev["event_low"], ev["event_high"]):
        g = by_article.get(aid)
        if g is None:
            g = by_article[aid] = ([], [])
        g[0].append(lo)
        g[1].append(hi)
    for r in a.itertuples(index=False):
        g = by_article.get(r.article_id)
        published = _s(r.published)
        exact_pub = _day(published) if published and len(published) == 10 else None
        first = last = None
        lag = None
        n = 0
        if g is not None and len(g[0]):
            n = len(g[0])
            first = min(g[0])
            last = max(g[1])
            if exact_pub is not None and _flag(r.published_source, published) == "":   # inferred: no lag
                before = [x for x in g[1] if _day(x) is not None and _day(x) <= exact_pub]
                if before:
                    lag = (exact_pub - _day(max(before))).days
        spread = (_day(last) - _day(first)).days if first and last and _day(first) and _day(last) else None
        rows.append(dict(article_id=r.article_id, title=_s(r.title),
                         outlet=_s(r.outlet) or UNKNOWN_OUTLET,
                         published=published, published_source=_s(r.published_source),
                         flag=_flag(r.published_source, r.published), n_event_dates=n,
                         first_event=first, last_event=last, spread_days=spread, lag_days=lag))
    return _frame(rows, ["article_id", "title", "outlet", "published", "published_source", "flag",
                         "n_event_dates", "first_event", "last_event", "spread_days", "lag_days"],
                  ints=("n_event_dates", "spread_days", "lag_days"))


def lag_by_outlet(tables, spread: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reporting lag (days) per outlet over the articles where it can be measured.
    ``spread``: ``article_spread(tables)`` when already computed (not computed again)."""
    s = article_spread(tables) if spread is None else spread
    s = s[s["lag_days"].notna()]
    cols = ["outlet", "articles", "median_lag_days", "min_lag_days", "max_lag_days"]
    if s.empty:
        return pd.DataFrame(columns=cols)
    g = s.groupby("outlet")["lag_days"]
    out = pd.DataFrame({"articles": g.size(), "median_lag_days": g.median().round(1),
                        "min_lag_days": g.min(), "max_lag_days": g.max()}).reset_index()
    return out.sort_values(["median_lag_days", "outlet"]).reset_index(drop=True)[cols]


def incident_reports(tables) -> pd.DataFrame:
    """Per incident: event window, first and last report, articles, lag of the first report."""
    cols = ["incident_id", "location", "date_low", "date_high", "first_report", "last_report",
            "n_articles", "first_report_lag_days", "undated_reports"]
    inc, cas, a = tables["incidents"], tables["casualties"], tables["articles"]
    if inc.empty:
        return pd.DataFrame(columns=cols)
    art_of = dict(zip(cas["mention_id"], cas["article_id"]))
    pub = dict(zip(a["article_id"], a["published"]))
    rows = []
    for r in inc.itertuples(index=False):
        arts = sorted({art_of[m] for m in list(r.mention_ids) if m in art_of})
        pubs = [period(pub.get(x))[0] for x in arts]
        dated = sorted(p for p in pubs if p)
        first = dated[0] if dated else None
        lag = None
        if first and _day(first) and _day(_s(r.date_high)):
            lag = (_day(first) - _day(_s(r.date_high))).days
        rows.append(dict(incident_id=r.incident_id, location=r.location, date_low=r.date_low,
                         date_high=r.date_high, first_report=first, last_report=dated[-1] if dated else None,
                         n_articles=len(arts), first_report_lag_days=lag,
                         undated_reports=len(pubs) - len(dated)))
    return _frame(rows, cols, ints=("n_articles", "first_report_lag_days", "undated_reports"))


def flagged(tables, spread: pd.DataFrame | None = None) -> pd.DataFrame:
    """Articles whose publication date is missing or only inferred.
    ``spread``: ``article_spread(tables)`` when already computed (not computed again)."""
    s = article_spread(tables) if spread is None else spread
    return s[s["flag"] != ""][["article_id", "title", "outlet", "published", "published_source", "flag"]] \
        .reset_index(drop=True)


def latest_incidents(reports: pd.DataFrame, incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents, most recent first, with their figures beside first and last report."""
    cols = ["incident_id", "location", "date_low", "date_high", "killed_min", "killed_max",
            "injured_min", "injured_max", "n_articles", "first_report", "last_report"]
    if incidents.empty:
        return pd.DataFrame(columns=cols)
    figs = incidents[["incident_id", "killed_min", "killed_max", "injured_min", "injured_max"]]
    out = reports.merge(figs, on="incident_id", how="left")
    out = out.sort_values(["date_high", "date_low", "incident_id"], ascending=False, na_position="last")
    return out[cols].reset_index(drop=True)


def _frame(rows: list[dict], columns: list[str], *, ints) -> pd.DataFrame:
    """Rows as a frame with these columns; the ``ints`` columns as nullable integers."""
    out = pd.DataFrame(rows, columns=columns)
    for c in ints:
        out[c] = out[c].astype("Int64")
    return out
