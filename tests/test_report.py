"""The review report: exact markup of the HTML builder, and the page as headless Chromium sees it.

The synthetic outputs below (two short articles cut from the seeds, one duplicate file, one
reject) are built through pipeline.output.schemas.to_arrow, so they obey the declared schemas and
offsets; test_notebook.py and test_readers.py use them too.
"""

from __future__ import annotations

import base64
import datetime
import html as html_module
import importlib.util
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from fontTools.ttLib import TTFont

from pipeline.ids import stable_id
from pipeline.output import report, schemas, webfont
from pipeline.output.report import Highlight, claim_highlight, format_value, mention_highlight, render_text, write_report

ROOT = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------- synthetic outputs

DOC_A = (
    "NATOの「頭脳流出」\n\n"
    "2026年1月20日、米国国防総省は欧州の同盟国に対し、NATOの約30の重要組織から約200名の要員を撤収する計画を正式に通知した。"
    "この200のポジションは、アメリカがヨーロッパに駐留する約8万の軍隊に比べれば、ほんのわずかな数に過ぎない。\n"
)
DOC_B = (
    "SHARE:\n\n"
    "コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか\n\n"
    "NATO加盟国は2035年までに国防費をGDP比5%に引き上げる。米国はヨーロッパに駐留する7万6千人の部隊を維持し、約200名の要員を撤収する。\n"
)
ID_A, ID_B = "a000000000000001", "b000000000000002"
ORIGINALS = {ID_A: DOC_A, ID_B: DOC_B}
# (doc_id, para_idx, text, flags, analysed)
UNITS = [
    (ID_A, 0, "NATOの「頭脳流出」", ["heading"], True),
    (ID_A, 1, "2026年1月20日、米国国防総省は欧州の同盟国に対し、NATOの約30の重要組織から約200名の要員を撤収する計画を正式に通知した。", [], True),
    (ID_A, 1, "この200のポジションは、アメリカがヨーロッパに駐留する約8万の軍隊に比べれば、ほんのわずかな数に過ぎない。", [], True),
    (ID_B, 0, "SHARE:", ["boilerplate"], False),
    (ID_B, 1, "コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか", ["heading"], True),
    (ID_B, 2, "NATO加盟国は2035年までに国防費をGDP比5%に引き上げる。", [], True),
    (ID_B, 2, "米国はヨーロッパに駐留する7万6千人の部隊を維持し、約200名の要員を撤収する。", [], True),
]
ENTITY_NAMES = {"NATO": "ORG", "米国": "GPE", "米国国防総省": "ORG", "ヨーロッパ": "LOC", "GDP": "OTHER"}
GEONAMES = {"米国": 6252001, "ヨーロッパ": 6255148}  # the country and the continent
# (doc_id, sent_idx, surface, label, entity name)
MENTIONS = [
    (ID_A, 0, "NATO", "ORG", "NATO"),
    (ID_A, 1, "米国国防総省", "ORG", "米国国防総省"),
    (ID_A, 1, "NATO", "ORG", "NATO"),
    (ID_A, 2, "アメリカ", "GPE", "米国"),
    (ID_A, 2, "ヨーロッパ", "LOC", "ヨーロッパ"),
    (ID_B, 1, "NATO", "ORG", "NATO"),
    (ID_B, 1, "米国", "GPE", "米国"),
    (ID_B, 2, "NATO", "ORG", "NATO"),
    (ID_B, 2, "GDP", "OTHER", "GDP"),  # inside the claim GDP比5%: a nested mark
    (ID_B, 3, "米国", "GPE", "米国"),
    (ID_B, 3, "ヨーロッパ", "LOC", "ヨーロッパ"),
]
FACT_STAFF, FACT_80K, FACT_76K, FACT_GDP = (stable_id("fact", n) for n in ("staff", "80k", "76k", "gdp"))
CONFLICT = stable_id("conflict", "ヨーロッパ駐留米軍")
# (doc_id, sent_idx, surface, fields)
CLAIMS = [
    (ID_A, 1, "2026年1月20日", {"kind": "date", "date": "2026-01-20", "date_precision": "day", "date_anchor": "absolute"}),
    (ID_A, 1, "約30", {"kind": "quantity", "value": 30.0, "approx": True, "subject": "重要組織"}),
    (ID_A, 1, "約200名", {"kind": "quantity", "value": 200.0, "unit": "person", "unit_surface": "名", "approx": True,
                        "subject": "要員", "actor": "米国国防総省", "fact_id": FACT_STAFF}),
    (ID_A, 2, "約8万", {"kind": "quantity", "value": 80000.0, "unit": "person", "approx": True,
                      "subject": "ヨーロッパ駐留米軍", "fact_id": FACT_80K}),
    (ID_B, 2, "2035年", {"kind": "date", "date": "2035", "date_precision": "year", "date_anchor": "absolute", "unit_surface": "年"}),
    (ID_B, 2, "GDP比5%", {"kind": "percent", "value": 5.0, "unit": "percent", "unit_surface": "%", "base": "GDP",
                         "subject": "国防費", "actor": "NATO加盟国", "time": "2035年までに", "fact_id": FACT_GDP}),
    (ID_B, 3, "7万6千人", {"kind": "quantity", "value": 76000.0, "unit": "person", "unit_surface": "人",
                        "subject": "ヨーロッパ駐留米軍", "actor": "米国", "fact_id": FACT_76K}),
    (ID_B, 3, "約200名", {"kind": "quantity", "value": 200.0, "unit": "person", "unit_surface": "名", "approx": True,
                        "subject": "要員", "actor": "米国", "fact_id": FACT_STAFF}),
]


def _units() -> pd.DataFrame:
    rows, cursor, counters = [], {}, {}
    for doc_id, para_idx, text, flags, analysed in UNITS:
        start = ORIGINALS[doc_id].index(text, cursor.get(doc_id, 0))
        cursor[doc_id] = start + len(text)
        sent_idx = counters[doc_id] = counters.get(doc_id, -1) + 1
        rows.append({
            "doc_id": doc_id, "sent_idx": sent_idx, "para_idx": para_idx, "start": start, "end": start + len(text),
            "text": text, "norm_text": text, "lang": "en" if text.isascii() else "ja", "flags": flags, "analysed": analysed,
        })
    return pd.DataFrame(rows)


