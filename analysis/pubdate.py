"""Publication dates inferred from text where none is stated (STUB: to be replaced).

``infer(articles_df, dates_df) -> articles_df`` with ``published`` filled where inferred
(``published_source = inferred``, evidence in ``published_evidence``) and
``published_conflict`` set where the evidence disagrees.
"""
from __future__ import annotations

import pandas as pd


def infer(articles: pd.DataFrame, dates: pd.DataFrame) -> pd.DataFrame:
    return articles
