"""Run every benchmark script in this folder (``bench_*.py``) and print their figures.

    python benchmarks/run_all.py                    # full size (20,000 articles)
    python benchmarks/run_all.py --articles 2000    # quicker; sets BENCH_ARTICLES

Each script runs in its own process (so one's memory does not count against another)
and prints its own figures; this runner adds a summary line per script. A script that
fails does not stop the others; the exit status is non-zero if any failed.
Scripts read the corpus size from ``BENCH_ARTICLES`` when it is set.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run every benchmarks/bench_*.py.")
    ap.add_argument("--articles", type=int, default=None, help="corpus size for every script")
    ap.add_argument("only", nargs="*", help="run only these scripts (e.g. bench_tables)")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    if args.articles:
        env["BENCH_ARTICLES"] = str(args.articles)
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem in args.only or s.name in args.only]
    summary = []
    for script in scripts:
        print(f"=== {script.name}", flush=True)
        t0 = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent, env=env)
        summary.append((script.name, code, time.perf_counter() - t0))
        print(flush=True)
    print("=== summary")
    for name, code, secs in summary:
        print(f"  {name:<24} {'ok' if code == 0 else f'FAILED (exit {code})':<18} {secs:7.1f} s")
    return 0 if all(code == 0 for _, code, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
