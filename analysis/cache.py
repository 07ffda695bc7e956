"""The per-file result cache: what `pipeline.process_file` returned, stored as Parquet.

A scheduled run over a growing corpus should parse only the files it has not seen. Each
input file's result (a dict ``{table: [row dicts]}``) is stored under a **key** made of

- the file's content (sha256) and everything path-dependent that ``ingest.discover`` put
  in its ``FileTask`` (relative path — article ids contain the file stem —, manifest
  metadata, skip reason), and
- the **extractor version**: a hash of the source of every package module the per-file
  code imports (found by reading imports from ``pipeline.py`` on), every lexicon under
  ``analysis/lexicons`` and the bundled data, plus the versions of the libraries
  extraction calls. Editing a lexicon or an extractor invalidates old entries without
  anyone bumping a number.

Only per-file rows are cached; the cross-article work (``pipeline.reduce``/``link``) is
recomputed on every run from the cached and fresh per-file rows.

Layout (``DIR`` defaults to ``$XDG_CACHE_HOME/conflict-briefings``)::

    DIR/<corpus hash>/corpus.txt          the corpus folder this namespace belongs to
    DIR/<corpus hash>/<version>/seg-*/    segments: results of a batch of files
        manifest.json                     keys, row counts per key and table, file hashes
        <table>.parquet                   rows of every file of the segment, in key order

A segment is written into a temporary folder and renamed into place (atomic). Reading
checks every file's sha256 against the manifest; a segment that cannot be read is
ignored (its files are parsed again) and removed. Old versions, removed files and
fragmented segments are cleaned up after a run (compaction, under a lock).

Rows round-trip exactly: each row key becomes a typed Parquet column when all its values
share one plain type (str, int, float, bool, list of one of those); otherwise the column
holds tagged JSON (tuples, dicts, dates, mixed int/float stay what they were). Which
keys each row had, and in which order, is stored too, so a missing key stays missing and
``None`` stays ``None``. A result holding a value that cannot be stored faithfully (a
numpy scalar, a set, ...) is simply not cached.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
from bisect import bisect_right
import json
import logging
import os
import pickle
import re
import shutil
import sys
import time
import uuid
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, Iterable, Mapping

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

log = logging.getLogger(__name__)

FORMAT = 1
SEGMENT_FILES = 2500       # files per segment written in one go
ROW_GROUP_ROWS = 2048      # rows per Parquet row group: a few files' rows read alone
MAX_SEGMENTS = 24          # more than this many segments: compact on the next run
MAX_DEAD_SHARE = 0.5       # more dead rows than this share: compact
NAMESPACE_TTL_DAYS = 60    # namespaces (corpora) unused this long are removed

# The per-file code is what `pipeline.py` (home of `process_file`) imports from the
# package, directly or through other package modules; the modules below are left out
# because they cannot change a cached row (the cache round-trips rows exactly; the map
# only schedules work). Presentation modules (render, charts, ...) are not imported by
# the per-file code, so editing them keeps the cache.
_ROOT_MODULE = "pipeline"
_NEUTRAL = frozenset({"cache", "parallel", "runplan"})
_IMPORT = re.compile(r"^\s*(?:from\s+analysis(?:\.(\w+))?\s+import\s+([^\n#]+)|import\s+analysis\.(\w+))",
                     re.MULTILINE)
# Libraries whose behaviour may change extraction results.
_LIBRARIES = ("trafilatura", "charset-normalizer", "dateparser", "text2num", "spacy", "pyyaml",
              "lxml", "regex")

_SIG = "__cb_sig__"
_TABLES_MAGIC = b"conflict-briefings link state 3\n"   # header of a kept reduce output   # column: index of the row's key signature (only when several)


# ---------------------------------------------------------------------------- version
@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Hash of everything that decides what ``process_file`` returns (hex, 16 chars)."""
    return version_of(Path(__file__).resolve().parent)


