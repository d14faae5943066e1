"""General phrasing rules found by the held-out pages (201-220): each rule on several natural
phrasings, the ones it must read and the look-alikes it must leave alone."""

from __future__ import annotations

import pytest

from scoring.reading import past_role_elsewhere
from tests.scoring.pages import codes_of, facts_of


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Stillwater is not contracted with any insurance plan.", ["cash_only"]),
        ("We are not contracted with Aetna or any other insurer.", ["cash_only"]),
        ("Insurance doesn't cover our program, and we don't submit claims on your behalf.", ["cash_only"]),
        ("Health plans won't pay for our infusions.", ["cash_only"]),
        ("We don't file claims for you.", ["cash_only"]),
        ("We are contracted with most major insurance plans.", ["accepts_insurance"]),
        ("Our billing team submits claims for you.", ["accepts_insurance"]),
        ("Insurance usually does not cover ketamine.", []),
        ("Use our superbill to file a claim yourself.", ["superbill"]),
    ],
)
def test_contracts_and_claims_say_whether_insurance_is_taken(text: str, codes: list[str]) -> None:
    assert facts_of(text)["insurance"] == codes


@pytest.mark.parametrize(
    ("lines", "codes"),
    [
        (["Spravato® (esketamine) nasal spray session", "—", "Billed to your insurance"], ["spravato_covered"]),
        (["Esketamine treatment session", "Billed to your insurance"], ["spravato_covered"]),
        (["IV ketamine infusion", "—", "Billed to your insurance"], ["accepts_insurance"]),
        (["Certified Spravato REMS treatment center", "In network with most major insurance plans"], ["accepts_insurance"]),
    ],
)
def test_a_table_cell_under_a_spravato_row_is_spravato_coverage(lines: list[str], codes: list[str]) -> None:
    assert facts_of(*lines)["insurance"] == codes


@pytest.mark.parametrize(
    ("lines", "amounts"),
    [
        (["The consultation fee is 150 dollars."], [150]),
        (["Mood series", "USD 2,100"], [2100]),
        (["A series of six costs 2,400 USD."], [2400]),
        (["New-patient consultation with our medical director", "—", "Complimentary"], [0]),
        (["Initial consult", "$550", "Free"], [0, 550]),
        (["Save 50 dollars when you prepay a series."], []),
        (["Get 100 dollars off your second infusion."], []),
        (["The founders spent 2 million dollars on the new building."], []),
    ],
)
def test_prices_with_the_currency_in_words_or_a_free_cell(lines: list[str], amounts: list[int]) -> None:
    assert sorted(price["usd"] for price in facts_of(*lines)["prices"]) == amounts


def test_a_worded_price_in_a_table_is_quoted_with_its_label() -> None:
    prices = facts_of("Mood series", "USD 2,100", "Six infusions over two weeks.")["prices"]
    assert prices == [{"what": "Mood series\nUSD 2,100", "usd": 2100}]


@pytest.mark.parametrize(
    ("text", "fact", "code", "present"),
    [
        ("Before opening our KAP program she helped run a hospital-based IV ketamine service in Charlotte.",
         "modalities", "iv", False),
        ("Previously, Dr. Lee directed the IV ketamine program at a university hospital.", "modalities", "iv", False),
        ("Before joining us, he ran an intramuscular ketamine clinic in Ohio.", "modalities", "im", False),
        ("Earlier in her career she led a hospital pain service that treated CRPS.", "pain_conditions", "crps", False),
        ("Dr. Kim, who previously practiced anesthesia, now oversees every IV infusion here.", "modalities", "iv", True),
        ("We treat CRPS (formerly called RSD) and fibromyalgia.", "pain_conditions", "crps", True),
        ("Before your first infusion, we review your history; we offer IV ketamine.", "modalities", "iv", True),
    ],
)
def test_a_clinicians_past_job_elsewhere_is_not_this_clinics_offer(text: str, fact: str, code: str, present: bool) -> None:
    assert (code in facts_of(text)[fact]) is present


def test_past_role_reading_returns_to_the_present() -> None:
    text = "Before joining us she ran a hospital IV service, and now she runs our IV infusions."
    assert past_role_elsewhere(text, text.index("IV"))
    assert not past_role_elsewhere(text, text.rindex("IV"))


@pytest.mark.parametrize(
    ("lines", "modalities"),
    [
        (["ELEVATE IV Lounge + Ketamine", "Our ketamine treatments are intramuscular injections only."], ["im"]),
        (["Visit the Hydrate IV Bar downtown for our IM ketamine sessions."], ["im"]),
        (["Our IV ketamine lounge has private suites."], ["iv"]),
        (["Aurora Infusion Lounge offers IV ketamine infusions."], ["iv"]),
    ],
)
def test_iv_in_a_drip_lounge_name_is_not_an_iv_route(lines: list[str], modalities: list[str]) -> None:
    assert facts_of(*lines)["modalities"] == modalities


