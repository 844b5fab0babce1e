"""Word lists and patterns for the numeric-expression parser (pipeline.analysis.numbers.expressions).

Everything here is built once at import. The patterns run on a width-folded copy of the
input (see WIDTH_FOLD) that has exactly the input's length, so their offsets are the
caller's offsets. The word lists are data tables (pipeline/analysis/data/number_*.tsv):
counters, special words, suffix bounds, threshold verbs, relations and base nouns.
"""

from __future__ import annotations

import re

from pipeline.analysis.rules import Pattern
from pipeline.analysis.timeline.eras import era_lengths, era_names_longest_first, eras, eras_by_length
from pipeline.analysis.wordlists import WordListError, read_rows

# One character in, one character out: offsets stay valid.
WIDTH_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "％": "%", "．": ".", "，": ",", "～": "〜", "~": "〜", "－": "-", "‐": "-", "‑": "-",
        "‒": "-", "–": "-", "−": "-", "（": "(", "）": ")", "／": "/", "：": ":", "＄": "$",
        "￥": "¥", "＋": "+", "\u3000": " ", "\u00a0": " ", "\t": " ", "○": "〇",
    }
)


def _keyed(name: str, key: str, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """Rows of a data table by their `key` column, in file order; a key listed twice is an error."""
    table: dict[str, dict[str, str]] = {}
    for row in read_rows(name, (key, *required), optional):
        if row[key] in table:
            raise WordListError(f"{name}: {key} {row[key]!r} is listed twice")
        table[row[key]] = row
    return table


def _yes_no(name: str, value: str) -> bool:
    if value not in ("yes", "no"):
        raise WordListError(f"{name}: expected yes or no, found {value!r}")
    return value == "yes"


SP = r"[ ]{0,2}"  # raw text puts spaces between numbers and counters: 2014 年, 第 5 条

# Kanji numerals, with the formal forms of cheques and contracts (壱 弐 参 拾 阡 萬).
KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                "壱": 1, "弐": 2, "貳": 2, "参": 3, "參": 3}
KANJI_SMALL = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100, "阡": 1000, "仟": 1000}
KANJI_BIG = {"万": 1e4, "億": 1e8, "兆": 1e12, "京": 1e16, "垓": 1e20, "萬": 1e4}

_DECIMAL = r"(?:\.(?![12][0-9]{3}[ ]?年)[0-9]+)?"  # 1.2022年 is a list number and a year
_ARABIC = rf"[0-9]+(?:,[0-9]{{3}})+{_DECIMAL}|[0-9]+{_DECIMAL}"
_CHUNK = rf"(?:(?:{_ARABIC})[千百十]?|(?:何(?=[十百千万億])|[〇零一二三四五六七八九十百千数拾佰阡仟]|[壱弐貳参參](?=[〇一二三四五六七八九十百千万億兆拾佰阡仟萬壱弐貳参參]))+)"
CORE_PATTERN = rf"{_CHUNK}(?:[万億兆京垓萬]+{_CHUNK}?)*"
CORE_RE = Pattern(
    "number_core",
    CORE_PATTERN,
    why="a numeral: Arabic digits with thousands commas and decimals, kanji digits, and mixes such as 7万6千",
    matches=(("兵力は7万6千人に上る", "7万6千"), ("予算は1,234億円", "1,234億"), ("死者は数百人", "数百"),
             ("項目1.2022年の改定", "1")),
    rejects=("何人が参加したか",),
)

