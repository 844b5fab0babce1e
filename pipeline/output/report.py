"""The review report: one self-contained HTML page over the tables of a run.

Per article, the text rebuilt from its `sentences` rows with entity mentions and numeric claims
highlighted in place (displaCy-style marks); above, the row counts, the rejected files and an
index of the articles (titles, dates, sources); below, an index of entities (linked to Wikidata
and GeoNames) and one of facts, each linking to every sentence it comes from (anchors
`#d-<doc_id>-s-<sent_idx>`). Every list has a search box and pages (plain JS in the page), so
thousands of articles stay usable. No network: CSS, JS and a subset of a Japanese font
(pipeline/output/webfont.py) are inline, so the page renders Japanese on a machine without a
Japanese font. The same tables give the same bytes.
"""

from __future__ import annotations

import html
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.output import store, webfont
from pipeline.output.schemas import TABLES

# What the page needs from each table (tokens are never read: only their row count).
COLUMNS: dict[str, list[str]] = {
    "documents": ["doc_id", "path", "title", "published", "n_chars", "status"],
    "sentences": ["doc_id", "sent_idx", "para_idx", "start", "end", "text", "flags", "analysed"],
    "mentions": ["doc_id", "sent_idx", "start", "end", "label", "label_ene", "role", "source", "entity_id"],
    "entities": ["entity_id", "name", "label", "aliases", "wikidata_id", "n_mentions", "n_docs"],
    "claims": [
        "claim_id", "doc_id", "sent_idx", "start", "end", "kind", "value", "value_low", "value_high", "unit",
        "approx", "vague", "bound", "date", "base", "subject", "actor", "time", "fact_id",
    ],
    "facts": [
        "fact_id", "subject", "actor", "kind", "value", "value_low", "value_high", "unit", "base",
        "n_docs", "n_mentions", "surfaces", "conflict_group",
    ],
    "rejects": ["path", "reason", "detail"],
}
# Shown when the table has them (tables of older runs do not): rows lack the key otherwise.
OPTIONAL_COLUMNS: dict[str, list[str]] = {
    "documents": ["row", "url", "source", "near_duplicate_of"],
    "entities": ["geonames_id"],
    "facts": ["date", "time", "bound"],
    "rejects": ["row"],
}

# Limits that keep the page small and quick to open for thousands of articles; what is not shown
# is counted on the page and stays in the Parquet files.
MAX_DOC_CHARS = 20_000  # text shown per article
MAX_PAGE_CHARS = 1_000_000  # text shown over all articles (then articles are listed without text)
MAX_INDEX_ROWS = 2_000  # rows of the entity index and of the fact index
OPEN_ARTICLES_UP_TO = 10  # small runs show every article open; larger ones collapse them
LINKS_BEFORE_COLLAPSE = 12  # an index row with more source sentences folds them into <details>
PAGE_SIZE = 50  # rows per page of an index
ARTICLES_PER_PAGE = 20  # articles per page of the article list
TITLE_CHARS = 40  # a document named in a list of source sentences: its title, cut to this
WIKIDATA_URL = "https://www.wikidata.org/wiki/{}"
GEONAMES_URL = "https://www.geonames.org/{}"

ENTITY_COLOURS = {
    "PERSON": "#aa9cfc", "ORG": "#7aecec", "GPE": "#feca74", "LOC": "#ff9561", "FAC": "#9cc9cc",
    "PRODUCT": "#bfeeb7", "EVENT": "#ffeb80", "LAW": "#ff8197", "NORP": "#c887fb", "WORK_OF_ART": "#f0d0ff",
    "OTHER": "#dddddd",
}
CLAIM_COLOURS = {
    "quantity": "#b5e3ff", "percent": "#c9f2c7", "money": "#ffe0a3", "date": "#ffd1dc", "time": "#f7c6f2",
    "duration": "#d7d2ff", "age": "#e2f0cb", "ordinal": "#e8e8e8", "legal": "#f5d6c6", "label": "#eeeeee",
    "id": "#eeeeee", "multiple": "#c6f0ef",
}
BOUND_SIGNS = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "under": "just under ", "over": "just over "}


@dataclass(frozen=True)
class Highlight:
    """A span to mark, with absolute offsets into the original text."""

    start: int
    end: int
    css: str  # classes, e.g. "ent ent-ORG"
    label: str  # shown after the span
    title: str  # tooltip
    ref: str | None = None  # anchor a click on the mark jumps to
    rank: int = 0  # at equal offsets the lower rank is the outer mark


def write_report(tables_dir: Path, dest: Path, font_cache: Path | None = None) -> None:
    """Read the run's tables in `tables_dir` and write the review page to `dest`.

    `font_cache` keeps the last font subset (default: `.report-font/` in the output folder `dest`
    is in, or that its staging folder is in).
    """
    dest = Path(dest)
    if font_cache is None:
        font_cache = _output_folder(dest) / webfont.CACHE_FOLDER
    page = build_report(read_tables(Path(tables_dir)), row_counts(Path(tables_dir)), font_cache=font_cache)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_text(page, encoding="utf-8", newline="\n")
    os.replace(tmp, dest)


