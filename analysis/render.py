"""``briefing render``: execute the notebooks with papermill, convert them to offline HTML.

One run, safe on a schedule:

1. parameters are validated first (a bad one fails before anything is written);
2. a lock (``DIR/.briefing.lock``) stops overlapping runs: a second run waits
   ``lock_wait`` seconds, then fails with :class:`LockError`;
3. with ``if_changed``, the run is skipped when the corpus content and the parameters
   hash to what the last good run recorded (``DIR/.last-good.json``);
4. the tables are built ONCE and written as parquet into a private staging folder
   (``DIR/.render-*``); every notebook loads them (``tables_dir``), executes under
   papermill in a kernel of this very interpreter, and is converted by nbconvert with the
   ``briefing`` template (code hidden, plotly.js inlined once, no CDN);
5. only when every notebook succeeded are the pages, their CSVs and ``briefing.json``
   moved into ``DIR/<YYYY-MM-DD>/`` (each file by an atomic rename), then ``DIR/index.html``
   is rewritten the same way. A failure publishes nothing: the last good briefing stays,
   the executed notebook is kept as ``DIR/<date>/failed/<notebook>.ipynb`` and a
   :class:`RenderError` with one clear line is raised.
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import hashlib
import html
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

from analysis.errors import BriefingError, LockError, ParameterError, RenderError
from analysis.params import NOTEBOOKS, PARAM_NAMES, check_notebooks, parse_since, validate

PACKAGE = Path(__file__).resolve().parent
NOTEBOOK_DIR = PACKAGE / "notebooks"
TEMPLATE_DIR = PACKAGE / "templates"
TEMPLATE = "briefing"
KERNEL_NAME = "briefing-python"
LOCK_NAME = ".briefing.lock"
STATE_NAME = ".last-good.json"
META_NAME = "briefing.json"
# set by ``render`` itself, never by ``-p``
RESERVED = {"corpus": "the CORPUS argument", "tables_dir": "nothing (render builds the tables once)",
            "data_dir": "--out"}
TITLES = {"briefing": "Executive briefing", "casualty_tallies": "Casualty tallies",
          "source_frequencies": "Who the information comes from", "date_spread": "When it happened, when it was reported"}


@dataclass
class RenderResult:
    out_dir: Path
    day: str
    pages: list[Path] = field(default_factory=list)
    index: Path | None = None
    skipped: bool = False
    seconds: float = 0.0
    headline: dict = field(default_factory=dict)
    # wall seconds per step: tables (build + parquet), notebooks (papermill), pages (nbconvert)
    timings: dict = field(default_factory=dict)


# ---------------------------------------------------------------- helpers

def corpus_hash(corpus: Path) -> str:
    """sha256 over every file's relative path and bytes (sorted): the corpus content."""
    h = hashlib.sha256()
    for p in sorted(corpus.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(corpus).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            with open(p, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            h.update(b"\0")
    return h.hexdigest()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()   # what a plain open() would give: pages readable by a web server


def _atomic_write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _atomic_copy(src: Path, dst: Path) -> None:
    _atomic_write(dst, src.read_bytes())


def _kernelspec(folder: Path) -> Path:
    """A kernelspec running *this* interpreter, so the kernel imports this ``analysis``."""
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.log_level=CRITICAL"],
        "display_name": "Python (briefing)", "language": "python",
        "env": {"PYTHONDONTWRITEBYTECODE": "1"},
    }), encoding="utf-8")
    return folder


@contextlib.contextmanager
def kernel(folder: Path):
    """Within: papermill's ``KERNEL_NAME`` kernel runs this interpreter (spec under ``folder``)."""
    _kernelspec(folder)
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(folder), old]))
    try:
        yield KERNEL_NAME
    finally:
        if old is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = old


def execute(name: str, output: Path, parameters: dict) -> None:
    """Execute notebook ``name`` with papermill into ``output`` (inside ``kernel(...)``)."""
    _execute(name, notebook_path(name), output, parameters)


def notebook_path(name: str) -> Path:
    return NOTEBOOK_DIR / f"{name}.ipynb"


def _papermill_value(name: str, value):
    if name in ("places", "outlets"):
        return ", ".join(value)
    return value


def _error_line(exc: BaseException) -> str:
    ename = getattr(exc, "ename", None)
    if ename:
        evalue = (getattr(exc, "evalue", "") or "").strip().splitlines()
        return f"{ename}: {evalue[0] if evalue else ''}".strip()
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


# ---------------------------------------------------------------- the steps

