"""Places: the gazetteer, place mentions in article text, linking spans, the places table.

The gazetteer is data (``lexicons/places.yaml``): canonical name, kind, coordinates,
parent, admin1, country and aliases (transliterations and Arabic script). It is loaded
and validated once; a malformed entry raises :class:`~analysis.errors.LexiconError`
naming it.

- ``find(article_id, text, sentences)``: every place mention in ``text`` (one compiled
  regex over all aliases, built as a character trie so the longest alias wins, run on a
  case- and diacritic-folded copy of the text of the same length, so offsets index the
  original). Rows: article_id, start, end, surface (as written), place (canonical),
  sentence, rule.
- ``link(span)``: the canonical place a text span names, or None.
- ``get``, ``ancestors``, ``contains``, ``distance_km``, ``related``: the gazetteer's
  geography, for linking casualty mentions into incidents.
- ``table(mentions)``: the ``places`` table, one row per canonical place mentioned.

What counts as a mention (decisions documented in the YAML header): names match as whole
words ("Israeli" never matches Israel); country names used as actors count; names fused
into compound adjectives ("Iran-backed", "pro-Iran") do not; organisation names listed
under ``not_places`` ("Gaza Humanitarian Foundation") do not; a spelling must carry a
capital letter (or be in Arabic script), so "turkey" and "hit" are words, not places.
"""
from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from analysis import lexicons
from analysis.errors import LexiconError, PlaceError
from analysis.schema import frame
from analysis.textutil import sentence_at, sentences as sentence_spans

__all__ = ["find", "link", "get", "ancestors", "contains", "distance_km", "related", "table",
           "names", "Gazetteer", "gazetteer"]

# Separators between the words of a name after folding: any run of them stands for any
# other ("Deir ez-Zor" = "Deir ez Zor"). One is required where the alias has one, so that
# alternatives in the trie never overlap and the longest alias always wins.
_SEP_CLASS = r"[ \t\-']"
_SEP_SPLIT = re.compile(r"[\s\-'.]+")
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_PREV_WORD = re.compile(r"([A-Z][\w'’.\-]*)[ \t]+$")
_NEXT_WORD = re.compile(r"^[ \t]+([A-Z][\w'’\-]*)")
_EARTH_RADIUS_KM = 6371.0088
_END = ""          # trie: marks the end of a name
_SEP = "\x00"      # trie: a separator between two words of a name


# ------------------------------------------------------------------ text folding
def _build_fold_table() -> dict[int, str]:
    """One character to one character: diacritics off, quotes and dashes unified.

    Keeping the length lets offsets found in the folded text index the original.
    """
    table: dict[int, str] = {}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0].lower()
        if base.isascii() and base.isalpha() and base != ch:
            table[cp] = base
    for ch, repl in {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t", "æ": "a",
                     "œ": "o", "ß": "s"}.items():
        table[ord(ch)] = repl
    for ch in "’‘‛ʼʻʿʾ`´′":
        table[ord(ch)] = "'"
    for ch in "‐‑‒–—―−":
        table[ord(ch)] = "-"
    for ch in "\u00a0\u2007\u202f\u2009\u200a":
        table[ord(ch)] = " "
    for ch in "\u200b\u200c\u200d\u200e\u200f\u0640":  # zero-width marks, Arabic tatweel
        table[ord(ch)] = " "
    return table


_FOLD_TABLE = _build_fold_table()
_FOLD_MAP = {chr(k): v for k, v in _FOLD_TABLE.items()}
# Replacing only the characters that need it is ~10x faster than str.translate on news
# text, where they are rare (curly quotes, dashes, the odd diacritic).
_FOLD_RX = re.compile("[" + "".join(re.escape(c) for c in sorted(_FOLD_MAP)) + "]")


