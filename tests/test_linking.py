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
