"""NER benchmark: our mentions vs plain ja_ginza on every public NE gold set, and the seed clusters.

    uv run python benchmarks/eval_ner.py [--splits dev,test] [--sets wac,stockmark] [--no-seeds] [--errors] [--out FILE]

Rules are designed on the train split only (`--splits train --errors` lists each system's false
negatives and false positives per label: wrong type, wrong boundary, missed, spurious); dev and
test are for reporting.

Scores exact-span, typed matches on ../shared/eval/wac_ne.jsonl (dev + test, 300 documents).
Only the four IREX name categories are scored: PERSON, LOCATION, ORGANIZATION, ARTIFACT.
DATE/TIME/MONEY/PERCENT are numeric expressions (claims, not mentions) and are not scored;
predictions overlapping an OPTIONAL gold span are left out, as the gold leaves them undecided.
Ours reads each document as the pipeline does: pipeline.analysis.text.segment.prepare (normalised text, so the
U+3000 spaces between Japanese are gone; units that never cross a line, so the bracketed readings
stand alone), the analysed units through nlp, offsets mapped back to the original. Plain ja_ginza
is `nlp(text)` on each raw document, its ENE labels mapped through the same LABEL_MAP and
COARSE_TO_IREX tables.
Then the Stockmark Wikipedia NE set (../shared/eval/stockmark_ne_dev.jsonl, 2,000 sentences, another
convention: 人名, 法人名, 政治的組織名, その他の組織名, 地名, 施設名, 製品名, イベント名). Both systems'
mentions are mapped to those eight labels by one table, STOCKMARK_LABELS below (coarse label, and for
organisations GiNZA's or the gazetteer's ENE label); nothing is tuned on it. Each set is scored per label
(exact span and type) and as span F1 (exact span, any label: does the system find the names at all).
Then the five seed articles are analysed and their entity clusters printed.
With --out FILE every table is also appended to FILE as it is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd
import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.analysis.entities.gazetteer import load_gazetteer  # noqa: E402
from pipeline.analysis.entities.mentions import COARSE_TO_IREX, build_nlp, coarse_label, mentions_in_doc  # noqa: E402
from pipeline.analysis.text.segment import prepare  # noqa: E402
from pipeline.crossdoc.linking import link_entities  # noqa: E402
from pipeline.ids import bytes_id  # noqa: E402

WAC = ROOT.parent / "shared" / "eval" / "wac_ne.jsonl"
STOCKMARK = ROOT.parent / "shared" / "eval" / "stockmark_ne_dev.jsonl"
SCORED = ("PERSON", "LOCATION", "ORGANIZATION", "ARTIFACT")
STOCKMARK_SCORED = ("人名", "法人名", "政治的組織名", "その他の組織名", "地名", "施設名", "製品名", "イベント名")
Span = tuple[int, int, str]
Raw = tuple[int, int, str, str]  # start, end, coarse label, ENE label

# Our coarse labels in the Stockmark convention, once. Organisations split by their ENE label:
# companies, schools, broadcasters, newspapers (as organisations: the publisher, 朝日新聞), institutes are 法人名; governments, parties, armies and
# international bodies 政治的組織名; the rest (teams, leagues, bands) その他の組織名. Laws are
# 製品名 there (単一欧州議定書); NORP and OTHER have no Stockmark label.
STOCKMARK_LABELS = {"PERSON": "人名", "GPE": "地名", "LOC": "地名", "FAC": "施設名", "PRODUCT": "製品名",
                    "WORK_OF_ART": "製品名", "LAW": "製品名", "EVENT": "イベント名"}
STOCKMARK_JURIDICAL = frozenset({"Company", "Company_Group", "Corporation_Other", "Juridical_Person", "Juridical_Person_Other",
                                 "Nonprofit_Organization", "School", "Research_Institute", "Channel", "Newspaper"})
STOCKMARK_POLITICAL = frozenset({"Political_Organization", "Political_Organization_Other", "Government", "Political_Party",
                                 "Cabinet", "Military", "International_Organization"})
OUT: list = []  # files every printed table is appended to (--out)


def say(line: str = "") -> None:
    print(line)
    for path in OUT:
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def to_irex(coarse: str, ene: str | None, surface: str = "") -> str | None:
    return COARSE_TO_IREX.get(coarse)


def to_stockmark(coarse: str, ene: str | None, surface: str = "") -> str | None:
    if coarse == "ORG":
        if ene == "Museum":
            return "施設名"
        if ene == "School" and not surface.endswith("大学"):
            return "施設名"  # the convention: a university is a 法人名 (38 of 38 in the dev set), a school a 施設名 (学校 25 of 25)
        return "法人名" if ene in STOCKMARK_JURIDICAL else "政治的組織名" if ene in STOCKMARK_POLITICAL else "その他の組織名"
    return STOCKMARK_LABELS.get(coarse)


def typed(predicted: list[set[Raw]], mapper, texts: list[str]) -> list[set[Span]]:
    """Raw predictions in a gold set's labels (spans whose label has no counterpart are left out)."""
    return [{(s, e, lab) for s, e, coarse, ene in p if (lab := mapper(coarse, ene, text[s:e])) is not None}
            for p, text in zip(predicted, texts)]


