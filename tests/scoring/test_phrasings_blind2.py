"""General phrasing rules found by the second blind set (301-320): each rule on several natural
phrasings, the ones it must read and the look-alikes it must leave alone."""

from __future__ import annotations

import pytest

from scoring.model import PageText
from scoring.pages import is_third_party
from tests.scoring.pages import codes_of, facts_of

_DIARY = "Each infusion cost me $495. The nurse sat with me the entire time. It cured my depression."


@pytest.mark.parametrize(
    ("head", "third_party"),
    [
        ("Posted on February 9, 2025 by Kris · Filed under Mental health", False),
        ("Posted on February 9, 2025 by Kris\nSix infusions later: my honest ketamine diary", True),
        ("Posted March 3 by Dana\nDisclaimer: I'm not a doctor.", True),
        ("My ketamine journey, part two\nposted by Sam", True),
        ("Posted May 20, 2024 by the Lilac Mind team", False),
        ("Posted by our clinical team. We offer IV infusions and our nurses stay with you.", False),
    ],
)
def test_a_patients_own_blog_is_not_the_clinic_speaking(head: str, third_party: bool) -> None:
    assert is_third_party(PageText("http://h/blog/post", f"{head}\n{_DIARY}")) is third_party


def test_nothing_on_a_patients_blog_counts() -> None:
    facts = facts_of("Lake Effect", "Posted on February 9, 2025 by Kris", "I am not a doctor, just a patient.", _DIARY)
    assert facts["red_flags"] == [] and facts["prices"] == [] and facts["modalities"] == []


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Our Transparent Pricing Guarantee means the price you see is the price you pay.", []),
        ("Every package comes with our price-match guarantee.", []),
        ("Our no-surprise billing guarantee covers every visit.", []),
        ("Results guaranteed or your next infusion is free.", ["guarantee"]),
        ("We guarantee relief after your first infusion.", ["guarantee"]),
        ("Our relief guarantee: feel better or your money back.", ["guarantee"]),
    ],
)
def test_a_guarantee_of_terms_is_not_a_guarantee_of_results(text: str, kinds: list[str]) -> None:
    assert sorted({flag["kind"] for flag in facts_of(text)["red_flags"]}) == kinds


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("Before founding Saguaro House Calls in 2020, she practiced elsewhere.", [("founded", 2020)]),
        ("Before founding Juniper & Stone in 2017, he trained in Denver.", [("founded", 2017)]),
        ("Since opening our doors in 2018, we have grown.", [("founded", 2018)]),
        ("Founded in 2021 by clinicians, Tidewell helps people who can't take a day off for a clinic visit.",
         [("founded", 2021)]),
        ("Since 2015, Cumberland Ketamine & Infusion has helped people across Tennessee.", [("founded", 2015)]),
        ("Since 2015, Smith and Jones Psychiatry has served the valley.", [("founded", 2015)]),
        ("Since opening a second office in 2021, we see more patients.", []),
        ("The group has provided anesthesia for surgery centers and hospitals across Central Texas for more than "
         "20 years.", [("years", 20)]),
        ("Over those six years, our small team gave more than 4,000 IV ketamine infusions.",
         [("treatments", 4000), ("years", 6)]),
        ("Dr. Reyes has personally overseen every one of our more than 9,000 treatments.", [("treatments", 9000)]),
        ("12,000+ infusions and counting", [("treatments", 12000)]),
        ("Infusions given: 11,000+", [("treatments", 11000)]),
        ("Ketamine has been used in over 1,000 studies.", []),
        ("A series of 6 infusions costs $2,400.", []),
    ],
)
def test_experience_phrasings_of_the_second_blind_set(text: str, entries: list[tuple[str, int]]) -> None:
    assert sorted((e["kind"], e["value"]) for e in facts_of(text)["experience"]) == entries


