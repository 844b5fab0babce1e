"""prepare: units, flags, language, title and dateline on the real seed articles."""

from __future__ import annotations

import codecs
import datetime
import json
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.analysis.text.segment import FLAGS, MAX_UNIT_CHARS, PreparedText, prepare
from pipeline.decode import decode_bytes

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def seed(prefix: str) -> str:
    return next(CORPUS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@cache
def prepared(prefix: str) -> PreparedText:
    return prepare(seed(prefix))


def units_with(prefix: str, flag: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(u.text, u.flags) for u in prepared(prefix).units if flag in u.flags]


def unit_containing(prefix: str, norm_fragment: str):
    (unit,) = [u for u in prepared(prefix).units if norm_fragment in u.norm_text]
    return unit


@pytest.mark.parametrize(
    ("prefix", "title", "published"),
    [
        ("000", "NATOの「頭脳流出」:アメリカが近年の機関への関与を縮小する背景にある戦略的転換と同盟の危機", datetime.date(2026, 1, 22)),
        ("001", "NATOの警鐘:欧州の防衛危機が映す日本の「自律」なき現実", None),
        ("002", "コラム:アメリカ建国250年、第2次トランプ政権とNATOの関係", None),
        ("003", "コラム:欧州のNATO加盟国は「米国抜き」で生き残れるか", None),
        ("004", None, None),  # starts with a wrapped paragraph: no heading, so no title
    ],
)
def test_title_and_published(prefix, title, published):
    p = prepared(prefix)
    assert (p.title, p.published) == (title, published)


@pytest.mark.parametrize(
    ("norm_fragment", "text", "norm_text"),
    [
        (
            "アメリカとヨーロッパが違った見解",
            "現在の安全保障上の脅威についてアメリ\nカとヨーロッパが違った見解を示しているからだ。",
            "現在の安全保障上の脅威についてアメリカとヨーロッパが違った見解を示しているからだ。",
        ),
        (
            "2014年にウクライナ",
            "ロ\nシアが 2014 年にウクライナに侵攻してクリミアを併合して以来、NATO は国\n際平和に対する主要な脅威としてモスクワに焦点を当ててきた。",
            "ロシアが2014年にウクライナに侵攻してクリミアを併合して以来、NATOは国際平和に対する主要な脅威としてモスクワに焦点を当ててきた。",
        ),
        (
            "GDPの2%",
            "トランプは以前から、NATO 加盟国は GDP の 2％を防衛費に充てるという\n2014 年の公約を守るべきだと強く主張しており、ルッテ事務総長もそれを認\nめていた。",
            "トランプは以前から、NATO加盟国はGDPの2%を防衛費に充てるという2014年の公約を守るべきだと強く主張しており、ルッテ事務総長もそれを認めていた。",
        ),
        (
            "GDPの5%",
            "現在は、ロシアの脅威と米国の支援の\n両方に対する懸念の高まりを示す決定として、NATO 加盟国（スペインを除\nく）は、今後 10 年間で防衛費を GDP の 5％に引き上げることに合意した。",
            "現在は、ロシアの脅威と米国の支援の両方に対する懸念の高まりを示す決定として、NATO加盟国(スペインを除く)は、今後10年間で防衛費をGDPの5%に引き上げることに合意した。",
        ),
    ],
)
def test_seed_004_wrapped_sentences(norm_fragment, text, norm_text):
    original = seed("004")
    unit = unit_containing("004", norm_fragment)
    assert (unit.text, unit.norm_text, unit.lang, unit.flags, unit.analysed) == (text, norm_text, "ja", (), True)
    assert original[unit.start:unit.end] == unit.text
    assert prepared("004").normalized.text[unit.norm_start:unit.norm_end] == unit.norm_text


def test_seed_004_paragraphs():
    units = prepared("004").units
    assert (len(units), len({u.para_idx for u in units})) == (47, 15)
    assert units[0].text.startswith("今週ハーグで行われた NATO 首脳会議で")  # the leading space is outside
    assert all("\n" not in u.norm_text for u in units)


@pytest.mark.parametrize(
    ("prefix", "flag", "expected"),
    [
        ("002", "boilerplate", [
            ("SHARE:", ("boilerplate",)),
            ("この記事が気に入ったら", ("boilerplate",)),
            ("フォローしよう", ("boilerplate",)),
            ("最新情報をお届けします", ("boilerplate",)),
        ]),
        ("003", "boilerplate", [
            ("SHARE:", ("boilerplate",)),
            ("この記事が気に入ったら", ("boilerplate",)),
            ("フォローしよう", ("boilerplate",)),
            ("最新情報をお届けします", ("boilerplate",)),
        ]),
        ("000", "kicker", [("article / グローバル·ポリティクス", ("kicker",))]),
        ("000", "dateline", [("22/01/2026", ("dateline",))]),
        ("002", "caption", [("2026年1月21日/スイス、ダボスの世界経済フォーラム会場、トランプ米大統領(右)とNATOのルッテ事務総長", ("caption",))]),
        ("002", "credit", [("(AP通信)", ("credit",))]),
        ("003", "caption", [("ベルギー、ブリュッセルのEU本部", ("caption",))]),
        ("003", "credit", [("(Getty Images)", ("credit",))]),
        ("000", "foreign", [("在这样的话,但是这样的话,但是这样的话。", ("foreign",))]),
        ("001", "foreign", []),
        ("004", "foreign", []),
    ],
)
def test_flagged_units(prefix, flag, expected):
    assert units_with(prefix, flag) == expected


def test_reference_lists_of_seed_003():
    assert units_with("003", "reference") == [
        ("参考・引用リスト", ("heading", "reference")),
        ("Rutte:欧州は米国なしでは自立防衛できないとの警告(The Guardian / AP / FT報道)", ("list_item", "reference")),
        ("EU高官の戦略的自律に関する発言(The Times)", ("list_item", "reference")),
        ("欧州の防衛強化・投資計画(法国Le Monde等)", ("list_item", "reference")),
        ("英仏核協調に関する報道(FT)", ("list_item", "reference")),
        ("日本国際問題研究所「米欧関係と戦略的自律」分析(2025年)", ("list_item", "reference")),
        ("防衛省「令和7年版防衛白書」欧州安全保障枠組み分析", ("list_item", "reference")),
        ("欧州防衛強化計画 Readiness 2030 の概要(Wikipedia)", ("list_item", "reference")),
        ("CEPA「What European NATO Lacks」能力欠如分析", ("list_item", "reference")),
        ("参考・引用(追記分)", ("heading", "reference")),
        ("英仏核抑止の協調に関する報道(Financial Times)", ("list_item", "reference")),
        ("フランス大統領の核抑止論議(朝日新聞)", ("list_item", "reference")),
        ("仏英核協力に関する制度分析(nippon.com)", ("list_item", "reference")),
        ("NATOと核傘への言及(The Guardian)", ("list_item", "reference")),
        ("欧州通常戦力と抑止の評価(日本国際問題研究所)", ("list_item", "reference")),
        ("米欧関係と戦略的自律の分析(日本国際問題研究所)", ("list_item", "reference")),
    ]
    assert not any(u.analysed for u in prepared("003").units if "reference" in u.flags)


def test_reference_list_ends_at_the_next_paragraph():
    texts = [u.text for u in prepared("002").units]
    after = prepared("002").units[texts.index("同盟戦略とNATOの課題に関する分析(IOG等)") + 1]
    assert (after.text, after.flags, after.analysed) == ("追記:相互防衛義務(第5条)の現状", ("heading",), True)


def test_garbled_chinese_run_is_split_from_the_japanese_before_it():
    units = prepared("000").units
    i = next(i for i, u in enumerate(units) if "foreign" in u.flags)
    before, run = units[i - 1], units[i]
    assert (before.text, before.lang, before.flags, before.analysed) == (
        "分析によれば、影響を受ける機関には現在約400名のアメリカ人スタッフがおり、これは", "ja", (), True)
    assert (run.lang, run.analysed, run.para_idx) == ("zh", False, before.para_idx)
    assert before.end == run.start


def test_english_article_5_is_en_and_not_analysed_and_its_translation_is_ja():
    units = prepared("002").units
    english = [(u.text[:40], u.flags) for u in units if u.lang == "en"]
    assert english == [
        ("Article 5", ("heading",)),  # a few Latin words are `en` only next to an English passage
        ("The Parties agree that an armed attack a", ()),
        ("Any such armed attack and all measures t", ()),
        ("Such measures shall be terminated when t", ()),
    ]
    assert not any(u.analysed for u in units if u.lang == "en")
    assert (units[0].text, units[0].lang, units[0].analysed) == ("SHARE:", "und", False)
    translation = [u for u in units if u.text in ("和訳", "第5条") or u.text.startswith("締約国は、ヨーロッパまたは北アメリカ")]
    assert [(u.text[:10], u.lang, u.analysed) for u in translation] == [
        ("和訳", "ja", True), ("第5条", "ja", True), ("締約国は、ヨーロッパ", "ja", True)]


@pytest.mark.parametrize(
    ("prefix", "text", "flags"),
    [
        ("002", "2022年:ウクライナ侵攻とNATOの再活性化", ("heading", "list_item")),  # from `1.2022年:...`
        ("002", "2023~2024年:長期戦化と負担分担論の再浮上", ("heading", "list_item")),
        ("002", "主要国別の特徴", ("heading", "list_item")),  # `2.主要国別の特徴`
        ("002", "ドイツ", ("list_item",)),  # `  • ドイツ`
        ("002", "防衛費の再定義:NATO加盟国に対しGDP比5%以上への段階的増加を求め、従来の2%基準を大きく引き上げた。", ("list_item",)),
        ("002", "これにより、同盟内での資源配分や軍備態勢が再検討されている。", ("list_item",)),
        ("003", "抑止力の低下", ("heading", "list_item")),  # `(1)抑止力の低下`
        ("003", "拡大核抑止と欧州安全保障の構造", ("heading", "list_item")),  # `1. 拡大核抑止...`
        ("003", "戦略的アセットの独自保有:ISR、戦略的輸送・後方支援、統合防空", ("list_item",)),  # indented
        ("002", "相互防衛義務(第5条)の条件付け", ("heading",)),
        ("002", "特徴的なのは、①防衛費負担の厳格化、②集団防衛義務の政治的条件化、③ウクライナ支援の再定義である。", ()),
        ("001", "大西洋の鏡に映る東京", ("heading",)),  # a heading between paragraph lines
        ("002", "まとめ", ("heading",)),
    ],
)
def test_list_items_and_headings(prefix, text, flags):
    (unit,) = [u for u in prepared(prefix).units if u.text == text]
    assert unit.flags == flags


def prepare_texts(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(u.norm_text, u.flags) for u in prepare(text).units]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2022年：ウクライナ侵攻とNATOの再活性化", [("2022年:ウクライナ侵攻とNATOの再活性化", ("heading", "list_item"))]),
        ("(1)抑止力の低下", [("抑止力の低下", ("heading", "list_item"))]),
        ("①防衛費負担の厳格化", [("防衛費負担の厳格化", ("heading", "list_item"))]),
        ("・負担共有の強調", [("負担共有の強調", ("list_item",))]),
        ("3.5%の成長が続いた。", [("3.5%の成長が続いた。", ())]),
        ("1.5倍に増えた。", [("1.5倍に増えた。", ())]),
        ("彼は「行く。帰る。」と言った。次だ。", [("彼は「行く。帰る。」と言った。", ()), ("次だ。", ())]),
        ("本当か？そうだ！", [("本当か?", ()), ("そうだ!", ())]),
        ("である．次に", [("である.", ()), ("次に", ())]),
        ("It works. Mr. Smith agrees. The U.S. Army too.", [("It works.", ()), ("Mr. Smith agrees.", ()), ("The U.S. Army too.", ())]),
        ("第3.5条は有効だ。", [("第3.5条は有効だ。", ())]),
        ("ホーム > 国際 > 欧州\n\nNATOの会議\n\n2026年1月22日(木) 10:30 公開\n\n本文です。", [
            ("ホーム>国際>欧州", ("kicker",)), ("NATOの会議", ("heading",)),
            ("2026年1月22日(木) 10:30公開", ("dateline",)), ("本文です。", ())]),
        ("写真:ロイター", [("写真:ロイター", ("credit",))]),
        ("首相官邸に入る岸田首相(共同)", [("首相官邸に入る岸田首相", ("caption",)), ("(共同)", ("credit",))]),
        ("https://www.nato.int/cps/en/natohq/topics_110496.htm", [("https://www.nato.int/cps/en/natohq/topics_110496.htm", ("reference",))]),
        ("コメントを書く", [("コメントを書く", ("boilerplate",))]),
        ("足利尊氏は武将。\nあしかが　たかうじ", [("足利尊氏は武将。", ()), ("あしかがたかうじ", ())]),
    ],
)
def test_prepare_small_texts(text, expected):
    assert prepare_texts(text) == expected


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("22/01/2026\n\n本文。", datetime.date(2026, 1, 22)),
        ("01/22/2026\n\n本文。", datetime.date(2026, 1, 22)),
        ("2026年1月22日\n\n本文。", datetime.date(2026, 1, 22)),
        ("2026-01-22\n\n本文。", datetime.date(2026, 1, 22)),
        ("令和8年1月22日\n\n本文。", datetime.date(2026, 1, 22)),
        ("公開日:2026/1/22\n\n本文。", datetime.date(2026, 1, 22)),
        ("January 22, 2026\n\n本文。", datetime.date(2026, 1, 22)),
        ("01/02/2026\n\n本文。", None),  # day-first or month-first: not guessed
        ("2026-02-30\n\n本文。", None),  # no such day
        ("本文。\n\n2026年1月22日", None),  # a date after the body is not a dateline
        ("2026年1月22日に会議が開かれた。", None),  # a date in a sentence
    ],
)
def test_published_only_from_a_dateline(text, published):
    assert prepare(text).published == published


