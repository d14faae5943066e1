"""Is a phrase a claim about this clinic? Clause-level negation, questions and their answers,
hedges, advice, reported speech, ketamine in general and other clinics.

Functions take a sentence's text and the span of a phrase in it; the clause is the stretch
of the sentence between clause breaks (";", ":", dashes, "but", ", which", ", we" ...).
"""

from __future__ import annotations

import re

_CLAUSE_BREAK = re.compile(
    r"[;:—–]|\s-\s|\(|\)|,\s*(?:but|however|although|though|while|whereas|yet|so|which|who|whose|where|except|unless)\b"
    r"|\b(?:but|however|although|though|whereas|except that|because|since (?=[a-z]+\s))\b"
    r"|,\s*(?=(?:and\s+|or\s+)?(?:we|our|you|your|they|it|i|she|he|this|that|there)\b)"
    r"|\s(?:and|or)\s+(?=(?:we|our|they|it|i|she|he)\b)",
    re.I,
)
_NEGATOR = re.compile(
    r"\b(?:not|never|cannot|can't|can’t|don't|don’t|doesn't|doesn’t|didn't|didn’t|won't|won’t|isn't|isn’t"
    r"|aren't|aren’t|wasn't|wasn’t|weren't|weren’t|neither|nor|none|unable|nothing|nobody|no longer"
    r"|refuse[sd]?|decline[sd]?|n't|n’t|instead of|rather than|stopped|discontinued)\b",
    re.I,
)
# Negators that are not negations: "not only", "no matter", "including but not limited to".
_NOT_A_NEGATION = re.compile(
    r"\b(?:not only|not just|not limited to|no matter|whether or not|if not|not sure|no later than|no more than"
    r"|not to mention|not always|nothing (?:but|else)|no wonder|not (?:right|safe|appropriate) for (?:you|everyone))\b",
    re.I,
)
# A negation inside a relative clause before the main verb: "Members who can't use tablets may be
# prescribed a nasal spray" negates the tablets, not the spray.
_RELATIVE_NEGATION = re.compile(
    r"\b(?:who|that)\s+(?:can['’]t|cannot|can not|don['’]t|do not|doesn['’]t|does not|didn['’]t|did not"
    r"|haven['’]t|have not|aren['’]t|are not|won['’]t|could not|couldn['’]t)\s+\w+(?:\s+\w+){0,4}?"
    r"(?=\s+(?:may|might|can|could|will|would|should|must|often|usually|sometimes|get|gets|receive|receives)\b)",
    re.I,
)
_DENIED_PROMISE = re.compile(
    r"\b(?:cannot|can['’]t|can not|do not|don['’]t|will not|won['’]t|never|not)\s+(?:\w+\s+)?"
    r"(?:promise|guarantee|predict|claim)\w*\b.*",
    re.I,
)
# "no X" and "without X" negate the few words after them, not the whole clause.
_SHORT_NEGATOR = re.compile(r"\b(?:no|without|zero)\b(?!-)", re.I)
_AFTER_NEGATION = re.compile(
    r"^[\s®™*]*(?:[,)]\s*)?(?:\w+\s+){0,2}?"
    r"(?:(?:is|are|was|were|will be|has been|have been)\s+(?:not|never|no longer)\b|(?:isn['’]t|aren['’]t)\b"
    r"|(?:not|never)\s+(?:offered|available|provided|accepted|covered|prescribed|billed|done|performed|treated|used)\b"
    r"|(?:which|that)\s+(?:we|I)\s+(?:do not|don['’]t|no longer|never|cannot|can['’]t|won['’]t)\b"
    r"|[-–—:]\s*(?:not|never|no|none)\b)",
    re.I,
)
_OTHERS = re.compile(
    r"\b(?:some|other|many|most|few|certain|those|these|unscrupulous|less reputable|several|one|another|a third"
    r"|any|a|good|storefront|online|telehealth)\s+(?:other\s+)?(?:[\w-]+\s+)?(?:clinics?|providers?|practices?"
    r"|centers?|companies|sites?|websites?|places|businesses|lounges?|outfits|chains?|platforms?|startups?)\b"
    r"(?!\s+(?:like|such as)\s+(?:ours|us)\b)"
    # "a clinic visit", "a clinic setting": the noun describes a visit, not another clinic
    r"(?!\s+(?:visits?|appointments?|settings?|environments?|hours|rooms?|fees?)\b)"
    r"|\bunlike\s+(?:other|some|many|most)\b|\bbeware\b|\bred flags?\b|\bwatch out\b|\bbe wary\b|\bbe cautious\b"
    r"|\b(?:anyone|anybody|someone) who\b|\belsewhere\b"
    # "ketamine clinics" in general; "Summit Ridge Ketamine Centers" (capitalised) is a name
    r"|\b(?:infusion|pain|ketamine|other|outside|local) (?-i:centers|clinics|practices|providers)\b"
    # another practice's people: "Their medical director ... is a board-certified anesthesiologist"
    r"|\btheir (?:medical director|founder|owner|team|staff|physicians?|doctors?|nurses?|providers?|clinic|practice)\b",
    re.I,
)
_SELF_DESCRIPTION = re.compile(
    r"\b(?:we are|we['’]re|is|as|am|be|been|became|being|was|are)\s+(?:not\s+|no longer\s+)?$"
    r"|\bone of (?:the )?(?:[\w-]+\s+){0,2}$"
    # what the clinic used to be or became: "the clinic grew from a pain practice"
    r"|\b(?:grew|grown|evolved|started|began|turned|expanded)\s+(?:out\s+)?(?:from|into|as|of)\s+$",
    re.I,
)
# "people who can't get to a clinic": a clinic as a place to go, not another practice
_DESTINATION = re.compile(
    r"\b(?:get|gets|getting|go|goes|going|come|coming|travel\w*|driv(?:e|es|ing)|walk(?:s|ing)?|mak\w+ it|trip)"
    r"\s+(?:in\s+)?to\s+$|\b(?:visit|visiting|visits)\s+$",
    re.I,
)
# "a Northstar provider": one of the named practice's own clinicians
_NAMED_PROVIDER = re.compile(r"(?:a|an|one|any)\s+(?-i:[A-Z][\w'’-]+)\s+providers?", re.I)
# a co-provider named in an aside ("Cancer pain, in partnership with the Westbrook Cancer Institute")
_JOINT_CARE = re.compile(
    r"\b(?:in (?:partnership|collaboration|conjunction) with|together with|jointly with)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]+\s*)+"
)
# "well over that of many other clinics", "better than most providers": a claim about this clinic.
_COMPARISON = re.compile(r"\b(?:than|that of|those of|compared (?:to|with)|unlike)\s+(?:\w+\s+)?$", re.I)
_RELATIVE = re.compile(r"\s*(?:which|that|who)\b", re.I)
_ORGANISATION_BEFORE = re.compile(
    r"ASKP|www\.|\s{12,}|\b(?:Society|Association|College|Academy|Foundation|Institute|organi[sz]ation)\b"
)
# A clinician's career before this clinic: "before opening ... she helped run", "previously directed".
_PAST_ROLE = re.compile(
    r"\b(?:before (?:opening|joining|founding|starting|launching|coming to)"
    r"|prior to (?:opening|joining|founding|starting)"
    r"|(?:previously|formerly)(?!\s+(?:called|known|named|termed|diagnosed))"
    r"|earlier in (?:her|his|their) career|most recently as"
    # "came to Palisades from a ketamine infusion clinic in Manhattan"
    r"|(?:came|comes|moved) (?:to (?:us|[A-Z][\w&'’-]+(?: [A-Z][\w&'’-]+)*) )?from|joined (?:us|our team) from"
    r"|(?:she|he|they) (?:helped (?:to )?(?:run|build|start|launch|lead)|ran|led|directed|managed|built"
    r"|worked (?:in|at|for))"
    r"|(?:helped (?:to )?run|ran|led|directed|managed) (?:a|an|the) (?:[\w-]+ ){0,3}?"
    r"(?:hospital|university|academic|VA|military))\b",
    re.I,
)
# ... unless the sentence comes back to the present before the phrase: "now oversees every IV infusion here"
_BACK_TO_NOW = re.compile(r"\b(?:now|today|currently|here|at our|we|our)\b", re.I)
# A later clause that refuses what the sentence just named: "..., but we don't offer it for that purpose."
_REFUSED_AFTER = re.compile(
    r"\b(?:we|our (?:clinic|practice|team|physicians|providers))\s+"
    r"(?:do not|don['’]t|does not|doesn['’]t|will not|won['’]t|cannot|can['’]t|never)\s+"
    r"(?:offer|use|provide|prescribe|give|treat)\s+(?:it|that|this|them)"
    r"(?:\s+(?:for|to treat)\s+(?:that|this|those|these|it|them)(?:\s+(?:purpose|conditions?|use|indication))?)?"
    r"\s*(?:[.!;]|$)",
    re.I,
)
_REFERRAL = re.compile(
    r"\b(?:refer(?:s|red|ral)?\s+(?:you|patients|them|people)?\s*(?:back\s+)?to|moved to|transferr(?:ed|ing) to"
    r"|ask (?:us )?for (?:a )?referrals?"
    r"|successor|partner clinic|(?:medical|clinical|prescribing) partner|through (?:our|a) partner"
    r"|(?:share|give you|suggest|recommend) (?:the )?names"
    # a referral out as a noun: "whether a referral makes sense", "we can arrange a referral"
    r"|(?:whether|if) (?:a )?referral|referral (?:elsewhere|out|to (?:a|an|another|one of))"
    r"|refer(?:s|red)? (?:you|patients|them|people) (?:there|elsewhere|out|on)|help you find (?:a|an|one|another)"
    r"|(?:discuss|consider|arrange|make|provide|write|offer|give you) (?:you )?(?:a |an )?(?:outside )?"
    r"referral(?! from))\b",
    re.I,
)
# Any hedge, however weak ("may", "can help", "some patients"): a hedged promise promises nothing.
_HEDGE = re.compile(
    r"\b(?:may|might|could|can help|can provide|can reduce|some patients|many patients|some people|for some"
    r"|in some cases|potentially|possibly|studies|research|evidence suggests|has been shown|suggests?)\b",
    re.I,
)
# Verbs of practice: after "may", "might" or "could" they give permission or a condition ("we may give
# an IM injection when an IV is not possible", "your doctor may recommend Spravato"), not a doubt.
_PRACTICE = (
    r"(?:also\s+|then\s+|instead\s+|sometimes\s+|occasionally\s+)?"
    r"(?:give|recommend|suggest|prescribe|offer|use|add|ask|refer|order|check|review|start|run|bill|adjust"
    r"|request|arrange|switch|provide|administer|schedule|send|pay|choose|sit|stay|call|see|treat|perform|draw"
    r"|place|repeat|extend|combine|involve|include|require|need|take|apply|pick|book|meet|talk|join|contact"
    r"|discuss|help you"
    # passive practice ("may be prescribed"), but not a status ("might be certified")
    r"|be\s+(?:(?!(?:certified|licensed|qualified|trained|accredited|experienced)\b)\w+ed|given|done|taken|seen"
    r"|run|able|available|eligible for (?:a|our)))\b"
)
# Uncertainty about whether something is true or works: "might be", "may help some", "could possibly",
# "perhaps", "potentially", "it is possible that", "may or may not", "is thought to", "early research
# suggests", "may have given". Unlike a permissive "may", it claims nothing.
_EPISTEMIC = re.compile(
    r"\b(?:perhaps|possibly|conceivably|presumably|hopefully"
    r"|potentially\b(?!\s+(?:dangerous|serious|harmful|life-threatening|fatal|risky|unsafe|significant|severe))"
    r"|it(?:\s+is|['’]s)\s+(?:\w+\s+)?possible\b(?!\s+to\b)|(?:may|might) or (?:may|might) not|(?:may|might|could) well"
    r"|(?:is|are|was|were|be)\s+(?:widely\s+|generally\s+|now\s+)?(?:thought|believed|hoped|suspected|assumed)\s+to"
    r"|not (?:yet )?(?:sure|certain|clear|known)(?: yet)? (?:whether|if)"
    # an intention is not a fact yet: "we hope to add a board-certified psychiatrist next year"
    r"|(?:hope|hoping|hopes|plan|plans|planning|intend|intends|aim|aims|expect|expects|want|wants) to"
    r" (?:add|hire|bring|recruit|offer|open|start|launch|join|become|expand)"
    # an offer still to come: "we're building a telehealth program", "IM coming soon", "next year"
    r"|(?:we['’]re|we are|we have been|we['’]ve been) (?:now\s+)?(?:building|developing|working on|designing|preparing"
    r"|creating|planning)\b|coming soon|(?:launch\w*|available|arriving) (?:soon|later)"
    r"|(?:next|later this|early next|in the coming) (?:year|month|months|spring|summer|fall|autumn|winter)"
    r"|(?:early|emerging|preliminary|limited|small|new|recent|growing|some)\s+(?:research|studies|evidence|data|trials)"
    r"|(?:research|studies|evidence|data|trials)\s+(?:\w+\s+)?(?:suggests?|indicates?|hints?)"
    rf"|(?:might|could)\s+(?:not\s+)?(?!{_PRACTICE})\w+"
    r"|may\s+(?:also\s+|even\s+|one day\s+|someday\s+|eventually\s+)?(?:have\s+\w+ed|have\s+(?:given|done|seen|run)"
    r"|help|ease|relieve|reduce|improve|benefit|work|lessen|lift|alleviate|calm|suit|find|feel|notice|respond|explain"
    r"|prevent|protect|boost|speed|shorten|last|be (?:a|an|the|one|among|effective|helpful|beneficial|useful|worth"
    r"|right|suitable|safe|unsafe|risky)"
    r"|be (?:\w+ )?(?:covered|reimbursed|paid) (?:in part )?by (?:some|many|certain|most)))\b",
    re.I,
)
# An indirect question: "wondered what it could do", "curious whether it might help".
_INDIRECT_QUESTION = re.compile(
    r"\b(?:wonder(?:ed|s|ing)?|ask(?:ed|s|ing)?|curious|to (?:see|learn|find out|know)|explor(?:e|ed|es|ing))\s+"
    r"(?:about\s+)?(?:what|whether|if|how|why)\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:we|we're|we’re|we've|we’ve|we'll|we’ll|our|ours|us|i|i'm|i’m|my)\b", re.I)
