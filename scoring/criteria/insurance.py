"""Insurance and cost: what is covered, how to pay, and whether prices are published."""

from __future__ import annotations

import re
from dataclasses import replace

from scoring.config import points
from scoring.criteria.base import Criterion, Site, dedupe, summed_points
from scoring.model import Finding
from scoring.reading import clause
from scoring.rules import Hit, Rule
from scoring.text import Sentence

_PRICE = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d{1,6})(?:\.\d{2})?(?!\s*(?:k\b|million|billion))", re.I)
# an amount written with the currency in words: "150 dollars", "USD 2,100", "2,100 USD"
_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?:\.\d{2})?"
_WORDED_PRICE = re.compile(rf"\b{_AMOUNT}\s*(?:dollars|USD)\b|\bUSD\s?{_AMOUNT}(?!\s*(?:k\b|million|billion))", re.I)
_GENERAL_COST = re.compile(
    r"\b(?:typically|on average|average|nationally|nationwide|industry|most clinics|elsewhere|"
    r"can cost|may cost|costs? (?:range|vary|varies)|ranges? from|in the (?:us|united states))\b",
    re.I,
)
_PUNCTUATION = " \t·/|–—-.,:;*()"
_SPRAVATO = re.compile(r"\b(?:spravato|esketamine)\b", re.I)
_INSURANCE = r"(?:insur[ae]nce|insurers?|health plans?|insurance plans?)\b"
_CARRIERS = r"Medicare|Medicaid|Tricare|TRICARE|Aetna|Cigna|Blue Cross|BCBS|UnitedHealthcare|Humana|Anthem|VA Community Care"
_COVERAGE = (r"covered|covers?|insurance|in[- ]network|insurers?|billed|bills|prior authori[sz]ation|authori[sz]ations"
             rf"|{_CARRIERS}|commercial plans")
# What an acceptance of insurance is for: "for Spravato" alone is Spravato coverage, not insurance in general.
_FOR_PHRASE = re.compile(r"\b(?:for|only for|limited to|except)\b([^.;]*)", re.I)
_OTHER_SERVICES = re.compile(
    r"\b(?:visits?|consultations?|office|psychiatric|therapy|medication management|appointments?|evaluations?|TMS"
    r"|psychotherapy|integration|preparation|infusions?|IV|ketamine(?! \(?esketamine))\b",
    re.I,
)


# a table row's label that starts with Spravato may be longer than a section heading
_ROW_LABEL_WORDS = 8
_PRONOUN = re.compile(r"\s*(?:it|this|that|them|these|those|the medication|the treatment)\W*", re.I)
_COVERED = Rule("covered", (rf"\b(?:billed to|covered by|in[- ]network with)\s+(?:your\s+)?(?:\w+\s+)?{_INSURANCE}",))


def _usd(match: re.Match[str], _sentence: Sentence) -> int:
    digits = re.search(r"\d[\d,]*", match.group(0))
    return int(digits.group(0).replace(",", "")) if digits else 0


def _free(_match: re.Match[str], _sentence: Sentence) -> int:
    return 0  # "free 15-minute consultation": the 15 is minutes


_PRICE_RULES = (
    Rule("price", (_PRICE.pattern, _WORDED_PRICE.pattern), negatable=False, answerable=False, value=_usd),
    Rule("price", (r"\b(?:free|complimentary|no-cost|no-charge)\s+(?:initial\s+|first\s+|phone\s+|[\w-]+-minute\s+)?"
                   r"(?:consultations?|consults?|evaluations?|screenings?|discovery calls?)\b",
                   # a price-list item of its own: "Free 20-minute phone consultation"
                   r"^\W*(?:free|complimentary|no-cost)\s+(?:(?:initial|first|phone|video|[\w-]+-minute)\s+){2,3}"
                   r"(?:consultations?|consults?|evaluations?|screenings?|discovery calls?)\W*$",
                   # "The 15-minute phone consultation with our nurse is free."
                   r"\b(?:consultations?|consults?|discovery calls?)\b(?:\s+(?:with|by)\s+(?:our|a|an|the)\s+[\w-]+)?"
                   r"\s+(?:is|are)\s+(?:always\s+|completely\s+)?(?:free|complimentary|no[- ]cost)\b"),
         answerable=False, value=_free),
)
# A price-table cell reading "Free" under a consultation row.
_FREE_CELL = re.compile(r"\W*(?:free|complimentary|no charge|no cost)\W*", re.I)
_FREE_SERVICE = re.compile(r"\b(?:consult\w*|call|evaluation|screening|visit)\b", re.I)
_DISCOUNT_AFTER = re.compile(r"\s*(?:off|discount|savings?|credit|rebate|less|more than|or more|above)\b", re.I)
# "para ahorrar $25", "un descuento de $25": a Spanish discount as well
_DISCOUNT_BEFORE = re.compile(r"\b(?:save|saving|discount of|up to|rebate of|ahorr\w*|descuento de)\s*$", re.I)
# a price another party sets: "a compounding pharmacy, which charges about $60"
_PHARMACY_PRICE = re.compile(
    r"\bpharmac(?:y|ies)\b[^.;]{0,40}\bcharg\w*|\b(?:paid|payable|goes) (?:directly )?to the pharmacy\b", re.I
)


