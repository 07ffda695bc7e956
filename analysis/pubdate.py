"""Publication dates inferred from text where none is stated, and conflicts flagged.

``infer(articles_df, dates_df) -> articles_df`` runs before dates are resolved (in the
cross-article reduce); ``prepare(article, date_rows, spans)`` computes the evidence that
depends on one article only (its sentences, caption bound, own dates, conflicts) in the
per-file map, cached there as private ``_pd_`` fields of the article row.

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

import hashlib
import math
import re
from bisect import bisect_right
from itertools import chain
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


def _sentence_hashes(text: str, spans: list[tuple[int, int]],
                     min_words: int) -> dict[int, tuple[int, int]]:
    """The sentences of ``text`` long enough to be evidence of copying, as hashes of
    their normalised form (see `_sentence_key`), each once, in text order, mapped to the
    span of its first occurrence as written (the evidence quote)."""
    found: dict[int, tuple[int, int]] = {}
    # copies of one sentence are common (across articles too): memoised per process
    memo = _KEYS.get(min_words)
    if memo is None or len(memo) > _KEYS_KEPT:
        memo = _KEYS[min_words] = {}
    shortest = 2 * min_words - 1     # min_words words need at least this many characters
    for span in spans:
        s, e = span
        if e - s >= shortest:
            said = text[s:e]
            h = memo.get(said, memo)
            if h is memo:
                h = memo[said] = _sentence_key(said, min_words)
            if h is not None and h not in found:
                found[h] = span
    return found


_KEYS: dict[int, dict[str, int | None]] = {}   # min_words -> sentence -> `_sentence_key`
_KEYS_KEPT = 1 << 17                            # sentences memoised, at most


def _sentence_key(sentence: str, min_words: int) -> int | None:
    """A sentence lower-cased, with runs of non-word characters as one space, as a
    signed 64-bit int (blake2b: the same in every process and run, unlike ``hash``);
    None when it has fewer than ``min_words`` words."""
    plain = sentence
    for mark in _MARKS if not plain.isascii() else ():
        plain = plain.replace(mark, " ")    # the usual non-ASCII punctuation: a space
        if plain.isascii():
            break
    if plain.isascii():                 # most sentences: bytes, one table, fast
        norm = b" ".join(plain.encode("ascii").translate(_FOLD).split())
        words = norm.count(b" ") + 1
    else:
        text = _NORM.sub(" ", sentence.lower()).strip()
        words = text.count(" ") + 1
        norm = text.encode("utf-8", "surrogatepass")
    if words < min_words:
        return None
    return int.from_bytes(hashlib.blake2b(norm, digest_size=8).digest(), "little", signed=True)


# What `_NORM` does to ASCII text, as a bytes table: upper case to lower case, non-word
# characters (all but letters, digits and "_") to a space.
_FOLD = bytes(c + 32 if 65 <= c <= 90 else c if c < 128 and (chr(c).isalnum() or c == 95)
              else 32 for c in range(256))
# Non-word characters common in news text, most common first (quotes, dashes, ellipsis,
# no-break space).
_MARKS = "\u2019\u201c\u201d\u2014\u2018\u2013\u2026\xa0\xab\xbb"


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


# The private fields `prepare` adds to an article row, present in every row (None where
# a field does not apply). Plain values only, so that they survive the per-file cache:
# dates as ISO text, lists of ints.
_FIELDS = ("_pd_state", "_pd_hashes", "_pd_starts", "_pd_ends", "_pd_floor", "_pd_floor_text",
           "_pd_own", "_pd_own_text", "_pd_own_lead", "_pd_failed", "_pd_conflict")
_LISTS = ("_pd_hashes", "_pd_starts", "_pd_ends")
# what the per-article work may raise on odd input: the article is then left as it is
_FAILURES = (ValueError, TypeError, KeyError, AttributeError, OverflowError)
_MISSING, _STATED = "missing", "stated"
# cells (missing x stated articles) counted in one go by `_shared`: small enough to stay
# in the processor's cache
_CELLS = 1 << 17
# bits of a float64 that hold integers exactly (sums in `_shared` stay below 2**52)
_EXACT_BITS = 52


def _rule(published: Any, source: Any) -> str | None:
    """Which rule applies: ``missing`` (a date to infer), ``stated`` (a date to check for
    conflicts) or None (an inferred date, or a source without a date: left alone)."""
    if source in (None, "missing") and _missing(published):
        return _MISSING
    if not _missing(published) and source not in ("missing", "inferred"):
        return _STATED
    return None


def _state(published: Any, precision: Any, source: Any) -> str:
    """What prepared fields were computed for: the date, precision and source they saw
    (which rule applies and what the conflict check compares depend on them)."""
    return "\x1f".join("\x00" if v is None else str(v) for v in (published, precision, source))


def _evidence(a: dict, rows: list[dict], spans: list[tuple[int, int]], cfg: dict) -> dict:
    """The per-article part of `infer` (see `prepare`): the fields of ``_FIELDS``."""
    out: dict[str, Any] = dict.fromkeys(_FIELDS)
    published, source = a.get("published"), a.get("published_source")
    out["_pd_state"] = _state(published, a.get("published_precision"), source)
    out["_pd_hashes"] = []
    rule = _rule(published, source)
    if rule is None:
        return out
    text = a.get("text") or ""
    found = _sentence_hashes(text, spans, int(cfg.get("duplicate_min_words", 8)))
    out["_pd_hashes"] = list(found)
    if rule == _STATED:
        try:
            out["_pd_conflict"] = _conflict(a, rows, cfg, spans)
        except _FAILURES:
            pass                      # as when the text does not disagree
        return out
    out["_pd_starts"] = [int(s) for s, _ in found.values()]
    out["_pd_ends"] = [int(e) for _, e in found.values()]
    try:
        floor = _caption_bound(_as_list(a.get("captions")))
        own = _own_evidence(text, rows, spans)
    except _FAILURES:
        out["_pd_failed"] = True
        return out
    out["_pd_failed"] = False
    if floor:
        out["_pd_floor"], out["_pd_floor_text"] = floor[0].isoformat(), floor[1]
    if own:
        out["_pd_own"], out["_pd_own_text"] = own[0].isoformat(), own[1]
        out["_pd_own_lead"] = bool(own[2])
    return out


def prepare(article: dict, date_rows: list[dict], spans: list[tuple[int, int]]) -> dict:
    """Per-article evidence for `infer`, computed in the per-file map (and cached there):
    the private ``_pd_...`` fields added to the article row.

    ``_pd_state`` (the date, precision and source seen), ``_pd_hashes`` (the article's
    sentences long enough to be evidence of copying: hashes of their normalised text,
    each once, in text order); for an article without a date, the span of each of
    those sentences (``_pd_starts``, ``_pd_ends``: the quote), the caption bound
    (``_pd_floor``, ``_pd_floor_text``), the latest full date reported as past
    (``_pd_own``, ``_pd_own_text``, ``_pd_own_lead``: in the lead) and ``_pd_failed``
    (odd input: left as it is); for an article with a stated date, ``_pd_conflict``.
    `infer` gives the same result with or without these fields.
    """
    return _evidence(article, date_rows, spans, _settings())


_OUT = ("published", "published_precision", "published_source", "published_evidence",
        "published_conflict")


def infer(articles: pd.DataFrame, dates: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with publication dates inferred where missing and conflicts flagged.

    The ``_pd_`` fields `prepare` added to a row are used when they were made for the
    row's current date, precision and source; otherwise (frames built by hand) the same
    evidence is computed here, from ``dates`` (the article's untouched `dates.tag` rows).
    """
    if articles is None or len(articles) == 0:
        return articles
    df = articles.copy()
    for col in _OUT:
        if col not in df:
            df[col] = None
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    cfg = _settings()
    n = len(df)
    out = {col: df[col].tolist() for col in _OUT}
    pub, prec, source = out["published"], out["published_precision"], out["published_source"]
    aid = _values(df, "article_id", n)
    texts = _values(df, "text", n)
    rules = [_rule(p, s) for p, s in zip(pub, source)]
    ev = _prepared(df, dates, rules, aid, texts, out, cfg)

    # 1. near-duplicates of articles with a stated date
    stated = [i for i, r in enumerate(rules) if r == _STATED]
    missing = [i for i, r in enumerate(rules) if r == _MISSING and not ev["_pd_failed"][i]]
    lower = []                # per article in `missing`: the earliest date its evidence allows
    for i in missing:
        got = [date.fromisoformat(v) for v in (ev["_pd_floor"][i], ev["_pd_own"][i]) if v]
        lower.append(max(got).toordinal() if got else -1)
    found = _twins(ev["_pd_hashes"], stated, missing, np.asarray(lower, dtype=np.int64),
                   pub, prec, aid, int(cfg.get("duplicate_min_sentences", 2)))

    for c, i in enumerate(missing):
        twin = found.get(c)
        if twin == "failed":
            continue
        notes = []
        floor = ev["_pd_floor"][i]
        if floor:
            notes.append(f"photo caption dated {floor} ({ev['_pd_floor_text'][i]!r}): "
                         f"published on or after it")
        if twin is not None:
            j, shared, at, refused = twin
            if refused:
                notes.append(refused)
            if j is not None:
                # the first shared sentence, as written here
                example = texts[i][ev["_pd_starts"][i][at]:ev["_pd_ends"][i][at]]
                pub[i], prec[i] = pub[j], prec[j] or _precision(pub[j])
                source[i] = "inferred"
                out["published_evidence"][i] = "; ".join(
                    [f"shares {shared} sentences with {aid[j]} (published {pub[j]}, "
                     f"{source[j]}), e.g. \"{_quote(example)}\""] + notes)
                continue
        # 2. the article's own latest full date
        own = ev["_pd_own"][i]
        if own is not None and (floor is None or own >= floor):
            said = ev["_pd_own_text"][i]
            if ev["_pd_own_lead"][i]:
                value, precision = own, "day"
                how = "the lead reports it: published on or just after that day"
            else:
                value, precision = str(date.fromisoformat(own).year), "year"
                how = ("the latest date the text reports as past: published on or after it, "
                       "year kept")
            pub[i], prec[i], source[i] = value, precision, "inferred"
            out["published_evidence"][i] = "; ".join([f"{said!r} ({own}): {how}"] + notes)
        elif notes:
            out["published_evidence"][i] = "not inferred; " + "; ".join(notes)

    conflicts, kept = ev["_pd_conflict"], out["published_conflict"]
    for i in stated:
        kept[i] = conflicts[i] or kept[i]
    for col in _OUT:
        df[col] = out[col]
    return df


