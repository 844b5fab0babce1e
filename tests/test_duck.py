"""DuckDB helpers of the cross-article step."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.crossdoc.duck import batches, connect, parquet_view

SCHEMA = pa.schema([("doc_id", pa.string()), ("surface", pa.string())])


def test_parquet_view_reads_every_file_in_order(tmp_path):
    files = []
    for i, surfaces in enumerate((["米国", "NATO"], ["ヘグセス"])):
        files.append(tmp_path / f"part-{i}.parquet")
        pq.write_table(pa.table({"doc_id": [f"d{i}"] * len(surfaces), "surface": surfaces}, schema=SCHEMA), files[-1])
    with connect(memory_limit="64MB", spill_to=tmp_path / "spill", threads=1) as con:
        parquet_view(con, "keyed", files, SCHEMA)
        rows = [row for batch in batches(con, "SELECT doc_id, surface FROM keyed ORDER BY doc_id, surface", rows=2) for row in batch.to_pylist()]
    assert rows == [{"doc_id": "d0", "surface": "NATO"}, {"doc_id": "d0", "surface": "米国"}, {"doc_id": "d1", "surface": "ヘグセス"}]
    assert (tmp_path / "spill").is_dir()


def test_no_files_read_as_an_empty_table_with_the_schema(tmp_path):
    with connect() as con:
        parquet_view(con, "keyed", [], SCHEMA)
        assert con.sql("SELECT count(*) FROM keyed").fetchall() == [(0,)]
        assert con.sql("SELECT * FROM keyed").to_arrow_table().schema.names == ["doc_id", "surface"]
        assert list(batches(con, "SELECT * FROM keyed")) == []


def test_quotes_in_paths(tmp_path):
    folder = tmp_path / "it's here"
    folder.mkdir()
    pq.write_table(pa.table({"doc_id": ["d"], "surface": ["EU"]}, schema=SCHEMA), folder / "part.parquet")
    with connect() as con:
        parquet_view(con, "keyed", [folder / "part.parquet"], SCHEMA)
        assert con.sql("SELECT surface FROM keyed").fetchall() == [("EU",)]