def fold(text: str) -> str:
    """``text`` lower-cased, without diacritics, with ’ as ' and – as -; same length."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer (e.g. "İ")
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if not low.isascii():
        low = _FOLD_RX.sub(_fold_char, low)
    return low


def _fold_char(m: re.Match) -> str:
    return _FOLD_MAP[m.group()]


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in _SEP_SPLIT.split(fold(name)) if t)


def _key(tokens: Iterable[str]) -> str:
    return "".join(tokens)


# ------------------------------------------------------------------ the gazetteer
@dataclass(frozen=True)
class Place:
    place: str
    kind: str
    latitude: float
    longitude: float
    admin1: str | None
    country: str | None
    parent: str | None
    aliases: tuple[str, ...]
    note: str | None = None

    def as_dict(self) -> dict:
        return {"place": self.place, "latitude": self.latitude, "longitude": self.longitude,
                "admin1": self.admin1, "country": self.country, "parent": self.parent,
                "kind": self.kind}


_STOP = object()  # key of a `not_places` phrase


class Gazetteer:
    """The validated gazetteer: places by name, alias keys, and the compiled mention regex."""

    def __init__(self, data: Mapping[str, Any], *, name: str = "places"):
        self.source = name
        lexicons.require(data, ("kinds", "articles", "places", "not_places", "guards",
                                "link_prefixes", "link_suffixes", "seat_suffixes"), name)
        self.kinds = frozenset(data["kinds"])
        arts = data["articles"] or {}
        self.spaced_articles = tuple(fold(a) for a in arts.get("spaced", []))
        self.hyphen_articles = tuple(fold(a) for a in arts.get("hyphenated", []))
        self.articles = frozenset(self.spaced_articles + self.hyphen_articles)
        self.places: dict[str, Place] = {}
        self.keys: dict[str, Any] = {}           # alias key -> canonical name | _STOP
        self._token_lists: set[tuple[str, ...]] = set()
        seat_suffixes = data["seat_suffixes"]
        if not isinstance(seat_suffixes, dict) or set(seat_suffixes) - self.kinds:
            raise self._err(f"`seat_suffixes` must map kinds to suffix lists: {seat_suffixes!r}")
        self._load_places(data["places"], seat_suffixes)
        self._load_stops(data["not_places"])
        self._load_guards(data["guards"])
        self.link_prefixes = sorted((_tokens(p) for p in data["link_prefixes"]), key=len, reverse=True)
        self.link_suffixes = sorted((_tokens(p) for p in data["link_suffixes"]), key=len, reverse=True)
        self.match_info: dict[str, tuple] = {}   # matched (folded) text -> `_match_info`
        self.guarded = self.exact_case.keys() | self.not_initial | self.name_like

    # -------------------------------------------------------------- loading and checks
    def _err(self, msg: str) -> LexiconError:
        return LexiconError(f"lexicon {self.source}.yaml: {msg}")

    def _load_places(self, entries: Any, seat_suffixes: Mapping[str, list]) -> None:
        if not isinstance(entries, list) or not entries:
            raise self._err("`places` must be a non-empty list of entries")
        raw: dict[str, dict] = {}
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("place"), str) \
                    or not entry["place"].strip():
                raise self._err(f"entry #{i + 1} has no `place` name: {entry!r}")
            pname = entry["place"]
            if pname in raw:
                raise self._err(f"place {pname!r} is listed twice")
            self._check_entry(pname, entry)
            raw[pname] = entry
        for pname, entry in raw.items():
            parent = entry.get("parent")
            if parent is not None and parent not in raw:
                close = difflib.get_close_matches(str(parent), list(raw), n=3)
                raise self._err(f"place {pname!r}: parent {parent!r} is not a place here"
                                + (f"; did you mean {', '.join(map(repr, close))}?" if close else ""))
            seat = entry.get("seat")
            if seat is not None and seat not in raw:
                raise self._err(f"place {pname!r}: seat {seat!r} is not a place here")
            if seat is not None and entry["kind"] not in seat_suffixes:
                raise self._err(f"place {pname!r}: only {', '.join(seat_suffixes)} have a seat")
        for pname in raw:  # parent chains end at a country, without cycles
            seen, cur = [pname], raw[pname].get("parent")
            while cur is not None:
                if cur in seen:
                    raise self._err(f"place {pname!r}: parent chain loops ({' -> '.join(seen + [cur])})")
                seen.append(cur)
                cur = raw[cur].get("parent")
        for pname, entry in raw.items():
            self.places[pname] = Place(
                place=pname, kind=entry["kind"], latitude=float(entry["latitude"]),
                longitude=float(entry["longitude"]), admin1=self._admin1(raw, pname),
                country=self._country(raw, pname), parent=entry.get("parent"),
                aliases=tuple(dict.fromkeys([pname, *entry.get("aliases", [])])),
                note=entry.get("note"))
        # explicit spellings first: a collision between two entries is an error
        owner: dict[str, tuple[str, str]] = {}
        for pname, place in self.places.items():
            for alias in place.aliases:
                toks = _tokens(alias)
                if not toks:
                    raise self._err(f"place {pname!r}: alias {alias!r} has no letters")
                k = _key(toks)
                if k in owner and owner[k][0] != pname:
                    raise self._err(f"alias {alias!r} of {pname!r} is also alias "
                                    f"{owner[k][1]!r} of {owner[k][0]!r}; aliases must be unique")
                owner[k] = (pname, alias)
                self.keys[k] = pname
                self._token_lists.add(toks)
        # derived spellings: article-less forms and "<seat> <suffix>"; explicit ones win,
        # and a derived spelling claimed by two places is dropped as ambiguous
        derived: dict[str, set[str]] = {}
        derived_toks: dict[str, set[tuple[str, ...]]] = {}
        suffix_toks = {kind: [_tokens(s) for s in sufs or []] for kind, sufs in seat_suffixes.items()}
        for pname, place in self.places.items():
            variants = [_tokens(a) for a in place.aliases]
            seat = raw[pname].get("seat")
            if seat is not None:
                for alias in self.places[seat].aliases:
                    if _ARABIC.search(alias):
                        continue
                    for st in suffix_toks[place.kind]:
                        variants.append(_tokens(alias) + st)
            for toks in variants:
                for v in (toks, self._strip_article(toks)):
                    if v and _key(v) not in self.keys:
                        derived.setdefault(_key(v), set()).add(pname)
                        derived_toks.setdefault(_key(v), set()).add(v)
        for k, owners in derived.items():
            if len(owners) == 1:
                self.keys[k] = next(iter(owners))
                self._token_lists.update(derived_toks[k])

    def _check_entry(self, pname: str, e: dict) -> None:
        kind = e.get("kind")
        if kind not in self.kinds:
            raise self._err(f"place {pname!r}: kind {kind!r} is not allowed; use one of "
                            f"{', '.join(sorted(self.kinds))}")
        for axis, lim in (("latitude", 90), ("longitude", 180)):
            v = e.get(axis)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not -lim <= v <= lim:
                raise self._err(f"place {pname!r}: {axis} {v!r} is not a number in [-{lim}, {lim}]")
        if "parent" not in e:
            raise self._err(f"place {pname!r} has no `parent` (null only for a country)")
        if e["parent"] is None and kind != "country":
            raise self._err(f"place {pname!r} ({kind}) needs a parent; only countries have none")
        aliases = e.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise self._err(f"place {pname!r}: `aliases` must be a list of strings")
        for opt in ("admin1", "country", "seat", "note"):
            if e.get(opt) is not None and not isinstance(e[opt], str):
                raise self._err(f"place {pname!r}: `{opt}` must be text")
        unknown = set(e) - {"place", "kind", "latitude", "longitude", "parent", "aliases",
                            "admin1", "country", "seat", "note"}
        if unknown:
            raise self._err(f"place {pname!r}: unknown fields {sorted(unknown)}")

    @staticmethod
    def _country(raw: dict, pname: str) -> str | None:
        return Gazetteer._up(raw, pname, "country", "country")

    @staticmethod
    def _admin1(raw: dict, pname: str) -> str | None:
        return Gazetteer._up(raw, pname, "admin1", "governorate")

    @staticmethod
    def _up(raw: dict, pname: str, field: str, kind: str) -> str | None:
        """Up the parent chain: the first stated ``field``, or the first place of ``kind``;
        None once past the country."""
        cur = pname
        while cur is not None:
            e = raw[cur]
            if e.get(field):
                return e[field]
            if e["kind"] == kind:
                return cur
            if e["kind"] == "country":
                return None
            cur = e.get("parent")
        return None

    def _strip_article(self, toks: tuple[str, ...]) -> tuple[str, ...] | None:
        if len(toks) > 1 and toks[0] in self.articles and len(_key(toks[1:])) >= 4:
            return toks[1:]
        return None

    def _load_stops(self, phrases: Any) -> None:
        for phrase in phrases or []:
            toks = _tokens(str(phrase))
            k = _key(toks)
            if k in self.keys and self.keys[k] is not _STOP:
                raise self._err(f"not_places phrase {phrase!r} is also an alias of {self.keys[k]!r}")
            self.keys[k] = _STOP
            self._token_lists.add(toks)

    def _load_guards(self, guards: Mapping[str, Any]) -> None:
        def known(listname: str) -> list[str]:
            out = []
            for alias in guards.get(listname, []) or []:
                if _key(_tokens(alias)) not in self.keys:
                    raise self._err(f"guards.{listname}: {alias!r} is not an alias of any place")
                out.append(alias)
            return out
        self.name_like = frozenset(_key(_tokens(a)) for a in known("name_like"))
        exact = known("exact_case")
        self.exact_case: dict[str, frozenset[str]] = {}
        for alias in exact:
            k = _key(_tokens(alias))
            self.exact_case[k] = self.exact_case.get(k, frozenset()) | {alias}
        self.not_initial = frozenset(_key(_tokens(a)) for a in known("not_sentence_initial"))
        self.allow_before = frozenset(guards.get("allow_before", []) or [])
        self.allow_after = frozenset(guards.get("allow_after", []) or [])

    # -------------------------------------------------------------- the mention regex
    @cached_property
    def regex(self) -> re.Pattern:
        """The mention regex (compiled on first use: the geography alone does not need it)."""
        return self._compile()

    @cached_property
    def has_art(self) -> bool:
        return "art" in self.regex.groupindex

    def _compile(self) -> re.Pattern:
        root: dict = {}
        for toks in self._token_lists:
            node = root
            for i, tok in enumerate(toks):
                if i:
                    node = node.setdefault(_SEP, {})
                for ch in tok:
                    node = node.setdefault(ch, {})
            node[_END] = {}
        body = _emit(root)
        art = _emit_articles(self.spaced_articles, self.hyphen_articles)
        # the article is optional: (?:art|) tries it first, as (?:art)? would, but is
        # cheaper for the engine at every word start
        prefix = f"(?:(?P<art>{art})|)" if art else ""
        return re.compile(rf"(?<!\w){prefix}(?P<name>{body})(?!\w)")

    # -------------------------------------------------------------- lookups
    def lookup(self, toks: tuple[str, ...]) -> Any:
        """Canonical name (or _STOP) for a token sequence, trying the article-less form."""
        hit = self.keys.get(_key(toks))
        if hit is None:
            stripped = self._strip_article(toks)
            if stripped:
                hit = self.keys.get(_key(stripped))
        return hit

    def place(self, name: str) -> Place:
        if name in self.places:
            return self.places[name]
        if isinstance(name, str):
            hit = self.lookup(_tokens(name))
            if hit is not None and hit is not _STOP:
                return self.places[hit]
        pool = {a: p.place for p in self.places.values() for a in p.aliases}
        close = difflib.get_close_matches(str(name), list(pool), n=5, cutoff=0.6)
        hint = list(dict.fromkeys(pool[c] for c in close))
        raise PlaceError(f"place {name!r} is not in the gazetteer"
                         + (f"; did you mean {', '.join(map(repr, hint))}?" if hint else
                            " (lexicons/places.yaml)"))


def _emit(node: dict) -> str:
    """Regex for a trie node: alternatives of its children, longest first; '' if a leaf."""
    alts = []
    for ch in sorted((c for c in node if c != _END), key=lambda c: (c != _SEP, c)):
        piece = f"{_SEP_CLASS}+" if ch == _SEP else re.escape(ch)
        alts.append(piece + _emit(node[ch]))
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if _END in node:
        body = f"(?:{body})?"
    return body


def _emit_articles(spaced: Iterable[str], hyphenated: Iterable[str]) -> str:
    """Regex for a leading article as a trie (a word start is told apart at its first
    letters): a ``spaced`` one followed by spaces or hyphens, a ``hyphenated`` one by a
    hyphen; '' when there are none. Where both could end, the spaced reading is tried
    first (as in an alternation listing them first)."""
    root: dict = {}
    for kind, words in (("spaced", spaced), ("hyphenated", hyphenated)):
        for word in words:
            node = root
            for ch in word:
                node = node.setdefault(ch, {})
            node.setdefault(_END, set()).add(kind)

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(c for c in node if c != _END)]
        ends = node.get(_END, ())
        if "spaced" in ends:
            alts.append(r"[ \t\-]+")
        if "hyphenated" in ends:
            alts.append("-")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root) if root else ""


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer from ``lexicons/places.yaml`` (loaded and validated once)."""
    return Gazetteer(lexicons.load("places"))


