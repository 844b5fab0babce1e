"""Entity mentions on real seed sentences (normalised as the pipeline feeds them to GiNZA)."""

from __future__ import annotations

import pytest

from pipeline.entities import COARSE_TO_IREX, LABEL_MAP, coarse_label, mentions_in_doc
from pipeline.models import load_models


@pytest.fixture(scope="session")
def models():
    return load_models()


def mentions(models, sentence):
    return [(m.text, m.label, m.role) for m in mentions_in_doc(models.nlp(sentence), models.gazetteer)]


@pytest.mark.parametrize("sentence, expected", [
    ("2026年1月21日/スイス、ダボスの世界経済フォーラム会場、トランプ米大統領(右)とNATOのルッテ事務総長(AP通信)",
     [("スイス", "GPE", None), ("ダボス", "GPE", None), ("世界経済フォーラム", "ORG", None), ("トランプ", "PERSON", "大統領"),
      ("米", "GPE", None), ("NATO", "ORG", None), ("ルッテ", "PERSON", "事務総長"), ("AP通信", "ORG", None)]),
    ("NATOルッテ事務総長が欧州議会で発言したとおり、EU・NATOが自力で欧州の防衛を行うことは現実的ではないとの評価が欧州指導層に根強い。",
     [("NATO", "ORG", None), ("ルッテ", "PERSON", "事務総長"), ("欧州議会", "ORG", None), ("EU", "ORG", None),
      ("NATO", "ORG", None), ("欧州", "LOC", None), ("欧州", "LOC", None)]),
    ("アメリカ国防長官ピート・ヘッグセスは、2月12日、ヨーロッパの同盟国に対し、全面的な参加と大陸自身の通常安全保障責任の負担を明確に要求した。",
     [("アメリカ", "GPE", None), ("ピート・ヘッグセス", "PERSON", "国防長官"), ("ヨーロッパ", "LOC", None)]),
    ("元NATO事務総長ラスムセンは、トランプのグリーンランド脅威は1949年以来の同盟にとって最大の挑戦であると評価した。",
     [("NATO", "ORG", None), ("ラスムセン", "PERSON", "事務総長"), ("トランプ", "PERSON", None), ("グリーンランド", "GPE", None)]),
    ("トランプ政権は二期目の開始当初から、戦略の重心を西半球に戻すことを明確にしていた。",
     [("トランプ", "PERSON", None), ("西半球", "LOC", None)]),
    ("しかし、複数の匿名の米国政府関係者がワシントン・ポスト紙に明かしたところによると、この計画は数ヶ月前から進められており、より広範な戦略の一部であるという。",
     [("米国", "GPE", None), ("ワシントン・ポスト", "ORG", None)]),
    ("政権2年目を迎え具体化した「トランプ2.0」ドクトリンは、日米同盟から「共有される民主的価値」という建前を剥ぎ取り、冷徹な取引台帳だけを残した。",
     [("トランプ", "PERSON", None), ("日", "GPE", None), ("米", "GPE", None)]),
    ("欧州は一時的に米国の関税撤回や交渉合意が成立したものの、対米不信が根深く残っている。",
     [("欧州", "LOC", None), ("米国", "GPE", None), ("米", "GPE", None)]),
    ("そのためには、米軍は欧州でのコミットメントを削減する必要があり、欧州の同盟国はロシアに対する抑止力を維持するために、それらの能力を代替しなければならない。",
     [("米", "GPE", None), ("欧州", "LOC", None), ("欧州", "LOC", None), ("ロシア", "GPE", None)]),
    ("2025年の米露会談ではウクライナ停戦が焦点となり、戦闘停止を主要議題とする動きが進んだが、根本的な合意には至っていない。",
     [("米", "GPE", None), ("露", "GPE", None), ("ウクライナ", "GPE", None)]),
    ("2025年5月、ドイツのメルツ首相は就任直後にEU・NATO本部を訪問し、共同で核抑止力構築や防衛投資強化を検討した。",
     [("ドイツ", "GPE", None), ("メルツ", "PERSON", "首相"), ("EU・NATO本部", "ORG", None)]),
    ("本稿は、EU(European Union)およびNATO(North Atlantic Treaty Organization)が米国の軍事的支援・関与抜きに存続し、防衛・安全保障体制を完結できるかどうかを検証するものである。",
     [("EU", "ORG", None), ("European Union", "ORG", None), ("NATO", "ORG", None),
      ("North Atlantic Treaty Organization", "ORG", None), ("米国", "GPE", None)]),
    ("この定義は、冷戦の期間を通じて1991年のソ連邦解体まで続いた。",
     [("冷戦", "EVENT", None), ("ソ連邦", "GPE", None)]),
    ("ベルギー、ブリュッセルのEU本部(Getty Images)",
     [("ベルギー", "GPE", None), ("ブリュッセル", "GPE", None), ("EU本部", "ORG", None), ("Getty Images", "ORG", None)]),
])
def test_mentions(models, sentence, expected):
    assert mentions(models, sentence) == expected


