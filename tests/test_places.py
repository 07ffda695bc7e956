"""Places: the gazetteer's data and checks, find, link, geography, the places table."""
from __future__ import annotations

import copy
import time

import pytest
from hypothesis import given, settings, strategies as st

from analysis import lexicons, places
from analysis.errors import BriefingError, LexiconError, PlaceError
from analysis.schema import columns
from analysis.textutil import sentences


def found(text: str) -> list[tuple[str, str]]:
    """(surface, place) of every mention in ``text``, in order."""
    return [(r["surface"], r["place"]) for r in places.find("t#1", text, sentences(text))]


# ------------------------------------------------------------------ the gazetteer
SYRIAN_GOVERNORATES = ["Aleppo Governorate", "Damascus Governorate", "Rif Dimashq Governorate",
                       "Daraa Governorate", "Deir ez-Zor Governorate", "Hama Governorate",
                       "Hasakah Governorate", "Homs Governorate", "Idlib Governorate",
                       "Latakia Governorate", "Quneitra Governorate", "Raqqa Governorate",
                       "Suwayda Governorate", "Tartus Governorate"]

REQUIRED = {
    "country": ["Syria", "Iraq", "Lebanon", "Israel", "Palestine", "Jordan", "Iran", "Turkey"],
    "Syria": ["Deir ez-Zor", "Abu Kamal", "Al-Mayadin", "Palmyra", "Aleppo", "Bab al-Nairab",
              "Damascus", "Sayyidah Zaynab", "Daraa", "Homs", "Hama", "Idlib", "Latakia",
              "Tartus", "Raqqa", "Hasakah", "Qamishli", "Quneitra", "Suwayda", "T4 airbase",
              "Al-Tanf", "Al-Qusour", "Al-Siyal", "Golan Heights"],
    "Iraq": ["Baghdad", "Mosul", "Basra", "Erbil", "Kirkuk", "Al-Qaim", "Fallujah", "Ramadi"],
    "Lebanon": ["Beirut", "Tripoli", "Sidon", "Tyre", "Baalbek", "Nabatieh"],
    "Israel": ["Jerusalem", "Tel Aviv", "Haifa"],
    "Palestine": ["Gaza", "West Bank", "Gaza City", "Rafah", "Khan Younis", "Deir al-Balah",
                  "Bureij", "Nuseirat", "Maghazi", "Jabalia", "Beit Lahia", "Beit Hanoun",
                  "Netzarim corridor", "Ramallah", "Jenin", "Nablus", "Hebron", "Tulkarm"],
    "Jordan": ["Amman"],
    "Iran": ["Tehran", "Isfahan", "Mashhad", "Tabriz", "Shiraz"],
}


def test_gazetteer_covers_required_places():
    g = places.gazetteer()
    for country, names in REQUIRED.items():
        for name in names:
            assert name in g.places, name
            if country != "country":
                assert g.places[name].country == country, (name, g.places[name].country)
    for gov in SYRIAN_GOVERNORATES:
        p = g.places[gov]
        assert (p.kind, p.country, p.parent, p.admin1) == ("governorate", "Syria", "Syria", gov)


def test_required_places_have_an_arabic_spelling():
    import re
    arabic = re.compile("[\u0600-\u06FF]")
    g = places.gazetteer()
    lacking = [name for names in REQUIRED.values() for name in names
               if not any(arabic.search(a) for a in g.places[name].aliases)]
    assert not lacking


def test_every_place_has_coordinates_kind_and_an_existing_parent():
    g = places.gazetteer()
    assert len(g.places) >= 250
    for p in g.places.values():
        assert -90 <= p.latitude <= 90 and -180 <= p.longitude <= 180, p.place
        assert p.kind in g.kinds
        assert (p.parent is None) == (p.kind == "country"), p.place
        assert p.parent is None or p.parent in g.places
        assert p.country in g.places and g.places[p.country].kind == "country", p.place


