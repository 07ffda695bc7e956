"""Source attributions: who the information in an article comes from.

``extract(article_id, text, sentences, *, outlet=None) -> list[dict]`` returns rows of
the ``sources`` table (see :mod:`analysis.schema`), one per attribution, in text order,
each with its evidence (sentence, offsets of the source as written, rule).
``extract_text(text)`` does the same for a bare string (tests, notebooks).

How it reads a sentence (every word list is data in ``lexicons/attribution.yaml``;
canonical sources, aliases, short forms and types are in ``lexicons/sources.yaml``):

1. A cue is found: a reporting verb ("said", "told", "reported", "denied", ...) or a
   preposition ("according to"). Passives ("are said to"), adjectives ("the said
   district") and relative gaps ("what it said were") are not cues.
2. The source phrase is read next to the cue: after "according to X"; before the verb
   ("X said", "The SOHR, Amos Yadlin and James Jeffrey all denied" gives three rows;
   "Name, a 25-year-old father, said" and "description, Name, told" appositives); after
   the verb when it follows a comma or a closing quote ("..., reported Al-Arabiya",
   '"...," said Ghada Zaki'); or a pronoun ("He said") pointing back to the last
   singular person or unnamed source of the previous sentences.
3. The phrase is resolved: a lexicon alias at its end ("local news source DeirEzzor24",
   "Sources for Al-Arabiya", "the SOHR's report", "a statement by the Syrian army"); a
   short form of a source cited earlier in the article ("Step", "the network", a
   surname, "the ministry"); an unnamed source ("a senior defense source", "Western
   officials", "a source in the Syrian army" -> anonymous); an organisation or a
   person's name with its titles stripped ("Defense Minister Naftali Bennett" ->
   "Naftali Bennett"), typed by the words around it ("a 25-year-old father": witness),
   else ``generic``. A phrase that is the object of a preposition ("peacekeepers in
   Lebanon said") is not taken for the subject.
4. The listener of "told Reuters" / "confirmed to Asharq Al-Awsat" goes to ``via``,
   never to ``source``. One row per source per sentence.

Sentences that are photo credits, bylines or credit lines are skipped. It refuses rather
than guesses: a phrase that resolves to nothing yields no row. Never raises.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple

from analysis import lexicons
from analysis.errors import LexiconError, allowed
from analysis.textutil import sentences as split_sentences
from analysis.textutil import trie_alternation

log = logging.getLogger(__name__)

# a word: a letter or digit, then word characters and joiners ("al-Assad", "U.S", "AT&T")
# each followed by a letter or digit; or one punctuation mark
_TOKEN = re.compile(r"@?[^\W_]\w*(?:[-'’.&][^\W_]\w*)*|[(),;:“”\"‘’\[\]!?]")
_QUOTES_CLOSE = {"”", '"', "’"}
_QUOTES = {"“", "”", '"', "‘", "’"}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# The values of `sources.source_type` (as analysis/schema.py documents them).
SOURCE_TYPES = ("monitor", "local_media", "media", "official", "military", "medical", "witness",
                "armed_group", "social_media", "generic")
_WINDOW = 250   # characters read either side of the cues of a sentence


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class _Lex:
    verbs: dict
    preps: dict
    inverted: frozenset
    listener: frozenset
    via_openers: tuple
    pronouns: frozenset
    pronoun_verbs: frozenset
    pronoun_window: int
    report_nouns: frozenset
    report_linkers: frozenset
    needs_modifier: frozenset
    name_particles: frozenset
    name_prefixes: tuple
    adjective_before: frozenset
    unresolved_subjects: frozenset
    persons: frozenset         # canonical names of people in sources.yaml
    anaphora: dict             # head word -> source types it may point back to
    object_preps: frozenset
    affiliation_linkers: frozenset
    credit_linkers: frozenset
    quote_verbs: frozenset
    between: frozenset
    passive: frozenset
    gap: frozenset
    np_stops: frozenset
    determiners: frozenset
    connectors: frozenset
    anon_heads: frozenset
    inst_heads: frozenset
    singular_heads: frozenset
    for_linkers: frozenset
    close_linkers: tuple
    modifiers: frozenset
    proper_modifiers: frozenset
    titles: frozenset
    function_words: frozenset
    place_words: frozenset
    org_words: frozenset
    trailing_generic: tuple
    type_cues: tuple           # ((type, frozenset(single words), (" phrase ", ...)), ...)
    negatives: tuple           # ((needs, compiled pattern), ...)
    cue_re: re.Pattern         # a cue: a verb or preposition between non-word characters
    cue_scan: re.Pattern | None    # the character before a cue, then the cue (see _cues)
    alias_exact: dict          # exact-case alias -> canonical
    alias_lower: dict          # lower-case alias -> canonical
    types: dict                # canonical -> type
    short: dict                # short form (exact, or lower when it starts with "the") -> [canonical]


def _low(items) -> frozenset:
    bad = [x for x in items if not isinstance(x, str)]
    if bad:  # YAML reads a bare on/no/yes as a boolean: the word must be quoted
        raise LexiconError(f"attribution.yaml: {bad!r} must be quoted strings")
    return frozenset(x.lower() for x in items)


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    a = lexicons.load("attribution")
    lexicons.require(a, ["verbs", "prepositions", "inverted_verbs", "listener_verbs",
                         "anonymous_heads", "type_cues", "titles", "negative_patterns"],
                     "attribution")
    s = lexicons.load("sources")
    lexicons.require(s, ["sources"], "sources")
    alias_exact, alias_lower, types, short, persons = {}, {}, {}, {}, []
    for entry in s["sources"]:
        if not isinstance(entry, dict) or not entry.get("name"):
            raise LexiconError(f"sources.yaml: every entry needs a name; got {entry!r}")
        name, typ = str(entry["name"]), entry.get("type", "generic")
        if typ not in SOURCE_TYPES:
            raise LexiconError(allowed(typ, SOURCE_TYPES, f"sources.yaml {name!r} type"))
        types[name] = typ
        if entry.get("person"):
            persons.append(name)
        for alias in [name, *entry.get("aliases", [])]:
            alias = _norm_alias(str(alias))
            if _is_acronym(alias):
                alias_exact.setdefault(alias, name)
            else:
                alias_lower.setdefault(alias.lower(), name)
        for form in entry.get("short", []) or []:
            form = str(form)
            key = form.lower() if form.lower().startswith("the ") else form
            short.setdefault(key, []).append(name)
    verbs = {str(k): str(v) for k, v in a["verbs"].items()}
    preps = {str(k).lower(): str(v) for k, v in a["prepositions"].items()}
    verb_alt = "|".join(sorted(map(re.escape, verbs), key=len, reverse=True))
    prep_alt = "|".join(sorted((re.escape(p).replace(r"\ ", r"\s+") for p in preps),
                               key=len, reverse=True))
    cue_re = re.compile(rf"(?<![\w'’-])(?:(?P<prep>(?i:{prep_alt}))|(?P<verb>{verb_alt}))(?![\w'’-])")
    cue_scan = _cue_scan(verbs, preps)
    type_cues = []
    for item in a["type_cues"]:
        if item.get("type") not in SOURCE_TYPES:
            raise LexiconError(allowed(item.get("type"), SOURCE_TYPES, "attribution.yaml type_cues type"))
        words = [str(w).lower() for w in item["words"]]
        type_cues.append((item["type"], frozenset(w for w in words if " " not in w),
                          tuple(f" {w} " for w in words if " " in w)))
    return _Lex(
        verbs=verbs, preps=preps,
        inverted=_low(a["inverted_verbs"]), listener=_low(a["listener_verbs"]),
        via_openers=tuple(sorted((str(v).lower().split() for v in a.get("via_openers", [])),
                                 key=len, reverse=True)),
        pronouns=_low(a.get("pronouns", [])), pronoun_verbs=_low(a.get("pronoun_verbs", [])),
        pronoun_window=int(a.get("pronoun_window", 6)),
        report_nouns=_low(a.get("report_nouns", [])), between=_low(a.get("between", [])),
        report_linkers=_low(a.get("report_linkers", [])),
        needs_modifier=_low(a.get("needs_modifier", [])),
        name_particles=_low(a.get("name_particles", [])),
        name_prefixes=tuple(str(x).lower() for x in a.get("name_prefixes", [])),
        adjective_before=_low(a.get("adjective_before", [])),
        unresolved_subjects=_low(a.get("unresolved_subjects", [])),
        persons=frozenset(persons),
        anaphora={str(k).lower(): frozenset(v or []) for k, v in (a.get("anaphora") or {}).items()},
        object_preps=_low(a.get("object_prepositions", [])),
        affiliation_linkers=_low(a.get("affiliation_linkers", [])),
        credit_linkers=_low(a.get("credit_linkers", [])),
        quote_verbs=_low(a.get("quote_verbs", [])),
        passive=_low(a.get("passive", [])), gap=_low(a.get("gap_followers", [])),
        np_stops=_low(a.get("np_stops", [])), determiners=_low(a.get("determiners", [])),
        connectors=_low(a.get("name_connectors", [])),
        anon_heads=_low(a["anonymous_heads"]), inst_heads=_low(a.get("institution_heads", [])),
        singular_heads=_low(a.get("singular_heads", [])),
        for_linkers=_low(a.get("for_linkers", [])),
        close_linkers=tuple(str(x).lower().split() for x in a.get("close_linkers", [])),
        modifiers=_low(a.get("modifiers", [])), proper_modifiers=_low(a.get("proper_modifiers", [])),
        titles=_low(a["titles"]), function_words=_low(a.get("function_words", [])),
        place_words=_low(a.get("place_words", [])), org_words=_low(a.get("org_words", [])),
        trailing_generic=tuple(sorted((str(x).lower().split() for x in a.get("trailing_generic", [])),
                                      key=len, reverse=True)),
        type_cues=tuple(type_cues),
        negatives=_negatives(a["negative_patterns"]),
        cue_re=cue_re, cue_scan=cue_scan, alias_exact=alias_exact, alias_lower=alias_lower, types=types,
        short=short,
    )


_CUE_EDGE = r"[\w'’-]"        # a cue neither follows nor precedes one of these
_EDGE = re.compile(_CUE_EDGE)


def _cue_scan(verbs: dict, preps: dict) -> re.Pattern | None:
    """``cue_re`` read from the character before the cue: a pattern opening with a
    character class lets the regex engine skip the letters of a text at C speed, where
    ``cue_re``'s opening look-behind has it try every position (:func:`_cues` uses it).

    The class holds every ASCII character outside ``_CUE_EDGE`` and every non-ASCII one
    (those are checked in Python: a non-ASCII letter before a cue is rare). Then one
    branch per first character of a cue (the engine rejects the others on that character
    alone): first the prepositions, in ``cue_re``'s order, each in a group of its own (a
    match with a group is a preposition) and spelled once per character its
    case-insensitive first letter matches; then the verbs, as a character trie."""
    by_first: dict[str, tuple[list, list]] = {}
    for p in sorted(preps, key=lambda p: len(re.escape(p).replace(r"\ ", r"\s+")), reverse=True):
        esc = re.escape(p).replace(r"\ ", r"\s+")
        first = p[:1]
        if not (first.isascii() and first.isalpha()):
            return None    # spelled otherwise: `_cues` falls back on `cue_re`
        # the characters IGNORECASE matches to an ASCII letter: its two cases and the
        # four the `re` docs list (İ ı ſ K), each as a literal
        for ch in dict.fromkeys(first.lower() + first.upper() + "\u0130\u0131\u017f\u212a"):
            if re.fullmatch("(?i)" + first, ch):
                by_first.setdefault(ch, ([], []))[0].append(f"(?i:({esc[1:]}))")
    rests: dict[str, list[str]] = {}
    for v in verbs:
        if not v:
            return None
        rests.setdefault(v[0], []).append(v[1:])
    for ch, words in rests.items():
        by_first.setdefault(ch, ([], []))[1].append(trie_alternation(words))
    if not by_first:
        return None
    branches = "|".join(f"{re.escape(ch)}(?:{'|'.join(p + v)})" for ch, (p, v) in by_first.items())
    before = "".join(f"\\x{i:02x}" for i in range(128) if not _EDGE.fullmatch(chr(i)))
    return re.compile(rf"[{before}\x80-\U0010ffff](?:{branches})(?!{_CUE_EDGE})")


def _cues(text: str) -> list[tuple[int, int, str | None, str | None]]:
    """``(start, end, preposition, verb)`` of each cue in ``text``: the matches of
    ``cue_re.finditer(text)``, found with ``cue_scan`` (a match there starts one
    character before the cue; the next cue may start where the last one ended)."""
    lx = _lex()
    if lx.cue_scan is None:
        return [(m.start(), m.end(), m.group("prep"), m.group("verb")) for m in lx.cue_re.finditer(text)]
    out = []
    pos = 0
    m = lx.cue_re.match(text)          # a cue opening the text: no character before it
    if m is not None:
        out.append((m.start(), m.end(), m.group("prep"), m.group("verb")))
        pos = m.end() - 1
    search, edge = lx.cue_scan.search, _EDGE.match
    while (m := search(text, pos)) is not None:
        b = m.start()
        if text[b] > "\x7f" and edge(text, b):     # a non-ASCII letter before it: no cue
            pos = b + 1
            continue
        cue = m.group()[1:]
        out.append((b + 1, m.end(), cue, None) if m.lastindex else (b + 1, m.end(), None, cue))
        pos = m.end() - 1
    return out


def _negatives(patterns) -> tuple:
    """((needs, compiled), ...) from ``negative_patterns``; ``needs`` None: always tried."""
    out = []
    for item in patterns:
        pattern, needs = (item.get("pattern"), item.get("needs")) if isinstance(item, dict) else (item, None)
        try:
            compiled = re.compile(str(pattern), re.M)
        except re.error as exc:
            raise LexiconError(f"attribution.yaml negative_patterns: {pattern!r} is not a valid "
                               f"regular expression ({exc})") from None
        out.append((tuple(str(n).lower() for n in needs) if needs else None, compiled))
    return tuple(out)


def _is_negative(sentence: str) -> bool:
    low = sentence.lower()
    for needs, rx in _lex().negatives:
        if needs is not None:
            for n in needs:
                if n in low:
                    break
            else:
                continue
        if rx.search(sentence):
            return True
    return False


_ACRONYM_DOTS = re.compile(r"(?<![^\W\d_])([A-Z])\.(?=[A-Z]|\s|$)")


def _norm_alias(alias: str) -> str:
    alias = " ".join(_ACRONYM_DOTS.sub(r"\1", alias).split())
    if alias.lower().startswith("the ") and len(alias) > 4:
        alias = alias[4:]
    return alias


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(alias) <= 6 and all(c.isupper() for c in letters)


def source_types() -> dict[str, str]:
    """Canonical source name -> type, from ``lexicons/sources.yaml``."""
    return dict(_lex().types)


def canonical(name: str) -> str | None:
    """The canonical source an alias stands for ("SOHR" -> Syrian Observatory ...), or None."""
    lx = _lex()
    name = _norm_alias(str(name))
    return lx.alias_exact.get(name) or lx.alias_lower.get(name.lower())


# --------------------------------------------------------------------------- tokens


class _Tok(NamedTuple):
    """A word or punctuation mark with its offsets in the article text (a tuple, so that
    a window's tokens are built without a Python call each)."""
    text: str
    start: int
    end: int
    low: str

    @property
    def cap(self) -> bool:
        c = self.text[:1]
        return c.isupper() or c.isdigit() or c == "@"

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum() or self.text[:1] == "@"


@dataclass
class _Cand:
    """A resolved source phrase."""
    start: int
    end: int
    source: str
    type: str
    anonymous: bool
    person: bool = False
    singular: bool = False
    lexicon: bool = False
    report: bool = False      # the phrase was "X's report" / "X report"


_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")     # split keeps the tokens between the gaps
# the same on an ASCII string, where ASCII classes are the Unicode ones and cheaper to test
_TOKEN_SPLIT_ASCII = re.compile(_TOKEN_SPLIT.pattern, re.ASCII)
_make_tok = partial(tuple.__new__, _Tok)


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    """The tokens of ``text[start:end]``, made without a Python call each: the slice split
    into gap, token, gap, ..., gap; a token's offsets are the lengths of what precedes it."""
    part = text[start:end]
    parts = (_TOKEN_SPLIT_ASCII if part.isascii() else _TOKEN_SPLIT).split(part)
    bounds = list(accumulate(map(len, parts), initial=start))   # bounds[i]: where parts[i] starts
    words = parts[1::2]
    return list(map(_make_tok, zip(words, bounds[1::2], bounds[2::2], map(str.lower, words))))


_START = attrgetter("start")


def _token_at(toks: list[_Tok], offset: int) -> int | None:
    """The index of the token starting at ``offset`` (a binary search), or None."""
    k = bisect_left(toks, offset, key=_START)
    return k if k < len(toks) and toks[k].start == offset else None


def _strip_poss(tok_text: str) -> str:
    return _POSSESSIVE.sub("", tok_text) if len(tok_text) > 2 else tok_text


# --------------------------------------------------------------------------- article state


class _State:
    """What an article has cited so far: short forms, surnames, the last singular source."""

    def __init__(self):
        self.cited: list[str] = []                 # canonical names in citation order
        self.persons: dict[str, _Cand] = {}        # surname / full name -> candidate
        self.last_singular: tuple[_Cand, int] | None = None

    def note(self, cand: _Cand, sent_idx: int) -> None:
        self.cited.append(cand.source)
        if cand.person:
            parts = cand.source.split()
            self.persons[cand.source] = cand
            self.persons[parts[-1]] = cand
        if cand.singular:
            self.last_singular = (cand, sent_idx)

    def short_form(self, key: str) -> str | None:
        names = _lex().short.get(key)
        if not names:
            return None
        for name in reversed(self.cited):
            if name in names:
                return name
        return None

    def anaphor(self, head: str) -> str | None:
        """"the ministry", "the group": the last cited source named with that word, or
        of the types the word may stand for (``anaphora`` in attribution.yaml)."""
        lx = _lex()
        types = lx.anaphora.get(head)
        if types is None:
            return None
        for name in reversed(self.cited):
            if head in name.lower().split() or lx.types.get(name) in types:
                return name
        return None


# --------------------------------------------------------------------------- resolving


def _type_of(words: list[str]) -> str:
    """The first type of ``type_cues`` with one of its words among ``words``, or one of its
    phrases in them (phrases are kept padded with spaces: " field commander ")."""
    present = set(words)
    joined = None
    for typ, singles, phrases in _lex().type_cues:
        if not singles.isdisjoint(present):
            return typ
        if phrases:
            if joined is None:
                joined = " " + " ".join(words) + " "
            for p in phrases:
                if p in joined:
                    return typ
    return "generic"


def _lookup(text: str) -> str | None:
    """The canonical source a phrase names (an alias, maybe before a trailing generic
    word), or None; memoised by the phrase (the lexicon does not change in a run)."""
    return _lookup_cached(text) if isinstance(text, str) else None


@lru_cache(maxsize=65536)
def _lookup_cached(text: str) -> str | None:
    lx = _lex()
    text = " ".join(_ACRONYM_DOTS.sub(r"\1", text).split())
    hit = lx.alias_exact.get(text) or lx.alias_lower.get(text.lower())
    if hit:
        return hit
    low = text.lower().split()
    for gen in lx.trailing_generic:
        if len(low) > len(gen) and low[-len(gen):] == gen:
            cut = " ".join(text.split()[:-len(gen)])
            hit = lx.alias_exact.get(cut) or lx.alias_lower.get(cut.lower())
            if hit:
                return hit
    return None


def _span_text(text: str, toks: list[_Tok], last_end: int | None = None) -> str:
    return text[toks[0].start:(last_end if last_end is not None else toks[-1].end)]


def _resolve(text: str, toks: list[_Tok], state: _State, extra_words: list[str] | None = None,
             allow_report: bool = True) -> _Cand | None:
    """Resolve a source phrase (tokens of one item, no list commas) or return None."""
    lx = _lex()
    toks = [t for t in toks if t.text not in _QUOTES]
    had_the = False
    while toks and toks[0].low in lx.determiners:
        had_the = had_the or toks[0].low == "the"
        toks = toks[1:]
    # a trailing parenthetical "(SOHR)" is the acronym of what precedes it
    if toks and toks[-1].text == ")":
        try:
            k = max(i for i, t in enumerate(toks) if t.text == "(")
        except ValueError:
            k = None
        if k:
            toks = toks[:k]
    toks = [t for t in toks if t.text not in "()"]
    if not toks or len(toks) > 25:
        return None
    report = False
    if allow_report and len(toks) > 1 and toks[-1].low in lx.report_nouns:
        # "the SOHR's report", "SOHR report": the report's author, when it is named
        owner = _resolve(text, toks[:-1], state, extra_words, allow_report=False)
        if owner is not None and not owner.anonymous:
            owner.report = True
            return owner
    last_end = toks[-1].end
    if _POSSESSIVE.search(toks[-1].text) and len(toks[-1].text) > 2:
        if not toks[-1].text[:1].isupper():
            return None
        last_end = toks[-1].end - len(_POSSESSIVE.search(toks[-1].text).group())
    extra = extra_words or []
    lows = [t.low for t in toks]

    # "a source close to Hezbollah": an unnamed source, kept whole
    for link in lx.close_linkers:
        n = len(link)
        if n and link[0] not in lows:
            continue
        for i in range(1, len(lows) - n + 1):
            if lows[i:i + n] == link and lows[i - 1] in lx.anon_heads:
                src = _anon_name(toks[:i]) + " " + _span_text(text, toks[i:], last_end)
                return _Cand(toks[0].start, last_end, src, _type_of(lows + extra), True,
                             singular=lows[i - 1] in lx.singular_heads, report=report)

    # 1. a lexicon alias ending the phrase (longest first)
    for i in range(len(toks)):
        name = _lookup_cached(text[toks[i].start:last_end])
        li = i - 2 if i >= 2 and lows[i - 1] == "the" else i - 1   # the linker's index
        if name and li >= 1 and lows[li] in lx.for_linkers and lows[li] not in lx.credit_linkers \
                and lows[li - 1] in lx.anon_heads:
            # "a source in the Syrian army": an unnamed member, typed by the body
            src = _anon_name(toks[:i]) + " " + _span_text(text, toks[i:], last_end)
            return _Cand(toks[0].start, last_end, src, lx.types.get(name, "generic"), True,
                         singular=lows[li - 1] in lx.singular_heads, report=report)
        if name:
            person = name in lx.persons
            return _Cand(toks[i].start, last_end, name, lx.types.get(name, "generic"), False,
                         person=person, singular=person, lexicon=True, report=report)

    # 1b. "Heiko Wimmen of the International Crisis Group": the person, typed by the body
    for i in range(2, len(toks) - 1):
        if lows[i] in lx.affiliation_linkers:
            left = toks[:i]
            if all(_namey(t) for t in left) and not any(t.low in lx.org_words or t.low in lx.titles
                                                         or t.low in lx.function_words for t in left):
                cand = _resolve(text, left, state, lows[i + 1:] + extra, allow_report=False)
                if cand is not None and cand.person:
                    return cand
            break

    # 2. a short form of a source cited earlier in this article
    short = lx.short
    for i in range(len(toks) if state.cited or state.persons else 0):
        phrase = " ".join(text[toks[i].start:last_end].split())
        plow = phrase.lower()
        keys = [phrase] + ([f"the {plow}"] if (i > 0 or had_the) else [])
        if plow.startswith("the "):
            keys.append(plow)
        for key in keys:
            name = state.short_form(key) if key in short else None
            if name:
                return _Cand(toks[i].start, last_end, name, lx.types.get(name, "generic"), False,
                             lexicon=True, report=report)
        if i == len(toks) - 1 and phrase in state.persons:
            p = state.persons[phrase]
            return _Cand(toks[i].start, last_end, p.source, p.type, False, person=True,
                         singular=True, report=report)

    # 2a. "the ministry", "the group": a source of that kind cited earlier in the article
    if had_the and len(toks) == 1:
        name = state.anaphor(lows[0])
        if name:
            person = name in lx.persons
            return _Cand(toks[0].start, last_end, name, lx.types.get(name, "generic"), False,
                         person=person, singular=person, lexicon=True, report=report)

    # 2b. "doctors at Nasser Hospital": an unnamed source tied to a place or body
    for i in range(1, len(toks) - 1):
        if lows[i] in lx.for_linkers and lows[i - 1] in lx.anon_heads:
            src = _anon_name(toks[:i + 1]) + " " + _span_text(text, toks[i + 1:], last_end)
            return _Cand(toks[0].start, last_end, src, _type_of(lows + extra), True,
                         singular=lows[i - 1] in lx.singular_heads, report=report)

    # 3. an unnamed source or an institution named by kind
    head = lows[-1]
    if head in lx.anon_heads or head in lx.inst_heads:
        k = len(toks) - 1
        while k > 0:
            t = toks[k - 1]
            if t.low in lx.modifiers or t.low in lx.titles or (t.cap and t.low not in lx.function_words) \
                    or ("-" in t.text and t.word) or t.low in lx.place_words:
                k -= 1
                continue
            break
        mods = toks[k:-1]
        if head in lx.needs_modifier and not mods:
            return None
        if any(m.low in lx.function_words and m.low not in lx.place_words
               and m.low not in lx.modifiers for m in mods):
            return None
        if head in lx.inst_heads and toks[-1].text[:1].isupper() and k < len(toks) - 1:
            src = " ".join(_span_text(text, toks[k:], last_end).split())   # a proper name
        else:
            src = _anon_name(toks[k:])
        words = [t.low for t in toks[k:]] + extra
        anonymous = head in lx.anon_heads
        typ = _body_type(text, mods) or _type_of(words)
        return _Cand(toks[k].start, last_end, src, typ, anonymous,
                     singular=head in lx.singular_heads, report=report)

    # 4. a capitalised name: an organisation, or a person with titles stripped
    k = len(toks)
    while k > 0:
        t = toks[k - 1]
        if _namey(t):
            k -= 1
        elif t.low in lx.connectors and k - 1 > 0 and toks[k - 2].cap and k < len(toks) \
                and t.low != "and":
            k -= 1
        else:
            break
    run = toks[k:]
    while run and (run[0].low in lx.connectors or run[0].low in lx.function_words):
        run = run[1:]
    if not run:
        return None
    run_lows = [_strip_poss(t.text).lower() for t in run]
    words = lows + extra
    if any(w in lx.org_words for w in run_lows):
        src = " ".join(_span_text(text, run, last_end).split())
        return _Cand(run[0].start, last_end, src, _type_of(words), False, report=report)
    # person: trailing capitalised words that are not titles, places or function words
    j = len(run)
    while j > 0:
        t = run[j - 1]
        w = _strip_poss(t.text).lower() if j == len(run) else t.low
        if (_namey(t) and w not in lx.titles and w not in lx.place_words and w not in lx.function_words
                and not _lookup(t.text)) or (w in lx.name_particles and j < len(run)):
            j -= 1
            continue
        break
    name_toks = run[j:]
    while name_toks and name_toks[0].low in lx.name_particles:
        name_toks = name_toks[1:]
    if not name_toks and len(run) >= 2 and not all(t.low in lx.place_words for t in run):
        # a body named only with descriptive words ("the Civil Defence")
        src = " ".join(_span_text(text, run, last_end).split())
        return _Cand(run[0].start, last_end, src, _type_of(words), False, report=report)
    if not name_toks or len(name_toks) > 5:
        return None
    if any(t.text[:1].isdigit() for t in name_toks):
        return None
    name = " ".join(_span_text(text, name_toks, last_end).split())
    if len(name_toks) == 1:
        if name in state.persons:
            p = state.persons[name]
            return _Cand(name_toks[0].start, last_end, p.source, p.type, False, person=True,
                         singular=True, report=report)
        if _is_acronym(name) and len(name) >= 2:
            return _Cand(name_toks[0].start, last_end, name, _type_of(words), False, report=report)
    desc = [w for w in words if w not in {t.low for t in name_toks}]
    return _Cand(name_toks[0].start, last_end, name, _type_of(desc), False, person=True,
                 singular=True, report=report)


def _body_type(text: str, mods: list[_Tok]) -> str | None:
    """The type of a lexicon source named among the modifiers of an unnamed source
    ("a Hezbollah commander": armed_group; "a Gaza health ministry official": medical)."""
    n = len(mods)
    for size in range(min(n, 6), 0, -1):
        for i in range(n - size + 1):
            name = _lookup(_span_text(text, mods[i:i + size]))
            if name and name not in _lex().persons:
                return _lex().types.get(name)
    return None


def _anon_name(toks: list[_Tok]) -> str:
    """The name of an unnamed source: descriptive words lower-cased, demonyms kept."""
    lx = _lex()
    out = []
    for t in toks:
        if t.low in lx.proper_modifiers or (t.cap and t.low not in lx.modifiers
                                            and t.low not in lx.anon_heads
                                            and t.low not in lx.inst_heads
                                            and t.low not in lx.titles):
            out.append(t.text)
        else:
            out.append(t.low)
    return " ".join(out)


# --------------------------------------------------------------------------- phrases


def _np_ish_left(t: _Tok) -> bool:
    lx = _lex()
    lw = t.low
    if lw in lx.anon_heads or lw in lx.inst_heads or lw in lx.modifiers or lw in lx.titles \
            or lw in lx.report_nouns or lw in lx.org_words:
        return True
    if lw in lx.function_words:
        return False
    if t.cap and t.word:
        return True
    if t.word and "-" in t.text:
        return True
    if t.word and _POSSESSIVE.search(t.text) and t.text[:1].isupper():
        return True
    return False


def _linker_before(toks: list[_Tok], i: int) -> int:
    """Length of a linker ending at ``toks[i-1]`` that ties a head to what follows it
    ("sources for", "doctors at", "a source close to"), else 0."""
    if i < 2:
        return 0
    links = _linkers().get(toks[i - 1].low)
    if not links:
        return 0
    anon = _lex().anon_heads
    for link in links:
        n = len(link)
        if i - n - 1 >= 0 and [t.low for t in toks[i - n:i]] == link \
                and toks[i - n - 1].low in anon:
            return n
    return 0


@lru_cache(maxsize=1)
def _linkers() -> dict[str, list[list[str]]]:
    """The linkers of ``_linker_before`` in their order, by their last word."""
    lx = _lex()
    out: dict[str, list[list[str]]] = {}
    for link in [*lx.close_linkers, *([w] for w in lx.for_linkers)]:
        if link:
            out.setdefault(link[-1], []).append(link)
    return out


def _namey(t: _Tok) -> bool:
    """A word that can be part of a name: capitalised, or an Arabic article prefix."""
    return (t.cap and t.word) or t.low.startswith(_lex().name_prefixes)


def _left_chunk(toks: list[_Tok]) -> list[_Tok]:
    """The subject phrase ending the token list (may hold list commas and 'and')."""
    lx = _lex()
    i = len(toks)
    out: list[_Tok] = []
    while i > 0 and len(out) < 30:
        t = toks[i - 1]
        if t.text == ")":
            k = i - 1
            while k > 0 and toks[k - 1].text != "(" and i - k < 6:
                k -= 1
            if k > 0 and toks[k - 1].text == "(":
                out[:0] = toks[k - 1:i]
                i = k - 1
                continue
            break
        if t.low in lx.determiners:
            out.insert(0, t)
            i -= 1
            if i >= 2 and (toks[i - 1].low in ("for", "of") and toks[i - 2].cap
                           or toks[i - 1].text == "," and _np_ish_left(toks[i - 2])
                           or toks[i - 1].low in ("and", "&") and _np_ish_left(toks[i - 2])):
                continue
            linked = _linker_before(toks, i)
            if linked:   # "officials in the Ministry of Health"
                out[:0] = toks[i - linked:i]
                i -= linked
                continue
            break
        linked = _linker_before(toks, i)
        if linked and out:
            out[:0] = toks[i - linked:i]
            i -= linked
            continue
        if _np_ish_left(t):
            out.insert(0, t)
            i -= 1
            continue
        if t.low in lx.connectors and t.low not in ("the",) and out and i > 1:
            nxt = toks[i - 2]
            if t.low in ("and", "&") and (_np_ish_left(nxt) or nxt.text == ")" or (
                    nxt.text == "," and i >= 3 and _np_ish_left(toks[i - 3]))):
                out.insert(0, t)
                i -= 1
                continue
            if t.low not in ("and", "&") and nxt.cap and (out[0].cap or out[0].low == "the"):
                out.insert(0, t)
                i -= 1
                continue
            break
        if t.text == "," and out and i > 1 and (_np_ish_left(toks[i - 2]) or toks[i - 2].text == ")"):
            out.insert(0, t)
            i -= 1
            continue
        break
    while out and (out[0].text == "," or out[0].low in ("and", "&")):
        out = out[1:]
    return out


def _split_items(text: str, chunk: list[_Tok], state: _State, extra: list[str] | None = None,
                 before=None) -> list[_Cand]:
    """Split a subject phrase into list items and resolve them (right to left)."""
    segs: list[list[_Tok]] = [[]]
    for t in chunk:
        if t.text == ",":
            segs.append([])
        else:
            segs[-1].append(t)
    segs = [s for s in segs if s]
    if not segs:
        return []
    last = segs[-1]
    lx = _lex()
    # "A and B" inside the last item: split only when both sides resolve on their own
    last_items = [last]
    and_idx = [i for i, t in enumerate(last) if t.low in ("and", "&")]
    whole = _resolve(text, last, state, extra)
    for i in reversed(and_idx):
        left, right = last[:i], last[i + 1:]
        if not left or not right:
            if not left and right:  # Oxford comma: ", and C"
                last_items = [right]
                whole = None
            continue
        if whole is not None and whole.lexicon and _lookup(_span_text(text, last)) is not None:
            break
        rl, rr = _resolve(text, left, state, extra), _resolve(text, right, state, extra)
        if rl is not None and rr is not None and not (left[-1].low in lx.modifiers and len(left) == 1):
            last_items = [left, right]
            whole = None
            break
    is_list = len(last_items) > 1 or (last and last[0].low in ("and", "&"))
    items = ([*segs[:-1], *last_items] if is_list else last_items)
    cands: list[_Cand] = []
    first: _Tok | None = None
    for seg in reversed(items):
        c = whole if (seg is last and whole is not None) else _resolve(text, seg, state, extra)
        if c is None:
            break
        cands.insert(0, c)
        first = seg[0]
    if first is not None and before is not None and before(first):
        return []   # "peacekeepers in Lebanon said": "Lebanon" is an object, not the subject
    return cands


def _right_chunk(toks: list[_Tok], start: int) -> list[_Tok]:
    """The source phrase after "according to" / an inverted verb, from index ``start``."""
    lx = _lex()
    out: list[_Tok] = []
    i = start
    depth = 0
    while i < len(toks) and len(out) < 20:
        t = toks[i]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (not t.word or (t.low in lx.np_stops and out
                                            and (t.text[:1].islower() or not out[-1].cap)
                                            and not (t.low in ("of", "for") and out[-1].cap))):
            break
        out.append(t)
        i += 1
    while out and out[-1].text == "(":
        out.pop()
    return out


def _description(toks: list[_Tok], i: int) -> list[str]:
    """Words of an appositive ", a 25-year-old father of ..., " starting at index ``i``."""
    if i >= len(toks) or toks[i].text != ",":
        return []
    words = []
    for t in toks[i + 1:i + 25]:
        if t.text in (",", ";", ":", ")") or t.text in _QUOTES:
            break
        words.append(t.low)
    if len(words) == 1 and words[0].isdigit() and len(words[0]) <= 3:
        # "said Ali Hammoud, 45, a shopkeeper": an age, then maybe a description
        return ["a", "year-old"] + _description(toks, i + 2)
    if words and (words[0] in ("a", "an", "the") or words[0][:1].islower()):
        return words
    return []


def _via(text: str, toks: list[_Tok], i: int, listener: bool) -> str | None:
    """The outlet the source spoke to, read from token index ``i`` (just after the verb)."""
    lx = _lex()
    j = i
    if not listener:
        lows = [t.low for t in toks[i:i + 6]]
        for opener in lx.via_openers:
            if lows[:len(opener)] == opener:
                j = i + len(opener)
                break
        else:
            return None
    chunk = []
    for t in toks[j:j + 8]:
        if t.low in ("the",) and not chunk:
            continue
        if t.cap and t.word or (chunk and t.low in ("of", "al")):
            chunk.append(t)
            continue
        break
    for k in range(len(chunk), 0, -1):
        name = _lookup(_span_text(text, chunk[:k]))
        if name and _lex().types.get(name) in ("media", "local_media", "social_media"):
            return name
    return None


# --------------------------------------------------------------------------- extraction


def _row(article_id, text, sentence: str, cand: _Cand, cue: str, via, rule, surface_span=None):
    """A row of the table; its ``attribution_id`` is set once the article's rows are sorted."""
    s, e = surface_span or (cand.start, cand.end)
    return {
        "attribution_id": None,
        "article_id": article_id, "sentence": sentence, "start": s, "end": e,
        "surface": text[s:e], "source": cand.source, "source_type": cand.type,
        "anonymous": bool(cand.anonymous), "cue": cue, "via": via, "rule": rule,
    }


def _sentence_rows(article_id: str, text: str, span: tuple[int, int], sidx: int,
                   state: _State, matches: list[tuple]) -> list[dict]:
    lx = _lex()
    s0, s1 = span
    sent = text[s0:s1]
    if not matches or _is_negative(sent):
        return []
    # only the words near the cues are read (a subject or source sits within a few dozen)
    w0, w1 = max(s0, matches[0][0] - _WINDOW), min(s1, matches[-1][1] + _WINDOW)
    if w0 > s0:  # start on a word boundary
        cut = text.find(" ", w0, matches[0][0])
        w0 = cut + 1 if cut >= 0 else w0
    toks = _tokens(text, w0, w1)
    found: list[tuple[_Cand, str, str | None, str, tuple[int, int] | None]] = []
    consumed = -1   # end of the last "according to X" phrase: verbs inside it are nouns

    def after_preposition(tok: _Tok) -> bool:
        k = _token_at(toks, tok.start) or 0
        return k > 0 and toks[k - 1].low in lx.object_preps
    for m_start, _m_end, prep, verb in matches:
        k = _token_at(toks, m_start)
        if k is None:
            continue
        if m_start < consumed:
            continue
        if prep:
            cue = lx.preps.get(" ".join(prep.lower().split()), "according to")
            nwords = len(prep.split())
            chunk = _right_chunk(toks, k + nwords)
            cands = _right_items(text, chunk, state)
            end = k + nwords + len(chunk)
            if not cands and chunk and chunk[-1].low in lx.report_nouns and end < len(toks) \
                    and toks[end].low in lx.report_linkers:
                # "according to a statement by the Syrian army"
                more = _right_chunk(toks, end + 1)
                cands = _right_items(text, more, state)
                end += 1 + len(more)
            if not cands:
                # "according to a Reuters tally based on ...": the phrase up to its report noun
                cut = [n for n, t in enumerate(chunk) if t.low in lx.report_nouns]
                if cut and cut[0] < len(chunk) - 1:
                    cands = _right_items(text, chunk[:cut[0] + 1], state)
            if chunk:
                consumed = toks[min(end, len(toks)) - 1].end
            rule = "according_to" if cue == "according to" else cue.replace(" ", "_")
            for cand in cands:
                found.append((cand, cue, None, rule, None))
            continue
        cue = lx.verbs[verb]
        after = k + 1
        nxt = toks[after].low if after < len(toks) else ""
        # left context, skipping adverbs and auxiliaries between subject and verb
        j = k
        while j > 0 and toks[j - 1].low in lx.between:
            j -= 1
        prev = toks[j - 1] if j > 0 else None
        if prev is not None and (prev.low in lx.passive or prev.low in lx.adjective_before
                                 and prev is toks[k - 1]):
            continue
        if nxt in lx.gap:
            continue
        if verb in lx.quote_verbs:
            # "Reuters quoted a senior official as saying": the speaker is the source and
            # a quoting outlet is the channel
            quoted = _right_chunk(toks, after)
            n = after + len(quoted)
            if quoted and [t.low for t in toks[n:n + 2]] == ["as", "saying"]:
                cand = _resolve(text, quoted, state)
                if cand is not None:
                    owner = _split_items(text, _left_chunk(toks[:j]), state) if j else []
                    media = [c.source for c in owner
                             if lx.types.get(c.source) in ("media", "local_media", "social_media")]
                    found.append((cand, cue, media[0] if media else None, "quoted", None))
                    for c in owner:
                        if c.source not in media:
                            found.append((c, cue, None, "subject", None))
            continue
        listener = verb.lower() in lx.listener   # for `_via`, read once a row is made
        # pronoun follow-up: "He said ...", '"...," he told Reuters'
        if prev is not None and prev.low in lx.pronouns:
            before = toks[j - 2] if j >= 2 else None
            if verb in lx.pronoun_verbs and (before is None or before.text in (",", ":", ";")
                                             or before.text in _QUOTES):
                if state.last_singular and sidx - state.last_singular[1] <= lx.pronoun_window:
                    ante = state.last_singular[0]
                    found.append((ante, cue, _via(text, toks, after, listener), "pronoun",
                                  (prev.start, prev.end)))
                    state.last_singular = (ante, sidx)
            continue
        if prev is not None and prev.low in lx.unresolved_subjects:
            continue
        cands: list[_Cand] = []
        rule = "subject"
        quoted = prev is not None and prev.text in _QUOTES_CLOSE and j == k
        comma = prev is not None and prev.text == "," and j == k
        if verb in lx.inverted and (quoted or (comma and j >= 2 and toks[j - 2].text in _QUOTES_CLOSE)):
            cands, rule = _inverted(text, toks, after, state), "inverted"
        if not cands and comma:
            cands, rule = _appositive(text, toks[:j - 1], state), "appositive"
            if not cands and verb in lx.inverted:
                cands, rule = _inverted(text, toks, after, state), "inverted"
        if not cands and prev is not None and prev.text not in (",",) and prev.text not in _QUOTES:
            chunk = _left_chunk(toks[:j])
            if chunk:
                cands, rule = _split_items(text, chunk, state, before=after_preposition), "subject"
                if len(cands) > 1:
                    rule = "list"
        if cue == "reads":
            cands = [c for c in cands if c.report]
        if cands:      # the outlet the source spoke to, read once there is a source
            via = _via(text, toks, after, listener)
            for c in cands:
                found.append((c, cue, via, rule, None))
    rows: list[dict] = []
    seen: dict[str, dict] = {}
    for cand, cue, via, rule, surface_span in found:
        if cand.source in seen:
            if via and not seen[cand.source]["via"]:
                seen[cand.source]["via"] = via
            continue
        if via and via == cand.source:
            via = None
        row = _row(article_id, text, sent, cand, cue, via, rule, surface_span)
        seen[cand.source] = row
        rows.append(row)
        if rule != "pronoun":
            state.note(cand, sidx)
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return rows


def _right_items(text: str, chunk: list[_Tok], state: _State) -> list[_Cand]:
    if not chunk:
        return []
    whole = _resolve(text, chunk, state)
    and_idx = [i for i, t in enumerate(chunk) if t.low in ("and", "&")]
    if and_idx and not (whole and whole.lexicon and _lookup(_span_text(text, chunk))):
        i = and_idx[0]
        left, right = chunk[:i], chunk[i + 1:]
        rl = _resolve(text, left, state) if left else None
        rr = _resolve(text, right, state) if right else None
        if rl and rr:
            return [rl, rr]
    return [whole] if whole else []


def _inverted(text: str, toks: list[_Tok], i: int, state: _State) -> list[_Cand]:
    chunk = _right_chunk(toks, i)
    lx = _lex()
    if not chunk:
        return []
    first = chunk[0]
    if first.low in lx.pronouns or first.low in lx.function_words and first.low not in lx.determiners:
        return []
    if not (first.cap or first.low in lx.determiners):
        return []
    desc = _description(toks, i + len(chunk))
    cand = _resolve(text, chunk, state, desc)
    if cand is None:
        return []
    if desc and cand.person:
        cand.type = _type_of(desc + [t.low for t in chunk if t.start < cand.start])
    return [cand]


def _appositive(text: str, left: list[_Tok], state: _State) -> list[_Cand]:
    """Subjects set off by commas: "Name, a 25-year-old father," / "description, Name,"."""
    lx = _lex()
    commas = [i for i, t in enumerate(left) if t.text == ","]
    if not left:
        return []
    j = commas[-1] if commas else -1
    seg, pre = left[j + 1:], left[:j] if j >= 0 else []
    if not seg or len(seg) > 25 or any(t.text in _QUOTES for t in seg):
        return []
    seg_lows = [t.low for t in seg]
    if len(seg) == 1 and seg[0].text.isdigit() and len(seg[0].text) <= 3:
        seg_lows = ["a", "year-old"]          # "Mohammed, 34, said": an age, a private person
    # "description, Name," : seg is a name
    if pre and all((t.cap and t.word) or t.low in lx.connectors for t in seg) and len(seg) <= 6:
        desc = [t.low for t in pre[-15:]]
        cand = _resolve(text, seg, state, desc)
        if cand is not None and (cand.person or cand.lexicon):
            if cand.person:
                cand.type = _type_of(desc)
            return [cand]
    # "Name, a description," : seg describes the name before it
    if pre and (seg_lows[0] in ("a", "an", "the") or seg[0].text[:1].islower()
                or seg_lows[1:2] == ["year-old"]):
        chunk = _left_chunk(pre)
        if chunk:
            cands = _split_items(text, chunk, state, seg_lows)
            if len(cands) == 1:
                c = cands[0]
                if c.person:
                    c.type = _type_of(seg_lows + [t.low for t in chunk if t.start < c.start])
                return [c]
    return []


def _with_cues(spans, cues: list[tuple], n: int, article_id: str = ""):
    """``(index, (start, end), cues)`` of each valid sentence span (``0 <= start < end <=
    n``) holding the start of a cue, with its cues that end inside it, in span order.

    Spans as ``textutil.sentences`` gives them (tuples of ints, in order, apart) are
    reached from the cues: a binary search per sentence with a cue, none per sentence
    without; any other list is read span by span."""
    # (the checks run at C speed: sets of types and lengths, maps of comparisons)
    if spans and type(spans) is list and set(map(type, spans)) == {tuple} and set(map(len, spans)) == {2}:
        starts, ends = map(list, zip(*spans))
        if (set(map(type, starts)) == {int} and set(map(type, ends)) == {int}
                and starts[0] >= 0 and ends[-1] <= n and all(map(int.__lt__, starts, ends))
                and all(map(int.__le__, ends, starts[1:]))):
            i, k = 0, len(cues)
            while i < k:
                sidx = bisect_right(ends, cues[i][0])     # the first span ending after the cue
                if sidx == len(spans):
                    return
                s, e = spans[sidx]
                if cues[i][0] < s:                       # the cue lies between two spans
                    i += 1
                    continue
                j = i
                while j < k and cues[j][0] < e:
                    j += 1
                yield sidx, (s, e), [c for c in cues[i:j] if c[1] <= e]
                i = j
            return
    cue_starts = [c[0] for c in cues]
    for sidx, span in enumerate(spans):
        try:
            s, e = int(span[0]), int(span[1])
        except Exception:  # pragma: no cover - a guard: a malformed span is skipped
            log.exception("sources: sentence %s of %s skipped", span, article_id)
            continue
        if not (0 <= s < e <= n):
            continue
        lo = bisect_left(cue_starts, s)
        hi = bisect_left(cue_starts, e)
        if lo < hi:
            yield sidx, (s, e), [c for c in cues[lo:hi] if c[1] <= e]


def extract(article_id: str, text: str, sentences: list[tuple[int, int]], *,
            outlet: str | None = None) -> list[dict]:
    """Rows of the ``sources`` table for one article, ids ``<article_id>:s<n>`` in text order.

    ``outlet`` is the publishing outlet (accepted for the pipeline contract; a source is
    never replaced by it). Never raises: a sentence that cannot be read yields no rows.
    """
    if not isinstance(text, str) or not text:
        return []
    cues = _cues(text)      # one pass; sentences without a cue are skipped
    if not cues:
        return []
    state = _State()
    rows: list[dict] = []
    for sidx, span, here in _with_cues(sentences or [], cues, len(text), article_id):
        try:
            rows.extend(_sentence_rows(article_id, text, span, sidx, state, here))
        except Exception:  # pragma: no cover - a guard: one bad sentence never stops the article
            log.exception("sources: sentence %s of %s skipped", span, article_id)
    rows.sort(key=lambda r: (r["start"], r["end"]))
    for n, row in enumerate(rows, 1):
        row["attribution_id"] = f"{article_id}:s{n}"
    return rows


def extract_text(text: str, article_id: str = "text#1") -> list[dict]:
    """``extract`` on a bare string (sentences split with :func:`analysis.textutil.sentences`)."""
    if not isinstance(text, str):
        return []
    return extract(article_id, text, split_sentences(text))