def _output_folder(dest: Path) -> Path:
    folder = dest.parent
    return folder.parent if store.staging_dir(folder.parent) == folder else folder


def read_tables(tables_dir: Path) -> dict[str, list[dict]]:
    """The columns the page needs, as lists of plain Python rows; an absent table reads as empty."""
    tables = {}
    for name, columns in COLUMNS.items():
        path = tables_dir / f"{name}.parquet"
        if not path.exists():
            tables[name] = []
            continue
        present = set(pq.read_schema(path).names)
        optional = [c for c in OPTIONAL_COLUMNS.get(name, []) if c in present]
        tables[name] = pq.read_table(path, columns=columns + optional).to_pylist()
    return tables


def row_counts(tables_dir: Path) -> dict[str, int | None]:
    """Rows per table from the Parquet footers (None for a table that is absent)."""
    counts: dict[str, int | None] = {}
    for name in TABLES:
        path = tables_dir / f"{name}.parquet"
        counts[name] = pq.ParquetFile(path).metadata.num_rows if path.exists() else None
    return counts


def build_report(tables: dict[str, list[dict]], counts: dict[str, int | None] | None = None, *, font_cache: Path | None = None, embed_font: bool = True) -> str:
    """The whole page for `tables` (as returned by read_tables).

    With `embed_font`, a subset of the Japanese font with every character of the page is
    embedded (kept in `font_cache` for the next page with the same characters).
    """
    documents = tables.get("documents", [])
    sentences = tables.get("sentences", [])
    mentions = tables.get("mentions", [])
    entities = tables.get("entities", [])
    claims = tables.get("claims", [])
    facts = tables.get("facts", [])
    rejects = tables.get("rejects", [])
    if counts is None:
        counts = {name: len(tables[name]) if name in tables else None for name in TABLES}

    articles = _articles(documents, sentences)
    entity_by_id = {e["entity_id"]: e for e in entities}
    rows_by_doc: dict[str, dict[str, list[dict]]] = defaultdict(lambda: {"units": [], "mentions": [], "claims": []})
    for name, rows in (("units", sentences), ("mentions", mentions), ("claims", claims)):
        for row in rows:
            rows_by_doc[row["doc_id"]][name].append(row)
    titles = {a.doc_id: a.doc["title"] or a.lead or a.location for a in articles}  # whole: lists cut them to TITLE_CHARS

    shown: set[tuple[str, int]] = set()  # sentences rendered, the targets links may point to
    open_attr = " open" if len(articles) <= OPEN_ARTICLES_UP_TO else ""
    article_html, index_rows = [], []
    page_chars = 0
    for article in articles:
        rows = rows_by_doc.get(article.doc_id, {"units": [], "mentions": [], "claims": []})
        if page_chars >= MAX_PAGE_CHARS:
            body = f'<p class="cut">Text not shown: the page shows the first {page_chars:,} characters of the corpus; this article is in sentences.parquet.</p>\n'
        else:
            marks: dict[int, list[Highlight]] = defaultdict(list)
            for m in rows["mentions"]:
                marks[m["sent_idx"]].append(mention_highlight(m, entity_by_id.get(m["entity_id"])))
            for c in rows["claims"]:
                marks[c["sent_idx"]].append(claim_highlight(c))
            body, rendered = render_article(article.doc_id, rows["units"], marks)
            shown |= {(article.doc_id, i) for i in rendered}
            rendered_set = set(rendered)
            page_chars += sum(len(u["text"]) for u in rows["units"] if u["sent_idx"] in rendered_set)
        counted = (len(rows["mentions"]), len(rows["claims"]))
        article_html.append(_article(article, body, open_attr, *counted, titles))
        index_rows.append(_index_row(article, *counted))
    n_with_text = len({doc_id for doc_id, _ in shown})

    entity_sources = _sources((m["entity_id"], m["doc_id"], m["sent_idx"]) for m in mentions)
    fact_sources = _sources((c["fact_id"], c["doc_id"], c["sent_idx"]) for c in claims if c["fact_id"] is not None)
    links = _Linker({a.doc_id: a.location for a in articles}, titles, shown)
    has_geonames = bool(entities) and "geonames_id" in entities[0]

    body = [
        "<h1>Extraction review</h1>\n",
        '<nav><a href="#index">Articles</a> · <a href="#entities">Entities</a> · <a href="#facts">Facts</a> · '
        '<a href="#rejects">Rejected</a> · <a href="#counts">Rows per table</a></nav>\n',
        _summary(counts),
        _rejects(rejects),
        _article_index(articles, index_rows),
        _legend(),
        f"<section id=\"articles\">\n<h2>Articles ({len(articles):,})</h2>\n",
        f'<p class="hint">Text shown for {n_with_text:,} of {len(articles):,} articles.</p>\n' if n_with_text < len(articles) else "",
        _list_controls("article-list", "search the articles' text", len(articles), ARTICLES_PER_PAGE) if articles else "",
        f'<div id="article-list" class="paged" data-page-size="{ARTICLES_PER_PAGE}">\n', "".join(article_html), "</div>\n</section>\n",
        _entity_index(entities, entity_sources, links, has_geonames),
        _fact_index(facts, fact_sources, links),
        "<script>\n" + _JS + "</script>\n</body>\n</html>\n",
    ]
    head = [
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<title>Extraction review</title>\n<style>\n", _css(),
    ]
    tail = ["</style>\n</head>\n<body>\n", *body]
    if embed_font:
        # every character of the page, markup and script included (they are ASCII, which the subset has anyway)
        subset = webfont.subset_for(html.unescape("".join(head) + "".join(tail)), font_cache)
        head.append(_font_face(subset))
        if subset.missing:
            tail.insert(-1, _missing_glyphs(subset.missing))
    return "".join(head + tail)


