"""How a run shows it is alive: a bar per stage on a terminal, a log line every ~10 s elsewhere
(make, CI, cron, a redirected stderr), and the one-screen summary at the end.

The run reports through one callable, `Progress.tick(stage, n, total=None)`: `n` more items of
`stage` are done; `total`, when given, is how many the stage has in all (pipeline.run passes the
number of files after discovery, and the number of texts to analyse once every file was read).
A tick with n=0 and no total only says that the run is now in that stage (writing the tables).
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable, TextIO

import click

INTERVAL_SECONDS = 10.0  # between two log lines off a terminal

# stage -> (what its bar or log line says, the unit of its items); unknown stages show their name
STAGES: dict[str, tuple[str, str]] = {
    "ingest": ("read", "files"),
    "analyse": ("analysed", "texts"),
    "write": ("writing the tables and the report", ""),
}


@dataclass
class _Stage:
    name: str
    started: float  # when the run said it is in this stage first
    since: float  # what rates are counted from: the start of the run (it includes loading the models)
    done: int = 0
    total: int | None = None
    finished: float | None = None  # when done reached total: the rate stays that of the stage

    @property
    def label(self) -> str:
        return STAGES.get(self.name, (self.name, ""))[0]

    @property
    def unit(self) -> str:
        return STAGES.get(self.name, ("", "items"))[1]

    def rate(self, now: float) -> float | None:
        seconds = (self.finished if self.finished is not None else now) - self.since
        return self.done / seconds if self.done and seconds > 0 else None

    def seconds_left(self, now: float) -> float | None:
        rate = self.rate(now)
        if self.total is None or rate is None:
            return None
        return max(self.total - self.done, 0) / rate


class Progress:
    """Bars (tqdm) when `stream` is a terminal, else a line every `interval` seconds; nothing when disabled.

    `clock` and `interval` are there for tests: `poll()` writes the line when one is due, and a
    background thread calls it, so a stage that ticks rarely (the cross-article step) is not silent.
    """

    def __init__(self, enabled: bool = True, *, stream: TextIO | None = None, interval: float | None = None,
                 clock: Callable[[], float] = time.monotonic, terminal: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.terminal = _is_terminal(self.stream) if terminal is None else terminal
        self.interval = INTERVAL_SECONDS if interval is None else interval
        self.clock = clock
        self.started = clock()
        self._stages: dict[str, _Stage] = {}
        self._current: str | None = None
        self._bars: dict = {}
        self._last_line = self.started
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "Progress":
        if self.enabled and not self.terminal:
            self._thread = threading.Thread(target=self._heartbeat, name="progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        for bar in reversed(list(self._bars.values())):  # the last bar first, so the cursor ends at the first line
            bar.close()
        self._bars.clear()

    # ------------------------------------------------------------ what the run calls

    def tick(self, stage: str, n: int = 1, total: int | None = None) -> None:
        if not self.enabled:
            return
        with self._lock:
            now = self.clock()
            state = self._stages.get(stage)
            if state is None:
                state = self._stages[stage] = _Stage(stage, started=now, since=self.started)
            state.done += n
            if total is not None:
                state.total = total
            if state.total is None or state.done < state.total:
                state.finished = None
            elif state.finished is None:
                state.finished = now
            self._current = stage
            if self.terminal:
                self._draw(state)

    # ------------------------------------------------------------ off a terminal: a line every interval

    def poll(self) -> bool:
        """Write the progress line if `interval` seconds passed since the last one; whether it did."""
        if not self.enabled or self.terminal:
            return False
        with self._lock:
            now = self.clock()
            if now - self._last_line < self.interval:
                return False
            self._last_line = now
            line = self.line(now)
        try:
            self.stream.write(line + "\n")
            self.stream.flush()
        except (OSError, ValueError):  # stderr closed or a broken pipe: the run goes on, silently
            self.enabled = False
            return False
        return True

    def line(self, now: float | None = None) -> str:
        """One line: each stage's done/total, rate and the time left, e.g.
        `progress 0:20: read 120/400 files (30%, 6.0/s), analysed 118 texts (5.9/s); about 0:47 left`."""
        now = self.clock() if now is None else now
        parts, lefts = [], []
        current = self._stages.get(self._current) if self._current else None
        for state in self._stages.values():
            if not state.unit:  # a stage without items: say what the run is doing, if it is doing it now
                if state.name == self._current:
                    parts.insert(0, f"{state.label} ({_duration(now - state.started)} so far)")
                continue
            count = f"{state.done:,}/{state.total:,}" if state.total is not None else f"{state.done:,}"
            details = []
            if state.total:
                details.append(f"{100 * state.done / state.total:.0f}%")
            rate = state.rate(now)
            if rate is not None:
                details.append(f"{rate:.1f}/s" if rate >= 1 else f"{rate:.2f}/s")
            parts.append(f"{state.label} {count} {state.unit}" + (f" ({', '.join(details)})" if details else ""))
            left = state.seconds_left(now)
            if left is not None and state.done < (state.total or 0) and current is not None and current.unit:
                lefts.append(left)  # not once the run went on to a stage without items (writing)
        text = f"progress {_duration(now - self.started)}: " + (", ".join(parts) or "starting")
        if lefts:
            text += f"; about {_duration(max(lefts))} left"
        return text

    def _heartbeat(self) -> None:
        wake = min(1.0, self.interval / 2)  # poll often, write when a line is due
        while not self._stop.wait(wake):
            self.poll()

    # ------------------------------------------------------------ on a terminal: a bar per stage

    def _draw(self, state: _Stage) -> None:
        from tqdm import tqdm

        bar = self._bars.get(state.name)
        if bar is None:
            if state.unit:
                bar = tqdm(desc=f"{state.label:8}", unit=f" {state.unit}", total=state.total, leave=False, file=self.stream, dynamic_ncols=True)
            else:
                bar = tqdm(desc=state.label, bar_format="{desc}…", leave=False, file=self.stream)  # drawn once: no clock to freeze
            self._bars[state.name] = bar
            bar.update(state.done)
            return
        if state.total is not None and bar.total != state.total:
            bar.total = state.total
            bar.refresh()
        if state.done != bar.n:
            bar.update(state.done - bar.n)
            if state.finished is not None:
                bar.refresh()  # the last update may fall within tqdm's redraw interval: show the stage complete


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    """0:07, 12:30, 1:02:03."""
    seconds = round(max(seconds, 0))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def print_summary(report, out) -> None:
    counts = report.counts
    lines = [
        f"wrote {out}/",
        f"  documents {counts.get('documents', 0):>8,}   sentences {counts.get('sentences', 0):>9,}   tokens {counts.get('tokens', 0):>10,}",
        f"  mentions  {counts.get('mentions', 0):>8,}   entities  {counts.get('entities', 0):>9,}",
        f"  claims    {counts.get('claims', 0):>8,}   facts     {counts.get('facts', 0):>9,}   rejects {len(report.rejects):>9,}",
        f"  analysed {report.analysed} text(s), reused {report.reused} from cache, "
        f"{sum(report.seconds.values()):.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in report.seconds.items())})",
    ]
    click.echo("\n".join(lines), err=True)
