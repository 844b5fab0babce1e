"""The run's configuration: one frozen object, built once at the CLI edge and passed down."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ids import stable_id
from pipeline.readers import EXTENSIONS

# The cached per-document analysis is keyed by what it depends on (Config.analysis_fingerprint):
# this version, the installed NLP packages, the user's gazetteer, and a hash of every file under
# pipeline/analysis/ (code and data, recursively). The rule is the folder: whatever the
# per-document analysis runs lives there, so no list of modules can forget one. An edit to a
# comment costs one re-analysis. Bump the version for what no file shows (a change of machine
# that alters float results, a fix in an external resource).
ANALYSIS_VERSION = "2"
# Version of the output tables' layout (pipeline.output.schemas); here so that a run can tell whether
# its outputs are up to date without importing pyarrow.
SCHEMA_VERSION = "2.0"
ANALYSIS_PACKAGES = ("spacy", "thinc", "numpy", "ginza", "ja-ginza", "sudachipy", "sudachidict-core", "fugashi", "unidic-lite")


@dataclass(frozen=True)
class Config:
    corpus: Path = Path("corpus")
    out: Path = Path("outputs")
    workers: int = 1  # local worker processes for the per-document stages
    scheduler: str | None = None  # a Dask scheduler address, e.g. tcp://host:8786
    dask_workers: int = 0  # >0: start a local Dask cluster with this many workers
    batch_docs: int = 16  # documents per task: bounds memory per worker
    nlp_batch_size: int = 64  # sentences per nlp.pipe batch
    follow_links: bool = False  # follow symbolic links that point outside the corpus
    max_bytes: int = 20_000_000  # larger files are rejected as too_large
    strict: bool = False  # exit non-zero when any file was rejected
    use_cache: bool = True  # reuse per-document analysis of unchanged texts
    progress: bool = True
    gazetteer: Path | None = None  # extra gazetteer TSV merged over the shipped one
    extensions: tuple[str, ...] = EXTENSIONS  # pipeline.readers.FORMATS: .txt, .jsonl, .ndjson, .csv, .tsv, .html, .htm
    fields: tuple[tuple[str, str], ...] = ()  # (field, name) given with --text-field and the like: ("text", "body_text")
    lang: str = "ja"  # ja: analyse Japanese units only, report documents with none; all: analyse every unit
    link_memory: str = "1GB"  # DuckDB memory for the cross-article step; beyond it, it spills to disk
    reference_date: datetime.date | None = None  # for articles with no dateline, metadata or cited-source date

    def analysis_fingerprint(self) -> str:
        """What the per-document analysis depends on: changing it re-analyses every document."""
        from pipeline.analysis.entities import gazetteer  # late: the gazetteer module imports config for paths

        # SCHEMA_VERSION too: the cached part tables take their column types from the output schemas
        return stable_id(ANALYSIS_VERSION, SCHEMA_VERSION, package_versions(ANALYSIS_PACKAGES), source_hash(), gazetteer.fingerprint(self.gazetteer))

    @property
    def field_names(self) -> dict[str, tuple[str, ...]]:
        """The names each input field (text, title, published...) is looked for under (pipeline.readers)."""
        from pipeline.readers import field_names

        return field_names(dict(self.fields))

    @property
    def on_dask(self) -> bool:
        """The per-document stages run on a Dask cluster (a running one, or a local one started here)."""
        return bool(self.scheduler or self.dask_workers)

    def to_json(self) -> str:
        data = {k: (str(v) if isinstance(v, (Path, datetime.date)) else v) for k, v in dataclasses.asdict(self).items()}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    def replace(self, **changes) -> "Config":
        return dataclasses.replace(self, **changes)


PACKAGE_DIR = Path(__file__).resolve().parent
ANALYSIS_DIR = PACKAGE_DIR / "analysis"


def package_versions(names: tuple[str, ...]) -> dict[str, str | None]:
    from importlib import metadata

    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def source_hash(folder: Path = ANALYSIS_DIR) -> str:
    """Hash of every file under `folder` (recursively, code and data), by relative path and bytes.

    Compiled caches (__pycache__, *.pyc) are left out: they follow from the sources.
    """
    digest = hashlib.sha256()
    files = [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    for path in sorted(files, key=lambda p: p.relative_to(folder).as_posix()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
