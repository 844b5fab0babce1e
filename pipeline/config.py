"""The run's configuration: one frozen object, built once at the CLI edge and passed down."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

from .ids import stable_id

# Bump when a change alters what the per-document analysis produces: it invalidates the cache.
ANALYSIS_VERSION = "1"


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
    extensions: tuple[str, ...] = (".txt",)

    def analysis_fingerprint(self) -> str:
        """What the per-document analysis depends on: changing it re-analyses every document."""
        from . import gazetteer  # late: the gazetteer module imports config for paths

        return stable_id(ANALYSIS_VERSION, gazetteer.fingerprint(self.gazetteer))

    def to_json(self) -> str:
        data = {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(self).items()}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    def replace(self, **changes) -> "Config":
        return dataclasses.replace(self, **changes)


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
