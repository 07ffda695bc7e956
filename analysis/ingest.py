"""Ingest: find every file of a corpus, decode it, split it into articles, log it.

Contract used by analysis.pipeline:

- ``discover(root, max_bytes=...) -> list[FileTask]``: every file below ``root`` (recursive),
  sorted by relative POSIX path, with size, sha256 and manifest metadata. Skip reasons that
  need the whole corpus are decided here: ``empty`` (0 bytes), ``too large`` (over
  ``max_bytes``), ``duplicate of <path>`` (same sha256 as an earlier file in path order),
  ``outside the corpus (link)`` (a symlink pointing out of the folder: never read).
- ``parse(task) -> (ingest_log row, [articles rows])``: decodes the file (BOMs, UTF-16
  without BOM, UTF-8, an HTML page's declared charset, then charset-normalizer choosing
  among the code pages listed in ``lexicons/ingest.yaml``: cp1252/latin-1, cp1256, ...),
  reads it by kind and applies the manifest. Never raises: a bad file becomes a ``skipped``
  row with its reason (``binary``, ``undecodable``, ``empty`` — also when nothing but
  furniture is left —, ``unsupported type .x``, ``error: ...`` for the unforeseen).

Kinds (by extension, ``lexicons/ingest.yaml``): text and Markdown (YAML front matter read as
metadata) through :mod:`analysis.segment`, which may find several articles in one file;
HTML through trafilatura (main text only; its title/author/date/site name as metadata; a
``.txt`` holding an HTML page is read as HTML); ``.jsonl``/``.json``/``.csv`` records, one
article each (field names and their aliases in ``lexicons/ingest.yaml``; HTML markup in a
record's text goes through trafilatura; the record's text is cleaned by ``segment`` without
splitting). Precedence of metadata: manifest > record/HTML/front-matter fields > what the
text states (dateline, page header, byline). When a given date disagrees with the text's,
``published_conflict`` says so. Notes (bad JSON lines, records without text) go into the
``reason`` of a parsed file's row.

The manifest (``manifest.csv`` or ``manifest.yaml`` at the top of the corpus) gets a log row
of its own: status ``parsed``, reason ``manifest`` (plus notes on rows it ignored, such as a
path outside the corpus, which is never read), ``n_articles`` 0.

Article ids: ``<stem>#<n>`` (n = 1-based article in the file) for text and HTML files;
``<stem>#<id>`` for records (the record's ``id``, or its 1-based position without one).
When two files share a stem, their ids use the relative path without suffix instead
(``a/report#1``, ``b/report#1``), and the full relative path if that still collides.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml

from analysis import lexicons, metadata
from analysis.errors import CorpusError
from analysis.segment import segment
from analysis.textutil import count_words

DEFAULT_MAX_BYTES = 20_000_000

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
_CONTROL = bytes(sorted(set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}))
# replacement characters and control characters other than line/tab/page breaks
_BAD_CHARS = re.compile("[\ufffd\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class FileTask:
    path: str                      # relative to the corpus folder, POSIX separators
    abs_path: str
    size: int
    sha256: str
    meta: dict = field(default_factory=dict)   # manifest values for this file
    skip_reason: str | None = None
    kind: str = "text"             # text | html | jsonl | json | csv | manifest | other
    stem: str = ""                 # the article-id prefix (unique within the corpus)


class _Skip(Exception):
    """A file is skipped with this reason."""


@lru_cache(maxsize=1)
def _conf() -> dict:
    data = lexicons.load("ingest")
    lexicons.require(data, ["extensions", "manifest_names", "manifest_fields", "record_fields"], "ingest")
    return data


def _kind(path: str) -> str:
    name = path.rpartition("/")[2].lower()
    if "/" not in path and name in _conf()["manifest_names"]:
        return "manifest"
    return _kind_of_suffix(_suffix(name))


def _suffix(name: str) -> str:
    """``PurePosixPath(name).suffix`` for a bare file name (without pathlib's cost)."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _walk(root: str) -> list[tuple[str, bool]]:
    """(relative POSIX path, is a symlink) of every file below ``root``, as
    ``Path.rglob("*")`` then ``is_file()`` find them: symlinked folders are not entered,
    symlinked files are listed, unreadable entries are left out."""
    found: list[tuple[str, bool]] = []
    todo = [("", root)]
    while todo:
        rel_dir, folder = todo.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue
        for e in entries:
            try:
                if e.is_dir():
                    if not e.is_symlink():
                        todo.append((f"{rel_dir}{e.name}/", e.path))
                elif e.is_file():
                    found.append((f"{rel_dir}{e.name}", e.is_symlink()))
            except OSError:
                continue
    return found


@lru_cache(maxsize=None)
def _kind_of_suffix(suffix: str) -> str:
    for kind, exts in _conf()["extensions"].items():
        if suffix in exts:
            return kind
    return "other"


# ---------------------------------------------------------------- discover

def discover(root: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, digests=None) -> list[FileTask]:
    """Every file below ``root`` as a task, sorted by relative path (see module docstring).

    ``digests`` (optional, e.g. `cache.DigestCache`) remembers files' sha256 by their
    stat: ``digests.get(rel, stat)`` gives a digest or None, ``digests.put(rel, stat,
    digest)`` records one. Without it every file is read and hashed.
    """
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(f"corpus folder {str(root)!r} does not exist or is not a folder")
    real_root = root.resolve()
    # paths as ``root / rel`` spells them (pathlib drops a leading "./")
    top = str(root)
    base = "" if top == "." else top if top.endswith("/") else top + "/"
    found = sorted(_walk(top))

    manifest_meta: dict[str, dict] = {}
    manifest_paths = [rel for rel, _ in found if _kind(rel) == "manifest"]
    manifest_notes: dict[str, list[str]] = {}
    for rel in manifest_paths:
        meta, notes = _read_manifest(root / rel, real_root, {r for r, _ in found})
        manifest_notes[rel] = notes
        for k, v in meta.items():
            manifest_meta.setdefault(k, v)  # the first manifest in path order wins

    stems = _unique_stems([rel for rel, _ in found])
    tasks: list[FileTask] = []
    first_by_hash: dict[str, str] = {}
    dir_inside: dict[str, bool] = {}  # a folder's answer serves every plain file in it
    for rel, is_link in found:
        p = base + rel
        kind = _kind(rel)
        reason = None
        try:
            if is_link:
                inside = Path(p).resolve().is_relative_to(real_root)
            else:
                parent = rel.rpartition("/")[0]
                if parent not in dir_inside:
                    dir_inside[parent] = Path(p).parent.resolve().is_relative_to(real_root)
                inside = dir_inside[parent]
            if digests is None:
                size, digest = _hash(p)
            else:
                st = os.stat(p)
                size, digest = st.st_size, digests.get(rel, st)
                if digest is None:
                    size, digest = _hash(p)
                    digests.put(rel, st, digest)
        except OSError as exc:
            tasks.append(FileTask(rel, p, 0, "", {}, f"unreadable: {exc.strerror or exc}", kind, stems[rel]))
            continue
        if not inside:
            reason = "outside the corpus (link)"
        elif size == 0:
            reason = "empty"
        elif size > max_bytes:
            reason = "too large"
        elif kind != "manifest":
            if digest in first_by_hash:
                reason = f"duplicate of {first_by_hash[digest]}"
            else:
                first_by_hash[digest] = rel
        meta = dict(manifest_meta.get(rel, {}))
        if kind == "manifest":
            meta = {"notes": manifest_notes.get(rel, [])}
        tasks.append(FileTask(rel, str(p), size, digest, meta, reason, kind, stems[rel]))
    return tasks


def _hash(p: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(p, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def _unique_stems(paths: list[str]) -> dict[str, str]:
    by_stem: dict[str, list[str]] = {}
    for rel in paths:
        name = rel.rpartition("/")[2]
        by_stem.setdefault(name[:len(name) - len(_suffix(name))], []).append(rel)
    out = {}
    for stem, rels in by_stem.items():
        if len(rels) == 1:
            out[rels[0]] = stem
            continue
        no_suffix = {r: str(PurePosixPath(r).with_suffix("")) for r in rels}
        counts: dict[str, int] = {}
        for v in no_suffix.values():
            counts[v] = counts.get(v, 0) + 1
        for r in rels:
            out[r] = no_suffix[r] if counts[no_suffix[r]] == 1 else r
    return out


def _read_manifest(path: Path, real_root: Path, files: set[str]) -> tuple[dict[str, dict], list[str]]:
    """Manifest rows by relative path, and notes on what was ignored (never raises)."""
    notes: list[str] = []
    try:
        text, _ = _decode(path.read_bytes())
    except (_Skip, OSError) as exc:
        return {}, [f"unreadable manifest: {exc}"]
    rows: list = []
    try:
        if path.suffix.lower() == ".csv":
            rows = list(csv.DictReader(io.StringIO(text)))
        else:
            data = yaml.safe_load(text)
            if isinstance(data, dict) and isinstance(data.get("files"), list):
                data = data["files"]
            if isinstance(data, dict):
                rows = [{"path": k, **(v if isinstance(v, dict) else {})} for k, v in data.items()]
            elif isinstance(data, list):
                rows = data
    except (yaml.YAMLError, csv.Error) as exc:
        return {}, [f"unreadable manifest: {exc}"]
    allowed = _conf()["manifest_fields"]
    out: dict[str, dict] = {}
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            notes.append(f"row {n} ignored: not a mapping")
            continue
        row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        raw = row.get("path")
        if raw is None or not str(raw).strip():
            notes.append(f"row {n} ignored: no path")
            continue
        rel = str(raw).strip().replace("\\", "/")
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", rel):
            notes.append(f"row {n} ignored: path {rel!r} is outside the corpus")
            continue
        try:
            if not (real_root / rel).resolve().is_relative_to(real_root):
                notes.append(f"row {n} ignored: path {rel!r} is outside the corpus")
                continue
        except (OSError, ValueError):
            notes.append(f"row {n} ignored: path {rel!r} cannot be resolved")
            continue
        rel = pure.as_posix()
        if rel not in files:
            notes.append(f"row {n}: no file {rel!r}")
        values = {}
        for k in allowed:
            v = row.get(k)
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            if k == "published" and metadata.parse_date(v) is None:
                notes.append(f"row {n}: published {v!r} is not a date, ignored")
                continue
            values[k] = v
        out[rel] = values
    return out, notes


# ---------------------------------------------------------------- decode

def _decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``; raises _Skip('binary' | 'undecodable')."""
    conf = _conf()
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), name if name != "utf-8" else "utf-8-sig"
            except UnicodeDecodeError:
                raise _Skip("undecodable") from None
    head = data[: int(conf.get("sniff_bytes", 8192))]
    utf16 = _utf16_without_bom(head)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            raise _Skip("undecodable") from None
    if b"\x00" in head:
        raise _Skip("binary")
    # control bytes counted at C speed: what deleting them takes off the length
    if head and (len(head) - len(head.translate(None, _CONTROL))) / len(head) > float(conf.get("max_control_share", 0.05)):
        raise _Skip("binary")
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, enc = _declared(data) or _detect(data)
    if text:
        # in UTF-8 each bad character is a byte sequence of its own: counted on the bytes
        bad = _bad_utf8(data) if enc == "utf-8" else len(_BAD_CHARS.findall(text))
        if bad / len(text) > float(conf.get("max_bad_char_share", 0.02)):
            raise _Skip("undecodable")
    return text, enc


_BAD_ASCII = bytes([*range(0, 9), *range(14, 32), 127])     # _BAD_CHARS below U+0080
_BAD_C1 = re.compile(rb"\xc2[\x80-\x9f]")                    # U+0080..U+009F in UTF-8


def _bad_utf8(data: bytes) -> int:
    """``len(_BAD_CHARS.findall(data.decode("utf-8")))`` read from the bytes: ASCII control
    bytes (deleted at C speed: what goes is the count), C1 controls and U+FFFD."""
    return (len(data) - len(data.translate(None, _BAD_ASCII)) + data.count(b"\xef\xbf\xbd")
            + len(_BAD_C1.findall(data)))


_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]{2,40})", re.I)


def _declared(data: bytes) -> tuple[str, str] | None:
    """An HTML page's declared charset (``<meta charset=...>``), when it decodes the bytes."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        return data.decode(name), name
    except (LookupError, UnicodeDecodeError):
        return None


def _detect(data: bytes) -> tuple[str, str]:
    """charset-normalizer's best guess; among equally plausible ones, the preferred encoding."""
    from charset_normalizer import from_bytes

    conf = _conf()
    results = from_bytes(data, cp_isolation=conf.get("candidate_encodings") or None)
    best = results.best()
    if best is None:
        results = from_bytes(data)
        best = results.best()
    if best is None:
        raise _Skip("undecodable")
    margin = float(conf.get("tie_margin", 0.01))
    tied = {}
    for m in results:
        if m.chaos <= best.chaos + margin and m.coherence >= best.coherence - margin:
            for name in [m.encoding, *m.could_be_from_charset]:
                tied.setdefault(name, m)
    for name in conf.get("preferred_encodings", []):
        if name in tied:
            try:
                return data.decode(name), name
            except (UnicodeDecodeError, LookupError):
                continue
    return str(best), best.encoding


def _utf16_without_bom(head: bytes) -> str | None:
    if len(head) < 4 or b"\x00" not in head:   # UTF-16 text has zero bytes (a C-speed check)
        return None
    even, odd = head[0::2], head[1::2]
    ze, zo = even.count(0) / len(even), odd.count(0) / len(odd)
    if zo > 0.3 and ze < 0.05:
        return "utf-16-le"
    if ze > 0.3 and zo < 0.05:
        return "utf-16-be"
    return None


# ---------------------------------------------------------------- parse

def parse(task: FileTask) -> tuple[dict, list[dict]]:
    """The ingest_log row and the articles of one file. Never raises."""
    log = {"path": task.path, "status": "skipped", "reason": task.skip_reason, "n_articles": 0,
           "bytes": task.size, "encoding": None, "sha256": task.sha256}
    if task.skip_reason:
        return log, []
    try:
        return _parse(task, log)
    except _Skip as exc:
        log.update(status="skipped", reason=str(exc), n_articles=0)
        return log, []
    except Exception as exc:  # noqa: BLE001 - a bad file never stops the run
        log.update(status="skipped", reason=f"error: {type(exc).__name__}: {exc}"[:300], n_articles=0)
        return log, []


def _parse(task: FileTask, log: dict) -> tuple[dict, list[dict]]:
    data = Path(task.abs_path).read_bytes()
    if not data:
        raise _Skip("empty")
    text, enc = _decode(data)
    log["encoding"] = enc
    if task.kind == "manifest":
        notes = task.meta.get("notes") or []
        log.update(status="parsed", reason="; ".join(["manifest", *notes]), n_articles=0)
        return log, []
    if task.kind == "other":
        raise _Skip(f"unsupported type {PurePosixPath(task.path).suffix or '(no extension)'}")
    if not text or text.isspace():      # nothing but whitespace (no stripped copy made)
        raise _Skip("empty")
    notes: list[str] = []
    if task.kind == "text" and _LOOKS_HTML.match(text):
        found = _html(task, text)          # an HTML page saved under a text name
    elif task.kind == "text":
        given = {}
        if PurePosixPath(task.path).suffix.lower() in (".md", ".markdown"):
            given, text = _front_matter(text, notes)
            text = _markdown_to_text(text)
        found = [(f"{task.stem}#{n}", seg, given) for n, seg in enumerate(segment(text), 1)]
    elif task.kind == "html":
        found = _html(task, text)
    else:
        found = _records(task, text, notes)
    articles = [_article_row(task, aid, seg, given) for aid, seg, given in found]
    articles = [a for a in articles if a["text"]]
    if not articles:
        raise _Skip("; ".join(["empty", *notes]))
    log.update(status="parsed", reason="; ".join(notes) or None, n_articles=len(articles))
    return log, articles


_LOOKS_HTML = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.I)
_HTML_FRAGMENT = re.compile(r"</(?:p|div|article|span|li|h[1-6])>|<br\s*/?>", re.I)
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _front_matter(text: str, notes: list[str]) -> tuple[dict, str]:
    """Markdown YAML front matter as record fields (title, published, authors...), and the rest."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        notes.append("front matter is not valid YAML, ignored")
        return {}, text[m.end():]
    if not isinstance(data, dict):
        return {}, text[m.end():]
    rec = {str(k).strip().lower(): v for k, v in data.items()}
    return _given(rec, "front matter", notes), text[m.end():]


def _fragment_text(body: str) -> str:
    """Record text holding HTML markup: its text through trafilatura (never tags or scripts)."""
    import trafilatura

    _quiet_trafilatura()
    doc = trafilatura.bare_extraction(body, include_comments=False, include_tables=True)
    if doc is not None:
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        if (d.get("text") or "").strip():
            return d["text"]
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for bad in tree.xpath("//script|//style|//nav|//footer|//header|//noscript"):
        bad.drop_tree()
    return tree.text_content()


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")


def _markdown_to_text(text: str) -> str:
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPH.sub(r"\2", text)


@lru_cache(maxsize=1)
def _quiet_trafilatura() -> None:
    """trafilatura logs every page it cannot read; the ingest_log row says it once."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _html(task: FileTask, html: str) -> list[tuple[str, dict, dict]]:
    import trafilatura  # imported on first HTML file only (slow import)

    _quiet_trafilatura()

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None:
        return []
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = d.get("text") or ""
    title = (d.get("title") or "").strip() or None
    given = {}
    if title:
        given["title"] = title
    if d.get("author"):
        given["authors"] = d["author"]
    if d.get("date") and metadata.parse_date(d["date"]):
        given["published"] = d["date"]
        given["published_evidence"] = f"html metadata date {d['date']}"
    if d.get("sitename"):
        given["outlet"] = d["sitename"]
    if d.get("url"):
        given["url"] = d["url"]
    segs = segment(body, split=False, title=title)
    return [(f"{task.stem}#{n}", seg, given) for n, seg in enumerate(segs, 1)]


def _field(rec: dict, name: str):
    for alias in _conf()["record_fields"][name]:
        if alias in rec and rec[alias] is not None and not (isinstance(rec[alias], str) and not rec[alias].strip()):
            return rec[alias]
    return None


def _given(rec: dict, where: str, notes: list[str], *, evidence: str | None = None) -> dict:
    """The metadata fields a record or front matter gives; a bad date is noted and dropped."""
    given = {k: _field(rec, k) for k in ("title", "published", "outlet", "url", "authors")}
    given = {k: v for k, v in given.items() if v is not None}
    if "published" in given:
        if metadata.parse_date(given["published"]) is None:
            notes.append(f"{where} published {given['published']!r} is not a date")
            del given["published"]
        else:
            given["published_evidence"] = f"{evidence or where} published: {given['published']}"
    return given


def _records(task: FileTask, text: str, notes: list[str]) -> list[tuple[str, dict, dict]]:
    records: list = []
    if task.kind == "jsonl":
        bad = 0
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                bad += 1
        if bad:
            notes.append(f"{bad} invalid JSON line{'s' if bad > 1 else ''} skipped")
    elif task.kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _Skip(f"undecodable: invalid JSON ({exc.msg}, line {exc.lineno})") from None
        if isinstance(data, dict):
            key = next((k for k in _conf().get("json_record_keys", []) if isinstance(data.get(k), list)), None)
            data = data[key] if key else [data]
        records = data if isinstance(data, list) else []
    else:  # csv
        csv.field_size_limit(1 << 30)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        header = text.split("\n", 1)[0]
        delim = next((d for d in (",", ";", "\t", "|") if d in header), ",")
        try:
            records = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delim))
        except csv.Error as exc:
            raise _Skip(f"undecodable: invalid CSV ({exc})") from None
    out = []
    seen: set[str] = set()
    skipped = 0
    for pos, rec in enumerate(records, 1):
        if not isinstance(rec, dict):
            skipped += 1
            continue
        rec = {str(k).strip().lower(): v for k, v in rec.items() if k is not None}
        body = _field(rec, "text")
        if not isinstance(body, str) or not body.strip():
            skipped += 1
            continue
        rid = _field(rec, "id")
        rid = str(rid).strip() if rid is not None else str(pos)
        if rid in seen:
            notes.append(f"record {pos}: id {rid!r} repeated, id {rid}~{pos} used")
            rid = f"{rid}~{pos}"
        seen.add(rid)
        given = _given(rec, f"record {rid}:", notes, evidence="record field")
        title = str(given["title"]).strip() if given.get("title") is not None else None
        if _HTML_FRAGMENT.search(body):
            body = _fragment_text(body)
        segs = segment(body, split=False, title=title)
        if not segs[0]["text"]:
            skipped += 1
            continue
        out.append((f"{task.stem}#{rid}", segs[0], given))
    if skipped:
        notes.append(f"{skipped} record{'s' if skipped > 1 else ''} without text skipped")
    return out


