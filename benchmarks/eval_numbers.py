"""Benchmark of the numeric-expression parser (pipeline/analysis/numbers/expressions.py).

    uv run python benchmarks/eval_numbers.py [--no-ginza] [--wac-docs N] [--verbose]

1. normalizeNumExp's own numerical test cases (../shared/eval/numexp_numerical_cases.jsonl),
   with our output converted to its conventions (約 widens by 30 % each way, 3kg = 3000 g,
   open bounds are ±INFINITY, 強 adds up to 60 %, 弱 removes up to 50 %).
2. The five seeds against the hand-made gold (tests/fixtures/seed_numbers_gold.jsonl):
   precision and recall per kind of expressions whose kind, value (or bounds when there is no
   point value) and unit are right, next to pynormalizenumexp run on the same sentences.
3. IREX DATE / MONEY / PERCENT spans of the Kyoto Wikipedia corpus (dev + test splits of
   ../shared/eval/wac_ne.jsonl, OPTIONAL left out), exact-span and overlapping-span P/R, next to
   GiNZA's own Date / Money / Percent entities on the same texts.

Parts whose data is absent are skipped with a message; the script always exits 0 unless it crashes.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.analysis.numbers.expressions import NumericExpression, extract_numeric_expressions  # noqa: E402
from pipeline.analysis.numbers.lexicon import COUNTERS  # noqa: E402

SHARED = ROOT.parent / "shared"
CASES = SHARED / "eval" / "numexp_numerical_cases.jsonl"
WAC = SHARED / "eval" / "wac_ne.jsonl"
GOLD = ROOT / "tests" / "fixtures" / "seed_numbers_gold.jsonl"
CORPUS = ROOT / "corpus"


# ---------------------------------------------------------------- shared helpers


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def units_of(original: str):
    """(unit text, mapper to original offsets) for every unit of a document.

    Uses pipeline.analysis.text.segment.prepare (normalised units mapped back with to_original) when it is
    there, else the raw lines of the original text."""
    try:
        from pipeline.analysis.text.segment import prepare
    except ImportError:
        prepare = None
    if prepare is not None:
        prepared = prepare(original)
        to_original = prepared.normalized.to_original
        for unit in prepared.units:
            base = unit.norm_start
            yield unit.norm_text, (lambda s, e, base=base: to_original(base + s, base + e))
        return
    offset = 0
    for line in original.split("\n"):
        base = offset
        yield line, (lambda s, e, base=base: (base + s, base + e))
        offset += len(line) + 1


def segmentation_used() -> str:
    try:
        import pipeline.analysis.text.segment  # noqa: F401
        return "pipeline.analysis.text.segment.prepare units (norm_text mapped back with to_original)"
    except ImportError:
        return "raw lines (pipeline.analysis.text.segment not available)"


# ---------------------------------------------------------------- part 2: seeds


def load_gold() -> dict[str, list[dict]]:
    gold: dict[str, list[dict]] = defaultdict(list)
    with GOLD.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            gold[row["path"]].append(row)
    return gold


def our_predictions(original: str) -> list[dict]:
    rows = []
    for text, to_original in units_of(original):
        for e in extract_numeric_expressions(text):
            start, end = to_original(e.start, e.end)
            rows.append({"start": start, "end": end, "text": original[start:end], "kind": e.kind, "value": e.value,
                         "value_low": e.value_low, "value_high": e.value_high, "unit": e.unit, "date": e.date})
    return rows


def correct(pred: dict, gold: dict) -> bool:
    """Kind, unit and the value right; bounds stand in for the value when there is no point."""
    if pred["kind"] != gold["kind"] or pred["unit"] != gold["unit"]:
        return False
    if gold["kind"] == "label":
        return True
    if gold["kind"] == "date":  # dates carry their value in `date`; one that needs the article's date is not placed here
        return gold.get("date") is None or pred.get("date") == gold["date"]
    if gold["value"] is not None:
        return same(pred["value"], gold["value"])
    return same(pred["value_low"], gold["value_low"]) and same(pred["value_high"], gold["value_high"])


def match(preds: list[dict], golds: list[dict]) -> tuple[dict[int, int], list[int]]:
    """One-to-one: gold index -> pred index for overlapping, correct pairs; and unmatched preds."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(golds):
        best = None
        for pi, p in enumerate(preds):
            if pi in used or p["end"] <= g["start"] or p["start"] >= g["end"]:
                continue
            if correct(p, g):
                overlap = min(p["end"], g["end"]) - max(p["start"], g["start"])
                if best is None or overlap > best[0]:
                    best = (overlap, pi)
        if best is not None:
            pairs[gi] = best[1]
            used.add(best[1])
    return pairs, [pi for pi in range(len(preds)) if pi not in used]


