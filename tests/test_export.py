import json

import pandas as pd
import pytest

from pipeline.output.export import NothingToExport, export_outputs
from pipeline.output.schemas import TABLES

from .conftest import run_cli


def test_export_copies_every_table_and_the_manifest(seed_outputs, tmp_path):
    dest = tmp_path / "other_project" / "data" / "ja_news"
    run_cli("export", "--out", str(seed_outputs), str(dest))
    assert sorted(p.name for p in dest.iterdir()) == sorted([f"{n}.parquet" for n in TABLES] + ["manifest.json"])
    for name in TABLES:
        assert (dest / f"{name}.parquet").read_bytes() == (seed_outputs / f"{name}.parquet").read_bytes()
    assert json.loads((dest / "manifest.json").read_text()) == json.loads((seed_outputs / "manifest.json").read_text())
    assert len(pd.read_parquet(dest / "documents.parquet")) == 5


def test_export_without_outputs_says_what_to_do(tmp_path):
    with pytest.raises(NothingToExport, match="run `make extract` first"):
        export_outputs(tmp_path / "empty", tmp_path / "dest")
    result = run_cli("export", "--out", str(tmp_path / "empty"), str(tmp_path / "dest"), check=False)
    assert result.returncode == 1 and "error: [E007]" in result.stderr
