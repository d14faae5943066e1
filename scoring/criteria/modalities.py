"""Modalities: how ketamine is given here."""

from __future__ import annotations

from scoring.config import points
from scoring.criteria.base import Criterion, summed_points
from scoring.model import Finding
from scoring.reading import has_first_person, is_general
from scoring.rules import Hit, Rule

_NOT_KETAMINE = r"\b(?:NAD\+?|vitamin|myers|hydration|iron|saline|glutathione|b12)\b"


class Modalities(Criterion):
    key = "modalities"
    title = "How ketamine is given"
    question = "Which routes does the clinic offer, and are they supervised in the clinic?"
    description = (
        "Ketamine can be given by intravenous infusion, intramuscular injection, nasal spray "
        "(FDA-approved esketamine, Spravato, or compounded ketamine) and by mouth. IV infusions "
        "are the route most studied for chronic pain and allow the dose to be adjusted and "
        "monitored; esketamine is given under a certified REMS programme. At-home ketamine "
        "counts little: ASKP3 opposes home use without an in-person evaluation."
    )
    sources = (
        "Project source documents: IV, nasal spray and oral lozenge routes; a typical 90-minute IV session.",
        "ASKP3 standards: IV dosing of 0.5-1 mg/kg over 40-60 minutes with monitoring; opposition to home IV use.",
    )
    fact = "modalities"
    rules = (
        Rule("iv", (r"\bIV\b(?!\s*(?:NAD|vitamin|hydration|drip))", r"\bintravenous(?:ly)?\b",
                    r"\bketamine infusions?\b", r"\binfusions? (?:of|with) ketamine\b",
                    r"\binfusion (?:therapy|series|sessions?|treatments?|protocols?)\b"),
             unless=_NOT_KETAMINE),
        Rule("im", (r"\bIM\b(?!['’])", r"\bintramuscular(?:ly)?\b", r"\bketamine (?:shots?|injections?)\b")),
        Rule("esketamine_nasal", (r"\bspravato\b", r"\besketamine\b")),
        Rule("ketamine_nasal", (r"\b(?:compounded|intranasal|nasal)\s+(?:racemic\s+)?ketamine\b",
                                r"\bketamine\s+nasal\s+sprays?\b"),
             unless=r"\b(?:spravato|esketamine)\b"),
        Rule("oral", (r"\boral(?:ly)?\b(?!\s+(?:health|surgery|history|consent))", r"\bsublingual(?:ly)?\b",
                      r"\btroches?\b", r"\blozenges?\b", r"\bRDTs?\b", r"\brapid[- ]dissolv\w*\b")),
        Rule("at_home", (r"\bat[- ]home (?:ketamine|treatment|therapy|sessions?|program)\b",
                         r"\btelehealth\b", r"\btele-?medicine\b", r"\bvirtual (?:visits?|care|consultations?)\b",
                         r"\b(?:shipped|mailed|delivered) (?:directly )?to your (?:door|home)\b",
                         r"\bfrom the comfort of (?:your )?home\b")),
        Rule("topical", (r"\btopical(?:ly)?\b", r"\bketamine (?:cream|gel|ointment)\b")),
    )

    def accept(self, hit: Hit) -> bool:
        """A route counts when the clinic speaks of it or lists it (heading, bullet), not
        when the text describes ketamine's routes in general."""
        text = hit.sentence.text
        return has_first_person(text) or hit.sentence.is_heading or not is_general(text)

    def score(self, findings: list[Finding]) -> int:
        return summed_points(findings, points("modalities"))

