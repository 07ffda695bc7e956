"""Numbers as written in news text: digits, words, ranges, qualifiers, vague quantities.

``find(text)`` returns every number phrase of ``text`` as a :class:`Number` (offsets,
words as written, the smallest and largest value the words allow, the qualifier);
``parse(phrase)`` reads one phrase. Word lists, qualifiers and the values of vague
quantities live in ``lexicons/numbers.yaml``; number words are read with
``text_to_num.text2num`` (English).

Bounds (``low``/``high``):
- exact "14": 14/14; approx "about 50", "nearly 50", "some 12": 50/50 (qualifier approx);
- at_least "at least 9": 9/None; "more than 10", "over 15": 11/None, 16/None (the words
  allow nothing smaller);
- at_most "up to 7": 1/7 (``at_most_low`` in the lexicon), "fewer than 10": 1/9;
- range "between 43 and 52", "3-7", "3 – 7", "two or three": low/high, qualifier range;
- vague "dozens": 12/None, qualifier vague (values from the lexicon, ACLED-compatible).
Never raises on any string: what cannot be read is not a number.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from text_to_num import text2num

from analysis import lexicons

QUALIFIERS = ("exact", "at_least", "at_most", "approx", "range", "vague")
# patterns reading a number's value, compiled once
_DIGITS_SCALE = re.compile(r"([\d,]+(?:\.\d+)?)(?:\s+(\w+))?")
_WORD_SPLIT = re.compile(r"[\s-]+")
_VALUE_TOKEN = re.compile(r"[A-Za-z]+|\d[\d,.]*")


class Number(NamedTuple):
    start: int
    end: int
    text: str
    low: int | None
    high: int | None
    qualifier: str
    kind: str  # digits | words | fixed | range | vague


def _alt(words) -> str:
    """Regex alternation of phrases, longest first, spaces matching any whitespace."""
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in ordered)


class _Lex:
    def __init__(self) -> None:
        data = lexicons.load("numbers")
        lexicons.require(data, ["number_words", "fixed", "qualifiers", "vague", "range_openers",
                                "range_joiners", "at_most_low"], "numbers")
        nw = data["number_words"]
        self.words = [w for k in ("units", "teens", "tens", "scales") for w in nw[k]]
        self.scales = set(nw["scales"])
        self.fixed = {" ".join(k.lower().split()): int(v) for k, v in data["fixed"].items()}
        self.vague = {" ".join(k.lower().split()): int(v) for k, v in data["vague"].items()}
        self.quals = {" ".join(k.lower().split()): (v["kind"], int(v.get("offset", 0)))
                      for k, v in data["qualifiers"].items()}
        self.at_most_low = int(data["at_most_low"])
        word = _alt(self.words)
        wordnum = rf"(?:{word})(?:(?:\s+and\s+|\s+|\s*-\s*)(?:{word}))*"
        scale = _alt(self.scales)
        digits = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?![\d])|\d+(?:\.\d+)?)(?:\s+(?:{scale}))?"
        a_scale = rf"(?:an?\s+(?:{scale}))(?:(?:\s+and\s+|\s+|\s*-\s*)(?:{word}))*"
        self.single = rf"(?:{digits}|{a_scale}|{wordnum})"
        joiners = [j for j in data["range_joiners"]]
        sym = "".join(re.escape(j) for j in joiners if len(j) == 1)
        wordj = "|".join(re.escape(j) for j in joiners if len(j) > 1)
        openers = _alt(data["range_openers"])
        # digit ranges take any joiner ("3-7", "3 – 7"); word ranges need a spaced dash or
        # a word ("three – seven", "two or three") so "twenty-three" stays one number
        rng = (rf"(?:(?:{openers})\s+{self.single}\s+(?:{wordj}|[{sym}])\s+{self.single}"
               rf"|{digits}\s*[{sym}]\s*{digits}(?![\w-])"
               rf"|{self.single}\s+[{sym}]\s+{self.single}(?![\w-])"
               rf"|{self.single}\s+(?:to|or)\s+{self.single})")
        qual = _alt(self.quals)
        self.pattern = re.compile(
            rf"(?<![\w.,-])(?:(?P<qual>{qual})\s+)?"
            rf"(?:(?P<range>{rng})|(?P<vague>{_alt(self.vague)})|(?P<num1>{a_scale}(?:\s+and\s+|\s+|\s*-\s*)(?:{word}))"
            rf"|(?P<fixed>{_alt(self.fixed)})|(?P<num>{self.single}))(?![\w])",
            re.IGNORECASE)
        self.single_re = re.compile(self.single, re.IGNORECASE)
        self.parts = re.compile(
            rf"^(?:(?:{openers})\s+)?(?P<a>{self.single})\s*(?:{wordj}|[{sym}])\s*(?P<b>{self.single})$",
            re.IGNORECASE)
        # A match of `pattern` starts at a word start (its lookbehind) with a digit or with
        # the first word of a phrase above: the words that can begin one, for `find` to
        # try only those positions (None: every word start is tried).
        firsts = set()
        for phrase in [*self.words, *self.fixed, *self.vague, *self.quals, "a", "an",
                       *data["range_openers"]]:
            first = re.match(r"[a-z]+", str(phrase).lower())
            if first is None:
                firsts = None
                break
            firsts.add(first.group())
        self.first_words = frozenset(firsts) if firsts is not None else None
        # where `find` tries the pattern, found by one scan: a word start (the pattern's
        # lookbehind) with a digit; with one of those words (the whole run of letters, in
        # any case: [xX] classes), followed by one of its next words when every phrase it
        # begins goes on with one ("in excess of", "a dozen", "at least"); or with a run
        # of letters holding one outside ASCII (case-insensitive matching may fold it
        # onto ASCII, so such a word, first or next, is always tried)
        self.starts = None
        if self.first_words is not None:
            nexts = _next_words(data, self)
            alone = [w for w in self.first_words if nexts.get(w) is None]
            # (the next word in a lookahead: the scan must not pass over its start)
            then = "|".join(f"{_any_case_trie([w])}(?=\\s+(?:{_any_case_trie(nexts[w])}|{_NON_ASCII_WORD}))"
                            for w in sorted(self.first_words) if nexts.get(w) is not None)
            self.starts = re.compile(rf"(?<![\w.,-])(?:\d|{_any_case_trie(alone)}(?![^\W\d_])"
                                     rf"{'|' + then if then else ''}|(?={_NON_ASCII_WORD}))")


# a run of letters with one outside ASCII (from its start: ASCII letters, then that one)
_NON_ASCII_WORD = r"[a-zA-Z]*+[^\W\d_\x00-\x7f]"


def _next_words(data: dict, lex: "_Lex") -> dict[str, set[str] | None]:
    """For the first word of each phrase: the words that always follow it, or None when
    one of its phrases is that word alone or goes on with a number ("over 15")."""
    out: dict[str, set[str] | None] = {}

    def note(phrase: str, then: set[str] | None) -> None:
        low = str(phrase).lower()
        run = re.match(r"[a-z]+", low)   # the first word as `first_words` reads it
        if run is None:
            return
        first, words = run.group(), low.split()
        if words[0] != first:            # "half-dozen": not followed by a space
            out[first] = None
            return
        if then is None and len(words) > 1:
            then = {words[1]}
        if then is not None and not all(w.isascii() and w.isalpha() for w in then):
            then = None
        if first in out and out[first] is None:
            return
        out[first] = None if then is None else (out.get(first) or set()) | then

    for phrase in [*lex.words, *lex.vague, *lex.fixed, *lex.quals, *data["range_openers"]]:
        note(phrase, None)               # a second word, if any, is the one that follows
    for article in ("a", "an"):           # "a hundred", "an estimated"...: a scale word
        note(article, set(lex.scales))
    return out


def _any_case_trie(words) -> str:
    """A regex matching exactly ``words`` (ASCII letters) in any case, as a trie."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [f"[{ch}{ch.upper()}]" + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    return _Lex()


