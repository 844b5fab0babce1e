"""Anchoring date and time expressions: what the text states (`TimeSpec`) -> ISO 8601.

The numeric parser says what an expression states and nothing more: 2008年5月3日 is a year, a
month and a day; 5月7日 a month and a day; 昨年5月 the reference year minus one, month 5;
同日 the previous date of the text; 金曜日 a weekday. `anchor` places it, given the document's
reference date (when it was written), the last date the text gave before it, and the tense of
the clause. The conventions follow TimeML's TIMEX3 values where they can:

- value: `2008`, `2008-05`, `2008-05-03`, `2008-05-03T16:20`, or an interval `START/END`
  (`2025-04-01/2026-03-31` for 2025年度, `2008-05-01/2008-05-10` for 5月上旬, a week as
  Monday/Sunday). TIMEX3 writes weeks as `2008-W19` and seasons as `2008-SP`; we give both
  as plain date intervals so that every value sorts and compares as dates.
- precision: year, month, day, minute, or interval.
- anchor: absolute (the text says it all), reference_date (completed or shifted from the
  document's date), previous_date (from the last date before it in the text), or None when the
  value could not be placed; then the value keeps what is known: `--05-07`, `---09`, `T16:20`.

Past or future: a month and day without a year (2月12日) takes the reference year, unless that
puts it after the reference date while its clause is in the past tense (…した), or before the
reference date while the clause speaks of the future (…する予定), by more than a week: then the
year before or after.
A bare day (9日) likewise takes the reference month or the month before or after; when the text
gives a weekday with it (16日(金)), the month whose 16th is a Friday within a month either side
wins. A weekday alone (金曜日) is the nearest one before the reference date, or after it for a
future clause.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, replace

UNITS = ("year", "month", "week", "day")
# A date a few days past the reference date in a past-tense clause is still this year's: sources
# are often dated the day before an article about the event, or in another time zone.
SAME_SIDE_MARGIN = datetime.timedelta(days=7)
BARE_DAY_MARGIN = 1  # a bare day (25日) a day or more past the reference day, in the past tense, is last month's
PRECISIONS = ("year", "month", "day", "minute", "interval")


@dataclass(frozen=True)
class TimeSpec:
    """What a date or time expression states, before it is anchored.

    relative_to: "reference" (昨年, 今月, 3日前) or "previous" (同日, 翌年, 同年11月): the date that
    `unit` is shifted from by `offset`; the fields below the unit then refine it (昨年5月).
    part: a named part of the resolved unit (early/mid/late for 上旬/中旬/下旬 and 初め/半ば/末,
    first_half/second_half, spring/summer/autumn/winter, weekend, q1..q4), see PARTS.
    fiscal: a Japanese fiscal year (April to March) of `year`; fiscal_end: a period that ends
    with `month` of `year` (2024年3月期: the fiscal year to March 2024).
    span: an explicit interval (centuries, decades, historical periods) as (first, last) ISO dates.
    end: the other end of a range (2019/3/5~8: the end is day 8 of the same month).
    """

    year: int | None = None
    two_digit_year: int | None = None  # 07年: the year ending in 07 nearest the reference date
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    relative_to: str | None = None
    unit: str | None = None
    offset: int = 0
    weekday: int | None = None  # 0 = Monday
    part: str | None = None
    day_part: str | None = None  # TimeML's part of a day with no clock time: TMO, TMI, TAF, TEV, TNI (30日夜)
    counted: bool = False  # counted from another date by a length (3日後, 5年前): an aside, not where the text now stands
    fiscal: bool = False
    fiscal_end: bool = False
    span: tuple[str, str] | None = None
    end: "TimeSpec | None" = None

    @property
    def has_date(self) -> bool:
        return any(v is not None for v in (self.year, self.month, self.day, self.relative_to, self.weekday, self.span)) or self.part is not None

    @property
    def is_time(self) -> bool:
        return self.hour is not None


@dataclass(frozen=True)
class Anchored:
    value: str | None
    precision: str | None
    anchor: str | None  # absolute | reference_date | previous_date | None
    last: datetime.date | None = None  # the day this value stands for, for the next 同日 (its first day)
    year: int | None = None  # the year it stands in, for the next 同年 when it has no day
    month: int | None = None


# Parts of a month and of a year as (first, last) day or month numbers.
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
YEAR_PARTS = {
    "early": (1, 3), "mid": (4, 9), "late": (10, 12), "first_half": (1, 6), "second_half": (7, 12),
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 14),  # winter runs into the next year
    "q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12),
}
# Parts of a Japanese fiscal year (April to March), as months counted from April.
FISCAL_PARTS = {"first_half": (4, 9), "second_half": (10, 15), "q1": (4, 6), "q2": (7, 9), "q3": (10, 12), "q4": (13, 15)}


def is_absolute(spec: TimeSpec) -> bool:
    """The spec states its year (or its interval): it needs no anchor."""
    if spec.relative_to is not None or spec.weekday is not None and spec.day is None:
        return False
    return spec.span is not None or spec.year is not None


def absolute_value(spec: TimeSpec) -> Anchored | None:
    """The value of a spec that needs no anchor, else None."""
    return anchor(spec, None) if is_absolute(spec) else None


def anchor(spec: TimeSpec, reference: datetime.date | None, previous: Anchored | None = None,
           tense: str | None = None, prefer_previous: bool = False, previous_day: Anchored | None = None) -> Anchored:
    """The ISO value of `spec` (see the module docstring for the rules)."""
    if spec.span is not None:
        return Anchored(f"{spec.span[0]}/{spec.span[1]}", "interval", "absolute")
    if is_absolute(spec):
        return _with_end(spec, _finish(spec, spec.year, spec.month, spec.day, "absolute"), reference, previous, tense)
    if spec.two_digit_year is not None and spec.year is None:
        year, source = _century_of(spec.two_digit_year, reference)
        return _with_end(spec, _finish(replace(spec, year=year), year, spec.month, spec.day, source), reference, previous, tense)
    if spec.relative_to is not None:
        found = _relative(spec, reference, previous_day if spec.unit in ("day", "week") and previous_day is not None else previous)
    elif spec.weekday is not None and spec.day is None and spec.month is None:
        found = _weekday(spec, reference, tense)
    elif spec.month is not None or spec.day is not None or spec.part is not None:
        found = _completed(spec, reference, previous, tense, prefer_previous)
    elif spec.is_time:
        found = _unplaced(spec)
    else:
        found = Anchored(None, None, None)
    return _with_end(spec, found, reference, previous, tense)


def _century_of(two_digits: int, reference: datetime.date | None) -> tuple[int, str]:
    """07 -> 2007 and 98 -> 1998 for an article of 2008: the year ending in those digits nearest the
    reference year, at most 10 years ahead of it. Without a reference, 00-49 are 20xx."""
    if reference is None:
        return (2000 if two_digits < 50 else 1900) + two_digits, "absolute"
    candidates = [c * 100 + two_digits for c in range(reference.year // 100 - 1, reference.year // 100 + 2)]
    fitting = [y for y in candidates if y <= reference.year + 10]
    return min(fitting, key=lambda y: abs(y - reference.year)), "reference_date"


def _with_end(spec: TimeSpec, start: Anchored, reference, previous, tense) -> Anchored:
    """A range: the end completed from the start (2019/3/5~8, 5月10日から15日)."""
    if spec.end is None or start.value is None or start.year is None:
        return start
    end_spec = spec.end
    if end_spec.year is None and end_spec.relative_to is None:
        end_spec = replace(end_spec, year=start.year, month=end_spec.month if end_spec.month is not None else (start.month if end_spec.day is not None else None))
    end = anchor(end_spec, reference, previous, tense)
    if end.value is None:
        return start
    first = start.value.split("/")[0]
    last = end.value.split("/")[-1]
    return Anchored(f"{first}/{last}", "interval", start.anchor, start.last, start.year, start.month)


def _relative(spec: TimeSpec, reference, previous: Anchored | None) -> Anchored:
    if spec.relative_to == "previous" and previous is not None and previous.year is not None:
        base_year, base_month, base_day = previous.year, previous.month, previous.last.day if previous.last and previous.month else None
        if spec.unit == "day" and previous.last is None:
            return _unplaced(spec)
        source = "previous_date"
        if spec.unit in ("day", "week") and previous.last is not None:
            base = previous.last
            base_year, base_month, base_day = base.year, base.month, base.day
    elif reference is not None:
        base_year, base_month, base_day = reference.year, reference.month, reference.day
        source = "reference_date"
    else:
        return _unplaced(spec)
    unit = spec.unit
    if unit == "year":
        year = base_year + spec.offset
        return _finish(spec, year, spec.month, spec.day if spec.month is not None else None, source)
    if unit == "month":
        if base_month is None:
            return _unplaced(spec)
        year, month = _add_months(base_year, base_month, spec.offset)
        return _finish(spec, year, month, spec.day, source)
    if base_month is None or base_day is None:
        return _unplaced(spec)
    base = datetime.date(base_year, base_month, base_day)
    if unit == "week":
        monday = base - datetime.timedelta(days=base.weekday()) + datetime.timedelta(weeks=spec.offset)
        if spec.part == "weekend":
            first, last = monday + datetime.timedelta(days=5), monday + datetime.timedelta(days=6)
        else:
            first, last = monday, monday + datetime.timedelta(days=6)
        return Anchored(f"{first.isoformat()}/{last.isoformat()}", "interval", source, first, first.year, first.month)
    day = base + datetime.timedelta(days=spec.offset)
    return _finish(replace(spec, part=spec.part), day.year, day.month, day.day, source)


def _weekday(spec: TimeSpec, reference, tense) -> Anchored:
    if reference is None:
        return _unplaced(spec)
    delta = (spec.weekday - reference.weekday()) % 7
    day = reference + datetime.timedelta(days=delta) if tense == "future" else reference - datetime.timedelta(days=(reference.weekday() - spec.weekday) % 7)
    return _finish(spec, day.year, day.month, day.day, "reference_date")


def _completed(spec: TimeSpec, reference, previous: Anchored | None, tense, prefer_previous: bool) -> Anchored:
    """A month and/or day without a year: the year (and month) from the previous date or the reference."""
    if prefer_previous and previous is not None and previous.year is not None and (spec.month is not None or previous.month is not None):
        month = spec.month if spec.month is not None else previous.month
        return _finish(spec, previous.year, month, spec.day, "previous_date")
    if reference is None:
        if previous is not None and previous.year is not None and (spec.month is not None or previous.month is not None):
            return _finish(spec, previous.year, spec.month if spec.month is not None else previous.month, spec.day, "previous_date")
        return _unplaced(spec)
    if spec.month is None and spec.day is None:  # a part alone: 上半期, 年末
        return _finish(spec, reference.year, None, None, "reference_date")
    if spec.month is None:
        candidates = [_add_months(reference.year, reference.month, k) for k in (-1, 0, 1)]
        year, month = reference.year, reference.month
        if spec.weekday is not None:
            fitting = [(y, m) for y, m in candidates if spec.day <= _days_in(y, m) and datetime.date(y, m, spec.day).weekday() == spec.weekday]
            if fitting:
                year, month = min(fitting, key=lambda ym: abs((datetime.date(ym[0], ym[1], spec.day) - reference).days))
                return _finish(spec, year, month, spec.day, "reference_date")
        if tense == "past" and spec.day > reference.day + BARE_DAY_MARGIN:
            year, month = candidates[0]
        elif tense == "future" and spec.day < reference.day - BARE_DAY_MARGIN:
            year, month = candidates[2]
        return _finish(spec, year, month, spec.day, "reference_date")
    year = reference.year
    day = spec.day or 1
    if spec.day is not None and spec.day > _days_in(year, spec.month):
        return _unplaced(spec)
    stated = datetime.date(year, spec.month, min(day, _days_in(year, spec.month)))
    if tense == "past" and stated > reference + SAME_SIDE_MARGIN:
        year -= 1
    elif tense == "future" and (stated < reference - SAME_SIDE_MARGIN if spec.day is not None else spec.month < reference.month):
        year += 1
    return _finish(spec, year, spec.month, spec.day, "reference_date")


def _unplaced(spec: TimeSpec) -> Anchored:
    """What is known of a spec that could not be anchored, in ISO's reduced forms."""
    if spec.month is not None and spec.day is not None:
        value, precision = f"--{spec.month:02d}-{spec.day:02d}", "day"
    elif spec.month is not None:
        value, precision = f"--{spec.month:02d}", "month"
    elif spec.day is not None:
        value, precision = f"---{spec.day:02d}", "day"
    else:
        value, precision = None, None
    if spec.is_time:
        clock = f"T{spec.hour:02d}:{spec.minute or 0:02d}"
        value, precision = (value or "") + clock, "minute"
    return Anchored(value, precision, None)


