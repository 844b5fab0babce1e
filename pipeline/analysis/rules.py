"""Rules as named data: a pattern, its purpose, and the examples it must and must not match.

Every regular expression a rule module uses is a `Pattern`: it behaves as the compiled regex
(`match`, `search`, `fullmatch`, `finditer`, `sub`, `pattern`), and carries a name, a line
saying why it exists, and examples. `tests/test_rules.py` collects every `Pattern` of the
analysis modules (`patterns_of`) and checks each example with `search`, so a rule cannot lose
a case it was written for, or start matching one it was written to refuse, without a test
failing that names it.

Rules that are not a pattern (a retyping, a join of two spans) are `Rule`s: a name, a check
function over a small input, and examples of inputs with the expected answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Callable


@dataclass(frozen=True)
class Pattern:
    """A named regular expression. `matches`: strings it must find something in (`search`);
    `rejects`: strings in which it must find nothing. A `(text, found)` pair in `matches` also
    says what the first match must be."""

    name: str
    regex: str
    why: str
    matches: tuple[str | tuple[str, str], ...] = ()
    rejects: tuple[str, ...] = ()
    flags: int = 0
    compiled: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", re.compile(self.regex, self.flags))

    # The compiled regex's interface, so that call sites read as with `re`.
    @property
    def pattern(self) -> str:
        return self.compiled.pattern

    def match(self, string: str, pos: int = 0, endpos: int = 2**62):
        return self.compiled.match(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = 2**62):
        return self.compiled.search(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = 2**62):
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = 2**62):
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = 2**62):
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl, string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        return self.compiled.split(string, maxsplit)

    def failures(self) -> list[str]:
        """What is wrong with the examples (empty when every one holds)."""
        problems = []
        for example in self.matches:
            text, expected = example if isinstance(example, tuple) else (example, None)
            m = self.compiled.search(text)
            if m is None:
                problems.append(f"{self.name}: should match {text!r}")
            elif expected is not None and m.group(0) != expected:
                problems.append(f"{self.name}: on {text!r} found {m.group(0)!r}, expected {expected!r}")
        for text in self.rejects:
            m = self.compiled.search(text)
            if m is not None:
                problems.append(f"{self.name}: should not match {text!r} (found {m.group(0)!r})")
        return problems


@dataclass(frozen=True)
class Rule:
    """A named decision that is not a pattern: `check(input)` over `examples` of (input, expected)."""

    name: str
    why: str
    check: Callable[[Any], Any]
    examples: tuple[tuple[Any, Any], ...] = ()

    def __call__(self, value):
        return self.check(value)

    def failures(self) -> list[str]:
        problems = []
        for given, expected in self.examples:
            got = self.check(given)
            if got != expected:
                problems.append(f"{self.name}: on {given!r} gave {got!r}, expected {expected!r}")
        return problems


def patterns_of(module: ModuleType) -> list[Pattern | Rule]:
    """The rules a module defines at its top level, in name order."""
    found = [value for value in vars(module).values() if isinstance(value, (Pattern, Rule))]
    return sorted(found, key=lambda r: r.name)


def alternation(words) -> str:
    """A regex alternative of literal words, longest first (so that 以上 is tried before 以)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