@pytest.mark.parametrize("sentence, expected, absent", [
    # the carrier is a ship, not the city
    ("先週、米原子力空母「ジョージ・ワシントン」が横須賀からの定期パトロール出航を見送った際、その理由は「バージニア州の造船所ストライキに関連した無期限のメンテナンス遅延」とされた。",
     [("米", "GPE", None), ("ジョージ・ワシントン", "PRODUCT", None), ("横須賀", "GPE", None), ("バージニア州", "GPE", None)],
     [("ワシントン", "GPE", None)]),
    ("ピート・ヘグセス米国防長官が、ウクライナへ軍事支援する世界各国の集まりである「ウクライナ防衛コンタクトグループ」のリーダーから退く",
     [("ピート・ヘグセス", "PERSON", "国防長官"), ("米", "GPE", None), ("ウクライナ", "GPE", None), ("ウクライナ防衛コンタクトグループ", "ORG", None)],
     [("米国", "GPE", None)]),
    ("香川防衛副大臣は未明から夜明けまでの時間を、別の種類の災害と向き合って過ごしていた。",
     [("香川", "PERSON", "防衛副大臣")], []),
    ("三菱重工業のシニア調達アナリスト、山本武氏は、この変化を政策文書の中ではなく、ボーイング社との共同ドローン開発契約の突然のキャンセルという形で実感した。",
     [("三菱重工業", "ORG", None), ("山本武", "PERSON", "氏"), ("ボーイング社", "ORG", None)], []),
])
def test_mentions_include(models, sentence, expected, absent):
    found = mentions(models, sentence)
    assert [m for m in expected if m in found] == expected
    assert not [m for m in absent if m in found]


@pytest.mark.parametrize("sentence", [
    "ヨーロッパ駐留軍が7万6千人を下回る場合、議会に諮問する必要がある。",
    "加盟国にGDP比5%以上の防衛支出を要求した。",
])
def test_numbers_are_not_mentions(models, sentence):
    assert not [m for m in mentions_in_doc(models.nlp(sentence), models.gazetteer) if any(c.isdigit() for c in m.text)]


def test_mentions_carry_keys_and_sources(models):
    doc = models.nlp("NATOルッテ事務総長は国防総省と会った。")
    found = [(m.text, m.key, m.source, m.label_ene) for m in mentions_in_doc(doc, models.gazetteer)]
    assert found == [
        ("NATO", "Q7184", "gazetteer", "International_Organization"),
        ("ルッテ", "Q57792", "gazetteer", "Person"),
        ("国防総省", "Q11209", "gazetteer", "Government"),
    ]
    assert {e.ent_id_ for e in doc.ents if e.text == "NATO"} == {"Q7184"}  # the ruler won over GiNZA's label


@pytest.mark.parametrize("ene, coarse", [
    ("International_Organization", "ORG"), ("Country", "GPE"), ("City", "GPE"), ("Continental_Region", "LOC"),
    ("Person", "PERSON"), ("Position_Vocation", "OTHER"), ("Flora", "OTHER"), ("Ship", "PRODUCT"),
    ("Date", None), ("Money", None), ("Percent", None), ("N_Person", None), ("Period_Year", None),
    ("Ordinal_Number", None), ("Age", None), ("Something_New", "OTHER"),
])
def test_coarse_label(ene, coarse):
    assert coarse_label(ene) == coarse


def test_every_coarse_label_maps_or_is_left_out_of_irex():
    assert set(COARSE_TO_IREX) <= set(LABEL_MAP.values())
    assert set(COARSE_TO_IREX.values()) == {"PERSON", "ORGANIZATION", "LOCATION", "ARTIFACT"}
