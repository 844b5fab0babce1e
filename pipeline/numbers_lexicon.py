"""Word lists and compiled patterns for the numeric-expression parser (pipeline/numbers.py).

Everything here is built once at import. The patterns run on a width-folded copy of the
input (see WIDTH_FOLD) that has exactly the input's length, so their offsets are the
caller's offsets.
"""

from __future__ import annotations

import re

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

SP = r"[ ]{0,2}"  # raw text puts spaces between numbers and counters: 2014 年, 第 5 条

KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
KANJI_BIG = {"万": 1e4, "億": 1e8, "兆": 1e12}

_DECIMAL = r"(?:\.(?![12][0-9]{3}[ ]?年)[0-9]+)?"  # 1.2022年 is a list number and a year
_ARABIC = rf"[0-9]+(?:,[0-9]{{3}})+{_DECIMAL}|[0-9]+{_DECIMAL}"
_CHUNK = rf"(?:(?:{_ARABIC})[千百十]?|(?:何(?=[十百千万億])|[〇零一二三四五六七八九十百千数])+)"
CORE_PATTERN = rf"{_CHUNK}(?:[万億兆]+{_CHUNK}?)*"
CORE_RE = re.compile(CORE_PATTERN)

# Words that carry a number without a numeral.
SPECIAL_WORDS = {
    "過半数": ("quantity", 0.5, "fraction", "gt"),
    "半数": ("quantity", 0.5, "fraction", None),
    "半分": ("quantity", 0.5, "fraction", None),
    "半年": ("duration", 0.5, "year", None),
    "半月": ("duration", 0.5, "month", None),
    "半日": ("duration", 0.5, "day", None),
    "半世紀": ("duration", 0.5, "century", None),
    "四半世紀": ("duration", 0.25, "century", None),
    "倍増": ("multiple", 2.0, "times", None),
    "半減": ("multiple", 0.5, "times", None),
}
SPECIAL_NOT_BEFORE = {"半減": "期"}  # 半減期 is a half-life
ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926, "大正": 1912, "明治": 1868}

MASTER_RE = re.compile(
    r"(?P<special>" + "|".join(sorted(SPECIAL_WORDS, key=len, reverse=True)) + ")"
    r"|(?P<gannen>(?<=令和|平成|昭和|大正|明治)元(?=[ ]?年))"
    rf"|(?P<num>{CORE_PATTERN})"
)
ANY_NUMBER_RE = re.compile(r"[0-9〇零一二三四五六七八九十百千数半倍元]")

# What may stand just before a number (searched in a short window ending at the number).
PREFIX_RE = re.compile(
    r"(?:(?P<era>令和|平成|昭和|大正|明治)|(?P<seireki>西暦|紀元(?!前))|(?P<bc>紀元前)|(?P<reign>天皇)|(?P<ampm>午前|午後)"
    r"|(?P<speed>時速|秒速|分速)|(?P<ord>(?<!次)第)"
    r"|(?P<approx>(?<![契条集予要規節公協制誓盟解成確特締違口密新旧倹簡婚先])約|およそ|凡そ|ほぼ|概ね|おおむね|大体|だいたい|推定|ざっと|大凡)"
    r"|(?P<ge>少なくとも|最低でも|最低(?:で)?|最少でも)|(?P<le>最大(?:で)?|最長(?:で)?|最高(?:で)?|最多|多くとも|多くて|上限)"
    r"|(?P<future>今後|向こう|向う)|(?P<past>過去|ここ)"
    r"|(?P<minus>マイナス|▲)|(?P<cur>US\$|\$|¥|€|£)|(?P<scale>震度|マグニチュード)"
    r"|(?P<article>Article|Art\.|Section|Chapter|Paragraph)[ ]"
    r")" + SP + r"\Z"
)
PREFIX_SPAN_GROUPS = ("era", "seireki", "bc", "ampm", "speed", "ord", "approx", "ge", "le", "future", "past", "minus", "cur",
                      "article", "scale")
ANNIVERSARY_RE = re.compile(r"(?:建国|創立|創業|設立|結成|発足|誕生|生誕|没後|戦後|終戦|開業|独立|開港|開校|創刊|国交正常化|統一|返還)" + SP + r"\Z")
CURRENCY_PREFIX = {"US$": "USD", "$": "USD", "¥": "JPY", "€": "EUR", "£": "GBP"}