# ------------------------------------------------------------------ finding mentions
def find(article_id: str, text: str, sentences: list[tuple[int, int]]) -> list[dict]:
    """Place mentions in ``text``: article_id, start, end, surface, place, sentence, rule.

    Never raises on any string; ``text[start:end] == surface``.
    """
    if not isinstance(text, str) or not text:
        return []
    if text.islower() and not _ARABIC.search(text):
        return []  # cheap prefilter: every accepted name has a capital or Arabic letters
    g = gazetteer()
    folded = fold(text)
    rows = []
    sent_text: dict[int, str] = {}    # one string per sentence, however many mentions it holds
    info = g.match_info
    for m in g.regex.finditer(folded):
        found = m.group()
        got = info.get(found)
        if got is None:
            got = _cached(info, found, lambda _: _match_info(g, m))
        place, k, name_at, rule = got
        if place is None:
            continue
        start, end = m.span()
        surface = text[start:end]
        if surface == surface.lower() and not _ARABIC.search(surface):
            continue  # "turkey", "hit": a word, not a name
        if _compound(text, start, end):
            continue
        if k in g.guarded and not _guards_pass(g, text, k, start, end, start + name_at, surface,
                                               sentences):
            continue
        span = sentence_at(sentences, start) if sentences else None
        if span:
            sentence = sent_text.get(span[0])
            if sentence is None:
                sentence = sent_text[span[0]] = text[span[0]:span[1]]
        else:
            sentence = None
        rows.append({"article_id": article_id, "start": start, "end": end,
                     "surface": surface, "place": place, "sentence": sentence, "rule": rule})
    return rows


