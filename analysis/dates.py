"""Date expressions in article text: tagged with evidence, then resolved in news mode.

What it extracts
    Absolute dates ("May 6, 2020", "24 December 2024", "2020-05-06", "06/05/2020"),
    partial ones ("May 5", "April 2024", "in 2015", "the beginning of March",
    "mid-April"), relative ones ("on Tuesday", "Monday night", "yesterday", "last week",
    "earlier this month", "in April", "in the past two weeks", "two weeks ago",
    "a week earlier") and durations ("an 11-week blockade", "for several weeks").

How
    Rules are regular expressions built once from ``lexicons/dates.yaml`` (month and
    weekday names, cue words, numbers, units; word lists compiled as character tries).
    For speed the text is not matched rule by rule: one cheap regex finds "core" words
    (a digit, a month or weekday name, a unit such as "weeks", a word like "yesterday"),
    and only the rules holding that kind of core are tried, only at the few word starts
    just before it that can open a date ("in", "the", "last", "for", a number...), and
    never before a word no rule can consume ("killed 12 people": none before "12"). The
    result equals a scan with all rules in one alternation (``_pattern``; tests check
    it). Each match becomes a row with its evidence (sentence, offsets, rule) and the
    primitive values resolution needs (private keys starting with ``_``). Names that
    look like dates ("the Sunday Times", "the March 14 alliance") are dropped.

    ``resolve`` turns a row into ``value_low``/``value_high``/``granularity`` against a
    publication date, news mode (HeidelTime's convention): "on Tuesday" is the most
    recent Tuesday on or before publication, "in April" the most recent April, a
    year-less "May 5" takes the year putting it on or before publication (a few days
    after are allowed). A publication date known only to the month or year resolves an
    expression only when every day of that month/year gives the same answer; otherwise
    the value stays empty. Nothing is guessed: durations and vague expressions ("in
    recent weeks") are tagged but never resolved.

Contract (used by ``analysis.pipeline`` and ``analysis.casualties``)
    ``tag(article_id, text, sentences) -> list[dict]``
    ``resolve(row, anchor, precision, *, ref=None) -> dict``
    ``resolve_table(dates_df, articles_df) -> DataFrame`` (the ``dates`` table)
    ``tag_text(text, published=None) -> list[dict]`` (tag + resolve a bare string)
"""
from __future__ import annotations

import calendar
import itertools
import math
import re
from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import Any

import pandas as pd

from analysis import lexicons
from analysis.errors import LexiconError
from analysis.schema import columns, frame
from analysis.textutil import sentences as _sentences

__all__ = ["tag", "resolve", "resolve_rows", "resolve_table", "tag_text", "anchor_bounds",
           "is_future"]

# spaces within a line (a date never crosses a line break); bounded, so that a run of
# thousands of spaces in scraped text cannot make the patterns backtrack quadratically
_SP = r"[^\S\n]{1,6}"
_YEAR = r"(?:19|20)\d\d"
_ORD = r"(?:st|nd|rd|th)?"

# Private keys every row carries (primitive values; ``_dir`` is always a string:
# "-1" | "0" | "1" | "same").
PRIVATE = ("_type", "_y", "_m", "_d", "_y2", "_m2", "_d2", "_n", "_unit", "_dir", "_part",
           "_wd", "_ref", "_future")
_NO_PRIVATE = dict.fromkeys(PRIVATE)


# --------------------------------------------------------------------------- lexicon

