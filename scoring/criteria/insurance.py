"""Insurance and cost: what is covered, how to pay, and whether prices are published."""

from __future__ import annotations

import re

from scoring.config import points
from scoring.criteria.base import Criterion, Site, dedupe, summed_points
from scoring.model import Finding
from scoring.rules import Hit, Rule
from scoring.text import Sentence

_PRICE = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d{1,6})(?:\.\d{2})?(?!\s*(?:k\b|million|billion))", re.I)
_GENERAL_COST = re.compile(
    r"\b(?:typically|on average|average|nationally|nationwide|industry|most clinics|elsewhere|"
    r"can cost|may cost|costs? (?:range|vary|varies)|ranges? from|in the (?:us|united states))\b",
    re.I,
)
_SPRAVATO = re.compile(r"\b(?:spravato|esketamine)\b", re.I)


def _usd(match: re.Match[str], _sentence: Sentence) -> int:
    return int(match.group(1).replace(",", ""))


class Insurance(Criterion):
    key = "insurance"
    title = "Insurance and cost"
    question = "Can you use insurance or tax-advantaged accounts, and does the clinic publish its prices?"
    description = (
        "Insurers are not required to cover ketamine and rarely do for pain; Spravato is often "
        "covered. IV infusions cost roughly $350 to $1,200 each and a full series $1,400 to "
        "$12,000, so published prices, superbills for out-of-network claims, HSA/FSA payment "
        "and financing matter. A clinic that says insurance is not accepted is recorded as "
        "cash only, never as accepting insurance."
    )
    sources = (
        "Project source documents: insurers are not required to cover ketamine; IV costs $350-$1,200 per infusion, $1,400-$12,000 per series.",
        "TARA Mind vetting: prices kept in each provider's profile.",
    )
    fact = "insurance"
    rules = (
        Rule("cash_only", (
            r"\b(?:do|does|will|can)\s*(?:not|n['’]t)\s+(?:accept|take|bill|work with|file|submit to)\s+(?:\w+\s+){0,3}?insurance\b",
            r"\bnot (?:a )?covered (?:benefit )?(?:by|under) (?:\w+\s+){0,3}?(?:insurance|insurers?|plans?)\b",
            r"\binsurance (?:does|will|do) not (?:cover|pay)\b",
            r"\binsurance is not accepted\b", r"\bno insurance\b",
            r"\bcash[- ](?:pay|only|based)\b(?!\s+(?:option|discount|price|rate))",
            r"\bself[- ]pay only\b", r"\bprivate[- ]pay (?:only|practice)\b",
            r"\b(?:can|do|will)? ?only accept (?:cash|credit|payment)\b",
            r"\b(?:we are|we're|are) (?:an? )?out[- ]of[- ]network (?:provider|practice)\b",
            r"\bnot in[- ]network with any\b",
        ), negatable=False),
        Rule("spravato_covered", (
            r"\b(?:spravato|esketamine)\b[^.]{0,80}\b(?:covered|insurance|in[- ]network|insurers?)\b",
            r"\b(?:insurance|covered|in[- ]network)\b[^.]{0,80}\b(?:spravato|esketamine)\b",
        )),
        Rule("accepts_insurance", (
            r"\baccept(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?insurance\b",
            r"\binsurance (?:plans? )?(?:is |are )?accepted\b",
            r"\bin[- ]network (?:with|for|provider)\b",
            r"\b(?:we|our office) (?:bill|work with|are contracted with|contract with)\s+(?:\w+\s+){0,3}?insur\w+\b",
            r"\bcovered by (?:your |most |many )?(?:\w+\s+)?insurance\b",
            r"\btake (?:most )?(?:major )?insurance\b",
            r"\b(?:Medicare|Medicaid|Tricare|TRICARE|Aetna|Cigna|Blue Cross|BCBS|UnitedHealthcare|Humana)\b[^.]{0,40}\baccepted\b",
        ), unless=r"\b(?:spravato|esketamine)\b|\bonly\b.{0,20}\b(?:spravato|esketamine)\b"),
        Rule("superbill", (
            r"\bsuper-?bills?\b",
            r"\bout[- ]of[- ]network (?:benefits|reimbursement|claims?|paperwork|forms?)\b",
            r"\b(?:documents?|documentation|paperwork|receipts?|forms?)\b[^.]{0,60}\b(?:insurer|insurance)\b[^.]{0,30}\breimburse",
            r"\bsubmit\b[^.]{0,40}\b(?:insurer|insurance)\b[^.]{0,30}\breimburse",
        )),
        Rule("hsa_fsa", (r"\bHSAs?\b", r"\bFSAs?\b", r"\bhealth savings accounts?\b",
                         r"\bflexible spending accounts?\b")),
        Rule("financing", (r"\bfinancing\b", r"\bCare ?Credit\b", r"\bpayment plans?\b", r"\bAdvance ?care card\b",
                           r"\bCherry\b", r"\bAffirm\b", r"\bmonthly payments?\b", r"\bPrima ?Care\b")),
    )
    price_rule = Rule("price", (_PRICE.pattern,), negatable=False, value=_usd)

    def accept(self, hit: Hit) -> bool:
        if hit.rule.code == "spravato_covered":
            return not re.search(r"\bnot\b[^.]{0,30}\bcovered\b", hit.sentence.text, re.I)
        return True

    def findings(self, site: Site) -> list[Finding]:
        found = super().findings(site)
        prices = [
            Finding(self.key, "prices", "price", hit.sentence.text, hit.sentence.url, price)
            for hit in self.hits(site, [self.price_rule])
            if not _GENERAL_COST.search(hit.sentence.text)
            for price in _all_prices(hit.sentence.text)
        ]
        return dedupe(found + prices)

    def score(self, findings: list[Finding]) -> int:
        table = points("insurance")
        total = summed_points([f for f in findings if f.fact == "insurance"], table)
        if any(f.fact == "prices" for f in findings):
            total += table.get("published_prices", 0)
        return min(100, total)


def _all_prices(text: str) -> list[int]:
    """Every dollar amount in a sentence, in order ("$350–$450" gives two)."""
    return [int(m.group(1).replace(",", "")) for m in _PRICE.finditer(text)]


def published_prices(findings: list[Finding]) -> list[dict[str, object]]:
    """The `prices` fact: one {what, usd} per distinct amount, `what` being the quoted sentence."""
    seen: set[int] = set()
    prices = []
    for finding in findings:
        if finding.fact == "prices" and finding.value not in seen:
            seen.add(finding.value)
            prices.append({"what": finding.quote, "usd": finding.value})
    return prices