# Counters: surface (in folded form) -> (unit, class). Classes: count, money, percent, multiple,
# age, year, month, week, day, hour, minute, second, century, legal, id, ordinal, measure.
_COUNT = {
    "人": "person", "名": "person", "ヶ国": "country", "国": "country", "ヶ所": "place",
    "都市": "city", "州": "state", "県": "prefecture", "地域": "region", "拠点": "site",
    "基地": "base", "施設": "facility", "機関": "organisation", "組織": "organisation",
    "団体": "organisation", "社": "company", "校": "school", "店": "shop", "件": "case",
    "個": "item", "つ": "item", "点": "item", "品目": "item", "項目": "item", "種類": "kind",
    "回": "times", "度": "times", "機": "aircraft", "隻": "ship", "艇": "ship", "両": "vehicle",
    "台": "machine", "基": "installation", "発": "round", "門": "gun", "本": "item", "枚": "sheet",
    "冊": "volume", "頭": "animal", "匹": "animal", "羽": "bird", "票": "vote", "議席": "seat",
    "席": "seat", "世帯": "household", "戸": "household", "軒": "building", "棟": "building",
    "部隊": "unit", "師団": "division", "旅団": "brigade", "大隊": "battalion", "連隊": "regiment",
    "ページ": "page", "頁": "page", "パラグラフ": "paragraph", "段落": "paragraph", "語": "word",
    "文字": "character", "勝": "win", "敗": "loss", "選": "election", "階": "floor",
    "カ条": "article", "ヶ条": "article", "人分": "portion", "郡": "county", "区": "ward", "町": "town",
    "村": "village", "島": "island", "属": "genus", "種": "kind", "科": "family", "巻": "volume", "部": "copy",
    "石": "koku", "桁": "digit", "弦": "string", "次元": "dimension", "大学": "university", "学部": "faculty",
    "研究科": "graduate_school", "都": "metropolis", "府": "prefecture", "本塁打": "home_run", "打点": "run_batted_in", "安打": "hit", "盗塁": "stolen_base",
    "奪三振": "strikeout", "得点": "point", "ゴール": "goal", "駅": "station", "便": "flight", "試合": "match", "チーム": "team", "選手": "person",
    "球団": "team", "路線": "line",
}
_MONEY = {
    "円": "JPY", "ドル": "USD", "米ドル": "USD", "USドル": "USD", "ユーロ": "EUR", "ポンド": "GBP",
    "英ポンド": "GBP", "元": "CNY", "人民元": "CNY", "ウォン": "KRW", "ルーブル": "RUB",
    "ルーブリ": "RUB", "ルピー": "INR", "フラン": "CHF", "スイスフラン": "CHF", "豪ドル": "AUD",
    "カナダドル": "CAD", "香港ドル": "HKD", "台湾ドル": "TWD", "新台湾ドル": "TWD",
    "シンガポールドル": "SGD", "NZドル": "NZD", "ニュージーランドドル": "NZD", "リラ": "TRY",
    "レアル": "BRL", "ランド": "ZAR", "バーツ": "THB", "ルピア": "IDR", "ズロチ": "PLN",
    "フリブナ": "UAH", "グリブナ": "UAH", "クローナ": "SEK", "リンギット": "MYR", "シェケル": "ILS",
    "ディルハム": "AED", "マルク": "DEM", "ドイツマルク": "DEM", "ペニヒ": "PFENNIG", "ペソ": "PESO", "クローネ": "KRONE", "リヤル": "RIYAL", "ドン": "VND",
}
_PERCENT = {"%": "percent", "パーセント": "percent", "割": "percent", "パーセンテージポイント": "percentage_point",
            "ポイント": "point", "ベーシスポイント": "bp", "bp": "bp"}
