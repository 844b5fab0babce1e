"""The eras of the Japanese calendar (data/eras.tsv), for every reader of era dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from pipeline.analysis.wordlists import read_rows


@dataclass(frozen=True)
class Era:
    name: str
    start: datetime.date
    first_year: int  # the western year of the era's 元年
    court: str  # "" for the common list, "southern" / "northern" for 南北朝 eras


@lru_cache(maxsize=1)
def eras() -> dict[str, Era]:
    """Era name -> Era, every era 大化..令和."""
    table = {}
    for row in read_rows("eras.tsv", ("era", "start", "first_year"), ("court",)):
        table[row["era"]] = Era(row["era"], datetime.date.fromisoformat(row["start"]), int(row["first_year"]), row["court"])
    return table


def western_year(era: str, year: int) -> int | None:
    """The western year of `era` year `year` (元年 is 1): 令和7 -> 2025, 天保3 -> 1832; None for an unknown era."""
    found = eras().get(era)
    return None if found is None else found.first_year + year - 1


def era_names_longest_first() -> list[str]:
    return sorted(eras(), key=lambda n: (-len(n), n))


def era_span(era: str) -> tuple[datetime.date, datetime.date | None] | None:
    """First and last day of an era (None as the end of the current one)."""
    table = eras()
    found = table.get(era)
    if found is None:
        return None
    later = sorted((e.start for e in table.values() if e.court == found.court and e.start > found.start))
    return found.start, (later[0] - datetime.timedelta(days=1)) if later else None


@lru_cache(maxsize=1)
def era_lengths() -> dict[str, int | None]:
    """Era name -> how many numbered years it had (天保: 15), None for the current era."""
    table = eras()
    lengths: dict[str, int | None] = {}
    for era in table.values():
        later = sorted(e.first_year for e in table.values() if e.court == era.court and e.start > era.start)
        lengths[era.name] = (later[0] - era.first_year + 1) if later else None
    return lengths


def eras_by_length() -> list[list[str]]:
    """Era names grouped by length, longest first (a regex look-behind needs one width per group)."""
    by_length: dict[int, list[str]] = {}
    for name in eras():
        by_length.setdefault(len(name), []).append(name)
    return [sorted(by_length[n]) for n in sorted(by_length, reverse=True)]
