"""Ingest: find every file of a corpus, decode it, log it. (STUB: to be replaced.)

Contract used by analysis.pipeline:
- ``discover(root, max_bytes=...) -> list[FileTask]``: every input file below ``root``,
  sorted by relative path, with size, sha256 and manifest metadata; skip reasons that
  need the whole corpus (exact duplicate) are decided here.
- ``parse(task) -> (ingest_log row dict, list of articles row dicts)``: never raises.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from analysis.textutil import count_words

DEFAULT_MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class FileTask:
    path: str
    abs_path: str
    size: int
    sha256: str
    meta: dict = field(default_factory=dict)
    skip_reason: str | None = None


def discover(root: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[FileTask]:
    tasks = []
    for p in sorted(Path(root).rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            tasks.append(FileTask(p.relative_to(root).as_posix(), str(p), len(data),
                                  hashlib.sha256(data).hexdigest()))
    return tasks


def parse(task: FileTask) -> tuple[dict, list[dict]]:
    text = Path(task.abs_path).read_text(encoding="utf-8")
    stem = Path(task.path).stem
    art = {"article_id": f"{stem}#1", "path": task.path, "title": None, "text": text,
           "n_words": count_words(text), "n_comments": 0, "published_source": "missing"}
    log = {"path": task.path, "status": "parsed", "reason": None, "n_articles": 1,
           "bytes": task.size, "encoding": "utf-8", "sha256": task.sha256}
    return log, [art]
