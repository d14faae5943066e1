"""Measuring the extractor: expected facts against extracted facts, per fact and per code.

Pure comparison; loading a corpus and extracting its pages lives with the callers
(`directory/evaluate.py`). Every fact is turned into a set of "items" per page so that one
precision/recall/F1 counts them all:

* list facts (modalities, credentials, insurance, pain_conditions, setting): one item per code;
* label facts: psychotherapy `mentioned`/`in_house`, treats_pain `true`/`false`, screening
  `true` (the "absent" value, none/null/false, is no item, so silence is never a hit);
* prices: one item per dollar amount; experience: one per (kind, value); red flags: one per kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

FACTS = ("modalities", "psychotherapy", "credentials", "insurance", "prices", "pain_conditions",
         "treats_pain", "screening", "experience", "red_flags", "setting")
LIST_FACTS = ("modalities", "credentials", "insurance", "pain_conditions", "setting")
#: facts a label file may leave out (labelled later than the others): pages without them are not counted
OPTIONAL_FACTS = ("setting",)


def fact_items(fact: str, value: Any) -> set[str]:
    """The comparable items of one fact's value (see the module docstring)."""
    if fact in LIST_FACTS:
        return {str(code) for code in value or []}
    if fact == "psychotherapy":
        return set() if value in (None, "none") else {str(value)}
    if fact == "treats_pain":
        return set() if value is None else {str(value).lower()}
    if fact == "screening":
        return {"true"} if value else set()
    if fact == "prices":
        return {str(int(price["usd"])) for price in value or []}
    if fact == "experience":
        return {f"{entry['kind']}:{_number(entry['value'])}" for entry in value or []}
    if fact == "red_flags":
        return {str(flag["kind"]) for flag in value or []}
    raise KeyError(fact)


