"""Setting: a private room, and someone watching over you during and after the session."""

from __future__ import annotations

from scoring.config import points
from scoring.criteria.base import Criterion
from scoring.model import Finding
from scoring.rules import Rule

_ROLE = (r"(?:nurses?|RNs?|RN['’]s|CRNAs?|anesthetists?|therapists?|clinicians?|physicians?|doctors?|staff"
         r"|practitioners?|anesthesiologists?|psychiatrists?|providers?|Dr\.? [A-Z][\w-]+)")
_SESSION = r"(?:session|infusion|treatment|dose|visit)"
_PATIENTS = r"(?:patients|guests|participants|clients|people|friends)"
_SEVERAL = r"(?:several|multiple|many|other|up to (?:\w+|\d+)|\d+|two|three|four|five|six|seven|eight|ten)"
_MANY = r"(?:several|multiple|\d+|three|four|five|six|seven|eight|ten|twelve)"
_SEATS = r"(?:recliners|chairs|stations|loungers|infusion bays)"
# where a clinician stays: "at your bedside", "with each patient", "in your room" (each alternative
# keeps a long literal, so that the required-words shortcut stays selective)
_BESIDE = (r"(?:at your (?:bed|chair)?side|at the bedside|by your (?:side|bed|chair)|beside (?:you|your (?:bed|chair|recliner))"
           r"|next to you|with you|with each (?:patient|guest|client)|with every (?:patient|guest|client)"
           r"|in the (?:treatment |infusion |dosing )?(?:room|suite|lounge)|in your (?:treatment |infusion )?(?:room|suite)"
           r"|present)")
# people who are not clinical observation: "your sitter checks on you"
_LAY = r"\b(?:friends?|sitters?|family|relatives?|companions?|loved ones?|partners?|spouses?|support person)\b"


