"""analysis.pubdate: the per-article evidence `prepare` computes in the per-file map gives
the same `infer` result as `infer` computing it itself, survives the per-file cache, and
the vectorised twin search reads twins in the rule's order (checked against the rule
written out article by article)."""
from __future__ import annotations

import hashlib
import json
import random
import re
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_pubdate import _article  # one article row, as test_pubdate builds them

from analysis import cache, dates, pubdate
from analysis.textutil import sentences

COLS = ["published", "published_precision", "published_source", "published_evidence",
        "published_conflict"]
FAILURES = (ValueError, TypeError, KeyError, AttributeError, OverflowError)

# long enough to be evidence of copying (8 words or more); some carry full dates
POOL = [
    "At least five airstrikes targeting Syria have been blamed on Israel in the past two weeks.",
    "Multiple airstrikes have targeted Iranian forces and militias in eastern Syria in the past few months.",
    "Officials met on June 10, 2020 in Geneva to discuss the terms of the ceasefire.",
    "The convoy was hit near the border crossing late at night, according to local sources.",
    "Rockets hit the base on May 5, 2020, and the militia withdrew from its positions.",
    "Residents said the explosions could be heard across the city for several hours.",
    "The ministry did not respond to a request for comment on the reported strikes.",
    "Talks stalled again after the ceasefire collapsed on 3 March 2021 in the north.",
    "Several families fled the village after the shelling destroyed two of the main roads.",
    "The observatory said that the death toll was likely to rise in the coming days.",
    "The envoy will arrive on June 10, 2022 to meet the leaders of both delegations.",
    "Aid groups warned that food and fuel supplies were running dangerously low in the camps.",
]
SHORT = ["Nobody was hurt.", "It ended there.", "He said so."]
PUBLISHED = [("2020-05-06", "day"), ("2020-05-06", "day"), ("2019-11-02", "day"),
             ("2021-07", "month"), ("2020", "year"), ("2020-05", "month")]
CAPTIONS = ["A soldier on guard, June 1, 2020. (AFP)", "Smoke rises over the town. REUTERS"]


def _corpus(seed: int, n: int = 40) -> list[dict]:
    """Articles mixing sentences of a small pool: many near-duplicates, ties on the
    number of shared sentences and on the stated date, twins refused by later dates."""
    rng = random.Random(seed)
    arts = []
    for k in range(n):
        sents = rng.sample(POOL, rng.randint(1, 7)) + rng.sample(SHORT, rng.randint(0, 2))
        rng.shuffle(sents)
        if rng.random() < 0.2:          # a sentence said twice: counted once
            sents.append(sents[0])
        text = " ".join(sents)
        captions = rng.sample(CAPTIONS, rng.randint(0, 1)) if rng.random() < 0.3 else []
        if rng.random() < 0.5:
            published, precision = rng.choice(PUBLISHED)
            source = rng.choice(["metadata", "dateline", "header"])
            arts.append(_article(f"a{k:03d}#1", text, published, source, precision, captions))
        else:
            arts.append(_article(f"a{k:03d}#1", text, captions=captions))
    return arts


