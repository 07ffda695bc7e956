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


@main.command("tables")
@click.argument("corpus", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", default="tables", show_default=True, type=click.Path(path_type=Path),
              help="Folder to write one file per table into.")
@click.option("--format", "fmt", default="csv", show_default=True, type=click.Choice(["csv", "parquet"]))
@click.option("--max-bytes", default=None, type=int, help="Skip files larger than this (bytes).")
def tables_cmd(corpus: Path | None, out_dir: Path, fmt: str, max_bytes: int | None) -> None:
    """Build the tidy tables for CORPUS (default: the bundled sample corpus)."""
    from analysis.ingest import DEFAULT_MAX_BYTES
    from analysis.output import write_tables
    from analysis.pipeline import build_tables

    tables = build_tables(corpus, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                          progress=sys.stderr.isatty())
    for path in write_tables(tables, out_dir, fmt):
        click.echo(f"{path}  ({len(tables[path.stem])} rows)")


def run() -> None:
    """Entry point: turn package errors into one clear line and a non-zero exit."""
    try:
        main(standalone_mode=True)
    except BriefingError as exc:
        click.echo(f"briefing: error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    run()
