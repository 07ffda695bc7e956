"""Segmentation of scraped web text: (text, expected) tables with negatives, and properties."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.metadata import canonical_outlet, find_outlet, outlet_from_host, parse_date
from analysis.segment import segment

H = "Militias Leave Their Headquarters In The East"   # a headline used in the cases below


def one(text, **kw):
    arts = segment(text, **kw)
    assert len(arts) == 1, [a["title"] for a in arts]
    return arts[0]


# ------------------------------------------------------------------ furniture

@pytest.mark.parametrize("furniture", [
    "Dark Mode", "Logo", "TT", "20", "Share", "Advertisement", "A- A+", "------",
    "date 2020-05-06 The Jerusalem Post - Israel News Coronavirus Israel News Opinion Middle East Diaspora U.S. Politics WORLD NEWS",
    "Home News World Middle East Opinion Sports",
])
def test_furniture_lines_leave_the_body(furniture):
    a = one(f"{H}\n{furniture}\nThe militias left the city on Saturday.\n{furniture}\nThey returned later.")
    assert a["text"] == "The militias left the city on Saturday.\nThey returned later."


@pytest.mark.parametrize("body_line", [
    "Redeployment",                                   # a subheading
    "AIR STRIKES",
    "Israeli position",
    "20 people were killed in the strike.",           # a number inside a sentence
    "By contrast, the army said nothing.",            # not a byline
    "The army said (AFP) that it would respond.",     # a credit-like word mid-line
    "Opinion is divided in Damascus about the move.",  # a menu word in a sentence
    "The agencies issued a UN/WHO joint statement.",   # a slash that is not a photo credit
    "He said it in a statement to Israel/Gaza Ministry.",
    "He described the picture: a city in ruins.",      # not "Photo: Name"
    "He said the strike happened on May 6, 2020.",    # a date inside a sentence
])
def test_body_lines_stay(body_line):
    a = one(f"{H}\n\nThe militias left the city on Saturday.\n\n{body_line}\n\nThey returned later.")
    assert body_line in a["text"].split("\n")


# ------------------------------------------------------------------ captions, credits, bylines

@pytest.mark.parametrize("caption", [
    "A Russian soldier watches opposition factions in Daraa city, on July 15, 2018. (AFP)",
    "Palestinians walk next to a cart near the Netzarim corridor, May 29, 2025. REUTERS/Ramadan Abed",
    "An F15 fighter jet flies over southern Israel June 25, 2009 (photo credit: AMIR COHEN/REUTERS)",
    "معبر البوكمال الحدودي (أرشيف)",
    "Click to see full-size map. Source: (@Suriyakmaps) on Twitter.",
    "Smoke rises over the city. Photo: Jane Doe",
    "Smoke rises over the city. AFP/Getty Images",
    "Photo credit: @Suriyakmaps",
])
def test_captions_and_map_credits_are_set_aside(caption):
    a = one(f"{H}\n{caption}\n{caption}\nThe militias left the city on Saturday.\n\n{caption}\nThey returned.")
    assert a["text"] == "The militias left the city on Saturday.\n\nThey returned."
    assert a["captions"] == [caption]           # repeated captions kept once
    assert a["published"] is None               # a caption's date is never the publication date


@pytest.mark.parametrize("line, authors", [
    ("By TZVI JOFFRE  ", ["Tzvi Joffre"]),
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("By Seth J. Frantzman", ["Seth J. Frantzman"]),
    ("By Anna Ahronheim, Reuters", ["Anna Ahronheim"]),
])
def test_bylines(line, authors):
    a = one(f"{H}\n{line}\nThe militias left the city on Saturday.")
    assert a["authors"] == authors and a["text"] == "The militias left the city on Saturday."


@pytest.mark.parametrize("line, credits", [
    ("Seth J. Frantzman contributed to this report.", ["Seth J. Frantzman"]),
    ("Anna Ahronheim and Tzvi Joffre contributed to this report.", ["Anna Ahronheim", "Tzvi Joffre"]),
    ("Additional reporting by Jane Doe", ["Jane Doe"]),
])
def test_contributed_lines_become_credits(line, credits):
    a = one(f"The militias left the city on Saturday.\n{line}")
    assert a["credits"] == credits and a["text"] == "The militias left the city on Saturday."


def test_sentence_about_contributions_stays():
    text = "The militias left the city on Saturday. Many groups contributed to this report of the UN panel, officials said."
    assert one(text)["text"] == text and one(text)["credits"] == []


def test_signoff_line_leaves_the_body_and_names_the_outlet():
    a = one(f"{H}\nThe militias left the city on Saturday.\n\nLevant - Agencies")
    assert a["text"] == "The militias left the city on Saturday." and a["outlet"] == "Levant"


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("text, published, precision, source", [
    (f"{H}\nMAY 6, 2020 21:48\nThe militias left.", "2020-05-06", "day", "dateline"),
    (f"Tuesday, 24 December 2024\n{H}\nThe militias left.", "2024-12-24", "day", "header"),
    (f"JULY 2020\n\n{H}\n\nThe militias left.", "2020-07", "month", "header"),
    (f" date 2020-05-06 The Jerusalem Post - Israel News Opinion Middle East\n{H}\nThe militias left.",
     "2020-05-06", "day", "dateline"),
    (f"{H}\nPublished: 3 March 2021\nThe militias left.", "2021-03-03", "day", "dateline"),
    # negatives: no stated date
    (f"{H}\nThe militias left on May 6, 2020.", None, None, None),
    (f"{H}\nA man walks, May 29, 2025. REUTERS/Jane Doe\nThe militias left.", None, None, None),
    (f"{H}\n2020\nThe militias left.", None, None, None),        # a bare number is furniture, not a year
])
def test_published_from_datelines_and_headers(text, published, precision, source):
    a = one(text)
    assert (a["published"], a["published_precision"], a["published_source"]) == (published, precision, source)
    assert a["text"].endswith("The militias left." if published or "REUTERS" in text or "\n2020\n" in text
                              else "on May 6, 2020.")


@pytest.mark.parametrize("value, expected", [
    ("2020-05-06", ("2020-05-06", "day")),
    ("2020-05-06T21:48:00Z", ("2020-05-06", "day")),
    ("2020-07", ("2020-07", "month")),
    ("2020", ("2020", "year")),
    ("May 6, 2020", ("2020-05-06", "day")),
    ("MAY 6, 2020 21:48", ("2020-05-06", "day")),
    ("Tuesday, 24 December 2024", ("2024-12-24", "day")),
    ("JULY 2020", ("2020-07", "month")),
    ("Sept. 3, 2019", ("2019-09-03", "day")),
    ("2020-13-01", None),
    ("May 32, 2020", None),
    ("Mayday 2020", None),
    ("hello", None),
    ("", None),
    (None, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("text, expected", [
    ("The Jerusalem Post - Israel News", "The Jerusalem Post"),
    ("JPost World News", "The Jerusalem Post"),
    ("Middle East Opinion", None),
])
def test_find_outlet(text, expected):
    assert (find_outlet(text) or (None,))[0] == expected


def test_outlet_aliases_and_hosts():
    assert canonical_outlet(" jerusalem  post ") == "The Jerusalem Post"
    assert canonical_outlet("Some Local Paper") == "Some Local Paper"
    assert outlet_from_host("https://english.aawsat.com/home/article/1") == "Asharq Al-Awsat"
    assert outlet_from_host("https://example.org/x") is None and outlet_from_host("http://[bad") is None


# ------------------------------------------------------------------ structure

def test_standfirst_between_title_and_byline_is_dropped():
    text = (f"{H}\n\nThe headquarters are being moved to the outskirts.\n\nBy TZVI JOFFRE\nMAY 6, 2020 21:48\n"
            "The brigade began relocating on Tuesday.\nThe headquarters are being moved to the outskirts.")
    a = one(text)
    assert a["title"] == H
    assert a["text"] == "The brigade began relocating on Tuesday.\nThe headquarters are being moved to the outskirts."


def test_bullets_above_the_body_are_standfirst():
    text = f"Dark Mode\nLogo\n  • {H}\n\n  • A summary of the piece\n{H}\n\nThe militias left on Saturday."
    a = one(text)
    assert a["title"] == H and a["text"] == "The militias left on Saturday."


def test_comment_thread_is_set_aside_and_counted():
    text = (f"{H}\n\nThe militias left on Saturday.\n\n  • Jens Holm\n\n    Maybe ask the locals.\n\n"
            "    • PZIVJ\n\n      Do you read backwards?\n\n    • Superfly\n\n\n    • Assad must stay\n\n      no.\n")
    a = one(text)
    assert a["text"] == "The militias left on Saturday." and a["n_comments"] == 4


def test_comment_marker_starts_a_thread():
    a = one(f"{H}\n\nThe militias left on Saturday.\n\n3 Comments\n\nJane\nGreat article.\nReply\n")
    assert a["text"] == "The militias left on Saturday."


def test_a_bullet_list_inside_the_body_is_not_a_comment_thread():
    text = (f"{H}\n\nThe statement listed three demands:\n• Withdraw all foreign forces from the border areas.\n"
            "• Release the detainees held since March.\nThe talks continue.")
    a = one(text)
    assert a["n_comments"] == 0 and a["text"].endswith("The talks continue.")


def test_two_articles_in_one_file():
    second = "Gaza Aid System Under Pressure as Thousands Seek Food"
    cap = "Palestinians walk next to a cart, May 29, 2025. REUTERS/Ramadan Abed"
    text = (f"{H}\n\nThe militias left on Saturday.\n\nRedeployment\n\nThey returned later.\n\n\n\n"
            f"{second}\n\n{cap}\nTT\n20\n\n{second}\n\n{cap}\n\nAfter a slow start, thousands arrived.\n\n"
            "AIR STRIKES\n\nJets continued to pound areas of Gaza.")
    first, snd = segment(text)
    assert first["title"] == H and first["text"] == "The militias left on Saturday.\n\nRedeployment\n\nThey returned later."
    assert snd["title"] == second and snd["captions"] == [cap]
    assert snd["text"] == "After a slow start, thousands arrived.\n\nAIR STRIKES\n\nJets continued to pound areas of Gaza."


def test_no_split_when_asked():
    text = f"{H}\n\nThe militias left the city on Saturday.\n\n\n\nAnother Headline That Looks Like A Title\n\nMore text."
    assert len(segment(text)) == 2 and len(segment(text, split=False)) == 1


def test_given_title_is_used_and_its_repeat_dropped():
    a = one(f"{H}\nThe militias left.", split=False, title=H)
    assert a["title"] == H and a["title_source"] == "given" and a["text"] == "The militias left."


def test_fallback_title_is_the_first_words_of_the_body():
    a = one("Iranian-backed militias have been shuffled throughout Syria since a series of airstrikes hit.")
    assert a["title_source"] == "fallback" and a["title"].startswith("Iranian-backed militias have been")


@pytest.mark.parametrize("text", ["", "\n\n  \n", "Dark Mode\nLogo", None])
def test_nothing_to_keep(text):
    arts = segment(text)
    assert len(arts) == 1 and arts[0]["text"] == "" and arts[0]["n_comments"] == 0


def test_crlf_and_cr_line_ends():
    a = one(f"{H}\r\nDark Mode\r\nThe militias left.\rThey returned.")
    assert a["text"] == "The militias left.\nThey returned."


# ------------------------------------------------------------------ properties

_LINES = st.sampled_from([
    "", " ", "Dark Mode", "Logo", "TT", "20", "  • Jens Holm", "    Maybe ask.", "By TZVI JOFFRE",
    "MAY 6, 2020 21:48", "JULY 2020", "Tuesday, 24 December 2024", "Redeployment",
    "A soldier watches, on July 15, 2018. (AFP)", "Levant - Agencies", "3 Comments",
    "Seth J. Frantzman contributed to this report.", H, "Gaza Aid System Under Pressure as Thousands Seek Food",
    "The militias left the city on Saturday.", "Fourteen Iranians were killed, according to SOHR.",
])
_TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_LINES, st.text(max_size=60)), max_size=40).map("\n".join),
)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_segment_never_raises_and_body_lines_come_from_the_input(text):
    arts = segment(text)
    assert arts
    source_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for a in arts:
        assert isinstance(a["text"], str) and a["n_comments"] >= 0
        for line in a["text"].split("\n"):
            if line:
                assert any(line in src for src in source_lines), line
    # split=False always gives exactly one article
    assert len(segment(text, split=False)) == 1


@pytest.mark.parametrize("stamp", ["Published 21:48, 6 May 2020", "9:48 PM EDT, Wed May 6, 2020",
                                   "Wed 6 May 2020 21.48 BST", "May 6, 2020 | 09:48 PM", "Updated: May 6, 2020"])
def test_dateline_variants(stamp):
    a = one(f"{H}\n{stamp}\nThe militias left.")
    assert (a["published"], a["published_source"], a["text"]) == ("2020-05-06", "dateline", "The militias left.")


def test_kicker_above_the_headline_is_not_body():
    a = one(f"Syria\n\n{H}\n\nThe militias left.\n\nRedeployment\n\nMore.")
    assert a["title"] == H and a["text"] == "The militias left.\n\nRedeployment\n\nMore."


@pytest.mark.parametrize("line", ["Written by Jane Doe", "By JANE DOE | Reuters"])
def test_byline_variants(line):
    assert one(f"{H}\n{line}\nThe militias left.")["authors"] == ["Jane Doe"]


@pytest.mark.parametrize("line, outlet, caption", [
    ("Beirut - Asharq Al-Awsat", "Asharq Al-Awsat", None),
    ("London- Reuters", "Reuters", None),
    ("READ MORE: Iran strikes back", None, None),
    ("Follow us on Twitter", None, None),
    ("Click to see the full-size image", None, "Click to see the full-size image"),
])
def test_outlet_datelines_teasers_and_image_links(line, outlet, caption):
    a = one(f"{H}\n{line}\nThe militias left.")
    assert (a["outlet"], a["captions"], a["text"]) == (outlet, [caption] if caption else [], "The militias left.")


@pytest.mark.parametrize("line", ["Israel - Gaza war", "Beirut - a city under fire"])
def test_place_dash_words_that_are_not_an_outlet_stay(line):
    assert line in one(f"{H}\nThe militias left.\n{line}")["text"]


def test_date_lines_deep_in_the_body_stay_as_body():
    a = one(f"{H}\nMAY 6, 2020 21:48\nFirst.\nSecond.\nThird.\nMay 7, 2020\nFourth.")
    assert a["published"] == "2020-05-06" and a["text"] == "First.\nSecond.\nThird.\nMay 7, 2020\nFourth."


def test_page_furniture_of_a_second_page_goes_with_the_second_article():
    second = "Militias Return To Their Old Positions Near The Border"
    text = (f"Dark Mode\nTuesday, 24 December 2024\nLogo\n  • {H}\n\n  • A summary.\n{H}\n"
            "معبر البوكمال الحدودي (أرشيف)\n\nThe militias left the city on Saturday.\n\nLevant - Agencies\n"
            f"Dark Mode\nWednesday, 25 December 2024\nLogo\n  • {second}\n\n  • Another summary of the piece.\n"
            f"{second}\nمعبر البوكمال الحدودي (أرشيف)\n\nThe militias came back on Tuesday night.\n\nLevant - Agencies")
    first, snd = segment(text)
    assert (first["title"], first["published"], first["text"]) == (H, "2024-12-24", "The militias left the city on Saturday.")
    assert (snd["title"], snd["published"], snd["text"]) == (second, "2024-12-25", "The militias came back on Tuesday night.")
    assert first["outlet"] == snd["outlet"] == "Levant"


@pytest.mark.parametrize("rule", ["-----", "* * *", "======"])
def test_a_separator_rule_before_a_headline_starts_an_article(rule):
    second = "Another Story About The Border Crossing Today"
    text = f"{H}\nThe militias left the city on Saturday.\n{rule}\n{second}\nThe crossing was closed on Monday."
    first, snd = segment(text)
    assert first["text"] == "The militias left the city on Saturday." and snd["title"] == second


def test_a_separator_inside_an_article_is_dropped_without_a_split():
    a = one(f"{H}\nThe militias left the city on Saturday.\n* * *\nThey returned on Monday, residents said.")
    assert a["text"] == "The militias left the city on Saturday.\nThey returned on Monday, residents said."


def test_comment_thread_without_bullets_counts_reply_links_or_says_lines():
    text = (f"{H}\n\nThe militias left the city on Saturday.\n\n2 Comments\n\nJane Roe says:\nMay 7, 2020 at 10:00 am\n"
            "Great article.\nReply\nJohn Doe says:\nNot so sure.\nReply\n")
    a = one(text)
    assert a["text"] == "The militias left the city on Saturday." and a["n_comments"] == 2


def test_the_articles_own_dateline_is_preferred_to_a_menu_stamp():
    text = f" date 2020-05-06 The Jerusalem Post - Israel News Opinion Middle East\n{H}\nMAY 6, 2020 21:48\nThe militias left."
    a = one(text)
    assert (a["published"], a["published_source"], a["published_evidence"]) == ("2020-05-06", "dateline", "MAY 6, 2020 21:48")


@pytest.mark.parametrize("line, evidence", [
    ("By TZVI JOFFRE MAY 6, 2020 21:48", "MAY 6, 2020 21:48"),
    ("By Jane Doe | Published: May 6, 2020", "May 6, 2020"),
    ("By Jane Doe, 6 May 2020", "6 May 2020"),
])
def test_byline_with_its_dateline(line, evidence):
    a = one(f"{H}\n{line}\nThe militias left.")
    assert len(a["authors"]) == 1 and a["authors"][0] in ("Tzvi Joffre", "Jane Doe")
    assert (a["published"], a["published_source"], a["published_evidence"]) == ("2020-05-06", "dateline", evidence)
    assert a["text"] == "The militias left."


@pytest.mark.xfail(reason="known limitation: a headline of fewer than 3 words is not told apart from a subheading",
                   strict=True)
def test_two_word_headline():
    a = one("Syria Strikes\n\nThe militias left the city on Saturday.")
    assert a["title"] == "Syria Strikes" and a["text"] == "The militias left the city on Saturday."


@pytest.mark.xfail(reason="known limitation: a second article with no repeated title, caption, rule or gap of "
                          "blank lines before its headline is read as the first one's subheading", strict=True)
def test_second_article_without_any_signal():
    text = (f"{H}\nThe militias left the city on Saturday.\nAnother Story About The Border Crossing Today\n"
            "The crossing was closed on Monday by the army.")
    assert len(segment(text)) == 2


@pytest.mark.parametrize("value", ["06/05/2020", "5.6.2020", "last Tuesday"])
def test_ambiguous_or_relative_dates_are_not_parsed(value):
    assert parse_date(value) is None


# ---------------------------------------------------------------- speed-ups stay exact

import re as _re

from analysis import segment as _segment


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="maAyMsSıK", min_size=1, max_size=5), min_size=1, max_size=6),
       st.text(alphabet="maAyMsSıK .", max_size=30), st.booleans())
def test_trie_alternation_matches_like_the_flat_one(words, text, ignorecase):
    flags = _re.IGNORECASE if ignorecase else 0
    flat = "|".join(_re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    trie = _segment._trie(words, ignorecase=ignorecase)
    for tail in ("", r"(?!\w)", r"\b"):
        a = _re.compile(f"(?:{flat}){tail}", flags)
        b = _re.compile(f"(?:{trie}){tail}", flags)
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]


@given(st.text(alphabet="ab1 :-|*\n", max_size=20))
def test_either_matches_where_any_pattern_does(text):
    pats = [_re.compile(r"^\d{1,4}$"), _re.compile(r"^A\s*[+-]$", _re.IGNORECASE),
            _re.compile(r"^(?:[|*\-]\s*){3,}$")]
    either = _segment._either(pats)
    assert bool(either.match(text)) == any(p.match(text) for p in pats)
    assert _segment._either([]).match(text) is None


@pytest.mark.parametrize("pattern,flags,anchored", [
    ("^a", 0, True), ("^(?:a|b)c", 0, True), ("(?:^a)", 0, True),
    ("^a|b", 0, False), ("a", 0, False), ("(^a)", 0, False), ("^a", _re.MULTILINE, False), ("", 0, False),
])
def test_anchored_patterns_are_matched_not_searched(pattern, flags, anchored):
    assert _segment._anchored(_re.compile(pattern, flags)) is anchored


_REQ_WORDS = ["contributed ", "Contributed ", "reporting by ", "REPORTING BY ", "Editing by ", "writing by ",
              "Agencies", "agency", "WIRES", "news agencies", "Levant - ", "Jane Roe ", "to this report",
              "this report", ".", " ", "contrıbuted ", "ſ", "Reuters/"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_REQ_WORDS), max_size=6).map("".join))
def test_requires_only_skips_lines_a_pattern_cannot_match(line):
    r = _segment.rules()
    low = line.lower() if line.isascii() else None
    for pats, reqs in ((r.credit_re, r.credit_req), (r.signoff_re, r.signoff_req)):
        for p, req in zip(pats, reqs):
            if p.match(line):
                assert not _segment._skip(req, low), (p.pattern, line)


def test_non_ascii_lines_always_run_the_patterns():
    r = _segment.rules()
    # "ı" matches "i" case-insensitively: the line is not skipped for lacking "contributed"
    assert any(p.match("Jane Roe contrıbuted to this report") for p in r.credit_re)
    assert _segment.segment("Body line one of the article here.\nJane Roe contrıbuted to this report")[0]["credits"] == ["Jane Roe"]


_LINE_WORDS = ["By ", "by ", "Jane Roe", "contributed ", "to this report", "Reuters", "Levant - ", "agencies",
               "May 6, 2020", "2020-05-06", "Published: ", "date ", "Comments", "3 comments", "Read more:",
               "- - -", "***", "20", "A+", "Map", "click here to see the map", "photo", " ", ".", "|",
               "ı", "İ", "ſ", "ü", "’", "Beirut", " - ", "Asharq Al-Awsat", "Reporting by ", "\t"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINE_WORDS), max_size=8).map("".join))
def test_a_line_the_combined_pattern_misses_matches_none_of_them(line):
    r = _segment.rules()
    s = line.strip()
    pats = [*r.separator_re, *r.nav_re, *r.dateline_prefix, *r.date_line, *r.byline_re,
            *r.comment_markers, *(r.map_re if r.map_in_head else [])]
    assert r.head_any is not None
    if r.head_any(s) is None:
        assert not any(p.match(s) for p in pats), s


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_REQ_WORDS + ["ü", "’", "“", "İ", "K"]), max_size=6).map("".join))
def test_gates_of_non_ascii_lines_only_skip_what_cannot_match(line):
    r = _segment.rules()
    gate = _segment._gate_text(line, line.lower())
    for pats, reqs in ((r.credit_re, r.credit_req), (r.signoff_re, r.signoff_req)):
        for p, req in zip(pats, reqs):
            if p.match(line):
                assert not _segment._skip(req, gate), (p.pattern, line)


def test_lines_with_odd_case_folds_are_never_gated():
    for line in ("Jane Roe contrıbuted to this report", "İ", "ſ"):
        assert _segment._gate_text(line, line.lower()) is None
    assert _segment._gate_text("Jane Roe’s note", "jane roe’s note") == "jane roe’s note"


def test_a_long_given_title_repeated_in_the_text_is_dropped():
    """Word counts of long lines are capped (``words_cap``): a title longer than the cap
    is still compared in full."""
    r = _segment.rules()
    title = " ".join(f"Word{i}" for i in range(r.words_cap + 5))
    near = " ".join(f"Word{i}" for i in range(r.words_cap + 4)) + " Other"
    a = _segment.segment(f"{title}\n{near}\nThe body of the article goes on here.", split=False, title=title)[0]
    assert a["text"] == f"{near}\nThe body of the article goes on here."


def test_memo_of_short_lines_gives_what_classifying_gives():
    r = _segment.rules()
    for raw in ["Share", "  By Jane Roe", "MAY 6, 2020 21:48", "", "Syria", "x" * 300]:
        fresh = _segment._classify(raw, r)
        for _ in range(2):
            got = _segment._classify_memo(raw, r)
            assert (got.s, got.indent, got.kind, got.data, got.n) == \
                (fresh.s, fresh.indent, fresh.kind, fresh.data, fresh.n)
