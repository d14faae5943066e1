"""Red flags: promises no honest clinic makes, and signs the listing is stale or fake."""

from __future__ import annotations

import re

from scoring.config import weights
from scoring.criteria.base import Criterion, Site, dedupe
from scoring.model import Finding
from scoring.placeholders import PLACEHOLDER_TEXT, placeholder_phones
from scoring.reading import clause
from scoring.rules import ANY_HEDGE, NO_HEDGE, Hit, Rule

# One office of a group closing, or a relocation, is not the clinic closing.
_ONE_LOCATION = re.compile(r"\b(?:this|that|our|one|the) (?:\w+ )?(?:location|office|site|branch|satellite)\b(?<!all locations)", re.I)
_FDA_CLAIM = Rule("other", (r"\bFDA[- ]approved\b", r"\bapproved by the FDA\b", r"\bFDA approval\b"), hedges=ANY_HEDGE,
                  answerable=False)
_APPROVED_HONESTLY = re.compile(
    r"\b(?:spravato|esketamine|anesthe\w+|off[- ]label|not FDA|only FDA|nasal spray|ketamine-derived|derived)\b", re.I
)
_KETAMINE_ROUTE = re.compile(r"\b(?:IV|intravenous|infusions?|ketamine)\b", re.I)
_INDICATION = re.compile(r"\b(?:depression|anxiety|PTSD|pain|mood|OCD|bipolar|suicidal\w*|treatment|protocol|therapy)\b", re.I)


def _false_fda_claim(hit: Hit) -> bool:
    """IV ketamine called FDA-approved (only Spravato is, and ketamine only as an anaesthetic)."""
    own = clause(hit.sentence.masked, hit.match.start(), hit.match.end())
    return (bool(_KETAMINE_ROUTE.search(own) and _INDICATION.search(own))
            and not _APPROVED_HONESTLY.search(hit.sentence.masked))


# A guarantee named after a price, a bill or privacy promises terms of business, not an outcome.
_COMMERCIAL_GUARANTEE = re.compile(
    r"\b(?:pric\w*|price-lock|lock|match|cost|fees?|rates?|billing|bill|privacy|refund|appointment|availability"
    r"|no[- ]surprise|transparency|transparent)\W+(?:[\w-]+\W+){0,1}$",
    re.I,
)