def _alt(words, *, ci: bool = False) -> str:
    """A regex matching any of ``words``, longest first, as a character trie (much faster
    in Python's engine than a flat alternation); spaces match runs of spaces."""
    trie: dict = {}
    for w in words:
        if not isinstance(w, (str, int)) or isinstance(w, bool):
            raise LexiconError(f"lexicon dates.yaml: {w!r} is not a word (quote on/off/yes/no)")
        node = trie
        for ch in str(w).lower() if ci else str(w):
            node = node.setdefault(ch, {})
        node[""] = {}

    def rx(node: dict) -> str:
        alts = [(_SP if ch == " " else re.escape(ch)) + rx(sub)
                for ch, sub in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    body = rx(trie)
    return f"(?i:{body})" if ci else f"(?:{body})"


def _cased(words) -> list[str]:
    """Capitalised and UPPER-CASE spellings ("May", "MAY"), never lower case."""
    out = []
    for w in words:
        w = str(w)
        out += [w[:1].upper() + w[1:], w.upper()]
    return out


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


class _Lex:
    """The dates lexicon, validated and indexed once."""

    def __init__(self) -> None:
        data = lexicons.load("dates")
        lexicons.require(data, ["months", "month_full_names", "weekdays", "weekday_full_names",
                                "day_parts", "numbers", "units", "relative_days",
                                "relative_periods", "name_modifiers", "period_parts",
                                "year_contexts", "year_blockers", "anchored_shifts",
                                "past_range_openers", "recent_range_openers",
                                "duration_openers", "duration_fillers", "future_cues",
                                "settings", "name_prepositions_context", "range_connectors",
                                "weekday_part_words", "period_units", "adjective_units"], "dates")
        self.data = data
        self.month_num = {}
        for num, names in data["months"].items():
            for n in names:
                self.month_num[n.lower()] = int(num)
        self.weekday_num = {}
        for num, names in data["weekdays"].items():
            for n in names:
                self.weekday_num[n.lower()] = int(num)
        self.numbers = {_norm(k): v for k, v in data["numbers"].items()}
        self.units = {k.lower(): v for k, v in data["units"].items()}
        self.relative_days = {_norm(k): int(v) for k, v in data["relative_days"].items()}
        self.periods = {_norm(k): v for k, v in data["relative_periods"].items()}
        self.modifiers = {_norm(k): v for k, v in data["name_modifiers"].items()}
        shifts = data["anchored_shifts"]
        self.shift_words = {k.lower(): int(v) for k, v in shifts["words"].items()}
        self.shift_fixed = {}
        for k, v in shifts["fixed"].items():
            if isinstance(v, dict):
                self.shift_fixed[_norm(k)] = (v["unit"], int(v["n"]))
            else:
                self.shift_fixed[_norm(k)] = ("day", int(v))
        self.settings = data["settings"]
        self.future_re = re.compile(r"\b" + _alt(data["future_cues"], ci=True) + r"(?!\w)")
        self.not_dates = re.compile(r"\b" + _alt(data.get("not_dates") or ["\x00"], ci=True) + r"\b")
        self.named_after = re.compile(_SP + _alt(data.get("named_date_followers") or ["\x00"], ci=True)
                                      + r"\b")

    def number(self, word: str | None) -> int | None:
        """The value of a count ("two", "11", "a couple of"); None when vague."""
        if word is None:
            return None
        w = _norm(word)
        if w.isdigit():
            return int(w)
        return self.numbers.get(w)


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    return _Lex()


# --------------------------------------------------------------------------- pattern

# Which kinds of "core" word each rule contains (the scanner only tries the rules of the
# core it found): a digit, a month name, a weekday name, a unit word, a relative day word.
_RULE_CORES = {
    "iso_week": "d", "iso": "d", "numeric_ymd": "d", "numeric": "d", "range_mdy": "mw",
    "range_dmy": "dw", "mdy": "mw", "dmy": "dw", "month_year": "m", "year_range": "d",
    "month_part": "m", "year_part": "d", "relative_day": "ru", "past_range": "ud",
    "recent_range": "u", "ago": "ud", "shift": "ud", "shift_fixed": "u", "weekday": "w",
    "period": "u", "month_name": "m", "year": "d", "duration_adj": "ud", "duration": "ud",
}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    """Every rule in one alternation (the reference scan; ``tag`` uses ``_scanner``)."""
    body = "|".join(f"(?P<{name}>{rx})" for name, rx in _rules())
    return re.compile(rf"\b(?:{body})")


class _Scanner:
    """Fast scan: find core words with one cheap regex, then try only the rules of that
    core, only at the word starts (just before the core) that can begin a date."""

    def __init__(self) -> None:
        lx = _lex()
        d = lx.data
        rules = _rules()
        self.by_class = {}
        for cls in "dmwru":
            body = "|".join(f"(?P<{name}>{rx})" for name, rx in rules if cls in _RULE_CORES[name])
            self.by_class[cls] = re.compile(rf"\b(?:{body})")
        self.cls_of: dict[str, str] = {}
        months = [n for names in d["months"].values() for n in names]
        relday_words = [k.split()[-1] for k in d["relative_days"]]
        units = list(d["units"]) + ["weekend"]
        for words, cls in ((units, "u"), (relday_words, "r"), (d["weekday_full_names"], "w"),
                           (months, "m")):
            for w in words:
                self.cls_of[str(w).lower()] = cls
        cased = [m for m in _cased(months + list(d["weekday_full_names"]))]
        lower_words = relday_words + units
        cased += [w for x in lower_words for w in (x, x[:1].upper() + x[1:], x.upper())]
        # A core is a digit or one of those words at a word start, r"\b(?:\d|words\b)",
        # searched as a non-word character followed by a core (group 1), which lets the
        # regex engine skip from one non-word character to the next instead of trying
        # every position (and the look-ahead skips, cheaply, words no core begins with);
        # ``core_at_0`` looks at the start of the text.
        firsts = re.escape("".join(sorted({w[0] for w in cased})))
        core = rf"(?=[\d{firsts}])(\d|" + _alt(cased)[3:-1] + r"\b)"
        self.core = re.compile(r"\W" + core)
        self.core_at_0 = re.compile(core)
        first = set()
        for key in ("name_prepositions_in_span", "name_prepositions_context", "period_parts",
                    "year_contexts", "past_range_openers", "recent_range_openers",
                    "duration_openers", "duration_fillers", "month_full_names",
                    "weekday_full_names"):
            first |= {str(w).split()[0].lower() for w in d[key]}
        for key in ("name_modifiers", "relative_periods", "numbers", "relative_days"):
            first |= {str(w).split()[0].lower() for w in d[key]}
        first |= {str(w).split()[0].lower() for w in d["anchored_shifts"]["fixed"]}
        first |= {n.lower() for names in d["weekdays"].values() for n in names}
        first |= {m.lower() for m in months}
        first |= {"the", "a", "an", "early", "late", "from", "between", "in", "mid"}
        self.starters = frozenset(w.split("-")[0] for w in first)
        self.starter_re = re.compile(r"\b" + _alt(sorted(self.starters), ci=True) + r"\b")
        # Every word a rule can consume: the lexicon's words and the rule templates' own.
        # A date starting at a starter covers every word up to the core, so a word outside
        # this set between them rules that starter out (and every one before it).
        self.vocab = frozenset(_words(d)) | frozenset(_RULE_WORDS)
        # set look-ups stand for the case-insensitive regexes on ASCII words only
        self.by_set = all(w.isascii() for w in self.vocab | self.starters)

    def finditer(self, text: str):
        """Matches in text order, non-overlapping (like ``_pattern().finditer``)."""
        pos = 0
        n = len(text)
        by_class, cls_of = self.by_class, self.cls_of
        starters, vocab, by_set = self.starters, self.vocab, self.by_set
        back = _WORD_BEFORE.match
        le = -1          # end of the current core's line (cores come in text order)
        rev = None       # the text reversed, to walk back word by word with a regex
        c = self.core_at_0.match(text)
        cores = self.core.finditer(text, c.end() if c else 0)
        if c:
            cores = itertools.chain((c,), cores)
        for c in cores:
            p = c.start(1)
            if p < pos:
                continue
            g = c.group(1)
            sub = by_class["d" if g.isdigit() else cls_of.get(g.lower(), "u")]
            # only a line start within the 60 characters before the core matters below
            lo = p - 60 if p > 60 else 0
            ls = text.rfind("\n", lo, p) + 1
            if ls > lo:
                lo = ls
            if pos > lo:
                lo = pos
            if le < p:
                le = text.find("\n", p)
                if le < 0:
                    le = n
            # Where a date reaching the core may start: the starter words of text[lo:p]
            # (what ``starter_re`` finds there), less those before a word no rule can
            # consume. Walk back word by word from the core: usually one or two words,
            # as the word before a number or a unit is seldom a date word.
            starts = []
            if p > lo:
                if rev is None:
                    rev = text[::-1]
                i, stop = n - p, n - lo
                while True:
                    m = back(rev, i, stop)
                    if m is None:
                        break
                    i = m.end()
                    s = n - i                      # the word is text[s:n - m.start(1)]
                    if s == lo and lo and _WORD.match(text, lo - 1):
                        break                      # the tail of a word begun before lo
                    w = text[s:n - m.start(1)]
                    if by_set and w.isascii():
                        lw = w.lower()
                        if lw in starters:
                            starts.append(s)
                        elif w.isalpha() and lw not in vocab:
                            break
                    elif self.starter_re.fullmatch(w):
                        starts.append(s)
            found = None
            for start in reversed(starts):         # in text order
                m = sub.match(text, start, le)
                if m is not None and m.end() > p:
                    found = m
                    break
            if found is None:
                m = sub.match(text, p, le)
                if m is not None and m.end() > p:
                    found = m
            if found is not None:
                yield found
                pos = found.end()


# the word just before a position, read in the reversed text: skipped non-word characters,
# then the word (reversed)
_WORD_BEFORE = re.compile(r"\W*(\w+)")
_WORD = re.compile(r"\w")


def _words(data: Any):
    """Every word (``\\w+``, lower case) of the strings and keys of a lexicon."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _words(k)
            yield from _words(v)
    elif isinstance(data, (list, tuple)):
        for v in data:
            yield from _words(v)
    elif data is not None and not isinstance(data, bool):
        yield from (w.lower() for w in re.findall(r"\w+", str(data)))


@lru_cache(maxsize=1)
def _scanner() -> _Scanner:
    return _Scanner()


# Words the rule templates below spell out themselves (and the defaults they fall back
# on), beside the lexicon's: the scanner must know every word a rule can consume.
_RULE_WORDS = ("the", "of", "long", "a", "an", "in", "on", "from", "between", "old", "ago", "w",
               "st", "nd", "rd", "th")


@lru_cache(maxsize=1)
def _rules() -> list[tuple[str, str]]:
    lx = _lex()
    d = lx.data
    month_full = _alt(_cased(d["month_full_names"]))
    all_month_names = [n for names in d["months"].values() for n in names]
    abbrevs = [n for n in all_month_names if n not in d["month_full_names"]]
    # an abbreviation only before a number ("Jan. 5", "Sept 2019")
    month_any = f"(?:{month_full}|{_alt(_cased(abbrevs))}\\.?)"
    weekday_full = _alt(_cased(d["weekday_full_names"]))
    all_wd = [n for names in d["weekdays"].values() for n in names]
    weekday_any = f"(?:{weekday_full}|{_alt(_cased([w for w in all_wd if w not in d['weekday_full_names']]))}\\.?)"
    num = _alt([k for k in d["numbers"]], ci=True)
    num_any = rf"(?:\d{{1,3}}|{num})"
    units = _alt(list(d["units"]), ci=True)
    day_parts = _alt(d["day_parts"], ci=True)
    parts = _alt(d["period_parts"], ci=True)
    mods = _alt(list(d["name_modifiers"]), ci=True)
    in_on = _alt(d.get("name_prepositions_in_span", ["in", "on"]), ci=True)
    ctx = _alt(d["name_prepositions_context"], ci=True)
    year_ctx = _alt(d["year_contexts"], ci=True)
    blockers = _alt(d["year_blockers"], ci=True)
    reldays = _alt(list(d["relative_days"]), ci=True)
    periods = _alt(list(d["relative_periods"]), ci=True)
    past_open = _alt(d["past_range_openers"], ci=True)
    recent_open = _alt(d["recent_range_openers"], ci=True)
    shift_fixed = _alt(list(d["anchored_shifts"]["fixed"]), ci=True)
    dur_open = _alt(d["duration_openers"], ci=True)
    fillers = _alt(d["duration_fillers"], ci=True)
    ages = _alt(d.get("age_markers", ["old"]), ci=True)
    ago = _alt(d.get("ago_words", ["ago"]), ci=True)
    shifts = d["anchored_shifts"]
    shift_punct = _alt(shifts.get("need_punctuation", []) or ["\x00"], ci=True)
    shift_free = _alt([w for w in shifts["words"] if w not in shifts.get("need_punctuation", [])], ci=True)
    connect = _alt(d["range_connectors"], ci=True)
    wd_parts = _alt(d["weekday_part_words"], ci=True)
    period_units = _alt(d["period_units"], ci=True)
    adj_units = _alt(d["adjective_units"], ci=True)
    S = _SP
    SO = r"[^\S\n]{0,6}"
    year_end = r"(?![-–:/.,]?\d)(?!\w)"
    day = rf"(?:[12]\d|3[01]|0?[1-9]){_ORD}(?!\w)"
    wd_prefix = rf"(?:{weekday_any},?{S})?"
    pre_rx = rf"(?:(?P<@>{in_on}){S}(?:(?i:the){S})?)?"

    def pre(name: str) -> str:
        return pre_rx.replace("@", name)

    rules = [
        ("iso_week", rf"\b(?P<iw_y>{_YEAR})-?W(?P<iw_w>[0-4]\d|5[0-3])\b"),
        ("iso", rf"\b(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?![\d-])"),
        ("numeric_ymd", rf"\b(?P<ny_y>{_YEAR})/(?P<ny_m>0?[1-9]|1[0-2])/(?P<ny_d>0?[1-9]|[12]\d|3[01])(?![\d/])"),
        ("numeric", rf"\b(?P<nu_a>\d\d?)(?P<nu_s>[/.])(?P<nu_b>\d\d?)(?P=nu_s)(?P<nu_y>{_YEAR})(?![\d/.]\d|\d)"),
        ("range_mdy", rf"{pre('rm_pre')}{wd_prefix}(?P<rm_m>{month_any}){S}(?P<rm_d1>{day}){SO}(?:[-–—]|{S}{connect}{S}){SO}(?:(?P<rm_m2>{month_any}){S})?(?P<rm_d2>{day})(?:,?{S}(?P<rm_y>{_YEAR}){year_end})?"),
        ("range_dmy", rf"{pre('rd_pre')}(?P<rd_d1>{day}){SO}(?:[-–—]|{S}{connect}{S}){SO}(?P<rd_d2>{day}){S}(?:(?i:of){S})?(?P<rd_m>{month_any})(?:,?{S}(?P<rd_y>{_YEAR}){year_end})?"),
        ("mdy", rf"{pre('mdy_pre')}{wd_prefix}(?P<mdy_m>{month_any}){S}(?:(?i:the){S})?(?P<mdy_d>{day})(?!:\d|[-–]\d)(?:,?{S}(?P<mdy_y>{_YEAR}){year_end})?"),
        ("dmy", rf"{pre('dmy_pre')}{wd_prefix}(?:(?i:the){S})?(?P<dmy_d>{day}){S}(?:(?i:of){S})?(?P<dmy_m>{month_any})(?:,?{S}(?P<dmy_y>{_YEAR}){year_end})?(?!\w)"),
        ("month_year", rf"{pre('my_pre')}(?:(?P<my_part>{parts})(?:-|{S}))?(?P<my_m>{month_any}),?{S}(?:(?i:of){S})?(?P<my_y>{_YEAR}){year_end}"),
        ("year_range", rf"(?:(?P<yr_pre>{_alt(['from', 'between', 'in'], ci=True)}){S})?\b(?P<yr_a>{_YEAR}){SO}(?:[-–—]|{S}{connect}{S}){SO}(?P<yr_b>{_YEAR}){year_end}(?!{S}{blockers}\b)"),
        ("month_part", rf"{pre('mp_pre')}(?P<mp_part>{parts})(?:-|{S})(?P<mp_m>{month_full})\b"),
        ("year_part", rf"{pre('yp_pre')}(?P<yp_part>{parts})(?:-|{S})(?P<yp_y>{_YEAR}){year_end}(?!{S}{blockers}\b)"),
        ("relative_day", rf"\b(?P<rel_w>{reldays})\b"),
        ("past_range", rf"\b(?P<pr_open>{past_open}){S}(?:(?P<pr_n>{num_any}){S})?(?P<pr_unit>{units})\b(?!{S}(?:{ago}\b|(?i:of){S}(?:{month_any}|{_YEAR}|(?i:the|this|last)\b)))"),
        ("recent_range", rf"\b(?P<rr_open>{recent_open}){S}(?P<rr_unit>{units})\b"),
        ("ago", rf"\b(?:(?P<ago_n>{num_any}){S})?(?P<ago_unit>{units}){S}{ago}\b"),
        ("shift", rf"\b(?P<sh_n>{num_any}){S}(?P<sh_unit>{units}){S}(?:(?P<sh_w>{shift_free})\b|(?P<sh_w2>{shift_punct})(?={SO}[,.;:)]|{SO}$))"),
        ("shift_fixed", rf"\b(?P<sf_w>{shift_fixed})(?={SO}[,.;:)]|{SO}$|{S}(?!(?:of|the|a|an|his|her|their)\b)[a-z])"),
        ("weekday", rf"(?:(?P<wd_pre>{in_on}){S})?(?:(?P<wd_mod>{mods}){S})?(?:{wd_parts}{S})?\b(?P<wd_name>{weekday_full})\b(?:{S}(?P<wd_part>{day_parts})\b)?"),
        ("period", rf"\b(?P<pe_mod>{periods}){S}(?P<pe_unit>{period_units})\b(?!{S}(?i:of)\b)"),
        ("month_name", rf"(?:(?P<mn_pre>{in_on})|(?P<mn_mod>{mods})|(?P<mn_ctx>{ctx})){S}\b(?P<mn_m>{month_full})\b(?!{S}\d)"),
        ("year", rf"(?:(?P<y_pre>(?i:in))|(?P<y_ctx>{year_ctx})){S}\b(?P<y_y>{_YEAR}){year_end}(?!{S}{blockers}\b)(?![-–]\w)"),
        ("duration_adj", rf"(?:(?i:an?){S})?\b(?P<da_n>\d{{1,3}}|{num})[-‐](?P<da_unit>{adj_units})(?:[-‐](?i:long))?\b(?![-‐]{ages}\b|{S}{ages}\b|[-‐]\w)"),
        ("duration", rf"\b(?P<du_open>{dur_open}){S}(?:(?P<du_fill>{fillers}){S})?(?P<du_n>{num_any}){S}(?P<du_unit>{units})\b(?!{S}(?:{ago}|{ages}|{shift_free}|(?i:of))\b)"),
    ]
    return rules


# --------------------------------------------------------------------------- tagging

def _int(v: Any) -> int | None:
    if v is None:
        return None
    if type(v) is int:
        return v
    if type(v) is float:            # from a frame; NaN is missing (inf raises, as below)
        return None if v != v else int(v)
    try:
        if isinstance(v, float) and math.isnan(v):
            return None
        return int(v)
    except (TypeError, ValueError):
        return None


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= _month_days(y if y else 2000, m)


def _month_days(y: int, mo: int) -> int:
    """Days in month ``mo`` of year ``y``, as ``calendar.monthrange`` gives them (the same
    ValueError for a bad month) without its weekday computation."""
    if not 1 <= mo <= 12:
        raise calendar.IllegalMonthError(mo)
    return 29 if mo == 2 and calendar.isleap(y) else calendar.mdays[mo]


def _day_num(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def _month(lx: _Lex, s: str) -> int | None:
    return lx.month_num.get(s.rstrip(".").lower())


def _values(m: re.Match, rule: str, lx: _Lex, day_first: bool = True) -> tuple[dict, int, int] | None:
    """The private values of one match, and its span; None when it is not a date."""
    g = m.group
    start, end = m.start(rule), m.end(rule)
    v: dict = {}
    kind = "partial"
    if rule == "iso_week":
        y, w = int(g("iw_y")), int(g("iw_w"))
        if w < 1 or w > date(y, 12, 28).isocalendar()[1]:
            return None
        v.update(_type="isoweek", _y=y, _n=w)
        kind = "absolute"
    elif rule in ("iso", "numeric_ymd"):
        p = "iso" if rule == "iso" else "ny"
        y, mo, d = int(g(f"{p}_y")), int(g(f"{p}_m")), int(g(f"{p}_d"))
        if not _valid(y, mo, d):
            return None
        v.update(_type="date", _y=y, _m=mo, _d=d)
        kind = "absolute"
    elif rule == "numeric":
        a, b, y = int(g("nu_a")), int(g("nu_b")), int(g("nu_y"))
        if a > 12 and b <= 12:
            d, mo = a, b
        elif b > 12 and a <= 12:
            d, mo = b, a
        elif day_first:
            d, mo = a, b
        else:
            d, mo = b, a
        if not _valid(y, mo, d):
            return None
        v.update(_type="date", _y=y, _m=mo, _d=d)
        kind = "absolute"
    elif rule in ("mdy", "dmy"):
        p = rule
        mo, d = _month(lx, g(f"{p}_m")), _day_num(g(f"{p}_d"))
        y = _int(g(f"{p}_y"))
        if mo is None or not _valid(y or 2000, mo, d):
            return None
        if y:
            v.update(_type="date", _y=y, _m=mo, _d=d)
            kind = "absolute"
        else:
            v.update(_type="md", _m=mo, _d=d)
        start = m.start(f"{p}_pre") if g(f"{p}_pre") else start
    elif rule in ("range_mdy", "range_dmy"):
        p = "rm" if rule == "range_mdy" else "rd"
        mo = _month(lx, g(f"{p}_m"))
        mo2 = _month(lx, g("rm_m2")) if p == "rm" and g("rm_m2") else mo
        d1, d2 = _day_num(g(f"{p}_d1")), _day_num(g(f"{p}_d2"))
        y = _int(g(f"{p}_y"))
        if mo is None or mo2 is None or not _valid(y or 2000, mo, d1) or not _valid(y or 2000, mo2, d2):
            return None
        if (mo2, d2) <= (mo, d1):
            return None
        v.update(_type="drange", _y=y, _m=mo, _d=d1, _m2=mo2, _d2=d2)
        kind = "absolute" if y else "partial"
    elif rule == "month_year":
        mo = _month(lx, g("my_m"))
        if mo is None:
            return None
        v.update(_type="month", _y=int(g("my_y")), _m=mo, _part=g("my_part"))
    elif rule == "year_range":
        a, b = int(g("yr_a")), int(g("yr_b"))
        if not (a < b <= a + 100):
            return None
        v.update(_type="yrange", _y=a, _y2=b)
    elif rule == "month_part":
        v.update(_type="month_name", _m=_month(lx, g("mp_m")), _dir="0", _part=_norm(g("mp_part")))
    elif rule == "year_part":
        v.update(_type="year", _y=int(g("yp_y")), _part=_norm(g("yp_part")))
    elif rule == "year":
        v.update(_type="year", _y=int(g("y_y")))
        if not g("y_pre"):
            start = m.start("y_y")
    elif rule == "relative_day":
        v.update(_type="relday", _n=lx.relative_days[_norm(g("rel_w"))])
        kind = "relative"
    elif rule == "past_range":
        n = g("pr_n")
        v.update(_type="past", _n=(1 if n is None else lx.number(n)),
                 _unit=lx.units[g("pr_unit").lower()]["unit"])
        _scale(v, lx, g("pr_unit"))
        kind = "relative"
    elif rule == "recent_range":
        v.update(_type="vague", _unit=lx.units[g("rr_unit").lower()]["unit"])
        kind = "relative"
    elif rule == "ago":
        n = g("ago_n")
        v.update(_type="ago", _n=(lx.number(n) if n else None),
                 _unit=lx.units[g("ago_unit").lower()]["unit"])
        _scale(v, lx, g("ago_unit"))
        kind = "relative"
    elif rule == "shift":
        w = (g("sh_w") or g("sh_w2")).lower()
        v.update(_type="shift", _n=lx.number(g("sh_n")), _unit=lx.units[g("sh_unit").lower()]["unit"],
                 _dir=str(lx.shift_words[w]))
        _scale(v, lx, g("sh_unit"))
        kind = "relative"
    elif rule == "shift_fixed":
        unit, n = lx.shift_fixed[_norm(g("sf_w"))]
        v.update(_type="shift", _n=abs(n), _unit=unit, _dir=str((n > 0) - (n < 0)))
        kind = "relative"
    elif rule == "weekday":
        mod = g("wd_mod")
        v.update(_type="weekday", _wd=lx.weekday_num[g("wd_name").lower()],
                 _dir=str(lx.modifiers[_norm(mod)]) if mod else "0", _part=g("wd_part"))
        kind = "relative"
    elif rule == "period":
        spec = lx.periods[_norm(g("pe_mod"))]
        v.update(_type="period", _unit=g("pe_unit").lower(), _n=int(spec["shift"]), _part=spec["part"])
        kind = "relative"
    elif rule == "month_name":
        mod = g("mn_mod")
        v.update(_type="month_name", _m=_month(lx, g("mn_m")),
                 _dir=str(lx.modifiers[_norm(mod)]) if mod else "0")
        if g("mn_ctx"):
            start = m.start("mn_m")
        kind = "relative"
    elif rule in ("duration_adj", "duration"):
        v.update(_type="duration")
        kind = "duration"
    else:  # pragma: no cover - every rule is handled above
        return None
    v["kind"] = kind
    return v, start, end


def _scale(v: dict, lx: _Lex, unit_word: str) -> None:
    """Units counting several base units ("fortnight" = 14 days)."""
    k = lx.units[unit_word.lower()].get("n", 1)
    if k != 1 and v.get("_n") is not None:
        v["_n"] = v["_n"] * k


_CAP_NAME_AFTER = re.compile(_SP + r"[A-Z][\w-]")
_SENT_START_BEFORE = re.compile(r"(?:^|[.!?:;\"“‘(\[\n]|—|–)[^\S\n]*$")


def _is_name_part(text: str, start: int, end: int, sent_start: int) -> bool:
    """"Halab Today TV": a capitalised relative word inside a name is not a date."""
    if not text[start:start + 1].isupper():
        return False
    if _CAP_NAME_AFTER.match(text, end):
        return True
    before = text[max(sent_start, start - 3):start]
    return start > sent_start and not _SENT_START_BEFORE.search(before)


_NAMEABLE = ("weekday", "month_name", "md", "drange")


def _is_named(lx: _Lex, text: str, start: int, end: int, v: dict) -> bool:
    """"The Sunday Times", "the March 14 alliance": a name, not a date."""
    for m in lx.not_dates.finditer(text, max(0, start - 30), min(len(text), end + 30)):
        if m.start() < end and start < m.end():
            return True
    return v.get("_type") == "md" and lx.named_after.match(text, end) is not None


def tag(article_id: str, text: str, sentences: list[tuple[int, int]], *,
        day_first: bool | None = None, scan=None) -> list[dict]:
    """Every date expression of ``text`` as a row with evidence, in text order (unresolved).

    Rows carry ``date_id``, ``article_id``, ``sentence``, ``start``, ``end``, ``text``,
    ``kind``, ``rule`` and the private keys in ``PRIVATE`` (primitive values only).
    ``day_first`` reads ambiguous numeric dates ("05/06/2020") day first; default from
    ``settings.day_first`` in the lexicon. Never raises on a string.
    """
    if not text or not isinstance(text, str):
        return []
    lx = _lex()
    scan = _scanner().finditer if scan is None else scan
    first = bool(lx.settings.get("day_first", True)) if day_first is None else bool(day_first)
    spans = [(int(s), int(e)) for s, e in sentences] if sentences is not None else []
    starts = [s for s, _ in spans]
    rows: list[dict] = []
    sent_idx: list[int] = []
    future: dict[int, bool] = {}
    sent_text: dict[int, str] = {}    # one string per sentence, however many dates it holds
    for m in scan(text):
        rule = m.lastgroup
        try:
            got = _values(m, rule, lx, first)
        except (KeyError, ValueError, TypeError, AttributeError, OverflowError):
            got = None
        if got is None:
            continue
        v, start, end = got
        i = bisect_right(starts, start) - 1
        if i >= 0 and start < spans[i][1]:
            s0, s1 = spans[i]
        else:
            s0, s1, i = start, end, -1
        if rule == "relative_day" and _is_name_part(text, start, end, s0):
            continue
        t = v["_type"]
        if t in _NAMEABLE and _is_named(lx, text, start, end, v):
            continue
        sentence = sent_text.get(s0)
        if sentence is None or len(sentence) != s1 - s0:
            sentence = sent_text[s0] = text[s0:s1]
        if t in ("weekday", "month_name", "md"):
            fut = future.get(s0)
            if fut is None:
                fut = future[s0] = lx.future_re.search(sentence) is not None
            v["_future"] = fut
        row = {"date_id": f"{article_id}:d{len(rows) + 1}", "article_id": article_id,
               "sentence": sentence, "start": start, "end": end, "text": text[start:end],
               "kind": v.pop("kind"), "rule": rule}
        row.update(_NO_PRIVATE)         # every private key, in order (`_values` sets some)
        row.update(v)
        row["_future"] = bool(row["_future"])
        if t == "shift":
            row["_ref"] = _reference(rows, sent_idx, i)
        rows.append(row)
        sent_idx.append(i)
    return rows


def _reference(rows: list[dict], sent_idx: list[int], i: int) -> str | None:
    """The date a shift ("a week earlier") counts from: the last one before it in the
    same or the previous sentence (durations never count)."""
    for row, j in zip(reversed(rows), reversed(sent_idx)):
        if i < 0 or j < i - 1:
            return None
        if row["kind"] != "duration":
            return row["date_id"]
    return None


def is_future(sentence: str | None) -> bool:
    """Whether ``sentence`` talks about the future ("will", "is expected to", ...)."""
    return bool(sentence) and _lex().future_re.search(sentence) is not None


# --------------------------------------------------------------------------- resolution

def anchor_bounds(anchor: str | None, precision: str | None = None) -> tuple[date, date] | None:
    """First and last day a publication date (``2020``, ``2020-07``, ``2020-05-06``) allows."""
    if anchor is None or (isinstance(anchor, float) and math.isnan(anchor)):
        return None
    s = str(anchor).strip()[:10]
    if precision is None or isinstance(precision, str):
        return _bounds(s, precision)       # memoised: a few thousand publication dates
    return _bounds.__wrapped__(s, precision)


@lru_cache(maxsize=4096)
def _bounds(s: str, precision: str | None) -> tuple[date, date] | None:
    try:
        parts = [int(p) for p in s.split("-")]
    except ValueError:
        return None
    try:
        if len(parts) == 1 or precision == "year":
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2 or precision == "month":
            y, mo = parts[0], parts[1]
            return date(y, mo, 1), date(y, mo, _month_days(y, mo))
        d = date(parts[0], parts[1], parts[2])
        return d, d
    except ValueError:
        return None


def _month_end(y: int, mo: int) -> date:
    return date(y, mo, _month_days(y, mo))


def _add_months(d: date, n: int) -> date:
    y, mo = divmod(d.month - 1 + n, 12)
    y += d.year
    mo += 1
    return date(y, mo, min(d.day, _month_days(y, mo)))


def _week(d: date) -> tuple[date, date]:
    ws = d - timedelta(days=d.weekday())
    return ws, ws + timedelta(days=6)


_Val = tuple[date, date, str]


def _at(row: dict, a: date | None) -> _Val | None:
    """Resolve one row against an exact publication day ``a`` (None: no anchor)."""
    t = row.get("_type")
    y, mo, d = _int(row.get("_y")), _int(row.get("_m")), _int(row.get("_d"))
    n = _int(row.get("_n"))
    unit = row.get("_unit")
    fut = row.get("_future")
    future = fut is not None and fut == fut and bool(fut)      # NaN (from a frame) is False
    if t == "date":
        x = date(y, mo, d)
        return x, x, "day"
    if t == "month":
        return date(y, mo, 1), _month_end(y, mo), "month"
    if t == "year":
        return date(y, 1, 1), date(y, 12, 31), "year"
    if t == "yrange":
        return date(y, 1, 1), date(_int(row.get("_y2")), 12, 31), "range"
    if t == "isoweek":
        return date.fromisocalendar(y, n, 1), date.fromisocalendar(y, n, 7), "week"
    if t == "drange" and y:
        return date(y, mo, d), date(y, _int(row.get("_m2")), _int(row.get("_d2"))), "range"
    if a is None:
        return None
    if t in ("md", "drange"):
        m2, d2 = (mo, d) if t == "md" else (_int(row.get("_m2")), _int(row.get("_d2")))
        after = int(_lex().settings.get("days_after_publication", 7))
        best = None
        for yy in (a.year + 1, a.year, a.year - 1):
            if not (_valid(yy, mo, d) and _valid(yy, m2, d2)):
                continue
            hi = date(yy, m2, d2)
            if future:
                if hi >= a:
                    best = yy  # keeps the earliest year on/after publication
            elif hi <= a + timedelta(days=after):
                best = yy
                break
        if best is None:
            return None
        if t == "md":
            x = date(best, mo, d)
            return x, x, "day"
        return date(best, mo, d), date(best, m2, d2), "range"
    if t == "month_name":
        if mo is None:
            return None
        dr = str(row.get("_dir") or "0")
        if dr == "same":
            yy = a.year
        elif dr == "1" or (dr == "0" and future):
            yy = a.year if (mo > a.month or (dr == "0" and mo == a.month)) else a.year + 1
        elif dr == "-1":
            yy = a.year if mo < a.month else a.year - 1
        else:
            yy = a.year if mo <= a.month else a.year - 1
        return date(yy, mo, 1), _month_end(yy, mo), "month"
    if t == "weekday":
        wd = _int(row.get("_wd"))
        dr = str(row.get("_dir") or "0")
        back = (a.weekday() - wd) % 7
        if dr == "same":
            x = _week(a)[0] + timedelta(days=wd)
        elif dr == "1" or (dr == "0" and future):
            fwd = (wd - a.weekday()) % 7
            x = a + timedelta(days=fwd if (fwd or dr == "0") else 7)
        elif dr == "-1":
            x = a - timedelta(days=back or 7)
        else:
            x = a - timedelta(days=back)
        return x, x, "day"
    if t == "relday":
        x = a + timedelta(days=n)
        return x, x, "day"
    if t == "period":
        part = row.get("_part") or "whole"
        if unit in ("week", "weekend"):
            ws, we = _week(a)
            ws, we = ws + timedelta(weeks=n), we + timedelta(weeks=n)
            if unit == "weekend":
                return ws + timedelta(days=5), we, "range"
            gran = "week"
        elif unit == "month":
            first = _add_months(date(a.year, a.month, 1), n)
            ws, we, gran = first, _month_end(first.year, first.month), "month"
        elif unit == "year":
            ws, we, gran = date(a.year + n, 1, 1), date(a.year + n, 12, 31), "year"
        else:
            return None
        if part == "before":
            return ws, min(we, a), "range"
        if part == "after":
            return max(ws, a), we, "range"
        return ws, we, gran
    if t == "past":
        if n is None:
            return None
        lo = _minus(a, n, unit)
        return (lo, a, "range") if lo else None
    if t == "ago":
        if n is None:
            return None
        x = _minus(a, n, unit)
        if x is None:
            return None
        if unit == "day":
            return x, x, "day"
        if unit == "week":
            return (*_week(x), "week")
        if unit == "month":
            return date(x.year, x.month, 1), _month_end(x.year, x.month), "month"
        if unit == "year":
            return date(x.year, 1, 1), date(x.year, 12, 31), "year"
        return x, x, "day"
    return None


def _minus(a: date, n: int, unit: str | None) -> date | None:
    if unit == "day":
        return a - timedelta(days=n)
    if unit == "week":
        return a - timedelta(weeks=n)
    if unit == "month":
        return _add_months(a, -n)
    if unit == "year":
        return _add_months(a, -12 * n)
    if unit == "hour":
        return a - timedelta(days=math.ceil(n / 24))
    return None


def _shift(row: dict, ref: dict | None) -> _Val | None:
    """"a week earlier": the referenced date moved by the stated amount."""
    if not ref or not ref.get("value_low") or not ref.get("value_high"):
        return None
    n, unit, dr = _int(row.get("_n")), row.get("_unit"), _int(row.get("_dir"))
    if n is None or dr is None:
        return None
    lo, hi = date.fromisoformat(ref["value_low"]), date.fromisoformat(ref["value_high"])
    gran = ref.get("granularity")
    k = n * dr
    if unit == "day":
        lo, hi = lo + timedelta(days=k), hi + timedelta(days=k)
        out = gran if gran == "day" else "range"
    elif unit == "week":
        lo, hi = lo + timedelta(weeks=k), hi + timedelta(weeks=k)
        out = gran if gran in ("day", "week") else "range"
    elif unit == "month":
        if gran == "month":
            lo = _add_months(lo, k)
            hi = _month_end(lo.year, lo.month)
            out = "month"
        else:
            lo, hi, out = _add_months(lo, k), _add_months(hi, k), ("day" if gran == "day" else "range")
    elif unit == "year":
        if gran == "year":
            lo, hi, out = date(lo.year + k, 1, 1), date(hi.year + k, 12, 31), "year"
        else:
            lo, hi, out = _add_months(lo, 12 * k), _add_months(hi, 12 * k), ("day" if gran == "day" else "range")
    else:
        return None
    return lo, hi, out


_VALUE_COLUMNS = ("value_low", "value_high", "granularity", "anchor")
_EMPTY = dict.fromkeys(_VALUE_COLUMNS)
_NO_VALUE = (None, None, None, None)
_FAILED = (ValueError, TypeError, OverflowError, KeyError)
_NEEDS_ANCHOR = frozenset(("md", "month_name", "weekday", "relday", "period", "past", "ago"))


def resolve(row: dict, anchor: str | None, precision: str | None = None, *,
            ref: dict | None = None) -> dict:
    """``value_low``, ``value_high`` (ISO days), ``granularity`` and ``anchor`` of a row.

    ``anchor`` is the article's publication date at ``precision`` (day|month|year); an
    expression that needs it is resolved only when every day ``anchor`` allows gives the
    same value. ``ref`` is the resolved row a shift ("a week earlier") counts from.
    Unresolvable: all None (never guessed). Never raises.
    """
    try:
        if row.get("_type") == "shift":
            got = _shift(row, ref)
            if got is None:
                return dict(_EMPTY)
            lo, hi, gran = got
            return {"value_low": lo.isoformat(), "value_high": hi.isoformat(),
                    "granularity": gran, "anchor": ref.get("anchor") if ref else None}
        return dict(zip(_VALUE_COLUMNS, _value_of(row, anchor, precision)))
    except _FAILED:
        return dict(_EMPTY)


def _value_of(row: dict, anchor: str | None, precision: str | None) -> tuple:
    """`resolve` of a row that is not a shift, as a tuple in `_VALUE_COLUMNS` order (may
    raise on bad values)."""
    t = row.get("_type")
    if t in (None, "duration", "vague") or isinstance(t, float):
        return _NO_VALUE
    # types that need a publication date: `_at` without one would only say None (or raise
    # as it does with one)
    fixed = None if t in _NEEDS_ANCHOR else _at(row, None)
    if fixed is not None:
        lo, hi, gran = fixed
        return lo.isoformat(), hi.isoformat(), gran, None
    bounds = anchor_bounds(anchor, precision)
    if bounds is None:
        return _NO_VALUE
    first = _at(row, bounds[0])
    if first is None or (bounds[1] != bounds[0] and _at(row, bounds[1]) != first):
        return _NO_VALUE
    lo, hi, gran = first
    return lo.isoformat(), hi.isoformat(), gran, str(anchor)


def _clean(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is pd.NA or v is pd.NaT:
        return None
    return v


# values `_clean` keeps as they are, told by their type (much cheaper than `_clean`)
_PLAIN = frozenset((str, int, bool, type(None)))


def _cleaned(row: dict) -> dict:
    """``row`` with missing values (NaN, NA, NaT) as None; ``row`` itself when it has none."""
    for v in row.values():
        if type(v) not in _PLAIN and not (type(v) is float and v == v):
            return {k: _clean(v) for k, v in row.items()}
    return row


def iso_day(v) -> date | None:
    """The day an ISO date string (or value) starts with: ``"2020-05-06..."`` -> date;
    None for missing values and anything that is not one. Cached: the same few thousand
    days recur across a corpus's rows."""
    if v.__class__ is str:
        return _iso_day(v[:10])
    if v is None:
        return None
    try:
        return None if pd.isna(v) else _iso_day(str(v)[:10])
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=65536)
def _iso_day(s: str) -> date | None:
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None


