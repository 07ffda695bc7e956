"""Writing tables: one file per table, lists as JSON text in CSV, byte-identical reruns."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.output import write_tables
from analysis.schema import frame


def _tables():
    return {"incidents": frame("incidents", [{"incident_id": "I1", "outlets": ["a", "é"], "killed_min": 3}])}


def test_csv_lists_are_json_and_reruns_identical(tmp_path):
    a = write_tables(_tables(), tmp_path / "a", "csv")[0].read_bytes()
    b = write_tables(_tables(), tmp_path / "b", "csv")[0].read_bytes()
    assert a == b
    assert '"[""a"", ""é""]"' in a.decode("utf-8")


def test_parquet_round_trip(tmp_path):
    path = write_tables(_tables(), tmp_path, "parquet")[0]
    back = pd.read_parquet(path)
    assert list(back.loc[0, "outlets"]) == ["a", "é"] and back.loc[0, "killed_min"] == 3


def test_unknown_format_names_allowed_values(tmp_path):
    with pytest.raises(ParameterError, match="'csv', 'parquet'"):
        write_tables(_tables(), tmp_path, "xlsx")
