"""Running the per-file map: in this process, on a local process pool, or on Dask.

``map_files(fn, tasks, workers=..., scheduler=...)`` calls ``fn(task)`` for every
``ingest.FileTask`` and yields ``(index, result, verified)`` as chunks complete (any
order; the caller puts results back in path order, so the tables never depend on how
the work was split). ``verified`` is False when the file changed on disk between
discovery and parsing: such a result is used for this run but must not be cached.

- ``workers=1``: in-process, no pickling.
- ``workers=N``: a process pool (``fork`` on Linux, so loaded lexicons are shared);
  files are sent in chunks of similar byte size, several chunks per worker.
- ``scheduler="tcp://host:8786"`` (or a ``distributed.Client``): the same chunks as
  tasks on a Dask cluster via ``client.map``. Workers must run the same package
  version (checked: the extractor version hash must match) and see the corpus at the
  same absolute path (a shared filesystem). See docs/scale.md.
"""
from __future__ import annotations

import gc
import hashlib
import os
from contextlib import contextmanager
import sys
from typing import Any, Callable, Iterator, Sequence

from analysis.errors import BriefingError

@contextmanager
def gc_paused():
    """No cyclic garbage collection inside the block (then as before): building the
    tables makes millions of row dicts and frames that form no cycles, and each full
    collection walks them all (~0.2 s a time on 20,000 articles). Reference counting
    still frees everything as usual; forked pool workers inherit the pause."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


AUTO_INPROCESS_BYTES = 512 * 1024   # workers=None: smaller corpora run in-process
SMALL_BYTES = 64 * 1024             # any workers: so little to parse runs in-process
CHUNKS_PER_WORKER = 16
MIN_BYTES_PER_WORKER = 2 * 1024 * 1024   # a worker's start-up is worth ~2 MB of parsing
MAX_CHUNK_BYTES = 1024 * 1024
CONNECT_TIMEOUT = "20s"             # waiting for a Dask scheduler to answer


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def plan_chunks(sizes: Sequence[int], n_chunks: int) -> list[list[int]]:
    """Split task indices (in order) into about ``n_chunks`` runs of similar total size."""
    if not sizes:
        return []
    total = sum(max(s, 1) for s in sizes)
    target = min(max(total / max(n_chunks, 1), 1), MAX_CHUNK_BYTES)
    chunks, cur, acc = [], [], 0
    for i, s in enumerate(sizes):
        cur.append(i)
        acc += max(s, 1)
        if acc >= target:
            chunks.append(cur)
            cur, acc = [], 0
    if cur:
        chunks.append(cur)
    return chunks


def _unchanged(task: Any) -> bool:
    """The file still has the bytes ``discover`` hashed (else its result is not cached)."""
    digest = getattr(task, "sha256", None)
    if not digest or getattr(task, "skip_reason", None):
        return True
    try:
        with open(task.abs_path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest() == digest
    except OSError:
        return False


def share_strings(result: Any, shared: dict[str, str]) -> Any:
    """One string object per distinct short value in a result's rows (sentences, ids and
    names repeat across rows): the same values in about a third less memory, and less to
    send back from a worker (pickle sends a shared object once)."""
    if isinstance(result, dict):
        for rows in result.values():
            for row in rows if isinstance(rows, list) else ():
                if isinstance(row, dict):
                    for k, v in row.items():
                        if type(v) is str and len(v) < 2000:
                            row[k] = shared.setdefault(v, v)
    return result


def run_chunk(fn: Callable, tasks: Sequence[Any]) -> list[tuple[Any, bool]]:
    """Run ``fn`` over a chunk of tasks in this process: ``[(result, verified), ...]``."""
    shared: dict[str, str] = {}
    return [(share_strings(fn(t), shared), _unchanged(t)) for t in tasks]


def _run_chunk_remote(tasks: Sequence[Any], fn: Callable) -> list[tuple[Any, bool]]:
    """``run_chunk`` on a Dask worker: refuse loudly when the corpus is not visible."""
    for t in tasks:
        if not os.path.exists(t.abs_path):
            import socket
            raise BriefingError(f"Dask worker on {socket.gethostname()} cannot see corpus file "
                                f"{t.abs_path}; every worker needs the corpus at the same path")
    return run_chunk(fn, tasks)


def map_files(fn: Callable, tasks: Sequence[Any], *, workers: int | None = None,
              scheduler: Any = None, meanwhile: Callable[[], Any] | None = None
              ) -> Iterator[tuple[int, Any, bool]]:
    """Yield ``(index, fn(tasks[index]), verified)`` for every task, in completion order.

    ``meanwhile()`` is called once, while the pool (or cluster) works on the tasks
    submitted to it (in-process: before the first task): this process's own work.
    """
    if not tasks:
        if meanwhile is not None:
            meanwhile()
        return
    if scheduler is not None:
        yield from _map_dask(fn, tasks, scheduler, meanwhile)
        return
    auto = workers is None
    n = default_workers() if auto else int(workers)
    if n < 1:
        raise BriefingError(f"--workers: {workers!r} is not allowed; use a number of processes >= 1")
    size = sum(t.size for t in tasks)
    asked_one = n == 1
    # no more workers than there is work for: each one first loads the lexicons
    n = min(n, len(tasks), max(1, size // MIN_BYTES_PER_WORKER))
    if asked_one or size < (AUTO_INPROCESS_BYTES if auto else SMALL_BYTES) \
            or (n == 1 and meanwhile is None):
        if meanwhile is not None:
            meanwhile()
        shared: dict[str, str] = {}
        for i, t in enumerate(tasks):
            yield i, share_strings(fn(t), shared), _unchanged(t)
        return
    yield from _map_pool(fn, tasks, n, meanwhile)


def _map_pool(fn: Callable, tasks: Sequence[Any], n: int,
              meanwhile: Callable[[], Any] | None = None) -> Iterator[tuple[int, Any, bool]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    chunks = plan_chunks([t.size for t in tasks], n * CHUNKS_PER_WORKER)
    with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context(method)) as pool:
        futures = {pool.submit(run_chunk, fn, [tasks[i] for i in chunk]): chunk for chunk in chunks}
        try:
            if meanwhile is not None:
                meanwhile()
            for fut in as_completed(futures):
                for i, (result, ok) in zip(futures[fut], fut.result()):
                    yield i, result, ok
        except BrokenProcessPool as exc:
            raise BriefingError(f"a worker process died ({exc}); try fewer --workers "
                                "or more memory") from exc
        finally:
            for fut in futures:
                fut.cancel()


def _dask_client(scheduler: Any):
    try:
        from distributed import Client
    except ImportError:   # pragma: no cover - the extra is installed for the tests
        raise BriefingError("--scheduler needs Dask: pip install 'conflict-briefings[dask]'") from None
    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False), True
    except (OSError, TimeoutError, ValueError) as exc:
        raise BriefingError(f"--scheduler: cannot reach a Dask scheduler at {scheduler!r} ({exc})") from exc


def worker_version() -> str:
    """The extractor version as a Dask worker computes it (must equal the client's)."""
    from analysis.cache import extractor_version
    return extractor_version()


def _map_dask(fn: Callable, tasks: Sequence[Any], scheduler: Any,
              meanwhile: Callable[[], Any] | None = None) -> Iterator[tuple[int, Any, bool]]:
    from distributed import as_completed

    from analysis.cache import extractor_version

    client, owned = _dask_client(scheduler)
    try:
        mine = extractor_version()
        theirs = client.run(worker_version)
        if not theirs:
            raise BriefingError(f"--scheduler: the Dask cluster at {scheduler!r} has no workers")
        stale = sorted(w for w, v in theirs.items() if v != mine)
        if stale:
            raise BriefingError(f"Dask workers {', '.join(stale)} run a different version of the "
                                f"extractors (theirs {theirs[stale[0]]}, ours {mine}); install the "
                                "same conflict-briefings and lexicons on every worker")
        threads = sum(client.nthreads().values()) or 1
        chunks = plan_chunks([t.size for t in tasks], threads * CHUNKS_PER_WORKER)
        futures = client.map(_run_chunk_remote, [[tasks[i] for i in c] for c in chunks],
                             fn=fn, pure=False)
        index = {f.key: c for f, c in zip(futures, chunks)}
        try:
            if meanwhile is not None:
                meanwhile()
            for fut, out in as_completed(futures, loop=client.loop, with_results=True):
                for i, (result, ok) in zip(index[fut.key], out):
                    yield i, result, ok
        finally:
            client.cancel(futures)
    finally:
        if owned:
            client.close()
