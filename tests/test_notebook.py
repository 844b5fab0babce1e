"""notebooks/explore.ipynb runs top to bottom on fresh outputs, draws Japanese without tofu, and is committed clean."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from .test_report import write_empty_outputs, write_synthetic_outputs

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
PLOTS = {"entities_by_articles.png", "facts_by_articles.png", "timeline.png", "cooccurrence.png"}


def execute(notebook: nbformat.NotebookNode, outputs: Path, plot_dir: Path, monkeypatch) -> nbformat.NotebookNode:
    """Run `notebook` in a python3 kernel from notebooks/, reading `outputs`; a failing cell raises."""
    monkeypatch.setenv("PIPELINE_OUT", str(outputs))
    monkeypatch.setenv("PIPELINE_PLOT_DIR", str(plot_dir))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = NotebookClient(notebook, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return notebook


def _text_outputs(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    """(everything printed or displayed as text, everything on stderr)."""
    shown, errors = [], []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                (errors if output["name"] == "stderr" else shown).append(output["text"])
            elif "data" in output:
                shown.append(output["data"].get("text/plain", ""))
    return "\n".join(shown), "\n".join(errors)


def test_the_notebook_is_committed_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert notebook.metadata.kernelspec.name == "python3"


def test_the_notebook_answers_its_questions_on_synthetic_outputs(tmp_path, monkeypatch):
    outputs = write_synthetic_outputs(tmp_path / "outputs")
    notebook = execute(nbformat.read(NOTEBOOK, as_version=4), outputs, tmp_path / "plots", monkeypatch)
    shown, errors = _text_outputs(notebook)
    assert "missing from" not in errors and "Glyph" not in errors  # no tofu in the Japanese labels
    assert f"reading {outputs}" in shown
    assert "1 conflict groups over 2 facts" in shown
    assert "ヨーロッパ駐留米軍" in shown and "要員" in shown  # the conflict and the corroborated fact
    assert "2026-01-20" in shown and "2035" in shown  # the timeline's dates
    assert {p.name for p in (tmp_path / "plots").iterdir()} == PLOTS
    assert all(p.read_bytes()[:4] == b"\x89PNG" for p in (tmp_path / "plots").iterdir())


def test_the_notebook_runs_when_every_table_is_empty(tmp_path, monkeypatch):
    outputs = write_empty_outputs(tmp_path / "outputs")
    notebook = execute(nbformat.read(NOTEBOOK, as_version=4), outputs, tmp_path / "plots", monkeypatch)
    shown, _ = _text_outputs(notebook)
    for message in ("no entities in these outputs", "no facts in these outputs", "no dated claims in these outputs", "fewer than two entities"):
        assert message in shown
    assert not (tmp_path / "plots").exists()


def test_a_broken_notebook_fails(tmp_path, monkeypatch):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.insert(2, nbformat.v4.new_code_cell("documents['no_such_column']"))
    with pytest.raises(CellExecutionError, match="no_such_column"):
        execute(notebook, write_synthetic_outputs(tmp_path / "outputs"), tmp_path / "plots", monkeypatch)


def test_the_notebook_runs_on_the_outputs_of_a_real_run(seed_outputs, tmp_path, monkeypatch):
    notebook = execute(nbformat.read(NOTEBOOK, as_version=4), seed_outputs, tmp_path / "plots", monkeypatch)
    shown, errors = _text_outputs(notebook)
    assert "missing from" not in errors and "Glyph" not in errors
    assert "NATO" in shown
    assert {p.name for p in (tmp_path / "plots").iterdir()} == PLOTS