# Words that carry a number without a numeral (number_special_words.tsv).
_SPECIAL = _keyed("number_special_words.tsv", "word", ("kind", "value", "unit"), ("bound", "not_before"))
SPECIAL_WORDS = {w: (r["kind"], float(r["value"]), r["unit"], r["bound"] or None) for w, r in _SPECIAL.items()}
SPECIAL_NOT_BEFORE = {w: r["not_before"] for w, r in _SPECIAL.items() if r["not_before"]}  # 半減期 is a half-life
# Every era of the calendar (data/eras.tsv): name -> the western year of its 元年, and how many
# years it lasted (an era year past its end is not that era's: 延長10年 is an extension of 10 years).
ERAS = {name: era.first_year for name, era in eras().items()}
ERA_YEARS = era_lengths()
_ERA_ALTERNATION = "|".join(re.escape(e) for e in era_names_longest_first())
_ERA_LOOKBEHIND = "|".join(f"(?<={'|'.join(re.escape(e) for e in names)})" for names in eras_by_length())

# Words that name a date relative to the reference date or the previous date (昨年, 同日, 来週末).
RELATIVE_DATES = {r["word"]: r for r in read_rows("time_relative_words.tsv", ("word", "relative_to", "unit", "offset"), ("part",))}
# Parts of a date after it (上旬, 末, 前半, 頃), and historical periods as intervals (江戸時代).
DATE_PARTS = {r["word"]: r["part"] for r in read_rows("time_parts.tsv", ("word", "part"))}
PERIODS = {r["period"]: (r["start"], r["end"]) for r in read_rows("time_periods.tsv", ("period", "start", "end"))}
WEEKDAYS = {c: i for i, c in enumerate("月火水木金土日")}
TWO_DIGIT_YEAR_NOUNS = tuple(r["noun"] for r in read_rows("time_two_digit_year_nouns.tsv", ("noun",)))
# Parts of a day after a date with no clock time (30日夜, 13日未明): ISO-TimeML's codes.
DAY_PARTS = {r["word"]: r["code"] for r in read_rows("time_day_parts.tsv", ("word", "code"))}

MASTER_RE = Pattern(
    "number_master",
    r"(?P<special>" + "|".join(sorted(SPECIAL_WORDS, key=len, reverse=True)) + ")"
    rf"|(?P<gannen>(?:{_ERA_LOOKBEHIND})元(?=[ ]?年))"
    r"|(?P<period>" + "|".join(re.escape(p) for p in sorted(PERIODS, key=len, reverse=True)) + rf"|(?:{_ERA_ALTERNATION})時代)"
    r"|(?P<reldate>" + "|".join(re.escape(w) for w in sorted(RELATIVE_DATES, key=len, reverse=True)) + r")(?![比代齢間])"
    r"|(?P<weekday>(?<![0-9])[月火水木金土日]曜日?)"
    rf"|(?P<num>{CORE_PATTERN})",
    why="where a number starts: a special word (過半数), 元 of an era's first year (令和元年), a historical period, "
        "a relative date word (昨年, 同日), a weekday, or a numeral",
    matches=(("過半数の賛成を得た", "過半数"), ("令和元年5月", "元"), ("天保元年に", "元"), ("2024年の選挙", "2024"),
             ("昨年5月に", "昨年"), ("同日夜", "同日"), ("江戸時代の町", "江戸時代"), ("平成時代", "平成時代"), ("金曜日に", "金曜日")),
    rejects=("元首相が来日した", "前年比で", "同年代の"),
)
ANY_NUMBER_RE = Pattern(
    "number_any_numeral",
    r"[0-9〇零一二三四五六七八九十百千数半倍元壱弐貳参參拾佰阡仟]",
    why="a quick test that a sentence has any character a number can start with",
    matches=(("2024年", "2"), ("予算が倍増した", "倍")),
    rejects=("政府は声明を出した",),
)

