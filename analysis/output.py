"""Writing tables to disk: one ``<table>.csv`` or ``<table>.parquet`` per table.

Output is byte-identical for the same tables: fixed column order, list columns as JSON
text in CSV, no index, no timestamps in the files.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Mapping

import pandas as pd

from analysis.errors import ParameterError, allowed
from analysis.schema import TABLES, L

FORMATS = ("csv", "parquet")
# Parquet: zstd, and dictionary encoding except for free text (a dictionary of unique
# sentences only costs time): smaller files, written faster than pandas' defaults
PARQUET_COMPRESSION = "zstd"
FREE_TEXT = frozenset({"text", "sentence", "title", "url", "published_evidence", "evidence"})


def to_csv_frame(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with list columns rendered as JSON text (for CSV)."""
    out = df.copy()
    for name, dtype, _ in TABLES.get(table, []):
        if dtype == L and name in out.columns:
            out[name] = [json.dumps(list(v), ensure_ascii=False) for v in out[name]]
    return out


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: str | Path, fmt: str = "csv") -> list[Path]:
    """Write each table to ``out_dir/<table>.<fmt>`` atomically; return the paths.

    Parquet tables are written two at a time (pyarrow encodes and compresses without
    the GIL): the largest first.
    """
    if fmt not in FORMATS:
        raise ParameterError(allowed(fmt, FORMATS, "--format"))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    def write(name: str) -> Path:
        df = tables[name]
        target = out / f"{name}.{fmt}"
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out)
        os.close(fd)
        try:
            if fmt == "csv":
                to_csv_frame(name, df).to_csv(tmp, index=False, lineterminator="\n")
            else:
                _write_parquet(df, tmp)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return target

    names = list(tables)
    if fmt != "parquet" or len(names) < 2:
        return [write(name) for name in names]
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = dict(zip(sorted(names, key=lambda n: -len(tables[n])),
                        pool.map(write, sorted(names, key=lambda n: -len(tables[n])))))
    return [done[name] for name in names]


def _write_parquet(df: pd.DataFrame, path: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    table = pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(table, path, compression=PARQUET_COMPRESSION,
                   use_dictionary=[c for c in table.column_names if c not in FREE_TEXT])