_MEASURE = {
    "km": "km", "キロメートル": "km", "ミリメートル": "mm", "キロ": "kilo", "m": "m", "メートル": "m", "cm": "cm",
    "センチ": "cm", "センチメートル": "cm", "mm": "mm", "ミリ": "mm", "マイル": "mile",
    "海里": "nautical_mile", "kg": "kg", "キログラム": "kg", "g": "g", "グラム": "g", "t": "t",
    "トン": "t", "L": "L", "リットル": "L", "バレル": "barrel", "ha": "ha", "ヘクタール": "ha",
    "平方キロメートル": "km2", "平方キロ": "km2", "km2": "km2", "平方メートル": "m2", "m2": "m2",
    "W": "W", "kW": "kW", "MW": "MW", "GW": "GW", "ワット": "W", "キロワット": "kW",
    "メガワット": "MW", "ギガワット": "GW", "kWh": "kWh", "キロワット時": "kWh", "℃": "celsius",
    "ノット": "knot", "フィート": "ft", "インチ": "inch", "ヤード": "yard", "nm": "nm", "μm": "um", "µm": "um",
    "Hz": "Hz", "kHz": "kHz", "MHz": "MHz", "GHz": "GHz", "cc": "cc", "平方マイル": "mi2", "ミリリットル": "mL",
    "mL": "mL", "ml": "mL", "ヘルツ": "Hz", "マッハ": "mach",
}
_TIME = {
    "年間": ("year", "duration"), "年度": ("year", "fiscal"), "年版": ("year", "edition"),
    "年代": ("year", "decade"), "周年": ("year", "anniversary"), "年": ("year", "year"),
    "ヶ月間": ("month", "duration"), "ヶ月": ("month", "duration"), "月間": ("month", "duration"),
    "月": ("month", "month"), "週間": ("week", "duration"), "週": ("week", "duration"),
    "日間": ("day", "duration"), "日": ("day", "day"), "時間": ("hour", "duration"),
    "時": ("hour", "clock"), "分間": ("minute", "duration"), "分": ("minute", "minute"),
    "秒間": ("second", "duration"), "秒": ("second", "duration"), "世紀": ("century", "century"),
    "四半期": ("quarter", "ordinal"),
}
_OTHER = {
    "倍": ("times", "multiple"), "歳": ("year", "age"), "才": ("year", "age"),
    "条": ("article", "legal"), "項": ("paragraph", "legal"), "号": ("number", "legal"),
    "章": ("chapter", "legal"), "節": ("section", "legal"), "款": ("clause", "legal"),
    "位": ("rank", "ordinal"), "番": ("number", "ordinal"), "次": ("round", "ordinal"),
    "期": ("term", "term"), "代": ("generation", "generation"), "歳代": ("year", "generation"),
}

# Counter characters that start other words: 名前, 国民, 条約, 機能, 日刊 are not counts.
_NOT_AFTER = {
    "名": "前称誉目簿門乗義物所",
    "国": "民内際家連境土籍会防務王債産営有立道語旗策交力益間是",
    "社": "会長員説屋内",
    "校": "長正舎庭",
    "店": "長舗頭内",
    "機": "関構能会器械運密動体材種首長内雷",
    "台": "湾頭風所地帳詞本",
    "本": "部社土人当格来日質物気命国拠店館書州線",
    "回": "復答収避帰顧廊線路転遊覧",
    "度": "合量胸外",
    "点": "検数火滴在灯",
    "個": "人別性体室所",
    "基": "地準本盤礎金幹軸調",
    "発": "表生言足展射見売効電信行動明令出",
    "門": "家下戸",
    "両": "国者方院軍手替",
    "頭": "首領脳取部",
    "州": "議知政軍",
    "位": "置相階",
    "番": "組地号人手",
    "次": "第元期官席",
    "期": "間待限日末首",
    "代": "表理替金償わ行案価",
    "条": "約件例理",
    "項": "目",
    "号": "令",
    "節": "約目度",
    "年": "金齢収俸少長輩配鑑賀",
    "月": "曜刊給面額光",
    "日": "刊常記誌系銀",
    "時": "代点期計差刻給価事局",
    "分": "野析散裂類配担割断岐布子娩",
    "週": "刊末報",
    "歳": "出入費",
    "倍": "率",
    "割": "合安高当愛譲賦",
    "人": "民間材権口類工物質気事選柄格",
    "元": "首帥来素",
    "円": "相建形周錐滑熟満",
    "羽": "田",
    "票": "田",
    "勝": "利手",
    "選": "手択挙考抜出",
    "階": "級層",
    "戸": "籍外建",
    "軒": "並",
    "種": "類目",
    "区": "域間分別画長議切",
    "町": "長村内民議",
    "村": "長民",
    "島": "民内国嶼",
    "部": "隊長門分品署局屋材会員族下位作",
    "石": "油炭器材碑像川井",
    "科": "学目",
    "駅": "前長伝舎",
    "便": "利乗宜",
    "巻": "末頭",
    "郡": "山",
    "都": "市合度会心民内道庁議営",
    "府": "県民内庁立省",
    "大学": "院",
}

