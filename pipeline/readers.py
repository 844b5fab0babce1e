"""Input formats: one decoded file in, its articles out, each with its 1-based row number.

| extension | format | articles | `row` |
|---|---|---|---|
| .txt | txt | the whole file | None |
| .jsonl, .ndjson | jsonl | one JSON object per line | the line number |
| .csv | csv | one record per row under a header row | the line the record starts on (the header is line 1) |
| .tsv | tsv | the same, tab-separated | the same |
| .html, .htm | html | the page's main text (trafilatura), title, date and URL from its metadata | None |

Every reader takes the text decode.py decoded (so every format gets the same encoding
detection) and yields `Row`s, or `BadRow`s for records that cannot be used (bad JSON, no text,
a CSV record with the wrong number of fields, a date that is not a date): the caller turns those
into rejects naming the file and the row, and the other rows go on. Nothing here reads a file.

Fields of a record are found by name, ignoring case and surrounding spaces, under the common
spellings of FIELD_SPELLINGS, or under the one name the user gave (`--text-field body_text`).
"""

from __future__ import annotations

import csv
import datetime
import email.utils
import io
import json
import re
from dataclasses import dataclass
from typing import Callable, Iterator

# field -> the names it is looked for under, in order (the first one present wins)
FIELD_SPELLINGS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article"),
    "id": ("id",),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "pubdate", "published_at"),
    "source": ("source", "publisher", "site"),
    "lang": ("lang", "language"),
}
FIELDS = tuple(FIELD_SPELLINGS)


@dataclass(frozen=True)
class Row:
    """One article of a file: its text and what the input says about it."""

    row: int | None  # 1-based line of the record; None for formats holding one article per file
    text: str
    title: str | None = None
    published: datetime.date | None = None
    url: str | None = None
    source: str | None = None
    input_id: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class BadRow:
    """A record that cannot be used; `reason` is a key of pipeline.errors.REJECT_REASONS."""

    row: int | None  # None: the whole file (a CSV file without a text column, say)
    reason: str
    detail: str


Reader = Callable[..., Iterator["Row | BadRow"]]
_NEWLINES = re.compile("\r\n?")


def field_names(given: dict[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """The names each field is looked for under: the user's one name where given, else the spellings."""
    given = given or {}
    unknown = set(given) - set(FIELD_SPELLINGS)
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}; fields are {', '.join(FIELDS)}")
    return {f: (given[f].strip().lower(),) if given.get(f) else names for f, names in FIELD_SPELLINGS.items()}


# ---------------------------------------------------------------- the formats


def read_txt(text: str, fields: dict[str, tuple[str, ...]] | None = None) -> Iterator[Row | BadRow]:
    """A plain text file is one article, all of it."""
    yield Row(None, text)


def read_jsonl(text: str, fields: dict[str, tuple[str, ...]] | None = None) -> Iterator[Row | BadRow]:
    """JSON Lines: one object per line, `row` is the line number; blank lines are skipped."""
    names = fields or field_names()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BadRow(number, "bad_json", f"{exc.msg}: column {exc.colno}")
            continue
        if not isinstance(record, dict):
            yield BadRow(number, "not_an_object", _json_kind(record))
            continue
        # names ignore case; of two keys that differ only in case, the first one counts
        yield _record(number, {str(k).strip().lower(): v for k, v in reversed(record.items())}, names)


def read_csv(text: str, fields: dict[str, tuple[str, ...]] | None = None, *, delimiter: str = ",") -> Iterator[Row | BadRow]:
    """CSV with a header row (quoted fields may hold the delimiter, quotes doubled and line
    breaks); `row` is the line the record starts on, the header being line 1. Blank lines are skipped."""
    names = fields or field_names()
    csv.field_size_limit(1 << 30)  # an article is a field: the default limit (128 KB) is too small
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows = 0
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if header is None:
                yield BadRow(None, "bad_csv_row", f"the header row, line {start}: {exc}")
                return
            rows += 1
            yield BadRow(start, "bad_csv_row", str(exc))
            continue
        if not record or not any(v.strip() for v in record):
            continue
        if header is None:
            header = [h.strip().lower() for h in record]
            if _find(header, names["text"]) is None:
                yield BadRow(None, "no_text_field", f"looked for {', '.join(names['text'])}; the header has {', '.join(header)}")
                return
            continue
        rows += 1
        if len(record) != len(header):
            yield BadRow(start, "bad_csv_row", f"{len(record)} fields where the header has {len(header)}")
            continue
        yield _record(start, {name: value for name, value in reversed(list(zip(header, record)))}, names)
    if header is None:
        yield BadRow(None, "no_text_field", "the file has no header row")
    elif rows == 0:
        yield BadRow(None, "no_rows", "")


def read_tsv(text: str, fields: dict[str, tuple[str, ...]] | None = None) -> Iterator[Row | BadRow]:
    """Tab-separated values: read_csv with a tab as the delimiter."""
    return read_csv(text, fields, delimiter="\t")


def read_html(text: str, fields: dict[str, tuple[str, ...]] | None = None) -> Iterator[Row | BadRow]:
    """A web page: its main text as trafilatura extracts it (navigation, footers, related links
    and the like left out), the title, publication date, URL and site name from the page's
    metadata (<meta>, JSON-LD, <link rel=canonical>), the language from <html lang>.

    trafilatura runs offline on the page alone; its date search looks at the markup and the
    URL only (not the body text) and is not capped at today's date, so that the same page gives
    the same row on any day (its `filedate`, the day of the run, is not used)."""
    import trafilatura  # late: only corpora with web pages pay for importing it

    tree = trafilatura.load_html(text)
    if tree is None:
        yield BadRow(None, "no_article_text", "the page cannot be parsed as HTML")
        return
    lang = tree.get("lang") or None
    url = _page_url(tree)
    extracted = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"original_date": True, "extensive_search": False, "max_date": "2999-12-31"},
    )
    body = (extracted.text or "").strip() if extracted is not None else ""
    if not body:
        yield BadRow(None, "no_article_text", "trafilatura found no main text")
        return
    if _only_link_labels(body):
        yield BadRow(None, "no_article_text", f"the page holds only short labels such as {body.splitlines()[0][:20]!r}, no sentence")
        return
    published = None
    if extracted.date:
        published = parse_date(extracted.date)
    yield Row(None, _NEWLINES.sub("\n", body) + "\n", title=_clean(extracted.title), published=published,
              url=_clean(extracted.url) or url, source=_clean(extracted.sitename), lang=_clean(lang))


