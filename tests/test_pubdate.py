"""analysis.pubdate: inferred publication dates (twins, own dates, caption bounds) and
conflicts between stated dates and the text."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import dates, pubdate
from analysis.textutil import sentences

SHARED = ("At least five airstrikes targeting Syria have been blamed on Israel in the past two weeks. "
          "Multiple airstrikes have targeted Iranian forces and militias in eastern Syria in the past few months. ")


def _article(aid, text, published=None, source="missing", precision=None, captions=()):
    return {"article_id": aid, "text": text, "published": published,
            "published_precision": precision or (None if published is None else
                                                 {4: "year", 7: "month"}.get(len(published), "day")),
            "published_source": source, "published_evidence": None, "published_conflict": None,
            "captions": list(captions)}


def _run(*arts):
    articles = pd.DataFrame(list(arts))
    rows = [r for a in arts for r in dates.tag(a["article_id"], a["text"], sentences(a["text"]))]
    out = pubdate.infer(articles, pd.DataFrame(rows))
    return {r["article_id"]: r for r in out.to_dict("records")}


def test_near_duplicate_of_a_dated_article_takes_its_date():
    got = _run(_article("dated#1", "A new report came out. " + SHARED, "2020-05-06", "dateline"),
               _article("copy#1", "Militias moved on Saturday. " + SHARED))
    row = got["copy#1"]
    assert (row["published"], row["published_precision"], row["published_source"]) == \
        ("2020-05-06", "day", "inferred")
    assert "dated#1" in row["published_evidence"] and "2 sentences" in row["published_evidence"]


def test_one_shared_sentence_is_not_enough():
    one = "At least five airstrikes targeting Syria have been blamed on Israel in the past two weeks."
    got = _run(_article("dated#1", one, "2020-05-06", "dateline"), _article("copy#1", one))
    assert got["copy#1"]["published"] is None and got["copy#1"]["published_source"] == "missing"


def test_short_sentences_are_not_evidence_of_copying():
    short = "He said so. They left. It ended. "
    got = _run(_article("dated#1", short, "2020-05-06", "dateline"), _article("copy#1", short))
    assert got["copy#1"]["published"] is None


def test_inferred_dates_do_not_chain():
    got = _run(_article("dated#1", SHARED, "2020-05-06", "dateline"),
               _article("copy#1", SHARED + "Another line that is long enough to be evidence of copying here. "
                        "And one more line that is long enough to be evidence of copying here."),
               _article("copy#2", "Another line that is long enough to be evidence of copying here. "
                        "And one more line that is long enough to be evidence of copying here."))
    assert got["copy#1"]["published"] == "2020-05-06"
    assert got["copy#2"]["published"] is None


def test_twin_older_than_the_articles_own_dates_is_refused():
    got = _run(_article("dated#1", SHARED, "2020-05-06", "dateline"),
               _article("copy#1", "Officials met on June 10, 2020 in Geneva. " + SHARED))
    row = got["copy#1"]
    assert row["published"] != "2020-05-06"
    assert "reports later dates" in row["published_evidence"]


def test_lead_date_dates_the_article_to_the_day():
    got = _run(_article("a#1", "Rockets hit the base on May 5, 2020, officials said. Nothing more."))
    assert (got["a#1"]["published"], got["a#1"]["published_precision"]) == ("2020-05-05", "day")
    assert "May 5, 2020" in got["a#1"]["published_evidence"]


def test_background_date_keeps_only_the_year():
    text = ("Rockets hit the base. Officials condemned it. Nobody was hurt. "
            "The base was first attacked on March 3, 2019, and again later.")
    got = _run(_article("a#1", text))
    assert (got["a#1"]["published"], got["a#1"]["published_precision"]) == ("2019", "year")


def test_future_dates_are_not_evidence():
    got = _run(_article("a#1", "The envoy will arrive on June 10, 2020, officials said."))
    assert got["a#1"]["published"] is None


def test_caption_date_bounds_but_never_dates_the_article():
    got = _run(_article("a#1", "Israeli jets killed at least 45 people on Thursday.",
                        captions=["Palestinians walk near Gaza, May 29, 2025. REUTERS/Ramadan Abed"]))
    row = got["a#1"]
    assert row["published"] is None and row["published_source"] == "missing"
    assert "2025-05-29" in row["published_evidence"]


def test_caption_later_than_own_date_blocks_inference():
    got = _run(_article("a#1", "Rockets hit the base on May 5, 2020, officials said.",
                        captions=["A soldier on guard, June 1, 2020. (AFP)"]))
    assert got["a#1"]["published"] is None


def test_stated_date_kept_and_conflict_flagged():
    text = ("Forces relocated their headquarters, the SOHR reported on January 22. "
            "“They removed the offices yesterday,” the report reads.")
    got = _run(_article("a#1", text, "2020-07", "header"))
    row = got["a#1"]
    assert (row["published"], row["published_source"]) == ("2020-07", "header")
    assert "January 22" in row["published_conflict"] and "yesterday" in row["published_conflict"]


def test_text_reporting_dates_after_publication_is_a_conflict():
    got = _run(_article("a#1", "Talks stalled. The ceasefire collapsed on 3 March 2021.",
                        "2020-05-06", "metadata"))
    assert "2021-03-03" in got["a#1"]["published_conflict"]


def test_ordinary_stated_articles_have_no_conflict():
    text = ("The brigade began relocating on Tuesday. In April, three civilians were killed. "
            "The embassy was bombed in April 2019.")
    got = _run(_article("a#1", text, "2020-05-06", "dateline"))
    assert got["a#1"]["published_conflict"] is None


def test_input_frame_is_not_mutated_and_empty_inputs_pass():
    arts = pd.DataFrame([_article("a#1", "Rockets hit on May 5, 2020.")])
    before = arts.copy()
    pubdate.infer(arts, pd.DataFrame())
    pd.testing.assert_frame_equal(arts, before)
    empty = pd.DataFrame(columns=["article_id", "text", "published", "published_source"])
    assert len(pubdate.infer(empty, pd.DataFrame())) == 0


def test_missing_optional_columns():
    arts = pd.DataFrame([{"article_id": "a#1", "text": "Rockets hit on May 5, 2020.",
                          "published": None, "published_source": "missing"}])
    out = pubdate.infer(arts, pd.DataFrame(dates.tag("a#1", arts.text[0], sentences(arts.text[0]))))
    assert out.loc[0, "published"] == "2020-05-05"


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "May", "on 31/02/2020 and 2020-13-01"])
def test_never_raises(text):
    out = _run(_article("a#1", text), _article("b#1", text, "2020-05-06", "dateline"))
    assert set(out) == {"a#1", "b#1"}


def test_background_date_with_its_year_in_the_lead_is_no_conflict():
    text = ("Ten years after the uprising that began on March 15, 2011, Syrians marched on Monday. "
            "Thousands joined.")
    got = _run(_article("a#1", text, "2021-03-16", "dateline"))
    assert got["a#1"]["published_conflict"] is None


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=1, max_size=3),
       st.sampled_from([None, "2020-05-06", "2020-07", "2020", "bad"]),
       st.lists(st.text(max_size=60), max_size=2))
def test_infer_never_raises(texts, published, captions):
    arts = [_article(f"a#{i}", t, published, "missing" if published is None else "metadata",
                     captions=captions) for i, t in enumerate(texts)]
    out = _run(*arts)
    assert len(out) == len(texts)
