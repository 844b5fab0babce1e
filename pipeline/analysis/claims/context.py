"""What each number is about: subject, actor and time, read from GiNZA's dependency parse.

For one normalised sentence and the numeric expressions found in it, `claim_contexts` says
what each quantity, percent or money amount counts or measures (`subject`), who states,
sets or does it (`actor`), the date or period it is tied to in the same sentence (`time`),
what a percent is of when the parse shows it (`base`) and the body the number belongs to
(`scope`, which `pipeline.crossdoc.facts` merges on: NATO for NATO加盟国 or for leaders at a NATO
summit). A date tied to an event (設立, 侵攻, 1949年以来の同盟) gets the event as its subject.

The rules follow the parse, not the words around the number:
  [NUM][counter]の[NOUN]            subject = the noun phrase it modifies   (約200名の要員)
  [NOUN]が[NUM]を下回る            subject = the nsubj of a threshold verb (駐留軍が7万6千人を下回る)
  [NOUN]を[NUM]に引き上げる         subject = the obj of the predicate      (国防費をGDPの5%に)
  [NUM]を[NOUN]に充てる             subject = the に-argument of an allocation verb
  [NOUN]の[NUM]への増額             subject = the の-modifier of a change noun
  [NUM]の目標 / [NUM]基準            a frame: look through it to the measured noun, else the context
  actor = nearest entity-like nsubj or topic up the predicate chain, a passive agent
          (岸田政権下で決定された), or the possessor of the subject (加盟国の防衛費).
Word lists live in pipeline/analysis/data/subject_words.tsv and actor_words.tsv.

A claim whose subject the sentence does not give (これは以前の2%の目標を上回り) takes it, with
the actor, base and scope, from the last claim of the same measure in the paragraph: that is
the `ParagraphState` passed in and returned, an immutable value, so the caller threads it
through the sentences of one paragraph and starts again with None at the next.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from ginza import bunsetu_span
from spacy.tokens import Doc, Token

from pipeline.analysis.claims.words import (
    ACTOR_NOUNS,
    AGGREGATE,
    ALLOCATION,
    CHANGE,
    COLLECTIVE,
    CONTENT_NOUNS,
    COUNTED_NOUNS,
    DATE_SUFFIXES,
    DEMAND,
    EVENT,
    event_head_of,
    FOUNDING,
    FRAME,
    AS_OF_VERBS,
    DATE_PREFIXES,
    HEARSAY_VERBS,
    LIGHT_EVENT_VERBS,
    MEASURE,
    MEASURE_PREFIXES,
    MEETING,
    NOT_SUBJECT,
    ORG_NOUNS,
    PERSON_NOUNS,
    RELATION,
    SCHEDULE_VERBS,
    SHARE,
    SPEECH,
    STANDINGS,
    STREAK,
    SUBJECT_SYNONYMS,
    TARGET,
    THRESHOLD,
    TIME_CLAUSE_NOUNS,
    TIME_WORDS,
)
from pipeline.analysis.entities.mentions import coarse_label
from pipeline.analysis.entities.outlets import is_news_outlet, is_time_zone
from pipeline.analysis.rules import Pattern


@dataclass(frozen=True)
class ClaimContext:
    subject: str | None
    actor: str | None
    time: str | None
    base: str | None = None  # what a percent is of, from the parse or the paragraph (GDP)
    scope: str | None = None  # the body the number belongs to, for merging facts (NATO)
    # where the date `time` words stands in the sentence, when it is one (not part of what the context says)
    time_span: tuple[int, int] | None = field(default=None, compare=False)


EMPTY = ClaimContext(None, None, None)


@dataclass(frozen=True)
class ParagraphState:
    """What earlier sentences of the paragraph said, for claims whose sentence lacks it."""

    measures: tuple[tuple[str, ClaimContext], ...] = ()  # last context per measure (percent, money, quantity:人)
    org: str | None = None  # last organisation named (NATO), for 加盟国 and 同盟 without one

    def last(self, measure: str) -> ClaimContext | None:
        for key, ctx in reversed(self.measures):
            if key == measure:
                return ctx
        return None

    def with_measure(self, measure: str, ctx: ClaimContext) -> "ParagraphState":
        kept = tuple((k, c) for k, c in self.measures if k != measure)
        return replace(self, measures=kept + ((measure, ctx),))


# Word lists live in claim_words.py, which facts.py imports without loading spaCy.

CONTEXT_KINDS = frozenset({"quantity", "percent", "money", "multiple", "age", "ordinal", "duration"})
# Kinds that say when something happens: their subject is the event (開幕), not a measured noun.
EVENT_KINDS = frozenset({"date", "time"})
TIME_KINDS = frozenset({"date", "duration", "time"})
TIME_ENTITY_LABELS = frozenset({"Date", "Time", "Era", "Period_Year", "Period_Month", "Period_Week", "Period_Day",
                                "Period_Time", "Period_Other", "DATE", "TIME"})
AGENT_LABELS = frozenset({"ORG", "PERSON", "GPE", "NORP"})
_FUNCTION_POS = frozenset({"ADP", "AUX", "SCONJ", "CCONJ", "PUNCT", "PART", "DET", "SYM"})
_CASE_DEPS = frozenset({"case", "fixed", "mark"})
_NOUN_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_LEFT_TIME_MODIFIERS = frozenset({"今後", "過去", "向こう", "直近", "最近", "この", "ここ"})
_ACRONYM = Pattern(
    "claims_acronym_token",
    r"[A-Z][A-Z0-9]{1,7}",
    why="a proper-noun token that is an acronym (fullmatch: NATO, EU, G7) names an organisation",
    matches=(("NATO", "NATO"), ("EU首脳", "EU"), ("G7サミット", "G7")),
    rejects=("Nato", "北大西洋条約機構"),
)


# ---------------------------------------------------------------- public API


def claim_contexts(
    doc: Doc,
    spans: Sequence[object],
    previous: ParagraphState | None = None,
) -> tuple[list[ClaimContext], ParagraphState]:
    """Contexts of the numeric expressions in one parsed sentence, and the paragraph state after it.

    `spans` are the expressions found in `doc.text`, in order: (start, end, kind) tuples or
    objects with .start, .end, .kind (pipeline.analysis.numbers.expressions.NumericExpression; its .base is used
    when set). Pass the returned state to the next sentence of the same paragraph.
    """
    state = previous or ParagraphState()
    sentence_org = _sentence_org(doc)
    if sentence_org:
        state = replace(state, org=sentence_org)
    items = [_as_span(s) for s in spans]
    time_spans = _time_spans(doc, [(s, e) for s, e, kind, _, _ in items if kind in TIME_KINDS])
    numeric = frozenset(t.i for s, e, _, _, _ in items for t in _tokens_in(doc, s, e))
    contexts: list[ClaimContext] = []
    previous_item: tuple[int, str] | None = None  # (end, kind) of the expression before
    for start, end, kind, base, relation in items:
        tokens = _tokens_in(doc, start, end)
        converted = previous_item is not None and previous_item[1] == kind and _is_conversion(doc.text[previous_item[0]:start])
        previous_item = (end, kind)
        if not tokens:
            contexts.append(EMPTY)
            continue
        if converted and contexts and contexts[-1] is not EMPTY:
            contexts.append(contexts[-1])  # 1000米ドル(約10万8000円): the same amount in another unit
            continue
        anchor = _anchor(tokens)
        if kind in EVENT_KINDS:
            ctx = _event_context(anchor, tokens, state, relation, time_spans)
        elif kind in CONTEXT_KINDS:
            ctx = _number_context(doc, anchor, tokens, kind, base, time_spans, state, (start, end), numeric - {t.i for t in tokens})
            if kind == "age":
                person = _bracketed_person(tokens)
                if person is not None:  # 山本順一被告(57歳): the person's age
                    ctx = replace(ctx, subject=AGE_SUBJECT, actor=person, scope=person)
                elif ctx.subject == AGE_SUBJECT:
                    ctx = replace(ctx, subject=None, actor=None, scope=None)  # another person's age is not carried over
            if kind == "ordinal":
                party = _named_standing(tokens)
                if party is not None:  # 第2党「ネパール会議派」, 「毛沢東主義派」(第1党): whose rank it is
                    ctx = replace(ctx, actor=party, scope=party)
            measure = _measure_key(kind, tokens)
            if ctx.subject:
                state = state.with_measure(measure, ctx)
        else:
            ctx = EMPTY
        contexts.append(ctx)
    return contexts, state


def _named_standing(tokens: list[Token]) -> str | None:
    """The party a standing (第2党) is written beside: the quoted name right after it (第2党「ネパール
    会議派」), or the one right before its brackets (「ネパール共産党毛沢東主義派」(第1党))."""
    doc = tokens[0].doc
    last = tokens[-1]
    if last.text not in STANDINGS and last.i + 1 < len(doc) and doc[last.i + 1].text in STANDINGS:
        last = doc[last.i + 1]  # the expression is 第2, its counter 党 the next word
    if last.text not in STANDINGS and last.lemma_ not in STANDINGS:
        return None
    after = last.i + 1
    if after < len(doc) and doc[after].text in ("「", "『"):
        close = next((t.i for t in doc[after + 1:after + 20] if t.text in ("」", "』")), None)
        return doc[after + 1:close].text if close is not None and close > after + 1 else None
    before = tokens[0].i - 1
    if before >= 2 and doc[before].text in ("(", "（") and doc[before - 1].text in ("」", "』"):
        opening = next((t.i for t in reversed(doc[max(0, before - 20):before - 1]) if t.text in ("「", "『")), None)
        return doc[opening + 1:before - 1].text if opening is not None and opening < before - 2 else None
    return None


AGE_SUBJECT = "年齢"
# An age is written at most this many words into the brackets after the name (本名・斉藤俊さん=当時17歳).
_AGE_BRACKET_REACH = 15
_NOT_IN_A_NAME = frozenset({"PUNCT", "ADP", "AUX", "VERB", "SCONJ", "SYM", "NUM"})  # 怒涛 is tagged ADV


def _bracketed_person(tokens: list[Token]) -> str | None:
    """The person an age in brackets follows: 山本順一被告(57歳), 時太山(本名・斉藤俊さん=当時17歳),
    明義豊(あきゆたか本名:木村正和24歳); titles before the bracket are skipped. None when the words
    before the bracket are not a person's name (GiNZA's label or UniDic's 人名)."""
    doc = tokens[0].doc
    opening = None
    for i in range(tokens[0].i - 1, max(-1, tokens[0].i - _AGE_BRACKET_REACH), -1):
        if doc[i].text in (")", "）"):
            return None
        if doc[i].text in ("(", "（"):
            opening = i
            break
    if opening is None:
        return None
    j = opening - 1
    while j >= 0 and doc[j].text in PERSON_NOUNS:
        j -= 1
    if j < 0:
        return None
    entity = next((e for e in doc.ents if e.start <= j < e.end), None)
    if entity is not None and coarse_label(entity.label_) == "PERSON":
        start = entity.start
        while start > 0 and len(doc[start - 1].text) == 1 and doc[start - 1].pos_ == "NOUN" and doc[start - 1].text not in PERSON_NOUNS:
            start -= 1  # 時|太山: UniDic reads the first character of a ring name as a counter
        return doc[start:j + 1].text
    gives_real_name = any(doc[i].text == "本名" for i in range(opening + 1, tokens[0].i))
    run = []
    while j >= 0 and (doc[j].tag_.startswith("名詞-固有名詞-人名")
                      or (gives_real_name and doc[j].pos_ not in _NOT_IN_A_NAME and doc[j].text not in PERSON_NOUNS)):
        run.insert(0, doc[j])  # a ring or stage name before 本名 is a name, whatever UniDic calls its parts
        j -= 1
    return _text(run) if run else None


