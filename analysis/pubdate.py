"""Publication dates inferred from text where none is stated, and conflicts flagged.

``infer(articles_df, dates_df) -> articles_df`` runs before dates are resolved.

For an article whose ``published_source`` is ``missing`` it looks, in this order, at
  1. near-duplicate passages shared with an article whose date is stated (the same
     normalised sentences, at least ``duplicate_min_sentences`` of them): a copy carries
     the other's date, at its precision;
  2. the article's own absolute dates: the latest full date it reports as past (not in
     a sentence about the future) bounds publication from below. When it is the news
     peg (in the lead) the article is dated that day; otherwise only its year is kept.
Photo captions (the ``captions`` column) never date an article, but a caption date is a
lower bound: no inferred date may fall before it. A found date becomes
``published_source = inferred`` with its precision and the evidence in
``published_evidence``; nothing found leaves ``published`` empty (with any caption
bound noted in ``published_evidence``). An inferred date that is wrong is worse than
none, so every rule refuses rather than guesses.

For an article with a stated date it keeps that date and sets ``published_conflict``
to a readable reason when the text disagrees: the lead (first two sentences) reports a
year-less day ("on January 22", the writer's current news) far (more than
``conflict_gap_days``) before the stated date, or the text reports as past a date after
it. Thresholds live in ``lexicons/dates.yaml`` (``settings``).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from functools import lru_cache
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from analysis import dates as dates_mod
from analysis import lexicons
from analysis.textutil import sentences

_NORM = re.compile(r"[^\w]+")
_FULL_DATE_TYPES = ("date",)
_YEARLESS_TYPES = ("md", "drange")


def _settings() -> dict:
    return lexicons.load("dates")["settings"]


def _missing(v: Any) -> bool:
    if v is None or v is pd.NA:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def _clean(v: Any) -> Any:
    return None if _missing(v) else v


def _as_list(v: Any) -> list:
    if v is None:
        return []
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return [x for x in v if isinstance(x, str)]
    if isinstance(v, str):
        return [v]
    return []


def _shingles(text: str, min_words: int, spans: list[tuple[int, int]] | None = None) -> dict[str, str]:
    """Normalised sentences of ``text`` long enough to be evidence of copying, mapped to
    the sentence as written, in text order (ordered: the evidence text is deterministic)."""
    out: dict[str, str] = {}
    if spans is None:
        spans = sentences(text or "")
    shortest = 2 * min_words - 1     # min_words words need at least this many characters
    for s, e in spans:
        if e - s < shortest:
            continue
        said = text[s:e]
        norm = _normal(said)
        if norm.count(" ") + 1 >= min_words:
            out.setdefault(norm, said)
    return out


@lru_cache(maxsize=1 << 18)
def _normal(sentence: str) -> str:
    """A sentence lower-cased, with runs of non-word characters as one space (copies
    of one sentence are common: memoised)."""
    return _NORM.sub(" ", sentence.lower()).strip()


def _quote(s: str, n: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _records(df: pd.DataFrame | None) -> dict[str, list[dict]]:
    by: dict[str, list[dict]] = {}
    if df is None or len(df) == 0 or "article_id" not in df:
        return by
    names = list(df.columns)
    # column by column (what ``to_dict("records")`` then ``_clean`` per value gave)
    cols = [_clean_column(df[c]) for c in names]
    for values in zip(*cols):
        r = dict(zip(names, values))
        by.setdefault(r["article_id"], []).append(r)
    return by


def _clean_column(col: pd.Series) -> list:
    values = col.tolist()
    if isinstance(col.dtype, np.dtype) and col.dtype.kind in "iub":
        return values                     # never missing
    na = pd.NA
    return [None if (v is None or v is na or (isinstance(v, float) and v != v)
                     or (isinstance(v, str) and not v.strip())) else v
            for v in values]


def _stated(a: dict) -> bool:
    """The article states its date (metadata, dateline, header; any source but these two)."""
    return (not _missing(a.get("published"))
            and a.get("published_source") not in ("missing", "inferred"))


def _caption_bound(captions: list[str]) -> tuple[date, str] | None:
    """The latest full date in the photo captions: publication is on or after it."""
    best = None
    for cap in captions:
        for r in dates_mod.tag_text(cap):
            if r.get("_type") in _FULL_DATE_TYPES and r.get("value_high"):
                d = date.fromisoformat(r["value_high"])
                if best is None or d > best[0]:
                    best = (d, r["text"])
    return best


def _own_evidence(text: str, rows: list[dict],
                  spans: list[tuple[int, int]] | None = None) -> tuple[date, str, bool] | None:
    """The latest full date the body reports as past, its text, and whether it is in the
    lead (first two sentences)."""
    if spans is None:
        spans = sentences(text or "")
    starts = [s for s, _ in spans]
    best = None
    for r in rows:
        if r.get("_type") not in _FULL_DATE_TYPES or dates_mod.is_future(r.get("sentence")):
            continue
        res = dates_mod.resolve(r, None)
        if not res["value_high"]:
            continue
        d = date.fromisoformat(res["value_high"])
        lead = bisect_right(starts, int(r.get("start") or 0)) - 1 < 2
        if best is None or d > best[0]:
            best = (d, r["text"], lead)
    return best


def _bounds(published: str, precision: str | None) -> tuple[date, date] | None:
    return dates_mod.anchor_bounds(published, precision)


def prepare(article: dict, date_rows: list[dict], spans: list[tuple[int, int]]) -> dict:
    """Per-article evidence for `infer`, computed in the per-file map (cached there):
    a dict of private ``_pd_...`` fields added to the article row. `infer` must give the
    same result with or without them."""
    return {}


def infer(articles: pd.DataFrame, dates: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with publication dates inferred where missing and conflicts flagged."""
    if articles is None or len(articles) == 0:
        return articles
    df = articles.copy()
    for col in ("published", "published_precision", "published_source", "published_evidence",
                "published_conflict"):
        if col not in df:
            df[col] = None
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    cfg = _settings()
    min_words = int(cfg.get("duplicate_min_words", 8))
    min_shared = int(cfg.get("duplicate_min_sentences", 2))
    rows_by = _records(dates)
    records = df.to_dict("records")
    # each article's sentence spans, split once (the index, the inference and the
    # conflict check all need them)
    spans = [sentences(a.get("text") or "") for a in records]

    # sentences of articles with a stated date, for the near-duplicate check
    index = _Copies(records)
    for i, a in enumerate(records):
        if _stated(a):
            for sh in _shingles(a.get("text") or "", min_words, spans[i]):
                index.add(sh, i)

    for i, a in enumerate(records):
        try:
            rows = rows_by.get(a.get("article_id"), [])
            if a.get("published_source") in (None, "missing") and _missing(a.get("published")):
                _infer_one(a, i, records, rows, index, min_words, min_shared, spans[i])
            elif _stated(a):
                a["published_conflict"] = _conflict(a, rows, cfg, spans[i]) or a.get("published_conflict")
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            continue
    for col in ("published", "published_precision", "published_source", "published_evidence",
                "published_conflict"):
        df[col] = [r.get(col) for r in records]
    return df


