"""Source frequencies: who is cited, how often, by which outlets (the source_frequencies notebook).

Every function takes the tables returned by :func:`analysis.build_tables` (a dict of
DataFrames; it reads ``tables["sources"]``, ``tables["articles"]`` and
``tables["casualties"]``) and returns a plain DataFrame (or a float) ready to chart or
export. Empty tables give empty frames with the documented columns, never an error.

- ``citations``: per canonical source, its type, citations (rows) and citing articles.
- ``outlet_source_matrix``: outlets x sources citation counts.
- ``type_shares``: citations and share per source type.
- ``anonymous_share``: share of citations whose source is unnamed.
- ``articles_per_outlet``: articles per outlet per period of publication.
- ``sources_per_claim``: for each casualty claim, the sources cited in its sentence.
"""
from __future__ import annotations

import math
from typing import Mapping

import pandas as pd

from analysis.errors import ParameterError, allowed

UNKNOWN_OUTLET = "(unknown outlet)"

_CITATION_COLUMNS = ["source", "source_type", "citations", "articles"]
_TYPE_COLUMNS = ["source_type", "citations", "share"]
_APO_COLUMNS = ["period", "outlet", "articles"]
_CLAIM_COLUMNS = ["mention_id", "article_id", "sentence", "outcome", "count_low", "attributed_to",
                  "sources", "n_sources"]
# pandas period alias -> the publication precision a date needs to be placed in it
_FREQS = {"D": "day", "W": "day", "M": "month", "Q": "month", "Y": "year", "A": "year"}
_RANK = {"day": 3, "month": 2, "year": 1}


def _table(tables: Mapping, name: str, cols: list[str]) -> pd.DataFrame:
    df = tables.get(name) if hasattr(tables, "get") else None
    if df is None:
        df = pd.DataFrame(columns=cols)
    for c in cols:
        if c not in df.columns:
            df = df.assign(**{c: pd.Series([None] * len(df), index=df.index, dtype="object")})
    return df


def _sources(tables: Mapping) -> pd.DataFrame:
    df = _table(tables, "sources", ["article_id", "source", "source_type", "anonymous", "sentence"])
    return df[df["source"].notna()]


def _outlets(tables: Mapping) -> pd.Series:
    """article_id -> outlet, a missing outlet shown as UNKNOWN_OUTLET."""
    arts = _table(tables, "articles", ["article_id", "outlet"])
    outlet = arts["outlet"].astype("object").where(arts["outlet"].notna(), UNKNOWN_OUTLET)
    outlet = outlet.map(lambda o: o if isinstance(o, str) and o.strip() else UNKNOWN_OUTLET)
    return pd.Series(outlet.values, index=arts["article_id"].values)


def citations(tables: Mapping) -> pd.DataFrame:
    """Sources by citing articles: ``source, source_type, citations, articles``.

    ``citations`` counts attributions, ``articles`` the distinct articles citing the source;
    sorted by articles (desc), citations (desc), source (asc). A source typed differently
    in different rows gets its most frequent type (ties: alphabetical).
    """
    src = _sources(tables)
    if src.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("citations", "articles") else "object")
                             for c in _CITATION_COLUMNS})
    types = (src.assign(source_type=src["source_type"].fillna("generic"))
             .groupby(["source", "source_type"]).size().reset_index(name="n")
             .sort_values(["source", "n", "source_type"], ascending=[True, False, True])
             .drop_duplicates("source").set_index("source")["source_type"])
    out = (src.groupby("source")
           .agg(citations=("article_id", "size"), articles=("article_id", "nunique"))
           .reset_index())
    out["source_type"] = out["source"].map(types)
    out = out.sort_values(["articles", "citations", "source"], ascending=[False, False, True])
    out[["citations", "articles"]] = out[["citations", "articles"]].astype("int64")
    return out[_CITATION_COLUMNS].reset_index(drop=True)


def outlet_source_matrix(tables: Mapping) -> pd.DataFrame:
    """Citation counts, outlets (index, named ``outlet``) x canonical sources (columns).

    Articles without a known outlet are grouped as ``"(unknown outlet)"``. Columns are
    ordered by total citations (desc), then name; rows by outlet name.
    """
    src = _sources(tables)
    if src.empty:
        return pd.DataFrame(index=pd.Index([], name="outlet"), dtype="int64")
    outlet = _outlets(tables)
    rows = src.assign(outlet=src["article_id"].map(outlet).fillna(UNKNOWN_OUTLET))
    matrix = pd.crosstab(rows["outlet"], rows["source"])
    totals = matrix.sum().reset_index(name="n").sort_values(["n", "source"], ascending=[False, True])
    matrix = matrix[list(totals["source"])].sort_index()
    matrix.columns.name = None
    matrix.index.name = "outlet"
    return matrix.astype("int64")


