"""Incidents: casualty mentions merged across articles (STUB: to be replaced).

``build(casualties_df, articles_df, sources_df) -> DataFrame``: the ``incidents`` table.
"""
from __future__ import annotations

import pandas as pd


def build(casualties: pd.DataFrame, articles: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame()
