"""notebooks/explore.ipynb runs top to bottom on fresh outputs (the seeds', a slice of corpus_wac's),
draws Japanese without tofu, answers the same whatever order the rows are stored in, and is committed clean."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from .conftest import run_cli
from .test_report import write_empty_outputs, write_synthetic_outputs

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
PLOTS = {"entities_by_articles.png", "facts_by_articles.png", "timeline.png", "cooccurrence.png"}
MAP = "places_map.png"  # drawn when the entities table has lat/lon and some entity has both
NO_MAP_COLUMNS = "the entities table has no lat/lon columns: no map of the places"
WAC_DOCUMENTS = 60


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


def _has_places(outputs: Path) -> bool:
    entities = pq.read_table(outputs / "entities.parquet")
    if not {"lat", "lon"} <= set(entities.column_names):
        return False
    return any(lat is not None and lon is not None for lat, lon in zip(entities["lat"].to_pylist(), entities["lon"].to_pylist()))


def _expected_plots(outputs: Path) -> set[str]:
    return PLOTS | ({MAP} if _has_places(outputs) else set())


def test_the_notebook_runs_on_the_outputs_of_a_real_run(seed_outputs, tmp_path, monkeypatch):
    notebook = execute(nbformat.read(NOTEBOOK, as_version=4), seed_outputs, tmp_path / "plots", monkeypatch)
    shown, errors = _text_outputs(notebook)
    assert "missing from" not in errors and "Glyph" not in errors
    assert "NATO" in shown
    assert {p.name for p in (tmp_path / "plots").iterdir()} == _expected_plots(seed_outputs)


def test_a_date_before_1677_is_on_the_timeline(tmp_path, monkeypatch):
    # 鎌倉時代 (1185/1333): before the first day pandas' nanosecond timestamps can hold
    outputs = write_synthetic_outputs(tmp_path / "outputs")
    path = outputs / "claims.parquet"
    claims = pq.read_table(path)
    dates = ["1185/1333" if d == "2035" else d for d in claims["date"].to_pylist()]
    pq.write_table(claims.set_column(claims.column_names.index("date"), "date", pa.array(dates, pa.string())), path)
    shown, _ = _text_outputs(execute(nbformat.read(NOTEBOOK, as_version=4), outputs, tmp_path / "plots", monkeypatch))
    assert "1185-01-01" in shown and "1333-01-01" in shown


# ---------------------------------------------------------------- the map of the places


def _with_coordinates(outputs: Path, coordinates: dict[str, tuple[float, float]]) -> Path:
    """Give the entities named in `coordinates` a (lat, lon), whether or not the schema has the columns yet."""
    path = outputs / "entities.parquet"
    table = pq.read_table(path)
    names = table["name"].to_pylist()
    for i, column in enumerate(("lat", "lon")):
        values = pa.array([coordinates[n][i] if n in coordinates else None for n in names], pa.float64())
        if column in table.column_names:
            table = table.set_column(table.column_names.index(column), column, values)
        else:
            table = table.append_column(pa.field(column, pa.float64()), values)
    pq.write_table(table, path)
    return outputs


def test_the_places_are_drawn_on_a_map_when_the_entities_have_coordinates(tmp_path, monkeypatch):
    outputs = _with_coordinates(write_synthetic_outputs(tmp_path / "outputs"), {"米国": (39.8, -98.6), "ヨーロッパ": (54.5, 15.3)})
    notebook = execute(nbformat.read(NOTEBOOK, as_version=4), outputs, tmp_path / "plots", monkeypatch)
    shown, errors = _text_outputs(notebook)
    assert "missing from" not in errors and "Glyph" not in errors
    assert "2 places with coordinates" in shown and NO_MAP_COLUMNS not in shown
    table = shown[shown.index("2 places with coordinates"):]
    assert table.index("米国") < table.index("ヨーロッパ")  # 米国 has 3 mentions, ヨーロッパ 2
    assert {p.name for p in (tmp_path / "plots").iterdir()} == PLOTS | {MAP}
    assert (tmp_path / "plots" / MAP).read_bytes()[:4] == b"\x89PNG"


def test_without_coordinates_the_map_cell_says_why_there_is_no_map(tmp_path, monkeypatch):
    outputs = write_synthetic_outputs(tmp_path / "outputs")
    notebook = execute(nbformat.read(NOTEBOOK, as_version=4), outputs, tmp_path / "plots", monkeypatch)
    shown, _ = _text_outputs(notebook)
    if {"lat", "lon"} <= set(pq.read_schema(outputs / "entities.parquet").names):  # the pipeline gives coordinates now
        assert "no entity with coordinates in these outputs: no map of the places" in shown
    else:
        assert NO_MAP_COLUMNS in shown
    assert MAP not in {p.name for p in (tmp_path / "plots").iterdir()}


# ---------------------------------------------------------------- the same answers whatever the row order


def _reversed_copy(outputs: Path, dest: Path) -> Path:
    """The same tables with their rows stored in the opposite order."""
    dest.mkdir(parents=True)
    for path in outputs.glob("*.parquet"):
        table = pq.read_table(path)
        pq.write_table(table.take(pa.array(range(len(table) - 1, -1, -1), pa.int64())), dest / path.name)
    return dest


def _answers(outputs: Path, tmp_path: Path, monkeypatch) -> str:
    notebook = execute(nbformat.read(NOTEBOOK, as_version=4), outputs, tmp_path / f"plots_{outputs.name}", monkeypatch)
    shown, errors = _text_outputs(notebook)
    assert "missing from" not in errors and "Glyph" not in errors
    return shown.replace(str(outputs.resolve()), "<outputs>")


def test_the_answers_do_not_depend_on_the_order_rows_are_stored_in(tmp_path, monkeypatch):
    outputs = write_synthetic_outputs(tmp_path / "outputs")
    assert _answers(outputs, tmp_path, monkeypatch) == _answers(_reversed_copy(outputs, tmp_path / "reversed"), tmp_path, monkeypatch)


# ---------------------------------------------------------------- corpus_wac: Wikipedia articles, not news


@pytest.fixture(scope="module")
def wac_outputs(shared_dir, tmp_path_factory) -> Path:
    """The pipeline's outputs over the first WAC_DOCUMENTS articles of ../shared/corpus_wac."""
    source = shared_dir / "corpus_wac"
    if not source.is_dir():
        pytest.skip(f"{source} is absent: the corpus_wac notebook test needs it")
    root = tmp_path_factory.mktemp("wac_slice")
    corpus = root / "corpus"
    corpus.mkdir()
    files = sorted(source.glob("*.txt"))[:WAC_DOCUMENTS]
    assert len(files) == WAC_DOCUMENTS
    for path in files:
        shutil.copy2(path, corpus / path.name)
    run_cli("extract", "--corpus", str(corpus), "--out", str(root / "out"), "--quiet", "--workers", "2")
    return root / "out"


def test_the_notebook_runs_on_a_slice_of_corpus_wac_and_answers_the_same_in_any_row_order(wac_outputs, tmp_path, monkeypatch):
    answers = _answers(wac_outputs, tmp_path, monkeypatch)
    assert ("places with coordinates" in answers) == _has_places(wac_outputs)
    assert {p.name for p in (tmp_path / f"plots_{wac_outputs.name}").iterdir()} == _expected_plots(wac_outputs)
    assert answers == _answers(_reversed_copy(wac_outputs, tmp_path / "reversed"), tmp_path, monkeypatch)
