"""Rendered briefings shared by tests/test_render.py and tests/test_browser.py.

Session-scoped: the sample corpus and the XSS corpus are each rendered once per test run
(import the fixtures into a test module to use them).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
DAY = dt.date(2026, 1, 5)          # a fixed date folder: pages go to <out>/2026-01-05/
NOTEBOOKS = ("casualty_tallies", "source_frequencies", "date_spread", "briefing")


@pytest.fixture(scope="session")
def rendered_sample(tmp_path_factory):
    """``briefing render`` of the bundled sample corpus: (out dir, RenderResult)."""
    from analysis.render import render
    out = tmp_path_factory.mktemp("reports-sample")
    result = render(None, out, today=DAY, progress=False)
    return out, result


@pytest.fixture(scope="session")
def rendered_xss(tmp_path_factory):
    """``briefing render`` of a corpus whose title, outlet and text hold HTML/JS payloads."""
    from analysis.render import render
    out = tmp_path_factory.mktemp("reports-xss")
    result = render(FIXTURES / "xss_corpus", out, today=DAY, progress=False)
    return out, result


def page_paths(out: Path) -> list[Path]:
    return [out / DAY.isoformat() / f"{n}.html" for n in NOTEBOOKS]
