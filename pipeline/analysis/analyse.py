"""The per-document stages: prepare → tokens → nlp → entities, numbers and claims, per decoded text.

Everything here depends only on the text (not on its path or bytes, nor on which other texts
share its batch), so its result is cached by content and shared by every file with that text.
Offsets are into the original text. spaCy and GiNZA are imported only when a text is analysed:
a run whose texts are all cached never loads them.
"""

from __future__ import annotations

import os
import socket
import time
import traceback
from dataclasses import dataclass, field, replace
from typing import Iterator

import numpy as np
import pyarrow as pa

from pipeline.analysis.numbers.expressions import extract_numeric_expressions
from pipeline.analysis.text.segment import NOT_ANALYSED_FLAGS, prepare
from pipeline.analysis.textcontext import NO_CONTEXT, TextContext
from pipeline.analysis.timeline.document import DatedItem, anchor_document, names_an_edition
from pipeline.analysis.timeline.reference import reference_date
from pipeline.analysis.timeline.tense import clause_tense
from pipeline.analysis.tokens import token_rows
from pipeline.output import schemas

# A part is its output table without doc_id and the IDs (they depend on the file, not the text);
# mentions also keep the gazetteer `key` the linking step reads. Columns come from the output
# schemas: a column added there is cached, and filled from the attribute of the same name of
# what produces the row (NumericExpression, ClaimContext), with nothing else to list.
_NOT_IN_PARTS = frozenset({"doc_id", "mention_id", "claim_id", "entity_id", "fact_id", "holder", "holder_entity_id"})  # known across articles
_PART_EXTRAS = {"mentions": ("key",)}
PART_COLUMNS: dict[str, list[str]] = {
    name: [c for c in schemas.TABLES[name].schema.names if c not in _NOT_IN_PARTS] + list(_PART_EXTRAS.get(name, ()))
    for name in ("sentences", "tokens", "mentions", "claims")
}


def _part_schema(name: str) -> pa.Schema:
    """A part is its output table without doc_id and IDs (they depend on the file, not the text);
    mentions also keep the gazetteer `key` the linking step reads."""
    table = schemas.TABLES[name].schema
    return pa.schema([table.field(c) if c in table.names else pa.field(c, pa.string(), nullable=True) for c in PART_COLUMNS[name]])


PART_SCHEMAS: dict[str, pa.Schema] = {name: _part_schema(name) for name in PART_COLUMNS}
STAGES = ("prepare", "tokens", "nlp", "entities", "numbers", "claims")
_NO_TENSOR = np.zeros((0, 0), dtype="float32")


@dataclass(frozen=True)
class Analysis:
    parts: dict[str, pa.Table]  # PART_SCHEMAS
    title: str | None
    published: object  # datetime.date | None
    reference_date: object = None  # datetime.date | None: what relative dates were anchored to
    reference_source: str | None = None  # dateline | metadata | cited_sources | option
    japanese: bool = True  # some analysed unit is Japanese (documents.status not_japanese when not, with --lang ja)




@dataclass(frozen=True)
class AnalysisFailure:
    detail: str


@dataclass
class StageClock:
    """CPU and wall seconds per stage. CPU time is this thread's: what the stage cost, whatever
    else the machine was running."""

    cpu: dict[str, float] = field(default_factory=dict)
    wall: dict[str, float] = field(default_factory=dict)

    def __call__(self, stage: str) -> "_Span":
        return _Span(self, stage)

    def add(self, other: "StageClock") -> None:
        for mine, theirs in ((self.cpu, other.cpu), (self.wall, other.wall)):
            for stage, seconds in theirs.items():
                mine[stage] = mine.get(stage, 0.0) + seconds


class _Span:
    def __init__(self, clock: StageClock, stage: str):
        self.clock, self.stage = clock, stage

    def __enter__(self) -> None:
        self.cpu0, self.wall0 = time.thread_time(), time.perf_counter()

    def __exit__(self, *exc) -> None:
        cpu, wall = self.clock.cpu, self.clock.wall
        cpu[self.stage] = cpu.get(self.stage, 0.0) + time.thread_time() - self.cpu0
        wall[self.stage] = wall.get(self.stage, 0.0) + time.perf_counter() - self.wall0


