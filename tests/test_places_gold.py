"""Places in the sample corpus against tests/gold/seeds.yaml.

- every spelling under `canonical.places` links to its canonical place, which has
  coordinates;
- every such spelling that occurs in an article's text is found there by `find`;
- the mentions per article match a hand-checked count of the article bodies (captions,
  comments and headlines excluded), and the `places` table lists exactly those places with
  the summed counts and the spellings seen.
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

from analysis import places
from analysis.schema import columns
from analysis.textutil import sentences
from conftest import load_gold

GOLD_PLACES = [(canonical, variant)
               for canonical, variants in load_gold()["canonical"]["places"].items()
               for variant in variants]

# Place mentions per article body, counted by hand from the sample files (bodies as
# delimited by `body_starts_with` / `body_ends_with` in seeds.yaml; captions, headlines,
# standfirsts, credits and readers' comments are not article text). Decisions: country
# names count as places also when they act ("Israel has insisted"); "Iran-backed" does not;
# "Deir Ezzour 24 network" (a source) and "Gaza Humanitarian Foundation" (an aid group) are
# not places; "Deir ez-Zor countryside" is the governorate; "Alboukamal border crossing" is
# the crossing.
EXPECTED = {
    "000_2808130f9ac80bbd#1": {
        "Abu Kamal": 5, "Al-Mayadin": 1, "Aleppo": 2, "Damascus": 2, "Deir ez-Zor": 4,
        "Imam Ali base": 1, "Iran": 5, "Iraq": 1, "Israel": 2, "Palmyra": 3,
        "Sayyidah Zaynab": 3, "Syria": 16},
    "001_5e54e979575ccf65#1": {
        "Abu Kamal": 1, "Aleppo": 4, "Bab al-Nairab": 1, "Deir ez-Zor": 2, "Imam Ali base": 1,
        "Iran": 3, "Iraq": 2, "Israel": 2, "Syria": 8},
    "002_d6830effbbd6e08f#1": {
        "Abu Kamal": 2, "Al-Qusour": 1, "Al-Siyal": 1, "Damascus": 1, "Deir ez-Zor": 1,
        "Deir ez-Zor Governorate": 1, "Israel": 1, "Lebanon": 1, "Syria": 3, "Syrian Desert": 1},
    "003_3f211ebf1b85d347#1": {
        "Abu Kamal": 2, "Abu Kamal border crossing": 1, "Al-Mayadin": 2, "Aleppo": 1,
        "Baghdad": 1, "Damascus": 4, "Deir ez-Zor": 6, "Deir ez-Zor Governorate": 1,
        "Golan Heights": 2, "Haifa": 1, "Iran": 10, "Iraq": 4, "Israel": 3, "Jerusalem": 1,
        "Jordan": 1, "Lebanon": 1, "Palmyra": 2, "Sayyidah Zaynab": 2, "Syria": 16,
        "Tehran": 3, "Tel Aviv": 1},
    "003_3f211ebf1b85d347#2": {
        "Bureij": 1, "Gaza": 9, "Gaza City": 1, "Israel": 8, "Netzarim corridor": 1, "Rafah": 3},
    "004_86bcaa15ba192ac0#1": {
        "Al-Mayadin": 2, "Deir ez-Zor": 3, "Iraq": 1, "Syria": 1},
}

# Spellings of a gold place that are part of an organisation's name here.
NOT_PLACES = [("Gaza", " Humanitarian Foundation"), ("Deir Ezzour", " 24 network")]

# Named only in captions or readers' comments, never in article text.
NOT_IN_TEXT = ["Daraa", "Hatzerim airbase", "Turkey", "Latakia"]


@pytest.mark.parametrize("canonical,variant", GOLD_PLACES)
def test_gold_variant_links_to_its_place(canonical, variant):
    assert places.link(variant) == canonical
    p = places.get(canonical)
    assert p["place"] == canonical
    assert p["latitude"] is not None and p["longitude"] is not None


@pytest.fixture(scope="module")
def articles(sample_tables):
    return sample_tables["articles"]


@pytest.fixture(scope="module")
def mentions(articles):
    out = {}
    for aid, text in zip(articles["article_id"], articles["text"].fillna("")):
        out[aid] = places.find(aid, text, sentences(text))
    return out


def test_gold_variants_in_article_text_are_found(articles, mentions):
    missed, checked = [], 0
    for aid, text in zip(articles["article_id"], articles["text"].fillna("")):
        for canonical, variant in GOLD_PLACES:
            for m in re.finditer(rf"(?<!\w){re.escape(variant)}(?!\w)", text):
                if any(variant == v and text.startswith(after, m.end()) for v, after in NOT_PLACES):
                    continue
                checked += 1
                # a mention overlapping the variant, naming its place or a place holding
                # it ("Deir ez-Zor countryside"; "Gaza Strip" inside "central Gaza Strip")
                if not any(r["start"] < m.end() and m.start() < r["end"]
                           and (r["place"] == canonical or places.contains(r["place"], canonical)
                                or places.contains(canonical, r["place"]))
                           for r in mentions[aid]):
                    missed.append((aid, variant, text[max(0, m.start() - 30):m.end() + 30]))
    assert checked >= 40
    assert not missed


def test_mentions_per_article(articles, mentions):
    assert set(EXPECTED) <= set(articles["article_id"])
    got = {aid: dict(sorted(Counter(r["place"] for r in mentions[aid]).items()))
           for aid in EXPECTED}
    assert got == EXPECTED


def test_places_table_lists_the_corpus_places_with_counts(sample_tables, mentions):
    table = sample_tables["places"]
    assert list(table.columns) == columns("places")
    total = Counter()
    for counts in EXPECTED.values():
        total.update(counts)
    assert dict(zip(table["place"], table["n_mentions"])) == dict(total)
    # ordered by mentions (desc), then name
    keys = list(zip(-table["n_mentions"], table["place"]))
    assert keys == sorted(keys)
    for row in table.itertuples():
        ref = places.get(row.place)
        assert (row.latitude, row.longitude) == (ref["latitude"], ref["longitude"])
        assert [None if pd.isna(v) else v for v in (row.admin1, row.country, row.parent)] == \
            [ref["admin1"], ref["country"], ref["parent"]]
        assert list(row.aliases) == sorted(set(row.aliases))
        seen = {r["surface"] for rows in mentions.values() for r in rows if r["place"] == row.place}
        assert set(row.aliases) == seen


def test_places_table_spellings_of_the_gold(sample_tables):
    aliases = dict(zip(sample_tables["places"]["place"], sample_tables["places"]["aliases"]))
    assert set(aliases["Deir ez-Zor"]) == {"Deir Ezzor", "Deir Ezzour", "Deir ez-Zor"}
    assert set(aliases["Sayyidah Zaynab"]) == {"Set Zaynab", "Sayeda Zainab"}
    assert set(aliases["Abu Kamal"]) == {"Al-Bukamal", "Alboukamal"}
    assert set(aliases["Al-Mayadin"]) == {"Al-Mayadeen", "al-Mayadeen"}
    assert set(aliases["Gaza"]) == {"Gaza", "Gaza Strip"}
    assert aliases["Bureij"] == ["Bureij camp"]
    assert aliases["Gaza City"] == ["Gaza City"]


def test_places_in_captions_and_comments_are_not_listed(sample_tables):
    listed = set(sample_tables["places"]["place"])
    assert not listed & set(NOT_IN_TEXT)


def test_casualty_locations_are_in_the_gazetteer(gold):
    for entry in gold["casualties"] + gold["incidents"]:
        if entry.get("location"):
            assert places.get(entry["location"])["place"] == entry["location"]