def _number(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


def code_of(fact: str, item: str) -> str:
    """The code an item is counted under in the per-code table (all prices count as `any`)."""
    if fact == "prices":
        return "any"
    if fact == "experience":
        return item.split(":", 1)[0]
    return item


@dataclass
class Tally:
    """True positives, false positives and false negatives, with the derived figures."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Miss:
    """One disagreement on one page: a missed item (fn) or a wrong one (fp), with its context."""

    page: str
    fact: str
    item: str
    kind: str  # "fn" (expected, not found) or "fp" (found, not expected)
    expected: Any
    got: Any
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageResult:
    """What one page was expected to say and what the extractor read from it."""

    name: str
    text: str
    expected: dict[str, Any]
    got: dict[str, Any]
    findings: tuple[dict[str, Any], ...]
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Evaluation:
    """Per-fact and per-code tallies over a corpus, and every miss."""

    facts: dict[str, Tally] = field(default_factory=lambda: {fact: Tally() for fact in FACTS})
    codes: dict[tuple[str, str], Tally] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    pages: int = 0
    unquoted: list[str] = field(default_factory=list)
    flags_on_clean_pages: list[str] = field(default_factory=list)
    labelled: set[str] = field(default_factory=set)

    def measured(self) -> dict[str, Tally]:
        """The facts that at least one page is labelled for (an optional fact may be on none)."""
        return {fact: tally for fact, tally in self.facts.items() if fact in self.labelled}

    def as_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "facts": {fact: tally.as_dict() for fact, tally in self.measured().items()},
            "codes": {f"{fact}.{code}": tally.as_dict() for (fact, code), tally in sorted(self.codes.items())},
            "unquoted": self.unquoted,
            "flags_on_clean_pages": self.flags_on_clean_pages,
            "misses": [miss.__dict__ | {"sentences": list(miss.sentences)} for miss in self.misses],
        }


def evaluate_pages(results: Iterable[PageResult]) -> Evaluation:
    """Compare every page's facts with its expectations."""
    evaluation = Evaluation()
    for page in results:
        evaluation.pages += 1
        for fact in FACTS:
            _compare(evaluation, page, fact)
        evaluation.unquoted += _unquoted_findings(page)
        if not page.expected.get("red_flags") and page.got.get("red_flags"):
            kinds = sorted({flag["kind"] for flag in page.got["red_flags"]})
            evaluation.flags_on_clean_pages.append(f"{page.name}: {', '.join(kinds)}")
    return evaluation


def _compare(evaluation: Evaluation, page: PageResult, fact: str) -> None:
    if fact in OPTIONAL_FACTS and fact not in page.expected:
        return
    evaluation.labelled.add(fact)
    want = fact_items(fact, page.expected.get(fact))
    got = fact_items(fact, page.got.get(fact))
    tally = evaluation.facts[fact]
    for item in want | got:
        code = evaluation.codes.setdefault((fact, code_of(fact, item)), Tally())
        if item in want and item in got:
            tally.tp += 1
            code.tp += 1
            continue
        kind = "fn" if item in want else "fp"
        setattr(tally, kind, getattr(tally, kind) + 1)
        setattr(code, kind, getattr(code, kind) + 1)
        evaluation.misses.append(Miss(page.name, fact, item, kind, page.expected.get(fact), page.got.get(fact),
                                      _context(page, fact, item, kind)))


def _context(page: PageResult, fact: str, item: str, kind: str) -> tuple[str, ...]:
    """The sentences behind a miss: the finding's quote for a wrong item, the labelled
    evidence for a missed one."""
    if kind == "fp":
        return tuple(dict.fromkeys(f["quote"] for f in page.findings if _finding_item(f, fact) == item))
    key = item if fact in LIST_FACTS else fact
    quotes = list(page.evidence.get(key, []))
    entries = page.expected.get(fact)
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and "quote" in entry and fact_items(fact, [entry]) == {item}:
            quotes.append(entry["quote"])
    return tuple(dict.fromkeys(quotes))


def _finding_item(finding: dict[str, Any], fact: str) -> str | None:
    if finding["fact"] != fact and not (fact == "treats_pain" and finding["fact"] == "pain_conditions"):
        return None
    if fact == "prices":
        return str(finding.get("value"))
    if fact == "experience":
        return f"{finding['code']}:{_number(finding.get('value') or 0)}"
    if fact == "treats_pain" and finding["fact"] == "pain_conditions":
        return "true"
    return finding["code"]


def _unquoted_findings(page: PageResult) -> list[str]:
    """Findings whose quote is not an exact substring of the page's text (must be none)."""
    return [f"{page.name}: {f['fact']}.{f['code']}: {f['quote']!r}" for f in page.findings
            if f["quote"] not in page.text]


def format_table(evaluation: Evaluation, *, per_code: bool = True) -> str:
    """Per-fact (and per-code) precision, recall and F1 as a fixed-width table."""
    lines = [f"{'fact':<34}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}"]
    for fact, tally in evaluation.measured().items():
        lines.append(_row(fact, tally))
        if per_code:
            for (code_fact, code), code_tally in sorted(evaluation.codes.items()):
                if code_fact == fact:
                    lines.append(_row(f"  {code}", code_tally))
    return "\n".join(lines)


def _row(label: str, tally: Tally) -> str:
    return (f"{label:<34}{tally.tp:>5}{tally.fp:>5}{tally.fn:>5}"
            f"{tally.precision:>8.3f}{tally.recall:>8.3f}{tally.f1:>8.3f}")


def format_misses(evaluation: Evaluation) -> str:
    """Each miss: page, fact, what was expected and what was found, with the sentence."""
    lines = []
    for miss in evaluation.misses:
        label = "missed" if miss.kind == "fn" else "wrong "
        lines.append(f"{label} {miss.page}: {miss.fact} {miss.item}  (expected {_brief(miss.fact, miss.expected)}; "
                     f"got {_brief(miss.fact, miss.got)})")
        lines += [f"         \"{sentence}\"" for sentence in miss.sentences[:3]]
    return "\n".join(lines)


def _brief(fact: str, value: Any) -> str:
    items = sorted(fact_items(fact, value))
    return ", ".join(items) if items else "nothing"