_GENERAL_SUBJECT = re.compile(
    r"^\W*(?:(?:the\s+)?(?:ketamine|esketamine|spravato|it|this (?:medication|medicine|drug|treatment)"
    r"|the (?:medication|medicine|drug)|studies|research|researchers|scientists|doctors|clinicians|experts"
    r"|anesthesiologists|psychiatrists|patients|people|the fda|insurers|insurance companies|health plans"
    r"|guidelines|for (?:over |more than )?\d+ years))\b",
    re.I,
)
_ADVICE_START = re.compile(
    r"^\W*(?:tip:\s*)?(?:look for|(?:always )?ask (?:whether|who|how|if|what|which|about (?:the|their))|walk away"
    r"|avoid (?:any|a|clinics)|choose (?:a|an|your) (?:clinic|provider|doctor)|make sure|check (?:whether|that|if)"
    r"|find out|beware|be wary|consider whether|run from|insist on|never choose|steer clear|don['’]t settle"
    r"|before you choose|when choosing|if you are choosing|questions to ask)\b",
    re.I,
)
_ADVICE_MODAL = re.compile(
    r"\b(?:a|any|the|your|every|each|good)\s+(?:\w+\s+)?(?:clinic|provider|prescriber|physician|doctor|practice"
    r"|facility|center|team|staff)\b[^.;]{0,60}\b(?:should|must|ought to|needs? to)\b"
    r"|\b(?:someone|anyone|patients|clinics|providers|you)\b[^.;]{0,40}\b(?:should|ought to)\s+"
    r"(?:ask|look|be|check|expect|walk|run|avoid)\b"
    r"|\bideally\b"
    # "Outside accreditation is another good sign."
    r"|\b(?:is|are) (?:a|another|one more|also a) (?:good|great|positive|reassuring|healthy) signs?\b",
    re.I,
)
_REPORTED = re.compile(
    r"\b(?:(?:may|might) have (?:read|heard|seen)|you(?:['’]ve| have) (?:probably |likely )?(?:read|heard|seen)"
    r"|said|says|according to|told (?:a|the|us)|claim(?:s|ed)? that|claimed|advertis(?:ed|es)|promised"
    r"|reported|alleged)\b",
    re.I,
)
_YES = re.compile(
    r"^\W*(?:yes|yep|yeah|absolutely|of course|certainly|definitely|sure|indeed"
    r"|(?:we|i|it|they|you) (?:do|does|can|are|is|will|have|accept|offer|treat))\b",
    re.I,
)
_NO = re.compile(
    r"^\W*(?:no\b(?!\s+(?:one|matter))|nope|not (?:at this time|currently|yet|at (?:the|this) moment|really|now|here)"
    r"|unfortunately|sorry|never|currently,? (?:no|not|we (?:do not|don['’]t))|at this time,? (?:no|not|we)"
    r"|please don['’]t|(?:we|i|it|they) (?:do not|don['’]t|cannot|can['’]t|are not|aren['’]t|is not|isn['’]t"
    r"|won['’]t|does not|doesn['’]t))",
    re.I,
)


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the clause holding the span [start, end)."""
    clause_start = 0
    for found in _CLAUSE_BREAK.finditer(text, 0, start):
        clause_start = found.end()
    after = _CLAUSE_BREAK.search(text, end)
    return clause_start, after.start() if after else len(text)


def hedge_scope(text: str, start: int, end: int) -> str:
    """The clause holding the span, parentheses included: a hedge governs an aside too
    ("Nasal esketamine (Spravato) may help some people"). An indirect question after the span
    ("... and wondered what it could do") is someone's curiosity, not a hedge on the span."""
    clause_start = 0
    for found in _CLAUSE_BREAK.finditer(text, 0, start):
        if found.group(0) not in "()":
            clause_start = found.end()
    after = next((found for found in _CLAUSE_BREAK.finditer(text, end) if found.group(0) not in "()"), None)
    clause_end = after.start() if after else len(text)
    question = _INDIRECT_QUESTION.search(text, end, clause_end)
    return text[clause_start : question.start() if question else clause_end]


