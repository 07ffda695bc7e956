"""Date tagging: throughput and accuracy, our tagger beside dateparser's search_dates.

    .venv/bin/python benchmarks/bench_dates.py [--repeat N] [--no-dateparser]

Throughput is words per CPU-second (``time.process_time``) over the sample corpus's raw
text repeated N times (tagging only, and tagging + resolving). Accuracy is measured on
the shared case table ``tests/date_cases.py`` (the same table the tests use): a case is
right when the last date expression found in the text has the expected value (see that
module's docstring). dateparser gets the same texts with ``RELATIVE_BASE`` set to the
publication date and ``PREFER_DATES_FROM = past``; it returns a day, so it is scored
leniently: right when that day lies inside the expected period, and right on
NONE/DURATION/UNRESOLVED cases when it finds nothing.
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from analysis import dates  # noqa: E402
from analysis.textutil import count_words, sentences  # noqa: E402
from date_cases import CASES, DURATION, NONE, UNRESOLVED  # noqa: E402


def corpus_text() -> str:
    folder = ROOT / "analysis" / "data" / "corpus"
    return "\n\n".join(p.read_text(encoding="utf-8", errors="replace")
                       for p in sorted(folder.glob("*.txt")))


def throughput(text: str, repeat: int) -> dict:
    big = "\n".join([text] * repeat)
    words = count_words(big)
    sents = sentences(big)
    dates.tag("warmup", text, sentences(text))
    t0 = time.process_time()
    rows = dates.tag("bench", big, sents)
    t1 = time.process_time()
    dates.resolve_rows(rows, "2020-05-06", "day")
    t2 = time.process_time()
    return {"words": words, "rows": len(rows), "tag_wps": words / max(t1 - t0, 1e-9),
            "tag_resolve_wps": words / max(t2 - t0, 1e-9)}


def dateparser_throughput(text: str) -> float:
    from dateparser.search import search_dates
    words = count_words(text)
    t0 = time.process_time()
    for start, end in sentences(text):
        search_dates(text[start:end], languages=["en"])
    return words / max(time.process_time() - t0, 1e-9)


def score_ours(text: str, pub, expected) -> bool:
    rows = dates.tag_text(text, pub)
    if expected == NONE:
        return not rows
    if not rows:
        return False
    r = rows[-1]
    if expected == DURATION:
        return r["kind"] == "duration"
    if expected == UNRESOLVED:
        return r["kind"] != "duration" and r["value_low"] is None
    return (r["value_low"], r["value_high"], r["granularity"]) == tuple(expected)


def _base(pub):
    if pub is None:
        return None
    parts = [int(p) for p in str(pub).split("-")] + [1, 1]
    return datetime(parts[0], parts[1], parts[2])


def score_dateparser(text: str, pub, expected) -> bool:
    from dateparser.search import search_dates
    settings = {"PREFER_DATES_FROM": "past"}
    base = _base(pub)
    if base is not None:
        settings["RELATIVE_BASE"] = base
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = search_dates(text, languages=["en"], settings=settings) or []
        except Exception:  # noqa: BLE001 - a crash counts as a miss
            found = []
    if expected in (NONE, DURATION, UNRESOLVED):
        return not found
    if not found:
        return False
    got = found[-1][1].date().isoformat()
    return expected[0] <= got <= expected[1]


def accuracy(scorer) -> tuple[int, int, dict]:
    ok, by_kind = 0, {}
    for text, pub, expected in CASES:
        kind = expected if isinstance(expected, str) else "value"
        right = scorer(text, pub, expected)
        ok += right
        a, n = by_kind.get(kind, (0, 0))
        by_kind[kind] = (a + right, n + 1)
    return ok, len(CASES), by_kind


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=200, help="corpus copies for the throughput run")
    ap.add_argument("--no-dateparser", action="store_true", help="skip dateparser (slow)")
    args = ap.parse_args(argv)

    text = corpus_text()
    tp = throughput(text, args.repeat)
    ours_ok, n, ours_kind = accuracy(score_ours)
    print(f"corpus: {tp['words']:,} words ({args.repeat} copies of the sample), {tp['rows']:,} date rows")
    print(f"{'':28}{'analysis.dates':>18}{'dateparser':>18}")
    dp_tp = dp_ok = dp_kind = None
    if not args.no_dateparser:
        dp_tp = dateparser_throughput(text)
        dp_ok, _, dp_kind = accuracy(score_dateparser)
    fmt = lambda v: "-" if v is None else f"{v:,.0f}"  # noqa: E731
    print(f"{'words / CPU-second (tag)':28}{fmt(tp['tag_wps']):>18}{fmt(dp_tp):>18}")
    print(f"{'words / CPU-second (+resolve)':28}{fmt(tp['tag_resolve_wps']):>18}{'':>18}")
    dp_acc = "-" if dp_ok is None else f"{dp_ok}/{n} ({dp_ok / n:.0%})"
    print(f"{'accuracy on date_cases':28}{f'{ours_ok}/{n} ({ours_ok / n:.0%})':>18}{dp_acc:>18}")
    for kind in sorted(ours_kind):
        a, k = ours_kind[kind]
        d = "-" if dp_kind is None else f"{dp_kind[kind][0]}/{k}"
        print(f"{'  ' + kind:28}{f'{a}/{k}':>18}{d:>18}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
