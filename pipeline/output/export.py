"""Copy a run's outputs into another project's data folder, atomically.

What lands in the destination: every table (`<table>.parquet`), `report.html`, `tables.md` (the
data dictionary, docs/tables.md), `datapackage.json` (a Frictionless Data Package describing the
tables, pipeline/output/datapackage.py) and `manifest.json`. The last three are what a receiving
project reads first: `frictionless validate datapackage.json` checks every table against it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline.errors import OutputNotWritable, PipelineError
from pipeline.output.schemas import TABLES


class NothingToExport(PipelineError):
    code = "E007"


COPIED = [f"{name}.parquet" for name in TABLES] + ["report.html", "manifest.json"]
GENERATED = ["tables.md", "datapackage.json"]  # from this checkout's schemas, which the tables are checked to match


def export_outputs(out: Path, dest: Path) -> list[str]:
    """Copy `out`'s tables, report and manifest to `dest` with tables.md and datapackage.json; return the names.

    The files are written into a hidden folder beside `dest`, then moved in one by one with
    os.replace (atomic per file), the manifest last, so a reader that trusts the manifest sees
    either the old or the new set.
    """
    from pipeline.output.datapackage import datapackage_json
    from pipeline.output.docs import tables_markdown

    missing = [n for n in COPIED if not (out / n).exists()]
    if missing:
        raise NothingToExport(f"{out} has no complete outputs (missing {', '.join(missing)})", "run `make extract` first")
    _check_columns(out)
    names = [n for n in COPIED if n != "manifest.json"] + GENERATED + ["manifest.json"]
    try:
        dest.mkdir(parents=True, exist_ok=True)
        tmp = dest / ".export-tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for name in COPIED:
            shutil.copy2(out / name, tmp / name)
        (tmp / "tables.md").write_text(tables_markdown(), encoding="utf-8", newline="\n")
        (tmp / "datapackage.json").write_text(datapackage_json(), encoding="utf-8", newline="\n")
        for name in names:
            os.replace(tmp / name, dest / name)
        tmp.rmdir()
    except OSError as exc:
        raise OutputNotWritable(f"cannot export to {dest}: {exc.strerror or exc}", "choose a folder you can write to") from exc
    return names


def _check_columns(out: Path) -> None:
    """The tables have the columns schemas.py declares, so the generated descriptions fit them."""
    import pyarrow.parquet as pq

    for name, spec in TABLES.items():
        columns = pq.read_schema(out / f"{name}.parquet").names
        if columns != spec.schema.names:
            raise NothingToExport(
                f"{out / (name + '.parquet')} has other columns than this version of the pipeline writes "
                f"(missing {[c for c in spec.schema.names if c not in columns]}, unexpected {[c for c in columns if c not in spec.schema.names]})",
                "run `make extract` again, then export",
            )