def _values(df: pd.DataFrame, col: str, n: int) -> list:
    return df[col].tolist() if col in df else [None] * n


def _prepared(df: pd.DataFrame, dates: pd.DataFrame | None, rules: list, aid: list,
              texts: list, out: dict, cfg: dict) -> dict[str, list]:
    """The fields of ``_FIELDS`` per article: as `prepare` left them in ``df`` where they
    were made for the article's current date, precision and source; computed here
    otherwise (frames built by hand, articles changed since)."""
    n = len(df)
    # (scalar fields with NaN/NA as None: frames that went through Parquet or concat)
    ev = {f: (_values(df, f, n) if f in _LISTS or f not in df
              else df[f].astype(object).where(df[f].notna(), None).tolist()) for f in _FIELDS}
    state = ev["_pd_state"]
    redo = [i for i, (rule, p, pr, s, st) in enumerate(zip(rules, out["published"],
                                                            out["published_precision"],
                                                            out["published_source"], state))
            if rule is not None and st != _state(p, pr, s)]
    if not redo:
        return ev
    ids = {aid[i] for i in redo}
    if dates is not None and len(dates) and "article_id" in dates:
        dates = dates[dates["article_id"].isin(ids)]
    rows_by = _records(dates)
    captions = _values(df, "captions", n)
    for i in redo:
        a = {"article_id": aid[i], "text": texts[i], "captions": captions[i]}
        a.update((col, out[col][i]) for col in _OUT)
        got = _evidence(a, rows_by.get(aid[i], []), sentences(texts[i] or ""), cfg)
        for f in _FIELDS:
            ev[f][i] = got[f]
    return ev


