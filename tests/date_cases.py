"""The date-tagging table: ``(text, publication date, expected)``, shared by the tests
(tests/test_dates.py) and the benchmark (benchmarks/bench_dates.py).

``expected`` is about the LAST date expression found in ``text`` (the earlier ones, when
there are any, are the anchors of shifts such as "a week earlier"):

- ``day("2020-05-05")``, ``month("2020-04")``, ``year("2011")``, ``week(lo, hi)``,
  ``rng(lo, hi)``: it resolves to exactly that period with that granularity;
- ``UNRESOLVED``: it is a date expression, but the publication date does not fix it
  (no publication date, or one known only to the month), so it must stay empty;
- ``DURATION``: it is a duration (kind ``duration``), never resolved to a date;
- ``NONE``: the text holds no date expression at all (times, ages, counts, names).

Calendar notes: 2020-05-06 is a Wednesday, 2020-05-08 a Friday, 2021-01-03 a Sunday
(ISO week 2020-W53 runs 2020-12-28 .. 2021-01-03), 2025-05-29 a Thursday.
"""
from __future__ import annotations

import calendar

NONE, DURATION, UNRESOLVED = "none", "duration", "unresolved"


def day(d: str) -> tuple[str, str, str]:
    return d, d, "day"


def month(m: str) -> tuple[str, str, str]:
    y, mo = (int(x) for x in m.split("-"))
    return f"{m}-01", f"{m}-{calendar.monthrange(y, mo)[1]:02d}", "month"


def year(y: str) -> tuple[str, str, str]:
    return f"{y}-01-01", f"{y}-12-31", "year"


def week(lo: str, hi: str) -> tuple[str, str, str]:
    return lo, hi, "week"


def rng(lo: str, hi: str) -> tuple[str, str, str]:
    return lo, hi, "range"


WED = "2020-05-06"   # a Wednesday (The Jerusalem Post article of the sample corpus)

