"""Safety screening and monitoring: who is screened out, and how sessions are watched."""

from __future__ import annotations

from scoring.criteria.base import Criterion
from scoring.model import Finding
from scoring.rules import Rule


class Safety(Criterion):
    key = "safety"
    title = "Screening and monitoring"
    question = "Does the clinic screen you before treatment and monitor you during and after it?"
    description = (
        "Before treatment a clinic should take a full medical and psychiatric history, review "
        "medications and screen for contraindications such as psychosis or uncontrolled blood "
        "pressure. During an infusion, blood pressure, oxygen saturation and heart rhythm should "
        "be monitored, with recovery time and a ride home afterwards and emergency equipment "
        "ready."
    )
    sources = (
        "ASKP3 standards: full history and physical including psychiatric and substance-use history; vital signs monitored.",
        "Safety-equipment checklists: ACLS, crash cart, AED, blood-pressure, oxygen and EKG monitoring.",
        "Project source documents: psychosis is a contraindication; blood pressure and oxygen monitored during a session.",
    )
    fact = "screening"
    rules = (
        Rule("history", (r"\b(?:medical|psychiatric|health|mental health) (?:and (?:psychiatric|mental health) )?(?:history|evaluation|screening|assessment|intake)\b",
                         r"\b(?:screen(?:ed|s|ing)?|evaluat(?:e|ed|ion)|assess(?:ed|ment)?)\b[^.]{0,60}\b(?:candidate|eligib|appropriate|safe|fit)\w*",
                         r"\bcontraindicat\w+\b", r"\bmedication review\b", r"\bphysical exam\w*\b")),
        Rule("monitoring", (r"\bmonitor(?:ed|ing|s)?\b[^.]{0,80}\b(?:vital|blood pressure|heart|oxygen|pulse|EKG|ECG)\b",
                            r"\b(?:vital signs?|blood pressure|pulse oximetry|oxygen saturation|EKG|ECG|cardiac monitoring)\b[^.]{0,60}\bmonitor",
                            r"\bcontinuous(?:ly)? monitor(?:ed|ing)\b", r"\bvitals?\b[^.]{0,30}\b(?:checked|tracked|watched)\b")),
        Rule("recovery", (r"\brecovery (?:period|time|area|room)\b", r"\b(?:driver|ride|escort)\b[^.]{0,40}\bhome\b",
                          r"\b(?:crash cart|AED|defibrillator|emergency equipment)\b")),
    )

    def score(self, findings: list[Finding]) -> int:
        table = {"history": 40, "monitoring": 40, "recovery": 20}
        return min(100, sum(table[code] for code in {f.code for f in findings}))
