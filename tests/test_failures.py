"""Failures around the output folder: locks, unwritable or full disks, killed runs, a document
whose analysis raises. Outputs only ever move from one complete run to the next.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.errors import ExitCode, OutputLocked, OutputNotWritable
from pipeline.output import store, tablefiles

from .conftest import ROOT, run_cli
from .fixtures.bad_corpus import SEEDS, seed_passage

# ---------------------------------------------------------------- the output folder and its lock


def test_an_output_path_that_is_a_file_is_a_bad_command_line_told_in_one_line_naming_it(tmp_path):
    target = tmp_path / "outputs"
    target.write_text("not a folder")
    result = run_cli("extract", "--corpus", str(tmp_path), "--out", str(target), "--quiet", check=False)
    assert result.returncode == ExitCode.USAGE
    assert result.stderr == f"error: [E002] cannot write to output folder {target}: it is a file, not a folder — check the path given with --out\n"
    assert target.read_text() == "not a folder"


def test_an_output_path_under_a_file_is_a_bad_command_line_told_in_one_line_naming_it(tmp_path):
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "outputs"
    result = run_cli("extract", "--corpus", str(tmp_path), "--out", str(target), "--quiet", check=False)
    assert result.returncode == ExitCode.USAGE
    assert result.stderr == f"error: [E002] cannot create output folder {target}: Not a directory — check the path given with --out\n"


def test_an_output_folder_that_cannot_be_written_is_a_bad_command_line_found_before_any_work(tmp_path, monkeypatch):
    from pipeline import run
    from pipeline.config import Config
    from pipeline.errors import OutputUnusable

    def refuse(self, *args, **kwargs):  # tests run as root: permissions cannot refuse, so the lock does
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "out" / ".lock"))

    monkeypatch.setattr(store.FileLock, "acquire", refuse)
    monkeypatch.setattr(run.ingest, "discover", lambda *a, **k: pytest.fail("the corpus was read"))
    with pytest.raises(OutputUnusable) as caught:
        run.extract(Config(corpus=tmp_path, out=tmp_path / "out", progress=False))
    assert caught.value.exit_code == ExitCode.USAGE
    assert str(caught.value) == f"[E002] cannot write to output folder {tmp_path / 'out'}: Permission denied — choose a folder you can write to with --out"


def test_a_disk_that_fills_up_during_the_run_is_a_failed_run_not_a_bad_command_line(tmp_path, monkeypatch):
    from pipeline import run
    from pipeline.config import Config
    from pipeline.errors import OutputUnusable

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(run.ingest, "discover", disk_full)
    with pytest.raises(OutputNotWritable) as caught:
        run.extract(Config(corpus=tmp_path, out=tmp_path / "out", progress=False))
    assert not isinstance(caught.value, OutputUnusable) and caught.value.exit_code == ExitCode.FAILED


def test_a_second_run_on_a_locked_output_folder_exits_4(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\nfrom pipeline.output import store\n"
         "with store.output_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(120)\n", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        result = run_cli("extract", "--corpus", str(tmp_path), "--out", str(out), "--quiet", check=False)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == ExitCode.LOCKED
    assert result.stderr == f"error: [E003] another run is writing to {out} — wait for it to finish, or pass --out to write elsewhere\n"


def test_a_lock_file_that_cannot_be_opened_is_an_unwritable_folder_not_a_lock(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".lock"))

    monkeypatch.setattr(store.FileLock, "acquire", refuse)
    with pytest.raises(OutputNotWritable, match=r"cannot write to output folder .*: Permission denied — choose a folder"):
        with store.output_lock(tmp_path):
            pass


def test_two_runs_starting_together_do_not_trip_over_each_others_write_probe(tmp_path):
    # The probe used to be one shared name written before the lock: the loser could unlink
    # the winner's probe and report "cannot write" instead of "locked".
    with store.output_lock(tmp_path):
        assert sorted(p.name for p in tmp_path.iterdir()) == [".lock"]
        with pytest.raises(OutputLocked):
            with store.output_lock(tmp_path):
                pass
        assert sorted(p.name for p in tmp_path.iterdir()) == [".lock"]


def test_a_probe_left_by_a_killed_run_is_removed(tmp_path):
    (tmp_path / ".write-probe-12345").write_bytes(b"")
    (tmp_path / ".write-probe").write_bytes(b"")
    with store.output_lock(tmp_path):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock"]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "No space left on device — the disk is full; free space and run again (the previous outputs are intact)"),
        (OSError(errno.EROFS, "Read-only file system"), "Read-only file system — choose a folder you can write to with --out"),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), "Disk quota exceeded — the disk is full; free space and run again (the previous outputs are intact)"),
    ],
)
def test_a_full_or_read_only_disk_during_the_run_is_one_clear_error(tmp_path, error, expected):
    with pytest.raises(OutputNotWritable) as caught:
        with store.output_lock(tmp_path):
            raise error
    assert str(caught.value) == f"[E002] cannot write to output folder {tmp_path}: {expected}"


def test_an_error_naming_a_file_in_the_output_folder_is_about_the_output(tmp_path):
    with pytest.raises(OutputNotWritable, match="Permission denied"):
        with store.output_lock(tmp_path):
            raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".staging" / "x.parquet"))


def test_other_errors_are_not_disguised_as_output_errors(tmp_path):
    with pytest.raises(ConnectionRefusedError):
        with store.output_lock(tmp_path):
            raise ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")


def test_every_exit_code_is_documented_in_the_help_and_the_readme():
    help_text = run_cli("extract", "--help").stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert re.search(rf"^\s+{int(code)}  \S", help_text, re.MULTILINE), code
        assert f"`{int(code)}`" in readme, code


# ---------------------------------------------------------------- commit and recovery


def _staged(out: Path, files: dict[str, str]) -> Path:
    staging = store.begin_staging(out)
    for name, text in files.items():
        (staging / name).write_text(text)
    return staging


def test_taking_the_lock_finishes_a_commit_a_killed_run_had_journalled(tmp_path):
    (tmp_path / "a.parquet").write_text("old a")
    staging = _staged(tmp_path, {"a.parquet": "new a", "manifest.json": "new"})
    (staging / "COMMIT").write_text(json.dumps(["a.parquet", "manifest.json"]))
    with store.output_lock(tmp_path):
        assert (tmp_path / "a.parquet").read_text() == "new a"
        assert (tmp_path / "manifest.json").read_text() == "new"
        assert not staging.exists()


def test_taking_the_lock_discards_a_staging_folder_that_was_never_committed(tmp_path):
    (tmp_path / "a.parquet").write_text("old a")
    staging = _staged(tmp_path, {"a.parquet": "half"})
    (staging / "COMMIT.tmp").write_text("[\"a.parq")  # killed while writing the journal
    with store.output_lock(tmp_path):
        assert (tmp_path / "a.parquet").read_text() == "old a"
        assert not staging.exists()


def test_the_manifest_is_moved_last(tmp_path, monkeypatch):
    _staged(tmp_path, {"manifest.json": "m", "a.parquet": "a", "z.parquet": "z", "report.html": "r"})
    moved = []
    real_replace = os.replace
    monkeypatch.setattr(store.os, "replace", lambda src, dst: (moved.append(Path(dst).name), real_replace(src, dst)))
    store.commit(tmp_path)
    assert moved == ["COMMIT", "a.parquet", "report.html", "z.parquet", "manifest.json"]


def test_ctrl_c_during_the_moves_waits_until_every_file_is_in_place(tmp_path, monkeypatch):
    _staged(tmp_path, {"a.parquet": "new a", "b.parquet": "new b", "manifest.json": "new"})
    real_replace = os.replace

    def replace(src, dst):
        real_replace(src, dst)
        if Path(dst).name == "a.parquet":
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C right after the first move

    monkeypatch.setattr(store.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        store.commit(tmp_path)
    assert [(tmp_path / n).read_text() for n in ("a.parquet", "b.parquet", "manifest.json")] == ["new a", "new b", "new"]
    assert not store.staging_dir(tmp_path).exists()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_staging_folder_that_cannot_be_cleared_stops_the_run(tmp_path, monkeypatch):
    staging = _staged(tmp_path, {"stale.parquet": "stale"})
    (staging / "COMMIT").unlink(missing_ok=True)

    def rmtree(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(store.shutil, "rmtree", rmtree)
    with pytest.raises(PermissionError):
        store.begin_staging(tmp_path)  # never commit a stale file along with the new ones


# ---------------------------------------------------------------- analysis cache


def _parts() -> dict[str, "pa.Table"]:
    """Parts of the text 米国と日本。: two tokens, one mention, no claims."""
    from pipeline.analysis.analyse import PART_SCHEMAS

    rows = {
        "sentences": [{"sent_idx": 0, "para_idx": 0, "start": 0, "end": 6, "text": "米国と日本。", "norm_text": "米国と日本。",
                       "lang": "ja", "flags": [], "analysed": True}],
        "tokens": [{"sent_idx": 0, "tok_idx": 0, "start": 0, "end": 2, "surface": "米国", "lemma": "米国", "pos": "名詞-固有名詞-地名-国", "reading": "ベイコク"},
                   {"sent_idx": 0, "tok_idx": 1, "start": 2, "end": 3, "surface": "と", "lemma": "と", "pos": "助詞-格助詞", "reading": "ト"}],
        "mentions": [{"sent_idx": 0, "start": 0, "end": 2, "text": "米国", "norm_text": "米国", "label": "GPE", "label_ene": "Country",
                      "role": None, "source": "gazetteer", "key": "Q30"}],
        "claims": [],
    }
    return {name: pa.Table.from_pylist(rows[name], schema=PART_SCHEMAS[name]) for name in store.PART_TABLES}


META = {"title": "見出し", "published": "2026-01-22"}


def test_a_cached_text_reads_back_exactly(tmp_path):
    cache = store.AnalysisCache(tmp_path, "fp")
    cache.save("abcd1234", "米国と日本。", _parts(), META)
    assert cache.has("abcd1234") and not cache.has("abcd9999")
    assert sorted(p.name for p in cache.root.rglob("*")) == ["ab", "abcd1234.part"]
    text, parts = cache.load_all("abcd1234")
    assert text == cache.load_text("abcd1234") == "米国と日本。"
    assert cache.load_meta("abcd1234") == META
    assert all(parts[name].equals(table) and cache.load("abcd1234", name).equals(table) for name, table in _parts().items())
    assert parts["mentions"].to_pylist()[0]["key"] == "Q30"


@pytest.mark.parametrize("keep", [0, 5, 20, -1])
def test_a_truncated_cache_file_is_not_trusted(tmp_path, keep):
    cache = store.AnalysisCache(tmp_path, "fp")
    cache.save("abcd1234", "本文", _parts(), META)
    path = cache.root / "ab" / "abcd1234.part"
    path.write_bytes(path.read_bytes()[:keep])  # what a crash before the data reached the disk leaves
    assert not cache.has("abcd1234")


@pytest.mark.parametrize("content", [b"PAR1 not a cache file", b"JNPART1\n" + (10).to_bytes(8, "little") + b"{not json}", b""])
def test_a_file_that_is_not_a_cache_file_is_not_trusted(tmp_path, content):
    cache = store.AnalysisCache(tmp_path, "fp")
    (cache.root / "ab").mkdir()
    (cache.root / "ab" / "abcd1234.part").write_bytes(content)
    assert not cache.has("abcd1234")


def test_a_save_killed_midway_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    cache = store.AnalysisCache(tmp_path, "fp")
    cache.save("abcd1234", "本文", _parts(), META)

    def killed(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(store.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        cache.save("abcd1234", "本文", _parts(), {"title": "新", "published": None})
    assert cache.has("abcd1234") and cache.load_meta("abcd1234") == META
    assert sorted(p.name for p in cache.root.rglob("abcd1234*")) == ["abcd1234.part"]


def test_a_save_that_fails_leaves_nothing_of_that_text(tmp_path, monkeypatch):
    cache = store.AnalysisCache(tmp_path, "fp")
    cache.save("aa000001", "本文", _parts(), META)
    real_write_bytes = Path.write_bytes

    def disk_full(path, data):
        real_write_bytes(path, data[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(OSError):
        cache.save("bb000002", "本文", _parts(), META)
    assert sorted(p.name for p in cache.root.rglob("bb000002*")) == []
    assert cache.has("aa000001")


def test_a_failed_run_discards_its_uncommitted_staging_folder(tmp_path):
    with pytest.raises(RuntimeError):
        with store.output_lock(tmp_path):
            staging = store.begin_staging(tmp_path)
            (staging / "tokens.parquet").write_bytes(b"half a table")
            raise RuntimeError("a bug")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock"]


def test_prune_keeps_only_whole_files_of_current_texts(tmp_path):
    cache = store.AnalysisCache(tmp_path, "current")
    for content_id in ("aa000001", "aa000002", "bb000003"):
        cache.save(content_id, "本文", _parts(), META)
    (cache.root / "aa" / "aa000001.part.tmp").write_bytes(b"half")  # killed mid-save
    (cache.root / "aa" / "aa000001.tokens.parquet").write_bytes(b"PAR1")  # the layout of an older version
    (cache.root / "cc").mkdir()
    (cache.root / "cc" / "cc000004.txt").write_text("killed before its marker")
    old = store.AnalysisCache(tmp_path, "old-fingerprint")
    old.save("aa000001", "本文", _parts(), META)
    cache.prune(keep={"aa000001"})
    current = cache.root.name
    assert sorted(str(p.relative_to(tmp_path / ".cache")) for p in (tmp_path / ".cache").rglob("*")) == [
        current,
        f"{current}/aa",
        f"{current}/aa/aa000001.part",
    ]
    assert cache.has("aa000001")


# ---------------------------------------------------------------- whole runs, in this process


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("two_articles") / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(seed_passage("000", 2, 7), encoding="utf-8")
    (corpus / "b.txt").write_text(seed_passage("001", 0, 4), encoding="utf-8")
    return corpus


def _outputs(out: Path) -> dict[str, bytes]:
    """What users read in `out/`: every regular file but the lock, by name."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != ".lock"}


