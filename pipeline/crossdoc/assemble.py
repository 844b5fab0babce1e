"""Stage assemble: the output tables, built from the analysis cache of the documents read.

    documents ─► per chunk of documents: sentences, tokens, claims written; keyed mentions and
                 fact claims into work files ─► DuckDB over the work files: entities, mentions
                 with their entity, facts

The cached parts are read once, a document at a time; memory holds one chunk of documents and
DuckDB's budget (config.link_memory, beyond which it spills to disk), not the corpus.
run.py imports this module only when the tables must be rebuilt: a run on an unchanged corpus
never pays for importing pandas and pyarrow.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import datetime
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.config import Config
from pipeline.crossdoc import duplicates, linking
from pipeline.crossdoc.facts import KEY_COLUMNS as FACT_KEY_COLUMNS
from pipeline.analysis.entities.outlets import is_news_outlet
from pipeline.errors import OutOfMemory, OutputNotWritable
from pipeline.ids import stable_id
from pipeline.output import schemas, store, tablefiles


def documents_frame(records, cache: store.AnalysisCache, lang: str = "ja") -> pd.DataFrame:
    """The documents table from the run's records (run.DocRecord: path, row and what the input's
    metadata says) and the cached titles and datelines. A title given with the input wins over the
    heading the analysis found. Status: duplicate (an earlier document has the same doc_id), else,
    with lang "ja" (--lang ja), not_japanese when no analysed unit is Japanese, else ok."""
    rows = []
    seen_bytes: set[str] = set()
    for doc in sorted(records, key=lambda d: (d.path, -1 if d.row is None else d.row)):
        meta = _cached_meta(cache, doc.analysis_key)
        japanese = meta.pop("japanese")
        status = "duplicate" if doc.doc_id in seen_bytes else "not_japanese" if lang == "ja" and not japanese else "ok"
        rows.append({
            "doc_id": doc.doc_id, "path": doc.path, "row": doc.row, "input_format": doc.input_format, "input_id": doc.input_id,
            **meta, "title": doc.title or meta["title"], "url": doc.url, "source": doc.source, "input_lang": doc.input_lang,
            "encoding": doc.encoding, "n_chars": doc.n_chars, "content_id": doc.content_id,
            "status": status, "analysis_key": doc.analysis_key,
        })
        seen_bytes.add(doc.doc_id)
    frame = pd.DataFrame(rows, columns=[*schemas.DOCUMENTS.schema.names, "analysis_key"]).astype({"row": "Int64"})
    keys = dict(frame.drop_duplicates("doc_id")[["doc_id", "analysis_key"]].itertuples(index=False))
    frame["near_duplicate_of"] = duplicates.near_duplicate_of(frame, lambda doc_id: cache.load(keys[doc_id], "sentences"))
    return frame


def _cached_meta(cache: store.AnalysisCache, key: str) -> dict:
    """The documents columns the analysis of the text gave: title, published, reference date and its source."""
    meta = cache.load_meta(key)

    def day(name: str):
        return datetime.date.fromisoformat(meta[name]) if meta.get(name) else None

    return {"title": meta.get("title"), "published": day("published"), "reference_date": day("reference_date"),
            "reference_source": meta.get("reference_source"), "japanese": meta.get("japanese", True)}


# The cached parts are read once, a document at a time, and checked and written in chunks of
# documents: one schema check per chunk instead of per document (4,000 short documents: ~10x
# less time), and memory holds one chunk, not the tables. Row groups have a fixed size
# (tablefiles.ChunkedTableWriter), so chunk boundaries never show in the files.
CHUNK_ROWS = 100_000
CHUNK_DOCS = 1_000


@dataclass
class _Chunk:
    tables: dict[str, pd.DataFrame]  # each part table of the chunk's documents, doc_id first
    originals: dict[str, str]  # doc_id -> original text


def _chunks(doc_frame: pd.DataFrame, cache: store.AnalysisCache) -> Iterator[_Chunk]:
    """Every part table of consecutive documents (doc_id order), with their originals."""
    parts: dict[str, list[pa.Table]] = {name: [] for name in store.PART_TABLES}
    doc_ids: list[str] = []
    originals: dict[str, str] = {}
    rows = 0
    for doc_id, key in _unique_docs(doc_frame).itertuples(index=False):
        text, tables = cache.load_all(key)
        for name in store.PART_TABLES:
            parts[name].append(tables[name])
        doc_ids.append(doc_id)
        originals[doc_id] = text
        rows += max(t.num_rows for t in tables.values())
        if rows >= CHUNK_ROWS or len(doc_ids) >= CHUNK_DOCS:
            yield _chunk(parts, doc_ids, originals)
            parts, doc_ids, originals, rows = {name: [] for name in store.PART_TABLES}, [], {}, 0
    if doc_ids:
        yield _chunk(parts, doc_ids, originals)


def _chunk(parts: dict[str, list[pa.Table]], doc_ids: list[str], originals: dict[str, str]) -> _Chunk:
    tables = {}
    for name, pieces in parts.items():
        table = pa.concat_tables(pieces)
        doc_id = pa.array(np.repeat(np.array(doc_ids, dtype=object), [t.num_rows for t in pieces]), pa.string())
        tables[name] = table.add_column(0, "doc_id", doc_id).to_pandas()
    return _Chunk(tables, originals)


def _unique_docs(doc_frame: pd.DataFrame) -> pd.DataFrame:
    """One row per doc_id (files with identical bytes share their rows), in doc_id order."""
    return doc_frame.drop_duplicates("doc_id").sort_values("doc_id")[["doc_id", "analysis_key"]]


# The cross-article step in two passes. Per chunk of whole documents (pandas): check the parts,
# write the per-document tables, compute each mention's and claim's keys (linking.mention_keys,
# facts.claim_fact_keys) and write the keyed rows into work files. Then over all work files
# (DuckDB, spilling past config.link_memory): entities, mentions with their entity, facts.
# Memory holds a chunk of documents and DuckDB's budget, not the corpus.
KEYED_MENTIONS = pa.schema([
    ("doc_id", pa.string()), ("sent_idx", pa.int32()), ("start", pa.int64()), ("end", pa.int64()),
    ("text", pa.string()), ("norm_text", pa.string()), ("label", pa.string()), ("label_ene", pa.string()),
    ("role", pa.string()), ("source", pa.string()),
    *((column, pa.string()) for column in linking.KEY_COLUMNS),
])
KEYED_CLAIMS = pa.schema([
    ("claim_id", pa.string()), ("doc_id", pa.string()), ("sent_idx", pa.int32()), ("kind", pa.string()), ("text", pa.string()),
    ("copy_key", pa.string()),
    *((column, pa.float64() if column in ("f_value", "f_low", "f_high", "c_low", "c_high") else pa.string())
      for column in FACT_KEY_COLUMNS),
])
# The claims table without the columns only the cross-article step knows (fact_id, holder_entity_id):
# each chunk's claims wait in work files and are written once the facts are merged.
_CLAIM_LATE_COLUMNS = ("fact_id", "holder_entity_id")
CLAIM_ROWS = pa.schema([f for f in schemas.CLAIMS.schema if f.name not in _CLAIM_LATE_COLUMNS])
_CLAIMS_SQL = f"""
SELECT c.*, f.fact_id, h.entity_id AS holder_entity_id
FROM claim_rows c LEFT JOIN claim_facts f USING (claim_id) LEFT JOIN claim_holders h USING (claim_id)
ORDER BY c.doc_id, c.start, c."end"
"""
# A claim's holder is an entity of the corpus when a mention of its document has that surface
# (the one entity with the most mentions there, then the smallest id, when surfaces are shared).
_CLAIM_HOLDERS_SQL = """
CREATE OR REPLACE TABLE claim_holders AS
SELECT c.claim_id, arg_min(m.entity_id, (-m.n, m.entity_id)) AS entity_id
FROM (SELECT claim_id, doc_id, holder FROM claim_rows WHERE holder IS NOT NULL) c
JOIN (SELECT g.doc_id, g.surface, e.entity_id, count(*) AS n FROM mention_groups g JOIN entities e USING (group_key)
      GROUP BY g.doc_id, g.surface, e.entity_id) m ON m.doc_id = c.doc_id AND m.surface = c.holder