def _infer_one(a: dict, i: int, records: list[dict], rows: list[dict],
               index: "_Copies", min_words: int, min_shared: int,
               spans: list[tuple[int, int]] | None = None) -> None:
    text = a.get("text") or ""
    floor = _caption_bound(_as_list(a.get("captions")))
    own = _own_evidence(text, rows, spans)
    lower = max([x for x in (floor and floor[0], own and own[0]) if x], default=None)
    notes = []
    if floor:
        notes.append(f"photo caption dated {floor[0].isoformat()} ({floor[1]!r}): "
                     f"published on or after it")

    # 1. a near-duplicate of an article with a stated date
    own_sentences = _shingles(text, min_words, spans)
    held = [sh for sh in own_sentences if sh in index.lists]
    for n, j, first in index.twins(held, i, min_shared):
        other = records[j]
        b = _bounds(other["published"], other.get("published_precision"))
        if b is None or (lower is not None and b[1] < lower):
            notes.append(f"shares {n} sentences with {other['article_id']} "
                         f"(published {other['published']}) but reports later dates")
            continue
        # the first shared sentence, as written here
        if first is None:
            first = index.first(held, j)
        example = own_sentences[held[first]]
        a.update(published=other["published"],
                 published_precision=other.get("published_precision") or _precision(other["published"]),
                 published_source="inferred",
                 published_evidence="; ".join(
                     [f"shares {n} sentences with {other['article_id']} (published "
                      f"{other['published']}, {other.get('published_source')}), e.g. "
                      f"\"{_quote(example)}\""] + notes))
        return

    # 2. the article's own latest full date
    if own is not None and (floor is None or own[0] >= floor[0]):
        d, said, lead = own
        if lead:
            value, precision, how = d.isoformat(), "day", "the lead reports it: published on or just after that day"
        else:
            value, precision, how = str(d.year), "year", "the latest date the text reports as past: published on or after it, year kept"
        a.update(published=value, published_precision=precision, published_source="inferred",
                 published_evidence="; ".join([f"{said!r} ({d.isoformat()}): {how}"] + notes))
        return
    if notes:
        a["published_evidence"] = "not inferred; " + "; ".join(notes)