def _cached(cache: dict, folded: str, fn):
    """``fn(folded)`` memoised: matches repeat the same few spellings."""
    try:
        return cache[folded]
    except KeyError:
        if len(cache) > 50_000:
            cache.clear()
        got = cache[folded] = fn(folded)
        return got


def _match_info(g: Gazetteer, m: re.Match) -> tuple:
    """What a match's (folded) text alone decides, the same wherever it is matched: the
    canonical place (None: not a place, or a `not_places` phrase), the alias key of the
    name (the match less its article), where the name starts in the match, the rule."""
    hit = g.lookup(_tokens(m.group()))
    if hit is _STOP:
        hit = None
    name = m.group("name")
    art = m.group("art") if g.has_art else None
    return hit, _key(_tokens(name)), m.start("name") - m.start(), \
        "article+alias" if art else "alias"


def _guards_pass(g: Gazetteer, text: str, k: str, start: int, end: int, name_start: int,
                 surface: str, sents) -> bool:
    """The guards of ``lexicons/places.yaml`` for names that are also words or people's
    names (exact case, not sentence-initial, not inside a person's name)."""
    if k in g.exact_case and surface not in g.exact_case[k] and \
            text[name_start:end] not in g.exact_case[k]:
        return False
    if k in g.not_initial and _sentence_initial(text, start, sents):
        return False
    if k in g.name_like and _in_name(g, text, start, end):
        return False
    return True