def clause(text: str, start: int, end: int) -> str:
    """The clause holding the span."""
    a, b = clause_bounds(text, start, end)
    return text[a:b]


def is_negated(text: str, start: int, end: int | None = None, *, promises: bool = True) -> bool:
    """Whether a negator governs the phrase at [start, end): before it in its clause ("we do
    not accept insurance"), just before it ("no IV"), or right after it ("is not offered").

    With `promises=False` a denied promise does not deny what it is about: "we cannot promise
    a cure for chronic pain" still says the clinic treats chronic pain.
    """
    end = start if end is None else end
    clause_start, _ = clause_bounds(text, start, end)
    before = _RELATIVE_NEGATION.sub(_drop_relative_negation, _NOT_A_NEGATION.sub(" ", text[clause_start:start]))
    if not promises:
        before = _DENIED_PROMISE.sub(" ", before)
    if _NEGATOR.search(before):
        return True
    near = "" if _SHORT_NEGATOR.match(text, start) else before[-40:]
    for found in _SHORT_NEGATOR.finditer(near):
        scope = near[found.end():]
        if len(scope.split()) <= 3 and not re.search(r"[,.!?]", scope):
            return True
    return bool(_AFTER_NEGATION.match(text[end : end + 60]))


def _drop_relative_negation(found: re.Match[str]) -> str:
    """Blank a relative clause's own negation, unless a second negator follows it ("who can't
    travel do not receive ...": the main clause is negated too)."""
    return found.group(0) if len(_NEGATOR.findall(found.group(0))) > 1 else " "


