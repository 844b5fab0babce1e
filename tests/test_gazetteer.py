"""The gazetteer: loading and merging the TSV, spelling keys, and finding names in text."""

from __future__ import annotations

import pytest

from pipeline.analysis.entities.gazetteer import fingerprint, katakana_key, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize("a, b", [
    ("ヘッグセス", "ヘグセス"),
    ("ピート・ヘッグセス", "ピートヘグセス"),
    ("ヴァージニア", "バージニア"),
    ("ウィリアム", "ウイリアム"),
    ("ﾙｯﾃ", "ルッテ"),
    ("マーク ルッテ", "マーク・ルッテ"),
])
def test_katakana_key_joins_spelling_variants(a, b):
    assert katakana_key(a) == katakana_key(b)


@pytest.mark.parametrize("a, b", [("ルッテ", "ルーマニア"), ("ワシントン", "ジョージ・ワシントン")])
def test_katakana_key_keeps_different_names_apart(a, b):
    assert katakana_key(a) != katakana_key(b)


@pytest.mark.parametrize("surface, key", [
    ("米国", "Q30"), ("アメリカ", "Q30"), ("アメリカ合衆国", "Q30"), ("米", "Q30"),
    ("欧州", "Q46"), ("ヨーロッパ", "Q46"),
    ("英国", "Q145"), ("イギリス", "Q145"),
    ("NATO", "Q7184"), ("北大西洋条約機構", "Q7184"), ("North Atlantic Treaty Organization", "Q7184"),
    ("EU", "Q458"), ("European Union", "Q458"), ("欧州連合", "Q458"),
    ("ルッテ", "Q57792"), ("マーク・ルッテ", "Q57792"), ("Rutte", "Q57792"),
    ("ヘッグセス", "gaz:ピート・ヘグセス"), ("ヘグセス", "gaz:ピート・ヘグセス"),
    ("国防総省", "Q11209"), ("ペンタゴン", "Q11209"),
    ("北大西洋", "gaz:北大西洋"), ("ワシントン・ポスト", "Q166032"), ("ワシントン", "Q61"),
])
def test_lookup(gazetteer, surface, key):
    assert gazetteer.lookup(surface).key == key


def test_sovereign_states_are_covered(gazetteer):
    countries = [e for e in gazetteer.entries if e.ene == "Country" and e.label == "GPE"]
    assert len(countries) >= 195
    assert {"日", "米", "英", "仏", "独", "露", "中", "韓"} <= set(gazetteer.abbreviations())


@pytest.mark.parametrize("text, expected", [
    ("米原子力空母「ジョージ・ワシントン」が横須賀から", [("横須賀", "gaz:横須賀")]),
    ("ワシントン・ポスト紙に明かした", [("ワシントン・ポスト", "Q166032")]),
    ("ワシントンからの一報", [("ワシントン", "Q61")]),
    ("ワシントン州の森林", []),
    ("北大西洋条約機構と北大西洋", [("北大西洋条約機構", "Q7184"), ("北大西洋", "gaz:北大西洋")]),
    ("ポルトガルのSTRIKFORNATO海上作戦指揮部", [("ポルトガル", "Q45"), ("STRIKFORNATO", "gaz:STRIKFORNATO")]),
    ("ピート・ヘッグセスは", [("ピート・ヘッグセス", "gaz:ピート・ヘグセス")]),
    ("米国国防総省は欧州の同盟国に対し", [("米国", "Q30"), ("国防総省", "Q11209"), ("欧州", "Q46")]),
    ("米国防総省と米国防衛産業", [("国防総省", "Q11209"), ("米国", "Q30")]),
    ("フランス・ドイツ", [("フランス", "Q142"), ("ドイツ", "Q183")]),
    ("米・カナダの国境", [("カナダ", "Q16")]),  # the dot joins カナダ to 米, not to the name
    ("大陸自身の通常安全保障責任", []),
    # a long form ending in 国 is not matched across 国内, 国民, 国語 (日本 + 国内)
    ("日本国内で出版された", [("日本", "Q17")]),
    ("日本国民の", [("日本", "Q17")]),
    ("精選版日本国語大辞典", [("日本", "Q17")]),
    ("日本国は", [("日本国", "Q17")]),
    # prefectures by their full names, designated cities
    ("新潟県新潟市中央区", [("新潟県", "gaz:新潟県"), ("新潟市", "gaz:新潟市")]),
    ("大阪府と大阪市", [("大阪府", "gaz:大阪府"), ("大阪市", "gaz:大阪")]),
    ("山口さんと山口県", [("山口県", "gaz:山口県")]),
])
def test_find(gazetteer, text, expected):
    assert [(text[m.start:m.end], m.entry.key) for m in gazetteer.find(text)] == expected


def test_user_rows_merge_over_shipped_ones(tmp_path):
    extra = tmp_path / "extra.tsv"
    extra.write_text(
        "key\tname\tlabel\taliases\twikidata_id\tene\n"
        "gaz:香川\t香川太郎\tPERSON\t香川\t\tPerson\n"
        "Q7184\tNATO\tORG\t北大西洋条約機構|OTAN|ナトー\tQ7184\tInternational_Organization\n",
        encoding="utf-8",
    )
    merged = load_gazetteer(extra)
    assert merged.lookup("香川").name == "香川太郎"
    assert merged.get("Q7184").aliases == ("北大西洋条約機構", "OTAN", "ナトー")
    assert len(merged) == len(load_gazetteer()) + 1
    assert fingerprint(extra) != fingerprint(None)
    assert fingerprint(extra) == fingerprint(extra)


def test_bad_rows_are_reported(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("key\tname\tlabel\ngaz:x\tX\tPLACE\n", encoding="utf-8")
    with pytest.raises(ValueError, match="label 'PLACE'"):
        load_gazetteer(bad)
    with pytest.raises(FileNotFoundError):
        load_gazetteer(tmp_path / "missing.tsv")
