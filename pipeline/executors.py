"""Where the per-document work runs: in this process, in local worker processes, or on Dask.

Every executor runs the same function (`analyse.analyse_batch`) on the same batches, and the
results are keyed by content, so the outputs do not depend on where or in what order they ran.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Iterator

from .analyse import Analysis, AnalysisFailure, analyse_batch
from .config import Config
from .models import limit_native_threads

Batch = list[tuple[str, str]]
Result = tuple[str, Analysis | AnalysisFailure]


def run_batches(batches: list[Batch], gazetteer: str | None, config: Config) -> Iterator[Result]:
    if not batches:
        return
    if config.scheduler or config.dask_workers:
        yield from _on_dask(batches, gazetteer, config)
    elif config.workers > 1 and len(batches) > 1:
        yield from _on_processes(batches, gazetteer, config)
    else:
        limit_native_threads()
        for batch in batches:
            yield from analyse_batch(batch, gazetteer, config.nlp_batch_size)


def _on_processes(batches: list[Batch], gazetteer: str | None, config: Config) -> Iterator[Result]:
    limit_native_threads()  # inherited by the workers' environment before they import numpy
    context = multiprocessing.get_context("spawn")
    workers = min(config.workers, len(batches), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(analyse_batch, batch, gazetteer, config.nlp_batch_size) for batch in batches]
        for future in as_completed(futures):
            yield from future.result()


def _on_dask(batches: list[Batch], gazetteer: str | None, config: Config) -> Iterator[Result]:
    from dask.distributed import Client, LocalCluster, as_completed as dask_completed

    limit_native_threads()
    if config.scheduler:
        client, cluster = Client(config.scheduler), None
    else:
        cluster = LocalCluster(n_workers=config.dask_workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(analyse_batch, batches, gazetteer=gazetteer, nlp_batch_size=config.nlp_batch_size, pure=False)
        for future in dask_completed(futures):
            yield from future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
