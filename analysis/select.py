"""Choosing what a briefing covers: load the tables, then keep the window, places, outlets.

- ``load(corpus="", tables_dir="")``: the tables from a folder of pre-built
  ``<table>.parquet`` files (what ``briefing render`` writes once for all notebooks) or
  built from ``corpus`` (empty = the bundled sample).
- ``apply(tables, params)``: the tables restricted to the parameters' outlets, places
  and date window (see its docstring: casualty claims by their event dates, articles by
  publication date or by the claims they report); incidents are merged again from the
  claims kept. Unknown places or outlets raise ParameterError listing the known ones.
  Dates compare as ISO days; a date at month or year precision counts as its whole period.
- ``excluded_undated(all_tables, params, selected)``: undated articles a window leaves out.
"""
from __future__ import annotations

import calendar
from pathlib import Path

import pandas as pd

from analysis.errors import ParameterError
from analysis.pipeline import Tables, build_tables
from analysis.schema import TABLE_NAMES, frame


def load(corpus: str = "", tables_dir: str = "") -> Tables:
    """Tables from ``tables_dir`` (parquet) when given, else built from ``corpus``."""
    if tables_dir:
        root = Path(tables_dir)
        missing = [n for n in TABLE_NAMES if not (root / f"{n}.parquet").is_file()]
        if missing:
            raise ParameterError(f"tables_dir: {str(root)!r} lacks {', '.join(m + '.parquet' for m in missing)}; "
                                 f"write them with `briefing tables --format parquet --out DIR`")
        return Tables((n, frame(n, pd.read_parquet(root / f"{n}.parquet"), extra=True))
                      for n in TABLE_NAMES)
    if corpus and not Path(corpus).is_dir():
        raise ParameterError(f"corpus: {corpus!r} is not a folder; give a folder of articles or leave it empty "
                             f"for the bundled sample")
    return build_tables(corpus or None)


def period(iso: object) -> tuple[str | None, str | None]:
    """First and last day of an ISO date at any precision ('2020' -> 2020-01-01..2020-12-31)."""
    if iso is None or (not isinstance(iso, str) and pd.isna(iso)):
        return None, None
    s = str(iso).strip()
    if not s:
        return None, None
    parts = s[:10].split("-")
    try:
        y = int(parts[0])
        if len(parts) == 1:
            return f"{y:04d}-01-01", f"{y:04d}-12-31"
        m = int(parts[1])
        if len(parts) == 2:
            return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
        return f"{y:04d}-{m:02d}-{int(parts[2]):02d}",  f"{y:04d}-{m:02d}-{int(parts[2]):02d}"
    except (ValueError, IndexError):
        return None, None


def _overlaps(low, high, start: str, end: str) -> bool:
    if low is None and high is None:
        return False
    low = low or high
    high = high or low
    return (not start or high >= start) and (not end or low <= end)


def _mask(df: pd.DataFrame, values) -> pd.Series:
    """A boolean row mask aligned with ``df`` (safe when ``df`` is empty)."""
    return pd.Series(list(values), index=df.index, dtype=bool)


def _isna(v) -> bool:
    return v is None or (not isinstance(v, (list, tuple)) and pd.isna(v))


def _resolve(wanted: tuple[str, ...], known: list[str], what: str) -> set[str]:
    by_fold = {k.casefold(): k for k in known}
    out = set()
    for w in wanted:
        k = by_fold.get(w.casefold())
        if k is None:
            shown = sorted(known)[:40]
            more = f" (and {len(known) - 40} more)" if len(known) > 40 else ""
            listed = ", ".join(repr(s) for s in shown) or "none in this corpus"
            raise ParameterError(f"{what}: {w!r} is not in the corpus; use one of {listed}{more}")
        out.add(k)
    return out