def value(words: str) -> int | None:
    """The value of one number written in digits or words ("6,250", "twenty-three"), or None."""
    if isinstance(words, str):
        return _value_cached(words)
    return _value(words)


@lru_cache(maxsize=8192)
def _value_cached(words: str) -> int | None:
    return _value(words)


def _value(words: str) -> int | None:
    lex = _lex()
    w = " ".join(words.lower().replace("\u2013", "-").split())
    if not w:
        return None
    if w in lex.fixed:
        return lex.fixed[w]
    m = _DIGITS_SCALE.fullmatch(w)
    if m:
        try:
            base = float(m.group(1).replace(",", ""))
        except ValueError:
            return None
        if m.group(2):
            if m.group(2) not in lex.scales:
                return None
            base *= text2num(f"one {m.group(2)}", "en")
        return int(base) if base == int(base) else None
    if w.startswith(("a ", "an ")):
        rest = w.split(" ", 1)[1]
        if rest.split(" ")[0].split("-")[0] in lex.scales:
            w = "one " + rest
    tokens = [t for t in _WORD_SPLIT.split(w) if t and t != "and"]
    try:
        return int(text2num(" ".join(tokens), "en"))
    except (ValueError, TypeError, IndexError):
        return None


def _longest_valid(text: str, base: int) -> tuple[int, int] | None:
    """Longest prefix of a word-number run that text2num reads: (value, end offset)."""
    tokens = list(_VALUE_TOKEN.finditer(text))
    for n in range(len(tokens), 0, -1):
        if tokens[n - 1].group().lower() == "and":
            continue
        v = value(text[:tokens[n - 1].end()])
        if v is not None:
            return v, base + tokens[n - 1].end()
    return None