def resolve_params(params: Mapping[str, str] | Sequence[tuple[str, str]] = (), *, start: str | None = None,
                   end: str | None = None, since: str | None = None, today: dt.date | None = None):
    """Validate ``-p`` pairs and the window options; return ``analysis.params.Params``."""
    pairs = list(params.items()) if isinstance(params, Mapping) else list(params)
    values: dict = {}
    for name, value in pairs:
        if name in RESERVED:
            raise ParameterError(f"parameter {name!r} is set by render; use {RESERVED[name]}")
        if name not in PARAM_NAMES:
            allowed_names = [n for n in PARAM_NAMES if n not in RESERVED]
            raise ParameterError(f"parameter: {name!r} is not allowed; use one of "
                                 + ", ".join(repr(n) for n in allowed_names))
        values[name] = value
    if since:
        if start or end or "start" in values or "end" in values:
            raise ParameterError("--since: give either --since or --start/--end, not both")
        values["start"], values["end"] = parse_since(since, today)
    if start:
        values["start"] = start
    if end:
        values["end"] = end
    return validate(**values)


def _execute(name: str, src: Path, dst: Path, parameters: dict) -> None:
    # no papermill ``cwd=``: it chdirs the whole process, which races between threads
    import papermill as pm
    pm.execute_notebook(str(src), str(dst), parameters=parameters, kernel_name=KERNEL_NAME,
                        progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                        start_timeout=120)


def _strip(nb) -> None:
    """Drop stderr streams (warnings) from the executed notebook before conversion."""
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", [])
                               if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]


def convert(executed: Path, target: Path, *, title: str, nav: str = "", footer: str = "") -> None:
    """Executed notebook -> one offline HTML page (code hidden, plotly.js inlined once)."""
    import nbformat
    from nbconvert import HTMLExporter
    from plotly.offline import get_plotlyjs

    nb = nbformat.read(str(executed), as_version=4)
    _strip(nb)
    nb.metadata["title"] = title
    basedirs = _template_dirs()
    exporter = HTMLExporter(template_name=TEMPLATE, extra_template_basedirs=basedirs,
                            extra_template_paths=basedirs[1:],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            embed_images=True)
    body, _ = exporter.from_notebook_node(nb, resources={
        "plotlyjs": _plotlyjs(get_plotlyjs), "briefing_nav": nav, "briefing_footer": footer})
    _atomic_write(target, body)


def _template_dirs() -> list[str]:
    """Our template folder, plus nbconvert's own templates (``lab``, ``base``) found beside
    the installed nbconvert, for installs whose ``sys.prefix`` is not nbconvert's prefix."""
    import nbconvert
    dirs = [str(TEMPLATE_DIR)]
    pkg = Path(nbconvert.__file__).resolve().parent           # <prefix>/lib/pythonX.Y/site-packages/nbconvert
    for prefix in (pkg.parents[3], pkg.parents[2]):
        cand = prefix / "share" / "jupyter" / "nbconvert" / "templates"
        if (cand / "lab").is_dir():
            dirs.append(str(cand))
            break
    return dirs


_PLOTLYJS: list[str] = []


def _plotlyjs(get: Callable[[], str]) -> str:
    if not _PLOTLYJS:
        _PLOTLYJS.append(get())
    return _PLOTLYJS[0]


def _nav(names: Sequence[str]) -> str:
    links = ['<a href="../index.html">All briefings</a>']
    links += [f'<a href="{html.escape(n)}.html">{html.escape(TITLES.get(n, n))}</a>' for n in names]
    return " ".join(links)


def _headline(tables, p, selected=None) -> dict:
    """Headline figures for the index, from analysis.tally (empty when unavailable).
    ``selected``: ``select.apply(tables, p)`` when already computed."""
    try:
        from analysis import select, tally
    except ImportError:
        return {}
    try:
        h = tally.headline(select.apply(tables, p) if selected is None else selected)
    except Exception:  # the index must not fail a good run; pages show the figures themselves
        return {}
    keep = ("killed_total", "killed_total_max", "injured_total", "n_incidents", "n_mentions", "n_articles")
    return {k: (None if h.get(k) is None else h.get(k)) for k in keep if k in h}