@dataclass(frozen=True)
class Parsed:
    """A text after prepare and nlp: its units and one GiNZA Doc per analysed unit."""

    prepared: object  # segment.PreparedText
    docs: list  # spacy Docs, in the order of the analysed units


@dataclass(frozen=True)
class Saved:
    """The text's analysis is in the cache: the worker saved it there itself."""


@dataclass(frozen=True)
class BatchResult:
    results: list[tuple[str, Analysis | AnalysisFailure | Saved]]
    clock: StageClock
    worker: str  # host:pid of the process that ran the batch
    model_loads: int  # times that process has loaded the models so far (1 when cached per worker)
    fingerprint: str  # analysis fingerprint of the code and packages in that process


def analyse_text(original: str, models, *, nlp_batch_size: int = 64, parsed: Parsed | None = None, clock: StageClock | None = None,
                 context: TextContext = NO_CONTEXT) -> Analysis:
    """Every per-document table of one text; `parsed` when prepare and nlp already ran on it."""
    clock = clock if clock is not None else StageClock()
    if parsed is None:
        parsed = _parse_texts([original], models, nlp_batch_size, clock, [context.lang])[0]
    prepared = parsed.prepared
    reference, reference_source = reference_date(prepared, context.published, context.reference_date)
    mention_rows, claim_rows = _entities_and_claims(parsed, models, clock, reference)
    with clock("tokens"):
        tokens = _table("tokens", token_rows(models.tagger, prepared))
    parts = {
        "sentences": _table("sentences", [_sentence_row(u) for u in prepared.units]),
        "tokens": tokens,
        "mentions": _table("mentions", mention_rows),
        "claims": _table("claims", claim_rows),
    }
    return Analysis(parts=parts, title=prepared.title, published=prepared.published or context.published,
                    reference_date=reference, reference_source=reference_source,
                    japanese=any(u.lang == "ja" and u.analysed for u in prepared.units))


def analyse_batch(items: list[tuple[str, str, TextContext]], gazetteer_path: str | None, nlp_batch_size: int) -> BatchResult:
    """Analyse (key, text, context) triples in one worker; one text's failure does not stop the others.

    GiNZA runs over the analysed units of all the batch's texts at once (short texts alone
    would make tiny nlp batches), then each text's tables are built on its own.
    """
    from pipeline.analysis.models import load_models

    models = load_models(gazetteer_path)
    clock = StageClock()
    parsed = _parse_batch([(key, text, context.lang) for key, text, context in items], models, nlp_batch_size, clock)
    results: list[tuple[str, Analysis | AnalysisFailure | Saved]] = []
    for content_id, text, context in items:
        done = parsed[content_id]
        if not isinstance(done, AnalysisFailure):
            try:
                done = analyse_text(text, models, nlp_batch_size=nlp_batch_size, parsed=done, clock=clock, context=context)
            except Exception as exc:  # noqa: BLE001 - one bad document must not fail the run
                done = _failure(exc)
        results.append((content_id, done))
    worker = f"{socket.gethostname()}:{os.getpid()}"
    return BatchResult(results, clock, worker, load_models.cache_info().misses, models.fingerprint)


def cache_meta(analysis: Analysis) -> dict:
    published, reference = analysis.published, analysis.reference_date
    return {"title": analysis.title, "published": published.isoformat() if published else None,
            "reference_date": reference.isoformat() if reference else None, "reference_source": analysis.reference_source,
            "japanese": analysis.japanese}


def _parse_batch(items: list[tuple[str, str, str]], models, nlp_batch_size: int, clock: StageClock) -> dict[str, Parsed | AnalysisFailure]:
    """(key, text, lang) -> the text parsed, or why that failed."""
    try:
        texts, langs = [text for _, text, _ in items], [lang for _, _, lang in items]
        return dict(zip((cid for cid, _, _ in items), _parse_texts(texts, models, nlp_batch_size, clock, langs)))
    except Exception:  # noqa: BLE001 - find the text that fails, alone
        outcome: dict[str, Parsed | AnalysisFailure] = {}
        for content_id, text, lang in items:
            try:
                outcome[content_id] = _parse_texts([text], models, nlp_batch_size, clock, [lang])[0]
            except Exception as exc:  # noqa: BLE001
                outcome[content_id] = _failure(exc)
        return outcome