def _missing_glyphs(missing: str, shown: int = 40) -> str:
    listed = html.escape(" ".join(missing[:shown])) + (" ..." if len(missing) > shown else "")  # ASCII: the font subset is made before this note
    return (
        f'<p class="hint" id="font-note">{len(missing):,} characters of this page are not in the embedded Japanese font '
        f"(Noto Sans JP) and show in a system font, if there is one: {listed}</p>\n"
    )


def _font_face(subset: webfont.Subset) -> str:
    return (
        f"/* {webfont.licence_note()}; {subset.n_chars:,} characters, subset {subset.key} */\n"
        f'@font-face{{font-family:"{webfont.FAMILY}";src:url({subset.data_url()}) format("woff2");font-display:block}}\n'
    )


# ---------------------------------------------------------------- highlights


def mention_highlight(mention: dict, entity: dict | None) -> Highlight:
    label = mention["label"]
    title = [label]
    if mention.get("label_ene"):
        title.append(mention["label_ene"])
    if entity is not None:
        title.append(f"entity: {entity['name']}")
    if mention.get("role"):
        title.append(f"role: {mention['role']}")
    title.append(f"source: {mention['source']}")
    return Highlight(
        mention["start"], mention["end"], f"ent ent-{_css_name(label)}", label, " | ".join(title),
        ref=f"e-{mention['entity_id']}" if entity is not None else None, rank=0,
    )


def claim_highlight(claim: dict) -> Highlight:
    kind = claim["kind"]
    title = [
        kind,
        f"value: {format_value(claim)}",
        f"unit: {claim['unit'] or '—'}",
        f"subject: {claim['subject'] or '—'}",
    ]
    for key in ("actor", "base", "time", "date"):
        if claim.get(key):
            title.append(f"{key}: {claim[key]}")
    title.append(f"fact: {claim['fact_id'] or '—'}")
    return Highlight(
        claim["start"], claim["end"], f"claim claim-{_css_name(kind)}", kind, " | ".join(title),
        ref=f"f-{claim['fact_id']}" if claim["fact_id"] else None, rank=1,
    )


def format_value(row: dict) -> str:
    """A claim's or fact's value for people: 76,000 · ≈200 · 2–3 · ≥5 · — when there is none."""
    value, low, high = row.get("value"), row.get("value_low"), row.get("value_high")
    grouped = row.get("kind") != "date"  # 1949, not 1,949
    if value is not None:
        text = _number(value, grouped)
    elif low is not None or high is not None:
        text = f"{_number(low, grouped) if low is not None else '…'}–{_number(high, grouped) if high is not None else '…'}"
    else:
        text = "—"
    if row.get("bound"):
        text = BOUND_SIGNS.get(row["bound"], row["bound"] + " ") + text
    if row.get("approx"):
        text = "≈" + text
    if row.get("vague"):
        text += " (vague)"
    return text


def _number(value: float, grouped: bool = True) -> str:
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}" if grouped else str(int(value))
    return f"{value:,.10g}" if grouped else f"{value:.10g}"


