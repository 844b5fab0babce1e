"""Near-duplicate articles: a wire copy and a copy with one sentence changed are found, another
article on the same event is not; copies are counted once in facts.n_sources.

The articles are written for these tests, in the style of a regional news wire.
"""

from __future__ import annotations

import datetime
import random

import pandas as pd
import pytest

from pipeline.analysis.text.segment import prepare
from pipeline.crossdoc import duplicates
from pipeline.crossdoc.duplicates import JACCARD_THRESHOLD, doc_sources, jaccard, near_duplicate_of, shingles

from .conftest import run_cli

BODY = [
    "長野県は5日、県内で降り続いた大雨の影響で、千曲川の水位が氾濫危険水位を超えたと発表した。",
    "気象台によると、長野市では4日夜から5日朝までの12時間に、観測史上最多となる186ミリの雨が降った。",
    "県は流域の3市町に住む約1万2千人に避難指示を出し、公民館や学校など42か所に避難所を開設した。",
    "県の災害対策本部によると、土砂崩れで住宅2棟が全壊し、60代の男性1人が軽いけがをした。",
    "JR東日本は信越線の長野―上田間で終日運転を見合わせ、利用客約3万人に影響が出た。",
    "気象台は6日にかけても局地的に激しい雨が降るおそれがあるとして、土砂災害や川の増水に警戒するよう呼びかけている。",
]
CHANGED = "鉄道各社は運転を見合わせ、一部の駅では帰宅できない人が列をつくった。"  # replaces BODY[4]

ARTICLES = {
    # the original, dated
    "b_original.txt": "長野県で大雨、千曲川が氾濫危険水位に\n\n2025年7月5日\n\n" + "\n".join(BODY) + "\n",
    # the same story as another paper printed it: its own headline and credit, no date; its path sorts first
    "a_wire_copy.txt": "千曲川が氾濫危険水位超え 長野、1万2千人に避難指示\n\n" + "\n".join(BODY) + "\n(信州共同通信)\n",
    # a copy a day later with the railway sentence rewritten
    "c_changed_copy.txt": "長野で記録的大雨 千曲川が危険水位\n\n2025年7月6日\n\n" + "\n".join([*BODY[:4], CHANGED, BODY[5]]) + "\n",
    # another article on the same rain, written on its own: same place, same figures, other words
    "d_other_article.txt": "千曲川あふれる寸前 避難所に住民続々\n\n2025年7月5日\n\n" + "\n".join([
        "記録的な大雨となった長野県では5日朝、千曲川の水位が上がり続け、流域の住民が次々と避難所に身を寄せた。",
        "長野市の小学校の体育館には、毛布や飲み物を持った家族連れなど約200人が集まった。",
        "70代の女性は「夜中に雨の音で目が覚め、怖くて眠れなかった」と不安そうに話した。",
        "市内では12時間の雨量が186ミリに達し、道路の冠水や停電が相次いだ。",
        "中部電力によると、一時約5千戸で電気が使えなくなったが、昼までにほぼ復旧した。",
        "市の担当者は「水が引くまでは自宅に戻らないでほしい」と話している。",
    ]) + "\n",
}


def _units(text: str) -> pd.DataFrame:
    units = prepare(text).units
    return pd.DataFrame({"norm_text": [u.norm_text for u in units], "flags": [list(u.flags) for u in units]})


def _documents(articles: dict[str, str], published: dict[str, datetime.date | None] | None = None) -> tuple[pd.DataFrame, dict]:
    """A documents frame with doc_id = path, and each document's units."""
    rows, units = [], {}
    for path, text in articles.items():
        date = (published or {}).get(path, prepare(text).published)
        rows.append({"doc_id": path, "path": path, "published": date, "status": "ok"})
        units[path] = _units(text)
    return pd.DataFrame(rows), units


