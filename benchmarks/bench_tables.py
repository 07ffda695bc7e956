"""Benchmark `briefing tables` over a large generated corpus.

Prints, each measured in a fresh ``python -m analysis.cli tables`` process:

- extraction throughput: words of article text per CPU-second, all tables together
  (cold run, one worker, CPU time of the whole process), and split by phase: discovery
  (hashing), the per-file map (ingest + every extractor), the cross-article reduce;
- peak memory: largest resident set of the command or one of its workers (MB);
- wall time cold with 1 and 2 workers (fresh cache each);
- an unchanged re-run, a re-run after adding 1% new files and a run after removing
  them again (the CLI, 2 workers, warm cache), as a share of the 2-worker cold run; the
  grown corpus is also built cold without a cache, and its tables compared.

    python benchmarks/bench_tables.py                   # 20,000 articles
    python benchmarks/bench_tables.py --articles 2000   # quicker
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate_corpus  # noqa: E402

TARGETS = {"words_per_cpu_s": 250_000, "cold_2_workers_s": 60.0, "peak_mb": 2048.0,
           "unchanged_pct": 5.0, "added_pct": 10.0}


def run_tables(corpus: Path, out: Path, *, workers: int, cache: Path | None) -> dict:
    """One ``briefing tables`` run in a child process: wall, CPU and peak memory."""
    cmd = [sys.executable, "-m", "analysis.cli", "tables", str(corpus), "--out", str(out),
           "--format", "parquet", "--workers", str(workers)]
    cmd += ["--cache", str(cache)] if cache else ["--no-cache"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-4000:])
        raise SystemExit(f"briefing tables failed (exit {proc.returncode})")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "maxrss_mb": after.ru_maxrss / 1024}


def phases_child(corpus: str, out: str, cache: str, workers: str = "1") -> None:
    """In a child process: what ``briefing tables --workers N --cache DIR`` does, with the
    CPU time of each phase of the calling process and the wall time of the reduce (JSON)."""
    import logging
    logging.disable(logging.WARNING)
    from analysis import ingest, pipeline
    from analysis.output import write_tables
    spent = {"discover": 0.0, "map": 0.0, "reduce": 0.0}

    def timed(name, fn):
        def wrapper(*a, **k):
            t0, w0 = time.process_time(), time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.process_time() - t0
                spent[name + "_wall"] = spent.get(name + "_wall", 0.0) + time.perf_counter() - w0
        return wrapper
    pipeline.ingest.discover = timed("discover", ingest.discover)
    if workers == "1":     # a pool needs the real (picklable) function
        pipeline.process_file = timed("map", pipeline.process_file)
    pipeline._link = timed("reduce", pipeline._link)                  # a full link
    pipeline.incremental.relink = timed("reduce", pipeline.incremental.relink)
    # the reduce by part (CPU of each cross-article step)
    from analysis import casualties, dates, incidents, places, pubdate
    for mod, fn, part in ((pubdate, "infer", "r_pubdate"), (dates, "resolve_table", "r_dates"),
                          (casualties, "finalize", "r_casualties"), (places, "table", "r_places"),
                          (incidents, "build", "r_incidents")):
        spent[part] = 0.0
        setattr(mod, fn, timed(part, getattr(mod, fn)))
    t0 = time.process_time()
    tables = pipeline.build_tables(corpus, workers=int(workers), cache=cache)
    spent["build_tables"] = time.process_time() - t0
    t1 = time.process_time()
    write_tables(tables, out, "parquet")
    spent["write"] = time.process_time() - t1
    print(json.dumps(spent))


def run_phases(corpus: Path, out: Path, cache: Path, workers: int = 1) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--_phases", str(corpus), str(out), str(cache),
                           str(workers)],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit("the in-process run failed")
    spent = json.loads(proc.stdout.strip().splitlines()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "maxrss_mb": after.ru_maxrss / 1024, "phases": spent}


def reduce_parts(phases: dict) -> list[float]:
    """CPU seconds of the reduce's steps (see `phases_child`), then the rest of it."""
    parts = [phases.get(k, 0.0) for k in ("r_pubdate", "r_dates", "r_casualties", "r_places",
                                          "r_incidents")]
    return parts + [max(0.0, phases.get("reduce", 0.0) - sum(parts))]