def predict_ours(nlp, gazetteer, texts: list[str]) -> list[set[Raw]]:
    """Our spans per document with coarse and ENE label, read as the pipeline reads it: segment.prepare,
    analysed units only, each unit's normalised text through nlp, offsets mapped back to the original."""
    prepared = [prepare(text) for text in texts]
    units = [(i, unit) for i, p in enumerate(prepared) for unit in p.units if unit.analysed]
    predicted: list[set[Raw]] = [set() for _ in texts]
    for (i, unit), doc in zip(units, nlp.pipe((u.norm_text for _, u in units), batch_size=64)):
        to_original = prepared[i].normalized.to_original
        for m in mentions_in_doc(doc, gazetteer):
            predicted[i].add((*to_original(unit.norm_start + m.start, unit.norm_start + m.end), m.label, m.label_ene))
    return predicted


def predict_plain(nlp, texts: list[str]) -> list[set[Raw]]:
    """Plain ja_ginza's spans per document: nlp(text) on the raw text, ENE labels mapped to coarse
    ones by the same LABEL_MAP (numeric labels left out)."""
    predicted: list[set[Raw]] = []
    for doc in nlp.pipe(texts, batch_size=16):
        predicted.append({(e.start_char, e.end_char, coarse, e.label_) for e in doc.ents if (coarse := coarse_label(e.label_)) is not None})
    return predicted


def score(gold: list[set[Span]], optional: list[list[tuple[int, int]]], predicted: list[set[Span]], scored=SCORED) -> dict[str, tuple[int, int, int]]:
    """label -> (true positives, predicted, gold); "span" counts exact spans whatever their labels."""
    counts = {label: [0, 0, 0] for label in (*scored, "span")}
    for g, opt, p in zip(gold, optional, predicted):
        p = {s for s in p if not any(s[0] < oe and os_ < s[1] for os_, oe in opt)}
        gs, ps = {(a, b) for a, b, _ in g}, {(a, b) for a, b, _ in p}
        counts["span"][0] += len(gs & ps)
        counts["span"][1] += len(ps)
        counts["span"][2] += len(gs)
        for label in scored:
            gl = {s for s in g if s[2] == label}
            pl = {s for s in p if s[2] == label}
            counts[label][0] += len(gl & pl)
            counts[label][1] += len(pl)
            counts[label][2] += len(gl)
    return {k: tuple(v) for k, v in counts.items()}


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pad(text: str, width: int) -> str:
    """`text` left-aligned in `width` columns, wide (Japanese) characters counting two."""
    return text + " " * max(0, width - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text))


def report(results: dict[str, dict[str, tuple[int, int, int]]], scored=SCORED) -> None:
    """Per label, micro over the labels (typed), and span (exact span, any label): P / R / F1 of each system."""
    say(f"{'label':<16}{'n_gold':>7} | " + " | ".join(f"{name:^26}" for name in results))
    say(f"{'':<16}{'':>7} | " + " | ".join(f"{'P':>8}{'R':>9}{'F1':>9}" for _ in results))
    for label in [*scored, "micro (typed)", "span (untyped)"]:
        cells, n_gold = [], 0
        for counts in results.values():
            if label.startswith("micro"):
                tp, n_pred, n_gold = (sum(counts[k][i] for k in scored) for i in range(3))
            else:
                tp, n_pred, n_gold = counts["span" if label.startswith("span") else label]
            p, r, f = prf(tp, n_pred, n_gold)
            cells.append(f"{100 * p:8.1f}{100 * r:9.1f}{100 * f:9.1f}")
        say(f"{_pad(label, 16)}{n_gold:>7} | " + " | ".join(cells))


