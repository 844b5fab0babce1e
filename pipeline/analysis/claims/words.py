"""The word lists behind claim contexts and fact keys (pipeline/analysis/data/subject_*.tsv, actor_words.tsv).

Kept apart from claims.py so that facts.py, which runs in the cross-article step, needs no spaCy.
"""

from __future__ import annotations

from types import MappingProxyType

from pipeline.analysis.wordlists import read_rows


def _read_pairs(name: str, columns: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((row[columns[0]], row[columns[1]]) for row in read_rows(name, columns))


def _words(pairs: tuple[tuple[str, str], ...], role: str) -> frozenset[str]:
    """A word can have several roles (目標 is a frame noun and, in 目標とする, a target verb)."""
    return frozenset(w for w, r in pairs if r == role)


SUBJECT_SYNONYMS = MappingProxyType(dict(_read_pairs("subject_synonyms.tsv", ("variant", "canonical"))))
_SUBJECT_WORDS = _read_pairs("subject_words.tsv", ("word", "role"))
_ACTOR_WORDS = _read_pairs("actor_words.tsv", ("word", "role"))

FRAME = _words(_SUBJECT_WORDS, "frame")
CHANGE = _words(_SUBJECT_WORDS, "change")
MEASURE = _words(_SUBJECT_WORDS, "measure")
THRESHOLD = _words(_SUBJECT_WORDS, "threshold")
ALLOCATION = _words(_SUBJECT_WORDS, "allocation")
TARGET = _words(_SUBJECT_WORDS, "target")
TIME_PAST = _words(_SUBJECT_WORDS, "time_past")
TIME_WORDS = _words(_SUBJECT_WORDS, "time") | TIME_PAST
RELATION = _words(_SUBJECT_WORDS, "relation")
EVENT = _words(_SUBJECT_WORDS, "event")
EVENT_MODIFIERS = _words(_SUBJECT_WORDS, "event_modifier")
NOT_SUBJECT = _words(_SUBJECT_WORDS, "not_subject")
SHARE = _words(_SUBJECT_WORDS, "share")
AGGREGATE = _words(_SUBJECT_WORDS, "aggregate")
LIGHT_EVENT_VERBS = _words(_SUBJECT_WORDS, "light_event_verb")
SCHEDULE_VERBS = _words(_SUBJECT_WORDS, "schedule_verb")
HEARSAY_VERBS = _words(_SUBJECT_WORDS, "hearsay_verb")
AS_OF_VERBS = _words(_SUBJECT_WORDS, "as_of_verb")
STANDINGS = _words(_SUBJECT_WORDS, "standing")
DATE_PREFIXES = _words(_SUBJECT_WORDS, "date_prefix")
CONTENT_NOUNS = _words(_SUBJECT_WORDS, "content_noun")
EVENT_HEADS = _words(_SUBJECT_WORDS, "event_head")
TIME_CLAUSE_NOUNS = _words(_SUBJECT_WORDS, "time_clause_noun")
DATE_SUFFIXES = _words(_SUBJECT_WORDS, "date_suffix")
STREAK = _words(_SUBJECT_WORDS, "streak")
COUNTED_NOUNS = _words(_SUBJECT_WORDS, "counted_noun")
MEASURE_PREFIXES = _words(_SUBJECT_WORDS, "measure_prefix")
ACTOR_NOUNS = _words(_ACTOR_WORDS, "actor")
COLLECTIVE = _words(_ACTOR_WORDS, "collective")
ORG_NOUNS = _words(_ACTOR_WORDS, "org_noun")
MEETING = _words(_ACTOR_WORDS, "meeting")
DEMAND = _words(_ACTOR_WORDS, "demand")
SPEECH = _words(_ACTOR_WORDS, "speech")

# Titles of people (roles.tsv): a noun such as 選手 or 会長 names who does something, never the event.
PERSON_NOUNS = frozenset(row["form"] for row in read_rows("roles.tsv", ("form", "kind"))
                         if row["kind"] in ("title", "person_title", "honorific"))

FOUNDING = "設立"


def event_head_of(text: str) -> str | None:
    """The shortest event word a name ends in (大会 of 世界ジュニア選手権大会, 選 of 総選挙), or None."""
    return min((h for h in EVENT_HEADS if text.endswith(h)), key=lambda h: (len(h), h), default=None)  # the event a since-date on an entity noun states (1949年以来の同盟)
