"""Article metadata from what a page states: publication dates and outlets.

- ``parse_date(value)`` turns a stated date (a manifest or record value, a dateline, a page
  header) into ``(iso, precision)`` with ISO at its precision (``2020-05-06`` day,
  ``2020-07`` month, ``2020`` year), or None. No guessing: a value that is not a date is None.
- ``find_outlet(text)`` / ``outlet_from_host(url)`` / ``canonical_outlet(name)`` resolve
  outlet names through ``lexicons/outlets.yaml``.

Month and weekday names come from ``lexicons/segment.yaml``.
"""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from urllib.parse import urlparse

from analysis import lexicons

_ISO = re.compile(r"^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}.*)?\s*$")


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {k.lower(): int(v) for k, v in lexicons.load("segment")["months"].items()}


@lru_cache(maxsize=1)
def _named() -> re.Pattern:
    months = "|".join(sorted(map(re.escape, _months()), key=len, reverse=True))
    days = "|".join(sorted(map(re.escape, lexicons.load("segment")["weekdays"]), key=len, reverse=True))
    return re.compile(
        rf"^\s*(?:(?:{days})\.?,?\s+)?(?:"
        rf"(?P<m1>{months})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
        rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{months})\.?,?\s+(?P<y2>\d{{4}})"
        rf"|(?P<m3>{months})\.?,?\s+(?P<y3>\d{{4}})"
        rf")\b", re.IGNORECASE)


def _valid(y: int, m: int | None = None, d: int | None = None) -> bool:
    try:
        _dt.date(y, m or 1, d or 1)
    except ValueError:
        return False
    return 1000 <= y <= 2999


def iso(y: int, m: int | None = None, d: int | None = None) -> tuple[str, str] | None:
    """``(iso, precision)`` for a year, year-month or full date; None when invalid."""
    if not _valid(y, m, d):
        return None
    if d is not None and m is not None:
        return f"{y:04d}-{m:02d}-{d:02d}", "day"
    if m is not None:
        return f"{y:04d}-{m:02d}", "month"
    return f"{y:04d}", "year"


def parse_date(value) -> tuple[str, str] | None:
    """A stated date as ``(iso, precision)``; None when ``value`` is not a date."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return iso(value.year, value.month, value.day)
    if isinstance(value, _dt.date):
        return iso(value.year, value.month, value.day)
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        try:
            v = value.to_pydatetime()
            return iso(v.year, v.month, v.day)
        except (ValueError, TypeError):
            return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return iso(int(value)) if float(value).is_integer() else None
    s = str(value).strip()
    if not s or len(s) > 200:
        return None
    m = _ISO.match(s)
    if m:
        y, mo, d = (int(g) if g else None for g in m.groups())
        return iso(y, mo, d) if not (mo is None and d is not None) else None
    m = _named().match(s)
    if m:
        g = m.groupdict()
        months = _months()
        if g["m1"]:
            return iso(int(g["y1"]), months[g["m1"].lower()], int(g["d1"]))
        if g["m2"]:
            return iso(int(g["y2"]), months[g["m2"].lower()], int(g["d2"]))
        return iso(int(g["y3"]), months[g["m3"].lower()])
    return None


@lru_cache(maxsize=1)
def _outlets() -> tuple[list[tuple[str, re.Pattern]], dict[str, str], list[tuple[str, str]]]:
    data = lexicons.load("outlets")
    lexicons.require(data, ["outlets"], "outlets")
    patterns, canon, domains = [], {}, []
    for entry in data["outlets"]:
        name = entry["name"]
        aliases = sorted({name, *entry.get("aliases", [])}, key=len, reverse=True)
        for a in aliases:
            canon[a.lower()] = name
        alt = "|".join(re.escape(a) for a in aliases)
        patterns.append((name, re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE)))
        for d in entry.get("domains", []):
            domains.append((d.lower(), name))
    return patterns, canon, domains


def canonical_outlet(name: str | None) -> str | None:
    """The canonical name of an outlet alias; the stripped name itself when unknown."""
    if name is None:
        return None
    s = " ".join(str(name).split())
    if not s:
        return None
    return _outlets()[1].get(s.lower(), s)


def find_outlet(text: str) -> tuple[str, str] | None:
    """The first known outlet named in ``text`` (furniture only): ``(name, matched text)``."""
    best = None
    for name, pat in _outlets()[0]:
        m = pat.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name, m.group())
    return (best[1], best[2]) if best else None


def outlet_from_host(url: str | None) -> str | None:
    """The outlet whose domain is the host of ``url``, or None."""
    if not url:
        return None
    try:
        host = (urlparse(str(url)).hostname or "").lower()
    except ValueError:
        return None
    for domain, name in _outlets()[2]:
        if host == domain or host.endswith("." + domain):
            return name
    return None