def _found(articles: dict[str, str], published=None) -> dict[str, str | None]:
    docs, units = _documents(articles, published)
    result = near_duplicate_of(docs, units.__getitem__)
    return dict(zip(docs["path"], result))


def test_copies_are_over_the_threshold_and_another_article_on_the_same_event_far_below():
    sets = {path: shingles(_units(text)) for path, text in ARTICLES.items()}
    assert jaccard(sets["b_original.txt"], sets["a_wire_copy.txt"]) >= 0.9  # headline and credit differ
    assert JACCARD_THRESHOLD <= jaccard(sets["b_original.txt"], sets["c_changed_copy.txt"]) < 0.8
    assert max(jaccard(sets["d_other_article.txt"], sets[p]) for p in ("a_wire_copy.txt", "b_original.txt", "c_changed_copy.txt")) < 0.05


def test_the_copies_point_to_the_dated_original_and_the_other_article_to_none():
    assert _found(ARTICLES) == {
        "b_original.txt": None,
        "a_wire_copy.txt": "b_original.txt",  # undated: after every dated article, though its path sorts first
        "c_changed_copy.txt": "b_original.txt",  # dated a day later
        "d_other_article.txt": None,
    }


def test_without_dates_the_earlier_path_is_the_source():
    undated = {path: None for path in ARTICLES}
    assert _found(ARTICLES, undated) == {
        "b_original.txt": "a_wire_copy.txt", "a_wire_copy.txt": None, "c_changed_copy.txt": "a_wire_copy.txt", "d_other_article.txt": None,
    }


def test_the_earliest_date_wins_over_the_path():
    dates = {"a_wire_copy.txt": datetime.date(2025, 7, 6), "b_original.txt": datetime.date(2025, 7, 6), "c_changed_copy.txt": datetime.date(2025, 7, 4)}
    assert _found(ARTICLES, dates) == {
        "b_original.txt": "c_changed_copy.txt", "a_wire_copy.txt": "c_changed_copy.txt", "c_changed_copy.txt": None, "d_other_article.txt": None,
    }


def test_the_source_of_a_chain_of_copies_is_its_earliest_article():
    """Each copy rewrites one more sentence: the last shares too little with the first to match it
    directly, and is still in the group, under the group's earliest article."""
    rewritten = [
        "県は流域に住む住民に避難を強く呼びかけ、各地の公民館や体育館に避難所を開いて受け入れを始めた。",
        "土砂崩れで山沿いの住宅に被害が出たが、けが人は少なく、県は被害の全容の確認を急いでいる。",
        "鉄道は各線で運転を見合わせ、長野駅では帰宅できない人が駅前のバス乗り場に長い列をつくった。",
    ]
    chain = {f"{n}.txt": "\n".join(rewritten[:n - 1] + BODY[n + 1:] + BODY[:2]) for n in (1, 2, 3, 4)}
    sets = {p: shingles(_units(t)) for p, t in chain.items()}
    steps = [jaccard(sets[f"{n}.txt"], sets[f"{n + 1}.txt"]) for n in (1, 2, 3)]
    assert jaccard(sets["1.txt"], sets["4.txt"]) < JACCARD_THRESHOLD <= min(steps)
    assert _found(chain) == {"1.txt": None, "2.txt": "1.txt", "3.txt": "1.txt", "4.txt": "1.txt"}


def test_short_documents_are_never_near_duplicates():
    """Two stubs from one template (another prefecture's name) are as alike as copies: too short to tell."""
    stubs = {
        "x.txt": "長野県は、日本の中部地方に位置する県の一つ。本州の内陸にあり、海に面していない。",
        "y.txt": "岐阜県は、日本の中部地方に位置する県の一つ。本州の内陸にあり、海に面していない。",
    }
    assert jaccard(*(shingles(_units(t)) for t in stubs.values())) >= 0.8
    assert _found(stubs) == {"x.txt": None, "y.txt": None}


