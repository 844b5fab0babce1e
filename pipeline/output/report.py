"""The review report: one self-contained HTML page over the tables of a run.

Per article, the text rebuilt from its `sentences` rows with entity mentions and numeric claims
highlighted in place (displaCy-style marks); above, the row counts and the rejected files;
below, an index of entities and one of facts, each linking to every sentence it comes from
(anchors `#d-<doc_id>-s-<sent_idx>`). No network: CSS and JS are inline. The same tables give
the same bytes.
"""

from __future__ import annotations

import html
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

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

# Limits that keep the page small and quick to open for thousands of articles; what is not shown
# is counted on the page and stays in the Parquet files.
MAX_DOC_CHARS = 20_000  # text shown per article
MAX_PAGE_CHARS = 1_000_000  # text shown over all articles (then articles are listed without text)
MAX_INDEX_ROWS = 2_000  # rows of the entity index and of the fact index
OPEN_ARTICLES_UP_TO = 10  # small runs show every article open; larger ones collapse them
LINKS_BEFORE_COLLAPSE = 12  # an index row with more source sentences folds them into <details>

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


def write_report(tables_dir: Path, dest: Path) -> None:
    """Read the run's tables in `tables_dir` and write the review page to `dest`."""
    page = build_report(read_tables(Path(tables_dir)), row_counts(Path(tables_dir)))
    dest = Path(dest)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_text(page, encoding="utf-8", newline="\n")
    os.replace(tmp, dest)


def read_tables(tables_dir: Path) -> dict[str, list[dict]]:
    """The columns the page needs, as lists of plain Python rows; an absent table reads as empty."""
    tables = {}
    for name, columns in COLUMNS.items():
        path = tables_dir / f"{name}.parquet"
        tables[name] = pq.read_table(path, columns=columns).to_pylist() if path.exists() else []
    return tables


def row_counts(tables_dir: Path) -> dict[str, int | None]:
    """Rows per table from the Parquet footers (None for a table that is absent)."""
    counts: dict[str, int | None] = {}
    for name in TABLES:
        path = tables_dir / f"{name}.parquet"
        counts[name] = pq.ParquetFile(path).metadata.num_rows if path.exists() else None
    return counts


