"""Dates, times and durations: found, normalised and anchored (pipeline.analysis.timeline).

Sentences are news style, written for these tests. Anchoring uses the document pass without
the parse (tense given), except the last tests, which read the tense from GiNZA.
"""

from __future__ import annotations

import datetime

import pytest

from pipeline.analysis.numbers.expressions import extract_numeric_expressions
from pipeline.analysis.timeline.document import DatedItem, anchor_document, names_an_edition
from pipeline.analysis.timeline.eras import era_span, western_year

REF = datetime.date(2008, 5, 16)  # a Friday


def dated(text: str, reference=REF, tense=None) -> list[tuple[str, str | None, str | None, str | None]]:
    """(surface, value, precision, anchor) of every date and time expression of `text`, one paragraph."""
    found = [e for e in extract_numeric_expressions(text) if e.spec is not None]
    anchored = anchor_document([DatedItem(e.spec, 0, tense) for e in found], reference)
    return [(e.text, a.value, a.precision, a.anchor) for e, a in zip(found, anchored)]


ABSOLUTE = [
    ("大会は2008年5月3日に開幕した。", "2008年5月3日", "2008-05-03", "day"),
    ("式典は2008/5/3に行われた。", "2008/5/3", "2008-05-03", "day"),
    ("会合は2008-05-03に開かれた。", "2008-05-03", "2008-05-03", "day"),
    ("改定は2008.5.3付で発効した。", "2008.5.3", "2008-05-03", "day"),
    ("新版は2019/11に公開された。", "2019/11", "2019-11", "month"),
    ("契約はH20.5.3に結ばれた。", "H20.5.3", "2008-05-03", "day"),
    ("制度はR5年4月1日に始まった。", "R5年4月1日", "2023-04-01", "day"),
    ("条例は令和5/4/1に施行された。", "令和5/4/1", "2023-04-01", "day"),
    ("工場は令和7年に完成する。", "令和7年", "2025", "year"),
    ("同社は平成20年に設立された。", "平成20年", "2008", "year"),
    ("飢饉は天保三年に起きた。", "天保三年", "1832", "year"),
    ("文久二年に使節が派遣された。", "文久二年", "1862", "year"),
    ("新元号は令和元年5月1日に始まった。", "令和元年5月1日", "2019-05-01", "day"),
    ("展示会は2019/3/5~8に開かれる。", "2019/3/5~8", "2019-03-05/2019-03-08", "interval"),
    ("予算は2025年度に執行される。", "2025年度", "2025-04-01/2026-03-31", "interval"),
    ("同社の2024年3月期決算は黒字だった。", "2024年3月期", "2023-04-01/2024-03-31", "interval"),
    ("計画は2008年末に固まった。", "2008年末", "2008-12", "month"),
    ("城は江戸時代に築かれた。", "江戸時代", "1603/1868", "interval"),
    ("寺は鎌倉時代の建立だ。", "鎌倉時代", "1185/1333", "interval"),
    ("平成時代の歌謡曲を特集する。", "平成時代", "1989-01-08/2019-04-30", "interval"),
    ("冷戦期の外交文書が公開された。", "冷戦期", "1947/1991", "interval"),
    ("戦後の復興を振り返る。", "戦後", "1945-08-15/..", "interval"),
    ("1990年代に人口が増えた。", "1990年代", "1990/1999", "interval"),
    ("12世紀の写本が見つかった。", "12世紀", "1101/1200", "interval"),
]


@pytest.mark.parametrize(("sentence", "surface", "value", "precision"), ABSOLUTE)
def test_absolute_dates(sentence, surface, value, precision):
    assert (surface, value, precision, "absolute") in dated(sentence)


RELATIVE = [
    ("今日の会見で述べた。", "今日", "2008-05-16", "day"),
    ("本日午後に発表する。", "本日午後", "2008-05-16TAF", "day"),  # TimeML's afternoon
    ("昨日の試合で勝った。", "昨日", "2008-05-15", "day"),
    ("明日には結論が出る。", "明日", "2008-05-17", "day"),
    ("一昨日の夜に起きた。", "一昨日", "2008-05-14", "day"),
    ("今年の夏は暑い。", "今年の夏", "2008-06-01/2008-08-31", "interval"),
    ("今年は暑い。", "今年", "2008", "year"),
    ("昨年の売上を上回った。", "昨年", "2007", "year"),
    ("去年の大会では敗れた。", "去年", "2007", "year"),
    ("来年の選挙に向けて動く。", "来年", "2009", "year"),
    ("今月の会合は中止だ。", "今月", "2008-05", "month"),
    ("先月の統計が出た。", "先月", "2008-04", "month"),
    ("来月の会談が決まった。", "来月", "2008-06", "month"),
    ("今週の日程を示した。", "今週", "2008-05-12/2008-05-18", "interval"),
    ("先週の地震で被害が出た。", "先週", "2008-05-05/2008-05-11", "interval"),
    ("来週末に投票がある。", "来週末", "2008-05-24/2008-05-25", "interval"),
    ("3年前の事故を教訓にする。", "3年前", "2005", "year"),
    ("10日後に結果が出る。", "10日後", "2008-05-26", "day"),
    ("2週間前に提出した。", "2週間前", "2008-05-02", "day"),
    ("昨年5月に合意した。", "昨年5月", "2007-05", "month"),
    ("今年度の予算は減った。", "今年度", "2008-04-01/2009-03-31", "interval"),
    ("昨年末に退任した。", "昨年末", "2007-12", "month"),
    ("来年10月2日に開業する。", "来年10月2日", "2009-10-02", "day"),
    ("今月9日に会談した。", "今月9日", "2008-05-09", "day"),
]


