"""Anchoring every date and time of one document, in reading order.

Each expression is anchored against the document's reference date and the last date the text
gave before it (`anchor.anchor`). Which one completes a month-day without a year (5月7日) or a
bare day (9日) is decided here, as a reader does: the previous date when it stands in the same
paragraph and states a year of its own that is not the reference year (…1997年に…11月9日); the
reference date otherwise. A time of day alone (午後3時) takes the day of the last date in its
paragraph.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from pipeline.analysis.timeline.anchor import Anchored, TimeSpec, anchor


@dataclass(frozen=True)
class DatedItem:
    spec: TimeSpec
    para_idx: int
    tense: str | None = None
    sent_idx: int = 0


def anchor_document(items: list[DatedItem], reference: datetime.date | None) -> list[Anchored]:
    """The anchored value of each item, in the items' (reading) order."""
    out: list[Anchored] = []
    previous: Anchored | None = None
    previous_day: Anchored | None = None  # the last date that names a day, for 同日 after 同年5月
    previous_at: tuple[int, int] | None = None  # (para_idx, sent_idx) of the previous date
    for item in items:
        spec = item.spec
        if spec.is_time and not spec.has_date and previous_day is not None:
            day = previous_day.last
            placed = anchor(replace(spec, year=day.year, month=day.month, day=day.day), reference)
            found = Anchored(placed.value, placed.precision, "previous_date", placed.last, placed.year, placed.month)
        else:
            found = anchor(spec, reference, previous, item.tense, _prefer_previous(item, previous, previous_at, reference), previous_day)
        out.append(found)
        if found.value is not None and found.year is not None and not spec.counted:
            previous, previous_at = found, (item.para_idx, item.sent_idx)
            if found.last is not None and found.precision in ("day", "minute"):
                previous_day = found
    return out


def _prefer_previous(item: DatedItem, previous: Anchored | None, previous_at, reference) -> bool:
    """Whether a month-day or a day without a year is completed from the previous date: in the same
    sentence (1997年に就任し、11月9日に…); or in the same paragraph when that date names a month of
    a stated year other than the reference year (2005年10月… 12月初旬). A bare year in another
    sentence (…2000年…。3月に) is background, and the reference date completes the date."""
    if previous is None or previous.year is None:
        return False
    if previous_at == (item.para_idx, item.sent_idx):
        return True
    if reference is not None and previous.year == reference.year:
        return False
    return previous_at[0] == item.para_idx and previous.anchor == "absolute" and previous.month is not None
