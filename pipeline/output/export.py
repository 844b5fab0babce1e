"""Copy the tables and manifest into another project's data folder, atomically."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline.errors import OutputNotWritable, PipelineError
from pipeline.output.schemas import TABLES


class NothingToExport(PipelineError):
    code = "E007"


def export_outputs(out: Path, dest: Path) -> list[str]:
    """Copy `out`'s tables and manifest.json to `dest`; readers of `dest` never see a partial set.

    The files are copied into a hidden folder beside `dest`, then moved in one by one with
    os.replace (atomic per file), the manifest last, so a reader that trusts the manifest sees
    either the old or the new set.
    """
    names = [f"{name}.parquet" for name in TABLES] + ["manifest.json"]
    missing = [n for n in names if not (out / n).exists()]
    if missing:
        raise NothingToExport(f"{out} has no complete outputs (missing {', '.join(missing)})", "run `make extract` first")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        tmp = dest / ".export-tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for name in names:
            shutil.copy2(out / name, tmp / name)
        for name in names:
            os.replace(tmp / name, dest / name)
        tmp.rmdir()
    except OSError as exc:
        raise OutputNotWritable(f"cannot export to {dest}: {exc.strerror or exc}", "choose a folder you can write to") from exc
    return names