def score(all_preds: dict[str, list[dict]], gold: dict[str, list[dict]]) -> dict:
    """Per-kind and overall precision/recall; details of misses and false positives."""
    tp_gold, n_gold, tp_pred, n_pred = Counter(), Counter(), Counter(), Counter()
    misses, extras = [], []
    for path, golds in gold.items():
        preds = all_preds.get(path, [])
        pairs, unmatched = match(preds, golds)
        for gi, g in enumerate(golds):
            n_gold[g["kind"]] += 1
            if gi in pairs:
                tp_gold[g["kind"]] += 1
            else:
                near = [p for p in preds if p["start"] < g["end"] and p["end"] > g["start"]]
                misses.append((path, g, near))
        for pi, p in enumerate(preds):
            n_pred[p["kind"]] += 1
            if pi not in unmatched:
                tp_pred[p["kind"]] += 1
            else:
                extras.append((path, p))
    kinds = sorted(set(n_gold) | set(n_pred))
    per_kind = {k: (_ratio(tp_pred[k], n_pred[k]), _ratio(tp_gold[k], n_gold[k]), n_gold[k], n_pred[k]) for k in kinds}
    overall = (_ratio(sum(tp_pred.values()), sum(n_pred.values())), _ratio(sum(tp_gold.values()), sum(n_gold.values())))
    return {"per_kind": per_kind, "overall": overall, "misses": misses, "extras": extras,
            "n_gold": sum(n_gold.values()), "n_pred": sum(n_pred.values())}


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}


def seed_scores() -> dict:
    """Our parser on the seeds against the gold file (used by tests/test_numbers.py too)."""
    texts = seed_texts()
    gold = load_gold()
    preds = {name: our_predictions(texts[name]) for name in gold}
    return score(preds, gold)


# --- pynormalizenumexp, converted to our kinds and units


_PYNNE_DURATION_FIELDS = ("year", "month", "day", "hour", "minute", "second")


def pynne_predictions(normalizer, original: str) -> list[dict]:
    rows = []
    for text, to_original in units_of(original):
        for e in normalizer.normalize(text):
            start, end = to_original(e.position_start, e.position_end)
            row = _from_pynne(e)
            if row is not None:
                rows.append({"start": start, "end": end, "text": original[start:end]} | row)
    return rows


def _finite(x) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)


