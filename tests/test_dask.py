"""The per-document stages on a Dask cluster give the tables of a local run, byte for byte, and
each Dask worker loads the models once, whatever number of batches it analyses."""

from __future__ import annotations

import re

from .conftest import CORPUS, run_cli


def test_a_local_dask_cluster_writes_the_tables_of_a_local_run(seed_outputs, tmp_path):
    out = tmp_path / "dask"
    # One text per batch: five batches on two workers, so a worker analyses several.
    result = run_cli("-v", "extract", "--corpus", str(CORPUS), "--out", str(out), "--quiet", "--no-cache", "--dask-workers", "2", "--batch-docs", "1")
    tables = sorted(p.name for p in seed_outputs.glob("*.parquet"))
    assert tables == sorted(p.name for p in out.glob("*.parquet"))
    assert {name: (out / name).read_bytes() for name in tables} == {name: (seed_outputs / name).read_bytes() for name in tables}

    batches = re.findall(r"analysed (\d+) text\(s\) on worker (\S+) \(models loaded (\d+) time\(s\) there\)", result.stderr)
    assert sorted(int(n) for n, _, _ in batches) == [1, 1, 1, 1, 1]
    workers = {worker for _, worker, _ in batches}
    assert 1 <= len(workers) <= 2
    assert {int(loads) for _, _, loads in batches} == {1}  # a worker that analysed several batches loaded the models once
