"""Cross-article linking on the five seed articles: the merges that must happen and those that must not."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.analysis.models import load_models
from pipeline.crossdoc.linking import link_entities
from pipeline.output.schemas import ENTITIES, to_arrow

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from eval_ner import seed_mentions  # noqa: E402


@pytest.fixture(scope="session")
def linked():
    models = load_models()
    mentions = seed_mentions(sorted((ROOT / "corpus").glob("*.txt")), models.nlp, models.gazetteer)
    entities, entity_ids = link_entities(mentions, models.gazetteer)
    return mentions.assign(entity_id=entity_ids), entities


def entity_of(linked, surface):
    mentions, entities = linked
    ids = set(mentions.loc[mentions["norm_text"] == surface, "entity_id"])
    assert len(ids) == 1, f"{surface}: {len(ids)} entities"
    return entities.set_index("entity_id").loc[ids.pop()]


@pytest.mark.parametrize("surfaces, name, label", [
    (["米国", "アメリカ", "米"], "アメリカ合衆国", "GPE"),
    (["欧州", "ヨーロッパ"], "ヨーロッパ", "LOC"),
    (["英国", "英"], "イギリス", "GPE"),
    (["NATO", "North Atlantic Treaty Organization"], "NATO", "ORG"),
    (["EU", "European Union"], "EU", "ORG"),
    # "Rutte" stands only in seed 003's reference list, which segment does not analyse
    (["ルッテ", "マーク・ルッテ"], "マーク・ルッテ", "PERSON"),
    (["ピート・ヘッグセス", "ピート・ヘグセス", "ヘグセス"], "ピート・ヘグセス", "PERSON"),
    (["国防総省", "ペンタゴン"], "アメリカ国防総省", "ORG"),
    (["山本武", "山本"], "山本武", "PERSON"),
])
def test_merged(linked, surfaces, name, label):
    rows = [entity_of(linked, s) for s in surfaces]
    assert {r["name"] for r in rows} == {name}
    assert {r["label"] for r in rows} == {label}
    assert set(surfaces) <= set(rows[0]["aliases"])


@pytest.mark.parametrize("a, b", [
    ("ジョージ・ワシントン", "ワシントン"),
    ("ワシントン・ポスト", "ワシントン"),
    ("北大西洋", "NATO"),
    ("アメリカ", "ヨーロッパ"),
])
def test_not_merged(linked, a, b):
    assert entity_of(linked, a)["name"] != entity_of(linked, b)["name"]


def test_ids_and_wikidata(linked):
    from pipeline.ids import stable_id

    assert entity_of(linked, "NATO")["name"] == "NATO"
    assert entity_of(linked, "米").wikidata_id == "Q30"
    _, entities = linked
    assert stable_id("ent", "Q7184") in set(entities["entity_id"])
    ship = entity_of(linked, "ジョージ・ワシントン")
    assert (ship["label"], ship["n_docs"]) == ("PRODUCT", 1)


def test_entities_fit_the_schema_and_are_deterministic(linked):
    mentions, entities = linked
    to_arrow(ENTITIES, entities)
    again, ids = link_entities(mentions.drop(columns="entity_id").iloc[::-1], load_models().gazetteer)
    assert again.equals(entities)
    assert ids.sort_index().equals(mentions["entity_id"].sort_index().rename("entity_id"))
    assert all(list(a) == sorted(a) for a in entities["aliases"])
    assert all(list(d) == sorted(d) for d in entities["doc_ids"])


def test_label_is_decided_across_mentions():
    frame = pd.DataFrame({
        "mention_id": ["a", "b", "c"], "doc_id": ["d1", "d1", "d2"], "sent_idx": [0, 1, 0],
        "start": [0, 10, 0], "end": [5, 15, 5], "text": ["スペランツァ"] * 3, "norm_text": ["スペランツァ"] * 3,
        "label": ["PERSON", "PERSON", "ORG"], "label_ene": ["Person", "Person", "Company"], "role": [None] * 3,
        "source": ["ginza"] * 3, "key": ["PERSON:スペランツア", "PERSON:スペランツア", "ORG:スペランツア"],
    })
    entities, ids = link_entities(frame, load_models().gazetteer)
    assert list(entities["label"]) == ["PERSON"]
    assert list(entities["n_docs"]) == [2]
    assert ids.nunique() == 1


def test_no_mentions():
    entities, ids = link_entities(pd.DataFrame(columns=["mention_id", "doc_id", "key", "label", "text", "norm_text"]), load_models().gazetteer)
    assert list(entities.columns) == ENTITIES.schema.names and entities.empty and ids.empty


# --- knowledge bases and merging rules, on mentions written here (no GiNZA: the linking alone) ---

def _mentions(docs: dict[str, tuple[str, list[tuple[str, str, str | None, str | None]]]]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Mention rows of short articles: doc_id -> (text, [(surface, label, role, gazetteer key)]),
    each surface found left to right in the text."""
    rows = []
    for doc_id, (text, spans) in docs.items():
        at = 0
        for surface, label, role, key in spans:
            start = text.index(surface, at)
            at = start + len(surface)
            rows.append({
                "mention_id": f"{doc_id}:{start}", "doc_id": doc_id, "sent_idx": 0, "start": start, "end": at,
                "text": surface, "norm_text": surface, "label": label, "label_ene": None, "role": role,
                "source": "gazetteer" if key else "ginza", "key": key or f"{label}:{surface}",
            })
    return pd.DataFrame(rows), {doc_id: text for doc_id, (text, _) in docs.items()}