class Setting(Criterion):
    key = "setting"
    version = 5  # third blind set: one patient at a time, a room seats one, a named clinician or "they" stays at your side (v4: second blind set: one patient uses a room, "In the room with you:", he/she stays, social lounge (v3: bedside, check on you, single-occupancy, recliner rooms (v2: hedges)
    title = "Where and how you are treated"
    question = "Will you be in a private room, with someone watching over you during and after the session?"
    description = (
        "ASKP3's patient guide asks whether someone observes you during and after treatment, and "
        "recommends a private room while warning against clinics that treat several patients in "
        "one room. The project's sources add that the set and setting should be a comfortable "
        "space without disturbances. We record a private treatment room, a clinician who stays "
        "with or watches over you (or a stated observation period after the dose), and, as a "
        "negative finding that takes points away, several patients treated in the same room."
    )
    sources = (
        "ASKP3 patient guide: observation during and after treatment; a private room; avoid several patients in one room.",
        "Project source documents: set and setting, a comfortable space without disturbances.",
        "Spravato REMS: two hours of observation after each dose in a certified setting.",
    )
    fact = "setting"
    relevant_kinds = frozenset({"services", "faq", "home", "about"})
    negative_codes = frozenset({"shared_room"})
    rules = (
        Rule("private_room", (
            r"\bprivate,?\s+(?:[\w-]+,?\s+){0,3}?(?:rooms?|suites?|bays?|spaces?)\b",
            r"\b(?:your own|individual)\s+(?:treatment |infusion |session )?(?:room|suite)\b",
            r"\b(?:room|suite|bay) of your own\b",
            r"\bsingle[- ]occupancy\s+(?:[\w-]+\s+)?(?:rooms?|suites?|bays?)\b",
            r"\bone (?:patient|guest|client|person) per room\b",
            r"\b(?:rooms?|suites?|bays?)\b[^.;]{0,40}\b(?:one|a single) (?:patient|guest|client|person) at a time\b",
            r"\b(?:rooms?|suites?|bays?) (?:seats?|holds?|fits?|has room for) (?:only )?(?:one|a single)"
            r" (?:patient|guest|client|person)\b",
            r"\bonly one (?:patient|guest|client|person) (?:uses|is in|occupies) (?:a|each|the) room\b",
            r"\b(?:each|every) (?:treatment |infusion |session )?(?:room|suite) (?:is|has) (?:private|one chair)\b",
            r"\b(?:each|every|all(?: of)?(?: our)?|our) (?:treatment |infusion |session |dosing |therapy )?(?:rooms?|suites?)\b"
            r"[^.;]{0,40}?\b(?:is|are) (?!not\b|never\b)(?:\w+ )?(?:private|single[- ]occupancy)\b",
        ), general_ok=False),
        Rule("observation", (
            rf"\b{_ROLE}\b[^.;]{{0,60}}?\b(?:stays?|sits?|remains?|is|are|walks?|waits?)\s+{_BESIDE}",
            rf"\b{_ROLE}\b[^.;]{{0,50}}\b(?:monitors?|checks?|records?|watch(?:es)?)\b[^.;]{{0,60}}"
            rf"\b(?:during|throughout|every (?:\d+|[a-z]+) minutes|the whole time)\b",
            rf"\b(?:during|throughout) (?:every|each|the|your) (?:\w+ )?{_SESSION}\b[^.;]{{0,30}}\b{_ROLE}\b[^.;]{{0,20}}"
            r"\b(?:monitors?|checks?|records?|watch(?:es)?)\b",
            rf"\b(?:is|are) monitored by (?:a|an|our) (?:\w+ )?{_ROLE}",
            r"\bdirect observation\b", r"\b(?:required|two-hour|\d+-hour) observation\b", r"\bobservation (?:period|room)\b",
            r"\bobserved (?:for|in)\b", r"\b(?:hours?|minutes) of (?:monitored )?observation\b", r"\bdosed and observed\b",
            rf"\bwith your {_ROLE} in the room\b", r"\bpresent with you\b",
            # a label and its value: "In the room with you: CRNA or RN for the whole session"
            rf"\bin the room with you\s*:\s*(?:an?\s+|our\s+)?(?:[\w-]+\s+)?{_ROLE}",
            r"\b(?:walks?|works?|working) with\b[^.;]{0,60}\b(?:session itself|medicine sessions?)\b",
            r"\bstays? with you (?:during|throughout|for) (?:the |each |every |your )?(?:[\w-]+ ){0,4}?"
            r"(?:sessions?|infusions?|treatments?)\b",
        ), general_ok=False),
        # "(our nurses ... and) check on you throughout the session": anyone but a friend or a sitter
        Rule("observation", (
            rf"\bcheck(?:s|ing)? (?:in )?on (?:you|(?:each|every) (?:patient|guest|client)|{_PATIENTS})\b[^.;]{{0,40}}"
            r"\b(?:throughout|during|every|regularly|frequently|the whole|the entire|until)\b",
            rf"\blook(?:s|ing)? in on (?:you|(?:each|every) (?:patient|guest|client)|{_PATIENTS})\b[^.;]{{0,40}}"
            r"\b(?:throughout|during|every|regularly|frequently|the whole|the entire|until)\b",
        ), general_ok=False, unless=_LAY),
        # a clinician named before, as "he" or "she": "He sits with patients throughout every infusion"
        Rule("observation", (
            rf"\b(?:he|she)\s+(?:sits?|stays?|remains?)\s+(?:with (?:you|{_PATIENTS}|each patient|every patient)"
            r"|at (?:your|the|each patient['’]s) bedside)\s+(?:throughout|during|for the (?:whole|entire))\b",
            # by name or as "they", after other verbs: "Jolene stays in the room with you the whole time",
            # "he places IVs and stays at your side for the full infusion", "they ... sit with you during"
            r"\b(?:he|she|they|(?-i:[A-Z][a-z]+))\b[^.;]{0,60}?\b(?:sits?|sit|stays?|remains?)\s+(?:in the room\s+)?"
            r"(?:with you|at your side|by your side|beside you)\s+(?:throughout|during|for the (?:whole|entire|full)"
            r"|the (?:whole|entire) time)\b",
        ), general_ok=False, unless=_LAY),
        Rule("shared_room", (
            rf"\b{_SEVERAL} (?:other )?{_PATIENTS}\b[^.;]{{0,70}}\b(?:together|same room|one room|share|side by side"
            r"|in the (?:lounge|room))",
            r"\b(?:shared|group|communal|open|social) (?:infusion |treatment |session |ketamine )?(?:lounge|room|area|bay|space)\b",
            rf"\b{_PATIENTS}\b[^.;]{{0,40}}\bshare\b[^.;]{{0,30}}\b(?:room|lounge|space)\b",
            rf"\b(?:seat(?:s|ed)?|sit|sits|sitting|receive|receiving|recline|reclining|(?:treat|dose|infuse)[sd]? (?:you|them)"
            rf"|{_PATIENTS}|{_SEATS}|at the same time)\b[^.;]{{0,40}}\bside by side\b",
            rf"\b(?:alongside|next to|beside|among) (?:other|fellow) {_PATIENTS}\b",
            rf"\b(?:one|a single|the same) (?:[\w-]+ ){{0,2}}?(?:room|lounge|space|area) (?:with|holding|that holds|containing)"
            rf" {_MANY} (?:[\w-]+ ){{0,2}}?{_SEATS}",
            rf"\b{_MANY} (?:[\w-]+ ){{0,2}}?{_SEATS}\b[^.;]{{0,40}}\bin (?:one|the same|a shared|a single) (?:room|lounge|space)\b",
            r"\bseparated (?:only )?by (?:[\w-]+ )?curtains\b",
            r"\b(?:dosed|treated|infused)\b[^.;]{0,20}\b(?:at the same time|together|in (?:small )?groups)\b",
        ), denied="private_room", unless=r"\bwaiting (?:room|area)\b"),
    )

    def score(self, findings: list[Finding]) -> int:
        table = points("setting")
        return max(0, min(100, sum(table.get(code, 0) for code in {f.code for f in findings})))