def _twins(hashes: list, stated: list[int], missing: list[int], lower: np.ndarray,
           pub: list, prec: list, aid: list, min_shared: int) -> dict:
    """For the articles of ``missing`` (by position ``c`` in it), what its near-duplicate
    twins say: ``{c: (j, shared sentences, index of the first shared one in the
    article's hashes, the refusal notes joined)}``, ``j`` (an article) None when every
    twin was refused, or ``"failed"`` when a twin's date could not be read. ``lower[c]``:
    the earliest day (an ordinal; -1: none) the article's own evidence allows.

    Twins are read in the rule's order: most shared sentences first, then the earliest
    stated ``published`` text, then the order they are met reading the article's
    sentences (each sentence's holders in article order); the first whose date is not
    before ``lower`` dates the article, each one before it is noted as refused."""
    if not stated or not missing:
        return {}
    pi, pj, pn, pfirst, held = _shared(hashes, stated, missing, min_shared)
    if len(pi) == 0:
        return {}
    # per stated article (position in ``stated``): its rank by ``published`` text, the
    # last day its date allows (-1: none) and whether that date cannot be read
    pub_s = [pub[j] for j in stated]
    rank = {p: r for r, p in enumerate(sorted(set(pub_s)))}
    ranks = np.fromiter((rank[p] for p in pub_s), np.int64, len(pub_s))
    memo: dict[tuple, int] = {}
    for key in zip(pub_s, (prec[j] for j in stated)):
        if key not in memo:
            try:
                b = _bounds(*key)
                memo[key] = -1 if b is None else b[1].toordinal()
            except _FAILURES:
                memo[key] = -2
    end = np.fromiter((memo[k] for k in zip(pub_s, (prec[j] for j in stated))), np.int64,
                      len(stated))
    low, end_p = lower[pi], end[pj]
    stop = (end_p >= 0) & ((low < 0) | (end_p >= low))          # the twin dates it
    stop |= end_p == -2                                           # reading it fails
    # the rule's order but for the tie-break by the first shared sentence: one number
    order = (int(pn.max()) + 1 - pn) * (len(rank) + 1) + ranks[pj]
    # per article (pairs come grouped by article): the twins up to the best one that
    # stops the reading are all that is read
    starts = np.flatnonzero(np.r_[True, pi[1:] != pi[:-1]])
    sizes = np.diff(np.r_[starts, len(pi)])
    best = np.minimum.reduceat(np.where(stop, order, np.iinfo(np.int64).max), starts)
    read = np.flatnonzero(order <= np.repeat(best, sizes))
    unknown = read[pfirst[read] < 0]
    if len(unknown):
        pfirst = pfirst.copy()
        for k in unknown.tolist():
            pfirst[k] = held.first(int(pi[k]), set(hashes[stated[pj[k]]]))
    read = read[_reading_order(pi[read], order[read], pfirst[read])]
    # in reading order, per article: refused twins, then the one that stops the reading
    # (if any), then the rest of its tie (not read)
    ri = pi[read]
    starts = np.flatnonzero(np.r_[True, ri[1:] != ri[:-1]])
    counts = np.diff(np.r_[starts, len(ri)])
    at = np.arange(len(ri))
    first_stop = np.minimum.reduceat(np.where(stop[read], at, len(ri)), starts)
    refused = read[at < np.repeat(first_stop, counts)]          # in reading order
    n_refused = (np.minimum(first_stop, starts + counts) - starts).tolist()
    rn, rj = pn[refused].tolist(), pj[refused].tolist()
    heads = {n: f"shares {n} sentences with " for n in set(rn)}
    tails = dict.fromkeys(rj)
    for j in tails:
        tails[j] = f"{aid[stated[j]]} (published {pub_s[j]}) but reports later dates"
    notes = [heads[n] + tails[j] for n, j in zip(rn, rj)]
    # the twin that stops each article's reading
    stopped = first_stop < len(ri)
    p = read[np.where(stopped, first_stop, 0)]
    arts = ri[starts]
    quote = held.source(arts, np.where(stopped, pfirst[p], 0))
    found: dict[int, Any] = {}
    k = 0
    for c, r, got, j, shared, q in zip(arts.tolist(), n_refused, stopped.tolist(),
                                       pj[p].tolist(), pn[p].tolist(), quote.tolist()):
        said, k = "; ".join(notes[k:k + r]), k + r
        if not got:
            found[c] = (None, 0, 0, said)                       # every twin refused
        elif end[j] == -2:
            found[c] = "failed"
        else:
            found[c] = (stated[j], shared, q, said)
    return found


