"""The tables read the same in pandas, pyarrow, DuckDB and Polars: same rows, same types.

Lists stay lists, dates stay dates, nulls stay nulls, and nothing comes back as an untyped
object column. Run on synthetic outputs (see test_report.py), on an empty run and on the
outputs of a real run over corpus/ (the `seed_outputs` session fixture of conftest.py).
"""

from __future__ import annotations

import datetime

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from pipeline.output import schemas

from .test_report import FACT_STAFF, ID_A, write_empty_outputs, write_synthetic_outputs

TABLE_NAMES = list(schemas.TABLES)

DUCKDB_TYPES = {"string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "double": "DOUBLE", "bool": "BOOLEAN", "date32[day]": "DATE"}
POLARS_TYPES = {"string": pl.String, "int32": pl.Int32, "int64": pl.Int64, "double": pl.Float64, "bool": pl.Boolean, "date32[day]": pl.Date}
PYTHON_TYPES = {"string": str, "int32": int, "int64": int, "double": float, "bool": bool, "date32[day]": datetime.date}


def _duckdb_type(type_: pa.DataType) -> str:
    return f"{_duckdb_type(type_.value_type)}[]" if pa.types.is_list(type_) else DUCKDB_TYPES[str(type_)]


def _polars_type(type_: pa.DataType) -> pl.DataType:
    return pl.List(_polars_type(type_.value_type)) if pa.types.is_list(type_) else POLARS_TYPES[str(type_)]


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory):
    return write_synthetic_outputs(tmp_path_factory.mktemp("synthetic_outputs"))


@pytest.fixture(scope="module")
def empty_dir(tmp_path_factory):
    return write_empty_outputs(tmp_path_factory.mktemp("empty_outputs"))


@pytest.fixture(scope="module", params=["synthetic_dir", "empty_dir", "seed_outputs"])
def outputs(request):
    return request.getfixturevalue(request.param)


def _plain(value):
    """A reader's cell as a plain Python value (pandas gives pd.NA for a null)."""
    if value is pd.NA:
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def read_all(path) -> dict[str, list[tuple]]:
    """Every row of one Parquet file, as plain Python tuples, from each reader."""
    frame = pd.read_parquet(path, dtype_backend="pyarrow")
    return {
        "pyarrow": [tuple(r.values()) for r in pq.read_table(path).to_pylist()],
        "pandas": [tuple(_plain(v) for v in row) for row in frame.itertuples(index=False, name=None)],
        "duckdb": duckdb.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall(),
        "polars": pl.read_parquet(path).rows(),
    }


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_every_reader_sees_the_declared_types(outputs, name):
    folder = outputs
    path = folder / f"{name}.parquet"
    schema = schemas.TABLES[name].schema
    assert pq.read_schema(path).remove_metadata().equals(schema.remove_metadata())

    frame = pd.read_parquet(path, dtype_backend="pyarrow")
    assert list(frame.columns) == schema.names
    assert {c: frame[c].dtype for c in frame.columns} == {f.name: pd.ArrowDtype(f.type) for f in schema}
    assert not [c for c in frame.columns if frame[c].dtype == object]

    described = duckdb.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    assert [(row[0], row[1]) for row in described] == [(f.name, _duckdb_type(f.type)) for f in schema]

    assert dict(pl.read_parquet(path).schema) == {f.name: _polars_type(f.type) for f in schema}


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_every_reader_gets_the_same_rows_with_python_types(outputs, name):
    folder = outputs
    rows = read_all(folder / f"{name}.parquet")
    reference = rows.pop("pyarrow")
    for reader, got in rows.items():
        assert got == reference, f"{reader} reads {name} differently"
    for field_index, field in enumerate(schemas.TABLES[name].schema):
        values = [row[field_index] for row in reference if row[field_index] is not None]
        if pa.types.is_list(field.type):
            assert all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in values), field.name
            for reader, got in rows.items():
                assert all(isinstance(row[field_index], list) for row in got if row[field_index] is not None), (reader, field.name)
        else:
            expected = PYTHON_TYPES[str(field.type)]
            assert all(type(v) is expected for v in values), field.name
            for reader, got in rows.items():
                assert all(type(row[field_index]) is expected for row in got if row[field_index] is not None), (reader, field.name)