def _link(docs):
    mentions, originals = _mentions(docs)
    entities, ids = link_entities(mentions, load_models().gazetteer, originals)
    return mentions.assign(entity_id=ids), entities.set_index("entity_id")


def test_rome_does_not_absorb_the_romani_nor_paris_pali():
    mentions, entities = _link({
        "d1": ("ローマで会談が開かれた。パリにも寄った。", [("ローマ", "GPE", None, None), ("パリ", "GPE", None, None)]),
        "d2": ("ロマの人々への差別が問題になった。パーリ語の経典を読む。", [("ロマ", "GPE", None, None), ("パーリ", "GPE", None, None)]),
    })
    ids = dict(zip(mentions["text"], mentions["entity_id"]))
    assert len(set(ids.values())) == 4
    rome, paris = entities.loc[ids["ローマ"]], entities.loc[ids["パリ"]]
    assert (rome["geonames_id"], rome["country"], rome["name"]) == (3169070, "IT", "ローマ")
    assert (paris["geonames_id"], paris["country"]) == (2988507, "FR")
    assert round(rome["lat"], 2) == 41.89 and round(rome["lon"], 2) == 12.51
    for other in ("ロマ", "パーリ"):
        assert pd.isna(entities.loc[ids[other], "geonames_id"]) and pd.isna(entities.loc[ids[other], "country"])


def test_kb_variants_merge_and_the_club_in_brackets_stays_unlinked():
    mentions, entities = _link({
        "d1": ("横浜で花火大会があった。", [("横浜", "GPE", None, None)]),
        "d2": ("横浜市は新しい計画を発表した。", [("横浜市", "GPE", None, None)]),
        "d3": ("三回に田中(横浜)が本塁打を放った。", [("田中", "PERSON", None, None), ("横浜", "GPE", None, None)]),
    })
    city = entities.loc[mentions.loc[mentions["doc_id"] == "d1", "entity_id"].item()]
    assert mentions.loc[mentions["doc_id"] == "d2", "entity_id"].item() == city.name
    assert (city["geonames_id"], city["country"], sorted(city["aliases"]), city["n_docs"]) == (1848354, "JP", ["横浜", "横浜市"], 2)
    club = mentions[(mentions["doc_id"] == "d3") & (mentions["text"] == "横浜")]["entity_id"].item()
    assert club != city.name
    assert pd.isna(entities.loc[club, "geonames_id"]) and entities.loc[club, "n_docs"] == 1


def test_gazetteer_country_takes_its_kb_record():
    from pipeline.ids import stable_id

    mentions, entities = _link({
        "d1": ("ウクライナ東部で戦闘が続く。", [("ウクライナ", "GPE", None, "Q212")]),
        "d2": ("米国とウクライナが協議した。", [("米国", "GPE", None, "Q30"), ("ウクライナ", "GPE", None, None)]),
    })
    assert mentions.loc[mentions["text"] == "ウクライナ", "entity_id"].nunique() == 1
    ukraine = entities.loc[stable_id("ent", "Q212")]
    assert (ukraine["wikidata_id"], ukraine["geonames_id"], ukraine["country"], ukraine["n_docs"]) == ("Q212", 690791, "UA", 2)
    assert entities.loc[stable_id("ent", "Q30"), "country"] == "US"


