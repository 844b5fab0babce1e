"""manifest.json: when, on what and how the tables were built; an up-to-date re-run keeps the
figures of the run that built them and adds its own record."""

from __future__ import annotations

import json
import platform
import re
import shutil
from pathlib import Path

import pytest

from pipeline import run
from pipeline.config import Config

ARTICLES = {
    "桜.txt": "2026年2月3日\n大阪市は市内の公園に約500本の桜を植えると発表した。\n事業費は2億円を見込む。\n",
    "港.txt": "名古屋港では先月、コンテナの取扱量が前年より3%増えた。\n",
}
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
RUN_KEYS = {"started", "ended", "corpus", "options", "versions", "seconds", "texts_analysed", "texts_reused", "up_to_date"}


def _config(corpus: Path, out: Path) -> Config:
    return Config(corpus=corpus, out=out, workers=1, progress=False)


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _tables(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.parquet"))} | {"report.html": (out / "report.html").read_bytes()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("manifest")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    run.extract(_config(corpus, root / "out"))
    return corpus, root / "out"


@pytest.fixture()
def copy_of_built(built, tmp_path) -> tuple[Path, Path]:
    corpus, out = built
    shutil.copytree(out, tmp_path / "out", symlinks=True)
    return corpus, tmp_path / "out"


def test_the_manifest_says_when_on_what_and_how_the_tables_were_built(built):
    corpus, out = built
    manifest = _manifest(out)
    (record,) = manifest["runs"]
    assert set(record) == RUN_KEYS
    assert ISO_UTC.fullmatch(record["started"]) and ISO_UTC.fullmatch(record["ended"])
    assert record["started"] <= record["ended"]
    assert record["corpus"] == str(corpus.resolve())
    assert record["options"] == json.loads(_config(corpus, out).to_json())
    assert record["options"]["workers"] == 1
    assert record["versions"]["python"] == platform.python_version()
    assert record["versions"]["ja-news-pipeline"] == "0.1.0"
    assert (record["texts_analysed"], record["texts_reused"], record["up_to_date"]) == (2, 0, False)
    # the top-level figures are those of this, the building, run
    assert (manifest["texts_analysed"], manifest["texts_reused"], manifest["up_to_date"]) == (2, 0, False)
    assert manifest["seconds"] == record["seconds"] and set(record["seconds"]) >= {"ingest", "analyse", "write"}


def test_an_up_to_date_rerun_keeps_the_figures_of_the_building_run_and_adds_its_own_record(copy_of_built):
    corpus, out = copy_of_built
    before, tables = _manifest(out), _tables(out)
    report = run.extract(_config(corpus, out))
    assert report.up_to_date and report.analysed == 0
    after = _manifest(out)
    assert {k: v for k, v in after.items() if k not in ("runs", "up_to_date")} == {k: v for k, v in before.items() if k not in ("runs", "up_to_date")}
    built_record, again = after["runs"]
    assert built_record == before["runs"][0]
    assert (again["texts_analysed"], again["texts_reused"], again["up_to_date"], after["up_to_date"]) == (0, 2, True, True)
    assert again["options"]["out"] == str(out) and again["started"] >= built_record["ended"]
    assert _tables(out) == tables


def test_the_up_to_date_runs_kept_are_the_latest(copy_of_built, monkeypatch):
    corpus, out = copy_of_built
    monkeypatch.setattr(run, "MAX_LATER_RUNS", 2)
    building = _manifest(out)["runs"][0]
    records = []
    for _ in range(3):
        run.extract(_config(corpus, out))
        records.append(_manifest(out)["runs"][-1])
    assert _manifest(out)["runs"] == [building, records[1], records[2]]


def test_a_rebuild_with_the_same_options_differs_by_its_timestamps_and_seconds_only(built, tmp_path):
    corpus, out = built
    first, tables = _manifest(out), _tables(out)
    saved = tmp_path / "saved"
    shutil.move(out, saved)  # the same path, emptied: the same options, no cache
    try:
        run.extract(_config(corpus, out))
        second = _manifest(out)
        assert _tables(out) == tables

        def timeless(manifest: dict) -> dict:
            runs = [{k: v for k, v in r.items() if k not in ("started", "ended", "seconds")} for r in manifest["runs"]]
            return {k: v for k, v in manifest.items() if k != "seconds"} | {"runs": runs}

        assert timeless(second) == timeless(first)
    finally:
        shutil.rmtree(out)
        shutil.move(saved, out)