def _reading_order(i: np.ndarray, order: np.ndarray, first: np.ndarray) -> np.ndarray:
    """The permutation sorting pairs (given by article ``i``, then stated article) by
    ``i``, ``order``, ``first``, ties kept in the order given."""
    if len(i) == 0:
        return np.zeros(0, np.int64)
    wide = [int(x.max()) + 1 for x in (order, first)]
    if (int(i.max()) + 1) * wide[0] * wide[1] >= 1 << 62:         # one int64 key won't do
        return np.lexsort((first, order, i))
    return np.argsort((i * wide[0] + order) * wide[1] + first, kind="stable")


class _Held:
    """The sentences of the missing articles that some stated article holds too, per
    article (by position in the missing list), in text order."""

    def __init__(self, hashes: np.ndarray, source: np.ndarray, bounds: np.ndarray) -> None:
        self.hashes, self._source, self.bounds = hashes, source, bounds

    def source(self, c: np.ndarray, first: np.ndarray) -> np.ndarray:
        """Index in article ``c``'s own hash list of its ``first``-th held sentence."""
        return self._source[self.bounds[c] + first]

    def first(self, c: int, other: set) -> int:
        """Index among article ``c``'s held sentences of the first one ``other`` holds."""
        held = self.hashes[self.bounds[c]:self.bounds[c + 1]].tolist()
        return next(k for k, h in enumerate(held) if h in other)