def _compound(text: str, start: int, end: int) -> bool:
    """The name is fused into a compound adjective: "Iran-backed", "pro-Iran"."""
    if end + 1 < len(text) and text[end] in "-‐‑" and text[end + 1].islower():
        return True
    if start >= 2 and text[start - 1] in "-‐‑":
        i = start - 1
        while i > 0 and text[i - 1].isalpha():
            i -= 1
        word = text[i:start - 1]
        if word and word.islower():
            return True
    return False


def _sentence_initial(text: str, start: int, sents) -> bool:
    span = sentence_at(sents, start) if sents else None
    s0 = span[0] if span else text.rfind("\n", 0, start) + 1
    return not any(c.isalnum() for c in text[s0:start])


def _in_name(g: Gazetteer, text: str, start: int, end: int) -> bool:
    """A capitalised word right before or after: "Yair Golan", "Jordan Bardella"."""
    before = _PREV_WORD.search(text[max(0, start - 40):start])
    if before and before.group(1) not in g.allow_before:
        return True
    after = _NEXT_WORD.match(text[end:end + 40])
    if after and after.group(1) not in g.allow_after:
        return True
    return False


# ------------------------------------------------------------------ linking a span
def link(span: str) -> str | None:
    """The canonical place a text span names, or None.

    Exact spellings first (case, diacritics, hyphens, spaces, a leading "al-"/"the" do not
    matter); then without leading modifiers ("central", "northern", "the outskirts of") and
    trailing generic nouns ("camp", "area", "countryside"); then, for a longer span, the most
    specific place mentioned in it (deepest in the gazetteer, the first on ties).
    """
    if not isinstance(span, str) or not span.strip():
        return None
    g = gazetteer()
    toks = _tokens(span)
    while toks:
        hit = g.lookup(toks)
        if hit is _STOP:
            return None
        if hit is not None:
            return hit
        shorter = _strip_affix(g, toks)
        if shorter == toks:
            break
        toks = shorter
    found = find("", span, sentence_spans(span))
    if not found:
        return None
    depth = {r["place"]: len(ancestors(r["place"])) for r in found}
    best = max(range(len(found)), key=lambda i: (depth[found[i]["place"]], -i))
    return found[best]["place"]