def write_index(out: Path) -> Path:
    """``DIR/index.html``: every briefing (date, window, corpus, headline figures), escaped."""
    rows = []
    for meta_path in sorted(out.glob(f"*/{META_NAME}"), reverse=True):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        day = meta_path.parent.name
        h = meta.get("headline") or {}
        pages = " · ".join(
            f'<a href="{html.escape(day)}/{html.escape(n)}.html">{html.escape(TITLES.get(n, n))}</a>'
            for n in meta.get("notebooks", []) if (meta_path.parent / f"{n}.html").is_file())
        fig = lambda k: "–" if h.get(k) is None else f"{h[k]:,}" if isinstance(h[k], int) else html.escape(str(h[k]))
        killed = fig("killed_total")
        if h.get("killed_total_max") not in (None, h.get("killed_total")):
            killed += f"–{fig('killed_total_max')}"
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in (
            html.escape(day), html.escape(meta.get("window", "")), html.escape(meta.get("corpus", "")),
            killed, fig("injured_total"), fig("n_incidents"), fig("n_articles"), pages,
            html.escape(meta.get("rendered_at", "")))) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Date", "Window", "Corpus", "Killed", "Injured", "Incidents",
                                             "Articles", "Pages", "Rendered (UTC)"))
    body = "\n".join(rows) or '<tr><td colspan="9">No briefings yet.</td></tr>'
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conflict briefings</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.95em; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f4f4f4; }}
</style></head>
<body>
<h1>Conflict briefings</h1>
<p>Every rendered briefing, newest first. Killed and injured are counted once per incident
(a range where reports disagree). Each page works offline; its figures' data are CSV files beside it.</p>
<table id="briefings"><thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody></table>
</body></html>
"""
    target = out / "index.html"
    _atomic_write(target, page)
    return target


# ---------------------------------------------------------------- render

def render(corpus: str | Path | None = None, out: str | Path = "reports", *, notebooks: Sequence[str] = (),
           params: Mapping[str, str] | Sequence[tuple[str, str]] = (), start: str | None = None,
           end: str | None = None, since: str | None = None, if_changed: bool = False,
           lock_wait: float = 10.0, workers: int = 2, progress: bool | None = None,
           today: dt.date | None = None, echo: Callable[[str], None] | None = None,
           cache: str | Path | None = None) -> RenderResult:
    """Render the briefings of ``corpus`` (default: bundled sample) into ``out``.

    ``cache``: a folder of per-file parse results (see ``build_tables``), so a scheduled
    run on a growing corpus parses only new or changed files; None: no cache.
    """
    t0 = time.monotonic()
    echo = echo or (lambda s: None)
    names = check_notebooks(notebooks)
    p = resolve_params(params, start=start, end=end, since=since, today=today)
    from analysis.pipeline import default_corpus
    corpus_path = Path(corpus) if corpus else default_corpus()
    if not corpus_path.is_dir():
        hint = ""
        if str(corpus) in NOTEBOOKS:
            hint = "; to render several notebooks give --notebooks a,b (or repeat --notebooks)"
        raise ParameterError(f"CORPUS: {str(corpus_path)!r} is not a folder of articles{hint}")
    corpus_label = str(corpus) if corpus else "bundled sample corpus"
    progress = sys.stderr.isatty() if progress is None else progress
    day = (today or dt.date.today()).isoformat()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)

    from filelock import FileLock, Timeout
    lock = FileLock(str(out / LOCK_NAME))
    try:
        lock.acquire(timeout=lock_wait)
    except Timeout:
        raise LockError(f"another `briefing render` is writing to {out} (lock {out / LOCK_NAME}); "
                        f"waited {lock_wait:g}s, giving up — try again when it has finished") from None
    try:
        return _render_locked(corpus_path, corpus_label, out, names, p, day, if_changed, workers,
                              progress, echo, t0, cache)
    finally:
        lock.release()


def _render_locked(corpus_path: Path, corpus_label: str, out: Path, names, p, day: str, if_changed: bool,
                   workers: int, progress: bool, echo, t0: float, cache=None) -> RenderResult:
    from analysis import __version__
    pvalues = {n: _papermill_value(n, getattr(p, n)) for n in PARAM_NAMES if n not in RESERVED}
    code = hashlib.sha256()
    for f in [*(notebook_path(n) for n in names), *sorted(TEMPLATE_DIR.rglob("*.*"))]:
        code.update(f.read_bytes())
    key = hashlib.sha256(json.dumps({"corpus": corpus_hash(corpus_path), "params": pvalues,
                                     "notebooks": list(names), "version": __version__,
                                     "code": code.hexdigest()}, sort_keys=True).encode()).hexdigest()
    state_path = out / STATE_NAME
    if if_changed and state_path.is_file():
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except ValueError:
            state = {}
        last = out / str(state.get("day", "")) if state.get("day") else None
        if state.get("key") == key and last and all((last / f"{n}.html").is_file() for n in names):
            echo(f"unchanged since the last good render ({state['day']}); nothing to do")
            return RenderResult(out, state["day"], [last / f"{n}.html" for n in names],
                                out / "index.html", skipped=True, seconds=time.monotonic() - t0)

    for stale in out.glob(".render-*"):     # left by a run that was killed; we hold the lock
        shutil.rmtree(stale, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix=".render-", dir=out))
    try:
        from analysis.output import write_tables
        from analysis.pipeline import build_tables
        timings: dict[str, float] = {}
        t_step = time.monotonic()
        try:
            tables = build_tables(corpus_path, progress=progress, cache=cache) if cache else \
                build_tables(corpus_path, progress=progress)
        except BriefingError:
            raise
        except Exception as exc:  # one clear line, not a traceback, for a scheduled run
            raise RenderError(f"building the tables of {corpus_label} failed: {_error_line(exc)}; "
                              f"the last good briefing is untouched") from exc
        tables_dir = stage / "tables"
        write_tables(tables, tables_dir, "parquet")
        timings["tables"] = time.monotonic() - t_step
        # fail on unknown places/outlets here, before any kernel starts
        from analysis import select
        selected = select.apply(tables, p)
        page_dir = stage / day
        data_dir = page_dir / "data"
        data_dir.mkdir(parents=True)
        executed = {n: stage / "executed" / f"{n}.ipynb" for n in names}
        (stage / "executed").mkdir()
        failures: dict[str, BaseException] = {}
        t_step = time.monotonic()
        with kernel(stage / "jupyter"):
            bar = None
            if progress:
                from tqdm import tqdm
                bar = tqdm(total=len(names), desc="notebooks", unit="nb")
            with cf.ThreadPoolExecutor(max_workers=max(1, min(workers, len(names)))) as pool:
                futs = {}
                for n in names:
                    parameters = dict(pvalues, corpus=str(corpus_path), tables_dir=str(tables_dir),
                                      data_dir=str(data_dir))
                    futs[pool.submit(_execute, n, notebook_path(n), executed[n], parameters)] = n
                for fut in cf.as_completed(futs):
                    n = futs[fut]
                    try:
                        fut.result()
                    except BaseException as exc:  # noqa: BLE001 - reported below, one line
                        failures[n] = exc
                    if bar is not None:
                        bar.update(1)
            if bar is not None:
                bar.close()
        timings["notebooks"] = time.monotonic() - t_step
        if failures:
            n, exc = next((n, failures[n]) for n in names if n in failures)
            kept = ""
            for name in failures:
                if executed[name].is_file():
                    _atomic_copy(executed[name], out / day / "failed" / f"{name}.ipynb")
            if executed[n].is_file():
                kept = f"; executed notebook kept at {out / day / 'failed' / (n + '.ipynb')}"
            raise RenderError(f"notebook {n} failed: {_error_line(exc)}{kept}; "
                              f"the last good briefing is untouched")

        rendered_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
        footer = html.escape(f"Rendered {rendered_at} UTC from {corpus_label}; window: {p.window}. "
                             f"Figures' data: the CSV links under each chart and table.")
        linked = [n for n in NOTEBOOKS if n in names or (out / day / f"{n}.html").is_file()]
        t_step = time.monotonic()
        for n in names:
            title = p.title or TITLES.get(n, n)
            try:
                convert(executed[n], page_dir / f"{n}.html", title=title, nav=_nav(linked), footer=footer)
            except Exception as exc:
                kept = out / day / "failed" / f"{n}.ipynb"
                _atomic_copy(executed[n], kept)
                raise RenderError(f"converting notebook {n} to HTML failed: {_error_line(exc)}; executed "
                                  f"notebook kept at {kept}; the last good briefing is untouched") from exc

        timings["pages"] = time.monotonic() - t_step
        headline = _headline(tables, p, selected)
        meta_old = {}
        if (out / day / META_NAME).is_file():
            try:
                meta_old = json.loads((out / day / META_NAME).read_text(encoding="utf-8"))
            except ValueError:
                meta_old = {}
        all_names = [n for n in NOTEBOOKS if n in names or n in meta_old.get("notebooks", [])]
        meta = {"day": day, "window": p.window, "corpus": corpus_label, "parameters": pvalues,
                "notebooks": all_names, "headline": headline, "rendered_at": rendered_at,
                "key": key}
        (page_dir / META_NAME).write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")

        # publish: every file by an atomic rename, pages last-but-one, index last
        target = out / day
        files = sorted(page_dir.rglob("*"), key=lambda f: (f.suffix == ".html", f.name == META_NAME))
        for f in files:
            if f.is_file():
                dst = target / f.relative_to(page_dir)
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(f, dst)
        for n in names:
            stale = target / "failed" / f"{n}.ipynb"
            if stale.exists():
                stale.unlink()
        if (target / "failed").is_dir() and not any((target / "failed").iterdir()):
            (target / "failed").rmdir()
        index = write_index(out)
        _atomic_write(state_path, json.dumps({"key": key, "day": day, "rendered_at": rendered_at}))
        pages = [target / f"{n}.html" for n in names]
        result = RenderResult(out, day, pages, index, seconds=time.monotonic() - t0, headline=headline,
                              timings={k: round(v, 2) for k, v in timings.items()})
        steps = ", ".join(f"{k} {v:.1f}s" for k, v in timings.items())
        echo(f"wrote {len(pages)} page(s) to {target} and {index} in {result.seconds:.1f}s ({steps})")
        return result
    finally:
        shutil.rmtree(stage, ignore_errors=True)
