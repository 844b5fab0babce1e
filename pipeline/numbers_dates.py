"""Dates, times of day and centuries for the numeric-expression parser (pipeline/numbers.py).

Each function reads the width-folded sentence `s` at a number and returns the fields of one
expression (see numbers_numerals.fields) or None when the number is not a date there.
"""

from __future__ import annotations

from .numbers_lexicon import (
    ANNIVERSARY_RE,
    CLOCK_TAIL_RE,
    DATE_PART_SUFFIX_RE,
    D_RE,
    ERAS,
    HHMM_RE,
    LAW_NUMBER_RE,
    MD_RE,
    MONTH_RANGE_RE,
    SLASH_DATE_RE,
    YEARS_AS_DURATION_RE,
    YEAR_RANGE_BEFORE_RE,
    YEAR_RANGE_RE,
    YEAR_RANGE_SIDE_RE,
    YEAR_SUFFIX_RE,
    YMD_RE,
)
from .numbers_numerals import fields, is_arabic, is_kanji, relation_after, small_int


def clock_or_slash(s: str, cs: int, pstart: int, pre: dict) -> dict | None:
    if cs > 0 and (s[cs - 1].isdigit() or s[cs - 1] in "./:-"):
        return None
    m = HHMM_RE.match(s, cs)
    if m:
        hour, minute = int(m.group("h")), int(m.group("mi"))
        if hour <= 24:
            hour += 12 if pre.get("ampm") == "午後" and hour < 12 else 0
            start = pstart if "ampm" in pre else cs
            value = hour + minute / 60
            return fields(start, m.end(), "time", value, value, value)
    m = SLASH_DATE_RE.match(s, cs)
    if not m:
        return None
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    if len(a) == 4:
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
    value = float(y * 10000 + mo * 100 + d)
    return fields(cs, m.end(), "date", value, value, value, None, None,
                   date=f"{y:04d}-{mo:02d}-{d:02d}", relation=relation_after(s, m.end()))


def _year_of(digits: str, pre: dict) -> int | None:
    """The calendar year of an N of N年 when N names a year (2014, 令和7, 西暦二〇二六), else None."""
    n = 1 if digits == "元" else small_int(digits)
    if n is None:
        return None
    if "era" in pre:
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
    return fields(cs, m.end(), "date", None, float(y1 * 10000), float(y2 * 10000), None, surface,
                   date=f"{y1:04d}/{y2:04d}", relation=relation_after(s, m.end()))


def calendar_date(s: str, cs: int, pstart: int, pre: dict) -> dict | None:
    calendar = pre.keys() & {"era", "seireki", "bc"}
    start = pstart if calendar else cs
    if "reign" in pre:  # 推古天皇2年: a reign year, not placed on the calendar here
        m = YMD_RE.match(s, cs)
        if m and m.group("y") != "元" and small_int(m.group("y")):
            return _finish_date(s, cs, m, None, small_int(m.group("m")), small_int(m.group("d")))
    hedged = pre.keys() & {"approx", "future", "past", "ge", "le"}
    m = YMD_RE.match(s, cs)
    if m:
        year = _year_of(m.group("y"), pre)
        if year is None and not hedged and not m.group("m"):
            year = _bare_year(s, cs, m)
        elif year is None and m.group("m"):  # 764年11月6日, 同41年2月15日: N年M月 is a date
            n = small_int(m.group("y"))
            if n is not None and 100 <= n <= 999:
                year = n
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
        if year is not None:
            return _finish_date(s, start, m, year, small_int(m.group("m")), small_int(m.group("d")))
    if hedged:
        return None
    months = MONTH_RANGE_RE.match(s, cs)
    if months:
        return _month_range(s, cs, months, None)
    m = MD_RE.match(s, cs)
    if m:
        return _finish_date(s, cs, m, None, small_int(m.group("m")), small_int(m.group("d")))
    m = D_RE.match(s, cs)
    if m and not _duration_follows(s, m.end()) and not (is_kanji(s[m.end():m.end() + 1]) and not is_arabic(m.group("d"))):
        return _finish_date(s, cs, m, None, None, small_int(m.group("d")))
    return None


def _month_range(s: str, start: int, m, year: int | None) -> dict | None:
    """2024年4〜12月期, 1〜3月: a span of months."""
    m1, m2 = small_int(m.group("m1")), small_int(m.group("m2"))
    if m1 is None or m2 is None or not 1 <= m1 < m2 <= 12:
        return None
    y = year or 0
    iso = f"{year:04d}-{m1:02d}/{year:04d}-{m2:02d}" if year and year > 0 else None
    surface = "月" + (m.group("q") or "")
    return fields(start, m.end(), "date", None, float(y * 10000 + m1 * 100), float(y * 10000 + m2 * 100), None,
                   surface, date=iso, relation=relation_after(s, m.end()))


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
                         "あたり", "当たり", "おき", "ごと", "分", "余り", "超", "足らず", "半", "間", "平均", "単位"), end)


def _finish_date(s: str, start: int, m, year: int | None, month: int | None, day: int | None) -> dict | None:
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None
    if m.groupdict().get("m") and month is None or m.groupdict().get("d") and day is None:
        return None
    end = m.end()
    surface = "年" if year is not None else None
    iso = None
    if year is not None and month is None:
        law = LAW_NUMBER_RE.match(s, end)
        if law and small_int(law.group("n")) is not None:
            n = float(small_int(law.group("n")))  # 平成5年法律第88号: a statute's number
            return fields(start, law.end(), "id", n, n, n, "number", "号", date=f"{year:04d}" if year > 0 else None)
    if year is not None:
        suffix = YEAR_SUFFIX_RE.match(s, end) if month is None else None
        if suffix:
            surface, end = "年" + suffix.group(), suffix.end()
            if suffix.group() == "代":
                decade = year - year % 10
                part = DATE_PART_SUFFIX_RE.match(s, end)
                end = part.end() if part else end
                return fields(start, end, "date", None, float(decade * 10000), float((decade + 9) * 10000), None,
                               surface, date=f"{decade:04d}/{decade + 9:04d}" if year > 0 else None,
                               relation=relation_after(s, end))
        if year > 0:
            iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")
    value = float((year or 0) * 10000 + (month or 0) * 100 + (day or 0)) if year or month or day else None
    approx = False
    part = DATE_PART_SUFFIX_RE.match(s, end)
    if part:
        end, approx = part.end(), part.group("p") in ("頃", "ごろ")
    return fields(start, end, "date", value, value, value, None, surface, approx=approx, date=iso,
                   relation=relation_after(s, end))


def century(s: str, start: int, end: int, low: float, high: float, surface: str) -> dict:
    """12世紀 is the years 1101-1200; 15世紀末, 6世紀-7世紀 likewise."""
    first, last = int(low - 1) * 100 + 1, int(high) * 100
    part = DATE_PART_SUFFIX_RE.match(s, end)
    end = part.end() if part else end
    return fields(start, end, "date", None, float(first * 10000), float(last * 10000), None, surface,
                   date=f"{first:04d}/{last:04d}", relation=relation_after(s, end))


def clock(s: str, start: int, end: int, hour: float | None, pre: dict) -> dict | None:
    if hour is None:
        return None
    if pre.get("ampm") == "午後" and hour < 12:
        hour += 12
    tail = CLOCK_TAIL_RE.match(s, end)
    if tail:
        minute = 30 if tail.group("half") else small_int(tail.group("mi"))
        if minute is not None and minute < 60:
            hour, end = hour + minute / 60, tail.end()
    return fields(start, end, "time", hour, hour, hour)
