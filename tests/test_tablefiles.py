"""Parquet writing of the output tables."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.output import tablefiles


@pytest.mark.parametrize("chunk_sizes", [[10], [3, 3, 3, 1], [1] * 10, [7, 0, 3]])
def test_chunked_writer_row_groups_do_not_depend_on_how_rows_come(tmp_path, chunk_sizes):
    schema = pa.schema([("surface", pa.string()), ("n", pa.int64())])
    rows = [("米国", 1), ("NATO", 2), ("ヘグセス", 3), ("EU", 4), ("日本", 5), ("英国", 6), ("欧州", 7), ("ロシア", 8), ("中国", 9), ("ウクライナ", 10)]
    writer = tablefiles.ChunkedTableWriter(tmp_path / "t.parquet", schema, rows_per_group=4)
    at = 0
    for size in chunk_sizes:
        part = rows[at:at + size]
        writer.write(pa.table({"surface": [r[0] for r in part], "n": [r[1] for r in part]}, schema=schema))
        at += size
    writer.close()
    meta = pq.ParquetFile(tmp_path / "t.parquet").metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [4, 4, 2]
    assert pq.read_table(tmp_path / "t.parquet").column("n").to_pylist() == list(range(1, 11))
    assert writer.rows == 10
