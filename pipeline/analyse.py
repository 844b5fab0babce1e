"""The per-document stages: prepare → tokens → entities and claims, for one decoded text.

Everything here depends only on the text (not on its path or bytes), so its result is cached
by content and shared by every file with that text. Offsets are into the original text.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

import pandas as pd

from . import claims as claims_stage
from .entities import mentions_in_doc
from .numbers import extract_numeric_expressions
from .segment import PreparedText, prepare
from .tokens import token_rows

PART_COLUMNS: dict[str, list[str]] = {
    "sentences": ["sent_idx", "para_idx", "start", "end", "text", "norm_text", "lang", "flags", "analysed"],
    "tokens": ["sent_idx", "tok_idx", "start", "end", "surface", "lemma", "pos", "reading"],
    "mentions": ["sent_idx", "start", "end", "text", "norm_text", "label", "label_ene", "role", "source", "key"],
    "claims": [
        "sent_idx", "start", "end", "text", "norm_text", "kind", "value", "value_low", "value_high", "unit",
        "unit_surface", "approx", "vague", "bound", "date", "base", "subject", "actor", "time",
    ],
}


@dataclass(frozen=True)
class Analysis:
    parts: dict[str, pd.DataFrame]
    title: str | None
    published: object  # datetime.date | None


@dataclass(frozen=True)
class AnalysisFailure:
    detail: str


def analyse_text(original: str, models, *, nlp_batch_size: int = 64) -> Analysis:
    prepared = prepare(original)
    mention_rows, claim_rows = _entities_and_claims(prepared, models, nlp_batch_size)
    parts = {
        "sentences": _frame("sentences", [_sentence_row(u) for u in prepared.units]),
        "tokens": _frame("tokens", token_rows(models.tagger, prepared)),
        "mentions": _frame("mentions", mention_rows),
        "claims": _frame("claims", claim_rows),
    }
    return Analysis(parts=parts, title=prepared.title, published=prepared.published)


def analyse_batch(items: list[tuple[str, str]], gazetteer_path: str | None, nlp_batch_size: int) -> list[tuple[str, Analysis | AnalysisFailure]]:
    """Analyse (content_id, text) pairs in one worker; one text's failure does not stop the others."""
    from .models import load_models

    models = load_models(gazetteer_path)
    results: list[tuple[str, Analysis | AnalysisFailure]] = []
    for content_id, text in items:
        try:
            results.append((content_id, analyse_text(text, models, nlp_batch_size=nlp_batch_size)))
        except Exception as exc:  # noqa: BLE001 - one bad document must not fail the run
            where = traceback.extract_tb(exc.__traceback__)[-1]
            results.append((content_id, AnalysisFailure(f"{type(exc).__name__}: {exc} (at {where.name}:{where.lineno})")))
    return results


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


def _entities_and_claims(prepared: PreparedText, models, nlp_batch_size: int) -> tuple[list[dict], list[dict]]:
    to_original = prepared.normalized.to_original
    original = prepared.normalized.original
    units = [u for u in prepared.units if u.analysed]
    docs = models.nlp.pipe((u.norm_text for u in units), batch_size=nlp_batch_size)
    mention_rows: list[dict] = []
    claim_rows: list[dict] = []
    paragraph_state = None
    current_para = None
    for unit, doc in zip(units, docs):
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

        for m in mentions_in_doc(doc, models.gazetteer):
            mention_rows.append(located(m.start, m.end) | {
                "label": m.label, "label_ene": m.label_ene, "role": m.role, "source": m.source, "key": m.key,
            })
        expressions = extract_numeric_expressions(unit.norm_text)
        contexts, paragraph_state = claims_stage.claim_contexts(doc, expressions, paragraph_state)
        for expr, ctx in zip(expressions, contexts):
            claim_rows.append(located(expr.start, expr.end) | {
                "kind": expr.kind, "value": expr.value, "value_low": expr.value_low, "value_high": expr.value_high,
                "unit": expr.unit, "unit_surface": expr.unit_surface, "approx": expr.approx, "vague": expr.vague,
                "bound": expr.bound, "date": expr.date, "base": expr.base,
                "subject": ctx.subject, "actor": ctx.actor, "time": ctx.time,
            })
    return mention_rows, claim_rows


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=PART_COLUMNS[name])
    if name == "claims":
        frame = frame.astype({"value": "float64", "value_low": "float64", "value_high": "float64", "approx": "bool", "vague": "bool"})
    return frame