def _finish(spec: TimeSpec, year: int, month: int | None, day: int | None, source: str) -> Anchored:
    """The value of a placed year/month/day, with the spec's part, fiscal frame and clock applied."""
    if month is not None and not 1 <= month <= 12 or day is not None and (month is None or not 1 <= day <= _days_in(year, month)):
        return _unplaced(spec)
    if spec.fiscal:
        if spec.part in FISCAL_PARTS:
            first, last = FISCAL_PARTS[spec.part]
            return _month_interval(year, first, last, source)
        return Anchored(f"{year:04d}-04-01/{year + 1:04d}-03-31", "interval", source, datetime.date(year, 4, 1), year, None)
    if spec.fiscal_end and month is not None:
        start_year, start_month = _add_months(year, month, -11)
        return _month_interval(start_year, start_month, start_month + 11, source)
    if spec.part is not None and spec.part != "weekend":
        if month is not None and day is None and spec.part in MONTH_PARTS:
            first, last = MONTH_PARTS[spec.part]
            last = min(last, _days_in(year, month))
            begin = datetime.date(year, month, first)
            return Anchored(f"{begin.isoformat()}/{datetime.date(year, month, last).isoformat()}", "interval", source, begin, year, month)
        if month is None and spec.part in YEAR_PARTS:
            first, last = YEAR_PARTS[spec.part]
            return _month_interval(year, first, last, source)
    if spec.is_time and day is not None:
        clock = datetime.datetime(year, month, day) + datetime.timedelta(hours=spec.hour, minutes=spec.minute or 0)
        return Anchored(clock.strftime("%Y-%m-%dT%H:%M"), "minute", source, datetime.date(year, month, day), year, month)
    if day is not None:
        date = datetime.date(year, month, day)
        return Anchored(date.isoformat() + (spec.day_part or ""), "day", source, date, year, month)
    if month is not None:
        return Anchored(f"{year:04d}-{month:02d}", "month", source, None, year, month)
    return Anchored(f"{year:04d}", "year", source, None, year, None)


def _month_interval(year: int, first_month: int, last_month: int, source: str) -> Anchored:
    """Months first..last of `year`, where months past 12 run into the next years."""
    y1, m1 = _add_months(year, 1, first_month - 1)
    y2, m2 = _add_months(year, 1, last_month - 1)
    begin = datetime.date(y1, m1, 1)
    return Anchored(f"{begin.isoformat()}/{datetime.date(y2, m2, _days_in(y2, m2)).isoformat()}", "interval", source, begin, y1, m1)


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + k
    return index // 12, index % 12 + 1


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
