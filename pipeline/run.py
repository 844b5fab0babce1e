"""The wiring: which stage feeds which, where the per-document work runs, and what gets written.

    ingest ─► analyse (per text, cached, on local processes or Dask) ─► assemble (tables, links, facts) ─► commit

The heavy modules (analyse with spaCy, assemble with pandas, pyarrow and DuckDB) are imported
only when there is work for them: a run over an unchanged corpus reads and hashes the files,
finds nothing new and rewrites the manifest, in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from pipeline import ingest
from pipeline.config import SCHEMA_VERSION, Config
from pipeline.errors import CorpusNotFound, ExitCode, OutputNotWritable, OutputUnusable, PipelineError, reject_message
from pipeline.ids import stable_id
from pipeline.ingest import Reject
from pipeline.output import store

# (stage, items done since the last call, total=None): pipeline.progress.Progress.tick; total, when
# given, is how many items the stage has in all; n=0 without a total says the run is now in that stage
Progress = Callable[..., None]
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
    not_japanese: list[str] = field(default_factory=list)  # documents (path, or "path row N") with no Japanese unit, with --lang ja
    exit_code: ExitCode = ExitCode.OK
    started: str = ""  # when the run started, ISO 8601 UTC


@dataclass(frozen=True)
class DocRecord:
    """What the run keeps of a read document: never its text (that is in the cache)."""

    path: str
    doc_id: str
    content_id: str
    encoding: str
    n_chars: int
    analysis_key: str  # the cache key: content_id, or with the text's context (pipeline.analysis.analyse.TextContext)
    row: int | None = None  # the row of a JSON Lines or CSV file (pipeline.readers)
    input_format: str = "txt"
    title: str | None = None  # what the input's metadata says, not what the analysis found
    published: object = None  # datetime.date | None
    url: str | None = None
    source: str | None = None
    input_id: str | None = None
    input_lang: str | None = None


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
    report = RunReport(started=_now())
    timed = _Timer(report)
    tick = progress or (lambda stage, n, total=None: None)
    if not config.corpus.is_dir():  # before --out is created: a mistyped --corpus leaves nothing behind
        raise CorpusNotFound(f"corpus folder {config.corpus} does not exist or is not a folder", "pass --corpus DIR")
    with _output_folder(config.out):
        with timed("ingest"):
            discovery = ingest.discover(config.corpus, extensions=config.extensions, follow_links=config.follow_links, exclude=(config.out,))
            report.ignored = list(discovery.ignored)
            tick("ingest", 0, total=len(discovery.sources))
        fingerprint = config.analysis_fingerprint()
        cache = store.AnalysisCache(config.out, fingerprint)
        with timed("analyse", cpu=False):  # its CPU seconds are counted per stage, here and in the workers
            records, rejects = _read_and_analyse(discovery.sources, cache, config, fingerprint, report, timed, tick)
        rejects = sorted([*discovery.rejects, *rejects], key=lambda r: r.sort_key)
        report.rejects = rejects
        report.chars = sum(r.n_chars for r in records)
        run_key = _run_key(fingerprint, records, rejects, report.ignored)
        tick("write", 0)
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
    from pipeline.readers import ROW_FORMATS, format_of  # a file of rows counts as a full batch per worker

    expected = sum(config.batch_docs * workers if format_of(s.path)[0] in ROW_FORMATS else 1 for s in sources)
    batch_docs = max(1, min(config.batch_docs, -(-expected // workers)))
    fields = config.field_names
    save_here = config.on_dask  # Dask workers send analyses back; local workers save them themselves
    reading: dict[str, str] = {}  # content_id -> text, for texts sent to Dask and not yet saved
    failed: dict[str, str] = {}  # content_id -> why its analysis failed

    def batches_to_analyse() -> Iterator[list[tuple[str, str]]]:
        seen: set[str] = set()
        batch: list[tuple[str, str]] = []
        for source in sources:
            with timed("ingest", wall=False):
                for read in ingest.read_document(source, max_bytes=config.max_bytes, fields=fields):  # one per article
                    if isinstance(read, Reject):
                        rejects.append(read)
                        continue
                    context = text_context(config, read.published)
                    key = context.key(read.content_id)
                    records.append(DocRecord(
                        read.path, read.doc_id, read.content_id, read.encoding, len(read.text), key,
                        row=read.row, input_format=read.input_format, title=read.title, published=read.published,
                        url=read.url, source=read.source, input_id=read.input_id, input_lang=read.input_lang,
                    ))
                    if key in seen:
                        continue
                    seen.add(key)
                    if config.use_cache and cache.has(key):
                        report.reused += 1
                        continue
                    if save_here:
                        reading[key] = read.text
                    batch.append((key, read.text, context))
                tick("ingest", 1)
            while len(batch) >= batch_docs:
                yield batch[:batch_docs]
                batch = batch[batch_docs:]
        tick("analyse", 0, total=len(seen) - report.reused)  # every file read: the texts to analyse are known
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
    rejects += [Reject(r.path, "analysis_failed", failed[r.analysis_key], row=r.row) for r in records if r.analysis_key in failed]
    return [r for r in records if r.analysis_key not in failed], rejects


def text_context(config: Config, published=None):
    """What the analysis of a text depends on besides its characters: the publication date its
    input gives (a JSON Lines/CSV field, an HTML page's metadata), the run's --reference-date and --lang."""
    from pipeline.analysis.textcontext import NO_CONTEXT, TextContext

    if published is None and config.reference_date is None and config.lang == "ja":
        return NO_CONTEXT
    return TextContext(published=published, reference_date=config.reference_date, lang=config.lang)


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
        doc_frame = assemble.documents_frame(records, cache, lang=config.lang)
        report.counts["documents"] = len(doc_frame)
        names = [path if pd.isna(row) else f"{path} row {row}" for path, row in zip(doc_frame["path"], doc_frame["row"])]  # as stderr names them
        report.not_japanese = [name for name, status in zip(names, doc_frame["status"]) if status == "not_japanese"]
        assemble.write(schemas.DOCUMENTS, doc_frame.drop(columns=["analysis_key"]), staging)
        reject_frame = pd.DataFrame([r.__dict__ for r in report.rejects], columns=["path", "row", "reason", "detail"]).astype({"row": "Int64"})
        assemble.write(schemas.REJECTS, reject_frame, staging)
    report.counts |= assemble.document_tables_and_merges(doc_frame, cache, config, staging, timed)
    with timed("report"):
        write_report(staging, staging / "report.html")
    with timed("write"):
        outputs = {p.name: p.stat().st_size for p in staging.iterdir()}
        _write_manifest(staging, _manifest(config, names, doc_frame["doc_id"], report, run_key, outputs))
        store.commit(config.out)


def _rewrite_manifest(config: Config, records: list[DocRecord], report: RunReport, run_key: str, timed: _Timer) -> None:
    """Nothing the outputs depend on changed: keep the tables and the figures of the run that built
    them (the same run key means the same inputs, rejects and outputs), and add this run to `runs`."""
    report.up_to_date = True
    with timed("write"):
        previous = json.loads((config.out / "manifest.json").read_text(encoding="utf-8"))
        report.counts = {k: v for k, v in previous["row_counts"].items() if k != "rejects"}
        report.not_japanese = previous.get("not_japanese", [])
        staging = store.begin_staging(config.out)
        built, *later = previous.get("runs") or [{}]
        runs = [built, *later[max(len(later) - MAX_LATER_RUNS + 1, 0):], _run_record(config, report)]
        _write_manifest(staging, previous | {"up_to_date": True, "runs": runs})
        store.commit(config.out)


def _write_manifest(staging: Path, manifest: dict) -> None:
    (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def _run_key(fingerprint: str, records: list[DocRecord], rejects: list[Reject], ignored: list[str]) -> str:
    """Everything the tables depend on: when it equals the last run's, so do the tables."""
    from pipeline.config import PACKAGE_DIR, package_versions, source_hash

    parts = [SCHEMA_VERSION, fingerprint, source_hash(PACKAGE_DIR), package_versions(("pandas", "pyarrow"))]
    fields = ("path", "row", "doc_id", "analysis_key", "encoding", "n_chars", "input_format", "title", "published", "url", "source", "input_id", "input_lang")
    parts += ["\x1e".join(str(getattr(r, f)) for f in fields) for r in sorted(records, key=lambda r: (r.path, r.row or 0))]
    parts += [f"{r.path}\x1e{r.row}\x1e{r.reason}\x1e{r.detail}" for r in rejects] + ignored
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
    """What the tables are and how they were made. The figures (seconds, texts analysed) are those
    of the run that built the tables; `runs` lists that run, then each later up-to-date run."""
    from pipeline.config import package_versions

    return {
        "schema_version": SCHEMA_VERSION,
        "analysis_fingerprint": config.analysis_fingerprint(),
        "run_key": run_key,
        "row_counts": dict(sorted(report.counts.items())) | {"rejects": len(report.rejects)},
        "inputs": dict(zip(paths, doc_ids)),
        "rejects": [{"path": r.path, "row": r.row, "reason": r.reason, "message": reject_message(r.reason, r.detail)} for r in report.rejects],
        "not_japanese": report.not_japanese,
        "ignored": report.ignored,
        "outputs": dict(sorted(outputs.items())),
        "packages": package_versions(("spacy", "ginza", "ja-ginza", "fugashi", "unidic-lite", "sudachipy", "pandas", "pyarrow")),
        "seconds": dict(report.seconds),
        "chars": report.chars,
        "texts_analysed": report.analysed,
        "texts_reused": report.reused,
        "up_to_date": report.up_to_date,
        "runs": [_run_record(config, report)],
    }


MAX_LATER_RUNS = 100  # up-to-date runs kept in `runs` after the one that built the tables (a cron job adds one a run)


def _run_record(config: Config, report: RunReport) -> dict:
    """One run: when it started and ended (UTC), on which corpus, with which options and versions."""
    import platform

    from pipeline.config import package_versions

    return {
        "started": report.started or _now(),
        "ended": _now(),  # the outputs are complete; they are moved into place right after
        "corpus": str(config.corpus.resolve()),
        "options": json.loads(config.to_json()),
        "versions": {"python": platform.python_version()} | package_versions(("ja-news-pipeline", "duckdb")),
        "seconds": dict(report.seconds),
        "texts_analysed": report.analysed,
        "texts_reused": report.reused,
        "up_to_date": report.up_to_date,
    }


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


@contextlib.contextmanager
def _output_folder(out: Path) -> Iterator[None]:
    """store.output_lock, where an --out that cannot be used at all (found before any work: a file,
    a folder that cannot be created or written) is a bad command line, not a failed run."""
    entered = False
    try:
        with store.output_lock(out):
            entered = True
            yield
    except OutputNotWritable as exc:
        if entered or isinstance(exc, OutputUnusable):
            raise
        raise OutputUnusable(exc.message, exc.hint) from exc.__cause__
