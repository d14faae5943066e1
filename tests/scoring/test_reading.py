"""Whether a phrase is a claim about this clinic: clauses, negation, answers, advice, quotes,
other clinics, third-party pages."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.model import PageText
from scoring.pages import is_third_party, page_kind
from scoring.reading import about_others, answer_polarity, clause, is_advice, is_epistemic, is_negated
from scoring.run import score_site
from scoring.text import mask, sentences
from tests.scoring.pages import facts_of


@pytest.mark.parametrize(
    ("sentence", "phrase", "negated"),
    [
        ("We don't take walk-ins, but we accept insurance.", "accept insurance", False),
        ("Compounded ketamine nasal sprays are not offered here.", "ketamine nasal spray", True),
        ("It is not the same as Spravato, which we do not offer.", "Spravato", True),
        ("At-home ketamine - not prescribed", "At-home ketamine", True),
        ("No referral and no lengthy paperwork!", "no lengthy paperwork", False),
        ("Non-opioid relief for chronic pain", "chronic pain", False),
        ("We offer not only IV infusions but also IM injections.", "IV", False),
        ("We do not provide psychotherapy ourselves, but we encourage you to see a therapist.", "therapist", False),
    ],
)
def test_negation_is_scoped_to_its_clause(sentence: str, phrase: str, negated: bool) -> None:
    start = sentence.index(phrase)
    assert is_negated(sentence, start, start + len(phrase)) is negated


def test_a_denied_promise_does_not_deny_the_service() -> None:
    text = "We cannot promise that for chronic pain, but our fibromyalgia patients hurt less."
    start = text.index("chronic pain")
    assert is_negated(text, start, start + 12)
    assert not is_negated(text, start, start + 12, promises=False)
    assert facts_of(text)["treats_pain"] is True and facts_of(text)["red_flags"] == []


def test_clause_breaks_at_punctuation_and_conjunctions() -> None:
    text = "Cedar Ridge is a mental-health clinic: we offer IV ketamine, but not for pain."
    assert clause(text, text.index("IV"), text.index("IV") + 2).strip() == "we offer IV ketamine"


@pytest.mark.parametrize(
    ("text", "epistemic"),
    [
        # doubt about whether something is true or works
        ("Our doctors might be board-certified anesthesiologists.", True),
        ("Ketamine may help some people with fibromyalgia.", True),
        ("Early research suggests it could possibly ease nerve pain.", True),
        ("Perhaps one day.", True),
        ("Our office is potentially eligible for AAAHC accreditation.", True),
        ("Some patients may find that talk therapy helps.", True),
        ("It is possible that a licensed therapist will join us.", True),
        ("Ketamine may or may not raise blood pressure.", True),
        ("Ketamine is thought to reset pain signalling.", True),
        ("We may well have given more than 2,000 infusions.", True),
        ("We are not sure yet whether we will join ASKP3.", True),
        ("Infusions may be covered by some insurance plans.", True),
        # permission or a condition of practice: an offer
        ("We may give an IM injection when an IV is not possible.", False),
        ("Your provider may recommend nasal esketamine.", False),
        ("An intramuscular injection may be used when an IV line cannot be placed.", False),
        ("Troches may be prescribed for use at home.", False),
        ("Financing through CareCredit may be available if you qualify.", False),
        ("We may be able to set up a monthly payment plan.", False),
        ("Spravato may be covered by your insurance.", False),
        ("It is possible to pay with an HSA card.", False),
        ("We check your medications for potentially dangerous interactions.", False),
        ("Ketamine infusions can reduce chronic pain.", False),
    ],
)
def test_epistemic_hedges_differ_from_permissive_may(text: str, epistemic: bool) -> None:
    assert is_epistemic(text) is epistemic


@pytest.mark.parametrize(
    ("answer", "polarity"),
    [("Yes. We do.", "yes"), ("No. We never do.", "no"), ("Not at this time.", "no"), ("Not yet.", "no"),
     ("Absolutely!", "yes"), ("Both. About half of our patients...", None), ("Please don't.", "no")],
)
def test_answers_say_yes_or_no(answer: str, polarity: str | None) -> None:
    assert answer_polarity(answer) == polarity


@pytest.mark.parametrize(
    ("lines", "fact", "expected"),
    [
        (("DO YOU TAKE INSURANCE?", "Not at this time."), "insurance", ["cash_only"]),
        (("Do you treat migraines?", "Yes. It is one of the conditions we see most."), "pain_conditions", ["migraine"]),
        (("Can I get ketamine for pain here?", "No. We are a psychiatric practice."), "treats_pain", False),
        (("Do you offer nasal ketamine?", "Not yet."), "modalities", []),
        (("Is ketamine addictive?", "It can be misused, so we screen for substance use."), "red_flags", []),
    ],
)
def test_a_yes_no_question_counts_as_its_answer_says(lines: tuple[str, ...], fact: str, expected: Any) -> None:
    assert facts_of(*lines)[fact] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Look for a physician who is board certified in anesthesiology or psychiatry.",
        "Ask whether the clinic belongs to ASKP3 and whether the facility is accredited.",
        "Walk away from any clinic that guarantees results or says ketamine is a cure.",
        "A good clinic should monitor your blood pressure the whole time.",
    ],
)
def test_advice_to_readers_claims_nothing(text: str) -> None:
    assert is_advice(text)
    facts = facts_of(text)
    assert facts["credentials"] == [] and facts["red_flags"] == [] and facts["screening"] is False


@pytest.mark.parametrize(
    ("text", "others"),
    [
        ("Some clinics promise a cure.", True),
        ("If a clinic promises you a cure, keep looking.", True),
        ("We are a pain clinic.", False),
        ("We are not a pain clinic.", False),
        ("It was one of the first ketamine clinics in Nebraska.", False),
        ("Our response rate is well over that of many other clinics.", False),
    ],
)
def test_other_clinics_and_this_one(text: str, others: bool) -> None:
    assert about_others(text) is others


def test_quoted_words_and_refuted_myths_are_masked_to_the_same_length() -> None:
    quoted = "One site promised “a cure in six sessions” to patients."
    assert len(mask(quoted)) == len(quoted) and "cure" not in mask(quoted)
    assert mask("Myth #1: Ketamine is addictive.").strip() == ""
    assert "ASKP3" in mask("a member of the American Society of Ketamine Physicians, Psychotherapists & Practitioners")


@pytest.mark.parametrize(
    "text",
    [
        "“Honestly, it cured my anxiety!” — Dana, a guest",
        "Some clinics advertise that their infusions are “100% safe” and “free of side effects.”",
        "Myth #4: “Ketamine is a cure-all.”",
        "We cannot guarantee results; no honest clinic can.",
        "Satisfaction is our goal, and we offer a price-lock guarantee on packages.",
        "Our Vancouver office closed permanently; our Salem office is open.",
    ],
)
def test_quoted_refuted_and_look_alike_claims_raise_no_red_flag(text: str) -> None:
    assert facts_of(text)["red_flags"] == []


def test_another_named_practice_is_not_this_clinic() -> None:
    facts = facts_of(
        "We offer ketamine-assisted psychotherapy with a medical partner, Mesa Integrative Medicine, whose "
        "physician handles prescribing.",
        "Mesa's physician completes a medical screening.",
    )
    assert "physician" not in facts["credentials"]


def test_news_articles_and_explainers_are_not_the_clinic_speaking() -> None:
    article = PageText("http://news/x", "\n".join([
        "The Valley Ledger", "By Renata Solis, Health Reporter · Updated April 14, 2025",
        "The clinic offers IV ketamine and accepts insurance, said Dr. Alan Petrov, a board-certified anesthesiologist.",
        "“We screen every patient,” he said.",
    ]))
    own = PageText("http://clinic/blog", "Posted by the Bliss Team\nWe offer IV ketamine infusions.")
    assert is_third_party(article) and not is_third_party(own)
    assert score_site([article]).facts["modalities"] == []


@pytest.mark.parametrize(
    ("url", "kind"),
    [("https://c.example/faq", "faq"), ("https://c.example/our-team", "team"), ("https://c.example/fees", "pricing"),
     ("https://c.example/careers", "careers"), ("https://c.example/", "home")],
)
def test_page_kinds(url: str, kind: str) -> None:
    assert page_kind(PageText(url, "Welcome")) == kind


def test_job_ads_list_pay_and_wanted_credentials_not_staff() -> None:
    page = PageText("https://c.example/careers", "We're hiring licensed therapists.\nPay: $50–$125 per therapy hour.")
    facts = score_site([page]).facts
    assert facts["credentials"] == [] and facts["prices"] == []


def test_items_under_a_not_offered_heading_are_denied() -> None:
    facts = facts_of("NOT OFFERED", "Spravato (esketamine) - we can refer you", "At-home ketamine - not prescribed",
                     "PAYMENT", "IV ketamine infusion ...... $400")
    assert facts["modalities"] == ["iv"]


def test_each_question_knows_its_answer() -> None:
    found = list(sentences([PageText("http://h/faq", "Do you take insurance?\nNo. We are self-pay.\nMore text.")]))
    assert found[0].answer is found[1] and found[1].text == "No."
    assert found[0].span_with_answer() == "Do you take insurance?\nNo. We are self-pay."
