"""Cross-article entity linking: one `entities` row per real-world referent.

Mentions the gazetteer knows are linked by its key (米 = 米国 = アメリカ = USA -> Q30).
Other mentions are linked by the katakana spelling key of their name, whatever label GiNZA
gave each of them (one referent, one label: the majority), and a surname alone joins the
full name it abbreviates: in the same article first (ピート・ヘッグセス ... ヘッグセス), across
articles when only one full name in the corpus ends in it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from .gazetteer import Gazetteer, katakana_key
from .ids import stable_id
from .schemas import ENTITIES, empty_frame

# Breaks label ties, most name-like first.
LABEL_PRIORITY = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART", "OTHER")
_NAME_PARTS = re.compile(r"[・･\s]+")


def _surface(row) -> str:
    norm = row.get("norm_text")
    return norm if isinstance(norm, str) and norm else row["text"]


def _name_parts(surface: str) -> list[str]:
    return [p for p in _NAME_PARTS.split(surface) if p]


def _is_kanji_name(surface: str) -> bool:
    return bool(surface) and all("\u4e00" <= c <= "\u9fff" or c in "々" for c in surface)


def _surname_targets(frame: pd.DataFrame) -> dict[int, str]:
    """Group key of the full name each lone surname (a PERSON mention) stands for, by row position."""
    persons = frame[(frame["_gaz"].isna()) & (frame["label"] == "PERSON")]
    full_by_doc: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    full_corpus: dict[str, set[str]] = defaultdict(set)
    kanji_by_doc: dict[str, set[str]] = defaultdict(set)
    for doc_id, surface, group in zip(persons["doc_id"], persons["_surface"], persons["_group"]):
        parts = _name_parts(surface)
        if len(parts) > 1:
            last = katakana_key(parts[-1])
            full_by_doc[doc_id][last].add(group)
            full_corpus[last].add(group)
        elif _is_kanji_name(surface):
            kanji_by_doc[doc_id].add(surface)
    targets: dict[int, str] = {}
    for pos, doc_id, surface in zip(persons["_pos"], persons["doc_id"], persons["_surface"]):
        if len(_name_parts(surface)) != 1:
            continue
        key = katakana_key(surface)
        in_doc = full_by_doc[doc_id].get(key, set())
        if len(in_doc) == 1:
            targets[pos] = next(iter(in_doc))
        elif not in_doc and len(full_corpus.get(key, set())) == 1:
            targets[pos] = next(iter(full_corpus[key]))
        elif _is_kanji_name(surface):
            # 山本氏 after 山本武氏 in the same article
            longer = {n for n in kanji_by_doc[doc_id] if n.startswith(surface) and len(n) > len(surface)}
            if len(longer) == 1:
                targets[pos] = katakana_key(next(iter(longer)))
    return targets


def _vote(labels: list[str]) -> str:
    counts = Counter(labels)
    if len(counts) > 1:
        counts.pop("OTHER", None)
    return min(counts, key=lambda label: (-counts[label], LABEL_PRIORITY.index(label) if label in LABEL_PRIORITY else len(LABEL_PRIORITY)))


def _canonical_name(surfaces: list[str]) -> str:
    counts = Counter(surfaces)
    return min(counts, key=lambda s: (-counts[s], -len(s), s))


def link_entities(mentions: pd.DataFrame, gazetteer: Gazetteer) -> tuple[pd.DataFrame, pd.Series]:
    """Entities over the whole corpus, and the entity_id of each mention (aligned to its index)."""
    if mentions.empty:
        return empty_frame(ENTITIES), pd.Series([], index=mentions.index, dtype=object, name="entity_id")
    frame = mentions.copy()
    frame["_pos"] = range(len(frame))
    frame["_surface"] = [_surface(row) for row in frame.to_dict("records")]
    gaz_keys = [key if isinstance(key, str) and gazetteer.get(key) is not None else None for key in frame["key"]]
    frame["_gaz"] = pd.Series(gaz_keys, index=frame.index, dtype=object)
    frame["_group"] = [gaz if gaz is not None else katakana_key(surface) for gaz, surface in zip(gaz_keys, frame["_surface"])]
    groups = list(frame["_group"])
    for pos, target in _surname_targets(frame).items():
        groups[pos] = target
    frame["_group"] = groups

    rows = []
    entity_of_group: dict[str, str] = {}
    for group, members in frame.groupby("_group", sort=True):
        entry = gazetteer.get(group) if members["_gaz"].notna().all() else None
        surfaces = list(members["_surface"])
        if entry is not None:
            label, name, key, wikidata = entry.label, entry.name, entry.key, entry.wikidata_id
        else:
            label = _vote(list(members["label"]))
            # name from the full forms when surnames joined them
            full = [s for s in surfaces if katakana_key(s) == group] or surfaces
            name = _canonical_name(full)
            key, wikidata = f"{label}:{group}", None
        entity_id = stable_id("ent", key)
        entity_of_group[group] = entity_id
        doc_ids = sorted(set(members["doc_id"]))
        rows.append({
            "entity_id": entity_id,
            "name": name,
            "label": label,
            "aliases": sorted(set(surfaces) | {name}),
            "wikidata_id": wikidata,
            "n_mentions": len(members),
            "n_docs": len(doc_ids),
            "doc_ids": doc_ids,
        })
    entities = pd.DataFrame(rows, columns=ENTITIES.schema.names)
    entities["n_mentions"] = entities["n_mentions"].astype("int64")
    entities["n_docs"] = entities["n_docs"].astype("int64")
    entities = entities.sort_values("entity_id", kind="stable").reset_index(drop=True)
    entity_ids = pd.Series([entity_of_group[g] for g in frame["_group"]], index=mentions.index, dtype=object, name="entity_id")
    return entities, entity_ids
