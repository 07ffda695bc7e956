"""Generate a large, realistic, deterministic corpus for the scale benchmarks.

Articles recombine the sentences of the bundled sample corpus (analysis/data/corpus) and
vary what extraction looks at: numbers (digits and words), places (with their spelling
variants), weekdays, months and years, sources and outlets. The mix of file types is
that of a scraper's output: mostly one-article ``.txt`` pages (some with two articles,
navigation lines, captions and a comment thread), ``.jsonl`` record files with
metadata, and a few ``.html`` pages.

Same arguments, same bytes: every article is drawn from its own seeded generator, so
``--start`` can add articles to an existing corpus (the benchmarks' "1% new files").

    python benchmarks/generate_corpus.py                       # 20,000 articles
    python benchmarks/generate_corpus.py OUT --articles 2000 --seed 7
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "analysis" / "data" / "corpus"
DEFAULT_OUT = HERE / "out" / "corpus-20000"

PLACES = ["Deir Ezzor", "Deir Ezzour", "Deir ez-Zor", "Palmyra", "Damascus", "Aleppo",
          "Al-Bukamal", "Alboukamal", "Abu Kamal", "Set Zaynab", "Sayeda Zainab",
          "Sayyidah Zaynab", "al-Mayadeen", "Al-Mayadin", "Daraa", "Baghdad", "Homs", "Hama",
          "Idlib", "Raqqa", "Latakia", "Rafah", "Gaza City", "the Gaza Strip", "Bureij camp",
          "Khan Younis", "Quneitra", "Tartus"]
SOURCES = ["the Syrian Observatory for Human Rights", "SOHR", "DeirEzzor24",
           "Step News Agency", "Halab Today TV", "the Jisr network", "Reuters", "Al-Arabiya",
           "local sources", "a military source", "medical sources", "the health ministry",
           "witnesses", "the Deir Ezzour 24 network", "state media"]
OUTLETS = ["The Jerusalem Post", "Asharq Al-Awsat", "Reuters", "Al-Monitor", "Enab Baladi",
           "The National", "Middle East Eye", "Syria Direct", "The New Arab", "AP News"]
AUTHORS = ["Tzvi Joffre", "Adel al-Saleh", "Lina Haddad", "Omar Khalil", "Sarah Levin",
           "Nour Aziz", "David Cohen", "Maya Farah"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "fourteen", "fifteen", "twenty", "twenty-three",
                "a dozen", "dozens of", "several"]
VICTIMS = ["civilians", "Iranian militants", "fighters", "soldiers", "members of the militia",
           "people", "children", "Syrian regime soldiers", "Hezbollah members"]
EXTRA = [  # casualty sentences in the corpus's style, so every table gets rows
    "At least {n} {victims} were killed in {place} on {weekday}, according to {source}.",
    "{N} {victims} were injured when an alleged Israeli airstrike hit {place} in {month}.",
    "{source} said {n} {victims} had been killed near {place} last week.",
    "Between {a} and {b} {victims} were killed in strikes on {place} on {month} {day}, {year}.",
    "The strike on {place} killed {n} {victims} and wounded {m} others, {source} reported.",
    "Nearly {a} {victims} have been killed in {place} since {month} {year}, {source} told {outlet}.",
]
# Neutral wording, so that (as in real news) most sentences are not verbatim repeats of
# each other: an opening phrase and adjectives before common nouns.
OPENERS = ["Meanwhile, ", "At the same time, ", "Separately, ", "In parallel, ", "On the ground, ",
           "For its part, ", "In addition, ", "Elsewhere, ", "Earlier, ", "Later, ", "Notably, ",
           "In a related development, ", "Once again, ", "As a result, ", "Moreover, ",
           "In recent days, ", "By contrast, ", "Overall, ", "In the meantime, ", "Likewise, ",
           "Still, ", "So far, ", "For now, ", "In this context, ", "Against this backdrop, "]
ADJECTIVES = ["heavy", "renewed", "new", "further", "continued", "sudden", "repeated", "large",
              "several", "nearby", "main", "regional", "key", "major", "main", "local", "fresh"]
NOUNS_RE = re.compile(r"\b(forces|militias|positions|headquarters|areas|convoys|strikes|airstrikes|"
                      r"operations|sites|bases|weapons|reinforcements|tensions|clashes|units|routes)\b")
SYNDICATED_SHARE = 0.08   # articles that are an outlet's copy of an earlier article
NAV = ["Home", "News", "Middle East", "Dark Mode", "Logo", "Subscribe", "Click to see full-size map"]
COMMENTS = ["Comments", "Reader1 says: This is terrible news.", "Anonymous: Who believes this?"]

_PLACE_RE = None
_SOURCE_RE = None


def sample_sentences() -> list[str]:
    """Body sentences of the sample corpus (lines of at least six words, split)."""
    sys.path.insert(0, str(ROOT))
    from analysis.textutil import sentences
    out, seen = [], set()
    for path in sorted(SAMPLE.iterdir()):
        text = path.read_text(encoding="utf-8", errors="replace")
        for line in text.splitlines():
            if len(line.split()) < 6:
                continue
            for s, e in sentences(line):
                sent = line[s:e].strip()
                if len(sent.split()) >= 5 and sent not in seen and sent[-1:] in ".\"'”?!":
                    seen.add(sent)
                    out.append(sent)
    return out


def _patterns():
    global _PLACE_RE, _SOURCE_RE
    if _PLACE_RE is None:
        names = sorted(set(PLACES) - {"the Gaza Strip"}, key=len, reverse=True)
        _PLACE_RE = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
        srcs = sorted({s.removeprefix("the ") for s in SOURCES if s[0].isupper() or s.startswith("the ")},
                      key=len, reverse=True)
        _SOURCE_RE = re.compile(r"\b(" + "|".join(map(re.escape, srcs)) + r")\b")
    return _PLACE_RE, _SOURCE_RE


def vary(sentence: str, rng: random.Random) -> str:
    """The sentence with its numbers, places, days, months, years and sources varied."""
    place_re, source_re = _patterns()
    s = place_re.sub(lambda m: rng.choice(PLACES).removeprefix("the "), sentence)
    s = source_re.sub(lambda m: rng.choice(SOURCES).removeprefix("the "), s)
    s = re.sub(r"\b(20[12]\d)\b", lambda m: str(rng.randint(2018, 2025)), s)
    s = re.sub(r"\b(?<![,.\d])(\d{1,3})(?![\d,.%-])\b", lambda m: str(rng.randint(1, 60)), s)
    s = re.sub(r"\b(" + "|".join(WEEKDAYS) + r")\b", lambda m: rng.choice(WEEKDAYS), s)
    s = re.sub(r"\b(" + "|".join(MONTHS) + r")\b", lambda m: rng.choice(MONTHS), s)
    s = re.sub(r"\b(four|nine|seven|three|six|eight|five|ten)\b",
               lambda m: rng.choice(NUMBER_WORDS[:9]), s)
    s = NOUNS_RE.sub(lambda m: f"{rng.choice(ADJECTIVES)} {m.group()}" if rng.random() < 0.6 else m.group(), s)
    if rng.random() < 0.7 and s[:1].isupper() and not s.startswith(("I ", "I'")):
        first = s.split()[0]
        s = rng.choice(OPENERS) + (first.lower() + s[len(first):] if first.lower() in _LOWERABLE else s)
    return s


_LOWERABLE = {"the", "a", "an", "this", "these", "both", "at", "in", "on", "over", "some", "many",
              "since", "after", "before", "during", "as", "according", "with", "while", "they",
              "it", "he", "she", "there", "local", "foreign", "all", "most", "several", "other"}


def _extra(rng: random.Random) -> str:
    a = rng.randint(2, 40)
    n = rng.choice([str(rng.randint(1, 90)), rng.choice(NUMBER_WORDS)])
    text = rng.choice(EXTRA).format(
        n=n, N=n[0].upper() + n[1:], m=rng.randint(1, 30), a=a, b=a + rng.randint(1, 20),
        victims=rng.choice(VICTIMS), place=rng.choice(PLACES), weekday=rng.choice(WEEKDAYS),
        month=rng.choice(MONTHS), day=rng.randint(1, 28), year=rng.randint(2018, 2025),
        source=rng.choice(SOURCES), outlet=rng.choice(OUTLETS))
    return text[0].upper() + text[1:]


def article(index: int, seed: int, pool: list[str]) -> dict:
    """One article's fields, from its own generator (some are copies of an earlier one)."""
    rng = random.Random(seed * 1_000_003 + index)
    if index > 10 and rng.random() < SYNDICATED_SHARE:
        # another outlet runs an earlier article (within the last ~50), lightly edited
        orig = article(index - rng.randint(1, min(50, index)), seed, pool)
        paras = orig["paragraphs"][:]
        if len(paras) > 3 and rng.random() < 0.5:
            paras = paras[:rng.randint(3, len(paras))]
        y, m, d = (int(x) for x in orig["published"].split("-"))
        d = min(28, d + rng.randint(0, 2))
        return {**orig, "id": f"a{index:06d}", "paragraphs": paras,
                "published": f"{y}-{m:02d}-{d:02d}", "outlet": rng.choice(OUTLETS),
                "authors": [], "url": f"https://news.example/{index}", "rng": rng}
    n_sent = rng.randint(8, 34)
    sents = [vary(rng.choice(pool), rng) if rng.random() < 0.95 else _extra(rng) for _ in range(n_sent)]
    paras, i = [], 0
    while i < len(sents):
        k = rng.randint(1, 4)
        paras.append(" ".join(sents[i:i + k]))
        i += k
    title = vary(rng.choice(pool), rng).rstrip(".")
    title = " ".join(title.split()[:rng.randint(6, 12)])
    year = rng.randint(2019, 2025)
    published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {"id": f"a{index:06d}", "title": title, "paragraphs": paras, "published": published,
            "outlet": rng.choice(OUTLETS), "authors": rng.sample(AUTHORS, rng.randint(0, 2)),
            "url": f"https://news.example/{index}", "rng": rng}


