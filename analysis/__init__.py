"""conflict-briefings: tidy tables and HTML briefings from scraped conflict news.

>>> from analysis import build_tables
>>> tables = build_tables()          # the bundled sample corpus
>>> tables.casualties.head()
"""
from analysis.errors import BriefingError
from analysis.pipeline import Tables, build_tables, default_corpus
from analysis.schema import TABLE_NAMES, TABLES

__version__ = "0.1.0"
__all__ = ["BriefingError", "TABLES", "TABLE_NAMES", "Tables", "build_tables", "default_corpus"]
