"""Whole pages: what kind of page each is, and whether the clinic is the one speaking.

A news article, an explainer or a patient's blog is not the clinic speaking about itself,
so nothing on it counts as the clinic's claim.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scoring.model import PageText

_BYLINE = re.compile(
    r"^(?:by|written by|reported by)\s+(?!the\b|our\b)[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\b"
    r"|\b(?:guide|article|story|essay|post|review) by\s+(?!the\b|our\b)[A-Z][\w'’-]+\s+[A-Z]"
    # a personal blog's dateline: "Posted on February 9, 2025 by Kris"
    r"|\bposted (?:on\s+)?(?:[\w,]+\s+){0,3}?by\s+(?!the\b|our\b|admin\b)[A-Z][\w'’-]+\b",
    re.M,
)
_PUBLICATION = re.compile(
    r"\b(?:is not a clinic|(?:does|do) not (?:provide|offer) (?:medical )?(?:treatment|care)|reader[- ]supported"
    r"|(?:health|staff|investigative) (?:reporter|writer|editor)|news(?:paper| article| desk| outlet)"
    r"|fictional (?:publication|outlet|blog|article)|(?:this|our) (?:article|explainer|investigation|guide)"
    r"|independent (?:reporting|journalism|publication)"
    # a patient writing: "I am not a doctor", "my honest ketamine diary"
    r"|I(?: am|['’]m) not (?:a|your) (?:doctor|physician|nurse|clinician|medical professional)"
    r"|my (?:\w+ )?(?:ketamine )?(?:diary|journey|story)|personal blog"
    # a review site's page about a business: "Reviews reflect the opinions of ... users", "Write a Review"
    r"|reviews? (?:reflect|represent|express|are) (?:the )?(?:opinions?|views?) of|write a review"
    r"|unclaimed (?:business|listing|page)|(?:^|\n)unclaimed\b)\b",
    re.I,
)
_REPORTING = re.compile(r"\b(?:said|according to|told (?:a|the) reporter|contacted (?:by|for) (?:the|this))\b", re.I)
_CLINIC_VOICE = re.compile(
    r"\b(?:we|our)\s+(?:offer|provide|treat|accept|clinic|team|patients|office|providers|infusions?|nurses?"
    r"|staff|physicians?|medical director|practice|center|guests)\b"
    r"|\b(?:book (?:now|online|your)|call us|schedule (?:a|your))\b",
    re.I,
)

#: page kinds, read from the URL path first and the title or first line second
KINDS: dict[str, re.Pattern[str]] = {
    "careers": re.compile(r"\bcareers?\b|\bjobs?\b|\bhiring\b|\bemployment\b|\bjoin (?:our|the) team\b", re.I),
    "faq": re.compile(r"\bfaqs?\b|frequently asked|questions", re.I),
    "pricing": re.compile(r"\bpric\w*|\bcosts?\b|\bfees?\b|\brates\b|\bmenu\b|\bpayment", re.I),
    "insurance": re.compile(r"\binsurance\b|\bbilling\b|\bcoverage\b", re.I),
    "team": re.compile(r"\bteam\b|\bstaff\b|\bproviders?\b|\bdoctors?\b|\bphysicians?\b|\bmeet\b|\bbio", re.I),
    "about": re.compile(r"\babout\b|\bour story\b|\bwho we are\b|\bhistory\b", re.I),
    "services": re.compile(
        r"\bservices?\b|\btreatments?\b|\btherap\w+|\bprograms?\b|\bwhat to expect\b|\binfusions?\b", re.I
    ),
    "conditions": re.compile(r"\bconditions?\b|\bwhat we treat\b|\bpain\b", re.I),
    "contact": re.compile(r"\bcontact\b|\blocations?\b|\bdirections\b|\bvisit\b", re.I),
    "blog": re.compile(r"\bblog\b|\bnews\b|\barticles?\b|\bposts?\b", re.I),
}


def is_third_party(page: PageText) -> bool:
    """The page is someone else writing (news, an explainer, a patient's blog), not the clinic."""
    text = page.text
    head = "\n".join(text.split("\n")[:8])
    byline = bool(_BYLINE.search(head))
    publication = bool(_PUBLICATION.search(text))
    if not (byline or publication):
        return False
    clinic_voice = len(_CLINIC_VOICE.findall(text))
    reporting = len(_REPORTING.findall(text))
    return clinic_voice <= 1 or (byline and publication and reporting >= 2 and clinic_voice <= 3)


def page_kind(page: PageText) -> str:
    """faq, pricing, insurance, team, about, services, conditions, contact, blog or home."""
    path = urlsplit(page.url).path.strip("/").replace("-", " ").replace("_", " ")
    first_line = page.text.split("\n", 1)[0] if page.text else ""
    for source in (path, page.title or "", first_line):
        for kind, pattern in KINDS.items():
            if source and pattern.search(source):
                return kind
    return "home"