CASES: list[tuple[str, str | None, object]] = [
    # --- weekdays: the most recent such day on or before publication
    ("The strike happened on Tuesday.", WED, day("2020-05-05")),
    ("The strike happened on Wednesday.", WED, day("2020-05-06")),       # published that weekday
    ("The strike happened on Thursday.", WED, day("2020-04-30")),
    ("Officials met last Friday.", "2020-05-08", day("2020-05-01")),      # "last Friday" on a Friday
    ("Officials met last Friday.", WED, day("2020-05-01")),
    ("Airstrikes targeted a base in Syria on Monday night.", WED, day("2020-05-04")),
    ("The Islamic Republic is reducing its forces, a senior defense source said Tuesday.", WED, day("2020-05-05")),
    ("Talks will resume on Thursday.", WED, day("2020-05-07")),          # future: the next one
    ("The convoy left on Sunday morning.", "2020-05-04", day("2020-05-03")),
    ("Talks are planned for next Monday.", WED, day("2020-05-11")),
    ("The shelling began on Saturday.", "2021-01-03", day("2021-01-02")),
    ("The bodies were found this Monday.", WED, day("2020-05-04")),
    ("Early Tuesday, rockets hit the base.", WED, day("2020-05-05")),
    ("The two hubs have been running since Tuesday.", "2025-05-29", day("2025-05-27")),
    ("Israeli jets killed at least 45 people on Thursday.", "2025-05-29", day("2025-05-29")),
    ("The strike happened on Tuesday.", "2020-05", UNRESOLVED),         # month-precision anchor
    ("The strike happened on Tuesday.", None, UNRESOLVED),
    # --- days relative to publication
    ("Rockets hit the base yesterday.", WED, day("2020-05-05")),
    ("Rockets hit the base last night.", WED, day("2020-05-05")),
    ("Rockets hit the base today.", WED, day("2020-05-06")),
    ("The day before yesterday, militants attacked a checkpoint.", WED, day("2020-05-04")),
    ("Rockets hit the base yesterday.", "2021-01-01", day("2020-12-31")),  # year boundary
    ("Yesterday's strike killed three fighters.", WED, day("2020-05-05")),
    ("The militias removed offices from the district, yesterday.", "2020-07", UNRESOLVED),
    ("The militias removed offices from the district, yesterday.", None, UNRESOLVED),
    # --- weeks, months, years relative to publication (ISO weeks: Monday..Sunday)
    ("Airstrikes targeted a research center in the city this week.", WED, week("2020-05-04", "2020-05-10")),
    ("The SOHR reported last week that the brigade keeps recruiting.", WED, week("2020-04-27", "2020-05-03")),
    ("The SOHR reported last week that the brigade keeps recruiting.", "2021-01-03", week("2020-12-21", "2020-12-27")),
    ("Aid deliveries resumed this week.", "2021-01-01", week("2020-12-28", "2021-01-03")),
    ("Officials met next week.", WED, week("2020-05-11", "2020-05-17")),
    ("James Jeffrey told Asharq Al-Awsat earlier this month that his country agrees.", WED, rng("2020-05-01", "2020-05-06")),
    ("Earlier this week, GHF said it had anticipated such reactions.", "2025-05-29", rng("2025-05-26", "2025-05-29")),
    ("Prices rose sharply last month.", WED, month("2020-04")),
    ("Prices rose sharply last month.", "2021-01-15", month("2020-12")),       # year boundary
    ("Elections are expected later this year.", WED, rng("2020-05-06", "2020-12-31")),
    ("The group was founded last year.", WED, year("2019")),
    ("Strikes have intensified earlier this year.", WED, rng("2020-01-01", "2020-05-06")),
    ("Protests took place last weekend.", WED, rng("2020-05-02", "2020-05-03")),
    ("The SOHR reported last week that the brigade keeps recruiting.", "2020-05", UNRESOLVED),
    # --- month names without a year: the most recent such month
    ("Three civilians were killed in Israeli strikes near Damascus in April.", WED, month("2020-04")),
    ("Three civilians were killed in Israeli strikes near Damascus in April.", "2020-03-10", month("2019-04")),
    ("The ceasefire collapsed in December.", "2021-01-05", month("2020-12")),  # January article
    ("The ceasefire collapsed in May.", WED, month("2020-05")),
    ("In April, three civilians were killed in Israeli strikes near Damascus.", "2020-07", month("2020-04")),
    ("The offensive resumed in July.", "2020-07", month("2020-07")),
    ("The offensive resumed in August.", "2020-07", month("2019-08")),
    ("The offensive resumed last April.", "2020-04-15", month("2019-04")),
    ("Israel imposed the blockade at the beginning of March.", "2025-05-30", month("2025-03")),
    ("Clashes broke out in mid-April.", WED, month("2020-04")),
    ("Elections will take place in June.", WED, month("2020-06")),             # future
    ("The checkpoints have stood since April.", WED, month("2020-04")),
    ("Soleimani was killed in a US drone strike near Baghdad in January.", "2020", month("2020-01")),
    ("The offensive resumed in March.", "2020", UNRESOLVED),                  # year-precision anchor
    ("Soleimani was killed in a US drone strike near Baghdad in January.", None, UNRESOLVED),
    # --- dates without a year: the year putting them on or before publication (+7 days)
    ("On May 5, Israeli officials declared that Iran had started to pull out.", WED, day("2020-05-05")),
    ("The SOHR reported on January 22 that the forces had relocated.", "2020-07", day("2020-01-22")),
    ("The convoy was hit on December 28.", "2021-01-02", day("2020-12-28")),
    ("The talks are scheduled for January 4.", "2020-12-30", day("2021-01-04")),
    ("The convoy was hit on May 20.", WED, day("2019-05-20")),
    ("Fighting began on 22 January.", "2020-02-01", day("2020-01-22")),
    ("The envoy arrives on May 10.", WED, day("2020-05-10")),                 # a few days after
    ("On May 5, Israeli officials declared that Iran had started to pull out.", None, UNRESOLVED),
    ("The convoy was hit on July 30.", "2020-07", UNRESOLVED),
    # --- absolute dates
    ("Escalation increased since Hamas's attack on Israel on October 7, 2023.", "2024-12-24", day("2023-10-07")),
    ("Tuesday, 24 December 2024", None, day("2024-12-24")),
    ("The report was released on 2020-05-06 in London.", None, day("2020-05-06")),
    ("The decree was signed on 06/05/2020.", None, day("2020-05-06")),        # day first
    ("The decree was signed on 25/12/2019.", None, day("2019-12-25")),
    ("The decree was signed on 12/25/2019.", None, day("2019-12-25")),        # a part > 12 decides
    ("The decree was signed on Jan. 5, 2021.", None, day("2021-01-05")),
    ("The decree was signed on the 6th of May 2020.", None, day("2020-05-06")),
    ("MAY 6, 2020", None, day("2020-05-06")),
    ("The embassy in Damascus was bombed in April 2024.", "2024-12-24", month("2024-04")),
    ("JULY 2020", None, month("2020-07")),
    ("The deal was signed in Sept 2019.", None, month("2019-09")),
    # --- years (only in year-like contexts)
    ("Russia has been there before 2011 when the conflict began.", None, year("2011")),
    ("Since 2015 Moscow has been trying to minimize the influence of militias.", None, year("2015")),
    ("In 2015, Moscow initiated formation of the 4th corps.", None, year("2015")),
    ("The corps was formed in early 2015.", None, year("2015")),
    ("The corps was formed in mid-2019.", None, year("2019")),
    ("The group was active between 2011 and 2015.", None, rng("2011-01-01", "2015-12-31")),
    ("The 2014-2017 war against ISIS left the city in ruins.", None, rng("2014-01-01", "2017-12-31")),
    # --- ISO weeks and explicit ranges
    ("Shipments peaked in 2020-W19.", None, week("2020-05-04", "2020-05-10")),
    ("Shipments peaked in 2020-W53.", None, week("2020-12-28", "2021-01-03")),
    ("Clashes continued between May 3-5, 2020.", None, rng("2020-05-03", "2020-05-05")),
    ("Clashes continued from 3 to 5 May 2020.", None, rng("2020-05-03", "2020-05-05")),
    ("Clashes continued on May 3-4.", WED, rng("2020-05-03", "2020-05-04")),
    ("Clashes continued from April 28 to May 2, 2020.", None, rng("2020-04-28", "2020-05-02")),
    # --- ranges up to publication
    ("At least five airstrikes have been blamed on Israel in the past two weeks.", WED, rng("2020-04-22", "2020-05-06")),
    ("Over the last six months Iran has reduced cargo flights.", WED, rng("2019-11-06", "2020-05-06")),
    ("Three people were killed in the past 24 hours.", WED, rng("2020-05-05", "2020-05-06")),
    ("Multiple airstrikes have targeted Iranian forces in the past few months.", WED, UNRESOLVED),
    ("Iran has intensified in recent days the redeployment of its militias.", WED, UNRESOLVED),
    ("At least five airstrikes have been blamed on Israel in the past two weeks.", "2020-05", UNRESOLVED),
    ("The base was hit two weeks ago.", WED, week("2020-04-20", "2020-04-26")),
    ("The base was hit three days ago.", WED, day("2020-05-03")),
    ("The base was hit a year ago.", WED, year("2019")),
    # --- shifts from the date they follow (same or previous sentence)
    ("In April, three civilians were killed near Damascus and a week earlier, nine were killed in Palmyra.",
     WED, rng("2020-03-25", "2020-04-23")),
    ("Militants attacked on May 3, 2020. Two days later, the army responded.", None, day("2020-05-05")),
    ("Fighting erupted on Monday. The next day, the army withdrew.", WED, day("2020-05-05")),
    ("A week earlier, at least nine militants were killed in Palmyra.", WED, UNRESOLVED),  # no anchor
    ("The move comes a week after Iranian militias were targeted.", WED, NONE),
    # --- durations: tagged, never resolved
    ("The crisis was left by Israel's 11-week blockade on aid entering Gaza.", "2025-05-29", DURATION),
    ("For several weeks we had no flour.", None, DURATION),
    ("A ceasefire deal broke down after only two months.", None, DURATION),
    ("Both sides agreed to a three-day ceasefire.", None, DURATION),
    ("The army must withdraw within 48 hours.", None, DURATION),
    ("It was the fifth such strike in two weeks.", None, DURATION),
    # --- not dates at all
    ("The statement was issued at 21:48.", None, NONE),
    ("Wessam Khader, a 25-year-old father of a three-year-old boy, said he went.", WED, NONE),
    ("He is 25 years old.", WED, NONE),
    ("Brigade 313 was established by the Revolutionary Guards.", WED, NONE),
    ("Members of the Fatemiyoun and 313 organizations had moved.", WED, NONE),
    ("The group has 20 bases in the area.", WED, NONE),
    ("He received a 3 kg (6.6 pounds) package.", WED, NONE),
    ("The new forces now hold 70 kilometers of territory.", WED, NONE),
    ("The number of operatives has grown to over 6,250.", WED, NONE),
    ("Protesters may march on the capital.", WED, NONE),
    ("Aid arrived in 2000 trucks.", WED, NONE),
    ("In 1500 people were displaced.", WED, NONE),
    ("The 4 th corps and the 5th Corps were formed.", WED, NONE),
    ("according to the opposition-affiliated Halab Today TV.", WED, NONE),
    ("All 58 hostages still held in Gaza must come back.", WED, NONE),
    ("The Sunday Times reported the raid.", WED, NONE),
    ("Hezbollah and its rivals in the March 14 alliance objected.", WED, NONE),
    ("Security was tightened after the September 11 attacks.", WED, NONE),
    ("The Good Friday Agreement was cited as a model.", WED, NONE),
]
