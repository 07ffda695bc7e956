"""Casualty claims: counts of people killed or injured, with their evidence.

``extract(article_id, text, sentences, *, dates, places, sources)`` reads one article's
text (after the date, place and source extractors ran on it) and returns one row per
count claimed, with the columns of the ``casualties`` table plus private keys (``_date_ref``
and friends) that ``finalize`` turns into ``date_low``/``date_high`` once publication
dates are known. ``extract_text(text, published=None)`` runs the whole chain on a bare
string (for tests and notebooks).

How a claim is found (every word list in ``lexicons/casualties.yaml``, numbers in
``analysis.numbers``): a sentence is examined only if it holds a casualty stem; each
number phrase in it is read with the words around it:

- ``passive``: number, victims, a passive predicate ("At least four Iranian militants and
  three civilians were killed"; coordinated groups share the predicate; "14 were killed
  and 20 wounded"; "5 dead", "N deaths");
- ``active``: an active predicate before the number ("killing at least 45 people",
  "killed dozens of Iranian troops", "the killing of 7 advisors", "killed a QSD fighter",
  "killing and injuring a number of fighters" gives one row per outcome);
- ``leaving``: "leaving N (people) dead/wounded"; ``toll``: "the death toll rose to N";
- ``part_of``: "including 23 people", "among them 3 children" after a claim in the same
  sentence: the same outcome, ``part_of`` = that claim's mention id;
- ``named``: one named person killed ("Soleimani was killed"): count 1.

A number followed by a non-casualty noun (missiles, strikes, kilometres, hostages...), a
hyphenated compound ("25-year-old") or preceded by "mother of" is never a claim.
``location`` and the governing date come from the places and dates of the claim's
sentence (a place only after a locative word: "in", "near", "on", "targeting"...):
an expression placed right before a claim ("In April, three civilians ...",
"A week earlier, at least nine ...") belongs to it; otherwise one after a claim belongs
to the claim before it, one before every claim to the first claim; a claim takes the
first place/date after it, else the last before it; an "including" claim without its own
takes its total's; a claim with no date in its sentence takes the last date of the
previous sentence (rule suffix ``+prevdate``). "A week earlier"-style dates count from
the previous claim's window. ``hedged``: a hedge word in the sentence. ``attributed_to``:
the source attributed in the same sentence (first after the claim, else last before).
``aggregate``: an active perfect predicate ("strikes have killed dozens") or an
aggregate cue ("since the start of") in the claim's clause.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, timedelta
from functools import lru_cache
from itertools import islice

import numpy as np
import pandas as pd

from analysis import lexicons, numbers
from analysis.dates import iso_day
from analysis.schema import columns

PRIVATE = ("_date_ref", "_date_shift", "_date_anchor")

_TOKEN = re.compile(r"[\w][\w'’\-]*|[^\w\s]")
# small patterns of the claim rules, compiled once
_AGE_LIKE = re.compile(r"\d+-[a-z][\w-]*")                 # "10-year-old": a modifier
_GROUP_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|as\s+well\s+as\s+)")
_SPACES = re.compile(r"\s*")
_SPACES_COMMAS = re.compile(r"[\s,]*")
_NEXT_WORD = re.compile(r"\s*([\w-]+)")
_LAST_WORD = re.compile(r"([\w-]+)\s+$")
_CLAUSE_JOIN = re.compile(r"\band\b|;|\bwhile\b|\bwhereas\b|\bbut\b")


def _alt(words) -> str:
    ordered = sorted({" ".join(str(w).lower().split()) for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in ordered)


def _norm(s: str) -> str:
    return " ".join(str(s).lower().replace("’", "'").split())


class _Lex:
    """The compiled casualty lexicon (built once)."""

    def __init__(self) -> None:
        d = lexicons.load("casualties")
        lexicons.require(d, ["cue_stems", "passive", "auxiliaries", "active", "victims",
                             "non_casualty", "np_stop", "hedges", "part_of"], "casualties")
        I = re.IGNORECASE
        self.cue = re.compile("|".join(re.escape(s) for s in d["cue_stems"]), I)
        self.cue_stems = tuple(sorted({str(s).lower() for s in d["cue_stems"]}))
        self.passive_outcome = {_norm(w): o for o, ws in d["passive"].items() for w in ws}
        aux = _alt(d["auxiliaries"])
        self.passive = re.compile(
            rf"\s*(?:,\s*)?(?P<aux>(?:(?:{aux}|\w+ly)\s+){{0,4}})(?P<verb>{_alt(self.passive_outcome)})(?![\w-])", I)
        self.active_outcome = {_norm(w): o for o, ws in d["active"].items() for w in ws}
        self.both = {_norm(w) for w in d.get("both_outcomes", [])}
        self.active = re.compile(rf"(?<![\w-])(?P<verb>{_alt(self.active_outcome)})\s+$", I)
        self.perfect = re.compile(r"\b(?:have|has|had)\b(?:\s+[\w'’-]+){0,3}\s+$", I)
        self.leaving = re.compile(rf"(?<![\w-])(?:{_alt(d.get('leaving', []))})\s+$", I)
        self.leaving_outcome = {_norm(w): o for o, ws in d.get("leaving_outcome", {}).items() for w in ws}
        self.leaving_after = re.compile(rf"\s*(?P<w>{_alt(self.leaving_outcome)})(?![\w-])", I)
        self.count_noun = {_norm(w): o for o, ws in d.get("count_nouns", {}).items() for w in ws}
        toll = {_norm(w): o for o, ws in d.get("toll", {}).items() for w in ws}
        self.toll_outcome = toll
        self.toll = re.compile(
            rf"(?<![\w-])(?P<noun>{_alt(toll)})\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_alt(d.get('toll_verbs', []))})\s+$", I)
        self.victim_type: dict[str, str] = {}
        self.singular: set[str] = set()
        for vtype, entries in d["victims"].items():
            for entry in entries:
                forms = str(entry).lower().split()
                if len(forms) == 2 and forms[1] not in ("workers", "worker", "officer", "officers", "driver"):
                    self.singular.add(forms[0])
                    for f in forms:
                        self.victim_type[f] = vtype
                elif len(forms) == 2:  # a two-word noun ("aid worker", "police officers")
                    self.victim_type[forms[1]] = vtype
                    if not forms[1].endswith("s"):
                        self.singular.add(forms[1])
                else:
                    self.victim_type[forms[0]] = vtype
        self.nonc = {_norm(w) for w in d["non_casualty"]}
        self.modifier_only_before = {_norm(w) for w in d.get("modifier_only_before", [])}
        self.stop = {_norm(w) for w in d["np_stop"]}
        self.of_ext = int(d.get("np_of_extension", 6))
        self.max_mods = int(d.get("np_max_modifiers", 5))
        self.not_after = re.compile(rf"(?<![\w-])(?:{_alt(d.get('not_after', []))})\s+$", I)
        self.hedge = re.compile(rf"(?<![\w-])(?:{_alt(d['hedges'])})(?![\w-])", I)
        self.part_of = re.compile(rf"(?<![\w-])(?:{_alt(d['part_of'])})\s*:?\s+$", I)
        self.aggregate = re.compile(rf"(?<![\w-])(?:{_alt(d.get('aggregate_cues', []))})(?![\w-])", I)
        self.aggregate_perfect = bool(d.get("aggregate_perfect", True))
        self.anaphoric = [(re.compile(rf"(?<![\w-])(?:{a['pattern']})(?![\w-])", I), int(a["days"]))
                          for a in d.get("anaphoric_dates", [])]
        # one scan that finds something wherever one of them would (a sentence without a
        # match skips the scans one by one); None when they cannot be joined
        try:
            self.anaphoric_any = re.compile(
                "|".join(f"(?:{rx.pattern})" for rx, _ in self.anaphoric), I) if self.anaphoric else None
        except re.error:
            self.anaphoric_any = None
        word = r"(?:[a-z]{1,3}-)?[A-Z][\w'’\-]*"
        join = r"(?:\s+(?:bin|ibn|bint|al|el|de|van|von|abu)(?=\s))?"
        self.named = re.compile(
            rf"(?<![\w'’-])(?P<name>(?:{word}{join}\s+){{0,4}}{word})\s+"
            r"(?:was|has\s+been|had\s+been)\s+(?:\w+ly\s+)?"
            rf"(?:{_alt(d.get('named_predicates', ['killed']))})(?![\w-])")
        self.not_names = {_norm(w) for w in d.get("not_names", [])}
        self.titles = {_norm(w): t for t, ws in d.get("name_titles", {}).items() for w in ws}
        self.singular_det = re.compile(r"(?<![\w-])(?:a|an|single)\s+", I)
        self.place_prep = re.compile(
            rf"(?<![\w-])(?:{_alt(d.get('place_prepositions', ['in']))})(?:\s+[\w'’-]+){{0,2}}\s+$", I)
        # the patterns read at the end of the words before a number ("... killing " + N)
        # all end with a phrase and spaces: the last word of their phrases, for a cheap check first
        self.ends = {
            "not_after": _last_words(d.get("not_after", [])),
            "part_of": _last_words(d["part_of"]),
            "active": _last_words(self.active_outcome),
            "toll": _last_words(d.get("toll_verbs", [])),
            "leaving": _last_words(d.get("leaving", [])),
        }
        self.tolerance = int(d.get("incident_date_tolerance_days", 3))
        self.needs = {name: _needs(getattr(self, name)) if getattr(self, name) is not None else None
                      for name in ("anaphoric_any", "hedge", "aggregate", "named")}
        self.recency = int(d.get("undated_recency_days", 7))


# letters that case-insensitive matching folds onto ASCII letters (see the `re` docs)
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _needs(rx: re.Pattern) -> tuple[tuple[str, ...], bool] | None:
    """Strings of which every match of ``rx`` contains one, and whether they are to be
    looked for in lower case; None when no such set is read from the pattern. A region
    holding none of them cannot hold a match (a cheap check before the scan)."""
    try:
        from re import _constants as C, _parser
        tree = _parser.parse(rx.pattern, rx.flags)
    except Exception:  # noqa: BLE001 - no check then; the pattern is still used as it is
        return None
    icase = bool(rx.flags & re.IGNORECASE)
    repeats = tuple(getattr(C, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                    if hasattr(C, n))

    def seq(items) -> set | None:
        cands, run = [], []
        for op, av in items:
            if op is C.LITERAL:
                run.append(chr(av))
                continue
            if run:
                cands.append({"".join(run)})
                run = []
            got = None
            if op is C.SUBPATTERN and not av[1] and not av[2]:
                got = seq(av[3])
            elif op is C.BRANCH:
                got = set()
                for alt in av[1]:
                    a = seq(alt)
                    if not a:
                        got = None
                        break
                    got |= a
            elif op in repeats and av[0] >= 1:
                got = seq(av[2])
            if got:
                cands.append(got)
        if run:
            cands.append({"".join(run)})
        if not cands:
            return None
        return max(reversed(cands), key=lambda c: min(map(len, c)))   # ties: the last

    found = seq(tree)
    if not found or any(not w for w in found):
        return None
    if icase:
        if any(not w.isascii() for w in found):
            return None
        found = {w.lower() for w in found}
    return tuple(sorted(found)), icase


def _may_match(needs, region: str, low: str | None = None) -> bool:
    """False when ``region`` cannot hold a match of the pattern ``needs`` was read from
    (``low``: ``region`` in lower case, if already made)."""
    if needs is None:
        return True
    words, icase = needs
    if icase:
        if any(c in region for c in _FOLDS_TO_ASCII):
            return True
        region = region.lower() if low is None else low
    for w in words:
        if w in region:
            return True
    return False


def _last_words(phrases) -> tuple | None:
    """The last words (lower case) of ``phrases``; None when a check on them could miss
    a match (no phrase, an empty one, a letter outside ASCII that may fold case)."""
    out = set()
    for p in phrases:
        words = _norm(p).split()
        if not words or not words[-1].isascii():
            return None
        out.add(words[-1])
    return tuple(sorted(out)) or None


def _tail_words(before: str) -> tuple[str, ...] | None:
    """The last word of ``before`` (lower case), also without a trailing colon, when
    ``before`` ends with whitespace; () when it does not (no pattern ending "<phrase>, spaces" can
    match); None when the words are not ASCII (the patterns are then tried as they are)."""
    t = before.rstrip()
    if len(t) == len(before) or not t:
        return ()
    w = t.rsplit(None, 1)[-1]
    if not w.isascii():
        return None
    if t.endswith(":"):
        t2 = t[:-1].rstrip()
        if t2:
            w2 = t2.rsplit(None, 1)[-1]
            if not w2.isascii():
                return None
            return w.lower(), w2.lower()
    return (w.lower(),)


def _may_end(words: tuple[str, ...] | None, ends: tuple | None) -> bool:
    """False when no phrase ending with one of ``ends`` can end the text ``words`` came
    from (so the pattern need not be tried)."""
    if words is None or ends is None:
        return True
    return any(w.endswith(ends) for w in words)


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    return _Lex()


def lexicon():
    """The compiled casualty lexicon (shared with ``analysis.incidents``)."""
    return _lex()


# --------------------------------------------------------------------------- victims


def _victims(text: str, pos: int, end: int, *, singular: bool = False):
    """Read the victim noun phrase starting at ``pos``.

    Returns ``(status, np_start, np_end, heads)`` with status ``head`` (a victim noun
    found), ``bare`` (no noun: the number stands alone), ``reject`` (a non-casualty
    noun, a hyphen compound) or ``none`` (words but no victim noun). A phrase is runs of
    modifier words ending in a victim noun ("Iranian military advisors"), joined by
    "and" ("Iranians and Iran-backed militants") and continued by "of ..." ("members of
    the Lebanese Hezbollah terrorist group").
    """
    lex = _lex()
    if pos < end and text[pos] in "-–" and pos + 1 < end and text[pos + 1].isalpha():
        return "reject", pos, pos, []
    # the first words decide most phrases: read those, and the rest (up to 40 words)
    # only when the phrase goes on
    words = _TOKEN.finditer(text, pos, min(end, pos + 300))
    first = min(40, max(lex.max_mods, 0) + 5)
    toks = [(m.start(), m.end(), m.group()) for m in islice(words, first)]
    if not toks:
        return "bare", pos, pos, []
    i = 0
    if toks[0][2].lower() == "of":  # "dozens of (the) ...", "nine of the fighters"
        i = 1
        if i < len(toks) and toks[i][2].lower() in ("them", "those", "whom"):
            return "bare", pos, toks[i][1], []
        if i < len(toks) and toks[i][2].lower() == "the":
            i += 1
    start_i = i

    def run(i):
        """One run of words from token i: (status, last victim-noun index, next index)."""
        last = None
        j = i
        while j < len(toks) and j - i <= lex.max_mods:
            w = toks[j][2]
            lw = w.lower().replace("’", "'")
            if not w[0].isalnum() or (w[0].isdigit() and not _AGE_LIKE.fullmatch(w)):
                break  # "10-year-old" is a modifier; a bare number is not
            if lw in lex.nonc or lw in lex.modifier_only_before:
                return "reject", None, j
            if lw in lex.victim_type:
                last = j
                j += 1
                continue
            if lw in lex.stop or lw in lex.passive_outcome or lw in lex.count_noun or \
                    lw in ("and", "or", "&"):
                break
            j += 1
        if last is None:
            return ("bare" if j == i else "none"), None, j
        return "head", last, last + 1

    status, last, j = run(i)
    if status != "head":
        return status, pos, pos, []
    if singular and toks[last][2].lower() not in lex.singular:
        return "none", pos, pos, []
    if len(toks) == first:
        toks.extend((m.start(), m.end(), m.group()) for m in islice(words, 40 - first))
    heads = [toks[last][2].lower()]
    np_end = toks[last][1]
    i = j
    while i < len(toks):
        lw = toks[i][2].lower()
        if lw == "of":
            k = i + 1
            while k < len(toks) and k - i <= lex.of_ext and toks[k][2][0].isalpha() and \
                    toks[k][2].lower() not in (lex.stop - {"the", "a", "an"}) and \
                    toks[k][2].lower() not in ("and", "or") and \
                    toks[k][2].lower() not in lex.passive_outcome:
                k += 1
            if k > i + 1:
                np_end = toks[k - 1][1]
                i = k
                continue
            break
        if lw in ("and", "or", "&") and i + 1 < len(toks):
            nxt = numbers.find(text, toks[i + 1][0], min(end, toks[i + 1][0] + 40))
            if nxt and nxt[0].start == toks[i + 1][0]:
                break  # another group with its own number
            st, last2, j2 = run(i + 1)
            if st == "head":
                heads.append(toks[last2][2].lower())
                np_end = toks[last2][1]
                i = j2
                continue
        break
    return "head", toks[start_i][0], np_end, heads


def _victim_type(heads: list[str]) -> str:
    lex = _lex()
    types = {lex.victim_type.get(h, "unknown") for h in heads}
    if "combatant" in types:
        return "combatant"
    if "civilian" in types:
        return "civilian"
    return "unknown"


# ---------------------------------------------------------------------------- claims


def _claims_in_sentence(text: str, s: int, e: int, place_spans, source_spans,
                        date_spans=()) -> list[dict]:
    """Claims of one sentence (internal dicts, in text order).

    Numbers inside a date expression ("May 5", "24 hours") are never counts."""
    lex = _lex()
    nums = [n for n in numbers.find(text, s, e)
            if not any(a < n.end and n.start < b for a, b in date_spans)]
    # "a"/"an" before a singular victim noun counts one ("killed a QSD fighter")
    for m in lex.singular_det.finditer(text, s, e):
        if any(n.start <= m.start() < n.end for n in nums):
            continue
        if _victims(text, m.end(), e, singular=True)[0] == "head":
            det = text[m.start():m.end()].rstrip()
            nums.append(numbers.Number(m.start(), m.start() + len(det), det, 1, 1, "exact", "singular"))
    nums.sort(key=lambda n: n.start)
    claims: list[dict] = []
    used_until = s
    group: list[tuple] = []  # pending coordinated groups waiting for a shared predicate

    def add(n_start, n_end, count_text, low, high, qual, outcome, vs, ve, heads, span_end, rule,
            unit, **kw):
        claims.append(dict(start=n_start, end=max(span_end, n_end), count_text=count_text,
                           count_low=low, count_high=high, qualifier=qual, outcome=outcome,
                           victims=text[vs:ve] if ve > vs else None,
                           victim_type=_victim_type(heads), rule=rule, unit=unit,
                           pend=max(span_end, n_end), **kw))

    unit_no = 0
    for idx, n in enumerate(nums):
        if n.start < used_until:
            continue
        before = text[s:n.start]
        tw = _tail_words(before)
        ends = lex.ends
        if _may_end(tw, ends["not_after"]) and lex.not_after.search(before[-40:]):
            group = []
            continue
        status, vs, ve, heads = _victims(text, n.end, e)
        if status in ("reject", "none"):
            group = []
            continue
        after = ve if status == "head" else n.end
        nlow, nhigh, nq = n.low, n.high, n.qualifier
        tail = before[-80:]
        # part_of: "including 23 people" after a claim of this sentence
        m = lex.part_of.search(tail) if _may_end(tw, ends["part_of"]) else None
        if m and claims:
            parent = next(c for c in claims if c["unit"] == claims[-1]["unit"])
            outs = [parent["outcome"]]
            pm = lex.passive.match(text, after, e)
            if pm and pm.group("verb"):
                outs = [lex.passive_outcome[_norm(pm.group("verb"))]]
                after = pm.end()
            for o in outs:
                add(n.start, n.end, n.text, nlow, nhigh, nq, o, vs, ve, heads, after, "part_of",
                    unit_no + 1, part_of_key=id(parent), parent_unit=parent["unit"])
            unit_no += 1
            parent["_key"] = id(parent)
            used_until = after
            group = []
            continue
        # active: "killing at least 45 people", "the killing of 7 advisors"
        m = lex.active.search(tail) if _may_end(tw, ends["active"]) else None
        if m:
            verb = _norm(m.group("verb"))
            outs = ["killed", "injured"] if verb in lex.both else [lex.active_outcome[verb]]
            vstart = s + len(before) - len(tail) + m.start()
            perfect = bool(lex.perfect.search(text[s:vstart]))
            unit_no += 1
            for o in outs:
                add(n.start, n.end, n.text, nlow, nhigh, nq, o, vs, ve, heads, after, "active",
                    unit_no, vstart=vstart, perfect=perfect)
            used_until = after
            group = []
            continue
        # toll: "the death toll rose to 45"
        m = lex.toll.search(tail) if _may_end(tw, ends["toll"]) else None
        if m:
            unit_no += 1
            add(n.start, n.end, n.text, nlow, nhigh, nq, lex.toll_outcome[_norm(m.group("noun"))],
                vs, ve, heads, after, "toll", unit_no)
            used_until = after
            group = []
            continue
        # leaving N dead
        if _may_end(tw, ends["leaving"]) and lex.leaving.search(tail):
            lm = lex.leaving_after.match(text, after, e)
            if lm:
                unit_no += 1
                add(n.start, n.end, n.text, nlow, nhigh, nq, lex.leaving_outcome[_norm(lm.group("w"))],
                    vs, ve, heads, lm.end(), "leaving", unit_no)
                used_until = lm.end()
                group = []
                continue
        # passive: "N victims (and M victims) were killed"
        group.append((n, status, vs, ve, heads))
        nxt = nums[idx + 1] if idx + 1 < len(nums) else None
        if status == "head" and nxt is not None and _GROUP_JOIN.fullmatch(text[after:nxt.start]):
            continue  # the next group shares the predicate
        pm = lex.passive.match(text, after, e)
        outcome = None
        pend = after
        if pm:
            verb = _norm(pm.group("verb"))
            aux = pm.group("aux").strip()
            # "two gunmen killed three soldiers": the first group is the agent, not a victim
            follow = [x for x in nums if x.start >= pm.end()]
            active_use = not aux and follow and _SPACES.fullmatch(text[pm.end():follow[0].start])
            if not active_use:
                outcome = lex.passive_outcome[verb]
                pend = pm.end()
        elif status == "bare":
            cm = _NEXT_WORD.match(text[after:e])
            if cm and _norm(cm.group(1)) in lex.count_noun:
                outcome = lex.count_noun[_norm(cm.group(1))]
                pend = after + cm.end()
        if outcome is None:
            group = []
            continue
        unit_no += 1
        for (gn, _status, gvs, gve, gheads) in group:
            add(gn.start, gn.end, gn.text, gn.low, gn.high, gn.qualifier, outcome, gvs, gve, gheads,
                pend, "passive", unit_no)
        used_until = pend
        group = []
    # a named person: "Soleimani was killed"
    for m in (lex.named.finditer(text, s, e) if _may_match(lex.needs["named"], text[s:e]) else ()):
        ns, ne = m.start("name"), m.end("name")
        words = m.group("name").split()
        title = None
        # drop leading words that are not part of a name ("The", "In", "Journalist")
        while words and (_norm(words[0]) in lex.not_names or _norm(words[0]) in lex.titles):
            if _norm(words[0]) in lex.titles:
                title = lex.titles[_norm(words[0])]
            ns = text.index(words[1], ns + len(words[0])) if len(words) > 1 else ne
            words = words[1:]
        if not words or any(_norm(w) in lex.victim_type for w in words[-1:]):
            continue
        if any(c["start"] <= ns < c["pend"] or ns <= c["start"] < m.end() for c in claims):
            continue
        if any(ps < ne and ns < pe for ps, pe in place_spans) or \
                any(ps < ne and ns < pe for ps, pe in source_spans):
            continue
        if ns > s and text[ns - 1] not in " \t\"“(" and ns != s:
            continue
        prev = _LAST_WORD.search(text[s:ns])
        vtype = title or (lex.titles.get(_norm(prev.group(1)), "unknown") if prev else "unknown")
        unit_no += 1
        claims.append(dict(start=ns, end=m.end(), count_text=text[ns:ne], count_low=1, count_high=1,
                           qualifier="exact", outcome="killed", victims=text[ns:ne], victim_type=vtype,
                           rule="named", unit=unit_no, pend=m.end()))
    claims.sort(key=lambda c: (c["start"], c["outcome"] != "killed"))
    return claims


def _attach(items, units, text):
    """Owner unit of each (start, end, payload) item by the fronting / following rule."""
    owned: dict[int, list] = {u: [] for u in units}
    order = sorted(units.items(), key=lambda kv: kv[1][0])
    for it in items:
        st, en = it[0], it[1]
        if any(us <= st < ue for us, ue in units.values()):
            continue  # inside a claim (part of the victims' words)
        following = [u for u, (us, ue) in order if us >= en]
        preceding = [u for u, (us, ue) in order if ue <= st]
        # fronted ("In April, three civilians ..."; "... and a week earlier, nine ..."): it
        # ends right before the next claim and is not a trailing part of the claim before
        fronted = following and _SPACES_COMMAS.fullmatch(text[en:units[following[0]][0]]) and (
            not preceding or _CLAUSE_JOIN.search(text[units[preceding[-1]][1]:st]))
        if fronted:
            owned[following[0]].append(("before", it))
        elif preceding:
            owned[preceding[-1]].append(("after", it))
        elif following:
            owned[following[0]].append(("before", it))
    choice = {}
    for u, lst in owned.items():
        after = [it for side, it in lst if side == "after"]
        before = [it for side, it in lst if side == "before"]
        if after:
            choice[u] = min(after, key=lambda x: x[0])
        elif before:
            choice[u] = max(before, key=lambda x: x[0])
    return choice


def extract(article_id: str, text: str, sentences: list[tuple[int, int]], *,
            dates: list[dict], places: list[dict], sources: list[dict]) -> list[dict]:
    """Casualty rows of one article (see the module docstring). Never raises on any text."""
    _lex()  # a broken lexicon is a configuration error and does raise (LexiconError)
    try:
        return _extract(article_id, text, sentences, dates or [], places or [], sources or [])
    except Exception:  # noqa: BLE001 - extraction must never break a run
        import logging
        logging.getLogger(__name__).exception("casualty extraction failed for %s", article_id)
        return []


def _extract(article_id, text, sentences, dates, places, sources) -> list[dict]:
    if not isinstance(text, str) or not text:
        return []
    lex = _lex()
    cue_hits = _cue_positions(text)
    if not cue_hits:
        return []
    place_items = sorted((int(p["start"]), int(p["end"]), p.get("place")) for p in places
                         if p.get("place") and p.get("start") is not None)
    source_items = sorted((int(r["start"]), int(r["end"]), r.get("source")) for r in sources
                          if r.get("source") and r.get("start") is not None)
    date_items = sorted((int(r["start"]), int(r["end"]), r.get("date_id"), r.get("kind")) for r in dates
                        if r.get("date_id") and r.get("start") is not None)
    p_starts = [x[0] for x in place_items]
    s_starts = [x[0] for x in source_items]
    d_starts = [x[0] for x in date_items]
    rows: list[dict] = []
    prev_sentence = None
    prev_unit_key = None  # (sentence index, unit) of the last claim, for "a week earlier"
    for si, (s, e) in enumerate(sentences):
        ps = prev_sentence
        prev_sentence = (s, e)
        i = bisect_left(cue_hits, s)
        if i == len(cue_hits) or cue_hits[i] >= e:
            continue
        # the items starting in the sentence (the lists are sorted by start)
        p_here = place_items[bisect_left(p_starts, s):bisect_left(p_starts, e)]
        s_here = source_items[bisect_left(s_starts, s):bisect_left(s_starts, e)]
        d_here = date_items[bisect_left(d_starts, s):bisect_left(d_starts, e)]
        p_in = [(a, b) for a, b, _ in p_here]
        src_in = [(a, b) for a, b, _ in s_here]
        d_in = [(a, b) for a, b, _, _ in d_here]
        claims = _claims_in_sentence(text, s, e, p_in, src_in, d_in)
        if not claims:
            continue
        units: dict[int, tuple[int, int]] = {}
        for c in claims:
            us = c.get("vstart", c["start"])
            u0, u1 = units.get(c["unit"], (us, c["pend"]))
            units[c["unit"]] = (min(u0, us), max(u1, c["pend"]))
        # places
        pl = _attach([(a, b, p) for a, b, p in p_here
                      if lex.place_prep.search(text[max(s, a - 40):a])], units, text)
        # dates, with "a week earlier" read from the text itself
        anaph = []
        sent = text[s:e]
        low = sent.lower()
        if len(low) != len(sent):
            low = None
        for rx, days in (lex.anaphoric if lex.anaphoric_any is None
                         or (_may_match(lex.needs["anaphoric_any"], sent, low)
                             and lex.anaphoric_any.search(text, s, e)) else ()):
            for m in rx.finditer(text, s, e):
                # the dates row over the same words, if any, is tried first in finalize
                over = [i for a, b, i, k in date_items if a < m.end() and m.start() < b]
                anaph.append((m.start(), m.end(), over[0] if over else None, "anaphoric", days))
        ditems = [(a, b, i, k, None) for a, b, i, k in d_here
                  if not any(x < b and a < y for x, y, *_ in anaph)]
        dt = _attach(anaph + ditems, units, text)
        hedged = bool(_may_match(lex.needs["hedge"], sent, low) and lex.hedge.search(text, s, e))
        unit_order = sorted(units, key=lambda u: units[u][0])
        parent_unit = {c["unit"]: c.get("parent_unit") for c in claims}
        for u in unit_order:
            if u not in pl and parent_unit.get(u) in pl:
                pl[u] = pl[parent_unit[u]]
            if u not in dt and parent_unit.get(u) in dt:
                dt[u] = dt[parent_unit[u]]
        for i, u in enumerate(unit_order):
            if u not in pl:
                prior = [v for v in unit_order[:i] if v in pl]
                if prior:
                    pl[u] = pl[prior[-1]]
            if u not in dt:
                prior = [v for v in unit_order[:i] if v in dt]
                if prior:
                    dt[u] = dt[prior[-1]]
        for c in sorted(claims, key=lambda c: (units[c["unit"]][0], c["start"])):
            u = c["unit"]
            us, ue = units[u]
            c["location"] = pl[u][2] if u in pl else None
            rule = c["rule"]
            ref, shift, anchor = None, None, None
            if u in dt:
                d = dt[u]
                if d[3] == "anaphoric":
                    ref, shift, anchor = d[2], d[4], prev_unit_key
                else:
                    ref = d[2]
            elif ps is not None:
                prevd = [(a, b, i, k) for a, b, i, k in
                         date_items[bisect_left(d_starts, ps[0]):bisect_left(d_starts, ps[1])]
                         if k != "duration"]
                if prevd:
                    ref = prevd[-1][2]
                    rule += "+prevdate"
            c["_date_ref"], c["_date_shift"], c["_date_anchor"] = ref, shift, anchor
            # sources: first after the claim in the sentence, else last before
            after = [x for x in s_here if x[0] >= ue]
            before = [x for x in s_here if x[0] < us]
            c["attributed_to"] = after[0][2] if after else (before[-1][2] if before else None)
            c["hedged"] = hedged
            clause = text[max(s, us - 120):min(e, ue + 120)]
            c["aggregate"] = bool(c.get("perfect") and lex.aggregate_perfect) or \
                bool(_may_match(lex.needs["aggregate"], clause) and lex.aggregate.search(clause))
            c["rule"] = rule
            c["sentence_span"] = (s, e)
            c["unit_key"] = (si, u)
            # the anchor for a later "a week earlier" is the last claim with its own date
            if ref is not None and shift is None:
                prev_unit_key = (si, u)
        rows.extend(claims)
    return _rows(article_id, text, rows)


def _cue_positions(text: str) -> list[int]:
    """Sorted offsets of every casualty stem in ``text`` (one pass per stem, in C)."""
    lex = _lex()
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case changes the length
        return [m.start() for m in lex.cue.finditer(text)]
    out = []
    for stem in lex.cue_stems:
        i = low.find(stem)
        while i >= 0:
            out.append(i)
            i = low.find(stem, i + 1)
    out.sort()
    return out


def _rows(article_id: str, text: str, claims: list[dict]) -> list[dict]:
    claims.sort(key=lambda c: (c["start"], c["outcome"] != "killed"))
    ids: dict[int, str] = {}
    unit_first: dict = {}
    out = []
    for n, c in enumerate(claims, 1):
        mid = f"{article_id}:c{n}"
        ids[id(c)] = mid
        unit_first.setdefault(c["unit_key"], mid)
    key_to_claim = {c["_key"]: c for c in claims if "_key" in c}
    for c in claims:
        s, e = c["sentence_span"]
        part = None
        if "part_of_key" in c and c["part_of_key"] in key_to_claim:
            part = ids[id(key_to_claim[c["part_of_key"]])]
        anchor = unit_first.get(c["_date_anchor"]) if c.get("_date_anchor") else None
        out.append(dict(
            mention_id=ids[id(c)], article_id=article_id, sentence=text[s:e],
            start=int(c["start"]), end=int(c["end"]), outcome=c["outcome"],
            count_low=c["count_low"], count_high=c["count_high"], count_text=c["count_text"],
            qualifier=c["qualifier"], victims=c["victims"], victim_type=c["victim_type"],
            location=c["location"], date_low=None, date_high=None,
            attributed_to=c["attributed_to"], hedged=bool(c["hedged"]), part_of=part,
            aggregate=bool(c["aggregate"]), rule=c["rule"],
            _date_ref=c["_date_ref"], _date_shift=c["_date_shift"], _date_anchor=anchor))
    return out


# -------------------------------------------------------------------------- finalize


def _period(published) -> tuple[date, date] | None:
    """First and last day of an ISO date at its precision (2020, 2020-07, 2020-05-06)."""
    if published.__class__ is str:
        return _period_of(published)
    if published is None or (isinstance(published, float) and pd.isna(published)) or pd.isna(published):
        return None
    return _period_of(str(published))


@lru_cache(maxsize=65536)
def _period_of(p: str) -> tuple[date, date] | None:
    try:
        if len(p) == 4:
            return date(int(p), 1, 1), date(int(p), 12, 31)
        if len(p) == 7:
            y, m = int(p[:4]), int(p[5:7])
            last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1))
            return date(y, m, 1), last
        d = date.fromisoformat(p[:10])
        return d, d
    except ValueError:
        return None


def finalize(casualties: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Fill ``date_low``/``date_high`` and return exactly the ``casualties`` columns.

    Order of evidence: (1) the governing date expression (``_date_ref``) resolved in the
    ``dates`` table; (2) "a week earlier"-style expressions: the window of the claim they
    count from, shifted; (3) otherwise the article's reporting context: the
    ``undated_recency_days`` (7) days before publication up to the last day of the
    publication period (news reports recent events; the rule is documented in
    ``lexicons/casualties.yaml``), and ``+pubdate`` is appended to ``rule`` so that
    ``analysis.incidents`` treats the window as weak. No publication date: the window
    stays null.
    """
    cols = columns("casualties")
    if casualties is None or len(casualties) == 0:
        return pd.DataFrame(columns=cols)
    n = len(casualties)

    def values(name: str) -> list:
        return casualties[name].tolist() if name in casualties.columns else [None] * n

    # the columns read, as lists (the values ``to_dict("records")`` gives)
    mids, aids = casualties["mention_id"].tolist(), casualties["article_id"].tolist()
    rules, refs, shifts, anchors = values("rule"), values("_date_ref"), values("_date_shift"), \
        values("_date_anchor")
    # windows below are (first day, last day, the same two in ISO)
    # (1) the windows of the date expressions the claims refer to (only those are read)
    wanted = {r for r in refs if isinstance(r, str)}
    resolved: dict[str, tuple] = {}
    if wanted and dates is not None and len(dates) and "date_id" in dates.columns:
        ids = dates["date_id"].tolist()
        at = [j for j, did in enumerate(ids) if isinstance(did, str) and did in wanted]
        made: dict = {}                # one window per (first day, last day) as written
        for did, lo, hi in zip([ids[j] for j in at], _take(dates, "value_low", at),
                               _take(dates, "value_high", at)):
            key = (lo, hi)
            w = made.get(key, made)
            if w is made:
                lo_d, hi_d = iso_day(lo), iso_day(hi)
                w = made[key] = (lo_d, hi_d, lo_d.isoformat(), hi_d.isoformat()) if lo_d and hi_d else None
            if w is not None:
                resolved[did] = w
    # (3) the publication windows of the articles with claims
    recency = timedelta(days=_lex().recency)
    pub: dict[str, tuple] = {}
    if articles is not None and len(articles) and "article_id" in articles.columns:
        need = set(aids)
        published = articles["published"].tolist() if "published" in articles.columns \
            else [None] * len(articles)
        by_value: dict = {}
        for aid, p in zip(articles["article_id"].tolist(), published):
            if aid in need:
                w = by_value.get(p, by_value) if p.__class__ is str else by_value
                if w is by_value:
                    per = _period(p)
                    w = None
                    if per:
                        lo_d = per[0] - recency
                        w = (lo_d, per[1], lo_d.isoformat(), per[1].isoformat())
                    if p.__class__ is str:
                        by_value[p] = w
                if w is not None:
                    pub[aid] = w
    anchored = {a for a in anchors if isinstance(a, str)}   # the claims counted from
    window: dict[str, tuple] = {}
    lows, highs, out_rules = [], [], []
    for mid, aid, rule, ref, shift, anchor in zip(mids, aids, rules, refs, shifts, anchors):
        w = resolved.get(ref) if isinstance(ref, str) else None
        if shift is None:
            shifted = False
        elif shift.__class__ is float:
            shifted = shift == shift        # not NaN
        else:
            shifted = not pd.isna(shift)
        if w is None:
            if shifted:
                # (2) the window of the claim counted from, shifted
                base = window.get(anchor) if isinstance(anchor, str) else None
                if base is not None:
                    d = timedelta(days=int(shift))
                    lo_d, hi_d = base[0] + d, base[1] + d
                    w = (lo_d, hi_d, lo_d.isoformat(), hi_d.isoformat())
            else:
                w = pub.get(aid)
                if w is not None:
                    rule = f"{rule}+pubdate"  # weak evidence: incidents treat it as undated
        if mid in anchored:
            window[mid] = w
        out_rules.append(rule)
        if w is None:
            lows.append(None)
            highs.append(None)
        else:
            lows.append(w[2])
            highs.append(w[3])
    made_cols = {"date_low": lows, "date_high": highs, "rule": out_rules}
    return pd.DataFrame({c: made_cols[c] if c in made_cols else
                         _values(casualties[c]) if c in casualties.columns else [None] * n
                         for c in cols})


def _values(col: pd.Series):
    """The values of ``col`` as an array of its own dtype (no index to align)."""
    return col.to_numpy() if isinstance(col.dtype, np.dtype) else col.array


def _take(df: pd.DataFrame, column: str, positions: list[int]) -> list:
    """The values of ``df[column]`` at ``positions`` as ``tolist()`` gives them (all None
    without the column)."""
    if column not in df.columns:
        return [None] * len(positions)
    return np.asarray(df[column].array)[positions].tolist()


# ----------------------------------------------------------------------- convenience


def extract_text(text: str, published: str | None = None, article_id: str = "text#1") -> list[dict]:
    """Run dates, places, sources and casualties on a bare string; rows with windows.

    ``published`` (ISO) resolves relative dates; returns the finalized rows as dicts.
    """
    from analysis import dates as dates_mod, places as places_mod, sources as sources_mod
    from analysis.textutil import sentences as split

    text = text if isinstance(text, str) else ""
    sents = split(text)
    d_rows = _safe(lambda: dates_mod.tag(article_id, text, sents))
    p_rows = _safe(lambda: places_mod.find(article_id, text, sents))
    s_rows = _safe(lambda: sources_mod.extract(article_id, text, sents))
    rows = extract(article_id, text, sents, dates=d_rows, places=p_rows, sources=s_rows)
    if not rows:
        return []
    articles = pd.DataFrame([{"article_id": article_id, "published": published,
                              "published_precision": "day" if published else None}])
    dates_df = pd.DataFrame(d_rows)
    if len(dates_df):
        resolved = _safe(lambda: dates_mod.resolve_table(dates_df, articles), default=None)
        dates_df = resolved if isinstance(resolved, pd.DataFrame) else dates_df
    out = finalize(pd.DataFrame(rows), dates_df, articles).astype(object)
    ints = ("start", "end", "count_low", "count_high")
    return [{k: (None if _missing(v) else int(v) if k in ints else v) for k, v in r.items()}
            for r in out.to_dict("records")]


def _missing(v) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _safe(fn, default=None):
    try:
        out = fn()
    except Exception:  # noqa: BLE001 - other extractors may be mid-edit
        return [] if default is None else default
    return out if out is not None else ([] if default is None else default)