def render_text(text: str, offset: int, highlights: list[Highlight]) -> str:
    """`text` (starting at `offset` in the original) as escaped HTML with `highlights` marked.

    Marks nest when one span holds another. Spans that cross are split: the mark is closed
    where the other ends and reopened after it, so the HTML stays well formed; only a span's
    last piece carries its label. Spans are clipped to the text; empty ones are dropped.
    """
    end_of_text = offset + len(text)
    spans = []
    for h in highlights:
        start, end = max(h.start, offset), min(h.end, end_of_text)
        if start < end:
            spans.append((start, end, h))
    spans.sort(key=lambda s: (s[0], -s[1], s[2].rank, s[2].css, s[2].label, s[2].title))
    bounds = sorted({offset, end_of_text} | {s[0] for s in spans} | {s[1] for s in spans})
    starting: dict[int, list] = defaultdict(list)
    for span in spans:
        starting[span[0]].append(span)

    out: list[str] = []
    stack: list[tuple] = []
    for pos, next_pos in zip(bounds, bounds[1:] + [None]):
        if any(span[1] == pos for span in stack):
            reopen = []
            while any(span[1] == pos for span in stack):
                span = stack.pop()
                out.append(_close(span, final=span[1] == pos))
                if span[1] != pos:
                    reopen.append(span)
            for span in reversed(reopen):
                out.append(_open(span))
                stack.append(span)
        for span in starting.get(pos, []):
            out.append(_open(span))
            stack.append(span)
        if next_pos is not None:
            out.append(html.escape(text[pos - offset : next_pos - offset]))
    return "".join(out)


def _open(span: tuple) -> str:
    h: Highlight = span[2]
    ref = f' data-ref="{_attr(h.ref)}"' if h.ref else ""
    return f'<mark class="{_attr(h.css)}" title="{_attr(h.title)}"{ref}>'


def _close(span: tuple, final: bool) -> str:
    label = f'<span class="label">{html.escape(span[2].label)}</span>' if final else ""
    return f"{label}</mark>"


# ---------------------------------------------------------------- articles


@dataclass(frozen=True)
class Article:
    """A distinct document (files with the same bytes share one), from its first documents row."""

    doc_id: str
    doc: dict
    locations: tuple[str, ...]  # path, or path:row for a row of a JSON Lines or CSV file; the first is the article's
    lead: str | None = None  # its first unit of text, the title of an article without one

    @property
    def location(self) -> str:
        return self.locations[0]

    @property
    def titled(self) -> bool:
        return bool(self.doc["title"])

    @property
    def title(self) -> str:
        """Its title, else the start of its text (cut to TITLE_CHARS), else its file."""
        return self.doc["title"] or (_short(self.lead) if self.lead else self.location)

    def title_html(self) -> str:
        return html.escape(self.title) if self.titled else f'<span class="untitled">{html.escape(self.title)}</span>'

    @property
    def published(self) -> str:
        return self.doc["published"].isoformat() if self.doc["published"] is not None else ""


def _location(doc: dict) -> str:
    return doc["path"] if doc.get("row") is None else f"{doc['path']}:{doc['row']}"


def _articles(documents: list[dict], sentences: list[dict]) -> list[Article]:
    """One per distinct document, in path (and row) order."""
    by_id: dict[str, list[dict]] = {}
    for doc in sorted(documents, key=lambda d: (d["path"], -1 if d.get("row") is None else d["row"])):
        by_id.setdefault(doc["doc_id"], []).append(doc)
    leads: dict[str, tuple[int, str]] = {}
    for unit in sentences:
        if unit["doc_id"] in by_id and not by_id[unit["doc_id"]][0]["title"] and unit["analysed"] and unit["text"].strip():
            lead = leads.get(unit["doc_id"])
            if lead is None or unit["sent_idx"] < lead[0]:
                leads[unit["doc_id"]] = (unit["sent_idx"], " ".join(unit["text"].split()))
    return [
        Article(doc_id, rows[0], tuple(_location(d) for d in rows), leads[doc_id][1] if doc_id in leads else None)
        for doc_id, rows in by_id.items()
    ]


def render_article(doc_id: str, units: list[dict], by_sentence: dict[int, list[Highlight]]) -> tuple[str, list[int]]:
    """The article's paragraphs as HTML, and the sent_idx of the units shown (the text is cut at MAX_DOC_CHARS).

    `by_sentence` maps a unit's sent_idx to the highlights standing in it.
    """
    units = sorted(units, key=lambda u: u["sent_idx"])
    out: list[str] = []
    shown: list[int] = []
    chars = 0
    para = None
    previous_end = None
    for unit in units:
        if chars + len(unit["text"]) > MAX_DOC_CHARS and shown:
            break
        if unit["para_idx"] != para:
            if para is not None:
                out.append("</p>\n")
            out.append(f'<p class="para" data-para="{unit["para_idx"]}">')
            para, previous_end = unit["para_idx"], None
        if previous_end is not None and unit["start"] > previous_end:
            out.append(" ")  # the original had something (a line break, spaces) between the units
        flags = unit["flags"] or []
        classes = ["s", *(f"f-{_css_name(f)}" for f in flags)] + ([] if unit["analysed"] else ["na"])
        out.append(
            f'<span class="{" ".join(classes)}" id="d-{_attr(doc_id)}-s-{unit["sent_idx"]}">'
            f'{render_text(unit["text"], unit["start"], by_sentence.get(unit["sent_idx"], []))}</span>'
        )
        shown.append(unit["sent_idx"])
        chars += len(unit["text"])
        previous_end = unit["end"]
    if para is not None:
        out.append("</p>\n")
    hidden = units[len(shown):]
    if hidden:
        out.append(
            f'<p class="cut">… {len(hidden):,} more {"unit" if len(hidden) == 1 else "units"} ({sum(len(u["text"]) for u in hidden):,} characters) '
            f"not shown here; they are in sentences.parquet.</p>\n"
        )
    if not units:
        out.append('<p class="cut">No text units for this document.</p>\n')
    return "".join(out), shown