def _build(m: re.Match, text: str) -> Number | None:
    lex = _lex()
    qual_text = m.group("qual")
    kind_q, offset = lex.quals.get(" ".join(qual_text.lower().split()), ("exact", 0)) if qual_text else ("exact", 0)
    start, end = m.start(), m.end()
    if m.group("vague"):
        v = lex.vague[" ".join(m.group("vague").lower().split())]
        return Number(start, end, text[start:end], v, None, "vague", "vague")
    if m.group("range"):
        rng = m.group("range")
        parts = lex.parts.match(" ".join(rng.split()))
        if parts:
            a, b = value(parts.group("a")), value(parts.group("b"))
            if a is not None and b is not None:
                lo, hi = min(a, b), max(a, b)
                if kind_q == "at_least":
                    return Number(start, end, text[start:end], lo + offset, None, "at_least", "range")
                if kind_q == "at_most":
                    return Number(start, end, text[start:end], min(lex.at_most_low, hi), hi + offset,
                                  "at_most", "range")
                return Number(start, end, text[start:end], lo, hi, "range", "range")
        return None
    if m.group("fixed"):
        # the pattern matches case-insensitively, so letters that lower-case to none of
        # the lexicon's ("thouſand": the long s) are looked up case-folded
        words = m.group("fixed").split()
        v = lex.fixed.get(" ".join(words).lower())
        if v is None:
            v = lex.fixed.get(" ".join(words).casefold())
        if v is None:
            return None
        kind = "fixed"
    else:
        g = "num1" if m.group("num1") else "num"
        got = _longest_valid(m.group(g), m.start(g))
        if got is None:
            return None
        v, end = got
        kind = "digits" if m.group(g)[0].isdigit() else "words"
    txt = text[start:end]
    if kind_q == "at_least":
        return Number(start, end, txt, v + offset, None, "at_least", kind)
    if kind_q == "at_most":
        hi = max(v + offset, 0)
        return Number(start, end, txt, min(lex.at_most_low, hi), hi, "at_most", kind)
    return Number(start, end, txt, v, v, kind_q, kind)


def find(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Every number phrase in ``text[start:end]``, offsets into ``text``, in text order."""
    if not isinstance(text, str) or not text:
        return []
    out: list[Number] = []
    lex = _lex()
    stop = len(text) if end is None else end
    try:
        if lex.first_words is None:
            matches = lex.pattern.finditer(text, start, stop)
        else:
            matches = _matches(lex, text, start, stop)
        for m in matches:
            n = _build(m, text)
            if n is not None:
                out.append(n)
    except (RecursionError, OverflowError):  # pragma: no cover - pathological input
        return out
    return out


def _matches(lex: _Lex, text: str, start: int, stop: int):
    """What ``lex.pattern.finditer(text, start, stop)`` yields, trying the pattern only
    where a match can begin (``lex.starts``: the word starts a number phrase can begin
    at, found in one scan rather than word by word)."""
    match = lex.pattern.match
    last = start
    for w in lex.starts.finditer(text, start, stop):
        p = w.start()
        if p < last:
            continue
        m = match(text, p, stop)
        if m is not None:
            yield m
            last = m.end()


def parse(phrase: str) -> Number | None:
    """Read ``phrase`` as one number phrase ("At least four", "between 43 and 52"), or None."""
    if not isinstance(phrase, str):
        return None
    s = phrase.strip()
    if not s:
        return None
    lead = len(phrase) - len(phrase.lstrip())
    m = _lex().pattern.match(phrase, lead)
    if not m:
        return None
    n = _build(m, phrase)
    if n is None or n.end != lead + len(s):
        return None
    return n
