"""Progress bars per stage on a terminal, silence elsewhere, and the one-screen summary."""

from __future__ import annotations

import sys

import click


class Progress:
    def __init__(self, enabled: bool = True):
        self.enabled = enabled and sys.stderr.isatty()
        self._bars: dict = {}

    def __enter__(self) -> "Progress":
        return self

    def tick(self, stage: str, n: int = 1) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        bar = self._bars.get(stage)
        if bar is None:
            bar = self._bars[stage] = tqdm(desc=f"{stage:8}", unit=" docs", leave=False, file=sys.stderr)
        bar.update(n)

    def __exit__(self, *exc) -> None:
        for bar in self._bars.values():
            bar.close()


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