def _parse_texts(texts: list[str], models, nlp_batch_size: int, clock: StageClock, langs: list[str] | None = None) -> list[Parsed]:
    from pipeline.analysis.ginza_pipe import pipe_docs

    with clock("prepare"):
        prepared = [prepare_for(text, lang) for text, lang in zip(texts, langs or ["ja"] * len(texts))]
    units = [[u for u in p.units if u.analysed] for p in prepared]
    with clock("nlp"):
        parsed = pipe_docs(models.nlp, [u.norm_text for text_units in units for u in text_units], nlp_batch_size)
        for doc in parsed:  # tok2vec's output (1 KB per token) is read by no later stage
            doc.tensor = _NO_TENSOR
    docs = iter(parsed)
    return [Parsed(p, [next(docs) for _ in text_units]) for p, text_units in zip(prepared, units)]


def prepare_for(text: str, lang: str = "ja"):
    """segment.prepare; with lang "all" (--lang all) every unit is analysed whatever its language
    (English, Chinese...: as far as GiNZA's Japanese model goes), and only the structural flags
    (boilerplate, datelines, cited sources, credits...) keep a unit out."""
    prepared = prepare(text)
    if lang != "all":
        return prepared
    structural = NOT_ANALYSED_FLAGS - {"foreign"}
    return replace(prepared, units=tuple(replace(u, analysed=not structural.intersection(u.flags)) for u in prepared.units))


def _failure(exc: Exception) -> AnalysisFailure:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return AnalysisFailure(f"{type(exc).__name__}: {exc} (at {where.name}:{where.lineno})")


def _sentence_row(unit) -> dict:
    return {
        "sent_idx": unit.sent_idx,
        "para_idx": unit.para_idx,
        "start": unit.start,
        "end": unit.end,
        "text": unit.text,
        "norm_text": unit.norm_text,
        "lang": unit.lang,
        "flags": list(unit.flags),
        "analysed": unit.analysed,
    }


def _entities_and_claims(parsed: Parsed, models, clock: StageClock, reference) -> tuple[list[dict], list[dict]]:
    from pipeline.analysis.claims import context as claims_stage
    from pipeline.analysis.entities.mentions import mentions_in_doc

    prepared = parsed.prepared
    to_original = prepared.normalized.to_original
    original = prepared.normalized.original
    mention_rows: list[dict] = []
    claim_rows: list[dict] = []
    dated: list[tuple[int, DatedItem]] = []  # claim row -> what its date or time states
    tied: list[tuple[int, tuple]] = []  # claim row -> where the date it is tied to stands
    paragraph_state = None
    current_para = None
    for unit, doc in _analysed(prepared, parsed.docs):
        if unit.para_idx != current_para:
            current_para, paragraph_state = unit.para_idx, None

        def located(start: int, end: int) -> dict:
            norm_start, norm_end = unit.norm_start + start, unit.norm_start + end
            o_start, o_end = to_original(norm_start, norm_end)
            return {
                "sent_idx": unit.sent_idx,
                "start": o_start,
                "end": o_end,
                "text": original[o_start:o_end],
                "norm_text": prepared.normalized.text[norm_start:norm_end],
            }

        with clock("entities"):
            for m in mentions_in_doc(doc, models.gazetteer):
                mention_rows.append(located(m.start, m.end) | {
                    "label": m.label, "label_ene": m.label_ene, "role": m.role, "source": m.source, "key": m.key,
                })
        with clock("numbers"):
            expressions = extract_numeric_expressions(unit.norm_text)
        with clock("claims"):
            contexts, paragraph_state = claims_stage.claim_contexts(doc, expressions, paragraph_state)
            for expr, ctx in zip(expressions, contexts):
                if expr.spec is not None:
                    dated.append((len(claim_rows), DatedItem(expr.spec, unit.para_idx, clause_tense(doc, expr.start, expr.end), unit.sent_idx,
                                                                 names_an_edition(expr.spec, unit.norm_text, expr.end))))
                if ctx.time_span is not None:
                    where = located(*ctx.time_span)
                    tied.append((len(claim_rows), (where["sent_idx"], where["start"], where["end"])))
                claim_rows.append(located(expr.start, expr.end) | _claim_fields(expr, ctx))
    with clock("entities"):
        cited = _cited_source_mentions(prepared, models.gazetteer)
        if cited:  # in text order with the others (a credit stands among the analysed units)
            mention_rows = sorted(mention_rows + cited, key=lambda r: r["sent_idx"])
    with clock("claims"):
        _anchor_dates(claim_rows, dated, tied, reference)
    return mention_rows, claim_rows


