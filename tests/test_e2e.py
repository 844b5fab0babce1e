"""The whole pipeline through its CLI, on the five seed articles."""

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.output import schemas

from .conftest import CORPUS, run_cli


def _read(out, name):
    return pd.read_parquet(out / f"{name}.parquet")


def test_every_table_is_written_with_its_declared_schema(seed_outputs):
    for name, spec in schemas.TABLES.items():
        table = pq.read_table(seed_outputs / f"{name}.parquet")
        assert table.schema.remove_metadata().equals(spec.schema.remove_metadata(), check_metadata=False), name
    manifest = json.loads((seed_outputs / "manifest.json").read_text())
    assert manifest["schema_version"] == schemas.SCHEMA_VERSION
    assert set(manifest["row_counts"]) == set(schemas.TABLES)
    assert sorted(manifest["inputs"]) == sorted(p.name for p in CORPUS.glob("*.txt"))


def test_every_row_points_back_into_its_source(seed_outputs):
    documents = _read(seed_outputs, "documents")
    originals = {row.doc_id: (CORPUS / row.path).read_text(encoding="utf-8") for row in documents.itertuples()}
    for name in ("sentences", "mentions", "claims"):
        frame = _read(seed_outputs, name)
        assert len(frame) > 0, name
        for row in frame.itertuples():
            assert originals[row.doc_id][row.start:row.end] == row.text, (name, row)


def test_documents_have_titles_and_the_stated_date(seed_outputs):
    documents = _read(seed_outputs, "documents").set_index("path")
    assert len(documents) == 5 and set(documents.status) == {"ok"}
    assert str(documents.loc["000_363777f8eba26d23.txt", "published"]) == "2026-01-22"
    assert documents.loc["001_2a5242382c8ebb9d.txt", "title"] == "NATOの警鐘:欧州の防衛危機が映す日本の「自律」なき現実"


def test_a_kanji_mixed_number_is_a_claim_with_its_value(seed_outputs):
    claims = _read(seed_outputs, "claims")
    row = claims[claims.norm_text == "7万6千人"].iloc[0]
    assert (row.kind, row.value, row.unit) == ("quantity", 76000.0, "person")


def test_america_and_beikoku_are_one_entity(seed_outputs):
    mentions = _read(seed_outputs, "mentions")
    ids = set(mentions[mentions.norm_text.isin(["アメリカ", "米国"])].entity_id)
    assert len(ids) == 1


def test_a_second_run_on_an_unchanged_corpus_reuses_everything_and_writes_identical_tables(seed_outputs, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(seed_outputs, out)
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    run_cli("extract", "--corpus", str(CORPUS), "--out", str(out), "--quiet")
    manifest = json.loads((out / "manifest.json").read_text())
    # the figures stay those of the run that built the tables; this run adds its own record
    assert [(r["texts_analysed"], r["texts_reused"], r["up_to_date"]) for r in manifest["runs"]] == [(5, 0, False), (0, 5, True)]
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before


def test_help_explains_every_option():
    text = run_cli("extract", "--help").stdout
    for option in ("--corpus", "--out", "--workers", "--dask-workers", "--scheduler", "--strict", "--no-cache", "--quiet"):
        assert option in text


def test_seed_dates_are_anchored_to_the_dateline_and_carry_no_packed_numbers(seed_outputs):
    documents = _read(seed_outputs, "documents").set_index("path")
    assert str(documents.loc["000_363777f8eba26d23.txt", "reference_date"]) == "2026-01-22"
    assert documents.loc["000_363777f8eba26d23.txt", "reference_source"] == "dateline"
    claims = _read(seed_outputs, "claims")
    seed_000 = claims[claims.doc_id == documents.loc["000_363777f8eba26d23.txt", "doc_id"]].set_index("text")
    # Hegseth's demand of 2月12日, told in the past tense in an article of 2026-01-22: last February
    assert tuple(seed_000.loc["2月12日", ["date", "date_precision", "date_anchor"]]) == ("2025-02-12", "day", "reference_date")
    dates = claims[claims.kind == "date"]
    assert dates["value"].isna().all() and dates["value_low"].isna().all() and dates["value_high"].isna().all()