def test_a_person_under_different_titles_is_one_entity():
    mentions, entities = _link({
        "d1": ("川端誠一被告は起訴内容を認めた。川端被告の弁護人は控訴しない方針だ。",
               [("川端誠一", "PERSON", "被告", None), ("川端", "PERSON", "被告", None)]),
        "d2": ("警察は川端誠一容疑者を逮捕した。", [("川端誠一", "PERSON", "容疑者", None)]),
        "d3": ("川端誠一元建築士は取材に応じなかった。", [("川端誠一", "PERSON", "元建築士", None)]),
        "d4": ("川端誠一氏は当時を振り返った。", [("川端誠一", "PERSON", "氏", None)]),
    })
    assert mentions["entity_id"].nunique() == 1
    person = entities.loc[mentions["entity_id"].iloc[0]]
    assert (person["name"], person["label"], person["n_docs"], person["n_mentions"]) == ("川端誠一", "PERSON", 4, 5)


def test_a_kanji_surname_alone_is_someone_of_its_own_article():
    mentions, entities = _link({
        "d1": ("木村氏は市議会で質問に答えた。", [("木村", "PERSON", "氏", None)]),
        "d2": ("試合は木村選手の本塁打で決まった。", [("木村", "PERSON", "選手", None)]),
        "d3": ("木村正和被告は起訴内容を認めた。木村被告の弁護人は控訴しない。",
               [("木村正和", "PERSON", "被告", None), ("木村", "PERSON", "被告", None)]),
        "d4": ("白鵬が優勝した。", [("白鵬", "PERSON", None, None)]),
        "d5": ("白鵬は今場所も勝ち越した。", [("白鵬", "PERSON", None, None)]),
    })
    of = {doc: set(mentions.loc[mentions["doc_id"] == doc, "entity_id"]) for doc in ("d1", "d2", "d3", "d4", "d5")}
    assert of["d1"] != of["d2"]  # two people named 木村
    assert len(of["d3"]) == 1  # 木村 after 木村正和 in the same article is he
    assert of["d4"] == of["d5"]  # a ring name is not a surname: one wrestler


def test_a_short_form_of_an_organisation_in_its_article_is_that_organisation():
    mentions, entities = _link({
        "d1": ("横浜F・マリノスは監督の辞任を発表した。F・マリノスは後任を探す。",
               [("横浜F・マリノス", "ORG", None, None), ("F・マリノス", "ORG", None, None)]),
        "d2": ("横浜F・マリノスが勝った。", [("横浜F・マリノス", "ORG", None, None)]),
        "d3": ("東京電力と東京電力ホールディングスと東京電力パワーグリッドが会見した。東京電力は謝罪した。",
               [("東京電力", "ORG", None, None), ("東京電力ホールディングス", "ORG", None, None),
                ("東京電力パワーグリッド", "ORG", None, None), ("東京電力", "ORG", None, None)]),
    })
    of = lambda doc: list(mentions.loc[mentions["doc_id"] == doc, "entity_id"])  # noqa: E731
    assert len(set(of("d1"))) == 1 and set(of("d1")) == set(of("d2"))
    assert len(set(of("d3"))) == 3  # two longer names fit 東京電力: it stays itself


def test_a_surname_is_not_linked_to_the_city_of_that_name():
    mentions, entities = _link({
        "d1": ("山口市で式典が開かれた。", [("山口市", "GPE", None, None)]),
        "d2": ("山口氏は会見で説明した。", [("山口", "PERSON", "氏", None)]),
    })
    city, person = (entities.loc[mentions.loc[mentions["doc_id"] == d, "entity_id"].item()] for d in ("d1", "d2"))
    assert city.name != person.name
    assert (city["geonames_id"], person["label"]) == (1848689, "PERSON")
    assert pd.isna(person["geonames_id"])