class Insurance(Criterion):
    key = "insurance"
    version = 7  # third blind set: "private pay", Cherry Creek is a place, Spravato clause, pharmacy-set and Spanish discounts, free list items (v6: second blind set: 'Insurance: not accepted', other parties' plans (v5: held-out pages: contracts, claims, Spravato rows, worded prices (v4: hedges, 'bill it')))
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
    relevant_kinds = frozenset({"pricing", "insurance", "faq"})
    negative_codes = frozenset({"cash_only"})
    rules = (
        Rule("cash_only", (
            r"\bnot (?:a )?covered (?:benefit )?(?:by|under) (?:\w+\s+){0,3}?(?:insur\w+|plans?)\b",
            rf"\b{_INSURANCE} (?:(?:does|will|do|did)\s*(?:not|n['’]t)|won['’]t) (?:cover|pay)\b", rf"\bno {_INSURANCE}\b(?! (?:required|needed))",
            r"\bcash[- ](?:pay|only|based)\b(?!\s+(?:option|discount|price|rate))",
            r"\bcash (?:and|or) (?:credit )?cards? only\b", r"\bcash only\b",
            r"\b(?:is|are)\s+(?:\w+\s+)?(?:self|private)[- ]pay\b", r"\bself[- ]pay only\b", r"\bprivate[- ]pay (?:only|practice)\b",
            r"\b(?:can|do|will)? ?only accept (?:cash|credit|payment)\b",
            r"\b(?:we are|we're|are) (?:an? )?out[- ]of[- ]network (?:provider|practice)\b",
            r"\bout[- ]of[- ]network with (?:all|any|every)\b",
        ), unless=r"\b(?:often|usually|typically|generally|sometimes|in most cases)\b"),
        Rule("spravato_covered", (
            rf"\b(?:spravato|esketamine)\b[^.]{{0,80}}\b(?:{_COVERAGE})",
            rf"\b(?:{_COVERAGE})[^.]{{0,80}}\b(?:spravato|esketamine)\b",
        )),
        Rule("accepts_insurance", (
            rf"\b(?:accept|take|welcome)(?:s|ed|ing)?\s+(?:\w+\s+){{0,3}}?(?:{_INSURANCE}|{_CARRIERS}|commercial plans|PPO|HMO)",
            rf"\b{_INSURANCE} (?:plans? )?(?:is |are )?accepted\b",
            # a label and its value: "Insurance: accepted", "Insurance: not accepted" (a denial)
            rf"\b{_INSURANCE}\s*:(?=\s*(?:not\s+)?(?:accepted|taken)\b)",
            r"\bin[- ]network\b(?! benefits)", r"\bparticipat\w+ (?:with|in) (?:\w+\s+){0,2}?(?:insur\w+|plans|networks)\b",
            rf"\b(?:bill|bills|billed|billing|file claims with|submit claims to)\b[^.;]{{0,40}}\b(?:{_INSURANCE}|{_CARRIERS})",
            rf"\b(?:we|our office) (?:work with|are contracted with|contract with)\s+(?:\w+\s+){{0,3}}?{_INSURANCE}",
            # starts after the subject, so that "is not contracted with any plan" is read as a denial
            rf"\b(?:contracted|in[- ]network contracts?) with\s+(?:\w+\s+){{0,3}}?(?:{_INSURANCE}|{_CARRIERS})",
            r"\b(?:file|submit)s?\s+(?:the\s+|all\s+|your\s+)?(?:insurance\s+)?(?:claims on your behalf|claims for you)\b",
            rf"\bcovered by (?:your |most |many )?(?:\w+\s+)?{_INSURANCE}",
            rf"\b(?:{_CARRIERS})\b[^.]{{0,40}}\baccepted\b",
        ), denied="cash_only"),
        Rule("superbill", (
            r"\bsuper-?bills?\b",
            r"\bout[- ]of[- ]network (?:benefits|reimbursement|claims?|paperwork|forms?)\b",
            r"\b(?:documents?|documentation|paperwork|receipts?|forms?|statements?)\b[^.]{0,60}\b(?:insurer|insurance)\b[^.]{0,30}\breimburse",
            r"\b(?:receipts?|statements?|invoices?)\b[^.]{0,60}\b(?:diagnosis|procedure|CPT|billing) codes\b",
            r"\b(?:send|submit)\b[^.]{0,40}\bto (?:your|the) insur\w+\b",
        )),
        Rule("hsa_fsa", (r"\bHSAs?\b", r"\bFSAs?\b", r"\bhealth savings accounts?\b",
                         r"\bflexible spending accounts?\b"), referral_ok=True),
        Rule("financing", (r"\bfinancing\b", r"\bCare ?Credit\b", r"\bpayment plans?\b", r"\bAdvance ?care card\b",
                           r"\bCherry\b(?!\s+(?-i:[A-Z])(?!(?i:financ|pay|credit|loan)))", r"\bAffirm\b", r"\bSunbit\b", r"\bmonthly payments?\b", r"\bPrima ?Care\b"),
             referral_ok=True),
    )

    def accept(self, hit: Hit) -> bool:
        text = hit.sentence.masked
        if hit.code == "spravato_covered":
            return not re.search(r"\bnot\b[^.]{0,30}\bcovered\b", text, re.I)
        if hit.code == "accepts_insurance":
            return not _spravato_only(hit.sentence, hit.match.end())
        return True

    def findings(self, site: Site) -> list[Finding]:
        found = super().findings(site)
        found += [self.finding(hit, code="spravato_covered") for hit in self.hits(site, [_COVERED])
                  if _spravato_only(hit.sentence, hit.match.end())]
        prices = [replace(self.finding(hit, fact="prices", code="price"), quote=_price_quote(hit.sentence, site))
                  for hit in self.hits(site, _PRICE_RULES)
                  if _is_price(hit) and site.kinds.get(hit.sentence.url) != "careers"]
        prices += [Finding(self.key, "prices", "price", s.heading, s.url, 0) for s in site.sentences
                   if s.heading and _FREE_CELL.fullmatch(s.text) and _FREE_SERVICE.search(s.heading)]
        return dedupe(found + prices)

    def score(self, findings: list[Finding]) -> int:
        table = points("insurance")
        total = summed_points([f for f in findings if f.fact == "insurance"], table)
        if any(f.fact == "prices" for f in findings):
            total += table.get("published_prices", 0)
        return min(100, total)


