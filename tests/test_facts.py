"""Claims merged into facts: unit tables of real seed claims, then the five seeds end to end."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.analysis.entities.gazetteer import load_gazetteer
from pipeline.crossdoc.facts import build_facts, normalise_actor, normalise_subject, time_frame
from pipeline.ids import stable_id
from pipeline.output import schemas

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CLAIM_COLUMNS = [n for n in schemas.CLAIMS.schema.names if n != "fact_id"]


def claim(doc_id: str, sent_idx: int, text: str, kind: str, value, subject, actor, time=None, *, base="GDP",
          unit="percent", bound=None, low=None, high=None, date=None, scope=None, vague=False) -> dict:
    low = value if low is None and bound not in ("le", "lt") else low
    high = value if high is None and bound not in ("ge", "gt") else high
    return {
        "claim_id": stable_id("claim", doc_id, sent_idx, text), "doc_id": doc_id, "sent_idx": sent_idx,
        "start": 0, "end": len(text), "text": text, "norm_text": text, "kind": kind,
        "value": value, "value_low": low, "value_high": high, "unit": unit, "unit_surface": None,
        "approx": False, "vague": vague, "bound": bound, "date": date, "base": base,
        "subject": subject, "actor": actor, "time": None, "time_text": time, "scope": scope,
        "date_anchor": "absolute" if date else None, "date_precision": None,
    }


def frame(*rows: dict, with_scope: bool = True) -> pd.DataFrame:
    columns = [c for c in CLAIM_COLUMNS if with_scope or c != "scope"]
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize("subject, key", [
    ("防衛費", "防衛費"),
    ("国防費", "防衛費"),
    ("防衛支出", "防衛費"),
    ("軍事費", "防衛費"),
    ("防衛 費", "防衛費"),
    ("欧州の国防費", "防衛費"),
    ("ウクライナ全面侵攻", "ウクライナ侵攻"),
    ("発足", "設立"),
    ("要員", "要員"),
    ("重要組織", "重要組織"),
])
def test_subject_key(subject, key):
    assert normalise_subject(subject) == key


@pytest.mark.parametrize("actor, key", [
    ("NATO加盟国", "NATO"),
    ("NATO", "NATO"),
    ("北大西洋条約機構", "NATO"),
    ("トランプ", "ドナルド・トランプ"),
    ("岸田政権", "岸田文雄政権"),
    ("米国国防総省", "米国国防総省"),
    (None, None),
])
def test_actor_key(gazetteer, actor, key):
    assert normalise_actor(actor, gazetteer) == key


@pytest.mark.parametrize("time, frame_", [
    ("以前", "past"),
    ("従来", "past"),
    ("2035年までに", "by:2035"),
    ("2025年6月", "2025"),
    ("2014 年", "2014"),
    ("2022年以降", "since:2022"),
    ("今後10年間", "今後10年間"),
    (None, None),
])
def test_time_frame(time, frame_):
    assert time_frame(time) == frame_


# ---------------------------------------------------------------- merging


def test_same_statement_in_different_words_is_one_fact(gazetteer):
    claims = frame(
        claim("000", 10, "5%", "percent", 5.0, "国防費", "ヨーロッパの指導者たち", "2025年6月", scope="NATO"),
        claim("002", 20, "5%以上", "percent", 5.0, "防衛支出", None, bound="ge", scope="加盟国"),
        claim("002", 21, "5%以上", "percent", 5.0, "防衛費", None, bound="ge", scope="NATO"),
        claim("004", 30, "5％", "percent", 5.0, "防衛費", "NATO加盟国", "今後10年間", scope="NATO"),
    )
    facts, ids = build_facts(claims, gazetteer)
    assert len(facts) == 1
    fact = facts.iloc[0]
    assert (fact.subject, fact.actor, fact.kind, fact.value, fact.unit, fact.base) == ("防衛費", "NATO", "percent", 5.0, "percent", "GDP")
    assert (fact.n_docs, fact.n_mentions) == (3, 4)
    assert fact.doc_ids == ["000", "002", "004"]
    assert fact.surfaces == ["5%", "5%以上", "5％"]
    assert fact.claim_ids == sorted(claims.claim_id)
    # 5%以上 is open above: the fact keeps the floor and no ceiling
    assert (fact.value_low, pd.isna(fact.value_high)) == (5.0, True)
    assert set(ids) == {fact.fact_id}  # a hash of the group (subject, holder, kind, unit, base) and its value cluster
    assert list(ids) == [fact.fact_id] * 4
    assert pd.isna(fact.conflict_group)


def test_same_value_of_a_different_body_stays_apart(gazetteer):
    """Seed 001's 2 % is Japan's own budget, not NATO's guideline."""
    claims = frame(
        claim("001", 40, "2%", "percent", 2.0, "防衛費", "岸田政権", scope="岸田政権"),
        claim("004", 29, "2％", "percent", 2.0, "防衛費", "NATO加盟国", "2014年", scope="NATO"),
    )
    facts, ids = build_facts(claims, gazetteer)
    assert sorted(facts.actor) == ["NATO", "岸田文雄政権"]
    assert ids.nunique() == 2
    assert facts.conflict_group.isna().all()