def test_a_former_country_is_the_country():
    from pipeline.ids import stable_id

    mentions, entities = _link({
        "d1": ("旧ソ連の崩壊から三十年が過ぎた。", [("旧ソ連", "GPE", None, None)]),
        "d2": ("ソ連邦は1991年に解体された。", [("ソ連邦", "GPE", None, "Q15180")]),
        "d3": ("旧市街では祭りが続いた。", [("旧市街", "LOC", None, None)]),
    })
    ids = dict(zip(mentions["text"], mentions["entity_id"]))
    assert ids["旧ソ連"] == ids["ソ連邦"] == stable_id("ent", "Q15180")
    assert sorted(entities.loc[ids["旧ソ連"], "aliases"]) == ["ソ連", "ソ連邦", "旧ソ連"]
    assert ids["旧市街"] != ids["旧ソ連"]


def test_a_name_does_not_keep_half_a_bracket():
    """GiNZA tags ヘリオス航空(キプロス) as one span; the closing bracket is stripped as an edge, so the
    opening one goes too, with the qualifier it opens: the name is ヘリオス航空, in every article."""
    from pipeline.analysis.entities.mentions import mentions_in_doc

    models = load_models()
    texts = {"d1": "墜落したのは、121人が搭乗した、ヘリオス航空(キプロス)のラルナカ発プラハ行き552便だった。",
             "d2": "ヘリオス航空は乗客名簿を公開した。"}
    rows = []
    for doc_id, text in texts.items():
        for m in mentions_in_doc(models.nlp(text), models.gazetteer):
            rows.append({"mention_id": f"{doc_id}:{m.start}", "doc_id": doc_id, "sent_idx": 0, "start": m.start, "end": m.end,
                         "text": m.text, "norm_text": m.text, "label": m.label, "label_ene": m.label_ene, "role": m.role,
                         "source": m.source, "key": m.key})
    mentions = pd.DataFrame(rows)
    assert "ヘリオス航空" in set(mentions.loc[mentions["doc_id"] == "d1", "text"])
    assert not any(c in t for t in mentions["text"] for c in "()（）")
    entities, ids = link_entities(mentions, models.gazetteer, texts)
    helios = entities.set_index("entity_id").loc[ids[mentions["text"] == "ヘリオス航空"].unique()]
    assert list(helios["name"]) == ["ヘリオス航空"] and list(helios["n_docs"]) == [2]


def test_linking_rules_hold_their_examples():
    from pipeline.analysis.rules import patterns_of
    from pipeline.crossdoc import linking

    rules = patterns_of(linking)
    assert [r.name for r in rules] == ["linking_administration", "linking_affiliation_before_name", "linking_national_forces"]
    assert [p for rule in rules for p in rule.failures()] == []


def test_an_administration_is_one_organisation_apart_from_its_leader():
    from pipeline.ids import stable_id

    mentions, entities = _link({
        "d1": ("トランプ政権は関税を引き上げた。トランプ大統領は会見した。",
               [("トランプ政権", "ORG", None, None), ("トランプ", "PERSON", "大統領", "Q22686")]),
        "d2": ("トランプ米政権の外交方針が変わった。", [("トランプ米政権", "ORG", None, None)]),
        "d3": ("トランプ政権下で同盟は揺らいだ。", [("トランプ政権下", "WORK_OF_ART", None, None)]),
        "d4": ("第2次トランプ政権が発足した。", [("第2次トランプ政権", "EVENT", None, None)]),
        "d5": ("金正日政権の末期に飢饉が起きた。", [("金正日政権", "ORG", None, None)]),
    })
    ids = dict(zip(mentions["text"], mentions["entity_id"]))
    administration = entities.loc[ids["トランプ政権"]]
    assert ids["トランプ米政権"] == ids["トランプ政権下"] == administration.name
    assert (administration["name"], administration["label"], administration["n_docs"]) == ("トランプ政権", "ORG", 3)
    assert sorted(administration["aliases"]) == ["トランプ政権", "トランプ政権下", "トランプ米政権"]
    assert ids["トランプ"] == stable_id("ent", "Q22686") != administration.name
    assert ids["第2次トランプ政権"] != administration.name
    assert entities.loc[ids["金正日政権"], "name"] == "金正日政権"