class _Copies:
    """Normalised sentences of the stated articles -> the articles holding them (in
    article order), and the near-duplicate twins of an article, in the order the rule
    reads them: most shared sentences first, then the earliest stated date, then the
    order they are met reading the article's sentences (each sentence's holders in
    article order). Counting runs on numpy arrays: boilerplate sentences are held by
    thousands of articles."""

    def __init__(self, records: list[dict]) -> None:
        self.records = records
        self.lists: dict[str, list[int]] = {}
        self._arrays: dict[str, np.ndarray] = {}
        self._sets: dict[str, set[int]] = {}
        self._rank: np.ndarray | None = None

    def add(self, sh: str, i: int) -> None:
        self.lists.setdefault(sh, []).append(i)

    def _array(self, sh: str) -> np.ndarray:
        a = self._arrays.get(sh)
        if a is None:
            a = self._arrays[sh] = np.asarray(self.lists[sh], dtype=np.int64)
        return a

    def _holds(self, sh: str) -> set[int]:
        got = self._sets.get(sh)
        if got is None:
            got = self._sets[sh] = set(self.lists[sh])
        return got

    def _ranks(self) -> np.ndarray:
        """Per article, the rank of its stated ``published`` text (equal texts, equal rank)."""
        if self._rank is None:
            pubs = {self.records[j]["published"] for lst in self.lists.values() for j in lst}
            order = {p: r for r, p in enumerate(sorted(pubs))}
            rank = np.zeros(len(self.records), dtype=np.int64)
            for lst in self.lists.values():
                for j in lst:
                    rank[j] = order[self.records[j]["published"]]
            self._rank = rank
        return self._rank

    def twins(self, held: list[str], i: int, min_shared: int):
        """(shared sentences, article, index in ``held`` of the first shared one or None:
        see `first`)."""
        if not held:
            return
        arrays = [self._array(sh) for sh in held]
        every = arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
        js, ns = np.unique(every, return_counts=True)
        keep = (ns >= min_shared) & (js != i)
        if not keep.any():
            return
        js, ns = js[keep], ns[keep]
        ranks = self._ranks()[js]
        order = np.lexsort((ranks, -ns))            # stable: ties stay in article order
        js, ns, ranks = js[order].tolist(), ns[order].tolist(), ranks[order].tolist()
        k, total = 0, len(js)
        while k < total:
            e = k + 1
            while e < total and ns[e] == ns[k] and ranks[e] == ranks[k]:
                e += 1
            if e - k == 1:
                yield ns[k], js[k], None
            else:      # as met: first shared sentence, then article order
                for first, j in sorted((self.first(held, j), j) for j in js[k:e]):
                    yield ns[k], j, first
            k = e

    def first(self, held: list[str], j: int) -> int:
        """Index in ``held`` of the first sentence article ``j`` holds too."""
        return next(n for n, sh in enumerate(held) if j in self._holds(sh))


def _precision(published: str) -> str:
    return {4: "year", 7: "month"}.get(len(str(published)), "day")


def _conflict(a: dict, rows: list[dict], cfg: dict,
              spans: list[tuple[int, int]] | None = None) -> str | None:
    """A readable reason when the text disagrees with the stated publication date."""
    published, precision = str(a["published"]), a.get("published_precision")
    b = _bounds(published, precision)
    if b is None or not rows:
        return None
    gap_days = int(cfg.get("conflict_gap_days", 31))
    after = int(cfg.get("days_after_publication", 7))
    near_rules = set(cfg.get("near_relative_rules", ["relative_day", "weekday"]))
    text = a.get("text") or ""
    starts = [s for s, _ in (sentences(text) if spans is None else spans)]
    resolved = dates_mod.resolve_rows(rows, published, precision)
    source = a.get("published_source") or "stated"
    reasons = []

    lead = None
    for r in resolved:
        if bisect_right(starts, int(r.get("start") or 0)) - 1 >= 2:
            break
        # a year-less day ("January 22") is what a writer uses for the current news
        # cycle; a date given with its year may well be background ("March 15, 2011")
        if r.get("_type") in _YEARLESS_TYPES and not r.get("_y") and r.get("value_high"):
            lead = r
            break
    if lead is not None:
        high = date.fromisoformat(lead["value_high"])
        gap = (b[0] - high).days
        if gap > gap_days:
            near = [r["text"] for r in resolved if r.get("rule") in near_rules]
            reason = (f"the lead reports {lead['text']!r} ({lead['value_low']}), {gap} days "
                      f"before the {source} date {published}")
            if near:
                reason += (f"; the text also says {', '.join(repr(t) for t in near)} as if "
                           f"written just after it")
            reasons.append(reason + ": the article may be older than its stated date")

    late = [r for r in resolved
            if r.get("_type") in ("date", "month") and r.get("value_low")
            and date.fromisoformat(r["value_low"]) > b[1] + timedelta(days=after)
            and not dates_mod.is_future(r.get("sentence"))]
    if late:
        r = max(late, key=lambda x: x["value_low"])
        reasons.append(f"the text reports {r['text']!r} ({r['value_low']}) as past, after the "
                       f"{source} date {published}: the stated date may be too early")
    return "; ".join(reasons) or None
