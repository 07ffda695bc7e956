"""Source attributions (STUB: to be replaced).

``extract(article_id, text, sentences, outlet=None) -> list[dict]``: rows of the
``sources`` table.
"""
from __future__ import annotations


def extract(article_id: str, text: str, sentences: list[tuple[int, int]], *,
            outlet: str | None = None) -> list[dict]:
    return []