def test_coordinates_are_plausible():
    """Catches swapped or mistyped coordinates: near the parent, near the country."""
    far = []
    for name in places.names():
        p = places.get(name)
        if p["parent"] and places.get(p["parent"])["kind"] != "country":
            if places.distance_km(name, p["parent"]) > 250:
                far.append((name, p["parent"], round(places.distance_km(name, p["parent"]))))
        if p["kind"] != "country" and places.distance_km(name, p["country"]) > 1300:
            far.append((name, p["country"], round(places.distance_km(name, p["country"]))))
    assert not far


@pytest.mark.parametrize("place,lat,lon", [
    ("Damascus", 33.51, 36.29), ("Aleppo", 36.20, 37.13), ("Deir ez-Zor", 35.34, 40.14),
    ("Abu Kamal", 34.45, 40.92), ("Al-Mayadin", 35.02, 40.45), ("Palmyra", 34.56, 38.27),
    ("Sayyidah Zaynab", 33.44, 36.34), ("Baghdad", 33.32, 44.37), ("Gaza City", 31.50, 34.47),
    ("Rafah", 31.30, 34.25), ("Bureij", 31.44, 34.40), ("Beirut", 33.89, 35.50),
    ("Tehran", 35.69, 51.39), ("Jerusalem", 31.77, 35.21), ("Amman", 31.95, 35.93),
])
def test_known_coordinates(place, lat, lon):
    p = places.get(place)
    assert abs(p["latitude"] - lat) <= 0.05 and abs(p["longitude"] - lon) <= 0.05


def test_admin1_and_country_are_inherited():
    assert places.get("Bab al-Nairab")["admin1"] == "Aleppo Governorate"
    assert places.get("Bab al-Nairab")["country"] == "Syria"
    assert places.get("Sayyidah Zaynab")["admin1"] == "Rif Dimashq Governorate"
    assert places.get("Bureij")["admin1"] == "Deir al-Balah Governorate"
    assert places.get("Bureij")["country"] == "Palestine"
    assert places.get("Syria")["admin1"] is None and places.get("Syria")["country"] == "Syria"


# ------------------------------------------------------------------ validation of the data
def _data():
    return copy.deepcopy(lexicons.load("places"))


def _entry(data, name):
    return next(e for e in data["places"] if e["place"] == name)


def _bad(mutate):
    data = _data()
    mutate(data)
    with pytest.raises(LexiconError) as err:
        places.Gazetteer(data)
    return str(err.value)


def test_the_shipped_data_validates():
    places.Gazetteer(_data())


@pytest.mark.parametrize("mutate,words", [
    (lambda d: _entry(d, "Palmyra").pop("latitude"), ["Palmyra", "latitude"]),
    (lambda d: _entry(d, "Palmyra").update(longitude="east"), ["Palmyra", "longitude"]),
    (lambda d: _entry(d, "Palmyra").update(latitude=134.5), ["Palmyra", "latitude"]),
    (lambda d: _entry(d, "Bureij").update(parent="Gaza Stirp"), ["Bureij", "Gaza Stirp", "Gaza"]),
    (lambda d: _entry(d, "Bureij").pop("parent"), ["Bureij", "parent"]),
    (lambda d: _entry(d, "Bureij").update(parent=None), ["Bureij", "parent"]),
    (lambda d: _entry(d, "Bureij").update(kind="refugee camp"), ["Bureij", "refugee camp", "camp"]),
    (lambda d: _entry(d, "Rafah").update(aliases=["Bureij camp"]), ["Bureij camp", "Rafah", "Bureij"]),
    (lambda d: _entry(d, "Rafah").update(aliases=["Deir-Ezzor"]), ["Deir-Ezzor", "Deir ez-Zor"]),
    (lambda d: _entry(d, "Rafah").update(aliases="Rafa"), ["Rafah", "aliases"]),
    (lambda d: _entry(d, "Rafah").update(colour="red"), ["Rafah", "colour"]),
    (lambda d: d["places"].append(dict(_entry(d, "Rafah"))), ["Rafah", "twice"]),
    (lambda d: _entry(d, "Syria").update(parent="Aleppo", kind="region"), ["loops"]),
    (lambda d: d["guards"]["name_like"].append("Atlantis"), ["Atlantis", "name_like"]),
    (lambda d: d["not_places"].append("Gaza City"), ["Gaza City", "not_places"]),
    (lambda d: d.pop("kinds"), ["kinds"]),
    (lambda d: _entry(d, "Palmyra").update(seat="Homs"), ["Palmyra", "seat"]),
    (lambda d: _entry(d, "Palmyra District").update(seat="Tadmor"), ["Palmyra District", "Tadmor"]),
])
def test_malformed_data_raises_naming_the_entry(mutate, words):
    msg = _bad(mutate)
    for w in words:
        assert w in msg, (w, msg)


