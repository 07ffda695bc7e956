"""build_tables: the pipeline, one direction.

    corpus files -> ingest (discover, decode, log) -> segment (articles)
      -> extract per article (dates, places, sources, casualties)      [per-file map]
      -> link across articles (publication dates inferred, dates resolved,
         casualty windows, incidents, places table)                    [reduce]

The per-file map (`process_file`) depends only on one file's bytes and the extractor
version, so its result can be cached and run in parallel; everything that looks across
articles happens in `reduce`.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

import pandas as pd

from analysis import casualties, dates, incidents, incremental, ingest, parallel, places, pubdate, runplan, sources
from analysis.runplan import default_corpus  # noqa: F401  (re-exported)
from analysis.schema import TABLE_NAMES, frame
from analysis.textutil import sentences

# Tables produced per file (and cached per file); the rest are computed in `reduce`.
PER_FILE = ("ingest_log", "articles", "dates", "place_counts", "sources", "casualties")


class Tables(dict):
    """The tidy tables by name, also reachable as attributes (``tables.articles``)."""

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def extract_article(article: dict) -> dict[str, list[dict]]:
    """Run every per-article extractor on one article row; rows carry their evidence."""
    aid, text = article["article_id"], article["text"] or ""
    sents = sentences(text)
    date_rows = dates.tag(aid, text, sents)
    # per-article evidence the cross-article publication-date step needs (private
    # ``_``-columns of the article row: cached with it, dropped from the articles table)
    article.update(pubdate.prepare(article, date_rows, sents))
    place_rows = places.find(aid, text, sents)
    source_rows = sources.extract(aid, text, sents, outlet=article.get("outlet"))
    casualty_rows = casualties.extract(aid, text, sents, dates=date_rows, places=place_rows,
                                       sources=source_rows)
    return {"dates": date_rows, "place_mentions": place_rows, "sources": source_rows,
            "casualties": casualty_rows}


def process_file(task: "ingest.FileTask") -> dict[str, list[dict]]:
    """The per-file map: parse one file and extract from each of its articles.

    Place mentions are kept as counts per spelling (``place_counts``: path, place,
    surface, n, in first-seen order): all the places table needs of them."""
    log_row, article_rows = ingest.parse(task)
    out: dict[str, list[dict]] = {name: [] for name in PER_FILE}
    out["ingest_log"].append(log_row)
    out["articles"].extend(article_rows)
    counts: dict[tuple, int] = {}
    for article in article_rows:
        for name, rows in extract_article(article).items():
            if name == "place_mentions":
                for r in rows:
                    k = (r.get("place"), r.get("surface"))
                    counts[k] = counts.get(k, 0) + 1
            else:
                out[name].extend(rows)
    out["place_counts"] = [{"path": task.path, "place": p, "surface": s, "n": n}
                           for (p, s), n in counts.items()]
    return out


def reduce(results: Iterable[dict[str, list[dict]]]) -> Tables:
    """Combine per-file results (in path order) and do the cross-article linking."""
    return link(_merge(results))


def _merge(results: Iterable[dict[str, list[dict]]]) -> dict[str, list[dict]]:
    merged: dict[str, list[dict]] = {name: [] for name in PER_FILE}
    for result in results:
        for name in PER_FILE:
            merged[name].extend(result.get(name, []))
    return merged


def link(merged: dict[str, list[dict]]) -> Tables:
    """Cross-article work from the per-file rows (see also `incremental.relink`)."""
    return _link(merged)[0]


def _link(merged: dict[str, list[dict]]) -> tuple[Tables, pd.DataFrame, pd.DataFrame]:
    """The tables, the articles as they entered (private columns too) and the place
    counts: what `incremental.LinkState` keeps."""
    articles_in = frame("articles", merged["articles"], extra=True)   # with private columns
    date_df = pd.DataFrame(merged["dates"])
    articles = pubdate.infer(articles_in, date_df)
    date_table = dates.resolve_table(date_df, articles)
    casualty_table = casualties.finalize(pd.DataFrame(merged["casualties"]), date_table, articles)
    counts = incremental.counts_frame(merged["place_counts"])
    tables = assemble(articles, casualty_table, frame("sources", merged["sources"]), date_table,
                      incremental.mentions_of(counts), frame("ingest_log", merged["ingest_log"]))
    return tables, articles_in, counts


def assemble(articles: pd.DataFrame, casualty_table: pd.DataFrame, source_table: pd.DataFrame,
             date_table: pd.DataFrame, place_mentions: pd.DataFrame,
             ingest_log: pd.DataFrame) -> Tables:
    """The finished tables from the linked rows (incidents and places summarise them)."""
    casualty_table = frame("casualties", casualty_table)
    built = dict(
        articles=frame("articles", articles.drop(columns=_private(articles))),
        casualties=casualty_table,
        sources=source_table,
        dates=frame("dates", date_table),
        places=frame("places", places.table(place_mentions)),
        incidents=frame("incidents", incidents.build(casualty_table, articles, source_table.copy())),
        ingest_log=ingest_log,
    )
    return Tables((name, built[name]) for name in TABLE_NAMES)


def _private(df: pd.DataFrame) -> list[str]:
    """Columns of per-file rows kept for the reduce only (named ``_...``)."""
    return [c for c in df.columns if isinstance(c, str) and c.startswith("_")]


def build_tables(corpus: str | Path | None = None, *, max_bytes: int = ingest.DEFAULT_MAX_BYTES,
                 workers: int | None = None, cache: "str | Path | bool | None" = None,
                 scheduler=None, progress: bool = False,
                 plan: "runplan.Plan | None" = None) -> Tables:
    """Read ``corpus`` (default: the bundled sample) and return every tidy table.

    Same corpus in, same rows and ids out, whatever the options below:

    - ``workers``: processes for the per-file map (``None``: the machine's cores, but
      small corpora run in-process; ``1``: in-process).
    - ``cache``: a folder for per-file results (``True``: the default folder,
      ``$XDG_CACHE_HOME/conflict-briefings``; ``None``/``False``: no cache). Only new or
      changed files are parsed; the cross-article work runs on all rows, except that a
      run over exactly the files (and code) of the last run returns that run's tables.
    - ``scheduler``: a Dask scheduler address (``tcp://host:8786``) or
      ``distributed.Client``: the per-file map runs on that cluster instead.
    - ``progress``: a progress bar on stderr (the CLI asks for it on a terminal only).
    - ``plan``: the `runplan.plan` of this corpus and cache, when the caller made it
      already (``corpus``, ``max_bytes`` and ``cache`` are then not used).
    """
    if plan is None:
        plan = runplan.plan(corpus, max_bytes=max_bytes, cache=cache)
    with parallel.gc_paused():
        return _build(plan, workers, scheduler, progress)


def _build(plan: "runplan.Plan", workers, scheduler, progress: bool) -> Tables:
    tasks, store, keys, run_key = plan.tasks, plan.store, plan.keys, plan.run_key
    paths = [t.path for t in tasks]
    results: list[dict | None] = [None] * len(tasks)
    all_verified = True

    def fill(indices: list[int], meanwhile=None) -> None:
        """The per-file results of ``indices``: from the cache, else parsed (and cached)."""
        nonlocal all_verified
        if store is not None and indices:
            hits = store.load([keys[i] for i in indices])
            for i in indices:
                results[i] = hits.get(keys[i])
        todo = [i for i in indices if results[i] is None]
        done = parallel.map_files(process_file, [tasks[i] for i in todo], workers=workers,
                                  scheduler=scheduler, meanwhile=meanwhile)
        for j, result, verified in _progress(done, progress, total=len(todo)):
            i = todo[j]
            results[i] = result
            all_verified = all_verified and verified
            if store is not None and verified:
                store.add(keys[i], result)
        if store is not None:
            store.stats["misses"] += len(todo)

    prev = None
    if store is not None:
        # exactly the files (and code) of a previous run: its finished tables
        kept = store.load_tables(run_key)
        if isinstance(kept, incremental.LinkState):
            try:
                tables = kept.tables
                store.stats["hits"] = len(keys)
                return tables
            except incremental.StateError:
                store.stats["bad_state"] = True
        # the last run's linked rows: only files it did not see are needed
        last = store.kept_tables_key()
        prev = store.load_tables(last) if last else None
        if not isinstance(prev, incremental.LinkState):
            prev = None
    need = [i for i in range(len(tasks)) if prev is None or prev.keys.get(paths[i]) != keys[i]]
    # while the pool parses the new files, this process reads the last run's rows
    fill(need, meanwhile=prev.decode if prev else None)
    linked = None
    if prev is not None:
        index = {p: i for i, p in enumerate(paths)}

        def load(again: list[str]) -> dict:
            fill([index[p] for p in again])
            return {p: results[index[p]] for p in again}
        fresh = {paths[i]: results[i] for i in need}
        try:
            linked = incremental.relink(prev, paths, keys, fresh, load, assemble, store.stats)
        except incremental.StateError:
            store.stats["bad_state"] = True
        if linked is not None:
            store.stats["relinked"] = True
    if linked is None:   # a full link: every file's rows
        fill([i for i, r in enumerate(results) if r is None])
        tables, articles_in, counts = _link(_merge(results))
        state = None
        if store is not None:
            state = incremental.LinkState(dict(zip(paths, keys)), tables, articles_in, counts)
        linked = tables, state
    tables = linked[0]
    if store is not None:
        store.finish(dict(zip(keys, results)))
        if all_verified:   # a file that changed mid-run: not kept
            store.save_tables(run_key, linked[1])
            store.stats["tables_kept"] = True
    return tables


def _progress(items, enabled: bool, *, total: int | None = None, desc: str = "parsing"):
    """``items``, wrapped in a tqdm bar on stderr when ``enabled`` (quiet otherwise)."""
    if not enabled or not total:
        return items
    from tqdm import tqdm  # only when asked: quiet in logs
    return tqdm(items, desc=desc, unit="file", total=total, file=sys.stderr, leave=False)