def _article(article: Article, body: str, open_attr: str, n_mentions: int, n_claims: int, titles: dict[str, str]) -> str:
    doc = article.doc
    meta = [html.escape(article.location), article.published or "no date"]
    if doc.get("source"):
        meta.append(html.escape(doc["source"]))
    meta += [f'{doc["n_chars"]:,} chars', f"{n_mentions:,} mentions", f"{n_claims:,} claims", html.escape(article.doc_id)]
    if len(article.locations) > 1:
        meta.append(f'same bytes as {", ".join(html.escape(p) for p in article.locations[1:])}')
    if doc.get("near_duplicate_of"):
        other = doc["near_duplicate_of"]
        meta.append(f'near-duplicate of <a href="#d-{_attr(other)}">{html.escape(_short(titles.get(other, other)))}</a>')
    if _is_web_address(doc.get("url")):
        meta.append(f'<a href="{_attr(doc["url"])}" rel="noreferrer">original</a>')
    return (
        f'<details class="article item" id="d-{_attr(article.doc_id)}"{open_attr}>\n'
        f'<summary><span class="doc-title">{article.title_html()}</span> '
        f'<span class="meta">{" · ".join(meta)}</span></summary>\n'
        f'<div class="text">\n{body}</div>\n</details>\n'
    )


def _index_row(article: Article, n_mentions: int, n_claims: int) -> str:
    doc = article.doc
    return (
        f'<tr><td><a href="#d-{_attr(article.doc_id)}">{article.title_html()}</a></td>'
        f"<td class=\"date\">{article.published}</td><td>{_cell(doc.get('source'))}</td><td>{html.escape(article.location)}</td>"
        f'<td class="num">{doc["n_chars"]:,}</td><td class="num">{n_mentions:,}</td><td class="num">{n_claims:,}</td></tr>\n'
    )


def _article_index(articles: list[Article], rows: list[str]) -> str:
    head = "<tr><th>title</th><th>published</th><th>source</th><th>file</th><th>chars</th><th>mentions</th><th>claims</th></tr>\n"
    return _index_section("index", f"Index of articles ({len(articles):,})", head, rows, len(articles), "search titles, dates, sources, files")


# ---------------------------------------------------------------- indexes


def _sources(rows) -> dict[str, list[tuple[str, int]]]:
    """key -> sorted distinct (doc_id, sent_idx) it comes from."""
    found: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for key, doc_id, sent_idx in rows:
        found[key].add((doc_id, sent_idx))
    return {key: sorted(places) for key, places in found.items()}


class _Linker:
    """Links to source sentences, grouped by document and named by its title. A sentence cut from
    its article is listed unlinked; sentences of articles shown without text are only counted."""

    def __init__(self, locations: dict[str, str], titles: dict[str, str], shown: set[tuple[str, int]]):
        self.locations = locations  # the order of the groups: the articles' order
        self.titles = titles
        self.shown = shown
        self.with_text = {doc_id for doc_id, _ in shown}

    def __call__(self, places: list[tuple[str, int]]) -> str:
        by_doc: dict[str, list[int]] = defaultdict(list)
        for doc_id, sent_idx in places:
            by_doc[doc_id].append(sent_idx)
        groups = []
        hidden_docs = hidden_places = 0
        for doc_id in sorted(by_doc, key=lambda d: (self.locations.get(d, d), d)):
            if doc_id not in self.with_text:
                hidden_docs, hidden_places = hidden_docs + 1, hidden_places + len(by_doc[doc_id])
                continue
            links = []
            for sent_idx in by_doc[doc_id]:
                if (doc_id, sent_idx) in self.shown:
                    links.append(f'<a href="#d-{_attr(doc_id)}-s-{sent_idx}">s{sent_idx}</a>')
                else:
                    links.append(f'<span class="gone" title="not shown in this page">s{sent_idx}</span>')
            title = self.titles.get(doc_id, doc_id)
            name = f'<span class="doc" title="{_attr(title)}">{html.escape(_short(title))}</span>' if len(title) > TITLE_CHARS else f'<span class="doc">{html.escape(title)}</span>'
            groups.append(f'<span class="src">{name} {" ".join(links)}</span>')
        if hidden_docs:
            groups.append(f'<span class="gone">+{hidden_places:,} in {hidden_docs:,} articles without text on this page</span>')
        text = " ".join(groups)
        if len(places) > LINKS_BEFORE_COLLAPSE:
            return f"<details><summary>{len(places):,} sentences in {len(by_doc):,} documents</summary>{text}</details>"
        return text