def test_without_a_scope_column_the_actor_is_the_key(gazetteer):
    claims = frame(
        claim("003", 5, "5%", "percent", 5.0, "防衛費", "NATO加盟国"),
        claim("004", 6, "5％", "percent", 5.0, "国防費", "NATO加盟国"),
        with_scope=False,
    )
    facts, _ = build_facts(claims, gazetteer)
    assert list(facts.actor) == ["NATO"]
    assert list(facts.n_docs) == [2]


def test_bare_members_take_the_body_their_document_names(gazetteer):
    claims = frame(
        claim("002", 20, "5%以上", "percent", 5.0, "防衛支出", None, bound="ge", scope="加盟国"),
        claim("002", 21, "2%", "percent", 2.0, "防衛費", None, "従来", scope="NATO"),
        claim("002", 30, "2%", "percent", 2.0, "国防費", None, base=None),  # heading 国防費「2%目標」の厳格化
    )
    facts, ids = build_facts(claims, gazetteer)
    assert sorted(zip(facts.actor, facts.value, facts.base, facts.n_mentions)) == [
        ("NATO", 2.0, "GDP", 2), ("NATO", 5.0, "GDP", 1)]


def test_former_guideline_is_not_in_conflict_with_the_new_target(gazetteer):
    claims = frame(
        claim("000", 10, "5%", "percent", 5.0, "国防費", "ヨーロッパの指導者たち", "2025年6月", scope="NATO"),
        claim("000", 11, "2%", "percent", 2.0, "国防費", "ヨーロッパの指導者たち", "以前", scope="NATO"),
        claim("004", 29, "2％", "percent", 2.0, "防衛費", "NATO加盟国", "2014年", scope="NATO"),
    )
    facts, _ = build_facts(claims, gazetteer)
    assert len(facts) == 2
    assert facts.conflict_group.isna().all()


def test_different_values_for_the_same_period_conflict(gazetteer):
    claims = frame(
        claim("000", 10, "5%", "percent", 5.0, "国防費", "ヨーロッパの指導者たち", "2025年6月", scope="NATO"),
        claim("009", 3, "3.5%", "percent", 3.5, "防衛費", "NATO加盟国", "2025年", scope="NATO"),
        claim("009", 4, "2%", "percent", 2.0, "防衛費", "NATO加盟国", "以前", scope="NATO"),
    )
    facts, _ = build_facts(claims, gazetteer)
    by_value = facts.set_index("value").conflict_group
    assert by_value[5.0] == by_value[3.5] and not pd.isna(by_value[5.0])
    assert pd.isna(by_value[2.0])


def test_alternatives_in_one_sentence_do_not_conflict(gazetteer):
    """2018年、トランプはこれを4%か5%に引き上げるべきだと提案した."""
    claims = frame(
        claim("004", 30, "4％", "percent", 4.0, "防衛費", "トランプ", "2018年", scope="トランプ"),
        claim("004", 30, "5％", "percent", 5.0, "防衛費", "トランプ", "2018年", scope="トランプ"),
    )
    facts, _ = build_facts(claims, gazetteer)
    assert list(facts.actor) == ["ドナルド・トランプ"] * 2
    assert facts.conflict_group.isna().all()


