import os

import pytest

from pipeline import ingest
from pipeline.errors import CorpusNotFound


def _discover(root, **options):
    found = ingest.discover(root, **options)
    return [s.path for s in found.sources], [(r.path, r.reason) for r in found.rejects], list(found.ignored)


def test_finds_txt_files_recursively_in_path_order(tmp_path):
    (tmp_path / "b.txt").write_text("二")
    (tmp_path / "日本 語").mkdir()
    (tmp_path / "日本 語" / "記事 1.txt").write_text("一")
    (tmp_path / "notes.md").write_text("x")
    assert _discover(tmp_path) == (["b.txt", "日本 語/記事 1.txt"], [], ["notes.md"])


def test_paths_that_are_not_regular_files_are_rejected_without_opening_them(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    os.mkfifo(tmp_path / "pipe.txt")
    sources, rejects, _ = _discover(tmp_path)
    assert sources == []
    assert rejects == [("folder.txt", "not_a_file"), ("pipe.txt", "not_a_file")]


def test_links_loops_and_links_outside_the_corpus_are_not_followed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "secret.txt").write_text("外")
    (corpus / "inside.txt").write_text("内")
    (corpus / "outside.txt").symlink_to(tmp_path / "secret.txt")
    (corpus / "alias.txt").symlink_to(corpus / "inside.txt")
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    sources, rejects, _ = _discover(corpus)
    assert sources == ["alias.txt", "inside.txt"]
    assert rejects == [("loop.txt", "symlink_loop"), ("outside.txt", "outside_corpus")]
    assert _discover(corpus, follow_links=True)[0] == ["alias.txt", "inside.txt", "outside.txt"]


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusNotFound, match="does not exist"):
        ingest.discover(tmp_path / "nope")


def test_read_document_hashes_bytes_and_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("米国は約200名を撤収する。".encode("cp932"))
    (doc,) = ingest.read_document(ingest.SourceFile("a.txt", path), max_bytes=1000)
    assert (doc.text, doc.encoding) == ("米国は約200名を撤収する。", "cp932")
    utf8 = tmp_path / "b.txt"
    utf8.write_text("米国は約200名を撤収する。")
    (other,) = ingest.read_document(ingest.SourceFile("b.txt", utf8), max_bytes=1000)
    assert other.content_id == doc.content_id and other.doc_id != doc.doc_id


def test_too_large_files_are_rejected(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("あ" * 100)
    (reject,) = ingest.read_document(ingest.SourceFile("big.txt", path), max_bytes=10)
    assert (reject.reason, reject.detail) == ("too_large", "300 bytes, limit 10")
