"""The per-file cache: exact round-trip of rows, incremental runs, versions, corruption."""
from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings, strategies as st

from analysis import build_tables, cache, pipeline
from analysis.cache import FileCache, decode_rows, encode_rows, version_of
from analysis.output import write_tables
from analysis.pipeline import default_corpus


def roundtrip(rows: list[dict]) -> list[dict]:
    """Through Arrow and a Parquet file, as the cache stores them."""
    sink = pa.BufferOutputStream()
    pq.write_table(encode_rows(rows), sink, compression="zstd")
    return decode_rows(pq.read_table(pa.BufferReader(sink.getvalue())))


def same(a, b) -> bool:
    """Equal values, types and key order (repr shows all three; NaN compares as text)."""
    return repr(a) == repr(b) and _types(a) == _types(b)


def _types(v):
    if isinstance(v, dict):
        return ("dict", [(k, _types(x)) for k, x in v.items()])
    if isinstance(v, (list, tuple)):
        return (type(v).__name__, [_types(x) for x in v])
    return type(v).__name__


ROWS = [
    ("empty table", []),
    ("plain columns", [{"a": "x", "n": 1, "f": 0.5, "b": True, "l": ["p", "q"]},
                       {"a": None, "n": None, "f": None, "b": None, "l": []}]),
    ("None is not a missing key", [{"a": "x", "b": 1}, {"a": None}, {"b": 2}]),
    ("key order kept per row", [{"a": 1, "b": 2}, {"b": 3, "a": 4}]),
    ("ints stay ints, floats floats", [{"v": 1}, {"v": 1.0}, {"v": float("nan")}, {"v": -0.0}]),
    ("bool is not int", [{"v": True}, {"v": 0}]),
    ("NaN in a float column", [{"v": float("nan")}, {"v": 2.5}, {"v": float("inf")}]),
    ("empty and null lists", [{"l": []}, {"l": None}, {"l": [None]}, {"l": ["a", None]}]),
    ("list of ints", [{"l": [1, 2]}, {"l": []}]),
    ("mixed lists", [{"l": [1, "a", None, 2.0, True]}]),
    ("tuples, dicts, nesting", [{"_span": (3, 9), "_meta": {"k": [1, (2, "x")], "__x": 1},
                                 "_map": {1: "a", (2, 3): None}}]),
    ("dates", [{"_d": dt.date(2020, 5, 6), "_t": dt.datetime(2020, 5, 6, 7, 8, 9)}]),
    ("lone surrogates and odd text", [{"s": "caf\udce9"}, {"s": "\x00 \u202e عربي 💥"}]),
    ("huge int", [{"v": 2 ** 80}, {"v": 1}]),
    ("all None column", [{"v": None}, {"v": None}]),
    ("empty dicts", [{}, {}]),
    ("private keys beside columns", [{"article_id": "a#1", "start": 0, "end": 4, "_sent": 2,
                                      "_cues": ["said"]}]),
]


@pytest.mark.parametrize("rows", [r for _, r in ROWS], ids=[n for n, _ in ROWS])
def test_rows_roundtrip_exactly(rows):
    assert same(roundtrip(rows), rows)


def test_rows_roundtrip_builds_the_same_frame():
    rows = [{"a": "x", "n": 1}, {"a": None, "n": None}, {"n": 3}]
    back = roundtrip(rows)
    pd.testing.assert_frame_equal(pd.DataFrame(back), pd.DataFrame(rows))


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(), st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.tuples(inner, inner),
    st.dictionaries(st.text(max_size=5), inner, max_size=3)), max_leaves=8)
row_dicts = st.lists(st.dictionaries(st.sampled_from(["a", "b", "_c", "start", "text"]), values,
                                     max_size=5), max_size=6)


@settings(max_examples=150, deadline=None)
@given(row_dicts)
def test_any_rows_roundtrip(rows):
    assert same(roundtrip(rows), rows)


def test_unsupported_value_is_not_cached_but_still_used(tmp_path):
    store = FileCache(tmp_path, tmp_path / "corpus", version="v")
    store.add("k1", {"t": [{"v": {1, 2}}]})
    store.add("k2", {"t": [{"v": 1}]})
    store.finish({"k1": {"t": [{"v": {1, 2}}]}, "k2": {"t": [{"v": 1}]}})
    assert store.stats["uncacheable"] == 1
    again = FileCache(tmp_path, tmp_path / "corpus", version="v")
    assert set(again.load(["k1", "k2"])) == {"k2"}