# ---------------------------------------------------------------- span and token helpers


def _is_conversion(between: str) -> bool:
    """The text between two amounts when the second restates the first in brackets: 1マイル(1.6km)."""
    return between.strip() in ("(", "（")


_RELATION_WORDS = {"since": "以来", "after": "以降", "from": "から", "by": "まで", "until": "まで", "before": "以前"}


def _as_span(span: object) -> tuple[int, int, str, str | None, str | None]:
    """(start, end, kind, base, relation) of a (start, end, kind) tuple or a NumericExpression."""
    if isinstance(span, tuple):
        start, end, kind = span[:3]
        return int(start), int(end), str(kind), None, None
    relation = getattr(span, "relation", None)
    return (int(span.start), int(span.end), str(span.kind), getattr(span, "base", None),
            _RELATION_WORDS.get(relation) if relation else None)


def _time_spans(doc: Doc, given: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Dates and periods of the sentence: those given, and GiNZA's date entities they miss."""
    spans = list(given)
    for ent in doc.ents:
        if ent.label_ in TIME_ENTITY_LABELS:
            start, end = ent.start_char, ent.end_char
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
    return sorted(spans)


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]


def _anchor(tokens: list[Token]) -> Token:
    """The token of the expression that attaches it to the sentence (its head lies outside)."""
    inside = {t.i for t in tokens}
    outer = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return outer[-1] if outer else tokens[-1]


def _climb_measure_words(anchor: Token) -> tuple[Token, str | None]:
    """Move past 規模/以上/以来 after the number; return the new anchor and any relation word."""
    relation = None
    while anchor.head.i != anchor.i and anchor.head.i == anchor.i + 1 and anchor.dep_ in ("compound", "nummod", "nmod"):
        head = anchor.head
        if head.lemma_ in MEASURE or head.text in MEASURE:
            anchor = head
        elif head.lemma_ in RELATION or head.text in RELATION:
            relation = head.text
            anchor = head
        else:
            break
    return anchor, relation


def _cases(token: Token) -> list[str]:
    """The particles after a word, with their fixed parts: ロシアによる → ['に', 'よる']."""
    out: list[tuple[int, str]] = []
    for c in token.children:
        if c.dep_ in _CASE_DEPS and c.i > token.i and c.pos_ in ("ADP", "SCONJ", "VERB", "AUX"):
            out.append((c.i, c.text))
            out.extend((f.i, f.text) for f in c.children if f.dep_ == "fixed")
    return [text for _, text in sorted(out)]


def _through_alternatives(anchor: Token) -> Token:
    """4%か5%に / 2%から5%へ: the first of two numbers stands where the second does."""
    while set(_cases(anchor)) & {"か", "や", "から", "または", "~", "〜"}:
        head = anchor.head
        if head.i == anchor.i or head.i < anchor.i or not any(t.pos_ == "NUM" for t in head.subtree):
            break
        anchor = head
    return anchor


def _measure_key(kind: str, tokens: list[Token]) -> str:
    if kind == "quantity":
        return f"quantity:{tokens[-1].lemma_}"
    return kind


def _is_predicate(token: Token) -> bool:
    return token.pos_ in ("VERB", "ADJ") or token.dep_ == "ROOT" or any(c.dep_ == "cop" for c in token.children)


# ---------------------------------------------------------------- noun phrases


def _phrase_tokens(head: Token) -> list[Token]:
    """The content words of `head`'s bunsetu up to `head` (compounds, prefixes, amod)."""
    bunsetu = _bunsetu(head)
    toks = [t for t in bunsetu if t.i <= head.i]
    # A bunsetu can start with a stray opening bracket or a determiner; keep the noun run ending at head.
    run: list[Token] = []
    for t in reversed(toks):
        if t.pos_ in _FUNCTION_POS and t.i != head.i:
            if (t.pos_ == "SYM" and t.text == "・") or _is_unit_symbol(t):
                run.append(t)
                continue
            break
        run.append(t)
    run.reverse()
    while run and run[0].pos_ in _FUNCTION_POS:
        run.pop(0)
    return run or [head]


def _is_unit_symbol(token: Token) -> bool:
    """㎏ or ㎡, which GiNZA tags as punctuation, inside a name (84㎏級)."""
    return token.pos_ in ("PUNCT", "SYM") and all(unicodedata.category(ch) == "So" for ch in token.text)


def _bunsetu(token: Token) -> list[Token]:
    try:
        return list(bunsetu_span(token))
    except KeyError:  # a doc parsed without GiNZA's bunsetu recognizer
        return [token]


def _text(tokens: Iterable[Token]) -> str:
    tokens = list(tokens)
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


def _noun_phrase(head: Token) -> str | None:
    if head.pos_ == "PRON":
        return None
    toks = _phrase_tokens(head)
    # 指導者の下 / 岸田政権下: drop a trailing positional suffix
    if len(toks) > 1 and toks[-1].text in ("下", "内", "側", "内部", "間"):
        toks = toks[:-1]
    return _text(toks) or None


