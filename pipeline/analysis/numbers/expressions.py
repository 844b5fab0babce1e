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
- Years: a 4-digit year (1000-2999), an era or 西暦 year is a date, unless a length of time
  is meant (1000年以上, 約2000年前, 300年ぶり); a 3-digit year is a date when it is not round
  (686年, 794年) or stands in a year range or before 頃; other N年 are durations, except after
  an event word (建国250年, 戦後80年: a quantity of years, not year 250) and N年目 (ordinal).
  N年M月 is always a date (41年2月15日 without a known era: date None). 推古天皇2年: date, not
  placed. 年間/か月/週間/日間/時間 are durations. Centuries are dates (12世紀 -> "1101/1200")
  unless hedged or a length (約1世紀, 1世紀以上). Month spans: 2024年4〜12月期 ->
  "2024-04/2024-12". Y年からY年 gives two dates (since / until), Y〜Y年 one interval.
  Statute numbers (平成5年法律第88号) are one id whose date is the year.
- time: time of day, value in hours since midnight (午後3時半 -> 15.5, 15:30), unit None.
- Percent: %, パーセント, 割 (x10: 2〜3割 -> 20-30). `base` is what the percent or multiple is of:
  `X比` (GDP比, 対GDP比, 前年比) or `Xの` when X is a quantity noun (GDPの, 人口の).
- Money: unit is the ISO 4217 code (JPY, USD, EUR, GBP, CNY, KRW, ...), value in that currency
  with 万/億/兆 applied (8000億ユーロ -> 8.0e11 EUR; $1.2 billion -> 1.2e9 USD). Ambiguous names
  keep a plain tag (PESO). Signs: マイナス, ▲ and a leading - make the value negative.
- Units: person, country, place, city, organisation, company, case, item, times, aircraft, ship,
  vehicle, machine, installation, round, seat, vote, household, paragraph, page, ...; measures
  as symbols (km, m, kg, t, L, ha, km2, GW, celsius; キロ -> kilo); speeds km/h; durations year,
  month, week, day, hour, minute, second, century; fraction (半数, 3分の1); times (倍, 回, 度);
  shindo (震度6弱: value 6, unit_surface 震度弱) and magnitude (M7.1, マグニチュード7.1).
- Ordinals: 第N (第2次 round, 第2期 term), N期目, N年目, N番目, N位 (rank). 第一に/第二に used to
  enumerate arguments are discourse markers and not returned.
- legal: 条 article, 項 paragraph, 章 chapter, 節 section (第5条, 憲法9条, Article 51).
  id: numbered decrees and the like (大統領令15024号). label: names that contain digits
  (G7, F-35, COVID-19, 5G, NSS2025, トランプ2.0, Readiness 2030, 態勢2030, 9.11テロ, iOS 17.2);
  value None. Hyphenated digit groups without a counter are ids (03-1234-5678, 〒100-8914, 1-7-1)
  or, two small groups, labels (a score such as 3-1). Digits inside URLs are skipped.
- Kanji numerals count only with a counter or a multiplier (七万六千, 三つ, 二期目, 一国への);
  words such as 一部, 一方, 一時的, 統一, 十分, 二者択一, 二国間 are not numbers. 一度 is the
  count "once" only before のみ/だけ/きり/しか (一度に, 一度は are adverbs).
