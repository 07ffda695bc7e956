"""analysis.select, analysis.spread and analysis.charts on tiny hand-made tables."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import charts, select, spread
from analysis.errors import ParameterError
from analysis.params import validate
from analysis.pipeline import Tables
from analysis.schema import TABLE_NAMES, frame


def make_tables() -> Tables:
    arts = [
        dict(article_id="a#1", path="a", title="One", outlet="Alpha", published="2020-05-06",
             published_precision="day", published_source="metadata", text="x"),
        dict(article_id="b#1", path="b", title="Two", outlet="Beta", published="2020-07",
             published_precision="month", published_source="header", text="x"),
        dict(article_id="c#1", path="c", title="Three", outlet=None, published=None, published_source="missing",
             text="x"),
        dict(article_id="d#1", path="d", title="Four", outlet="Alpha", published="2020-05-20",
             published_precision="day", published_source="inferred", text="x"),
    ]
    cas = [
        dict(mention_id="a#1:c1", article_id="a#1", outcome="killed", count_low=4, location="Sayyidah Zaynab",
             date_low="2020-05-04", date_high="2020-05-04", hedged=False, aggregate=False),
        dict(mention_id="b#1:c1", article_id="b#1", outcome="killed", count_low=4, location="Sayyidah Zaynab",
             date_low="2020-05-04", date_high="2020-05-04", hedged=True, aggregate=False),
        dict(mention_id="c#1:c1", article_id="c#1", outcome="killed", count_low=9, location="Palmyra",
             date_low=None, date_high=None, hedged=False, aggregate=False),
    ]
    inc = [
        dict(incident_id="i1", location="Sayyidah Zaynab", date_low="2020-05-04", date_high="2020-05-04",
             killed_min=4, killed_max=4, mention_ids=["a#1:c1", "b#1:c1"]),
        dict(incident_id="i2", location="Palmyra", mention_ids=["c#1:c1"], killed_min=9),
    ]
    dates = [
        dict(date_id="a#1:d1", article_id="a#1", text="Monday", kind="relative", value_low="2020-05-04",
             value_high="2020-05-04"),
        dict(date_id="a#1:d2", article_id="a#1", text="in April", kind="partial", value_low="2020-04-01",
             value_high="2020-04-30"),
        dict(date_id="a#1:d3", article_id="a#1", text="next week", kind="relative", value_low="2020-05-11",
             value_high="2020-05-17"),
        dict(date_id="a#1:d4", article_id="a#1", text="two weeks", kind="duration", value_low=None),
        dict(date_id="d#1:d1", article_id="d#1", text="May 18", kind="absolute", value_low="2020-05-18",
             value_high="2020-05-18"),
    ]
    places = [dict(place="Damascus", latitude=33.51, longitude=36.29, country="Syria"),
              dict(place="Sayyidah Zaynab", latitude=33.44, longitude=36.34, parent="Damascus", country="Syria"),
              dict(place="Palmyra", latitude=34.56, longitude=38.28, admin1="Homs Governorate", country="Syria")]
    rows = dict(articles=arts, casualties=cas, incidents=inc, dates=dates, places=places, sources=[], ingest_log=[])
    return Tables((n, frame(n, rows[n])) for n in TABLE_NAMES)


@pytest.mark.parametrize("params, articles, mentions, places", [
    ({}, ["a#1", "b#1", "c#1", "d#1"], ["a#1:c1", "b#1:c1", "c#1:c1"], ["Palmyra", "Sayyidah Zaynab"]),
    ({"outlets": "alpha"}, ["a#1", "d#1"], ["a#1:c1"], ["Sayyidah Zaynab"]),          # case-insensitive
    ({"start": "2020-07-01"}, ["b#1"], [], []),                                       # event dated May: out
    ({"start": "2020-05", "end": "2020-05"}, ["a#1", "b#1", "d#1"], ["a#1:c1", "b#1:c1"],
     ["Sayyidah Zaynab"]),            # b#1 (published July) reports a May event; undated c#1 left out
    ({"start": "2020"}, ["a#1", "b#1", "d#1"], ["a#1:c1", "b#1:c1"], ["Sayyidah Zaynab"]),  # month precision
    ({"places": "Damascus"}, ["a#1", "b#1", "c#1", "d#1"], ["a#1:c1", "b#1:c1"], ["Sayyidah Zaynab"]),  # child
    ({"places": "Palmyra"}, ["a#1", "b#1", "c#1", "d#1"], ["c#1:c1"], ["Palmyra"]),
    ({"places": "syria"}, ["a#1", "b#1", "c#1", "d#1"], ["a#1:c1", "b#1:c1", "c#1:c1"],
     ["Palmyra", "Sayyidah Zaynab"]),                                                 # country
    ({"places": "Homs Governorate"}, ["a#1", "b#1", "c#1", "d#1"], ["c#1:c1"], ["Palmyra"]),   # admin1
    ({"start": "1990", "end": "1990"}, [], [], []),
])
def test_select_apply(params, articles, mentions, places):
    t = select.apply(make_tables(), validate(**params))
    assert list(t["articles"]["article_id"]) == articles
    assert list(t["casualties"]["mention_id"]) == mentions
    assert sorted(t["incidents"]["location"]) == places
    kept = {m for ms in t["incidents"]["mention_ids"] for m in ms}
    assert kept <= set(mentions)             # incidents merged from the kept claims only


@pytest.mark.parametrize("params, needle", [
    ({"places": "Atlantis"}, "places: 'Atlantis' is not in the corpus; use one of 'Damascus', 'Homs Governorate', 'Palmyra', 'Sayyidah Zaynab', 'Syria'"),
    ({"outlets": "Gamma"}, "outlets: 'Gamma' is not in the corpus; use one of 'Alpha', 'Beta'"),
])
def test_select_unknown_names(params, needle):
    with pytest.raises(ParameterError) as err:
        select.apply(make_tables(), validate(**params))
    assert needle in str(err.value)


def test_describe_and_excluded_undated():
    t = make_tables()
    p = validate(start="2020-05", end="2020-05")
    sel = select.apply(t, p)
    assert select.excluded_undated(t, p, sel) == 1
    text = select.describe(t, sel, p)
    assert "3 of 4 articles" in text and "1 undated" in text


def test_load_errors(tmp_path):
    with pytest.raises(ParameterError, match="lacks"):
        select.load(tables_dir=str(tmp_path))
    with pytest.raises(ParameterError, match="is not a folder"):
        select.load(corpus=str(tmp_path / "missing"))


@pytest.mark.parametrize("iso, expected", [
    ("2020", ("2020-01-01", "2020-12-31")), ("2020-02", ("2020-02-01", "2020-02-29")),
    ("2020-05-06", ("2020-05-06", "2020-05-06")), (None, (None, None)), ("", (None, None)),
    ("garbage", (None, None)),
])
def test_period(iso, expected):
    assert select.period(iso) == expected


def test_article_spread():
    s = spread.article_spread(make_tables()).set_index("article_id")
    a = s.loc["a#1"]
    assert (a.n_event_dates, a.first_event, a.last_event, a.spread_days) == (3, "2020-04-01", "2020-05-17", 46)
    assert a.lag_days == 2            # 2020-05-06 minus 2020-05-04 (the latest event on or before it)
    assert a.flag == ""
    assert pd.isna(s.loc["b#1"].lag_days)                  # month precision: no lag
    assert s.loc["c#1"].flag == "undated" and s.loc["c#1"].outlet == spread.UNKNOWN_OUTLET
    assert s.loc["d#1"].flag == "inferred" and pd.isna(s.loc["d#1"].lag_days)   # inferred: no lag
    assert list(spread.flagged(make_tables())["article_id"]) == ["c#1", "d#1"]


def test_incident_reports_and_lag_by_outlet():
    t = make_tables()
    r = spread.incident_reports(t).set_index("incident_id")
    assert (r.loc["i1"].first_report, r.loc["i1"].last_report, r.loc["i1"].n_articles) == \
        ("2020-05-06", "2020-07-01", 2)
    assert r.loc["i1"].first_report_lag_days == 2
    assert r.loc["i2"].undated_reports == 1 and r.loc["i2"].first_report is None
    lag = spread.lag_by_outlet(t)
    assert lag.to_dict("records") == [dict(outlet="Alpha", articles=1, median_lag_days=2.0, min_lag_days=2,
                                           max_lag_days=2)]


def test_spread_on_empty_tables():
    empty = Tables((n, frame(n, [])) for n in TABLE_NAMES)
    assert spread.article_spread(empty).empty and spread.incident_reports(empty).empty
    assert spread.lag_by_outlet(empty).empty and spread.event_dates(empty).empty
    assert select.caveats(empty, spread.article_spread(empty)) == ["No casualty claims in this selection."]


@pytest.mark.parametrize("low, high, expected", [
    (82, None, "82"), (82, 82, "82"), (82, 90, "82–90"), (12345, None, "12,345"), (None, 3, "–"),
    (pd.NA, None, "–"), (4.6, None, "5"),
])
def test_span(low, high, expected):
    assert charts.span(low, high) == expected


@pytest.mark.parametrize("text, expected", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('" onmouseover="x', "&quot; onmouseover=&quot;x"),
    (None, ""), ("plain", "plain"),
])
def test_esc(text, expected):
    assert charts.esc(text) == expected


def test_map_outlines_are_lines_and_base_map_off():
    points = pd.DataFrame({"location": ["Palmyra <b>"], "latitude": [34.56], "longitude": [38.28], "killed_min": [9]})
    fig = charts.place_map(points, title="t", size="killed_min", label="location")
    outline = fig.data[0]
    assert outline.name == "country outlines" and outline.mode == "lines"
    assert sum(v is None for v in outline.lon) > 10          # many separate outline arcs
    geo = fig.layout.geo
    assert not any([geo.showland, geo.showcoastlines, geo.showcountries, geo.showocean, geo.showlakes,
                    geo.showrivers, geo.visible])
    assert fig.data[1].text == ("Palmyra &lt;b&gt;",)


@pytest.mark.parametrize("start, end, expected", [
    ("2020-05-08", "2020-05-14", ("2020-05-01", "2020-05-07")),
    ("2020-03", "2020-03", ("2020-01-30", "2020-02-29")),      # the 31 days before 1 March (leap year)
    ("", "2020-03-01", None),
])
def test_previous_window(start, end, expected):
    prev = select.previous_window(validate(start=start, end=end))
    assert (prev.start, prev.end) == expected if expected else prev is None


def test_spread_reuses_a_computed_article_spread():
    t = make_tables()
    arts = spread.article_spread(t)
    pd.testing.assert_frame_equal(spread.lag_by_outlet(t, arts), spread.lag_by_outlet(t))
    pd.testing.assert_frame_equal(spread.flagged(t, arts), spread.flagged(t))


@pytest.mark.parametrize("n, summary", [(40, False), (3000, True)])
def test_box_draws_a_summary_beyond_max_points(n, summary):
    df = pd.DataFrame({"outlet": ["A", "B"] * (n // 2),
                       "lag_days": pd.array([i % 37 for i in range(n)], dtype="Int64")})
    fig = charts.box(df, "outlet", "lag_days", title="Lag")
    assert len(fig.data) == 2
    if summary:
        assert "summary of 3,000 values" in fig.layout.title.text
        b = fig.data[0]
        assert b.y is None and b.boxpoints is False
        v = df[df["outlet"] == "A"]["lag_days"].astype(float)
        assert (b.q1[0], b.median[0], b.q3[0]) == tuple(v.quantile([0.25, 0.5, 0.75]))
        assert b.lowerfence[0] == v.min() and b.upperfence[0] == v.max()
    else:
        assert fig.layout.title.text == "Lag" and len(fig.data[0].y) == n // 2
        assert fig.data[0].boxpoints == "all"


def test_page_table_shows_the_first_rows_and_writes_them_all(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(charts, "_display", shown.append)
    df = pd.DataFrame({"mention_id": [f"a#1:c{i}" for i in range(1, 201)], "sentence": ["<b>x</b>"] * 200})
    charts.Page("nb", str(tmp_path)).table(df, "evidence", "Evidence", max_rows=20)
    html = shown[-1]["text/html"]
    assert html.count("<tr>") == 20 and "Showing 20 of 200 rows; the CSV has all." in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert len(pd.read_csv(tmp_path / "nb-evidence.csv")) == 200


def test_timeline_draws_the_latest_articles_only():
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(100)], "label": [f"A {i}" for i in range(100)],
                         "published": [f"2020-01-{1 + i % 28:02d}" for i in range(100)]})
    events = pd.DataFrame({"article_id": [f"a{i}" for i in range(100)], "event_low": ["2019-12-01"] * 100,
                           "event_high": ["2019-12-02"] * 100, "text": ["December"] * 100})
    fig = charts.timeline(events, arts, title="T", max_articles=60)
    assert fig.layout.title.text == "T (latest 60 of 100 articles)"
    assert len(set(fig.data[1].y)) == 60 and len([y for y in fig.data[0].y if y]) == 120