def _subject_phrase(head: Token, after: int = -1) -> str | None:
    """A subject noun phrase, with a trailing change noun dropped (防衛費増加 → 防衛費); only its words
    after token `after` (the number's last: 3万人収容 → 収容)."""
    if head.pos_ == "PRON":
        return None
    if head.pos_ == "VERB" and not head.tag_.startswith("名詞"):
        return head.lemma_  # 約750羽が死んだ → 死ぬ: a verb by its dictionary form, as dates' events are
    toks = _phrase_tokens(head)
    if head.i > after:
        toks = [t for t in toks if t.i > after] or [head]
    if len(toks) > 1 and toks[-1].lemma_ in CHANGE | {"額"} and toks[-2].pos_ in ("NOUN", "PROPN"):
        toks = toks[:-1]
    if toks and toks[-1].lemma_ in FRAME and len(toks) > 1:
        toks = toks[:-1]
    while toks and (toks[0].text in ("約", "計", "総") or toks[0].pos_ == "NUM"):
        toks = toks[1:]
    while len(toks) > 1 and toks[0].i == after + 1 and toks[0].tag_.startswith("接尾辞"):
        toks = toks[1:]  # 15|戦|全敗: the counter is the number's, what it counts the rest
    while len(toks) > 1 and toks[-1].text in ("毎秒", "毎時", "毎分"):
        toks = toks[:-1]  # 風速毎秒20m: the rate word is part of the unit
    text = _text(toks)
    return text or None


def _actor_phrase(head: Token) -> str:
    """An actor noun phrase; a collective keeps its の-modifier (ヨーロッパの指導者たち)."""
    toks = _phrase_tokens(head)
    if len(toks) > 1 and toks[-1].text in ("下", "内", "内部"):
        toks = toks[:-1]
    text = _text(toks)
    if _has_word(toks, COLLECTIVE) and not _has_org_token(toks):
        for child in head.children:
            if child.dep_ == "nmod" and child.i < toks[0].i and _cases(child) == ["の"] and _is_entity_like(child):
                return f"{_text(_phrase_tokens(child))}の{text}"
    return text


def _has_word(tokens: Iterable[Token], words: frozenset[str]) -> bool:
    tokens = list(tokens)
    if any(t.lemma_ in words or t.text in words for t in tokens):
        return True
    joined = "".join(t.text for t in tokens)
    return any(joined.endswith(w) for w in words)


# ---------------------------------------------------------------- entity-likeness


def _coarse_label(token: Token) -> str | None:
    """ORG, PERSON, GPE, … for GiNZA's ENE labels and the gazetteer ruler's alike."""
    if not token.ent_type_:
        return None
    label = token.ent_type_
    return label if label.isupper() else coarse_label(label)