def resolve_rows(rows: list[dict], anchor: str | None, precision: str | None = None) -> list[dict]:
    """Resolve one article's rows in text order (shifts use the rows before them)."""
    done: dict[str, dict] = {}
    out = []
    for row in rows:
        row = _cleaned(row)
        ref = done.get(row.get("_ref")) if row.get("_ref") else None
        res = resolve(row, anchor, precision, ref=ref)
        done[row.get("date_id")] = res
        out.append({**row, **res})
    return out


# What `resolve` reads of a row (besides ``_ref``, the row a shift counts from).
_RESOLVE_KEYS = ("_type", "_y", "_m", "_d", "_y2", "_m2", "_d2", "_n", "_unit", "_dir",
                 "_part", "_wd", "_future")
# Types whose value does not depend on the publication date (or that never get one)
_FIXED_TYPES = frozenset((None, "date", "month", "year", "yrange", "isoweek", "duration",
                          "vague"))
_EVIDENCE_COLUMNS = ("date_id", "article_id", "sentence", "start", "end", "text", "kind", "rule")


def _column(df: pd.DataFrame, name: str) -> list:
    """``df[name]`` as a list with missing values (NaN, NA, NaT) as None, like `_clean`
    (all None when the column is absent)."""
    if name not in df:
        return [None] * len(df)
    col = df[name]
    missing = col.isna().to_numpy()
    if not missing.any():
        return col.tolist()
    values = col.to_numpy(dtype=object, copy=True)
    values[missing] = None
    return values.tolist()


