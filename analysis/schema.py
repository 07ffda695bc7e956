"""The tidy tables: every column documented once, every frame built by one function.

``TABLES`` maps a table name to its columns ``(name, dtype, description)`` in output
order. ``frame(table, rows)`` is the only way the package turns row dicts into a
DataFrame: it fills missing columns with nulls, fixes the column order and dtypes, and
drops nothing the schema does not know about silently (unknown keys raise).

Dates are ISO strings: ``published`` at its precision (``2020``, ``2020-07``,
``2020-05-06``); ``value_low``/``value_high``/``date_low``/``date_high`` always as days
(a month is its first and last day), so string comparison orders them.
List columns (``authors``, ``aliases``, ``mention_ids``...) hold Python lists; CSV output
writes them as JSON text.
"""
from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

from analysis.errors import BriefingError

S, I, F, B, L = "string", "Int64", "float64", "boolean", "list"

_EVIDENCE = [
    ("article_id", S, "the article the row comes from (`<file stem>#<n>`)"),
    ("sentence", S, "the sentence of the article text holding the match"),
    ("start", I, "character offset of the match in the article's `text`"),
    ("end", I, "character offset just past the match in the article's `text`"),
]

TABLES: dict[str, list[tuple[str, str, str]]] = {
    "articles": [
        ("article_id", S, "`<file stem>#<n>`, n = 1-based article within the file; records: `<stem>#<id>`"),
        ("path", S, "the file, relative to the corpus folder (POSIX separators)"),
        ("title", S, "headline, or a fallback (first words of the body) when none is given"),
        ("outlet", S, "the publishing outlet, when stated or given"),
        ("authors", L, "bylines"),
        ("credits", L, "people credited with contributing ('X contributed to this report')"),
        ("url", S, "the article's address when given"),
        ("captions", L, "photo captions and map credits set aside from the body (evidence only, never analysed)"),
        ("published", S, "publication date, ISO at its precision (2020, 2020-07, 2020-05-06)"),
        ("published_precision", S, "day | month | year (null when missing)"),
        ("published_source", S, "metadata | dateline | header | inferred | missing"),
        ("published_evidence", S, "the text or rule the publication date comes from"),
        ("published_conflict", S, "why other evidence disagrees with `published` (null when none)"),
        ("text", S, "clean body: no boilerplate, captions, bylines, datelines or comments"),
        ("n_words", I, "words in `text`"),
        ("n_comments", I, "readers' comments set aside (never analysed)"),
    ],
    "ingest_log": [
        ("path", S, "the file, relative to the corpus folder"),
        ("status", S, "parsed | skipped"),
        ("reason", S, "why skipped: empty, binary, undecodable, too large, duplicate of X; or a note"),
        ("n_articles", I, "articles the file yielded"),
        ("bytes", I, "file size"),
        ("encoding", S, "detected text encoding"),
        ("sha256", S, "hash of the file's bytes"),
    ],
    "dates": [
        ("date_id", S, "`<article_id>:d<n>`"),
        *_EVIDENCE,
        ("text", S, "the date expression as written"),
        ("kind", S, "absolute | partial | relative | duration"),
        ("value_low", S, "first day of the resolved period (ISO), null when unresolved"),
        ("value_high", S, "last day of the resolved period (ISO), null when unresolved"),
        ("granularity", S, "day | week | month | year | range"),
        ("anchor", S, "the publication date it was resolved against, or null"),
        ("rule", S, "the pattern that matched"),
    ],
    "sources": [
        ("attribution_id", S, "`<article_id>:s<n>`"),
        *_EVIDENCE,
        ("surface", S, "the source as written"),
        ("source", S, "canonical source name"),
        ("source_type", S, "monitor | local_media | media | official | military | medical | witness | armed_group | social_media | generic"),
        ("anonymous", B, "the source is not named"),
        ("cue", S, "the attribution cue: according to, said, told, reported, ..."),
        ("via", S, "the outlet the source spoke to ('told Reuters'), never the source itself"),
        ("rule", S, "the pattern that matched"),
    ],
    "casualties": [
        ("mention_id", S, "`<article_id>:c<n>`"),
        *_EVIDENCE,
        ("outcome", S, "killed | injured"),
        ("count_low", I, "smallest number the words allow"),
        ("count_high", I, "largest number the words allow; null when open-ended"),
        ("count_text", S, "the number as written ('At least four')"),
        ("qualifier", S, "exact | at_least | at_most | approx | range | vague"),
        ("victims", S, "the victim noun phrase"),
        ("victim_type", S, "civilian | combatant | unknown"),
        ("location", S, "canonical place (one of the `places` table)"),
        ("date_low", S, "first day the event can have happened (ISO)"),
        ("date_high", S, "last day the event can have happened (ISO)"),
        ("attributed_to", S, "canonical source of the claim"),
        ("hedged", B, "the claim is hedged: alleged, suspected, reportedly, claimed"),
        ("part_of", S, "mention_id of the total an 'including ...' count belongs to"),
        ("aggregate", B, "a sum over many events, not one incident"),
        ("rule", S, "the pattern that matched"),
    ],
    "places": [
        ("place", S, "canonical place name"),
        ("aliases", L, "the spellings seen in the corpus"),
        ("latitude", F, "WGS84 latitude"),
        ("longitude", F, "WGS84 longitude"),
        ("admin1", S, "first-level administrative division"),
        ("country", S, "country"),
        ("parent", S, "the place it lies in"),
        ("n_mentions", I, "mentions in article text"),
    ],
    "incidents": [
        ("incident_id", S, "stable id of the incident"),
        ("location", S, "canonical place"),
        ("date_low", S, "first day of the incident window (ISO)"),
        ("date_high", S, "last day of the incident window (ISO)"),
        ("killed_min", I, "smallest killed figure across reports (groups added within a report)"),
        ("killed_max", I, "largest killed figure across reports; null when open-ended"),
        ("injured_min", I, "smallest injured figure across reports"),
        ("injured_max", I, "largest injured figure across reports; null when open-ended"),
        ("n_mentions", I, "casualty mentions merged into the incident"),
        ("n_articles", I, "articles reporting it"),
        ("outlets", L, "outlets reporting it"),
        ("sources", L, "canonical sources the claims are attributed to"),
        ("mention_ids", L, "the casualty mentions merged"),
    ],
}

