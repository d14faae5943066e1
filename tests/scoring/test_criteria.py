"""Each criterion on sentences that say, deny, ask or generalise a fact."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.model import PageText
from scoring.run import build_facts, score_site
from tests.scoring.pages import facts_of


@pytest.mark.parametrize(
    ("text", "fact", "code", "present"),
    [
        ("We offer IV ketamine infusions and Spravato.", "modalities", "iv", True),
        ("We offer IV ketamine infusions and Spravato.", "modalities", "esketamine_nasal", True),
        ("We do not offer at-home ketamine.", "modalities", "at_home", False),
        ("Ketamine can be given as an intramuscular injection or orally.", "modalities", "im", False),
        ("Sublingual ketamine troches are available for maintenance between our infusions.", "modalities", "oral", True),
        ("Dr. Jane Roe is a board-certified anesthesiologist.", "credentials", "board_certified_anesthesiologist", True),
        ("Dr. Jane Roe is a board-certified anesthesiologist.", "credentials", "anesthesiologist", True),
        ("Every infusion is monitored by an ACLS-certified registered nurse.", "credentials", "acls", True),
        ("Every infusion is monitored by an ACLS-certified registered nurse.", "credentials", "registered_nurse", True),
        ("Anesthesiologists have used ketamine for decades.", "credentials", "anesthesiologist", False),
        ("We do not accept insurance.", "insurance", "cash_only", True),
        ("We do not accept insurance.", "insurance", "accepts_insurance", False),
        ("We accept most major insurance plans, including Aetna.", "insurance", "accepts_insurance", True),
        ("We provide a superbill so you can seek out-of-network reimbursement.", "insurance", "superbill", True),
        ("You may pay with your HSA or FSA card.", "insurance", "hsa_fsa", True),
        ("Financing is available through CareCredit.", "insurance", "financing", True),
        ("We treat CRPS, fibromyalgia and diabetic neuropathy.", "pain_conditions", "crps", True),
        ("We treat CRPS, fibromyalgia and diabetic neuropathy.", "pain_conditions", "neuropathy", True),
    ],
)
def test_fact_codes(text: str, fact: str, code: str, present: bool) -> None:
    assert (code in facts_of(text)[fact]) is present


def test_mental_health_only_practice_does_not_treat_pain() -> None:
    facts = facts_of("We do not treat chronic pain or pain conditions; our practice focuses exclusively on mental health.")
    assert facts["treats_pain"] is False
    assert facts["pain_conditions"] == [] or facts["treats_pain"] is False


def test_pain_clinic_treats_pain() -> None:
    assert facts_of("Our ketamine infusions help patients with fibromyalgia and migraine.")["treats_pain"] is True


@pytest.mark.parametrize(
    ("lines", "conditions", "treats"),
    [
        (("Ketamine may help some people with fibromyalgia.",), [], None),
        (("Research shows ketamine can relieve CRPS pain.", "Ketamine is being studied for cancer pain."), [], None),
        (("Conditions we treat", "Ketamine may help with fibromyalgia and CRPS."), ["crps", "fibromyalgia"], True),
        (("What the research says", "Ketamine may help with fibromyalgia and CRPS."), [], None),
        (("Our patients with CRPS start with a five-day series.",), ["crps"], True),
        (("Conditions we do not treat", "Ketamine may help with fibromyalgia."), [], None),
    ],
)
def test_ketamine_in_general_treats_nothing_unless_the_clinic_offers_it(
        lines: tuple[str, ...], conditions: list[str], treats: bool | None) -> None:
    facts = facts_of(*lines)
    assert sorted(facts["pain_conditions"]) == conditions and facts["treats_pain"] is treats


def test_nothing_said_about_pain_is_null() -> None:
    assert facts_of("We offer IV ketamine infusions.")["treats_pain"] is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ketamine can cure your depression in one session!", "cure_claim"),
        ("Guaranteed relief after your very first infusion.", "guarantee"),
        ("Ketamine is not addictive.", "not_addictive"),
        ("Zero downtime, no side effects.", "no_side_effects"),
        ("Our treatment is 100% safe.", "unqualified_safety"),
        ("Our clinic permanently closed on March 31, 2025.", "closed"),
        ("Call us at (555) 555-5555 or visit 123 Main Street, Anytown.", "placeholder_contact"),
    ],
)
def test_red_flags_are_raised(text: str, kind: str) -> None:
    assert kind in {flag["kind"] for flag in facts_of(text)["red_flags"]}


@pytest.mark.parametrize(
    "text",
    [
        "Ketamine is not a cure, and we will never tell you it is.",
        "We cannot guarantee results; no honest clinic can.",
        "Is ketamine addictive?",
        "Some clinics promise guaranteed relief. We don't.",
        "There are no outcome guarantees.",
        "Ketamine has been used safely in anesthesia for over 50 years.",
        "We are closed on Sundays.",
    ],
)
def test_negated_asked_or_general_text_raises_no_red_flag(text: str) -> None:
    assert facts_of(text)["red_flags"] == []


def _codes(facts: dict[str, Any], fact: str) -> list[str]:
    value = facts[fact]
    return sorted({entry["kind"] for entry in value}) if fact in ("red_flags", "experience") else list(value)


@pytest.mark.parametrize(
    ("text", "fact", "codes"),
    [
        # red flags: claims about ketamine in general count on the clinic's own page, hedged or not
        ("Ketamine is not addictive.", "red_flags", ["not_addictive"]),
        ("Ketamine has no side effects.", "red_flags", ["no_side_effects"]),
        ("At the doses we use there is no risk of addiction.", "red_flags", ["not_addictive"]),
        ("Ketamine may cure depression.", "red_flags", []),
        ("Some clinics claim ketamine is not addictive.", "red_flags", []),
        # the other criteria: ketamine in general is not the clinic's experience, credentials or routes
        ("Ketamine has been used safely for more than 50 years.", "experience", []),
        ("Anesthesiologists have used ketamine since 1970.", "credentials", []),
        ("Ketamine can be given as an IV infusion, an intramuscular injection or a nasal spray.", "modalities", []),
        # ... but the clinic's own page describing its treatment in general terms is about its offer
        ("Ketamine infusions are not covered by insurance.", "insurance", ["cash_only"]),
        # an epistemic hedge is never a claim about the clinic; a permissive or conditional "may" is an offer
        ("Our doctors might be board-certified anesthesiologists.", "credentials", []),
        ("Ketamine may help some people with fibromyalgia.", "pain_conditions", []),
        ("Ketamine may be covered by some insurance plans.", "insurance", []),
        ("We may give an IM injection when an IV is not possible.", "modalities", ["im"]),
        ("Your doctor may recommend nasal esketamine.", "modalities", ["esketamine_nasal"]),
        ("Financing may be available if you qualify.", "insurance", ["financing"]),
        ("Sublingual troches may be prescribed for use at home.", "modalities", ["at_home", "oral"]),
        ("We may well have given more than 2,000 infusions.", "experience", []),
        # what ketamine does for a condition is not the clinic's offer, unless the clinic states it
        ("Research shows ketamine can relieve CRPS pain.", "pain_conditions", []),
    ],
)
def test_the_written_rules_of_how_we_grade_hold(text: str, fact: str, codes: list[str]) -> None:
    """The examples scoring/docs.py gives patients, read as it says they are."""
    assert _codes(facts_of(text), fact) == codes


def test_history_of_ketamine_is_not_experience() -> None:
    assert facts_of("Ketamine has been used for over 50 years in operating rooms.")["experience"] == []


def test_clinic_experience_is_read_with_values() -> None:
    facts = facts_of("Founded in 2014, our clinic has administered over 5,000 infusions.",
                     "Dr. Roe has 18 years of experience in anesthesiology.")
    found = {(e["kind"], e["value"]) for e in facts["experience"]}
    assert {("founded", 2014), ("treatments", 5000), ("years", 18)} <= found


def test_prices_are_read_and_general_costs_are_not() -> None:
    facts = facts_of("Each infusion is $475.", "A series of six costs $2,700.",
                     "Nationally, infusions typically cost $400 to $800.")
    assert sorted(p["usd"] for p in facts["prices"]) == [475, 2700]


def test_a_bare_amount_in_a_price_table_is_quoted_with_its_label() -> None:
    text = "Pricing\nConsultation Fee\n$350.00\nOne-time Fee\n$500\n$450\nThe cost is $650.00 per infusion."
    quotes = {p["usd"]: p["what"] for p in score_site([PageText("http://h/pricing", text)]).facts["prices"]}
    assert quotes == {350: "Consultation Fee\n$350.00", 500: "One-time Fee\n$500", 450: "$450",
                      650: "The cost is $650.00 per infusion."}
    assert all(quote in text for quote in quotes.values())


def test_psychotherapy_levels() -> None:
    assert facts_of("We offer IV infusions.")["psychotherapy"] == "none"
    assert facts_of("We encourage you to keep seeing your therapist.")["psychotherapy"] == "mentioned"
    assert facts_of(
        "Our licensed therapists provide ketamine-assisted psychotherapy.",
        "Integration sessions follow each medicine session.",
    )["psychotherapy"] == "in_house"


def test_every_finding_quotes_the_page_exactly() -> None:
    text = "We accept insurance.\nDr. Roe, MD, is a board-certified psychiatrist.\nEach infusion is $500."
    report = score_site([PageText("http://h/p", text)])
    assert report.findings
    assert all(f.quote in text and f.url == "http://h/p" for f in report.findings)


def test_no_evidence_no_points_and_not_stated() -> None:
    report = score_site([PageText("http://h/p", "Welcome to our website.")])
    for key, result in report.results.items():
        if key != "red_flags":
            assert result.score == 0 and not result.stated


def test_red_flags_cap_the_grade() -> None:
    honest = score_site([PageText("http://h/p", "We offer IV ketamine infusions. Dr. Roe is a board-certified anesthesiologist.")])
    claims = score_site([PageText("http://h/p", "We offer IV ketamine infusions. Dr. Roe is a board-certified anesthesiologist. Guaranteed cure!")])
    assert claims.overall < honest.overall and claims.overall <= 69


def test_build_facts_shape() -> None:
    facts = build_facts([])
    assert set(facts) == {"modalities", "psychotherapy", "credentials", "insurance", "prices", "pain_conditions",
                          "treats_pain", "screening", "experience", "red_flags"}


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Every infusion takes place in a private treatment room.", ["private_room"]),
        ("A registered nurse stays with you for the whole infusion.", ["observation"]),
        ("After each dose you are observed for two hours.", ["observation"]),
        ("Up to six guests receive their infusions together in our lounge.", ["shared_room"]),
        ("We never treat two patients in one room.", ["private_room"]),
        ("Our waiting room is shared with the dental office next door.", []),
        ("A friend may sit with you if you like.", []),
    ],
)
def test_setting_codes(text: str, codes: list[str]) -> None:
    report = score_site([PageText("http://h/page", text)])
    assert sorted({f.code for f in report.findings if f.fact == "setting"}) == codes


def test_several_patients_in_one_room_is_a_negative_setting() -> None:
    shared = score_site([PageText("http://h/p", "Up to six guests receive their infusions together in our lounge.")])
    private = score_site([PageText("http://h/p", "Every infusion takes place in a private treatment room.")])
    assert shared.results["setting"].verdict == "negative" and shared.results["setting"].score == 0
    assert private.results["setting"].score > 0


def test_not_stated_is_distinct_from_a_negative_finding() -> None:
    silent = score_site([PageText("http://h/p", "We offer IV ketamine infusions.")]).results["pain_focus"]
    denied = score_site([PageText("http://h/p", "We do not treat chronic pain.")]).results["pain_focus"]
    assert (silent.verdict, denied.verdict) == ("not_stated", "negative")
    assert silent.score == denied.score == 0 and denied.findings and not silent.findings


def test_confidence_in_not_stated_grows_with_the_pages_read() -> None:
    one = score_site([PageText("http://h/", "Welcome.")]).results["insurance"]
    many = score_site([PageText(f"http://h/{path}", "Welcome.") for path in ("", "about", "pricing", "faq", "team")])
    assert not one.stated and one.confidence < many.results["insurance"].confidence <= 0.9


def test_evidence_fingerprint_changes_with_the_evidence_only() -> None:
    first = score_site([PageText("http://h/p", "We accept insurance.\nWe offer IV ketamine.")]).fingerprints()
    again = score_site([PageText("http://h/p", "We accept insurance.\nWe offer IV ketamine.")]).fingerprints()
    changed = score_site([PageText("http://h/p", "We do not accept insurance.\nWe offer IV ketamine.")]).fingerprints()
    assert first == again
    assert first["insurance"] != changed["insurance"] and first["modalities"] == changed["modalities"]


def test_the_required_words_shortcut_changes_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    from directory.evaluate import load_corpus
    from scoring import rules

    pages = [labelled.page for labelled in load_corpus()][::4]
    fast = [score_site([page]).findings for page in pages]
    monkeypatch.setattr(rules, "_may_match", lambda rule, lowered: True)
    assert [score_site([page]).findings for page in pages] == fast


def test_nurses_working_under_a_physician_earn_oversight() -> None:
    supervised = score_site([PageText("http://h/p", "Our nurse practitioner works in collaboration with our "
                                                    "supervising physician, Dr. Alan Fisk, MD.")])
    alone = score_site([PageText("http://h/p", "Our nurse practitioner runs every infusion.")])
    assert any(f.fact == "oversight" for f in supervised.findings)
    assert supervised.results["credentials"].score > alone.results["credentials"].score
    assert supervised.facts["credentials"] == ["nurse_practitioner", "physician"]


def test_a_pain_protocol_counts_only_for_a_clinic_that_treats_pain() -> None:
    pain = score_site([PageText("http://h/p", "We treat CRPS with four-hour IV infusions on five consecutive days.")])
    mood = score_site([PageText("http://h/p", "We do not offer ketamine for pain; pain protocols need longer infusions.")])
    assert any(f.fact == "pain_protocol" for f in pain.findings)
    assert not any(f.fact == "pain_protocol" for f in mood.findings) and mood.facts["treats_pain"] is False
