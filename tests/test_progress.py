"""Progress: a bar per stage on a terminal, a line every interval elsewhere, never a silent long run.

The clock is injected: no test waits ten seconds, and none asserts how long anything took.
"""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

from pipeline import progress as progress_module
from pipeline.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _logging(interval: float = 10.0) -> tuple[Progress, Clock, io.StringIO]:
    clock, stream = Clock(), io.StringIO()
    return Progress(stream=stream, clock=clock, interval=interval), clock, stream


def test_off_a_terminal_a_line_every_interval_gives_done_total_rate_and_time_left():
    progress, clock, stream = _logging()
    progress.tick("ingest", 0, total=400)
    clock.now = 5
    progress.tick("ingest", 60)
    progress.tick("analyse", 58)
    assert progress.poll() is False  # 5 s: not yet
    clock.now = 20
    progress.tick("ingest", 60)
    progress.tick("analyse", 60)
    assert progress.poll() is True
    assert progress.poll() is False  # one line per interval
    clock.now = 70
    progress.tick("ingest", 280)  # every file read: the run now knows how many texts it analyses
    progress.tick("analyse", 0, total=390)
    clock.now = 80
    progress.tick("analyse", 200)
    assert progress.poll() is True
    assert stream.getvalue().splitlines() == [
        "progress 0:20: read 120/400 files (30%, 6.0/s), analysed 118 texts (5.9/s); about 0:47 left",
        # reading ended at 70 s: its rate stays that of the stage
        "progress 1:20: read 400/400 files (100%, 5.7/s), analysed 318/390 texts (82%, 4.0/s); about 0:18 left",
    ]


def test_a_stage_without_items_says_what_the_run_does_and_gives_no_time_left():
    progress, clock, stream = _logging()
    progress.tick("ingest", 0, total=2)
    progress.tick("ingest", 2)
    progress.tick("analyse", 0, total=2)
    clock.now = 30
    progress.tick("analyse", 1)  # one analysis failed: it never reaches its total
    clock.now = 40
    progress.tick("write", 0)
    clock.now = 61
    assert progress.poll()
    assert stream.getvalue() == (
        "progress 1:01: writing the tables and the report (0:21 so far), read 2/2 files (100%), "
        "analysed 1/2 texts (50%, 0.02/s)\n"
    )


def test_a_run_shorter_than_the_interval_writes_no_line_and_a_quiet_one_never_does():
    progress, clock, stream = _logging()
    progress.tick("ingest", 0, total=3)
    progress.tick("ingest", 3)
    clock.now = 9.9
    assert not progress.poll()
    quiet = Progress(False, stream=stream, clock=clock, interval=10)
    quiet.tick("ingest", 3, total=3)
    clock.now = 100
    assert not quiet.poll()
    assert stream.getvalue() == ""


def test_hours_are_written_as_such():
    progress, clock, _ = _logging()
    progress.tick("ingest", 0, total=100_000)
    clock.now = 3725
    progress.tick("ingest", 25_000)
    assert progress.line() == "progress 1:02:05: read 25,000/100,000 files (25%, 6.7/s); about 3:06:15 left"


def test_the_background_thread_writes_while_nothing_ticks():
    # a stage that ticks rarely (the cross-article step in DuckDB) is not silent off a terminal
    stream = io.StringIO()
    written = threading.Event()

    class Watched(io.StringIO):
        def write(self, text: str) -> int:
            stream.write(text)
            written.set()
            return len(text)

    with Progress(stream=Watched(), interval=0.01) as progress:
        progress.tick("write", 0)
        assert written.wait(timeout=60), "no progress line came"
    assert re.fullmatch(r"(progress \d+:\d\d: writing the tables and the report \(\d+:\d\d so far\)\n)+", stream.getvalue())


def test_on_a_terminal_each_stage_gets_a_bar_with_its_total_and_unit():
    terminal = Terminal()
    with Progress(stream=terminal) as progress:
        assert progress.poll() is False  # bars, not lines
        progress.tick("ingest", 0, total=3)
        for _ in range(3):
            progress.tick("ingest", 1)
            progress.tick("analyse", 1)
        progress.tick("analyse", 0, total=3)  # the bar learns its total and redraws
        progress.tick("write", 0)
    shown = terminal.getvalue()
    assert "read    :   0%|          | 0/3 [00:00<?, ? files/s]" in shown
    assert re.search(r"analysed: 100%\|#+\| 3/3 \[00:00<00:00, [\d.]+ texts/s\]", shown)
    assert "writing the tables and the report…" in shown
    assert "progress " not in shown


def test_a_cli_run_off_a_terminal_logs_its_progress_then_the_summary(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from pipeline.cli import cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "防災.txt").write_text("東京都は3月5日、新しい防災計画を発表した。\n計画では約1200か所の避難所を整備する。\n", encoding="utf-8")
    monkeypatch.setattr(progress_module, "INTERVAL_SECONDS", 0.01)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["extract", "--corpus", str(corpus), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    summary = lines.index(f"wrote {out}/")
    assert summary > 0 and lines[summary + 1].startswith("  documents        1")
    progress_lines = lines[:summary]
    assert all(re.match(r"progress \d+:\d\d: ", line) for line in progress_lines), progress_lines
    # the totals come from the run: the file count after discovery, then the texts to analyse
    assert any("read 1/1 files (100%" in line for line in progress_lines), progress_lines
    assert Path(out / "documents.parquet").exists()
