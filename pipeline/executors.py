"""Where the per-document work runs: in this process, in local worker processes, or on Dask.

Every executor runs the same function (`analyse_and_save`) on the same batches, and the
results are keyed by content, so the outputs do not depend on where or in what order they ran.
Batches are drawn lazily from an iterator and at most `in_flight` of them are out at once, so
the texts held in memory are those of a few batches, whatever the size of the corpus.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline.analysis.analyse import Analysis, BatchResult, Saved, analyse_batch, cache_meta
from pipeline.analysis.models import limit_native_threads
from pipeline.config import Config

Batch = list[tuple[str, str, object]]  # (analysis key, text, TextContext)
SaveTo = "tuple[str, str] | None"  # (output folder, fingerprint): workers save in the cache themselves
Analyse = Callable[[Batch, "str | None", int, SaveTo], BatchResult]  # analyse_and_save's signature


def analyse_and_save(items: Batch, gazetteer_path: str | None, nlp_batch_size: int, save_to: SaveTo = None) -> BatchResult:
    """`analyse_batch`, then, with `save_to` = (output folder, analysis fingerprint), each analysis
    saved in the cache by the worker itself (on the run's machine: in parallel, and nothing travels
    back but `Saved`). An error while saving is about the output folder and fails the run, as it
    would in the run's process."""
    result = analyse_batch(items, gazetteer_path, nlp_batch_size)
    if save_to is None:
        return result
    from pipeline.output.store import AnalysisCache

    cache = AnalysisCache(Path(save_to[0]), save_to[1])
    texts = {key: text for key, text, _ in items}
    saved = []
    for content_id, done in result.results:
        if isinstance(done, Analysis):
            with result.clock("cache"):
                cache.save(content_id, texts[content_id], done.parts, cache_meta(done))
            done = Saved()
        saved.append((content_id, done))
    return dataclasses.replace(result, results=saved)


def in_flight(workers: int) -> int:
    """Batches out at once: two per worker keeps each busy while the next one travels."""
    return 2 * max(workers, 1)


def run_batches(
    batches: Iterable[Batch], gazetteer: str | None, config: Config, analyse: Analyse = analyse_and_save, save_to: SaveTo = None
) -> Iterator[BatchResult]:
    """Results of `analyse` (a module-level function, for pickling) for each batch, as they finish.

    `save_to` goes to local workers only: Dask workers may be on machines without the output folder.
    """
    batches = iter(batches)
    if config.on_dask:
        yield from _on_dask(batches, gazetteer, config, analyse)
    elif config.workers > 1:
        yield from _on_processes(batches, gazetteer, config, analyse, save_to)
    else:
        limit_native_threads()
        for batch in batches:
            yield analyse(batch, gazetteer, config.nlp_batch_size, save_to)


def _on_processes(batches: Iterator[Batch], gazetteer: str | None, config: Config, analyse: Analyse, save_to: SaveTo) -> Iterator[BatchResult]:
    first = list(islice(batches, 2))
    if len(first) < 2:  # one batch: starting a pool (and loading the model in it) only costs time
        for batch in first:
            yield analyse(batch, gazetteer, config.nlp_batch_size, save_to)
        return
    limit_native_threads()  # inherited by the workers' environment before they import numpy
    context = multiprocessing.get_context("spawn")
    workers = min(config.workers, os.cpu_count() or 1)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        submit = lambda batch: pool.submit(analyse, batch, gazetteer, config.nlp_batch_size, save_to)  # noqa: E731
        pending = {submit(batch) for batch in first}
        pending |= {submit(batch) for batch in islice(batches, max(in_flight(workers) - len(pending), 0))}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                # the next batch is drawn once this one is handed over: never more than in_flight out
                pending |= {submit(batch) for batch in islice(batches, 1)}
    finally:  # also when the caller stops early: do not wait for batches nobody will read
        pool.shutdown(wait=True, cancel_futures=True)


def _on_dask(batches: Iterator[Batch], gazetteer: str | None, config: Config, analyse: Analyse) -> Iterator[BatchResult]:
    from dask.distributed import Client, LocalCluster, as_completed

    limit_native_threads()
    if config.scheduler:
        client, cluster = Client(config.scheduler), None
    else:
        cluster = LocalCluster(n_workers=config.dask_workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        workers = max(len(client.scheduler_info()["workers"]), 1)
        submit = lambda batch: client.submit(  # noqa: E731
            analyse, batch, gazetteer, config.nlp_batch_size, None, pure=False
        )
        running = as_completed([submit(batch) for batch in islice(batches, in_flight(workers))])
        for future in running:
            for batch in islice(batches, 1):
                running.add(submit(batch))
            yield future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
