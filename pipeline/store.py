"""Stage write: the output folder, written so that a killed run never leaves half a table.

Layout of `out/`:
  <table>.parquet, manifest.json, report.html   what users read
  .cache/<fingerprint>/<content_id>.*           per-document analysis, reused by the next run
  .staging/                                     the next set of outputs while it is being written
  .lock                                         held by the one run writing here

A run writes every output into `.staging/`, fsyncs it, then writes `.staging/COMMIT` (the list
of files) and moves the files into place. A run killed before COMMIT exists leaves the previous
outputs untouched (the staging folder is discarded next time); one killed after it is rolled
forward by the next invocation, so outputs only ever move from one complete run to the next.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
from pathlib import Path
from typing import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from .errors import OutputLocked, OutputNotWritable

PART_TABLES = ("sentences", "tokens", "mentions", "claims")
COMPRESSION = "zstd"


@contextlib.contextmanager
def output_lock(out: Path, *, wait_seconds: float = 0) -> Iterator[None]:
    """Hold `out/.lock` for the run; a second run on the same folder stops with a clear message."""
    _ensure_writable(out)
    lock = FileLock(str(out / ".lock"), timeout=wait_seconds)
    try:
        lock.acquire()
    except Timeout:
        raise OutputLocked(
            f"another run is writing to {out}",
            "wait for it to finish, or pass --out to write elsewhere",
        ) from None
    try:
        yield
    finally:
        lock.release()


def _ensure_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputNotWritable(f"cannot write to output folder {out}: {exc.strerror or exc}", _hint(exc)) from exc


def _hint(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full; free space and run again (the previous outputs are intact)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "choose a folder you can write to with --out"
    return "check the path given with --out"


# ---------------------------------------------------------------- commit of a complete run


def staging_dir(out: Path) -> Path:
    return out / ".staging"


def begin_staging(out: Path) -> Path:
    recover(out)
    staging = staging_dir(out)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def commit(out: Path) -> None:
    """Make the staged files the outputs: durable journal first, then the moves."""
    staging = staging_dir(out)
    names = sorted(p.name for p in staging.iterdir() if p.name != "COMMIT")
    try:
        for name in names:
            _fsync(staging / name)
        _write_durably(staging / "COMMIT", json.dumps(names).encode())
        _fsync_dir(staging)
    except OSError as exc:
        raise OutputNotWritable(f"could not finish writing {out}: {exc.strerror or exc}", _hint(exc)) from exc
    _roll_forward(out)


def recover(out: Path) -> None:
    """Finish a commit a killed run had started, or discard a staging folder it never committed."""
    staging = staging_dir(out)
    if not staging.exists():
        return
    if (staging / "COMMIT").exists():
        _roll_forward(out)
    else:
        shutil.rmtree(staging, ignore_errors=True)


def _roll_forward(out: Path) -> None:
    staging = staging_dir(out)
    names = json.loads((staging / "COMMIT").read_text())
    for name in names:
        if (staging / name).exists():
            os.replace(staging / name, out / name)
    _fsync_dir(out)
    shutil.rmtree(staging, ignore_errors=True)


def _write_durably(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- writing tables


def write_table(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression=COMPRESSION)


class ChunkedTableWriter:
    """Writes a table chunk by chunk in large row groups, so memory holds one batch, not the table."""

    def __init__(self, path: Path, schema: pa.Schema, rows_per_group: int = 200_000):
        self._path = path
        self._schema = schema
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._rows_per_group = rows_per_group
        self._writer = pq.ParquetWriter(path, schema, compression=COMPRESSION)
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        self._pending.append(table)
        self._pending_rows += table.num_rows
        self.rows += table.num_rows
        if self._pending_rows >= self._rows_per_group:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._writer.write_table(pa.concat_tables(self._pending), row_group_size=max(self._pending_rows, 1))
            self._pending, self._pending_rows = [], 0

    def close(self) -> None:
        self._flush()
        if self.rows == 0:
            self._writer.write_table(self._schema.empty_table())
        self._writer.close()


# ---------------------------------------------------------------- per-document analysis cache


class AnalysisCache:
    """Per-content analysis parts under `out/.cache/<fingerprint>/`; a part set is complete once its
    `.done` marker exists, so a run killed mid-write is resumed, not trusted."""

    def __init__(self, out: Path, fingerprint: str):
        self.root = out / ".cache" / fingerprint
        self.root.mkdir(parents=True, exist_ok=True)

    def _base(self, content_id: str) -> Path:
        return self.root / content_id[:2] / content_id

    def has(self, content_id: str) -> bool:
        return self._base(content_id).with_suffix(".done").exists()

    def save(self, content_id: str, text: str, parts: dict[str, pd.DataFrame], meta: dict) -> None:
        base = self._base(content_id)
        base.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write_bytes(base.with_suffix(".txt"), text.encode("utf-8"))
        _atomic_write_bytes(base.with_suffix(".meta.json"), json.dumps(meta, ensure_ascii=False, sort_keys=True).encode())
        for name in PART_TABLES:
            tmp = base.with_suffix(f".{name}.parquet.tmp")
            pq.write_table(pa.Table.from_pandas(parts[name], preserve_index=False), tmp, compression=COMPRESSION)
            os.replace(tmp, base.with_suffix(f".{name}.parquet"))
        _atomic_write_bytes(base.with_suffix(".done"), b"")

    def load_text(self, content_id: str) -> str:
        return self._base(content_id).with_suffix(".txt").read_text(encoding="utf-8")

    def load_meta(self, content_id: str) -> dict:
        return json.loads(self._base(content_id).with_suffix(".meta.json").read_text(encoding="utf-8"))

    def load(self, content_id: str, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        return pq.read_table(self._base(content_id).with_suffix(f".{name}.parquet"), columns=columns).to_pandas()

    def prune(self, keep: set[str]) -> None:
        """Drop other fingerprints' caches and parts of texts no longer in the corpus."""
        for other in self.root.parent.iterdir():
            if other != self.root:
                shutil.rmtree(other, ignore_errors=True)
        for done in self.root.glob("*/*.done"):
            content_id = done.name[: -len(".done")]
            if content_id not in keep:
                for path in done.parent.glob(content_id + ".*"):
                    path.unlink(missing_ok=True)


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
