"""Cross-article entity linking: one `entities` row per real-world referent.

Mentions the gazetteer knows are linked by its key (米 = 米国 = アメリカ = USA -> Q30).
Places the gazetteer does not know are looked up in the knowledge bases (crossdoc/kb.py: ISO 3166
countries and subdivisions, GeoNames cities and continents) and linked by the KB's key
(横浜 = 横浜市 -> geonames:1848354); a gazetteer place is bridged to its KB record, so that both
name one entity, which carries the KB's geonames_id, country and coordinates. Only place mentions
(GPE, LOC) are looked up: a person or an organisation named like a place (山口 the surname, 横浜
the club) is never linked to the place. A place in brackets right after a person's name (田中(横浜):
a club or a constituency in a sports or election result) is not linked at all: the context does
not say which, and a wrong link is worse than none.
Other mentions are linked by the katakana spelling key of their name, whatever label GiNZA
gave each of them (one referent, one label: the majority); titles are not part of the name (they
are in mentions.role), so 山田被告, 山田容疑者 and 山田氏 are one person. A surname alone joins the
full name it abbreviates: in the same article first (ピート・ヘッグセス ... ヘッグセス), across
articles when only one full name in the corpus ends in it.
A surface is linked by the name it is a variant of (name_form): a person's name without the
affiliation or rank joined to it by ・ (横綱・朝青龍 is 朝青龍), a leader's administration without
its country form or 下 (トランプ米政権 = トランプ政権下 = トランプ政権: an organisation of its own, not
the person), a country's forces by any form of the country (米軍 = 米国軍 = アメリカ軍, Q11211 from
data/national_forces.tsv; 露軍 = ロシア軍).

Two steps, so that the corpus never has to fit in memory:
  mention_keys   per document (pandas, a chunk of whole documents at a time): each mention's
                 surface, spelling key and the group it joins within its own article.
  ENTITIES_SQL   over all keyed mentions (DuckDB, which spills to disk): the cross-article
                 surname joins, the label vote, the canonical name and the entity IDs.
`link_entities` runs both on an in-memory frame: the same code path, for notebooks and tests.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from typing import Iterator

import pandas as pd

from pipeline.analysis.entities.gazetteer import Gazetteer, katakana_key
from pipeline.analysis.rules import Pattern
from pipeline.analysis.wordlists import read_rows
from pipeline.crossdoc import kb as knowledge_bases
from pipeline.output.schemas import ENTITIES, empty_frame

# Breaks label ties, most name-like first.
LABEL_PRIORITY = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART", "OTHER")
_NAME_PARTS = re.compile(r"[・･\s]+")

# Columns mention_keys adds; ENTITIES_SQL and MENTION_ENTITY_SQL read them.
KEY_COLUMNS = ("surface", "name_form", "gaz_key", "own_key", "full_last_key", "surname_key", "local_group")

# The name a surface is a variant of, when it carries more than the name (name_form below).
_AFFILIATION_BEFORE_NAME = Pattern(
    "linking_affiliation_before_name",
    "^(?P<affiliation>[^・･]+)[・･](?P<name>[\u4e00-\u9fff々ヶ]{2,})$",
    why="a person's affiliation, rank or stable before a kanji name, joined by ・ (横綱・朝青龍, 和歌山県・木村, "
        "中央競馬・武豊): Japanese names take no ・, so the name is what follows it (group name)",
    matches=(("横綱・朝青龍", "横綱・朝青龍"), "和歌山県・木村", "中央競馬・武豊", "パイオニア・野茂"),
    rejects=("ピート・ヘグセス", "マーク・ルッテ", "山本武", "ジョン・F・ケネディ"),
)
_ADMINISTRATION = Pattern(
    "linking_administration",
    "^(?:(?P<leader>[\u30a1-\u30fa\u30fc・]{2,})(?P<country>[\u4e00-\u9fff])?|(?P<kanji_leader>[\u4e00-\u9fff々]{2,4}))政権(?:下|内)?$",
    why="a leader's administration, an organisation of its own (linked to the person, not merged with "
        "him): トランプ政権, with a country form (トランプ米政権) or 下 (トランプ政権下) as variants of it; "
        "a numbered one (第2次トランプ政権) is another administration; a country form only after a katakana "
        "name (金正日政権 is Kim Jong-il's, not 金正's in Japan)",
    matches=("トランプ政権", "トランプ米政権", "トランプ政権下", "岸田政権", "金正日政権", "バイデン政権内"),
    rejects=("第2次トランプ政権", "政権", "新政権", "トランプ大統領"),
)
_NATIONAL_FORCES = Pattern(
    "linking_national_forces",
    "^(?P<country>.+?)(?P<head>軍)$",
    why="a country's armed forces by any form of the country's name (米軍 = 米国軍 = アメリカ軍, 露軍 = ロシア軍): "
        "group country is looked up in the gazetteer, and must be a country",
    matches=(("米軍", "米軍"), "ロシア軍", "露軍"),
    rejects=("軍", "米軍基地"),
)


_DOC_SCOPE = chr(31)  # doc_id and key of a name that stands for someone of one article only


@functools.lru_cache(maxsize=1)
def _tagger():
    from pipeline.analysis.models import load_tagger

    return load_tagger()


@functools.lru_cache(maxsize=65536)
def _is_surname_alone(surface: str) -> bool:
    """木村, 山本: one UniDic word that is a surname (姓); not 山本武, nor a ring name such as 白鵬."""
    words = list(_tagger()(surface))
    return len(words) == 1 and words[0].feature.pos3 == "人名" and words[0].feature.pos4 == "姓"


def _name_parts(surface: str) -> list[str]:
    return [p for p in _NAME_PARTS.split(surface) if p]


def _is_kanji_name(surface: str) -> bool:
    return bool(surface) and all("\u4e00" <= c <= "\u9fff" or c in "々" for c in surface)


def _name_form(surface: str, label: str, gazetteer: Gazetteer) -> str:
    """The name a surface is a variant of: a person's name without the affiliation before it
    (横綱・朝青龍 -> 朝青龍), an administration without its country form or 下 (トランプ米政権 ->
    トランプ政権), a country's forces by the country's name (露軍 -> ロシア軍); else the surface."""
    if label == "PERSON":
        m = _AFFILIATION_BEFORE_NAME.match(surface)
        return m.group("name") if m else surface
    m = _ADMINISTRATION.match(surface)
    if m is not None:
        country = m.group("country")
        if country is None or _country_entry(country, gazetteer) is not None:
            return (m.group("leader") or m.group("kanji_leader")) + "政権"
        return surface
    m = _NATIONAL_FORCES.match(surface)
    if m is not None:
        entry = _country_entry(m.group("country"), gazetteer)
        if entry is not None:
            known = _national_forces().get(entry.key)
            return known[0] if known is not None else entry.name + m.group("head")
    return surface


def _forces_key(surface: str, label: str, gazetteer: Gazetteer) -> str | None:
    """The group key of a country's forces (national_forces.tsv: its Wikidata ID; else forces:<country key>)."""
    m = _NATIONAL_FORCES.match(surface) if label != "PERSON" else None
    entry = _country_entry(m.group("country"), gazetteer) if m is not None else None
    if entry is None:
        return None
    known = _national_forces().get(entry.key)
    return known[1] if known is not None else f"forces:{entry.key}"


