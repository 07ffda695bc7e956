"""The incremental link: a grown, changed or shrunk corpus, linked from the last run's
rows, gives exactly the tables of a full run (byte for byte)."""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import build_tables, cache, incremental, pipeline
from analysis.output import write_tables

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import generate_corpus  # noqa: E402


def tables_bytes(tables, folder: Path) -> dict[str, bytes]:
    out = {}
    for fmt in ("csv", "parquet"):
        for p in write_tables(tables, folder / fmt, fmt):
            out[f"{fmt}/{p.name}"] = p.read_bytes()
    return out


def assert_like_a_full_run(tables, corpus: Path, tmp_path: Path) -> None:
    full = build_tables(corpus, workers=1)          # no cache: parse and link everything
    for name in full:
        pd.testing.assert_frame_equal(tables[name], full[name], check_exact=True, obj=name)
    assert tables_bytes(tables, tmp_path / "inc") == tables_bytes(full, tmp_path / "full")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A small generated corpus (near-duplicates across files, undated articles, every
    file type) plus the bundled sample."""
    root = tmp_path_factory.mktemp("gen") / "corpus"
    generate_corpus.generate(root, 160, seed=11)
    shutil.copytree(pipeline.default_corpus(), root / "sample")
    return root


@pytest.fixture
def corpus(generated, tmp_path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(generated, root)
    return root


def _build(corpus: Path, store: Path, stats: dict | None = None):
    """build_tables with the cache, recording the store's stats."""
    real = cache.open_cache
    seen = {}

    def spy(c, root):
        seen["store"] = real(c, root)
        return seen["store"]
    pipeline.runplan.open_cache = spy
    try:
        tables = build_tables(corpus, workers=1, cache=store)
    finally:
        pipeline.runplan.open_cache = real
    if stats is not None:
        stats.update(seen["store"].stats)
    return tables


def test_grown_corpus_is_linked_incrementally_and_exactly(corpus, tmp_path):
    store = tmp_path / "c"
    _build(corpus, store)
    generate_corpus.generate(corpus / "zz-added", 12, seed=99, start=5_000)
    stats: dict = {}
    grown = _build(corpus, store, stats)
    assert stats.get("relinked"), stats
    assert stats["misses"] == len(list((corpus / "zz-added").rglob("*.*")))
    assert_like_a_full_run(grown, corpus, tmp_path)


def test_changed_and_removed_files(corpus, tmp_path):
    store = tmp_path / "c"
    _build(corpus, store)
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix == ".txt")
    rng = random.Random(5)
    for p in rng.sample(files, 6):
        p.unlink()
    changed = rng.choice([p for p in files if p.exists()])
    changed.write_text(changed.read_text(encoding="utf-8") +
                       "\nTwelve civilians were killed in Idlib on Monday, SOHR said.\n",
                       encoding="utf-8")
    stats: dict = {}
    tables = _build(corpus, store, stats)
    assert stats.get("relinked"), stats
    assert stats["misses"] == 1
    assert_like_a_full_run(tables, corpus, tmp_path)


def test_a_new_copy_can_date_an_old_article(corpus, tmp_path):
    """A new file with a stated date that copies an undated old article: the old
    article's date (and so its dates and casualty windows) changes; its file is
    linked again."""
    store = tmp_path / "c"
    first = _build(corpus, store)
    undated = first.articles[first.articles.published_source == "missing"]
    assert len(undated), "the generated corpus has undated articles"
    a = undated.iloc[0]
    (corpus / "zz-copy.txt").write_text(
        f"A copy of an older report\n\nPublished: March 2, 2020\n\n{a.text}\n", encoding="utf-8")
    stats: dict = {}
    tables = _build(corpus, store, stats)
    assert stats.get("relinked") and stats.get("relinked_files", 0) >= 2, stats
    assert_like_a_full_run(tables, corpus, tmp_path)


def test_the_state_survives_round_trips(corpus, tmp_path):
    """Grow, shrink back, grow again: each run equals a full run."""
    store = tmp_path / "c"
    _build(corpus, store)
    added = corpus / "zz-added"
    for step in range(2):
        generate_corpus.generate(added, 5, seed=7 + step, start=9_000 + 10 * step)
        assert_like_a_full_run(_build(corpus, store), corpus, tmp_path / f"g{step}")
        shutil.rmtree(added)
        assert_like_a_full_run(_build(corpus, store), corpus, tmp_path / f"s{step}")


