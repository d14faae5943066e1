"""Experience: how long the clinic and its clinicians have practised, and how much."""

from __future__ import annotations

import re
from datetime import date

from scoring.criteria.base import Criterion
from scoring.model import Finding
from scoring.rules import Hit, Rule
from scoring.text import Sentence

_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30}


def _year(match: re.Match[str], _sentence: Sentence) -> int:
    return int(re.findall(r"(?:19|20)\d{2}", match.group(0))[-1])


def _count(match: re.Match[str], _sentence: Sentence) -> int:
    token = re.search(r"\d[\d,]*|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", match.group(0), re.I)
    if token is None:
        return 0
    text = token.group(0).lower()
    return _NUMBER_WORDS.get(text) or int(text.replace(",", ""))


class Experience(Criterion):
    key = "experience"
    title = "Experience"
    question = "How long has the clinic been open, and how much ketamine treatment has it given?"
    description = (
        "Patient guidance from ASKP3 says the longer a clinic has been open, the better, and "
        "suggests asking how many patients the provider has treated. We read the clinic's "
        "founding year, its clinicians' years of practice and the number of treatments it says "
        "it has given. The history of ketamine itself (decades of use in anaesthesia) is not "
        "the clinic's experience and earns nothing."
    )
    sources = (
        "ASKP3 patient guide: the longer a clinic has been open the better; ask how many patients were treated.",
        "Project source documents: look for experience administering ketamine professionally.",
    )
    fact = "experience"
    rules = (
        Rule("founded", (
            rf"\b(?:founded|established|opened|formed|started|launched)\b(?:\s+\w+){{0,4}}?\s+(?:in\s+)?(?:{_MONTH}\s+)?(?:19|20)\d{{2}}\b",
            r"\b(?:serving|treating|helping|caring for)\b[^.]{0,60}\bsince\s+(?:19|20)\d{2}\b",
            r"\b(?:in (?:private )?(?:business|practice|operation)|practicing|practising|using ketamine)\b[^.]{0,60}\bsince\s+(?:19|20)\d{2}\b",
            r"\bsince\s+(?:19|20)\d{2},?\s+(?:we|our|the clinic|dr\.)",
        ), general_ok=False, value=_year),
        Rule("years", (
            r"\b(?:\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\+?\s+years?\s+(?:of\s+)?(?:combined\s+)?"
            r"(?:clinical\s+|medical\s+|professional\s+|hands-on\s+|anesthesia\s+|psychiatric\s+)?"
            r"(?:experi[ae]nce|practice|in practice|practicing|of service)\b",
            r"\b(?:over|more than|nearly|almost)\s+(?:\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s+years\s+"
            r"(?:as an?|in (?:anesthesia|psychiatry|emergency medicine|pain medicine|practice))\b",
        ), general_ok=False, value=_count),
        Rule("treatments", (
            r"\b(?:over|more than|nearly|almost|approximately|about|upwards of)?\s*\d{1,3}(?:,\d{3})+\+?\s+"
            r"(?:\w+\s+){0,4}?(?:treatments|infusions|sessions|procedures|patients|injections)\b",
            r"\b(?:over|more than|nearly|almost|approximately|about|upwards of)?\s*\d{3,6}\+?\s+"
            r"(?:\w+\s+){0,4}?(?:treatments|infusions|sessions|procedures|patients|injections)\b",
        ), general_ok=False, hedge_ok=False, value=_count),
    )

    def accept(self, hit: Hit) -> bool:
        text = hit.sentence.text
        if hit.rule.code == "treatments":
            # "$1,200 per series of 6 infusions" is a price, "500 mg" a dose: not experience
            before = text[max(0, hit.match.start() - 2) : hit.match.start() + 2]
            return "$" not in before and bool(
                re.search(r"\b(?:administered|performed|treated|given|provided|completed|delivered|served|helped)\b",
                          text, re.I)
            )
        if hit.rule.code == "founded":
            return (hit.value or 0) <= date.today().year
        return True

    def score(self, findings: list[Finding]) -> int:
        this_year = date.today().year
        best: dict[str, float] = {}
        for finding in findings:
            value = float(finding.value or 0)
            if finding.code == "founded":
                value = this_year - value
            best[finding.code] = max(best.get(finding.code, 0.0), value)
        total = 0
        if "founded" in best:
            years_open = best["founded"]
            total += 50 if years_open >= 10 else 40 if years_open >= 5 else 25 if years_open >= 2 else 10
        if "years" in best:
            total += 30 if best["years"] >= 15 else 20 if best["years"] >= 5 else 10
        if "treatments" in best:
            total += 30 if best["treatments"] >= 1000 else 20 if best["treatments"] >= 100 else 10
        return min(100, total)
