"""Chronic-pain focus: which pain conditions the clinic treats, or that it treats none."""

from __future__ import annotations

import re

from scoring.config import points
from scoring.criteria.base import Criterion, Site, dedupe
from scoring.model import Finding
from scoring.reading import (
    clause,
    hedge_scope,
    is_epistemic,
    is_general,
    is_negated,
    past_role_elsewhere,
    refused_after,
)
from scoring.rules import NO_HEDGE, Hit, Rule
from scoring.text import Sentence

_MENTAL_HEALTH = re.compile(
    r"\b(?:depression|ptsd|anxiety|ocd|bipolar|suicidal|post-?partum|mood disorders?|eating disorders?)\b",
    re.I,
)

# Hedges and statements about ketamine in general are judged by `PainFocus.accept`, which lets
# the clinic's own "Conditions we treat" heading state the offer.
PAIN_RULES = tuple(Rule(code, patterns, hedges=NO_HEDGE) for code, patterns in (
    ("crps", (r"\bCRPS\b", r"\bcomplex regional pain\b", r"\bRSD\b", r"\breflex sympathetic dystrophy\b")),
    ("fibromyalgia", (r"\bfibromyalgia\b",)),
    ("neuropathy", (r"\bn(?:eu|ue)ropath(?:y|ies|ic)\b", r"\bnerve pain\b")),
    ("migraine", (r"\bmigraines?\b", r"\bchronic headaches?\b")),
    ("phantom_limb", (r"\bphantom (?:limb )?pain\b", r"\bphantom limb\b")),
    ("back_pain", (r"\b(?:chronic |low(?:er)? |intractable )?back (?:and \w+ )?pain\b", r"\bsciatica\b",
                   r"\bfailed back\b")),
    ("cancer_pain", (r"\bcancer[- ](?:related )?pain\b", r"\bpain (?:from|of|due to|caused by) (?:\w+\s+)?cancer\b",
                     r"\b(?:metastatic|oncologic\w*|tumou?r) pain\b")),
    ("trigeminal_neuralgia", (r"\btrigeminal neuralgia\b", r"\btic douloureux\b")),
    ("arthritis", (r"\b(?:osteo|rheumatoid |psoriatic )?arthritis\b",)),
    ("chronic_pain_general", (r"\bchronic pain\b", r"\bpersistent pain\b")),
))
_NO_PAIN = Rule("false", (
    r"\b(?:do|does|will|can)\s*(?:not|n['’]t)\s+(?:treat|offer|provide|address|see|prescribe|give)\b[^.]{0,60}\bpain\b",
    r"\bnot (?:a )?pain (?:clinic|management|practice)\b",
    # "we do not use it to treat pain conditions" (but "we do not use ketamine for acute pain" keeps chronic pain open)
    r"\b(?:do|does|will|can)\s*(?:not|n['’]t)\s+use\s+(?:it|ketamine|esketamine|spravato|this (?:medication|medicine|treatment)"
    r"|(?:our\s+)?(?:infusions?|treatments?))\s+(?:to treat|for|to manage)\s+(?!acute\b|post-?operative\b|surgical\b)"
    r"(?:[\w-]+\s+){0,2}?pain\b",
    r"\bpain\b[^.]{0,40}\b(?:is|are) not (?:something )?(?:we|our)\b",
    r"\b(?:exclusively|only|solely|strictly) (?:on |for |treats? |with )?(?:mental health|psychiatric)\b",
    r"\b(?:mental health|psychiatric|mood) (?:conditions |disorders? |care |illness )?(?:only|exclusively)\b",
), negatable=False)
# A pain service with no condition named still means the clinic treats pain.
_PAIN_SERVICE = Rule("true", (r"\bpain (?:infusions?|protocols?|programs?|series|treatments?|clinic)\b",
                              r"\bketamine (?:infusions? |therapy |treatment )?for (?:chronic |long-term )?pain\b"))