def type_shares(tables: Mapping) -> pd.DataFrame:
    """Citations per source type: ``source_type, citations, share`` (shares sum to 1)."""
    src = _sources(tables)
    if src.empty:
        return pd.DataFrame({"source_type": pd.Series(dtype="object"),
                             "citations": pd.Series(dtype="int64"),
                             "share": pd.Series(dtype="float64")})
    out = (src["source_type"].fillna("generic").value_counts()
           .rename_axis("source_type").reset_index(name="citations"))
    out = out.sort_values(["citations", "source_type"], ascending=[False, True]).reset_index(drop=True)
    out["citations"] = out["citations"].astype("int64")
    out["share"] = out["citations"] / out["citations"].sum()
    return out[_TYPE_COLUMNS]


def anonymous_share(tables: Mapping) -> float:
    """Share (0..1) of citations whose source is unnamed; NaN when there are none."""
    src = _sources(tables)
    if src.empty:
        return math.nan
    anon = src["anonymous"].astype("boolean").fillna(False)
    return float(anon.sum()) / len(anon)


def articles_per_outlet(tables: Mapping, freq: str = "M") -> pd.DataFrame:
    """Articles per outlet per publication period: ``period, outlet, articles``.

    ``freq`` is a pandas period alias: D, W, M, Q or Y. An article is placed only when its
    publication date is precise enough for the period (a month-only date has no day or
    week); undated and too coarse articles are left out and counted in
    ``result.attrs["unplaced"]`` (never guessed into a period).
    """
    key = str(freq).upper()
    if key not in _FREQS:
        raise ParameterError(allowed(freq, list(_FREQS), "articles_per_outlet freq"))
    arts = _table(tables, "articles", ["article_id", "outlet", "published", "published_precision"])
    need = _RANK[_FREQS[key]]
    outlet = _outlets(tables)
    placed = []
    unplaced = 0
    periods: dict[str, str | None] = {}      # each distinct date string parsed once
    for aid, pub, prec in zip(arts["article_id"], arts["published"], arts["published_precision"]):
        if not isinstance(pub, str) or not pub:
            unplaced += 1
            continue
        prec = prec if isinstance(prec, str) else {4: "year", 7: "month"}.get(len(pub), "day")
        if pub not in periods:
            ts = pd.to_datetime(pub, errors="coerce")
            periods[pub] = None if pd.isna(ts) else str(ts.to_period("Y" if key == "A" else key))
        period = periods[pub]
        if period is None or _RANK.get(prec, 0) < need:
            unplaced += 1
            continue
        placed.append((period, outlet.get(aid, UNKNOWN_OUTLET)))
    if not placed:
        out = pd.DataFrame({"period": pd.Series(dtype="object"), "outlet": pd.Series(dtype="object"),
                            "articles": pd.Series(dtype="int64")})
    else:
        out = (pd.DataFrame(placed, columns=["period", "outlet"])
               .groupby(["period", "outlet"]).size().reset_index(name="articles")
               .sort_values(["period", "outlet"]).reset_index(drop=True))
        out["articles"] = out["articles"].astype("int64")
    out.attrs["unplaced"] = unplaced
    return out[_APO_COLUMNS]


def sources_per_claim(tables: Mapping) -> pd.DataFrame:
    """For each casualty claim, the sources behind it.

    ``mention_id, article_id, sentence, outcome, count_low, attributed_to, sources,
    n_sources``: ``sources`` lists (sorted) the canonical sources cited in the claim's
    sentence together with its ``attributed_to``; ``n_sources`` counts them (0 = an
    unattributed claim).
    """
    cas = _table(tables, "casualties", ["mention_id", "article_id", "sentence", "outcome",
                                        "count_low", "attributed_to"])
    if cas.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "n_sources" else "object")
                             for c in _CLAIM_COLUMNS})
    src = _sources(tables)
    by_sentence: dict[tuple, set] = {}
    for aid, sent, name in zip(src["article_id"], src["sentence"], src["source"]):
        by_sentence.setdefault((aid, sent), set()).add(name)
    lists = []
    for aid, sent, attr in zip(cas["article_id"], cas["sentence"], cas["attributed_to"]):
        names = set(by_sentence.get((aid, sent), ()))
        if isinstance(attr, str) and attr:
            names.add(attr)
        lists.append(sorted(names))
    out = cas[_CLAIM_COLUMNS[:-2]].copy().reset_index(drop=True)
    out["sources"] = lists
    out["n_sources"] = pd.Series([len(x) for x in lists], dtype="int64")
    return out[_CLAIM_COLUMNS]
