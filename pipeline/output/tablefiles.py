"""Parquet files of the output tables: one writer, one compression, row groups of a fixed size."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

COMPRESSION = "zstd"


def write_table(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression=COMPRESSION)


class ChunkedTableWriter:
    """Writes a table chunk by chunk, so memory holds one row group, not the table.

    Row groups hold exactly `rows_per_group` rows (the last one fewer) however the chunks
    come, so the same rows give the same file whichever way they were batched.
    """

    def __init__(self, path: Path, schema: pa.Schema, rows_per_group: int = 200_000):
        self._path = path
        self._schema = schema
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._rows_per_group = rows_per_group
        self._writer = pq.ParquetWriter(path, schema, compression=COMPRESSION)
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        self._pending.append(table)
        self._pending_rows += table.num_rows
        self.rows += table.num_rows
        while self._pending_rows >= self._rows_per_group:
            pending = pa.concat_tables(self._pending)
            self._writer.write_table(pending.slice(0, self._rows_per_group), row_group_size=self._rows_per_group)
            rest = pending.slice(self._rows_per_group)
            self._pending, self._pending_rows = [rest], rest.num_rows

    def close(self) -> None:
        if self._pending_rows:
            self._writer.write_table(pa.concat_tables(self._pending), row_group_size=self._pending_rows)
        if self.rows == 0:
            self._writer.write_table(self._schema.empty_table())
        self._writer.close()