def about_others(text: str) -> bool:
    """The text speaks of other clinics ("some clinics", "a clinic that"), not this one
    ("we are a pain clinic" describes this one)."""
    return any(not _SELF_DESCRIPTION.search(text, 0, found.start()) and not _COMPARISON.search(text, 0, found.start())
               and not _DESTINATION.search(text, 0, found.start()) and not _NAMED_PROVIDER.fullmatch(found.group(0))
               for found in _OTHERS.finditer(text))


def about_organisation(text: str, clause_start: int) -> bool:
    """A relative clause describing a professional body named just before it
    ("... Ketamine Physicians (www.ASKP.org) which is a non-profit ...")."""
    before = text[max(0, clause_start - 60) : clause_start]
    return bool(_RELATIVE.match(text, clause_start)) and bool(_ORGANISATION_BEFORE.search(before))


def is_referral(text: str) -> bool:
    """The text sends patients elsewhere ("we can refer you to a certified center")."""
    return bool(_REFERRAL.search(text))


def past_role_elsewhere(text: str, start: int) -> bool:
    """The phrase at `start` belongs to a clinician's past job elsewhere ("Before opening our KAP
    program she helped run a hospital-based IV ketamine service"), not to this clinic's offer."""
    ends = [found.end() for found in _PAST_ROLE.finditer(text, 0, start)]
    return bool(ends) and not _BACK_TO_NOW.search(text, ends[-1], start)


