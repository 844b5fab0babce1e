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

import datetime
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.config import Config
from pipeline.crossdoc import linking
from pipeline.errors import OutOfMemory, OutputNotWritable
from pipeline.ids import stable_id
from pipeline.output import schemas, store, tablefiles


def documents_frame(records, cache: store.AnalysisCache) -> pd.DataFrame:
    """The documents table from the run's records (run.DocRecord) and the cached titles and datelines."""
    rows = []
    seen_bytes: set[str] = set()
    for doc in sorted(records, key=lambda d: d.path):
        meta = _cached_meta(cache, doc.analysis_key)
        rows.append({
            "doc_id": doc.doc_id, "path": doc.path, **meta,
            "encoding": doc.encoding, "n_chars": doc.n_chars, "content_id": doc.content_id,
            "status": "duplicate" if doc.doc_id in seen_bytes else "ok", "analysis_key": doc.analysis_key,
        })
        seen_bytes.add(doc.doc_id)
    return pd.DataFrame(rows, columns=[*schemas.DOCUMENTS.schema.names, "analysis_key"])


def _cached_meta(cache: store.AnalysisCache, key: str) -> dict:
    """The documents columns the analysis of the text gave: title, published, reference date and its source."""
    meta = cache.load_meta(key)

    def day(name: str):
        return datetime.date.fromisoformat(meta[name]) if meta.get(name) else None

    return {"title": meta.get("title"), "published": day("published"), "reference_date": day("reference_date"),
            "reference_source": meta.get("reference_source")}


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
    ("fact_id", pa.string()), ("f_subject", pa.string()), ("f_actor", pa.string()), ("f_unit", pa.string()), ("f_base", pa.string()),
    ("f_value", pa.float64()), ("f_low", pa.float64()), ("f_high", pa.float64()), ("f_frame", pa.string()),
])

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
        counts, mention_files, claim_files = _document_tables(doc_frame, cache, gazetteer, staging, work, timed)
        with timed("link"):
            counts |= link_and_merge_keyed(mention_files, claim_files, gazetteer, config, staging, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return counts


def _document_tables(doc_frame: pd.DataFrame, cache: store.AnalysisCache, gazetteer, staging: Path, work: Path, timed) -> tuple[dict[str, int], list[Path], list[Path]]:
    """sentences, tokens and claims written; keyed mentions and fact claims into work files."""
    from pipeline.crossdoc.facts import claim_fact_keys, lemma_normaliser
    from pipeline.crossdoc.linking import mention_keys

    writers = {name: tablefiles.ChunkedTableWriter(staging / f"{name}.parquet", schemas.output_schema(schemas.TABLES[name])) for name in ("sentences", "tokens", "claims")}
    mention_files: list[Path] = []
    claim_files: list[Path] = []
    lemma_key = lemma_normaliser()
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
            keyed = mention_keys(tables["mentions"], gazetteer)
            mention_files.append(_write_work(keyed, KEYED_MENTIONS, work / f"mentions-{len(mention_files):05d}.parquet"))
            keyed = claim_fact_keys(claims, gazetteer, lemma_key)
            facts_only = keyed[keyed["fact_id"].notna()]
            if len(facts_only):
                claim_files.append(_write_work(facts_only, KEYED_CLAIMS, work / f"claims-{len(claim_files):05d}.parquet"))
        with timed("write"):
            writers["claims"].write(schemas.to_arrow(schemas.CLAIMS, keyed[schemas.CLAIMS.schema.names], originals))
    with timed("write"):
        for writer in writers.values():
            writer.close()
    return {name: writer.rows for name, writer in writers.items()}, mention_files, claim_files


def _write_work(frame: pd.DataFrame, schema: pa.Schema, path: Path) -> Path:
    pq.write_table(pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False), path)
    return path


def link_and_merge_keyed(mention_files: list[Path], claim_files: list[Path], gazetteer, config: Config, staging: Path, work: Path) -> dict[str, int]:
    import duckdb

    try:
        return _link_and_merge_in_duckdb(mention_files, claim_files, gazetteer, config, staging, work)
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


def _link_and_merge_in_duckdb(mention_files: list[Path], claim_files: list[Path], gazetteer, config: Config, staging: Path, work: Path) -> dict[str, int]:
    from pipeline.crossdoc import facts, linking
    from pipeline.crossdoc.duck import batches, connect, parquet_view

    with connect(memory_limit=config.link_memory, spill_to=work / "spill", threads=max(config.workers, 1)) as con:
        parquet_view(con, "keyed_mentions", mention_files, KEYED_MENTIONS)
        parquet_view(con, "keyed_claims", claim_files, KEYED_CLAIMS)
        linking.merge_entities(con, gazetteer)
        entities = _write_frames(schemas.ENTITIES, linking.entity_frames(con), staging)
        mentions = _write_frames(schemas.MENTIONS, (batch.to_pandas() for batch in batches(con, _MENTIONS_SQL)), staging)
        duplicated = con.sql("SELECT count(*) - count(DISTINCT doc_id || chr(31) || start || chr(31) || \"end\" || chr(31) || label) FROM mention_groups").fetchall()[0][0]
        if duplicated:
            raise schemas.SchemaViolation("mentions", f"key ('mention_id',) is not unique: {duplicated} repeated")
        facts_rows = _write_frames(schemas.FACTS, facts.fact_frames(con), staging)
    return {"mentions": mentions, "entities": entities, "facts": facts_rows}


def _write_frames(spec: schemas.TableSpec, frames: Iterator[pd.DataFrame], staging: Path) -> int:
    """Check each frame (consecutive rows of the table) against the table's schema and write it; the row count."""
    writer = tablefiles.ChunkedTableWriter(staging / f"{spec.name}.parquet", schemas.output_schema(spec))
    for frame in frames:
        writer.write(schemas.to_arrow(spec, frame))
    writer.close()
    return writer.rows


def write(spec: schemas.TableSpec, frame: pd.DataFrame, staging: Path) -> None:
    tablefiles.write_table(schemas.to_arrow(spec, frame), staging / f"{spec.name}.parquet")