def _strip_affix(g: Gazetteer, toks: tuple[str, ...]) -> tuple[str, ...]:
    for pre in g.link_prefixes:
        if len(toks) > len(pre) and toks[:len(pre)] == pre:
            return toks[len(pre):]
    for suf in g.link_suffixes:
        if len(toks) > len(suf) and toks[-len(suf):] == suf:
            return toks[:-len(suf)]
    return toks


# ------------------------------------------------------------------ geography
def names() -> list[str]:
    """Every canonical place name, sorted."""
    return sorted(gazetteer().places)


def get(place: str) -> dict:
    """place, latitude, longitude, admin1, country, parent, kind of a place (or an alias).

    Raises PlaceError naming the unknown place and suggesting close names.
    """
    return gazetteer().place(place).as_dict()


def ancestors(place: str) -> list[str]:
    """The parent chain of ``place``, nearest first (``Bureij`` -> Gaza, Palestine)."""
    g = gazetteer()
    out, cur = [], g.place(place).parent
    while cur is not None:
        out.append(cur)
        cur = g.places[cur].parent
    return out


def contains(outer: str, inner: str) -> bool:
    """``inner`` lies inside ``outer`` (strictly: a place does not contain itself)."""
    g = gazetteer()
    return g.place(outer).place in ancestors(inner)


def _missing(v: Any) -> bool:
    """None, NaN, pd.NA or blank: no place given (as opposed to an unknown name)."""
    return not isinstance(v, str) or not v.strip()


def distance_km(a: str | None, b: str | None) -> float | None:
    """Great-circle distance between two places in km (None when either is missing).

    An unknown name raises PlaceError (a typo should not pass as "far away").
    """
    if _missing(a) or _missing(b):
        return None
    pa, pb = gazetteer().place(a), gazetteer().place(b)
    lat1, lon1, lat2, lon2 = map(math.radians, (pa.latitude, pa.longitude, pb.latitude, pb.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + \
        math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def related(a: str | None, b: str | None, *, km: float = 15.0) -> bool:
    """Same place, one inside the other, or within ``km`` of each other.

    "Damascus" and "Sayyidah Zaynab" (about 9 km apart) are related; a missing place is
    related to nothing.
    """
    if _missing(a) or _missing(b):
        return False
    g = gazetteer()
    pa, pb = g.place(a).place, g.place(b).place
    if pa == pb or contains(pa, pb) or contains(pb, pa):
        return True
    d = distance_km(pa, pb)
    return d is not None and d <= km


# ------------------------------------------------------------------ the places table
def table(mentions: pd.DataFrame | None) -> pd.DataFrame:
    """The ``places`` table: one row per canonical place mentioned in article text.

    aliases = the spellings seen (sorted); ordered by n_mentions (desc), then place.
    """
    if mentions is None or len(mentions) == 0 or "place" not in mentions.columns:
        return frame("places", [])
    g = gazetteer()
    # column-wise: places and spellings as codes (-1: missing), counted and paired in numpy
    place_code, place_names = pd.factorize(mentions["place"])
    has_place = place_code >= 0
    n_mentions = np.bincount(place_code[has_place], minlength=len(place_names)).tolist()
    spellings: list[list] = [[] for _ in range(len(place_names))]
    if "surface" in mentions.columns:
        surface_code, surfaces = pd.factorize(mentions["surface"])
        both = has_place & (surface_code >= 0)
        width = len(surfaces)
        if width:
            pairs = np.unique(place_code[both].astype(np.int64) * width + surface_code[both])
            for pc, sc in zip(*(a.tolist() for a in np.divmod(pairs, width))):
                spellings[pc].append(surfaces[sc])
    rows = []
    for k in sorted(range(len(place_names)), key=lambda k: place_names[k]):   # by place, as groupby
        p = g.place(place_names[k])
        rows.append({"place": p.place, "aliases": sorted(spellings[k]),
                     "latitude": p.latitude, "longitude": p.longitude, "admin1": p.admin1,
                     "country": p.country, "parent": p.parent, "n_mentions": n_mentions[k]})
    rows.sort(key=lambda r: (-r["n_mentions"], r["place"]))
    return frame("places", rows)
