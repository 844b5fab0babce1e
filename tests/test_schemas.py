import pandas as pd
import pyarrow as pa
import pytest

from pipeline.errors import SchemaViolation
from pipeline.output import schemas


def _claim(**changes):
    row = {name: None for name in schemas.CLAIMS.schema.names}
    row |= {"claim_id": "c1", "doc_id": "d1", "sent_idx": 0, "start": 3, "end": 8, "text": "7万6千人",
            "norm_text": "7万6千人", "kind": "quantity", "value": 76000.0, "value_low": 76000.0,
            "value_high": 76000.0, "unit": "person", "approx": False, "vague": False}
    return row | changes


ORIGINAL = {"d1": "駐留軍7万6千人を下回る"}


def test_a_valid_table_passes_and_keeps_types():
    table = schemas.to_arrow(schemas.CLAIMS, pd.DataFrame([_claim()]), ORIGINAL)
    assert table.schema.field("value").type == pa.float64()
    assert table.column("text").to_pylist() == ["7万6千人"]


@pytest.mark.parametrize("change, problem", [
    ({"text": "7万6千"}, r"is not original\[3:8\]"),
    ({"end": 40}, "beyond the end"),
    ({"claim_id": None}, "claim_id has 1 nulls"),
    ({"start": 9}, "end < start"),
])
def test_invalid_rows_are_refused(change, problem):
    with pytest.raises(SchemaViolation, match=problem):
        schemas.to_arrow(schemas.CLAIMS, pd.DataFrame([_claim(**change)]), ORIGINAL)


def test_duplicate_keys_are_refused():
    with pytest.raises(SchemaViolation, match="not unique"):
        schemas.to_arrow(schemas.CLAIMS, pd.DataFrame([_claim(), _claim()]), ORIGINAL)


def test_missing_column_is_refused():
    with pytest.raises(SchemaViolation, match="columns missing"):
        schemas.to_arrow(schemas.CLAIMS, pd.DataFrame([_claim()]).drop(columns=["unit"]))


def test_every_column_is_documented_with_an_example():
    for spec in schemas.TABLES.values():
        for field in spec.schema:
            assert field.metadata[b"doc"] and field.metadata[b"example"], (spec.name, field.name)
        assert set(spec.key) <= set(spec.schema.names)