TABLES = {name: TABLES[name] for name in
          ("articles", "casualties", "sources", "dates", "places", "incidents", "ingest_log")}

# Per-file intermediate rows that are not output tables but are cached with them.
INTERMEDIATE = ("place_counts",)

TABLE_NAMES = tuple(TABLES)


def columns(table: str) -> list[str]:
    """Column names of ``table`` in output order."""
    try:
        return [c[0] for c in TABLES[table]]
    except KeyError:
        raise BriefingError(f"no table {table!r}; tables are {', '.join(TABLES)}") from None


def frame(table: str, rows: Iterable[Mapping] | pd.DataFrame, *, extra: bool = False) -> pd.DataFrame:
    """Build ``table`` from row dicts with the schema's columns, order and dtypes.

    ``extra=True`` keeps columns the schema does not list (after the documented ones);
    otherwise an unknown column raises, so a typo never becomes a silent empty column.
    """
    spec = TABLES[table] if table in TABLES else None
    if spec is None:
        raise BriefingError(f"no table {table!r}; tables are {', '.join(TABLES)}")
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    names = [c[0] for c in spec]
    unknown = [c for c in df.columns if c not in names]
    if unknown and not extra:
        raise BriefingError(f"table {table}: unknown columns {unknown}; documented: {names}")
    for name, dtype, _ in spec:
        if name not in df.columns:
            df[name] = None
        col = df[name]
        if dtype == L:
            df[name] = [list(x) if type(x) is list else _as_list(x) for x in col]
        else:
            df[name] = col.astype(dtype) if len(col) else pd.Series([], dtype=dtype)
    ordered = names + (sorted(unknown) if extra else [])
    return df[ordered].reset_index(drop=True)


def _as_list(x) -> list:
    """One value of a list column as a list (arrays and tuples too; missing: [])."""
    v = x.tolist() if hasattr(x, "tolist") else x
    if isinstance(v, (list, tuple)) or hasattr(v, "tolist"):
        return list(v)
    return [] if v is None or (isinstance(v, float) and pd.isna(v)) else [v]


def dictionary() -> pd.DataFrame:
    """The column dictionary of every table (table, column, dtype, description)."""
    return pd.DataFrame([(t, c, d, doc) for t, cols in TABLES.items() for c, d, doc in cols],
                        columns=["table", "column", "dtype", "description"])


def markdown() -> str:
    """The column dictionary as Markdown (the README's "Tables" section is this text)."""
    out = []
    for table, cols in TABLES.items():
        out.append(f"**{table}**\n\n| column | type | meaning |\n| --- | --- | --- |")
        out.extend(f"| `{c}` | {d} | {doc.replace('|', '/')} |" for c, d, doc in cols)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":  # python -m analysis.schema > the README's table section
    print(markdown(), end="")
