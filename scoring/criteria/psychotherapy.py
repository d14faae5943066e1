"""Psychotherapy integration: none, mentioned or referred out, or in-house KAP."""

from __future__ import annotations

import re

from scoring.config import points
from scoring.criteria.base import Criterion, Site, dedupe
from scoring.model import Finding
from scoring.rules import Rule

# "therapy" after these words is a medical or wellness treatment, not talk therapy ("hydration therapy")
_NOT_TALK_WORDS = (
    "infusion", "infusion-based", "ketamine", "esketamine", "Spravato", "TMS", "magnetic", "IV", "drip", "vitamin",
    "NAD", "NAD+", "hydration", "nutrient", "light", "laser", "physical", "occupational", "speech", "respiratory",
    "hormone", "oxygen", "hyperbaric", "ozone", "chelation", "massage", "cold", "wellness", "drug", "medication",
)
_NOT_TALK_THERAPY = "".join(rf"(?<!{re.escape(word)} )" for word in _NOT_TALK_WORDS)
_KAP = Rule("kap", (r"\bketamine[- ]assisted (?:psycho)?therap(?:y|ies)\b", r"\bKAP\b",
                    r"\bpsychedelic[- ]assisted (?:psycho)?therapy\b",
                    r"\bintegration (?:sessions?|therapy|work|support)\b",
                    r"\bpreparation (?:sessions?|and integration)\b"), referral_ok=True)
_OWN_THERAPISTS = Rule("own", (
    r"\b(?:our|in[- ]house|on[- ]site|staff|our own)\s+(?:\w+\s+){0,2}?(?:therapists?|psychotherapists?"
    r"|psychologists?|counselors?|counsellors?|social workers?|clinicians?)\b",
    r"\b(?:with|by) your therapist present\b",
    # therapists who joined the practice, or KAP said to be in house
    r"\b(?:therapists?|psychotherapists?|psychologists?|counselors?|social workers?)\b[^.]{0,80}\b(?:have|has) joined"
    r" (?:the|our) (?:team|practice|staff)\b",
    r"\b(?:ketamine[- ]assisted (?:psycho)?therapy|KAP)\s+(?:is\s+)?(?:in[- ]house|on[- ]site)\b",
    r"\byour therapist (?:is|stays|remains) (?:present|with you)\b",
    r"\bI (?:work|sit|stay) with (?:people|clients|you) (?:during|through)\b",
    r"\bwe (?:provide|offer|deliver|conduct) (?:\w+\s+){0,3}?(?:ketamine[- ]assisted|integration|preparation)\b",
    r"\b(?:our|Dr\.? [A-Z][\w-]+['’]s)\s+(?:\w+\s+)?(?:team|therapists?|clinicians?|counselors?)\b[^.]{0,30}"
    r"\b(?:providing|provides?|delivers?|delivering|offers?|offering|for|through)\s+preparation\b",
))
_MENTIONED = Rule("mentioned", (
    r"\bpsychotherap(?:y|ies|ist|ists)\b", r"\btalk therapy\b", r"\bcounsel(?:l)?ing\b",
    r"\btherapists?\b", r"\bpsychologists?\b", r"\b(?<!financial )(?<!insurance )(?<!billing )counsel(?:l)?ors?\b", r"\bintegration\b", r"\bCBT\b", r"\bEMDR\b",
    r"\brefer(?:ral|red|s)?\b[^.]{0,40}\b(?:therap|psycholog|counsel)",
    r"\b(?=therapy\b)" + _NOT_TALK_THERAPY + r"therapy\b(?! in \w+$)",
), general_ok=False, referral_ok=True,
    # therapy named as a treatment the patient already tried is not the clinic's offer
    unless=r"\b(?:already|previously) (?:tried|had|failed|been through|undergone|done)\b|\bafter (?:trying|failing)\b")


class Psychotherapy(Criterion):
    key = "psychotherapy"
    version = 6  # third blind set: counselors, therapy the patient already tried (v5: second blind set: therapists who joined, KAP in house (v4: wellness 'therapy' (hydration, NAD+) is none (v3: epistemic hedges)
    title = "Psychotherapy alongside ketamine"
    question = "Does the clinic's own licensed therapist prepare you, support you and help you integrate?"
    description = (
        "Ketamine combined with psychotherapy is described as more effective than ketamine "
        "alone. Ketamine-assisted psychotherapy (KAP) adds preparation before, support during "
        "and integration after each session, and ethical guidelines say that work belongs to a "
        "licensed mental-health professional. In-house KAP earns full points; a clinic that "
        "talks about therapy or refers patients out earns some."
    )
    sources = (
        "Project source documents: ketamine with psychotherapy is more effective than alone; KAP differs from infusion-only care.",
        "KRIYA ethical guidelines: a medical and a mental-health professional in every treatment.",
        "TARA Mind vetting: licensed therapists with KAP training.",
    )
    fact = "psychotherapy"
    relevant_kinds = frozenset({"services", "faq", "about", "team"})

    def findings(self, site: Site) -> list[Finding]:
        kap = self.hits(site, [_KAP])
        own = self.hits(site, [_OWN_THERAPISTS])
        if kap and own:
            return dedupe(self.finding(hit, code="in_house") for hit in (kap[:3] + own[:3]))
        mentioned = kap + self.hits(site, [_MENTIONED])
        return dedupe(self.finding(hit, code="mentioned") for hit in mentioned[:5])

    def score(self, findings: list[Finding]) -> int:
        table = points("psychotherapy")
        return max((table.get(f.code, 0) for f in findings), default=0)


def psychotherapy_level(findings: list[Finding]) -> str:
    """The fact value: in_house, mentioned or none."""
    codes = {f.code for f in findings if f.fact == "psychotherapy"}
    return "in_house" if "in_house" in codes else "mentioned" if "mentioned" in codes else "none"
