"""Experience: how long the clinic and its clinicians have practised, and how much."""

from __future__ import annotations

import re
from datetime import date

from scoring.config import points
from scoring.criteria.base import Criterion
from scoring.model import Finding
from scoring.reading import clause
from scoring.rules import Hit, Rule
from scoring.text import Sentence

_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_WORD_NUMBER = (rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(list(_UNITS)[:9])}))?"
                rf"|{'|'.join(sorted(_UNITS, key=len, reverse=True))})")
_N = rf"(?:\d{{1,2}}|{_WORD_NUMBER})"
_ABOUT = r"(?:(?:more than|over|nearly|almost|about|some|roughly|approximately|upwards of)\s+)?"
_YEAR = r"(?:19|20)\d{2}"
_PRACTISED = (r"(?:practi[cs]ed|practi[cs]ing|worked|served|treated|helped|cared for|provided"
              r"|been (?:a|an|our|the clinic['’]s) [\w-]+(?: [\w-]+)?"
              r"|spent|run|led|specialized|specialised|been in practice|been helping|been treating)")
# Ketamine's own history is not the clinic's experience; nor is the year a service was added.
_KETAMINE_HISTORY = re.compile(
    r"\b(?:been used|used (?:safely|widely|as an? anesthetic|in (?:anesthesia|operating rooms|medicine|hospitals))"
    r"|approved (?:by the FDA )?in|FDA approval|on the market|discovered|synthesi[sz]ed|first used|in use)\b",
    re.I,
)
_SERVICE_START = re.compile(
    r"\b(?:offer\w*|add\w*|introduc\w*|provid\w*|began|begun|started)\s+(?:offering\s+|providing\s+)?"
    r"(?:spravato|esketamine|ketamine|kap|iv|im|tms|infusions?|telehealth|[\w-]+ (?:therapy|treatment|program))",
    re.I,
)
# What opened later than the clinic: another office, or a service ("opened its KAP program in 2021").
_LATER_OPENING = re.compile(
    r"\b(?:second|third|fourth|fifth|another|additional|newest|latest|satellite|sister)\b"
    r"|\b(?:program|service|spravato|esketamine|kap|tms|wing|department)\b",
    re.I,
)
_GIVEN = re.compile(
    r"\b(?:administered|performed|treated|given|gave|provided|completed|delivered|served|helped|guided|offered"
    r"|supported|facilitated|conducted|done|logged|seen|overseen|oversaw|supervised)\b|\band counting\b",
    re.I,
)


def number(text: str) -> int:
    """A count written in digits ("5,000") or words ("twelve", "twenty-five")."""
    text = text.lower().replace(",", "").strip()
    if text.isdigit():
        return int(text)
    parts = re.split(r"[- ]", text)
    return sum(_TENS.get(part, 0) + _UNITS.get(part, 0) for part in parts)


def _year(match: re.Match[str], _sentence: Sentence) -> int:
    return int(re.findall(_YEAR, match.group(0))[-1])


def _count(match: re.Match[str], _sentence: Sentence) -> int:
    token = re.search(rf"\d[\d,]*|\b{_WORD_NUMBER}\b", match.group(0), re.I)
    return number(token.group(0)) if token else 0


