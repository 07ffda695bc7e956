"""Linking a grown, changed or shrunk corpus from the last run's linked rows.

The cross-article step (`pipeline.link`) looks at every article, but most of what it
writes for an article depends on that article alone once the article's publication
date is settled: its dates resolve against that date, its casualty windows against
those dates, and its sources and ingest-log rows against nothing else. So every run
keeps a `LinkState` (the finished tables, the articles as they entered the step, the
place counts per file), and the next run over a changed corpus:

1. maps only the new or changed files (their per-file rows, cached or parsed);
2. infers publication dates again over all articles (near-duplicates cross files;
   the per-article evidence was computed in the map, so this is cheap);
3. keeps the linked rows of every unchanged file whose articles kept their date, and
   links the other files again from their per-file rows (read back from the cache);
4. rebuilds the tables that summarise the whole corpus (places, incidents).

The result equals a full link, row for row and byte for byte (tests and
`benchmarks/bench_tables.py` check it).
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from analysis import casualties, dates, pubdate
from analysis.schema import frame

PUBDATE = ("published", "published_precision")   # what dates and windows depend on
# the columns `pubdate.infer` may change (the rest of a finished article row is the row
# as it entered the link; a test checks the state round-trips)
SET_BY_INFER = ("published", "published_precision", "published_source", "published_evidence",
                "published_conflict")


class StateError(Exception):
    """A kept link state that cannot be read back (the run links in full instead)."""


@dataclass
class LinkState:
    """What a run keeps for the next one (pickled in the cache folder)."""
    keys: dict[str, str]              # file path -> cache key of the file's bytes and task
    tables: dict                      # the finished tables (a `pipeline.Tables`)
    articles_in: pd.DataFrame         # articles as they entered the link (private columns too)
    place_counts: pd.DataFrame        # path, place, surface, n: mentions per spelling per file

    # Pickled part by part: one pickle of everything tracks every shared string in one
    # memo and takes twice as long. The articles as they entered are kept as the columns
    # that differ from the finished articles table (same rows, same order).
    def __getstate__(self) -> dict:
        out = self.tables["articles"]
        own = [c for c in self.articles_in.columns
               if c not in out.columns or c in SET_BY_INFER]
        own_df = self.articles_in[own]
        packed = {c: p for c in own if (p := _pack(own_df[c])) is not None}
        parts = {"keys": self.keys, "tables": dict(self.tables), "tables_type": type(self.tables),
                 "articles_in": own_df.drop(columns=list(packed)), "packed": packed,
                 "articles_in_order": list(self.articles_in.columns),
                 "articles_in_own": own, "place_counts": self.place_counts}
        return {k: pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for k, v in parts.items()}

    def __setstate__(self, state: dict) -> None:
        # the file keys now (they decide what to parse); the rows when first used, so
        # that the pool for the new files forks a small process
        self.keys = pickle.loads(state["keys"])
        self.__dict__["_parts"] = state

    def __getattr__(self, name: str):
        if name not in ("tables", "articles_in", "place_counts"):
            raise AttributeError(name)
        if "_error" in self.__dict__:
            raise StateError(self.__dict__["_error"])
        parts = self.__dict__.get("_parts")
        if parts is None:
            raise AttributeError(name)
        try:
            self._decode(parts)
        except StateError as exc:
            self.__dict__["_error"] = str(exc)
            raise
        finally:
            self.__dict__.pop("_parts", None)
        return getattr(self, name)

    def decode(self) -> None:
        """Read the rows now (they are otherwise read on first use); a damaged part is
        left for that first use to report (`StateError`)."""
        try:
            self.tables  # noqa: B018
        except StateError:
            pass

    def _decode(self, state: dict) -> None:
        try:
            parts = {k: pickle.loads(v) for k, v in state.items() if k != "keys"}
        except Exception as exc:   # a damaged part: the caller links in full
            raise StateError(f"unreadable link state ({exc})") from exc
        self.place_counts = parts["place_counts"]
        self.tables = parts["tables_type"](parts["tables"])
        own = parts["articles_in"]
        for c, p in parts["packed"].items():
            own[c] = pd.Series(_unpack(*p), index=own.index, dtype=object)
        own, order = own[parts["articles_in_own"]], parts["articles_in_order"]
        out = self.tables["articles"]
        self.articles_in = pd.concat([out[[c for c in order if c not in own.columns]], own],
                                     axis=1)[order]


COUNT_COLUMNS = ("path", "place", "surface", "n")


def _pack(col: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """A column of lists of ints (or None) as one int64 array and the lengths (-1: None),
    which pickle in no time; None for any other column."""
    if col.dtype != object:
        return None
    values = col.tolist()
    lengths = np.fromiter((-1 if v is None else len(v) if type(v) is list else -2
                           for v in values), dtype=np.int64, count=len(values))
    if (lengths == -2).any():
        return None
    flat = [x for v in values if v for x in v]
    if any(type(x) is not int for x in flat):
        return None
    try:
        return np.asarray(flat, dtype=np.int64), lengths
    except OverflowError:
        return None


def _unpack(flat: np.ndarray, lengths: np.ndarray) -> list:
    parts = np.split(flat, np.cumsum(np.maximum(lengths, 0))[:-1]) if len(lengths) else []
    return [None if n < 0 else part.tolist() for n, part in zip(lengths.tolist(), parts)]


def counts_frame(rows: list[dict]) -> pd.DataFrame:
    """The per-file ``place_counts`` rows as one frame (path, place, surface, n)."""
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype=np.int64 if c == "n" else object)
                             for c in COUNT_COLUMNS})
    return pd.DataFrame({c: pd.Series([r.get(c) for r in rows],
                                      dtype=np.int64 if c == "n" else object)
                         for c in COUNT_COLUMNS})


def mentions_of(counts: pd.DataFrame) -> pd.DataFrame:
    """A mentions frame (place, surface) with each counted spelling repeated ``n`` times."""
    reps = counts["n"].to_numpy(dtype=np.int64)
    return pd.DataFrame({"place": np.repeat(counts["place"].to_numpy(dtype=object), reps),
                         "surface": np.repeat(counts["surface"].to_numpy(dtype=object), reps)})


def _in_order(df: pd.DataFrame, paths: pd.Series, rank: Mapping[str, int]) -> pd.DataFrame:
    """``df`` (rows of several files, each file's rows in order) in corpus path order."""
    order = np.argsort(paths.map(rank).to_numpy(dtype=np.int64), kind="stable")
    return df.iloc[order].reset_index(drop=True)


def _rows(results: list[Mapping[str, list[dict]]], name: str) -> list[dict]:
    return [row for r in results for row in r.get(name, [])]


def relink(prev: LinkState, paths: list[str], keys: list[str],
           fresh: Mapping[str, Mapping[str, list[dict]]],
           load: Callable[[list[str]], Mapping[str, Mapping[str, list[dict]]] | None],
           assemble: Callable[..., dict], stats: dict | None = None) -> tuple[dict, LinkState] | None:
    """The tables of the corpus ``paths`` (with cache ``keys``), from ``prev`` and the
    per-file results of the files not in ``prev`` (``fresh``, by path).

    ``load(paths)`` returns per-file results (by path) of unchanged files that must be
    linked again (or None when the cache no longer has them: then None is returned and
    the caller links everything). ``assemble`` is `pipeline.assemble`.
    """
    stats = {} if stats is None else stats
    rank = {p: i for i, p in enumerate(paths)}
    kept = {p for p, k in zip(paths, keys) if prev.keys.get(p) == k}
    new_paths = [p for p in paths if p not in kept]
    new_results = [fresh[p] for p in new_paths]
    old = prev.tables

    # 1. articles as they enter the link: kept files' from the state, the rest fresh
    old_in = prev.articles_in
    old_in = old_in[old_in["path"].isin(kept).to_numpy()]
    new_in = frame("articles", _rows(new_results, "articles"), extra=True)
    if not _prepared(old_in) or (len(new_in) and not _prepared(new_in)):
        return None   # no per-article evidence from the map: a full link is needed
    articles_in = _in_order(pd.concat([old_in, new_in], ignore_index=True),
                            pd.concat([old_in["path"], new_in["path"]], ignore_index=True), rank)
    path_of = dict(zip(articles_in["article_id"], articles_in["path"]))

    # 2. publication dates, over every article (the map's evidence makes it cheap)
    new_dates_in = pd.DataFrame(_rows(new_results, "dates"))
    articles = pubdate.infer(articles_in, new_dates_in)

    # 3. files to link again: new ones, and kept ones with an article whose date moved
    was = dict(zip(old.articles["article_id"],
                   zip(*(old.articles[c].astype(object).where(old.articles[c].notna(), None)
                         for c in PUBDATE))))
    now = zip(articles["article_id"], articles["path"],
              *(articles[c].astype(object).where(articles[c].notna(), None) for c in PUBDATE))
    moved = sorted({p for aid, p, *pd_ in now if p in kept and was.get(aid) != tuple(pd_)},
                   key=rank.__getitem__)
    again: Mapping[str, Mapping[str, list[dict]]] = {}
    if moved:
        again = load(moved)
        if again is None or len(again) < len(moved):
            return None
    relinked = set(moved) | set(new_paths)
    stats["relinked_files"] = len(relinked)
    redo = [again[p] if p in again else fresh[p] for p in sorted(relinked, key=rank.__getitem__)]
    date_new = dates.resolve_table(pd.DataFrame(_rows(redo, "dates")), articles)
    cas_new = casualties.finalize(pd.DataFrame(_rows(redo, "casualties")), date_new, articles)

    prev_path = dict(zip(old.articles["article_id"], old.articles["path"]))

    def merged(table: str, new: pd.DataFrame, drop: set[str]) -> pd.DataFrame:
        """The kept rows of ``table`` (files not in ``drop``) and ``new``, in path order."""
        o = old[table]
        o_paths = o["path"] if "path" in o.columns else o["article_id"].map(prev_path)
        keep = (o_paths.isin(kept) & ~o_paths.isin(drop)).to_numpy()
        new = frame(table, new)
        n_paths = new["path"] if "path" in new.columns else new["article_id"].map(path_of)
        both = pd.concat([o[keep], new], ignore_index=True)
        return _in_order(both, pd.concat([o_paths[keep], n_paths], ignore_index=True), rank)

    date_table = merged("dates", date_new, relinked)
    casualty_table = merged("casualties", cas_new, relinked)
    source_table = merged("sources", frame("sources", _rows(new_results, "sources")), set())
    ingest_log = merged("ingest_log", frame("ingest_log", _rows(new_results, "ingest_log")), set())

    # 4. the corpus-wide tables
    counts = prev.place_counts
    counts = pd.concat([counts[counts["path"].isin(kept).to_numpy()],
                        counts_frame(_rows(new_results, "place_counts"))], ignore_index=True)
    tables = assemble(articles, casualty_table, source_table, date_table,
                      mentions_of(counts), ingest_log)
    return tables, LinkState(dict(zip(paths, keys)), tables, articles_in, counts)


def _prepared(articles: pd.DataFrame) -> bool:
    """The map computed the publication-date evidence of every one of these articles
    (`pubdate.prepare` marks each row it prepared in ``_pd_state``): `pubdate.infer` then
    needs no date rows of theirs."""
    return len(articles) == 0 or ("_pd_state" in articles.columns
                                  and bool(articles["_pd_state"].notna().all()))
