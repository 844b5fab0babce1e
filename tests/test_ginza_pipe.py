"""pipe_docs gives the Docs nlp.pipe gives: every token attribute the stages read, the entities,
the statistical spans and the bunsetu, whatever the batch size."""

from __future__ import annotations

import pytest

from pipeline.analysis.ginza_pipe import pipe_docs
from pipeline.analysis.text.segment import prepare

from .conftest import CORPUS


@pytest.fixture(scope="module")
def nlp():
    from pipeline.analysis.models import load_models

    return load_models().nlp


@pytest.fixture(scope="module")
def seed_units() -> list[str]:
    """Analysed units of two seeds, hard-wrapped 004 among them, about 4,000 characters."""
    units: list[str] = []
    for prefix, count in (("000", 40), ("004", 30)):
        (path,) = CORPUS.glob(f"{prefix}_*.txt")
        units += [u.norm_text for u in prepare(path.read_text(encoding="utf-8")).units if u.analysed][:count]
    return units


def _signature(doc) -> tuple:
    from ginza import bunsetu_spans

    tokens = tuple(
        (t.text, t.idx, t.tag_, t.pos_, t.lemma_, str(t.morph), t.dep_, t.head.i, t.is_sent_start, t.ent_iob_, t.ent_type_, t.ent_id_)
        for t in doc
    )
    spans = tuple((s.start, s.end, s.label_) for s in doc.spans.get("ner", []))
    ents = tuple((e.start, e.end, e.label_, e.ent_id_) for e in doc.ents)
    bunsetu = tuple((b.start, b.end) for b in bunsetu_spans(doc))
    return tokens, spans, ents, bunsetu


@pytest.fixture(scope="module")
def expected(nlp, seed_units) -> list[tuple]:
    return [_signature(doc) for doc in nlp.pipe(seed_units, batch_size=64)]


@pytest.mark.parametrize("batch_size", [64, 1, 7, 1000])
def test_pipe_docs_equals_nlp_pipe_on_seed_sentences_at_any_batch_size(nlp, seed_units, expected, batch_size):
    assert [_signature(doc) for doc in pipe_docs(nlp, seed_units, batch_size=batch_size)] == expected


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [""],
        ["", "NATO加盟国は国防費をGDP比5%に引き上げる。", " "],
        # spaces inside a unit (no entity starts on one) and two sentences (none crosses the start)
        ["ルッテ事務総長は　NATO首脳会議で演説した。米国のトランプ大統領も出席した。", "  東京 大阪  ", "欧州連合 EU"],
    ],
)
def test_empty_texts_spaces_and_sentence_starts_are_handled_as_nlp_pipe_does(nlp, texts):
    assert [_signature(d) for d in pipe_docs(nlp, texts)] == [_signature(d) for d in nlp.pipe(texts)]
