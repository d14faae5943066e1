"""Words a pattern cannot match without: a fast test of whether a sentence is worth a regex.

Case-insensitive regular expressions that start with a word boundary cannot use Python's
literal-prefix search, so trying every rule on every sentence is slow. Any match of a rule
contains at least one of its "required literals", and `word in text` is fast; sentences
without any of them are skipped, which changes no result.
"""

from __future__ import annotations

from typing import Any

try:  # the parser behind `re`; private, so a missing one just means no shortcut
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover
    _p = None

_MIN_LENGTH = 1


def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-case strings of which every match contains at least one, or None if unknown."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern)
    except Exception:  # any parse trouble: no shortcut, never a wrong answer
        return None
    found = _sequence(list(parsed))
    return frozenset(found) if found else None


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best required set of a sequence: its longest literal run, or a required part's set."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av).lower())
            continue
        if len(run) >= _MIN_LENGTH:
            consider({"".join(run)})
        run = []
        consider(_required(op, av))
    if len(run) >= _MIN_LENGTH:
        consider({"".join(run)})
    return best


def _required(op: Any, av: Any) -> set[str] | None:
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is _c.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            part = _sequence(list(alternative))
            if not part:
                return None
            union |= part
        return union
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _sequence(list(av[2]))
    if op is _c.ATOMIC_GROUP:
        return _sequence(list(av))
    return None