def _is_org_token(token: Token) -> bool:
    """An organisation's name: an ORG entity or an acronym such as NATO or EU (GiNZA alone labels
    NATO inconsistently). Only a whole one-token entity counts, not 岸田 of 岸田政権."""
    if token.tag_.startswith("名詞-固有名詞") and _ACRONYM.fullmatch(token.text):
        return True
    if _coarse_label(token) != "ORG" or token.pos_ not in ("PROPN", "NOUN"):
        return False
    return token.ent_iob_ == "B" and (token.i + 1 == len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I")


def _has_org_token(tokens: Iterable[Token]) -> bool:
    return any(_is_org_token(t) for t in tokens)


def _is_entity_like(head: Token) -> bool:
    """Organisation, country, person, or a body named by a role noun (加盟国, 指導者たち, 政権)."""
    toks = _phrase_tokens(head)
    if head.pos_ == "PRON":
        return False
    if _has_word(toks, ACTOR_NOUNS | COLLECTIVE):
        return True
    if head.pos_ == "PROPN" or head.tag_.startswith("名詞-固有名詞"):
        return True
    label = _coarse_label(head)
    if label in AGENT_LABELS:
        return True
    return label == "LOC" and head.pos_ == "PROPN"


def _sentence_org(doc: Doc) -> str | None:
    """The organisation a sentence names (an acronym or ORG entity), for 加盟国/同盟 without one; not
    one the sentence only cites (気象庁によると, 朝日新聞は…と報じた)."""
    found = [t for t in doc if _is_org_token(t) and not _is_cited(t)]
    return found[-1].text if found else None


def _is_cited(token: Token) -> bool:
    """A source of what the sentence says: an outlet, or X of Xによると / Xによれば."""
    if is_news_outlet(token.text) or is_time_zone(token.text):
        return True
    return "".join(_cases(token)).startswith(("によると", "によれば"))


def _meeting_org(doc: Doc) -> str | None:
    """NATO in ハーグNATOサミット / NATO首脳会合: what a summit decides is the body's."""
    for t in doc:
        if t.lemma_ in MEETING or t.text in MEETING or any(t.text.endswith(m) for m in MEETING):
            for left in reversed([x for x in _bunsetu(t) if x.i < t.i]):
                if _is_org_token(left):
                    return left.text
    return None


def _resolve_scope(actor_head: Token | None, actor: str | None, doc: Doc, state: ParagraphState) -> str | None:
    """The body an actor stands for: NATO加盟国 → NATO; bare 加盟国/同盟 → the organisation in view."""
    if actor is None:
        return None
    if actor_head is not None:
        toks = _phrase_tokens(actor_head)
        collective = _has_word(toks, COLLECTIVE | ORG_NOUNS)
        orgs = [t for t in toks if _is_org_token(t)]
        if orgs and collective:
            return orgs[-1].text
        if collective and not any(t.pos_ == "PROPN" for t in toks):
            return _meeting_org(doc) or state.org or actor
    return actor


# ---------------------------------------------------------------- numbers: subject


def _subject_head(anchor: Token, numeric: frozenset[int] = frozenset(), first: int | None = None) -> tuple[Token | None, bool]:
    """The token naming what the number measures; the flag says the parse found a frame or change
    noun with nothing measured inside, so the context must supply the subject.
    `numeric` holds the tokens of the sentence's numeric expressions."""
    head = anchor.head
    labelled = _labelling_noun(anchor, numeric, first) if first is not None else None
    if labelled is not None:
        return labelled, False  # 人口約85万人, 総面積73,500km2: the noun right before the number
    topic = _topic_of_number(anchor, first)
    if topic is not None:
        return topic, False  # 死亡者は32人、負傷者は470人を数え / 震源の深さは10kmと推定
    if head.i == anchor.i or any(c.dep_ == "cop" for c in anchor.children):
        # The number is the predicate: 人口は約14万7000人で / 腎臓は、泌尿器系の器官の一つ
        counted = next((c for c in anchor.children if c.dep_ == "nmod" and c.i < anchor.i and _cases(c) == ["の"]
                        and c.pos_ in ("NOUN", "PROPN") and not _is_time_word(c)
                        and not c.text.endswith(("後", "前", "以降", "以来", "中"))), None)  # not 事件後の一度
        nsubj = counted or _nsubj(anchor)
        return (nsubj if nsubj is not None and nsubj.i not in numeric else None), False
    if anchor.lemma_ in CHANGE:  # 思いやり予算の倍増: the change is the number
        owner = _of_modifier(anchor, None)
        if owner is not None:
            return owner, False
    cases = _cases(anchor)
    compounded = not cases and _same_bunsetu(anchor, head)  # 1万人収容である: the noun is the predicate
    if head.pos_ in _NOUN_POS and head.i > anchor.i and (not _is_predicate(head) or compounded):
        if head.i in numeric or head.lemma_ in NOT_SUBJECT or head.text in NOT_SUBJECT:
            return None, False  # 12巻・…70巻 / 50州の中で: not a counted noun
        attached = cases[:1] == ["の"] or (not cases and anchor.dep_ in ("compound", "nummod", "nmod", "amod")
                                          and _same_bunsetu(anchor, head))
        if attached:
            return _noun_subject(head, anchor)
        if cases[:2] == ["へ", "の"] and _is_change_noun(head):
            return _noun_subject(head, anchor)  # GDP比2%への増額
        if not cases or cases[0] in ("、", ",") or cases[:2] == ["へ", "の"]:
            return None, False  # バルト三国、ドイツ / 一国への攻撃: not what the number counts
    return _predicate_subject(head, anchor, cases)


def _topic_of_number(anchor: Token, first: int | None = None) -> Token | None:
    """A measure noun marked with は or が right before the number, as its subject or as its predicate's
    argument (死亡者は32人、/ 深さは10kmと / 感染者が226人、死者が142人と): what the number is the value of."""
    doc = anchor.doc
    start = min([anchor.i, *(c.i for c in anchor.children if c.dep_ in ("nummod", "compound") and c.i < anchor.i)])
    if first is not None and 0 < start - first <= 2:
        start = first  # 約850人: the expression's own prefix
    if start < 2 or doc[start - 1].text not in ("は", "が") or doc[start - 1].pos_ != "ADP":
        return None
    if anchor.head.i > anchor.i and anchor.head.pos_ in ("NOUN", "VERB") and not _cases(anchor) and _same_bunsetu(anchor, anchor.head):
        return None  # 1万人収容, 15戦全敗: the noun the number is compounded with is what it counts
    noun = doc[start - 2]
    if doc[start - 1].text == "が" and _cases(anchor)[:1] == ["の"]:
        return None  # 16チームが4つのグループに: the number counts what follows it
    # a noun, though the parse may call it a verb (死者数は2766人: Sudachi's word class says noun)
    if not (noun.pos_ == "NOUN" or (noun.pos_ == "VERB" and noun.tag_.startswith("名詞"))) or _is_time_word(noun) \
            or _is_entity_like(noun) or noun.lemma_ in NOT_SUBJECT:
        return None
    if noun.head.i == anchor.i or (noun.head.i == anchor.head.i and noun.head.i != anchor.i):
        return noun
    if noun.head.i > anchor.i and anchor.head.pos_ != "VERB" and not _is_verbal_noun(anchor.head):
        return noun  # 死者は850人以上との情報もある: the number is inside what the topic hangs on
    return None


def _labelling_noun(anchor: Token, numeric: frozenset[int], first: int) -> Token | None:
    """A noun compounded straight onto the number, with no particle between (人口9579.3万人);
    `first` is the index of the expression's first token."""
    for child in anchor.children:
        if child.dep_ != "compound" or child.i + 1 != first or child.i in numeric:
            continue
        if child.pos_ != "NOUN" or _is_base_word(child) or _is_time_word(child):
            continue  # a proper noun before the number names something (バルト三国, G7)
        if child.lemma_ in AGGREGATE or child.text in AGGREGATE or child.lemma_ in CHANGE or child.lemma_ in FRAME:
            continue
        return child
    return None


def _same_bunsetu(a: Token, b: Token) -> bool:
    return any(t.i == b.i for t in _bunsetu(a))


def _is_change_noun(noun: Token) -> bool:
    whole = [t for t in _bunsetu(noun) if t.pos_ not in _FUNCTION_POS]
    return noun.lemma_ in CHANGE or _has_word(whole, CHANGE)


def _noun_subject(noun: Token, anchor: Token) -> tuple[Token | None, bool]:
    words = _phrase_tokens(noun)
    is_change = _is_change_noun(noun)
    is_frame = noun.lemma_ in FRAME or noun.text in FRAME
    if not (is_change or is_frame):
        return noun, False
    # The measured noun inside the compound: 防衛費GDP比2%目標, 200のポスト削減
    inner = [t for t in words if t.i != noun.i and t.pos_ in ("NOUN", "PROPN") and not _is_base_word(t)
             and t.lemma_ not in CHANGE and t.lemma_ not in FRAME and t.i not in {x.i for x in anchor.subtree}]
    if inner:
        return inner[-1], False
    owner = _of_modifier(noun, anchor)
    return owner, owner is None


def _is_base_word(token: Token) -> bool:
    return token.text in ("GDP", "GNP", "国内総生産", "比", "対") or token.lemma_ in ("比", "対")


def _of_modifier(noun: Token, anchor: Token | None) -> Token | None:
    """The の-modifier of a change or frame noun other than the number (防衛費の…2%への増額)."""
    skip = {t.i for t in anchor.subtree} if anchor is not None else set()
    for child in noun.children:
        if child.i in skip:
            continue
        if child.dep_ in ("nmod",) and child.pos_ in ("NOUN", "PROPN") and _cases(child) == ["の"]:
            if _is_time_word(child):
                continue
            return child
    return None


def _predicate_subject(pred: Token, anchor: Token, cases: list[str]) -> tuple[Token | None, bool]:
    obj = _child(pred, ("obj",), exclude=anchor)
    nsubj = _nsubj(pred, exclude=anchor)
    lemma = pred.lemma_
    is_obj = anchor.dep_ == "obj" or "を" in cases
    if is_obj:
        role = _as_role(pred, anchor)
        if role is not None:
            return role, False  # 罰金として1000米ドルを支払う: the number is what the として-noun names
        if lemma in THRESHOLD or pred.text in THRESHOLD:
            return nsubj, False
        if lemma in ALLOCATION:
            return _child_with_case(pred, "に", exclude=anchor), False
        if lemma in TARGET or (lemma == "する" and any(c.lemma_ in FRAME for c in pred.children if c.dep_ == "obl")):
            if pred.dep_ == "acl" and pred.head.pos_ in _NOUN_POS:
                return pred.head, False
            return None, True
        if nsubj is not None and not _is_entity_like(nsubj):
            return nsubj, False
        if lemma in SHARE and nsubj is None and pred.dep_ == "acl" and pred.head.pos_ in ("NOUN", "PROPN"):
            return pred.head, False  # 人口の9割以上を占めるチェコ人
        return None, True
    if obj is not None:
        return (obj if obj.pos_ != "PRON" else None), obj.pos_ == "PRON"
    if nsubj is not None and not _is_entity_like(nsubj):
        return nsubj, False
    if anchor.dep_ in ("nsubj", "nsubj:pass") and (pred.pos_ == "VERB" or _is_verbal_noun(pred)) \
            and pred.lemma_ not in LIGHT_EVENT_VERBS:
        return pred, False  # 5人が逮捕された / 107人が死亡、: what the number counts is told by the verb (逮捕)
    return None, True


def _as_role(pred: Token, anchor: Token) -> Token | None:
    for c in pred.children:
        if c.i != anchor.i and c.dep_ in ("obl", "nmod") and c.pos_ in ("NOUN", "PROPN") and "".join(_cases(c)).startswith("として"):
            return c
    return None


def _streak_event(anchor: Token, tokens: list[Token]) -> Token | None:
    """7大会連続でメダル獲得 / 2大会ぶりのメダル獲得 / 3大会連続出場: a run of games counts the event repeated,
    the noun the streak word modifies or the object (else the verb) of the clause it is in."""
    doc = anchor.doc
    after = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
    streak = next((t for t in (tokens[-1], after) if t is not None and (t.lemma_ in STREAK or t.text in STREAK)), None)
    if streak is None:
        return None
    head = streak.head
    if head.i == streak.i:
        return None
    if head.i <= tokens[-1].i:  # 3|大会|連続|出場: all hang on the event
        return None
    if head.i > streak.i and head.pos_ in ("NOUN", "PROPN") and (_cases(streak)[:1] == ["の"] or _same_bunsetu(streak, head)):
        return head
    if head.pos_ == "VERB" or _is_verbal_noun(head):
        obj = _child(head, ("obj",), exclude=streak)
        if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
            return obj
        return head
    return None


def _streak_phrase(event: Token, tokens: list[Token]) -> str | None:
    """The event's words after the streak (3大会連続出場 → 出場), or the verb's lemma (獲得)."""
    if event.pos_ == "VERB":
        return event.lemma_
    after = [t for t in _phrase_tokens(event) if t.i > tokens[-1].i and t.lemma_ not in STREAK and t.text not in STREAK]
    return _text(after) if after else _noun_phrase(event)


def _counted_noun(tokens: list[Token]) -> str | None:
    """16チーム / 4都市 / 2カ国 / 4連覇: the counter names what is counted; 時速120km /
    マグニチュード6.1 / 風速毎秒20m: the measure word names what is measured."""
    doc = tokens[0].doc
    before = [doc[i] for i in range(tokens[0].i - 2, tokens[0].i) if i >= 0]
    for t in [*tokens, *reversed(before)]:
        if t.text in MEASURE_PREFIXES and t.text not in ("毎秒", "毎時", "毎分"):
            return t.text
    last = tokens[-1]
    if last.pos_ == "NUM":
        return None
    return last.text if last.text in COUNTED_NOUNS or last.lemma_ in COUNTED_NOUNS else None


def _attached_noun(anchor: Token) -> bool:
    """The number modifies the noun after it (約200名の要員, 人口の9割): that noun is what it counts."""
    head = anchor.head
    return (head.i > anchor.i and head.pos_ in _NOUN_POS
            and (_cases(anchor)[:1] == ["の"] or (not _cases(anchor) and _same_bunsetu(anchor, head))))


def _child(token: Token, deps: tuple[str, ...], exclude: Token | None = None) -> Token | None:
    for c in token.children:
        if c.dep_ in deps and (exclude is None or c.i != exclude.i):
            return c
    return None


def _nsubj(token: Token, exclude: Token | None = None) -> Token | None:
    return _child(token, ("nsubj", "nsubj:pass", "csubj"), exclude)


def _child_with_case(token: Token, case: str, exclude: Token | None = None) -> Token | None:
    for c in token.children:
        if exclude is not None and c.i == exclude.i:
            continue
        if c.dep_ in ("obl", "iobj", "nmod") and case in _cases(c):
            return c
    return None


# ---------------------------------------------------------------- numbers: actor, base, time


def _chain(start: Token) -> list[Token]:
    return [start, *start.ancestors]


def _actor_head(chain: list[Token], subject: Token | None) -> Token | None:
    excluded = {subject.i} if subject is not None else set()
    clauses_of_subject = [c for c in subject.children if c.dep_ == "acl"] if subject is not None else []
    came_from: Token | None = None
    for node in chain:
        for child in node.children:
            if child.i in excluded or child.dep_ not in ("nsubj", "nsubj:pass") or not _is_entity_like(child):
                continue
            # Climbing out of a subordinate clause (…上回るものであり、欧州諸国が…示した), the main
            # clause's subject is shared only when it stands before the clause.
            if came_from is not None and came_from.dep_ == "advcl" and child.i > came_from.i:
                continue
            return child
        # Coordinated clauses share the topic: トランプ政権はこれを強化し、…を提案し
        for child in node.children:
            if child.dep_ == "advcl" and child.i < node.i:
                topic = _nsubj(child)
                if topic is not None and topic.i not in excluded and "は" in _cases(topic) and _is_entity_like(topic):
                    return topic
        # Passive agent of the clause or of a clause modifying a noun on the way: 岸田政権下で決定された
        for clause in [node, *[c for c in node.children if c.dep_ == "acl"], *clauses_of_subject]:
            agent = _passive_agent(clause)
            if agent is not None:
                return agent
        came_from = node
    return None


def _passive_agent(clause: Token) -> Token | None:
    if not any(c.lemma_ in ("れる", "られる") for c in clause.children if c.dep_ == "aux"):
        return None
    for c in clause.children:
        if c.dep_ != "obl":
            continue
        cases = "".join(_cases(c))
        toks = _phrase_tokens(c)
        if (cases.startswith("によ") and not cases.startswith(("によると", "によれば"))) or (cases == "で" and _has_word(toks, ACTOR_NOUNS) and c.text in ("下",) + tuple(ACTOR_NOUNS)):
            return c
    return None


def _reports(actor: Token) -> bool:
    """The actor is the subject of a verb that reports (発表した, 述べた, 観測した): it states the number."""
    verb = actor.head
    return verb.i != actor.i and (verb.lemma_ in SPEECH or verb.text in SPEECH)


def _clause_doer(subject: Token | None) -> Token | None:
    """アメリカが…駐留する[軍隊]: the entity-like subject of a clause modifying the subject noun."""
    if subject is None:
        return None
    for clause in subject.children:
        if clause.dep_ == "acl":
            doer = _nsubj(clause)
            if doer is not None and _is_entity_like(doer):
                return doer
    return None


def _person_of_clause(pred: Token) -> Token | None:
    """4連覇を逃した吉田選手 / 3得点を挙げた山田: the person a number's clause describes is whose it is."""
    person = pred.head
    if pred.dep_ != "acl" or person.i <= pred.i or person.pos_ not in ("NOUN", "PROPN"):
        return None
    named = _coarse_label(person) == "PERSON" or (
        _has_person_title(person) and any(t.pos_ == "PROPN" for t in _phrase_tokens(person)))
    return person if named else None


def _possessor(subject: Token | None) -> Token | None:
    if subject is None:
        return None
    for child in subject.children:
        if child.dep_ == "nmod" and child.i < subject.i and _cases(child) == ["の"] and _is_entity_like(child):
            return child
    return None


def _demand_recipient(chain: list[Token]) -> Token | None:
    for node in chain:
        if node.lemma_ in DEMAND or node.text in DEMAND:
            for c in node.children:
                if c.dep_ in ("obl", "iobj") and "に" in _cases(c) and _is_entity_like(c):
                    return c
    return None


def _base(anchor: Token, tokens: list[Token]) -> str | None:
    """GDP in GDPの5% / GDP比5% / 対GDP比2%, read from the parse."""
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.text in ("GDP", "GNP", "国内総生産"):
            return "GDP" if t.text != "GNP" else "GNP"
    for child in anchor.children:
        if child.i in inside:
            continue
        if child.dep_ == "nmod" and "の" in _cases(child) and child.i < anchor.i and not _is_time_word(child):
            return "GDP" if child.text == "国内総生産" else _text(_phrase_tokens(child))
        if child.dep_ == "compound" and child.i < anchor.i and child.text in ("GDP", "GNP"):
            return child.text
    prev = anchor.doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    if prev is not None and prev.text == "比" and prev.i > 0:
        return anchor.doc[prev.i - 1].text
    return None


def _time(doc: Doc, chain: list[Token], time_spans: list[tuple[int, int]], own: tuple[int, int]) -> tuple[str | None, tuple[int, int] | None]:
    """The date, period or time word attached closest to the claim's chain of heads, and where the
    date stands (None for a time word such as 従来)."""
    depth = {t.i: d for d, t in enumerate(chain)}
    best: tuple[int, int, str, tuple[int, int] | None] | None = None
    for start, end in time_spans:
        if start < own[1] and end > own[0]:
            continue
        toks = _tokens_in(doc, start, end)
        if not toks:
            continue
        anchor, _ = _climb_measure_words(_anchor(toks))
        meet = next((depth[t.i] for t in _chain(anchor) if t.i in depth), None)
        if meet is None:
            continue
        text = _time_text(doc, toks, anchor)
        cand = (meet, abs(toks[0].i - chain[0].i), text, (start, end))
        if best is None or cand[:2] < best[:2]:
            best = cand
    for node in chain:
        for child in node.children:
            if child.lemma_ in TIME_WORDS or child.text in TIME_WORDS:
                if child.dep_ in ("nmod", "advmod", "obl", "compound"):
                    cand = (depth[node.i] + 1, abs(child.i - chain[0].i), child.text, None)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
    return (best[2], best[3]) if best else (None, None)


def _time_text(doc: Doc, toks: list[Token], anchor: Token) -> str:
    first, last = toks[0].i, max(toks[-1].i, anchor.i)
    while first > 0 and doc[first - 1].text in _LEFT_TIME_MODIFIERS:
        first -= 1
    while last + 1 < len(doc) and (doc[last + 1].text in RELATION or doc[last + 1].text == "まで"):
        last += 1
        if doc[last].text == "まで" and last + 1 < len(doc) and doc[last + 1].text == "に":
            last += 1
    return doc.text[doc[first].idx : doc[last].idx + len(doc[last].text)]


def _is_time_word(token: Token) -> bool:
    return token.lemma_ in TIME_WORDS or token.text in TIME_WORDS or token.ent_type_ in ("Date", "DATE", "Period_Year")


def _lexicon_subject(doc: Doc, anchor: Token) -> Token | None:
    """Last resort inside the sentence: the nearest known measure noun before the number."""
    best = None
    for t in doc:
        if t.i >= anchor.i:
            break
        if t.text in SUBJECT_SYNONYMS and t.lemma_ not in EVENT:
            best = t
    return best


def _number_context(
    doc: Doc,
    anchor: Token,
    tokens: list[Token],
    kind: str,
    base: str | None,
    time_spans: list[tuple[int, int]],
    state: ParagraphState,
    own: tuple[int, int],
    numeric: frozenset[int] = frozenset(),
) -> ClaimContext:
    anchor, _ = _climb_measure_words(_through_alternatives(anchor))
    streak = _streak_event(anchor, tokens)
    if streak is not None:
        subject_tok, subject = streak, _streak_phrase(streak, tokens)
    else:
        subject_tok, _ = _subject_head(anchor, numeric, tokens[0].i)
        subject = _subject_phrase(subject_tok, tokens[-1].i) if subject_tok is not None else None
        counted = _counted_noun(tokens)
        if counted is not None and not (subject_tok is not None and _attached_noun(anchor) and subject_tok.i > anchor.i
                                        and _cases(anchor)[:1] == ["の"]):
            subject_tok, subject = tokens[-1], counted
    if subject is None and kind in ("percent", "money"):
        lex = _lexicon_subject(doc, anchor)
        if lex is not None:
            subject_tok, subject = lex, lex.text
    pred = anchor.head if anchor.head.i != anchor.i else anchor
    chain = _chain(pred)
    actor_tok = _actor_head(chain, subject_tok) or _clause_doer(subject_tok) or _person_of_clause(pred)
    possessor = _possessor(subject_tok)
    if actor_tok is None and possessor is not None:
        actor_tok = possessor
    actor = _actor_phrase(actor_tok) if actor_tok is not None else None
    base = base or (_base(anchor, tokens) if kind == "percent" else None)
    time, time_span = _time(doc, [anchor, *chain] if pred.i != anchor.i else chain, time_spans, own)
    scope_tok = possessor or _demand_recipient(chain)
    reporter = actor_tok is not None and _reports(actor_tok)
    if scope_tok is not None and (actor_tok is None or reporter or _has_word(_phrase_tokens(actor_tok), COLLECTIVE)):
        scope = _resolve_scope(scope_tok, _actor_phrase(scope_tok), doc, state)
    elif reporter:
        scope = None  # 気象庁はマグニチュード6.7と発表した: who tells a number is not whose it is
    else:
        scope = _resolve_scope(actor_tok, actor, doc, state)
    if scope is None and subject is not None:
        scope = _sentence_org(doc)  # NATO内部では、防衛費GDP比2%目標の未達成国が…
    ctx = ClaimContext(subject, actor, time, base, scope, time_span)
    carried = state.last(_measure_key(kind, tokens))
    if carried is not None and (subject is None or _same_subject(subject, carried.subject)):
        ctx = ClaimContext(
            subject or carried.subject,
            actor or carried.actor,
            time,
            base or carried.base,
            scope or carried.scope,
            time_span,
        )
    return ctx


def _same_subject(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    return SUBJECT_SYNONYMS.get(a, a) == SUBJECT_SYNONYMS.get(b, b)


# ---------------------------------------------------------------- dates tied to events


def _event_context(anchor: Token, tokens: list[Token], state: ParagraphState, given_relation: str | None = None,
                   dates: Sequence[tuple[int, int]] = ()) -> ClaimContext:
    """1949年、…設立された → (設立, NATO); 1949年以来の同盟 → (設立, 同盟 → NATO); 2022年の…侵攻.

    The readings, strongest first: an event named right after the date (1984年・ロサンゼルス大会);
    an event noun compounded into a relation word (…侵攻以来); the noun the date modifies
    (1月27日の理事会) or stands in brackets after (決勝(8月20日)); a time noun (2007年のときに) or a
    coordinated date (2013年と2014年の) passes to its own head; a predicate noun (8月21日が誕生日,
    決勝が20日夜、国家体育場であり); the event a verb tells (see _told_event)."""
    doc = anchor.doc
    anchor, relation = _climb_measure_words(anchor)
    anchor = _climb_date_suffix(anchor)
    relation = relation or given_relation
    if relation is None and (tokens[-1].text in RELATION or anchor.text in RELATION):
        relation = anchor.text if anchor.text in RELATION else tokens[-1].text
    named = _named_event_after(tokens) or _verbal_noun_after(tokens)
    if named is not None:
        return ClaimContext(named, None, None)
    head = anchor.head
    if head.lemma_ in AS_OF_VERBS and _cases(anchor)[:1] == ["を"] and head.head.i != head.i:
        head = head.head  # 9月9日をもって…表明した: "as of" the date, the verb it hangs on tells the event
    if head.i == anchor.i:
        # 開幕は10日だ, 処分は同日付である: the date is the sentence's predicate, its subject what happens then
        # (not 11月11日付けで、…通知した: a date in the て-form of だ dates the verb)
        topic = _child(anchor, ("nsubj", "nsubj:pass"))
        return ClaimContext(_noun_phrase(topic), None, None) if _usable_event_noun(topic) else EMPTY
    if head.text in RELATION or head.lemma_ in RELATION:
        # 2022年のロシアによるウクライナ侵攻以来: the event noun is compounded into 以来
        events = [c for c in head.children if c.dep_ == "compound" and (c.lemma_ in EVENT or c.text in EVENT)]
        if events:
            actor_tok = _event_agent(head) or _event_agent(events[-1])
            actor = _actor_phrase(actor_tok) if actor_tok is not None else None
            return ClaimContext(_noun_phrase(events[-1]), actor, None, None, _resolve_scope(actor_tok, actor, doc, state))
    for main in (_topic_predicate(tokens), _adverbial_predicate(tokens, dates)):
        if main is not None and main.i != head.i and (_embedded_below(head, main) or not main.is_ancestor(head)):
            return _dated_clause(main, anchor, state)  # 共同通信は14日、…と報道した (or a parse cut in two)
    bare_place = not _cases(anchor) and _coarse_label(head) in ("GPE", "LOC")
    if head.i > anchor.i and (bare_place or (_cases(anchor)[:1] != ["の"] and _is_entity_like(head) and not _is_predicate(head))):
        verb = _predicate_above(head)
        if verb is not None:
            # 当局者が10日ジャンム・カシミール州で…確認した, 26日石油パイプラインが爆発し, 17日にも紀伊半島から…上陸:
            # a date not tied by の to the name after it dates the verb that name hangs on
            return _dated_clause(verb, anchor, state)
    if head.i > anchor.i and _cases(anchor)[:1] == ["の"] and _is_entity_like(head) and not _names_event(head) \
            and head.dep_ in ("nsubj", "nsubj:pass") and (head.head.pos_ == "VERB" or _is_verbal_noun(head.head)):
        return ClaimContext(_told_event(head.head, anchor), None, None)  # 15日の朝日新聞は…報道した
    if head.i < tokens[0].i and _in_brackets(tokens) and head.pos_ in ("NOUN", "PROPN"):
        return ClaimContext(_noun_phrase(head), None, None)  # 男子84kg級(8月14日): the date of what it follows
    if head.i > anchor.i and (head.lemma_ in TIME_CLAUSE_NOUNS or head.text in TIME_CLAUSE_NOUNS):
        return _event_context(head, [head], state, relation, dates)  # 2007年のときにプロ転向した
    if head.i > anchor.i and _is_time_word(head) and (_cases(anchor)[:1] == ["と"] or doc[tokens[-1].i + 1].text == "・"):
        return _event_context(head, [head], state, relation, dates)  # 2013年と2014年の世界ジュニア選手権, 翌日・8月21日が
    if head.pos_ in ("NOUN", "PROPN") and head.i > anchor.i and (not _is_predicate(head) or _cases(anchor)[:1] == ["の"]):
        if head.lemma_ in EVENT or head.text in EVENT or _has_word(_phrase_tokens(head), EVENT):
            actor_tok = _event_agent(head)
            actor = _actor_phrase(actor_tok) if actor_tok is not None else None
            return ClaimContext(_phrase_after(head, tokens), actor, None, None, _resolve_scope(actor_tok, actor, doc, state))
        if relation in ("以来", "以降", "から") and (_is_entity_like(head) or head.lemma_ in ORG_NOUNS):
            actor = _actor_phrase(head)
            return ClaimContext(FOUNDING, actor, None, None, _resolve_scope(head, actor, doc, state))
        held = head.head
        if _is_entity_like(head) and _cases(head)[:1] == ["の"] and held.i > head.i and _usable_event_noun(held):
            return ClaimContext(_noun_phrase(held), None, None)  # 1月23日の関西テレビの会見: the event, not whose it is
        named = _phrase_after(head, tokens)
        if _is_time_word(head) or head.lemma_ in NOT_SUBJECT or head.text in NOT_SUBJECT or is_time_zone(named or "") \
                or _DATE_LIKE.fullmatch(named or ""):
            return EMPTY  # 昭和23年(1948年): the same date again, not what happens on it
        return ClaimContext(named, None, None)  # 1月27日の理事会: what is on that day
    if head.lemma_ in EVENT or head.text in EVENT:
        actor_tok = _nsubj(head) or _event_agent(head)
        if actor_tok is None and head.dep_ == "acl" and head.head.pos_ in ("NOUN", "PROPN"):
            actor_tok = head.head  # …に発足した第2次トランプ政権: what started is the noun
        actor = _actor_phrase(actor_tok) if actor_tok is not None else None
        return ClaimContext(head.lemma_, actor, None, None, _resolve_scope(actor_tok, actor, doc, state))
    if head.pos_ == "VERB" or _is_verbal_noun(head):
        return _dated_clause(head, anchor, state)
    if head.pos_ in ("NOUN", "PROPN") and head.i > anchor.i:
        held = head.head
        if head.dep_ == "acl" and held.i > head.i and any(c.dep_ == "cop" for c in head.children) \
                and held.pos_ in ("NOUN", "PROPN") and (_usable_event_noun(held) or _names_event(held) or _is_named_thing(held)):
            return ClaimContext(_noun_phrase(held), None, None)  # 3月9日から体育館である春場所: what is held there
        return ClaimContext(_predicate_noun_event(head, anchor), None, None)
    return EMPTY


def _topic_predicate(tokens: list[Token]) -> Token | None:
    """AはD日、…した: a date between a topic and a comma dates the topic's own predicate, though
    the parse may hang it on a verb of the clause that follows."""
    doc = tokens[0].doc
    before, after = tokens[0].i - 1, _after_brackets(doc, tokens[-1].i + 1)  # 8月15日(UTC+8)、
    if before < 1 or after >= len(doc) or doc[before].text != "は" or doc[after].text != "、":
        return None
    topic = doc[before - 1]
    pred = topic.head
    if topic.dep_ not in ("nsubj", "nsubj:pass", "dislocated") or pred.i <= after:
        return None
    return pred if pred.pos_ == "VERB" or _is_verbal_noun(pred) else None


def _adverbial_predicate(tokens: list[Token], dates: Sequence[tuple[int, int]] = ()) -> Token | None:
    """NNNによると27日、…を発表した: a date standing alone before a comma dates the sentence's
    main predicate, though the parse may hang it inside a clause that follows. After a second
    topic (共同通信は14日、…JR東日本は13日、…調整に入ったと報道した) it dates the reported clause.
    `dates`: the character spans of the sentence's dates (claim_contexts' time spans)."""
    doc = tokens[0].doc
    after = _after_brackets(doc, tokens[-1].i + 1)
    if after >= len(doc) or doc[after].text != "、" or _cases(tokens[-1]):
        return None
    sentence = tokens[0].sent
    root = sentence.root
    if not (root.pos_ == "VERB" or _is_verbal_noun(root)) or root.i <= after:
        root = _last_predicate(doc, after)  # GiNZA cut the sentence short: its last verb
        if root is None:
            return None
    topics = [t for t in doc[sentence.start:tokens[0].i] if t.text == "は" and t.pos_ == "ADP"]
    later = _topic_date_between(doc, after, root.i, dates) if not topics else None
    if later is not None:
        # 2007年6月、…急死した事件で、県警は2月7日、…逮捕した: the later date is the predicate's; this
        # one dates the first clause after it
        return next((t for t in doc[after:later] if t.pos_ == "VERB" or _is_verbal_noun(t)), None)
    right_after_topic = tokens[0].i >= 1 and doc[tokens[0].i - 1].text == "は"
    if (len(topics) >= 2 and right_after_topic) or root.lemma_ in HEARSAY_VERBS:
        return _reported_clause(doc, after, root)  # …はい出してきたという: what is told, not the telling
    return _first_chained_clause(root, after) or root


def _first_chained_clause(root: Token, after: int) -> Token | None:
    """県警は7日、男を逮捕し、捜査本部を設置した: the first of clauses chained with a comma is what
    the date tells first (逮捕); a clause in て-form without a comma (…と見て捜査を開始した) only
    leads into the predicate."""
    doc = root.doc
    for clause in sorted((c for c in root.children if c.dep_ == "advcl" and c.i > after), key=lambda c: c.i):
        if "と" in _cases(clause):
            continue  # a quote
        end = clause.i + 1
        while end < len(doc) and doc[end].head.i == clause.i and doc[end].pos_ in ("AUX", "SCONJ"):
            end += 1
        if end < len(doc) and doc[end].text == "、" and (clause.pos_ == "VERB" or _is_verbal_noun(clause)):
            return clause
    return None


def _topic_date_between(doc: Doc, start: int, end: int, dates: Sequence[tuple[int, int]]) -> int | None:
    """Where a topic, one of `dates` and a comma (県警は2月7日、) stand between two token positions, if they do."""
    for first, last in dates:
        span = doc.char_span(first, last, alignment_mode="expand")
        if span is None or not (start < span.start and span.end <= end):
            continue
        after = _after_brackets(doc, span.end)
        if doc[span.start - 1].text == "は" and after < len(doc) and doc[after].text == "、":
            return span.start - 1
    return None


def _last_predicate(doc: Doc, start: int) -> Token | None:
    """The last verb before the full stop that follows `start`, whatever the parse's sentences."""
    end = next((t.i for t in doc[start:] if t.text == "。"), len(doc))
    return next((t for t in reversed(doc[start:end]) if t.pos_ == "VERB"), None)


def _reported_clause(doc: Doc, start: int, root: Token) -> Token | None:
    """The predicate a と-quote ends on before the reporting verb (…調整に入ったと報道した → 入る)."""
    for i in range(root.i - 1, start, -1):
        if doc[i].text == "と" and doc[i].pos_ == "ADP":
            j = i - 1
            while j > start and (doc[j].pos_ in ("AUX", "SCONJ") or doc[j].tag_.startswith("動詞-非自立可能")):
                j -= 1  # はい出してきた → はい出す
            return doc[j] if doc[j].pos_ == "VERB" or _is_verbal_noun(doc[j]) else None
    return None


def _after_brackets(doc: Doc, i: int) -> int:
    """8月15日(UTC+8)、: the position after a bracket that follows the date."""
    if i < len(doc) and doc[i].text in ("(", "（"):
        close = next((t.i for t in doc[i:] if t.text in (")", "）")), None)
        return close + 1 if close is not None else i
    return i


def _predicate_above(noun: Token) -> Token | None:
    """The verb a noun phrase hangs on, through its nominal heads (ジャンム → 州で → 確認した)."""
    node = noun
    while node.head.i != node.i and node.pos_ in ("NOUN", "PROPN", "SYM"):
        node = node.head
    return node if node.pos_ == "VERB" or _is_verbal_noun(node) else None


def _embedded_below(token: Token, pred: Token) -> bool:
    """The token lies in a clause embedded under `pred` (a quote, a noun's clause), not in a clause
    chained before it (会談を行い、声明を出した: the date stays with 会談)."""
    node = token
    while node.i != pred.i:
        if node.dep_ in ("acl", "ccomp", "csubj", "obj", "obl", "nmod"):
            return True
        if node.dep_ == "advcl" and "と" in _cases(node):
            return True  # …火災があったと報じた: a quote
        if node.head.i == node.i:
            return False
        node = node.head
    return False


_DATE_LIKE = Pattern(
    "claims_date_like_subject",
    r"\A[0-9０-９〇一二三四五六七八九十百千元]+(?:年|月|日|年度)(?:[0-9〇一二三四五六七八九十]+(?:月|日))*\Z",
    why="a date that another date's parse hangs on (昭和23年(1948年)) is the same date, never what happens on it",
    matches=("1948年", "2005年10月8日", "23年"),
    rejects=("1923年創立", "北京五輪"),
)


def _phrase_after(head: Token, tokens: list[Token]) -> str | None:
    """The noun phrase of `head` without the date's own words (1923年創立 → 創立)."""
    words = [t for t in _phrase_tokens(head) if t.i > tokens[-1].i]
    return _text(words) if words else _noun_phrase(head)


def _dated_clause(verb: Token, anchor: Token, state: ParagraphState) -> ClaimContext:
    """The event a dated clause tells, and whose it is: the clause's named subject (IOCは…決めた), or
    the named thing its clause modifies (8月5日に開幕したリオデジャネイロオリンピック)."""
    told = _told_event(verb, anchor)
    actor_tok = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") and c.i != anchor.i
                      and _is_entity_like(c) and not _is_time_word(c)), None)
    if actor_tok is None and verb.dep_ == "acl" and verb.head.i > verb.i and verb.head.pos_ in ("NOUN", "PROPN") \
            and (_is_entity_like(verb.head) or _coarse_label(verb.head) == "EVENT"
                 or any(t.pos_ == "PROPN" for t in _phrase_tokens(verb.head))) and _noun_phrase(verb.head) != told:
        actor_tok = verb.head
    if actor_tok is None:
        return ClaimContext(told, None, None)
    actor = _actor_phrase(actor_tok)
    return ClaimContext(told, actor, None, None, _resolve_scope(actor_tok, actor, anchor.doc, state))