def _locate(sentences: pd.DataFrame, doc_id: str, sent_idx: int, surface: str) -> tuple[int, int]:
    unit = sentences[(sentences.doc_id == doc_id) & (sentences.sent_idx == sent_idx)].iloc[0]
    start = ORIGINALS[doc_id].index(surface, unit.start, unit.end)
    return start, start + len(surface)


def synthetic_tables() -> dict[str, pd.DataFrame]:
    """Every table of a small run, as frames that pass schemas.to_arrow."""
    sentences = _units()
    documents = pd.DataFrame([
        {"doc_id": ID_A, "path": "000_nato.txt", "title": "NATOの「頭脳流出」", "published": datetime.date(2026, 1, 22),
         "encoding": "utf_8", "n_chars": len(DOC_A), "content_id": "ca00000000000001", "status": "ok", "input_format": "txt"},
        {"doc_id": ID_B, "path": "003_column.txt", "title": "コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか", "published": None,
         "encoding": "utf_8", "n_chars": len(DOC_B), "content_id": "cb00000000000002", "status": "ok", "input_format": "txt"},
        {"doc_id": ID_A, "path": "copy/000_nato.txt", "title": "NATOの「頭脳流出」", "published": datetime.date(2026, 1, 22),
         "encoding": "utf_8", "n_chars": len(DOC_A), "content_id": "ca00000000000001", "status": "duplicate", "input_format": "txt"},
    ])
    entity_id = {name: stable_id("entity", name) for name in ENTITY_NAMES}
    mention_rows = []
    for doc_id, sent_idx, surface, label, name in MENTIONS:
        start, end = _locate(sentences, doc_id, sent_idx, surface)
        mention_rows.append({
            "mention_id": stable_id("mention", doc_id, start, end, label), "doc_id": doc_id, "sent_idx": sent_idx,
            "start": start, "end": end, "text": surface, "norm_text": surface, "label": label, "label_ene": None,
            "role": None, "source": "gazetteer", "entity_id": entity_id[name],
        })
    mentions = pd.DataFrame(mention_rows)
    entity_rows = []
    for name, label in ENTITY_NAMES.items():
        own = mentions[mentions.entity_id == entity_id[name]]
        entity_rows.append({
            "entity_id": entity_id[name], "name": name, "label": label, "aliases": sorted(set(own.text)),
            "wikidata_id": {"NATO": "Q7184", "米国": "Q30"}.get(name), "geonames_id": GEONAMES.get(name), "n_mentions": len(own),
            "n_docs": own.doc_id.nunique(), "doc_ids": sorted(set(own.doc_id)),
        })
    claim_defaults = {
        "value": None, "value_low": None, "value_high": None, "unit": None, "unit_surface": None, "approx": False,
        "vague": False, "bound": None, "date": None, "base": None, "subject": None, "actor": None, "scope": None, "time": None, "fact_id": None,
    }
    claim_rows = []
    for doc_id, sent_idx, surface, fields in CLAIMS:
        start, end = _locate(sentences, doc_id, sent_idx, surface)
        row = claim_defaults | fields
        if row["value"] is not None:
            row["value_low"] = row["value_high"] = row["value"]
        claim_rows.append({
            "claim_id": stable_id("claim", doc_id, start, end), "doc_id": doc_id, "sent_idx": sent_idx,
            "start": start, "end": end, "text": surface, "norm_text": surface, **row,
        })
    claims = pd.DataFrame(claim_rows)
    fact_rows = []
    for fact_id, subject, actor, kind, value, unit, base, group in (
        (FACT_STAFF, "要員", None, "quantity", 200.0, "person", None, None),
        (FACT_80K, "ヨーロッパ駐留米軍", None, "quantity", 80000.0, "person", None, CONFLICT),
        (FACT_76K, "ヨーロッパ駐留米軍", "米国", "quantity", 76000.0, "person", None, CONFLICT),
        (FACT_GDP, "国防費", "NATO加盟国", "percent", 5.0, "percent", "GDP", None),
    ):
        own = claims[claims.fact_id == fact_id]
        fact_rows.append({
            "fact_id": fact_id, "subject": subject, "actor": actor, "kind": kind, "value": value, "value_low": value,
            "value_high": value, "unit": unit, "base": base, "n_docs": own.doc_id.nunique(), "n_sources": own.doc_id.nunique(),
            "doc_ids": sorted(set(own.doc_id)),
            "n_mentions": len(own), "surfaces": sorted(set(own.text)), "claim_ids": sorted(own.claim_id), "conflict_group": group,
        })
    tokens = pd.DataFrame([
        {"doc_id": ID_A, "sent_idx": 0, "tok_idx": 0, "start": 0, "end": 4, "surface": "NATO", "lemma": "NATO",
         "pos": "名詞-固有名詞-一般", "reading": None},
    ])
    rejects = pd.DataFrame([{"path": "broken/logo.txt", "reason": "binary", "detail": "looks like a PNG image, not text"}])
    return {
        "documents": documents, "sentences": sentences, "tokens": tokens, "mentions": mentions,
        "entities": pd.DataFrame(entity_rows), "claims": claims, "facts": pd.DataFrame(fact_rows), "rejects": rejects,
    }


def write_synthetic_outputs(out: Path, tables: dict[str, pd.DataFrame] | None = None) -> Path:
    """Write the synthetic tables (or `tables`) as `out/<table>.parquet`, checked against the schemas."""
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in (tables or synthetic_tables()).items():
        spec = schemas.TABLES[name]
        # columns the fixture does not spell out are the nullable ones it has no value for
        frame = frame.assign(**{f.name: None for f in spec.schema if f.nullable and f.name not in frame.columns})
        originals = ORIGINALS if spec.text_column else None
        pq.write_table(schemas.to_arrow(spec, frame, originals), out / f"{name}.parquet", compression="zstd")
    return out