# A page of menus only (ホーム / ニュース / 会社概要) is not an article: trafilatura, finding no main
# text, falls back on whatever text there is. An article has a sentence end or one long line.
LINK_LABEL_MAX = 30
_SENTENCE_END = re.compile(r"[。．！？!?]|[A-Za-z0-9)][.](\s|$)")


def _only_link_labels(body: str) -> bool:
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    return all(len(line) <= LINK_LABEL_MAX and not _SENTENCE_END.search(line) for line in lines)


# extension -> (format name, reader)
FORMATS: dict[str, tuple[str, Reader]] = {
    ".txt": ("txt", read_txt),
    ".jsonl": ("jsonl", read_jsonl),
    ".ndjson": ("jsonl", read_jsonl),
    ".csv": ("csv", read_csv),
    ".tsv": ("tsv", read_tsv),
    ".html": ("html", read_html),
    ".htm": ("html", read_html),
}
EXTENSIONS = tuple(FORMATS)
ROW_FORMATS = frozenset({"jsonl", "csv", "tsv"})  # one article per row; the others hold one per file


def format_of(path: str) -> tuple[str, Reader]:
    """(format name, reader) of a file, by its extension (any case); .txt when none matches."""
    lower = path.lower()
    for ext, found in FORMATS.items():
        if lower.endswith(ext):
            return found
    return FORMATS[".txt"]


# ---------------------------------------------------------------- records


def _record(number: int, record: dict[str, object], names: dict[str, tuple[str, ...]]) -> Row | BadRow:
    """A Row from a record's fields (names lower-cased), or the BadRow saying what is wrong."""
    values: dict[str, str | None] = {}
    for field, spellings in names.items():
        key = _find(record, spellings)
        value = record.get(key) if key is not None else None
        if isinstance(value, bool) or not (value is None or isinstance(value, (str, int, float))):
            return BadRow(number, "bad_field", f"{key}: {_json_kind(value)}")
        values[field] = _clean(value if value is None or isinstance(value, str) else str(value))
    if values["text"] is None:
        key = _find(record, names["text"])
        detail = f"{key} is empty" if key is not None else f"no {'/'.join(names['text'])} field; it has {', '.join(sorted(record)) or 'none'}"
        return BadRow(number, "missing_text", detail)
    published = None
    if values["published"] is not None:
        published = parse_date(values["published"])
        if published is None:
            return BadRow(number, "bad_date", repr(values["published"]))
    text = _NEWLINES.sub("\n", str(record[_find(record, names["text"])]))
    return Row(number, text, title=values["title"], published=published, url=values["url"],
               source=values["source"], input_id=values["id"], lang=values["lang"])


def _find(keys, spellings: tuple[str, ...]) -> str | None:
    for name in spellings:
        if name in keys:
            return name
    return None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a number"


def _page_url(tree) -> str | None:
    """The page's own address, as it states it: <link rel=canonical>, else <meta property=og:url>."""
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        found = [v.strip() for v in tree.xpath(xpath) if v.strip()]
        if found:
            return found[0]
    return None


# ---------------------------------------------------------------- publication dates

_ISO_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:[T ]|\s+)\S.*)?")
_JA_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日.*")
_COMPACT_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T\S*)?")


def parse_date(value: str) -> datetime.date | None:
    """The day a publication date names, as written (a time and zone after it are ignored, not
    converted): 2024-05-21, 2024-05-21T08:15:00+09:00, 2024/5/21, 2024.05.21, 20240521,
    2024年5月21日, or an RFC 2822 date (Tue, 21 May 2024 08:15:00 +0900). None when it is none of them."""
    value = value.strip()
    for pattern in (_ISO_DAY, _JA_DAY, _COMPACT_DAY):
        m = pattern.fullmatch(value)
        if m:
            try:
                return datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date() if parsed is not None else None
