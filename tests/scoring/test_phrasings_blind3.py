"""General phrasing rules found by the third blind set (401-420): each rule on several natural
phrasings, the ones it must read and the look-alikes it must leave alone."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.model import PageText
from scoring.pages import is_third_party
from scoring.run import score_site
from tests.scoring.pages import codes_of, facts_of


@pytest.mark.parametrize(
    ("lines", "flags"),
    [
        # a testimonial quoted over several sentences: the clinic makes no claim
        (["“I was skeptical. By the third infusion I laughed again. Ketamine cured my depression.”"], []),
        (["\"My first visit was scary. The staff were kind. It's not addictive, and it has no side effects.\""], []),
        (["“Honestly? I'm not going to say it's magic. But it cured my anxiety.” — Jordan P."], []),
        # the clinic's own words around a testimonial still count
        (["“I loved the staff.” Ketamine cures depression in a single session."], ["cure_claim"]),
        (["Our protocol cures depression.", "“The nurses were kind.”"], ["cure_claim"]),
    ],
)
def test_a_quotation_over_several_sentences_is_someone_elses(lines: list[str], flags: list[str]) -> None:
    assert sorted({flag["kind"] for flag in facts_of(*lines)["red_flags"]}) == flags


_REVIEWS = ("I had six IV infusions and honestly it cured my depression. 100% safe, zero side effects for me. "
            "Dr. Fox is a board-certified anesthesiologist. $450 a session.")


@pytest.mark.parametrize(
    ("text", "third_party"),
    [
        (f"Recommended Reviews\n{_REVIEWS}\nReviews reflect the opinions of our users, not of the business.", True),
        (f"Write a Review\n{_REVIEWS}", True),
        (f"Serenity Peak Ketamine\nUnclaimed\n{_REVIEWS}", True),
        ("Read our reviews below. We offer IV infusions and our nurses stay with you. Book now.", False),
        ("Write a review of your visit! We offer IV infusions; our nurses stay with you; our team answers calls.",
         False),
    ],
)
def test_a_review_sites_page_is_not_the_clinic_speaking(text: str, third_party: bool) -> None:
    assert is_third_party(PageText("http://h/biz", text)) is third_party


def test_nothing_on_a_review_sites_page_counts() -> None:
    facts = facts_of("Recommended Reviews", _REVIEWS, "Reviews reflect the opinions of users, not of the business.")
    assert facts["red_flags"] == [] and facts["modalities"] == [] and facts["credentials"] == []
    assert facts["prices"] == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("IV ketamine; intramuscular ketamine coming soon", ["iv"]),
        ("We're building a telehealth program so patients can receive ketamine lozenges at home.", []),
        ("We are developing an intramuscular option for patients who dislike needles.", []),
        ("We might add intramuscular treatment next year if our patients ask for it.", []),
        ("Spravato arrives later this year; today we give IV infusions.", ["iv"]),
        # offers of today
        ("We give intramuscular ketamine when an IV is not possible.", ["im"]),
        ("Our telehealth program ships ketamine lozenges to your home.", ["at_home", "oral"]),
    ],
)
def test_an_offer_still_to_come_is_not_an_offer(text: str, codes: list[str]) -> None:
    assert sorted(facts_of(text)["modalities"]) == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Members who can't use tablets may be prescribed a compounded ketamine nasal spray instead.",
         ["ketamine_nasal"]),
        ("Patients who do not respond to IV infusions may receive intramuscular ketamine.", ["im"]),
        ("People who cannot tolerate needles will be offered Spravato.", ["esketamine_nasal"]),
        # the negation still governs the main clause
        ("We are a clinic that does not offer IV infusions.", []),
        ("Patients who can't travel do not receive intramuscular ketamine at home.", []),
    ],
)
def test_a_negation_in_a_relative_clause_stays_there(text: str, codes: list[str]) -> None:
    assert sorted(facts_of(text)["modalities"]) == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("A compounded ketamine nasal spray for pain flare-ups at home, prescribed after in-clinic treatment.",
         ["at_home", "ketamine_nasal"]),
        ("The pharmacy compounds a ketamine cream that patients apply to the painful area at home.",
         ["at_home", "topical"]),
        ("Ketamine troches for the evenings at home are prescribed once you are stable.", ["at_home", "oral"]),
        ("We never send ketamine lozenges home; every dose is taken in the office.", []),
    ],
)
def test_a_product_for_use_at_home(text: str, codes: list[str]) -> None:
    assert sorted(facts_of(text)["modalities"]) == codes


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("Since opening in 2016, Green Mountain has offered IV ketamine infusions to Vermonters.",
         [("founded", 2016)]),
        ("Since opening in 2019 we have treated more than 900 patients.", [("founded", 2019), ("treatments", 900)]),
        ("Tucson – Oro Valley: Opening fall 2025", []),
        ("Opening spring 2024 in Boise: our second office.", []),
        ("Tidewell was founded in 2021 to make ketamine treatment accessible to people who can't get to a clinic.",
         [("founded", 2021)]),
        ("Summit Ridge Ketamine Centers, founded in 2017 by Dr. Paul Whitaker, today announced a third location.",
         [("founded", 2017)]),
        ("Jolene has been our nurse for eleven years.", [("years", 11)]),
        ("Dr. Park has been the clinic's medical director for 9 years.", [("years", 9)]),
        ("Some ketamine clinics were founded in 2015 and have closed since.", []),
    ],
)
def test_experience_phrasings_of_the_third_blind_set(text: str, entries: list[tuple[str, int]]) -> None:
    assert sorted((e["kind"], e["value"]) for e in facts_of(text)["experience"]) == entries


@pytest.mark.parametrize(
    ("lines", "codes"),
    [
        (["Infusions are given in our quiet back room, one patient at a time."], ["private_room"]),
        (["Each infusion room seats one patient, with a recliner and a blanket."], ["private_room"]),
        (["Every suite holds a single guest."], ["private_room"]),
        (["Our lounge seats six guests at a time."], []),
        (["Jolene stays in the room with you the whole time."], ["observation"]),
        (["At Meridian he places IVs and stays at your side for the full infusion."], ["observation"]),
        (["Our therapists meet you for preparation, sit with you during your medicine session, and guide "
          "integration."], ["observation"]),
        (["Your friend stays with you the whole time at home."], []),
    ],
)
def test_setting_phrasings_of_the_third_blind_set(lines: list[str], codes: list[str]) -> None:
    assert codes_of("setting", *lines) == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Before opening Larkspur in 2018, she worked at a trauma hospital, where she supervised a team of "
         "nurse practitioners.", []),
        ("Earlier in her career she trained registered nurses in a university hospital.", []),
        ("Our nurse practitioners see every patient before the first infusion.", ["nurse_practitioner"]),
        ("For younger patients we suggest talking with a child and adolescent psychiatrist.", []),
        ("We recommend speaking to your own psychiatrist before you start.", []),
        ("Our medical director is a board-certified psychiatrist.", ["board_certified_psychiatrist", "psychiatrist"]),
        ("Outside accreditation is another good sign.", []),
        ("A Joint Commission accreditation is a good sign when you compare clinics.", []),
        ("The Center for Pain Medicine is accredited by The Joint Commission.", ["accreditation"]),
    ],
)
def test_past_roles_suggestions_and_signs_are_not_credentials(text: str, codes: list[str]) -> None:
    assert sorted(facts_of(text)["credentials"]) == codes


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Dr. Okafor is not a therapist, and she'll ask for the name of your counselor so she can coordinate care.",
         "mentioned"),
        ("We work closely with your counselor between sessions.", "mentioned"),
        ("Our financial counselors will help you with prior authorization.", "none"),
        ("Most of our patients have already tried medications, physical therapy and cognitive behavioral therapy.",
         "none"),
        ("Many patients come to us after trying psychotherapy and several medications.", "none"),
        ("We encourage every patient to keep seeing a psychotherapist during treatment.", "mentioned"),
    ],
)
def test_counselors_and_therapy_already_tried(text: str, level: str) -> None:
    assert facts_of(text)["psychotherapy"] == level


@pytest.mark.parametrize(
    ("lines", "codes"),
    [
        (["Spravato treatment is billed to most major commercial insurance plans; IV ketamine is self-pay."],
         ["cash_only", "spravato_covered"]),
        (["We bill insurance for psychiatric visits and for Spravato; IV ketamine is self-pay."],
         ["accepts_insurance", "cash_only", "spravato_covered"]),
        (["KAP sessions are private pay."], ["cash_only"]),
        (["Our sessions are private pay; we give you a superbill."], ["cash_only", "superbill"]),
        (["Denver – Cherry Creek", "240 Columbine St, Denver"], []),
        (["We offer financing through Cherry."], ["financing"]),
        (["Cherry Payment Plans let you split the cost."], ["financing"]),
        (["Westbrook University Health bills your health insurance, including Medicare.",
          "Cancer-related pain, in partnership with the Westbrook Cancer Institute"], ["accepts_insurance"]),
    ],
)
def test_insurance_phrasings_of_the_third_blind_set(lines: list[str], codes: list[str]) -> None:
    assert sorted(facts_of(*lines)["insurance"]) == codes


@pytest.mark.parametrize(
    ("lines", "amounts"),
    [
        (["Free 20-minute phone consultation", "Medical evaluation: $200"], [0, 200]),
        (["Complimentary 15-minute video consultation"], [0]),
        (["Request a free 15-minute phone screening."], []),
        (["Promoción: use el código PRIMAVERA25 para ahorrar $25 en su evaluación médica.", "Evaluación: $200"],
         [200]),
        (["Promo: use code SPRING25 to save $25 on your evaluation.", "Evaluation: $200"], [200]),
        (["Troches are filled by a compounding pharmacy, which charges about $60; that fee is paid to the pharmacy.",
          "Each infusion is $425."], [425]),
        (["Our nasal spray costs $60 a month."], [60]),
    ],
)
def test_price_phrasings_of_the_third_blind_set(lines: list[str], amounts: list[int]) -> None:
    assert sorted(p["usd"] for p in facts_of(*lines)["prices"]) == amounts


@pytest.mark.parametrize(
    ("lines", "conditions"),
    [
        (["Ketamine is also being studied for fibromyalgia, but we do not offer ketamine infusions for fibromyalgia "
          "outside a trial.", "We treat CRPS."], ["crps"]),
        (["We treat CRPS and fibromyalgia, and we do not treat migraine."], ["crps", "fibromyalgia"]),
        (["Patients with cancer pain are best served by their oncology team, and we refer them there.",
          "We treat CRPS."], ["crps"]),
        (["What we treat", "You may have read that ketamine could help with migraines.", "We treat CRPS."], ["crps"]),
        (["You've probably heard that ketamine helps fibromyalgia.", "We treat CRPS."], ["crps"]),
        (["Conditions we treat", "Cancer-related pain, in partnership with the Westbrook Cancer Institute"],
         ["cancer_pain"]),
    ],
)
def test_pain_conditions_refused_referred_or_hearsay(lines: list[str], conditions: list[str]) -> None:
    assert sorted(facts_of(*lines)["pain_conditions"]) == conditions


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Feel relief instantly", ["other"]),
        ("You'll feel better instantly after one session.", ["other"]),
        ("No referral or evaluation needed", ["other"]),
        ("No prescription or screening required.", ["other"]),
        ("Relief is not instant: most patients need several infusions.", []),
        ("A referral is not needed, but every patient has a full medical evaluation.", []),
    ],
)
def test_red_flag_phrasings_of_the_third_blind_set(text: str, kinds: list[str]) -> None:
    assert sorted({flag["kind"] for flag in facts_of(text)["red_flags"]}) == kinds


@pytest.mark.parametrize(
    ("lines", "modalities"),
    [
        (["We are not a Spravato treatment center. If Spravato would suit you better, we'll help you find one.",
          "We give intramuscular ketamine."], ["im"]),
        (["If IV infusions suit you better, we can help you find a clinic that offers them."], []),
    ],
)
def test_helping_you_find_another_clinic_is_a_referral(lines: list[str], modalities: list[str]) -> None:
    assert sorted(facts_of(*lines)["modalities"]) == modalities


def test_a_named_clinics_own_provider_is_not_another_clinic() -> None:
    text = ("Every new patient completes a medical and psychiatric screening with a Northstar provider before the "
            "first treatment, including a blood pressure reading.")
    assert facts_of(text)["screening"] is True
    assert facts_of("Some ketamine providers skip the screening and the blood pressure check.")["screening"] is False


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("This is what we see when we combine the 2 treatments– the results are more profound and longer lasting.",
         ["other"]),
        ("With our protocol the results are far more dramatic.", ["other"]),
        ("For some patients the results may be more lasting when therapy is added.", []),
        ("Studies suggest results might be more durable with maintenance infusions.", []),
    ],
)
def test_a_superiority_claim_for_the_clinics_own_results(text: str, kinds: list[str]) -> None:
    assert sorted({flag["kind"] for flag in facts_of(text)["red_flags"]}) == kinds


def _site(*pages: str) -> Any:
    return score_site([PageText(f"http://h/{i}", text) for i, text in enumerate(pages)]).facts


@pytest.mark.parametrize(
    ("pages", "treats_pain"),
    [
        # several pages naming mental-health conditions only: mental health only
        (("Accelerated TMS and IV ketamine for treatment-resistant depression.", "Our lounge has a massage chair.",
          "Travel to Coeur d'Alene for your treatment week."), False),
        (("We offer KAP for adults living with depression, PTSD and anxiety.", "Meet our team.", "Pricing: $700."),
         False),
        # pain named anywhere: the inference stops
        (("IV ketamine for depression.", "We also see patients with chronic pain.", "Pricing: $450."), True),
        (("IV ketamine for depression.", "Ketamine may ease nerve pain for some people.", "Pricing: $450."), None),
        # silent about conditions, or too few pages: not stated
        (("IV ketamine infusions in a calm suite.", "Meet our team.", "Pricing: $450."), None),
        (("IV ketamine for treatment-resistant depression.", "Pricing: $450."), None),
    ],
)
def test_a_site_naming_only_mental_health_conditions_does_not_treat_pain(pages: tuple[str, ...],
                                                                         treats_pain: bool | None) -> None:
    assert _site(*pages)["treats_pain"] is treats_pain