- Words that carry a number: 半数/過半数 (fraction 0.5; 過半数 gt), 半年, 半世紀, 倍増 (multiple 2),
  半減 (multiple 0.5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from pipeline.analysis.numbers.dates import calendar_date, century, clock, clock_or_slash, date_fields, era_letter_date, with_part_and_weekday, year_range
from pipeline.analysis.numbers.lexicon import (
    FLIGHT_NUMBER_BEFORE,
    AGO_LATER_RE,
    ANNIVERSARY_RE,
    ANY_NUMBER_RE,
    BASE_BEFORE_RE,
    BASE_OF_NOUNS,
    BRANCH_RE,
    CODE_RE,
    CORE_RE,
    COUNTER_RE,
    COUNTERS,
    CURRENCY_PREFIX,
    D_RE,
    DATE_PARTS,
    TIME_ZONE_BEFORE_RE,
    MD_RE,
    OF_YEAR_PART_RE,
    PERIODS,
    RELATIVE_DATES,
    WEEKDAYS,
    ENGLISH_MONTHS,
    ENGLISH_SCALE,
    ENGLISH_SCALE_RE,
    EVENT_AFTER_RE,
    KANJI_BIG,
    KANJI_IDIOM_RE,
    KANJI_SMALL,
    KATAKANA_RUN_BEFORE_RE,
    LATIN_TOKEN_AFTER_RE,
    LATIN_TOKEN_BEFORE_RE,
    LATIN_WORD_BEFORE_RE,
    LIST_MARKER_RE,
    MASTER_RE,
    PER_TIME_RE,
    PREFIX_RE,
    PREFIX_SPAN_GROUPS,
    RANGE_SEP_RE,
    SPECIAL_NOT_BEFORE,
    SPECIAL_WORDS,
    SPEED_AHEAD_RE,
    SUFFIX_BOUND,
    SUFFIX_RE,
    THRESHOLD_BOUND,
    THRESHOLD_RE,
    URL_RE,
    WIDTH_FOLD,
    YEAR_AFTER_DOT_RE,
    YEARS_AS_DURATION_RE,
)
from pipeline.analysis.numbers.numerals import fields, finite, is_arabic, is_kanji, parse_numeral, relation_after, small_int
from pipeline.analysis.timeline.anchor import TimeSpec
from pipeline.analysis.timeline.eras import era_span


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
    spec: TimeSpec | None = None  # what a date or time states, for pipeline.analysis.timeline.anchor


def extract_numeric_expressions(text: str) -> list[NumericExpression]:
    """Every number-bearing expression of `text`, sorted by start and non-overlapping."""
    if not isinstance(text, str) or not text:
        return []
    s = text.translate(WIDTH_FOLD)
    if not ANY_NUMBER_RE.search(s) and not MASTER_RE.search(s):
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
        if end <= start or not finite(fields):
            continue
        found.append(NumericExpression(start=start, end=end, text=text[start:end], **fields))
        floor = end
    return _joined(text, s, found)


def _joined(text: str, s: str, found: list[NumericExpression]) -> list[NumericExpression]:
    """Expressions that are one when they stand together: a date and the time of day after it
    (26日午前4時, 同日午後3時) are one time; a length and a smaller one after it (3年4ヶ月, 2時間15分)
    are one duration in the smaller unit."""
    out: list[NumericExpression] = []
    for expr in found:
        prev = out[-1] if out else None
        gap = s[prev.end:expr.start] if prev is not None else None
        if prev is not None and gap in ("", " ") and prev.kind == "date" and expr.kind == "time" and prev.spec is not None \
                and prev.spec.span is None and prev.spec.end is None and (prev.spec.day is not None or prev.spec.unit == "day") and expr.spec is not None:
            hour = expr.spec.hour
            if prev.spec.part == "night" and hour < 12:
                hour += 12
            spec = replace(prev.spec, hour=hour, minute=expr.spec.minute, part=None)
            value = hour + (expr.spec.minute or 0) / 60
            out[-1] = replace(expr, start=prev.start, text=text[prev.start:expr.end], value=value, value_low=value,
                              value_high=value, spec=spec, date=None)
            continue
        if prev is not None and gap in ("", " ") and prev.unit == "win" and expr.unit == "loss" and prev.value is not None and expr.value is not None:
            out[-1] = replace(expr, start=prev.start, text=text[prev.start:expr.end], kind="score", value=None,
                              value_low=prev.value, value_high=expr.value, unit="win-loss")  # 2勝1敗
            continue
        if prev is not None and gap == "対" and prev.kind == expr.kind == "quantity" and prev.unit is None and expr.unit is None \
                and prev.value is not None and expr.value is not None:
            out[-1] = replace(expr, start=prev.start, text=text[prev.start:expr.end], kind="score", value=None,
                              value_low=prev.value, value_high=expr.value, unit="score")  # 3対1
            continue
        if prev is not None and gap == "" and prev.kind == expr.kind == "duration" and _SMALLER.get(prev.unit) == expr.unit \
                and prev.value is not None and expr.value is not None and not (prev.vague or expr.vague or prev.bound) \
                and 0 <= expr.value < _PER_SMALLER[prev.unit]:
            value = prev.value * _PER_SMALLER[prev.unit] + expr.value
            out[-1] = replace(expr, start=prev.start, text=text[prev.start:expr.end], value=value, value_low=value,
                              value_high=value, approx=prev.approx or expr.approx, relation=prev.relation or expr.relation)
            continue
        out.append(expr)
    return out


# A length followed by the next smaller unit (3年4ヶ月): how many of the smaller make one of the larger.
_SMALLER = {"year": "month", "week": "day", "day": "hour", "hour": "minute", "minute": "second"}
_PER_SMALLER = {"year": 12, "week": 7, "day": 24, "hour": 60, "minute": 60}


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


# ---------------------------------------------------------------- analysis of one number


def _analyse(s: str, m, floor: int) -> dict | None:
    cs, ce = m.span()
    if m.lastgroup == "special":
        return _special(s, cs, ce, floor)
    if m.lastgroup == "period":
        return _period(s, cs, ce)
    if m.lastgroup == "reldate":
        return _relative_date(s, cs, ce)
    if m.lastgroup == "weekday":
        return date_fields(cs, ce, TimeSpec(weekday=WEEKDAYS[s[cs]]), s=s)
    pstart, pre = _prefixes(s, cs, floor)
    if m.lastgroup == "gannen":
        return calendar_date(s, cs, pstart, pre) if "era" in pre else None
    core = m.group()
    arabic = is_arabic(core)
    prev = s[cs - 1] if cs > 0 else ""
    if arabic and prev == "〜" and (cs < 2 or not s[cs - 2].isdigit()):
        pre, pstart = {**pre, "le": "〜"}, min(pstart, cs - 1)  # 〜8人: up to 8
    if arabic and TIME_ZONE_BEFORE_RE.search(s, max(floor, cs - 5), cs):
        return fields(TIME_ZONE_BEFORE_RE.search(s, max(floor, cs - 5), cs).start(), ce, "label")  # UTC+9: a time zone
    if arabic and prev == "-" and (cs < 2 or not (s[cs - 2].isascii() and s[cs - 2].isalnum() or s[cs - 2] in ")-")):
        pre, pstart = {**pre, "minus": "-"}, min(pstart, cs - 1)  # -3.5%

    if not arabic:
        if KANJI_IDIOM_RE.match(s, cs) or KANJI_IDIOM_RE.match(s, max(cs - 1, 0)) and prev == "第":
            return None
        guarded = pre or ANNIVERSARY_RE.search(s, max(floor, cs - 8), cs)
        if is_kanji(prev) and prev not in "計全毎各僅実金" and not guarded:  # 金壱萬円: the formal 金 before a sum
            return None
    else:
        if prev == "(" and s[ce:ce + 1] == ")" and len(core) <= 2:
            return None  # (1): a list marker
        label = None if era_letter_date(s, cs) else _latin_label(s, cs, ce, floor)
        if label is not None:
            return label

    for attempt in (clock_or_slash, year_range, _code, calendar_date):
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
        first, second = (float(g) for g in groups)  # 7-2: a score, both sides kept
        return fields(cs, m.end(), "score", None, first, second, "score")
    return fields(cs, m.end(), "id")


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
    return fields(start, ce, kind, value, low, high, unit, word, approx="approx" in pre, bound=bound)


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
        return fields(before.start(), ce, "quantity", value, value, value, "magnitude", "M")
    start = before.start() if before else cs
    end = LATIN_TOKEN_AFTER_RE.match(s, ce).end()
    return fields(start, end, "label")


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
    if counter is not None and "cur" in pre and COUNTERS[counter.group("c")][1] != "money":
        counter = None  # €5m: five million euros, not five metres
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
        tail = CORE_RE.match(s, end)
        if tail and s.startswith("厘", tail.end()) and value is not None:  # 2割3分4厘: 23.4 %
            value = low = high = round(value + (parse_numeral(tail.group())[0] or 0.0) / 10, 6)
            end = tail.end() + 1
    if s.startswith("半", end) and value is not None and cls in ("year", "duration", "count", "multiple", "month", "day", "minute"):
        value = low = high = value + 0.5
        end += 1

    ordinal = "ord" in pre
    if s.startswith("目", end) and cls not in ("money", "percent", "measure", "legal", "fraction", "month"):
        ordinal, end = True, end + 1
        surface += "目"
    elif surface == "つ" and s.startswith("め", end):
        ordinal, end = True, end + 1  # 2つめ: the second of a list
        surface += "め"
    if core == "一" and surface in ("つ", "種", "人") and not ordinal and (s[max(0, cs - 1):cs] == "の" or s.startswith("の", end)):
        return None  # 経済大国の一つ, 一つの国, 一種の賭け: "one of", "a single", "a kind of", not a count

    if cls == "century" and not (vague or ordinal or pre.keys() & {"approx", "ge", "le"} or YEARS_AS_DURATION_RE.match(s, end)):
        return century(s, start, end, low, high, surface)
    kind = _kind_of(s, cs, cls, unit, value, pre, ordinal, start, end)
    if kind is None:
        return None
    if kind == "date":  # 80年代 and the like: a date we cannot place
        return fields(start, end, "date", None, None, None, None, surface, relation=relation_after(s, end), spec=TimeSpec())
    if kind == "time":
        return clock(s, start, end, value, pre)
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
    elif kind == "ordinal" and surface == "部":
        unit = "part"  # 第1部: a section, not a copy
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
        return "ordinal" if unit in ("rank", "number", "round", "grade", "finish") else "quantity"
    if unit == "flight" and FLIGHT_NUMBER_BEFORE.search(s[max(0, start - 6):start]):
        return "id"  # ラルナカ発プラハ行き522便, 日本航空123便: a flight's number, not a count of flights
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
    if not is_kanji(nxt) or nxt == "目":
        return True
    if s.startswith(("以上", "以下", "未満", "以内", "近く", "前後", "程度", "余り"), end):
        return True
    return surface in ("年", "月", "日", "つ", "年間", "日間", "週間", "時間") and nxt in "前後半"


def _degree_unit(s: str, start: int, floor: int) -> str:
    window = s[max(floor, start - 6):start]
    if any(w in window for w in ("気温", "温度", "摂氏", "氷点下", "体温")):
        return "celsius"
    if any(w in window for w in ("緯", "経", "角")):
        return "degree"
    return "times"


def _bare(s, cs, ce, pos, core, arabic, value, low, high, vague, is_range, pstart, pre, floor) -> dict | None:
    """A number without a counter: 約30の, この200の, 第二の, Article 5, トランプ2.0."""
    end = pos if is_range else ce
    if "scale" in pre:  # 震度6弱, マグニチュード7.1
        unit = "shindo" if pre["scale"] == "震度" else "magnitude"
        level = s[end:end + 1] if unit == "shindo" and s[end:end + 1] in ("弱", "強") else ""
        return fields(pstart, end + len(level), "quantity", value, low, high, unit, pre["scale"] + level)
    if "article" in pre:
        unit = {"Article": "article", "Art.": "article", "Section": "section", "Chapter": "chapter",
                "Paragraph": "paragraph"}[pre["article"]]
        return fields(pstart, end, "legal", value, low, high, unit, pre["article"])
    if "ord" in pre:
        if s.startswith("に", end) and s[end + 1:end + 2] in ("、", ",", " ", ""):
            return None  # 第一に、 enumerates arguments
        if pstart > 0 and (is_kanji(s[pstart - 1]) or "\u30a1" <= s[pstart - 1] <= "\u30fa"):
            return None  # アメリカ第一, 安全第一: a slogan, not a rank
        return fields(pstart, end, "ordinal", value, low, high, None, None)
    if not arabic:
        has_multiplier = any(ch in KANJI_SMALL or ch in KANJI_BIG for ch in core)
        if not (has_multiplier and len(core) >= 2) and not ("数" in core and len(core) >= 2):
            return None
        if is_kanji(s[end:end + 1]):
            return None  # 八百屋, 十字架: a word, not a number
    prev = s[cs - 1] if cs > 0 else ""
    if arabic and not is_range:
        if EVENT_AFTER_RE.match(s, ce) and "." in core:
            return fields(cs, ce, "label")
        kata = KATAKANA_RUN_BEFORE_RE.search(s, max(floor, cs - 20), cs)
        if kata and not pre and kata.group() == "ベスト" and value is not None:
            return fields(kata.start(), ce, "ordinal", value, value, value, "best")  # ベスト8: the last eight
        if kata and not pre:
            return fields(kata.start(), ce, "label")
        word = LATIN_WORD_BEFORE_RE.search(s, max(floor, cs - 24), cs)
        if word and not pre:
            return _english(s, word, cs, ce, core, value)
        plain_year = core.isdigit() and len(core) == 4 and 1900 <= (value or 0) <= 2100
        if plain_year and (is_kanji(prev) or "\u30a1" <= prev <= "\u30fa") and not pre:
            return fields(cs, ce, "label")  # 欧州防衛準備態勢2030: a plan's name
        if core.isdigit() and len(core) >= 7:
            return fields(cs, ce, "id")
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
            return fields(word.start(), ce, "date", v, v, v, date=iso)
        return None
    if any(ch.isupper() for ch in w) or "." in core:  # Readiness 2030, iOS 17.2
        return fields(word.start(), ce, "label")
    if core.isdigit() and len(core) == 4 and 1900 <= value <= 2100:
        v = value * 10000
        return fields(cs, ce, "date", v, v, v, date=core)
    return fields(cs, ce, "quantity", value, value, value)


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
            step = last_digit_step(value)
            low, high, value, bound = value, value + step, None, None
            is_range = True
        elif b:
            bound = b
    if kind == "duration":
        later = AGO_LATER_RE.match(s, end)
        if later:
            end, relation = later.end(), "ago" if later.group("a") == "前" else "later"
            shifted = _shifted_date(s, start, end, value, unit, relation, approx, vague, bound)
            if shifted is not None:
                return shifted
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
    return fields(start, end, kind, value, low, high, unit, surface, approx=approx, vague=vague, bound=bound,
                   base=extra.get("base"), relation=relation)


# N年前, 3日後, 2週間前: a date shifted from the reference date (or from the previous date after
# その/同), when the length is a calendar unit; hours and minutes after an event stay lengths.
_SHIFT_UNITS = {"year": ("year", 1), "month": ("month", 1), "week": ("day", 7), "day": ("day", 1)}


def _shifted_date(s: str, start: int, end: int, value, unit, relation: str, approx: bool, vague: bool, bound) -> dict | None:
    if unit not in _SHIFT_UNITS or bound is not None:
        return None
    if value is None or vague:
        return fields(start, end, "date", approx=approx, vague=vague, relation=relation)  # 数日前: a date we cannot place
    if value != int(value) or unit == "year" and value >= 100:
        return None  # 1万年前, 2.5日後: a length of time before or after, not a calendar date
    step_unit, per = _SHIFT_UNITS[unit]
    offset = int(value) * per * (-1 if relation == "ago" else 1)
    # N日後 counts from the event just told (5ヶ月後: after the death on 4月2日); N年前 from the day of writing
    after_event = relation == "later" or s[max(0, start - 2):start] in ("その", "この") or s[start - 1:start] == "同"
    spec = TimeSpec(relative_to="previous" if after_event else "reference", unit=step_unit, offset=offset, counted=True)
    return date_fields(start, end, spec, s=s, approx=approx)


def _period(s: str, cs: int, ce: int) -> dict | None:
    """江戸時代, 戦後, 平成時代: an interval of years from the periods table or the eras table."""
    word = s[cs:ce]
    if word.startswith("戦") and cs > 0 and is_kanji(s[cs - 1]):
        return None  # 日露戦後, 大戦前: after or before another war than the one 戦後 alone means
    if word in PERIODS:
        return date_fields(cs, ce, TimeSpec(span=PERIODS[word]), s=s)
    span = era_span(word[:-2])
    if span is None:
        return None
    first, last = span
    return date_fields(cs, ce, TimeSpec(span=(first.isoformat(), last.isoformat() if last else "..")), s=s)


def _relative_date(s: str, cs: int, ce: int) -> dict | None:
    """昨年, 同日, 来週末, with the month and day that may follow (昨年5月, 同月21日, 来年10月2日)."""
    row = RELATIVE_DATES[s[cs:ce]]
    unit, fiscal = row["unit"], row["unit"] == "fiscal_year"
    spec = TimeSpec(relative_to=row["relative_to"], unit="year" if fiscal else unit, offset=int(row["offset"]),
                    part=row["part"] or None, fiscal=fiscal)
    end = ce
    after = ce + (1 if s.startswith(" ", ce) else 0)  # 今年 1 月: raw text spaces a number off
    if unit == "year":
        md = MD_RE.match(s, after)
        if md:
            month, day = small_int(md.group("m")), small_int(md.group("d"))
            if month is not None and 1 <= month <= 12 and (day is None or 1 <= day <= 31):
                spec, end = replace(spec, month=month, day=day), md.end()
    elif unit == "month":
        d = D_RE.match(s, after)
        if d and small_int(d.group("d")) is not None and 1 <= small_int(d.group("d")) <= 31:
            spec, end = replace(spec, day=small_int(d.group("d"))), d.end()
    season = OF_YEAR_PART_RE.match(s, end) if unit == "year" and spec.month is None else None
    if season:  # 今年の年末, 来年の春
        part = DATE_PARTS[season.group("p")] if season.group("p") in DATE_PARTS else None
        spec = replace(spec, month=12) if season.group("p") == "年末" else replace(spec, part=part or "early")
        end = season.end()
    end, spec, approx = with_part_and_weekday(s, end, spec)
    return date_fields(cs, end, spec, s=s, approx=approx)


def last_digit_step(value: float) -> float:
    """Step of the last significant digit: 50万 -> 10万, 30 -> 10, 1.5 -> 0.1."""
    if value <= 0:
        return 1.0
    step = 10.0 ** math.floor(math.log10(value))
    while step > 1e-6 and abs(value / step - round(value / step)) > 1e-9:
        step /= 10
    return step
