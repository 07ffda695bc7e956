"""The four notebooks: thin, one source, and executed under papermill (tiny fixture corpus,
the bundled sample corpus with no parameters at all, and a window that selects nothing)."""
from __future__ import annotations

import concurrent.futures as cf
import json
import re
from pathlib import Path

import nbformat
import pytest

from analysis import render
from analysis.params import NOTEBOOKS

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = ROOT / "analysis" / "notebooks"
TOP = ROOT / "notebooks"
TINY = ROOT / "tests" / "fixtures" / "tiny_corpus"

RUNS = {
    # name: parameters (the sample run gives none: what an analyst gets opening the notebook)
    "sample": {},
    "tiny": {"corpus": str(TINY)},
    "empty-window": {"corpus": str(TINY), "start": "1990-01-01", "end": "1990-12-31"},
    "empty-corpus": {"corpus": str(ROOT / "tests" / "fixtures" / "empty_corpus")},
}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Every notebook executed for every run in RUNS: {(run, notebook): (nb, data_dir)}."""
    base = tmp_path_factory.mktemp("notebooks")
    jobs = {}
    with render.kernel(base / "jupyter"), cf.ThreadPoolExecutor(max_workers=2) as pool:
        for run, params in RUNS.items():
            for name in NOTEBOOKS:
                data_dir = base / run / "data"
                out = base / run / f"{name}.ipynb"
                out.parent.mkdir(parents=True, exist_ok=True)
                p = dict(params, data_dir=str(data_dir)) if run != "sample" else {}
                jobs[(run, name)] = (pool.submit(render.execute, name, out, p), out, data_dir)
        results = {}
        for key, (fut, out, data_dir) in jobs.items():
            fut.result()
            results[key] = (nbformat.read(str(out), as_version=4), data_dir)
    return results


def _html_outputs(nb) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_top_level_notebooks_are_the_packaged_ones(name):
    """One source: notebooks/ holds the same files as analysis/notebooks/ (shipped in the wheel).
    Edit analysis/notebooks/X.ipynb, then `cp analysis/notebooks/*.ipynb notebooks/`."""
    assert (TOP / f"{name}.ipynb").read_bytes() == (PACKAGED / f"{name}.ipynb").read_bytes()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_are_thin(name):
    """Code cells import from analysis only and define nothing: no extraction logic."""
    nb = nbformat.read(str(PACKAGED / f"{name}.ipynb"), as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert nb.cells[0].metadata.get("tags") == ["parameters"]
    for src in code:
        for line in src.splitlines():
            if re.match(r"\s*(import|from)\s", line):
                assert re.match(r"\s*from analysis import ", line), line
        assert not re.search(r"^\s*(def|class|lambda)\b|\bre\.(compile|search|match|findall)", src, re.M), src
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit notebooks without outputs"
    assert any(c.cell_type == "markdown" for c in nb.cells), "short prose explains the page"


@pytest.mark.slow
@pytest.mark.parametrize("run", list(RUNS))
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_executes_without_errors(executed, run, name):
    nb, data_dir = executed[(run, name)]
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, errors
    html = _html_outputs(nb)
    assert 'class="headline"' in html          # headline numbers as plain HTML
    if run == "sample":
        assert 'class="csv-link"' not in html  # interactive defaults: nothing written
        return
    # every chart and table links its CSV, and the CSV exists
    links = re.findall(r'href="data/([^"]+\.csv)"', html)
    assert links
    for link in links:
        assert (data_dir / link).is_file(), link
    assert all(f.name.startswith(f"{name}-") for f in data_dir.glob(f"{name}-*.csv"))


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_plotly_charts_are_html_divs_and_mime_bundles(executed, name):
    """Charts survive nbconvert (an HTML div calling Plotly.newPlot, no plotly.js, no CDN)
    and draw in JupyterLab (the plotly mime bundle)."""
    nb, _ = executed[("tiny", name)]
    figs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert figs
    for o in figs:
        div = o["data"]["text/html"]
        assert "plotly-graph-div" in div and "Plotly.newPlot" in div
        assert "cdn" not in div.lower() and "<script src" not in div
        json.dumps(o["data"]["application/vnd.plotly.v1+json"])


@pytest.mark.slow
def test_empty_window_degrades_gracefully(executed):
    nb, _ = executed[("empty-window", "casualty_tallies")]
    html = _html_outputs(nb)
    assert "0 of 3 articles" in html
    assert 'class="empty"' in html


@pytest.mark.slow
def test_tiny_corpus_headline_matches_tally(executed):
    from analysis import params, select, tally
    tables = select.apply(select.load(str(TINY)), params.validate())
    h = tally.headline(tables)
    nb, _ = executed[("tiny", "casualty_tallies")]
    html = _html_outputs(nb)
    assert f'<div class="headline-label">Incidents</div><div class="headline-value">{h["n_incidents"]}</div>' in html
