"""Safety screening and monitoring: who is screened out, how sessions are watched, and what
happens after them."""

from __future__ import annotations

from scoring.config import points
from scoring.criteria.base import Criterion, summed_points
from scoring.model import Finding
from scoring.rules import Rule

_VITALS = (r"(?:vital signs?|vitals|blood[- ]pressure|pulse(?: oximetry)?|oxygen(?: saturation| levels?)?|EKGs?|ECGs?"
           r"|heart[- ]rate|heart rhythm|cardiac)")
_SCREENING_RULES = (
    Rule("history", (
        r"\b(?:medical|psychiatric|health|mental[- ]health|neurological|psychological)"
        r"(?:\s+(?:and|&)\s+(?:medical|psychiatric|psychological))?\s+(?:history|screening|intake|questionnaire)\b",
        r"\bhistory review\b", r"\bhealth questionnaire\b", r"\bpain assessments?\b",
        r"\b(?:careful|thorough|full|comprehensive|medical|psychiatric) (?:medical )?(?:screening|review)\b",
        r"\bmedication (?:review|history|lists?)\b",
        r"(?<!plan )(?<!plans )(?<!insurer )(?<!insurers )(?<!payer )\breview(?:s|ed|ing)?\b(?:\s+(?:of|your|all|any|current|prior|past|previous|every)?\s*[\w-]+,?){0,6}?\s+"
        r"(?:medications?|medication lists?|history|records|diagnosis|labs|imaging|treatments?)\b",
        r"\bgo(?:es)? over (?:your )?(?:\w+\s+)?(?:medications?|history)\b",
        r"\bscreen(?:s|ed|ing)?\s+(?:every|each|all|new|prospective)?\s*(?:\w+\s+)?(?:patients?|clients?|guests?)?\s*(?:for|with)\b",
        r"\b(?:is|are|be|get|gets) screened\b", r"\bafter screening\b",
        r"\b(?:evaluated|assessed) by\b",
        r"\b(?:decides?|determines?|decide|determine) (?:whether|if) (?:ketamine|kap|treatment|you)\b[^.]{0,30}\b(?:safe|appropriate|right|candidate)",
        r"\bask (?:you )?about (?:your )?(?:\w+\s+){0,3}(?:history|psychosis|mania|substance|heart)",
    ), general_ok=False),
    Rule("history", (
        r"\b(?:psychiatric|medical|full)(?:\s+(?:and|&)\s+(?:medical|psychiatric))?\s+(?:evaluation|assessment)\b",
    ), general_ok=False, unless=r"\$\s?\d", listed_ok=False),
    Rule("contraindications", (
        r"\bcontraindicat\w+", r"\bhistory of (?:psychosis|schizophrenia|mania|psychotic)",
        r"\buncontrolled (?:high )?(?:hypertension|blood[- ]pressure)\b",
        r"\bnot (?:a good fit|right|safe|recommended|appropriate|suitable|a candidate) for (?:you )?(?:if|people|patients|anyone)\b",
        r"\brules? (?:it|you) out\b", r"\bcannot receive\b", r"\baneurysm\w*", r"\bintracranial pressure\b",
    ), negatable=False),
    Rule("monitoring", (
        rf"\bmonitor(?:s|ed|ing)?\b[^.]{{0,80}}\b{_VITALS}",
        rf"\b{_VITALS}\b[^.]{{0,80}}\b(?:monitor\w*|checked|tracked|watched|recorded|readings?|displayed)\b",
        rf"\b(?:check|checks|checked|take|takes|taken|record|records|runs|watch|watches)\s+(?:[\w'’]+\s+){{0,2}}?{_VITALS}",
        rf"\b{_VITALS} (?:checks?|readings?|monitors?)\b",
        rf"\b{_VITALS}\b[^.]{{0,60}}\b(?:throughout|during) (?:every|each|the|your) (?:infusion|session|treatment|dose)", r"\bcontinuous(?:ly)?\b[^.]{0,40}\bmonitor\w*",
        r"\b(?:\d+|two|three) (?:hr|hours?) (?:of )?(?:monitor\w*|observation)\b",
        r"\bobserved for (?:at least )?(?:\w+ )?(?:hours?|minutes)\b",
        r"\b(?:infusions?|sessions?|treatments?|doses?) (?:are|is) (?:closely )?monitored\b",
        r"\bpulse oximetry\b", r"\bcapnography\b", r"\bcardiac monitor\b", r"\bon a monitor\b",
        r"\b(?:includes?|including) vitals\b",
    ), general_ok=False),
)
_SAFETY_RULES = (
    Rule("recovery", (r"\brecovery (?:period|time|area|room)\b", r"\b(?:driver|ride|escort)\b[^.]{0,40}\bhome\b",
                      r"\bdrive (?:you )?home\b")),
    Rule("emergency", (r"\b(?:crash cart|AED|defibrillator|emergency (?:equipment|protocols?|medications?)"
                       r"|airway equipment|suction)\b",)),
)


class Safety(Criterion):
    key = "safety"
    version = 6  # third blind set: "a Northstar provider" is the clinic's own, review sites (v5: second blind set: an insurer reviewing records is not screening (v4: 'Not offered:' lines))
    title = "Screening and monitoring"
    question = "Does the clinic screen you before treatment and monitor you during and after it?"
    description = (
        "Before treatment a clinic should take a full medical and psychiatric history, review "
        "medications and screen for contraindications such as psychosis or uncontrolled blood "
        "pressure. During an infusion, blood pressure, oxygen saturation and heart rhythm should "
        "be monitored, with recovery time and a ride home afterwards and emergency equipment "
        "ready. The screening fact is recorded when the clinic describes its screening, its "
        "contraindications or the vital signs it monitors; recovery and emergency readiness add "
        "points but do not count as screening."
    )
    sources = (
        "ASKP3 standards: full history and physical including psychiatric and substance-use history; vital signs monitored.",
        "Safety-equipment checklists: ACLS, crash cart, AED, blood-pressure, oxygen and EKG monitoring.",
        "Project source documents: psychosis is a contraindication; blood pressure and oxygen monitored during a session.",
    )
    fact = "screening"
    relevant_kinds = frozenset({"faq", "services", "home"})
    rules = _SCREENING_RULES

    def findings(self, site):  # type: ignore[no-untyped-def]
        screening = super().findings(site)
        aftercare = [self.finding(hit, fact="safety") for hit in self.hits(site, _SAFETY_RULES)]
        return screening + aftercare

    def score(self, findings: list[Finding]) -> int:
        return summed_points(findings, points("safety"))
