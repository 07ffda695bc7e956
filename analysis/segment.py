"""Segment: split text scraped from web pages into articles with a clean body.

``segment(text, split=True, title=None) -> list[dict]`` reads the text line by line,
classifies every line (furniture, menu, page-header date, dateline, byline, caption, map
credit, "X contributed to this report", sign-off, comment thread, headline, body) and
returns one dict per article:

``title``, ``title_source`` (headline | given | fallback), ``authors``, ``credits``,
``captions``, ``outlet``, ``outlet_evidence``, ``published``, ``published_precision``,
``published_source`` (dateline | header | None), ``published_evidence``, ``text``,
``n_comments``.

Rules:
- Furniture ("Dark Mode", "Logo", "TT", bare numbers, menu lines) is dropped.
- Captions and map credits (also repeated ones) leave the body and go to ``captions``; a
  caption's date is never a publication date.
- Bylines go to ``authors``, "X contributed to this report" to ``credits``.
- A date line before the title is a page header, after it a dateline.
- Lines between the title and a nearby byline/dateline are the standfirst (dropped).
- Readers' comment threads (a bullet with a short name followed by indented text, or a
  "Comments" marker) are set aside: counted in ``n_comments``, never in ``text``.
- A new article starts (after body text) at a Title Case headline that repeats, is
  followed by a caption, or follows a gap of blank lines; the page furniture just above it
  (header date, logo, standfirst bullets) goes with it. Shorter subheadings
  ("Redeployment", "AIR STRIKES") stay in the body.
- ``text`` keeps the body lines (stripped of surrounding blanks) in order, joined by "\\n"
  or by "\\n\\n" where the input had blank lines between them: every body line is a
  substring of the input.

Every word list and pattern comes from ``lexicons/segment.yaml`` and ``outlets.yaml``.
Segmentation never raises on a string.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from analysis import lexicons, metadata
from analysis.errors import LexiconError
from analysis.textutil import trie_alternation as _trie

_MAX_CLASSIFY = 2000   # longer lines are body text: no furniture pattern is run on them
_MAX_MENU = 400        # longer lines are never menus
_CAPTION_TAIL = 240    # caption patterns look at the end of a line only
_DATELINE_BODY_LINES = 3   # a date line after this many body lines is body text
_PLACE_OUTLET_MAX_WORDS = 8    # longer lines are never "<place> - <outlet>"
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class _Rules:
    nav: frozenset
    nav_re: list
    separator_re: list
    nav_any: re.Pattern         # nav_re as one alternation (matches when any of them does)
    separator_any: re.Pattern
    map_any: re.Pattern
    map_search: object          # map_any.match when every map pattern is anchored, else .search
    marker_any: re.Pattern
    menu_re: re.Pattern
    menu_min: int
    menu_leftover: float
    caption_re: list            # (pattern, tail chars or None, required substrings or (), required regex or None)
    caption_max_words: int
    map_re: list
    byline_re: list
    byline_max_words: int
    name_split: re.Pattern
    name_particles: frozenset
    credit_re: list
    signoff_re: list
    credit_req: list            # per credit pattern: strings one of which it needs (ASCII lines)
    signoff_req: list
    credit_gate: tuple | None   # every string some credit pattern needs (None: one needs none)
    signoff_gate: tuple | None
    place_outlet_re: list
    dateline_prefix: list
    date_line: list
    bullets: tuple
    comment_name_max: int
    comment_markers: list
    comment_count_re: dict
    head_min: int
    head_max: int
    head_end: str
    new_min: int
    new_title_case: float
    repeat_window: int
    gap_blank: int
    standfirst_window: int
    fallback_words: int
    outlet_aliases: frozenset
    nav_max: int                # the longest nav line: a longer line is none of them
    outlet_max: int             # the longest outlet alias
    head_any: object            # see _head_any: its `match`, or None (every line runs them)
    words_cap: int              # a line's words are counted up to this: past every rule's limit
    map_in_head: bool           # the map patterns are among them (all anchored)
    memo: dict = field(default_factory=dict, compare=False, hash=False)   # see _classify_memo


def _compile(entries, subst: dict) -> list[re.Pattern]:
    out = []
    for e in entries:
        pat, flags = (e, re.IGNORECASE) if isinstance(e, str) else (
            e["pattern"], 0 if e.get("case") == "sensitive" else re.IGNORECASE)
        for k, v in subst.items():
            pat = pat.replace("{" + k + "}", v)
        out.append(re.compile(pat, flags))
    return out


def _either(patterns: list[re.Pattern]) -> re.Pattern:
    """One pattern matching where any of ``patterns`` does (each keeps its own case flag):
    one call into the regex engine instead of one per pattern."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})"
                               for p in patterns))


