"""Time the publication-date step on its own (CPU seconds, best of ``--repeat``).

    python benchmarks/profile_pubdate.py infer CORPUS --cache DIR   # pubdate.infer, from a warm cache
    python benchmarks/profile_pubdate.py prepare CORPUS              # pubdate.prepare, in the map

``infer`` loads the per-file results of CORPUS from the cache folder DIR (made by
``analysis.cli tables ... --cache DIR`` with this code), frames them as ``pipeline.link``
does and times ``pubdate.infer``; ``--bare`` drops the prepared ``_pd_`` columns first
(infer then computes them itself), ``--check`` compares both ways. ``prepare`` runs
ingest, sentences and ``dates.tag`` per article and times only ``pubdate.prepare``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _frames(corpus: Path, cache_dir: str, version: str | None = None):
    import pandas as pd
    from analysis import cache as cache_mod, ingest
    from analysis.schema import frame
    tasks = ingest.discover(corpus)
    store = cache_mod.FileCache(cache_dir, corpus, version=version)
    keys = [store.key(t) for t in tasks]
    hits = store.load(keys)
    if len(hits) != len(keys):
        sys.exit(f"cache holds {len(hits)} of {len(keys)} files: build it with this code")
    arts, dts = [], []
    for k in keys:
        arts.extend(hits[k]["articles"])
        dts.extend(hits[k]["dates"])
    return frame("articles", arts, extra=True), pd.DataFrame(dts)


def infer(args) -> None:
    from analysis import pubdate
    articles, date_df = _frames(Path(args.corpus), args.cache, args.version)
    if args.bare:
        articles = articles.drop(columns=[c for c in articles.columns if c.startswith("_pd_")])
    best = None
    for _ in range(args.repeat):
        t = time.process_time()
        out = pubdate.infer(articles, date_df)
        spent = time.process_time() - t
        best = spent if best is None else min(best, spent)
    print(f"infer: {best:.3f} CPU-s over {len(articles)} articles "
          f"({'bare' if args.bare else 'prepared'})")
    if args.check:
        bare = pubdate.infer(articles.drop(columns=[c for c in articles.columns
                                                   if c.startswith("_pd_")]), date_df)
        cols = [c for c in out.columns if c.startswith("published")]
        same = out[cols].equals(bare[cols])
        print("prepared == bare:", same)
        if not same:
            sys.exit(1)


def prepare(args) -> None:
    from analysis import dates, ingest, pubdate
    from analysis.textutil import sentences
    tasks = ingest.discover(Path(args.corpus))
    work = []
    for task in tasks:
        _log, rows = ingest.parse(task)
        for a in rows:
            text = a["text"] or ""
            sents = sentences(text)
            work.append((a, dates.tag(a["article_id"], text, sents), sents))
    best = None
    for _ in range(args.repeat):
        pubdate._KEYS.clear()    # the map's processes start cold
        t = time.process_time()
        for a, rows, sents in work:
            pubdate.prepare(a, rows, sents)
        spent = time.process_time() - t
        best = spent if best is None else min(best, spent)
    words = sum(len((a["text"] or "").split()) for a, _, _ in work)
    print(f"prepare: {best:.3f} CPU-s over {len(work)} articles, {words} words")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["infer", "prepare"])
    ap.add_argument("corpus")
    ap.add_argument("--cache", help="cache folder (infer)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--version", help="the extractor version the cache was made by "
                    "(default: this code's; an older cache gives frames without _pd_ fields)")
    ap.add_argument("--bare", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    import logging
    logging.disable(logging.WARNING)
    (infer if args.what == "infer" else prepare)(args)


if __name__ == "__main__":
    main()