def _containers(places: pd.DataFrame) -> dict[str, set[str]]:
    """Each place -> every name it lies in: its parent chain, admin1 and country."""
    if places.empty:
        return {}
    parent = {p: (None if _isna(v) else v) for p, v in zip(places["place"], places["parent"])}
    out: dict[str, set[str]] = {}
    for p, a1, c in zip(places["place"], places["admin1"], places["country"]):
        inside = {x for x in (a1, c) if not _isna(x)}
        seen, cur = {p}, parent.get(p)
        while cur is not None and cur not in seen:
            inside.add(cur)
            seen.add(cur)
            cur = parent.get(cur)
        out[p] = inside
    return out


def _with_children(chosen: set[str], places: pd.DataFrame) -> set[str]:
    """``chosen`` plus every place lying in one of them (parent chain, admin1, country)."""
    return set(chosen) | {p for p, inside in _containers(places).items() if inside & chosen}


def apply(tables, params) -> Tables:
    """The tables restricted to ``params`` (an ``analysis.params.Params``).

    - outlets keep the articles of those outlets (and everything extracted from them);
    - places keep the casualty claims (and incidents) located in them or in places inside them;
    - the window keeps the casualty claims whose event dates overlap it (a claim with no
      date of its own: by its article's publication date), and the articles published in
      it or reporting a claim kept; attributions and dates follow their articles.
    Incidents are merged again (``analysis.incidents.build``) from the claims kept.
    """
    t = Tables((n, tables[n]) for n in TABLE_NAMES if n in tables)
    start, end = params.start, params.end
    if not (start or end or params.places or params.outlets):
        return t
    arts = t["articles"]
    if params.outlets:
        known = sorted(set(arts["outlet"].dropna().astype(str)))
        chosen_outlets = _resolve(params.outlets, known, "outlets")
        arts = arts[arts["outlet"].isin(chosen_outlets).fillna(False).astype(bool)]
    cas = t["casualties"]
    cas = cas[cas["article_id"].isin(set(arts["article_id"]))]
    chosen: set[str] = set()
    if params.places:
        inc = t["incidents"]
        regions = set().union(*_containers(t["places"]).values()) if len(t["places"]) else set()
        known = sorted(set(t["places"]["place"].dropna()) | set(t["casualties"]["location"].dropna())
                       | set(inc["location"].dropna()) | regions)
        chosen = _with_children(_resolve(params.places, known, "places"), t["places"])
        cas = cas[cas["location"].isin(chosen).fillna(False).astype(bool)]
    if start or end:
        pub = dict(zip(arts["article_id"], arts["published"]))
        cas = cas[_mask(cas, [_overlaps(None if _isna(lo) else lo, None if _isna(hi) else hi, start, end)
                              if not (_isna(lo) and _isna(hi)) else _overlaps(*period(pub.get(a)), start, end)
                              for lo, hi, a in zip(cas["date_low"], cas["date_high"], cas["article_id"])])]
        published = _mask(arts, [_overlaps(*period(p), start, end) for p in arts["published"]])
        arts = arts[published | arts["article_id"].isin(set(cas["article_id"]))]
    articles = arts
    ids = set(articles["article_id"])
    sources = t["sources"][t["sources"]["article_id"].isin(ids)]
    if len(cas) < len(t["casualties"]):
        # the incidents of the selection: merged again from the kept claims only, so an
        # outlet's or a window's figures count only what it holds (analysis.incidents)
        from analysis import incidents as incidents_mod
        inc = frame("incidents", incidents_mod.build(cas.reset_index(drop=True), articles.reset_index(drop=True),
                                                     sources.reset_index(drop=True)))
        if params.places:
            inc = inc[inc["location"].isin(chosen).fillna(False).astype(bool)]
    else:
        inc = t["incidents"]
    places = t["places"]
    if params.places:
        places = places[places["place"].isin(chosen)]
    out = dict(
        articles=articles,
        casualties=cas,
        sources=sources,
        dates=t["dates"][t["dates"]["article_id"].isin(ids)],
        places=places,
        incidents=inc,
        ingest_log=t["ingest_log"],
    )
    return Tables((n, out[n].reset_index(drop=True)) for n in TABLE_NAMES)