def test_cited_sources_and_boilerplate_are_left_out_of_the_text_compared():
    units = pd.DataFrame({
        "norm_text": [BODY[0], "『大雨の記録』。信州新報、2025年7月5日。", "この記事をシェアする"],
        "flags": [[], ["source"], ["boilerplate"]],
    })
    assert shingles(units).tolist() == shingles(units.iloc[:1]).tolist()
    assert len(shingles(units)) == len(BODY[0]) - 4  # every 5 characters of the sentence, all distinct


def test_rows_of_identical_bytes_keep_a_null_and_share_the_source_of_their_first_row():
    docs, units = _documents(ARTICLES)
    again = docs[docs.path == "c_changed_copy.txt"].assign(path="e_same_bytes.txt", status="duplicate")
    docs = pd.concat([docs, again], ignore_index=True)
    docs["near_duplicate_of"] = near_duplicate_of(docs, units.__getitem__)
    assert docs.set_index("path")["near_duplicate_of"].to_dict() == {
        "b_original.txt": None, "a_wire_copy.txt": "b_original.txt", "c_changed_copy.txt": "b_original.txt",
        "d_other_article.txt": None, "e_same_bytes.txt": None,
    }
    assert doc_sources(docs).values.tolist() == [
        ["a_wire_copy.txt", "b_original.txt"], ["b_original.txt", "b_original.txt"],
        ["c_changed_copy.txt", "b_original.txt"], ["d_other_article.txt", "d_other_article.txt"],
    ]


def test_the_result_depends_neither_on_row_order_nor_on_how_many_shingle_sets_are_kept(monkeypatch):
    docs, units = _documents(ARTICLES)
    expected = dict(zip(docs.path, near_duplicate_of(docs, units.__getitem__)))
    monkeypatch.setattr(duplicates, "CACHED_SHINGLE_SETS", 1)
    for seed in range(3):
        shuffled = docs.sample(frac=1, random_state=random.Random(seed).randrange(1000))
        assert dict(zip(shuffled.path, near_duplicate_of(shuffled, units.__getitem__))) == expected


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    for path, text in ARTICLES.items():
        (corpus / path).write_text(text, encoding="utf-8")
    (corpus / "e_same_bytes.txt").write_text(ARTICLES["c_changed_copy.txt"], encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    run_cli("extract", "--corpus", str(corpus), "--out", str(out), "--quiet")
    return out


def test_end_to_end_documents_name_the_article_they_copy(outputs):
    documents = pd.read_parquet(outputs / "documents.parquet").set_index("path")
    doc_id = documents["doc_id"].to_dict()
    assert documents["status"].to_dict() == {
        "a_wire_copy.txt": "ok", "b_original.txt": "ok", "c_changed_copy.txt": "ok", "d_other_article.txt": "ok", "e_same_bytes.txt": "duplicate",
    }
    assert {path: (None if pd.isna(v) else v) for path, v in documents["near_duplicate_of"].items()} == {
        "a_wire_copy.txt": doc_id["b_original.txt"], "b_original.txt": None, "c_changed_copy.txt": doc_id["b_original.txt"],
        "d_other_article.txt": None, "e_same_bytes.txt": None,
    }


def test_end_to_end_a_fact_of_an_article_and_its_wire_copy_has_two_documents_and_one_source(outputs):
    documents = pd.read_parquet(outputs / "documents.parquet").set_index("path")
    facts = pd.read_parquet(outputs / "facts.parquet")
    riders = facts[[list(s) == ["約3万人"] for s in facts["surfaces"]]]  # only in the original and the wire copy
    assert len(riders) == 1
    fact = riders.iloc[0]
    assert (fact["n_docs"], fact["n_sources"]) == (2, 1)
    assert list(fact["doc_ids"]) == sorted([documents.loc["a_wire_copy.txt", "doc_id"], documents.loc["b_original.txt", "doc_id"]])
    assert (facts["n_sources"] <= facts["n_docs"]).all()
