"""Models, loaded once per worker process and reused for every document it analyses.

The loaders are cached per process (the one sanctioned piece of process state): a Dask or
process-pool worker pays the ~2 s GiNZA load once, not once per document.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import ModelMissing


def limit_native_threads() -> None:
    """One BLAS/OpenMP thread per process: two single-threaded workers beat one with two threads."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def use_fast_ops() -> None:
    """thinc's numpy ops without blis, for the models loaded after this call.

    tok2vec's 768x768 maxout layers run ~2.5x faster on numpy's OpenBLAS than on blis here,
    and the outputs on the seeds are identical either way. thinc keeps the current ops per
    process (library state, set once per worker next to the model it serves).
    """
    from thinc.api import NumpyOps, set_current_ops

    set_current_ops(NumpyOps(use_blis=False))


@dataclass(frozen=True)
class Models:
    tagger: object  # fugashi.Tagger
    nlp: object  # spacy Language: ja_ginza + gazetteer entity ruler
    gazetteer: object  # pipeline.analysis.entities.gazetteer.Gazetteer
    fingerprint: str  # Config.analysis_fingerprint() of the code and packages this process runs


@lru_cache(maxsize=1)
def load_tagger():
    import fugashi

    try:
        return fugashi.Tagger()
    except RuntimeError as exc:  # fugashi raises RuntimeError when no dictionary is found
        raise ModelMissing(f"fugashi cannot find unidic-lite: {exc}", "run `make install`") from exc


@lru_cache(maxsize=2)
def load_models(gazetteer_path: str | None = None) -> Models:
    limit_native_threads()
    use_fast_ops()
    from pipeline.analysis.entities import gazetteer
    from pipeline.analysis.entities import mentions as entities

    gaz = gazetteer.load_gazetteer(Path(gazetteer_path) if gazetteer_path else None)
    try:
        nlp = entities.build_nlp(gaz)
    except OSError as exc:  # spaCy raises OSError [E050] when the model package is missing
        raise ModelMissing(f"the GiNZA model ja_ginza is not installed: {exc}", "run `make install`") from exc
    fingerprint = Config(gazetteer=Path(gazetteer_path) if gazetteer_path else None).analysis_fingerprint()
    return Models(tagger=load_tagger(), nlp=nlp, gazetteer=gaz, fingerprint=fingerprint)
