"""Benchmark `briefing render`: the four pages, cold, for the sample and a large corpus.

    python benchmarks/bench_render.py                      # sample (target < 20 s) + corpus-20000 (< 60 s)
    python benchmarks/bench_render.py --articles 0         # the bundled sample corpus only
    python benchmarks/bench_render.py --articles 2000      # sample + benchmarks/out/corpus-2000
    python benchmarks/bench_render.py --corpus PATH        # sample + any corpus folder
    python benchmarks/bench_render.py --per-notebook       # + each notebook's execute/convert at 20k

"Cold" = a fresh `briefing` process writing into an empty reports folder: interpreter and
package import, building the tables once, four kernels started (two at a time), the
notebooks executed and converted, the index written. Kernel start-up and imports
dominate on the sample corpus.

A large corpus is rendered twice with the same fresh cache folder (`--cache`): first
cold (every file parsed, the cache filled), then warm (nothing parsed again, only the
cross-article work). Each run prints its steps as `briefing render` reports them:
tables (build + parquet), notebooks (papermill), pages (nbconvert). `--per-notebook`
then executes and converts each notebook alone on the tables written once, to show where
the notebook time goes. Without --articles: BENCH_ARTICLES (set by run_all.py
--articles) when set, else 20,000 (like bench_tables.py).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_S = 20.0
TARGET_LARGE_S = 60.0
STEPS = re.compile(r"in ([0-9.]+)s \((.*)\)")


def cold_render(corpus: Path | None, workers: int, cache: Path | None = None) -> tuple[float, str, dict]:
    """One ``briefing render`` in a fresh process; (wall s, pages and size, steps' seconds)."""
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        out = Path(tmp) / "reports"
        cmd = [sys.executable, "-m", "analysis.cli", "render", "--out", str(out), "--workers", str(workers)]
        if corpus is not None:
            cmd.insert(4, str(corpus))
        if cache is not None:
            cmd += ["--cache", str(cache)]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
        seconds = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"render failed: {proc.stderr.strip()}")
        steps = {}
        m = STEPS.search(proc.stdout)
        if m:
            for part in m.group(2).split(","):
                name, _, value = part.strip().partition(" ")
                steps[name] = float(value.rstrip("s"))
        pages = sorted(out.glob("*/*.html"))
        biggest = max((p.stat().st_size for p in pages), default=0)
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        return seconds, (f"{len(pages)} pages, largest {biggest / 1e6:.1f} MB, "
                         f"{size / 1e6:.1f} MB with CSVs"), steps


def _steps(steps: dict) -> str:
    return ", ".join(f"{k} {v:.1f} s" for k, v in steps.items()) or "steps not reported"


def per_notebook(corpus: Path, cache: Path) -> None:
    """Build the tables once (parquet, from ``cache``), then execute and convert each notebook alone."""
    sys.path.insert(0, str(ROOT))
    from analysis import render
    from analysis.output import write_tables
    from analysis.pipeline import build_tables

    with tempfile.TemporaryDirectory(prefix="bench-render-nb-") as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        write_tables(build_tables(corpus, cache=cache), tmp / "tables", "parquet")
        print(f"  tables (warm cache) written once as parquet: {time.perf_counter() - t0:.1f} s")
        (tmp / "data").mkdir()
        with render.kernel(tmp / "jupyter"):
            for n in render.NOTEBOOKS:
                t0 = time.perf_counter()
                render._execute(n, render.notebook_path(n), tmp / f"{n}.ipynb",
                                {"tables_dir": str(tmp / "tables"), "data_dir": str(tmp / "data")})
                t1 = time.perf_counter()
                render.convert(tmp / f"{n}.ipynb", tmp / f"{n}.html", title=n)
                t2 = time.perf_counter()
                print(f"  {n:<20} execute {t1 - t0:5.1f} s, convert {t2 - t1:4.1f} s, "
                      f"page {(tmp / f'{n}.html').stat().st_size / 1e6:.1f} MB", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    env_articles = os.environ.get("BENCH_ARTICLES")
    ap.add_argument("--articles", type=int, default=int(env_articles) if env_articles else 20_000,
                    help="also render benchmarks/out/corpus-N, generated when missing "
                         "(default: $BENCH_ARTICLES or 20,000; 0: the sample only)")
    ap.add_argument("--corpus", type=Path, default=None, help="also render this corpus folder")
    ap.add_argument("--workers", type=int, default=2, help="notebooks executed at once (default 2)")
    ap.add_argument("--repeat", type=int, default=1, help="cold renders of the sample corpus")
    ap.add_argument("--per-notebook", action="store_true",
                    help="for the large corpus, also time each notebook's execute and convert alone")
    ap.add_argument("--skip-sample", action="store_true", help="do not render the sample corpus")
    args = ap.parse_args(argv)
    load = lambda: f"cpus {os.cpu_count()}, load {os.getloadavg()[0]:.1f}"  # noqa: E731

    if not args.skip_sample:
        runs = [cold_render(None, args.workers) for _ in range(args.repeat)]
        seconds, what, steps = min(runs, key=lambda r: r[0])
        verdict = "ok" if seconds < TARGET_S else "OVER TARGET"
        print(f"render sample corpus (cold, {args.workers} workers): {seconds:.1f} s  ({what}; "
              f"{_steps(steps)}; target < {TARGET_S:.0f} s: {verdict}; {load()})", flush=True)

    corpus = args.corpus
    if corpus is None and args.articles:
        sys.path.insert(0, str(HERE))
        import generate_corpus
        corpus = HERE / "out" / f"corpus-{args.articles}"
        if not corpus.exists():
            generate_corpus.generate(corpus, args.articles)
    if corpus is not None:
        n_files = sum(1 for p in Path(corpus).rglob("*") if p.is_file())
        cache = Path(tempfile.mkdtemp(prefix="bench-render-cache-"))
        try:
            for label in ("cold, empty cache", "warm cache"):
                seconds, what, steps = cold_render(corpus, args.workers, cache)
                verdict = "ok" if seconds < TARGET_LARGE_S else "OVER TARGET"
                print(f"render {corpus.name} ({n_files:,} files; {label}): {seconds:.1f} s  ({_steps(steps)}; "
                      f"{what}; target < {TARGET_LARGE_S:.0f} s: {verdict}; {load()})", flush=True)
            if args.per_notebook:
                print(f"per notebook on {corpus.name}:")
                per_notebook(Path(corpus), cache)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