def test_unclosed_bracket_does_not_swallow_the_document():
    text = "「" + "これは文です。" * 300
    units = prepare(text).units
    assert len(units) == 300
    assert units[1].norm_text == "これは文です。"


def test_long_quote_is_split_past_the_cap():
    quote = "「" + "長い引用です。" * 100 + "」と述べた。"
    assert len(prepare(quote).units) > 1
    short = "「" + "短い引用です。" * 10 + "」と述べた。"
    assert len(prepare(short).units) == 1


@pytest.mark.parametrize(
    "text",
    [
        "あ" * 5000,  # no punctuation at all
        "あ " * 3000,  # the spaces vanish in the normalised text but count in the original
        ("NATO首脳会議、" * 400) + "。",
        " ".join(["word"] * 2000),
    ],
)
def test_no_unit_exceeds_the_limit(text):
    units = prepare(text).units
    assert len(units) > 1
    assert max(len(u.text) for u in units) <= MAX_UNIT_CHARS
    assert max(len(u.norm_text) for u in units) <= MAX_UNIT_CHARS
    assert "".join(u.norm_text for u in units).replace(" ", "") == prepare(text).normalized.text.replace(" ", "")


def test_five_megabyte_single_line():
    line = seed("004").replace("\n", "") * 700
    p = prepare(line)
    assert p.units[0].norm_text.startswith("今週ハーグで行われたNATO首脳会議で")
    assert max(len(u.text) for u in p.units) <= MAX_UNIT_CHARS
    assert {u.para_idx for u in p.units} == {0}


