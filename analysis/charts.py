"""Charts and page blocks for the notebooks: plotly figures that work offline, escaped HTML.

Everything shown on a briefing page goes through :class:`Page`:

- ``Page.figure(fig, name, data)`` displays a plotly chart as an HTML ``<div>`` (plotly.js
  itself is embedded once per page by the nbconvert template ``analysis/templates/briefing``)
  beside a plotly mime bundle (so JupyterLab draws it interactively), and writes the
  figure's data as ``<data_dir>/<notebook>-<name>.csv`` with a link to it;
- ``Page.table(df, name)`` shows a plain HTML table (``to_html(escape=True)``: readable with
  JavaScript off) and writes it as CSV;
- ``Page.headline(items)`` shows the headline numbers as plain HTML text;
- ``Page.prose(text)`` shows a paragraph, escaped.

Text from the corpus is untrusted: labels, hover text and titles are escaped with
``html.escape`` before they reach a figure (plotly.js shows entities as the characters).

Maps never use plotly's CDN base map or tiles: country outlines from the vendored
TopoJSON (``analysis/data/geo/countries-50m.json``, world-atlas, ISC licence) are drawn
as line traces on a ``scattergeo`` with every built-in base-map layer switched off.
"""
from __future__ import annotations

import html
import json
import math
import numbers
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

GEO_PATH = Path(__file__).resolve().parent / "data" / "geo" / "countries-50m.json"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
DEFAULT_VIEW = (33.0, 45.0, 29.0, 39.0)   # lon_min, lon_max, lat_min, lat_max: the Levant
PALETTE = ["#b2182b", "#2166ac", "#4d9221", "#e08214", "#762a83", "#35978f", "#8c510a", "#999999"]


def _file_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def _briefing_renderer():
    from plotly.io._base_renderers import PlotlyRenderer

    class BriefingRenderer(PlotlyRenderer):
        """The plotly mime bundle (JupyterLab draws it) plus an HTML div without plotly.js
        (nbconvert keeps it; the briefing template embeds plotly.js once per page)."""

        def to_mimebundle(self, fig_dict):
            bundle = super().to_mimebundle(fig_dict)
            bundle["text/html"] = pio.to_html(fig_dict, include_plotlyjs=False, full_html=False,
                                              validate=False, config={"displaylogo": False})
            return bundle

    return BriefingRenderer()


def setup() -> None:
    """Plotly defaults for the notebooks: a plain template and a ``briefing`` renderer.

    The kernel's default renderer would lose charts in nbconvert's HTML and
    ``notebook_connected`` loads plotly.js from a CDN, so ``fig.show()`` uses the
    ``briefing`` renderer (mime bundle + HTML div). Pages use ``Page.figure`` (same output,
    plus the CSV of the data).
    """
    pio.templates.default = "plotly_white"
    if "briefing" not in pio.renderers:
        pio.renderers["briefing"] = _briefing_renderer()
    pio.renderers.default = "briefing"