# What may stand just before a number (searched in a short window ending at the number).
PREFIX_RE = Pattern(
    "number_prefix",
    rf"(?:(?P<era>{_ERA_ALTERNATION})|(?P<seireki>西暦|紀元(?!前))|(?P<bc>紀元前)|(?P<reign>天皇)|(?P<ampm>午前|午後|夜|夜間|深夜|夕方|朝|早朝|未明|明け方|昼)"
    r"|(?P<speed>時速|秒速|分速)|(?P<ord>(?<!次)第)"
    r"|(?P<approx>(?<![契条集予要規節公協制誓盟解成確特締違口密新旧倹簡婚先])約|およそ|凡そ|ほぼ|概ね|おおむね|大体|だいたい|推定|ざっと|大凡)"
    r"|(?P<ge>少なくとも|最低でも|最低(?:で)?|最少でも)|(?P<le>最大(?:で)?|最長(?:で)?|最高(?:で)?|最多|多くとも|多くて|上限)"
    r"|(?P<future>今後|向こう|向う)|(?P<past>過去|ここ)"
    r"|(?P<minus>マイナス|▲)|(?P<cur>US\$|\$|¥|€|£)|(?P<scale>震度|マグニチュード)"
    r"|(?P<article>Article|Art\.|Section|Chapter|Paragraph)[ ]"
    r")" + SP + r"\Z",
    why="a word just before a number that dates, bounds, hedges or types it (令和, 約, 最大で, 第, $)",
    matches=(("人口は約", "約"), ("紀元前", "紀元前"), ("少なくとも ", "少なくとも "), ("被害額は最大で", "最大で")),
    rejects=("新たな契約", "交渉次第", "午前中"),
)
PREFIX_SPAN_GROUPS = ("era", "seireki", "bc", "ampm", "speed", "ord", "approx", "ge", "le", "future", "past", "minus", "cur",
                      "article", "scale")
ANNIVERSARY_RE = Pattern(
    "number_anniversary_before",
    r"(?:建国|創立|創業|設立|結成|発足|誕生|生誕|没後|戦後|終戦|開業|独立|開港|開校|創刊|国交正常化|統一|返還)" + SP + r"\Z",
    why="an event just before N年 that makes it years since the event (戦後80年), not a calendar year",
    matches=(("日本の戦後", "戦後"), ("同社の創立 ", "創立 "), ("国交正常化", "国交正常化")),
    rejects=("戦後処理の",),
)
CURRENCY_PREFIX = {"US$": "USD", "$": "USD", "¥": "JPY", "€": "EUR", "£": "GBP"}

# Counters (number_counters.tsv): surface (in folded form) -> (unit, class), in file order. Classes:
# count, money, percent, multiple, age, year, month, week, day, hour, minute, second, century,
# legal, id, ordinal, measure, fraction. not_after: characters that start other words after the
# counter (名前, 国民, 条約, 機能, 日刊 are not counts).
COUNTERS: dict[str, tuple[str | None, str]] = {}
_NOT_AFTER: dict[str, str] = {}
for _s, _row in _keyed("number_counters.tsv", "surface", ("unit", "class"), ("not_after",)).items():
    COUNTERS[_s] = (_row["unit"], _row["class"])
    if _row["not_after"]:
        _NOT_AFTER[_s] = _row["not_after"]
# ヶ in a key stands for every way to write the counter link: ヶ月, か月, カ月, ヵ月, ケ月, 箇月.
for _s in [k for k in COUNTERS if "ヶ" in k]:
    for _alt in "ケカヵか箇":
        COUNTERS[_s.replace("ヶ", _alt)] = COUNTERS[_s]


def _counter_alternative(surface: str) -> str:
    pat = re.escape(surface)
    if surface in _NOT_AFTER:
        pat += "(?![" + _NOT_AFTER[surface] + "])"
    if surface[-1].isascii() and surface[-1].isalpha():
        pat += "(?![A-Za-z])"  # 3 m, not the m of 3 months
    return pat


COUNTER_RE = Pattern(
    "number_counter",
    SP + "(?P<c>" + "|".join(_counter_alternative(s) for s in sorted(COUNTERS, key=len, reverse=True)) + ")",
    why="the counter after a number (人, ヶ国, 円, %, km, 年), longest first, unless it starts another word",
    matches=(("3人", "人"), ("5 ヶ国", " ヶ国"), ("20ヵ月", "ヵ月"), ("高さ3m", "m")),
    rejects=("名前", "国民", "3months"),
)