def error_categories(texts: list[str], gold: list[set[Span]], optional, predicted: list[set[Span]]) -> tuple[dict, dict]:
    """Per label, false negatives and false positives by kind -- `type` (the same span under another
    label), `boundary` (an overlapping span with the same label), `boundary+type`, `missed` /
    `spurious` (nothing overlaps) -- and the most frequent surfaces of each kind."""
    counts: dict[tuple[str, str], Counter] = {}
    surfaces: dict[tuple[str, str, str], Counter] = {}
    for text, g, opt, p in zip(texts, gold, optional, predicted):
        p = {s for s in p if not any(s[0] < oe and os_ < s[1] for os_, oe in opt)}
        for side, wrong, other in (("FN", g - p, p), ("FP", p - g, g)):
            for start, end, label in wrong:
                over = [o for o in other if o[0] < end and start < o[1]]
                if any((o[0], o[1]) == (start, end) for o in over):
                    kind = "type"
                elif any(o[2] == label for o in over):
                    kind = "boundary"
                elif over:
                    kind = "boundary+type"
                else:
                    kind = "missed" if side == "FN" else "spurious"
                counts.setdefault((label, side), Counter())[kind] += 1
                surfaces.setdefault((label, side, kind), Counter())[text[start:end]] += 1
    return counts, surfaces


