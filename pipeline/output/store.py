"""Stage write: the output folder, written so that a killed run never leaves half a table.

Layout of `out/`:
  <table>.parquet, manifest.json, report.html   what users read
  .cache/<fingerprint>/<content_id>.*           per-document analysis, reused by the next run
  .staging/                                     the next set of outputs while it is being written
  .lock                                         held by the one run writing here

pyarrow is imported only by the cache methods that read or write tables: the check that a
corpus is unchanged (the lock, `AnalysisCache.has`) must stay cheap to start.

A run writes every output into `.staging/`, fsyncs it, then writes `.staging/COMMIT` (the list
of files) and moves the files into place, manifest last. A run killed before COMMIT exists
leaves the previous outputs untouched (the staging folder is discarded next time); one killed
after it is rolled forward by the next run as soon as it holds the lock, so outputs only ever
move from one complete run to the next. SIGINT/SIGTERM wait while the files are moved; only a
SIGKILL or a power cut inside those few renames leaves a mix of old and new files on disk, and
the journal lets the next run finish the move.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from filelock import FileLock, Timeout

from pipeline.errors import OutputLocked, OutputNotWritable

if TYPE_CHECKING:
    import pyarrow as pa

PART_TABLES = ("sentences", "tokens", "mentions", "claims")


@contextlib.contextmanager
def output_lock(out: Path, *, wait_seconds: float = 0) -> Iterator[None]:
    """Hold `out/.lock` for the run; a second run on the same folder stops with a clear message.

    Once the lock is held, a commit a killed run had started is finished (so `out/` is whole
    again before anything else happens), and any OSError escaping the body that is about the
    output (disk full, read-only disk, a path under `out`) becomes a one-line OutputNotWritable.
    """
    _make_folder(out)
    lock = FileLock(str(out / ".lock"), timeout=wait_seconds)
    try:
        lock.acquire()
    except Timeout:
        raise OutputLocked(
            f"another run is writing to {out}",
            "wait for it to finish, or pass --out to write elsewhere",
        ) from None
    except OSError as exc:
        raise OutputNotWritable(f"cannot write to output folder {out}: {exc.strerror or exc}", _hint(exc)) from exc
    try:
        _probe_writable(out)
        recover(out)
        yield
    except BaseException as exc:
        _tidy_after_failure(out)
        if isinstance(exc, OSError) and _about_output(exc, out):
            raise OutputNotWritable(f"cannot write to output folder {out}: {exc.strerror or exc}", _hint(exc)) from exc
        raise
    finally:
        lock.release()


def _tidy_after_failure(out: Path) -> None:
    """Give back the space a failed run's uncommitted files take (it matters on a full disk)."""
    with contextlib.suppress(OSError):
        recover(out)


def _make_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputNotWritable(f"cannot write to output folder {out}: it is a file, not a folder", "check the path given with --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputNotWritable(f"cannot create output folder {out}: {exc.strerror or exc}", _hint(exc)) from exc


def _probe_writable(out: Path) -> None:
    """Fail now, not after the analysis, when `out` cannot take new files (read-only, full)."""
    for stale in out.glob(".write-probe*"):  # left by a run killed at this very point
        stale.unlink(missing_ok=True)
    probe = out / f".write-probe-{os.getpid()}"
    probe.write_bytes(b"")
    probe.unlink()


_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})


def _about_output(exc: OSError, out: Path) -> bool:
    if exc.errno in _OUTPUT_ERRNOS:
        return True
    filenames = [f for f in (exc.filename, exc.filename2) if f]
    resolved = out.resolve()
    return any(resolved == Path(f).resolve() or resolved in Path(f).resolve().parents for f in filenames)