# After the counter: bounds and hedges that belong to the expression (number_suffix_bounds.tsv).
SUFFIX_RE = Pattern(
    "number_suffix_bound",
    SP
    + r"(?P<s>以上|以下|未満|超え|超|強|弱|余り|あまり|余|近く|前後|程度|ほど|くらい|ぐらい|内外|足らず|以内|台(?![湾頭風所地帳詞本]))",
    why="a bound or hedge after the counter that belongs to the expression (100人以上, 3割強, 30台)",
    matches=(("100人以上が", "以上"), ("3割強", "強"), ("30台", "台"), ("50人 程度", " 程度")),
    rejects=("中国と台湾",),
)
SUFFIX_BOUND = {w: (r["bound"] or None, _yes_no("number_suffix_bounds.tsv", r["hedged"]))
                for w, r in _keyed("number_suffix_bounds.tsv", "word", ("hedged",), ("bound",)).items()}
# After the expression, not part of it: thresholds stated by a verb (7万6千人を下回る).
THRESHOLD_RE = Pattern(
    "number_threshold_verb",
    SP + r"を" + SP + r"(?P<v>上回|超え|超す|超過|下回|割り込|割込|切)",
    why="a verb after the expression that states a threshold: 7万6千人を下回る",
    matches=(("7万6千人を下回る", "を下回"), ("支持率が3割を切った", "を切"), ("1万人 を超えた", " を超え")),
    rejects=("目標を達成した",),
)
THRESHOLD_BOUND = {v: r["bound"] for v, r in _keyed("number_threshold_verbs.tsv", "verb", ("bound",)).items()}