def test_seed_values_agree_across_readers(seed_outputs):
    folder = seed_outputs
    documents, entities = str(folder / "documents.parquet"), str(folder / "entities.parquet")
    published = datetime.date(2026, 1, 22)
    path = "000_363777f8eba26d23.txt"
    assert pd.read_parquet(documents, dtype_backend="pyarrow").set_index("path").loc[path, "published"] == published
    assert duckdb.execute("SELECT published FROM read_parquet(?) WHERE path = ?", [documents, path]).fetchone() == (published,)
    assert pl.read_parquet(documents).filter(pl.col("path") == path)["published"].to_list() == [published]
    # NATO's documents: one list, the same from every reader, and as long as n_docs says
    nato = pq.read_table(entities).filter(pc.field("name") == "NATO").to_pylist()
    assert len(nato) == 1 and len(nato[0]["doc_ids"]) == nato[0]["n_docs"] >= 1
    assert pd.read_parquet(entities, dtype_backend="pyarrow").set_index("name").loc["NATO", "doc_ids"] == nato[0]["doc_ids"]
    assert duckdb.execute("SELECT doc_ids FROM read_parquet(?) WHERE name = 'NATO'", [entities]).fetchone() == (nato[0]["doc_ids"],)
    assert pl.read_parquet(entities).filter(pl.col("name") == "NATO")["doc_ids"].to_list() == [nato[0]["doc_ids"]]


def test_empty_tables_read_as_empty_everywhere(empty_dir):
    for name in TABLE_NAMES:
        assert {reader: len(rows) for reader, rows in read_all(empty_dir / f"{name}.parquet").items()} == dict.fromkeys(
            ("pyarrow", "pandas", "duckdb", "polars"), 0
        )


def test_exact_values_agree_across_readers(synthetic_dir):
    folder = synthetic_dir
    documents, facts = folder / "documents.parquet", folder / "facts.parquet"
    published = datetime.date(2026, 1, 22)
    frame = pd.read_parquet(documents, dtype_backend="pyarrow").set_index("path")
    assert frame.loc["000_nato.txt", "published"] == published
    assert pd.isna(frame.loc["003_column.txt", "published"])
    assert pq.read_table(documents).filter(pc.field("path") == "000_nato.txt")["published"].to_pylist() == [published]
    assert duckdb.execute("SELECT published FROM read_parquet(?) WHERE path = '000_nato.txt'", [str(documents)]).fetchone() == (published,)
    assert pl.read_parquet(documents).filter(pl.col("path") == "000_nato.txt")["published"].to_list() == [published]

    # a list column, read whole and exploded
    expected_docs = [ID_A, "b000000000000002"]
    fact_frame = pd.read_parquet(facts, dtype_backend="pyarrow").set_index("fact_id")
    assert fact_frame.loc[FACT_STAFF, "doc_ids"] == expected_docs
    assert fact_frame.loc[FACT_STAFF, "surfaces"] == ["約200名"]
    assert duckdb.execute(
        "SELECT unnest(doc_ids) AS d FROM read_parquet(?) WHERE fact_id = ? ORDER BY d", [str(facts), FACT_STAFF]
    ).fetchall() == [(d,) for d in expected_docs]
    assert pl.read_parquet(facts).filter(pl.col("fact_id") == FACT_STAFF).explode("doc_ids")["doc_ids"].to_list() == expected_docs
    # a null float stays null, not NaN
    claims = folder / "claims.parquet"
    assert duckdb.execute("SELECT count(*) FROM read_parquet(?) WHERE value IS NULL", [str(claims)]).fetchone() == (2,)
    assert pl.read_parquet(claims)["value"].null_count() == 2
    assert int(pd.read_parquet(claims, dtype_backend="pyarrow")["value"].isna().sum()) == 2
