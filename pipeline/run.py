"""The wiring: which stage feeds which, where the per-document work runs, and what gets written.

    ingest ─► analyse (per text, cached, on local processes or Dask) ─► link entities, merge facts ─► write
"""

from __future__ import annotations

import datetime
import json
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import ingest, schemas, store
from .analyse import AnalysisFailure, Saved, cache_meta
from .config import Config
from .errors import ExitCode, OutOfMemory, OutputNotWritable, PipelineError, reject_message
from .ids import stable_id
from .ingest import Reject
from .report import write_report

Progress = Callable[[str, int], None]  # (stage, items done since last call)
log = logging.getLogger(__name__)


@dataclass
class RunReport:
    counts: dict[str, int] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall seconds of this run's stages
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # CPU seconds per stage, all workers summed
    worker_seconds: dict[str, float] = field(default_factory=dict)  # wall seconds per worker stage, summed
    analysed: int = 0  # texts analysed in this run
    reused: int = 0  # texts whose cached analysis was reused
    chars: int = 0  # characters of the documents read
    workers: dict[str, int] = field(default_factory=dict)  # worker -> times it loaded the models
    up_to_date: bool = False  # nothing changed since the last run: only the manifest was rewritten
    exit_code: ExitCode = ExitCode.OK


@dataclass(frozen=True)
class DocRecord:
    """What the run keeps of a read document: never its text (that is in the cache)."""

    path: str
    doc_id: str
    content_id: str
    encoding: str
    n_chars: int


class _Timer:
    """Wall and CPU seconds of the stages run in this process."""

    def __init__(self, report: RunReport):
        self.report = report

    def __call__(self, stage: str, *, wall: bool = True, cpu: bool = True):
        report = self.report

        class _Span:
            def __enter__(self):
                self.t0, self.c0 = time.perf_counter(), time.process_time()

            def __exit__(self, *exc):
                if wall:
                    report.seconds[stage] = round(report.seconds.get(stage, 0.0) + time.perf_counter() - self.t0, 3)
                if cpu:
                    report.cpu_seconds[stage] = round(report.cpu_seconds.get(stage, 0.0) + time.process_time() - self.c0, 3)

        return _Span()


def extract(config: Config, progress: Progress | None = None) -> RunReport:
    """Run every stage over `config.corpus` and write the tables to `config.out`.

    Files are read, hashed and checked against the cache a batch at a time, while earlier
    batches are analysed: memory holds the texts of the batches in flight, not the corpus.
    """
    report = RunReport()
    timed = _Timer(report)
    tick = progress or (lambda stage, n: None)
    with store.output_lock(config.out):
        with timed("ingest"):
            discovery = ingest.discover(config.corpus, extensions=config.extensions, follow_links=config.follow_links, exclude=(config.out,))
            report.ignored = list(discovery.ignored)
        fingerprint = config.analysis_fingerprint()
        cache = store.AnalysisCache(config.out, fingerprint)
        with timed("analyse", cpu=False):  # its CPU seconds are counted per stage, here and in the workers
            records, rejects = _read_and_analyse(discovery.sources, cache, config, fingerprint, report, timed, tick)
        rejects = sorted([*discovery.rejects, *rejects], key=lambda r: r.path)
        report.rejects = rejects
        report.chars = sum(r.n_chars for r in records)
        run_key = _run_key(fingerprint, records, rejects, report.ignored)
        if report.analysed == 0 and _outputs_match(config.out, run_key):
            _rewrite_manifest(config, records, report, run_key, timed)
        else:
            _write_outputs(config, records, cache, report, run_key, timed)
        with timed("write"):
            cache.prune({r.content_id for r in records})
    report.exit_code = ExitCode.SOME_REJECTED if (rejects and config.strict) else ExitCode.OK
    return report


