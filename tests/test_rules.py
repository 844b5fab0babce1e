"""Every named rule of the analysis, run on its own examples (pipeline.analysis.rules).

One parametrized test: each Pattern must match the examples it was written for and none it was
written to refuse; each Rule must give the expected answer on its examples.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import pipeline.analysis
from pipeline.analysis.rules import Pattern, Rule, patterns_of

# Modules that load spaCy/GiNZA at import are included: the rules themselves need no model.
_MODULES = sorted(
    name for _, name, is_pkg in pkgutil.walk_packages(pipeline.analysis.__path__, "pipeline.analysis.") if not is_pkg
)


def _all_rules() -> list[Pattern | Rule]:
    rules: dict[int, Pattern | Rule] = {}  # a rule imported by another module is the same object
    for name in _MODULES:
        rules |= {id(r): r for r in patterns_of(importlib.import_module(name))}
    return sorted(rules.values(), key=lambda r: r.name)


RULES = _all_rules()


def test_rule_names_are_unique():
    names = [r.name for r in RULES]
    assert sorted(n for n in names if names.count(n) > 1) == []


def test_every_rule_has_a_reason_and_examples():
    assert [r.name for r in RULES if not r.why or not (getattr(r, "matches", ()) or getattr(r, "examples", ()))] == []


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_examples(rule):
    assert rule.failures() == []
