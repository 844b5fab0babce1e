"""`python -m pipeline export`: the tables, report, data dictionary, datapackage.json and manifest, copied
atomically into another project's folder, and the Data Package valid for the frictionless library."""

import json
import shutil

import frictionless
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.output import datapackage
from pipeline.output.export import NothingToExport, export_outputs
from pipeline.output.schemas import TABLES

from .conftest import ROOT, run_cli
from .test_report import write_synthetic_outputs

EXPORTED = sorted([f"{n}.parquet" for n in TABLES] + ["report.html", "tables.md", "datapackage.json", "manifest.json"])


@pytest.fixture(scope="module")
def exported(seed_outputs, tmp_path_factory):
    dest = tmp_path_factory.mktemp("other_project") / "data" / "ja_news"
    result = run_cli("export", "--out", str(seed_outputs), str(dest))
    assert result.stderr == f"copied {len(EXPORTED)} files to {dest}\n"
    return dest


def test_export_copies_the_tables_report_and_manifest(exported, seed_outputs):
    assert sorted(p.name for p in exported.iterdir()) == EXPORTED
    for name in [f"{n}.parquet" for n in TABLES] + ["report.html"]:
        assert (exported / name).read_bytes() == (seed_outputs / name).read_bytes(), name
    assert json.loads((exported / "manifest.json").read_text()) == json.loads((seed_outputs / "manifest.json").read_text())
    assert len(pd.read_parquet(exported / "documents.parquet")) == 5


def test_export_writes_the_data_dictionary_and_the_data_package(exported):
    assert (exported / "tables.md").read_text(encoding="utf-8") == (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    assert (exported / "datapackage.json").read_text(encoding="utf-8") == datapackage.datapackage_json()


def test_the_data_package_is_valid_for_frictionless(exported):
    report = frictionless.validate(exported / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    rows = {task.name: task.stats.get("rows", 0) for task in report.tasks}  # frictionless counts no rows in an empty table
    assert list(rows) == list(TABLES)
    assert rows["documents"] == 5 and rows["rejects"] == 0  # no rejected file among the seeds
    assert rows["tokens"] == pq.ParquetFile(exported / "tokens.parquet").metadata.num_rows


def test_the_data_package_describes_every_table_from_the_schemas():
    package = datapackage.datapackage()
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    for resource in package["resources"]:
        spec = TABLES[resource["name"]]
        assert (resource["path"], resource["format"], resource["description"]) == (f"{spec.name}.parquet", "parquet", spec.doc)
        assert resource["schema"]["primaryKey"] == list(spec.key)
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == spec.schema.names
        for described, field in zip(fields, spec.schema):
            assert described["description"].startswith(field.metadata[b"doc"].decode())
            assert described.get("constraints", {}).get("required", False) is not field.nullable
    documents = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert documents["n_chars"] == {
        "name": "n_chars", "type": "integer", "description": "characters in the decoded original text", "example": 10837,
        "constraints": {"required": True},
    }
    assert (documents["published"]["type"], documents["published"]["example"]) == ("date", "2026-01-22")
    assert documents["row"]["missingValues"] == ["", "nan"]  # a nullable integer
    entities = {f["name"]: f for f in package["resources"][4]["schema"]["fields"]}
    assert entities["aliases"]["type"] == "any" and entities["aliases"]["example"] == ["NATO", "北大西洋条約機構"]
    assert entities["aliases"]["description"].endswith("(a list of strings)")
    claims = {f["name"]: f for f in package["resources"][5]["schema"]["fields"]}
    assert (claims["value"]["type"], claims["approx"]["type"], claims["approx"]["example"]) == ("number", "boolean", False)


def test_the_data_package_names_no_profile_to_fetch():
    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    assert not {"profile", "$schema"} & set(keys(datapackage.datapackage()))


def test_frictionless_finds_a_table_that_breaks_its_description(exported, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(exported, broken)
    entities = pq.read_table(broken / "entities.parquet")
    pq.write_table(pa.concat_tables([entities, entities.slice(0, 1)]), broken / "entities.parquet")  # a key twice
    facts = pq.read_table(broken / "facts.parquet")
    pq.write_table(facts.drop_columns(["surfaces"]), broken / "facts.parquet")  # a column missing
    package = frictionless.Package(broken / "datapackage.json")
    entity_errors = package.get_resource("entities").validate().flatten(["rowNumber", "type"])
    assert entity_errors == [[len(entities) + 2, "primary-key"]]  # frictionless counts the header as row 1
    fact_errors = package.get_resource("facts").validate().flatten(["type", "fieldName"])
    # frictionless matches the header by position: the last field lacks its column, the one read as surfaces is claim_ids
    assert fact_errors[:2] == [["missing-label", "conflict_group"], ["incorrect-label", "surfaces"]]
    assert package.get_resource("documents").validate().valid


def test_export_refuses_tables_written_with_other_columns(tmp_path):
    out = write_synthetic_outputs(tmp_path / "outputs")
    (out / "report.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    (out / "manifest.json").write_text("{}", encoding="utf-8")
    facts = pq.read_table(out / "facts.parquet")
    pq.write_table(facts.drop_columns(["surfaces"]), out / "facts.parquet")  # as an older version of the pipeline wrote it
    with pytest.raises(NothingToExport, match=r"facts.parquet has other columns than this version of the pipeline writes "
                                              r"\(missing \['surfaces'\], unexpected \[\]\) — run `make extract` again"):
        export_outputs(out, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_export_without_outputs_says_what_to_do(tmp_path):
    with pytest.raises(NothingToExport, match="run `make extract` first"):
        export_outputs(tmp_path / "empty", tmp_path / "dest")
    result = run_cli("export", "--out", str(tmp_path / "empty"), str(tmp_path / "dest"), check=False)
    assert result.returncode == 1 and "error: [E007]" in result.stderr