def build_report(tables: dict[str, list[dict]], counts: dict[str, int | None] | None = None) -> str:
    """The whole page for `tables` (as returned by read_tables)."""
    documents = tables.get("documents", [])
    sentences = tables.get("sentences", [])
    mentions = tables.get("mentions", [])
    entities = tables.get("entities", [])
    claims = tables.get("claims", [])
    facts = tables.get("facts", [])
    rejects = tables.get("rejects", [])
    if counts is None:
        counts = {name: len(tables[name]) if name in tables else None for name in TABLES}

    articles = _articles(documents)
    entity_by_id = {e["entity_id"]: e for e in entities}
    rows_by_doc: dict[str, dict[str, list[dict]]] = defaultdict(lambda: {"units": [], "mentions": [], "claims": []})
    for name, rows in (("units", sentences), ("mentions", mentions), ("claims", claims)):
        for row in rows:
            rows_by_doc[row["doc_id"]][name].append(row)

    shown: set[tuple[str, int]] = set()  # sentences rendered, the targets links may point to
    open_attr = " open" if len(articles) <= OPEN_ARTICLES_UP_TO else ""
    article_html = []
    page_chars = 0
    for doc_id, paths, doc in articles:
        rows = rows_by_doc.get(doc_id, {"units": [], "mentions": [], "claims": []})
        if page_chars >= MAX_PAGE_CHARS:
            body = f'<p class="cut">Text not shown: the page shows the first {page_chars:,} characters of the corpus; this article is in sentences.parquet.</p>\n'
        else:
            marks: dict[int, list[Highlight]] = defaultdict(list)
            for m in rows["mentions"]:
                marks[m["sent_idx"]].append(mention_highlight(m, entity_by_id.get(m["entity_id"])))
            for c in rows["claims"]:
                marks[c["sent_idx"]].append(claim_highlight(c))
            body, rendered = render_article(doc_id, rows["units"], marks)
            shown |= {(doc_id, i) for i in rendered}
            page_chars += sum(len(u["text"]) for u in rows["units"] if u["sent_idx"] in set(rendered))
        article_html.append(_article(doc_id, paths, doc, body, open_attr, len(rows["mentions"]), len(rows["claims"])))
    n_with_text = len({doc_id for doc_id, _ in shown})

    doc_names = {doc_id: paths[0] for doc_id, paths, _ in articles}
    entity_sources = _sources((m["entity_id"], m["doc_id"], m["sent_idx"]) for m in mentions)
    fact_sources = _sources((c["fact_id"], c["doc_id"], c["sent_idx"]) for c in claims if c["fact_id"] is not None)
    links = _Linker(doc_names, shown)

    parts = [
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<title>Extraction review</title>\n<style>\n", _css(), "</style>\n</head>\n<body>\n",
        "<h1>Extraction review</h1>\n",
        _summary(counts),
        _rejects(rejects),
        _legend(),
        f"<section id=\"articles\">\n<h2>Articles ({len(articles):,})</h2>\n",
        f'<p class="hint">Text shown for {n_with_text:,} of {len(articles):,} articles.</p>\n' if n_with_text < len(articles) else "",
        "".join(article_html), "</section>\n",
        _entity_index(entities, entity_sources, links),
        _fact_index(facts, fact_sources, links),
        "<script>\n", _JS, "</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


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


def _articles(documents: list[dict]) -> list[tuple[str, list[str], dict]]:
    """(doc_id, its paths, its first document row) per distinct document, in path order."""
    by_id: dict[str, list[dict]] = {}
    for doc in sorted(documents, key=lambda d: d["path"]):
        by_id.setdefault(doc["doc_id"], []).append(doc)
    return [(doc_id, [d["path"] for d in rows], rows[0]) for doc_id, rows in by_id.items()]


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


def _article(doc_id: str, paths: list[str], doc: dict, body: str, open_attr: str, n_ents: int, n_claims: int) -> str:
    title = doc["title"] or paths[0]
    published = doc["published"].isoformat() if doc["published"] is not None else "no date"
    also = f' · same bytes as {", ".join(html.escape(p) for p in paths[1:])}' if len(paths) > 1 else ""
    return (
        f'<details class="article" id="d-{_attr(doc_id)}"{open_attr}>\n'
        f'<summary><span class="doc-title">{html.escape(title)}</span> '
        f'<span class="meta">{html.escape(paths[0])} · {published} · {doc["n_chars"]:,} chars · '
        f"{n_ents} entities · {n_claims} claims · {html.escape(doc_id)}{also}</span></summary>\n"
        f'<div class="text">\n{body}</div>\n</details>\n'
    )


# ---------------------------------------------------------------- indexes


def _sources(rows) -> dict[str, list[tuple[str, int]]]:
    """key -> sorted distinct (doc_id, sent_idx) it comes from."""
    found: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for key, doc_id, sent_idx in rows:
        found[key].add((doc_id, sent_idx))
    return {key: sorted(places) for key, places in found.items()}


class _Linker:
    """Links to source sentences, grouped by document. A sentence cut from its article is listed
    unlinked; sentences of articles shown without text are only counted."""

    def __init__(self, doc_names: dict[str, str], shown: set[tuple[str, int]]):
        self.doc_names = doc_names
        self.shown = shown
        self.with_text = {doc_id for doc_id, _ in shown}

    def __call__(self, places: list[tuple[str, int]]) -> str:
        by_doc: dict[str, list[int]] = defaultdict(list)
        for doc_id, sent_idx in places:
            by_doc[doc_id].append(sent_idx)
        groups = []
        hidden_docs = hidden_places = 0
        for doc_id in sorted(by_doc, key=lambda d: (self.doc_names.get(d, d), d)):
            if doc_id not in self.with_text:
                hidden_docs, hidden_places = hidden_docs + 1, hidden_places + len(by_doc[doc_id])
                continue
            links = []
            for sent_idx in by_doc[doc_id]:
                if (doc_id, sent_idx) in self.shown:
                    links.append(f'<a href="#d-{_attr(doc_id)}-s-{sent_idx}">s{sent_idx}</a>')
                else:
                    links.append(f'<span class="gone" title="not shown in this page">s{sent_idx}</span>')
            groups.append(f'<span class="src"><span class="doc">{html.escape(self.doc_names.get(doc_id, doc_id))}</span> {" ".join(links)}</span>')
        if hidden_docs:
            groups.append(f'<span class="gone">+{hidden_places:,} in {hidden_docs:,} articles without text on this page</span>')
        text = " ".join(groups)
        if len(places) > LINKS_BEFORE_COLLAPSE:
            return f"<details><summary>{len(places):,} sentences in {len(by_doc):,} documents</summary>{text}</details>"
        return text


def _entity_index(entities: list[dict], sources: dict[str, list[tuple[str, int]]], links: _Linker) -> str:
    rows = []
    for e in sorted(entities, key=lambda e: (-e["n_docs"], -e["n_mentions"], e["name"], e["entity_id"]))[:MAX_INDEX_ROWS]:
        aliases = "、".join(html.escape(a) for a in e["aliases"] or [])
        wikidata = html.escape(e["wikidata_id"]) if e["wikidata_id"] else ""
        rows.append(
            f'<tr id="e-{_attr(e["entity_id"])}"><td>{html.escape(e["name"])}</td>'
            f'<td><span class="tag ent-{_css_name(e["label"])}">{html.escape(e["label"])}</span></td>'
            f"<td>{aliases}</td><td>{wikidata}</td><td class=\"num\">{e['n_mentions']:,}</td><td class=\"num\">{e['n_docs']:,}</td>"
            f"<td>{links(sources.get(e['entity_id'], []))}</td></tr>\n"
        )
    head = "<tr><th>name</th><th>label</th><th>aliases</th><th>wikidata</th><th>mentions</th><th>n_docs</th><th>source sentences</th></tr>\n"
    return _index_section("entities", f"Entities ({len(entities):,})", head, rows, len(entities))


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
        rows.append(
            f'<tr id="f-{_attr(f["fact_id"])}" class="{classes}">'
            f"<td>{_cell(f['subject'])}</td><td>{_cell(f['actor'])}</td>"
            f'<td><span class="tag claim-{_css_name(f["kind"])}">{html.escape(f["kind"])}</span></td>'
            f"<td class=\"num\">{html.escape(format_value(f))}</td><td>{_cell(f['unit'])}</td><td>{_cell(f['base'])}</td>"
            f"<td class=\"num\">{f['n_docs']:,}</td><td>{_cell(f['conflict_group'])}</td><td>{surfaces}</td>"
            f"<td>{links(sources.get(f['fact_id'], []))}</td></tr>\n"
        )
    head = (
        "<tr><th>subject</th><th>actor</th><th>kind</th><th>value</th><th>unit</th><th>base</th>"
        "<th>n_docs</th><th>conflict_group</th><th>surfaces</th><th>source sentences</th></tr>\n"
    )
    n_corroborated = sum(1 for f in facts if f["n_docs"] >= 2)
    n_groups = sum(1 for size in group_sizes.values() if size > 1)
    title = f"Facts ({len(facts):,}; {n_corroborated:,} stated by two or more articles; {n_groups:,} conflict groups)"
    return _index_section("facts", title, head, rows, len(facts))


def _index_section(anchor: str, title: str, head: str, rows: list[str], total: int) -> str:
    if not rows:
        return f'<section id="{anchor}">\n<h2>{html.escape(title)}</h2>\n<p class="empty">None.</p>\n</section>\n'
    more = f'<p class="hint">The first {len(rows):,} rows; all {total:,} are in {anchor}.parquet.</p>\n' if total > len(rows) else ""
    return (
        f'<section id="{anchor}">\n<h2>{html.escape(title)}</h2>\n{more}'
        f'<input class="filter" type="search" placeholder="filter rows" data-table="{anchor}-table">\n'
        f'<table id="{anchor}-table">\n<thead>{head}</thead>\n<tbody>\n{"".join(rows)}</tbody>\n</table>\n</section>\n'
    )


# ---------------------------------------------------------------- top of the page


def _summary(counts: dict[str, int | None]) -> str:
    names = "".join(f"<th>{html.escape(name)}</th>" for name in counts)
    values = "".join(f"<td class=\"num\">{'absent' if n is None else f'{n:,}'}</td>" for n in counts.values())
    return f'<section id="counts">\n<h2>Rows per table</h2>\n<table class="counts"><tr>{names}</tr><tr>{values}</tr></table>\n</section>\n'


def _rejects(rejects: list[dict]) -> str:
    if not rejects:
        return '<section id="rejects">\n<h2>Rejected files (0)</h2>\n<p class="empty">Every file found was analysed.</p>\n</section>\n'
    rows = "".join(
        f"<tr><td>{html.escape(r['path'])}</td><td>{html.escape(r['reason'])}</td><td>{html.escape(r['detail'])}</td></tr>\n"
        for r in sorted(rejects, key=lambda r: r["path"])
    )
    return (
        f'<section id="rejects">\n<h2>Rejected files ({len(rejects):,})</h2>\n'
        f"<table>\n<thead><tr><th>path</th><th>reason</th><th>detail</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</section>\n"
    )


def _legend() -> str:
    ents = "".join(f'<mark class="ent ent-{k}">{k}</mark> ' for k in ENTITY_COLOURS)
    claims = "".join(f'<mark class="claim claim-{k}">{k}</mark> ' for k in CLAIM_COLOURS)
    return (
        '<section id="legend">\n<p><b>Entities</b> ' + ents + "</p>\n<p><b>Claims</b> " + claims + "</p>\n"
        "<p class=\"hint\">Hover a mark for its details; click it to jump to its entity or fact. "
        "Grey text was not analysed (boilerplate, foreign or reference units).</p>\n</section>\n"
    )


def _css() -> str:
    rules = [_CSS]
    rules += [f".ent-{k}{{background:{c}}}\n" for k, c in ENTITY_COLOURS.items()]
    rules += [f".claim-{k}{{background:{c}}}\n" for k, c in CLAIM_COLOURS.items()]
    return "".join(rules)


_CSS = """\
body{font-family:"Hiragino Sans","Noto Sans CJK JP","Yu Gothic","IPAexGothic","Noto Sans JP",sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;color:#222;line-height:1.6}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.2em .5em;vertical-align:top;text-align:left}
td.num{text-align:right;white-space:nowrap}
table.counts th{font-weight:normal;color:#555}
.article{border:1px solid #ddd;border-radius:4px;margin:.6em 0;padding:.3em .8em}
.article summary{cursor:pointer}
.doc-title{font-weight:bold}.meta{color:#666;font-size:.85em}
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
tr.conflict td{background:#fff0f0}tr.corroborated td:nth-child(7){font-weight:bold}
tr:target td{outline:2px solid #e33}
.cut,.empty,.hint{color:#777;font-style:italic}
.filter{margin:.3em 0;padding:.2em;width:20em}
"""

_JS = """\
function openTarget(){
  var id=decodeURIComponent(location.hash.slice(1)); if(!id) return;
  var el=document.getElementById(id); if(!el) return;
  for(var d=el.closest('details'); d; d=d.parentElement&&d.parentElement.closest('details')) d.open=true;
  el.scrollIntoView({block:'center'});
}
window.addEventListener('hashchange',openTarget);
window.addEventListener('DOMContentLoaded',openTarget);
document.addEventListener('click',function(ev){
  var m=ev.target.closest('mark[data-ref]');
  if(m && !String(window.getSelection())) location.hash=m.getAttribute('data-ref');
});
document.addEventListener('input',function(ev){
  var box=ev.target; if(!box.classList.contains('filter')) return;
  var q=box.value.toLowerCase(), rows=document.getElementById(box.getAttribute('data-table')).tBodies[0].rows;
  for(var i=0;i<rows.length;i++) rows[i].style.display=rows[i].textContent.toLowerCase().indexOf(q)<0?'none':'';
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