@functools.lru_cache(maxsize=1)
def _national_forces() -> dict[str, tuple[str, str]]:
    """Country gazetteer key -> (name, wikidata_id) of its armed forces (data/national_forces.tsv)."""
    return {r["country"]: (r["name"], r["wikidata_id"]) for r in read_rows("national_forces.tsv", ("country", "name", "wikidata_id"))}


def national_forces_frame() -> pd.DataFrame:
    """The forces national_forces.tsv names, as rows of the SQL step's gazetteer table."""
    return pd.DataFrame([(wikidata, name, "ORG", wikidata) for name, wikidata in _national_forces().values()],
                        columns=["key", "name", "label", "wikidata_id"])


def _country_entry(surface: str, gazetteer: Gazetteer):
    """The gazetteer's country a form names (米, 米国, アメリカ), or None."""
    entry = gazetteer.lookup(surface)
    return entry if entry is not None and entry.label == "GPE" and entry.ene == "Country" else None


_OPENING = frozenset("(（")
_CLOSING = frozenset(")）")


def _bracketed_after_person(frame: pd.DataFrame, originals: dict[str, str] | None) -> list[bool]:
    """Place mentions in brackets right after a person's name: 田中(横浜), 山田(東京): an affiliation
    (a club, a constituency, a hometown), not a place to link. Needs the documents' texts: without
    them nothing is taken for an affiliation."""
    if not originals:
        return [False] * len(frame)
    person_ends = {(d, int(e)) for d, e, label in zip(frame["doc_id"], frame["end"], frame["label"]) if label == "PERSON"}
    flags = []
    for d, start, end, label in zip(frame["doc_id"], frame["start"], frame["end"], frame["label"]):
        text = originals.get(d, "")
        start, end = int(start), int(end)
        flags.append(label in knowledge_bases.PLACE_LABELS and (d, start - 1) in person_ends
                     and text[start - 1:start] in _OPENING and text[end:end + 1] in _CLOSING and end < len(text))
    return flags


