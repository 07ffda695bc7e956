"""`briefing tables`: one file per table, byte-identical reruns, the bundled sample by default."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from analysis.cli import main
from analysis.schema import TABLE_NAMES, columns

SAMPLE_FILES = ["000_2808130f9ac80bbd.txt", "001_5e54e979575ccf65.txt", "002_d6830effbbd6e08f.txt",
                "003_3f211ebf1b85d347.txt", "004_86bcaa15ba192ac0.txt"]


def _tables(out, fmt, *corpus):
    result = CliRunner().invoke(main, ["tables", *map(str, corpus), "--out", str(out), "--format", fmt])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables_writes_every_table_identically_twice(tmp_path, fmt):
    first = _tables(tmp_path / "a", fmt)
    second = _tables(tmp_path / "b", fmt)
    assert sorted(first) == sorted(f"{t}.{fmt}" for t in TABLE_NAMES)
    assert [n for n in first if first[n] != second[n]] == []


def test_no_corpus_means_the_bundled_sample(tmp_path):
    _tables(tmp_path, "csv")
    log = pd.read_csv(tmp_path / "ingest_log.csv")
    assert list(log["path"]) == SAMPLE_FILES and set(log["status"]) == {"parsed"}
    arts = pd.read_csv(tmp_path / "articles.csv")
    assert list(arts.columns) == columns("articles") and len(arts) == 6
    assert json.loads(arts.loc[1, "authors"]) == ["Tzvi Joffre"]      # list columns as JSON text


def test_a_given_corpus_and_parquet_lists(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text('{"id": "x", "text": "Two fighters were killed.", "authors": ["A B"]}\n',
                                    encoding="utf-8")
    (corpus / "b.bin").write_bytes(b"\x00\x01\x02")
    _tables(tmp_path / "out", "parquet", corpus)
    arts = pd.read_parquet(tmp_path / "out" / "articles.parquet")
    assert list(arts["article_id"]) == ["a#x"] and list(arts.loc[0, "authors"]) == ["A B"]
    log = pd.read_parquet(tmp_path / "out" / "ingest_log.parquet")
    reasons = [None if pd.isna(r) else r for r in log["reason"]]
    assert list(zip(log["path"], log["status"], reasons)) == [("a.jsonl", "parsed", None), ("b.bin", "skipped", "binary")]