def _from_pynne(e) -> dict | None:
    """Map one pynormalizenumexp Expression onto our kind/value/unit conventions, undoing its
    ±30 % widening of 約-style hedges so that a right reading counts as right."""
    empty = {"value": None, "value_low": None, "value_high": None, "unit": None}
    if e.type == "numerical":
        counter = e.counter if e.counter not in ("", "none") else None
        lo, hi = e.value_lower_bound, e.value_upper_bound
        lo = lo if _finite(lo) else None
        hi = hi if _finite(hi) else None
        value = None
        if lo is not None and hi is not None:
            value = lo if math.isclose(lo, hi) else None
            if value is None and math.isclose(lo / 0.7, hi / 1.3, rel_tol=1e-6):
                value = lo / 0.7  # 約N: N ±30 %
        else:
            value = lo if lo is not None else hi
        unit, cls = COUNTERS.get(counter, (counter, "count")) if counter else (None, "count")
        kind = {"money": "money", "percent": "percent", "multiple": "multiple", "age": "age", "legal": "legal"}.get(cls, "quantity")
        if counter == "号":
            kind = "id"
        elif "ordinary" in e.options and kind != "legal":
            kind = "ordinal"
        return {"kind": kind, "value": value, "value_low": lo, "value_high": hi, "unit": unit}
    if e.type == "abstime":
        lo, hi = e.value_lower_bound, e.value_upper_bound
        if lo is None:
            return {"kind": "date"} | empty
        y1 = lo.year if _finite(lo.year) else 0
        m1 = lo.month if _finite(lo.month) else 0
        d1 = lo.day if _finite(lo.day) else 0
        iso = None
        if y1:
            iso = f"{y1:04d}" + (f"-{m1:02d}" if m1 else "") + (f"-{d1:02d}" if m1 and d1 else "")
        if hi is not None and _finite(hi.year) and _finite(lo.year) and hi.year != lo.year:
            return {"kind": "date", "value": None, "value_low": None, "value_high": None, "unit": None, "date": f"{y1:04d}/{int(hi.year):04d}"}
        return {"kind": "date", "value": None, "value_low": None, "value_high": None, "unit": None, "date": iso}
    if e.type == "duration":
        lo = e.value_lower_bound
        if lo is None:
            return {"kind": "duration"} | empty
        for name in _PYNNE_DURATION_FIELDS:
            v = getattr(lo, name)
            if _finite(v):
                kind = "ordinal" if "ordinary" in e.options else "duration"
                return {"kind": kind, "value": float(v), "value_low": float(v), "value_high": float(v), "unit": name}
        return {"kind": "duration"} | empty
    return {"kind": "date"} | empty  # reltime: 今年1月以降 and the like, no absolute value


# ---------------------------------------------------------------- part 1: normalizeNumExp cases


_TO_THEIR_UNIT = {"kg": ("g", 1000.0), "km": ("m", 1000.0), "km/h": ("m/h", 1000.0), "t": ("g", 1e6), "cm": ("m", 0.01),
                  "mm": ("m", 0.001), "kilo": ("m", 1000.0)}
_CURRENCY_COUNTER = {"JPY": "円", "USD": "ドル", "EUR": "ユーロ", "CNY": "元", "GBP": "ポンド"}


def to_numexp_convention(e: NumericExpression) -> tuple[float, float, str | None]:
    """Our expression as normalizeNumExp states it: (lower, upper, counter)."""
    unit, factor = e.unit_surface, 1.0
    if e.unit in _TO_THEIR_UNIT:
        unit, factor = _TO_THEIR_UNIT[e.unit]
    elif e.kind == "money":
        unit = _CURRENCY_COUNTER.get(e.unit, e.unit_surface)
    elif e.unit_surface and e.unit_surface.endswith("目"):
        unit = e.unit_surface[:-1]
    point = e.value
    lo = e.value_low if e.value_low is not None else (point if e.bound in ("under",) else -math.inf)
    hi = e.value_high if e.value_high is not None else (point if e.bound in ("over",) else math.inf)
    if e.bound == "over":  # 強: a little over, up to +60 %
        hi = point * 1.6
    elif e.bound == "under" and e.text.endswith("弱"):
        lo = point * 0.5
    elif e.approx and e.bound is None or e.text.startswith(("約", "およそ")):
        lo = lo * 0.7 if math.isfinite(lo) else lo
        hi = hi * 1.3 if math.isfinite(hi) else hi
    return lo * factor, hi * factor, unit


def _their_number(x: str) -> float:
    return {"INFINITY": math.inf, "-INFINITY": -math.inf}.get(x, None) or float(x)


def run_numexp_cases() -> tuple[int, int, list[str]]:
    passed, lines = 0, []
    cases = [json.loads(line) for line in CASES.open(encoding="utf-8")]
    for case in cases:
        found = extract_numeric_expressions(case["text"])
        ok = True
        why = []
        if case.get("expected_count") is not None and len(found) != case["expected_count"]:
            ok = False
            why.append(f"count {len(found)} != {case['expected_count']}")
        for exp in case["expected"]:
            hits = [e for e in found if e.start < exp["end"] and e.end > exp["start"]]
            if not hits:
                ok = False
                why.append(f"missed {exp['expression']}")
                continue
            lo, hi, unit = to_numexp_convention(hits[0])
            want = (_their_number(exp["value_lower"]), _their_number(exp["value_upper"]), exp["counter"])
            if not (_close(lo, want[0]) and _close(hi, want[1]) and unit == want[2]):
                ok = False
                why.append(f"{hits[0].text}: ({lo:g}, {hi:g}, {unit}) != ({want[0]:g}, {want[1]:g}, {want[2]})")
        passed += ok
        lines.append(f"  {'PASS' if ok else 'FAIL'} {case['test']:<20} {case['text']}" + ("" if ok else "  <- " + "; ".join(why)))
    return passed, len(cases), lines