def corpus_words(out: Path) -> tuple[int, int]:
    import pandas as pd
    articles = pd.read_parquet(out / "articles.parquet", columns=["n_words"])
    return int(articles["n_words"].sum()), len(articles)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_phases"]:
        phases_child(*argv[1:5])
        return 0
    ap = argparse.ArgumentParser(description="Benchmark `briefing tables`.")
    ap.add_argument("--articles", type=int, default=int(os.environ.get("BENCH_ARTICLES", 20_000)),
                    help="corpus size (default: $BENCH_ARTICLES or 20,000)")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="corpus folder (default: benchmarks/out/corpus-<articles>, generated if missing)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)

    corpus = args.corpus or HERE / "out" / f"corpus-{args.articles}"
    if not corpus.exists():
        t0 = time.perf_counter()
        counts = generate_corpus.generate(corpus, args.articles)
        print(f"generated {counts['articles']} articles in {counts['files']} files "
              f"({time.perf_counter() - t0:.1f} s)")
    added = corpus / "zz-added"
    shutil.rmtree(added, ignore_errors=True)

    work = Path(tempfile.mkdtemp(prefix="bench-tables-"))
    try:
        cold1 = run_phases(corpus, work / "o1", work / "cache1")   # = tables --workers 1
        words, n_articles = corpus_words(work / "o1")
        cold2 = run_tables(corpus, work / "o2", workers=2, cache=work / "cache2")   # the CLI itself
        # the re-runs: the CLI itself, as a scheduled job runs it
        same = run_tables(corpus, work / "o3", workers=2, cache=work / "cache2")
        n_new = max(1, args.articles // 100)
        generate_corpus.generate(added, n_new, seed=99, start=10_000_000)
        grown = run_tables(corpus, work / "o4", workers=2, cache=work / "cache2")
        grown_cold = run_tables(corpus, work / "o6", workers=2, cache=None)   # to compare
        shutil.rmtree(added)
        shrunk = run_tables(corpus, work / "o5", workers=2, cache=work / "cache2")

        def same_files(a: str, b: str) -> bool:
            return all((work / a / f).read_bytes() == (work / b / f).read_bytes()
                       for f in os.listdir(work / a))
        identical = all(same_files("o1", d) for d in ("o2", "o3", "o5")) and same_files("o6", "o4")
    finally:
        shutil.rmtree(added, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)

    runs = [cold1, cold2, same, grown, shrunk]
    figures = {
        "articles": n_articles,
        "words": words,
        "words_per_cpu_s": words / cold1["cpu"],
        "extraction_words_per_cpu_s": words / cold1["phases"]["map"],
        "cpu_s_by_phase": cold1["phases"],
        "reduce_cpu_s_by_part": dict(zip(("pubdate", "dates", "casualties", "places", "incidents",
                                          "rest"), reduce_parts(cold1["phases"]))),
        "cold_1_worker_s": cold1["wall"],
        "cold_2_workers_s": cold2["wall"],
        "cold_2_workers_cpu_s": cold2["cpu"],
        "unchanged_s": same["wall"],
        "unchanged_pct": 100 * same["wall"] / cold2["wall"],
        "added_s": grown["wall"],
        "added_pct": 100 * grown["wall"] / cold2["wall"],
        "removed_s": shrunk["wall"],
        "removed_pct": 100 * shrunk["wall"] / cold2["wall"],
        "rerun_cpu_s": [r["cpu"] for r in (same, grown, shrunk)],
        "grown_cold_s": grown_cold["wall"],
        "peak_mb": max(r["maxrss_mb"] for r in runs),
        "identical_tables": identical,
    }
    print(f"briefing tables over {n_articles:,} articles ({words:,} words), corpus {corpus}")
    rows = [
        ("throughput, all tables (words / CPU-s)", f"{figures['words_per_cpu_s']:,.0f}", ">= 250,000",
         figures["words_per_cpu_s"] >= TARGETS["words_per_cpu_s"]),
        ("  per-file extraction only (words / CPU-s)", f"{figures['extraction_words_per_cpu_s']:,.0f}", "", None),
        ("  CPU s: discover / per-file map / reduce+link",
         "{discover:.1f} / {map:.1f} / {reduce:.1f}".format(**cold1["phases"]), "", None),
        ("  reduce CPU s: pubdate / dates / casualties / places / incidents / rest",
         "{:.1f} / {:.1f} / {:.1f} / {:.1f} / {:.1f} / {:.1f}".format(*reduce_parts(cold1["phases"])),
         "", None),
        ("cold, 1 worker (s)", f"{cold1['wall']:.1f}", "", None),
        ("cold, 2 workers (s)", f"{cold2['wall']:.1f}", "< 60 (20,000 articles)",
         cold2["wall"] < TARGETS["cold_2_workers_s"] if args.articles >= 20_000 else None),
        ("peak memory (MB)", f"{figures['peak_mb']:,.0f}", "< 2,048", figures["peak_mb"] < TARGETS["peak_mb"]),
        ("unchanged re-run (s, % of cold)", f"{same['wall']:.2f}  {figures['unchanged_pct']:.1f}%", "< 5%",
         figures["unchanged_pct"] < TARGETS["unchanged_pct"]),
        (f"+1% new files ({n_new}) (s, % of cold)", f"{grown['wall']:.2f}  {figures['added_pct']:.1f}%", "< 10%",
         figures["added_pct"] < TARGETS["added_pct"]),
        ("files removed again (s, % of cold)", f"{shrunk['wall']:.2f}  {figures['removed_pct']:.1f}%", "", None),
        ("  CPU s of those re-runs (all processes)",
         " / ".join(f"{r['cpu']:.2f}" for r in (same, grown, shrunk)), "", None),
        ("  the grown corpus cold, no cache (s)", f"{grown_cold['wall']:.1f}", "", None),
        ("tables identical (workers, cache; grown vs cold)", str(identical), "True", identical),
    ]
    for label, value, target, ok in rows:
        mark = "" if ok is None else ("  ok" if ok else "  MISSED")
        print(f"  {label:<44} {value:>18}   {target}{mark}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
