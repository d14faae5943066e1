"""Credentials: who prescribes, administers and monitors."""

from __future__ import annotations

import re

from scoring.config import points
from scoring.criteria.base import Criterion, Site, dedupe, summed_points
from scoring.model import Finding
from scoring.reading import clause, has_first_person, past_role_elsewhere
from scoring.rules import Hit, Rule

_BC = r"(?:(?:double |dual |triple )?board[- ]cert\w*|board certification|diplomate of the american board of)"
_BC_IN = rf"{_BC}\s+(?:\w+\s+){{0,5}}?(?:in\s+)?"
_SPECIFIC_PHYSICIANS = {
    "board_certified_anesthesiologist", "anesthesiologist", "board_certified_psychiatrist",
    "psychiatrist", "emergency_physician", "pain_physician",
}
# Someone who is not on the clinic's staff: "your psychiatrist", "a licensed therapist of your own".
_NOT_STAFF_BEFORE = re.compile(
    r"\byour(?:\s+(?!our\b|we\b)[\w-]+,?){0,4}\s*$|\breferr(?:als?|ed) (?:from|by)\s+(?:[\w-]+\s+){0,3}$"
    r"|\b(?:encourage|recommend|suggest|ask|advise)\w*\b[^.]{0,50}\b(?:work(?:ing)? with|see(?:ing)?|find(?:ing)?"
    r"|keep(?:ing)?|consult(?:ing)?|visit(?:ing)?|talk(?:ing)? (?:with|to)|speak(?:ing)? (?:with|to))\s+(?:a|an|your)\s+"
    r"(?:[\w-]+\s+){0,4}$",
    re.I,
)
_NOT_STAFF_AFTER = re.compile(r"^\s*(?:of your (?:own|choice)|outside (?:the|our) (?:practice|clinic))", re.I)
_OVERSIGHT = Rule("physician_oversight", (
    r"\b(?:under|with)\s+(?:the\s+)?(?:direct\s+)?(?:supervision|oversight|direction)\s+of\s+(?:a|an|our|the)?\s*"
    r"(?:[\w-]+\s+){0,3}?(?:physicians?|doctors?|Dr\.?|medical director|anesthesiologists?|psychiatrists?)",
    r"\b(?:in collaboration with|collaborates? with|works? with)\s+(?:a|an|our|the)?\s*(?:[\w-]+\s+){0,2}?"
    r"(?:supervising|collaborating|consulting)\s+(?:physician|doctor|psychiatrist)",
    r"\b(?:overseen|supervised)\s+by\s+(?:a|an|our|the)?\s*(?:[\w-]+\s+){0,3}?(?:physicians?|Dr\.?|anesthesiologists?"
    r"|psychiatrists?|medical director)",
    r"^\W*(?:supervising|collaborating) physician\b",
), general_ok=False)
# Accreditation still to come: "our first AAAHC survey is scheduled for 2026", "we are pursuing accreditation".
_NOT_YET_ACCREDITED = re.compile(
    r"\b(?:scheduled|planned|pending|upcoming|applying|applied for|pursuing|working (?:toward|towards|on)|in the process"
    r"|seeking|expect(?:s|ing)? to|hope to|plan(?:s|ning)? to|will (?:be|seek|apply)|first (?:\w+ )?survey)\b",
    re.I,
)
# What a credential means in general: "Accreditation by an organization such as AAAHC means ..."
_DEFINITION = re.compile(r"\b(?:such as|like)\b[^.;]{0,80}\b(?:means|shows|indicates|tells you|is a sign)\b", re.I)
_OTHER_FIELD = re.compile(
    r"\b(?:internal|family|integrative|functional|general|sports|lifestyle) medicine\b|\bfamily (?:physician|doctor|practice)\b"
    r"|\bprimary care\b|\bgeneral practi\w+|\bhospitalist\b|\binternist\b|\bobstetric\w*|\bpediatric\w*",
    re.I,
)