def test_a_countrys_forces_are_one_entity_by_any_form_of_its_name():
    from pipeline.ids import stable_id

    mentions, entities = _link({
        "d1": ("米軍は欧州での駐留を続ける。", [("米軍", "ORG", None, None)]),
        "d2": ("米国軍の撤退が議論された。", [("米国軍", "ORG", None, None)]),
        "d3": ("露軍が東部で攻勢を強めた。海軍も動いた。", [("露軍", "ORG", None, None), ("海軍", "ORG", None, None)]),
        "d4": ("ロシア軍は反撃に出た。", [("ロシア軍", "ORG", None, None)]),
    })
    ids = dict(zip(mentions["text"], mentions["entity_id"]))
    us = entities.loc[stable_id("ent", "Q11211")]
    assert ids["米軍"] == ids["米国軍"] == us.name
    assert (us["name"], us["wikidata_id"], us["n_docs"]) == ("アメリカ軍", "Q11211", 2)
    russia = entities.loc[ids["露軍"]]
    assert ids["ロシア軍"] == russia.name and (russia["name"], russia["n_docs"]) == ("ロシア軍", 2)
    assert pd.isna(russia["wikidata_id"])
    assert ids["海軍"] not in {us.name, russia.name}


def test_an_affiliation_before_a_name_is_not_part_of_it():
    mentions, entities = _link({
        "d1": ("横綱・朝青龍が優勝した。", [("横綱・朝青龍", "PERSON", None, None)]),
        "d2": ("朝青龍は休場を届け出た。", [("朝青龍", "PERSON", None, None)]),
        "d3": ("和歌山県・木村が完投した。", [("和歌山県・木村", "PERSON", None, None)]),
        "d4": ("ピート・ヘグセス長官が訪れた。", [("ピート・ヘグセス", "PERSON", "長官", None)]),
        # a list of racecourses GiNZA took for a person: 阪神 is a place in the same article
        "d5": ("中山・阪神の両競馬場で開催された。阪神では雨が降った。", [("中山・阪神", "PERSON", None, None), ("阪神", "GPE", None, None)]),
    })
    ids = dict(zip(mentions["text"], mentions["entity_id"]))
    wrestler = entities.loc[ids["朝青龍"]]
    assert ids["横綱・朝青龍"] == wrestler.name
    assert (wrestler["name"], wrestler["n_docs"], sorted(wrestler["aliases"])) == ("朝青龍", 2, ["朝青龍", "横綱・朝青龍"])
    assert entities.loc[ids["和歌山県・木村"], "name"] == "木村"
    assert entities.loc[ids["ピート・ヘグセス"], "name"] == "ピート・ヘグセス"
    assert ids["中山・阪神"] != ids["阪神"] and entities.loc[ids["中山・阪神"], "name"] == "中山・阪神"


def test_agencies_in_credits_and_reference_lists_are_mentions():
    """The credit of a caption and the items of a reference list are not analysed, but the agencies
    the gazetteer knows in them are mentions: AP通信 in one article and AP in another are one entity."""
    from pipeline.analysis.analyse import _cited_source_mentions
    from pipeline.analysis.text.segment import prepare
    from pipeline.ids import stable_id

    texts = {
        "d1": "首脳会談に臨むルッテ事務総長(AP通信)\n両首脳は防衛費の増額で一致した。\n",
        "d2": "欧州は防衛費を増やしている。\n\n参考・引用リスト\n・欧州の防衛費に関する報道(AP / Reuters)\n・NATOの年次報告(2025年)\n",
    }
    rows = []
    for doc_id, text in texts.items():
        found = _cited_source_mentions(prepare(text), load_models().gazetteer)
        rows += [r | {"doc_id": doc_id, "mention_id": f"{doc_id}:{r['start']}"} for r in found]
    mentions = pd.DataFrame(rows)
    assert [(r.doc_id, r.text, r.key) for r in mentions.itertuples()] == [
        ("d1", "AP通信", "Q40469"), ("d2", "AP", "Q40469"), ("d2", "Reuters", "Q130879"), ("d2", "NATO", "Q7184")]
    assert [texts[r.doc_id][r.start:r.end] for r in mentions.itertuples()] == list(mentions["text"])
    entities, ids = link_entities(mentions, load_models().gazetteer, texts)
    ap = entities.set_index("entity_id").loc[stable_id("ent", "Q40469")]
    assert (ap["name"], ap["n_docs"], sorted(ap["aliases"])) == ("AP通信", 2, ["AP", "AP通信"])