@pytest.mark.parametrize(
    ("lines", "treats_pain", "conditions"),
    [
        (["Which pain conditions do you treat?", "Fibromyalgia and migraine.", "Do you treat back pain or arthritis?",
          "No. Spine pain is better served by a spine specialist."], True, ["fibromyalgia", "migraine"]),
        (["We treat CRPS and neuropathy.", "We do not treat back pain from a structural spine problem."], True,
         ["crps", "neuropathy"]),
        (["We treat CRPS.", "We don't treat cancer pain."], True, ["crps"]),
        (["Do you treat chronic pain?", "No. We treat depression and anxiety only."], False, []),
        (["We do not treat pain conditions of any kind."], False, []),
        (["We don't offer ketamine for chronic pain."], False, []),
    ],
)
def test_refusing_one_pain_condition_is_not_refusing_pain(lines: list[str], treats_pain: bool,
                                                           conditions: list[str]) -> None:
    facts = facts_of(*lines)
    assert (facts["treats_pain"], facts["pain_conditions"]) == (treats_pain, conditions)


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("We treat cluster headaches and fibromyalgia.", ["fibromyalgia"]),
        ("We treat migraine and cluster headaches.", ["migraine"]),
    ],
)
def test_cluster_headache_has_no_code(text: str, conditions: list[str]) -> None:
    assert facts_of(text)["pain_conditions"] == conditions


@pytest.mark.parametrize(
    ("lines", "fact", "codes"),
    [
        (["Condition", "Treated here?", "CRPS", "Yes", "Migraine", "No (referred to neurology)", "Chronic low back pain",
          "No"], "pain_conditions", ["crps"]),
        (["Service", "Offered?", "IV infusion", "Yes", "IM injection", "No"], "modalities", ["iv"]),
        (["Treatment", "Route", "Price", "Ketamine infusion", "IV", "$475", "Spravato (esketamine)", "Nasal", "—",
          "Not offered"], "modalities", ["iv"]),
        # a "No" under a column that asks something else refuses nothing
        (["Service", "Billed to insurance?", "IV ketamine infusions", "No", "Spravato sessions", "Yes"], "modalities",
         ["esketamine_nasal", "iv"]),
        # "NOT OFFERED" in capitals heads the list below it, it does not refuse the line above
        (["Intranasal ketamine, in-office .... $150", "- dosed and observed in our office", "NOT OFFERED",
          "- IM injections"], "modalities", ["ketamine_nasal"]),
    ],
)
def test_a_table_row_whose_last_cell_refuses_it_is_denied(lines: list[str], fact: str, codes: list[str]) -> None:
    assert facts_of(*lines)[fact] == codes


@pytest.mark.parametrize(
    ("text", "fact", "codes"),
    [
        ("Financing: none", "insurance", []),
        ("Financing: available through CareCredit", "insurance", ["financing"]),
        ("Accreditation: none (not yet applied)", "credentials", []),
        ("Insurance: not accepted", "insurance", ["cash_only"]),
        ("Insurance: accepted", "insurance", ["accepts_insurance"]),
    ],
)
def test_a_label_and_its_value_say_yes_or_no(text: str, fact: str, codes: list[str]) -> None:
    assert facts_of(text)[fact] == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("We hope to add a board-certified psychiatrist to the team next year.", []),
        ("We plan to hire a CRNA this spring.", []),
        ("We are looking forward to the day we expect to add a psychologist.", []),
        ("Our team includes a board-certified psychiatrist.", ["board_certified_psychiatrist", "psychiatrist"]),
        ("We work closely with your therapist, psychiatrist or pain specialist.", []),
        ("We coordinate with your own psychiatrist and therapist.", []),
        ("Our psychiatrist, Dr. Lee, reviews every plan.", ["psychiatrist"]),
        ("Their medical director, Dr. Ian Whitford, is a board-certified anesthesiologist.", []),
        ("Our medical director, Dr. Ian Whitford, is a board-certified anesthesiologist.",
         ["anesthesiologist", "board_certified_anesthesiologist"]),
        ("Coaching is not psychotherapy; if you'd like a licensed therapist, ask us for referrals.", []),
        ("Our licensed therapist (LCSW) leads every integration session.", ["licensed_therapist"]),
    ],
)
def test_staff_to_come_and_other_peoples_clinicians_are_not_credentials(text: str, codes: list[str]) -> None:
    assert facts_of(text)["credentials"] == codes


@pytest.mark.parametrize(
    ("lines", "modalities", "insurance"),
    [
        (["Many of our patients are transferring to Marsh Oak Infusion Center in Pooler, which offers Spravato and "
          "accepts several insurance plans."], [], []),
        (["We refer patients to Bayside Psychiatry, which offers Spravato."], [], []),
        (["We offer IV infusions and accept most insurance plans."], ["iv"], ["accepts_insurance"]),
    ],
)
def test_what_the_clinic_patients_move_to_offers_is_not_this_clinics(lines: list[str], modalities: list[str],
                                                                      insurance: list[str]) -> None:
    facts = facts_of(*lines)
    assert (facts["modalities"], facts["insurance"]) == (modalities, insurance)


