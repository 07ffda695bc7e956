"""Date expressions (STUB: to be replaced).

Contract used by analysis.pipeline:
- ``tag(article_id, text, sentences) -> list[dict]``: date mentions with evidence,
  unresolved (``value_low``/``value_high`` empty) but carrying what resolution needs.
- ``resolve_table(dates_df, articles_df) -> DataFrame``: every mention resolved against
  its article's publication date (news mode); columns of the ``dates`` table.
"""
from __future__ import annotations

import pandas as pd


def tag(article_id: str, text: str, sentences: list[tuple[int, int]]) -> list[dict]:
    return []


def resolve_table(dates: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    return dates