RELATION_RE = Pattern(
    "number_relation",
    SP + r"(?P<r>までに|まで|以降|以後|以来|から|より前|以前|時点|現在|以内)",
    why="a word after a date or number that relates it to time (3月までに, 2020年以来, 1日現在)",
    matches=(("3月までに", "までに"), ("2020年以来", "以来"), ("4月1日現在", "現在")),
)
RELATION = {w: r["relation"] for w, r in _keyed("number_relations.tsv", "word", ("relation",)).items()}
AGO_LATER_RE = Pattern(
    "number_ago_later",
    SP + r"(?P<a>前|後)(?![半期者述記提])",
    why="前 or 後 after a length of time: 3年前, 10日後",
    matches=(("3年前", "前"), ("10日後に", "後")),
    rejects=("前半", "後者"),
)
WEEKDAY_AFTER_RE = Pattern(
    "number_weekday_after",
    r"[ ]?(?:\((?P<w>[月火水木金土日])(?:曜日?)?\)|(?P<v>[月火水木金土日])曜日?)",
    why="the weekday written after a date, in brackets or as a word: 16日(金), 5月3日土曜日",
    matches=(("16日(金)に", "(金)"), ("3日土曜日", "土曜日"), ("7日(火曜)", "(火曜)")),
    rejects=("16日に金を", "3日日本に"),
)
DAY_PART_AFTER_RE = Pattern(
    "number_day_part_after",
    r"[ ]?(?P<p>" + "|".join(re.escape(w) for w in sorted(DAY_PARTS, key=len, reverse=True)) + r")(?![0-9〇一二三四五六七八九十]|[ ]?[0-9])",
    why="a part of the day after a date, with no clock time after it: 30日夜, 13日未明, 同日午後 (TimeML: TNI, TMO, TAF, TEV)",
    matches=(("30日夜", "夜"), ("13日未明", "未明"), ("同日午後に", "午後")),
    rejects=("同日午後3時", "20日午前9時"),
)
TIME_ZONE_BEFORE_RE = Pattern(
    "number_time_zone_before",
    r"(?:UTC|GMT|JST)[ ]?[+-]?[ ]?\Z",
    why="a time-zone designator before a number: UTC+9 is no quantity",
    matches=(("UTC+", "UTC+"), ("GMT-", "GMT-")),
    rejects=("CUT+",),
)
OF_YEAR_PART_RE = Pattern(
    "number_of_year_part",
    r"の(?P<p>年末|年初|年始|春|夏|秋|冬)(?![休季期場物服])",
    why="a part of a year named after a relative year word: 今年の年末, 来年の春",
    matches=(("今年の年末に", "の年末"), ("来年の春", "の春")),
    rejects=("今年の夏休み", "今年の冬季五輪"),
)
MERIDIEM_RE = Pattern(
    "number_meridiem",
    r"[ ]?(?<![A-Za-z])(?P<m>[AaPp]\.?[Mm]\.?)(?![A-Za-z])",
    why="AM/PM after a clock time: 10:30PM is 22:30",
    matches=(("10:30PM", "PM"), ("7:15 a.m.", " a.m."), ("9:00am", "am")),
    rejects=("10:30 Program", "8:00 AMD"),
)
YEAR_MONTH_SLASH_RE = Pattern(
    "number_year_month_slash",
    r"(?P<y>[12][0-9]{3})[/.](?P<m>[0-9]{1,2})(?![0-9]|[/.][0-9])",
    why="a month written as year/month: 2019/11, 2020.04",
    matches=(("2019/11に公開", "2019/11"), ("2020.04から", "2020.04")),
    rejects=("2019/11/3", "2019.11.30"),
)
DAY_RANGE_TAIL_RE = Pattern(
    "number_day_range_tail",
    r"[ ]?[〜-][ ]?(?P<d>[0-9]{1,2})(?![0-9/.:])(?:[ ]?日)?",
    why="the last day of a range written after a full date: 2019/3/5~8, 2019/3/5〜8日",
    matches=(("2019/3/5〜8", "〜8"), ("3/5-12日", "-12日")),
    rejects=("3/5〜3/8", "3/5〜8:30"),
)
DATE_PART_SUFFIX_RE = Pattern(
    "number_date_part",
    SP + r"(?P<p>上旬|中旬|下旬|初旬|初め|初頭|末|半ば|前半|後半|前期|中期|後期|末期|初期|頃|ごろ|(?:春|夏|秋|冬)(?![休季期場物服]))",
    why="a part of a month, year or period after a date: 5月上旬, 年末, 90年代半ば, 2008年春",
    matches=(("5月上旬", "上旬"), ("年末", "末"), ("90年代半ば", "半ば")),
)
RANGE_SEP_RE = Pattern(
    "number_range_sep",
    SP + r"(?P<sep>〜|-|ないし|乃至|から)" + SP,
    why="the separator between the two ends of a range: 3〜5, 10ないし20",
    matches=(("3〜5", "〜"), ("10ないし20", "ないし"), ("5 から 7", " から ")),
)