@pytest.mark.parametrize(
    ("text", "modalities"),
    [
        ("Our nurse practitioner came to Palisades from a ketamine infusion clinic in Manhattan.", []),
        ("Dr. Ames joined us from a hospital IV ketamine service.", []),
        ("She came to us from Denver and now oversees every IV infusion here.", ["iv"]),
        ("Our nurses give every IV infusion.", ["iv"]),
    ],
)
def test_where_a_clinician_came_from_is_a_past_role(text: str, modalities: list[str]) -> None:
    assert facts_of(text)["modalities"] == modalities


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("Schedule your free 15-minute consultation by phone.", [0]),
        ("The 15-minute phone consultation with our nurse is free.", [0]),
        ("Your first consultation is complimentary.", [0]),
        ("The 30-minute consultation costs $150.", [150]),
        ("Free parking is available.", []),
    ],
)
def test_free_consultations_are_priced_at_zero(text: str, amounts: list[int]) -> None:
    assert sorted(p["usd"] for p in facts_of(text)["prices"]) == amounts


@pytest.mark.parametrize(
    ("text", "screening"),
    [
        ("A few plans paid for infusions when the plan reviewed records showing other treatments had failed.", False),
        ("Your insurer reviews your medical records before approval.", False),
        ("Dr. Lee reviews your medical records and medications before your first infusion.", True),
    ],
)
def test_an_insurer_reviewing_records_is_not_screening(text: str, screening: bool) -> None:
    assert facts_of(text)["screening"] is screening


@pytest.mark.parametrize(
    ("lines", "codes"),
    [
        (["Each of our three treatment rooms has a door, and only one patient uses a room at a time."], ["private_room"]),
        (["Only one guest is in each room."], ["private_room"]),
        (["In the room with you: CRNA or RN for the whole session"], ["observation"]),
        (["In the room with you: a registered nurse"], ["observation"]),
        (["In the room with you: your own playlist"], []),
        (["Marcus Greene, RN", "He sits with patients throughout every infusion."], ["observation"]),
        (["Dr. Ames stays with you for the whole infusion."], ["observation"]),
        (["Your partner is welcome; he stays with you throughout the visit."], []),
        (["Relax in our social lounge with eight zero-gravity recliners."], ["shared_room"]),
        (["Our social media team posts daily."], []),
    ],
)
def test_setting_phrasings_of_the_second_blind_set(lines: list[str], codes: list[str]) -> None:
    assert codes_of("setting", *lines) == codes


@pytest.mark.parametrize(
    ("text", "modalities"),
    [
        ("It is always used together with an oral antidepressant that you take at home every day.", []),
        ("Take your vitamins at home as usual.", []),
        ("Lozenges are prescribed for use at home between visits.", ["at_home", "oral"]),
        ("Patients who received IM treatment with us have heard from Dr. Reyes.", []),
        ("We give IM injections when an IV cannot be placed.", ["im", "iv"]),
        ("Oral and sublingual ketamine are less well studied for depression.", []),
        ("Esketamine nasal spray (Spravato) was approved by the FDA in 2019 on the basis of larger trials.", []),
        ("We are a certified Spravato treatment center, approved under the REMS program.", ["esketamine_nasal"]),
        ("Our IV protocol follows the dose used in most trials.", ["iv"]),
    ],
)
def test_routes_the_clinic_does_not_give_now(text: str, modalities: list[str]) -> None:
    assert facts_of(text)["modalities"] == modalities


@pytest.mark.parametrize(
    ("lines", "level"),
    [
        (["Ketamine-assisted psychotherapy in house",
          "Two licensed marriage and family therapists (LMFT) have joined the team. In our KAP program they lead "
          "preparation and integration sessions."], "in_house"),
        (["Our KAP is on-site, with preparation and integration sessions led by our therapists."], "in_house"),
        (["A new receptionist has joined the team.", "We keep a list of local therapists."], "mentioned"),
    ],
)
def test_therapists_who_joined_and_kap_in_house(lines: list[str], level: str) -> None:
    assert facts_of(*lines)["psychotherapy"] == level