class RedFlags(Criterion):
    key = "red_flags"
    version = 6  # third blind set and real sites: superiority of the clinic's own results, quotations over several sentences, review sites, "relief instantly", "no referral or evaluation needed" (v5: second blind set: pricing guarantees (v4: "for good", shut doors, conspiracy framing; merged with main's hedge kinds))
    title = "Red flags"
    question = "Does the clinic promise what no one can promise, or is its listing stale?"
    description = (
        "Walk away from a clinic that promises a cure or guaranteed relief, calls ketamine "
        "not addictive or free of side effects, or calls it completely safe: ketamine can "
        "cause dissociation, nausea and raised blood pressure, and outcome promises are a "
        "recognised marketing red flag. A clinic that says it has closed, or whose site still "
        "shows a template's placeholder address or phone, is flagged for maintainers. Other "
        "red flags are unqualified success rates, calling IV ketamine FDA-approved, 'no "
        "evaluation required', instant relief and unverifiable superiority claims. Unlike the "
        "other criteria, a claim about ketamine in general counts here when the clinic's own "
        "pages make it ('Ketamine is not addictive'): the clinic chose to tell patients so. "
        "Claims a page quotes, refutes or attributes to other clinics are not held against it. "
        "Each kind of red flag takes points off and caps the overall grade."
    )
    sources = (
        "Licensed-psychedelics patient guide: walk away from 'guaranteed' or 'cure' claims.",
        "Clinic-marketing red flags: outcome promises are a red flag; green flags must be verifiable.",
        "Project source documents: risks include dissociation, nausea, raised blood pressure and heart rate.",
    )
    fact = "red_flags"
    relevant_kinds = frozenset()
    unstated_score = 100
    rules = (
        Rule("cure_claim", (r"\bcures?\b(?!\s+rate)(?!-all)", r"\bcured\b", r"\bcuring\b",
                            r"\bpermanent(?:ly)? (?:fix|end|eliminat\w+|resolv\w+|relief|cure)\b",
                            r"\b(?:end|ends|ending|eliminat\w+|erase[sd]?|banish\w*|get rid of|beat|conquer\w*|wipe[sd]? out|fix(?:es)?)"
                            r"\s+(?:your |all |the )?(?:[\w-]+\s+)?(?:pain|depression|anxiety|ptsd|suffering|symptoms)\b"
                            r"[^.]{0,20}\b(?:forever|for good|permanently|once and for all)\b"),
             general_ok=True, hedges=ANY_HEDGE, answerable=False, unless=r"\bsecure\b"),
        Rule("guarantee", (r"\bguarantee[sd]?\b",
                           r"\b100\s?% (?:success|effective|results|relief|satisfaction)\b",
                           r"\bresults? guaranteed\b", r"\bmoney[- ]back\b"), hedges=ANY_HEDGE, answerable=False),
        Rule("not_addictive", (r"\b(?:is|are)\s+(?:not|non|never)[- ]?(?:habit[- ]forming|addictive)\b",
                               r"\bnon[- ]?(?:habit[- ]forming|addictive)\b", r"\bnot habit[- ]forming\b",
                               r"\b(?:no|zero) (?:risk|chance) of (?:addiction|dependence|dependency|abuse|becoming addicted)\b",
                               r"\b(?:cannot|can't|can’t) become addicted\b"), hedges=NO_HEDGE, answerable=False),
        Rule("no_side_effects", (r"\b(?:no|zero|without (?:any )?)\s*(?:serious |major |lasting |negative |long[- ]term )?side[- ]effects?\b",
                                 r"\bside[- ]effect[- ]free\b", r"\black of side[- ]effects?\b",
                                 r"\bside effects are (?:non-?existent|nonexistent)\b"), hedges=NO_HEDGE, answerable=False),
        Rule("unqualified_safety", (r"\b(?:completely|totally|perfectly|100\s?%|absolutely|entirely|always)\s+(?:safe|risk[- ]free)\b",
                                    r"\bsafe for (?:everyone|anyone|all patients)\b", r"\brisk[- ]free\b",
                                    r"\b(?:no|zero) risks?\b(?! of)"), hedges=ANY_HEDGE, answerable=False),
        Rule("closed", (r"\bpermanently closed\b", r"\bclosed permanently\b",
                        r"\b(?:has|have|we['’]ve|we have)\s+(?:now\s+)?(?:been\s+)?closed\b"
                        r"(?!\s+(?:for|during|today|tomorrow|early|on (?:mondays|tuesdays|wednesdays|thursdays"
                        r"|fridays|saturdays|sundays|weekends|holidays)))",
                        r"\bclosed (?:its|our) doors\b", r"\bceased (?:all )?operations\b",
                        r"\b(?:permanently|has|have|we['’]ve|had)\s+(?:now\s+)?(?:permanently\s+)?(?:shut|shuttered|closed)\s+"
                        r"(?:its|our|the)\s+doors\b",
                        r"\b(?:shut|shuttered|closed|closing) (?:down )?(?:for good|permanently)\b",
                        r"\bno longer (?:booking|scheduling|taking|accepting|seeing|treating) (?:any |new )?"
                        r"(?:patients|appointments|consultations|bookings)\b",
                        r"\bno longer (?:open|operating|in (?:business|operation)|seeing patients|accepting (?:new )?patients)\b",
                        r"\b(?:clinic|practice) (?:is|has) (?:now )?(?:permanently )?closed\b(?!\s+(?:on|for|during|today))"),
             general_ok=True, hedges=NO_HEDGE, answerable=False),
        Rule("other", (
            r"\b\d{2,3}(?:\s?[-–]\s?\d{2,3})?\s?%\s+(?:success|response|remission|improvement|satisfaction)(?: rate)?\b",
            r"\b(?:success|response|remission|improvement) rate\b[^.]{0,30}\b\d{2,3}\s?%",
            r"\b\d{2,3}(?:\s?[-–]\s?\d{2,3})?\s?%\s+of\s+(?:our\s+)?(?:patients|members|clients|guests|people)\b[^.]{0,60}"
            r"\b(?:feel|see|report|respond|improve|better|relief|recover)",
            r"\binstant(?:ly)? (?:relief|results|cure)\b|\bimmediate relief\b|\brelief in minutes\b",
            r"\b(?:relief|better|results)\s+instantly\b|\binstantly\s+(?:feel|relieve[sd]?|better)\b",
            # an unverifiable superiority claim for the clinic's own results
            r"\b(?:the |our )?results (?:are|were|will be) (?:far |much |even |so )?more (?:profound|dramatic|powerful"
            r"|effective|lasting|durable|robust)\b(?:\s+and\s+(?:longer|more)[- ]?lasting\b)?",
            r"\bsafer than (?:tylenol|aspirin|ibuprofen|advil|an? (?:aspirin|over-the-counter)|coffee|alcohol)\b",
            r"\b(?:doctors?|big pharma|the industry|pharmaceutical companies)\b[^.]{0,30}\b(?:don['’]t|do not|doesn['’]t) want you to know\b",
            # conspiracy framing: the drug industry hiding or burying ketamine to protect its profits
            r"\b(?:big pharma|(?:big |large )?(?:drug|pharmaceutical|pharma) (?:companies|industry|giants?|makers?))\b[^.]{0,60}"
            r"\b(?:keep(?:s|ing)? (?:it|ketamine|this|[\w-]+ treatments?) (?:quiet|hidden|secret|under wraps)|hid(?:e|es|ing|den)?"
            r"|suppress\w*|bur(?:y|ies|ied|ying)|silenc\w*|cover(?:s|ed|ing)? up|threat\w* (?:to )?their \w*\s?profits?)\b",
            r"\bno (?:(?:referral|prescription|appointment|paperwork|labs?),?\s+(?:or|and|nor)\s+)?"
            r"(?:psychiatric |medical |mental health )?(?:evaluation|screening|exam|assessment)s?\s+(?:is\s+)?"
            r"(?:required|needed|necessary)\b",
            r"\bno (?:lengthy |long |complicated )?paperwork\b",
            r"\bonly (?:method|treatment|route|way|option|form)\b[^.]{0,80}\b(?:proven|effective|works)\b",
            r"\b(?:clinically|scientifically) proven\b",
            r"\b(?:one of the )?(?:most experienced|best|leading|top|premier|#1|number one|foremost)\b[^.]{0,60}"
            r"\bin the (?:country|nation|world|united states|u\.s\.|us|state|region)\b",
        ), hedges=ANY_HEDGE, answerable=False),
        # research said to prove safety is an unqualified safety claim however it is attributed
        Rule("unqualified_safety", (r"\bprov(?:en|ing|es|ed)\b[^.]{0,40}\bsafety\b", r"\bproven safe\b"), hedges=NO_HEDGE,
             answerable=False),
    )

    def accept(self, hit: Hit) -> bool:
        text = hit.sentence.masked
        before = text[: hit.match.start()]
        if re.search(r"\b(?:never (?:say|claim|promise)|myth|false|untrue|wrong)\b", before, re.I):
            return False
        if hit.code == "guarantee" and _COMMERCIAL_GUARANTEE.search(before[-40:]):
            return False  # "our Transparent Pricing Guarantee" promises a price, not an outcome
        own = clause(text, hit.match.start(), hit.match.end())
        return not (hit.code == "closed" and _ONE_LOCATION.search(own))

    def findings(self, site: Site) -> list[Finding]:
        found = super().findings(site)
        found += [self.finding(hit) for hit in self.hits(site, [_FDA_CLAIM]) if _false_fda_claim(hit)]
        for sentence in site.sentences:
            if PLACEHOLDER_TEXT.search(sentence.text) or placeholder_phones(sentence.text):
                found.append(Finding(self.key, self.fact, "placeholder_contact", sentence.text, sentence.url))
        return dedupe(found)

    def score(self, findings: list[Finding]) -> int:
        penalty = weights()["red_flags"]["penalty"]
        return max(0, 100 - sum(penalty.get(code, 5) for code in {f.code for f in findings}))


def penalty_and_cap(findings: list[Finding]) -> tuple[int, int]:
    """Points to take off the overall score, and the highest overall score allowed."""
    table = weights()["red_flags"]
    kinds = {f.code for f in findings if f.fact == "red_flags"}
    penalty = sum(table["penalty"].get(kind, 5) for kind in kinds)
    cap = min((table["cap"].get(kind, 100) for kind in kinds), default=100)
    return penalty, cap