def _read_and_analyse(sources, cache: store.AnalysisCache, config: Config, fingerprint: str, report: RunReport, timed: _Timer, tick: Progress) -> tuple[list[DocRecord], list[Reject]]:
    """Read every source, analyse the texts the cache lacks, save their parts; records and rejects."""
    from .executors import on_dask, run_batches

    records: list[DocRecord] = []
    rejects: list[Reject] = []
    # Few texts: smaller batches, so that every worker gets one. Many: batch_docs bounds worker memory.
    workers = max(config.workers, config.dask_workers, 1)
    batch_docs = max(1, min(config.batch_docs, -(-len(sources) // workers)))
    save_here = on_dask(config)  # Dask workers send analyses back; local workers save them themselves
    reading: dict[str, str] = {}  # content_id -> text, for texts sent to Dask and not yet saved
    failed: dict[str, str] = {}  # content_id -> why its analysis failed

    def batches_to_analyse() -> Iterator[list[tuple[str, str]]]:
        seen: set[str] = set()
        batch: list[tuple[str, str]] = []
        for source in sources:
            with timed("ingest", wall=False):
                read = ingest.read_document(source, max_bytes=config.max_bytes)
                tick("ingest", 1)
                if isinstance(read, Reject):
                    rejects.append(read)
                    continue
                records.append(DocRecord(read.path, read.doc_id, read.content_id, read.encoding, len(read.text)))
                if read.content_id in seen:
                    continue
                seen.add(read.content_id)
                if config.use_cache and cache.has(read.content_id):
                    report.reused += 1
                    continue
                if save_here:
                    reading[read.content_id] = read.text
                batch.append((read.content_id, read.text))
            if len(batch) >= batch_docs:
                yield batch
                batch = []
        if batch:
            yield batch

    gazetteer = str(config.gazetteer) if config.gazetteer else None
    save_to = None if save_here else (str(config.out), fingerprint)
    for result in run_batches(batches_to_analyse(), gazetteer, config, save_to=save_to):
        _check_worker(result, fingerprint)
        log.info("analysed %d text(s) on worker %s (models loaded %d time(s) there)", len(result.results), result.worker, result.model_loads)
        report.workers[result.worker] = max(report.workers.get(result.worker, 0), result.model_loads)
        for totals, seconds_by_stage in ((report.cpu_seconds, result.clock.cpu), (report.worker_seconds, result.clock.wall)):
            for stage, seconds in seconds_by_stage.items():
                totals[stage] = round(totals.get(stage, 0.0) + seconds, 3)
        for content_id, analysis in result.results:
            text = reading.pop(content_id, None)
            if isinstance(analysis, AnalysisFailure):
                failed[content_id] = analysis.detail
                continue
            if not isinstance(analysis, Saved):
                with timed("cache", wall=False):
                    cache.save(content_id, text, analysis.parts, cache_meta(analysis))
            report.analysed += 1
            tick("analyse", 1)
    rejects += [Reject(r.path, "analysis_failed", failed[r.content_id]) for r in records if r.content_id in failed]
    return [r for r in records if r.content_id not in failed], rejects


def _check_worker(result, fingerprint: str) -> None:
    if result.fingerprint != fingerprint:
        raise PipelineError(
            f"worker {result.worker} runs other pipeline code or packages than this machine "
            f"(analysis fingerprint {result.fingerprint}, here {fingerprint})",
            "install the same uv.lock and the same checkout of the pipeline on every machine of the cluster",
        )


def _write_outputs(config: Config, records: list[DocRecord], cache: store.AnalysisCache, report: RunReport, run_key: str, timed: _Timer) -> None:
    with timed("write"):
        staging = store.begin_staging(config.out)
        doc_frame = _documents_frame(records, cache)
        report.counts["documents"] = len(doc_frame)
        _write(schemas.DOCUMENTS, doc_frame, staging)
        _write(schemas.REJECTS, pd.DataFrame([r.__dict__ for r in report.rejects], columns=["path", "reason", "detail"]), staging)
    report.counts |= _document_tables_and_merges(doc_frame, cache, config, staging, timed)
    with timed("report"):
        write_report(staging, staging / "report.html")
    with timed("write"):
        outputs = {p.name: p.stat().st_size for p in staging.iterdir()}
        _write_manifest(staging, _manifest(config, doc_frame["path"], doc_frame["doc_id"], report, run_key, outputs))
        store.commit(config.out)


def _rewrite_manifest(config: Config, records: list[DocRecord], report: RunReport, run_key: str, timed: _Timer) -> None:
    """Nothing the outputs depend on changed: keep the tables, record this run in a new manifest."""
    report.up_to_date = True
    with timed("write"):
        previous = json.loads((config.out / "manifest.json").read_text(encoding="utf-8"))
        report.counts = {k: v for k, v in previous["row_counts"].items() if k != "rejects"}
        staging = store.begin_staging(config.out)
        ordered = sorted(records, key=lambda r: r.path)
        manifest = _manifest(config, [r.path for r in ordered], [r.doc_id for r in ordered], report, run_key, previous["outputs"])
        _write_manifest(staging, manifest)
        store.commit(config.out)


def _write_manifest(staging: Path, manifest: dict) -> None:
    (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def _run_key(fingerprint: str, records: list[DocRecord], rejects: list[Reject], ignored: list[str]) -> str:
    """Everything the tables depend on: when it equals the last run's, so do the tables."""
    from .config import package_versions, source_hash

    parts = [schemas.SCHEMA_VERSION, fingerprint, source_hash(exclude=frozenset()), package_versions(("pandas", "pyarrow"))]
    parts += [f"{r.path}\x1e{r.doc_id}\x1e{r.content_id}\x1e{r.encoding}\x1e{r.n_chars}" for r in sorted(records, key=lambda r: r.path)]
    parts += [f"{r.path}\x1e{r.reason}\x1e{r.detail}" for r in rejects] + ignored
    return stable_id(*parts, length=32)


def _outputs_match(out: Path, run_key: str) -> bool:
    """The last complete run had the same key, and its files are all there at the sizes it wrote."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        outputs = manifest["outputs"]
        return manifest.get("run_key") == run_key and all(
            (out / name).stat().st_size == size for name, size in outputs.items() if name != "manifest.json"
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _documents_frame(records: list[DocRecord], cache: store.AnalysisCache) -> pd.DataFrame:
    rows = []
    seen_bytes: set[str] = set()
    for doc in sorted(records, key=lambda d: d.path):
        title, published = _cached_meta(cache, doc.content_id)
        rows.append({
            "doc_id": doc.doc_id, "path": doc.path, "title": title, "published": published,
            "encoding": doc.encoding, "n_chars": doc.n_chars, "content_id": doc.content_id,
            "status": "duplicate" if doc.doc_id in seen_bytes else "ok",
        })
        seen_bytes.add(doc.doc_id)
    return pd.DataFrame(rows, columns=schemas.DOCUMENTS.schema.names)


def _cached_meta(cache: store.AnalysisCache, content_id: str) -> tuple:
    meta = cache.load_meta(content_id)
    published = meta.get("published")
    return meta.get("title"), (datetime.date.fromisoformat(published) if published else None)


# The cached parts are read once, a document at a time, and checked and written in chunks of
# documents: one schema check per chunk instead of per document (4,000 short documents: ~10x
# less time), and memory holds one chunk, not the tables. Row groups have a fixed size
# (store.ChunkedTableWriter), so chunk boundaries never show in the files.
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
    for doc_id, content_id in _unique_docs(doc_frame).itertuples(index=False):
        text, tables = cache.load_all(content_id)
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
    return doc_frame.drop_duplicates("doc_id").sort_values("doc_id")[["doc_id", "content_id"]]


# The cross-article step in two passes. Per chunk of whole documents (pandas): check the parts,
# write the per-document tables, compute each mention's and claim's keys (linking.mention_keys,
# facts.claim_fact_keys) and write the keyed rows into work files. Then over all work files
# (DuckDB, spilling past config.link_memory): entities, mentions with their entity, facts.
# Memory holds a chunk of documents and DuckDB's budget, not the corpus.
_KEYED_MENTIONS = pa.schema([
    ("doc_id", pa.string()), ("sent_idx", pa.int32()), ("start", pa.int64()), ("end", pa.int64()),
    ("text", pa.string()), ("norm_text", pa.string()), ("label", pa.string()), ("label_ene", pa.string()),
    ("role", pa.string()), ("source", pa.string()),
    *((column, pa.string()) for column in ("surface", "gaz_key", "own_key", "full_last_key", "surname_key", "local_group")),
])
_KEYED_CLAIMS = pa.schema([
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


def _document_tables_and_merges(doc_frame: pd.DataFrame, cache: store.AnalysisCache, config: Config, staging: Path, timed: _Timer) -> dict[str, int]:
    from .gazetteer import load_gazetteer

    gazetteer = load_gazetteer(config.gazetteer)
    work = staging / ".work"
    work.mkdir()
    try:
        counts, mention_files, claim_files = _document_tables(doc_frame, cache, gazetteer, staging, work, timed)
        with timed("link"):
            counts |= _link_and_merge_keyed(mention_files, claim_files, gazetteer, config, staging, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return counts


def _document_tables(doc_frame: pd.DataFrame, cache: store.AnalysisCache, gazetteer, staging: Path, work: Path, timed: _Timer) -> tuple[dict[str, int], list[Path], list[Path]]:
    """sentences, tokens and claims written; keyed mentions and fact claims into work files."""
    from .facts import claim_fact_keys, lemma_normaliser
    from .linking import mention_keys

    writers = {name: store.ChunkedTableWriter(staging / f"{name}.parquet", schemas.output_schema(schemas.TABLES[name])) for name in ("sentences", "tokens", "claims")}
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
            mention_files.append(_write_work(keyed, _KEYED_MENTIONS, work / f"mentions-{len(mention_files):05d}.parquet"))
            keyed = claim_fact_keys(claims, gazetteer, lemma_key)
            facts_only = keyed[keyed["fact_id"].notna()]
            if len(facts_only):
                claim_files.append(_write_work(facts_only, _KEYED_CLAIMS, work / f"claims-{len(claim_files):05d}.parquet"))
        with timed("write"):
            writers["claims"].write(schemas.to_arrow(schemas.CLAIMS, keyed[schemas.CLAIMS.schema.names], originals))
    with timed("write"):
        for writer in writers.values():
            writer.close()
    return {name: writer.rows for name, writer in writers.items()}, mention_files, claim_files


def _write_work(frame: pd.DataFrame, schema: pa.Schema, path: Path) -> Path:
    pq.write_table(pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False), path)
    return path


def _link_and_merge_keyed(mention_files: list[Path], claim_files: list[Path], gazetteer, config: Config, staging: Path, work: Path) -> dict[str, int]:
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
    from . import facts, linking
    from .duck import batches, connect, parquet_view

    with connect(memory_limit=config.link_memory, spill_to=work / "spill", threads=max(config.workers, 1)) as con:
        parquet_view(con, "keyed_mentions", mention_files, _KEYED_MENTIONS)
        parquet_view(con, "keyed_claims", claim_files, _KEYED_CLAIMS)
        con.register("gazetteer", linking.gazetteer_frame(gazetteer))
        con.register("label_priority", linking.label_priority_frame())
        con.execute(linking.ENTITIES_SQL)
        entities = _write_batches(schemas.ENTITIES, batches(con, linking.ENTITY_TABLE_SQL), staging, lists=("aliases", "doc_ids"))
        mentions = _write_batches(schemas.MENTIONS, batches(con, _MENTIONS_SQL), staging)
        duplicated = con.sql("SELECT count(*) - count(DISTINCT doc_id || chr(31) || start || chr(31) || \"end\" || chr(31) || label) FROM mention_groups").fetchall()[0][0]
        if duplicated:
            raise schemas.SchemaViolation("mentions", f"key ('mention_id',) is not unique: {duplicated} repeated")
        con.execute(facts.FACTS_SQL)
        conflicts = facts.conflict_groups(con)
        writer = store.ChunkedTableWriter(staging / "facts.parquet", schemas.output_schema(schemas.FACTS))
        for batch in facts.fact_batches(con):
            writer.write(schemas.to_arrow(schemas.FACTS, facts.facts_frame(batch, conflicts)))
        writer.close()
    return {"mentions": mentions, "entities": entities, "facts": writer.rows}


def _write_batches(spec: schemas.TableSpec, batches, staging: Path, lists: tuple[str, ...] = ()) -> int:
    """Check each batch of a query's result against the table's schema and write it; the row count."""
    writer = store.ChunkedTableWriter(staging / f"{spec.name}.parquet", schemas.output_schema(spec))
    for batch in batches:
        frame = batch.to_pandas()
        for column in lists:
            frame[column] = frame[column].map(list)
        writer.write(schemas.to_arrow(spec, frame))
    writer.close()
    return writer.rows


def _write(spec: schemas.TableSpec, frame: pd.DataFrame, staging: Path) -> None:
    store.write_table(schemas.to_arrow(spec, frame), staging / f"{spec.name}.parquet")


def _manifest(config: Config, paths, doc_ids, report: RunReport, run_key: str, outputs: dict[str, int]) -> dict:
    from .config import package_versions

    return {
        "schema_version": schemas.SCHEMA_VERSION,
        "analysis_fingerprint": config.analysis_fingerprint(),
        "run_key": run_key,
        "row_counts": dict(sorted(report.counts.items())) | {"rejects": len(report.rejects)},
        "inputs": dict(zip(paths, doc_ids)),
        "rejects": [{"path": r.path, "reason": r.reason, "message": reject_message(r.reason, r.detail)} for r in report.rejects],
        "ignored": report.ignored,
        "outputs": dict(sorted(outputs.items())),
        "packages": package_versions(("spacy", "ginza", "ja-ginza", "fugashi", "unidic-lite", "sudachipy", "pandas", "pyarrow")),
        "seconds": dict(report.seconds),
        "chars": report.chars,
        "texts_analysed": report.analysed,
        "texts_reused": report.reused,
        "up_to_date": report.up_to_date,
    }
