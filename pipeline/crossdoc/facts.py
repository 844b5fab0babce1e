"""Claims that state the same thing, merged across articles into `facts`.

A fact is a normalised key over claims of quantities, percents and money, and of dates tied
to an event (NATO's founding in 1949):

    (subject, actor, kind, unit, base, value)

- subject: the claim's subject through the synonym table (pipeline/analysis/data/subject_synonyms.tsv:
  国防費 = 防衛支出 = 軍事費 → 防衛費), tried on the surface and on its UniDic lemmas.
- actor: the body the number belongs to — the claim's `scope` column when the frame has one
  (pipeline.analysis.claims.context fills it: NATO for NATO加盟国 or for leaders at a NATO summit), else its
  `actor`; an acronym before 加盟国 is the body (NATO加盟国 → NATO); a bare 加盟国 takes the
  body the same document gives for the same subject; gazetteer names become canonical.
- value: the point value; for a bound without one, the bound itself (GDP比5%以上 ≥ 5 merges
  with 5 %: the same target stated as a floor). The fact keeps the widest range its claims give:
  value_low the smallest lower end, value_high the largest upper end, None when any claim is
  open above. Dates are keyed by year (value 1949, unit "year"): 2022年 and 2022年2月 merge.

Two steps, so that the corpus never has to fit in memory: `claim_fact_keys` per chunk of whole
documents (pandas; the keys of a bare 加盟国 depend on its document), then FACTS_SQL over every
keyed claim (DuckDB, which spills to disk) and `conflict_groups` one shared key at a time.

Facts with the same subject, actor, kind, unit and base but different values conflict unless
the text tells them apart by time: each claim's `time` gives a frame (以前/従来 → "past",
2035年までに → "by:2035", 2025年6月 → "2025"), and two facts whose frames are both known and
disjoint are not in conflict (NATO's 5 % target is not in conflict with its former 2 % guideline).
Nor are two values given side by side in one sentence (4%か5%). Conflicting facts share
`conflict_group`, a stable hash of the shared key and the time frames of the group.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Iterable, Iterator

import pandas as pd

from pipeline.analysis.numbers.expressions import last_digit_step
from pipeline.analysis.claims.words import COLLECTIVE, EVENT, EVENT_HEADS, EVENT_MODIFIERS, FOUNDING, STANDINGS, SUBJECT_SYNONYMS, TIME_PAST, event_head_of
from pipeline.analysis.entities.outlets import can_hold
from pipeline.ids import stable_id
from pipeline.output.schemas import FACTS

FACT_KINDS = frozenset({"quantity", "percent", "money", "age", "ordinal", "duration"})
# A person's age is a fact only with the person it is of (山本順一被告(57歳)); 57歳の男 is no one's. A
# rank likewise (毛沢東主義派が第1党): 第2戦 or 3位 with no one's name is any race's.
HOLDER_ONLY_KINDS = frozenset({"age", "ordinal"})
_ACRONYM_BODY = re.compile(r"^([A-Z][A-Z0-9]{1,7})(?:の)?(加盟国|同盟国|加盟各国|諸国|首脳|指導者たち|指導者)$")
_YEAR = re.compile(r"(\d{4})年")
_ROLE_SUFFIXES = ("政権", "政府", "大統領", "首相", "長官")


# Columns claim_fact_keys adds; FACTS_SQL reads them with doc_id, sent_idx, kind, text and claim_id.
# group_id: claims that may state one fact (same subject, holder, kind, unit, base and time);
# c_low/c_high: the interval the value may stand for given its precision (3億2,000万: 3.15-3.25億),
# which FACTS_SQL clusters within a group into facts. f_low/f_high: the range the claim states.
KEY_COLUMNS = ("group_id", "f_subject", "f_actor", "f_unit", "f_base", "f_value", "f_date", "f_low", "f_high",
               "c_low", "c_high", "f_frame", "f_time", "f_bound")
_FLOAT_KEYS = ("f_value", "f_low", "f_high", "c_low", "c_high")
# A date claim may name the same event across stories only when its subject names one event: an
# event word with a name before it (ロンドンオリンピック, FIFAワールドカップ, 北京五輪, 世界選手権) or a
# numbered one (台風14号); 発表, 開幕, ドラフト or 受ける on a day is any story's.
_NUMBERED_EVENT = re.compile(r"[0-9]+号\Z")
MIN_EVENT_NAME_BEFORE_HEAD = 2
MINUTES_PER_DAY = 24 * 60
# The subject of a time of day the parse ties to no event: within one story, the same minute of the
# same day is one moment (the crash at 12:20 local time in two reports of it).
UNNAMED_MOMENT = "時刻"
# A whole number from this size on may be rounded where it ends in zeros (3億2,000万, 2万人); below, it is exact.
ROUND_FROM = 1000
# Within one story, an exact count or sum of this size or more is one fact whatever each article calls
# it (SAME_NUMBER stands for its subject in the key); below, 3人 may be the dead of one day and the
# injured of another.
SAME_NUMBER = "*"
SPECIFIC_FROM = 10
SPECIFIC_KINDS = frozenset({"quantity", "money"})
# Hedged values (約3億) stand for this much either side at least.
APPROX_SPREAD = 0.1


def build_facts(claims: pd.DataFrame, gazetteer=None) -> tuple[pd.DataFrame, pd.Series]:
    """Merge claims into facts; return the facts table and each claim's fact_id (None if not a fact).

    `claims` has the columns of pipeline.output.schemas.CLAIMS except fact_id; an optional `scope`
    column (pipeline.analysis.claims.context.ClaimContext.scope) is used for the actor key when present.
    The same two steps as a run over a corpus (claim_fact_keys, then FACTS_SQL), in memory.
    """
    from pipeline.crossdoc.duck import connect

    if claims.empty:
        return _empty_facts(), pd.Series([None] * len(claims), index=claims.index, dtype=object)
    keyed = claim_fact_keys(claims, gazetteer)
    with connect() as con:
        con.register("keyed_claims", keyed.loc[keyed["group_id"].notna(), ["claim_id", "doc_id", "sent_idx", "kind", "text", "copy_key", *KEY_COLUMNS]])
        frames = list(fact_frames(con))
        assigned = dict(con.sql("SELECT claim_id, fact_id FROM claim_facts").fetchall())
    facts = pd.concat(frames, ignore_index=True) if frames else _empty_facts()
    return facts, pd.Series([assigned.get(c) for c in keyed["claim_id"]], index=claims.index, dtype=object)


def claim_fact_keys(claims: pd.DataFrame, gazetteer=None, lemma_key=None, stories: dict[str, str] | None = None) -> pd.DataFrame:
    """The claims with their fact key columns; `claims` holds whole documents (any number of them).

    The key is per claim but a bare 加盟国 or a percent without base takes what the same
    document says for the same subject, so a document's claims must come together.
    fact_id is None for claims that state no fact.
    """
    if gazetteer is None:
        from pipeline.analysis.entities.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    rows = [r for r in _keyed_claims(claims, gazetteer, lemma_key or lemma_normaliser()) if r is not None]
    rows = _resolve_collectives(rows, stories or {})
    columns: dict[str, list] = {c: [None] * len(claims) for c in KEY_COLUMNS}
    position = {index: pos for pos, index in enumerate(claims.index)}
    for r in rows:
        pos = position[r["index"]]
        values = (stable_id("factgroup", *r["key"]), r["subject"], r["actor"], r["unit"], r["base"], r["value"], r["date"],
                  r["low"], r["high"], r["c_low"], r["c_high"], r["frame"], r["time"], r["bound"])
        for column, v in zip(KEY_COLUMNS, values):
            columns[column][pos] = v
    keyed = claims.copy()
    for column, values in columns.items():
        keyed[column] = pd.Series(values, index=claims.index, dtype="float64" if column in _FLOAT_KEYS else object)
    if "copy_key" not in keyed:
        keyed["copy_key"] = None  # set by the caller that has the texts (assemble.copy_key)
    return keyed


# Reads `keyed_claims` (the claims that may state a fact) and `doc_sources` (doc_id -> the article
# it copies, pipeline.crossdoc.duplicates; a document absent from it is its own source); creates
# `claim_facts` (each claim's fact) and `fact_rows`, one per fact. Within a group, claims whose
# precision intervals overlap are one fact: sorted by interval, a fact starts where an interval
# begins past every interval before it. value_low is the smallest lower end of its claims, None
# when one of them is open below; value_high likewise. One table per step, so that DuckDB can spill each.
FACTS_SQL = """
CREATE OR REPLACE TABLE claim_facts AS
WITH reach AS (
    SELECT claim_id, doc_id, group_id, c_low, c_high,
           max(c_high) OVER (PARTITION BY group_id ORDER BY c_low, c_high, claim_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
    FROM keyed_claims
), starts AS (
    SELECT *, CASE WHEN before IS NULL OR c_low >= before THEN 1 ELSE 0 END AS starts FROM reach
)
SELECT claim_id, group_id,
       substr(sha256('fact' || chr(31) || group_id || chr(31) ||
              (sum(starts) OVER (PARTITION BY group_id ORDER BY c_low, c_high, claim_id ROWS UNBOUNDED PRECEDING))::VARCHAR), 1, 16) AS fact_id
FROM starts;

CREATE OR REPLACE TABLE copied_claims AS
SELECT copy_key FROM keyed_claims k LEFT JOIN doc_sources d USING (doc_id)
WHERE copy_key IS NOT NULL GROUP BY copy_key HAVING count(DISTINCT coalesce(d.source_id, k.doc_id)) > 1;

CREATE OR REPLACE TABLE fact_claims AS
SELECT k.*, f.fact_id,
       CASE WHEN c.copy_key IS NOT NULL THEN 'copy:' || k.copy_key ELSE coalesce(d.source_id, k.doc_id) END AS source_id,
       coalesce(k.c_high - k.c_low, 0) AS width, h.entity_id AS holder_entity_id
FROM keyed_claims k JOIN claim_facts f USING (claim_id) LEFT JOIN doc_sources d USING (doc_id)
LEFT JOIN claim_holders h USING (claim_id) LEFT JOIN copied_claims c USING (copy_key);
DROP TABLE copied_claims;

CREATE OR REPLACE TABLE fact_numbers AS
SELECT fact_id, any_value(group_id) AS group_id,
       min(f_subject) AS subject, min(f_actor) AS actor, min(holder_entity_id) AS holder_entity_id, any_value(kind) AS kind,
       arg_min(f_value, (width, claim_id)) AS value, arg_min(f_date, (width, claim_id)) AS date,
       CASE WHEN count(f_low) = count(*) THEN min(f_low) END AS value_low,
       CASE WHEN count(f_high) = count(*) THEN max(f_high) END AS value_high,
       any_value(f_unit) AS unit, any_value(f_base) AS base,
       CASE WHEN count(DISTINCT f_time) = 1 THEN any_value(f_time) END AS time,
       CASE WHEN count(DISTINCT f_bound) = 1 AND count(f_bound) = count(*) THEN any_value(f_bound) END AS bound,
       count(*) AS n_mentions, list_sort(list(claim_id)) AS claim_ids, min(c_low) AS c_low
FROM fact_claims GROUP BY fact_id;

-- an article counts once however its claims are sourced (a copied headline box beside its own sentence)
CREATE OR REPLACE TABLE fact_docs AS
SELECT fact_id, count(DISTINCT doc_id) AS n_docs, least(count(DISTINCT source_id), count(DISTINCT doc_id)) AS n_sources,
       list_sort(list(DISTINCT doc_id)) AS doc_ids
FROM fact_claims GROUP BY fact_id;

CREATE OR REPLACE TABLE fact_texts AS
SELECT fact_id, list_sort(list(text)) AS surfaces
FROM (SELECT DISTINCT fact_id, text FROM fact_claims) GROUP BY fact_id;

CREATE OR REPLACE TABLE fact_rows AS
SELECT * FROM fact_numbers JOIN fact_docs USING (fact_id) JOIN fact_texts USING (fact_id);

DROP TABLE fact_numbers; DROP TABLE fact_docs; DROP TABLE fact_texts;
"""

# Facts sharing subject, actor, kind, unit and base are the only ones that can conflict; for
# them, the time frames and the sentences of their claims.
_CONFLICT_CANDIDATES_SQL = """
WITH candidates AS (
    SELECT fact_id, group_id, subject, actor, kind, unit, base, coalesce(value, c_low) AS value
    FROM fact_rows
    QUALIFY count(*) OVER (PARTITION BY group_id) > 1
),
frames AS (
    SELECT fact_id, list(f_frame ORDER BY f_frame) AS frames
    FROM (SELECT DISTINCT fact_id, f_frame FROM fact_claims SEMI JOIN candidates USING (fact_id) WHERE f_frame IS NOT NULL)
    GROUP BY fact_id
),
sentences AS (
    SELECT fact_id, list(sentence ORDER BY sentence) AS sentences
    FROM (SELECT DISTINCT fact_id, doc_id || chr(31) || sent_idx::VARCHAR AS sentence FROM fact_claims SEMI JOIN candidates USING (fact_id))
    GROUP BY fact_id
)
SELECT c.*, coalesce(f.frames, []::VARCHAR[]) AS frames, s.sentences
FROM candidates c LEFT JOIN frames f USING (fact_id) JOIN sentences s USING (fact_id)
ORDER BY group_id, fact_id
"""

_FACT_TABLE_SQL = """
SELECT fact_id, subject, actor, holder_entity_id, kind, value, value_low, value_high, unit, base, date, time, bound,
       n_docs, n_sources, doc_ids, n_mentions, surfaces, claim_ids
FROM fact_rows ORDER BY fact_id
"""


def fact_frames(con, rows: int = 100_000) -> Iterator[pd.DataFrame]:
    """Merge the relation `keyed_claims` (claim_fact_keys' fact rows) into facts and mark their
    conflicts; the facts table in fact_id order, a batch of rows at a time."""
    from pipeline.crossdoc.duck import batches

    if not _has_table(con, "doc_sources"):  # no near-duplicate detection ran: every article is its own source
        con.execute("CREATE OR REPLACE TEMP TABLE doc_sources (doc_id VARCHAR, source_id VARCHAR)")
    if not _has_table(con, "claim_holders"):  # no mentions to link holders to (in-memory facts)
        con.execute("CREATE OR REPLACE TEMP TABLE claim_holders (claim_id VARCHAR, entity_id VARCHAR)")
    con.execute(FACTS_SQL)
    conflicts = conflict_groups(con)
    for batch in batches(con, _FACT_TABLE_SQL, rows):
        yield _facts_frame(batch, conflicts)


def _has_table(con, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()[0]) or \
        bool(con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [name]).fetchone()[0])


def _facts_frame(batch, conflicts: dict[str, str]) -> pd.DataFrame:
    """A batch of fact_rows as rows of the facts table."""
    frame = batch.to_pandas()
    for column in ("doc_ids", "surfaces", "claim_ids"):
        frame[column] = frame[column].map(list)
    frame["conflict_group"] = pd.Series([conflicts.get(f) for f in frame["fact_id"]], index=frame.index, dtype=object)
    return frame[FACTS.schema.names].astype({"value": "float64", "value_low": "float64", "value_high": "float64",
                                               "n_docs": "int64", "n_sources": "int64", "n_mentions": "int64"})


def conflict_groups(con) -> dict[str, str]:
    """fact_id -> conflict_group, for the facts in conflict; one shared key's facts in memory at a time."""
    from pipeline.crossdoc.duck import batches

    def shared_of(f: dict) -> tuple:
        return f["group_id"], f["subject"], f["actor"], f["kind"], f["unit"], f["base"]

    groups: dict[str, str] = {}
    current: list[dict] = []
    for batch in batches(con, _CONFLICT_CANDIDATES_SQL):
        for f in batch.to_pylist():
            f = {**f, "value": None if f["value"] is None else float(f["value"]),
                 "_frames": frozenset(f["frames"]), "_sentences": frozenset(f["sentences"])}
            if current and shared_of(current[0]) != shared_of(f):
                groups |= _conflicts_among(shared_of(current[0]), current)
                current = []
            current.append(f)
    if current:
        groups |= _conflicts_among(shared_of(current[0]), current)
    return groups


# ---------------------------------------------------------------- keys


def _keyed_claims(claims: pd.DataFrame, gazetteer, lemma_key) -> Iterable[dict | None]:
    has_scope = "scope" in claims.columns
    for index, c in claims.iterrows():
        kind = c["kind"]
        subject = _present(c["subject"])
        if subject is None and kind == "time" and _present(c["date"]) and time_interval(str(c["date"])) is not None:
            subject = UNNAMED_MOMENT  # 14日午後0時20分(日本時間14日午後6時20分)ごろ: a minute of one day names its moment
        if subject is None and not (kind in SPECIFIC_KINDS and _specific_value(_value_key(c)) and _present(c["unit"])):
            yield None
            continue
        subject_key = normalise_subject(subject, lemma_key) if subject is not None else None
        date = None
        if kind in FACT_KINDS:
            value = _value_key(c)
            if value is None or bool(c.get("vague", False)):
                yield None
                continue
            unit, base = _present(c["unit"]), _present(c["base"])
            c_low, c_high = precision_interval(value, bool(c.get("approx", False)))
            if unit == "shindo":
                c_low, c_high = shindo_interval(value, _present(c.get("unit_surface")))
        elif kind in ("date", "time") and _present(c["date"]) and _present(c.get("date_anchor")):
            date = _present(c["date"])
            span = date_interval(date) if kind == "date" else time_interval(date)
            if span is None:
                yield None
                continue
            value, unit, base = None, None, None
            c_low, c_high = span
        else:
            yield None
            continue
        # the holder: the claim's scope (whose number it is), which the parse leaves empty when the
        # only candidate reports the number (気象庁は…と発表した); the actor stands in without one
        holder_text = _present(c["scope"]) if has_scope else _present(c["actor"])
        actor = normalise_actor(holder_text, gazetteer)
        if actor is None and (kind in HOLDER_ONLY_KINDS or _counts_its_counter(c, subject)):
            yield None
            continue
        if kind == "ordinal" and subject_key not in STANDINGS:
            yield None  # 2位, 第2戦: a place in one race or a round of one season, which the key cannot tell apart
            continue
        time = _present(c.get("time")) if kind not in ("date", "time") else None
        yield {
            "index": index,
            "claim_id": c["claim_id"],
            "doc_id": c["doc_id"],
            "text": c["text"],
            "subject": subject_key,
            "actor": actor,
            "kind": kind,
            "unit": unit,
            "base": base,
            "value": value,
            "date": date,
            "low": _range_end(c, "value_low", ("le", "lt", "under")) if kind in FACT_KINDS else None,
            "high": _range_end(c, "value_high", ("ge", "gt", "over")) if kind in FACT_KINDS else None,
            "c_low": c_low,
            "c_high": c_high,
            "bound": _present(c["bound"]),
            "time": time,
            "frame": time_frame(_present(c["time_text"] if "time_text" in c else c["time"])),
            "precise_date": date is not None and len(date.split("/")[0]) >= 10,
            "approx": bool(c.get("approx", False)),
        }


def precision_interval(value: float, approx: bool) -> tuple[float, float]:
    """The values a stated number may stand for: half a step of its last significant digit either
    side (3億2,000万: 3.15-3.25億; 7人: 6.5-7.5; a whole number below ROUND_FROM: itself ±0.5),
    widened to APPROX_SPREAD for a hedge (約3億)."""
    step = last_digit_step(abs(value)) / 2
    if not approx and abs(value) < ROUND_FROM and float(value).is_integer():
        step = 0.5  # 300票, 30歳: a small count or age is exact, 330票 and 32歳 are other facts
    if approx:
        step = max(step, abs(value) * APPROX_SPREAD)
    return value - step, value + step


def shindo_interval(value: float, unit_surface: str | None) -> tuple[float, float]:
    """The JMA measured intensities a seismic intensity stands for: 震度5弱 4.5-5.0, 震度5強 5.0-5.5,
    震度5 (the old scale, or unsaid) 4.5-5.5; so 5弱 and 5強 are two facts."""
    surface = unit_surface or ""
    if surface.endswith("弱"):
        return value - 0.5, value
    if surface.endswith("強"):
        return value, value + 0.5
    return value - 0.5, value + 0.5


def date_interval(iso: str) -> tuple[float, float] | None:
    """A date value as [first day, day after the last) in days since 0001-01-01: 2008 spans the year,
    2008-01-21/2008-01-31 those days; None for what is not on the calendar (--05-07, open ends)."""
    first, _, last = iso.partition("/")
    start = _first_day(first)
    end = _last_day(last or first)
    if start is None or end is None:
        return None
    return float(start.toordinal()), float(end.toordinal() + 1)


def time_interval(iso: str) -> tuple[float, float] | None:
    """A time of day on a known date as its minute, in the days of date_interval: the race's start at
    15:00 local and at 16:00 Japan time are two facts. None without a date or a clock."""
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})", iso)
    day = _first_day(m.group(1)) if m else None
    if day is None:
        return None
    start = day.toordinal() + (int(m.group(2)) * 60 + int(m.group(3))) / MINUTES_PER_DAY
    return float(start), float(start + 1 / MINUTES_PER_DAY)


