"""The fact codes of ../shared/VOCABULARY.md that search filters on, with plain-language labels.

The codes are the stable names the database, the API and the exports share; the labels are
what the search form shows patients.
"""

from __future__ import annotations

MODALITIES = {
    "iv": "IV infusion",
    "im": "Intramuscular injection",
    "esketamine_nasal": "Spravato (esketamine nasal spray)",
    "ketamine_nasal": "Compounded nasal ketamine",
    "oral": "By mouth (troche, lozenge, tablet)",
    "at_home": "At home or by telehealth",
    "topical": "Topical",
}

PSYCHOTHERAPY = {
    "in_house": "Therapists on staff (ketamine-assisted psychotherapy)",
    "mentioned": "Talks about therapy or refers out",
    "none": "No therapy mentioned",
}

INSURANCE = {
    "accepts_insurance": "Accepts insurance",
    "spravato_covered": "Spravato covered by insurance",
    "superbill": "Superbill for out-of-network claims",
    "hsa_fsa": "HSA or FSA",
    "financing": "Financing or payment plans",
    "cash_only": "Self-pay only (no insurance)",
}

PAIN_CONDITIONS = {
    "crps": "CRPS",
    "fibromyalgia": "Fibromyalgia",
    "neuropathy": "Neuropathy",
    "migraine": "Migraine",
    "phantom_limb": "Phantom limb pain",
    "back_pain": "Back pain",
    "cancer_pain": "Cancer pain",
    "trigeminal_neuralgia": "Trigeminal neuralgia",
    "arthritis": "Arthritis",
    "chronic_pain_general": "Chronic pain in general",
}

CREDENTIALS = {
    "board_certified_anesthesiologist": "Board-certified anesthesiologist",
    "anesthesiologist": "Anesthesiologist",
    "board_certified_psychiatrist": "Board-certified psychiatrist",
    "psychiatrist": "Psychiatrist",
    "emergency_physician": "Emergency physician",
    "pain_physician": "Pain medicine physician",
    "physician": "Physician",
    "crna": "Nurse anesthetist (CRNA)",
    "nurse_practitioner": "Nurse practitioner",
    "registered_nurse": "Registered nurse",
    "licensed_therapist": "Licensed therapist",
    "psychologist": "Psychologist",
    "acls": "ACLS-certified staff",
    "askp3_member": "ASKP3 member",
    "spravato_rems": "Spravato REMS certified",
    "accreditation": "Accredited facility",
}

#: The credentials filter as the search form offers it: plain words for the people patients ask about,
#: each accepting one or more codes (any of). A board certification also records the specialty
#: (scoring/criteria/credentials.py), so "An anesthesiologist" finds the board-certified ones too.
CREDENTIAL_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("An anesthesiologist", ("anesthesiologist",)),
    ("A psychiatrist", ("psychiatrist",)),
    ("A board-certified anesthesiologist or psychiatrist",
     ("board_certified_anesthesiologist", "board_certified_psychiatrist")),
    ("Another physician (emergency, pain or general medicine)", ("emergency_physician", "pain_physician", "physician")),
    ("A nurse anesthetist (CRNA)", ("crna",)),
    ("A nurse practitioner", ("nurse_practitioner",)),
    ("A licensed therapist or psychologist", ("licensed_therapist", "psychologist")),
    ("Staff trained in advanced cardiac life support (ACLS)", ("acls",)),
    ("An accredited facility", ("accreditation",)),
)

RED_FLAGS = {
    "cure_claim": "Claims a cure",
    "guarantee": "Guarantees results",
    "not_addictive": "Says ketamine is not addictive",
    "no_side_effects": "Says there are no side effects",
    "unqualified_safety": "Calls it completely safe",
    "closed": "Says it has closed",
    "placeholder_contact": "Placeholder address or phone",
    "other": "Other claim to be wary of",
}

PSYCHOTHERAPY_SHORT = {
    "in_house": "Therapists on staff",
    "mentioned": "Mentions therapy or refers out",
    "none": "Not stated",
}

SCREENING = {
    "history": "Takes a medical and psychiatric history",
    "contraindications": "Screens for reasons not to treat",
    "monitoring": "Monitors vital signs during treatment",
}

SAFETY = {
    "recovery": "Recovery time after treatment",
    "emergency": "Emergency equipment and training",
}

SETTING = {
    "private_room": "Private treatment room",
    "observation": "Someone watches over you during and after",
    "shared_room": "Several patients treated in one room",
}

EXPERIENCE = {
    "founded": "Year founded",
    "years": "Years of practice",
    "treatments": "Treatments given",
}

TREATS_PAIN = {
    "true": "Treats chronic pain",
    "false": "Says it does not treat chronic pain",
}

#: What a clinic's status means, in plain words, for the statuses other than active.
STATUSES = {
    "closed": "Closed: its website says the clinic has closed",
    "unreachable": "Website unreachable: it could not be reached on recent checks",
}

#: fact -> {code: label} for every fact a finding can record (the labels patients read).
FACT_LABELS: dict[str, dict[str, str]] = {
    "modalities": MODALITIES,
    "psychotherapy": PSYCHOTHERAPY,
    "credentials": CREDENTIALS,
    "oversight": {"physician_oversight": "Nurses and nurse practitioners work under a physician"},
    "insurance": INSURANCE,
    "prices": {"price": "Published price"},
    "pain_conditions": PAIN_CONDITIONS,
    "treats_pain": TREATS_PAIN,
    "pain_protocol": {"protocol": "A treatment protocol made for pain"},
    "screening": SCREENING,
    "safety": SAFETY,
    "setting": SETTING,
    "experience": EXPERIENCE,
    "red_flags": RED_FLAGS,
}


def label(fact: str, code: str) -> str:
    """The plain-language label of a fact's code (the code itself, readable, when it has none)."""
    return FACT_LABELS.get(fact, {}).get(code) or code.replace("_", " ").capitalize()


#: fact -> {code: label} for every fact a search can filter on by code.
FILTER_FACTS: dict[str, dict[str, str]] = {
    "modalities": MODALITIES,
    "psychotherapy": PSYCHOTHERAPY,
    "insurance": INSURANCE,
    "pain_conditions": PAIN_CONDITIONS,
    "credentials": CREDENTIALS,
}

GRADES = ("A", "B", "C", "D", "F")
CLINIC_STATUSES = ("active", "closed", "unreachable")