def version_of(pkg: Path) -> str:
    """The extractor version of the package folder ``pkg`` (see `extractor_version`)."""
    pkg = Path(pkg)
    h = hashlib.sha256(f"cache-format-{FORMAT}".encode())
    files = [(f"{m}.py" if (pkg / f"{m}.py").is_file() else f"{m}/__init__.py")
             for m in sorted(per_file_modules(pkg))]   # per-file code
    for p in pkg.rglob("*"):
        rel = p.relative_to(pkg)
        parts = rel.parts
        if not p.is_file() or "__pycache__" in parts or p.suffix in (".pyc", ".pyo"):
            continue
        if parts[0] == "lexicons" and p.suffix != ".py" or \
                parts[0] == "data" and not (len(parts) > 1 and parts[1] == "corpus"):
            files.append(rel.as_posix())      # word lists, gazetteer (not the sample corpus)
    for rel in sorted(set(files)):
        h.update(rel.encode() + b"\0" + (pkg / rel).read_bytes() + b"\0")
    from importlib import metadata
    libs = []
    for name in _LIBRARIES:
        try:
            libs.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            libs.append(f"{name}=-")
    h.update((";".join(libs) + f";py{sys.version_info[0]}.{sys.version_info[1]}").encode())
    return h.hexdigest()[:16]


def per_file_modules(pkg: Path) -> set[str]:
    """Package modules reachable by import from `pipeline` (the per-file code), found by
    reading their source; without a `pipeline.py`, every module."""
    pkg = Path(pkg)

    def source(m: str) -> Path | None:
        for p in (pkg / f"{m}.py", pkg / m / "__init__.py"):
            if p.is_file():
                return p
        return None

    if source(_ROOT_MODULE) is None:
        return {p.stem for p in pkg.glob("*.py")} - _NEUTRAL
    seen, todo = set(), [_ROOT_MODULE]
    while todo:
        m = todo.pop()
        path = source(m)
        if m in seen or path is None:
            continue
        seen.add(m)
        for sub, names, direct in _IMPORT.findall(path.read_text(encoding="utf-8", errors="replace")):
            found = [sub or direct] if (sub or direct) else []
            if not sub and names:
                found += [n.split(" as ")[0].strip(" ()") for n in names.split(",")]
            todo += [f for f in found if f and f not in seen]
    return seen - _NEUTRAL


@lru_cache(maxsize=1)
def _pandas_version() -> str:
    """pandas' version without importing pandas (a run with nothing to do skips it)."""
    from importlib import metadata
    return metadata.version("pandas")


