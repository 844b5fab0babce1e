"""Stage ingest: find the corpus files, read and decode them, and say why any file (or row) is skipped.

A file is decoded (pipeline.decode, for every format), then read by the reader of its format
(pipeline.readers: plain text, JSON Lines, CSV/TSV, HTML) into one document per article: a
JSON Lines or CSV file gives one per row, and a bad row is a reject of its own.

Nothing here opens a file that is not a regular file (a FIFO would block the run), no symbolic
link that leaves the corpus is followed unless the user asks for it, and the corpus is only
ever read: never written, renamed or touched.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline import readers
from pipeline.decode import DecodeRejected, declared_charset, decode_bytes
from pipeline.errors import CorpusNotFound, reject_message
from pipeline.ids import bytes_id, stable_id, text_id


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the corpus, / separated: the name users see
    location: Path  # where to read it: the file itself, or the target of a link that was followed


@dataclass(frozen=True)
class Reject:
    path: str
    reason: str  # a key of errors.REJECT_REASONS
    detail: str
    row: int | None = None  # the row of a JSON Lines or CSV file; None: the whole file

    @property
    def where(self) -> str:
        return self.path if self.row is None else f"{self.path} row {self.row}"

    @property
    def message(self) -> str:
        return f"{self.where}: {reject_message(self.reason, self.detail)}"

    @property
    def sort_key(self) -> tuple[str, int]:
        return (self.path, -1 if self.row is None else self.row)


@dataclass(frozen=True)
class Discovery:
    sources: tuple[SourceFile, ...]
    rejects: tuple[Reject, ...]
    ignored: tuple[str, ...]  # files without a corpus extension, by relative path


@dataclass(frozen=True)
class ReadDocument:
    path: str
    doc_id: str  # the file's bytes id; for a row of a JSON Lines or CSV file, a hash of it and the row
    content_id: str
    text: str
    encoding: str
    replaced: int
    input_format: str = "txt"  # txt, jsonl, csv, tsv, html
    row: int | None = None
    title: str | None = None  # from the input's metadata
    published: object = None  # datetime.date | None, from the input's metadata
    url: str | None = None
    source: str | None = None
    input_id: str | None = None
    input_lang: str | None = None


def discover(
    corpus: Path,
    *,
    extensions: tuple[str, ...] = readers.EXTENSIONS,
    follow_links: bool = False,
    exclude: tuple[Path, ...] = (),
) -> Discovery:
    """Every file under `corpus` (recursively) whose name ends in one of `extensions`, sorted by path.

    Folders in `exclude` are skipped: the output folder may sit inside the corpus (`--corpus .`),
    and its cached `.txt` texts must not come back as articles. Symbolic links to folders inside
    the corpus are not descended (their files are found under their real path, once).
    """
    if not corpus.is_dir():
        raise CorpusNotFound(f"corpus folder {corpus} does not exist or is not a folder", "pass --corpus DIR")
    root = corpus.resolve()
    skipped = {_identity(p) for p in exclude}
    if _identity(root) in skipped:
        raise CorpusNotFound(f"the corpus folder {corpus} is also the output folder", "pass --out with another folder")
    suffixes = tuple(ext.lower() for ext in extensions)
    sources: list[SourceFile] = []
    rejects: dict[str, Reject] = {}
    ignored: list[str] = []
    visited_dirs: set[tuple[int, int]] = {_identity(root)}

    def reject(rel_path: str, reason: str, detail: str) -> None:
        rejects.setdefault(rel_path, Reject(rel_path, reason, detail))  # first problem found wins

    def walk(folder: Path, rel: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            if not rel:
                raise CorpusNotFound(f"cannot list corpus folder {corpus}: {exc.strerror or exc}", "check its permissions") from exc
            reject(rel, "unreadable", f"a folder that cannot be listed: {exc.strerror or exc}")
            return
        for entry in entries:
            rel_path = f"{rel}/{_shown_name(entry.name)}" if rel else _shown_name(entry.name)
            matches = entry.name.lower().endswith(suffixes)
            location = Path(entry.path)
            try:
                is_link = entry.is_symlink()
            except OSError as exc:
                if matches:
                    reject(rel_path, "unreadable", exc.strerror or str(exc))
                continue
            if is_link:
                target, problem = _resolve_link(location)
                if target is None:
                    if matches:
                        reject(rel_path, *problem)
                    continue
                inside = _is_within(target, root)
                if not (follow_links or inside):
                    if matches or target.is_dir():
                        reject(rel_path, "outside_corpus", str(target))
                    continue
                if inside and target.is_dir():
                    continue  # reached under its real path; descending here would list its files twice
                location = target
            try:
                st = os.stat(location)
            except OSError as exc:
                if matches:
                    reject(rel_path, "unreadable", exc.strerror or str(exc))
                continue
            if stat.S_ISDIR(st.st_mode):
                if (st.st_dev, st.st_ino) in skipped:
                    continue
                if matches:
                    reject(rel_path, "not_a_file", "a folder")
                if (st.st_dev, st.st_ino) in visited_dirs:
                    continue
                visited_dirs.add((st.st_dev, st.st_ino))
                walk(location, rel_path)
            elif not matches:
                ignored.append(rel_path)
            elif stat.S_ISREG(st.st_mode):
                sources.append(SourceFile(rel_path, location))
            else:
                reject(rel_path, "not_a_file", _file_kind(st.st_mode))

    walk(root, "")
    return Discovery(
        tuple(sorted(sources, key=lambda s: s.path)),
        tuple(sorted(rejects.values(), key=lambda r: r.path)),
        tuple(sorted(ignored)),
    )


def read_document(source: SourceFile, *, max_bytes: int, fields: dict[str, tuple[str, ...]] | None = None) -> list[ReadDocument | Reject]:
    """Read and decode one file, then read its articles with the reader of its format: one
    document per article (one for a text or HTML file, one per row of a JSON Lines or CSV file),
    and a Reject with the reason for the file, or for each row, that cannot be used.

    The file is opened without blocking and checked through its descriptor, so a path that
    became a FIFO or a folder after discovery is rejected instead of hanging or crashing the run.
    `fields`: the names each field is looked for under (readers.field_names).
    """
    try:
        data = _read_regular_file(source.location, max_bytes)
    except _NotUsable as exc:
        return [Reject(source.path, exc.reason, exc.detail)]
    except OSError as exc:
        return [Reject(source.path, "unreadable", exc.strerror or str(exc))]
    input_format, reader = readers.format_of(source.path)
    try:
        decoded = decode_bytes(data, declared=declared_charset(data) if input_format == "html" else None)
    except DecodeRejected as exc:
        return [Reject(source.path, exc.reason, exc.detail)]
    file_id = bytes_id(data)
    out: list[ReadDocument | Reject] = []
    for row in reader(decoded.text, fields or readers.field_names()):
        if isinstance(row, readers.BadRow):
            out.append(Reject(source.path, row.reason, row.detail, row=row.row))
            continue
        out.append(ReadDocument(
            path=source.path,
            doc_id=file_id if row.row is None else stable_id(file_id, row.row),
            content_id=text_id(row.text),
            text=row.text,
            encoding=decoded.encoding,
            replaced=decoded.replaced,
            input_format=input_format,
            row=row.row,
            title=row.title,
            published=row.published,
            url=row.url,
            source=row.source,
            input_id=row.input_id,
            input_lang=row.lang,
        ))
    return out


class _NotUsable(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _read_regular_file(location: Path, max_bytes: int) -> bytes:
    fd = os.open(location, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _NotUsable("not_a_file", _file_kind(st.st_mode))
        if st.st_size > max_bytes:
            raise _NotUsable("too_large", f"{st.st_size:,} bytes, limit {max_bytes:,}")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)  # the file may have grown since fstat
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise _NotUsable("too_large", f"more than {max_bytes:,} bytes, the limit")
    return data


def _shown_name(name: str) -> str:
    """The name as users see it; bytes that are not UTF-8 (e.g. a Shift_JIS name from a zip
    made on Windows) are shown as \\xNN, since the tables must hold valid UTF-8."""
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def _identity(path: Path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_dev, st.st_ino)


def _resolve_link(link: Path) -> tuple[Path | None, tuple[str, str]]:
    try:
        return link.resolve(strict=True), ("", "")
    except RuntimeError:  # Python 3.11 reports a loop this way
        return None, ("symlink_loop", "")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, ("symlink_loop", "")
        try:
            target = os.readlink(link)
        except OSError:
            return None, ("unreadable", exc.strerror or str(exc))
        return None, ("unreadable", f"the link points to {_shown_name(target)}, which does not exist")


def _is_within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"