def _is_price(hit: Hit) -> bool:
    """A price the clinic charges: not a discount, not what clinics charge in general."""
    text = hit.sentence.masked
    own = clause(text, hit.match.start(), hit.match.end())
    if _GENERAL_COST.search(own) or _PHARMACY_PRICE.search(text):
        return False
    before = text[max(0, hit.match.start() - 12) : hit.match.start()]
    return not (_DISCOUNT_AFTER.match(text, hit.match.end()) or _DISCOUNT_BEFORE.search(before))


def _price_quote(sentence: Sentence, site: Site) -> str:
    """A bare amount in a price table ("$350.00") quoted with the label line above it
    ("Consultation Fee" and "$350.00"), so that the quote says what the price is for."""
    bare = _WORDED_PRICE.sub("", _PRICE.sub("", sentence.text)).strip(_PUNCTUATION)
    if not sentence.heading or bare or not re.search(r"[A-Za-z]", sentence.heading):
        return sentence.text
    labelled = f"{sentence.heading}\n{sentence.text}"
    return labelled if labelled in site.texts.get(sentence.url, "") else sentence.text


def published_prices(findings: list[Finding]) -> list[dict[str, object]]:
    """The `prices` fact: one {what, usd} per distinct amount, `what` being the quoted sentence."""
    seen: set[int] = set()
    prices = []
    for finding in findings:
        if finding.fact == "prices" and finding.value not in seen:
            seen.add(finding.value)
            prices.append({"what": finding.quote, "usd": finding.value})
    return prices


def _spravato_only(sentence: Sentence, end: int) -> bool:
    """Insurance accepted for Spravato alone ("we bill insurance for Spravato"), or a
    sentence about Spravato (or a table cell under a Spravato row) that names no other service."""
    text = sentence.masked
    if not _SPRAVATO.search(text):
        return _under_spravato_label(sentence)
    purpose = _FOR_PHRASE.search(text, end)
    # "bill your insurer for it": the pronoun stands for what the sentence names
    own = clause(text, end, end)
    # "Spravato is billed to insurance; IV ketamine is self-pay": the clause decides
    scope = (purpose.group(1) if purpose and not _PRONOUN.fullmatch(purpose.group(1))
             else own if _SPRAVATO.search(own) else text)
    return bool(_SPRAVATO.search(scope)) and not _OTHER_SERVICES.search(_SPRAVATO.sub(" ", scope))


def _under_spravato_label(sentence: Sentence) -> bool:
    """A sentence under a short Spravato heading, or a table cell ("Billed to your insurance")
    in a row whose label starts with Spravato ("Spravato® (esketamine) nasal spray session");
    a list item after "Certified Spravato REMS center" is no such cell."""
    heading = sentence.heading
    if not heading or not _SPRAVATO.search(heading):
        return False
    row_label = sentence.is_heading and _SPRAVATO.match(heading.lstrip(_PUNCTUATION))
    longest = _ROW_LABEL_WORDS if row_label else 3
    return (len(heading.split()) <= longest and not _OTHER_SERVICES.search(sentence.masked)
            and not _OTHER_SERVICES.search(_SPRAVATO.sub(" ", heading)))
