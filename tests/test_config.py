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
        ("analysis/claims/context.py", True),  # a rule of the analysis, nested two folders down
        ("analysis/text/segment.py", True),
        ("analysis/data/roles.tsv", True),  # a word list the analysis reads
        ("analysis/new_rules/more.py", True),  # a file nobody has listed anywhere
        ("crossdoc/facts.py", False),  # cross-article: recomputed every run, never cached
        ("crossdoc/linking.py", False),
        ("run.py", False),
        ("output/report.py", False),
    ],
)
def test_the_source_hash_follows_every_file_under_analysis_and_nothing_else(package_copy, edited, changes):
    before = source_hash(package_copy / "analysis")
    (package_copy / edited).parent.mkdir(parents=True, exist_ok=True)
    with open(package_copy / edited, "a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    assert (source_hash(package_copy / "analysis") != before) is changes


def test_compiled_caches_are_not_part_of_the_source_hash(package_copy):
    before = source_hash(package_copy / "analysis")
    (package_copy / "analysis" / "__pycache__").mkdir(exist_ok=True)
    (package_copy / "analysis" / "__pycache__" / "analyse.cpython-311.pyc").write_bytes(b"\0")
    assert source_hash(package_copy / "analysis") == before


def test_analysis_imports_nothing_of_the_cross_article_step_or_the_outputs_but_the_schemas():
    import ast

    allowed = {"pipeline.output.schemas"}
    offending = []
    for path in sorted((config.PACKAGE_DIR / "analysis").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.startswith(("pipeline.crossdoc", "pipeline.output")) and name != "pipeline.output" and name not in allowed:
                    if not (name.startswith("pipeline.output.") and any(name.startswith(a) for a in allowed)):
                        offending.append(f"{path.relative_to(config.PACKAGE_DIR)}: {name}")
    assert offending == []


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
