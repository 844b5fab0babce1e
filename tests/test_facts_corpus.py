"""Facts across articles, end to end: three reports of one earthquake in other words, and a wire copy.

tests/fixtures/facts_corpus/ holds four short articles written for this test in the style of
Wikinews (a headline, a body, a cited source): a (first report), b (the toll, other wording),
c (two days later, evacuees), d (a wire copy of a with one sentence changed).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from .conftest import run_cli

CORPUS = Path(__file__).resolve().parent / "fixtures" / "facts_corpus"


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    out = tmp_path_factory.mktemp("facts_corpus") / "outputs"
    run_cli("extract", "--corpus", str(CORPUS), "--out", str(out), "--workers", "1", "-q")
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in ("documents", "claims", "facts")}


def test_the_wire_copy_is_found_and_counted_once(tables):
    documents = tables["documents"].set_index("path")
    assert documents.loc["d_niigata_quake_wire_copy.txt", "near_duplicate_of"] == documents.loc["a_niigata_quake.txt", "doc_id"]
    assert documents.drop(index="d_niigata_quake_wire_copy.txt")["near_duplicate_of"].isna().all()


def test_the_toll_told_three_ways_is_one_fact(tables):
    facts, documents = tables["facts"], tables["documents"].set_index("path")
    deaths = facts[(facts.subject == "死者") & (facts.unit == "person")]
    assert len(deaths) == 1
    fact = deaths.iloc[0]
    # 3人が死亡 (a, d), 死者が3人 (b), 死者は3人 (c): four articles, three of them independent
    assert (fact.value, fact.n_docs, fact.n_sources) == (3.0, 4, 3)
    assert list(fact.doc_ids) == sorted(documents.loc[["a_niigata_quake.txt", "b_niigata_toll.txt", "c_niigata_shelters.txt",
                                                 "d_niigata_quake_wire_copy.txt"], "doc_id"])
    injured = facts[(facts.subject == "負傷者") & (facts.value == 46.0)].iloc[0]
    assert (injured.n_docs, injured.n_sources) == (3, 2)  # 46人が重軽傷を負った (a, d), 負傷者が46人 (b)


def test_no_fact_joins_different_numbers_or_measures(tables):
    facts = tables["facts"]
    for fact in facts[facts.n_docs >= 2].itertuples():
        assert len(set(fact.surfaces)) >= 1
        if fact.kind == "quantity":
            assert fact.unit in ("person", "magnitude", "shindo"), fact
    assert facts[(facts.subject == "死者") & (facts.value != 3.0)].empty