def _first_day(part: str):
    import datetime

    part = re.sub(r"T.*$", "", part)
    try:
        if re.fullmatch(r"\d{4}", part):
            return datetime.date(int(part), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", part):
            return datetime.date(int(part[:4]), int(part[5:7]), 1)
        return datetime.date.fromisoformat(part[:10]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", part[:10]) else None
    except ValueError:
        return None


def _last_day(part: str):
    import calendar
    import datetime

    part = re.sub(r"T.*$", "", part)
    first = _first_day(part)
    if first is None:
        return None
    if re.fullmatch(r"\d{4}", part):
        return datetime.date(first.year, 12, 31)
    if re.fullmatch(r"\d{4}-\d{2}", part):
        return datetime.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return first


_EVENT_WORDS_LONGEST_FIRST = tuple(sorted(EVENT | EVENT_HEADS, key=lambda w: (-len(w), w)))
_SYNONYMS_LONGEST_FIRST = tuple(sorted(SUBJECT_SYNONYMS, key=lambda w: (-len(w), w)))


def normalise_subject(subject: str, lemma_key=None) -> str:
    """国防費 → 防衛費, 防衛費増加 → 防衛費, via the synonym table on the surface and on lemmas."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", subject))
    if text in SUBJECT_SYNONYMS:
        return SUBJECT_SYNONYMS[text]
    for event in _EVENT_WORDS_LONGEST_FIRST:
        for modifier in EVENT_MODIFIERS:
            if text.endswith(modifier + event):
                return text[: -len(modifier + event)] + event  # ウクライナ全面侵攻 → ウクライナ侵攻, 臨時理事会 → 理事会
    if lemma_key is not None:
        lemma = lemma_key(text)
        if lemma in SUBJECT_SYNONYMS:
            return SUBJECT_SYNONYMS[lemma]
    # The measured noun at the end of a longer phrase: 欧州の防衛費, 各国の国防費
    for variant in _SYNONYMS_LONGEST_FIRST:
        if text.endswith(variant) and len(variant) >= 2 and (len(text) == len(variant) or text[-len(variant) - 1] == "の"):
            return SUBJECT_SYNONYMS[variant]
    return text


def lemma_normaliser():
    """Surface → joined UniDic lemmas (引上げ → 引き上げ), with fugashi; None if unavailable."""
    try:
        from pipeline.analysis.models import load_tagger

        tagger = load_tagger()
    except Exception:  # noqa: BLE001 - lemmas only widen matching; the surface still works
        return None

    def lemma_key(text: str) -> str:
        parts = []
        for word in tagger(text):
            lemma = getattr(word.feature, "lemma", None) or word.surface
            parts.append(lemma.split("-")[0] if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", lemma) else word.surface)
        return "".join(parts)

    return lemma_key


SPOKESPERSON_SUFFIXES = ("当局者", "関係者", "報道官", "高官", "幹部", "当局")


def normalise_actor(actor: str | None, gazetteer) -> str | None:
    """NATO加盟国 → NATO; gazetteer aliases → canonical name (トランプ → ドナルド・トランプ); None for a
    news outlet or a time-zone label, which never hold a number (outlets.can_hold)."""
    if actor is None:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", actor))
    if not can_hold(text):
        return None
    m = _ACRONYM_BODY.match(text)
    if m:
        text = m.group(1)
    entry = gazetteer.lookup(text) if gazetteer is not None else None
    if entry is not None:
        return entry.name
    for suffix in SPOKESPERSON_SUFFIXES:  # 国連当局者 → 国際連合: who speaks for a body states its numbers
        if text.endswith(suffix) and len(text) > len(suffix):
            body = gazetteer.lookup(text[: -len(suffix)]) if gazetteer is not None else None
            if body is not None:
                return body.name
    for suffix in _ROLE_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            head = gazetteer.lookup(text[: -len(suffix)]) if gazetteer is not None else None
            if head is not None:
                return head.name + suffix
    return text


def _is_collective(actor: str | None) -> bool:
    return actor is not None and any(actor.endswith(w) for w in COLLECTIVE) and not _ACRONYM_BODY.match(actor)


def _resolve_collectives(rows: list[dict], stories: dict[str, str]) -> list[dict]:
    """A claim whose sentence and paragraph name no body (or only a bare 加盟国), or a percent with
    no base, takes what the same document says for the same subject: the most frequent body and
    base among its other claims of that subject (国防費「2%目標」の厳格化, a heading)."""
    bodies: dict[tuple[str, str], Counter] = defaultdict(Counter)
    bases: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    for r in rows:
        if r["actor"] is not None and not _is_collective(r["actor"]):
            bodies[(r["doc_id"], r["subject"])][r["actor"]] += 1
        if r["base"] is not None:
            bases[(r["doc_id"], r["subject"], r["kind"])][r["base"]] += 1
    for r in rows:
        if (r["actor"] is None or _is_collective(r["actor"])) and r["subject"] is not None:
            r["actor"] = _most_frequent(bodies.get((r["doc_id"], r["subject"])), r["actor"])
        if r["base"] is None and r["kind"] == "percent":
            r["base"] = _most_frequent(bases.get((r["doc_id"], r["subject"], r["kind"])), None)
    _adopt_story_holders(rows, stories)
    for r in rows:
        # A claim can corroborate another article's only with a holder, a time, or (for a date) a
        # specific event, or else within its story (assemble.document_stories): the same 3人 of two unrelated
        # stories is not one fact.
        # A quantity without a holder stays in its story even with a time.
        anchored = r["actor"] is not None or (r["kind"] in ("date", "time") and names_one_event(r["subject"]))
        # A holder's number is one fact whatever time each article ties it to (frames tell a former
        # target from a new one, see conflict_groups); so is a count or sum kept to its story (at most
        # STORY_DAYS long, its year says nothing more: 死者が3人…と同日夕発表した is the 3人が死亡し of the
        # report whose clause is not dated). Otherwise the time must agree (its year): a duration keeps it
        # (100年で0.6℃ and 100年で0.74℃ of two climate reports are no one fact), as do named events.
        timeless = r["actor"] is not None or r["time"] is None or (not anchored and r["kind"] in SPECIFIC_KINDS)
        time_key = None if timeless else r["time"][:4]
        story = stories.get(r["doc_id"]) or r["doc_id"]
        if _specific_number(r):
            # the same exact number within the story, whatever each article calls it, if it names it at
            # all (停戦監視部隊員 38人 / 隊員 38人; 搭乗 121人 / 乗客乗員 121名); the value itself is in the
            # key, so 180万人 and 200万人 (which rounding would let meet) stay apart
            r["key"] = (SAME_NUMBER, r["actor"], r["kind"], r["unit"], r["base"], time_key, story, r["value"])
        else:
            r["key"] = (r["subject"], r["actor"], r["kind"], r["unit"], r["base"], time_key, None if anchored else story)
    return rows


def _counts_its_counter(c, subject: str | None) -> bool:
    """1試合, 3人 read as 試合, 人: the subject is only the counter, which says nothing of what is
    counted; without a holder such a count is no one's fact (two matches of one tournament)."""
    return c["kind"] == "quantity" and subject is not None and str(c["text"]).endswith(subject)


def _specific_value(value: float | None) -> bool:
    return value is not None and abs(value) >= SPECIFIC_FROM


def _specific_number(r: dict) -> bool:
    """A count or sum stated exactly (not 約, not 以上) and large enough to tell one fact."""
    return r["kind"] in SPECIFIC_KINDS and _specific_value(r["value"]) and r["value"] > 0 and r["bound"] is None \
        and not r["approx"] and r["low"] == r["high"] and r["unit"] is not None  # a bare 200 counts nothing known


def _adopt_story_holders(rows: list[dict], stories: dict[str, str]) -> None:
    """A claim with no holder takes the one holder its story's other articles give the same subject
    and a value it agrees with (8月5日に開幕 in one report, 8月5日に開幕したリオデジャネイロオリンピック
    in the others); with two holders to choose from, or none, it keeps none."""
    held: dict[tuple, list[tuple[str, float, float]]] = defaultdict(list)
    for r in rows:
        story = stories.get(r["doc_id"])
        if r["actor"] is not None and story is not None:
            held[(story, r["subject"], r["kind"], r["unit"])].append((r["actor"], r["c_low"], r["c_high"]))
            if _specific_number(r):  # a specific number finds its holder whatever its subject
                held[(story, SAME_NUMBER, r["kind"], r["unit"])].append((r["actor"], r["c_low"], r["c_high"]))
    for r in rows:
        story = stories.get(r["doc_id"])
        if r["actor"] is not None or story is None or r["kind"] in HOLDER_ONLY_KINDS:
            continue
        subject = SAME_NUMBER if _specific_number(r) else r["subject"]  # a specific number: whatever its subject
        holders = {actor for actor, low, high in held.get((story, subject, r["kind"], r["unit"]), ())
                   if low < r["c_high"] and r["c_low"] < high}
        if len(holders) == 1:
            r["actor"] = holders.pop()


def names_one_event(subject: str | None) -> bool:
    if not subject:
        return False
    if _NUMBERED_EVENT.search(subject):
        return True
    head = event_head_of(subject)
    return head is not None and len(subject) - len(head) >= MIN_EVENT_NAME_BEFORE_HEAD


def _most_frequent(counts: Counter | None, default):
    if not counts:
        return default
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _range_end(c, column: str, open_bounds: tuple[str, ...]) -> float | None:
    """One end of a claim's range; None when the claim is open on that side (5%以上 has no upper end)."""
    end = _float(c[column])
    if end is not None:
        return end
    return None if _present(c["bound"]) in open_bounds else _float(c["value"])


def _value_key(c) -> float | None:
    value = _float(c["value"])
    if value is not None:
        return round(value, 6)
    low, high, bound = _float(c["value_low"]), _float(c["value_high"]), _present(c["bound"])
    if bound in ("le", "lt", "under") and high is not None:
        return round(high, 6)
    if low is not None:
        return round(low, 6)
    return round(high, 6) if high is not None else None


def _is_event(subject: str) -> bool:
    return subject == FOUNDING or any(subject.endswith(e) for e in EVENT)


def time_frame(time: str | None) -> str | None:
    """The period a claim's time names, for telling facts apart: 'past', 'by:2035', '2025', or the words."""
    if time is None:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", time))
    if any(w in text for w in TIME_PAST):
        return "past"
    m = _YEAR.search(text)
    if m:
        year = m.group(1)
        if "まで" in text:
            return f"by:{year}"
        if any(w in text for w in ("以来", "以降", "から", "以後")):
            return f"since:{year}"
        return year
    return text


# ---------------------------------------------------------------- facts


def _conflicts_among(shared: tuple, candidates: list[dict]) -> dict[str, str]:
    """Conflict groups among facts with the same shared key: connected components of _conflict."""
    candidates = sorted(candidates, key=lambda f: f["fact_id"])
    parent = {f["fact_id"]: f["fact_id"] for f in candidates}

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for i, a in enumerate(candidates):
        for b in candidates[i + 1 :]:
            if _conflict(a, b):
                parent[root(b["fact_id"])] = root(a["fact_id"])
    components: dict[str, list[dict]] = defaultdict(list)
    for f in candidates:
        components[root(f["fact_id"])].append(f)
    groups: dict[str, str] = {}
    for members in components.values():
        if len(members) < 2:
            continue
        frames = sorted(set().union(*(m["_frames"] for m in members)))
        group = stable_id("conflict", *shared, "|".join(frames))
        groups |= {m["fact_id"]: group for m in members}
    return groups


def _conflict(a: dict, b: dict) -> bool:
    if a["value"] == b["value"]:
        return False
    if a["_frames"] and b["_frames"] and not (a["_frames"] & b["_frames"]):
        return False  # the text ties them to different periods
    # Values side by side in one sentence are alternatives or a range, not disagreement.
    only_together = a["_sentences"] == b["_sentences"] and len(a["_sentences"]) == 1
    return not only_together


# ---------------------------------------------------------------- helpers


def _missing(value) -> bool:
    """None, NaN or pandas NA; lists and other non-scalars count as present."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _present(value) -> str | None:
    if _missing(value):
        return None
    text = str(value)
    return text if text else None


def _float(value) -> float | None:
    return None if _missing(value) else float(value)


def _empty_facts() -> pd.DataFrame:
    from pipeline.output.schemas import empty_frame

    return empty_frame(FACTS)