# A protocol made for pain: longer infusions, an induction series (only for clinics that treat pain).
_PAIN_PROTOCOL = Rule("protocol", (
    r"\bpain (?:infusion )?protocols?\b", r"\bpain infusions?\b[^.;]{0,60}\b(?:hours?|days?|series|course)\b",
    r"\b(?:\d+|two|three|four|five|six|seven|ten)[- ](?:hour|day) (?:[\w-]+ )?(?:infusions?|induction|series|protocol)",
    r"\binduction (?:protocol|series)\b",
), listed_ok=False)
# "Do you treat pain?" answered "No."
_PAIN_ASKED = Rule("pain", (r"\b(?:treat|offer|provide|get|see|help with|accept|do)\b[^?]{0,40}\bpain\b",), denied="false")
# Several pages that name only mental-health conditions as what the clinic treats.
_TREATS = re.compile(r"\b(?:we|our (?:\w+ )?(?:clinic|practice|team|center))\s+(?:\w+\s+)?(?:treat|help|specialize|care for|work with)"
                     r"|\bconditions (?:we )?treat|\btreat(?:s|ing|ment)? (?:for|of)\b|\b(?:support|therapy|care|help) (?:for|with)\b",
                     re.I)
_SITE_PAGES_FOR_INFERENCE = 3
_ANY_PAIN = re.compile(r"\bpain|\bCRPS\b|\bfibromyalgia\b|\bneuropath|\bmigraine|\bneuralgia\b|\barthritis\b", re.I)
# What ketamine (or research, or patients in general) does for a condition, not what the clinic offers.
_EFFICACY = re.compile(
    r"\b(?:help(?:s|ed)?|reliev\w+|reduc\w+|eas(?:e|es|ed|ing)|improv\w+|benefit\w*|works?|calm\w*|lessen\w*"
    r"|alleviat\w+|effective|efficacy|studied|shown|promising|respond\w*)\b",
    re.I,
)
# A heading under which the clinic states its own offer: "Conditions we treat", "Who we help".
_OFFER_HEADING = re.compile(
    r"\b(?:we|I)\s+(?:\w+\s+)?(?:treat|help|offer|provide|care for|speciali[sz]e)\b|\bconditions? treated\b", re.I
)
_NOT_OFFERED = re.compile(r"\b(?:not|no|don['’]t|doesn['’]t|never)\b|\?\s*$", re.I)


class PainFocus(Criterion):
    key = "pain_focus"
    version = 6  # third blind set and real sites: pages naming only mental-health conditions and never pain, a condition refused later in the sentence, "we refer them there", hearsay, co-providers (v5: second blind set: one refused condition is not "no pain", cluster headache (v4: 'we do not use it to treat pain', past jobs, 'it' refused (v3: hedges)))
    title = "Chronic-pain focus"
    question = "Does the clinic offer ketamine for chronic pain, and for which conditions?"
    description = (
        "Chronic pain lasts beyond three months and affects up to 100 million Americans. "
        "Ketamine is used for CRPS, fibromyalgia, neuropathy, migraine, phantom limb pain, "
        "cancer pain and other conditions, usually after standard treatments failed. We record "
        "the pain conditions a clinic says it treats, and whether it describes a protocol made for "
        "pain (longer infusions, an induction series), as the source documents describe. A "
        "practice that says it does not treat pain, or treats mental health only, is not a pain "
        "clinic and scores nothing here."
    )
    sources = (
        "Project source documents: chronic pain prevalence; the conditions treated; guidelines reserve ketamine for refractory pain.",
        "Project source documents: a mental-health-first provider that does not treat physical pain is not a pain clinic.",
    )
    fact = "pain_conditions"
    relevant_kinds = frozenset({"conditions", "services", "home", "faq"})
    negative_codes = frozenset({"false"})
    rules = PAIN_RULES

    def accept(self, hit: Hit) -> bool:
        """A condition the clinic treats: not a definition, and not what ketamine may do for it in
        general or by a hedge ("Ketamine may help some people with fibromyalgia"), unless the
        clinic's own heading says these are the conditions it treats."""
        text = hit.sentence.masked
        start, end = hit.match.span()
        if hit.code == "chronic_pain_general" and re.search(r"\bis an? (?:[\w-]+ )?$", text[:start]):
            return False  # "CRPS is a chronic pain condition" defines, it does not offer
        if past_role_elsewhere(text, start) or refused_after(text, end):
            return False  # "she previously directed a hospital pain service"; "..., but we don't offer it for that"
        if any(is_negated(text, later.start(), later.end()) for later in hit.rule.regex.finditer(text, end)):
            return False  # "being studied for fibromyalgia, but we do not offer infusions for fibromyalgia"
        if _under_offer_heading(hit.sentence):
            return True
        own = clause(text, start, end)
        general = is_general(own) and bool(_EFFICACY.search(own))
        return not (general or is_epistemic(hedge_scope(text, start, end)) or _generic_research(text))

    def findings(self, site: Site) -> list[Finding]:
        negative = [hit for hit in self.hits(site, [_NO_PAIN]) if not _one_condition(hit)] + [
            hit for hit in self.hits(site, [_PAIN_ASKED])
            if hit.sentence.is_question and hit.code == "false" and not _one_condition(hit)
        ]
        if negative:
            return dedupe(self.finding(hit, fact="treats_pain", code="false") for hit in negative)
        conditions = super().findings(site)
        protocols = dedupe(self.finding(hit, fact="pain_protocol") for hit in self.hits(site, [_PAIN_PROTOCOL]))
        if conditions:
            first = conditions[0]
            return [*conditions, Finding(self.key, "treats_pain", "true", first.quote, first.url), *protocols]
        services = self.hits(site, [_PAIN_SERVICE])
        if services:
            return [self.finding(services[0], fact="treats_pain"), *protocols]
        return _mental_health_only(self.key, site)

    def score(self, findings: list[Finding]) -> int:
        if any(f.fact == "treats_pain" and f.code == "false" for f in findings):
            return 0
        conditions = {f.code for f in findings if f.fact == "pain_conditions"}
        table = points("pain_focus")
        protocol = table["protocol"] if any(f.fact == "pain_protocol" for f in findings) else 0
        return min(100, table["treats_pain"] + table["per_condition"] * len(conditions) + protocol)


