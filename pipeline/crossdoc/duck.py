"""DuckDB for the cross-article step: group-bys and joins over every document's rows that spill
to disk instead of needing the corpus in memory."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import duckdb
import pyarrow as pa


@contextlib.contextmanager
def connect(*, memory_limit: str | None = None, spill_to: Path | None = None, threads: int | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A database for one step; past `memory_limit` (e.g. "1GB") it spills into `spill_to`.

    With `spill_to`, the database itself is a file there, so that its tables, not only the
    operators' intermediate results, can leave memory."""
    config = {"preserve_insertion_order": "false"}  # every result that is read has an ORDER BY
    if memory_limit:
        config["memory_limit"] = memory_limit
    if spill_to is not None:
        spill_to.mkdir(parents=True, exist_ok=True)
        config["temp_directory"] = str(spill_to)
    if threads:
        config["threads"] = str(threads)
    con = duckdb.connect(str(spill_to / "step.duckdb") if spill_to is not None else ":memory:", config=config)
    try:
        yield con
    finally:
        con.close()


def parquet_view(con: duckdb.DuckDBPyConnection, name: str, files: list[Path], schema: pa.Schema) -> None:
    """`name` reads the Parquet files (all written with `schema`); no files reads as an empty table."""
    if files:
        listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet([{listed}])")
    else:
        con.register(name, schema.empty_table())


def batches(con: duckdb.DuckDBPyConnection, query: str, rows: int = 100_000) -> Iterator[pa.RecordBatch]:
    """The query's result a batch at a time: memory holds one batch, not the result."""
    yield from con.sql(query).to_arrow_reader(rows)