def default_dir() -> Path:
    """``$XDG_CACHE_HOME/conflict-briefings`` (``~/.cache/conflict-briefings``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "conflict-briefings"


def task_key(task: Any, version: str) -> str:
    """The cache key of one ``ingest.FileTask``: content, path-dependent metadata, version."""
    fields = dict(vars(task))             # a dataclass's fields (its __dict__), cheaply
    fields.pop("abs_path", None)          # where the corpus lives does not change rows
    blob = json.dumps({"v": version, "task": fields}, sort_keys=True, ensure_ascii=True,
                      default=_stable_repr)
    return hashlib.sha256(blob.encode()).hexdigest()


def _stable_repr(value: Any) -> str:
    if isinstance(value, (set, frozenset)):
        return repr(sorted(map(repr, value)))
    return f"{type(value).__name__}:{value!r}"


# ------------------------------------------------------------------- row <-> arrow
class Uncacheable(Exception):
    """A value that cannot be stored so that it reads back identical."""


def _to_json(v: Any) -> Any:
    t = type(v)
    if v is None or t is str or t is int or t is float or t is bool:
        return v
    if t is list:
        return [_to_json(x) for x in v]
    if t is tuple:
        return {"__t": [_to_json(x) for x in v]}
    if t is dict:
        if all(type(k) is str and not k.startswith("__") for k in v):
            return {k: _to_json(x) for k, x in v.items()}
        return {"__d": [[_to_json(k), _to_json(x)] for k, x in v.items()]}
    if t is _dt.datetime:
        return {"__dt": v.isoformat()}
    if t is _dt.date:
        return {"__date": v.isoformat()}
    raise Uncacheable(f"{t.__module__}.{t.__qualname__}")


def _from_json_obj(d: dict) -> Any:
    if len(d) == 1:
        (k, v), = d.items()
        if k == "__t":
            return tuple(v)
        if k == "__d":
            return {(tuple(a) if type(a) is list else a): b for a, b in v}
        if k == "__dt":
            return _dt.datetime.fromisoformat(v)
        if k == "__date":
            return _dt.date.fromisoformat(v)
    return d


_PLAIN = {str: pa.large_string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def _column(values: list) -> tuple[pa.Array, bool]:
    """(arrow array, is_json) for one row key's values (None where absent or None)."""
    types = set(map(type, values))
    types.discard(type(None))
    try:
        if not types:
            return pa.nulls(len(values)), False
        if len(types) == 1:
            (t,) = types
            if t in _PLAIN:
                return pa.array(values, type=_PLAIN[t]), False
            if t is list:
                inner = set(map(type, chain.from_iterable(filter(None, values))))
                inner.discard(type(None))
                if not inner:
                    return pa.array(values, type=pa.large_list(pa.null())), False
                if len(inner) == 1 and next(iter(inner)) in _PLAIN:
                    return pa.array(values, type=pa.large_list(_PLAIN[inner.pop()])), False
    except (pa.ArrowException, OverflowError, ValueError, TypeError):
        pass  # lone surrogates, huge ints...: tagged JSON below keeps them
    dumps = json.dumps
    return pa.array([None if v is None else dumps(_to_json(v), ensure_ascii=True)
                     for v in values], type=pa.large_string()), True


def encode_rows(rows: list[dict]) -> pa.Table:
    """Row dicts -> an Arrow table that `decode_rows` turns back into equal dicts."""
    sigs: dict[tuple, int] = {}
    sig_of = []
    order: dict[str, None] = {}
    for row in rows:
        sig = tuple(row)
        n = sigs.get(sig)
        if n is None:
            n = sigs[sig] = len(sigs)
            for k in sig:
                if type(k) is not str or k == _SIG:
                    raise Uncacheable(f"row key {k!r}")
                order.setdefault(k)
        sig_of.append(n)
    arrays, names, json_cols = [], [], []
    single = len(sigs) == 1
    for k in order:
        values = [row[k] for row in rows] if single else [row.get(k) for row in rows]
        arr, is_json = _column(values)
        arrays.append(arr)
        names.append(k)
        if is_json:
            json_cols.append(k)
    if len(sigs) > 1:
        arrays.append(pa.array(sig_of, type=pa.int32()))
        names.append(_SIG)
    meta = {b"cb.sigs": json.dumps([list(s) for s in sigs]).encode(),
            b"cb.json": json.dumps(json_cols).encode()}
    if not arrays:
        return pa.table({"__cb_empty__": pa.nulls(len(rows))}).replace_schema_metadata(meta)
    return pa.Table.from_arrays(arrays, names=names).replace_schema_metadata(meta)


def decode_rows(table: pa.Table) -> list[dict]:
    """The row dicts `encode_rows` was given (equal values, key order, missing keys)."""
    meta = table.schema.metadata or {}
    sigs = [tuple(s) for s in json.loads(meta[b"cb.sigs"])]
    json_cols = set(json.loads(meta[b"cb.json"]))
    if not sigs or sigs == [()]:
        return [{} for _ in range(table.num_rows)]
    loads = json.loads
    cols = {}
    for k in table.column_names:
        if k == _SIG:
            continue
        if k in json_cols:   # decoded one by one: rows never share a mutable value
            cols[k] = [None if v is None else loads(v, object_hook=_from_json_obj)
                       for v in table.column(k).to_pylist()]
        else:
            cols[k] = _values(table.column(k))
    if len(sigs) == 1:
        return [dict(zip(sigs[0], vals)) for vals in zip(*(cols[k] for k in sigs[0]))]
    sig_of = table.column(_SIG).to_pylist()
    return [{k: cols[k][i] for k in sigs[s]} for i, s in enumerate(sig_of)]


