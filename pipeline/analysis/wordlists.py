"""The one loader of the analysis's word lists and tables (pipeline/analysis/data/*.tsv).

A table is UTF-8 TSV: lines starting with # are comments (say why a word is there), the first
other line is the header, every row has the header's columns. A file with other columns, or a
row with too few fields, stops the run with a message naming the file and the line.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


class WordListError(ValueError):
    """A data file does not have the columns its reader expects."""


def read_rows(path: Path | str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of a TSV under data/ (or at `path`) as dicts with stripped values.

    `required` columns must be in the header and non-empty in every row; `optional` columns may
    be missing from the header (then read as ""). Any other column is an error.
    """
    path = DATA_DIR / path if not Path(path).is_absolute() else Path(path)
    with open(path, encoding="utf-8", newline="") as f:
        numbered = [(n, line) for n, line in enumerate(f, start=1) if line.strip() and not line.startswith("#")]
    if not numbered:
        raise WordListError(f"{path}: no header line; expected columns {', '.join(required + optional)}")
    reader = csv.reader((line for _, line in numbered), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [c.strip() for c in next(reader)]
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required + optional]
    if missing or unknown:
        raise WordListError(f"{path}, line {numbered[0][0]}: columns {header}; expected {list(required)} (and optionally {list(optional)})")
    rows = []
    for (lineno, _), fields in zip(numbered[1:], reader):
        row = {c: (fields[i].strip() if i < len(fields) else "") for i, c in enumerate(header)}
        empty = [c for c in required if not row[c]]
        if empty:
            raise WordListError(f"{path}, line {lineno}: empty {', '.join(empty)}")
        rows.append(row | {c: "" for c in optional if c not in row})
    return rows