def excluded_undated(tables, params, selected=None) -> int:
    """Undated articles a windowed selection leaves out (none of their claims is in it)."""
    if not (params.start or params.end):
        return 0
    arts = tables["articles"]
    undated = set(arts.loc[arts["published"].isna(), "article_id"])
    if selected is not None:
        undated -= set(selected["articles"]["article_id"])
    return len(undated)


def describe(all_tables, tables, params) -> str:
    """One sentence saying what the page covers (window, places, outlets, articles)."""
    n_all, n = len(all_tables["articles"]), len(tables["articles"])
    bits = [f"Window: {params.window}", f"places: {', '.join(params.places) or 'all'}",
            f"outlets: {', '.join(params.outlets) or 'all'}"]
    text = "; ".join(bits) + f". {n:,} of {n_all:,} articles in the corpus are selected"
    notes = []
    if params.start or params.end:
        notes.append("those published in the window or reporting a casualty event in it")
        undated = excluded_undated(all_tables, params, tables)
        if undated:
            notes.append(f"{undated:,} undated articles are left out")
    if not params.dedupe:
        notes.append("casualty figures are raw mentions added up, not deduplicated")
    return text + (": " + "; ".join(notes) if notes else "") + "."


def caveats(tables, article_spread: pd.DataFrame, undated_excluded: int = 0) -> list[str]:
    """The limits of the selection's figures, as short sentences (empty list: none)."""
    from analysis.charts import plural
    out = []
    arts = article_spread
    undated = int((arts["flag"] == "undated").sum()) if len(arts) else 0
    inferred = int((arts["flag"] == "inferred").sum()) if len(arts) else 0
    if undated:
        out.append(f"{undated} of {plural(len(arts), 'article')} {'states' if undated == 1 else 'state'} no "
                   f"publication date; their claims are dated from the text alone or not at all.")
    if inferred:
        out.append(f"{plural(inferred, 'article')} {'has' if inferred == 1 else 'have'} a publication date "
                   f"inferred from the text, not stated.")
    if undated_excluded:
        out.append(f"{plural(undated_excluded, 'undated article')} without a claim in the window "
                   f"{'is' if undated_excluded == 1 else 'are'} left out.")
    cas = tables["casualties"]
    if len(cas):
        hedged = int(cas["hedged"].fillna(False).astype(bool).sum())
        if hedged:
            out.append(f"{hedged} of {plural(len(cas), 'casualty claim')} {'is' if hedged == 1 else 'are'} "
                       f"hedged (alleged, suspected, reportedly).")
        aggregate = int(cas["aggregate"].fillna(False).astype(bool).sum())
        if aggregate:
            out.append(f"{plural(aggregate, 'claim')} {'sums' if aggregate == 1 else 'sum'} up many events "
                       f"(e.g. 'dozens over months') and form no incident.")
        open_ended = int((cas["count_high"].isna() & cas["count_low"].notna()).sum())
        if open_ended:
            out.append(f"{plural(open_ended, 'claim')} {'is' if open_ended == 1 else 'are'} open-ended "
                       f"('at least', 'dozens'): the lowest figure is used.")
        no_place = int(cas["location"].isna().sum())
        if no_place:
            out.append(f"{plural(no_place, 'claim')} {'names' if no_place == 1 else 'name'} no place that "
                       f"could be mapped.")
    else:
        out.append("No casualty claims in this selection.")
    return out


def previous_window(params):
    """The window of the same length just before ``params``' (None without a closed window)."""
    import dataclasses
    import datetime as dt
    if not (params.start and params.end):
        return None
    start, end = dt.date.fromisoformat(params.start), dt.date.fromisoformat(params.end)
    days = (end - start).days + 1
    prev_end = start - dt.timedelta(days=1)
    return dataclasses.replace(params, start=(prev_end - dt.timedelta(days=days - 1)).isoformat(),
                               end=prev_end.isoformat())
