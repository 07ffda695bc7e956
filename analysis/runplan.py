"""What a table-building run will read, and what earlier runs already did for it.

`plan` lists the corpus files (hashing only those whose stat changed since the last
run), computes each file's cache key and the key of the whole run. With those,
`pipeline.build_tables` loads cached per-file results, and `briefing tables` copies the
files an earlier run wrote when the run key, format and writer are unchanged: a
scheduled run over an unchanged corpus reads no article and imports no pandas.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import ingest
from analysis.cache import FileCache, open_cache


def default_corpus() -> Path:
    """The sample corpus bundled inside the package."""
    return Path(__file__).resolve().parent / "data" / "corpus"


@dataclass
class Plan:
    root: Path
    tasks: list = field(default_factory=list)      # ingest.FileTask, in path order
    store: FileCache | None = None
    keys: list[str] = field(default_factory=list)  # per task (empty without a cache)
    run_key: str | None = None                     # the whole run (None without a cache)


def plan(corpus: str | Path | None = None, *, max_bytes: int = ingest.DEFAULT_MAX_BYTES,
         cache: Any = None) -> Plan:
    """Discover ``corpus`` (default: the bundled sample) and key it for ``cache`` (see
    `pipeline.build_tables` for the values ``cache`` takes)."""
    root = Path(corpus) if corpus is not None else default_corpus()
    store = open_cache(cache, root)
    digests = store.digests() if store is not None else None
    tasks = ingest.discover(root, max_bytes=max_bytes, digests=digests)
    if store is None:
        return Plan(root, tasks)
    digests.save()
    keys = [store.key(t) for t in tasks]
    return Plan(root, tasks, store, keys, store.tables_key(keys))