# --------------------------------------------------------------- store semantics
def results(n: int, tag: str = "") -> dict[str, dict]:
    return {f"key{i}": {"ingest_log": [{"path": f"f{i}", "n": i}],
                        "dates": [{"id": f"{tag}{i}:d{j}", "_x": (i, j)} for j in range(i % 3)],
                        "articles": []}
            for i in range(n)}


def test_store_load_exact_and_partial(tmp_path):
    data = results(7)
    store = FileCache(tmp_path, "c", version="v", segment_files=3)
    for k, r in data.items():
        store.add(k, r)
    store.finish(data)
    assert len(list(store.folder.glob("seg-*"))) == 3
    again = FileCache(tmp_path, "c", version="v")
    got = again.load(["key1", "key5", "nope"])
    assert set(got) == {"key1", "key5"}
    assert same(got["key5"], data["key5"])
    assert same(again.load(list(data)), data) or same(dict(sorted(again.load(list(data)).items())), data)


@pytest.mark.parametrize("group_rows", [1, 2, 3, 1000])
def test_partial_loads_read_only_their_row_groups(tmp_path, monkeypatch, group_rows):
    monkeypatch.setattr(cache, "ROW_GROUP_ROWS", group_rows)
    data = results(23)
    store = FileCache(tmp_path, "c", version="v", segment_files=10)
    for k, r in data.items():
        store.add(k, r)
    store.finish(data)
    again = FileCache(tmp_path, "c", version="v")
    for pick in (["key0"], ["key2", "key5", "key11", "key22"], ["key14", "key13"], list(data)):
        got = again.load(pick)
        assert set(got) == set(pick)
        for k in pick:
            assert same(got[k], data[k]), k


def test_other_version_is_a_miss_and_is_removed(tmp_path):
    data = results(3)
    old = FileCache(tmp_path, "c", version="old")
    for k, r in data.items():
        old.add(k, r)
    old.finish(data)
    new = FileCache(tmp_path, "c", version="new")
    assert new.load(list(data)) == {}
    new.finish({})
    assert not old.folder.exists()


def test_version_follows_per_file_code_and_lexicons_only(tmp_path):
    pkg = tmp_path / "analysis"
    for rel, text in {"pipeline.py": "from analysis import dates, lexicons\nfrom analysis import cache as c",
                      "dates.py": "from analysis.numbers import parse\nx = 1",
                      "numbers.py": "def parse(): pass", "cache.py": "",
                      "render.py": "from analysis import dates", "cli.py": "y = 1",
                      "lexicons/__init__.py": "", "lexicons/dates.yaml": "a: 1",
                      "data/corpus/a.txt": "news", "data/geo/g.json": "{}"}.items():
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (pkg / rel).write_text(text)
    assert cache.per_file_modules(pkg) == {"pipeline", "dates", "numbers", "lexicons"}
    base = version_of(pkg)
    for rel, text in {"cli.py": "y = 2", "render.py": "z = 1", "cache.py": "# faithful anyway",
                      "data/corpus/a.txt": "more news", "newmod.py": "unused"}.items():
        (pkg / rel).write_text(text)             # presentation, orchestration, input
        assert version_of(pkg) == base, rel
    for rel, text in {"lexicons/dates.yaml": "a: 2", "dates.py": "from analysis.numbers import parse\nx = 2",
                      "numbers.py": "def parse(): return 1", "data/geo/g.json": "[]",
                      "lexicons/new.yaml": "b: 1", "pipeline.py": "from analysis import dates, newmod",
                      "newmod.py": "now used"}.items():
        (pkg / rel).write_text(text)
        changed = version_of(pkg)
        assert changed != base, rel
        base = changed


def test_real_package_per_file_modules():
    found = cache.per_file_modules(Path(cache.__file__).parent)
    assert {"pipeline", "ingest", "dates", "places", "sources", "casualties", "textutil",
            "lexicons"} <= found
    assert not found & {"cli", "cache", "parallel", "output", "render"}


def test_key_depends_on_path_content_meta_and_version():
    from analysis.ingest import FileTask
    t = FileTask("a/x.txt", "/abs/a/x.txt", 3, "h1")
    k = cache.task_key(t, "v")
    assert cache.task_key(FileTask("a/x.txt", "/elsewhere/a/x.txt", 3, "h1"), "v") == k
    for other, version in [(FileTask("a/y.txt", "/abs/a/y.txt", 3, "h1"), "v"),
                           (FileTask("a/x.txt", "/abs/a/x.txt", 3, "h2"), "v"),
                           (t, "w")]:
        assert cache.task_key(other, version) != k
    if "meta" in {f for f in t.__dataclass_fields__}:
        with_meta = FileTask("a/x.txt", "/abs/a/x.txt", 3, "h1", meta={"outlet": "Reuters"})
        assert cache.task_key(with_meta, "v") != k