def write_empty_outputs(out: Path) -> Path:
    """Every table present with its schema and no rows (a run over an empty corpus)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, spec in schemas.TABLES.items():
        pq.write_table(spec.schema.empty_table(), out / f"{name}.parquet")
    return out


@pytest.fixture(scope="module")
def synthetic_outputs(tmp_path_factory) -> Path:
    return write_synthetic_outputs(tmp_path_factory.mktemp("synthetic_outputs"))


@pytest.fixture(scope="module")
def synthetic_report(synthetic_outputs) -> str:
    write_report(synthetic_outputs, synthetic_outputs / "report.html")
    return (synthetic_outputs / "report.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- markup of one unit

NATO = Highlight(130, 134, "ent ent-ORG", "ORG", "ORG | entity: NATO | source: gazetteer", ref="e-e1")


def _claim(start: int, end: int, kind: str = "quantity") -> Highlight:
    return Highlight(start, end, f"claim claim-{kind}", kind, kind, rank=1)


@pytest.mark.parametrize(
    ("text", "offset", "highlights", "expected"),
    [
        ("NATO", 130, [NATO],
         '<mark class="ent ent-ORG" title="ORG | entity: NATO | source: gazetteer" data-ref="e-e1">NATO<span class="label">ORG</span></mark>'),
        # a claim inside the sentence: 約200名 at 6..11
        ("NATOから約200名の要員", 0, [_claim(6, 11)],
         'NATOから<mark class="claim claim-quantity" title="quantity">約200名<span class="label">quantity</span></mark>の要員'),
        # an entity inside a claim nests; the claim, being longer, is the outer mark
        ("GDP比5%に", 50, [_claim(50, 56, "percent"), Highlight(50, 53, "ent ent-OTHER", "OTHER", "OTHER")],
         '<mark class="claim claim-percent" title="percent"><mark class="ent ent-OTHER" title="OTHER">GDP<span class="label">OTHER</span></mark>'
         '比5%<span class="label">percent</span></mark>に'),
        # equal spans: the entity is the outer mark
        ("米国", 0, [_claim(0, 2), Highlight(0, 2, "ent ent-GPE", "GPE", "GPE")],
         '<mark class="ent ent-GPE" title="GPE"><mark class="claim claim-quantity" title="quantity">米国<span class="label">quantity</span></mark>'
         '<span class="label">GPE</span></mark>'),
        # crossing spans: the inner one is closed and reopened, only its last piece is labelled
        ("7万6千人の部隊", 0, [_claim(0, 5), Highlight(3, 8, "ent ent-ORG", "ORG", "ORG")],
         '<mark class="claim claim-quantity" title="quantity">7万6<mark class="ent ent-ORG" title="ORG">千人</mark>'
         '<span class="label">quantity</span></mark><mark class="ent ent-ORG" title="ORG">の部隊<span class="label">ORG</span></mark>'),
        # everything is escaped, text and attributes
        ('<b>"米国"&</b>', 0, [Highlight(4, 6, "ent ent-GPE", "G<P>E", 'say "hi" & <go>')],
         '&lt;b&gt;&quot;<mark class="ent ent-GPE" title="say &quot;hi&quot; &amp; &lt;go&gt;">米国<span class="label">G&lt;P&gt;E</span></mark>'
         "&quot;&amp;&lt;/b&gt;"),
        # spans reaching outside the unit are clipped to it; spans entirely outside are dropped
        ("要員を撤収", 100, [_claim(98, 102), _claim(105, 109), _claim(90, 95)],
         '<mark class="claim claim-quantity" title="quantity">要員<span class="label">quantity</span></mark>を撤収'),
        ("改行\nを含む", 0, [], "改行\nを含む"),
    ],
)
def test_render_text_marks_spans_at_their_offsets(text, offset, highlights, expected):
    assert render_text(text, offset, highlights) == expected


def test_a_mention_row_becomes_an_entity_mark_that_links_to_its_entity():
    mention = {"start": 130, "end": 134, "label": "ORG", "label_ene": "International_Organization", "role": None,
               "source": "gazetteer", "entity_id": "e5d4c3b2a1f00918"}
    entity = {"name": "北大西洋条約機構"}
    h = mention_highlight(mention, entity)
    assert render_text("NATO", 130, [h]) == (
        '<mark class="ent ent-ORG" title="ORG | International_Organization | entity: 北大西洋条約機構 | source: gazetteer" '
        'data-ref="e-e5d4c3b2a1f00918">NATO<span class="label">ORG</span></mark>'
    )


def test_a_claim_row_shows_value_unit_subject_and_fact_in_its_title():
    claim = {"start": 210, "end": 215, "kind": "quantity", "value": 76000.0, "value_low": 76000.0, "value_high": 76000.0,
             "unit": "person", "approx": False, "vague": False, "bound": None, "date": None, "base": None,
             "subject": "ヨーロッパ駐留軍", "actor": "米国", "time": None, "fact_id": "f00dfeed12345678"}
    assert render_text("7万6千人", 210, [claim_highlight(claim)]) == (
        '<mark class="claim claim-quantity" title="quantity | value: 76,000 | unit: person | subject: ヨーロッパ駐留軍 | '
        'actor: 米国 | fact: f00dfeed12345678" data-ref="f-f00dfeed12345678">7万6千人<span class="label">quantity</span></mark>'
    )


def test_a_date_claim_without_value_or_fact_says_so():
    claim = {"start": 0, "end": 10, "kind": "date", "value": None, "value_low": None, "value_high": None, "unit": None,
             "approx": False, "vague": False, "bound": None, "date": "2026-01-20", "base": None, "subject": None,
             "actor": None, "time": None, "fact_id": None}
    assert claim_highlight(claim).title == "date | value: — | unit: — | subject: — | date: 2026-01-20 | fact: —"
    assert claim_highlight(claim).ref is None


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"value": 76000.0}, "76,000"),
        ({"value": 200.0, "approx": True}, "≈200"),
        ({"value": 5.0, "bound": "ge"}, "≥5"),
        ({"value": 800000000000.0}, "800,000,000,000"),
        ({"value": 2.5}, "2.5"),
        ({"kind": "date", "value": 1949.0}, "1949"),
        ({"kind": "date", "value": None, "value_low": 2025.0, "value_high": 2026.0}, "2025–2026"),
        ({"value": None, "value_low": 2.0, "value_high": 3.0}, "2–3"),
        ({"value": None, "value_low": 100.0, "value_high": None, "vague": True}, "100–… (vague)"),
        ({"value": None, "value_low": None, "value_high": None}, "—"),
    ],
)
def test_format_value(row, expected):
    assert format_value(row) == expected


# ---------------------------------------------------------------- the whole page


class _Structure(HTMLParser):
    """Checks tags are balanced and collects ids and internal links."""

    VOID = {"meta", "input", "br", "img", "link", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.hrefs.append(attrs["href"][1:])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def _structure(page: str) -> _Structure:
    parser = _Structure()
    parser.feed(page)
    parser.close()
    return parser


def test_the_page_is_well_formed_and_every_link_has_its_anchor(synthetic_report):
    parsed = _structure(synthetic_report)
    assert parsed.errors == [] and parsed.stack == []
    assert len(parsed.ids) == len(set(parsed.ids))
    assert set(parsed.hrefs) <= set(parsed.ids)
    # every sentence of both articles has its anchor
    assert {i for i in parsed.ids if i.startswith("d-") and "-s-" in i} == {
        f"d-{d}-s-{i}" for d, n in ((ID_A, 3), (ID_B, 4)) for i in range(n)
    }


def test_the_page_is_self_contained(synthetic_report):
    # nothing is loaded from elsewhere: no src= or <link>, no @import, and the only url() is the embedded font
    assert not re.search(r"""\bsrc\s*=""", synthetic_report.replace('src:url(data:font/woff2;base64,', ""))
    assert "<link" not in synthetic_report and "@import" not in synthetic_report
    assert re.findall(r"url\(([a-z/0-9;:]*)", synthetic_report) == ["data:font/woff2;base64"]
    # links to other sites are plain links, each to a Wikidata or GeoNames page
    external = re.findall(r'<a href="(https?://[^"]+)" rel="noreferrer">', synthetic_report)
    assert len(external) == len(re.findall(r'href="https?://', synthetic_report))
    assert sorted(external) == [
        "https://www.geonames.org/6252001", "https://www.geonames.org/6255148",
        "https://www.wikidata.org/wiki/Q30", "https://www.wikidata.org/wiki/Q7184",
    ]


def test_the_page_shows_counts_rejects_and_both_indexes(synthetic_report):
    assert (
        '<table class="counts"><tr><th>documents</th><th>sentences</th><th>tokens</th><th>mentions</th><th>entities</th>'
        '<th>claims</th><th>facts</th><th>rejects</th></tr><tr><td class="num">3</td><td class="num">7</td>'
        '<td class="num">1</td><td class="num">11</td><td class="num">5</td><td class="num">8</td>'
        '<td class="num">4</td><td class="num">1</td></tr></table>'
    ) in synthetic_report
    assert "<h2>Rejected files (1)</h2>" in synthetic_report
    assert "<tr><td>broken/logo.txt</td><td>binary</td><td>looks like a PNG image, not text</td></tr>" in synthetic_report
    assert "<h2>Articles (2)</h2>" in synthetic_report  # the duplicate file is listed with its twin, not twice
    assert "same bytes as copy/000_nato.txt" in synthetic_report
    assert "<h2>Entities (5)</h2>" in synthetic_report
    assert "<h2>Facts (4; 1 stated by two or more articles; 1 conflict groups)</h2>" in synthetic_report


def test_an_entity_row_links_to_every_sentence_it_is_mentioned_in(synthetic_report):
    row = re.search(rf'<tr id="e-{stable_id("entity", "NATO")}">.*?</tr>', synthetic_report).group(0)
    assert re.findall(r'href="#([^"]+)"', row) == [f"d-{ID_A}-s-0", f"d-{ID_A}-s-1", f"d-{ID_B}-s-1", f"d-{ID_B}-s-2"]
    assert (
        '<td>NATO</td><td><span class="tag ent-ORG">ORG</span></td><td>NATO</td>'
        '<td><a href="https://www.wikidata.org/wiki/Q7184" rel="noreferrer">Q7184</a></td><td></td>'
        '<td class="num">4</td><td class="num">2</td>'
    ) in row
    # the sentences are grouped by article, each named by its title (cut to TITLE_CHARS, whole on hover)
    assert re.findall(r'<span class="doc"[^>]*>([^<]*)</span>', row) == ["NATOの「頭脳流出」", "コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか"]


def test_an_entity_with_a_geonames_id_links_to_geonames_and_to_wikidata(synthetic_report):
    row = re.search(rf'<tr id="e-{stable_id("entity", "米国")}">.*?</tr>', synthetic_report).group(0)
    assert (
        '<td><a href="https://www.wikidata.org/wiki/Q30" rel="noreferrer">Q30</a></td>'
        '<td><a href="https://www.geonames.org/6252001" rel="noreferrer">6252001</a></td>'
    ) in row
    assert "<th>wikidata</th><th>geonames</th>" in synthetic_report


def test_without_a_geonames_column_there_is_no_geonames_column(tmp_path):
    tables = synthetic_tables()
    tables["entities"] = tables["entities"].drop(columns=["geonames_id"])
    out = write_synthetic_outputs(tmp_path / "old", tables)
    schema = pq.read_table(out / "entities.parquet").drop_columns(["geonames_id"])
    pq.write_table(schema, out / "entities.parquet")  # as an older run wrote it
    write_report(out, out / "report.html")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "geonames" not in page and "<th>wikidata</th><th>mentions</th>" in page
    assert '<a href="https://www.wikidata.org/wiki/Q7184" rel="noreferrer">Q7184</a></td><td class="num">4</td>' in page


def test_an_id_not_in_the_form_of_its_site_is_shown_unlinked():
    assert report._external("Q7184", report.WIKIDATA_URL, report._WIKIDATA_ID) == (
        '<a href="https://www.wikidata.org/wiki/Q7184" rel="noreferrer">Q7184</a>'
    )
    assert report._external("P31", report.WIKIDATA_URL, report._WIKIDATA_ID) == "P31"
    assert report._external('Q1"><script>', report.WIKIDATA_URL, report._WIKIDATA_ID) == "Q1&quot;&gt;&lt;script&gt;"
    assert report._external(1850147, report.GEONAMES_URL, report._GEONAMES_ID) == (
        '<a href="https://www.geonames.org/1850147" rel="noreferrer">1850147</a>'
    )
    assert report._external(None, report.GEONAMES_URL, report._GEONAMES_ID) == ""


def test_fact_rows_put_conflicts_first_and_link_to_their_sentences(synthetic_report):
    order = re.findall(r'<tr id="f-([0-9a-f]+)" class="([a-z ]*)">', synthetic_report)
    assert [fid for fid, _ in order] == [FACT_76K, FACT_80K, FACT_STAFF, FACT_GDP]  # a conflict group by value, then by n_docs
    assert {fid for fid, cls in order if cls == "conflict"} == {FACT_80K, FACT_76K}
    assert dict(order)[FACT_STAFF] == "corroborated"
    staff = re.search(rf'<tr id="f-{FACT_STAFF}".*?</tr>', synthetic_report).group(0)
    assert re.findall(r'href="#([^"]+)"', staff) == [f"d-{ID_A}-s-1", f"d-{ID_B}-s-3"]
    assert '<td class="num">≈200</td>' not in staff  # a fact's value is its point value
    assert '<td class="num">200</td><td>person</td><td></td><td></td><td class="num">2</td>' in staff
    assert re.findall(r'<span class="doc"[^>]*>([^<]*)</span>', staff) == ["NATOの「頭脳流出」", "コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか"]


def test_the_article_index_lists_titles_dates_and_files_linked_to_the_articles(synthetic_report):
    index = re.search(r'<section id="index">.*?</section>', synthetic_report, re.S).group(0)
    assert "<h2>Index of articles (2)</h2>" in index
    assert re.findall(r"<tr><td>.*?</tr>", index) == [
        f'<tr><td><a href="#d-{ID_A}">NATOの「頭脳流出」</a></td><td class="date">2026-01-22</td><td></td><td>000_nato.txt</td>'
        f'<td class="num">{len(DOC_A)}</td><td class="num">5</td><td class="num">4</td></tr>',
        f'<tr><td><a href="#d-{ID_B}">コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか</a></td><td class="date"></td><td></td><td>003_column.txt</td>'
        f'<td class="num">{len(DOC_B)}</td><td class="num">6</td><td class="num">4</td></tr>',
    ]
    assert '<input class="filter" type="search" placeholder="search titles, dates, sources, files" data-for="index-table">' in index
    assert '<table id="index-table" class="paged" data-page-size="50">' in index
    # every list of the page has its search box and pager
    assert re.findall(r'class="paged" data-page-size="(\d+)"', synthetic_report) == ["50", "50", "20", "50", "50"]
    paged = re.findall(r'id="([a-z-]+)" class="paged"', synthetic_report)
    assert paged == ["rejects-table", "index-table", "article-list", "entities-table", "facts-table"]
    assert re.findall(r'<input class="filter" type="search" placeholder="[^"]*" data-for="([a-z-]+)">', synthetic_report) == paged
    assert re.findall(r'<span class="pager" data-for="([a-z-]+)">', synthetic_report) == paged


def test_an_article_without_a_title_is_named_by_the_start_of_its_text(synthetic_outputs, tmp_path):
    tables = report.read_tables(synthetic_outputs)
    tables["documents"] = [d | {"title": None} if d["doc_id"] == ID_B else d for d in tables["documents"]]
    page = report.build_report(tables, embed_font=False)
    # its first analysed unit (SHARE: is boilerplate), cut to TITLE_CHARS, in italics: not a title the article gives
    lead = "コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか"
    assert len(lead) < report.TITLE_CHARS
    assert f'<tr><td><a href="#d-{ID_B}"><span class="untitled">{lead}</span></a></td>' in page
    assert f'<summary><span class="doc-title"><span class="untitled">{lead}</span></span>' in page
    tables["sentences"] = [u | {"text": "米国は" * 20} if (u["doc_id"], u["sent_idx"]) == (ID_B, 1) else u for u in tables["sentences"]]
    page = report.build_report(tables, embed_font=False)
    cut = "米国は" * 13 + "…"
    assert len(cut) == report.TITLE_CHARS and f'<span class="untitled">{cut}</span>' in page
    assert f'<span class="doc" title="{"米国は" * 20}">{cut}</span>' in page  # in the lists of source sentences too


def test_rows_of_a_file_of_articles_are_named_by_file_and_row_and_keep_their_source_and_address(tmp_path):
    tables = synthetic_tables()
    documents = tables["documents"]
    documents.loc[documents.doc_id == ID_B, ["path", "row", "input_format", "source", "url"]] = [
        "feeds/news.jsonl", 3, "jsonl", "湾岸タイムズ", "https://www.example.jp/news/column.html",
    ]
    tables["rejects"] = pd.DataFrame([
        {"path": "feeds/news.jsonl", "row": 2, "reason": "bad_json", "detail": "not JSON: Expecting value"},
        {"path": "broken/logo.txt", "row": None, "reason": "binary", "detail": "looks like a PNG image, not text"},
    ])
    out = write_synthetic_outputs(tmp_path / "rows", tables)
    write_report(out, out / "report.html")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<td class="date"></td><td>湾岸タイムズ</td><td>feeds/news.jsonl:3</td>' in page
    summary = re.search(rf'<details class="article item" id="d-{ID_B}"[^>]*>\n<summary>(.*?)</summary>', page).group(1)
    assert summary == (
        '<span class="doc-title">コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか</span> <span class="meta">feeds/news.jsonl:3 · no date · '
        f'湾岸タイムズ · {len(DOC_B)} chars · 6 mentions · 4 claims · {ID_B} · '
        '<a href="https://www.example.jp/news/column.html" rel="noreferrer">original</a></span>'
    )
    rejects = re.search(r'<section id="rejects">.*?</section>', page, re.S).group(0)
    assert re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", rejects) == [("broken/logo.txt", "binary"), ("feeds/news.jsonl:2", "bad_json")]


def test_the_article_text_is_the_original_with_marks(synthetic_report):
    unit = re.search(rf'<span class="s" id="d-{ID_B}-s-2">(.*?)</span>(?=<span class="s"|</p>)', synthetic_report).group(1)
    text = re.sub(r'<span class="label">[^<]*</span>', "", unit)
    assert re.sub(r"<[^>]+>", "", text) == UNITS[5][2]
    assert '<span class="s na f-boilerplate"' not in synthetic_report  # flags first, then na
    assert f'<span class="s f-boilerplate na" id="d-{ID_B}-s-0">SHARE:</span>' in synthetic_report


def test_same_tables_give_the_same_bytes(synthetic_outputs, tmp_path):
    write_report(synthetic_outputs, tmp_path / "one.html")
    write_report(synthetic_outputs, tmp_path / "two.html")
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()


def test_empty_and_absent_tables_give_a_page(tmp_path):
    empty = write_empty_outputs(tmp_path / "empty")
    write_report(empty, empty / "report.html")
    page = (empty / "report.html").read_text(encoding="utf-8")
    assert "<h2>Articles (0)</h2>" in page and "<h2>Rejected files (0)</h2>" in page
    assert _structure(page).errors == []
    (tmp_path / "absent").mkdir()
    write_report(tmp_path / "absent", tmp_path / "absent" / "report.html")
    assert '<tr><td class="num">absent</td>' in (tmp_path / "absent" / "report.html").read_text(encoding="utf-8")


def test_a_long_article_is_cut_and_links_into_the_cut_part_are_not_dead(synthetic_outputs, tmp_path, monkeypatch):
    monkeypatch.setattr(report, "MAX_DOC_CHARS", 80)
    write_report(synthetic_outputs, tmp_path / "cut.html")
    page = (tmp_path / "cut.html").read_text(encoding="utf-8")
    assert "… 1 more unit (54 characters) not shown here" in page
    parsed = _structure(page)
    assert f"d-{ID_A}-s-2" not in parsed.ids and set(parsed.hrefs) <= set(parsed.ids)
    assert '<span class="gone" title="not shown in this page">s2</span>' in page


def test_past_the_page_budget_articles_are_listed_without_text(synthetic_outputs, tmp_path, monkeypatch):
    monkeypatch.setattr(report, "MAX_PAGE_CHARS", 100)
    monkeypatch.setattr(report, "MAX_INDEX_ROWS", 3)
    write_report(synthetic_outputs, tmp_path / "budget.html")
    page = (tmp_path / "budget.html").read_text(encoding="utf-8")
    parsed = _structure(page)
    assert parsed.errors == [] and set(parsed.hrefs) <= set(parsed.ids)
    assert '<p class="hint">Text shown for 1 of 2 articles.</p>' in page
    assert "Text not shown: the page shows the first 132 characters of the corpus" in page
    assert not [i for i in parsed.ids if i.startswith(f"d-{ID_B}-s-")]
    nato = re.search(rf'<tr id="e-{stable_id("entity", "NATO")}">.*?</tr>', page).group(0)
    assert re.findall(r'href="#([^"]+)"', nato) == [f"d-{ID_A}-s-0", f"d-{ID_A}-s-1"]
    assert '<span class="gone">+2 in 1 articles without text on this page</span>' in nato
    assert len(re.findall(r'<tr id="e-', page)) == 3 and "The first 3 rows; all 5 are in entities.parquet." in page
    assert len(re.findall(r'<tr id="f-', page)) == 3 and "The first 3 rows; all 4 are in facts.parquet." in page


# ---------------------------------------------------------------- the embedded font


def _embedded_font(page: str):
    data = re.search(r'src:url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\)', page).group(1)
    return TTFont(io.BytesIO(base64.b64decode(data)))


def test_the_page_embeds_a_subset_of_noto_sans_jp_with_the_characters_it_shows(synthetic_report):
    font = _embedded_font(synthetic_report)
    assert font.flavor == "woff2" and font.sfntVersion == "OTTO"
    names = {record.nameID: record.toUnicode() for record in font["name"].names if record.platformID == 3}
    assert names[1] == "Noto Sans JP" and "SIL Open Font License, Version 1.1" in names[13]  # the licence travels with it
    cmap = set(font.getBestCmap())
    shown = {c for unit in UNITS for c in unit[2]} | set("コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか")
    assert {ord(c) for c in shown} <= cmap
    assert {ord(c) for c in webfont.ALWAYS} <= cmap  # what a reader types in a search box
    assert ord("鬱") not in cmap and ord("猫") not in cmap  # characters the page does not have
    assert f'@font-face{{font-family:"{webfont.FAMILY}";src:url(data:font/woff2;base64,' in synthetic_report
    assert f'body{{font-family:"{webfont.FAMILY}","Hiragino Sans",' in synthetic_report
    assert 'id="font-note"' not in synthetic_report  # the font has every character of this page


def test_characters_the_font_lacks_are_listed_on_the_page(synthetic_outputs, tmp_path):
    tables = report.read_tables(synthetic_outputs)
    tables["documents"][1] = tables["documents"][1] | {"title": "コラム:한국の防衛费"}  # Hangul and a simplified Chinese 费
    page = report.build_report(tables, font_cache=tmp_path)
    assert '<p class="hint" id="font-note">3 characters of this page are not in the embedded Japanese font (Noto Sans JP) ' \
        "and show in a system font, if there is one: 费 국 한</p>" in page
    assert not {ord(c) for c in "费국한"} & set(_embedded_font(page).getBestCmap())


def test_the_subset_is_kept_by_its_characters_and_made_again_only_when_they_change(synthetic_outputs, tmp_path, monkeypatch):
    write_report(synthetic_outputs, tmp_path / "one.html")
    kept = sorted(p.name for p in (tmp_path / webfont.CACHE_FOLDER).iterdir())
    assert len(kept) == 1 and kept[0].endswith(".woff2")

    def refuse(*args):
        raise AssertionError("subset again")

    with monkeypatch.context() as patched:
        patched.setattr(webfont, "_make_subset", refuse)
        write_report(synthetic_outputs, tmp_path / "two.html")
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()

    tables = report.read_tables(synthetic_outputs)
    tables["documents"][0] = tables["documents"][0] | {"title": "猫の「頭脳流出」"}
    page = report.build_report(tables, font_cache=tmp_path / webfont.CACHE_FOLDER)
    assert ord("猫") in _embedded_font(page).getBestCmap()
    assert sorted(p.name for p in (tmp_path / webfont.CACHE_FOLDER).iterdir()) != kept  # only the last subset is kept
    assert len(list((tmp_path / webfont.CACHE_FOLDER).iterdir())) == 1


def test_a_damaged_subset_file_is_made_again(synthetic_outputs, tmp_path):
    write_report(synthetic_outputs, tmp_path / "one.html")
    (kept,) = (tmp_path / webfont.CACHE_FOLDER).iterdir()
    kept.write_bytes(kept.read_bytes()[:5000])  # a run killed while writing it
    write_report(synthetic_outputs, tmp_path / "two.html")
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()
    kept.write_bytes(b"")
    write_report(synthetic_outputs, tmp_path / "three.html")
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "three.html").read_bytes()


def test_a_run_keeps_the_subset_in_its_output_folder_beside_the_tables(seed_outputs):
    (kept,) = (seed_outputs / webfont.CACHE_FOLDER).iterdir()
    assert kept.name.endswith(".woff2")
    assert kept.name[:-6] in (seed_outputs / "report.html").read_text(encoding="utf-8")  # the key is named in the page's CSS
    assert report._output_folder(seed_outputs / ".staging" / "report.html") == seed_outputs
    assert report._output_folder(seed_outputs / "report.html") == seed_outputs


# ---------------------------------------------------------------- in a real browser


def _chromium_module():
    spec = importlib.util.spec_from_file_location("screenshot_report", ROOT / "scripts" / "screenshot_report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def chromium():
    module = _chromium_module()
    if module.chromium_path() is None:
        pytest.skip(module.INSTALL_HINT)
    return module


class _Marks(HTMLParser):
    """From a DOM dump: the marks (class, text) and each sentence's text without labels."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict]] = []
        self.marks: list[tuple[str, str]] = []
        self.sentences: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        self.open.append((tag, dict(attrs) | {"_text": ""}))

    def handle_endtag(self, tag):
        while self.open:
            name, attrs = self.open.pop()
            if name == "mark":
                self.marks.append((attrs.get("class", ""), attrs["_text"]))
            if name == "span" and attrs.get("id", "").startswith("d-"):
                self.sentences[attrs["id"]] = attrs["_text"]
            text = attrs["_text"] if attrs.get("class") != "label" else ""
            if self.open:
                self.open[-1][1]["_text"] += text
            if name == tag:
                break

    def handle_data(self, data):
        if self.open:
            self.open[-1][1]["_text"] += data