def _kb_groups(frame: pd.DataFrame, gazetteer: Gazetteer, affiliation: list[bool]) -> list[str | None]:
    """The KB group of each place mention: the gazetteer key its KB record is bridged to, else the
    record's kb_key (旧ソ連 as ソ連); None for mentions that are not places, are affiliations, or the KB lacks."""
    kb = knowledge_bases.load_kb()
    to_gazetteer = _reverse_bridge(gazetteer)
    found: dict[str, str | None] = {}
    groups: list[str | None] = []
    for surface, label, gaz, affil in zip(frame["surface"], frame["label"], frame["gaz_key"], affiliation):
        if gaz is not None or affil or label not in knowledge_bases.PLACE_LABELS:
            groups.append(None)
            continue
        if surface not in found:
            found[surface] = _place_group(surface, kb, gazetteer, to_gazetteer)
        groups.append(found[surface])
    return groups


# 旧ソ連 is ソ連, 旧ユーゴスラビア Yugoslavia: the prefix dates the name, it does not make another place.
_FORMER = "旧"


def _place_group(surface: str, kb, gazetteer: Gazetteer, to_gazetteer: dict[str, str]) -> str | None:
    record = kb.lookup(surface)
    if record is not None:
        return to_gazetteer.get(record.kb_key, record.kb_key)
    if surface.startswith(_FORMER) and len(surface) > 2:
        rest = surface[len(_FORMER):]
        entry = gazetteer.lookup(rest)
        if entry is not None and entry.label == "GPE":
            return entry.key
        record = kb.lookup(rest)
        if record is not None and record.kind == "country":
            return to_gazetteer.get(record.kb_key, record.kb_key)
    return None


def _reverse_bridge(gazetteer: Gazetteer) -> dict[str, str]:
    """KB key -> the gazetteer key bridged to it (the first gazetteer row, in file order)."""
    reverse: dict[str, str] = {}
    for key, record in knowledge_bases.load_kb().bridge(gazetteer).items():
        reverse.setdefault(record.kb_key, key)
    return reverse


