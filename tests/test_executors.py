"""Executors: every batch comes back once, batches are drawn lazily (at most two per worker out
at once), and a caller that stops early is not kept waiting for batches nobody reads."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipeline.analysis.analyse import BatchResult, StageClock
from pipeline.config import Config
from pipeline.executors import in_flight, run_batches


def echo(batch, gazetteer, nlp_batch_size, save_to=None) -> BatchResult:
    """Stands in for analyse_batch in worker processes: importable, picklable, no model."""
    time.sleep(0.05)
    return BatchResult([(cid, text.upper()) for cid, text in batch], StageClock(), f"test:{os.getpid()}", 0, "")


def marking_echo(batch, gazetteer, nlp_batch_size, save_to=None) -> BatchResult:
    """Leaves a file named after each content id in the folder its text names: what really ran."""
    time.sleep(0.2)
    for cid, folder in batch:
        (Path(folder) / cid).touch()
    return echo(batch, gazetteer, nlp_batch_size)


class Drawn:
    """A batch iterator that counts how many batches were taken from it."""

    def __init__(self, count: int):
        self.count, self.drawn = count, 0

    def __iter__(self):
        for i in range(self.count):
            self.drawn += 1
            yield [(f"c{i}", f"text{i}")]


@pytest.mark.parametrize("workers", [1, 2])
def test_every_batch_comes_back_once_and_batches_are_drawn_lazily(workers):
    batches = Drawn(12)
    results = []
    for result in run_batches(batches, None, Config(workers=workers), analyse=echo):
        results.extend(result.results)
        assert batches.drawn - len(results) <= in_flight(workers)  # what is out, or waiting to be read
    assert sorted(results) == sorted((f"c{i}", f"TEXT{i}") for i in range(12))


def test_a_single_batch_runs_in_this_process_even_with_workers():
    (result,) = run_batches(iter([[("c0", "a")]]), None, Config(workers=2), analyse=echo)
    assert result.worker == f"test:{os.getpid()}"


def test_batches_run_in_worker_processes():
    results = list(run_batches(Drawn(4), None, Config(workers=2), analyse=echo))
    assert f"test:{os.getpid()}" not in {r.worker for r in results}


def test_a_caller_that_stops_early_leaves_the_batches_not_yet_started(tmp_path):
    batches = ([(f"c{i}", str(tmp_path))] for i in range(40))
    stream = run_batches(batches, None, Config(workers=2), analyse=marking_echo)
    next(stream)
    stream.close()
    ran = len(list(tmp_path.iterdir()))
    assert 1 <= ran <= in_flight(2) + 1