def _entity_index(entities: list[dict], sources: dict[str, list[tuple[str, int]]], links: _Linker, has_geonames: bool) -> str:
    rows = []
    for e in sorted(entities, key=lambda e: (-e["n_docs"], -e["n_mentions"], e["name"], e["entity_id"]))[:MAX_INDEX_ROWS]:
        aliases = "、".join(html.escape(a) for a in e["aliases"] or [])
        geonames = f"<td>{_external(e['geonames_id'], GEONAMES_URL, _GEONAMES_ID)}</td>" if has_geonames else ""
        rows.append(
            f'<tr id="e-{_attr(e["entity_id"])}"><td>{html.escape(e["name"])}</td>'
            f'<td><span class="tag ent-{_css_name(e["label"])}">{html.escape(e["label"])}</span></td>'
            f"<td>{aliases}</td><td>{_external(e['wikidata_id'], WIKIDATA_URL, _WIKIDATA_ID)}</td>{geonames}"
            f"<td class=\"num\">{e['n_mentions']:,}</td><td class=\"num\">{e['n_docs']:,}</td>"
            f"<td>{links(sources.get(e['entity_id'], []))}</td></tr>\n"
        )
    head = (
        "<tr><th>name</th><th>label</th><th>aliases</th><th>wikidata</th>" + ("<th>geonames</th>" if has_geonames else "")
        + "<th>mentions</th><th>n_docs</th><th>source sentences</th></tr>\n"
    )
    return _index_section("entities", f"Entities ({len(entities):,})", head, rows, len(entities), "search names, labels, ids")


_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
_GEONAMES_ID = re.compile(r"[1-9][0-9]*")


def _external(value, url: str, pattern: re.Pattern) -> str:
    """An id linked to its page when it has the id's form, else the plain text (empty for null)."""
    if value is None:
        return ""
    text = str(value)
    if pattern.fullmatch(text):
        return f'<a href="{_attr(url.format(text))}" rel="noreferrer">{html.escape(text)}</a>'
    return html.escape(text)


def _fact_index(facts: list[dict], sources: dict[str, list[tuple[str, int]]], links: _Linker) -> str:
    group_sizes: dict[str, int] = defaultdict(int)
    for f in facts:
        if f["conflict_group"]:
            group_sizes[f["conflict_group"]] += 1

    def order(f: dict):
        conflicting = group_sizes.get(f["conflict_group"] or "", 0) > 1
        return (not conflicting, f["conflict_group"] or "", -f["n_docs"], f["subject"] or "", f["value"] if f["value"] is not None else float("inf"), f["fact_id"])

    rows = []
    for f in sorted(facts, key=order)[:MAX_INDEX_ROWS]:
        conflicting = group_sizes.get(f["conflict_group"] or "", 0) > 1
        classes = " ".join(c for c, on in (("conflict", conflicting), ("corroborated", f["n_docs"] >= 2)) if on)
        surfaces = "、".join(html.escape(s) for s in f["surfaces"] or [])
        value = f["date"] if f["kind"] == "date" and f.get("date") else format_value(f)
        rows.append(
            f'<tr id="f-{_attr(f["fact_id"])}" class="{classes}">'
            f"<td>{_cell(f['subject'])}</td><td>{_cell(f['actor'])}</td>"
            f'<td><span class="tag claim-{_css_name(f["kind"])}">{html.escape(f["kind"])}</span></td>'
            f"<td class=\"num\">{html.escape(value)}</td><td>{_cell(f['unit'])}</td><td>{_cell(f['base'])}</td><td>{_cell(f.get('time'))}</td>"
            f"<td class=\"num\">{f['n_docs']:,}</td><td>{_cell(f['conflict_group'])}</td><td>{surfaces}</td>"
            f"<td>{links(sources.get(f['fact_id'], []))}</td></tr>\n"
        )
    head = (
        "<tr><th>subject</th><th>actor</th><th>kind</th><th>value</th><th>unit</th><th>base</th><th>time</th>"
        "<th>n_docs</th><th>conflict_group</th><th>surfaces</th><th>source sentences</th></tr>\n"
    )
    n_corroborated = sum(1 for f in facts if f["n_docs"] >= 2)
    n_groups = sum(1 for size in group_sizes.values() if size > 1)
    title = f"Facts ({len(facts):,}; {n_corroborated:,} stated by two or more articles; {n_groups:,} conflict groups)"
    return _index_section("facts", title, head, rows, len(facts), "search subjects, actors, values, surfaces")


