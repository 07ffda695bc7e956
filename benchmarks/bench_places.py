"""Place finding: throughput of ``analysis.places.find`` and the gazetteer's size.

    .venv/bin/python benchmarks/bench_places.py [--repeat N]

Throughput is words per CPU-second (``time.process_time``) over the sample corpus's raw
text repeated N times (default: BENCH_ARTICLES / 6, at least 50), as one text per copy
of each file, the way the pipeline calls ``find`` once per article. Also prints how long
loading and compiling the gazetteer takes (once per process) and the mentions found.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import places  # noqa: E402
from analysis.pipeline import default_corpus  # noqa: E402
from analysis.textutil import count_words, sentences  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = max(50, int(os.environ.get("BENCH_ARTICLES", "300")) // 6)
    ap.add_argument("--repeat", type=int, default=default, help="copies of the sample corpus")
    args = ap.parse_args(argv)

    t0 = time.process_time()
    g = places.gazetteer()
    load = time.process_time() - t0
    print(f"gazetteer: {len(g.places)} places, {len(g.keys)} spellings, "
          f"regex {len(g.regex.pattern):,} chars, loaded and compiled in {load:.2f} CPU-s")

    texts = [p.read_text(encoding="utf-8") for p in sorted(default_corpus().iterdir()) if p.is_file()]
    texts = texts * args.repeat
    spans = [sentences(t) for t in texts]
    words = sum(count_words(t) for t in texts)
    t0 = time.process_time()
    found = sum(len(places.find(f"a{i}", t, s)) for i, (t, s) in enumerate(zip(texts, spans)))
    cpu = time.process_time() - t0
    print(f"find: {words:,} words, {found:,} mentions in {cpu:.2f} CPU-s "
          f"= {words / max(cpu, 1e-9):,.0f} words per CPU-second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