def _close(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


# ---------------------------------------------------------------- part 3: WAC IREX spans


_OUR_LABEL = {"date": "DATE", "money": "MONEY", "percent": "PERCENT"}
_GINZA_LABEL = {"Date": "DATE", "Era": "DATE", "Money": "MONEY", "Percent": "PERCENT"}
WAC_LABELS = ("DATE", "MONEY", "PERCENT")


_IREX_HEDGE = re.compile(
    r"^(?:約|およそ|凡そ|ほぼ|概ね|おおむね|少なくとも|最大で?|最低で?)[ \u3000]*"
    r"|[ \u3000]*(?:以上|以下|未満|超え|超|強|弱|余り|余|近く|前後|程度|ほど|くらい|ぐらい|頃|ごろ)$"
)


def our_wac_spans(text: str) -> list[tuple[int, int, str]]:
    """Our date/money/percent expressions as IREX spans. IREX leaves hedges and bounds (約, 以上,
    程度) outside the span, counts ratios (倍, 分の, 半分) as PERCENT and N年前 as DATE: all applied here only."""
    spans, offset = [], 0
    for line in text.split("\n"):
        for e in extract_numeric_expressions(line):
            label = _OUR_LABEL.get(e.kind)
            if e.kind == "multiple" or e.kind == "quantity" and e.unit == "fraction":
                label = "PERCENT"
            elif e.kind == "duration" and e.relation == "ago":
                label = "DATE"  # 46億年前: a point in time for IREX
            if not label:
                continue
            start, end = e.start, e.end
            for _ in range(2):
                m = _IREX_HEDGE.search(line, start, end)
                if not m or m.end() - m.start() >= end - start:
                    break
                start, end = (m.end(), end) if m.start() == start else (start, m.start())
            spans.append((offset + start, offset + end, label))
        offset += len(line) + 1
    return spans


_NUMERAL = re.compile(r"[0-9０-９〇一二三四五六七八九十百千万億兆半元]")


def span_scores(docs: list[dict], predicted: list[list[tuple[int, int, str]]], numeral_only: bool = False) -> dict:
    """Exact and overlapping-span P/R per label; numeral_only keeps gold spans with a numeral
    (IREX DATE also marks 中世, 飛鳥時代, 戦後, which carry no number)."""
    out = {}
    for label in WAC_LABELS:
        counts = {"exact": [0, 0, 0, 0], "overlap": [0, 0, 0, 0]}  # tp_pred, n_pred, tp_gold, n_gold
        for doc, preds in zip(docs, predicted):
            golds = [(g["start"], g["end"]) for g in doc["entities"] if g["label"] == label
                     and (not numeral_only or _NUMERAL.search(g["text"]))]
            optional = [(g["start"], g["end"]) for g in doc["entities"] if g["label"] == "OPTIONAL"]
            mine = [(s, e) for s, e, lab in preds if lab == label
                    and not any(s < oe and e > os_ for os_, oe in optional)]
            for mode, hit in (("exact", lambda a, b: a == b), ("overlap", lambda a, b: a[0] < b[1] and a[1] > b[0])):
                c = counts[mode]
                c[0] += sum(any(hit(p, g) for g in golds) for p in mine)
                c[1] += len(mine)
                c[2] += sum(any(hit(p, g) for p in mine) for g in golds)
                c[3] += len(golds)
        out[label] = {mode: (_ratio(c[0], c[1]), _ratio(c[2], c[3]), c[3], c[1]) for mode, c in counts.items()}
    return out


def ginza_wac_spans(nlp, docs: list[dict]) -> list[list[tuple[int, int, str]]]:
    out = []
    for doc in nlp.pipe((d["text"] for d in docs), batch_size=16):
        out.append([(e.start_char, e.end_char, _GINZA_LABEL[e.label_]) for e in doc.ents if e.label_ in _GINZA_LABEL])
    return out


# ---------------------------------------------------------------- printing


def _pct(x: float | None) -> str:
    return "  n/a" if x is None else f"{100 * x:5.1f}"


def print_seed_comparison(ours: dict, theirs: dict | None, verbose: bool) -> None:
    kinds = sorted(set(ours["per_kind"]) | set(theirs["per_kind"] if theirs else ()))
    print(f"  {'kind':<10} {'gold':>4} | {'ours P':>6} {'ours R':>6} {'n':>4} | {'pynne P':>7} {'pynne R':>7} {'n':>4}")
    for k in kinds:
        p, r, ng, npred = ours["per_kind"].get(k, (None, None, 0, 0))
        tp, tr, _, tn = theirs["per_kind"].get(k, (None, None, 0, 0)) if theirs else (None, None, 0, 0)
        ng = ng or (theirs["per_kind"].get(k, (0, 0, 0, 0))[2] if theirs else 0)
        print(f"  {k:<10} {ng:>4} | {_pct(p):>6} {_pct(r):>6} {npred:>4} | {_pct(tp):>7} {_pct(tr):>7} {tn:>4}")
    op, orr = ours["overall"]
    line = f"  {'ALL':<10} {ours['n_gold']:>4} | {_pct(op):>6} {_pct(orr):>6} {ours['n_pred']:>4}"
    if theirs:
        tp, tr = theirs["overall"]
        line += f" | {_pct(tp):>7} {_pct(tr):>7} {theirs['n_pred']:>4}"
    print(line)
    for name, result in (("ours", ours), ("pynormalizenumexp", theirs)):
        if result is None:
            continue
        print(f"\n  {name}: missed gold ({len(result['misses'])})")
        shown = result["misses"] if verbose else result["misses"][:40]
        for path, g, near in shown:
            got = "; ".join(f"{p['text']!r} {p['kind']} {p['value']} [{p['value_low']}, {p['value_high']}] {p['unit']}" for p in near) or "nothing"
            print(f"    {path[:3]} {g['text']!r} {g['kind']} {g['value']} {g['unit']}  <- got {got}")
        if len(result["misses"]) > len(shown):
            print(f"    ... {len(result['misses']) - len(shown)} more (--verbose)")
        print(f"  {name}: not in gold or wrong ({len(result['extras'])})")
        shown = result["extras"] if verbose else result["extras"][:40]
        for path, p in shown:
            print(f"    {path[:3]} {p['text']!r} {p['kind']} {p['value']} [{p['value_low']}, {p['value_high']}] {p['unit']}")
        if len(result["extras"]) > len(shown):
            print(f"    ... {len(result['extras']) - len(shown)} more (--verbose)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-ginza", action="store_true", help="skip GiNZA in part 3 (it takes minutes)")
    parser.add_argument("--wac-docs", type=int, default=0, help="only the first N dev+test documents (0: all)")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false positive")
    args = parser.parse_args(argv)

    print("== 1. normalizeNumExp numerical test cases")
    if CASES.exists():
        passed, total, lines = run_numexp_cases()
        print("\n".join(lines))
        print(f"  passed {passed}/{total}")
    else:
        print(f"  skipped: {CASES} not found (../shared is absent)")

    print("\n== 2. Seeds vs hand-made gold (kind, value and unit right; overlapping spans)")
    if GOLD.exists() and any(CORPUS.glob("*.txt")):
        print(f"  segmentation: {segmentation_used()}")
        texts, gold = seed_texts(), load_gold()
        started = time.perf_counter()
        ours = score({n: our_predictions(texts[n]) for n in gold}, gold)
        ours_time = time.perf_counter() - started
        try:
            from pynormalizenumexp.normalize_numexp import NormalizeNumexp
            normalizer = NormalizeNumexp("ja")
            started = time.perf_counter()
            theirs = score({n: pynne_predictions(normalizer, texts[n]) for n in gold}, gold)
            theirs_time = time.perf_counter() - started
        except ImportError:
            print("  pynormalizenumexp not installed: its column is empty")
            theirs, theirs_time = None, None
        print_seed_comparison(ours, theirs, args.verbose)
        n_chars = sum(len(texts[n]) for n in gold)
        print(f"\n  time incl. segmentation: ours {ours_time:.2f} s" + (f", pynormalizenumexp {theirs_time:.2f} s" if theirs_time else "")
              + f" for {n_chars} chars")
    else:
        print(f"  skipped: {GOLD} or corpus/*.txt missing")

    print("\n== Throughput of extract_numeric_expressions alone")
    lines = [line for text in seed_texts().values() for line in text.split("\n") if line.strip()]
    if lines:
        n_chars = sum(map(len, lines)) * 20
        started = time.perf_counter()
        for _ in range(20):
            for line in lines:
                extract_numeric_expressions(line)
        elapsed = time.perf_counter() - started
        print(f"  {n_chars / elapsed:,.0f} chars/s on seed lines ({n_chars} chars)")

    print("\n== 3. WAC IREX DATE / MONEY / PERCENT (dev + test, OPTIONAL left out)")
    if not WAC.exists():
        print(f"  skipped: {WAC} not found (../shared is absent)")
        return 0
    docs = [d for d in map(json.loads, WAC.open(encoding="utf-8")) if d["split"] in ("dev", "test")]
    if args.wac_docs:
        docs = docs[: args.wac_docs]
    started = time.perf_counter()
    ours_spans = [our_wac_spans(d["text"]) for d in docs]
    ours_time = time.perf_counter() - started
    ginza_spans, ginza_time = None, None
    if not args.no_ginza:
        try:
            import spacy
            started = time.perf_counter()
            nlp = spacy.load("ja_ginza")
            ginza_spans = ginza_wac_spans(nlp, docs)
            ginza_time = time.perf_counter() - started
        except (ImportError, OSError) as err:
            print(f"  GiNZA unavailable ({err}): its column is empty")
    print(f"  {len(docs)} documents; ours {ours_time:.2f} s" + (f", GiNZA {ginza_time:.1f} s (load included)" if ginza_time else ""))
    for numeral_only in (False, True):
        ours_wac = span_scores(docs, ours_spans, numeral_only)
        ginza_wac = span_scores(docs, ginza_spans, numeral_only) if ginza_spans else None
        print("\n  " + ("gold spans that contain a numeral only (a prediction is right only if it hits one of them)" if numeral_only
                        else "all gold spans"))
        print(f"  {'label':<8} {'mode':<8} {'gold':>4} | {'ours P':>6} {'ours R':>6} {'n':>4} | {'GiNZA P':>7} {'GiNZA R':>7} {'n':>4}")
        for label in WAC_LABELS:
            for mode in ("exact", "overlap"):
                p, r, ng, npred = ours_wac[label][mode]
                gp, gr, _, gn = ginza_wac[label][mode] if ginza_wac else (None, None, 0, 0)
                print(f"  {label:<8} {mode:<8} {ng:>4} | {_pct(p):>6} {_pct(r):>6} {npred:>4} | {_pct(gp):>7} {_pct(gr):>7} {gn:>4}")

    # dev+test hold 1 MONEY and 5 PERCENT spans: the train split (never used to write rules) is a
    # larger sample, for our parser only (GiNZA would take half an hour on it).
    train = [d for d in map(json.loads, WAC.open(encoding="utf-8")) if d["split"] == "train"]
    if train and not args.wac_docs:
        train_wac = span_scores(train, [our_wac_spans(d["text"]) for d in train])
        print(f"\n  train split, ours only ({len(train)} documents, all gold spans)")
        print(f"  {'label':<8} {'mode':<8} {'gold':>4} | {'ours P':>6} {'ours R':>6} {'n':>4}")
        for label in WAC_LABELS:
            for mode in ("exact", "overlap"):
                p, r, ng, npred = train_wac[label][mode]
                print(f"  {label:<8} {mode:<8} {ng:>4} | {_pct(p):>6} {_pct(r):>6} {npred:>4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
