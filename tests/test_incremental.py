"""Incremental runs: only added or changed texts are analysed, and the outputs are byte for byte
those of a clean run over the same corpus; an unchanged corpus loads no NLP at all."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.run import extract

from .conftest import ROOT
from .fixtures.bad_corpus import seed_passage

ARTICLES = {
    "a.txt": seed_passage("000", 2, 6),  # 2026年1月22日 dateline, NATO, 5%
    "b.txt": seed_passage("001", 0, 4),
    "c.txt": seed_passage("004", 0, 3),  # hard-wrapped mid-word
}
ADDED = seed_passage("003", 0, 4)


def _outputs(out: Path) -> dict[str, bytes]:
    """Every table and the report, by name: what a user reads."""
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.parquet"))} | {"report.html": (out / "report.html").read_bytes()}


def _run(corpus: Path, out: Path, **options):
    return extract(Config(corpus=corpus, out=out, workers=1, progress=False, **options))


def _clean_outputs(corpus: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "clean"
    shutil.rmtree(out, ignore_errors=True)
    _run(corpus, out, use_cache=False)
    return _outputs(out)


@pytest.fixture()
def corpus_and_outputs(tmp_path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    report = _run(corpus, out)
    assert (report.analysed, report.reused) == (3, 0)
    return corpus, out


def test_an_added_article_is_the_only_one_analysed_and_the_outputs_equal_a_clean_run(corpus_and_outputs, tmp_path):
    corpus, out = corpus_and_outputs
    (corpus / "d.txt").write_text(ADDED, encoding="utf-8")
    report = _run(corpus, out)
    assert (report.analysed, report.reused, report.counts["documents"]) == (1, 3, 4)
    assert _outputs(out) == _clean_outputs(corpus, tmp_path)


def test_a_changed_article_is_the_only_one_analysed_and_the_outputs_equal_a_clean_run(corpus_and_outputs, tmp_path):
    corpus, out = corpus_and_outputs
    (corpus / "b.txt").write_text(ARTICLES["b.txt"] + "米国は同盟国にGDP比3.5%の国防費を求めた。\n", encoding="utf-8")
    report = _run(corpus, out)
    assert (report.analysed, report.reused) == (1, 2)
    assert _outputs(out) == _clean_outputs(corpus, tmp_path)


def test_a_deleted_article_needs_no_analysis_and_the_outputs_equal_a_clean_run(corpus_and_outputs, tmp_path):
    corpus, out = corpus_and_outputs
    (corpus / "c.txt").unlink()
    report = _run(corpus, out)
    assert (report.analysed, report.reused, report.counts["documents"], report.up_to_date) == (0, 2, 2, False)
    assert _outputs(out) == _clean_outputs(corpus, tmp_path)
    assert len(list((out / ".cache").glob("*/*/*.part"))) == 2  # the deleted article's analysis was pruned


def test_a_second_run_on_an_unchanged_corpus_imports_no_nlp_nor_table_library_and_keeps_the_tables(corpus_and_outputs):
    corpus, out = corpus_and_outputs
    before = _outputs(out)
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from pipeline.config import Config\n"
        "from pipeline.run import extract\n"
        f"report = extract(Config(corpus=Path({str(corpus)!r}), out=Path({str(out)!r}), workers=2, progress=False))\n"
        "print(json.dumps({'analysed': report.analysed, 'reused': report.reused, 'up_to_date': report.up_to_date,\n"
        "    'imported': sorted(m for m in ('spacy', 'ginza', 'ja_ginza', 'thinc', 'fugashi', 'sudachipy', 'pipeline.analysis.models',\n"
        "                                   'pandas', 'pyarrow', 'numpy', 'duckdb') if m in sys.modules)}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == {"analysed": 0, "reused": 3, "up_to_date": True, "imported": []}
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["texts_analysed"], manifest["texts_reused"], manifest["up_to_date"]) == (3, 0, True)  # the building run's figures
    assert (manifest["runs"][-1]["texts_analysed"], manifest["runs"][-1]["texts_reused"]) == (0, 3)
    assert _outputs(out) == before


def test_an_output_table_removed_by_hand_is_written_again(corpus_and_outputs):
    corpus, out = corpus_and_outputs
    before = _outputs(out)
    (out / "facts.parquet").unlink()
    report = _run(corpus, out)
    assert (report.analysed, report.up_to_date) == (0, False)
    assert _outputs(out) == before


def test_a_gazetteer_of_the_user_changes_the_fingerprint_and_every_text_is_analysed_again(corpus_and_outputs, tmp_path):
    corpus, out = corpus_and_outputs
    gazetteer = tmp_path / "extra.tsv"
    gazetteer.write_text("key\tname\tlabel\taliases\twikidata_id\tene\ngaz:ルッテ\tマルク・ルッテ\tPERSON\tルッテ\t\tPerson\n", encoding="utf-8")
    assert Config(gazetteer=gazetteer).analysis_fingerprint() != Config().analysis_fingerprint()
    report = _run(corpus, out, gazetteer=gazetteer)
    assert (report.analysed, report.reused) == (3, 0)
    assert len(list((out / ".cache").iterdir())) == 1  # the other fingerprint's cache was pruned


def test_the_cross_article_step_gives_the_same_bytes_one_document_at_a_time_in_little_memory(corpus_and_outputs, tmp_path, monkeypatch):
    """Keys are computed per chunk of documents and merged in DuckDB: chunk size and DuckDB's
    memory budget (past it, it spills to disk) must not change a byte of the outputs."""
    import pipeline.crossdoc.assemble

    corpus, out = corpus_and_outputs
    monkeypatch.setattr(pipeline.crossdoc.assemble, "CHUNK_DOCS", 1)
    small = tmp_path / "small"
    shutil.copytree(out, small)
    (small / "manifest.json").unlink()  # not up to date: the tables are rebuilt from the cache
    report = _run(corpus, small, link_memory="16MB")
    assert (report.analysed, report.reused) == (0, 3)
    assert _outputs(small) == _outputs(out)
    assert not (small / ".staging").exists()