def test_chromium_shows_the_highlights(chromium, synthetic_report, synthetic_outputs, tmp_path):
    page = synthetic_outputs / "report.html"
    dom = chromium.run_chromium(page, dump_dom=True)
    parsed = _Marks()
    parsed.feed(dom)
    org = [text for cls, text in parsed.marks if "ent-ORG" in cls.split()]
    assert org.count("NATO") >= 4 and "米国国防総省" in org
    assert ("claim claim-quantity", "7万6千人") in parsed.marks
    assert ("claim claim-percent", "GDP比5%") in parsed.marks  # with the nested GDP mark inside
    # the browser's DOM keeps every sentence intact: marks did not break the text apart
    expected = {}
    for doc_id in (ID_A, ID_B):
        for i, unit in enumerate(u for u in UNITS if u[0] == doc_id):
            expected[f"d-{doc_id}-s-{i}"] = unit[2]
    assert {k: v for k, v in parsed.sentences.items() if "-s-" in k} == expected

    png = tmp_path / "report.png"
    chromium.run_chromium(page, screenshot=png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_chromium_shows_the_seed_articles_with_their_text_intact(chromium, seed_outputs, tmp_path):
    page = tmp_path / "report.html"
    write_report(seed_outputs, page)
    parsed = _Marks()
    parsed.feed(chromium.run_chromium(page, dump_dom=True))
    org = [text for cls, text in parsed.marks if "ent-ORG" in cls.split()]
    assert "NATO" in org
    assert any("claim-quantity" in cls.split() for cls, _ in parsed.marks)
    assert any(text == "7万6千人" for cls, text in parsed.marks if "claim" in cls.split())
    # every sentence shown reads in the browser exactly as the sentences table has it
    sentences = pq.read_table(seed_outputs / "sentences.parquet", columns=["doc_id", "sent_idx", "text"]).to_pylist()
    expected = {f"d-{s['doc_id']}-s-{s['sent_idx']}": s["text"] for s in sentences}
    shown = {k: v for k, v in parsed.sentences.items() if "-s-" in k}
    assert shown and set(shown) <= set(expected)
    assert {k: v for k, v in shown.items() if v != expected[k]} == {}
    assert len(shown) == len(expected)  # the seed articles are short enough to be shown whole
    chromium.run_chromium(page, screenshot=tmp_path / "report.png")
    assert (tmp_path / "report.png").stat().st_size > 10_000


# A script added to a copy of a page: once its fonts are loaded, it draws characters of the page on a
# canvas, each alone, in the page's own font-family and in one that names no font, and records how many
# distinct pictures each gives. Real glyphs differ from one character to the next; a missing glyph is
# the same box (or nothing) for every character.
_GLYPH_CHECK = """
<script>
(async function(){
  var chars = Array.from(%s);
  await document.fonts.ready;
  function picture(ch, family){
    var canvas=document.createElement('canvas'); canvas.width=canvas.height=48;
    var pen=canvas.getContext('2d'); pen.font='40px '+family; pen.fillText(ch,2,40); return canvas.toDataURL();
  }
  var blank=document.createElement('canvas'); blank.width=blank.height=48; blank=blank.toDataURL();
  function drawn(family){
    var pictures=chars.map(function(ch){return picture(ch, family);});
    return {distinct:new Set(pictures).size, blank:pictures.filter(function(p){return p===blank;}).length};
  }
  var result={family:getComputedStyle(document.body).fontFamily,
    faces:Array.from(document.fonts).map(function(f){return f.family+' '+f.status;}),
    page:drawn(getComputedStyle(document.body).fontFamily), none:drawn('"no such font", sans-serif')};
  var out=document.createElement('pre'); out.id='glyph-check'; out.textContent=JSON.stringify(result); document.body.appendChild(out);
})();
</script>
"""
GLYPH_CHARS = "頭脳流出米国防総省のヨーロッパ駐留"


def _glyph_check(chromium, page: Path, tmp_path: Path) -> dict:
    probe = tmp_path / f"glyphs-{page.name}"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", _GLYPH_CHECK % json.dumps(GLYPH_CHARS) + "</body>"), encoding="utf-8")
    dom = chromium.run_chromium(probe, dump_dom=True, wait_ms=10_000)
    found = re.search(r'<pre id="glyph-check">(.*?)</pre>', dom)
    assert found, "the glyph check did not run"
    return json.loads(html_module.unescape(found.group(1)))


def test_chromium_has_no_japanese_system_font(chromium, tmp_path):
    # what run_chromium shows it: every system font with kana or kanji is hidden (fonts-noto-cjk or not)
    if not shutil.which("fc-list"):
        pytest.skip("fc-list is not installed")
    env = chromium.chromium_env(tmp_path)
    for query in (":lang=ja", ":charset=3042", ":charset=65e5"):
        assert subprocess.run(["fc-list", query], env=env, capture_output=True, text=True, check=True).stdout == "", query


def test_chromium_draws_the_japanese_text_with_the_embedded_font_not_boxes(chromium, synthetic_report, synthetic_outputs, tmp_path):
    result = _glyph_check(chromium, synthetic_outputs / "report.html", tmp_path)
    assert result["faces"] == [f"{webfont.FAMILY} loaded"]
    assert result["family"].startswith(f'"{webfont.FAMILY}"')
    assert result["page"] == {"distinct": len(set(GLYPH_CHARS)), "blank": 0}  # every character its own glyph
    # the same characters in a font-family without the embedded font: all one box, so no system font drew them
    assert result["none"]["distinct"] == 1


def test_without_the_embedded_font_the_check_sees_boxes(chromium, synthetic_outputs, tmp_path):
    page = tmp_path / "no_font.html"
    page.write_text(report.build_report(report.read_tables(synthetic_outputs), embed_font=False), encoding="utf-8")
    result = _glyph_check(chromium, page, tmp_path)
    assert result["faces"] == []
    assert result["page"]["distinct"] == 1 and result["none"]["distinct"] == 1


# Drives the pagers of a page as a reader would (typing in a search box, following a link) and records
# which rows are shown and what each pager says after each step.
_PAGER_CHECK = """
<script>
window.addEventListener('load', function(){
  function state(){
    var s={};
    document.querySelectorAll('.paged').forEach(function(list){
      var items=list.tBodies?Array.from(list.tBodies[0].rows):Array.from(list.querySelectorAll(':scope > .item'));
      s[list.id]={shown:items.filter(function(i){return !i.hidden;}).map(function(i){return i.id||i.cells[0].textContent;}),
                  pager:document.querySelector('.pager[data-for="'+list.id+'"]').textContent};
    });
    return s;
  }
  var steps={start:state()};
  var box=document.querySelector('.filter[data-for="entities-table"]');
  box.value='ヨーロッパ'; box.dispatchEvent(new Event('input',{bubbles:true}));
  steps.searched=state();
  box.value='no such thing'; box.dispatchEvent(new Event('input',{bubbles:true}));
  steps.nothing=state();
  location.hash='#%s';
  setTimeout(function(){
    steps.followed=state();
    document.querySelector('.pager[data-for="article-list"] button[data-go="next"]').click();
    steps.next=state();
    var out=document.createElement('pre'); out.id='pager-check'; out.textContent=JSON.stringify(steps); document.body.appendChild(out);
  }, 100);
});
</script>
"""


def test_chromium_pages_the_lists_searches_them_and_turns_to_the_page_of_a_link(chromium, synthetic_outputs, tmp_path, monkeypatch):
    monkeypatch.setattr(report, "PAGE_SIZE", 2)
    monkeypatch.setattr(report, "ARTICLES_PER_PAGE", 1)
    page = tmp_path / "paged.html"
    write_report(synthetic_outputs, page)
    entities = [f"e-{stable_id('entity', n)}" for n in ("NATO", "米国", "ヨーロッパ", "GDP", "米国国防総省")]  # the index's order
    target = f"d-{ID_B}-s-2"  # a sentence of the second article, on the article list's second page
    probe = tmp_path / "pager_probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", _PAGER_CHECK % target + "</body>"), encoding="utf-8")
    dom = chromium.run_chromium(probe, dump_dom=True, wait_ms=10_000)
    steps = json.loads(html_module.unescape(re.search(r'<pre id="pager-check">(.*?)</pre>', dom).group(1)))

    start = steps["start"]
    assert start["entities-table"] == {"shown": entities[:2], "pager": "1–2 of 5 «‹ page 1 of 3 ›»"}
    assert start["article-list"] == {"shown": [f"d-{ID_A}"], "pager": "1–1 of 2 «‹ page 1 of 2 ›»"}
    assert start["index-table"]["shown"] == ["NATOの「頭脳流出」", "コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか"]
    assert start["index-table"]["pager"] == "1–2 of 2"
    assert steps["searched"]["entities-table"] == {"shown": [entities[2]], "pager": "1–1 of 1 found (5 in all)"}
    assert steps["nothing"]["entities-table"] == {"shown": [], "pager": "none of 5"}
    assert steps["followed"]["article-list"]["shown"] == [f"d-{ID_B}"]  # turned to the page of the linked sentence
    assert steps["next"]["article-list"]["shown"] == [f"d-{ID_B}"]  # already the last page