@pytest.mark.parametrize(
    ("lines", "modalities"),
    [
        (["Not offered: compounded ketamine nasal spray.", "We offer IV ketamine infusions."], ["iv"]),
        (["Not available: at-home ketamine. We offer IV ketamine infusions."], ["iv"]),
        (["Not offered: IM injections. We offer IV ketamine infusions daily."], ["iv"]),
        (["Services we don't offer: Spravato", "We offer IV ketamine infusions."], ["iv"]),
    ],
)
def test_a_not_offered_label_denies_its_sentence(lines: list[str], modalities: list[str]) -> None:
    assert facts_of(*lines)["modalities"] == modalities


@pytest.mark.parametrize(
    ("text", "modalities"),
    [
        ("If you are interested in IV ketamine, your psychiatrist can discuss whether a referral makes sense.", []),
        ("We can arrange a referral to an IV ketamine provider.", []),
        ("A referral to another clinic for IV ketamine is possible.", []),
        ("No referral is needed for IV ketamine at our clinic.", ["iv"]),
        ("Most patients come with a referral from their psychiatrist for IV ketamine.", ["iv"]),
    ],
)
def test_a_referral_out_is_not_an_offer(text: str, modalities: list[str]) -> None:
    assert facts_of(text)["modalities"] == modalities


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("We also offer IV vitamin drips, NAD+ and hydration therapy for recovery and energy.", "none"),
        ("Oxygen therapy and massage therapy are available in our spa.", "none"),
        ("Ask about our NAD+ therapy packages.", "none"),
        ("We encourage talk therapy alongside your infusions.", "mentioned"),
        ("Many of our patients continue therapy with their own counselor.", "mentioned"),
    ],
)
def test_wellness_therapy_is_not_psychotherapy(text: str, level: str) -> None:
    assert facts_of(text)["psychotherapy"] == level


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("One session can end your depression for good.", ["cure_claim"]),
        ("Our protocol will eliminate your pain forever.", ["cure_claim"]),
        ("Banish your anxiety once and for all.", ["cure_claim"]),
        ("No treatment can end depression for good.", []),
        ("We can't promise to end your pain forever.", []),
        ("The big drug companies have spent millions keeping ketamine quiet.", ["other"]),
        ("Big Pharma is hiding this cheap treatment from you.", ["other"]),
        ("Pharmaceutical companies bury ketamine because a cheap generic threatens their profits.", ["other"]),
        ("Janssen, a pharmaceutical company, makes Spravato.", []),
        ("Drug companies are developing new ketamine-like medicines.", []),
        ("Evergreen Ketamine Clinic has permanently shut its doors.", ["closed"]),
        ("We are no longer booking consultations or treatments of any kind.", ["closed"]),
        ("Our clinic closed for good in May.", ["closed"]),
        ("We close our doors at 5 pm on Fridays.", []),
        ("We are no longer booking Spravato appointments on Mondays.", []),
        ("Our Norfolk office has shut its doors; our other offices remain open.", []),
    ],
)
def test_red_flag_phrasings(text: str, kinds: list[str]) -> None:
    assert sorted({flag["kind"] for flag in facts_of(text)["red_flags"]}) == kinds


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Every treatment room at Stillwater is private.", ["private_room"]),
        ("All of our infusion rooms are fully private.", ["private_room"]),
        ("Dosing sessions take place in a private, softly lit room.", ["private_room"]),
        ("Ask for the Aspen Room, our single-occupancy suite.", ["private_room"]),
        ("We schedule one patient per room.", ["private_room"]),
        ("Our rooms are not private.", []),
        ("You recline alongside other guests in plush zero-gravity chairs.", ["shared_room"]),
        ("Our treatment lounge is one big sunlit room with four heated recliners.", ["shared_room"]),
        ("The recliners are separated by linen curtains.", ["shared_room"]),
        ("Guests are dosed at the same time in small groups.", ["shared_room"]),
        ("We seat patients side by side.", ["shared_room"]),
        ("We never seat patients side by side.", ["private_room"]),
        ("The clinic treats mood and pain side by side.", []),
        ("Our waiting room is one big room with six chairs.", []),
        ("During each infusion a registered nurse remains at your bedside.", ["observation"]),
        ("A registered nurse remains with each patient for the entire infusion.", ["observation"]),
        ("Our CRNA stays in your room for the whole infusion.", ["observation"]),
        ("Our nurses place your line and check on you throughout the session.", ["observation"]),
        ("A nurse looks in on you every 10 minutes.", ["observation"]),
        ("Your sitter checks on you throughout the session.", []),
        ("A friend may sit beside you.", []),
        ("Please check in on the portal until your first visit.", []),
    ],
)
def test_setting_phrasings(text: str, codes: list[str]) -> None:
    assert codes_of("setting", text) == codes


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("Tidewater opened its first office in Norfolk in 2017.", [("founded", 2017)]),
        ("Harbor Clinic opened its doors on Main Street in 2012.", [("founded", 2012)]),
        ("We opened our second office in Virginia Beach in 2021.", []),
        ("We launched our KAP program in 2022.", []),
        ("Dr. Keel has 18 years of ER experience on the Strip.", [("years", 18)]),
        ("Our nurses have 12 years of ICU nursing experience.", [("years", 12)]),
        ("Ketamine has 50 years of anesthetic experience behind it.", []),
    ],
)
def test_experience_phrasings(text: str, entries: list[tuple[str, int]]) -> None:
    assert sorted((e["kind"], e["value"]) for e in facts_of(text)["experience"]) == entries