GROUP BY c.claim_id
"""

_MENTIONS_SQL = """
SELECT substr(sha256('mention' || chr(31) || m.doc_id || chr(31) || m.start::VARCHAR || chr(31) || m."end"::VARCHAR || chr(31) || m.label), 1, 16) AS mention_id,
       m.doc_id, m.sent_idx, m.start, m."end", m.text, m.norm_text, m.label, m.label_ene, m.role, m.source, e.entity_id
FROM mention_groups m JOIN entities e USING (group_key)
ORDER BY m.doc_id, m.start, m."end", m.label
"""


def document_tables_and_merges(doc_frame: pd.DataFrame, cache: store.AnalysisCache, config: Config, staging: Path, timed) -> dict[str, int]:
    from pipeline.analysis.entities.gazetteer import load_gazetteer

    gazetteer = load_gazetteer(config.gazetteer)
    work = staging / ".work"
    work.mkdir()
    try:
        counts, mention_files, claim_files, row_files = _document_tables(doc_frame, cache, gazetteer, staging, work, timed)
        with timed("link"):
            counts |= link_and_merge_keyed(mention_files, claim_files, gazetteer, config, staging, work, row_files,
                                           doc_sources=duplicates.doc_sources(doc_frame))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return counts


def _document_tables(doc_frame: pd.DataFrame, cache: store.AnalysisCache, gazetteer, staging: Path, work: Path, timed) -> tuple[dict[str, int], list[Path], list[Path]]:
    """sentences, tokens and claims written; keyed mentions and fact claims into work files."""
    from pipeline.crossdoc.facts import claim_fact_keys, lemma_normaliser
    from pipeline.crossdoc.linking import mention_keys

    writers = {name: tablefiles.ChunkedTableWriter(staging / f"{name}.parquet", schemas.output_schema(schemas.TABLES[name])) for name in ("sentences", "tokens")}
    mention_files: list[Path] = []
    claim_files: list[Path] = []
    row_files: list[Path] = []
    claim_rows = 0
    lemma_key = lemma_normaliser()
    with timed("link"):
        dates = {d: (None if pd.isna(r) else pd.Timestamp(r).date()) for d, r in zip(doc_frame["doc_id"], doc_frame["reference_date"])}
        stories = document_stories({doc_id: salient_entities(cache.load(key, "mentions").to_pandas())
                                    for doc_id, key in _unique_docs(doc_frame).itertuples(index=False)}, dates)
    with timed("write"):
        chunks = _chunks(doc_frame, cache)
    while True:
        with timed("write"):
            chunk = next(chunks, None)
            if chunk is None:
                break
            tables, originals = chunk.tables, chunk.originals
            for name in ("sentences", "tokens"):
                writers[name].write(schemas.to_arrow(schemas.TABLES[name], tables[name], originals))
            claims = tables["claims"]
            claims.insert(0, "claim_id", [stable_id("claim", d, s, e) for d, s, e in zip(claims.doc_id, claims.start, claims.end)])
            schemas.check_offsets(schemas.MENTIONS, tables["mentions"], originals)
        with timed("link"):
            keyed = mention_keys(tables["mentions"], gazetteer, originals)
            mention_files.append(_write_work(keyed, KEYED_MENTIONS, work / f"mentions-{len(mention_files):05d}.parquet"))
            keyed = claim_fact_keys(claims, gazetteer, lemma_key, stories)
            facts_only = keyed[keyed["group_id"].notna()].copy()
            facts_only["copy_key"] = [copy_key(originals[d], a, b) for d, a, b in zip(facts_only["doc_id"], facts_only["start"], facts_only["end"])]
            if len(facts_only):
                claim_files.append(_write_work(facts_only, KEYED_CLAIMS, work / f"claims-{len(claim_files):05d}.parquet"))
        with timed("write"):
            keyed["holder"] = keyed["f_actor"]
            full = keyed.assign(**{c: None for c in _CLAIM_LATE_COLUMNS})
            checked = schemas.to_arrow(schemas.CLAIMS, full[schemas.CLAIMS.schema.names], originals)
            row_files.append(_write_rows(checked.select(CLAIM_ROWS.names).cast(CLAIM_ROWS), work / f"claim-rows-{len(row_files):05d}.parquet"))
            claim_rows += checked.num_rows
    with timed("write"):
        for writer in writers.values():
            writer.close()
    counts = {name: writer.rows for name, writer in writers.items()} | {"claims": claim_rows}
    return counts, mention_files, claim_files, row_files


# The labels of the entities an article is about, for its story (document_stories).
_TOPIC_LABELS = ("GPE", "LOC", "ORG", "PERSON", "FAC", "EVENT")
SALIENT_PER_DOCUMENT = 3  # the entities an article names most
SHARED_FOR_STORY = 2  # salient entities two articles must share to tell one story
# An entity salient in more articles than this (at least 5) says nothing of the story (日本 in Japanese news).
UBIQUITOUS_SHARE = 0.05
# Articles further apart than this (by reference date) tell different stories, whatever they share: the
# May and the August earthquakes of Sichuan. An article without a reference date is its own story.
STORY_DAYS = 60
# The unit of an article that is its headline (the title line comes first).
HEADLINE_UNIT = 0


_DATE_NAME = re.compile(r"[0-9０-９]+(?:年|月|日)")


def salient_entities(mentions: pd.DataFrame) -> list[str]:
    """The keys of the entities one article names most (ties: the smallest key), among places,
    organisations, people, facilities and events, news outlets left out."""
    named = mentions[mentions["label"].isin(_TOPIC_LABELS) & mentions["key"].notna()]
    if not named.empty:
        # Outlets tell who reports, and a date GiNZA took for an event (9月15日) any story's day; an
        # outlet the headline names is what the article reports on (関西テレビ in its own scandal):
        # headlines do not cite their sources, while ロイター may be cited nine times in one article.
        in_headline = set(named.loc[named["sent_idx"] == HEADLINE_UNIT, "key"]) if "sent_idx" in named else set()
        left_out = [(is_news_outlet(t, e) and k not in in_headline) or bool(_DATE_NAME.search(t))
                    for t, e, k in zip(named["text"], named["label_ene"], named["key"])]
        named = named[~np.array(left_out, dtype=bool)]
    if named.empty:
        return []
    counts = named.groupby("key").size().reset_index(name="n").sort_values(["n", "key"], ascending=[False, True])
    # (ties past the third are cut by key order: taking them in linked unrelated stories of the 800 news
    # articles through the countries tied at two mentions, イギリス in a Turkish and a Russian story)
    return list(counts["key"][:SALIENT_PER_DOCUMENT])


def document_stories(salient: dict[str, list[str]], dates: dict[str, datetime.date | None]) -> dict[str, str]:
    """doc_id -> its story: the articles linked, directly or through others, by sharing at least
    SHARED_FOR_STORY of their salient entities, or when one's most-named entity is salient in the
    other (the 羽越線 derailment and its follow-ups: JR東日本; the Kashmir earthquake: パキスタン), leaving out entities salient almost everywhere, and only when
    written within STORY_DAYS of each other (a chain of such articles is one story). A story is
    named by its smallest doc_id; an article that shares nothing is its own story. Numbers with neither holder nor
    time corroborate only within a story (facts.claim_fact_keys): the 死者3人 of two unrelated fires
    are not one fact."""
    spread = Counter(k for keys in salient.values() for k in set(keys))
    limit = max(5, UBIQUITOUS_SHARE * len(salient))
    telling = {doc: sorted({k for k in keys if spread[k] <= limit}) for doc, keys in salient.items()}
    parent = {doc: doc for doc in salient}

    def root(doc: str) -> str:
        while parent[doc] != doc:
            parent[doc] = parent[parent[doc]]
            doc = parent[doc]
        return doc

    by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc in sorted(telling):
        keys = telling[doc]
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                by_pair[(a, b)].append(doc)
    by_top: dict[str, list[str]] = defaultdict(list)  # articles whose most-named entity another names much (パキスタン)
    for doc in sorted(salient):
        if salient[doc] and spread[salient[doc][0]] <= limit:
            by_top[salient[doc][0]].append(doc)
    for doc in sorted(telling):
        for key in telling[doc]:
            if key in by_top and doc not in by_top[key]:
                by_top[key].append(doc)
    for docs in [*by_pair.values(), *by_top.values()]:  # SHARED_FOR_STORY == 2: any shared pair of salient entities links
        dated = sorted((dates[d], d) for d in docs if dates.get(d) is not None)
        for (day_a, a), (day_b, b) in zip(dated, dated[1:]):
            if (day_b - day_a).days <= STORY_DAYS:
                ra, rb = root(a), root(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    return {doc: root(doc) for doc in sorted(salient)}


# A claim whose words around it are the same in several articles was copied (a navigation box or a
# related-headlines list pasted into every article of a category, a template sentence): the copies
# are one source of the fact, not several (facts.n_sources).
COPY_WINDOW = 20


def copy_key(original: str, start: int, end: int) -> str:
    """The claim with COPY_WINDOW characters either side, spaces left out, as an id."""
    window = original[max(0, start - COPY_WINDOW) : end + COPY_WINDOW]
    return stable_id("copy", "".join(window.split()))


def _write_rows(table: pa.Table, path: Path) -> Path:
    pq.write_table(table, path)
    return path


def _write_work(frame: pd.DataFrame, schema: pa.Schema, path: Path) -> Path:
    pq.write_table(pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False), path)
    return path


def link_and_merge_keyed(mention_files: list[Path], claim_files: list[Path], gazetteer, config: Config, staging: Path, work: Path,
                         row_files: list[Path] | None = None, doc_sources: pd.DataFrame | None = None) -> dict[str, int]:
    """Entities, mentions and facts from the keyed work files; the claims table too when their
    `row_files` are given (the benchmark of this step has none). `doc_sources` (doc_id, source_id:
    duplicates.doc_sources) counts near-duplicate copies once in facts.n_sources; without it every
    document is its own source."""
    import duckdb

    try:
        return _link_and_merge_in_duckdb(mention_files, claim_files, gazetteer, config, staging, work, row_files, doc_sources)
    except duckdb.OutOfMemoryException as exc:
        raise OutOfMemory(
            f"the cross-article step needs more than --link-memory {config.link_memory}: {str(exc).splitlines()[0]}",
            "run again with a larger --link-memory (e.g. 4GB), or fewer --workers (fewer DuckDB threads)",
        ) from None
    except duckdb.IOException as exc:
        raise OutputNotWritable(
            f"the cross-article step could not spill to {work}: {str(exc).splitlines()[0]}",
            "free disk space under --out and run again (the previous outputs are intact)",
        ) from None


def _link_and_merge_in_duckdb(mention_files: list[Path], claim_files: list[Path], gazetteer, config: Config, staging: Path, work: Path,
                              row_files: list[Path] | None, doc_sources: pd.DataFrame | None = None) -> dict[str, int]:
    from pipeline.crossdoc import facts, linking
    from pipeline.crossdoc.duck import batches, connect, parquet_view

    with connect(memory_limit=config.link_memory, spill_to=work / "spill", threads=max(config.workers, 1)) as con:
        parquet_view(con, "keyed_mentions", mention_files, KEYED_MENTIONS)
        parquet_view(con, "keyed_claims", claim_files, KEYED_CLAIMS)
        parquet_view(con, "claim_rows", row_files or [], CLAIM_ROWS)
        if doc_sources is not None:
            con.register("doc_sources", doc_sources)
        linking.merge_entities(con, gazetteer)
        entities = _write_frames(schemas.ENTITIES, linking.entity_frames(con), staging)
        mentions = _write_frames(schemas.MENTIONS, (batch.to_pandas() for batch in batches(con, _MENTIONS_SQL)), staging)
        duplicated = con.sql("SELECT count(*) - count(DISTINCT doc_id || chr(31) || start || chr(31) || \"end\" || chr(31) || label) FROM mention_groups").fetchall()[0][0]
        if duplicated:
            raise schemas.SchemaViolation("mentions", f"key ('mention_id',) is not unique: {duplicated} repeated")
        if row_files is not None:
            con.execute(_CLAIM_HOLDERS_SQL)
        facts_rows = _write_frames(schemas.FACTS, facts.fact_frames(con), staging)
        if row_files is None:
            return {"mentions": mentions, "entities": entities, "facts": facts_rows}
        claims = _write_frames(schemas.CLAIMS, (batch.to_pandas() for batch in batches(con, _CLAIMS_SQL)), staging)
    return {"mentions": mentions, "entities": entities, "facts": facts_rows, "claims": claims}


def _write_frames(spec: schemas.TableSpec, frames: Iterator[pd.DataFrame], staging: Path) -> int:
    """Check each frame (consecutive rows of the table) against the table's schema and write it; the row count."""
    writer = tablefiles.ChunkedTableWriter(staging / f"{spec.name}.parquet", schemas.output_schema(spec))
    for frame in frames:
        writer.write(schemas.to_arrow(spec, frame))
    writer.close()
    return writer.rows


def write(spec: schemas.TableSpec, frame: pd.DataFrame, staging: Path) -> None:
    tablefiles.write_table(schemas.to_arrow(spec, frame), staging / f"{spec.name}.parquet")
