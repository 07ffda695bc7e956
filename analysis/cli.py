"""The ``briefing`` command: thin wrappers over the package's functions."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from analysis.errors import BriefingError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="conflict-briefings")
def main() -> None:
    """Tidy tables and offline HTML briefings from a folder of scraped conflict news."""


def _default_cache() -> Path:
    from analysis.cache import default_dir
    return default_dir()


@main.command("tables")
@click.argument("corpus", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", default="tables", show_default=True, type=click.Path(path_type=Path),
              help="Folder to write one file per table into.")
@click.option("--format", "fmt", default="csv", show_default=True, type=click.Choice(["csv", "parquet"]))
@click.option("--max-bytes", default=None, type=int, help="Skip files larger than this (bytes).")
@click.option("--workers", default=None, show_default="the machine's cores",
              type=click.IntRange(min=1),
              help="Processes parsing files in parallel (1: in-process). By default small "
                   "corpora run in-process and large ones use every core.")
@click.option("--cache", "cache_dir", default=_default_cache,
              show_default="$XDG_CACHE_HOME/conflict-briefings", type=click.Path(path_type=Path),
              help="Folder caching per-file results: only new or changed files are parsed again.")
@click.option("--no-cache", is_flag=True, help="Parse every file; read and write no cache.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run the per-file work on a Dask cluster (e.g. tcp://127.0.0.1:8786).")
def tables_cmd(corpus: Path | None, out_dir: Path, fmt: str, max_bytes: int | None, workers: int | None,
               cache_dir: Path, no_cache: bool, scheduler: str | None) -> None:
    """Build the tidy tables for CORPUS (default: the bundled sample corpus)."""
    from analysis.ingest import DEFAULT_MAX_BYTES
    from analysis.runplan import plan as plan_run

    plan = plan_run(corpus, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                    cache=False if no_cache else cache_dir)
    store = plan.store
    out_key = store.outputs_key(plan.run_key, fmt) if store is not None else None
    # the same files, code and format as the last run: copy what it wrote
    rows = store.copy_outputs(out_key, fmt, out_dir) if store is not None else None
    if rows is not None:
        for name, n in rows.items():
            click.echo(f"{Path(out_dir) / f'{name}.{fmt}'}  ({n} rows)")
        return

    from analysis.output import write_tables
    from analysis.pipeline import build_tables

    tables = build_tables(workers=workers, scheduler=scheduler, progress=sys.stderr.isatty(),
                          plan=plan)
    paths = write_tables(tables, out_dir, fmt)
    for path in paths:
        click.echo(f"{path}  ({len(tables[path.stem])} rows)")
    if store is not None and (store.stats.get("tables_kept") or store.stats.get("tables_hit")):
        store.keep_outputs(out_key, fmt, paths, {name: len(df) for name, df in tables.items()})


@main.command("render")
@click.argument("corpus", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
              help="Reports folder: pages go to OUT/<YYYY-MM-DD>/, the list to OUT/index.html.")
@click.option("--notebooks", "notebooks", multiple=True, metavar="NAME",
              help="Render only these notebooks (repeatable): casualty_tallies, source_frequencies, "
                   "date_spread, briefing. Default: all four.")
@click.option("-p", "--parameter", "params", multiple=True, type=(str, str), metavar="NAME VALUE",
              help="A notebook parameter (repeatable): start, end, places, outlets, dedupe, title, top_n.")
@click.option("--start", default=None, help="First day of the window (YYYY-MM-DD).")
@click.option("--end", default=None, help="Last day of the window (YYYY-MM-DD).")
@click.option("--since", default=None, help="Window ending today: 7d, 2w, 3m.")
@click.option("--if-changed", is_flag=True, help="Skip when corpus and parameters are unchanged since the last good run.")
@click.option("--wait", "lock_wait", default=10.0, show_default=True, type=float,
              help="Seconds to wait for another render's lock before giving up.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 8),
              help="Notebooks executed at the same time.")
@click.option("--cache", "cache_dir", default=_default_cache, show_default="$XDG_CACHE_HOME/conflict-briefings",
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder caching per-file parse results (a scheduled run parses only new files).")
@click.option("--no-cache", is_flag=True, help="Parse every file; read and write no cache.")
def render_cmd(corpus, out_dir, notebooks, params, start, end, since, if_changed, lock_wait, workers,
               cache_dir, no_cache) -> None:
    """Execute the notebooks on CORPUS (default: bundled sample) and write offline HTML briefings."""
    from analysis.render import render

    names = [n.strip() for arg in notebooks for n in arg.split(",") if n.strip()]
    render(corpus, out_dir, notebooks=names, params=list(params), start=start, end=end, since=since,
           if_changed=if_changed, lock_wait=lock_wait, workers=workers, echo=click.echo,
           cache=None if no_cache else cache_dir)


def run() -> None:
    """Entry point: turn package errors into one clear line and a non-zero exit."""
    try:
        main(standalone_mode=True)
    except BriefingError as exc:
        click.echo(f"briefing: error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    run()