# ------------------------------------------------------------------ link
LINK = [
    # the brief's and the corpus's spellings
    ("Deir Ezzour", "Deir ez-Zor"), ("Deir ez-Zor", "Deir ez-Zor"), ("Deir Ezzor", "Deir ez-Zor"),
    ("deir ez zor", "Deir ez-Zor"), ("Deir EzZor", "Deir ez-Zor"), ("دير الزور", "Deir ez-Zor"),
    ("Set Zaynab", "Sayyidah Zaynab"), ("Sayeda Zainab", "Sayyidah Zaynab"),
    ("Sayyidah Zaynab", "Sayyidah Zaynab"), ("the Sayyida Zeinab area", "Sayyidah Zaynab"),
    ("Al-Bukamal", "Abu Kamal"), ("Alboukamal", "Abu Kamal"), ("Bukamal", "Abu Kamal"),
    ("البوكمال", "Abu Kamal"), ("al bukamal", "Abu Kamal"), ("Abu Kamal", "Abu Kamal"),
    ("Al-Mayadeen", "Al-Mayadin"), ("al-Mayadeen", "Al-Mayadin"), ("Mayadin", "Al-Mayadin"),
    ("Bureij camp", "Bureij"), ("the Bureij refugee camp", "Bureij"), ("Al-Bureij", "Bureij"),
    ("Gaza Strip", "Gaza"), ("central Gaza Strip", "Gaza"), ("Gaza", "Gaza"),
    ("the Gaza Strip", "Gaza"), ("northern Gaza", "Gaza"), ("Gaza City", "Gaza City"),
    ("gaza city", "Gaza City"), ("Bab al-Nairab", "Bab al-Nairab"),
    ("the Bab al-Nairab neighborhood", "Bab al-Nairab"), ("Damascus", "Damascus"),
    ("Aleppo", "Aleppo"), ("Aleppo Governorate", "Aleppo Governorate"),
    ("Aleppo province", "Aleppo Governorate"), ("Damascus countryside", "Rif Dimashq Governorate"),
    ("Deir ez-Zor countryside", "Deir ez-Zor Governorate"), ("Daraa city", "Daraa"),
    ("Abu Kamal district", "Abu Kamal District"), ("the Al-Bukamal district", "Abu Kamal District"),
    ("Mayadeen District", "Al-Mayadin District"),
    ("Palmyra", "Palmyra"), ("Tadmur", "Palmyra"), ("Baghdad", "Baghdad"), ("Rafah", "Rafah"),
    ("the Golan", "Golan Heights"), ("Israeli-occupied Golan Heights", "Golan Heights"),
    ("T4", "T4 airbase"), ("T-4 airbase", "T4 airbase"), ("Tiyas", "T4 airbase"),
    ("Al-Tanf", "Al-Tanf"), ("At-Tanf", "Al-Tanf"), ("Al-Qusour neighborhood", "Al-Qusour"),
    ("Al-Siyal", "Al-Siyal"), ("southern Badia", "Syrian Desert"),
    ("Alboukamal border crossing", "Abu Kamal border crossing"), ("Al-Qaim", "Al-Qaim"),
    ("Khan Yunis", "Khan Younis"), ("Nusseirat", "Nuseirat"), ("Jabaliya", "Jabalia"),
    ("Sweida", "Suwayda"), ("Hassakeh", "Hasakah"), ("Qamishlo", "Qamishli"),
    ("Lattakia", "Latakia"), ("Tartous", "Tartus"), ("Idleb", "Idlib"), ("Raqqah", "Raqqa"),
    ("Ḥimṣ", "Homs"), ("Şanlıurfa", "Sanliurfa"), ("ISTANBUL", "Istanbul"), ("Saida", "Sidon"),
    ("Al-Khalil", "Hebron"), ("Teheran", "Tehran"), ("Esfahan", "Isfahan"),
    # longer spans: the most specific place named
    ("Set Zaynab and nearby areas in Damascus", "Sayyidah Zaynab"),
    ("Israeli strikes near Damascus", "Damascus"),
    ("the Palmyra area of Syria", "Palmyra"), ("Syria's Deir Ezzor", "Deir ez-Zor"),
    ("several houses in the Bureij camp in the central Gaza Strip", "Bureij"),
    # negatives
    ("", None), ("   ", None), ("nowhere in particular", None), ("Israeli", None),
    ("Syrian", None), ("Iranian-backed", None), ("Michael Jordan", None),
    ("Gaza Humanitarian Foundation", None), ("the Deir Ezzour 24 network", None),
    ("Hamas", None), ("DeirEzzor24", None), ("Iran-backed militants", None),
    ("turkey", "Turkey"),  # link is case-insensitive: the caller says the span is a place
]


