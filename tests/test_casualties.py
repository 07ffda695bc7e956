"""Casualty claims: a (text, expected) table in the manner of wire, monitor and
conflict-database reports (SOHR, Reuters, AP, ACLED event notes), with negatives.

Each expected claim is ``(outcome, count_low, count_high, qualifier, victim_type)`` plus
an optional dict of further fields (``part_of`` True means "points to the claim before
it", ``aggregate``, ``hedged``, ``victims``, ``count_text``).
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from analysis import casualties
from analysis.textutil import sentences

K, W = "killed", "injured"
C, M, U = "civilian", "combatant", "unknown"


def E(outcome, low, high, qual, vtype, **more):
    return (outcome, low, high, qual, vtype, more)


CLAIMS = [
    # --- passive, exact, digits and words
    ("Five people were killed in an airstrike on the town, the SOHR said.", [E(K, 5, 5, "exact", U)]),
    ("Fourteen Iranians and Iran-backed militants were killed in the alleged Israeli airstrikes in Deir Ezzor, according to SOHR.",
     [E(K, 14, 14, "exact", M, hedged=True, victims="Iranians and Iran-backed militants")]),
    ("Twenty-three civilians were killed when a shell hit a market in Idlib.", [E(K, 23, 23, "exact", C)]),
    ("Seven soldiers were wounded in the attack on the checkpoint.", [E(W, 7, 7, "exact", M)]),
    ("Three children were injured by shrapnel, medics said.", [E(W, 3, 3, "exact", C)]),
    ("Two policemen were shot dead at a checkpoint in Kirkuk, police said.", [E(K, 2, 2, "exact", M)]),
    ("Six fighters of the Syrian Democratic Forces were killed on Tuesday.", [E(K, 6, 6, "exact", M)]),
    ("One civilian was killed and four others were wounded in the shelling.",
     [E(K, 1, 1, "exact", C), E(W, 4, 4, "exact", U)]),
    ("12 members of the regime forces were killed in an ambush in the Badia.", [E(K, 12, 12, "exact", M)]),
    ("Nine pro-regime forces were killed in strikes on Palmyra.", [E(K, 9, 9, "exact", M)]),
    ("Eleven Hezbollah fighters died in the clashes.", [E(K, 11, 11, "exact", M)]),
    ("Two journalists were killed while covering the protests.", [E(K, 2, 2, "exact", C)]),
    ("Four women and a child were killed in the raid, residents said.",
     [E(K, 4, 4, "exact", C), E(K, 1, 1, "exact", C)]),
    ("Three Turkish soldiers were killed and five were wounded in a rocket attack, the ministry said.",
     [E(K, 3, 3, "exact", M), E(W, 5, 5, "exact", U)]),
    ("Forty-two people were killed and 130 wounded in the twin bombings.",
     [E(K, 42, 42, "exact", U), E(W, 130, 130, "exact", U)]),
    ("1,250 people have been injured since the start of the protests.",
     [E(W, 1250, 1250, "exact", U, aggregate=True)]),
    ("Two thousand five hundred people were killed in the fighting since the start of the war.",
     [E(K, 2500, 2500, "exact", U, aggregate=True)]),
    ("A hundred and twenty fighters were killed over the past month, the monitor said.",
     [E(K, 120, 120, "exact", M, aggregate=True)]),
    ("Eight Iraqi troops were reportedly killed in the blast.", [E(K, 8, 8, "exact", M, hedged=True)]),
    ("Ten suspected militants were killed in a drone strike, officials claimed.",
     [E(K, 10, 10, "exact", M, hedged=True)]),
    # --- qualifiers
    ("At least 45 people were killed in Israeli strikes across the Gaza Strip, medics said.",
     [E(K, 45, None, "at_least", U, count_text="At least 45")]),
    ("More than 100 people were wounded in the explosion at the port.", [E(W, 101, None, "at_least", U)]),
    ("Over 30 civilians were killed in the shelling of the camp.", [E(K, 31, None, "at_least", C)]),
    ("Nearly 50 soldiers were killed in the assault, a military source said.", [E(K, 50, 50, "approx", M)]),
    ("About 20 people were injured in the stampede.", [E(W, 20, 20, "approx", U)]),
    ("Some 15 militants were killed in the operation.", [E(K, 15, 15, "approx", M)]),
    ("Up to 40 civilians may have been killed in the strike, the UN said.",
     [E(K, 1, 40, "at_most", C, hedged=True)]),
    ("As many as 70 people were killed in the massacre.", [E(K, 1, 70, "at_most", U)]),
    ("Around 200 protesters were injured in clashes with police.", [E(W, 200, 200, "approx", C)]),
    ("No fewer than 18 fighters were killed in the fighting.", [E(K, 18, None, "at_least", M)]),
    ("Roughly 60 people were wounded, hospital officials said.", [E(W, 60, 60, "approx", U)]),
    ("Almost 300 people were killed in the floods of violence last month.", [E(K, 300, 300, "approx", U)]),
    ("An estimated 400 civilians were killed in the siege.", [E(K, 400, 400, "approx", C)]),
    # --- ranges
    ("Between 43 and 52 people were killed in the attack, according to different tallies.",
     [E(K, 43, 52, "range", U)]),
    ("3-7 soldiers were wounded in the exchange of fire.", [E(W, 3, 7, "range", M)]),
    ("Two or three civilians were killed by a landmine.", [E(K, 2, 3, "range", C)]),
    ("Killing 3 – 7 militants, the strike hit a training camp.", [E(K, 3, 7, "range", M)]),
    ("From 10 to 15 fighters were killed in the clashes.", [E(K, 10, 15, "range", M)]),
    # --- active voice
    ("Israeli jets pounded areas of Gaza, killing at least 45 people on Thursday, including 23 people in a strike on Bureij, medical workers said.",
     [E(K, 45, None, "at_least", U), E(K, 23, 23, "exact", U, part_of=True)]),
    ("The bombing resulted in the killing of 7 Iranian military advisors, including 3 senior commanders.",
     [E(K, 7, 7, "exact", M), E(K, 3, 3, "exact", M, part_of=True)]),
    ("A car bomb killed 12 people and wounded 30 others in the city.",
     [E(K, 12, 12, "exact", U), E(W, 30, 30, "exact", U)]),
    ("The attack killed a QSD fighter and wounded two others.",
     [E(K, 1, 1, "exact", M), E(W, 2, 2, "exact", U)]),
    ("Gunmen opened fire on the convoy, killing and injuring a number of fighters.",
     [E(K, 2, None, "vague", M), E(W, 2, None, "vague", M)]),
    ("An airstrike killed two children and their mother.", [E(K, 2, 2, "exact", C)]),
    ("Unknown gunmen killed a civilian in the Daraa countryside.", [E(K, 1, 1, "exact", C)]),
    ("A sniper killed a child in the town, activists said.", [E(K, 1, 1, "exact", C)]),
    ("The explosion injured 14 workers at the factory.", [E(W, 14, 14, "exact", C)]),
    ("The shelling wounded dozens of civilians.", [E(W, 12, None, "vague", C, count_text="dozens")]),
    ("Clashes killed hundreds of fighters on both sides.", [E(K, 100, None, "vague", M)]),
    ("Regime shelling killed tens of civilians in the eastern Ghouta.", [E(K, 10, None, "vague", C)]),
    ("The strike killed several members of the Islamic State group.", [E(K, 3, None, "vague", M)]),
    ("The airstrike killed a dozen militants.", [E(K, 12, 12, "exact", M)]),
    ("The bombing claimed the lives of 17 people.", [E(K, 17, 17, "exact", U)]),
    ("A roadside bomb killed one soldier and wounded three.", [E(K, 1, 1, "exact", M), E(W, 3, 3, "exact", U)]),
    ("Security forces killed four gunmen in a shootout, the ministry said.", [E(K, 4, 4, "exact", M)]),
    ("Rescuers recovered the bodies of 11 people from the rubble.", [E(K, 11, 11, "exact", U)]),
    ("The blast injured scores of people.", [E(W, 20, None, "vague", U)]),
    ("The fighting killed thousands of people over the past year.",
     [E(K, 1000, None, "vague", U, aggregate=True)]),
    # --- leaving, tolls, headline style
    ("A suicide bomber struck a mosque, leaving 25 dead and 40 wounded.",
     [E(K, 25, 25, "exact", U), E(W, 40, 40, "exact", U)]),
    ("Clashes left 5 people dead in the village.", [E(K, 5, 5, "exact", U)]),
    ("The death toll rose to 61 on Sunday, the health ministry said.", [E(K, 61, 61, "exact", U)]),
    ("The death toll has climbed to at least 120, officials said.", [E(K, 120, None, "at_least", U)]),
    ("The toll reached 33 by nightfall.", [E(K, 33, 33, "exact", U)]),
    ("5 killed, 12 wounded in Kabul blast", [E(K, 5, 5, "exact", U), E(W, 12, 12, "exact", U)]),
    ("Three dead in overnight shelling of Donetsk", [E(K, 3, 3, "exact", U)]),
    ("The clashes caused 8 deaths among the protesters.", [E(K, 8, 8, "exact", U)]),
    # --- several groups in one sentence
    ("At least four Iranian militants and three civilians were killed during strikes in April, according to the SOHR.",
     [E(K, 4, None, "at_least", M, victims="Iranian militants"), E(K, 3, 3, "exact", C, victims="civilians")]),
    ("Five soldiers, two policemen and three civilians were killed in the attack.",
     [E(K, 5, 5, "exact", M), E(K, 2, 2, "exact", M), E(K, 3, 3, "exact", C)]),
    ("In April, three civilians were killed in Israeli strikes near Damascus and a week earlier, nine pro-regime forces were killed in strikes on Palmyra.",
     [E(K, 3, 3, "exact", C), E(K, 9, 9, "exact", M)]),
    ("Six militants and two soldiers were killed, and 10 civilians were wounded.",
     [E(K, 6, 6, "exact", M), E(K, 2, 2, "exact", M), E(W, 10, 10, "exact", C)]),
    ("At least nine Iranian militants and members of the Lebanese Hezbollah terrorist group were killed in an alleged Israeli airstrike.",
     [E(K, 9, None, "at_least", M, hedged=True)]),
    ("14 Iranian and Iraqi fighters were killed in suspected Israeli strikes on Deir Ezzour.",
     [E(K, 14, 14, "exact", M, hedged=True, victims="Iranian and Iraqi fighters")]),
    # --- including / among them
    ("Thirty people were killed, including 12 children, in the strike on the school.",
     [E(K, 30, 30, "exact", U), E(K, 12, 12, "exact", C, part_of=True)]),
    ("The raid killed 20 people, among them 6 women.",
     [E(K, 20, 20, "exact", U), E(K, 6, 6, "exact", C, part_of=True)]),
    ("Eighteen people were wounded, including four children.",
     [E(W, 18, 18, "exact", U), E(W, 4, 4, "exact", C, part_of=True)]),
    ("Israeli strikes killed 31 Palestinians, including at least 10 children, medics said.",
     [E(K, 31, 31, "exact", U), E(K, 10, None, "at_least", C, part_of=True)]),
    # --- a single named person
    ("Soleimani was killed in a US drone strike near Baghdad in January.",
     [E(K, 1, 1, "exact", U, victims="Soleimani")]),
    ("Hamas commander Ahmed Ghandour was killed in the strike, the group said.",
     [E(K, 1, 1, "exact", M, victims="Ahmed Ghandour")]),
    ("Journalist Shireen Abu Akleh was shot dead in Jenin.", [E(K, 1, 1, "exact", C)]),
    ("Abu Bakr al-Baghdadi was killed in a US raid in Idlib.", [E(K, 1, 1, "exact", U)]),
    ("A Turkish soldier was killed in a mortar attack.", [E(K, 1, 1, "exact", M)]),
    ("A child was wounded by sniper fire.", [E(W, 1, 1, "exact", C)]),
    # --- vague and aggregate
    ("Airstrikes targeting Iranian and Syrian targets have killed dozens of Iranian troops.",
     [E(K, 12, None, "vague", M, aggregate=True)]),
    ("Not only have the strikes killed dozens of Iranian troops, over the last six months Iran has reduced its flights.",
     [E(K, 12, None, "vague", M, aggregate=True)]),
    ("Dozens of people were killed in the fighting in Tripoli.", [E(K, 12, None, "vague", U)]),
    ("Several civilians were wounded by shelling on the village.", [E(W, 3, None, "vague", C)]),
    ("Tens of protesters were injured when police fired tear gas.", [E(W, 10, None, "vague", C)]),
    ("Hundreds of people were killed in the first week of the offensive.", [E(K, 100, None, "vague", U)]),
    ("A number of regime soldiers were killed in the ambush.", [E(K, 2, None, "vague", M)]),
    ("A few fighters were wounded in the exchange.", [E(W, 2, None, "vague", M)]),
    ("So far this year, 1,200 civilians have been killed in the conflict.",
     [E(K, 1200, 1200, "exact", C, aggregate=True)]),
    ("The war has killed more than 500,000 people since 2011.", [E(K, 500001, None, "at_least", U, aggregate=True)]),
    ("The Israeli army says 600 soldiers have been killed since October 7.",
     [E(K, 600, 600, "exact", M, aggregate=True)]),
    # --- more wire and monitor phrasing
    ("The Syrian Observatory for Human Rights said 23 members of the regime forces and 11 Iranian-backed militiamen were killed near Albu Kamal.",
     [E(K, 23, 23, "exact", M, victims="members of the regime forces"), E(K, 11, 11, "exact", M)]),
    ("A 10-year-old boy was killed by a stray bullet.", [E(K, 1, 1, "exact", C, victims="10-year-old boy")]),
    ("The blast, which wounded 17 people, was the third in a week.", [E(W, 17, 17, "exact", U)]),
    ("Russian airstrikes on Idlib killed seven civilians, including two children, on Monday, the White Helmets said.",
     [E(K, 7, 7, "exact", C), E(K, 2, 2, "exact", C, part_of=True)]),
    ("At least 3 people died and 14 were hospitalized after the shelling.", [E(K, 3, None, "at_least", U)]),
    ("More than 100 rockets were fired, wounding three Israelis.", [E(W, 3, 3, "exact", U)]),
    ("Police said 4 people were arrested and two officers were injured.", [E(W, 2, 2, "exact", M)]),
    ("ACLED recorded 12 fatalities in the event.", [E(K, 12, 12, "exact", U)]),
    ("On 4 May 2020, unidentified gunmen shot dead 3 NDF members in Deir ez-Zor.", [E(K, 3, 3, "exact", M)]),
    ("On May 5, 14 people were killed in Homs.", [E(K, 14, 14, "exact", U)]),
]

# Sentences with numbers that are not casualties: no claim at all.
NEGATIVES = [
    "Over 15 explosions were heard east of the Euphrates in strikes by unidentified aircraft last week.",
    "The number of operatives has grown to over 6,250 and nearly 4,700 Syrians have recently been recruited.",
    "At least five airstrikes targeting Syria have been blamed on Israel in the past two weeks.",
    "The Liwa Fatemiyoun and Brigade 313 militias were transferred out of the Deir Ezzor area.",
    "Some 12 missiles were fired at the research center, and five of the missiles hit the building.",
    "For the first time since Iran entered Syria with thousands of troops and militia fighters, Iran is reducing its forces.",
    "The non-Syrian forces withdrew to 80 kilometers from the Jordan border.",
    "The new forces now hold 70 kilometers of territory, while the militias control 70 kms in other areas.",
    "It has launched hundreds of raids, none of which were intercepted by Russian air defenses.",
    "All of the 58 hostages still held in Gaza must come back before it will agree to end the war.",
    "He only obtained a 3 kg (6.6 pounds) package containing flour.",
    "Ghada Zaki, a 52-year-old mother of seven in Gaza City, told Reuters.",
    "The GHF was operating four aid distribution sites, three in the Rafah area.",
    "Pro-opposition sources reported dozens of Israeli airstrikes on Iranian-backed forces.",
    "Wessam Khader, a 25-year-old father of a three-year-old boy, said he had gone to the site.",
    "The Israeli military said it hit dozens of targets in Gaza overnight.",
    "The death toll was expected to rise as injuries were reported with some in critical conditions.",
    "Israel's 11-week blockade on aid entering Gaza has been criticized.",
    "The two hubs have been running since Tuesday.",
    "The brigade deployed 300 fighters to the front line.",
    "Around 2,000 tonnes of aid arrived on 40 trucks.",
    "The army said it killed time waiting for 40 trucks to cross.",
    "Iran has 10 bases in the province and 40 checkpoints.",
    "The convoy of 20 vehicles was hit, but no one was hurt.",
    "Resolution 2254 was adopted in 2015.",
    "At least 200 families fled the village after the shelling.",
    "The strikes destroyed 12 buildings and three civilian buses.",
    "About 1.5 million people live in the province, which was hit by 30 strikes.",
    "Only 3 percent of the aid reached the north, the agency said.",
    "The militia recruited nearly 4,700 Syrians and 300 Afghans.",
    "Police arrested 25 suspects after the attack.",
    "The drone flew 15 km before it was shot down.",
    "Between 2014 and 2019 the group controlled the town.",
    "The commander, 45, has led the brigade since 2018.",
    "The 7 hostages were freed on Friday.",
    "Some 40 rockets were fired and 12 drones were downed.",
    "He was sentenced to 10 years for killing a rival.",
    "He was one of 40 people detained.",
    "Two of the wounded were in critical condition.",
    "The UN said 1.5 million people had been displaced, and 300 trucks of aid were waiting.",
    "The 18-year-old was shot in the leg.",
]


def _rows(text):
    # the unguarded core: ``extract`` also catches and logs, which would hide a bug here
    return casualties._extract("t#1", text, sentences(text), [], [], [])


@pytest.mark.parametrize("text,expected", CLAIMS, ids=[t[:50] for t, _ in CLAIMS])
def test_claims(text, expected):
    rows = _rows(text)
    got = [(r["outcome"], r["count_low"], r["count_high"], r["qualifier"], r["victim_type"]) for r in rows]
    assert got == [e[:5] for e in expected], rows
    for r, e in zip(rows, expected):
        more = e[5]
        assert r["aggregate"] == more.get("aggregate", False), r
        if "hedged" in more:
            assert r["hedged"] == more["hedged"], r
        if "victims" in more:
            assert r["victims"] == more["victims"], r
        if "count_text" in more:
            assert r["count_text"] == more["count_text"], r
        if more.get("part_of"):
            parents = [p for p in rows if p["mention_id"] == r["part_of"]]
            assert parents and parents[0]["start"] < r["start"], r
        else:
            assert r["part_of"] is None, r
        assert text[r["start"]:r["end"]].strip(), r
        assert r["mention_id"].startswith("t#1:c")


@pytest.mark.parametrize("text", NEGATIVES, ids=[t[:50] for t in NEGATIVES])
def test_negatives(text):
    assert _rows(text) == []


def test_table_size():
    n_claims = sum(len(e) for _, e in CLAIMS)
    assert n_claims >= 100 and len(NEGATIVES) >= 30


def test_location_date_and_source_from_other_extractors():
    text = "At least four militants were killed in strikes on Palmyra in April, according to the SOHR."
    places = [{"start": text.index("Palmyra"), "end": text.index("Palmyra") + 7, "surface": "Palmyra",
               "place": "Palmyra"}]
    d0 = text.index("in April")
    dates = [{"date_id": "t#1:d1", "start": d0, "end": d0 + 8, "text": "in April", "kind": "relative"}]
    s0 = text.index("the SOHR")
    sources = [{"start": s0, "end": s0 + 8, "source": "Syrian Observatory for Human Rights"}]
    rows = casualties.extract("t#1", text, sentences(text), dates=dates, places=places, sources=sources)
    assert len(rows) == 1
    r = rows[0]
    assert (r["location"], r["_date_ref"], r["attributed_to"]) == (
        "Palmyra", "t#1:d1", "Syrian Observatory for Human Rights")


def test_fronted_date_and_place_belong_to_the_next_claim():
    text = ("In April, three civilians were killed in strikes near Damascus and a week earlier, "
            "nine fighters were killed in strikes on Palmyra.")
    pl = [{"start": text.index(p), "end": text.index(p) + len(p), "surface": p, "place": p}
          for p in ("Damascus", "Palmyra")]
    d0 = text.index("In April")
    d1 = text.index("a week earlier")
    dates = [{"date_id": "t#1:d1", "start": d0, "end": d0 + 8, "text": "In April", "kind": "relative"},
             {"date_id": "t#1:d2", "start": d1, "end": d1 + 14, "text": "a week earlier", "kind": "relative"}]
    rows = casualties.extract("t#1", text, sentences(text), dates=dates, places=pl, sources=[])
    assert [(r["location"], r["_date_ref"]) for r in rows] == [("Damascus", "t#1:d1"), ("Palmyra", "t#1:d2")]
    assert rows[1]["_date_shift"] == -7 and rows[1]["_date_anchor"] == rows[0]["mention_id"]


def test_finalize_windows():
    import pandas as pd
    rows = [dict(mention_id="a#1:c1", article_id="a#1", _date_ref="a#1:d1", _date_shift=None, _date_anchor=None),
            dict(mention_id="a#1:c2", article_id="a#1", _date_ref="a#1:d2", _date_shift=-7, _date_anchor="a#1:c1"),
            dict(mention_id="a#1:c3", article_id="a#1", _date_ref=None, _date_shift=None, _date_anchor=None),
            dict(mention_id="b#1:c1", article_id="b#1", _date_ref=None, _date_shift=None, _date_anchor=None)]
    dates = pd.DataFrame([dict(date_id="a#1:d1", value_low="2020-04-01", value_high="2020-04-30"),
                          dict(date_id="a#1:d2", value_low=None, value_high=None)])
    arts = pd.DataFrame([dict(article_id="a#1", published="2020-05-06"), dict(article_id="b#1", published=None)])
    out = casualties.finalize(pd.DataFrame(rows), dates, arts)
    assert list(out.columns) == casualties.columns("casualties")
    assert out[["date_low", "date_high"]].values.tolist() == [
        ["2020-04-01", "2020-04-30"], ["2020-03-25", "2020-04-23"], ["2020-04-29", "2020-05-06"], [None, None]]


FRAGMENTS = ["killed", " were ", "wounded", "including ", "At least ", "dozens of ", "people",
             "civilians", "fighters", " and ", "Soleimani was killed", "killing ", "a ", "7",
             "twenty-three", "between 3 and 5 ", "3-7 ", ". ", ", ", "\n", "death toll rose to ",
             "leaving ", " dead", "a week earlier, ", "In April, ", "x", "Q", "-", "–"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_never_raises_and_rows_are_consistent(text):
    rows = _rows(text)
    ids = {r["mention_id"] for r in rows}
    for r in rows:
        assert 0 <= r["start"] < r["end"] <= len(text)
        assert r["count_low"] is None or r["count_high"] is None or r["count_low"] <= r["count_high"]
        assert r["part_of"] is None or (r["part_of"] in ids and r["part_of"].startswith("t#1:"))
        assert r["outcome"] in ("killed", "injured")
        assert r["qualifier"] in ("exact", "at_least", "at_most", "approx", "range", "vague")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_string(text):
    for r in _rows(text):
        assert 0 <= r["start"] < r["end"] <= len(text)


def test_extract_text_runs_the_whole_chain():
    text = ("Israeli jets continued to pound areas of Gaza, killing at least 45 people on Thursday, "
            "including 23 people in a strike that hit several houses in the Bureij camp in the central "
            "Gaza Strip, Palestinian medical workers said.")
    rows = casualties.extract_text(text, published="2025-05-31")
    assert [(r["count_low"], r["location"]) for r in rows] == [(45, "Gaza"), (23, "Bureij")]
    assert rows[1]["part_of"] == rows[0]["mention_id"]
    assert rows[0]["date_low"] == rows[0]["date_high"] == "2025-05-29"
    assert set(rows[0]) == set(casualties.columns("casualties"))


def test_extract_text_without_publication_date_keeps_windows_null():
    rows = casualties.extract_text("Five people were killed in Aleppo on Tuesday.")
    assert len(rows) == 1 and rows[0]["date_low"] is None and rows[0]["location"] == "Aleppo"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS + ["Damascus", " in Deir Ezzor", " near Palmyra", "according to SOHR",
                                             " on Tuesday", " last week", " in April"]), max_size=40).map("".join))
def test_whole_chain_never_raises(text):
    import logging

    class Fail(logging.Handler):
        def emit(self, record):  # extract() logs what it caught: that is a failure here
            raise AssertionError(record.getMessage())

    log = logging.getLogger("analysis.casualties")
    handler = Fail(level=logging.ERROR)
    log.addHandler(handler)
    try:
        rows = casualties.extract_text(text, published="2020-05-06")
    finally:
        log.removeHandler(handler)
    ids = {r["mention_id"] for r in rows}
    for r in rows:
        assert 0 <= r["start"] < r["end"] <= len(text)
        assert r["count_low"] is None or r["count_high"] is None or r["count_low"] <= r["count_high"]
        assert r["part_of"] is None or r["part_of"] in ids
        assert r["date_low"] is None or r["date_low"] <= r["date_high"]


@pytest.mark.parametrize("text,expected", [
    ("Five people were killed in Aleppo, 3 were wounded in Idlib.", [(5, "Aleppo"), (3, "Idlib")]),
    ("Five people were killed in Aleppo on Monday, and on Tuesday, 3 were wounded in Idlib.",
     [(5, "Aleppo"), (3, "Idlib")]),
    ("In April, three civilians were killed in Israeli strikes near Damascus and a week earlier, "
     "nine pro-regime forces were killed in strikes on Palmyra.", [(3, "Damascus"), (9, "Palmyra")]),
    ("The bombing of the Iranian embassy in Damascus in April 2024 resulted in the killing of 7 Iranian "
     "military advisors, including 3 senior commanders.", [(7, "Damascus"), (3, "Damascus")]),
    ("Not only have the strikes killed dozens of Iranian troops, Iran has also reduced flights.", [(12, None)]),
])
def test_locations_through_the_gazetteer(text, expected):
    rows = casualties.extract_text(text, published="2020-05-10")
    assert [(r["count_low"], r["location"]) for r in rows] == expected
