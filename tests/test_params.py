"""analysis.params: the parameter table, its validation, and the notebooks' parameters cells."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from analysis import params as P
from analysis.errors import BriefingError, ParameterError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text, end, expected", [
    ("2020-05-06", False, "2020-05-06"),
    ("2020-5-6", False, "2020-05-06"),
    ("2020-05", False, "2020-05-01"),
    ("2020-05", True, "2020-05-31"),
    ("2020-02", True, "2020-02-29"),          # leap year
    ("2020", False, "2020-01-01"),
    ("2020", True, "2020-12-31"),
    (" 2024-12-24 ", False, "2024-12-24"),
    ("", False, None),
    (None, False, None),
    (dt.date(2021, 3, 4), False, "2021-03-04"),
])
def test_parse_date(text, end, expected):
    assert P.parse_date(text, "start", end=end) == expected


@pytest.mark.parametrize("text", ["not-a-date", "2020-13", "2020-02-30", "06/05/2020", "yesterday", "20200506",
                                  "2020-05-06T10:00"])
def test_parse_date_rejects_with_value_and_format(text):
    with pytest.raises(ParameterError) as err:
        P.parse_date(text, "start")
    msg = str(err.value)
    assert repr(text) in msg and "YYYY-MM-DD" in msg and msg.startswith("start:")


@pytest.mark.parametrize("text, expected", [
    ("7d", ("2026-01-04", "2026-01-10")),
    ("1d", ("2026-01-10", "2026-01-10")),
    ("2w", ("2025-12-28", "2026-01-10")),
    ("1m", ("2025-12-12", "2026-01-10")),
    (" 7D ", ("2026-01-04", "2026-01-10")),
])
def test_parse_since(text, expected):
    assert P.parse_since(text, dt.date(2026, 1, 10)) == expected


@pytest.mark.parametrize("text", ["7", "d7", "0d", "seven days", "-3d", ""])
def test_parse_since_rejects(text):
    with pytest.raises(ParameterError, match="--since"):
        P.parse_since(text, dt.date(2026, 1, 10))


def test_validate_defaults():
    p = P.validate()
    assert (p.start, p.end, p.places, p.outlets, p.dedupe, p.top_n) == ("", "", (), (), True, 15)
    assert p.window == "all dates"


@pytest.mark.parametrize("values, field, expected", [
    ({"places": "Palmyra, Damascus,, "}, "places", ("Palmyra", "Damascus")),
    ({"places": ["Palmyra", "Palmyra"]}, "places", ("Palmyra",)),
    ({"outlets": ""}, "outlets", ()),
    ({"dedupe": "false"}, "dedupe", False),
    ({"dedupe": "Yes"}, "dedupe", True),
    ({"dedupe": False}, "dedupe", False),
    ({"top_n": "5"}, "top_n", 5),
    ({"start": "2020-05", "end": "2020-05"}, "end", "2020-05-31"),
    ({"title": "Weekly <b>brief</b>"}, "title", "Weekly <b>brief</b>"),   # escaped when shown, kept here
])
def test_validate_converts(values, field, expected):
    assert getattr(P.validate(**values), field) == expected


@pytest.mark.parametrize("values, needles", [
    ({"start": "not-a-date"}, ["start", "'not-a-date'", "YYYY-MM-DD"]),
    ({"end": "2020-99"}, ["end", "'2020-99'"]),
    ({"dedupe": "maybe"}, ["dedupe", "'maybe'", "'true'", "'false'"]),
    ({"top_n": "many"}, ["top_n", "'many'", "1..500"]),
    ({"top_n": 0}, ["top_n", "1..500"]),
    ({"colour": "red"}, ["'colour'", "'start'", "'places'"]),
    ({"start": "2021-01-01", "end": "2020-01-01"}, ["start", "after end"]),
    ({"places": 42}, ["places", "42"]),
])
def test_validate_rejects_naming_value_and_allowed(values, needles):
    with pytest.raises(ParameterError) as err:
        P.validate(**values)
    for needle in needles:
        assert needle in str(err.value)
    assert isinstance(err.value, BriefingError)


def test_check_notebooks():
    assert P.check_notebooks([]) == P.NOTEBOOKS
    assert P.check_notebooks(["briefing", "briefing"]) == ("briefing",)
    with pytest.raises(ParameterError, match="'casualties'.*'casualty_tallies'"):
        P.check_notebooks(["casualties"])


def _parameters_cell(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", []), f"{path.name}: first code cell not tagged"
    return code[0]


@pytest.mark.parametrize("name", P.NOTEBOOKS)
def test_notebook_parameters_cell_matches_table(name):
    """Each notebook's first code cell is the table's parameters: typed, defaulted, with help."""
    import papermill as pm
    path = ROOT / "analysis" / "notebooks" / f"{name}.ipynb"
    cell = _parameters_cell(path)
    assert "".join(cell["source"]) == P.parameters_source()
    inspected = pm.inspect_notebook(str(path))
    assert list(inspected) == list(P.PARAM_NAMES)
    for p in P.PARAMS:
        got = inspected[p.name]
        assert got["inferred_type_name"] == p.type
        assert got["help"] == p.help
        assert eval(got["default"]) == p.default   # noqa: S307 - our own literal
