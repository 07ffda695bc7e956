"""Notebook and ``briefing render`` parameters: one declarative table, one validator.

Every notebook's ``parameters`` cell holds the same names with the defaults below;
``validate(**values)`` turns what papermill injected (or what ``-p NAME VALUE`` gave, as
text) into typed values and raises :class:`analysis.errors.ParameterError` naming the
bad value and what is allowed.

>>> p = validate(start="2020-05", end="2020", places="Palmyra, Damascus")
>>> p.start, p.end, p.places
('2020-05-01', '2020-12-31', ('Palmyra', 'Damascus'))
"""
from __future__ import annotations

import calendar
import json
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from analysis.errors import ParameterError, allowed

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_SINCE = re.compile(r"^(\d{1,5})\s*([dwm])$")
_TRUE = ("true", "yes", "1", "on")
_FALSE = ("false", "no", "0", "off")

NOTEBOOKS = ("casualty_tallies", "source_frequencies", "date_spread", "briefing")


def parse_date(value: Any, name: str, *, end: bool = False) -> str | None:
    """ISO day for ``value`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); empty -> None.

    A month or year given as ``end`` means its last day, as ``start`` its first day.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    m = _DATE.match(text)
    try:
        if not m:
            raise ValueError(text)
        year, month, day = int(m[1]), m[2], m[3]
        if month is None:
            d = dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        elif day is None:
            mo = int(month)
            d = dt.date(year, mo, calendar.monthrange(year, mo)[1] if end else 1)
        else:
            d = dt.date(year, int(month), int(day))
    except (ValueError, TypeError):
        raise ParameterError(f"{name}: {text!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY "
                             f"(for example 2020-05-06)") from None
    return d.isoformat()


def parse_since(value: str, today: dt.date | None = None) -> tuple[str, str]:
    """``7d``/``2w``/``3m`` -> (start, end) ISO days ending ``today``."""
    text = str(value).strip().lower()
    m = _SINCE.match(text)
    if not m or int(m[1]) == 0:
        raise ParameterError(f"--since: {value!r} is not a period; use a number of days, weeks "
                             f"or months such as 7d, 2w or 3m")
    today = today or dt.date.today()
    n, unit = int(m[1]), m[2]
    days = {"d": 1, "w": 7, "m": 30}[unit] * n
    return (today - dt.timedelta(days=days - 1)).isoformat(), today.isoformat()


def _names(value: Any, name: str) -> tuple[str, ...]:
    """A comma-separated string (or a list) of names -> tuple of stripped names."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple, set)):
        items = [str(v) for v in value]
    elif isinstance(value, str):
        items = value.split(",")
    else:
        raise ParameterError(f"{name}: {value!r} is not a list of names; give them comma-separated, "
                             f"for example 'Palmyra, Damascus'")
    return tuple(dict.fromkeys(s.strip() for s in items if s.strip()))


def _bool(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ParameterError(allowed(value, ("true", "false"), name))


def _text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise ParameterError(f"{name}: {value!r} is not text")
    return str(value)


def _int(lo: int, hi: int) -> Callable[[Any, str], int]:
    def check(value: Any, name: str) -> int:
        try:
            n = int(str(value).strip())
        except ValueError:
            raise ParameterError(f"{name}: {value!r} is not a whole number; use {lo}..{hi}") from None
        if not lo <= n <= hi:
            raise ParameterError(f"{name}: {value!r} is out of range; use {lo}..{hi}")
        return n
    return check


@dataclass(frozen=True)
class Param:
    name: str
    type: str            # the annotation shown in the notebooks' parameters cell
    default: Any
    help: str
    check: Callable[[Any, str], Any]


# The parameter table: the notebooks' parameters cells hold exactly these, in this order.
PARAMS: tuple[Param, ...] = (
    Param("corpus", "str", "", "folder of articles; empty: bundled sample", _text),
    Param("tables_dir", "str", "", "folder of pre-built parquet tables (used instead of corpus when set)", _text),
    Param("start", "str", "", "first day of the window, YYYY-MM-DD (or YYYY-MM, YYYY); empty: open",
          lambda v, n: parse_date(v, n) or ""),
    Param("end", "str", "", "last day of the window, YYYY-MM-DD (or YYYY-MM, YYYY); empty: open",
          lambda v, n: parse_date(v, n, end=True) or ""),
    Param("places", "str", "", "comma-separated canonical places to keep (with the places inside them); empty: all",
          _names),
    Param("outlets", "str", "", "comma-separated outlets to keep; empty: all", _names),
    Param("dedupe", "bool", True, "True: count each incident once; False: add up raw mentions", _bool),
    Param("title", "str", "", "page title; empty: the notebook's own", _text),
    Param("top_n", "int", 15, "rows shown in the ranked tables and charts", _int(1, 500)),
    Param("data_dir", "str", "", "folder to write each figure's data as CSV (the page's data/ folder); empty: none written", _text),
)
PARAM_NAMES = tuple(p.name for p in PARAMS)
_BY_NAME = {p.name: p for p in PARAMS}


@dataclass(frozen=True)
class Params:
    """Validated parameters (dates as ISO days or empty, names as tuples)."""
    corpus: str = ""
    tables_dir: str = ""
    start: str = ""
    end: str = ""
    places: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    dedupe: bool = True
    title: str = ""
    top_n: int = 15
    data_dir: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def window(self) -> str:
        """The date window as text for headings ("2020-05-01 to 2020-05-31", "all dates")."""
        if not self.start and not self.end:
            return "all dates"
        return f"{self.start or 'the beginning'} to {self.end or 'the latest'}"


def validate(**values: Any) -> Params:
    """Check and convert parameter values; unknown names and bad values raise ParameterError."""
    unknown = [k for k in values if k not in _BY_NAME]
    if unknown:
        raise ParameterError(allowed(unknown[0], PARAM_NAMES, "parameter"))
    out = {}
    for name, value in values.items():
        out[name] = _BY_NAME[name].check(value, name)
    p = Params(**out)
    if p.start and p.end and p.start > p.end:
        raise ParameterError(f"start: {p.start!r} is after end {p.end!r}; give a start on or before the end")
    return p


def check_notebooks(names) -> tuple[str, ...]:
    """The notebook names, checked against the four that exist (empty = all four)."""
    names = tuple(names or ())
    for n in names:
        if n not in NOTEBOOKS:
            raise ParameterError(allowed(n, NOTEBOOKS, "notebook"))
    return tuple(dict.fromkeys(names)) or NOTEBOOKS


def parameters_source() -> str:
    """The body of a notebook's ``parameters`` cell, generated from ``PARAMS``."""
    lines = []
    for p in PARAMS:
        default = json.dumps(p.default) if isinstance(p.default, str) else repr(p.default)
        lines.append(f"{p.name}: {p.type} = {default}  # {p.help}")
    return "\n".join(lines)