def _climb_date_suffix(anchor: Token) -> Token:
    """16日付の記事 / 3月末時点の: the suffix stands where the date does."""
    while anchor.head.i == anchor.i + 1 and (anchor.head.lemma_ in DATE_SUFFIXES or anchor.head.text in DATE_SUFFIXES):
        anchor = anchor.head
    return anchor


def _in_brackets(tokens: list[Token]) -> bool:
    """決勝(8月20日), 開幕戦(現地6月12日): the date opens a bracket, after at most a local-time word."""
    before = tokens[0].i - 1
    doc = tokens[0].doc
    if before >= 0 and doc[before].text in DATE_PREFIXES:
        before -= 1
    return before >= 0 and doc[before].text in ("(", "（")


def _verbal_noun_after(tokens: list[Token]) -> str | None:
    """1月7日放送の番組, 2000年復帰, 1月23日正式決定した: a サ変 noun written right after the date,
    with no particle between, is what happens on it."""
    doc = tokens[0].doc
    run: list[Token] = []
    for t in doc[tokens[-1].i + 1:]:
        if t.pos_ in ("NOUN", "VERB", "ADJ") and not t.tag_.startswith(("接尾辞", "名詞-数詞")) and len(run) < 3:
            run.append(t)
            continue
        break
    while run and not run[-1].tag_.startswith("名詞-普通名詞-サ変"):
        run.pop()
    if not run or _is_time_word(run[0]):
        return None
    return _text(run)


