"""The sources table of the sample corpus against tests/gold/seeds.yaml.

- every required entry under `sources` is found (same article, a sentence containing the
  substring, the canonical source, and type / anonymity where the gold gives them);
- precision >= 0.9, rows matching `sources_optional` counting as neither right nor wrong;
- nothing from `source_negatives`;
- the ranking by citing articles (`source_ranking`).
"""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import frequencies


def _same(a, b) -> bool:
    return str(a).casefold() == str(b).casefold()


def _matches(row, entry) -> bool:
    return (row["article_id"] == entry["article"]
            and entry["sentence_contains"] in row["sentence"]
            and _same(row["source"], entry["source"]))


def _entries(gold, key):
    return gold.get(key) or []


@pytest.fixture(scope="module")
def source_rows(sample_tables):
    return sample_tables["sources"].to_dict("records")


def test_every_required_source_found(gold, source_rows):
    missing, wrong = [], []
    for entry in _entries(gold, "sources"):
        hits = [r for r in source_rows if _matches(r, entry)]
        if not hits:
            missing.append(entry)
            continue
        want_anon = entry.get("anonymous", True if entry.get("generic") else None)
        good = [r for r in hits
                if ("source_type" not in entry or r["source_type"] == entry["source_type"])
                and (want_anon is None or bool(r["anonymous"]) == want_anon)]
        if not good:
            wrong.append((entry, [(r["source_type"], r["anonymous"]) for r in hits]))
    assert not missing, f"{len(missing)} gold sources not found: {missing}"
    assert not wrong, f"type/anonymity differs: {wrong}"


def _score(gold, rows):
    required, optional = _entries(gold, "sources"), _entries(gold, "sources_optional")
    right, wrong_rows = 0, []
    for r in rows:
        if any(_matches(r, e) for e in required):
            right += 1
        elif any(_matches(r, e) for e in optional):
            continue
        else:
            wrong_rows.append(r)
    return right, wrong_rows


def test_precision(gold, source_rows):
    gold_articles = {e["article"] for e in _entries(gold, "sources")}
    rows = [r for r in source_rows if r["article_id"] in gold_articles]
    right, wrong_rows = _score(gold, rows)
    precision = right / (right + len(wrong_rows)) if rows else 0.0
    detail = [(r["article_id"], r["source"], r["sentence"][:70]) for r in wrong_rows]
    assert precision >= 0.9, f"precision {precision:.3f} ({right} right); not in gold: {detail}"


def test_no_source_negatives(gold, source_rows):
    for neg in _entries(gold, "source_negatives"):
        bad = [r for r in source_rows if r["article_id"] == neg["article"]
               and (neg["text"] in r["sentence"] or r["surface"] in neg["text"])]
        assert not bad, (neg, bad)


def test_via_outlet_is_never_the_source(source_rows):
    for r in source_rows:
        assert pd.isna(r["via"]) or r["via"] != r["source"], r


def test_ranking_by_citing_articles(gold, sample_tables):
    ranking = gold["source_ranking"]
    table = frequencies.citations(sample_tables)
    assert list(table["source"][:2]) == [ranking["first"], ranking["second"]]
    counts = dict(zip(table["source"], table["articles"]))
    for name, n in ranking["articles_citing"].items():
        assert counts[name] == n, (name, counts.get(name))


def test_rows_point_into_article_text(sample_tables):
    texts = dict(zip(sample_tables["articles"]["article_id"], sample_tables["articles"]["text"]))
    for r in sample_tables["sources"].to_dict("records"):
        text = texts[r["article_id"]]
        assert text[r["start"]:r["end"]] == r["surface"]
        assert r["sentence"] in text
