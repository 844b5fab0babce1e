"""Same corpus, same tables, byte for byte: whatever the output folder, the corpus folder's
path, the number of workers, the string hash seed or the cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline.output import schemas

from .conftest import CORPUS, ROOT


def _extract(corpus: Path, out: Path, *options: str, hash_seed: str) -> None:
    env = os.environ | {"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed}
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", "--corpus", str(corpus), "--out", str(out), "--quiet", *options],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr


def _tables(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.parquet"))}


def _manifest_without_timings(out: Path) -> dict:
    manifest = json.loads((out / "manifest.json").read_text())
    del manifest["seconds"], manifest["runs"]  # when, where from and with which --workers: not what the tables are
    return manifest


def test_clean_runs_give_byte_identical_tables_wherever_the_corpus_and_outputs_are(seed_outputs, tmp_path):
    moved = tmp_path / "elsewhere" / "記事 コーパス"
    shutil.copytree(CORPUS, moved)
    first, second = tmp_path / "first", tmp_path / "second"
    _extract(CORPUS, first, "--no-cache", "--workers", "1", hash_seed="0")
    _extract(moved, second, "--no-cache", "--workers", "2", hash_seed="4242")
    tables = _tables(first)
    assert sorted(tables) == sorted(f"{name}.parquet" for name in schemas.TABLES)
    assert _tables(second) == tables
    assert _tables(seed_outputs) == tables
    assert _manifest_without_timings(second) == _manifest_without_timings(first)


def test_tables_carry_no_trace_of_where_or_when_they_were_made(seed_outputs):
    for path in sorted(seed_outputs.glob("*.parquet")):
        metadata = pq.read_metadata(path)
        keys = {k.decode() for k in (metadata.metadata or {})}
        assert keys <= {"table", "doc", "schema_version", "ARROW:schema"}, path.name
        text = path.read_bytes()
        assert str(seed_outputs).encode() not in text and str(CORPUS).encode() not in text, path.name


def test_rows_are_stored_in_the_declared_order(seed_outputs):
    for name, spec in schemas.TABLES.items():
        frame = pd.read_parquet(seed_outputs / f"{name}.parquet")
        assert frame.equals(frame.sort_values(list(spec.sort), kind="stable").reset_index(drop=True)), name
