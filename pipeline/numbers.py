"""Japanese numeric expressions: find every number-bearing expression in a sentence and normalise it.

`extract_numeric_expressions(text)` returns `NumericExpression`s sorted by start, never
overlapping, with offsets into the string given. It accepts normalised text and raw text alike
(full-width digits, ％, kanji numerals, U+3000 and spaces between a number and its counter).

Conventions (the claims table and the facts built on it rely on them):

- kind: quantity, percent, money, date, time, duration, age, ordinal, legal, label, id, multiple.
  List markers (`1.`, `(1)`, `①` at the start of a unit) are never returned.
- value / value_low / value_high: value is the point stated; low and high are inclusive bounds
  and equal value for a point. Hedges (約, ほぼ, 程度) set `approx` but do not widen the bounds.
  Bounds: 以上 ge, 超/を上回る gt, 以下/以内 le, 未満/を下回る lt (high = value, low None);
  近く/弱/足らず `under` and 強/余り `over` are approximate and one-sided (近く: high = value).
  Ranges (`2〜3割`, `10-20%`, `5人〜8人`, `1995〜2001年`) have value None and both bounds.
  `N台` (`50万人台`) is the decade of the last significant digit: low 500000, high 600000.
- Vague counts: 数 is 2..9 in its place (数年 2-9 years, 数百人 200-900, 数十 20-90, 十数 11-19),
  何十/何百 likewise; value None, vague True.
- Alternatives (`4％か5％`) are two expressions, each a point.
- Dates: kind date, unit None, `date` ISO 8601 ("2026-01-20", "2025-06", "2026"; a year range is
  the interval "1995/2001"; decades "1990/1999"). value encodes what is known as YYYYMMDD with 00
  for the unknown parts (2026年1月 -> 20260100, 1949年 -> 19490000); a month or day without a year
  keeps value (6月25日 -> 625, 20日 -> 20) but `date` None. Era years (令和7年 -> 2025), fiscal years
  (2025年度: unit_surface 年度) and editions (令和7年版) are dates. Ambiguous d/m vs m/d slashes
  (01/02/2026) give a date expression with date and value None. `relation`: by (までに),
  until (まで), since (以降/以来/から), before (以前), as_of (時点/現在), within (以内, 今後N年),
  past (過去N年), ago / later (N年前 / N年後).
- Years: a 4-digit year (1000-2999), an era or 西暦 year is a date; other N年 are durations,
  except after an event word (建国250年, 戦後80年: a quantity of years, not year 250) and
  N年目 (ordinal). 年間/か月/週間/日間/時間 are durations.
- time: time of day, value in hours since midnight (午後3時半 -> 15.5), unit None.
- Percent: %, パーセント, 割 (x10: 2〜3割 -> 20-30). `base` is what the percent or multiple is of:
  `X比` (GDP比, 対GDP比, 前年比) or `Xの` when X is a quantity noun (GDPの, 人口の).
- Money: unit is the ISO 4217 code (JPY, USD, EUR, GBP, CNY, KRW, ...), value in that currency
  with 万/億/兆 applied (8000億ユーロ -> 8.0e11 EUR). Ambiguous names keep a plain tag (PESO).
- Units: person, country, place, city, organisation, company, case, item, times, aircraft, ship,
  vehicle, machine, installation, round, seat, vote, household, paragraph, page, ...; measures
  as symbols (km, m, kg, t, L, ha, km2, GW, celsius; キロ -> kilo); speeds km/h; durations year,
  month, week, day, hour, minute, second, century; fraction (半数, 3分の1); times (倍, 回, 度).
- Ordinals: 第N (第2次 round, 第2期 term), N期目, N年目, N番目, N位 (rank). 第一に/第二に used to
  enumerate arguments are discourse markers and not returned.
- legal: 条 article, 項 paragraph, 章 chapter, 節 section (第5条, 憲法9条, Article 51).
  id: numbered decrees and the like (大統領令15024号). label: names that contain digits
  (G7, F-35, COVID-19, 5G, NSS2025, トランプ2.0, Readiness 2030, 態勢2030, 9.11テロ); value None.
- Kanji numerals count only with a counter or a multiplier (七万六千, 三つ, 二期目, 一国への);
  words such as 一部, 一方, 一時的, 統一, 十分, 二者択一, 二国間 are not numbers. 一度 is the
  count "once" only before のみ/だけ/きり/しか (一度に, 一度は are adverbs).
- Words that carry a number: 半数/過半数 (fraction 0.5; 過半数 gt), 半年, 半世紀, 倍増 (multiple 2),
  半減 (multiple 0.5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .numbers_lexicon import (
    AGO_LATER_RE,
    ANNIVERSARY_RE,
    ANY_NUMBER_RE,
    BASE_BEFORE_RE,
    BASE_OF_NOUNS,
    CLOCK_TAIL_RE,
    CORE_RE,
    COUNTERS,
    COUNTER_RE,
    CURRENCY_PREFIX,
    DATE_PART_SUFFIX_RE,
    D_RE,
    ENGLISH_MONTHS,
    ERAS,
    EVENT_AFTER_RE,
    HHMM_RE,
    KANJI_BIG,
    KANJI_DIGITS,
    KANJI_IDIOM_RE,
    KANJI_SMALL,
    KATAKANA_RUN_BEFORE_RE,
    LATIN_TOKEN_AFTER_RE,
    LATIN_TOKEN_BEFORE_RE,
    LATIN_WORD_BEFORE_RE,
    LIST_MARKER_RE,
    LAW_NUMBER_RE,
    PER_TIME_RE,
    SPEED_AHEAD_RE,
    YEARS_AS_DURATION_RE,
    MASTER_RE,
    ENGLISH_SCALE,
    ENGLISH_SCALE_RE,
    SPECIAL_NOT_BEFORE,
    YEAR_RANGE_BEFORE_RE,
    YEAR_RANGE_SIDE_RE,
    BRANCH_RE,
    CODE_RE,
    URL_RE,
    MONTH_RANGE_RE,
    MD_RE,
    PREFIX_RE,
    PREFIX_SPAN_GROUPS,
    RANGE_SEP_RE,
    RELATION,
    RELATION_RE,
    SLASH_DATE_RE,
    SPECIAL_WORDS,
    SUFFIX_BOUND,
    SUFFIX_RE,
    THRESHOLD_BOUND,
    THRESHOLD_RE,
    WIDTH_FOLD,
    YEAR_RANGE_RE,
    YEAR_SUFFIX_RE,
    YEAR_AFTER_DOT_RE,
    YMD_RE,
)


@dataclass(frozen=True)
class NumericExpression:
    start: int
    end: int
    text: str
    kind: str
    value: float | None
    value_low: float | None
    value_high: float | None
    unit: str | None
    unit_surface: str | None
    approx: bool = False
    vague: bool = False
    bound: str | None = None
    date: str | None = None
    base: str | None = None
    relation: str | None = None


def extract_numeric_expressions(text: str) -> list[NumericExpression]:
    """Every number-bearing expression of `text`, sorted by start and non-overlapping."""
    if not isinstance(text, str) or not text:
        return []
    s = text.translate(WIDTH_FOLD)
    if not ANY_NUMBER_RE.search(s):
        return []
    marker = LIST_MARKER_RE.match(s)
    floor = marker.end() if marker else 0
    urls = [u.span() for u in URL_RE.finditer(s)] if ("://" in s or "www." in s) else []
    found: list[NumericExpression] = []
    for m in MASTER_RE.finditer(s, floor):
        if m.start() < floor or any(a <= m.start() < b for a, b in urls):
            continue
        fields = _analyse(s, m, floor)
        if fields is None:
            continue
        start, end = max(fields.pop("start"), floor), fields.pop("end")
        if end <= start or not _finite(fields):
            continue
        found.append(NumericExpression(start=start, end=end, text=text[start:end], **fields))
        floor = end
    return found


# ---------------------------------------------------------------- numerals


def parse_numeral(core: str) -> tuple[float | None, float, float, bool]:
    """(value, low, high, vague) of a numeral such as 7万6千, 1.2兆, 二十, 数百, 十数."""
    if "数" in core or "何" in core:
        low = _numeral_value(core, 1.0 if "十数" in core else 2.0)
        return None, low, _numeral_value(core, 9.0), True
    value = _numeral_value(core, 0.0)
    return value, value, value, False


def _numeral_value(core: str, vague_digit: float) -> float:
    total, chunk = 0.0, ""
    for ch in core:
        if ch in KANJI_BIG:
            total += (_chunk_value(chunk, vague_digit) if chunk else 1.0) * KANJI_BIG[ch]
            chunk = ""
        else:
            chunk += ch
    return total + (_chunk_value(chunk, vague_digit) if chunk else 0.0)


def _chunk_value(chunk: str, vague_digit: float) -> float:
    if chunk[0].isascii() and chunk[0].isdigit():
        multiplier = 1.0
        if chunk[-1] in KANJI_SMALL:
            multiplier, chunk = float(KANJI_SMALL[chunk[-1]]), chunk[:-1]
        return float(chunk.replace(",", "")) * multiplier
    if len(chunk) > 1 and all(ch in KANJI_DIGITS for ch in chunk):  # 二〇二六: positional
        value = 0.0
        for ch in chunk:
            value = value * 10 + KANJI_DIGITS[ch]
        return value
    total, current = 0.0, None
    for ch in chunk:
        if ch in KANJI_DIGITS:
            current = (current or 0.0) * 10 + KANJI_DIGITS[ch]
        elif ch in ("数", "何"):
            current = vague_digit
        else:
            total += (1.0 if current is None else current) * KANJI_SMALL[ch]
            current = None
    return total + (current or 0.0)


def _small_int(digits: str | None) -> int | None:
    if not digits or len(digits) > 6:
        return None
    if digits.isascii() and digits.isdigit():
        return int(digits)
    if all(ch in KANJI_DIGITS or ch in KANJI_SMALL for ch in digits):
        return int(_chunk_value(digits, 0.0))
    return None


def _finite(fields: dict) -> bool:
    return all(fields[k] is None or math.isfinite(fields[k]) for k in ("value", "value_low", "value_high"))


def _is_arabic(core: str) -> bool:
    return any(ch.isascii() and ch.isdigit() for ch in core)


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "々"


# ---------------------------------------------------------------- context


def _prefixes(s: str, cs: int, floor: int) -> tuple[int, dict[str, str]]:
    """Prefix words standing right before the number (約, 第, 今後, 令和, $...), innermost first."""
    found: dict[str, str] = {}
    start = cs
    for _ in range(3):
        m = PREFIX_RE.search(s, max(floor, start - 14), start)
        if not m or m.lastgroup in found:
            break
        found[m.lastgroup] = m.group(m.lastgroup)
        if m.lastgroup in PREFIX_SPAN_GROUPS:
            start = m.start()
        else:
            break
    return start, found


def _base(s: str, start: int, floor: int) -> str | None:
    m = BASE_BEFORE_RE.search(s, max(0, start - 16), start)  # may reach into the previous expression: 2013年比
    if not m:
        return None
    base = m.group("b")
    if m.group("link") == "の" and base not in BASE_OF_NOUNS and not (base.isascii() and base.isupper()):
        return None
    if base[0].isdigit() and not m.group("link").startswith("比"):
        return None
    if m.start("b") > 0 and s[m.start("b") - 1].isdigit():
        return None
    return base


def _fields(start: int, end: int, kind: str, value=None, low=None, high=None, unit=None, surface=None, **rest) -> dict:
    return dict(start=start, end=end, kind=kind, value=value, value_low=low, value_high=high, unit=unit,
                unit_surface=surface, approx=rest.get("approx", False), vague=rest.get("vague", False),
                bound=rest.get("bound"), date=rest.get("date"), base=rest.get("base"), relation=rest.get("relation"))


def _relation(s: str, end: int) -> str | None:
    m = RELATION_RE.match(s, end)
    return RELATION[m.group("r")] if m else None


# ---------------------------------------------------------------- analysis of one number


def _analyse(s: str, m, floor: int) -> dict | None:
    cs, ce = m.span()
    if m.lastgroup == "special":
        return _special(s, cs, ce, floor)
    pstart, pre = _prefixes(s, cs, floor)
    if m.lastgroup == "gannen":
        return _date(s, cs, pstart, pre) if "era" in pre else None
    core = m.group()
    arabic = _is_arabic(core)
    prev = s[cs - 1] if cs > 0 else ""
    if arabic and prev == "〜" and (cs < 2 or not s[cs - 2].isdigit()):
        pre, pstart = {**pre, "le": "〜"}, min(pstart, cs - 1)  # 〜8人: up to 8
    if arabic and prev == "-" and (cs < 2 or not (s[cs - 2].isalnum() or s[cs - 2] in ")-")):
        pre, pstart = {**pre, "minus": "-"}, min(pstart, cs - 1)  # -3.5%

    if not arabic:
        if KANJI_IDIOM_RE.match(s, cs) or KANJI_IDIOM_RE.match(s, max(cs - 1, 0)) and prev == "第":
            return None
        guarded = pre or ANNIVERSARY_RE.search(s, max(floor, cs - 8), cs)
        if _is_kanji(prev) and prev not in "計全毎各僅実" and not guarded:
            return None
    else:
        if prev == "(" and s[ce:ce + 1] == ")" and len(core) <= 2:
            return None  # (1): a list marker
        label = _latin_label(s, cs, ce, floor)
        if label is not None:
            return label

    for attempt in (_clock_or_slash, _year_range, _code, _date):
        found = attempt(s, cs, pstart, pre)
        if found is not None:
            return found
    return _quantity(s, cs, ce, core, arabic, pstart, pre, floor)


def _code(s: str, cs: int, pstart: int, pre: dict) -> dict | None:
    """Digits joined by hyphens with no counter after: phone numbers, postcodes, addresses (ids),
    and scores such as 3-1 (labels). None of them is a quantity."""
    m = CODE_RE.match(s, cs)
    if not m or (cs > 0 and (s[cs - 1].isdigit() or s[cs - 1] == "-")) or COUNTER_RE.match(s, m.end()):
        return None
    groups = m.group().split("-")
    if len(groups) == 2 and all(len(g) <= 2 and not g.startswith("0") for g in groups) and (cs == 0 or s[cs - 1] != "〒"):
        return _fields(cs, m.end(), "label")
    return _fields(cs, m.end(), "id")


def _special(s: str, cs: int, ce: int, floor: int) -> dict | None:
    word = s[cs:ce]
    if word.startswith("半") and cs > 0 and s[cs - 1] in "前後大上下折夜":
        return None
    if word in SPECIAL_NOT_BEFORE and s[ce:ce + 1] in SPECIAL_NOT_BEFORE[word]:
        return None
    kind, value, unit, bound = SPECIAL_WORDS[word]
    pstart, pre = _prefixes(s, cs, floor)
    start = pstart if "approx" in pre else cs
    low, high = value, (None if bound == "gt" else value)
    return _fields(start, ce, kind, value, low, high, unit, word, approx="approx" in pre, bound=bound)


def _latin_label(s: str, cs: int, ce: int, floor: int) -> dict | None:
    """Names with digits: G7, F-35, COVID-19, NSS2025, 5G, Readiness 2030, トランプ2.0, 9.11テロ."""
    before = LATIN_TOKEN_BEFORE_RE.search(s, max(floor, cs - 24), cs)
    after_letter = s[ce:ce + 1].isascii() and s[ce:ce + 1].isalpha()
    if after_letter and COUNTER_RE.match(s, ce):
        after_letter = False
    if before is None and not after_letter:
        return None
    if before is not None and before.group() == "M" and "." in s[cs:ce] and not after_letter:
        value = float(s[cs:ce].replace(",", ""))  # M7.1: an earthquake's magnitude
        return _fields(before.start(), ce, "quantity", value, value, value, "magnitude", "M")
    start = before.start() if before else cs
    end = LATIN_TOKEN_AFTER_RE.match(s, ce).end()
    return _fields(start, end, "label")


def _clock_or_slash(s: str, cs: int, pstart: int, pre: dict) -> dict | None:
    if cs > 0 and (s[cs - 1].isdigit() or s[cs - 1] in "./:-"):
        return None
    m = HHMM_RE.match(s, cs)
    if m:
        hour, minute = int(m.group("h")), int(m.group("mi"))
        if hour <= 24:
            hour += 12 if pre.get("ampm") == "午後" and hour < 12 else 0
            start = pstart if "ampm" in pre else cs
            value = hour + minute / 60
            return _fields(start, m.end(), "time", value, value, value)
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
            return _fields(cs, m.end(), "date")
    else:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1000 <= y <= 2999):
        return None
    value = float(y * 10000 + mo * 100 + d)
    return _fields(cs, m.end(), "date", value, value, value, None, None,
                   date=f"{y:04d}-{mo:02d}-{d:02d}", relation=_relation(s, m.end()))


def _year_of(digits: str, pre: dict) -> int | None:
    """The calendar year of an N of N年 when N names a year (2014, 令和7, 西暦二〇二六), else None."""
    n = 1 if digits == "元" else _small_int(digits)
    if n is None:
        return None
    if "era" in pre:
        return ERAS[pre["era"]] + n - 1
    if "bc" in pre:
        return -n
    if "seireki" in pre or 1000 <= n <= 2999 and (len(digits) == 4 or not digits.isdigit()):
        return n
    return None


def _year_range(s: str, cs: int, pstart: int, pre: dict) -> dict | None:
    m = YEAR_RANGE_RE.match(s, cs)
    if not m or (cs > 0 and s[cs - 1].isdigit()):
        return None
    y1, y2 = int(m.group("y1")), m.group("y2")
    y2 = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
    if not (y1 < y2 <= y1 + 300):
        return None
    fiscal = m.group("fy1") or m.group("fy2")
    surface = "年度" if fiscal else ("年" if "年" in m.group() else None)
    return _fields(cs, m.end(), "date", None, float(y1 * 10000), float(y2 * 10000), None, surface,
                   date=f"{y1:04d}/{y2:04d}", relation=_relation(s, m.end()))


def _date(s: str, cs: int, pstart: int, pre: dict) -> dict | None:
    calendar = pre.keys() & {"era", "seireki", "bc"}
    start = pstart if calendar else cs
    if "reign" in pre:  # 推古天皇2年: a reign year, not placed on the calendar here
        m = YMD_RE.match(s, cs)
        if m and m.group("y") != "元" and _small_int(m.group("y")):
            return _finish_date(s, cs, m, None, _small_int(m.group("m")), _small_int(m.group("d")))
    hedged = pre.keys() & {"approx", "future", "past", "ge", "le"}
    m = YMD_RE.match(s, cs)
    if m:
        year = _year_of(m.group("y"), pre)
        if year is None and not hedged and not m.group("m"):
            year = _bare_year(s, cs, m)
        elif year is None and m.group("m"):  # 764年11月6日, 同41年2月15日: N年M月 is a date
            n = _small_int(m.group("y"))
            if n is not None and 100 <= n <= 999:
                year = n
            elif n is not None and not calendar:
                return _finish_date(s, start, m, None, _small_int(m.group("m")), _small_int(m.group("d")))
        elif year is not None and not calendar and not m.group("m") and _years_as_duration(s, m.end(), year, hedged):
            year = None  # 1000年以上, 約2000年前: a length of time
        if year is not None and not m.group("m"):
            months = MONTH_RANGE_RE.match(s, m.end())
            if months:
                found = _month_range(s, start, months, year)
                if found:
                    return found
        if year is not None:
            return _finish_date(s, start, m, year, _small_int(m.group("m")), _small_int(m.group("d")))
    if hedged:
        return None
    months = MONTH_RANGE_RE.match(s, cs)
    if months:
        return _month_range(s, cs, months, None)
    m = MD_RE.match(s, cs)
    if m:
        return _finish_date(s, cs, m, None, _small_int(m.group("m")), _small_int(m.group("d")))
    m = D_RE.match(s, cs)
    if m and not _duration_follows(s, m.end()) and not (_is_kanji(s[m.end():m.end() + 1]) and not _is_arabic(m.group("d"))):
        return _finish_date(s, cs, m, None, None, _small_int(m.group("d")))
    return None


def _month_range(s: str, start: int, m, year: int | None) -> dict | None:
    """2024年4〜12月期, 1〜3月: a span of months."""
    m1, m2 = _small_int(m.group("m1")), _small_int(m.group("m2"))
    if m1 is None or m2 is None or not 1 <= m1 < m2 <= 12:
        return None
    y = year or 0
    iso = f"{year:04d}-{m1:02d}/{year:04d}-{m2:02d}" if year and year > 0 else None
    surface = "月" + (m.group("q") or "")
    return _fields(start, m.end(), "date", None, float(y * 10000 + m1 * 100), float(y * 10000 + m2 * 100), None,
                   surface, date=iso, relation=_relation(s, m.end()))


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
    n = _small_int(m.group("y"))
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
        if law and _small_int(law.group("n")) is not None:
            n = float(_small_int(law.group("n")))  # 平成5年法律第88号: a statute's number
            return _fields(start, law.end(), "id", n, n, n, "number", "号", date=f"{year:04d}" if year > 0 else None)
    if year is not None:
        suffix = YEAR_SUFFIX_RE.match(s, end) if month is None else None
        if suffix:
            surface, end = "年" + suffix.group(), suffix.end()
            if suffix.group() == "代":
                decade = year - year % 10
                part = DATE_PART_SUFFIX_RE.match(s, end)
                end = part.end() if part else end
                return _fields(start, end, "date", None, float(decade * 10000), float((decade + 9) * 10000), None,
                               surface, date=f"{decade:04d}/{decade + 9:04d}" if year > 0 else None,
                               relation=_relation(s, end))
        if year > 0:
            iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")
    value = float((year or 0) * 10000 + (month or 0) * 100 + (day or 0)) if year or month or day else None
    approx = False
    part = DATE_PART_SUFFIX_RE.match(s, end)
    if part:
        end, approx = part.end(), part.group("p") in ("頃", "ごろ")
    return _fields(start, end, "date", value, value, value, None, surface, approx=approx, date=iso,
                   relation=_relation(s, end))


# ---------------------------------------------------------------- counted quantities


def _quantity(s: str, cs: int, ce: int, core: str, arabic: bool, pstart: int, pre: dict, floor: int) -> dict | None:
    value, low, high, vague = parse_numeral(core)
    pos, is_range = ce, False
    if s.startswith("、", ce) and value is not None and value < 9:  # 3、4人 and 二、三日: three or four
        second = CORE_RE.match(s, ce + 1)
        if second and parse_numeral(second.group())[0] == value + 1 and COUNTER_RE.match(s, second.end()):
            high, value, pos, is_range = value + 1, None, second.end(), True
            pre = {**pre, "approx": "、"}
    sep = None if is_range else RANGE_SEP_RE.match(s, ce)
    if sep:
        second = CORE_RE.match(s, sep.end())
        needs_counter = sep.group("sep") in ("-", "から")  # 10-20%, 130から150キロ; not C-17 or 3から
        if second and (not needs_counter or arabic and COUNTER_RE.match(s, second.end())):
            v2, lo2, hi2, vague2 = parse_numeral(second.group())
            if hi2 >= high:
                low, high, value, vague, pos, is_range = low, hi2, None, vague or vague2, second.end(), True
    counter = COUNTER_RE.match(s, pos)
    if counter is None:
        return _bare(s, cs, ce, pos, core, arabic, value, low, high, vague, is_range, pstart, pre, floor)
    surface = counter.group("c")
    unit, cls = COUNTERS[surface]
    end = counter.end()
    if surface == "条" and (branch := BRANCH_RE.match(s, end)):
        end = branch.end()  # 第3条の2: an inserted article keeps its parent's number

    if not arabic and not _kanji_counter_ok(s, cs, core, surface, end, pre):
        return None
    if not is_range:  # 5人〜8人, 50kmから60km
        sep = RANGE_SEP_RE.match(s, end)
        if sep:
            ahead = SPEED_AHEAD_RE.match(s, sep.end()) if "speed" in pre else None
            second = CORE_RE.match(s, ahead.end() if ahead else sep.end())
            if second:
                again = COUNTER_RE.match(s, second.end())
                from_to_dates = cls == "century" and sep.group("sep") == "から"  # 17世紀から19世紀: two dates
                if again and again.group("c") == surface and not from_to_dates:
                    _, lo2, hi2, vague2 = parse_numeral(second.group())
                    if hi2 >= high:
                        value, high, vague, end, is_range = None, hi2, vague or vague2, again.end(), True

    kind, extra = "quantity", {}
    start = pstart
    if cls == "fraction":
        numerator = CORE_RE.match(s, end)
        if numerator is None or vague:
            surface, unit, cls, end = "分", "minute", "minute", end - 1
        else:
            top, _, _, _ = parse_numeral(numerator.group())
            if top is None or not value:
                return None
            value = low = high = top / value
            end = numerator.end()
    scale = 10.0 if surface == "割" else 1.0
    if scale != 1.0:
        value, low, high = (None if v is None else v * scale for v in (value, low, high))
        tail = CORE_RE.match(s, end)
        if tail and s.startswith("分", tail.end()) and value is not None:
            extra_pct = parse_numeral(tail.group())[0] or 0.0
            value = low = high = value + extra_pct
            end = tail.end() + 1
    if s.startswith("半", end) and value is not None and cls in ("year", "duration", "count", "multiple", "month"):
        value = low = high = value + 0.5
        end += 1

    ordinal = "ord" in pre
    if s.startswith("目", end) and cls not in ("money", "percent", "measure", "legal", "fraction", "month"):
        ordinal, end = True, end + 1
        surface += "目"

    if cls == "century" and not (vague or ordinal or pre.keys() & {"approx", "ge", "le"} or YEARS_AS_DURATION_RE.match(s, end)):
        return _century(s, start, end, low, high, surface)
    kind = _kind_of(s, cs, cls, unit, value, pre, ordinal, start, end)
    if kind is None:
        return None
    if kind == "date":  # 80年代 and the like: a date we cannot place
        return _fields(start, end, "date", None, None, None, None, surface, relation=_relation(s, end))
    if kind == "time":
        return _clock(s, start, end, value, pre)
    if kind == "age" and cls == "generation":
        low, high, value, unit = value, value + 9, None, "year"
        is_range = True
    if cls == "measure" and "speed" in pre:
        unit = f"{unit}/{ {'時速': 'h', '秒速': 's', '分速': 'min'}[pre['speed']] }"
    elif cls == "measure" and (per := PER_TIME_RE.match(s, end)):
        unit = f"{unit}/{ {'時': 'h', '秒': 's', '分': 'min'}.get(per.group('per'), per.group('per')) }"
        end = per.end()
    if cls == "count" and surface == "度":
        unit = _degree_unit(s, pstart, floor)
    if kind == "duration":
        extra["relation"] = "within" if "future" in pre else ("past" if "past" in pre else None)
    if kind in ("percent", "multiple"):
        extra["base"] = _base(s, start, floor)

    return _hedge(s, start, end, kind, value, low, high, unit, surface, vague, is_range, pre, extra)


def _kind_of(s: str, cs: int, cls: str, unit: str | None, value, pre: dict, ordinal: bool, start: int, end: int) -> str | None:
    if cls == "money":
        return "money"
    if cls == "percent":
        return "quantity" if unit == "point" else "percent"
    if cls == "multiple":
        return "multiple"
    if cls == "age":
        return "age"
    if cls == "legal":
        if unit == "number":
            before = s[max(0, start - 1):start]
            return "legal" if before in ("条", "項") else "id"
        return "legal"
    if ordinal or cls == "ordinal" and "ord" in pre:
        return "ordinal"
    if cls == "ordinal":
        return "ordinal" if unit in ("rank", "number", "round") else "quantity"
    if cls in ("year", "duration", "month", "day", "minute", "second", "century"):
        if cls == "year" and ANNIVERSARY_RE.search(s, max(0, start - 8), start):
            return "quantity"
        return "duration"
    if cls in ("fiscal", "edition", "decade"):
        return "date"
    if cls == "anniversary":
        return "quantity"
    if cls == "clock":
        return "time" if value is not None and value <= 24 else None
    if cls == "generation":
        if value is not None and value % 10 == 0 and 10 <= value <= 90:
            return "age"
        return "quantity"
    return "quantity"


def _kanji_counter_ok(s: str, cs: int, core: str, surface: str, end: int, pre: dict) -> bool:
    """Kanji numerals make many words (一時, 一度に, 二国間): accept only clear counts."""
    if surface == "分の":
        return True
    if surface.startswith("度") and core == "一":
        return s.startswith(("のみ", "だけ", "きり", "しか", "限り"), end) or bool(pre)
    if pre or len(core) > 1 or core == "数":
        return True
    nxt = s[end:end + 1]
    if not _is_kanji(nxt) or nxt == "目":
        return True
    if s.startswith(("以上", "以下", "未満", "以内", "近く", "前後", "程度", "余り"), end):
        return True
    return surface in ("年", "月", "日", "つ", "年間", "日間", "週間", "時間") and nxt in "前後半"


def _century(s: str, start: int, end: int, low: float, high: float, surface: str) -> dict:
    """12世紀 is the years 1101-1200; 15世紀末, 6世紀-7世紀 likewise."""
    first, last = int(low - 1) * 100 + 1, int(high) * 100
    part = DATE_PART_SUFFIX_RE.match(s, end)
    end = part.end() if part else end
    return _fields(start, end, "date", None, float(first * 10000), float(last * 10000), None, surface,
                   date=f"{first:04d}/{last:04d}", relation=_relation(s, end))


def _degree_unit(s: str, start: int, floor: int) -> str:
    window = s[max(floor, start - 6):start]
    if any(w in window for w in ("気温", "温度", "摂氏", "氷点下", "体温")):
        return "celsius"
    if any(w in window for w in ("緯", "経", "角")):
        return "degree"
    return "times"


def _clock(s: str, start: int, end: int, hour: float | None, pre: dict) -> dict | None:
    if hour is None:
        return None
    if pre.get("ampm") == "午後" and hour < 12:
        hour += 12
    tail = CLOCK_TAIL_RE.match(s, end)
    if tail:
        minute = 30 if tail.group("half") else _small_int(tail.group("mi"))
        if minute is not None and minute < 60:
            hour, end = hour + minute / 60, tail.end()
    return _fields(start, end, "time", hour, hour, hour)


def _bare(s, cs, ce, pos, core, arabic, value, low, high, vague, is_range, pstart, pre, floor) -> dict | None:
    """A number without a counter: 約30の, この200の, 第二の, Article 5, トランプ2.0."""
    end = pos if is_range else ce
    if "scale" in pre:  # 震度6弱, マグニチュード7.1
        unit = "shindo" if pre["scale"] == "震度" else "magnitude"
        level = s[end:end + 1] if unit == "shindo" and s[end:end + 1] in ("弱", "強") else ""
        return _fields(pstart, end + len(level), "quantity", value, low, high, unit, pre["scale"] + level)
    if "article" in pre:
        unit = {"Article": "article", "Art.": "article", "Section": "section", "Chapter": "chapter",
                "Paragraph": "paragraph"}[pre["article"]]
        return _fields(pstart, end, "legal", value, low, high, unit, pre["article"])
    if "ord" in pre:
        if s.startswith("に", end) and s[end + 1:end + 2] in ("、", ",", " ", ""):
            return None  # 第一に、 enumerates arguments
        if pstart > 0 and (_is_kanji(s[pstart - 1]) or "\u30a1" <= s[pstart - 1] <= "\u30fa"):
            return None  # アメリカ第一, 安全第一: a slogan, not a rank
        return _fields(pstart, end, "ordinal", value, low, high, None, None)
    if not arabic:
        has_multiplier = any(ch in KANJI_SMALL or ch in KANJI_BIG for ch in core)
        if not (has_multiplier and len(core) >= 2) and not ("数" in core and len(core) >= 2):
            return None
        if _is_kanji(s[end:end + 1]):
            return None  # 八百屋, 十字架: a word, not a number
    prev = s[cs - 1] if cs > 0 else ""
    if arabic and not is_range:
        if EVENT_AFTER_RE.match(s, ce) and "." in core:
            return _fields(cs, ce, "label")
        kata = KATAKANA_RUN_BEFORE_RE.search(s, max(floor, cs - 20), cs)
        if kata and not pre:
            return _fields(kata.start(), ce, "label")
        word = LATIN_WORD_BEFORE_RE.search(s, max(floor, cs - 24), cs)
        if word and not pre:
            return _english(s, word, cs, ce, core, value)
        plain_year = core.isdigit() and len(core) == 4 and 1900 <= (value or 0) <= 2100
        if plain_year and (_is_kanji(prev) or "\u30a1" <= prev <= "\u30fa") and not pre:
            return _fields(cs, ce, "label")  # 欧州防衛準備態勢2030: a plan's name
        if core.isdigit() and len(core) >= 7:
            return _fields(cs, ce, "id")
        if core.isdigit() and len(core) <= 2 and YEAR_AFTER_DOT_RE.match(s, ce):
            return None  # 1.2022年 inside a unit: list number 1, then the year
    if "cur" in pre:
        unit = CURRENCY_PREFIX[pre["cur"]]
        scale = ENGLISH_SCALE_RE.match(s, end) if value is not None and not is_range else None
        if scale:  # $1.2 billion
            value = low = high = value * ENGLISH_SCALE[scale.group("w")]
            end = scale.end()
        return _hedge(s, pstart, end, "money", value, low, high, unit, pre["cur"], vague, is_range, pre, {})
    return _hedge(s, pstart, end, "quantity", value, low, high, None, None, vague, is_range, pre, {})


def _english(s: str, word, cs: int, ce: int, core: str, value) -> dict | None:
    w = word.group("w")
    if w in ENGLISH_MONTHS and value is not None:
        if core.isdigit() and len(core) == 4:
            iso = f"{int(value):04d}-{ENGLISH_MONTHS[w]:02d}"
            v = value * 10000 + ENGLISH_MONTHS[w] * 100
            return _fields(word.start(), ce, "date", v, v, v, date=iso)
        return None
    if any(ch.isupper() for ch in w) or "." in core:  # Readiness 2030, iOS 17.2
        return _fields(word.start(), ce, "label")
    if core.isdigit() and len(core) == 4 and 1900 <= value <= 2100:
        v = value * 10000
        return _fields(cs, ce, "date", v, v, v, date=core)
    return _fields(cs, ce, "quantity", value, value, value)


def _hedge(s, start, end, kind, value, low, high, unit, surface, vague, is_range, pre, extra) -> dict:
    """Apply prefixes and suffixes that hedge or bound the value, and the relation after it."""
    approx = "approx" in pre
    bound = "ge" if "ge" in pre else ("le" if "le" in pre else None)
    relation = extra.get("relation")
    for _ in range(2):
        suffix = SUFFIX_RE.match(s, end)
        if not suffix:
            break
        word = suffix.group("s")
        if word == "台" and (unit is None or kind not in ("quantity", "percent", "money", "age")):
            break
        b, hedged = SUFFIX_BOUND[word]
        end = suffix.end()
        approx = approx or hedged
        if word == "以内" and kind == "duration":
            relation = "within"
        if b == "range" and value is not None:
            step = _last_digit_step(value)
            low, high, value, bound = value, value + step, None, None
            is_range = True
        elif b:
            bound = b
    if kind == "duration":
        later = AGO_LATER_RE.match(s, end)
        if later:
            end, relation = later.end(), "ago" if later.group("a") == "前" else "later"
    if bound is None and kind != "multiple":
        threshold = THRESHOLD_RE.match(s, end)
        if threshold:
            bound = THRESHOLD_BOUND[threshold.group("v")]
    if not vague and not is_range:
        low = high = value
    if bound in ("ge", "gt", "over"):
        high = None
        low = value if value is not None else low
    elif bound in ("le", "lt", "under"):
        low = None
        high = value if value is not None else high
    if "minus" in pre and value is not None:
        value, low, high = -value, (None if high is None else -high), (None if low is None else -low)
    return _fields(start, end, kind, value, low, high, unit, surface, approx=approx, vague=vague, bound=bound,
                   base=extra.get("base"), relation=relation)


def _last_digit_step(value: float) -> float:
    """Step of the last significant digit: 50万 -> 10万, 30 -> 10, 1.5 -> 0.1."""
    if value <= 0:
        return 1.0
    step = 10.0 ** math.floor(math.log10(value))
    while step > 1e-6 and abs(value / step - round(value / step)) > 1e-9:
        step /= 10
    return step