def _authors(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value if v is not None]
    else:
        s = str(value).strip()
        if s.startswith("["):
            try:
                parsed = json.loads(s)
                if isinstance(parsed, list):
                    return _authors(parsed)
            except json.JSONDecodeError:
                pass
        seps = _conf().get("author_separators", [";"])
        pattern = "|".join(re.escape(x) for x in seps)
        items = re.split(pattern, s)
    out = []
    for item in items:
        item = " ".join(item.split()).strip(" ,;")
        if item.isupper() and any(c.isalpha() for c in item):   # "JANE ROE" -> "Jane Roe"
            item = " ".join(w.capitalize() for w in item.split())
        if item and item not in out:
            out.append(item)
    return out


def _article_row(task: FileTask, aid: str, seg: dict, given: dict) -> dict:
    """One articles row: manifest values win over record/HTML metadata, which win over text."""
    manifest = task.meta or {}
    row = {
        "article_id": aid,
        "path": task.path,
        "title": seg["title"],
        "outlet": seg["outlet"],
        "authors": list(seg["authors"]),
        "credits": list(seg["credits"]),
        "url": None,
        "captions": list(seg["captions"]),
        "published": seg["published"],
        "published_precision": seg["published_precision"],
        "published_source": seg["published_source"] or "missing",
        "published_evidence": seg["published_evidence"],
        "published_conflict": None,
        "text": seg["text"],
        "n_words": count_words(seg["text"]),
        "n_comments": int(seg["n_comments"]),
    }
    for layer, label in ((given, "record/metadata"), (manifest, "manifest")):
        if not layer:
            continue
        if layer.get("title") is not None and str(layer["title"]).strip():
            row["title"] = " ".join(str(layer["title"]).split())
        if layer.get("outlet") is not None and str(layer["outlet"]).strip():
            row["outlet"] = metadata.canonical_outlet(str(layer["outlet"]))
        if layer.get("url") is not None and str(layer["url"]).strip():
            row["url"] = str(layer["url"]).strip()
        if layer.get("authors") is not None:
            row["authors"] = _authors(layer["authors"])
        found = metadata.parse_date(layer.get("published"))
        if found:
            stated = (row["published"], row["published_source"], row["published_evidence"])
            evidence = layer.get("published_evidence") or f"{label} published: {layer['published']}"
            row.update(published=found[0], published_precision=found[1],
                       published_source="metadata", published_evidence=str(evidence))
            if stated[0] and stated[1] in ("dateline", "header") and not _compatible(stated[0], found[0]):
                row["published_conflict"] = f"{stated[1]} {stated[2]!r} says {stated[0]}"
    if row["outlet"] is None:
        row["outlet"] = metadata.outlet_from_host(row["url"])
    return row


def _compatible(a: str, b: str) -> bool:
    """Two ISO dates at any precision agree (one is a prefix of the other)."""
    return a.startswith(b) or b.startswith(a)