def _stem(index: int, seed: int) -> str:
    return f"{index:06d}_{hashlib.sha256(f'{seed}:{index}'.encode()).hexdigest()[:12]}"


def _txt(arts: list[dict]) -> str:
    out = []
    for a in arts:
        rng = a["rng"]
        if rng.random() < 0.5:
            out += rng.sample(NAV, 3)
        out += [a["title"], ""]
        if a["authors"] and rng.random() < 0.6:
            out += [f"By {' and '.join(a['authors'])}", ""]
        if rng.random() < 0.5:
            y, m, d = a["published"].split("-")
            out += [f"Published: {MONTHS[int(m) - 1]} {int(d)}, {y}", ""]
        if rng.random() < 0.3:
            out += [f"A view of {rng.choice(PLACES)} in {rng.choice(MONTHS)} {rng.randint(2015, 2024)}. "
                    f"(AFP)", ""]
        for p in a["paragraphs"]:
            out += [p, ""]
        if rng.random() < 0.15:
            out += COMMENTS + [""]
        out += ["", ""]
    return "\n".join(out)


def _html(a: dict) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in a["paragraphs"])
    nav = "".join(f"<li><a href='/{n}'>{html.escape(n)}</a></li>" for n in NAV)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(a['title'])}"
            f"</title><meta property='article:published_time' content='{a['published']}'>"
            f"</head><body><nav><ul>{nav}</ul></nav><article><h1>{html.escape(a['title'])}</h1>"
            f"<p class='byline'>{html.escape(a['outlet'])}</p>{body}</article>"
            f"<footer>© {html.escape(a['outlet'])}. All rights reserved.</footer></body></html>\n")