@pytest.mark.parametrize("prefix", ["001", "004"])
@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("cp932"),
        lambda t: t.encode("euc_jp"),
    ],
    ids=["utf_8", "utf_8_sig", "utf_16", "cp932", "euc_jp"],
)
def test_same_units_from_every_encoding(prefix, encode):
    # Seeds 001 and 004 round-trip through Shift_JIS and EUC-JP; the others hold characters
    # (`·`, `—`, `•`, simplified hanzi) those encodings lack.
    assert prepare(decode_bytes(encode(seed(prefix))).text).units == prepared(prefix).units


def test_wikipedia_gold_entities_lie_inside_analysed_units(shared_dir):
    """3,979 short Wikipedia documents (U+3000 spaces, readings on their own lines): no gold
    entity is cut by a unit boundary, none gets a title or a date, and only entities on lines in
    Arabic script or an English term list end up in units that are not analysed."""
    lines = (shared_dir / "eval" / "wac_ne.jsonl").read_text(encoding="utf-8").splitlines()
    straddling, not_analysed, titles, dates, entities = 0, 0, 0, 0, 0
    for line in lines:
        doc = json.loads(line)
        p = prepare(doc["text"])
        titles += p.title is not None
        dates += p.published is not None
        for ent in doc["entities"]:
            entities += 1
            holders = [u for u in p.units if u.start <= ent["start"] and ent["end"] <= u.end]
            straddling += not holders
            not_analysed += bool(holders) and not holders[0].analysed
    assert (len(lines), entities, straddling, titles, dates, not_analysed) == (3979, 16278, 0, 0, 0, 10)


