"""The analysis fingerprint: what the cached per-document analysis depends on."""

from __future__ import annotations

import shutil

import pytest

from pipeline import config
from pipeline.config import Config, source_hash


@pytest.fixture()
def package_copy(tmp_path):
    copy = tmp_path / "pipeline"
    shutil.copytree(config.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize(
    ("edited", "changes"),
    [
        ("claims.py", True),  # a rule of the analysis
        ("segment.py", True),
        ("data/roles.tsv", True),  # a word list the analysis reads
        ("facts.py", False),  # cross-article: recomputed every run, never cached
        ("linking.py", False),
        ("run.py", False),
        ("report.py", False),
    ],
)
def test_the_source_hash_changes_with_the_analysis_code_only(package_copy, edited, changes):
    before = source_hash(package_dir=package_copy)
    with open(package_copy / edited, "a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    assert (source_hash(package_dir=package_copy) != before) is changes


def test_the_fingerprint_depends_on_the_version_packages_and_source(monkeypatch):
    base = Config().analysis_fingerprint()
    assert Config(workers=2, batch_docs=4, nlp_batch_size=8).analysis_fingerprint() == base  # how, not what
    monkeypatch.setattr(config, "ANALYSIS_VERSION", "next")
    assert Config().analysis_fingerprint() != base
    monkeypatch.undo()
    monkeypatch.setattr(config, "package_versions", lambda names: {name: "0" for name in names})
    assert Config().analysis_fingerprint() != base
    monkeypatch.undo()
    monkeypatch.setattr(config, "source_hash", lambda: "0" * 16)
    assert Config().analysis_fingerprint() != base


def test_package_versions_names_every_nlp_package():
    versions = config.package_versions(config.ANALYSIS_PACKAGES)
    assert set(versions) == {"spacy", "thinc", "numpy", "ginza", "ja-ginza", "sudachipy", "sudachidict-core", "fugashi", "unidic-lite"}
    assert all(versions.values())  # all installed