def _values(col: pa.ChunkedArray) -> list:
    """A column as Python values; short repeated strings come back as one shared object
    each (sentences, ids and names repeat across rows), which saves memory and time."""
    n = len(col)
    if n and (pa.types.is_large_string(col.type) or pa.types.is_string(col.type)) \
            and col.nbytes < 1000 * n:
        enc = pc.dictionary_encode(col.combine_chunks())
        uniq = enc.dictionary.to_pylist()
        return [None if i is None else uniq[i] for i in enc.indices.to_pylist()]
    return col.to_pylist()


# ----------------------------------------------------------------------- the store
class FileCache:
    """Per-file results of one corpus under one extractor version.

    ``key(task)``, ``load(keys) -> {key: result}``, ``add(key, result)`` (buffered),
    ``finish(live)`` (flush, then clean up). Failures never raise: a cache that cannot
    be read is a miss, one that cannot be written is skipped with a warning.
    """

    def __init__(self, directory: str | Path, corpus_root: str | Path, *,
                 version: str | None = None, segment_files: int = SEGMENT_FILES) -> None:
        self.directory = Path(directory).expanduser()
        root = str(Path(corpus_root).resolve())
        self.namespace = self.directory / hashlib.sha256(root.encode()).hexdigest()[:16]
        self.corpus_root = root
        self.version = version or extractor_version()
        self.folder = self.namespace / self.version
        self.segment_files = segment_files
        self._pending: list[tuple[str, dict]] = []
        self._writable = True
        self._segments: dict[str, dict] = {}     # name -> manifest, as read by load
        self.stats = {"hits": 0, "misses": 0, "written": 0, "uncacheable": 0,
                      "bad_segments": 0, "compacted": False}

    # -- keys --------------------------------------------------------------------
    def key(self, task: Any) -> str:
        return task_key(task, self.version)

    # -- reading -------------------------------------------------------------------
    def _segment_dirs(self) -> list[Path]:
        try:
            return sorted(p for p in self.folder.iterdir() if p.name.startswith("seg-") and p.is_dir())
        except OSError:
            return []

    def load(self, keys: Iterable[str]) -> dict[str, dict]:
        """Cached results for those of ``keys`` that have one."""
        wanted = set(keys)
        found: dict[str, dict] = {}
        for seg in self._segment_dirs():
            try:
                manifest = json.loads((seg / "manifest.json").read_text(encoding="utf-8"))
                if manifest.get("format") != FORMAT or manifest.get("version") != self.version:
                    raise ValueError("foreign segment")
                self._segments[seg.name] = manifest
                need = [j for j, k in enumerate(manifest["keys"]) if k in wanted and k not in found]
                if need:
                    found.update(self._read_segment(seg, manifest, need))
            except Exception as exc:   # corrupt, truncated, half-deleted: rebuild those files
                log.warning("cache: ignoring unreadable segment %s (%s)", seg, exc)
                self.stats["bad_segments"] += 1
                self._segments.pop(seg.name, None)
                self._remove(seg)
        self.stats["hits"] += len(found)
        return found

    def _read_segment(self, seg: Path, manifest: dict, need: list[int]) -> dict[str, dict]:
        keys = manifest["keys"]
        layouts = [tuple(t) for t in manifest["layouts"]]
        layout_of = manifest["layout_of"]
        rows_by_table: dict[str, tuple[list[dict], list[int]]] = {}
        for name, info in manifest["tables"].items():
            data = (seg / info["file"]).read_bytes()
            if hashlib.sha256(data).hexdigest() != info["sha256"]:
                raise ValueError(f"{info['file']}: checksum mismatch")
            counts = info["counts"]
            if len(counts) != len(keys):
                raise ValueError(f"{info['file']}: counts do not match keys")
            starts, pos = [], 0
            for c in counts:
                starts.append(pos)
                pos += c
            pf = pq.ParquetFile(pa.BufferReader(data))
            if pf.metadata.num_rows != pos:
                raise ValueError(f"{info['file']}: {pf.metadata.num_rows} rows, manifest says {pos}")
            idx = [i for j in need for i in range(starts[j], starts[j] + counts[j])] \
                if len(need) < len(keys) else None
            if idx is None or len(idx) == pos:
                table = pf.read()
            else:                           # pull only the live files' rows
                # ... decoding only the row groups that hold them
                group_start, at = [], 0
                for g in range(pf.num_row_groups):
                    group_start.append(at)
                    at += pf.metadata.row_group(g).num_rows
                groups = sorted({bisect_right(group_start, i) - 1 for i in idx})
                offset, at = {}, 0
                for g in groups:
                    offset[g] = at - group_start[g]
                    at += pf.metadata.row_group(g).num_rows
                table = pf.read_row_groups(groups)
                local = [i + offset[bisect_right(group_start, i) - 1] for i in idx]
                table = table.take(pa.array(local, type=pa.int64()))
                new_starts, p = {}, 0
                for j in need:
                    new_starts[j] = p
                    p += counts[j]
                starts = [new_starts.get(j, 0) for j in range(len(keys))]
            rows_by_table[name] = (decode_rows(table), starts)
        out = {}
        for j in need:
            result = {}
            for name in layouts[layout_of[j]]:
                rows, starts = rows_by_table[name]
                c = manifest["tables"][name]["counts"][j]
                result[name] = rows[starts[j]:starts[j] + c]
            out[keys[j]] = result
        return out

    # -- the finished tables --------------------------------------------------------
    def tables_key(self, keys: Iterable[str]) -> str:
        """The key of a whole run: every file's key in path order (content, path, metadata,
        extractor version: the reduce code is part of the version, see `per_file_modules`)
        and the pandas version (the tables are stored pickled)."""
        h = hashlib.sha256(f"tables-{FORMAT}-{self.version}-pandas{_pandas_version()}\n".encode())
        for k in keys:
            h.update(k.encode() + b"\n")
        return h.hexdigest()[:32]

    def load_tables(self, key: str) -> Any | None:
        """The tables a previous run over exactly these files returned, or None."""
        path = self.folder / f"tables-{key}.pkl"
        try:
            with open(path, "rb") as fh:
                if fh.read(len(_TABLES_MAGIC)) != _TABLES_MAGIC:
                    raise ValueError("not a tables file")
                tables = pickle.load(fh)
            os.utime(path)
        except FileNotFoundError:
            return None
        except Exception as exc:   # truncated, foreign...: build the tables again
            log.warning("cache: ignoring unreadable %s (%s)", path, exc)
            self._remove_file(path)
            return None
        self.stats["tables_hit"] = True
        return tables

    def kept_tables_key(self) -> str | None:
        """The run key of the kept reduce output (the last run's), if any."""
        try:
            names = sorted(p.name for p in self.folder.glob("tables-*.pkl"))
        except OSError:
            return None
        return names[-1][len("tables-"):-len(".pkl")] if names else None

    def save_tables(self, key: str, tables: Any) -> None:
        """Keep ``tables`` (the reduce output) for a later run over the same files; only
        the latest run's tables are kept."""
        if not self._writable:
            return
        tmp = self.folder / f"tmp-{uuid.uuid4().hex}.pkl"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(_TABLES_MAGIC)
                pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
            final = self.folder / f"tables-{key}.pkl"
            os.replace(tmp, final)
            for old in self.folder.glob("tables-*.pkl"):
                if old != final:
                    self._remove_file(old)
        except Exception as exc:   # disk full, unpicklable...: next run reduces again
            log.warning("cache: cannot keep the tables in %s (%s)", self.folder, exc)
            self._remove_file(tmp)

    @staticmethod
    def _remove_file(path: Path) -> None:
        try:
            path.unlink()
        except OSError:
            pass

    # -- the written outputs ---------------------------------------------------------
    def digests(self) -> DigestCache:
        """The corpus files' digests by stat (shared by every extractor version)."""
        return DigestCache(self.namespace / "digests.json")

    def _outputs(self, fmt: str) -> Path:
        return self.folder / f"out-{fmt}"

    @staticmethod
    def outputs_key(run_key: str, fmt: str) -> str:
        """What decides the bytes of the written files: the run, the format, the writing
        code and the libraries that encode them."""
        writer = (Path(__file__).resolve().parent / "output.py").read_bytes()
        h = hashlib.sha256(f"{run_key}\0{fmt}\0pandas{_pandas_version()}\0"
                           f"pyarrow{pa.__version__}\0".encode() + writer)
        return h.hexdigest()[:32]

    def copy_outputs(self, key: str, fmt: str, out_dir: str | Path) -> dict[str, int] | None:
        """Copy the files an earlier run wrote for ``key`` into ``out_dir`` (atomically,
        file by file); their row counts by table, or None when there are none."""
        folder = self._outputs(fmt)
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("key") != key:
                return None
            files = manifest["files"]
            for name, info in files.items():
                if (folder / info["file"]).stat().st_size != info["size"]:
                    raise ValueError(f"{info['file']}: size changed")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("cache: ignoring kept outputs in %s (%s)", folder, exc)
            self._remove(folder)
            return None
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        for name, info in files.items():
            tmp = out / f".{info['file']}.{uuid.uuid4().hex}"
            try:
                shutil.copyfile(folder / info["file"], tmp)
                os.replace(tmp, out / info["file"])
            except OSError as exc:   # replaced by a concurrent run: write them anew
                log.warning("cache: cannot copy kept outputs from %s (%s)", folder, exc)
                return None
            finally:
                self._remove_file(tmp)
        self.stats["outputs_hit"] = True
        return {name: info["rows"] for name, info in files.items()}

    def keep_outputs(self, key: str, fmt: str, paths: Iterable[Path], rows: Mapping[str, int]) -> None:
        """Keep copies of the files just written (only the latest run's, per format)."""
        if not self._writable:
            return
        folder = self._outputs(fmt)
        tmp = self.folder / f"tmp-out-{uuid.uuid4().hex}"
        try:
            tmp.mkdir(parents=True)
            files = {}
            for path in paths:
                path = Path(path)
                shutil.copyfile(path, tmp / path.name)
                files[path.stem] = {"file": path.name, "size": (tmp / path.name).stat().st_size,
                                    "rows": int(rows[path.stem])}
            (tmp / "manifest.json").write_text(json.dumps({"key": key, "files": files}),
                                               encoding="utf-8")
            self._remove(folder)
            os.replace(tmp, folder)
        except OSError as exc:   # disk full...: the next run writes its outputs again
            log.warning("cache: cannot keep the outputs in %s (%s)", folder, exc)
        finally:
            self._remove(tmp)

    # -- writing -------------------------------------------------------------------
    def add(self, key: str, result: Mapping[str, list[dict]]) -> None:
        """Queue one file's result; segments are written every ``segment_files`` files."""
        if not self._writable:
            return
        self._pending.append((key, result))
        if len(self._pending) >= self.segment_files:
            self.flush()

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if pending and self._writable:
            self._write_segment(pending)

    def _write_segment(self, items: list[tuple[str, Mapping[str, list[dict]]]]) -> str | None:
        tmp = self.folder / f"tmp-{uuid.uuid4().hex}"
        try:
            try:
                encoded = self._encode(items)
            except Uncacheable:   # rare: find the files holding such a value, leave them out
                items = self._encodable(items)
                encoded = self._encode(items)
            if not items:
                return None
            tmp.mkdir(parents=True)
            tables = {}
            for i, (name, (table, counts)) in enumerate(encoded["tables"].items()):
                sink = pa.BufferOutputStream()
                pq.write_table(table, sink, compression="zstd", write_statistics=False,
                               row_group_size=ROW_GROUP_ROWS)
                data = sink.getvalue().to_pybytes()
                fname = f"t{i}.parquet"
                (tmp / fname).write_bytes(data)
                tables[name] = {"file": fname, "sha256": hashlib.sha256(data).hexdigest(),
                                "counts": counts}
            manifest = {"format": FORMAT, "version": self.version,
                        "keys": [k for k, _ in items], "tables": tables,
                        "layouts": encoded["layouts"], "layout_of": encoded["layout_of"]}
            (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
            self._write_corpus_note()
            name = f"seg-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
            os.rename(tmp, self.folder / name)
            self._segments[name] = manifest
            self.stats["written"] += len(items)
            return name
        except Exception as exc:   # disk full, read-only, folder removed by a peer...
            log.warning("cache: cannot write to %s (%s); continuing without caching", self.folder, exc)
            self._writable = False
            self._remove(tmp)
            return None

    @staticmethod
    def _encode(items: list[tuple[str, Mapping[str, list[dict]]]]) -> dict:
        """The Arrow tables of a segment (raises `Uncacheable`)."""
        names: dict[str, None] = {}
        layouts: dict[tuple, int] = {}
        layout_of = []
        for _, result in items:
            lay = tuple(result)
            for n in lay:
                names.setdefault(n)
            layout_of.append(layouts.setdefault(lay, len(layouts)))
        tables = {}
        for name in names:
            rows = [row for _, result in items for row in result.get(name, ())]
            counts = [len(result.get(name, ())) for _, result in items]
            tables[name] = (encode_rows(rows), counts)
        return {"tables": tables, "layouts": [list(l) for l in layouts], "layout_of": layout_of}

    def _encodable(self, items):
        """Items whose rows can round-trip; the rest are left out of the cache."""
        out = []
        for key, result in items:
            try:
                for rows in result.values():
                    for row in rows:
                        for k in row:
                            if type(k) is not str or k == _SIG:
                                raise Uncacheable(f"row key {k!r}")
                        for v in row.values():
                            t = type(v)
                            if not (v is None or t is str or t is int or t is float or t is bool):
                                _to_json(v)
                out.append((key, result))
            except Uncacheable as exc:
                self.stats["uncacheable"] += 1
                log.warning("cache: a result holds a %s; that file is not cached", exc)
        return out

    def _write_corpus_note(self) -> None:
        note = self.namespace / "corpus.txt"
        try:
            if not note.exists():
                note.write_text(self.corpus_root + "\n", encoding="utf-8")
            os.utime(note)   # last used, for the namespace clean-up
        except OSError:
            pass

    # -- clean-up ------------------------------------------------------------------
    def finish(self, live: Mapping[str, Mapping[str, list[dict]]]) -> None:
        """Flush, then drop other versions and compact if fragmented or mostly dead.

        ``live`` maps every key of this run to its result (cached or fresh), or to None
        when the run did not need it (read back here if compaction needs it).
        """
        self.flush()
        self._write_corpus_note()
        if not self._writable:
            return
        try:
            from filelock import FileLock, Timeout
            lock = FileLock(str(self.namespace / ".lock"))
            try:
                lock.acquire(timeout=0)
            except Timeout:
                return   # another run is cleaning up; next time
            try:
                self._cleanup(live)
            finally:
                lock.release()
        except Exception as exc:   # clean-up is best effort
            log.warning("cache: clean-up failed (%s)", exc)

    def _cleanup(self, live: Mapping[str, Mapping[str, list[dict]]]) -> None:
        for other in self.namespace.iterdir():
            if other.is_dir() and other.name != self.version:
                self._remove(other)              # an older (or newer) extractor version
        self._expire_namespaces()
        segs = {p.name: self._segments.get(p.name) for p in self._segment_dirs()}
        if not segs or any(m is None for m in segs.values()):
            return   # segments written by a concurrent run: leave them for the next run
        total = sum(len(m["keys"]) for m in segs.values())
        dead = total - len(set(live) & {k for m in segs.values() for k in m["keys"]})
        if len(segs) <= MAX_SEGMENTS and dead <= MAX_DEAD_SHARE * max(total, 1):
            return
        keys = sorted(live)
        missing = [k for k in keys if live[k] is None]   # not read by an incremental run
        if missing:
            got = self.load(missing)
            if len(got) < len(missing):
                return
            live = {**live, **got}
        written = []
        for i in range(0, len(keys), self.segment_files):
            name = self._write_segment([(k, live[k]) for k in keys[i:i + self.segment_files]])
            if name is None:
                for w in written:
                    self._remove(self.folder / w)
                return
            written.append(name)
        for old in segs:
            self._remove(self.folder / old)
            self._segments.pop(old, None)
        self.stats["compacted"] = True

    def _expire_namespaces(self) -> None:
        limit = time.time() - NAMESPACE_TTL_DAYS * 86400
        for ns in self.directory.iterdir():
            note = ns / "corpus.txt"
            if ns == self.namespace or not ns.is_dir() or not note.exists():
                continue
            try:
                if note.stat().st_mtime < limit:
                    self._remove(ns)
            except OSError:
                pass

    @staticmethod
    def _remove(path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)


class DigestCache:
    """The sha256 of corpus files, remembered by their stat (size, mtime, ctime, inode,
    device), as git's index does: a scheduled run over an unchanged corpus stats its
    files instead of reading them. A file whose stat differs in any field is read and
    hashed again. Entries younger than ``RACY_SECONDS`` when saved are not kept (a file
    rewritten within the clock's tick could keep its mtime: it is hashed next time).
    Unreadable or foreign content is an empty cache, never an error."""

    RACY_SECONDS = 2.0

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._old: dict[str, list] = {}
        self._new: dict[str, list] = {}
        self.hashed = 0
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == 1 and isinstance(data.get("files"), dict):
                self._old = data["files"]
        except (OSError, ValueError, AttributeError):
            pass

    @staticmethod
    def _stat(st: os.stat_result) -> list:
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]

    def get(self, rel: str, st: os.stat_result) -> str | None:
        entry = self._old.get(rel)
        if type(entry) is not list or len(entry) != 6 or entry[:5] != self._stat(st):
            return None
        self._new[rel] = entry
        return entry[5]

    def put(self, rel: str, st: os.stat_result, digest: str) -> None:
        self.hashed += 1
        self._new[rel] = self._stat(st) + [digest]

    def save(self) -> None:
        """Keep this run's entries (files gone since are dropped); best effort."""
        young = time.time_ns() - int(self.RACY_SECONDS * 1e9)
        files = {rel: e for rel, e in self._new.items() if e[1] < young and e[2] < young}
        if files == self._old:
            return
        tmp = self.path.with_name(f".digests-{uuid.uuid4().hex}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"format": 1, "files": files}, separators=(",", ":")),
                           encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("cache: cannot keep file digests in %s (%s)", self.path, exc)
            try:
                tmp.unlink()
            except OSError:
                pass


def open_cache(cache: str | Path | bool | None, corpus_root: str | Path) -> FileCache | None:
    """``None``/``False``: no cache; ``True``: the default folder; a path: that folder."""
    if cache is None or cache is False:
        return None
    directory = default_dir() if cache is True else Path(cache)
    return FileCache(directory, corpus_root)