def _frames(arts: list[dict], prepared: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The articles and dates frames as `pipeline.link` gets them (``prepared``: with the
    fields `prepare` adds in the per-file map)."""
    rows, date_rows = [], []
    for a in arts:
        a = dict(a)
        text = a["text"] or ""
        spans = sentences(text)
        tagged = dates.tag(a["article_id"], text, spans)
        if prepared:
            a.update(pubdate.prepare(a, tagged, spans))
        rows.append(a)
        date_rows += tagged
    return pd.DataFrame(rows), pd.DataFrame(date_rows)


def _infer(arts: list[dict], prepared: bool) -> list[dict]:
    out = pubdate.infer(*_frames(arts, prepared))
    return out[["article_id"] + COLS].to_dict("records")


def _reference(arts: list[dict]) -> list[dict]:
    """The rule of `pubdate` written out article by article in plain Python (the
    implementation the vectorised search replaced): counts, then the order most shared
    sentences, earliest stated ``published`` text, first shared sentence, article order."""
    cfg = pubdate._settings()
    min_words, min_shared = int(cfg["duplicate_min_words"]), int(cfg["duplicate_min_sentences"])

    def shingles(text: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for s, e in sentences(text):
            norm = re.sub(r"[^\w]+", " ", text[s:e].lower()).strip()
            if norm.count(" ") + 1 >= min_words:
                out.setdefault(norm, text[s:e])
        return out

    recs = [dict(a) for a in arts]
    own = [shingles(a["text"]) for a in recs]
    stated = [j for j, a in enumerate(recs) if pubdate._stated(a)]
    index = {h for j in stated for h in own[j]}
    for i, a in enumerate(recs):
        text = a["text"]
        rows = dates.tag(a["article_id"], text, sentences(text))
        try:
            if a["published_source"] in (None, "missing") and pubdate._missing(a["published"]):
                _reference_one(a, i, recs, rows, own, stated, index, min_shared)
            elif pubdate._stated(a):
                a["published_conflict"] = pubdate._conflict(a, rows, cfg) or a["published_conflict"]
        except FAILURES:
            continue
    return [{"article_id": a["article_id"], **{c: a[c] for c in COLS}} for a in recs]


def _reference_one(a, i, recs, rows, own, stated, index, min_shared) -> None:
    floor = pubdate._caption_bound(a["captions"])
    mine = pubdate._own_evidence(a["text"], rows)
    lower = max([x for x in (floor and floor[0], mine and mine[0]) if x], default=None)
    notes = []
    if floor:
        notes.append(f"photo caption dated {floor[0].isoformat()} ({floor[1]!r}): "
                     f"published on or after it")
    held = [h for h in own[i] if h in index]
    twins = []
    for j in stated:
        shared = [k for k, h in enumerate(held) if h in own[j]]
        if len(shared) >= min_shared and j != i:
            twins.append((-len(shared), recs[j]["published"], shared[0], j))
    for minus_n, _, first, j in sorted(twins):
        other = recs[j]
        b = dates.anchor_bounds(other["published"], other["published_precision"])
        if b is None or (lower is not None and b[1] < lower):
            notes.append(f"shares {-minus_n} sentences with {other['article_id']} "
                         f"(published {other['published']}) but reports later dates")
            continue
        a.update(published=other["published"],
                 published_precision=other["published_precision"] or pubdate._precision(other["published"]),
                 published_source="inferred",
                 published_evidence="; ".join(
                     [f"shares {-minus_n} sentences with {other['article_id']} (published "
                      f"{other['published']}, {other['published_source']}), e.g. "
                      f"\"{pubdate._quote(own[i][held[first]])}\""] + notes))
        return
    if mine is not None and (floor is None or mine[0] >= floor[0]):
        d, said, lead = mine
        if lead:
            value, precision, how = d.isoformat(), "day", "the lead reports it: published on or just after that day"
        else:
            value, precision, how = str(d.year), "year", "the latest date the text reports as past: published on or after it, year kept"
        a.update(published=value, published_precision=precision, published_source="inferred",
                 published_evidence="; ".join([f"{said!r} ({d.isoformat()}): {how}"] + notes))
        return
    if notes:
        a["published_evidence"] = "not inferred; " + "; ".join(notes)


@pytest.mark.parametrize("seed", range(12))
def test_prepared_bare_and_reference_agree(seed):
    arts = _corpus(seed)
    want = _reference(arts)
    assert _infer(arts, prepared=True) == want
    assert _infer(arts, prepared=False) == want
    assert any(r["published_source"] == "inferred" and "shares" in r["published_evidence"]
               for r in want)


@pytest.mark.parametrize("seed", range(4))
def test_small_blocks_and_positions_past_the_exact_bits_agree(seed, monkeypatch):
    arts = _corpus(100 + seed, n=30)
    want = _reference(arts)
    monkeypatch.setattr(pubdate, "_CELLS", 1)          # one missing article per block
    monkeypatch.setattr(pubdate, "_EXACT_BITS", 3)     # first shared sentence mostly unknown
    assert _infer(arts, prepared=True) == want


def test_tie_broken_by_the_first_shared_sentence_then_article_order():
    s = POOL
    arts = [_article("late#1", f"{s[5]} {s[6]}", "2020-05-06", "dateline"),
            _article("early#1", f"{s[0]} {s[1]}", "2020-05-06", "dateline"),
            _article("also#1", f"{s[0]} {s[1]} {s[9]}", "2020-05-06", "dateline"),
            _article("copy#1", f"{s[0]} {s[5]} {s[6]} {s[1]}")]
    got = {r["article_id"]: r for r in _infer(arts, prepared=True)}
    # each shares 2 sentences, same date: early#1 holds the copy's first sentence
    assert "with early#1" in got["copy#1"]["published_evidence"]
    assert s[0][:40] in got["copy#1"]["published_evidence"]


def test_most_shared_then_earliest_date_first():
    s = POOL
    arts = [_article("two#1", f"{s[0]} {s[1]}", "2019-01-01", "dateline"),
            _article("three#1", f"{s[0]} {s[1]} {s[5]}", "2020-05-06", "dateline"),
            _article("three-early#1", f"{s[5]} {s[1]} {s[0]}", "2020-05", "header"),
            _article("copy#1", f"{s[0]} {s[1]} {s[5]}")]
    got = {r["article_id"]: r for r in _infer(arts, prepared=True)}
    assert got["copy#1"]["published"] == "2020-05"        # "2020-05" < "2020-05-06"
    assert "shares 3 sentences with three-early#1" in got["copy#1"]["published_evidence"]


def test_refused_twins_are_noted_in_reading_order():
    s = POOL
    arts = [_article("old#1", f"{s[0]} {s[1]}", "2019-11-02", "dateline"),
            _article("older#1", f"{s[0]} {s[1]} {s[5]}", "2018-03-01", "dateline"),
            _article("new#1", f"{s[1]} {s[0]}", "2020-07-01", "metadata"),
            _article("copy#1", f"{s[0]} {s[1]} {s[5]} {s[2]}")]     # reports June 10, 2020
    got = {r["article_id"]: r for r in _infer(arts, prepared=True)}
    ev = got["copy#1"]["published_evidence"]
    assert got["copy#1"]["published"] == "2020-07-01"
    assert ev.index("with older#1") < ev.index("with old#1")
    assert ev.count("but reports later dates") == 2
    assert got == {r["article_id"]: r for r in _reference(arts)}


def test_prepared_fields_are_plain_and_survive_the_cache():
    arts = _corpus(7, n=12)
    rows = _frames(arts, prepared=True)[0].to_dict("records")
    rows = [{k: v for k, v in r.items() if k.startswith("_pd_") or k == "article_id"} for r in rows]
    assert all(set(r) == {"article_id", *pubdate._FIELDS} for r in rows)
    table = cache.encode_rows(rows)
    assert cache.decode_rows(table) == rows
    assert json.loads(table.schema.metadata[b"cb.json"]) == []      # typed columns, no JSON


def test_prepared_fields_for_another_date_are_recomputed():
    text = "Talks stalled. The ceasefire collapsed on 3 March 2021."
    a = _article("a#1", text)                       # prepared while its date was missing
    spans = sentences(text)
    a.update(pubdate.prepare(a, dates.tag("a#1", text, spans), spans))
    a.update(published="2020-05-06", published_precision="day", published_source="metadata")
    out = pubdate.infer(pd.DataFrame([a]), pd.DataFrame(dates.tag("a#1", text, spans)))
    assert "2021-03-03" in out.loc[0, "published_conflict"]


def test_sentence_key_is_the_blake2b_of_the_normalised_sentence():
    said = "“They removed the offices yesterday,” the report reads — he’s SURE."
    norm = "they removed the offices yesterday the report reads he s sure"
    want = int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "little",
                          signed=True)
    assert pubdate._sentence_key(said, 8) == want
    assert pubdate._sentence_key(said, 13) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZé_ 0-.,’“”—\xa0\tİΣß\u0660")), max_size=40)
       | st.text(max_size=40), st.integers(0, 4))
def test_sentence_key_fast_path_matches_the_regex(said, min_words):
    norm = re.sub(r"[^\w]+", " ", said.lower()).strip()
    want = None if norm.count(" ") + 1 < min_words else int.from_bytes(
        hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
        "little", signed=True)
    assert pubdate._sentence_key(said, min_words) == want


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=1, max_size=3),
       st.sampled_from([None, "2020-05-06", "2020-07", "2020", "bad"]))
def test_prepared_never_raises_and_agrees(texts, published):
    arts = [_article(f"a#{i}", t, published, "missing" if published is None else "metadata")
            for i, t in enumerate(texts)]
    assert _infer(arts, prepared=True) == _infer(arts, prepared=False)


def test_a_twin_whose_date_cannot_be_read_leaves_the_article_as_it_is():
    s = POOL
    arts = [_article("odd#1", f"{s[0]} {s[1]}", "9999999999", "metadata"),   # date(): overflow
            _article("copy#1", f"{s[0]} {s[1]} {s[4]}")]                       # own date too
    got = {r["article_id"]: r for r in _infer(arts, prepared=True)}
    assert got["copy#1"]["published"] is None and got["copy#1"]["published_evidence"] is None
    assert got == {r["article_id"]: r for r in _reference(arts)}
    assert _infer(arts, prepared=False) == _infer(arts, prepared=True)


def test_prepared_frame_through_parquet_and_concat_agrees(tmp_path):
    arts = _corpus(3, n=30)
    articles, date_df = _frames(arts, prepared=True)
    path = tmp_path / "articles.parquet"
    articles.to_parquet(path)
    back = pd.read_parquet(path)          # lists come back as numpy arrays
    # a frame whose rows lack some prepared values (NaN after concat): recomputed
    bare = _frames(arts[:5], prepared=False)[0]
    both = pd.concat([bare, back.iloc[5:]], ignore_index=True)
    want = _reference(arts)
    for frame in (back, both):
        out = pubdate.infer(frame, date_df)[["article_id"] + COLS].to_dict("records")
        assert out == want