COUNTERS: dict[str, tuple[str | None, str]] = {}
for _s, _u in _COUNT.items():
    COUNTERS[_s] = (_u, "count")
for _s, _u in _MONEY.items():
    COUNTERS[_s] = (_u, "money")
for _s, _u in _PERCENT.items():
    COUNTERS[_s] = (_u, "percent")
for _s, _u in _MEASURE.items():
    COUNTERS[_s] = (_u, "measure")
for _s, (_u, _c) in {**_TIME, **_OTHER}.items():
    COUNTERS[_s] = (_u, _c)
COUNTERS["分の"] = ("fraction", "fraction")
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


COUNTER_RE = re.compile(
    SP + "(?P<c>" + "|".join(_counter_alternative(s) for s in sorted(COUNTERS, key=len, reverse=True)) + ")"
)

# After the counter: bounds and hedges that belong to the expression.
SUFFIX_RE = re.compile(
    SP
    + r"(?P<s>以上|以下|未満|超え|超|強|弱|余り|あまり|余|近く|前後|程度|ほど|くらい|ぐらい|内外|足らず|以内|台(?![湾頭風所地帳詞本]))"
)
SUFFIX_BOUND = {
    "以上": ("ge", False), "以下": ("le", False), "未満": ("lt", False), "超え": ("gt", False),
    "超": ("gt", False), "強": ("over", True), "余り": ("over", True), "あまり": ("over", True),
    "余": ("over", True), "弱": ("under", True), "近く": ("under", True), "足らず": ("under", True),
    "以内": ("le", False), "前後": (None, True), "程度": (None, True), "ほど": (None, True),
    "くらい": (None, True), "ぐらい": (None, True), "内外": (None, True), "台": ("range", False),
}
# After the expression, not part of it: thresholds stated by a verb (7万6千人を下回る).
THRESHOLD_RE = re.compile(SP + r"を" + SP + r"(?P<v>上回|超え|超す|超過|下回|割り込|割込|切)")
THRESHOLD_BOUND = {"上回": "gt", "超え": "gt", "超す": "gt", "超過": "gt", "下回": "lt", "割り込": "lt", "割込": "lt", "切": "lt"}

RELATION_RE = re.compile(SP + r"(?P<r>までに|まで|以降|以後|以来|から|より前|以前|時点|現在|以内)")
RELATION = {"までに": "by", "まで": "until", "以降": "since", "以後": "since", "以来": "since", "から": "since",
            "より前": "before", "以前": "before", "時点": "as_of", "現在": "as_of", "以内": "within"}
AGO_LATER_RE = re.compile(SP + r"(?P<a>前|後)(?![半期者述記提])")
DATE_PART_SUFFIX_RE = re.compile(SP + r"(?P<p>上旬|中旬|下旬|初旬|初め|初頭|末|半ば|前半|後半|前期|中期|後期|末期|初期|頃|ごろ)")
RANGE_SEP_RE = re.compile(SP + r"(?P<sep>〜|-|ないし|乃至|から)" + SP)

NUM = r"(?:[0-9]+|[〇零一二三四五六七八九十百千]+)"
YEAR_RANGE_RE = re.compile(
    rf"(?P<y1>[12][0-9]{{3}}){SP}(?:(?:年(?P<fy1>度)?)?{SP}(?:〜|-)|(?P<kara>から)){SP}(?P<y2>[12][0-9]{{3}}|[0-9]{{2}})"
    rf"(?:{SP}年(?P<fy2>度)?|(?(kara)(?!)|(?![0-9]|[ ]?[-/.][0-9])))"
)
YMD_RE = re.compile(rf"(?P<y>{NUM}|元){SP}年(?:{SP}(?P<m>{NUM}){SP}月(?:{SP}(?P<d>{NUM}){SP}日)?)?")
MONTH_RANGE_RE = re.compile(rf"(?P<m1>{NUM}){SP}(?:月{SP})?(?:〜|-){SP}(?P<m2>{NUM}){SP}月(?P<q>期)?")
MD_RE = re.compile(rf"(?P<m>{NUM}){SP}月(?![曜刊給面額光間])(?:{SP}(?P<d>{NUM}){SP}日)?")
D_RE = re.compile(rf"(?P<d>{NUM}){SP}日(?![刊常記誌系銀間目])")
YEAR_SUFFIX_RE = re.compile(r"度|版|代(?![表理替金償わ行案価])")
SLASH_DATE_RE = re.compile(r"(?P<a>[0-9]{1,4})(?P<sep>[/.-])(?P<b>[0-9]{1,2})(?P=sep)(?P<c>[0-9]{1,4})(?![0-9])")
HHMM_RE = re.compile(r"(?P<h>[0-9]{1,2}):(?P<mi>[0-5][0-9])(?![0-9:])")
CLOCK_TAIL_RE = re.compile(rf"{SP}(?:(?P<half>半)|(?P<mi>{NUM}){SP}分(?!間))")