def _index_section(anchor: str, title: str, head: str, rows: list[str], total: int, placeholder: str) -> str:
    """A section with a searchable, paged table of `rows` (the first MAX_INDEX_ROWS of `total`)."""
    if not rows:
        return f'<section id="{anchor}">\n<h2>{html.escape(title)}</h2>\n<p class="empty">None.</p>\n</section>\n'
    more = f'<p class="hint">The first {len(rows):,} rows; all {total:,} are in {anchor}.parquet.</p>\n' if total > len(rows) else ""
    table_id = f"{anchor}-table"
    return (
        f'<section id="{anchor}">\n<h2>{html.escape(title)}</h2>\n{more}'
        f"{_list_controls(table_id, placeholder, len(rows), PAGE_SIZE)}"
        f'<table id="{table_id}" class="paged" data-page-size="{PAGE_SIZE}">\n<thead>{head}</thead>\n<tbody>\n{"".join(rows)}</tbody>\n</table>\n</section>\n'
    )


def _list_controls(target: str, placeholder: str, n_items: int, page_size: int) -> str:
    """The search box and pager of a paged list (the script fills the pager; without script every row shows)."""
    return (
        f'<div class="controls"><input class="filter" type="search" placeholder="{_attr(placeholder)}" data-for="{target}"> '
        f'<span class="pager" data-for="{target}">{n_items:,} rows</span></div>\n'
    )


# ---------------------------------------------------------------- top of the page


def _summary(counts: dict[str, int | None]) -> str:
    names = "".join(f"<th>{html.escape(name)}</th>" for name in counts)
    values = "".join(f"<td class=\"num\">{'absent' if n is None else f'{n:,}'}</td>" for n in counts.values())
    return f'<section id="counts">\n<h2>Rows per table</h2>\n<table class="counts"><tr>{names}</tr><tr>{values}</tr></table>\n</section>\n'


def _rejects(rejects: list[dict]) -> str:
    if not rejects:
        return '<section id="rejects">\n<h2>Rejected files (0)</h2>\n<p class="empty">Every file found was analysed.</p>\n</section>\n'
    rows = [
        f"<tr><td>{html.escape(_location(r))}</td><td>{html.escape(r['reason'])}</td><td>{html.escape(r['detail'])}</td></tr>\n"
        for r in sorted(rejects, key=lambda r: (r["path"], -1 if r.get("row") is None else r["row"]))
    ]
    head = "<tr><th>file</th><th>reason</th><th>detail</th></tr>\n"
    return _index_section("rejects", f"Rejected files ({len(rejects):,})", head, rows[:MAX_INDEX_ROWS], len(rejects), "search files and reasons")


def _legend() -> str:
    ents = "".join(f'<mark class="ent ent-{k}">{k}</mark> ' for k in ENTITY_COLOURS)
    claims = "".join(f'<mark class="claim claim-{k}">{k}</mark> ' for k in CLAIM_COLOURS)
    return (
        '<section id="legend">\n<p><b>Entities</b> ' + ents + "</p>\n<p><b>Claims</b> " + claims + "</p>\n"
        "<p class=\"hint\">Hover a mark for its details; click it to jump to its entity or fact. "
        "Grey text was not analysed (boilerplate, foreign or reference units).</p>\n</section>\n"
    )


def _css() -> str:
    rules = [_CSS.replace("FONT_FAMILY", f'"{webfont.FAMILY}"')]
    rules += [f".ent-{k}{{background:{c}}}\n" for k, c in ENTITY_COLOURS.items()]
    rules += [f".claim-{k}{{background:{c}}}\n" for k, c in CLAIM_COLOURS.items()]
    return "".join(rules)


# The embedded font first, so the page looks the same everywhere; system Japanese fonts after it for
# what it lacks (Hangul, rare kanji).
_CSS = """\
body{font-family:FONT_FAMILY,"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;color:#222;line-height:1.6}
input,button{font-family:inherit}
[hidden]{display:none!important}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
nav{color:#999}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.2em .5em;vertical-align:top;text-align:left}
td.num{text-align:right;white-space:nowrap}td.date{white-space:nowrap}
table.counts th{font-weight:normal;color:#555}
.article{border:1px solid #ddd;border-radius:4px;margin:.6em 0;padding:.3em .8em}
.article summary{cursor:pointer}
.doc-title{font-weight:bold}.meta{color:#666;font-size:.85em}.untitled{font-style:italic;font-weight:normal}
.text .para{white-space:pre-wrap;margin:.5em 0}
.s:target{outline:2px solid #e33;background:#fff3f3}
.s.f-heading{font-weight:bold;font-size:1.1em;display:block}
.s.f-list_item,.s.f-caption,.s.f-dateline,.s.f-credit,.s.f-kicker{display:block}
.s.na{color:#888}
mark{padding:.1em .25em;margin:0 .1em;border-radius:.3em;line-height:2;color:inherit;box-decoration-break:clone;-webkit-box-decoration-break:clone}
mark[data-ref]{cursor:pointer}
mark .label{font-size:.6em;font-weight:bold;line-height:1;text-transform:uppercase;vertical-align:middle;margin-left:.4em;color:#333;user-select:none}
mark.claim{border-bottom:2px solid #555}
.tag{padding:0 .3em;border-radius:.3em;font-size:.85em}
.src{margin-right:.8em;white-space:nowrap}.src .doc{color:#666;font-size:.85em}
.gone{color:#999}
tr.conflict td{background:#fff0f0}tr.corroborated td:nth-child(8){font-weight:bold}
tr:target td{outline:2px solid #e33}
.cut,.empty,.hint{color:#777;font-style:italic}
.controls{margin:.3em 0}
.filter{padding:.2em;width:20em}
.pager{color:#555;font-size:.9em;margin-left:.6em}
.pager button{margin:0 .2em}
"""

