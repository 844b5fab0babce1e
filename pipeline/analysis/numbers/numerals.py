"""Numerals and shared helpers of the numeric-expression parser (pipeline/numbers.py)."""

from __future__ import annotations

import math

from pipeline.analysis.numbers.lexicon import (
    KANJI_BIG,
    KANJI_DIGITS,
    KANJI_SMALL,
    RELATION,
    RELATION_RE,
)


def parse_numeral(core: str) -> tuple[float | None, float, float, bool]:
    """(value, low, high, vague) of a numeral such as 7万6千, 1.2兆, 二十, 数百, 十数."""
    if "数" in core or "何" in core:
        low = _numeral_value(core, 1.0 if "十数" in core else 2.0)
        return None, low, _numeral_value(core, 9.0), True
    value = _numeral_value(core, 0.0)
    return value, value, value, False


def _numeral_value(core: str, vague_digit: float) -> float:
    total, chunk = 0.0, ""
    for ch in core:
        if ch in KANJI_BIG:
            total += (_chunk_value(chunk, vague_digit) if chunk else 1.0) * KANJI_BIG[ch]
            chunk = ""
        else:
            chunk += ch
    return total + (_chunk_value(chunk, vague_digit) if chunk else 0.0)


def _chunk_value(chunk: str, vague_digit: float) -> float:
    if chunk[0].isascii() and chunk[0].isdigit():
        multiplier = 1.0
        if chunk[-1] in KANJI_SMALL:
            multiplier, chunk = float(KANJI_SMALL[chunk[-1]]), chunk[:-1]
        return float(chunk.replace(",", "")) * multiplier
    if len(chunk) > 1 and all(ch in KANJI_DIGITS for ch in chunk):  # 二〇二六: positional
        value = 0.0
        for ch in chunk:
            value = value * 10 + KANJI_DIGITS[ch]
        return value
    total, current = 0.0, None
    for ch in chunk:
        if ch in KANJI_DIGITS:
            current = (current or 0.0) * 10 + KANJI_DIGITS[ch]
        elif ch in ("数", "何"):
            current = vague_digit
        else:
            total += (1.0 if current is None else current) * KANJI_SMALL[ch]
            current = None
    return total + (current or 0.0)


def small_int(digits: str | None) -> int | None:
    if not digits or len(digits) > 6:
        return None
    if digits.isascii() and digits.isdigit():
        return int(digits)
    if all(ch in KANJI_DIGITS or ch in KANJI_SMALL for ch in digits):
        return int(_chunk_value(digits, 0.0))
    return None


def finite(fields: dict) -> bool:
    return all(fields[k] is None or math.isfinite(fields[k]) for k in ("value", "value_low", "value_high"))


def is_arabic(core: str) -> bool:
    return any(ch.isascii() and ch.isdigit() for ch in core)


def is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "々"


def fields(start: int, end: int, kind: str, value=None, low=None, high=None, unit=None, surface=None, **rest) -> dict:
    return dict(start=start, end=end, kind=kind, value=value, value_low=low, value_high=high, unit=unit,
                unit_surface=surface, approx=rest.get("approx", False), vague=rest.get("vague", False),
                bound=rest.get("bound"), date=rest.get("date"), base=rest.get("base"), relation=rest.get("relation"),
                spec=rest.get("spec"))


def relation_after(s: str, end: int) -> str | None:
    m = RELATION_RE.match(s, end)
    return RELATION[m.group("r")] if m else None