NUM = r"(?:[0-9]+|[〇零一二三四五六七八九十百千]+)"
YEAR_RANGE_RE = Pattern(
    "number_year_range",
    rf"(?P<y1>[12][0-9]{{3}}){SP}(?:(?:年(?P<fy1>度)?)?{SP}(?:〜|-)|(?P<kara>から)){SP}(?P<y2>[12][0-9]{{3}}|[0-9]{{2}})"
    rf"(?:{SP}年(?P<fy2>度)?|(?(kara)(?!)|(?![0-9]|[ ]?[-/.][0-9])))",
    why="a range of years: 2020〜2024年, 2019年度-21年度; a bare 2020から2024 needs 年, and 2020-12-01 is a date",
    matches=(("2020〜2024年", "2020〜2024年"), ("2019年度-21年度", "2019年度-21年度"), ("2010から2015年", "2010から2015年")),
    rejects=("2020から2024", "2020-12-01"),
)
YMD_RE = Pattern(
    "number_ymd",
    rf"(?P<y>{NUM}|元){SP}年(?:{SP}(?P<m>{NUM}){SP}月(?:{SP}(?P<d>{NUM}){SP}日)?)?",
    why="a date from the year on: 2024年3月15日, 令和元年, 二〇二三年十月",
    matches=(("2024年3月15日", "2024年3月15日"), ("令和元年", "元年"), ("二〇二三年十月", "二〇二三年十月")),
)
MONTH_RANGE_RE = Pattern(
    "number_month_range",
    rf"(?P<m1>{NUM}){SP}(?:月{SP})?(?:〜|-){SP}(?P<m2>{NUM}){SP}月(?P<q>期)?",
    why="a range of months, or a quarter stated as one: 4〜6月期, 1月-3月",
    matches=(("4〜6月期", "4〜6月期"), ("1月-3月", "1月-3月")),
)
MD_RE = Pattern(
    "number_month_day",
    rf"(?P<m>{NUM}){SP}月(?![曜刊給面額光間])(?:{SP}(?P<d>{NUM}){SP}日)?",
    why="a month, with its day if given: 3月15日, 十二月; not 月 that starts another word (月曜, 月刊)",
    matches=(("3月15日", "3月15日"), ("十二月", "十二月")),
    rejects=("第1月曜日",),
)
D_RE = Pattern(
    "number_day",
    rf"(?P<d>{NUM}){SP}日(?![刊常記誌系銀間目])",
    why="a day of the month: 15日; not a length of days (3日間) or a count (10日目)",
    matches=(("15日に", "15日"), ("三日", "三日")),
    rejects=("3日間", "10日目"),
)
YEAR_SUFFIX_RE = Pattern(
    "number_year_suffix",
    r"度|版|代(?![表理替金償わ行案価])",
    why="what turns N年 into a fiscal year, an edition or a decade: 2024年度, 2025年版, 90年代",
    matches=(("2024年度", "度"), ("2025年版", "版"), ("90年代", "代")),
    rejects=("2024年代表選考",),
)
SLASH_DATE_RE = Pattern(
    "number_slash_date",
    r"(?P<a>[0-9]{1,4})(?P<sep>[/.-])(?P<b>[0-9]{1,2})(?P=sep)(?P<c>[0-9]{1,4})(?![0-9])",
    why="a numeric date with one separator used twice: 2024/3/15, 15.03.2024",
    matches=(("2024/3/15", "2024/3/15"), ("15.03.2024", "15.03.2024")),
    rejects=("2024/3-15",),
)
HHMM_RE = Pattern(
    "number_hhmm",
    r"(?P<h>[0-9]{1,2}):(?P<mi>[0-5][0-9])(?![0-9:])",
    why="a clock time: 9:30",
    matches=(("午前9:30に", "9:30"), ("23:05", "23:05")),
    rejects=("縮尺1:100の地図",),
)
CLOCK_TAIL_RE = Pattern(
    "number_clock_tail",
    rf"{SP}(?:(?P<half>半)|(?P<mi>{NUM}){SP}分(?!間))",
    why="the minutes after N時: 9時半, 10時30分; not a length of minutes (30分間)",
    matches=(("9時半", "半"), ("10時30分", "30分")),
    rejects=("30分間",),
)

LIST_MARKER_RE = Pattern(
    "number_list_marker",
    r"[ ]*(?:[0-9]{1,2}[.)](?=[ ]|[0-9]{4}(?:[ ]?年|〜|-)|[^0-9])|\([0-9]{1,2}\)|[①-⑳])",
    why="a list item number: 1. , (3), ②, and 1. before a year (1.2022年); not a decimal",
    matches=(("1. 概要", "1."), ("(3)", "(3)"), ("②", "②"), ("1.2022年に", "1.")),
    rejects=("3.14",),
)