@pytest.mark.parametrize("span,expected", LINK)
def test_link(span, expected):
    assert places.link(span) == expected


# ------------------------------------------------------------------ find
FIND = [
    ("Strikes hit Deir Ezzor and Al-Bukamal.", [("Deir Ezzor", "Deir ez-Zor"), ("Al-Bukamal", "Abu Kamal")]),
    ("in the Set Zaynab area in Damascus", [("Set Zaynab", "Sayyidah Zaynab"), ("Damascus", "Damascus")]),
    ("the Bureij camp in the central Gaza Strip", [("Bureij camp", "Bureij"), ("Gaza Strip", "Gaza")]),
    ("a mother of seven in Gaza City", [("Gaza City", "Gaza City")]),
    ("from the city of Al-Mayadeen to al-Mayadeen", [("Al-Mayadeen", "Al-Mayadin"), ("al-Mayadeen", "Al-Mayadin")]),
    ("in the Bab al-Nairab neighborhood of Aleppo", [("Bab al-Nairab", "Bab al-Nairab"), ("Aleppo", "Aleppo")]),
    ("They also control the Alboukamal border crossing with Iraq.",
     [("Alboukamal border crossing", "Abu Kamal border crossing"), ("Iraq", "Iraq")]),
    ("in eastern Deir ez-Zor countryside", [("Deir ez-Zor countryside", "Deir ez-Zor Governorate")]),
    ("Aleppo Governorate and Aleppo province", [("Aleppo Governorate", "Aleppo Governorate"),
                                                ("Aleppo province", "Aleppo Governorate")]),
    ("the Israeli-occupied Golan Heights and the Golan", [("Golan Heights", "Golan Heights"), ("Golan", "Golan Heights")]),
    ("80 kilometers from the Jordan border", [("Jordan", "Jordan")]),
    ("Israel has insisted that Hamas disarm", [("Israel", "Israel")]),  # actors count
    ("Meanwhile Israel struck Jordan Thursday.", [("Israel", "Israel"), ("Jordan", "Jordan")]),
    ("the Israel Hamas war", [("Israel", "Israel")]),
    ("near the Israel-Syria border", [("Israel", "Israel"), ("Syria", "Syria")]),
    ("Syria's Jisr network reported", [("Syria", "Syria")]),
    ("Tel Aviv, Jerusalem and Haifa", [("Tel Aviv", "Tel Aviv"), ("Jerusalem", "Jerusalem"), ("Haifa", "Haifa")]),
    ("لقطة من البوكمال ودير الزور", [("البوكمال", "Abu Kamal")]),
    ("معبر البوكمال الحدودي", [("معبر البوكمال", "Abu Kamal border crossing")]),
    ("strikes on Deir Ez-Zour and Ḥimṣ", [("Deir Ez-Zour", "Deir ez-Zor"), ("Ḥimṣ", "Homs")]),
    ("the T4 airbase and the T-4 air base", [("T4 airbase", "T4 airbase"), ("T-4 air base", "T4 airbase")]),
    ("The town of Hit, west of Ramadi", [("Hit", "Hit"), ("Ramadi", "Ramadi")]),
    ("In Tyre and Sidon", [("Tyre", "Tyre"), ("Sidon", "Sidon")]),
    ("Israeli strikes in Dahiyeh, Beirut’s southern suburbs, and in the Bekaa Valley.",
     [("Dahiyeh", "Dahieh"), ("Beirut’s southern suburbs", "Dahieh"), ("Bekaa Valley", "Bekaa Valley")]),
    ("the Jenin refugee camp and Nur Shams near Tulkarem",
     [("Jenin refugee camp", "Jenin camp"), ("Nur Shams", "Nur Shams camp"), ("Tulkarem", "Tulkarm")]),
    ("killed in Khan Younis, southern Gaza, and Nuseirat camp",
     [("Khan Younis", "Khan Younis"), ("Gaza", "Gaza"), ("Nuseirat camp", "Nuseirat")]),
    ("The T4 air base in Homs province", [("T4 air base", "T4 airbase"), ("Homs province", "Homs Governorate")]),
    ("Deir ez-Zor’s al-Bukamal and as-Suwayda", [("Deir ez-Zor", "Deir ez-Zor"), ("al-Bukamal", "Abu Kamal"),
                                                ("as-Suwayda", "Suwayda")]),
    ("Jordan’s King Abdullah met Turkey’s Erdogan in Ankara.",
     [("Jordan", "Jordan"), ("Turkey", "Turkey"), ("Ankara", "Ankara")]),
    ("HAMA and HOMS, ALEPPO", [("HAMA", "Hama"), ("HOMS", "Homs"), ("ALEPPO", "Aleppo")]),
    ("SDF-held Raqqa and Kurdish-led forces in Kobane", [("Raqqa", "Raqqa"), ("Kobane", "Kobani")]),
    ("the Abu Kamal district and the Al-Siyal area", [("Abu Kamal district", "Abu Kamal District"),
                                                     ("Al-Siyal", "Al-Siyal")]),
    # negatives
    ("Israeli, Syrian, Iranian, Iraqi and Lebanese officials", []),
    ("Iranian-backed militias and Iran-backed militants", []),
    ("pro-Iran and anti-Israel groups", []),
    ("the Gaza Humanitarian Foundation (GHF)", []),
    ("The Deir Ezzour 24 network and DeirEzzor24 reported", []),
    ("the Syria Observatory for Human Rights", []),
    ("The Jerusalem Post and the Jerusalem Brigade", []),
    ("Hamas and HAMAS fighters", []),
    ("Michael Jordan and Yair Golan spoke", []),
    ("Israel Katz said", []),
    ("we ate turkey and a tyre burst", []),
    ("Hit by a missile, the convoy burned", []),
    ("Harem scarem", []),
    ("Assyrian and Syriac churches", []),
    ("", []),
]


