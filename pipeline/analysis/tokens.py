"""Stage tokens: morphemes of every unit from fugashi with unidic-lite, offsets into the original."""

from __future__ import annotations

from pipeline.analysis.text.segment import PreparedText


def token_rows(tagger, prepared: PreparedText) -> list[dict]:
    """One row per morpheme of every unit; `surface` is normalised text, offsets are original."""
    rows: list[dict] = []
    to_original = prepared.normalized.to_original
    for unit in prepared.units:
        cursor = unit.norm_start
        for tok_idx, word in enumerate(tagger(unit.norm_text)):
            cursor += len(word.white_space)
            norm_start, norm_end = cursor, cursor + len(word.surface)
            cursor = norm_end
            start, end = to_original(norm_start, norm_end)
            feature = word.feature
            pos = "-".join(p for p in (feature.pos1, feature.pos2, feature.pos3, feature.pos4) if p and p != "*")
            rows.append({
                "sent_idx": unit.sent_idx,
                "tok_idx": tok_idx,
                "start": start,
                "end": end,
                "surface": word.surface,
                "lemma": feature.lemma,
                "pos": pos,
                "reading": feature.kana or None,
            })
    return rows