def _named_event_after(tokens: list[Token]) -> str | None:
    """1984年・ロサンゼルス大会 / 2008年の北京オリンピック: the event the date names, read from the words
    (the parse often hangs such a date on the verb instead)."""
    doc = tokens[0].doc
    i = tokens[-1].i + 1
    if i >= len(doc):
        return None
    if doc[i].text in ("の", "・"):
        i += 1
    run: list[Token] = []
    for t in doc[i:]:
        if t.text in RELATION or t.lemma_ in RELATION:
            break  # 2008年の北京オリンピック以来
        if t.pos_ in ("NOUN", "PROPN") or (t.text == "・" and run):
            run.append(t)
            continue
        break
    while run and run[-1].text == "・":
        run.pop()
    ends = [k for k in range(len(run)) if event_head_of(_text(run[: k + 1]))]
    if not ends or _is_time_word(run[0]):
        return None
    return _text(run[: ends[-1] + 1])  # 2016年夏季オリンピック開催都市 → 夏季オリンピック


def _is_verbal_noun(token: Token) -> bool:
    """A サ変 noun heading a clause (…結果を発表。) tells an event like a verb does."""
    return (token.pos_ == "NOUN" and token.tag_.startswith("名詞-普通名詞-サ変")
            and (token.dep_ in ("ROOT", "advcl", "acl") or any(c.dep_ in ("obj", "nsubj") for c in token.children)))


