"""Run the GiNZA pipeline over many short texts, as `nlp.pipe` does, only faster.

Two things make plain `nlp.pipe` slow on this model, and neither changes what it predicts:

- spaCy's greedy parser loop checks every transition's validity with the GIL released, and
  the state accessors it calls re-acquire the GIL (Cython 3 exception checks): ~34 million
  GIL round trips on 25,000 characters, because GiNZA's NER has 758 transitions. Stepping
  the same transition system from Python (`transition_states` runs with the GIL held, so the
  re-acquisition is a no-op) gives the same states 3.5x faster.
- blis is ~3x slower than numpy's OpenBLAS on this CPU for tok2vec's matrices: the ops are
  set in `models.use_fast_ops` before the model is loaded.

`pipe_docs` returns the same Docs as `list(nlp.pipe(texts))` (tests/test_ginza_pipe.py checks
every token attribute on the seed sentences).
"""

from __future__ import annotations

from typing import Sequence


def pipe_docs(nlp, texts: Sequence[str], batch_size: int = 64) -> list:
    """Docs for `texts`, in order, with every enabled component of `nlp` applied."""
    docs = [nlp.make_doc(text) for text in texts]
    for _, proc in nlp.pipeline:
        if _steppable(proc):
            _parse(proc, docs, batch_size)
        elif hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
    return docs


def _steppable(proc) -> bool:
    """A greedy transition-based component (parser, ner) whose steps can be driven from here."""
    from spacy.pipeline.transition_parser import Parser

    return isinstance(proc, Parser) and proc.cfg.get("beam_width", 1) == 1


def _parse(proc, docs: list, batch_size: int) -> None:
    # As Parser.pipe: documents of similar length together, so states finish at similar steps.
    order = sorted(range(len(docs)), key=lambda i: len(docs[i]))
    for begin in range(0, len(order), batch_size):
        batch = [docs[i] for i in order[begin : begin + batch_size]]
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
