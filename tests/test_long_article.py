"""An article longer than Sudachi's input limit (49,149 bytes) is analysed whole: units are cut at
sentence boundaries, every offset points into the original, and the end of the article is found."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.config import Config
from pipeline.output import schemas
from pipeline.run import extract

from .conftest import CORPUS

ENDING = "2026年1月22日、NATOのルッテ事務総長は、加盟国に国防費をGDP比5%へ引き上げるよう求めた。\n"
SUDACHI_MAX_BYTES = 49_149


def _long_article() -> str:
    seeds = [next(CORPUS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8") for prefix in ("002", "003", "000", "001")]
    text = ""
    for seed in seeds:
        if len((text + ENDING).encode("utf-8")) >= 60_000:
            break
        text += seed.rstrip("\n") + "\n\n"
    return text + ENDING


@pytest.fixture(scope="module")
def long_run(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("long") / "corpus"
    corpus.mkdir()
    text = _long_article()
    (corpus / "long.txt").write_text(text, encoding="utf-8")
    out = corpus.parent / "out"
    report = extract(Config(corpus=corpus, out=out, workers=1, progress=False))
    tables = {name: pd.read_parquet(out / f"{name}.parquet") for name in schemas.TABLES}
    return text, report, tables


def test_the_article_is_longer_than_what_plain_ginza_accepts():
    from pipeline.analysis.models import load_models

    text = _long_article()
    assert len(text.encode("utf-8")) >= 60_000 > SUDACHI_MAX_BYTES
    with pytest.raises(Exception, match="too long"):
        load_models().nlp(text)


def test_the_long_article_is_one_document_with_no_reject(long_run):
    text, report, tables = long_run
    assert report.rejects == []
    assert list(tables["documents"].n_chars) == [len(text)]
    assert tables["sentences"].end.max() == len(text.rstrip("\n"))


def test_every_unit_fits_sudachi(long_run):
    _, _, tables = long_run
    assert tables["sentences"].text.map(lambda s: len(s.encode("utf-8"))).max() < SUDACHI_MAX_BYTES


@pytest.mark.parametrize("name", ["sentences", "mentions", "claims"])
def test_every_offset_points_at_the_row_text_in_the_original(long_run, name):
    text, _, tables = long_run
    frame = tables[name]
    assert len(frame) > 0
    assert [(s, e) for s, e, t in zip(frame.start, frame.end, frame.text) if text[s:e] != t] == []


def test_token_offsets_lie_inside_their_sentence(long_run):
    text, _, tables = long_run
    sentences = tables["sentences"].set_index("sent_idx")
    tokens = tables["tokens"]
    bounds = sentences.loc[tokens.sent_idx, ["start", "end"]].to_numpy()
    assert ((tokens.start.to_numpy() >= bounds[:, 0]) & (tokens.end.to_numpy() <= bounds[:, 1]) & (tokens.start < tokens.end).to_numpy()).all()
    assert tokens.end.max() <= len(text)


def test_the_mentions_and_claims_at_the_end_are_found(long_run):
    text, _, tables = long_run
    tail = len(text) - len(ENDING)
    mentions = tables["mentions"]
    claims = tables["claims"]
    end_mentions = mentions[mentions.start >= tail]
    end_claims = claims[claims.start >= tail]
    assert [(t, label) for t, label in zip(end_mentions.text, end_mentions.label)] == [("NATO", "ORG"), ("ルッテ", "PERSON")]
    assert [(t, kind, value if kind != "date" else date) for t, kind, value, date in zip(end_claims.text, end_claims.kind, end_claims.value, end_claims.date)] == [
        ("2026年1月22日", "date", "2026-01-22"),
        ("5%", "percent", 5.0),
    ]
    assert end_claims.start.max() > 60_000 // 3  # characters: well past Sudachi's limit in UTF-8 bytes