def test_dated_events_are_facts_on_overlapping_dates(gazetteer):
    claims = frame(
        claim("004", 2, "1949 年", "date", None, "設立", "NATO", base=None, unit=None, date="1949", scope="NATO"),
        claim("000", 9, "1949年4月4日", "date", None, "設立", "同盟", base=None, unit=None, date="1949-04-04", scope="NATO"),
        claim("000", 1, "2026年1月20日", "date", None, None, None, base=None, unit=None, date="2026-01-20"),
        claim("004", 3, "1991 年", "date", None, "冷戦", None, base=None, unit=None, date="1991"),
    )
    facts, ids = build_facts(claims, gazetteer)
    founding = facts[facts.subject == "設立"].iloc[0]
    # 1949 and 1949-04-04 overlap: one fact, dated by its most precise claim
    assert (founding.actor, founding.kind, founding.date, founding.n_docs) == ("NATO", "date", "1949-04-04", 2)
    # 冷戦 in 1991 with no holder and a short, year-only subject cannot corroborate another article: a fact of one
    assert list(facts[facts.subject == "冷戦"].n_docs) == [1]
    assert list(ids.isna()) == [False, False, True, False]


def test_claims_that_are_not_facts(gazetteer):
    claims = frame(
        claim("000", 1, "数年", "duration", None, None, None, base=None, unit="year", vague=True),
        claim("000", 2, "第5条", "legal", 5.0, None, None, base=None, unit="article"),
        claim("000", 3, "数百人", "quantity", None, "兵士", None, base=None, unit="person", vague=True),
        claim("000", 4, "200", "quantity", 200.0, None, None, base=None, unit=None),
    )
    facts, ids = build_facts(claims, gazetteer)
    assert facts.empty and list(facts.columns) == schemas.FACTS.schema.names
    assert ids.isna().all() and list(ids.index) == list(claims.index)


def test_output_fits_the_schema_and_is_deterministic(gazetteer):
    rows = [
        claim("000", 10, "5%", "percent", 5.0, "国防費", "ヨーロッパの指導者たち", "2025年6月", scope="NATO"),
        claim("001", 40, "2%", "percent", 2.0, "防衛費", "岸田政権", scope="岸田政権"),
        claim("000", 2, "約200名", "quantity", 200.0, "要員", "米国国防総省", base=None, unit="person", scope="米国国防総省"),
    ]
    facts, ids = build_facts(frame(*rows), gazetteer)
    reversed_facts, reversed_ids = build_facts(frame(*reversed(rows)), gazetteer)
    pd.testing.assert_frame_equal(facts, reversed_facts)
    assert list(ids) == list(reversed(list(reversed_ids)))
    table = schemas.to_arrow(schemas.FACTS, facts)
    assert table.num_rows == 3


# ---------------------------------------------------------------- the five seeds end to end


