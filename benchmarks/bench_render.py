"""Benchmark `briefing render`: the cold render time of the four pages.

    python benchmarks/bench_render.py                 # the bundled sample corpus (target < 20 s)
    python benchmarks/bench_render.py --articles 2000 # also a generated corpus of that size

"Cold" = a fresh `briefing` process writing into an empty reports folder: interpreter and
package import, building the tables once, four kernels started (two at a time), the
notebooks executed and converted, the index written. Kernel start-up and imports
dominate on the sample corpus; the table build dominates on large corpora.
Without --articles, BENCH_ARTICLES (set by run_all.py --articles) is used when set.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_S = 20.0


def cold_render(corpus: Path | None, workers: int) -> tuple[float, str]:
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        out = Path(tmp) / "reports"
        cmd = [sys.executable, "-m", "analysis.cli", "render", "--out", str(out), "--workers", str(workers)]
        if corpus is not None:
            cmd.insert(4, str(corpus))
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
        seconds = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"render failed: {proc.stderr.strip()}")
        pages = sorted(p.name for p in out.glob("*/*.html"))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        return seconds, f"{len(pages)} pages, {size / 1e6:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    env_articles = os.environ.get("BENCH_ARTICLES")
    ap.add_argument("--articles", type=int, default=int(env_articles) if env_articles else 0,
                    help="also render a generated corpus of this many articles")
    ap.add_argument("--workers", type=int, default=2, help="notebooks executed at once (default 2)")
    ap.add_argument("--repeat", type=int, default=1, help="cold renders of the sample corpus")
    args = ap.parse_args(argv)

    times = []
    for _ in range(args.repeat):
        seconds, what = cold_render(None, args.workers)
        times.append(seconds)
    best = min(times)
    verdict = "ok" if best < TARGET_S else "OVER TARGET"
    print(f"render sample corpus (cold, {args.workers} workers): {best:.1f} s  ({what}; target < {TARGET_S:.0f} s: "
          f"{verdict}; cpus {os.cpu_count()}, load {os.getloadavg()[0]:.1f})")

    if args.articles:
        sys.path.insert(0, str(HERE))
        import generate_corpus
        corpus = HERE / "out" / f"corpus-{args.articles}"
        if not corpus.exists():
            generate_corpus.generate(corpus, args.articles)
        seconds, what = cold_render(corpus, args.workers)
        print(f"render generated corpus of {args.articles:,} articles (cold): {seconds:.1f} s  ({what})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