# --- properties ---

def check_units(original: str) -> None:
    p = prepare(original)
    norm = p.normalized.text
    previous_end, previous_norm_end = 0, 0
    for i, u in enumerate(p.units):
        assert u.sent_idx == i
        assert previous_end <= u.start < u.end <= len(original)
        assert previous_norm_end <= u.norm_start < u.norm_end <= len(norm)
        assert original[u.start:u.end] == u.text and norm[u.norm_start:u.norm_end] == u.norm_text
        assert u.text == u.text.strip() and u.norm_text == u.norm_text.strip()
        assert "\n" not in u.norm_text
        assert len(u.text) <= MAX_UNIT_CHARS and len(u.norm_text) <= MAX_UNIT_CHARS
        assert set(u.flags) <= set(FLAGS) and list(u.flags) == sorted(u.flags, key=FLAGS.index)
        assert u.lang in ("ja", "en", "zh", "und")
        assert not (u.analysed and u.lang in ("en", "zh"))
        previous_end, previous_norm_end = u.end, u.norm_end
    assert [u.para_idx for u in p.units] == sorted(u.para_idx for u in p.units)


ARTICLE_ISH = st.lists(
    st.sampled_from([
        "SHARE:", "", "", "1.2022年：ウクライナ侵攻", "  • NATO加盟国", "(1)抑止力の低下", "22/01/2026",
        "ベルギー、ブリュッセルのEU本部(Getty Images)", "これは在这样的话,但是这样的话。", "参考・引用リスト",
        "NATO は 1949 年、ソ連の脅威に対する防衛同盟として設立され", "た。 この定義は、冷戦の期間を通じて 1991 年のソ連",
        "「私はそれ（第 5 条）を支持する。", "Article 5", "The Parties agree. Any such attack.", "ｶﾞｿﾘﾝ　価格", "「", ")",
    ]),
    max_size=30,
).map("\n".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_gives_ordered_units(original):
    check_units(original)


@settings(max_examples=200, deadline=None)
@given(ARTICLE_ISH)
def test_article_like_text_gives_ordered_units(original):
    check_units(original)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400).map(lambda b: b.decode("utf-8", errors="replace")))
