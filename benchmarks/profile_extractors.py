"""CPU seconds per extractor over a generated corpus (the per-file map, minus ingest).

Parses the corpus once up front (``analysis.ingest.discover/parse``), then runs the
steps of ``analysis.pipeline.extract_article`` on every article, timing each step with
``time.process_time``; prints CPU seconds and words per CPU-second per step and for all
of them together. ``--profile`` also runs everything under cProfile and prints the top
functions (by internal time) of the modules asked for with ``--focus``.

    python benchmarks/profile_extractors.py                        # corpus-2000
    python benchmarks/profile_extractors.py --profile --focus sources,casualties,numbers
    python benchmarks/profile_extractors.py --dump /tmp/rows.pkl   # rows, for diffing
"""
from __future__ import annotations

import argparse
import cProfile
import logging
import pickle
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from analysis import casualties, dates, ingest, places, sources  # noqa: E402
from analysis.textutil import sentences  # noqa: E402

STEPS = ("sentences", "dates", "places", "sources", "casualties")


def load(corpus: Path, limit: int | None) -> list[dict]:
    arts = []
    for task in ingest.discover(corpus):
        _log, rows = ingest.parse(task)
        arts.extend(rows)
    return arts[:limit] if limit else arts


def run(arts: list[dict], spent: dict | None = None, keep: list | None = None) -> None:
    clock = time.process_time
    for a in arts:
        aid, text = a["article_id"], a["text"] or ""
        t0 = clock()
        sents = sentences(text)
        t1 = clock()
        d = dates.tag(aid, text, sents)
        t2 = clock()
        p = places.find(aid, text, sents)
        t3 = clock()
        s = sources.extract(aid, text, sents, outlet=a.get("outlet"))
        t4 = clock()
        c = casualties.extract(aid, text, sents, dates=d, places=p, sources=s)
        t5 = clock()
        if spent is not None:
            for k, x, y in zip(STEPS, (t0, t1, t2, t3, t4), (t1, t2, t3, t4, t5)):
                spent[k] += y - x
        if keep is not None:
            keep.append((aid, s, c))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(HERE / "out" / "corpus-2000"))
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--repeat", type=int, default=1, help="timed passes (best is kept)")
    ap.add_argument("--profile", action="store_true", help="also run under cProfile")
    ap.add_argument("--focus", default="sources,casualties,numbers",
                    help="modules whose functions --profile lists")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--dump", help="pickle (article_id, sources rows, casualty rows) here")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)

    arts = load(Path(args.corpus), args.limit)
    words = sum(len((a["text"] or "").split()) for a in arts)
    run(arts[:50])  # warm-up: lexicons compiled, caches primed as in a worker
    best = None
    for _ in range(max(1, args.repeat)):
        spent = dict.fromkeys(STEPS, 0.0)
        keep = [] if args.dump and best is None else None
        run(arts, spent, keep)
        if keep is not None:
            with open(args.dump, "wb") as fh:
                pickle.dump(keep, fh)
        if best is None or sum(spent.values()) < sum(best.values()):
            best = spent
    total = sum(best.values())
    print(f"{len(arts)} articles, {words:,} words")
    print(f"{'step':<12}{'CPU s':>9}{'share':>8}{'words/CPU-s':>14}")
    for k in STEPS:
        v = best[k]
        print(f"{k:<12}{v:9.3f}{v / total:8.1%}{(words / v if v else float('inf')):14,.0f}")
    print(f"{'all':<12}{total:9.3f}{1:8.1%}{words / total:14,.0f}")

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        run(arts)
        prof.disable()
        stats = pstats.Stats(prof)
        focus = [f"analysis/{m.strip()}.py" for m in args.focus.split(",") if m.strip()]
        stats.sort_stats("tottime")
        rows = [(key, val) for key, val in stats.stats.items()
                if any(key[0].endswith(f) for f in focus)]
        rows.sort(key=lambda kv: kv[1][2], reverse=True)
        print(f"\ncProfile, functions of {', '.join(focus)} by internal time:")
        print(f"{'calls':>10}{'tottime':>9}{'cumtime':>9}  function")
        for (fname, line, func), (cc, nc, tt, ct, _callers) in rows[:args.top]:
            print(f"{nc:>10}{tt:9.3f}{ct:9.3f}  {Path(fname).name}:{line}({func})")
        print("\nall functions by internal time:")
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