def test_an_exception_in_one_documents_analysis_rejects_that_document_not_the_run(two_articles, tmp_path, monkeypatch):
    from pipeline.analysis import analyse
    from pipeline.config import Config
    from pipeline.run import extract

    real_analyse_text = analyse.analyse_text

    def fails_on_b(text, models, **options):
        if text.startswith("NATOの警鐘"):
            raise ValueError("boom")
        return real_analyse_text(text, models, **options)

    monkeypatch.setattr(analyse, "analyse_text", fails_on_b)
    config = Config(corpus=two_articles, out=tmp_path / "out", workers=1, progress=False, strict=True)
    report = extract(config)
    assert report.exit_code == ExitCode.SOME_REJECTED
    assert [(r.path, r.reason) for r in report.rejects] == [("b.txt", "analysis_failed")]
    assert report.rejects[0].message.startswith("b.txt: analysing the text failed (ValueError: boom (at fails_on_b:")
    assert list(pd.read_parquet(config.out / "documents.parquet").path) == ["a.txt"]
    assert pq.read_table(config.out / "rejects.parquet").to_pylist() == [
        {"path": "b.txt", "row": None, "reason": "analysis_failed", "detail": report.rejects[0].detail}
    ]
    assert len(pd.read_parquet(config.out / "sentences.parquet")) > 0

    monkeypatch.setattr(analyse, "analyse_text", real_analyse_text)  # the fault is gone: b is analysed, a reused
    report = extract(config)
    assert (report.exit_code, report.rejects, report.analysed, report.reused) == (ExitCode.OK, [], 1, 1)
    assert list(pd.read_parquet(config.out / "documents.parquet").path) == ["a.txt", "b.txt"]