def _hint(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
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
    if staging.exists():
        shutil.rmtree(staging)  # no ignore_errors: a stale file left here would be committed
    staging.mkdir(parents=True)
    return staging


def commit(out: Path) -> None:
    """Make the staged files the outputs: durable journal first, then the moves, manifest last."""
    staging = staging_dir(out)
    names = sorted((p.name for p in staging.iterdir() if p.name not in ("COMMIT", "COMMIT.tmp")), key=_commit_order)
    try:
        for name in names:
            _fsync(staging / name)
        _write_durably(staging / "COMMIT", json.dumps(names).encode())
        _fsync_dir(staging)
    except OSError as exc:
        raise OutputNotWritable(f"could not finish writing {out}: {exc.strerror or exc}", _hint(exc)) from exc
    with _signals_deferred():
        _roll_forward(out)


def recover(out: Path) -> None:
    """Finish a commit a killed run had started, or discard a staging folder it never committed."""
    staging = staging_dir(out)
    if not staging.exists():
        return
    if (staging / "COMMIT").exists():
        with _signals_deferred():
            _roll_forward(out)
    else:
        shutil.rmtree(staging)


def _commit_order(name: str) -> tuple[bool, str]:
    # The manifest moves last: a reader that sees the new manifest sees every new table.
    return (name == "manifest.json", name)


def _roll_forward(out: Path) -> None:
    staging = staging_dir(out)
    names = json.loads((staging / "COMMIT").read_text())
    for name in names:
        if (staging / name).exists():  # moved already when a killed roll-forward is resumed
            os.replace(staging / name, out / name)
    _fsync_dir(out)
    shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM until the block ends: a Ctrl-C between two moves would otherwise leave
    half old, half new outputs until the next run. Re-delivered once the moves are done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        for sig in received[:1]:
            signal.raise_signal(sig)


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


# ---------------------------------------------------------------- per-document analysis cache


class AnalysisCache:
    """Per-content analysis under `out/.cache/<fingerprint>/<2 hex>/<content_id>.part`, one file per text.

    The file holds a JSON header (the title and dateline, and where each part lies), the text,
    then each part table as an Arrow IPC stream. It is written to a `.tmp` name and renamed into
    place, and counts only when its size is the one its header states, so a run killed mid-write
    (or a file truncated by a crash) is redone, never trusted. One file per text, not one per
    table: on short texts, opening and writing files cost more than the analysis.
    """

    def __init__(self, out: Path, fingerprint: str):
        # `fingerprint` (Config.analysis_fingerprint) covers the code, data and model versions
        # the parts depend on: after an upgrade old parts are never mixed with new ones.
        self.root = out / ".cache" / fingerprint
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, content_id: str) -> Path:
        return self.root / content_id[:2] / f"{content_id}{CACHE_SUFFIX}"

    def has(self, content_id: str) -> bool:
        try:
            with open(self._path(content_id), "rb") as fh:
                header = _read_header(fh)
                return header is not None and os.fstat(fh.fileno()).st_size == header["size"]
        except OSError:
            return False

    def save(self, content_id: str, text: str, parts: dict[str, pa.Table], meta: dict) -> None:
        path = self._path(content_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        blobs = {name: _ipc_bytes(parts[name]) for name in PART_TABLES}
        text_bytes = text.encode("utf-8")
        layout, at = {}, len(text_bytes)
        for name, blob in blobs.items():
            layout[name] = [at, len(blob)]
            at += len(blob)
        header = {"format": _CACHE_FORMAT, "meta": meta, "text": [0, len(text_bytes)], "parts": layout}
        # the header states the file's size, and its own length is part of that size
        encoded = _encode_header(header, body=at)
        data = b"".join([encoded, text_bytes, *blobs.values()])
        tmp = path.with_name(path.name + ".tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)  # a half-written file is only litter
            raise

    def load_text(self, content_id: str) -> str:
        header, body = self._read(content_id)
        start, length = header["text"]
        return bytes(body[start:start + length]).decode("utf-8")

    def load_meta(self, content_id: str) -> dict:
        with open(self._path(content_id), "rb") as fh:
            header = _read_header(fh)
        if header is None:
            raise OSError(f"cache file of {content_id} is damaged")
        return header["meta"]

    def load(self, content_id: str, name: str) -> pa.Table:
        import pyarrow as pa

        header, body = self._read(content_id)
        start, length = header["parts"][name]
        return pa.ipc.open_stream(body[start:start + length]).read_all()

    def load_all(self, content_id: str) -> tuple[str, dict[str, pa.Table]]:
        """The text and every part, in one read."""
        import pyarrow as pa

        header, body = self._read(content_id)
        start, length = header["text"]
        text = bytes(body[start:start + length]).decode("utf-8")
        return text, {name: pa.ipc.open_stream(body[s:s + n]).read_all() for name, (s, n) in header["parts"].items()}

    def _read(self, content_id: str) -> tuple[dict, pa.Buffer]:
        import pyarrow as pa

        data = self._path(content_id).read_bytes()
        header_length = int.from_bytes(data[len(_MAGIC):len(_MAGIC) + 8], "little")
        body_start = len(_MAGIC) + 8 + header_length
        header = json.loads(data[len(_MAGIC) + 8:body_start])
        return header, pa.py_buffer(data)[body_start:]

    def prune(self, keep: set[str]) -> None:
        """Drop other fingerprints' caches, files of texts no longer in the corpus, and the
        leftovers of killed runs (`.tmp` files) and of older cache layouts."""
        for other in self.root.parent.iterdir():
            if other != self.root:
                if other.is_dir() and not other.is_symlink():
                    shutil.rmtree(other, ignore_errors=True)
                else:
                    other.unlink(missing_ok=True)
        for folder in self.root.iterdir():
            if not folder.is_dir() or folder.is_symlink():
                folder.unlink(missing_ok=True)
                continue
            for path in folder.iterdir():
                content_id = path.name.split(".", 1)[0]
                if content_id not in keep or not path.name.endswith(CACHE_SUFFIX):
                    path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty


CACHE_SUFFIX = ".part"
_MAGIC = b"JNPART1\n"
_CACHE_FORMAT = 1


def _ipc_bytes(table: pa.Table) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _encode_header(header: dict, body: int) -> bytes:
    # The size depends on the header's length, which depends on the size's digits: settle it.
    size = 0
    while True:
        encoded = json.dumps(header | {"size": size}, ensure_ascii=False, sort_keys=True).encode()
        total = len(_MAGIC) + 8 + len(encoded) + body
        if total == size:
            return _MAGIC + len(encoded).to_bytes(8, "little") + encoded
        size = total


def _read_header(fh) -> dict | None:
    """The header of an open cache file, or None when it is not one (or not whole)."""
    start = fh.read(len(_MAGIC) + 8)
    if len(start) < len(_MAGIC) + 8 or not start.startswith(_MAGIC):
        return None
    length = int.from_bytes(start[len(_MAGIC):], "little")
    raw = fh.read(length)
    if len(raw) != length:
        return None
    try:
        header = json.loads(raw)
    except ValueError:
        return None
    return header if isinstance(header, dict) and header.get("format") == _CACHE_FORMAT and isinstance(header.get("size"), int) else None
