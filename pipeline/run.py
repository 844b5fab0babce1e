"""The wiring: which stage feeds which, where the per-document work runs, and what gets written.

    ingest ─► analyse (per text, cached, on local processes or Dask) ─► assemble (tables, links, facts) ─► commit

The heavy modules (analyse with spaCy, assemble with pandas, pyarrow and DuckDB) are imported
only when there is work for them: a run over an unchanged corpus reads and hashes the files,
finds nothing new and rewrites the manifest, in a fraction of a second.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from pipeline import ingest
from pipeline.config import SCHEMA_VERSION, Config
from pipeline.errors import ExitCode, PipelineError, reject_message
from pipeline.ids import stable_id
from pipeline.ingest import Reject
from pipeline.output import store

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
    analysis_key: str  # the cache key: content_id, or with the text's context (pipeline.analysis.analyse.TextContext)


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
            cache.prune({r.analysis_key for r in records})
    report.exit_code = ExitCode.SOME_REJECTED if (rejects and config.strict) else ExitCode.OK
    return report


def _read_and_analyse(sources, cache: store.AnalysisCache, config: Config, fingerprint: str, report: RunReport, timed: _Timer, tick: Progress) -> tuple[list[DocRecord], list[Reject]]:
    """Read every source, analyse the texts the cache lacks, save their parts; records and rejects."""
    records: list[DocRecord] = []
    rejects: list[Reject] = []
    # Few texts: smaller batches, so that every worker gets one. Many: batch_docs bounds worker memory.
    workers = max(config.workers, config.dask_workers, 1)
    batch_docs = max(1, min(config.batch_docs, -(-len(sources) // workers)))
    save_here = config.on_dask  # Dask workers send analyses back; local workers save them themselves
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
                context = text_context(config)
                key = context.key(read.content_id)
                records.append(DocRecord(read.path, read.doc_id, read.content_id, read.encoding, len(read.text), key))
                if key in seen:
                    continue
                seen.add(key)
                if config.use_cache and cache.has(key):
                    report.reused += 1
                    continue
                if save_here:
                    reading[key] = read.text
                batch.append((key, read.text, context))
            if len(batch) >= batch_docs:
                yield batch
                batch = []
        if batch:
            yield batch

    batches = batches_to_analyse()
    first = next(batches, None)  # read (and hashed) until a text needs analysing, or the end
    if first is not None:
        from pipeline.analysis.analyse import AnalysisFailure, Saved, cache_meta
        from pipeline.executors import run_batches

        gazetteer = str(config.gazetteer) if config.gazetteer else None
        save_to = None if save_here else (str(config.out), fingerprint)
        for result in run_batches(itertools.chain([first], batches), gazetteer, config, save_to=save_to):
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
    rejects += [Reject(r.path, "analysis_failed", failed[r.analysis_key]) for r in records if r.analysis_key in failed]
    return [r for r in records if r.analysis_key not in failed], rejects


def text_context(config: Config):
    """What the analysis of a text depends on besides its characters (the run's --reference-date)."""
    from pipeline.analysis.textcontext import NO_CONTEXT, TextContext

    return TextContext(reference_date=config.reference_date) if config.reference_date else NO_CONTEXT


def _check_worker(result, fingerprint: str) -> None:
    if result.fingerprint != fingerprint:
        raise PipelineError(
            f"worker {result.worker} runs other pipeline code or packages than this machine "
            f"(analysis fingerprint {result.fingerprint}, here {fingerprint})",
            "install the same uv.lock and the same checkout of the pipeline on every machine of the cluster",
        )


def _write_outputs(config: Config, records: list[DocRecord], cache: store.AnalysisCache, report: RunReport, run_key: str, timed: _Timer) -> None:
    import pandas as pd  # here, not at the top: an up-to-date run never needs it

    from pipeline.crossdoc import assemble
    from pipeline.output import schemas
    from pipeline.output.report import write_report

    with timed("write"):
        staging = store.begin_staging(config.out)
        doc_frame = assemble.documents_frame(records, cache)
        report.counts["documents"] = len(doc_frame)
        assemble.write(schemas.DOCUMENTS, doc_frame.drop(columns=["analysis_key"]), staging)
        assemble.write(schemas.REJECTS, pd.DataFrame([r.__dict__ for r in report.rejects], columns=["path", "reason", "detail"]), staging)
    report.counts |= assemble.document_tables_and_merges(doc_frame, cache, config, staging, timed)
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
    from pipeline.config import PACKAGE_DIR, package_versions, source_hash

    parts = [SCHEMA_VERSION, fingerprint, source_hash(PACKAGE_DIR), package_versions(("pandas", "pyarrow"))]
    parts += [f"{r.path}\x1e{r.doc_id}\x1e{r.analysis_key}\x1e{r.encoding}\x1e{r.n_chars}" for r in sorted(records, key=lambda r: r.path)]
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


def _manifest(config: Config, paths, doc_ids, report: RunReport, run_key: str, outputs: dict[str, int]) -> dict:
    from pipeline.config import package_versions

    return {
        "schema_version": SCHEMA_VERSION,
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