# Units not analysed that still name who the article cites: a photo credit (AP通信) and the items
# of a reference list (The Guardian / AP / FT報道).
CITED_SOURCE_FLAGS = frozenset({"credit", "reference"})


def _cited_source_mentions(prepared, gazetteer) -> list[dict]:
    """The organisations the gazetteer knows in credit and reference units (news agencies, papers,
    institutions): mentions, so that an agency cited in two articles is an entity of both. Only
    known names: GiNZA does not run on these units."""
    from pipeline.analysis.entities.mentions import DEFAULT_ENE

    to_original = prepared.normalized.to_original
    original = prepared.normalized.original
    rows = []
    for unit in prepared.units:
        if unit.analysed or not CITED_SOURCE_FLAGS.intersection(unit.flags):
            continue
        for m in gazetteer.find(unit.norm_text):
            if m.entry.label != "ORG":
                continue
            norm_start, norm_end = unit.norm_start + m.start, unit.norm_start + m.end
            o_start, o_end = to_original(norm_start, norm_end)
            rows.append({"sent_idx": unit.sent_idx, "start": o_start, "end": o_end, "text": original[o_start:o_end],
                         "norm_text": prepared.normalized.text[norm_start:norm_end], "label": "ORG",
                         "label_ene": m.entry.ene or DEFAULT_ENE["ORG"], "role": None, "source": "gazetteer", "key": m.entry.key})
    return rows


# Claim columns that are not attributes of a NumericExpression, and where they come from.
_CLAIM_CONTEXT_COLUMNS = {"subject": "subject", "actor": "actor", "scope": "scope", "time_text": "time"}
_CLAIM_ANCHOR_COLUMNS = ("time", "date_precision", "date_anchor")
_LOCATED_COLUMNS = ("sent_idx", "start", "end", "text", "norm_text")
_EXPRESSION_COLUMNS = tuple(
    c for c in PART_COLUMNS["claims"] if c not in _CLAIM_CONTEXT_COLUMNS and c not in _CLAIM_ANCHOR_COLUMNS and c not in _LOCATED_COLUMNS
)


def _claim_fields(expr, ctx) -> dict:
    fields = {c: getattr(expr, c) for c in _EXPRESSION_COLUMNS}
    fields |= {c: getattr(ctx, attr) for c, attr in _CLAIM_CONTEXT_COLUMNS.items()}
    fields["base"] = expr.base or ctx.base
    return fields | dict.fromkeys(_CLAIM_ANCHOR_COLUMNS)


def _anchor_dates(claim_rows: list[dict], dated: list[tuple[int, DatedItem]], tied: list[tuple[int, tuple]], reference) -> None:
    """Every date and time anchored in reading order, then each claim's `time` from the date it is tied to."""
    for (row, _), found in zip(dated, anchor_document([item for _, item in dated], reference)):
        claim = claim_rows[row]
        if found.value is not None:
            claim["date"] = found.value
        claim["date_precision"], claim["date_anchor"] = found.precision, found.anchor
        claim["time"] = claim["date"]
    at = {(c["sent_idx"], c["start"], c["end"]): c for c in claim_rows if c["kind"] in ("date", "time")}
    for row, where in tied:
        if claim_rows[row]["time"] is None and where in at:
            claim_rows[row]["time"] = at[where]["date"]


def _analysed(prepared, docs: list) -> Iterator[tuple[object, object]]:
    units = [u for u in prepared.units if u.analysed]
    if len(units) != len(docs):
        raise ValueError(f"{len(docs)} parsed units for {len(units)} analysed units")
    return zip(units, docs)


def _table(name: str, rows: list[dict]) -> pa.Table:
    schema = PART_SCHEMAS[name]
    return pa.Table.from_pydict({c: [row[c] for row in rows] for c in schema.names}, schema=schema)
