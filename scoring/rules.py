"""Phrase rules: a fact code, the patterns that express it, and when a match counts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from scoring.literals import required_literals
from scoring.reading import (
    about_organisation,
    about_others,
    answer_polarity,
    clause_bounds,
    has_first_person,
    hedge_scope,
    is_advice,
    is_epistemic,
    is_general,
    is_hedged,
    is_negated,
    is_referral,
    is_reported,
    names_other_party,
)
from scoring.text import Sentence

_OFFERING = re.compile(
    r"\b(?:we|our \w+)\s+(?:\w+\s+)?(?:offer|provide|give|administer|treat|accept|use|perform)s?\b", re.I
)

EPISTEMIC, ANY_HEDGE, NO_HEDGE = "epistemic", "any", "none"


@dataclass(frozen=True)
class Rule:
    """A code and its patterns, and the kinds of statement that still count.

    `negatable`: a negator cancels the match (and yields `denied`, if set: "we do not accept
    insurance" is cash only). `general_ok`: statements about ketamine in general count.
    `hedges`: which hedges cancel the match: EPISTEMIC (the default) only doubt about whether
    something is true or works ("might be", "may help some", "is thought to"), while a permissive
    or conditional "we may give an IM injection" still counts; ANY_HEDGE also a bare "may" or "can
    help" (a hedged promise promises nothing); NO_HEDGE none. `answerable`: a yes/no question
    counts as its answer says. `referral_ok`: a sentence that refers patients elsewhere counts. `listed_ok`: a label
    or list item (a short line, like a price-list row) counts. `unless`: a pattern
    that, in the same sentence, cancels the match. `value`: reads a value (a price, a year).
    """

    code: str
    patterns: tuple[str, ...]
    negatable: bool = True
    general_ok: bool = True
    hedges: str = EPISTEMIC
    answerable: bool = True
    referral_ok: bool = False
    advice_ok: bool = False
    listed_ok: bool = True
    denied: str | None = None
    unless: str | None = None
    value: Callable[[re.Match[str], Sentence], Any] | None = None
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    literals: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pattern = "|".join(f"(?:{p})" for p in self.patterns)
        object.__setattr__(self, "regex", re.compile(pattern, re.I))
        object.__setattr__(self, "literals", required_literals(pattern))


@dataclass(frozen=True)
class Hit:
    """A rule that matched a sentence as a claim (or, with `denied`, as its denial)."""

    rule: Rule
    sentence: Sentence
    match: re.Match[str]
    code: str
    quote: str

    @property
    def value(self) -> Any:
        """The rule's value for this match (a price, a year), if it has one."""
        return self.rule.value(self.match, self.sentence) if self.rule.value else None


CLAIM, DENIED = "claim", "denied"
# Red flags about promises: "we cannot guarantee a cure" denies them; for facts, it does not.
_PROMISE_KINDS = frozenset(
    {"cure_claim", "guarantee", "not_addictive", "no_side_effects", "unqualified_safety", "other"}
)


def verdict(rule: Rule, sentence: Sentence, match: re.Match[str]) -> str | None:
    """CLAIM when the match is an affirmative claim about this clinic, DENIED when the clinic
    denies it, None when it says nothing about the clinic."""
    text = sentence.masked
    start, end = match.start(), match.end()
    if sentence.is_question:
        return _answered(rule, sentence, start, end)
    if sentence.negative_section and rule.negatable:
        return DENIED
    if not rule.listed_ok and sentence.is_heading:
        return None
    clause_start, clause_end = clause_bounds(text, start, end)
    own_clause = text[clause_start:clause_end]
    if about_others(own_clause) or about_organisation(text, clause_start):
        return None
    refers_elsewhere = is_referral(text) and not _OFFERING.search(own_clause)
    if not rule.referral_ok and (refers_elsewhere or names_other_party(own_clause, sentence.other_parties)):
        return None
    if not rule.advice_ok and is_advice(text):
        return None
    if is_reported(own_clause) and not has_first_person(own_clause):
        return None
    if not rule.general_ok and is_general(own_clause):
        return None
    if rule.hedges == ANY_HEDGE and is_hedged(own_clause):
        return None
    if rule.hedges == EPISTEMIC and is_epistemic(hedge_scope(text, start, end)):
        return None
    if rule.unless and re.search(rule.unless, text, re.I):
        return None
    if rule.negatable and is_negated(text, start, end, promises=rule.code in _PROMISE_KINDS):
        return DENIED
    return CLAIM


def _answered(rule: Rule, sentence: Sentence, start: int, end: int) -> str | None:
    if not rule.answerable or not sentence.is_yes_no_question or sentence.answer is None:
        return None
    if is_negated(sentence.masked, start, end) or about_others(sentence.masked):
        return None
    polarity = answer_polarity(sentence.answer.text)
    return CLAIM if polarity == "yes" else DENIED if polarity == "no" else None


def _present(words: Iterable[str], lowered: str) -> set[str]:
    """The words (rules' required literals) that occur in a lower-cased text."""
    return {word for word in words if word in lowered}


def _may_match(rule: Rule, present: set[str]) -> bool:
    """Whether a text holding the `present` literals holds one of the rule's required ones."""
    return rule.literals is None or not rule.literals.isdisjoint(present)


def find_hits(sentences: Iterable[Sentence], rules: Iterable[Rule]) -> Iterator[Hit]:
    """Every claim (and every denial that implies a code) of every rule, sentence by sentence."""
    sentences = list(sentences)
    rules = list(rules)
    everything = "\n".join(sentence.lowered for sentence in sentences)
    # each required word is looked for once on the page; rules that cannot match anywhere are
    # dropped at once, and a sentence is searched only for the words the page holds
    on_page = _present({word for rule in rules if rule.literals for word in rule.literals}, everything)
    rules = [rule for rule in rules if _may_match(rule, on_page)]
    for sentence in sentences:
        in_sentence = _present(on_page, sentence.lowered)
        for rule in rules:
            if not _may_match(rule, in_sentence):
                continue
            found: set[tuple[str, Any]] = set()
            for match in rule.regex.finditer(sentence.masked):
                outcome = verdict(rule, sentence, match)
                code = rule.code if outcome == CLAIM else rule.denied if outcome == DENIED else None
                if code is None:
                    continue
                quote = sentence.span_with_answer() if sentence.is_question else sentence.text
                hit = Hit(rule, sentence, match, code, quote)
                if (code, hit.value) not in found:
                    found.add((code, hit.value))
                    yield hit
