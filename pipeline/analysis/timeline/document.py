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


# A month-day a paragraph gives after a date of another year continues that date's story only
# within a few months after it (2005年10月…12月初旬).
NARRATIVE_MONTHS = 3


@dataclass(frozen=True)
class DatedItem:
    spec: TimeSpec
    para_idx: int
    tense: str | None = None
    sent_idx: int = 0
    names_edition: bool = False  # see names_an_edition


# 2007年のときに is when the clause happens: a year before these nouns still completes what follows.
_TIME_NOUNS_AFTER_YEAR = ("とき", "時", "頃", "ころ", "際")
_NUMERAL_START = "〇一二三四五六七八九十同翌前"


def names_an_edition(spec: TimeSpec, text: str, end: int) -> bool:
    """A year alone that modifies a noun (2010年のFIFAワールドカップ, 2008年の北京五輪) says which
    edition of something is meant, not when the sentence's events happen: it does not complete a
    later month-day (…2010年のFIFAワールドカップの招致に関連して…9月25日に捜査を始めた is the article's
    year). 同年 after it still means that year."""
    if spec.year is None or spec.month is not None or spec.day is not None or spec.span is not None:
        return False
    rest = text[end:end + 4]
    if not rest.startswith("の") or rest[1:].startswith(_TIME_NOUNS_AFTER_YEAR):
        return False
    return not (len(rest) > 1 and (rest[1].isdigit() or rest[1] in _NUMERAL_START))  # 2012年の5月 is one date


def anchor_document(items: list[DatedItem], reference: datetime.date | None) -> list[Anchored]:
    """The anchored value of each item, in the items' (reading) order."""
    out: list[Anchored] = []
    previous: Anchored | None = None
    previous_day: Anchored | None = None  # the last date that names a day, for 同日 after 同年5月
    previous_at: tuple[int, int] | None = None  # (para_idx, sent_idx) of the previous date
    previous_names_edition = False  # 同年 still refers to it, but it completes no month-day
    for item in items:
        spec = item.spec
        if spec.is_time and not spec.has_date and previous_day is not None:
            day = previous_day.last
            placed = anchor(replace(spec, year=day.year, month=day.month, day=day.day), reference)
            found = Anchored(placed.value, placed.precision, "previous_date", placed.last, placed.year, placed.month)
        else:
            prefer = _prefer_previous(item, previous, previous_at, reference) and not previous_names_edition
            found = anchor(spec, reference, previous, item.tense, prefer, previous_day)
        out.append(found)
        if found.value is not None and found.year is not None and not spec.counted:
            previous, previous_at, previous_names_edition = found, (item.para_idx, item.sent_idx), item.names_edition
            if found.last is not None and found.precision in ("day", "minute"):
                previous_day = found
    return out


def _prefer_previous(item: DatedItem, previous: Anchored | None, previous_at, reference) -> bool:
    """Whether a month-day or a day without a year is completed from the previous date: in the same
    sentence (1997年に就任し、11月9日に…); or in the same paragraph when that date names a month of
    a stated year other than the reference year (2005年10月… 12月初旬). A bare year in another
    sentence (…2000年…。3月に) is background, and the reference date completes the date. A month more
    than NARRATIVE_MONTHS after the previous date's month, or before it, is the article's own time."""
    if previous is None or previous.year is None:
        return False
    if item.spec.month is not None and previous.month is not None and not 0 <= item.spec.month - previous.month <= NARRATIVE_MONTHS \
            and reference is not None and previous.year != reference.year:
        return False  # 2007年6月に起きた事件で、…12月18日に判決: a month far from it is the article's own
    if previous_at == (item.para_idx, item.sent_idx):
        return True
    if reference is not None and previous.year == reference.year:
        return False
    return previous_at[0] == item.para_idx and previous.anchor == "absolute" and previous.month is not None
