"""Run the GiNZA pipeline over many short texts, as `nlp.pipe` does, only faster.

Two things make plain `nlp.pipe` slow on this model, and neither changes what it predicts:

- spaCy's greedy parser loop checks every transition's validity with the GIL released, and
  the state accessors it calls re-acquire the GIL (Cython 3 exception checks): ~34 million
  GIL round trips on 25,000 characters, because GiNZA's NER has 758 transitions. Stepping
  the same transition system from Python (`transition_states` runs with the GIL held, so the
  re-acquisition is a no-op) gives the same states 3.5x faster.
- blis is ~3x slower than numpy's OpenBLAS on this CPU for tok2vec's matrices: the ops are
  set in `models.use_fast_ops` before the model is loaded.

The NER goes further: its transition system (BILUO, one token per step) is small enough to
check in numpy for all states of a batch at once, from the same scores; the entities are then
set as spaCy's set_annotations sets them. Docs carrying entities before the NER (none do in
this pipeline) take the stepped path, which handles preset entities.

`pipe_docs` returns the same Docs as `list(nlp.pipe(texts))` (tests/test_ginza_pipe.py checks
every token attribute on the seed sentences).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def pipe_docs(nlp, texts: Sequence[str], batch_size: int = 64) -> list:
    """Docs for `texts`, in order, with every enabled component of `nlp` applied."""
    docs = [nlp.make_doc(text) for text in texts]
    for _, proc in nlp.pipeline:
        if _steppable(proc):
            _parse(proc, docs, batch_size, _ner_classes(proc))
        elif hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
    return docs


def _steppable(proc) -> bool:
    """A greedy transition-based component (parser, ner) whose steps can be driven from here."""
    from spacy.pipeline.transition_parser import Parser

    return isinstance(proc, Parser) and proc.cfg.get("beam_width", 1) == 1


def _parse(proc, docs: list, batch_size: int, ner_classes: "_NerClasses | None") -> None:
    # As Parser.pipe: documents of similar length together, so states finish at similar steps.
    order = sorted(range(len(docs)), key=lambda i: len(docs[i]))
    for begin in range(0, len(order), batch_size):
        batch = [docs[i] for i in order[begin : begin + batch_size]]
        if ner_classes is not None and not any(doc.to_array("ENT_IOB").any() for doc in batch):
            _set_entities(batch, _greedy_entities(proc, batch, ner_classes), ner_classes)
        else:
            proc.set_annotations(batch, _greedy_states(proc, batch))


def _greedy_states(proc, docs: list) -> list:
    """Parser.greedy_parse, stepped with the GIL held: the same scores, the same argmax."""
    proc._ensure_labels_are_added(docs)  # as greedy_parse: labels of entities preset on the docs
    states = proc.moves.init_batch(docs)
    if not any(len(doc) for doc in docs):
        return states
    step_model = proc.model.predict(docs)
    active = [state for state in states if not state.is_final()]
    while active:
        scores = step_model.predict(active)
        active = proc.transition_states(active, scores)
    step_model.clear_memory()
    return states


# ---------------------------------------------------------------- NER in numpy

_MOVES = {"B": 0, "I": 1, "L": 2, "U": 3, "O": 4}


class _NerClasses:
    """The NER's transitions as arrays: move (B I L U O) and label index of each class."""

    def __init__(self, names: list[str]):
        moves, labels = zip(*(name.partition("-")[::2] for name in names))
        self.labels = sorted(set(labels) - {""})
        index = {label: i for i, label in enumerate(self.labels)}
        self.move = np.array([_MOVES[m] for m in moves])
        self.label = np.array([index.get(label, -1) for label in labels])  # -1: no label (O, U-)
        labelled = self.label >= 0
        self.begin = np.flatnonzero((self.move == 0) & labelled)
        self.inside = np.flatnonzero((self.move == 1) & labelled)
        self.last = np.flatnonzero((self.move == 2) & labelled)
        self.unit = np.flatnonzero((self.move == 3) & labelled)
        self.out = np.flatnonzero(self.move == 4)


