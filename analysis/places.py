"""Places: gazetteer, linking text to places, the places table (STUB: to be replaced).

- ``find(article_id, text, sentences) -> list[dict]``: place mentions
  (article_id, start, end, surface, place).
- ``link(span) -> str | None``: canonical place for a text span.
- ``table(mentions_df) -> DataFrame``: the ``places`` table.
"""
from __future__ import annotations

import pandas as pd


def find(article_id: str, text: str, sentences: list[tuple[int, int]]) -> list[dict]:
    return []


def link(span: str) -> str | None:
    return None


def table(mentions: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame()
