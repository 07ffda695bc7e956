"""Source frequency functions on tiny hand-made tables (and on empty ones)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import frequencies as fq
from analysis.errors import ParameterError
from analysis.schema import frame


def _src(aid, n, source, typ, anon=False, sentence="s", via=None):
    return {"attribution_id": f"{aid}:s{n}", "article_id": aid, "sentence": sentence, "start": 0,
            "end": 1, "surface": source[:1], "source": source, "source_type": typ,
            "anonymous": anon, "cue": "said", "via": via, "rule": "subject"}


@pytest.fixture()
def tables():
    articles = frame("articles", [
        {"article_id": "a#1", "outlet": "Post", "published": "2020-05-06", "published_precision": "day"},
        {"article_id": "b#1", "outlet": "Post", "published": "2020-05-20", "published_precision": "day"},
        {"article_id": "c#1", "outlet": None, "published": "2020-07", "published_precision": "month"},
        {"article_id": "d#1", "outlet": "Times", "published": "2020", "published_precision": "year"},
        {"article_id": "e#1", "outlet": "Times", "published": None, "published_precision": None},
    ])
    sources = frame("sources", [
        _src("a#1", 1, "SOHR", "monitor", sentence="Four died, SOHR said."),
        _src("a#1", 2, "SOHR", "monitor"),
        _src("a#1", 3, "western official", "official", anon=True),
        _src("b#1", 1, "SOHR", "monitor"),
        _src("b#1", 2, "DeirEzzor24", "local_media"),
        _src("c#1", 1, "DeirEzzor24", "local_media"),
        _src("c#1", 2, "Hamas", "armed_group"),
        _src("c#1", 3, "Hamas", "generic"),
    ])
    casualties = frame("casualties", [
        {"mention_id": "a#1:c1", "article_id": "a#1", "sentence": "Four died, SOHR said.",
         "outcome": "killed", "count_low": 4, "attributed_to": "SOHR"},
        {"mention_id": "c#1:c1", "article_id": "c#1", "sentence": "Two died.", "outcome": "killed",
         "count_low": 2, "attributed_to": None},
    ])
    return {"articles": articles, "sources": sources, "casualties": casualties}


@pytest.fixture()
def empty():
    return {"articles": frame("articles", []), "sources": frame("sources", []),
            "casualties": frame("casualties", [])}


def test_citations_ranked_by_articles_then_citations_then_name(tables):
    got = fq.citations(tables)
    assert list(got.columns) == ["source", "source_type", "citations", "articles"]
    assert got.values.tolist() == [
        ["SOHR", "monitor", 3, 2],
        ["DeirEzzor24", "local_media", 2, 2],
        ["Hamas", "armed_group", 2, 1],       # tie on type count: alphabetical type wins
        ["western official", "official", 1, 1],
    ]


def test_outlet_source_matrix(tables):
    m = fq.outlet_source_matrix(tables)
    assert m.index.name == "outlet"
    assert list(m.index) == ["(unknown outlet)", "Post"]
    assert list(m.columns) == ["SOHR", "DeirEzzor24", "Hamas", "western official"]
    assert m.loc["Post", "SOHR"] == 3 and m.loc["(unknown outlet)", "Hamas"] == 2
    assert int(m.values.sum()) == len(tables["sources"])


def test_type_shares(tables):
    got = fq.type_shares(tables)
    assert list(got.columns) == ["source_type", "citations", "share"]
    assert got["source_type"].tolist()[:2] == ["monitor", "local_media"]
    assert got["citations"].sum() == 8
    assert got["share"].sum() == pytest.approx(1.0)


def test_anonymous_share(tables, empty):
    assert fq.anonymous_share(tables) == pytest.approx(1 / 8)
    assert math.isnan(fq.anonymous_share(empty))


def test_articles_per_outlet_monthly(tables):
    got = fq.articles_per_outlet(tables, freq="M")
    assert got.values.tolist() == [["2020-05", "Post", 2], ["2020-07", "(unknown outlet)", 1]]
    assert got.attrs["unplaced"] == 2     # a year-only date and an undated article: not guessed


def test_articles_per_outlet_yearly_and_daily(tables):
    yearly = fq.articles_per_outlet(tables, freq="Y")
    assert yearly.values.tolist() == [["2020", "(unknown outlet)", 1], ["2020", "Post", 2],
                                      ["2020", "Times", 1]]
    assert fq.articles_per_outlet(tables, freq="D")["articles"].sum() == 2


def test_articles_per_outlet_rejects_unknown_freq(tables):
    with pytest.raises(ParameterError, match="freq"):
        fq.articles_per_outlet(tables, freq="fortnight")


def test_sources_per_claim(tables):
    got = fq.sources_per_claim(tables)
    assert list(got.columns) == ["mention_id", "article_id", "sentence", "outcome", "count_low",
                                 "attributed_to", "sources", "n_sources"]
    assert got["sources"].tolist() == [["SOHR"], []]
    assert got["n_sources"].tolist() == [1, 0]


def test_everything_handles_empty_tables(empty):
    assert fq.citations(empty).empty and list(fq.citations(empty).columns) == [
        "source", "source_type", "citations", "articles"]
    assert fq.outlet_source_matrix(empty).empty
    assert fq.type_shares(empty).empty
    assert fq.articles_per_outlet(empty).empty
    assert fq.sources_per_claim(empty).empty
    assert list(fq.sources_per_claim({}).columns)[-1] == "n_sources"
    assert fq.citations({}).empty


def test_on_the_sample_corpus(sample_tables):
    cit = fq.citations(sample_tables)
    assert cit["citations"].sum() == len(sample_tables["sources"])
    m = fq.outlet_source_matrix(sample_tables)
    assert int(m.values.sum()) == len(sample_tables["sources"])
    share = fq.anonymous_share(sample_tables)
    assert 0 < share < 1
    claims = fq.sources_per_claim(sample_tables)
    assert len(claims) == len(sample_tables["casualties"])
    apo = fq.articles_per_outlet(sample_tables)
    assert apo["articles"].sum() + apo.attrs["unplaced"] == len(sample_tables["articles"])
