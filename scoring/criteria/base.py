"""What every criterion is: a key, a version, a plain description with its sources, rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from scoring.model import CriterionResult, Finding, PageText
from scoring.pages import is_third_party, page_kind
from scoring.rules import Hit, Rule, find_hits
from scoring.text import Sentence, sentences


@dataclass
class Site:
    """The pages of one clinic site, read once into sentences for every criterion."""

    pages: list[PageText]

    @cached_property
    def own_pages(self) -> list[PageText]:
        """The pages on which the clinic speaks for itself (not news, explainers, guest blogs)."""
        return [page for page in self.pages if not is_third_party(page)]

    @cached_property
    def sentences(self) -> list[Sentence]:
        """All sentences of the clinic's own pages, in order."""
        return list(sentences(self.own_pages))

    @cached_property
    def texts(self) -> dict[str, str]:
        """Each page's text by URL (to check that a quote spanning lines is exact)."""
        return {page.url: page.text for page in self.pages}

    @cached_property
    def kinds(self) -> dict[str, str]:
        """The kind of each page (faq, pricing, team, careers ...), by URL."""
        return {page.url: page_kind(page) for page in self.pages}

    def sentences_except(self, kinds: frozenset[str]) -> list[Sentence]:
        """The sentences of pages not of the given kinds (job ads list pay and wanted credentials)."""
        if not kinds:
            return self.sentences
        return [s for s in self.sentences if self.kinds.get(s.url) not in kinds]


class Criterion:
    """A vetting criterion. Subclasses declare rules and may refine `findings` and `score`."""

    key: ClassVar[str]
    #: declared by every criterion (no default): scores are stored per criteria version
    version: ClassVar[int]
    title: ClassVar[str]
    question: ClassVar[str]
    description: ClassVar[str]
    sources: ClassVar[tuple[str, ...]] = ()
    fact: ClassVar[str]
    rules: ClassVar[tuple[Rule, ...]] = ()
    #: the score when nothing was found: 0 ("no evidence, no points") except for penalties
    unstated_score: ClassVar[int] = 0
    #: kinds of page whose sentences say nothing about this criterion (a job ad's credentials)
    skip_kinds: ClassVar[frozenset[str]] = frozenset()
    #: kinds of page where clinics usually state this criterion: having read one makes a
    #: "not stated" more certain
    relevant_kinds: ClassVar[frozenset[str]] = frozenset()
    #: codes that, found alone, make a negative finding ("does not treat pain") rather than
    #: a positive one; either differs from "not stated"
    negative_codes: ClassVar[frozenset[str]] = frozenset()

    def hits(self, site: Site, rules: Iterable[Rule] | None = None) -> list[Hit]:
        """Affirmative matches of the rules in the site's sentences."""
        return list(find_hits(site.sentences_except(self.skip_kinds), self.rules if rules is None else rules))

    def finding(self, hit: Hit, fact: str | None = None, code: str | None = None) -> Finding:
        """A finding quoting the hit's sentence."""
        return Finding(self.key, fact or self.fact, code or hit.code, hit.quote, hit.sentence.url, hit.value)

    def accept(self, hit: Hit) -> bool:
        """A criterion-specific last check on a hit; all hits count by default."""
        return True

    def findings(self, site: Site) -> list[Finding]:
        """The criterion's evidence: one finding per matched sentence and code."""
        return dedupe(self.finding(hit) for hit in self.hits(site) if self.accept(hit))

    def score(self, findings: list[Finding]) -> int:
        """0-100 from the findings; no findings, no points."""
        raise NotImplementedError

    def evaluate(self, site: Site) -> CriterionResult:
        """Findings, score, whether anything was stated, and a confidence."""
        findings = self.findings(site)
        stated = bool(findings)
        return CriterionResult(
            key=self.key,
            score=max(0, min(100, self.score(findings))) if stated else self.unstated_score,
            findings=findings,
            stated=stated,
            confidence=confidence(site, findings, self.relevant_kinds),
            negative=stated and all(f.code in self.negative_codes for f in findings),
        )


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """Drop repeated (fact, code, quote, url, value) findings, keeping the first."""
    seen: set[tuple[str, str, str, str, str]] = set()
    kept = []
    for finding in findings:
        key = (finding.fact, finding.code, finding.quote, finding.url, repr(finding.value))
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


def confidence(site: Site, findings: list[Finding], relevant_kinds: frozenset[str] = frozenset()) -> float:
    """How sure a verdict is, 0-1.

    With evidence: more distinct quotes mean more sure. Without ("not stated"): the more of
    the site was read, and the more of the pages where clinics usually state this (pricing
    for insurance, the team page for credentials) were among them, the surer that the site
    really does not say it. Pages by third parties do not count.
    """
    if findings:
        return round(min(1.0, 0.7 + 0.1 * len({f.quote for f in findings})), 2)
    pages = site.own_pages
    relevant = sum(1 for page in pages if not relevant_kinds or site.kinds.get(page.url) in relevant_kinds)
    score = min(0.4, 0.08 * len(pages)) + min(0.5, 0.25 * relevant)
    return round(min(0.9, score), 2)


def summed_points(findings: list[Finding], table: dict[str, int]) -> int:
    """Sum of the points of each distinct code found, capped at 100."""
    return min(100, sum(table.get(code, 0) for code in {f.code for f in findings}))
