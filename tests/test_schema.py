"""The table schemas: documented once, enforced by schema.frame."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import TABLE_NAMES, BriefingError
from analysis.schema import TABLES, columns, dictionary, frame

SPEC_TABLES = ("articles", "casualties", "sources", "dates", "places", "incidents", "ingest_log")


def test_table_names_follow_the_spec():
    assert TABLE_NAMES == SPEC_TABLES


@pytest.mark.parametrize("table", SPEC_TABLES)
def test_every_column_is_documented(table):
    for name, dtype, doc in TABLES[table]:
        assert name and dtype and len(doc) > 5


def test_frame_fills_orders_and_types_columns():
    df = frame("ingest_log", [{"path": "a.txt", "status": "parsed", "n_articles": 2, "bytes": 10}])
    assert list(df.columns) == columns("ingest_log")
    assert df.loc[0, "n_articles"] == 2 and pd.isna(df.loc[0, "reason"])
    assert str(df["n_articles"].dtype) == "Int64"


def test_frame_rejects_unknown_columns():
    with pytest.raises(BriefingError, match="unknown columns"):
        frame("ingest_log", [{"path": "a", "stauts": "parsed"}])


def test_frame_of_no_rows_has_all_columns():
    df = frame("casualties", [])
    assert list(df.columns) == columns("casualties") and df.empty


def test_list_columns_stay_lists():
    df = frame("incidents", [{"incident_id": "I1", "outlets": ("a", "b")}, {"incident_id": "I2"}])
    assert df.loc[0, "outlets"] == ["a", "b"] and df.loc[1, "outlets"] == []


def test_unknown_table_names_the_allowed_ones():
    with pytest.raises(BriefingError, match="articles"):
        columns("article")


def test_dictionary_lists_every_column():
    d = dictionary()
    assert len(d) == sum(len(c) for c in TABLES.values())