def mention_keys(mentions: pd.DataFrame, gazetteer: Gazetteer, originals: dict[str, str] | None = None) -> pd.DataFrame:
    """The mentions with their linking keys; `mentions` holds whole documents (any number of them),
    `originals` their texts by doc_id (optional: it tells an affiliation in brackets).

    - surface: norm_text, else text
    - gaz_key: the gazetteer key when the mention was linked to a known referent (none for an
      affiliation in brackets after a person's name: 田中(横浜))
    - own_key: the katakana spelling key of the surface
    - full_last_key: for a full person name (ピート・ヘグセス), the key of its last part
    - surname_key: for a lone katakana surname no full name in its own article explains, its key
      (the corpus-wide step joins it to the one full name that ends in it, if there is one); a
      lone kanji surname no longer name of its article explains stays an entity of that article
    - local_group: the group the mention joins from what its own article says
    """
    frame = mentions.copy()
    norm = frame["norm_text"] if "norm_text" in frame.columns else pd.Series(None, index=frame.index, dtype=object)
    frame["surface"] = [n if isinstance(n, str) and n else t for n, t in zip(norm, frame["text"])]
    keys = frame["key"] if "key" in frame.columns else pd.Series(None, index=frame.index, dtype=object)
    affiliation = _bracketed_after_person(frame, originals)
    forms = [_name_form(s, label, gazetteer) for s, label in zip(frame["surface"], frame["label"])]
    # the name after an affiliation is a person's only when its article does not name something
    # else by it (中山・阪神 in a racing result, where 阪神 is a racecourse): else the surface stays
    not_persons = {(d, katakana_key(s)) for d, s, label in zip(frame["doc_id"], frame["surface"], frame["label"]) if label != "PERSON"}
    frame["name_form"] = [s if label == "PERSON" and f != s and (d, katakana_key(f)) in not_persons else f
                          for d, s, f, label in zip(frame["doc_id"], frame["surface"], forms, frame["label"])]
    # a country's forces are keyed as such even where the mention links the country (米軍 -> Q30)
    gaz_keys = [_forces_key(s, label, gazetteer) or (k if isinstance(k, str) and gazetteer.get(k) is not None and not a else None)
                for k, a, s, label in zip(keys, affiliation, frame["surface"], frame["label"])]
    frame["gaz_key"] = pd.Series(gaz_keys, index=frame.index, dtype=object)
    frame["own_key"] = [katakana_key(s) for s in frame["name_form"]]
    kb_group = _kb_groups(frame, gazetteer, affiliation)
    group0 = [g if g is not None else k if k is not None else own for g, k, own in zip(frame["gaz_key"], kb_group, frame["own_key"])]
    full_last: list[str | None] = [None] * len(frame)
    surname: list[str | None] = [None] * len(frame)
    local = list(group0)

    person = [(i, d, s) for i, (d, s, g, lab) in enumerate(zip(frame["doc_id"], frame["name_form"], frame["gaz_key"], frame["label"])) if g is None and lab == "PERSON"]
    full_by_doc: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    kanji_by_doc: dict[str, set[str]] = defaultdict(set)
    for i, doc_id, surface in person:
        parts = _name_parts(surface)
        if len(parts) > 1:
            full_last[i] = katakana_key(parts[-1])
            full_by_doc[doc_id][full_last[i]].add(group0[i])
        elif _is_kanji_name(surface):
            kanji_by_doc[doc_id].add(surface)
    for i, doc_id, surface in person:
        if len(_name_parts(surface)) != 1:
            continue
        key = katakana_key(surface)
        in_doc = full_by_doc[doc_id].get(key, set())
        if len(in_doc) == 1:
            local[i] = next(iter(in_doc))
            continue
        if _is_kanji_name(surface):
            # 山本氏 after 山本武氏 in the same article
            longer = {n for n in kanji_by_doc[doc_id] if n.startswith(surface) and len(n) > len(surface)}
            if len(longer) == 1:
                local[i] = katakana_key(next(iter(longer)))
            elif not in_doc and _is_surname_alone(surface):
                # a kanji surname alone (木村) names someone of its own article only: many people share it
                local[i] = f"{doc_id}{_DOC_SCOPE}{key}"
            continue
        if not in_doc:
            surname[i] = key
    _join_short_org_forms(frame, local)
    frame["full_last_key"] = pd.Series(full_last, index=frame.index, dtype=object)
    frame["surname_key"] = pd.Series(surname, index=frame.index, dtype=object)
    frame["local_group"] = local
    return frame


# A short form of an organisation's name is at least this long (F・マリノス, ジェフユナイテッド; not 日本).
MIN_SHORT_ORG_FORM = 3


def _join_short_org_forms(frame: pd.DataFrame, local: list[str]) -> None:
    """An organisation written in its article by the start or the end of a longer organisation name
    the same article gives (F・マリノス after 横浜F・マリノス, ジェフユナイテッド after ジェフユナイテッド
    市原・千葉) is that organisation, when only one longer name fits; `local` is updated in place."""
    orgs_by_doc: dict[str, dict[str, str]] = defaultdict(dict)
    rows = [(i, d, s, g) for i, (d, s, g, lab) in enumerate(zip(frame["doc_id"], frame["name_form"], frame["gaz_key"], frame["label"]))
            if lab == "ORG"]
    for i, doc_id, surface, _ in rows:
        orgs_by_doc[doc_id].setdefault(surface, local[i])
    for i, doc_id, surface, gaz_key in rows:
        if gaz_key is not None or len(surface) < MIN_SHORT_ORG_FORM:
            continue
        longer = {group for name, group in orgs_by_doc[doc_id].items()
                  if len(name) > len(surface) and (name.startswith(surface) or name.endswith(surface))}
        if len(longer) == 1:
            local[i] = next(iter(longer))


