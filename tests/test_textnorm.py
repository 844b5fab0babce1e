"""normalize: width and variant folding, spaces, hard-wrap joining, and the offset map."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.analysis.text.textnorm import display_width, fold, normalize

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def seed(prefix: str) -> str:
    return next(CORPUS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("GDPの５％", "GDPの5%"),
        ("ＮＡＴＯ首脳会議", "NATO首脳会議"),
        ("ｶﾞｿﾘﾝ価格", "ガソリン価格"),
        ("ﾊﾟﾄﾛｰﾙ", "パトロール"),
        ("ｱﾒﾘｶ｡", "アメリカ。"),
        ("ﾞだけ", "゛だけ"),
        ("か\u3099ん", "がん"),
        ("2014 年にウクライナに侵攻", "2014年にウクライナに侵攻"),
        ("GDP の 5％に引き上げる", "GDPの5%に引き上げる"),
        ("NATO 条約第 3 条", "NATO条約第3条"),
        ("North Atlantic Treaty Organization", "North Atlantic Treaty Organization"),
        ("Article 5", "Article 5"),
        ("欧州防衛強化計画 Readiness 2030 の概要", "欧州防衛強化計画Readiness 2030の概要"),
        ("足利\u3000尊氏は武将。", "足利尊氏は武将。"),
        ("在職：1338年\u3000-\u30001358年", "在職:1338年-1358年"),
        ("1995〜2001年", "1995〜2001年"),
        ("1995～2001年", "1995〜2001年"),
        ("1995∼2001年", "1995〜2001年"),
        ("2023~2024年", "2023~2024年"),
        ("2020–2026", "2020-2026"),
        ("気温は−5度", "気温は-5度"),
        ("核心——英国の", "核心――英国の"),
        ("グローバル·ポリティクス", "グローバル・ポリティクス"),
        ("マーク･ルッテ", "マーク・ルッテ"),
        ("（第 5 条）を支持する。 だから", "(第5条)を支持する。だから"),
        ("「われわれ」は", "「われわれ」は"),
        ("本当か？！", "本当か?!"),
        ("NA\u200bTO", "NATO"),
        ("a  b\tc", "a b c"),
        ("  字下げ\n本文 ", "字下げ\n本文"),
        ("見出し\n\n本文。", "見出し\n\n本文。"),
        ("", ""),
    ],
)
def test_normalize_text(original, expected):
    assert normalize(original).text == expected


@pytest.mark.parametrize(
    ("original", "norm_span", "original_span"),
    [
        ("ｶﾞｿﾘﾝ", (0, 1), (0, 2)),  # two half-width characters became one
        ("ｶﾞｿﾘﾝ", (1, 4), (2, 5)),
        ("2014 年に", (0, 5), (0, 6)),  # the removed space lies inside the span
        ("  字下げ", (0, 1), (2, 3)),
        ("cafe\u0301!", (3, 5), (3, 6)),  # e + combining acute composed into é
        ("NATO", (2, 2), (2, 2)),  # an empty span stays where it is
        ("NATO", (4, 4), (4, 4)),
        ("NATO ", (4, 4), (4, 4)),
        ("NATO", (3, 99), (3, 4)),  # clamped into range
        ("NATO", (-5, 2), (0, 2)),
        ("", (0, 0), (0, 0)),
    ],
)
def test_to_original(original, norm_span, original_span):
    assert normalize(original).to_original(*norm_span) == original_span


def wrap_by_width(text: str, width: int) -> str:
    """Hard-wrap Japanese text every `width` display columns, mid-word, like seed 004 (which
    keeps runs of ASCII letters and digits together)."""
    lines, line, used = [], "", 0
    for token in re.findall(r"[A-Za-z0-9.%]+|.", text):
        w = display_width(token)
        if used + w > width and line:
            lines.append(line)
            line, used = "", 0
        line += token
        used += w
    lines.append(line)
    return "\n".join(lines)


def test_seed_004_wrapped_lines_are_joined_with_offsets_into_the_line_break():
    original = seed("004")
    nt = normalize(original)
    i = nt.text.index("アメリカとヨーロッパが違った見解")
    start, end = nt.to_original(i, i + len("アメリカとヨーロッパが違った見解"))
    assert original[start:end] == "アメリ\nカとヨーロッパが違った見解"
    assert "2014年にウクライナに侵攻してクリミアを併合" in nt.text
    assert "NATO加盟国はGDPの2%を防衛費に充てるという2014年の公約" in nt.text
    assert "ロシアが2014年" in nt.text and "ロ\nシア" in original
    # 94 original lines; the 18 paragraphs and the blank lines between them stay.
    assert nt.text.count("\n") == 33
    assert [p for p in nt.text.split("\n") if p][0].startswith("今週ハーグで行われたNATO首脳会議で")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_seeds_with_real_line_breaks_keep_every_line(prefix):
    original = seed(prefix)
    assert normalize(original).text.count("\n") == original.count("\n")


@pytest.mark.parametrize("width", [40, 60, 72, 80])
def test_japanese_text_wrapped_at_any_width_is_joined_back(width):
    paragraphs = [line for line in seed("001").split("\n") if len(line) > 100][:4]
    wrapped = "\n\n".join(wrap_by_width(p, width) for p in paragraphs)
    assert normalize(wrapped).text == "\n\n".join(normalize(p).text for p in paragraphs)


def test_english_text_wrapped_by_words_is_joined_with_spaces():
    article5 = [line for line in seed("002").split("\n") if line.startswith(("The Parties", "Any such"))]
    wrapped = "\n\n".join(textwrap.fill(p, 72) for p in article5)
    assert normalize(wrapped).text == "\n\n".join(article5)


@pytest.mark.parametrize(
    "text",
    [
        "足利尊氏は武将。\nあしかが たかうじ\n南北朝時代\n鎌倉幕府の御家人。\n足利貞氏の次男。",
        "停戦成立のシナリオとNATO\n  • 停戦が成立し平和プロセスへ移行する場合:ウクライナがNATO加盟を断念し\n  • 停戦協議が決裂する場合",
        "第一に、NATOの軍事能力そのものは依然としてロシアを大きく上回っている。\n第二に、東欧における前方展開部隊の存在が即応的抑止を維持している。\n第三に、ロシア自身がウクライナ戦争で大きな消耗を被っている。",
    ],
)
def test_short_or_finished_lines_are_not_joined(text):
    assert normalize(text).text.count("\n") == text.count("\n")


def test_map_is_character_for_character_on_plain_text():
    original = "\n".join(seed("001").split("\n")[:12])  # no spaces, no full-width forms
    nt = normalize(original)
    assert nt.text == original
    assert list(nt.starts) == list(range(len(original)))
    assert list(nt.ends) == list(range(1, len(original) + 1))


def test_five_megabyte_single_line():
    line = seed("004").replace("\n", "") * 700  # 5 MB of UTF-8 on one line
    nt = normalize(line)
    assert nt.text.count("\n") == 0
    assert "NATO首脳会議" in nt.text
    assert nt.to_original(0, len(nt.text)) == (1, len(line.rstrip()))  # leading and trailing spaces gone


# --- properties over arbitrary text ---

JAPANESE_ISH = st.text(
    alphabet=st.sampled_from(list(
        "あいうえおかがアイウエオカガ日本語漢字ｱｲｳｶﾞﾞﾟｰ０１２ＡＢ％（）　 \n\n\t\u3099\u309a\u0301\u200b"
        "abcXYZ019.,!?。、「」『』()〜～∼·・—―-−•①(1)1.:"
    )),
    max_size=300,
)
WRAPPED_LINES = st.lists(st.text(alphabet="あいうアイウ日本 abc。", min_size=0, max_size=40), max_size=20).map("\n".join)
LENIENT_BYTES = st.binary(max_size=300).map(lambda b: b.decode("utf-8", errors="replace"))


def spacing_mark(text: str) -> str:
    """A voicing mark left without a kana to combine with is written as its spacing form."""
    return text.replace("\u3099", "\u309b").replace("\u309a", "\u309c")


def check_map(original: str) -> None:
    nt = normalize(original)
    n = len(nt.text)
    assert nt.original == original
    assert len(nt.starts) == len(nt.ends) == n
    for i in range(n):
        s, e = int(nt.starts[i]), int(nt.ends[i])
        assert 0 <= s < e <= len(original)
        if i + 1 < n:
            assert e <= nt.starts[i + 1]
        source = original[s:e]
        if e - s == 1:  # one char: the same, its width/variant fold, or a joined line break
            assert nt.text[i] in (source, fold(source), spacing_mark(fold(source))) or (source == "\n" and nt.text[i] == " ")
        else:  # a composed sequence: the same text once composed
            assert nt.text[i] in spacing_mark(unicodedata.normalize("NFC", fold(source)))
    previous = (0, 0)
    for start in range(0, n + 1, max(1, n // 17)):
        for end in (start, min(n, start + 1), min(n, start + 5), n):
            o_start, o_end = nt.to_original(start, end)
            assert 0 <= o_start <= o_end <= len(original)
        span = nt.to_original(start, n)
        assert span[0] >= previous[0] and span[1] >= previous[1]  # monotonic
        previous = span
    assert "  " not in nt.text and "\t" not in nt.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_keeps_a_valid_map(original):
    check_map(original)


@settings(max_examples=300, deadline=None)
@given(JAPANESE_ISH)
def test_japanese_like_text_keeps_a_valid_map(original):
    check_map(original)


@settings(max_examples=200, deadline=None)
@given(WRAPPED_LINES)
def test_many_lines_keep_a_valid_map(original):
    check_map(original)


@settings(max_examples=200, deadline=None)
@given(LENIENT_BYTES)
def test_random_bytes_decoded_leniently_keep_a_valid_map(original):
    check_map(original)