def test_without_the_map_evidence_a_full_link_runs(corpus, tmp_path, monkeypatch):
    store = tmp_path / "c"
    _build(corpus, store)
    monkeypatch.setattr(incremental, "_prepared", lambda articles: False)
    generate_corpus.generate(corpus / "zz-added", 3, seed=3, start=7_000)
    stats: dict = {}
    tables = _build(corpus, store, stats)
    assert not stats.get("relinked")
    assert_like_a_full_run(tables, corpus, tmp_path)


def test_place_counts_give_the_places_table():
    """The map keeps place mentions as counts per spelling; the places table from them
    is the table from the mentions themselves."""
    from analysis import places
    sample = build_tables(workers=1)
    articles = sample.articles.to_dict("records")
    mentions = pd.DataFrame([r for a in articles
                             for r in pipeline.extract_article(dict(a))["place_mentions"]])
    tasks = pipeline.ingest.discover(pipeline.default_corpus())
    counts = incremental.counts_frame(
        [r for t in tasks for r in pipeline.process_file(t)["place_counts"]])
    assert counts["n"].sum() == len(mentions) > 20
    assert set(counts["path"]) <= set(sample.articles.path)
    pd.testing.assert_frame_equal(places.table(incremental.mentions_of(counts)),
                                  places.table(mentions), check_exact=True)
    pd.testing.assert_frame_equal(places.table(incremental.mentions_of(counts)), sample.places)


def test_the_link_state_pickles_exactly(corpus, tmp_path):
    import pickle
    store = tmp_path / "c"
    tables = _build(corpus, store)
    (kept,) = store.rglob("tables-*.pkl")
    raw = kept.read_bytes()
    state = pickle.loads(raw[raw.index(b"\n") + 1:])
    assert isinstance(state, incremental.LinkState)
    again = pickle.loads(pickle.dumps(state))
    assert type(again.tables) is type(tables)
    for name in tables:
        pd.testing.assert_frame_equal(again.tables[name], tables[name], check_exact=True)
    pd.testing.assert_frame_equal(again.articles_in, state.articles_in, check_exact=True)
    pd.testing.assert_frame_equal(again.place_counts, state.place_counts, check_exact=True)
    assert again.keys == state.keys
    # the articles as they entered the link, rebuilt from the finished ones
    full = pipeline._link(pipeline._merge(
        [pipeline.process_file(t) for t in pipeline.ingest.discover(corpus)]))[1]
    pd.testing.assert_frame_equal(again.articles_in, full, check_exact=True)


@pytest.mark.parametrize("part", ["tables", "articles_in", "packed", "place_counts"])
def test_a_damaged_part_of_the_state_means_a_full_link(corpus, tmp_path, part):
    import pickle
    store = tmp_path / "c"
    _build(corpus, store)
    (kept,) = store.rglob("tables-*.pkl")
    raw = kept.read_bytes()
    head, body = raw[:raw.index(b"\n") + 1], raw[raw.index(b"\n") + 1:]
    state = pickle.loads(body)
    parts = dict(state.__dict__["_parts"])
    parts[part] = parts[part][: len(parts[part]) // 2]          # truncated
    body = pickle.dumps(_Raw(parts))      # a LinkState whose pickled parts are ``parts``
    kept.write_bytes(head + body)
    # the unchanged run: the kept tables cannot be read, so they are rebuilt
    stats: dict = {}
    assert_like_a_full_run(_build(corpus, store, stats), corpus, tmp_path / "same")
    assert stats.get("bad_state"), stats
    # and a grown run after a damaged state links in full
    kept.write_bytes(head + body)
    generate_corpus.generate(corpus / "zz-added", 3, seed=3, start=7_000)
    stats = {}
    assert_like_a_full_run(_build(corpus, store, stats), corpus, tmp_path / "grown")
    assert stats.get("bad_state") and not stats.get("relinked"), stats


class _Raw:
    """Pickles as a LinkState with the given (raw) parts."""
    def __init__(self, parts):
        self.parts = parts

    def __reduce__(self):
        return (incremental.LinkState.__new__, (incremental.LinkState,), self.parts)
