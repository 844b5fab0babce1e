"""The wiring: which stage feeds which, where the per-document work runs, and what gets written.

    ingest ─► analyse (per text, cached, on local processes or Dask) ─► link entities, merge facts ─► write
"""

from __future__ import annotations

import datetime
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from . import ingest, schemas, store
from .analyse import Analysis, AnalysisFailure
from .config import Config
from .errors import ExitCode, reject_message
from .ids import stable_id
from .ingest import ReadDocument, Reject
from .report import write_report

Progress = Callable[[str, int], None]  # (stage, items done since last call)


@dataclass
class RunReport:
    counts: dict[str, int] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    analysed: int = 0  # texts analysed in this run
    reused: int = 0  # texts whose cached analysis was reused
    exit_code: ExitCode = ExitCode.OK


class _Timer:
    def __init__(self, report: RunReport):
        self.report = report

    def __call__(self, stage: str):
        report = self.report

        class _Span:
            def __enter__(self):
                self.t0 = time.perf_counter()

            def __exit__(self, *exc):
                report.seconds[stage] = round(report.seconds.get(stage, 0.0) + time.perf_counter() - self.t0, 3)

        return _Span()


def extract(config: Config, progress: Progress | None = None) -> RunReport:
    """Run every stage over `config.corpus` and write the tables to `config.out`."""
    report = RunReport()
    timed = _Timer(report)
    tick = progress or (lambda stage, n: None)
    with store.output_lock(config.out):
        with timed("ingest"):
            discovery = ingest.discover(config.corpus, extensions=config.extensions, follow_links=config.follow_links, exclude=(config.out,))
            report.ignored = list(discovery.ignored)
            rejects = list(discovery.rejects)
            documents: list[ReadDocument] = []
            for source in discovery.sources:
                read = ingest.read_document(source, max_bytes=config.max_bytes)
                (rejects if isinstance(read, Reject) else documents).append(read)
                tick("ingest", 1)
        cache = store.AnalysisCache(config.out, config.analysis_fingerprint())
        texts = {d.content_id: d.text for d in documents}
        todo = sorted(cid for cid in texts if not (config.use_cache and cache.has(cid)))
        report.reused = len(texts) - len(todo)
        meta: dict[str, tuple] = {}
        with timed("analyse"):
            for content_id, result in _run_analysis(todo, texts, config):
                if isinstance(result, AnalysisFailure):
                    for doc in documents:
                        if doc.content_id == content_id:
                            rejects.append(Reject(doc.path, "analysis_failed", result.detail))
                    continue
                cache.save(content_id, texts[content_id], result.parts, {"title": result.title, "published": result.published.isoformat() if result.published else None})
                meta[content_id] = (result.title, result.published)
                report.analysed += 1
                tick("analyse", 1)
        failed = {r.path for r in rejects if r.reason == "analysis_failed"}
        documents = [d for d in documents if d.path not in failed]
        del texts
        with timed("write"):
            staging = store.begin_staging(config.out)
            doc_frame = _documents_frame(documents, cache, meta)
            report.counts["documents"] = len(doc_frame)
            _write(schemas.DOCUMENTS, doc_frame, staging)
            rejects.sort(key=lambda r: r.path)
            report.rejects = rejects
            _write(schemas.REJECTS, pd.DataFrame([r.__dict__ for r in rejects], columns=["path", "reason", "detail"]), staging)
        with timed("link"):
            mentions, claims = _mentions_and_claims(doc_frame, cache)
            report.counts |= _link_and_merge(mentions, claims, config, staging)
        with timed("write"):
            for name in ("sentences", "tokens"):
                report.counts[name] = _write_streamed(schemas.TABLES[name], doc_frame, cache, staging)
            manifest = _manifest(config, doc_frame, report)
            (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        with timed("report"):
            write_report(staging, staging / "report.html")
        with timed("write"):
            store.commit(config.out)
            cache.prune(set(doc_frame["content_id"]))
    report.exit_code = ExitCode.SOME_REJECTED if (rejects and config.strict) else ExitCode.OK
    return report


def _run_analysis(todo: list[str], texts: dict[str, str], config: Config) -> Iterator[tuple[str, Analysis | AnalysisFailure]]:
    from .executors import run_batches

    gazetteer = str(config.gazetteer) if config.gazetteer else None
    batches = [todo[i : i + config.batch_docs] for i in range(0, len(todo), config.batch_docs)]
    items = [[(cid, texts[cid]) for cid in batch] for batch in batches]
    yield from run_batches(items, gazetteer, config)


def _documents_frame(documents: list[ReadDocument], cache: store.AnalysisCache, meta: dict[str, tuple]) -> pd.DataFrame:
    rows = []
    seen_bytes: set[str] = set()
    for doc in sorted(documents, key=lambda d: d.path):
        title, published = meta.get(doc.content_id) or _cached_meta(cache, doc.content_id)
        meta[doc.content_id] = (title, published)
        rows.append({
            "doc_id": doc.doc_id, "path": doc.path, "title": title, "published": published,
            "encoding": doc.encoding, "n_chars": len(doc.text), "content_id": doc.content_id,
            "status": "duplicate" if doc.doc_id in seen_bytes else "ok",
        })
        seen_bytes.add(doc.doc_id)
    return pd.DataFrame(rows, columns=schemas.DOCUMENTS.schema.names)


def _cached_meta(cache: store.AnalysisCache, content_id: str) -> tuple:
    meta = cache.load_meta(content_id)
    published = meta.get("published")
    return meta.get("title"), (datetime.date.fromisoformat(published) if published else None)


def _unique_docs(doc_frame: pd.DataFrame) -> pd.DataFrame:
    """One row per doc_id (files with identical bytes share their rows), in doc_id order."""
    return doc_frame.drop_duplicates("doc_id").sort_values("doc_id")[["doc_id", "content_id"]]


def _mentions_and_claims(doc_frame: pd.DataFrame, cache: store.AnalysisCache) -> tuple[pd.DataFrame, pd.DataFrame]:
    mention_parts, claim_parts = [], []
    for doc_id, content_id in _unique_docs(doc_frame).itertuples(index=False):
        original = cache.load_text(content_id)
        for name, parts in (("mentions", mention_parts), ("claims", claim_parts)):
            part = cache.load(content_id, name)
            part.insert(0, "doc_id", doc_id)
            schemas.check_offsets(schemas.TABLES[name], part, {doc_id: original})
            parts.append(part)
    mentions = pd.concat(mention_parts, ignore_index=True) if mention_parts else _empty_part("mentions")
    claims = pd.concat(claim_parts, ignore_index=True) if claim_parts else _empty_part("claims")
    mentions.insert(0, "mention_id", [stable_id("mention", d, s, e, lab) for d, s, e, lab in zip(mentions.doc_id, mentions.start, mentions.end, mentions.label)])
    claims.insert(0, "claim_id", [stable_id("claim", d, s, e) for d, s, e in zip(claims.doc_id, claims.start, claims.end)])
    return mentions, claims


def _empty_part(name: str) -> pd.DataFrame:
    from .analyse import PART_COLUMNS

    return pd.DataFrame(columns=["doc_id", *PART_COLUMNS[name]])


def _link_and_merge(mentions: pd.DataFrame, claims: pd.DataFrame, config: Config, staging: Path) -> dict[str, int]:
    from .facts import build_facts
    from .gazetteer import load_gazetteer
    from .linking import link_entities

    entities, entity_ids = link_entities(mentions, load_gazetteer(config.gazetteer))
    mentions = mentions.assign(entity_id=entity_ids.values).drop(columns=["key"])
    facts, fact_ids = build_facts(claims)
    claims = claims.assign(fact_id=fact_ids.values)
    for spec, frame in ((schemas.MENTIONS, mentions), (schemas.ENTITIES, entities), (schemas.CLAIMS, claims), (schemas.FACTS, facts)):
        _write(spec, frame, staging)
    return {"mentions": len(mentions), "entities": len(entities), "claims": len(claims), "facts": len(facts)}


def _write(spec: schemas.TableSpec, frame: pd.DataFrame, staging: Path) -> None:
    store.write_table(schemas.to_arrow(spec, frame), staging / f"{spec.name}.parquet")


def _write_streamed(spec: schemas.TableSpec, doc_frame: pd.DataFrame, cache: store.AnalysisCache, staging: Path) -> int:
    """Write a per-document table one document at a time, so memory holds one document's rows."""
    writer = store.ChunkedTableWriter(staging / f"{spec.name}.parquet", spec.schema)
    for doc_id, content_id in _unique_docs(doc_frame).itertuples(index=False):
        part = cache.load(content_id, spec.name)
        part.insert(0, "doc_id", doc_id)
        writer.write(schemas.to_arrow(spec, part, {doc_id: cache.load_text(content_id)}))
    writer.close()
    return writer.rows


def _manifest(config: Config, doc_frame: pd.DataFrame, report: RunReport) -> dict:
    from importlib import metadata

    packages = {}
    for name in ("spacy", "ginza", "ja-ginza", "fugashi", "unidic-lite", "sudachipy", "pandas", "pyarrow"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    return {
        "schema_version": schemas.SCHEMA_VERSION,
        "analysis_fingerprint": config.analysis_fingerprint(),
        "row_counts": dict(sorted(report.counts.items())) | {"rejects": len(report.rejects)},
        "inputs": {row.path: row.doc_id for row in doc_frame.itertuples(index=False)},
        "rejects": [{"path": r.path, "reason": r.reason, "message": reject_message(r.reason, r.detail)} for r in report.rejects],
        "ignored": report.ignored,
        "packages": packages,
        "seconds": dict(report.seconds),
        "texts_analysed": report.analysed,
        "texts_reused": report.reused,
    }
