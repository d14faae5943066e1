"""Score a site: run every criterion, build the facts, weigh the overall score and grade."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from scoring.config import WEIGHTS_FILE, grade_for, weights
from scoring.criteria import CRITERIA
from scoring.criteria.base import Site
from scoring.criteria.insurance import published_prices
from scoring.criteria.pain_focus import treats_pain
from scoring.criteria.psychotherapy import psychotherapy_level
from scoring.criteria.red_flags import penalty_and_cap
from scoring.model import CriterionResult, Finding, PageText

LIST_FACTS = ("modalities", "credentials", "insurance", "pain_conditions")


@lru_cache(maxsize=1)
def criteria_version() -> str:
    """Identifies the criteria and weights that produced a score: changes when either does."""
    digest = hashlib.sha256(WEIGHTS_FILE.read_bytes())
    for criterion in CRITERIA:
        digest.update(f"{criterion.key}:{criterion.version};".encode())
    return f"v1-{digest.hexdigest()[:10]}"


@dataclass
class Report:
    """Everything scoring concluded about one site."""

    results: dict[str, CriterionResult]
    overall: int
    grade: str
    criteria_version: str = field(default_factory=criteria_version)

    @property
    def findings(self) -> list[Finding]:
        """All findings of all criteria."""
        return [f for result in self.results.values() for f in result.findings]

    @property
    def facts(self) -> dict[str, Any]:
        """The facts in the shape of VOCABULARY.md."""
        return build_facts(self.findings)

    def fingerprints(self) -> dict[str, str]:
        """Each criterion's evidence fingerprint (see `evidence_fingerprint`)."""
        return {key: evidence_fingerprint(
            (f.fact, f.code, f.quote, f.url, f.value) for f in result.findings) for key, result in self.results.items()}

    def scores(self) -> dict[str, Any]:
        """Per-criterion scores plus overall and grade, as in the `inspect` JSON."""
        data: dict[str, Any] = {key: result.score for key, result in self.results.items()}
        data["overall"] = self.overall
        data["grade"] = self.grade
        return data


def evidence_fingerprint(findings: Iterable[tuple[str, str, str, str, Any]]) -> str:
    """A short hash of a criterion's evidence, (fact, code, quote, url, value) per finding, in
    any order: a maintainer's override stands while it is unchanged."""
    lines = sorted(json.dumps([fact, code, quote, url, value], sort_keys=True, default=str)
                   for fact, code, quote, url, value in findings)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def build_facts(findings: list[Finding]) -> dict[str, Any]:
    """Facts from findings: codes per list fact, values for prices, experience, red flags."""
    facts: dict[str, Any] = {
        fact: sorted({f.code for f in findings if f.fact == fact}) for fact in LIST_FACTS
    }
    facts["psychotherapy"] = psychotherapy_level(findings)
    facts["prices"] = published_prices(findings)
    facts["treats_pain"] = treats_pain(findings)
    facts["screening"] = any(f.fact == "screening" for f in findings)
    facts["experience"] = [
        {"kind": f.code, "value": f.value, "quote": f.quote} for f in findings if f.fact == "experience"
    ]
    facts["red_flags"] = [{"kind": f.code, "quote": f.quote} for f in findings if f.fact == "red_flags"]
    return facts


def overall_score(results: dict[str, CriterionResult]) -> tuple[int, str]:
    """Weighted mean of the criteria, less red-flag penalties, capped by the worst flag."""
    table = weights()["overall"]
    total_weight = sum(table.values())
    mean = sum(results[key].score * weight for key, weight in table.items() if key in results) / total_weight
    flags = results.get("red_flags")
    penalty, cap = penalty_and_cap(flags.findings if flags else [])
    overall = max(0, min(cap, round(mean) - penalty))
    return overall, grade_for(overall)


def score_site(pages: list[PageText]) -> Report:
    """Score the pages of one clinic site."""
    site = Site(pages)
    results = {criterion.key: criterion.evaluate(site) for criterion in CRITERIA}
    overall, grade = overall_score(results)
    return Report(results=results, overall=overall, grade=grade)
