"""Dates, times of day and centuries for the numeric-expression parser (pipeline/numbers.py).

Each function reads the width-folded sentence `s` at a number and returns the fields of one
expression (see numbers_numerals.fields) or None when the number is not a date there.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.analysis.numbers.lexicon import (
    ANNIVERSARY_RE,
    CLOCK_TAIL_RE,
    D_RE,
    DATE_PART_SUFFIX_RE,
    DAY_RANGE_TAIL_RE,
    DATE_PARTS,
    DAY_PART_AFTER_RE,
    DAY_PARTS,
    TWO_DIGIT_YEAR_NOUNS,
    ERA_YEARS,
    ERAS,
    MERIDIEM_RE,
    WEEKDAY_AFTER_RE,
    WEEKDAYS,
    YEAR_MONTH_SLASH_RE,
    HHMM_RE,
    LAW_NUMBER_RE,
    MD_RE,
    MONTH_RANGE_RE,
    SLASH_DATE_RE,
    YEAR_RANGE_BEFORE_RE,
    YEAR_RANGE_RE,
    YEAR_RANGE_SIDE_RE,
    YEAR_SUFFIX_RE,
    YEARS_AS_DURATION_RE,
    YMD_RE,
)
from pipeline.analysis.numbers.numerals import fields, is_arabic, is_kanji, relation_after, small_int
from pipeline.analysis.timeline.anchor import TimeSpec, absolute_value


def date_fields(start: int, end: int, spec: TimeSpec, surface: str | None = None, s: str | None = None, **rest) -> dict:
    """The fields of a date expression: its spec, and its ISO value when the spec needs no anchor
    (the document pass anchors the others). Dates carry no number in `value`."""
    fixed = absolute_value(spec)
    return fields(start, end, "date", None, None, None, None, surface, date=fixed.value if fixed else None,
                  spec=spec, relation=relation_after(s, end) if s is not None else None, **rest)


def with_part_and_weekday(s: str, end: int, spec: TimeSpec) -> tuple[int, TimeSpec, bool]:
    """A part (上旬, 末, 前半, 頃) and a weekday in brackets ((金)) after a date: the new end, the
    spec with them, and whether the date is approximate (頃)."""
    approx = False
    part = DATE_PART_SUFFIX_RE.match(s, end)
    if part:
        name = DATE_PARTS.get(part.group("p"))
        end = part.end()
        if name == "approx":
            approx = True
        elif name == "end":
            spec = TimeSpec(**{**spec.__dict__, "part": "late"}) if spec.month is not None or spec.unit == "month" else \
                TimeSpec(**{**spec.__dict__, "month": 12}) if spec.day is None else spec
        elif name is not None and spec.day is None:
            spec = TimeSpec(**{**spec.__dict__, "part": name})
    weekday = WEEKDAY_AFTER_RE.match(s, end)
    if weekday and spec.day is not None:
        spec = TimeSpec(**{**spec.__dict__, "weekday": WEEKDAYS[weekday.group("w") or weekday.group("v")]})
        end = weekday.end()
    day_part = DAY_PART_AFTER_RE.match(s, end)
    if day_part and (spec.day is not None or spec.unit == "day") and spec.hour is None:
        spec = TimeSpec(**{**spec.__dict__, "day_part": DAY_PARTS[day_part.group("p")]})
        end = day_part.end()
    return end, spec, approx


def clock_or_slash(s: str, cs: int, pstart: int, pre: dict) -> dict | None:
    if cs > 0 and (s[cs - 1].isdigit() or s[cs - 1] in "./:-"):
        return None
    m = HHMM_RE.match(s, cs)
    if m:
        hour, minute = int(m.group("h")), int(m.group("mi"))
        end = m.end()
        meridiem = MERIDIEM_RE.match(s, end)
        if meridiem and hour <= 12:
            hour = (hour % 12) + (12 if meridiem.group("m").lower().startswith("p") else 0)
            end = meridiem.end()
        if hour <= 24:
            hour = _day_part_hour(hour, pre.get("ampm"))
            start = pstart if "ampm" in pre else cs
            value = hour + minute / 60
            return fields(start, end, "time", value, value, value, spec=TimeSpec(hour=hour, minute=minute))
    m = SLASH_DATE_RE.match(s, cs)
    era = _era_before(s, cs)
    if not m:
        ym = YEAR_MONTH_SLASH_RE.match(s, cs)
        if ym and era is None:  # 2019/11: a month
            y, mo = int(ym.group("y")), int(ym.group("m"))
            if 1 <= mo <= 12:
                return date_fields(cs, ym.end(), TimeSpec(year=y, month=mo), s=s)
        return None
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    start = cs
    if era is not None:  # H20.5.3, 令和5/4/1
        name, start = era
        n = int(a)
        if ERA_YEARS.get(name) is not None and n > ERA_YEARS[name]:
            return None
        y, mo, d = ERAS[name] + n - 1, int(b), int(c)
    elif len(a) == 4:
        y, mo, d = int(a), int(b), int(c)
    elif len(c) == 4:
        y, first, second = int(c), int(a), int(b)
        if first > 12 and second <= 12:
            mo, d = second, first
        elif second > 12 and first <= 12:
            mo, d = first, second
        elif first == second and first <= 12:
            mo, d = first, second
        else:  # 01/02/2026: day-month or month-day cannot be told
            return fields(cs, m.end(), "date")
    else:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1000 <= y <= 2999):
        return None
    end, spec = m.end(), TimeSpec(year=y, month=mo, day=d)
    tail = DAY_RANGE_TAIL_RE.match(s, end)
    if tail and int(tail.group("d")) > d:  # 2019/3/5~8: one interval
        spec = TimeSpec(**{**spec.__dict__, "end": TimeSpec(day=int(tail.group("d")))})
        end = tail.end()
    end, spec, approx = with_part_and_weekday(s, end, spec)
    return date_fields(start, end, spec, s=s, approx=approx)


# Latin letters for eras in abbreviated dates (H20.5.3): Meiji, Taishō, Shōwa, Heisei, Reiwa.
_ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}


def era_letter_date(s: str, cs: int) -> bool:
    """H20.5.3, R5年4月1日: an era letter right before the digits of a date (not a label such as G7)."""
    return cs > 0 and s[cs - 1] in _ERA_LETTERS and _era_before(s, cs) is not None \
        and (SLASH_DATE_RE.match(s, cs) is not None or YMD_RE.match(s, cs) is not None)


def _era_before(s: str, cs: int) -> tuple[str, int] | None:
    """An era name or letter written right before the digits: (era, where it starts)."""
    if cs > 0 and s[cs - 1] in _ERA_LETTERS and not (cs > 1 and s[cs - 2].isascii() and s[cs - 2].isalnum()):
        return _ERA_LETTERS[s[cs - 1]], cs - 1
    for name in (s[max(0, cs - 4):cs], s[max(0, cs - 2):cs]):
        if name in ERAS:
            return name, cs - len(name)
    return None


def _day_part_hour(hour: int, part: str | None) -> int:
    """The hour on a 24-hour clock: 午後3時 15, 夜8時 20, 深夜1時 1, 深夜11時 23, 午前0時 0."""
    if part in ("午後", "夕方", "夜", "夜間") and hour < 12:
        return hour + 12
    if part == "深夜" and 6 <= hour < 12:
        return hour + 12
    return hour


def _year_of(digits: str, pre: dict) -> int | None:
    """The calendar year of an N of N年 when N names a year (2014, 令和7, 西暦二〇二六), else None."""
    n = 1 if digits == "元" else small_int(digits)
    if n is None:
        return None
    if "era" in pre:
        length = ERA_YEARS.get(pre["era"])
        if length is not None and n > length:
            return None  # 延長10年: no era had that year
        return ERAS[pre["era"]] + n - 1
    if "bc" in pre:
        return -n
    if "seireki" in pre or 1000 <= n <= 2999 and (len(digits) == 4 or not digits.isdigit()):
        return n
    return None


def year_range(s: str, cs: int, pstart: int, pre: dict) -> dict | None:
    m = YEAR_RANGE_RE.match(s, cs)
    if not m or (cs > 0 and s[cs - 1].isdigit()):
        return None
    y1, y2 = int(m.group("y1")), m.group("y2")
    y2 = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
    if not (y1 < y2 <= y1 + 300):
        return None
    fiscal = m.group("fy1") or m.group("fy2")
    surface = "年度" if fiscal else ("年" if "年" in m.group() else None)
    span = (f"{y1:04d}-04-01", f"{y2 + 1:04d}-03-31") if fiscal else (f"{y1:04d}", f"{y2:04d}")
    return date_fields(cs, m.end(), TimeSpec(span=span), surface, s=s)


def calendar_date(s: str, cs: int, pstart: int, pre: dict) -> dict | None:
    calendar = pre.keys() & {"era", "seireki", "bc"}
    start = pstart if calendar else cs
    if "reign" in pre:  # 推古天皇2年: a reign year, not placed on the calendar here
        m = YMD_RE.match(s, cs)
        if m and m.group("y") != "元" and small_int(m.group("y")):
            return _finish_date(s, cs, m, None, small_int(m.group("m")), small_int(m.group("d")))
    hedged = pre.keys() & {"approx", "future", "past", "ge", "le"}
    m = YMD_RE.match(s, cs)
    if m and not calendar and cs > 0 and s[cs - 1] in _ERA_LETTERS and _era_before(s, cs):  # R5年4月1日
        era, start = _era_before(s, cs)
        pre, calendar = {**pre, "era": era}, {"era"}
    if m:
        year = _year_of(m.group("y"), pre)
        two_digit = None
        if year is None and not hedged and not m.group("m"):
            year = _bare_year(s, cs, m)
            two_digit = _two_digit_year(s, cs, m) if year is None else None
        elif year is None and m.group("m"):  # 764年11月6日, 同41年2月15日: N年M月 is a date
            n = small_int(m.group("y"))
            if n is not None and 100 <= n <= 999:
                year = n
            elif n is not None and not calendar and m.group("y").isdigit() and len(m.group("y")) == 2 and (cs == 0 or s[cs - 1] != "同"):
                two_digit = n  # 07年6月: the year in the century of the article
            elif n is not None and not calendar:
                return _finish_date(s, start, m, None, small_int(m.group("m")), small_int(m.group("d")))
        elif year is not None and not calendar and not m.group("m") and _years_as_duration(s, m.end(), year, hedged):
            year = None  # 1000年以上, 約2000年前: a length of time
        if year is not None and not m.group("m"):
            months = MONTH_RANGE_RE.match(s, m.end())
            if months:
                found = _month_range(s, start, months, year)
                if found:
                    return found
        if year is not None or two_digit is not None:
            return _finish_date(s, start, m, year, small_int(m.group("m")), small_int(m.group("d")), two_digit=two_digit)
    if hedged:
        return None
    months = MONTH_RANGE_RE.match(s, cs)
    if months:
        return _month_range(s, cs, months, None)
    m = MD_RE.match(s, cs)
    if m:
        return _same_as_before(s, cs, _finish_date(s, cs, m, None, small_int(m.group("m")), small_int(m.group("d"))), "year")
    m = D_RE.match(s, cs)
    if m and (s[cs - 1:cs] == "泊" or s[max(0, cs - 2):cs] == "より"):
        return None  # 3泊5日: five days; 昨年より6日早く: six days earlier
    if m and not _duration_follows(s, m.end()) and not (is_kanji(s[m.end():m.end() + 1]) and not is_arabic(m.group("d"))):
        return _same_as_before(s, cs, _finish_date(s, cs, m, None, None, small_int(m.group("d"))), "month")
    return None


def _same_as_before(s: str, cs: int, found: dict | None, unit: str) -> dict | None:
    """同5日, 同11月: 同 before a day or a month is the month or year of the previous date."""
    if found is None or cs == 0 or s[cs - 1] != "同" or found.get("spec") is None:
        return found
    spec = replace(found["spec"], relative_to="previous", unit=unit, offset=0)
    return {**found, "start": cs - 1, "spec": spec, "date": None}


def _two_digit_year(s: str, cs: int, m) -> int | None:
    """A two-digit year (07年, 98年度) when the form says so: a leading zero or 年度."""
    digits = m.group("y")
    if not (digits.isdigit() and len(digits) == 2) or (cs > 0 and (s[cs - 1].isdigit() or s[cs - 1] in "同第約")):
        return None
    if digits.startswith("0") and not YEARS_AS_DURATION_RE.match(s, m.end()):
        return int(digits)
    if s.startswith("度", m.end()) or s.startswith(TWO_DIGIT_YEAR_NOUNS, m.end()):
        return int(digits)  # 98年度, 98年W杯, 08年夏
    return None


def _month_range(s: str, start: int, m, year: int | None) -> dict | None:
    """2024年4〜12月期, 1〜3月: a span of months."""
    m1, m2 = small_int(m.group("m1")), small_int(m.group("m2"))
    if m1 is None or m2 is None or not 1 <= m1 < m2 <= 12:
        return None
    surface = "月" + (m.group("q") or "")
    spec = TimeSpec(year=year, month=m1, end=TimeSpec(year=year, month=m2)) if year else TimeSpec(month=m1, end=TimeSpec(month=m2))
    return date_fields(start, m.end(), spec, surface, s=s)


def _years_as_duration(s: str, end: int, year: int, hedged) -> bool:
    if hedged:
        return True
    tail = YEARS_AS_DURATION_RE.match(s, end)
    if not tail:
        return False
    if tail.group().strip() in ("前", "後"):
        return year % 100 == 0  # 2000年前: two thousand years ago; 1945年後 is rare and a date
    return True


def _bare_year(s: str, cs: int, m) -> int | None:
    """A 3-digit N年 that reads as a year (686年, 794年): not round, no duration context, no event
    word before (建国250年). Round lengths (300年, 250年) stay durations."""
    n = small_int(m.group("y"))
    if n is None or not 100 <= n <= 999 or not m.group("y").isdigit():
        return None
    in_range = YEAR_RANGE_SIDE_RE.match(s, m.end()) or YEAR_RANGE_BEFORE_RE.search(s, max(0, cs - 6), cs)
    if n % 10 == 0 and not s.startswith(("頃", "ごろ"), m.end()) and not in_range:
        return None  # 300年 is a length of time; 750年 - 1517年 and 960年頃 are years
    if YEARS_AS_DURATION_RE.match(s, m.end()) or ANNIVERSARY_RE.search(s, max(0, cs - 8), cs):
        return None
    return n


def _duration_follows(s: str, end: int) -> bool:
    return s.startswith(("以内", "ぶり", "連続", "前", "後", "程度", "ほど", "近く", "以上", "以下", "未満",
                         "あたり", "当たり", "おき", "ごと", "分", "余り", "超", "足らず", "半", "間", "平均", "単位",
                         "早く", "遅く", "遅れ", "早い", "遅い", "早め", "遅め", "短縮"), end)


def _finish_date(s: str, start: int, m, year: int | None, month: int | None, day: int | None, two_digit: int | None = None) -> dict | None:
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None
    if m.groupdict().get("m") and month is None or m.groupdict().get("d") and day is None:
        return None
    end = m.end()
    surface = "年" if year is not None or two_digit is not None else None
    if year is not None and month is None:
        law = LAW_NUMBER_RE.match(s, end)
        if law and small_int(law.group("n")) is not None:
            n = float(small_int(law.group("n")))  # 平成5年法律第88号: a statute's number
            return fields(start, law.end(), "id", n, n, n, "number", "号", date=f"{year:04d}" if year > 0 else None)
    spec = TimeSpec(year=year, month=month, day=day, two_digit_year=two_digit)
    if year is not None or two_digit is not None:
        suffix = YEAR_SUFFIX_RE.match(s, end) if month is None else None
        if suffix:
            surface, end = "年" + suffix.group(), suffix.end()
            if suffix.group() == "代":
                if year is None:
                    return None
                decade = year - year % 10
                part = DATE_PART_SUFFIX_RE.match(s, end)
                end = part.end() if part else end
                span = (f"{decade:04d}", f"{decade + 9:04d}") if year > 0 else None
                return date_fields(start, end, TimeSpec(span=span) if span else TimeSpec(), surface, s=s)
            if suffix.group() == "度":
                spec = TimeSpec(**{**spec.__dict__, "fiscal": True})
        if year is not None and year <= 0 and spec.span is None:
            spec = TimeSpec()  # 紀元前: before the ISO calendar we write
    if month is not None and s.startswith("期", end) and year is not None and day is None:
        spec = TimeSpec(**{**spec.__dict__, "fiscal_end": True})  # 2024年3月期: the year to March 2024
        end += 1
    end, spec, approx = with_part_and_weekday(s, end, spec)
    return date_fields(start, end, spec, surface, s=s, approx=approx)


def century(s: str, start: int, end: int, low: float, high: float, surface: str) -> dict:
    """12世紀 is the years 1101-1200; 15世紀末, 6世紀-7世紀 likewise."""
    first, last = int(low - 1) * 100 + 1, int(high) * 100
    part = DATE_PART_SUFFIX_RE.match(s, end)
    end = part.end() if part else end
    return date_fields(start, end, TimeSpec(span=(f"{first:04d}", f"{last:04d}")), surface, s=s)


def clock(s: str, start: int, end: int, hour: float | None, pre: dict) -> dict | None:
    if hour is None:
        return None
    hour = _day_part_hour(int(hour), pre.get("ampm")) + (hour - int(hour))
    minute = 0
    tail = CLOCK_TAIL_RE.match(s, end)
    if tail:
        minute = 30 if tail.group("half") else small_int(tail.group("mi"))
        if minute is not None and minute < 60:
            hour, end = hour + minute / 60, tail.end()
        else:
            minute = 0
    return fields(start, end, "time", hour, hour, hour, spec=TimeSpec(hour=int(hour), minute=minute))
