"""Bad input beside good articles: every bad file is rejected with a reason in words, every
good file is processed as usual, and the corpus is never touched.

The corpus is built at test time by tests/fixtures/bad_corpus.py (FIFOs, links, binary and
5 MB files are never committed).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest

from pipeline import ingest
from pipeline.errors import CorpusNotFound, ExitCode

from .conftest import run_cli
from .fixtures.bad_corpus import LONG_LINE_BYTES, build_bad_corpus, snapshot

# path -> (reason, detail); details holding the temporary folder are checked apart
EXPECTED_REJECTS = {
    "blank.txt": ("blank", "12 bytes of whitespace"),
    "dangling.txt": ("unreadable", "the link points to no_such_file.txt, which does not exist"),
    "empty.txt": ("empty", "0 bytes"),
    "folder.txt": ("not_a_file", "a folder"),
    "image.txt": ("binary", "looks like a PNG image"),
    "loop.txt": ("symlink_loop", ""),
    "nul_bytes.txt": ("nul_bytes", "1 NUL bytes, the first at byte 300"),
    "outside.txt": ("outside_corpus", "<tmp>/outside/secret.txt"),
    "outside_folder": ("outside_corpus", "<tmp>/outside"),
    "pipe.txt": ("not_a_file", "a named pipe (FIFO)"),
    "undecodable.txt": ("undecodable", "no encoding decodes it without errors"),
}

EXPECTED_STDERR_REJECTS = [
    "skipped blank.txt: the file holds only whitespace",
    "skipped dangling.txt: cannot be read (the link points to no_such_file.txt, which does not exist)",
    "skipped empty.txt: the file is empty",
    "skipped folder.txt: it is a folder, not a regular file",
    "skipped image.txt: the file is not text (looks like a PNG image); remove it or give it another extension",
    "skipped loop.txt: the symbolic link loops back on itself",
    "skipped nul_bytes.txt: the file contains NUL bytes, so it is not plain text (1 NUL bytes, the first at byte 300)",
    "skipped outside.txt: the symbolic link points outside the corpus folder (<tmp>/outside/secret.txt); pass --follow-links to read it",
    "skipped outside_folder: the symbolic link points outside the corpus folder (<tmp>/outside); pass --follow-links to read it",
    "skipped pipe.txt: it is a named pipe (FIFO), not a regular file",
    "skipped undecodable.txt: the bytes are not valid text in any supported encoding (no encoding decodes it without errors); save it as UTF-8",
]

# path -> (encoding, status) of every file read as text
EXPECTED_DOCUMENTS = {
    "broken_utf8.txt": ("utf_8", "ok"),
    "duplicates/copy 1.txt": ("utf_8", "ok"),
    "duplicates/copy 2.txt": ("utf_8", "duplicate"),
    "english.txt": ("utf_8", "not_japanese"),
    "euc_jp.txt": ("euc_jp", "ok"),
    "long_line.txt": ("utf_8", "not_japanese"),
    "shift_jis.txt": ("cp932", "ok"),
    "utf16.txt": ("utf_16", "ok"),
    "utf8.txt": ("utf_8", "ok"),
    "日本語 フォルダ/記事 その1.txt": ("utf_8", "ok"),
}

EXPECTED_IGNORED = ["notes.md", "photo.png", "日本語 フォルダ/README"]

JAPANESE_DOCUMENTS = ["broken_utf8.txt", "duplicates/copy 1.txt", "euc_jp.txt", "shift_jis.txt", "utf16.txt", "utf8.txt", "日本語 フォルダ/記事 その1.txt"]


def _with_tmp(value: str, tmp: Path) -> str:
    return value.replace("<tmp>", str(tmp.resolve()))


# ---------------------------------------------------------------- ingest alone (no models)


@pytest.fixture
def bad_corpus(tmp_path) -> Path:
    return build_bad_corpus(tmp_path)


def _read_all(corpus: Path, **options):
    discovery = ingest.discover(corpus, **options)
    read = [d for s in discovery.sources for d in ingest.read_document(s, max_bytes=20_000_000)]
    rejects = list(discovery.rejects) + [r for r in read if isinstance(r, ingest.Reject)]
    documents = [d for d in read if isinstance(d, ingest.ReadDocument)]
    return documents, sorted(rejects, key=lambda r: r.path), list(discovery.ignored)


def test_ingest_rejects_each_bad_file_with_its_reason_and_reads_the_good_ones(bad_corpus, tmp_path):
    documents, rejects, ignored = _read_all(bad_corpus)
    assert {r.path: (r.reason, r.detail) for r in rejects} == {
        path: (reason, _with_tmp(detail, tmp_path)) for path, (reason, detail) in EXPECTED_REJECTS.items()
    }
    assert {d.path: d.encoding for d in documents} == {path: enc for path, (enc, _) in EXPECTED_DOCUMENTS.items()}
    assert ignored == EXPECTED_IGNORED


def test_damaged_utf8_is_repaired_with_one_replacement_character(bad_corpus):
    documents, _, _ = _read_all(bad_corpus)
    broken = next(d for d in documents if d.path == "broken_utf8.txt")
    assert broken.replaced == 1
    assert "冷戦の期間を通じて 1991 年の\ufffdソ連邦解体まで続いた。ロ\nシアが 2014 年に" in broken.text


def test_every_encoding_decodes_to_the_seed_text(bad_corpus):
    documents = {d.path: d for d in _read_all(bad_corpus)[0]}
    assert documents["shift_jis.txt"].text.startswith("NATOの警鐘:欧州の防衛危機が映す日本の「自律」なき現実\n")
    assert documents["euc_jp.txt"].text.startswith("コラム:アメリカ建国250年、第2次トランプ政権とNATOの関係\n")
    assert documents["utf16.txt"].text.startswith("コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか\n")
    assert len(documents["long_line.txt"].text) == LONG_LINE_BYTES and "\n" not in documents["long_line.txt"].text
    twins = [documents["duplicates/copy 1.txt"], documents["duplicates/copy 2.txt"]]
    assert twins[0].doc_id == twins[1].doc_id and twins[0].content_id == twins[1].content_id


def test_links_outside_are_read_with_follow_links(bad_corpus):
    documents, rejects, _ = _read_all(bad_corpus, follow_links=True)
    paths = {d.path for d in documents}
    assert {"outside.txt", "outside_folder/more.txt", "outside_folder/secret.txt"} <= paths
    assert not any(r.reason == "outside_corpus" for r in rejects)


def test_extensions_match_whatever_their_case(tmp_path):
    (tmp_path / "UPPER.TXT").write_text("米国は約200名を撤収する。")
    (tmp_path / "mixed.Txt").write_text("米国は約200名を撤収する。")
    assert [s.path for s in ingest.discover(tmp_path, extensions=(".TXT",)).sources] == ["UPPER.TXT", "mixed.Txt"]


def test_sources_are_sorted_by_their_full_path(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.txt").write_text("一")
    (tmp_path / "a.txt").write_text("二")
    (tmp_path / "a-b.txt").write_text("三")
    assert [s.path for s in ingest.discover(tmp_path).sources] == ["a-b.txt", "a.txt", "a/b.txt"]


def test_a_folder_link_inside_the_corpus_lists_its_files_once_under_their_real_path(tmp_path):
    (tmp_path / "z_real").mkdir()
    (tmp_path / "z_real" / "記事.txt").write_text("本文")
    (tmp_path / "a_link").symlink_to("z_real", target_is_directory=True)
    (tmp_path / "z_real" / "back").symlink_to("..", target_is_directory=True)
    discovery = ingest.discover(tmp_path)
    assert [s.path for s in discovery.sources] == ["z_real/記事.txt"]
    assert discovery.rejects == ()


def test_the_output_folder_inside_the_corpus_is_not_read_as_articles(tmp_path):
    (tmp_path / "記事.txt").write_text("本文")
    cache = tmp_path / "outputs" / ".cache" / "fp" / "ab"
    cache.mkdir(parents=True)
    (cache / "abcd.txt").write_text("キャッシュ")
    (tmp_path / "outputs" / "documents.parquet").write_bytes(b"PAR1")
    discovery = ingest.discover(tmp_path, exclude=(tmp_path / "outputs",))
    assert ([s.path for s in discovery.sources], discovery.ignored) == (["記事.txt"], ())


def test_the_corpus_cannot_be_the_output_folder(tmp_path):
    with pytest.raises(CorpusNotFound, match="is also the output folder"):
        ingest.discover(tmp_path, exclude=(tmp_path,))


# ---------------------------------------------------------------- a bad command line: exit 2, one line, nothing written


def test_a_missing_corpus_folder_is_a_bad_command_line_and_creates_no_output_folder(tmp_path):
    missing, out = tmp_path / "コーパス", tmp_path / "out"
    result = run_cli("extract", "--corpus", str(missing), "--out", str(out), check=False)
    assert result.returncode == ExitCode.USAGE
    assert result.stderr == f"error: [E001] corpus folder {missing} does not exist or is not a folder — pass --corpus DIR\n"
    assert not out.exists()


def test_a_corpus_that_is_a_file_or_the_output_folder_is_a_bad_command_line(tmp_path):
    (tmp_path / "記事.txt").write_text("本文")
    result = run_cli("extract", "--corpus", str(tmp_path / "記事.txt"), "--out", str(tmp_path / "out"), check=False)
    assert (result.returncode, result.stderr.count("\n")) == (ExitCode.USAGE, 1)
    result = run_cli("extract", "--corpus", str(tmp_path), "--out", str(tmp_path), check=False)
    assert result.returncode == ExitCode.USAGE
    assert result.stderr == f"error: [E001] the corpus folder {tmp_path} is also the output folder — pass --out with another folder\n"


@pytest.mark.parametrize(("option", "value"), [("--workers", "0"), ("--workers", "-2"), ("--batch-docs", "0"), ("--dask-workers", "-1")])
def test_a_worker_or_batch_count_that_cannot_run_anything_is_refused(tmp_path, option, value):
    out = tmp_path / "out"
    result = run_cli("extract", "--corpus", str(tmp_path), "--out", str(out), option, value, check=False)
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '{option}': {value} is not in the range x>={0 if option == '--dask-workers' else 1}."
    assert not out.exists()


def test_a_file_name_that_is_not_utf8_is_read_and_shown_with_escapes(tmp_path):
    name = "記事".encode("cp932") + b".txt"  # a Shift_JIS name, as unzipped from a Windows archive
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
        fh.write("米国は約200名を撤収する。".encode("utf-8"))
    (source,) = ingest.discover(tmp_path).sources
    assert source.path == "\\x8bL\\x8e\\x96.txt"
    source.path.encode("utf-8")  # storable in Parquet and printable
    (document,) = ingest.read_document(source, max_bytes=1000)
    assert document.text == "米国は約200名を撤収する。"


def test_an_unreadable_subfolder_is_rejected_and_the_rest_is_read(tmp_path, monkeypatch):
    # Tests run as root, so permissions cannot make a folder unreadable: make listing fail instead.
    (tmp_path / "good.txt").write_text("本文")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked").joinpath("hidden.txt").write_text("本文")
    (tmp_path / "locked.txt").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if os.path.basename(path) in ("locked", "locked.txt"):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(ingest.os, "scandir", scandir)
    discovery = ingest.discover(tmp_path)
    assert [s.path for s in discovery.sources] == ["good.txt"]
    assert [(r.path, r.reason, r.detail) for r in discovery.rejects] == [
        ("locked", "unreadable", "a folder that cannot be listed: Permission denied"),
        ("locked.txt", "not_a_file", "a folder"),  # one row per path: the rejects key stays unique
    ]


def test_an_unlistable_corpus_is_a_clear_error(tmp_path, monkeypatch):
    def scandir(path):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(ingest.os, "scandir", scandir)
    with pytest.raises(CorpusNotFound, match="cannot list corpus folder .*: Permission denied"):
        ingest.discover(tmp_path)


def test_a_file_replaced_by_a_fifo_after_discovery_is_rejected_without_blocking(tmp_path):
    path = tmp_path / "swapped.txt"
    path.write_text("本文")
    (source,) = ingest.discover(tmp_path).sources
    path.unlink()
    os.mkfifo(path)
    result: list = []
    reader = threading.Thread(target=lambda: result.append(ingest.read_document(source, max_bytes=1000)), daemon=True)
    reader.start()
    reader.join(timeout=30)
    assert not reader.is_alive(), "reading a FIFO blocked"
    ((reject,),) = result
    assert (reject.reason, reject.detail) == ("not_a_file", "a named pipe (FIFO)")


def test_a_file_replaced_by_a_link_after_discovery_is_not_followed(tmp_path):
    (tmp_path / "elsewhere.txt").write_text("外部")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "swapped.txt"
    path.write_text("本文")
    (source,) = ingest.discover(corpus).sources
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere.txt")
    (reject,) = ingest.read_document(source, max_bytes=1000)
    assert reject.reason == "unreadable"


def test_a_file_that_grew_past_the_limit_after_it_was_measured_is_too_large(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_bytes(b"a" * 20)
    real_fstat = os.fstat

    class Shrunk:
        def __init__(self, st):
            self._st = st

        def __getattr__(self, name):
            return 5 if name == "st_size" else getattr(self._st, name)

    monkeypatch.setattr(ingest.os, "fstat", lambda fd: Shrunk(real_fstat(fd)))
    (reject,) = ingest.read_document(ingest.SourceFile("growing.txt", path), max_bytes=10)
    assert (reject.reason, reject.detail) == ("too_large", "more than 10 bytes, the limit")


# ---------------------------------------------------------------- the whole pipeline on the bad corpus


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    """One CLI run over the bad corpus: (tmp root, corpus, out, completed process, corpus snapshot before)."""
    root = tmp_path_factory.mktemp("bad_input")
    corpus = build_bad_corpus(root)
    before = snapshot(corpus)
    out = root / "out"
    result = run_cli("extract", "--corpus", str(corpus), "--out", str(out), "--workers", "1", "--quiet", check=False)
    return root, corpus, out, result, before


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{name}.parquet")


def _expected_stderr(root: Path) -> list[str]:
    return [_with_tmp(line, root) for line in EXPECTED_STDERR_REJECTS] + [
        "not Japanese: 2 document(s) with no Japanese sentence, e.g. english.txt (status not_japanese in documents); pass --lang all to analyse them",
        "ignored 3 file(s) without a .txt/.jsonl/.ndjson/.csv/.tsv/.html/.htm name, e.g. notes.md",
    ]


def test_the_run_succeeds_and_names_each_rejected_file_on_stderr(bad_run):
    root, _, _, result, _ = bad_run
    assert result.returncode == ExitCode.OK, result.stderr
    assert result.stderr.splitlines() == _expected_stderr(root)


def test_the_rejects_table_lists_each_bad_file_with_its_reason(bad_run):
    root, _, out, _, _ = bad_run
    rejects = _table(out, "rejects")
    assert {row.path: (row.reason, row.detail) for row in rejects.itertuples()} == {
        path: (reason, _with_tmp(detail, root)) for path, (reason, detail) in EXPECTED_REJECTS.items()
    }
    assert list(rejects.path) == sorted(EXPECTED_REJECTS)


def test_every_good_file_is_a_document_with_its_encoding_and_status(bad_run):
    _, _, out, _, _ = bad_run
    documents = _table(out, "documents").set_index("path")
    assert {path: (row.encoding, row.status) for path, row in documents.iterrows()} == EXPECTED_DOCUMENTS
    assert documents.loc["long_line.txt", "n_chars"] == LONG_LINE_BYTES
    assert documents.loc["duplicates/copy 1.txt", "doc_id"] == documents.loc["duplicates/copy 2.txt", "doc_id"]
    assert documents.loc["shift_jis.txt", "title"] == "NATOの警鐘:欧州の防衛危機が映す日本の「自律」なき現実"
    assert str(documents.loc["utf8.txt", "published"]) == "2026-01-22"


def test_the_japanese_files_have_sentences_mentions_and_claims(bad_run):
    _, _, out, _, _ = bad_run
    doc_ids = _table(out, "documents").set_index("path").doc_id
    counts = {
        name: _table(out, name).doc_id.value_counts().reindex(doc_ids.values, fill_value=0).set_axis(doc_ids.index)
        for name in ("sentences", "tokens", "mentions", "claims")
    }
    for path in JAPANESE_DOCUMENTS:
        assert [counts[name][path] > 0 for name in counts] == [True] * 4, path
    claims = _table(out, "claims")
    assert "約200名" in set(claims[claims.doc_id == doc_ids["utf8.txt"]].text)
    mentions = _table(out, "mentions")
    assert "NATO" in set(mentions[mentions.doc_id == doc_ids["shift_jis.txt"]].text)


def test_the_english_and_the_one_line_files_are_split_into_english_sentences(bad_run):
    _, _, out, _, _ = bad_run
    doc_ids = _table(out, "documents").set_index("path").doc_id
    sentences = _table(out, "sentences")
    english = sentences[sentences.doc_id == doc_ids["english.txt"]]
    assert english.text.iloc[0] == "NATO summit ends with a short declaration"
    assert set(english.lang) == {"en"}
    long_line = sentences[sentences.doc_id == doc_ids["long_line.txt"]]
    assert len(long_line) > 1000 and set(long_line.lang) == {"en"}
    assert long_line.end.max() == LONG_LINE_BYTES


def test_every_row_points_back_into_the_decoded_file(bad_run):
    _, corpus, out, _, _ = bad_run
    documents = _table(out, "documents")
    originals = {}
    for row in documents.itertuples():
        (read,) = ingest.read_document(ingest.SourceFile(row.path, corpus / row.path), max_bytes=20_000_000)
        originals[row.doc_id] = read.text
    for name in ("sentences", "mentions", "claims"):
        frame = _table(out, name)
        bad = [r for r in frame.itertuples() if originals[r.doc_id][r.start : r.end] != r.text]
        assert bad == [], name


def test_identical_files_are_both_listed_and_their_text_analysed_once(bad_run):
    _, _, out, _, _ = bad_run
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["texts_analysed"], manifest["texts_reused"]) == (len(EXPECTED_DOCUMENTS) - 1, 0)
    twin = _table(out, "documents").set_index("path").doc_id["duplicates/copy 1.txt"]
    sentences = _table(out, "sentences")
    assert not sentences[sentences.doc_id == twin].duplicated("sent_idx").any()
    assert manifest["ignored"] == EXPECTED_IGNORED
    assert [(r["path"], r["reason"]) for r in manifest["rejects"]] == [(p, r) for p, (r, _) in EXPECTED_REJECTS.items()]


def test_the_corpus_is_not_modified(bad_run):
    _, corpus, _, _, before = bad_run
    assert snapshot(corpus) == before


def test_strict_exits_3_and_writes_the_same_tables(bad_run, tmp_path):
    root, corpus, out, _, before = bad_run
    strict_out = tmp_path / "strict"
    shutil.copytree(out, strict_out, symlinks=True)
    result = run_cli("extract", "--corpus", str(corpus), "--out", str(strict_out), "--strict", "--quiet", check=False)
    assert result.returncode == ExitCode.SOME_REJECTED
    assert result.stderr.splitlines() == _expected_stderr(root)
    assert json.loads((strict_out / "manifest.json").read_text())["runs"][-1]["texts_reused"] == len(EXPECTED_DOCUMENTS) - 1
    for table in sorted(out.glob("*.parquet")):
        assert (strict_out / table.name).read_bytes() == table.read_bytes(), table.name
    assert snapshot(corpus) == before


def test_the_tables_agree_with_each_other(bad_run):
    # What the per-table schema checks cannot see: references between tables.
    _, _, out, _, _ = bad_run
    t = {name: _table(out, name) for name in ("documents", "sentences", "tokens", "mentions", "entities", "claims", "facts")}
    sentences = t["sentences"][["doc_id", "sent_idx", "start", "end"]]
    for name in ("tokens", "mentions", "claims"):
        rows = t[name].merge(sentences, on=["doc_id", "sent_idx"], how="left", suffixes=("", "_sentence"), validate="many_to_one")
        assert rows.start_sentence.notna().all(), name
        assert ((rows.start >= rows.start_sentence) & (rows.end <= rows.end_sentence)).all(), name
        assert set(t[name].doc_id) <= set(t["documents"].doc_id), name
    assert (t["sentences"].groupby("doc_id").sent_idx.agg(lambda s: sorted(s) == list(range(len(s))))).all()
    entities = t["entities"].set_index("entity_id")
    mentions = t["mentions"]
    assert set(mentions.entity_id) == set(entities.index)
    assert (entities.n_mentions == mentions.groupby("entity_id").size().reindex(entities.index)).all()
    assert (entities.n_docs == mentions.groupby("entity_id").doc_id.nunique().reindex(entities.index)).all()
    claims = t["claims"][t["claims"].fact_id.notna()]
    facts = t["facts"].set_index("fact_id")
    assert set(claims.fact_id) == set(facts.index)
    assert all(sorted(claims[claims.fact_id == fact_id].claim_id) == list(ids) for fact_id, ids in facts.claim_ids.items())