LIST_MARKER_RE = re.compile(
    r"[ ]*(?:[0-9]{1,2}[.)](?=[ ]|[0-9]{4}(?:[ ]?年|〜|-)|[^0-9])|\([0-9]{1,2}\)|[①-⑳])"
)

# Kanji numerals that are words, not counts (一部, 一時的, 十分に, 二度と).
KANJI_IDIOM_RE = re.compile(
    r"一(?:部|門|時|番|件落着|人ひとり|人一人|人当|人前|つひとつ|つ一つ|代|次|方|本化|枚岩|回り|期一会)"
    r"|一日(?:も|中)|一円|四国|九州|十二分|十分(?!間)|二度と|三度目の正直|第一(?:線|人者|歩|印象)|第三者|第三国"
)
BASE_BEFORE_RE = re.compile(
    r"(?:対" + SP + r")?(?P<b>[A-Za-z]{2,}|[0-9]{4}" + SP + r"年度?|[\u4e00-\u9fff\u30a1-\u30faー]{1,8})" + SP + r"(?P<link>比(?:で)?|の)" + SP
    + r"(?:約|およそ|ほぼ)?" + SP + r"\Z"
)
BASE_OF_NOUNS = frozenset(
    "GDP GNP GNI 国内総生産 国民総生産 国民総所得 人口 全体 総額 予算 歳出 歳入 国民 世帯 有権者 回答者 "
    "収入 所得 売上 売上高 資産 総数 総人口 労働力 生産 輸出 輸入 面積".split()
)
ENGLISH_MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November December".split())}
LATIN_WORD_BEFORE_RE = re.compile(r"(?P<w>[A-Za-z][A-Za-z.]*)[ ]\Z")
KATAKANA_RUN_BEFORE_RE = re.compile(r"[\u30a1-\u30faー]+\Z")
LATIN_TOKEN_BEFORE_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-)?\Z")
LATIN_TOKEN_AFTER_RE = re.compile(r"[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
YEAR_AFTER_DOT_RE = re.compile(r"\.[12][0-9]{3}[ ]?年")
# N年 read as a length of time, not a year: 1000年以上, 300年ぶり, 100年にわたり.
YEARS_AS_DURATION_RE = re.compile(SP + r"(?:以上|以下|未満|近く|余り|超|強|弱|足らず|ぶり|間|目|にわたり|にわたって|もの|単位|前(?![後半期])|後(?![半期]))")
YEAR_RANGE_SIDE_RE = re.compile(SP + r"[-〜–]" + SP + r"[0-9]{3,4}" + SP + r"年")
YEAR_RANGE_BEFORE_RE = re.compile(r"年" + SP + r"[-〜–]" + SP + r"\Z")
LAW_NUMBER_RE = re.compile(rf"(?:法律|政令|省令|府令|条例|規則|告示|勅令|法){SP}第?{SP}(?P<n>{NUM}){SP}号")
PER_TIME_RE = re.compile(r"(?:/|毎)(?P<per>時|h|秒|s|分|min)(?![A-Za-z])")
SPEED_AHEAD_RE = re.compile(r"(?:時速|秒速|分速)" + SP)
URL_RE = re.compile(r"(?:https?://|www\.)[!-~]+")
CODE_RE = re.compile(r"[0-9]+(?:-[0-9]+)+")  # 03-1234-5678, 100-8914, 1-7-1, 3-1
BRANCH_RE = re.compile(r"の[0-9]+")
ENGLISH_SCALE_RE = re.compile(r"[ ]?(?P<w>thousand|million|billion|trillion|bn|mn|m|k)(?![A-Za-z])")
ENGLISH_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
EVENT_AFTER_RE = re.compile(r"テロ|事件|同時")
