"""Shared text helpers: sentence spans with offsets, word counts.

Every extractor works on ``(start, end)`` sentence spans of the article's ``text`` so
that every row it produces can point back into that text. The splitter is a fast rule
splitter (lines, then terminal punctuation followed by a capital), aware of the
abbreviations listed in ``lexicons/abbreviations.yaml``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

import numpy as np

from analysis import lexicons

_LINE = re.compile(r"[^\n]+")
# terminal punctuation, optional closing quotes/brackets, whitespace, then an opener
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9\u0600-\u06FF])")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_TOKEN_BEFORE = re.compile(r"([\w.]+)[.!?…]+[\"'”’)\]]*\s+$")
_AFTER = float("inf")   # sorts after any end offset: (offset, _AFTER) follows (offset, end)


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower() for a in lexicons.load("abbreviations")["abbreviations"])


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``; spans never cross a line break."""
    abbrev = _abbreviations()
    spans: list[tuple[int, int]] = []
    boundaries, token_before = _BOUNDARY.finditer, _TOKEN_BEFORE.search
    # lines and boundaries are searched in place (pos/endpos: no copies); the patterns
    # look neither behind their start nor past the line end, so this equals searching
    # each line's own string
    for line in _LINE.finditer(text):
        base, stop = line.span()
        last = base
        for b in boundaries(text, base, stop):
            bend = b.end()
            tok = token_before(text, max(base, b.start() - 20), bend)
            word = tok.group(1).lower().rstrip(".") if tok else ""
            if word in abbrev or (len(word) == 1 and word.isalpha()):
                continue
            _add(spans, text, last, bend)
            last = bend
        _add(spans, text, last, stop)
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The sentence span holding character ``offset`` (binary search), or None."""
    if type(offset) is int and spans and type(spans[0]) is tuple:
        i = bisect_right(spans, (offset, _AFTER)) - 1     # the last span starting at or before
        if i >= 0:
            span = spans[i]
            if span[0] <= offset < span[1]:
                return span
        return None
    lo, hi = 0, len(spans) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s, e = spans[mid]
        if offset < s:
            hi = mid - 1
        elif offset >= e:
            lo = mid + 1
        else:
            return spans[mid]
    return None


def count_words(text: str) -> int:
    """Words in ``text`` (letters/digits runs, hyphenated and apostrophe words as one)."""
    if not text.isascii():
        for ch, same in _AS_ASCII:          # the usual curly quotes and dashes
            if ch in text:
                text = text.replace(ch, same)
        if not text.isascii():
            return len(_WORD.findall(text))
    # ASCII: each byte becomes its class ("a" word, "-" joiner, " " other); words are the
    # runs of "a" less the joiners with an "a" on both sides.
    b = text.encode("ascii").translate(_CLASS_TABLE)
    if len(b) >= _VECTOR_MIN:
        # an article: both counts as array operations over the bytes (one pass each)
        c = np.frombuffer(b, dtype=np.uint8)
        word = c == _A
        runs = int(word[0]) + int(np.count_nonzero(word[1:] > word[:-1]))   # a word starts
        links = int(np.count_nonzero(word[:-2] & (c[1:-1] == _JOIN) & word[2:]))
        return runs - links
    # a short text: with bytes.count (C speed) on two-byte and three-byte patterns that
    # cannot overlap themselves
    runs = b.count(b" a") + b.count(b"-a") + b.startswith(b"a")
    joiners_after_a = b.count(b"a-")
    not_before_a = b.count(b"a- ") + b.count(b"a--") + b.endswith(b"a-")
    return runs - (joiners_after_a - not_before_a)


def _char_class(ch: str) -> str:
    """A character's class for ``_WORD``: "a" (\\w), "-" (joiner), " " (anything else)."""
    if re.fullmatch(r"[-'’]", ch):
        return "-"
    return "a" if re.fullmatch(r"\w", ch) else " "


_CLASS_TABLE = bytes(ord(_char_class(chr(i))) for i in range(128)) + b" " * 128
_A, _JOIN = ord("a"), ord("-")
_VECTOR_MIN = 512      # from this many characters numpy counts faster than bytes.count
# frequent non-ASCII characters, each replaced by an ASCII one of the same class
_AS_ASCII = tuple((ch, {"a": "a", "-": "'", " ": " "}[_char_class(ch)])
                  for ch in "’‘“”—–…«»\u00a0\u200b")


def trie_alternation(words, *, ignorecase: bool = False) -> str:
    """An alternation of ``words`` as a character trie: it matches exactly what the flat
    alternation sorted longest first matches (the candidates matching at one position are
    prefixes of each other, tried longest first either way), but the engine tests each
    character once instead of once per word. With ``ignorecase`` (for a pattern compiled
    case-insensitively) words share branches whatever their case; should two branches
    still match the same character (Unicode case equivalences), the flat alternation is
    returned instead, so the result never differs."""
    words = [str(w) for w in words]

    def key(ch: str) -> str:
        low = ch.lower()
        return low if ignorecase and len(low) == 1 else ch

    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(key(ch), {})
        node[""] = {}

    flags = re.IGNORECASE if ignorecase else 0
    safe = True

    def rx(node: dict) -> str:
        nonlocal safe
        kids = sorted(ch for ch in node if ch)
        for i, a in enumerate(kids):      # two branches able to match one character
            for b in kids[i + 1:]:
                if re.fullmatch(re.escape(a), b, flags) or re.fullmatch(re.escape(b), a, flags):
                    safe = False
        alts = [re.escape(ch) + rx(node[ch]) for ch in kids]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    body = rx(root)
    if safe:
        return body
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