def report_errors(name: str, counts: dict, surfaces: dict, top: int = 8, scored=SCORED) -> None:
    print(f"\nErrors of {name}:")
    for label in scored:
        for side in ("FN", "FP"):
            kinds = counts.get((label, side), Counter())
            print(f"  {label:<13}{side}: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
            for kind, _ in kinds.most_common():
                common = surfaces[(label, side, kind)].most_common(top)
                print(f"      {kind}: " + ", ".join(f"{s}×{n}" if n > 1 else s for s, n in common))


def evaluate(splits: set[str], gazetteer, nlp_ours, nlp_plain, errors: bool = False) -> None:
    if not WAC.exists():
        say(f"skipped WAC scoring: {WAC} is absent (it lives in ../shared/eval/ beside the repository)")
        return
    docs = [d for d in map(json.loads, WAC.read_text(encoding="utf-8").splitlines()) if d["split"] in splits]
    texts = [d["text"] for d in docs]
    gold = [{(e["start"], e["end"], e["label"]) for e in d["entities"] if e["label"] in SCORED} for d in docs]
    optional = [[(e["start"], e["end"]) for e in d["entities"] if e["label"] == "OPTIONAL"] for d in docs]
    say(f"WAC {'+'.join(sorted(splits))} (IREX): {len(docs)} documents, {sum(map(len, texts))} characters; "
        f"scored labels {', '.join(SCORED)} (exact span and type); OPTIONAL spans left out")
    _evaluate_set(texts, gold, optional, nlp_ours, nlp_plain, gazetteer, to_irex, SCORED, errors)


def evaluate_stockmark(gazetteer, nlp_ours, nlp_plain, errors: bool = False) -> None:
    if not STOCKMARK.exists():
        say(f"skipped Stockmark scoring: {STOCKMARK} is absent (it lives in ../shared/eval/ beside the repository)")
        return
    docs = list(map(json.loads, STOCKMARK.read_text(encoding="utf-8").splitlines()))
    texts = [d["text"] for d in docs]
    gold = [{(e["start"], e["end"], e["label"]) for e in d["entities"]} for d in docs]
    say(f"Stockmark Wikipedia NE (dev): {len(docs)} sentences, {sum(map(len, texts))} characters; "
        f"labels {', '.join(STOCKMARK_SCORED)} (exact span and type); ours mapped by STOCKMARK_LABELS")
    _evaluate_set(texts, gold, [[] for _ in docs], nlp_ours, nlp_plain, gazetteer, to_stockmark, STOCKMARK_SCORED, errors)


def _evaluate_set(texts, gold, optional, nlp_ours, nlp_plain, gazetteer, mapper, scored, errors: bool) -> None:
    t0 = time.perf_counter()
    predictions = {"plain ja_ginza": typed(predict_plain(nlp_plain, texts), mapper, texts)}
    t1 = time.perf_counter()
    predictions["ours (gazetteer + rules)"] = typed(predict_ours(nlp_ours, gazetteer, texts), mapper, texts)
    t2 = time.perf_counter()
    report({name: score(gold, optional, predicted, scored) for name, predicted in predictions.items()}, scored)
    say(f"time: plain {t1 - t0:.0f} s, ours {t2 - t1:.0f} s")
    say()
    if errors:
        for name, predicted in predictions.items():
            report_errors(name, *error_categories(texts, gold, optional, predicted), scored=scored)


def seed_mentions(paths: list[Path], nlp, gazetteer) -> pd.DataFrame:
    """Mentions of the seed articles, read as the pipeline reads them, in the columns link_entities reads."""
    rows = []
    for path in paths:
        data = path.read_bytes()
        doc_id = bytes_id(data)
        prepared = prepare(data.decode("utf-8"))
        norm = prepared.normalized
        units = [u for u in prepared.units if u.analysed]
        for unit, doc in zip(units, nlp.pipe(u.norm_text for u in units)):
            for m in mentions_in_doc(doc, gazetteer):
                o_start, o_end = norm.to_original(unit.norm_start + m.start, unit.norm_start + m.end)
                rows.append({
                    "mention_id": f"{doc_id}:{o_start}:{o_end}:{m.label}", "doc_id": doc_id, "sent_idx": unit.sent_idx,
                    "start": o_start, "end": o_end, "text": norm.original[o_start:o_end], "norm_text": m.text,
                    "label": m.label, "label_ene": m.label_ene, "role": m.role, "source": m.source, "key": m.key,
                })
    return pd.DataFrame(rows)


def print_seed_clusters(nlp, gazetteer) -> None:
    paths = sorted((ROOT / "corpus").glob("*.txt"))
    if not paths:
        print("no seed articles in corpus/")
        return
    mentions = seed_mentions(paths, nlp, gazetteer)
    entities, _ = link_entities(mentions, gazetteer)
    entities = entities.sort_values(["n_docs", "n_mentions", "name"], ascending=[False, False, True])
    print(f"\nSeed clusters: {len(paths)} articles, {len(mentions)} mentions, {len(entities)} entities "
          f"(sources: {dict(Counter(mentions['source']))})")
    print(f"{'label':<12}{'docs':>4}{'ment':>5}  name  [aliases]")
    for e in entities.itertuples():
        aliases = [a for a in e.aliases if a != e.name]
        print(f"{e.label:<12}{e.n_docs:>4}{e.n_mentions:>5}  {e.name}" + (f"  {aliases}" if aliases else "") + (f"  {e.wikidata_id}" if isinstance(e.wikidata_id, str) else "")
              + (f"  geonames:{e.geonames_id}" if not pd.isna(e.geonames_id) else "") + (f"  {e.country}" if isinstance(e.country, str) else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--splits", default="dev,test", help="WAC splits to score (never train-tuned rules on dev/test)")
    parser.add_argument("--sets", default="wac,stockmark", help="gold sets to score: wac, stockmark or both")
    parser.add_argument("--no-seeds", action="store_true", help="skip printing the seed clusters")
    parser.add_argument("--errors", action="store_true", help="categorise each system's errors per label (use with --splits train)")
    parser.add_argument("--out", action="append", default=[], help="also append every score table to this file")
    args = parser.parse_args()
    OUT.extend(args.out)
    gazetteer = load_gazetteer()
    nlp = build_nlp(gazetteer)
    nlp_plain = spacy.load("ja_ginza")
    sets = set(args.sets.split(","))
    if "wac" in sets:
        evaluate(set(args.splits.split(",")), gazetteer, nlp, nlp_plain, args.errors)
    if "stockmark" in sets:
        evaluate_stockmark(gazetteer, nlp, nlp_plain, args.errors)
    if not args.no_seeds:
        print_seed_clusters(nlp, gazetteer)


if __name__ == "__main__":
    main()
