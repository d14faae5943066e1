"""Credentials: who prescribes, administers and monitors."""

from __future__ import annotations

from scoring.config import points
from scoring.criteria.base import Criterion, Site, dedupe, summed_points
from scoring.model import Finding
from scoring.rules import Rule

_BC = r"(?:board[- ]certified|board certification|diplomate of the american board of)"
_SPECIFIC_PHYSICIANS = {
    "board_certified_anesthesiologist", "anesthesiologist", "board_certified_psychiatrist",
    "psychiatrist", "emergency_physician", "pain_physician",
}


class Credentials(Criterion):
    key = "credentials"
    title = "Who treats you"
    question = "Are the prescriber and the staff who monitor you qualified, and does the site say so?"
    description = (
        "The physician who oversees ketamine treatment should be board certified in a related "
        "specialty (anesthesiology, psychiatry, emergency medicine or pain medicine); nurse "
        "practitioners should work with a physician; someone certified in advanced cardiac life "
        "support should monitor every session, ideally a registered nurse or a nurse "
        "anesthetist. Membership of ASKP3, Spravato REMS certification and facility "
        "accreditation are verifiable signs of standards."
    )
    sources = (
        "ASKP3 patient guide: the physician should be board certified in a related specialty.",
        "TARA Mind vetting: physician oversight by a board-certified anesthesiologist, emergency physician or psychiatrist.",
        "Licensed-psychedelics patient guide: BLS/ACLS-certified monitoring, supervised nurse practitioners.",
        "Project source documents: licensing, training and accreditation for combined care.",
    )
    fact = "credentials"
    rules = (
        Rule("board_certified_anesthesiologist", (
            rf"{_BC}\s+(?:\w+\s+){{0,2}}?(?:in\s+)?anesthesi(?:a|ology|ologists?)\b",
            r"\banesthesiologists?\b[^.]{0,60}\bboard[- ]certified\b",
        ), general_ok=False),
        Rule("anesthesiologist", (r"\banesthesiologists?\b", r"\banesthesiology\b"), general_ok=False),
        Rule("board_certified_psychiatrist", (
            rf"{_BC}\s+(?:\w+\s+){{0,2}}?(?:in\s+)?psychiatr(?:y|ists?)\b",
            r"\bpsychiatrists?\b[^.]{0,60}\bboard[- ]certified\b",
            r"\bamerican board of psychiatry and neurology\b",
        ), general_ok=False),
        Rule("psychiatrist", (r"\bpsychiatrists?\b", r"\bpsychiatric (?:physician|nurse practitioner)\b",
                              r"\bM\.?D\.?,?\s+psychiatr"), general_ok=False),
        Rule("emergency_physician", (r"\bemergency (?:medicine )?(?:physicians?|doctors?)\b",
                                     rf"{_BC}\s+(?:\w+\s+){{0,2}}?(?:in\s+)?emergency medicine\b",
                                     r"\bER (?:physician|doctor)s?\b"), general_ok=False),
        Rule("pain_physician", (r"\bpain (?:medicine|management) (?:physicians?|specialists?|doctors?)\b",
                                rf"{_BC}\s+(?:\w+\s+){{0,2}}?(?:in\s+)?pain (?:medicine|management)\b",
                                r"\binterventional pain\b"), general_ok=False),
        Rule("physician", (r"\bphysicians?\b", r"\bmedical doctors?\b", r"\bM\.D\.", r",\s*MD\b",
                           r"\bMD,", r"\bD\.O\.", r",\s*DO\b", r"\bmedical director\b"), general_ok=False),
        Rule("crna", (r"\bCRNAs?\b", r"\bnurse anesthetists?\b")),
        Rule("nurse_practitioner", (r"\bnurse practitioners?\b", r"\b(?:PMHNP|FNP|APRN|ARNP)(?:-(?:C|BC))?\b",
                                    r",\s*NP\b", r"\bNP-C\b")),
        Rule("registered_nurse", (r"\bregistered nurses?\b", r"\bRNs?\b", r",\s*BSN\b")),
        Rule("licensed_therapist", (r"\b(?:LCSW|LPC|LPCC|LMFT|LMHC|LICSW|LCPC|LCMHC)\b",
                                    r"\blicensed (?:clinical )?(?:social workers?|therapists?|counselors?"
                                    r"|professional counselors?|marriage and family therapists?"
                                    r"|mental health counselors?|psychotherapists?)\b")),
        Rule("psychologist", (r"\bpsychologists?\b", r"\bPsy\.?\s?D\.?(?=\W|$)")),
        Rule("acls", (r"\bACLS\b", r"\badvanced cardi(?:ac|ovascular) life support\b", r"\bBLS\b",
                      r"\bbasic life support\b", r"\bPALS\b")),
        Rule("askp3_member", (r"\bASKP3?\b", r"\bAmerican Society of Ketamine Physicians\b")),
        Rule("spravato_rems", (r"\bREMS\b", r"\bspravato[®\s]+(?:treatment\s+)?(?:certified|center)\b",
                               r"\bcertified (?:spravato|esketamine) (?:treatment )?(?:center|provider|clinic)\b")),
        Rule("accreditation", (r"\baccredited\b", r"\baccreditation\b", r"\bAAAHC\b", r"\bJoint Commission\b",
                               r"\bJCAHO\b", r"\bCARF\b")),
    )

    def findings(self, site: Site) -> list[Finding]:
        found = super().findings(site)
        codes = {f.code for f in found}
        # board certification implies the specialty; a named specialty makes "physician" redundant
        implied = {"board_certified_anesthesiologist": "anesthesiologist",
                   "board_certified_psychiatrist": "psychiatrist"}
        extra = [Finding(f.criterion, f.fact, implied[f.code], f.quote, f.url)
                 for f in found if f.code in implied and implied[f.code] not in codes]
        found = dedupe(found + extra)
        if codes & _SPECIFIC_PHYSICIANS:
            found = [f for f in found if f.code != "physician"]
        return found

    def score(self, findings: list[Finding]) -> int:
        return summed_points(findings, points("credentials"))