def _predicate_noun_event(pred: Token, anchor: Token) -> str | None:
    """8月21日が誕生日: the predicate noun; 決勝が8月20日夜、国家体育場であり: the predicate's subject."""
    if anchor.dep_ in ("nsubj", "nsubj:pass"):
        return _noun_phrase(pred)
    subject = _nsubj(pred, exclude=anchor)
    if subject is not None and _usable_event_noun(subject):
        return _noun_phrase(subject)
    return None


def _verb_before(noun: Token) -> Token | None:
    """The predicate right before a content noun (延期する|こと), when the parse hangs it elsewhere."""
    i = noun.i - 1
    while i >= 0 and noun.doc[i].pos_ == "AUX":
        i -= 1
    return noun.doc[i] if i >= 0 and noun.doc[i].pos_ == "VERB" else None


def _is_named_thing(noun: Token) -> bool:
    """FIFA会長選 or コロンビア戦 (what takes place), not a person or a place (GiNZA's label)."""
    return (noun.pos_ in ("NOUN", "PROPN") and not _is_time_word(noun) and noun.lemma_ not in CONTENT_NOUNS
            and _coarse_label(noun) not in ("PERSON", "GPE", "LOC", "FAC") and not _has_person_title(noun))


def _names_event(noun: Token) -> bool:
    """世界ジュニア選手権大会, 臨時理事会: a name ending in an event word, whatever GiNZA labels it."""
    return noun.pos_ in ("NOUN", "PROPN") and event_head_of(_text(_phrase_tokens(noun))) is not None


