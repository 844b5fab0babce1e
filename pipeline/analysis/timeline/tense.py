"""The tense of the clause a date stands in, from GiNZA's parse: past (…した), future (…する, …予定だ) or None.

Japanese marks the past with the auxiliary た on the predicate; a verb without it speaks of what
is to come when the sentence dates it (16日に訪米する), except stative verbs (いる, ある) and
progressive forms (…ている), which say nothing of the date's side. Nouns of plans (予定, 方針,
見通し) heading the clause make it future as well.
"""

from __future__ import annotations

from pipeline.analysis.rules import Rule

PLAN_NOUNS = frozenset({"予定", "方針", "見通し", "見込み", "計画", "意向", "構え", "方向"})
STATIVE = frozenset({"いる", "ある", "おる", "居る", "有る"})
_PREDICATE_POS = frozenset({"VERB", "ADJ"})


def clause_tense(doc, start: int, end: int) -> str | None:
    """The tense of the predicate the expression doc.text[start:end] depends on."""
    tokens = [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    outer = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    node = outer[-1] if outer else tokens[-1]
    for _ in range(8):
        if node.pos_ in _PREDICATE_POS and node.i not in inside:
            return tense_of_predicate(node)
        if node.head.i == node.i:
            return tense_of_predicate(node) if node.i not in inside else None
        node = node.head
    return None


def tense_of_predicate(pred, depth: int = 0) -> str | None:
    """past when た ends the predicate; the tense of the next predicate when this one ends in a
    conjunctive form (気付き、…申し出た; 掲載され続けた), which has none of its own; future for a
    plain verb in its final or attributive form (開業する) and for a plan noun (訪米する予定だ),
    unless the plan itself is told in the past (開催する予定となっていた)."""
    auxiliaries = sorted((c for c in pred.children if c.dep_ in ("aux", "cop")), key=lambda c: c.i)
    if any(_is_past_auxiliary(a) for a in auxiliaries):
        return "past"
    marks = {c.text for c in pred.children if c.dep_ in ("mark", "fixed")}
    ending = [t for t in pred.subtree if t.i >= pred.i and t.dep_ in ("aux", "cop", "mark", "fixed") and t.head.i in (pred.i, *(c.i for c in pred.children))]
    last = max(ending, key=lambda t: t.i) if ending else pred
    head = pred.head
    conjunctive = any("連用形" in form for form in last.morph.get("Inflection")) or last.text in ("て", "で", "ながら", "つつ", "ば")
    if conjunctive and head.i != pred.i and depth < 4:  # 気付き、…; 予定となっており、…: the tense comes later
        return tense_of_predicate(head, depth + 1) if head.pos_ in _PREDICATE_POS else _tense_of_noun_predicate(head, depth)
    if marks & {"て", "ながら", "つつ"} and any(c.lemma_ in STATIVE for c in pred.subtree if c.dep_ == "fixed"):
        return None  # …ている: a state, it says nothing of the date's side
    if pred.dep_ == "acl" and head.lemma_ in PLAN_NOUNS:
        return _tense_of_noun_predicate(head, depth)
    if pred.lemma_ in PLAN_NOUNS:
        return _tense_of_noun_predicate(pred, depth)
    if pred.pos_ == "VERB" and pred.lemma_ not in STATIVE:
        return "future"
    return None


def _is_past_auxiliary(token) -> bool:
    """た, or its voiced form after a nasal (死んだ, 読んだ: UniDic's 助動詞-タ)."""
    return token.lemma_ == "た" or token.text == "た" or any(f.startswith("助動詞-タ") for f in token.morph.get("Inflection"))


def _tense_of_noun_predicate(noun, depth: int) -> str | None:
    """予定だ: future; 予定だった / 予定となっていた: past."""
    if any(c.dep_ in ("aux", "cop") and _is_past_auxiliary(c) for c in noun.children):
        return "past"
    head = noun.head
    plan = noun.lemma_ in PLAN_NOUNS
    if head.i != noun.i and head.pos_ in _PREDICATE_POS and depth < 4:
        told = tense_of_predicate(head, depth + 1)
        return ("past" if told == "past" else "future") if plan else told
    return "future" if plan else None


TENSE_OF_AUXILIARIES = Rule(
    "time_tense_of_auxiliaries",
    "た after the predicate is the past; a plain verb or a plan noun is the future; いる/ある say nothing",
    check=lambda words: "past" if "た" in words else (None if set(words) & STATIVE or "て" in words else "future"),
    examples=((("し", "た"), "past"), (("する",), "future"), (("て", "いる"), None)),
)
