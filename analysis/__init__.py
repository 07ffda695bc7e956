"""conflict-briefings: tidy tables and HTML briefings from scraped conflict news.

>>> from analysis import build_tables
>>> tables = build_tables()          # the bundled sample corpus
>>> tables.casualties.head()
"""
from analysis.errors import BriefingError

__version__ = "0.1.0"
__all__ = ["BriefingError", "TABLES", "TABLE_NAMES", "Tables", "build_tables", "default_corpus"]

# The rest is imported on first use (PEP 562): `import analysis.cli` must not pay for
# pandas when a scheduled run finds nothing to do.
_LAZY = {"Tables": "pipeline", "build_tables": "pipeline", "default_corpus": "pipeline",
         "TABLES": "schema", "TABLE_NAMES": "schema"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    from importlib import import_module
    value = getattr(import_module(f"analysis.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