def _ner_classes(proc) -> _NerClasses | None:
    """The class table when `proc` is a greedy BILUO NER with an output layer, else None."""
    from spacy.pipeline import EntityRecognizer

    if not isinstance(proc, EntityRecognizer) or not proc.model.attrs.get("has_upper"):
        return None
    names = [proc.moves.get_class_name(i) for i in range(proc.moves.n_moves)]
    if any(name.partition("-")[0] not in _MOVES for name in names):
        return None
    return _NerClasses(names)


def _greedy_entities(proc, docs: list, classes: _NerClasses) -> list[list[tuple[int, int, int]]]:
    """(start, end, label index) per doc: BiluoPushDown's greedy decoding, every state at once.

    Validity is BiluoPushDown's for docs without preset entities: B needs no open entity, two
    tokens left, no sentence start next and no space here; I an open entity of its label, two
    tokens left and no sentence start next; L an open entity of its label; U no open entity
    and no space; O no open entity. The argmax keeps the first of equal scores, as spaCy's does.
    """
    lengths = np.array([len(doc) for doc in docs])
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(int)
    found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
    if not lengths.any():
        return found
    space = np.concatenate([doc.to_array("IS_SPACE") for doc in docs]).astype(bool)
    sent_start = np.concatenate([doc.to_array("SENT_START").astype(np.int64) for doc in docs]) == 1
    next_starts = np.zeros_like(sent_start)
    next_starts[:-1] = sent_start[1:]
    next_starts[offsets[lengths > 0] + lengths[lengths > 0] - 1] = False  # the next token is another doc's
    step_model = proc.model.predict(docs)
    n_docs = len(docs)
    position = np.zeros(n_docs, dtype=int)
    is_open = np.zeros(n_docs, dtype=bool)
    open_start = np.zeros(n_docs, dtype=int)
    open_label = np.full(n_docs, -2)
    active = np.flatnonzero(lengths > 0)
    same_label = np.empty((0,), dtype=bool)
    while active.size:
        pos, opened = position[active], is_open[active]
        token = offsets[active] + pos
        ids = np.full((active.size, 3), -1, dtype="i")
        ids[:, 0] = token
        ids[opened, 1] = offsets[active][opened] + open_start[active][opened]
        ids[opened, 2] = token[opened] - 1
        vector = step_model.state2vec(ids, False)[0]
        scores = step_model.vec2scores(vector, False)[0]
        scores[:, step_model._class_mask == 0] = np.nanmin(scores)
        two_left = lengths[active] - pos >= 2
        free = ~opened & ~space[token]
        valid = np.zeros(scores.shape, dtype=bool)
        same_label = classes.label[None, :] == open_label[active][:, None]
        valid[:, classes.begin] = (free & two_left & ~next_starts[token])[:, None]
        valid[:, classes.inside] = (opened & two_left & ~next_starts[token])[:, None] & same_label[:, classes.inside]
        valid[:, classes.last] = opened[:, None] & same_label[:, classes.last]
        valid[:, classes.unit] = free[:, None]
        valid[:, classes.out] = ~opened[:, None]
        guess = np.where(valid, scores, -np.inf).argmax(axis=1)
        stuck = ~valid.any(axis=1)  # spaCy forces such a state to its end
        move, label = classes.move[guess], classes.label[guess]
        for k in np.flatnonzero((move == 2) | (move == 3)):
            doc = active[k]
            start = open_start[doc] if move[k] == 2 else position[doc]
            found[doc].append((int(start), int(position[doc]) + 1, int(label[k])))
        begins = active[move == 0]
        is_open[begins], open_start[begins], open_label[begins] = True, position[begins], label[move == 0]
        is_open[active[(move == 2) | (move == 3)]] = False
        position[active] += 1
        position[active[stuck]] = lengths[active[stuck]]
        active = active[position[active] < lengths[active]]
    step_model.clear_memory()
    return found


def _set_entities(docs: list, found: list[list[tuple[int, int, int]]], classes: _NerClasses) -> None:
    """As BiluoPushDown.set_annotations on docs without preset entities: the spans, the rest O."""
    from spacy.tokens import Span

    for doc, entities in zip(docs, found):
        doc.set_ents([Span(doc, start, end, label=classes.labels[label]) for start, end, label in entities], default="outside")
