"""The per-file map gives identical tables in-process, on a process pool and on Dask."""
from __future__ import annotations

import importlib.util
import logging
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import build_tables, parallel
from analysis.errors import BriefingError
from analysis.output import write_tables
from analysis.pipeline import default_corpus

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "benchmarks" / "generate_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The sample corpus plus 60 generated articles (txt, jsonl, html): many chunks."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(default_corpus(), root / "sample")
    _generator().generate(root / "generated", 60, seed=21, records_per_jsonl=4)
    return root


def table_bytes(tables, folder: Path) -> dict[str, bytes]:
    out = {}
    for fmt in ("csv", "parquet"):
        out.update({p.name: p.read_bytes() for p in write_tables(tables, folder / fmt, fmt)})
    return out


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    logging.disable(logging.CRITICAL)      # extractor warnings are not what this tests
    try:
        tables = build_tables(corpus, workers=1)
    finally:
        logging.disable(logging.NOTSET)
    return tables, table_bytes(tables, tmp_path_factory.mktemp("ref"))


def test_generated_corpus_is_not_trivial(reference):
    tables, _ = reference
    assert len(tables.articles) >= 50
    assert set(tables.ingest_log.path.str.rsplit(".", n=1).str[-1]) >= {"txt", "jsonl", "html"}


def test_two_workers_byte_identical(corpus, reference, tmp_path):
    tables = build_tables(corpus, workers=2)
    for name in tables:
        pd.testing.assert_frame_equal(tables[name], reference[0][name], check_exact=True)
    assert table_bytes(tables, tmp_path) == reference[1]


def test_pool_with_cache_byte_identical(corpus, reference, tmp_path):
    cold = build_tables(corpus, workers=2, cache=tmp_path / "c")
    warm = build_tables(corpus, workers=2, cache=tmp_path / "c")
    assert table_bytes(cold, tmp_path / "a") == reference[1]
    assert table_bytes(warm, tmp_path / "b") == reference[1]


def test_dask_local_cluster_byte_identical(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                  dashboard_address=None) as cluster:
        tables = build_tables(corpus, scheduler=cluster.scheduler_address)
        with distributed.Client(cluster) as client:   # a Client works as well as an address
            again = build_tables(corpus, scheduler=client, cache=tmp_path / "c")
    assert table_bytes(tables, tmp_path / "a") == reference[1]
    assert table_bytes(again, tmp_path / "b") == reference[1]


def test_unreachable_scheduler_is_a_clear_error(corpus, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(BriefingError, match="cannot reach a Dask scheduler"):
        build_tables(corpus, scheduler="tcp://127.0.0.1:9")


def test_cli_workers_give_identical_files(corpus, tmp_path):
    from click.testing import CliRunner
    from analysis.cli import main
    outs = []
    for n in ("1", "2"):
        out = tmp_path / f"w{n}"
        r = CliRunner().invoke(main, ["tables", str(corpus), "--out", str(out), "--no-cache",
                                      "--workers", n, "--format", "parquet"])
        assert r.exit_code == 0, r.output
        outs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outs[0] == outs[1]


def test_bad_worker_count():
    with pytest.raises(BriefingError, match="--workers"):
        list(parallel.map_files(len, [object()], workers=0))


@pytest.mark.parametrize("sizes, n", [([], 4), ([5], 4), ([1] * 100, 8), ([10, 1, 1, 1, 50, 2], 3),
                                      ([10 ** 9, 1, 1], 2)])
def test_chunks_cover_every_task_in_order(sizes, n):
    chunks = parallel.plan_chunks(sizes, n)
    assert [i for c in chunks for i in c] == list(range(len(sizes)))
    assert all(chunks)
    if len(sizes) >= 4 * n:
        assert n // 2 <= len(chunks) <= 2 * n


def test_changed_file_is_not_verified(tmp_path):
    from analysis.ingest import discover
    (tmp_path / "a.txt").write_text("Three people were killed in Aleppo.\n")
    (task,) = discover(tmp_path)
    assert parallel._unchanged(task)
    (tmp_path / "a.txt").write_text("Four people were killed in Aleppo.\n")
    assert not parallel._unchanged(task)
    (tmp_path / "a.txt").unlink()
    assert not parallel._unchanged(task)


def test_results_come_back_for_every_task_whatever_the_order():
    tasks = [type("T", (), {"size": s, "abs_path": "/nonexistent", "sha256": None})() for s in range(1, 40)]
    got = sorted((i, r) for i, r, _ in parallel.map_files(lambda t: t.size * 2, tasks, workers=1))
    assert got == [(i, (i + 1) * 2) for i in range(39)]


def test_progress_bar_only_when_asked(capsys):
    from analysis.pipeline import _progress
    items = [1, 2, 3]
    assert _progress(items, False, total=3) is items
    assert list(_progress(iter(items), True, total=3)) == items
    assert "parsing" in capsys.readouterr().err


def test_cli_is_quiet_without_a_terminal(corpus, tmp_path):
    from click.testing import CliRunner
    from analysis.cli import main
    r = CliRunner().invoke(main, ["tables", str(corpus), "--out", str(tmp_path / "o"),
                                  "--no-cache", "--workers", "2"])
    assert r.exit_code == 0, r.output
    assert "parsing" not in r.output and "file/s" not in r.output


def _double(t):
    return t.size * 2


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("n_tasks", [0, 39])
def test_meanwhile_runs_once_while_the_files_are_parsed(workers, n_tasks):
    """The caller's own work (reading the last run's rows) runs once, after the pool has
    its tasks and before their results are read; every result still comes back."""
    tasks = [_Task(s) for s in range(1, n_tasks + 1)]
    calls = []
    got = []
    for i, r, _ in parallel.map_files(_double, tasks, workers=workers,
                                      meanwhile=lambda: calls.append(len(got))):
        got.append((i, r))
    assert calls == [0]
    assert sorted(got) == [(i, (i + 1) * 200_000) for i in range(n_tasks)]


class _Task:
    """A FileTask stand-in that pickles (for the pool)."""
    def __init__(self, size):
        self.size = size * 100_000      # big enough for the pool
        self.abs_path = "/nonexistent"
        self.sha256 = None