@pytest.mark.parametrize(
    ("text", "treats_pain"),
    [
        ("Spravato is not approved for pain, and we do not use it to treat pain conditions.", False),
        ("We don't use ketamine for chronic pain.", False),
        ("We do not use ketamine for acute pain; we treat CRPS and fibromyalgia.", True),
        ("We do not use opioids; our infusions treat CRPS.", True),
    ],
)
def test_not_using_ketamine_for_pain_is_not_treating_pain(text: str, treats_pain: bool) -> None:
    assert facts_of(text)["treats_pain"] is treats_pain


@pytest.mark.parametrize(
    ("text", "accredited"),
    [
        ("Our first AAAHC survey is scheduled for 2026, and we'll post the result here.", False),
        ("We are pursuing accreditation by The Joint Commission.", False),
        ("We plan to apply for AAAHC accreditation next year.", False),
        ("Accreditation by an organization such as AAAHC means an outside team has inspected the clinic.", False),
        ("Blue Heron is accredited by AAAHC, which surveys our clinic every three years.", True),
        ("We have been accredited by The Joint Commission since 2019.", True),
    ],
)
def test_accreditation_to_come_or_defined_is_not_accreditation(text: str, accredited: bool) -> None:
    assert ("accreditation" in facts_of(text)["credentials"]) is accredited


def test_a_clinic_that_grew_from_a_pain_practice_still_speaks_of_itself() -> None:
    facts = facts_of("In 2015 Dr. Marquez was joined by Dr. Tomás Reyes, a board-certified psychiatrist, "
                     "and the clinic grew from a pain practice into a place that treats mood and pain.")
    assert {"board_certified_psychiatrist", "psychiatrist"} <= set(facts["credentials"])
    assert facts_of("Some clinics hire a board-certified psychiatrist; we do not.")["credentials"] == []


def test_the_clinic_patients_are_welcomed_at_is_another_clinic() -> None:
    successor = facts_of(
        "We have arranged for our patients to be welcomed at Lakeview Infusion Partners.",
        "Lakeview offers IV ketamine, Spravato and ketamine for chronic pain, and accepts most major insurance plans.")
    assert successor["modalities"] == [] and successor["insurance"] == [] and successor["treats_pain"] is None
    referring = facts_of("We refer patients to Summit Pain Center for nerve blocks.", "We offer IV ketamine infusions.")
    assert referring["modalities"] == ["iv"]


@pytest.mark.parametrize(
    ("text", "fact", "codes"),
    [
        ("Early studies suggest ketamine might someday help some people with rheumatoid arthritis, "
         "but we don't offer it for that purpose.", "pain_conditions", []),
        ("Ketamine is sometimes used for migraine, but we do not use it for that.", "pain_conditions", []),
        ("Compounded nasal ketamine helps some people, but we don't offer it.", "modalities", []),
        ("We treat CRPS with infusions, but we don't offer them to children.", "pain_conditions", ["crps"]),
        ("We offer IV ketamine; we don't offer it at home.", "modalities", ["iv"]),
        ("We treat migraine, but we do not use opioids for it.", "pain_conditions", ["migraine"]),
    ],
)
def test_a_later_clause_refusing_it_denies_what_was_named(text: str, fact: str, codes: list[str]) -> None:
    assert facts_of(text)[fact] == codes


@pytest.mark.parametrize(
    ("text", "credentials", "experience"),
    [
        ("Blue Heron was founded in 2012 by Dr. Alicia Marquez, an anesthesiologist who had watched ketamine help "
         "surgical patients and wondered what it could do outside the operating room.",
         ["anesthesiologist"], [("founded", 2012)]),
        ("Dr. Roe, a board-certified psychiatrist, opened the clinic in 2015, curious whether ketamine might help.",
         ["board_certified_psychiatrist", "psychiatrist"], [("founded", 2015)]),
        ("Our founder might be a board-certified psychiatrist.", [], []),
    ],
)
def test_an_indirect_question_after_a_claim_does_not_hedge_it(
        text: str, credentials: list[str], experience: list[tuple[str, int]]) -> None:
    facts = facts_of(text)
    assert facts["credentials"] == credentials
    assert sorted((e["kind"], e["value"]) for e in facts["experience"]) == experience
