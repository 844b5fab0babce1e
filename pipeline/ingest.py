"""Stage ingest: find the corpus files, read and decode them, and say why any file is skipped.

Nothing here opens a file that is not a regular file (a FIFO would block the run), and no
symbolic link that leaves the corpus is followed unless the user asks for it.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .decode import DecodeRejected, decode_bytes
from .errors import CorpusNotFound, reject_message
from .ids import bytes_id, text_id


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the corpus, / separated: the name users see
    location: Path  # where to read it


@dataclass(frozen=True)
class Reject:
    path: str
    reason: str  # a key of errors.REJECT_REASONS
    detail: str

    @property
    def message(self) -> str:
        return f"{self.path}: {reject_message(self.reason, self.detail)}"


@dataclass(frozen=True)
class Discovery:
    sources: tuple[SourceFile, ...]
    rejects: tuple[Reject, ...]
    ignored: tuple[str, ...]  # files without a corpus extension, by relative path


@dataclass(frozen=True)
class ReadDocument:
    path: str
    doc_id: str
    content_id: str
    text: str
    encoding: str
    replaced: int


def discover(corpus: Path, *, extensions: tuple[str, ...] = (".txt",), follow_links: bool = False) -> Discovery:
    """Every file under `corpus` (recursively) whose name ends in one of `extensions`, sorted by path."""
    if not corpus.is_dir():
        raise CorpusNotFound(f"corpus folder {corpus} does not exist or is not a folder", "pass --corpus DIR")
    root = corpus.resolve()
    sources: list[SourceFile] = []
    rejects: list[Reject] = []
    ignored: list[str] = []
    visited_dirs: set[tuple[int, int]] = set()

    def walk(folder: Path, rel: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            rejects.append(Reject(rel or ".", "unreadable", exc.strerror or str(exc)))
            return
        for entry in entries:
            rel_path = f"{rel}/{entry.name}" if rel else entry.name
            matches = entry.name.lower().endswith(extensions)
            if entry.is_symlink():
                target, problem = _resolve_link(Path(entry.path))
                if target is None:
                    if matches:
                        rejects.append(Reject(rel_path, *problem))
                    continue
                if not (follow_links or _is_within(target, root)):
                    if matches or target.is_dir():
                        rejects.append(Reject(rel_path, "outside_corpus", str(target)))
                    continue
            try:
                st = os.stat(entry.path)
            except OSError as exc:
                if matches:
                    rejects.append(Reject(rel_path, "unreadable", exc.strerror or str(exc)))
                continue
            if stat.S_ISDIR(st.st_mode):
                if matches:
                    rejects.append(Reject(rel_path, "not_a_file", "it is a folder"))
                if (st.st_dev, st.st_ino) in visited_dirs:
                    continue
                visited_dirs.add((st.st_dev, st.st_ino))
                walk(Path(entry.path), rel_path)
            elif not matches:
                ignored.append(rel_path)
            elif stat.S_ISREG(st.st_mode):
                sources.append(SourceFile(rel_path, Path(entry.path)))
            else:
                rejects.append(Reject(rel_path, "not_a_file", _file_kind(st.st_mode)))

    st_root = root.stat()
    visited_dirs.add((st_root.st_dev, st_root.st_ino))
    walk(root, "")
    return Discovery(tuple(sources), tuple(rejects), tuple(ignored))


def read_document(source: SourceFile, *, max_bytes: int) -> ReadDocument | Reject:
    """Read and decode one file; a file that cannot be used becomes a Reject with the reason."""
    try:
        size = source.location.stat().st_size
        if size > max_bytes:
            return Reject(source.path, "too_large", f"{size:,} bytes, limit {max_bytes:,}")
        data = source.location.read_bytes()
    except OSError as exc:
        return Reject(source.path, "unreadable", exc.strerror or str(exc))
    try:
        decoded = decode_bytes(data)
    except DecodeRejected as exc:
        return Reject(source.path, exc.reason, exc.detail)
    return ReadDocument(
        path=source.path,
        doc_id=bytes_id(data),
        content_id=text_id(decoded.text),
        text=decoded.text,
        encoding=decoded.encoding,
        replaced=decoded.replaced,
    )


def _resolve_link(link: Path) -> tuple[Path | None, tuple[str, str]]:
    try:
        return link.resolve(strict=True), ("", "")
    except RuntimeError:  # Python 3.11 reports a loop this way
        return None, ("symlink_loop", "")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, ("symlink_loop", "")
        return None, ("unreadable", f"the link points to {os.readlink(link)}, which does not exist")


def _is_within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "it is a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "it is a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device"
    return "it is not a regular file"