class Credentials(Criterion):
    key = "credentials"
    version = 6  # third blind set: past roles, "talking with a ... psychiatrist" (v5: second blind set: staff to come, "your therapist, psychiatrist", their director (v4: accreditation to come)
    title = "Who treats you"
    question = "Are the prescriber and the staff who monitor you qualified, and does the site say so?"
    description = (
        "The physician who oversees ketamine treatment should be board certified in a related "
        "specialty (anesthesiology, psychiatry, emergency medicine or pain medicine); nurse "
        "practitioners should work with a physician; someone certified in advanced cardiac life "
        "support should monitor every session, ideally a registered nurse or a nurse "
        "anesthetist. Membership of ASKP3, Spravato REMS certification and facility "
        "accreditation are verifiable signs of standards, and a site that says its nurses or "
        "nurse practitioners work under a physician's supervision earns a little more."
    )
    sources = (
        "ASKP3 patient guide: the physician should be board certified in a related specialty.",
        "TARA Mind vetting: physician oversight by a board-certified anesthesiologist, emergency physician or psychiatrist.",
        "Licensed-psychedelics patient guide: BLS/ACLS-certified monitoring, supervised nurse practitioners.",
        "Project source documents: licensing, training and accreditation for combined care.",
    )
    fact = "credentials"
    relevant_kinds = frozenset({"team", "about", "home"})
    skip_kinds = frozenset({"careers"})
    rules = (
        Rule("board_certified_anesthesiologist", (
            rf"{_BC_IN}anesthesi(?:a|ology|ologists?)\b",
            r"\banesthesiologists?\b[^.]{0,60}\bboard[- ]cert\w*",
        ), general_ok=False),
        Rule("anesthesiologist", (r"\banesthesiologists?\b", r"\banesthesiology\b", r"\bpracti[cs]ed anesthesia\b"),
             general_ok=False),
        Rule("board_certified_psychiatrist", (
            rf"{_BC_IN}psychiatr(?:y|ists?)\b",
            r"\bpsychiatrists?\b[^.]{0,60}\bboard[- ]cert\w*",
            r"\bamerican board of psychiatry and neurology\b", r"\bboard[- ]cert\w*\s+\(?ABPN\b",
        ), general_ok=False),
        Rule("psychiatrist", (r"\bpsychiatrists?\b", r"\bM\.?D\.?,?\s+psychiatr", r"\bpracti[cs]ed psychiatry\b"),
             general_ok=False),
        Rule("emergency_physician", (r"\bemergency (?:medicine |room |department )?(?:physicians?|doctors?)\b",
                                     rf"{_BC_IN}emergency medicine\b",
                                     r"\b(?:MD|DO|physician)\b[^.]{0,12}\(?emergency medicine\b",
                                     r"\bpracti[cs]ed emergency medicine\b",
                                     r"\bER (?:physician|doctor)s?\b"), general_ok=False),
        Rule("pain_physician", (r"\bpain (?:medicine|management) (?:physicians?|specialists?|doctors?)\b",
                                rf"{_BC_IN}(?:\w+\s+and\s+)?pain (?:medicine|management)\b",
                                r"\b(?:fellowship[- ]trained|subspecialty certification|certified|specializ\w+|trained)\s+in\s+"
                                r"(?:\w+\s+and\s+)?pain (?:medicine|management)\b",
                                r"\binterventional pain\b", r"\bpracti[cs]ed pain medicine\b"), general_ok=False),
        Rule("physician", (r"\bphysicians?\b(?![- ]assistants?)", r"\bmedical doctors?\b", r"\bM\.D\.", r",\s*MD\b",
                           r"\bMD,", r"\bD\.O\.", r",\s*DO\b"), general_ok=False),
        Rule("crna", (r"\bCRNAs?\b", r"\bnurse anesthetists?\b")),
        Rule("nurse_practitioner", (r"\bnurse practitioners?\b", r"\b(?:PMHNP|FNP|APRN|ARNP)(?:-(?:C|BC))?\b",
                                    r",\s*NP\b", r"\bNP-C\b")),
        Rule("registered_nurse", (r"\bregistered nurses?\b(?!\s+anesthetists?)", r"\bRNs?\b", r"\bRN['’]s\b",
                                  r",\s*BSN\b")),
        Rule("licensed_therapist", (r"\b(?:LCSW|LPC|LPCC|LMFT|LMHC|LICSW|LCPC|LCMHC)\b",
                                    r"\blicensed (?:clinical )?(?:social workers?|therapists?|counselors?"
                                    r"|professional counselors?|marriage and family therapists?"
                                    r"|mental health counselors?|psychotherapists?)\b")),
        Rule("psychologist", (r"\bpsychologists?\b", r"\bPsy\.?\s?D\.?(?=\W|$)")),
        Rule("acls", (r"\bACLS\b", r"\badvanced cardi(?:ac|ovascular) life support\b")),
        Rule("askp3_member", (
            r"\b(?:members?|membership|affiliated?|pledge|fellow|founding|president|secretary|board member)\b[^.]{0,90}\bASKP3?\b",
            r"\bASKP3?\b[^.]{0,40}\b(?:members?|membership|pledge)\b",
        )),
        Rule("spravato_rems", (r"\bREMS\b", r"\bspravato[®\s]+(?:treatment\s+)?(?:certified|center)\b",
                               r"\bcertified (?:spravato|esketamine) (?:treatment )?(?:center|provider|clinic)\b")),
        Rule("accreditation", (r"\baccredited\b", r"\baccreditation\b", r"\bAAAHC\b", r"\bJoint Commission\b",
                               r"\bJCAHO\b", r"\bCARF\b")),
    )

    def oversight(self, site: Site) -> list[Finding]:
        """A nurse practitioner, CRNA or nurse working under a physician's supervision."""
        return dedupe(self.finding(hit, fact="oversight") for hit in self.hits(site, [_OVERSIGHT]))

    def accept(self, hit: Hit) -> bool:
        """Only the clinic's own staff: not the patient's psychiatrist or a therapist of their own."""
        text = hit.sentence.masked
        if hit.code == "accreditation" and (_NOT_YET_ACCREDITED.search(clause(text, hit.match.start(), hit.match.end()))
                                            or (_DEFINITION.search(text) and not has_first_person(text))):
            return False
        if past_role_elsewhere(text, hit.match.start()):
            return False  # "before opening the clinic she supervised a team of nurse practitioners"
        return not (_NOT_STAFF_BEFORE.search(text[: hit.match.start()])
                    or _NOT_STAFF_AFTER.match(text[hit.match.end() :]))

    def findings(self, site: Site) -> list[Finding]:
        found = super().findings(site)
        codes = {f.code for f in found}
        # board certification implies the specialty
        implied = {"board_certified_anesthesiologist": "anesthesiologist",
                   "board_certified_psychiatrist": "psychiatrist"}
        extra = [Finding(f.criterion, f.fact, implied[f.code], f.quote, f.url)
                 for f in found if f.code in implied and implied[f.code] not in codes]
        return _most_specific(dedupe(found + extra)) + self.oversight(site)

    def score(self, findings: list[Finding]) -> int:
        return summed_points(findings, points("credentials"))


def _most_specific(findings: list[Finding]) -> list[Finding]:
    """Only the most specific code per doctor: where the site names a specialist, "physician"
    stays only for a doctor of another field ("an internal medicine physician")."""
    if not any(f.code in _SPECIFIC_PHYSICIANS for f in findings):
        return findings
    return [f for f in findings if f.code != "physician" or _OTHER_FIELD.search(f.quote)]
