"""datapackage.json: the output tables as a Frictionless Data Package, generated from the schemas.

Every table of pipeline/output/schemas.py is a resource (its Parquet file, format parquet) with a
Table Schema: each column's name, type, description (the field's doc), example, `required` for
the columns that are never null, and the table's key as primaryKey. Another project checks what
it receives with `frictionless validate datapackage.json` (tests/test_export.py does).

Two concessions to how frictionless-py reads Parquet (through pandas), so that a correct export
validates: a list column (list<string>) is typed `any`, its description saying it is a list of
strings, because pandas hands frictionless numpy arrays, which its `array` type rejects; and a
nullable integer column (read by pandas as floats, nulls as NaN) lists "nan" among its missing
values. No `profile` or `$schema` URLs: frictionless would fetch them, and exports are read
offline. No file sizes or hashes either: frictionless cannot count a Parquet file's bytes and
reports every size as wrong.
"""

from __future__ import annotations

import ast
import json
import pyarrow as pa

from pipeline.config import SCHEMA_VERSION
from pipeline.output.schemas import TABLES, TableSpec

NAME = "ja-news-pipeline-outputs"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"


def field_type(type_: pa.DataType) -> str:
    """The Table Schema type of an Arrow column type."""
    if pa.types.is_string(type_) or pa.types.is_large_string(type_):
        return "string"
    if pa.types.is_integer(type_):
        return "integer"
    if pa.types.is_floating(type_):
        return "number"
    if pa.types.is_boolean(type_):
        return "boolean"
    if pa.types.is_date(type_):
        return "date"
    if pa.types.is_list(type_) or pa.types.is_large_list(type_):
        return "any"  # not "array": see the module's docstring
    raise ValueError(f"no Table Schema type for Arrow type {type_}")


def example_value(field: pa.Field):
    """The field's example (written as text in the schemas) as a value of its type: frictionless checks it."""
    text = field.metadata[b"example"].decode()
    if pa.types.is_list(field.type):
        return [str(item) for item in ast.literal_eval(text)]  # written as a Python list: ['NATO', '北大西洋条約機構']
    kind = field_type(field.type)
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return {"true": True, "false": False}[text]
    return text


def table_schema(spec: TableSpec) -> dict:
    fields = []
    for field in spec.schema:
        described = {
            "name": field.name,
            "type": field_type(field.type),
            "description": field.metadata[b"doc"].decode(),
            "example": example_value(field),
        }
        if pa.types.is_list(field.type):
            described["description"] += " (a list of strings)"
        if not field.nullable:
            described["constraints"] = {"required": True}
        elif pa.types.is_integer(field.type):
            described["missingValues"] = ["", "nan"]  # a null read through pandas is a float NaN
        fields.append(described)
    return {"fields": fields, "primaryKey": list(spec.key)}


def resource(spec: TableSpec) -> dict:
    return {
        "name": spec.name,
        "path": f"{spec.name}.parquet",
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "description": spec.doc,
        "schema": table_schema(spec),
    }


def datapackage() -> dict:
    """The package descriptor of the tables as schemas.py declares them."""
    return {
        "name": NAME,
        "title": "Japanese news extraction: documents, sentences, tokens, entities, claims and facts",
        "description": (
            "Tables written by ja-news-pipeline (schema version "
            f"{SCHEMA_VERSION}). start/end are character offsets into each document's original decoded text. "
            "manifest.json beside this file records the run; tables.md is the data dictionary; report.html the review page."
        ),
        "version": SCHEMA_VERSION,
        "resources": [resource(spec) for spec in TABLES.values()],
    }


def datapackage_json() -> str:
    """datapackage.json's text: the same schemas give the same bytes."""
    return json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"