# Every list marked `paged` (a table's body rows, or a container's `.item` children) gets the search
# box and pager of its `data-for` controls. A link into a hidden row turns to its page first.
_JS = """\
var pagers=[];
function Pager(list){
  this.list=list; this.size=+list.getAttribute('data-page-size')||50; this.page=0; this.query=''; this.texts=null;
  this.items=Array.prototype.slice.call(list.tBodies?list.tBodies[0].rows:list.querySelectorAll(':scope > .item'));
  this.box=document.querySelector('.filter[data-for="'+list.id+'"]');
  this.bar=document.querySelector('.pager[data-for="'+list.id+'"]');
  var self=this;
  if(this.box) this.box.addEventListener('input',function(){self.query=self.box.value.trim().toLowerCase(); self.page=0; self.render();});
  if(this.bar) this.bar.addEventListener('click',function(ev){
    var go=ev.target.getAttribute&&ev.target.getAttribute('data-go'); if(!go) return;
    var pages=self.pages(self.matching().length);
    self.page=go==='first'?0:go==='last'?pages-1:Math.min(pages-1,Math.max(0,self.page+(go==='next'?1:-1)));
    self.render(); self.list.scrollIntoView({block:'nearest'});
  });
}
Pager.prototype.pages=function(n){return Math.max(1,Math.ceil(n/this.size));};
Pager.prototype.matching=function(){
  if(!this.query) return this.items;
  if(!this.texts) this.texts=this.items.map(function(item){return item.textContent.toLowerCase();});
  var q=this.query, texts=this.texts;
  return this.items.filter(function(item,k){return texts[k].indexOf(q)>=0;});
};
Pager.prototype.render=function(){
  var found=this.matching(), pages=this.pages(found.length);
  if(this.page>=pages) this.page=pages-1;
  var first=this.page*this.size, shown=new Set(found.slice(first,first+this.size));
  this.items.forEach(function(item){item.hidden=!shown.has(item);});
  if(!this.bar) return;
  var n=function(x){return x.toLocaleString('en-US');};
  var what=found.length?n(first+1)+'\\u2013'+n(Math.min(found.length,first+this.size))+' of '+n(found.length):'none of '+n(this.items.length);
  if(this.query&&found.length) what+=' found ('+n(this.items.length)+' in all)';
  var buttons=pages>1?' <button data-go="first">\\u00ab</button><button data-go="prev">\\u2039</button> page '+n(this.page+1)+' of '+n(pages)+' <button data-go="next">\\u203a</button><button data-go="last">\\u00bb</button>':'';
  this.bar.innerHTML=what+buttons;
};
Pager.prototype.show=function(el){
  var item=this.items.filter(function(item){return item.contains(el);})[0]; if(!item) return;
  var k=this.matching().indexOf(item);
  if(k<0){this.query=''; if(this.box) this.box.value=''; k=this.items.indexOf(item);}
  this.page=Math.floor(k/this.size); this.render();
};
document.querySelectorAll('.paged').forEach(function(list){var p=new Pager(list); pagers.push(p); p.render();});
function openTarget(){
  var id=decodeURIComponent(location.hash.slice(1)); if(!id) return;
  var el=document.getElementById(id); if(!el) return;
  pagers.forEach(function(p){if(p.list.contains(el)) p.show(el);});
  for(var d=el.closest('details'); d; d=d.parentElement&&d.parentElement.closest('details')) d.open=true;
  el.scrollIntoView({block:'center'});
}
window.addEventListener('hashchange',openTarget);
window.addEventListener('DOMContentLoaded',openTarget);
document.addEventListener('click',function(ev){
  var m=ev.target.closest('mark[data-ref]');
  if(m && !String(window.getSelection())) location.hash=m.getAttribute('data-ref');
  var a=ev.target.closest('a[href^="#"]');
  if(a && a.getAttribute('href')===location.hash) openTarget();  // the same link again: no hashchange
});
"""


def _css_name(value: str) -> str:
    if value.isascii() and value.replace("_", "").replace("-", "").isalnum():
        return value  # the usual case, without the regex
    return re.sub(r"[^A-Za-z0-9_-]", "_", value)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _cell(value) -> str:
    return html.escape(str(value)) if value is not None else ""


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


def _is_web_address(value) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))
