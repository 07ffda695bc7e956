"""Profile the per-file map (``analysis.pipeline.process_file``) in-process.

Runs the map over every file of a corpus under cProfile and prints CPU seconds per
``analysis`` module (own time of its functions: "tottime", plus callees outside the
package attributed to the calling ``analysis`` module), the map's total CPU time and its
throughput in words per CPU-second (words of article text, ``n_words``).

    python benchmarks/profile_map.py                          # corpus-2000
    python benchmarks/profile_map.py benchmarks/out/corpus-20000 --top 30
    python benchmarks/profile_map.py --no-profile              # CPU time without cProfile
    python benchmarks/profile_map.py --stages --repeat 3       # CPU per stage, best of 3

``--stages`` runs the map step by step (ingest+segment, sentences, dates, places,
sources, casualties) timing each with ``time.process_time`` (no profiler overhead): the
figures to compare before/after a change. The machine is shared: compare runs made
close together, best of several.
"""
from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def _module_of(filename: str) -> str | None:
    p = Path(filename)
    if p.parent.name == "analysis" and p.suffix == ".py":
        return p.stem
    return None


def by_module(stats: pstats.Stats) -> dict[str, float]:
    """Own time of each analysis module, plus the time of callees outside the package
    (regex engine, builtins, trafilatura...) charged to the analysis caller."""
    raw = stats.stats  # (file, line, func) -> (cc, nc, tt, ct, callers)
    own: dict[str, float] = defaultdict(float)
    for (fname, _line, _func), (_cc, _nc, tt, _ct, callers) in raw.items():
        mod = _module_of(fname)
        if mod is not None:
            own[mod] += tt
            continue
        # outside the package: split its own time among analysis callers by their share
        total = sum(c[3] if len(c) > 3 else 0 for c in callers.values()) or 0.0
        parts = []
        for (cf, _cl, _cfn), c in callers.items():
            cmod = _module_of(cf)
            ct = c[3] if len(c) > 3 else 0.0
            parts.append((cmod, ct))
        if not parts or total <= 0:
            own["(other)"] += tt
            continue
        for cmod, ct in parts:
            own[cmod or "(other)"] += tt * ct / total
    return dict(own)


def stages(tasks, repeat: int) -> None:
    """The map step by step (what ``process_file``/``extract_article`` do), each stage
    timed with ``time.process_time``; the best of ``repeat`` runs per stage."""
    from analysis import ingest
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from profile_extractors import run as run_extractors  # the per-article stages, timed

    clock = time.process_time
    best: dict[str, float] = {}
    first: dict[str, float] = {}
    words = 0
    for run in range(repeat):
        spent: dict[str, float] = defaultdict(float)
        words = 0
        for t in tasks:
            t0 = clock()
            _log, arts = ingest.parse(t)
            spent["ingest+segment"] += clock() - t0
            words += sum(int(a["n_words"]) for a in arts)
            run_extractors(arts, spent)
        for k, v in spent.items():
            best[k] = min(best.get(k, v), v)
        if run == 0:
            first = dict(spent)
    total = sum(best.values())
    print(f"files {len(tasks)}  words {words:,}  map CPU {total:.2f} s  "
          f"{words / total:,.0f} words/CPU-s (sum of best stage times)")
    # later runs start with this process's memos warm (segment's line memo, sentence
    # keys...): the first run is what a fresh worker pays
    print(f"{'stage':<16}{'CPU s':>8}{'share':>8}{'M words/s':>11}{'first run':>11}")
    for k, v in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"{k:<16}{v:>8.2f}{v / total:>8.1%}{words / v / 1e6:>11.2f}"
              f"{words / first[k] / 1e6:>11.2f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT / "benchmarks/out/corpus-2000"))
    ap.add_argument("--top", type=int, default=20, help="functions to list by own time")
    ap.add_argument("--no-profile", action="store_true", help="CPU time only (no cProfile)")
    ap.add_argument("--repeat", type=int, default=1, help="runs without profile (best CPU)")
    ap.add_argument("--stages", action="store_true",
                    help="CPU time of each stage (ingest, sentences, extractors), no cProfile")
    args = ap.parse_args(argv)

    logging.disable(logging.WARNING)
    from analysis import ingest, pipeline

    tasks = ingest.discover(Path(args.corpus))
    # warm up: lexicons, compiled patterns, lazy imports (trafilatura) outside the timing
    for t in tasks[:5]:
        pipeline.process_file(t)
    for t in tasks:
        if t.kind == "html":
            pipeline.process_file(t)
            break

    def run() -> tuple[float, int]:
        words = 0
        t0 = time.process_time()
        for t in tasks:
            out = pipeline.process_file(t)
            words += sum(int(a["n_words"]) for a in out["articles"])
        return time.process_time() - t0, words

    if args.stages:
        stages(tasks, max(1, args.repeat))
        return

    if args.no_profile:
        best = None
        for _ in range(max(1, args.repeat)):
            cpu, words = run()
            best = cpu if best is None else min(best, cpu)
        print(f"files {len(tasks)}  words {words:,}  map CPU {best:.2f} s  "
              f"{words / best:,.0f} words/CPU-s (no profiler)")
        return

    prof = cProfile.Profile()
    prof.enable()
    cpu, words = run()
    prof.disable()
    stats = pstats.Stats(prof)
    mods = by_module(stats)
    scale = cpu / (sum(mods.values()) or 1.0)   # profiler overhead spread evenly
    print(f"files {len(tasks)}  words {words:,}  map CPU {cpu:.2f} s (profiled)  "
          f"{words / cpu:,.0f} words/CPU-s (profiled)")
    print(f"{'module':<14}{'CPU s':>8}{'share':>8}")
    for mod, t in sorted(mods.items(), key=lambda kv: -kv[1]):
        print(f"{mod:<14}{t * scale:>8.2f}{t / sum(mods.values()):>8.1%}")
    if args.top:
        print()
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