def gazetteer_frame(gazetteer: Gazetteer) -> pd.DataFrame:
    """The gazetteer as a table for the SQL step: key, name, label, wikidata_id; with the armed
    forces of national_forces.tsv (forces of other countries have no row: their group keys them)."""
    frame = pd.DataFrame(
        [(e.key, e.name, e.label, e.wikidata_id) for e in gazetteer.entries],
        columns=["key", "name", "label", "wikidata_id"],
    )
    return pd.concat([national_forces_frame(), frame], ignore_index=True).drop_duplicates("key", keep="last")


def kb_frame(gazetteer: Gazetteer) -> pd.DataFrame:
    """The KB records as a table for the SQL step, by every group key that can name them: their
    kb_key and the gazetteer keys bridged to them. key, kb_key, label, geonames_id, country, lat, lon."""
    kb = knowledge_bases.load_kb()
    records = {r.kb_key: r for r in kb.records()}
    rows = [(r.kb_key, r.kb_key, r.label, r.geonames_id, r.country, r.lat, r.lon) for r in records.values()]
    rows += [(key, r.kb_key, r.label, r.geonames_id, r.country, r.lat, r.lon) for key, r in kb.bridge(gazetteer).items()]
    frame = pd.DataFrame(rows, columns=["key", "kb_key", "label", "geonames_id", "country", "lat", "lon"])
    return frame.astype({"geonames_id": "Int64", "lat": "float64", "lon": "float64"})


def label_priority_frame() -> pd.DataFrame:
    return pd.DataFrame({"label": list(LABEL_PRIORITY), "priority": range(len(LABEL_PRIORITY))})


# Reads `keyed_mentions` (mention_keys' columns and doc_id, label), `gazetteer`, `kb_places` and
# `label_priority`; creates `mention_groups` (each mention's final group) and `entities`.
# A group keyed by the gazetteer takes its row's name, label and wikidata_id; a group keyed by the
# gazetteer or a KB takes the KB record's geonames_id, country and coordinates, and its entity key
# is that key (the same place has the same entity_id in every corpus).
ENTITIES_SQL = """
CREATE OR REPLACE TABLE mention_groups AS
WITH full_names AS (            -- a lone surname joins a full name when only one in the corpus ends in it
    SELECT full_last_key, min(own_key) AS target
    FROM keyed_mentions WHERE full_last_key IS NOT NULL
    GROUP BY full_last_key HAVING count(DISTINCT own_key) = 1
)
SELECT m.*, coalesce(f.target, m.local_group) AS group_key
FROM keyed_mentions m LEFT JOIN full_names f ON m.surname_key = f.full_last_key;

-- One table per step rather than one query: a query keeps every step's hash table in memory at
-- once, one step at a time spills what it does not hold.
CREATE OR REPLACE TABLE entity_labels AS   -- the majority label; OTHER only when it is the only one
WITH label_counts AS (
    SELECT group_key, label, count(*) AS n, count(*) OVER (PARTITION BY group_key) AS n_labels
    FROM mention_groups GROUP BY group_key, label
)
SELECT c.group_key, c.label
FROM label_counts c LEFT JOIN label_priority p USING (label)
WHERE NOT (c.label = 'OTHER' AND c.n_labels > 1)
QUALIFY row_number() OVER (PARTITION BY c.group_key ORDER BY c.n DESC, coalesce(p.priority, 99), c.label) = 1;

CREATE OR REPLACE TABLE entity_surfaces AS
SELECT group_key, surface, count(*) AS n
FROM mention_groups GROUP BY group_key, surface;

CREATE OR REPLACE TABLE entity_names AS    -- the most frequent full name form (surnames joined them), longest, first
SELECT group_key, name_form AS name FROM (
    SELECT group_key, name_form, count(*) AS n, bool_or(own_key = group_key) AS is_full
    FROM mention_groups GROUP BY group_key, name_form
)
QUALIFY row_number() OVER (PARTITION BY group_key ORDER BY is_full DESC, n DESC, length(name_form) DESC, name_form) = 1;

CREATE OR REPLACE TABLE entity_aliases AS
SELECT group_key, list(surface) AS surfaces FROM entity_surfaces GROUP BY group_key;

CREATE OR REPLACE TABLE entity_counts AS
SELECT group_key, count(*) AS n_mentions
FROM mention_groups GROUP BY group_key;

CREATE OR REPLACE TABLE entity_docs AS
SELECT group_key, count(*) AS n_docs, list_sort(list(doc_id)) AS doc_ids
FROM (SELECT DISTINCT group_key, doc_id FROM mention_groups) GROUP BY group_key;

CREATE OR REPLACE TABLE entities AS
WITH decided AS (
    SELECT c.group_key,
           CASE WHEN z.key IS NOT NULL THEN z.key WHEN k.key IS NOT NULL THEN k.kb_key ELSE l.label || ':' || c.group_key END AS entity_key,
           CASE WHEN z.key IS NOT NULL THEN z.name ELSE n.name END AS name,
           coalesce(z.label, k.label, l.label) AS label,
           z.wikidata_id, k.geonames_id, k.country, k.lat, k.lon, a.surfaces, c.n_mentions, d.n_docs, d.doc_ids
    FROM entity_counts c
    JOIN entity_docs d USING (group_key)
    JOIN entity_names n USING (group_key)
    JOIN entity_aliases a USING (group_key)
    JOIN entity_labels l USING (group_key)
    LEFT JOIN gazetteer z ON z.key = c.group_key
    LEFT JOIN kb_places k ON k.key = c.group_key
)
SELECT group_key, substr(sha256('ent' || chr(31) || entity_key), 1, 16) AS entity_id, name, label,
       list_sort(list_distinct(list_append(surfaces, name))) AS aliases, wikidata_id,
       geonames_id, country, lat, lon, n_mentions, n_docs, doc_ids
FROM decided;

DROP TABLE entity_labels; DROP TABLE entity_surfaces; DROP TABLE entity_names; DROP TABLE entity_aliases;
DROP TABLE entity_counts; DROP TABLE entity_docs;
"""