def resolve_table(dates: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The ``dates`` table: every mention resolved against its article's ``published``.

    The same as `resolve_rows` over each article's rows (articles in order of first
    appearance, rows in text order), but column-wise: a row's value depends only on its
    `_RESOLVE_KEYS` values, its article's publication date and (shifts only) the row it
    counts from, so each distinct combination is resolved once.
    """
    if dates is None or len(dates) == 0:
        return frame("dates", [])
    pub: dict[str, tuple] = {}
    if articles is not None and len(articles) and "article_id" in articles:
        for aid, p, pr in zip(articles["article_id"], _column(articles, "published"),
                              _column(articles, "published_precision")):
            pub[aid] = (p, pr)
    seen: dict = {}
    # each row's article, numbered in order of first appearance
    art = [seen.setdefault(a, len(seen)) for a in dates["article_id"].tolist()]
    grouped = all(a <= b for a, b in zip(art, art[1:]))   # each article's rows together
    pubs = [pub.get(a, (None, None)) for a in seen]       # by article number
    anchored: dict[tuple, dict] = {}          # (anchor, precision) -> row values -> value
    memos = [anchored.setdefault(p, {}) for p in pubs]
    fixed: dict[tuple, tuple] = {}            # row values -> value (`_FIXED_TYPES`)
    ids, refs = _column(dates, "date_id"), _column(dates, "_ref")
    values: list[tuple] = []                  # per row, in `_VALUE_COLUMNS` order
    cur, memo, anchor, precision = -1, {}, None, None
    keys = zip(*(_column(dates, k) for k in _RESOLVE_KEYS))
    for i, (a, key) in enumerate(zip(art, keys)):
        if a != cur:
            cur, memo = a, memos[a]
            anchor, precision = pubs[a]
        t = key[0]
        if t == "shift":
            ref = refs[i]
            j = _earlier(ref, i, ids, art, grouped) if ref else None
            res = resolve(dict(zip(_RESOLVE_KEYS, key)), anchor, precision,
                          ref=None if j is None else dict(zip(_VALUE_COLUMNS, values[j])))
            values.append(tuple(res[c] for c in _VALUE_COLUMNS))
            continue
        cache = fixed if t in _FIXED_TYPES else memo
        got = cache.get(key)
        if got is None:
            try:
                got = _value_of(dict(zip(_RESOLVE_KEYS, key)), anchor, precision)
            except _FAILED:
                got = _NO_VALUE
            cache[key] = got
        values.append(got)
    data = {c: dates[c].reset_index(drop=True) for c in _EVIDENCE_COLUMNS if c in dates}
    if not grouped:      # the rows grouped by article, as `resolve_rows` gave them
        order = sorted(range(len(art)), key=art.__getitem__)
        data = {c: col.take(order).reset_index(drop=True) for c, col in data.items()}
        values = [values[i] for i in order]
    for k, c in enumerate(_VALUE_COLUMNS):     # (not zip(*values): an iterator per row)
        data[c] = list(map(itemgetter(k), values))
    return frame("dates", pd.DataFrame(data))


def _earlier(ref: str, i: int, ids: list, art: list[int], grouped: bool) -> int | None:
    """The last row before row ``i`` of its article with date_id ``ref`` (the row a shift
    counts from), or None."""
    a = art[i]
    for k in range(i - 1, -1, -1):
        if art[k] == a:
            if ids[k] == ref:
                return k
        elif grouped:
            return None
    return None


def tag_text(text: str, published: str | None = None, *, precision: str | None = None,
             day_first: bool | None = None, article_id: str = "text") -> list[dict]:
    """Tag and resolve a bare string (tests, benchmarks, notebooks)."""
    rows = tag(article_id, text, _sentences(text or ""), day_first=day_first)
    return resolve_rows(rows, published, precision)