def _flat(lists: list) -> tuple[np.ndarray, np.ndarray]:
    """Lists of ints as one int64 array, and each list's length."""
    lens = np.fromiter(map(len, lists), np.int64, len(lists))
    return np.fromiter(chain.from_iterable(lists), np.int64, int(lens.sum())), lens


def _shared(hashes: list, stated: list[int], missing: list[int], min_shared: int):
    """Every (missing article, stated article) pair sharing at least ``min_shared``
    sentences, as arrays sorted by missing then stated article (positions in
    ``missing`` and ``stated``): ``i``, ``j``, shared sentences ``n``, and ``first``, the
    index of the first shared one among the missing article's held sentences (-1: not
    known, far down the article: `_Held.first` finds it); and the `_Held` sentences.

    Boilerplate sentences are held by thousands of articles, so pairs are counted with
    numpy, a block of missing articles at a time, in a dense (missing x stated) array:
    each (held sentence, holder) adds ``2**k + 2**(k - 1 - p)`` to its pair's cell, ``p``
    the sentence's index among the article's held ones; a cell's total is then the
    count times ``2**k`` plus a bit per shared sentence, the highest one the first
    shared (float sums stay exact: below ``2**52``)."""
    s_hash, s_len = _flat([hashes[j] for j in stated])
    s_art = np.repeat(np.arange(len(stated), dtype=np.int64), s_len)
    order = np.argsort(s_hash)          # by hash (holders in any order: only counted)
    s_hash, s_art = s_hash[order], s_art[order]
    m_hash, m_len = _flat([hashes[i] for i in missing])
    m_art = np.repeat(np.arange(len(missing), dtype=np.int64), m_len)
    m_src = np.arange(len(m_hash)) - np.repeat(np.cumsum(m_len) - m_len, m_len)
    # each sentence's holders: s_art[lo:hi] (looked up in hash order: much faster)
    lo, hi = np.empty_like(m_hash), np.empty_like(m_hash)
    by_hash = np.argsort(m_hash)
    lo[by_hash] = np.searchsorted(s_hash, m_hash[by_hash], "left")
    hi[by_hash] = np.searchsorted(s_hash, m_hash[by_hash], "right")
    keep = hi > lo                                      # held by some stated article
    m_hash, m_art, m_src, lo, hi = m_hash[keep], m_art[keep], m_src[keep], lo[keep], hi[keep]
    h_len = np.bincount(m_art, minlength=len(missing))
    bounds = np.r_[0, np.cumsum(h_len)]
    held = _Held(m_hash, m_src, bounds)
    empty = np.zeros(0, np.int64)
    if len(m_hash) == 0:
        return empty, empty, empty, empty, held
    pos = np.arange(len(m_hash)) - np.repeat(bounds[:-1], h_len)
    k = max(1, _EXACT_BITS - int(h_len.max()).bit_length())   # count * 2**k + bits < 2**52
    unit = np.ldexp(1.0, k)
    weight = unit + np.where(pos < k, np.ldexp(1.0, k - 1 - np.minimum(pos, k - 1)), 0.0)
    ns, nm = len(stated), len(missing)
    block = max(1, _CELLS // ns)
    cells, totals = [empty], [np.zeros(0)]
    for b in range(0, nm, block):
        e0, e1 = int(bounds[b]), int(bounds[min(b + block, nm)])
        if e0 == e1:
            continue
        per = hi[e0:e1] - lo[e0:e1]                     # holders of each held sentence
        ends = np.cumsum(per)
        # indexes into s_art of every (sentence, holder): the runs lo..hi-1, one after
        # the other (a cumulative sum of steps of 1, jumping at each run's start)
        step = np.ones(int(ends[-1]), np.int64)
        step[0] = lo[e0]
        step[ends[:-1]] = lo[e0 + 1:e1] - hi[e0:e1 - 1] + 1
        cell = s_art[np.cumsum(step)]
        cell += np.repeat((m_art[e0:e1] - b) * ns, per)
        sums = np.bincount(cell, np.repeat(weight[e0:e1], per), minlength=block * ns)
        hit = np.flatnonzero(sums >= max(min_shared, 1) * unit)
        cells.append(hit + b * ns)
        totals.append(sums[hit])
    i, j = np.divmod(np.concatenate(cells), ns)
    total = np.concatenate(totals)
    count = np.floor(total / unit)
    bits = total - count * unit
    first = np.where(bits > 0, k - np.frexp(bits)[1], -1)
    return i, j, count.astype(np.int64), first.astype(np.int64), held


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
    source = a.get("published_source") or "stated"
    reasons = []

    # Only the rows the checks below read are resolved, one by one: ``rows`` are clean
    # (`dates.tag` rows, or `_records` rows: no NaN), and rows of these types never count
    # from another row, so each resolves as `dates.resolve_rows` would resolve it.
    lead = None
    for r in rows:
        if bisect_right(starts, int(r.get("start") or 0)) - 1 >= 2:
            break
        # a year-less day ("January 22") is what a writer uses for the current news
        # cycle; a date given with its year may well be background ("March 15, 2011")
        if r.get("_type") in _YEARLESS_TYPES and not r.get("_y"):
            res = dates_mod.resolve(r, published, precision)
            if res["value_high"]:
                lead = {**r, **res}
                break
    if lead is not None:
        high = date.fromisoformat(lead["value_high"])
        gap = (b[0] - high).days
        if gap > gap_days:
            near = [r["text"] for r in rows if r.get("rule") in near_rules]
            reason = (f"the lead reports {lead['text']!r} ({lead['value_low']}), {gap} days "
                      f"before the {source} date {published}")
            if near:
                reason += (f"; the text also says {', '.join(repr(t) for t in near)} as if "
                           f"written just after it")
            reasons.append(reason + ": the article may be older than its stated date")

    late = []
    for r in rows:
        if r.get("_type") in ("date", "month"):
            res = dates_mod.resolve(r, published, precision)
            if res["value_low"] \
                    and date.fromisoformat(res["value_low"]) > b[1] + timedelta(days=after) \
                    and not dates_mod.is_future(r.get("sentence")):
                late.append({**r, **res})
    if late:
        r = max(late, key=lambda x: x["value_low"])
        reasons.append(f"the text reports {r['text']!r} ({r['value_low']}) as past, after the "
                       f"{source} date {published}: the stated date may be too early")
    return "; ".join(reasons) or None