def test_a_full_disk_while_writing_the_tables_is_exit_1_and_leaves_the_outputs_as_they_were(two_articles, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from pipeline.cli import cli

    out = tmp_path / "out"
    args = ["extract", "--corpus", str(two_articles), "--out", str(out), "--workers", "1", "--quiet"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == ExitCode.OK, first.output
    before = _outputs(out)
    real_writer = tablefiles.pq.ParquetWriter

    def disk_full_at_mentions(where, *args, **options):
        if str(where).endswith("mentions.parquet"):
            raise OSError(errno.ENOSPC, "Error writing bytes to file. Detail: [errno 28] No space left on device")
        return real_writer(where, *args, **options)

    monkeypatch.setattr(tablefiles.pq, "ParquetWriter", disk_full_at_mentions)
    result = CliRunner().invoke(cli, [*args, "--no-cache"])  # analyses again, so every table is rewritten
    assert result.exit_code == ExitCode.FAILED
    assert result.stderr == (
        f"error: [E002] cannot write to output folder {out}: Error writing bytes to file. Detail: [errno 28] No space left on device"
        " — the disk is full; free space and run again (the previous outputs are intact)\n"
    )
    assert _outputs(out) == before
    assert not store.staging_dir(out).exists()  # the half-written tables gave their space back

    monkeypatch.setattr(tablefiles.pq, "ParquetWriter", real_writer)
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == ExitCode.OK
    assert _outputs(out).keys() == before.keys()
    assert not store.staging_dir(out).exists()


def test_a_cross_article_step_out_of_its_memory_is_one_clear_error_and_leaves_the_outputs(two_articles, tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import cli

    out = tmp_path / "out"
    args = ["extract", "--corpus", str(two_articles), "--out", str(out), "--workers", "1", "--quiet"]
    assert CliRunner().invoke(cli, args).exit_code == ExitCode.OK
    before = _outputs(out)
    (out / "manifest.json").unlink()  # so that the tables are rebuilt (from the cache)
    result = CliRunner().invoke(cli, [*args, "--link-memory", "1MB"])
    assert result.exit_code == ExitCode.FAILED
    assert result.stderr.startswith("error: [E008] the cross-article step needs more than --link-memory 1MB: Out of Memory Error")
    assert result.stderr.endswith("— run again with a larger --link-memory (e.g. 4GB), or fewer --workers (fewer DuckDB threads)\n")
    assert _outputs(out) == {k: v for k, v in before.items() if k != "manifest.json"}
    assert not store.staging_dir(out).exists()


def test_a_table_that_breaks_its_schema_stops_the_run_before_anything_is_written(two_articles, tmp_path, monkeypatch):
    from pipeline.analysis import analyse
    from pipeline.config import Config
    from pipeline.errors import SchemaViolation
    from pipeline.run import extract

    real_token_rows = analyse.token_rows

    def one_token_past_the_end(tagger, prepared):
        rows = real_token_rows(tagger, prepared)
        rows[-1] = rows[-1] | {"end": len(prepared.normalized.original) + 3}
        return rows

    monkeypatch.setattr(analyse, "token_rows", one_token_past_the_end)
    out = tmp_path / "out"
    with pytest.raises(SchemaViolation, match=r"table tokens: offset \d+ beyond the end of document"):
        extract(Config(corpus=two_articles, out=out, workers=1, progress=False, use_cache=False))
    assert _outputs(out) == {}


# ---------------------------------------------------------------- killed runs, through the CLI


def _changed_copy(text: str, line: int, mark: str) -> str:
    lines = text.split("\n")
    lines[line] = lines[line] + mark
    return "\n".join(lines)


def _done_parts(out: Path) -> int:
    return len(list((out / ".cache").glob("*/*/*.part")))


def _start_cli(*args: str, stderr) -> subprocess.Popen:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)


def _wait_for_more_parts(proc: subprocess.Popen, out: Path, than: int, timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    while _done_parts(out) <= than:
        assert proc.poll() is None, f"the run ended (exit {proc.returncode}) before any new part was cached"
        assert time.monotonic() < deadline, "no new part was cached in time"
        time.sleep(0.05)


def test_a_killed_run_leaves_the_outputs_untouched_and_the_next_run_resumes(tmp_path):
    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    small = {name: text for name, text in seeds.items() if name.startswith(("000", "004"))}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in small.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run_cli("extract", "--corpus", str(corpus), "--out", str(out), "--quiet", "--batch-docs", "1")
    before = _outputs(out)
    assert _done_parts(out) == 2

    # three new articles: the 004 seed, each with a line changed
    wrapped = small[next(n for n in small if n.startswith("004"))]
    for i, line in enumerate((0, 7, 16)):
        (corpus / f"005_changed_{i}.txt").write_text(_changed_copy(wrapped, line, f"(追記{i})"), encoding="utf-8")
    args = ("extract", "--corpus", str(corpus), "--out", str(out), "--quiet", "--workers", "1", "--batch-docs", "1")

    with open(tmp_path / "sigint.err", "w+") as err:  # Ctrl-C in the middle of the analysis
        proc = _start_cli(*args, stderr=err)
        _wait_for_more_parts(proc, out, than=2)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=120) == 130
        err.seek(0)
        assert err.read().splitlines()[-1] == f"interrupted: {out} is as the last complete run left it; run again to resume"
    assert _outputs(out) == before

    parts = _done_parts(out)
    proc = _start_cli(*args, stderr=subprocess.DEVNULL)  # SIGKILL: no chance to clean up
    _wait_for_more_parts(proc, out, than=parts)
    proc.kill()
    proc.wait()
    assert _outputs(out) == before

    run_cli(*args)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["texts_analysed"] + manifest["texts_reused"] == 5
    assert manifest["texts_reused"] >= 4  # the first run's 2 and at least one part from each killed run
    clean = tmp_path / "clean"
    run_cli("extract", "--corpus", str(corpus), "--out", str(clean), "--quiet", "--no-cache", "--workers", "2")
    tables = sorted(p.name for p in clean.glob("*.parquet"))
    assert tables == sorted(p.name for p in out.glob("*.parquet")) and len(tables) == 8
    for name in tables:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
