"""Ingestion of a varied and bad corpus: one ingest_log row per file, right status and reason.

The corpus is written byte by byte into tmp_path so encodings are exact.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import build_tables, ingest
from analysis.errors import CorpusError
from analysis.schema import frame

ARTICLE = ("Militias Leave Their Headquarters In The East\n\n"
           "Iranian-backed militias left the city of Al-Bukamal on Saturday, local sources said.\n\n"
           "Three civilians were killed in a strike near Damascus, the monitor reported.\n")

CP1252 = "Café owners in Aleppo said “the strike” was heavy — naïve reports spoke of 3 dead.\n"
ARABIC = "قالت مصادر محلية إن الميليشيات غادرت مدينة البوكمال يوم السبت.\n"
UTF16 = "Über 40 Menschen wurden nach Angaben der Sanitäter in Gaza getötet.\n"

HTML = """<!DOCTYPE html><html><head><title>Strike hits depot near Aleppo</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2021-03-04T10:00:00Z">
<script>var tracker = "SECRET_SCRIPT";</script><style>.x{color:red}</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World NAVTEXT</a></li></ul></nav>
<article><h1>Strike hits depot near Aleppo</h1>
<p>Three people were killed when a strike hit a weapons depot near Aleppo on Tuesday, local sources said.</p>
<p>The depot was used by Iranian-backed militias, according to the Syrian Observatory for Human Rights.</p>
</article>
<footer>FOOTERTEXT Copyright 2021 Example News. All rights reserved.</footer>
<script>alert('SCRIPT2')</script></body></html>"""

JSONL_RECORDS = [
    {"id": "a1", "title": "First record", "published": "2021-02-03", "outlet": "Reuters",
     "text": "Two fighters were killed in Deir ez-Zor, the monitor said.", "authors": ["Jane Roe", "John Doe"]},
    {"id": "a2", "title": "Second record", "published": "March 2021",
     "text": "Dark Mode\nFour civilians were injured in Idlib on Monday.\n(photo credit: REUTERS)",
     "url": "https://www.jpost.com/middle-east/article-1"},
    {"title": "Third record without id", "text": "Aid trucks entered Gaza on Friday.", "authors": "A. Writer; B. WRITER"},
]

CSV = ("id,title,published,outlet,text\n"
       'r1,CSV one,2020-05-06,jpost,"Fourteen Iranians were killed in Deir Ezzor, according to SOHR."\n'
       'r2,CSV two,,,"Militias moved to Palmyra on Saturday.\n\nThey travelled on civilian buses."\n')

MANIFEST = ("path,published,outlet,title\n"
            "news/report.txt,2020-05-07,Asharq Al-Awsat,\n"
            "../outside.txt,2020-01-01,Evil,\n"
            "missing.txt,2020-01-01,Nobody,\n")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "news").mkdir(parents=True)
    files = {
        "empty.txt": b"  \n\n \t\n",
        "zero.html": b"",
        "scan.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 2,
        "cp1252.txt": CP1252.encode("cp1252"),
        "arabic.txt": (ARABIC * 4).encode("cp1256"),
        "utf16.txt": UTF16.encode("utf-16"),              # with BOM
        "utf16be-nobom.txt": UTF16.encode("utf-16-be"),
        "bom.txt": "\ufeff".encode("utf-8") + ARTICLE.encode("utf-8"),
        "page.html": HTML.encode("utf-8"),
        "records.jsonl": ("\n".join(json.dumps(r) for r in JSONL_RECORDS) + "\n").encode("utf-8"),
        "rows.csv": CSV.encode("utf-8"),
        "manifest.csv": MANIFEST.encode("utf-8"),
        "news/report.txt": ("JULY 2020\n\n" + ARTICLE).encode("utf-8"),
        "news/report_dup.txt": ("JULY 2020\n\n" + ARTICLE).encode("utf-8"),
        "notes.docx": b"PK\x03\x04" + b"\x00" * 40,
        "readme.rst": b"Plain text in a type the corpus does not read.\n",
    }
    for rel, data in files.items():
        (root / rel).write_bytes(data)
    (tmp_path / "outside.txt").write_text("SECRET outside the corpus", encoding="utf-8")
    return root


def _run(root, **kw):
    logs, arts = [], []
    for task in ingest.discover(root, **kw):
        log, rows = ingest.parse(task)
        logs.append(log)
        arts.extend(rows)
    return frame("ingest_log", logs).set_index("path", drop=False), frame("articles", arts).set_index("article_id", drop=False)


EXPECTED_LOG = [
    # path, status, reason (prefix), n_articles
    ("arabic.txt", "parsed", None, 1),
    ("bom.txt", "parsed", None, 1),
    
    ("cp1252.txt", "parsed", None, 1),
    ("empty.txt", "skipped", "empty", 0),
    ("manifest.csv", "parsed", "manifest", 0),
    ("news/report.txt", "parsed", None, 1),
    ("news/report_dup.txt", "skipped", "duplicate of news/report.txt", 0),
    ("notes.docx", "skipped", "binary", 0),
    ("page.html", "parsed", None, 1),
    ("photo.jpg", "skipped", "binary", 0),
    ("readme.rst", "skipped", "unsupported type .rst", 0),
    ("records.jsonl", "parsed", None, 3),
    ("rows.csv", "parsed", None, 2),
    ("scan.txt", "skipped", "binary", 0),
    ("utf16.txt", "parsed", None, 1),
    ("utf16be-nobom.txt", "parsed", None, 1),
    ("zero.html", "skipped", "empty", 0),
]


def test_one_log_row_per_file_with_status_and_reason(corpus):
    log, _ = _run(corpus)
    assert list(log["path"]) == [p for p, *_ in EXPECTED_LOG]     # sorted by path, one row each
    for path, status, reason, n in EXPECTED_LOG:
        row = log.loc[path]
        assert (row["status"], row["n_articles"]) == (status, n), path
        if reason is None:
            assert pd.isna(row["reason"]), (path, row["reason"])
        else:
            assert str(row["reason"]).startswith(reason), (path, row["reason"])
        assert len(row["sha256"]) == 64 and row["bytes"] == (corpus / path).stat().st_size


def test_manifest_ignores_paths_outside_the_corpus_and_says_so(corpus):
    log, arts = _run(corpus)
    reason = log.loc["manifest.csv", "reason"]
    assert "'../outside.txt' is outside the corpus" in reason and "no file 'missing.txt'" in reason
    assert not any("SECRET" in t for t in arts["text"]) and "Evil" not in set(arts["outlet"].dropna())


def test_manifest_values_win(corpus):
    _, arts = _run(corpus)
    row = arts.loc["report#1"]
    assert row["outlet"] == "Asharq Al-Awsat"
    assert (row["published"], row["published_precision"], row["published_source"]) == ("2020-05-07", "day", "metadata")
    assert "2020-07" in row["published_conflict"]        # the page header said July 2020
    assert row["title"] == "Militias Leave Their Headquarters In The East"  # empty manifest value: not applied


def test_encodings_decode(corpus):
    log, arts = _run(corpus)
    assert arts.loc["cp1252#1", "text"] == CP1252.strip()
    assert arts.loc["arabic#1", "text"].split("\n")[0] == ARABIC.strip()
    assert arts.loc["utf16#1", "text"] == UTF16.strip() == arts.loc["utf16be-nobom#1", "text"]
    assert arts.loc["bom#1", "title"] == "Militias Leave Their Headquarters In The East"
    assert log.loc["bom.txt", "encoding"] == "utf-8-sig" and log.loc["utf16.txt", "encoding"] == "utf-16"
    assert log.loc["cp1252.txt", "encoding"] in ("cp1252", "windows-1252", "latin_1", "iso8859_15")
    assert log.loc["arabic.txt", "encoding"] in ("cp1256", "windows-1256")


def test_html_main_text_only(corpus):
    _, arts = _run(corpus)
    row = arts.loc["page#1"]
    assert row["text"].startswith("Three people were killed when a strike hit a weapons depot")
    for junk in ("SECRET_SCRIPT", "SCRIPT2", "NAVTEXT", "FOOTERTEXT", "<", "color:red"):
        assert junk not in row["text"]
    assert row["title"] == "Strike hits depot near Aleppo" and row["authors"] == ["Jane Roe"]
    assert (row["published"], row["published_source"]) == ("2021-03-04", "metadata")
    assert row["outlet"] == "Example News"


def test_records(corpus):
    _, arts = _run(corpus)
    a1, a2, a3 = arts.loc["records#a1"], arts.loc["records#a2"], arts.loc["records#3"]
    assert (a1["title"], a1["outlet"], a1["published"], a1["authors"]) == (
        "First record", "Reuters", "2021-02-03", ["Jane Roe", "John Doe"])
    assert a2["text"] == "Four civilians were injured in Idlib on Monday."     # furniture and caption removed
    assert a2["captions"] == ["(photo credit: REUTERS)"]
    assert (a2["published"], a2["published_precision"], a2["outlet"]) == ("2021-03", "month", "The Jerusalem Post")
    assert a3["authors"] == ["A. Writer", "B. Writer"] and a3["published_source"] == "missing"
    r1, r2 = arts.loc["rows#r1"], arts.loc["rows#r2"]
    assert (r1["title"], r1["outlet"], r1["published"]) == ("CSV one", "The Jerusalem Post", "2020-05-06")
    assert r2["text"] == "Militias moved to Palmyra on Saturday.\n\nThey travelled on civilian buses."
    assert pd.isna(r2["outlet"]) and r2["n_words"] == 11


def test_too_large_is_skipped(corpus):
    log, _ = _run(corpus, max_bytes=200)
    assert log.loc["page.html", "status"] == "skipped" and log.loc["page.html", "reason"] == "too large"
    assert log.loc["cp1252.txt", "status"] == "parsed"


def test_build_tables_on_a_bad_corpus_never_raises(corpus):
    tables = build_tables(corpus)
    assert len(tables.ingest_log) == len(EXPECTED_LOG)
    assert tables.articles["article_id"].is_unique and len(tables.articles) == 12


def test_manifest_yaml_and_a_shared_stem(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "report.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b" / "report.txt").write_text(ARTICLE + "\nOne more line.\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "- path: a/report.txt\n  published: 2019-08\n  authors: [Jane Roe]\n"
        "- path: /etc/passwd\n  outlet: Evil\n", encoding="utf-8")
    log, arts = _run(tmp_path)
    assert list(arts["article_id"]) == ["a/report#1", "b/report#1"]
    a = arts.loc["a/report#1"]
    assert (a["published"], a["published_precision"], a["authors"]) == ("2019-08", "month", ["Jane Roe"])
    assert "outside the corpus" in log.loc["manifest.yaml", "reason"]


def test_undecodable_and_odd_records(tmp_path):
    (tmp_path / "bad16.txt").write_bytes(b"\xff\xfe" + b"\x00\xd8\x41\x00")       # lone surrogate
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "list.json").write_text(json.dumps({"articles": [{"text": "A strike hit Homs."}, {"text": ""}, 5]}),
                                        encoding="utf-8")
    (tmp_path / "half.jsonl").write_text('{"id": 1, "text": "Fighting in Idlib."}\nnot json\n', encoding="utf-8")
    log, arts = _run(tmp_path)
    assert log.loc["bad16.txt", "reason"] == "undecodable"
    assert log.loc["broken.json", "status"] == "skipped" and log.loc["broken.json", "reason"].startswith("undecodable")
    assert log.loc["list.json", "n_articles"] == 1 and "2 records without text skipped" in log.loc["list.json", "reason"]
    assert list(arts.loc[["list#1", "half#1"], "text"]) == ["A strike hit Homs.", "Fighting in Idlib."]
    assert "1 invalid JSON line skipped" in log.loc["half.jsonl", "reason"]


def test_missing_corpus_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        ingest.discover(tmp_path / "nope")


def test_parse_never_raises_on_a_vanished_file(tmp_path):
    p = tmp_path / "gone.txt"
    p.write_text("Some text here.", encoding="utf-8")
    task = ingest.discover(tmp_path)[0]
    p.unlink()
    log, arts = ingest.parse(task)
    assert log["status"] == "skipped" and log["reason"].startswith("error: FileNotFoundError") and arts == []


def test_markdown_front_matter_html_saved_as_text_and_html_in_records(tmp_path):
    (tmp_path / "post.md").write_text(
        "---\ntitle: Strike on Homs depot\ndate: 2022-01-09\nauthor: Jane Roe\n---\n\n"
        "# Strike on Homs depot\n\nA strike hit a depot in **Homs** on Sunday, [SANA](https://sana.sy) said.\n",
        encoding="utf-8")
    (tmp_path / "saved.txt").write_text(HTML, encoding="utf-8")
    (tmp_path / "frag.jsonl").write_text(json.dumps(
        {"id": 7, "text": "<p>Two fighters were killed in Deir ez-Zor.</p><script>x=1</script><p>More later.</p>"}) + "\n",
        encoding="utf-8")
    log, arts = _run(tmp_path)
    md = arts.loc["post#1"]
    assert (md["title"], md["published"], md["published_source"], md["authors"]) == (
        "Strike on Homs depot", "2022-01-09", "metadata", ["Jane Roe"])
    assert md["text"] == "A strike hit a depot in Homs on Sunday, SANA said."
    assert arts.loc["saved#1", "text"].startswith("Three people were killed") and "SECRET" not in arts.loc["saved#1", "text"]
    assert arts.loc["frag#7", "text"] == "Two fighters were killed in Deir ez-Zor.\nMore later."


@settings(max_examples=150, deadline=None)
@given(data=st.one_of(st.binary(max_size=600), st.text(max_size=300).map(lambda t: t.encode("utf-8")),
                      st.text(max_size=200).map(lambda t: t.encode("utf-16"))),
       ext=st.sampled_from([".txt", ".md", ".html", ".jsonl", ".json", ".csv", ".bin", ""]))
def test_parse_never_raises_on_any_bytes(data, ext):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"f{ext}").write_bytes(data)
        (task,) = ingest.discover(Path(tmp))
        log, arts = ingest.parse(task)
        assert log["status"] in ("parsed", "skipped") and (log["status"] == "parsed") == bool(arts)
        assert log["n_articles"] == len(arts)
        assert not str(log["reason"] or "").startswith("error"), log["reason"]
        frame("articles", arts)


def test_csv_with_semicolons(tmp_path):
    (tmp_path / "semi.csv").write_text('id;text;title\n1;"Shelling hit Idlib, medics said.";Idlib\n', encoding="utf-8")
    _, arts = _run(tmp_path)
    assert (arts.loc["semi#1", "text"], arts.loc["semi#1", "title"]) == ("Shelling hit Idlib, medics said.", "Idlib")


@pytest.mark.parametrize("text, codec, labels", [
    ("قالت مصادر محلية إن الميليشيات غادرت.", "cp1256", {"cp1256"}),
    ("The SOHR (المرصد السوري) said 14 were killed in البوكمال on Monday.", "cp1256", {"cp1256"}),
    ("Le café était fermé à Beyrouth, a déclaré l'armée.", "latin-1", {"cp1252", "latin_1"}),
    ("“Quote” – dash", "cp1252", {"cp1252"}),
    ("Plain ASCII text.", "ascii", {"utf-8"}),
    ("Déjà vu", "utf-8", {"utf-8"}),
    ("Déjà vu", "utf-8-sig", {"utf-8-sig"}),
    ("Déjà vu", "utf-16", {"utf-16"}),
    ("Déjà vu", "utf-16-le", {"utf-16-le"}),
    ("Déjà vu", "utf-32", {"utf-32"}),
])
def test_short_texts_decode(text, codec, labels):
    decoded, label = ingest._decode(text.encode(codec))
    assert decoded == text and label in labels


def test_html_declared_charset(tmp_path):
    page = ('<html><head><meta charset="windows-1256"><title>غارة على البوكمال</title></head><body><article>'
            '<p>قالت مصادر محلية إن الميليشيات غادرت مدينة البوكمال يوم السبت بعد الغارات الأخيرة على مواقعها.</p>'
            '</article></body></html>')
    (tmp_path / "ar.html").write_bytes(page.encode("cp1256"))
    log, arts = _run(tmp_path)
    assert log.loc["ar.html", "encoding"] == "windows-1256"
    assert arts.loc["ar#1", "text"].startswith("قالت مصادر محلية")


@given(st.text(alphabet="ab \n\t\r\x00\x07\x0b\x0e\x1f\x7f\x80\x9f\xa0\xc2é\ufffd€😀", max_size=60))
def test_bad_characters_counted_on_the_bytes_as_on_the_text(text):
    from analysis.ingest import _BAD_CHARS, _bad_utf8
    assert _bad_utf8(text.encode("utf-8")) == len(_BAD_CHARS.findall(text))