@pytest.mark.parametrize(("sentence", "surface", "value", "precision"), RELATIVE)
def test_dates_relative_to_the_reference_date(sentence, surface, value, precision):
    assert (surface, value, precision, "reference_date") in dated(sentence)


def test_dates_relative_to_the_previous_date_of_the_text():
    text = "地震は2005年10月8日に起きた。同日夜には余震があり、翌日も続いた。同年11月、同月21日、その3日後。"
    assert dated(text)[1:] == [
        ("同日夜", "2005-10-08TNI", "day", "previous_date"),
        ("翌日", "2005-10-09", "day", "previous_date"),
        ("同年11月", "2005-11", "month", "previous_date"),
        ("同月21日", "2005-11-21", "day", "previous_date"),
        ("3日後", "2005-11-24", "day", "previous_date"),
    ]


def test_same_prefix_before_a_day_is_the_previous_month():
    assert dated("会談は2006年3月2日に始まり、同5日に終わった。")[1] == ("同5日", "2006-03-05", "day", "previous_date")


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        # 2月12日 in an article of 2026-01-22: last February when the clause is past, next February when it is future
        ("2月12日に発表した。", "past", "2025-02-12"),
        ("2月12日に発表する。", "future", "2026-02-12"),
        ("2月12日の会合", None, "2026-02-12"),
        # a bare day later than the reference day, in the past tense: the month before
        ("25日に死去した。", "past", "2025-12-25"),
        ("20日に死去した。", "past", "2026-01-20"),
        # a bare day earlier than the reference day, of a plan: next month
        ("5日に開業する予定だ。", "future", "2026-02-05"),
    ],
)
def test_a_month_and_day_without_year_takes_the_reference_year_on_the_side_its_tense_says(text, tense, expected):
    assert dated(text, datetime.date(2026, 1, 22), tense)[0][1:] == (expected, "day", "reference_date")


def test_a_weekday_after_a_day_picks_the_month():
    # 16日(金) in an article of 2007-12-02: November 16 was a Friday, December 16 a Sunday
    assert dated("16日(金)に発表した。", datetime.date(2007, 12, 2))[0][1] == "2007-11-16"


def test_a_weekday_alone_is_the_one_before_the_reference_date_or_after_it_for_the_future():
    assert dated("金曜日に辞任した。", datetime.date(2008, 5, 14), "past")[0][1] == "2008-05-09"
    assert dated("金曜日に訪米する。", datetime.date(2008, 5, 14), "future")[0][1] == "2008-05-16"


def test_a_month_and_day_after_a_year_of_another_time_in_the_same_paragraph_takes_that_year():
    assert dated("同氏は1997年に就任し、11月9日に会見した。") == [
        ("1997年", "1997", "year", "absolute"), ("11月9日", "1997-11-09", "day", "previous_date"),
    ]


def dated_as_in_a_document(text: str, reference=REF, tense=None) -> list[tuple[str, str | None]]:
    found = [e for e in extract_numeric_expressions(text) if e.spec is not None]
    items = [DatedItem(e.spec, 0, tense, 0, names_an_edition(e.spec, text, e.end)) for e in found]
    return [(e.text, a.value) for e, a in zip(found, anchor_document(items, reference))]


def test_a_year_naming_an_edition_completes_no_later_month_day():
    assert dated_as_in_a_document("同社は2002年の日韓ワールドカップの招致に関わり、警察は9月25日に捜査を始めた。", tense="past") == [
        ("2002年", "2002"), ("9月25日", "2007-09-25"),
    ]
    assert dated_as_in_a_document("2002年の日韓大会で優勝し、同年引退した。") == [("2002年", "2002"), ("同年", "2002")]
    assert dated_as_in_a_document("彼は1997年のときに入団し、11月9日に初出場した。") == [("1997年", "1997"), ("11月9日", "1997-11-09")]