def _record(a: dict) -> str:
    return json.dumps({"id": a["id"], "title": a["title"], "text": "\n\n".join(a["paragraphs"]),
                       "published": a["published"], "outlet": a["outlet"], "url": a["url"],
                       "authors": a["authors"]}, ensure_ascii=False)


def generate(out: Path, articles: int = 20_000, *, seed: int = 20200506, start: int = 0,
             records_per_jsonl: int = 25) -> dict[str, int]:
    """Write articles ``start .. start+articles-1`` below ``out``; return counts by kind."""
    pool = sample_sentences()
    out = Path(out)
    counts = {"txt": 0, "jsonl": 0, "html": 0, "files": 0, "articles": 0}
    i, end = start, start + articles
    batch: list[dict] = []

    def flush_jsonl():
        nonlocal batch
        if batch:
            first = batch[0]["id"][1:]
            _write(out / "records" / f"feed_{first}.jsonl", "\n".join(_record(a) for a in batch) + "\n")
            counts["jsonl"] += 1
            counts["files"] += 1
            batch = []

    while i < end:
        kind = random.Random(seed * 7 + i).random()
        a = article(i, seed, pool)
        folder = f"{i // 1000:03d}"
        if kind < 0.10:                                 # ~10% of articles in .jsonl feeds
            batch.append(a)
            if len(batch) >= records_per_jsonl:
                flush_jsonl()
            i += 1
        elif kind < 0.13:                               # ~3% HTML pages
            _write(out / "html" / folder / f"{_stem(i, seed)}.html", _html(a))
            counts["html"] += 1
            counts["files"] += 1
            i += 1
        elif kind < 0.18 and i + 1 < end:               # ~5% pages holding two articles
            b = article(i + 1, seed, pool)
            _write(out / "txt" / folder / f"{_stem(i, seed)}.txt", _txt([a, b]))
            counts["txt"] += 1
            counts["files"] += 1
            i += 2
        else:
            _write(out / "txt" / folder / f"{_stem(i, seed)}.txt", _txt([a]))
            counts["txt"] += 1
            counts["files"] += 1
            i += 1
    flush_jsonl()
    counts["articles"] = articles
    return counts


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help="output folder")
    ap.add_argument("--articles", type=int, default=20_000, help="articles to write")
    ap.add_argument("--seed", type=int, default=20200506)
    ap.add_argument("--start", type=int, default=0, help="index of the first article (to grow a corpus)")
    args = ap.parse_args(argv)
    counts = generate(args.out, args.articles, seed=args.seed, start=args.start)
    print(f"{args.out}: {counts['articles']} articles in {counts['files']} files "
          f"({counts['txt']} txt, {counts['jsonl']} jsonl, {counts['html']} html)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