def refused_after(text: str, end: int) -> bool:
    """A later clause of the sentence refuses, by pronoun, what was named before it ("ketamine
    might help rheumatoid arthritis, but we don't offer it for that purpose")."""
    return bool(_REFUSED_AFTER.search(text, end))


def names_other_party(text: str, names: tuple[str, ...]) -> bool:
    """The text names another practice (a partner or successor) the page mentioned."""
    text = _JOINT_CARE.sub(" ", text)
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)


def is_hedged(text: str) -> bool:
    """The text hedges in any way ("may help some patients", "can reduce"), so it promises nothing."""
    return bool(_HEDGE.search(text))


def is_epistemic(text: str) -> bool:
    """The text doubts whether something is true or works ("might be board-certified", "may help
    some people", "is thought to"): a permissive "we may give an IM injection" does not."""
    return bool(_EPISTEMIC.search(text))


def has_first_person(text: str) -> bool:
    """The clinic speaks of itself ("we", "our", "I")."""
    return bool(_FIRST_PERSON.search(text))


def is_general(text: str) -> bool:
    """The text speaks of ketamine, research or patients in general, not of this clinic."""
    return bool(_GENERAL_SUBJECT.search(text)) and not _FIRST_PERSON.search(text)


def is_advice(text: str) -> bool:
    """The text advises the reader how to choose a clinic; it claims nothing about this one."""
    return bool(_ADVICE_START.search(text) or (_ADVICE_MODAL.search(text) and not _FIRST_PERSON.search(text)))


def is_reported(text: str) -> bool:
    """Someone else's words reported ("experts said", "the website claims that")."""
    return bool(_REPORTED.search(text)) and not re.search(r"\b(?:we|I)\s+(?:said|say)\b", text, re.I)


def answer_polarity(text: str) -> str | None:
    """'yes' or 'no' when an answer starts by saying so, else None."""
    if _NO.match(text):
        return "no"
    if _YES.match(text):
        return "yes"
    return None