@pytest.mark.parametrize("text,expected", FIND)
def test_find(text, expected):
    assert found(text) == expected


def test_find_rows_carry_evidence():
    text = "Intro line.\nFourteen were killed in Deir Ezzor last night. Then Al-Bukamal."
    rows = places.find("a#1", text, sentences(text))
    assert [r["place"] for r in rows] == ["Deir ez-Zor", "Abu Kamal"]
    for r in rows:
        assert set(r) >= {"article_id", "start", "end", "surface", "place", "sentence", "rule"}
        assert r["article_id"] == "a#1"
        assert text[r["start"]:r["end"]] == r["surface"]
        assert r["surface"] in r["sentence"] and r["sentence"] in text
    assert rows[0]["sentence"] == "Fourteen were killed in Deir Ezzor last night."
    assert rows[1]["rule"] == "article+alias"


def test_find_offsets_survive_characters_that_change_length_when_lowercased():
    text = "İİİ strikes on Damascus and Ḥimṣ"
    rows = places.find("a", text, sentences(text))
    assert [(text[r["start"]:r["end"]], r["place"]) for r in rows] == [("Damascus", "Damascus"),
                                                                    ("Ḥimṣ", "Homs")]


def test_find_without_sentences():
    rows = places.find("a", "Strikes near Damascus.", [])
    assert rows[0]["place"] == "Damascus" and rows[0]["sentence"] is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_find_never_raises_and_offsets_index_the_text(text):
    for r in places.find("h#1", text, sentences(text)):
        assert 0 <= r["start"] < r["end"] <= len(text)
        assert text[r["start"]:r["end"]] == r["surface"]
        assert r["place"] in places.gazetteer().places