# Kanji numerals that are words, not counts (一部, 一時的, 十分に, 二度と).
KANJI_IDIOM_RE = Pattern(
    "number_kanji_idiom",
    r"一(?:部|門|時|番|件落着|人ひとり|人一人|人当|人前|つひとつ|つ一つ|代|次|方|本化|枚岩|回り|期一会)"
    r"|一日(?:も|中)|一円|四国|九州|十二分|十分(?!間)|二度と|三度目の正直|第一(?:線|人者|歩|印象)|第三者|第三国",
    why="a word with a kanji numeral that is not a count: 一部, 十分に, 第三者",
    matches=(("一部の議員", "一部"), ("十分に", "十分"), ("第三者委員会", "第三者")),
    rejects=("十分間", "一億円"),
)
BASE_BEFORE_RE = Pattern(
    "number_base_before",
    r"(?:対" + SP + r")?(?P<b>[A-Za-z]{2,}|[0-9]{4}" + SP + r"年度?|[\u4e00-\u9fff\u30a1-\u30faー]{1,8})" + SP + r"(?P<link>比(?:で)?|の)" + SP
    + r"(?:約|およそ|ほぼ)?" + SP + r"\Z",
    why="what a share or change is of, just before it: GDP比, 前年比で, 人口の約",
    matches=(("GDP比", "GDP比"), ("前年比で", "前年比で"), ("人口の約", "人口の約"), ("対前年比", "対前年比")),
    rejects=("人口の増加",),
)
BASE_OF_NOUNS = frozenset(r["word"] for r in read_rows("number_base_nouns.tsv", ("word",)))
ENGLISH_MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November December".split())}
LATIN_WORD_BEFORE_RE = Pattern(
    "number_latin_word_before",
    r"(?P<w>[A-Za-z][A-Za-z.]*)[ ]\Z",
    why="a Latin word and a space just before a number (March 2024, Art. 5)",
    matches=(("in March ", "March "), ("Art. ", "Art. ")),
    rejects=("March",),
)
KATAKANA_RUN_BEFORE_RE = Pattern(
    "number_katakana_run_before",
    r"[\u30a1-\u30faー]+\Z",
    why="a katakana word just before a number, as in a product or model name",
    matches=(("ボーイング", "ボーイング"), ("新型ミサイル", "ミサイル")),
    rejects=("ミサイル発射",),
)
LATIN_TOKEN_BEFORE_RE = Pattern(
    "number_latin_token_before",
    r"[A-Za-z][A-Za-z0-9]*(?:-)?\Z",
    why="a Latin code just before a number, as in F-35 or MiG29",
    matches=(("F-", "F-"), ("型式はMiG", "MiG")),
    rejects=("F-35の",),
)
LATIN_TOKEN_AFTER_RE = Pattern(
    "number_latin_token_after",
    r"[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*",
    why="the rest of a Latin code a number starts (B-52, 37B); may be empty",
    matches=(("B-52", "B-52"), ("37B型", "37B")),
)
YEAR_AFTER_DOT_RE = Pattern(
    "number_year_after_dot",
    r"\.[12][0-9]{3}[ ]?年",
    why="a year right after a list number's dot: 1.2022年",
    matches=(("1.2022年", ".2022年"), ("1.2022 年に改定", ".2022 年")),
    rejects=("1.5倍",),
)
# N年 read as a length of time, not a year: 1000年以上, 300年ぶり, 100年にわたり.
YEARS_AS_DURATION_RE = Pattern(
    "number_years_as_duration",
    SP + r"(?:以上|以下|未満|近く|余り|超|強|弱|足らず|ぶり|間|目|にわたり|にわたって|もの|単位|前(?![後半期])|後(?![半期]))",
    why="what after N年 makes it a length of time, not a year: 1000年以上, 300年ぶり, 100年にわたり",
    matches=(("1000年以上", "以上"), ("300年ぶり", "ぶり"), ("100年にわたり", "にわたり")),
    rejects=("前半", "後期"),
)
YEAR_RANGE_SIDE_RE = Pattern(
    "number_year_range_side",
    SP + r"[-〜–]" + SP + r"[0-9]{3,4}" + SP + r"年",
    why="the far end of a year range after a number: 〜2030年",
    matches=(("〜2030年", "〜2030年"), ("- 1945年", "- 1945年")),
    rejects=("〜30年",),
)
YEAR_RANGE_BEFORE_RE = Pattern(
    "number_year_range_before",
    r"年" + SP + r"[-〜–]" + SP + r"\Z",
    why="the near end of a year range before a number: 2020年〜",
    matches=(("2020年〜", "年〜"), ("1990年 - ", "年 - ")),
    rejects=("2020年〜2030年",),
)
LAW_NUMBER_RE = Pattern(
    "number_law_number",
    rf"(?:法律|政令|省令|府令|条例|規則|告示|勅令|法){SP}第?{SP}(?P<n>{NUM}){SP}号",
    why="the number of a law or ordinance: 法律第52号, an id, not a count",
    matches=(("法律第52号", "法律第52号"), ("政令第三百号", "政令第三百号")),
    rejects=("第5号台風",),
)
PER_TIME_RE = Pattern(
    "number_per_time",
    r"(?:/|毎)(?P<per>時|h|秒|s|分|min)(?![A-Za-z])",
    why="a per-time after a measure that makes it a speed or rate: 100km/h, 毎秒",
    matches=(("100km/h", "/h"), ("毎秒", "毎秒")),
    rejects=("km/hour",),
)
SPEED_AHEAD_RE = Pattern(
    "number_speed_ahead",
    r"(?:時速|秒速|分速)" + SP,
    why="a speed word before a number: 時速300キロ",
    matches=(("時速300キロ", "時速"), ("秒速 5", "秒速 ")),
)
URL_RE = Pattern(
    "number_url",
    r"(?:https?://|www\.)[!-~]+",
    why="a URL, whose digits are not numbers",
    matches=(("詳細はhttps://example.jp/a?b=1を参照", "https://example.jp/a?b=1"), ("www.example.go.jp", "www.example.go.jp")),
)
CODE_RE = Pattern(
    "number_code",
    r"[0-9]+(?:-[0-9]+)+",  # 03-1234-5678, 100-8914, 1-7-1, 3-1
    why="digits joined by hyphens: a phone number, postcode, address or score, not a range",
    matches=(("電話03-1234-5678", "03-1234-5678"), ("〒100-8914", "100-8914")),
    rejects=("背番号10",),
)
BRANCH_RE = Pattern(
    "number_branch",
    r"の[0-9]+",
    why="の and a number after a number, as in an address (2の3)",
    matches=(("1丁目2の3", "の3"),),
    rejects=("日本の首相",),
)
ENGLISH_SCALE_RE = Pattern(
    "number_english_scale",
    r"[ ]?(?P<w>thousand|million|billion|trillion|bn|mn|m|k)(?![A-Za-z])",
    why="an English scale word after a number: $5 billion, $3bn",
    matches=(("$5 billion", " billion"), ("$3bn", "bn")),
    rejects=("5 miles",),
)
ENGLISH_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
EVENT_AFTER_RE = Pattern(
    "number_event_after",
    r"テロ|事件|同時",
    why="an event word after a date that names the event (9.11テロ), not a number",
    matches=(("9.11テロ", "テロ"), ("5.15事件", "事件")),
)


FLIGHT_NUMBER_BEFORE = Pattern(
    "numbers_flight_number_before",
    r"(?:行き|発|航空|エア|[A-Z]{2})\Z",
    why="what stands right before the number of N便 when it names one flight (a route or an airline), not a count",
    matches=("ラルナカ発プラハ行き", "日本航空", "JAL"),
    rejects=("1日", "毎日", "計", "増"),
)
