"""Time benchmark: dates, times and durations of unseen news, anchored as a reader understands them.

    uv run python benchmarks/eval_time.py [--errors]

Gold: benchmarks/gold/news_time_gold.jsonl, 259 expressions in 40 Wikinews articles of
../shared/corpus_news (every 20th file), annotated from the raw texts before the pipeline's
output was looked at (benchmarks/gold/news_time_gold.md). Each gold expression counts as
found when a date, time or duration claim of ours overlaps it, and as value-right when that
claim's value is the gold's: the ISO date, date-time or interval for dates and times (our
`date` column, anchored to the article's reference date), the length for durations (ISO 8601
P3Y4M = 40 months; compared in months or in seconds).
Beside it, in the same run: pynormalizenumexp on the same sentences (it does not anchor dates
to the article: a date without a year has no value there) and plain ja_ginza's DATE/TIME spans
(found only: GiNZA gives no values). Also the article reference dates against the gold's.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "benchmarks" / "gold" / "news_time_gold.jsonl"
NEWS = ROOT.parent / "shared" / "corpus_news"
KINDS = ("date", "time", "duration")
TIME_KINDS = {"date", "time", "duration"}
_GINZA_TIME = {"Date", "Time", "Era", "Period_Year", "Period_Month", "Period_Week", "Period_Day", "Period_Time", "Periodx_Other", "Timex_Other"}
_UNIT_SECONDS = {"week": 7 * 86400, "day": 86400, "hour": 3600, "minute": 60, "second": 1}
_ISO_DURATION = re.compile(r"P(?:(?P<Y>[\d.]+)Y)?(?:(?P<M>[\d.]+)M)?(?:(?P<W>[\d.]+)W)?(?:(?P<D>[\d.]+)D)?(?:T(?:(?P<h>[\d.]+)H)?(?:(?P<m>[\d.]+)M)?(?:(?P<s>[\d.]+)S)?)?")


def load_gold() -> dict[str, list[dict]]:
    gold: dict[str, list[dict]] = defaultdict(list)
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["path"]].append(row)
    return gold


def duration_key(iso: str | None) -> tuple[float, float] | None:
    """(months, seconds) of an ISO 8601 duration, so that P3Y4M == P40M and PT90M == PT1H30M."""
    if not iso:
        return None
    m = _ISO_DURATION.fullmatch(iso)
    if not m:
        return None
    g = {k: float(v) for k, v in m.groupdict().items() if v}
    months = g.get("Y", 0) * 12 + g.get("M", 0)
    seconds = g.get("W", 0) * 7 * 86400 + g.get("D", 0) * 86400 + g.get("h", 0) * 3600 + g.get("m", 0) * 60 + g.get("s", 0)
    return months, seconds


def our_duration_key(value: float | None, unit: str | None) -> tuple[float, float] | None:
    if value is None or unit is None:
        return None
    if unit in ("year", "month", "century"):
        return value * {"year": 12, "month": 1, "century": 1200}[unit], 0.0
    if unit in _UNIT_SECONDS:
        return 0.0, value * _UNIT_SECONDS[unit]
    return None


def right(gold: dict, pred: dict) -> bool:
    if gold["value"] is None:  # a reader cannot place it either (数日前): right when we do not pretend to
        return (pred.get("date") if gold["kind"] != "duration" else pred.get("value")) is None
    if gold["kind"] == "duration":
        key = duration_key(gold["value"])
        return key is not None and pred["kind"] == "duration" and our_duration_key(pred["value"], pred["unit"]) == key
    return gold["value"] is not None and pred.get("date") == gold["value"]


def best_overlap(gold: dict, preds: list[dict]) -> dict | None:
    overlapping = [p for p in preds if p["start"] < gold["end"] and gold["start"] < p["end"]]
    if not overlapping:
        return None
    return max(overlapping, key=lambda p: (right(gold, p), min(p["end"], gold["end"]) - max(p["start"], gold["start"])))


def ours(texts: dict[str, str]) -> tuple[dict[str, list[dict]], dict[str, str | None]]:
    from pipeline.analysis.analyse import analyse_text
    from pipeline.analysis.models import load_models

    models = load_models(None)
    preds, refs = {}, {}
    for path, text in texts.items():
        analysis = analyse_text(text, models)
        rows = analysis.parts["claims"].to_pylist()
        preds[path] = [r for r in rows if r["kind"] in TIME_KINDS]
        refs[path] = analysis.reference_date.isoformat() if analysis.reference_date else None
    return preds, refs


def pynne(texts: dict[str, str]) -> dict[str, list[dict]] | None:
    try:
        from pynormalizenumexp.normalize_numexp import NormalizeNumexp
    except ImportError:
        return None
    from pipeline.analysis.text.segment import prepare

    normalizer = NormalizeNumexp("ja")
    out = {}
    for path, text in texts.items():
        prepared = prepare(text)
        rows = []
        for unit in prepared.units:
            if not unit.analysed:
                continue
            for e in normalizer.normalize(unit.norm_text):
                start, end = prepared.normalized.to_original(unit.norm_start + e.position_start, unit.norm_start + e.position_end)
                row = _from_pynne(e)
                if row is not None:
                    rows.append({"start": start, "end": end} | row)
        out[path] = rows
    return out


def _finite(x) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)


def _from_pynne(e) -> dict | None:
    if e.type == "abstime":
        lo = e.value_lower_bound
        if lo is None or not _finite(lo.year):
            return {"kind": "date", "date": None, "value": None, "unit": None}
        iso = f"{int(lo.year):04d}"
        if _finite(lo.month):
            iso += f"-{int(lo.month):02d}"
            if _finite(lo.day):
                iso += f"-{int(lo.day):02d}"
        if _finite(lo.hour):
            iso += f"T{int(lo.hour):02d}:{int(lo.minute) if _finite(lo.minute) else 0:02d}"
        return {"kind": "time" if "T" in iso else "date", "date": iso, "value": None, "unit": None}
    if e.type == "duration":
        lo = e.value_lower_bound
        for name in ("year", "month", "day", "hour", "minute", "second"):
            v = getattr(lo, name, None) if lo is not None else None
            if _finite(v):
                return {"kind": "duration", "date": None, "value": float(v), "unit": name}
        return {"kind": "duration", "date": None, "value": None, "unit": None}
    if e.type == "reltime":
        return {"kind": "date", "date": None, "value": None, "unit": None}
    return None


def ginza(texts: dict[str, str]) -> dict[str, list[dict]]:
    import spacy

    nlp = spacy.load("ja_ginza")
    out = {}
    for path, doc in zip(texts, nlp.pipe(texts.values(), batch_size=8)):
        out[path] = [{"start": e.start_char, "end": e.end_char, "kind": "date", "date": None, "value": None, "unit": None}
                     for e in doc.ents if e.label_ in _GINZA_TIME]
    return out


def score(gold: dict[str, list[dict]], preds: dict[str, list[dict]]) -> dict[str, tuple[int, int, int]]:
    """kind -> (gold, found, value-right)."""
    counts = {k: [0, 0, 0] for k in KINDS}
    for path, rows in gold.items():
        for g in rows:
            if g["kind"] not in counts:
                continue
            c = counts[g["kind"]]
            c[0] += 1
            p = best_overlap(g, preds.get(path, []))
            if p is not None:
                c[1] += 1
                c[2] += right(g, p)
    return {k: tuple(v) for k, v in counts.items()}


def errors(gold: dict[str, list[dict]], preds: dict[str, list[dict]]) -> list[str]:
    lines = []
    for path, rows in sorted(gold.items()):
        for g in rows:
            p = best_overlap(g, preds.get(path, []))
            if p is None:
                lines.append(f"  missed   {path} {g['surface']!r} ({g['kind']}) gold {g['value']}")
            elif not right(g, p):
                got = p.get("date") if g["kind"] != "duration" else f"{p['value']} {p['unit']}"
                lines.append(f"  wrong    {path} {g['surface']!r} as {p['text'] if 'text' in p else ''!r} {p['kind']}: {got} / gold {g['value']} ({g['anchor']})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list every missed or wrong expression of ours")
    args = parser.parse_args(argv)
    if not GOLD.exists() or not NEWS.is_dir():
        print(f"skipped: {GOLD} or {NEWS} is missing")
        return 0
    gold = load_gold()
    texts = {path: (NEWS / path).read_text(encoding="utf-8") for path in sorted(gold)}
    our_preds, our_refs = ours(texts)
    systems = {"ours": our_preds, "pynormalizenumexp": pynne(texts), "plain ja_ginza (spans)": ginza(texts)}
    print(f"Time expressions of unseen news: {sum(len(v) for v in gold.values())} gold in {len(gold)} Wikinews articles "
          "(benchmarks/gold/news_time_gold.jsonl)")
    print(f"  {'kind':9} {'gold':>5}  " + "  ".join(f"{name + ' found / value-right':>44}" for name in systems))
    for kind in KINDS:
        cells = []
        for name, preds in systems.items():
            if preds is None:
                cells.append(f"{'not installed':>44}")
                continue
            n, found, ok = score(gold, preds)[kind]
            value = f"{100 * ok / n:5.1f} %" if name != "plain ja_ginza (spans)" else "    —  "
            cells.append(f"{100 * found / n:>34.1f} % / {value}")
        print(f"  {kind:9} {score(gold, our_preds)[kind][0]:>5}  " + "  ".join(cells))
    gold_refs = {path: rows[0]["reference_date"] for path, rows in gold.items()}
    agree = sum(our_refs[p] == gold_refs[p] for p in gold_refs)
    print(f"  reference dates: {agree} / {len(gold_refs)} articles as the gold ({Counter(r is None for r in our_refs.values())[True]} without one)")
    if args.errors:
        print("\n".join(errors(gold, our_preds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