_NAMED_GROUP = re.compile(r"(?<!\\)((?:\\\\)*)\(\?P<\w+>")   # "(?P<name>", not escaped


def _head_any(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One pattern matching at the start of a line where any of ``patterns`` does with
    ``match`` (their group names dropped, so that two may share a name): a line it does
    not match is matched by none of them, and ``_classify`` skips them all with one call.
    None when that cannot be built (a back-reference, a global inline flag)."""
    parts = []
    for p in patterns:
        if re.search(r"\\[1-9]|\(\?P=", p.pattern):
            return None
        parts.append(re.compile(_NAMED_GROUP.sub(r"\1(?:", p.pattern), p.flags))
    try:
        return _either(parts)
    except re.error:
        return None


def _requires(entries) -> list[tuple[str, ...]]:
    """Per pattern entry, the lower-case ASCII strings one of which it needs (or ())."""
    out = []
    for e in entries:
        req = tuple(str(x).lower() for x in e.get("requires", ())) if isinstance(e, dict) else ()
        if not all(x.isascii() and x for x in req):
            raise LexiconError(f"lexicon segment.yaml: `requires` must be ASCII strings: {req!r}")
        out.append(req)
    return out


def _skip(req: tuple, low: str | None) -> bool:
    """The pattern cannot match: a line (``low``: lower-cased, see :func:`_gate_text`)
    without any string it needs. ``low`` None: never skipped."""
    if not req or low is None:
        return False
    for x in req:
        if x in low:
            return False
    return True


# Non-ASCII characters that IGNORECASE matches to an ASCII letter although lower-casing
# does not turn them into it (the `re` docs name four: these and "K", which lowers to "k")
_ODD_FOLDS = ("\u0130", "\u0131", "\u017f")    # İ ı ſ


def _gate_text(s: str, low: str) -> str | None:
    """``low`` (``s`` lower-cased) when an ASCII string that a pattern matches in ``s``
    case-insensitively shows in it: an ASCII line, or one without İ ı ſ; else None (a
    line whose patterns are never skipped: "contrıbuted" matches "contributed")."""
    if not s.isascii():
        for ch in _ODD_FOLDS:
            if ch in s:
                return None
    return low


def _gate(reqs: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The strings a line needs for any pattern of a list to run (None: always)."""
    if not reqs or not all(reqs):
        return None
    needles = list(dict.fromkeys(x for req in reqs for x in req))
    # a string holding another one of the list adds nothing ("agencies" after "agenc")
    return tuple(x for x in needles if not any(y != x and y in x for y in needles))


def _open(gate: tuple | None, low: str | None) -> bool:
    """Whether any pattern of a list may match: one check for the whole list."""
    if gate is None or low is None:
        return True
    for x in gate:
        if x in low:
            return True
    return False


def _anchored(p: re.Pattern) -> bool:
    """Whether ``p`` can only match at the start of the string (a leading ``^`` over the
    whole pattern, no MULTILINE): then ``search`` is ``match``, without trying every
    position of a long line."""
    if p.flags & re.MULTILINE:
        return False
    try:
        from re import _parser as sre_parse
    except ImportError:  # pragma: no cover - Python < 3.11
        import sre_parse
    data = sre_parse.parse(p.pattern, p.flags).data
    return bool(data) and data[0] == (sre_parse.AT, sre_parse.AT_BEGINNING)


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The compiled segmentation rules (built once from the lexicons)."""
    d = lexicons.load("segment")
    lexicons.require(d, ["nav_lines", "nav_patterns", "menu", "caption_patterns", "map_patterns",
                         "byline_patterns", "credit_patterns", "signoff_patterns",
                         "dateline_prefix", "date_line", "bullets", "comment_markers",
                         "months", "weekdays"], "segment")
    subst = {"month": _trie(d["months"]), "weekday": _trie(d["weekdays"])}
    outlets = lexicons.load("outlets")["outlets"]
    aliases = sorted({a for o in outlets for a in [o["name"], *o.get("aliases", [])]},
                     key=len, reverse=True)
    terms = sorted(set(d["menu"]["terms"]) | set(aliases), key=len, reverse=True)
    menu_re = re.compile(r"(?<!\w)(?:" + _trie(terms, ignorecase=True) + r")(?!\w)", re.IGNORECASE)
    seps = "|".join(re.escape(s.strip()) if s.strip() in {",", "&"} else rf"\s+{re.escape(s.strip())}\s+"
                    for s in d.get("name_separators", [",", " and "]))
    nav_re = _compile(d["nav_patterns"], subst)
    separator_re = _compile(d.get("separator_patterns", []), subst)
    map_re = _compile(d["map_patterns"], subst)
    comment_markers = _compile(d["comment_markers"], subst)
    dateline_prefix = _compile(d["dateline_prefix"], subst)
    date_line = _compile(d["date_line"], subst)
    byline_re = _compile(d["byline_patterns"], subst)
    credit_re = _compile(d["credit_patterns"], subst)
    signoff_re = _compile(d["signoff_patterns"], subst)
    place_outlet_re = _compile(d.get("place_outlet_patterns", []), subst)
    map_anchored = all(map(_anchored, map_re))
    # the patterns _classify runs with `match` on any line (the map patterns too when all
    # are anchored); credit, sign-off and place-outlet patterns have cheaper gates of their own
    head = _head_any([*separator_re, *nav_re, *dateline_prefix, *date_line,
                      *(map_re if map_anchored else []), *byline_re, *comment_markers])
    nav = frozenset(s.lower() for s in d["nav_lines"])
    outlet_aliases = frozenset(a.lower() for a in aliases)
    return _Rules(
        nav=nav,
        nav_re=nav_re,
        separator_re=separator_re,
        nav_any=_either(nav_re),
        separator_any=_either(separator_re),
        map_any=_either(map_re),
        map_search=(_either(map_re).match if map_anchored else _either(map_re).search),
        marker_any=_either(comment_markers),
        menu_re=menu_re,
        menu_min=int(d["menu"].get("min_terms", 3)),
        menu_leftover=float(d["menu"].get("max_leftover", 0.2)),
        caption_re=[(p, e.get("tail") if isinstance(e, dict) else None,
                     tuple(e.get("requires", ())) if isinstance(e, dict) else (),
                     re.compile(e["requires_pattern"]) if isinstance(e, dict) and e.get("requires_pattern")
                     else None)
                    for p, e in zip(_compile(d["caption_patterns"], subst), d["caption_patterns"])],
        caption_max_words=int(d.get("caption_max_words", 80)),
        map_re=map_re,
        byline_re=byline_re,
        byline_max_words=int(d.get("byline_max_words", 10)),
        name_split=re.compile(rf"\s*(?:{seps})\s*", re.IGNORECASE),
        name_particles=frozenset(w.lower() for w in d.get("name_particles", [])),
        credit_re=credit_re,
        signoff_re=signoff_re,
        credit_req=_requires(d["credit_patterns"]),
        signoff_req=_requires(d["signoff_patterns"]),
        credit_gate=_gate(_requires(d["credit_patterns"])),
        signoff_gate=_gate(_requires(d["signoff_patterns"])),
        place_outlet_re=place_outlet_re,
        dateline_prefix=dateline_prefix,
        date_line=date_line,
        bullets=tuple(d["bullets"]),
        comment_name_max=int(d.get("comment_name_max_words", 6)),
        comment_markers=comment_markers,
        comment_count_re={k: _compile([v], subst)[0] for k, v in d.get("comment_count_patterns", {}).items()},
        head_min=int(d.get("headline_min_words", 3)),
        head_max=int(d.get("headline_max_words", 30)),
        head_end=str(d.get("headline_end_punct", ".,;:!?")),
        new_min=int(d.get("new_article_min_words", 5)),
        new_title_case=float(d.get("new_article_title_case", 0.6)),
        repeat_window=int(d.get("repeat_window", 12)),
        gap_blank=int(d.get("gap_blank_lines", 2)),
        standfirst_window=int(d.get("standfirst_window", 4)),
        fallback_words=int(d.get("fallback_title_words", 12)),
        outlet_aliases=outlet_aliases,
        nav_max=max(map(len, nav), default=0),
        outlet_max=max(map(len, outlet_aliases), default=0),
        head_any=head.match if head is not None else None,
        words_cap=1 + max(int(d.get("caption_max_words", 80)), int(d.get("byline_max_words", 10)) + 8,
                          _PLACE_OUTLET_MAX_WORDS, int(d.get("headline_max_words", 30)),
                          int(d.get("new_article_min_words", 5)), int(d.get("headline_min_words", 3))),
        map_in_head=map_anchored,
    )


# ---------------------------------------------------------------- line classification

class _Line:
    """One classified line (a slotted class: one is made per non-blank input line)."""
    __slots__ = ("s", "indent", "kind", "data", "n")

    def __init__(self, s: str, indent: int, kind: str, data: object = None, n: int = 0) -> None:
        self.s = s              # stripped
        self.indent = indent
        self.kind = kind        # blank nav menu date caption map byline credit signoff outlet marker bullet headline text
        self.data = data
        self.n = n              # words (runs of non-space) in `s`, counted up to `_Rules.words_cap`


_BLANK = _Line("", 0, "blank")     # every blank line (nothing reads or changes its fields)


def _names(text: str, r: _Rules) -> list[str]:
    text = text.strip().strip(".").strip()
    out = []
    for part in r.name_split.split(text):
        part = " ".join(part.split()).strip(" .,;")
        if not part:
            continue
        if part.isupper() and any(c.isalpha() for c in part):
            part = " ".join(w.capitalize() if w.isalpha() else w.title() for w in part.split())
        out.append(part)
    return out


def _is_menu(s: str, r: _Rules) -> bool:
    if len(s) > _MAX_MENU or s[-1] in ".!?\"”’":   # menus are short and are not sentences
        return False
    hits = r.menu_re.findall(s)
    if len(hits) < r.menu_min:
        return False
    letters = len(_LETTER.findall(s))
    left = len(_LETTER.findall(r.menu_re.sub(" ", s)))
    return letters > 0 and left <= r.menu_leftover * letters


def _headline(s: str, r: _Rules, n: int) -> bool:
    if not (r.head_min <= n <= r.head_max) or s[-1] in r.head_end:
        return False
    first = s[0]
    return first.isupper() or first.isdigit() or first in "'\"‘“" or (first.isalpha() and not first.islower())


def _title_case(s: str) -> float:
    words = [w for w in s.split() if len(w) > 3 and w[0].isalpha()]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def _bullet(s: str, r: _Rules) -> str | None:
    if not s.startswith(r.bullets):     # one C call for the usual line
        return None
    for b in r.bullets:
        if s.startswith(b) and (len(s) == len(b) or s[len(b)].isspace()):
            return s[len(b):].strip()
    return None


_MEMO_LINE = 200        # lines up to this long are classified once per process
_MEMO_SIZE = 20_000     # (page furniture repeats from page to page); then the memo restarts


def _classify_memo(raw: str, r: _Rules) -> _Line:
    """``_classify`` with a memo for short lines (a classified line is never changed)."""
    if len(raw) > _MEMO_LINE:
        return _classify(raw, r)
    memo = r.memo
    line = memo.get(raw)
    if line is None:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        line = memo[raw] = _classify(raw, r)
    return line


def _classify(raw: str, r: _Rules) -> _Line:
    s = raw.strip()
    if not s:
        return _BLANK
    # words are runs of non-space: str.split counts them at C speed (same as \S+), up to
    # `words_cap` (no rule needs more: the rest of a long line is not split); the indent
    # is the whitespace before the first character of `s`
    nwords = len(s.split(None, r.words_cap - 1))
    line = _Line(s, raw.find(s[0]), "text", None, nwords)
    if len(s) > _MAX_CLASSIFY:
        return line
    # the patterns run with `match` are tried one by one only when one of them matches
    # (most body lines match none); `low` is made when a check needs it
    head = r.head_any is None or r.head_any(s) is not None
    low = None
    if head and r.separator_any.match(s):
        line.kind = "rule"
        return line
    bullet = _bullet(s, r)
    if bullet is not None:
        line.kind, line.data = "bullet", bullet
        return line
    if len(s) <= r.nav_max:     # lower-casing never shortens a line
        low = s.lower()
        if low in r.nav:
            line.kind = "nav"
            return line
    if head:
        if r.nav_any.match(s):
            line.kind = "nav"
            return line
        for p in r.dateline_prefix:
            m = p.match(s)
            if m:
                rest = s[m.end():].strip(" -|–—")
                if low is None:
                    low = s.lower()
                if not rest or _is_menu(rest, r) or low in r.outlet_aliases:
                    found = metadata.parse_date(m.group("date"))
                    outlet = metadata.find_outlet(rest) if rest else None
                    line.kind, line.data = "menu", (found, m.group(0).strip(), outlet)
                    return line
        for p in r.date_line:
            m = p.match(s)
            if m:
                found = metadata.parse_date(m.group("date"))
                if found:
                    line.kind, line.data = "date", found
                    return line
    if _is_menu(s, r):
        line.kind, line.data = "menu", (None, None, metadata.find_outlet(s))
        return line
    if nwords <= r.caption_max_words and _is_caption(s, r.caption_re):
        line.kind = "caption"
        return line
    if (head or not r.map_in_head) and r.map_search(s):
        line.kind = "map"
        return line
    if head and nwords <= r.byline_max_words + 8:
        for p in r.byline_re:
            m = p.match(s)
            if m and _namelike(m.group("names"), r):
                date = m.groupdict().get("date")
                stamp = s[m.start("date"):] if date else None   # the date with its time
                line.kind, line.data = "byline", (_names(m.group("names"), r),
                                                  (metadata.parse_date(date), stamp) if date else None)
                return line
    if low is None:
        low = s.lower()
    gl = _gate_text(s, low)
    for p, req in zip(r.credit_re, r.credit_req) if _open(r.credit_gate, gl) else ():
        if _skip(req, gl):
            continue
        m = p.match(s)
        if m and _namelike(m.group("names"), r):
            line.kind, line.data = "credit", _names(m.group("names"), r)
            return line
    for p, req in zip(r.signoff_re, r.signoff_req) if _open(r.signoff_gate, gl) else ():
        if _skip(req, gl):
            continue
        m = p.match(s)
        if m:
            g = m.groupdict().get("outlet")
            line.kind, line.data = "signoff", metadata.canonical_outlet(g) if g else None
            return line
    if len(s) <= r.outlet_max:
        if low is None:
            low = s.lower()
        if low in r.outlet_aliases:
            line.kind, line.data = "outlet", metadata.canonical_outlet(s)
            return line
    if nwords <= _PLACE_OUTLET_MAX_WORDS:
        for p in r.place_outlet_re:
            m = p.match(s)
            if m and m.group("outlet").strip().lower() in r.outlet_aliases:
                line.kind, line.data = "outlet", metadata.canonical_outlet(m.group("outlet"))
                return line
    if head and r.marker_any.match(s):
        line.kind = "marker"
        return line
    if _headline(s, r, nwords):
        line.kind = "headline"
    return line


def _is_caption(s: str, captions: tuple) -> bool:
    """Whether one of ``captions`` (entries of ``rules().caption_re``) finds ``s`` a caption."""
    tail = s[-_CAPTION_TAIL:]   # caption patterns are anchored at the end of the line
    low = None
    needs: dict = {}            # (requires_pattern, tail) -> found: two patterns may share one
    for p, n, requires, needed in captions:
        if requires:
            if low is None:
                low = tail.lower()
            for x in requires:
                if x in low:
                    break
            else:
                continue
        part = tail[-n:] if n else tail
        if needed is not None:
            found = needs.get((needed, n))
            if found is None:
                found = needs[needed, n] = needed.search(part) is not None
            if not found:
                continue
        if p.search(part):
            return True
    return False


def _namelike(names: str, r: _Rules) -> bool:
    """Every word of a name list is capitalised (or a connector): "TZVI JOFFRE", "Seth J. Frantzman"."""
    words = [w for w in names.split() if w.lower() not in r.name_particles]
    if not words or len(words) > r.byline_max_words:
        return False
    return all(w[0].isupper() or not w[0].isalpha() or w[:3].lower() == "al-" for w in words)


# ---------------------------------------------------------------- articles

@dataclass
class _Article:
    title: str | None = None
    title_source: str | None = None
    authors: list = field(default_factory=list)
    credits: list = field(default_factory=list)
    captions: list = field(default_factory=list)
    outlet: str | None = None
    outlet_evidence: str | None = None
    published: tuple | None = None      # (iso, precision, source, evidence)
    body: list = field(default_factory=list)   # (separator_blank: bool, text)
    n_comments: int = 0
    in_comments: bool = False
    byline_seen: bool = False           # a byline or dateline came after the title
    date_from_menu: bool = False        # `published` so far comes from a menu-line date stamp
    other_comments: dict = field(default_factory=dict)   # comment counts without bullets, by kind
    blank_before: bool = False

    def add_unique(self, name: str, values) -> None:
        seq = getattr(self, name)
        for v in values:
            if v and v not in seq:
                seq.append(v)

    def set_date(self, found, source: str, evidence: str) -> None:
        if self.published is None and found:
            self.published = (found[0], found[1], source, evidence)

    def set_outlet(self, name: str | None, evidence: str) -> None:
        if self.outlet is None and name:
            self.outlet, self.outlet_evidence = name, evidence


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def segment(text: str, *, split: bool = True, title: str | None = None) -> list[dict]:
    """Articles in ``text`` (see the module docstring). Never raises on a string."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    r = rules()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_classify_memo(raw, r) for raw in text.split("\n")]
    nonblank = [i for i, ln in enumerate(lines) if ln.kind != "blank"]
    next_nb = dict(zip(nonblank, nonblank[1:]))
    starts = _article_starts(lines, next_nb, r) if split else [0]
    bounds = list(zip(starts, starts[1:] + [len(lines)]))
    rows = []
    for n, (lo, hi) in enumerate(bounds):
        art = _read_block(lines, lo, hi, next_nb, r, title if n == 0 else None)
        if art.body or n == 0:
            rows.append(_row(art, r))
    return rows


def _article_starts(lines: list[_Line], next_nb: dict, r: _Rules) -> list[int]:
    """First line of each article: 0, then each headline that starts a new article, moved
    up over the page furniture above it (menu, header date, logo, standfirst bullets)."""
    starts = [0]
    seen_body = False
    blanks = 0
    after_rule = False
    for i, ln in enumerate(lines):
        if ln.kind == "blank":
            blanks += 1
            continue
        gap, blanks = blanks, 0
        if after_rule:
            gap = max(gap, r.gap_blank)   # a separator rule counts as a gap
        after_rule = ln.kind == "rule"
        if ln.kind == "text" and ln.n >= r.new_min:
            seen_body = True
        elif seen_body and ln.kind == "headline" and _starts_article(i, ln, lines, next_nb, gap, r):
            j = i
            while j - 1 > starts[-1] and lines[j - 1].kind in _FURNITURE_ABOVE:
                j -= 1
            while lines[j].kind == "blank" and j < i:
                j += 1
            starts.append(j)
            seen_body = False
    return starts


_FURNITURE_ABOVE = frozenset({"blank", "nav", "menu", "date", "bullet", "outlet", "rule"})


def _read_block(lines: list[_Line], lo: int, hi: int, next_nb: dict, r: _Rules,
                title: str | None) -> _Article:
    """One article from ``lines[lo:hi]``: the line-by-line state machine."""
    art = _Article()
    if title:
        art.title, art.title_source = " ".join(title.split()), "given"
    title_of, title_key, title_words = None, "", -1
    for i in range(lo, hi):
        ln = lines[i]
        if ln.kind == "blank":
            if art.body:
                art.blank_before = True
            continue
        started = bool(art.body)

        if art.in_comments:
            if ln.kind == "bullet":
                art.n_comments += 1
            else:
                for name, pat in r.comment_count_re.items():
                    if pat.match(ln.s):
                        art.other_comments[name] = art.other_comments.get(name, 0) + 1
            continue

        k = ln.kind
        if art.title:
            if art.title is not title_of:   # the title's key, made once per title
                title_of = art.title
                title_key = _norm(title_of)
                title_words = min(len(title_key.split()), r.words_cap)
            # same words (casefold never adds or removes spaces; a long line's count is
            # capped, as the title's is) before comparing keys
            if ln.n == title_words and _norm(ln.s) == title_key:
                continue  # the title repeated (page furniture shows it twice)
        if k in ("nav", "rule"):
            continue
        if k == "menu":
            found, evidence, outlet = ln.data
            if found and art.published is None:
                art.set_date(found, "dateline", evidence)
                art.date_from_menu = True
            if outlet:
                art.set_outlet(outlet[0], outlet[1])
            continue
        if k == "date" and (not started or (art.published is None and len(art.body) < _DATELINE_BODY_LINES)):
            if art.date_from_menu and art.title:
                art.published, art.date_from_menu = None, False   # the article's own dateline wins
            art.set_date(ln.data, "dateline" if art.title else "header", ln.s)
            art.byline_seen = art.byline_seen or bool(art.title)
            continue   # further down the body a date line is body text (a timeline entry)
        if k in ("caption", "map"):
            art.add_unique("captions", [ln.s])
            continue
        if k == "byline":
            names, dated = ln.data
            art.add_unique("authors", names)
            if dated and dated[0] and (art.published is None or art.date_from_menu):
                art.published, art.date_from_menu = None, False
                art.set_date(dated[0], "dateline", dated[1])
            art.byline_seen = art.byline_seen or bool(art.title)
            continue
        if k == "credit":
            art.add_unique("credits", ln.data)
            continue
        if k in ("signoff", "outlet"):
            art.set_outlet(ln.data, ln.s)
            continue
        if k == "marker":
            if started:
                art.in_comments = True
            continue
        if k == "bullet":
            if not started:
                continue  # standfirst bullets / title duplicates above the body
            if _comment_start(i, ln, lines, next_nb, r):
                art.in_comments = True
                art.n_comments += 1
                continue
        if not started:
            if k == "headline" and art.title is None:
                art.title, art.title_source = ln.s, "headline"
                continue
            if art.title and not art.byline_seen and _standfirst(i, lines, next_nb, r):
                continue
            if art.title is None and _kicker(i, ln, lines, next_nb, r):
                continue
        art.body.append((art.blank_before, ln.s))
        art.blank_before = False
    return art


def _starts_article(i: int, ln: _Line, lines: list[_Line], next_nb: dict, gap: int, r: _Rules) -> bool:
    s = ln.s
    if ln.n < r.new_min or _title_case(s) < r.new_title_case:
        return False
    key = _norm(s)
    j = next_nb.get(i)
    if j is not None and lines[j].kind in ("caption", "map"):
        return True
    for k in range(i + 1, min(len(lines), i + 1 + r.repeat_window)):
        if _norm(lines[k].s) == key:
            return True
    return gap >= r.gap_blank


def _comment_start(i: int, ln: _Line, lines: list[_Line], next_nb: dict, r: _Rules) -> bool:
    name = ln.data or ""
    words = name.split()
    if not words or len(words) > r.comment_name_max or name[-1] in ".!?:;":
        return False
    j = next_nb.get(i)
    return j is not None and lines[j].indent > ln.indent


def _standfirst(i: int, lines: list[_Line], next_nb: dict, r: _Rules) -> bool:
    j = i
    for _ in range(r.standfirst_window):
        j = next_nb.get(j)
        if j is None:
            return False
        if lines[j].kind in ("byline", "date"):
            return True
        if lines[j].kind not in ("text", "headline", "nav"):
            return False
    return False


def _kicker(i: int, ln: _Line, lines: list[_Line], next_nb: dict, r: _Rules) -> bool:
    """A short label above the headline ("Syria", "Middle East"): not body text."""
    if ln.n >= r.head_min or ln.s[-1] in r.head_end:
        return False
    j = i
    for _ in range(3):
        j = next_nb.get(j)
        if j is None:
            return False
        if lines[j].kind == "headline":
            return True
    return False


def _row(a: _Article, r: _Rules) -> dict:
    parts = []
    for n, (blank, s) in enumerate(a.body):
        if n:
            parts.append("\n\n" if blank else "\n")
        parts.append(s)
    body = "".join(parts)
    title, source = a.title, a.title_source
    if not title and body:
        words = body.split("\n", 1)[0].split()
        title = " ".join(words[:r.fallback_words]) + (" …" if len(words) > r.fallback_words else "")
        source = "fallback"
    pub = a.published or (None, None, None, None)
    return {
        "title": title or None,
        "title_source": source,
        "authors": list(a.authors),
        "credits": list(a.credits),
        "captions": list(a.captions),
        "outlet": a.outlet,
        "outlet_evidence": a.outlet_evidence,
        "published": pub[0],
        "published_precision": pub[1],
        "published_source": pub[2],
        "published_evidence": pub[3],
        "text": body,
        "n_comments": max([a.n_comments, *a.other_comments.values()]),
    }