def _usable_event_noun(noun: Token | None) -> bool:
    return (noun is not None and noun.pos_ in ("NOUN", "PROPN") and not _is_time_word(noun) and not is_time_zone(noun.text)
            and not _is_entity_like(noun) and noun.lemma_ not in CONTENT_NOUNS
            and not _has_person_title(noun) and _coarse_label(noun) != "PERSON")


def _has_person_title(noun: Token) -> bool:
    """選手, 会長, 容疑者 in the noun's phrase: a person is named, whatever GiNZA labels it."""
    return any(t.text in PERSON_NOUNS for t in _phrase_tokens(noun))


def _told_event(verb: Token, anchor: Token | None = None, depth: int = 0) -> str | None:
    """What a dated clause tells. A verb that sets a date (決める, 延期する) tells what it sets, or
    what its こと-clause says (…失格にすることを決めた); a verb that only says an event takes place
    tells the event: the noun it modifies (2月5日に行った理事会), its object or subject
    (協議を行い, 準決勝が行われた), or its goal (10位以内に入った; first for する/なる: 失格にする);
    any other verb tells its own event (1月18日に連絡した → 連絡, 逮捕された → 逮捕)."""
    lemma = verb.lemma_
    if depth == 0 and (lemma in SCHEDULE_VERBS or verb.text in SCHEDULE_VERBS):
        for dep in ("nsubj:pass", "obj", "nsubj"):
            noun = _child(verb, (dep,), exclude=anchor)
            if noun is None:
                continue
            if noun.lemma_ in CONTENT_NOUNS or noun.text in CONTENT_NOUNS:
                clause = next((c for c in noun.children if c.dep_ == "acl"), None) or _verb_before(noun)
                if clause is not None:
                    told = _told_event(clause, anchor, depth + 1)
                    if told:
                        return told
                continue
            if _usable_event_noun(noun):
                return _noun_phrase(noun)
    if lemma in LIGHT_EVENT_VERBS or verb.text in LIGHT_EVENT_VERBS or (depth == 0 and lemma in SCHEDULE_VERBS):
        told = _wrapped_or_compounded_event(verb, anchor, depth)
        if told is not None:
            return told
        modified = verb.head
        if verb.dep_ == "acl" and modified.i > verb.i and modified.lemma_ not in NOT_SUBJECT \
                and (_usable_event_noun(modified) or _names_event(modified) or _is_named_thing(modified)):
            return _noun_phrase(modified)
        goal = _child_with_case(verb, "に", exclude=anchor) or _child_with_case(verb, "と", exclude=anchor)
        if lemma in ("する", "なる") and _usable_event_noun(goal):
            return _noun_phrase(goal)
        for dep in ("obj", "nsubj:pass", "nsubj"):
            noun = _child(verb, (dep,), exclude=anchor)
            if _usable_event_noun(noun):
                return _noun_phrase(noun)
        if _usable_event_noun(goal) and not _is_time_word(goal):
            return _noun_phrase(goal)
        return _sentence_topic_event(verb, anchor)
    return lemma


def _wrapped_or_compounded_event(verb: Token, anchor: Token | None, depth: int) -> str | None:
    """What a light verb tells through its words: the clause of its こと-object (降板することを明らかに
    した → 降板), or the verbal nouns compounded with it (1979年に放送開始した → 放送開始)."""
    obj = _child(verb, ("obj",), exclude=anchor)
    if obj is not None and (obj.lemma_ in CONTENT_NOUNS or obj.text in CONTENT_NOUNS) and depth == 0:
        clause = next((c for c in obj.children if c.dep_ == "acl"), None) or _verb_before(obj)
        if clause is not None and clause.i != verb.i:
            told = _told_event(clause, anchor, depth + 1)
            if told:
                return told
    compounds = [c for c in verb.children if c.dep_ == "compound" and c.i == verb.i - 1
                 and (c.pos_ == "VERB" or c.tag_.startswith("名詞-普通名詞-サ変"))]
    return _text([*compounds, verb]) if compounds else None


def _sentence_topic_event(verb: Token, anchor: Token | None) -> str | None:
    """A light verb with no event of its own tells its sentence's topic when that is a verbal noun
    (統合は10月1日に行われるものと見られる → 統合)."""
    node = verb
    while node.head.i != node.i:
        node = node.head
        topic = next((c for c in node.children if c.dep_ in ("nsubj", "nsubj:pass") and "は" in _cases(c) and c.i < verb.i), None)
        if topic is not None and topic.i != (anchor.i if anchor is not None else -1):
            return _noun_phrase(topic) if _usable_event_noun(topic) and topic.tag_.startswith("名詞-普通名詞-サ変") else None
    return None


def _event_agent(event: Token) -> Token | None:
    """ロシアによる侵攻 / ロシアが侵攻: the doer of an event noun or verb."""
    for c in event.children:
        cases = "".join(_cases(c))
        if c.dep_ in ("nmod", "nsubj", "obl") and (cases.startswith("によ") or cases == "が") and _is_entity_like(c):
            return c
    return None
