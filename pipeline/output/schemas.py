"""Every output table's schema, declared once, and the checks run before a table is written.

Each column carries its meaning and an example in the field metadata, so the data
dictionary (docs/tables.md) is generated from this module and cannot drift from it.
Offsets (`start`, `end`) are always Python string offsets into the document's original
decoded text; `original[start:end] == text` wherever a row has a `text` column.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from pipeline.config import SCHEMA_VERSION
from pipeline.errors import SchemaViolation


def _field(name: str, type_: pa.DataType, doc: str, example: str, nullable: bool = False) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc, "example": example})


_STR_LIST = pa.list_(pa.string())

DOC_ID = "sha256 of the file's bytes, first 16 hex digits"


@dataclass(frozen=True)
class TableSpec:
    name: str
    doc: str
    schema: pa.Schema
    key: tuple[str, ...]  # columns that identify a row: unique and non-null
    sort: tuple[str, ...]  # row order on disk, for byte-identical outputs
    text_column: str | None = None  # checked as original[start:end] when set


DOCUMENTS = TableSpec(
    "documents",
    "One row per article read: a .txt or HTML file, or a row of a JSON Lines or CSV/TSV file (rejected files and rows are in `rejects`).",
    pa.schema([
        _field("doc_id", pa.string(), DOC_ID + " (for a row of a JSON Lines or CSV/TSV file: sha256 of that and the row number, "
               "U+001F between them, first 16 hex digits); files with identical bytes share it and are analysed once", "3f9a0c1b2d4e5f60"),
        _field("path", pa.string(), "path relative to the corpus folder, with / separators", "000_363777f8eba26d23.txt"),
        _field("row", pa.int64(), "the line of the file the article's record starts on, from 1 (a CSV file's header is line 1); null for a .txt or HTML file, which is one article", "3", nullable=True),
        _field("input_format", pa.string(), "how the file was read: txt, jsonl, csv, tsv or html (by its extension)", "txt"),
        _field("input_id", pa.string(), "the article's own id as the input gives it (an id field), never made up", "news-2024-0521-01", nullable=True),
        _field("title", pa.string(), "the title the input gives (title/headline field, the HTML page's metadata), else the first real heading of the article", "NATOの警鐘:欧州の防衛危機が映す日本の「自律」なき現実", nullable=True),
        _field("published", pa.date32(), "publication date: the text's dateline, else the date the input gives (published/date field, the HTML page's metadata); never guessed from the body", "2026-01-22", nullable=True),
        _field("reference_date", pa.date32(), "the date the article is read from, for dates such as 昨年 or 9日: its dateline, else the latest full date of its cited-source list, else --reference-date", "2026-01-22", nullable=True),
        _field("reference_source", pa.string(), "where reference_date comes from: dateline, metadata, cited_sources or option (null: none)", "dateline", nullable=True),
        _field("url", pa.string(), "the article's address as the input gives it (url/link field, the HTML page's canonical or og:url)", "https://www.example.jp/news/2024/05/21/water.html", nullable=True),
        _field("source", pa.string(), "the publisher as the input gives it (source/publisher/site field, the HTML page's site name)", "湾岸タイムズ", nullable=True),
        _field("input_lang", pa.string(), "the language the input declares (lang/language field, <html lang>), as given; sentences.lang is what was found", "ja", nullable=True),
        _field("encoding", pa.string(), "detected encoding of the file", "utf_8"),
        _field("n_chars", pa.int64(), "characters in the decoded original text", "10837"),
        _field("content_id", pa.string(), "sha256 of the decoded text (first 16 hex): the analysis cache key", "9b1e4c7d2a3f5e60"),
        _field("status", pa.string(), "ok; duplicate when an earlier document has the same doc_id (its rows are shared); "
               "not_japanese when no unit analysed is Japanese (with --lang ja, the default: only its names and numbers in Latin script were looked at)", "ok"),
        _field("near_duplicate_of", pa.string(), "doc_id of the article this one copies (a wire copy, or a copy with a sentence changed: "
               "Jaccard of 5-character shingles of the analysed text >= 0.6, crossdoc/duplicates.py), the earliest of its group by "
               "published date (null dates last), then path; null when it copies none, and on duplicate rows", "3f9a0c1b2d4e5f60", nullable=True),
    ]),
    key=("path", "row"),
    sort=("path", "row"),
)

SENTENCES = TableSpec(
    "sentences",
    "Sentences and other text units (headings, list items, captions, boilerplate) of each document.",
    pa.schema([
        _field("doc_id", pa.string(), DOC_ID, "3f9a0c1b2d4e5f60"),
        _field("sent_idx", pa.int32(), "position of the unit in the document, from 0", "4"),
        _field("para_idx", pa.int32(), "paragraph the unit belongs to, from 0", "2"),
        _field("start", pa.int64(), "start offset into the original text", "120"),
        _field("end", pa.int64(), "end offset (exclusive) into the original text", "181"),
        _field("text", pa.string(), "original[start:end], line breaks of wrapped lines included", "米国国防総省は..."),
        _field("norm_text", pa.string(), "the unit normalised for analysis (width, joined lines, spaces)", "米国国防総省は..."),
        _field("lang", pa.string(), "ja, en, zh or und", "ja"),
        _field("flags", _STR_LIST, "structural flags: heading, list_item, caption, credit, boilerplate, kicker, dateline, reference, foreign", "['heading']"),
        _field("analysed", pa.bool_(), "whether entities and claims were extracted from the unit", "true"),
    ]),
    key=("doc_id", "sent_idx"),
    sort=("doc_id", "sent_idx"),
    text_column="text",
)

TOKENS = TableSpec(
    "tokens",
    "Morphemes from fugashi with unidic-lite, on the normalised text of every unit.",
    pa.schema([
        _field("doc_id", pa.string(), DOC_ID, "3f9a0c1b2d4e5f60"),
        _field("sent_idx", pa.int32(), "unit the token belongs to", "4"),
        _field("tok_idx", pa.int32(), "position of the token in the unit, from 0", "0"),
        _field("start", pa.int64(), "start offset into the original text", "120"),
        _field("end", pa.int64(), "end offset (exclusive) into the original text", "122"),
        _field("surface", pa.string(), "the token as it stands in the normalised text", "米国"),
        _field("lemma", pa.string(), "UniDic lemma", "米国", nullable=True),
        _field("pos", pa.string(), "UniDic part of speech, levels joined by -", "名詞-固有名詞-地名-国"),
        _field("reading", pa.string(), "UniDic reading (katakana)", "ベイコク", nullable=True),
    ]),
    key=("doc_id", "sent_idx", "tok_idx"),
    sort=("doc_id", "sent_idx", "tok_idx"),
)

MENTIONS = TableSpec(
    "mentions",
    "Named-entity mentions; numeric expressions are in `claims` instead.",
    pa.schema([
        _field("mention_id", pa.string(), "stable hash of doc_id, offsets and label", "a1b2c3d4e5f60718"),
        _field("doc_id", pa.string(), DOC_ID, "3f9a0c1b2d4e5f60"),
        _field("sent_idx", pa.int32(), "unit the mention stands in", "4"),
        _field("start", pa.int64(), "start offset into the original text", "130"),
        _field("end", pa.int64(), "end offset (exclusive) into the original text", "134"),
        _field("text", pa.string(), "original[start:end]", "NATO"),
        _field("norm_text", pa.string(), "the mention in normalised text", "NATO"),
        _field("label", pa.string(), "coarse label: PERSON, ORG, GPE, LOC, FAC, PRODUCT, EVENT, LAW, NORP, WORK_OF_ART, OTHER", "ORG"),
        _field("label_ene", pa.string(), "GiNZA's fine ENE label, or the gazetteer's", "International_Organization", nullable=True),
        _field("role", pa.string(), "title or honorific split off the name", "事務総長", nullable=True),
        _field("source", pa.string(), "ginza, gazetteer or rule", "gazetteer"),
        _field("entity_id", pa.string(), "the referent in `entities`", "e5d4c3b2a1f00918"),
    ]),
    key=("mention_id",),
    sort=("doc_id", "start", "end", "label"),
    text_column="text",
)

ENTITIES = TableSpec(
    "entities",
    "One row per real-world referent over the whole corpus.",
    pa.schema([
        _field("entity_id", pa.string(), "stable hash of the canonical key: the same referent has the same ID in any run", "e5d4c3b2a1f00918"),
        _field("name", pa.string(), "canonical name", "NATO"),
        _field("label", pa.string(), "coarse label decided across all mentions", "ORG"),
        _field("aliases", _STR_LIST, "every surface form seen, canonical name included, sorted", "['NATO', '北大西洋条約機構']"),
        _field("wikidata_id", pa.string(), "Wikidata ID where the gazetteer knows it", "Q7184", nullable=True),
        _field("geonames_id", pa.int64(), "GeoNames ID of a place (countries, continents, cities of 15,000+ people; crossdoc/kb.py)", "1848354", nullable=True),
        _field("country", pa.string(), "ISO 3166-1 alpha-2 code of a place's country (the country itself for a country)", "JP", nullable=True),
        _field("lat", pa.float64(), "latitude of a city or continent (GeoNames), degrees north", "35.43333", nullable=True),
        _field("lon", pa.float64(), "longitude of a city or continent (GeoNames), degrees east", "139.65", nullable=True),
        _field("n_mentions", pa.int64(), "mentions over the corpus", "212"),
        _field("n_docs", pa.int64(), "documents mentioning it", "5"),
        _field("doc_ids", _STR_LIST, "those documents, sorted", "['3f9a…', '7c1d…']"),
    ]),
    key=("entity_id",),
    sort=("entity_id",),
)

CLAIMS = TableSpec(
    "claims",
    "Every number-bearing expression with its normalised value, unit and what it is about.",
    pa.schema([
        _field("claim_id", pa.string(), "stable hash of doc_id and offsets", "c0ffee0012345678"),
        _field("doc_id", pa.string(), DOC_ID, "3f9a0c1b2d4e5f60"),
        _field("sent_idx", pa.int32(), "unit the expression stands in", "4"),
        _field("start", pa.int64(), "start offset into the original text", "210"),
        _field("end", pa.int64(), "end offset (exclusive) into the original text", "215"),
        _field("text", pa.string(), "original[start:end]", "7万6千人"),
        _field("norm_text", pa.string(), "the expression in normalised text", "7万6千人"),
        _field("kind", pa.string(), "quantity, percent, money, date, time, duration, age, ordinal, score (value_low and value_high are its two sides: 7-2, 2勝1敗), legal, label, id, multiple", "quantity"),
        _field("value", pa.float64(), "point value when there is one (dates carry theirs in `date`; a time of day is hours since midnight)", "76000.0", nullable=True),
        _field("value_low", pa.float64(), "lower bound (inclusive) when known", "76000.0", nullable=True),
        _field("value_high", pa.float64(), "upper bound (inclusive) when known", "76000.0", nullable=True),
        _field("unit", pa.string(), "normalised unit: person, percent, EUR, USD, JPY, year, month, day, times, item, …", "person", nullable=True),
        _field("unit_surface", pa.string(), "the counter or unit as written", "人", nullable=True),
        _field("approx", pa.bool_(), "approximate (約, ほぼ, 近く, …)", "false"),
        _field("vague", pa.bool_(), "vague count with no point value (数年, 数百人)", "false"),
        _field("bound", pa.string(), "ge, gt, le, lt, under (just under), over (just over), or null", "lt", nullable=True),
        _field("date", pa.string(), "kind date or time: its ISO 8601 value (TIMEX3-style): 2008, 2008-05, 2008-05-03, 2008-05-03T16:20, an interval START/END (2025-04-01/2026-03-31 for 2025年度, .. for an open end), or what is known when it could not be placed (--05-07, ---09, T16:20)", "2026-01-20", nullable=True),
        _field("date_precision", pa.string(), "year, month, day, minute or interval, for kinds date and time", "day", nullable=True),
        _field("date_anchor", pa.string(), "absolute (the text states it all), reference_date (completed or shifted from the document's reference date: 昨年, 9日), previous_date (from the last date before it in the text: 同日, 翌年), or null when it could not be placed", "reference_date", nullable=True),
        _field("base", pa.string(), "what a percent is of", "GDP", nullable=True),
        _field("subject", pa.string(), "what is counted or measured", "ヨーロッパ駐留軍", nullable=True),
        _field("actor", pa.string(), "who states, sets or does it, where stated", "NATO加盟国", nullable=True),
        _field("scope", pa.string(), "the body the number belongs to, from the actor or the paragraph (facts merge on it)", "NATO", nullable=True),
        _field("holder", pa.string(), "the named entity the number belongs to or is stated about (日本の防衛費: 日本), normalised; facts merge on it", "NATO", nullable=True),
        _field("holder_entity_id", pa.string(), "that entity in `entities`, when a mention of the document names it", "e5d4c3b2a1f00918", nullable=True),
        _field("time", pa.string(), "ISO 8601 value of the date or period the claim is tied to in its sentence (its own, for dates), anchored as `date` is", "2035", nullable=True),
        _field("time_text", pa.string(), "that date or period as the sentence words it, with まで/以来 and the like", "2035年までに", nullable=True),
        _field("fact_id", pa.string(), "the fact in `facts` it states (quantities, percents, money and dated events with a subject)", "f00dfeed12345678", nullable=True),
    ]),
    key=("claim_id",),
    sort=("doc_id", "start", "end"),
    text_column="text",
)

FACTS = TableSpec(
    "facts",
    "Claims that state the same thing, merged across articles.",
    pa.schema([
        _field("fact_id", pa.string(), "stable hash of the fact's key", "f00dfeed12345678"),
        _field("subject", pa.string(), "normalised subject", "防衛費", nullable=True),
        _field("actor", pa.string(), "normalised actor: the holder, the body the number belongs to", "NATO", nullable=True),
        _field("holder_entity_id", pa.string(), "that holder in `entities`, when its claims' documents mention it", "e5d4c3b2a1f00918", nullable=True),
        _field("kind", pa.string(), "quantity, percent, money, duration, age (a named person's: 山本順一被告(57歳)), ordinal (a party's standing: 第1党), date for a dated event (NATO founded in 1949: `date`) or time (to the minute)", "percent"),
        _field("value", pa.float64(), "point value", "5.0", nullable=True),
        _field("value_low", pa.float64(), "lower bound", "5.0", nullable=True),
        _field("value_high", pa.float64(), "upper bound", "5.0", nullable=True),
        _field("unit", pa.string(), "normalised unit", "percent", nullable=True),
        _field("base", pa.string(), "what a percent is of", "GDP", nullable=True),
        _field("date", pa.string(), "for kind date: the ISO 8601 date or interval the event is on (of its most precise claim)", "2016-08-05", nullable=True),
        _field("time", pa.string(), "the ISO 8601 date or period its claims are tied to (facts of other times are other facts)", "2035", nullable=True),
        _field("bound", pa.string(), "ge, gt, le, lt, under or over when every claim states that bound", "ge", nullable=True),
        _field("n_docs", pa.int64(), "documents stating it", "4"),
        _field("n_sources", pa.int64(), "independent sources stating it: near-duplicate copies of one article count once, and so do claims whose words around them are the same in several articles (a navigation box or template sentence copied into each)", "3"),
        _field("doc_ids", _STR_LIST, "those documents, sorted", "['3f9a…']"),
        _field("n_mentions", pa.int64(), "claims merged into it", "7"),
        _field("surfaces", _STR_LIST, "distinct surface forms, sorted", "['GDP比5%', 'GDPの5%']"),
        _field("claim_ids", _STR_LIST, "the claims merged into it, sorted", "['c0ffee…']"),
        _field("conflict_group", pa.string(), "facts on the same subject, unit and time with different values share it", "k1a2b3c4d5e6f708", nullable=True),
    ]),
    key=("fact_id",),
    sort=("fact_id",),
)

REJECTS = TableSpec(
    "rejects",
    "Files, and rows of JSON Lines or CSV/TSV files, that were not analysed, with the reason in words.",
    pa.schema([
        _field("path", pa.string(), "path relative to the corpus folder", "broken/image.txt"),
        _field("row", pa.int64(), "the line the rejected row starts on, from 1 (as documents.row); null when the whole file is rejected", "4", nullable=True),
        _field("reason", pa.string(), "short code, one of the keys of pipeline/errors.py REJECT_REASONS: empty, blank, binary, nul_bytes, undecodable, unreadable, not_a_file, symlink_loop, outside_corpus, too_large, analysis_failed; "
               "for rows: bad_json, not_an_object, bad_csv_row, missing_text, bad_field, bad_date; for files of rows or pages: no_text_field, no_rows, no_article_text", "binary"),
        _field("detail", pa.string(), "what was found and what to do", "looks like a PNG image, not text"),
    ]),
    key=("path", "row"),
    sort=("path", "row"),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in (DOCUMENTS, SENTENCES, TOKENS, MENTIONS, ENTITIES, CLAIMS, FACTS, REJECTS)}


def empty_frame(spec: TableSpec) -> pd.DataFrame:
    return spec.schema.empty_table().to_pandas()


def output_schema(spec: TableSpec) -> pa.Schema:
    """The schema a table is written with: its fields and, as metadata, its name, doc and version."""
    return spec.schema.with_metadata({"table": spec.name, "doc": spec.doc, "schema_version": SCHEMA_VERSION})


def to_arrow(spec: TableSpec, frame: pd.DataFrame, originals: dict[str, str] | None = None) -> pa.Table:
    """Check `frame` against the table's declared schema and return it as a sorted Arrow table.

    `originals` maps content/doc ids to original texts for the offset check; pass it for
    tables with offsets to prove `original[start:end]` is the row's text.
    """
    missing = [n for n in spec.schema.names if n not in frame.columns]
    extra = [c for c in frame.columns if c not in spec.schema.names]
    if missing or extra:
        raise SchemaViolation(spec.name, f"columns missing {missing}, unexpected {extra}")
    frame = frame[spec.schema.names]
    if len(frame):
        frame = frame.sort_values(list(spec.sort), kind="stable").reset_index(drop=True)
    for field in spec.schema:
        nulls = int(frame[field.name].isna().sum()) if not field.nullable else 0
        if nulls:
            raise SchemaViolation(spec.name, f"column {field.name} has {nulls} nulls")
    try:
        table = pa.Table.from_pandas(frame, schema=spec.schema, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as exc:
        raise SchemaViolation(spec.name, f"types do not fit the schema: {exc}") from exc
    table = table.replace_schema_metadata(output_schema(spec).metadata)
    if len(frame) and frame.duplicated(list(spec.key)).any():
        dup = frame[frame.duplicated(list(spec.key), keep=False)].head(3)[list(spec.key)].to_dict("records")
        raise SchemaViolation(spec.name, f"key {spec.key} is not unique, e.g. {dup}")
    if "start" in spec.schema.names and len(frame):
        bad = frame[(frame["start"] < 0) | (frame["end"] < frame["start"])]
        if len(bad):
            raise SchemaViolation(spec.name, f"{len(bad)} rows with start < 0 or end < start")
        if originals is not None:
            check_offsets(spec, frame, originals)
    return table


def check_offsets(spec: TableSpec, frame: pd.DataFrame, originals: dict[str, str]) -> None:
    """Every row's offsets lie within its document and, where it has text, `original[start:end]` is it.

    The range check is vectorised (tokens run to millions of rows); the text check compares strings.
    """
    if frame.empty:
        return
    unknown = set(frame["doc_id"].unique()) - set(originals)
    if unknown:
        raise SchemaViolation(spec.name, f"rows of unknown document(s) {sorted(unknown)[:3]}")
    lengths = frame["doc_id"].map({doc_id: len(text) for doc_id, text in originals.items()})
    beyond = frame[frame["end"] > lengths]
    if len(beyond):
        row = beyond.iloc[0]
        raise SchemaViolation(spec.name, f"offset {row.end} beyond the end of document {row.doc_id} ({len(originals[row.doc_id])} chars)")
    if spec.text_column:
        column = spec.text_column
        for doc_id, start, end, text in zip(frame["doc_id"], frame["start"], frame["end"], frame[column]):
            if originals[doc_id][start:end] != text:
                raise SchemaViolation(spec.name, f"{column} {text!r} is not original[{start}:{end}] of {doc_id}")