def esc(value) -> str:
    """Escaped text for HTML and plotly labels ('' for missing values)."""
    if value is None or (not isinstance(value, (list, tuple, str)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def esc_frame(df: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """A copy of ``df`` with the text ``columns`` (default: every object/string one) escaped."""
    out = df.copy()
    cols = list(columns) if columns is not None else [
        c for c in out.columns if out[c].dtype == object or pd.api.types.is_string_dtype(out[c])]
    for c in cols:
        out[c] = [esc(v) for v in out[c]]
    return out


# ---------------------------------------------------------------- page blocks

def _display(bundle: dict) -> None:
    from IPython.display import display
    display(bundle, raw=True)


def _html(markup: str) -> None:
    _display({"text/html": markup, "text/plain": ""})


class Page:
    """The blocks of one notebook's page; CSVs go to ``data_dir`` (empty: none written)."""

    def __init__(self, notebook: str, data_dir: str = "") -> None:
        self.notebook = notebook
        self.data_dir = data_dir
        self.figures: list[str] = []

    # -- data files
    def _write_csv(self, name: str, data: pd.DataFrame | None) -> str:
        """Write ``data`` as CSV; return the link markup ('' when not written)."""
        if data is None or not self.data_dir:
            return ""
        folder = Path(self.data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        fname = f"{self.notebook}-{name}.csv"
        frame = data.copy()
        for c in frame.columns:   # list columns as JSON text, like the tables command
            if frame[c].dtype == object and any(isinstance(v, (list, tuple)) for v in frame[c]):
                frame[c] = [json.dumps(list(v), ensure_ascii=False) if isinstance(v, (list, tuple)) else v
                            for v in frame[c]]
        fd, tmp = tempfile.mkstemp(prefix=f".{fname}.", dir=folder)
        os.close(fd)
        try:
            frame.to_csv(tmp, index=False, lineterminator="\n")
            os.chmod(tmp, _FILE_MODE)
            os.replace(tmp, folder / fname)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return (f'<p class="csv-link"><a href="data/{esc(fname)}" download>'
                f'Data of this {{what}} (CSV)</a></p>')

    # -- blocks
    def heading(self, text: str, level: int = 2) -> None:
        _html(f"<h{level}>{esc(text)}</h{level}>")

    def prose(self, text: str) -> None:
        """A paragraph of escaped text."""
        _html(f'<p class="prose">{esc(text)}</p>')

    def bullets(self, items: Sequence[str]) -> None:
        if items:
            _html("<ul class=\"prose\">" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")

    def headline(self, items: Sequence[tuple[str, object]], name: str = "headline") -> None:
        """Headline numbers as plain HTML text, and their CSV."""
        data = pd.DataFrame([(k, v) for k, v in items], columns=["figure", "value"])
        link = self._write_csv(name, data).replace("{what}", "summary")
        cells = "".join(f'<div class="headline-item"><div class="headline-label">{esc(k)}</div>'
                        f'<div class="headline-value">{esc(_fmt(v))}</div></div>' for k, v in items)
        _html(f'<div class="headline" id="{esc(self.notebook)}-{esc(name)}">{cells}</div>{link}')

    def table(self, df: pd.DataFrame, name: str, caption: str = "", max_rows: int | None = 50,
              empty: str = "Nothing to show for this selection.", show: Sequence[str] | None = None) -> None:
        """A plain, escaped HTML table (first ``max_rows`` rows, the ``show`` columns) and the
        whole table as CSV."""
        link = self._write_csv(name, df).replace("{what}", "table")
        if show is not None and df is not None:
            df = df[[c for c in show if c in df.columns]]
        cap = f"<p class=\"caption\">{esc(caption)}</p>" if caption else ""
        if df is None or df.empty:
            _html(f'{cap}<p class="empty">{esc(empty)}</p>{link}')
            return
        shown = df.head(max_rows) if max_rows else df
        # every cell and header is escaped here (hence escape=False below); short unbroken
        # values (dates, ids, numbers) are kept on one line
        shown = shown.astype(object).where(shown.notna(), None).map(_cell_html)
        shown.columns = [esc(c) for c in shown.columns]
        body = shown.to_html(index=False, escape=False, na_rep="–", border=0, classes="briefing-table")
        more = (f'<p class="more">Showing {len(shown):,} of {len(df):,} rows; the CSV has all.</p>'
                if len(shown) < len(df) else "")
        _html(f'{cap}<div class="table-wrap">{body}</div>{more}{link}')

    def figure(self, fig: go.Figure, name: str, data: pd.DataFrame | None = None,
               empty: str = "No data for this chart in this selection.") -> None:
        """A plotly chart (HTML div + mime bundle) and its data as CSV."""
        link = self._write_csv(name, data).replace("{what}", "chart")
        if data is not None and data.empty:
            _html(f'<p class="empty">{esc(empty)}</p>{link}')
            return
        div_id = f"{self.notebook}-{name}"
        m = fig.layout.margin
        fig.update_layout(margin=dict(l=m.l if m.l is not None else 60, r=m.r if m.r is not None else 30,
                                      t=m.t if m.t is not None else 60, b=m.b if m.b is not None else 50),
                          font=dict(size=13))
        div = fig.to_html(include_plotlyjs=False, full_html=False, div_id=div_id,
                          default_width="100%", default_height=f"{int(fig.layout.height or 420)}px",
                          config={"displaylogo": False, "responsive": True})
        noscript = ("<noscript><p class=\"empty\">This chart needs JavaScript; its data is in the CSV "
                    "linked below.</p></noscript>")
        self.figures.append(div_id)
        _display({PLOTLY_MIME: json.loads(fig.to_json()),
                  "text/html": f'<div class="figure">{div}{noscript}{link}</div>',
                  "text/plain": f"<figure {div_id}>"})


def _cell(v):
    """A table cell's text: lists joined, missing values as '–', numbers with separators."""
    if isinstance(v, (list, tuple)) or hasattr(v, "tolist") and not isinstance(v, str):
        v = v.tolist() if hasattr(v, "tolist") else v
        return ", ".join(str(x) for x in v) if isinstance(v, list) else _fmt(v)
    return _fmt(v)


def _cell_html(v) -> str:
    """Escaped cell markup; a short value without spaces never wraps (2020-05-06)."""
    text = _cell(v)
    if len(text) <= 24 and " " not in text:
        return f'<span class="nw">{esc(text)}</span>'
    return esc(text)


def _fmt(v) -> str:
    """Display text of one value: 12,345 (separators from 10,000; years stay 2020), 1.5, yes/no, '–'."""
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, numbers.Integral):
        return f"{int(v):,}" if abs(int(v)) >= 10_000 else str(int(v))
    if isinstance(v, numbers.Real):
        if math.isnan(float(v)):
            return "–"
        r = round(float(v), 1)
        return _fmt(int(r)) if r.is_integer() else (f"{r:,.1f}" if abs(r) >= 10_000 else f"{r:.1f}")
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "–"
    return str(v)


# ---------------------------------------------------------------- figure builders

def _layout(fig: go.Figure, title: str, **kw) -> go.Figure:
    fig.update_layout(title=dict(text=esc(title), x=0), legend=dict(orientation="h", y=-0.2), **kw)
    return fig


def over_time(df: pd.DataFrame, x: str, bars: str, line: str | None = None, *, title: str,
              bar_name: str = "", line_name: str = "") -> go.Figure:
    """Bars of ``bars`` per ``x`` (e.g. killed per month), optional line ``line`` on a 2nd axis."""
    # dated periods in order, undated ones ("(unknown)") last
    df = df.assign(_undated=[not str(v)[:4].isdigit() for v in df[x]]).sort_values(
        ["_undated", x], kind="stable").drop(columns="_undated")
    fig = go.Figure()
    fig.add_bar(x=[esc(v) for v in df[x]], y=df[bars], name=esc(bar_name or bars), marker_color=PALETTE[0])
    if line:
        fig.add_scatter(x=[esc(v) for v in df[x]], y=df[line], name=esc(line_name or line), yaxis="y2",
                        mode="lines+markers", line=dict(color=PALETTE[1]))
        fig.update_layout(yaxis2=dict(overlaying="y", side="right", title=esc(line_name or line),
                                      rangemode="tozero", showgrid=False))
    fig.update_xaxes(type="category")
    return _layout(fig, title, yaxis=dict(title=esc(bar_name or bars), rangemode="tozero"))


def bars(df: pd.DataFrame, x: str, ys: Sequence[str], *, title: str, names: Sequence[str] | None = None,
         horizontal: bool = False, barmode: str = "group") -> go.Figure:
    """Grouped bars: one series per column in ``ys`` over the categories in ``x``."""
    fig = go.Figure()
    cats = [esc(v) for v in df[x]]
    for i, y in enumerate(ys):
        name = esc((names or ys)[i])
        if horizontal:
            fig.add_bar(y=cats, x=df[y], name=name, orientation="h", marker_color=PALETTE[i % len(PALETTE)])
        else:
            fig.add_bar(x=cats, y=df[y], name=name, marker_color=PALETTE[i % len(PALETTE)])
    if horizontal:
        fig.update_yaxes(autorange="reversed", type="category")
        fig.update_layout(height=max(320, 28 * len(cats) + 140))
    else:
        fig.update_xaxes(type="category")
    return _layout(fig, title, barmode=barmode, showlegend=len(ys) > 1)


def heatmap(matrix: pd.DataFrame, *, title: str, colorbar: str = "") -> go.Figure:
    """A heat map of a numeric matrix (rows x columns), labels escaped."""
    fig = go.Figure(go.Heatmap(z=matrix.values.tolist(), x=[esc(c) for c in matrix.columns],
                               y=[esc(i) for i in matrix.index], colorscale="Blues",
                               colorbar=dict(title=esc(colorbar)),
                               hovertemplate="%{y} · %{x}: %{z}<extra></extra>"))
    longest = max((len(str(c)) for c in matrix.columns), default=0)
    fig.update_layout(height=max(320, 30 * len(matrix.index) + 200 + 5 * min(longest, 40)),
                      margin=dict(b=40 + 6 * min(longest, 40)))
    fig.update_xaxes(type="category", tickangle=-35, automargin=True)
    fig.update_yaxes(type="category", autorange="reversed")
    return _layout(fig, title)


def stacked(df: pd.DataFrame, x: str, y: str, color: str, *, title: str, y_title: str = "",
            max_groups: int = 8, other: str = "(others)") -> go.Figure:
    """Stacked bars of ``y`` per ``x``, one colour per ``color`` group (e.g. articles per outlet);
    beyond the ``max_groups`` largest groups the rest are added up as ``other``."""
    if df[color].nunique() > max_groups:
        keep = set(df.groupby(color)[y].sum().sort_values(ascending=False).head(max_groups - 1).index)
        df = df.assign(**{color: [g if g in keep else other for g in df[color]]})
        df = df.groupby([x, color], as_index=False)[y].sum()
    fig = go.Figure()
    cats = sorted({esc(v) for v in df[x]})
    for i, (group, g) in enumerate(df.groupby(color, sort=True)):
        fig.add_bar(x=[esc(v) for v in g[x]], y=g[y], name=esc(group), marker_color=PALETTE[i % len(PALETTE)])
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=cats)
    return _layout(fig, title, barmode="stack", yaxis=dict(title=esc(y_title or y), rangemode="tozero"))


BOX_POINTS = 2000     # beyond this many values a box chart is drawn from its summary only


def box(df: pd.DataFrame, x: str, y: str, *, title: str, y_title: str = "",
        max_points: int = BOX_POINTS) -> go.Figure:
    """Distribution of ``y`` per category ``x``: a box with every point shown; beyond
    ``max_points`` values, each box is drawn from its quartiles, whiskers (the furthest
    value within 1.5 × IQR) and mean only, so the page does not carry every value (the
    title says so; the CSV has them all)."""
    fig = go.Figure()
    summary = len(df) > max_points
    for i, (cat, g) in enumerate(df.groupby(x, sort=True)):
        color = PALETTE[i % len(PALETTE)]
        if not summary:
            fig.add_box(y=g[y], name=esc(cat), boxpoints="all", jitter=0.3, pointpos=0, marker_color=color)
            continue
        v = pd.to_numeric(g[y], errors="coerce").dropna().astype(float)
        if v.empty:
            continue
        q1, med, q3 = (float(q) for q in v.quantile([0.25, 0.5, 0.75]))
        iqr = q3 - q1
        lo = float(v[v >= q1 - 1.5 * iqr].min())
        hi = float(v[v <= q3 + 1.5 * iqr].max())
        fig.add_box(x=[esc(cat)], q1=[q1], median=[med], q3=[q3], lowerfence=[lo], upperfence=[hi],
                    mean=[float(v.mean())], name=esc(cat), marker_color=color, boxpoints=False)
    if summary:
        title = f"{title} (summary of {len(df):,} values; the CSV has each)"
    return _layout(fig, title, showlegend=False, yaxis=dict(title=esc(y_title or y), rangemode="tozero"))


def lines(df: pd.DataFrame, x: str, y: str, color: str, *, title: str, y_title: str = "") -> go.Figure:
    """One line per ``color`` group of ``y`` over ``x``."""
    fig = go.Figure()
    for i, (cat, g) in enumerate(df.groupby(color, sort=True)):
        fig.add_scatter(x=[esc(v) for v in g[x]], y=g[y], name=esc(cat), mode="lines+markers",
                        line=dict(color=PALETTE[i % len(PALETTE)]))
    fig.update_xaxes(type="category", categoryorder="category ascending")
    return _layout(fig, title, yaxis=dict(title=esc(y_title or y), rangemode="tozero"))


def timeline(events: pd.DataFrame, articles: pd.DataFrame, *, title: str, max_articles: int = 60) -> go.Figure:
    """Publication vs event dates: one row per article; a diamond at publication, a dot
    (or a bar for a period) at each event date it mentions. Beyond ``max_articles``, the
    most recently published are drawn (the title says so; the CSV has all).

    ``events``: article_id, event_low, event_high, text; ``articles``: article_id, label, published.
    """
    if len(articles) > max_articles:
        order = articles.assign(_p=articles["published"].fillna("")).sort_values("_p", ascending=False,
                                                                                 kind="stable")
        articles = order.head(max_articles).drop(columns="_p")
        title = f"{title} (latest {max_articles:,} of {len(order):,} articles)"
        events = events[events["article_id"].isin(set(articles["article_id"]))]
    fig = go.Figure()
    labels = {a: esc(lbl) for a, lbl in zip(articles["article_id"], articles["label"])}
    ex, ey, et = [], [], []
    px, py = [], []
    for r in events.itertuples(index=False):
        y = labels.get(r.article_id, esc(r.article_id))
        ex += [r.event_low, r.event_high, None]
        ey += [y, y, None]
        et += [esc(r.text)] * 2 + [None]
    if ex:
        fig.add_scatter(x=ex, y=ey, mode="lines+markers", name="event dates mentioned",
                        text=et, hovertemplate="%{text}: %{x}<extra></extra>",
                        line=dict(color=PALETTE[1], width=6), marker=dict(size=8, color=PALETTE[1]))
    for r in articles.itertuples(index=False):
        if isinstance(r.published, str) and r.published:
            px.append(r.published)
            py.append(labels[r.article_id])
    if px:
        fig.add_scatter(x=px, y=py, mode="markers", name="published",
                        marker=dict(symbol="diamond", size=12, color=PALETTE[0]),
                        hovertemplate="published %{x}<extra></extra>")
    fig.update_xaxes(type="date")
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_layout(height=max(320, 34 * len(articles) + 180))
    return _layout(fig, title)


# ---------------------------------------------------------------- map

@lru_cache(maxsize=2)
def _arcs(path: str = str(GEO_PATH)) -> tuple[list[list[tuple[float, float]]], list[tuple[float, float, float, float]]]:
    """Decoded TopoJSON arcs (lon/lat points) and their bounding boxes."""
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs, boxes = [], []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        arcs.append(pts)
        lons = [p[0] for p in pts]
        lats = [p[1] for p in pts]
        boxes.append((min(lons), max(lons), min(lats), max(lats)))
    return arcs, boxes


def outlines(view: tuple[float, float, float, float]) -> tuple[list, list]:
    """Country outline lines (lon, lat lists with None breaks) crossing ``view``."""
    lo0, lo1, la0, la1 = view
    arcs, boxes = _arcs()
    lon, lat = [], []
    for pts, (a, b, c, d) in zip(arcs, boxes):
        if b < lo0 or a > lo1 or d < la0 or c > la1:
            continue
        lon += [p[0] for p in pts] + [None]
        lat += [p[1] for p in pts] + [None]
    return lon, lat


def _view(lons: Sequence[float], lats: Sequence[float]) -> tuple[float, float, float, float]:
    if not lons:
        return DEFAULT_VIEW
    lo0, lo1, la0, la1 = min(lons), max(lons), min(lats), max(lats)
    cx, cy = (lo0 + lo1) / 2, (la0 + la1) / 2
    h = max(la1 - la0 + 4, 8.0)
    w = max(lo1 - lo0 + 4, 1.8 * h)      # a wide view fills the page's width
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def place_map(points: pd.DataFrame, *, title: str, size: str = "killed", label: str = "place",
              hover: Sequence[str] = ()) -> go.Figure:
    """Circles sized by ``size`` at each point (columns latitude, longitude, ``label``) over
    country outlines drawn as lines; no base map is fetched."""
    pts = points.dropna(subset=["latitude", "longitude"])
    view = _view(list(pts["longitude"]), list(pts["latitude"]))
    lon, lat = outlines(view)
    fig = go.Figure()
    fig.add_trace(go.Scattergeo(lon=lon, lat=lat, mode="lines", name="country outlines",
                                line=dict(width=0.8, color="#777777"), hoverinfo="skip",
                                showlegend=False))
    if len(pts):
        vals = pd.to_numeric(pts[size], errors="coerce").fillna(0)
        top = max(float(vals.max()), 1.0)
        sizes = [8 + 40 * math.sqrt(max(float(v), 0.0) / top) for v in vals]
        text = []
        for _, r in pts.iterrows():
            bits = [f"<b>{esc(r[label])}</b>"] + [f"{esc(h)}: {esc(_fmt(r[h]))}" for h in hover]
            text.append("<br>".join(bits))
        fig.add_trace(go.Scattergeo(lon=pts["longitude"], lat=pts["latitude"], mode="markers+text",
                                    text=[esc(v) for v in pts[label]], textposition="top center",
                                    hovertext=text, hoverinfo="text", name=esc(size),
                                    marker=dict(size=sizes, color=PALETTE[0], opacity=0.7,
                                                line=dict(width=1, color="#ffffff")),
                                    showlegend=False))
    fig.update_geos(
        visible=False, showland=False, showocean=False, showlakes=False, showrivers=False,
        showcountries=False, showcoastlines=False, showsubunits=False, showframe=True,
        projection_type="mercator", resolution=50,
        lonaxis_range=[view[0], view[1]], lataxis_range=[view[2], view[3]],
    )
    fig.update_layout(height=520)
    return _layout(fig, title)


# ---------------------------------------------------------------- preparing data for display

def span(low, high=None) -> str:
    """A count or a min–max range as text ('82', '82–90', '–' when unknown); ints only."""
    def num(v):
        if v is None or (not isinstance(v, (int, float)) and pd.isna(v)):
            return None
        try:
            return int(round(float(v)))
        except (TypeError, ValueError):
            return None
    lo, hi = num(low), num(high)
    if lo is None:
        return "–"
    if hi is None or hi <= lo:
        return f"{lo:,}"
    return f"{lo:,}–{hi:,}"


def percent(share, digits: int = 0) -> str:
    """A share 0..1 as a rounded percentage ('37%'); '–' when unknown."""
    if share is None or (not isinstance(share, (int, float))) or math.isnan(float(share)):
        return "–"
    return f"{round(float(share) * 100, digits):.{digits}f}%"


def rounded(value, digits: int = 1):
    """``value`` rounded for display (None stays None)."""
    if value is None or pd.isna(value):
        return None
    r = round(float(value), digits)
    return int(r) if r.is_integer() else r


def with_coordinates(df: pd.DataFrame, places: pd.DataFrame, column: str | None = None) -> pd.DataFrame:
    """``df`` (one row per place, in ``column``, default the first of location/place) with
    latitude and longitude from the places table, else ``analysis.places.get``."""
    out = df.copy()
    col = column or next((c for c in ("location", "place") if c in out.columns), out.columns[0])
    if col != "location":
        out["location"] = out[col]
    coords = {}
    if places is not None and len(places):
        coords = {p: (la, lo) for p, la, lo in zip(places["place"], places["latitude"], places["longitude"])
                  if not (pd.isna(la) or pd.isna(lo))}
    lats, lons = [], []
    for name in out["location"]:
        la = lo = None
        if isinstance(name, str):
            if name in coords:
                la, lo = coords[name]
            elif not (name.startswith("(") and name.endswith(")")):   # "(unknown)": no gazetteer load
                la, lo = _gazetteer(name)
        lats.append(la)
        lons.append(lo)
    out["latitude"] = pd.array(lats, dtype="Float64")
    out["longitude"] = pd.array(lons, dtype="Float64")
    return out


def _gazetteer(name: str) -> tuple[float | None, float | None]:
    try:
        from analysis import places
        get = getattr(places, "get", None)
        rec = get(name) if get else None
    except Exception:   # an unknown place is shown in the table, just not on the map
        return None, None
    if rec is None:
        return None, None
    if isinstance(rec, dict):
        return rec.get("latitude"), rec.get("longitude")
    return getattr(rec, "latitude", None), getattr(rec, "longitude", None)


def top_columns(matrix: pd.DataFrame, n: int, rows: int = 30) -> pd.DataFrame:
    """The ``n`` columns and ``rows`` rows with the largest totals (a readable heat map)."""
    if matrix.empty:
        return matrix
    num = matrix.select_dtypes("number")
    keep = num.sum().sort_values(ascending=False, kind="stable").head(n).index
    keep_rows = num.sum(axis=1).sort_values(ascending=False, kind="stable").head(rows).index
    return num.loc[[r for r in num.index if r in set(keep_rows)], keep]


def article_labels(arts: pd.DataFrame, width: int = 48) -> pd.DataFrame:
    """article_id, label ('outlet: title…', unescaped; escaped when drawn), published."""
    labels = []
    for a, t, o in zip(arts["article_id"], arts["title"], arts["outlet"]):
        t = t if isinstance(t, str) and t.strip() else a
        t = t if len(t) <= width else t[: width - 1] + "…"
        labels.append(f"{o}: {t}" if isinstance(o, str) else t)
    # identical labels would merge rows on a category axis: make them unique
    seen: dict[str, int] = {}
    for i, lbl in enumerate(labels):
        seen[lbl] = seen.get(lbl, 0) + 1
        if seen[lbl] > 1:
            labels[i] = f"{lbl} ({seen[lbl]})"
    return pd.DataFrame({"article_id": arts["article_id"], "label": labels, "published": arts["published"]})


def evidence_columns(rows: pd.DataFrame, articles: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``rows`` (an extracted table) reduced to ``columns`` + its evidence: sentence, article, outlet."""
    cols = [c for c in columns if c in rows.columns]
    out = rows[["article_id", *cols, "sentence"]].merge(
        articles[["article_id", "outlet", "title"]], on="article_id", how="left")
    return out[["article_id", "outlet", *cols, "sentence"]]


def plural(n, word: str, words: str | None = None) -> str:
    """'1 incident', '6 incidents' (``words`` for irregular plurals); thousands separated."""
    n = int(n)
    return f"{n:,} {word if n == 1 else (words or word + 's')}"