def test_random_bytes_decoded_leniently_give_ordered_units(original):
    check_units(original)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_give_ordered_units(prefix):
    check_units(seed(prefix))


def test_a_related_headlines_box_glued_into_one_line_is_not_analysed():
    box = "".join(f"2019年5月{d}日(木):県道で{d}台の車が絡む事故、乗っていた{d}人が病院に運ばれ手当てを受けている" for d in (2, 1))
    text = f"見出し\n\n市は3日、新しい橋の工事を始めた。{box}\n\n北日日新聞、2019年5月3日。[『』]。\n"
    units = [(u.norm_text[:10], u.flags, u.analysed) for u in prepare(text).units if u.norm_text.strip()]
    assert units == [
        ("見出し", ("heading",), True),
        ("市は3日、新しい橋の", (), True),
        ("2019年5月2日(", ("related",), False),
        ("北日日新聞、2019", ("source",), False),
        ("[『』]。", ("source",), False),
    ]


def test_an_english_source_list_of_a_translated_article_is_its_cited_sources():
    from pipeline.analysis.timeline.reference import latest_cited_date

    text = ("停戦監視団の隊員が解放\n\n武装勢力は10日、監視団の隊員を解放した。和平交渉は20日まで続く。英語版ウィキニュースからの翻訳です。"
            "監視団を襲撃\"Rebels release hostages\".BBC,October10,2005\"Rebels free hostages\".Yahoo!"
            "News,October10,2005\"Rebels free 36 hostages\".CNN,October 11, 2005。\n")
    prepared_text = prepare(text)
    flags = [(u.norm_text[:12], u.flags) for u in prepared_text.units]
    assert [f for _, f in flags[-2:]] == [("source",), ("source",)]
    assert "source" not in flags[-3][1]  # the translation note is the article's
    assert latest_cited_date(prepared_text) == datetime.date(2005, 10, 11)
