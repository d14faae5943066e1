"""Modalities: how ketamine is given here."""

from __future__ import annotations

import re

from scoring.config import points
from scoring.criteria.base import Criterion, summed_points
from scoring.model import Finding
from scoring.reading import clause, has_first_person, hedge_scope, is_general, past_role_elsewhere, refused_after
from scoring.rules import Hit, Rule

_NOT_KETAMINE = re.compile(
    r"\b(?:NAD\+?|vitamins?|myers['’]?|hydration|iron|saline|glutathione|b12|drip bar|immunity|hangover|lidocaine"
    r"|magnesium|nutrient|wellness drips?)(?!\w)",
    re.I,
)
# "IV" in a drip lounge's name ("Elevate IV Lounge", "IV Bar") is no ketamine route
_DRIP_BRAND = re.compile(r"\s*(?:lounge|bar|spa|hydration|wellness|nutrition|therapy lounge)\b", re.I)
_ROUTES_IN_GENERAL = re.compile(
    r"\b(?:can|may|could|might) be (?:given|administered|taken|delivered|used|prescribed|dosed)\b"
    r"|\b(?:routes?|ways|forms) (?:of|to|ketamine)\b|\btypically\b|\busually\b",
    re.I,
)


_OTHER_MEDICINE = re.compile(
    r"\b(?:antidepressants?|medications?|medicines?|pills?|supplements?|vitamins?|prescriptions?)\b"
    r"\s+(?:that\s+|which\s+)?(?:you\s+)?$",
    re.I,
)
_MEDICINE = re.compile(r"\b(?:antidepressants?|medications?|pills?|supplements?|vitamins?)\b", re.I)
_RECEIVED_BEFORE = re.compile(r"\bwho (?:previously |once |formerly )?(?:received|had|got)\s+(?:[\w-]+\s+)?$", re.I)
# what research or regulators say of a route, not what the clinic gives
_EVIDENCE = re.compile(
    r"\b(?:studied|approved|researched|trials?|meta-analys[ie]s|evidence|studies)\b", re.I
)


def _around(text: str, start: int, end: int) -> str:
    """The phrase with two words either side: "IV vitamin drips", "NAD+ infusions"."""
    before = " ".join(text[:start].split()[-2:])
    after = " ".join(text[end:].split()[:2])
    return f"{before} {text[start:end]} {after}"


class Modalities(Criterion):
    key = "modalities"
    version = 6  # third blind set: a product used at home, offers still to come, relative-clause negation, review sites (v5: second blind set: where a clinician came from, table rows (v4: past jobs, drip-lounge names))
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
    relevant_kinds = frozenset({"services", "home", "faq", "pricing"})
    rules = (
        Rule("iv", (r"\bIV\b", r"\bintravenous(?:ly)?\b", r"\binfusions?\b", r"\bIV drips?\b")),
        Rule("im", (r"\bIM\b(?!['’])", r"\bintramuscular(?:ly)?\b", r"\bketamine (?:shots?|injections?)\b")),
        Rule("esketamine_nasal", (r"\bspravato\b", r"\besketamine\b")),
        Rule("ketamine_nasal", (r"\b(?:compounded|intranasal|nasal)\s+(?:racemic\s+)?ketamine\b(?!\s+(?:cream|gel|ointment"
                                r"|troches?|lozenges?|capsules?|tablets?|RDTs?|rapid|sublingual|oral|solution|infusions?"
                                r"|injections?))",
                                r"\bketamine\s+nasal\s+sprays?\b", r"\bintranasal ketamine\b",
                                r"\bcompounded\s+(?:racemic\s+)?(?:ketamine\s+)?nasal\s+sprays?\b"),
             unless=r"\b(?:spravato|esketamine)\b(?![^.]{0,40}\bnot\b)"),
        Rule("oral", (r"\boral(?:ly)?\b(?!\s+(?:health|surgery|history|consent|contracept\w*|antidepressants?|medications?|meds|steroids?|opioids?))", r"\bsublingual(?:ly)?\b",
                      r"\btroches?\b", r"\blozenges?\b", r"\bRDTs?\b", r"\brapid[- ]dissolv\w*\b")),
        Rule("at_home", (
            r"\bat[- ]home\s+(?:\w+\s+){0,2}?(?:ketamine|treatments?|therapy|sessions?|programs?|lozenges?|troches?"
            r"|boosters?|use|RDTs?|kits?|dos(?:es|ing)|care|maintenance)\b",
            r"\btake[- ]home\b", r"\bhome (?:boosters?|use|dosing|sessions?|program|kits?)\b",
            r"\b(?:to use|to take|for use|use|used|using|take|takes|taken|apply|applied|prescribed|self-administered"
            r"|administer\w*|dos(?:e|ed|ing))\s+(?:[\w'’]+\s+){0,4}?at home\b",
            # a product for use at home: "a nasal spray for pain flare-ups at home"
            r"\b(?:sprays?|creams?|gels?|troches?|lozenges?|tablets?|RDTs?|capsules?)\s+(?:[\w'’-]+\s+){0,4}?at home\b",
            r"\btelehealth\b", r"\btele-?medicine\b", r"\bvirtual (?:visits?|care|consultations?)\b",
            r"\b(?:shipped|mailed|delivered) (?:directly )?to (?:your|the patient['’]s) (?:door|home)\b",
            r"\bfrom the comfort of (?:your )?home\b")),
        Rule("topical", (r"\btopical(?:ly)?\b", r"\bketamine (?:cream|gel|ointment)\b")),
    )

    def accept(self, hit: Hit) -> bool:
        """A route counts when the clinic offers it: not a vitamin drip, and not a description
        of the ways ketamine can be given in general."""
        text = hit.sentence.masked
        if hit.rule.code == "iv" and (_NOT_KETAMINE.search(_around(text, hit.match.start(), hit.match.end()))
                                      or (hit.match.group(0).upper() == "IV" and _DRIP_BRAND.match(text, hit.match.end()))):
            return False
        if past_role_elsewhere(text, hit.match.start()) or refused_after(text, hit.match.end()):
            return False  # "before opening our program she ran a hospital IV service"; "..., but we don't offer it"
        if re.search(r"\bthan\s+(?:[\w-]+\s+)?$", text[: hit.match.start()], re.I):
            return False  # "absorbed less reliably than IV ketamine" compares, it does not offer
        before = text[: hit.match.start()]
        if hit.rule.code == "at_home" and (_OTHER_MEDICINE.search(before) or _MEDICINE.search(hit.match.group(0))):
            return False  # "an oral antidepressant that you take at home" is not ketamine
        if _RECEIVED_BEFORE.search(before):
            return False  # "Patients who received IM treatment with us" tells what was, not what is offered
        own = clause(text, hit.match.start(), hit.match.end())
        scope = hedge_scope(text, hit.match.start(), hit.match.end())  # parentheses included
        if not has_first_person(scope) and _EVIDENCE.search(scope):
            return False  # "Oral ketamine is less well studied", "Esketamine was approved by the FDA in 2019"
        return has_first_person(own) or hit.sentence.is_heading or not (is_general(own) and _ROUTES_IN_GENERAL.search(own))

    def score(self, findings: list[Finding]) -> int:
        return summed_points(findings, points("modalities"))

