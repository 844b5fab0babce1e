"""Numeric expressions (pipeline/analysis/numbers/expressions.py) on real seed snippets, exact values."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.analysis.numbers.expressions import NumericExpression, extract_numeric_expressions, parse_numeral

ROOT = Path(__file__).resolve().parents[1]
N = None


def find(text: str, surface: str) -> NumericExpression:
    hits = [e for e in extract_numeric_expressions(text) if e.text == surface]
    assert len(hits) == 1, f"{surface!r} in {text!r}: got {[e.text for e in extract_numeric_expressions(text)]}"
    return hits[0]


# snippet, expression as written, kind, value, low, high, unit, bound, approx, vague, base, date
CASES = [
    # counts, approximations, bounds
    ("NATOの約30の重要組織および軍事機構から", "約30", "quantity", 30.0, 30.0, 30.0, N, N, True, False, N, N),
    ("軍事機構から約200名の要員を撤収する", "約200名", "quantity", 200.0, 200.0, 200.0, "person", N, True, False, N, N),
    ("ヨーロッパ駐留軍が7万6千人を下回る場合", "7万6千人", "quantity", 76000.0, N, 76000.0, "person", "lt", False, False, N, N),
    ("約8万の軍隊に比べれば", "約8万", "quantity", 80000.0, 80000.0, 80000.0, N, N, True, False, N, N),
    ("そのうちほぼ半数はドイツに配備されている", "ほぼ半数", "quantity", 0.5, 0.5, 0.5, "fraction", N, True, False, N, N),
    ("この200のポジションは", "200", "quantity", 200.0, 200.0, 200.0, N, N, False, False, N, N),
    ("総額8000億ユーロ規模の防衛強化計画", "8000億ユーロ", "money", 8.0e11, 8.0e11, 8.0e11, "EUR", N, False, False, N, N),
    ("防衛費は1.2兆円に達した", "1.2兆円", "money", 1.2e12, 1.2e12, 1.2e12, "JPY", N, False, False, N, N),
    ("駐留軍は七万六千人", "七万六千人", "quantity", 76000.0, 76000.0, 76000.0, "person", N, False, False, N, N),
    ("処理能力を既に3倍近く上回るペース", "3倍近く", "multiple", 3.0, N, 3.0, "times", "under", True, False, N, N),
    ("「思いやり予算」の倍増を要求し", "倍増", "multiple", 2.0, 2.0, 2.0, "times", N, False, False, N, N),
    ("加盟国にGDP比5%以上の防衛支出を要求", "5%以上", "percent", 5.0, 5.0, N, "percent", "ge", False, False, "GDP", N),
    ("国防費をGDPの5%に引き上げる", "5%", "percent", 5.0, 5.0, 5.0, "percent", N, False, False, "GDP", N),
    ("今後 10 年間で防衛費を GDP の 5％に引き上げる", "5％", "percent", 5.0, 5.0, 5.0, "percent", N, False, False, "GDP", N),
    ("防衛費の対GDP比2%への増額", "2%", "percent", 2.0, 2.0, 2.0, "percent", N, False, False, "GDP", N),
    ("従来の2%基準を大きく引き上げた", "2%", "percent", 2.0, 2.0, 2.0, "percent", N, False, False, N, N),
    ("支持率は2〜3割にとどまる", "2〜3割", "percent", N, 20.0, 30.0, "percent", N, False, False, N, N),
    ("成長率は10-20%と見込まれる", "10-20%", "percent", N, 10.0, 20.0, "percent", N, False, False, N, N),
    ("その過程は数年続く可能性がある", "数年", "duration", N, 2.0, 9.0, "year", N, False, True, N, N),
    ("欧州の通常戦力は数週間で崩壊する", "数週間", "duration", N, 2.0, 9.0, "week", N, False, True, N, N),
    ("この計画は数ヶ月前から進められており", "数ヶ月前", "date", N, N, N, N, N, False, True, N, N),  # a date some months ago
    ("数百人の兵士が", "数百人", "quantity", N, 200.0, 900.0, "person", N, False, True, N, N),
    ("今後 10 年間で防衛費を", "今後 10 年間", "duration", 10.0, 10.0, 10.0, "year", N, False, False, N, N),
    ("コラム:アメリカ建国250年、第2次トランプ政権", "250年", "quantity", 250.0, 250.0, 250.0, "year", N, False, False, N, N),
    ("「1 国への攻撃はすべてへの攻撃」", "1 国", "quantity", 1.0, 1.0, 1.0, "country", N, False, False, N, N),
    ("「一国への攻撃は全加盟国への攻撃」", "一国", "quantity", 1.0, 1.0, 1.0, "country", N, False, False, N, N),
    ("たった 5 パラグラフで", "5 パラグラフ", "quantity", 5.0, 5.0, 5.0, "paragraph", N, False, False, N, N),
    ("バルト三国を守る意思がない", "三国", "quantity", 3.0, 3.0, 3.0, "country", N, False, False, N, N),
    ("理由は三つある。", "三つ", "quantity", 3.0, 3.0, 3.0, "item", N, False, False, N, N),
    ("テロ事件後の一度のみである", "一度", "quantity", 1.0, 1.0, 1.0, "times", N, False, False, N, N),
    ("現在60歳以上の", "60歳以上", "age", 60.0, 60.0, N, "year", "ge", False, False, N, N),
    ("会見は午後3時半に始まった", "午後3時半", "time", 15.5, 15.5, 15.5, N, N, False, False, N, N),
    ("支援額は100万ドルにのぼる", "100万ドル", "money", 1.0e6, 1.0e6, 1.0e6, "USD", N, False, False, N, N),
    ("総額10億元の投資", "10億元", "money", 1.0e9, 1.0e9, 1.0e9, "CNY", N, False, False, N, N),
    ("1兆ウォン規模", "1兆ウォン", "money", 1.0e12, 1.0e12, 1.0e12, "KRW", N, False, False, N, N),
    ("500ポンドの罰金", "500ポンド", "money", 500.0, 500.0, 500.0, "GBP", N, False, False, N, N),
    ("有権者の3分の1が", "3分の1", "quantity", 1 / 3, 1 / 3, 1 / 3, "fraction", N, False, False, N, N),
    ("参加者は50万人台に", "50万人台", "quantity", N, 500000.0, 600000.0, "person", N, False, False, N, N),
    ("10本強飲んだ", "10本強", "quantity", 10.0, 10.0, N, "item", "over", True, False, N, N),
    ("十数人が負傷した", "十数人", "quantity", N, 11.0, 19.0, "person", N, False, True, N, N),
    # dates
    ("22/01/2026", "22/01/2026", "date", N, N, N, N, N, False, False, N, "2026-01-22"),
    ("2026/1/20 公開", "2026/1/20", "date", N, N, N, N, N, False, False, N, "2026-01-20"),
    ("01/02/2026", "01/02/2026", "date", N, N, N, N, N, False, False, N, N),
    ("2026年1月20日、世界の注目が", "2026年1月20日", "date", N, N, N, N, N, False, False, N, "2026-01-20"),
    ("2025年6月のハーグNATOサミット期間中", "2025年6月", "date", N, N, N, N, N, False, False, N, "2025-06"),
    ("しかし 6 月 25 日のハーグ・サミットで", "6 月 25 日", "date", N, N, N, N, N, False, False, N, N),
    ("NATO は 1949 年、ソ連の脅威に対する", "1949 年", "date", N, N, N, N, N, False, False, N, "1949"),
    ("2025年度の防衛白書によれば", "2025年度", "date", N, N, N, N, N, False, False, N, "2025-04-01/2026-03-31"),
    ("防衛省「令和7年版防衛白書」", "令和7年版", "date", N, N, N, N, N, False, False, N, "2025"),
    ("平成元年に", "平成元年", "date", N, N, N, N, N, False, False, N, "1989"),
    ("2035年までにGDP比5%への引き上げ", "2035年", "date", N, N, N, N, N, False, False, N, "2035"),
    ("2.2023~2024年:長期戦化と負担分担論の再浮上", "2023~2024年", "date", N, N, N, N, N, False, False, N, "2023/2024"),
    ("(太平洋, 2020-2026)", "2020-2026", "date", N, N, N, N, N, False, False, N, "2020/2026"),
    ("1995〜2001年の間", "1995〜2001年", "date", N, N, N, N, N, False, False, N, "1995/2001"),
    ("1.2022年:ウクライナ侵攻とNATOの再活性化", "2022年", "date", N, N, N, N, N, False, False, N, "2022"),
    ("12世紀にポルトガル王国が成立し", "12世紀", "date", N, N, N, N, N, False, False, N, "1101/1200"),
    ("1990年代の欧州", "1990年代", "date", N, N, N, N, N, False, False, N, "1990/1999"),
    # ordinals, legal, ids, labels
    ("トランプ政権は二期目の開始当初から", "二期目", "ordinal", 2.0, 2.0, 2.0, "term", N, False, False, N, N),
    ("2025年1月20日に発足した第2次トランプ政権は", "第2次", "ordinal", 2.0, 2.0, 2.0, "round", N, False, False, N, N),
    ("トランプ大統領(第2期)が掲げる", "第2期", "ordinal", 2.0, 2.0, 2.0, "term", N, False, False, N, N),
    ("政権2年目を迎え具体化した", "2年目", "ordinal", 2.0, 2.0, 2.0, "year", N, False, False, N, N),
    ("第二の冷戦", "第二", "ordinal", 2.0, 2.0, 2.0, N, N, False, False, N, N),
    ("同盟条約第5条(集団的自衛権)の脆弱性", "第5条", "legal", 5.0, 5.0, 5.0, "article", N, False, False, N, N),
    ("NATO 条約第 3 条は、攻撃に対する", "第 3 条", "legal", 3.0, 3.0, 3.0, "article", N, False, False, N, N),
    ("憲法9条にとって、この意味合いは", "9条", "legal", 9.0, 9.0, 9.0, "article", N, False, False, N, N),
    ("国際連合憲章第51条により認められている", "第51条", "legal", 51.0, 51.0, 51.0, "article", N, False, False, N, N),
    ("recognised by Article 51 of the Charter", "Article 51", "legal", 51.0, 51.0, 51.0, "article", N, False, False, N, N),
    ("新たな大統領令15024号の下で", "15024号", "id", 15024.0, 15024.0, 15024.0, "number", N, False, False, N, N),
    ("「トランプ2.0」ドクトリンは", "トランプ2.0", "label", N, N, N, N, N, False, False, N, N),
    ("国家安全保障戦略(NSS2025)では", "NSS2025", "label", N, N, N, N, N, False, False, N, N),
    ("欧州防衛準備態勢2030(Readiness 2030)と呼ばれる", "Readiness 2030", "label", N, N, N, N, N, False, False, N, N),
    ("C-17や大型輸送機は限られ", "C-17", "label", N, N, N, N, N, False, False, N, N),
    ("F-35を導入", "F-35", "label", N, N, N, N, N, False, False, N, N),
    ("G7サミット", "G7", "label", N, N, N, N, N, False, False, N, N),
    ("COVID-19の流行", "COVID-19", "label", N, N, N, N, N, False, False, N, N),
    ("5G通信網", "5G", "label", N, N, N, N, N, False, False, N, N),
    ("9.11テロ以降", "9.11", "label", N, N, N, N, N, False, False, N, N),
]


@pytest.mark.parametrize("text, surface, kind, value, low, high, unit, bound, approx, vague, base, date", CASES)
def test_expression_fields(text, surface, kind, value, low, high, unit, bound, approx, vague, base, date):
    e = find(text, surface)
    assert (e.kind, e.unit, e.bound, e.approx, e.vague, e.base, e.date) == (kind, unit, bound, approx, vague, base, date)
    for got, want in ((e.value, value), (e.value_low, low), (e.value_high, high)):
        assert got == pytest.approx(want) if want is not None else got is None


# snippet, relation of the expression
RELATIONS = [
    ("2027年までにヨーロッパが", "2027年", "by"),
    ("1949年以来の同盟にとって", "1949年", "since"),
    ("2022 年以降、多くの加盟国が", "2022 年", "since"),
    ("今年 1 月以降、トランプ政権は", "今年 1 月", "since"),
    ("現状(2026年2月時点)", "2026年2月", "as_of"),
    ("2026年現在の状況と懸念", "2026年", "as_of"),
    ("今後 10 年間で防衛費を", "今後 10 年間", "within"),
    ("数ヶ月前から進められており", "数ヶ月前", "ago"),
    ("686年から695年までの期間", "695年", "until"),
]


@pytest.mark.parametrize("text, surface, relation", RELATIONS)
def test_relation(text, surface, relation):
    assert find(text, surface).relation == relation


# snippet, every expression text the parser must return, in order
WHOLE = [
    ("1.2022年:ウクライナ侵攻とNATOの再活性化", ["2022年"]),
    ("(1)抑止力の低下", []),
    ("  1. 防衛費の再定義:NATO加盟国に対しGDP比5%以上への段階的増加を求め", ["5%以上"]),
    ("2018 年、トランプはこれを 4％か 5％に引き上げるべきだと提案した", ["2018 年", "4％", "5％"]),
    ("国防総省は、一度に劇的に撤退することを求めるのではなく", []),
    ("米国とNATOの関係を一度は再結束させたが", []),
    ("欧州が突きつけられた「自律か、従属か」という二者択一は", []),
    ("特定の加盟国との二国間関係の変化", []),
    ("欧州は一時的に米国の関税撤回や交渉合意が成立した", []),
    ("第一に、NATOの軍事能力そのものは依然としてロシアを大きく上回っている。", []),
    ("「アメリカ第一」の論理に合致する", []),
    ("紙面上の数字よりもはるかに重いものだった", []),
    ("複数の匿名の米国政府関係者が", []),
    ("シナリオは十分考えられる", []),
    ("三菱重工業のシニア調達アナリスト", []),
    ("NATOは冷戦後最も深刻な内部試練に直面している", ["冷戦後"]),  # a period: since 1991
    ("NATO の初代事務総長だったイズメイ卿は", []),
    ("いずれか一または複数の締約国に対する武力攻撃", []),
    ("軍事費予算の配分の一つひとつ", []),
    ("ロシアの歴史は1000年以上あり、6世紀-7世紀の東ヨーロッパ平原", ["1000年以上", "6世紀-7世紀"]),
    ("でんぱほう、昭和25年法律第131号", ["昭和25年法律第131号"]),
    ("３kgのレッドブルと、２USドルのモンスター", ["３kg", "２USドル"]),
    ("時速50kmから時速60km", ["時速50kmから時速60km"]),
    ("問い合わせは03-1234-5678へ。日本は3-1で勝利した", ["03-1234-5678", "3-1"]),
    ("詳細は https://example.com/2024/01/20/news.html を参照", []),
    ("千葉県四日市市の三菱商事で百貨店の一部を", []),
    ("半減期は約30年", ["約30年"]),
]


# snippet, expression, kind, value, low, high, unit, date: rules beyond the seeds
MORE = [
    ("ソウル発釜山行き704便が遅れた", "704便", "id", 704.0, 704.0, 704.0, "flight", N),
    ("1日4便を運航する", "4便", "quantity", 4.0, 4.0, 4.0, "flight", N),
    ("桜花賞で2着に入った", "2着", "ordinal", 2.0, 2.0, 2.0, "finish", N),
    ("同社の2024年4〜12月期の連結決算", "2024年4〜12月期", "date", N, N, N, N, "2024-04/2024-12"),
    ("最大震度6弱を観測した", "最大震度6弱", "quantity", 6.0, 6.0, 6.0, "shindo", N),
    ("M7.1の地震", "M7.1", "quantity", 7.1, 7.1, 7.1, "magnitude", N),
    ("3、4人が負傷", "3、4人", "quantity", N, 3.0, 4.0, "person", N),
    ("前年比-3.5%", "-3.5%", "percent", -3.5, -3.5, -3.5, "percent", N),
    ("売上高は▲2.3%", "▲2.3%", "percent", -2.3, -2.3, -2.3, "percent", N),
    ("平成5年法律第88号", "平成5年法律第88号", "id", 88.0, 88.0, 88.0, "number", "1993"),
    ("686年から695年まで", "686年", "date", N, N, N, N, "0686"),
    ("300年の歴史", "300年", "duration", 300.0, 300.0, 300.0, "year", N),
    ("ロシアの歴史は1000年以上", "1000年以上", "duration", 1000.0, 1000.0, N, "year", N),
    ("約2000年前", "約2000年前", "duration", 2000.0, 2000.0, 2000.0, "year", N),
    ("70歳代の女性", "70歳代", "age", N, 70.0, 79.0, "year", N),
    ("2013年比46%削減", "46%", "percent", 46.0, 46.0, 46.0, "percent", N),
    ("$1.2 billionの支援", "$1.2 billion", "money", 1.2e9, 1.2e9, 1.2e9, "USD", N),
    ("約130から150キロメートル", "約130から150キロメートル", "quantity", N, 130.0, 150.0, "km", N),
    ("１キロメートル／時", "１キロメートル／時", "quantity", 1.0, 1.0, 1.0, "km/h", N),
    ("四半世紀にわたる", "四半世紀", "duration", 0.25, 0.25, 0.25, "century", N),
]


@pytest.mark.parametrize("text, surface, kind, value, low, high, unit, date", MORE)
def test_rules_beyond_the_seeds(text, surface, kind, value, low, high, unit, date):
    e = find(text, surface)
    assert (e.kind, e.unit, e.date) == (kind, unit, date)
    for got, want in ((e.value, value), (e.value_low, low), (e.value_high, high)):
        assert got == pytest.approx(want) if want is not None else got is None


def test_base_of_a_year_comparison():
    assert find("2013年比46%削減", "46%").base == "2013年"


@pytest.mark.parametrize("text, expected", WHOLE)
def test_whole_sentence(text, expected):
    assert [e.text for e in extract_numeric_expressions(text)] == expected


@pytest.mark.parametrize("core, value, low, high, vague", [
    ("7万6千", 76000.0, 76000.0, 76000.0, False),
    ("1億2000万", 1.2e8, 1.2e8, 1.2e8, False),
    ("二〇二六", 2026.0, 2026.0, 2026.0, False),
    ("千二百三", 1203.0, 1203.0, 1203.0, False),
    ("3千万", 3.0e7, 3.0e7, 3.0e7, False),
    ("1,234.5", 1234.5, 1234.5, 1234.5, False),
    ("数十", None, 20.0, 90.0, True),
    ("十数", None, 11.0, 19.0, True),
    ("数千億", None, 2.0e11, 9.0e11, True),
])
def test_parse_numeral(core, value, low, high, vague):
    assert parse_numeral(core) == (value, low, high, vague)


def test_raw_text_offsets_are_into_the_string_given():
    text = "米国は　２０１４ 年に　約２００名を　ＧＤＰ の ５％ とした"
    found = extract_numeric_expressions(text)
    assert [(e.text, e.kind, e.value) for e in found] == [
        ("２０１４ 年", "date", None), ("約２００名", "quantity", 200.0), ("５％", "percent", 5.0)]
    assert all(text[e.start:e.end] == e.text for e in found)
    assert found[2].base == "GDP"


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("eval_numbers", ROOT / "benchmarks" / "eval_numbers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_gold_precision_and_recall():
    bench = _load_benchmark()
    if not bench.GOLD.exists():
        pytest.skip(f"{bench.GOLD} is missing")
    scores = bench.seed_scores()
    precision, recall = scores["overall"]
    assert scores["n_gold"] >= 140
    assert precision >= 0.95, scores["extras"]
    assert recall >= 0.95, scores["misses"]


def test_gold_offsets_match_the_seed_text():
    bench = _load_benchmark()
    texts = bench.seed_texts()
    for path, rows in bench.load_gold().items():
        for row in rows:
            assert texts[path][row["start"]:row["end"]] == row["text"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(
    "0123456789０１２３４５６７８９一二三四五六七八九十百千万億兆数半倍元年月日時分間度目第約超以上下未満近強弱余ほぼ〜~-/.,:()%％人名国ヶか割円ドル令和 　\nGDP比の下回G-F")) | st.characters(),
    max_size=40))
def test_never_crashes_and_offsets_are_valid(text):
    found = extract_numeric_expressions(text)
    last = 0
    for e in found:
        assert 0 <= e.start < e.end <= len(text)
        assert e.start >= last
        assert e.text == text[e.start:e.end]
        last = e.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_never_crashes_on_any_text(text):
    found = extract_numeric_expressions(text)
    assert all(0 <= e.start < e.end <= len(text) for e in found)
    assert [e.start for e in found] == sorted(e.start for e in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "one of", "a single", "a kind of": not counts, never facts
        ("日本は世界有数の経済大国の一つである", []),
        ("一つの国として振る舞う", []),
        ("それは一種の賭けだった", []),
        # list positions and grades are ordinals
        ("2つめの理由は財源だ", [("2つめ", "ordinal", 2.0, "item")]),
        ("1級建築士の資格を持つ", [("1級", "ordinal", 1.0, "grade")]),
        ("ベスト8に進出した", [("ベスト8", "ordinal", 8.0, "best")]),
        # a time zone is a label
        ("時刻は日本時間(UTC+9)で示す", [("UTC+9", "label", None, None)]),
    ],
)
def test_what_is_not_a_count(text, expected):
    assert [(e.text, e.kind, e.value, e.unit) for e in extract_numeric_expressions(text)] == expected


@pytest.mark.parametrize(
    ("text", "surface", "first", "second", "unit"),
    [
        ("試合は7-2で横浜が勝った", "7-2", 7.0, 2.0, "score"),
        ("日本は3対1でブラジルを破った", "3対1", 3.0, 1.0, "score"),
        ("リーグ戦を2勝1敗で終えた", "2勝1敗", 2.0, 1.0, "win-loss"),
    ],
)
def test_scores_keep_both_numbers(text, surface, first, second, unit):
    [e] = extract_numeric_expressions(text)
    assert (e.text, e.kind, e.value, e.value_low, e.value_high, e.unit) == (surface, "score", None, first, second, unit)
