"""Phrase rules: a fact code, the patterns that express it, and when a match counts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from scoring.text import Sentence, about_others, is_general, is_hedged, is_negated


@dataclass(frozen=True)
class Rule:
    """A code and its patterns.

    `negatable`: a negator before the phrase cancels it. `general_ok`: statements about
    ketamine in general still count. `hedge_ok`: hedged statements still count.
    `unless`: a pattern that, when in the same sentence, cancels the match.
    """

    code: str
    patterns: tuple[str, ...]
    negatable: bool = True
    general_ok: bool = True
    hedge_ok: bool = True
    questions_ok: bool = False
    unless: str | None = None
    value: Callable[[re.Match[str], Sentence], Any] | None = None
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile("|".join(f"(?:{p})" for p in self.patterns), re.I))


@dataclass(frozen=True)
class Hit:
    """A rule that matched a sentence affirmatively."""

    rule: Rule
    sentence: Sentence
    match: re.Match[str]

    @property
    def value(self) -> Any:
        """The rule's value for this match (a price, a year), if it has one."""
        return self.rule.value(self.match, self.sentence) if self.rule.value else None


def counts(rule: Rule, sentence: Sentence, match: re.Match[str]) -> bool:
    """Whether a match is an affirmative claim about this clinic under the rule's terms."""
    text = sentence.text
    if sentence.is_question and not rule.questions_ok:
        return False
    if rule.negatable and is_negated(text, match.start(), match.end()):
        return False
    if about_others(text):
        return False
    if not rule.general_ok and is_general(text):
        return False
    if not rule.hedge_ok and is_hedged(text):
        return False
    return not (rule.unless and re.search(rule.unless, text, re.I))


def find_hits(sentences: Iterable[Sentence], rules: Iterable[Rule]) -> Iterator[Hit]:
    """Every affirmative match of every rule, sentence by sentence."""
    rules = list(rules)
    for sentence in sentences:
        for rule in rules:
            for match in rule.regex.finditer(sentence.text):
                if counts(rule, sentence, match):
                    yield Hit(rule, sentence, match)
                    break