def test_a_month_far_after_a_date_of_another_year_is_the_articles_own():
    late_2008 = datetime.date(2008, 12, 19)
    assert dated("2007年6月に起きた事件で、地裁は12月18日に判決を言い渡した。", late_2008, "past")[1][1] == "2008-12-18"
    assert dated("地震は2005年10月に起き、12月に仮設住宅が完成した。", datetime.date(2006, 3, 1), "past")[1][1] == "2005-12"


def test_two_digit_years_are_read_in_the_century_of_the_article():
    assert dated("07年6月に発足した。")[0][1:3] == ("2007-06", "month")
    assert dated("98年度の決算", datetime.date(2006, 1, 1))[0][1] == "1998-04-01/1999-03-31"


def test_without_a_reference_date_relative_dates_keep_what_is_known():
    assert dated("5月7日と9日、昨年に", reference=None) == [
        ("5月7日", "--05-07", "day", None), ("9日", "---09", "day", None), ("昨年", None, None, None),
    ]


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("2008年5月3日午後4時20分に到着した。", "2008年5月3日午後4時20分", "2008-05-03T16:20"),
        ("2008年5月3日夜8時に始まった。", "2008年5月3日夜8時", "2008-05-03T20:00"),
        ("2008年5月3日、10:30PMに発生。", "10:30PM", "2008-05-03T22:30"),
        ("2008年5月3日午前0時に施行された。", "2008年5月3日午前0時", "2008-05-03T00:00"),
        ("2008年5月3日、24時に閉店した。", "24時", "2008-05-04T00:00"),
    ],
)
def test_times_of_day_take_the_date_the_paragraph_gives(text, surface, value):
    assert (surface, value, "minute") in [(s, v, p) for s, v, p, _ in dated(text)]


def test_a_time_of_day_alone_keeps_only_the_clock():
    assert dated("午後4時20分に到着した。", reference=None) == [("午後4時20分", "T16:20", "minute", None)]


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("交渉は3年4ヶ月に及んだ。", "3年4ヶ月", 40.0, "month"),
        ("会談は2時間15分続いた。", "2時間15分", 135.0, "minute"),
        ("刑期は5年8カ月だ。", "5年8カ月", 68.0, "month"),
        ("作業に2日半かかった。", "2日半", 2.5, "day"),
        ("演説は20分半だった。", "20分半", 20.5, "minute"),
    ],
)
def test_durations_are_one_claim_with_one_value(text, surface, value, unit):
    found = [(e.text, e.kind, e.value, e.unit) for e in extract_numeric_expressions(text)]
    assert found == [(surface, "duration", value, unit)]


def test_a_vague_duration_has_no_value():
    [e] = extract_numeric_expressions("復旧には数週間かかる。")
    assert (e.text, e.kind, e.value, e.vague, e.unit) == ("数週間", "duration", None, True, "week")


def test_years_before_is_a_date_not_a_duration():
    [e] = extract_numeric_expressions("20年前に閉山した。")
    assert (e.kind, e.value, e.spec.relative_to, e.spec.unit, e.spec.offset) == ("date", None, "reference", "year", -20)


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("損失は1京円に達する。", "1京円", 1e16, "JPY"),
        ("打率は2割3分4厘だった。", "2割3分4厘", 23.4, "percent"),
        ("金壱萬円を受け取った。", "壱萬円", 10000.0, "JPY"),
        ("参拾人が集まった。", "参拾人", 30.0, "person"),
        ("五〇三人が避難した。", "五〇三人", 503.0, "person"),
        ("3万5千人が参加した。", "3万5千人", 35000.0, "person"),
        ("気温はマイナス5度まで下がった。", "マイナス5度", -5.0, "celsius"),
    ],
)
def test_numerals(text, surface, value, unit):
    found = [(e.text, e.value, e.unit) for e in extract_numeric_expressions(text)]
    assert (surface, value, unit) in found


@pytest.mark.parametrize("text", ["番号は200512年14月35日だった", "版は3.1.4で", "電話は03-1234-5678まで", "住所は5-1-3", "試合は3-1で終わった"])
def test_not_dates(text):
    assert [e for e in extract_numeric_expressions(text) if e.kind == "date"] == []


def test_not_a_relative_date_before_a_base_or_a_generation():
    assert [e.text for e in extract_numeric_expressions("前年比5%増で、同年代の選手に勝った。")] == ["5%"]


def test_every_era_of_the_table():
    assert western_year("大化", 1) == 645
    assert western_year("令和", 7) == 2025
    assert western_year("天保", 3) == 1832  # 天保 began in January 1831, before the lunar new year: 元年 is 1830
    assert era_span("昭和") == (datetime.date(1926, 12, 25), datetime.date(1989, 1, 7))


def test_an_era_year_past_the_end_of_that_era_is_not_a_date():
    # 延長 lasted nine years: 延長10年 is an extension of ten years
    assert [e.kind for e in extract_numeric_expressions("期間を延長10年とした")] != ["date"]