class Experience(Criterion):
    key = "experience"
    version = 6  # third blind set: "since opening", "been our nurse for", "Opening fall 2025" is no founding, review sites and quoted stories (v5: second blind set: founding gerunds, "gave", "and counting", "Infusions given:" (v4: held-out pages: a first office's year, '18 years of ER experience' (v3: epistemic hedges)))
    title = "Experience"
    question = "How long has the clinic been open, and how much ketamine treatment has it given?"
    description = (
        "Patient guidance from ASKP3 says the longer a clinic has been open, the better, and "
        "suggests asking how many patients the provider has treated. We read the clinic's "
        "founding year, its clinicians' years of practice and the number of treatments it says "
        "it has given. The history of ketamine itself (decades of use in anaesthesia) is not "
        "the clinic's experience and earns nothing, and neither is the year a clinic added a "
        "service or a vague 'decades of experience'."
    )
    sources = (
        "ASKP3 patient guide: the longer a clinic has been open the better; ask how many patients were treated.",
        "Project source documents: look for experience administering ketamine professionally.",
    )
    fact = "experience"
    relevant_kinds = frozenset({"about", "team", "home"})
    rules = (
        Rule("founded", (
            rf"(?:\b(?:founded|founding|established|opened|opening|formed|started|launched)\b|\best\.)(?:\s+[\w'’&]+){{0,6}}?\s+(?:in\s+)?(?:{_MONTH}\s+)?{_YEAR}\b",
            rf"\b(?:serv\w*|treat\w*|help\w*|car\w* for|been open|open|operat\w+)\b[^.]{{0,60}}\bsince\s+{_YEAR}\b",
            rf"\b(?:in (?:private )?(?:business|practice|operation)|practicing|practising|using ketamine)\b[^.]{{0,60}}\bsince\s+{_YEAR}\b",
            rf"\bsince\s+{_YEAR},?\s+(?:we|our|the clinic|dr\.|[A-Z][\w&'’-]+(?:\s+(?:[A-Z][\w&'’-]+|&|and|of))*\s+(?:has|have)\b)",
            rf"^\W*(?:since|est\.?|established|founded|serving [\w\s]+ since)\s+(?:in\s+)?{_YEAR}\W*$",
            rf"^\W*since\s+{_YEAR}(?!\d)\s*(?:serving|helping|treating|caring)\b",
        ), general_ok=False, value=_year),
        Rule("years", (
            rf"\b{_N}\+?\s+years?\s+(?:years?\s+)?(?:of\s+)?(?:combined\s+)?"
            r"(?:clinical\s+|medical\s+|professional\s+|hands-on\s+|anesthesia\s+|psychiatric\s+|[\w-]+\s+){0,2}"
            r"(?:experi[ae]nce|practice|in practice|practicing|of service)\b",
            rf"\b{_ABOUT}{_N}\s+years\s+(?:as an?|in (?:anesthesia|psychiatry|emergency medicine|pain medicine|practice))\b",
            rf"\b{_PRACTISED}\b[^.]{{0,90}}?\bfor\s+{_ABOUT}{_N}\s+years\b",
            rf"\b(?:served|spent|practi[cs]ed|worked)\s+{_ABOUT}{_N}\s+years\b",
            rf"\bfor\s+{_ABOUT}{_N}\s+years,?\s+(?:we|our|I|she|he|the clinic)\b",
            rf"\bthank you for\s+{_N}\s+(?:\w+\s+)?years\b",
            rf"\b(?:after|over)\s+{_ABOUT}{_N}\s+(?:\w+\s+)?years\s+(?:of\s+)?(?:caring|serving|treating|helping|practi\w+"
            r"|in practice|of practice|in business)",
            rf"\bthe (?:last|past|first)\s+{_N}\s+(?:of them|years)\b",
            rf"\b(?:over|in|during|for|across) (?:those|these|the past|the last|our|my) {_N} years\b",
        ), general_ok=False, value=_count),
        Rule("treatments", (
            rf"\b{_ABOUT}\d{{1,3}}(?:,\d{{3}})+\+?\s+(?:[\w-]+\s+){{0,4}}?(?:treatments|infusions|sessions|procedures|patients|injections)\b",
            rf"\b{_ABOUT}\d{{3,6}}\+?\s+(?:[\w-]+\s+){{0,4}}?(?:treatments|infusions|sessions|procedures|patients|injections)\b",
            rf"\b(?:treatments|infusions|sessions|procedures|injections)\s+(?:given|performed|administered|completed|delivered)\s*:\s*{_ABOUT}\d{{1,3}}(?:,?\d{{3}})+\+?",
        ), general_ok=False, value=_count),
    )

    def accept(self, hit: Hit) -> bool:
        text = hit.sentence.masked
        own = clause(text, hit.match.start(), hit.match.end())
        if _KETAMINE_HISTORY.search(text[max(0, hit.match.start() - 40) : hit.match.end() + 30]):
            return False
        if hit.rule.code == "treatments":
            # "$1,200 per series of 6 infusions" is a price, "500 mg" a dose: not experience
            before = text[max(0, hit.match.start() - 2) : hit.match.start() + 2]
            return "$" not in before and bool(_GIVEN.search(text))
        if hit.rule.code == "founded":
            founding = re.match(r"(?:founded|established|open(?:ed|ing)|formed|est)\b", hit.match.group(0), re.I)
            if hit.match.group(0).lower().startswith("opening") and not re.search(
                    r"\b(?:since|after|before|upon|on)\s*$", text[: hit.match.start()], re.I):
                return False  # "Opening fall 2025" announces an office, it founded nothing yet
            if _LATER_OPENING.search(hit.match.group(0)):
                return False  # "opened our second office in 2021" is growth, not the founding
            return (hit.value or 0) <= date.today().year and bool(founding or not _SERVICE_START.search(own))
        return 0 < (hit.value or 0) <= 70

    def score(self, findings: list[Finding]) -> int:
        this_year = date.today().year
        best: dict[str, float] = {}
        for finding in findings:
            value = float(finding.value or 0)
            if finding.code == "founded":
                value = this_year - value
            best[finding.code] = max(best.get(finding.code, 0.0), value)
        tiers = points("experience")
        return min(100, sum(_tier(tiers[code], value) for code, value in best.items() if code in tiers))


def _tier(tiers: list[list[int]], value: float) -> int:
    """Points of the highest tier whose threshold the value reaches."""
    return next((award for threshold, award in tiers if value >= threshold), 0)