ENTITY_TABLE_SQL = ("SELECT entity_id, name, label, aliases, wikidata_id, geonames_id, country, lat, lon, n_mentions, n_docs, doc_ids "
                    "FROM entities ORDER BY entity_id")

# Each mention's entity_id, in the mentions table's order.
MENTION_ENTITY_SQL = """
SELECT m.doc_id, m.start, m."end", m.label, e.entity_id
FROM mention_groups m JOIN entities e USING (group_key)
ORDER BY m.doc_id, m.start, m."end", m.label
"""


def merge_entities(con, gazetteer: Gazetteer) -> None:
    """From the relation `keyed_mentions` (mention_keys' rows), create `mention_groups` and `entities`."""
    con.register("gazetteer", gazetteer_frame(gazetteer))
    con.register("kb_places", kb_frame(gazetteer))
    con.register("label_priority", label_priority_frame())
    con.execute(ENTITIES_SQL)


def entity_frames(con, rows: int = 100_000) -> Iterator[pd.DataFrame]:
    """The entities table, in entity_id order, a batch of rows at a time (after merge_entities)."""
    from pipeline.crossdoc.duck import batches

    for batch in batches(con, ENTITY_TABLE_SQL, rows):
        frame = batch.to_pandas()
        for column in ("aliases", "doc_ids"):
            frame[column] = frame[column].map(list)
        yield frame.astype({"n_mentions": "int64", "n_docs": "int64", "geonames_id": "Int64", "lat": "float64", "lon": "float64"})


def link_entities(mentions: pd.DataFrame, gazetteer: Gazetteer, originals: dict[str, str] | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """Entities over the whole corpus, and the entity_id of each mention (aligned to its index);
    `originals`: the documents' texts by doc_id, when known (see mention_keys)."""
    from pipeline.crossdoc.duck import connect

    if mentions.empty:
        return empty_frame(ENTITIES), pd.Series([], index=mentions.index, dtype=object, name="entity_id")
    keyed = mention_keys(mentions, gazetteer, originals)
    with connect() as con:
        con.register("keyed_mentions", keyed[["doc_id", "start", "end", "label", *KEY_COLUMNS]])
        merge_entities(con, gazetteer)
        entities = pd.concat(list(entity_frames(con)), ignore_index=True)
        ids = con.sql(MENTION_ENTITY_SQL).to_df()
    by_position = keyed[["doc_id", "start", "end", "label"]].merge(ids, on=["doc_id", "start", "end", "label"], how="left")
    return entities, pd.Series(by_position["entity_id"].to_numpy(), index=mentions.index, dtype=object, name="entity_id")
