"""Casualty claims (STUB: to be replaced).

- ``extract(article_id, text, sentences, *, dates, places, sources) -> list[dict]``:
  casualty rows with evidence; the date window is filled later.
- ``finalize(casualties_df, dates_df, articles_df) -> DataFrame``: fills
  ``date_low``/``date_high`` from resolved dates.
"""
from __future__ import annotations

import pandas as pd


def extract(article_id: str, text: str, sentences: list[tuple[int, int]], *,
            dates: list[dict], places: list[dict], sources: list[dict]) -> list[dict]:
    return []


def finalize(casualties: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    return casualties