def seed_claims() -> pd.DataFrame:
    """prepare → numbers → GiNZA → claim_contexts for every seed, as claim rows (with scope)."""
    from pipeline.analysis.claims.context import claim_contexts
    from pipeline.analysis.models import load_models
    from pipeline.analysis.numbers.expressions import extract_numeric_expressions
    from pipeline.analysis.text.segment import prepare

    nlp = load_models().nlp
    rows = []
    for path in sorted(CORPUS.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        doc_id = path.name[:3]
        prepared = prepare(original)
        units = [u for u in prepared.units if u.analysed]
        state, paragraph = None, None
        for unit, doc in zip(units, nlp.pipe(u.norm_text for u in units)):
            if unit.para_idx != paragraph:
                paragraph, state = unit.para_idx, None
            expressions = extract_numeric_expressions(unit.norm_text)
            contexts, state = claim_contexts(doc, expressions, state)
            for e, ctx in zip(expressions, contexts):
                start, end = prepared.normalized.to_original(unit.norm_start + e.start, unit.norm_start + e.end)
                rows.append({
                    "claim_id": stable_id("claim", doc_id, start, end), "doc_id": doc_id, "sent_idx": unit.sent_idx,
                    "start": start, "end": end, "text": original[start:end], "norm_text": e.text, "kind": e.kind,
                    "value": e.value, "value_low": e.value_low, "value_high": e.value_high, "unit": e.unit,
                    "unit_surface": e.unit_surface, "approx": e.approx, "vague": e.vague, "bound": e.bound,
                    "date": e.date, "base": e.base or ctx.base, "subject": ctx.subject, "actor": ctx.actor,
                    "time_text": ctx.time, "scope": ctx.scope, "date_anchor": "absolute" if e.date else None,
                })
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def seed_facts():
    claims = seed_claims()
    facts, ids = build_facts(claims)
    return claims, facts, ids


def one(facts: pd.DataFrame, **where) -> pd.Series:
    rows = facts
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"{len(rows)} facts match {where}"
    return rows.iloc[0]


def test_seed_nato_five_percent_target(seed_facts):
    _, facts, _ = seed_facts
    fact = one(facts, subject="防衛費", actor="NATO", kind="percent", value=5.0)
    assert (fact.base, fact.n_docs) == ("GDP", 4)
    assert fact.doc_ids == ["000", "002", "003", "004"]
    assert fact.surfaces == ["5%", "5%以上", "5％"]


def test_seed_nato_former_two_percent_guideline(seed_facts):
    _, facts, _ = seed_facts
    fact = one(facts, subject="防衛費", actor="NATO", kind="percent", value=2.0)
    assert (fact.base, fact.n_docs) == ("GDP", 4)
    assert fact.doc_ids == ["000", "002", "003", "004"]
    assert pd.isna(fact.conflict_group)  # former guideline vs new target, told apart by 以前/従来/2014年


def test_seed_japans_two_percent_is_its_own_fact(seed_facts):
    _, facts, _ = seed_facts
    japan = facts[(facts.subject == "防衛費") & (facts.value == 2.0) & (facts.actor != "NATO")]
    assert list(japan.actor) == ["岸田文雄政権"]
    assert list(japan.doc_ids) == [["001"]]


def test_seed_nato_founding(seed_facts):
    _, facts, _ = seed_facts
    fact = one(facts, subject="設立", actor="NATO", kind="date")
    assert (fact.date, fact.n_docs) == ("1949", 2)
    assert fact.doc_ids == ["000", "004"]


def test_seed_fact_ids_point_at_the_facts(seed_facts):
    claims, facts, ids = seed_facts
    assert list(ids.index) == list(claims.index)
    linked = ids.dropna()
    assert set(linked) == set(facts.fact_id)
    assert dict(linked.value_counts()) == dict(zip(facts.fact_id, facts.n_mentions))
    schemas.to_arrow(schemas.FACTS, facts)


def test_articles_sharing_salient_entities_within_weeks_tell_one_story():
    import datetime

    from pipeline.crossdoc.assemble import document_stories

    day = datetime.date
    salient = {
        "a": ["JR東日本", "庄内町", "鶴岡"],  # the derailment
        "b": ["JR東日本", "酒田", "新潟支社"],  # its follow-up a month later: the same most-named entity
        "c": ["四川省", "中国", "成都"],  # a May earthquake
        "d": ["成都", "四川省", "雲南省"],  # an August one: same places, months apart
        "e": ["東京都", "警視庁", "渋谷区"],  # unrelated
        "f": [],
    }
    dates = {"a": day(2006, 1, 10), "b": day(2006, 2, 5), "c": day(2008, 5, 13), "d": day(2008, 8, 31),
             "e": day(2006, 1, 12), "f": day(2006, 1, 10)}
    assert document_stories(salient, dates) == {"a": "a", "b": "a", "c": "c", "d": "d", "e": "e", "f": "f"}
    assert document_stories(salient, dates | {"d": day(2008, 6, 1)})["d"] == "c"


@pytest.mark.parametrize("surface, interval", [("震度5弱", (4.5, 5.0)), ("震度5強", (5.0, 5.5)), ("震度5", (4.5, 5.5))])
def test_a_seismic_intensity_stands_for_its_jma_range(surface, interval):
    from pipeline.crossdoc.facts import shindo_interval

    assert shindo_interval(5.0, surface) == interval


@pytest.mark.parametrize("name, holds", [("朝日新聞", False), ("琉球新報", False), ("東奥日報", False), ("AP通信", False), ("ロイター", False), ("NHKニュース", False),
                                         ("CNN", False), ("UTC", False), ("日本時間", False), ("時事ドットコム", False),
                                         ("ドットコム", False), ("asahi.com", False), ("YOMIURIONLINE", False), ("毎日jp", False), ("気象庁", True), ("トヨタ", True)])
def test_outlets_and_time_zones_never_hold_a_number(name, holds):
    from pipeline.analysis.entities.outlets import can_hold

    assert can_hold(name) is holds


@pytest.mark.parametrize("actor, holder", [("国連当局者", "国際連合"), ("国連", "国際連合"), ("朝日新聞", None), ("UTC+8", None)])
def test_who_speaks_for_a_body_holds_its_numbers_and_an_outlet_none(actor, holder):
    from pipeline.analysis.entities.gazetteer import load_gazetteer
    from pipeline.crossdoc.facts import normalise_actor

    assert normalise_actor(actor, load_gazetteer()) == holder


def test_a_claim_copied_into_several_articles_is_one_source(gazetteer):
    rows = [claim(d, 1, "3人", "quantity", 3.0, "死者", "鶴見市", unit="person", base=None, scope="鶴見市") for d in ("x", "y", "z")]
    claims = frame(*rows)
    claims["copy_key"] = ["navbox", "navbox", None]  # x and y carry the same related-headlines box
    facts, _ = build_facts(claims, gazetteer)
    assert (facts.iloc[0].n_docs, facts.iloc[0].n_sources) == (3, 2)


def test_a_persons_age_is_a_fact_of_that_person_and_an_unnamed_age_none(gazetteer):
    from pipeline.crossdoc.facts import claim_fact_keys

    keyed = claim_fact_keys(frame(
        claim("a", 0, "57歳", "age", 57.0, "年齢", "山本順一", unit="year", base=None, scope="山本順一"),
        claim("b", 3, "57歳", "age", 57.0, "年齢", "山本順一", unit="year", base=None, scope="山本順一"),
        claim("c", 1, "57歳", "age", 57.0, "男", None, unit="year", base=None),
    ), gazetteer)
    assert keyed["group_id"][0] == keyed["group_id"][1]
    assert keyed["group_id"][2] is None


def test_a_count_of_its_own_counter_without_a_holder_is_no_fact(gazetteer):
    from pipeline.crossdoc.facts import claim_fact_keys

    keyed = claim_fact_keys(frame(
        claim("a", 0, "1試合", "quantity", 1.0, "試合", None, unit="match", base=None),
        claim("b", 0, "1試合", "quantity", 1.0, "試合", None, unit="match", base=None),
    ), gazetteer, stories={"a": "a", "b": "a"})
    assert keyed["group_id"].isna().all()


def test_a_claim_without_a_holder_takes_the_one_its_story_gives(gazetteer):
    from pipeline.crossdoc.facts import claim_fact_keys

    def opening(doc_id, holder, date="2016-08-05"):
        return claim(doc_id, 0, "8月5日", "date", None, "開幕", holder, unit=None, base=None, date=date, scope=holder)

    stories = {d: "a" for d in "abcde"} | {"z": "z"}
    keyed = claim_fact_keys(frame(
        opening("a", "リオデジャネイロオリンピック"), opening("b", "リオデジャネイロオリンピック"), opening("c", None),
        opening("d", None, date="2016-08-06"), opening("z", None),
    ), gazetteer, stories=stories)
    groups = list(keyed["group_id"])
    assert groups[0] == groups[1] == groups[2]  # same story, same subject, an agreeing date
    assert groups[3] != groups[0] and groups[4] != groups[0]  # another day; another story


def test_an_extraordinary_meeting_is_the_meeting():
    assert normalise_subject("臨時理事会") == "理事会"
    assert normalise_subject("緊急総会") == "総会"


def test_an_outlet_the_headline_names_is_what_the_article_is_about():
    from pipeline.crossdoc.assemble import salient_entities

    def mentions(*named: tuple[str, list[int]]) -> pd.DataFrame:
        rows = [{"text": text, "label": "ORG", "label_ene": "Company", "key": f"ORG:{text}", "sent_idx": i}
                for text, units in named for i in units]
        return pd.DataFrame(rows)

    # the headline names 関西テレビ; ロイター, cited four times, is only a source
    assert salient_entities(mentions(("関西テレビ", [0, 1, 3]), ("花王", [2, 4]), ("ロイター", [1, 2, 3, 5]))) == \
        ["ORG:関西テレビ", "ORG:花王"]
    assert salient_entities(mentions(("関西テレビ", [1, 2, 3]), ("花王", [2, 4]))) == ["ORG:花王"]


def test_a_partys_standing_is_a_fact_of_the_party_and_a_race_place_none(gazetteer):
    from pipeline.crossdoc.facts import claim_fact_keys

    keyed = claim_fact_keys(frame(
        claim("a", 0, "第1党", "ordinal", 1.0, "党", "毛沢東主義派", unit=None, base=None, scope="毛沢東主義派"),
        claim("b", 2, "第1党", "ordinal", 1.0, "党", "毛沢東主義派", unit=None, base=None, scope="毛沢東主義派"),
        claim("c", 0, "2位", "ordinal", 2.0, "位", "アロンソ", unit="rank", base=None, scope="アロンソ"),
    ), gazetteer)
    assert keyed["group_id"][0] == keyed["group_id"][1]
    assert keyed["group_id"][2] is None


def test_times_of_day_are_facts_to_the_minute():
    from pipeline.crossdoc.facts import date_interval, time_interval

    local, japan = time_interval("2006-03-19T15:00"), time_interval("2006-03-19T16:00")
    assert local[1] <= japan[0]  # 15:00 local and 16:00 Japan time do not overlap
    assert date_interval("2006-03-19")[0] <= local[0] < local[1] <= date_interval("2006-03-19")[1]
    assert time_interval("T15:00") is None


def test_a_small_whole_number_is_exact_and_a_large_round_one_may_be_rounded():
    from pipeline.crossdoc.facts import precision_interval

    assert precision_interval(300.0, False) == (299.5, 300.5)  # 300票 and 330票 are two facts
    assert precision_interval(32_000_000.0, False) == (31_500_000.0, 32_500_000.0)  # 3200万: 3150万-3250万
    assert precision_interval(300.0, True) == (250.0, 350.0)  # 約300: hedged, it may be rounded


def test_a_time_of_day_no_event_names_is_one_moment_within_its_story(gazetteer):
    from pipeline.crossdoc.facts import claim_fact_keys

    def moment(doc_id, iso):
        row = claim(doc_id, 0, "午後0時20分", "time", None, None, None, unit=None, base=None, date=iso)
        return row

    keyed = claim_fact_keys(frame(moment("a", "2005-08-14T12:20"), moment("b", "2005-08-14T12:20"), moment("c", "2005-08-14T12:20")),
                            gazetteer, stories={"a": "a", "b": "a", "c": "c"})
    groups = list(keyed["group_id"])
    assert groups[0] == groups[1] is not None and groups[2] != groups[0]


def test_the_same_specific_number_in_one_story_is_one_fact_whatever_its_words(gazetteer):
    from pipeline.crossdoc.facts import claim_fact_keys

    def count(doc_id, text, value, subject, holder=None, approx=False):
        row = claim(doc_id, 0, text, "quantity", value, subject, holder, unit="person", base=None, scope=holder)
        return row | {"approx": approx}

    stories = {"a": "s", "b": "s", "c": "s", "d": "t"}
    keyed = claim_fact_keys(frame(
        count("a", "38人", 38.0, "停戦監視部隊員", "AU"), count("b", "38人", 38.0, None),  # no subject, no holder
        count("c", "180万人", 1_800_000.0, "住居"), count("b", "200万人", 2_000_000.0, "避難民"),
        count("d", "38人", 38.0, "隊員"), count("a", "約40人", 40.0, "隊員", approx=True),
    ), gazetteer, stories=stories)
    groups = list(keyed["group_id"])
    assert groups[0] == groups[1]  # 38 in one story, the holder taken from the other article
    assert groups[2] != groups[3]  # two numbers, however the rounding reads them
    assert groups[4] != groups[0]  # another story
    assert groups[5] != groups[0]  # a hedged number keeps its subject's group


def test_an_article_is_at_most_one_source_of_a_fact(gazetteer):
    from pipeline.crossdoc.duck import connect
    from pipeline.crossdoc.facts import FACTS_SQL

    with connect() as con:
        con.execute("CREATE TABLE keyed_claims (claim_id VARCHAR, doc_id VARCHAR, group_id VARCHAR, c_low DOUBLE, c_high DOUBLE, "
                    "copy_key VARCHAR, f_subject VARCHAR, f_actor VARCHAR, kind VARCHAR, f_value DOUBLE, f_date VARCHAR, "
                    "f_low DOUBLE, f_high DOUBLE, f_unit VARCHAR, f_base VARCHAR, f_time VARCHAR, f_bound VARCHAR, text VARCHAR)")
        # one article: its own sentence and a headline box copied into another article as well
        con.execute("INSERT INTO keyed_claims VALUES ('c1','a','g',11.5,12.5,'own',NULL,NULL,'quantity',12,NULL,12,12,'person',NULL,NULL,NULL,'12人'),"
                    "('c2','a','g',11.5,12.5,'box',NULL,NULL,'quantity',12,NULL,12,12,'person',NULL,NULL,NULL,'12人'),"
                    "('c3','b','z',1.5,2.5,'box',NULL,NULL,'quantity',2,NULL,2,2,'person',NULL,NULL,NULL,'2人')")
        con.execute("CREATE TABLE doc_sources (doc_id VARCHAR, source_id VARCHAR)")
        con.execute("CREATE TABLE claim_holders (claim_id VARCHAR, entity_id VARCHAR)")
        con.execute(FACTS_SQL)
        rows = con.execute("SELECT n_docs, n_sources FROM fact_rows WHERE group_id = 'g'").fetchall()
    assert rows == [(1, 1)]
