"""The knowledge bases of the cross-article step (pipeline/crossdoc/kb.py): what a name links to,
and what it must not."""

from __future__ import annotations

import pytest

from pipeline.analysis.entities.gazetteer import katakana_key, load_gazetteer
from pipeline.crossdoc import kb as knowledge_bases
from pipeline.crossdoc.kb import is_japanese_name, load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize("surface, kb_key, kind, country", [
    ("アメリカ", "iso3166:US", "country", "US"),
    ("米国", "iso3166:US", "country", "US"),
    ("アメリカ合衆国", "iso3166:US", "country", "US"),
    ("イギリス", "iso3166:GB", "country", "GB"),
    ("韓国", "iso3166:KR", "country", "KR"),
    ("大韓民国", "iso3166:KR", "country", "KR"),  # 大韓民国 (韓国) in the catalogue: both parts are names
    ("北朝鮮", "iso3166:KP", "country", "KP"),
    ("ウクライナ", "iso3166:UA", "country", "UA"),
    ("オーストラリア", "iso3166:AU", "country", "AU"),  # the catalogue has オーストラリア連邦 only
    ("モンゴル", "iso3166:MN", "country", "MN"),
    ("東京都", "iso3166-2:JP-13", "subdivision", "JP"),
    ("京都府", "iso3166-2:JP-26", "subdivision", "JP"),
    ("栃木県", "iso3166-2:JP-09", "subdivision", "JP"),
    ("ワシントン州", "iso3166-2:US-WA", "subdivision", "US"),
    ("ヨーロッパ", "geonames:6255148", "continent", None),
    ("ローマ", "geonames:3169070", "city", "IT"),  # Rome, Italy: the most populous of its name
    ("横浜", "geonames:1848354", "city", "JP"),
    ("横浜市", "geonames:1848354", "city", "JP"),
    ("ニューヨーク市", "geonames:5128581", "city", "US"),  # 市 after a katakana name
    ("ヴェネツィア", "geonames:3164603", "city", "IT"),
    ("ベネツィア", "geonames:3164603", "city", "IT"),
    ("釜山", "geonames:1838524", "city", "KR"),
    ("松江市", "geonames:1857550", "city", "JP"),  # Matsue, not Songjiang in Shanghai: a Japanese city first
])
def test_names_link(kb, surface, kb_key, kind, country):
    record = kb.lookup(surface)
    assert (record.kb_key, record.kind, record.country) == (kb_key, kind, country)


@pytest.mark.parametrize("surface", [
    "ロマ",    # the Romani people, not ローマ
    "パーリ",  # Pali, not パリ
    "田中",    # a town in Taiwan, and the commonest of surnames
    "橋本",    # a Japanese city of 60,000 under its bare name: a surname first
    "カラ",    # Kara, Togo: two katakana letters, a town too small
    "フロリダ",  # a town of Uruguay, not the state (フロリダ州)
    "中央",
    "中央区",  # a ward of Tokyo, Osaka, Sapporo, Kobe...: ambiguous
    "バレンシア",  # Valencia, Spain or Venezuela: neither ten times the other
])
def test_names_that_do_not_link(kb, surface):
    assert kb.lookup(surface) is None


def test_place_records_carry_ids_and_coordinates(kb):
    yokohama = kb.lookup("横浜")
    assert (yokohama.geonames_id, yokohama.label) == (1848354, "GPE")
    assert (round(yokohama.lat, 2), round(yokohama.lon, 2)) == (35.43, 139.65)
    japan = kb.lookup("日本")
    assert (japan.geonames_id, japan.lat, japan.lon) == (1861060, None, None)
    assert kb.lookup("アジア").label == "LOC"


@pytest.mark.parametrize("name, country, population, japanese", [
    ("ローマ", "IT", 2_318_895, True),
    ("エスカルデス＝エンゴルダニ教区", "AD", 15_853, False),  # a town abroad of fewer than 50,000
    ("ヘルソン", "UA", 279_131, True),
    ("横浜市", "JP", 3_777_491, True),
    ("よこはまし", "JP", 3_777_491, False),  # a reading
    ("东京", "JP", 9_733_276, False),  # simplified Chinese
    ("巴黎", "FR", 2_138_551, False),  # kanji name of a city outside East Asia: Chinese
    ("高雄", "TW", 2_737_660, True),
    ("Roma", "IT", 2_318_895, False),
])
def test_japanese_names_of_geonames(name, country, population, japanese):
    assert is_japanese_name(name, country, population) is japanese


def test_katakana_key_keeps_long_vowels_inside_words():
    assert katakana_key("ローマ") != katakana_key("ロマ")
    assert katakana_key("パリ") != katakana_key("パーリ")
    assert katakana_key("ヘッグセス") == katakana_key("ヘグセス")
    assert katakana_key("コンピューター") == katakana_key("コンピュータ")
    assert katakana_key("ｶﾅﾀﾞ") == katakana_key("カナダ")
    assert katakana_key("マリー") != katakana_key("マリ")


def test_gazetteer_places_are_bridged_to_their_records(kb):
    bridged = kb.bridge(load_gazetteer())
    assert bridged["Q30"].kb_key == "iso3166:US"
    assert bridged["Q17"].kb_key == "iso3166:JP"
    assert bridged["Q220"].kb_key == "geonames:3169070"
    assert bridged["gaz:横浜"].kb_key == "geonames:1848354"
    assert "Q7184" not in bridged  # NATO is no place


def test_every_pattern_holds_its_examples():
    patterns = [v for v in vars(knowledge_bases).values() if isinstance(v, knowledge_bases.Pattern)]
    assert len(patterns) == 5
    assert [p for pattern in patterns for p in pattern.failures()] == []