@pytest.mark.parametrize("damage", ["truncate", "garbage_manifest", "missing_table", "flip_byte",
                                    "empty_dir"])
def test_damaged_segment_is_ignored_and_rebuilt(tmp_path, damage):
    data = results(4)
    store = FileCache(tmp_path, "c", version="v")
    for k, r in data.items():
        store.add(k, r)
    store.finish(data)
    (seg,) = store.folder.glob("seg-*")
    table = sorted(seg.glob("*.parquet"))[0]
    if damage == "truncate":
        table.write_bytes(table.read_bytes()[:20])
    elif damage == "garbage_manifest":
        (seg / "manifest.json").write_text("{not json")
    elif damage == "missing_table":
        table.unlink()
    elif damage == "flip_byte":
        raw = bytearray(table.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        table.write_bytes(bytes(raw))
    else:
        shutil.rmtree(seg)
        seg.mkdir()
    again = FileCache(tmp_path, "c", version="v")
    assert again.load(list(data)) == {}
    assert not seg.exists()


def test_failed_write_leaves_no_trace_and_does_not_raise(tmp_path, monkeypatch):
    def broken(*a, **k):
        raise OSError("disk full")
    monkeypatch.setattr(cache.pq, "write_table", broken)
    store = FileCache(tmp_path, "c", version="v")
    data = results(2)
    for k, r in data.items():
        store.add(k, r)
    store.finish(data)
    assert list(store.folder.iterdir()) == []


def test_compaction_after_fragmentation_and_removals(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "MAX_SEGMENTS", 3)
    data = results(10)
    seen = {}
    for k, r in data.items():       # one run per new file: segments pile up
        s = FileCache(tmp_path, "c", version="v")
        s.load(list(data))
        s.add(k, r)
        seen[k] = r
        s.finish(seen)
    s = FileCache(tmp_path, "c", version="v")
    live = {k: data[k] for k in list(data)[:4]}
    assert same(dict(sorted(s.load(list(live)).items())), dict(sorted(live.items())))
    s.finish(live)
    assert s.stats["compacted"]
    assert len(list(s.folder.glob("seg-*"))) == 1
    assert not s.stats["bad_segments"]
    again = FileCache(tmp_path, "c", version="v")
    assert set(again.load(list(data))) == set(live)


# ----------------------------------------------------------- through build_tables
def csv_bytes(tables, folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in write_tables(tables, folder, "csv")}


def parquet_bytes(tables, folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in write_tables(tables, folder, "parquet")}


def assert_same_tables(a, b):
    assert list(a) == list(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True)


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(default_corpus(), root)
    for p in root.iterdir():
        p.chmod(0o644)
    return root


@pytest.fixture
def count_parses(monkeypatch):
    seen: list[str] = []
    real = pipeline.process_file

    def counting(task):
        seen.append(task.path)
        return real(task)
    monkeypatch.setattr(pipeline, "process_file", counting)
    return seen


def test_sample_corpus_cached_tables_are_byte_identical(tmp_path, count_parses):
    cold = build_tables(workers=1)
    n_files = len(count_parses)
    first = build_tables(workers=1, cache=tmp_path / "c")
    count_parses.clear()
    warm = build_tables(workers=1, cache=tmp_path / "c")
    assert count_parses == []
    assert n_files == 5
    for t in (first, warm):
        assert_same_tables(cold, t)
        assert csv_bytes(cold, tmp_path / "a") == csv_bytes(t, tmp_path / "b")
        assert parquet_bytes(cold, tmp_path / "a") == parquet_bytes(t, tmp_path / "b")


def test_grown_changed_and_shrunk_corpus(corpus, tmp_path, count_parses):
    store = tmp_path / "c"
    build_tables(corpus, workers=1, cache=store)
    files = sorted(p.name for p in corpus.iterdir())
    # grown: a new file is the only parse
    (corpus / "zzz_new.txt").write_text("Five people were killed in Aleppo on Monday, "
                                        "according to SOHR.\n")
    count_parses.clear()
    grown = build_tables(corpus, workers=1, cache=store)
    assert count_parses == ["zzz_new.txt"]
    assert "zzz_new#1" in set(grown.articles.article_id)
    # changed: only that file again
    (corpus / files[1]).write_text((corpus / files[1]).read_text() + "\nOne more line.\n")
    count_parses.clear()
    build_tables(corpus, workers=1, cache=store)
    assert count_parses == [files[1]]
    # removed: its rows disappear; same tables as a cold run of what is left
    (corpus / files[2]).unlink()
    count_parses.clear()
    shrunk = build_tables(corpus, workers=1, cache=store)
    assert count_parses == []
    assert files[2] not in set(shrunk.ingest_log.path)
    assert_same_tables(shrunk, build_tables(corpus, workers=1))


def test_renamed_file_is_parsed_again(corpus, tmp_path, count_parses):
    build_tables(corpus, workers=1, cache=tmp_path / "c")
    (corpus / "000_2808130f9ac80bbd.txt").rename(corpus / "999_renamed.txt")
    count_parses.clear()
    t = build_tables(corpus, workers=1, cache=tmp_path / "c")
    assert count_parses == ["999_renamed.txt"]
    assert not t.articles.article_id.str.startswith("000_").any()


def test_corrupt_cache_never_crashes(corpus, tmp_path):
    store = tmp_path / "c"
    cold = build_tables(corpus, workers=1, cache=store)
    for p in store.rglob("*.parquet"):
        p.write_bytes(b"PAR1 not really")
    assert_same_tables(build_tables(corpus, workers=1, cache=store), cold)
    assert_same_tables(build_tables(corpus, workers=1, cache=store), cold)


def test_no_temporary_files_left(corpus, tmp_path):
    build_tables(corpus, workers=1, cache=tmp_path / "c")
    assert not list((tmp_path / "c").rglob("tmp-*"))


def test_cli_cache_options(corpus, tmp_path):
    from click.testing import CliRunner
    from analysis.cli import main
    runner = CliRunner()
    out1, out2 = tmp_path / "o1", tmp_path / "o2"
    r = runner.invoke(main, ["tables", str(corpus), "--out", str(out1), "--cache", str(tmp_path / "c")])
    assert r.exit_code == 0, r.output
    assert list((tmp_path / "c").rglob("manifest.json"))
    r = runner.invoke(main, ["tables", str(corpus), "--out", str(out2), "--no-cache", "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert {p.name: p.read_bytes() for p in out1.iterdir()} == {p.name: p.read_bytes() for p in out2.iterdir()}


def test_default_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.default_dir() == tmp_path / "conflict-briefings"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.default_dir() == Path.home() / ".cache" / "conflict-briefings"


def test_unchanged_corpus_returns_the_kept_tables(corpus, tmp_path, count_parses, monkeypatch):
    store = tmp_path / "c"
    cold = build_tables(corpus, workers=1, cache=store)
    kept = list(store.rglob("tables-*.pkl"))
    assert len(kept) == 1
    # an unchanged run neither parses nor reads the per-file segments nor reduces
    monkeypatch.setattr(cache.FileCache, "load", lambda self, keys: pytest.fail("segments read"))
    monkeypatch.setattr(pipeline, "reduce", lambda results: pytest.fail("reduced again"))
    count_parses.clear()
    warm = build_tables(corpus, workers=1, cache=store)
    assert count_parses == []
    assert_same_tables(cold, warm)
    assert csv_bytes(cold, tmp_path / "a") == csv_bytes(warm, tmp_path / "b")
    monkeypatch.undo()
    # a grown corpus: a new key, the old tables replaced
    (corpus / "zzz_new.txt").write_text("Five people were killed in Aleppo on Monday.\n")
    build_tables(corpus, workers=1, cache=store)
    now = list(store.rglob("tables-*.pkl"))
    assert len(now) == 1 and now != kept


@pytest.mark.parametrize("damage", [b"", b"conflict-briefings tables 1\nnot a pickle", b"junk"])
def test_damaged_kept_tables_are_rebuilt(corpus, tmp_path, damage):
    store = tmp_path / "c"
    cold = build_tables(corpus, workers=1, cache=store)
    (kept,) = store.rglob("tables-*.pkl")
    kept.write_bytes(damage)
    assert_same_tables(build_tables(corpus, workers=1, cache=store), cold)
    assert_same_tables(build_tables(corpus, workers=1, cache=store), cold)


# ------------------------------------------------------------ digests by stat, kept outputs
def test_unchanged_files_are_not_read_again(corpus, tmp_path, monkeypatch):
    from analysis import ingest
    monkeypatch.setattr(cache.DigestCache, "RACY_SECONDS", 0.0)
    store = tmp_path / "c"
    cold = build_tables(corpus, workers=1, cache=store)
    hashed: list[str] = []
    real = ingest._hash
    monkeypatch.setattr(ingest, "_hash", lambda p: hashed.append(Path(p).name) or real(p))
    warm = build_tables(corpus, workers=1, cache=store)
    assert hashed == []
    assert_same_tables(cold, warm)
    # new content under the same size and mtime: the ctime still gives it away
    target = sorted(corpus.iterdir())[1]
    st = target.stat()
    data = target.read_bytes()
    target.write_bytes(data[:-1] + (b"X" if data[-1:] != b"X" else b"Y"))
    import os
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    changed = build_tables(corpus, workers=1, cache=store)
    assert hashed == [target.name]
    assert_same_tables(changed, build_tables(corpus, workers=1))


def test_young_files_are_hashed_again(corpus, tmp_path, monkeypatch):
    """A file written within the racy window keeps no digest (the next run reads it)."""
    from analysis import ingest
    store = tmp_path / "c"
    (corpus / "zzz_new.txt").write_text("Five people were killed in Aleppo on Monday.\n")
    build_tables(corpus, workers=1, cache=store)
    hashed: list[str] = []
    real = ingest._hash
    monkeypatch.setattr(ingest, "_hash", lambda p: hashed.append(Path(p).name) or real(p))
    build_tables(corpus, workers=1, cache=store)
    assert "zzz_new.txt" in hashed


@pytest.mark.parametrize("damage", ["", "{", "[1, 2]", '{"format": 1, "files": {"a": 3}}'])
def test_damaged_digests_are_an_empty_cache(tmp_path, damage):
    p = tmp_path / "digests.json"
    p.write_text(damage)
    d = cache.DigestCache(p)
    assert d.get("a", (tmp_path).stat()) is None
    d.put("a", tmp_path.stat(), "f" * 64)
    d.save()


def _cli(args):
    from click.testing import CliRunner
    from analysis.cli import main
    r = CliRunner().invoke(main, ["tables", *map(str, args)])
    assert r.exit_code == 0, r.output
    return r.output


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_cli_unchanged_run_copies_the_kept_outputs(corpus, tmp_path, monkeypatch, fmt):
    store = tmp_path / "c"
    cold = _files(_cold_outputs(corpus, tmp_path, fmt))
    first = _cli([corpus, "--out", tmp_path / "o1", "--cache", store, "--format", fmt])
    monkeypatch.setattr(pipeline, "build_tables", lambda *a, **k: pytest.fail("built again"))
    second = _cli([corpus, "--out", tmp_path / "o2", "--cache", store, "--format", fmt])
    assert second.replace("o2", "o1") == first          # same files, same row counts
    assert _files(tmp_path / "o1") == _files(tmp_path / "o2")
    assert _files(tmp_path / "o2") == cold
    assert not list((tmp_path / "o2").glob(".*"))       # no temporary files left


def _cold_outputs(corpus: Path, tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / f"cold-{fmt}"
    _cli([corpus, "--out", out, "--no-cache", "--workers", "1", "--format", fmt])
    return out


def test_cli_kept_outputs_follow_corpus_format_and_damage(corpus, tmp_path):
    store = tmp_path / "c"
    _cli([corpus, "--out", tmp_path / "o1", "--cache", store, "--format", "csv"])
    # another format: built (from the kept tables), then kept beside the first
    _cli([corpus, "--out", tmp_path / "p1", "--cache", store, "--format", "parquet"])
    assert {p.parent.name for p in store.rglob("manifest.json")} >= {"out-csv", "out-parquet"}
    # a damaged kept file: noticed by its size, rebuilt, kept anew
    (kept,) = [p for p in store.rglob("out-csv/articles.csv")]
    kept.write_text("damaged")
    _cli([corpus, "--out", tmp_path / "o2", "--cache", store, "--format", "csv"])
    assert _files(tmp_path / "o2") == _files(_cold_outputs(corpus, tmp_path, "csv"))
    # a grown corpus: new outputs, not the kept ones
    (corpus / "zzz_new.txt").write_text("Five people were killed in Aleppo on Monday.\n")
    _cli([corpus, "--out", tmp_path / "o3", "--cache", store, "--format", "csv"])
    assert "zzz_new#1" in (tmp_path / "o3" / "articles.csv").read_text()
    assert _files(tmp_path / "o3") == _files(_cold_outputs(corpus, tmp_path, "csv"))


def test_cli_unchanged_run_imports_no_pandas(corpus, tmp_path):
    import subprocess
    import sys
    store = tmp_path / "c"
    _cli([corpus, "--out", tmp_path / "o1", "--cache", store])
    code = ("import sys; from analysis.cli import main\n"
            f"try: main(['tables', {str(corpus)!r}, '--out', {str(tmp_path / 'o2')!r}, "
            f"'--cache', {str(store)!r}])\n"
            "except SystemExit: pass\n"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout + out.stderr
    assert _files(tmp_path / "o1") == _files(tmp_path / "o2")
