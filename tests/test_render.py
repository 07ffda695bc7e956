"""``briefing render``: pages, index, offline HTML, and the safety of scheduled runs."""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from analysis import render as R
from analysis.errors import LockError, ParameterError, RenderError
from briefing_fixtures import DAY, FIXTURES, NOTEBOOKS, page_paths, rendered_sample  # noqa: F401

BRIEFING = [sys.executable, "-m", "analysis.cli", "render"]


def tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones included) -> sha256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    return subprocess.run([*BRIEFING, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


# ---------------------------------------------------------------- the rendered sample

def test_four_pages_and_index(rendered_sample):
    out, result = rendered_sample
    assert result.day == DAY.isoformat()
    for page in page_paths(out):
        assert page.is_file(), page
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in NOTEBOOKS:
        assert f'href="{DAY.isoformat()}/{name}.html"' in index
    assert "bundled sample corpus" in index and "all dates" in index
    meta = json.loads((out / DAY.isoformat() / "briefing.json").read_text())
    assert meta["notebooks"] == list(NOTEBOOKS) and meta["window"] == "all dates"


def test_index_shows_headline_figures(rendered_sample):
    from analysis import build_tables, tally
    out, result = rendered_sample
    h = tally.headline(build_tables())
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"<td>{h['killed_total']:,}" in index
    assert result.headline["killed_total"] == h["killed_total"]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_page_is_offline_and_code_hidden(rendered_sample, name):
    from plotly.offline import get_plotlyjs
    out, _ = rendered_sample
    html = (out / DAY.isoformat() / f"{name}.html").read_text(encoding="utf-8")
    # plotly.js embedded exactly once, nothing loaded from anywhere
    plotlyjs = get_plotlyjs()
    assert html.count(plotlyjs[:300]) == 1
    html = html.replace(plotlyjs, "")           # (plotly.js holds CDN defaults it never uses here)
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=[\"']https?:", html)
    for cdn in ("cdn.plot.ly", "cdnjs", "jsdelivr", "unpkg", "mathjax", "require.min.js"):
        assert cdn not in html.lower().replace("mathjaxconfig", ""), cdn
    # code hidden: no source of the notebook cells on the page
    assert "from analysis import" not in html and "params.validate(" not in html
    assert 'class="headline"' in html


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_csv_link_resolves(rendered_sample, name):
    out, _ = rendered_sample
    page = out / DAY.isoformat() / f"{name}.html"
    links = re.findall(r'href="(data/[^"]+\.csv)"', page.read_text(encoding="utf-8"))
    assert links
    for link in links:
        assert (page.parent / link).is_file(), link


def test_charts_have_their_csv(rendered_sample):
    out, _ = rendered_sample
    data = out / DAY.isoformat() / "data"
    for expected in ("casualty_tallies-by-month.csv", "casualty_tallies-map.csv", "casualty_tallies-raw-vs-dedup.csv",
                     "source_frequencies-sources.csv", "source_frequencies-source-types.csv",
                     "source_frequencies-outlet-source.csv", "date_spread-timeline.csv", "date_spread-lag.csv"):
        assert (data / expected).is_file(), expected


def test_no_staging_left_behind(rendered_sample):
    out, _ = rendered_sample
    assert not list(out.glob(".render-*"))
    assert not (out / DAY.isoformat() / "failed").exists()


def test_if_changed_skips_unchanged(rendered_sample):
    out, _ = rendered_sample
    before = tree(out)
    t0 = time.monotonic()
    result = R.render(None, out, today=DAY, if_changed=True, progress=False)
    assert result.skipped and time.monotonic() - t0 < 5
    assert tree(out) == before


# ---------------------------------------------------------------- bad parameters change nothing

@pytest.mark.parametrize("args, needle", [
    (["-p", "start", "not-a-date"], "start: 'not-a-date' is not a date"),
    (["-p", "dedupe", "maybe"], "dedupe: 'maybe' is not allowed"),
    (["-p", "colour", "red"], "parameter: 'colour' is not allowed"),
    (["-p", "corpus", "/tmp"], "parameter 'corpus' is set by render"),
    (["--notebooks", "casualties"], "notebook: 'casualties' is not allowed"),
    (["--since", "7d", "--start", "2020-01-01"], "either --since or --start/--end"),
    (["--start", "2021-01-01", "--end", "2020-01-01"], "after end"),
    (["-p", "places", "Atlantis"], "places: 'Atlantis' is not in the corpus"),
])
def test_bad_parameter_exits_nonzero_and_leaves_reports_identical(rendered_sample, args, needle):
    out, _ = rendered_sample
    before = tree(out)
    proc = run_cli("--out", str(out), *args)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("briefing: error: ") and needle in lines[0], proc.stderr
    assert tree(out) == before


def test_invalid_start_on_fresh_folder_writes_nothing(tmp_path):
    proc = run_cli("--out", str(tmp_path / "reports"), "-p", "start", "not-a-date")
    assert proc.returncode != 0 and "not-a-date" in proc.stderr
    assert not (tmp_path / "reports").exists()


def test_missing_corpus_is_one_line(tmp_path):
    proc = run_cli(str(tmp_path / "nope"), "--out", str(tmp_path / "r"))
    assert proc.returncode != 0 and len(proc.stderr.strip().splitlines()) == 1
    assert "nope" in proc.stderr


# ---------------------------------------------------------------- failures keep the last good briefing

def _broken_notebooks(tmp_path: Path) -> Path:
    """A copy of the notebooks where `briefing` raises in its last cell."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    for name in NOTEBOOKS:
        nb = json.loads(R.notebook_path(name).read_text(encoding="utf-8"))
        if name == "briefing":
            nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "boom", "metadata": {},
                                "outputs": [], "source": "raise RuntimeError('deliberate failure for the test')"})
        (folder / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    return folder


def test_failed_run_keeps_last_good_briefing(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    R.render(FIXTURES / "tiny_corpus", out, notebooks=["briefing"], today=DAY, progress=False)
    good = tree(out)
    monkeypatch.setattr(R, "NOTEBOOK_DIR", _broken_notebooks(tmp_path))
    with pytest.raises(RenderError) as err:
        R.render(FIXTURES / "tiny_corpus", out, notebooks=["briefing"], today=DAY, progress=False,
                 params={"title": "changed"})
    msg = str(err.value)
    assert "\n" not in msg
    assert "notebook briefing failed: RuntimeError: deliberate failure for the test" in msg
    kept = out / DAY.isoformat() / "failed" / "briefing.ipynb"
    assert kept.is_file() and str(kept) in msg
    after = tree(out)
    del after[f"{DAY.isoformat()}/failed/briefing.ipynb"]
    assert after == good                      # pages, CSVs, index and state untouched
    assert not list(out.glob(".render-*"))
    # the next good run publishes and clears the failure
    monkeypatch.undo()
    R.render(FIXTURES / "tiny_corpus", out, notebooks=["briefing"], today=DAY, progress=False)
    assert not kept.exists()


# ---------------------------------------------------------------- overlapping runs

def test_second_run_waits_then_fails_clearly(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    with FileLock(str(out / R.LOCK_NAME)):
        t0 = time.monotonic()
        with pytest.raises(LockError, match="another `briefing render` is writing"):
            R.render(FIXTURES / "tiny_corpus", out, lock_wait=0.5, today=DAY, progress=False)
        assert 0.4 < time.monotonic() - t0 < 5
    assert not (out / DAY.isoformat()).exists()


def test_two_renders_started_together_leave_one_valid_set(tmp_path):
    out = tmp_path / "reports"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    pair = ("date_spread", "briefing")      # a set of two pages keeps the test quick
    args = [*BRIEFING, str(FIXTURES / "tiny_corpus"), "--out", str(out), "--wait", "120",
            "--notebooks", ",".join(pair)]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    assert any(rc == 0 for *_, rc in results), results
    for _, err, rc in results:
        assert rc == 0 or "another `briefing render`" in err, err
    days = [d for d in out.iterdir() if d.is_dir()]
    assert len(days) == 1
    for name in pair:
        html = (days[0] / f"{name}.html").read_text(encoding="utf-8")
        assert html.rstrip().endswith("</html>") and 'class="headline"' in html
    assert not list(out.glob(".render-*")) and not list(days[0].glob(".*"))
    assert json.loads((days[0] / "briefing.json").read_text())["notebooks"] == ["date_spread", "briefing"]
    assert 'date_spread.html' in (out / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- options

def test_since_window_and_title(tmp_path):
    out = tmp_path / "reports"
    res = R.render(FIXTURES / "tiny_corpus", out, notebooks=["date_spread"], since="7d", today=DAY,
                   params=[("title", "Weekly <b>brief</b>")], progress=False)
    html = res.pages[0].read_text(encoding="utf-8")
    assert "Weekly &lt;b&gt;brief&lt;/b&gt;" in html and "<b>brief</b>" not in html
    assert "2025-12-30 to 2026-01-05" in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "2025-12-30 to 2026-01-05" in index


def test_kernel_runs_this_interpreter(tmp_path):
    spec = json.loads((R._kernelspec(tmp_path) / "kernels" / R.KERNEL_NAME / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable


def test_resolve_params_rejects_reserved_names():
    with pytest.raises(ParameterError, match="tables_dir"):
        R.resolve_params([("tables_dir", "/x")])


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("RUN_WHEEL_TEST") != "1", reason="set RUN_WHEEL_TEST=1 (builds a wheel: ~1 min)")
def test_wheel_install_renders_outside_checkout(tmp_path):
    """The notebooks and template ship in the wheel: build it from HEAD, install it (no deps:
    the test venv's packages are reused through a .pth) and render from outside the checkout."""
    root = Path(__file__).resolve().parents[1]
    src, wheels, venv = tmp_path / "src", tmp_path / "wheels", tmp_path / "venv"
    src.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=root, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(wheels)],
                   cwd=src, check=True)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    site_dir = subprocess.run([str(py), "-c", "import site; print(site.getsitepackages()[0])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    import site
    (Path(site_dir) / "zz_test_deps.pth").write_text(site.getsitepackages()[0] + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", *map(str, wheels.glob("*.whl"))], check=True)
    out = tmp_path / "reports"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([str(venv / "bin" / "briefing"), "render", "--out", str(out)], cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert len(list(out.glob("*/*.html"))) == 4 and (out / "index.html").is_file()
    where = subprocess.run([str(py), "-c", "import analysis; print(analysis.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, env=env).stdout
    assert str(venv) in where


def test_stale_staging_from_a_killed_run_is_removed(tmp_path):
    out = tmp_path / "reports"
    (out / ".render-killed" / "2026-01-05").mkdir(parents=True)
    R.render(FIXTURES / "tiny_corpus", out, notebooks=["date_spread"], today=DAY, progress=False)
    assert not list(out.glob(".render-*"))


def test_nav_links_only_to_pages_that_exist(tmp_path):
    out = tmp_path / "reports"
    res = R.render(FIXTURES / "tiny_corpus", out, notebooks=["date_spread"], today=DAY, progress=False)
    html = res.pages[0].read_text(encoding="utf-8")
    assert 'href="date_spread.html"' in html and 'href="briefing.html"' not in html
    assert 'href="../index.html"' in html


def test_tables_built_once_with_the_cache_and_handed_to_every_notebook(tmp_path, monkeypatch):
    import analysis.pipeline as pipeline
    builds, seen = [], []
    real_build, real_execute = pipeline.build_tables, R._execute

    def build(*args, **kwargs):
        builds.append(kwargs.get("cache"))
        return real_build(*args, **kwargs)

    def execute(name, src, dst, parameters):
        seen.append((name, parameters["tables_dir"]))
        return real_execute(name, src, dst, parameters)

    monkeypatch.setattr(pipeline, "build_tables", build)
    monkeypatch.setattr(R, "_execute", execute)
    res = R.render(FIXTURES / "tiny_corpus", tmp_path / "reports", notebooks=["briefing", "date_spread"],
                   today=DAY, progress=False, cache=tmp_path / "cache")
    assert builds == [tmp_path / "cache"]
    assert sorted(n for n, _ in seen) == ["briefing", "date_spread"]
    assert len({d for _, d in seen}) == 1 and all(d.endswith("tables") for _, d in seen)
    assert set(res.timings) == {"tables", "notebooks", "pages"}
    assert any((tmp_path / "cache").rglob("*")), "the cache was filled"