def _mental_health_only(key: str, site: Site) -> list[Finding]:
    """A site of several pages whose statements of what it treats name only mental-health
    conditions is not a pain clinic; one page alone is too little to say so."""
    if len(site.own_pages) < _SITE_PAGES_FOR_INFERENCE:
        return []
    lists = [s for s in site.sentences if not s.is_question and _TREATS.search(s.masked)
             and len({m.group(0).lower() for m in _MENTAL_HEALTH.finditer(s.masked)}) >= 2]
    if not lists:
        # several pages that name mental-health conditions and never pain say what they treat as
        # well; a site silent about conditions stays "not stated"
        own = {page.url for page in site.own_pages}
        read = [s for s in site.sentences if s.url in own]
        if any(_ANY_PAIN.search(s.masked) for s in read):
            return []
        lists = [s for s in read if not s.is_question and _MENTAL_HEALTH.search(s.masked)]
    if not lists:
        return []
    return [Finding(key, "treats_pain", "false", lists[0].text, lists[0].url, "mental health conditions only")]


def _one_condition(hit: Hit) -> bool:
    """The refusal names one pain condition ("we do not treat back pain", "Do you treat back pain
    or arthritis? No."): it leaves out that condition, not pain as a whole."""
    text = hit.sentence.masked
    start, end = hit.match.span()
    pains = [found.start() for found in re.finditer(r"\bpain\b", text[start:end], re.I)]
    if not pains:
        return False
    where = start + pains[-1]
    return any(found.start() <= where < found.end() for rule in PAIN_RULES if rule.code != "chronic_pain_general"
               for found in rule.regex.finditer(text))


def _under_offer_heading(sentence: Sentence) -> bool:
    heading = sentence.heading
    return bool(heading and not sentence.is_heading and _OFFER_HEADING.search(heading)
                and not _NOT_OFFERED.search(heading))


def _generic_research(text: str) -> bool:
    return bool(re.search(r"\b(?:studies|research|trials?|researchers|evidence)\b", text, re.I)) and not re.search(
        r"\b(?:we|our)\b", text, re.I
    )


def treats_pain(findings: list[Finding]) -> bool | None:
    """The `treats_pain` fact: True, False, or None when the site does not say."""
    codes = {f.code for f in findings if f.fact == "treats_pain"}
    return False if "false" in codes else True if "true" in codes else None