PIECES = ["Damascus", "Deir ez-Zor", "Al-Bukamal", " ", "-", "’s", "Israeli", "Iran-backed",
          "\n", ". ", "Gaza Strip", "البوكمال", "İ", "ẞ", "al-", "Jordan ", "Golan", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_find_on_name_soup(text):
    for r in places.find("h#1", text, sentences(text)):
        assert text[r["start"]:r["end"]] == r["surface"]
    assert places.link(text) is None or places.link(text) in places.gazetteer().places


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_link_never_raises(text):
    assert places.link(text) is None or places.link(text) in places.gazetteer().places


def test_find_is_fast():
    text = ("Iranian-backed militias were transferred out of the Deir Ezzor area of eastern "
            "Syria on Saturday, according to local news source DeirEzzor24. Strikes hit the "
            "Set Zaynab area in Damascus and the city of Al-Bukamal, near the Iraqi border. ") * 2000
    sents = sentences(text)
    places.find("warm", text[:1000], sentences(text[:1000]))
    t0 = time.process_time()
    rows = places.find("big", text, sents)
    elapsed = time.process_time() - t0
    words = len(text.split())
    assert len(rows) == 2000 * 5
    assert words / max(elapsed, 1e-9) > 250_000, f"{words / elapsed:,.0f} words per CPU-second"


# ------------------------------------------------------------------ geography
def test_get_returns_the_fields():
    p = places.get("Sayyidah Zaynab")
    assert set(p) == {"place", "latitude", "longitude", "admin1", "country", "parent", "kind"}
    assert p["parent"] == "Rif Dimashq Governorate" and p["kind"] == "town"
    assert places.get("Set Zaynab")["place"] == "Sayyidah Zaynab"  # an alias works too


def test_get_unknown_place_suggests_close_names():
    with pytest.raises(PlaceError) as err:
        places.get("Damscus")
    assert "Damscus" in str(err.value) and "Damascus" in str(err.value)
    assert isinstance(err.value, BriefingError)
    with pytest.raises(PlaceError, match="Xyzzy"):
        places.ancestors("Xyzzy")


def test_ancestors_and_contains():
    assert places.ancestors("Bureij") == ["Gaza", "Palestine"]
    assert places.ancestors("Bab al-Nairab") == ["Aleppo", "Aleppo Governorate", "Syria"]
    assert places.ancestors("Syria") == []
    assert places.contains("Gaza", "Bureij")
    assert places.contains("Rif Dimashq Governorate", "Sayyidah Zaynab")
    assert places.contains("Syria", "Al-Qusour")
    assert places.contains("Deir ez-Zor Governorate", "Abu Kamal")
    assert not places.contains("Bureij", "Gaza")
    assert not places.contains("Damascus", "Damascus")
    assert not places.contains("Iraq", "Abu Kamal")
    assert places.ancestors("Al-Siyal") == ["Abu Kamal District", "Deir ez-Zor Governorate", "Syria"]
    assert places.contains("Abu Kamal District", "Al-Qusour")
    assert places.contains("Al-Mayadin District", "Al-Mayadin")


@pytest.mark.parametrize("a,b,low,high", [
    ("Damascus", "Sayyidah Zaynab", 7, 12),
    ("Damascus", "Aleppo", 300, 320),
    ("Abu Kamal", "Al-Qaim", 10, 25),
    ("Gaza City", "Rafah", 25, 35),
    ("Damascus", "Damascus", 0, 0),
])
def test_distance_km(a, b, low, high):
    assert low <= places.distance_km(a, b) <= high
    assert places.distance_km(a, b) == pytest.approx(places.distance_km(b, a))


def test_distance_with_a_missing_place_is_none():
    import pandas as pd
    assert places.distance_km(None, "Damascus") is None
    assert places.distance_km("Damascus", "") is None
    assert places.distance_km(pd.NA, "Damascus") is None
    assert places.distance_km("Damascus", float("nan")) is None
    assert places.related(pd.NA, "Damascus") is False
    with pytest.raises(PlaceError):
        places.distance_km("Damascus", "Atlantis")


@pytest.mark.parametrize("a,b,expected", [
    ("Damascus", "Sayyidah Zaynab", True),     # ~10 km apart
    ("Sayyidah Zaynab", "Damascus", True),
    ("Gaza", "Bureij", True),                   # one inside the other
    ("Bureij", "Gaza", True),
    ("Deir ez-Zor", "Deir ez-Zor", True),
    ("Abu Kamal", "Al-Qusour", True),
    ("Set Zaynab", "Damascus", True),          # aliases resolve
    ("Damascus", "Aleppo", False),
    ("Deir ez-Zor", "Palmyra", False),
    ("Gaza City", "Rafah", False),
    ("Abu Kamal", "Deir ez-Zor", False),        # ~100 km, siblings
    (None, "Damascus", False),
    ("Damascus", None, False),
])
def test_related(a, b, expected):
    assert places.related(a, b) is expected


def test_related_distance_is_configurable():
    assert places.related("Gaza City", "Rafah", km=40)
    assert not places.related("Damascus", "Sayyidah Zaynab", km=5)


# ------------------------------------------------------------------ the places table
def test_table_counts_spellings_and_orders():
    import pandas as pd
    text = ("Strikes hit Deir Ezzor. Later Deir Ezzour and Deir ez-Zor again, then Al-Bukamal "
            "and Alboukamal. Damascus too.")
    rows = places.find("a#1", text, sentences(text)) + \
        places.find("b#1", "In Damascus.", sentences("In Damascus."))
    df = places.table(pd.DataFrame(rows))
    assert list(df.columns) == columns("places")
    assert df["place"].tolist() == ["Deir ez-Zor", "Abu Kamal", "Damascus"]
    assert df["n_mentions"].tolist() == [3, 2, 2]
    first = df.iloc[0]
    assert first["aliases"] == ["Deir Ezzor", "Deir Ezzour", "Deir ez-Zor"]
    assert (first["latitude"], first["longitude"]) == (35.3359, 40.1408)
    assert (first["admin1"], first["country"], first["parent"]) == (
        "Deir ez-Zor Governorate", "Syria", "Deir ez-Zor District")


def test_table_is_deterministic():
    import pandas as pd
    text = "Aleppo, Damascus, Homs, Hama and Aleppo."
    rows = places.find("a", text, sentences(text))
    one = places.table(pd.DataFrame(rows))
    two = places.table(pd.DataFrame(list(reversed(rows))))
    assert one.equals(two)
    assert one["place"].tolist() == ["Aleppo", "Damascus", "Hama", "Homs"]


def test_table_of_nothing_has_the_columns():
    import pandas as pd
    for empty in (pd.DataFrame(), pd.DataFrame(columns=["article_id", "place", "surface"]), None):
        df = places.table(empty)
        assert list(df.columns) == columns("places") and len(df) == 0
